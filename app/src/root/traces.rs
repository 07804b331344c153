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
use crate::components::canvas::{TraceOverlay, TracePoint};
use crate::components::traces::{all_hops, TracePanel};
use crate::state;
use crate::state::editor::{Action, EditorState};
use crate::state::trace::{TraceAction, TraceState};

/// A trace's result as the tracer gives it (`Err`: the flow's endpoints could not be read).
pub type Traced = Rc<Option<Rc<Result<sim::network::Trace, String>>>>;

/// What the root places: the trace (for the live region), the canvas overlay and the tab.
pub struct Traces {
    pub traced: Traced,
    pub overlay: Option<TraceOverlay>,
    pub panel: Html,
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
    // Where each hop is drawn: recomputed when the trace or the drawing changes, not per step.
    let points = {
        let (design, shapes, traced) = (state.design.clone(), state.shapes.clone(), traced.clone());
        use_memo(
            (state.revision, analysis.key, trace.form.clone(), trace.on),
            move |_| {
                let t = traced.as_ref().as_ref()?.as_ref().as_ref().ok()?;
                let internet = bridge::internet_anchor(&design);
                let mut uses_internet = false;
                let points: Vec<TracePoint> = all_hops(t)
                    .into_iter()
                    .filter_map(|(h, ret)| {
                        let anchor = bridge::hop_anchor(&design, h)?;
                        let (x, y) = if anchor == "internet" {
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
            <TracePanel terraform={state.terraform.clone()} endpoints={analysis.endpoints.clone()} test_flows={analysis.test_flows.clone()} matrix={(*matrix).clone()}
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
        panel: trace_panel,
    }
}
