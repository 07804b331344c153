//! Field edits from a properties panel: one typed key per editable field, set on a component
//! with AWS's refusals (a malformed CIDR block or address, a port out of range, a subnet
//! without a zone, a load balancer without a subnet). The app's properties panel edits
//! through here, as the canvas does through [`super::edit`] and the list views through
//! [`super::policy_edit`]. Sizes AWS refuses (/16 to /28) are the `CIDR_SIZE` lint's rule, which
//! [`validate`] reuses.
//!
//! Guarantees: an edit that returns `Err` leaves the design unchanged.

use crate::network::design::{Design, Rect};
use crate::network::edit;
use crate::network::model::*;
use crate::network::msg::{msg, Text};

/// An editable field of a component, as the properties panel lists it.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum FieldKey {
    Name,
    /// A VPC's first CIDR block or a subnet's block.
    Cidr,
    AvailabilityZone,
    MapPublicIp,
    InstanceType,
    PrivateIp,
    PublicIp,
    SourceDestCheck,
    NodeLabels,
    NodeTaints,
    NatPublic,
    LbNetwork,
    LbInternetFacing,
    LbSubnets,
    LbListeners,
    LbTargetPort,
    LbTargets,
    Engine,
    Port,
    MultiAz,
    /// An AWS service's kind (`s3`, `dynamodb`, …, W1).
    ServiceKind,
    /// A VPC's IPv6 block (a /56) or a subnet's (a /64 of it), X1; empty removes it.
    Ipv6Cidr,
    /// A customer gateway's BGP autonomous system number (`BgpAsn`, G6).
    BgpAsn,
    /// A transit gateway VPC attachment's appliance mode (`ApplianceModeSupport`, T11).
    ApplianceMode,
}

impl FieldKey {
    pub const ALL: [FieldKey; 24] = [
        FieldKey::Name,
        FieldKey::Cidr,
        FieldKey::AvailabilityZone,
        FieldKey::MapPublicIp,
        FieldKey::InstanceType,
        FieldKey::PrivateIp,
        FieldKey::PublicIp,
        FieldKey::SourceDestCheck,
        FieldKey::NodeLabels,
        FieldKey::NodeTaints,
        FieldKey::NatPublic,
        FieldKey::LbNetwork,
        FieldKey::LbInternetFacing,
        FieldKey::LbSubnets,
        FieldKey::LbListeners,
        FieldKey::LbTargetPort,
        FieldKey::LbTargets,
        FieldKey::Engine,
        FieldKey::Port,
        FieldKey::MultiAz,
        FieldKey::ServiceKind,
        FieldKey::Ipv6Cidr,
        FieldKey::BgpAsn,
        FieldKey::ApplianceMode,
    ];

