//! Arrivals forecast per hour (and 15 minutes) for a chosen day, by direction
//! and category, from hourly history.
//!
//! Methods, each scored on held-out history by rolling origin (every held-out
//! day is forecast from the days before it only):
//! - `last-week`: the same hour a week before;
//! - `weekday-mean`: the mean of the same weekday and hour over the last 4 weeks;
//! - `weekday-mean-trend`: that, grown by the trend measured in the history
//!   (year over year when a year is there, else a log-linear fit of daily totals).
//!
//! Calendar days (holidays, events) carry a factor: they are left out of the
//! profiles and their forecast is multiplied by it.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::PlanError;

mod learned;

/// Travellers in one hour of one direction and category.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Count {
    /// Local date.
    pub date: Date,
    /// Hour of day, 0–23.
    pub hour: u8,
    /// `entry` or `exit`.
    pub direction: String,
    /// Category id.
    pub category: String,
    /// Travellers.
    pub count: f64,
}

/// A special day.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarDay {
    /// The date.
    pub date: Date,
    /// Flow relative to an ordinary day of that weekday (1.5: half as many again).
    pub factor: f64,
    /// What it is.
    #[serde(default)]
    pub note: String,
}

/// Holidays and events (TOML: `[[day]] date = "2026-03-21" factor = 1.6 note = "Nauryz"`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Calendar {
    /// The special days.
    #[serde(default)]
    pub day: Vec<CalendarDay>,
}

impl Calendar {
    /// Parses calendar TOML; errors name the source and the line.
    pub fn parse(text: &str, name: &str) -> Result<Calendar, PlanError> {
        let c: Calendar = toml::from_str(text).map_err(|e| PlanError::Input {
            name: name.to_string(),
            line: e.span().map(|s| text[..s.start].matches('\n').count() as u64 + 1),
            what: e.message().trim().to_string(),
        })?;
        for (i, d) in c.day.iter().enumerate() {
            if !(d.factor.is_finite() && d.factor >= 0.0) {
                return Err(PlanError::file(name, format!("day[{i}] ({}): factor must be a number ≥ 0, got {}", d.date, d.factor)));
            }
        }
        Ok(c)
    }

    fn factor(&self, d: Date) -> Option<f64> {
        self.day.iter().find(|x| x.date == d).map(|x| x.factor)
    }
}

/// A forecasting method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// Same hour a week before.
    LastWeek,
    /// Mean of the same weekday over the last 4 weeks.
    WeekdayMean,
    /// Weekday mean grown by the measured trend.
    WeekdayMeanTrend,
    /// Mean of the same hour over the last 28 days, whatever their weekday: the plain baseline.
    HourMean28,
    /// The same weekdays around the same week last year, scaled by the recent
    /// level against that of a year before.
    LastYear,
    /// The same hour over the last 56 days, weighted by recency (half-life 5 days).
    HourRecent,
    /// The mean of three signals, each where it has days: the recent level
    /// (hour-recent), the week's pattern (weekday-mean) and the year's
    /// (last-year).
    Ensemble,
    /// Boosted trees weighing those signals with the hour, weekday and day of
    /// the year, learned from the days before the month (see `learned.rs`).
    Boosted,
}

/// hour-recent's half-life, days.
const RECENT_HALF_LIFE_DAYS: f64 = 5.0;

impl Method {
    /// Every method, in the order reported.
    pub const ALL: [Method; 8] = [
        Method::LastWeek,
        Method::WeekdayMean,
        Method::WeekdayMeanTrend,
        Method::HourMean28,
        Method::HourRecent,
        Method::LastYear,
        Method::Ensemble,
        Method::Boosted,
    ];

    /// Its name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Method::LastWeek => "last-week",
            Method::WeekdayMean => "weekday-mean",
            Method::WeekdayMeanTrend => "weekday-mean-trend",
            Method::HourMean28 => "hour-mean-28",
            Method::LastYear => "last-year",
            Method::HourRecent => "hour-recent",
            Method::Ensemble => "ensemble",
            Method::Boosted => "boosted",
        }
    }
}

/// (direction, category).
pub type Key = (String, String);

/// Hourly history, indexed for forecasting.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// Days with any record (a missing hour on such a day is zero).
    days: BTreeSet<Date>,
    /// Per key: (date, hour) → count.
    series: BTreeMap<Key, HashMap<(Date, u8), f64>>,
    /// Daily totals over all keys.
    totals: BTreeMap<Date, f64>,
    /// The boosted method's models, fitted as they are first asked for.
    models: learned::Models,
}

