//! Least-privilege checks (`only_from`) and path checks (`through`).
//!
//! "3306 only from the public tier" is graded both ways and statically:
//! 1. **allowed** — every flow from the named sources to the targets is reachable;
//! 2. **denied** — the same flow from every other instance and database of the design, and from
//!    the internet, is unreachable (the tracer decides, so routing counts here);
//! 3. **no rule wider than needed** — every security-group ingress rule of the targets that
//!    covers the port names a source inside the allowed ones: a CIDR wholly inside the
//!    allowed subnets or addresses, or a group whose members are all allowed sources. A rule
//!    from `0.0.0.0/0` or from the whole VPC CIDR fails even when routing hides it (a private
//!    subnet today may get a route tomorrow; AWS's own guidance is to allow only the sources
//!    that need access: docs/SEMANTICS.md#s11).
//!
//! **Invariant**: total on any design (dangling groups, bad CIDRs count as "not inside").

use std::collections::BTreeSet;

use crate::network::cidr::{parse_ip, Cidr};
use crate::network::model::label;
use crate::network::trace::ComponentKind;
use crate::network::{Flow, Network, NetworkIndex, Protocol, RulePeer, SecurityGroupRule};

use super::rubric::{OnlyFromSpec, ThroughSpec};
use super::select::{resolve, Endpoint, Tiers};
use super::{allowing_rule, blocked_text, flow_text, Outcome};

fn flow(from: &str, to: &str, protocol: Protocol, port: Option<u16>) -> Flow {
    Flow {
        from: from.to_string(),
        to: to.to_string(),
        protocol,
        port,
        src_port: None,
        icmp_type: None,
        icmp_code: None,
    }
}

/// Does an ingress rule let this protocol/port in?
fn covers(r: &SecurityGroupRule, protocol: Protocol, port: Option<u16>) -> bool {
    let proto_ok = r.protocol == Protocol::All || r.protocol == protocol;
    let port_ok = match (r.ports, port) {
        (Some(range), Some(p)) => range.contains(p),
        _ => true,
    };
    proto_ok && port_ok
}

/// The security groups of an endpoint (instance, database or load balancer id).
fn groups_of<'n>(net: &'n Network, spec: &str) -> &'n [String] {
    if let Some(i) = net.instance(spec) {
        return &i.security_groups;
    }
    if let Some(d) = net.databases.iter().find(|d| d.id == spec) {
        return &d.security_groups;
    }
    if let Some(l) = net.load_balancers.iter().find(|l| l.id == spec) {
        return &l.security_groups;
    }
    &[]
}

/// Every instance and database of the design, as trace sources, in model order.
fn every_host(net: &Network) -> Vec<Endpoint> {
    let mut v: Vec<Endpoint> = net
        .instances
        .iter()
        .map(|i| Endpoint {
            spec: i.id.clone(),
            label: label(&i.name, &i.id),
        })
        .collect();
    v.extend(net.databases.iter().map(|d| Endpoint {
        spec: d.id.clone(),
        label: label(&d.name, &d.id),
    }));
    v
}

/// The address ranges (inclusive u32 intervals) a source set may be named by: the tier's
/// subnets for `tier:`, every subnet all of whose hosts are allowed, and each allowed host's
/// own addresses.
fn allowed_ranges(
    net: &Network,
    tiers: &Tiers,
    selectors: &[&str],
    allowed: &BTreeSet<String>,
) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = Vec::new();
    let cidr_range = |c: &Cidr| (c.network_u32(), c.broadcast_u32());
    for sel in selectors {
        if let Some(t) = sel.trim().strip_prefix("tier:") {
            for s in tiers.subnets(net, t) {
                if let Ok(c) = Cidr::parse(&s.cidr) {
                    out.push(cidr_range(&c));
                }
            }
        }
        if let Some(ip) = parse_ip(sel.trim()) {
            let a = u32::from(ip);
            out.push((a, a));
        }
    }
    for s in &net.subnets {
        let hosts: Vec<&str> = net
            .instances
            .iter()
            .filter(|i| i.subnet_id == s.id)
            .map(|i| i.id.as_str())
            .chain(
                net.databases
                    .iter()
                    .filter(|d| d.subnet_group.first() == Some(&s.id))
                    .map(|d| d.id.as_str()),
            )
            .collect();
        if !hosts.is_empty() && hosts.iter().all(|h| allowed.contains(*h)) {
            if let Ok(c) = Cidr::parse(&s.cidr) {
                out.push(cidr_range(&c));
            }
        }
    }
    let mut addr = |ip: &str| {
        if let Some(a) = parse_ip(ip) {
            let a = u32::from(a);
            out.push((a, a));
        }
    };
    for i in net.instances.iter().filter(|i| allowed.contains(&i.id)) {
        addr(&i.private_ip);
        i.secondary_private_ips.iter().for_each(|x| addr(x));
        if let Some(p) = &i.public_ip {
            addr(p);
        }
    }
    for d in net.databases.iter().filter(|d| allowed.contains(&d.id)) {
        if let Some(p) = &d.private_ip {
            addr(p);
        }
    }
    for a in allowed {
        addr(a);
    }
    out.sort_unstable();
    out
}

