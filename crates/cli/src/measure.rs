//! Summaries of timed repetitions for the benchmark commands.

/// The `q`-quantile (0–1) of unsorted samples: the one definition
/// (`borderflow_sim::report::quantile`, linear interpolation) on a sorted copy.
pub fn quantile(mut xs: Vec<f64>, q: f64) -> f64 {
    xs.sort_by(f64::total_cmp);
    borderflow_sim::report::quantile(&xs, q)
}

/// The middle sample.
pub fn median(xs: Vec<f64>) -> f64 {
    quantile(xs, 0.5)
}
