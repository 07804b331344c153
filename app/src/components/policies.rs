//! List views of the objects that decide where packets go: route tables, security groups
//! and network ACLs, each editable in place. Edits are `PolicyOp`s that `sim` validates.

use std::rc::Rc;

use sim::network::{Design, RuleAction};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::bridge::{self, PolicyOp};
use crate::i18n::{use_lang, Lang};
use crate::t;

#[derive(Properties, PartialEq)]
pub struct PolicyProps {
    pub design: Rc<Design>,
    /// The canvas selection, used to open the object that governs it.
    pub focus: Option<String>,
    pub read_only: bool,
    pub on_op: Callback<PolicyOp>,
    /// The rule a trace hop was decided by, to choose its object and highlight its row.
    #[prop_or_default]
    pub mark: Option<RuleMark>,
    /// The routes virtual private gateways propagate, as the tracer sees them (G3).
    #[prop_or_default]
    pub propagated: Rc<Vec<bridge::routes::PropagatedRoute>>,
}

/// The rule that decided a trace hop, as the list views show it.
#[derive(Clone, Debug, PartialEq)]
pub enum RuleMark {
    Route {
        table: String,
        destination: String,
    },
    Nacl {
        acl: String,
        number: u32,
        egress: bool,
    },
    SecurityGroup {
        group: String,
        index: usize,
        egress: bool,
    },
}

impl RuleMark {
    /// The rule of a hop that was decided by a route, a NACL entry or a security-group rule.
    pub fn of_hop(h: &sim::network::Hop) -> Option<RuleMark> {
        use sim::network::{DecidingRule, HopDirection};
        let egress = h.direction == HopDirection::Outbound;
        match &h.rule {
            DecidingRule::Route {
                route_table,
                destination,
                ..
            } => Some(RuleMark::Route {
                table: route_table.clone(),
                destination: destination.clone(),
            }),
            DecidingRule::NaclEntry {
                network_acl,
                rule_number: Some(n),
                ..
            } => Some(RuleMark::Nacl {
                acl: network_acl.clone(),
                number: *n,
                egress,
            }),
            DecidingRule::SecurityGroupRule {
                security_group,
                index,
                ..
            } => Some(RuleMark::SecurityGroup {
                group: security_group.clone(),
                index: *index,
                egress,
            }),
            _ => None,
        }
    }

    fn object(&self) -> &str {
        match self {
            RuleMark::Route { table, .. } => table,
            RuleMark::Nacl { acl, .. } => acl,
            RuleMark::SecurityGroup { group, .. } => group,
        }
    }
}

/// Chooses the marked object whenever a new mark arrives.
#[hook]
fn use_mark(mark: &Option<RuleMark>, chosen: &UseStateHandle<String>) {
    let chosen = chosen.clone();
    use_effect_with(mark.clone(), move |m| {
        if let Some(m) = m {
            chosen.set(m.object().to_string());
        }
    });
}

pub(crate) fn input_value(r: &NodeRef) -> String {
    r.cast::<HtmlInputElement>()
        .map(|i| i.value())
        .unwrap_or_default()
}
pub(crate) fn select_value(r: &NodeRef) -> String {
    r.cast::<HtmlSelectElement>()
        .map(|i| i.value())
        .unwrap_or_default()
}
pub(crate) fn clear(refs: &[&NodeRef]) {
    for r in refs {
        if let Some(i) = r.cast::<HtmlInputElement>() {
            i.set_value("");
        }
    }
}

/// A rule's protocol in a table cell: the protocol names are codes, "all" is a word.
fn protocol_text(lang: Lang, p: sim::network::Protocol) -> String {
    match p {
        sim::network::Protocol::All => t!(lang, "pol-all"),
        other => other.name(),
    }
}

/// A rule's ports in a table cell ("all" when the rule has no range).
fn ports_text(lang: Lang, p: &Option<sim::network::PortRange>) -> String {
    match p {
        None => t!(lang, "pol-all"),
        Some(_) => bridge::ports_text(p),
    }
}

fn action_text(lang: Lang, allow: bool) -> String {
    if allow {
        t!(lang, "pol-allow")
    } else {
        t!(lang, "pol-deny")
    }
}

/// A route's state in its own words (its CSS class stays AWS's state name).
fn route_state_text(lang: Lang, s: sim::network::RouteState) -> String {
    match s {
        sim::network::RouteState::Active => t!(lang, "pol-state-active"),
        sim::network::RouteState::Blackhole => t!(lang, "pol-state-blackhole"),
    }
}

