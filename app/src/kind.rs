//! The kinds of component a user can place, with the words the palette shows for them.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ComponentKind {
    Vpc,
    AvailabilityZone,
    Subnet,
    InternetGateway,
    NatGateway,
    Bastion,
    Instance,
    LoadBalancer,
    Database,
    KubernetesNode,
    Pod,
}

impl ComponentKind {
    /// Palette order: containers first, then gateways, then what runs inside subnets.
    pub const ALL: [ComponentKind; 11] = [
        ComponentKind::Vpc,
        ComponentKind::AvailabilityZone,
        ComponentKind::Subnet,
        ComponentKind::InternetGateway,
        ComponentKind::NatGateway,
        ComponentKind::Bastion,
        ComponentKind::Instance,
        ComponentKind::LoadBalancer,
        ComponentKind::Database,
        ComponentKind::KubernetesNode,
        ComponentKind::Pod,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ComponentKind::Vpc => "VPC",
            ComponentKind::AvailabilityZone => "Availability zone",
            ComponentKind::Subnet => "Subnet",
            ComponentKind::InternetGateway => "Internet gateway",
            ComponentKind::NatGateway => "NAT gateway",
            ComponentKind::Bastion => "Bastion host",
            ComponentKind::Instance => "EC2 instance",
            ComponentKind::LoadBalancer => "Load balancer",
            ComponentKind::Database => "Database",
            ComponentKind::KubernetesNode => "Kubernetes node",
            ComponentKind::Pod => "Pod",
        }
    }

    /// One line for the palette tooltip: what the thing is for, in a learner's words.
    pub fn hint(self) -> &'static str {
        match self {
            ComponentKind::Vpc => "Your private network in a region, with one or more CIDR blocks",
            ComponentKind::AvailabilityZone => {
                "An isolated data centre of the region; subnets live in exactly one"
            }
            ComponentKind::Subnet => {
                "A CIDR slice of the VPC in one AZ; public if its route table points at an IGW"
            }
            ComponentKind::InternetGateway => {
                "Connects the VPC to the internet; attach it to a VPC edge"
            }
            ComponentKind::NatGateway => "Lets private subnets reach out to the internet, never in",
            ComponentKind::Bastion => {
                "A hardened instance in a public subnet: the one SSH door for admins"
            }
            ComponentKind::Instance => "An EC2 instance (its ENI lives in one subnet)",
            ComponentKind::LoadBalancer => {
                "An ALB or NLB spreading traffic across targets in two or more AZs"
            }
            ComponentKind::Database => "A managed database (RDS) in a private DB subnet group",
            ComponentKind::KubernetesNode => "A worker node: an instance that runs pods",
            ComponentKind::Pod => {
                "A pod scheduled onto a Kubernetes node; gets an IP from the node's subnet"
            }
        }
    }

    /// Stable slug used in test ids, CSS classes and drag-and-drop payloads.
    pub fn slug(self) -> &'static str {
        match self {
            ComponentKind::Vpc => "vpc",
            ComponentKind::AvailabilityZone => "availability-zone",
            ComponentKind::Subnet => "subnet",
            ComponentKind::InternetGateway => "internet-gateway",
            ComponentKind::NatGateway => "nat-gateway",
            ComponentKind::Bastion => "bastion",
            ComponentKind::Instance => "instance",
            ComponentKind::LoadBalancer => "load-balancer",
            ComponentKind::Database => "database",
            ComponentKind::KubernetesNode => "kubernetes-node",
            ComponentKind::Pod => "pod",
        }
    }

    pub fn from_slug(slug: &str) -> Option<ComponentKind> {
        ComponentKind::ALL.into_iter().find(|k| k.slug() == slug)
    }

    /// Containers are drawn as boxes that hold other components. A Kubernetes node is an
    /// instance tile: its pods are placed by the scheduler and drawn beside it, not dropped in.
    pub fn is_container(self) -> bool {
        matches!(
            self,
            ComponentKind::Vpc | ComponentKind::AvailabilityZone | ComponentKind::Subnet
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn every_slug_round_trips() {
        for kind in ComponentKind::ALL {
            assert_eq!(ComponentKind::from_slug(kind.slug()), Some(kind));
        }
        assert_eq!(ComponentKind::from_slug("router"), None);
    }
}
