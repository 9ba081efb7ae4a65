//! Wrong secrets slowed down: per token id and per client address, a few
//! attempts that did not succeed are free, then each further one locks that
//! id or address out for a time that doubles (1 s, 2 s, 4 s … up to
//! [`MAX_LOCK`]); while locked it gets 429 with `Retry-After` and costs the
//! server nothing (no store lookup, no argon2). A success clears the token
//! id's and the client's record; a record untouched for [`FORGET_AFTER`] is
//! dropped.
//!
//! Pure bookkeeping over an injected instant, so the rule is tested directly.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failures allowed before a lock-out.
pub const FREE_FAILURES: u32 = 5;
/// The longest lock-out.
pub const MAX_LOCK: Duration = Duration::from_secs(60);
/// A record untouched this long is forgotten.
const FORGET_AFTER: Duration = Duration::from_secs(600);
/// Records kept at most (each a few dozen bytes); past it the stale ones go.
const MAX_RECORDS: usize = 100_000;

/// Who failed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Who {
    Token(String),
    Client(IpAddr),
}

#[derive(Debug, Clone, Copy)]
struct Record {
    failures: u32,
    last: Instant,
    locked_until: Option<Instant>,
}

/// The failure book.
#[derive(Debug, Default)]
pub struct Throttle {
    records: Mutex<HashMap<Who, Record>>,
}

impl Throttle {
    /// Admits an attempt for this token id from this client, or refuses it
    /// with how long to wait while either is locked out. The attempt counts
    /// as a failure until [`Throttle::succeeded`] says otherwise, so that
    /// concurrent attempts are counted before any of them is checked.
    pub fn admit(&self, token_id: &str, client: Option<IpAddr>) -> Result<(), Duration> {
        self.admit_at(token_id, client, Instant::now())
    }

    /// Notes a good secret: the id's and the client's failures are forgiven.
    pub fn succeeded(&self, token_id: &str, client: Option<IpAddr>) {
        let mut records = self.records.lock().expect("not poisoned");
        records.remove(&Who::Token(token_id.to_owned()));
        if let Some(ip) = client {
            records.remove(&Who::Client(ip));
        }
    }

    fn admit_at(&self, token_id: &str, client: Option<IpAddr>, now: Instant) -> Result<(), Duration> {
        let mut records = self.records.lock().expect("not poisoned");
        if records.len() >= MAX_RECORDS {
            records.retain(|_, r| now.duration_since(r.last) < FORGET_AFTER);
        }
        let wait = keys(token_id, client).map(|who| bump(&mut records, who, now)).max().unwrap_or_default();
        answer(wait)
    }

    /// For people signing in: the name counts each attempt before the check
    /// (as a token id does), but the address need only be free of a lock and
    /// counts only wrong passwords ([`Throttle::wrong_password`]): many people
    /// behind one address (a station's network) sign in at once at a shift
    /// change, and each concurrent attempt is not a failure.
    pub fn admit_person(&self, name_key: &str, client: Option<IpAddr>) -> Result<(), Duration> {
        self.admit_person_at(name_key, client, Instant::now())
    }

    fn admit_person_at(&self, name_key: &str, client: Option<IpAddr>, now: Instant) -> Result<(), Duration> {
        let mut records = self.records.lock().expect("not poisoned");
        if let Some(until) = client.and_then(|ip| records.get(&Who::Client(ip))).and_then(|r| r.locked_until).filter(|&u| u > now) {
            return answer(until - now);
        }
        answer(bump(&mut records, Who::Token(name_key.to_owned()), now))
    }

    /// Counts a wrong password against the client's address.
    pub fn wrong_password(&self, client: Option<IpAddr>) {
        if let Some(ip) = client {
            bump(&mut self.records.lock().expect("not poisoned"), Who::Client(ip), Instant::now());
        }
    }
}

