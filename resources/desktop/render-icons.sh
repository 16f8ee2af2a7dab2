#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Renders the PNG sizes of the hicolor icon from the SVG (needs rsvg-convert,
# package librsvg2-bin). The PNGs are checked in, so that building the project
# or its Debian packages needs no SVG renderer; run this after editing the SVG.
set -eu
cd "$(dirname "$0")"
for size in 16 24 32 48 64 128 256; do
    rsvg-convert -w "$size" -h "$size" bg.delovod.Delovod.svg -o "icons/bg.delovod.Delovod-$size.png"
done
