//! A scenario file of arbitrary text: it must be refused with an error or
//! accepted within the stated limits (`borderflow_core::scenario::limits`),
//! and an accepted one must simulate without a panic, a hang or an absurd
//! allocation. `cargo +nightly fuzz run scenario_parse`; CI runs the
//! proptest over the same ground (`crates/sim/tests/scenario_fuzz.rs`).
#![no_main]

use borderflow_core::Scenario;
use borderflow_core::scenario::limits;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(s) = Scenario::parse(text, "fuzz.toml", &[], &|p: &str| Err(format!("no file {p}"))) else { return };
    assert!(s.lanes.len() as i64 <= limits::MAX_LANES);
    if s.expected_travellers() < 50_000.0 {
        borderflow_sim::Model::new(&s).run(1, &mut Vec::new());
    }
});
