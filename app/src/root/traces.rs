//! Packet traces as the App root runs them: the trace of the form's flow (recomputed when the
//! flow or the analysed network changes, never for a layout-only edit), its playback timer,
//! where each hop is drawn on the canvas, the reachability matrix, and the Traces tab. A
//! candidate's trace shows every hop and blocker but no suggested fix.

use std::rc::Rc;

use yew::prelude::*;

use super::dispatcher;
use crate::bridge;
use crate::bridge::analysis::Analysis;
use crate::components;
use crate::components::canvas::{PlannedAlb, TraceOverlay, TracePoint};
use crate::components::traces::{all_hops, TracePanel};
use crate::state;
use crate::state::editor::{Action, EditorState};
use crate::state::trace::{TraceAction, TraceState};

/// A trace's result as the tracer gives it (`Err`: the flow's endpoints could not be read).
pub type Traced = Rc<Option<Rc<Result<sim::network::Trace, sim::network::msg::Text>>>>;

/// What the root places: the trace (for the live region), the canvas overlay and the tab.
pub struct Traces {
    pub traced: Traced,
    pub overlay: Option<TraceOverlay>,
    /// The Ingresses' ALBs the canvas draws (those that are not design components).
    pub planned_albs: Rc<Vec<PlannedAlb>>,
    pub panel: Html,
}

/// The ALB of each `alb` Ingress that the design does not draw, boxed under the header of each
/// of its subnets (one row per ALB, in the controller's order, so two never overlap).
fn planned_albs(
    analysis: &Analysis,
    design: &sim::network::Design,
    shapes: &[crate::view::Shape],
) -> Vec<PlannedAlb> {
    let Some(k) = analysis.cluster_network() else {
        return Vec::new();
    };
    let cn = k.cluster();
    let Some(net) = cn.network.as_ref() else {
        return Vec::new();
    };
    let mut rows: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    cn.ingresses
        .iter()
        .filter(|p| !design.layout.contains_key(&p.lb_id))
        .filter_map(|p| {
            let lb = net.load_balancers.iter().find(|l| l.id == p.lb_id)?;
            let boxes: Vec<(f64, f64, f64, f64)> = lb
                .subnets
                .iter()
                .filter_map(|id| shapes.iter().find(|s| s.id == *id))
                .map(|s| {
                    let row = rows.entry(s.id.as_str()).or_insert(0);
                    let (w, h) = ((s.rect.w - 24.0).clamp(60.0, 220.0), 30.0);
                    let y = s.rect.y + 44.0 + *row as f64 * (h + 6.0);
                    *row += 1;
                    (s.rect.x + (s.rect.w - w) / 2.0, y, w, h)
                })
                .collect();
            (!boxes.is_empty()).then(|| PlannedAlb {
                id: p.lb_id.clone(),
                ingress: p.key.clone(),
                boxes,
            })
        })
        .collect()
}

