//! An internet gateway must be attached to a VPC to carry traffic (I1a).

use super::{label, Diagnostic, Severity};
use crate::network::fix::{Edit, Fix};
use crate::network::model::*;
use crate::network::msg::msg;

pub fn check(ix: &super::Lookup, out: &mut Vec<Diagnostic>) {
    let net = ix.net;
    for g in &net.internet_gateways {
        let attached_ok = g
            .attached_vpc
            .as_deref()
            // In a capture the VPC it is attached to may not be in the files (Q1).
            .map(|v| net.vpc(v).is_some() || net.is_capture())
            .unwrap_or(false);
        if attached_ok {
            continue;
        }
        // Which VPC wants it? The VPC of a route table routing to it, else the only VPC.
        let wanted = net
            .route_tables
            .iter()
            .find(|t| {
                t.routes
                    .iter()
                    .any(|r| r.target.kind == TargetKind::Igw && r.target.id == g.id)
            })
            .map(|t| t.vpc_id.clone())
            .or_else(|| {
                if net.vpcs.len() == 1 {
                    Some(net.vpcs[0].id.clone())
                } else {
                    None
                }
            });
        let taken = |vpc: &str| {
            net.internet_gateways
                .iter()
                .any(|o| o.id != g.id && o.attached_vpc.as_deref() == Some(vpc))
        };
        let fix = wanted.filter(|v| !taken(v)).map(|vpc| {
            Fix::new(
                msg!("fix-attach-igw", "attach {igw} to {vpc}", igw = g.id, vpc),
                vec![Edit::AttachInternetGateway {
                    internet_gateway: g.id.clone(),
                    vpc,
                }],
            )
        });
        out.push(Diagnostic::new(
            "IGW_NOT_ATTACHED",
            Severity::Warning,
            &g.id,
            msg!(
                "lint-igw-not-attached",
                "internet gateway {igw} is not attached to any VPC, so no traffic can use it; routes to it are blackholes",
                igw = label(&g.name, &g.id)
            ),
            fix,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check;

    #[test]
    fn igw_not_attached_cases() {
        let cases: Vec<(&str, crate::network::lint::testing::Mutation, usize)> = vec![
            ("an attached IGW passes (I1a)", Box::new(|_| {}), 0),
            (
                "a detached IGW is reported with an attach fix (I1a)",
                Box::new(|n| n.internet_gateways[0].attached_vpc = None),
                1,
            ),
            (
                "an IGW attached to a deleted VPC is reported",
                Box::new(|n| n.internet_gateways[0].attached_vpc = Some("vpc-gone".into())),
                1,
            ),
        ];
        for (name, edit, count) in cases {
            let d = check(edit, "IGW_NOT_ATTACHED");
            assert_eq!(d.len(), count, "{name}");
            if count > 0 {
                assert!(d[0].fix.is_some(), "{name}");
            }
        }
    }
}
