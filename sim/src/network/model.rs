//! The AWS VPC model: plain serde data with AWS-style string ids.
//!
//! **Invariant**: every type here loads from any JSON that has the right shape, even if the
//! design is half-edited (dangling ids, invalid CIDRs). Validation is the lints' job, and
//! the tracer treats anything it cannot resolve as a blocked hop with an explanation,
//! never a panic. Collections are `Vec`s in the learner's order; nothing iterates a hash map.

use serde::{Deserialize, Serialize};

/// How messages name a component: `public-a (subnet-0a11)`, or just the id when the name is
/// empty or repeats it. The one form the lints, the tracer and the grader all print.
pub(crate) fn label(name: &str, id: &str) -> String {
    if name.is_empty() || name == id {
        id.to_string()
    } else {
        format!("{name} ({id})")
    }
}

/// A whole network: one region's VPCs and everything in them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Network {
    /// e.g. `ap-northeast-2`.
    pub region: String,
    /// Availability zones the design uses, e.g. `ap-northeast-2a`.
    pub availability_zones: Vec<String>,
    pub vpcs: Vec<Vpc>,
    pub subnets: Vec<Subnet>,
    pub route_tables: Vec<RouteTable>,
    pub internet_gateways: Vec<InternetGateway>,
    pub nat_gateways: Vec<NatGateway>,
    pub peering_connections: Vec<PeeringConnection>,
    pub vpc_endpoints: Vec<VpcEndpoint>,
    pub prefix_lists: Vec<PrefixList>,
    pub security_groups: Vec<SecurityGroup>,
    pub network_acls: Vec<NetworkAcl>,
    pub instances: Vec<Instance>,
    pub load_balancers: Vec<LoadBalancer>,
    pub target_groups: Vec<TargetGroup>,
    pub databases: Vec<Database>,
    /// Transit gateways (T1): regional routers drawn outside the VPCs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub transit_gateways: Vec<TransitGateway>,
    /// VPC, VPN and peering attachments of the transit gateways (T2–T4).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub transit_gateway_attachments: Vec<TransitGatewayAttachment>,
    /// Transit gateway route tables with their associations, propagations and routes (T5–T9).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub transit_gateway_route_tables: Vec<TransitGatewayRouteTable>,
    /// Virtual private gateways: the AWS side of Site-to-Site VPN connections to a VPC (G1).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub vpn_gateways: Vec<VpnGateway>,
    /// Customer gateways: the on-premises side of VPN connections (G2).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub customer_gateways: Vec<CustomerGateway>,
    /// Site-to-Site VPN connections, on a virtual private gateway or a transit gateway (G2).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub vpn_connections: Vec<VpnConnection>,
    /// Set when the network was read from a capture (AWS CLI `describe-*` output) rather than
    /// drawn: what the files did not hold is "not captured", not deleted (docs/SEMANTICS.md#q1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capture: Option<Capture>,
    /// Egress-only internet gateways (X4): IPv6 traffic out and its replies back, nothing in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub egress_only_internet_gateways: Vec<EgressOnlyInternetGateway>,
    /// Regional AWS services the design talks to (S3, DynamoDB, SQS, …), drawn outside the
    /// VPCs; each is a trace endpoint by its id (docs/SEMANTICS.md#w1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aws_services: Vec<AwsService>,
}

/// What a captured network rests on beyond its components (docs/SEMANTICS.md#q1–q5).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Capture {
    /// Components the importer added because the capture refers to them without holding
    /// them, id → why (an internet gateway an `active` route points at, Q2).
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub assumed: std::collections::BTreeMap<String, String>,
    /// Instances captured in a state other than `running` (`stopped`, `stopping`,
    /// `pending`), id → state: no traffic reaches or leaves them (Q4).
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub not_running: std::collections::BTreeMap<String, String>,
    /// The `VpcId` of captured instances whose subnet is not captured, id → VPC: two of
    /// them in one VPC talk over private addresses (Q5).
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub instance_vpcs: std::collections::BTreeMap<String, String>,
    /// Further network interfaces of captured instances (secondary ones, device index ≥ 1),
    /// ENI id → instance id: each names its instance as a trace endpoint (Q5).
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub interfaces: std::collections::BTreeMap<String, String>,
    /// Customer-managed prefix lists the capture holds without their entries
    /// (`ManagedPrefixListEntries`): they match nothing, and verdicts resting on them say so
    /// (M3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prefix_lists_without_entries: Vec<String>,
}

impl Network {
    /// Is this a capture, so that an id it refers to but does not hold is "not captured"?
    pub fn is_capture(&self) -> bool {
        self.capture.is_some()
    }

