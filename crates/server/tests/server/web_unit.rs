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

/// `web/src/api-types.ts` is what the Rust types generate; with
/// `BORDERFLOW_BLESS=1` this test rewrites it first.
#[test]
fn the_web_ui_s_api_types_are_generated_from_the_rust_ones() {
    let path = web().join("..").join(borderflow_server::api_types::PATH);
    let generated = borderflow_server::api_types::typescript();
    if std::env::var_os("BORDERFLOW_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == generated,
        "{} is not what the Rust types generate: run `BORDERFLOW_BLESS=1 cargo test -p borderflow-server --test server web_unit` and commit it",
        path.display()
    );
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
