//! The demand the twin runs ahead on: the day's forecast from the
//! checkpoint's own history (arrivals per local hour in the store), or the
//! scenario's demand while the history is too short to forecast from.

use std::sync::Arc;

use borderflow_core::Scenario;
use borderflow_plan::forecast::{self, Calendar, Count, History};
use borderflow_store::{Bucket, Dim, EventStore, Layout, StatsQuery, StoreError, rollup};
use jiff::Timestamp;
use jiff::civil::Date;

/// Days of history before a forecast replaces the scenario's demand: two of each weekday.
pub const MIN_DAYS: usize = 14;

/// Arrivals per local hour, direction and category of a checkpoint up to `to`,
/// from its rollups (brought up to date first).
pub async fn hourly_counts(store: &dyn EventStore, layout: &Layout, s: &Scenario, to: Timestamp) -> Result<Vec<Count>, StoreError> {
    rollup::refresh(store, layout).await?;
    let q = StatsQuery {
        checkpoint: s.checkpoint.to_string(),
        from: "2000-01-01T00:00:00Z".parse().expect("a timestamp"),
        to,
        bucket: Bucket::Hour,
        by: vec![Dim::Direction, Dim::Category],
    };
    store
        .stats(&q)
        .await?
        .into_iter()
        .filter(|r| r.m.arrivals > 0)
        .map(|r| {
            let at: Timestamp = r.bucket.parse().map_err(|e| StoreError::Corrupt(format!("stats bucket `{}`: {e}", r.bucket)))?;
            let local = at.to_zoned(s.time_zone.clone());
            Ok(Count {
                date: local.date(),
                hour: local.hour() as u8,
                direction: r.direction.unwrap_or_default(),
                category: r.category.unwrap_or_default(),
                count: r.m.arrivals as f64,
            })
        })
        .collect()
}

/// A checkpoint's demand for one day, and where it came from.
#[derive(Debug, Clone)]
pub struct Demand {
    /// The local day.
    pub date: Date,
    /// The scenario with that demand.
    pub scenario: Arc<Scenario>,
    /// In words, e.g. "forecast for 2026-07-12 (weekday-mean-trend, 35 days of history)".
    pub source: String,
}

impl Demand {
    /// The scenario's own demand, and why it is used.
    pub fn scenario(s: &Scenario, date: Date, why: &str) -> Demand {
        Demand { date, scenario: Arc::new(s.clone()), source: format!("scenario demand ({why})") }
    }

    /// The demand for `day` from the history before it: the forecast method
    /// with the least error on the last quarter of that history (one to eight
    /// weeks held out), or the scenario's demand with fewer than [`MIN_DAYS`] days.
    pub fn for_day(s: &Scenario, counts: &[Count], day: Date) -> Demand {
        let before: Vec<Count> = counts.iter().filter(|c| c.date < day).cloned().collect();
        let h = History::new(&before);
        let days = h.days().count();
        if days < MIN_DAYS {
            return Demand::scenario(s, day, &format!("{days} days of history, {MIN_DAYS} needed for a forecast"));
        }
        let cal = Calendar::default();
        let (method, _) = forecast::choose(&h, (days / 4).clamp(7, 56), &cal);
        let hourly: Vec<_> = h.keys().map(|k| (k.clone(), h.forecast_day(k, day, method, &cal))).collect();
        match forecast::scenario_for_day(s, day, &hourly) {
            Ok(f) => Demand {
                date: day,
                scenario: Arc::new(f),
                source: format!("forecast for {day} ({}, {days} days of history)", method.name()),
            },
            Err(e) => Demand::scenario(s, day, &format!("the forecast does not fit the scenario: {e}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn khorgos() -> Scenario {
        Scenario::load(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios/khorgos.toml")), &[]).unwrap()
    }

    /// `days` days from 2026-06-01, 10:00–17:59: 50 first-time entries and 20 merchant exits an hour.
    fn history(days: i64) -> Vec<Count> {
        (0..days)
            .flat_map(|d| {
                let date = jiff::civil::date(2026, 6, 1).checked_add(jiff::Span::new().days(d)).unwrap();
                (10..18u8).flat_map(move |hour| {
                    [("entry", "first_time", 50.0), ("exit", "merchant", 20.0)].map(|(dir, cat, count)| Count {
                        date,
                        hour,
                        direction: dir.into(),
                        category: cat.into(),
                        count,
                    })
                })
            })
            .collect()
    }

    #[test]
    fn a_short_history_keeps_the_scenario_demand() {
        let s = khorgos();
        let d = Demand::for_day(&s, &history(10), jiff::civil::date(2026, 6, 11));
        assert!(d.source.starts_with("scenario demand (10 days of history"), "{}", d.source);
        assert_eq!(d.scenario.streams, s.streams);
    }

    #[test]
    fn enough_history_forecasts_the_day_and_ignores_the_day_itself() {
        let s = khorgos();
        let mut counts = history(28);
        // The day being forecast is not history: a count on it changes nothing.
        counts.push(Count {
            date: jiff::civil::date(2026, 6, 29),
            hour: 12,
            direction: "entry".into(),
            category: "first_time".into(),
            count: 1e6,
        });
        let d = Demand::for_day(&s, &counts, jiff::civil::date(2026, 6, 29));
        assert!(d.source.starts_with("forecast for 2026-06-29 ("), "{}", d.source);
        assert!(d.source.ends_with(", 28 days of history)"), "{}", d.source);
        let entry = d.scenario.streams.iter().find(|st| st.direction.as_str() == "entry").unwrap();
        // 8 hours of 50 within the hall's opening (09:50 opens inside the 09:00 hour, which had none).
        let total: f64 = entry.rates.iter().map(|r| r.per_s * (r.to_s - r.from_s)).sum();
        assert!((total - 400.0).abs() < 1e-6, "{total}");
        let first_time = s.category_index("first_time").unwrap();
        assert!((entry.category_shares[first_time] - 1.0).abs() < 1e-9, "{:?}", entry.category_shares);
    }

    #[test]
    fn a_forecast_missing_a_direction_keeps_the_scenario_demand_and_says_why() {
        let s = khorgos();
        let entries: Vec<Count> = history(28).into_iter().filter(|c| c.direction == "entry").collect();
        let d = Demand::for_day(&s, &entries, jiff::civil::date(2026, 6, 29));
        assert!(d.source.contains("no exit series"), "{}", d.source);
        assert_eq!(d.scenario.streams, s.streams);
    }
}
