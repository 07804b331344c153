//! Grader unit tests on the week-1 sample: each check kind passes on a good design and fails
//! with the right evidence on a broken one.

use super::*;
use crate::network::samples::sample_design;
use crate::network::TargetKind;

fn rubric(checks: &str) -> Rubric {
    Rubric::parse("test.yaml", &format!("id: t\ntitle: T\nchecks:\n{checks}"))
        .expect("test rubric parses")
}

#[test]
fn admin_ssh_to_the_bastion_passes_on_the_sample() {
    let r = rubric("- id: ssh\n  points: 3\n  reach: {from: 203.0.113.10, to: 'role:bastion', port: 22, expect: allowed}\n");
    let report = grade_design(&r, &sample_design());
    assert_eq!((report.score, report.max), (3, 3), "{report:#?}");
}

#[test]
fn without_the_igw_route_ssh_times_out_at_the_public_route_table() {
    let r = rubric(
        "- id: ssh\n  reach: {from: 203.0.113.10, to: 'role:bastion', port: 22, expect: allowed}\n",
    );
    let mut d = sample_design();
    d.network.route_tables[1]
        .routes
        .retain(|r| r.target.kind != TargetKind::Igw);
    let report = grade_design(&r, &d);
    let c = &report.checks[0];
    assert!(!c.passed);
    assert_eq!(c.blocked_by.as_deref(), Some("rtb-0public"));
    assert_eq!(c.reason_code.as_deref(), Some("NO_ROUTE_TO_DESTINATION"));
    assert!(c.evidence.contains("rtb-0public"), "{}", c.evidence);
}

#[test]
fn a_denied_flow_that_is_reachable_names_the_rule_that_lets_it_in() {
    let r = rubric(
        "- id: no-ssh\n  reach: {from: internet, to: 'role:bastion', port: 22, expect: denied}\n",
    );
    let mut d = sample_design();
    d.network.security_groups[1]
        .ingress
        .push(crate::network::SecurityGroupRule::tcp_from_cidr(
            22,
            "0.0.0.0/0",
            "oops",
        ));
    let c = &grade_design(&r, &d).checks[0];
    assert!(!c.passed);
    assert_eq!(c.blocked_by.as_deref(), Some("sg-0bastion"));
    assert_eq!(c.reason_code.as_deref(), Some("REACHABLE"));
}

#[test]
fn selectors_that_match_nothing_fail_with_a_reason() {
    let r = rubric(
        "- id: x\n  reach: {from: internet, to: 'role:database', port: 3306, expect: denied}\n",
    );
    let c = &grade_design(&r, &sample_design()).checks[0];
    assert!(!c.passed, "a denied check must not pass vacuously");
    assert!(
        c.evidence.contains("nothing in the design matches"),
        "{}",
        c.evidence
    );
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
    assert_eq!(
        report.check("nat").unwrap().reason_code.as_deref(),
        Some("NO_NAT_GATEWAY")
    );
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
    assert_eq!(
        Submission::from_json(aws).unwrap().design.network.vpcs[0].id,
        "vpc-1"
    );
    for bad in [
        "",
        "[]",
        "{\"hello\": 1}",
        "{\"version\": 9}",
        "{\"Vpcs\": 5}",
    ] {
        assert!(Submission::from_json(bad).is_err(), "{bad}");
    }
}

const DEPLOYMENT: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: nginx, resources: {requests: {cpu: 100m, memory: 64Mi}}}]\n";
const SERVICE: &str = "apiVersion: v1\nkind: Service\nmetadata: {name: web-lb}\nspec: {type: LoadBalancer, selector: {app: web}, ports: [{port: 80}]}\n";

fn with_cluster(cluster: serde_json::Value) -> Design {
    let mut d = sample_design();
    d.network.instances[1].role = crate::network::InstanceRole::KubernetesNode;
    d.cluster = cluster;
    d
}

