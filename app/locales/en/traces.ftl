# The Traces tab (app/src/components/traces.rs): the flow form, the verdict, the hop player
# and table, the saved test flows and the reachability matrix.
trace-from = From
trace-to = To
trace-endpoint-title = An instance, load balancer or database id, an IP address, internet, or with manifests pod:NS/NAME, service:NS/NAME, ingress:NS/NAME, node:NAME
trace-from-label = from
trace-to-label = to
trace-pick-title = Pick on the canvas
trace-pick = pick
trace-picking = click a component…
trace-protocol = Protocol
trace-port-placeholder = port
trace-port = Port
trace-run = Trace
trace-matrix-show = Reachability matrix
trace-matrix-hide = Hide matrix
trace-intro = Choose a source and a destination (or pick them on the canvas), then Trace. The packet is followed hop by hop, forward and back.
# The saved test flows.
test-flows = Test flows
save-flow-allowed = Save: must be allowed
save-flow-denied = Save: must be denied
flow-pass = pass
flow-fail = fail
flow-error = error
flow-must-be-allowed = — must be allowed
flow-must-be-denied = — must be denied
remove-test-flow = Remove test flow
# The verdict.
trace-assumption = This verdict rests on an assumption about { $block }: { $message }
trace-reachable = Reachable.
trace-reachable-detail = The request gets there and the reply gets back.
trace-unreachable = Unreachable
trace-blocked-by = — blocked by { $component } ({ $code }).
trace-apply-fix = Apply fix: { $summary }
trace-decided-at = Decided at
trace-more-blockers = { $count ->
    [one] { $count } more thing to change on this path
   *[other] { $count } more things to change on this path
}
# The live region, when a trace is run.
trace-said-reachable = Trace from { $from } to { $to } { $protocol } { $port }: reachable, the request gets there and the reply gets back.
trace-said-unreachable = Trace from { $from } to { $to } { $protocol } { $port }: unreachable, blocked by { $component } ({ $code }).
trace-said-error = Trace not run: { $error }
# The player and the hop table.
trace-player = Step through the trace
trace-first-hop = First hop
trace-step-back = Step back
trace-step-forward = Step forward
trace-play = Play
trace-pause = Pause
trace-speed = Speed
trace-step = hop { $step } of { $total }
hop-number = #
hop-path = Path
hop-component = Component
hop-direction = Direction
hop-decision = Decision
hop-rule = Rule
hop-why = Why
hop-written-at = Written at
hop-return = return
hop-forward = forward
hop-as-if-fixed = (as if fixed)
hop-show-rule-title = Show this rule in its list (route tables, network ACLs or security groups)
hop-show-rule = show
direction-outbound = outbound
direction-inbound = inbound
direction-through = through
decision-allow = allow
decision-deny = deny
decision-forward = forward
decision-translate = translate
decision-deliver = deliver
decision-drop = drop
decision-skip = skip
# The reachability matrix.
matrix-empty = Add instances, load balancers or databases to see who can reach whom.
matrix-corner = from \ to
matrix-cell-reachable = { $from } → { $to }:{ $port } reachable
matrix-cell-blocked = { $from } → { $to }:{ $port } blocked by { $component } ({ $code })
matrix-open-reachable = reachable: open trace
matrix-open-blocked = blocked: open trace
matrix-protocol = Matrix protocol
matrix-ports = Ports
matrix-hint = Click a cell to open its trace.
matrix-filter = Filter the matrix rows and columns
matrix-filter-placeholder = Filter by name
trace-endpoint-pod = pod { $name } ({ $detail })
trace-endpoint-service = Service { $name } (ClusterIP { $detail })
trace-endpoint-ingress = Ingress { $name } (the ALB { $detail } the AWS Load Balancer Controller would create)
trace-endpoint-node = node { $name } ({ $detail })
trace-cluster-note = Pods, Services, Ingresses and nodes come from the design's manifests, run with cluster seed { $seed } (the CLI answers the same with stratosim trace --manifests … --seed { $seed }).
trace-reason-network-policy-ingress = A NetworkPolicy selects the destination pod for ingress, and no policy selecting it allows this connection in.
trace-reason-network-policy-egress = A NetworkPolicy selects the source pod for egress, and no policy selecting it allows this connection out.
trace-reason-service-no-endpoints = The Service has no ready pod to send the connection to.
trace-reason-service-port-mismatch = The Service does not listen on this port.
trace-reason-service-target-port-unresolved = The Service's named targetPort is a port no container of the pod declares.
trace-endpoint-internet = the internet
trace-flow-not-a-protocol = `{ $value }` is not a protocol: use tcp, udp, icmp, all or an IP protocol number
trace-flow-not-a-port = `{ $value }` is not a port number (0–65535)
trace-refused-no-manifests = the design has no Kubernetes manifests (import them in the Cluster tab) to trace pods, Services, Ingresses or nodes
trace-refused-manifests-broken = the design's Kubernetes manifests do not load: { $errors }
