//! The storage kinds of a manifest — StorageClass, PersistentVolume, PersistentVolumeClaim,
//! CSINode — plus a pod's `volumes[].persistentVolumeClaim` and a StatefulSet's
//! `volumeClaimTemplates` (docs/SEMANTICS.md#k14, #c15).
//!
//! Guarantees: an unknown `volumeBindingMode` or access mode, a claim without `accessModes` or a
//! storage request, and a PV without capacity are errors naming the field and the value. A
//! claim whose StorageClass is not in the manifests (or that relies on a default class the
//! manifests do not mark) gets an assumed class, said in a warning: the EBS CSI driver with
//! WaitForFirstConsumer, as an EKS cluster's gp2/gp3 classes are.

use serde_json::Value;

use super::{idx, join, quoted, Ctx, Diagnostic, Severity};
use crate::cluster::model::{Cluster, Labels};
use crate::cluster::quantity::parse_value;
use crate::cluster::storage::{
    AccessMode, BindingMode, CsiNode, PersistentVolume, PersistentVolumeClaim, StorageClass,
    TopologyTerm, EBS_CSI_DRIVER,
};
use crate::network::msg::{msg, Text};

/// A claim's class before defaulting: neither `spec.storageClassName` nor the beta annotation.
/// Not a valid object name, so it cannot collide with a real class; resolved by
/// [`resolve_classes`] before anyone reads it.
const UNSET: &str = "\u{0}unset";

const DEFAULT_CLASS_ANNOTATIONS: [&str; 2] = [
    "storageclass.kubernetes.io/is-default-class",
    "storageclass.beta.kubernetes.io/is-default-class",
];

pub(super) fn storage_class(ctx: &mut Ctx, v: &Value, name: String) -> StorageClass {
    let provisioner = ctx.string(v, "provisioner", "").unwrap_or_default();
    if provisioner.is_empty() {
        ctx.error(
            "provisioner",
            msg!(
                "k8s-import-class-needs-provisioner",
                "required (the API server refuses a class without one)"
            ),
        );
    }
    let binding_mode = match ctx.string(v, "volumeBindingMode", "").as_deref() {
        None | Some("Immediate") => BindingMode::Immediate,
        Some("WaitForFirstConsumer") => BindingMode::WaitForFirstConsumer,
        Some(other) => {
            ctx.error(
                "volumeBindingMode",
                msg!(
                    "k8s-import-bad-binding-mode",
                    "{value} is not Immediate or WaitForFirstConsumer",
                    value = quoted(other)
                ),
            );
            BindingMode::Immediate
        }
    };
    let mut allowed_topologies = Vec::new();
    for (i, t) in ctx.list(v, "allowedTopologies", "").iter().enumerate() {
        let tp = idx("", "allowedTopologies", i);
        let mut term = TopologyTerm::default();
        for (j, e) in ctx.list(t, "matchLabelExpressions", &tp).iter().enumerate() {
            let ep = idx(&tp, "matchLabelExpressions", j);
            let key = ctx.string(e, "key", &ep).unwrap_or_default();
            if key.is_empty() {
                ctx.error(&join(&ep, "key"), msg!("k8s-import-required", "required"));
            }
            let values: Vec<String> = ctx
                .list(e, "values", &ep)
                .iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect();
            if values.is_empty() {
                ctx.error(
                    &join(&ep, "values"),
                    msg!("k8s-import-needs-a-value", "must name at least one value"),
                );
            }
            term.match_label_expressions.push((key, values));
        }
        allowed_topologies.push(term);
    }
    let annotations = match v.get("metadata") {
        Some(m) => ctx.string_map(m, "annotations", "metadata"),
        None => Labels::new(),
    };
    let is_default = DEFAULT_CLASS_ANNOTATIONS
        .iter()
        .any(|a| annotations.get(*a).map(String::as_str) == Some("true"));
    StorageClass {
        name,
        provisioner,
        binding_mode,
        allowed_topologies,
        is_default,
        assumed: None,
    }
}

