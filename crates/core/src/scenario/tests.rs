use super::*;

const KHORGOS: &str = include_str!("../../../../scenarios/khorgos.toml");

fn no_files(p: &str) -> Result<String, String> {
    Err(format!("no file {p} in this test"))
}

fn parse(text: &str) -> Result<Scenario, ScenarioError> {
    Scenario::parse(text, "k.toml", &[], &no_files)
}

/// The Khorgos text with `from` replaced by `to` (exactly once).
fn edit(from: &str, to: &str) -> String {
    assert_eq!(KHORGOS.matches(from).count(), 1, "`{from}` must occur once");
    KHORGOS.replace(from, to)
}

fn line_containing(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).expect("needle present") + 1
}

#[test]
fn khorgos_is_valid_and_matches_the_facts() {
    let s = parse(KHORGOS).unwrap();
    assert_eq!(s.checkpoint.as_str(), "khorgos");
    let entry_desks = s.lanes.iter().filter(|l| l.kind == LaneKind::Manual && l.id.as_str().starts_with('D')).count();
    let entry_gates = s.lanes.iter().filter(|l| l.kind == LaneKind::Egate && l.id.as_str().starts_with('E')).count();
    assert_eq!((entry_desks, entry_gates), (8, 6));
    let total = s.expected_travellers();
    assert!((19_000.0..21_000.0).contains(&total), "{total} travellers a day");
    assert_eq!(s.streams[0].crowd_at_open, 3000.0);
    assert_eq!(s.streams[0].open_s, parse_clock("09:50").unwrap());
    assert!((s.egate.as_ref().unwrap().by_category[0].mean() - 10.0).abs() < 1e-9);
    // Rosters: two officers per desk, union covers 09:40–21:00 without a gap.
    let d1 = &s.lanes[0];
    assert_eq!(d1.officers.len(), 2);
    assert_eq!(d1.windows, vec![(parse_clock("09:40").unwrap(), parse_clock("21:00").unwrap())]);
    assert_eq!(d1.officer_at(parse_clock("14:00").unwrap()).unwrap().as_str(), "D1-2");
}

#[test]
fn khorgos_names_everything_a_screen_shows_in_every_language() {
    let s = parse(KHORGOS).unwrap();
    let mut unnamed: Vec<String> = Vec::new();
    let mut note = |what: &str, id: &str, n: &Names| unnamed.extend(n.missing().iter().map(|l| format!("{what} {id}: {l}")));
    note("checkpoint", s.checkpoint.as_str(), &s.names);
    s.categories.iter().for_each(|c| note("category", c.id.as_str(), &c.names));
    s.queues.iter().for_each(|q| note("queue", q.id.as_str(), &q.names));
    s.lane_groups.iter().for_each(|g| note("lane group", &g.id, &g.names));
    assert!(unnamed.is_empty(), "{unnamed:?}");
    assert_eq!(s.names.get("kk", "khorgos"), "Қорғас ХШЫО: шекаралық бақылау");
    assert_eq!(s.name, "Khorgos ICBC inspection station");
}

