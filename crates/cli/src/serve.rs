//! `borderflow serve` and `borderflow token`: the server's thin edge — read
//! the configuration, open the store, start, stop cleanly.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use borderflow_core::Scenario;
use borderflow_server::{AppState, Role, SystemClock};
use borderflow_store::{EventStore, Layout};
use serde::Deserialize;

#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// Store: a SQLite file (created if missing) or a postgres:// URL.
    #[arg(long, env = "BORDERFLOW_DB")]
    db: Option<String>,
    /// Port to listen on.
    #[arg(long, env = "BORDERFLOW_PORT")]
    port: Option<u16>,
    /// Address to listen on.
    #[arg(long, env = "BORDERFLOW_BIND")]
    bind: Option<String>,
    /// Configuration file (TOML): db, port, bind, checkpoints = [scenario files], settings,
    /// and `[[webhooks]]` (name, url, kinds, checkpoints, secret or secret_env).
    #[arg(long, env = "BORDERFLOW_CONFIG")]
    config: Option<PathBuf>,
    /// A checkpoint's scenario file (repeatable); overrides the configuration's list.
    #[arg(long = "checkpoint", value_name = "SCENARIO")]
    checkpoints: Vec<PathBuf>,
    /// How many minutes past the server's clock an event may be dated (0–1440; default 5).
    #[arg(long, value_name = "MINUTES")]
    future_margin_min: Option<i64>,
    /// Minutes an instruction may go unanswered before it is escalated to the supervisor (1–60; default 2); twice that, to everyone in the hall.
    #[arg(long, value_name = "MINUTES")]
    escalate_after_min: Option<i64>,
    /// Hours a sign-in lasts before the person must sign in again (1–24; default 12).
    #[arg(long, value_name = "HOURS")]
    session_hours: Option<i64>,
    /// Officers sign in at desks with their password only (a desk's `officer_on` by id alone is refused).
    #[arg(long)]
    desk_passwords: bool,
    /// Days a traveller's pseudonym is kept in the events (1–3650); older ones are replaced by
    /// ones nothing links to a document, hourly, keeping counts and figures. Default: kept.
    #[arg(long, value_name = "DAYS")]
    forget_travellers_after_days: Option<i64>,
    /// A national centre to forward this station's events to (its base URL); the station's store must be SQLite.
    #[arg(long, value_name = "URL", env = "BORDERFLOW_FORWARD_TO")]
    forward_to: Option<String>,
    /// The centre's token for this station (an admin token restricted to the station's checkpoint).
    #[arg(long, value_name = "TOKEN", env = "BORDERFLOW_FORWARD_TOKEN")]
    forward_token: Option<String>,
}

/// The configuration file. Flags and environment variables override it.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    db: Option<String>,
    port: Option<u16>,
    bind: Option<String>,
    checkpoints: Option<Vec<PathBuf>>,
    future_margin_min: Option<i64>,
    escalate_after_min: Option<i64>,
    session_hours: Option<i64>,
    #[serde(default)]
    desk_passwords: bool,
    forget_travellers_after_days: Option<i64>,
    #[serde(default)]
    webhooks: Vec<borderflow_server::webhooks::Webhook>,
    forward_to: Option<String>,
}

/// Resolved settings.
pub struct Settings {
    pub db: String,
    pub port: u16,
    pub bind: String,
    pub scenarios: Vec<Scenario>,
    /// How far past the clock an event may be dated.
    pub future_margin: jiff::SignedDuration,
    /// How long an instruction may go unanswered before it is escalated.
    pub escalate_after: jiff::SignedDuration,
    /// How long a sign-in lasts.
    pub session_lifetime: std::time::Duration,
    /// Whether officers must sign in at desks with their password.
    pub desk_passwords: bool,
    /// Days a traveller's pseudonym is kept.
    pub forget_travellers_after_days: Option<u32>,
    /// Outbound webhooks, checked, with their secrets.
    pub webhooks: Vec<borderflow_server::webhooks::Webhook>,
    /// The national centre this station forwards to, and its token.
    pub forward: Option<(String, String)>,
}

