//! The packet-trace panel: a flow form, the verdict in a teacher's words with "Apply fix",
//! a step-through event list of every hop (like Packet Tracer's simulation mode), saved
//! test flows with pass/fail badges, and the reachability matrix. Everything it shows comes
//! in as props (from the editor's `Analysis`); every gesture goes out as a callback.

use std::rc::Rc;

use sim::network::{Decision, Hop, Matrix, Trace, Verdict};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::bridge::analysis::FlowResult;
use crate::components::source::source_view;
pub use crate::state::trace::{FlowForm, MatrixQuery, Pick};

#[derive(Properties, PartialEq)]
pub struct TracePanelProps {
    /// Endpoints a flow can start or end at, as (id or IP, label), pods included.
    pub endpoints: Rc<Vec<(String, String)>>,
    /// The saved test flows with their verdicts.
    pub test_flows: Rc<Vec<FlowResult>>,
    /// The open reachability matrix: its query and result.
    pub matrix: Option<(MatrixQuery, Rc<Result<Matrix, String>>)>,
    pub form: FlowForm,
    pub trace: Option<Rc<Result<Trace, String>>>,
    /// Index into forward hops then return hops.
    pub step: usize,
    pub playing: bool,
    pub speed: f64,
    pub picking: Option<Pick>,
    pub read_only: bool,
    pub on_form: Callback<FlowForm>,
    pub on_run: Callback<()>,
    /// Trace this flow and play it (a test flow or a matrix cell).
    pub on_run_flow: Callback<FlowForm>,
    /// Open (with this query) or close the reachability matrix.
    pub on_matrix: Callback<Option<MatrixQuery>>,
    pub on_step: Callback<usize>,
    pub on_play: Callback<bool>,
    pub on_speed: Callback<f64>,
    pub on_pick: Callback<Option<Pick>>,
    pub on_fix: Callback<sim::network::Fix>,
    pub on_select_hop: Callback<String>,
    /// Show the rule that decided a hop in its list view (route tables, NACLs, security groups).
    #[prop_or_default]
    pub on_show_rule: Callback<crate::components::policies::RuleMark>,
    pub on_save_flow: Callback<bool>,
    pub on_remove_flow: Callback<usize>,
    /// Set when the design was imported from Terraform: each hop shows the block that
    /// decided it, and the verdict the assumptions it rests on.
    #[prop_or_default]
    pub terraform: Option<Rc<crate::bridge::terraform::TerraformInfo>>,
}

fn decision_word(d: Decision) -> &'static str {
    match d {
        Decision::Allow => "allow",
        Decision::Deny => "deny",
        Decision::Forward => "forward",
        Decision::Translate => "translate",
        Decision::Deliver => "deliver",
        Decision::Drop => "drop",
        Decision::Skip => "skip",
    }
}

fn blocked(d: Decision) -> bool {
    matches!(d, Decision::Deny | Decision::Drop)
}

/// Forward hops then return hops, with which side each is on.
pub fn all_hops(t: &Trace) -> Vec<(&Hop, bool)> {
    t.hops
        .iter()
        .map(|h| (h, false))
        .chain(t.return_hops.iter().map(|h| (h, true)))
        .collect()
}

