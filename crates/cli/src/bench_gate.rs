//! `borderflow bench-gate`: how long the gate's software takes per traveller
//! (document + watchlist + decision), with a watchlist of a million entries.
//! Figures, not a test.

use std::time::Instant;

use crate::measure::{median, quantile};
use anyhow::Result;
use borderflow_egate::chip::{ChipData, NotImplemented};
use borderflow_egate::decide::{Presented, Screening};
use borderflow_egate::gate::DocumentVerdict;
use borderflow_egate::mrz::{self, Fields, Format};
use borderflow_egate::rules::Rules;
use borderflow_egate::watchlist::{Birth, Entry, Query, Watchlist};
use borderflow_sim::SimRng;
use indicatif::{ProgressBar, ProgressStyle};
use rand::{Rng, SeedableRng};

#[derive(clap::Args)]
pub struct Args {
    /// Watchlist entries (synthetic names in Latin and Cyrillic spellings, birth dates, stolen numbers).
    #[arg(long, default_value_t = 1_000_000)]
    entries: usize,
    /// Travellers screened (one in ten is a listed person under another spelling).
    #[arg(long, default_value_t = 2_000)]
    travellers: usize,
    /// Name-match score from which an entry refers the traveller.
    #[arg(long, default_value_t = 0.88)]
    threshold: f64,
    /// Print the first few false alarms (travellers matched to an entry that is not theirs).
    #[arg(long)]
    show_false_alarms: bool,
    /// Seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

/// Syllables of Kazakh, Russian, Chinese (pinyin) and Uzbek names, so synthetic
/// names look alike as often as real ones do, roughly.
const SYLLABLES: [&str; 96] = [
    "ka", "li", "mo", "na", "ser", "gei", "zhan", "bek", "nur", "lan", "tur", "sun", "ali", "xiao", "ming", "wei", "chen", "yu", "dmi",
    "try", "ole", "ks", "an", "dr", "ov", "ev", "in", "ko", "va", "shi", "khan", "mur", "at", "ai", "gul", "er", "as", "yl", "han", "bo",
    "ba", "tyr", "dau", "let", "sul", "tan", "ai", "dos", "zhar", "kyn", "yer", "zhan", "sa", "pa", "rov", "sky", "nik", "ita", "mak",
    "sim", "fed", "orov", "iva", "nov", "pet", "ro", "lyu", "dmil", "qing", "hua", "jun", "li", "fang", "hong", "zhou", "liang", "guo",
    "feng", "lin", "jia", "hui", "rus", "tam", "far", "hod", "bah", "rom", "dil", "shod", "ul", "ug", "bek", "jon", "mir", "zo", "ir",
];

fn word(rng: &mut SimRng, parts: std::ops::RangeInclusive<usize>) -> String {
    let n = rng.random_range(parts);
    (0..n).map(|_| SYLLABLES[rng.random_range(0..SYLLABLES.len())]).collect::<String>().to_uppercase()
}

/// Another spelling of the same name, as another clerk might enter it.
fn respell(name: &str, rng: &mut SimRng) -> String {
    let swaps = [("ZH", "J"), ("KH", "H"), ("Y", "I"), ("KS", "X"), ("EI", "EY"), ("OV", "OFF")];
    let mut s = name.to_string();
    for (a, b) in swaps {
        if rng.random_bool(0.5) {
            s = s.replace(a, b);
        }
    }
    s
}

fn birth(rng: &mut SimRng) -> Birth {
    Birth { year: rng.random_range(1940..2010), month: Some(rng.random_range(1..=12)), day: Some(rng.random_range(1..=28)) }
}

pub fn run(args: Args) -> Result<()> {
    let mut rng = SimRng::seed_from_u64(args.seed);
    let bar = ProgressBar::new(args.entries as u64);
    bar.set_style(ProgressStyle::with_template("building the watchlist [{bar:30}] {pos}/{len}").expect("valid"));
    let t = Instant::now();
    let mut entries = Vec::with_capacity(args.entries);
    for i in 0..args.entries {
        let b = birth(&mut rng);
        entries.push(Entry {
            id: format!("W{i}"),
            document_number: rng.random_bool(0.3).then(|| format!("S{:08}", i)),
            issuing_state: Some("KAZ".into()),
            surname: word(&mut rng, 2..=3),
            given_names: word(&mut rng, 1..=2),
            // Most entries have a full birth date; some only the year; a few none.
            birth: match rng.random_range(0..100) {
                0..90 => Some(b),
                90..95 => Some(Birth { month: None, day: None, ..b }),
                _ => None,
            },
            reason: "synthetic".into(),
        });
        if i % 10_000 == 0 {
            bar.set_position(i as u64);
        }
    }
    bar.finish_and_clear();
    let listed: Vec<Entry> = (0..args.travellers / 10 + 1).map(|_| entries[rng.random_range(0..entries.len())].clone()).collect();
    let watchlist = Watchlist::new(entries);
    println!("watchlist: {} entries indexed in {:.1} s", watchlist.len(), t.elapsed().as_secs_f64());

    let today = jiff::civil::date(2026, 11, 27);
    let screening = Screening {
        rules: Rules::from_toml("checkpoint = \"khorgos\"\ndocument_codes = [\"P\"]\nnationalities = [\"*\"]\nmin_age = 12\n", "bench")?,
        watchlist,
        watchlist_threshold: args.threshold,
        enrolments: Default::default(),
        pseudonym_key: b"bench".to_vec(),
        passive: Box::new(NotImplemented),
    };
    let mut screen_ms = Vec::new();
    let mut decide_ms = Vec::new();
    let (mut hits_planted, mut found_planted, mut referred, mut false_alarms) = (0, 0, 0, 0);
    for i in 0..args.travellers {
        let planted = (i % 10 == 0).then(|| &listed[i / 10]);
        let (surname, given, b) = match planted {
            Some(e) => (respell(&e.surname, &mut rng), respell(&e.given_names, &mut rng), e.birth.unwrap_or_else(|| birth(&mut rng))),
            None => (word(&mut rng, 2..=3), word(&mut rng, 1..=2), birth(&mut rng)),
        };
        let query = Query { document_number: "N0000000", issuing_state: "KAZ", surname: &surname, given_names: &given, birth: Some(b) };
        let t = Instant::now();
        let hits = screening.watchlist.screen(&query, screening.watchlist_threshold);
        screen_ms.push(t.elapsed().as_secs_f64() * 1e3);
        if let Some(e) = planted {
            hits_planted += 1;
            found_planted += usize::from(hits.iter().any(|h| h.entry.id == e.id));
        }
        if args.show_false_alarms && false_alarms < 10 {
            for h in hits.iter().filter(|h| planted.is_none_or(|e| e.id != h.entry.id)) {
                false_alarms += 1;
                println!(
                    "  false alarm: {surname} {given} {b:?} ~ {} {} {:?} score {:.3}",
                    h.entry.surname, h.entry.given_names, h.entry.birth, h.score
                );
            }
        }

        let fields = Fields {
            format: Format::TD3,
            document_code: "P".into(),
            issuing_state: "KAZ".into(),
            surname: surname.clone(),
            given_names: given.clone(),
            document_number: format!("N{i:07}"),
            nationality: "KAZ".into(),
            birth_date: format!("{:02}{:02}{:02}", b.year % 100, b.month.unwrap_or(1), b.day.unwrap_or(1)),
            sex: 'M',
            expiry_date: "300101".into(),
            optional_data: String::new(),
            optional_data_2: None,
        };
        let zone = mrz::build(&fields)?.join("\n");
        let presented = Presented { chip: Some(ChipData { dg1_mrz: zone.clone(), dg2_face: Vec::new() }), mrz_text: zone, issued: None };
        let t = Instant::now();
        let checked = screening.check(&presented, today);
        decide_ms.push(t.elapsed().as_secs_f64() * 1e3);
        referred += usize::from(matches!(checked.verdict, DocumentVerdict::Refer(_)));
    }
    let show = |name: &str, xs: &Vec<f64>| {
        println!(
            "{name}: median {:.3} ms, p99 {:.3} ms, max {:.3} ms ({} travellers, one core)",
            median(xs.clone()),
            quantile(xs.clone(), 0.99),
            quantile(xs.clone(), 1.0),
            xs.len()
        );
    };
    show("watchlist screening", &screen_ms);
    show("document + watchlist + decision", &decide_ms);
    println!(
        "listed travellers under another spelling found: {found_planted}/{hits_planted}; all travellers referred: {referred}/{}",
        args.travellers
    );
    println!(
        "biometric matching is timed separately: cargo test -p borderflow-egate --features biometrics --test biometrics -- --nocapture"
    );
    Ok(())
}
