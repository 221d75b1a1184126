#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the integration suite, listening on 127.0.0.1 only.
# initdb runs as the postgres user into a folder it owns, with its log file and socket folder
# writable by postgres. Prints the connection URL on its last line.
# Usage: scripts/test-postgres.sh start|stop [PORT]
set -euo pipefail
cmd=${1:-start}
port=${2:-55432}
base=${PGTEST_DIR:-/tmp/openpcc-pgtest}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bindir" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
run_as_pg() { if [ "$(id -un)" = postgres ]; then "$@"; else su postgres -s /bin/bash -c "$(printf '%q ' "$@")"; fi; }
case "$cmd" in
  start)
    if [ -f "$base/data/postmaster.pid" ]; then run_as_pg "$bindir/pg_ctl" -D "$base/data" -m fast stop >/dev/null 2>&1 || true; fi
    rm -rf "$base"
    mkdir -p "$base/data" "$base/socket"
    touch "$base/postgres.log"
    chown -R postgres:postgres "$base"
    chmod 700 "$base/data"
    run_as_pg "$bindir/initdb" -D "$base/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    run_as_pg "$bindir/pg_ctl" -D "$base/data" -l "$base/postgres.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $base/socket -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    [ -d "$base/data" ] && run_as_pg "$bindir/pg_ctl" -D "$base/data" -m fast stop >/dev/null 2>&1 || true
    ;;
  *) echo "usage: $0 start|stop [port]" >&2; exit 2 ;;
esac
