//! The prefix lists list view (in the Transit & VPN tab): the design's managed prefix lists
//! on the left; the chosen one's name, address family, maximum entries and entries (CIDR and
//! description) on the right, editable for a customer-managed list, with forms to create and
//! delete lists. Edits go out as `PolicyOp`s that `sim::network::prefix_list_edit` validates
//! (docs/SEMANTICS.md#m4); AWS-managed lists are shown read-only.

use std::rc::Rc;

use sim::network::{AddressFamily, Design};
use yew::prelude::*;

use crate::bridge::{self, PolicyOp};
use crate::components::policies::{clear, input_value, list_pane, select_value};
use crate::i18n::{use_lang, Lang};
use crate::t;

#[derive(Properties, PartialEq)]
pub struct PrefixListsProps {
    pub design: Rc<Design>,
    pub read_only: bool,
    pub on_op: Callback<PolicyOp>,
}

fn family_text(f: AddressFamily) -> &'static str {
    match f {
        AddressFamily::Ipv4 => "IPv4",
        AddressFamily::Ipv6 => "IPv6",
    }
}

/// The form that makes a new customer-managed list.
fn create_form(lang: Lang, read_only: bool, on_op: &Callback<PolicyOp>) -> Html {
    html! { <CreateForm {read_only} on_op={on_op.clone()} lang={lang} /> }
}

#[derive(Properties, PartialEq)]
struct CreateProps {
    read_only: bool,
    on_op: Callback<PolicyOp>,
    lang: Lang,
}

