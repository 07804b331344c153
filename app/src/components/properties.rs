//! The properties panel: every field of the selected component, editable where the model
//! allows, with live validation (from `sim`, through the `validate` callback) and suggestions.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::Lang;
use crate::icons;
use crate::kind::KindText;
use crate::view::{FieldKey, FieldKind, Shape};

#[derive(Properties, PartialEq)]
pub struct PropertiesProps {
    pub selected: Option<Shape>,
    /// How many components are selected (the panel shows one; it says when there are more).
    pub selection_len: usize,
    /// A suggested CIDR for the selected subnet ("next free /24").
    pub suggestion: Option<String>,
    pub read_only: bool,
    pub on_set_field: Callback<(String, FieldKey, String)>,
    /// Why AWS would refuse this value for this field, if it would.
    pub validate: Callback<(FieldKey, String), Option<String>>,
}

#[function_component(PropertiesPanel)]
pub fn properties_panel(props: &PropertiesProps) -> Html {
    html! {
        <aside class="properties" data-testid="properties" aria-label="Properties">
            <h2 class="panel-title">{"Properties"}</h2>
            { match &props.selected {
                None if props.selection_len > 1 => html! { <p class="empty-note">{format!("{} components selected. Drag to move them together, Delete to remove them.", props.selection_len)}</p> },
                None => html! { <p class="empty-note">{"Select a component on the canvas to see and edit its properties."}</p> },
                Some(s) => html! {
                    <div class="props-body" key={s.id.clone()}>
                        <div class="props-header">
                            { icons::icon(s.kind) }
                            <div>
                                <div class="kind">{s.kind.label(Lang::En)}</div>
                                <div class="name" data-testid="props-name">{s.label.clone()}</div>
                            </div>
                        </div>
                        <div class="field"><span class="k">{"ID"}</span><span class="v">{s.id.clone()}</span></div>
                        { for s.fields.iter().map(|f| field_row(s, f, props)) }
                    </div>
                },
            } }
        </aside>
    }
}

fn field_row(shape: &Shape, f: &crate::view::Field, props: &PropertiesProps) -> Html {
    let id = shape.id.clone();
    let on_set = props.on_set_field.clone();
    let editable = f.key.filter(|_| f.kind != FieldKind::ReadOnly);
    let Some(key) = editable else {
        return html! {
            <div class="field" data-testid="field-shown" data-label={f.label}><span class="k">{f.label}</span><span class="v">{ if f.value.is_empty() { "—".to_string() } else { f.value.clone() } }</span></div>
        };
    };
    match f.kind {
        FieldKind::Toggle => {
            let on = f.value == "true";
            let onchange =
                Callback::from(move |_: Event| on_set.emit((id.clone(), key, (!on).to_string())));
            html! {
                <label class="field toggle">
                    <span class="k">{f.label}</span>
                    <input type="checkbox" checked={on} disabled={props.read_only} data-testid={format!("field-{}", key.as_str())} {onchange} />
                </label>
            }
        }
        FieldKind::Text | FieldKind::ReadOnly => html! {
            <TextField id={id} key_name={key} label={f.label} value={f.value.clone()} read_only={props.read_only}
                suggestion={if key == FieldKey::Cidr { props.suggestion.clone() } else { None }} on_set={on_set}
                validate={props.validate.clone()} />
        },
    }
}

#[derive(Properties, PartialEq)]
struct TextFieldProps {
    id: String,
    key_name: FieldKey,
    label: &'static str,
    value: String,
    read_only: bool,
    suggestion: Option<String>,
    on_set: Callback<(String, FieldKey, String)>,
    validate: Callback<(FieldKey, String), Option<String>>,
}

/// A text field that validates as you type and commits on Enter or when it loses focus.
#[function_component(TextField)]
fn text_field(p: &TextFieldProps) -> Html {
    let draft = use_state(|| p.value.clone());
    // The value the draft started from. A new value from outside (undo, the other side of a
    // live session) replaces the draft only while the user has not typed in it: what they are
    // typing is never swapped under their cursor, and Enter then applies it over the new value.
    let base = use_mut_ref(|| (p.id.clone(), p.value.clone()));
    {
        let (draft, base) = (draft.clone(), base.clone());
        use_effect_with((p.id.clone(), p.value.clone()), move |(id, v)| {
            let (old_id, old) = base.replace((id.clone(), v.clone()));
            if old_id != *id || *draft == old {
                draft.set(v.clone());
            }
        });
    }
    let error = p.validate.emit((p.key_name, (*draft).clone()));
    let oninput = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            draft.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let commit = {
        let (draft, id, key, on_set, value, validate) = (
            draft.clone(),
            p.id.clone(),
            p.key_name,
            p.on_set.clone(),
            p.value.clone(),
            p.validate.clone(),
        );
        move || {
            if *draft != value && validate.emit((key, (*draft).clone())).is_none() {
                on_set.emit((id.clone(), key, (*draft).clone()));
            }
        }
    };
    let onblur = {
        let commit = commit.clone();
        Callback::from(move |_: FocusEvent| commit())
    };
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" {
            commit()
        }
    });
    let suggest = p.suggestion.clone().filter(|s| *s != p.value).map(|s| {
        let (id, key, on_set, s2) = (p.id.clone(), p.key_name, p.on_set.clone(), s.clone());
        html! {
            <button type="button" class="link-btn" data-testid="suggest-cidr" disabled={p.read_only}
                onclick={Callback::from(move |_| on_set.emit((id.clone(), key, s2.clone())))}>
                {format!("Use next free /24: {s}")}
            </button>
        }
    });
    html! {
        <div class={classes!("field", "editable", error.is_some().then_some("invalid"))}>
            <label class="k" for={format!("field-{}", p.key_name.as_str())}>{p.label}</label>
            <div class="v">
                <input id={format!("field-{}", p.key_name.as_str())} data-testid={format!("field-{}", p.key_name.as_str())} type="text" spellcheck="false"
                    value={(*draft).clone()} readonly={p.read_only} aria-invalid={error.is_some().to_string()}
                    {oninput} {onblur} {onkeydown} />
                if let Some(e) = &error { <div class="field-error" role="alert">{e.clone()}</div> }
                { for suggest }
            </div>
        </div>
    }
}
