//! The trees against cases whose answer is known, and what they refuse.

use borderflow_boost::{BoostError, Loss, Model, Params};

/// A small deterministic generator, so the cases need no dependency.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// y = 10·[x0 > 0.5] + 5·x1 plus noise (Laplace-like, median 0); x2 is noise.
fn regression(n: usize, seed: u64) -> (Vec<Vec<f32>>, Vec<f64>) {
    let mut r = Lcg(seed);
    let rows: Vec<Vec<f32>> = (0..n).map(|_| vec![r.next() as f32, r.next() as f32, r.next() as f32]).collect();
    let y = rows
        .iter()
        .map(|x| {
            let noise = (r.next().max(1e-12)).ln() * if r.next() < 0.5 { 1.0 } else { -1.0 };
            10.0 * f64::from(u8::from(x[0] > 0.5)) + 5.0 * x[1] as f64 + noise
        })
        .collect();
    (rows, y)
}

#[test]
fn the_absolute_loss_recovers_the_conditional_median() {
    let (rows, y) = regression(4000, 1);
    let m = Model::fit(&rows, &y, Loss::Absolute, &Params::default()).unwrap();
    let (test, _) = regression(1000, 2);
    let err: f64 =
        test.iter().map(|x| (m.predict(x) - (10.0 * f64::from(u8::from(x[0] > 0.5)) + 5.0 * x[1] as f64)).abs()).sum::<f64>() / 1000.0;
    assert!(err < 0.5, "mean distance from the true median {err}");
    assert_eq!(m.trees(), 300);
}

#[test]
fn a_fit_is_the_same_every_time() {
    let (rows, y) = regression(1000, 3);
    let a = Model::fit(&rows, &y, Loss::Absolute, &Params::default()).unwrap();
    let b = Model::fit(&rows, &y, Loss::Absolute, &Params::default()).unwrap();
    assert_eq!(a, b);
}

#[test]
fn the_log_loss_gives_calibrated_probabilities() {
    // P(y = 1) = 0.1 where x < 0.5, 0.7 above.
    let mut r = Lcg(7);
    let rows: Vec<Vec<f32>> = (0..6000).map(|_| vec![r.next() as f32]).collect();
    let y: Vec<f64> = rows.iter().map(|x| f64::from(u8::from(r.next() < if x[0] < 0.5 { 0.1 } else { 0.7 }))).collect();
    let m = Model::fit(&rows, &y, Loss::Logistic, &Params::default()).unwrap();
    // Averaged over each half, the probabilities come back within sampling error.
    let mean = |lo: f32, hi: f32| (0..100).map(|k| m.predict(&[lo + (hi - lo) * (k as f32 + 0.5) / 100.0])).sum::<f64>() / 100.0;
    let (low, high) = (mean(0.0, 0.5), mean(0.5, 1.0));
    assert!((low - 0.1).abs() < 0.04 && (high - 0.7).abs() < 0.05, "{low} {high}");
    assert!((0.0..=1.0).contains(&m.predict(&[f32::NAN])));
}

#[test]
fn leaves_keep_at_least_min_leaf_rows() {
    // Only 30 rows differ: with 20 a leaf at least the trees can still split them off; with 31, they cannot.
    let rows: Vec<Vec<f32>> = (0..300).map(|i| vec![if i < 30 { 1.0 } else { 0.0 }]).collect();
    let y: Vec<f64> = (0..300).map(|i| if i < 30 { 10.0 } else { 0.0 } + (i % 3) as f64 * 0.01).collect();
    let p = Params::default();
    assert!(Model::fit(&rows, &y, Loss::Absolute, &p).unwrap().predict(&[1.0]) > 9.0);
    let strict = Params { min_leaf: 31, ..p };
    assert!(Model::fit(&rows, &y, Loss::Absolute, &strict).unwrap().predict(&[1.0]) < 1.0);
}

#[test]
fn bad_input_is_refused_with_what_and_where() {
    let p = Params::default();
    let none: Vec<Vec<f32>> = Vec::new();
    assert_eq!(Model::fit(&none, &[], Loss::Absolute, &p).unwrap_err(), BoostError::NoRows);
    let rows = vec![vec![1.0f32, 2.0], vec![3.0]];
    assert!(Model::fit(&rows, &[1.0, 2.0], Loss::Absolute, &p).unwrap_err().to_string().contains("row 1 has 1 features"));
    let rows = vec![vec![1.0f32], vec![2.0]];
    assert!(Model::fit(&rows, &[1.0], Loss::Absolute, &p).unwrap_err().to_string().contains("2 rows but 1 targets"));
    assert_eq!(Model::fit(&rows, &[1.0, f64::NAN], Loss::Absolute, &p).unwrap_err().to_string(), "target 1: NaN is not a finite number");
    assert!(Model::fit(&rows, &[1.0, 0.5], Loss::Logistic, &p).unwrap_err().to_string().starts_with("target 1: 0.5"));
}
