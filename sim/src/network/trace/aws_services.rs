//! AWS services outside the VPCs (S3, DynamoDB, SQS, SNS, Lambda, API Gateway, CloudFront,
//! Route 53) as trace endpoints, and ElastiCache inside them (docs/SEMANTICS.md#w1 … #w8).
//!
//! **Invariants**
//! - A service is named by its id (`svc-…`); an unknown `kind` is a [`FlowError`] naming the
//!   id and the value, never a guess (W1).
//! - From an interface in a VPC the path is chosen as AWS's own routing and DNS would: the
//!   source subnet's route table sending the service's address to a gateway endpoint (W2),
//!   else an available-or-not interface endpoint with private DNS for the service in the
//!   source's VPC (W3), else the service's public endpoint through whatever the route table
//!   says (an internet gateway, a NAT gateway, W4). The walk itself then decides every hop;
//!   this module only picks the destination address and adds the service's own hop.
//! - The service answers only its documented protocol and ports (W4); a service that does
//!   not open connections refuses to be a source with `NO_PATH` (W5).
//! - ElastiCache is an interface in its first subnet with its own security groups, never
//!   public (W6); without subnets it cannot be traced, and the error says so.

use std::net::Ipv4Addr;

use super::endpoint::{Endpoint, Resolved};
use super::index::{Eni, EniKind, NetworkIndex};
use super::rules::{lookup_route, Packet};
use super::text::ip;
use super::walk::{Landing, Walk};
use super::*;
use crate::network::lint::label;
use crate::network::model::{AwsService, AwsServiceKind, TargetKind};
use crate::network::msg::{msg, Text};

/// The index of the service named `id`, if the design has one.
pub(super) fn named(ix: &NetworkIndex, id: &str) -> Option<usize> {
    ix.net.aws_services.iter().position(|s| s.id == id)
}

/// The service's kind, or the error that names its unknown value (W1).
pub(super) fn kind_of(svc: &AwsService) -> Result<AwsServiceKind, FlowError> {
    AwsServiceKind::parse(&svc.kind).ok_or_else(|| FlowError::UnknownServiceKind {
        id: svc.id.clone(),
        kind: svc.kind.clone(),
    })
}

/// The Region the service lives in: its own, else the network's.
fn region_of<'n>(net: &'n Network, svc: &'n AwsService) -> &'n str {
    if svc.region.is_empty() {
        &net.region
    } else {
        &svc.region
    }
}

/// Is the service in the network's own Region? Endpoints serve only their own Region (W2).
fn same_region(net: &Network, svc: &AwsService) -> bool {
    svc.region.is_empty() || net.region.is_empty() || svc.region == net.region
}

/// Does a VPC endpoint for `name` (`com.amazonaws.<region>.s3`) serve this service?
fn serves(net: &Network, svc: &AwsService, kind: AwsServiceKind, name: &str) -> bool {
    let Some(tail) = kind.endpoint_service() else {
        return false;
    };
    if !same_region(net, svc) {
        return false;
    }
    let region = region_of(net, svc);
    if region.is_empty() {
        name.strip_suffix(tail)
            .is_some_and(|head| head.starts_with("com.amazonaws.") && head.ends_with('.'))
    } else {
        name == format!("com.amazonaws.{region}.{tail}")
    }
}

/// The public address the simulator gives a service whose ranges the design does not hold:
/// one address of TEST-NET-3 (RFC 5737) per kind, 203.0.113.20 onward (an assumption).
fn fixed_addr(kind: AwsServiceKind) -> u32 {
    let k = AwsServiceKind::ALL
        .iter()
        .position(|x| *x == kind)
        .unwrap_or(0) as u8;
    u32::from(Ipv4Addr::new(203, 0, 113, 20 + k))
}