/// The widest future margin: a day (a device clock a day out is broken, not fast).
const MAX_FUTURE_MARGIN_MIN: i64 = 1440;

/// The longest retention of travellers' pseudonyms: ten years.
const MAX_RETENTION_DAYS: i64 = 3650;

impl ServeArgs {
    pub fn resolve(&self) -> Result<Settings> {
        let file: FileConfig = match &self.config {
            Some(p) => {
                let text = std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
                toml::from_str(&text).map_err(|e| {
                    let line = e.span().map(|s| text[..s.start].matches('\n').count() + 1);
                    anyhow::anyhow!("{}{}: {}", p.display(), line.map(|l| format!(":{l}")).unwrap_or_default(), e.message())
                })?
            }
            None => FileConfig::default(),
        };
        let base = self.config.as_ref().and_then(|p| p.parent().map(PathBuf::from)).unwrap_or_default();
        let files: Vec<PathBuf> = if !self.checkpoints.is_empty() {
            self.checkpoints.clone()
        } else if let Some(list) = file.checkpoints {
            list.into_iter().map(|p| if p.is_absolute() { p } else { base.join(p) }).collect()
        } else {
            let default = PathBuf::from("scenarios/khorgos.toml");
            if !default.exists() {
                bail!(
                    "no checkpoint to serve: name its scenario with `--checkpoint FILE` (repeatable), or list them as \
                     `checkpoints = [\"FILE\", …]` in a `--config` file (looked for the default {} in {})",
                    default.display(),
                    std::env::current_dir().map(|d| d.display().to_string()).unwrap_or_else(|_| "this directory".into())
                );
            }
            vec![default]
        };
        let future_margin_min = self.future_margin_min.or(file.future_margin_min).unwrap_or(5);
        if !(0..=MAX_FUTURE_MARGIN_MIN).contains(&future_margin_min) {
            bail!("future_margin_min = {future_margin_min}: must be 0 to {MAX_FUTURE_MARGIN_MIN} minutes");
        }
        let escalate_after_min = self.escalate_after_min.or(file.escalate_after_min).unwrap_or(2);
        if !(1..=60).contains(&escalate_after_min) {
            bail!("escalate_after_min = {escalate_after_min}: must be 1 to 60 minutes");
        }
        let session_hours = self.session_hours.or(file.session_hours).unwrap_or(12);
        if !(1..=24).contains(&session_hours) {
            bail!("session_hours = {session_hours}: must be 1 to 24 hours");
        }
        let forget_travellers_after_days = match self.forget_travellers_after_days.or(file.forget_travellers_after_days) {
            Some(d) if !(1..=MAX_RETENTION_DAYS).contains(&d) => {
                bail!("forget_travellers_after_days = {d}: must be 1 to {MAX_RETENTION_DAYS} days")
            }
            d => d.map(|d| d as u32),
        };
        let mut scenarios: Vec<Scenario> = Vec::new();
        for f in &files {
            let s = Scenario::load(f, &[])?;
            if scenarios.iter().any(|o| o.checkpoint == s.checkpoint) {
                bail!("{}: checkpoint `{}` is configured twice", f.display(), s.checkpoint);
            }
            scenarios.push(s);
        }
        let mut webhooks = file.webhooks;
        let served: Vec<String> = scenarios.iter().map(|s| s.checkpoint.to_string()).collect();
        borderflow_server::webhooks::check(&mut webhooks, &served)
            .map_err(|m| anyhow::anyhow!("{}: {m}", self.config.as_ref().map(|p| p.display().to_string()).unwrap_or_default()))?;
        let db = self.db.clone().or(file.db).unwrap_or_else(|| "borderflow.db".into());
        let forward = match (self.forward_to.clone().or(file.forward_to), self.forward_token.clone()) {
            (None, None) => None,
            (None, Some(_)) => bail!("--forward-token without --forward-to: name the centre to forward to"),
            (Some(_), None) => {
                bail!("--forward-to needs --forward-token (or BORDERFLOW_FORWARD_TOKEN): the centre's token for this station")
            }
            (Some(url), Some(_)) if !(url.starts_with("http://") || url.starts_with("https://")) => {
                bail!("--forward-to `{url}`: must be the centre's http:// or https:// base URL")
            }
            (Some(_), Some(_)) if borderflow_store::is_postgres(&db) => {
                bail!(
                    "--forward-to: a station forwards from its own SQLite store (it must work with the link down); this store is PostgreSQL"
                )
            }
            (Some(url), Some(token)) => Some((url, token)),
        };
        Ok(Settings {
            db,
            port: self.port.or(file.port).unwrap_or(8080),
            bind: self.bind.clone().or(file.bind).unwrap_or_else(|| "127.0.0.1".into()),
            scenarios,
            future_margin: jiff::SignedDuration::from_mins(future_margin_min),
            escalate_after: jiff::SignedDuration::from_mins(escalate_after_min),
            session_lifetime: std::time::Duration::from_secs(session_hours.unsigned_abs() * 3600),
            desk_passwords: self.desk_passwords || file.desk_passwords,
            forget_travellers_after_days,
            webhooks,
            forward,
        })
    }
}

