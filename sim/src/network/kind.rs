//! The kinds of component, one list for the whole crate and its users: what a trace hop
//! happens at (route tables, NACLs, security groups, interfaces…), what the canvas places and
//! draws (the [`ComponentKind::PALETTE`], which adds the availability-zone box, the bastion
//! and Kubernetes-node roles of an instance, and pods), and what [`super::edit::add`] creates.
//!
//! **Invariant**: the serialized names (kebab-case, e.g. `network-acl`) are part of the trace
//! JSON contract; variants are only ever added, and the tracer's kinds keep their order.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ComponentKind {
    Internet,
    AwsService,
    Instance,
    NetworkInterface,
    SecurityGroup,
    NetworkAcl,
    RouteTable,
    Subnet,
    Vpc,
    InternetGateway,
    NatGateway,
    PeeringConnection,
    VpcEndpoint,
    LoadBalancer,
    Listener,
    TargetGroup,
    Database,
    /// The box of one availability zone inside a VPC (a layout key, not a model object).
    AvailabilityZone,
    /// An instance in the bastion role.
    Bastion,
    /// An instance in the Kubernetes-node role.
    KubernetesNode,
    /// A pod of the design's cluster, placed by the scheduler on a Kubernetes node.
    Pod,
    /// A transit gateway (T1).
    TransitGateway,
    /// A transit gateway attachment (VPC, VPN or peering, T2).
    TransitGatewayAttachment,
    /// A transit gateway route table (T5).
    TransitGatewayRouteTable,
    /// A virtual private gateway (G1).
    VpnGateway,
    /// A Site-to-Site VPN connection (G2).
    VpnConnection,
    /// An egress-only internet gateway (`eigw-…`, docs/SEMANTICS.md#x4).
    EgressOnlyInternetGateway,
    /// A customer gateway: the on-premises end of a Site-to-Site VPN (G2).
    CustomerGateway,
    /// The "on-premises" box drawn outside the cloud, holding the customer gateways and
    /// their VPN connections (a layout key, not a model object).
    OnPremises,
}

impl ComponentKind {
    /// What the canvas palette offers, in its order: containers, gateways, then what runs
    /// inside subnets.
    pub const PALETTE: [ComponentKind; 17] = [
        ComponentKind::Vpc,
        ComponentKind::AvailabilityZone,
        ComponentKind::Subnet,
        ComponentKind::InternetGateway,
        ComponentKind::EgressOnlyInternetGateway,
        ComponentKind::NatGateway,
        ComponentKind::TransitGateway,
        ComponentKind::VpnGateway,
        ComponentKind::CustomerGateway,
        ComponentKind::VpcEndpoint,
        ComponentKind::Bastion,
        ComponentKind::Instance,
        ComponentKind::LoadBalancer,
        ComponentKind::Database,
        ComponentKind::KubernetesNode,
        ComponentKind::Pod,
        // Outside the VPCs: S3, DynamoDB, SQS… (docs/SEMANTICS.md#w1).
        ComponentKind::AwsService,
    ];

    /// The serialized name (`kubernetes-node`), also used as a test id, a CSS class and a
    /// drag-and-drop payload.
    pub fn slug(self) -> &'static str {
        use ComponentKind as K;
        match self {
            K::Internet => "internet",
            K::AwsService => "aws-service",
            K::Instance => "instance",
            K::NetworkInterface => "network-interface",
            K::SecurityGroup => "security-group",
            K::NetworkAcl => "network-acl",
            K::RouteTable => "route-table",
            K::Subnet => "subnet",
            K::Vpc => "vpc",
            K::InternetGateway => "internet-gateway",
            K::NatGateway => "nat-gateway",
            K::PeeringConnection => "peering-connection",
            K::VpcEndpoint => "vpc-endpoint",
            K::LoadBalancer => "load-balancer",
            K::Listener => "listener",
            K::TargetGroup => "target-group",
            K::Database => "database",
            K::AvailabilityZone => "availability-zone",
            K::Bastion => "bastion",
            K::KubernetesNode => "kubernetes-node",
            K::Pod => "pod",
            K::TransitGateway => "transit-gateway",
            K::TransitGatewayAttachment => "transit-gateway-attachment",
            K::TransitGatewayRouteTable => "transit-gateway-route-table",
            K::VpnGateway => "vpn-gateway",
            K::VpnConnection => "vpn-connection",
            K::EgressOnlyInternetGateway => "egress-only-internet-gateway",
            K::CustomerGateway => "customer-gateway",
            K::OnPremises => "on-premises",
        }
    }

    /// The palette kind named by [`ComponentKind::slug`].
    pub fn from_slug(slug: &str) -> Option<ComponentKind> {
        ComponentKind::PALETTE
            .into_iter()
            .find(|k| k.slug() == slug)
    }

    /// The thing with its article, for sentences.
    pub fn noun(self) -> &'static str {
        use ComponentKind as K;
        match self {
            K::Internet => "the internet",
            K::AwsService => "an AWS service",
            K::Instance => "an EC2 instance",
            K::NetworkInterface => "a network interface",
            K::SecurityGroup => "a security group",
            K::NetworkAcl => "a network ACL",
            K::RouteTable => "a route table",
            K::Subnet => "a subnet",
            K::Vpc => "a VPC",
            K::InternetGateway => "an internet gateway",
            K::NatGateway => "a NAT gateway",
            K::PeeringConnection => "a peering connection",
            K::VpcEndpoint => "a VPC endpoint",
            K::LoadBalancer => "a load balancer",
            K::Listener => "a listener",
            K::TargetGroup => "a target group",
            K::Database => "a database",
            K::AvailabilityZone => "an availability zone",
            K::Bastion => "a bastion host",
            K::KubernetesNode => "a Kubernetes node",
            K::Pod => "a pod",
            K::TransitGateway => "a transit gateway",
            K::TransitGatewayAttachment => "a transit gateway attachment",
            K::TransitGatewayRouteTable => "a transit gateway route table",
            K::VpnGateway => "a virtual private gateway",
            K::VpnConnection => "a VPN connection",
            K::EgressOnlyInternetGateway => "an egress-only internet gateway",
            K::CustomerGateway => "a customer gateway",
            K::OnPremises => "the on-premises network",
        }
    }

    /// Containers are drawn as boxes that hold other components. A Kubernetes node is an
    /// instance tile: its pods are placed by the scheduler, not dropped in. The on-premises
    /// box holds the customer gateways, which the canvas places there itself.
    pub fn is_container(self) -> bool {
        matches!(
            self,
            ComponentKind::Vpc
                | ComponentKind::AvailabilityZone
                | ComponentKind::Subnet
                | ComponentKind::OnPremises
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_slug_is_the_serialized_name_and_palette_slugs_round_trip() {
        for k in ComponentKind::PALETTE {
            assert_eq!(ComponentKind::from_slug(k.slug()), Some(k));
        }
        for k in ComponentKind::PALETTE
            .into_iter()
            .chain([ComponentKind::NetworkAcl, ComponentKind::AwsService])
        {
            assert_eq!(
                serde_json::to_value(k).unwrap(),
                serde_json::Value::String(k.slug().into())
            );
        }
        assert_eq!(ComponentKind::from_slug("router"), None);
    }
}