fn access_modes(ctx: &mut Ctx, spec: &Value, path: &str, required: bool) -> Vec<AccessMode> {
    let mut out = Vec::new();
    for (i, m) in ctx.list(spec, "accessModes", path).iter().enumerate() {
        match m.as_str().and_then(AccessMode::parse) {
            Some(a) => out.push(a),
            None => ctx.error(
                &idx(path, "accessModes", i),
                msg!(
                    "k8s-import-bad-access-mode",
                    "{value} is not ReadWriteOnce, ReadOnlyMany, ReadWriteMany or ReadWriteOncePod",
                    value = m.to_string()
                ),
            ),
        }
    }
    if out.is_empty() && required {
        ctx.error(
            &join(path, "accessModes"),
            msg!(
                "k8s-import-needs-access-mode",
                "at least one access mode is required"
            ),
        );
    }
    out
}

fn storage_quantity(ctx: &mut Ctx, v: Option<&Value>, field: &str) -> Option<i64> {
    let text = match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        None | Some(Value::Null) => {
            ctx.error(field, msg!("k8s-import-required", "required"));
            return None;
        }
        Some(other) => {
            ctx.error(
                field,
                msg!(
                    "k8s-import-expected-quantity-got",
                    "expected a quantity, got {value}",
                    value = other.to_string()
                ),
            );
            return None;
        }
    };
    match parse_value(&text) {
        Ok(n) if n > 0 => Some(n),
        Ok(_) => {
            ctx.error(
                field,
                msg!(
                    "k8s-import-must-be-positive",
                    "{q} must be positive",
                    q = quoted(&text)
                ),
            );
            None
        }
        Err(e) => {
            ctx.error(field, e.text());
            None
        }
    }
}

/// A claim's spec (a PersistentVolumeClaim's, or a StatefulSet template's); `annotations` are
/// the claim's metadata annotations (the beta class annotation wins over the field, as in
/// `GetPersistentVolumeClaimClass`).
pub(super) fn claim_spec(
    ctx: &mut Ctx,
    meta: Option<&Value>,
    spec: &Value,
    path: &str,
    name: String,
    namespace: String,
) -> PersistentVolumeClaim {
    let (annotations, labels) = match meta {
        Some(m) => (
            ctx.string_map(m, "annotations", "metadata"),
            ctx.string_map(m, "labels", "metadata"),
        ),
        None => (Labels::new(), Labels::new()),
    };
    let storage_class = annotations
        .get("volume.beta.kubernetes.io/storage-class")
        .cloned()
        .or_else(|| ctx.string(spec, "storageClassName", path))
        .unwrap_or_else(|| UNSET.to_string());
    let access_modes = access_modes(ctx, spec, path, true);
    let rp = join(path, "resources.requests.storage");
    let request =
        storage_quantity(ctx, spec.pointer("/resources/requests/storage"), &rp).unwrap_or(0);
    let volume_name = ctx
        .string(spec, "volumeName", path)
        .filter(|s| !s.is_empty());
    let selected_node = annotations
        .get("volume.kubernetes.io/selected-node")
        .cloned();
    PersistentVolumeClaim {
        name,
        namespace,
        storage_class,
        access_modes,
        request,
        volume_name,
        selected_node,
        labels,
    }
}

pub(super) fn persistent_volume(
    ctx: &mut Ctx,
    spec: &Value,
    name: String,
    labels: Labels,
) -> PersistentVolume {
    let capacity = storage_quantity(
        ctx,
        spec.pointer("/capacity/storage"),
        "spec.capacity.storage",
    )
    .unwrap_or(0);
    let access_modes = access_modes(ctx, spec, "spec", true);
    let storage_class = ctx
        .string(spec, "storageClassName", "spec")
        .unwrap_or_default();
    let node_affinity = spec
        .pointer("/nodeAffinity/required")
        .filter(|r| !r.is_null())
        .map(|req| {
            let rp = "spec.nodeAffinity.required";
            ctx.list(req, "nodeSelectorTerms", rp)
                .iter()
                .enumerate()
                .map(|(i, t)| super::node_selector_term(ctx, t, &idx(rp, "nodeSelectorTerms", i)))
                .collect()
        });
    let claim_ref = ctx.obj(spec, "claimRef", "spec").map(|c| {
        (
            ctx.string(c, "namespace", "spec.claimRef")
                .unwrap_or_else(|| "default".into()),
            ctx.string(c, "name", "spec.claimRef").unwrap_or_default(),
        )
    });
    let (csi_driver, volume_handle) = if let Some(csi) = ctx.obj(spec, "csi", "spec") {
        (
            ctx.string(csi, "driver", "spec.csi"),
            ctx.string(csi, "volumeHandle", "spec.csi")
                .unwrap_or_default(),
        )
    } else if let Some(ebs) = ctx.obj(spec, "awsElasticBlockStore", "spec") {
        // The in-tree source is migrated to the CSI driver (CSIMigrationAWS).
        (
            Some(EBS_CSI_DRIVER.to_string()),
            ctx.string(ebs, "volumeID", "spec.awsElasticBlockStore")
                .unwrap_or_default(),
        )
    } else {
        (None, String::new())
    };
    PersistentVolume {
        name,
        storage_class,
        capacity,
        access_modes,
        node_affinity,
        labels,
        claim_ref,
        csi_driver,
        volume_handle,
        provisioned: false,
    }
}

