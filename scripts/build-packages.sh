#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the Debian packages delovod, delovod-server and delovodctl from a clean
# copy of the working tree (tracked and new files, not build directories or
# ignored files, so uncommitted work is included), then checks them with
# lintian, desktop-file-validate and appstreamcli.
#   scripts/build-packages.sh [OPTIONS]
#     -o, --output DIR       where the .deb files go (default: build-packages/)
#     --version VERSION      build as this Debian version (a changelog entry is
#                            added to the copy; the tree is not touched)
#     --exclude PATTERN      leave matching paths out of the copy (repeatable;
#                            tests/packaging uses it to build an older schema)
#     --no-check             skip lintian and the metadata validators
#     --quick                compile with -O1 and without debug information:
#                            the same packages and maintainer scripts, built
#                            in about half the time (the install test uses it)
# The build runs in a fixed directory (DMS_PACKAGE_WORKDIR, default
# ~/.cache/delovod-packages) under a lock, so that ccache finds its earlier
# results: debug information and -ffile-prefix-map carry the source path.
# Tests and benchmarks are not built (see packaging/debian/rules). When DIR
# already holds the packages of exactly this input (and checks), nothing is done.
set -euo pipefail
cd "$(dirname "$0")/.."
SOURCE_ROOT=$PWD

output=build-packages
version=
check=1
quick=0
excludes=()
while [ $# -gt 0 ]; do
    case "$1" in
    -o | --output) output=$2; shift 2 ;;
    --version) version=$2; shift 2 ;;
    --exclude) excludes+=("$2"); shift 2 ;;
    --no-check) check=0; shift ;;
    --quick) quick=1; shift ;;
    -h | --help) sed -n '3,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "usage: $0 [-o DIR] [--version VERSION] [--exclude PATTERN] [--no-check] [--quick]" >&2; exit 1 ;;
    esac
done
mkdir -p "$output"
output=$(cd "$output" && pwd)

workroot=${DMS_PACKAGE_WORKDIR:-${XDG_CACHE_HOME:-$HOME/.cache}/delovod-packages}
mkdir -p "$workroot"
exec 9>"$workroot/lock"
if ! flock -n 9; then
    echo "== waiting for another package build ($workroot/lock)"
    flock 9
fi
src=$workroot/src/delovod
rm -rf "$workroot/src"
mkdir -p "$src"

echo "== clean copy of the tree in $src"
exclude_args=()
for pattern in "${excludes[@]}"; do
    exclude_args+=(--exclude="$pattern")
done
if git -C "$SOURCE_ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    # Tracked and new files, as the working tree has them; deleted ones are skipped.
    git -C "$SOURCE_ROOT" ls-files -z --cached --others --exclude-standard |
        while IFS= read -r -d '' file; do
            if [ -f "$file" ] || [ -L "$file" ]; then printf '%s\0' "$file"; fi
        done |
        tar --null --no-recursion "${exclude_args[@]}" -T - -cf - | tar -xf - -C "$src"
else
    tar --exclude='./build*' --exclude=./.git --exclude=./debian "${exclude_args[@]}" -cf - . |
        tar -xf - -C "$src"
fi
rm -rf "$src/debian"
cp -a packaging/debian "$src/debian"
if [ -n "$version" ]; then
    # A changelog entry for the version, dated as the newest one, so that the
    # same tree always gives the same input (see the stamp below).
    changelog=$src/debian/changelog
    {
        echo "delovod ($version) unstable; urgency=medium"
        echo
        echo "  * Build of version $version."
        echo
        grep -m 1 '^ -- ' "$changelog"
        echo
        cat "$changelog"
    } >"$changelog.new"
    mv "$changelog.new" "$changelog"
fi

# Nothing to do when the output holds packages of exactly this input.
stamp="$(cd "$src" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1) check=$check quick=$quick"
if [ -f "$output/.input-stamp" ] && [ "$(cat "$output/.input-stamp")" = "$stamp" ] &&
    ls "$output"/delovod_*.deb >/dev/null 2>&1; then
    echo "== packages in $output are up to date"
    exit 0
fi
rm -f "$output/.input-stamp"

echo "== dpkg-buildpackage"
if command -v ccache >/dev/null; then
    # debhelper gives the build a private HOME, so name the cache explicitly.
    export CCACHE_DIR=${CCACHE_DIR:-$(ccache -k cache_dir)}
    export CCACHE_BASEDIR=$src
fi
export DEB_BUILD_OPTIONS=${DEB_BUILD_OPTIONS:-nocheck parallel=$(nproc)}
if [ "$quick" = 1 ]; then
    # dpkg-buildflags reads these: code generation and debug information are
    # most of the compile time; the hardening flags stay.
    export DEB_CFLAGS_STRIP="-O2 -g" DEB_CXXFLAGS_STRIP="-O2 -g" DEB_CFLAGS_APPEND=-O1 DEB_CXXFLAGS_APPEND=-O1
fi
start=$(date +%s)
(cd "$src" && dpkg-buildpackage -us -uc -b) >"$workroot/build.log" 2>&1 || {
    tail -n 60 "$workroot/build.log" >&2
    echo "build-packages: dpkg-buildpackage failed; the whole log is $workroot/build.log" >&2
    exit 1
}
echo "   built in $(($(date +%s) - start)) s (log: $workroot/build.log)"
changes=$(ls "$workroot"/src/delovod_*.changes)
rm -f "$output"/*.deb "$output"/*.ddeb "$output"/*.changes "$output"/*.buildinfo
sed -n '/^Files:/,/^[A-Z]/s/^ [0-9a-f]\{32\} [0-9]* [^ ]* [^ ]* //p' "$changes" |
    while read -r file; do cp "$workroot/src/$file" "$output/"; done
cp "$changes" "$workroot"/src/delovod_*.buildinfo "$output/"
ls -1 "$output"/*.deb

if [ "$check" = 1 ]; then
    echo "== lintian"
    lintian --fail-on error --display-info --tag-display-limit 0 "$output/$(basename "$changes")"
    echo "== desktop-file-validate and appstreamcli validate (on the package's files)"
    unpacked=$workroot/unpacked
    rm -rf "$unpacked"
    dpkg-deb -x "$(ls "$output"/delovod_*.deb)" "$unpacked"
    desktop-file-validate "$unpacked"/usr/share/applications/*.desktop
    appstreamcli validate --no-net "$unpacked"/usr/share/metainfo/*.metainfo.xml
fi
echo "$stamp" >"$output/.input-stamp"
echo "== packages in $output"
