//! The API's shapes in TypeScript, generated from the Rust types the server
//! answers with (`ts-rs`), so the web UI is type-checked against what the
//! server really sends instead of a copy kept by hand. The file lives at
//! `web/src/api-types.ts`; a test (`tests/server/web_unit.rs`) fails when it
//! differs from what this module generates, and rewrites it when run with
//! `BORDERFLOW_BLESS=1`.

use std::collections::BTreeSet;

use ts_rs::{Config, TS};

/// Where the generated file is checked in, relative to the workspace root.
pub const PATH: &str = "web/src/api-types.ts";

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

/// The whole file. Every type a listed type refers to must be listed too
/// (checked here, so a new nested type cannot silently become `any`).
///
/// # Panics
/// When a listed type refers to one that is not listed.
pub fn typescript() -> String {
    // JSON numbers are doubles: 64-bit counts are `number`, as JSON.parse gives them.
    let cfg = Config::new().with_large_int("number");
    use borderflow_command as command;
    use borderflow_core as core;
    use borderflow_live as live;
    use borderflow_plan as plan;
    use borderflow_store as store;
    let decls = vec![
        // Identifiers and words shared by everything.
        decl::<core::Id>(&cfg),
        decl::<core::scenario::Names>(&cfg),
        decl::<core::Direction>(&cfg),
        decl::<core::LaneKind>(&cfg),
        decl::<core::WaitLevel>(&cfg),
        decl::<core::scenario::Place>(&cfg),
        // The live picture (`/api/v1/snapshot`, the stream).
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
        // The day's history.
        decl::<live::history::DaySeries>(&cfg),
        decl::<live::history::QueueSeries>(&cfg),
        // The twin and its advice.
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
        // Statistics.
        decl::<store::StatsRow>(&cfg),
        decl::<store::Measures>(&cfg),
        decl::<store::LaneRow>(&cfg),
        // The checkpoints as configured, the public board.
        decl::<crate::checkpoints::CheckpointInfo>(&cfg),
        decl::<crate::checkpoints::Named>(&cfg),
        decl::<crate::checkpoints::QueueInfo>(&cfg),
        decl::<crate::checkpoints::LaneGroupInfo>(&cfg),
        decl::<crate::board::Board>(&cfg),
        decl::<crate::board::BoardQueue>(&cfg),
        decl::<crate::board::BoardAdvice>(&cfg),
        // The command network: instructions, desks, who is signed in.
        decl::<core::instruction::Target>(&cfg),
        decl::<core::instruction::Order>(&cfg),
        decl::<command::Instruction>(&cfg),
        decl::<command::State>(&cfg),
        decl::<crate::instructions::NewInstruction>(&cfg),
        decl::<crate::instructions::Listed>(&cfg),
        decl::<crate::desk::DeskView>(&cfg),
        decl::<crate::sessions::SessionInfo>(&cfg),
        decl::<crate::auth::Role>(&cfg),
        // The admin page.
        decl::<crate::users::UserInfo>(&cfg),
        decl::<crate::webhooks::routes::Failed>(&cfg),
        // The staffing plan document.
        decl::<plan::doc::PlanDoc>(&cfg),
        decl::<plan::staffing::Plan>(&cfg),
        decl::<plan::staffing::GroupPlan>(&cfg),
        decl::<plan::staffing::Need>(&cfg),
        decl::<plan::staffing::QueueCheck>(&cfg),
        decl::<plan::roster::Roster>(&cfg),
        decl::<plan::roster::Officer>(&cfg),
        decl::<borderflow_sim::replicate::SummaryEstimate>(&cfg),
        decl::<borderflow_sim::replicate::Estimate>(&cfg),
    ];
    let listed: BTreeSet<&str> = decls.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(listed.len(), decls.len(), "two listed types share a TypeScript name");
    for d in &decls {
        for u in &d.uses {
            assert!(listed.contains(u.as_str()), "{} refers to {u}, which api_types.rs does not list: add it", d.name);
        }
    }
    let mut out = String::from(
        "// Generated from the server's Rust types by `crates/server/src/api_types.rs`: do not edit.\n\
         // Regenerate with `BORDERFLOW_BLESS=1 cargo test -p borderflow-server --test server web_unit`.\n\n",
    );
    for d in decls {
        out.push_str(&d.text);
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}
