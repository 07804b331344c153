//! NodeAffinity table tests after kube-scheduler's `node_affinity_test.go`: nodeSelector and
//! required terms filter, preferred weights score normalized to the maximum.

use crate::cluster::config::PluginName::NodeAffinity;
use crate::cluster::model::*;
use crate::cluster::scheduler::testing::*;
use crate::cluster::scheduler::Status;

fn req(key: &str, op: SelectorOperator, values: &[&str]) -> Requirement {
    Requirement {
        key: key.into(),
        operator: op,
        values: values.iter().map(|s| s.to_string()).collect(),
    }
}
fn term(reqs: Vec<Requirement>) -> NodeSelectorTerm {
    NodeSelectorTerm {
        match_expressions: reqs,
        match_fields: vec![],
    }
}
fn required(terms: Vec<NodeSelectorTerm>) -> Pod {
    let mut p = pod("p");
    p.affinity.node_affinity = Some(crate::cluster::model::NodeAffinity {
        required: Some(terms),
        preferred: vec![],
    });
    p
}

// node_affinity_test.go TestNodeAffinity.
#[test]
fn filter_follows_node_selector_and_required_terms() {
    let foo = labeled(node("n", 1, 1), &[("foo", "bar")]);
    let mut sel = pod("p");
    sel.node_selector.insert("foo".into(), "bar".into());
    let mut sel_miss = pod("p");
    sel_miss.node_selector.insert("foo".into(), "baz".into());
    let denied = Status::unresolvable(
        NodeAffinity,
        "node(s) didn't match Pod's node affinity/selector",
    );
    let cases: Vec<(&str, Pod, Node, Status)> = vec![
        ("no selector", pod("p"), foo.clone(), ok(NodeAffinity)),
        (
            "missing labels",
            sel.clone(),
            node("n", 1, 1),
            denied.clone(),
        ),
        ("same labels", sel, foo.clone(), ok(NodeAffinity)),
        (
            "node labels are superset",
            sel_miss,
            foo.clone(),
            denied.clone(),
        ),
        (
            "Pod with matchExpressions using In operator that matches the existing node",
            required(vec![term(vec![req(
                "foo",
                SelectorOperator::In,
                &["bar", "value2"],
            )])]),
            foo.clone(),
            ok(NodeAffinity),
        ),
        (
            "Pod with matchExpressions using Gt operator that matches the existing node",
            required(vec![term(vec![req(
                "kernel-version",
                SelectorOperator::Gt,
                &["0204"],
            )])]),
            labeled(node("n", 1, 1), &[("kernel-version", "0206")]),
            ok(NodeAffinity),
        ),
        (
            "Pod with matchExpressions using NotIn operator that matches the existing node",
            required(vec![term(vec![req(
                "mem-type",
                SelectorOperator::NotIn,
                &["DDR", "DDR2"],
            )])]),
            labeled(node("n", 1, 1), &[("mem-type", "DDR3")]),
            ok(NodeAffinity),
        ),
        (
            "Pod with an empty nodeSelectorTerms in affinity can't be scheduled onto any node",
            required(vec![]),
            foo.clone(),
            denied.clone(),
        ),
        (
            "Pod with an empty term in nodeSelectorTerms can't be scheduled onto any node",
            required(vec![term(vec![])]),
            foo.clone(),
            denied.clone(),
        ),
        (
            "Pod with multiple nodeSelectorTerms ORed in affinity, matches the node's labels",
            required(vec![
                term(vec![req("foo", SelectorOperator::In, &["nope"])]),
                term(vec![req("foo", SelectorOperator::Exists, &[])]),
            ]),
            foo.clone(),
            ok(NodeAffinity),
        ),
        (
            "Pod with matchFields using In operator that does not match the existing node",
            {
                let mut t = term(vec![]);
                t.match_fields
                    .push(req("metadata.name", SelectorOperator::In, &["node2"]));
                required(vec![t])
            },
            foo,
            denied,
        ),
    ];
    for (name, p, n, want) in cases {
        assert_eq!(filter(NodeAffinity, &p, &[n], &[])[0], want, "{name}");
    }
}

