//! Persistent storage: StorageClasses, PersistentVolumes, PersistentVolumeClaims and CSINode
//! attach limits, and the binder that kube-scheduler's VolumeBinding plugin and the PV
//! controller share: which PV a claim can bind to on a node, whether a class can provision for a
//! node, and where a provisioned volume lives (docs/SEMANTICS.md#k14 to #k17, #c15, #c16).
//!
//! Guarantees: plain data in ordered collections; every function is pure over its arguments;
//! provisioning is deterministic (a volume's name and zone follow from the claim and the node,
//! never from a random draw). What the manifests did not contain is marked `assumed` with the
//! reason, so outputs can say so.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::model::{Labels, Node, NodeSelectorTerm, LABEL_ZONE};

/// The EBS CSI driver's name (`provisioner: ebs.csi.aws.com`).
pub const EBS_CSI_DRIVER: &str = "ebs.csi.aws.com";
/// The in-tree EBS plugin, migrated to the CSI driver (CSIMigrationAWS, GA since 1.25).
pub const EBS_IN_TREE: &str = "kubernetes.io/aws-ebs";
/// The topology key the EBS CSI driver writes in a provisioned PV's node affinity and that its
/// node plugin puts on every node it runs on.
pub const EBS_TOPOLOGY_KEY: &str = "topology.ebs.csi.aws.com/zone";
/// `volume.NotSupportedProvisioner`: a class of pre-created local volumes.
pub const NO_PROVISIONER: &str = "kubernetes.io/no-provisioner";
/// The beta zone label VolumeZone still reads (translated to the GA one on nodes).
pub const LABEL_ZONE_BETA: &str = "failure-domain.beta.kubernetes.io/zone";
pub const LABEL_REGION: &str = "topology.kubernetes.io/region";
pub const LABEL_REGION_BETA: &str = "failure-domain.beta.kubernetes.io/region";

/// `volumeBindingMode` of a StorageClass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BindingMode {
    Immediate,
    WaitForFirstConsumer,
}

/// A volume access mode (`spec.accessModes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AccessMode {
    ReadWriteOnce,
    ReadOnlyMany,
    ReadWriteMany,
    ReadWriteOncePod,
}

impl AccessMode {
    pub fn parse(s: &str) -> Option<AccessMode> {
        Some(match s {
            "ReadWriteOnce" => AccessMode::ReadWriteOnce,
            "ReadOnlyMany" => AccessMode::ReadOnlyMany,
            "ReadWriteMany" => AccessMode::ReadWriteMany,
            "ReadWriteOncePod" => AccessMode::ReadWriteOncePod,
            _ => return None,
        })
    }
}

/// One `allowedTopologies` term: every `(key, values)` must match (an OR over terms).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopologyTerm {
    pub match_label_expressions: Vec<(String, Vec<String>)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StorageClass {
    pub name: String,
    pub provisioner: String,
    pub binding_mode: BindingMode,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowed_topologies: Vec<TopologyTerm>,
    /// `storageclass.kubernetes.io/is-default-class: "true"`.
    #[serde(default)]
    pub is_default: bool,
    /// Not in the manifests: what the simulator assumed, and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assumed: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersistentVolume {
    pub name: String,
    /// `spec.storageClassName` ("" = no class).
    pub storage_class: String,
    /// `spec.capacity.storage` in bytes.
    pub capacity: i64,
    pub access_modes: Vec<AccessMode>,
    /// `spec.nodeAffinity.required.nodeSelectorTerms` (ORed); `None` = any node.
    pub node_affinity: Option<Vec<NodeSelectorTerm>>,
    /// `metadata.labels` (VolumeZone reads the zone and region labels).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: Labels,
    /// `spec.claimRef` as `(namespace, name)`.
    pub claim_ref: Option<(String, String)>,
    /// `spec.csi.driver` and `spec.csi.volumeHandle` (NodeVolumeLimits counts them); the
    /// migrated in-tree EBS source counts as the CSI driver.
    pub csi_driver: Option<String>,
    pub volume_handle: String,
    /// Created by the simulated provisioner (not in the manifests).
    #[serde(default)]
    pub provisioned: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersistentVolumeClaim {
    pub name: String,
    pub namespace: String,
    /// `spec.storageClassName` after defaulting: `Some("")` = explicitly no class.
    pub storage_class: String,
    pub access_modes: Vec<AccessMode>,
    /// `spec.resources.requests.storage` in bytes.
    pub request: i64,
    /// `spec.volumeName`: the PV it is bound (or pre-bound) to.
    pub volume_name: Option<String>,
    /// `volume.kubernetes.io/selected-node`: the node the scheduler chose for provisioning.
    pub selected_node: Option<String>,
    /// `metadata.labels`, used to match a PV selector (not simulated beyond storage).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: Labels,
}

impl PersistentVolumeClaim {
    pub fn key(&self) -> (String, String) {
        (self.namespace.clone(), self.name.clone())
    }
}

/// `CSINode`: per driver, `spec.drivers[].allocatable.count` (attachable volumes).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsiNode {
    pub name: String,
    pub limits: BTreeMap<String, i64>,
}