#[function_component(CreateForm)]
fn create(p: &CreateProps) -> Html {
    let lang = p.lang;
    let (name, family, max) = (use_node_ref(), use_node_ref(), use_node_ref());
    let onclick = {
        let (name, family, max, on_op) =
            (name.clone(), family.clone(), max.clone(), p.on_op.clone());
        Callback::from(move |_: MouseEvent| {
            on_op.emit(PolicyOp::CreatePrefixList {
                name: input_value(&name),
                family: select_value(&family),
                max_entries: input_value(&max),
            });
            clear(&[&name]);
        })
    };
    html! {
        <div class="create-row" data-testid="pl-create">
            <input ref={name} type="text" placeholder={t!(lang, "pl-name-placeholder")} aria-label={t!(lang, "pl-new-name")} data-testid="pl-new-name" disabled={p.read_only} />
            <select ref={family} aria-label={t!(lang, "pl-family")} data-testid="pl-new-family" disabled={p.read_only}>
                <option value="IPv4" selected=true>{"IPv4"}</option>
                <option value="IPv6">{"IPv6"}</option>
            </select>
            <input ref={max} type="number" min="1" max="1000" value="10" size="5" aria-label={t!(lang, "pl-max-entries")} data-testid="pl-new-max" disabled={p.read_only} />
            <button type="button" class="btn small" data-testid="pl-create-button" disabled={p.read_only} {onclick}>{t!(lang, "pl-create")}</button>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct DetailProps {
    list: sim::network::PrefixList,
    read_only: bool,
    on_op: Callback<PolicyOp>,
    lang: Lang,
}

/// One list's fields and entries. Keyed by the list's id, so its inputs start from that
/// list's values when another one is chosen.
#[function_component(Detail)]
fn detail(p: &DetailProps) -> Html {
    let lang = p.lang;
    let l = &p.list;
    let managed = bridge::prefix_list_is_aws_managed(l);
    let ro = p.read_only || managed;
    let (name, max, cidr, description) = (
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
    );
    let save = {
        let (name, max, on_op, id) = (name.clone(), max.clone(), p.on_op.clone(), l.id.clone());
        Callback::from(move |_: MouseEvent| {
            on_op.emit(PolicyOp::SetPrefixList {
                id: id.clone(),
                name: input_value(&name),
                max_entries: input_value(&max),
            })
        })
    };
    let add = {
        let (cidr, description, on_op, id) = (
            cidr.clone(),
            description.clone(),
            p.on_op.clone(),
            l.id.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            on_op.emit(PolicyOp::AddPrefixListEntry {
                id: id.clone(),
                cidr: input_value(&cidr),
                description: input_value(&description),
            });
            clear(&[&cidr, &description]);
        })
    };
    let delete = {
        let (on_op, id) = (p.on_op.clone(), l.id.clone());
        Callback::from(move |_: MouseEvent| {
            on_op.emit(PolicyOp::DeletePrefixList { id: id.clone() })
        })
    };
    let max_text = l.max_entries.map(|m| m.to_string()).unwrap_or_default();
    let placeholder = match l.family() {
        AddressFamily::Ipv4 => "198.51.100.0/24",
        AddressFamily::Ipv6 => "2001:db8::/48",
    };
    html! {
        <div class="object-detail" data-testid="pl-detail" data-id={l.id.clone()}>
            <h4>{ format!("{} — {}", if l.name.is_empty() { &l.id } else { &l.name }, l.id) }</h4>
            if managed { <p class="empty-note">{t!(lang, "pl-aws-managed-note")}</p> }
            <div class="create-row">
                <label>{t!(lang, "pl-name")}
                    <input ref={name} type="text" value={l.name.clone()} data-testid="pl-name" disabled={ro} />
                </label>
                <span class="k">{t!(lang, "pl-family")}</span>
                <span class="mono" data-testid="pl-family">{family_text(l.family())}</span>
                <label>{t!(lang, "pl-max-entries")}
                    <input ref={max} type="number" min="1" max="1000" size="5" value={max_text} data-testid="pl-max" disabled={ro} />
                </label>
                <button type="button" class="btn small" data-testid="pl-save" disabled={ro} onclick={save}>{t!(lang, "pl-save")}</button>
                <button type="button" class="btn small danger" data-testid="pl-delete" disabled={ro} onclick={delete}>{t!(lang, "pl-delete")}</button>
            </div>
            <table class="rules">
                <thead><tr><th>{t!(lang, "pl-cidr")}</th><th>{t!(lang, "pl-description")}</th><th></th></tr></thead>
                <tbody>
                    { for l.cidrs.iter().map(|c| {
                        let rm = { let (on_op, id, c) = (p.on_op.clone(), l.id.clone(), c.clone()); Callback::from(move |_: MouseEvent| on_op.emit(PolicyOp::RemovePrefixListEntry { id: id.clone(), cidr: c.clone() })) };
                        html! { <tr data-testid="pl-entry" data-cidr={c.clone()}>
                            <td class="mono">{c.clone()}</td>
                            <td>{l.descriptions.get(c).cloned().unwrap_or_default()}</td>
                            <td>if !ro { <button type="button" class="icon-x" title={t!(lang, "pl-remove-entry", cidr = c.clone())} aria-label={t!(lang, "pl-remove-entry", cidr = c.clone())} onclick={rm}>{"×"}</button> }</td>
                        </tr> }
                    }) }
                    if !ro {
                        <tr class="add-row">
                            <td><input ref={cidr} type="text" placeholder={placeholder} aria-label={t!(lang, "pl-cidr")} data-testid="pl-entry-cidr" /></td>
                            <td><input ref={description} type="text" aria-label={t!(lang, "pl-description")} data-testid="pl-entry-description" /></td>
                            <td><button type="button" class="btn small" data-testid="pl-add-entry" onclick={add}>{t!(lang, "pl-add-entry")}</button></td>
                        </tr>
                    }
                </tbody>
            </table>
        </div>
    }
}

#[function_component(PrefixLists)]
pub fn prefix_lists(p: &PrefixListsProps) -> Html {
    let lang = use_lang();
    let net = &p.design.network;
    let chosen = use_state(String::new);
    // A list just created is chosen: the one id that was not there before.
    let known = use_mut_ref(|| None::<Vec<String>>);
    {
        let ids: Vec<String> = net.prefix_lists.iter().map(|l| l.id.clone()).collect();
        let (known, chosen) = (known.clone(), chosen.clone());
        use_effect_with(ids, move |ids| {
            let before = known.borrow_mut().replace(ids.clone());
            if let Some(new) = before.and_then(|b| ids.iter().find(|i| !b.contains(i)).cloned()) {
                chosen.set(new);
            }
        });
    }
    let current = net
        .prefix_list(&chosen)
        .or_else(|| net.prefix_lists.first())
        .cloned();
    let items = net
        .prefix_lists
        .iter()
        .map(|l| {
            let name = if l.name.is_empty() {
                l.id.clone()
            } else {
                format!("{} ({})", l.name, l.id)
            };
            let note = t!(
                lang,
                "pl-note",
                family = family_text(l.family()),
                count = l.cidrs.len(),
                max = l
                    .max_entries
                    .map(|m| m.to_string())
                    .unwrap_or_else(|| "—".into())
            );
            (l.id.clone(), name, note)
        })
        .collect();
    let on_choose = {
        let chosen = chosen.clone();
        Callback::from(move |id| chosen.set(id))
    };
    let current_id = current.as_ref().map(|l| l.id.clone()).unwrap_or_default();
    html! {
        <section class="transit-section" aria-label={t!(lang, "tv-prefix-lists-title")} data-testid="prefix-lists">
            <h3>{t!(lang, "tv-prefix-lists-title")}</h3>
            <div class="objects">
                <div class="object-col">
                    { list_pane(items, &current_id, on_choose, "prefix-list-list") }
                    { create_form(lang, p.read_only, &p.on_op) }
                </div>
                { match current {
                    None => html! { <p class="empty-note">{t!(lang, "tv-prefix-lists-none")}</p> },
                    Some(l) => {
                        let key = l.id.clone();
                        html! { <Detail {key} list={l} read_only={p.read_only} on_op={p.on_op.clone()} lang={lang} /> }
                    }
                } }
            </div>
        </section>
    }
}
