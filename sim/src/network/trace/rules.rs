//! Rule evaluation: packets against security groups, network ACLs and route tables.
//! Pure functions over the index; no strings are built here.

use super::index::{EniIx, NetworkIndex, PeerIx, RouteIx};
use crate::network::model::*;

/// A packet as the tracer sees it at one point of the path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Packet {
    pub src: u32,
    pub dst: u32,
    pub protocol: Protocol,
    pub src_port: u16,
    pub dst_port: u16,
    pub icmp_type: u8,
    pub icmp_code: u8,
}

impl Packet {
    /// The reply: addresses and ports swapped; an ICMP echo request (8) becomes an echo reply (0).
    pub fn reply(&self) -> Packet {
        Packet {
            src: self.dst,
            dst: self.src,
            protocol: self.protocol,
            src_port: self.dst_port,
            dst_port: self.src_port,
            icmp_type: if self.icmp_type == 8 {
                0
            } else {
                self.icmp_type
            },
            icmp_code: self.icmp_code,
        }
    }

    /// `10.0.1.5:49152 → 10.0.2.7:443 tcp`. Every explained hop carries this, so it is
    /// written byte by byte into a stack buffer and copied out once: `format!` through
    /// `Ipv4Addr`'s `Display` was a fifth of an explained trace's time (docs/PERFORMANCE.md,
    /// transit trace).
    pub fn describe(&self) -> String {
        let mut out = Ascii::default();
        out.ipv4(self.src);
        match self.protocol {
            Protocol::Tcp | Protocol::Udp => {
                out.push(b":");
                out.decimal(u32::from(self.src_port));
                out.push(" → ".as_bytes());
                out.ipv4(self.dst);
                out.push(b":");
                out.decimal(u32::from(self.dst_port));
                out.push(if self.protocol == Protocol::Tcp {
                    b" tcp"
                } else {
                    b" udp"
                });
            }
            Protocol::Icmp => {
                out.push(" → ".as_bytes());
                out.ipv4(self.dst);
                out.push(b" icmp type ");
                out.decimal(u32::from(self.icmp_type));
                out.push(b" code ");
                out.decimal(u32::from(self.icmp_code));
            }
            p => {
                out.push(" → ".as_bytes());
                out.ipv4(self.dst);
                out.push(b" protocol ");
                out.push(p.name().as_bytes());
            }
        }
        out.into_string()
    }
}

/// A packet description being written: long enough for the longest (two addresses, two
/// ports, a protocol name); anything past the end is dropped rather than panicking.
struct Ascii {
    bytes: [u8; 64],
    len: usize,
}

impl Default for Ascii {
    fn default() -> Ascii {
        Ascii {
            bytes: [0; 64],
            len: 0,
        }
    }
}

impl Ascii {
    fn push(&mut self, s: &[u8]) {
        let n = s.len().min(self.bytes.len() - self.len);
        self.bytes[self.len..self.len + n].copy_from_slice(&s[..n]);
        self.len += n;
    }

    /// `a` in dotted-quad form, as `Ipv4Addr`'s `Display` writes it.
    fn ipv4(&mut self, a: u32) {
        for (i, octet) in a.to_be_bytes().into_iter().enumerate() {
            if i > 0 {
                self.push(b".");
            }
            self.decimal(u32::from(octet));
        }
    }