/// The signals the ensemble averages.
const ENSEMBLE: [Method; 3] = [Method::HourRecent, Method::WeekdayMean, Method::LastYear];

/// Weeks of the same weekday a method averages.
fn weeks_of(method: Method) -> i64 {
    match method {
        Method::LastWeek => 1,
        _ => 4,
    }
}

/// How many weeks back a method looks for the same weekday.
pub fn reach_weeks(method: Method) -> i64 {
    2 * weeks_of(method)
}

impl History {
    /// Indexes counts; repeated (date, hour, direction, category) rows add up.
    pub fn new(counts: &[Count]) -> History {
        let mut h = History::default();
        for c in counts {
            h.days.insert(c.date);
            *h.series.entry((c.direction.clone(), c.category.clone())).or_default().entry((c.date, c.hour)).or_default() += c.count;
            *h.totals.entry(c.date).or_default() += c.count;
        }
        h
    }

    /// The (direction, category) series present.
    pub fn keys(&self) -> impl Iterator<Item = &Key> {
        self.series.keys()
    }

    /// Days present, in order.
    pub fn days(&self) -> impl Iterator<Item = Date> + '_ {
        self.days.iter().copied()
    }

    fn get(&self, key: &Key, d: Date, hour: u8) -> f64 {
        self.series.get(key).and_then(|s| s.get(&(d, hour))).copied().unwrap_or(0.0)
    }

    /// The same weekday, `weeks` of them at most, from up to twice as many weeks back from `day` (exclusive), present in the history and ordinary.
    fn same_weekdays(&self, day: Date, weeks: i64, cal: &Calendar) -> Vec<Date> {
        (1..=weeks * 2)
            .filter_map(|w| day.checked_sub(jiff::Span::new().days(7 * w)).ok())
            .filter(|d| self.days.contains(d) && cal.factor(*d).is_none())
            .take(weeks as usize)
            .collect()
    }

    /// Yearly growth rate measured from days before `day`: the last 28 days
    /// against the same 28 days a year earlier, else a log-linear fit of daily totals.
    pub fn growth(&self, day: Date, cal: &Calendar) -> f64 {
        let ordinary = |d: &Date| cal.factor(*d).is_none();
        let window = |end: Date| -> Option<f64> {
            let from = end.checked_sub(jiff::Span::new().days(28)).ok()?;
            let v: Vec<f64> = self.totals.range(from..end).filter(|(d, _)| ordinary(d)).map(|(_, t)| *t).collect();
            (v.len() >= 20).then(|| v.iter().sum::<f64>() / v.len() as f64)
        };
        if let (Some(now), Some(then)) = (window(day), day.checked_sub(jiff::Span::new().days(364)).ok().and_then(window))
            && then > 0.0
        {
            return now / then - 1.0;
        }
        // Log-linear least squares over the days before.
        let pts: Vec<(f64, f64)> = self
            .totals
            .range(..day)
            .filter(|(d, t)| ordinary(d) && **t > 0.0)
            .map(|(d, t)| (d.since(day).map(|s| s.get_days() as f64).unwrap_or(0.0), t.ln()))
            .collect();
        if pts.len() < 28 {
            return 0.0;
        }
        let n = pts.len() as f64;
        let (mx, my) = (pts.iter().map(|p| p.0).sum::<f64>() / n, pts.iter().map(|p| p.1).sum::<f64>() / n);
        let sxx: f64 = pts.iter().map(|p| (p.0 - mx).powi(2)).sum();
        let sxy: f64 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
        if sxx == 0.0 { 0.0 } else { (sxy / sxx * 365.0).exp() - 1.0 }
    }

    /// The ordinary days present among the `n` days before `day`.
    fn days_before(&self, day: Date, n: i64, cal: &Calendar) -> Vec<Date> {
        let from = day.checked_sub(jiff::Span::new().days(n)).unwrap_or(day);
        self.days.range(from..day).copied().filter(|d| cal.factor(*d).is_none()).collect()
    }

    /// The days `method` averages to forecast `day`.
    fn base_days(&self, day: Date, method: Method, cal: &Calendar) -> Vec<Date> {
        match method {
            Method::HourMean28 => self.days_before(day, 28, cal),
            Method::HourRecent => self.days_before(day, 56, cal),
            Method::LastYear => self.last_year(day, cal).map(|(days, _)| days).unwrap_or_default(),
            // The boosted method falls back on the ensemble, so it forecasts whenever that does.
            Method::Ensemble | Method::Boosted => ENSEMBLE.iter().flat_map(|m| self.base_days(day, *m, cal)).collect(),
            _ => self.same_weekdays(day, weeks_of(method), cal),
        }
    }

    /// The same weekday 51, 52 and 53 weeks before `day` (present and
    /// ordinary), and the ratio of the last 28 days' arrivals to those of the
    /// same 28 days a year before; None without both.
    fn last_year(&self, day: Date, cal: &Calendar) -> Option<(Vec<Date>, f64)> {
        let back = |n: i64| day.checked_sub(jiff::Span::new().days(n)).ok();
        let days: Vec<Date> =
            [357, 364, 371].into_iter().filter_map(back).filter(|d| self.days.contains(d) && cal.factor(*d).is_none()).collect();
        let total = |days: Vec<Date>| -> Option<f64> {
            (days.len() >= 20).then(|| days.iter().map(|d| self.totals.get(d).copied().unwrap_or(0.0)).sum::<f64>() / days.len() as f64)
        };
        let now = total(self.days_before(day, 28, cal))?;
        let then = total(self.days_before(back(364)?, 28, cal))?;
        (!days.is_empty() && then > 0.0).then_some((days, now / then))
    }

    /// Whether `method` finds any day to forecast `day` from: the same
    /// weekday within its reach back (twice its weeks), outside holidays. A day
    /// beyond that reach would be forecast as all zeros.
    pub fn can_forecast(&self, day: Date, method: Method, cal: &Calendar) -> bool {
        !self.base_days(day, method, cal).is_empty()
    }

    /// Forecast of each hour of `day` for `key`, from days before it only.
    pub fn forecast_day(&self, key: &Key, day: Date, method: Method, cal: &Calendar) -> [f64; 24] {
        let mut out = [0.0; 24];
        if method == Method::Boosted {
            let factor = cal.factor(day).unwrap_or(1.0);
            return match self.boosted(key, day, cal) {
                Some(f) => f.map(|x| x * factor),
                None => self.forecast_day(key, day, Method::Ensemble, cal),
            };
        }
        if method == Method::Ensemble {
            let parts: Vec<[f64; 24]> =
                ENSEMBLE.into_iter().filter(|m| self.can_forecast(day, *m, cal)).map(|m| self.forecast_day(key, day, m, cal)).collect();
            for (h, o) in out.iter_mut().enumerate() {
                *o = parts.iter().map(|p| p[h]).sum::<f64>() / parts.len().max(1) as f64;
            }
            return out;
        }
        let base = self.base_days(day, method, cal);
        if base.is_empty() {
            return out;
        }
        let grow = match method {
            Method::LastYear => self.last_year(day, cal).map_or(1.0, |(_, ratio)| ratio),
            Method::WeekdayMeanTrend => {
                // The profile sits at its days' mean age; grow it to `day`.
                let age = base.iter().map(|d| day.since(*d).map(|s| s.get_days() as f64).unwrap_or(0.0)).sum::<f64>() / base.len() as f64;
                (1.0 + self.growth(day, cal)).max(0.01).powf(age / 365.0)
            }
            _ => 1.0,
        };
        let factor = cal.factor(day).unwrap_or(1.0);
        // Each day's weight: equal, or by recency for hour-recent.
        let weights: Vec<f64> = base
            .iter()
            .map(|d| match method {
                Method::HourRecent => {
                    let age = day.since(*d).map(|s| s.get_days() as f64).unwrap_or(1.0) - 1.0;
                    0.5f64.powf(age / RECENT_HALF_LIFE_DAYS)
                }
                _ => 1.0,
            })
            .collect();
        let total: f64 = weights.iter().sum();
        for (h, o) in out.iter_mut().enumerate() {
            let mean = base.iter().zip(&weights).map(|(d, w)| w * self.get(key, *d, h as u8)).sum::<f64>() / total;
            *o = mean * grow * factor;
        }
        out
    }
}

