//! The Deployment form of the cluster view: create or edit a Deployment's image, replicas,
//! CPU/memory requests, topology spread constraints, required node affinity (the design's own
//! zones) and tolerations. The form holds only what the learner is typing; saving hands the
//! typed spec to `bridge::cluster` (which asks `sim::cluster::authoring`) and commits the new
//! `design.cluster` through `on_set_cluster`, so every save is one undoable design edit. A
//! refusal (a bad quantity, a zone the design does not have) is shown in the form with the
//! field and the value, and nothing is written.

use std::rc::Rc;

use sim::cluster::model::{TaintEffect, TolerationOperator, WhenUnsatisfiable};
use sim::network::Design;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::bridge::cluster::{
    self as bc, DeploymentForm, SpreadConstraint, TolerationSpec, TOPOLOGY_KEYS,
};
use crate::i18n::use_lang;
use crate::t;

#[derive(Properties, PartialEq)]
pub struct DeploymentEditorProps {
    pub design: Rc<Design>,
    /// The Deployment being edited (`namespace/name`), or `None` for a new one.
    pub editing: Option<String>,
    pub read_only: bool,
    /// The new `design.cluster` to commit.
    pub on_set_cluster: Callback<serde_json::Value>,
    /// The form closed (saved, deleted or cancelled).
    pub on_close: Callback<()>,
}

/// The form being typed; edits are applied in order, so quick keystrokes are never lost.
#[derive(Clone, PartialEq)]
struct FormState(DeploymentForm);

struct FormEdit(Rc<dyn Fn(&mut DeploymentForm)>);

/// How a field's text goes into the form.
type Apply = Rc<dyn Fn(&mut DeploymentForm, String)>;

impl Reducible for FormState {
    type Action = FormEdit;
    fn reduce(self: Rc<Self>, edit: FormEdit) -> Rc<Self> {
        let mut f = self.0.clone();
        (edit.0)(&mut f);
        Rc::new(FormState(f))
    }
}

/// The value of the input or select an event came from.
fn value_of(e: &Event) -> String {
    let Some(t) = e.target() else {
        return String::new();
    };
    if let Some(i) = t.dyn_ref::<HtmlInputElement>() {
        i.value()
    } else if let Some(s) = t.dyn_ref::<HtmlSelectElement>() {
        s.value()
    } else {
        String::new()
    }
}

fn effect_word(e: Option<TaintEffect>) -> &'static str {
    match e {
        None => "",
        Some(TaintEffect::NoSchedule) => "NoSchedule",
        Some(TaintEffect::PreferNoSchedule) => "PreferNoSchedule",
        Some(TaintEffect::NoExecute) => "NoExecute",
    }
}

fn effect_of(word: &str) -> Option<TaintEffect> {
    match word {
        "NoSchedule" => Some(TaintEffect::NoSchedule),
        "PreferNoSchedule" => Some(TaintEffect::PreferNoSchedule),
        "NoExecute" => Some(TaintEffect::NoExecute),
        _ => None,
    }
}

