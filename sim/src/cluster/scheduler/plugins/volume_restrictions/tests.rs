//! Table tests in the style of `volume_restrictions_test.go` (ReadWriteOncePod).

use crate::cluster::config::PluginName::VolumeRestrictions;
use crate::cluster::model::*;
use crate::cluster::scheduler::testing::*;
use crate::cluster::scheduler::Status;
use crate::cluster::storage::*;

/// PreFilter rejection or the per-node statuses.
type Want = Result<Vec<Status>, Status>;

/// (case, the pod's claims, (claim, node) of each scheduled user, want).
type Row = (
    &'static str,
    Vec<&'static str>,
    Vec<(&'static str, &'static str)>,
    Want,
);

fn storage() -> Storage {
    let rwop = |name: &str| PersistentVolumeClaim {
        access_modes: vec![AccessMode::ReadWriteOncePod],
        ..claim(name, "gp3")
    };
    Storage {
        claims: vec![
            rwop("claim-with-rwop-1"),
            rwop("claim-with-rwop-2"),
            claim("claim-rwo", "gp3"),
        ],
        ..Storage::default()
    }
}

#[test]
fn read_write_once_pod_claims_are_used_by_one_pod_in_the_cluster() {
    let conflict = Status::unschedulable(VolumeRestrictions, super::REASON_RWOP);
    let pass = ok(VolumeRestrictions);
    let cases: Vec<Row> = vec![
        (
            "nothing",
            vec![],
            vec![],
            Ok(vec![pass.clone(), pass.clone()]),
        ),
        (
            "failed to find the claim",
            vec!["claim-nope"],
            vec![],
            Err(Status::unresolvable(
                VolumeRestrictions,
                r#"persistentvolumeclaim "claim-nope" not found"#,
            )),
        ),
        (
            "a ReadWriteOncePod claim nobody uses",
            vec!["claim-with-rwop-1"],
            vec![],
            Ok(vec![pass.clone(), pass.clone()]),
        ),
        (
            "the claim in use on node-1 conflicts on every node",
            vec!["claim-with-rwop-1"],
            vec![("claim-with-rwop-1", "node-1")],
            Ok(vec![conflict.clone(), conflict.clone()]),
        ),
        (
            "another ReadWriteOncePod claim in use does not conflict",
            vec!["claim-with-rwop-1"],
            vec![("claim-with-rwop-2", "node-1")],
            Ok(vec![pass.clone(), pass.clone()]),
        ),
        (
            "a ReadWriteOnce claim may be shared",
            vec!["claim-rwo"],
            vec![("claim-rwo", "node-1")],
            Ok(vec![pass.clone(), pass.clone()]),
        ),
    ];
    for (name, claims, existing, want) in cases {
        let nodes = vec![node("node-1", 8000, 1 << 34), node("node-2", 8000, 1 << 34)];
        let existing: Vec<Pod> = existing
            .iter()
            .enumerate()
            .map(|(i, (c, n))| on(with_claims(pod(&format!("user-{i}")), &[c]), n))
            .collect();
        let incoming = with_claims(pod("incoming"), &claims);
        let got = filter_storage(VolumeRestrictions, &incoming, &nodes, &existing, storage());
        assert_eq!(got, want, "{name}");
    }
}
