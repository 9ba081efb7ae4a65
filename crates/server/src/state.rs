//! What every handler shares.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use borderflow_core::instruction::{InstructionStep, Step};
use borderflow_core::{Event, EventBody, Id, Scenario};
use borderflow_live::Live;
use borderflow_store::{Appended, EventStore, GroupCommit, Layout, StoreError};
use jiff::Timestamp;
use tokio::sync::{broadcast, watch};

use crate::auth::Tokens;

/// The time, passed in so tests can set it.
pub trait Clock: Send + Sync {
    /// Now.
    fn now(&self) -> Timestamp;
}

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}

/// A message on the live stream: pre-serialised JSON and its SSE event name.
#[derive(Debug, Clone)]
pub struct Update {
    /// `snapshot`, `delta`, `alert` or `twin`.
    pub kind: &'static str,
    /// The JSON data.
    pub json: Arc<String>,
}

/// A supervisor's lane command, for whoever runs the lanes (the demo's simulator).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LaneCommand {
    /// Checkpoint.
    pub checkpoint: String,
    /// Lane.
    pub lane: String,
    /// Open (true) or close.
    pub open: bool,
}

/// Counters for `/metrics`.
#[derive(Debug, Default)]
pub struct Metrics {
    /// Events received in ingest requests.
    pub received: AtomicU64,
    /// Newly stored.
    pub stored: AtomicU64,
    /// Already stored (retries).
    pub duplicates: AtomicU64,
    /// Refused as invalid.
    pub rejected: AtomicU64,
    /// Ingest requests.
    pub requests: AtomicU64,
    /// Ingest latency histogram: counts per bucket of [`LATENCY_BUCKETS_MS`] (+Inf last).
    pub latency: [AtomicU64; BUCKETS],
    /// Sum of ingest latencies, microseconds.
    pub latency_sum_us: AtomicU64,
    /// Open live streams.
    pub streams: AtomicU64,
    /// Rollup days rebuilt.
    pub rollups: AtomicU64,
    /// From an event's acknowledgement to the stream message that carries it:
    /// counts per bucket of [`LATENCY_BUCKETS_MS`] (+Inf last).
    pub to_stream: [AtomicU64; BUCKETS],
    /// Sum of those latencies, microseconds.
    pub to_stream_sum_us: AtomicU64,
    /// One twin refresh (every checkpoint's outlook, whole-hall advice search and
    /// track record): counts per bucket of [`LATENCY_BUCKETS_MS`] (+Inf last).
    pub twin: [AtomicU64; BUCKETS],
    /// Sum of twin refresh times, microseconds.
    pub twin_sum_us: AtomicU64,
    /// Events read from the shared log (several servers on one store).
    pub followed: AtomicU64,
    /// Webhook messages that could not even be queued (the store refused the write).
    pub webhooks_lost: AtomicU64,
    /// The oldest acknowledgement not yet carried by a stream message.
    pub unstreamed_since: std::sync::Mutex<Option<std::time::Instant>>,
}

/// Upper bounds of the latency histogram, milliseconds.
pub const LATENCY_BUCKETS_MS: [f64; 14] = [1.0, 2.0, 5.0, 10.0, 25.0, 50.0, 100.0, 150.0, 200.0, 250.0, 300.0, 500.0, 1000.0, 5000.0];

/// Histogram cells: one per bound, and +Inf.
pub const BUCKETS: usize = LATENCY_BUCKETS_MS.len() + 1;

impl Metrics {
    /// Records one ingest request's latency.
    pub fn observe(&self, seconds: f64) {
        observe(&self.latency, &self.latency_sum_us, seconds);
    }

    /// Records how long one twin refresh took.
    pub fn observe_twin(&self, seconds: f64) {
        observe(&self.twin, &self.twin_sum_us, seconds);
    }

    /// Notes that events were acknowledged and await the stream.
    pub fn acknowledged(&self) {
        self.unstreamed_since.lock().expect("not poisoned").get_or_insert_with(std::time::Instant::now);
    }

    /// Notes that a stream message went out: the oldest waiting acknowledgement's latency.
    pub fn streamed(&self) {
        if let Some(since) = self.unstreamed_since.lock().expect("not poisoned").take() {
            observe(&self.to_stream, &self.to_stream_sum_us, since.elapsed().as_secs_f64());
        }
    }
}

fn observe(buckets: &[AtomicU64; BUCKETS], sum_us: &AtomicU64, seconds: f64) {
    let ms = seconds * 1e3;
    let i = LATENCY_BUCKETS_MS.iter().position(|&b| ms <= b).unwrap_or(LATENCY_BUCKETS_MS.len());
    buckets[i].fetch_add(1, Ordering::Relaxed);
    sum_us.fetch_add((seconds * 1e6) as u64, Ordering::Relaxed);
}

