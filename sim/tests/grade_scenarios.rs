//! The built-in scenario library graded by its own rubrics: reference solutions score 100 %,
//! starting designs fail exactly the checks the lesson is about, and each broken challenge
//! fails at the intended component with the intended reason code.

use sim::grade::{grade_design, grade_with, GradeOptions, Rubric, Submission};
use sim::network::{trace_design, Design, PathSide, SecurityGroupRule};
use sim::scenarios::{self, ScenarioKind};

fn scenario(id: &str) -> &'static scenarios::Scenario {
    scenarios::get(id).unwrap_or_else(|| panic!("scenario {id} exists"))
}

#[test]
fn the_library_has_the_required_scenarios_with_stable_ids() {
    let ids = scenarios::ids();
    assert!(ids.len() >= 10, "at least 10 scenarios, got {}", ids.len());
    for required in ["vpc-week1", "bastion-eks", "three-tier"] {
        assert!(ids.contains(&required), "{required} is in the library");
    }
    let challenges = scenarios::all()
        .iter()
        .filter(|s| s.kind == ScenarioKind::Challenge)
        .count();
    assert!(
        challenges >= 8,
        "at least 8 broken challenges, got {challenges}"
    );
    let unique: std::collections::BTreeSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "ids are unique");
    assert_eq!(
        scenarios::all().iter().map(|s| s.id).collect::<Vec<_>>(),
        ids,
        "all() keeps the order of ids()"
    );
}

#[test]
fn every_scenario_has_a_statement_progressive_hints_and_a_question_card() {
    for s in scenarios::all() {
        assert!(
            !s.title.is_empty() && s.statement.len() > 100,
            "{}: a real task statement",
            s.id
        );
        assert!(
            s.hints.len() >= 2,
            "{}: at least two progressive hints",
            s.id
        );
        assert!(
            !s.question.prompt.is_empty() && !s.question.look_for.is_empty(),
            "{}: a question card",
            s.id
        );
        assert_eq!(s.rubric.id, s.id);
        let reparsed =
            Rubric::parse("again", s.rubric_source).expect("the embedded rubric source parses");
        assert_eq!(reparsed, s.rubric);
    }
}

#[test]
fn every_reference_solution_scores_full_marks() {
    for s in scenarios::all() {
        let r = grade_design(&s.rubric, &s.solution);
        let failed: Vec<String> = r
            .checks
            .iter()
            .filter(|c| !c.passed)
            .map(|c| format!("{}: {}", c.id, c.evidence))
            .collect();
        assert_eq!(
            r.score, r.max,
            "{}: the reference solution passes every check: {failed:#?}",
            s.id
        );
        assert!(r.max > 0);
    }
}

/// Which checks each starting design fails — exactly these, no more, no fewer.
const START_FAILURES: &[(&str, &[&str])] = &[
    (
        "vpc-week1",
        &[
            "public-subnets",
            "private-subnets",
            "management-subnet",
            "cidrs-inside-vpc",
            "no-overlap",
            "igw",
            "web-8080-open",
            "web-ssh-from-management",
            "web-ssh-closed-to-internet",
            "web-ssh-only-from-management",
            "db-3306-from-web",
            "db-ssh-from-management",
            "db-closed-to-internet",
            "db-ssh-not-from-web",
            "db-3306-only-from-public",
            "db-ssh-only-from-management",
            "admin-ssh-management",
            "management-ssh-closed-to-internet",
            "management-ssh-only-from-admin",
            // An empty VPC earns nothing for having no lint errors.
            "no-lint-errors",
        ],
    ),
    (
        "bastion-eks",
        &[
            "public-subnet",
            "private-subnets-two-azs",
            "igw",
            "nat-in-public",
            "one-bastion",
            "eks-two-azs",
            "admin-ssh-bastion",
            "bastion-closed-to-internet",
            "bastion-ssh-only-from-admin",
            "bastion-ssh-nodes",
            "nodes-closed-to-internet",
            "nodes-ssh-only-from-bastion",
            "nodes-egress",
            "app-through-lb",
            "service-load-balancer",
            "app-running",
            // The start is an empty VPC: nothing to lint, no points for it.
            "no-lint-errors",
        ],
    ),
    (
        "three-tier",
        &[
            "alb-two-azs",
            "web-tier-two-azs",
            "db-multi-az",
            "no-lint-errors",
            "kill-an-az",
        ],
    ),
    (
        "bastion-ssh-timeout",
        &["admin-ssh-bastion", "bastion-in-public-subnet"],
    ),
    ("eks-one-az", &["eks-two-azs", "private-subnets"]),
    ("nacl-ephemeral", &["web-8080-open", "admin-ssh-web"]),
    ("nat-in-private", &["app-egress", "nat-in-public"]),
    ("peering-transitive", &["app-to-orders-db"]),
    ("no-public-ip", &["web-8080-open", "web-has-public-ip"]),
    (
        "sg-wrong-group",
        &["web-to-db", "bastion-not-to-db", "db-only-from-web"],
    ),
    ("deployment-one-zone", &["kill-an-az"]),
    ("alb-one-az", &["alb-two-azs"]),
    ("tgw-hub-spoke", &["dev-not-to-prod", "prod-not-to-dev"]),
    (
        "hybrid-vpn-endpoint",
        &[
            "office-https-app",
            "office-through-vpn",
            "app-to-office-erp",
            "admin-ssh-only-from-office-host",
            "app-to-private-api",
            "office-to-private-api",
            "ipv6-egress",
            "ipv6-egress-only",
        ],
    ),
    (
        "netpol-frontend-api",
        &["frontend-to-api", "prometheus-scrapes-api"],
    ),
    ("statefulset-az-pending", &["db-quorum-after-zone-failure"]),
];