#[test]
fn manifests_are_read_from_every_documented_shape_of_the_cluster_field() {
    let text = format!("{DEPLOYMENT}---\n{SERVICE}");
    let as_objects: Vec<serde_json::Value> = [DEPLOYMENT, SERVICE]
        .iter()
        .map(|y| serde_norway::from_str(y).unwrap())
        .collect();
    let shapes = [
        ("a YAML string", serde_json::Value::String(text.clone())),
        (
            "an array of strings",
            serde_json::json!([DEPLOYMENT, SERVICE]),
        ),
        ("an array of objects", serde_json::Value::Array(as_objects)),
        (
            "an object with manifests",
            serde_json::json!({"manifests": text}),
        ),
    ];
    let r = rubric("- id: run\n  replicas_running: {deployment: web, within: 1m}\n- id: lb\n  service_exposed: {type: LoadBalancer, deployment: web}\n");
    for (name, cluster) in shapes {
        let report = grade_design(&r, &with_cluster(cluster));
        assert_eq!(report.failed(), Vec::<&str>::new(), "{name}: {report:#?}");
    }
}

#[test]
fn cluster_checks_explain_what_is_missing() {
    let r = rubric("- id: run\n  replicas_running: {deployment: web, within: 1m}\n- id: lb\n  service_exposed: {type: LoadBalancer, deployment: web}\n- id: az\n  replicas_running: {deployment: web, zone_failure: us-west-2z, within: 10m}\n");
    let cases: Vec<(&str, serde_json::Value, [&str; 3])> = vec![
        (
            "no manifests",
            serde_json::Value::Null,
            [
                "no Kubernetes manifests",
                "no Kubernetes manifests",
                "no Kubernetes manifests",
            ],
        ),
        (
            "junk",
            serde_json::json!(42),
            [
                "should hold Kubernetes manifests",
                "should hold Kubernetes manifests",
                "should hold Kubernetes manifests",
            ],
        ),
        (
            "only a ClusterIP Service",
            serde_json::json!(format!(
                "{DEPLOYMENT}---\n{}",
                SERVICE.replace("type: LoadBalancer, ", "")
            )),
            [
                "",
                "Services found: web-lb (ClusterIP)",
                "no node is in zone us-west-2z",
            ],
        ),
    ];
    for (name, cluster, needles) in cases {
        let report = grade_design(&r, &with_cluster(cluster));
        for (c, needle) in report.checks.iter().zip(needles) {
            if needle.is_empty() {
                assert!(c.passed, "{name}/{}: {}", c.id, c.evidence);
            } else {
                assert!(
                    !c.passed && c.evidence.contains(needle),
                    "{name}/{}: `{}` should contain `{needle}`",
                    c.id,
                    c.evidence
                );
            }
        }
    }
}

#[test]
fn nodes_come_from_kubernetes_node_instances_in_their_subnet_zone() {
    let d = with_cluster(serde_json::json!(DEPLOYMENT));
    let m = load_cluster(&d).unwrap();
    assert_eq!(m.cluster.nodes.len(), 1);
    let node = &m.cluster.nodes[0];
    assert_eq!(node.name, "app");
    assert_eq!(
        node.zone(),
        Some("ap-northeast-2c"),
        "the zone of subnet private-c"
    );
    assert_eq!(
        node.network.as_ref().map(|n| n.node_ip.as_str()),
        Some("10.0.2.20")
    );
}

#[test]
fn a_sources_selector_finds_the_admins_own_ip_whatever_it_is() {
    let r = rubric("- id: admin\n  reach: {from: 'sources:role:bastion:22', to: 'role:bastion', port: 22, expect: allowed}\n");
    let mut d = sample_design();
    d.network.security_groups[1].ingress[0] =
        crate::network::SecurityGroupRule::tcp_from_cidr(22, "198.18.7.7/32", "my laptop");
    let c = &grade_design(&r, &d).checks[0];
    assert!(c.passed, "{}", c.evidence);
    assert!(
        c.evidence
            .starts_with("198.18.7.7 (allowed by sg-0bastion)"),
        "{}",
        c.evidence
    );
    // Opened to the world instead: there is no single admin host to test from.
    d.network.security_groups[1].ingress[0] =
        crate::network::SecurityGroupRule::tcp_from_cidr(22, "0.0.0.0/0", "oops");
    let c = &grade_design(&r, &d).checks[0];
    assert!(
        !c.passed && c.evidence.contains("from a single public host"),
        "{}",
        c.evidence
    );
}

