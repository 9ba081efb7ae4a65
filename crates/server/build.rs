//! Builds the web UI (`web/`, TypeScript + Vite) into this build's `OUT_DIR`
//! (`$OUT_DIR/web`), which the server embeds. Never into the source tree: two
//! checkouts sharing a target directory, or a read-only checkout, build
//! alike. Runs npm only when the web sources changed. Bundles without
//! type-checking: the types are checked by `tests/server/web_unit.rs`, after the
//! API's generated types (`web/src/api-types/`) are checked against the
//! Rust ones, so a changed Rust type can be regenerated before the web is
//! type-checked against it.

use std::path::Path;
use std::process::Command;

fn main() {
    let web = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../web");
    for f in ["src", "package.json", "package-lock.json", "vite.config.ts", "tsconfig.json"] {
        println!("cargo:rerun-if-changed={}", web.join(f).display());
    }
    // Every page (index, board, desk, guide, signin, admin…).
    for page in std::fs::read_dir(&web)
        .expect("web/ is readable")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
    {
        println!("cargo:rerun-if-changed={}", page.display());
    }
    let npm = if cfg!(windows) { "npm.cmd" } else { "npm" };
    let ok = |c: &mut Command| c.current_dir(&web).status().map(|s| s.success()).unwrap_or(false);
    if !ok(Command::new(npm).arg("--version").stdout(std::process::Stdio::null())) {
        panic!(
            "\n\nborderflow's web UI (web/) is built with Node.js and npm, which were not found.\n\
             Install Node.js 18 or newer with npm (e.g. `apt-get install nodejs npm`), then build again.\n\n"
        );
    }
    // Install when node_modules is missing or older than the lock file (a dependency was added).
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let installed = modified(&web.join("node_modules/.package-lock.json"));
    if installed.is_none_or(|i| modified(&web.join("package-lock.json")).is_some_and(|l| l > i))
        && !ok(Command::new(npm).args(["ci", "--no-audit", "--no-fund"]))
    {
        panic!("\n\n`npm ci` failed in {}: see its output above.\n\n", web.display());
    }
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("web");
    if !ok(Command::new(npm).args(["run", "bundle", "--", "--outDir"]).arg(&out)) {
        panic!("\n\n`npm run bundle` failed in {}: see its output above.\n\n", web.display());
    }
}
