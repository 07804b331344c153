//! Machine-applicable fixes: a human summary plus a list of design edits.
//!
//! **Invariant**: `Fix::apply` either applies every edit or returns an error naming the
//! component it could not find; it never panics. Fresh ids and addresses are chosen
//! deterministically from the design, so the same fix on the same design gives the same result.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::design::Design;
use super::model::*;
use super::msg::{msg, Msg, Text};

/// A suggested change: what to tell the learner and the edits that make it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Fix {
    pub summary: String,
    pub edits: Vec<Edit>,
    /// The summary's key and arguments, for the app's translation (not serialised).
    #[serde(skip)]
    pub summary_msg: Option<Msg>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleDirection {
    Ingress,
    Egress,
}

/// One edit of the design.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "edit", rename_all = "snake_case")]
pub enum Edit {
    AddRoute {
        route_table: String,
        destination: RouteDestination,
        target: RouteTarget,
    },
    /// Points an existing route (by destination) at a new target and marks it active.
    ReplaceRoute {
        route_table: String,
        destination: RouteDestination,
        target: RouteTarget,
    },
    RemoveRoute {
        route_table: String,
        destination: RouteDestination,
    },
    /// Creates a route table with the VPC's local routes and associates it with a subnet.
    CreateRouteTable {
        route_table: String,
        vpc: String,
        name: String,
        subnet: String,
    },
    AttachInternetGateway {
        internet_gateway: String,
        vpc: String,
    },
    CreateInternetGateway {
        internet_gateway: String,
        vpc: String,
    },
    SetPublicIp {
        instance: String,
        public_ip: String,
    },
    AddSecurityGroupRule {
        security_group: String,
        direction: RuleDirection,
        rule: SecurityGroupRule,
    },
    ReplaceSecurityGroupRulePeer {
        security_group: String,
        direction: RuleDirection,
        index: usize,
        peer: RulePeer,
    },
    AddNaclEntry {
        network_acl: String,
        entry: NaclEntry,
    },
    SetSourceDestCheck {
        instance: String,
        /// One of the instance's further interfaces (`eni-…`); absent for the primary one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        interface: Option<String>,
        enabled: bool,
    },
    SetSubnetCidr {
        subnet: String,
        cidr: String,
    },
    SetVpcCidr {
        vpc: String,
        index: usize,
        cidr: String,
    },
    SetPeeringStatus {
        peering: String,
        status: PeeringStatus,
    },
    AddListener {
        load_balancer: String,
        listener: Listener,
    },
    MoveNatGateway {
        nat_gateway: String,
        subnet: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum FixError {
    #[error("cannot apply fix: no {kind} with id `{id}` in the design")]
    UnknownComponent { kind: &'static str, id: String },
    #[error("cannot apply fix: {kind} `{id}` has no {what}")]
    Missing {
        kind: &'static str,
        id: String,
        what: String,
    },
}

impl Fix {
    pub fn new(summary: impl Into<Text>, edits: Vec<Edit>) -> Fix {
        let summary = summary.into();
        Fix {
            summary: summary.en,
            edits,
            summary_msg: summary.msg,
        }
    }

    /// Applies every edit to the design's network, in order.
    pub fn apply(&self, design: &mut Design) -> Result<(), FixError> {
        self.apply_to_network(&mut design.network)
    }

    /// Applies every edit; on error the network may hold the edits before the failing one.
    pub fn apply_to_network(&self, net: &mut Network) -> Result<(), FixError> {
        for edit in &self.edits {
            edit.apply(net)?;
        }
        Ok(())
    }
}

fn unknown(kind: &'static str, id: &str) -> FixError {
    FixError::UnknownComponent {
        kind,
        id: id.to_string(),
    }
}

impl Edit {
    pub fn apply(&self, net: &mut Network) -> Result<(), FixError> {
        match self {
            Edit::AddRoute {
                route_table,
                destination,
                target,
            } => {
                let t = route_table_mut(net, route_table)?;
                t.routes.retain(|r| &r.destination != destination);
                t.routes.push(Route {
                    destination: destination.clone(),
                    target: target.clone(),
                    state: RouteState::Active,
                });
            }
            Edit::ReplaceRoute {
                route_table,
                destination,
                target,
            } => {
                let t = route_table_mut(net, route_table)?;
                let r = t
                    .routes
                    .iter_mut()
                    .find(|r| &r.destination == destination)
                    .ok_or_else(|| FixError::Missing {
                        kind: "route table",
                        id: route_table.clone(),
                        what: format!("route to {}", destination_text(destination)),
                    })?;
                r.target = target.clone();
                r.state = RouteState::Active;
            }
            Edit::RemoveRoute {
                route_table,
                destination,
            } => {
                route_table_mut(net, route_table)?
                    .routes
                    .retain(|r| &r.destination != destination);
            }
            Edit::CreateRouteTable {
                route_table,
                vpc,
                name,
                subnet,
            } => {
                let cidrs = net
                    .vpc(vpc)
                    .ok_or_else(|| unknown("vpc", vpc))?
                    .cidr_blocks
                    .clone();
                for t in &mut net.route_tables {
                    t.associations.retain(|s| s != subnet);
                }
                net.route_tables.push(RouteTable {
                    id: route_table.clone(),
                    name: name.clone(),
                    vpc_id: vpc.clone(),
                    main: false,
                    routes: cidrs
                        .into_iter()
                        .map(|c| Route {
                            destination: RouteDestination::Cidr(c),
                            target: RouteTarget {
                                kind: TargetKind::Local,
                                id: "local".into(),
                            },
                            state: RouteState::Active,
                        })
                        .collect(),
                    associations: vec![subnet.clone()],
                });
            }
            Edit::AttachInternetGateway {
                internet_gateway,
                vpc,
            } => {
                let g = net
                    .internet_gateways
                    .iter_mut()
                    .find(|g| &g.id == internet_gateway)
                    .ok_or_else(|| unknown("internet gateway", internet_gateway))?;
                g.attached_vpc = Some(vpc.clone());
                fix_igw_blackholes(net, internet_gateway);
            }
            Edit::CreateInternetGateway {
                internet_gateway,
                vpc,
            } => {
                if net.vpc(vpc).is_none() {
                    return Err(unknown("vpc", vpc));
                }
                net.internet_gateways.push(InternetGateway {
                    id: internet_gateway.clone(),
                    name: String::new(),
                    attached_vpc: Some(vpc.clone()),
                });
            }
            Edit::SetPublicIp {
                instance,
                public_ip,
            } => {
                let i = net
                    .instances
                    .iter_mut()
                    .find(|i| &i.id == instance)
                    .ok_or_else(|| unknown("instance", instance))?;
                i.public_ip = Some(public_ip.clone());
                i.elastic_ip = true;
            }
            Edit::AddSecurityGroupRule {
                security_group,
                direction,
                rule,
            } => {
                let g = security_group_mut(net, security_group)?;
                match direction {
                    RuleDirection::Ingress => g.ingress.push(rule.clone()),
                    RuleDirection::Egress => g.egress.push(rule.clone()),
                }
            }
            Edit::ReplaceSecurityGroupRulePeer {
                security_group,
                direction,
                index,
                peer,
            } => {
                let g = security_group_mut(net, security_group)?;
                let rules = match direction {
                    RuleDirection::Ingress => &mut g.ingress,
                    RuleDirection::Egress => &mut g.egress,
                };
                let rule = rules.get_mut(*index).ok_or_else(|| FixError::Missing {
                    kind: "security group",
                    id: security_group.clone(),
                    what: format!("rule #{index}"),
                })?;
                rule.peer = peer.clone();
            }
            Edit::AddNaclEntry { network_acl, entry } => {
                let n = net
                    .network_acls
                    .iter_mut()
                    .find(|n| &n.id == network_acl)
                    .ok_or_else(|| unknown("network ACL", network_acl))?;
                n.entries
                    .retain(|e| !(e.rule_number == entry.rule_number && e.egress == entry.egress));
                n.entries.push(entry.clone());
                n.entries.sort_by_key(|e| (e.egress, e.rule_number));
            }
            Edit::SetSourceDestCheck {
                instance,
                interface,
                enabled,
            } => {
                let i = net
                    .instances
                    .iter_mut()
                    .find(|i| &i.id == instance)
                    .ok_or_else(|| unknown("instance", instance))?;
                match interface {
                    None => i.source_dest_check = *enabled,
                    Some(eni) => {
                        i.network_interfaces
                            .iter_mut()
                            .find(|f| &f.id == eni)
                            .ok_or_else(|| unknown("network interface", eni))?
                            .source_dest_check = *enabled
                    }
                }
            }
            Edit::SetSubnetCidr { subnet, cidr } => {
                net.subnets
                    .iter_mut()
                    .find(|s| &s.id == subnet)
                    .ok_or_else(|| unknown("subnet", subnet))?
                    .cidr = cidr.clone();
            }
            Edit::SetVpcCidr { vpc, index, cidr } => {
                let v = net
                    .vpcs
                    .iter_mut()
                    .find(|v| &v.id == vpc)
                    .ok_or_else(|| unknown("vpc", vpc))?;
                let slot = v
                    .cidr_blocks
                    .get_mut(*index)
                    .ok_or_else(|| FixError::Missing {
                        kind: "vpc",
                        id: vpc.clone(),
                        what: format!("CIDR block #{index}"),
                    })?;
                *slot = cidr.clone();
            }
            Edit::SetPeeringStatus { peering, status } => {
                net.peering_connections
                    .iter_mut()
                    .find(|p| &p.id == peering)
                    .ok_or_else(|| unknown("peering connection", peering))?
                    .status = *status;
            }
            Edit::AddListener {
                load_balancer,
                listener,
            } => {
                net.load_balancers
                    .iter_mut()
                    .find(|l| &l.id == load_balancer)
                    .ok_or_else(|| unknown("load balancer", load_balancer))?
                    .listeners
                    .push(listener.clone());
            }
            Edit::MoveNatGateway {
                nat_gateway,
                subnet,
            } => {
                net.nat_gateways
                    .iter_mut()
                    .find(|n| &n.id == nat_gateway)
                    .ok_or_else(|| unknown("NAT gateway", nat_gateway))?
                    .subnet_id = subnet.clone();
            }
        }
        Ok(())
    }
}

/// Routes to an IGW that is now attached are no longer blackholes (R9).
fn fix_igw_blackholes(net: &mut Network, igw: &str) {
    for t in &mut net.route_tables {
        for r in &mut t.routes {
            if r.target.kind == TargetKind::Igw && r.target.id == igw {
                r.state = RouteState::Active;
            }
        }
    }
}

fn route_table_mut<'a>(net: &'a mut Network, id: &str) -> Result<&'a mut RouteTable, FixError> {
    net.route_tables
        .iter_mut()
        .find(|t| t.id == id)
        .ok_or_else(|| unknown("route table", id))
}

fn security_group_mut<'a>(
    net: &'a mut Network,
    id: &str,
) -> Result<&'a mut SecurityGroup, FixError> {
    net.security_groups
        .iter_mut()
        .find(|g| g.id == id)
        .ok_or_else(|| unknown("security group", id))
}

