//! The reachability matrix: sources × destinations × ports, each cell coloured and opening its
//! trace. A cluster design holds a hundred pods and more, so the table can reach tens of
//! thousands of cells; only the cells the scrolled viewport shows (plus a margin) are in the
//! DOM. Rows and destination groups have fixed sizes so the window is arithmetic, and spacer
//! rows and columns keep the scroll extent of the whole table. The header row and the source
//! column stay in place while scrolling. The arrow keys move between cells (one tab stop for the
//! table, as the ARIA grid pattern has it) and scroll what they reach into view; a filter narrows
//! rows and columns to the endpoints whose name contains its text.

use std::ops::Range;
use std::rc::Rc;

use sim::network::Matrix;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::i18n::use_lang;
pub use crate::state::trace::{FlowForm, MatrixQuery};
use crate::t;

/// Height of a body row, px (kept equal to `.matrix tbody tr` in style.css).
pub const ROW_H: f64 = 26.0;
/// Width of one port column, px.
pub const CELL_W: f64 = 30.0;
/// A destination's columns are at least this wide together, so its name has room.
pub const MIN_GROUP_W: f64 = 96.0;
/// Width of the source-name column, px.
pub const SRC_W: f64 = 170.0;
/// Height of the two header rows together, px.
pub const HEAD_H: f64 = 48.0;
/// Rows and destination groups rendered beyond each edge of the viewport.
const OVERSCAN: usize = 6;

/// The items of size `item` (of `count`) that a viewport of `viewport` px scrolled to `offset`
/// px shows, with `overscan` more on each side. Arithmetic only, so the window is known before
/// anything is rendered.
pub fn visible(
    offset: f64,
    viewport: f64,
    item: f64,
    count: usize,
    overscan: usize,
) -> Range<usize> {
    if count == 0 || item <= 0.0 {
        return 0..0;
    }
    let offset = offset.max(0.0);
    let first = ((offset / item).floor() as usize).min(count);
    let last = (((offset + viewport.max(0.0)) / item).ceil() as usize).min(count);
    first.saturating_sub(overscan)..(last + overscan).min(count)
}

/// Width of one destination's group of port columns.
pub fn group_width(ports: usize) -> f64 {
    (ports as f64 * CELL_W).max(MIN_GROUP_W)
}

/// Which rows and destination groups are rendered.
#[derive(Clone, Debug, PartialEq)]
struct Window {
    rows: Range<usize>,
    dests: Range<usize>,
}

/// The scroll position of the matrix's scroll box, and the browser window's size: the box is
/// never taller or wider than the window, so rendering for the window's size covers the box
/// whatever the panel splitter does, without observing the box itself.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Viewport {
    top: f64,
    left: f64,
    height: f64,
    width: f64,
}

impl Viewport {
    fn of(el: Option<HtmlElement>) -> Viewport {
        let window = web_sys::window();
        let size = |v: Option<Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>>| {
            v.and_then(|v| v.ok())
                .and_then(|v| v.as_f64())
                .unwrap_or(1200.0)
        };
        let height = size(window.as_ref().map(|w| w.inner_height()));
        let width = size(window.as_ref().map(|w| w.inner_width()));
        let (top, left) = el
            .map(|el| (el.scroll_top() as f64, el.scroll_left() as f64))
            .unwrap_or_default();
        Viewport {
            top,
            left,
            height,
            width,
        }
    }

    fn window(&self, rows: usize, dests: usize, ports: usize) -> Window {
        Window {
            rows: visible(self.top - HEAD_H, self.height, ROW_H, rows, OVERSCAN),
            dests: visible(
                self.left - SRC_W,
                self.width,
                group_width(ports),
                dests,
                OVERSCAN / 2,
            ),
        }
    }
}

/// Indices of `ids` whose id or label contains `needle` (case-insensitive); all when empty.
pub fn filtered(ids: &[String], label: &dyn Fn(&str) -> String, needle: &str) -> Vec<usize> {
    let needle = needle.trim().to_lowercase();
    ids.iter()
        .enumerate()
        .filter(|(_, id)| {
            needle.is_empty()
                || id.to_lowercase().contains(&needle)
                || label(id).to_lowercase().contains(&needle)
        })
        .map(|(i, _)| i)
        .collect()
}

