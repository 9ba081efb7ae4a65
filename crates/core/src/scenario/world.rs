//! A world the checkpoint does not know: how a real day departs from the
//! scenario it was planned on. The demo's hall runs the world while the
//! server and its twin keep the scenario, so the twin is scored against a
//! day it did not assume and has to learn from the live events.
//!
//! ```toml
//! service_factor = 1.2        # every desk takes 20 % longer than planned
//! crowd_factor = 1.333        # the crowd waiting at the opening, a third larger
//! [[slow_lanes]]
//! lane = "D4"                 # this desk's officer works at half speed
//! factor = 2.0
//! [[groups]]
//! direction = "entry"         # a coach nobody announced
//! at = "11:30"
//! size = 50
//! ```

use serde::Deserialize;

use super::{GroupArrival, Scenario, parse_clock};
use crate::event::Direction;

/// How the real day departs from the scenario.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct World {
    /// Every desk's (manual lane's) service time times this (1: as planned).
    #[serde(default = "one")]
    pub service_factor: f64,
    /// Every stream's crowd at its opening times this.
    #[serde(default = "one")]
    pub crowd_factor: f64,
    /// Lanes slower than the rest on top of that.
    #[serde(default)]
    pub slow_lanes: Vec<SlowLane>,
    /// Groups that arrive unannounced.
    #[serde(default)]
    pub groups: Vec<WorldGroup>,
}

fn one() -> f64 {
    1.0
}

/// A lane whose service times are `factor` times the rest's.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlowLane {
    /// The lane's id.
    pub lane: String,
    /// Its service times times this (2: half speed).
    pub factor: f64,
}

/// A group of travellers arriving together.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorldGroup {
    /// The stream it joins.
    pub direction: Direction,
    /// Local clock time, `HH:MM`.
    pub at: String,
    /// Travellers.
    pub size: u32,
    /// Minutes over which they arrive.
    #[serde(default = "five")]
    pub spread_minutes: f64,
}

fn five() -> f64 {
    5.0
}

impl World {
    /// The default world for `s`: the kind of day no plan foresees, in four
    /// ways at once: desks 20 % slower than planned, the fourth desk (D4 at
    /// Khorgos) at half speed, an unannounced coach of 50 at 11:30 (or two
    /// hours after the first stream opens), and the opening crowd a third larger.
    pub fn default_for(s: &Scenario) -> World {
        let desks: Vec<&super::Lane> = s.lanes.iter().filter(|l| l.kind == super::LaneKind::Manual).collect();
        let slow = desks.get(3).or(desks.first()).map(|l| SlowLane { lane: l.id.to_string(), factor: 2.0 });
        let groups = s.streams.first().map(|st| {
            let at_s = if (st.open_s..st.close_s).contains(&(11.5 * 3600.0)) { 11.5 * 3600.0 } else { st.open_s + 7200.0 };
            WorldGroup { direction: st.direction, at: super::clock(at_s.min(st.close_s - 60.0)), size: 50, spread_minutes: 5.0 }
        });
        World { service_factor: 1.2, crowd_factor: 4.0 / 3.0, slow_lanes: slow.into_iter().collect(), groups: groups.into_iter().collect() }
    }
}

/// A world that cannot be read or does not fit the scenario: where and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{source_name}: {key}: {message}")]
#[non_exhaustive]
pub struct WorldError {
    /// The file it came from.
    pub source_name: String,
    /// The key at fault (`slow_lanes[0].lane`), or `toml` for a syntax error.
    pub key: String,
    /// What is wrong.
    pub message: String,
}

/// Factors beyond this are not a day at a checkpoint but a typing error.
const MAX_FACTOR: f64 = 10.0;

impl World {
    /// Reads a world from TOML text.
    pub fn parse(text: &str, source_name: &str) -> Result<World, WorldError> {
        toml::from_str(text).map_err(|e| WorldError { source_name: source_name.into(), key: "toml".into(), message: e.to_string() })
    }