/// Opens the store (the server wraps its appends in group commit).
pub async fn open_store(db: &str, layout: &Layout) -> Result<Arc<dyn EventStore>> {
    borderflow_store::open(db, layout).await.with_context(|| format!("opening the store {}", redact(db)))
}

/// A database URL without its password, for messages.
pub fn redact(db: &str) -> String {
    match (db.find("://"), db.find('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://…@{}", &db[..s], &db[at + 1..]),
        _ => db.to_owned(),
    }
}

pub fn init_logging() {
    init_logging_at("info");
}

/// Logs to stderr at `default` level unless `RUST_LOG` says otherwise.
pub fn init_logging_at(default: &str) {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| default.into()))
        .with_writer(std::io::stderr)
        .try_init();
}

/// Waits for Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

/// Builds the state, rebuilds the live picture, binds, and returns what is
/// needed to run (used by `serve` and, later, `demo`).
pub async fn start(settings: &Settings) -> Result<(AppState, tokio::net::TcpListener, tokio::sync::watch::Sender<bool>)> {
    let layout = Layout::from_scenarios(&settings.scenarios);
    let store = open_store(&settings.db, &layout).await?;
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let mut state = AppState::new(store, settings.scenarios.clone(), Arc::new(SystemClock), stop_rx);
    state.future_margin = settings.future_margin;
    state.escalate_after = settings.escalate_after;
    state.session_lifetime = settings.session_lifetime;
    state.webhooks = settings.webhooks.clone().into();
    state.desk_passwords = settings.desk_passwords;
    state.forget_travellers_after_days = settings.forget_travellers_after_days;
    let n = borderflow_server::tasks::rebuild_live(&state).await.context("rebuilding the live picture from the store")?;
    tracing::info!(events = n, "live picture rebuilt from the store");
    borderflow_server::tasks::spawn(&state);
    let addr = format!("{}:{}", settings.bind, settings.port);
    let listener = tokio::net::TcpListener::bind(&addr).await.with_context(|| format!("listening on {addr}"))?;
    Ok((state, listener, stop_tx))
}

pub fn serve(args: ServeArgs) -> Result<()> {
    init_logging();
    let settings = args.resolve()?;
    let rt = tokio::runtime::Runtime::new()?;
    rt.block_on(async move {
        let (state, listener, stop) = start(&settings).await?;
        let addr = listener.local_addr()?;
        let names: Vec<String> = settings.scenarios.iter().map(|s| s.checkpoint.to_string()).collect();
        tracing::info!(store = %redact(&settings.db), checkpoints = ?names, "borderflow listening on http://{addr}");
        println!("borderflow listening on http://{addr} (store {}, checkpoints {})", redact(&settings.db), names.join(", "));
        if let Some((centre, token)) = &settings.forward {
            let path = settings.db.strip_prefix("sqlite://").unwrap_or(&settings.db);
            let store = borderflow_store::SqliteStore::open(std::path::Path::new(path), Layout::from_scenarios(&settings.scenarios))
                .await
                .context("opening the store for the feed to the centre")?;
            let feed = borderflow_server::forward::StationFeed::new(store, centre);
            tracing::info!(centre = %centre, backlog = feed.backlog().await?, "forwarding this station's events to the centre");
            borderflow_server::forward::spawn(feed, token);
        }
        let router = borderflow_server::router(state);
        borderflow_server::serve(listener, router, async move {
            shutdown_signal().await;
            tracing::info!("shutting down: finishing requests in flight");
            let _ = stop.send(true);
        })
        .await?;
        Ok(())
    })
}

