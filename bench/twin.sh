#!/usr/bin/env bash
# Twin benchmark: how long one twin refresh takes (every queue's 2-hour
# outlook, the whole-hall advice search with its verifying replications, and
# the track record).
#   bench/twin.sh [SECONDS]
# First `borderflow bench-twin`: the median and p95 of refreshes in the
# Khorgos surge states the advice was built for (the demo's busiest minute,
# desks closed in the surge), beside the outlook alone in the same run.
# Then on the busy Khorgos morning of `borderflow demo` (a refresh every
# simulated minute, at most every 2 s), with the demo's own feed only, then
# while a load client ingests into the same server as fast as it
# acknowledges: per phase, the refreshes, their mean, and the histogram
# buckets holding their median and 99th percentile (borderflow_twin_seconds).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-60}
cargo build --release -q
B=target/release/borderflow
echo "== one refresh in the surge states, in process"
$B bench-twin
D=$(mktemp -d)
PORT=${PORT:-18091}
RUST_LOG=warn $B demo --db "$D/demo.db" --port "$PORT" >"$D/demo.log" 2>&1 &
DEMO=$!
trap 'kill $DEMO 2>/dev/null; wait $DEMO 2>/dev/null; rm -rf "$D"' EXIT
for _ in $(seq 50); do grep -q 'API token' "$D/demo.log" && break; sleep 0.2; done
READER=$(grep -o 'bf_[0-9a-f_]*' "$D/demo.log" | head -1)
FEEDER=$($B token create --role admin --db "$D/demo.db")
twin_metrics() { curl -sf -H "authorization: Bearer $READER" "http://127.0.0.1:$PORT/metrics" | grep '^borderflow_twin_seconds'; }
# Difference of two scrapes: refreshes, mean, and the buckets of the median and p99.
report() {
  awk -v phase="$1" '
    FNR == NR { before[$1] = $2; next }
    { d = $2 - before[$1] }
    /_bucket/ { match($1, /le="[^"]*"/); le[++n] = substr($1, RSTART + 4, RLENGTH - 5); cum[n] = d }
    /_sum/ { sum = d } /_count/ { count = d }
    END {
      if (count == 0) { printf "%s: no refresh\n", phase; exit }
      for (i = 1; i <= n; i++) { if (!p50 && cum[i] >= 0.5 * count) p50 = le[i]; if (!p99 && cum[i] >= 0.99 * count) p99 = le[i] }
      printf "%s: %d refreshes, mean %.1f ms, median <= %s s, p99 <= %s s\n", phase, count, 1000 * sum / count, p50, p99
    }' "$2" "$3"
}
twin_metrics >"$D/m0"
echo "== the demo's feed only, $SECONDS_EACH s"
sleep "$SECONDS_EACH"
twin_metrics >"$D/m1"
report "demo feed only" "$D/m0" "$D/m1"
echo "== while loading the same server as fast as acknowledged, $SECONDS_EACH s"
$B loadtest --url "http://127.0.0.1:$PORT" --token "$FEEDER" --seconds "$SECONDS_EACH" --from-date 2024-01-01
twin_metrics >"$D/m2"
report "under ingest load" "$D/m1" "$D/m2"
