//! The `boosted` method: gradient-boosted trees that learn how to weigh the
//! other methods' signals — the recent level of the hour (hour-mean-28,
//! hour-recent), the week's pattern (weekday-mean), the year's (last-year) —
//! with the hour, weekday and day of the year, from the days before.
//!
//! A model is fitted per series on every ordinary day before the first of the
//! month it forecasts (refitted monthly, as the backtest's correction is), so
//! a day is never forecast from itself or the days after it. Before a model
//! can be fitted (fewer than [`MIN_DAYS`] days) it falls back on the ensemble.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use borderflow_boost::{Model, Params};
use jiff::civil::Date;

use super::{Calendar, History, Key, Method};

/// Fewer ordinary days than this before the month: no model.
pub const MIN_DAYS: usize = 56;

/// The signals a model weighs, in the order of its features after hour, weekday and day of the year.
const SIGNALS: [Method; 4] = [Method::HourMean28, Method::HourRecent, Method::WeekdayMean, Method::LastYear];

/// Models fitted so far, per series and month (None: too little history).
#[derive(Debug, Default)]
pub struct Models(Mutex<HashMap<(Key, Date), Fitted>>);

/// A month's model, if there was history enough to fit one.
type Fitted = Option<Arc<Model>>;

impl Clone for Models {
    fn clone(&self) -> Models {
        Models(Mutex::new(self.0.lock().expect("not poisoned").clone()))
    }
}

impl History {
    /// Each hour's features for `day`: hour, weekday, day of the year, then each signal's forecast (NaN where it has no days).
    fn features(&self, key: &Key, day: Date, cal: &Calendar) -> Vec<[f32; 7]> {
        let signals: Vec<Option<[f64; 24]>> =
            SIGNALS.iter().map(|&m| self.can_forecast(day, m, cal).then(|| self.forecast_day(key, day, m, cal))).collect();
        (0..24)
            .map(|h| {
                let mut row = [h as f32, day.weekday().to_monday_zero_offset() as f32, day.day_of_year() as f32, 0.0, 0.0, 0.0, 0.0];
                for (slot, s) in row[3..].iter_mut().zip(&signals) {
                    *slot = s.map_or(f32::NAN, |s| s[h] as f32);
                }
                row
            })
            .collect()
    }

    /// The model for `key` forecasting days of `month` (its first day), fitted once.
    fn model(&self, key: &Key, month: Date, cal: &Calendar) -> Option<Arc<Model>> {
        if let Some(m) = self.models.0.lock().expect("not poisoned").get(&(key.clone(), month)) {
            return m.clone();
        }
        let days: Vec<Date> = self
            .days
            .range(..month)
            .copied()
            .filter(|d| cal.factor(*d).is_none() && self.can_forecast(*d, Method::HourMean28, cal))
            .collect();
        let model = (days.len() >= MIN_DAYS).then(|| {
            let (mut rows, mut y) = (Vec::with_capacity(days.len() * 24), Vec::with_capacity(days.len() * 24));
            for &d in &days {
                for (h, row) in self.features(key, d, cal).into_iter().enumerate() {
                    rows.push(row);
                    y.push(self.get(key, d, h as u8));
                }
            }
            Arc::new(Model::fit(&rows, &y, &Params::default()).expect("rows of seven features and counts that are finite"))
        });
        self.models.0.lock().expect("not poisoned").insert((key.clone(), month), model.clone());
        model
    }

    /// The boosted forecast of `day` (before its calendar factor), or None without a model.
    pub(super) fn boosted(&self, key: &Key, day: Date, cal: &Calendar) -> Option<[f64; 24]> {
        let model = self.model(key, day.first_of_month(), cal)?;
        let mut out = [0.0; 24];
        for (o, row) in out.iter_mut().zip(self.features(key, day, cal)) {
            // A median of counts is never below zero.
            *o = model.predict(&row).max(0.0);
        }
        Some(out)
    }
}
