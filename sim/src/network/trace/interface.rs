//! Network interfaces on the path: where a packet is sent from and delivered to, and
//! instances that forward traffic as middleboxes.
//!
//! **Invariants**
//! - A packet leaves through the interface's security groups (egress) and arrives through
//!   them (ingress); replies skip them (S1).
//! - An interface accepts only packets for its own addresses; a NAT gateway accepts no new
//!   inbound connection (N1), anything else that is not an instance drops with
//!   `ENI_ADDRESS_RESTRICTION`.
//! - An instance forwards a packet for another address only with its source/destination
//!   check off (`ENI_SOURCE_DEST_CHECK_RESTRICTION` otherwise, with the fix); a NAT instance
//!   translates the source and the reply is translated back (N3).

use super::index::{EniIx, EniKind};
use super::rules::Packet;
use super::text::ip;
use super::walk::{eni_kind, eni_label, Binding, Landing, Step, Walk};
use super::*;
use crate::network::fix::{Edit, Fix};
use crate::network::model::*;
use crate::network::msg::msg;

impl Walk<'_, '_> {
    /// An instance's further interface that AWS could not have attached (another zone or
    /// VPC, Q5) carries nothing: a blocker naming it. Returns whether traffic may pass.
    fn attached(&mut self, e: EniIx) -> bool {
        let ix = self.ix;
        let eni = &ix.enis[e];
        let Some(why) = &eni.misplaced else {
            return true;
        };
        let (EniKind::Instance(i), Some(k)) = (eni.kind, eni.interface) else {
            return true;
        };
        let id = &ix.net.instances[i].network_interfaces[k].id;
        self.block(
            id,
            ComponentKind::NetworkInterface,
            ReasonCode::BadStateAttachment,
            || why.clone(),
            || None,
        );
        false
    }

    /// Sends a packet out of an interface: SG egress (not for replies, S1), then the subnet.
    pub(super) fn emit(&mut self, e: EniIx, p: Packet, reply: bool) -> Step {
        if self.halted {
            return None;
        }
        let eni = &self.ix.enis[e];
        if !self.attached(e) {
            return None;
        }
        if eni.has_groups {
            if reply {
                self.skip_groups(e, false, &p);
            } else if !self.check_groups(e, false, &p) {
                return None;
            }
        }
        self.leave_subnet(eni.subnet, Some(e), p, reply)
    }

