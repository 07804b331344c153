# The properties panel (app/src/components/properties.rs) and the field rows that
# app/src/bridge/mod.rs gives it (`Field::…("prop-…")`).
properties = Properties
props-selected-many = { $count ->
    [one] { $count } component selected. Drag to move it, Delete to remove it.
   *[other] { $count } components selected. Drag to move them together, Delete to remove them.
}
props-select-one = Select a component on the canvas to see and edit its properties.
props-id = ID
props-use-next-free = Use next free /24: { $cidr }
props-use-next-free-64 = Use next free /64: { $cidr }
# Field labels.
prop-name = Name
prop-cidr = CIDR
prop-other-cidrs = Other CIDRs
prop-ipv6-cidr = IPv6 CIDR
prop-region = Region
prop-zone = Zone
prop-vpc = VPC
prop-usable-addresses = Usable addresses
prop-availability-zone = Availability zone
prop-auto-assign-public-ip = Auto-assign public IP
prop-route-table = Route table
prop-network-acl = Network ACL
prop-tier = Tier
prop-attached-to = Attached to
prop-nat-public = Public (has an Elastic IP)
prop-elastic-ip = Elastic IP
prop-private-ip = Private IP
prop-state = State
prop-instance-type = Instance type
prop-public-ip = Public IP
prop-public-address = Public address
prop-source-dest-check = Source/dest check
prop-security-groups = Security groups
prop-default-group = Default group
prop-node-labels = Node labels
prop-node-taints = Node taints
prop-lb-network = Network load balancer (NLB)
prop-lb-internet-facing = Internet-facing
prop-lb-subnets = Subnets (one per AZ)
prop-lb-listeners = Listeners
prop-lb-target-port = Target port
prop-lb-targets = Targets
prop-engine = Engine
prop-port = Port
prop-service-kind = Service
prop-subnet-group = Subnet group
prop-multi-az = Multi-AZ
prop-tgw-route-tables = Route tables
prop-tgw-attachments = Attachments
prop-tgw = Transit gateway
prop-tgw-subnets = Subnets (one per AZ)
prop-tgw-associated = Associated with
prop-tgw-propagates = Propagates to
prop-appliance-mode = Appliance mode
prop-vgw-propagates = Propagates to route tables
prop-cgw-ip = Public IP address
prop-cgw-asn = BGP ASN
prop-vpn-customer-gateway = Customer gateway
prop-vpn-ends-on = Ends on
prop-vpn-routes = On-premises CIDRs
prop-endpoint-service = Service
prop-endpoint-private-dns = Private DNS
# Values that are words, not data.
prop-value-none = none
prop-value-detached = nothing (detached)
prop-tgw-not-associated = no route table (routes nothing)
prop-value-on = on
prop-value-off = off
prop-tier-public = public (routes to an internet gateway)
prop-tier-private = private (no route to an internet gateway)
prop-nat-state-pending = pending
prop-nat-state-available = available
prop-nat-state-deleting = deleting
prop-nat-state-deleted = deleted
prop-nat-state-failed = failed
prop-default-group-note = In { $name } ({ $id }), the VPC's default group, given to every new instance: its members reach each other on every port (so web → db:22 is allowed). Attach your own group and detach this one in Security groups.
