//! # borderflow-plan
//!
//! Planning on top of the simulator: what a station should open tomorrow, and
//! how far to believe it.
//!
//! - [`forecast`] forecasts arrivals per hour for a day from hourly history
//!   (several methods, each scored by rolling origin; never a silent zero);
//! - [`staffing`] finds, per 15-minute interval, the fewest desks and e-gates
//!   that keep travellers within the standard: an Erlang-and-fluid first
//!   guess, verified and repaired by simulating the day ([`staffing::plan`] →
//!   [`staffing::Plan`]);
//! - [`roster`] puts officers on the plan's desks, with breaks, under the
//!   continuous-work rule;
//! - [`doc`] is the plan document ([`doc::PlanDoc`]) the CLI writes and
//!   pushes and the server checks and keeps;
//! - [`cbp`] reads US CBP airport wait-time files (the known column variants);
//! - [`backtest`] replays such a file through the simulator, fits its few
//!   physical parameters on earlier years, and scores it, and a hybrid that
//!   corrects it from the days before, on a later one.
//!
//! ```
//! use borderflow_core::Scenario;
//! use borderflow_plan::staffing::{Options, Target, plan};
//! let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios/khorgos.toml")).unwrap();
//! let s = Scenario::parse(&text, "khorgos.toml", &["egates=12".into(), "first_time_desks=8".into()], &|_| Err("no files".into())).unwrap();
//! let target = Target { share_within: 0.95, max_wait_s: s.standard.max_wait_s, hard_cap_s: 3600.0 };
//! let p = plan(&s, &Options { target, reps: 4, max_rounds: 40, seed: 1 });
//! assert!(p.desk_hours > 0.0 && p.groups.iter().any(|g| g.open.iter().any(|&n| n > 0)));
//! ```
//!
//! Guarantees: deterministic for a seed (the verifying replications use the
//! simulator's common random numbers); a plan is only called meeting the
//! target when its own simulation says so, and says which intervals fail
//! otherwise; a forecast or a backtest's correction uses only data dated
//! before what it predicts.
//!
//! Must not depend on: tokio, sqlx, axum, the system clock (dates are passed in).

pub mod backtest;
pub mod cbp;
pub mod doc;
mod error;
pub mod forecast;
pub mod roster;
pub mod staffing;

pub use error::PlanError;
