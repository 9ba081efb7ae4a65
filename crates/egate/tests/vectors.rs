//! The parser against the 58 ICAO 9303 reference cases in `data/mrz/vectors.json`
//! (fields, every check digit, semantic and structure errors, validity), the
//! standalone check-digit vectors and the Part 11 BAC worked example.

use borderflow_egate::chip::BacKeys;
use borderflow_egate::mrz::{self, Checked, Mrz, Problem, StructureError, check_digit};
use serde_json::Value;
use std::collections::BTreeSet;

fn vectors() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/mrz/vectors.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("data/mrz/vectors.json")).expect("valid JSON")
}

fn field(m: &Mrz, name: &str) -> String {
    let text: &str = match name {
        "document_code" => &m.document_code,
        "issuing_state" => &m.issuing_state,
        "surname" => &m.surname,
        "given_names" => &m.given_names,
        "document_number" => &m.document_number,
        "nationality" => &m.nationality,
        "birth_date" => &m.birth_date,
        "expiry_date" => &m.expiry_date,
        "optional_data" => &m.optional_data,
        "optional_data_2" => m.optional_data_2.as_deref().unwrap_or("<absent>"),
        "sex" => return m.sex.to_string(),
        other => panic!("unknown field {other}"),
    };
    text.to_string()
}

fn checked(name: &str) -> Checked {
    match name {
        "document_number" => Checked::DocumentNumber,
        "birth_date" => Checked::BirthDate,
        "expiry_date" => Checked::ExpiryDate,
        "optional_data" => Checked::OptionalData,
        "composite" => Checked::Composite,
        other => panic!("unknown check digit {other}"),
    }
}

/// The reference's semantic error text, as one of our problems' kinds.
fn semantic_kind(text: &str) -> &'static str {
    match text {
        t if t.starts_with("birth_date") => "birth_date",
        t if t.starts_with("expiry_date") => "expiry_date",
        t if t.starts_with("sex") => "sex",
        t if t.starts_with("document code") => "document_code",
        other => panic!("unknown semantic error {other}"),
    }
}

fn problem_kind(p: &Problem) -> &'static str {
    match p {
        Problem::BirthDate { .. } => "birth_date",
        Problem::ExpiryDate { .. } => "expiry_date",
        Problem::Sex { .. } => "sex",
        Problem::DocumentCode { .. } => "document_code",
    }
}

/// The reference's structure error text in our terms, e.g. "line 2 length 43 != 44".
fn structure_matches(text: &str, errors: &[StructureError]) -> bool {
    let words: Vec<&str> = text.split(' ').collect();
    match words.as_slice() {
        ["line", n, "length", found, "!=", expected] => errors.contains(&StructureError::LineLength {
            line: n.parse().unwrap(),
            expected: expected.parse().unwrap(),
            found: found.parse().unwrap(),
        }),
        ["expected", n, "lines,", "got", m] => errors.iter().any(
            |e| matches!(e, StructureError::LineCount { expected, found, .. } if expected.to_string() == *n && found.to_string() == *m),
        ),
        ["line", n, "invalid", "characters", ..] => {
            let quoted = &text[text.find('\'').unwrap() + 1..text.rfind('\'').unwrap()];
            let want: BTreeSet<char> = quoted.chars().collect();
            let got: BTreeSet<char> = errors
                .iter()
                .filter_map(|e| match e {
                    StructureError::Character { line, found, .. } if line.to_string() == *n => Some(*found),
                    _ => None,
                })
                .collect();
            want == got
        }
        _ => panic!("unknown structure error {text}"),
    }
}

