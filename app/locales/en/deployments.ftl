# The Deployment form of the cluster tab (app/src/components/deployment_form.rs). Manifest
# field names the learner will type in YAML (maxSkew, Equal, NoSchedule…) stay as they are.
df-new-title = New Deployment
df-name = name
df-namespace = namespace
df-image = image
df-replicas = replicas
df-cpu = CPU request
df-cpu-placeholder = e.g. 250m
df-memory = memory request
df-memory-placeholder = e.g. 256Mi
df-per-pod = per pod; empty = none
df-spread = Topology spread
df-over = over
df-when = when it cannot be met
df-remove-spread = Remove spread constraint { $number }
df-add-spread = Add spread constraint
df-zones = Node affinity: run only in these zones
df-no-zones = The design has no zones yet.
df-any-zone = No zone ticked: any zone.
df-zones-required = Required: pods are never scheduled elsewhere.
df-tolerations = Tolerations
df-key = key
df-operator = operator
df-value = value
df-effect = effect
df-any-effect = any
df-seconds = for seconds
df-remove-toleration = Remove toleration { $number }
df-add-toleration = Add toleration
df-save = Save
df-create = Create
df-cancel = Cancel
df-delete = Delete Deployment
