//! NodePorts (`nodeports/node_ports.go`): a requested hostPort/protocol conflicts with one in use on
//! the node when the IPs are equal or either is 0.0.0.0 (status Unschedulable: preemption may help).

use crate::cluster::config::PluginName;
use crate::cluster::model::Pod;
use crate::cluster::scheduler::{NodeAgg, Status};

pub const REASON: &str = "node(s) didn't have free ports for the requested pod ports";

fn conflicts(ip_a: &str, ip_b: &str) -> bool {
    let any = |ip: &str| ip.is_empty() || ip == "0.0.0.0";
    any(ip_a) || any(ip_b) || ip_a == ip_b
}

pub fn filter(pod: &Pod, agg: &NodeAgg) -> Status {
    for want in pod.host_ports() {
        if agg.used_ports.iter().any(|(ip, proto, port)| {
            *port == want.host_port && *proto == want.protocol && conflicts(ip, &want.host_ip)
        }) {
            return Status::unschedulable(PluginName::NodePorts, REASON);
        }
    }
    Status::ok(PluginName::NodePorts)
}

#[cfg(test)]
mod tests {
    use crate::cluster::config::PluginName::NodePorts;
    use crate::cluster::model::*;
    use crate::cluster::scheduler::testing::*;
    use crate::cluster::scheduler::Status;

    fn with_port(name: &str, ip: &str, proto: &str, port: i32) -> Pod {
        let mut p = pod(name);
        p.containers.push(Container {
            name: "c".into(),
            ports: vec![ContainerPort {
                name: String::new(),
                container_port: port,
                host_port: port,
                protocol: proto.into(),
                host_ip: ip.into(),
            }],
            ..Container::default()
        });
        p.refresh_requests();
        p
    }

    // node_ports_test.go TestNodePorts.
    #[test]
    fn host_port_conflicts_depend_on_ip_protocol_and_port() {
        let nodes = [node("m1", 1000, 1000)];
        let conflict = Status::unschedulable(NodePorts, super::REASON);
        let cases: Vec<(&str, Pod, Pod, Status)> = vec![
            (
                "same udp port",
                with_port("p", "127.0.0.1", "UDP", 8080),
                with_port("e", "127.0.0.1", "UDP", 8080),
                conflict.clone(),
            ),
            (
                "different protocol",
                with_port("p", "127.0.0.1", "TCP", 8080),
                with_port("e", "127.0.0.1", "UDP", 8080),
                ok(NodePorts),
            ),
            (
                "different host ip",
                with_port("p", "127.0.0.1", "TCP", 8080),
                with_port("e", "127.0.0.2", "TCP", 8080),
                ok(NodePorts),
            ),
            (
                "second port",
                with_port("p", "127.0.0.1", "TCP", 8001),
                with_port("e", "127.0.0.1", "TCP", 8080),
                ok(NodePorts),
            ),
            (
                "0.0.0.0 conflicts with every ip",
                with_port("p", "0.0.0.0", "TCP", 8001),
                with_port("e", "127.0.0.1", "TCP", 8001),
                conflict,
            ),
        ];
        for (name, incoming, existing, want) in cases {
            assert_eq!(
                filter(NodePorts, &incoming, &nodes, &[on(existing, "m1")])[0],
                want,
                "{name}"
            );
        }
    }
}