/// The service's public address: inside its prefix list when the design holds one (a
/// gateway endpoint's list, or a list named after the service, R12), else [`fixed_addr`].
fn public_addr(ix: &NetworkIndex, svc: &AwsService, kind: AwsServiceKind) -> u32 {
    let net = ix.net;
    let by_endpoint = net
        .vpc_endpoints
        .iter()
        .filter(|e| serves(net, svc, kind, &e.service))
        .filter_map(|e| e.prefix_list_id.as_deref());
    let by_name = net
        .prefix_lists
        .iter()
        .filter(|p| serves(net, svc, kind, &p.name))
        .map(|p| p.id.as_str());
    by_endpoint
        .chain(by_name)
        .find_map(|pl| ix.prefix_by_id.get(pl).and_then(|cs| cs.first()))
        .map(|c| u32::from(c.nth(10)))
        .unwrap_or_else(|| fixed_addr(kind))
}

/// `--from`/`--to` naming service `n` (not ElastiCache with subnets, which is an interface).
pub(super) fn resolve(ix: &NetworkIndex, n: usize, spec: &str) -> Result<Resolved, FlowError> {
    let svc = &ix.net.aws_services[n];
    let kind = kind_of(svc)?;
    if kind == AwsServiceKind::ElastiCache {
        return Err(FlowError::UnknownEndpoint {
            spec: spec.to_string(),
            hint: msg!(
                "end-elasticache-in-vpc",
                "ElastiCache {id} runs inside a VPC: give it subnet_ids (a subnet of the design) and security_groups",
                id = svc.id
            ),
        });
    }
    let addr = public_addr(ix, svc, kind);
    Ok(Resolved {
        endpoint: Endpoint::Internet {
            addr,
            generic: false,
        },
        addr: Some(addr),
        service: Some(n),
    })
}

/// How a flow from a VPC reaches a service (W2–W4, W7).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Path {
    /// The source subnet's table sends the service's address to gateway endpoint `vpce`.
    Gateway { table: usize, vpce: usize },
    /// Interface endpoint `vpce` with private DNS: the service's name resolves to it.
    Interface { vpce: usize },
    /// The service's public endpoint, over whatever the route table says.
    Public,
    /// API Gateway from a VPC whose `execute-api` endpoint has private DNS: public APIs are
    /// out of reach from there (W7).
    PrivateApiDns { vpce: usize },
}

/// The destination a flow to a service really goes to, and why (W2–W4); `dst` unchanged
/// when it is no service or the source is not in a VPC.
pub(super) fn choose(
    ix: &NetworkIndex,
    src: &Resolved,
    dst: &Resolved,
) -> (Resolved, Option<Path>) {
    let Some(n) = dst.service else {
        return (*dst, None);
    };
    let net = ix.net;
    let svc = &net.aws_services[n];
    let Ok(kind) = kind_of(svc) else {
        return (*dst, None);
    };
    let Endpoint::Eni(e) = src.endpoint else {
        return (*dst, Some(Path::Public));
    };
    let eni = &ix.enis[e];
    let addr = dst.addr.unwrap_or(0);
    // W2: the source subnet's table decides first (a prefix-list route is more specific
    // than 0.0.0.0/0, R6, R12).
    if let Some(t) = eni.subnet.and_then(|s| ix.subnets[s].table) {
        if let Some(r) = lookup_route(ix, t, addr) {
            if r.target.kind == TargetKind::Vpce {
                if let Some(&v) = ix.vpce_by_id.get(r.target.id.as_str()) {
                    return (*dst, Some(Path::Gateway { table: t, vpce: v }));
                }
            }
        }
    }
    let Some(vpc) = eni.vpc else {
        return (*dst, Some(Path::Public));
    };
    let vpc_id = &net.vpcs[vpc].id;
    let interface = net.vpc_endpoints.iter().position(|ep| {
        &ep.vpc_id == vpc_id
            && ep.interface.as_ref().is_some_and(|i| i.private_dns)
            && serves(net, svc, kind, &ep.service)
    });
    let Some(v) = interface else {
        return (*dst, Some(Path::Public));
    };
    if kind == AwsServiceKind::ApiGateway {
        return (*dst, Some(Path::PrivateApiDns { vpce: v }));
    }
    // W3: the interface in the source's zone, else the endpoint's first one (E5).
    let zone_of = |s: Option<usize>| s.map(|s| net.subnets[s].availability_zone.as_str());
    let mine =
        |x: &Eni| matches!(x.kind, EniKind::InterfaceEndpoint { endpoint, .. } if endpoint == v);
    let pick = ix
        .enis
        .iter()
        .position(|x| mine(x) && zone_of(x.subnet) == zone_of(eni.subnet))
        .or_else(|| ix.enis.iter().position(mine));
    match pick {
        Some(i) => (
            Resolved {
                endpoint: Endpoint::Eni(i),
                addr: None,
                service: Some(n),
            },
            Some(Path::Interface { vpce: v }),
        ),
        None => (*dst, Some(Path::Public)),
    }
}

