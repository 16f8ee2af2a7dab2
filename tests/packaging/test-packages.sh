#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Install test of the Debian packages, run by ctest (label "packaging"):
#   1. installs an older build (version N-1: this tree without its newest
#      migration, as a Debian version that sorts before N), creates a database
#      and registrations with delovodctl;
#   2. installs build N over it: postinst migrates the schema, the
#      registrations are still there and searchable, the journal verifies;
#   3. delovodctl --version, delovod-server --check-config on the default
#      configuration, and the server started with the unit's ExecStart as the
#      user "delovod" answers GET /api/v1/health over mutual TLS;
#   4. "apt-get remove" keeps /var/lib/delovod, "apt-get purge" deletes it.
# It changes the system (packages, the user "delovod"), so it runs only as root
# on a machine without a Delovod installation, and exits 77 (skipped) otherwise.
#   DMS_PACKAGES_DIR      prebuilt packages of version N (else they are built)
#   DMS_PACKAGES_OLD_DIR  prebuilt packages of version N-1 (else they are built)
#   DMS_PACKAGING_TEST_DIR  scratch directory (default: a new temporary one)
set -euo pipefail
SKIP=77
SOURCE_DIR=$(cd "$(dirname "$0")/../.." && pwd)
PACKAGES=(delovod delovod-server delovodctl)
STATE=/var/lib/delovod
CONFIG=/etc/delovod/delovod-server.conf
DB_URL=sqlite:$STATE/delovod.db
export DELOVOD_LANG=en LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive

skip() { echo "SKIP: $*"; exit $SKIP; }
# The packages dpkg still knows (installed or with configuration files left):
# apt-get cannot name a local package that is gone completely.
known_packages() {
    for package in "${PACKAGES[@]}"; do
        if dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null | grep -qv '^not-installed$'; then
            echo "$package"
        fi
    done
}
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== $* ($(($(date +%s) - START)) s)"; }
START=$(date +%s)

[ "$(id -u)" = 0 ] || skip "installing packages needs root"
for tool in apt-get dpkg dpkg-buildpackage openssl runuser setpriv; do
    command -v "$tool" >/dev/null || skip "$tool is not available"
done
for package in "${PACKAGES[@]}"; do
    if dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'ok \(installed\|config-files\|half\)'; then
        skip "$package is installed on this machine; the test would replace it and purge its data"
    fi
done
if [ -e "$STATE" ] || [ -e /etc/delovod ]; then
    skip "$STATE or /etc/delovod exists; the test would delete it"
fi

work=${DMS_PACKAGING_TEST_DIR:-$(mktemp -d /tmp/delovod-packaging.XXXXXX)}
mkdir -p "$work"
chmod 0755 "$work"
server_pid=
cleanup() {
    status=$?
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    # shellcheck disable=SC2046 # one argument per package
    apt-get purge -y -qq $(known_packages) >/dev/null 2>&1 || true
    rm -rf /etc/delovod "$STATE"
    [ -n "${DMS_PACKAGING_TEST_DIR:-}" ] || rm -rf "$work"
    exit $status
}
trap cleanup EXIT

# The packages of one build, without the -dbgsym ones.
debs() {
    for deb in "$1"/*.deb; do
        case "$deb" in *-dbgsym_*) ;; *) echo "$deb" ;; esac
    done
}
install_debs() {
    # shellcheck disable=SC2046 # one argument per package file (absolute paths)
    apt-get install -y -qq --no-install-recommends $(debs "$1") >"$work/apt.log" 2>&1 ||
        { cat "$work/apt.log" >&2; fail "apt-get install $1"; }
}
as_delovod() { (cd "$STATE" && runuser -u delovod -- env HOME="$STATE" "$@"); }
ctl() { as_delovod delovodctl --database "$DB_URL" "$@"; }
schema_version() {
    as_delovod delovod-server --config "$CONFIG" --check-config | sed -n 's/.*schema version \([0-9]*\).*/\1/p'
}

new=${DMS_PACKAGES_DIR:-}
if [ -z "$new" ]; then
    step "building version N (scripts/build-packages.sh, with lintian and validators)"
    new=$work/new
    "$SOURCE_DIR/scripts/build-packages.sh" -o "$new" --quick
