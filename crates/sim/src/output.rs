//! What a run emits: compact events in the production schema's order and
//! meaning, pushed into a caller-supplied [`EventSink`].
//!
//! Each [`SimEvent`] maps one-to-one onto a `borderflow_core::Event` (see
//! [`crate::export`]); the compact form keeps the hot loop free of strings.

use borderflow_core::Outcome;

/// One step of the simulated day, `t` seconds after the scenario day's local midnight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SimEvent {
    /// When, seconds from midnight.
    pub t: f64,
    /// What.
    pub kind: SimKind,
}

/// What happened. Indices refer to the scenario's queues, lanes and categories;
/// travellers are numbered from 0 in order of arrival.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SimKind {
    /// `queue_joined`.
    Joined {
        /// Traveller number.
        traveller: u32,
        /// Queue index.
        queue: u16,
        /// Category index.
        category: u16,
    },
    /// `service_started`.
    Started {
        /// Traveller number.
        traveller: u32,
        /// Lane index.
        lane: u16,
    },
    /// `cleared`, `referred` or `refused`.
    Ended {
        /// Traveller number.
        traveller: u32,
        /// Lane index.
        lane: u16,
        /// How it ended.
        outcome: Outcome,
        /// An e-gate rejected the traveller (outcome `Referred`): they join the fallback queue next.
        rejected: bool,
    },
    /// `lane_opened`.
    LaneOpened {
        /// Lane index.
        lane: u16,
    },
    /// `lane_closed`.
    LaneClosed {
        /// Lane index.
        lane: u16,
    },
    /// `officer_on`.
    OfficerOn {
        /// Lane index.
        lane: u16,
        /// Index into the lane's `officers`.
        officer: u16,
    },
    /// `officer_off`.
    OfficerOff {
        /// Lane index.
        lane: u16,
        /// Index into the lane's `officers`.
        officer: u16,
    },
}

/// Receives a run's events in time order.
pub trait EventSink {
    /// Takes one event.
    fn emit(&mut self, ev: SimEvent);
}

impl EventSink for Vec<SimEvent> {
    #[inline]
    fn emit(&mut self, ev: SimEvent) {
        self.push(ev);
    }
}

/// Both sinks get every event (e.g. a recorder and an exporter).
impl<A: EventSink, B: EventSink> EventSink for (A, B) {
    #[inline]
    fn emit(&mut self, ev: SimEvent) {
        self.0.emit(ev);
        self.1.emit(ev);
    }
}

impl<S: EventSink + ?Sized> EventSink for &mut S {
    #[inline]
    fn emit(&mut self, ev: SimEvent) {
        (**self).emit(ev);
    }
}
