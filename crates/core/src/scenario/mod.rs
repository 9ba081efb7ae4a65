//! Checkpoint scenarios: the hall, its demand and its staffing, as planners write them.
//!
//! A scenario is TOML (see `scenarios/khorgos.toml` and `docs/scenario.md`). It is read
//! in two steps: the text is deserialised into raw structs that refuse unknown
//! keys, then [`Scenario::parse`] validates it once into the types below —
//! times in seconds from the scenario day's local midnight, every reference
//! resolved to an index. Errors name the file, the line and the key.
//!
//! What-if overrides (`desks=10`, `entry.scale=1.3`) are applied to the TOML
//! tree before validation, so an override is checked exactly like the file.

mod clock;
mod error;
mod floor;
pub mod limits;
mod names;
mod raw;
mod validate;
mod whatif;
mod world;

use jiff::civil::Date;
use jiff::tz::TimeZone;

pub use clock::{clock, clock_s, parse_clock, parse_window};
pub use error::{KeyPath, ScenarioError, Seg};
pub use names::{LANGUAGES, Names};
use raw::RawScenario;
use validate::Validator;
pub use world::{SlowLane, World, WorldError, WorldGroup};

use crate::event::Direction;
use crate::ids::Id;

/// Reads a file a scenario refers to (replay CSV, empirical service times),
/// given its path as written in the scenario.
pub type FileReader<'a> = &'a dyn Fn(&str) -> Result<String, String>;

/// A validated scenario: everything the simulator, the planner and the twin need.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// The checkpoint's id, as written into events.
    pub checkpoint: Id,
    /// A human name (in English, else the id).
    pub name: String,
    /// What screens call it, per language.
    pub names: Names,
    /// IANA time zone name (e.g. `Asia/Shanghai`).
    pub time_zone_name: String,
    /// The time zone.
    pub time_zone: TimeZone,
    /// The day simulated; times below are seconds from its local midnight.
    pub date: Date,
    /// Service standard and reporting interval.
    pub standard: Standard,
    /// Traveller categories (classes).
    pub categories: Vec<Category>,
    /// Demand, one stream per direction.
    pub streams: Vec<Stream>,
    /// Queues travellers are triaged into.
    pub queues: Vec<Queue>,
    /// Every lane, groups expanded (`D1`…`D8`).
    pub lanes: Vec<Lane>,
    /// The lane groups as declared, with what screens call them.
    pub lane_groups: Vec<LaneGroup>,
    /// Service behaviour of manual desks.
    pub manual: Service,
    /// Service behaviour of e-gates (absent if the hall has none).
    pub egate: Option<Service>,
    /// Officers the station can call in beyond the roster.
    pub reserve: Reserve,
}

/// Officers on call beyond the roster, and how long people take to get to a desk.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reserve {
    /// How many can be called in.
    pub officers: u32,
    /// How long a called officer takes to reach a desk, seconds.
    pub arrive_s: f64,
    /// How long an officer takes to move from one desk to another (across halls too), seconds.
    pub move_s: f64,
}

impl Default for Reserve {
    fn default() -> Reserve {
        Reserve { officers: 0, arrive_s: 1200.0, move_s: 300.0 }
    }
}

/// The service standard.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Standard {
    /// Longest acceptable wait, seconds (Khorgos: 1800).
    pub max_wait_s: f64,
    /// Wait at which to warn, seconds.
    pub warning_s: f64,
    /// Reporting interval, seconds (900).
    pub interval_s: f64,
    /// Longest an officer may work without a break, seconds.
    pub max_continuous_work_s: f64,
    /// Shortest break between two stretches of work, seconds.
    pub min_break_s: f64,
}

/// Where a wait stands against the standard. The one rule the queue table,
/// the alerts, the KPIs and the dashboard all follow ([`Standard::level`]).
#[derive(ts_rs::TS, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WaitLevel {
    /// Within the warning level.
    Ok,
    /// Over the warning level, within the standard.
    Warning,
    /// Over the standard.
    Breach,
}

impl WaitLevel {
    /// The API spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            WaitLevel::Ok => "ok",
            WaitLevel::Warning => "warning",
            WaitLevel::Breach => "breach",
        }
    }
}

