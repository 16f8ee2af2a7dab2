#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the Debian 12 packages needed to build, run and test Delovod.
#   scripts/install-deps.sh            everything (build, desktop, tests)
# Runs apt-get as root, through sudo when started as another user. Quiet when
# everything is already installed.
set -euo pipefail

packages=(
    # toolchain
    build-essential cmake ninja-build ccache pkg-config clang-format git
    # Qt 6 and its SQL drivers
    qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    libqt6sql6-sqlite libqt6sql6-psql libgl-dev libxkbcommon-dev
    # storage
    libsqlite3-dev sqlite3 postgresql
    # benchmarks and tools used by tests
    libbenchmark-dev xvfb xauth tzdata qt6-translations-l10n
    # independent oracles: barcodes, JSON Schema, DCAT (RDF), web pages
    zbar-tools python3-jsonschema python3-rdflib chromium
    # scanning: SANE (the "test" backend is the scanner of the tests)
    libsane-dev sane-utils libtiff-dev libjpeg-dev liblcms2-dev qpdf poppler-utils
    # OCR (Bulgarian + English) and separator-sheet barcodes
    libtesseract-dev libleptonica-dev tesseract-ocr-bul tesseract-ocr-eng libzbar-dev
    # PDF parsing for PAdES, XML for XMLDSig/XAdES and СЕОС, and their test oracles
    libqpdf-dev libnss3-tools libxml2-dev libxml2-utils xmlsec1
    # the font of visible signature stamps (Cyrillic)
    fonts-dejavu-core
    # desktop: PDF preview and barcode stamps
    libpoppler-qt6-dev libzint-dev
    # packaging: Debian packages and their checks
    debhelper devscripts dpkg-dev fakeroot lintian appstream desktop-file-utils
    # signing: PKCS#11 through p11-kit, SoftHSM2 as the token of the tests
    libssl-dev libp11-kit-dev p11-kit p11-kit-modules softhsm2 opensc openssl
    # server: Boost.Beast/Asio
    libboost1.74-dev
)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

SUDO=()
if [ "$(id -u)" != 0 ]; then
    SUDO=(sudo)
fi
echo "Installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# A PostgreSQL cluster is not needed: tests start their own throwaway one.