#[test]
fn every_built_in_rubric_fits_its_reference_solution() {
    for s in crate::scenarios::all() {
        let errors = check_against_reference(
            &s.rubric,
            &format!("{}/rubric.yaml", s.id),
            s.rubric_source,
            &s.solution,
        );
        assert!(errors.is_empty(), "{}: {errors:#?}", s.id);
    }
}

#[test]
fn a_selector_matching_nothing_in_the_reference_is_a_rubric_error_with_its_line() {
    let text = "id: t\ntitle: T\nchecks:\n- id: ok\n  igw_attached: true\n- id: typo\n  reach: {from: internet, to: 'name:wbe-*', port: 8080, expect: allowed}\n- id: via\n  through: {from: 'role:app', to: internet, port: 443, via: nat-gw-nowhere}\n";
    let r = Rubric::parse("t.yaml", text).unwrap();
    let errors: Vec<String> = check_against_reference(&r, "t.yaml", text, &sample_design())
        .iter()
        .map(|e| e.to_string())
        .collect();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(
        errors[0].starts_with(
            "t.yaml:6: checks[1] (id `typo`): field `reach.to`: `name:wbe-*` matches nothing"
        ),
        "{}",
        errors[0]
    );
    assert!(
        errors[1].starts_with("t.yaml:8: checks[2] (id `via`): field `through.via`"),
        "{}",
        errors[1]
    );
}

#[test]
fn an_empty_design_earns_no_points_for_having_no_lint_errors() {
    let r = rubric("- id: lint\n  points: 5\n  no_lint: error\n");
    let mut empty = sample_design();
    let keep = empty.network.vpcs[0].clone();
    empty.network = crate::network::Network {
        vpcs: vec![keep],
        ..crate::network::Network::default()
    };
    let c = &grade_design(&r, &empty).checks[0];
    assert!(!c.passed);
    assert_eq!(c.reason_code.as_deref(), Some("NOT_ATTEMPTED"));
    assert!(grade_design(&r, &sample_design()).checks[0].passed);
}

#[test]
fn a_private_address_outside_the_design_is_not_an_internet_host() {
    // The rubric expects the task's 172.31.1.10; the design was built on 10.0.0.0/16.
    let r = rubric(
        "- id: x\n  reach: {from: 172.31.1.10, to: 'role:bastion', port: 22, expect: denied}\n",
    );
    let c = &grade_design(&r, &sample_design()).checks[0];
    assert!(!c.passed, "{}", c.evidence);
    assert_eq!(c.reason_code.as_deref(), Some("NO_SUCH_ENDPOINT"));
    assert!(
        c.evidence
            .contains("no interface in the design has 172.31.1.10"),
        "{}",
        c.evidence
    );
}

#[test]
fn an_in_vpc_address_no_interface_has_fails_with_that_reason() {
    let r =
        rubric("- id: x\n  reach: {from: internet, to: 10.0.250.250, port: 22, expect: denied}\n");
    let c = &grade_design(&r, &sample_design()).checks[0];
    assert!(!c.passed, "{}", c.evidence);
    assert!(
        c.evidence
            .contains("no interface in the design has that address"),
        "{}",
        c.evidence
    );
}

