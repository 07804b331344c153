//! IPv6 addresses and CIDR blocks as `u128`, beside the IPv4 [`super::cidr`].
//!
//! The model keeps IPv6 blocks as strings (`2600:1f18:1234:5600::/56`) like IPv4 ones, and the
//! family of a rule, route or entry is the family its text parses as (docs/SEMANTICS.md#x1):
//! an IPv4 block never matches an IPv6 packet and the other way round. Parsing is strict like
//! [`super::cidr::Cidr::parse`]: host bits set is an error naming the block AWS would expect.
//! [`next_free_64`] is the "next free /64" the canvas suggests for a new subnet (X2).

use std::fmt;
use std::net::Ipv6Addr;
use std::str::FromStr;

use thiserror::Error;

/// An IPv6 CIDR block: a network address and a prefix length (0..=128).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ipv6Cidr {
    network: u128,
    prefix: u8,
}

/// Why a string is not an IPv6 CIDR block.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum Ipv6CidrError {
    #[error("`{input}` is not an IPv6 CIDR block (expected e.g. 2600:1f18:1234:5600::/56)")]
    Syntax { input: String },
    #[error("`{input}` has a prefix length above 128")]
    PrefixTooLong { input: String },
    #[error("`{input}` has host bits set; the block starts at {expected}")]
    HostBitsSet { input: String, expected: String },
}

fn mask(prefix: u8) -> u128 {
    if prefix == 0 {
        0
    } else {
        u128::MAX << (128 - u32::from(prefix.min(128)))
    }
}

impl Ipv6Cidr {
    /// `::/0`.
    pub const ANY: Ipv6Cidr = Ipv6Cidr {
        network: 0,
        prefix: 0,
    };

    /// Builds a block, clearing host bits.
    pub fn new(addr: Ipv6Addr, prefix: u8) -> Ipv6Cidr {
        let prefix = prefix.min(128);
        Ipv6Cidr {
            network: u128::from(addr) & mask(prefix),
            prefix,
        }
    }

    /// Parses `addr/n` strictly (host bits must be clear). A bare address is a /128.
    pub fn parse(input: &str) -> Result<Ipv6Cidr, Ipv6CidrError> {
        let text = input.trim();
        let syntax = || Ipv6CidrError::Syntax {
            input: input.to_string(),
        };
        let (addr_text, prefix_text) = match text.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (text, None),
        };
        let addr = Ipv6Addr::from_str(addr_text).map_err(|_| syntax())?;
        let prefix: u8 = match prefix_text {
            None => 128,
            Some(p) => {
                if p.is_empty() || p.len() > 3 || !p.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(syntax());
                }
                p.parse().map_err(|_| syntax())?
            }
        };
        if prefix > 128 {
            return Err(Ipv6CidrError::PrefixTooLong {
                input: input.to_string(),
            });
        }
        let cidr = Ipv6Cidr::new(addr, prefix);
        if cidr.network != u128::from(addr) {
            return Err(Ipv6CidrError::HostBitsSet {
                input: input.to_string(),
                expected: cidr.to_string(),
            });
        }
        Ok(cidr)
    }

    /// Parses leniently: host bits are cleared instead of rejected.
    pub fn parse_lenient(input: &str) -> Result<Ipv6Cidr, Ipv6CidrError> {
        match Ipv6Cidr::parse(input) {
            Err(Ipv6CidrError::HostBitsSet { expected, .. }) => Ipv6Cidr::parse(&expected),
            other => other,
        }
    }

    pub fn network(&self) -> Ipv6Addr {
        Ipv6Addr::from(self.network)
    }

    pub fn network_u128(&self) -> u128 {
        self.network
    }

    pub fn prefix(&self) -> u8 {
        self.prefix
    }

    pub fn contains(&self, addr: Ipv6Addr) -> bool {
        self.contains_u128(u128::from(addr))
    }

    pub fn contains_u128(&self, addr: u128) -> bool {
        addr & mask(self.prefix) == self.network
    }

    /// True if every address of `other` is in `self`.
    pub fn contains_cidr(&self, other: &Ipv6Cidr) -> bool {
        other.prefix >= self.prefix && self.contains_u128(other.network)
    }

    pub fn overlaps(&self, other: &Ipv6Cidr) -> bool {
        self.contains_cidr(other) || other.contains_cidr(self)
    }

    /// The `netnum`th block of `newbits` more prefix bits (Terraform's `cidrsubnet`), or why
    /// not.
    pub fn subnet(&self, newbits: i64, netnum: i64) -> Result<Ipv6Cidr, String> {
        let prefix = i64::from(self.prefix) + newbits;
        if !(0..=128).contains(&prefix) || newbits < 0 {
            return Err(format!(
                "cannot extend prefix /{} by {newbits} bits (an IPv6 prefix is at most /128)",
                self.prefix
            ));
        }
        let fits = newbits >= 63 || (0..(1i64 << newbits)).contains(&netnum);
        if netnum < 0 || !fits {
            return Err(format!(
                "network number {netnum} does not fit in {newbits} new bits"
            ));
        }
        let shift = 128 - prefix as u32;
        let offset = (netnum as u128).checked_shl(shift).unwrap_or(0);
        Ok(Ipv6Cidr {
            network: self.network | offset,
            prefix: prefix as u8,
        })
    }

    /// The `n`th address of the block (Terraform's `cidrhost`, and assumed addresses).
    pub fn nth(&self, n: u128) -> Ipv6Addr {
        let host = if self.prefix == 0 {
            n
        } else {
            n & !mask(self.prefix)
        };
        Ipv6Addr::from(self.network | host)
    }
}

