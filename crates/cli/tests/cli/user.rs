//! `borderflow user` against a running server: people added from the shell
//! sign in over HTTP; a link works once; a disabled user is refused; bad
//! input is said plainly and changes nothing.

use crate::common;

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::{Value, json};

fn user(db: &std::path::Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_borderflow"))
        .arg("user")
        .args(args)
        .args(["--db", db.to_str().unwrap(), "--server", "http://example.test:8080"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn sign_in(client: &reqwest::blocking::Client, url: &str, name: &str, password: &str) -> (u16, Value) {
    let res = client.post(format!("{url}/api/v1/session")).json(&json!({"name": name, "password": password})).send().unwrap();
    (res.status().as_u16(), res.json().unwrap_or(Value::Null))
}

#[test]
fn people_added_from_the_shell_sign_in_and_are_disabled_there() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let added = user(&db, &["add", "ana", "--role", "supervisor", "--password-stdin"], "a good password\n");
    assert!(added.status.success(), "{}", text(&added.stderr));
    assert_eq!(text(&added.stdout).trim(), "added supervisor user ana");

    // Bad input: said by name, nothing stored.
    for (args, stdin, says) in [
        (vec!["add", "bo", "--role", "officer", "--password-stdin"], "short\n", "standard input: a password is 10 to 256 characters"),
        (vec!["add", "Bo Li", "--role", "officer"], "", "user name `Bo Li`"),
        (vec!["add", "gate", "--role", "device"], "", "--role: role `device`"),
        (vec!["add", "ana", "--role", "viewer", "--password-stdin"], "another password\n", "user `ana` exists already"),
        (vec!["disable", "nobody"], "", "no user `nobody`"),
    ] {
        let out = user(&db, &args, stdin);
        assert!(!out.status.success(), "{args:?}");
        assert!(text(&out.stderr).contains(says), "{args:?}: {}", text(&out.stderr));
    }

    // Without a password: a one-time link, pointing at the server people use.
    let guide = user(&db, &["add", "guide1", "--role", "officer"], "");
    assert!(guide.status.success(), "{}", text(&guide.stderr));
    let out = text(&guide.stdout);
    let link = out
        .lines()
        .find_map(|l| l.strip_prefix("one-time sign-in link (24 h): http://example.test:8080/signin#link="))
        .expect(&out)
        .to_owned();
    let list = text(&user(&db, &["list"], "").stdout);
    assert_eq!(list.lines().count(), 3, "{list}");
    assert!(list.lines().any(|l| l.starts_with("ana ") && l.contains("supervisor") && l.contains(" cli ") && l.ends_with(" -")), "{list}");

    let (mut server, url) = common::serve(&db, 0);
    let client = reqwest::blocking::Client::new();
    let (status, who) = sign_in(&client, &url, "ana", "a good password");
    assert_eq!((status, who["by"].as_str()), (200, Some("ana")));
    assert_eq!(sign_in(&client, &url, "ana", "a bad password").0, 401);
    let use_link = || client.post(format!("{url}/api/v1/session/link")).json(&json!({"link": link})).send().unwrap().status().as_u16();
    assert_eq!(use_link(), 200);
    assert_eq!(use_link(), 401, "once only");

    // A new password from the shell, then disabled from the shell: refused at once by the running server.
    assert!(user(&db, &["passwd", "ana"], "a newer password\n").status.success());
    assert_eq!(sign_in(&client, &url, "ana", "a good password").0, 401);
    assert_eq!(sign_in(&client, &url, "ana", "a newer password").0, 200);
    let off = user(&db, &["disable", "ana"], "");
    assert!(off.status.success(), "{}", text(&off.stderr));
    let (status, body) = sign_in(&client, &url, "ana", "a newer password");
    assert_eq!(status, 403);
    assert!(body["error"].as_str().unwrap().contains("disabled"), "{body}");
    let again = user(&db, &["disable", "ana"], "");
    assert!(text(&again.stderr).contains("disabled already"), "{}", text(&again.stderr));
    assert!(text(&user(&db, &["link", "ana"], "").stderr).contains("was disabled"));
    let _ = server.kill();
    let _ = server.wait();
}
