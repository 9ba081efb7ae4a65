//! Several servers on one store: each follows the event log in commit order
//! (see `borderflow_store::log`), so every server's live picture, stream,
//! board, twin and instruction book carry what was ingested or commanded
//! through any of them; and one of them at a time, the lease holder, does the
//! work that must happen once.
//!
//! A server's own appends go through the same log: [`through_now`] returns
//! once they are in its picture, so a client reads what it just wrote. The
//! follower wakes on the store's notifications, on its own appends, and every
//! [`POLL`] in any case: a lost notification delays, never loses. Alert
//! acknowledgements made through the others are read every [`ACKS_EVERY`]
//! ([`crate::alerts::apply_acks`]).

use std::collections::HashSet;
use std::sync::atomic::Ordering;
use std::time::Duration;

use borderflow_store::{Appends, LogPos, StoreError};
use uuid::Uuid;

use crate::state::{AppState, Reactions};

/// How often a follower reads the log when nothing woke it.
pub const POLL: Duration = Duration::from_millis(250);

/// How often acknowledgements of alerts made through other servers are read.
pub const ACKS_EVERY: Duration = Duration::from_secs(1);

/// Events per read of the log.
const BATCH: i64 = 5000;

/// How often the lease is tried (by a server without it) or checked (by its holder).
pub const LEASE_EVERY: Duration = Duration::from_secs(2);

/// The lease on the work that must happen once per store.
const ONCE_LEASE: i64 = 0x626f_7264_6572_666c; // "borderfl"

/// Where a server stands in the log it follows.
#[derive(Debug, Default)]
pub struct Follower {
    at: tokio::sync::Mutex<Cursor>,
    /// Wakes the follower (an append of ours committed).
    wake: tokio::sync::Notify,
}

#[derive(Debug, Default)]
struct Cursor {
    pos: LogPos,
    /// Events the rebuild at start already applied, skipped by the follower
    /// until it has settled past `skip_until` (every event the rebuild could see).
    skip: HashSet<Uuid>,
    skip_until: Option<LogPos>,
}

impl Follower {
    /// Where the follower starts, after the rebuild at start applied `rebuilt`:
    /// from `settled` (taken before the rebuild) on, skipping those until `horizon`
    /// (taken after it).
    pub async fn start(&self, settled: LogPos, rebuilt: HashSet<Uuid>, horizon: LogPos) {
        *self.at.lock().await = Cursor { pos: settled, skip: rebuilt, skip_until: Some(horizon) };
    }

    /// Where it stands.
    pub async fn position(&self) -> LogPos {
        self.at.lock().await.pos
    }
}

/// Reads the log from where the server stands to where it is settled,
/// projecting every event not yet applied; then reacts, if this server does
/// the once-only work. Returns the events read.
pub async fn catch_up(state: &AppState) -> Result<usize, StoreError> {
    let Some(f) = &state.follow else { return Ok(0) };
    let mut reactions = Reactions::default();
    let mut n = 0;
    {
        let mut c = f.at.lock().await;
        loop {
            let read = state.store.log_after(c.pos, BATCH).await?;
            let fresh = read.events.iter().map(|(_, e)| e).filter(|e| !c.skip.contains(&e.id));
            reactions.extend(state.project(fresh));
            c.pos = read.settled;
            if c.skip_until.is_some_and(|h| c.pos >= h) {
                c.skip = HashSet::new();
                c.skip_until = None;
            }
            n += read.events.len();
            state.metrics.followed.fetch_add(read.events.len() as u64, Ordering::Relaxed);
            if (read.events.len() as i64) < BATCH {
                break;
            }
        }
    }
    state.react(reactions).await?;
    Ok(n)
}

/// Follows the log until everything committed before the call is in the
/// picture (our own appends just made included). Gives up after 5 s (a
/// transaction elsewhere holding the log back), leaving it to the follower.
pub async fn through_now(state: &AppState) -> Result<(), StoreError> {
    let Some(f) = &state.follow else { return Ok(()) };
    let horizon = state.store.log_mark().await?.horizon;
    let started = std::time::Instant::now();
    loop {
        catch_up(state).await?;
        if f.position().await >= horizon {
            return Ok(());
        }
        if started.elapsed() > Duration::from_secs(5) {
            tracing::warn!("the log is held back by a long transaction: the live picture will follow when it ends");
            f.wake.notify_one();
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

async fn heard(appends: &mut Option<Appends>) -> Result<(), StoreError> {
    match appends {
        Some(a) => a.next().await,
        None => std::future::pending().await,
    }
}

/// Starts following the log and contending for the lease (on a shared store).
pub fn spawn(state: &AppState) {
    let Some(f) = state.follow.clone() else { return };
    let s = state.clone();
    tokio::spawn(async move {
        let mut shutdown = s.shutdown.clone();
        let mut appends: Option<Appends> = None;
        let mut acks_read = std::time::Instant::now();
        loop {
            if appends.is_none() {
                appends =
                    s.store.listen().await.inspect_err(|e| tracing::warn!(error = %e, "cannot listen for appends; polling")).ok().flatten();
            }
            tokio::select! {
                r = heard(&mut appends) => if let Err(e) = r {
                    tracing::warn!(error = %e, "lost the notifications of appends; polling until they are back");
                    appends = None;
                },
                _ = f.wake.notified() => {}
                _ = tokio::time::sleep(POLL) => {}
                _ = shutdown.changed() => break,
            }
            if let Err(e) = catch_up(&s).await {
                tracing::warn!(error = %e, "following the log failed; will retry");
            }
            if acks_read.elapsed() >= ACKS_EVERY {
                acks_read = std::time::Instant::now();
                if let Err(e) = crate::alerts::apply_acks(&s).await {
                    tracing::warn!(error = %e, "reading the alerts' acknowledgements failed; will retry");
                }
            }
        }
    });
    let s = state.clone();
    tokio::spawn(async move {
        let mut shutdown = s.shutdown.clone();
        let mut lease: Option<borderflow_store::Lease> = None;
        loop {
            lease = match lease {
                Some(mut held) => match tokio::time::timeout(LEASE_EVERY, held.check()).await {
                    Ok(Ok(())) => Some(held),
                    failed => {
                        tracing::warn!(?failed, "lost the lease on once-only work: another server takes it over");
                        s.once.store(false, Ordering::SeqCst);
                        None
                    }
                },
                None => match s.store.try_lease(ONCE_LEASE).await {
                    Ok(Some(held)) => {
                        tracing::info!("holds the lease: this server does the once-only work (rollups, escalations, twin scores)");
                        s.once.store(true, Ordering::SeqCst);
                        Some(held)
                    }
                    Ok(None) => None,
                    Err(e) => {
                        tracing::warn!(error = %e, "cannot try the lease; will retry");
                        None
                    }
                },
            };
            tokio::select! {
                _ = tokio::time::sleep(LEASE_EVERY) => {}
                _ = shutdown.changed() => break,
            }
        }
        s.once.store(false, Ordering::SeqCst);
        if let Some(held) = lease {
            held.release().await;
        }
    });
}
