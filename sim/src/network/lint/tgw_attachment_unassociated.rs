//! A transit gateway attachment associated with no route table routes nothing that
//! arrives from it (T5).

use super::{label, Diagnostic, Severity};
use crate::network::msg::msg;

pub fn check(ix: &super::Lookup, out: &mut Vec<Diagnostic>) {
    let net = ix.net;
    for a in &net.transit_gateway_attachments {
        // A peering attachment is associated on each side, with each gateway's own table.
        let sides = std::iter::once(a.transit_gateway_id.as_str())
            .chain(a.peer_transit_gateway_id.as_deref())
            .filter(|g| net.transit_gateways.iter().any(|t| t.id == *g));
        for g in sides {
            let associated = net
                .transit_gateway_route_tables
                .iter()
                .any(|t| t.transit_gateway_id == g && t.associations.contains(&a.id));
            if associated {
                continue;
            }
            out.push(Diagnostic::new(
                "TGW_ATTACHMENT_UNASSOCIATED",
                Severity::Warning,
                &a.id,
                msg!(
                    "lint-tgw-attachment-unassociated",
                    "transit gateway attachment {att} is associated with no route table of {g}, so the gateway drops everything that arrives from it",
                    att = label(&a.name, &a.id),
                    g
                ),
                None,
            ));
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
    fn tgw_attachment_unassociated_cases() {
        let cases: Vec<(&str, Case, usize)> = vec![
            ("every attachment of the hub is associated (T5)", |_| {}, 0),
            (
                "a spoke removed from the spokes' table is reported (T5)",
                |n| n.transit_gateway_route_tables[1].associations.clear(),
                2,
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