/// Everything storage in a cluster.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Storage {
    pub classes: Vec<StorageClass>,
    pub volumes: Vec<PersistentVolume>,
    pub claims: Vec<PersistentVolumeClaim>,
    pub csi_nodes: Vec<CsiNode>,
}

/// Why a claim cannot use a node (the binder's conflict reasons, binder.go).
pub const REASON_BIND_CONFLICT: &str = "node(s) didn't find available persistent volumes to bind";
pub const REASON_NODE_CONFLICT: &str = "node(s) had volume node affinity conflict";
pub const REASON_PV_NOT_EXIST: &str =
    "node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)";

/// A node's labels as the volume plugins see them: the EBS CSI node plugin labels every node
/// with its zone under [`EBS_TOPOLOGY_KEY`] (assumed for every node with a zone label).
pub fn volume_node(node: &Node) -> Node {
    let mut labels = node.labels.clone();
    if let Some(z) = node.zone() {
        labels
            .entry(EBS_TOPOLOGY_KEY.to_string())
            .or_insert_with(|| z.to_string());
    }
    Node {
        name: node.name.clone(),
        labels,
        ..Node::default()
    }
}

/// `volume.CheckNodeAffinity`: no affinity matches every node; else one term must match.
pub fn pv_fits_node(pv: &PersistentVolume, vnode: &Node) -> bool {
    match &pv.node_affinity {
        None => true,
        Some(terms) => terms.iter().any(|t| t.matches(vnode)),
    }
}

/// The zone a PV is pinned to, from its node affinity or zone labels (for the timeline's words).
pub fn pv_zone(pv: &PersistentVolume) -> Option<String> {
    for key in [LABEL_ZONE, LABEL_ZONE_BETA] {
        if let Some(z) = pv.labels.get(key) {
            return Some(z.clone());
        }
    }
    for t in pv.node_affinity.iter().flatten() {
        for r in &t.match_expressions {
            if (r.key == EBS_TOPOLOGY_KEY || r.key == LABEL_ZONE || r.key == LABEL_ZONE_BETA)
                && r.values.len() == 1
            {
                return Some(r.values[0].clone());
            }
        }
    }
    None
}

/// `v1helper.MatchTopologySelectorTerms`: no terms match everything.
pub fn topology_allows(terms: &[TopologyTerm], labels: &Labels) -> bool {
    terms.is_empty()
        || terms.iter().any(|t| {
            t.match_label_expressions
                .iter()
                .all(|(k, vs)| labels.get(k).is_some_and(|v| vs.contains(v)))
        })
}

