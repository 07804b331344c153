//! IPv4 addresses and CIDR blocks as plain integers.
//!
//! The model keeps CIDRs as the strings the learner typed (so a half-edited design still
//! loads); everything that computes parses them here first. Parsing is strict: a block
//! whose host bits are set (`10.0.1.5/24`) is an error that names the network address
//! AWS would expect, because AWS rejects such blocks too.

use std::fmt;
use std::net::Ipv4Addr;
use std::str::FromStr;

use thiserror::Error;

/// An IPv4 CIDR block: a network address and a prefix length (0..=32).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Cidr {
    network: u32,
    prefix: u8,
}

/// Why a string is not a CIDR block.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum CidrError {
    #[error("`{input}` is not a CIDR block (expected a.b.c.d/n, e.g. 10.0.0.0/16)")]
    Syntax { input: String },
    #[error("`{input}` has a prefix length above 32")]
    PrefixTooLong { input: String },
    #[error("`{input}` has host bits set; the block starts at {expected}")]
    HostBitsSet { input: String, expected: String },
}

impl Cidr {
    /// Builds a block, clearing host bits.
    pub fn new(addr: Ipv4Addr, prefix: u8) -> Cidr {
        let prefix = prefix.min(32);
        Cidr {
            network: u32::from(addr) & mask(prefix),
            prefix,
        }
    }

    /// `0.0.0.0/0`.
    pub const ANY: Cidr = Cidr {
        network: 0,
        prefix: 0,
    };

    /// A single address as a /32.
    pub fn host(addr: Ipv4Addr) -> Cidr {
        Cidr {
            network: u32::from(addr),
            prefix: 32,
        }
    }

    /// Parses `a.b.c.d/n` strictly (host bits must be clear). A bare address is a /32.
    pub fn parse(input: &str) -> Result<Cidr, CidrError> {
        let text = input.trim();
        let (addr_text, prefix_text) = match text.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (text, None),
        };
        let addr = Ipv4Addr::from_str(addr_text).map_err(|_| CidrError::Syntax {
            input: input.to_string(),
        })?;
        let prefix: u8 = match prefix_text {
            None => 32,
            Some(p) => {
                if p.is_empty() || p.len() > 2 || !p.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(CidrError::Syntax {
                        input: input.to_string(),
                    });
                }
                p.parse().map_err(|_| CidrError::Syntax {
                    input: input.to_string(),
                })?
            }
        };
        if prefix > 32 {
            return Err(CidrError::PrefixTooLong {
                input: input.to_string(),
            });
        }
        let cidr = Cidr::new(addr, prefix);
        if cidr.network != u32::from(addr) {
            return Err(CidrError::HostBitsSet {
                input: input.to_string(),
                expected: cidr.to_string(),
            });
        }
        Ok(cidr)
    }

    /// Parses leniently: host bits are cleared instead of rejected.
    pub fn parse_lenient(input: &str) -> Result<Cidr, CidrError> {
        match Cidr::parse(input) {
            Err(CidrError::HostBitsSet { expected, .. }) => Cidr::parse(&expected),
            other => other,
        }
    }

    pub fn network(&self) -> Ipv4Addr {
        Ipv4Addr::from(self.network)
    }

    pub fn network_u32(&self) -> u32 {
        self.network
    }

    pub fn prefix(&self) -> u8 {
        self.prefix
    }

    /// The last address of the block.
    pub fn broadcast_u32(&self) -> u32 {
        self.network | !mask(self.prefix)
    }

    /// Number of addresses in the block (2^(32-prefix)).
    pub fn size(&self) -> u64 {
        1u64 << (32 - u32::from(self.prefix))
    }

    pub fn contains(&self, addr: Ipv4Addr) -> bool {
        self.contains_u32(u32::from(addr))
    }

    pub fn contains_u32(&self, addr: u32) -> bool {
        addr & mask(self.prefix) == self.network
    }

    /// True if every address of `other` is in `self`.
    pub fn contains_cidr(&self, other: &Cidr) -> bool {
        other.prefix >= self.prefix && self.contains_u32(other.network)
    }

    pub fn overlaps(&self, other: &Cidr) -> bool {
        self.contains_cidr(other) || other.contains_cidr(self)
    }

    /// The `n`th address of the block (wrapping inside it).
    pub fn nth(&self, n: u32) -> Ipv4Addr {
        let offset = if self.prefix == 0 {
            n
        } else {
            n & !mask(self.prefix)
        };
        Ipv4Addr::from(self.network | offset)
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.network(), self.prefix)
    }
}