#[test]
fn every_starting_design_fails_exactly_the_checks_of_its_lesson() {
    assert_eq!(
        START_FAILURES.len(),
        scenarios::all().len(),
        "every scenario has a row"
    );
    for (id, expected) in START_FAILURES {
        let s = scenario(id);
        let r = grade_design(&s.rubric, &s.start);
        assert_eq!(
            r.failed(),
            expected.to_vec(),
            "{id}: failed checks of the starting design"
        );
        assert!(r.score < r.max, "{id}: the start scores below full marks");
    }
}

/// (scenario, check, blocking component, reason code, side of the path for traces).
type Blocked = (
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
    Option<PathSide>,
);

const CHALLENGE_BLOCKERS: &[Blocked] = &[
    // Seed 004's real bug: the SYN arrives, the SYN-ACK has no route back to the admin.
    (
        "bastion-ssh-timeout",
        "admin-ssh-bastion",
        Some("rtb-lab-public"),
        "NO_ROUTE_TO_DESTINATION",
        Some(PathSide::Return),
    ),
    (
        "eks-one-az",
        "eks-two-azs",
        Some("subnet-exam-priv-a"),
        "EKS_SUBNETS_ONE_AZ",
        None,
    ),
    (
        "nacl-ephemeral",
        "web-8080-open",
        Some("acl-nacl-public"),
        "SUBNET_ACL_RESTRICTION",
        Some(PathSide::Return),
    ),
    // The NAT gateway uses its own subnet's table, which sends 0.0.0.0/0 back to itself.
    (
        "nat-in-private",
        "app-egress",
        Some("subnet-nat-priv"),
        "ROUTING_LOOP",
        Some(PathSide::Forward),
    ),
    (
        "nat-in-private",
        "nat-in-public",
        Some("nat-lab"),
        "NAT_IN_PRIVATE_SUBNET",
        None,
    ),
    (
        "peering-transitive",
        "app-to-orders-db",
        Some("pcx-app-shared"),
        "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR",
        Some(PathSide::Forward),
    ),
    (
        "no-public-ip",
        "web-8080-open",
        Some("igw-pip"),
        "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS",
        Some(PathSide::Forward),
    ),
    (
        "sg-wrong-group",
        "web-to-db",
        Some("sg-sgx-db"),
        "ENI_SG_RULES_MISMATCH",
        Some(PathSide::Forward),
    ),
    (
        "sg-wrong-group",
        "bastion-not-to-db",
        Some("sg-sgx-db"),
        "REACHABLE",
        None,
    ),
    (
        "deployment-one-zone",
        "kill-an-az",
        None,
        "REPLICAS_NOT_READY",
        None,
    ),
    (
        "alb-one-az",
        "alb-two-azs",
        Some("lb-alb"),
        "LOAD_BALANCER_AZ_SPREAD",
        None,
    ),
    // Every attachment propagates into the spokes' table, so it routes dev to prod.
    (
        "tgw-hub-spoke",
        "dev-not-to-prod",
        Some("tgw-rtb-spokes"),
        "REACHABLE",
        None,
    ),
    (
        "tgw-hub-spoke",
        "prod-not-to-dev",
        Some("tgw-rtb-spokes"),
        "REACHABLE",
        None,
    ),
    // One peer with both selectors (AND) selects no pod: the api pod's ingress is denied.
    (
        "netpol-frontend-api",
        "frontend-to-api",
        Some("networkpolicy:shop/api-ingress"),
        "NETWORK_POLICY_INGRESS",
        None,
    ),
    (
        "statefulset-az-pending",
        "db-quorum-after-zone-failure",
        None,
        "REPLICAS_NOT_READY",
        None,
    ),
];

