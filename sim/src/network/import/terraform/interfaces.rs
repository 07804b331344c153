//! Terraform's further network interfaces of instances → `Instance::network_interfaces`
//! (docs/SEMANTICS.md#q5; docs/TERRAFORM.md): an `aws_network_interface` (`subnet_id`,
//! `security_groups`, `private_ips` or `private_ip`, `source_dest_check`) attached to an
//! `aws_instance` by an `aws_network_interface_attachment` (`instance_id`,
//! `network_interface_id`, `device_index`), by its own inline `attachment` block (`instance`,
//! `device_index`) or by the instance's `network_interface` block (`network_interface_id`,
//! `device_index`). The interface's id is its resource address. An interface at device index 0
//! of an instance without `subnet_id` is that instance's primary interface (`primary`).

use super::*;

/// An `aws_network_interface` as the model needs it.
struct Nic {
    subnet: String,
    groups: Vec<String>,
    ips: Vec<String>,
    source_dest_check: bool,
}

fn nic(b: &Builder, r: &Resource) -> Option<Nic> {
    let subnet = b.canon(&text(&r.values, "subnet_id")?);
    let mut groups: Vec<String> = strings(&r.values, "security_groups")
        .iter()
        .map(|g| b.canon(g))
        .collect();
    if groups.is_empty() {
        groups.extend(default_group_of_subnet(b, &subnet));
    }
    let mut ips = strings(&r.values, "private_ips");
    if let Some(ip) = text(&r.values, "private_ip") {
        if !ips.contains(&ip) {
            ips.insert(0, ip);
        }
    }
    Some(Nic {
        subnet,
        groups,
        ips,
        source_dest_check: flag(&r.values, "source_dest_check").unwrap_or(true),
    })
}

/// A free address of a subnet for an interface the configuration gives none (AWS picks one
/// at apply): from base + 10 upward, skipping every address the network already holds.
fn assumed_ip(net: &Network, subnet: &str) -> Option<String> {
    let cidr = crate::network::cidr::Cidr::parse_lenient(&net.subnet(subnet)?.cidr).ok()?;
    let used: Vec<&str> = net
        .instances
        .iter()
        .flat_map(|i| {
            std::iter::once(i.private_ip.as_str())
                .chain(i.secondary_private_ips.iter().map(String::as_str))
                .chain(i.network_interfaces.iter().flat_map(|f| {
                    std::iter::once(f.private_ip.as_str())
                        .chain(f.secondary_private_ips.iter().map(String::as_str))
                }))
        })
        .collect();
    let top = cidr.size().saturating_sub(1) as u32;
    (10..top)
        .map(|k| std::net::Ipv4Addr::from(cidr.network_u32().wrapping_add(k)).to_string())
        .find(|a| !used.contains(&a.as_str()))
}

/// The interface an instance is launched on (device index 0), for an instance whose
/// configuration has no `subnet_id`.
pub(super) struct Primary {
    pub eni: String,
    pub subnet: String,
    pub groups: Vec<String>,
    pub ip: Option<String>,
    pub source_dest_check: bool,
}

/// The interface the `network_interface` block at device index 0 of instance `r` names.
pub(super) fn primary(b: &mut Builder, r: &Resource, rs: &[Resource]) -> Option<Primary> {
    let block = blocks(&r.values, "network_interface")
        .into_iter()
        .find(|n| int(n, "device_index") == Some(0))?;
    let eni = b.canon(&text(block, "network_interface_id")?);
    let res = rs
        .iter()
        .find(|x| x.kind == "aws_network_interface" && x.address == eni)?;
    let n = nic(b, res)?;
    Some(Primary {
        eni,
        subnet: n.subnet,
        groups: n.groups,
        ip: n.ips.first().cloned(),
        source_dest_check: n.source_dest_check,
    })
}

/// Attaches every further interface the configuration gives an instance (device index ≥ 1).
pub(super) fn build(b: &mut Builder, rs: &[Resource]) {
    // (instance, interface, device index, where) from the three ways of attaching.
    let mut attachments: Vec<(String, String, i64, &Resource)> = Vec::new();
    for r in rs {
        match r.kind.as_str() {
            "aws_network_interface_attachment" => {
                match (
                    text(&r.values, "instance_id"),
                    text(&r.values, "network_interface_id"),
                ) {
                    (Some(i), Some(n)) => attachments.push((
                        b.canon(&i),
                        b.canon(&n),
                        int(&r.values, "device_index").unwrap_or(1),
                        r,
                    )),
                    _ => b.warn(
                        r,
                        "needs `instance_id` and `network_interface_id` of this configuration; ignored"
                            .into(),
                    ),
                }
            }
            "aws_network_interface" => {
                for a in blocks(&r.values, "attachment") {
                    if let Some(i) = text(a, "instance") {
                        let index = int(a, "device_index").unwrap_or(1);
                        attachments.push((b.canon(&i), r.address.clone(), index, r));
                    }
                }
            }
            "aws_instance" => {
                for n in blocks(&r.values, "network_interface") {
                    let index = int(n, "device_index").unwrap_or(0);
                    if let (Some(id), true) = (text(n, "network_interface_id"), index >= 1) {
                        attachments.push((r.address.clone(), b.canon(&id), index, r));
                    }
                }
            }
            _ => {}
        }
    }
    for (instance, eni, index, at) in attachments {
        let Some(res) = rs
            .iter()
            .find(|x| x.kind == "aws_network_interface" && x.address == eni)
        else {
            b.warn(
                at,
                format!("`{eni}` is not an aws_network_interface of this configuration; ignored"),
            );
            continue;
        };
        let Some(mut n) = nic(b, res) else {
            b.warn(res, "no `subnet_id`; ignored".into());
            continue;
        };
        let Some(pos) = b.net.instances.iter().position(|i| i.id == instance) else {
            b.warn(at, format!("`{instance}` is not an aws_instance of this configuration; the interface is not attached"));
            continue;
        };
        let inst = &b.net.instances[pos];
        if inst.eni_id.as_deref() == Some(eni.as_str())
            || inst.network_interfaces.iter().any(|f| f.id == eni)
        {
            continue;
        }
        if n.ips.is_empty() {
            match assumed_ip(&b.net, &n.subnet) {
                Some(ip) => {
                    let at = b.provenance.get(&eni).cloned().unwrap_or_default();
                    b.warn_at(
                        &eni,
                        &at,
                        format!(
                            "no `private_ips`: AWS picks a free address in {}; assumed {ip}",
                            n.subnet
                        ),
                        true,
                    );
                    n.ips.push(ip);
                }
                None => {
                    b.warn(
                        res,
                        format!(
                            "{} has no usable CIDR, so no address could be assumed; ignored",
                            n.subnet
                        ),
                    );
                    continue;
                }
            }
        }
        let mut ips = n.ips.into_iter();
        let first = ips.next().unwrap_or_default();
        b.net.instances[pos]
            .network_interfaces
            .push(InstanceInterface {
                id: eni,
                device_index: u32::try_from(index).unwrap_or(1).max(1),
                subnet_id: n.subnet,
                private_ip: first,
                secondary_private_ips: ips.collect(),
                public_ip: None,
                ipv6_addresses: Vec::new(),
                security_groups: n.groups,
                source_dest_check: n.source_dest_check,
            });
    }
    for i in &mut b.net.instances {
        i.network_interfaces.sort_by_key(|f| f.device_index);
    }
}
