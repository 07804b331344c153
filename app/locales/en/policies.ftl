# The route table, security group and network ACL list views (app/src/components/policies.rs).
pol-all = all
pol-none = none
pol-add = Add
pol-subnets = Subnets:
pol-protocol = Protocol
pol-ports = Ports
pol-destination = Destination
pol-source = Source
pol-target = Target
pol-state = State
pol-allow = allow
pol-deny = deny
pol-state-active = active
pol-state-blackhole = blackhole
# Route tables.
pol-rt-note = { $count ->
    [one] { $vpc } · { $count } subnet
   *[other] { $vpc } · { $count } subnets
}
pol-rt-note-main = { $count ->
    [one] { $vpc } · main · { $count } subnet
   *[other] { $vpc } · main · { $count } subnets
}
pol-rt-new = New route table
pol-rt-none = No route tables yet: add a VPC.
pol-rt-title-main = { $title } (main)
pol-rt-remove = Remove route
pol-rt-destination = Route destination
pol-rt-destination-placeholder = {$v4}, {$v6} or pl-…
pol-rt-target = Route target
pol-rt-add = Add route
pol-rt-implicit = implicitly associated (main table)
pol-rt-subnet-main = { $subnet } (main)
# Security groups.
pol-sg-note = { $inbound } in · { $outbound } out
pol-sg-new-placeholder = new group name
pol-sg-new-name = New security group name
pol-sg-create = Create
pol-sg-none = No security groups yet: add a VPC.
pol-sg-default-note = This is the VPC's default group: every instance placed on the canvas gets it unless you attach another (AWS does the same when no group is chosen). Its inbound rule lets members reach each other on every port. Members now:{" "}
pol-sg-attached = Attached to:
pol-sg-outbound = Outbound (allow)
pol-sg-inbound = Inbound (allow)
pol-sg-remove = Remove rule
pol-sg-no-rules = No rules: a security group allows only what its rules list, so everything is denied.
pol-sg-new-outbound-protocol = Protocol of a new outbound rule
pol-sg-new-inbound-protocol = Protocol of a new inbound rule
pol-sg-peer-placeholder = 0.0.0.0/0, sg-… or pl-…
# Network ACLs.
pol-nacl-note = { $count ->
    [one] { $count } rule
   *[other] { $count } rules
}
pol-nacl-note-default = { $count ->
    [one] default · { $count } rule
   *[other] default · { $count } rules
}
pol-nacl-new = New network ACL
pol-nacl-none = No network ACLs yet: add a VPC.
pol-nacl-title-default = { $title } (default)
pol-nacl-outbound = Outbound (lowest number first)
pol-nacl-inbound = Inbound (lowest number first)
pol-nacl-action = Action
pol-nacl-remove = Remove entry
pol-nacl-new-protocol = Protocol of the new entry
pol-nacl-allow-or-deny = Allow or deny
pol-rt-propagation = Route propagation
pol-rt-propagate-from = Propagate routes from { $vgw }
pol-rt-propagated = propagated
pol-rt-propagated-hint = Propagated by { $vgw } from its VPN connections; turn off propagation to remove it
