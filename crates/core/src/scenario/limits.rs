//! The stated limits of a scenario's numbers, so that a typing error (a lane
//! `count` of 4294967296, a crowd of 1e12) is refused with its file, line and
//! key instead of hanging or exhausting memory. Each is far beyond any
//! checkpoint: the busiest airports clear a few hundred thousand a day.

use super::KeyPath;
use super::validate::{VResult, check};

/// Lanes in a scenario, all groups together.
pub const MAX_LANES: i64 = 1_000;
/// A lane group's `first` number (lane ids are the prefix and a number).
pub const MAX_LANE_NUMBER: i64 = 1_000_000;
/// Travellers one stream may bring in a day (crowd, profile and groups, after `scale`).
pub const MAX_TRAVELLERS_PER_DAY: f64 = 5_000_000.0;
/// A stream's `scale`.
pub const MAX_SCALE: f64 = 1_000.0;
/// A service time's mean, seconds (a day).
pub const MAX_SERVICE_S: f64 = 86_400.0;
/// A service time's coefficient of variation.
pub const MAX_CV: f64 = 10.0;
/// Any duration in minutes (the standard, spreads, releases, breaks): a day.
pub const MAX_MINUTES: f64 = 1_440.0;
/// Continuous work, hours.
pub const MAX_WORK_HOURS: f64 = 24.0;

/// `x` if finite and at most `max` (`unit` names what it counts, for the message).
pub(super) fn at_most(path: &KeyPath, x: f64, max: f64, unit: &str) -> VResult<f64> {
    check(x.is_finite() && x <= max, path, || format!("{x} {unit} is beyond the limit of {max} {unit}"))?;
    Ok(x)
}