/// The protocols a new rule can have: (value, label).
fn protocol_options(lang: Lang) -> [(&'static str, String); 4] {
    [
        ("tcp", "tcp".to_string()),
        ("udp", "udp".to_string()),
        ("icmp", "icmp".to_string()),
        ("all", t!(lang, "pol-all")),
    ]
}

fn protocol_select_options(lang: Lang) -> Html {
    html! {
        { for protocol_options(lang).into_iter().map(|(v, label)| html! { <option value={v} selected={v == "tcp"}>{label}</option> }) }
    }
}

/// Chooses an object the moment it is created and focuses its first field, so the learner edits
/// the new route table or security group, not the main/default one it was made beside.
/// `ids` are the objects' ids now; call the returned callback just before asking for a create.
#[hook]
fn use_choose_created(
    ids: Vec<String>,
    chosen: &UseStateHandle<String>,
    current: &str,
    first_field: &'static str,
) -> Callback<()> {
    let before = use_mut_ref(|| None::<Vec<String>>);
    let focus_next = use_mut_ref(|| false);
    {
        let (before, chosen, focus_next) = (before.clone(), chosen.clone(), focus_next.clone());
        use_effect_with(ids.clone(), move |ids| {
            let old = before.borrow_mut().take();
            if let Some(new) = old.and_then(|old| ids.iter().find(|i| !old.contains(i)).cloned()) {
                chosen.set(new);
                *focus_next.borrow_mut() = true;
            }
        });
    }
    {
        let focus_next = focus_next.clone();
        use_effect_with(current.to_string(), move |_| {
            if focus_next.replace(false) {
                let field = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| {
                        d.query_selector(&format!("[data-testid={first_field}]"))
                            .ok()
                            .flatten()
                    })
                    .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok());
                if let Some(f) = field {
                    let _ = f.focus();
                }
            }
        });
    }
    Callback::from(move |()| *before.borrow_mut() = Some(ids.clone()))
}

/// A two-pane list: object names on the left, the chosen object's details on the right.
pub(crate) fn list_pane(
    items: Vec<(String, String, String)>,
    chosen: &str,
    on_choose: Callback<String>,
    testid: &'static str,
) -> Html {
    html! {
        <ul class="object-list" data-testid={testid}>
            { for items.into_iter().map(|(id, name, note)| {
                let active = id == chosen;
                let choose = { let id = id.clone(); on_choose.reform(move |_: MouseEvent| id.clone()) };
                html! {
                    <li><button type="button" class={classes!("object", active.then_some("active"))} data-id-ref={id.clone()} onclick={choose}>
                        <span class="oname">{name}</span><span class="onote">{note}</span>
                    </button></li>
                }
            }) }
        </ul>
    }
}

