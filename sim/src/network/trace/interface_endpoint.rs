//! Interface VPC endpoints (PrivateLink) as trace endpoints (docs/SEMANTICS.md#e5 … #e8).
//!
//! **Invariants**
//! - Each endpoint interface is an [`Eni`] of kind [`EniKind::InterfaceEndpoint`]: the walk
//!   treats it like any interface (source SG egress, both subnets' NACLs, the endpoint's
//!   groups inbound), so every hop names the rule that decided. The endpoint's groups are
//!   the ones it names, or the VPC's `default` group when it names none (E6).
//! - The endpoint id resolves to the interface in the source's availability zone when there
//!   is one, else its first interface; an interface id or address resolves to that interface.
//! - The endpoint only answers TCP and starts nothing (E7); only an `available` endpoint
//!   carries traffic (E8). These refusals are blockers with the reason; blocked-path
//!   analysis keeps walking past the state and protocol ones.
//! - An interface whose address the input did not give gets a free address of its subnet,
//!   and an explained trace says the verdict rests on that assumption.

use super::endpoint::{Endpoint, Resolved};
use super::index::{Eni, EniKind, NetworkIndex};
use super::rules::Packet;
use super::text::ip;
use super::walk::Walk;
use super::*;
use crate::network::cidr::parse_ip;
use crate::network::lint::label;
use crate::network::model::*;
use crate::network::msg::{msg, Text};

/// The port a flow to an interface endpoint uses when it names none: AWS services behind
/// interface endpoints take HTTPS (an assumption of this simulator, E7).
pub(super) const DEFAULT_PORT: u16 = 443;

impl<'a> NetworkIndex<'a> {
    /// One interface per subnet of every interface endpoint (E5).
    pub(super) fn build_interface_endpoints(&mut self) {
        let net = self.net;
        for (n, ep) in net.vpc_endpoints.iter().enumerate() {
            let Some(spec) = ep.interface.as_ref() else {
                continue;
            };
            let (groups, missing) = if spec.security_groups.is_empty() {
                let default = net
                    .security_groups
                    .iter()
                    .find(|g| g.vpc_id == ep.vpc_id && g.name == "default");
                match default {
                    Some(g) => (self.groups_of(std::slice::from_ref(&g.id)), Vec::new()),
                    None => (
                        Vec::new(),
                        vec![format!("the default group of {}", ep.vpc_id)],
                    ),
                }
            } else {
                (
                    self.groups_of(&spec.security_groups),
                    self.missing_groups(&spec.security_groups),
                )
            };
            for (k, i) in spec.network_interfaces.iter().enumerate() {
                let subnet = self.subnet_by_id.get(i.subnet_id.as_str()).copied();
                let private_ip = i
                    .private_ip
                    .as_deref()
                    .and_then(parse_ip)
                    .map(u32::from)
                    .unwrap_or_else(|| self.free_private(subnet, 11 + 13 * n as u32 + k as u32));
                let eni = Eni {
                    component: ep.id.clone(),
                    kind: EniKind::InterfaceEndpoint {
                        endpoint: n,
                        node: k,
                    },
                    subnet,
                    vpc: subnet.and_then(|s| self.subnets[s].vpc),
                    private_ip,
                    public_ip: None,
                    groups: groups.clone(),
                    has_groups: true,
                    source_dest_check: true,
                    secondary_ips: Vec::new(),
                    interface: None,
                    misplaced: None,
                    missing_groups: missing.clone(),
                };
                let mut ids = vec![ep.id.as_str()];
                if let Some(e) = &i.eni_id {
                    ids.push(e.as_str());
                }
                self.add_eni(eni, &ids);
            }
        }
    }
}

/// How hops name an endpoint interface: `interface endpoint vpce-1 (com.amazonaws…) in
/// subnet-a (eni-1)`.
pub(super) fn label_of(net: &Network, endpoint: usize, node: usize) -> Text {
    let ep = &net.vpc_endpoints[endpoint];
    let i = ep
        .interface
        .as_ref()
        .and_then(|s| s.network_interfaces.get(node));
    let (name, service) = (label(&ep.name, &ep.id), &ep.service);
    match i {
        Some(i) => match &i.eni_id {
            Some(eni) => msg!(
                "trace-name-interface-endpoint-eni",
                "interface endpoint {name} for {service} in {subnet} ({eni})",
                name,
                service,
                subnet = i.subnet_id,
                eni
            ),
            None => msg!(
                "trace-name-interface-endpoint-in",
                "interface endpoint {name} for {service} in {subnet}",
                name,
                service,
                subnet = i.subnet_id
            ),
        },
        None => msg!(
            "trace-name-interface-endpoint",
            "interface endpoint {name} for {service}",
            name,
            service
        ),
    }
}

