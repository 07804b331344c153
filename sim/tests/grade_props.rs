//! Property tests: the grader and the rubric parser never panic, and grading is a pure function.

use proptest::prelude::*;
use sim::grade::{grade_design, grade_with, GradeOptions, Rubric};
use sim::network::Design;
use sim::scenarios;

/// Deletes or corrupts parts of a design, leaving dangling references and bad CIDRs behind.
fn damage(d: &mut Design, ops: &[(u8, usize)]) {
    let n = &mut d.network;
    for &(op, i) in ops {
        match op % 12 {
            0 if !n.subnets.is_empty() => {
                let k = i % n.subnets.len();
                n.subnets.remove(k);
            }
            1 if !n.route_tables.is_empty() => {
                let k = i % n.route_tables.len();
                n.route_tables.remove(k);
            }
            2 if !n.security_groups.is_empty() => {
                let k = i % n.security_groups.len();
                n.security_groups.remove(k);
            }
            3 if !n.instances.is_empty() => {
                let k = i % n.instances.len();
                n.instances.remove(k);
            }
            4 if !n.subnets.is_empty() => {
                let k = i % n.subnets.len();
                n.subnets[k].cidr =
                    ["10.0.0.0/33", "junk", "", "0.0.0.0/0", "10.0.0.1/24"][i % 5].into();
            }
            5 if !n.vpcs.is_empty() => {
                let k = i % n.vpcs.len();
                n.vpcs[k].cidr_blocks.clear();
            }
            6 => n.internet_gateways.clear(),
            7 if !n.instances.is_empty() => {
                let k = i % n.instances.len();
                n.instances[k].private_ip = "999.1.1.1".into();
            }
            8 if !n.network_acls.is_empty() => {
                let k = i % n.network_acls.len();
                n.network_acls[k].entries.clear();
            }
            9 => n.nat_gateways.clear(),
            10 if !n.load_balancers.is_empty() => {
                let k = i % n.load_balancers.len();
                n.load_balancers[k].subnets.clear();
            }
            11 => {
                d.cluster = [
                    serde_json::json!(42),
                    serde_json::json!("kind: [unclosed"),
                    serde_json::json!([1, "a"]),
                    serde_json::Value::Null,
                ][i % 4]
                    .clone()
            }
            _ => {}
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn grading_a_damaged_design_never_panics_and_stays_within_bounds(
        scenario in 0usize..12,
        ops in prop::collection::vec((any::<u8>(), any::<usize>()), 0..8),
    ) {
        let all = scenarios::all();
        let s = &all[scenario % all.len()];
        let mut d = s.solution.clone();
        damage(&mut d, &ops);
        for rubric in all.iter().map(|x| &x.rubric) {
            let r = grade_with(rubric, &d, GradeOptions { cluster: scenario % 3 == 0 });
            prop_assert!(r.score <= r.max);
            prop_assert_eq!(r.checks.len(), rubric.checks.len());
        }
        prop_assert_eq!(grade_design(&s.rubric, &d), grade_design(&s.rubric, &d));
    }

    #[test]
    fn parsing_any_text_as_a_rubric_never_panics(text in "\\PC{0,200}") {
        let _ = Rubric::parse("fuzz.yaml", &text);
    }

    #[test]
    fn parsing_rubric_like_yaml_never_panics(
        key in prop::sample::select(vec!["reach", "subnets", "vpc", "replicas_running", "instances", "no_lint", "service_exposed", "eks_subnets"]),
        value in prop::sample::select(vec!["{}", "true", "[]", "{from: '', to: x, expect: allowed}", "{deployment: w, within: -1}", "{tier: nope}", "error", "{type: X}", "{prefix: 99}"]),
    ) {
        let text = format!("id: r\ntitle: R\nchecks:\n- id: a\n  {key}: {value}\n");
        let _ = Rubric::parse("fuzz.yaml", &text);
    }
}