#[test]
fn each_broken_challenge_fails_at_the_intended_component() {
    for (id, check, blocked_by, code, side) in CHALLENGE_BLOCKERS {
        let s = scenario(id);
        let r = grade_design(&s.rubric, &s.start);
        let c = r
            .check(check)
            .unwrap_or_else(|| panic!("{id}: check {check} exists"));
        assert!(!c.passed, "{id}/{check} fails on the broken design");
        assert_eq!(
            c.blocked_by.as_deref(),
            *blocked_by,
            "{id}/{check}: blocking component; evidence: {}",
            c.evidence
        );
        assert_eq!(
            c.reason_code.as_deref(),
            Some(*code),
            "{id}/{check}: reason code"
        );
        if let Some(b) = blocked_by {
            assert!(
                c.evidence.contains(b),
                "{id}/{check}: the evidence names {b}: {}",
                c.evidence
            );
        }
        if let Some(side) = side {
            let flow = c
                .flow
                .as_ref()
                .expect("reachability evidence carries its flow");
            let t = trace_design(&s.start, flow).expect("the evidence flow traces");
            let first = t.blockers.first().expect("the trace is blocked");
            assert_eq!(
                Some(first.component.as_str()),
                *blocked_by,
                "{id}/{check}: the full trace agrees"
            );
            assert_eq!(first.side, *side, "{id}/{check}: side of the path");
            let fixed =
                trace_design(&s.solution, flow).expect("the same flow traces on the solution");
            assert!(
                fixed.is_reachable(),
                "{id}/{check}: the solution lets the flow through"
            );
        }
    }
}

#[test]
fn the_one_zone_deployment_is_explained_by_the_scheduler() {
    let s = scenario("deployment-one-zone");
    let c = grade_design(&s.rubric, &s.start)
        .check("kill-an-az")
        .cloned()
        .unwrap();
    assert!(
        c.evidence
            .contains("didn't match Pod's node affinity/selector"),
        "{}",
        c.evidence
    );
    assert!(c.evidence.contains("Pending"), "{}", c.evidence);
}

#[test]
fn a_single_az_three_tier_loses_every_replica_when_its_zone_dies() {
    let s = scenario("three-tier");
    let c = grade_design(&s.rubric, &s.start)
        .check("kill-an-az")
        .cloned()
        .unwrap();
    assert!(c.evidence.starts_with("0/4 replicas"), "{}", c.evidence);
    assert!(
        c.evidence.contains("nodes per zone: ap-northeast-2a: 2;"),
        "{}",
        c.evidence
    );
}

/// Renames every id in a design by rewriting its JSON: a correct design with other ids must still pass.
fn renamed(d: &Design, from: &str, to: &str) -> Design {
    Design::from_json(&d.to_json_pretty().replace(from, to)).expect("renamed design loads")
}

#[test]
fn different_ids_and_names_for_the_same_design_still_pass() {
    let s = scenario("vpc-week1");
    let mut d = renamed(&s.solution, "-w1", "-student42");
    for sub in &mut d.network.subnets {
        sub.name = sub.name.replace("public", "pub").replace("private", "priv");
    }
    let r = grade_design(&s.rubric, &d);
    assert_eq!(r.score, r.max, "{:#?}", r.failed());
}

