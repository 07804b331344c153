//! The SVG canvas: draws the design's shapes, takes drops from the palette and clicks for
//! selection and click-to-place. Coordinates are converted from screen to design space
//! here and nowhere else.

use web_sys::Element;
use yew::prelude::*;

use crate::components::palette::DRAG_MIME;
use crate::icons;
use crate::kind::ComponentKind;
use crate::state::editor::Viewport;
use crate::view::{Shape, Tier};

#[derive(Properties, PartialEq)]
pub struct CanvasProps {
    pub shapes: Vec<Shape>,
    pub selected: Option<String>,
    pub armed: Option<ComponentKind>,
    pub viewport: Viewport,
    pub notice: Option<String>,
    pub on_select: Callback<Option<String>>,
    pub on_place: Callback<(ComponentKind, f64, f64)>,
    pub on_zoom: Callback<f64>,
    pub on_reset_view: Callback<()>,
    /// Asks for the viewport that fits the design into the canvas (width, height in pixels).
    pub on_fit: Callback<(f64, f64)>,
    pub on_dismiss_notice: Callback<()>,
}

/// Screen point → design point, given the canvas element and the viewport.
fn to_design(svg: &NodeRef, viewport: Viewport, client_x: i32, client_y: i32) -> Option<(f64, f64)> {
    let el = svg.cast::<Element>()?;
    let r = el.get_bounding_client_rect();
    Some((
        (client_x as f64 - r.left()) / viewport.zoom + viewport.x,
        (client_y as f64 - r.top()) / viewport.zoom + viewport.y,
    ))
}

#[function_component(Canvas)]
pub fn canvas(props: &CanvasProps) -> Html {
    let svg_ref = use_node_ref();
    let drag_over = use_state(|| false);
    let vp = props.viewport;

    // Fit the design to the canvas once it has a size, so a loaded design is never cropped.
    {
        let svg_ref = svg_ref.clone();
        let on_fit = props.on_fit.clone();
        use_effect_with((), move |_| {
            if let Some(el) = svg_ref.cast::<Element>() {
                on_fit.emit((el.client_width() as f64, el.client_height() as f64));
            }
        });
    }
    let fit_click = {
        let svg_ref = svg_ref.clone();
        let on_fit = props.on_fit.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(el) = svg_ref.cast::<Element>() {
                on_fit.emit((el.client_width() as f64, el.client_height() as f64));
            }
        })
    };

    let ondragover = {
        let drag_over = drag_over.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if let Some(dt) = e.data_transfer() {
                dt.set_drop_effect("copy");
            }
            if !*drag_over {
                drag_over.set(true);
            }
        })
    };
    let ondragleave = {
        let drag_over = drag_over.clone();
        Callback::from(move |_: DragEvent| drag_over.set(false))
    };
    let ondrop = {
        let svg_ref = svg_ref.clone();
        let on_place = props.on_place.clone();
        let drag_over = drag_over.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            drag_over.set(false);
            let Some(dt) = e.data_transfer() else { return };
            let Some(kind) = dt.get_data(DRAG_MIME).ok().and_then(|s| ComponentKind::from_slug(&s)) else { return };
            if let Some((x, y)) = to_design(&svg_ref, vp, e.client_x(), e.client_y()) {
                on_place.emit((kind, x, y));
            }
        })
    };
    let onclick = {
        let svg_ref = svg_ref.clone();
        let on_place = props.on_place.clone();
        let on_select = props.on_select.clone();
        let armed = props.armed;
        Callback::from(move |e: MouseEvent| match armed {
            Some(kind) => {
                if let Some((x, y)) = to_design(&svg_ref, vp, e.client_x(), e.client_y()) {
                    on_place.emit((kind, x, y));
                }
            }
            None => on_select.emit(None),
        })
    };

    // Containers first (largest underneath), then leaves on top.
    let mut order: Vec<&Shape> = props.shapes.iter().collect();
    order.sort_by(|a, b| {
        b.kind.is_container().cmp(&a.kind.is_container()).then(b.rect.area().total_cmp(&a.rect.area()))
    });

    let transform = format!("translate({} {}) scale({})", -vp.x * vp.zoom, -vp.y * vp.zoom, vp.zoom);
    let zoom_in = props.on_zoom.reform(|_: MouseEvent| 1.2);
    let zoom_out = props.on_zoom.reform(|_: MouseEvent| 1.0 / 1.2);
    let reset = props.on_reset_view.reform(|_: MouseEvent| ());
    let dismiss = props.on_dismiss_notice.reform(|_: MouseEvent| ());

    html! {
        <main class="canvas-wrap">
            <svg
                ref={svg_ref}
                class={classes!("canvas", drag_over.then_some("drop-target"), props.armed.map(|_| "placing"))}
                data-testid="canvas"
                role="application"
                aria-label="Design canvas"
                xmlns="http://www.w3.org/2000/svg"
                {ondragover} {ondragleave} {ondrop} {onclick}
            >
                <defs>
                    <pattern id="grid" width="20" height="20" patternUnits="userSpaceOnUse">
                        <path d="M20 0H0V20" fill="none" stroke="var(--grid)" stroke-width="1" />
                    </pattern>
                </defs>
                <g transform={transform}>
                    <rect x="-5000" y="-5000" width="10000" height="10000" fill="url(#grid)" />
                    { for order.into_iter().map(|s| shape_view(s, props.selected.as_deref() == Some(s.id.as_str()), &props.on_select)) }
                </g>
            </svg>
            if let Some(notice) = &props.notice {
                <div class="canvas-toast" role="status" data-testid="canvas-notice" onclick={dismiss}>{notice.clone()}</div>
            }
            <div class="canvas-toolbar" role="toolbar" aria-label="View">
                <button type="button" class="btn icon-only" title="Zoom out" aria-label="Zoom out" onclick={zoom_out}>{"−"}</button>
                <button type="button" class="btn" title="Reset zoom" aria-label="Reset zoom" onclick={reset}>{format!("{:.0}%", vp.zoom * 100.0)}</button>
                <button type="button" class="btn icon-only" title="Zoom in" aria-label="Zoom in" onclick={zoom_in}>{"+"}</button>
                <button type="button" class="btn" title="Fit the design to the screen" data-testid="fit-to-screen" onclick={fit_click}>{"Fit"}</button>
            </div>
        </main>
    }
}