impl fmt::Display for Ipv6Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.network(), self.prefix)
    }
}

/// Parses a plain IPv6 address (no prefix).
pub fn parse_ipv6(input: &str) -> Option<Ipv6Addr> {
    Ipv6Addr::from_str(input.trim()).ok()
}

/// Does this text look like IPv6 rather than IPv4 (it has a colon)? Used to pick the family
/// of a rule's, route's or entry's block before parsing it, so that a malformed IPv6 block
/// is reported as IPv6 (X1).
pub fn looks_ipv6(text: &str) -> bool {
    text.contains(':')
}

/// The first /64 of `block` that overlaps none of `used` (subnet blocks already taken), in
/// address order: what the canvas suggests for a new dual-stack subnet (X2). `None` when the
/// block is longer than /64 or every /64 is taken. Looks at most at 65 536 candidates (a /48),
/// far more than AWS's 200 subnets per VPC.
pub fn next_free_64(block: &Ipv6Cidr, used: &[Ipv6Cidr]) -> Option<Ipv6Cidr> {
    if block.prefix > 64 {
        return None;
    }
    let count: u128 = 1u128 << (64 - u32::from(block.prefix)).min(16);
    (0..count)
        .map(|k| Ipv6Cidr {
            network: block.network | (k << 64),
            prefix: 64,
        })
        .find(|candidate| !used.iter().any(|u| u.overlaps(candidate)))
}

