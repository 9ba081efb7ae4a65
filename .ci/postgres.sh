#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on 127.0.0.1 and prints its URL.
# Usage: eval "$(.ci/postgres.sh start)"   → exports BORDERFLOW_TEST_POSTGRES and PG_DATA_DIR
#        .ci/postgres.sh stop "$PG_DATA_DIR"
set -euo pipefail
case "${1:-}" in
start)
    if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
    fi
    PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    D=$(mktemp -d)
    PORT=${PG_PORT:-54329}
    mkdir -p "$D/sock"
    chown -R postgres:postgres "$D"
    runuser -u postgres -- "$PGBIN/initdb" -D "$D/data" -U postgres --auth=trust -E UTF8 >&2
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$D/data" -l "$D/log" -w -o "-c listen_addresses=127.0.0.1 -p $PORT -k $D/sock" start >&2
    runuser -u postgres -- psql -h 127.0.0.1 -p "$PORT" -U postgres -qc 'CREATE DATABASE borderflow_test' >&2
    echo "export PG_DATA_DIR=$D"
    echo "export BORDERFLOW_TEST_POSTGRES=postgres://postgres@127.0.0.1:$PORT/borderflow_test"
    ;;
stop)
    PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$2/data" -m fast -w stop >&2 || true
    rm -rf "$2"
    ;;
*)
    echo "usage: $0 start | stop DIR" >&2
    exit 2
    ;;
esac