#[function_component(TracePanel)]
pub fn trace_panel(p: &TracePanelProps) -> Html {
    let lang = crate::i18n::use_lang();
    let endpoints = &p.endpoints;
    let port_ref = use_node_ref();
    let hops_ref = use_node_ref();
    // The current hop is kept in view of the panel as the trace plays or steps (the table
    // scrolls; the page does not).
    {
        let hops_ref = hops_ref.clone();
        let shown = p.trace.as_ref().map(|t| Rc::as_ptr(t) as usize);
        use_effect_with((p.step, shown), move |_| {
            let current = hops_ref
                .cast::<web_sys::Element>()
                .and_then(|t| t.query_selector("tr.current").ok().flatten());
            let scroller = current
                .as_ref()
                .and_then(|row| row.closest(".tab-body").ok().flatten());
            if let (Some(row), Some(scroller)) = (current, scroller) {
                let (r, v) = (
                    row.get_bounding_client_rect(),
                    scroller.get_bounding_client_rect(),
                );
                // The table's sticky header covers the first row's place.
                let head = row
                    .closest("table")
                    .ok()
                    .flatten()
                    .and_then(|t| t.query_selector("thead").ok().flatten())
                    .map(|h| h.get_bounding_client_rect().height())
                    .unwrap_or(0.0);
                let top = scroller.scroll_top() as f64;
                if r.top() < v.top() + head {
                    scroller.set_scroll_top((top - (v.top() + head - r.top())) as i32);
                } else if r.bottom() > v.bottom() {
                    scroller.set_scroll_top((top + r.bottom() - v.bottom()).ceil() as i32);
                }
            }
        });
    }
    let show_matrix = p.matrix.is_some();
    let select = |value: &str, testid: &'static str, which: Pick| {
        let form = p.form.clone();
        let on_form = p.on_form.clone();
        let onchange = Callback::from(move |v: String| {
            let v = v.trim().to_string();
            let mut f = form.clone();
            match which {
                Pick::From => f.from = v,
                Pick::To => f.to = v,
            }
            on_form.emit(f);
        });
        let picking = p.picking == Some(which);
        let on_pick = p.on_pick.clone();
        let pick = Callback::from(move |_: MouseEvent| {
            on_pick.emit(if picking { None } else { Some(which) })
        });
        let label = endpoints
            .iter()
            .find(|(id, _)| id == value)
            .map(|(_, l)| l.clone())
            .unwrap_or_default();
        html! {
            <span class="endpoint">
                <DraftInput list="trace-endpoints" {testid} value={value.to_string()} size="16"
                    title="An instance, load balancer or database id, an IP address, or internet" {onchange} />
                if !label.is_empty() && label != value { <span class="endpoint-label">{label}</span> }
                <button type="button" class={classes!("btn", "small", picking.then_some("primary"))} title="Pick on the canvas" data-testid={format!("{testid}-pick")} onclick={pick}>{ if picking { "click a component…" } else { "pick" } }</button>
            </span>
        }
    };
    let on_protocol = {
        let (form, on_form) = (p.form.clone(), p.on_form.clone());
        Callback::from(move |e: Event| {
            let mut f = form.clone();
            f.protocol = e.target_unchecked_into::<HtmlSelectElement>().value();
            on_form.emit(f);
        })
    };
    let on_port = {
        let (form, on_form) = (p.form.clone(), p.on_form.clone());
        Callback::from(move |e: Event| {
            let mut f = form.clone();
            f.port = e.target_unchecked_into::<HtmlInputElement>().value();
            on_form.emit(f);
        })
    };
    let run = {
        let (on_run, form, on_form, port_ref) = (
            p.on_run.clone(),
            p.form.clone(),
            p.on_form.clone(),
            port_ref.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            // Take the port as typed even if the field has not lost focus yet.
            if let Some(i) = port_ref.cast::<HtmlInputElement>() {
                if i.value() != form.port {
                    let mut f = form.clone();
                    f.port = i.value();
                    on_form.emit(f);
                }
            }
            on_run.emit(())
        })
    };

    let form = html! {
        <div class="flow-form">
            <datalist id="trace-endpoints">
                { for endpoints.iter().map(|(id, label)| html! { <option value={id.clone()}>{label.clone()}</option> }) }
            </datalist>
            <label>{"From"}</label>{ select(&p.form.from, "trace-from", Pick::From) }
            <label>{"To"}</label>{ select(&p.form.to, "trace-to", Pick::To) }
            <select data-testid="trace-protocol" aria-label="Protocol" onchange={on_protocol}>
                { for ["tcp", "udp", "icmp", "all"].iter().map(|x| html! { <option value={*x} selected={p.form.protocol == *x}>{*x}</option> }) }
            </select>
            <input ref={port_ref} type="text" size="6" placeholder="port" value={p.form.port.clone()} data-testid="trace-port" aria-label="Port" onchange={on_port} />
            <button type="button" class="btn primary small" data-testid="trace-run" onclick={run}>{"Trace"}</button>
            <span class="spacer" />
            <button type="button" class={classes!("btn", "small", show_matrix.then_some("primary"))} data-testid="matrix-toggle"
                onclick={p.on_matrix.reform(move |_| (!show_matrix).then(MatrixQuery::default))}>{ if show_matrix { "Hide matrix" } else { "Reachability matrix" } }</button>
        </div>
    };
    if let Some((query, result)) = &p.matrix {
        return html! { <div class="traces" data-testid="traces">{ form }<MatrixView query={query.clone()} result={result.clone()} endpoints={p.endpoints.clone()} on_query={p.on_matrix.reform(Some)} on_open={p.on_run_flow.clone()} /></div> };
    }

    let result = match p.trace.as_deref() {
        None => {
            html! { <p class="muted">{"Choose a source and a destination (or pick them on the canvas), then Trace. The packet is followed hop by hop, forward and back."}</p> }
        }
        Some(Err(e)) => html! { <p class="trace-error" data-testid="trace-error">{e.clone()}</p> },
        Some(Ok(t)) => trace_view(t, p, lang),
    };

    let flows = &p.test_flows;
    let saved = html! {
        <div class="test-flows" data-testid="test-flows">
            <div class="test-flows-head">
                <span class="k">{"Test flows"}</span>
                <button type="button" class="btn small" data-testid="save-flow-allowed" disabled={p.read_only} onclick={p.on_save_flow.reform(|_| true)}>{"Save: must be allowed"}</button>
                <button type="button" class="btn small" data-testid="save-flow-denied" disabled={p.read_only} onclick={p.on_save_flow.reform(|_| false)}>{"Save: must be denied"}</button>
            </div>
            <ul>
                { for flows.iter().enumerate().map(|(i, (f, r))| {
                    let want = f.expect != Some(sim::network::Expectation::Unreachable);
                    let (badge, class) = match r {
                        Ok(reachable) if *reachable == want => ("pass", "pass"),
                        Ok(_) => ("fail", "fail"),
                        Err(_) => ("error", "fail"),
                    };
                    let open = {
                        let form = FlowForm::of(&f.to_flow());
                        p.on_run_flow.reform(move |_: MouseEvent| form.clone())
                    };
                    let rm = p.on_remove_flow.reform(move |_: MouseEvent| i);
                    html! {
                        <li data-testid="test-flow" data-result={class}>
                            <span class={classes!("flow-badge", class)}>{badge}</span>
                            <button type="button" class="link-btn" onclick={open}>
                                { if f.name.is_empty() { format!("{} → {} {}:{}", f.from, f.to, f.protocol.name(), f.port.map(|x| x.to_string()).unwrap_or_else(|| "*".into())) } else { f.name.clone() } }
                                { if want { " — must be allowed" } else { " — must be denied" } }
                            </button>
                            <button type="button" class="icon-x" aria-label="Remove test flow" disabled={p.read_only} onclick={rm}>{"×"}</button>
                        </li>
                    }
                }) }
            </ul>
        </div>
    };

    html! {
        <div class="traces" data-testid="traces">
            { form }
            <div class="trace-body">
                <div class="trace-main" ref={hops_ref}>{ result }</div>
                { saved }
            </div>
        </div>
    }
}

