# The bottom panel's tabs and the Problems list around the lint messages
# (app/src/components/bottom_panel.rs).
prob-tab-problems = Problems · { $errors ->
        [one] { $errors } error
       *[other] { $errors } errors
    }, { $warnings ->
        [one] { $warnings } warning
       *[other] { $warnings } warnings
    }
prob-tab-route-tables = Route tables
prob-tab-security-groups = Security groups
prob-tab-network-acls = Network ACLs
prob-tab-transit = Transit & VPN
prob-tab-traces = Traces
prob-tab-cluster = Cluster
prob-tab-history = History
prob-panel = Simulation
prob-tabs = Simulation views
prob-import-notes = Import notes: what this design rests on
prob-fix = Fix: { $summary }
prob-select = Select the component on the canvas
prob-sev-error = error
prob-sev-warning = warning
prob-sev-info = info
prob-show = Show{" "}
prob-show-all = everything ({ $count })
prob-show-errors-warnings = errors and warnings ({ $count })
prob-show-errors = errors only ({ $count })
prob-hidden = { $count ->
    [one] { $count } info note hidden
   *[other] { $count } info notes hidden
}
prob-none = No problems found: every lint passes.
# A group of info notes of one lint: how many, and the first one's message.
prob-group = { $count ->
    [one] { $count } note
   *[other] { $count } notes
} · { $message } …