/// Shared state: cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The event store.
    pub store: Arc<dyn EventStore>,
    /// Appends to it, concurrent requests sharing one transaction (one fsync).
    pub appender: Arc<GroupCommit>,
    /// What the store knows of checkpoints.
    pub layout: Layout,
    /// The configured checkpoints.
    pub scenarios: Arc<Vec<Scenario>>,
    /// The live picture.
    pub live: Arc<Mutex<Live>>,
    /// Token verification.
    pub tokens: Arc<Tokens>,
    /// The clock.
    pub clock: Arc<dyn Clock>,
    /// Live stream messages.
    pub updates: broadcast::Sender<Update>,
    /// Lane commands.
    pub commands: broadcast::Sender<LaneCommand>,
    /// Counters.
    pub metrics: Arc<Metrics>,
    /// Flips to true when the server is shutting down (ends live streams).
    pub shutdown: watch::Receiver<bool>,
    /// Woken when the live picture changes, so the stream follows within a fraction of a second.
    pub changed: Arc<tokio::sync::Notify>,
    /// The twin's latest outlook per checkpoint (empty until first computed).
    pub twin: Arc<Mutex<Vec<crate::twin::TwinAnswer>>>,
    /// How often the background task refreshes the twin (real time).
    pub twin_every: std::time::Duration,
    /// The demand the twin runs ahead on, per checkpoint, for the local day it was made (see [`crate::demand`]).
    pub demand: Arc<Mutex<Vec<crate::demand::Demand>>>,
    /// The twin's track record per checkpoint id: its predictions, scored once their travellers are served.
    pub track: Arc<Mutex<std::collections::HashMap<String, borderflow_live::track::TrackRecord>>>,
    /// Why the last write to the store failed, until a write succeeds again (`/healthz` says degraded).
    pub write_failure: Arc<Mutex<Option<StoreError>>>,
    /// How far past the server's clock an event may be dated (a device's
    /// clock running a little fast); later ones are refused.
    pub future_margin: jiff::SignedDuration,
    /// The command network: every instruction and where it stands.
    pub instructions: Arc<Mutex<borderflow_command::Book>>,
    /// How long an instruction may go unanswered before it is escalated to
    /// the supervisor (twice that: to everyone in the hall).
    pub escalate_after: jiff::SignedDuration,
    /// How long a sign-in lasts (default 12 hours: a long shift).
    pub session_lifetime: std::time::Duration,
    /// Whether officers must sign in at desks with their password (a desk's
    /// `officer_on` by id alone is refused).
    pub desk_passwords: bool,
    /// Days a traveller's pseudonym is kept in the events; older ones are
    /// forgotten (counts and rollups stay). `None`: kept for ever.
    pub forget_travellers_after_days: Option<u32>,
    /// Outbound webhooks (checked, secrets resolved).
    pub webhooks: Arc<[crate::webhooks::Webhook]>,
    /// How hard webhook delivery tries.
    pub webhook_policy: crate::webhooks::Policy,
    /// Wakes the delivery task when a message is queued.
    pub webhook_wake: Arc<tokio::sync::Notify>,
    /// When each lane's desk terminal last read its view (real time): lanes with a person at a terminal.
    pub desks_seen: Arc<Mutex<std::collections::HashMap<String, std::time::Instant>>>,
    /// Past days' history, kept a while (`GET /api/v1/history`).
    pub history: Arc<crate::history::HistoryCache>,
    /// On a store other servers share: where this server stands in the log it follows.
    pub follow: Option<Arc<crate::follow::Follower>>,
    /// Whether this server does the work that must happen once in the
    /// system (rollups, twin scores, escalations, alert books, reactions):
    /// always alone on SQLite; on a shared store, while it holds the lease.
    pub once: Arc<std::sync::atomic::AtomicBool>,
}

/// The most events one group-commit transaction takes.
const GROUP_COMMIT_EVENTS: usize = 50_000;

/// The default [`AppState::escalate_after`]: 2 minutes.
pub const ESCALATE_AFTER: jiff::SignedDuration = jiff::SignedDuration::from_mins(2);

/// The default [`AppState::future_margin`]: 5 minutes.
pub const FUTURE_MARGIN: jiff::SignedDuration = jiff::SignedDuration::from_mins(5);

impl AppState {
    /// State over a store and checkpoints; the live picture starts empty.
    pub fn new(store: Arc<dyn EventStore>, scenarios: Vec<Scenario>, clock: Arc<dyn Clock>, shutdown: watch::Receiver<bool>) -> AppState {
        let store_shared = store.shared();
        AppState {
            appender: Arc::new(GroupCommit::new(store.clone(), GROUP_COMMIT_EVENTS)),
            store,
            layout: Layout::from_scenarios(&scenarios),
            live: Arc::new(Mutex::new(Live::new(&scenarios))),
            scenarios: Arc::new(scenarios),
            tokens: Arc::new(Tokens::default()),
            clock,
            updates: broadcast::channel(64).0,
            commands: broadcast::channel(64).0,
            metrics: Arc::new(Metrics::default()),
            shutdown,
            changed: Arc::new(tokio::sync::Notify::new()),
            twin: Arc::new(Mutex::new(Vec::new())),
            twin_every: std::time::Duration::from_secs(60),
            demand: Arc::new(Mutex::new(Vec::new())),
            track: Arc::new(Mutex::new(std::collections::HashMap::new())),
            write_failure: Arc::new(Mutex::new(None)),
            future_margin: FUTURE_MARGIN,
            instructions: Arc::new(Mutex::new(borderflow_command::Book::new())),
            escalate_after: ESCALATE_AFTER,
            session_lifetime: std::time::Duration::from_secs(12 * 3600),
            desk_passwords: false,
            forget_travellers_after_days: None,
            webhooks: Arc::from(Vec::new()),
            webhook_policy: crate::webhooks::Policy::default(),
            webhook_wake: Arc::default(),
            desks_seen: Arc::default(),
            history: Arc::default(),
            follow: store_shared.then(|| Arc::new(crate::follow::Follower::default())),
            once: Arc::new((!store_shared).into()),
        }
    }