/// Runs the traces for this render (a hook).
#[hook]
pub fn use_traces(
    state: &UseReducerHandle<EditorState>,
    trace: &UseReducerHandle<TraceState>,
    analysis: &Rc<Analysis>,
    candidate: bool,
    rule_mark: &UseStateHandle<Option<(u64, components::policies::RuleMark)>>,
) -> Traces {
    let (state, trace, analysis) = (state.clone(), trace.clone(), analysis.clone());
    // Re-traced when the flow or the analysed network changes, never for a layout-only edit.
    let traced = {
        let analysis = analysis.clone();
        use_memo(
            (analysis.key, trace.form.clone(), trace.on),
            move |(_, f, on)| {
                on.then(|| Rc::new(analysis.trace(&f.from, &f.to, &f.protocol, &f.port)))
            },
        )
    };
    let hop_count = traced
        .as_ref()
        .as_ref()
        .and_then(|t| t.as_ref().as_ref().ok())
        .map(|t| t.hops.len() + t.return_hops.len())
        .unwrap_or(0);
    // Playback: one hop per tick; the timer is dropped (cancelled) whenever anything changes.
    {
        let dispatcher = trace.dispatcher();
        use_effect_with(
            (trace.playing, trace.speed, trace.step, hop_count),
            move |(on, speed, _, hops)| {
                let hops = *hops;
                let timer = (*on && hops > 0).then(|| {
                    gloo::timers::callback::Timeout::new((700.0 / speed) as u32, move || {
                        dispatcher.dispatch(TraceAction::Tick { hops })
                    })
                });
                move || drop(timer)
            },
        );
    }
    let albs = {
        let (design, shapes, analysis) =
            (state.design.clone(), state.shapes.clone(), analysis.clone());
        use_memo((state.revision, analysis.key), move |_| {
            Rc::new(planned_albs(&analysis, &design, &shapes))
        })
    };
    // Where each hop is drawn: recomputed when the trace or the drawing changes, not per step.
    let points = {
        let (design, shapes, traced, analysis, albs) = (
            state.design.clone(),
            state.shapes.clone(),
            traced.clone(),
            analysis.clone(),
            albs.clone(),
        );
        use_memo(
            (state.revision, analysis.key, trace.form.clone(), trace.on),
            move |_| {
                let t = traced.as_ref().as_ref()?.as_ref().as_ref().ok()?;
                let internet = bridge::internet_anchor(&design);
                // Cluster traces walk the cluster network's copy of the network (pods'
                // addresses on their nodes, the Ingresses' ALBs).
                let net = analysis
                    .cluster_network()
                    .and_then(|k| k.cluster().network.as_ref())
                    .unwrap_or(&design.network);
                let mut uses_internet = false;
                let points: Vec<TracePoint> = all_hops(t)
                    .into_iter()
                    .filter_map(|(h, ret)| {
                        // A planned ALB's hops (its own and its security groups') are drawn
                        // at its box.
                        let alb = albs.iter().find(|a| {
                            a.id == h.component
                                || net.load_balancers.iter().any(|l| {
                                    l.id == a.id && l.security_groups.contains(&h.component)
                                })
                        });
                        let (anchor, (x, y)) = match alb
                            .and_then(|a| a.boxes.first().map(|b| (a, *b)))
                        {
                            Some((a, (x, y, w, bh))) => (a.id.clone(), (x + w / 2.0, y + bh / 2.0)),
                            None => {
                                let anchor = bridge::hop_anchor_on(&design, net, h)?;
                                let at = if anchor == "internet" {
                                    uses_internet = true;
                                    internet
                                } else {
                                    let r = shapes.iter().find(|s| s.id == anchor)?.rect;
                                    if r.w > 100.0 {
                                        (r.x + 40.0, r.y + r.h - 30.0)
                                    } else {
                                        (r.x + r.w / 2.0, r.y + r.h / 2.0)
                                    }
                                };
                                (anchor, at)
                            }
                        };
                        Some(TracePoint {
                            anchor,
                            component: h.component.clone(),
                            x,
                            y,
                            bad: matches!(
                                h.decision,
                                sim::network::Decision::Deny | sim::network::Decision::Drop
                            ),
                            skip: h.decision == sim::network::Decision::Skip,
                            ret,
                            after: h.after_blocker,
                        })
                    })
                    .collect();
                let blocked: Vec<String> = t.blockers.iter().map(|b| b.component.clone()).collect();
                Some((points, uses_internet.then_some(internet), blocked))
            },
        )
    };
    let overlay = points
        .as_ref()
        .as_ref()
        .map(|(points, internet, blocked)| TraceOverlay {
            points: points.clone(),
            step: trace.step,
            internet: *internet,
            blocked: blocked.clone(),
        });
    let matrix = {
        let analysis = analysis.clone();
        use_memo((analysis.key, trace.matrix.clone()), move |(_, query)| {
            query.clone().map(|q| {
                let m = analysis.matrix(&q.protocol, &q.ports);
                (q, Rc::new(m))
            })
        })
    };
    // A candidate's trace shows every hop and blocker but no suggested fix.
    let shown_trace = match (&*traced, candidate) {
        (Some(t), true) => Some(Rc::new(
            t.as_ref()
                .clone()
                .map(|t| state::interview::candidate_trace(&t)),
        )),
        (t, _) => t.clone(),
    };
    let trace_panel = {
        let on_play = {
            let d = trace.dispatcher();
            Callback::from(move |on: bool| {
                d.dispatch(TraceAction::Play {
                    on,
                    hops: hop_count,
                })
            })
        };
        let on_run = {
            let d = trace.dispatcher();
            Callback::from(move |()| d.dispatch(TraceAction::Run))
        };
        let on_trace_fix = dispatcher(&state, Action::ApplyTraceFix);
        let on_select_hop = {
            let state = state.clone();
            Callback::from(move |id: String| {
                // Select the component itself when drawn, else where the hop happened.
                if state.shape(&id).is_some() {
                    state.dispatch(Action::Select(Some(id)));
                }
            })
        };
        let on_save_flow = {
            let (state, f) = (state.clone(), trace.form.clone());
            Callback::from(move |allowed: bool| {
                let protocol = sim::network::Protocol::parse(&f.protocol)
                    .unwrap_or(sim::network::Protocol::Tcp);
                state.dispatch(Action::AddTestFlow(sim::network::TestFlow {
                    name: String::new(),
                    from: f.from.clone(),
                    to: f.to.clone(),
                    protocol,
                    port: f.port.trim().parse().ok(),
                    expect: Some(if allowed {
                        sim::network::Expectation::Reachable
                    } else {
                        sim::network::Expectation::Unreachable
                    }),
                }))
            })
        };
        let on_remove_flow = dispatcher(&state, Action::RemoveTestFlow);
        html! {
            <TracePanel terraform={state.terraform.clone()} endpoints={analysis.endpoints.clone()}
                cluster_endpoints={analysis.cluster_endpoints.clone()} cluster_seed={analysis.cluster_network().map(|_| analysis.seed)} test_flows={analysis.test_flows.clone()} matrix={(*matrix).clone()}
                form={trace.form.clone()} trace={shown_trace} step={trace.step} playing={trace.playing} speed={trace.speed}
                picking={trace.picking} read_only={state.read_only} on_form={dispatcher(&trace, TraceAction::Form)} {on_run}
                on_run_flow={dispatcher(&trace, TraceAction::RunFlow)} on_matrix={dispatcher(&trace, TraceAction::Matrix)}
                on_step={dispatcher(&trace, TraceAction::Step)} {on_play} on_speed={dispatcher(&trace, TraceAction::Speed)} on_pick={dispatcher(&trace, TraceAction::Pick)}
                on_fix={on_trace_fix} {on_select_hop} {on_save_flow} {on_remove_flow}
                on_show_rule={{ let m = rule_mark.clone(); Callback::from(move |r| m.set(Some((m.as_ref().map_or(1, |(n, _)| n + 1), r)))) }} />
        }
    };
    Traces {
        traced,
        overlay,
        planned_albs: (*albs).clone(),
        panel: trace_panel,
    }
}
