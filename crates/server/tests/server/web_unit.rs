//! The web UI checked as part of `cargo test`, so one command tests
//! everything: its TypeScript types are the server's Rust types, it
//! type-checks against them, and its own unit tests (Vitest,
//! `web/src/*.test.ts`: data shaping and translations) pass.

use std::path::{Path, PathBuf};

fn web() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../web")
}

fn npm(args: &[&str]) -> (bool, String) {
    let out = std::process::Command::new("npm").args(args).current_dir(web()).output().expect("npm runs (the build needed it too)");
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

/// `web/src/api-types/` holds what the Rust types generate, and nothing
/// else; with `BORDERFLOW_BLESS=1` this test rewrites it first.
#[test]
fn the_web_ui_s_api_types_are_generated_from_the_rust_ones() {
    let dir = web().join("..").join(borderflow_server::api_types::DIR);
    let generated = borderflow_server::api_types::typescript();
    if std::env::var_os("BORDERFLOW_BLESS").is_some() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (name, text) in &generated {
            std::fs::write(dir.join(name), text).unwrap();
        }
    }
    let bless = "run `BORDERFLOW_BLESS=1 cargo test -p borderflow-server --test server web_unit` and commit the result";
    let mut there: Vec<String> =
        std::fs::read_dir(&dir).map(|d| d.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect()).unwrap_or_default();
    there.sort();
    let mut expected: Vec<String> = generated.iter().map(|(n, _)| n.clone()).collect();
    expected.sort();
    assert_eq!(there, expected, "{}: not the files the Rust types generate: {bless}", dir.display());
    for (name, text) in &generated {
        let checked_in = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
        assert!(checked_in == *text, "{}/{name} is not what the Rust types generate: {bless}", dir.display());
    }
}

#[test]
fn the_web_ui_type_checks() {
    let (ok, text) = npm(&["run", "--silent", "typecheck"]);
    assert!(ok, "tsc found errors:\n{text}");
}

#[test]
fn web_unit_tests_pass() {
    let (ok, text) = npm(&["test", "--silent"]);
    assert!(ok, "vitest failed:\n{text}");
    assert!(text.contains("passed"), "vitest ran no test:\n{text}");
}
