//! The scenario file as written: TOML straight into these structs, unknown
//! keys refused. [`super::Scenario`] is what the rest of borderflow accepts.

use std::collections::BTreeMap;

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawScenario {
    pub checkpoint: RawCheckpoint,
    #[serde(default)]
    pub standard: RawStandard,
    pub categories: Vec<RawCategory>,
    pub streams: Vec<RawStream>,
    pub queues: Vec<RawQueue>,
    pub lanes: Vec<RawLaneGroup>,
    pub service: RawServiceTable,
    #[serde(default)]
    pub reserve: RawReserve,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct RawReserve {
    pub officers: i64,
    pub arrive_minutes: f64,
    pub move_minutes: f64,
}

impl Default for RawReserve {
    fn default() -> Self {
        RawReserve { officers: 0, arrive_minutes: 20.0, move_minutes: 5.0 }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCheckpoint {
    pub id: String,
    #[serde(default)]
    pub name: Option<RawName>,
    pub time_zone: String,
    pub date: String,
}

/// Where something stands on the hall's floor plan, metres from its corner.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPlace {
    pub x: f64,
    pub y: f64,
}

/// A checkpoint's name: one for every language, or one per language.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum RawName {
    One(String),
    PerLanguage(BTreeMap<String, String>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct RawStandard {
    pub max_wait_minutes: f64,
    pub warning_minutes: f64,
    pub interval_minutes: f64,
    pub max_continuous_work_hours: f64,
    pub min_break_minutes: f64,
}

impl Default for RawStandard {
    fn default() -> Self {
        RawStandard {
            max_wait_minutes: 30.0,
            warning_minutes: 20.0,
            interval_minutes: 15.0,
            max_continuous_work_hours: 4.0,
            min_break_minutes: 20.0,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCategory {
    pub id: String,
    #[serde(default)]
    pub name: BTreeMap<String, String>,
    #[serde(default)]
    pub egate_share: f64,
    #[serde(default)]
    pub alternatives: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawStream {
    pub direction: String,
    pub open: String,
    pub close: String,
    #[serde(default = "one")]
    pub scale: f64,
    #[serde(default)]
    pub crowd_at_open: f64,
    #[serde(default)]
    pub crowd_release_minutes: f64,
    pub categories: BTreeMap<String, f64>,
    #[serde(default)]
    pub profile: Vec<RawProfilePiece>,
    #[serde(default)]
    pub groups: Vec<RawGroup>,
    #[serde(default)]
    pub replay: Option<String>,
}

fn one() -> f64 {
    1.0
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawProfilePiece {
    pub from: String,
    #[serde(default)]
    pub to: Option<String>,
    #[serde(default)]
    pub per_hour: Option<f64>,
    #[serde(default)]
    pub count: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawGroup {
    pub at: String,
    pub size: f64,
    #[serde(default)]
    pub spread_minutes: f64,
    #[serde(default)]
    pub label: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawQueue {
    pub id: String,
    #[serde(default)]
    pub name: BTreeMap<String, String>,
    #[serde(default)]
    pub at: Option<RawPlace>,
    pub direction: String,
    #[serde(default)]
    pub categories: Vec<String>,
    #[serde(default)]
    pub egate: bool,
    #[serde(default)]
    pub fallback: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLaneGroup {
    pub group: String,
    #[serde(default)]
    pub name: BTreeMap<String, String>,
    #[serde(default)]
    pub at: Option<RawPlace>,
    pub kind: String,
    pub prefix: String,
    #[serde(default = "one_u")]
    pub count: i64,
    #[serde(default)]
    pub first: Option<i64>,
    pub serves: Vec<String>,
    #[serde(default)]
    pub open: Vec<String>,
    #[serde(default)]
    pub roster: Vec<Vec<String>>,
    #[serde(default = "yes")]
    pub drain: bool,
}

fn one_u() -> i64 {
    1
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawServiceTable {
    pub manual: RawService,
    #[serde(default)]
    pub egate: Option<RawService>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawService {
    pub default: RawDist,
    #[serde(default)]
    pub by_category: BTreeMap<String, RawDist>,
    #[serde(default)]
    pub referred_share: f64,
    #[serde(default)]
    pub refused_share: f64,
    #[serde(default)]
    pub reject_rate: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDist {
    pub dist: String,
    #[serde(default)]
    pub mean: Option<f64>,
    #[serde(default)]
    pub cv: Option<f64>,
    #[serde(default)]
    pub file: Option<String>,
}
