//! Resolving `--from`/`--to` strings to endpoints.

use std::net::Ipv4Addr;

use super::index::{EniIx, EniKind, NetworkIndex, Remote};
use super::FlowError;
use crate::network::cidr::parse_ip;
use crate::network::msg::{msg, Text};

/// The generic public host used for `internet` (TEST-NET-2, RFC 5737: public, not in any VPC).
pub const INTERNET_HOST: Ipv4Addr = Ipv4Addr::new(198, 51, 100, 10);

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Endpoint {
    /// An instance, database, NAT gateway or load-balancer node interface.
    Eni(EniIx),
    /// A load balancer: a client connecting to its listener.
    LoadBalancer(usize),
    /// A host on the internet; `generic` for the word `internet` (any public address).
    Internet { addr: u32, generic: bool },
    /// An on-premises host: an address inside the ranges behind a VPN (T4, G2).
    OnPremises { addr: u32, via: Remote },
    /// An Amazon-provided address: the Route 53 Resolver (at VPC base + 2 of `vpc`, or
    /// link-local), instance metadata or Time Sync (D1–D3).
    AmazonService {
        addr: u32,
        service: AmazonService,
        vpc: Option<usize>,
    },
}

/// The Amazon-provided services a VPC's instances reach without a route (D1–D3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum AmazonService {
    /// Route 53 Resolver: VPC base + 2 and 169.254.169.253, DNS on port 53.
    Dns,
    /// Instance Metadata Service: 169.254.169.254, HTTP on port 80.
    Metadata,
    /// Amazon Time Sync Service: 169.254.169.123, NTP on UDP 123.
    TimeSync,
}

impl AmazonService {
    pub fn name(self) -> &'static str {
        match self {
            AmazonService::Dns => "the Route 53 Resolver (Amazon DNS)",
            AmazonService::Metadata => "the instance metadata service",
            AmazonService::TimeSync => "the Amazon Time Sync Service",
        }
    }

    /// [`AmazonService::name`] with its structured form, for sentences that are translated.
    pub(super) fn words(self) -> Text {
        match self {
            AmazonService::Dns => msg!("trace-service-dns", "the Route 53 Resolver (Amazon DNS)"),
            AmazonService::Metadata => {
                msg!("trace-service-metadata", "the instance metadata service")
            }
            AmazonService::TimeSync => {
                msg!("trace-service-time-sync", "the Amazon Time Sync Service")
            }
        }
    }

    /// The protocol and port the service answers on.
    pub fn port(self) -> u16 {
        match self {
            AmazonService::Dns => 53,
            AmazonService::Metadata => 80,
            AmazonService::TimeSync => 123,
        }
    }
}

/// The link-local Amazon addresses (D1–D3).
fn link_local_service(a: Ipv4Addr) -> Option<AmazonService> {
    match a.octets() {
        [169, 254, 169, 253] => Some(AmazonService::Dns),
        [169, 254, 169, 254] => Some(AmazonService::Metadata),
        [169, 254, 169, 123] => Some(AmazonService::TimeSync),
        _ => None,
    }
}

/// An endpoint plus the exact address the learner typed, if they typed one.
#[derive(Clone, Copy, Debug)]
pub struct Resolved {
    pub endpoint: Endpoint,
    pub addr: Option<u32>,
    /// The AWS service (index into `aws_services`) the learner named, when they named one;
    /// `endpoint` is then where its traffic goes: its public endpoint, or the interface of an
    /// interface endpoint for it (W1–W4).
    pub service: Option<usize>,
}

pub fn resolve(ix: &NetworkIndex, spec: &str) -> Result<Resolved, FlowError> {
    let s = spec.trim();
    let err = |hint: Text| FlowError::UnknownEndpoint {
        spec: spec.to_string(),
        hint,
    };
    if s.eq_ignore_ascii_case("internet") || s == "0.0.0.0/0" || s.eq_ignore_ascii_case("any") {
        return Ok(Resolved {
            endpoint: Endpoint::Internet {
                addr: u32::from(INTERNET_HOST),
                generic: true,
            },
            addr: None,
            service: None,
        });
    }
    if let Some(&e) = ix.eni_by_id.get(s) {
        return Ok(Resolved {
            endpoint: Endpoint::Eni(e),
            addr: None,
            service: None,
        });
    }
    if let Some(n) = super::aws_services::named(ix, s) {
        return super::aws_services::resolve(ix, n, spec);
    }
    if let Some(&lb) = ix.lb_by_id.get(s) {
        if ix.lbs[lb].nodes.is_empty() {
            return Err(err(msg!(
                "end-lb-no-subnets",
                "the load balancer has no subnets, so it has no address"
            )));
        }
        return Ok(Resolved {
            endpoint: Endpoint::LoadBalancer(lb),
            addr: None,
            service: None,
        });
    }
    if let Some(cidrs) = ix.prefix_by_id.get(s) {
        let Some(c) = cidrs.first() else {
            return Err(err(msg!(
                "end-prefix-list-empty",
                "the prefix list has no CIDR blocks"
            )));
        };
        let addr = u32::from(c.nth(10));
        return Ok(Resolved {
            endpoint: Endpoint::Internet {
                addr,
                generic: false,
            },
            addr: Some(addr),
            service: None,
        });
    }
    if let Some(ip) = parse_ip(s) {
        let a = u32::from(ip);
        let by_addr = ix
            .eni_by_private_ip
            .get(&a)
            .or_else(|| ix.eni_by_public_ip.get(&a));
        if let Some(&e) = by_addr {
            let endpoint = match ix.enis[e].kind {
                EniKind::LbNode { lb, .. } => Endpoint::LoadBalancer(lb),
                _ => Endpoint::Eni(e),
            };
            return Ok(Resolved {
                endpoint,
                addr: Some(a),
                service: None,
            });
        }
        if let Some(service) = link_local_service(ip) {
            return Ok(Resolved {
                endpoint: Endpoint::AmazonService {
                    addr: a,
                    service,
                    vpc: None,
                },
                addr: Some(a),
                service: None,
            });
        }
        // The Route 53 Resolver at the primary CIDR's base + 2 (D1).
        if let Some(v) = ix.vpcs.iter().position(|v| {
            v.cidrs
                .first()
                .is_some_and(|c| c.network_u32().wrapping_add(2) == a)
        }) {
            return Ok(Resolved {
                endpoint: Endpoint::AmazonService {
                    addr: a,
                    service: AmazonService::Dns,
                    vpc: Some(v),
                },
                addr: Some(a),
                service: None,
            });
        }
        if let Some(v) = ix.vpc_of_addr(a) {
            return Err(err(msg!(
                "end-in-vpc-no-interface",
                "{ip} is inside VPC {vpc} but no interface in the design has that address",
                ip,
                vpc = ix.net.vpcs[v].id
            )));
        }
        if let Some(via) = ix.remote_for(a) {
            return Ok(Resolved {
                endpoint: Endpoint::OnPremises { addr: a, via },
                addr: Some(a),
                service: None,
            });
        }
        return Ok(Resolved {
            endpoint: Endpoint::Internet {
                addr: a,
                generic: false,
            },
            addr: Some(a),
            service: None,
        });
    }
    Err(err(msg!("end-expected", "expected an instance id (i-…), ENI id (eni-…), a private or public IP, a load balancer id or ARN, a database id, an AWS service id (svc-…), or `internet`")))
}
