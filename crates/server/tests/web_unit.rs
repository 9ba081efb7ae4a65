//! The web UI's own unit tests (Vitest, `web/src/*.test.ts`: data shaping and
//! translations), run as part of `cargo test` so one command tests everything.

#[test]
fn web_unit_tests_pass() {
    let web = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../web");
    let out = std::process::Command::new("npm")
        .args(["test", "--silent"])
        .current_dir(&web)
        .output()
        .expect("npm runs (the build needed it too)");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "vitest failed:\n{text}");
    assert!(text.contains("passed"), "vitest ran no test:\n{text}");
}
