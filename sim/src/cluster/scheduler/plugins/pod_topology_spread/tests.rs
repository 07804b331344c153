//! PodTopologySpread table tests after kube-scheduler's `filtering_test.go` and `scoring_test.go`:
//! maxSkew and minDomains filtering, normalized scores, system default constraints.

use crate::cluster::config::PluginName::PodTopologySpread;
use crate::cluster::config::Profile;
use crate::cluster::model::*;
use crate::cluster::scheduler::testing::*;
use crate::cluster::scheduler::{FilterCounts, SpreadCount, Status};

fn spread(p: Pod, max_skew: i32, key: &str, when: WhenUnsatisfiable, selector_foo: bool) -> Pod {
    let mut p = p;
    let selector = selector_foo.then(|| LabelSelector {
        match_labels: Labels::new(),
        match_expressions: vec![Requirement {
            key: "foo".into(),
            operator: SelectorOperator::Exists,
            values: vec![],
        }],
    });
    p.topology_spread_constraints
        .push(TopologySpreadConstraint {
            max_skew,
            topology_key: key.into(),
            when_unsatisfiable: when,
            label_selector: selector,
            min_domains: None,
            match_label_keys: vec![],
            node_affinity_policy: None,
            node_taints_policy: None,
        });
    p
}

fn zoned(name: &str, zone: &str) -> Node {
    labeled(node(name, 1000, 1000), &[("zone", zone), ("node", name)])
}

fn foo_pod(name: &str, node: &str) -> Pod {
    on(with_labels(pod(name), &[("foo", "")]), node)
}

// filtering_test.go TestSingleConstraint "pods spread across zones as 3/3, all nodes fit" and
// "pods spread across zones as 1/2 due to absence of label 'zone' on node-b" style cases.
#[test]
fn filter_rejects_nodes_whose_domain_would_exceed_max_skew() {
    let nodes = [
        zoned("node-a", "zone1"),
        zoned("node-b", "zone1"),
        zoned("node-x", "zone2"),
        zoned("node-y", "zone2"),
    ];
    let incoming = spread(
        with_labels(pod("p"), &[("foo", "")]),
        1,
        "zone",
        WhenUnsatisfiable::DoNotSchedule,
        true,
    );
    // "pods spread across zones as 3/1, only nodes in zone2 fit" (maxSkew 1).
    let existing = [
        foo_pod("p-a1", "node-a"),
        foo_pod("p-a2", "node-a"),
        foo_pod("p-b1", "node-b"),
        foo_pod("p-y1", "node-y"),
    ];
    let got = filter(PodTopologySpread, &incoming, &nodes, &existing);
    let no = Status::unschedulable(PodTopologySpread, super::REASON);
    assert_eq!(
        got,
        vec![no.clone(), no, ok(PodTopologySpread), ok(PodTopologySpread)]
    );
    // "no existing pods": every node fits.
    let got = filter(PodTopologySpread, &incoming, &nodes, &[]);
    assert!(
        got.iter().all(|s| s.is_success()),
        "no existing pods: {got:?}"
    );
    // A node without the topology key is unresolvable.
    let bare = [node("bare", 1000, 1000)];
    assert_eq!(
        filter(PodTopologySpread, &incoming, &bare, &[])[0],
        Status::unresolvable(PodTopologySpread, super::REASON_MISSING_LABEL)
    );
}

// filtering_test.go "minDomains is greater than the number of domains": the global minimum becomes 0.
#[test]
fn min_domains_above_the_domain_count_makes_the_global_minimum_zero() {
    let nodes = [zoned("node-a", "zone1"), zoned("node-x", "zone2")];
    let mut incoming = spread(
        with_labels(pod("p"), &[("foo", "")]),
        1,
        "zone",
        WhenUnsatisfiable::DoNotSchedule,
        true,
    );
    incoming.topology_spread_constraints[0].min_domains = Some(3);
    let existing = [foo_pod("p-a1", "node-a"), foo_pod("p-x1", "node-x")];
    // Both domains hold 1 pod: skew = 1 + 1 − 0 = 2 > 1 everywhere.
    let got = filter(PodTopologySpread, &incoming, &nodes, &existing);
    assert!(
        got.iter()
            .all(|s| s.code == crate::cluster::scheduler::Code::Unschedulable),
        "{got:?}"
    );
}