#[test]
fn exact_values_and_counts_are_checked() {
    let d = sample_design();
    let vpc = d.network.vpcs[0].cidr_blocks[0].clone();
    let azs = d
        .network
        .subnets
        .iter()
        .map(|s| s.availability_zone.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let cases: Vec<(&str, String, bool)> = vec![
        (
            "the exact VPC CIDR",
            format!("vpc: {{cidr: '{vpc}'}}"),
            true,
        ),
        (
            "another VPC CIDR",
            "vpc: {cidr: '10.99.0.0/16'}".into(),
            false,
        ),
        ("the exact AZ count", format!("vpc: {{azs: {azs}}}"), true),
        (
            "a wrong AZ count",
            format!("vpc: {{azs: {}}}", azs + 1),
            false,
        ),
        (
            "one AZ per tier is enough",
            "tier_azs: {min: 1}".into(),
            true,
        ),
        (
            "nine AZs per tier are not there",
            "tier_azs: {min: 9}".into(),
            false,
        ),
        (
            "a subnet list that is not the design's",
            "subnets: {cidrs: ['10.0.200.0/24']}".into(),
            false,
        ),
    ];
    for (name, kind, want) in cases {
        let r = rubric(&format!("- id: x\n  {kind}\n"));
        let c = &grade_design(&r, &d).checks[0];
        assert_eq!(c.passed, want, "{name}: {}", c.evidence);
    }
}

#[test]
fn through_checks_name_the_gateway_on_the_path() {
    let d = sample_design();
    let pass = rubric("- id: x\n  through: {from: 203.0.113.10, to: 'role:bastion', port: 22, via: internet_gateway}\n");
    let c = &grade_design(&pass, &d).checks[0];
    assert!(c.passed, "{}", c.evidence);
    let fail = rubric("- id: x\n  through: {from: 203.0.113.10, to: 'role:bastion', port: 22, via: nat_gateway}\n");
    let c = &grade_design(&fail, &d).checks[0];
    assert!(!c.passed);
    assert_eq!(
        c.reason_code.as_deref(),
        Some("NOT_THROUGH"),
        "{}",
        c.evidence
    );
}

#[test]
fn an_address_behind_a_vpn_is_an_on_premises_host_and_endpoint_and_ipv6_selectors_resolve() {
    let hybrid = crate::scenarios::get("hybrid-vpn-endpoint").expect("built in");
    let cases: &[(&str, bool, &str)] = &[
        // (check, passes on the reference, evidence fragment)
        ("reach: {from: 192.168.10.25, to: 'tier:private', port: 443, expect: allowed}", true, "reachable"),
        ("reach: {from: 172.31.1.10, to: 'tier:private', port: 443, expect: allowed}", false, "outside every VPN's on-premises ranges"),
        ("reach: {from: 'tier:private', to: 'endpoint:*execute-api*', port: 443, expect: allowed}", true, "private-api (vpce-hyb-api) interface 1"),
        ("reach: {from: 'tier:private', to: 'endpoint:*.s3', port: 443, expect: allowed}", false, "nothing in the design matches"),
        ("reach: {from: 'tier:private', to: '2001:db8::10', port: 443, expect: allowed}", true, "2001:db8::10"),
        ("through: {from: 'tier:private', to: '2001:db8::10', port: 443, via: egress_only_internet_gateway}", true, "through eigw-hyb"),
        ("through: {from: 192.168.10.25, to: 'tier:private', port: 443, via: vpn_gateway}", true, "through"),
        ("through: {from: 192.168.10.25, to: 'tier:private', port: 443, via: transit_gateway}", false, "does not go through transit_gateway"),
    ];
    for (check, pass, fragment) in cases {
        let r = rubric(&format!("- id: x\n  {check}\n"));
        let c = &grade_design(&r, &hybrid.solution).checks[0];
        assert_eq!(c.passed, *pass, "{check}: {}", c.evidence);
        assert!(c.evidence.contains(fragment), "{check}: {}", c.evidence);
    }
}

#[test]
fn pod_checks_need_manifests_and_the_cluster_option() {
    let r = rubric("- id: x\n  reach: {from: 'pod:shop/frontend-*', to: 'service:shop/api', port: 80, expect: allowed}\n");
    let c = &grade_design(&r, &sample_design()).checks[0];
    assert!(!c.passed);
    assert!(
        c.evidence.contains("no Kubernetes manifests"),
        "{}",
        c.evidence
    );
    let shop = crate::scenarios::get("netpol-frontend-api").expect("built in");
    let c = &grade_with(&r, &shop.solution, GradeOptions { cluster: false }).checks[0];
    assert!(c.evidence.contains("not evaluated"), "{}", c.evidence);
    let typo = rubric("- id: x\n  reach: {from: 'pod:shop/frontned-*', to: 'service:shop/api', port: 80, expect: allowed}\n");
    let c = &grade_design(&typo, &shop.solution).checks[0];
    assert_eq!(c.reason_code.as_deref(), Some("NO_SUCH_ENDPOINT"));
    assert!(c.evidence.contains("pods there: "), "{}", c.evidence);
}
