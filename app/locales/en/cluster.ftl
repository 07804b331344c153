# The cluster tab (app/src/components/cluster.rs) and the words bridge/cluster.rs gives it.
# Kubernetes' own names stay as kubectl writes them: plugin names (NodeResourcesFit…), pod
# statuses, conditions (Ready, NotReady), event types and reasons, field names (maxSkew).
cluster-follow-title = While playing, explain each scheduling decision as it happens
cluster-follow = Follow scheduling decisions
cluster-importer-warnings = { $count ->
    [one] { $count } importer warning
   *[other] { $count } importer warnings
}
# Without a cluster, or with manifests that cannot run.
cluster-cannot-simulate = The cluster cannot be simulated:
cluster-intro = Add Kubernetes to this design to watch the scheduler place pods and the controllers heal the cluster when nodes fail, on a simulated clock.
cluster-replace-example = Replace with the example cluster
cluster-load-example = Load example cluster
cluster-import = Import manifests…
cluster-example-alone = 3 nodes in 2 AZs and a 6-replica Deployment spread across zones.
cluster-example-on-nodes = { $count ->
    [one] A 6-replica Deployment spread across zones, on this design's { $count } Kubernetes node.
   *[other] A 6-replica Deployment spread across zones, on this design's { $count } Kubernetes nodes.
}
cluster-no-manifests = This design has no Kubernetes manifests yet.
cluster-no-nodes = The cluster has no nodes: declare Node objects in the manifests, or place Kubernetes nodes in a subnet on the canvas.
cluster-example-needs-nodes = The example cluster runs on this design's own Kubernetes nodes — { $reason }
# The timeline bar.
cluster-time = Simulated time
cluster-rewind = Back to 0s
cluster-previous-event = Previous event
cluster-next-event = Next event
cluster-play = Play
cluster-pause = Pause
cluster-speed = Speed
cluster-seed-title = The simulation's random seed (pod-name suffixes and scheduler ties): the same seed gives the same run
cluster-seed = seed
cluster-menu = Cluster ▾
# Zones, nodes and pods.
cluster-zone = availability zone { $zone }
cluster-no-zone = no zone
cluster-inject-title = Inject at the current time
cluster-fail-zone = Fail AZ
cluster-recover-zone = Recover AZ
cluster-queue-label = scheduling queue
cluster-queue = Scheduling queue
cluster-no-pending = no pending pods
node-kill = Kill
node-recover = Recover
node-drain = Drain
node-drain-title = Cordon and evict through the Eviction API (PDBs honoured)
node-taint-title = taint { $taint }
node-cpu = CPU
node-memory = Mem
node-bar-title = { $resource } requested { $used } of { $total } allocatable
pod-restarts = { $count ->
    [one] { $count } restart
   *[other] { $count } restarts
}
# What the selected pod's scheduling cycle says about each node.
node-verdict-filtered = ✗ { $plugin }: { $reason }
node-only-feasible = the only feasible node
node-score = score { $score }
node-feasible = feasible
node-chosen = ★ chosen for { $pod } · { $score }
node-candidate = feasible · { $score }
node-was-chosen = was chosen for { $pod } at { $time }; the node is { $condition } now
# Deployments.
deployments = Deployments
deployment-new = New Deployment…
deployment-none = No Deployments yet: create one to run replicas of an image on this design's nodes.
deployment-status = ready { $ready }/{ $replicas } · up-to-date { $up_to_date } · available { $available }
deployment-edit = Edit…
deployment-edit-label = Edit Deployment { $key }
deployment-replicas = replicas
deployment-replicas-label = replicas in the manifest
deployment-in-manifest = in the manifest (undoable)
deployment-image = image
deployment-image-label = image in the manifest
deployment-requests = requests
deployment-strategy = strategy
deployment-spread = spread
deployment-tolerations = tolerations
deployment-affinity = affinity
deployment-spread-line = maxSkew { $max_skew } over { $key } ({ $when })
deployment-toleration-for = { $toleration } for { $seconds }s
affinity-node-required = { $count ->
    [one] node affinity: { $count } required term
   *[other] node affinity: { $count } required terms
}
affinity-node-preferred = { $count ->
    [one] node affinity: { $count } preferred term
   *[other] node affinity: { $count } preferred terms
}
affinity-pod = pod affinity: { $required } required, { $preferred } preferred
affinity-pod-anti = pod anti-affinity: { $required } required, { $preferred } preferred
deployment-at-current-time = at the current time:
deployment-scale-label = replicas to scale to
deployment-scale = Scale
deployment-rollout-label = image to roll out
deployment-rollout = Roll out
deployment-not-whole = { $value } is not a whole number
deployment-no-spread = the Deployment has no topology spread constraint
# Injected events.
injected-hint = Inject failures with the buttons on zones, nodes, pods and Deployments: each happens at the current time, the whole run is recomputed, and the events are saved with the design.
injected-events = Injected events
injected-clear-title = Remove every injected event
injected-clear = Clear all
injected-local = kept in this view only (read-only design)
injected-saved = saved with the design
injected-remove = Remove the injected event { $event }
injection-kill-node = kill node { $node }
injection-recover-node = recover node { $node }
injection-fail-zone = fail AZ { $zone }
injection-recover-zone = recover AZ { $zone }
injection-crash-pod = crash pod { $pod } ×{ $times }
injection-fail-readiness = fail readiness of { $pod } for { $duration }
injection-scale = scale { $workload } to { $replicas }
injection-roll-out = roll out { $image } to { $workload }
injection-drain-node = drain node { $node }
injection-taint-add = add out-of-service taint on { $place ->
    [node] node { $name }
    [zone] AZ { $name }
   *[none] {""}
}
injection-taint-remove = remove out-of-service taint on { $place ->
    [node] node { $name }
    [zone] AZ { $name }
   *[none] {""}
}
workload-deployment = deployment { $name }
workload-replicaset = replicaset { $name }
# The scheduler's explanation of the selected pod.
explain-on-node = on { $node }
explain-not-bound = not bound
explain-crash-title = The container exits on its next 3 starts (CrashLoopBackOff)
explain-crash = Crash ×3
explain-gone = (not in the cluster at this time)
explain-close = Close the explanation
explain-not-scheduled = This pod has not been through the scheduler by this time: it is bound to its node (it was dropped on it, or the manifests name the node), or it is not created yet.
explain-bound-only = At { $time } the scheduler bound it to { $node }: the only node that passed every filter (scoring skipped).
explain-bound = At { $time } the scheduler bound it to { $node }, the highest weighted total.
explain-no-fit = At { $time } no node fits: { $message }
explain-plugin = Plugin
explain-filters = Filter (all must pass)
explain-skip = – skip
explain-scores = Score (score × weight), feasible nodes only
explain-total = Total
explain-filtered-out = filtered out
explain-tie = (tie)
# The event log.
events-label = Events (kubectl get events)
events-seek = Seek to this event
events-time = TIME
events-type = TYPE
events-reason = REASON
events-object = OBJECT · MESSAGE
events-earlier = { $count ->
    [one] … { $count } earlier event
   *[other] … { $count } earlier events
}
events-later = { $count ->
    [one] … { $count } later event
   *[other] … { $count } later events
}
events-none = No events.
# Shared with the Deployment form.
deployment-default-spread = none (the scheduler's default soft spread applies)
deployment-default-tolerations = none declared (admission adds not-ready/unreachable for 300s)

# The severity word of a manifest diagnostic line ("error: manifest#1 Pod p: spec: …").
manifest-severity-warning = warning
manifest-severity-error = error
