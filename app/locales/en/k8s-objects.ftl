# The cluster objects section of the cluster tab (app/src/components/k8s_objects.rs) and the
# words bridge/k8s_objects.rs gives it. Kubernetes' names stay as kubectl writes them: kinds in
# manifests, Service types (ClusterIP, NodePort…), field paths, label selectors.
k8s-objects = Cluster objects
k8s-objects-tabs = Kinds of cluster objects
k8s-kind-namespace = Namespaces
k8s-kind-service = Services
k8s-kind-ingress = Ingresses
k8s-kind-networkpolicy = NetworkPolicies
k8s-kind-pvc = PersistentVolumeClaims
k8s-one-namespace = Namespace
k8s-one-service = Service
k8s-one-ingress = Ingress
k8s-one-networkpolicy = NetworkPolicy
k8s-one-pvc = PersistentVolumeClaim
k8s-none = The manifests declare no { $kind }.
# Column headers.
k8s-col-name = Name
k8s-col-labels = Labels
k8s-col-type = Type
k8s-col-ports = Ports → target
k8s-col-selector = Selector
k8s-col-endpoints = Ready endpoints
k8s-col-class = Class
k8s-col-rules = Rules → backend
k8s-col-pods = Selected pods
k8s-col-policy = Isolates and allows
k8s-col-storage-class = Storage class
k8s-col-size = Size
k8s-col-binding = Bound to
k8s-col-actions = Actions
# Cells.
k8s-endpoints = { $ready } of { $total } ready
k8s-headless = headless
k8s-no-selector = none (endpoints by hand)
k8s-default-backend = default backend
k8s-no-class = no class
k8s-unbound = not bound yet (Pending)
k8s-bound = { $volume } in { $zone }
k8s-bound-no-zone = { $volume } (no zone)
k8s-from-template = from StatefulSet { $owner }
k8s-implicit = not declared (its pods live in it)
k8s-every-pod = every pod of the namespace
k8s-pod-count = { $count ->
    [one] { $count } pod
   *[other] { $count } pods
}
k8s-ingress-rules = Ingress
k8s-egress-rules = Egress
k8s-no-rules = no rule: nothing allowed
# Rules of a NetworkPolicy.
k8s-any-labels = any labels
k8s-peer-pods-here = pods with { $pods } in this namespace
k8s-peer-pods-in = pods with { $pods } in namespaces with { $namespaces }
k8s-peer-namespaces = every pod in namespaces with { $namespaces }
k8s-peer-ip-except = { $cidr } except { $except }
k8s-peer-anyone = anyone
k8s-or = , or{" "}
k8s-every-port = every port
k8s-rule-from = from { $peers } on { $ports }
k8s-rule-to = to { $peers } on { $ports }
k8s-isolates-both = isolates ingress and egress
k8s-isolates-ingress = isolates ingress
k8s-isolates-egress = isolates egress
k8s-isolates-none = isolates nothing
# Actions.
k8s-show-pods = Show pods
k8s-show-pods-label = Show pods of { $name }
k8s-policy-shown = { $name } selects { $pods } ({ $isolates }): highlighted on the nodes and the canvas.
k8s-edit = Edit YAML
k8s-edit-label = Edit YAML of { $kind } { $name }
k8s-delete = Delete
k8s-delete-label = Delete { $kind } { $name }
k8s-add = Add { $kind }
k8s-read-only = This design is read-only.
# The YAML dialog.
k8s-dialog-edit-title = Edit { $kind } { $name }
k8s-dialog-add-title = New { $kind }
k8s-dialog-label = Manifest (YAML)
k8s-dialog-help = Only this object's document changes: the other documents and their comments stay as they are. Undo takes the change back.
k8s-apply = Apply
k8s-cancel = Cancel
k8s-refused = Not applied — nothing changed.
# Refusals of a typed manifest.
k8s-error-at-field-value = Line { $line }, { $field } = { $value }
k8s-error-at-field = Line { $line }, { $field }
k8s-error-at-line = Line { $line }
k8s-error-field = { $field }
k8s-error-empty = the manifest is empty
k8s-error-several = one object per dialog: remove the "---" line and what follows it, and add it as its own object
k8s-error-syntax = not valid YAML ({ $detail })
k8s-error-not-mapping = a manifest is a mapping of fields (apiVersion, kind, metadata, spec)
k8s-error-kind = this list holds { $kind } objects: kind must be { $kind }
k8s-error-no-name = metadata.name is required
k8s-error-taken = { $key } already exists; give it another name
k8s-error-gone = { $key } is no longer in the manifests
# The canvas badge of a Service.
k8s-service-badge = Service { $name }: { $pods }
k8s-volume-title-used = EBS volume { $volume } (claim { $claim }) in { $zone }, attached to pod { $pod }
k8s-volume-title-unused = EBS volume { $volume } (claim { $claim }) in { $zone }: no pod uses it now; its pod can run only in { $zone }
