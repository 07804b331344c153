//! InterPodAffinity table tests after kube-scheduler's `filtering_test.go` and
//! `scoring_test.go`: required (anti-)affinity and its symmetry filter; preferred weights and
//! hardPodAffinityWeight score.

use crate::cluster::config::PluginName::InterPodAffinity;
use crate::cluster::model::*;
use crate::cluster::scheduler::testing::*;
use crate::cluster::scheduler::{AffinityCount, AffinityRule, FilterCounts, Status};

fn term(key: &str, value: &str, topology: &str) -> PodAffinityTerm {
    PodAffinityTerm {
        label_selector: Some(LabelSelector {
            match_labels: Labels::new(),
            match_expressions: vec![Requirement {
                key: key.into(),
                operator: SelectorOperator::In,
                values: vec![value.into()],
            }],
        }),
        namespaces: vec![],
        namespace_selector: None,
        topology_key: topology.into(),
    }
}

fn with_affinity(p: Pod, required: Vec<PodAffinityTerm>, anti: Vec<PodAffinityTerm>) -> Pod {
    let mut p = p;
    if !required.is_empty() {
        p.affinity.pod_affinity = Some(PodAffinity {
            required,
            preferred: vec![],
        });
    }
    if !anti.is_empty() {
        p.affinity.pod_anti_affinity = Some(PodAffinity {
            required: anti,
            preferred: vec![],
        });
    }
    p
}

// filtering_test.go TestRequiredAffinitySingleNode.
#[test]
fn filter_checks_required_affinity_anti_affinity_and_symmetry() {
    let region = |n: &str| labeled(node(n, 1000, 1000), &[("region", "r1"), ("zone", "z11")]);
    let sec = |n: &str| {
        on(
            with_labels(pod(n), &[("service", "securityscan")]),
            "machine1",
        )
    };
    let nodes = [region("machine1")];
    let affinity_fail = Status::unresolvable(InterPodAffinity, super::REASON_AFFINITY);
    let cases: Vec<(&str, Pod, Vec<Pod>, Status)> = vec![
        ("A pod that has no required pod affinity scheduling rules can schedule onto a node with no existing pods", pod("p"), vec![], ok(InterPodAffinity)),
        ("satisfies with requiredDuringSchedulingIgnoredDuringExecution in PodAffinity using In operator that matches the existing pod",
            with_affinity(pod("p"), vec![term("service", "securityscan", "region")], vec![]), vec![sec("e")], ok(InterPodAffinity)),
        ("Does not satisfy the PodAffinity with labelSelector because of diff Namespace",
            with_affinity(pod("p"), vec![term("service", "securityscan", "region")], vec![]), vec![{ let mut e = sec("e"); e.namespace = "other".into(); e }], affinity_fail.clone()),
        ("Doesn't satisfy the PodAffinity because of unmatching labelSelector with the existing pod",
            with_affinity(pod("p"), vec![term("service", "antivirusscan", "region")], vec![]), vec![sec("e")], affinity_fail),
        ("satisfies the PodAffinity but doesn't satisfy the PodAntiAffinity with the existing pod",
            with_affinity(pod("p"), vec![term("service", "securityscan", "region")], vec![term("service", "securityscan", "zone")]), vec![sec("e")],
            Status::unschedulable(InterPodAffinity, super::REASON_ANTI_AFFINITY)),
        ("satisfies the PodAffinity and PodAntiAffinity but doesn't satisfy PodAntiAffinity symmetry with the existing pod",
            with_labels(pod("p"), &[("service", "securityscan")]),
            vec![with_affinity(sec("e"), vec![], vec![term("service", "securityscan", "zone")])],
            Status::unschedulable(InterPodAffinity, super::REASON_EXISTING_ANTI_AFFINITY)),
        ("pod matches its own Label in PodAffinity and that matches the existing pod Labels... or is the first of its kind",
            with_affinity(with_labels(pod("p"), &[("service", "securityscan")]), vec![term("service", "securityscan", "region")], vec![]), vec![], ok(InterPodAffinity)),
    ];
    for (name, p, existing, want) in cases {
        assert_eq!(
            filter(InterPodAffinity, &p, &nodes, &existing)[0],
            want,
            "{name}"
        );
        // The counts a full explanation shows agree with the verdict (docs/SEMANTICS.md#k9).
        let (status, counts) = &filter_counts(InterPodAffinity, &p, &nodes, &existing)[0];
        if let Some(FilterCounts::InterPodAffinity(c)) = counts {
            assert_eq!(
                c.iter().all(|c| c.satisfied),
                status.is_success(),
                "{name}: {c:?}"
            );
        }
    }
}

