#!/usr/bin/env bash
# Ingest benchmark: a release server on a fresh SQLite store (durable: WAL,
# synchronous=FULL), loaded from a second process on loopback.
#   bench/ingest.sh [SECONDS]
# Prints sustained throughput at full speed, acknowledgement latency at
# 5,000 events/s, and the server's event-to-stream latency.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-30}
cargo build --release -q
B=target/release/borderflow
D=$(mktemp -d)
PORT=${PORT:-18090}
TOKEN=$($B token create --role admin --db "$D/bf.db")
RUST_LOG=warn $B serve --db "$D/bf.db" --port "$PORT" >"$D/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$D"' EXIT
sleep 1
echo "== as fast as acknowledged (1,000 events a request, 8 in flight)"
$B loadtest --url "http://127.0.0.1:$PORT" --token "$TOKEN" --seconds "$SECONDS_EACH"
echo "== offered 5,000 events/s (100 events a request)"
$B loadtest --url "http://127.0.0.1:$PORT" --token "$TOKEN" --seconds "$SECONDS_EACH" --rate 5000 --batch 100 --from-date 2024-01-01
