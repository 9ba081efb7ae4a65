//! The `borderflow` binary, driven as a user would.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn khorgos() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/khorgos.toml")
}

fn borderflow(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_borderflow")).args(args).output().expect("the binary runs")
}

fn ok(args: &[&str]) -> String {
    let out = borderflow(args);
    assert!(out.status.success(), "{args:?} failed:\n{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn simulates_the_khorgos_day() {
    let k = khorgos();
    let out = ok(&["simulate", k.to_str().unwrap()]);
    assert!(out.contains("entry_first_time"), "per-queue rows:\n{out}");
    assert!(out.contains("09:45"), "per-interval rows");
    for line in ["travellers", "left stranded", "waited ≤ 30 min", "first broken (arrival)", "last traveller cleared"] {
        assert!(out.contains(line), "summary line `{line}` missing:\n{out}");
    }
}

/// The operator's guide builds a station from a blank file, one TOML block at
/// a time: put together, the blocks must be a station that validates,
/// simulates and plans (the server's own configuration block is not part of it).
#[test]
fn the_operator_guides_station_simulates_and_plans() {
    let guide = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/operator.md")).unwrap();
    let mut station = String::new();
    for block in guide.split("```toml\n").skip(1) {
        let block = block.split("```").next().unwrap();
        if !block.starts_with("# /etc/borderflow/borderflow.toml") {
            station.push_str(block);
            station.push('\n');
        }
    }
    assert!(station.contains("[checkpoint]") && station.contains("[service.egate]"), "the guide's blocks:\n{station}");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("northgate.toml");
    std::fs::write(&file, &station).unwrap();
    let out = ok(&["simulate", file.to_str().unwrap(), "-n", "4", "--summary-only"]);
    assert!(out.contains("left stranded"), "{out}");
    let plan = ok(&["plan", file.to_str().unwrap(), "--reps", "4"]);
    assert!(plan.contains("desk-hours"), "{plan}");
}

#[test]
fn replications_give_confidence_intervals() {
    let k = khorgos();
    let out = ok(&["simulate", k.to_str().unwrap(), "-n", "6", "--summary-only"]);
    assert!(out.contains("6 replication(s)"));
    assert!(out.contains(" ± "), "{out}");
}

/// Seeds 16 and 32 once left a merchant stranded (an e-gate's rejection at
/// closing time), and `-n` printed the mean, "0 ± 0", hiding it.
#[test]
fn nobody_is_left_stranded_and_replications_count_the_days() {
    let k = khorgos();
    for seed in ["16", "32"] {
        let out = ok(&["simulate", k.to_str().unwrap(), "--seed", seed, "--summary-only"]);
        let line = out.lines().find(|l| l.contains("left stranded")).unwrap();
        assert_eq!(line.split_whitespace().last(), Some("0"), "seed {seed}: {line}");
    }
    let out = ok(&["simulate", k.to_str().unwrap(), "-n", "4", "--seed", "16", "--summary-only"]);
    assert!(out.contains("nobody, on all 4 days"), "{out}");
}

#[test]
fn writes_tables_travellers_events_and_plots() {
    let dir = tempfile::tempdir().unwrap();
    let p = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    let k = khorgos();
    ok(&[
        "simulate",
        k.to_str().unwrap(),
        "--summary-only",
        "--out",
        &p("t.csv"),
        "--travellers",
        &p("tr.csv"),
        "--events",
        &p("e.jsonl"),
        "--plot",
        &p("p.svg"),
    ]);
    ok(&["simulate", k.to_str().unwrap(), "--summary-only", "-n", "3", "--out", &p("t.json"), "--plot", &p("p.png")]);

    let csv = std::fs::read_to_string(p("t.csv")).unwrap();
    assert!(csv.starts_with("time,queue,direction,arrivals,arrivals_ci95,cleared"), "{}", &csv[..80]);
    assert!(csv.lines().count() > 100);

    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(p("t.json")).unwrap()).unwrap();
    assert_eq!(json["summary"]["replications"], 3);
    assert!(json["rows"].as_array().unwrap().len() > 100);
    // Each key once: the row's queue id was lost behind a second `queue` (the index).
    let text = std::fs::read_to_string(p("t.json")).unwrap();
    let first_row = &text[text.find("\"rows\"").unwrap()..];
    let first_row = &first_row[..first_row.find('}').unwrap()];
    assert_eq!(first_row.matches("\"queue\":").count(), 1, "{first_row}");
    assert!(json["rows"][0]["queue"].is_string() && json["rows"][0]["queue_index"].is_number(), "{}", json["rows"][0]);

    let travellers = std::fs::read_to_string(p("tr.csv")).unwrap();
    assert!(travellers.starts_with("traveller,direction,category,arrived"));
    let rows = travellers.lines().count() - 1;
    assert!((19_000..21_500).contains(&rows), "{rows} travellers");

    let events = std::fs::read_to_string(p("e.jsonl")).unwrap();
    let mut joined = 0;
    for (n, line) in events.lines().enumerate() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("line {n}: {e}"));
        let ev = borderflow_core::Event::from_json(&v).unwrap_or_else(|e| panic!("line {n}: {e}"));
        joined += matches!(ev.body, borderflow_core::EventBody::QueueJoined { .. }) as usize;
    }
    assert!(joined >= rows, "every traveller joins at least once");

    assert!(std::fs::read_to_string(p("p.svg")).unwrap().contains("<svg"));
    assert_eq!(&std::fs::read(p("p.png")).unwrap()[..4], b"\x89PNG");
}

