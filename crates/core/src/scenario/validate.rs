//! Validation: the raw TOML structs, checked once into a [`Scenario`], every
//! error with the key it concerns (the file and line are found from the key).

use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::floor;
use super::limits::{self, at_most};
use super::raw::*;
use super::*;
use crate::event::Direction;
use crate::ids::Id;

pub(super) type VResult<T> = Result<T, (KeyPath, String)>;

pub(super) struct Validator<'a> {
    pub(super) read: FileReader<'a>,
}

fn id_at(path: &KeyPath, s: &str) -> VResult<Id> {
    Id::new(s).map_err(|e| (path.clone(), format!("`{s}` is not a valid id: {e}")))
}

pub(super) fn check(cond: bool, path: &KeyPath, msg: impl FnOnce() -> String) -> VResult<()> {
    if cond { Ok(()) } else { Err((path.clone(), msg())) }
}

fn share(path: &KeyPath, x: f64) -> VResult<f64> {
    check((0.0..=1.0).contains(&x), path, || format!("{x} is not a share between 0 and 1"))?;
    Ok(x)
}

fn non_negative(path: &KeyPath, x: f64) -> VResult<f64> {
    check(x.is_finite() && x >= 0.0, path, || format!("{x} must be zero or more"))?;
    Ok(x)
}

fn minutes(path: &KeyPath, x: f64) -> VResult<f64> {
    at_most(path, x, limits::MAX_MINUTES, "minutes")
}

fn positive(path: &KeyPath, x: f64) -> VResult<f64> {
    check(x.is_finite() && x > 0.0, path, || format!("{x} must be more than zero"))?;
    Ok(x)
}

fn direction(path: &KeyPath, s: &str) -> VResult<Direction> {
    Direction::parse(s).ok_or_else(|| (path.clone(), format!("`{s}` is not `entry` or `exit`")))
}

fn at(path: &KeyPath, r: Result<f64, String>) -> VResult<f64> {
    r.map_err(|m| (path.clone(), m))
}

