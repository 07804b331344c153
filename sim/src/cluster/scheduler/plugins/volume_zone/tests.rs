//! Table tests in the style of `volume_zone_test.go`: PV zone/region labels against node labels.

use crate::cluster::config::PluginName::VolumeZone;
use crate::cluster::model::*;
use crate::cluster::scheduler::testing::*;
use crate::cluster::scheduler::Status;
use crate::cluster::storage::BindingMode::{Immediate, WaitForFirstConsumer};
use crate::cluster::storage::*;

/// PreFilter rejection or the per-node statuses.
type Want = Result<Vec<Status>, Status>;

fn pv_labeled(name: &str, labels: &[(&str, &str)]) -> PersistentVolume {
    let mut pv = volume(name, "");
    for (k, v) in labels {
        pv.labels.insert((*k).into(), (*v).into());
    }
    pv
}

/// Storage with PVs `vol_1` (zone us-west1-a), `vol_2` (region us-west1), `vol_3`
/// (zone us-west1-c, beta key) and `vol_multi` (us-west1-a__us-west1-b), each bound to the claim
/// `pvc_<n>` of the same suffix, plus claims that are unbound in various ways.
fn storage() -> Storage {
    let pvs = vec![
        pv_labeled("vol_1", &[(LABEL_ZONE, "us-west1-a")]),
        pv_labeled("vol_2", &[(LABEL_REGION, "us-west1")]),
        pv_labeled("vol_3", &[(LABEL_ZONE_BETA, "us-west1-c")]),
        pv_labeled("vol_multi", &[(LABEL_ZONE, "us-west1-a__us-west1-b")]),
    ];
    let mut claims = Vec::new();
    let mut volumes = Vec::new();
    for mut pv in pvs {
        let c = claim(&pv.name.replace("vol", "pvc"), "");
        claims.push(bind(c, &mut pv));
        volumes.push(pv);
    }
    claims.push(claim("pvc_wait", "wait"));
    claims.push(claim("pvc_immediate", "immediate"));
    claims.push(claim("pvc_no_class", ""));
    claims.push(claim("pvc_missing_class", "no-such-class"));
    claims.push(PersistentVolumeClaim {
        volume_name: Some("vol_gone".into()),
        ..claim("pvc_missing_pv", "")
    });
    Storage {
        classes: vec![
            class("wait", EBS_CSI_DRIVER, WaitForFirstConsumer),
            class("immediate", EBS_CSI_DRIVER, Immediate),
        ],
        volumes,
        claims,
        csi_nodes: vec![],
    }
}

fn node_with(labels: &[(&str, &str)]) -> Vec<Node> {
    vec![labeled(node("host1", 1000, 1 << 30), labels)]
}

#[test]
fn volume_zone_filters_like_kube_scheduler() {
    let unresolvable = |r: &str| Status::unresolvable(VolumeZone, r);
    let conflict = || Ok(vec![unresolvable(REASON)]);
    let pass = || Ok(vec![ok(VolumeZone)]);
    use super::REASON;
    let cases: Vec<(&str, &str, Vec<Node>, Want)> = vec![
        (
            "pod without volume",
            "",
            node_with(&[(LABEL_ZONE, "us-west1-a")]),
            pass(),
        ),
        ("node without labels", "pvc_1", node_with(&[]), pass()),
        (
            "label zone failure domain matched",
            "pvc_1",
            node_with(&[(LABEL_ZONE, "us-west1-a"), ("uselessLabel", "none")]),
            pass(),
        ),
        (
            "label zone region matched",
            "pvc_2",
            node_with(&[(LABEL_REGION, "us-west1"), ("uselessLabel", "none")]),
            pass(),
        ),
        (
            "label zone region failed match",
            "pvc_2",
            node_with(&[(LABEL_REGION, "no_us-west1"), ("uselessLabel", "none")]),
            conflict(),
        ),
        (
            "label zone failure domain failed match",
            "pvc_1",
            node_with(&[(LABEL_ZONE, "no_us-west1-a"), ("uselessLabel", "none")]),
            conflict(),
        ),
        (
            "a beta zone label on the PV matches the GA label on the node",
            "pvc_3",
            node_with(&[(LABEL_ZONE, "us-west1-c")]),
            pass(),
        ),
        (
            "several zones joined by __: either matches",
            "pvc_multi",
            node_with(&[(LABEL_ZONE, "us-west1-b")]),
            pass(),
        ),
        (
            "several zones joined by __: another zone fails",
            "pvc_multi",
            node_with(&[(LABEL_ZONE, "us-west1-c")]),
            conflict(),
        ),
        (
            "an unbound WaitForFirstConsumer claim is skipped",
            "pvc_wait",
            node_with(&[(LABEL_ZONE, "us-west1-a")]),
            pass(),
        ),
        (
            "an unbound immediate claim: PersistentVolume had no name",
            "pvc_immediate",
            node_with(&[(LABEL_ZONE, "us-west1-a")]),
            Err(unresolvable("PersistentVolume had no name")),
        ),
        (
            "an unbound claim without a class",
            "pvc_no_class",
            node_with(&[(LABEL_ZONE, "us-west1-a")]),
            Err(unresolvable(
                "PersistentVolumeClaim had no pv name and storageClass name",
            )),
        ),
        (
            "an unbound claim whose class is missing",
            "pvc_missing_class",
            node_with(&[(LABEL_ZONE, "us-west1-a")]),
            Err(unresolvable(
                r#"storageclass.storage.k8s.io "no-such-class" not found"#,
            )),
        ),
        (
            "a claim bound to a missing PV",
            "pvc_missing_pv",
            node_with(&[(LABEL_ZONE, "us-west1-a")]),
            Err(unresolvable(r#"persistentvolume "vol_gone" not found"#)),
        ),
        (
            "a missing claim",
            "pvc_nope",
            node_with(&[(LABEL_ZONE, "us-west1-a")]),
            Err(unresolvable(
                r#"persistentvolumeclaim "pvc_nope" not found"#,
            )),
        ),
    ];
    for (name, claim_name, nodes, want) in cases {
        let claims: Vec<&str> = if claim_name.is_empty() {
            vec![]
        } else {
            vec![claim_name]
        };
        let incoming = with_claims(pod("pod"), &claims);
        let got = filter_storage(VolumeZone, &incoming, &nodes, &[], storage());
        assert_eq!(got, want, "{name}");
    }
}
