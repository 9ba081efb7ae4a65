//! # borderflow-boost
//!
//! Gradient-boosted regression trees on histogram-binned features, as
//! scikit-learn's `HistGradientBoosting` grows them: each feature cut into at
//! most 255 bins at its quantiles ([`bins`]), trees grown leaf by leaf where
//! the loss falls most, up to 31 leaves of at least 20 rows ([`tree`]). Two
//! losses: least absolute deviation (a median, leaves set to the median of
//! their residuals) and log loss (a probability).
//!
//! It exists because the backtest's correction needs trees that regularise
//! as these do: the `gbdt` crate it used grows depth-wise on every distinct
//! value and scored worse with the same information; `perpetual` needs a
//! nightly compiler in its released versions and was slower and no better.
//! No sampling anywhere, so a fit is the same on every run and machine.
//!
//! ```
//! use borderflow_boost::{Loss, Model, Params};
//! // y = 2 when x > 5, else 0, give or take 0.01.
//! let rows: Vec<Vec<f32>> = (0..200).map(|i| vec![(i % 10) as f32]).collect();
//! let y: Vec<f64> = (0..200).map(|i| if i % 10 > 5 { 2.0 } else { 0.0 } + 0.01 * ((i % 7) as f64 - 3.0) / 3.0).collect();
//! let m = Model::fit(&rows, &y, Loss::Absolute, &Params::default()).unwrap();
//! assert!((m.predict(&[8.0]) - 2.0).abs() < 0.01 && m.predict(&[1.0]).abs() < 0.01);
//! ```
//!
//! Pure computation: no I/O, no threads, no dependency but `thiserror`.

pub mod bins;
pub mod tree;

use bins::Binned;
use tree::Tree;

/// What the trees minimise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loss {
    /// Absolute error: the prediction is a conditional median.
    Absolute,
    /// Log loss of a yes/no outcome (targets 0 and 1): the prediction is a probability.
    Logistic,
}

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
    /// A target is not a finite number (or, for log loss, not 0 or 1).
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
    loss: Loss,
    baseline: f64,
    trees: Vec<Tree>,
}

impl Model {
    /// Fits `rows` (each of the same length) to `y`.
    pub fn fit<R: AsRef<[f32]>>(rows: &[R], y: &[f64], loss: Loss, p: &Params) -> Result<Model, BoostError> {
        let rows: Vec<&[f32]> = rows.iter().map(AsRef::as_ref).collect();
        check(&rows, y, loss)?;
        let data = Binned::new(&rows);
        let n = rows.len();
        let baseline = match loss {
            Loss::Absolute => median(&mut y.to_vec()),
            Loss::Logistic => {
                let p = (y.iter().sum::<f64>() / n as f64).clamp(1e-12, 1.0 - 1e-12);
                (p / (1.0 - p)).ln()
            }
        };
        let mut raw = vec![baseline; n];
        let (mut grad, mut hess) = (vec![0.0; n], vec![1.0; n]);
        let mut trees = Vec::new();
        for _ in 0..p.iterations {
            for i in 0..n {
                match loss {
                    Loss::Absolute => grad[i] = if raw[i] > y[i] { 1.0 } else { -1.0 },
                    Loss::Logistic => {
                        let q = sigmoid(raw[i]);
                        (grad[i], hess[i]) = (q - y[i], q * (1.0 - q));
                    }
                }
            }
            let (mut tree, leaves) = tree::grow(&data, (0..n as u32).collect(), &grad, &hess, p);
            for (node, members) in leaves {
                let step = match loss {
                    // The median residual of the leaf's rows: what the absolute error asks of it.
                    Loss::Absolute => median(&mut members.iter().map(|&i| y[i as usize] - raw[i as usize]).collect::<Vec<_>>()),
                    Loss::Logistic => tree.predict_node(node),
                } * p.learning_rate;
                tree.set_leaf(node, step);
                for &i in &members {
                    raw[i as usize] += step;
                }
            }
            trees.push(tree);
        }
        Ok(Model { loss, baseline, trees })
    }

    /// The prediction for a row: the median (absolute loss) or the probability (log loss).
    pub fn predict(&self, row: &[f32]) -> f64 {
        let raw = self.baseline + self.trees.iter().map(|t| t.predict(row)).sum::<f64>();
        match self.loss {
            Loss::Absolute => raw,
            Loss::Logistic => sigmoid(raw),
        }
    }

    /// Trees fitted.
    pub fn trees(&self) -> usize {
        self.trees.len()
    }
}

fn check(rows: &[&[f32]], y: &[f64], loss: Loss) -> Result<(), BoostError> {
    let Some(first) = rows.first() else { return Err(BoostError::NoRows) };
    if rows.len() != y.len() {
        return Err(BoostError::Shape(format!("{} rows but {} targets", rows.len(), y.len())));
    }
    if let Some(i) = rows.iter().position(|r| r.len() != first.len()) {
        return Err(BoostError::Shape(format!("row {i} has {} features, row 0 has {}", rows[i].len(), first.len())));
    }
    for (index, &v) in y.iter().enumerate() {
        let what = match loss {
            _ if !v.is_finite() => format!("{v} is not a finite number"),
            Loss::Logistic if v != 0.0 && v != 1.0 => format!("{v}: log loss takes 0 or 1"),
            _ => continue,
        };
        return Err(BoostError::Target { index, what });
    }
    Ok(())
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// The median (of an even count, midway between the two middle values).
fn median(v: &mut [f64]) -> f64 {
    let (n, k) = (v.len(), v.len() / 2);
    let (below, &mut upper, _) = v.select_nth_unstable_by(k, f64::total_cmp);
    if n % 2 == 1 { upper } else { (below.iter().copied().fold(f64::NEG_INFINITY, f64::max) + upper) / 2.0 }
}
