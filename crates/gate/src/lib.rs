//! The controller that runs beside one self-service gate.
//!
//! - [`devices`]: the gate's devices as traits, and a simulated hall that
//!   plays scripted travellers from files.
//! - [`controller`]: the run loop — devices in, [`borderflow_egate::gate`]'s
//!   steps out, every step spooled as events before the door moves.
//! - [`spool`]: the local SQLite outbox that keeps events through a network
//!   outage, in order.
//! - [`uplink`]: delivers the spool to the server, exactly once and in order.

pub mod controller;
pub mod devices;
pub mod spool;
pub mod uplink;
