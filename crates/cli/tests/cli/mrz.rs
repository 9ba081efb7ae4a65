//! `borderflow mrz check` as a document reader's integrator would call it.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn mrz_check(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_borderflow"))
        .args(["mrz", "check"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn reads_a_passport_from_stdin_with_reader_line_ends() {
    let out = mrz_check(
        &["--today", "2026-11-27"],
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<  \r\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\r\n",
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["format"], "TD3");
    assert_eq!(v["surname"], "ERIKSSON");
    assert_eq!(v["given_names"], "ANNA MARIA");
    assert_eq!(v["dates"]["birth"], "1974-08-12");
    assert_eq!(v["dates"]["expiry"], "2012-04-15");
    // ICAO's specimen verifies as printed, and expired in 2012: two facts, said apart.
    assert_eq!(v["valid_as_printed"], true);
    assert_eq!(v["expired"], true);
    assert!(v.get("valid").is_none(), "no single `valid` that reads as 'fit to travel': {v}");
}

/// A blank line inside a zone was skipped silently, joining lines that do not belong together.
#[test]
fn a_blank_line_inside_a_zone_is_an_error() {
    let out = mrz_check(&[], "\nP<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\n\n");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 3 is blank"), "{err}");
}

#[test]
fn reads_lines_from_arguments_and_joins_a_long_document_number() {
    let out = mrz_check(&["I<UTOD23145890<7349<<<<<<<<<<<", "3407127M9507122UTO<<<<<<<<<<<2", "STEVENSON<<PETER<JOHN<<<<<<<<<"], "");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["document_number"], "D23145890734");
    assert_eq!(v["long_document_number"], true);
}

#[test]
fn an_o_for_a_zero_is_reported_where_it_is_not_corrected() {
    let out = mrz_check(&[], "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO74O8122F1204159ZE184226B<<<<<10\n");
    assert!(!out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["birth_date"], "74O812", "the character is kept as read");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 2, column 20: birth date check digit is '2', the data calls for '6'"), "{err}");
    assert!(err.contains("line 2, column 14: birth date \"74O812\" is not a calendar date"), "{err}");
}

#[test]
fn malformed_zones_name_line_and_column() {
    let out = mrz_check(&[], "P<UTOEriksson<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\n");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 1, column 7: 'r' is not an MRZ character"), "{err}");
    let out = mrz_check(&[], "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<1\n");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 2: 43 characters, the format needs 44"), "{err}");
    let out = mrz_check(&[], "");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no lines given"), "{err}");
}
