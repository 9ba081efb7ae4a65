//! Planning on top of the simulator.
//!
//! - [`cbp`] reads US CBP airport wait-time files;
//! - [`backtest`] replays such a file through the simulator, fits its few
//!   physical parameters on one year and scores it on another, beside baselines.

pub mod backtest;
pub mod cbp;