/// Is `[lo, hi]` covered by the union of the sorted intervals?
fn covered(ranges: &[(u32, u32)], lo: u32, hi: u32) -> bool {
    let mut next = u64::from(lo);
    for &(a, b) in ranges {
        if u64::from(a) > next {
            if u64::from(a) > u64::from(hi) {
                break;
            }
            return false;
        }
        next = next.max(u64::from(b) + 1);
        if next > u64::from(hi) {
            return true;
        }
    }
    next > u64::from(hi)
}

/// Who is in a security group: instances, databases and load balancers, by id.
fn members(net: &Network, group: &str) -> Vec<String> {
    let has = |gs: &[String]| gs.iter().any(|g| g == group);
    net.instances
        .iter()
        .filter(|i| has(&i.security_groups))
        .map(|i| i.id.clone())
        .chain(
            net.databases
                .iter()
                .filter(|d| has(&d.security_groups))
                .map(|d| d.id.clone()),
        )
        .chain(
            net.load_balancers
                .iter()
                .filter(|l| has(&l.security_groups))
                .map(|l| l.id.clone()),
        )
        .collect()
}

/// The first rule of the targets' groups that admits more than the allowed sources.
fn wide_rule(
    net: &Network,
    targets: &[Endpoint],
    s: &OnlyFromSpec,
    ranges: &[(u32, u32)],
    allowed: &BTreeSet<String>,
) -> Option<(String, String)> {
    let mut seen = BTreeSet::new();
    for t in targets {
        for gid in groups_of(net, &t.spec) {
            if !seen.insert(gid.clone()) {
                continue;
            }
            let Some(g) = net.security_group(gid) else {
                continue;
            };
            for (i, r) in g.ingress.iter().enumerate() {
                if !covers(r, s.protocol, s.port) {
                    continue;
                }
                let at = format!("security group {} rule #{i}", label(&g.name, &g.id));
                let cidrs: Vec<String> = match &r.peer {
                    RulePeer::Cidr(c) => vec![c.clone()],
                    RulePeer::PrefixList(p) => match net.prefix_list(p) {
                        Some(pl) => pl.cidrs.clone(),
                        None => {
                            return Some((
                                g.id.clone(),
                                format!("{at} names prefix list {p}, which is not in the design, so its width is unknown"),
                            ))
                        }
                    },
                    RulePeer::SecurityGroup(other) => {
                        let m = members(net, other);
                        if let Some(x) = m.iter().find(|x| !allowed.contains(*x)) {
                            return Some((
                                g.id.clone(),
                                format!("{at} allows it from every member of group {other}, and {x} is one of them"),
                            ));
                        }
                        continue;
                    }
                };
                for c in cidrs {
                    let ok = Cidr::parse_lenient(&c)
                        .is_ok_and(|c| covered(ranges, c.network_u32(), c.broadcast_u32()));
                    if !ok {
                        return Some((
                            g.id.clone(),
                            format!(
                                "{at} allows it from {c}, wider than `{}` — the rule admits addresses that are not the allowed sources, even if routing keeps them out today",
                                s.from
                            ),
                        ));
                    }
                }
            }
        }
    }
    None
}