fi
new=$(realpath "$new")
version=$(dpkg-deb -f "$(ls "$new"/delovodctl_*.deb)" Version)
old=${DMS_PACKAGES_OLD_DIR:-}
# The newest migration of this tree; version N-1 is built without it, so its
# schema is the one of the migration before.
migrations=$(find "$SOURCE_DIR/libdms/migrations" -name '[0-9][0-9][0-9][0-9]_*.sql' -printf '%f\n' | cut -c1-4 | sort -u)
latest_migration=$(echo "$migrations" | tail -n 1)
previous_migration=$(echo "$migrations" | tail -n 2 | head -n 1)
if [ -z "$old" ]; then
    step "building version N-1 ($version~upgradetest1, without migration $latest_migration)"
    old=$work/old
    "$SOURCE_DIR/scripts/build-packages.sh" -o "$old" --no-check --quick --version "$version~upgradetest1" \
        --exclude "libdms/migrations/${latest_migration}_*"
fi
old=$(realpath "$old")
old_version=$(dpkg-deb -f "$(ls "$old"/delovodctl_*.deb)" Version)
dpkg --compare-versions "$old_version" lt "$version" || fail "the old build $old_version is not older than $version"

step "installing version N-1 ($old_version)"
install_debs "$old"
getent passwd delovod >/dev/null || fail "postinst did not create the user delovod"
[ "$(id -u delovod)" -lt 1000 ] || fail "delovod is not a system user"
[ "$(stat -c %U:%a "$STATE")" = delovod:750 ] || fail "$STATE is not delovod's with mode 0750"
[ -f "$STATE/delovod.db" ] || fail "postinst did not create the database"
old_schema=$(schema_version)
# Packages built here from this tree have known schemas; prebuilt ones are only compared.
if [ -z "${DMS_PACKAGES_OLD_DIR:-}" ]; then
    [ "$old_schema" = "$((10#$previous_migration))" ] || fail "version N-1 has schema $old_schema"
fi

step "registrations with delovodctl on version N-1"
ctl --user admin init --admin-name "Иван Иванов" --registry СОА --registry-name "Столична община" >/dev/null
ctl --user admin user add clerk1 --name "Мария Петрова" --role clerk >/dev/null
indexes=()
for subject in "Заявление за удостоверение за наследници" "Жалба за уличното осветление" \
    "Искане за достъп до обществена информация"; do
    indexes+=("$(ctl --user clerk1 register --register ВХ01 --kind Заявление --subject "$subject")")
done
echo "   registered: ${indexes[*]}"

step "upgrading to version N ($version)"
install_debs "$new"
new_schema=$(schema_version)
[ "$new_schema" -gt "$old_schema" ] || fail "the upgrade left schema $new_schema (before: $old_schema)"
if [ -z "${DMS_PACKAGES_DIR:-}" ]; then
    [ "$new_schema" = "$((10#$latest_migration))" ] || fail "the upgrade left schema $new_schema, not $latest_migration"
fi
echo "   schema $old_schema -> $new_schema"
[ "$(stat -c %U "$STATE/delovod.db")" = delovod ] || fail "the database no longer belongs to delovod"
found=$(ctl --user clerk1 search "наслед*")
echo "$found" | grep -qF "${indexes[0]}" || fail "search after the upgrade does not find ${indexes[0]}: $found"
listed=$(ctl --user clerk1 search --register ВХ01)
for index in "${indexes[@]}"; do
    echo "$listed" | grep -qF "$index" || fail "registration $index is gone after the upgrade"
done
ctl --user admin journal verify >/dev/null || fail "the audit journal does not verify after the upgrade"

step "the installed programs and files"
delovodctl --version | tee "$work/version.txt"
grep -q "^delovodctl .*${version%%[-~+]*}\$" "$work/version.txt" || fail "delovodctl --version"
delovod-server --version
QT_QPA_PLATFORM=offscreen delovod --version
for file in /usr/share/applications/bg.delovod.Delovod.desktop /usr/share/metainfo/bg.delovod.Delovod.metainfo.xml \
    /usr/share/icons/hicolor/scalable/apps/bg.delovod.Delovod.svg /usr/share/icons/hicolor/48x48/apps/bg.delovod.Delovod.png \
    /lib/systemd/system/delovod-server.service /usr/share/man/man1/delovodctl.1.gz \
    /usr/share/man/man8/delovod-server.8.gz /usr/share/man/man1/delovod.1.gz "$CONFIG"; do
    [ -f "$file" ] || fail "$file is not installed"