#[derive(clap::Subcommand, Debug)]
pub enum TokenCommand {
    /// Create a token and print it (only its hash is stored: keep it now).
    Create {
        /// device, viewer, officer, supervisor or admin.
        #[arg(long)]
        role: String,
        /// For devices: the lane it posts for (omit for a lane-less sensor).
        #[arg(long)]
        lane: Option<String>,
        /// Restrict the token to one checkpoint.
        #[arg(long)]
        checkpoint: Option<String>,
        /// Who holds it.
        #[arg(long)]
        label: Option<String>,
        /// The store (as for `serve`).
        #[arg(long, env = "BORDERFLOW_DB", default_value = "borderflow.db")]
        db: String,
    },
    /// List every token (id, role, lane, checkpoint, holder, created, revoked); never secrets.
    List {
        /// The store (as for `serve`).
        #[arg(long, env = "BORDERFLOW_DB", default_value = "borderflow.db")]
        db: String,
    },
    /// Revoke a token by its id (the part after `bf_`, before the next `_`): refused from then on
    /// (a running server notices within 30 s; `DELETE /api/v1/tokens/ID` acts at once).
    Revoke {
        /// The token's id.
        id: String,
        /// The store (as for `serve`).
        #[arg(long, env = "BORDERFLOW_DB", default_value = "borderflow.db")]
        db: String,
    },
}

pub fn token(cmd: TokenCommand) -> Result<()> {
    let db = match &cmd {
        TokenCommand::Create { db, .. } | TokenCommand::List { db } | TokenCommand::Revoke { db, .. } => db.clone(),
    };
    let rt = tokio::runtime::Runtime::new()?;
    rt.block_on(async move {
        let store = borderflow_store::open(&db, &Layout::default()).await.with_context(|| format!("opening the store {}", redact(&db)))?;
        match cmd {
            TokenCommand::Create { role, lane, checkpoint, label, .. } => {
                let role =
                    Role::parse(&role).with_context(|| format!("--role `{role}`: use device, viewer, officer, supervisor or admin"))?;
                if lane.is_some() && role != Role::Device {
                    bail!("--lane is only for device tokens");
                }
                let t = borderflow_server::create_token(store.as_ref(), role, lane, checkpoint, label, jiff::Timestamp::now()).await?;
                println!("{t}");
            }
            TokenCommand::List { .. } => {
                println!("{:<12} {:<10} {:<6} {:<12} {:<28} {:<32} revoked", "id", "role", "lane", "checkpoint", "holder", "created");
                let or_dash = |x: &Option<String>| x.clone().unwrap_or_else(|| "-".into());
                for t in store.tokens().await? {
                    println!(
                        "{:<12} {:<10} {:<6} {:<12} {:<28} {:<32} {}",
                        t.id,
                        t.role,
                        or_dash(&t.lane),
                        or_dash(&t.checkpoint),
                        or_dash(&t.label),
                        t.created_at,
                        or_dash(&t.revoked_at)
                    );
                }
            }
            TokenCommand::Revoke { id, .. } => {
                let at = jiff::Timestamp::now().to_string();
                if !store.revoke_token(&id, &at).await? {
                    match store.token(&id).await? {
                        Some(t) => bail!("token `{id}` was revoked already, at {}", t.revoked_at.unwrap_or_default()),
                        None => bail!("token `{id}` does not exist (see `borderflow token list`)"),
                    }
                }
                println!("revoked token {id} at {at}");
            }
        }
        Ok(())
    })
}
