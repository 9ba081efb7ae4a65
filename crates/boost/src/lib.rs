//! # borderflow-boost
//!
//! Gradient-boosted regression trees on histogram-binned features, as
//! scikit-learn's `HistGradientBoosting` grows them: each feature cut into at
//! most 255 bins at its quantiles ([`bins`]), trees grown leaf by leaf where
//! the loss falls most, up to 31 leaves of at least 20 rows ([`tree`]). The
//! loss is least absolute deviation: a conditional median, each leaf set to
//! the median of its rows' residuals. Beside them, [`isotonic`] calibration
//! turns a score (a predicted longest wait) into a probability earlier data
//! bears out. The backtest's alarm ranked hours better that way than with a
//! classifier fitted to the yes/no outcome, so the crate's log loss was removed.
//!
//! It exists because the backtest's correction needs trees that regularise
//! as these do: the `gbdt` crate it used grows depth-wise on every distinct
//! value and scored worse with the same information; `perpetual` needs a
//! nightly compiler in its released versions and was slower and no better.
//! No sampling anywhere, so a fit is the same on every run and machine.
//!
//! ```
//! use borderflow_boost::{Model, Params};
//! // y = 2 when x > 5, else 0, give or take 0.01.
//! let rows: Vec<Vec<f32>> = (0..200).map(|i| vec![(i % 10) as f32]).collect();
//! let y: Vec<f64> = (0..200).map(|i| if i % 10 > 5 { 2.0 } else { 0.0 } + 0.01 * ((i % 7) as f64 - 3.0) / 3.0).collect();
//! let m = Model::fit(&rows, &y, &Params::default()).unwrap();
//! assert!((m.predict(&[8.0]) - 2.0).abs() < 0.01 && m.predict(&[1.0]).abs() < 0.01);
//! ```
//!
//! Pure computation: no I/O, no threads, no dependency but `thiserror`.

pub mod bins;
pub mod isotonic;
pub mod tree;

use bins::Binned;
pub use isotonic::Isotonic;
use tree::Tree;

/// How the trees grow (the defaults are scikit-learn's, with its 300 trees at learning rate 0.05 as the backtest compares).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Trees.
    pub iterations: usize,
    /// Each tree's share of its step.
    pub learning_rate: f64,
    /// Leaves a tree at most.
    pub max_leaves: usize,
    /// Rows a leaf at least.
    pub min_leaf: usize,
    /// L2 penalty on leaf values.
    pub l2: f64,
}

impl Default for Params {
    fn default() -> Params {
        Params { iterations: 300, learning_rate: 0.05, max_leaves: 31, min_leaf: 20, l2: 0.0 }
    }
}

/// Why a model could not be fitted.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum BoostError {
    /// No rows to learn from.
    #[error("no rows to learn from")]
    NoRows,
    /// The rows and targets differ in number, or a row in length.
    #[error("{0}")]
    Shape(String),
    /// A target is not a finite number.
    #[error("target {index}: {what}")]
    Target {
        /// The row.
        index: usize,
        /// What is wrong.
        what: String,
    },
}

/// Fitted trees.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    baseline: f64,
    trees: Vec<Tree>,
}

impl Model {
    /// Fits `rows` (each of the same length) to `y`: the median of `y` given a row.
    pub fn fit<R: AsRef<[f32]>>(rows: &[R], y: &[f64], p: &Params) -> Result<Model, BoostError> {
        let rows: Vec<&[f32]> = rows.iter().map(AsRef::as_ref).collect();
        check(&rows, y)?;
        let data = Binned::new(&rows);
        let n = rows.len();
        let baseline = median(&mut y.to_vec());
        let mut raw = vec![baseline; n];
        // The absolute error's gradient is a sign; its hessian is taken as 1, as scikit-learn does.
        let (mut grad, hess) = (vec![0.0; n], vec![1.0; n]);
        let mut trees = Vec::new();
        for _ in 0..p.iterations {
            for i in 0..n {
                grad[i] = if raw[i] > y[i] { 1.0 } else { -1.0 };
            }
            let (mut tree, leaves) = tree::grow(&data, (0..n as u32).collect(), &grad, &hess, p);
            for (node, members) in leaves {
                // The median residual of the leaf's rows: what the absolute error asks of it.
                let step = median(&mut members.iter().map(|&i| y[i as usize] - raw[i as usize]).collect::<Vec<_>>()) * p.learning_rate;
                tree.set_leaf(node, step);
                for &i in &members {
                    raw[i as usize] += step;
                }
            }
            trees.push(tree);
        }
        Ok(Model { baseline, trees })
    }

    /// The prediction for a row: the median of its target.
    pub fn predict(&self, row: &[f32]) -> f64 {
        self.baseline + self.trees.iter().map(|t| t.predict(row)).sum::<f64>()
    }

    /// Trees fitted.
    pub fn trees(&self) -> usize {
        self.trees.len()
    }
}

fn check(rows: &[&[f32]], y: &[f64]) -> Result<(), BoostError> {
    let Some(first) = rows.first() else { return Err(BoostError::NoRows) };
    if rows.len() != y.len() {
        return Err(BoostError::Shape(format!("{} rows but {} targets", rows.len(), y.len())));
    }
    if let Some(i) = rows.iter().position(|r| r.len() != first.len()) {
        return Err(BoostError::Shape(format!("row {i} has {} features, row 0 has {}", rows[i].len(), first.len())));
    }
    match y.iter().position(|v| !v.is_finite()) {
        Some(index) => Err(BoostError::Target { index, what: format!("{} is not a finite number", y[index]) }),
        None => Ok(()),
    }
}

/// The median (of an even count, midway between the two middle values).
fn median(v: &mut [f64]) -> f64 {
    let (n, k) = (v.len(), v.len() / 2);
    let (below, &mut upper, _) = v.select_nth_unstable_by(k, f64::total_cmp);
    if n % 2 == 1 { upper } else { (below.iter().copied().fold(f64::NEG_INFINITY, f64::max) + upper) / 2.0 }
}