    /// The state of a captured instance that is not running, if it is not.
    pub fn not_running(&self, instance: &str) -> Option<&str> {
        self.capture
            .as_ref()
            .and_then(|c| c.not_running.get(instance))
            .map(String::as_str)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Vpc {
    /// `vpc-…`
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// One or more IPv4 CIDR blocks; the first is the primary block (V1).
    pub cidr_blocks: Vec<String>,
    /// IPv6 blocks associated with the VPC (`Ipv6CidrBlockAssociationSet`, a /56 each, X1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ipv6_cidr_blocks: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Subnet {
    /// `subnet-…`
    pub id: String,
    #[serde(default)]
    pub name: String,
    pub vpc_id: String,
    pub cidr: String,
    /// e.g. `ap-northeast-2a` (V4: one subnet, one AZ).
    #[serde(default)]
    pub availability_zone: String,
    /// `MapPublicIpOnLaunch` (I5).
    #[serde(default)]
    pub map_public_ip_on_launch: bool,
    /// The subnet's IPv6 block (a /64 of its VPC's, `Ipv6CidrBlockAssociationSet`, X1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv6_cidr: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RouteTable {
    /// `rtb-…`
    pub id: String,
    #[serde(default)]
    pub name: String,
    pub vpc_id: String,
    /// The VPC's main table, used by every subnet without an explicit association (R1, R2).
    #[serde(default)]
    pub main: bool,
    #[serde(default)]
    pub routes: Vec<Route>,
    /// Subnets explicitly associated with this table.
    #[serde(default)]
    pub associations: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Route {
    pub destination: RouteDestination,
    pub target: RouteTarget,
    #[serde(default)]
    pub state: RouteState,
}

/// `DestinationCidrBlock` or `DestinationPrefixListId` (R8).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RouteDestination {
    Cidr(String),
    PrefixList(String),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouteTarget {
    pub kind: TargetKind,
    /// `local`, `igw-…`, `nat-…`, `pcx-…`, `vpce-…`, `eni-…`, `i-…`, …
    pub id: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    Local,
    Igw,
    Nat,
    Pcx,
    Vpce,
    Eni,
    Instance,
    /// Transit gateway (`tgw-…`, T10).
    Tgw,
    /// Virtual private gateway (`vgw-…`, G1).
    Vgw,
    Other,
    /// Egress-only internet gateway (`eigw-…`, X4): IPv6 only, outbound only.
    Eigw,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RouteState {
    #[default]
    Active,
    /// The target is gone (R9); longest-prefix match still selects it and drops (R10).
    Blackhole,
}

/// A transit gateway (`tgw-…`): a regional router joining VPCs, VPNs and other transit
/// gateways through attachments (T1).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TransitGateway {
    /// `tgw-…`
    pub id: String,
    #[serde(default)]
    pub name: String,
}

/// A virtual private gateway (`vgw-…`, G1).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct VpnGateway {
    /// `vgw-…`
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// The VPC it is attached to, if any (G1).
    #[serde(default)]
    pub attached_vpc: Option<String>,
    /// Route tables with route propagation from this gateway enabled (a route table's
    /// `PropagatingVgws`, G3): its VPN connections' routes appear in them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub propagates_to: Vec<String>,
}

/// A customer gateway (`cgw-…`): the device on the on-premises side (G2).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CustomerGateway {
    /// `cgw-…`
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// Its public IP address.
    #[serde(default)]
    pub ip_address: String,
    /// Its BGP autonomous system number (`BgpAsn`; AWS's default is 65000), G6.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bgp_asn: Option<u32>,
}

/// `State` of `describe-vpn-connections` (G2).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VpnState {
    Pending,
    #[default]
    Available,
    Deleting,
    Deleted,
}

/// A Site-to-Site VPN connection (`vpn-…`, G2).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct VpnConnection {
    /// `vpn-…`
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub customer_gateway_id: String,
    /// The virtual private gateway it ends on (or `None` on a transit gateway).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpn_gateway_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transit_gateway_id: Option<String>,
    /// The on-premises ranges: the connection's static routes (or what BGP advertises).
    #[serde(default)]
    pub routes: Vec<String>,
    #[serde(default)]
    pub state: VpnState,
}

/// What a transit gateway attachment connects (`ResourceType` of
/// `describe-transit-gateway-attachments`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TgwAttachmentKind {
    #[default]
    Vpc,
    Vpn,
    Peering,
}

/// `State` of a transit gateway attachment; only `available` carries traffic (T2).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TgwAttachmentState {
    Initiating,
    PendingAcceptance,
    Pending,
    #[default]
    Available,
    Modifying,
    Deleting,
    Deleted,
    Failed,
    Rejected,
}

