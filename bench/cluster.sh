#!/usr/bin/env bash
# Several servers on one PostgreSQL store (release build, a throwaway cluster).
#   bench/cluster.sh [SECONDS]
# Prints: one server's durable ingest alone (the baseline of this run), then
# three servers' aggregate with a load client on each; and, under that load,
# how long an instruction posted through server 1 takes to reach the live
# stream of server 2 (it travels through the shared log).
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-20}
cargo build --release -q
B=target/release/borderflow
eval "$(PG_PORT=${PG_PORT:-54339} .ci/postgres.sh start)"
D=$(mktemp -d)
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    .ci/postgres.sh stop "$PG_DATA_DIR"
    rm -rf "$D"
}
trap cleanup EXIT
DB=$BORDERFLOW_TEST_POSTGRES
TOKEN=$($B token create --role admin --db "$DB")
for i in 1 2 3; do
    RUST_LOG=warn $B serve --db "$DB" --port "1810$i" --future-margin-min 1440 >"$D/serve$i.log" 2>&1 &
    PIDS+=($!)
done
sleep 3
rate() { grep -o "acknowledged (durable) [0-9]* events: [0-9]* events/s" "$1" | grep -o "[0-9]* events/s" | grep -o "^[0-9]*"; }
echo "== one server alone, one load client ($SECS s)"
$B loadtest --url http://127.0.0.1:18101 --token "$TOKEN" --seconds "$SECS" --from-date 2023-01-01 >"$D/alone.txt"
echo "   $(rate "$D/alone.txt") events/s"
echo "== three servers, a load client on each ($SECS s), and instructions posted through server 1 to 20 terminals on server 2"
for i in 1 2 3; do
    $B loadtest --url "http://127.0.0.1:1810$i" --token "$TOKEN" --seconds "$SECS" --from-date "202$((3 + i))-01-01" >"$D/load$i.txt" &
    LOADS+=($!)
done
sleep 3
$B bench-instructions --url http://127.0.0.1:18101 --stream-url http://127.0.0.1:18102 --token "$TOKEN" --terminals 20 --count $((SECS * 2)) | sed 's/^/   /'
wait "${LOADS[@]}"
total=0
for i in 1 2 3; do r=$(rate "$D/load$i.txt"); echo "   server $i: $r events/s"; total=$((total + r)); done
echo "   aggregate: $total events/s"
# What the events cost on disk in PostgreSQL (table, indexes and TOAST).
read -r n bytes < <(psql "$DB" -Atc "SELECT count(*), pg_total_relation_size('events') FROM events" | tr '|' ' ')
echo "== PostgreSQL: $n events in $((bytes / 1048576)) MiB: $((bytes / n)) bytes an event (with its indexes)"
