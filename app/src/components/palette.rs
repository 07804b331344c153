//! The component palette: drag an item onto the canvas, or press it (click, Enter or Space)
//! to arm it and then click on the canvas to place it.

use yew::prelude::*;

use crate::i18n::{tr, use_lang, Lang};
use crate::icons;
use crate::kind::{ComponentKind, KindText};
use crate::t;

/// The MIME type of palette drags; the canvas ignores drags of anything else.
pub const DRAG_MIME: &str = "application/x-stratosim-kind";

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
}

/// (the group's message id, its kinds).
const GROUPS: [(&str, &[ComponentKind]); 5] = [
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
