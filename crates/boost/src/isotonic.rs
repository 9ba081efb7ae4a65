//! Isotonic calibration: the non-decreasing map from a score to the share of
//! outcomes that came true, fitted by pooling adjacent violators (Barlow et al.,
//! 1972), as scikit-learn's `IsotonicRegression` does with clipped ends. It
//! turns a model's score (a predicted longest wait, say) into a probability
//! that earlier data bears out, without assuming a shape for the map.

/// A fitted non-decreasing map from score to probability: linear between the
/// scores it was fitted on, flat beyond the lowest and the highest.
#[derive(Debug, Clone, PartialEq)]
pub struct Isotonic {
    /// Distinct scores, ascending, each with its fitted value (non-decreasing).
    points: Vec<(f64, f64)>,
}

impl Isotonic {
    /// Fits `(score, outcome)` pairs; `None` without a finite pair.
    /// Outcomes are usually 0 and 1; any finite value is averaged as it is.
    pub fn fit(pairs: &[(f64, f64)]) -> Option<Isotonic> {
        let mut sorted: Vec<(f64, f64)> = pairs.iter().copied().filter(|(s, y)| s.is_finite() && y.is_finite()).collect();
        sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
        // One block per distinct score: (score, sum of outcomes, count).
        let mut blocks: Vec<(f64, f64, f64)> = Vec::new();
        for (s, y) in sorted {
            match blocks.last_mut() {
                Some(b) if b.0 == s => (b.1, b.2) = (b.1 + y, b.2 + 1.0),
                _ => blocks.push((s, y, 1.0)),
            }
        }
        if blocks.is_empty() {
            return None;
        }
        // Pool adjacent violators: merge a block into the one before while its mean is lower.
        // Each pool remembers the distinct scores it covers.
        let mut pools: Vec<(f64, f64, usize)> = Vec::new(); // (sum, count, scores covered)
        for &(_, sum, count) in &blocks {
            pools.push((sum, count, 1));
            while pools.len() > 1 {
                let (s2, c2, n2) = pools[pools.len() - 1];
                let (s1, c1, n1) = pools[pools.len() - 2];
                if s1 / c1 <= s2 / c2 {
                    break;
                }
                pools.pop();
                *pools.last_mut().expect("two pools") = (s1 + s2, c1 + c2, n1 + n2);
            }
        }
        let values = pools.iter().flat_map(|&(sum, count, n)| std::iter::repeat_n(sum / count, n));
        Some(Isotonic { points: blocks.iter().map(|b| b.0).zip(values).collect() })
    }

    /// The calibrated value of a score.
    pub fn predict(&self, score: f64) -> f64 {
        let p = &self.points;
        let i = p.partition_point(|q| q.0 < score);
        if i == 0 {
            return p[0].1;
        }
        if i == p.len() {
            return p[i - 1].1;
        }
        let ((x0, y0), (x1, y1)) = (p[i - 1], p[i]);
        y0 + (y1 - y0) * (score - x0) / (x1 - x0)
    }
}