    /// `n` in decimal without leading zeros.
    fn decimal(&mut self, mut n: u32) {
        let mut digits = [0u8; 10];
        let mut start = digits.len();
        loop {
            start -= 1;
            digits[start] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.push(&digits[start..]);
    }

    /// The text written; only whole characters were pushed, so it is valid UTF-8 unless a
    /// protocol name were cut at the end, which the lossy copy would show rather than hide.
    fn into_string(self) -> String {
        String::from_utf8_lossy(&self.bytes[..self.len]).into_owned()
    }
}

/// Does a rule's protocol/port/ICMP part match the packet (S4, A6)? Port ranges refer to
/// the destination port. A packet of protocol `all` matches only rules for all protocols.
pub fn protocol_matches(
    rule: Protocol,
    ports: Option<PortRange>,
    icmp: Option<IcmpMatch>,
    p: &Packet,
) -> bool {
    match rule {
        Protocol::All => true,
        r if r != p.protocol => false,
        Protocol::Tcp | Protocol::Udp => ports.map(|r| r.contains(p.dst_port)).unwrap_or(true),
        Protocol::Icmp => icmp
            .map(|m| {
                m.icmp_type.map(|t| t == p.icmp_type).unwrap_or(true)
                    && m.code.map(|c| c == p.icmp_code).unwrap_or(true)
            })
            .unwrap_or(true),
        Protocol::Other(_) => true,
    }
}

/// Result of a security-group evaluation: the (group, rule index) that allowed, if any.
pub struct GroupVerdict {
    pub allowed_by: Option<(usize, usize)>,
}

/// Evaluates the union of an interface's groups (S2, S7). `peer_addr` is the source for
/// ingress and the destination for egress. Group references match the private IPs of the
/// member interfaces in the same or a peered VPC (S5).
pub fn evaluate_groups(
    ix: &NetworkIndex,
    groups: &[usize],
    ingress: bool,
    p: &Packet,
    peer_addr: u32,
) -> GroupVerdict {
    for &g in groups {
        let model = &ix.net.security_groups[g];
        let (rules, peers) = if ingress {
            (&model.ingress, &ix.groups[g].ingress)
        } else {
            (&model.egress, &ix.groups[g].egress)
        };
        for (k, (rule, peer)) in rules.iter().zip(peers).enumerate() {
            if !protocol_matches(rule.protocol, rule.ports, rule.icmp, p) {
                continue;
            }
            if peer_matches(ix, peer, peer_addr, ix.groups[g].vpc) {
                return GroupVerdict {
                    allowed_by: Some((g, k)),
                };
            }
        }
    }
    GroupVerdict { allowed_by: None }
}

fn peer_matches(ix: &NetworkIndex, peer: &PeerIx, addr: u32, group_vpc: Option<usize>) -> bool {
    match peer {
        PeerIx::Cidr(c) => c.contains_u32(addr),
        PeerIx::Prefix(cs) => cs.iter().any(|c| c.contains_u32(addr)),
        PeerIx::Group(g) => match ix.eni_by_private_ip.get(&addr) {
            Some(&e) => {
                let eni = &ix.enis[e];
                eni.groups.contains(g)
                    && match (eni.vpc, group_vpc) {
                        (Some(a), Some(b)) => a == b || ix.peered(a, b),
                        _ => true,
                    }
            }
            None => false,
        },
        PeerIx::Nothing => false,
    }
}

/// First matching NACL entry in rule-number order (A2); `None` means the `*` deny (A3).
pub fn evaluate_nacl(ix: &NetworkIndex, nacl: usize, outbound: bool, p: &Packet) -> Option<usize> {
    let model = &ix.net.network_acls[nacl];
    let entries = if outbound {
        &ix.nacls[nacl].outbound
    } else {
        &ix.nacls[nacl].inbound
    };
    let addr = if outbound { p.dst } else { p.src };
    entries
        .iter()
        .find(|e| {
            let m = &model.entries[e.entry];
            m.rule_number < 32767
                && e.cidr.map(|c| c.contains_u32(addr)).unwrap_or(false)
                && protocol_matches(m.protocol, m.ports, m.icmp, p)
        })
        .map(|e| e.entry)
}

/// Longest-prefix match (R6, R7); a blackhole route is selected like any other (R10).
pub fn lookup_route<'i>(ix: &'i NetworkIndex, table: usize, dst: u32) -> Option<&'i RouteIx> {
    ix.tables[table]
        .routes
        .iter()
        .find(|r| r.cidr.contains_u32(dst))
}