#[test]
fn week1_mistakes_fail_the_matching_checks() {
    let s = scenario("vpc-week1");
    type Mutation = fn(&mut Design);
    let cases: &[(&str, Mutation, &[&str])] = &[
        (
            "SSH on the management host opened to the world",
            |d| {
                d.network
                    .security_groups
                    .iter_mut()
                    .find(|g| g.name == "mgmt")
                    .unwrap()
                    .ingress
                    .push(SecurityGroupRule::tcp_from_cidr(22, "0.0.0.0/0", "oops"))
            },
            &[
                "management-ssh-closed-to-internet",
                "management-ssh-only-from-admin",
            ],
        ),
        (
            "3306 missing on the private tier",
            |d| {
                d.network
                    .security_groups
                    .iter_mut()
                    .find(|g| g.name == "db")
                    .unwrap()
                    .ingress
                    .retain(|r| r.ports.map(|p| p.from) != Some(3306))
            },
            &["db-3306-from-web", "db-3306-only-from-public"],
        ),
        (
            "both private subnets in one AZ",
            |d| {
                d.network
                    .subnets
                    .iter_mut()
                    .filter(|x| x.name.starts_with("private"))
                    .for_each(|x| x.availability_zone = "ap-northeast-2a".into())
            },
            &["private-subnets"],
        ),
        (
            "a /25 public subnet",
            |d| {
                d.network
                    .subnets
                    .iter_mut()
                    .find(|x| x.name == "public-c")
                    .unwrap()
                    .cidr = "10.0.2.0/25".into()
            },
            &["public-subnets"],
        ),
        (
            "a subnet outside the VPC",
            |d| {
                d.network
                    .subnets
                    .iter_mut()
                    .find(|x| x.name == "private-c")
                    .unwrap()
                    .cidr = "10.9.12.0/24".into()
            },
            &["cidrs-inside-vpc", "no-lint-errors"],
        ),
        (
            "the IGW detached",
            |d| d.network.internet_gateways[0].attached_vpc = None,
            &[
                // Without a route to an attached IGW no subnet is public: the public tier is empty and
                // its four subnets count as private; management is still found by its name.
                "public-subnets",
                "private-subnets",
                "igw",
                "web-8080-open",
                "web-ssh-from-management",
                "web-ssh-closed-to-internet",
                "web-ssh-only-from-management",
                "db-3306-from-web",
                "db-ssh-not-from-web",
                "db-3306-only-from-public",
                "admin-ssh-management",
                "management-ssh-only-from-admin",
                "no-lint-errors",
            ],
        ),
    ];
    for (name, mutate, expected) in cases {
        let mut d = s.solution.clone();
        mutate(&mut d);
        assert_eq!(
            grade_design(&s.rubric, &d).failed(),
            expected.to_vec(),
            "{name}"
        );
    }
}

#[test]
fn grading_is_deterministic() {
    for s in scenarios::all() {
        assert_eq!(
            grade_design(&s.rubric, &s.start),
            grade_design(&s.rubric, &s.start),
            "{}",
            s.id
        );
    }
}

#[test]
fn cluster_checks_can_be_skipped_for_live_grading() {
    let s = scenario("three-tier");
    let r = grade_with(&s.rubric, &s.solution, GradeOptions { cluster: false });
    assert_eq!(r.failed(), vec!["web-running", "kill-an-az"]);
    assert!(r
        .check("kill-an-az")
        .unwrap()
        .evidence
        .contains("not evaluated"));
}

#[test]
fn a_reference_solution_round_trips_through_the_submission_loader() {
    for s in scenarios::all() {
        let sub = Submission::from_json(&s.solution.to_json_pretty())
            .expect("a saved design loads as a submission");
        let r = sim::grade::grade(&s.rubric, &sub);
        assert_eq!(r.score, r.max, "{}", s.id);
    }
}

/// The netpol challenge's tempting wrong fixes lose exactly the least-privilege checks.
#[test]
fn netpol_wrong_fixes_fail_the_matching_checks() {
    let s = scenario("netpol-frontend-api");
    let solution = sim::grade::manifest_text(&s.solution)
        .expect("manifests")
        .expect("the solution carries manifests");
    let one_peer_fixed = "    - podSelector: {matchLabels: {app: frontend}}\n    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}\n";
    assert!(solution.contains(one_peer_fixed));
    let cases: &[(&str, String, &[&str])] = &[
        (
            "app: frontend in every namespace (an empty namespaceSelector in the frontend's peer)",
            solution.replace(
                "    - podSelector: {matchLabels: {app: frontend}}\n",
                "    - podSelector: {matchLabels: {app: frontend}}\n      namespaceSelector: {}\n",
            ),
            &["sandbox-frontend-not-to-api"],
        ),
        (
            "the whole shop namespace instead of the frontend",
            solution.replace(
                "    - podSelector: {matchLabels: {app: frontend}}\n",
                "    - podSelector: {}\n",
            ),
            &["worker-not-to-api"],
        ),
        (
            "the default deny deleted and api-ingress opened to every peer",
            solution
                .replace(
                    "  podSelector: {}\n  policyTypes: [Ingress]\n",
                    "  podSelector: {matchLabels: {none: none}}\n  policyTypes: [Ingress]\n",
                )
                .replace(one_peer_fixed, "    - namespaceSelector: {}\n"),
            &[
                "worker-not-to-api",
                "sandbox-frontend-not-to-api",
                "shop-still-isolated",
            ],
        ),
    ];
    for (name, manifests, expected) in cases {
        assert_ne!(manifests, &solution, "{name}: the mutation applies");
        let mut d = s.solution.clone();
        d.cluster = serde_json::Value::String(manifests.clone());
        assert_eq!(
            grade_design(&s.rubric, &d).failed(),
            expected.to_vec(),
            "{name}"
        );
    }
}

