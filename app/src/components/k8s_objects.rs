//! The cluster tab's objects section: one list per kind (Namespaces, Services, Ingresses,
//! NetworkPolicies, PersistentVolumeClaims), each row saying what the object does, and the YAML
//! dialog that edits, adds or deletes one object's manifest.
//!
//! A view: the rows come from `bridge::k8s_objects` (computed at the cluster view's current time),
//! edits go back as a new `design.cluster` value through `on_set_cluster` (the editor commits it:
//! undoable, shared with live sessions). The dialog (`Modal`: focus trapped, Escape closes) keeps
//! the typed text when an edit is refused and shows the refusal with its line, field and value.
//! Picking "Show pods" on a NetworkPolicy tells the cluster view which policy to highlight.

use std::rc::Rc;

use sim::network::Design;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::bridge::k8s_objects::{self as bk, Kind, ObjectLists};
use crate::components::dialog::{tablist_keys, Modal};
use crate::i18n::{use_lang, Lang};
use crate::t;

#[derive(Properties, PartialEq)]
pub struct ObjectsProps {
    pub design: Rc<Design>,
    pub lists: Rc<ObjectLists>,
    pub read_only: bool,
    /// The NetworkPolicy whose pods are highlighted (`namespace/name`).
    pub shown_policy: Option<String>,
    pub on_show_policy: Callback<Option<String>>,
    /// A new `design.cluster` value to commit.
    pub on_set_cluster: Callback<serde_json::Value>,
}

/// What the YAML dialog is open on.
#[derive(Clone, Debug, PartialEq)]
struct Editing {
    kind: Kind,
    /// `None`: a new object.
    key: Option<String>,
    text: String,
}

/// The list's name (plural) and one object's kind name.
pub fn kind_words(lang: Lang, kind: Kind) -> (String, String) {
    match kind {
        Kind::Namespace => (
            t!(lang, "k8s-kind-namespace"),
            t!(lang, "k8s-one-namespace"),
        ),
        Kind::Service => (t!(lang, "k8s-kind-service"), t!(lang, "k8s-one-service")),
        Kind::Ingress => (t!(lang, "k8s-kind-ingress"), t!(lang, "k8s-one-ingress")),
        Kind::NetworkPolicy => (
            t!(lang, "k8s-kind-networkpolicy"),
            t!(lang, "k8s-one-networkpolicy"),
        ),
        Kind::PersistentVolumeClaim => (t!(lang, "k8s-kind-pvc"), t!(lang, "k8s-one-pvc")),
    }
}

fn count(l: &ObjectLists, kind: Kind) -> usize {
    match kind {
        Kind::Namespace => l.namespaces.len(),
        Kind::Service => l.services.len(),
        Kind::Ingress => l.ingresses.len(),
        Kind::NetworkPolicy => l.policies.len(),
        Kind::PersistentVolumeClaim => l.claims.len(),
    }
}