/// The endpoint and interface an endpoint stands for, when it is an endpoint interface.
fn endpoint_of(ix: &NetworkIndex, e: &Endpoint) -> Option<(usize, usize)> {
    match *e {
        Endpoint::Eni(i) => match ix.enis[i].kind {
            EniKind::InterfaceEndpoint { endpoint, node } => Some((endpoint, node)),
            _ => None,
        },
        _ => None,
    }
}

/// A destination named by the endpoint id: its interface in the source's zone, if any (E5).
pub(super) fn same_zone(
    ix: &NetworkIndex,
    flow: &Flow,
    src: &Resolved,
    dst: &Resolved,
) -> Resolved {
    let Some((endpoint, _)) = endpoint_of(ix, &dst.endpoint) else {
        return *dst;
    };
    if flow.to.trim() != ix.net.vpc_endpoints[endpoint].id || dst.addr.is_some() {
        return *dst;
    }
    let zone_of = |s: Option<usize>| s.map(|s| ix.net.subnets[s].availability_zone.as_str());
    let src_zone = match src.endpoint {
        Endpoint::Eni(e) => zone_of(ix.enis[e].subnet),
        _ => None,
    };
    let Some(zone) = src_zone else {
        return *dst;
    };
    let pick = ix.enis.iter().position(|x| {
        matches!(x.kind, EniKind::InterfaceEndpoint { endpoint: n, .. } if n == endpoint)
            && zone_of(x.subnet) == Some(zone)
    });
    match pick {
        Some(e) => Resolved {
            endpoint: Endpoint::Eni(e),
            addr: None,
            service: None,
        },
        None => *dst,
    }
}

impl Walk<'_, '_> {
    /// The endpoint's own refusals before the path is walked (E7, E8), and the notes on what
    /// the verdict rests on. Returns whether to walk the path.
    pub(super) fn interface_endpoint_gate(
        &mut self,
        src: &Endpoint,
        dst: &Endpoint,
        p: &Packet,
        notes: &mut Vec<Text>,
    ) -> bool {
        let ix = self.ix;
        if let Some((n, k)) = endpoint_of(ix, src) {
            let ep = &ix.net.vpc_endpoints[n];
            self.block(
                &ep.id,
                ComponentKind::VpcEndpoint,
                ReasonCode::NoPath,
                || msg!(
                    "trace-endpoint-initiates-nothing",
                    "{endpoint} cannot initiate connections: an interface endpoint only answers requests that clients send to it, and {service} cannot use it to reach into the VPC",
                    endpoint = label_of(ix.net, n, k),
                    service = ep.service
                ),
                || None,
            );
            return false;
        }
        let Some((n, k)) = endpoint_of(ix, dst) else {
            return true;
        };
        let ep = &ix.net.vpc_endpoints[n];
        let Some(spec) = ep.interface.as_ref() else {
            return true;
        };
        if self.explain {
            let eni = match dst {
                Endpoint::Eni(e) => &ix.enis[*e],
                _ => unreachable!("endpoint_of only matches interfaces"),
            };
            let given = spec
                .network_interfaces
                .get(k)
                .and_then(|i| i.private_ip.as_ref())
                .is_some();
            if !given {
                notes.push(msg!(
                    "trace-note-endpoint-address-assumed",
                    "the address of {endpoint} is not in the input, so the simulator assumes {addr}; this verdict rests on that assumption",
                    endpoint = label_of(ix.net, n, k),
                    addr = ip(eni.private_ip)
                ));
            }
            let (service, vpc) = (&ep.service, &ep.vpc_id);
            notes.push(if spec.private_dns {
                msg!(
                    "trace-note-private-dns-on",
                    "private DNS is on: {service}'s default DNS name resolves to the endpoint's interfaces inside {vpc}",
                    service,
                    vpc
                )
            } else {
                msg!(
                    "trace-note-private-dns-off",
                    "private DNS is off: clients reach {service} through the endpoint only by its endpoint-specific DNS name or address",
                    service
                )
            });
        }
        let mut go_on = true;
        if !spec.state.is_available() {
            go_on = self.block(
                &ep.id,
                ComponentKind::VpcEndpoint,
                ReasonCode::BadState,
                || {
                    msg!(
                        "trace-endpoint-not-available",
                        "interface endpoint {id} is {state}: only an available endpoint carries traffic",
                        id = ep.id,
                        state = spec.state.name()
                    )
                },
                || None,
            );
        }
        if go_on && p.protocol != Protocol::Tcp {
            go_on = self.block(
                &ep.id,
                ComponentKind::VpcEndpoint,
                ReasonCode::NoPath,
                || {
                    msg!(
                        "trace-endpoint-tcp-only",
                        "interface endpoint {id} carries TCP only, not {proto}",
                        id = ep.id,
                        proto = p.protocol.name()
                    )
                },
                || None,
            );
        }
        go_on
    }
}

