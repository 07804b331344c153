//! The component palette: drag an item onto the canvas, or press it (click, Enter or Space)
//! to arm it and then click on the canvas to place it. Its Annotate group (note, box, arrow)
//! works the same way; an armed arrow then takes two clicks, its start and its end.

use yew::prelude::*;

use crate::i18n::{tr, use_lang, Lang};
use crate::icons;
use crate::kind::{ComponentKind, KindText};
use crate::t;
use crate::view::AnnotationTool;

/// The MIME type of palette drags; the canvas ignores drags of anything else.
pub const DRAG_MIME: &str = "application/x-stratosim-kind";
/// The prefix of an Annotate item's drag payload (`annotation:note`).
pub const ANNOTATION_PREFIX: &str = "annotation:";

#[derive(Properties, PartialEq)]
pub struct PaletteProps {
    pub armed: Option<ComponentKind>,
    pub on_arm: Callback<Option<ComponentKind>>,
    /// A read-only (shared) design: the items are shown inactive (`aria-disabled`, not
    /// draggable) and nothing can be placed.
    #[prop_or_default]
    pub read_only: bool,
    /// The history is being replayed: inactive like `read_only`, and says why.
    #[prop_or_default]
    pub replaying: bool,
    /// The Annotate tool chosen, if any.
    #[prop_or_default]
    pub annotating: Option<AnnotationTool>,
    #[prop_or_default]
    pub on_annotate: Callback<Option<AnnotationTool>>,
}

/// (the group's message id, its kinds).
const GROUPS: [(&str, &[ComponentKind]); 6] = [
    (
        "palette-group-network",
        &[
            ComponentKind::Vpc,
            ComponentKind::AvailabilityZone,
            ComponentKind::Subnet,
        ],
    ),
    (
        "palette-group-gateways",
        &[
            ComponentKind::InternetGateway,
            ComponentKind::EgressOnlyInternetGateway,
            ComponentKind::NatGateway,
        ],
    ),
    (
        "palette-group-hybrid",
        &[
            ComponentKind::TransitGateway,
            ComponentKind::VpnGateway,
            ComponentKind::CustomerGateway,
            ComponentKind::VpcEndpoint,
        ],
    ),
    (
        "palette-group-compute",
        &[
            ComponentKind::Bastion,
            ComponentKind::Instance,
            ComponentKind::LoadBalancer,
            ComponentKind::Database,
        ],
    ),
    (
        "palette-group-kubernetes",
        &[ComponentKind::KubernetesNode, ComponentKind::Pod],
    ),
    ("palette-group-aws-services", &[ComponentKind::AwsService]),
];

#[function_component(Palette)]
pub fn palette(props: &PaletteProps) -> Html {
    let lang = use_lang();
    let help = if props.replaying {
        t!(lang, "palette-help-replaying")
    } else if props.read_only {
        t!(lang, "palette-help-read-only")
    } else {
        t!(lang, "palette-help")
    };
    html! {
        <aside class={classes!("palette", props.read_only.then_some("read-only"))} data-testid="palette" data-read-only={props.read_only.to_string()} aria-label={t!(lang, "palette")}>
            <h2 class="panel-title">{t!(lang, "palette-title")}</h2>
            { for GROUPS.iter().map(|(title, kinds)| html! {
                <div class="palette-group" role="group" aria-label={tr(lang, title)}>
                    <h3>{tr(lang, title)}</h3>
                    { for kinds.iter().map(|kind| palette_item(lang, *kind, props.armed == Some(*kind), props.read_only, props.on_arm.clone())) }
                </div>
            }) }
            <div class="palette-group" role="group" aria-label={t!(lang, "palette-group-annotate")}>
                <h3>{t!(lang, "palette-group-annotate")}</h3>
                { for AnnotationTool::ALL.iter().map(|tool| annotation_item(lang, *tool, props.annotating == Some(*tool), props.read_only, props.on_annotate.clone())) }
            </div>
            <p class="palette-help" id="palette-help">{help}</p>
        </aside>
    }
}

fn palette_item(
    lang: Lang,
    kind: ComponentKind,
    armed: bool,
    read_only: bool,
    on_arm: Callback<Option<ComponentKind>>,
) -> Html {
    let label = kind.label(lang);
    let ondragstart = Callback::from(move |e: DragEvent| {
        if read_only {
            e.prevent_default();
            return;
        }
        if let Some(dt) = e.data_transfer() {
            let _ = dt.set_data(DRAG_MIME, kind.slug());
            let _ = dt.set_data("text/plain", &kind.label(Lang::En));
            dt.set_effect_allowed("copy");
        }
    });
    let onclick = Callback::from(move |_| {
        if !read_only {
            on_arm.emit(Some(kind));
        }
    });
    html! {
        <button
            type="button"
            class={classes!("palette-item", armed.then_some("armed"))}
            draggable={(!read_only).to_string()}
            // Inactive but still reachable, so a screen reader can say why nothing can be placed.
            aria-disabled={read_only.then_some("true")}
            aria-describedby={read_only.then_some("palette-help")}
            title={kind.hint(lang)}
            aria-pressed={armed.to_string()}
            data-testid={format!("palette-{}", kind.slug())}
            {ondragstart}
            {onclick}
        >
            { icons::icon(kind) }
            <span class={classes!("name")}>{label}</span>
        </button>
    }
}

/// The Annotate group's drawings: a note (a page with a folded corner), a box, an arrow.
fn annotation_glyph(tool: AnnotationTool) -> Html {
    match tool {
        AnnotationTool::Note => html! {
            <path d="M5 3h10l4 4v14H5z M15 3v4h4 M8 11h8 M8 15h6" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round" />
        },
        AnnotationTool::Box => html! {
            <rect x="3.5" y="5.5" width="17" height="13" rx="2" fill="none" stroke="currentColor" stroke-width="1.8" stroke-dasharray="3 2" />
        },
        AnnotationTool::Arrow => html! {
            <path d="M4 18L18 6 M11 6h7v7" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" />
        },
    }
}

fn annotation_item(
    lang: Lang,
    tool: AnnotationTool,
    armed: bool,
    read_only: bool,
    on_annotate: Callback<Option<AnnotationTool>>,
) -> Html {
    let ondragstart = Callback::from(move |e: DragEvent| {
        if read_only {
            e.prevent_default();
            return;
        }
        if let Some(dt) = e.data_transfer() {
            let _ = dt.set_data(DRAG_MIME, &format!("{ANNOTATION_PREFIX}{}", tool.slug()));
            let _ = dt.set_data(
                "text/plain",
                &tr(Lang::En, &format!("annotate-{}", tool.slug())),
            );
            dt.set_effect_allowed("copy");
        }
    });
    let onclick = Callback::from(move |_| {
        if !read_only {
            on_annotate.emit(Some(tool));
        }
    });
    html! {
        <button
            type="button"
            class={classes!("palette-item", "annotate", armed.then_some("armed"))}
            draggable={(!read_only).to_string()}
            aria-disabled={read_only.then_some("true")}
            aria-describedby={read_only.then_some("palette-help")}
            title={tr(lang, &format!("annotate-{}-hint", tool.slug()))}
            aria-pressed={armed.to_string()}
            data-testid={format!("palette-{}", tool.slug())}
            {ondragstart}
            {onclick}
        >
            <svg class={classes!("icon", format!("annotate-{}", tool.slug()))} viewBox="0 0 24 24" aria-hidden="true" focusable="false">{ annotation_glyph(tool) }</svg>
            <span class="name">{tr(lang, &format!("annotate-{}", tool.slug()))}</span>
        </button>
    }
}
