//! The plan document: one shape for what `borderflow plan --out plan.json`
//! writes, `--push` sends, the server checks and keeps (`PUT /api/v1/plan`),
//! and the dashboard reads back.

use borderflow_core::Scenario;
use borderflow_sim::replicate::SummaryEstimate;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::PlanError;
use crate::roster::Roster;
use crate::staffing::Plan;

/// A day's staffing plan for one checkpoint.
#[derive(ts_rs::TS, Debug, Clone, Serialize, Deserialize)]
pub struct PlanDoc {
    /// The checkpoint's id.
    pub checkpoint: String,
    /// The local day planned.
    pub date: Date,
    /// Lanes open per interval, and the verification's figures.
    pub plan: Plan,
    /// The scenario's queue ids, in the order [`crate::staffing::QueueCheck::queue`] counts them.
    #[serde(default)]
    pub queues: Vec<String>,
    /// The officers on the plan's desks.
    #[serde(default)]
    pub roster: Roster,
    /// The scenario's own staffing, simulated, for comparison.
    #[serde(default)]
    pub as_written: SummaryEstimate,
}

impl PlanDoc {
    /// The document of a plan of `s`'s day.
    pub fn new(s: &Scenario, plan: Plan, roster: Roster, as_written: SummaryEstimate) -> PlanDoc {
        PlanDoc {
            checkpoint: s.checkpoint.to_string(),
            date: s.date,
            plan,
            queues: s.queues.iter().map(|q| q.id.to_string()).collect(),
            roster,
            as_written,
        }
    }

    /// Checks it against the checkpoint's scenario: every group exists, has a
    /// value per interval, and opens no more lanes than it has. The error
    /// names the field.
    pub fn check(&self, s: &Scenario) -> Result<(), PlanError> {
        let p = &self.plan;
        if !(p.interval_s > 0.0 && p.start_clock_s >= 0.0) {
            return Err(PlanError::Mismatch(format!(
                "`plan.interval_s` {} / `plan.start_clock_s` {}: must be positive",
                p.interval_s, p.start_clock_s
            )));
        }
        for (i, g) in p.groups.iter().enumerate() {
            let lanes = s.lanes.iter().filter(|l| l.group == g.group).count();
            if lanes == 0 {
                return Err(PlanError::Mismatch(format!("`plan.groups[{i}].group`: no lane group `{}` at `{}`", g.group, self.checkpoint)));
            }
            if g.open.len() != p.intervals as usize {
                return Err(PlanError::Mismatch(format!("`plan.groups[{i}].open`: {} values for {} intervals", g.open.len(), p.intervals)));
            }
            if let Some(n) = g.open.iter().find(|&&n| n as usize > lanes) {
                return Err(PlanError::Mismatch(format!("`plan.groups[{i}].open`: {n} lanes open, the group `{}` has {lanes}", g.group)));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the CLI writes, the server reads back whole, with the waits of
    /// intervals nobody joined (NaN, written as `null`) still not a number.
    #[test]
    fn the_cli_s_document_reads_back() {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios/khorgos.toml")).unwrap();
        let s = Scenario::parse(&text, "khorgos.toml", &[], &|_| Err("no files".into())).unwrap();
        let target = crate::staffing::Target { share_within: 0.95, max_wait_s: 1800.0, hard_cap_s: 3600.0 };
        let plan = crate::staffing::plan(&s, &crate::staffing::Options { target, reps: 2, max_rounds: 3, seed: 1 });
        let roster = crate::roster::roster(&s, &plan);
        let mut doc = PlanDoc::new(&s, plan, roster, SummaryEstimate::default());
        let nobody = crate::staffing::QueueCheck { interval: 0, queue: 0, arrivals: 0.0, wait_p95: f64::NAN, wait_max: f64::NAN };
        doc.plan.checks.push(nobody);
        let json = serde_json::to_string(&doc).unwrap();
        let back: PlanDoc = serde_json::from_str(&json).unwrap();
        assert_eq!(back.plan.groups, doc.plan.groups);
        assert_eq!(back.roster, doc.roster);
        assert_eq!(back.queues.len(), s.queues.len());
        assert!(back.plan.checks.last().unwrap().wait_p95.is_nan(), "null reads back as not a number");
        assert_eq!(back.plan.checks.len(), doc.plan.checks.len());
        back.check(&s).unwrap();
        // A plan pushed before the times of day were named `_clock_s` still reads.
        let old = json.replace("\"start_clock_s\"", "\"start_s\"");
        assert!(old.contains("\"start_s\""));
        let back: PlanDoc = serde_json::from_str(&old).unwrap();
        assert_eq!(back.plan.start_clock_s, doc.plan.start_clock_s);
    }
}
