"""What the simulator's backtest is compared with, and where the gap lies.

Reproduces the figures docs/backtest.md quotes beside `borderflow backtest` that
are not the simulator's own: gradient boosting given the same information as
the hybrid, beside the hybrid's own predictions (one table); gradient boosting on the CBP files (fitted once
on the training year, or retrained monthly on the 90 days before each scored
month) with and without the hour of day and the previous hours' loads, its
classifier for "longest wait over 60 min", and recalibrations of the simulator's own predictions on the days before each
scored day (a daily level; a linear "model output statistics" layer; a level
per hour of day, which is the per-hour lookup table the backtest may not use).

    bench/backtest/run.sh    (runs the backtest, then this script)

or, with a `backtest --out` CSV already written:

    python3 bench/backtest/compare.py TRAIN.csv TEST.csv PREDICTIONS.csv

Needs pandas and scikit-learn (`pip install pandas scikit-learn`); this is
analysis beside the product, not part of it.
"""

import sys
import warnings

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import QuantileRegressor

warnings.filterwarnings("ignore")


def load(path):
    """A CBP file in time order, with the two previous hours' loads (0 after a gap)."""
    d = pd.read_csv(path)
    d["h"] = d.hour.str[:2].astype(int)
    d["date"] = pd.to_datetime(d.date)
    d["t"] = d.date + pd.to_timedelta(d.h, unit="h")
    d = d.sort_values("t").reset_index(drop=True)
    d["weekday"] = d.t.dt.day_of_week
    d["month"] = d.t.dt.month
    for k in (1, 2):
        follows = (d.t - d.t.shift(k)).dt.total_seconds() == 3600 * k
        d[f"pax_{k}"] = np.where(follows, d.all_total.shift(k), 0)
        d[f"booths_{k}"] = np.where(follows, d.all_booths.shift(k), 0)
    return d


def boosting():
    return HistGradientBoostingRegressor(loss="absolute_error", max_iter=300, learning_rate=0.05, random_state=1)


def fitted_once(train, test, features):
    model = boosting().fit(train[features], train.all_avg_wait)
    return np.abs(model.predict(test[features]) - test.all_avg_wait).mean()


def monthly(train, test, predict, days=90):
    """`predict(window, scored)` for each month of `test`, fitted on the `days` days before it:
    the `days` days before the month, or, where the history stops earlier (a training file
    that ends long before the test year), its last `days` days before the month."""
    history = pd.concat([train, test])
    out = []
    for month, scored in test.groupby(test.t.dt.to_period("M")):
        first = month.to_timestamp()
        before = history[history.date < first]
        if before.empty:
            raise SystemExit(f"no history before {first:%Y-%m-%d} to fit on: the training file must end before the test year")
        end = min(first, before.date.max() + pd.Timedelta(days=1))
        window = before[before.date >= end - pd.Timedelta(days=days)]
        out.append(predict(window, scored))
    return np.concatenate(out)


def monthly_mae(train, test, features):
    def predict(window, scored):
        return boosting().fit(window[features], window.all_avg_wait).predict(scored[features])

    return np.abs(monthly(train, test, predict) - test.all_avg_wait).mean()


def best_f1(score, actual):
    """F1 at the best threshold on `score`: chosen on the scored hours themselves, so an upper bound."""
    best = 0.0
    for threshold in np.unique(np.quantile(score, np.linspace(0.5, 0.995, 200))):
        flagged = score > threshold
        hits = (flagged & actual).sum()
        if hits:
            precision, recall = hits / flagged.sum(), hits / actual.sum()
            best = max(best, 2 * precision * recall / (precision + recall))
    return best


def monthly_classifier_f1(train, test, features, minutes=60):
    def predict(window, scored):
        model = HistGradientBoostingClassifier(max_iter=300, learning_rate=0.05, random_state=1)
        return model.fit(window[features], window.all_max_wait > minutes).predict_proba(scored[features])[:, 1]

    return best_f1(monthly(train, test, predict), (test.all_max_wait > minutes).to_numpy())


