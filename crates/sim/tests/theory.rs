//! The simulator against queueing theory, and the formulas against reference values.
//!
//! Statistical checks state their seed, replications and tolerance. A check
//! also requires the confidence interval to be narrow (a wide one would pass
//! anything).

use borderflow_core::scenario::DistSpec;
use borderflow_sim::erlang::{Mmc, allen_cunneen_wait, required_servers};
use borderflow_sim::record::Waits;
use borderflow_sim::replicate::replication_seed;
use borderflow_sim::{Estimate, Model, textbook};

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    text.lines().skip(1).filter(|l| !l.trim().is_empty()).map(|l| l.split(',').map(str::to_owned).collect()).collect()
}

/// Every row of the reference table: P(wait), mean wait, both service levels,
/// load and occupancy, to the precision the table was written with.
#[test]
fn erlang_c_matches_the_reference_table() {
    let rows = csv_rows(include_str!("data/erlang_c_reference.csv"));
    assert_eq!(rows.len(), 334);
    for r in rows {
        let f = |i: usize| r[i].parse::<f64>().unwrap();
        let m = Mmc { lambda: f(0) / 3600.0, service_s: f(1), servers: f(2) as u32 };
        let ctx = format!("λ={}/h s={} c={}", r[0], r[1], r[2]);
        assert!((m.prob_wait() - f(3)).abs() <= 6e-7, "{ctx}: P(wait) {} vs {}", m.prob_wait(), f(3));
        assert!((m.mean_wait() - f(4)).abs() <= 6e-4, "{ctx}: Wq {} vs {}", m.mean_wait(), f(4));
        assert!((m.service_level(1800.0) - f(5)).abs() <= 6e-7, "{ctx}: SL30min");
        assert!((m.service_level(60.0) - f(6)).abs() <= 6e-7, "{ctx}: SL60s {} vs {}", m.service_level(60.0), f(6));
        assert!((m.load() - f(7)).abs() <= 6e-5, "{ctx}: load");
        assert!((m.occupancy() - f(8)).abs() <= 6e-5, "{ctx}: occupancy");
    }
}

/// The fewest servers is the smallest stable c meeting the target — the
/// table's `true_min_servers`, not the tool's `min_servers` (one too many in 5 rows).
#[test]
fn required_servers_is_the_true_minimum() {
    let rows = csv_rows(include_str!("data/erlang_required_positions.csv"));
    let mut differs = 0;
    for r in rows {
        let f = |i: usize| r[i].parse::<f64>().unwrap();
        let c = required_servers(f(1) / 3600.0, f(2), f(5), f(6));
        assert_eq!(c, f(8) as u32, "{} {}: got {c}", r[0], r[4]);
        differs += (r[7] != r[8]) as u32;
        // And one fewer does not meet it.
        if c > 1 {
            let fewer = Mmc { lambda: f(1) / 3600.0, service_s: f(2), servers: c - 1 };
            assert!(!fewer.is_stable() || fewer.service_level(f(5)) < f(6));
        }
    }
    assert_eq!(differs, 5, "the table documents 5 overstated rows");
}

/// Per-replication mean wait and P(wait) of a single queue, after warm-up.
fn simulate(lambda: f64, service: DistSpec, servers: u32, customers: f64, warmup: u32, reps: u64, seed: u64) -> (Estimate, Estimate) {
    let s = textbook::single_queue(lambda, service, servers, (customers + warmup as f64) / lambda);
    let model = Model::new(&s);
    let (mut w, mut p) = (Vec::new(), Vec::new());
    for r in 0..reps {
        let mut sink = Waits::after(warmup);
        model.run(replication_seed(seed, r), &mut sink);
        w.push(sink.mean());
        p.push(sink.prob_wait());
    }
    (Estimate::of(w), Estimate::of(p))
}