impl Storage {
    pub fn class(&self, name: &str) -> Option<&StorageClass> {
        self.classes.iter().find(|c| c.name == name)
    }
    pub fn claim(&self, namespace: &str, name: &str) -> Option<&PersistentVolumeClaim> {
        self.claims
            .iter()
            .find(|c| c.namespace == namespace && c.name == name)
    }
    fn claim_index(&self, namespace: &str, name: &str) -> Option<usize> {
        self.claims
            .iter()
            .position(|c| c.namespace == namespace && c.name == name)
    }
    pub fn volume(&self, name: &str) -> Option<&PersistentVolume> {
        self.volumes.iter().find(|v| v.name == name)
    }
    pub fn csi_limits(&self, node: &str) -> Option<&BTreeMap<String, i64>> {
        self.csi_nodes
            .iter()
            .find(|c| c.name == node)
            .map(|c| &c.limits)
    }

    /// Fully bound: `spec.volumeName` set and the PV's `claimRef` points back (the
    /// `bind-completed` state the PV controller reaches).
    pub fn is_bound(&self, claim: &PersistentVolumeClaim) -> bool {
        claim.volume_name.as_ref().is_some_and(|v| {
            self.volume(v).is_none_or(|pv| {
                pv.claim_ref
                    .as_ref()
                    .is_none_or(|(ns, n)| *ns == claim.namespace && *n == claim.name)
            })
        })
    }

    /// `volume.IsDelayBindingMode`: a class not found (or no class) binds immediately.
    pub fn delays_binding(&self, claim: &PersistentVolumeClaim) -> bool {
        !claim.storage_class.is_empty()
            && self
                .class(&claim.storage_class)
                .is_some_and(|c| c.binding_mode == BindingMode::WaitForFirstConsumer)
    }

    /// `volume.FindMatchingVolume` for one node (`None` = any node): the smallest available PV of
    /// the claim's class, large enough, with the claim's access modes, whose node affinity
    /// admits the node; a PV pre-bound to this claim wins. `taken` are PVs already chosen.
    pub fn matching_volume(
        &self,
        claim: &PersistentVolumeClaim,
        vnode: Option<&Node>,
        taken: &[String],
    ) -> Option<usize> {
        let mut best: Option<usize> = None;
        for (i, pv) in self.volumes.iter().enumerate() {
            if taken.contains(&pv.name) || pv.storage_class != claim.storage_class {
                continue;
            }
            let prebound = match &pv.claim_ref {
                Some((ns, n)) if *ns == claim.namespace && *n == claim.name => true,
                Some(_) => continue,
                None => false,
            };
            if claim.volume_name.as_ref().is_some_and(|v| *v != pv.name) {
                continue;
            }
            if pv.capacity < claim.request
                || !claim
                    .access_modes
                    .iter()
                    .all(|m| pv.access_modes.contains(m))
            {
                continue;
            }
            if let Some(n) = vnode {
                if !pv_fits_node(pv, n) {
                    continue;
                }
            }
            if prebound {
                return Some(i);
            }
            if best.is_none_or(|b| pv.capacity < self.volumes[b].capacity) {
                best = Some(i);
            }
        }
        best
    }

    /// Whether the claim's class can provision a volume usable from this node
    /// (`checkVolumeProvisions`): a provisioner, and `allowedTopologies` admitting the node.
    pub fn can_provision(&self, claim: &PersistentVolumeClaim, vnode: &Node) -> bool {
        match self.class(&claim.storage_class) {
            Some(c) => {
                !c.provisioner.is_empty()
                    && c.provisioner != NO_PROVISIONER
                    && topology_allows(&c.allowed_topologies, &vnode.labels)
            }
            None => false,
        }
    }

    /// Binds a claim to a PV (the PV controller's bind: both directions).
    fn bind(&mut self, claim: usize, pv: usize) {
        let key = self.claims[claim].key();
        self.volumes[pv].claim_ref = Some(key);
        self.claims[claim].volume_name = Some(self.volumes[pv].name.clone());
    }