    /// The scenario as this world runs it: refused, naming the key, if a
    /// factor is absurd or a lane or stream is not the scenario's.
    pub fn apply(&self, s: &Scenario, source_name: &str) -> Result<Scenario, WorldError> {
        let fail = |key: String, message: String| WorldError { source_name: source_name.into(), key, message };
        let factor = |key: String, f: f64| {
            if f.is_finite() && f > 0.0 && f <= MAX_FACTOR {
                Ok(f)
            } else {
                Err(fail(key, format!("{f} is not a factor between 0 and {MAX_FACTOR}")))
            }
        };
        let mut w = s.clone();
        let service = factor("service_factor".into(), self.service_factor)?;
        for lane in w.lanes.iter_mut().filter(|l| l.kind == super::LaneKind::Manual) {
            lane.pace *= service;
        }
        for (i, slow) in self.slow_lanes.iter().enumerate() {
            let f = factor(format!("slow_lanes[{i}].factor"), slow.factor)?;
            let lane = w
                .lanes
                .iter_mut()
                .find(|l| l.id.as_str() == slow.lane)
                .ok_or_else(|| fail(format!("slow_lanes[{i}].lane"), format!("no lane `{}` in {}", slow.lane, s.checkpoint)))?;
            lane.pace *= f;
        }
        let crowd = factor("crowd_factor".into(), self.crowd_factor)?;
        for st in &mut w.streams {
            st.crowd_at_open = (st.crowd_at_open * crowd).round();
        }
        for (i, g) in self.groups.iter().enumerate() {
            let key = |k: &str| format!("groups[{i}].{k}");
            let at_s = parse_clock(&g.at).map_err(|m| fail(key("at"), m))?;
            let st = w
                .streams
                .iter_mut()
                .find(|st| st.direction == g.direction)
                .ok_or_else(|| fail(key("direction"), format!("{} has no {:?} stream", s.checkpoint, g.direction)))?;
            if !(st.open_s..st.close_s).contains(&at_s) {
                return Err(fail(key("at"), format!("{} is outside the stream's opening hours", g.at)));
            }
            if g.size == 0 || g.size > 5_000 || !(0.0..=120.0).contains(&g.spread_minutes) {
                return Err(fail(key("size"), "a group is 1 to 5,000 travellers arriving over 0 to 120 minutes".into()));
            }
            st.groups.push(GroupArrival { at_s, size: g.size, spread_s: g.spread_minutes * 60.0, label: "unannounced".into() });
        }
        Ok(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn khorgos() -> Scenario {
        Scenario::load(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios/khorgos.toml")), &[]).unwrap()
    }

    #[test]
    fn the_default_world_departs_from_the_plan_in_four_ways() {
        let s = khorgos();
        let w = World::default_for(&s).apply(&s, "default").unwrap();
        let pace = |sc: &Scenario, id: &str| sc.lanes[sc.lane_index(id).unwrap()].pace;
        assert_eq!((pace(&s, "D1"), pace(&s, "E1")), (1.0, 1.0));
        assert!((pace(&w, "D1") - 1.2).abs() < 1e-12 && (pace(&w, "D4") - 2.4).abs() < 1e-12, "desks slower, D4 at half speed");
        assert_eq!(pace(&w, "E1"), 1.0, "the e-gates keep their pace");
        assert_eq!((s.streams[0].crowd_at_open, w.streams[0].crowd_at_open), (3000.0, 4000.0));
        assert_eq!(w.streams[0].groups.len(), s.streams[0].groups.len() + 1);
    }

    #[test]
    fn a_world_that_does_not_fit_is_refused_naming_the_key() {
        let s = khorgos();
        let err = |text: &str| World::parse(text, "w.toml").and_then(|w| w.apply(&s, "w.toml")).unwrap_err().to_string();
        assert!(err("service_factor = 1e9").contains("w.toml: service_factor: 1000000000 is not a factor"));
        assert!(err("crowd_factor = -1").contains("crowd_factor"));
        assert!(err("[[slow_lanes]]\nlane = \"D99\"\nfactor = 2").contains("slow_lanes[0].lane: no lane `D99`"));
        assert!(err("[[groups]]\ndirection = \"entry\"\nat = \"03:00\"\nsize = 50").contains("groups[0].at"));
        assert!(err("[[groups]]\ndirection = \"entry\"\nat = \"25:99\"\nsize = 50").contains("groups[0].at"));
        assert!(err("speed = 2").contains("unknown field"), "{}", err("speed = 2"));
        // A world as a file reads back.
        let w = World::parse(
            "service_factor = 1.2\ncrowd_factor = 1.3333333333333333\n[[slow_lanes]]\nlane = \"D4\"\nfactor = 2.0\n[[groups]]\ndirection = \"entry\"\nat = \"11:30\"\nsize = 50\n",
            "w.toml",
        )
        .unwrap();
        assert_eq!(w, World::default_for(&s));
    }
}