    /// The packet reaches interface `d`.
    pub(super) fn deliver(&mut self, d: EniIx, p: Packet, reply: bool) -> Step {
        if self.halted {
            return None;
        }
        let ix = self.ix;
        let eni = &ix.enis[d];
        // A reply to a translated connection: undo the translation (N3).
        if reply {
            if let Some(b) = self
                .bindings
                .iter()
                .rev()
                .find(|b| b.at == d && b.new_src == p.dst && b.new_port == p.dst_port)
                .copied()
            {
                let back = Packet {
                    dst: b.original_src,
                    dst_port: b.original_port,
                    ..p
                };
                self.hop(|| {
                    Hop::at(&eni.component, eni_kind(ix, d), HopDirection::Through).decided(
                        Decision::Translate,
                        DecidingRule::Translation {
                            from: ip(p.dst).to_string(),
                            to: ip(b.original_src).to_string(),
                        },
                        &back,
                        msg!(
                            "trace-untranslate-reply",
                            "{eni} recognises the reply of a connection it translated and sends it back to {addr}",
                            eni = eni_label(ix, d),
                            addr = ip(b.original_src)
                        ),
                    )
                });
                return self.leave_subnet(eni.subnet, Some(d), back, reply);
            }
        }
        if !self.attached(d) {
            return None;
        }
        if eni.owns(p.dst) {
            if let EniKind::Nat(_) = eni.kind {
                self.block(
                    &eni.component,
                    ComponentKind::NatGateway,
                    ReasonCode::NoPossibleDestination,
                    || msg!(
                        "trace-nat-no-inbound",
                        "{eni} only accepts replies to connections started from inside its VPC; it does not accept new inbound connections",
                        eni = eni_label(ix, d)
                    ),
                    || None,
                );
                return None;
            }
            if eni.has_groups {
                if reply {
                    self.skip_groups(d, true, &p);
                } else if !self.check_groups(d, true, &p) {
                    return None;
                }
            }
            self.hop(|| {
                Hop::at(&eni.component, eni_kind(ix, d), HopDirection::Inbound).decided(
                    Decision::Deliver,
                    DecidingRule::behaviour("delivered"),
                    &p,
                    msg!(
                        "trace-arrives",
                        "the packet arrives at {eni} ({addr})",
                        eni = eni_label(ix, d),
                        addr = ip(eni.private_ip)
                    ),
                )
            });
            return Some((Landing::Eni(d), p));
        }
        // Not addressed to this interface: only an instance can forward it (middlebox routing).
        let EniKind::Instance(i) = eni.kind else {
            self.block(
                &eni.component,
                eni_kind(ix, d),
                ReasonCode::EniAddressRestriction,
                || {
                    msg!(
                        "trace-eni-own-address-only",
                        "{eni} only sends and receives traffic for its own address, not {dst}",
                        eni = eni_label(ix, d),
                        dst = ip(p.dst)
                    )
                },
                || None,
            );
            return None;
        };
        if eni.has_groups && !reply && !self.check_groups(d, true, &p) {
            return None;
        }
        let instance = &ix.net.instances[i];
        if eni.source_dest_check
            && !self.block(
                &instance.id,
                ComponentKind::Instance,
                ReasonCode::EniSourceDestCheckRestriction,
                || msg!(
                    "trace-source-dest-check",
                    "{eni} receives traffic for {dst}, which is not its own address, but its source/destination check is on, so it drops it",
                    eni = eni_label(ix, d),
                    dst = ip(p.dst)
                ),
                || {
                    let interface = eni.interface.map(|k| instance.network_interfaces[k].id.clone());
                    let on = match &interface {
                        Some(id) => format!("{} ({id})", instance.id),
                        None => instance.id.clone(),
                    };
                    Some(Fix::new(
                        msg!("trace-fix-source-dest-check", "disable the source/destination check on {instance}", instance = on),
                        vec![Edit::SetSourceDestCheck {
                            instance: instance.id.clone(),
                            interface,
                            enabled: false,
                        }],
                    ))
                },
            )
        {
            return None;
        }
        let mut out = p;
        if instance.role == InstanceRole::NatInstance && !reply {
            out.src = eni.private_ip;
            self.bindings.push(Binding {
                at: d,
                original_src: p.src,
                original_port: p.src_port,
                new_src: out.src,
                new_port: out.src_port,
            });
        }
        self.hop(|| {
            let decision = if out.src != p.src {
                Decision::Translate
            } else {
                Decision::Forward
            };
            Hop::at(&instance.id, ComponentKind::Instance, HopDirection::Through).decided(
                decision,
                DecidingRule::behaviour("R5 middlebox"),
                &out,
                msg!(
                    "trace-middlebox-forwards",
                    "{eni} forwards the packet onwards as a middlebox (source/destination check off)",
                    eni = eni_label(ix, d)
                ),
            )
        });
        // Forwarded traffic is checked by the middlebox's own outbound rules (S5: no SG references).
        if eni.has_groups && !reply && !self.check_groups(d, false, &out) {
            return None;
        }
        self.leave_subnet(eni.subnet, Some(d), out, reply)
    }
}

#[cfg(test)]
mod tests {
    //! An instance with a further interface in another subnet (docs/SEMANTICS.md#q5): the
    //! app server `i-0app` (private subnet-0b22, sg-0app) gets `eni-0app-web` in a public
    //! subnet of its zone (subnet-0c33, its own route table to the internet gateway) with
    //! its own group sg-0web (443 from anywhere) and a public address.
    use super::super::{trace, Flow, NetworkIndex};
    use crate::network::model::*;
    use crate::network::samples::sample_network;

    const WEB_IP: &str = "10.0.3.30";
    const WEB_PUBLIC: &str = "3.36.30.30";