/// The next free /64 of a VPC's IPv6 blocks, as the canvas offers it for a new dual-stack
/// subnet (X2): the first /64, in block then address order, that no subnet of the VPC uses.
/// `None` when the VPC has no IPv6 block or every /64 of its blocks is taken.
pub fn next_free_subnet_64(net: &super::model::Network, vpc_id: &str) -> Option<String> {
    let vpc = net.vpc(vpc_id)?;
    let used: Vec<Ipv6Cidr> = net
        .subnets
        .iter()
        .filter(|s| s.vpc_id == vpc_id)
        .filter_map(|s| s.ipv6_cidr.as_deref())
        .filter_map(|c| Ipv6Cidr::parse_lenient(c).ok())
        .collect();
    vpc.ipv6_cidr_blocks
        .iter()
        .filter_map(|b| Ipv6Cidr::parse_lenient(b).ok())
        .find_map(|b| next_free_64(&b, &used))
        .map(|c| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_cidr_parsing_cases() {
        // (case, input, expected display or the error's text)
        let cases: &[(&str, &str, Result<&str, &str>)] = &[
            (
                "a VPC's /56 parses",
                "2600:1f18:1234:5600::/56",
                Ok("2600:1f18:1234:5600::/56"),
            ),
            ("::/0 parses", "::/0", Ok("::/0")),
            (
                "a bare address is a /128",
                "2600:1f18::10",
                Ok("2600:1f18::10/128"),
            ),
            (
                "host bits set is rejected and names the block AWS expects",
                "2600:1f18:1234:5601::/56",
                Err("`2600:1f18:1234:5601::/56` has host bits set; the block starts at 2600:1f18:1234:5600::/56"),
            ),
            (
                "a prefix above 128 is rejected naming the value",
                "2600::/129",
                Err("`2600::/129` has a prefix length above 128"),
            ),
            (
                "an IPv4 block is not an IPv6 block",
                "10.0.0.0/16",
                Err("`10.0.0.0/16` is not an IPv6 CIDR block (expected e.g. 2600:1f18:1234:5600::/56)"),
            ),
            (
                "an empty prefix is rejected",
                "2600::/",
                Err("`2600::/` is not an IPv6 CIDR block (expected e.g. 2600:1f18:1234:5600::/56)"),
            ),
        ];
        for (name, input, expected) in cases {
            let got = Ipv6Cidr::parse(input)
                .map(|c| c.to_string())
                .map_err(|e| e.to_string());
            let want = expected.map(str::to_string).map_err(str::to_string);
            assert_eq!(got, want, "{name}");
        }
    }

    #[test]
    fn containment_follows_the_prefix_bits() {
        let vpc = Ipv6Cidr::parse("2600:1f18:1234:5600::/56").unwrap();
        let subnet = Ipv6Cidr::parse("2600:1f18:1234:5601::/64").unwrap();
        assert!(vpc.contains_cidr(&subnet) && !subnet.contains_cidr(&vpc));
        assert!(vpc.overlaps(&subnet));
        assert!(subnet.contains(parse_ipv6("2600:1f18:1234:5601::10").unwrap()));
        assert!(!subnet.contains(parse_ipv6("2600:1f18:1234:5602::10").unwrap()));
        assert!(Ipv6Cidr::ANY.contains(parse_ipv6("2001:db8::1").unwrap()));
    }

    #[test]
    fn subnet_numbers_count_up_inside_the_block_like_terraform_cidrsubnet() {
        let vpc = Ipv6Cidr::parse("2600:1f18:1234:5600::/56").unwrap();
        let got = vpc.subnet(8, 3).map(|c| c.to_string());
        assert_eq!(got.as_deref(), Ok("2600:1f18:1234:5603::/64"));
        assert!(vpc.subnet(8, 256).is_err(), "256 does not fit in 8 bits");
        assert!(vpc.subnet(80, 0).is_err(), "a /136 does not exist");
        assert_eq!(
            vpc.subnet(8, 1).unwrap().nth(0x10).to_string(),
            "2600:1f18:1234:5601::10"
        );
    }

    #[test]
    fn next_free_64_cases_x2() {
        let vpc = Ipv6Cidr::parse("2600:1f18:1234:5600::/56").unwrap();
        let p = |s: &str| Ipv6Cidr::parse(s).unwrap();
        let cases: Vec<(&str, Vec<Ipv6Cidr>, Option<&str>)> = vec![
            (
                "an empty VPC offers its first /64",
                vec![],
                Some("2600:1f18:1234:5600::/64"),
            ),
            (
                "taken /64s are skipped in address order",
                vec![p("2600:1f18:1234:5600::/64"), p("2600:1f18:1234:5601::/64")],
                Some("2600:1f18:1234:5602::/64"),
            ),
            (
                "a gap before a taken /64 is offered first",
                vec![p("2600:1f18:1234:5601::/64")],
                Some("2600:1f18:1234:5600::/64"),
            ),
            (
                "a block covering the whole VPC leaves nothing",
                vec![vpc],
                None,
            ),
        ];
        for (name, used, want) in cases {
            let got = next_free_64(&vpc, &used).map(|c| c.to_string());
            assert_eq!(got.as_deref(), want, "{name}");
        }
        assert_eq!(
            next_free_64(&p("2600:1f18::/80"), &[]),
            None,
            "a block longer than /64 has no /64 inside it"
        );
    }

    #[test]
    fn the_next_free_subnet_64_skips_the_subnets_of_the_vpc_x2() {
        let mut net = crate::network::samples::sample_network();
        let vpc = net.vpcs[0].id.clone();
        assert_eq!(
            next_free_subnet_64(&net, &vpc),
            None,
            "an IPv4-only VPC offers none"
        );
        net.vpcs[0].ipv6_cidr_blocks = vec!["2600:1f18:1234:5600::/56".into()];
        net.subnets[0].ipv6_cidr = Some("2600:1f18:1234:5600::/64".into());
        assert_eq!(
            next_free_subnet_64(&net, &vpc).as_deref(),
            Some("2600:1f18:1234:5601::/64")
        );
    }
}