/// M/M/c: Erlang C's mean wait and P(W>0) lie inside the 95 % CI of 40
/// replications of 20,000 customers after 2,000 warm-up (seed 2026), on six
/// rows of the reference table, four of them with ρ ≥ 0.89. The CI must also be
/// tight: mean wait within 12 % and P(wait) within 0.03 of the estimate.
#[test]
fn mmc_agrees_with_erlang_c() {
    // (λ per hour, service s, servers, expected P(wait), expected Wq) from the reference table.
    let cases = [
        (300.0, 45.0, 4, 0.86503, 155.705),
        (1000.0, 20.0, 6, 0.804036, 36.182),
        (500.0, 90.0, 14, 0.590988, 35.459),
        (3000.0, 20.0, 18, 0.668043, 10.021),
        (1500.0, 20.0, 11, 0.299619, 2.247),
        (1000.0, 20.0, 9, 0.136257, 0.791),
    ];
    for (lph, s, c, pw, wq) in cases {
        let m = Mmc { lambda: lph / 3600.0, service_s: s, servers: c };
        assert!((m.prob_wait() - pw).abs() < 1e-6 && (m.mean_wait() - wq).abs() < 1e-3, "table row");
        let (w, p) = simulate(m.lambda, DistSpec::Exponential(s), c, 20_000.0, 2_000, 40, 2026);
        let ctx = format!("λ={lph}/h s={s} c={c} ρ={:.3}", m.occupancy());
        assert!(w.contains(wq), "{ctx}: mean wait {:.3} ± {:.3} vs Erlang C {wq}", w.mean, w.ci95);
        assert!(p.contains(pw), "{ctx}: P(wait) {:.4} ± {:.4} vs Erlang C {pw}", p.mean, p.ci95);
        assert!(w.ci95 < 0.12 * wq.max(1.0), "{ctx}: CI too wide to judge ({:.3})", w.ci95);
        assert!(p.ci95 < 0.03, "{ctx}: CI too wide to judge ({:.4})", p.ci95);
    }
}

/// M/D/c and M/G/c (lognormal, cv 0.5) against Allen–Cunneen, a looser check:
/// the approximation itself is off by a few per cent, so the simulated mean
/// (40 × 20,000 customers, seed 7) must be within 15 % of it. For M/D/1 the
/// formula is exact (Pollaczek–Khinchine): within the CI.
#[test]
fn mgc_agrees_with_allen_cunneen() {
    for (lph, s, c, dist) in [
        (1000.0, 20.0, 6, DistSpec::Deterministic(20.0)),
        (3000.0, 20.0, 18, DistSpec::Deterministic(20.0)),
        (1000.0, 20.0, 6, DistSpec::LogNormal { mean: 20.0, cv: 0.5 }),
        (500.0, 90.0, 14, DistSpec::Gamma { mean: 90.0, cv: 0.5 }),
    ] {
        let m = Mmc { lambda: lph / 3600.0, service_s: s, servers: c };
        let approx = allen_cunneen_wait(m, 1.0, dist.scv());
        let (w, _) = simulate(m.lambda, dist.clone(), c, 20_000.0, 2_000, 40, 7);
        let rel = (w.mean - approx).abs() / approx;
        assert!(
            rel < 0.15,
            "{dist:?} c={c}: simulated {:.2} ± {:.2} vs Allen–Cunneen {approx:.2} ({:.0} % off)",
            w.mean,
            w.ci95,
            rel * 100.0
        );
    }
    // M/D/1, ρ = 0.8: Wq = ρ s / (2 (1 − ρ)) exactly.
    let (lambda, s) = (0.08, 10.0);
    let exact = 0.8 * s / (2.0 * 0.2);
    let (w, _) = simulate(lambda, DistSpec::Deterministic(s), 1, 20_000.0, 2_000, 40, 11);
    assert!(w.contains(exact), "M/D/1: {:.3} ± {:.3} vs {exact}", w.mean, w.ci95);
}

/// With as many servers as customers could ever need (M/M/∞ in effect),
/// nobody waits — for any seed.
#[test]
fn ample_servers_mean_no_wait() {
    for seed in 0..20 {
        let s = textbook::single_queue(0.01, DistSpec::Exponential(30.0), 60, 3600.0);
        let mut sink = Waits::after(0);
        Model::new(&s).run(seed, &mut sink);
        assert!(sink.n > 0);
        assert_eq!(sink.waited, 0, "seed {seed}");
    }
}