#[cfg(test)]
mod tests {
    use super::super::{trace, Flow, PathSide, Verdict};
    use crate::network::model::*;
    use crate::network::samples::sample_network;

    type Edit = Box<dyn Fn(&mut Network)>;
    /// The blocker a case expects: component, reason code, side; `None` for reachable.
    type Blocked = Option<(&'static str, &'static str, PathSide)>;

    /// An interface endpoint for Secrets Manager in both subnets of the sample VPC, with a
    /// group allowing HTTPS from the VPC (E5, E6).
    fn with_endpoint(n: &mut Network) {
        n.security_groups.push(SecurityGroup {
            id: "sg-vpce".into(),
            name: "vpce".into(),
            vpc_id: "vpc-0a1b2c3d".into(),
            description: String::new(),
            ingress: vec![SecurityGroupRule::tcp_from_cidr(
                443,
                "10.0.0.0/16",
                "https",
            )],
            egress: Vec::new(),
        });
        n.vpc_endpoints.push(VpcEndpoint {
            id: "vpce-sm".into(),
            name: "secrets".into(),
            vpc_id: "vpc-0a1b2c3d".into(),
            service: "com.amazonaws.ap-northeast-2.secretsmanager".into(),
            endpoint_type: EndpointType::Interface,
            route_table_ids: Vec::new(),
            prefix_list_id: None,
            interface: Some(InterfaceEndpoint {
                network_interfaces: vec![
                    EndpointInterface {
                        subnet_id: "subnet-0a11".into(),
                        eni_id: Some("eni-vpce-a".into()),
                        private_ip: Some("10.0.1.50".into()),
                    },
                    EndpointInterface {
                        subnet_id: "subnet-0b22".into(),
                        eni_id: Some("eni-vpce-c".into()),
                        private_ip: Some("10.0.2.50".into()),
                    },
                ],
                security_groups: vec!["sg-vpce".into()],
                private_dns: true,
                state: EndpointState::Available,
            }),
        });
    }

    fn spec(n: &mut Network) -> &mut InterfaceEndpoint {
        n.vpc_endpoints[0].interface.as_mut().unwrap()
    }

    fn flow(from: &str, to: &str, protocol: Protocol, port: u16) -> Flow {
        Flow {
            from: from.into(),
            to: to.into(),
            protocol,
            port: Some(port),
            src_port: None,
            icmp_type: None,
            icmp_code: None,
        }
    }

