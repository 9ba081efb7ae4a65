//! # borderflow-gate
//!
//! The controller that runs beside one self-service gate: it owns the devices
//! and the network, and leaves every decision to [`borderflow_egate`].
//!
//! - [`devices`]: the gate's devices as traits ([`devices::Devices`]), and a
//!   simulated hall that plays scripted travellers from files.
//! - [`controller`]: the run loop ([`controller::Controller::run`]) — devices
//!   in, [`borderflow_egate::gate`]'s steps out, every step spooled as events
//!   before the door moves.
//! - [`spool`]: the local SQLite outbox that keeps events through a network
//!   outage, in order, and keeps what the server refused.
//! - [`uplink`]: delivers the spool to the server, exactly once and in order,
//!   with jittered back-off.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use borderflow_gate::{spool::Spool, uplink::Uplink};
//! let spool = Spool::open(std::path::Path::new("gate-spool.db")).await?;
//! let uplink = Uplink::new("http://127.0.0.1:8080", "bf_TOKEN");
//! tokio::spawn(uplink.run(spool.clone(), std::time::Duration::from_millis(100)));
//! // controller.run(&mut devices, &spool, jiff::Timestamp::now()).await? — see `borderflow gate`.
//! # Ok(()) }
//! ```
//!
//! Guarantees: nothing the gate did goes unrecorded (a step is spooled, with
//! synchronous writes, before the door moves; a spool that cannot be written
//! stops the gate); the spool is emptied only by the server's answer; a
//! refused batch is kept, not retried for ever and not dropped.
//!
//! Must not depend on: the server, the store or the simulator; it talks to the
//! server only through the public ingest API.

pub mod controller;
pub mod devices;
pub mod spool;
pub mod uplink;
