//! Table tests in the style of `volume_binding_test.go` / `binder_test.go`: each case states
//! the PreFilter status or the per-node Filter statuses kube-scheduler expects.

use crate::cluster::config::PluginName::VolumeBinding;
use crate::cluster::model::*;
use crate::cluster::scheduler::testing::*;
use crate::cluster::scheduler::Status;
use crate::cluster::storage::BindingMode::{Immediate, WaitForFirstConsumer};
use crate::cluster::storage::*;

fn unresolvable(reason: &str) -> Status {
    Status::unresolvable(VolumeBinding, reason)
}

struct Case {
    name: &'static str,
    claims: Vec<&'static str>,
    storage: Storage,
    nodes: Vec<Node>,
    want: Result<Vec<Status>, Status>,
}

fn classes() -> Vec<StorageClass> {
    vec![
        class("wait-sc", "", WaitForFirstConsumer),
        class("immediate-sc", "", Immediate),
        class("ebs", EBS_CSI_DRIVER, WaitForFirstConsumer),
        StorageClass {
            allowed_topologies: vec![TopologyTerm {
                match_label_expressions: vec![(LABEL_ZONE.into(), vec!["zone-a".into()])],
            }],
            ..class("ebs-zone-a", EBS_CSI_DRIVER, WaitForFirstConsumer)
        },
    ]
}

fn plain(name: &str) -> Node {
    node(name, 1000, 1 << 30)
}

fn zoned(name: &str, zone: &str) -> Node {
    labeled(plain(name), &[(LABEL_ZONE, zone)])
}

