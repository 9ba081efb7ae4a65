//! The event queue: pending events keyed by (time, sequence).
//!
//! Ties at the same time break by insertion order, so a run replays
//! identically; scheduling before "now" is an error, so time cannot run
//! backwards.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// An event scheduled in the past.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
#[error("cannot schedule at {at} s: the clock is already at {now} s")]
pub struct SchedulingError {
    /// The requested time.
    pub at: f64,
    /// The current time.
    pub now: f64,
}

struct Entry<E> {
    // Times are ≥ 0, so their IEEE bits order like the numbers.
    time_bits: u64,
    seq: u64,
    event: E,
}

impl<E> PartialEq for Entry<E> {
    fn eq(&self, other: &Self) -> bool {
        self.time_bits == other.time_bits && self.seq == other.seq
    }
}
impl<E> Eq for Entry<E> {}
impl<E> PartialOrd for Entry<E> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<E> Ord for Entry<E> {
    fn cmp(&self, other: &Self) -> Ordering {
        // Reversed: BinaryHeap is a max-heap, we want the earliest first.
        (other.time_bits, other.seq).cmp(&(self.time_bits, self.seq))
    }
}

/// A min-heap of events in time order with a clock that only moves forward.
pub struct Scheduler<E> {
    heap: BinaryHeap<Entry<E>>,
    seq: u64,
    now: f64,
}

impl<E> Default for Scheduler<E> {
    fn default() -> Self {
        Scheduler { heap: BinaryHeap::with_capacity(64), seq: 0, now: 0.0 }
    }
}

impl<E> Scheduler<E> {
    /// An empty scheduler at time 0.
    pub fn new() -> Self {
        Self::default()
    }

    /// The current time, seconds.
    #[inline]
    pub fn now(&self) -> f64 {
        self.now
    }

    /// Schedules `event` at `at` (≥ now).
    #[inline]
    pub fn schedule(&mut self, at: f64, event: E) -> Result<(), SchedulingError> {
        // NaN fails this too.
        if at.is_nan() || at < self.now {
            return Err(SchedulingError { at, now: self.now });
        }
        self.heap.push(Entry { time_bits: at.to_bits(), seq: self.seq, event });
        self.seq += 1;
        Ok(())
    }

    /// Removes the earliest event and advances the clock to it.
    #[inline]
    pub fn pop(&mut self) -> Option<(f64, E)> {
        let e = self.heap.pop()?;
        self.now = f64::from_bits(e.time_bits);
        Some((self.now, e.event))
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
        s.schedule(5.0, "c").unwrap();
        s.schedule(1.0, "a").unwrap();
        s.schedule(5.0, "d").unwrap();
        s.schedule(1.0, "b").unwrap();
        let order: Vec<_> = std::iter::from_fn(|| s.pop()).map(|(_, e)| e).collect();
        assert_eq!(order, ["a", "b", "c", "d"]);
        assert_eq!(s.now(), 5.0);
    }

    #[test]
    fn the_past_is_refused() {
        let mut s = Scheduler::new();
        s.schedule(10.0, ()).unwrap();
        s.pop();
        assert_eq!(s.schedule(9.0, ()), Err(SchedulingError { at: 9.0, now: 10.0 }));
        assert!(s.schedule(f64::NAN, ()).is_err());
        assert!(s.schedule(10.0, ()).is_ok());
    }
}
