//! The advice in words a person acts on, in English and Chinese, with the
//! scenario's display names for queues and categories (ids where it has none).

use borderflow_core::scenario::clock;
use borderflow_core::{LaneKind, Scenario};
use serde::Serialize;

use super::{Action, ActionKind, Advice, Effect, Shortfall};

/// A sentence in each language the command centre reads.
#[derive(ts_rs::TS, Debug, Clone, Default, PartialEq, Serialize)]
pub struct Words {
    /// English.
    pub en: String,
    /// Chinese.
    pub zh: String,
}

fn queue<'a>(s: &'a Scenario, id: &'a str, lang: &str) -> &'a str {
    s.queue_index(id).map_or(id, |q| s.queues[q].names.get(lang, id))
}

fn category<'a>(s: &'a Scenario, id: &'a str, lang: &str) -> &'a str {
    s.category_index(id).map_or(id, |c| s.categories[c].names.get(lang, id))
}

fn minutes(seconds: f64) -> i64 {
    (seconds / 60.0).round() as i64
}

/// "Entry: first-time travellers 270 → 28 min", the largest changes first, at most three.
fn effects(s: &Scenario, effects: &[Effect], lang: &str) -> String {
    // A change of a minute is noise; an unchanged queue is worth saying only when a move takes from it and it keeps its standard.
    let shown_ok = |e: &&Effect| {
        let (b, a) = (minutes(e.before_p95_s), minutes(e.after_p95_s));
        (b - a).abs() >= 2 || (b == a && !e.breach_before)
    };
    let mut shown: Vec<&Effect> = effects.iter().filter(shown_ok).collect();
    shown.sort_by(|a, b| (b.before_p95_s - b.after_p95_s).abs().total_cmp(&(a.before_p95_s - a.after_p95_s).abs()));
    let zh = lang == "zh";
    shown
        .iter()
        .take(3)
        .map(|e| {
            let (q, before, after) = (queue(s, &e.queue, lang), minutes(e.before_p95_s), minutes(e.after_p95_s));
            match (before == after, zh) {
                (true, true) => format!("{q} 保持 {after} 分钟"),
                (true, false) => format!("{q} stays at {after} min"),
                (false, true) => format!("{q} {before} → {after} 分钟"),
                (false, false) => format!("{q} {before} → {after} min"),
            }
        })
        .collect::<Vec<_>>()
        .join(if zh { "；" } else { "; " })
}

/// The move alone, without its effect.
fn deed(s: &Scenario, a: &Action, lang: &str) -> String {
    let lane = a.lane.as_deref().unwrap_or("");
    let from = a.from_lane.as_deref().unwrap_or("");
    let zh = lang == "zh";
    let start = clock(a.start_clock_s);
    let until = until_words(a.until_clock_s, a.open_ended, zh);
    match a.kind {
        ActionKind::Reopen if zh => format!("立即重新开放 {lane}"),
        ActionKind::Reopen => format!("Reopen {lane} now"),
        ActionKind::CallReserve if zh => format!("调用一名备勤民警到 {lane}（{start} 到岗，{until}）"),
        ActionKind::CallReserve => format!("Call a reserve officer to {lane} (at the desk by {start}, {until})"),
        ActionKind::MoveOfficer => match (&a.officer, zh) {
            (Some(o), true) => format!("{start} 起{until}，将民警 {o} 从 {from} 调至 {lane}"),
            (None, true) => format!("{start} 起{until}，将 {from} 的民警调至 {lane}"),
            (Some(o), false) => format!("Move officer {o} from {from} to {lane} at {start} {until}"),
            (None, false) => format!("Move the officer at {from} to {lane} at {start} {until}"),
        },
        ActionKind::Retriage => {
            let c = category(s, a.category.as_deref().unwrap_or(""), lang);
            let to = queue(s, a.to_queue.as_deref().unwrap_or(""), lang);
            let from = queue(s, a.from_queue.as_deref().unwrap_or(""), lang);
            if zh {
                format!("引导员：将{c}引导至「{to}」，而非「{from}」")
            } else {
                format!("Guides: send {c} to {to} instead of {from}")
            }
        }
    }
}

/// "until 12:30" / "至 12:30", or "until at least 12:30" / "至少到 12:30"
/// when the move outlasts the horizon (a later outlook says when it may stop).
fn until_words(until_s: f64, open_ended: bool, zh: bool) -> String {
    match (open_ended, zh) {
        (false, true) => format!("至 {}", clock(until_s)),
        (false, false) => format!("until {}", clock(until_s)),
        (true, true) => format!("至少到 {}", clock(until_s)),
        (true, false) => format!("until at least {}", clock(until_s)),
    }
}

fn with_effects(deed: String, effects: String, lang: &str) -> String {
    match (effects.is_empty(), lang == "zh") {
        (true, _) => deed,
        (false, true) => format!("{deed}（{effects}）"),
        (false, false) => format!("{deed} ({effects})"),
    }
}

/// One action in words.
pub(super) fn action(s: &Scenario, a: &Action) -> Words {
    let say = |lang: &str| with_effects(deed(s, a, lang), effects(s, &a.effects, lang), lang);
    Words { en: say("en"), zh: say("zh") }
}

