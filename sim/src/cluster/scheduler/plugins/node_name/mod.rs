//! NodeName (`nodename/node_name.go`): a pod with `spec.nodeName` fits only that node.

use crate::cluster::config::PluginName;
use crate::cluster::model::{Node, Pod};
use crate::cluster::scheduler::Status;

pub const REASON: &str = "node(s) didn't match the requested node name";

#[inline]
pub fn filter(pod: &Pod, node: &Node) -> Status {
    match &pod.node_name {
        Some(n) if *n != node.name => Status::unresolvable(PluginName::NodeName, REASON),
        _ => Status::ok(PluginName::NodeName),
    }
}

#[cfg(test)]
mod tests {
    use crate::cluster::config::PluginName::NodeName;
    use crate::cluster::scheduler::testing::*;
    use crate::cluster::scheduler::Status;

    // node_name_test.go TestNodeName.
    #[test]
    fn only_the_named_node_fits() {
        let nodes = [node("foo", 1, 1), node("bar", 1, 1)];
        let mut p = pod("p");
        assert_eq!(
            super::filter(&p, &nodes[0]),
            ok(NodeName),
            "no host specified fits any node"
        );
        p.node_name = Some("foo".into());
        assert_eq!(
            super::filter(&p, &nodes[0]),
            ok(NodeName),
            "host matches the node name"
        );
        assert_eq!(
            super::filter(&p, &nodes[1]),
            Status::unresolvable(NodeName, super::REASON),
            "host does not match the node name"
        );
    }
}