// node_affinity_test.go TestNodeAffinityPriority "all nodes matches the preferred scheduling requirements of pod" style:
// weights 2 / 11 / 4 normalize to 18 / 100 / 36.
#[test]
fn score_sums_matching_preferred_weights_and_normalizes_to_the_maximum() {
    let pref = |w: i32, k: &str, v: &str| PreferredSchedulingTerm {
        weight: w,
        preference: term(vec![req(k, SelectorOperator::In, &[v])]),
    };
    let mut p = pod("p");
    p.affinity.node_affinity = Some(crate::cluster::model::NodeAffinity {
        required: None,
        preferred: vec![
            pref(2, "foo", "bar"),
            pref(4, "key", "value"),
            pref(5, "az", "az1"),
        ],
    });
    let nodes = vec![
        labeled(node("node1", 1, 1), &[("foo", "bar")]),
        labeled(
            node("node2", 1, 1),
            &[("foo", "bar"), ("key", "value"), ("az", "az1")],
        ),
        labeled(node("node3", 1, 1), &[("key", "value")]),
    ];
    assert_eq!(
        score(NodeAffinity, &p, &nodes, &[]),
        Some(vec![18, 100, 36])
    );
    assert_eq!(
        score(NodeAffinity, &pod("p"), &nodes, &[]),
        None,
        "no preferred terms: PreScore returns Skip"
    );
}

// node_affinity_test.go TestNodeAffinity / TestNodeAffinityPriority with `addedAffinity` in the
// plugin args: the profile's required terms filter first (ErrReasonEnforced), then the pod's;
// its preferred terms add to the pod's weights.
#[test]
fn added_affinity_in_the_plugin_args_filters_and_scores() {
    use crate::cluster::config::Profile;
    let with_added = |added: crate::cluster::model::NodeAffinity| {
        let mut p: Profile = profile_with(NodeAffinity);
        p.args.node_affinity_added = Some(added);
        p
    };
    let zone_a = term(vec![req("zone", SelectorOperator::In, &["a"])]);
    let added_required = with_added(crate::cluster::model::NodeAffinity {
        required: Some(vec![zone_a.clone()]),
        preferred: vec![],
    });
    let gpu = term(vec![req("gpu", SelectorOperator::Exists, &[])]);
    // (case, pod, node labels, want)
    type Labels<'a> = Vec<(&'a str, &'a str)>;
    let cases: Vec<(&str, Pod, Labels, Status)> = vec![
        (
            "matches added affinity and the pod's node affinity",
            required(vec![gpu.clone()]),
            vec![("zone", "a"), ("gpu", "1")],
            ok(NodeAffinity),
        ),
        (
            "matches added affinity but not the pod's node affinity",
            required(vec![gpu.clone()]),
            vec![("zone", "a")],
            Status::unresolvable(NodeAffinity, super::REASON),
        ),
        (
            "does not match added affinity (a pod without any affinity)",
            pod("p"),
            vec![("zone", "b"), ("gpu", "1")],
            Status::unresolvable(NodeAffinity, super::REASON_ENFORCED),
        ),
    ];
    for (name, p, labels, want) in cases {
        let n = labeled(node("n", 1000, 1000), &labels);
        let got = filter_with(added_required.clone(), NodeAffinity, &p, &[n], &[], &[]);
        assert_eq!(got[0], want, "{name}");
    }
    // Scores: the pod prefers key1 (weight 2), the profile prefers key2 (weight 5).
    let mut p = pod("p");
    p.affinity.node_affinity = Some(crate::cluster::model::NodeAffinity {
        required: None,
        preferred: vec![PreferredSchedulingTerm {
            weight: 2,
            preference: term(vec![req("key1", SelectorOperator::In, &["v"])]),
        }],
    });
    let added_preferred = with_added(crate::cluster::model::NodeAffinity {
        required: None,
        preferred: vec![PreferredSchedulingTerm {
            weight: 5,
            preference: term(vec![req("key2", SelectorOperator::In, &["v"])]),
        }],
    });
    let nodes = [
        labeled(node("n1", 1000, 1000), &[("key1", "v")]),
        labeled(node("n2", 1000, 1000), &[("key2", "v")]),
        labeled(node("n3", 1000, 1000), &[("key1", "v"), ("key2", "v")]),
        node("n4", 1000, 1000),
    ];
    // raw 2 / 5 / 7 / 0 → 100·raw/7.
    assert_eq!(
        score_with(added_preferred.clone(), NodeAffinity, &p, &nodes, &[], &[]),
        Some(vec![28, 71, 100, 0])
    );
    // A pod with no preferences of its own is still scored by the added ones.
    assert_eq!(
        score_with(added_preferred, NodeAffinity, &pod("q"), &nodes, &[], &[]),
        Some(vec![0, 100, 100, 0])
    );
}