/// How hops name a service: `Amazon S3 photos (svc-photos)`.
pub(super) fn words(svc: &AwsService) -> Text {
    let title = AwsServiceKind::parse(&svc.kind)
        .map(AwsServiceKind::title)
        .unwrap_or("AWS");
    msg!(
        "trace-name-aws-service",
        "{title} {name}",
        title,
        name = label(&svc.name, &svc.id)
    )
}

/// Does the service answer this protocol and port (W4)?
fn answers(kind: AwsServiceKind, p: &Packet) -> bool {
    let tcp = p.protocol == Protocol::Tcp;
    match kind {
        AwsServiceKind::S3 | AwsServiceKind::DynamoDb | AwsServiceKind::CloudFront => {
            tcp && (p.dst_port == 443 || p.dst_port == 80)
        }
        AwsServiceKind::Route53 => {
            (p.dst_port == 53 && matches!(p.protocol, Protocol::Tcp | Protocol::Udp))
                || (tcp && p.dst_port == 443)
        }
        _ => tcp && p.dst_port == 443,
    }
}

fn ports_words(kind: AwsServiceKind) -> Text {
    match kind {
        AwsServiceKind::S3 | AwsServiceKind::DynamoDb | AwsServiceKind::CloudFront => {
            msg!("trace-svc-ports-web", "HTTPS on TCP 443 and HTTP on TCP 80")
        }
        AwsServiceKind::Route53 => msg!(
            "trace-svc-ports-dns",
            "DNS on UDP or TCP 53 (its name servers) and HTTPS on TCP 443 (its API)"
        ),
        _ => msg!("trace-svc-ports-https", "HTTPS on TCP 443"),
    }
}

impl NetworkIndex<'_> {
    /// One interface per ElastiCache service with subnets: its primary node, in the first
    /// subnet, with the service's groups (W6).
    pub(super) fn build_caches(&mut self) {
        let net = self.net;
        for (n, svc) in net.aws_services.iter().enumerate() {
            if AwsServiceKind::parse(&svc.kind) != Some(AwsServiceKind::ElastiCache) {
                continue;
            }
            let Some(first) = svc.subnet_ids.first() else {
                continue;
            };
            let subnet = self.subnet_by_id.get(first.as_str()).copied();
            let eni = Eni {
                component: svc.id.clone(),
                kind: EniKind::Cache(n),
                subnet,
                vpc: subnet.and_then(|s| self.subnets[s].vpc),
                private_ip: self.free_private(subnet, 29 + n as u32),
                public_ip: None,
                groups: self.groups_of(&svc.security_groups),
                missing_groups: self.missing_groups(&svc.security_groups),
                has_groups: true,
                source_dest_check: true,
                secondary_ips: Vec::new(),
                interface: None,
                misplaced: None,
            };
            self.add_eni(eni, &[svc.id.as_str()]);
        }
    }
}

/// The port an ElastiCache engine listens on by default (W6): 11211 for Memcached, else
/// 6379 (Redis OSS and Valkey).
pub(super) fn cache_port(svc: &AwsService) -> u16 {
    if svc.engine.eq_ignore_ascii_case("memcached") {
        11211
    } else {
        6379
    }
}

/// An ElastiCache node as hops name it.
pub(super) fn cache_label(svc: &AwsService) -> Text {
    msg!(
        "trace-name-elasticache",
        "ElastiCache cluster {name}",
        name = label(&svc.name, &svc.id)
    )
}