/// "2 desks beyond the hall's, for Entry: first-time travellers until 11:30, would prevent it":
/// lanes the hall does not have, so it never reads as if the advice had missed them.
fn more(s: &Scenario, f: &Shortfall, lang: &str) -> String {
    let q = queue(s, &f.queue, lang);
    let until = clock(f.until_clock_s);
    match (f.lanes, f.kind, lang == "zh") {
        (Some(n), LaneKind::Manual, true) => format!("需在现有之外增设 {n} 个人工窗口服务「{q}」至 {until} 方可避免"),
        (Some(n), LaneKind::Egate, true) => format!("需在现有之外增设 {n} 条自助通道服务「{q}」至 {until} 方可避免"),
        (Some(n), kind, false) => {
            let what = if kind == LaneKind::Manual { "desk" } else { "e-gate" };
            format!("{n} {what}{} beyond the hall's, for {q} until {until}, would prevent it", if n == 1 { "" } else { "s" })
        }
        (None, _, true) => format!("「{q}」需要在现有之外增设超过 {} 条通道", super::MAX_EXTRA_LANES),
        (None, _, false) => format!("{q} needs more than {} lanes beyond the hall's", super::MAX_EXTRA_LANES),
    }
}

/// The moves (reopened lanes together, officers moved together) and their
/// effect on the hall.
pub(super) fn summary(s: &Scenario, advice: &Advice) -> Words {
    let say = |lang: &str| {
        let zh = lang == "zh";
        let mut parts: Vec<String> = Vec::new();
        let list = |v: Vec<&str>| v.join(if zh { "、" } else { ", " });
        let reopened: Vec<&str> =
            advice.actions.iter().filter(|a| a.kind == ActionKind::Reopen).filter_map(|a| a.lane.as_deref()).collect();
        if !reopened.is_empty() {
            let lanes = list(reopened);
            parts.push(if zh { format!("立即重新开放 {lanes}") } else { format!("Reopen {lanes} now") });
        }
        // Officers moved together (same times) in one sentence.
        let moved: Vec<&Action> = advice.actions.iter().filter(|a| a.kind == ActionKind::MoveOfficer).collect();
        let mut times: Vec<(f64, f64)> = moved.iter().map(|a| (a.start_clock_s, a.until_clock_s)).collect();
        times.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        times.dedup();
        for (start, until) in times {
            let these: Vec<&&Action> = moved.iter().filter(|a| (a.start_clock_s, a.until_clock_s) == (start, until)).collect();
            if these.len() == 1 {
                parts.push(deed(s, these[0], lang));
                continue;
            }
            let from = list(these.iter().filter_map(|a| a.from_lane.as_deref()).collect());
            let to = list(these.iter().filter_map(|a| a.lane.as_deref()).collect());
            let (start, until) = (clock(start), until_words(until, these[0].open_ended, zh));
            parts.push(if zh {
                format!("{start} 起{until}，将 {from} 的民警调至 {to}")
            } else {
                format!("Move the officers at {from} to {to} at {start} {until}")
            });
        }
        // Reserve officers called together in one sentence.
        let called: Vec<&Action> = advice.actions.iter().filter(|a| a.kind == ActionKind::CallReserve).collect();
        match called.as_slice() {
            [] => {}
            [one] => parts.push(deed(s, one, lang)),
            many => {
                let to = list(many.iter().filter_map(|a| a.lane.as_deref()).collect());
                let (by, until) = (clock(many[0].start_clock_s), until_words(many[0].until_clock_s, many[0].open_ended, zh));
                let n = many.len();
                parts.push(if zh {
                    format!("调用 {n} 名备勤民警到 {to}（{by} 到岗，{until}）")
                } else {
                    format!("Call {n} reserve officers to {to} (at the desks by {by}, {until})")
                });
            }
        }
        parts.extend(advice.actions.iter().filter(|a| a.kind == ActionKind::Retriage).map(|a| deed(s, a, lang)));
        if parts.is_empty() {
            if zh {
                "现有可调配的通道和人员都无法避免超标".to_string()
            } else {
                "Nothing the hall has to spare can prevent it".to_string()
            }
        } else {
            with_effects(parts.join(if zh { "；" } else { "; " }), effects(s, &advice.effects, lang), lang)
        }
    };
    Words { en: say("en"), zh: say("zh") }
}

/// Each breach that will still come with the advice applied: when, how bad,
/// and how many more lanes would prevent it.
pub(super) fn still(s: &Scenario, advice: &Advice) -> Vec<Words> {
    let mut out = Vec::new();
    for o in advice.with_advice.iter().filter(|o| o.breach_at_clock_s.is_some()) {
        let over = |p: &&crate::twin::WaitPoint| p.wait_p95_s > s.standard.max_wait_s;
        let worst = minutes(o.points.iter().map(|p| p.wait_p95_s).fold(0.0, f64::max));
        let from = clock(o.breach_at_clock_s.unwrap_or_default());
        let step = o.points.get(1).map_or(0.0, |p| p.t_clock_s - o.points[0].t_clock_s);
        let to = clock(o.points.iter().rfind(over).map_or(0.0, |p| p.t_clock_s + step));
        let say = |lang: &str| {
            let zh = lang == "zh";
            let q = queue(s, &o.queue, lang);
            let mut text = if zh {
                format!("即便如此，「{q}」在 {from} 至 {to} 仍将超过标准（最长约 {worst} 分钟）")
            } else {
                format!("Even so, {q} will be over the standard from {from} to {to} (worst {worst} min)")
            };
            if let Some(f) = advice.shortfall.iter().find(|f| f.queue == o.queue) {
                text += &format!("{}{}", if zh { "；" } else { "; " }, more(s, f, lang));
            }
            text
        };
        out.push(Words { en: say("en"), zh: say("zh") });
    }
    out
}