/// A transit gateway attachment (`tgw-attach-…`, T2–T4).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TransitGatewayAttachment {
    /// `tgw-attach-…`
    pub id: String,
    #[serde(default)]
    pub name: String,
    pub transit_gateway_id: String,
    #[serde(default)]
    pub kind: TgwAttachmentKind,
    /// The attached VPC (VPC attachments).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    /// One subnet per availability zone: where the gateway's interfaces live (T3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subnet_ids: Vec<String>,
    /// Appliance mode (`ApplianceModeSupport`): one interface for both directions of a flow (T11).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub appliance_mode: bool,
    /// The VPN connection (VPN attachments).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpn_connection_id: Option<String>,
    /// The other transit gateway (peering attachments, T4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peer_transit_gateway_id: Option<String>,
    /// Address ranges on the far side of a VPN attachment (what its BGP session or static
    /// configuration advertises; T4). The on-premises network.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remote_cidrs: Vec<String>,
    #[serde(default)]
    pub state: TgwAttachmentState,
}

/// A transit gateway route table (`tgw-rtb-…`, T5).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TransitGatewayRouteTable {
    /// `tgw-rtb-…`
    pub id: String,
    #[serde(default)]
    pub name: String,
    pub transit_gateway_id: String,
    /// Attachments associated with this table: traffic arriving from them is routed by it (T5).
    #[serde(default)]
    pub associations: Vec<String>,
    /// Attachments whose routes propagate into this table (T6).
    #[serde(default)]
    pub propagations: Vec<String>,
    /// Static routes (and propagated routes as a capture lists them).
    #[serde(default)]
    pub routes: Vec<TgwRoute>,
}

/// One route of a transit gateway route table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TgwRoute {
    /// An IPv4 CIDR.
    pub destination: String,
    /// The attachment traffic goes to; `None` with `blackhole` (T8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachment: Option<String>,
    /// A blackhole route drops matching traffic (T8).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub blackhole: bool,
    /// `static` or `propagated` (`Type` of `search-transit-gateway-routes`, T7).
    #[serde(default)]
    pub origin: TgwRouteOrigin,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TgwRouteOrigin {
    #[default]
    Static,
    Propagated,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct InternetGateway {
    /// `igw-…`
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// The VPC it is attached to, if any (I1a).
    #[serde(default)]
    pub attached_vpc: Option<String>,
}

/// An egress-only internet gateway (`eigw-…`, X4): lets a VPC's IPv6 addresses open
/// connections to the internet and receive the replies, and refuses connections the internet
/// opens. It belongs to one VPC.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EgressOnlyInternetGateway {
    /// `eigw-…`
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// The VPC it is attached to (`Attachments[].VpcId`), if any.
    #[serde(default)]
    pub attached_vpc: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NatGateway {
    /// `nat-…`
    pub id: String,
    #[serde(default)]
    pub name: String,
    pub subnet_id: String,
    #[serde(default)]
    pub connectivity: NatConnectivity,
    /// The Elastic IP of a public NAT gateway (N2).
    #[serde(default)]
    pub public_ip: Option<String>,
    #[serde(default)]
    pub allocation_id: Option<String>,
    #[serde(default)]
    pub private_ip: Option<String>,
    #[serde(default)]
    pub state: NatState,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NatConnectivity {
    #[default]
    Public,
    Private,
}

/// `State` of `describe-nat-gateways` (N7).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NatState {
    Pending,
    #[default]
    Available,
    Deleting,
    Deleted,
    Failed,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PeeringConnection {
    /// `pcx-…`
    pub id: String,
    #[serde(default)]
    pub name: String,
    pub requester_vpc: String,
    pub accepter_vpc: String,
    #[serde(default)]
    pub status: PeeringStatus,
}

/// `Status.Code` of `describe-vpc-peering-connections` (P6).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PeeringStatus {
    PendingAcceptance,
    #[default]
    Active,
    Deleted,
    Rejected,
    Failed,
    Expired,
    Provisioning,
    Deleting,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct VpcEndpoint {
    /// `vpce-…`
    pub id: String,
    #[serde(default)]
    pub name: String,
    pub vpc_id: String,
    /// e.g. `com.amazonaws.ap-northeast-2.s3`.
    pub service: String,
    #[serde(default)]
    pub endpoint_type: EndpointType,
    #[serde(default)]
    pub route_table_ids: Vec<String>,
    /// The service's prefix list (`pl-…`) used as route destination (R12, E4).
    #[serde(default)]
    pub prefix_list_id: Option<String>,
    /// An interface endpoint's network side (E5–E8): its interfaces, groups, DNS and state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interface: Option<InterfaceEndpoint>,
}

/// What an interface endpoint (PrivateLink) puts into its VPC (docs/SEMANTICS.md#e5).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct InterfaceEndpoint {
    /// One network interface per chosen subnet (E5), in the order the subnets were given.
    #[serde(default)]
    pub network_interfaces: Vec<EndpointInterface>,
    /// The interfaces' security groups; empty means the VPC's default group (E6).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub security_groups: Vec<String>,
    /// `PrivateDnsEnabled`: the service's default DNS name resolves to these interfaces.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub private_dns: bool,
    /// Only an `available` endpoint carries traffic (E8).
    #[serde(default, skip_serializing_if = "EndpointState::is_available")]
    pub state: EndpointState,
}

/// One endpoint network interface (`eni-…`) in one subnet (E5).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EndpointInterface {
    pub subnet_id: String,
    /// `eni-…`, when known (a capture); Terraform does not know it before `apply`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eni_id: Option<String>,
    /// Its private IPv4 address, when known; otherwise the tracer picks a free one and says
    /// the verdict rests on that assumption.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_ip: Option<String>,
}