impl Standard {
    /// The verdict on a wait, seconds (infinite when people wait and no lane serves them).
    pub fn level(&self, wait_s: f64) -> WaitLevel {
        if wait_s > self.max_wait_s {
            WaitLevel::Breach
        } else if wait_s > self.warning_s {
            WaitLevel::Warning
        } else {
            WaitLevel::Ok
        }
    }
}

/// A traveller category (a class in queueing terms).
#[derive(Debug, Clone, PartialEq)]
pub struct Category {
    /// Its id (`merchant`, `first_time`, …).
    pub id: Id,
    /// What screens call it.
    pub names: Names,
    /// Share of this category that is eligible for, and uses, the e-gates.
    pub egate_share: f64,
    /// Manual queues guides may send it to instead of its own (indices into
    /// [`Scenario::queues`]): the twin's re-triage moves.
    pub alternatives: Vec<usize>,
}

/// Arrivals in one direction.
#[derive(Debug, Clone, PartialEq)]
pub struct Stream {
    /// Entry or exit.
    pub direction: Direction,
    /// When the hall opens for this direction (seconds from midnight).
    pub open_s: f64,
    /// When it stops admitting new arrivals.
    pub close_s: f64,
    /// Travellers already waiting at opening.
    pub crowd_at_open: f64,
    /// The crowd joins the queues evenly over this many seconds after opening (guides triage it).
    pub crowd_release_s: f64,
    /// Share of each category, indexed like [`Scenario::categories`]; sums to 1.
    pub category_shares: Vec<f64>,
    /// Piecewise-constant arrival rate (travellers per second), sorted, non-overlapping.
    pub rates: Vec<RatePiece>,
    /// Group arrivals (buses, trains).
    pub groups: Vec<GroupArrival>,
    /// Recorded arrivals to replay: (seconds from midnight, category index or None = draw by share).
    pub replay: Vec<(f64, Option<usize>)>,
}

impl Stream {
    /// Travellers it brings in the day: crowd, profile, groups and replay.
    pub fn expected_travellers(&self) -> f64 {
        self.crowd_at_open
            + self.rates.iter().map(|r| r.per_s * (r.to_s - r.from_s)).sum::<f64>()
            + self.groups.iter().map(|g| f64::from(g.size)).sum::<f64>()
            + self.replay.len() as f64
    }
}

/// A piece of a rate profile.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RatePiece {
    /// Start, seconds from midnight.
    pub from_s: f64,
    /// End (exclusive).
    pub to_s: f64,
    /// Travellers per second.
    pub per_s: f64,
}

/// A group arriving together.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupArrival {
    /// When the group arrives.
    pub at_s: f64,
    /// How many travellers.
    pub size: u32,
    /// Its members arrive uniformly over this many seconds.
    pub spread_s: f64,
    /// What it is (bus, train…), for reports.
    pub label: String,
}

/// A queue.
#[derive(Debug, Clone, PartialEq)]
pub struct Queue {
    /// Its id.
    pub id: Id,
    /// What screens call it.
    pub names: Names,
    /// Where its line starts on the hall's floor plan (none: screens lay the hall out themselves).
    pub at: Option<Place>,
    /// The direction whose travellers join it.
    pub direction: Direction,
    /// Categories triaged into it (manual queues).
    pub categories: Vec<usize>,
    /// Whether this is the e-gate queue of its direction.
    pub egate: bool,
    /// For an e-gate queue: where travellers the gate rejects go.
    pub fallback: Option<usize>,
}

/// Manual desk or self-service e-gate.
#[derive(ts_rs::TS, Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LaneKind {
    /// A desk with an officer.
    Manual,
    /// A self-service gate.
    Egate,
}

impl LaneKind {
    /// The config spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            LaneKind::Manual => "manual",
            LaneKind::Egate => "egate",
        }
    }
}

/// A group of lanes as declared (`[[lanes]]`): its lanes carry its id in [`Lane::group`].
#[derive(Debug, Clone, PartialEq)]
pub struct LaneGroup {
    /// Its id (`merchant_desks`).
    pub id: String,
    /// Desks or gates.
    pub kind: LaneKind,
    /// What screens call it.
    pub names: Names,
    /// Where its first lane stands on the hall's floor plan; the others follow in a row, 2 m apart.
    pub at: Option<Place>,
}