/// Grades an `only_from` check.
pub(super) fn only_from(
    net: &Network,
    index: &NetworkIndex,
    tiers: &Tiers,
    s: &OnlyFromSpec,
) -> Outcome {
    let targets = match resolve(net, tiers, &s.to) {
        Ok(v) => v,
        Err(e) => {
            return Outcome::fail(format!("to `{}`: {e}", s.to)).code(None, "NO_SUCH_ENDPOINT")
        }
    };
    let sources = match resolve(net, tiers, &s.from) {
        Ok(v) => v,
        Err(e) => {
            return Outcome::fail(format!("from `{}`: {e}", s.from)).code(None, "NO_SUCH_ENDPOINT")
        }
    };
    let mut allowed: BTreeSet<String> = sources.iter().map(|e| e.spec.clone()).collect();
    for a in &s.also_from {
        if let Ok(v) = resolve(net, tiers, a) {
            allowed.extend(v.into_iter().map(|e| e.spec));
        }
    }
    // 1. Allowed from every named source.
    let mut tested = 0usize;
    for f in &sources {
        for t in targets.iter().filter(|t| t.spec != f.spec) {
            tested += 1;
            let fl = flow(&f.spec, &t.spec, s.protocol, s.port);
            let text = || flow_text(&fl, &f.label, &t.label);
            match index.verdict(&fl) {
                Ok((true, _)) => {}
                Ok((false, b)) => {
                    let mut o =
                        Outcome::fail(format!("{}: unreachable — {}", text(), blocked_text(&b)));
                    o.blocked_by = b.as_ref().map(|b| b.component.clone());
                    o.reason_code = b.as_ref().map(|b| b.code.to_string());
                    o.flow = Some(fl);
                    return o;
                }
                Err(e) => {
                    let mut o = Outcome::fail(format!("{}: cannot trace: {e}", text()))
                        .code(None, "FLOW_ERROR");
                    o.flow = Some(fl);
                    return o;
                }
            }
        }
    }
    // 2. Denied from everyone else and from the internet.
    let mut others = vec![Endpoint {
        spec: "internet".into(),
        label: "the internet".into(),
    }];
    others.extend(
        every_host(net)
            .into_iter()
            .filter(|h| !allowed.contains(&h.spec)),
    );
    let mut denied = 0usize;
    for o in &others {
        for t in targets.iter().filter(|t| t.spec != o.spec) {
            let fl = flow(&o.spec, &t.spec, s.protocol, s.port);
            if let Ok(true) = index.reachable(&fl) {
                let text = flow_text(&fl, &o.label, &t.label);
                let (by, why) = allowing_rule(index, &fl);
                let mut out = Outcome::fail(format!(
                    "{text}: reachable, but only `{}` may reach it — {why}",
                    s.from
                ));
                out.blocked_by = by;
                out.reason_code = Some("REACHABLE".into());
                out.flow = Some(fl);
                return out;
            }
            denied += 1;
        }
    }
    // 3. No rule wider than the allowed sources.
    let mut selectors: Vec<&str> = vec![s.from.as_str()];
    selectors.extend(s.also_from.iter().map(String::as_str));
    let ranges = allowed_ranges(net, tiers, &selectors, &allowed);
    if let Some((group, why)) = wide_rule(net, &targets, s, &ranges, &allowed) {
        return Outcome::fail(why).code(Some(group), "RULE_TOO_WIDE");
    }
    let proto = match s.port {
        Some(p) => format!("{}/{p}", s.protocol.name()),
        None => s.protocol.name(),
    };
    Outcome::pass(format!(
        "{proto} to `{}` is open from `{}` ({tested} flows reachable), denied from the internet and {} other sources ({denied} flows), and no rule names a wider source",
        s.to,
        s.from,
        others.len() - 1
    ))
}

fn kind_key(k: ComponentKind) -> Option<&'static str> {
    Some(match k {
        ComponentKind::NatGateway => "nat_gateway",
        ComponentKind::InternetGateway => "internet_gateway",
        ComponentKind::LoadBalancer => "load_balancer",
        ComponentKind::PeeringConnection => "peering_connection",
        ComponentKind::VpcEndpoint => "vpc_endpoint",
        ComponentKind::TransitGateway
        | ComponentKind::TransitGatewayAttachment
        | ComponentKind::TransitGatewayRouteTable => "transit_gateway",
        ComponentKind::VpnGateway | ComponentKind::VpnConnection => "vpn_gateway",
        ComponentKind::EgressOnlyInternetGateway => "egress_only_internet_gateway",
        _ => return None,
    })
}

