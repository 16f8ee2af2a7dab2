#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Takes the README's screenshot: the desktop client with demo data, in a real
# X server (Xvfb), saved to docs/screenshot.png.
#   scripts/screenshot.sh [output.png]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-docs/screenshot.png}
BUILD_DIR=${DMS_BUILD_DIR:-build}
[ -x "$BUILD_DIR/app/desktop/delovod" ] || scripts/build.sh -DBUILD_TESTING=OFF -DDMS_BUILD_BENCHMARKS=OFF
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
HOME="$WORK" xvfb-run -a -s "-screen 0 1280x800x24" \
    "$BUILD_DIR/app/desktop/delovod" --database "sqlite:$WORK/delovod.db" --demo \
    --quit-after-ms 8000 --screenshot "$PWD/$OUT"
echo "saved $OUT"
