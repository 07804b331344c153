//! A subnet meant to be public needs a route to an attached internet gateway (R11, I1b).

use super::{label, routes_not_captured, Diagnostic, Severity};
use crate::network::fix::{internet_route_edits_in, Fix};
use crate::network::model::*;
use crate::network::msg::{msg, Text};

/// Why the design looks like it wants this subnet to be public, strongest reason first.
pub(crate) fn public_intent(ix: &super::Lookup, s: &Subnet) -> Option<(Severity, Text)> {
    if let Some(i) = ix.public_instance(&s.id) {
        return Some((
            Severity::Error,
            msg!(
                "lint-intent-public-instance",
                "instance {instance} in it has a public IP",
                instance = label(&i.name, &i.id)
            ),
        ));
    }
    if let Some(lb) = ix.internet_facing_lb(&s.id) {
        return Some((
            Severity::Error,
            msg!(
                "lint-intent-internet-lb",
                "internet-facing load balancer {lb} uses it",
                lb = label(&lb.name, &lb.id)
            ),
        ));
    }
    if let Some(n) = ix.public_nat(&s.id) {
        return Some((
            Severity::Error,
            msg!(
                "lint-intent-public-nat",
                "public NAT gateway {nat} lives in it",
                nat = n.id
            ),
        ));
    }
    if s.map_public_ip_on_launch {
        return Some((
            Severity::Warning,
            msg!("lint-intent-auto-public-ip", "it auto-assigns public IPs"),
        ));
    }
    if s.name.to_ascii_lowercase().contains("public") {
        return Some((
            Severity::Warning,
            msg!("lint-intent-name-public", "its name says public"),
        ));
    }
    None
}

pub fn check(ix: &super::Lookup, out: &mut Vec<Diagnostic>) {
    let net = ix.net;
    for s in &net.subnets {
        if ix.vpc(&s.vpc_id).is_none()
            || ix.igw_route(&s.id).is_some()
            || routes_not_captured(net, &s.id)
        {
            continue;
        }
        let Some((severity, why)) = public_intent(ix, s) else {
            continue;
        };
        let table: Text = match ix.route_table_for_subnet(&s.id) {
            Some(t) => t.id.as_str().into(),
            None => msg!("lint-no-route-table", "(no route table)"),
        };
        let fix =
            internet_route_edits_in(ix, &s.id).map(|(summary, edits)| Fix::new(summary, edits));
        out.push(Diagnostic::new(
            "PUBLIC_SUBNET_NO_IGW_ROUTE",
            severity,
            &s.id,
            msg!(
                "lint-public-subnet-no-igw-route",
                "subnet {subnet} looks public ({why}), but its route table {table} has no 0.0.0.0/0 route to an attached internet gateway, so nothing in it can reach or be reached from the internet",
                subnet = label(&s.name, &s.id),
                why,
                table
            ),
            fix,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check;
    use crate::network::model::*;

    #[test]
    fn public_subnet_without_igw_route_cases() {
        let cases: Vec<(&str, crate::network::lint::testing::Mutation, usize)> = vec![
            (
                "a public subnet with 0.0.0.0/0 → igw passes (R11)",
                Box::new(|_| {}),
                0,
            ),
            (
                "seed 004: the bastion's subnet lost its IGW route (I1b)",
                Box::new(|n| {
                    n.route_tables[1]
                        .routes
                        .retain(|r| r.target.kind != TargetKind::Igw)
                }),
                1,
            ),
            (
                "a private subnet without public intent is fine (R11)",
                Box::new(|n| n.route_tables[1].associations.clear()),
                1,
            ),
            (
                "a route to an unattached IGW does not count (I1a)",
                Box::new(|n| n.internet_gateways[0].attached_vpc = None),
                1,
            ),
        ];
        for (name, edit, count) in cases {
            let d = check(edit, "PUBLIC_SUBNET_NO_IGW_ROUTE");
            assert_eq!(d.len(), count, "{name}: {d:#?}");
            assert!(d.iter().all(|d| d.fix.is_some()), "{name}");
        }
    }
}
