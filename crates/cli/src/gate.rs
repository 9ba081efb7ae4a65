//! `borderflow gate`: the controller beside one self-service gate, with the
//! simulated device set (no hardware drivers yet).

use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime};

use anyhow::{Context, bail};
use borderflow_core::Id;
use borderflow_egate::chip::NotImplemented;
use borderflow_egate::decide::Screening;
use borderflow_egate::gate::GateConfig;
use borderflow_egate::rules::Rules;
use borderflow_egate::watchlist::Watchlist;
use borderflow_gate::controller::{Categories, Controller, Pace, Summary};
use borderflow_gate::devices::{SimulatedHall, read_travellers};
use borderflow_gate::spool::Spool;
use borderflow_gate::uplink::Uplink;

use crate::measure::quantile;

#[derive(clap::Args)]
pub struct Args {
    /// Play the scripted travellers of this file through simulated devices (the only device set so far).
    #[arg(long)]
    simulate: Option<PathBuf>,
    /// The server events are delivered to.
    #[arg(long, env = "BORDERFLOW_SERVER")]
    server: String,
    /// The gate's device token (`borderflow token create --role device --lane E1`).
    #[arg(long, env = "BORDERFLOW_TOKEN", hide_env_values = true)]
    token: String,
    /// Checkpoint id.
    #[arg(long, default_value = "khorgos")]
    checkpoint: String,
    /// This gate's lane id.
    #[arg(long, default_value = "E1")]
    lane: String,
    /// The checkpoint's gate rules (cached copy).
    #[arg(long, default_value = "examples/gate/rules.toml")]
    rules: PathBuf,
    /// Watchlist (cached copy, CSV).
    #[arg(long, default_value = "examples/gate/watchlist.csv")]
    watchlist: PathBuf,
    /// Score from which a watchlist name match refers the traveller.
    #[arg(long, default_value_t = 0.88)]
    watchlist_threshold: f64,
    /// The local outbox: events wait here while the server cannot be reached.
    #[arg(long, default_value = "gate-spool.db")]
    spool: PathBuf,
    /// Key of the travellers' pseudonyms (keep it secret; the same on every gate of the checkpoint).
    #[arg(long, env = "BORDERFLOW_PSEUDONYM_KEY", hide_env_values = true, default_value = "change-me")]
    pseudonym_key: String,
    /// Face models directory (`scripts/fetch-biometrics.sh`), for builds with the `biometrics` feature.
    #[arg(long, default_value = "data/biometrics/models")]
    models: PathBuf,
    /// Face match threshold on the 1 − distance scale.
    #[arg(long, default_value_t = 0.4)]
    face_threshold: f64,
    /// Fingerprint match threshold (BOZORTH3 score).
    #[arg(long, default_value_t = 40.0)]
    fingerprint_threshold: f64,
    /// Real seconds per simulated second (0: as fast as the software goes).
    #[arg(long, default_value_t = 0.1)]
    real_time: f64,
    /// After the last traveller, wait this long for the server to take the spooled events.
    #[arg(long, default_value_t = 60.0)]
    drain_timeout_s: f64,
    /// The checkpoint's traveller category for an enrolment programme, `PROGRAMME=CATEGORY`
    /// (repeatable, first match wins). The gate reports it with each service, so its
    /// travellers count by category, not as "unknown".
    #[arg(long = "category", value_name = "PROGRAMME=CATEGORY", default_values = ["merchant=merchant", "frequent=repeat"])]
    categories: Vec<String>,
    /// The category of a traveller enrolled in none of those programmes.
    #[arg(long, value_name = "CATEGORY", default_value = "general")]
    other_category: String,
}

/// `--category` and `--other-category` as the controller's map; a malformed one is named.
fn categories(args: &Args) -> anyhow::Result<Categories> {
    let by_programme = args
        .categories
        .iter()
        .map(|pair| {
            let (p, c) = pair
                .split_once('=')
                .filter(|(p, c)| !p.trim().is_empty() && !c.trim().is_empty())
                .with_context(|| format!("--category `{pair}`: expected PROGRAMME=CATEGORY, e.g. merchant=merchant"))?;
            Ok((p.trim().to_owned(), Id::new(c.trim()).with_context(|| format!("--category `{pair}`: the category"))?))
        })
        .collect::<anyhow::Result<_>>()?;
    Ok(Categories { by_programme, otherwise: Some(Id::new(args.other_category.trim()).context("--other-category")?) })
}

/// A cached file's age, for the operator to judge.
fn age(path: &PathBuf) -> String {
    match std::fs::metadata(path).and_then(|m| m.modified()).map(|t| SystemTime::now().duration_since(t).unwrap_or_default()) {
        Ok(d) if d.as_secs() < 120 => format!("{} s old", d.as_secs()),
        Ok(d) if d.as_secs() < 7200 => format!("{} min old", d.as_secs() / 60),
        Ok(d) if d.as_secs() < 172_800 => format!("{} h old", d.as_secs() / 3600),
        Ok(d) => format!("{} days old", d.as_secs() / 86_400),
        Err(e) => format!("age unknown: {e}"),
    }
}