def trailing(pred, days, recalibrate):
    """Each day's predicted average wait recalibrated on the `days` days before it (the scored year only)."""
    out = pred.pred_avg_wait.to_numpy().copy()
    for day in pred.date.unique():
        before = pred[(pred.date < day) & (pred.date >= day - pd.Timedelta(days=days))]
        today = (pred.date == day).to_numpy()
        if len(before) >= 50:
            out[today] = recalibrate(before, pred[today])
    return out


def unchanged(before, today):
    return today.pred_avg_wait


def daily_level(before, today):
    return today.pred_avg_wait + (before.avg_wait - before.pred_avg_wait).median()


def output_statistics(before, today):
    features = ["pred_avg_wait", "pred_max_wait"]
    fit = QuantileRegressor(quantile=0.5, alpha=0, solver="highs").fit(before[features], before.avg_wait)
    return fit.predict(today[features])


def hour_level(before, today):
    error = before.avg_wait - before.pred_avg_wait
    by_hour = error.groupby(before.hour).median()
    return today.pred_avg_wait + today.hour.map(by_hour).fillna(error.median())


HOUR_PRIOR = 10.0


def trailing_by_hour(d, column, days=21):
    """For each hour, over the `days` days before its day: the median of `column` at the same hour
    of day, shrunk toward the median of all those hours by n / (n + 10) (as the backtest's
    `trailing_by_hour`); NaN before any day."""
    out = np.full(len(d), np.nan)
    for day in d.date.unique():
        before = d[(d.date < day) & (d.date >= day - pd.Timedelta(days=days))]
        if before.empty:
            continue
        today = (d.date == day).to_numpy()
        everything = before[column].median()
        by_hour = before.groupby("h")[column].agg(["median", "size"])
        shrunk = (by_hour["size"] * by_hour["median"] + HOUR_PRIOR * everything) / (by_hour["size"] + HOUR_PRIOR)
        out[today] = d[today].h.map(shrunk).fillna(everything).to_numpy()
    return out


def f1_of(flagged, actual):
    hits = (flagged & actual).sum()
    if not hits:
        return 0.0
    precision, recall = hits / flagged.sum(), hits / actual.sum()
    return 2 * precision * recall / (precision + recall)


FOLDS = 3