fn shape_view(s: &Shape, selected: bool, on_select: &Callback<Option<String>>) -> Html {
    let id = s.id.clone();
    let on_select = on_select.clone();
    let onclick = Callback::from(move |e: MouseEvent| {
        e.stop_propagation();
        on_select.emit(Some(id.clone()));
    });
    let tier = match s.tier {
        Some(Tier::Public) => Some("public"),
        Some(Tier::Private) => Some("private"),
        None => None,
    };
    let class = classes!("shape", s.kind.slug(), tier, selected.then_some("selected"));
    let r = s.rect;
    let label = format!("{}: {}", s.kind.label(), s.label);
    if s.kind.is_container() {
        html! {
            <g {class} data-testid={format!("shape-{}", s.id)} data-kind={s.kind.slug()} {onclick} role="button" aria-label={label} tabindex="0">
                <rect class="box" x={r.x.to_string()} y={r.y.to_string()} width={r.w.to_string()} height={r.h.to_string()} rx="10" />
                <svg x={(r.x + 10.0).to_string()} y={(r.y + 8.0).to_string()} width="18" height="18" viewBox="0 0 24 24" class={format!("kind-{}", s.kind.slug())}>{ icons::glyph(s.kind) }</svg>
                <text class="title" x={(r.x + 34.0).to_string()} y={(r.y + 22.0).to_string()}>{s.label.clone()}</text>
                <text class="subtitle" x={(r.x + 34.0).to_string()} y={(r.y + 38.0).to_string()}>{s.detail.clone()}</text>
                if let Some(t) = tier {
                    <text class="tier-tag title" x={(r.x + r.w - 12.0).to_string()} y={(r.y + 22.0).to_string()} text-anchor="end">{t.to_uppercase()}</text>
                }
            </g>
        }
    } else {
        let cx = r.x + r.w / 2.0;
        html! {
            <g {class} data-testid={format!("shape-{}", s.id)} data-kind={s.kind.slug()} {onclick} role="button" aria-label={label} tabindex="0">
                <rect class="tile" x={r.x.to_string()} y={r.y.to_string()} width={r.w.to_string()} height={r.h.to_string()} rx="10" />
                <svg x={(r.x + r.w * 0.18).to_string()} y={(r.y + r.h * 0.18).to_string()} width={(r.w * 0.64).to_string()} height={(r.h * 0.64).to_string()} viewBox="0 0 24 24" class={format!("kind-{}", s.kind.slug())}>{ icons::glyph(s.kind) }</svg>
                <text class="leaf-label" x={cx.to_string()} y={(r.y + r.h + 15.0).to_string()} text-anchor="middle">{s.label.clone()}</text>
                <text class="leaf-sub" x={cx.to_string()} y={(r.y + r.h + 28.0).to_string()} text-anchor="middle">{s.detail.clone()}</text>
                { for s.badges.iter().enumerate().map(|(i, b)| {
                    let w = 10.0 + b.chars().count() as f64 * 6.2;
                    let y = r.y + r.h + 34.0 + i as f64 * 18.0;
                    html! {
                        <g class="badge">
                            <rect x={(cx - w / 2.0).to_string()} y={y.to_string()} width={w.to_string()} height="15" rx="7.5" />
                            <text x={cx.to_string()} y={(y + 11.0).to_string()} text-anchor="middle">{b.clone()}</text>
                        </g>
                    }
                }) }
            </g>
        }
    }
}