/// A method's error on held-out days.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Evaluation {
    /// The method.
    pub method: Method,
    /// Held-out days scored.
    pub days: usize,
    /// Mean absolute error per hour and series, travellers.
    pub mae: f64,
    /// Mean absolute percentage error over hours with arrivals, %.
    pub mape: f64,
}

/// Scores `method` on the last `holdout` days of the history, each forecast from the days before it.
pub fn evaluate(h: &History, method: Method, holdout: usize, cal: &Calendar) -> Evaluation {
    let days: Vec<Date> = h.days().collect();
    let held = &days[days.len().saturating_sub(holdout)..];
    let (mut abs, mut n, mut pct, mut np) = (0.0, 0usize, 0.0, 0usize);
    for &d in held.iter().filter(|d| cal.factor(**d).is_none()) {
        for key in h.keys() {
            let f = h.forecast_day(key, d, method, cal);
            for (hour, fx) in f.iter().enumerate() {
                let actual = h.get(key, d, hour as u8);
                abs += (fx - actual).abs();
                n += 1;
                if actual > 0.0 {
                    pct += (fx - actual).abs() / actual;
                    np += 1;
                }
            }
        }
    }
    Evaluation { method, days: held.len(), mae: abs / n.max(1) as f64, mape: 100.0 * pct / np.max(1) as f64 }
}