    fn with_web_interface(n: &mut Network) {
        let zone = n.subnets[1].availability_zone.clone();
        n.subnets.push(Subnet {
            id: "subnet-0c33".into(),
            name: "web-c".into(),
            vpc_id: "vpc-0a1b2c3d".into(),
            cidr: "10.0.3.0/24".into(),
            availability_zone: zone,
            ..Subnet::default()
        });
        let mut web_table = n.route_tables[1].clone();
        web_table.id = "rtb-0web".into();
        web_table.associations = vec!["subnet-0c33".into()];
        n.route_tables.push(web_table);
        n.security_groups.push(SecurityGroup {
            id: "sg-0web".into(),
            name: "web".into(),
            vpc_id: "vpc-0a1b2c3d".into(),
            description: "HTTPS from anywhere".into(),
            ingress: vec![SecurityGroupRule::tcp_from_cidr(443, "0.0.0.0/0", "https")],
            egress: vec![SecurityGroupRule::allow_all("0.0.0.0/0")],
        });
        n.instances[1].network_interfaces.push(InstanceInterface {
            id: "eni-0app-web".into(),
            device_index: 1,
            subnet_id: "subnet-0c33".into(),
            private_ip: WEB_IP.into(),
            public_ip: Some(WEB_PUBLIC.into()),
            security_groups: vec!["sg-0web".into()],
            source_dest_check: true,
            ..InstanceInterface::default()
        });
    }

    /// The bastion's outbound traffic to the internet goes through `eni-0app-web` as a
    /// middlebox (its subnet's table sends 0.0.0.0/0 there).
    fn through_web_interface(n: &mut Network) {
        with_web_interface(n);
        let public = n
            .route_tables
            .iter_mut()
            .find(|t| t.id == "rtb-0public")
            .unwrap();
        for r in &mut public.routes {
            if r.target.kind == TargetKind::Igw {
                r.target = RouteTarget {
                    kind: TargetKind::Eni,
                    id: "eni-0app-web".into(),
                };
            }
        }
    }

    fn deny_inbound_nacl(n: &mut Network) {
        n.network_acls.push(NetworkAcl {
            id: "acl-0web".into(),
            name: "web".into(),
            vpc_id: "vpc-0a1b2c3d".into(),
            is_default: false,
            entries: vec![
                NaclEntry {
                    action: RuleAction::Deny,
                    ..NaclEntry::allow_all(100, false)
                },
                NaclEntry::allow_all(100, true),
            ],
            associations: vec!["subnet-0c33".into()],
        });
    }

    type Case = (
        &'static str,
        fn(&mut Network),
        (&'static str, &'static str, u16),
        Option<(&'static str, &'static str)>,
    );

    #[test]
    fn each_interface_uses_its_own_subnet_and_security_groups_q5() {
        let cases: &[Case] = &[
            (
                "the further interface's own group allows HTTPS from the internet, which the primary's group would not",
                with_web_interface,
                ("internet", WEB_PUBLIC, 443),
                None,
            ),
            (
                "the primary's address is still decided by the primary's group",
                with_web_interface,
                ("i-0bastion", "10.0.2.20", 443),
                Some(("sg-0app", "ENI_SG_RULES_MISMATCH")),
            ),
            (
                "while the same instance's further address is allowed by its own group",
                with_web_interface,
                ("i-0bastion", WEB_IP, 443),
                None,
            ),
            (
                "SSH to the further interface is denied by its own group",
                with_web_interface,
                ("internet", WEB_PUBLIC, 22),
                Some(("sg-0web", "ENI_SG_RULES_MISMATCH")),
            ),
            (
                "the reverse: the primary's group allows the app port from the VPC",
                with_web_interface,
                ("i-0bastion", "10.0.2.20", 8080),
                None,
            ),
            (
                "the reverse: the further interface's group does not, though it is the same instance",
                with_web_interface,
                ("i-0bastion", WEB_IP, 8080),
                Some(("sg-0web", "ENI_SG_RULES_MISMATCH")),
            ),
            (
                "the network ACL of the further interface's subnet decides traffic to it",
                |n| {
                    with_web_interface(n);
                    deny_inbound_nacl(n);
                },
                ("i-0bastion", WEB_IP, 443),
                Some(("acl-0web", "SUBNET_ACL_RESTRICTION")),
            ),
            (
                "that network ACL does not apply to the primary's subnet",
                |n| {
                    with_web_interface(n);
                    deny_inbound_nacl(n);
                },
                ("i-0bastion", "10.0.2.20", 8080),
                None,
            ),
            (
                "--from the further interface leaves through its public subnet",
                with_web_interface,
                ("eni-0app-web", "internet", 443),
                None,
            ),
            (
                "--from its address does the same",
                with_web_interface,
                (WEB_IP, "internet", 443),
                None,
            ),
            (
                "--from the instance id uses the primary interface, whose private subnet has no internet route",
                with_web_interface,
                ("i-0app", "internet", 443),
                Some(("rtb-0main", "NO_ROUTE_TO_DESTINATION")),
            ),
            (
                "an interface in another zone than its instance carries nothing",
                |n| {
                    with_web_interface(n);
                    n.subnets[2].availability_zone = n.subnets[0].availability_zone.clone();
                },
                ("internet", WEB_PUBLIC, 443),
                Some(("eni-0app-web", "BAD_STATE_ATTACHMENT")),
            ),
            (
                "forwarding through the further interface needs its own source/destination check off",
                through_web_interface,
                ("i-0bastion", "internet", 443),
                Some(("i-0app", "ENI_SOURCE_DEST_CHECK_RESTRICTION")),
            ),
            (
                "the primary interface's source/destination check does not decide for the further one",
                |n| {
                    through_web_interface(n);
                    n.instances[1].source_dest_check = false;
                },
                ("i-0bastion", "internet", 443),
                Some(("i-0app", "ENI_SOURCE_DEST_CHECK_RESTRICTION")),
            ),
        ];
        for (name, edit, (from, to, port), want) in cases {
            let mut net = sample_network();
            edit(&mut net);
            let flow = Flow::tcp(from, to, *port);
            let t = trace(&net, &flow).unwrap_or_else(|e| panic!("{name}: {e}"));
            let got = t
                .blockers
                .first()
                .map(|b| (b.component.as_str(), b.code.as_str()));
            assert_eq!(got, *want, "{name}: {:#?}", t.blockers);
            let ix = NetworkIndex::build(&net);
            assert_eq!(
                ix.reachable(&flow).unwrap(),
                want.is_none(),
                "{name}: the verdict-only walk agrees"
            );
        }
    }

