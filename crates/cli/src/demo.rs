//! `borderflow demo`: the server on the embedded store, fed live by the
//! simulator through the real ingest API, time compressed — and a closed
//! loop: a supervisor's lane command reaches the running simulation, and the
//! simulated officers acknowledge instructions to their lanes and carry them out.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use borderflow_core::{Event, EventBody, Id, Scenario};
use borderflow_server::{AppState, Clock, Role};
use borderflow_sim::{Exporter, Model, SimEvent};
use borderflow_store::Layout;
use jiff::Timestamp;

use crate::serve::{init_logging_at, open_store, shutdown_signal};

#[derive(clap::Args)]
pub struct Args {
    /// Scenario to simulate (simulated as today, in the checkpoint's time zone).
    #[arg(long, default_value = "scenarios/khorgos.toml")]
    scenario: PathBuf,
    /// Random seed of the simulated day.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Simulated seconds per real second, more than 0 and at most 3,600. At 10 the opening
    /// surge (09:50 to about 12:30) lasts a quarter of an hour: time to open the pages and watch it.
    #[arg(long, default_value_t = 10.0, value_parser = speed)]
    speed: f64,
    /// Port (0: any free one).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Store for the demo (a fresh file each run by default).
    #[arg(long, default_value = "borderflow-demo.db")]
    db: String,
    /// Simulated time to start at (local, HH:MM): a little before the hall opens.
    #[arg(long, default_value = "09:40")]
    start: String,
    /// Keep an existing demo store instead of starting afresh.
    #[arg(long)]
    keep: bool,
    /// The simulated hall runs a world that departs from the scenario (the server and its
    /// twin know only the scenario).
    #[command(flatten)]
    world: crate::world::WorldArgs,
}

/// Simulated time: a start instant plus elapsed real time × speed.
struct SimClock {
    start_real: Instant,
    start_sim: Timestamp,
    speed: f64,
}

impl Clock for SimClock {
    fn now(&self) -> Timestamp {
        let secs = self.start_real.elapsed().as_secs_f64() * self.speed;
        self.start_sim + jiff::SignedDuration::from_secs_f64(secs)
    }
}

/// `--speed`: a simulated clock must move forward, and not so fast that a
/// second of real time outruns a day.
fn speed(s: &str) -> Result<f64, String> {
    let x: f64 = s.parse().map_err(|e| format!("`{s}` is not a number: {e}"))?;
    if x.is_finite() && x > 0.0 && x <= 3600.0 {
        Ok(x)
    } else {
        Err(format!("{s} must be more than 0 and at most 3600 (an hour a second)"))
    }
}

/// Holds `<db>.lock` while the demo runs, so that a second demo on the same
/// store is refused instead of deleting the running one's data.
fn lock_store(db: &str) -> Result<std::fs::File> {
    let path = format!("{db}.lock");
    let file =
        std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(&path).with_context(|| format!("creating {path}"))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => {
            bail!("another `borderflow demo` is running on {db}: stop it first, or give this one a store of its own with --db FILE")
        }
        Err(std::fs::TryLockError::Error(e)) => Err(e).with_context(|| format!("locking {path}")),
    }
}