#[function_component(DeploymentEditor)]
pub fn deployment_editor(p: &DeploymentEditorProps) -> Html {
    let lang = use_lang();
    let form = {
        let (design, editing) = (p.design.clone(), p.editing.clone());
        use_reducer(move || {
            FormState(
                editing
                    .and_then(|k| bc::deployment_form(&design, &k).ok())
                    .unwrap_or_else(|| bc::new_deployment_form(&design)),
            )
        })
    };
    let error = use_state(|| None::<String>);
    let zones = {
        let design = p.design.clone();
        use_memo((), move |_| bc::affinity_zones(&design))
    };
    let first_field = use_node_ref();
    // Closing the form gives focus back to the button that opened it.
    crate::components::dialog::use_focus_return();
    {
        let first_field = first_field.clone();
        use_effect_with((), move |_| {
            if let Some(i) = first_field.cast::<HtmlInputElement>() {
                let _ = i.focus();
            }
        });
    }
    let f = &form.0;
    // An input's text goes into the form through `apply` (a plain function of the value).
    let on = |apply: Apply| {
        let d = form.dispatcher();
        Callback::from(move |e: Event| {
            let v = value_of(&e);
            let apply = apply.clone();
            d.dispatch(FormEdit(Rc::new(move |f| apply(f, v.clone()))));
        })
    };
    let on_input = |apply: Apply| {
        let cb = on(apply);
        Callback::from(move |e: InputEvent| cb.emit(e.into()))
    };
    let push = |edit: Rc<dyn Fn(&mut DeploymentForm)>| {
        let d = form.dispatcher();
        Callback::from(move |_: MouseEvent| d.dispatch(FormEdit(edit.clone())))
    };
    let number = |v: &str, old: i32| v.trim().parse::<i32>().unwrap_or(old);

    let save = {
        let (design, editing, form, error) = (
            p.design.clone(),
            p.editing.clone(),
            form.clone(),
            error.clone(),
        );
        let (set, close) = (p.on_set_cluster.clone(), p.on_close.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let result = match &editing {
                Some(key) => bc::update_deployment(&design, key, &form.0),
                None => bc::create_deployment(&design, &form.0),
            };
            match result {
                Ok(v) => {
                    set.emit(v);
                    close.emit(());
                }
                Err(why) => error.set(Some(why)),
            }
        })
    };
    let remove = p.editing.clone().map(|key| {
        let (design, error) = (p.design.clone(), error.clone());
        let (set, close) = (p.on_set_cluster.clone(), p.on_close.clone());
        Callback::from(
            move |_: MouseEvent| match bc::remove_deployment(&design, &key) {
                Ok(v) => {
                    set.emit(v);
                    close.emit(());
                }
                Err(why) => error.set(Some(why)),
            },
        )
    });
    let cancel = p.on_close.reform(|_: MouseEvent| ());
    let on_keydown = {
        let close = p.on_close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.stop_propagation();
                close.emit(());
            }
        })
    };
    let editing = p.editing.is_some();
    let title = match &p.editing {
        Some(k) => t!(lang, "deployment-edit-label", key = k.as_str()),
        None => t!(lang, "df-new-title"),
    };

    let spread_rows = f.spread.iter().enumerate().map(|(i, c)| {
        let mut keys: Vec<String> = TOPOLOGY_KEYS.iter().map(|k| k.to_string()).collect();
        if !keys.contains(&c.topology_key) {
            keys.push(c.topology_key.clone());
        }
        let skew = on_input(Rc::new(move |f, v| {
            if let Some(c) = f.spread.get_mut(i) {
                c.max_skew = v.trim().parse().unwrap_or(c.max_skew);
            }
        }));
        let key = on(Rc::new(move |f, v| {
            if let Some(c) = f.spread.get_mut(i) {
                c.topology_key = v;
            }
        }));
        let when = on(Rc::new(move |f, v| {
            if let Some(c) = f.spread.get_mut(i) {
                c.when_unsatisfiable = if v == "ScheduleAnyway" {
                    WhenUnsatisfiable::ScheduleAnyway
                } else {
                    WhenUnsatisfiable::DoNotSchedule
                };
            }
        }));
        let rm = push(Rc::new(move |f| {
            if i < f.spread.len() {
                f.spread.remove(i);
            }
        }));
        let when_word = match c.when_unsatisfiable {
            WhenUnsatisfiable::DoNotSchedule => "DoNotSchedule",
            WhenUnsatisfiable::ScheduleAnyway => "ScheduleAnyway",
        };
        html! {
            <div class="df-row" data-testid="df-spread">
                <label>{"maxSkew "}<input type="number" min="1" max="100" class="cl-num" data-testid="df-spread-skew" value={c.max_skew.to_string()} oninput={skew} /></label>
                <label>{t!(lang, "df-over")}{" "}
                    <select class="cl-sel" data-testid="df-spread-key" onchange={key}>
                        { for keys.iter().map(|k| html! { <option value={k.clone()} selected={*k == c.topology_key}>{k.clone()}</option> }) }
                    </select>
                </label>
                <label>{t!(lang, "df-when")}{" "}
                    <select class="cl-sel" data-testid="df-spread-when" onchange={when}>
                        { for ["DoNotSchedule", "ScheduleAnyway"].iter().map(|w| html! { <option value={*w} selected={*w == when_word}>{*w}</option> }) }
                    </select>
                </label>
                <button type="button" class="icon-x" aria-label={t!(lang, "df-remove-spread", number = i + 1)} onclick={rm}>{"×"}</button>
            </div>
        }
    });
    let toleration_rows = f.tolerations.iter().enumerate().map(|(i, t)| {
        let key = on_input(Rc::new(move |f, v| {
            if let Some(t) = f.tolerations.get_mut(i) {
                t.key = v.trim().to_string();
            }
        }));
        let op = on(Rc::new(move |f, v| {
            if let Some(t) = f.tolerations.get_mut(i) {
                t.operator = if v == "Exists" {
                    t.value.clear();
                    TolerationOperator::Exists
                } else {
                    TolerationOperator::Equal
                };
            }
        }));
        let value = on_input(Rc::new(move |f, v| {
            if let Some(t) = f.tolerations.get_mut(i) {
                t.value = v.trim().to_string();
            }
        }));
        let effect = on(Rc::new(move |f, v| {
            if let Some(t) = f.tolerations.get_mut(i) {
                t.effect = effect_of(&v);
                if t.effect != Some(TaintEffect::NoExecute) {
                    t.toleration_seconds = None;
                }
            }
        }));
        let secs = on_input(Rc::new(move |f, v| {
            if let Some(t) = f.tolerations.get_mut(i) {
                t.toleration_seconds = v.trim().parse().ok();
            }
        }));
        let rm = push(Rc::new(move |f| {
            if i < f.tolerations.len() {
                f.tolerations.remove(i);
            }
        }));
        let exists = t.operator == TolerationOperator::Exists;
        html! {
            <div class="df-row" data-testid="df-toleration">
                <label>{t!(lang, "df-key")}{" "}<input type="text" class="cl-text" data-testid="df-tol-key" value={t.key.clone()} oninput={key} spellcheck="false" /></label>
                <label>{t!(lang, "df-operator")}{" "}
                    <select class="cl-sel" data-testid="df-tol-operator" onchange={op}>
                        <option value="Equal" selected={!exists}>{"Equal"}</option>
                        <option value="Exists" selected={exists}>{"Exists"}</option>
                    </select>
                </label>
                if !exists {
                    <label>{t!(lang, "df-value")}{" "}<input type="text" class="cl-text" data-testid="df-tol-value" value={t.value.clone()} oninput={value} spellcheck="false" /></label>
                }
                <label>{t!(lang, "df-effect")}{" "}
                    <select class="cl-sel" data-testid="df-tol-effect" onchange={effect}>
                        { for ["", "NoSchedule", "PreferNoSchedule", "NoExecute"].iter().map(|w| html! {
                            <option value={*w} selected={*w == effect_word(t.effect)}>{ if w.is_empty() { t!(lang, "df-any-effect") } else { w.to_string() } }</option>
                        }) }
                    </select>
                </label>
                if t.effect == Some(TaintEffect::NoExecute) {
                    <label>{t!(lang, "df-seconds")}{" "}<input type="number" min="0" class="cl-num" data-testid="df-tol-seconds" value={t.toleration_seconds.map(|s| s.to_string()).unwrap_or_default()} oninput={secs} /></label>
                }
                <button type="button" class="icon-x" aria-label={t!(lang, "df-remove-toleration", number = i + 1)} onclick={rm}>{"×"}</button>
            </div>
        }
    });
    let zone_boxes = zones.iter().map(|z| {
        let checked = f.node_affinity.zones.contains(z);
        let all = zones.clone();
        let zone = z.clone();
        let toggle = push(Rc::new(move |f| {
            let mut set: Vec<String> = f.node_affinity.zones.clone();
            if let Some(k) = set.iter().position(|x| *x == zone) {
                set.remove(k);
            } else {
                set.push(zone.clone());
            }
            // Kept in the design's zone order.
            f.node_affinity.zones = all.iter().filter(|x| set.contains(x)).cloned().collect();
        }));
        html! {
            <label class="df-check">
                <input type="checkbox" data-testid="df-zone" data-zone={z.clone()} checked={checked} onclick={toggle} />
                {z.clone()}
            </label>
        }
    });
    let add_spread = push(Rc::new(|f| {
        f.spread.push(SpreadConstraint {
            max_skew: 1,
            topology_key: TOPOLOGY_KEYS[0].to_string(),
            when_unsatisfiable: WhenUnsatisfiable::DoNotSchedule,
        })
    }));
    let add_toleration = push(Rc::new(|f| {
        f.tolerations.push(TolerationSpec {
            key: String::new(),
            operator: TolerationOperator::Equal,
            value: String::new(),
            effect: Some(TaintEffect::NoSchedule),
            toleration_seconds: None,
        })
    }));

    html! {
        <form class="df" data-testid="deployment-form" aria-label={title.clone()} onsubmit={save} onkeydown={on_keydown}>
            <h4 class="df-title">{title}</h4>
            <fieldset class="df-grid" disabled={p.read_only}>
                <label for="df-name">{t!(lang, "df-name")}</label>
                <input id="df-name" ref={first_field} type="text" class="cl-text" data-testid="df-name" value={f.name.clone()} disabled={editing} spellcheck="false"
                    oninput={on_input(Rc::new(|f, v| f.name = v))} />
                <label for="df-namespace">{t!(lang, "df-namespace")}</label>
                <input id="df-namespace" type="text" class="cl-text" data-testid="df-namespace" value={f.namespace.clone()} disabled={editing} spellcheck="false"
                    oninput={on_input(Rc::new(|f, v| f.namespace = v))} />
                <label for="df-image">{t!(lang, "df-image")}</label>
                <input id="df-image" type="text" class="cl-text wide" data-testid="df-image" value={f.image.clone()} spellcheck="false"
                    oninput={on_input(Rc::new(|f, v| f.image = v))} />
                <label for="df-replicas">{t!(lang, "df-replicas")}</label>
                <input id="df-replicas" type="number" min="0" max="1000" class="cl-num" data-testid="df-replicas" value={f.replicas.to_string()}
                    oninput={on_input(Rc::new(move |f, v| f.replicas = number(&v, f.replicas)))} />
                <label for="df-cpu">{t!(lang, "df-cpu")}</label>
                <span><input id="df-cpu" type="text" class="cl-text" data-testid="df-cpu" placeholder={t!(lang, "df-cpu-placeholder")} value={f.requests.cpu.clone().unwrap_or_default()} spellcheck="false"
                    oninput={on_input(Rc::new(|f, v| f.requests.cpu = Some(v)))} /><span class="muted small">{" "}{t!(lang, "df-per-pod")}</span></span>
                <label for="df-memory">{t!(lang, "df-memory")}</label>
                <span><input id="df-memory" type="text" class="cl-text" data-testid="df-memory" placeholder={t!(lang, "df-memory-placeholder")} value={f.requests.memory.clone().unwrap_or_default()} spellcheck="false"
                    oninput={on_input(Rc::new(|f, v| f.requests.memory = Some(v)))} /><span class="muted small">{" "}{t!(lang, "df-per-pod")}</span></span>
            </fieldset>
            <fieldset class="df-group" disabled={p.read_only}>
                <legend>{t!(lang, "df-spread")}</legend>
                if f.spread.is_empty() { <p class="muted small">{t!(lang, "deployment-default-spread")}</p> }
                { for spread_rows }
                <button type="button" class="btn tiny" data-testid="df-add-spread" onclick={add_spread}>{t!(lang, "df-add-spread")}</button>
            </fieldset>
            <fieldset class="df-group" disabled={p.read_only}>
                <legend>{t!(lang, "df-zones")}</legend>
                if zones.is_empty() { <p class="muted small">{t!(lang, "df-no-zones")}</p> }
                <div class="df-checks">{ for zone_boxes }</div>
                <p class="muted small">{ if f.node_affinity.zones.is_empty() { t!(lang, "df-any-zone") } else { t!(lang, "df-zones-required") } }</p>
            </fieldset>
            <fieldset class="df-group" disabled={p.read_only}>
                <legend>{t!(lang, "df-tolerations")}</legend>
                if f.tolerations.is_empty() { <p class="muted small">{t!(lang, "deployment-default-tolerations")}</p> }
                { for toleration_rows }
                <button type="button" class="btn tiny" data-testid="df-add-toleration" onclick={add_toleration}>{t!(lang, "df-add-toleration")}</button>
            </fieldset>
            if let Some(why) = (*error).clone() {
                <p class="df-error" role="alert" data-testid="df-error">{why}</p>
            }
            <div class="df-actions">
                <button type="submit" class="btn primary small" data-testid="df-save" disabled={p.read_only}>{ if editing { t!(lang, "df-save") } else { t!(lang, "df-create") } }</button>
                <button type="button" class="btn small" data-testid="df-cancel" onclick={cancel}>{t!(lang, "df-cancel")}</button>
                if let Some(rm) = remove {
                    <span class="cl-spacer"></span>
                    <button type="button" class="btn small danger" data-testid="df-delete" disabled={p.read_only} onclick={rm}>{t!(lang, "df-delete")}</button>
                }
            </div>
        </form>
    }
}