    /// The field's name in snake case (`availability_zone`), as element ids and tests use it.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldKey::Name => "name",
            FieldKey::Cidr => "cidr",
            FieldKey::AvailabilityZone => "availability_zone",
            FieldKey::MapPublicIp => "map_public_ip",
            FieldKey::InstanceType => "instance_type",
            FieldKey::PrivateIp => "private_ip",
            FieldKey::PublicIp => "public_ip",
            FieldKey::SourceDestCheck => "source_dest_check",
            FieldKey::NodeLabels => "node_labels",
            FieldKey::NodeTaints => "node_taints",
            FieldKey::NatPublic => "nat_public",
            FieldKey::LbNetwork => "lb_network",
            FieldKey::LbInternetFacing => "lb_internet_facing",
            FieldKey::LbSubnets => "lb_subnets",
            FieldKey::LbListeners => "lb_listeners",
            FieldKey::LbTargetPort => "lb_target_port",
            FieldKey::LbTargets => "lb_targets",
            FieldKey::Engine => "engine",
            FieldKey::Port => "port",
            FieldKey::MultiAz => "multi_az",
            FieldKey::ServiceKind => "service_kind",
            FieldKey::Ipv6Cidr => "ipv6_cidr",
            FieldKey::BgpAsn => "bgp_asn",
            FieldKey::ApplianceMode => "appliance_mode",
        }
    }

    /// The key named by [`FieldKey::as_str`].
    pub fn parse(name: &str) -> Option<FieldKey> {
        FieldKey::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

/// Why a field edit was refused, in words for the learner: the English (`Display`) with its
/// message key and arguments, so the app can say it in the learner's language.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct FieldError(pub Text);

/// Sets one editable field of a component (any kind, found by id), validating it the way AWS
/// would. A boolean field takes `true` (anything else is false).
pub fn set_field(
    design: &mut Design,
    id: &str,
    key: FieldKey,
    value: &str,
) -> Result<(), FieldError> {
    if let Some((vpc, zone)) = edit::parse_zone_key(id) {
        let (vpc, zone) = (vpc.to_string(), zone.to_string());
        return match key {
            FieldKey::AvailabilityZone => move_zone_box(design, &vpc, &zone, value.trim()),
            _ => Err(msg!(
                "field-zone-box-no-field",
                "an availability zone box has no editable field `{field}`",
                field = key.as_str()
            )),
        }
        .map_err(FieldError);
    }
    if key == FieldKey::AvailabilityZone && design.network.subnet(id).is_some() {
        in_region(&design.network, value.trim()).map_err(FieldError)?;
    }
    if key == FieldKey::Ipv6Cidr
        && (design.network.vpc(id).is_some() || design.network.subnet(id).is_some())
    {
        return set_ipv6(&mut design.network, id, value.trim()).map_err(FieldError);
    }
    set(design, id, key, value).map_err(FieldError)?;
    if key == FieldKey::AvailabilityZone && design.network.subnet(id).is_some() {
        rehome_subnet(design, id);
    }
    Ok(())
}

fn parse_ipv6_block(value: &str) -> Result<super::cidr6::Ipv6Cidr, Text> {
    use super::cidr6::{Ipv6Cidr, Ipv6CidrError};
    Ipv6Cidr::parse(value).map_err(|e| match e {
        Ipv6CidrError::HostBitsSet { expected, .. } => msg!(
            "field-ipv6-host-bits",
            "`{value}` has host bits set; the block starts at {expected}",
            value,
            expected
        ),
        _ => msg!(
            "field-bad-ipv6-cidr",
            "`{value}` is not an IPv6 CIDR block (e.g. 2600:1f18:1234:5600::/64)",
            value
        ),
    })
}

/// A VPC's IPv6 block (a /56, X1) or a subnet's: a /64 inside one of its VPC's blocks that no
/// other subnet of the VPC uses (X2). Empty removes the block.
fn set_ipv6(net: &mut Network, id: &str, value: &str) -> Result<(), Text> {
    if let Some(v) = net.vpcs.iter_mut().find(|v| v.id == id) {
        if value.is_empty() {
            v.ipv6_cidr_blocks.clear();
            return Ok(());
        }
        let c = parse_ipv6_block(value)?;
        if c.prefix() != 56 {
            return Err(msg!(
                "field-ipv6-vpc-prefix",
                "a VPC's IPv6 block is a /56, not `{value}`",
                value
            ));
        }
        match v.ipv6_cidr_blocks.first_mut() {
            Some(first) => *first = c.to_string(),
            None => v.ipv6_cidr_blocks.push(c.to_string()),
        }
        return Ok(());
    }
    let Some(i) = net.subnets.iter().position(|s| s.id == id) else {
        return Ok(());
    };
    if value.is_empty() {
        net.subnets[i].ipv6_cidr = None;
        return Ok(());
    }
    let c = parse_ipv6_block(value)?;
    if c.prefix() != 64 {
        return Err(msg!(
            "field-ipv6-subnet-prefix",
            "a subnet's IPv6 block is a /64, not `{value}`",
            value
        ));
    }
    let vpc = net.subnets[i].vpc_id.clone();
    let blocks: Vec<super::cidr6::Ipv6Cidr> = net
        .vpc(&vpc)
        .map(|v| {
            v.ipv6_cidr_blocks
                .iter()
                .filter_map(|b| super::cidr6::Ipv6Cidr::parse_lenient(b).ok())
                .collect()
        })
        .unwrap_or_default();
    if !blocks.iter().any(|b| b.contains_cidr(&c)) {
        let vpc = vpc.as_str();
        return Err(msg!(
            "field-ipv6-outside-vpc",
            "`{value}` is not inside an IPv6 block of VPC {vpc}: give the VPC a /56 first",
            value,
            vpc
        ));
    }
    if let Some(other) = net.subnets.iter().find(|s| {
        s.id != id
            && s.vpc_id == vpc
            && s.ipv6_cidr
                .as_deref()
                .and_then(|o| super::cidr6::Ipv6Cidr::parse_lenient(o).ok())
                .is_some_and(|o| o.overlaps(&c))
    }) {
        let other = other.id.as_str();
        return Err(msg!(
            "field-ipv6-overlap",
            "`{value}` overlaps the IPv6 block of subnet {other}",
            value,
            other
        ));
    }
    net.subnets[i].ipv6_cidr = Some(c.to_string());
    Ok(())
}

/// Refuses a zone the design's region does not have.
fn in_region(net: &Network, zone: &str) -> Result<(), Text> {
    let zones = edit::region_zones(net).map_err(|e| match e {
        edit::Refusal::UnknownRegion(r) => r.text(),
        other => Text::from(other.to_string()),
    })?;
    if zone.is_empty() || zones.iter().any(|z| z == zone) {
        return Ok(()); // an empty zone is refused by the subnet's own rule (V4)
    }
    Err(msg!(
        "field-zone-not-in-region",
        "`{zone}` is not an availability zone of {region}: use one of {zones}",
        zone,
        region = net.region,
        zones = zones.join(", ")
    ))
}

/// An AZ box picks another zone of the region: the box and the subnets drawn in it move to
/// that zone. Refused when the VPC already has a box for it.
fn move_zone_box(design: &mut Design, vpc: &str, zone: &str, to: &str) -> Result<(), Text> {
    if to == zone {
        return Ok(());
    }
    if to.is_empty() {
        return Err(msg!(
            "field-zone-box-needs-zone",
            "an availability zone box needs a zone"
        ));
    }
    in_region(&design.network, to)?;
    let (from_key, to_key) = (edit::zone_key(vpc, zone), edit::zone_key(vpc, to));
    if design.layout.contains_key(&to_key) {
        return Err(msg!(
            "field-zone-box-exists",
            "VPC {vpc} already has a box for {to}",
            vpc,
            to
        ));
    }
    let rect = design.layout.remove(&from_key).ok_or_else(|| {
        msg!(
            "field-no-zone-box",
            "there is no availability zone box `{from_key}`",
            from_key
        )
    })?;
    design.layout.insert(to_key, rect);
    let net = &mut design.network;
    for s in net
        .subnets
        .iter_mut()
        .filter(|s| s.vpc_id == vpc && s.availability_zone == zone)
    {
        s.availability_zone = to.to_string();
    }
    if !net.availability_zones.iter().any(|z| z == to) {
        net.availability_zones.push(to.to_string());
    }
    Ok(())
}

/// Draws a subnet inside the box of its (new) zone, creating the box beside the VPC's other
/// boxes when there is none, so the diagram never contradicts the model. A VPC drawn without
/// zone boxes keeps its subnets where they are.
fn rehome_subnet(design: &mut Design, id: &str) {
    const GAP: f64 = 20.0;
    const HEADER: f64 = 50.0;
    let Some(s) = design.network.subnet(id).cloned() else {
        return;
    };
    let Some(at) = design.layout.get(id).copied() else {
        return;
    };
    let prefix = edit::zone_key(&s.vpc_id, "");
    let boxes: Vec<Rect> = design
        .layout
        .iter()
        .filter(|(k, _)| k.starts_with(&prefix))
        .map(|(_, r)| *r)
        .collect();
    if boxes.is_empty() {
        return;
    }
    let key = edit::zone_key(&s.vpc_id, &s.availability_zone);
    let zone_box = match design.layout.get(&key) {
        Some(r) => *r,
        None => {
            // Beside the rightmost box, as tall as the first one.
            let right = boxes.iter().map(|r| r.x + r.w).fold(f64::MIN, f64::max);
            let top = boxes.iter().map(|r| r.y).fold(f64::MAX, f64::min);
            let rect = Rect {
                x: right + GAP,
                y: top,
                w: at.w + 2.0 * GAP,
                h: boxes[0].h,
            };
            design.layout.insert(key.clone(), rect);
            if !design
                .network
                .availability_zones
                .contains(&s.availability_zone)
            {
                design
                    .network
                    .availability_zones
                    .push(s.availability_zone.clone());
            }
            edit::settle(design, &key);
            design.layout[&key]
        }
    };
    let (dx, dy) = (zone_box.x + GAP - at.x, zone_box.y + HEADER - at.y);
    edit::move_by(design, &[id.to_string()], dx, dy);
    // Settling slides the subnet past its new siblings; its contents follow.
    let placed = design.layout[id];
    edit::settle(design, id);
    let settled = design.layout[id];
    let children = edit::descendants(design, id);
    edit::move_by(
        design,
        &children,
        settled.x - placed.x,
        settled.y - placed.y,
    );
    for c in &children {
        edit::settle(design, c);
    }
}

fn set(design: &mut Design, id: &str, key: FieldKey, value: &str) -> Result<(), Text> {
    use FieldKey as K;
    let net = &mut design.network;
    let value = value.trim();
    let bad_cidr = |e: crate::network::CidrError| {
        msg!(
            "field-bad-cidr",
            "`{value}` is not a valid CIDR block: {e}",
            value,
            e = crate::network::lint::invalid_cidr::cidr_error(&e)
        )
    };
    let no_field = |what: Text| {
        msg!(
            "field-no-such-field",
            "{what} has no editable field `{field}`",
            what,
            field = key.as_str()
        )
    };
    if let Some(v) = net.vpcs.iter_mut().find(|v| v.id == id) {
        match key {
            K::Name => v.name = value.into(),
            K::Cidr => {
                let c = crate::network::Cidr::parse(value).map_err(bad_cidr)?;
                match v.cidr_blocks.first_mut() {
                    Some(first) => *first = c.to_string(),
                    None => v.cidr_blocks.push(c.to_string()),
                }
            }
            _ => return Err(no_field(msg!("field-what-vpc", "a VPC"))),
        }
        return Ok(());
    }
    if let Some(s) = net.subnets.iter_mut().find(|s| s.id == id) {
        match key {
            K::Name => s.name = value.into(),
            K::Cidr => {
                s.cidr = crate::network::Cidr::parse(value)
                    .map_err(bad_cidr)?
                    .to_string()
            }
            K::MapPublicIp => s.map_public_ip_on_launch = value == "true",
            K::AvailabilityZone => {
                if value.is_empty() {
                    return Err(msg!(
                        "field-subnet-needs-zone",
                        "a subnet must live in an availability zone"
                    ));
                }
                s.availability_zone = value.into()
            }
            _ => return Err(no_field(msg!("field-what-subnet", "a subnet"))),
        }
        return Ok(());
    }
    if let Some(i) = net.instances.iter().position(|i| i.id == id) {
        let fresh = crate::network::fix::fresh_public_ip(net);
        let inst = &mut net.instances[i];
        match key {
            K::Name => inst.name = value.into(),
            K::InstanceType => inst.instance_type = value.into(),
            K::PrivateIp => {
                crate::network::cidr::parse_ip(value).ok_or_else(|| {
                    msg!("field-bad-ipv4", "`{value}` is not an IPv4 address", value)
                })?;
                inst.private_ip = value.into()
            }
            K::PublicIp => inst.public_ip = (value == "true").then_some(fresh),
            K::SourceDestCheck => inst.source_dest_check = value == "true",
            K::NodeLabels => inst.node_labels = parse_labels(value)?,
            K::NodeTaints => {
                let taints: Vec<String> = value
                    .split(',')
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_string)
                    .collect();
                for t in &taints {
                    crate::grade::parse_taint(t)?;
                }
                inst.node_taints = taints
            }
            _ => return Err(no_field(msg!("field-what-instance", "an instance"))),
        }
        return Ok(());
    }
    if let Some(g) = net.internet_gateways.iter_mut().find(|g| g.id == id) {
        if key == K::Name {
            g.name = value.into();
            return Ok(());
        }
    }
    if let Some(i) = net.nat_gateways.iter().position(|g| g.id == id) {
        let fresh = crate::network::fix::fresh_public_ip(net);
        let n = &mut net.nat_gateways[i];
        match key {
            K::Name => n.name = value.into(),
            // A private NAT gateway has no Elastic IP (N6); a public one needs one (N2).
            K::NatPublic if value == "true" => {
                n.connectivity = crate::network::NatConnectivity::Public;
                n.public_ip = n.public_ip.clone().or(Some(fresh));
            }
            K::NatPublic => {
                n.connectivity = crate::network::NatConnectivity::Private;
                n.public_ip = None;
            }
            _ => return Err(no_field(msg!("field-what-nat-gateway", "a NAT gateway"))),
        }
        return Ok(());
    }
    if let Some(li) = net.load_balancers.iter().position(|g| g.id == id) {
        if let Some(r) = set_lb_wiring(net, li, key, value) {
            return r;
        }
        let l = &mut net.load_balancers[li];
        match key {
            K::Name => l.name = value.into(),
            K::LbNetwork => {
                l.kind = if value == "true" {
                    crate::network::LoadBalancerKind::Network
                } else {
                    crate::network::LoadBalancerKind::Application
                }
            }
            K::LbInternetFacing => {
                l.scheme = if value == "true" {
                    crate::network::LoadBalancerScheme::InternetFacing
                } else {
                    crate::network::LoadBalancerScheme::Internal
                }
            }
            _ => {
                return Err(no_field(msg!(
                    "field-what-load-balancer",
                    "a load balancer"
                )))
            }
        }
        return Ok(());
    }
    if let Some(d) = net.databases.iter_mut().find(|g| g.id == id) {
        match key {
            K::Name => d.name = value.into(),
            K::Engine => d.engine = value.into(),
            K::Port => d.port = value.parse().map_err(|_| not_a_port(value))?,
            K::MultiAz => d.multi_az = value == "true",
            _ => return Err(no_field(msg!("field-what-database", "a database"))),
        }
        return Ok(());
    }
    if let Some(svc) = net.aws_services.iter_mut().find(|x| x.id == id) {
        match key {
            K::Name => svc.name = value.into(),
            K::ServiceKind => {
                let kind = AwsServiceKind::parse(value).ok_or_else(|| {
                    msg!(
                        "field-bad-service-kind",
                        "`{value}` is not an AWS service kind: use one of {kinds}",
                        value,
                        kinds = AwsServiceKind::ALL.map(AwsServiceKind::key).join(", ")
                    )
                })?;
                // ElastiCache runs in subnets (W6): the canvas places services outside them.
                if kind == AwsServiceKind::ElastiCache && svc.subnet_ids.is_empty() {
                    return Err(msg!(
                        "field-service-kind-in-vpc",
                        "{kind} runs inside a VPC, in subnets with security groups: give the design JSON its subnet_ids and security_groups",
                        kind = kind.title()
                    ));
                }
                svc.kind = kind.key().into();
            }
            _ => return Err(no_field(msg!("field-what-aws-service", "an AWS service"))),
        }
        return Ok(());
    }
    if let Some(c) = net.customer_gateways.iter_mut().find(|c| c.id == id) {
        match key {
            K::Name => c.name = value.into(),
            // The outside interface's static IPv4 address (G6).
            K::PublicIp => {
                if crate::network::cidr::parse_ip(value).is_none() {
                    return Err(msg!(
                        "field-cgw-bad-ip",
                        "`{value}` is not an IPv4 address: a customer gateway's IP address is its outside interface's, e.g. 203.0.113.12",
                        value
                    ));
                }
                c.ip_address = value.to_string();
            }
            K::BgpAsn => {
                let asn = value
                    .parse::<u32>()
                    .ok()
                    .filter(|n| (1..=4_294_967_294).contains(n));
                let Some(asn) = asn else {
                    return Err(msg!(
                        "field-cgw-bad-asn",
                        "`{value}` is not a BGP ASN: use a whole number from 1 to 4294967294 (private ASNs are 64512–65534)",
                        value
                    ));
                };
                c.bgp_asn = Some(asn);
            }
            _ => {
                return Err(no_field(msg!(
                    "field-what-customer-gateway",
                    "a customer gateway"
                )))
            }
        }
        return Ok(());
    }
    if let Some(a) = net
        .transit_gateway_attachments
        .iter_mut()
        .find(|a| a.id == id)
    {
        match key {
            K::Name => a.name = value.into(),
            // Appliance mode is an option of VPC attachments only (T11).
            K::ApplianceMode if a.kind == TgwAttachmentKind::Vpc => {
                a.appliance_mode = value == "true"
            }
            _ => {
                return Err(no_field(msg!(
                    "field-what-tgw-attachment",
                    "a transit gateway attachment"
                )))
            }
        }
        return Ok(());
    }
    Err(msg!(
        "field-id-no-field",
        "`{id}` has no editable field `{field}`",
        id,
        field = key.as_str()
    ))
}

