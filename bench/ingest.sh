#!/usr/bin/env bash
# Ingest benchmark: a release server on a fresh SQLite store (durable: WAL,
# synchronous=FULL), loaded from a second process on loopback.
#   bench/ingest.sh [SECONDS]
# Prints sustained throughput at full speed with time-ordered ids (what
# borderflow's producers send) and with random ids (another client's), each
# on a fresh store, and acknowledgement latency at 5,000 events/s with the
# server's event-to-stream latency. `borderflow bench-append` gives the
# store's own rate beside the physical limit, without HTTP.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-30}
cargo build --release -q
B=target/release/borderflow
D=$(mktemp -d)
PORT=${PORT:-18090}
SERVER=
stop() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null || true; }
trap 'stop; rm -rf "$D"' EXIT
# A server on a fresh store; sets TOKEN.
fresh() {
    stop
    rm -f "$D"/bf.db*
    TOKEN=$($B token create --role admin --db "$D/bf.db")
    RUST_LOG=warn $B serve --db "$D/bf.db" --port "$PORT" >"$D/serve.log" 2>&1 &
    SERVER=$!
    sleep 1
}
fresh
echo "== as fast as acknowledged (1,000 events a request, 8 in flight), time-ordered ids"
$B loadtest --url "http://127.0.0.1:$PORT" --token "$TOKEN" --seconds "$SECONDS_EACH"
fresh
echo "== the same, random ids"
$B loadtest --url "http://127.0.0.1:$PORT" --token "$TOKEN" --seconds "$SECONDS_EACH" --random-ids
fresh
echo "== offered 5,000 events/s (100 events a request)"
$B loadtest --url "http://127.0.0.1:$PORT" --token "$TOKEN" --seconds "$SECONDS_EACH" --rate 5000 --batch 100
