//! The packet-trace panel: a flow form, the verdict in a teacher's words with "Apply fix",
//! a step-through event list of every hop (like Packet Tracer's simulation mode), saved
//! test flows with pass/fail badges, and the reachability matrix. Everything it shows comes
//! in as props (from the editor's `Analysis`); every gesture goes out as a callback.

use std::rc::Rc;

use sim::network::msg::Text;
use sim::network::{Decision, Hop, HopDirection, Matrix, Trace, Verdict};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::bridge::analysis::{ClusterEndpoint, ClusterEndpointKind, FlowResult};
use crate::components::matrix::MatrixView;
use crate::components::source::source_view;
use crate::i18n::{tr, use_lang, Lang};
pub use crate::state::trace::{FlowForm, MatrixQuery, Pick};
use crate::t;

#[derive(Properties, PartialEq)]
pub struct TracePanelProps {
    /// Endpoints a flow can start or end at, as (id or IP, label), pods included.
    pub endpoints: Rc<Vec<(String, String)>>,
    /// Pods, Services, Ingresses and nodes of the design's manifests (worded here).
    #[prop_or_default]
    pub cluster_endpoints: Rc<Vec<ClusterEndpoint>>,
    /// The seed of the cluster run the cluster endpoints come from (with manifests).
    #[prop_or_default]
    pub cluster_seed: Option<u64>,
    /// The saved test flows with their verdicts.
    pub test_flows: Rc<Vec<FlowResult>>,
    /// The open reachability matrix: its query and result.
    pub matrix: Option<(MatrixQuery, Rc<Result<Matrix, String>>)>,
    pub form: FlowForm,
    /// The form's trace, or why the tracer refused the flow (with its message key).
    pub trace: Option<Rc<Result<Trace, Text>>>,
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

/// A cluster endpoint's label in the pickers ("Ingress shop/web — ALB k8s-alb-shop-web").
pub fn cluster_endpoint_label(lang: Lang, e: &ClusterEndpoint) -> String {
    let name = e.spec.split_once(':').map_or(e.spec.as_str(), |(_, n)| n);
    let detail = e.detail.as_str();
    match e.kind {
        ClusterEndpointKind::Pod => t!(lang, "trace-endpoint-pod", name = name, detail = detail),
        ClusterEndpointKind::Service => {
            t!(lang, "trace-endpoint-service", name = name, detail = detail)
        }
        ClusterEndpointKind::Ingress => {
            t!(lang, "trace-endpoint-ingress", name = name, detail = detail)
        }
        ClusterEndpointKind::Node => t!(lang, "trace-endpoint-node", name = name, detail = detail),
    }
}

/// What a cluster reason code means, in the learner's words (`None` for the VPC's codes,
/// which the blocker's explanation already says).
pub fn reason_words(lang: Lang, code: sim::network::ReasonCode) -> Option<String> {
    use sim::network::ReasonCode as R;
    Some(match code {
        R::NetworkPolicyIngress => t!(lang, "trace-reason-network-policy-ingress"),
        R::NetworkPolicyEgress => t!(lang, "trace-reason-network-policy-egress"),
        R::ServiceNoEndpoints => t!(lang, "trace-reason-service-no-endpoints"),
        R::ServicePortMismatch => t!(lang, "trace-reason-service-port-mismatch"),
        R::ServiceTargetPortUnresolved => t!(lang, "trace-reason-service-target-port-unresolved"),
        _ => return None,
    })
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

/// The decision as the hop table shows it (the English word stays the `data-decision` value).
fn decision_label(lang: Lang, d: Decision) -> String {
    tr(lang, &format!("decision-{}", decision_word(d)))
}

fn direction_label(lang: Lang, d: HopDirection) -> String {
    match d {
        HopDirection::Outbound => t!(lang, "direction-outbound"),
        HopDirection::Inbound => t!(lang, "direction-inbound"),
        HopDirection::Through => t!(lang, "direction-through"),
    }
}

/// What the polite live region says when a trace is run (the app shell owns the region).
pub fn announcement(lang: Lang, form: &FlowForm, result: &Result<Trace, Text>) -> String {
    let (from, to) = (form.from.as_str(), form.to.as_str());
    let (protocol, port) = (form.protocol.as_str(), form.port.as_str());
    match result {
        Ok(t) => match t.blockers.first() {
            None => t!(
                lang,
                "trace-said-reachable",
                from = from,
                to = to,
                protocol = protocol,
                port = port
            ),
            Some(b) => t!(
                lang,
                "trace-said-unreachable",
                from = from,
                to = to,
                protocol = protocol,
                port = port,
                component = b.component.as_str(),
                code = b.code.to_string()
            ),
        },
        Err(e) => t!(
            lang,
            "trace-said-error",
            error = crate::i18n::explain::text(lang, e)
        ),
    }
}

/// A message with one variable shown as code: the text before and after `$block` (the word
/// order differs between languages, so the variable's place comes from the catalogue).
fn assumption_parts(lang: Lang, message: &str) -> (String, String) {
    const MARK: &str = "\u{E000}";
    let text = t!(lang, "trace-assumption", block = MARK, message = message);
    match text.split_once(MARK) {
        Some((before, after)) => (before.to_string(), after.to_string()),
        None => (text, String::new()),
    }
}

fn assumption_html(lang: Lang, block: &str, message: &str) -> Html {
    let (before, after) = assumption_parts(lang, message);
    html! { <>{before}<code>{block.to_string()}</code>{after}</> }
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
    let lang = use_lang();
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
    let label_of = |which: Pick| match which {
        Pick::From => t!(lang, "trace-from-label"),
        Pick::To => t!(lang, "trace-to-label"),
    };
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
            .or_else(|| {
                p.cluster_endpoints
                    .iter()
                    .find(|e| e.spec == value)
                    .map(|e| cluster_endpoint_label(lang, e))
            })
            .unwrap_or_default();
        html! {
            <span class="endpoint">
                <DraftInput list="trace-endpoints" {testid} value={value.to_string()} size="16"
                    title={t!(lang, "trace-endpoint-title")} label={label_of(which)} {onchange} />
                if !label.is_empty() && label != value { <span class="endpoint-label">{label}</span> }
                <button type="button" class={classes!("btn", "small", picking.then_some("primary"))} title={t!(lang, "trace-pick-title")} data-testid={format!("{testid}-pick")} onclick={pick}>{ if picking { t!(lang, "trace-picking") } else { t!(lang, "trace-pick") } }</button>
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
                { for endpoints.iter().map(|(id, label)| html! { <option value={id.clone()}>{endpoint_label(lang, id, label)}</option> }) }
                { for p.cluster_endpoints.iter().map(|e| html! { <option value={e.spec.clone()}>{cluster_endpoint_label(lang, e)}</option> }) }
            </datalist>
            <label>{t!(lang, "trace-from")}</label>{ select(&p.form.from, "trace-from", Pick::From) }
            <label>{t!(lang, "trace-to")}</label>{ select(&p.form.to, "trace-to", Pick::To) }
            <select data-testid="trace-protocol" aria-label={t!(lang, "trace-protocol")} onchange={on_protocol}>
                { for ["tcp", "udp", "icmp", "all"].iter().map(|x| html! { <option value={*x} selected={p.form.protocol == *x}>{*x}</option> }) }
            </select>
            <input ref={port_ref} type="text" size="6" placeholder={t!(lang, "trace-port-placeholder")} value={p.form.port.clone()} data-testid="trace-port" aria-label={t!(lang, "trace-port")} onchange={on_port} />
            <button type="button" class="btn primary small" data-testid="trace-run" onclick={run}>{t!(lang, "trace-run")}</button>
            <span class="spacer" />
            <button type="button" class={classes!("btn", "small", show_matrix.then_some("primary"))} data-testid="matrix-toggle"
                onclick={p.on_matrix.reform(move |_| (!show_matrix).then(MatrixQuery::default))}>{ if show_matrix { t!(lang, "trace-matrix-hide") } else { t!(lang, "trace-matrix-show") } }</button>
            if let (Some(seed), false) = (p.cluster_seed, p.cluster_endpoints.is_empty()) {
                <p class="muted small cluster-note" data-testid="trace-cluster-note" data-seed={seed.to_string()}>{t!(lang, "trace-cluster-note", seed = seed.to_string())}</p>
            }
        </div>
    };
    if let Some((query, result)) = &p.matrix {
        return html! { <div class="traces" data-testid="traces">{ form }<MatrixView query={query.clone()} result={result.clone()} endpoints={p.endpoints.clone()} on_query={p.on_matrix.reform(Some)} on_open={p.on_run_flow.clone()} /></div> };
    }

    let result = match p.trace.as_deref() {
        None => {
            html! { <p class="muted">{t!(lang, "trace-intro")}</p> }
        }
        Some(Err(e)) => {
            html! { <p class="trace-error" data-testid="trace-error">{crate::i18n::explain::text(lang, e)}</p> }
        }
        Some(Ok(t)) => trace_view(lang, t, p),
    };

    let flows = &p.test_flows;
    let saved = html! {
        <div class="test-flows" data-testid="test-flows">
            <div class="test-flows-head">
                <span class="k">{t!(lang, "test-flows")}</span>
                <button type="button" class="btn small" data-testid="save-flow-allowed" disabled={p.read_only} onclick={p.on_save_flow.reform(|_| true)}>{t!(lang, "save-flow-allowed")}</button>
                <button type="button" class="btn small" data-testid="save-flow-denied" disabled={p.read_only} onclick={p.on_save_flow.reform(|_| false)}>{t!(lang, "save-flow-denied")}</button>
            </div>
            <ul>
                { for flows.iter().enumerate().map(|(i, (f, r))| {
                    let want = f.expect != Some(sim::network::Expectation::Unreachable);
                    let (badge, class) = match r {
                        Ok(reachable) if *reachable == want => (t!(lang, "flow-pass"), "pass"),
                        Ok(_) => (t!(lang, "flow-fail"), "fail"),
                        Err(_) => (t!(lang, "flow-error"), "fail"),
                    };
                    let open = {
                        let form = FlowForm::of(&f.to_flow());
                        p.on_run_flow.reform(move |_: MouseEvent| form.clone())
                    };
                    let rm = p.on_remove_flow.reform(move |_: MouseEvent| i);
                    // Why a flow cannot be judged (its endpoint is gone, …), in the reader's words.
                    let why = match r {
                        Err(e) => html! { <span class="flow-why" data-testid="test-flow-error">{crate::i18n::explain::text(lang, e)}</span> },
                        Ok(_) => html! {},
                    };
                    html! {
                        <li data-testid="test-flow" data-result={class}>
                            <span class={classes!("flow-badge", class)}>{badge}</span>
                            <button type="button" class="link-btn" onclick={open}>
                                { if f.name.is_empty() { format!("{} → {} {}:{}", f.from, f.to, f.protocol.name(), f.port.map(|x| x.to_string()).unwrap_or_else(|| "*".into())) } else { f.name.clone() } }
                                {" "}{ if want { t!(lang, "flow-must-be-allowed") } else { t!(lang, "flow-must-be-denied") } }
                            </button>
                            <button type="button" class="icon-x" aria-label={t!(lang, "remove-test-flow")} disabled={p.read_only} onclick={rm}>{"×"}</button>
                            { why }
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

/// An endpoint's label in the reader's language: the bridge names components by their own
/// names, which need no translation, and `internet` in English.
pub fn endpoint_label(lang: Lang, id: &str, label: &str) -> String {
    if id == "internet" {
        t!(lang, "trace-endpoint-internet")
    } else {
        label.to_string()
    }
}

fn trace_view(lang: Lang, t: &Trace, p: &TracePanelProps) -> Html {
    let tf = p.terraform.as_deref();
    let assumptions = tf.map(|tf| {
        html! { <>{ for tf.assumptions(t).into_iter().map(|w| html! {
            <p class="assumption" data-testid="trace-assumption">
                { assumption_html(lang, &w.block, &w.message) }{" "}
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
                <strong>{t!(lang, "trace-reachable")}</strong>{" "}{t!(lang, "trace-reachable-detail")}
            </div>
        },
        Verdict::Unreachable {
            blocked_by, code, ..
        } => {
            let first = t.blockers.first();
            let fix = first.and_then(|b| b.fix.clone()).map(|f| {
                let on_fix = p.on_fix.clone();
                let summary = crate::i18n::explain::fix_text(lang, &f);
                html! { <button type="button" class="btn primary small" data-testid="trace-apply-fix" disabled={p.read_only} onclick={Callback::from(move |_| on_fix.emit(f.clone()))}>{t!(lang, "trace-apply-fix", summary = summary.as_str())}</button> }
            });
            html! {
                <div class="verdict bad" data-testid="trace-verdict" data-verdict="unreachable" data-blocked-by={blocked_by.clone()} data-code={code.to_string()}>
                    <div><strong>{t!(lang, "trace-unreachable")}</strong>{" "}{t!(lang, "trace-blocked-by", component = blocked_by.as_str(), code = code.to_string())}</div>
                    if let Some(words) = reason_words(lang, *code) { <p class="reason" data-testid="trace-reason">{words}</p> }
                    if let Some(b) = first { <p class="teacher" data-testid="trace-explanation">{crate::i18n::explain::blocker_explanation(lang, b)}</p> }
                    if let Some(r) = tf.and_then(|tf| tf.blocker(t)) {
                        <div class="decided">{t!(lang, "trace-decided-at")}{" "}{ source_view(&r, "trace-blocker-source") }</div>
                    }
                    { for fix }
                    if t.blockers.len() > 1 {
                        <details class="also">
                            <summary>{t!(lang, "trace-more-blockers", count = t.blockers.len() as f64 - 1.0)}</summary>
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
            <div class="player" role="toolbar" aria-label={t!(lang, "trace-player")}>
                <button type="button" class="btn small" data-testid="trace-reset" onclick={reset} title={t!(lang, "trace-first-hop")} aria-label={t!(lang, "trace-first-hop")}>{ crate::icons::control(crate::icons::Control::First) }</button>
                <button type="button" class="btn small" data-testid="trace-back" onclick={back} title={t!(lang, "trace-step-back")} aria-label={t!(lang, "trace-step-back")}>{ crate::icons::control(crate::icons::Control::Back) }</button>
                <button type="button" class="btn small" data-testid="trace-play" onclick={play}>{ if p.playing { t!(lang, "trace-pause") } else { t!(lang, "trace-play") } }</button>
                <button type="button" class="btn small" data-testid="trace-forward" onclick={fwd} title={t!(lang, "trace-step-forward")} aria-label={t!(lang, "trace-step-forward")}>{ crate::icons::control(crate::icons::Control::Forward) }</button>
                <select data-testid="trace-speed" onchange={speed} aria-label={t!(lang, "trace-speed")}>
                    { for [0.5, 1.0, 2.0, 4.0].iter().map(|s| html! { <option value={s.to_string()} selected={(p.speed - s).abs() < 1e-9}>{format!("{s}×")}</option> }) }
                </select>
                <span class="muted" data-testid="trace-step">{t!(lang, "trace-step", step = step + 1, total = total)}</span>
            </div>
            <table class="hops" data-testid="trace-hops">
                <thead><tr><th>{t!(lang, "hop-number")}</th><th>{t!(lang, "hop-path")}</th><th>{t!(lang, "hop-component")}</th><th>{t!(lang, "hop-direction")}</th><th>{t!(lang, "hop-decision")}</th><th>{t!(lang, "hop-rule")}</th><th>{t!(lang, "hop-why")}</th>if tf.is_some() { <th>{t!(lang, "hop-written-at")}</th> }</tr></thead>
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
                                <td>{ if *ret { t!(lang, "hop-return") } else { t!(lang, "hop-forward") } }</td>
                                <td class="mono">{h.component.clone()}</td>
                                <td>{direction_label(lang, h.direction)}</td>
                                <td class="decision">{decision_label(lang, h.decision)}if h.after_blocker { {" "}{t!(lang, "hop-as-if-fixed")} }</td>
                                <td class="mono">{h.rule.summary()}
                                    if let Some(m) = crate::components::policies::RuleMark::of_hop(h) {
                                        <button type="button" class="link-btn" data-testid="hop-show-rule" title={t!(lang, "hop-show-rule-title")}
                                            onclick={ let on = p.on_show_rule.clone(); Callback::from(move |e: MouseEvent| { e.stop_propagation(); on.emit(m.clone()); }) }>{" "}{t!(lang, "hop-show-rule")}</button>
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
            if !t.notes.is_empty() { <p class="muted small" data-testid="trace-notes">{crate::i18n::explain::trace_notes(lang, t).join("; ")}</p> }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct DraftInputProps {
    value: String,
    testid: &'static str,
    #[prop_or_default]
    list: Option<&'static str>,
    #[prop_or_default]
    title: AttrValue,
    /// The field's accessible name.
    label: AttrValue,
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
            spellcheck="false" title={p.title.clone()} aria-label={p.label.clone()} {oninput} {onchange} />
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bridge::analysis::Analysis;
    use crate::i18n::has;

    fn form(to: &str, port: &str) -> FlowForm {
        FlowForm {
            from: "internet".into(),
            to: to.into(),
            protocol: "tcp".into(),
            port: port.into(),
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn every_decision_has_a_label_in_both_languages() {
        use Decision::*;
        for d in [Allow, Deny, Forward, Translate, Deliver, Drop, Skip] {
            for lang in Lang::ALL {
                assert!(
                    has(lang, &format!("decision-{}", decision_word(d))),
                    "{d:?}"
                );
            }
        }
        assert_eq!(decision_label(Lang::En, Decision::Deny), "deny");
        assert_eq!(decision_label(Lang::Ko, Decision::Deny), "거부");
        assert_eq!(direction_label(Lang::Ko, HopDirection::Inbound), "인바운드");
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn the_live_region_says_the_verdict_in_each_language() {
        let design = crate::bridge::sample();
        let bastion = design
            .network
            .instances
            .iter()
            .find(|i| i.role == sim::network::InstanceRole::Bastion)
            .unwrap()
            .id
            .clone();
        let analysis = Analysis::new(Rc::new(design), 0);
        let shut = form(&bastion, "22");
        // The sample's bastion is shut on purpose (its lesson); the same trace with its
        // blocker removed stands for a reachable one.
        let shut_trace = analysis.trace(&shut.from, &shut.to, &shut.protocol, &shut.port);
        let b = shut_trace.as_ref().unwrap().blockers[0].clone();
        let ok = &shut;
        let ok_trace = &shut_trace.clone().map(|mut t| {
            t.blockers.clear();
            t.verdict = Verdict::Reachable;
            t
        });
        let shut_trace = &shut_trace;
        let shut = &shut;
        let (to_ok, port_ok, to_shut, port_shut) = (&ok.to, &ok.port, &shut.to, &shut.port);
        let cases = [
            (Lang::En, ok, ok_trace, format!("Trace from internet to {to_ok} tcp {port_ok}: reachable, the request gets there and the reply gets back.")),
            (Lang::Ko, ok, ok_trace, format!("internet에서 {to_ok}(으)로 가는 tcp {port_ok} 트레이스: 도달 가능, 요청이 도착하고 응답도 돌아옵니다.")),
            (Lang::En, shut, shut_trace, format!("Trace from internet to {to_shut} tcp {port_shut}: unreachable, blocked by {} ({}).", b.component, b.code)),
            (Lang::Ko, shut, shut_trace, format!("internet에서 {to_shut}(으)로 가는 tcp {port_shut} 트레이스: 도달 불가, {}에서 차단됨 ({}).", b.component, b.code)),
        ];
        for (lang, f, result, want) in cases {
            assert_eq!(announcement(lang, f, result), want);
        }
        let err = Err(Text::from("no such endpoint"));
        assert_eq!(
            announcement(Lang::En, ok, &err),
            "Trace not run: no such endpoint"
        );
        assert_eq!(
            announcement(Lang::Ko, ok, &err),
            "트레이스를 실행하지 못했습니다: no such endpoint"
        );
        // An error sim gave a key is said in the reader's language.
        let keyed = Err(sim::network::FlowError::PortRequired {
            protocol: "tcp".into(),
            from: "internet".into(),
            to: "pod:shop/web-a".into(),
        }
        .text());
        assert_eq!(
            announcement(Lang::En, ok, &keyed),
            "Trace not run: tcp flow from `internet` to `pod:shop/web-a` needs a destination port (--port)"
        );
        assert_eq!(
            announcement(Lang::Ko, ok, &keyed),
            "트레이스를 실행하지 못했습니다: `internet`에서 `pod:shop/web-a`(으)로 가는 tcp 흐름에는 목적지 포트(--port)가 필요합니다"
        );
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn plural_and_numbered_messages_read_naturally() {
        let more = |lang, n: f64| t!(lang, "trace-more-blockers", count = n);
        assert_eq!(more(Lang::En, 1.0), "1 more thing to change on this path");
        assert_eq!(more(Lang::En, 2.0), "2 more things to change on this path");
        assert_eq!(
            more(Lang::Ko, 2.0),
            "이 경로에서 바꿔야 할 것이 2개 더 있습니다"
        );
        assert_eq!(
            t!(Lang::En, "trace-step", step = 3, total = 9),
            "hop 3 of 9"
        );
        assert_eq!(t!(Lang::Ko, "trace-step", step = 3, total = 9), "홉 3/9");
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn an_assumption_puts_the_block_where_each_language_wants_it() {
        let cases = [
            (
                Lang::En,
                "This verdict rests on an assumption about ",
                ": var.x is unknown",
            ),
            (
                Lang::Ko,
                "이 판정은 ",
                "에 대한 가정에 기반합니다: var.x is unknown",
            ),
        ];
        for (lang, before, after) in cases {
            let parts = assumption_parts(lang, "var.x is unknown");
            assert_eq!(parts, (before.to_string(), after.to_string()), "{lang:?}");
        }
    }
}