/// A point on a hall's floor plan, metres from its corner (for the dashboard's map).
#[derive(ts_rs::TS, Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Place {
    /// Metres along the hall.
    pub x_m: f64,
    /// Metres across it.
    pub y_m: f64,
}

/// One lane.
#[derive(Debug, Clone, PartialEq)]
pub struct Lane {
    /// Its id (`D3`).
    pub id: Id,
    /// The group it was declared in (`desks`).
    pub group: String,
    /// Desk or gate.
    pub kind: LaneKind,
    /// Queues it serves, highest priority first.
    pub serves: Vec<usize>,
    /// When it is open: sorted, non-overlapping (start, end) in seconds.
    pub windows: Vec<(f64, f64)>,
    /// Officers who staff it, each with their stretches of work.
    pub officers: Vec<Shift>,
    /// At its last close, keep serving until its queues are empty (nobody stranded).
    pub drain: bool,
    /// Its service times are this times the scenario's (1 as planned; a
    /// [`World`] sets others, scenario files do not).
    pub pace: f64,
}

/// One officer's day at a lane.
#[derive(Debug, Clone, PartialEq)]
pub struct Shift {
    /// The officer's id.
    pub officer: Id,
    /// Stretches of work, seconds from midnight, sorted.
    pub stretches: Vec<(f64, f64)>,
}

impl Lane {
    /// The officer working at `t`, if the lane is staffed by a roster.
    pub fn officer_at(&self, t: f64) -> Option<&Id> {
        self.officers.iter().find(|s| s.stretches.iter().any(|&(a, b)| a <= t && t < b)).map(|s| &s.officer)
    }
}

/// Service behaviour of one lane kind.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// Service time distribution per category (indexed like categories).
    pub by_category: Vec<DistSpec>,
    /// Share of services ending `referred` (secondary inspection).
    pub referred_share: f64,
    /// Share ending `refused`.
    pub refused_share: f64,
    /// E-gates: share of travellers the gate rejects (they go to the fallback queue).
    pub reject_rate: f64,
}

/// A service-time distribution, in seconds.
#[derive(Debug, Clone, PartialEq)]
pub enum DistSpec {
    /// Always the same.
    Deterministic(f64),
    /// Exponential with this mean.
    Exponential(f64),
    /// Lognormal by mean and coefficient of variation.
    LogNormal {
        /// Mean, seconds.
        mean: f64,
        /// Standard deviation / mean.
        cv: f64,
    },
    /// Gamma by mean and coefficient of variation.
    Gamma {
        /// Mean, seconds.
        mean: f64,
        /// Standard deviation / mean.
        cv: f64,
    },
    /// Resampled from recorded service times.
    Empirical(Vec<f64>),
}

impl DistSpec {
    /// The mean, seconds.
    pub fn mean(&self) -> f64 {
        match self {
            DistSpec::Deterministic(m) | DistSpec::Exponential(m) => *m,
            DistSpec::LogNormal { mean, .. } | DistSpec::Gamma { mean, .. } => *mean,
            DistSpec::Empirical(v) => v.iter().sum::<f64>() / v.len() as f64,
        }
    }

    /// The squared coefficient of variation (variance / mean²).
    pub fn scv(&self) -> f64 {
        match self {
            DistSpec::Deterministic(_) => 0.0,
            DistSpec::Exponential(_) => 1.0,
            DistSpec::LogNormal { cv, .. } | DistSpec::Gamma { cv, .. } => cv * cv,
            DistSpec::Empirical(v) => {
                let m = self.mean();
                let var = v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / v.len() as f64;
                var / (m * m)
            }
        }
    }

    /// The same shape with the mean multiplied by `k` (used by what-ifs and fitting).
    pub fn scaled(&self, k: f64) -> DistSpec {
        match self {
            DistSpec::Deterministic(m) => DistSpec::Deterministic(m * k),
            DistSpec::Exponential(m) => DistSpec::Exponential(m * k),
            DistSpec::LogNormal { mean, cv } => DistSpec::LogNormal { mean: mean * k, cv: *cv },
            DistSpec::Gamma { mean, cv } => DistSpec::Gamma { mean: mean * k, cv: *cv },
            DistSpec::Empirical(v) => DistSpec::Empirical(v.iter().map(|x| x * k).collect()),
        }
    }
}

