#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Refreshes resources/translations/*.ts from the sources (keeps existing
# translations; obsolete ones are dropped).
set -euo pipefail
cd "$(dirname "$0")/.."
LUPDATE=$(command -v lupdate6 || true)
[ -n "$LUPDATE" ] || LUPDATE=/usr/lib/qt6/bin/lupdate
dirs=(libdms app scanning signing exchange)
for ts in resources/translations/dms_bg.ts resources/translations/dms_en.ts; do
    "$LUPDATE" -locations none -no-obsolete "${dirs[@]}" -ts "$ts"
done
# Fill the Bulgarian catalogue from the dictionary kept beside this script;
# it lists any message that still needs a translation.
python3 scripts/translations/fill_ts.py
