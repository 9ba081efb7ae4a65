//! The dashboard and the board in a real browser: `web/e2e/dashboard.mjs`
//! drives Debian's Chromium (playwright-core) against `borderflow demo`.
//! CI installs Chromium and sets `BORDERFLOW_REQUIRE_BROWSER=1`, so there the
//! test cannot be skipped; screenshots land in `web/e2e/screenshots/`.

use std::path::Path;
use std::process::Command;

#[test]
fn dashboard_and_board_in_chromium() {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        assert!(std::env::var("BORDERFLOW_REQUIRE_BROWSER").is_err(), "BORDERFLOW_REQUIRE_BROWSER is set but {chromium} is missing");
        eprintln!("{chromium} not found: browser test not run here (CI runs it; apt-get install chromium)");
        return;
    }
    let web = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../web");
    let out = Command::new("timeout")
        .args(["240", "node", "e2e/dashboard.mjs", env!("CARGO_BIN_EXE_borderflow"), "e2e/screenshots"])
        .current_dir(&web)
        .env("CHROMIUM", &chromium)
        .env("RUST_LOG", "warn")
        .output()
        .expect("node runs");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    println!("{text}");
    assert!(out.status.success(), "the browser test failed:\n{text}");
    assert!(text.contains("ok - the public board shows a wait per queue"), "{text}");
}