/// `State` of `describe-vpc-endpoints` (E8).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum EndpointState {
    PendingAcceptance,
    Pending,
    #[default]
    Available,
    Deleting,
    Deleted,
    Rejected,
    Failed,
    Expired,
}

impl EndpointState {
    pub fn is_available(&self) -> bool {
        *self == EndpointState::Available
    }

    /// The AWS spelling (`pendingAcceptance`, `available`, …).
    pub fn name(self) -> &'static str {
        match self {
            EndpointState::PendingAcceptance => "pendingAcceptance",
            EndpointState::Pending => "pending",
            EndpointState::Available => "available",
            EndpointState::Deleting => "deleting",
            EndpointState::Deleted => "deleted",
            EndpointState::Rejected => "rejected",
            EndpointState::Failed => "failed",
            EndpointState::Expired => "expired",
        }
    }

    /// Parses the AWS spelling; `None` for an unknown value.
    pub fn parse(s: &str) -> Option<EndpointState> {
        [
            EndpointState::PendingAcceptance,
            EndpointState::Pending,
            EndpointState::Available,
            EndpointState::Deleting,
            EndpointState::Deleted,
            EndpointState::Rejected,
            EndpointState::Failed,
            EndpointState::Expired,
        ]
        .into_iter()
        .find(|x| x.name().eq_ignore_ascii_case(s))
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndpointType {
    #[default]
    Gateway,
    /// An interface endpoint (PrivateLink): network interfaces in the VPC's subnets (E5).
    Interface,
}

/// An AWS service outside the VPCs, as a design names it (docs/SEMANTICS.md#w1).
///
/// `kind` is kept as written so that a design with a misspelt kind still loads; the tracer
/// refuses a flow to or from it with an error naming the value ([`AwsServiceKind::parse`]).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AwsService {
    /// `svc-…`
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// `s3`, `dynamodb`, `sqs`, `sns`, `lambda`, `api-gateway`, `cloudfront`, `route53` or
    /// `elasticache`.
    pub kind: String,
    /// The service's Region; empty means the network's own.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub region: String,
    /// ElastiCache only: the cache subnet group's subnets; the primary node lives in the
    /// first one (W6).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subnet_ids: Vec<String>,
    /// ElastiCache only: the cluster's security groups (W6).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub security_groups: Vec<String>,
    /// ElastiCache only: `redis`, `valkey` or `memcached` (port 6379 or 11211, W6).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub engine: String,
}

/// The kinds of [`AwsService`] the tracer knows (docs/SEMANTICS.md#w1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum AwsServiceKind {
    S3,
    DynamoDb,
    Sqs,
    Sns,
    Lambda,
    ApiGateway,
    CloudFront,
    Route53,
    ElastiCache,
}

impl AwsServiceKind {
    /// Every kind, in the palette's order.
    pub const ALL: [AwsServiceKind; 9] = [
        AwsServiceKind::S3,
        AwsServiceKind::DynamoDb,
        AwsServiceKind::Sqs,
        AwsServiceKind::Sns,
        AwsServiceKind::Lambda,
        AwsServiceKind::ApiGateway,
        AwsServiceKind::CloudFront,
        AwsServiceKind::Route53,
        AwsServiceKind::ElastiCache,
    ];