pub fn run(args: Args) -> Result<()> {
    // The terminal keeps the links and a status line readable; the alerts and the advice are on
    // the dashboard (RUST_LOG=info shows them here too).
    init_logging_at("warn");
    let today = Timestamp::now().to_zoned(Scenario::load(&args.scenario, &[])?.time_zone.clone()).date();
    let scenario = Scenario::load(&args.scenario, &[format!("checkpoint.date=\"{today}\"")])?;
    let (world, described) = args.world.apply(&scenario)?;
    let start_s = borderflow_core::scenario::parse_clock(&args.start).map_err(|m| anyhow::anyhow!("--start: {m}"))?;
    let _lock = if args.db.contains("://") { None } else { Some(lock_store(&args.db)?) };
    if !args.keep && !args.db.contains("://") {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", args.db));
        }
    }
    let rt = tokio::runtime::Runtime::new()?;
    rt.block_on(async move {
        let layout = Layout::from_scenarios(std::slice::from_ref(&scenario));
        let store = open_store(&args.db, &layout).await?;
        let now = Timestamp::now();
        let feeder = borderflow_server::create_token(store.as_ref(), Role::Admin, None, None, Some("demo feed".into()), now).await?;
        let supervisor =
            borderflow_server::create_token(store.as_ref(), Role::Supervisor, None, None, Some("demo scripts".into()), now).await?;
        // The duty officer signs in with a one-time link: no lasting secret in a URL.
        let nobody_knows = borderflow_server::users::unguessable_password();
        let hash = borderflow_server::auth::hash_secret(&nobody_knows).map_err(|e| anyhow::anyhow!("hashing: {e}"))?;
        match store.insert_user(&borderflow_server::users::new_user("duty", Role::Admin, None, hash, "demo", now)).await {
            Ok(()) | Err(borderflow_store::StoreError::Conflict(_)) => {} // kept from an earlier run (--keep)
            Err(e) => return Err(e.into()),
        }
        let link = borderflow_server::sessions::new_link(store.as_ref(), "duty", now, borderflow_server::sessions::LINK_LIFETIME).await?;
        let clock = Arc::new(SimClock { start_real: Instant::now(), start_sim: scenario.instant(start_s), speed: args.speed });
        let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
        let mut state = AppState::new(store, vec![scenario.clone()], clock.clone(), stop_rx);
        // The twin runs every simulated minute, but not more than every 2 s of real time.
        state.twin_every = std::time::Duration::from_secs_f64((60.0 / args.speed).max(2.0));
        borderflow_server::tasks::spawn(&state);
        let listener =
            tokio::net::TcpListener::bind(("127.0.0.1", args.port)).await.with_context(|| format!("listening on port {}", args.port))?;
        let addr = listener.local_addr()?;
        let url = format!("http://{addr}");
        println!("borderflow demo: {} simulated at {}× from {} local time", scenario.name, args.speed, args.start);
        println!("  the hall runs {described}");
        println!("  sign in (one-time link for `duty`, the duty officer, an admin): {url}/signin#link={link}");
        println!("  public board: {url}/board");
        println!("  API token for scripts (supervisor): {supervisor}");
        println!("  more people: borderflow user add NAME --role supervisor --db {}", args.db);
        let mut commands = state.commands.subscribe();
        let router = borderflow_server::router(state.clone());
        let server = tokio::spawn(borderflow_server::serve(listener, router, {
            let stop = stop_tx.clone();
            async move {
                shutdown_signal().await;
                let _ = stop.send(true);
            }
        }));

        // The feed: advance the simulated day with the clock, post what it did.
        let model = Model::new(&world);
        let mut sim = model.start(args.seed);
        let mut exporter = Exporter::new(&world, args.seed);
        let client = reqwest::Client::new();
        let mut stop = stop_tx.subscribe();
        let midnight = scenario.instant(0.0);
        let mut tick = tokio::time::interval(Duration::from_millis(200));
        let mut next_status = start_s;
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                _ = stop.changed() => break,
            }
            let t = clock.now().duration_since(midnight).as_secs_f64();
            let mut batch: Vec<SimEvent> = Vec::new();
            while let Ok(cmd) = commands.try_recv() {
                if let Some(lane) = scenario.lane_index(&cmd.lane) {
                    sim.command(t, lane, cmd.open, &mut batch);
                    tracing::info!(lane = %cmd.lane, open = cmd.open, "the simulated hall obeys the supervisor");
                }
            }
            // The simulated officers answer instructions to their lanes, then do them.
            for (id, lane, open) in officers_answer(&state, &scenario, t, clock.now()).await {
                tracing::info!(instruction = %id, lane = %lane, "a simulated officer acknowledges");
                if let (Some(l), Some(open)) = (scenario.lane_index(lane.as_str()), open) {
                    sim.command(t, l, open, &mut batch);
                }
            }
            sim.advance_to(t, &mut batch);
            if t >= next_status {
                println!("{}", status_line(&state, &scenario, clock.now(), &url));
                next_status += STATUS_EVERY_S;
            }
            for chunk in batch.chunks(5_000) {
                let body: String = chunk.iter().map(|e| exporter.convert(e).to_json_line() + "\n").collect();
                let res = client.post(format!("{url}/api/v1/events")).bearer_auth(&feeder).body(body).send().await;
                match res {
                    Ok(r) if r.status().is_success() => {}
                    Ok(r) => tracing::warn!(status = %r.status(), "the server refused a demo batch"),
                    Err(e) => tracing::warn!(error = %e, "posting to the server failed"),
                }
            }
            if sim.is_done() {
                println!("the simulated day is over; the server keeps running (Ctrl-C to stop)");
                let _ = stop.changed().await;
                break;
            }
        }
        server.await??;
        Ok(())
    })
}

