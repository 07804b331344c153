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