/// The reference StatefulSet keeps its quorum, and the replica of the failed zone still waits
/// for that zone: Pending with the volume-affinity reason while the zone is down, Pending on
/// the out-of-service taint after it returns, and back on its own zone (same claim) once the
/// taint is removed (docs/SEMANTICS.md#c15, #c16).
#[test]
fn the_spread_statefulset_keeps_quorum_and_its_failed_zones_replica_waits_for_its_volume() {
    use sim::cluster::sim::{parse_events, SimConfig, World};
    let s = scenario("statefulset-az-pending");
    let m = sim::grade::load_cluster(&s.solution).expect("the reference cluster loads");
    let events = parse_events(
        "events:\n- {at: 60s, action: zoneFailure, zone: ap-northeast-2a}\n- {at: 6m, action: outOfService, zone: ap-northeast-2a}\n- {at: 20m, action: zoneRecovery, zone: ap-northeast-2a}\n- {at: 22m, action: outOfServiceRemoved, zone: ap-northeast-2a}\n",
    )
    .expect("events parse");
    let mut w = World::new(
        m.cluster,
        m.scheduler_config.unwrap_or_default(),
        events,
        0,
        SimConfig::default(),
    );
    let db = |w: &World| -> Vec<(String, String, Option<String>, bool)> {
        w.snapshot()
            .pods
            .into_iter()
            .filter(|p| p.name.starts_with("default/orders-db-"))
            .map(|p| (p.name, p.status, p.node, p.ready))
            .collect()
    };
    w.run_until(50_000);
    let before = db(&w);
    let in_a = before
        .iter()
        .find(|p| p.2.as_deref().is_some_and(|n| n.starts_with("node-a")))
        .map(|p| p.0.clone())
        .unwrap_or_else(|| panic!("one replica per zone: {before:?}"));
    let last_failure = |w: &World| {
        w.log()
            .iter()
            .rev()
            .find(|e| {
                e.reason == "FailedScheduling" && format!("default/{}", e.object.name) == in_a
            })
            .map(|e| e.message.clone())
            .unwrap_or_default()
    };
    w.run_until(10 * 60_000);
    let down = db(&w);
    let pod = down.iter().find(|p| p.0 == in_a).expect("recreated");
    assert_eq!(pod.1, "Pending", "{down:?}");
    assert!(
        last_failure(&w).contains("volume node affinity conflict"),
        "{}",
        last_failure(&w)
    );
    assert_eq!(
        down.iter().filter(|p| p.1 == "Running" && p.3).count(),
        2,
        "the other zones keep the quorum: {down:?}"
    );
    w.run_until(21 * 60_000);
    let back = db(&w);
    assert_eq!(
        back.iter().find(|p| p.0 == in_a).map(|p| p.1.as_str()),
        Some("Pending"),
        "the zone is back but the out-of-service taint is still on its nodes: {back:?}"
    );
    w.run_until(25 * 60_000);
    let healed = db(&w);
    let pod = healed.iter().find(|p| p.0 == in_a).expect("still there");
    assert_eq!(pod.1, "Running", "{healed:?}");
    assert!(
        pod.2.as_deref().is_some_and(|n| n.starts_with("node-a")),
        "back in its volume's zone: {healed:?}"
    );
}

#[test]
fn the_one_zone_statefulset_is_explained_by_the_volume_zone() {
    let s = scenario("statefulset-az-pending");
    let c = grade_design(&s.rubric, &s.start)
        .check("db-quorum-after-zone-failure")
        .cloned()
        .unwrap();
    assert!(
        c.evidence.contains("volume node affinity conflict") && c.evidence.contains("Pending"),
        "{}",
        c.evidence
    );
}
