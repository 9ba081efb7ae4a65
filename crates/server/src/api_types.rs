//! The API's shapes in TypeScript, generated from the Rust types the server
//! answers with (`ts-rs`), so the web UI is type-checked against what the
//! server really sends instead of a copy kept by hand. The files live in
//! `web/src/api-types/`, one per concern, with an `index.ts` the screens
//! import; a test (`tests/server/web_unit.rs`) fails when they
//! differ from what this module generates, and rewrites them when run with
//! `BORDERFLOW_BLESS=1`.

use std::collections::{BTreeMap, BTreeSet};

use ts_rs::{Config, TS};

/// Where the generated files are checked in, relative to the workspace root.
pub const DIR: &str = "web/src/api-types";

/// One declaration: its TypeScript name, `export type …;`, and the names it refers to.
struct Decl {
    name: String,
    text: String,
    uses: Vec<String>,
}

fn decl<T: TS + 'static + ?Sized>(cfg: &Config) -> Decl {
    let docs = T::docs().map(|d| format!("{d}\n")).unwrap_or_default();
    Decl {
        name: T::ident(cfg),
        text: format!("{docs}export {}", T::decl(cfg)),
        uses: T::dependencies(cfg).into_iter().map(|d| d.ts_name).collect(),
    }
}

/// The files, by concern: `(name, text)`, `index` last. Every type a
/// listed type refers to must be listed too (checked here, so a new nested
/// type cannot silently become `any`); a file imports what it uses from the others.
///
/// # Panics
/// When a listed type refers to one that is not listed.
pub fn typescript() -> Vec<(String, String)> {
    // JSON numbers are doubles: 64-bit counts are `number`, as JSON.parse gives them.
    let cfg = Config::new().with_large_int("number");
    use borderflow_command as command;
    use borderflow_core as core;
    use borderflow_live as live;
    use borderflow_plan as plan;
    use borderflow_store as store;
    let files: Vec<(&str, &str, Vec<Decl>)> = vec![
        (
            "common",
            "Identifiers and words shared by everything.",
            vec![
                decl::<core::Id>(&cfg),
                decl::<core::scenario::Names>(&cfg),
                decl::<core::Direction>(&cfg),
                decl::<core::LaneKind>(&cfg),
                decl::<core::WaitLevel>(&cfg),
                decl::<core::scenario::Place>(&cfg),
            ],
        ),
        (
            "live",
            "The live picture (`/api/v1/snapshot`, the stream).",
            vec![
                decl::<live::Snapshot>(&cfg),
                decl::<live::SnapshotDelta>(&cfg),
                decl::<live::CheckpointView>(&cfg),
                decl::<live::CheckpointDelta>(&cfg),
                decl::<live::QueueView>(&cfg),
                decl::<live::LaneView>(&cfg),
                decl::<live::Totals>(&cfg),
                decl::<live::OfficerView>(&cfg),
                decl::<live::alerts::Alert>(&cfg),
                decl::<live::alerts::AlertAck>(&cfg),
                decl::<live::alerts::AlertKind>(&cfg),
                decl::<live::alerts::Level>(&cfg),
            ],
        ),
        ("history", "The day's history.", vec![decl::<live::history::DaySeries>(&cfg), decl::<live::history::QueueSeries>(&cfg)]),
        (
            "twin",
            "The twin and its advice.",
            vec![
                decl::<crate::twin::TwinAnswer>(&cfg),
                decl::<live::track::TrackLine>(&cfg),
                decl::<live::track::TrackStep>(&cfg),
                decl::<live::twin::Outlook>(&cfg),
                decl::<live::twin::QueueOutlook>(&cfg),
                decl::<live::twin::WaitPoint>(&cfg),
                decl::<live::advice::Advice>(&cfg),
                decl::<live::advice::Action>(&cfg),
                decl::<live::advice::ActionKind>(&cfg),
                decl::<live::advice::Breach>(&cfg),
                decl::<live::advice::Effect>(&cfg),
                decl::<live::advice::Shortfall>(&cfg),
                decl::<live::advice::Words>(&cfg),
            ],
        ),
        ("stats", "Statistics.", vec![decl::<store::StatsRow>(&cfg), decl::<store::Measures>(&cfg), decl::<store::LaneRow>(&cfg)]),
        (
            "checkpoints",
            "The checkpoints as configured, the public board.",
            vec![
                decl::<crate::checkpoints::CheckpointInfo>(&cfg),
                decl::<crate::checkpoints::Named>(&cfg),
                decl::<crate::checkpoints::QueueInfo>(&cfg),
                decl::<crate::checkpoints::LaneGroupInfo>(&cfg),
                decl::<crate::board::Board>(&cfg),
                decl::<crate::board::BoardQueue>(&cfg),
                decl::<crate::board::BoardAdvice>(&cfg),
            ],
        ),
        (
            "command",
            "The command network: instructions, desks, who is signed in.",
            vec![
                decl::<core::instruction::Target>(&cfg),
                decl::<core::instruction::Order>(&cfg),
                decl::<command::Instruction>(&cfg),
                decl::<command::State>(&cfg),
                decl::<crate::instructions::NewInstruction>(&cfg),
                decl::<crate::instructions::Listed>(&cfg),
                decl::<crate::desk::DeskView>(&cfg),
                decl::<crate::sessions::SessionInfo>(&cfg),
                decl::<crate::auth::Role>(&cfg),
            ],
        ),
        ("admin", "The admin page.", vec![decl::<crate::users::UserInfo>(&cfg), decl::<crate::webhooks::routes::Failed>(&cfg)]),
        (
            "plan",
            "The staffing plan document.",
            vec![
                decl::<plan::doc::PlanDoc>(&cfg),
                decl::<plan::staffing::Plan>(&cfg),
                decl::<plan::staffing::GroupPlan>(&cfg),
                decl::<plan::staffing::Need>(&cfg),
                decl::<plan::staffing::QueueCheck>(&cfg),
                decl::<plan::roster::Roster>(&cfg),
                decl::<plan::roster::Officer>(&cfg),
                decl::<borderflow_sim::replicate::SummaryEstimate>(&cfg),
                decl::<borderflow_sim::replicate::Estimate>(&cfg),
            ],
        ),
    ];
    let mut home: BTreeMap<&str, &str> = BTreeMap::new();
    for (file, _, decls) in &files {
        for d in decls {
            assert!(home.insert(d.name.as_str(), file).is_none(), "two listed types are named {}", d.name);
        }
    }
    let header = "// Generated from the server's Rust types by `crates/server/src/api_types.rs`: do not edit.\n\
                  // Regenerate with `BORDERFLOW_BLESS=1 cargo test -p borderflow-server --test server web_unit`.\n";
    let mut out = Vec::new();
    for (file, about, decls) in &files {
        let mut imports: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for d in decls {
            for u in &d.uses {
                let from =
                    home.get(u.as_str()).unwrap_or_else(|| panic!("{} refers to {u}, which api_types.rs does not list: add it", d.name));
                if from != file {
                    imports.entry(from).or_default().insert(u);
                }
            }
        }
        let mut text = format!("{header}// {about}\n\n");
        for (from, names) in &imports {
            text.push_str(&format!("import type {{ {} }} from \"./{from}\";\n", names.iter().copied().collect::<Vec<_>>().join(", ")));
        }
        for d in decls {
            text.push_str(&format!("\n{}\n", d.text));
        }
        out.push((format!("{file}.ts"), text));
    }
    let mut index = format!("{header}// Every shape, by concern.\n\n");
    for (file, _, _) in &files {
        index.push_str(&format!("export type * from \"./{file}\";\n"));
    }
    out.push(("index.ts".to_string(), index));
    out
}