pub(crate) fn destination_text(d: &RouteDestination) -> &str {
    match d {
        RouteDestination::Cidr(c) => c,
        RouteDestination::PrefixList(p) => p,
    }
}

/// A fresh id with `prefix` not used in the network (`rtb-new1`, `rtb-new2`, …).
pub fn fresh_id(net: &Network, prefix: &str) -> String {
    let ids = net.component_ids();
    fresh_id_among(|cand| ids.iter().any(|(id, _)| *id == cand), prefix)
}

/// [`fresh_id`] with the question "is this id taken?" answered by the caller (an index).
fn fresh_id_among(taken: impl Fn(&str) -> bool, prefix: &str) -> String {
    (1..)
        .map(|n| format!("{prefix}-new{n}"))
        .find(|cand| !taken(cand))
        .unwrap_or_else(|| format!("{prefix}-new"))
}

/// The lookups [`internet_route_edits`] needs, answered linearly by [`Network`] or from an
/// index (the lints build one per run, so a fix per subnet does not rescan the design).
pub(crate) trait RouteLookups {
    fn subnet(&self, id: &str) -> Option<&Subnet>;
    fn route_table(&self, id: &str) -> Option<&RouteTable>;
    fn route_table_for_subnet(&self, subnet_id: &str) -> Option<&RouteTable>;
    /// The first internet gateway (model order) attached to `vpc`.
    fn igw_attached_to(&self, vpc: &str) -> Option<&InternetGateway>;
    /// The first internet gateway attached to no VPC.
    fn detached_igw(&self) -> Option<&InternetGateway>;
    fn fresh_id(&self, prefix: &str) -> String;
}

