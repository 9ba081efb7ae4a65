//! # borderflow-core
//!
//! The vocabulary every borderflow crate speaks:
//!
//! - [`event`]: the event schema (v1) — [`Event`] and its kinds, parsed with
//!   errors that name the field ([`EventError`]), so a server can refuse one
//!   bad event of a batch and keep the rest.
//! - [`scenario`]: a checkpoint's hall, demand and staffing as a validated
//!   [`Scenario`], read from TOML with errors naming file, line and key.
//! - [`instruction`]: what the command centre tells people, and each step of
//!   an instruction's life as an event.
//! - [`nan`]: reading back figures JSON wrote as `null` (not a number: nobody waited).
//! - [`reason`]: why a service ended as it did ([`ReferReason`]), typed where
//!   borderflow branches on it.
//! - [`ids`]: the short identifiers used for checkpoints, queues, lanes,
//!   officers, categories and travellers.
//!
//! ```
//! use borderflow_core::{Event, EventBody};
//! let line = r#"{"id":"6f1c6b9e-3d1c-4c2e-9a39-5c1d2b7d0a11","at":"2026-07-12T09:50:00+08:00",
//!   "checkpoint":"khorgos","kind":"lane_opened","lane":"D3"}"#;
//! let ev: Event = serde_json::from_str(line).unwrap();
//! assert!(matches!(ev.body, EventBody::LaneOpened(_)));
//! assert_eq!(ev.at.to_string(), "2026-07-12T01:50:00Z"); // stored as UTC
//! ```
//!
//! Guarantees: times are instants (`jiff::Timestamp`), written as RFC 3339 in
//! UTC; a scenario's clock times are seconds from its day's local midnight in
//! its own time zone; a value of a validated type is known good.
//!
//! Must not depend on: other borderflow crates, tokio, sqlx, axum, the system
//! clock.

pub mod event;
pub mod ids;
pub mod instruction;
pub mod nan;
pub mod reason;
pub mod scenario;

pub use event::{Direction, Event, EventBody, EventError, GateStep, Outcome};
pub use ids::Id;
pub use reason::ReferReason;
pub use scenario::{LaneKind, Scenario, ScenarioError, Standard, WaitLevel};
