//! An instance's further network interface that AWS could not have attached: in another
//! availability zone or VPC than the instance (docs/SEMANTICS.md#q5). An error: the tracer
//! lets no traffic through such an interface.

use super::{Diagnostic, Severity};
use crate::network::trace::index::interface_misplaced;

pub fn check(ix: &super::Lookup, out: &mut Vec<Diagnostic>) {
    let net = ix.net;
    for i in &net.instances {
        for f in &i.network_interfaces {
            if let Some(why) = interface_misplaced(net, i, f) {
                out.push(Diagnostic::new(
                    "INSTANCE_INTERFACE_PLACEMENT",
                    Severity::Error,
                    &i.id,
                    why,
                    None,
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::check;
    use crate::network::model::InstanceInterface;

    fn interface(subnet: &str) -> InstanceInterface {
        InstanceInterface {
            id: "eni-second".into(),
            device_index: 1,
            subnet_id: subnet.into(),
            private_ip: "10.0.2.50".into(),
            security_groups: vec!["sg-app".into()],
            source_dest_check: true,
            ..InstanceInterface::default()
        }
    }

    #[test]
    fn interface_placement_cases() {
        // (name, move the interface's subnet into the instance's zone, expected message key)
        let cases: &[(&str, bool, Option<&str>)] = &[
            (
                "an interface in another subnet of the instance's zone and VPC is fine (Q5)",
                true,
                None,
            ),
            (
                "an interface in a subnet of another zone is refused (Q5)",
                false,
                Some("lint-interface-other-zone"),
            ),
        ];
        for (name, same_zone, want) in cases {
            let found = check(
                |n| {
                    if *same_zone {
                        n.subnets[1].availability_zone = n.subnets[0].availability_zone.clone();
                    }
                    // The bastion lives in subnet-0a11; give it an interface in subnet-0b22.
                    n.instances[0]
                        .network_interfaces
                        .push(interface("subnet-0b22"));
                },
                "INSTANCE_INTERFACE_PLACEMENT",
            );
            let keys: Vec<_> = found
                .iter()
                .map(|d| d.message_msg.as_ref().unwrap().key)
                .collect();
            assert_eq!(keys, want.iter().copied().collect::<Vec<_>>(), "{name}");
            if let Some(d) = found.first() {
                assert!(
                    d.message.contains("eni-second") && d.message.contains("subnet-0b22"),
                    "{}",
                    d.message
                );
            }
        }
    }
}
