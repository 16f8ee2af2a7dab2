#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# One command for the whole test suite: installs what is needed, checks format
# and layering, builds with warnings as errors, and runs every test on SQLite and
# on a throwaway PostgreSQL cluster. Prints ctest's summary; exits non-zero on
# any failure.
#   scripts/run-tests.sh              the CI run
#   scripts/run-tests.sh --sanitize   the same under AddressSanitizer + UBSan (build-asan/)
set -euo pipefail
cd "$(dirname "$0")/.."

SANITIZE=OFF
BUILD_DIR=${DMS_BUILD_DIR:-build-ci}
for arg in "$@"; do
    case "$arg" in
    --sanitize) SANITIZE=ON; BUILD_DIR=${DMS_BUILD_DIR:-build-asan} ;;
    *) echo "usage: $0 [--sanitize]" >&2; exit 1 ;;
    esac
done

scripts/install-deps.sh

echo "== format and layering checks"
scripts/check-format.sh
scripts/check-layering.sh

echo "== build ($BUILD_DIR)"
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
# Paths relative to the clone, so another clone of the tree hits the same cache.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
DMS_BUILD_DIR=$BUILD_DIR DMS_BUILD_TYPE=${DMS_BUILD_TYPE:-RelWithDebInfo} \
    scripts/build.sh -DDMS_WERROR=ON -DDMS_SANITIZE=$SANITIZE -DBUILD_TESTING=ON

echo "== tests"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# The packaging test (label "packaging") builds and installs the Debian packages;
# it runs alone at the end and skips itself when not root.
tests/scripts/with-postgres.sh \
    ctest --test-dir "$BUILD_DIR" --output-on-failure --timeout 900 -j "$(nproc)" -LE bench