pub(super) fn csi_node(ctx: &mut Ctx, spec: &Value, name: String) -> CsiNode {
    let mut node = CsiNode {
        name,
        ..CsiNode::default()
    };
    for (i, d) in ctx.list(spec, "drivers", "spec").iter().enumerate() {
        let dp = idx("spec", "drivers", i);
        let Some(driver) = ctx.string(d, "name", &dp) else {
            ctx.error(&join(&dp, "name"), msg!("k8s-import-required", "required"));
            continue;
        };
        if let Some(a) = ctx.obj(d, "allocatable", &dp) {
            if let Some(count) = ctx.int(a, "count", &join(&dp, "allocatable")) {
                if count < 0 {
                    ctx.error(
                        &join(&dp, "allocatable.count"),
                        msg!(
                            "k8s-import-must-not-be-negative",
                            "{n} must not be negative",
                            n = count
                        ),
                    );
                }
                node.limits.insert(driver, count);
            }
        }
    }
    node
}

/// `spec.volumes[].persistentVolumeClaim.claimName` of a pod spec.
pub(super) fn pod_claims(ctx: &mut Ctx, spec: &Value, path: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, v) in ctx.list(spec, "volumes", path).iter().enumerate() {
        let vp = idx(path, "volumes", i);
        if let Some(pvc) = ctx.obj(v, "persistentVolumeClaim", &vp) {
            match ctx.string(pvc, "claimName", &join(&vp, "persistentVolumeClaim")) {
                Some(n) if !n.is_empty() => out.push(n),
                _ => ctx.error(
                    &join(&vp, "persistentVolumeClaim.claimName"),
                    msg!("k8s-import-required", "required"),
                ),
            }
        }
    }
    out
}

/// A StatefulSet's `volumeClaimTemplates`.
pub(super) fn claim_templates(
    ctx: &mut Ctx,
    spec: &Value,
    namespace: &str,
) -> Vec<PersistentVolumeClaim> {
    let mut out = Vec::new();
    for (i, t) in ctx
        .list(spec, "volumeClaimTemplates", "spec")
        .iter()
        .enumerate()
    {
        let tp = idx("spec", "volumeClaimTemplates", i);
        let name = t
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        if name.is_empty() {
            ctx.error(
                &join(&tp, "metadata.name"),
                msg!("k8s-import-required", "required"),
            );
            continue;
        }
        let tspec = t.get("spec").cloned().unwrap_or(Value::Null);
        out.push(claim_spec(
            ctx,
            t.get("metadata"),
            &tspec,
            &join(&tp, "spec"),
            name,
            namespace.to_string(),
        ));
    }
    out
}

