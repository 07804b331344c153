//! The properties panel: every field of the selected component, editable where the model
//! allows, with live validation (from `sim`, through the `validate` callback) and suggestions.
//! A selected note, box or arrow shows its own panel: its text or label, an arrow's ends,
//! and Delete.

use sim::network::annotation::{End, Which, MAX_LABEL, MAX_TEXT};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use sim::network::msg::Text;

use crate::components::annotations::accessible_name;
use crate::i18n::{edits, text, tr, tr_args, use_lang, FluentArgs, Lang};
use crate::icons;
use crate::kind::KindText;
use crate::t;
use crate::view::{AnnotationShape, AnnotationTool, ArrowEnd, Field, FieldKey, FieldKind, Shape};

#[derive(Properties, PartialEq)]
pub struct PropertiesProps {
    pub selected: Option<Shape>,
    /// How many components are selected (the panel shows one; it says when there are more).
    pub selection_len: usize,
    /// A suggested CIDR for the selected subnet ("next free /24").
    pub suggestion: Option<String>,
    /// The next free IPv6 /64 of the selected subnet's VPC (`sim::network::cidr6`).
    #[prop_or_default]
    pub suggestion_ipv6: Option<String>,
    pub read_only: bool,
    pub on_set_field: Callback<(String, FieldKey, String)>,
    /// Why AWS would refuse this value for this field, if it would (`sim`'s sentence, worded
    /// here in the UI's language).
    pub validate: Callback<(FieldKey, String), Option<Text>>,
    /// The selected note, box or arrow (when one alone is selected).
    #[prop_or_default]
    pub annotation: Option<AnnotationShape>,
    /// What an arrow end can be attached to: (id, words), in canvas order.
    #[prop_or_default]
    pub targets: Vec<(String, String)>,
    #[prop_or_default]
    pub on_set_text: Callback<(String, String)>,
    #[prop_or_default]
    pub on_set_end: Callback<(String, Which, End)>,
    #[prop_or_default]
    pub on_delete: Callback<()>,
}

#[function_component(PropertiesPanel)]
pub fn properties_panel(props: &PropertiesProps) -> Html {
    let lang = use_lang();
    let title = t!(lang, "properties");
    if let Some(a) = &props.annotation {
        return html! {
            <aside class="properties" data-testid="properties" aria-label={title.clone()}>
                <h2 class="panel-title">{title}</h2>
                <AnnotationPanel key={a.id.clone()} annotation={a.clone()} targets={props.targets.clone()} read_only={props.read_only}
                    on_set_text={props.on_set_text.clone()} on_set_end={props.on_set_end.clone()} on_delete={props.on_delete.clone()} />
            </aside>
        };
    }
    html! {
        <aside class="properties" data-testid="properties" aria-label={title.clone()}>
            <h2 class="panel-title">{title}</h2>
            { match &props.selected {
                None if props.selection_len > 1 => html! { <p class="empty-note">{t!(lang, "props-selected-many", count = props.selection_len)}</p> },
                None => html! { <p class="empty-note">{t!(lang, "props-select-one")}</p> },
                Some(s) => html! {
                    <div class="props-body" key={s.id.clone()}>
                        <div class="props-header">
                            { icons::icon(s.kind) }
                            <div>
                                <div class="kind">{s.kind.label(lang)}</div>
                                <div class="name" data-testid="props-name">{s.label.clone()}</div>
                            </div>
                        </div>
                        <div class="field"><span class="k">{t!(lang, "props-id")}</span><span class="v">{s.id.clone()}</span></div>
                        { for s.fields.iter().map(|f| field_row(s, f, props, lang)) }
                    </div>
                },
            } }
        </aside>
    }
}

/// What a read-only row shows: its words in `lang`, its value, or a dash for nothing.
fn shown_value(f: &Field, lang: Lang) -> String {
    match &f.words {
        Some(w) => {
            let mut args = FluentArgs::new();
            for (k, v) in &w.args {
                args.set(*k, text(v.as_str()));
            }
            tr_args(lang, w.id, Some(&args))
        }
        None if f.value.is_empty() => "—".to_string(),
        None => f.value.clone(),
    }
}

