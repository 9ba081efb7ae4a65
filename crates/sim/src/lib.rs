//! # borderflow-sim
//!
//! A discrete-event simulator of an inspection hall, and the queueing
//! formulas it is checked against.
//!
//! - [`Model`] compiles a validated [`Scenario`](borderflow_core::Scenario)
//!   (triage, queues, lanes, rosters, service) and runs a day for a seed,
//!   pushing [`SimEvent`]s — the production event schema in compact form —
//!   into an [`EventSink`]: a `Vec` in tests, a [`Recorder`] for figures, a
//!   [`JsonLines`] writer, or the server in the demo.
//! - [`DayReport`] turns a [`Recorder`] into per-interval, per-queue figures
//!   and the day's summary; [`replicate`] runs independent replications on all
//!   cores and [`aggregate`] gives 95 % confidence intervals.
//! - [`erlang`]: Erlang C and Allen–Cunneen, the yardsticks of `tests/theory.rs`
//!   and the planner's first guess.
//! - [`Scheduler`]: the event heap, keyed by (time, insertion order).
//!
//! ```
//! use borderflow_sim::{textbook, Model, Recorder, DayReport};
//! use borderflow_core::scenario::DistSpec;
//! // M/M/2 with ρ = 0.5 for an hour.
//! let s = textbook::single_queue(0.1, DistSpec::Exponential(10.0), 2, 3600.0);
//! let model = Model::new(&s);
//! let mut rec = Recorder::new(&s);
//! let stats = model.run(42, &mut rec);
//! let day = DayReport::new(&s, &mut rec, &stats);
//! assert_eq!(day.summary.travellers, day.summary.cleared);
//! assert_eq!(day.summary.stranded, 0);
//! ```
//!
//! Guarantees:
//! - Determinism: same scenario + seed ⇒ the same events, byte for byte.
//!   Each run owns its generators, split into named streams (arrivals per
//!   direction, service per lane), so adding a desk does not reshuffle who
//!   arrives. Simultaneous events run in insertion order. Single-threaded
//!   within a run; parallel only across replications.
//! - Units: seconds; times are seconds from the scenario day's local midnight.
//! - Conservation: every arrival is cleared, referred, refused or still queued.
//!
//! Must not depend on: tokio, sqlx, axum, the system clock.

pub mod dist;
pub mod erlang;
pub mod export;
pub mod model;
pub mod output;
pub mod record;
pub mod replicate;
pub mod report;
pub mod rng;
pub mod scheduler;
pub mod textbook;

pub use export::{Exporter, JsonLines};
pub use model::{Model, RunStats};
pub use output::{EventSink, SimEvent, SimKind};
pub use record::Recorder;
pub use replicate::{Estimate, aggregate, replicate, simulate_day};
pub use report::{DayReport, QueueInterval, Summary};
pub use rng::SimRng;
pub use scheduler::Scheduler;