/// After every document: claims without a class get the default class (DefaultStorageClass
/// admission), and classes the manifests do not contain are assumed, with a warning each.
pub(super) fn resolve_classes(cluster: &mut Cluster, diags: &mut Vec<Diagnostic>) {
    let default = cluster
        .storage
        .classes
        .iter()
        .filter(|c| c.is_default)
        .map(|c| c.name.clone())
        .next_back();
    let mut assumed: Vec<StorageClass> = Vec::new();
    let mut resolve = |claim: &mut PersistentVolumeClaim,
                       what: String,
                       classes: &[StorageClass],
                       diags: &mut Vec<Diagnostic>| {
        if claim.storage_class == UNSET {
            match &default {
                Some(d) => claim.storage_class = d.clone(),
                // Without a default class a claim pre-bound to a volume keeps no class.
                None if claim.volume_name.is_some() => claim.storage_class = String::new(),
                None => claim.storage_class = "default (assumed)".into(),
            }
        }
        let name = claim.storage_class.clone();
        if name.is_empty()
            || classes.iter().any(|c| c.name == name)
            || assumed.iter().any(|c| c.name == name)
        {
            return;
        }
        let reason: Text = if name == "default (assumed)" {
            msg!(
                "k8s-import-claim-no-default-class",
                "the claim names no StorageClass and no class in the manifests is marked default"
            )
        } else {
            msg!(
                "k8s-import-class-not-in-manifests",
                "StorageClass {class} is not in the manifests",
                class = quoted(&name)
            )
        };
        diags.push(Diagnostic::new(
            Severity::Warning,
            what,
            "spec.storageClassName".into(),
            msg!(
                "k8s-import-class-assumed",
                "{reason}: assumed provisioner {driver} with volumeBindingMode WaitForFirstConsumer and no allowedTopologies (an EKS gp2/gp3 class)",
                reason,
                driver = EBS_CSI_DRIVER
            ),
        ));
        assumed.push(StorageClass {
            name,
            provisioner: EBS_CSI_DRIVER.into(),
            binding_mode: BindingMode::WaitForFirstConsumer,
            allowed_topologies: Vec::new(),
            is_default: false,
            assumed: Some(reason.en),
        });
    };
    let classes = cluster.storage.classes.clone();
    for c in &mut cluster.storage.claims {
        let what = format!("PersistentVolumeClaim {}/{}", c.namespace, c.name);
        resolve(c, what, &classes, diags);
    }
    for s in &mut cluster.stateful_sets {
        for (i, c) in s.volume_claim_templates.iter_mut().enumerate() {
            let what = format!(
                "StatefulSet {}/{} volumeClaimTemplates[{i}] {}",
                s.namespace, s.name, c.name
            );
            resolve(c, what, &classes, diags);
        }
    }
    cluster.storage.classes.extend(assumed);
    for c in &cluster.storage.claims {
        if let Some(v) = &c.volume_name {
            if cluster.storage.volume(v).is_none() {
                diags.push(Diagnostic::new(
                    Severity::Warning,
                    format!("PersistentVolumeClaim {}/{}", c.namespace, c.name),
                    "spec.volumeName".into(),
                    msg!(
                        "k8s-import-volume-not-in-manifests",
                        "PersistentVolume {volume} is not in the manifests: the claim counts as bound to a non-existent volume",
                        volume = quoted(v)
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::cluster::import::{import_manifests, Severity};
    use crate::cluster::storage::*;

    const CLASS: &str = "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: gp3, annotations: {storageclass.kubernetes.io/is-default-class: \"true\"}}\nprovisioner: ebs.csi.aws.com\nvolumeBindingMode: WaitForFirstConsumer\nallowedTopologies: [{matchLabelExpressions: [{key: topology.ebs.csi.aws.com/zone, values: [us-east-1a, us-east-1b]}]}]\n";

    #[test]
    fn storage_kinds_load_with_their_fields() {
        let src = format!(
            "{CLASS}---
apiVersion: v1
kind: PersistentVolume
metadata: {{name: pv-1, labels: {{topology.kubernetes.io/zone: us-east-1a}}}}
spec:
  capacity: {{storage: 20Gi}}
  accessModes: [ReadWriteOnce]
  storageClassName: gp3
  claimRef: {{namespace: default, name: data}}
  csi: {{driver: ebs.csi.aws.com, volumeHandle: vol-0abc}}
  nodeAffinity:
    required:
      nodeSelectorTerms:
      - matchExpressions: [{{key: topology.ebs.csi.aws.com/zone, operator: In, values: [us-east-1a]}}]
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {{name: data}}
spec: {{accessModes: [ReadWriteOncePod], resources: {{requests: {{storage: 10Gi}}}}, volumeName: pv-1}}
---
apiVersion: storage.k8s.io/v1
kind: CSINode
metadata: {{name: node-a}}
spec: {{drivers: [{{name: ebs.csi.aws.com, nodeID: i-1, allocatable: {{count: 25}}}}]}}
---
apiVersion: v1
kind: Pod
metadata: {{name: db}}
spec:
  containers: [{{name: c, image: x}}]
  volumes: [{{name: d, persistentVolumeClaim: {{claimName: data}}}}, {{name: tmp, emptyDir: {{}}}}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {{name: web}}
spec:
  replicas: 2
  selector: {{matchLabels: {{app: web}}}}
  template: {{metadata: {{labels: {{app: web}}}}, spec: {{containers: [{{name: c, image: x}}]}}}}
  volumeClaimTemplates:
  - metadata: {{name: www}}
    spec: {{accessModes: [ReadWriteOnce], resources: {{requests: {{storage: 1Gi}}}}}}
"
        );
        let (m, diags) = import_manifests(&src);
        assert!(diags.is_empty(), "{diags:?}");
        let s = &m.cluster.storage;
        let gp3 = s.class("gp3").unwrap();
        assert_eq!(gp3.binding_mode, BindingMode::WaitForFirstConsumer);
        assert_eq!(gp3.provisioner, EBS_CSI_DRIVER);
        assert!(gp3.is_default);
        assert_eq!(
            gp3.allowed_topologies[0].match_label_expressions[0].1.len(),
            2
        );
        let pv = s.volume("pv-1").unwrap();
        assert_eq!(pv.capacity, 20 << 30);
        assert_eq!(pv.volume_handle, "vol-0abc");
        assert_eq!(pv_zone(pv).as_deref(), Some("us-east-1a"));
        let claim = s.claim("default", "data").unwrap();
        assert_eq!(claim.access_modes, vec![AccessMode::ReadWriteOncePod]);
        assert_eq!(claim.storage_class, "gp3", "the default class is filled in");
        assert!(s.is_bound(claim));
        assert_eq!(s.csi_limits("node-a").unwrap()[EBS_CSI_DRIVER], 25);
        assert_eq!(m.cluster.pods[0].claims, vec!["data".to_string()]);
        let t = &m.cluster.stateful_sets[0].volume_claim_templates[0];
        assert_eq!(
            (t.name.as_str(), t.storage_class.as_str(), t.request),
            ("www", "gp3", 1 << 30)
        );
    }

    #[test]
    fn bad_storage_fields_are_errors_naming_the_field_and_value() {
        let cases = [
            (
                "an unknown volumeBindingMode",
                "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: x}\nprovisioner: ebs.csi.aws.com\nvolumeBindingMode: Lazy\n",
                "volumeBindingMode",
                "\"Lazy\" is not Immediate or WaitForFirstConsumer",
            ),
            (
                "a class without a provisioner",
                "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: x}\n",
                "provisioner",
                "required",
            ),
            (
                "an unknown access mode",
                "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: c}\nspec: {accessModes: [ReadWriteSometimes], resources: {requests: {storage: 1Gi}}}\n",
                "spec.accessModes[0]",
                "\"ReadWriteSometimes\" is not ReadWriteOnce",
            ),
            (
                "a claim without a storage request",
                "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: c}\nspec: {accessModes: [ReadWriteOnce]}\n",
                "spec.resources.requests.storage",
                "required",
            ),
            (
                "a PV with a malformed capacity",
                "apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: p}\nspec: {accessModes: [ReadWriteOnce], capacity: {storage: lots}}\n",
                "spec.capacity.storage",
                "lots",
            ),
            (
                "a pod volume naming no claim",
                "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: x}], volumes: [{name: v, persistentVolumeClaim: {}}]}\n",
                "spec.volumes[0].persistentVolumeClaim.claimName",
                "required",
            ),
        ];
        for (name, src, field, message) in cases {
            let (_, diags) = import_manifests(src);
            assert!(
                diags.iter().any(|d| d.severity == Severity::Error
                    && d.field == field
                    && d.message.contains(message)),
                "{name}: {diags:?}"
            );
        }
    }

    #[test]
    fn a_class_missing_from_the_manifests_is_assumed_and_said_so() {
        let cases = [
            (
                "storageClassName: fast",
                "fast",
                "StorageClass \"fast\" is not in the manifests",
            ),
            (
                "",
                "default (assumed)",
                "no class in the manifests is marked default",
            ),
        ];
        for (field, class, says) in cases {
            let src = format!("apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {{name: c}}\nspec:\n  accessModes: [ReadWriteOnce]\n  resources: {{requests: {{storage: 1Gi}}}}\n  {field}\n");
            let (m, diags) = import_manifests(&src);
            let claim = m.cluster.storage.claim("default", "c").unwrap();
            assert_eq!(claim.storage_class, class);
            let assumed = m.cluster.storage.class(class).unwrap();
            assert_eq!(assumed.binding_mode, BindingMode::WaitForFirstConsumer);
            assert!(assumed.assumed.is_some());
            assert!(
                diags.iter().any(|d| d.severity == Severity::Warning
                    && d.message.contains(says)
                    && d.message.contains("assumed")),
                "{diags:?}"
            );
        }
    }
}