#[test]
fn every_reference_case() {
    let v = vectors();
    let cases = v["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 58);
    let mut failures = Vec::new();
    for case in cases {
        let id = case["id"].as_str().unwrap();
        let lines: Vec<&str> = case["lines"].as_array().unwrap().iter().map(|l| l.as_str().unwrap()).collect();
        let expected = &case["expected"];
        let mut fail = |what: String| failures.push(format!("{id}: {what}"));
        let structure: Vec<&str> = expected["structure_errors"].as_array().unwrap().iter().map(|e| e.as_str().unwrap()).collect();
        let parsed = mrz::parse_lines(&lines);
        let m = match (parsed, structure.is_empty()) {
            (Err(e), false) => {
                for s in &structure {
                    if !structure_matches(s, &e.0) {
                        fail(format!("structure error {s:?} not among {:?}", e.0));
                    }
                }
                continue;
            }
            (Err(e), true) => {
                fail(format!("refused: {e}"));
                continue;
            }
            (Ok(_), false) => {
                fail(format!("accepted despite {structure:?}"));
                continue;
            }
            (Ok(m), true) => m,
        };
        if format!("{:?}", m.format) != case["format"].as_str().unwrap() {
            fail(format!("format {:?}", m.format));
        }
        for (name, want) in expected["fields"].as_object().unwrap() {
            if field(&m, name) != want.as_str().unwrap() {
                fail(format!("{name} = {:?}, expected {want}", field(&m, name)));
            }
        }
        for (name, want) in expected["check_digits"].as_object().unwrap() {
            match m.check(checked(name)) {
                Some(c) if c.ok == want.as_bool().unwrap() => {}
                other => fail(format!("check digit {name}: {other:?}, expected {want}")),
            }
        }
        let want: BTreeSet<&str> =
            expected["semantic_errors"].as_array().unwrap().iter().map(|e| semantic_kind(e.as_str().unwrap())).collect();
        let got: BTreeSet<&str> = m.problems.iter().map(|p| problem_kind(&p.problem)).collect();
        if want != got {
            fail(format!("semantic errors {got:?}, expected {want:?}"));
        }
        let known = &expected["known_state_codes"];
        if (m.issuing_state_known, m.nationality_known)
            != (known["issuing_state"].as_bool().unwrap(), known["nationality"].as_bool().unwrap())
        {
            fail(format!("known codes {} {}", m.issuing_state_known, m.nationality_known));
        }
        if let Some(long) = expected["long_document_number"].as_bool()
            && m.long_document_number != long
        {
            fail(format!("long document number {}", m.long_document_number));
        }
        if m.is_valid() != expected["valid"].as_bool().unwrap() {
            fail(format!("valid = {}", m.is_valid()));
        }
    }
    assert!(failures.is_empty(), "{} disagreements with ICAO:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn check_digit_vectors() {
    for v in vectors()["check_digit_vectors"].as_array().unwrap() {
        let input = v["input"].as_str().unwrap();
        let want = v["check_digit"].as_str().unwrap().as_bytes()[0];
        assert_eq!(check_digit(input.as_bytes()), Some(want), "{input}");
    }
}

#[test]
fn bac_keys_match_icao_part_11_worked_example() {
    let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02X}")).collect::<String>();
    for v in vectors()["bac_key_derivation_vectors"].as_array().unwrap() {
        let info = v["mrz_information"].as_str().unwrap();
        let keys = BacKeys::derive(info);
        assert_eq!(hex(&keys.k_seed), v["k_seed"].as_str().unwrap());
        assert_eq!(hex(&keys.k_enc), v["k_enc"].as_str().unwrap());
        assert_eq!(hex(&keys.k_mac), v["k_mac"].as_str().unwrap());
        // The same string built from a zone carrying those fields.
        let number = v["document_number"].as_str().unwrap();
        let zone = format!(
            "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n{number}{}UTO{}{}F{}{}<<<<<<<<<<<<<<<0",
            char::from(check_digit(number.as_bytes()).unwrap()),
            v["birth_date"].as_str().unwrap(),
            char::from(check_digit(v["birth_date"].as_str().unwrap().as_bytes()).unwrap()),
            v["expiry_date"].as_str().unwrap(),
            char::from(check_digit(v["expiry_date"].as_str().unwrap().as_bytes()).unwrap()),
        );
        let m = mrz::parse(&zone).unwrap();
        assert_eq!(m.bac_information(), info);
        assert_eq!(BacKeys::for_mrz(&m), keys);
    }
}
