//! Any number in any numeric field of the Khorgos scenario: the scenario is
//! refused with the field named, or it is valid, within the stated limits, and
//! simulates without a panic, a hang or an absurd allocation. (Found when a
//! lane `count` of 4294967296 hung `simulate` and `crowd_at_open = 1e12`
//! aborted it on a 16 TB allocation.) A cargo-fuzz target over raw TOML
//! (`fuzz/fuzz_targets/scenario_parse.rs`) goes further for those with a
//! nightly toolchain.

use borderflow_core::Scenario;
use borderflow_core::scenario::limits;
use borderflow_sim::Model;
use proptest::prelude::*;

const KHORGOS: &str = include_str!("../../../scenarios/khorgos.toml");

/// Every numeric key a what-if can reach in the Khorgos scenario.
const KEYS: &[&str] = &[
    "merchant_desks",
    "first_time_desks",
    "repeat_desks",
    "egates",
    "exit_desks",
    "exit_egates",
    "merchant_desks.first",
    "entry.scale",
    "exit.scale",
    "entry.crowd_at_open",
    "entry.crowd_release_minutes",
    "standard.max_wait_minutes",
    "standard.warning_minutes",
    "standard.interval_minutes",
    "standard.max_continuous_work_hours",
    "standard.min_break_minutes",
    "service.egate.reject_rate",
    "service.manual.referred_share",
    "service.manual.refused_share",
    "service.manual.default.mean",
    "service.manual.default.cv",
    "service.egate.default.mean",
    "service.egate.default.cv",
    "categories[0].egate_share",
];

/// Values people type by mistake, and the edges.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "4294967296",
            "100000000",
            "1e12",
            "1e308",
            "-1",
            "0",
            "1",
            "nan",
            "inf",
            "-inf",
            "9223372036854775807",
            "0.0000001",
            "1440",
            "1441",
            "5000000",
            "999",
        ])
        .prop_map(String::from),
        (-1e7f64..1e7).prop_map(|x| format!("{x}")),
        (0u64..20).prop_map(|x| x.to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_number_is_refused_by_name_or_simulates_within_limits(
        picks in prop::collection::vec((prop::sample::select(KEYS), value()), 1..4),
        seed in any::<u64>(),
    ) {
        let overrides: Vec<String> = picks.iter().map(|(k, v)| format!("{k}={v}")).collect();
        match Scenario::parse(KHORGOS, "khorgos.toml", &overrides, &|p: &str| Err(format!("no file {p}"))) {
            Err(e) => {
                // Refused: the message says where.
                let text = e.to_string();
                prop_assert!(text.contains("khorgos.toml") || text.contains("what-if"), "{text}");
            }
            Ok(s) => {
                prop_assert!(s.lanes.len() as i64 <= limits::MAX_LANES);
                for st in &s.streams {
                    prop_assert!(st.expected_travellers() <= limits::MAX_TRAVELLERS_PER_DAY, "{}", st.expected_travellers());
                }
                let day = s.expected_travellers();
                // Valid and small enough to run here: it runs to the end.
                if day < 200_000.0 {
                    let stats = Model::new(&s).run(seed, &mut Vec::new());
                    prop_assert!(stats.travellers as f64 <= day * 1.5 + 100.0);
                }
            }
        }
    }
}
