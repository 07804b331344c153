# Why an edit changed nothing, in the app's own words (app/src/bridge/mod.rs `Refused`). The
# reasons `sim` gives are sim's own English; their Korean is in ko/sim-edits.ftl.
edits-no-automatic-fix = this finding has no automatic fix
edits-not-a-rule-number = `{ $number }` is not a rule number
edits-pod-needs-node = A pod needs a Kubernetes node to run on: place an EC2 instance with the role Kubernetes node in a subnet first.
edits-flow-already-saved = This test flow is already saved.