    /// The spelling in design JSON: `s3`, `api-gateway`, …
    pub fn key(self) -> &'static str {
        match self {
            AwsServiceKind::S3 => "s3",
            AwsServiceKind::DynamoDb => "dynamodb",
            AwsServiceKind::Sqs => "sqs",
            AwsServiceKind::Sns => "sns",
            AwsServiceKind::Lambda => "lambda",
            AwsServiceKind::ApiGateway => "api-gateway",
            AwsServiceKind::CloudFront => "cloudfront",
            AwsServiceKind::Route53 => "route53",
            AwsServiceKind::ElastiCache => "elasticache",
        }
    }

    /// The service's own name, as AWS writes it.
    pub fn title(self) -> &'static str {
        match self {
            AwsServiceKind::S3 => "Amazon S3",
            AwsServiceKind::DynamoDb => "Amazon DynamoDB",
            AwsServiceKind::Sqs => "Amazon SQS",
            AwsServiceKind::Sns => "Amazon SNS",
            AwsServiceKind::Lambda => "AWS Lambda",
            AwsServiceKind::ApiGateway => "Amazon API Gateway",
            AwsServiceKind::CloudFront => "Amazon CloudFront",
            AwsServiceKind::Route53 => "Amazon Route 53",
            AwsServiceKind::ElastiCache => "Amazon ElastiCache",
        }
    }

    /// Parses the JSON spelling (case-insensitive); `None` for an unknown kind.
    pub fn parse(s: &str) -> Option<AwsServiceKind> {
        AwsServiceKind::ALL
            .into_iter()
            .find(|k| k.key().eq_ignore_ascii_case(s.trim()))
    }

    /// The last part of the service's VPC endpoint name (`com.amazonaws.<region>.<this>`),
    /// for the services that have one; `None` for global services reached only publicly.
    pub fn endpoint_service(self) -> Option<&'static str> {
        match self {
            AwsServiceKind::S3 => Some("s3"),
            AwsServiceKind::DynamoDb => Some("dynamodb"),
            AwsServiceKind::Sqs => Some("sqs"),
            AwsServiceKind::Sns => Some("sns"),
            AwsServiceKind::Lambda => Some("lambda"),
            AwsServiceKind::ApiGateway => Some("execute-api"),
            AwsServiceKind::CloudFront | AwsServiceKind::Route53 => None,
            AwsServiceKind::ElastiCache => None,
        }
    }

    /// Services that open connections of their own toward a design (W5): CloudFront to its
    /// origin, API Gateway to an HTTP integration, SNS to an HTTPS subscriber, and a Lambda
    /// function that is not attached to a VPC.
    pub fn starts_connections(self) -> bool {
        matches!(
            self,
            AwsServiceKind::CloudFront
                | AwsServiceKind::ApiGateway
                | AwsServiceKind::Sns
                | AwsServiceKind::Lambda
        )
    }
}

/// A customer-managed prefix list (`pl-…`, M1): a named set of CIDR blocks of one family.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PrefixList {
    /// `pl-…`
    pub id: String,
    #[serde(default)]
    pub name: String,
    pub cidrs: Vec<String>,
    /// `AddressFamily`; when the design leaves it out, the family of the entries (M4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_family: Option<AddressFamily>,
    /// `MaxEntries`: how many entries the list may hold (M4); `None` when not recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_entries: Option<u32>,
    /// Each entry's `Description`, by its CIDR (AWS keeps one entry per CIDR).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub descriptions: std::collections::BTreeMap<String, String>,
}

/// `AddressFamily` of a prefix list: AWS spells them `IPv4` and `IPv6`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum AddressFamily {
    #[default]
    #[serde(rename = "IPv4")]
    Ipv4,
    #[serde(rename = "IPv6")]
    Ipv6,
}