impl RouteLookups for Network {
    fn subnet(&self, id: &str) -> Option<&Subnet> {
        Network::subnet(self, id)
    }
    fn route_table(&self, id: &str) -> Option<&RouteTable> {
        Network::route_table(self, id)
    }
    fn route_table_for_subnet(&self, subnet_id: &str) -> Option<&RouteTable> {
        Network::route_table_for_subnet(self, subnet_id)
    }
    fn igw_attached_to(&self, vpc: &str) -> Option<&InternetGateway> {
        self.internet_gateways
            .iter()
            .find(|g| g.attached_vpc.as_deref() == Some(vpc))
    }
    fn detached_igw(&self) -> Option<&InternetGateway> {
        self.internet_gateways
            .iter()
            .find(|g| g.attached_vpc.is_none())
    }
    fn fresh_id(&self, prefix: &str) -> String {
        fresh_id(self, prefix)
    }
}

impl RouteLookups for crate::network::lint::Lookup<'_> {
    fn subnet(&self, id: &str) -> Option<&Subnet> {
        crate::network::lint::Lookup::subnet(self, id)
    }
    fn route_table(&self, id: &str) -> Option<&RouteTable> {
        crate::network::lint::Lookup::route_table(self, id)
    }
    fn route_table_for_subnet(&self, subnet_id: &str) -> Option<&RouteTable> {
        crate::network::lint::Lookup::route_table_for_subnet(self, subnet_id)
    }
    fn igw_attached_to(&self, vpc: &str) -> Option<&InternetGateway> {
        crate::network::lint::Lookup::igw_attached_to(self, vpc)
    }
    fn detached_igw(&self) -> Option<&InternetGateway> {
        crate::network::lint::Lookup::detached_igw(self)
    }
    fn fresh_id(&self, prefix: &str) -> String {
        fresh_id_among(|cand| self.id_taken(cand), prefix)
    }
}