/// The cell the arrow key `key` leads to from (row, column) in a grid of `rows` × `cols`, or
/// `None` for another key or at the edge.
pub fn step(key: &str, (r, c): (usize, usize), rows: usize, cols: usize) -> Option<(usize, usize)> {
    let next = match key {
        "ArrowUp" => (r.checked_sub(1)?, c),
        "ArrowDown" => (r + 1, c),
        "ArrowLeft" => (r, c.checked_sub(1)?),
        "ArrowRight" => (r, c + 1),
        "Home" => (r, 0),
        "End" => (r, cols.checked_sub(1)?),
        _ => return None,
    };
    (next.0 < rows && next.1 < cols).then_some(next)
}

#[derive(Properties, PartialEq)]
pub struct MatrixProps {
    pub query: MatrixQuery,
    pub result: Rc<Result<Matrix, String>>,
    /// Labels of the endpoints.
    pub endpoints: Rc<Vec<(String, String)>>,
    /// Another protocol or other ports.
    pub on_query: Callback<MatrixQuery>,
    /// Open the trace of a cell: (from, to, protocol, port).
    pub on_open: Callback<FlowForm>,
}

/// Sources × destinations for chosen ports; each cell is coloured and opens its trace.
#[function_component(MatrixView)]
pub fn matrix_view(p: &MatrixProps) -> Html {
    let lang = use_lang();
    let wrap = use_node_ref();
    let viewport = use_state_eq(|| Viewport::of(None));
    let filter = use_state(String::new);
    // The cell that holds the table's tab stop, as (visible row, visible column), and whether
    // the arrow keys just moved there (then it is focused once rendered).
    let focus = use_state_eq(|| ((0usize, 0usize), false));
    let (protocol, ports) = (&p.query.protocol, &p.query.ports);
    let on_ports = {
        let (q, on_query) = (p.query.clone(), p.on_query.clone());
        Callback::from(move |e: Event| {
            on_query.emit(MatrixQuery {
                ports: e.target_unchecked_into::<HtmlInputElement>().value(),
                ..q.clone()
            })
        })
    };
    let on_protocol = {
        let (q, on_query) = (p.query.clone(), p.on_query.clone());
        Callback::from(move |e: Event| {
            on_query.emit(MatrixQuery {
                protocol: e.target_unchecked_into::<HtmlSelectElement>().value(),
                ..q.clone()
            })
        })
    };
    let on_filter = {
        let (filter, focus) = (filter.clone(), focus.clone());
        Callback::from(move |e: InputEvent| {
            filter.set(e.target_unchecked_into::<HtmlInputElement>().value());
            focus.set(((0, 0), false));
        })
    };
    let on_scroll = {
        let (wrap, viewport) = (wrap.clone(), viewport.clone());
        Callback::from(move |_: Event| viewport.set(Viewport::of(wrap.cast::<HtmlElement>())))
    };
    // Measure once laid out and whenever the browser window changes size.
    {
        let (wrap, viewport) = (wrap.clone(), viewport.clone());
        use_effect_with(p.result.clone(), move |_| {
            viewport.set(Viewport::of(wrap.cast::<HtmlElement>()));
            let listener = web_sys::window().map(|w| {
                let wrap = wrap.clone();
                gloo::events::EventListener::new(&w, "resize", move |_| {
                    viewport.set(Viewport::of(wrap.cast::<HtmlElement>()))
                })
            });
            move || drop(listener)
        });
    }
    // After an arrow key: focus the cell it reached, now that it is rendered.
    {
        let (wrap, focus) = (wrap.clone(), focus.clone());
        use_effect(move || {
            let ((r, c), moved) = *focus;
            if moved {
                if let Some(el) = wrap.cast::<web_sys::Element>().and_then(|w| {
                    w.query_selector(&format!("td[data-r=\"{r}\"][data-c=\"{c}\"] button"))
                        .ok()
                        .flatten()
                }) {
                    if let Ok(b) = wasm_bindgen::JsCast::dyn_into::<HtmlElement>(el) {
                        let _ = b.focus();
                    }
                }
                focus.set(((r, c), false));
            }
        });
    }
    let names: std::collections::BTreeMap<&str, &str> = p
        .endpoints
        .iter()
        .map(|(id, label)| (id.as_str(), label.as_str()))
        .collect();
    let name = |id: &str| match names.get(id) {
        Some(l) => crate::components::traces::endpoint_label(lang, id, l),
        None => id.to_string(),
    };
    let (open_ok, open_bad): (AttrValue, AttrValue) = (
        t!(lang, "matrix-open-reachable").into(),
        t!(lang, "matrix-open-blocked").into(),
    );
    let table = match &*p.result {
        Err(e) => html! { <p class="trace-error">{e.clone()}</p> },
        Ok(m) if m.sources.is_empty() || m.destinations.is_empty() => {
            html! { <p class="muted">{t!(lang, "matrix-empty")}</p> }
        }
        Ok(m) => {
            let np = m.ports.len();
            let rows = filtered(&m.sources, &name, &filter);
            let dests = filtered(&m.destinations, &name, &filter);
            let cols = dests.len() * np;
            let win = viewport.window(rows.len(), dests.len(), np);
            let (gw, cw) = (group_width(np), group_width(np) / np.max(1) as f64);
            // One handler for every cell (a cell's button click bubbles to the table body).
            let open_cell = {
                let on_open = p.on_open.clone();
                let protocol = m.protocol.name();
                Callback::from(move |e: MouseEvent| {
                    let Some(cell) = e
                        .target_dyn_into::<web_sys::Element>()
                        .and_then(|t| t.closest("td[data-testid=matrix-cell]").ok().flatten())
                    else {
                        return;
                    };
                    let attr = |k: &str| cell.get_attribute(k).unwrap_or_default();
                    on_open.emit(FlowForm {
                        from: attr("data-from"),
                        to: attr("data-to"),
                        protocol: protocol.clone(),
                        port: attr("data-port"),
                    });
                })
            };
            let on_key = {
                let (wrap, focus) = (wrap.clone(), focus.clone());
                let nrows = rows.len();
                Callback::from(move |e: KeyboardEvent| {
                    let Some(cell) = e
                        .target_dyn_into::<web_sys::Element>()
                        .and_then(|t| t.closest("td[data-r]").ok().flatten())
                    else {
                        return;
                    };
                    let at = |k: &str| cell.get_attribute(k).and_then(|v| v.parse::<usize>().ok());
                    let (Some(r), Some(c)) = (at("data-r"), at("data-c")) else {
                        return;
                    };
                    let Some((nr, nc)) = step(&e.key(), (r, c), nrows, cols) else {
                        return;
                    };
                    e.prevent_default();
                    if let Some(w) = wrap.cast::<HtmlElement>() {
                        // Bring the target into view past the sticky header and source column.
                        let (top, left) = (nr as f64 * ROW_H, (nc / np.max(1)) as f64 * gw);
                        let (st, sl) = (w.scroll_top() as f64, w.scroll_left() as f64);
                        let (h, wd) = (
                            w.client_height() as f64 - HEAD_H,
                            w.client_width() as f64 - SRC_W,
                        );
                        if top < st {
                            w.set_scroll_top(top as i32);
                        } else if top + ROW_H > st + h {
                            w.set_scroll_top((top + ROW_H - h).ceil() as i32);
                        }
                        if left < sl {
                            w.set_scroll_left(left as i32);
                        } else if left + gw > sl + wd {
                            w.set_scroll_left((left + gw - wd).ceil() as i32);
                        }
                    }
                    focus.set(((nr, nc), true));
                })
            };
            let on_focus_in = {
                let focus = focus.clone();
                Callback::from(move |e: FocusEvent| {
                    let Some(cell) = e
                        .target_dyn_into::<web_sys::Element>()
                        .and_then(|t| t.closest("td[data-r]").ok().flatten())
                    else {
                        return;
                    };
                    let at = |k: &str| cell.get_attribute(k).and_then(|v| v.parse::<usize>().ok());
                    if let (Some(r), Some(c)) = (at("data-r"), at("data-c")) {
                        focus.set(((r, c), false));
                    }
                })
            };
            // The tab stop: the focused cell if rendered, else the first rendered cell.
            let ((fr, fc), _) = *focus;
            let stop_rendered = win.rows.contains(&fr) && win.dests.contains(&(fc / np.max(1)));
            let stop = if stop_rendered {
                (fr, fc)
            } else {
                (win.rows.start, win.dests.start * np)
            };
            let left_pad = win.dests.start as f64 * gw;
            let right_pad = (dests.len() - win.dests.end) as f64 * gw;
            let spacer_col =
                |w: f64| (w > 0.0).then(|| html! { <col style={format!("width:{w}px")} /> });
            let spacer_th = |w: f64| {
                (w > 0.0).then(|| html! { <th class="gap" rowspan="2" aria-hidden="true"></th> })
            };
            let spacer_td =
                |w: f64| (w > 0.0).then(|| html! { <td class="gap" aria-hidden="true"></td> });
            let span = (2 + win.dests.len() * np).to_string();
            let pad_row = |h: f64| {
                (h > 0.0).then(|| html! {
                <tr class="gap" aria-hidden="true" style={format!("height:{h}px")}><td class="gap" colspan={span.clone()}></td></tr>
            })
            };
            let total_w = SRC_W + dests.len() as f64 * gw;
            html! {
                <div class="matrix-wrap" ref={wrap.clone()} onscroll={on_scroll} data-testid="matrix-scroll">
                    <table class="matrix" data-testid="matrix" style={format!("width:{total_w}px")}
                        aria-rowcount={(rows.len() + 2).to_string()} aria-colcount={(1 + cols).to_string()}
                        data-rows={rows.len().to_string()} data-cells={(rows.len() * cols).to_string()}>
                        <colgroup>
                            <col style={format!("width:{SRC_W}px")} />
                            { spacer_col(left_pad) }
                            { for (0..win.dests.len() * np).map(|_| html! { <col style={format!("width:{cw}px")} /> }) }
                            { spacer_col(right_pad) }
                        </colgroup>
                        <thead>
                            <tr aria-rowindex="1">
                                <th rowspan="2" class="corner" aria-colindex="1">{t!(lang, "matrix-corner")}</th>
                                { spacer_th(left_pad) }
                                { for win.dests.clone().map(|d| {
                                    let label = name(&m.destinations[dests[d]]);
                                    html! { <th colspan={np.to_string()} class="dest" aria-colindex={(2 + d * np).to_string()} title={label.clone()}>{label}</th> }
                                }) }
                                { spacer_th(right_pad) }
                            </tr>
                            <tr aria-rowindex="2">
                                { for win.dests.clone().flat_map(|d| m.ports.iter().enumerate().map(move |(pi, port)| html! {
                                    <th class="port" aria-colindex={(2 + d * np + pi).to_string()}>{port}</th>
                                })) }
                            </tr>
                        </thead>
                        <tbody onclick={open_cell} onkeydown={on_key} onfocusin={on_focus_in}>
                            { pad_row(win.rows.start as f64 * ROW_H) }
                            { for win.rows.clone().map(|r| {
                                let si = rows[r];
                                let src = name(&m.sources[si]);
                                html! {
                                    <tr aria-rowindex={(r + 3).to_string()}>
                                        <th class="src" scope="row" aria-colindex="1" title={src.clone()}>{src}</th>
                                        { spacer_td(left_pad) }
                                        { for win.dests.clone().flat_map(|d| (0..np).map(move |pi| (d, pi))).map(|(d, pi)| {
                                            let c = d * np + pi;
                                            let colindex = (2 + c).to_string();
                                            match m.cell(si, dests[d], pi) {
                                                None => html! { <td class="na" aria-colindex={colindex}>{"·"}</td> },
                                                Some(cell) if cell.from == cell.to => html! { <td class="na" aria-colindex={colindex}>{"—"}</td> },
                                                Some(cell) => {
                                                    let (from, to) = (name(&cell.from), name(&cell.to));
                                                    let title = if cell.reachable { t!(lang, "matrix-cell-reachable", from = from, to = to, port = cell.port.to_string()) } else {
                                                        t!(lang, "matrix-cell-blocked", from = from, to = to, port = cell.port.to_string(), component = cell.blocked_by.clone().unwrap_or_default(), code = cell.reason_code.map(|r| r.as_str()).unwrap_or_default())
                                                    };
                                                    let tabindex = if (r, c) == stop { "0" } else { "-1" };
                                                    html! { <td class={if cell.reachable { "yes" } else { "no" }} data-testid="matrix-cell" data-from={cell.from.clone()} data-to={cell.to.clone()} data-port={cell.port.to_string()}
                                                        data-r={r.to_string()} data-c={c.to_string()} aria-colindex={colindex} {title}>
                                                        <button type="button" {tabindex} aria-label={if cell.reachable { open_ok.clone() } else { open_bad.clone() }}>{ if cell.reachable { "✓" } else { "✗" } }</button>
                                                    </td> }
                                                }
                                            }
                                        }) }
                                        { spacer_td(right_pad) }
                                    </tr>
                                }
                            }) }
                            { pad_row((rows.len() - win.rows.end) as f64 * ROW_H) }
                        </tbody>
                    </table>
                </div>
            }
        }
    };
    html! {
        <div class="matrix-view">
            <div class="flow-form">
                <label>{t!(lang, "trace-protocol")}</label>
                <select aria-label={t!(lang, "matrix-protocol")} onchange={on_protocol}>{ for ["tcp", "udp"].iter().map(|x| html! { <option value={*x} selected={protocol == x}>{*x}</option> }) }</select>
                <label>{t!(lang, "matrix-ports")}</label>
                <input type="text" value={ports.clone()} data-testid="matrix-ports" onchange={on_ports} size="24" />
                <input type="search" value={(*filter).clone()} data-testid="matrix-filter" oninput={on_filter} size="16"
                    aria-label={t!(lang, "matrix-filter")} placeholder={t!(lang, "matrix-filter-placeholder")} />
                <span class="muted small">{t!(lang, "matrix-hint")}</span>
            </div>
            { table }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_covers_the_viewport_and_the_overscan_and_stays_in_bounds() {
        // (offset, viewport, item, count, overscan) → range
        type Case = (f64, f64, f64, usize, usize, Range<usize>);
        let cases: &[Case] = &[
            (0.0, 100.0, 25.0, 1000, 0, 0..4),
            (0.0, 100.0, 25.0, 1000, 6, 0..10),
            (250.0, 100.0, 25.0, 1000, 6, 4..20),
            (260.0, 100.0, 25.0, 1000, 0, 10..15),
            // Scrolled past the end (a shrinking filter): clamped, never out of range.
            (1e6, 100.0, 25.0, 10, 2, 8..10),
            (-40.0, 100.0, 25.0, 10, 0, 0..4),
            (0.0, 100.0, 25.0, 0, 6, 0..0),
            (0.0, 0.0, 25.0, 10, 0, 0..0),
        ];
        for (offset, viewport, item, count, overscan, want) in cases {
            assert_eq!(
                &visible(*offset, *viewport, *item, *count, *overscan),
                want,
                "{offset} {viewport} {count}"
            );
        }
    }

    #[test]
    fn a_destination_group_is_never_narrower_than_its_name_needs() {
        assert_eq!(group_width(1), MIN_GROUP_W);
        assert_eq!(group_width(3), MIN_GROUP_W);
        assert_eq!(group_width(5), 5.0 * CELL_W);
    }

    #[test]
    fn arrow_keys_move_one_cell_and_stop_at_the_edges() {
        type Cell = (usize, usize);
        let cases: &[(&str, Cell, Option<Cell>)] = &[
            ("ArrowDown", (0, 0), Some((1, 0))),
            ("ArrowUp", (0, 0), None),
            ("ArrowLeft", (2, 0), None),
            ("ArrowRight", (2, 8), Some((2, 9))),
            ("ArrowRight", (2, 9), None),
            ("ArrowDown", (4, 3), None),
            ("Home", (3, 7), Some((3, 0))),
            ("End", (3, 1), Some((3, 9))),
            ("Enter", (1, 1), None),
        ];
        for (key, at, want) in cases {
            assert_eq!(step(key, *at, 5, 10), *want, "{key} from {at:?}");
        }
    }

    #[test]
    fn the_filter_matches_ids_and_labels_without_case() {
        let ids: Vec<String> = ["i-1", "pod:shop/web-1", "pod:shop/api-2"]
            .map(String::from)
            .into();
        let label = |id: &str| {
            if id == "i-1" {
                "Bastion".to_string()
            } else {
                id.to_string()
            }
        };
        assert_eq!(filtered(&ids, &label, ""), vec![0, 1, 2]);
        assert_eq!(filtered(&ids, &label, "bast"), vec![0]);
        assert_eq!(filtered(&ids, &label, " SHOP/ "), vec![1, 2]);
        assert_eq!(filtered(&ids, &label, "nothing"), Vec::<usize>::new());
    }
}