/// Counts one attempt for `who`: how long it is locked out (zero: not).
fn bump(records: &mut HashMap<Who, Record>, who: Who, now: Instant) -> Duration {
    let r = records.entry(who).or_insert(Record { failures: 0, last: now, locked_until: None });
    if now.duration_since(r.last) >= FORGET_AFTER {
        *r = Record { failures: 0, last: now, locked_until: None };
    }
    r.failures += 1;
    r.last = now;
    if r.failures > FREE_FAILURES {
        // Each attempt while over the limit doubles the lock, up to MAX_LOCK.
        let doublings = (r.failures - FREE_FAILURES - 1).min(16);
        let until = now + Duration::from_secs(1 << doublings).min(MAX_LOCK);
        r.locked_until = Some(r.locked_until.map_or(until, |u| u.max(until)));
    }
    r.locked_until.filter(|&u| u > now).map_or(Duration::ZERO, |u| u - now)
}

/// Ok, or how long to wait in whole seconds for Retry-After (never 0).
fn answer(wait: Duration) -> Result<(), Duration> {
    if wait.is_zero() { Ok(()) } else { Err(Duration::from_secs(wait.as_secs_f64().ceil().max(1.0) as u64)) }
}

fn keys(token_id: &str, client: Option<IpAddr>) -> impl Iterator<Item = Who> {
    std::iter::once(Who::Token(token_id.to_owned())).chain(client.map(Who::Client))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_few_attempts_are_free_then_the_lock_doubles_up_to_a_minute() {
        let t = Throttle::default();
        let ip: IpAddr = "10.0.0.7".parse().unwrap();
        let now = Instant::now();
        for _ in 0..FREE_FAILURES {
            assert_eq!(t.admit_at("abc", Some(ip), now), Ok(()));
        }
        let locks: Vec<u64> = (0..9).map(|_| t.admit_at("abc", Some(ip), now).unwrap_err().as_secs()).collect();
        assert_eq!(locks, [1, 2, 4, 8, 16, 32, 60, 60, 60]);
        // The lock is on the id and on the address, each on its own.
        assert!(t.admit_at("other", Some(ip), now).is_err(), "the address is locked whatever id it tries");
        assert!(t.admit_at("abc", None, now).is_err(), "the id is locked from anywhere");
        assert_eq!(t.admit_at("other", Some("10.0.0.8".parse().unwrap()), now), Ok(()));
    }

    #[test]
    fn success_forgives_and_old_failures_are_forgotten() {
        let t = Throttle::default();
        let now = Instant::now();
        for _ in 0..=FREE_FAILURES {
            let _ = t.admit_at("abc", None, now);
        }
        assert!(t.admit_at("abc", None, now).is_err());
        t.succeeded("abc", None);
        for _ in 0..FREE_FAILURES {
            assert_eq!(t.admit_at("abc", None, now), Ok(()));
        }
        // Ten quiet minutes later the count starts again.
        assert_eq!(t.admit_at("abc", None, now + FORGET_AFTER), Ok(()));
    }

    #[test]
    fn people_behind_one_address_sign_in_together_but_wrong_passwords_lock_it() {
        let t = Throttle::default();
        let ip: IpAddr = "10.0.0.7".parse().unwrap();
        let now = Instant::now();
        // Twenty people at a shift change, each attempt still unchecked: the address is not locked.
        for i in 0..20 {
            assert_eq!(t.admit_person_at(&format!("user:p{i}"), Some(ip), now), Ok(()), "person {i}");
        }
        // One name tried over and over is locked, from any address.
        for _ in 0..FREE_FAILURES {
            let _ = t.admit_person_at("user:ana", Some(ip), now);
        }
        assert!(t.admit_person_at("user:ana", None, now).is_err());
        // Wrong passwords from one address lock it for every name.
        for _ in 0..=FREE_FAILURES {
            t.wrong_password(Some(ip));
        }
        assert!(t.admit_person_at("user:someone", Some(ip), Instant::now()).is_err());
        assert_eq!(t.admit_person_at("user:someone", Some("10.0.0.8".parse().unwrap()), Instant::now()), Ok(()));
    }

    #[test]
    fn a_lock_runs_out() {
        let t = Throttle::default();
        let now = Instant::now();
        for _ in 0..=FREE_FAILURES {
            let _ = t.admit_at("abc", None, now);
        }
        assert_eq!(t.admit_at("abc", None, now), Err(Duration::from_secs(2)));
        // After it: one more try is let through only if the count has been forgotten; until then each try locks again.
        assert!(t.admit_at("abc", None, now + Duration::from_secs(3)).is_err());
        assert_eq!(t.admit_at("abc", None, now + Duration::from_secs(3) + FORGET_AFTER), Ok(()));
    }
}