/// Grades a `through` check: every flow is allowed and its forward hops cross `via`.
pub(super) fn through(
    net: &Network,
    index: &NetworkIndex,
    tiers: &Tiers,
    s: &ThroughSpec,
) -> Outcome {
    let froms = match resolve(net, tiers, &s.from) {
        Ok(v) => v,
        Err(e) => {
            return Outcome::fail(format!("from `{}`: {e}", s.from)).code(None, "NO_SUCH_ENDPOINT")
        }
    };
    let tos = match resolve(net, tiers, &s.to) {
        Ok(v) => v,
        Err(e) => {
            return Outcome::fail(format!("to `{}`: {e}", s.to)).code(None, "NO_SUCH_ENDPOINT")
        }
    };
    let via = s.via.trim();
    // A name resolves to its id, so hops (which carry ids) can be compared.
    let via_ids: Vec<String> = net
        .component_ids()
        .iter()
        .map(|(id, _)| id.to_string())
        .filter(|id| id == via)
        .chain(
            net.nat_gateways
                .iter()
                .filter(|n| n.name == via)
                .map(|n| n.id.clone()),
        )
        .chain(
            net.load_balancers
                .iter()
                .filter(|l| l.name == via)
                .map(|l| l.id.clone()),
        )
        .collect();
    let mut n = 0usize;
    let mut first = String::new();
    for f in &froms {
        for t in tos.iter().filter(|t| t.spec != f.spec) {
            n += 1;
            let fl = flow(&f.spec, &t.spec, s.protocol, s.port);
            let text = flow_text(&fl, &f.label, &t.label);
            let tr = match index.trace(&fl) {
                Ok(tr) => tr,
                Err(e) => {
                    let mut o = Outcome::fail(format!("{text}: cannot trace: {e}"))
                        .code(None, "FLOW_ERROR");
                    o.flow = Some(fl);
                    return o;
                }
            };
            if !tr.is_reachable() {
                let b = tr.blockers.first().cloned();
                let mut o = Outcome::fail(format!("{text}: unreachable — {}", blocked_text(&b)));
                o.blocked_by = b.as_ref().map(|b| b.component.clone());
                o.reason_code = b.as_ref().map(|b| b.code.to_string());
                o.flow = Some(fl);
                return o;
            }
            let crossed: Vec<&str> = tr
                .hops
                .iter()
                .filter(|h| kind_key(h.kind) == Some(via) || via_ids.contains(&h.component))
                .map(|h| h.component.as_str())
                .collect();
            let Some(c) = crossed.first() else {
                let path: Vec<String> =
                    tr.hops
                        .iter()
                        .map(|h| h.component.clone())
                        .fold(Vec::new(), |mut v, c| {
                            if v.last() != Some(&c) {
                                v.push(c);
                            }
                            v
                        });
                let mut o = Outcome::fail(format!(
                    "{text}: reachable, but the path does not go through {via}: {}",
                    path.join(" → ")
                ))
                .code(None, "NOT_THROUGH");
                o.flow = Some(fl);
                return o;
            };
            if first.is_empty() {
                first = format!("{text}: through {c}");
            }
        }
    }
    if n == 0 {
        return Outcome::fail("nothing to trace: `from` and `to` name the same component")
            .code(None, "NO_SUCH_ENDPOINT");
    }
    Outcome::pass(if n > 1 {
        format!("{first} ({n} flows)")
    } else {
        first
    })
}

#[cfg(test)]
mod tests {
    use super::covered;

    #[test]
    fn interval_coverage_needs_every_address() {
        let r = [(10, 19), (20, 29), (40, 49)];
        for (lo, hi, want) in [
            (10, 29, true),
            (12, 15, true),
            (10, 30, false),
            (30, 39, false),
            (0, 5, false),
            (40, 49, true),
            (45, 50, false),
        ] {
            assert_eq!(covered(&r, lo, hi), want, "[{lo}, {hi}]");
        }
        assert!(!covered(&[], 1, 1), "nothing covers nothing");
        assert!(covered(&[(0, u32::MAX)], 0, u32::MAX), "the whole space");
    }
}