def calibrated_alarm(score_of, window, scored, minutes=60):
    """Flags from `score_of(rows, fitted_on)` scores, calibrated into P(longest wait over `minutes`)
    by isotonic regression on the window's hours, each scored by a model fitted on the other two
    thirds of the window (cross-fitted), and flagged when that probability passes half the best F1
    it reached there (the hybrid's rule)."""
    n = len(window)
    folds = [window.iloc[n * k // FOLDS: n * (k + 1) // FOLDS] for k in range(FOLDS)]
    held = np.concatenate([score_of(fold, window.drop(fold.index)) for fold in folds])
    actual = (window.all_max_wait > minutes).to_numpy()
    iso = IsotonicRegression(out_of_bounds="clip", y_min=0, y_max=1).fit(held, actual)
    p = iso.predict(held)
    best = max(f1_of(p >= t, actual) for t in np.unique(p))
    return iso.predict(score_of(scored, window)) > best / 2


def same_information(train, test, pred, days=365):
    """Gradient boosting given what the hybrid is given (the hours' loads, the two previous hours'
    loads, the calendar, and the trailing medians of the actual waits at that hour of day over the
    21 days before), retrained before each month on the `days` days before it, with two alarms:
    a classifier for "longest wait over 60 min", and its predicted longest wait (absolute error, as
    the hybrid's); each calibrated by isotonic regression on its window, cross-fitted in thirds, and
    flagged when the probability passes half the best F1 it reached there: the hybrid's rule. Printed beside the hybrid."""
    both = pd.concat([train, test]).reset_index(drop=True)
    both["trail_avg"] = trailing_by_hour(both, "all_avg_wait")
    both["trail_max"] = trailing_by_hour(both, "all_max_wait")
    both["trail_avg"] = both.trail_avg.fillna(both.all_avg_wait.iloc[: len(train)].median())
    both["trail_max"] = both.trail_max.fillna(both.all_max_wait.iloc[: len(train)].median())
    train, test = both.iloc[: len(train)], both.iloc[len(train):]
    features = ["h", "weekday", "month", "all_total", "all_flights", "all_booths",
                "pax_1", "booths_1", "pax_2", "booths_2", "trail_avg", "trail_max"]

    def regress(window, scored):
        return boosting().fit(window[features], window.all_avg_wait).predict(scored[features])

    def classifier(rows, fitted_on):
        model = HistGradientBoostingClassifier(max_iter=300, learning_rate=0.05, random_state=1)
        return model.fit(fitted_on[features], fitted_on.all_max_wait > 60).predict_proba(rows[features])[:, 1]

    def longest(rows, fitted_on):
        return boosting().fit(fitted_on[features], fitted_on.all_max_wait).predict(rows[features])

    avg = monthly(train, test, regress, days)
    actual, over = test.all_avg_wait.to_numpy(), (test.all_max_wait > 60).to_numpy()
    print(f"same information as the hybrid, retrained monthly on the {days} days before, on {len(test)} hours")
    print(f"  {'':52} {'MAE':>6} {'RMSE':>6} {'F1 over 60':>11}")

    def line(name, predicted, alarms):
        error = predicted - actual
        print(f"  {name:52} {np.abs(error).mean():6.2f} {np.sqrt((error ** 2).mean()):6.2f} {f1_of(alarms, over):11.4f}", flush=True)

    for name, score_of in [("classifier", classifier), ("predicted longest wait", longest)]:
        flagged = monthly(train, test, lambda w, s: calibrated_alarm(score_of, w, s), days).astype(bool)
        line(f"gradient boosting, alarm on its {name}", avg, flagged)
    if pred.hybrid_avg_wait.notna().all():
        line("hybrid (borderflow backtest)", pred.hybrid_avg_wait.to_numpy(), pred.hybrid_over_60.to_numpy() == 1)


def main(train_path, test_path, predictions_path):
    train, test = load(train_path), load(test_path)
    pred = pd.read_csv(predictions_path)
    pred["date"] = pd.to_datetime(pred.date)
    same_information(train, test, pred)
    base = ["all_total", "all_flights", "all_booths"]
    lags = ["pax_1", "booths_1", "pax_2", "booths_2"]
    calendar = ["h", "weekday", "month"]
    print("gradient boosting (absolute error), MAE of the average wait on", test_path)
    for name, features in [
        ("passengers, flights, booths", base),
        ("+ previous 2 hours' passengers and booths", base + lags),
        ("+ hour of day", base + lags + ["h"]),
        ("hour, weekday, month, passengers, flights, booths", calendar + base),
    ]:
        print(f"  {name:52} once {fitted_once(train, test, features):5.2f}   monthly {monthly_mae(train, test, features):5.2f}", flush=True)
    f1 = monthly_classifier_f1(train, test, calendar + base + lags)
    print(f"  classifier for longest wait over 60, monthly, all of the above: best F1 {f1:.2f}", flush=True)
    print("simulator, fitted once, recalibrated on the days before each scored day")
    print("  (best F1: at the threshold on the predicted longest wait, shifted like the average, that suits 2017 best)")
    over_60 = (pred.max_wait > 60).to_numpy()
    for name, days, recalibrate in [
        ("none", 7, unchanged),
        ("daily level: median error, 7 days", 7, daily_level),
        ("output statistics: median regression on avg, max, 14 days", 14, output_statistics),
        ("level per hour of day, 28 days (a per-hour table)", 28, hour_level),
    ]:
        avg = trailing(pred, days, recalibrate)
        longest = pred.pred_max_wait.to_numpy() + avg - pred.pred_avg_wait.to_numpy()
        mae = np.abs(avg - pred.avg_wait).mean()
        print(f"  {name:60} MAE {mae:5.2f}   best F1 over 60 {best_f1(longest, over_60):.2f}", flush=True)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