#[test]
fn same_seed_same_events_across_processes() {
    let dir = tempfile::tempdir().unwrap();
    let k = khorgos();
    let a = dir.path().join("a.jsonl");
    let b = dir.path().join("b.jsonl");
    let c = dir.path().join("c.jsonl");
    for (file, seed) in [(&a, "5"), (&b, "5"), (&c, "6")] {
        ok(&["simulate", k.to_str().unwrap(), "--summary-only", "--seed", seed, "--events", file.to_str().unwrap()]);
    }
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    assert_ne!(std::fs::read(&a).unwrap(), std::fs::read(&c).unwrap());
}

#[test]
fn what_if_is_compared_side_by_side() {
    let k = khorgos();
    let out = ok(&["simulate", k.to_str().unwrap(), "--summary-only", "--what-if", "first_time_desks=5"]);
    assert!(out.contains("A: ") && out.contains("B: first_time_desks=5"), "{out}");
    assert!(out.contains("95th percentile wait:"), "{out}");
}

#[test]
fn bad_input_names_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    let text = std::fs::read_to_string(khorgos()).unwrap().replace("per_hour = 900", "per_hour = -900");
    std::fs::write(&bad, &text).unwrap();
    let line = text.lines().position(|l| l.contains("-900")).unwrap() + 1;
    let out = borderflow(&["simulate", bad.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("bad.toml:{line}")), "{err}");
    assert!(err.contains("streams[0].profile[1].per_hour"), "{err}");

    let k = khorgos();
    let out = borderflow(&["simulate", k.to_str().unwrap(), "--what-if", "tellers=4"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("tellers"));

    let out = borderflow(&["simulate", k.to_str().unwrap(), "--out", "table.xlsx"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains(".csv or .json"));

    let out = borderflow(&["simulate", "no/such/scenario.toml"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/scenario.toml"));
}

#[test]
fn plans_a_day_and_saves_it() {
    let k = khorgos();
    let dir = tempfile::tempdir().unwrap();
    let (csv, json, svg) = (dir.path().join("plan.csv"), dir.path().join("plan.json"), dir.path().join("plan.svg"));
    let out = ok(&[
        "plan",
        k.to_str().unwrap(),
        "--what-if",
        "egates=12",
        "--what-if",
        "merchant_desks=4",
        "--what-if",
        "first_time_desks=8",
        "--what-if",
        "repeat_desks=6",
        "--out",
        csv.to_str().unwrap(),
        "--out",
        json.to_str().unwrap(),
        "--plot",
        svg.to_str().unwrap(),
    ]);
    assert!(out.contains("meets the target"), "{out}");
    assert!(out.contains("desk-hours") && out.contains("officers"), "{out}");
    let table = std::fs::read_to_string(&csv).unwrap();
    assert!(table.starts_with("start,open_merchant_desks"), "{table}");
    assert_eq!(table.lines().count(), 1 + 58, "09:45 to 24:00 in 15-minute rows");
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert!(doc["roster"]["officers"].as_array().unwrap().len() > 10);
    assert_eq!(doc["plan"]["needs"], serde_json::json!([]), "a plan that meets the target needs nothing more");
    assert!(std::fs::read_to_string(&svg).unwrap().contains("<svg"));
    // As built, the hall cannot: the command says which intervals still break the standard.
    let out = ok(&["plan", k.to_str().unwrap()]);
    assert!(out.contains("CANNOT meet") && out.contains("entry_first_time"), "{out}");
    // … and how many more desks of which group, when, would meet it.
    assert!(out.contains("to meet it, the hall would need beyond its lanes:"), "{out}");
    let first_time = out.lines().find(|l| l.contains("(group first_time_desks)")).expect("first-time desks are short");
    let more: u32 = first_time.split_whitespace().next().unwrap().parse().unwrap();
    assert!((1..=12).contains(&more) && first_time.contains("more desks") && first_time.contains("09:45–"), "{first_time}");
}

#[test]
fn plan_refuses_bad_settings() {
    let k = khorgos();
    let out = borderflow(&["plan", k.to_str().unwrap(), "--share", "1.5"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--share"));
    let out = borderflow(&["plan", k.to_str().unwrap(), "--hard-cap-minutes", "10"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("below the standard"));
    let push = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_borderflow"))
            .args(["plan", k.to_str().unwrap(), "--reps", "2", "--push", "http://127.0.0.1:9"])
            .args(extra)
            .env_remove("BORDERFLOW_TOKEN")
            .output()
            .unwrap()
    };
    let out = push(&[]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--push needs --token"), "{}", String::from_utf8_lossy(&out.stderr));
    let out = push(&["--token", "bf_x_y"]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("pushing the plan to http://127.0.0.1:9/api/v1/plan"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn backtest_rejects_a_broken_file_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("bad.csv");
    std::fs::write(&f, "airport,terminal,date,hour,us_avg_wait,us_max_wait,non_us_avg_wait,non_us_max_wait,all_avg_wait,all_max_wait,all_n_0..15,all_n_16..30,all_n_31..45,all_n_46..60,all_n_61..90,all_n_91..120,all_n_120..,all_excluded,all_total,all_flights,all_booths\nORD,T5,2016-01-01,0400 - 0500,1,1,1,1,1,1,1,1,1,1,1,1,1,1,ten,1,1\n").unwrap();
    let out = borderflow(&["backtest", f.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 2") && err.contains("all_total"), "{err}");
}

#[test]
fn forecasts_a_day_and_plans_it_from_history() {
    let dir = tempfile::tempdir().unwrap();
    let hist = dir.path().join("history.csv");
    // Four weeks of hourly counts shaped like the Khorgos day, busier at weekends.
    let mut csv = String::from("date,hour,direction,category,count\n");
    let start = jiff::civil::date(2026, 6, 1);
    for d in 0..28 {
        let date = start.checked_add(jiff::Span::new().days(d)).unwrap();
        let weekend = if date.weekday().to_monday_zero_offset() >= 5 { 1.2 } else { 1.0 };
        for hour in 9..24 {
            let entry = match hour {
                9 => 3000.0,
                10..=11 => 1300.0,
                12..=13 => 900.0,
                14..=20 => 600.0,
                _ => 0.0,
            };
            let exit = if hour < 16 { 450.0 } else { 700.0 };
            for (cat, share) in [("merchant", 0.4), ("first_time", 0.15), ("repeat", 0.3), ("general", 0.15)] {
                csv += &format!("{date},{hour},entry,{cat},{}\n", entry * share * weekend);
                csv += &format!("{date},{hour},exit,{cat},{}\n", exit * share * weekend);
            }
        }
    }
    std::fs::write(&hist, csv).unwrap();
    let out = ok(&["forecast", "--history", hist.to_str().unwrap(), "--date", "2026-06-29", "--holdout-days", "7"]);
    assert!(out.contains("weekday-mean") && out.contains("MAPE"), "{out}");
    assert!(out.contains("entry/first_time"), "{out}");
    assert!(out.contains("day total 20350"), "{out}");
    // Past the history's reach the forecast would be all zeros: refused, saying why.
    let out = borderflow(&["forecast", "--history", hist.to_str().unwrap(), "--date", "2026-12-01", "--holdout-days", "7"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot forecast 2026-12-01") && err.contains("weeks before it"), "{err}");
    let k = khorgos();
    let out = ok(&[
        "plan",
        k.to_str().unwrap(),
        "--date",
        "2026-06-29",
        "--history",
        hist.to_str().unwrap(),
        "--what-if",
        "egates=12",
        "--what-if",
        "first_time_desks=8",
        "--what-if",
        "merchant_desks=4",
        "--what-if",
        "repeat_desks=6",
    ]);
    assert!(out.contains("desk-hours"), "{out}");
    // A week's rosters: one line and one file per day, the weekend busier.
    let csv_out = dir.path().join("plan.csv");
    let out = ok(&[
        "plan",
        k.to_str().unwrap(),
        "--date",
        "2026-06-29",
        "--days",
        "7",
        "--history",
        hist.to_str().unwrap(),
        "--reps",
        "4",
        "--out",
        csv_out.to_str().unwrap(),
    ]);
    let lines: Vec<&str> = out.lines().filter(|l| l.starts_with("2026-")).collect();
    assert_eq!(lines.len(), 7, "{out}");
    assert!(lines[0].starts_with("2026-06-29 Mon") && lines[6].starts_with("2026-07-05 Sun"), "{out}");
    let desk_hours = |l: &str| l.split_whitespace().nth(2).unwrap().parse::<f64>().unwrap();
    assert!(desk_hours(lines[5]) > desk_hours(lines[0]), "Saturday needs more than Monday: {out}");
    for d in ["2026-06-29", "2026-07-05"] {
        assert!(dir.path().join(format!("plan-{d}.csv")).exists(), "{d}");
    }
    let out = borderflow(&["plan", k.to_str().unwrap(), "--days", "3"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--days needs --date"), "{}", String::from_utf8_lossy(&out.stderr));
    let out = borderflow(&["forecast", "--history", k.to_str().unwrap()]);
    assert!(!out.status.success(), "a scenario is not a history");
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 2"), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn forecasts_from_the_checkpoint_store() {
    use borderflow_core::{Event, EventBody, Id, event::Direction};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.db");
    let k = khorgos();
    let s = borderflow_core::Scenario::load(&k, &[]).unwrap();
    // Three weeks of merchants joining their queue, 10:00–19:59 Khorgos time: 20 an hour, 30 at weekends.
    let mut events = Vec::new();
    for d in 0..21 {
        let date = jiff::civil::date(2026, 6, 1).checked_add(jiff::Span::new().days(d)).unwrap();
        let n = if date.weekday().to_monday_zero_offset() >= 5 { 30 } else { 20 };
        for hour in 10..20 {
            for i in 0..n {
                let at = date.at(hour, (i * 2) as i8, 0, 0).to_zoned(s.time_zone.clone()).unwrap().timestamp();
                events.push(Event {
                    id: uuid::Uuid::new_v4(),
                    at,
                    checkpoint: s.checkpoint.clone(),
                    body: EventBody::QueueJoined {
                        traveller: Id::new(format!("t{d}-{hour}-{i}")).unwrap(),
                        direction: Direction::Entry,
                        category: Id::new("merchant").unwrap(),
                        queue: Id::new("entry_merchant").unwrap(),
                    },
                });
            }
        }
    }
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let layout = borderflow_store::Layout::from_scenarios(std::slice::from_ref(&s));
        let store = borderflow_store::open(db.to_str().unwrap(), &layout).await.unwrap();
        store.append(&events).await.unwrap();
    });
    let out =
        ok(&["forecast", "--db", db.to_str().unwrap(), "--checkpoint", k.to_str().unwrap(), "--holdout-days", "7", "--date", "2026-06-27"]);
    assert!(out.contains("entry/merchant"), "{out}");
    // A Saturday: 10 hours of 30, whichever method wins on this regular history.
    assert!(out.contains("day total 300"), "{out}");
    let out = borderflow(&["forecast", "--db", db.to_str().unwrap(), "--history", k.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("not both"), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn backtest_writes_each_scored_hour_with_its_prediction_and_daily_level() {
    // Three weeks of O'Hare T5: fitted on the first half of the days, scored on the rest.
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/cbp-awt/ORD-2016.csv")).unwrap();
    let slice: Vec<&str> = text.lines().take_while(|l| !l.contains(",2016-01-22,")).collect();
    let dir = tempfile::tempdir().unwrap();
    let (f, out) = (dir.path().join("three-weeks.csv"), dir.path().join("hours.csv"));
    std::fs::write(&f, slice.join("\n") + "\n").unwrap();
    let table = ok(&["backtest", f.to_str().unwrap(), "--reps", "1", "--recalibrate-days", "0", "--out", out.to_str().unwrap()]);
    assert!(table.contains("simulator, fitted once, daily level of the 7 days before"), "{table}");
    assert!(table.contains("hybrid: simulator + correction learned on the 365 days before"), "{table}");
    assert!(table.contains("fit on the average waits: converged after"), "each fit says where it ended: {table}");
    assert!(table.contains("walk (min)") && table.contains("within two standard errors"), "{table}");
    let mut rows = csv::Reader::from_path(&out).unwrap();
    let header = rows.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name} in {header:?}"));
    let (date, level) = (col("date"), col("level"));
    let rows: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    assert!(rows.len() > 200, "about 11 days of hours scored, got {}", rows.len());
    // The first scored day has no day of its own forecasts before it; later days carry a level.
    let first = rows[0][date].to_owned();
    assert!(rows.iter().filter(|r| r[date] == first).all(|r| r[level] == *"0.00"));
    assert!(rows.iter().any(|r| r[level] != *"0.00"), "a level from the second day on");
    let (hybrid, p60) = (col("hybrid_avg_wait"), col("hybrid_p_over_60"));
    assert!(rows.iter().all(|r| r[hybrid].parse::<f64>().is_ok() && (0.0..=1.0).contains(&r[p60].parse::<f64>().unwrap())));
}
