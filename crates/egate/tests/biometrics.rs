//! Our matchers on the few real samples `scripts/fetch-biometrics.sh` fetches:
//! genuine pairs score above the threshold, impostor pairs below, and how long
//! each comparison takes. Two people and two fingers show that the matchers
//! work; they measure nothing about false match or non-match rates.
#![cfg(feature = "biometrics")]

use std::path::{Path, PathBuf};
use std::time::Instant;

use borderflow_egate::biometrics::{FaceVerifier, FingerprintVerifier};
use borderflow_egate::matchers::{DlibFace, NbisFinger};

fn data(sub: &str) -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/biometrics").join(sub);
    assert!(p.exists(), "{} missing: run scripts/fetch-biometrics.sh", p.display());
    p
}

fn read(sub: &str) -> Vec<u8> {
    std::fs::read(data(sub)).unwrap()
}

#[test]
fn faces_of_the_same_person_match_and_of_another_do_not() {
    let t = Instant::now();
    let face = DlibFace::open(&data("models"), 0.4).unwrap();
    println!("face models loaded in {:.2} s", t.elapsed().as_secs_f64());
    let reference = read("faces/obama.jpg");
    for (live, same) in
        [("faces/obama2.jpg", true), ("faces/obama3.jpg", true), ("faces/obama_partial_face.jpg", true), ("faces/biden.jpg", false)]
    {
        let t = Instant::now();
        let v = face.verify(&read(live), &reference).unwrap();
        println!("face {live} vs obama.jpg: score {:.3} (threshold {}) in {:.0} ms", v.score, v.threshold, t.elapsed().as_secs_f64() * 1e3);
        assert_eq!(v.matched, same, "{live}: {v:?}");
    }
    let e = face.verify(b"not an image", &reference).unwrap_err();
    assert!(e.to_string().starts_with("unusable live sample: not an image"), "{e}");
}

#[test]
fn prints_of_the_same_finger_match_and_of_another_do_not() {
    let finger = NbisFinger::new(40.0);
    let enrolled = read("prints/p1_1.png");
    for (live, same) in [("prints/p1_2.png", true), ("prints/p2_1.png", false)] {
        let t = Instant::now();
        let v = finger.verify(&read(live), &enrolled).unwrap();
        println!(
            "fingerprint {live} vs p1_1.png: BOZORTH3 {} (threshold {}) in {:.0} ms",
            v.score,
            v.threshold,
            t.elapsed().as_secs_f64() * 1e3
        );
        assert_eq!(v.matched, same, "{live}: {v:?}");
    }
}
