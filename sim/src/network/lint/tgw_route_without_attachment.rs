//! A VPC route to a transit gateway only carries traffic when the VPC is attached to that
//! gateway (T10, T3).

use super::{label, Diagnostic, Severity};
use crate::network::fix::destination_text;
use crate::network::model::*;
use crate::network::msg::msg;

pub fn check(ix: &super::Lookup, out: &mut Vec<Diagnostic>) {
    let net = ix.net;
    for t in &net.route_tables {
        for r in &t.routes {
            if r.target.kind != TargetKind::Tgw {
                continue;
            }
            // A gateway outside the design (not in the capture) is not judged here.
            if !net.transit_gateways.iter().any(|g| g.id == r.target.id) {
                continue;
            }
            let attached = net.transit_gateway_attachments.iter().any(|a| {
                a.transit_gateway_id == r.target.id
                    && a.kind == TgwAttachmentKind::Vpc
                    && a.vpc_id.as_deref() == Some(t.vpc_id.as_str())
            });
            if attached {
                continue;
            }
            if net.is_capture() {
                // AWS refuses a route to a transit gateway from a VPC that is not attached,
                // so the attachment exists in the account; the files lack it (Q2).
                out.push(Diagnostic::new(
                    "TGW_ATTACHMENT_NOT_CAPTURED",
                    Severity::Warning,
                    &t.id,
                    msg!(
                        "lint-tgw-attachment-not-captured",
                        "route table {table} sends {dest} to transit gateway {tgw}, whose attachment to VPC {vpc} is not in the capture (not captured); traces through the gateway stop there",
                        table = label(&t.name, &t.id),
                        dest = destination_text(&r.destination),
                        tgw = r.target.id,
                        vpc = t.vpc_id
                    ),
                    None,
                ));
                continue;
            }
            out.push(Diagnostic::new(
                "TGW_ROUTE_WITHOUT_ATTACHMENT",
                Severity::Error,
                &t.id,
                msg!(
                    "lint-tgw-route-without-attachment",
                    "route table {table} sends {dest} to transit gateway {tgw}, but VPC {vpc} has no attachment to it; the gateway takes no traffic from this VPC",
                    table = label(&t.name, &t.id),
                    dest = destination_text(&r.destination),
                    tgw = r.target.id,
                    vpc = t.vpc_id
                ),
                None,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An edit of the hub-and-spoke sample for one case.
    type Case = fn(&mut Network);
    use crate::network::samples::hub_and_spoke;

    #[test]
    fn tgw_route_without_attachment_cases() {
        let cases: Vec<(&str, Case, usize)> = vec![
            (
                "every VPC routing to the gateway is attached (T10)",
                |_| {},
                0,
            ),
            (
                "a spoke whose attachment is gone still routes to the gateway (T10)",
                |n| {
                    n.transit_gateway_attachments
                        .retain(|a| a.id != "tgw-attach-spoke-1")
                },
                1,
            ),
            (
                "a route to a gateway that is not in the design is not judged",
                |n| {
                    n.transit_gateways.clear();
                    n.transit_gateway_attachments.clear();
                },
                0,
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