/// How often (simulated seconds) the terminal says how the hall stands.
const STATUS_EVERY_S: f64 = 1800.0;

/// One line for the terminal: the simulated time, how many wait, the worst
/// wait and where, and the dashboard's address (so it stays in view).
fn status_line(state: &AppState, s: &Scenario, now: Timestamp, url: &str) -> String {
    let snap = state.live.lock().expect("not poisoned").snapshot(now);
    let Some(cp) = snap.checkpoints.iter().find(|c| c.id == s.checkpoint) else { return format!("dashboard: {url}/") };
    let waiting: u32 = cp.queues.iter().map(|q| q.length).sum();
    let worst = cp.queues.iter().filter_map(|q| Some((q, q.estimated_wait_s?))).max_by(|a, b| a.1.total_cmp(&b.1));
    let clock = now.to_zoned(s.time_zone.clone()).strftime("%H:%M");
    let worst = match worst {
        Some((q, w)) if w > 0.0 => {
            let name = s.queue_index(q.id.as_str()).map_or(q.id.as_str(), |i| s.queues[i].names.get("en", q.id.as_str()));
            let wait = if w.is_finite() { format!("{:.0} min", w / 60.0) } else { "no lane open".to_owned() };
            format!("worst wait {wait} ({name})")
        }
        _ => "nobody waits".to_owned(),
    };
    format!("{clock}  {waiting} waiting, {worst}, {} alerts  ·  dashboard {url}/", cp.alerts.len())
}

/// How long a simulated officer takes to acknowledge an instruction (simulated time).
const ACK_DELAY: jiff::SignedDuration = jiff::SignedDuration::from_secs(45);

/// Acknowledges, as the lane's officer, every instruction to a lane sent at
/// least [`ACK_DELAY`] ago and still unanswered; returns them with the lane
/// and, for an open or close order of that lane, what to do to it. Lanes
/// with a desk terminal in use (read in the last 5 s) are left to the person at it.
async fn officers_answer(state: &AppState, s: &Scenario, t_s: f64, now: Timestamp) -> Vec<(Id, Id, Option<bool>)> {
    use borderflow_core::instruction::{InstructionStep, Order, Step, Target};
    let manned: Vec<String> = {
        let seen = state.desks_seen.lock().expect("not poisoned");
        seen.iter().filter(|(_, at)| at.elapsed() < Duration::from_secs(5)).map(|(l, _)| l.clone()).collect()
    };
    let due: Vec<(Id, Id, Option<bool>)> = state
        .instructions
        .lock()
        .expect("not poisoned")
        .list(None)
        .into_iter()
        .filter(|i| i.state.unanswered() && i.checkpoint == s.checkpoint && now.duration_since(i.sent_at) >= ACK_DELAY)
        .filter_map(|i| {
            let Target::Lane { lane } = &i.to else { return None };
            if manned.iter().any(|m| m == lane.as_str()) {
                return None;
            }
            let open = match &i.order {
                Order::OpenLane { lane: l } if l == lane => Some(true),
                Order::CloseLane { lane: l } if l == lane => Some(false),
                _ => None,
            };
            Some((i.id.clone(), lane.clone(), open))
        })
        .collect();
    let mut answered = Vec::new();
    for (id, lane, open) in due {
        let officer = s.lane_index(lane.as_str()).and_then(|l| s.lanes[l].officer_at(t_s).cloned());
        let step =
            InstructionStep { instruction: id.clone(), step: Step::Acknowledged, by: officer.clone(), to: None, order: None, note: None };
        if let Err(e) = borderflow_server::instructions::record(state, s.checkpoint.clone(), step).await {
            tracing::warn!(instruction = %id, error = %e, "a simulated officer could not acknowledge");
            continue;
        }
        // Then the officer opens or closes the lane at its terminal: the lane's
        // event, with who did it, is what proves the instruction done.
        if let Some(open) = open {
            let change = borderflow_core::event::LaneChange { lane: lane.clone(), officer, by: None };
            let body = if open { EventBody::LaneOpened(change) } else { EventBody::LaneClosed(change) };
            let ev = Event { id: uuid::Uuid::now_v7(), at: now, checkpoint: s.checkpoint.clone(), body };
            if let Err(e) = state.accept(std::slice::from_ref(&ev)).await {
                tracing::warn!(instruction = %id, error = %e, "a simulated officer's lane event was not stored");
            }
        }
        answered.push((id, lane, open));
    }
    answered
}