fn trace_view(t: &Trace, p: &TracePanelProps, lang: crate::i18n::Lang) -> Html {
    let tf = p.terraform.as_deref();
    let assumptions = tf.map(|tf| {
        html! { <>{ for tf.assumptions(t).into_iter().map(|w| html! {
            <p class="assumption" data-testid="trace-assumption">
                {"This verdict rests on an assumption about "}<code>{w.block.clone()}</code>{": "}{w.message.clone()}{" "}
                { source_view(&tf.warning(w), "trace-assumption-source") }
            </p>
        }) }</> }
    });
    let hops = all_hops(t);
    let total = hops.len();
    let step = p.step.min(total.saturating_sub(1));
    let verdict = match &t.verdict {
        Verdict::Reachable => html! {
            <div class="verdict ok" data-testid="trace-verdict" data-verdict="reachable">
                <strong>{"Reachable."}</strong>{" The request gets there and the reply gets back."}
            </div>
        },
        Verdict::Unreachable {
            blocked_by, code, ..
        } => {
            let first = t.blockers.first();
            let fix = first.and_then(|b| b.fix.clone()).map(|f| {
                let on_fix = p.on_fix.clone();
                let summary = crate::i18n::explain::fix_text(lang, &f);
                html! { <button type="button" class="btn primary small" data-testid="trace-apply-fix" disabled={p.read_only} onclick={Callback::from(move |_| on_fix.emit(f.clone()))}>{format!("Apply fix: {summary}")}</button> }
            });
            html! {
                <div class="verdict bad" data-testid="trace-verdict" data-verdict="unreachable" data-blocked-by={blocked_by.clone()} data-code={code.to_string()}>
                    <div><strong>{"Unreachable"}</strong>{format!(" — blocked by {blocked_by} ({code}).")}</div>
                    if let Some(b) = first { <p class="teacher" data-testid="trace-explanation">{crate::i18n::explain::blocker_explanation(lang, b)}</p> }
                    if let Some(r) = tf.and_then(|tf| tf.blocker(t)) {
                        <div class="decided">{"Decided at "}{ source_view(&r, "trace-blocker-source") }</div>
                    }
                    { for fix }
                    if t.blockers.len() > 1 {
                        <details class="also">
                            <summary>{format!("{} more thing(s) to change on this path", t.blockers.len() - 1)}</summary>
                            <ul>{ for t.blockers.iter().skip(1).map(|b| html! { <li><code>{b.code.to_string()}</code>{" "}{crate::i18n::explain::blocker_explanation(lang, b)}</li> }) }</ul>
                        </details>
                    }
                </div>
            }
        }
    };
    let back = {
        let on_step = p.on_step.clone();
        Callback::from(move |_| on_step.emit(step.saturating_sub(1)))
    };
    let fwd = {
        let on_step = p.on_step.clone();
        Callback::from(move |_| on_step.emit((step + 1).min(total.saturating_sub(1))))
    };
    let play = {
        let (on_play, playing) = (p.on_play.clone(), p.playing);
        Callback::from(move |_| on_play.emit(!playing))
    };
    let reset = {
        let on_step = p.on_step.clone();
        Callback::from(move |_| on_step.emit(0))
    };
    let speed = {
        let on_speed = p.on_speed.clone();
        Callback::from(move |e: Event| {
            on_speed.emit(
                e.target_unchecked_into::<HtmlSelectElement>()
                    .value()
                    .parse()
                    .unwrap_or(1.0),
            )
        })
    };
    html! {
        <>
            { verdict }
            { for assumptions }
            <div class="player" role="toolbar" aria-label="Step through the trace">
                <button type="button" class="btn small" data-testid="trace-reset" onclick={reset} title="First hop" aria-label="First hop">{ crate::icons::control(crate::icons::Control::First) }</button>
                <button type="button" class="btn small" data-testid="trace-back" onclick={back} title="Step back" aria-label="Step back">{ crate::icons::control(crate::icons::Control::Back) }</button>
                <button type="button" class="btn small" data-testid="trace-play" onclick={play}>{ if p.playing { "Pause" } else { "Play" } }</button>
                <button type="button" class="btn small" data-testid="trace-forward" onclick={fwd} title="Step forward" aria-label="Step forward">{ crate::icons::control(crate::icons::Control::Forward) }</button>
                <select data-testid="trace-speed" onchange={speed} aria-label="Speed">
                    { for [0.5, 1.0, 2.0, 4.0].iter().map(|s| html! { <option value={s.to_string()} selected={(p.speed - s).abs() < 1e-9}>{format!("{s}×")}</option> }) }
                </select>
                <span class="muted" data-testid="trace-step">{format!("hop {} of {}", step + 1, total)}</span>
            </div>
            <table class="hops" data-testid="trace-hops">
                <thead><tr><th>{"#"}</th><th>{"Path"}</th><th>{"Component"}</th><th>{"Direction"}</th><th>{"Decision"}</th><th>{"Rule"}</th><th>{"Why"}</th>if tf.is_some() { <th>{"Written at"}</th> }</tr></thead>
                <tbody>
                    { for hops.iter().enumerate().map(|(i, (h, ret))| {
                        let class = classes!(
                            "hop",
                            if blocked(h.decision) { "bad" } else if h.decision == Decision::Skip { "skip" } else { "ok" },
                            h.after_blocker.then_some("after"),
                            (i == step).then_some("current"),
                            (i > step).then_some("pending"),
                        );
                        let onclick = { let (on_step, on_select, c) = (p.on_step.clone(), p.on_select_hop.clone(), h.component.clone()); Callback::from(move |_: MouseEvent| { on_step.emit(i); on_select.emit(c.clone()); }) };
                        html! {
                            <tr {class} data-testid="trace-hop" data-component={h.component.clone()} data-decision={decision_word(h.decision)} {onclick}>
                                <td>{i + 1}</td>
                                <td>{ if *ret { "return" } else { "forward" } }</td>
                                <td class="mono">{h.component.clone()}</td>
                                <td>{format!("{:?}", h.direction).to_lowercase()}</td>
                                <td class="decision">{decision_word(h.decision)}{ if h.after_blocker { " (as if fixed)" } else { "" } }</td>
                                <td class="mono">{h.rule.summary()}
                                    if let Some(m) = crate::components::policies::RuleMark::of_hop(h) {
                                        <button type="button" class="link-btn" data-testid="hop-show-rule" title="Show this rule in its list (route tables, network ACLs or security groups)"
                                            onclick={ let on = p.on_show_rule.clone(); Callback::from(move |e: MouseEvent| { e.stop_propagation(); on.emit(m.clone()); }) }>{" show"}</button>
                                    }
                                </td>
                                <td class="why">{crate::i18n::explain::hop_explanation(lang, h)}</td>
                                if let Some(tf) = tf {
                                    <td class="where">{ for tf.hop(h).map(|r| source_view(&r, "hop-source")) }</td>
                                }
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            if !t.notes.is_empty() { <p class="muted small">{crate::i18n::explain::trace_notes(lang, t).join("; ")}</p> }
        </>
    }
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
    let names: std::collections::BTreeMap<&str, &str> = p
        .endpoints
        .iter()
        .map(|(id, label)| (id.as_str(), label.as_str()))
        .collect();
    let name = |id: &str| {
        names
            .get(id)
            .map(|l| l.to_string())
            .unwrap_or_else(|| id.to_string())
    };
    let table = match &*p.result {
        Err(e) => html! { <p class="trace-error">{e.clone()}</p> },
        Ok(m) if m.sources.is_empty() || m.destinations.is_empty() => {
            html! { <p class="muted">{"Add instances, load balancers or databases to see who can reach whom."}</p> }
        }
        Ok(m) => html! {
            <div class="matrix-wrap">
                <table class="matrix" data-testid="matrix">
                    <thead>
                        <tr><th rowspan="2">{"from \\ to"}</th>{ for m.destinations.iter().map(|d| html! { <th colspan={m.ports.len().to_string()} class="dest">{name(d)}</th> }) }</tr>
                        <tr>{ for m.destinations.iter().flat_map(|_| m.ports.iter().map(|port| html! { <th class="port">{port}</th> })) }</tr>
                    </thead>
                    <tbody>
                        { for m.sources.iter().enumerate().map(|(si, s)| html! {
                            <tr>
                                <th class="src">{name(s)}</th>
                                { for (0..m.destinations.len()).flat_map(|di| (0..m.ports.len()).map(move |pi| (di, pi))).map(|(di, pi)| {
                                    match m.cell(si, di, pi) {
                                        None => html! { <td class="na">{"·"}</td> },
                                        Some(c) if c.from == c.to => html! { <td class="na">{"—"}</td> },
                                        Some(c) => {
                                            let title = if c.reachable { format!("{} → {}:{} reachable", name(&c.from), name(&c.to), c.port) } else {
                                                format!("{} → {}:{} blocked by {} ({})", name(&c.from), name(&c.to), c.port, c.blocked_by.clone().unwrap_or_default(), c.reason_code.map(|r| r.as_str()).unwrap_or_default())
                                            };
                                            let open = { let on_open = p.on_open.clone(); let f = FlowForm { from: c.from.clone(), to: c.to.clone(), protocol: m.protocol.name(), port: c.port.to_string() }; Callback::from(move |_: MouseEvent| on_open.emit(f.clone())) };
                                            html! { <td class={if c.reachable { "yes" } else { "no" }} data-testid="matrix-cell" data-from={c.from.clone()} data-to={c.to.clone()} data-port={c.port.to_string()} {title}>
                                                <button type="button" onclick={open} aria-label={if c.reachable { "reachable: open trace" } else { "blocked: open trace" }}>{ if c.reachable { "✓" } else { "✗" } }</button>
                                            </td> }
                                        }
                                    }
                                }) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        },
    };
    html! {
        <div class="matrix-view">
            <div class="flow-form">
                <label>{"Protocol"}</label>
                <select aria-label="Matrix protocol" onchange={on_protocol}>{ for ["tcp", "udp"].iter().map(|x| html! { <option value={*x} selected={protocol == x}>{*x}</option> }) }</select>
                <label>{"Ports"}</label>
                <input type="text" value={ports.clone()} data-testid="matrix-ports" onchange={on_ports} size="24" />
                <span class="muted small">{"Click a cell to open its trace."}</span>
            </div>
            { table }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct DraftInputProps {
    value: String,
    testid: &'static str,
    #[prop_or_default]
    list: Option<&'static str>,
    #[prop_or_default]
    title: &'static str,
    #[prop_or_default]
    size: &'static str,
    /// The text once the learner commits it (change: Enter, Tab or leaving the field).
    onchange: Callback<String>,
}

/// A text field that keeps what is being typed across re-renders (a trace playing re-renders
/// the panel on every hop), and takes the form's value again whenever that changes.
#[function_component(DraftInput)]
fn draft_input(p: &DraftInputProps) -> Html {
    let draft = use_state(|| p.value.clone());
    {
        let draft = draft.clone();
        use_effect_with(p.value.clone(), move |v| draft.set(v.clone()));
    }
    let oninput = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            draft.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let onchange = p
        .onchange
        .reform(|e: Event| e.target_unchecked_into::<HtmlInputElement>().value());
    html! {
        <input type="text" list={p.list} data-testid={p.testid} value={(*draft).clone()} size={p.size}
            spellcheck="false" title={p.title} aria-label={p.testid.trim_start_matches("trace-").to_string()} {oninput} {onchange} />
    }
}