fn field_row(shape: &Shape, f: &Field, props: &PropertiesProps, lang: Lang) -> Html {
    let id = shape.id.clone();
    let on_set = props.on_set_field.clone();
    let editable = f.key.filter(|_| f.kind != FieldKind::ReadOnly);
    let label = tr(lang, f.label);
    let Some(key) = editable else {
        // `data-label` stays English whatever the language: tests and styles hook on it.
        return html! {
            <div class="field" data-testid="field-shown" data-label={tr(Lang::En, f.label)}><span class="k">{label}</span><span class="v">{shown_value(f, lang)}</span></div>
        };
    };
    match f.kind {
        FieldKind::Toggle => {
            let on = f.value == "true";
            let onchange =
                Callback::from(move |_: Event| on_set.emit((id.clone(), key, (!on).to_string())));
            html! {
                <label class="field toggle">
                    <span class="k">{label}</span>
                    <input type="checkbox" checked={on} disabled={props.read_only} data-testid={format!("field-{}", key.as_str())} {onchange} />
                </label>
            }
        }
        FieldKind::Select(options) => {
            let onchange = Callback::from(move |e: Event| {
                let v = e
                    .target_unchecked_into::<web_sys::HtmlSelectElement>()
                    .value();
                on_set.emit((id.clone(), key, v));
            });
            html! {
                <label class="field select">
                    <span class="k">{label}</span>
                    <select disabled={props.read_only} data-testid={format!("field-{}", key.as_str())} {onchange}>
                        { for options.iter().map(|(value, shown)| html! {
                            <option value={*value} selected={f.value == *value}>{*shown}</option>
                        }) }
                    </select>
                </label>
            }
        }
        FieldKind::Text | FieldKind::ReadOnly => html! {
            <TextField id={id} key_name={key} {label} value={f.value.clone()} read_only={props.read_only}
                suggestion={match key { FieldKey::Cidr => props.suggestion.clone(), FieldKey::Ipv6Cidr => props.suggestion_ipv6.clone(), _ => None }} on_set={on_set}
                validate={props.validate.clone()} />
        },
    }
}

#[derive(Properties, PartialEq)]
struct TextFieldProps {
    id: String,
    key_name: FieldKey,
    label: String,
    value: String,
    read_only: bool,
    suggestion: Option<String>,
    on_set: Callback<(String, FieldKey, String)>,
    validate: Callback<(FieldKey, String), Option<Text>>,
}

