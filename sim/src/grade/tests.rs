//! Grader unit tests on the week-1 sample: each check kind passes on a good design and fails
//! with the right evidence on a broken one.

use super::*;
use crate::network::samples::sample_design;
use crate::network::TargetKind;

fn rubric(checks: &str) -> Rubric {
    Rubric::parse("test.yaml", &format!("id: t\ntitle: T\nchecks:\n{checks}")).expect("test rubric parses")
}

#[test]
fn admin_ssh_to_the_bastion_passes_on_the_sample() {
    let r = rubric("- id: ssh\n  points: 3\n  reach: {from: 203.0.113.10, to: 'role:bastion', port: 22, expect: allowed}\n");
    let report = grade_design(&r, &sample_design());
    assert_eq!((report.score, report.max), (3, 3), "{report:#?}");
}

#[test]
fn without_the_igw_route_ssh_times_out_at_the_public_route_table() {
    let r = rubric("- id: ssh\n  reach: {from: 203.0.113.10, to: 'role:bastion', port: 22, expect: allowed}\n");
    let mut d = sample_design();
    d.network.route_tables[1].routes.retain(|r| r.target.kind != TargetKind::Igw);
    let report = grade_design(&r, &d);
    let c = &report.checks[0];
    assert!(!c.passed);
    assert_eq!(c.blocked_by.as_deref(), Some("rtb-0public"));
    assert_eq!(c.reason_code.as_deref(), Some("NO_ROUTE_TO_DESTINATION"));
    assert!(c.evidence.contains("rtb-0public"), "{}", c.evidence);
}

#[test]
fn a_denied_flow_that_is_reachable_names_the_rule_that_lets_it_in() {
    let r = rubric("- id: no-ssh\n  reach: {from: internet, to: 'role:bastion', port: 22, expect: denied}\n");
    let mut d = sample_design();
    d.network.security_groups[1].ingress.push(crate::network::SecurityGroupRule::tcp_from_cidr(22, "0.0.0.0/0", "oops"));
    let c = &grade_design(&r, &d).checks[0];
    assert!(!c.passed);
    assert_eq!(c.blocked_by.as_deref(), Some("sg-0bastion"));
    assert_eq!(c.reason_code.as_deref(), Some("REACHABLE"));
}

#[test]
fn selectors_that_match_nothing_fail_with_a_reason() {
    let r = rubric("- id: x\n  reach: {from: internet, to: 'role:database', port: 3306, expect: denied}\n");
    let c = &grade_design(&r, &sample_design()).checks[0];
    assert!(!c.passed, "a denied check must not pass vacuously");
    assert!(c.evidence.contains("nothing in the design matches"), "{}", c.evidence);
}

#[test]
fn structural_checks_count_by_tier() {
    let r = rubric(concat!(
        "- id: pub\n  subnets: {tier: public, count: 1, prefix: 24}\n",
        "- id: priv\n  subnets: {tier: private, count: 2}\n",
        "- id: igw\n  igw_attached: true\n",
        "- id: inside\n  cidrs_inside_vpc: true\n",
        "- id: overlap\n  no_overlapping_subnets: true\n",
        "- id: lint\n  no_lint: error\n",
        "- id: nat\n  nat_in_public_subnet: true\n",
    ));
    let report = grade_design(&r, &sample_design());
    assert_eq!(report.failed(), vec!["priv", "nat"], "{report:#?}");
    assert!(report.check("priv").unwrap().evidence.contains("private-c"));
    assert_eq!(report.check("nat").unwrap().reason_code.as_deref(), Some("NO_NAT_GATEWAY"));
}

#[test]
fn grading_twice_gives_the_same_report() {
    let r = rubric("- id: a\n  reach: {from: 'tier:public', to: 'tier:private', port: 22, expect: allowed}\n- id: b\n  no_lint: warning\n");
    let d = sample_design();
    assert_eq!(grade_design(&r, &d), grade_design(&r, &d));
}

#[test]
fn submissions_are_detected_by_their_keys() {
    let native = sample_design().to_json_pretty();
    assert!(Submission::from_json(&native).is_ok());
    let aws = r#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}"#;
    assert_eq!(Submission::from_json(aws).unwrap().design.network.vpcs[0].id, "vpc-1");
    for bad in ["", "[]", "{\"hello\": 1}", "{\"version\": 9}", "{\"Vpcs\": 5}"] {
        assert!(Submission::from_json(bad).is_err(), "{bad}");
    }
}
