//! Who arrives when: the day's arrivals, drawn before the run from their own
//! random streams, so changing lanes never changes who arrives.

use crate::SimRng;
use borderflow_core::Scenario;
use rand::{Rng, SeedableRng};
use rand_distr::{Distribution, Exp1};

use super::stream_seed;

/// One arrival.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Arrival {
    /// When the traveller joins a queue, seconds from midnight.
    pub t: f64,
    /// Stream (direction) index.
    pub stream: u16,
    /// Category index.
    pub category: u16,
    /// Whether the traveller goes to the e-gates.
    pub egate: bool,
}

/// Draws the day's arrivals for all streams, sorted by time (ties keep
/// stream order, then draw order).
pub fn generate(s: &Scenario, has_egate_queue: &[bool], seed: u64) -> Vec<Arrival> {
    let mut all = Vec::with_capacity(s.expected_travellers() as usize + 64);
    for (si, st) in s.streams.iter().enumerate() {
        let mut rng = SimRng::seed_from_u64(stream_seed(seed, 1, si as u64));
        let cum: Vec<f64> = st
            .category_shares
            .iter()
            .scan(0.0, |acc, x| {
                *acc += x;
                Some(*acc)
            })
            .collect();
        let egate_ok = has_egate_queue[si];
        // With a single category present, drawing one would waste a random number.
        let only = st.category_shares.iter().position(|&x| x == 1.0);
        let mut push = |t: f64, cat: Option<usize>, rng: &mut SimRng| {
            let category = match cat.or(only) {
                Some(c) => c,
                None => {
                    let u: f64 = rng.random::<f64>() * cum.last().copied().unwrap_or(1.0);
                    cum.iter().position(|&c| u < c).unwrap_or(cum.len() - 1)
                }
            };
            let share = s.categories[category].egate_share;
            let egate = egate_ok && share > 0.0 && rng.random::<f64>() < share;
            all.push(Arrival { t, stream: si as u16, category: category as u16, egate });
        };
        // The crowd waiting at opening, let in over the release time.
        let crowd = st.crowd_at_open as u64;
        for k in 0..crowd {
            let t = st.open_s + st.crowd_release_s * (k as f64 + 0.5) / crowd as f64;
            push(t, None, &mut rng);
        }
        // Non-homogeneous Poisson: exact within each constant-rate piece.
        for piece in &st.rates {
            if piece.per_s <= 0.0 {
                continue;
            }
            let mut t = piece.from_s;
            loop {
                let gap: f64 = Exp1.sample(&mut rng);
                t += gap / piece.per_s;
                if t >= piece.to_s {
                    break;
                }
                push(t, None, &mut rng);
            }
        }
        for g in &st.groups {
            for _ in 0..g.size {
                let t = g.at_s + g.spread_s * rng.random::<f64>();
                push(t, None, &mut rng);
            }
        }
        for &(t, cat) in &st.replay {
            push(t, cat, &mut rng);
        }
    }
    all.sort_by(|a, b| a.t.total_cmp(&b.t));
    all
}