fn mask(prefix: u8) -> u32 {
    if prefix == 0 {
        0
    } else {
        u32::MAX << (32 - u32::from(prefix.min(32)))
    }
}

/// Parses a plain IPv4 address.
pub fn parse_ip(input: &str) -> Option<Ipv4Addr> {
    Ipv4Addr::from_str(input.trim()).ok()
}

/// RFC 1918 private ranges (10/8, 172.16/12, 192.168/16).
pub fn is_rfc1918(addr: Ipv4Addr) -> bool {
    let o = addr.octets();
    o[0] == 10 || (o[0] == 172 && (16..=31).contains(&o[1])) || (o[0] == 192 && o[1] == 168)
}

/// RFC 6598 shared address space (100.64.0.0/10).
pub fn is_rfc6598(addr: Ipv4Addr) -> bool {
    let o = addr.octets();
    o[0] == 100 && (64..=127).contains(&o[1])
}

/// Addresses AWS reserves in every subnet (V3): network, router, DNS, future use, broadcast.
pub const RESERVED_PER_SUBNET: u64 = 5;

/// Usable addresses in a subnet of this size (V3).
pub fn usable_addresses(cidr: &Cidr) -> u64 {
    cidr.size().saturating_sub(RESERVED_PER_SUBNET)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cidr_parsing_cases() {
        // (case, input, expected Ok(display) or Err)
        let cases: &[(&str, &str, Result<&str, ()>)] = &[
            ("a /16 parses", "10.0.0.0/16", Ok("10.0.0.0/16")),
            ("a bare address is a /32", "10.0.0.5", Ok("10.0.0.5/32")),
            (
                "host bits set is rejected like AWS does",
                "10.0.1.5/24",
                Err(()),
            ),
            ("a prefix above 32 is rejected", "10.0.0.0/33", Err(())),
            ("garbage is rejected", "ten.zero/8", Err(())),
            ("0.0.0.0/0 parses", "0.0.0.0/0", Ok("0.0.0.0/0")),
            ("an empty prefix is rejected", "10.0.0.0/", Err(())),
        ];
        for (name, input, expected) in cases {
            let got = Cidr::parse(input).map(|c| c.to_string()).map_err(|_| ());
            assert_eq!(
                got.as_deref().map_err(|_| ()),
                expected.as_ref().map(|s| *s).map_err(|_| ()),
                "{name}"
            );
        }
    }

    #[test]
    fn reserved_addresses_leave_251_in_a_slash_24_and_11_in_a_slash_28_v3() {
        assert_eq!(usable_addresses(&Cidr::parse("10.0.0.0/24").unwrap()), 251);
        assert_eq!(usable_addresses(&Cidr::parse("10.0.0.0/28").unwrap()), 11);
    }

    #[test]
    fn containment_and_overlap() {
        let vpc = Cidr::parse("10.0.0.0/16").unwrap();
        let sub = Cidr::parse("10.0.1.0/24").unwrap();
        let other = Cidr::parse("10.1.0.0/24").unwrap();
        assert!(vpc.contains_cidr(&sub));
        assert!(!sub.contains_cidr(&vpc));
        assert!(vpc.overlaps(&sub) && sub.overlaps(&vpc));
        assert!(!vpc.overlaps(&other));
        assert!(Cidr::ANY.contains(Ipv4Addr::new(8, 8, 8, 8)));
        assert_eq!(sub.nth(10), Ipv4Addr::new(10, 0, 1, 10));
    }

    #[test]
    fn private_ranges_are_recognised_i4() {
        assert!(is_rfc1918(Ipv4Addr::new(172, 31, 0, 1)));
        assert!(!is_rfc1918(Ipv4Addr::new(172, 32, 0, 1)));
        assert!(is_rfc6598(Ipv4Addr::new(100, 64, 0, 1)));
        assert!(!is_rfc1918(Ipv4Addr::new(8, 8, 8, 8)));
    }
}
