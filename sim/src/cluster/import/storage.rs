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

use super::{idx, join, Ctx, Diagnostic, Severity};
use crate::cluster::model::{Cluster, Labels};
use crate::cluster::quantity::parse_value;
use crate::cluster::storage::{
    AccessMode, BindingMode, CsiNode, PersistentVolume, PersistentVolumeClaim, StorageClass,
    TopologyTerm, EBS_CSI_DRIVER,
};

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
            "required (the API server refuses a class without one)",
        );
    }
    let binding_mode = match ctx.string(v, "volumeBindingMode", "").as_deref() {
        None | Some("Immediate") => BindingMode::Immediate,
        Some("WaitForFirstConsumer") => BindingMode::WaitForFirstConsumer,
        Some(other) => {
            ctx.error(
                "volumeBindingMode",
                format!("{other:?} is not Immediate or WaitForFirstConsumer"),
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
                ctx.error(&join(&ep, "key"), "required");
            }
            let values: Vec<String> = ctx
                .list(e, "values", &ep)
                .iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect();
            if values.is_empty() {
                ctx.error(&join(&ep, "values"), "must name at least one value");
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
                format!(
                    "{m} is not ReadWriteOnce, ReadOnlyMany, ReadWriteMany or ReadWriteOncePod"
                ),
            ),
        }
    }
    if out.is_empty() && required {
        ctx.error(
            &join(path, "accessModes"),
            "at least one access mode is required",
        );
    }
    out
}

fn storage_quantity(ctx: &mut Ctx, v: Option<&Value>, field: &str) -> Option<i64> {
    let text = match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        None | Some(Value::Null) => {
            ctx.error(field, "required");
            return None;
        }
        Some(other) => {
            ctx.error(field, format!("expected a quantity, got {other}"));
            return None;
        }
    };
    match parse_value(&text) {
        Ok(n) if n > 0 => Some(n),
        Ok(_) => {
            ctx.error(field, format!("{text:?} must be positive"));
            None
        }
        Err(e) => {
            ctx.error(field, e.to_string());
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
            ctx.error(&join(&dp, "name"), "required");
            continue;
        };
        if let Some(a) = ctx.obj(d, "allocatable", &dp) {
            if let Some(count) = ctx.int(a, "count", &join(&dp, "allocatable")) {
                if count < 0 {
                    ctx.error(
                        &join(&dp, "allocatable.count"),
                        format!("{count} must not be negative"),
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
                _ => ctx.error(&join(&vp, "persistentVolumeClaim.claimName"), "required"),
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
            ctx.error(&join(&tp, "metadata.name"), "required");
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
        let reason = if name == "default (assumed)" {
            "the claim names no StorageClass and no class in the manifests is marked default"
                .to_string()
        } else {
            format!("StorageClass {name:?} is not in the manifests")
        };
        diags.push(Diagnostic {
            severity: Severity::Warning,
            document: what,
            field: "spec.storageClassName".into(),
            message: format!(
                "{reason}: assumed provisioner {EBS_CSI_DRIVER} with volumeBindingMode WaitForFirstConsumer and no allowedTopologies (an EKS gp2/gp3 class)"
            ),
        });
        assumed.push(StorageClass {
            name,
            provisioner: EBS_CSI_DRIVER.into(),
            binding_mode: BindingMode::WaitForFirstConsumer,
            allowed_topologies: Vec::new(),
            is_default: false,
            assumed: Some(reason),
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
                diags.push(Diagnostic {
                    severity: Severity::Warning,
                    document: format!("PersistentVolumeClaim {}/{}", c.namespace, c.name),
                    field: "spec.volumeName".into(),
                    message: format!(
                        "PersistentVolume {v:?} is not in the manifests: the claim counts as bound to a non-existent volume"
                    ),
                });
            }
        }
    }
}