impl Validator<'_> {
    pub(super) fn scenario(&self, raw: RawScenario) -> VResult<Scenario> {
        let cp = KeyPath::key("checkpoint");
        let checkpoint = id_at(&cp.k("id"), &raw.checkpoint.id)?;
        let time_zone = TimeZone::get(&raw.checkpoint.time_zone)
            .map_err(|e| (cp.k("time_zone"), format!("unknown time zone `{}`: {e}", raw.checkpoint.time_zone)))?;
        let date: Date = raw
            .checkpoint
            .date
            .parse()
            .map_err(|e| (cp.k("date"), format!("`{}` is not a date (YYYY-MM-DD): {e}", raw.checkpoint.date)))?;

        let sp = KeyPath::key("standard");
        let s = &raw.standard;
        let standard = Standard {
            max_wait_s: minutes(&sp.k("max_wait_minutes"), positive(&sp.k("max_wait_minutes"), s.max_wait_minutes)?)? * 60.0,
            warning_s: minutes(&sp.k("warning_minutes"), positive(&sp.k("warning_minutes"), s.warning_minutes)?)? * 60.0,
            interval_s: minutes(&sp.k("interval_minutes"), positive(&sp.k("interval_minutes"), s.interval_minutes)?)? * 60.0,
            max_continuous_work_s: at_most(
                &sp.k("max_continuous_work_hours"),
                positive(&sp.k("max_continuous_work_hours"), s.max_continuous_work_hours)?,
                limits::MAX_WORK_HOURS,
                "hours",
            )? * 3600.0,
            min_break_s: minutes(&sp.k("min_break_minutes"), non_negative(&sp.k("min_break_minutes"), s.min_break_minutes)?)? * 60.0,
        };
        check(standard.warning_s <= standard.max_wait_s, &sp.k("warning_minutes"), || "must not exceed max_wait_minutes".into())?;
        check((86400.0 % standard.interval_s).abs() < 1e-9, &sp.k("interval_minutes"), || {
            "must divide a day evenly (e.g. 5, 10, 15, 30, 60)".into()
        })?;

        let mut categories = self.categories(&raw.categories)?;
        let mut streams = Vec::new();
        for (i, rs) in raw.streams.iter().enumerate() {
            let stream = self.stream(&KeyPath::key("streams").i(i), rs, &categories)?;
            if streams.iter().any(|o: &Stream| o.direction == stream.direction) {
                return Err((KeyPath::key("streams").i(i).k("direction"), format!("a second stream for `{}`", stream.direction)));
            }
            streams.push(stream);
        }
        check(!streams.is_empty(), &KeyPath::key("streams"), || "at least one stream of arrivals is needed".into())?;
        let queues = self.queues(&raw.queues, &categories, &streams)?;
        alternatives(&raw.categories, &mut categories, &queues)?;
        let lanes = self.lanes(&raw.lanes, &queues, &standard)?;
        let lane_groups = lane_groups(&raw.lanes, &lanes)?;
        floor::whole_plan(&queues, &lane_groups)?;

        let manual = self.service(&KeyPath::key("service").k("manual"), &raw.service.manual, &categories)?;
        let egate = match &raw.service.egate {
            Some(e) => Some(self.service(&KeyPath::key("service").k("egate"), e, &categories)?),
            None => None,
        };
        if egate.is_none() && lanes.iter().any(|l| l.kind == LaneKind::Egate) {
            return Err((KeyPath::key("service"), "e-gate lanes are declared but [service.egate] is missing".into()));
        }
        let names = match &raw.checkpoint.name {
            None => Names::default(),
            Some(RawName::One(n)) => {
                Names::parse(&KeyPath::key("checkpoint").k("name"), &LANGUAGES.iter().map(|l| (l.to_string(), n.clone())).collect())?
            }
            Some(RawName::PerLanguage(m)) => Names::parse(&KeyPath::key("checkpoint").k("name"), m)?,
        };
        let name = names.get("en", checkpoint.as_str()).to_owned();
        Ok(Scenario {
            checkpoint,
            name,
            names,
            time_zone_name: raw.checkpoint.time_zone,
            time_zone,
            date,
            standard,
            categories,
            streams,
            queues,
            lanes,
            lane_groups,
            manual,
            egate,
            reserve: reserve(&raw.reserve)?,
        })
    }

    fn categories(&self, raw: &[RawCategory]) -> VResult<Vec<Category>> {
        let p = KeyPath::key("categories");
        check(!raw.is_empty(), &p, || "at least one category is needed".into())?;
        let mut out: Vec<Category> = Vec::new();
        for (i, c) in raw.iter().enumerate() {
            let id = id_at(&p.i(i).k("id"), &c.id)?;
            check(!out.iter().any(|o| o.id == id), &p.i(i).k("id"), || format!("category `{id}` declared twice"))?;
            let names = Names::parse(&p.i(i).k("name"), &c.name)?;
            out.push(Category { id, names, egate_share: share(&p.i(i).k("egate_share"), c.egate_share)?, alternatives: Vec::new() });
        }
        Ok(out)
    }

    fn stream(&self, p: &KeyPath, rs: &RawStream, categories: &[Category]) -> VResult<Stream> {
        let direction = direction(&p.k("direction"), &rs.direction)?;
        let open_s = at(&p.k("open"), parse_clock(&rs.open))?;
        let close_s = at(&p.k("close"), parse_clock(&rs.close))?;
        check(open_s < close_s, &p.k("close"), || format!("closes ({}) before it opens ({})", rs.close, rs.open))?;
        let scale = at_most(&p.k("scale"), non_negative(&p.k("scale"), rs.scale)?, limits::MAX_SCALE, "times")?;
        let travellers = |path: &KeyPath, x: f64| at_most(path, x * scale, limits::MAX_TRAVELLERS_PER_DAY, "travellers").map(|_| x);

        let mut category_shares = vec![0.0; categories.len()];
        for (name, &x) in &rs.categories {
            let cp = p.k("categories").k(name);
            let idx =
                categories.iter().position(|c| c.id == *name.as_str()).ok_or_else(|| (cp.clone(), format!("unknown category `{name}`")))?;
            category_shares[idx] = share(&cp, x)?;
        }
        let total: f64 = category_shares.iter().sum();
        check((total - 1.0).abs() < 1e-6, &p.k("categories"), || format!("shares sum to {total:.4}, not 1"))?;

        let mut rates: Vec<RatePiece> = Vec::new();
        for (i, piece) in rs.profile.iter().enumerate() {
            let pp = p.k("profile").i(i);
            let from_s = at(&pp.k("from"), parse_clock(&piece.from))?;
            let to_s = match &piece.to {
                Some(t) => at(&pp.k("to"), parse_clock(t))?,
                None => rs.profile.get(i + 1).map(|n| parse_clock(&n.from)).transpose().map_err(|m| (pp.clone(), m))?.unwrap_or(close_s),
            };
            check(from_s < to_s, &pp.k("to"), || "piece ends before it starts".into())?;
            check(from_s >= open_s && to_s <= close_s, &pp.k("from"), || {
                format!("piece {}–{} lies outside the stream's hours {}–{}", clock(from_s), clock(to_s), rs.open, rs.close)
            })?;
            if let Some(prev) = rates.last() {
                check(from_s >= prev.to_s, &pp.k("from"), || "pieces overlap or are out of order".into())?;
            }
            let per_s = match (piece.per_hour, piece.count) {
                (Some(r), None) => {
                    travellers(&pp.k("per_hour"), non_negative(&pp.k("per_hour"), r)? * (to_s - from_s) / 3600.0)? / (to_s - from_s)
                }
                (None, Some(n)) => travellers(&pp.k("count"), non_negative(&pp.k("count"), n)?)? / (to_s - from_s),
                _ => return Err((pp, "give exactly one of `per_hour` or `count`".into())),
            };
            rates.push(RatePiece { from_s, to_s, per_s: per_s * scale });
        }

        let mut groups = Vec::new();
        for (i, g) in rs.groups.iter().enumerate() {
            let gp = p.k("groups").i(i);
            let at_s = at(&gp.k("at"), parse_clock(&g.at))?;
            check(at_s >= open_s && at_s < close_s, &gp.k("at"), || "group arrives outside the stream's hours".into())?;
            let size = travellers(&gp.k("size"), non_negative(&gp.k("size"), g.size)?)?;
            groups.push(GroupArrival {
                at_s,
                size: (size * scale).round() as u32,
                spread_s: minutes(&gp.k("spread_minutes"), non_negative(&gp.k("spread_minutes"), g.spread_minutes)?)? * 60.0,
                label: g.label.clone().unwrap_or_else(|| "group".into()),
            });
        }

        let replay = match &rs.replay {
            Some(file) => self.replay(&p.k("replay"), file, categories)?,
            None => Vec::new(),
        };
        let crowd_at_open = travellers(&p.k("crowd_at_open"), non_negative(&p.k("crowd_at_open"), rs.crowd_at_open)?)?;
        let stream = Stream {
            direction,
            open_s,
            close_s,
            crowd_at_open: (crowd_at_open * scale).round(),
            crowd_release_s: minutes(
                &p.k("crowd_release_minutes"),
                non_negative(&p.k("crowd_release_minutes"), rs.crowd_release_minutes)?,
            )? * 60.0,
            category_shares,
            rates,
            groups,
            replay,
        };
        at_most(p, stream.expected_travellers(), limits::MAX_TRAVELLERS_PER_DAY, "travellers a day")?;
        Ok(stream)
    }

    /// Replay CSV: `time,category` per row (header optional); category may be empty.
    fn replay(&self, p: &KeyPath, file: &str, categories: &[Category]) -> VResult<Vec<(f64, Option<usize>)>> {
        let text = (self.read)(file).map_err(|m| (p.clone(), m))?;
        let mut out = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || (n == 0 && line.starts_with("time")) {
                continue;
            }
            let mut cols = line.split(',');
            let t = cols.next().unwrap_or("");
            let t = parse_clock(t).map_err(|m| (p.clone(), format!("{file}:{}: {m}", n + 1)))?;
            let cat = match cols.next().map(str::trim).filter(|c| !c.is_empty()) {
                None => None,
                Some(c) => Some(
                    categories
                        .iter()
                        .position(|k| k.id == *c)
                        .ok_or_else(|| (p.clone(), format!("{file}:{}: unknown category `{c}`", n + 1)))?,
                ),
            };
            out.push((t, cat));
        }
        out.sort_by(|a, b| a.0.total_cmp(&b.0));
        Ok(out)
    }

    fn queues(&self, raw: &[RawQueue], categories: &[Category], streams: &[Stream]) -> VResult<Vec<Queue>> {
        let p = KeyPath::key("queues");
        let mut out: Vec<Queue> = Vec::new();
        for (i, q) in raw.iter().enumerate() {
            let qp = p.i(i);
            let id = id_at(&qp.k("id"), &q.id)?;
            check(!out.iter().any(|o| o.id == id), &qp.k("id"), || format!("queue `{id}` declared twice"))?;
            let dir = direction(&qp.k("direction"), &q.direction)?;
            let mut cats = Vec::new();
            for (j, c) in q.categories.iter().enumerate() {
                let idx = categories
                    .iter()
                    .position(|k| k.id == *c.as_str())
                    .ok_or_else(|| (qp.k("categories").i(j), format!("unknown category `{c}`")))?;
                cats.push(idx);
            }
            if q.egate {
                check(cats.is_empty(), &qp.k("categories"), || {
                    "an e-gate queue takes every eligible traveller of its direction; list no categories".into()
                })?;
                check(q.fallback.is_some(), &qp.k("egate"), || {
                    "an e-gate queue needs a `fallback` queue for travellers the gate rejects".into()
                })?;
                check(!out.iter().any(|o| o.egate && o.direction == dir), &qp.k("egate"), || format!("a second e-gate queue for `{dir}`"))?;
            } else {
                check(q.fallback.is_none(), &qp.k("fallback"), || "only an e-gate queue has a fallback".into())?;
            }
            let names = Names::parse(&qp.k("name"), &q.name)?;
            let at = floor::place(&qp.k("at"), q.at)?;
            out.push(Queue { id, names, at, direction: dir, categories: cats, egate: q.egate, fallback: None });
        }
        // Fallbacks may name queues declared later.
        for (i, q) in raw.iter().enumerate() {
            if let Some(f) = &q.fallback {
                let fp = p.i(i).k("fallback");
                let idx = out.iter().position(|o| o.id == *f.as_str()).ok_or_else(|| (fp.clone(), format!("unknown queue `{f}`")))?;
                check(!out[idx].egate, &fp, || "the fallback must be a manual queue".into())?;
                check(out[idx].direction == out[i].direction, &fp, || "the fallback must be in the same direction".into())?;
                out[i].fallback = Some(idx);
            }
        }
        // Every category that arrives in a direction has exactly one manual queue there.
        for s in streams {
            for (c, &sh) in s.category_shares.iter().enumerate() {
                let homes: Vec<usize> = out
                    .iter()
                    .enumerate()
                    .filter(|(_, q)| q.direction == s.direction && q.categories.contains(&c))
                    .map(|(i, _)| i)
                    .collect();
                let needed = sh > 0.0 || !s.replay.is_empty();
                if needed && homes.is_empty() {
                    return Err((
                        p.clone(),
                        format!("no manual queue takes `{}` travellers in direction `{}`", categories[c].id, s.direction),
                    ));
                }
                if homes.len() > 1 {
                    return Err((
                        p.i(homes[1]).k("categories"),
                        format!("`{}` travellers in `{}` are triaged to two queues", categories[c].id, s.direction),
                    ));
                }
            }
        }
        Ok(out)
    }

    fn lanes(&self, raw: &[RawLaneGroup], queues: &[Queue], standard: &Standard) -> VResult<Vec<Lane>> {
        let p = KeyPath::key("lanes");
        let mut out: Vec<Lane> = Vec::new();
        let mut groups: Vec<&str> = Vec::new();
        for (i, g) in raw.iter().enumerate() {
            let gp = p.i(i);
            check(!groups.contains(&g.group.as_str()), &gp.k("group"), || format!("lane group `{}` declared twice", g.group))?;
            groups.push(&g.group);
            let kind = match g.kind.as_str() {
                "manual" => LaneKind::Manual,
                "egate" => LaneKind::Egate,
                k => return Err((gp.k("kind"), format!("`{k}` is not `manual` or `egate`"))),
            };
            check(g.count >= 0, &gp.k("count"), || format!("{} lanes is not a number of lanes", g.count))?;
            let declared = out.len() as i64;
            check(g.count <= limits::MAX_LANES - declared, &gp.k("count"), || {
                format!("{} lanes here and {declared} before: the limit is {} lanes in all", g.count, limits::MAX_LANES)
            })?;
            // Unnumbered groups sharing a prefix continue its numbering (D1–D2, then D3–D5…),
            // so a what-if that grows one group renumbers the next instead of colliding.
            let first = match g.first {
                Some(f) => {
                    check(f >= 0, &gp.k("first"), || "lane numbers start at 0 or more".into())?;
                    check(f <= limits::MAX_LANE_NUMBER, &gp.k("first"), || {
                        format!("lane number {f} is beyond the limit of {}", limits::MAX_LANE_NUMBER)
                    })?;
                    f
                }
                None => {
                    out.iter().filter(|l| l.id.as_str().strip_prefix(g.prefix.as_str()).is_some_and(|n| n.parse::<u32>().is_ok())).count()
                        as i64
                        + 1
                }
            };
            check(!g.serves.is_empty(), &gp.k("serves"), || "a lane must serve at least one queue".into())?;
            let mut serves = Vec::new();
            for (j, q) in g.serves.iter().enumerate() {
                let sp = gp.k("serves").i(j);
                let idx = queues.iter().position(|o| o.id == *q.as_str()).ok_or_else(|| (sp.clone(), format!("unknown queue `{q}`")))?;
                check(queues[idx].egate == (kind == LaneKind::Egate), &sp, || {
                    if kind == LaneKind::Egate {
                        format!("an e-gate cannot serve the manual queue `{q}`")
                    } else {
                        format!("a desk cannot serve the e-gate queue `{q}`")
                    }
                })?;
                check(!serves.contains(&idx), &sp, || format!("queue `{q}` listed twice"))?;
                serves.push(idx);
            }
            let mut windows = Vec::new();
            for (j, w) in g.open.iter().enumerate() {
                windows.push(parse_window(w).map_err(|m| (gp.k("open").i(j), m))?);
            }
            let mut shifts: Vec<Vec<(f64, f64)>> = Vec::new();
            for (k, officer) in g.roster.iter().enumerate() {
                let op = gp.k("roster").i(k);
                let mut stretches = Vec::new();
                for (j, w) in officer.iter().enumerate() {
                    let (a, b) = parse_window(w).map_err(|m| (op.i(j), m))?;
                    check(b - a <= standard.max_continuous_work_s + 1e-9, &op.i(j), || {
                        format!(
                            "{} h of work without a break; the limit is {} h",
                            (b - a) / 3600.0,
                            standard.max_continuous_work_s / 3600.0
                        )
                    })?;
                    if let Some(&(_, prev_end)) = stretches.last() {
                        check(a - prev_end >= standard.min_break_s - 1e-9, &op.i(j), || {
                            format!(
                                "break of {} min before this stretch; at least {} min needed",
                                (a - prev_end) / 60.0,
                                standard.min_break_s / 60.0
                            )
                        })?;
                    }
                    stretches.push((a, b));
                }
                shifts.push(stretches);
            }
            match (windows.is_empty(), shifts.is_empty()) {
                (false, false) => return Err((gp.k("roster"), "give either `open` windows or a `roster`, not both".into())),
                (true, true) => return Err((gp.clone(), "the group needs `open` windows or a `roster`".into())),
                (true, false) if kind == LaneKind::Egate => return Err((gp.k("roster"), "e-gates have no officers; use `open`".into())),
                (true, false) => windows = union(shifts.iter().flatten().copied().collect()),
                (false, true) => {
                    windows.sort_by(|a, b| a.0.total_cmp(&b.0));
                    check(windows.windows(2).all(|w| w[0].1 <= w[1].0), &gp.k("open"), || "windows overlap".into())?;
                }
            }
            for n in 0..g.count {
                let id = id_at(&gp.k("prefix"), &format!("{}{}", g.prefix, first + n))?;
                check(!out.iter().any(|l| l.id == id), &gp.k("prefix"), || format!("lane `{id}` is declared by two groups"))?;
                let officers = shifts
                    .iter()
                    .enumerate()
                    .map(|(k, st)| Shift {
                        officer: Id::new(format!("{id}-{}", k + 1)).expect("lane ids leave room"),
                        stretches: st.clone(),
                    })
                    .collect();
                out.push(Lane {
                    id,
                    group: g.group.clone(),
                    kind,
                    serves: serves.clone(),
                    windows: windows.clone(),
                    officers,
                    drain: g.drain,
                    pace: 1.0,
                });
            }
        }
        for (i, q) in queues.iter().enumerate() {
            check(out.iter().any(|l| l.serves.contains(&i)), &KeyPath::key("queues").i(i).k("id"), || {
                format!("no lane serves queue `{}`", q.id)
            })?;
        }
        Ok(out)
    }

    fn service(&self, p: &KeyPath, raw: &RawService, categories: &[Category]) -> VResult<Service> {
        let default = self.dist(&p.k("default"), &raw.default)?;
        let mut by_category = vec![default; categories.len()];
        for (name, d) in &raw.by_category {
            let cp = p.k("by_category").k(name);
            let idx =
                categories.iter().position(|c| c.id == *name.as_str()).ok_or_else(|| (cp.clone(), format!("unknown category `{name}`")))?;
            by_category[idx] = self.dist(&cp, d)?;
        }
        let referred_share = share(&p.k("referred_share"), raw.referred_share)?;
        let refused_share = share(&p.k("refused_share"), raw.refused_share)?;
        check(referred_share + refused_share <= 1.0, &p.k("refused_share"), || "referred and refused shares add up to more than 1".into())?;
        Ok(Service { by_category, referred_share, refused_share, reject_rate: share(&p.k("reject_rate"), raw.reject_rate)? })
    }

    fn dist(&self, p: &KeyPath, d: &RawDist) -> VResult<DistSpec> {
        let mean = || -> VResult<f64> {
            let m = positive(&p.k("mean"), d.mean.ok_or_else(|| (p.clone(), format!("`{}` needs `mean` (seconds)", d.dist)))?)?;
            at_most(&p.k("mean"), m, limits::MAX_SERVICE_S, "seconds")
        };
        let cv = || -> VResult<f64> {
            let cv = positive(&p.k("cv"), d.cv.ok_or_else(|| (p.clone(), format!("`{}` needs `cv`", d.dist)))?)?;
            at_most(&p.k("cv"), cv, limits::MAX_CV, "(coefficient of variation)")
        };
        let unused = |field: &str, present: bool| check(!present, &p.k(field), || format!("`{}` takes no `{field}`", d.dist));
        Ok(match d.dist.as_str() {
            "deterministic" => {
                unused("cv", d.cv.is_some())?;
                DistSpec::Deterministic(mean()?)
            }
            "exponential" => {
                unused("cv", d.cv.is_some())?;
                DistSpec::Exponential(mean()?)
            }
            "lognormal" => DistSpec::LogNormal { mean: mean()?, cv: cv()? },
            "gamma" => DistSpec::Gamma { mean: mean()?, cv: cv()? },
            "empirical" => {
                unused("mean", d.mean.is_some())?;
                let file = d
                    .file
                    .as_deref()
                    .ok_or_else(|| (p.clone(), "`empirical` needs `file` (a CSV of service times in seconds)".to_string()))?;
                let text = (self.read)(file).map_err(|m| (p.k("file"), m))?;
                let mut xs = Vec::new();
                for (n, line) in text.lines().enumerate() {
                    let cell = line.split(',').next().unwrap_or("").trim();
                    if cell.is_empty() || (n == 0 && cell.parse::<f64>().is_err()) {
                        continue; // blank line or header
                    }
                    let x: f64 =
                        cell.parse().map_err(|_| (p.k("file"), format!("{file}:{}: `{cell}` is not a number of seconds", n + 1)))?;
                    check(x.is_finite() && x > 0.0, &p.k("file"), || format!("{file}:{}: service time {x} must be more than zero", n + 1))?;
                    xs.push(x);
                }
                check(!xs.is_empty(), &p.k("file"), || format!("{file} holds no service times"))?;
                DistSpec::Empirical(xs)
            }
            other => {
                return Err((
                    p.k("dist"),
                    format!("unknown distribution `{other}` (deterministic, exponential, lognormal, gamma, empirical)"),
                ));
            }
        })
    }
}

