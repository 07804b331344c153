//! VPC and subnet blocks must be between /16 and /28 (V1, V2).

use super::{label, Diagnostic, Severity};
use crate::network::cidr::Cidr;
use crate::network::msg::{msg, Text};

pub fn check(ix: &super::Lookup, out: &mut Vec<Diagnostic>) {
    let net = ix.net;
    for v in &net.vpcs {
        for c in &v.cidr_blocks {
            let what = msg!("lint-name-vpc", "VPC {name}", name = label(&v.name, &v.id));
            size(out, &v.id, &what, c);
        }
    }
    for s in &net.subnets {
        let what = msg!(
            "lint-name-subnet",
            "subnet {name}",
            name = label(&s.name, &s.id)
        );
        size(out, &s.id, &what, &s.cidr);
    }
}

/// Why AWS refuses a block of this size for a VPC or a subnet, if it does (V1, V2), with its
/// structured form. The properties panel's live validation uses this rule too.
pub(crate) fn refusal_words(c: &Cidr) -> Option<Text> {
    let p = c.prefix();
    if (16..=28).contains(&p) {
        return None;
    }
    Some(if p < 16 {
        msg!(
            "lint-cidr-too-large",
            "a /{p} block is larger than AWS allows; use /16 or smaller (a longer prefix). AWS accepts /16 to /28",
            p
        )
    } else {
        msg!(
            "lint-cidr-too-small",
            "a /{p} block is smaller than AWS allows; use /28 or larger (a shorter prefix). AWS accepts /16 to /28",
            p
        )
    })
}

fn size(out: &mut Vec<Diagnostic>, id: &str, what: &Text, text: &str) {
    let Ok(c) = Cidr::parse(text) else { return };
    if let Some(why) = refusal_words(&c) {
        out.push(Diagnostic::new(
            "CIDR_SIZE",
            Severity::Error,
            id,
            msg!("lint-cidr-size", "{what} uses {c}: {why}", what, c, why),
            None,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check;

    #[test]
    fn cidr_size_cases() {
        let cases: Vec<(&str, crate::network::lint::testing::Mutation, usize)> = vec![
            (
                "a /16 VPC and /24 subnets are fine (V1)",
                Box::new(|_| {}),
                0,
            ),
            (
                "a /8 VPC is too large (V1)",
                Box::new(|n| n.vpcs[0].cidr_blocks[0] = "10.0.0.0/8".into()),
                1,
            ),
            (
                "a /29 subnet is too small (V2)",
                Box::new(|n| n.subnets[0].cidr = "10.0.1.0/29".into()),
                1,
            ),
            (
                "a /28 subnet is the smallest allowed (V2)",
                Box::new(|n| n.subnets[0].cidr = "10.0.1.0/28".into()),
                0,
            ),
        ];
        for (name, edit, count) in cases {
            assert_eq!(check(edit, "CIDR_SIZE").len(), count, "{name}");
        }
    }
}