    /// Provisions a volume for a claim in `zone` (`None`: a provisioner without topology) and
    /// binds it. The volume is named like the external-provisioner's `pvc-<uid>`, with the
    /// claim's namespace and name standing in for the uid.
    fn provision(&mut self, claim: usize, zone: Option<&str>) -> String {
        let c = self.claims[claim].clone();
        let class = self.class(&c.storage_class).cloned();
        let provisioner = class
            .as_ref()
            .map(|k| k.provisioner.clone())
            .unwrap_or_default();
        let ebs = provisioner == EBS_CSI_DRIVER || provisioner == EBS_IN_TREE;
        let name = format!("pvc-{}-{}", c.namespace, c.name);
        let node_affinity = match (ebs, zone) {
            (true, Some(z)) => Some(vec![NodeSelectorTerm {
                match_expressions: vec![super::model::Requirement {
                    key: EBS_TOPOLOGY_KEY.into(),
                    operator: super::model::SelectorOperator::In,
                    values: vec![z.to_string()],
                }],
                match_fields: vec![],
            }]),
            _ => None,
        };
        let handle = if ebs {
            // vol- plus 17 hex digits, derived from the claim (stable across runs).
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            for b in name.bytes() {
                h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            }
            format!("vol-0{h:016x}")
        } else {
            name.clone()
        };
        self.volumes.push(PersistentVolume {
            name: name.clone(),
            storage_class: c.storage_class.clone(),
            capacity: c.request,
            access_modes: c.access_modes.clone(),
            node_affinity,
            labels: Labels::new(),
            claim_ref: None,
            csi_driver: (!provisioner.is_empty()).then(|| {
                if ebs {
                    EBS_CSI_DRIVER.to_string()
                } else {
                    provisioner.clone()
                }
            }),
            volume_handle: handle,
            provisioned: true,
        });
        let pv = self.volumes.len() - 1;
        self.bind(claim, pv);
        name
    }

    /// What the PV controller does for an unbound claim with immediate binding: bind a matching
    /// PV, else provision one. The zone of an immediately provisioned topology-aware volume is
    /// the first zone, in sorted order, of `zones` (the cluster's node zones) that the class's
    /// `allowedTopologies` admit — an assumption (a real provisioner picks among them).
    pub fn bind_immediate(
        &mut self,
        namespace: &str,
        name: &str,
        zones: &[String],
    ) -> Option<Bound> {
        let ci = self.claim_index(namespace, name)?;
        let c = self.claims[ci].clone();
        if self.is_bound(&c) || self.delays_binding(&c) {
            return None;
        }
        if let Some(pv) = self.matching_volume(&c, None, &[]) {
            self.bind(ci, pv);
            return Some(Bound::Static {
                claim: c.key(),
                volume: self.volumes[pv].name.clone(),
            });
        }
        let class = self.class(&c.storage_class)?.clone();
        if class.provisioner.is_empty() || class.provisioner == NO_PROVISIONER {
            return None;
        }
        let topology_aware =
            class.provisioner == EBS_CSI_DRIVER || class.provisioner == EBS_IN_TREE;
        let mut sorted: Vec<&String> = zones.iter().collect();
        sorted.sort();
        sorted.dedup();
        let zone = sorted
            .into_iter()
            .find(|z| {
                let mut l = Labels::new();
                l.insert(LABEL_ZONE.into(), (*z).clone());
                l.insert(EBS_TOPOLOGY_KEY.into(), (*z).clone());
                topology_allows(&class.allowed_topologies, &l)
            })
            .cloned();
        if topology_aware && zone.is_none() {
            return None;
        }
        let zone = zone.filter(|_| topology_aware);
        let volume = self.provision(ci, zone.as_deref());
        Some(Bound::Provisioned {
            claim: c.key(),
            volume,
            zone,
            provisioner: class.provisioner.clone(),
            immediate: true,
        })
    }