/// The interface that owns `addr` as its private IP.
pub fn eni_at(ix: &NetworkIndex, addr: u32) -> Option<EniIx> {
    ix.eni_by_private_ip.get(&addr).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tcp(port: u16) -> Packet {
        Packet {
            src: 1,
            dst: 2,
            protocol: Protocol::Tcp,
            src_port: 49152,
            dst_port: port,
            icmp_type: 0,
            icmp_code: 0,
        }
    }

    /// The hand-written form is `format!` through `Ipv4Addr`'s `Display`, character for
    /// character, at the edges of every field.
    #[test]
    fn packet_descriptions_match_the_display_forms() {
        use std::net::Ipv4Addr;
        let addrs = [
            0u32,
            1,
            9,
            10,
            99,
            100,
            255,
            256,
            0x0a00_0105,
            0xc0a8_0a0a,
            u32::MAX,
        ];
        let ports = [0u16, 7, 10, 443, 9999, 10000, 65535];
        let protocols = [
            Protocol::Tcp,
            Protocol::Udp,
            Protocol::Icmp,
            Protocol::All,
            Protocol::Other(50),
        ];
        for &src in &addrs {
            for &dst in &addrs[..3] {
                for (i, &port) in ports.iter().enumerate() {
                    for &protocol in &protocols {
                        let p = Packet {
                            src,
                            dst,
                            protocol,
                            src_port: ports[ports.len() - 1 - i],
                            dst_port: port,
                            icmp_type: port as u8,
                            icmp_code: (port >> 8) as u8,
                        };
                        let (s, d) = (Ipv4Addr::from(src), Ipv4Addr::from(dst));
                        let want = match protocol {
                            Protocol::Tcp | Protocol::Udp => format!(
                                "{s}:{} → {d}:{} {}",
                                p.src_port,
                                p.dst_port,
                                protocol.name()
                            ),
                            Protocol::Icmp => {
                                format!("{s} → {d} icmp type {} code {}", p.icmp_type, p.icmp_code)
                            }
                            other => format!("{s} → {d} protocol {}", other.name()),
                        };
                        assert_eq!(p.describe(), want);
                    }
                }
            }
        }
    }

    #[test]
    fn protocol_matching_cases() {
        let ssh = Some(PortRange::single(22));
        let echo = Packet {
            protocol: Protocol::Icmp,
            icmp_type: 8,
            ..tcp(0)
        };
        type Case = (
            &'static str,
            Protocol,
            Option<PortRange>,
            Option<IcmpMatch>,
            Packet,
            bool,
        );
        let cases: &[Case] = &[
            (
                "a tcp rule for port 22 matches tcp 22 (S4)",
                Protocol::Tcp,
                ssh,
                None,
                tcp(22),
                true,
            ),
            (
                "a tcp rule for port 22 does not match tcp 23 (S4)",
                Protocol::Tcp,
                ssh,
                None,
                tcp(23),
                false,
            ),
            (
                "port ranges are inclusive (S4)",
                Protocol::Tcp,
                Some(PortRange {
                    from: 1024,
                    to: 65535,
                }),
                None,
                tcp(65535),
                true,
            ),
            (
                "protocol all matches anything (S4, A6 -1)",
                Protocol::All,
                None,
                None,
                tcp(5),
                true,
            ),
            (
                "a udp rule does not match tcp",
                Protocol::Udp,
                None,
                None,
                tcp(22),
                false,
            ),
            (
                "an icmp rule with type -1 matches echo (S4)",
                Protocol::Icmp,
                None,
                None,
                echo,
                true,
            ),
            (
                "an icmp rule for type 0 does not match echo request (S4)",
                Protocol::Icmp,
                None,
                Some(IcmpMatch {
                    icmp_type: Some(0),
                    code: None,
                }),
                echo,
                false,
            ),
        ];
        for (name, rule, ports, icmp, packet, expected) in cases {
            assert_eq!(
                protocol_matches(*rule, *ports, *icmp, packet),
                *expected,
                "{name}"
            );
        }
    }

    #[test]
    fn replies_swap_addresses_and_ports_and_turn_echo_into_echo_reply_a1() {
        let p = Packet {
            protocol: Protocol::Icmp,
            icmp_type: 8,
            ..tcp(22)
        };
        let r = p.reply();
        assert_eq!(
            (r.src, r.dst, r.src_port, r.dst_port, r.icmp_type),
            (2, 1, 22, 49152, 0)
        );
    }
}