impl Walk<'_, '_> {
    /// A service as the source (W5): those that open connections send from their public
    /// address; the others only answer. Returns whether to walk the path.
    pub(super) fn aws_service_source(
        &mut self,
        src: &Resolved,
        dst: &Resolved,
        p: &Packet,
    ) -> bool {
        let Some(n) = src.service else {
            return true;
        };
        let net = self.ix.net;
        let svc = &net.aws_services[n];
        let Ok(kind) = kind_of(svc) else {
            return false;
        };
        if dst.service.is_some() {
            self.block(
                &svc.id,
                ComponentKind::AwsService,
                ReasonCode::NoPath,
                || msg!(
                    "trace-svc-to-service",
                    "{service} talking to another AWS service happens inside AWS, outside any VPC: the simulator traces only paths that touch the design",
                    service = words(svc)
                ),
                || None,
            );
            return false;
        }
        if !kind.starts_connections() {
            self.block(
                &svc.id,
                ComponentKind::AwsService,
                ReasonCode::NoPath,
                || msg!(
                    "trace-svc-starts-nothing",
                    "{service} only answers requests sent to it; it does not open connections into a VPC",
                    service = words(svc)
                ),
                || None,
            );
            return false;
        }
        self.hop(|| {
            let (service, addr) = (words(svc), ip(p.src));
            let text = match kind {
                AwsServiceKind::CloudFront => msg!(
                    "trace-svc-sends-cloudfront",
                    "{service} fetches from its origin over the internet, from a public address of its own ({addr} stands for CloudFront's ranges)",
                    service,
                    addr
                ),
                AwsServiceKind::Lambda => msg!(
                    "trace-svc-sends-lambda",
                    "{service} is not attached to a VPC, so it connects from a public address of AWS ({addr}), like any host on the internet",
                    service,
                    addr
                ),
                _ => msg!(
                    "trace-svc-sends",
                    "{service} connects from a public address of AWS ({addr}), like any host on the internet",
                    service,
                    addr
                ),
            };
            Hop::at(&svc.id, ComponentKind::AwsService, HopDirection::Outbound).decided(
                Decision::Forward,
                DecidingRule::behaviour("W5"),
                p,
                text,
            )
        });
        true
    }

    /// Refusals before the path is walked: API Gateway behind a private-DNS `execute-api`
    /// endpoint (W7). Returns whether to walk the path.
    pub(super) fn aws_service_gate(&mut self, dst: &Resolved, path: Option<Path>) -> bool {
        let (Some(n), Some(Path::PrivateApiDns { vpce })) = (dst.service, path) else {
            return true;
        };
        let net = self.ix.net;
        let (svc, ep) = (&net.aws_services[n], &net.vpc_endpoints[vpce]);
        self.block(
            &ep.id,
            ComponentKind::VpcEndpoint,
            ReasonCode::NoPath,
            || msg!(
                "trace-svc-private-api-dns",
                "interface endpoint {endpoint} for {name} has private DNS on, so API Gateway's default names resolve to it inside {vpc}; it serves only private APIs, so {service}, a public API, is out of reach from this VPC",
                endpoint = ep.id,
                name = ep.service,
                vpc = ep.vpc_id,
                service = words(svc)
            ),
            || None,
        );
        false
    }