done
dpkg-query -W -f='${Conffiles}\n' delovod-server | grep -q " $CONFIG " || fail "$CONFIG is not a conffile"
as_delovod delovod-server --config "$CONFIG" --check-config | tee "$work/check.txt"
grep -q "The configuration is valid" "$work/check.txt" || fail "--check-config on the default configuration"

step "the server under the unit's ExecStart as the user delovod"
pki=$work/pki
mkdir -p "$pki"
(
    cd "$pki"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.crt \
        -days 2 -subj "/CN=Delovod packaging test CA"
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >server.ext
    printf 'extendedKeyUsage=clientAuth\n' >client.ext
    for leaf in server:/CN=localhost client:/O=Test\ Office/CN=desk-1; do
        name=${leaf%%:*}
        openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$name.key" -out "$name.csr" \
            -subj "${leaf#*:}"
        openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -out "$name.crt" \
            -days 2 -extfile "$name.ext"
    done
) >"$work/pki.log" 2>&1 || { cat "$work/pki.log" >&2; fail "making the test PKI"; }
# As an administrator would: the files next to the configuration, the key for the service only.
install -m 0644 "$pki/server.crt" /etc/delovod/server.crt
install -m 0640 -g delovod "$pki/server.key" /etc/delovod/server.key
install -m 0644 "$pki/ca.crt" /etc/delovod/desks-ca.crt
sed -i -e 's/^;\[tls\]/[tls]/' -e 's/^;\(certificate\|key\|client_ca\)=/\1=/' -e 's/^port=.*/port=0/' "$CONFIG"
exec_start=$(sed -n 's/^ExecStart=//p' /lib/systemd/system/delovod-server.service)
[ -n "$exec_start" ] || fail "no ExecStart in the unit"
echo "   ExecStart=$exec_start"
# setpriv execs (runuser would stay in between as the parent), so that the
# signal goes straight to the server and its exit status is the server's.
# shellcheck disable=SC2086 # the unit's command line, split as systemd splits it
(cd "$STATE" && exec setpriv --reuid=delovod --regid=delovod --init-groups env HOME="$STATE" $exec_start) \
    >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
port=
for _ in $(seq 1 100); do
    port=$(sed -n 's|^Serving https://[^:]*:\([0-9]*\).*|\1|p' "$work/server.out")
    [ -n "$port" ] && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.2
done
[ -n "$port" ] || { cat "$work/server.out" "$work/server.err" >&2; fail "the server did not start"; }
request() {
    printf 'GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' |
        timeout 10 openssl s_client -quiet -verify_return_error -CAfile "$pki/ca.crt" \
            -connect "127.0.0.1:$port" -servername localhost "$@" 2>/dev/null || true
}
response=$(request -cert "$pki/client.crt" -key "$pki/client.key")
echo "$response" | head -n 1
echo "$response" | head -n 1 | grep -q '^HTTP/1.1 200' || fail "GET /api/v1/health: $response"
echo "$response" | grep -q "\"schema\":$new_schema" || fail "the health answer does not name schema $new_schema"
# Without a client certificate the server refuses the connection.
request | grep -q '^HTTP/1.1 200' && fail "the server answered a client without a certificate"
kill -TERM "$server_pid"
wait "$server_pid" || fail "the server did not exit cleanly on SIGTERM"
server_pid=
grep -q "^Stopped (signal 15)" "$work/server.out" || fail "the server did not report its stop: $(cat "$work/server.out")"
grep -q "api/v1/health" "$work/server.err" || fail "the server did not log the request on standard error"

step "apt-get remove keeps the data"
apt-get remove -y -qq "${PACKAGES[@]}" >/dev/null
[ -f "$STATE/delovod.db" ] || fail "apt-get remove deleted the database"
[ -f "$CONFIG" ] || fail "apt-get remove deleted the configuration"
command -v delovodctl >/dev/null && fail "delovodctl is still installed"

step "apt-get purge deletes it"
# Only delovod-server has configuration files, so only it is left to purge.
[ "$(known_packages)" = delovod-server ] || fail "after removal dpkg knows: $(known_packages)"
apt-get purge -y -qq delovod-server >/dev/null
[ -z "$(known_packages)" ] || fail "apt-get purge left $(known_packages)"
[ ! -e "$STATE" ] || fail "apt-get purge left $STATE"
[ ! -e "$CONFIG" ] || fail "apt-get purge left $CONFIG"
[ -f /etc/delovod/server.key ] || fail "apt-get purge deleted the administrator's key"
rm -rf /etc/delovod

step "passed"
