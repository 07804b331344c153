//! List views of the objects that decide where packets go: route tables, security groups
//! and network ACLs, each editable in place. Edits are `PolicyOp`s that `sim` validates.

use std::rc::Rc;

use sim::network::{Design, RuleAction};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::bridge::{self, PolicyOp};

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

fn input_value(r: &NodeRef) -> String {
    r.cast::<HtmlInputElement>()
        .map(|i| i.value())
        .unwrap_or_default()
}
fn select_value(r: &NodeRef) -> String {
    r.cast::<HtmlSelectElement>()
        .map(|i| i.value())
        .unwrap_or_default()
}
fn clear(refs: &[&NodeRef]) {
    for r in refs {
        if let Some(i) = r.cast::<HtmlInputElement>() {
            i.set_value("");
        }
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
fn list_pane(
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
            (
                t.id.clone(),
                name,
                format!(
                    "{}{} · {} subnets",
                    t.vpc_id,
                    if t.main { " · main" } else { "" },
                    t.associations.len()
                ),
            )
        })
        .collect();
    let on_choose = {
        let chosen = chosen.clone();
        Callback::from(move |id| chosen.set(id))
    };
    let dest = use_node_ref();
    let target = use_node_ref();
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
        html! { <button type="button" class="btn small" data-testid="new-route-table" disabled={p.read_only} onclick={Callback::from(move |_| { expect_new.emit(()); on_op.emit(PolicyOp::CreateRouteTable { vpc: vpc.clone() }) })}>{"New route table"}</button> }
    });
    let detail = match net.route_table(&current) {
        None => html! { <p class="empty-note">{"No route tables yet: add a VPC."}</p> },
        Some(t) => {
            let targets: Vec<String> = net
                .internet_gateways
                .iter()
                .filter(|g| g.attached_vpc.as_deref() == Some(t.vpc_id.as_str()))
                .map(|g| g.id.clone())
                .chain(
                    net.nat_gateways
                        .iter()
                        .filter(|n| {
                            net.subnet(&n.subnet_id)
                                .is_some_and(|s| s.vpc_id == t.vpc_id)
                        })
                        .map(|n| n.id.clone()),
                )
                .chain(
                    net.peering_connections
                        .iter()
                        .filter(|x| x.requester_vpc == t.vpc_id || x.accepter_vpc == t.vpc_id)
                        .map(|x| x.id.clone()),
                )
                .chain(
                    net.vpc_endpoints
                        .iter()
                        .filter(|e| e.vpc_id == t.vpc_id)
                        .map(|e| e.id.clone()),
                )
                .chain(
                    net.instances
                        .iter()
                        .filter(|i| {
                            net.subnet(&i.subnet_id)
                                .is_some_and(|s| s.vpc_id == t.vpc_id)
                        })
                        .map(|i| i.id.clone()),
                )
                .collect();
            let add = {
                let (dest, target, on_op, table) =
                    (dest.clone(), target.clone(), p.on_op.clone(), t.id.clone());
                Callback::from(move |_: MouseEvent| {
                    on_op.emit(PolicyOp::AddRoute {
                        table: table.clone(),
                        destination: input_value(&dest),
                        target: select_value(&target),
                    });
                    clear(&[&dest]);
                })
            };
            html! {
                <div class="object-detail" data-testid="route-table-detail" data-table={t.id.clone()}>
                    <h4>{format!("{} — {}", if t.name.is_empty() { &t.id } else { &t.name }, t.id)}{ if t.main { " (main)" } else { "" } }</h4>
                    <table class="rules">
                        <thead><tr><th>{"Destination"}</th><th>{"Target"}</th><th>{"State"}</th><th></th></tr></thead>
                        <tbody>
                            { for t.routes.iter().enumerate().map(|(i, r)| {
                                let (d, tg) = bridge::route_text(r);
                                let local = r.target.kind == sim::network::TargetKind::Local;
                                let rm = { let (on_op, table) = (p.on_op.clone(), t.id.clone()); Callback::from(move |_| on_op.emit(PolicyOp::RemoveRoute { table: table.clone(), index: i })) };
                                let marked = matches!(&p.mark, Some(RuleMark::Route { table, destination }) if *table == t.id && *destination == d);
                                html! { <tr data-testid="route-row" class={classes!(marked.then_some("marked"))} data-marked={marked.then_some("true")}>
                                    <td class="mono">{d}</td><td class="mono">{tg}</td>
                                    <td class={classes!(format!("{:?}", r.state).to_lowercase())}>{format!("{:?}", r.state).to_lowercase()}</td>
                                    <td>if !local { <button type="button" class="icon-x" title="Remove route" aria-label="Remove route" disabled={p.read_only} onclick={rm}>{"×"}</button> }</td>
                                </tr> }
                            }) }
                            <tr class="add-row">
                                <td><input ref={dest} type="text" placeholder="0.0.0.0/0" aria-label="Route destination" data-testid="route-destination" disabled={p.read_only} /></td>
                                <td><select ref={target} data-testid="route-target" aria-label="Route target" disabled={p.read_only}>
                                    { for targets.iter().enumerate().map(|(i, x)| html! { <option value={x.clone()} selected={i == 0}>{x.clone()}</option> }) }
                                </select></td>
                                <td colspan="2"><button type="button" class="btn small" data-testid="add-route" disabled={p.read_only || targets.is_empty()} onclick={add}>{"Add route"}</button></td>
                            </tr>
                        </tbody>
                    </table>
                    <div class="assoc">
                        <span class="k">{"Subnets:"}</span>
                        { for net.subnets.iter().filter(|s| s.vpc_id == t.vpc_id).map(|s| {
                            let on = t.associations.contains(&s.id);
                            let implicit = !on && t.main && !net.route_tables.iter().any(|o| o.associations.contains(&s.id));
                            let toggle = { let (on_op, table, subnet) = (p.on_op.clone(), t.id.clone(), s.id.clone()); Callback::from(move |_: Event| on_op.emit(PolicyOp::AssociateRouteTable { table: table.clone(), subnet: subnet.clone(), on: !on })) };
                            html! { <label class="chip" title={if implicit { "implicitly associated (main table)" } else { "" }}>
                                <input type="checkbox" checked={on} disabled={p.read_only} data-testid={format!("rt-assoc-{}", s.name)} onchange={toggle} />
                                {if s.name.is_empty() { s.id.clone() } else { s.name.clone() }}{ if implicit { " (main)" } else { "" } }
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

#[function_component(SecurityGroups)]
pub fn security_groups(p: &PolicyProps) -> Html {
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
                format!("{} in · {} out", g.ingress.len(), g.egress.len()),
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
        html! { <div class="create-row"><input ref={new_name} type="text" placeholder="new group name" aria-label="New security group name" data-testid="new-sg-name" disabled={p.read_only} /><button type="button" class="btn small" data-testid="new-sg" disabled={p.read_only} {onclick}>{"Create"}</button></div> }
    });
    let detail = match net.security_group(&current) {
        None => html! { <p class="empty-note">{"No security groups yet: add a VPC."}</p> },
        Some(g) => html! {
            <div class="object-detail" data-testid="sg-detail" data-group={g.id.clone()}>
                <h4>{format!("{} — {}", g.name, g.id)}</h4>
                if g.name == "default" {
                    <p class="note default-sg-note" data-testid="sg-default-note">
                        {"This is the VPC's default group: every instance placed on the canvas gets it unless you attach another (AWS does the same when no group is chosen). Its inbound rule lets members reach each other on every port. Members now: "}
                        <strong>{ {
                            let members: Vec<String> = net.instances.iter().filter(|i| i.security_groups.contains(&g.id)).map(|i| if i.name.is_empty() { i.id.clone() } else { i.name.clone() }).collect();
                            if members.is_empty() { "none".to_string() } else { members.join(", ") }
                        } }</strong>
                    </p>
                }
                <div class="two-col">
                    <SgRules group={g.id.clone()} egress={false} design={p.design.clone()} read_only={p.read_only} on_op={p.on_op.clone()} mark={p.mark.clone()} />
                    <SgRules group={g.id.clone()} egress={true} design={p.design.clone()} read_only={p.read_only} on_op={p.on_op.clone()} mark={p.mark.clone()} />
                </div>
                <div class="assoc">
                    <span class="k">{"Attached to:"}</span>
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
    let net = &p.design.network;
    let Some(g) = net.security_group(&p.group) else {
        return html! {};
    };
    let rules = if p.egress { &g.egress } else { &g.ingress };
    let (proto, ports, peer) = (use_node_ref(), use_node_ref(), use_node_ref());
    let side = if p.egress { "out" } else { "in" };
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
            <caption>{ if p.egress { "Outbound (allow)" } else { "Inbound (allow)" } }</caption>
            <thead><tr><th>{"Protocol"}</th><th>{"Ports"}</th><th>{ if p.egress { "Destination" } else { "Source" } }</th><th></th></tr></thead>
            <tbody>
                { for rules.iter().enumerate().map(|(i, r)| {
                    let rm = { let (on_op, group, egress) = (p.on_op.clone(), p.group.clone(), p.egress); Callback::from(move |_| on_op.emit(PolicyOp::RemoveSecurityGroupRule { group: group.clone(), egress, index: i })) };
                    let marked = matches!(&p.mark, Some(RuleMark::SecurityGroup { group, index, egress }) if *group == p.group && *index == i && *egress == p.egress);
                    html! { <tr data-testid="sg-rule" title={r.description.clone()} class={classes!(marked.then_some("marked"))} data-marked={marked.then_some("true")}>
                        <td>{r.protocol.name()}</td><td class="mono">{bridge::ports_text(&r.ports)}</td><td class="mono">{bridge::peer_label(net, &r.peer)}</td>
                        <td><button type="button" class="icon-x" title="Remove rule" aria-label="Remove rule" disabled={p.read_only} onclick={rm}>{"×"}</button></td>
                    </tr> }
                }) }
                if rules.is_empty() { <tr><td colspan="4" class="muted">{"No rules: a security group allows only what its rules list, so everything is denied."}</td></tr> }
                <tr class="add-row">
                    <td><select ref={proto} data-testid={format!("sg-{side}-protocol")} aria-label={format!("Protocol of a new {} rule", if p.egress { "outbound" } else { "inbound" })} disabled={p.read_only}>
                        <option value="tcp" selected={true}>{"tcp"}</option><option value="udp">{"udp"}</option><option value="icmp">{"icmp"}</option><option value="all">{"all"}</option>
                    </select></td>
                    <td><input ref={ports} type="text" placeholder="22" size="7" aria-label="Ports" data-testid={format!("sg-{side}-ports")} disabled={p.read_only} /></td>
                    <td><input ref={peer} type="text" placeholder="0.0.0.0/0 or sg-…" aria-label={if p.egress { "Destination" } else { "Source" }} data-testid={format!("sg-{side}-peer")} disabled={p.read_only} /></td>
                    <td><button type="button" class="btn small" data-testid={format!("sg-{side}-add")} disabled={p.read_only} onclick={add}>{"Add"}</button></td>
                </tr>
            </tbody>
        </table>
    }
}

#[function_component(NetworkAcls)]
pub fn network_acls(p: &PolicyProps) -> Html {
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
                format!(
                    "{}{} rules",
                    if n.is_default { "default · " } else { "" },
                    n.entries.len()
                ),
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
        html! { <button type="button" class="btn small" data-testid="new-nacl" disabled={p.read_only} onclick={Callback::from(move |_| on_op.emit(PolicyOp::CreateNacl { vpc: vpc.clone() }))}>{"New network ACL"}</button> }
    });
    let detail = match net.network_acls.iter().find(|n| n.id == current) {
        None => html! { <p class="empty-note">{"No network ACLs yet: add a VPC."}</p> },
        Some(n) => html! {
            <div class="object-detail" data-testid="nacl-detail" data-acl={n.id.clone()}>
                <h4>{format!("{} — {}", n.name, n.id)}{ if n.is_default { " (default)" } else { "" } }</h4>
                <div class="two-col">
                    <NaclEntries acl={n.id.clone()} egress={false} design={p.design.clone()} read_only={p.read_only} on_op={p.on_op.clone()} mark={p.mark.clone()} />
                    <NaclEntries acl={n.id.clone()} egress={true} design={p.design.clone()} read_only={p.read_only} on_op={p.on_op.clone()} mark={p.mark.clone()} />
                </div>
                <div class="assoc">
                    <span class="k">{"Subnets:"}</span>
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
            <caption>{ if p.egress { "Outbound (lowest number first)" } else { "Inbound (lowest number first)" } }</caption>
            <thead><tr><th>{"#"}</th><th>{"Protocol"}</th><th>{"Ports"}</th><th>{"CIDR"}</th><th>{"Action"}</th><th></th></tr></thead>
            <tbody>
                { for n.entries.iter().filter(|e| e.egress == p.egress).map(|e| {
                    let rm = { let (on_op, acl, egress, number) = (p.on_op.clone(), p.acl.clone(), p.egress, e.rule_number); Callback::from(move |_| on_op.emit(PolicyOp::RemoveNaclEntry { acl: acl.clone(), egress, number })) };
                    let allow = e.action == RuleAction::Allow;
                    let marked = matches!(&p.mark, Some(RuleMark::Nacl { acl, number, egress }) if *acl == p.acl && *number == e.rule_number && *egress == p.egress);
                    html! { <tr data-testid="nacl-entry" class={classes!(marked.then_some("marked"))} data-marked={marked.then_some("true")}>
                        <td class="mono">{e.rule_number}</td><td>{e.protocol.name()}</td><td class="mono">{bridge::ports_text(&e.ports)}</td><td class="mono">{e.cidr.clone()}</td>
                        <td class={if allow { "allow" } else { "deny" }}>{ if allow { "allow" } else { "deny" } }</td>
                        <td><button type="button" class="icon-x" title="Remove entry" aria-label="Remove entry" disabled={p.read_only} onclick={rm}>{"×"}</button></td>
                    </tr> }
                }) }
                <tr class="implicit"><td class="mono">{"*"}</td><td>{"all"}</td><td>{"all"}</td><td class="mono">{"0.0.0.0/0"}</td><td class="deny">{"deny"}</td><td></td></tr>
                <tr class="add-row">
                    <td><input ref={number} type="text" size="5" placeholder="100" data-testid={format!("nacl-{side}-number")} disabled={p.read_only} /></td>
                    <td><select ref={proto} disabled={p.read_only} aria-label="Protocol of the new entry" data-testid={format!("nacl-{side}-protocol")}><option value="tcp" selected={true}>{"tcp"}</option><option value="udp">{"udp"}</option><option value="icmp">{"icmp"}</option><option value="all">{"all"}</option></select></td>
                    <td><input ref={ports} type="text" size="9" placeholder="1024-65535" data-testid={format!("nacl-{side}-ports")} disabled={p.read_only} /></td>
                    <td><input ref={cidr} type="text" size="12" placeholder="0.0.0.0/0" data-testid={format!("nacl-{side}-cidr")} disabled={p.read_only} /></td>
                    <td><select ref={action} disabled={p.read_only} aria-label="Allow or deny"><option value="allow" selected={true}>{"allow"}</option><option value="deny">{"deny"}</option></select></td>
                    <td><button type="button" class="btn small" data-testid={format!("nacl-{side}-add")} disabled={p.read_only} onclick={add}>{"Add"}</button></td>
                </tr>
            </tbody>
        </table>
    }
}