fn not_a_port(value: &str) -> Text {
    msg!("field-not-a-port", "`{value}` is not a port number", value)
}

fn list(value: &str) -> Vec<&str> {
    value
        .split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .collect()
}

/// Subnets, listeners, target port and targets of a load balancer, as typed in the panel.
/// `None` when `key` is not one of those.
fn set_lb_wiring(
    net: &mut Network,
    li: usize,
    key: FieldKey,
    value: &str,
) -> Option<Result<(), Text>> {
    use FieldKey as K;
    let lb = net.load_balancers[li].clone();
    let find_subnet = |name: &str| {
        net.subnets
            .iter()
            .find(|s| (s.id == name || s.name == name) && s.vpc_id == lb.vpc_id)
            .map(|s| s.id.clone())
    };
    let result = match key {
        K::LbSubnets => list(value)
            .into_iter()
            .map(|n| {
                find_subnet(n).ok_or_else(|| {
                    msg!(
                        "field-no-subnet-in-vpc",
                        "there is no subnet `{n}` in {vpc}",
                        n,
                        vpc = lb.vpc_id
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .and_then(|ids| {
                if ids.is_empty() {
                    Err(msg!(
                        "field-lb-needs-subnet",
                        "a load balancer needs at least one subnet"
                    ))
                } else {
                    Ok(ids)
                }
            })
            .map(|ids| net.load_balancers[li].subnets = ids),
        K::LbListeners => {
            let default_protocol = if lb.kind == crate::network::LoadBalancerKind::Network {
                "TCP"
            } else {
                "HTTP"
            };
            let group = lb.listeners.iter().find_map(|x| x.target_group.clone());
            list(value)
                .into_iter()
                .map(|x| {
                    let (proto, port) = x.rsplit_once(':').unwrap_or((default_protocol, x));
                    let port = port.trim().parse::<u16>().map_err(|_| {
                        msg!(
                            "field-bad-listener",
                            "listener `{x}` should look like HTTP:80",
                            x
                        )
                    })?;
                    Ok(crate::network::Listener {
                        port,
                        protocol: proto.trim().to_ascii_uppercase(),
                        target_group: group.clone(),
                    })
                })
                .collect::<Result<Vec<_>, Text>>()
                .map(|ls| net.load_balancers[li].listeners = ls)
        }
        K::LbTargetPort | K::LbTargets => {
            // One target group per load balancer here: create it on first use and point every
            // listener at it (L4).
            let tg = match lb
                .listeners
                .iter()
                .find_map(|x| x.target_group.clone())
                .filter(|t| net.target_groups.iter().any(|g| &g.id == t))
            {
                Some(t) => t,
                None => {
                    let id = crate::network::fix::fresh_id(net, "tg");
                    let protocol = if lb.kind == crate::network::LoadBalancerKind::Network {
                        "TCP"
                    } else {
                        "HTTP"
                    };
                    net.target_groups.push(crate::network::TargetGroup {
                        id: id.clone(),
                        name: format!("{}-targets", lb.name),
                        protocol: protocol.into(),
                        port: 80,
                        vpc_id: lb.vpc_id.clone(),
                        targets: vec![],
                    });
                    id
                }
            };
            for x in &mut net.load_balancers[li].listeners {
                x.target_group = Some(tg.clone());
            }
            let gi = net
                .target_groups
                .iter()
                .position(|g| g.id == tg)
                .expect("created above");
            if key == K::LbTargetPort {
                value
                    .trim()
                    .parse::<u16>()
                    .map_err(|_| not_a_port(value))
                    .map(|p| net.target_groups[gi].port = p)
            } else {
                list(value)
                    .into_iter()
                    .map(|n| {
                        net.instances
                            .iter()
                            .find(|i| i.id == n || i.name == n)
                            .map(|i| crate::network::Target {
                                id: i.id.clone(),
                                port: None,
                            })
                            .ok_or_else(|| {
                                msg!("field-no-instance", "there is no instance `{n}`", n)
                            })
                    })
                    .collect::<Result<Vec<_>, _>>()
                    .map(|t| net.target_groups[gi].targets = t)
            }
        }
        _ => return None,
    };
    Some(result)
}

/// `k=v, k2=v2` → labels (Kubernetes keys and values are free text here; empty keys refused).
fn parse_labels(text: &str) -> Result<std::collections::BTreeMap<String, String>, Text> {
    text.split(',')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| match l.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() => {
                Ok((k.trim().to_string(), v.trim().to_string()))
            }
            _ => Err(msg!(
                "field-bad-label",
                "label `{l}` should be key=value",
                l
            )),
        })
        .collect()
}

/// Live validation of a field as the user types: `Some(message)` when AWS would refuse it.
pub fn validate(key: FieldKey, value: &str) -> Option<Text> {
    let value = value.trim();
    match key {
        FieldKey::Ipv6Cidr if value.is_empty() => None,
        FieldKey::Ipv6Cidr => parse_ipv6_block(value).err(),
        FieldKey::Cidr => match crate::network::Cidr::parse(value) {
            Err(e) => Some(msg!(
                "field-invalid-cidr",
                "not a valid CIDR block: {e}",
                e = crate::network::lint::invalid_cidr::cidr_error(&e)
            )),
            Ok(c) => crate::network::lint::cidr_size::refusal_words(&c),
        },
        FieldKey::PrivateIp => crate::network::cidr::parse_ip(value)
            .is_none()
            .then(|| msg!("field-invalid-ipv4", "not an IPv4 address")),
        FieldKey::Port | FieldKey::LbTargetPort => value
            .parse::<u16>()
            .is_err()
            .then(|| msg!("field-invalid-port", "not a port number (0–65535)")),
        FieldKey::NodeLabels => parse_labels(value).err(),
        FieldKey::NodeTaints => value
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .find_map(|t| crate::grade::parse_taint(t).err()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::samples::sample_design;

    #[test]
    fn every_key_round_trips_through_its_name() {
        for k in FieldKey::ALL {
            assert_eq!(FieldKey::parse(k.as_str()), Some(k));
        }
        assert_eq!(FieldKey::parse("colour"), None);
    }

    #[test]
    fn a_refused_edit_names_the_problem_and_leaves_the_design_unchanged() {
        let mut d = sample_design();
        let before = d.clone();
        let subnet = d.network.subnets[0].id.clone();
        let vpc = d.network.vpcs[0].id.clone();
        let cases = [
            (
                subnet.as_str(),
                FieldKey::Cidr,
                "10.0.300.0/24",
                "not a valid CIDR",
            ),
            (
                subnet.as_str(),
                FieldKey::AvailabilityZone,
                " ",
                "availability zone",
            ),
            (
                subnet.as_str(),
                FieldKey::Port,
                "22",
                "no editable field `port`",
            ),
            (
                vpc.as_str(),
                FieldKey::PrivateIp,
                "10.0.0.9",
                "no editable field",
            ),
            (
                "nowhere",
                FieldKey::Name,
                "x",
                "`nowhere` has no editable field",
            ),
        ];
        for (id, key, value, why) in cases {
            let e = set_field(&mut d, id, key, value).unwrap_err();
            assert!(e.0.en.contains(why), "{key:?} = {value:?}: {e}");
            assert_eq!(d, before, "{key:?} = {value:?} changed the design");
        }
    }

    fn inside(outer: &Rect, inner: &Rect) -> bool {
        inner.x >= outer.x
            && inner.y >= outer.y
            && inner.x + inner.w <= outer.x + outer.w
            && inner.y + inner.h <= outer.y + outer.h
    }

    #[test]
    fn a_subnet_moved_to_another_zone_is_drawn_in_that_zones_box_created_if_needed() {
        let mut d = sample_design();
        // Tidy layout: a box per zone, subnets in their zone's column.
        d.layout.clear();
        edit::auto_layout(&mut d);
        let s = d.network.subnets[0].clone();
        let other = ["ap-northeast-2a", "ap-northeast-2c"]
            .into_iter()
            .find(|z| *z != s.availability_zone)
            .unwrap();
        // To the zone of the other subnet, whose box exists.
        set_field(&mut d, &s.id, FieldKey::AvailabilityZone, other).unwrap();
        let b = d.layout[&edit::zone_key(&s.vpc_id, other)];
        assert!(inside(&b, &d.layout[&s.id]), "{b:?} {:?}", d.layout[&s.id]);
        assert_eq!(
            edit::parent_of(&d, &s.id),
            Some(edit::Container::Zone {
                vpc: s.vpc_id.clone(),
                zone: other.into()
            })
        );
        // To a zone without a box: the box is created, inside the VPC.
        set_field(&mut d, &s.id, FieldKey::AvailabilityZone, "ap-northeast-2d").unwrap();
        let key = edit::zone_key(&s.vpc_id, "ap-northeast-2d");
        let b = d.layout[&key];
        assert!(inside(&b, &d.layout[&s.id]));
        assert!(inside(&d.layout[&s.vpc_id], &b));
        // Instances go along with their subnet.
        for i in d.network.instances.iter().filter(|i| i.subnet_id == s.id) {
            assert!(inside(&d.layout[&s.id], &d.layout[&i.id]), "{}", i.id);
        }
    }

    #[test]
    fn a_zone_outside_the_region_is_refused_and_an_az_box_can_pick_its_zone() {
        let mut d = sample_design();
        // Tidy layout: a box per zone, subnets in their zone's column.
        d.layout.clear();
        edit::auto_layout(&mut d);
        let s = d.network.subnets[0].clone();
        let e = set_field(&mut d, &s.id, FieldKey::AvailabilityZone, "us-east-1a").unwrap_err();
        assert!(
            e.0.en
                .contains("not an availability zone of ap-northeast-2"),
            "{e}"
        );
        let from = edit::zone_key(&s.vpc_id, &s.availability_zone);
        set_field(&mut d, &from, FieldKey::AvailabilityZone, "ap-northeast-2b").unwrap();
        assert!(!d.layout.contains_key(&from));
        assert!(d
            .layout
            .contains_key(&edit::zone_key(&s.vpc_id, "ap-northeast-2b")));
        assert_eq!(
            d.network.subnet(&s.id).unwrap().availability_zone,
            "ap-northeast-2b"
        );
        d.network.region = "mars-north-1".into();
        let e = set_field(&mut d, &s.id, FieldKey::AvailabilityZone, "mars-north-1a").unwrap_err();
        assert!(
            e.0.en.contains("`mars-north-1` is not an AWS region"),
            "{e}"
        );
    }

    #[test]
    fn validation_uses_the_cidr_size_lint_rule() {
        // V1/V2: AWS accepts /16 to /28 for VPCs and subnets.
        assert_eq!(validate(FieldKey::Cidr, "10.0.0.0/24"), None);
        for too in ["10.0.0.0/8", "10.0.0.0/29"] {
            let why = validate(FieldKey::Cidr, too).unwrap();
            assert!(why.en.contains("AWS accepts /16 to /28"), "{why}");
        }
        assert!(validate(FieldKey::Port, "70000").is_some());
        assert!(validate(FieldKey::NodeTaints, "dedicated=gpu").is_some());
        assert_eq!(validate(FieldKey::Name, "anything"), None);
    }

    #[test]
    fn an_aws_service_takes_a_known_kind_and_a_name() {
        let mut d = sample_design();
        d.network.aws_services.push(AwsService {
            id: "svc-1".into(),
            kind: "s3".into(),
            ..AwsService::default()
        });
        set_field(&mut d, "svc-1", FieldKey::ServiceKind, "DynamoDB").unwrap();
        set_field(&mut d, "svc-1", FieldKey::Name, "orders").unwrap();
        let svc = &d.network.aws_services[0];
        assert_eq!(
            (svc.kind.as_str(), svc.name.as_str()),
            ("dynamodb", "orders")
        );
        let before = d.clone();
        for (value, says) in [
            (
                "s4",
                "`s4` is not an AWS service kind: use one of s3, dynamodb",
            ),
            ("elasticache", "Amazon ElastiCache runs inside a VPC"),
        ] {
            let e = set_field(&mut d, "svc-1", FieldKey::ServiceKind, value).unwrap_err();
            assert!(e.to_string().contains(says), "{e}");
        }
        let e = set_field(&mut d, "svc-1", FieldKey::Port, "443").unwrap_err();
        assert!(
            e.to_string()
                .contains("an AWS service has no editable field"),
            "{e}"
        );
        assert_eq!(d, before);
    }
}

#[cfg(test)]
mod ipv6_tests {
    use super::*;
    use crate::network::samples::sample_design;

    #[test]
    fn ipv6_blocks_are_checked_the_way_aws_checks_them() {
        let mut d = sample_design();
        let vpc = d.network.vpcs[0].id.clone();
        let (a, b) = (
            d.network.subnets[0].id.clone(),
            d.network.subnets[1].id.clone(),
        );
        // (case, component, value, the refusal's key or None when accepted)
        let cases: Vec<(&str, &str, &str, Option<&str>)> = vec![
            (
                "a subnet /64 before the VPC has a block is refused (X1)",
                &a,
                "2600:1f18:1234:5600::/64",
                Some("field-ipv6-outside-vpc"),
            ),
            (
                "a VPC block must be a /56",
                &vpc,
                "2600:1f18:1234:5600::/64",
                Some("field-ipv6-vpc-prefix"),
            ),
            (
                "host bits are named with the block's start",
                &vpc,
                "2600:1f18:1234:5601::/56",
                Some("field-ipv6-host-bits"),
            ),
            (
                "not an address at all",
                &vpc,
                "10.0.0.0/16",
                Some("field-bad-ipv6-cidr"),
            ),
            (
                "a /56 is the VPC's block",
                &vpc,
                "2600:1f18:1234:5600::/56",
                None,
            ),
            (
                "a subnet block is a /64",
                &a,
                "2600:1f18:1234:5600::/60",
                Some("field-ipv6-subnet-prefix"),
            ),
            (
                "a /64 of the VPC's block",
                &a,
                "2600:1f18:1234:5600::/64",
                None,
            ),
            (
                "another subnet cannot take the same /64",
                &b,
                "2600:1f18:1234:5600::/64",
                Some("field-ipv6-overlap"),
            ),
            (
                "outside the VPC's /56",
                &b,
                "2600:1f18:1234:7700::/64",
                Some("field-ipv6-outside-vpc"),
            ),
            ("empty removes a subnet's block", &a, "", None),
        ];
        for (name, id, value, want) in cases {
            let before = d.clone();
            match (set_field(&mut d, id, FieldKey::Ipv6Cidr, value), want) {
                (Ok(()), None) => {}
                (Err(e), Some(key)) => {
                    assert_eq!(e.0.msg.as_ref().map(|m| m.key), Some(key), "{name}: {e}");
                    assert_eq!(d, before, "{name}: a refusal changes nothing");
                }
                (got, want) => panic!("{name}: got {got:?}, want {want:?}"),
            }
        }
        assert_eq!(
            d.network.vpcs[0].ipv6_cidr_blocks,
            vec!["2600:1f18:1234:5600::/56".to_string()]
        );
        assert_eq!(d.network.subnets[0].ipv6_cidr, None);
        assert_eq!(
            crate::network::cidr6::next_free_subnet_64(&d.network, &vpc).as_deref(),
            Some("2600:1f18:1234:5600::/64"),
            "the next free /64 is the first one again"
        );
    }
}

#[cfg(test)]
mod gateway_field_tests {
    use super::*;
    use crate::network::samples::hub_and_spoke;

    #[test]
    fn customer_gateway_and_attachment_fields_are_validated() {
        let mut net = hub_and_spoke(2);
        net.customer_gateways.push(CustomerGateway {
            id: "cgw-office".into(),
            ip_address: "203.0.113.77".into(),
            ..CustomerGateway::default()
        });
        let d = Design::new("hub", net);
        let att = d.network.transit_gateway_attachments[0].id.clone();
        // (rule, id, field, value, Ok(()) / Err(the refusal))
        type Case<'a> = (&'a str, &'a str, FieldKey, &'a str, Result<(), String>);
        let cases: Vec<Case> = vec![
            ("G6: an IPv4 outside address", "cgw-office", FieldKey::PublicIp, "198.51.100.7", Ok(())),
            ("G6: not an IPv4 address", "cgw-office", FieldKey::PublicIp, "2001:db8::1",
                Err("`2001:db8::1` is not an IPv4 address: a customer gateway's IP address is its outside interface's, e.g. 203.0.113.12".into())),
            ("G6: a private ASN", "cgw-office", FieldKey::BgpAsn, "64512", Ok(())),
            ("G6: ASN 0 is not one", "cgw-office", FieldKey::BgpAsn, "0",
                Err("`0` is not a BGP ASN: use a whole number from 1 to 4294967294 (private ASNs are 64512–65534)".into())),
            ("G6: words are not an ASN", "cgw-office", FieldKey::BgpAsn, "sixty",
                Err("`sixty` is not a BGP ASN: use a whole number from 1 to 4294967294 (private ASNs are 64512–65534)".into())),
            ("T11: appliance mode on a VPC attachment", &att, FieldKey::ApplianceMode, "true", Ok(())),
            ("a customer gateway has no CIDR", "cgw-office", FieldKey::Cidr, "10.0.0.0/8",
                Err("a customer gateway has no editable field `cidr`".into())),
        ];
        for (rule, id, key, value, want) in cases {
            let mut e = d.clone();
            let got = set_field(&mut e, id, key, value).map_err(|e| e.to_string());
            assert_eq!(got, want, "{rule}");
            if want.is_err() {
                assert_eq!(e, d, "{rule}: a refused edit changes nothing");
            }
        }
        let mut e = d.clone();
        set_field(&mut e, "cgw-office", FieldKey::BgpAsn, " 64512 ").unwrap();
        set_field(&mut e, &att, FieldKey::ApplianceMode, "true").unwrap();
        assert_eq!(e.network.customer_gateways[0].bgp_asn, Some(64512));
        assert!(e.network.transit_gateway_attachments[0].appliance_mode);
    }
}
