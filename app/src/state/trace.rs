//! The packet-trace state: the flow being traced as typed, whether its trace is shown, the
//! playback (current hop, playing, speed) and which end a canvas click picks. A pure reducer
//! over [`TraceAction`]; the trace itself is computed by the app root from the editor's
//! `Analysis` (so it is re-run only when the flow or the network changes).

use std::rc::Rc;

use sim::network::{Flow, InstanceRole, Network};
use yew::Reducible;

/// The flow the user is tracing, as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlowForm {
    pub from: String,
    pub to: String,
    pub protocol: String,
    pub port: String,
}

impl FlowForm {
    /// The form showing a flow (a checklist item's, a test flow's or a matrix cell's).
    pub fn of(flow: &Flow) -> FlowForm {
        FlowForm {
            from: flow.from.clone(),
            to: flow.to.clone(),
            protocol: flow.protocol.name(),
            port: flow.port.map(|p| p.to_string()).unwrap_or_default(),
        }
    }
}

/// Which end of the flow the next canvas click sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pick {
    From,
    To,
}

/// What the reachability matrix shows: a protocol and ports, as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatrixQuery {
    pub protocol: String,
    pub ports: String,
}

impl Default for MatrixQuery {
    fn default() -> Self {
        MatrixQuery {
            protocol: "tcp".into(),
            ports: "22,80,443,3306,8080".into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct TraceState {
    pub form: FlowForm,
    /// Whether the form's trace is shown (nothing is traced before the first request).
    pub on: bool,
    /// Index into forward hops then return hops.
    pub step: usize,
    pub playing: bool,
    /// Playback speed, 1.0 = one hop per 700 ms.
    pub speed: f64,
    pub picking: Option<Pick>,
    /// The reachability matrix, when it is open.
    pub matrix: Option<MatrixQuery>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TraceAction {
    /// The form was edited: trace it from its first hop.
    Form(FlowForm),
    /// Trace the form and play it from the first hop.
    Run,
    /// Open a flow and play its trace (a test flow or a matrix cell).
    RunFlow(FlowForm),
    /// Open a flow and show its trace, paused (a checklist item).
    Open(FlowForm),
    /// Show one hop; stops playback.
    Step(usize),
    /// Start or pause playback of a trace of `hops` hops (a finished one restarts).
    Play {
        on: bool,
        hops: usize,
    },
    Speed(f64),
    /// Arm (or disarm) picking an end of the flow on the canvas.
    Pick(Option<Pick>),
    /// A component was clicked while picking: it becomes that end of the flow.
    Picked(String),
    /// The playback timer fired on a trace of `hops` hops: next hop, or stop at the last.
    Tick {
        hops: usize,
    },
    /// Open (with this query) or close the reachability matrix.
    Matrix(Option<MatrixQuery>),
}

impl TraceState {
    /// From the internet to the design's bastion (else its first instance) on SSH.
    pub fn new(net: &Network) -> TraceState {
        let to = net
            .instances
            .iter()
            .find(|i| i.role == InstanceRole::Bastion)
            .or(net.instances.first())
            .map(|i| i.id.clone())
            .unwrap_or_default();
        TraceState {
            form: FlowForm {
                from: "internet".into(),
                to,
                protocol: "tcp".into(),
                port: "22".into(),
            },
            on: false,
            step: 0,
            playing: false,
            speed: 1.0,
            picking: None,
            matrix: None,
        }
    }
}

impl Reducible for TraceState {
    type Action = TraceAction;

    fn reduce(self: Rc<Self>, action: TraceAction) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            TraceAction::Form(form) => {
                s.form = form;
                s.on = true;
                s.step = 0;
            }
            TraceAction::Run => {
                s.on = true;
                s.step = 0;
                s.playing = true;
            }
            TraceAction::RunFlow(form) => {
                s.form = form;
                s.on = true;
                s.step = 0;
                s.playing = true;
                s.matrix = None;
            }
            TraceAction::Open(form) => {
                s.form = form;
                s.on = true;
                s.step = 0;
                s.playing = false;
            }
            TraceAction::Step(i) => {
                s.playing = false;
                s.step = i;
            }
            TraceAction::Play { on, hops } => {
                if on && s.step + 1 >= hops {
                    s.step = 0;
                }
                s.playing = on;
            }
            TraceAction::Speed(speed) => s.speed = speed,
            TraceAction::Pick(which) => s.picking = which,
            TraceAction::Picked(id) => {
                let Some(which) = s.picking.take() else {
                    return self;
                };
                match which {
                    Pick::From => s.form.from = id,
                    Pick::To => s.form.to = id,
                }
                s.on = true;
                s.step = 0;
            }
            TraceAction::Matrix(query) => s.matrix = query,
            TraceAction::Tick { hops } => {
                if !s.playing {
                    return self;
                }
                if s.step + 1 < hops {
                    s.step += 1;
                } else {
                    s.playing = false;
                }
            }
        }
        Rc::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> Rc<TraceState> {
        Rc::new(TraceState::new(&crate::bridge::sample().network))
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn the_first_flow_is_ssh_from_the_internet_to_the_bastion_and_is_not_traced_yet() {
        let s = state();
        let net = crate::bridge::sample().network;
        let bastion = net
            .instances
            .iter()
            .find(|i| i.role == InstanceRole::Bastion)
            .unwrap();
        assert_eq!(
            (
                s.form.from.as_str(),
                s.form.to.as_str(),
                s.form.port.as_str()
            ),
            ("internet", bastion.id.as_str(), "22")
        );
        assert!(!s.on && !s.playing);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn playback_advances_one_hop_per_tick_and_stops_at_the_last() {
        let mut s = state().reduce(TraceAction::Run);
        assert!(s.playing && s.on && s.step == 0);
        for _ in 0..5 {
            s = s.reduce(TraceAction::Tick { hops: 3 });
        }
        assert_eq!((s.step, s.playing), (2, false));
        // A tick while paused changes nothing.
        let same = s.clone().reduce(TraceAction::Tick { hops: 3 });
        assert!(Rc::ptr_eq(&s, &same));
        // Playing a finished trace starts it again.
        let again = s.reduce(TraceAction::Play { on: true, hops: 3 });
        assert_eq!((again.step, again.playing), (0, true));
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn stepping_pauses_and_editing_the_form_restarts_at_the_first_hop() {
        let s = state()
            .reduce(TraceAction::Run)
            .reduce(TraceAction::Step(4));
        assert_eq!((s.step, s.playing), (4, false));
        let mut f = s.form.clone();
        f.port = "443".into();
        let s = s.reduce(TraceAction::Form(f));
        assert_eq!((s.step, s.form.port.as_str()), (0, "443"));
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn a_picked_component_becomes_the_armed_end_of_the_flow_once() {
        let s = state()
            .reduce(TraceAction::Pick(Some(Pick::From)))
            .reduce(TraceAction::Picked("i-app".into()));
        assert_eq!(
            (s.form.from.as_str(), s.picking, s.on),
            ("i-app", None, true)
        );
        // Without an armed end, a pick is ignored.
        let same = s.clone().reduce(TraceAction::Picked("i-other".into()));
        assert!(Rc::ptr_eq(&s, &same));
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn a_checklist_flow_opens_paused_and_a_test_flow_plays() {
        let form = FlowForm {
            from: "internet".into(),
            to: "lb-1".into(),
            protocol: "tcp".into(),
            port: "80".into(),
        };
        let opened = state().reduce(TraceAction::Open(form.clone()));
        assert_eq!((opened.on, opened.playing), (true, false));
        let run = state()
            .reduce(TraceAction::Matrix(Some(MatrixQuery::default())))
            .reduce(TraceAction::RunFlow(form.clone()));
        assert_eq!((run.form.clone(), run.playing), (form, true));
        assert_eq!(run.matrix, None, "opening a matrix cell closes the matrix");
    }
}