#[test]
fn volume_binding_filters_like_kube_scheduler() {
    let mut pv_a = volume("pv-a", "wait-sc");
    let bound_a = bind(claim("pvc-a", "wait-sc"), &mut pv_a);
    let mut pv_foo = VolumeWith::affinity(volume("pv-a", "wait-sc"), "foo", "bar");
    let bound_foo = bind(claim("pvc-a", "wait-sc"), &mut pv_foo);
    let mut pv_zone_b = VolumeWith::affinity(volume("pv-z", "ebs"), EBS_TOPOLOGY_KEY, "zone-b");
    let bound_zone_b = bind(claim("data", "ebs"), &mut pv_zone_b);
    let mut pv_missing = volume("pv-gone", "wait-sc");
    let bound_missing = bind(claim("pvc-a", "wait-sc"), &mut pv_missing);
    let cases = vec![
        Case {
            name: "a pod without claims: PreFilter skips and every node passes",
            claims: vec![],
            storage: Storage::default(),
            nodes: vec![plain("node-a")],
            want: Ok(vec![ok(VolumeBinding)]),
        },
        Case {
            name: "all bound",
            claims: vec!["pvc-a"],
            storage: Storage { classes: classes(), volumes: vec![pv_a.clone()], claims: vec![bound_a], ..Storage::default() },
            nodes: vec![plain("node-a")],
            want: Ok(vec![ok(VolumeBinding)]),
        },
        Case {
            name: "PVC does not exist",
            claims: vec!["pvc-a"],
            storage: Storage { classes: classes(), ..Storage::default() },
            nodes: vec![plain("node-a")],
            want: Err(unresolvable(r#"persistentvolumeclaim "pvc-a" not found"#)),
        },
        Case {
            name: "part of the PVCs do not exist",
            claims: vec!["pvc-a", "pvc-b"],
            storage: Storage { classes: classes(), volumes: vec![pv_a.clone()], claims: vec![bind(claim("pvc-a", "wait-sc"), &mut pv_a.clone())], ..Storage::default() },
            nodes: vec![plain("node-a")],
            want: Err(unresolvable(r#"persistentvolumeclaim "pvc-b" not found"#)),
        },
        Case {
            name: "immediate claims not bound",
            claims: vec!["pvc-a"],
            storage: Storage { classes: classes(), claims: vec![claim("pvc-a", "immediate-sc")], ..Storage::default() },
            nodes: vec![plain("node-a")],
            want: Err(unresolvable("pod has unbound immediate PersistentVolumeClaims")),
        },
        Case {
            name: "a claim whose class is not found binds immediately, so it is an unbound immediate claim",
            claims: vec!["pvc-a"],
            storage: Storage { classes: classes(), claims: vec![claim("pvc-a", "no-such-class")], ..Storage::default() },
            nodes: vec![plain("node-a")],
            want: Err(unresolvable("pod has unbound immediate PersistentVolumeClaims")),
        },
        Case {
            name: "unbound claims no matches (a WaitForFirstConsumer class without a provisioner)",
            claims: vec!["pvc-a"],
            storage: Storage { classes: classes(), claims: vec![claim("pvc-a", "wait-sc")], ..Storage::default() },
            nodes: vec![plain("node-a")],
            want: Ok(vec![unresolvable(REASON_BIND_CONFLICT)]),
        },
        Case {
            name: "bound and unbound unsatisfied: both reasons, node conflict first",
            claims: vec!["pvc-a", "pvc-b"],
            storage: Storage { classes: classes(), volumes: vec![pv_foo.clone()], claims: vec![bound_foo, claim("pvc-b", "wait-sc")], ..Storage::default() },
            nodes: vec![labeled(plain("node-a"), &[("foo", "barbar")])],
            want: Ok(vec![unresolvable(&format!("{REASON_NODE_CONFLICT}, {REASON_BIND_CONFLICT}"))]),
        },
        Case {
            name: "pv not found",
            claims: vec!["pvc-a"],
            storage: Storage { classes: classes(), claims: vec![bound_missing], ..Storage::default() },
            nodes: vec![plain("node-a")],
            want: Ok(vec![unresolvable(REASON_PV_NOT_EXIST)]),
        },
        Case {
            name: "an EBS volume in zone-b: only the zone-b node has no volume node affinity conflict (the CSI node plugin's zone label is assumed from the node's zone)",
            claims: vec!["data"],
            storage: Storage { classes: classes(), volumes: vec![pv_zone_b.clone()], claims: vec![bound_zone_b], ..Storage::default() },
            nodes: vec![zoned("node-a", "zone-a"), zoned("node-b", "zone-b"), zoned("node-c", "zone-c")],
            want: Ok(vec![unresolvable(REASON_NODE_CONFLICT), ok(VolumeBinding), unresolvable(REASON_NODE_CONFLICT)]),
        },
        Case {
            name: "WaitForFirstConsumer with a provisioner: every node can have a volume provisioned in its zone",
            claims: vec!["data"],
            storage: Storage { classes: classes(), claims: vec![claim("data", "ebs")], ..Storage::default() },
            nodes: vec![zoned("node-a", "zone-a"), zoned("node-b", "zone-b")],
            want: Ok(vec![ok(VolumeBinding), ok(VolumeBinding)]),
        },
        Case {
            name: "allowedTopologies: nodes outside the allowed zones cannot have the volume provisioned",
            claims: vec!["data"],
            storage: Storage { classes: classes(), claims: vec![claim("data", "ebs-zone-a")], ..Storage::default() },
            nodes: vec![zoned("node-a", "zone-a"), zoned("node-b", "zone-b")],
            want: Ok(vec![ok(VolumeBinding), unresolvable(REASON_BIND_CONFLICT)]),
        },
        Case {
            name: "local volumes: an available PV with the node's hostname affinity matches only there",
            claims: vec!["pvc-a"],
            storage: Storage {
                classes: classes(),
                volumes: vec![VolumeWith::affinity(volume("pv-a-0", "wait-sc"), LABEL_HOSTNAME, "node-a"), VolumeWith::affinity(volume("pv-b-0", "wait-sc"), LABEL_HOSTNAME, "node-b")],
                claims: vec![claim("pvc-a", "wait-sc")],
                ..Storage::default()
            },
            nodes: vec![plain("node-a"), plain("node-b"), plain("node-c")],
            want: Ok(vec![ok(VolumeBinding), ok(VolumeBinding), unresolvable(REASON_BIND_CONFLICT)]),
        },
        Case {
            name: "a PV too small for the claim does not match",
            claims: vec!["pvc-a"],
            storage: Storage {
                classes: classes(),
                volumes: vec![PersistentVolume { capacity: 1 << 20, ..volume("pv-small", "wait-sc") }],
                claims: vec![claim("pvc-a", "wait-sc")],
                ..Storage::default()
            },
            nodes: vec![plain("node-a")],
            want: Ok(vec![unresolvable(REASON_BIND_CONFLICT)]),
        },
        Case {
            name: "a claim being provisioned for another node (selected-node) fails elsewhere",
            claims: vec!["data"],
            storage: Storage { classes: classes(), claims: vec![PersistentVolumeClaim { selected_node: Some("node-a".into()), ..claim("data", "ebs") }], ..Storage::default() },
            nodes: vec![zoned("node-a", "zone-a"), zoned("node-b", "zone-b")],
            want: Ok(vec![ok(VolumeBinding), unresolvable(REASON_BIND_CONFLICT)]),
        },
    ];
    for case in cases {
        let incoming = with_claims(pod("pod-a"), &case.claims);
        let got = filter_storage(VolumeBinding, &incoming, &case.nodes, &[], case.storage);
        assert_eq!(got, case.want, "{}", case.name);
    }
}

/// Builders for PVs with node affinity.
struct VolumeWith;

impl VolumeWith {
    fn affinity(mut pv: PersistentVolume, key: &str, value: &str) -> PersistentVolume {
        pv.node_affinity = affinity(key, &[value]);
        pv
    }
}

#[test]
fn binding_a_pod_provisions_its_waiting_claim_in_the_nodes_zone_and_pins_it_there() {
    let mut storage = Storage {
        classes: classes(),
        claims: vec![claim("data", "ebs")],
        ..Storage::default()
    };
    let b = zoned("node-b", "us-east-1b");
    let bound = storage.bind_for_pod("default", &["data".into()], &b);
    assert!(matches!(&bound[..], [Bound::Provisioned { zone: Some(z), .. }] if z == "us-east-1b"));
    let pv = storage
        .volume(storage.claims[0].volume_name.as_deref().unwrap())
        .unwrap();
    assert_eq!(pv_zone(pv).as_deref(), Some("us-east-1b"));
    assert_eq!(pv.csi_driver.as_deref(), Some(EBS_CSI_DRIVER));
    assert!(storage.is_bound(&storage.claims[0]));
    assert!(pv_fits_node(pv, &volume_node(&b)));
    assert!(!pv_fits_node(
        pv,
        &volume_node(&zoned("node-a", "us-east-1a"))
    ));
}

#[test]
fn an_immediate_claim_is_provisioned_in_the_first_allowed_zone_in_sorted_order() {
    let zones: Vec<String> = ["us-east-1c", "us-east-1a", "us-east-1b"]
        .map(String::from)
        .to_vec();
    let cases = [
        (
            "no allowedTopologies: the first zone of the cluster",
            vec![],
            "us-east-1a",
        ),
        (
            "allowedTopologies name b and c: b",
            vec!["us-east-1c", "us-east-1b"],
            "us-east-1b",
        ),
    ];
    for (name, allowed, want) in cases {
        let mut c = class("gp3", EBS_CSI_DRIVER, Immediate);
        if !allowed.is_empty() {
            c.allowed_topologies = vec![TopologyTerm {
                match_label_expressions: vec![(
                    EBS_TOPOLOGY_KEY.into(),
                    allowed.iter().map(|s| s.to_string()).collect(),
                )],
            }];
        }
        let mut storage = Storage {
            classes: vec![c],
            claims: vec![claim("data", "gp3")],
            ..Storage::default()
        };
        let b = storage.bind_immediate("default", "data", &zones);
        match b {
            Some(Bound::Provisioned {
                zone: Some(z),
                immediate: true,
                ..
            }) => assert_eq!(z, want, "{name}"),
            other => panic!("{name}: {other:?}"),
        }
    }
}
