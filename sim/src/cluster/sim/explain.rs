//! Why a pod landed where it did during a simulation: the full scheduler explanation (every
//! filter plugin on every node, every score plugin's score and weight) of the scheduling cycle
//! that placed a pod, replayed on the side.
//!
//! Guarantees: the replay runs the same [`World`] (same seed, same events) and, at the
//! scheduling pass where the pod is pending, schedules the pending queue on *copies* of the
//! scheduler, cache, pods and RNG with [`Explain::Full`] — the decision is the one the world
//! took (same queue order, same tie-breaking RNG state); the world itself is not perturbed.

use super::*;
use crate::cluster::scheduler::{schedule_pending, Decision};

/// The explained scheduling cycle of one pod.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explained {
    /// When the cycle ran (simulated milliseconds).
    pub time_ms: SimTime,
    pub decision: Decision,
}

impl World {
    fn pending_index(&self, key: &str) -> Option<usize> {
        (0..self.pods.len()).find(|&i| {
            !self.pod_rt[i].removed
                && self.pods[i].node_name.is_none()
                && self.pods[i].is_active()
                && self.pods[i].key() == key
        })
    }

    /// The scheduling pass about to run now, explained for pod `key` (a dry run on copies).
    fn explain_pending(&self, key: &str) -> Option<Decision> {
        self.pending_index(key)?;
        let mut scheduler = self.scheduler.clone();
        let mut pods = self.pods.clone();
        let mut cache = self.cache.clone();
        let mut rng = self.rng.clone();
        // Pods the world dropped must not be scheduled by the dry run either.
        for (i, p) in pods.iter_mut().enumerate() {
            if self.pod_rt[i].removed && p.node_name.is_none() {
                p.deletion_timestamp.get_or_insert(self.now);
            }
        }
        let workloads = Workloads {
            services: &self.services,
            replica_sets: &self.replica_sets,
            stateful_sets: &self.stateful_sets,
            pdbs: &self.pdbs,
        };
        let placements = schedule_pending(
            &mut scheduler,
            &self.nodes,
            &mut pods,
            &mut cache,
            workloads,
            &mut rng,
            Explain::Full,
        );
        placements
            .into_iter()
            .map(|p| p.decision)
            .find(|d| d.pod == key)
    }
}

/// Replays the simulation up to `until` and returns the scheduling cycle that bound pod `key`
/// (`namespace/name`), or, when it is still pending at `until`, its latest failed cycle.
/// `None` when the pod never went through the scheduler (bound in the manifests, or unknown).
pub fn explain_pod(
    cluster: Cluster,
    scheduler_config: SchedulerConfig,
    injected: Vec<Injected>,
    seed: u64,
    cfg: SimConfig,
    key: &str,
    until: SimTime,
) -> Option<Explained> {
    let mut w = World::new(cluster, scheduler_config, injected, seed, cfg);
    let mut last = None;
    while let Some((&(t, seq), ev)) = w.queue.iter().next() {
        if t > until {
            break;
        }
        if *ev == Ev::Schedule {
            w.now = t;
            if let Some(d) = w.explain_pending(key) {
                let bound = d.node.is_some();
                last = Some(Explained {
                    time_ms: t,
                    decision: d,
                });
                if bound {
                    return last;
                }
            }
        }
        let ev = w.queue.remove(&(t, seq)).expect("present");
        w.now = t;
        w.handle(ev);
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::import::import_manifests;

    const CLUSTER: &str = include_str!("../../../../tests/fixtures/k8s/three-node-two-az.yaml");

    #[test]
    fn a_replacement_pod_is_explained_with_the_dead_node_filtered_out_by_its_taint() {
        let (m, _) = import_manifests(CLUSTER);
        let events = vec![Injected {
            at: 0,
            action: Action::NodeFailure {
                node: "node-a1".into(),
            },
        }];
        let (log, _) = simulate(
            m.cluster.clone(),
            SchedulerConfig::default(),
            events.clone(),
            0,
            400_000,
            SimConfig::default(),
        );
        let late = log
            .iter()
            .find(|e| e.reason == "Scheduled" && e.time_ms == 355_000)
            .expect("a replacement scheduled at 355 s");
        let key = format!("default/{}", late.object.name);
        let ex = explain_pod(
            m.cluster,
            SchedulerConfig::default(),
            events,
            0,
            SimConfig::default(),
            &key,
            400_000,
        )
        .expect("explained");
        assert_eq!(ex.time_ms, 355_000);
        assert!(
            late.message.ends_with(ex.decision.node.as_deref().unwrap()),
            "{} vs {:?}",
            late.message,
            ex.decision.node
        );
        let a1 = ex
            .decision
            .filter
            .iter()
            .find(|f| f.node == "node-a1")
            .unwrap();
        assert!(
            a1.statuses
                .iter()
                .any(|s| !s.is_success() && s.reason.contains("taint")),
            "{a1:?}"
        );
    }

    #[test]
    fn initial_placements_match_the_log() {
        let (m, _) = import_manifests(CLUSTER);
        let (log, _) = simulate(
            m.cluster.clone(),
            SchedulerConfig::default(),
            vec![],
            7,
            10_000,
            SimConfig::default(),
        );
        for e in log.iter().filter(|e| e.reason == "Scheduled") {
            let key = format!("default/{}", e.object.name);
            let ex = explain_pod(
                m.cluster.clone(),
                SchedulerConfig::default(),
                vec![],
                7,
                SimConfig::default(),
                &key,
                10_000,
            )
            .expect("explained");
            assert!(
                e.message.ends_with(ex.decision.node.as_deref().unwrap()),
                "{}",
                e.message
            );
        }
    }
}