// scoring_test.go TestPodTopologySpreadScore "one constraint on node, all 4 nodes have labels":
// matching pods 2 / 1 / 0 / 3 → raw round(cnt·ln 6) = 4 / 2 / 0 / 5 → normalized 20 / 60 / 100 / 0.
#[test]
fn score_normalizes_hostname_counts_like_kube_scheduler() {
    let nodes: Vec<Node> = ["node-a", "node-b", "node-c", "node-d"]
        .iter()
        .map(|n| node(n, 1000, 1000))
        .collect();
    let incoming = spread(
        with_labels(pod("p"), &[("foo", "")]),
        1,
        LABEL_HOSTNAME,
        WhenUnsatisfiable::ScheduleAnyway,
        true,
    );
    let existing = [
        foo_pod("p-a1", "node-a"),
        foo_pod("p-a2", "node-a"),
        foo_pod("p-b1", "node-b"),
        foo_pod("p-d1", "node-d"),
        foo_pod("p-d2", "node-d"),
        foo_pod("p-d3", "node-d"),
    ];
    assert_eq!(
        score(PodTopologySpread, &incoming, &nodes, &existing),
        Some(vec![20, 60, 100, 0])
    );
}

// scoring_test.go "one constraint on node, all 4 nodes have labels" with no constraints: PreScore skips.
#[test]
fn pods_without_constraints_or_default_selectors_are_skipped() {
    let nodes = [node("node-a", 1000, 1000)];
    assert_eq!(score(PodTopologySpread, &pod("p"), &nodes, &[]), None);
}

// System default constraints (docs/SEMANTICS.md#k8): a pod selected by a Service spreads by hostname (maxSkew 3)
// and zone (maxSkew 5) with ScheduleAnyway.
#[test]
fn system_defaults_apply_to_pods_selected_by_a_service() {
    let nodes = [
        labeled(node("a", 1000, 1000), &[(LABEL_ZONE, "z1")]),
        labeled(node("b", 1000, 1000), &[(LABEL_ZONE, "z2")]),
    ];
    let web = |n: &str, on_node: &str| on(with_labels(pod(n), &[("app", "web")]), on_node);
    let existing = [web("w1", "a"), web("w2", "a")];
    let svc = Service {
        name: "web".into(),
        namespace: "default".into(),
        selector: Some([("app".to_string(), "web".to_string())].into()),
        ports: vec![80],
    };
    let incoming = with_labels(pod("p"), &[("app", "web")]);
    let profile: Profile = profile_with(PodTopologySpread);
    // a: hostname 2·ln4 + 2, zone 2·ln4 + 4 → round(2.77+2+2.77+4) = 12; b: 0 + 2 + 0 + 4 = 6.
    // normalized: a 100·(12+6−12)/12 = 50, b 100·(12+6−6)/12 = 100.
    assert_eq!(
        score_with(
            profile.clone(),
            PodTopologySpread,
            &incoming,
            &nodes,
            &existing,
            std::slice::from_ref(&svc)
        ),
        Some(vec![50, 100])
    );
    // Without the Service there is no default selector: skipped.
    assert_eq!(
        score_with(
            profile,
            PodTopologySpread,
            &incoming,
            &nodes,
            &existing,
            &[]
        ),
        None
    );
}

/// `n` pods labelled foo on `node`, named after it.
fn foo_pods(node: &str, n: usize) -> Vec<Pod> {
    (0..n)
        .map(|i| foo_pod(&format!("p-{node}{i}"), node))
        .collect()
}

