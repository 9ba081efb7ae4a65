//! Summaries of timed repetitions for the benchmark commands.

/// The value below which a share `q` (0–1) of the samples lie (nearest rank).
pub fn quantile(mut xs: Vec<f64>, q: f64) -> f64 {
    xs.sort_by(f64::total_cmp);
    let i = ((xs.len() as f64 * q).ceil() as usize).clamp(1, xs.len()) - 1;
    xs[i]
}

/// The middle sample.
pub fn median(xs: Vec<f64>) -> f64 {
    quantile(xs, 0.5)
}