#[function_component(ClusterObjects)]
pub fn cluster_objects(p: &ObjectsProps) -> Html {
    let lang = use_lang();
    let tab = use_state(|| Kind::Service);
    let editing = use_state(|| None::<Editing>);
    let l = &p.lists;

    let tabs = Kind::ALL.into_iter().map(|k| {
        let on = *tab == k;
        let onclick = {
            let tab = tab.clone();
            Callback::from(move |_: MouseEvent| tab.set(k))
        };
        html! {
            <button type="button" role="tab" id={format!("k8s-tab-{}", k.slug())} aria-selected={on.to_string()} aria-controls="k8s-tabpanel"
                tabindex={if on { "0" } else { "-1" }} class={classes!("tab", on.then_some("active"))} data-testid={format!("k8s-tab-{}", k.slug())} {onclick}>
                { format!("{} ({})", kind_words(lang, k).0, count(l, k)) }
            </button>
        }
    });

    // Row actions.
    let edit = |kind: Kind, key: &str| {
        let (editing, design, key) = (editing.clone(), p.design.clone(), key.to_string());
        Callback::from(move |_: MouseEvent| {
            if let Some(text) = bk::object_yaml(&design, kind, &key) {
                editing.set(Some(Editing {
                    kind,
                    key: Some(key.clone()),
                    text,
                }));
            }
        })
    };
    let delete = |kind: Kind, key: &str| {
        let (design, key, set) = (p.design.clone(), key.to_string(), p.on_set_cluster.clone());
        Callback::from(move |_: MouseEvent| {
            if let Ok(v) = bk::delete_object(&design, kind, &key) {
                set.emit(v);
            }
        })
    };
    let actions = |kind: Kind, key: &str, declared: bool| -> Html {
        if !declared {
            return html! {};
        }
        let what = kind_words(lang, kind).1;
        html! {
            <>
                <button type="button" class="btn small" data-testid="k8s-edit" aria-label={t!(lang, "k8s-edit-label", kind = what.as_str(), name = key)}
                    disabled={p.read_only} onclick={edit(kind, key)}>{t!(lang, "k8s-edit")}</button>
                <button type="button" class="btn small" data-testid="k8s-delete" aria-label={t!(lang, "k8s-delete-label", kind = what.as_str(), name = key)}
                    disabled={p.read_only} onclick={delete(kind, key)}>{t!(lang, "k8s-delete")}</button>
            </>
        }
    };
    let name_cell = |key: &str| html! { <th scope="row" class="mono">{key.to_string()}</th> };
    let pods_text = |n: usize| t!(lang, "k8s-pod-count", count = n);

    let kind = *tab;
    let (plural, one) = kind_words(lang, kind);
    let body = match kind {
        Kind::Namespace => {
            let rows = l.namespaces.iter().map(|n| html! {
                <tr data-testid="k8s-row" data-kind="namespace" data-key={n.name.clone()}>
                    { name_cell(&n.name) }
                    <td class="mono">{ for n.labels.iter().map(|x| html! { <span class="k8s-label">{x.clone()}</span> }) }
                        if !n.declared { <span class="muted">{t!(lang, "k8s-implicit")}</span> }</td>
                    <td>{ actions(Kind::Namespace, &n.name, n.declared) }</td>
                </tr>
            });
            (
                l.namespaces.len(),
                html! {
                    <>
                        <thead><tr><th>{t!(lang, "k8s-col-name")}</th><th>{t!(lang, "k8s-col-labels")}</th><th>{t!(lang, "k8s-col-actions")}</th></tr></thead>
                        <tbody>{ for rows }</tbody>
                    </>
                },
            )
        }
        Kind::Service => {
            let rows = l.services.iter().map(|s| html! {
                <tr data-testid="k8s-row" data-kind="service" data-key={s.key.clone()} data-ready={s.ready.to_string()}>
                    { name_cell(&s.key) }
                    <td>{s.kind}{ if s.headless { format!(" ({})", t!(lang, "k8s-headless")) } else { s.cluster_ip.as_ref().map(|ip| format!(" · {ip}")).unwrap_or_default() } }</td>
                    <td class="mono">{ for s.ports.iter().map(|x| html! { <div>{x.clone()}</div> }) }</td>
                    <td class="mono">{ s.selector.clone().unwrap_or_else(|| t!(lang, "k8s-no-selector")) }</td>
                    <td data-testid="k8s-endpoints">{t!(lang, "k8s-endpoints", ready = s.ready, total = s.pods.len())}</td>
                    <td>{ actions(Kind::Service, &s.key, s.declared) }</td>
                </tr>
            });
            (
                l.services.len(),
                html! {
                    <>
                        <thead><tr><th>{t!(lang, "k8s-col-name")}</th><th>{t!(lang, "k8s-col-type")}</th><th>{t!(lang, "k8s-col-ports")}</th><th>{t!(lang, "k8s-col-selector")}</th><th>{t!(lang, "k8s-col-endpoints")}</th><th>{t!(lang, "k8s-col-actions")}</th></tr></thead>
                        <tbody>{ for rows }</tbody>
                    </>
                },
            )
        }
        Kind::Ingress => {
            let rows = l.ingresses.iter().map(|i| html! {
                <tr data-testid="k8s-row" data-kind="ingress" data-key={i.key.clone()}>
                    { name_cell(&i.key) }
                    <td class="mono">{ i.class.clone().unwrap_or_else(|| t!(lang, "k8s-no-class")) }</td>
                    <td class="mono">{ for i.rules.iter().map(|(from, to)| html! {
                        <div>{ format!("{} → {to}", from.clone().unwrap_or_else(|| t!(lang, "k8s-default-backend"))) }</div>
                    }) }</td>
                    <td>{ actions(Kind::Ingress, &i.key, i.declared) }</td>
                </tr>
            });
            (
                l.ingresses.len(),
                html! {
                    <>
                        <thead><tr><th>{t!(lang, "k8s-col-name")}</th><th>{t!(lang, "k8s-col-class")}</th><th>{t!(lang, "k8s-col-rules")}</th><th>{t!(lang, "k8s-col-actions")}</th></tr></thead>
                        <tbody>{ for rows }</tbody>
                    </>
                },
            )
        }
        Kind::NetworkPolicy => {
            let rows = l.policies.iter().map(|np| {
                let shown = p.shown_policy.as_deref() == Some(np.key.as_str());
                let toggle = {
                    let (on_show, key) = (p.on_show_policy.clone(), np.key.clone());
                    Callback::from(move |_: MouseEvent| on_show.emit((!shown).then(|| key.clone())))
                };
                let rules = |title: String, rules: &[bk::RuleLine], isolates: bool, egress: bool| -> Html {
                    if !isolates {
                        return html! {};
                    }
                    html! {
                        <div class="k8s-rules"><strong>{title}{": "}</strong>
                            if rules.is_empty() { <span>{t!(lang, "k8s-no-rules")}</span> }
                            { for rules.iter().map(|r| html! { <div>{bk::rule_text(lang, r, egress)}</div> }) }
                        </div>
                    }
                };
                html! {
                    <tr data-testid="k8s-row" data-kind="networkpolicy" data-key={np.key.clone()} data-pods={np.pods.join(" ")} class={classes!(shown.then_some("shown"))}>
                        { name_cell(&np.key) }
                        <td class="mono">{ if np.selector.is_empty() { t!(lang, "k8s-every-pod") } else { np.selector.clone() } }</td>
                        <td>{pods_text(np.pods.len())}</td>
                        <td>
                            <div data-testid="k8s-isolates">{bk::isolates_text(lang, np)}</div>
                            { rules(t!(lang, "k8s-ingress-rules"), &np.ingress, np.isolates_ingress, false) }
                            { rules(t!(lang, "k8s-egress-rules"), &np.egress, np.isolates_egress, true) }
                        </td>
                        <td>
                            <button type="button" class="btn small" data-testid="k8s-show-pods" aria-pressed={shown.to_string()}
                                aria-label={t!(lang, "k8s-show-pods-label", name = np.key.as_str())} onclick={toggle}>{t!(lang, "k8s-show-pods")}</button>
                            { actions(Kind::NetworkPolicy, &np.key, np.declared) }
                        </td>
                    </tr>
                }
            });
            (
                l.policies.len(),
                html! {
                    <>
                        <thead><tr><th>{t!(lang, "k8s-col-name")}</th><th>{t!(lang, "k8s-col-selector")}</th><th>{t!(lang, "k8s-col-pods")}</th><th>{t!(lang, "k8s-col-policy")}</th><th>{t!(lang, "k8s-col-actions")}</th></tr></thead>
                        <tbody>{ for rows }</tbody>
                    </>
                },
            )
        }
        Kind::PersistentVolumeClaim => {
            let rows = l.claims.iter().map(|c| {
                let binding = match (&c.volume, &c.zone) {
                    (Some(v), Some(z)) => t!(lang, "k8s-bound", volume = v.as_str(), zone = z.as_str()),
                    (Some(v), None) => t!(lang, "k8s-bound-no-zone", volume = v.as_str()),
                    _ => t!(lang, "k8s-unbound"),
                };
                html! {
                    <tr data-testid="k8s-row" data-kind="pvc" data-key={c.key.clone()} data-bound={c.bound.to_string()} data-zone={c.zone.clone().unwrap_or_default()}>
                        { name_cell(&c.key) }
                        <td class="mono">{c.class.clone()}</td>
                        <td class="mono">{c.size.clone()}{ format!(" · {}", c.access.join(", ")) }</td>
                        <td>{binding}
                            if let Some(o) = &c.owner { <div class="muted">{t!(lang, "k8s-from-template", owner = o.as_str())}</div> }</td>
                        <td>{ actions(Kind::PersistentVolumeClaim, &c.key, c.declared) }</td>
                    </tr>
                }
            });
            (
                l.claims.len(),
                html! {
                    <>
                        <thead><tr><th>{t!(lang, "k8s-col-name")}</th><th>{t!(lang, "k8s-col-storage-class")}</th><th>{t!(lang, "k8s-col-size")}</th><th>{t!(lang, "k8s-col-binding")}</th><th>{t!(lang, "k8s-col-actions")}</th></tr></thead>
                        <tbody>{ for rows }</tbody>
                    </>
                },
            )
        }
    };
    let add = {
        let (editing, design) = (editing.clone(), p.design.clone());
        Callback::from(move |_: MouseEvent| {
            editing.set(Some(Editing {
                kind,
                key: None,
                text: bk::new_object(&design, kind),
            }))
        })
    };
    let shown = p
        .shown_policy
        .as_ref()
        .and_then(|k| l.policies.iter().find(|x| &x.key == k));
    let dialog = (*editing).clone().map(|e| {
        let close = {
            let editing = editing.clone();
            Callback::from(move |()| editing.set(None))
        };
        let done = {
            let (editing, set) = (editing.clone(), p.on_set_cluster.clone());
            Callback::from(move |v: serde_json::Value| {
                set.emit(v);
                editing.set(None);
            })
        };
        html! { <YamlDialog design={p.design.clone()} kind={e.kind} object={e.key.clone()} text={e.text.clone()} on_close={close} on_done={done} /> }
    });

    html! {
        <section class="cl-objects" data-testid="k8s-objects" aria-labelledby="k8s-objects-title">
            <h3 id="k8s-objects-title">{t!(lang, "k8s-objects")}</h3>
            <div class="tabs" role="tablist" aria-label={t!(lang, "k8s-objects-tabs")} onkeydown={Callback::from(tablist_keys)}>
                { for tabs }
            </div>
            <div role="tabpanel" id="k8s-tabpanel" aria-labelledby={format!("k8s-tab-{}", kind.slug())} data-testid={format!("k8s-list-{}", kind.slug())}>
                if let Some(np) = shown {
                    <p class="k8s-shown" data-testid="k8s-policy-shown" role="status">
                        {t!(lang, "k8s-policy-shown", name = np.key.as_str(), pods = pods_text(np.pods.len()), isolates = bk::isolates_text(lang, np))}
                    </p>
                }
                if body.0 == 0 {
                    <p class="muted">{t!(lang, "k8s-none", kind = plural.as_str())}</p>
                } else {
                    <table class="rules k8s-table">{ body.1 }</table>
                }
                <button type="button" class="btn" data-testid={format!("k8s-add-{}", kind.slug())} disabled={p.read_only} onclick={add}>
                    {t!(lang, "k8s-add", kind = one.as_str())}
                </button>
            </div>
            // A slot of its own: the dialog appearing at the end of the section made Yew draw the
            // tab panel anew, and the Edit button the dialog gives focus back to was gone.
            <div class="k8s-dialog-slot">{ for dialog }</div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct YamlDialogProps {
    design: Rc<Design>,
    kind: Kind,
    /// The object edited (`None`: a new one).
    object: Option<String>,
    /// The text the dialog opens with.
    text: String,
    on_close: Callback<()>,
    on_done: Callback<serde_json::Value>,
}

/// The YAML of one object in a labelled textarea. Apply replaces (or adds) just that document;
/// a refusal is shown with its place and the typed text stays.
#[function_component(YamlDialog)]
fn yaml_dialog(p: &YamlDialogProps) -> Html {
    let lang = use_lang();
    let text = use_state(|| p.text.clone());
    let error = use_state(|| None::<bk::EditError>);
    let one = kind_words(lang, p.kind).1;
    let title = match &p.object {
        Some(k) => t!(
            lang,
            "k8s-dialog-edit-title",
            kind = one.as_str(),
            name = k.as_str()
        ),
        None => t!(lang, "k8s-dialog-add-title", kind = one.as_str()),
    };
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            text.set(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    let apply = {
        let (text, error, design, kind, key, done) = (
            text.clone(),
            error.clone(),
            p.design.clone(),
            p.kind,
            p.object.clone(),
            p.on_done.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let result = match &key {
                Some(k) => bk::replace_object(&design, kind, k, &text),
                None => bk::add_object(&design, kind, &text),
            };
            match result {
                Ok(v) => done.emit(v),
                Err(e) => error.set(Some(e)),
            }
        })
    };
    let cancel = p.on_close.reform(|_: MouseEvent| ());
    let rows = text.lines().count().clamp(8, 28).to_string();
    html! {
        <Modal on_close={p.on_close.clone()} labelledby="k8s-yaml-title" class="wide" overlay_testid="k8s-yaml-overlay">
            <div class="k8s-yaml-dialog" data-testid="k8s-yaml-dialog">
                <div class="dialog-head"><h2 id="k8s-yaml-title">{title}</h2></div>
                <p class="muted" id="k8s-yaml-help">{t!(lang, "k8s-dialog-help")}</p>
                <label for="k8s-yaml" class="k8s-yaml-label">{t!(lang, "k8s-dialog-label")}</label>
                <textarea id="k8s-yaml" class="k8s-yaml mono" data-testid="k8s-yaml" spellcheck="false" {rows}
                    aria-describedby={if error.is_some() { "k8s-yaml-help k8s-yaml-error" } else { "k8s-yaml-help" }}
                    aria-invalid={error.is_some().to_string()} value={(*text).clone()} {oninput} />
                if let Some(e) = &*error {
                    <div class="k8s-yaml-error" id="k8s-yaml-error" role="alert" data-testid="k8s-yaml-error" data-line={e.line.map(|l| l.to_string()).unwrap_or_default()}>
                        <strong>{t!(lang, "k8s-refused")}</strong>{" "}{e.text(lang)}
                    </div>
                }
                <div class="dialog-actions">
                    <button type="button" class="btn primary" data-testid="k8s-yaml-apply" onclick={apply}>{t!(lang, "k8s-apply")}</button>
                    <button type="button" class="btn" data-testid="k8s-yaml-cancel" onclick={cancel}>{t!(lang, "k8s-cancel")}</button>
                </div>
            </div>
        </Modal>
    }
}
