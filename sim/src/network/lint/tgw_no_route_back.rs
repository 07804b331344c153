//! A transit gateway route table that sends traffic to a VPC whose own associated table has
//! no route back: requests arrive, replies are dropped (T5, T9).

use super::{label, Diagnostic, Severity};
use crate::network::msg::msg;
use crate::network::trace::NetworkIndex;

pub fn check(ix: &super::Lookup, out: &mut Vec<Diagnostic>) {
    let net = ix.net;
    if net.transit_gateway_route_tables.is_empty() {
        return;
    }
    let ix = NetworkIndex::build(net);
    let mut seen = std::collections::BTreeSet::new();
    for (t, table) in ix.tgw_tables.iter().enumerate() {
        let Some(g) = table.tgw else { continue };
        let rt = &net.transit_gateway_route_tables[t];
        // The VPC attachments whose traffic this table routes.
        let sources: Vec<usize> = rt
            .associations
            .iter()
            .filter_map(|a| ix.tgw_attach_by_id.get(a.as_str()).copied())
            .filter(|k| ix.tgw_attachments[*k].vpc.is_some())
            .collect();
        for r in &table.routes {
            let Some(y) = r.attachment.filter(|_| !r.blackhole) else {
                continue;
            };
            if ix.tgw_attachments[y].vpc.is_none() {
                continue;
            }
            let Some(&back) = ix.tgw_assoc.get(&(g, y)) else {
                continue; // TGW_ATTACHMENT_UNASSOCIATED reports it
            };
            for &x in &sources {
                let (Some(xv), Some(yv)) = (ix.tgw_attachments[x].vpc, ix.tgw_attachments[y].vpc)
                else {
                    continue;
                };
                if xv == yv || !seen.insert((t, x, y)) {
                    continue;
                }
                let Some(home) = ix.vpcs[xv].cidrs.first() else {
                    continue;
                };
                let returns = ix
                    .tgw_lookup(back, home.network_u32())
                    .is_some_and(|b| !b.blackhole && b.attachment == Some(x));
                if returns {
                    continue;
                }
                let (xa, ya) = (
                    &net.transit_gateway_attachments[x],
                    &net.transit_gateway_attachments[y],
                );
                out.push(Diagnostic::new(
                    "TGW_NO_ROUTE_BACK",
                    Severity::Warning,
                    &rt.id,
                    msg!(
                        "lint-tgw-no-route-back",
                        "transit gateway route table {table} sends {cidr} to {to} (VPC {to_vpc}), but that attachment's table {back} has no route back to {home} of {from} (VPC {from_vpc}); replies from there are dropped",
                        table = label(&rt.name, &rt.id),
                        cidr = r.cidr,
                        to = ya.id,
                        to_vpc = net.vpcs[yv].id,
                        back = net.transit_gateway_route_tables[back].id,
                        home,
                        from = xa.id,
                        from_vpc = net.vpcs[xv].id
                    ),
                    None,
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::model::*;

    /// An edit of the hub-and-spoke sample for one case.
    type Case = fn(&mut Network);
    use crate::network::samples::hub_and_spoke;

    #[test]
    fn tgw_no_route_back_cases() {
        let cases: Vec<(&str, Case, usize)> = vec![
            (
                "spokes reach the shared VPC and the shared table knows every spoke (T9)",
                |_| {},
                0,
            ),
            (
                "the shared table no longer learns spoke 1: its route to the shared VPC has no way back (T5)",
                |n| n.transit_gateway_route_tables[0].propagations.retain(|p| p != "tgw-attach-spoke-1"),
                1,
            ),
            (
                "a static route between spokes on one side only (T9)",
                |n| {
                    n.transit_gateway_route_tables[1].routes.push(TgwRoute {
                        destination: "10.2.0.0/16".into(),
                        attachment: Some("tgw-attach-spoke-2".into()),
                        blackhole: false,
                        origin: TgwRouteOrigin::Static,
                    })
                },
                1,
            ),
        ];
        for (name, edit, count) in cases {
            let mut net = hub_and_spoke(2);
            edit(&mut net);
            let mut out = Vec::new();
            check(&crate::network::lint::Lookup::new(&net), &mut out);
            assert_eq!(out.len(), count, "{name}: {out:#?}");
        }
    }
}
