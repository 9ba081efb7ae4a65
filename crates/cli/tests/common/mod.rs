//! Helpers shared by the tests that run `borderflow serve` as a process.
// Each test binary uses only some of them.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// The repository root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The Khorgos scenario.
pub fn khorgos_path() -> PathBuf {
    repo().join("scenarios/khorgos.toml")
}

/// Starts `borderflow serve` for Khorgos on `db` and `port` (0: any); returns the process and the URL it prints.
pub fn serve(db: &Path, port: u16) -> (Child, String) {
    serve_with(db, port, &[])
}

/// [`serve`] with more arguments.
pub fn serve_with(db: &Path, port: u16, extra: &[&str]) -> (Child, String) {
    serve_at(db.to_str().unwrap(), port, &[khorgos_path()], extra)
}

/// Starts `borderflow serve` on store `db` (a path or URL) and `port` (0:
/// any) for the checkpoints of `scenarios`; returns the process and its URL.
pub fn serve_at(db: &str, port: u16, scenarios: &[PathBuf], extra: &[&str]) -> (Child, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_borderflow"));
    cmd.args(["serve", "--port", &port.to_string(), "--db", db]).args(extra);
    for s in scenarios {
        cmd.arg("--checkpoint").arg(s);
    }
    let mut child = cmd.env("RUST_LOG", "warn").stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.split_whitespace().find(|w| w.starts_with("http://")).unwrap_or_else(|| panic!("no URL in {line:?}")).to_owned();
    (child, url)
}

/// A `borderflow serve` process that accepts a whole simulated day at once
/// (events up to a day ahead of its clock); killed when dropped.
pub struct Server {
    pub child: Child,
    pub url: String,
}

impl Server {
    /// Khorgos on store `db` (a path or URL), on any port.
    pub fn start(db: &str) -> Server {
        Server::at(db, 0, &[khorgos_path()], &[])
    }

    /// The checkpoints of `scenarios` on store `db` and `port` (0: any), with more arguments.
    pub fn at(db: &str, port: u16, scenarios: &[PathBuf], extra: &[&str]) -> Server {
        let mut args = vec!["--future-margin-min", "1440"];
        args.extend(extra);
        let (child, url) = serve_at(db, port, scenarios, &args);
        Server { child, url }
    }

    /// SIGKILL: no shutdown hook, no flush.
    pub fn kill9(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A database of its own on the test cluster (see `borderflow_store::testing`).
pub fn fresh_database(name: &str) -> Option<String> {
    tokio::runtime::Runtime::new().unwrap().block_on(borderflow_store::testing::fresh_postgres_database(name))
}

/// A token created with `borderflow token create --db DB ARGS…`.
pub fn token(db: &Path, args: &[&str]) -> String {
    let out =
        Command::new(env!("CARGO_BIN_EXE_borderflow")).args(["token", "create", "--db", db.to_str().unwrap()]).args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}
