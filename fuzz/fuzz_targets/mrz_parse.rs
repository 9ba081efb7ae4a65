//! The MRZ parser on arbitrary reader output: it must answer every input with
//! a zone or an error, never a panic, and everything the gate does with a
//! parsed zone must not panic either.
#![no_main]

use borderflow_egate::{chip, mrz};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(m) = mrz::parse(text) else { return };
    let today = jiff::civil::date(2026, 11, 27);
    let _ = m.birth().map(|d| d.as_birth_date(today));
    let _ = m.expiry().map(|d| d.as_expiry_date(today));
    let _ = chip::BacKeys::for_mrz(&m);
    let copy = chip::ChipData { dg1_mrz: m.lines.join("\n"), dg2_face: Vec::new() };
    assert_eq!(chip::compare_dg1(&m, &copy), Ok(()));
    if let Ok(lines) = mrz::build(&m.fields) {
        assert!(mrz::parse_lines(&lines.iter().map(String::as_str).collect::<Vec<_>>()).is_ok());
    }
});
