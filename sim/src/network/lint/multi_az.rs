//! Things that need two availability zones: ALBs (L3), EKS clusters, Multi-AZ databases; and
//! internet-facing load balancers that need public subnets (L3).

use std::collections::BTreeSet;

use super::{label, routes_not_captured, Diagnostic, Severity};
use crate::network::fix::{internet_route_edits_in, Fix};
use crate::network::model::*;
use crate::network::msg::msg;

fn zones<'a>(
    ix: &super::Lookup<'a>,
    subnets: impl Iterator<Item = &'a String>,
) -> BTreeSet<&'a str> {
    subnets
        .filter_map(|s| ix.subnet(s))
        .map(|s| s.availability_zone.as_str())
        .collect()
}

pub fn check(ix: &super::Lookup, out: &mut Vec<Diagnostic>) {
    let net = ix.net;
    for lb in &net.load_balancers {
        let mut az = zones(ix, lb.subnets.iter());
        // A load balancer has at most one subnet per zone (L3), so in a capture each subnet
        // not in the files is a zone of its own (its `AvailabilityZones` entry, Q1).
        if net.is_capture() {
            az.extend(
                lb.subnets
                    .iter()
                    .filter(|s| ix.subnet(s).is_none())
                    .map(String::as_str),
            );
        }
        if lb.kind == LoadBalancerKind::Application && az.len() < 2 {
            out.push(Diagnostic::new(
                "LB_SINGLE_AZ",
                Severity::Error,
                &lb.id,
                msg!(
                    "lint-lb-single-az",
                    "application load balancer {lb} has subnets in {count} availability zone(s); an ALB needs subnets in at least two zones",
                    lb = label(&lb.name, &lb.id),
                    count = az.len()
                ),
                None,
            ));
        }
        if lb.scheme == LoadBalancerScheme::InternetFacing {
            for s in lb.subnets.iter().filter_map(|s| ix.subnet(s)) {
                if ix.igw_route(&s.id).is_none() && !routes_not_captured(net, &s.id) {
                    out.push(Diagnostic::new(
                        "LB_INTERNET_FACING_PRIVATE_SUBNET",
                        Severity::Error,
                        &lb.id,
                        msg!(
                            "lint-lb-private-subnet",
                            "internet-facing load balancer {lb} uses subnet {subnet}, which has no route to an internet gateway; internet-facing load balancers must sit in public subnets",
                            lb = label(&lb.name, &lb.id),
                            subnet = label(&s.name, &s.id)
                        ),
                        internet_route_edits_in(ix, &s.id).map(|(summary, edits)| Fix::new(summary, edits)),
                    ));
                }
            }
        }
    }
    let nodes: Vec<&Instance> = net
        .instances
        .iter()
        .filter(|i| {
            matches!(
                i.role,
                InstanceRole::KubernetesNode | InstanceRole::KubernetesControlPlane
            )
        })
        .collect();
    if !nodes.is_empty() {
        let az = zones(ix, nodes.iter().map(|i| &i.subnet_id));
        if az.len() < 2 {
            let vpc = net
                .subnet(&nodes[0].subnet_id)
                .map(|s| s.vpc_id.clone())
                .unwrap_or_else(|| nodes[0].id.clone());
            out.push(Diagnostic::new(
                "EKS_SINGLE_AZ",
                Severity::Warning,
                &vpc,
                msg!(
                    "lint-eks-single-az",
                    "all {count} Kubernetes nodes are in one availability zone; EKS needs subnets in at least two zones, and one zone failing would take the whole cluster down",
                    count = nodes.len()
                ),
                None,
            ));
        }
    }
    for db in &net.databases {
        let az = zones(ix, db.subnet_group.iter());
        if az.len() < 2 {
            out.push(Diagnostic::new(
                "DB_SUBNET_GROUP_SINGLE_AZ",
                if db.multi_az { Severity::Error } else { Severity::Warning },
                &db.id,
                msg!(
                    "lint-db-single-az",
                    "the subnet group of database {db} covers {count} availability zone(s); RDS requires a DB subnet group with subnets in at least two zones",
                    db = label(&db.name, &db.id),
                    count = az.len()
                ),
                None,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check;
    use crate::network::model::*;

    fn alb(subnets: &[&str]) -> LoadBalancer {
        LoadBalancer {
            id: "lb-web".into(),
            vpc_id: "vpc-0a1b2c3d".into(),
            subnets: subnets.iter().map(|s| s.to_string()).collect(),
            ..LoadBalancer::default()
        }
    }

    #[test]
    fn multi_az_cases() {
        let cases: Vec<(&str, crate::network::lint::testing::Mutation, &str, usize)> = vec![
            (
                "an ALB in one AZ is reported (L3)",
                Box::new(|n| n.load_balancers.push(alb(&["subnet-0a11"]))),
                "LB_SINGLE_AZ",
                1,
            ),
            (
                "an ALB in two AZs passes (L3)",
                Box::new(|n| n.load_balancers.push(alb(&["subnet-0a11", "subnet-0b22"]))),
                "LB_SINGLE_AZ",
                0,
            ),
            (
                "an internet-facing ALB in a private subnet is reported (L3)",
                Box::new(|n| n.load_balancers.push(alb(&["subnet-0a11", "subnet-0b22"]))),
                "LB_INTERNET_FACING_PRIVATE_SUBNET",
                1,
            ),
            (
                "Kubernetes nodes in one AZ are reported (seed 004)",
                Box::new(|n| n.instances[1].role = InstanceRole::KubernetesNode),
                "EKS_SINGLE_AZ",
                1,
            ),
        ];
        for (name, edit, code, count) in cases {
            assert_eq!(check(edit, code).len(), count, "{name}");
        }
    }
}
