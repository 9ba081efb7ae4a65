//! The event queue: pending events keyed by (time, sequence).
//!
//! Ties at the same time break by insertion order, so a run replays
//! identically; scheduling before "now" is an error, so time cannot run
//! backwards. An entry is one 128-bit integer — time bits, sequence number,
//! event — so the heap compares and moves plain integers (the simulator's
//! hottest loop).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// An event scheduled in the past (or too many events for one run).
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
#[error("cannot schedule at {at} s: the clock is already at {now} s")]
pub struct SchedulingError {
    /// The requested time.
    pub at: f64,
    /// The current time.
    pub now: f64,
}

/// An event small enough to pack into 32 bits.
pub trait Packed: Copy {
    /// The event as 32 bits.
    fn pack(self) -> u32;
    /// The event back from its bits.
    fn unpack(bits: u32) -> Self;
}

impl Packed for u16 {
    fn pack(self) -> u32 {
        self as u32
    }
    fn unpack(bits: u32) -> Self {
        bits as u16
    }
}

impl Packed for u32 {
    fn pack(self) -> u32 {
        self
    }
    fn unpack(bits: u32) -> Self {
        bits
    }
}

/// A min-heap of events in time order with a clock that only moves forward.
pub struct Scheduler<E: Packed> {
    // Reverse: BinaryHeap is a max-heap, we want the earliest first. Times are
    // ≥ 0, so their IEEE bits order like the numbers.
    heap: BinaryHeap<Reverse<u128>>,
    seq: u32,
    now: f64,
    _event: std::marker::PhantomData<E>,
}

impl<E: Packed> Default for Scheduler<E> {
    fn default() -> Self {
        Scheduler { heap: BinaryHeap::with_capacity(64), seq: 0, now: 0.0, _event: std::marker::PhantomData }
    }
}

fn time_of(key: u128) -> f64 {
    f64::from_bits((key >> 64) as u64)
}

impl<E: Packed> Scheduler<E> {
    /// An empty scheduler at time 0.
    pub fn new() -> Self {
        Self::default()
    }

    /// The current time, seconds.
    #[inline]
    pub fn now(&self) -> f64 {
        self.now
    }

    /// Schedules `event` at `at` (≥ now). At most 2³² events per scheduler.
    #[inline]
    pub fn schedule(&mut self, at: f64, event: E) -> Result<(), SchedulingError> {
        // NaN fails this too.
        if at.is_nan() || at < self.now || self.seq == u32::MAX {
            return Err(SchedulingError { at, now: self.now });
        }
        let key = ((at.to_bits() as u128) << 64) | ((self.seq as u128) << 32) | event.pack() as u128;
        self.heap.push(Reverse(key));
        self.seq += 1;
        Ok(())
    }

    /// Removes the earliest event and advances the clock to it.
    #[inline]
    pub fn pop(&mut self) -> Option<(f64, E)> {
        let Reverse(key) = self.heap.pop()?;
        self.now = time_of(key);
        Some((self.now, E::unpack(key as u32)))
    }

    /// When the earliest pending event is due.
    #[inline]
    pub fn peek_time(&self) -> Option<f64> {
        self.heap.peek().map(|k| time_of(k.0))
    }

    /// Moves the clock to `t` for an event handled outside the heap (a
    /// pre-drawn arrival, a planned lane change); `t` must not be in the past
    /// nor after a pending event.
    #[inline]
    pub fn advance(&mut self, t: f64) -> Result<(), SchedulingError> {
        if t.is_nan() || t < self.now || self.peek_time().is_some_and(|p| p < t) {
            return Err(SchedulingError { at: t, now: self.now });
        }
        self.now = t;
        Ok(())
    }

    /// Pending events.
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    /// Whether nothing is pending.
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_order_then_insertion_order() {
        let mut s = Scheduler::new();
        s.schedule(5.0, 30u32).unwrap();
        s.schedule(1.0, 10).unwrap();
        s.schedule(5.0, 4).unwrap();
        s.schedule(1.0, 2).unwrap();
        s.schedule(0.5e-300, 7).unwrap();
        let order: Vec<_> = std::iter::from_fn(|| s.pop()).map(|(_, e)| e).collect();
        assert_eq!(order, [7, 10, 2, 30, 4]);
        assert_eq!(s.now(), 5.0);
    }

    #[test]
    fn the_past_is_refused() {
        let mut s = Scheduler::new();
        s.schedule(10.0, 0u16).unwrap();
        s.pop();
        assert_eq!(s.schedule(9.0, 0), Err(SchedulingError { at: 9.0, now: 10.0 }));
        assert!(s.schedule(f64::NAN, 0).is_err());
        assert!(s.schedule(10.0, 0).is_ok());
        assert!(s.advance(9.5).is_err());
        assert!(s.advance(10.5).is_err(), "an event is pending at 10");
        assert!(s.advance(10.0).is_ok());
    }
}
