#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# One command for a first look: installs what is needed, builds, and starts the
# desktop client on an embedded SQLite database filled with demo data.
#   scripts/demo.sh [delovod options…]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh -DBUILD_TESTING=OFF -DDMS_BUILD_BENCHMARKS=OFF
DATA_DIR=${DELOVOD_DEMO_DIR:-$HOME/.local/share/delovod-demo}
mkdir -p "$DATA_DIR"
exec "${DMS_BUILD_DIR:-build}/app/desktop/delovod" --database "sqlite:$DATA_DIR/delovod.db" --demo "$@"