#[function_component(RouteTables)]
pub fn route_tables(p: &PolicyProps) -> Html {
    let lang = use_lang();
    let net = &p.design.network;
    let chosen = use_state(String::new);
    // Default: the table of the selected subnet, else the first table.
    let focus_table = p
        .focus
        .as_deref()
        .and_then(|f| net.route_table_for_subnet(f))
        .map(|t| t.id.clone());
    let current = net
        .route_table(&chosen)
        .map(|t| t.id.clone())
        .or(focus_table)
        .or_else(|| net.route_tables.first().map(|t| t.id.clone()))
        .unwrap_or_default();
    let items = net
        .route_tables
        .iter()
        .map(|t| {
            let name = if t.name.is_empty() {
                t.id.clone()
            } else {
                format!("{} ({})", t.name, t.id)
            };
            let (vpc, count) = (t.vpc_id.clone(), t.associations.len());
            let note = if t.main {
                t!(lang, "pol-rt-note-main", vpc = vpc, count = count)
            } else {
                t!(lang, "pol-rt-note", vpc = vpc, count = count)
            };
            (t.id.clone(), name, note)
        })
        .collect();
    let on_choose = {
        let chosen = chosen.clone();
        Callback::from(move |id| chosen.set(id))
    };
    let dest = use_node_ref();
    let target = use_node_ref();
    // The destination as typed so far and the target picked, so the target list can follow
    // the destination's family and keep the pick while it still fits.
    let dest_text = use_state(String::new);
    let target_choice = use_state(String::new);
    use_mark(&p.mark, &chosen);
    let expect_new = use_choose_created(
        net.route_tables.iter().map(|t| t.id.clone()).collect(),
        &chosen,
        &current,
        "route-destination",
    );
    let vpc_of_current = net.route_table(&current).map(|t| t.vpc_id.clone());
    let new_table = vpc_of_current.clone().or_else(|| net.vpcs.first().map(|v| v.id.clone())).map(|vpc| {
        let on_op = p.on_op.clone();
        let expect_new = expect_new.clone();
        html! { <button type="button" class="btn small" data-testid="new-route-table" disabled={p.read_only} onclick={Callback::from(move |_| { expect_new.emit(()); on_op.emit(PolicyOp::CreateRouteTable { vpc: vpc.clone() }) })}>{t!(lang, "pol-rt-new")}</button> }
    });
    let detail = match net.route_table(&current) {
        None => html! { <p class="empty-note">{t!(lang, "pol-rt-none")}</p> },
        Some(t) => {
            // Only targets that carry the typed destination's address family (X8).
            let targets = bridge::routes::route_targets(net, &t.id, &dest_text);
            let chosen_target = targets
                .iter()
                .find(|x| **x == *target_choice)
                .or(targets.first())
                .cloned()
                .unwrap_or_default();
            let add = {
                let (dest, target, on_op, table, dest_text) = (
                    dest.clone(),
                    target.clone(),
                    p.on_op.clone(),
                    t.id.clone(),
                    dest_text.clone(),
                );
                Callback::from(move |_: MouseEvent| {
                    on_op.emit(PolicyOp::AddRoute {
                        table: table.clone(),
                        destination: input_value(&dest),
                        target: select_value(&target),
                    });
                    clear(&[&dest]);
                    dest_text.set(String::new());
                })
            };
            let on_dest_input = {
                let (dest, dest_text) = (dest.clone(), dest_text.clone());
                Callback::from(move |_: InputEvent| dest_text.set(input_value(&dest)))
            };
            let on_target_change = {
                let (target, target_choice) = (target.clone(), target_choice.clone());
                Callback::from(move |_: Event| target_choice.set(select_value(&target)))
            };
            html! {
                <div class="object-detail" data-testid="route-table-detail" data-table={t.id.clone()}>
                    <h4>{ {
                        let title = format!("{} — {}", if t.name.is_empty() { &t.id } else { &t.name }, t.id);
                        if t.main { t!(lang, "pol-rt-title-main", title = title) } else { title }
                    } }</h4>
                    <table class="rules">
                        <thead><tr><th>{t!(lang, "pol-destination")}</th><th>{t!(lang, "pol-target")}</th><th>{t!(lang, "pol-state")}</th><th></th></tr></thead>
                        <tbody>
                            { for t.routes.iter().enumerate().map(|(i, r)| {
                                let (d, tg) = bridge::route_text(r);
                                let local = r.target.kind == sim::network::TargetKind::Local;
                                let rm = { let (on_op, table) = (p.on_op.clone(), t.id.clone()); Callback::from(move |_| on_op.emit(PolicyOp::RemoveRoute { table: table.clone(), index: i })) };
                                let marked = matches!(&p.mark, Some(RuleMark::Route { table, destination }) if *table == t.id && *destination == d);
                                html! { <tr data-testid="route-row" class={classes!(marked.then_some("marked"))} data-marked={marked.then_some("true")}>
                                    <td class="mono">{d}</td><td class="mono">{tg}</td>
                                    <td class={classes!(format!("{:?}", r.state).to_lowercase())}>{route_state_text(lang, r.state)}</td>
                                    <td>if !local { <button type="button" class="icon-x" title={t!(lang, "pol-rt-remove")} aria-label={t!(lang, "pol-rt-remove")} disabled={p.read_only} onclick={rm}>{"×"}</button> }</td>
                                </tr> }
                            }) }
                            { for p.propagated.iter().filter(|r| r.table == t.id).map(|r| {
                                // The tracer names a propagated route "<cidr> (propagated)" (G4).
                                let marked = matches!(&p.mark, Some(RuleMark::Route { table, destination }) if *table == t.id && destination.split(' ').next() == Some(r.destination.as_str()));
                                html! { <tr data-testid="propagated-route-row" data-origin="propagated" class={classes!("propagated", marked.then_some("marked"))} data-marked={marked.then_some("true")}>
                                    <td class="mono">{r.destination.clone()}</td><td class="mono">{r.gateway.clone()}</td>
                                    <td class="active">{route_state_text(lang, sim::network::RouteState::Active)}</td>
                                    <td><span class="origin" title={t!(lang, "pol-rt-propagated-hint", vgw = r.gateway.clone())}>{t!(lang, "pol-rt-propagated")}</span></td>
                                </tr> }
                            }) }
                            <tr class="add-row">
                                <td><input ref={dest} type="text" placeholder={t!(lang, "pol-rt-destination-placeholder", v4 = "0.0.0.0/0", v6 = "::/0")} aria-label={t!(lang, "pol-rt-destination")} data-testid="route-destination" disabled={p.read_only} oninput={on_dest_input} /></td>
                                <td><select ref={target} data-testid="route-target" aria-label={t!(lang, "pol-rt-target")} disabled={p.read_only} onchange={on_target_change}>
                                    { for targets.iter().map(|x| html! { <option value={x.clone()} selected={*x == chosen_target}>{x.clone()}</option> }) }
                                </select></td>
                                <td colspan="2"><button type="button" class="btn small" data-testid="add-route" disabled={p.read_only || targets.is_empty()} onclick={add}>{t!(lang, "pol-rt-add")}</button></td>
                            </tr>
                        </tbody>
                    </table>
                    { propagation_chips(lang, net, &t.id, p.read_only, &p.on_op) }
                    <div class="assoc">
                        <span class="k">{t!(lang, "pol-subnets")}</span>
                        { for net.subnets.iter().filter(|s| s.vpc_id == t.vpc_id).map(|s| {
                            let on = t.associations.contains(&s.id);
                            let implicit = !on && t.main && !net.route_tables.iter().any(|o| o.associations.contains(&s.id));
                            let toggle = { let (on_op, table, subnet) = (p.on_op.clone(), t.id.clone(), s.id.clone()); Callback::from(move |_: Event| on_op.emit(PolicyOp::AssociateRouteTable { table: table.clone(), subnet: subnet.clone(), on: !on })) };
                            let subnet = if s.name.is_empty() { s.id.clone() } else { s.name.clone() };
                            html! { <label class="chip" title={if implicit { t!(lang, "pol-rt-implicit") } else { String::new() }}>
                                <input type="checkbox" checked={on} disabled={p.read_only} data-testid={format!("rt-assoc-{}", s.name)} onchange={toggle} />
                                { if implicit { t!(lang, "pol-rt-subnet-main", subnet = subnet) } else { subnet } }
                            </label> }
                        }) }
                    </div>
                </div>
            }
        }
    };
    html! {
        <div class="objects">
            <div class="object-col">{ list_pane(items, &current, on_choose, "route-table-list") }{ for new_table }</div>
            { detail }
        </div>
    }
}

