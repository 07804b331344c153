//! Usable addresses per subnet: AWS reserves five in each (V3).

use super::{label, Diagnostic, Severity};
use crate::network::cidr::{usable_addresses, Cidr, RESERVED_PER_SUBNET};
use crate::network::msg::msg;

pub fn check(ix: &super::Lookup, out: &mut Vec<Diagnostic>) {
    let net = ix.net;
    for s in &net.subnets {
        let Ok(c) = Cidr::parse(&s.cidr) else {
            continue;
        };
        let usable = usable_addresses(&c);
        let used = ix.interfaces_in(&s.id);
        let (severity, tail) = if used > usable {
            (
                Severity::Error,
                msg!(
                    "lint-capacity-over",
                    "but {used} interfaces are placed in it; use a larger block",
                    used
                ),
            )
        } else {
            (
                Severity::Info,
                msg!("lint-capacity-in-use", "{used} in use", used),
            )
        };
        out.push(Diagnostic::new(
            "SUBNET_CAPACITY",
            severity,
            &s.id,
            msg!(
                "lint-subnet-capacity",
                "subnet {subnet} has {usable} usable addresses in {c}: {size} minus the {reserved} AWS reserves (network, router, DNS, future use, broadcast); {tail}",
                subnet = label(&s.name, &s.id),
                usable,
                c,
                size = c.size(),
                reserved = RESERVED_PER_SUBNET,
                tail
            ),
            None,
        ));
    }
    // The primary interface's address and each further interface's, in its own subnet (Q5).
    let addresses = net.instances.iter().flat_map(|i| {
        std::iter::once((i, None, &i.subnet_id, &i.private_ip)).chain(
            i.network_interfaces
                .iter()
                .map(move |f| (i, Some(&f.id), &f.subnet_id, &f.private_ip)),
        )
    });
    for (i, eni, subnet, address) in addresses {
        let (Some(s), Some(ip)) = (ix.subnet(subnet), crate::network::cidr::parse_ip(address))
        else {
            continue;
        };
        let Ok(c) = Cidr::parse(&s.cidr) else {
            continue;
        };
        let offset = u32::from(ip).wrapping_sub(c.network_u32());
        let instance = match eni {
            Some(eni) => format!("{}, interface {eni}", label(&i.name, &i.id)),
            None => label(&i.name, &i.id),
        };
        let message = if !c.contains(ip) {
            Some(msg!(
                "lint-instance-ip-outside-subnet",
                "instance {instance} has private IP {ip}, which is outside its subnet {subnet} ({c})",
                instance,
                ip,
                subnet = label(&s.name, &s.id),
                c
            ))
        } else if offset < 4 || u32::from(ip) == c.broadcast_u32() {
            Some(msg!("lint-instance-ip-reserved", "instance {instance} has private IP {ip}, one of the five addresses AWS reserves in {c} (the first four and the last)", instance, ip, c))
        } else {
            None
        };
        if let Some(m) = message {
            out.push(Diagnostic::new(
                "INSTANCE_ADDRESS",
                Severity::Error,
                &i.id,
                m,
                None,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check;
    use crate::network::Severity;

    #[test]
    fn a_slash_24_reports_251_usable_addresses_v3() {
        let d = check(|_| {}, "SUBNET_CAPACITY");
        assert_eq!(d.len(), 2);
        assert!(d[0].message.contains("251 usable"), "{}", d[0].message);
        assert_eq!(d[0].severity, Severity::Info);
    }

    #[test]
    fn instance_address_cases() {
        let cases: Vec<(&str, crate::network::lint::testing::Mutation, usize)> = vec![
            ("an address inside the subnet passes", Box::new(|_| {}), 0),
            (
                "a further interface's address outside its own subnet is reported (Q5)",
                Box::new(|n| {
                    n.instances[0]
                        .network_interfaces
                        .push(crate::network::InstanceInterface {
                            id: "eni-x".into(),
                            subnet_id: "subnet-0b22".into(),
                            private_ip: "10.0.1.77".into(),
                            ..Default::default()
                        })
                }),
                1,
            ),
            (
                "the router address .1 is reserved (V3)",
                Box::new(|n| n.instances[0].private_ip = "10.0.1.1".into()),
                1,
            ),
            (
                "the broadcast address is reserved (V3)",
                Box::new(|n| n.instances[0].private_ip = "10.0.1.255".into()),
                1,
            ),
            (
                "an address outside the subnet is reported",
                Box::new(|n| n.instances[0].private_ip = "10.0.9.9".into()),
                1,
            ),
        ];
        for (name, edit, count) in cases {
            assert_eq!(check(edit, "INSTANCE_ADDRESS").len(), count, "{name}");
        }
    }
}