    #[test]
    fn hops_and_notes_name_the_interface_that_decided_q5() {
        let mut net = sample_network();
        with_web_interface(&mut net);
        let t = trace(&net, &Flow::tcp("internet", WEB_PUBLIC, 443)).unwrap();
        let arrived = t.hops.last().unwrap();
        assert_eq!(arrived.component, "i-0app");
        assert!(
            arrived.explanation.contains("eni-0app-web") && arrived.explanation.contains(WEB_IP),
            "{}",
            arrived.explanation
        );
        assert!(t.hops.iter().any(|h| h.component == "sg-0web"));
        assert!(!t.hops.iter().any(|h| h.component == "sg-0app"));
        assert!(
            t.hops.iter().any(|h| h.component == "subnet-0c33"
                || h.component == "rtb-0web"
                || h.explanation.contains("web-c")),
            "{:#?}",
            t.hops
        );

        let denied = trace(&net, &Flow::tcp("i-0bastion", WEB_IP, 8080)).unwrap();
        assert!(
            denied.blockers[0].explanation.contains("eni-0app-web"),
            "{}",
            denied.blockers[0].explanation
        );

        // By its id, the instance sends from its primary interface, and the trace says so.
        let by_id = trace(&net, &Flow::tcp("i-0app", "i-0bastion", 22)).unwrap();
        assert!(
            by_id
                .notes
                .iter()
                .any(|n| n.contains("primary interface") && n.contains("eni-0app-web")),
            "{:#?}",
            by_id.notes
        );
        let by_eni = trace(&net, &Flow::tcp("eni-0app-web", "i-0bastion", 22)).unwrap();
        assert!(!by_eni.notes.iter().any(|n| n.contains("primary interface")));
        assert!(
            by_eni.hops[0].packet.starts_with(WEB_IP),
            "{}",
            by_eni.hops[0].packet
        );
    }

    #[test]
    fn the_source_dest_check_fix_names_the_further_interface_and_applies() {
        let mut net = sample_network();
        through_web_interface(&mut net);
        let flow = Flow::tcp("i-0bastion", "internet", 443);
        let t = trace(&net, &flow).unwrap();
        let fix = t.blockers[0].fix.clone().expect("a fix");
        fix.apply_to_network(&mut net).unwrap();
        assert!(!net.instances[1].network_interfaces[0].source_dest_check);
        assert!(
            net.instances[1].source_dest_check,
            "the primary's check is untouched"
        );
        let after = trace(&net, &flow).unwrap();
        assert!(
            !after
                .blockers
                .iter()
                .any(|b| b.code.as_str() == "ENI_SOURCE_DEST_CHECK_RESTRICTION"),
            "{:#?}",
            after.blockers
        );
    }
}
