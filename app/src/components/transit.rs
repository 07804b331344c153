//! The "Transit & VPN" list view: transit gateway route tables (their associations,
//! propagations and static routes, blackholes included — all editable), attaching a VPC to a
//! transit gateway with one subnet per availability zone, connecting a customer gateway by
//! VPN, and the prefix lists (`prefix_lists`). Edits go out as `PolicyOp::Transit`.

use std::collections::BTreeSet;
use std::rc::Rc;

use yew::prelude::*;

use sim::network::{Design, Subnet, TgwRouteOrigin};

use crate::bridge::transit::{attachment_text, TransitOp};
use crate::bridge::PolicyOp;
use crate::components::policies::{clear, input_value, list_pane, select_value};
use crate::i18n::use_lang;
use crate::t;

#[derive(Properties, PartialEq)]
pub struct TransitProps {
    pub design: Rc<Design>,
    /// The canvas selection: a transit gateway or an attachment opens its route table.
    pub focus: Option<String>,
    pub read_only: bool,
    pub on_op: Callback<PolicyOp>,
}

fn name_id(name: &str, id: &str) -> String {
    if name.is_empty() {
        id.to_string()
    } else {
        format!("{name} ({id})")
    }
}

#[function_component(TransitTables)]
pub fn transit_tables(p: &TransitProps) -> Html {
    let lang = use_lang();
    let net = &p.design.network;
    let chosen = use_state(String::new);
    let emit = {
        let on_op = p.on_op.clone();
        move |op: TransitOp| on_op.emit(PolicyOp::Transit(op))
    };
    let focus_table = p.focus.as_deref().and_then(|f| {
        net.transit_gateway_route_tables
            .iter()
            .find(|t| t.transit_gateway_id == f || t.associations.iter().any(|a| a == f))
            .map(|t| t.id.clone())
    });
    let current = net
        .transit_gateway_route_tables
        .iter()
        .find(|t| t.id == *chosen)
        .map(|t| t.id.clone())
        .or(focus_table)
        .or_else(|| {
            net.transit_gateway_route_tables
                .first()
                .map(|t| t.id.clone())
        })
        .unwrap_or_default();
    let items = net
        .transit_gateway_route_tables
        .iter()
        .map(|t| {
            (
                t.id.clone(),
                name_id(&t.name, &t.id),
                t!(
                    lang,
                    "tv-table-note",
                    tgw = t.transit_gateway_id.clone(),
                    count = t.associations.len()
                ),
            )
        })
        .collect();
    let on_choose = {
        let chosen = chosen.clone();
        Callback::from(move |id| chosen.set(id))
    };
    let cidr = use_node_ref();
    let target = use_node_ref();
    let detail = match net
        .transit_gateway_route_tables
        .iter()
        .find(|t| t.id == current)
    {
        None => html! { <p class="empty-note">{t!(lang, "tv-no-tables")}</p> },
        Some(table) => {
            let attachments: Vec<String> = net
                .transit_gateway_attachments
                .iter()
                .filter(|a| a.transit_gateway_id == table.transit_gateway_id)
                .map(|a| a.id.clone())
                .collect();
            let add = {
                let (cidr, target, emit, table) =
                    (cidr.clone(), target.clone(), emit.clone(), table.id.clone());
                Callback::from(move |_: MouseEvent| {
                    emit(TransitOp::AddRoute {
                        table: table.clone(),
                        cidr: input_value(&cidr),
                        attachment: select_value(&target),
                    });
                    clear(&[&cidr]);
                })
            };
            let chips = |list: &Vec<String>, what: &'static str| {
                html! {
                    <div class="assoc">
                        <span class="k">{ if what == "assoc" { t!(lang, "tv-associations") } else { t!(lang, "tv-propagations") } }</span>
                        { for attachments.iter().map(|a| {
                            let on = list.contains(a);
                            let toggle = {
                                let (emit, table, a) = (emit.clone(), table.id.clone(), a.clone());
                                Callback::from(move |_: Event| emit(if what == "assoc" {
                                    TransitOp::Associate { table: table.clone(), attachment: a.clone(), on: !on }
                                } else {
                                    TransitOp::Propagate { table: table.clone(), attachment: a.clone(), on: !on }
                                }))
                            };
                            html! { <label class="chip">
                                <input type="checkbox" checked={on} disabled={p.read_only} data-testid={format!("tgw-{what}-{a}")} onchange={toggle} />
                                { attachment_text(net, a) }
                            </label> }
                        }) }
                    </div>
                }
            };
            html! {
                <div class="object-detail" data-testid="tgw-route-table-detail" data-table={table.id.clone()}>
                    <h4>{ format!("{} — {}", if table.name.is_empty() { &table.id } else { &table.name }, table.id) }</h4>
                    <table class="rules">
                        <thead><tr><th>{t!(lang, "pol-destination")}</th><th>{t!(lang, "pol-target")}</th><th>{t!(lang, "tv-route-type")}</th><th></th></tr></thead>
                        <tbody>
                            { for table.routes.iter().enumerate().map(|(i, r)| {
                                let target = match &r.attachment {
                                    Some(a) => attachment_text(net, a),
                                    None => t!(lang, "tv-blackhole"),
                                };
                                let kind = match r.origin {
                                    TgwRouteOrigin::Static => t!(lang, "tv-route-static"),
                                    TgwRouteOrigin::Propagated => t!(lang, "tv-route-propagated"),
                                };
                                let rm = { let (emit, table) = (emit.clone(), table.id.clone()); Callback::from(move |_| emit(TransitOp::RemoveRoute { table: table.clone(), index: i })) };
                                html! { <tr data-testid="tgw-route-row" data-destination={r.destination.clone()} data-blackhole={r.blackhole.to_string()}>
                                    <td class="mono">{r.destination.clone()}</td>
                                    <td class={classes!("mono", r.blackhole.then_some("blackhole"))}>{target}</td>
                                    <td>{kind}</td>
                                    <td>if r.origin == TgwRouteOrigin::Static { <button type="button" class="icon-x" title={t!(lang, "tv-route-remove")} aria-label={t!(lang, "tv-route-remove")} disabled={p.read_only} onclick={rm}>{"×"}</button> }</td>
                                </tr> }
                            }) }
                            <tr class="add-row">
                                <td><input ref={cidr} type="text" placeholder="10.0.0.0/16" aria-label={t!(lang, "tv-route-cidr")} data-testid="tgw-route-cidr" disabled={p.read_only} /></td>
                                <td><select ref={target} data-testid="tgw-route-target" aria-label={t!(lang, "tv-route-target")} disabled={p.read_only}>
                                    { for attachments.iter().enumerate().map(|(i, a)| html! { <option value={a.clone()} selected={i == 0}>{attachment_text(net, a)}</option> }) }
                                    <option value="" selected={attachments.is_empty()}>{t!(lang, "tv-blackhole")}</option>
                                </select></td>
                                <td colspan="2"><button type="button" class="btn small" data-testid="tgw-add-route" disabled={p.read_only} onclick={add}>{t!(lang, "tv-route-add")}</button></td>
                            </tr>
                        </tbody>
                    </table>
                    { chips(&table.associations, "assoc") }
                    { chips(&table.propagations, "prop") }
                </div>
            }
        }
    };
    html! {
        <div class="transit-view" data-testid="transit-view">
            <section class="transit-section" aria-label={t!(lang, "tv-tables-title")}>
                <h3>{t!(lang, "tv-tables-title")}</h3>
                <div class="objects">
                    <div class="object-col">{ list_pane(items, &current, on_choose, "tgw-route-table-list") }</div>
                    { detail }
                </div>
            </section>
            <AttachVpc design={p.design.clone()} read_only={p.read_only} on_op={p.on_op.clone()} />
            <ConnectVpn design={p.design.clone()} read_only={p.read_only} on_op={p.on_op.clone()} />
            <crate::components::prefix_lists::PrefixLists design={p.design.clone()} read_only={p.read_only} on_op={p.on_op.clone()} />
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct FormProps {
    design: Rc<Design>,
    read_only: bool,
    on_op: Callback<PolicyOp>,
}

/// Attach a VPC to a transit gateway: the gateway, the VPC, then one subnet per zone.
#[function_component(AttachVpc)]
fn attach_vpc(p: &FormProps) -> Html {
    let lang = use_lang();
    let net = &p.design.network;
    let vpc = use_state(|| None::<String>);
    let tgw = use_node_ref();
    // One select per zone of the chosen VPC; refs are kept by zone name.
    let zone_refs = use_mut_ref(Vec::<(String, NodeRef)>::new);
    if net.transit_gateways.is_empty() || net.vpcs.is_empty() {
        return html! {};
    }
    let current = vpc
        .as_ref()
        .filter(|v| net.vpc(v).is_some())
        .cloned()
        .unwrap_or_else(|| net.vpcs[0].id.clone());
    let zones: Vec<String> = net
        .subnets
        .iter()
        .filter(|s| s.vpc_id == current)
        .map(|s| s.availability_zone.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    {
        let mut refs = zone_refs.borrow_mut();
        refs.retain(|(z, _)| zones.contains(z));
        for z in &zones {
            if !refs.iter().any(|(x, _)| x == z) {
                refs.push((z.clone(), NodeRef::default()));
            }
        }
    }
    let on_vpc = {
        let vpc = vpc.clone();
        Callback::from(move |e: Event| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            vpc.set(Some(v));
        })
    };
    let attach = {
        let (tgw, on_op, refs, current) = (
            tgw.clone(),
            p.on_op.clone(),
            zone_refs.clone(),
            current.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let subnets: Vec<String> = refs
                .borrow()
                .iter()
                .map(|(_, r)| select_value(r))
                .filter(|s| !s.is_empty())
                .collect();
            on_op.emit(PolicyOp::Transit(TransitOp::AttachVpc {
                tgw: select_value(&tgw),
                vpc: current.clone(),
                subnets,
            }));
        })
    };
    let refs = zone_refs.borrow().clone();
    html! {
        <section class="transit-section" aria-label={t!(lang, "tv-attach-title")}>
            <h3>{t!(lang, "tv-attach-title")}</h3>
            <div class="transit-form">
                <label>{t!(lang, "tv-attach-gateway")}
                    <select ref={tgw} data-testid="attach-tgw" disabled={p.read_only}>
                        { for net.transit_gateways.iter().map(|g| html! { <option value={g.id.clone()}>{name_id(&g.name, &g.id)}</option> }) }
                    </select>
                </label>
                <label>{t!(lang, "tv-attach-vpc")}
                    <select data-testid="attach-vpc" disabled={p.read_only} onchange={on_vpc}>
                        { for net.vpcs.iter().map(|v| html! { <option value={v.id.clone()} selected={v.id == current}>{name_id(&v.name, &v.id)}</option> }) }
                    </select>
                </label>
                { for refs.iter().map(|(zone, r)| {
                    let in_zone: Vec<&Subnet> = net.subnets.iter().filter(|s| s.vpc_id == current && &s.availability_zone == zone).collect();
                    let chosen = default_attachment_subnet(&in_zone);
                    html! {
                    // Keyed by VPC too, so a newly chosen VPC starts from its own defaults.
                    <label key={format!("{current}/{zone}")}>{t!(lang, "tv-attach-subnet", zone = zone.clone())}
                        <select ref={r.clone()} data-testid={format!("attach-subnet-{zone}")} disabled={p.read_only}>
                            <option value="">{t!(lang, "tv-attach-no-subnet")}</option>
                            { for in_zone.iter().map(|s| html! {
                                <option value={s.id.clone()} selected={chosen == Some(s.id.as_str())}>{name_id(&s.name, &s.id)}</option>
                            }) }
                        </select>
                    </label>
                }}) }
                <button type="button" class="btn small" data-testid="attach-vpc-button" disabled={p.read_only} onclick={attach}>{t!(lang, "tv-attach-button")}</button>
            </div>
        </section>
    }
}

