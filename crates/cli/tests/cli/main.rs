//! The `borderflow` binary driven as a user would, one test binary for the
//! commands that run alone or with one short-lived server: simulate, plan
//! and the other planning commands, mrz, user, backup and restore. The tests
//! that time a server's fall and return (`gate`, `cluster`), run several
//! servers (`stations`, `serve`) or drive a browser (`browser`) keep binaries
//! of their own, so they do not share the machine with these.

#[path = "../common/mod.rs"]
mod common;

mod backup;
mod mrz;
mod simulate;
mod user;