// scoring_test.go TestPodTopologySpreadScore, the cases where some nodes failed Filter (their
// pods still count) or a candidate lacks the topology key (it scores 0 and is left out of the
// domain count), a terminating pod, and system defaulting from a Service or a StatefulSet.
#[test]
fn scores_match_kube_scheduler_when_candidates_lack_the_key_or_failed_filter() {
    let hostname_only = |name: &str| node(name, 1000, 1000);
    let without_hostname = |name: &str| {
        let mut n = node(name, 1000, 1000);
        n.labels.remove(LABEL_HOSTNAME);
        labeled(n, &[("n", name)])
    };
    let in_zone = |name: &str, zone: &str| labeled(node(name, 1000, 1000), &[("zone", zone)]);
    let foo = || with_labels(pod("p"), &[("foo", "")]);
    let any = WhenUnsatisfiable::ScheduleAnyway;
    let on_host = |max_skew| spread(foo(), max_skew, LABEL_HOSTNAME, any, true);
    let spread_4_2_1_3 = [
        foo_pods("node-a", 4),
        foo_pods("node-b", 2),
        foo_pods("node-x", 1),
        foo_pods("node-y", 3),
    ]
    .concat();
    let mut terminating = foo_pod("p-a", "node-a");
    terminating.deletion_timestamp = Some(0);
    let svc = Service {
        name: "s".into(),
        namespace: "default".into(),
        selector: Some([("foo".to_string(), String::new())].into()),
        ports: vec![],
    };
    let sts = StatefulSet {
        name: "db".into(),
        namespace: "default".into(),
        replicas: 4,
        selector: LabelSelector {
            match_labels: [("foo".to_string(), String::new())].into(),
            match_expressions: vec![],
        },
        template: PodTemplate {
            labels: Labels::new(),
            spec: pod("t"),
        },
        parallel: false,
        volume_claim_templates: vec![],
    };
    let spread_4_3_2_1 = [
        foo_pods("node-a", 4),
        foo_pods("node-b", 3),
        foo_pods("node-c", 2),
        foo_pods("node-d", 1),
    ]
    .concat();
    let four = || {
        ["node-a", "node-b", "node-c", "node-d"]
            .map(hostname_only)
            .to_vec()
    };
    struct Case<'a> {
        name: &'a str,
        incoming: Pod,
        nodes: Vec<Node>,
        existing: Vec<Pod>,
        feasible: Vec<usize>,
        services: &'a [Service],
        stateful_sets: &'a [StatefulSet],
        want: Vec<i64>,
    }
    let cases = [
        Case {
            name: "one constraint on node, 3 out of 4 nodes are candidates",
            incoming: on_host(1),
            nodes: ["node-a", "node-b", "node-x", "node-y"]
                .map(hostname_only)
                .to_vec(),
            existing: spread_4_2_1_3.clone(),
            feasible: vec![0, 1, 2],
            services: &[],
            stateful_sets: &[],
            want: vec![33, 83, 100],
        },
        Case {
            name: "one constraint on node, 3 out of 4 candidates, one lacks the topology key",
            incoming: on_host(1),
            nodes: vec![
                hostname_only("node-a"),
                without_hostname("node-b"),
                hostname_only("node-x"),
                hostname_only("node-y"),
            ],
            existing: spread_4_2_1_3.clone(),
            feasible: vec![0, 1, 2],
            services: &[],
            stateful_sets: &[],
            want: vec![16, 0, 100],
        },
        Case {
            name: "one constraint on zone, 3 out of 4 nodes are candidates",
            incoming: spread(foo(), 1, "zone", any, true),
            nodes: vec![
                in_zone("node-a", "zone1"),
                in_zone("node-b", "zone1"),
                in_zone("node-x", "zone2"),
                in_zone("node-y", "zone2"),
            ],
            existing: spread_4_2_1_3.clone(),
            feasible: vec![0, 1, 2],
            services: &[],
            stateful_sets: &[],
            want: vec![75, 75, 100],
        },
        Case {
            name: "two constraints on zone and node, 2 out of 4 nodes are candidates",
            incoming: spread(on_host(1), 1, "zone", any, true),
            nodes: vec![
                in_zone("node-a", "zone1"),
                in_zone("node-b", "zone1"),
                in_zone("node-x", "zone2"),
                in_zone("node-y", "zone2"),
            ],
            existing: [
                foo_pods("node-a", 2),
                foo_pods("node-b", 1),
                foo_pods("node-x", 2),
                foo_pods("node-y", 4),
            ]
            .concat(),
            feasible: vec![0, 2],
            services: &[],
            stateful_sets: &[],
            want: vec![100, 63],
        },
        Case {
            name: "terminating pods are excluded",
            incoming: on_host(1),
            nodes: ["node-a", "node-b"].map(hostname_only).to_vec(),
            existing: vec![terminating, foo_pod("p-b", "node-b")],
            feasible: vec![0, 1],
            services: &[],
            stateful_sets: &[],
            want: vec![100, 0],
        },
        Case {
            name: "system defaulting, nodes without zone, pods selected by a Service",
            incoming: foo(),
            nodes: four(),
            existing: spread_4_3_2_1.clone(),
            feasible: vec![0, 1, 2, 3],
            services: std::slice::from_ref(&svc),
            stateful_sets: &[],
            want: vec![44, 66, 77, 100],
        },
        Case {
            name: "system defaulting, nodes without zone, pods selected by a StatefulSet",
            incoming: foo(),
            nodes: four(),
            existing: spread_4_3_2_1.clone(),
            feasible: vec![0, 1, 2, 3],
            services: &[],
            stateful_sets: std::slice::from_ref(&sts),
            want: vec![44, 66, 77, 100],
        },
    ];
    for c in cases {
        let w = crate::cluster::scheduler::Workloads {
            services: c.services,
            stateful_sets: c.stateful_sets,
            ..Default::default()
        };
        let got = score_feasible(
            profile_with(PodTopologySpread),
            PodTopologySpread,
            &c.incoming,
            &c.nodes,
            &c.existing,
            w,
            &c.feasible,
        );
        assert_eq!(got, Some(c.want), "{}", c.name);
    }
}

