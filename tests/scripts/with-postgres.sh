#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a command with a throwaway PostgreSQL cluster: a fresh data directory in a
# temporary folder, listening only on a Unix socket there, stopped and removed on
# exit. The command sees DMS_TEST_PGHOST (the socket directory) and DMS_TEST_PGUSER.
#   tests/scripts/with-postgres.sh ctest --test-dir build
set -euo pipefail

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
    echo "with-postgres: PostgreSQL server binaries not found (apt-get install postgresql)" >&2
    exit 2
fi

PGTMP=$(mktemp -d -t dms-pg.XXXXXX)
as_pg=()
if [ "$(id -u)" = 0 ]; then
    # initdb refuses to run as root.
    chown postgres:postgres "$PGTMP"
    as_pg=(runuser -u postgres --)
fi

cleanup() {
    "${as_pg[@]}" "$PGBIN/pg_ctl" -D "$PGTMP/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$PGTMP"
}
trap cleanup EXIT INT TERM

"${as_pg[@]}" "$PGBIN/initdb" -D "$PGTMP/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
"${as_pg[@]}" "$PGBIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/server.log" -w \
    -o "-c listen_addresses= -k $PGTMP -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null

export DMS_TEST_PGHOST="$PGTMP" DMS_TEST_PGUSER=postgres
set +e
"$@"
status=$?
set -e
if [ $status -ne 0 ] && [ -f "$PGTMP/server.log" ]; then
    echo "---- last lines of the PostgreSQL log ----" >&2
    tail -n 20 "$PGTMP/server.log" >&2
fi
exit $status