    #[test]
    fn interface_endpoint_verdicts_follow_groups_acls_protocol_and_state() {
        // (name, edit, flow, expected blocker (component, code, side) or None for reachable)
        let cases: Vec<(&str, Edit, Flow, Blocked)> = vec![
            (
                "E5/E6: HTTPS from an instance in the VPC reaches the endpoint by its id",
                Box::new(|_| {}),
                flow("i-0app", "vpce-sm", Protocol::Tcp, 443),
                None,
            ),
            (
                "E5: an endpoint interface id is a destination",
                Box::new(|_| {}),
                flow("i-0bastion", "eni-vpce-c", Protocol::Tcp, 443),
                None,
            ),
            (
                "E5: an endpoint interface address is a destination",
                Box::new(|_| {}),
                flow("i-0app", "10.0.1.50", Protocol::Tcp, 443),
                None,
            ),
            (
                "E6: the endpoint's group decides inbound; no rule for 8443",
                Box::new(|_| {}),
                flow("i-0app", "vpce-sm", Protocol::Tcp, 8443),
                Some(("sg-vpce", "ENI_SG_RULES_MISMATCH", PathSide::Forward)),
            ),
            (
                "E6: no groups given means the VPC's default group, which admits only its members",
                Box::new(|n| spec(n).security_groups.clear()),
                flow("i-0app", "vpce-sm", Protocol::Tcp, 443),
                Some(("sg-0default", "ENI_SG_RULES_MISMATCH", PathSide::Forward)),
            ),
            (
                "E7: UDP is refused, TCP only",
                Box::new(|_| {}),
                flow("i-0app", "vpce-sm", Protocol::Udp, 53),
                Some(("vpce-sm", "NO_PATH", PathSide::Forward)),
            ),
            (
                "E7: ICMP is refused, TCP only",
                Box::new(|_| {}),
                flow("i-0app", "vpce-sm", Protocol::Icmp, 0),
                Some(("vpce-sm", "NO_PATH", PathSide::Forward)),
            ),
            (
                "E7: the endpoint cannot initiate connections",
                Box::new(|_| {}),
                flow("vpce-sm", "i-0app", Protocol::Tcp, 8080),
                Some(("vpce-sm", "NO_PATH", PathSide::Forward)),
            ),
            (
                "E8: a pending endpoint carries nothing",
                Box::new(|n| spec(n).state = EndpointState::Pending),
                flow("i-0app", "vpce-sm", Protocol::Tcp, 443),
                Some(("vpce-sm", "BAD_STATE", PathSide::Forward)),
            ),
            (
                "E8: a deleted endpoint carries nothing",
                Box::new(|n| spec(n).state = EndpointState::Deleted),
                flow("i-0app", "eni-vpce-a", Protocol::Tcp, 443),
                Some(("vpce-sm", "BAD_STATE", PathSide::Forward)),
            ),
            (
                "A1/E5: the endpoint subnet's ACL denies the request inbound",
                Box::new(|n| {
                    n.network_acls.push(NetworkAcl {
                        id: "acl-vpce".into(),
                        name: String::new(),
                        vpc_id: "vpc-0a1b2c3d".into(),
                        is_default: false,
                        entries: vec![NaclEntry::allow_all(100, true)],
                        associations: vec!["subnet-0a11".into()],
                    })
                }),
                flow("i-0app", "eni-vpce-a", Protocol::Tcp, 443),
                Some(("acl-vpce", "SUBNET_ACL_RESTRICTION", PathSide::Forward)),
            ),
            (
                "S2/E6: the source's egress rules apply on the way to the endpoint",
                Box::new(|n| {
                    let g = n
                        .security_groups
                        .iter_mut()
                        .find(|g| g.id == "sg-0app")
                        .unwrap();
                    g.egress = vec![SecurityGroupRule::tcp_from_cidr(5432, "10.0.0.0/16", "")];
                }),
                flow("i-0app", "vpce-sm", Protocol::Tcp, 443),
                Some(("sg-0app", "ENI_SG_RULES_MISMATCH", PathSide::Forward)),
            ),
        ];
        for (name, edit, f, want) in cases {
            let mut n = sample_network();
            with_endpoint(&mut n);
            edit(&mut n);
            let t = trace(&n, &f).unwrap_or_else(|e| panic!("{name}: {e}"));
            match (want, &t.verdict) {
                (None, Verdict::Reachable) => {}
                (Some((by, code, side)), Verdict::Unreachable { .. }) => {
                    let b = &t.blockers[0];
                    assert_eq!(
                        (b.component.as_str(), b.code.as_str(), b.side),
                        (by, code, side),
                        "{name}: {:#?}",
                        t.blockers
                    );
                }
                _ => panic!("{name}: unexpected verdict {:#?}", t.verdict),
            }
        }
    }

    #[test]
    fn the_endpoint_id_answers_from_the_interface_in_the_sources_zone() {
        let mut n = sample_network();
        with_endpoint(&mut n);
        for (from, want) in [("i-0app", "10.0.2.50"), ("i-0bastion", "10.0.1.50")] {
            let t = trace(&n, &flow(from, "vpce-sm", Protocol::Tcp, 443)).unwrap();
            assert!(t.is_reachable(), "{from}: {:#?}", t.blockers);
            let last = t.hops.last().unwrap();
            assert!(
                last.explanation.contains(want),
                "{from} lands on {want}: {}",
                last.explanation
            );
            let group_hop = t
                .hops
                .iter()
                .find(|h| h.component == "sg-vpce")
                .expect("the endpoint's group decides inbound");
            assert!(
                group_hop.explanation.contains("tcp 443 from 10.0.0.0/16"),
                "{}",
                group_hop.explanation
            );
        }
    }

    #[test]
    fn an_assumed_interface_address_is_named_in_the_notes() {
        let mut n = sample_network();
        with_endpoint(&mut n);
        spec(&mut n).network_interfaces[1].private_ip = None;
        let t = trace(&n, &flow("i-0app", "vpce-sm", Protocol::Tcp, 443)).unwrap();
        assert!(t.is_reachable(), "{:#?}", t.blockers);
        assert!(
            t.notes
                .iter()
                .any(|x| x.contains("rests on that assumption")),
            "{:#?}",
            t.notes
        );
    }
}