    /// Notes how a write to the store went, for `/healthz`: a failure makes
    /// the server degraded until the next write succeeds.
    pub fn note_write<T>(&self, result: &Result<T, StoreError>) {
        let mut failure = self.write_failure.lock().expect("not poisoned");
        match result {
            Ok(_) => *failure = None,
            Err(e) => *failure = Some(e.clone()),
        }
    }

    /// Stores events durably, applies the newly stored ones to the live
    /// picture and wakes the stream: the one path every accepted event takes
    /// (ingest and lane commands alike). On a store other servers share, the
    /// picture follows the log instead (their events and ours, in commit
    /// order), and this returns once ours are in it.
    pub async fn accept(&self, events: &[Event]) -> Result<Vec<Appended>, StoreError> {
        if events.is_empty() {
            return Ok(Vec::new());
        }
        let answers = self.appender.append(events).await;
        self.note_write(&answers);
        let answers = answers?;
        if self.follow.is_some() {
            crate::follow::through_now(self).await?;
        } else {
            let stored = events.iter().zip(&answers).filter(|(_, a)| **a == Appended::Stored).map(|(e, _)| e);
            let reactions = self.project(stored);
            self.react(reactions).await?;
        }
        Ok(answers)
    }

    /// Applies newly stored events, in log order, to the instruction book and
    /// the live picture, sends instruction changes on the stream and wakes it.
    /// Returns what the server doing the once-only work must do about them.
    pub(crate) fn project<'a>(&self, events: impl IntoIterator<Item = &'a Event>) -> Reactions {
        let mut r = Reactions::default();
        let mut applied = false;
        {
            let now = self.clock.now();
            let mut live = self.live.lock().expect("not poisoned");
            let mut book = self.instructions.lock().expect("not poisoned");
            for ev in events {
                // A lane or officer event proves the orders it carries out done.
                for id in book.proven_done(ev) {
                    r.done.push(instruction_done(ev, id));
                }
                book.apply(ev);
                if let EventBody::Instruction(step) = &ev.body
                    && let Some(i) = book.get(step.instruction.as_str())
                {
                    let json = serde_json::to_string(i).expect("instructions serialise");
                    if !self.webhooks.is_empty() {
                        r.hooks.push((ev.checkpoint.to_string(), json.clone()));
                    }
                    let _ = self.updates.send(Update { kind: "instruction", json: Arc::new(json) });
                }
                if live.admits(ev, now) {
                    live.apply(ev);
                    applied = true;
                }
            }
        }
        if applied {
            self.metrics.acknowledged();
            self.changed.notify_one();
        }
        r
    }

    /// Does what projected events ask, if this server does the once-only
    /// work (on a shared store, the lease holder; otherwise always).
    pub(crate) async fn react(&self, r: Reactions) -> Result<(), StoreError> {
        if !self.once.load(Ordering::Relaxed) {
            return Ok(());
        }
        for (checkpoint, json) in r.hooks {
            crate::webhooks::enqueue(self, crate::webhooks::Kind::Instruction, &checkpoint, &json).await;
        }
        if !r.done.is_empty() {
            // Their `done` steps, recorded like any other (boxed: accept calls itself once).
            Box::pin(self.accept(&r.done)).await?;
        }
        Ok(())
    }

    /// A configured checkpoint.
    pub fn scenario(&self, checkpoint: &str) -> Option<&Scenario> {
        self.scenarios.iter().find(|s| s.checkpoint == *checkpoint)
    }
}

/// What projected events ask of the server doing the once-only work.
#[derive(Debug, Default)]
pub(crate) struct Reactions {
    /// `done` steps of instructions proven carried out.
    done: Vec<Event>,
    /// Instruction changes for the webhooks: checkpoint and JSON.
    hooks: Vec<(String, String)>,
}

impl Reactions {
    /// Adds another's.
    pub(crate) fn extend(&mut self, other: Reactions) {
        self.done.extend(other.done);
        self.hooks.extend(other.hooks);
    }
}

/// The `done` step of instruction `id`, proven by `ev`.
fn instruction_done(ev: &Event, id: Id) -> Event {
    let step = InstructionStep {
        instruction: id,
        step: Step::Done,
        by: None,
        to: None,
        order: None,
        note: Some(format!("{} {}", ev.body.kind(), ev.id)),
    };
    Event { id: uuid::Uuid::now_v7(), at: ev.at, checkpoint: ev.checkpoint.clone(), body: EventBody::Instruction(step) }
}
