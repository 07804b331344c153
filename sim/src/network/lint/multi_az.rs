//! Things that need two availability zones: ALBs (L3), EKS clusters, Multi-AZ databases; and
//! internet-facing load balancers that need public subnets (L3).

use std::collections::BTreeSet;

use super::{label, routes_not_captured, Diagnostic, Severity};
use crate::network::fix::{internet_route_edits_in, Fix};
use crate::network::model::*;

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
                format!(
                    "application load balancer {} has subnets in {} availability zone(s); an ALB needs subnets in at least two zones",
                    label(&lb.name, &lb.id),
                    az.len()
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
                        format!(
                            "internet-facing load balancer {} uses subnet {}, which has no route to an internet gateway; internet-facing load balancers must sit in public subnets",
                            label(&lb.name, &lb.id),
                            label(&s.name, &s.id)
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
                format!(
                    "all {} Kubernetes nodes are in one availability zone; EKS needs subnets in at least two zones, and one zone failing would take the whole cluster down",
                    nodes.len()
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
                format!(
                    "the subnet group of database {} covers {} availability zone(s); RDS requires a DB subnet group with subnets in at least two zones",
                    label(&db.name, &db.id),
                    az.len()
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
