//! Reducer tests of the network list views' forms (route destinations of both address
//! families, VGW route propagation, prefix lists, gateway properties): each edit goes through
//! `Action::Policy`, so it is one undo step and the same op a live session sends, and a
//! refusal leaves the design as it was with the reason as the notice.

use std::rc::Rc;

use sim::network::{Design, RouteDestination, TargetKind};
use yew::Reducible;

use super::editor::{Action, EditorState, Theme};
use crate::bridge::{self, PolicyOp};
use crate::i18n::Lang;

fn dual_stack() -> Rc<EditorState> {
    let text = include_str!("../../../tests/fixtures/ipv6/dual-stack.json");
    let mut design: Design = bridge::import_aws("dual-stack.json", text).expect("fixture");
    for t in &mut design.network.route_tables {
        t.routes
            .retain(|r| r.destination != RouteDestination::Cidr("::/0".into()));
    }
    Rc::new(EditorState::new(design, Theme::Light))
}

fn notice(s: &EditorState) -> String {
    s.notice
        .as_ref()
        .map(|n| n.text(Lang::En))
        .unwrap_or_default()
}

fn add_route(destination: &str, target: &str) -> Action {
    Action::Policy(PolicyOp::AddRoute {
        table: "rtb-batch".into(),
        destination: destination.into(),
        target: target.into(),
    })
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn an_ipv6_default_route_to_the_egress_only_gateway_is_one_undoable_edit() {
    let s = dual_stack();
    let added = s.clone().reduce(add_route("::/0", "eigw-batch"));
    let table = added.design.network.route_table("rtb-batch").unwrap();
    let last = table.routes.last().unwrap();
    assert_eq!(last.destination, RouteDestination::Cidr("::/0".into()));
    assert_eq!(
        (last.target.kind, last.target.id.as_str()),
        (TargetKind::Eigw, "eigw-batch")
    );
    assert_eq!(added.undo_depth(), s.undo_depth() + 1);
    let undone = added.reduce(Action::Undo);
    assert_eq!(undone.design, s.design);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_route_of_the_wrong_family_is_refused_with_the_reason_and_changes_nothing() {
    let s = dual_stack();
    let refused = s.clone().reduce(add_route("0.0.0.0/0", "eigw-batch"));
    assert_eq!(refused.design, s.design);
    assert_eq!(refused.undo_depth(), s.undo_depth());
    assert_eq!(
        notice(&refused),
        "egress-only internet gateway eigw-batch carries IPv6 only, and 0.0.0.0/0 is IPv4: send IPv4 to an internet gateway or a NAT gateway"
    );
    let ko = refused.notice.as_ref().unwrap().text(Lang::Ko);
    assert!(
        ko.contains("송신 전용 인터넷 게이트웨이 eigw-batch") && ko.contains("0.0.0.0/0"),
        "{ko}"
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn vgw_propagation_is_one_undoable_edit_and_a_gateway_of_another_vpc_is_refused() {
    let mut design = bridge::sample();
    let vpc = design.network.vpcs[0].id.clone();
    design.network.vpn_gateways.push(sim::network::VpnGateway {
        id: "vgw-1".into(),
        attached_vpc: Some(vpc),
        ..Default::default()
    });
    let s = Rc::new(EditorState::new(design, Theme::Light));
    let table = s.design.network.route_tables[0].id.clone();
    let on = s
        .clone()
        .reduce(Action::Policy(PolicyOp::SetVgwPropagation {
            table: table.clone(),
            vgw: "vgw-1".into(),
            on: true,
        }));
    assert_eq!(
        on.design.network.vpn_gateways[0].propagates_to,
        vec![table.clone()]
    );
    assert_eq!(on.clone().reduce(Action::Undo).design, s.design);
    let refused = s
        .clone()
        .reduce(Action::Policy(PolicyOp::SetVgwPropagation {
            table,
            vgw: "vgw-nope".into(),
            on: true,
        }));
    assert_eq!(refused.design, s.design);
    assert_eq!(
        notice(&refused),
        "there is no virtual private gateway `vgw-nope`"
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_prefix_list_is_created_filled_used_and_its_refusals_change_nothing() {
    let s = Rc::new(EditorState::new(bridge::sample(), Theme::Light));
    let created = s.clone().reduce(Action::Policy(PolicyOp::CreatePrefixList {
        name: "office".into(),
        family: "IPv4".into(),
        max_entries: "1".into(),
    }));
    let id = created.design.network.prefix_lists[0].id.clone();
    let add = |cidr: &str| {
        Action::Policy(PolicyOp::AddPrefixListEntry {
            id: id.clone(),
            cidr: cidr.into(),
            description: "hq".into(),
        })
    };
    let filled = created.clone().reduce(add("198.51.100.0/24"));
    let list = &filled.design.network.prefix_lists[0];
    assert_eq!(list.cidrs, vec!["198.51.100.0/24".to_string()]);
    assert_eq!(
        list.descriptions.get("198.51.100.0/24").map(String::as_str),
        Some("hq")
    );
    // Full at its maximum of one: refused, named, nothing changes.
    let full = filled.clone().reduce(add("203.0.113.0/24"));
    assert_eq!(full.design, filled.design);
    assert_eq!(
        notice(&full),
        format!("prefix list {id} is full (max entries: 1): raise the maximum first")
    );
    // Used by a rule, it cannot be deleted; each step undoes alone.
    let group = filled.design.network.security_groups[0].id.clone();
    let used = filled
        .clone()
        .reduce(Action::Policy(PolicyOp::AddSecurityGroupRule {
            group: group.clone(),
            egress: false,
            protocol: "tcp".into(),
            ports: "443".into(),
            peer: id.clone(),
            description: String::new(),
        }));
    let kept = used
        .clone()
        .reduce(Action::Policy(PolicyOp::DeletePrefixList {
            id: id.clone(),
        }));
    assert_eq!(kept.design, used.design);
    assert!(
        notice(&kept).contains(&format!("is used by {group}")),
        "{}",
        notice(&kept)
    );
    assert_eq!(used.reduce(Action::Undo).design, filled.design);
    assert_eq!(filled.reduce(Action::Undo).design, created.design);
}