#[cfg(feature = "biometrics")]
fn matchers(args: &Args) -> anyhow::Result<Matchers> {
    use borderflow_egate::matchers::{DlibFace, NbisFinger};
    let face = DlibFace::open(&args.models, args.face_threshold).map_err(|e| anyhow::anyhow!("--models: {e}"))?;
    Ok((Some(Box::new(face)), Some(Box::new(NbisFinger::new(args.fingerprint_threshold)))))
}

#[cfg(not(feature = "biometrics"))]
fn matchers(args: &Args) -> anyhow::Result<Matchers> {
    let _ = (&args.models, args.face_threshold, args.fingerprint_threshold);
    eprintln!(
        "this build has no biometric matchers (build with --features biometrics): every traveller past the document checks is referred"
    );
    Ok((None, None))
}

type Matchers =
    (Option<Box<dyn borderflow_egate::biometrics::FaceVerifier>>, Option<Box<dyn borderflow_egate::biometrics::FingerprintVerifier>>);

pub fn run(args: Args) -> anyhow::Result<()> {
    crate::serve::init_logging();
    let Some(travellers_path) = &args.simulate else {
        bail!("no device drivers yet: run with --simulate TRAVELLERS.jsonl (see examples/gate/travellers.jsonl)");
    };
    let categories = categories(&args)?;
    let rules_text = std::fs::read_to_string(&args.rules).with_context(|| format!("--rules {}", args.rules.display()))?;
    let rules = Rules::from_toml(&rules_text, &args.rules.display().to_string())?;
    let list_text = std::fs::read_to_string(&args.watchlist).with_context(|| format!("--watchlist {}", args.watchlist.display()))?;
    let watchlist = Watchlist::from_csv(&list_text, &args.watchlist.display().to_string())?;
    println!("rules {} ({}); watchlist {} entries ({})", args.rules.display(), age(&args.rules), watchlist.len(), age(&args.watchlist));
    let travellers = read_travellers(travellers_path)?;
    let (face, fingerprint) = matchers(&args)?;
    let mut screening = Screening {
        rules,
        watchlist,
        watchlist_threshold: args.watchlist_threshold,
        enrolments: Default::default(),
        pseudonym_key: args.pseudonym_key.as_bytes().to_vec(),
        passive: Box::new(NotImplemented),
    };
    // The simulated enrolment register: each scripted traveller's programmes under their pseudonym.
    for t in &travellers {
        if let Ok(m) = borderflow_egate::mrz::parse(&t.mrz) {
            let key = screening.pseudonym(&m.issuing_state, &m.document_number);
            screening.enrolments.insert(key, t.programmes.clone());
        }
    }
    let controller = Controller {
        checkpoint: Id::new(args.checkpoint.clone()).context("--checkpoint")?,
        lane: Id::new(args.lane.clone()).context("--lane")?,
        screening,
        face,
        fingerprint,
        config: GateConfig::default(),
        pace: Pace { real_time: args.real_time, ..Pace::default() },
        categories,
    };
    let mut hall = SimulatedHall::new(travellers);
    let rt = tokio::runtime::Runtime::new()?;
    rt.block_on(async {
        let spool = Spool::open(&args.spool).await?;
        let before = spool.backlog().await?;
        if before > 0 {
            println!("{before} events from an earlier run are still waiting in {}", args.spool.display());
        }
        let uplink = Uplink::new(&args.server, &args.token);
        let delivery = tokio::spawn(uplink.clone().run(spool.clone(), Duration::from_millis(100)));
        let summary = controller.run(&mut hall, &spool, jiff::Timestamp::now()).await?;
        let waited = Instant::now();
        while spool.backlog().await? > 0 && waited.elapsed().as_secs_f64() < args.drain_timeout_s {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        delivery.abort();
        let refused = spool.refused().await?;
        report(&summary, spool.backlog().await?, refused);
        if refused > 0 {
            anyhow::bail!(
                "the server refused {refused} event(s); they are kept with its reasons in the `refused` table of {}",
                args.spool.display()
            );
        }
        anyhow::Ok(())
    })
}

fn report(s: &Summary, backlog: i64, refused: i64) {
    println!("travellers {}: cleared {}, referred {}, tailgating alarms {}", s.travellers, s.cleared, s.referred.len(), s.tailgating);
    let mut reasons = s.referred.clone();
    reasons.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    reasons.dedup();
    for r in &reasons {
        println!("  referred for {r}: {}", s.referred.iter().filter(|x| *x == r).count());
    }
    let ms = |xs: &Vec<f64>| {
        if xs.is_empty() {
            "none".to_string()
        } else {
            format!("median {:.2} ms, p99 {:.2} ms", quantile(xs.clone(), 0.5), quantile(xs.clone(), 0.99))
        }
    };
    println!("document + watchlist + decision: {}", ms(&s.decision_ms));
    println!("biometric capture and matching: {}", ms(&s.biometric_ms));
    println!(
        "events {}: delivered {}, waiting in the spool {backlog}, refused by the server {refused}",
        s.events,
        s.events as i64 - backlog
    );
}
