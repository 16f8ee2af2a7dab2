#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Configures and builds Delovod into build/ (or $DMS_BUILD_DIR).
#   scripts/build.sh [extra cmake options…]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${DMS_BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=${DMS_BUILD_TYPE:-RelWithDebInfo} "$@" >/dev/null
cmake --build "$BUILD_DIR" --parallel "$(nproc)"
