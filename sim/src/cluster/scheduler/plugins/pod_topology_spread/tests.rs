//! PodTopologySpread table tests after kube-scheduler's `filtering_test.go` and `scoring_test.go`:
//! maxSkew and minDomains filtering, normalized scores, system default constraints.

use crate::cluster::config::PluginName::PodTopologySpread;
use crate::cluster::config::Profile;
use crate::cluster::model::*;
use crate::cluster::scheduler::testing::*;
use crate::cluster::scheduler::Status;

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