/// Merges overlapping or touching windows.
fn union(mut w: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    w.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<(f64, f64)> = Vec::new();
    for (a, b) in w {
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// Each category's alternative queues: manual queues that exist, in a
/// direction the category travels. One that is already its own queue (a
/// what-if that pools the queues) is no alternative and is left out.
fn alternatives(raw: &[RawCategory], categories: &mut [Category], queues: &[Queue]) -> VResult<()> {
    for (i, c) in raw.iter().enumerate() {
        for (j, q) in c.alternatives.iter().enumerate() {
            let p = KeyPath::key("categories").i(i).k("alternatives").i(j);
            let k = queues.iter().position(|x| x.id == *q.as_str()).ok_or_else(|| (p.clone(), format!("no queue `{q}`")))?;
            check(!queues[k].egate, &p, || format!("`{q}` is an e-gate queue; a category's e-gate use is its `egate_share`"))?;
            if queues[k].categories.contains(&i) {
                continue;
            }
            check(queues.iter().any(|o| o.direction == queues[k].direction && o.categories.contains(&i)), &p, || {
                format!("the category has no queue of its own in `{q}`'s direction to be sent from")
            })?;
            check(!categories[i].alternatives.contains(&k), &p, || format!("`{q}` is listed twice"))?;
            categories[i].alternatives.push(k);
        }
    }
    Ok(())
}

/// The reserve: a count within the lane limit, times within a day.
fn reserve(r: &RawReserve) -> VResult<Reserve> {
    let p = KeyPath::key("reserve");
    check((0..=limits::MAX_LANES).contains(&r.officers), &p.k("officers"), || {
        format!("{} officers: between 0 and {}", r.officers, limits::MAX_LANES)
    })?;
    Ok(Reserve {
        officers: r.officers as u32,
        arrive_s: minutes(&p.k("arrive_minutes"), non_negative(&p.k("arrive_minutes"), r.arrive_minutes)?)? * 60.0,
        move_s: minutes(&p.k("move_minutes"), non_negative(&p.k("move_minutes"), r.move_minutes)?)? * 60.0,
    })
}

/// The declared lane groups with their display names; `lanes` were checked already.
fn lane_groups(raw: &[RawLaneGroup], lanes: &[Lane]) -> VResult<Vec<LaneGroup>> {
    raw.iter()
        .enumerate()
        .map(|(i, g)| {
            let kind = lanes
                .iter()
                .find(|l| l.group == g.group)
                .map_or(if g.kind == "egate" { LaneKind::Egate } else { LaneKind::Manual }, |l| l.kind);
            let gp = KeyPath::key("lanes").i(i);
            Ok(LaneGroup { id: g.group.clone(), kind, names: Names::parse(&gp.k("name"), &g.name)?, at: floor::place(&gp.k("at"), g.at)? })
        })
        .collect()
}
