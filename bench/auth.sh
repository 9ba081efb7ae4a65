#!/usr/bin/env bash
# Wrong-secret flood benchmark: a release server on a fresh SQLite store; a
# good client posts 100-event batches while 128 clients present its token id
# with wrong secrets as fast as they are answered, and /healthz is probed.
#   bench/auth.sh [SECONDS] [ATTACKERS]
# Prints the good client's latency, /healthz latency, the attackers' answers,
# and the server's resident memory at the start, after the baseline and after
# the attack and after a last run without it (VmRSS, and the peak VmHWM):
# SQLite's page cache grows with ingest alone, so compare the two steps.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-20}
ATTACKERS=${2:-128}
cargo build --release -q
B=target/release/borderflow
D=$(mktemp -d)
PORT=${PORT:-18093}
TOKEN=$($B token create --role admin --db "$D/bf.db")
RUST_LOG=error $B serve --db "$D/bf.db" --port "$PORT" >"$D/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$D"' EXIT
sleep 1
rss() { awk -v k="$1" '$1 == k":" {print $2 / 1024 " MB"}' /proc/$SERVER/status; }
echo "server memory before: $(rss VmRSS)"
echo "== baseline: the good client alone (100 events a request, 2 in flight)"
$B loadtest --url "http://127.0.0.1:$PORT" --token "$TOKEN" --seconds "$SECONDS_EACH" --batch 100 --concurrency 2 --rate 2000 --from-date 2024-01-01
echo "server memory after the baseline: $(rss VmRSS) (peak $(rss VmHWM))"
echo "== the same, with $ATTACKERS clients sending wrong secrets"
$B loadtest --url "http://127.0.0.1:$PORT" --token "$TOKEN" --seconds "$SECONDS_EACH" --batch 100 --concurrency 2 --rate 2000 --from-date 2023-01-01 --wrong-secrets "$ATTACKERS"
echo "server memory after the attack: $(rss VmRSS) (peak $(rss VmHWM))"
echo "== the good client alone again (what ingest alone adds to memory, for comparison)"
$B loadtest --url "http://127.0.0.1:$PORT" --token "$TOKEN" --seconds "$SECONDS_EACH" --batch 100 --concurrency 2 --rate 2000 --from-date 2022-01-01
echo "server memory at the end: $(rss VmRSS) (peak $(rss VmHWM))"