/// A text field that validates as you type and commits on Enter or when it loses focus.
#[function_component(TextField)]
fn text_field(p: &TextFieldProps) -> Html {
    let lang = use_lang();
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
    let error = p
        .validate
        .emit((p.key_name, (*draft).clone()))
        .map(|t| edits::sim_text(lang, &t));
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
            <button type="button" class="link-btn" data-testid={if key == FieldKey::Ipv6Cidr { "suggest-ipv6-cidr" } else { "suggest-cidr" }} disabled={p.read_only}
                onclick={Callback::from(move |_| on_set.emit((id.clone(), key, s2.clone())))}>
                { if key == FieldKey::Ipv6Cidr { t!(lang, "props-use-next-free-64", cidr = s.clone()) } else { t!(lang, "props-use-next-free", cidr = s.clone()) } }
            </button>
        }
    });
    html! {
        <div class={classes!("field", "editable", error.is_some().then_some("invalid"))}>
            <label class="k" for={format!("field-{}", p.key_name.as_str())}>{p.label.clone()}</label>
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

#[derive(Properties, PartialEq)]
struct AnnotationPanelProps {
    annotation: AnnotationShape,
    targets: Vec<(String, String)>,
    read_only: bool,
    on_set_text: Callback<(String, String)>,
    on_set_end: Callback<(String, Which, End)>,
    on_delete: Callback<()>,
}

/// A note's text or a box's or an arrow's label (committed when the field loses focus or on
/// Ctrl+Enter, so one edit is one undo step), an arrow's From and To, and Delete.
#[function_component(AnnotationPanel)]
fn annotation_panel(p: &AnnotationPanelProps) -> Html {
    let lang = use_lang();
    let a = &p.annotation;
    let draft = use_state(|| a.text.clone());
    // As in `TextField`: a new value from outside replaces the draft only while the user has
    // not typed in it.
    let base = use_mut_ref(|| a.text.clone());
    {
        let (draft, base) = (draft.clone(), base.clone());
        use_effect_with(a.text.clone(), move |v| {
            let old = base.replace(v.clone());
            if *draft == old {
                draft.set(v.clone());
            }
        });
    }
    let (max, label_id) = match a.tool {
        AnnotationTool::Note => (MAX_TEXT, "annotate-text"),
        _ => (MAX_LABEL, "annotate-label"),
    };
    let count = draft.chars().count();
    let too_long = count > max;
    let commit = {
        let (draft, id, on_set, value) = (
            draft.clone(),
            a.id.clone(),
            p.on_set_text.clone(),
            a.text.clone(),
        );
        move || {
            if *draft != value && draft.chars().count() <= max {
                on_set.emit((id.clone(), (*draft).clone()));
            }
        }
    };
    let oninput = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            draft.set(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    let onblur = {
        let commit = commit.clone();
        Callback::from(move |_: FocusEvent| commit())
    };
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) {
            e.prevent_default();
            commit()
        }
    });
    let kind = tr(lang, &format!("annotate-{}", a.tool.slug()));
    let end_select = |which: Which, end: &ArrowEnd| {
        let (id, on_set) = (a.id.clone(), p.on_set_end.clone());
        let point = end.point;
        let onchange = Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            let end = if v.is_empty() {
                End::Point {
                    x: point.0,
                    y: point.1,
                }
            } else {
                End::Attached(v)
            };
            on_set.emit((id.clone(), which, end));
        });
        let (slug, label) = match which {
            Which::From => ("from", t!(lang, "annotate-from")),
            Which::To => ("to", t!(lang, "annotate-to")),
        };
        let current = end.target.clone().unwrap_or_default();
        html! {
            <div class="field editable">
                <label class="k" for={format!("annotation-{slug}")}>{label}</label>
                <div class="v">
                    <select id={format!("annotation-{slug}")} data-testid={format!("annotation-{slug}")} disabled={p.read_only} {onchange}>
                        <option value="" selected={current.is_empty()}>{t!(lang, "annotate-end-point")}</option>
                        { for p.targets.iter().filter(|(t, _)| *t != a.id).map(|(t, name)| html! {
                            <option value={t.clone()} selected={*t == current}>{format!("{name} ({t})")}</option>
                        }) }
                    </select>
                </div>
            </div>
        }
    };
    html! {
        <div class="props-body annotation-props" data-testid="annotation-props">
            <div class="props-header">
                <div>
                    <div class="kind">{kind}</div>
                    <div class="name" data-testid="props-name">{accessible_name(lang, a)}</div>
                </div>
            </div>
            <div class="field"><span class="k">{t!(lang, "props-id")}</span><span class="v">{a.id.clone()}</span></div>
            <div class={classes!("field", "editable", too_long.then_some("invalid"))}>
                <label class="k" for="annotation-text">{tr(lang, label_id)}</label>
                <div class="v">
                    <textarea id="annotation-text" data-testid="annotation-text" rows={if a.tool == AnnotationTool::Note { "6" } else { "2" }}
                        value={(*draft).clone()} readonly={p.read_only} aria-invalid={too_long.to_string()} aria-describedby="annotation-count"
                        {oninput} {onblur} {onkeydown} />
                    <div id="annotation-count" class={classes!("field-hint", too_long.then_some("field-error"))} role={too_long.then_some("alert")}>
                        {t!(lang, "annotate-count", count = count, max = max)}
                    </div>
                </div>
            </div>
            if let Some((from, to)) = &a.ends {
                { end_select(Which::From, from) }
                { end_select(Which::To, to) }
            }
            <button type="button" class="btn danger" data-testid="annotation-delete" disabled={p.read_only}
                onclick={p.on_delete.reform(|_| ())}>{t!(lang, "annotate-delete")}</button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn a_read_only_row_shows_its_words_in_the_language_and_its_data_as_it_is() {
        let note = Field::say(
            "prop-default-group",
            "prop-default-group-note",
            &[("name", "default"), ("id", "sg-1")],
        );
        let cases = [
            (
                Field::show_or_none("prop-route-table", None),
                "none",
                "없음",
            ),
            (
                Field::show_or_none("prop-route-table", Some("rtb-public")),
                "rtb-public",
                "rtb-public",
            ),
            (Field::show("prop-private-ip", ""), "—", "—"),
            (
                Field::say("prop-tier", "prop-tier-public", &[]),
                "public (routes to an internet gateway)",
                "퍼블릭 (인터넷 게이트웨이로 라우팅됨)",
            ),
        ];
        for (f, en, ko) in cases {
            assert_eq!(shown_value(&f, Lang::En), en, "{f:?}");
            assert_eq!(shown_value(&f, Lang::Ko), ko, "{f:?}");
        }
        assert!(shown_value(&note, Lang::En).starts_with(
            "In default (sg-1), the VPC's default group, given to every new instance"
        ));
        assert!(shown_value(&note, Lang::Ko).starts_with("VPC의 기본 그룹인 default (sg-1)에"));
        assert_eq!(tr(Lang::Ko, note.label), "기본 그룹");
        assert_eq!(tr(Lang::En, note.label), "Default group");
    }
}
