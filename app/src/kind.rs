//! The words the palette and the properties panel show for each kind of component. The kinds
//! themselves are `sim`'s one list ([`sim::network::ComponentKind`]); this adds only UI text.

pub use sim::network::ComponentKind;

/// A learner-facing name and one-line hint for a component kind.
pub trait KindText {
    fn label(self) -> &'static str;
    /// One line for the palette tooltip: what the thing is for, in a learner's words.
    fn hint(self) -> &'static str;
}

impl KindText for ComponentKind {
    fn label(self) -> &'static str {
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
            // Parts a trace passes through, never drawn as a palette item.
            other => other.slug(),
        }
    }

    fn hint(self) -> &'static str {
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
            other => other.noun(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn every_palette_kind_has_its_own_words() {
        let mut labels: Vec<&str> = ComponentKind::PALETTE.iter().map(|k| k.label()).collect();
        labels.sort();
        labels.dedup();
        assert_eq!(labels.len(), ComponentKind::PALETTE.len());
        assert!(ComponentKind::PALETTE.iter().all(|k| !k.hint().is_empty()));
    }
}
