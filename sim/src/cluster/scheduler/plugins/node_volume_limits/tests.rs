//! Table tests in the style of `csi_test.go`: attach limits from CSINode, volumes already on
//! the node counted once, unbound claims counted through their class's provisioner.

use crate::cluster::config::PluginName::NodeVolumeLimits;
use crate::cluster::model::*;
use crate::cluster::scheduler::testing::*;
use crate::cluster::scheduler::Status;
use crate::cluster::storage::BindingMode::WaitForFirstConsumer;
use crate::cluster::storage::*;

/// PreFilter rejection or the per-node statuses.
type Want = Result<Vec<Status>, Status>;

/// (case, the pod's claims, the claims of each pod already on the node, the attach limit, want).
type Row = (
    &'static str,
    Vec<&'static str>,
    Vec<Vec<&'static str>>,
    Option<i64>,
    Want,
);

/// Bound EBS claims `ebs-0` … `ebs-3` (handles vol-0 … vol-3), unbound `ebs-new-0/1` of the gp3
/// class, and the node's CSINode with `limit` (None = no CSINode).
fn storage(limit: Option<i64>) -> Storage {
    let mut s = Storage {
        classes: vec![class("gp3", EBS_CSI_DRIVER, WaitForFirstConsumer)],
        ..Storage::default()
    };
    for i in 0..4 {
        let mut pv = volume(&format!("pv-{i}"), "gp3");
        pv.csi_driver = Some(EBS_CSI_DRIVER.into());
        pv.volume_handle = format!("vol-{i}");
        s.claims
            .push(bind(claim(&format!("ebs-{i}"), "gp3"), &mut pv));
        s.volumes.push(pv);
    }
    s.claims.push(claim("ebs-new-0", "gp3"));
    s.claims.push(claim("ebs-new-1", "gp3"));
    if let Some(l) = limit {
        s.csi_nodes.push(CsiNode {
            name: "node-1".into(),
            limits: [(EBS_CSI_DRIVER.to_string(), l)].into(),
        });
    }
    s
}

#[test]
fn node_volume_limits_count_attached_volumes_like_kube_scheduler() {
    let exceed = || Ok(vec![Status::unschedulable(NodeVolumeLimits, super::REASON)]);
    let pass = || Ok(vec![ok(NodeVolumeLimits)]);
    let cases: Vec<Row> = vec![
        (
            "fits when the limit is not exceeded",
            vec!["ebs-0", "ebs-1"],
            vec![vec!["ebs-2"]],
            Some(4),
            pass(),
        ),
        (
            "doesn't fit when the limit is exceeded",
            vec!["ebs-0", "ebs-1"],
            vec![vec!["ebs-2", "ebs-3"]],
            Some(3),
            exceed(),
        ),
        (
            "exactly at the limit fits",
            vec!["ebs-0", "ebs-1"],
            vec![vec!["ebs-2", "ebs-3"]],
            Some(4),
            pass(),
        ),
        (
            "a volume already attached by another pod on the node is not counted twice",
            vec!["ebs-0", "ebs-1"],
            vec![vec!["ebs-0", "ebs-1"]],
            Some(2),
            pass(),
        ),
        (
            "unbound claims count through their class's provisioner",
            vec!["ebs-new-0", "ebs-new-1"],
            vec![vec!["ebs-0"]],
            Some(2),
            exceed(),
        ),
        (
            "no CSINode: no limit",
            vec!["ebs-0", "ebs-1"],
            vec![vec!["ebs-2", "ebs-3"]],
            None,
            pass(),
        ),
        (
            "a zero limit refuses any new volume",
            vec!["ebs-0"],
            vec![],
            Some(0),
            exceed(),
        ),
        (
            "a missing claim is unresolvable",
            vec!["ebs-nope"],
            vec![],
            Some(10),
            Ok(vec![Status::unresolvable(
                NodeVolumeLimits,
                r#"looking up PVC default/ebs-nope: persistentvolumeclaim "ebs-nope" not found"#,
            )]),
        ),
    ];
    for (name, new_claims, existing_claims, limit, want) in cases {
        let nodes = vec![node("node-1", 8000, 1 << 34)];
        let existing: Vec<Pod> = existing_claims
            .iter()
            .enumerate()
            .map(|(i, c)| on(with_claims(pod(&format!("existing-{i}")), c), "node-1"))
            .collect();
        let incoming = with_claims(pod("incoming"), &new_claims);
        let got = filter_storage(
            NodeVolumeLimits,
            &incoming,
            &nodes,
            &existing,
            storage(limit),
        );
        assert_eq!(got, want, "{name}");
    }
}