// The 3/1 case of filter_rejects_nodes_whose_domain_would_exceed_max_skew, with the numbers a
// full explanation shows (docs/SEMANTICS.md#k8): skew = matching + self − global minimum.
#[test]
fn counts_give_the_domain_the_matching_pods_the_minimum_and_the_skew_behind_each_verdict() {
    let nodes = [
        zoned("node-a", "zone1"),
        zoned("node-b", "zone1"),
        zoned("node-x", "zone2"),
        zoned("node-y", "zone2"),
        node("bare", 1000, 1000),
    ];
    let incoming = spread(
        with_labels(pod("p"), &[("foo", "")]),
        1,
        "zone",
        WhenUnsatisfiable::DoNotSchedule,
        true,
    );
    let existing = [
        foo_pod("p-a1", "node-a"),
        foo_pod("p-a2", "node-a"),
        foo_pod("p-b1", "node-b"),
        foo_pod("p-y1", "node-y"),
    ];
    let count = |zone: Option<&str>, matching, skew: Option<i64>| SpreadCount {
        topology_key: "zone".into(),
        value: zone.map(str::to_string),
        matching_pods: matching,
        self_match: true,
        global_minimum: Some(1),
        eligible_domains: 2,
        min_domains: None,
        skew,
        max_skew: 1,
        satisfied: skew.is_some_and(|s| s <= 1),
    };
    let want = [
        count(Some("zone1"), 3, Some(3)),
        count(Some("zone1"), 3, Some(3)),
        count(Some("zone2"), 1, Some(1)),
        count(Some("zone2"), 1, Some(1)),
        count(None, 0, None),
    ];
    let got = filter_counts(PodTopologySpread, &incoming, &nodes, &existing);
    for ((status, counts), want) in got.iter().zip(want) {
        let Some(FilterCounts::TopologySpread(c)) = counts else {
            panic!("spread counts on every node: {counts:?}");
        };
        assert_eq!(c, &vec![want.clone()]);
        assert_eq!(
            status.is_success(),
            want.satisfied,
            "{status:?} vs {want:?}"
        );
    }
    // Without a DoNotSchedule constraint PreFilter skips: no counts.
    let anyway = spread(pod("q"), 1, "zone", WhenUnsatisfiable::ScheduleAnyway, true);
    let got = filter_counts(PodTopologySpread, &anyway, &nodes, &existing);
    assert!(got.iter().all(|(_, c)| c.is_none()), "{got:?}");
}