    /// The VolumeBinding plugin's Reserve + PreBind for a pod placed on `node`: each unbound
    /// WaitForFirstConsumer claim binds the matching PV or is provisioned in the node's zone.
    pub fn bind_for_pod(&mut self, namespace: &str, claims: &[String], node: &Node) -> Vec<Bound> {
        let vnode = volume_node(node);
        let mut out = Vec::new();
        let mut taken: Vec<String> = Vec::new();
        for name in claims {
            let Some(ci) = self.claim_index(namespace, name) else {
                continue;
            };
            let c = self.claims[ci].clone();
            if self.is_bound(&c) || !self.delays_binding(&c) {
                continue;
            }
            if let Some(pv) = self.matching_volume(&c, Some(&vnode), &taken) {
                taken.push(self.volumes[pv].name.clone());
                self.bind(ci, pv);
                out.push(Bound::Static {
                    claim: c.key(),
                    volume: self.volumes[pv].name.clone(),
                });
                continue;
            }
            if !self.can_provision(&c, &vnode) {
                continue;
            }
            self.claims[ci].selected_node = Some(node.name.clone());
            let provisioner = self
                .class(&c.storage_class)
                .map(|k| k.provisioner.clone())
                .unwrap_or_default();
            let topology_aware = provisioner == EBS_CSI_DRIVER || provisioner == EBS_IN_TREE;
            let zone = node.zone().map(str::to_string).filter(|_| topology_aware);
            let volume = self.provision(ci, zone.as_deref());
            out.push(Bound::Provisioned {
                claim: c.key(),
                volume,
                zone,
                provisioner,
                immediate: false,
            });
        }
        out
    }

    /// Every bound claim in words: `ns/name → volume (driver) in zone`, with how the zone was
    /// chosen for a provisioned volume (the Immediate one is an assumption).
    pub fn describe_bindings(&self) -> Vec<String> {
        let mut out = Vec::new();
        for c in &self.claims {
            let Some(pv) = c.volume_name.as_ref().and_then(|v| self.volume(v)) else {
                continue;
            };
            if !self.is_bound(c) {
                continue;
            }
            let mut line = format!("{}/{} → {}", c.namespace, c.name, pv.name);
            if let Some(d) = &pv.csi_driver {
                line.push_str(&format!(" ({d})"));
            }
            match pv_zone(pv) {
                Some(z) => line.push_str(&format!(" in {z}")),
                None => line.push_str(" (no zone: reachable from every node)"),
            }
            if pv.provisioned && pv_zone(pv).is_some() {
                line.push_str(if self.delays_binding(c) {
                    ", provisioned in the zone of the first pod's node (WaitForFirstConsumer)"
                } else {
                    ", provisioned at creation (Immediate): assumed the first allowed zone in sorted order"
                });
            }
            out.push(line);
        }
        out
    }

    /// A StatefulSet's claim for one ordinal, created from its template unless it exists
    /// (claims outlive their pods). Returns whether it was created.
    pub fn ensure_claim(&mut self, claim: PersistentVolumeClaim) -> bool {
        if self.claim(&claim.namespace, &claim.name).is_some() {
            return false;
        }
        self.claims.push(claim);
        true
    }
}

/// What binding did, for the event log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bound {
    Static {
        claim: (String, String),
        volume: String,
    },
    Provisioned {
        claim: (String, String),
        volume: String,
        zone: Option<String>,
        provisioner: String,
        immediate: bool,
    },
}

impl Bound {
    pub fn claim(&self) -> &(String, String) {
        match self {
            Bound::Static { claim, .. } | Bound::Provisioned { claim, .. } => claim,
        }
    }
    /// The message of the event on the claim (the PV controller's and external-provisioner's
    /// wording, with the zone and any assumption made).
    pub fn message(&self) -> String {
        match self {
            Bound::Static { claim, volume } => {
                format!(
                    "bound {}/{} to existing PersistentVolume {volume}",
                    claim.0, claim.1
                )
            }
            Bound::Provisioned {
                volume,
                zone,
                provisioner,
                immediate,
                ..
            } => {
                let mut m = format!("Successfully provisioned volume {volume} ({provisioner})");
                if let Some(z) = zone {
                    m.push_str(&format!(" in {z}"));
                    if *immediate {
                        m.push_str(
                            " (Immediate binding: assumed the first allowed zone in sorted order; a real provisioner picks one of them)",
                        );
                    } else {
                        m.push_str(" (WaitForFirstConsumer: the zone of the pod's node)");
                    }
                }
                m
            }
        }
    }
}