/// The best method by MAE on held-out history, with every method's evaluation.
pub fn choose(h: &History, holdout: usize, cal: &Calendar) -> (Method, Vec<Evaluation>) {
    let evals: Vec<Evaluation> = Method::ALL.iter().map(|&m| evaluate(h, m, holdout, cal)).collect();
    let best = evals.iter().min_by(|a, b| a.mae.total_cmp(&b.mae)).map(|e| e.method).unwrap_or(Method::WeekdayMeanTrend);
    (best, evals)
}

/// Reads hourly counts: either `date,hour,direction,category,count` or a CBP
/// airport wait-time file (its passengers become `entry`/`all`).
pub fn read_counts(text: &str, name: &str) -> Result<Vec<Count>, PlanError> {
    let first = text.lines().next().unwrap_or("");
    if first.contains("all_total") {
        let hours = crate::cbp::parse(text, name)?;
        return Ok(hours
            .iter()
            .map(|h| Count { date: h.date, hour: h.hour, direction: "entry".into(), category: "all".into(), count: h.passengers as f64 })
            .collect());
    }
    let mut rdr = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text.as_bytes());
    let mut out = Vec::new();
    for (i, rec) in rdr.deserialize::<Count>().enumerate() {
        let line = i as u64 + 2;
        let c = rec.map_err(|e| PlanError::at(name, line, e.to_string()))?;
        if c.hour > 23 {
            return Err(PlanError::at(name, line, format!("column hour: {} is not an hour of day (0–23)", c.hour)));
        }
        if !(c.count.is_finite() && c.count >= 0.0) {
            return Err(PlanError::at(name, line, format!("column count: must be ≥ 0, got {}", c.count)));
        }
        out.push(c);
    }
    if out.is_empty() {
        return Err(PlanError::file(name, "no rows (expected date,hour,direction,category,count)"));
    }
    Ok(out)
}

/// The scenario with its demand replaced by a day's hourly forecast: per
/// direction, one rate piece per hour within the hall's opening (an hour's
/// count arrives in the part of it the hall is open, so the opening crowd
/// lands at opening); category shares from the forecast. Series whose
/// category is `all` keep the scenario's shares.
pub fn scenario_for_day(
    s: &borderflow_core::Scenario,
    day: Date,
    hourly: &[(Key, [f64; 24])],
) -> Result<borderflow_core::Scenario, PlanError> {
    use borderflow_core::scenario::RatePiece;
    let mut out = s.clone();
    out.date = day;
    for st in &mut out.streams {
        let dir = st.direction.as_str();
        let series: Vec<&(Key, [f64; 24])> = hourly.iter().filter(|(k, _)| k.0 == dir).collect();
        if series.is_empty() {
            return Err(PlanError::Mismatch(format!("the forecast has no {dir} series")));
        }
        let mut per_hour = [0.0; 24];
        let mut by_cat = vec![0.0; s.categories.len()];
        for ((_, cat), v) in &series {
            let total: f64 = v.iter().sum();
            if cat == "all" {
                for (b, sh) in by_cat.iter_mut().zip(&st.category_shares) {
                    *b += total * sh;
                }
            } else {
                let c = s
                    .category_index(cat)
                    .ok_or_else(|| PlanError::Mismatch(format!("forecast category {cat:?} is not one of the scenario's")))?;
                by_cat[c] += total;
            }
            for (p, x) in per_hour.iter_mut().zip(v.iter()) {
                *p += x;
            }
        }
        let sum: f64 = by_cat.iter().sum();
        if sum > 0.0 {
            st.category_shares = by_cat.iter().map(|x| x / sum).collect();
        }
        st.rates = (0..24)
            .filter_map(|h| {
                let (a, b) = ((h as f64 * 3600.0).max(st.open_s), ((h + 1) as f64 * 3600.0).min(st.close_s));
                (b > a && per_hour[h] > 0.0).then(|| RatePiece { from_s: a, to_s: b, per_s: per_hour[h] / (b - a) })
            })
            .collect();
        st.crowd_at_open = 0.0;
        st.groups.clear();
        st.replay.clear();
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