impl Scenario {
    /// Reads a scenario file; referenced files are resolved beside it.
    pub fn load(path: &std::path::Path, overrides: &[String]) -> Result<Scenario, ScenarioError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| ScenarioError {
            source_name: name.clone(),
            line: None,
            key: String::new(),
            message: format!("cannot read: {e}"),
        })?;
        let dir = path.parent().map(|p| p.to_path_buf()).unwrap_or_default();
        let read = move |rel: &str| std::fs::read_to_string(dir.join(rel)).map_err(|e| format!("cannot read {rel}: {e}"));
        Scenario::parse(&text, &name, overrides, &read)
    }

    /// Parses and validates scenario text. `source_name` is used in errors;
    /// `overrides` are what-if assignments such as `desks=10`.
    pub fn parse(text: &str, source_name: &str, overrides: &[String], read: FileReader) -> Result<Scenario, ScenarioError> {
        let syntax = |e: toml::de::Error| ScenarioError {
            source_name: source_name.to_owned(),
            line: e.span().map(|s| error::line_of(text, s.start)),
            key: String::new(),
            message: e.message().trim().to_owned(),
        };
        let raw: RawScenario = if overrides.is_empty() {
            toml::from_str(text).map_err(syntax)?
        } else {
            let mut tree: toml::Table = toml::from_str(text).map_err(syntax)?;
            for o in overrides {
                whatif::apply(&mut tree, o).map_err(|message| ScenarioError {
                    source_name: format!("--what-if '{o}'"),
                    line: None,
                    key: String::new(),
                    message,
                })?;
            }
            // Overridden values have no line in the file; errors name the key.
            toml::Table::try_into(tree).map_err(|e: toml::de::Error| ScenarioError {
                source_name: format!("{source_name} (with what-ifs)"),
                line: None,
                key: String::new(),
                message: e.message().trim().to_owned(),
            })?
        };
        let v = Validator { read };
        v.scenario(raw).map_err(|(path, message)| ScenarioError {
            source_name: source_name.to_owned(),
            line: error::locate(text, &path),
            key: path.to_string(),
            message,
        })
    }

    /// The queue a lane exists for: the first it serves that travellers are
    /// triaged into (not a fallback-only priority queue).
    pub fn own_queue(&self, lane: usize) -> usize {
        let serves = &self.lanes[lane].serves;
        serves.iter().copied().find(|&q| self.queues[q].egate || !self.queues[q].categories.is_empty()).unwrap_or(serves[0])
    }

    /// Index of a queue by id.
    pub fn queue_index(&self, id: &str) -> Option<usize> {
        self.queues.iter().position(|q| q.id == *id)
    }

    /// Index of a lane by id.
    pub fn lane_index(&self, id: &str) -> Option<usize> {
        self.lanes.iter().position(|l| l.id == *id)
    }

    /// Index of a category by id.
    pub fn category_index(&self, id: &str) -> Option<usize> {
        self.categories.iter().position(|c| c.id == *id)
    }

    /// The service behaviour of a lane kind.
    pub fn service(&self, kind: LaneKind) -> &Service {
        match kind {
            LaneKind::Manual => &self.manual,
            LaneKind::Egate => self.egate.as_ref().unwrap_or(&self.manual),
        }
    }

    /// Expected travellers in the day (crowd + profile + groups + replay), all streams.
    pub fn expected_travellers(&self) -> f64 {
        self.streams.iter().map(Stream::expected_travellers).sum()
    }

    /// Converts seconds from the scenario day's local midnight to an instant.
    pub fn instant(&self, seconds: f64) -> jiff::Timestamp {
        let midnight = self.date.to_zoned(self.time_zone.clone()).expect("validated date is representable in its zone").timestamp();
        let nanos = (seconds * 1e9).round() as i64;
        midnight + jiff::SignedDuration::from_nanos(nanos)
    }
}

#[cfg(test)]
mod tests;