impl PrefixList {
    /// The list's address family: the one it records, else its entries' (an entry with a
    /// colon is IPv6), IPv4 for an empty list.
    pub fn family(&self) -> AddressFamily {
        self.address_family.unwrap_or_else(|| {
            if self.cidrs.iter().any(|c| c.contains(':')) {
                AddressFamily::Ipv6
            } else {
                AddressFamily::Ipv4
            }
        })
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SecurityGroup {
    /// `sg-…`
    pub id: String,
    #[serde(default)]
    pub name: String,
    pub vpc_id: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub ingress: Vec<SecurityGroupRule>,
    /// A new group starts with one allow-all egress rule (S3); an empty list allows nothing.
    #[serde(default)]
    pub egress: Vec<SecurityGroupRule>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SecurityGroupRule {
    pub protocol: Protocol,
    /// TCP/UDP port range; `None` means all ports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ports: Option<PortRange>,
    /// ICMP type/code; `None` means all ICMP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icmp: Option<IcmpMatch>,
    /// The source (ingress) or destination (egress) (S4).
    pub peer: RulePeer,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// Who a security-group rule talks to (S4, S5).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RulePeer {
    Cidr(String),
    SecurityGroup(String),
    PrefixList(String),
}

/// IP protocol: `all` (-1), `tcp` (6), `udp` (17), `icmp` (1) or another number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Protocol {
    All,
    Tcp,
    Udp,
    Icmp,
    Other(u8),
}

impl Protocol {
    /// Parses `tcp`, `udp`, `icmp`, `all`, `-1` or a protocol number.
    pub fn parse(text: &str) -> Option<Protocol> {
        match text.trim().to_ascii_lowercase().as_str() {
            "all" | "-1" | "any" => Some(Protocol::All),
            "tcp" | "6" => Some(Protocol::Tcp),
            "udp" | "17" => Some(Protocol::Udp),
            "icmp" | "1" => Some(Protocol::Icmp),
            other => other.parse::<u8>().ok().map(Protocol::Other),
        }
    }

    pub fn number(&self) -> Option<u8> {
        match self {
            Protocol::All => None,
            Protocol::Tcp => Some(6),
            Protocol::Udp => Some(17),
            Protocol::Icmp => Some(1),
            Protocol::Other(n) => Some(*n),
        }
    }

    pub fn has_ports(&self) -> bool {
        matches!(self, Protocol::Tcp | Protocol::Udp)
    }

    pub fn name(&self) -> String {
        String::from(*self)
    }
}

impl From<Protocol> for String {
    fn from(p: Protocol) -> String {
        match p {
            Protocol::All => "all".into(),
            Protocol::Tcp => "tcp".into(),
            Protocol::Udp => "udp".into(),
            Protocol::Icmp => "icmp".into(),
            Protocol::Other(n) => n.to_string(),
        }
    }
}

impl TryFrom<String> for Protocol {
    type Error = String;
    fn try_from(s: String) -> Result<Protocol, String> {
        Protocol::parse(&s).ok_or_else(|| {
            format!("unknown protocol `{s}` (expected tcp, udp, icmp, all or a number)")
        })
    }
}

/// An inclusive port range (S4, A6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortRange {
    pub from: u16,
    pub to: u16,
}

impl PortRange {
    pub fn single(port: u16) -> PortRange {
        PortRange {
            from: port,
            to: port,
        }
    }
    pub fn contains(&self, port: u16) -> bool {
        self.from <= port && port <= self.to
    }
}

/// ICMP type and code; `None` matches any.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IcmpMatch {
    #[serde(default, rename = "type")]
    pub icmp_type: Option<u8>,
    #[serde(default)]
    pub code: Option<u8>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NetworkAcl {
    /// `acl-…`
    pub id: String,
    #[serde(default)]
    pub name: String,
    pub vpc_id: String,
    /// The VPC's default NACL, used by every subnet without an explicit association (A5).
    #[serde(default)]
    pub is_default: bool,
    /// Numbered entries in both directions; the final `*` deny is implicit (A3).
    #[serde(default)]
    pub entries: Vec<NaclEntry>,
    #[serde(default)]
    pub associations: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NaclEntry {
    /// 1..=32766, evaluated lowest first (A2).
    pub rule_number: u32,
    /// `true` for outbound rules.
    pub egress: bool,
    pub protocol: Protocol,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ports: Option<PortRange>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icmp: Option<IcmpMatch>,
    pub cidr: String,
    pub action: RuleAction,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleAction {
    Allow,
    Deny,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Instance {
    /// `i-…`
    pub id: String,
    #[serde(default)]
    pub name: String,
    pub subnet_id: String,
    pub private_ip: String,
    /// Public IPv4 or Elastic IP (I1c, I5).
    #[serde(default)]
    pub public_ip: Option<String>,
    /// True when `public_ip` is an Elastic IP rather than an auto-assigned address.
    #[serde(default)]
    pub elastic_ip: bool,
    /// The primary network interface, `eni-…`.
    #[serde(default)]
    pub eni_id: Option<String>,
    /// Secondary private IPs of the primary interface: what the AWS VPC CNI hands to pods
    /// (each pod's IP is one of them), so traffic from or to a pod is the node's traffic.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub secondary_private_ips: Vec<String>,
    /// For a Kubernetes node: extra node labels (`key=value`) its kubelet registers with.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub node_labels: std::collections::BTreeMap<String, String>,
    /// For a Kubernetes node: taints (`key=value:Effect` or `key:Effect`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub node_taints: Vec<String>,
    #[serde(default)]
    pub security_groups: Vec<String>,
    /// Drops traffic not addressed to/from the instance's own IPs (ENI_SOURCE_DEST_CHECK_RESTRICTION).
    #[serde(default = "yes")]
    pub source_dest_check: bool,
    #[serde(default)]
    pub role: InstanceRole,
    #[serde(default)]
    pub instance_type: String,
    /// IPv6 addresses of the instance's interfaces (`Ipv6Addresses[].Ipv6Address`, X1):
    /// public, reachable through an internet gateway without translation (X3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ipv6_addresses: Vec<String>,
    /// The instance's further network interfaces (device index 1 and up), each with its
    /// own subnet, addresses and security groups (docs/SEMANTICS.md#q5). Absent when the
    /// instance has only its primary interface (the fields above).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub network_interfaces: Vec<InstanceInterface>,
}

/// A secondary network interface attached to an instance (device index ≥ 1). Traffic to its
/// addresses enters through its subnet and its security groups; traffic from its addresses
/// leaves through them (Q5). It must be in the instance's availability zone and VPC.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct InstanceInterface {
    /// `eni-…`
    pub id: String,
    /// The attachment's device index (1 and up; 0 is the primary interface).
    #[serde(default = "one")]
    pub device_index: u32,
    pub subnet_id: String,
    pub private_ip: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub secondary_private_ips: Vec<String>,
    /// A public IPv4 or Elastic IP associated with this interface.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_ip: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ipv6_addresses: Vec<String>,
    #[serde(default)]
    pub security_groups: Vec<String>,
    /// Per interface, like AWS's `SourceDestCheck` attribute of a network interface.
    #[serde(default = "yes")]
    pub source_dest_check: bool,
}

fn one() -> u32 {
    1
}

fn yes() -> bool {
    true
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InstanceRole {
    #[default]
    Plain,
    Bastion,
    Web,
    App,
    NatInstance,
    KubernetesNode,
    KubernetesControlPlane,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LoadBalancer {
    /// A short id (`lb-…`) or the ELBv2 ARN.
    pub id: String,
    #[serde(default)]
    pub arn: Option<String>,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub kind: LoadBalancerKind,
    #[serde(default)]
    pub scheme: LoadBalancerScheme,
    pub vpc_id: String,
    /// One subnet per enabled AZ (L3).
    #[serde(default)]
    pub subnets: Vec<String>,
    #[serde(default)]
    pub security_groups: Vec<String>,
    #[serde(default)]
    pub listeners: Vec<Listener>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LoadBalancerKind {
    #[default]
    Application,
    Network,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LoadBalancerScheme {
    #[default]
    InternetFacing,
    Internal,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Listener {
    pub port: u16,
    /// `HTTP`, `HTTPS`, `TCP`, `UDP`, `TLS`, `TCP_UDP`.
    #[serde(default = "http")]
    pub protocol: String,
    /// The default action's forward target group (L4).
    #[serde(default)]
    pub target_group: Option<String>,
}

fn http() -> String {
    "HTTP".into()
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TargetGroup {
    /// A short id (`tg-…`) or the ARN.
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub protocol: String,
    pub port: u16,
    #[serde(default)]
    pub vpc_id: String,
    #[serde(default)]
    pub targets: Vec<Target>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Target {
    /// An instance id or a private IP.
    pub id: String,
    /// Overrides the group's port.
    #[serde(default)]
    pub port: Option<u16>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Database {
    /// e.g. `db-orders`.
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub engine: String,
    pub port: u16,
    /// The DB subnet group's subnets; the primary lives in the first one.
    pub subnet_group: Vec<String>,
    #[serde(default)]
    pub security_groups: Vec<String>,
    #[serde(default)]
    pub multi_az: bool,
    /// The primary's private IP; derived from the first subnet when absent.
    #[serde(default)]
    pub private_ip: Option<String>,
    #[serde(default)]
    pub publicly_accessible: bool,
}

impl Network {
    pub fn vpc(&self, id: &str) -> Option<&Vpc> {
        self.vpcs.iter().find(|v| v.id == id)
    }
    pub fn subnet(&self, id: &str) -> Option<&Subnet> {
        self.subnets.iter().find(|s| s.id == id)
    }
    pub fn route_table(&self, id: &str) -> Option<&RouteTable> {
        self.route_tables.iter().find(|r| r.id == id)
    }
    pub fn security_group(&self, id: &str) -> Option<&SecurityGroup> {
        self.security_groups.iter().find(|s| s.id == id)
    }
    pub fn instance(&self, id: &str) -> Option<&Instance> {
        self.instances.iter().find(|i| i.id == id)
    }
    pub fn prefix_list(&self, id: &str) -> Option<&PrefixList> {
        self.prefix_lists.iter().find(|p| p.id == id)
    }

    /// The route table a subnet uses: its explicit association, else the VPC's main table (R1).
    pub fn route_table_for_subnet(&self, subnet_id: &str) -> Option<&RouteTable> {
        let subnet = self.subnet(subnet_id)?;
        self.route_tables
            .iter()
            .find(|t| t.associations.iter().any(|a| a == subnet_id))
            .or_else(|| {
                self.route_tables
                    .iter()
                    .find(|t| t.main && t.vpc_id == subnet.vpc_id)
            })
    }

    /// The NACL a subnet uses: its explicit association, else the VPC's default NACL (A5).
    pub fn nacl_for_subnet(&self, subnet_id: &str) -> Option<&NetworkAcl> {
        let subnet = self.subnet(subnet_id)?;
        self.network_acls
            .iter()
            .find(|n| n.associations.iter().any(|a| a == subnet_id))
            .or_else(|| {
                self.network_acls
                    .iter()
                    .find(|n| n.is_default && n.vpc_id == subnet.vpc_id)
            })
    }

    /// Every id in the design, with its kind, in model order.
    pub fn component_ids(&self) -> Vec<(&str, &'static str)> {
        let mut out = Vec::new();
        out.extend(self.vpcs.iter().map(|x| (x.id.as_str(), "vpc")));
        out.extend(self.subnets.iter().map(|x| (x.id.as_str(), "subnet")));
        out.extend(
            self.route_tables
                .iter()
                .map(|x| (x.id.as_str(), "route-table")),
        );
        out.extend(
            self.internet_gateways
                .iter()
                .map(|x| (x.id.as_str(), "internet-gateway")),
        );
        out.extend(
            self.nat_gateways
                .iter()
                .map(|x| (x.id.as_str(), "nat-gateway")),
        );
        out.extend(
            self.peering_connections
                .iter()
                .map(|x| (x.id.as_str(), "peering-connection")),
        );
        out.extend(
            self.vpc_endpoints
                .iter()
                .map(|x| (x.id.as_str(), "vpc-endpoint")),
        );
        out.extend(
            self.prefix_lists
                .iter()
                .map(|x| (x.id.as_str(), "prefix-list")),
        );
        out.extend(
            self.security_groups
                .iter()
                .map(|x| (x.id.as_str(), "security-group")),
        );
        out.extend(
            self.network_acls
                .iter()
                .map(|x| (x.id.as_str(), "network-acl")),
        );
        out.extend(self.instances.iter().map(|x| (x.id.as_str(), "instance")));
        out.extend(
            self.load_balancers
                .iter()
                .map(|x| (x.id.as_str(), "load-balancer")),
        );
        out.extend(
            self.target_groups
                .iter()
                .map(|x| (x.id.as_str(), "target-group")),
        );
        out.extend(self.databases.iter().map(|x| (x.id.as_str(), "database")));
        out.extend(
            self.transit_gateways
                .iter()
                .map(|x| (x.id.as_str(), "transit-gateway")),
        );
        out.extend(
            self.transit_gateway_attachments
                .iter()
                .map(|x| (x.id.as_str(), "transit-gateway-attachment")),
        );
        out.extend(
            self.transit_gateway_route_tables
                .iter()
                .map(|x| (x.id.as_str(), "transit-gateway-route-table")),
        );
        out.extend(
            self.vpn_gateways
                .iter()
                .map(|x| (x.id.as_str(), "vpn-gateway")),
        );
        out.extend(
            self.customer_gateways
                .iter()
                .map(|x| (x.id.as_str(), "customer-gateway")),
        );
        out.extend(
            self.vpn_connections
                .iter()
                .map(|x| (x.id.as_str(), "vpn-connection")),
        );
        out.extend(
            self.egress_only_internet_gateways
                .iter()
                .map(|x| (x.id.as_str(), "egress-only-internet-gateway")),
        );
        out.extend(
            self.aws_services
                .iter()
                .map(|x| (x.id.as_str(), "aws-service")),
        );
        out
    }
}

impl SecurityGroupRule {
    /// A rule allowing one TCP port from a CIDR.
    pub fn tcp_from_cidr(port: u16, cidr: &str, description: &str) -> SecurityGroupRule {
        SecurityGroupRule {
            protocol: Protocol::Tcp,
            ports: Some(PortRange::single(port)),
            icmp: None,
            peer: RulePeer::Cidr(cidr.into()),
            description: description.into(),
        }
    }
    /// A rule allowing one TCP port from members of another security group (S5).
    pub fn tcp_from_group(port: u16, group: &str, description: &str) -> SecurityGroupRule {
        SecurityGroupRule {
            protocol: Protocol::Tcp,
            ports: Some(PortRange::single(port)),
            icmp: None,
            peer: RulePeer::SecurityGroup(group.into()),
            description: description.into(),
        }
    }
    /// The default allow-all rule (S3).
    pub fn allow_all(cidr: &str) -> SecurityGroupRule {
        SecurityGroupRule {
            protocol: Protocol::All,
            ports: None,
            icmp: None,
            peer: RulePeer::Cidr(cidr.into()),
            description: String::new(),
        }
    }
}

impl NaclEntry {
    /// Rule 100 allow-all of a default NACL (A4).
    pub fn allow_all(rule_number: u32, egress: bool) -> NaclEntry {
        NaclEntry {
            rule_number,
            egress,
            protocol: Protocol::All,
            ports: None,
            icmp: None,
            cidr: "0.0.0.0/0".into(),
            action: RuleAction::Allow,
        }
    }
}