#[test]
fn a_checkpoint_name_is_one_for_all_languages_or_one_per_language() {
    let one = parse(&edit(r#"name = { zh = "霍尔果斯国际边境合作中心边检站", en = "Khorgos ICBC inspection station", ru = "Хоргос, МЦПС: пограничный контроль", kk = "Қорғас ХШЫО: шекаралық бақылау" }"#, r#"name = "Khorgos""#)).unwrap();
    assert_eq!((one.name.as_str(), one.names.get("ru", "x"), one.names.missing().len()), ("Khorgos", "Khorgos", 0));
    let text = edit(r#"ru = "Хоргос, МЦПС: пограничный контроль""#, r#"de = "Chorgos""#);
    let err = parse(&text).unwrap_err().to_string();
    assert!(err.contains("checkpoint.name.de") && err.contains("not a language borderflow shows"), "{err}");
}

#[test]
fn a_floor_plan_places_every_queue_and_lane_group_or_none() {
    let s = parse(KHORGOS).unwrap();
    assert!(
        s.queues.iter().all(|q| q.at.is_none()) && s.lane_groups.iter().all(|g| g.at.is_none()),
        "Khorgos leaves the map to the screens"
    );
    // Every queue and group placed: kept, in metres.
    let mut text = KHORGOS.to_string();
    for (i, line) in
        KHORGOS.lines().filter(|l| l.starts_with("group = ") || l.starts_with("id = \"entry_") || l.starts_with("id = \"exit_")).enumerate()
    {
        text = text.replacen(&format!("{line}\n"), &format!("{line}\nat = {{ x = {}.5, y = 3 }}\n", i * 4), 1);
    }
    let placed = parse(&text).unwrap();
    assert_eq!(placed.lane_groups[0].at, Some(Place { x_m: 28.5, y_m: 3.0 }));
    assert!(placed.queues.iter().all(|q| q.at.is_some()));
    // One left out is named.
    let err = parse(&text.replacen("at = { x = 0.5, y = 3 }\n", "", 1)).unwrap_err().to_string();
    assert!(err.contains("has no place on the floor plan"), "{err}");
    // Off the plan.
    let err = parse(&text.replacen("x = 0.5,", "x = -1,", 1)).unwrap_err().to_string();
    assert!(err.contains("at.x") && err.contains("not on a floor plan"), "{err}");
}

#[test]
fn unknown_key_names_line_and_key() {
    let text = edit("crowd_at_open = 3000", "crowd_at_opening = 3000");
    let e = parse(&text).unwrap_err();
    assert_eq!(e.line, Some(line_containing(&text, "crowd_at_opening")));
    assert!(e.message.contains("crowd_at_opening"), "{e}");
    assert!(e.to_string().starts_with("k.toml:"), "{e}");
}

#[test]
fn negative_rate_is_refused_with_its_key() {
    let text = edit("per_hour = 1300", "per_hour = -1300");
    let e = parse(&text).unwrap_err();
    assert_eq!(e.key, "streams[0].profile[0].per_hour");
    assert_eq!(e.line, Some(line_containing(&text, "-1300")));
}

#[test]
fn shares_must_sum_to_one() {
    let text = edit("merchant = 0.40, first_time = 0.15", "merchant = 0.50, first_time = 0.15");
    let e = parse(&text).unwrap_err();
    assert_eq!(e.key, "streams[0].categories");
    assert!(e.message.contains("1.1000"), "{e}");
}

#[test]
fn a_queue_no_lane_serves_is_refused() {
    let text = edit(r#"serves = ["exit_egate"]"#, r#"serves = ["entry_egate"]"#);
    let e = parse(&text).unwrap_err();
    assert!(e.message.contains("no lane serves queue `exit_egate`"), "{e}");
    assert_eq!(e.line, Some(line_containing(&text, r#"id = "exit_egate""#)));
}

#[test]
fn references_and_kinds_are_checked() {
    let cases = [
        (edit(r#"fallback = "entry_priority""#, r#"fallback = "entry_nowhere""#), "unknown queue `entry_nowhere`"),
        (edit(r#"time_zone = "Asia/Shanghai""#, r#"time_zone = "Asia/Atlantis""#), "unknown time zone"),
        (
            edit(
                r#"kind = "egate"
prefix = "E""#,
                r#"kind = "turnstile"
prefix = "E""#,
            ),
            "`turnstile`",
        ),
        (edit(r#"["13:40-17:40", "21:40-24:00"]"#, r#"["13:40-17:50", "21:40-24:00"]"#), "4 h"),
        (edit("mean = 35, cv = 0.6", "mean = 35"), "needs `cv`"),
        (edit(r#"{ from = "19:00", per_hour = 250 }"#, r#"{ from = "19:00", per_hour = 250, count = 3 }"#), "exactly one"),
        (edit(r#"open = ["09:50-21:00"]"#, r#"open = ["21:00-09:50"]"#), "ends before it starts"),
        (edit(r#"date = "2026-07-12""#, r#"date = "2026-13-12""#), "not a date"),
    ];
    for (text, needle) in cases {
        let e = parse(&text).unwrap_err();
        assert!(e.to_string().contains(needle), "expected `{needle}` in: {e}");
        assert!(e.line.is_some(), "no line in: {e}");
    }
}

#[test]
fn syntax_errors_have_a_line() {
    let text = edit("count = 2", "count = = 2");
    let e = parse(&text).unwrap_err();
    assert_eq!(e.line, Some(line_containing(&text, "count = = 2")));
}

#[test]
fn what_if_overrides_are_validated_like_the_file() {
    let s = Scenario::parse(KHORGOS, "k.toml", &["repeat_desks=5".into(), "entry.scale=1.5".into()], &no_files).unwrap();
    assert_eq!(s.lanes.iter().filter(|l| l.group == "repeat_desks").count(), 5);
    assert_eq!(s.streams[0].crowd_at_open, 4500.0);
    let e = Scenario::parse(KHORGOS, "k.toml", &["repeat_desks=-1".into()], &no_files).unwrap_err();
    assert_eq!(e.key, "lanes[2].count");
    let e = Scenario::parse(KHORGOS, "k.toml", &["tellers=3".into()], &no_files).unwrap_err();
    assert!(e.to_string().contains("tellers"), "{e}");
}

#[test]
fn a_pooled_queue_is_a_what_if() {
    let serves = r#"["entry_priority","entry_repeat","entry_merchant","entry_first_time"]"#;
    let mut o: Vec<String> = vec![
        r#"entry_repeat.categories=["merchant","first_time","repeat","general"]"#.into(),
        "entry_merchant.categories=[]".into(),
        "entry_first_time.categories=[]".into(),
    ];
    o.extend(["merchant_desks", "first_time_desks", "repeat_desks"].map(|g| format!("{g}.serves={serves}")));
    let s = Scenario::parse(KHORGOS, "k.toml", &o, &no_files).unwrap();
    let repeat = s.queues.iter().position(|q| q.id.as_str() == "entry_repeat").unwrap();
    assert_eq!(s.queues[repeat].categories.len(), 4);
    assert_eq!(s.lanes.iter().filter(|l| l.serves.contains(&repeat)).count(), 8, "every entry desk serves the pooled queue");
}

#[test]
fn replay_and_empirical_files_are_read_and_checked() {
    let text = edit(
        r#"{ at = "15:10", size = 50, spread_minutes = 5, label = "coach" },
]"#,
        r#"{ at = "15:10", size = 50, spread_minutes = 5, label = "coach" },
]
replay = "arrivals.csv""#,
    );
    let text =
        text.replace(r#"default = { dist = "lognormal", mean = 20, cv = 0.5 }"#, r#"default = { dist = "empirical", file = "times.csv" }"#);
    let files = |p: &str| match p {
        "arrivals.csv" => Ok("time,category\n10:00:00,merchant\n10:00:05,\n".to_string()),
        "times.csv" => Ok("seconds\n12\n18.5\n30\n".to_string()),
        _ => Err("missing".into()),
    };
    let s = Scenario::parse(&text, "k.toml", &[], &files).unwrap();
    assert_eq!(s.streams[0].replay, vec![(36000.0, Some(0)), (36005.0, None)]);
    assert_eq!(s.manual.by_category[3], DistSpec::Empirical(vec![12.0, 18.5, 30.0]));
    let bad = |p: &str| match p {
        "arrivals.csv" => Ok("10:00:00,merchant\n10:0x:00,merchant\n".to_string()),
        _ => Ok("12\n".to_string()),
    };
    let e = Scenario::parse(&text, "k.toml", &[], &bad).unwrap_err();
    assert!(e.message.contains("arrivals.csv:2"), "{e}");
}

#[test]
fn instants_are_in_the_checkpoint_zone() {
    let s = parse(KHORGOS).unwrap();
    assert_eq!(s.instant(parse_clock("09:50").unwrap()).to_string(), "2026-07-12T01:50:00Z");
}

/// Numbers that once hung `simulate` and `serve` or aborted them on a huge
/// allocation are refused with the file, line and key, and the limit.
#[test]
fn absurd_numbers_are_refused_with_line_key_and_limit() {
    let cases = [
        ("count = 6\nserves = [\"entry_egate\"]", "count = 4294967296\nserves = [\"entry_egate\"]", "lanes[3].count", "4294967296"),
        ("count = 6\nserves = [\"entry_egate\"]", "count = 100000000\nserves = [\"entry_egate\"]", "lanes[3].count", "100000000"),
        ("crowd_at_open = 3000", "crowd_at_open = 1e12", "streams[0].crowd_at_open", "1e12"),
        ("per_hour = 1300", "per_hour = 1e300", "streams[0].profile[0].per_hour", "1e300"),
    ];
    for (from, to, key, needle) in cases {
        let text = edit(from, to);
        let e = parse(&text).unwrap_err();
        assert_eq!(e.key, key, "{e}");
        assert_eq!(e.line, Some(line_containing(&text, needle)), "{e}");
        assert!(e.message.contains("limit") || e.message.contains("lanes in all"), "{e}");
    }
    // Values past their limits through what-ifs, one key at a time.
    for (what_if, key) in [
        ("entry.scale=1e9", "streams[0].scale"),
        ("standard.max_wait_minutes=1e9", "standard.max_wait_minutes"),
        ("service.manual.default.mean=1e9", "service.manual.default.mean"),
        ("service.manual.default.cv=1e9", "service.manual.default.cv"),
        ("entry.crowd_release_minutes=inf", "streams[0].crowd_release_minutes"),
        // Once overflowed `first + n` while numbering the group's lanes.
        ("merchant_desks.first=9223372036854775807", "lanes[0].first"),
    ] {
        let e = Scenario::parse(KHORGOS, "k.toml", &[what_if.to_string()], &no_files).unwrap_err();
        assert_eq!(e.key, key, "{what_if}: {e}");
    }
    // The limits themselves are fine.
    Scenario::parse(KHORGOS, "k.toml", &["egates=900".into(), "entry.crowd_at_open=1000000".into()], &no_files).unwrap();
}

/// Names, alternatives and the reserve: read as written, and refused with the key when wrong.
#[test]
fn names_alternatives_and_the_reserve() {
    let s = parse(KHORGOS).unwrap();
    let ft = s.queue_index("entry_first_time").unwrap();
    assert_eq!(s.queues[ft].names.get("zh", "x"), "入境首次过境");
    assert_eq!(s.queues[ft].names.get("kk", "x"), "Кіру: алғаш өтетіндер");
    let merchant = s.category_index("merchant").unwrap();
    assert_eq!(s.categories[merchant].alternatives, vec![s.queue_index("entry_repeat").unwrap()]);
    assert_eq!((s.reserve.officers, s.reserve.arrive_s, s.reserve.move_s), (4, 1200.0, 300.0));
    // Without names, the id; without a language, English.
    let bare = parse(&KHORGOS.replace(
        r#"name = { zh = "入境首次过境", en = "Entry: first-time travellers", ru = "Въезд: впервые", kk = "Кіру: алғаш өтетіндер" }"#,
        r#"name = { en = "First" }"#,
    ))
    .unwrap();
    assert_eq!(bare.queues[ft].names.get("zh", "entry_first_time"), "First");
    assert_eq!(Names::default().get("zh", "entry_first_time"), "entry_first_time");

    for (from, to, key, says) in [
        (r#"alternatives = ["entry_repeat"]"#, r#"alternatives = ["entry_nowhere"]"#, "categories[0].alternatives[0]", "no queue"),
        (r#"alternatives = ["entry_repeat"]"#, r#"alternatives = ["entry_egate"]"#, "categories[0].alternatives[0]", "e-gate"),
        (
            r#"alternatives = ["entry_repeat"]"#,
            r#"alternatives = ["entry_repeat", "entry_repeat"]"#,
            "categories[0].alternatives[1]",
            "twice",
        ),
        ("officers = 4", "officers = -1", "reserve.officers", "between 0"),
        ("officers = 4", "officers = 100000", "reserve.officers", "between 0"),
        ("arrive_minutes = 20", "arrive_minutes = 1e9", "reserve.arrive_minutes", "limit"),
        (r#"zh = "出境人工通道""#, r#"fr = "出境人工通道""#, "queues[6].name.fr", "not a language"),
        (r#"en = "Park merchants""#, r#"en = "  ""#, "categories[0].name.en", "1 to 60"),
    ] {
        let text = edit(from, to);
        let e = parse(&text).unwrap_err();
        assert_eq!(e.key, key, "{e}");
        assert!(e.message.contains(says), "{e}");
        assert!(e.line.is_some(), "{e}");
    }
}