/// A public address not yet used in the network (from 3.36.0.0/16, an AWS Seoul range).
pub fn fresh_public_ip(net: &Network) -> String {
    let used = |ip: &str| {
        net.instances
            .iter()
            .any(|i| i.public_ip.as_deref() == Some(ip))
            || net
                .nat_gateways
                .iter()
                .any(|n| n.public_ip.as_deref() == Some(ip))
    };
    (10u32..65000)
        .map(|n| format!("3.36.{}.{}", n / 250, n % 250 + 1))
        .find(|ip| !used(ip))
        .unwrap_or_else(|| "3.36.255.254".into())
}

/// The helper edits for "send 0.0.0.0/0 from this subnet to the VPC's internet gateway".
///
/// Creates and attaches an IGW if the VPC has none, attaches an unattached one, and gives
/// the subnet its own route table when it uses the main table (so other subnets stay private).
pub fn internet_route_edits(net: &Network, subnet_id: &str) -> Option<(Text, Vec<Edit>)> {
    internet_route_edits_in(net, subnet_id)
}

/// [`internet_route_edits`] over any [`RouteLookups`] (the same answer, indexed or not).
pub(crate) fn internet_route_edits_in(
    net: &impl RouteLookups,
    subnet_id: &str,
) -> Option<(Text, Vec<Edit>)> {
    let subnet = net.subnet(subnet_id)?;
    let vpc = subnet.vpc_id.clone();
    let mut edits = Vec::new();
    let igw = match net.igw_attached_to(&vpc) {
        Some(g) => g.id.clone(),
        None => match net.detached_igw() {
            Some(g) => {
                edits.push(Edit::AttachInternetGateway {
                    internet_gateway: g.id.clone(),
                    vpc: vpc.clone(),
                });
                g.id.clone()
            }
            None => {
                let id = net.fresh_id("igw");
                edits.push(Edit::CreateInternetGateway {
                    internet_gateway: id.clone(),
                    vpc: vpc.clone(),
                });
                id
            }
        },
    };
    let table = match net.route_table_for_subnet(subnet_id) {
        Some(t) if !t.main => t.id.clone(),
        _ => {
            let id = net.fresh_id("rtb");
            let name = if subnet.name.is_empty() {
                "public".to_string()
            } else {
                format!("{}-rt", subnet.name)
            };
            edits.push(Edit::CreateRouteTable {
                route_table: id.clone(),
                vpc: vpc.clone(),
                name,
                subnet: subnet_id.to_string(),
            });
            id
        }
    };
    let destination = RouteDestination::Cidr("0.0.0.0/0".into());
    let target = RouteTarget {
        kind: TargetKind::Igw,
        id: igw.clone(),
    };
    let exists = net
        .route_table(&table)
        .map(|t| t.routes.iter().any(|r| r.destination == destination))
        .unwrap_or(false);
    if exists {
        edits.push(Edit::ReplaceRoute {
            route_table: table.clone(),
            destination,
            target,
        });
    } else {
        edits.push(Edit::AddRoute {
            route_table: table.clone(),
            destination,
            target,
        });
    }
    Some((
        msg!(
            "fix-add-default-route",
            "add 0.0.0.0/0 → {target} to {table}",
            target = igw,
            table
        ),
        edits,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::samples::sample_design;

    #[test]
    fn internet_route_for_a_main_table_subnet_gets_its_own_table_r1() {
        let mut d = sample_design();
        let (summary, edits) = internet_route_edits(&d.network, "subnet-0b22").unwrap();
        assert!(summary.en.contains("igw-0c3d4e5f"));
        Fix::new(summary, edits).apply(&mut d).unwrap();
        let t = d.network.route_table_for_subnet("subnet-0b22").unwrap();
        assert!(!t.main, "the private subnet now has its own table");
        assert!(t.routes.iter().any(|r| r.target.kind == TargetKind::Igw));
        let main = d.network.route_table("rtb-0main").unwrap();
        assert!(
            main.routes
                .iter()
                .all(|r| r.target.kind == TargetKind::Local),
            "the main table stays private"
        );
    }

    #[test]
    fn applying_an_edit_to_a_missing_component_is_an_error_not_a_panic() {
        let mut d = sample_design();
        let fix = Fix::new(
            "x",
            vec![Edit::SetPublicIp {
                instance: "i-nope".into(),
                public_ip: "3.3.3.3".into(),
            }],
        );
        let err = fix.apply(&mut d).unwrap_err();
        assert!(err.to_string().contains("i-nope"));
    }

    #[test]
    fn fresh_ids_and_addresses_do_not_collide() {
        let d = sample_design();
        assert_eq!(fresh_id(&d.network, "rtb"), "rtb-new1");
        let ip = fresh_public_ip(&d.network);
        assert!(d
            .network
            .instances
            .iter()
            .all(|i| i.public_ip.as_deref() != Some(ip.as_str())));
    }
}