#[test]
fn counts_name_the_term_and_the_matching_pods_in_the_nodes_domain() {
    let nodes = [
        labeled(node("m1", 1000, 1000), &[("zone", "z1")]),
        labeled(node("m2", 1000, 1000), &[("zone", "z2")]),
    ];
    let sec = |n: &str, node: &str| on(with_labels(pod(n), &[("service", "securityscan")]), node);
    // Anti-affinity to securityscan pods per zone: one in z1, none in z2.
    let anti = with_affinity(
        pod("p"),
        vec![],
        vec![term("service", "securityscan", "zone")],
    );
    let got = filter_counts(InterPodAffinity, &anti, &nodes, &[sec("e", "m1")]);
    let want = |zone: &str, n: i64| AffinityCount {
        rule: AffinityRule::AntiAffinity,
        term: Some(0),
        selector: Some("service in (securityscan)".into()),
        topology_key: "zone".into(),
        value: Some(zone.into()),
        matching_pods: n,
        pods: vec![],
        first_of_group: false,
        satisfied: n == 0,
    };
    assert_eq!(
        got[0].1,
        Some(FilterCounts::InterPodAffinity(vec![want("z1", 1)]))
    );
    assert_eq!(
        got[1].1,
        Some(FilterCounts::InterPodAffinity(vec![want("z2", 0)]))
    );
    // Symmetry: an existing pod's anti-affinity matching the incoming pod is named.
    let guard = with_affinity(
        sec("e", "m1"),
        vec![],
        vec![term("service", "securityscan", "zone")],
    );
    let incoming = with_labels(pod("p"), &[("service", "securityscan")]);
    let got = filter_counts(InterPodAffinity, &incoming, &nodes, &[guard]);
    let Some(FilterCounts::InterPodAffinity(c)) = &got[0].1 else {
        panic!("{got:?}");
    };
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].rule, AffinityRule::ExistingAntiAffinity);
    assert_eq!(
        (c[0].matching_pods, c[0].pods.clone()),
        (1, vec!["default/e".to_string()])
    );
    assert_eq!(got[1].1, Some(FilterCounts::InterPodAffinity(vec![])));
}

// scoring_test.go TestPreferredAffinity "Affinity: pod that matches topology key & pods in nodes will get high score
// comparing to others" — preferred affinity weight 5 to pods in region China.
#[test]
fn preferred_affinity_scores_the_matching_domain_highest() {
    let nodes = [
        labeled(node("node1", 1, 1), &[("region", "China")]),
        labeled(node("node2", 1, 1), &[("region", "India")]),
        labeled(node("node3", 1, 1), &[("az", "az1")]),
    ];
    let mut p = pod("p");
    p.affinity.pod_affinity = Some(PodAffinity {
        required: vec![],
        preferred: vec![WeightedPodAffinityTerm {
            weight: 5,
            term: term("security", "S1", "region"),
        }],
    });
    let existing = [on(with_labels(pod("e"), &[("security", "S1")]), "node1")];
    assert_eq!(
        score(InterPodAffinity, &p, &nodes, &existing),
        Some(vec![100, 0, 0])
    );
    // Anti-affinity: the node with the matching pod gets the lowest score.
    let mut anti = pod("p");
    anti.affinity.pod_anti_affinity = Some(PodAffinity {
        required: vec![],
        preferred: vec![WeightedPodAffinityTerm {
            weight: 5,
            term: term("security", "S1", "region"),
        }],
    });
    assert_eq!(
        score(InterPodAffinity, &anti, &nodes, &existing),
        Some(vec![0, 100, 100])
    );
    assert_eq!(
        score(InterPodAffinity, &pod("p"), &nodes, &existing),
        None,
        "nothing to compute: PreScore skips"
    );
}

// scoring_test.go TestPreferredAffinityWithHardPodAffinitySymmetricWeight: an existing pod's *required*
// affinity to the incoming pod counts hardPodAffinityWeight for the incoming pod's score.
#[test]
fn existing_required_affinity_counts_hard_pod_affinity_weight() {
    use crate::cluster::config::Profile;
    let nodes = [
        labeled(node("node1", 1, 1), &[("region", "China")]),
        labeled(node("node2", 1, 1), &[("region", "India")]),
        labeled(node("node3", 1, 1), &[("az", "az1")]),
    ];
    let existing = [on(
        with_affinity(pod("e"), vec![term("service", "S1", "region")], vec![]),
        "node1",
    )];
    let incoming = with_labels(pod("p"), &[("service", "S1")]);
    let mut profile: Profile = profile_with(InterPodAffinity);
    profile.args.hard_pod_affinity_weight = 1;
    assert_eq!(
        score_with(
            profile.clone(),
            InterPodAffinity,
            &incoming,
            &nodes,
            &existing,
            &[]
        ),
        Some(vec![100, 0, 0])
    );
    // "Hard Pod Affinity symmetry: hard pod affinity symmetric weights 0": nothing to score, so PreScore
    // skips (kube's expected scores are all 0).
    profile.args.hard_pod_affinity_weight = 0;
    assert_eq!(
        score_with(profile, InterPodAffinity, &incoming, &nodes, &existing, &[]),
        None
    );
}
