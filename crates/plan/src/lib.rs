//! Planning on top of the simulator.
//!
//! - [`forecast`] forecasts arrivals per hour for a day from hourly history;
//! - [`staffing`] finds, per 15-minute interval, the fewest desks and e-gates
//!   that keep travellers within the standard: an Erlang-and-fluid first
//!   guess, verified and repaired by simulating the day;
//! - [`roster`] puts officers on the plan's desks, with breaks;
//! - [`cbp`] reads US CBP airport wait-time files;
//! - [`backtest`] replays such a file through the simulator, fits its few
//!   physical parameters on one year and scores it on another, beside baselines.

pub mod backtest;
pub mod cbp;
pub mod forecast;
pub mod roster;
pub mod staffing;
