//! Amazon-provided addresses: the Route 53 Resolver (VPC base + 2 and 169.254.169.253), the
//! instance metadata service (169.254.169.254) and the Amazon Time Sync Service
//! (169.254.169.123).
//!
//! **Invariants**
//! - Only an instance's own interface reaches them: the link-local addresses from any VPC,
//!   base + 2 only from inside the VPC it belongs to (D1, `NO_PATH` otherwise).
//! - Each answers on its own protocol and port only (DNS on UDP or TCP 53, metadata on TCP
//!   80, Time Sync on UDP 123), `NO_POSSIBLE_DESTINATION` otherwise.
//! - Security groups and network ACLs do not filter this traffic and no route table is
//!   consulted (D2): one hop says so, on each side of the path.

use super::endpoint::{AmazonService, Endpoint};
use super::index::EniKind;
use super::rules::Packet;
use super::text::ip;
use super::walk::Walk;
use super::*;
use crate::network::model::Protocol;
use crate::network::msg::msg;

impl Walk<'_, '_> {
    /// A flow from `src` to an Amazon-provided address.
    pub(super) fn amazon_service(
        &mut self,
        src: &Endpoint,
        service: AmazonService,
        vpc: Option<usize>,
        p: Packet,
    ) {
        let ix = self.ix;
        let here = ip(p.dst).to_string();
        let eni = match *src {
            Endpoint::Eni(e) if matches!(ix.enis[e].kind, EniKind::Instance(_)) => e,
            _ => {
                self.block(
                    &here,
                    ComponentKind::AwsService,
                    ReasonCode::NoPath,
                    || msg!(
                        "trace-service-instances-only",
                        "{service} at {here} is reached only by instances in a VPC, from their own network interface",
                        service = service.words(),
                        here
                    ),
                    || None,
                );
                return;
            }
        };
        if let Some(v) = vpc {
            if ix.enis[eni].vpc != Some(v) {
                let go_on = self.block(
                    &here,
                    ComponentKind::AwsService,
                    ReasonCode::NoPath,
                    || msg!(
                        "trace-service-other-resolver",
                        "{here} is the Route 53 Resolver of VPC {vpc} (its primary CIDR's base + 2); instances reach only their own VPC's resolver (or 169.254.169.253), not another VPC's, even over peering or a transit gateway",
                        here,
                        vpc = ix.net.vpcs[v].id
                    ),
                    || None,
                );
                if !go_on {
                    return;
                }
            }
        }
        let protocol_ok = match service {
            AmazonService::Dns => matches!(p.protocol, Protocol::Udp | Protocol::Tcp),
            AmazonService::Metadata => p.protocol == Protocol::Tcp,
            AmazonService::TimeSync => p.protocol == Protocol::Udp,
        };
        if !protocol_ok || p.dst_port != service.port() {
            self.block(
                &here,
                ComponentKind::AwsService,
                ReasonCode::NoPossibleDestination,
                || {
                    let (words, port, sent, sent_port) =
                        (service.words(), service.port(), p.protocol.name(), p.dst_port);
                    match service {
                        AmazonService::Dns => msg!(
                            "trace-service-port-udp-or-tcp",
                            "{words} answers only on UDP or TCP port {port}, not {sent} port {sent_port}",
                            words, port, sent, sent_port
                        ),
                        AmazonService::Metadata => msg!(
                            "trace-service-port-tcp",
                            "{words} answers only on TCP port {port}, not {sent} port {sent_port}",
                            words, port, sent, sent_port
                        ),
                        AmazonService::TimeSync => msg!(
                            "trace-service-port-udp",
                            "{words} answers only on UDP port {port}, not {sent} port {sent_port}",
                            words, port, sent, sent_port
                        ),
                    }
                },
                || None,
            );
            return;
        }
        let component = ix.enis[eni].component.clone();
        self.hop(|| {
            Hop::at(&here, ComponentKind::AwsService, HopDirection::Inbound).decided(
                Decision::Deliver,
                DecidingRule::behaviour("D2"),
                &p,
                msg!(
                    "trace-service-reached",
                    "{component} reaches {service} at {here} directly: this traffic is not filtered by security groups or network ACLs and uses no route table",
                    component,
                    service = service.words(),
                    here
                ),
            )
        });
        self.side = PathSide::Return;
        let reply = p.reply();
        self.hop(|| {
            Hop::at(&component, ComponentKind::Instance, HopDirection::Inbound).decided(
                Decision::Deliver,
                DecidingRule::behaviour("D2"),
                &reply,
                msg!(
                    "trace-service-answers",
                    "{service} answers {component} directly, unfiltered by security groups and network ACLs",
                    service = service.words(),
                    component
                ),
            )
        });
    }
}
