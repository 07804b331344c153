# The "Transit & VPN" list view (app/src/components/transit.rs).
tv-tables-title = Transit gateway route tables
tv-table-note = { $tgw } · { $count ->
    [one] { $count } association
   *[other] { $count } associations
}
tv-no-tables = This design has no transit gateway route table. Add a transit gateway from the palette.
tv-associations = Associated attachments
tv-propagations = Propagating attachments
tv-route-type = Type
tv-blackhole = blackhole (drop)
tv-route-static = static
tv-route-propagated = propagated
tv-route-remove = Remove route
tv-route-cidr = Destination CIDR
tv-route-target = Target attachment
tv-route-add = Add route
tv-attach-title = Attach a VPC to a transit gateway
tv-attach-gateway = Transit gateway
tv-attach-vpc = VPC
tv-attach-subnet = Subnet in { $zone }
tv-attach-no-subnet = none (no attachment in this AZ)
tv-attach-button = Attach
tv-vpn-title = Connect a VPN
tv-vpn-customer-gateway = Customer gateway
tv-vpn-end = AWS side
tv-vpn-routes = On-premises CIDRs (comma separated)
tv-vpn-button = Connect
tv-prefix-lists-title = Prefix lists
tv-prefix-lists-none = This design has no customer-managed prefix list.

## Prefix lists (components/prefix_lists.rs)

pl-note = { $family } · { $count } of { $max } entries
pl-new-name = New prefix list name
pl-name-placeholder = new list name
pl-name = Name
pl-family = Address family
pl-max-entries = Max entries
pl-create = Create prefix list
pl-save = Save
pl-delete = Delete list
pl-cidr = CIDR
pl-description = Description
pl-add-entry = Add entry
pl-remove-entry = Remove entry { $cidr }
pl-aws-managed-note = AWS manages this list (a service's address ranges): it is read-only.
