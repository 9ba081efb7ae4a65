#!/usr/bin/env bash
# The backtest beside what it is compared with: runs `borderflow backtest` on
# O'Hare 2017 fitted on 2016 (its own scores), writes its predictions, then
# bench/backtest/compare.py (gradient boosting and recalibrations of those
# predictions; needs pandas and scikit-learn).
#   bench/backtest/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 -c 'import pandas, sklearn' 2>/dev/null || { echo "bench/backtest/run.sh: needs pandas and scikit-learn (pip install pandas scikit-learn)" >&2; exit 2; }
cargo build --release -q
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT
target/release/borderflow backtest data/cbp-awt/ORD-2017.csv --train data/cbp-awt/ORD-2016.csv --out "$D/hours.csv"
python3 bench/backtest/compare.py data/cbp-awt/ORD-2016.csv data/cbp-awt/ORD-2017.csv "$D/hours.csv"