/// The subnet an attachment form offers first in a zone: one named for the transit gateway
/// (AWS recommends a small subnet of its own per zone for the attachment), else the zone's
/// first. Starting on a subnet rather than on "none" means the form attaches every zone the
/// VPC has, as the console does, unless the user opts a zone out.
fn default_attachment_subnet<'a>(in_zone: &[&'a Subnet]) -> Option<&'a str> {
    let dedicated = |s: &&&Subnet| {
        let words = format!("{} {}", s.name, s.id).to_lowercase();
        words.contains("tgw") || words.contains("transit")
    };
    in_zone
        .iter()
        .find(dedicated)
        .or(in_zone.first())
        .map(|s| s.id.as_str())
}

/// Connect a customer gateway by VPN to a virtual private gateway or a transit gateway.
#[function_component(ConnectVpn)]
fn connect_vpn(p: &FormProps) -> Html {
    let lang = use_lang();
    let net = &p.design.network;
    let (cgw, end, routes) = (use_node_ref(), use_node_ref(), use_node_ref());
    if net.customer_gateways.is_empty() {
        return html! {};
    }
    let ends: Vec<(String, String)> = net
        .vpn_gateways
        .iter()
        .map(|g| (g.id.clone(), name_id(&g.name, &g.id)))
        .chain(
            net.transit_gateways
                .iter()
                .map(|g| (g.id.clone(), name_id(&g.name, &g.id))),
        )
        .collect();
    let connect = {
        let (cgw, end, routes, on_op) = (cgw.clone(), end.clone(), routes.clone(), p.on_op.clone());
        Callback::from(move |_: MouseEvent| {
            on_op.emit(PolicyOp::Transit(TransitOp::ConnectVpn {
                cgw: select_value(&cgw),
                to: select_value(&end),
                routes: input_value(&routes),
            }));
        })
    };
    html! {
        <section class="transit-section" aria-label={t!(lang, "tv-vpn-title")}>
            <h3>{t!(lang, "tv-vpn-title")}</h3>
            <div class="transit-form">
                <label>{t!(lang, "tv-vpn-customer-gateway")}
                    <select ref={cgw} data-testid="vpn-cgw" disabled={p.read_only}>
                        { for net.customer_gateways.iter().map(|c| html! { <option value={c.id.clone()}>{name_id(&c.name, &c.id)}</option> }) }
                    </select>
                </label>
                <label>{t!(lang, "tv-vpn-end")}
                    <select ref={end} data-testid="vpn-end" disabled={p.read_only}>
                        { for ends.iter().map(|(id, name)| html! { <option value={id.clone()}>{name.clone()}</option> }) }
                    </select>
                </label>
                <label>{t!(lang, "tv-vpn-routes")}
                    <input ref={routes} type="text" placeholder="192.168.0.0/16" data-testid="vpn-routes" disabled={p.read_only} />
                </label>
                <button type="button" class="btn small" data-testid="vpn-connect" disabled={p.read_only || ends.is_empty()} onclick={connect}>{t!(lang, "tv-vpn-button")}</button>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subnet(id: &str, name: &str) -> Subnet {
        Subnet {
            id: id.into(),
            name: name.into(),
            ..Subnet::default()
        }
    }

    #[test]
    fn the_attachment_form_starts_each_zone_on_its_dedicated_subnet_else_the_first() {
        let (app, tgw, named, plain) = (
            subnet("subnet-app-a", "app"),
            subnet("subnet-tgw-a", "attach"),
            subnet("subnet-9", "Transit A"),
            subnet("subnet-web-a", "web"),
        );
        // (zone's subnets in design order, the one offered first)
        let cases: &[(&[&Subnet], Option<&str>)] = &[
            (&[&app, &tgw], Some("subnet-tgw-a")),
            (&[&plain, &named], Some("subnet-9")),
            (&[&app, &plain], Some("subnet-app-a")),
            (&[], None),
        ];
        for (zone, want) in cases {
            assert_eq!(default_attachment_subnet(zone), *want, "{zone:?}");
        }
    }
}
