#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Enforces the dependency direction: libraries never include widgets or app code;
# only the adapters (and their own tests) include sane.h and pkcs11.h, and only
# scanning/ocr includes tesseract's headers.
set -euo pipefail
cd "$(dirname "$0")/.."
fail=0
libs=(libdms scanning signing exchange)
if grep -rnE '#include\s*[<"](QtWidgets|QWidget|QDialog|QMainWindow|QApplication)|#include\s*"app/' "${libs[@]}" 2>/dev/null; then
    echo "layering: a library includes widgets or app code" >&2
    fail=1
fi
if grep -rnE '#include\s*[<"](QtGui|QGuiApplication|QImage|QPixmap)' libdms 2>/dev/null; then
    echo "layering: libdms must stay Qt Core + Qt Sql" >&2
    fail=1
fi
if grep -rln '#include\s*<sane/sane.h>' --include='*.h' --include='*.cpp' . 2>/dev/null | grep -vE '^./(scanning/sane|tests/scanning)/'; then
    echo "layering: sane.h outside scanning/sane" >&2
    fail=1
fi
if grep -rlnE '#include\s*<(tesseract|leptonica)/' --include='*.h' --include='*.cpp' . 2>/dev/null | grep -vE '^./scanning/ocr/'; then
    echo "layering: tesseract headers outside scanning/ocr" >&2
    fail=1
fi
if grep -rlnE '#include\s*[<"](pkcs11|p11-kit/pkcs11)\.h' --include='*.h' --include='*.cpp' . 2>/dev/null | grep -vE '^./(signing/pkcs11|tests/signing)/'; then
    echo "layering: pkcs11.h outside signing/pkcs11" >&2
    fail=1
fi
exit $fail
