//! Component icons, drawn here as SVG on a 24×24 grid so the palette, the canvas and the
//! exported SVG all use the same shapes and no icon is ever fetched over the network.

use yew::prelude::*;

use crate::kind::ComponentKind;

/// The icon's strokes and fills, to be placed inside an `<svg viewBox="0 0 24 24">` or a
/// scaled `<g>`; colours come from CSS (`currentColor` and the `--icon-*` variables).
pub fn glyph(kind: ComponentKind) -> Html {
    match kind {
        ComponentKind::Vpc => html! {
            <g class="glyph" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round">
                <path d="M7 18h10.5a4 4 0 0 0 .6-7.95A6 6 0 0 0 6.6 9.2 4.4 4.4 0 0 0 7 18z" />
                <rect x="9.5" y="11.5" width="5" height="4" rx="0.6" />
                <path d="M10.5 11.5v-1.2a1.5 1.5 0 0 1 3 0v1.2" />
            </g>
        },
        ComponentKind::AvailabilityZone => html! {
            <g class="glyph" fill="none" stroke="currentColor" stroke-width="1.6">
                <rect x="3" y="4" width="18" height="16" rx="2" stroke-dasharray="3 2" />
                <text x="12" y="15.5" text-anchor="middle" font-size="7" font-weight="700" fill="currentColor" stroke="none">{"AZ"}</text>
            </g>
        },
        ComponentKind::Subnet => html! {
            <g class="glyph" fill="none" stroke="currentColor" stroke-width="1.6">
                <rect x="3" y="5" width="18" height="14" rx="1.5" />
                <path d="M3 9h18" />
                <circle cx="6" cy="7" r="0.8" fill="currentColor" stroke="none" />
                <path d="M7 13h4M7 16h7" />
            </g>
        },
        ComponentKind::InternetGateway => html! {
            <g class="glyph" fill="none" stroke="currentColor" stroke-width="1.6">
                <circle cx="12" cy="12" r="8" />
                <path d="M4 12h16M12 4c2.6 2.3 2.6 13.7 0 16M12 4c-2.6 2.3-2.6 13.7 0 16" />
            </g>
        },
        ComponentKind::NatGateway => html! {
            <g class="glyph" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round">
                <rect x="3" y="3" width="18" height="18" rx="3" />
                <path d="M7 9h9l-2.5-2.5M17 15H8l2.5 2.5" />
            </g>
        },
        ComponentKind::Bastion => html! {
            <g class="glyph" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round">
                <path d="M12 3l7 3v5.5c0 4.4-3 7.9-7 9.5-4-1.6-7-5.1-7-9.5V6z" />
                <circle cx="12" cy="10.5" r="2" />
                <path d="M12 12.5V16M12 14.5h1.6" />
            </g>
        },
        ComponentKind::Instance => html! {
            <g class="glyph" fill="none" stroke="currentColor" stroke-width="1.6">
                <rect x="6" y="6" width="12" height="12" rx="1.5" />
                <rect x="9.5" y="9.5" width="5" height="5" />
                <path d="M9 3v3M12 3v3M15 3v3M9 18v3M12 18v3M15 18v3M3 9h3M3 12h3M3 15h3M18 9h3M18 12h3M18 15h3" />
            </g>
        },
        ComponentKind::LoadBalancer => html! {
            <g class="glyph" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round">
                <circle cx="12" cy="12" r="9" />
                <circle cx="8" cy="12" r="1.4" fill="currentColor" />
                <path d="M9.4 12h6.6M9.2 11.2l5.8-3.7M9.2 12.8l5.8 3.7" />
                <circle cx="16" cy="7.5" r="1" fill="currentColor" /><circle cx="16.5" cy="12" r="1" fill="currentColor" /><circle cx="16" cy="16.5" r="1" fill="currentColor" />
            </g>
        },
        ComponentKind::Database => html! {
            <g class="glyph" fill="none" stroke="currentColor" stroke-width="1.6">
                <ellipse cx="12" cy="6" rx="7" ry="2.6" />
                <path d="M5 6v12c0 1.4 3.1 2.6 7 2.6s7-1.2 7-2.6V6M5 12c0 1.4 3.1 2.6 7 2.6s7-1.2 7-2.6" />
            </g>
        },
        ComponentKind::KubernetesNode => html! {
            <g class="glyph" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round">
                <path d="M12 2.8l8 4.6v9.2l-8 4.6-8-4.6V7.4z" />
                <circle cx="12" cy="12" r="2.2" />
                <path d="M12 5.8v4M12 14.2v4M6.7 8.9l3.4 2M13.9 13.1l3.4 2M6.7 15.1l3.4-2M13.9 10.9l3.4-2" />
            </g>
        },
        ComponentKind::Pod => html! {
            <g class="glyph" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round">
                <path d="M12 3l8 4.5-8 4.5-8-4.5z" />
                <path d="M4 7.5v9l8 4.5 8-4.5v-9M12 12v9" />
            </g>
        },
        // A service of the Region, outside the VPCs: a cloud holding three service boxes.
        ComponentKind::AwsService => html! {
            <g class="glyph" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round">
                <path d="M6.5 18.5h11a4.2 4.2 0 0 0 .7-8.35A6.2 6.2 0 0 0 6.1 9.3a4.6 4.6 0 0 0 .4 9.2z" />
                <rect x="7.2" y="12.6" width="2.8" height="2.8" rx="0.5" fill="currentColor" stroke="none" />
                <rect x="10.6" y="12.6" width="2.8" height="2.8" rx="0.5" fill="currentColor" stroke="none" />
                <rect x="14" y="12.6" width="2.8" height="2.8" rx="0.5" fill="currentColor" stroke="none" />
            </g>
        },
        ComponentKind::TransitGateway => html! {
            <g class="glyph" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round">
                <circle cx="12" cy="12" r="3.2" />
                <path d="M12 3v5.8M12 15.2V21M3 12h5.8M15.2 12H21M5.6 5.6l4.1 4.1M14.3 14.3l4.1 4.1M5.6 18.4l4.1-4.1M14.3 9.7l4.1-4.1" />
            </g>
        },
        ComponentKind::TransitGatewayAttachment => html! {
            <g class="glyph" fill="none" stroke="currentColor" stroke-width="2">
                <circle cx="12" cy="12" r="5" />
                <circle cx="12" cy="12" r="1.5" fill="currentColor" stroke="none" />
            </g>
        },
        ComponentKind::VpnGateway => html! {
            <g class="glyph" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round">
                <rect x="5" y="10.5" width="14" height="10" rx="2" />
                <path d="M8 10.5V8a4 4 0 0 1 8 0v2.5" />
                <circle cx="12" cy="15.5" r="1.4" fill="currentColor" stroke="none" />
            </g>
        },
        ComponentKind::VpnConnection => html! {
            <g class="glyph" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round">
                <path d="M3 9h18M3 15h18" stroke-dasharray="3 2.5" />
                <rect x="9" y="7" width="6" height="10" rx="1.5" />
            </g>
        },
        ComponentKind::CustomerGateway => html! {
            <g class="glyph" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round">
                <path d="M4 20V9l8-5 8 5v11z" />
                <rect x="9" y="13" width="6" height="7" />
            </g>
        },
        ComponentKind::OnPremises => html! {
            <g class="glyph" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round">
                <path d="M3 21V8h7v13M10 21V3h11v18M3 21h18" />
                <path d="M13 7h2M17 7h1M13 11h2M17 11h1M13 15h2M17 15h1M5.5 12h2M5.5 16h2" />
            </g>
        },
        ComponentKind::EgressOnlyInternetGateway => html! {
            <g class="glyph" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round">
                <circle cx="11" cy="12" r="7.5" />
                <path d="M3.5 12h15M11 4.5c2.4 2.2 2.4 12.8 0 15" />
                <path d="M16 6.5l4.5-2.5M20.5 4v3.6M20.5 4h-3.6" />
            </g>
        },
        ComponentKind::VpcEndpoint => html! {
            <g class="glyph" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round">
                <rect x="3" y="7" width="11" height="10" rx="2" />
                <path d="M14 12h4M18 9v6M21 10v4" />
                <circle cx="8.5" cy="12" r="1.6" fill="currentColor" stroke="none" />
            </g>
        },
        // Parts a trace passes through are never drawn as shapes: a plain dot.
        _ => html! {
            <g class="glyph" fill="currentColor"><circle cx="12" cy="12" r="3" /></g>
        },
    }
}

/// A standalone icon for lists and buttons.
pub fn icon(kind: ComponentKind) -> Html {
    html! {
        <svg class={classes!("icon", format!("kind-{}", kind.slug()))} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            { glyph(kind) }
        </svg>
    }
}

/// The playback controls of the tracer and the cluster timeline, drawn as SVG so they never
/// depend on a font having ⏮/◀/▶ glyphs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Control {
    First,
    Back,
    Forward,
}

/// A control icon (decorative: its button carries the accessible name).
pub fn control(c: Control) -> Html {
    let path = match c {
        Control::First => "M7 6v12M18 6l-8 6 8 6z",
        Control::Back => "M16 6l-8 6 8 6z",
        Control::Forward => "M8 6l8 6-8 6z",
    };
    html! {
        <svg class="icon control" data-control={format!("{c:?}").to_lowercase()} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d={path} fill="currentColor" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round" />
        </svg>
    }
}
