//! The trees against cases whose answer is known, and what they refuse.

use borderflow_boost::{BoostError, Model, Params};

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
    let m = Model::fit(&rows, &y, &Params::default()).unwrap();
    let (test, _) = regression(1000, 2);
    let err: f64 =
        test.iter().map(|x| (m.predict(x) - (10.0 * f64::from(u8::from(x[0] > 0.5)) + 5.0 * x[1] as f64)).abs()).sum::<f64>() / 1000.0;
    assert!(err < 0.5, "mean distance from the true median {err}");
    assert_eq!(m.trees(), 300);
}

#[test]
fn a_fit_is_the_same_every_time() {
    let (rows, y) = regression(1000, 3);
    let a = Model::fit(&rows, &y, &Params::default()).unwrap();
    let b = Model::fit(&rows, &y, &Params::default()).unwrap();
    assert_eq!(a, b);
}

#[test]
fn leaves_keep_at_least_min_leaf_rows() {
    // Only 30 rows differ: with 20 a leaf at least the trees can still split them off; with 31, they cannot.
    let rows: Vec<Vec<f32>> = (0..300).map(|i| vec![if i < 30 { 1.0 } else { 0.0 }]).collect();
    let y: Vec<f64> = (0..300).map(|i| if i < 30 { 10.0 } else { 0.0 } + (i % 3) as f64 * 0.01).collect();
    let p = Params::default();
    assert!(Model::fit(&rows, &y, &p).unwrap().predict(&[1.0]) > 9.0);
    let strict = Params { min_leaf: 31, ..p };
    assert!(Model::fit(&rows, &y, &strict).unwrap().predict(&[1.0]) < 1.0);
}

#[test]
fn bad_input_is_refused_with_what_and_where() {
    let p = Params::default();
    let none: Vec<Vec<f32>> = Vec::new();
    assert_eq!(Model::fit(&none, &[], &p).unwrap_err(), BoostError::NoRows);
    let rows = vec![vec![1.0f32, 2.0], vec![3.0]];
    assert!(Model::fit(&rows, &[1.0, 2.0], &p).unwrap_err().to_string().contains("row 1 has 1 features"));
    let rows = vec![vec![1.0f32], vec![2.0]];
    assert!(Model::fit(&rows, &[1.0], &p).unwrap_err().to_string().contains("2 rows but 1 targets"));
    assert_eq!(Model::fit(&rows, &[1.0, f64::NAN], &p).unwrap_err().to_string(), "target 1: NaN is not a finite number");
}

#[test]
fn isotonic_calibration_pools_what_runs_backwards() {
    use borderflow_boost::Isotonic;
    // Scores 1..4 with outcomes 0, 1, 0, 1: the middle pair runs backwards and pools to 0.5.
    let m = Isotonic::fit(&[(1.0, 0.0), (2.0, 1.0), (3.0, 0.0), (4.0, 1.0)]).unwrap();
    let got: Vec<f64> = [0.0, 1.0, 2.0, 2.5, 3.0, 4.0, 9.0].map(|s| m.predict(s)).to_vec();
    assert_eq!(got, [0.0, 0.0, 0.5, 0.5, 0.5, 1.0, 1.0], "clipped ends, linear between");
    // Repeated scores are one point at their mean; halfway between two points is halfway between their values.
    let m = Isotonic::fit(&[(0.0, 0.0), (0.0, 1.0), (0.0, 0.0), (0.0, 0.0), (10.0, 1.0)]).unwrap();
    assert_eq!((m.predict(0.0), m.predict(5.0), m.predict(10.0)), (0.25, 0.625, 1.0));
    // Never decreasing, whatever the order of the input.
    let mut r = Lcg(11);
    let pairs: Vec<(f64, f64)> = (0..500).map(|_| (r.next() * 100.0, f64::from(u8::from(r.next() < 0.5)))).collect();
    let m = Isotonic::fit(&pairs).unwrap();
    let curve: Vec<f64> = (0..=100).map(|s| m.predict(s as f64)).collect();
    assert!(curve.windows(2).all(|w| w[0] <= w[1]) && curve.iter().all(|p| (0.0..=1.0).contains(p)));
    // Nothing finite to learn from: no calibration, not a silent constant.
    assert_eq!(Isotonic::fit(&[(f64::NAN, 1.0), (1.0, f64::INFINITY)]), None);
    assert_eq!(Isotonic::fit(&[]), None);
}