    /// The service's own hop once the packet reached its endpoint (W2–W4). Returns whether
    /// the service accepted it.
    pub(super) fn aws_service_arrival(
        &mut self,
        n: usize,
        path: Option<Path>,
        landing: Landing,
        p: &Packet,
    ) -> bool {
        let ix = self.ix;
        let net = ix.net;
        let svc = &net.aws_services[n];
        let Ok(kind) = kind_of(svc) else {
            return false;
        };
        if let Landing::Service(v) = landing {
            let ep = &net.vpc_endpoints[v];
            if !serves(net, svc, kind, &ep.service) {
                let go_on = self.block(
                    &ep.id,
                    ComponentKind::VpcEndpoint,
                    ReasonCode::NoPath,
                    || {
                        msg!(
                            "trace-svc-wrong-endpoint",
                            "gateway endpoint {endpoint} leads to {name}, not to {service}",
                            endpoint = ep.id,
                            name = ep.service,
                            service = words(svc)
                        )
                    },
                    || None,
                );
                if !go_on {
                    return false;
                }
            }
        }
        if !answers(kind, p) {
            let (service, ports, sent, port) =
                (words(svc), ports_words(kind), p.protocol.name(), p.dst_port);
            return self.refuse(
                |why| {
                    Hop::at(&svc.id, ComponentKind::AwsService, HopDirection::Inbound).decided(
                        Decision::Drop,
                        DecidingRule::behaviour("W4"),
                        p,
                        why,
                    )
                },
                &svc.id,
                ComponentKind::AwsService,
                ReasonCode::NoPossibleDestination,
                || {
                    msg!(
                        "trace-svc-port",
                        "{service} answers only {ports}, not {sent} port {port}",
                        service,
                        ports,
                        sent,
                        port
                    )
                },
                || None,
            );
        }
        self.hop(|| {
            let (service, ports) = (words(svc), ports_words(kind));
            let (rule, text) = match (landing, path) {
                (Landing::Service(v), _) => (
                    DecidingRule::behaviour("W2"),
                    msg!(
                        "trace-svc-reached-gateway",
                        "{service} receives the request privately from gateway endpoint {endpoint}; it answers {ports}",
                        service,
                        endpoint = net.vpc_endpoints[v].id,
                        ports
                    ),
                ),
                (Landing::Eni(_), Some(Path::Interface { vpce })) => (
                    DecidingRule::behaviour("W3"),
                    msg!(
                        "trace-svc-reached-interface",
                        "interface endpoint {endpoint} hands the request to {service} over AWS PrivateLink; it answers {ports}",
                        service,
                        endpoint = net.vpc_endpoints[vpce].id,
                        ports
                    ),
                ),
                _ => (
                    DecidingRule::behaviour("W4"),
                    msg!(
                        "trace-svc-reached-public",
                        "{service} receives the request at its public endpoint {addr}; it answers {ports}",
                        service,
                        addr = ip(p.dst),
                        ports
                    ),
                ),
            };
            Hop::at(&svc.id, ComponentKind::AwsService, HopDirection::Inbound).decided(
                Decision::Deliver,
                rule,
                p,
                text,
            )
        });
        true
    }
}

/// The note that says which way the flow to a service goes and why (W2–W4).
pub(super) fn path_note(ix: &NetworkIndex, n: usize, path: Path, addr: u32) -> Option<Text> {
    let net = ix.net;
    let svc = &net.aws_services[n];
    let service = words(svc);
    Some(match path {
        Path::Gateway { table, vpce } => msg!(
            "trace-note-svc-gateway",
            "route table {table} sends {service}'s addresses to gateway endpoint {endpoint}, so the traffic stays inside AWS without an internet gateway or NAT; endpoint policies and bucket or IAM policies are not modelled",
            table = net.route_tables[table].id,
            service,
            endpoint = net.vpc_endpoints[vpce].id
        ),
        // The interface endpoint's own note says private DNS is on (E5).
        Path::Interface { .. } => return None,
        Path::Public => {
            if !same_region(net, svc) {
                msg!(
                    "trace-note-svc-other-region",
                    "{service} is in {region}, another Region: VPC endpoints serve only their own Region, so it is reached at its public endpoint {addr}",
                    service,
                    region = svc.region,
                    addr = ip(addr)
                )
            } else {
                msg!(
                    "trace-note-svc-public",
                    "no gateway endpoint route or interface endpoint with private DNS serves {service} here, so it is reached at its public endpoint {addr} (through an internet gateway, directly or behind a NAT gateway); IAM and resource policies are not modelled",
                    service,
                    addr = ip(addr)
                )
            }
        }
        // The blocker says it all (W7).
        Path::PrivateApiDns { .. } => return None,
    })
}

#[cfg(test)]
mod tests;