/// The table's route propagation (`PropagatingVgws`, G3): one box per virtual private gateway
/// attached to its VPC; nothing when none is.
fn propagation_chips(
    lang: Lang,
    net: &sim::network::Network,
    table: &str,
    read_only: bool,
    on_op: &Callback<PolicyOp>,
) -> Html {
    let gateways = bridge::routes::propagating_gateways(net, table);
    if gateways.is_empty() {
        return Html::default();
    }
    html! {
        <div class="assoc" data-testid="route-propagation">
            <span class="k">{t!(lang, "pol-rt-propagation")}</span>
            { for gateways.into_iter().map(|(vgw, on)| {
                let toggle = {
                    let (on_op, table, vgw) = (on_op.clone(), table.to_string(), vgw.clone());
                    Callback::from(move |_: Event| on_op.emit(PolicyOp::SetVgwPropagation { table: table.clone(), vgw: vgw.clone(), on: !on }))
                };
                html! { <label class="chip">
                    <input type="checkbox" checked={on} disabled={read_only} data-testid={format!("rt-propagate-{vgw}")} onchange={toggle} />
                    { t!(lang, "pol-rt-propagate-from", vgw = vgw) }
                </label> }
            }) }
        </div>
    }
}

#[function_component(SecurityGroups)]
pub fn security_groups(p: &PolicyProps) -> Html {
    let lang = use_lang();
    let net = &p.design.network;
    let chosen = use_state(String::new);
    let focus_group = p
        .focus
        .as_deref()
        .and_then(|f| net.instance(f))
        .and_then(|i| i.security_groups.first().cloned());
    let current = net
        .security_group(&chosen)
        .map(|g| g.id.clone())
        .or(focus_group)
        .or_else(|| net.security_groups.first().map(|g| g.id.clone()))
        .unwrap_or_default();
    let items = net
        .security_groups
        .iter()
        .map(|g| {
            (
                g.id.clone(),
                if g.name.is_empty() {
                    g.id.clone()
                } else {
                    format!("{} ({})", g.name, g.id)
                },
                t!(
                    lang,
                    "pol-sg-note",
                    inbound = g.ingress.len(),
                    outbound = g.egress.len()
                ),
            )
        })
        .collect();
    let on_choose = {
        let chosen = chosen.clone();
        Callback::from(move |id| chosen.set(id))
    };
    let new_name = use_node_ref();
    use_mark(&p.mark, &chosen);
    let expect_new = use_choose_created(
        net.security_groups.iter().map(|g| g.id.clone()).collect(),
        &chosen,
        &current,
        "sg-in-ports",
    );
    let vpc = net
        .security_group(&current)
        .map(|g| g.vpc_id.clone())
        .or_else(|| net.vpcs.first().map(|v| v.id.clone()));
    let create = vpc.map(|vpc| {
        let (on_op, name_ref) = (p.on_op.clone(), new_name.clone());
        let onclick = Callback::from(move |_: MouseEvent| {
            let name = input_value(&name_ref);
            if !name.trim().is_empty() {
                expect_new.emit(());
                on_op.emit(PolicyOp::CreateSecurityGroup { vpc: vpc.clone(), name: name.trim().to_string() });
                clear(&[&name_ref]);
            }
        });
        html! { <div class="create-row"><input ref={new_name} type="text" placeholder={t!(lang, "pol-sg-new-placeholder")} aria-label={t!(lang, "pol-sg-new-name")} data-testid="new-sg-name" disabled={p.read_only} /><button type="button" class="btn small" data-testid="new-sg" disabled={p.read_only} {onclick}>{t!(lang, "pol-sg-create")}</button></div> }
    });
    let detail = match net.security_group(&current) {
        None => html! { <p class="empty-note">{t!(lang, "pol-sg-none")}</p> },
        Some(g) => html! {
            <div class="object-detail" data-testid="sg-detail" data-group={g.id.clone()}>
                <h4>{format!("{} — {}", g.name, g.id)}</h4>
                if g.name == "default" {
                    <p class="note default-sg-note" data-testid="sg-default-note">
                        {t!(lang, "pol-sg-default-note")}
                        <strong>{ {
                            let members: Vec<String> = net.instances.iter().filter(|i| i.security_groups.contains(&g.id)).map(|i| if i.name.is_empty() { i.id.clone() } else { i.name.clone() }).collect();
                            if members.is_empty() { t!(lang, "pol-none") } else { members.join(", ") }
                        } }</strong>
                    </p>
                }
                <div class="two-col">
                    <SgRules group={g.id.clone()} egress={false} design={p.design.clone()} read_only={p.read_only} on_op={p.on_op.clone()} mark={p.mark.clone()} />
                    <SgRules group={g.id.clone()} egress={true} design={p.design.clone()} read_only={p.read_only} on_op={p.on_op.clone()} mark={p.mark.clone()} />
                </div>
                <div class="assoc">
                    <span class="k">{t!(lang, "pol-sg-attached")}</span>
                    { for net.instances.iter().filter(|i| net.subnet(&i.subnet_id).is_some_and(|s| s.vpc_id == g.vpc_id)).map(|i| {
                        let on = i.security_groups.contains(&g.id);
                        let toggle = { let (on_op, instance, group) = (p.on_op.clone(), i.id.clone(), g.id.clone()); Callback::from(move |_: Event| on_op.emit(PolicyOp::AttachSecurityGroup { instance: instance.clone(), group: group.clone(), on: !on })) };
                        html! { <label class="chip"><input type="checkbox" checked={on} disabled={p.read_only} data-testid={format!("sg-attach-{}", i.name)} onchange={toggle} />{if i.name.is_empty() { i.id.clone() } else { i.name.clone() }}</label> }
                    }) }
                </div>
            </div>
        },
    };
    html! {
        <div class="objects">
            <div class="object-col">{ list_pane(items, &current, on_choose, "sg-list") }{ for create }</div>
            { detail }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct SgRulesProps {
    group: String,
    egress: bool,
    #[prop_or_default]
    mark: Option<RuleMark>,
    design: Rc<Design>,
    read_only: bool,
    on_op: Callback<PolicyOp>,
}

#[function_component(SgRules)]
fn sg_rules(p: &SgRulesProps) -> Html {
    let lang = use_lang();
    let net = &p.design.network;
    let Some(g) = net.security_group(&p.group) else {
        return html! {};
    };
    let rules = if p.egress { &g.egress } else { &g.ingress };
    let (proto, ports, peer) = (use_node_ref(), use_node_ref(), use_node_ref());
    let side = if p.egress { "out" } else { "in" };
    let peer_word = if p.egress {
        t!(lang, "pol-destination")
    } else {
        t!(lang, "pol-source")
    };
    let add = {
        let (proto, ports, peer, on_op, group, egress) = (
            proto.clone(),
            ports.clone(),
            peer.clone(),
            p.on_op.clone(),
            p.group.clone(),
            p.egress,
        );
        Callback::from(move |_: MouseEvent| {
            on_op.emit(PolicyOp::AddSecurityGroupRule {
                group: group.clone(),
                egress,
                protocol: select_value(&proto),
                ports: input_value(&ports),
                peer: input_value(&peer),
                description: String::new(),
            });
            clear(&[&ports, &peer]);
        })
    };
    html! {
        <table class="rules" data-testid={format!("sg-rules-{side}")}>
            <caption>{ if p.egress { t!(lang, "pol-sg-outbound") } else { t!(lang, "pol-sg-inbound") } }</caption>
            <thead><tr><th>{t!(lang, "pol-protocol")}</th><th>{t!(lang, "pol-ports")}</th><th>{peer_word.clone()}</th><th></th></tr></thead>
            <tbody>
                { for rules.iter().enumerate().map(|(i, r)| {
                    let rm = { let (on_op, group, egress) = (p.on_op.clone(), p.group.clone(), p.egress); Callback::from(move |_| on_op.emit(PolicyOp::RemoveSecurityGroupRule { group: group.clone(), egress, index: i })) };
                    let marked = matches!(&p.mark, Some(RuleMark::SecurityGroup { group, index, egress }) if *group == p.group && *index == i && *egress == p.egress);
                    html! { <tr data-testid="sg-rule" title={r.description.clone()} class={classes!(marked.then_some("marked"))} data-marked={marked.then_some("true")}>
                        <td>{protocol_text(lang, r.protocol)}</td><td class="mono">{ports_text(lang, &r.ports)}</td><td class="mono">{bridge::peer_label(net, &r.peer)}</td>
                        <td><button type="button" class="icon-x" title={t!(lang, "pol-sg-remove")} aria-label={t!(lang, "pol-sg-remove")} disabled={p.read_only} onclick={rm}>{"×"}</button></td>
                    </tr> }
                }) }
                if rules.is_empty() { <tr><td colspan="4" class="muted">{t!(lang, "pol-sg-no-rules")}</td></tr> }
                <tr class="add-row">
                    <td><select ref={proto} data-testid={format!("sg-{side}-protocol")} aria-label={if p.egress { t!(lang, "pol-sg-new-outbound-protocol") } else { t!(lang, "pol-sg-new-inbound-protocol") }} disabled={p.read_only}>
                        { protocol_select_options(lang) }
                    </select></td>
                    <td><input ref={ports} type="text" placeholder="22" size="7" aria-label={t!(lang, "pol-ports")} data-testid={format!("sg-{side}-ports")} disabled={p.read_only} /></td>
                    <td><input ref={peer} type="text" placeholder={t!(lang, "pol-sg-peer-placeholder")} aria-label={peer_word} data-testid={format!("sg-{side}-peer")} disabled={p.read_only} /></td>
                    <td><button type="button" class="btn small" data-testid={format!("sg-{side}-add")} disabled={p.read_only} onclick={add}>{t!(lang, "pol-add")}</button></td>
                </tr>
            </tbody>
        </table>
    }
}

#[function_component(NetworkAcls)]
pub fn network_acls(p: &PolicyProps) -> Html {
    let lang = use_lang();
    let net = &p.design.network;
    let chosen = use_state(String::new);
    use_mark(&p.mark, &chosen);
    let focus_acl = p
        .focus
        .as_deref()
        .and_then(|f| net.nacl_for_subnet(f))
        .map(|n| n.id.clone());
    let current = net
        .network_acls
        .iter()
        .find(|n| n.id == *chosen)
        .map(|n| n.id.clone())
        .or(focus_acl)
        .or_else(|| net.network_acls.first().map(|n| n.id.clone()))
        .unwrap_or_default();
    let items = net
        .network_acls
        .iter()
        .map(|n| {
            (
                n.id.clone(),
                if n.name.is_empty() {
                    n.id.clone()
                } else {
                    format!("{} ({})", n.name, n.id)
                },
                if n.is_default {
                    t!(lang, "pol-nacl-note-default", count = n.entries.len())
                } else {
                    t!(lang, "pol-nacl-note", count = n.entries.len())
                },
            )
        })
        .collect();
    let on_choose = {
        let chosen = chosen.clone();
        Callback::from(move |id| chosen.set(id))
    };
    let vpc = net
        .network_acls
        .iter()
        .find(|n| n.id == current)
        .map(|n| n.vpc_id.clone())
        .or_else(|| net.vpcs.first().map(|v| v.id.clone()));
    let create = vpc.map(|vpc| {
        let on_op = p.on_op.clone();
        html! { <button type="button" class="btn small" data-testid="new-nacl" disabled={p.read_only} onclick={Callback::from(move |_| on_op.emit(PolicyOp::CreateNacl { vpc: vpc.clone() }))}>{t!(lang, "pol-nacl-new")}</button> }
    });
    let detail = match net.network_acls.iter().find(|n| n.id == current) {
        None => html! { <p class="empty-note">{t!(lang, "pol-nacl-none")}</p> },
        Some(n) => html! {
            <div class="object-detail" data-testid="nacl-detail" data-acl={n.id.clone()}>
                <h4>{ {
                    let title = format!("{} — {}", n.name, n.id);
                    if n.is_default { t!(lang, "pol-nacl-title-default", title = title) } else { title }
                } }</h4>
                <div class="two-col">
                    <NaclEntries acl={n.id.clone()} egress={false} design={p.design.clone()} read_only={p.read_only} on_op={p.on_op.clone()} mark={p.mark.clone()} />
                    <NaclEntries acl={n.id.clone()} egress={true} design={p.design.clone()} read_only={p.read_only} on_op={p.on_op.clone()} mark={p.mark.clone()} />
                </div>
                <div class="assoc">
                    <span class="k">{t!(lang, "pol-subnets")}</span>
                    { for net.subnets.iter().filter(|s| s.vpc_id == n.vpc_id).map(|s| {
                        let on = n.associations.contains(&s.id);
                        let toggle = { let (on_op, acl, subnet) = (p.on_op.clone(), n.id.clone(), s.id.clone()); Callback::from(move |_: Event| on_op.emit(PolicyOp::AssociateNacl { acl: acl.clone(), subnet: subnet.clone(), on: !on })) };
                        html! { <label class="chip"><input type="checkbox" checked={on} disabled={p.read_only} onchange={toggle} />{if s.name.is_empty() { s.id.clone() } else { s.name.clone() }}</label> }
                    }) }
                </div>
            </div>
        },
    };
    html! {
        <div class="objects">
            <div class="object-col">{ list_pane(items, &current, on_choose, "nacl-list") }{ for create }</div>
            { detail }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct NaclEntriesProps {
    acl: String,
    egress: bool,
    #[prop_or_default]
    mark: Option<RuleMark>,
    design: Rc<Design>,
    read_only: bool,
    on_op: Callback<PolicyOp>,
}

#[function_component(NaclEntries)]
fn nacl_entries(p: &NaclEntriesProps) -> Html {
    let lang = use_lang();
    let Some(n) = p.design.network.network_acls.iter().find(|n| n.id == p.acl) else {
        return html! {};
    };
    let (number, proto, ports, cidr, action) = (
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
    );
    let side = if p.egress { "out" } else { "in" };
    let add = {
        let (number, proto, ports, cidr, action, on_op, acl, egress) = (
            number.clone(),
            proto.clone(),
            ports.clone(),
            cidr.clone(),
            action.clone(),
            p.on_op.clone(),
            p.acl.clone(),
            p.egress,
        );
        Callback::from(move |_: MouseEvent| {
            on_op.emit(PolicyOp::AddNaclEntry {
                acl: acl.clone(),
                egress,
                number: input_value(&number),
                protocol: select_value(&proto),
                ports: input_value(&ports),
                cidr: input_value(&cidr),
                allow: select_value(&action) == "allow",
            });
            clear(&[&number, &ports, &cidr]);
        })
    };
    html! {
        <table class="rules" data-testid={format!("nacl-rules-{side}")}>
            <caption>{ if p.egress { t!(lang, "pol-nacl-outbound") } else { t!(lang, "pol-nacl-inbound") } }</caption>
            <thead><tr><th>{"#"}</th><th>{t!(lang, "pol-protocol")}</th><th>{t!(lang, "pol-ports")}</th><th>{"CIDR"}</th><th>{t!(lang, "pol-nacl-action")}</th><th></th></tr></thead>
            <tbody>
                { for n.entries.iter().filter(|e| e.egress == p.egress).map(|e| {
                    let rm = { let (on_op, acl, egress, number) = (p.on_op.clone(), p.acl.clone(), p.egress, e.rule_number); Callback::from(move |_| on_op.emit(PolicyOp::RemoveNaclEntry { acl: acl.clone(), egress, number })) };
                    let allow = e.action == RuleAction::Allow;
                    let marked = matches!(&p.mark, Some(RuleMark::Nacl { acl, number, egress }) if *acl == p.acl && *number == e.rule_number && *egress == p.egress);
                    html! { <tr data-testid="nacl-entry" class={classes!(marked.then_some("marked"))} data-marked={marked.then_some("true")}>
                        <td class="mono">{e.rule_number}</td><td>{protocol_text(lang, e.protocol)}</td><td class="mono">{ports_text(lang, &e.ports)}</td><td class="mono">{e.cidr.clone()}</td>
                        <td class={if allow { "allow" } else { "deny" }}>{action_text(lang, allow)}</td>
                        <td><button type="button" class="icon-x" title={t!(lang, "pol-nacl-remove")} aria-label={t!(lang, "pol-nacl-remove")} disabled={p.read_only} onclick={rm}>{"×"}</button></td>
                    </tr> }
                }) }
                <tr class="implicit"><td class="mono">{"*"}</td><td>{t!(lang, "pol-all")}</td><td>{t!(lang, "pol-all")}</td><td class="mono">{"0.0.0.0/0"}</td><td class="deny">{action_text(lang, false)}</td><td></td></tr>
                <tr class="add-row">
                    <td><input ref={number} type="text" size="5" placeholder="100" data-testid={format!("nacl-{side}-number")} disabled={p.read_only} /></td>
                    <td><select ref={proto} disabled={p.read_only} aria-label={t!(lang, "pol-nacl-new-protocol")} data-testid={format!("nacl-{side}-protocol")}>{ protocol_select_options(lang) }</select></td>
                    <td><input ref={ports} type="text" size="9" placeholder="1024-65535" data-testid={format!("nacl-{side}-ports")} disabled={p.read_only} /></td>
                    <td><input ref={cidr} type="text" size="12" placeholder="0.0.0.0/0" data-testid={format!("nacl-{side}-cidr")} disabled={p.read_only} /></td>
                    <td><select ref={action} disabled={p.read_only} aria-label={t!(lang, "pol-nacl-allow-or-deny")}><option value="allow" selected={true}>{action_text(lang, true)}</option><option value="deny">{action_text(lang, false)}</option></select></td>
                    <td><button type="button" class="btn small" data-testid={format!("nacl-{side}-add")} disabled={p.read_only} onclick={add}>{t!(lang, "pol-add")}</button></td>
                </tr>
            </tbody>
        </table>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sim::network::{PortRange, Protocol, RouteState};

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn rule_cells_translate_the_words_and_keep_the_codes() {
        let web = Some(PortRange { from: 80, to: 80 });
        let cases = [
            (protocol_text(Lang::En, Protocol::Tcp), "tcp"),
            (protocol_text(Lang::Ko, Protocol::Tcp), "tcp"),
            (protocol_text(Lang::En, Protocol::All), "all"),
            (protocol_text(Lang::Ko, Protocol::All), "전체"),
            (ports_text(Lang::En, &None), "all"),
            (ports_text(Lang::Ko, &None), "전체"),
            (ports_text(Lang::Ko, &web), "80"),
            (action_text(Lang::En, false), "deny"),
            (action_text(Lang::Ko, true), "허용"),
            (
                route_state_text(Lang::En, RouteState::Blackhole),
                "blackhole",
            ),
            (route_state_text(Lang::Ko, RouteState::Active), "활성"),
        ];
        for (got, want) in cases {
            assert_eq!(got, want);
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn list_notes_count_in_each_language() {
        let cases = [
            (Lang::En, 1, "vpc-1 · main · 1 subnet"),
            (Lang::En, 2, "vpc-1 · main · 2 subnets"),
            (Lang::Ko, 1, "vpc-1 · 기본 · 서브넷 1개"),
        ];
        for (lang, count, want) in cases {
            assert_eq!(
                t!(lang, "pol-rt-note-main", vpc = "vpc-1", count = count),
                want
            );
        }
        assert_eq!(
            t!(Lang::En, "pol-nacl-note-default", count = 4),
            "default · 4 rules"
        );
        assert_eq!(t!(Lang::Ko, "pol-nacl-note", count = 1), "규칙 1개");
        assert_eq!(
            t!(Lang::En, "pol-sg-note", inbound = 2, outbound = 1),
            "2 in · 1 out"
        );
        assert!(t!(Lang::En, "pol-sg-default-note").ends_with("Members now: "));
    }
}
