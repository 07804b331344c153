//! The session around the design: the mode (free, assignment, interview, review) with its
//! hints, notes and interview clock, which overlays are open, and what the learner set up in
//! the cluster view while it is hidden. A pure reducer over [`SessionAction`]: the wall
//! clock comes in as an argument (`now`, milliseconds), so every transition is tested natively.

use std::rc::Rc;

use serde::{Deserialize, Serialize};
use sim::cluster::model::SimTime;
use sim::cluster::sim::Injected;
use yew::Reducible;

/// What the workspace is being used for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum Mode {
    #[default]
    Free,
    /// A learner works on a scenario; `hints` have been revealed.
    Assignment { scenario: String, hints: usize },
    /// An interviewer walks a candidate through a scenario.
    Interview {
        scenario: String,
        hints: usize,
        started_at: f64,
        paused_at: Option<f64>,
        notes: String,
    },
    /// Reviewing a submitted design opened from a share link.
    Review { scenario: String },
}

impl Mode {
    pub fn scenario(&self) -> Option<&str> {
        match self {
            Mode::Free => None,
            Mode::Assignment { scenario, .. }
            | Mode::Interview { scenario, .. }
            | Mode::Review { scenario } => Some(scenario),
        }
    }
}

/// What the learner set up in the cluster view, kept while the view is hidden. (The seed is
/// the editor's: it decides the pods' addresses too.)
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterSession {
    pub injected: Vec<Injected>,
    pub time_ms: SimTime,
    pub speed: i64,
    pub selected_pod: Option<String>,
    /// The last palette drop of a pod the view has already focused (see `EditorState::dropped_pod`).
    pub focused_drop: Option<u64>,
}

impl Default for ClusterSession {
    fn default() -> Self {
        ClusterSession {
            injected: Vec::new(),
            time_ms: 0,
            speed: 10,
            selected_pod: None,
            focused_drop: None,
        }
    }
}

/// A scenario the learner chose while their design has work in it: the app asks before
/// replacing it.
#[derive(Clone, Debug, PartialEq)]
pub struct PendingStart {
    pub scenario: String,
    pub interview: bool,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Session {
    pub mode: Mode,
    pub picker_open: bool,
    /// Asking whether to replace the current design with this scenario's.
    pub pending_start: Option<PendingStart>,
    /// In a mode, the right column shows the task card (else the properties).
    pub task_tab: bool,
    pub help_open: bool,
    pub cluster: ClusterSession,
}

#[derive(Clone, Debug, PartialEq)]
pub enum SessionAction {
    OpenPicker(bool),
    ShowTask(bool),
    ToggleHelp,
    CloseHelp,
    /// Ask before starting this scenario over the current design (closes the picker).
    AskStart {
        scenario: String,
        interview: bool,
    },
    /// Don't start the scenario asked about; nothing else changes.
    CancelStart,
    /// Start a scenario as an assignment or an interview at wall time `now` (on whatever
    /// design is loaded: the scenario's, or the learner's own to grade it).
    Start {
        scenario: String,
        interview: bool,
        now: f64,
    },
    RevealHint,
    /// The interviewer's notes.
    Notes(String),
    /// Run or pause the interview clock at wall time `now`.
    Timer {
        run: bool,
        now: f64,
    },
    /// Back to free editing.
    Exit,
    /// The cluster view closed with this set-up.
    KeepCluster(ClusterSession),
}

impl Session {
    pub fn new(mode: Mode) -> Session {
        Session {
            mode,
            task_tab: true,
            ..Session::default()
        }
    }
}

impl Reducible for Session {
    type Action = SessionAction;

    fn reduce(self: Rc<Self>, action: SessionAction) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            SessionAction::OpenPicker(open) => s.picker_open = open,
            SessionAction::ShowTask(on) => s.task_tab = on,
            SessionAction::ToggleHelp => s.help_open = !s.help_open,
            SessionAction::CloseHelp => s.help_open = false,
            SessionAction::AskStart {
                scenario,
                interview,
            } => {
                s.pending_start = Some(PendingStart {
                    scenario,
                    interview,
                });
                s.picker_open = false;
            }
            SessionAction::CancelStart => s.pending_start = None,
            SessionAction::Start {
                scenario,
                interview,
                now,
            } => {
                s.mode = if interview {
                    Mode::Interview {
                        scenario,
                        hints: 0,
                        started_at: now,
                        paused_at: None,
                        notes: String::new(),
                    }
                } else {
                    Mode::Assignment { scenario, hints: 0 }
                };
                s.picker_open = false;
                s.pending_start = None;
                s.task_tab = true;
            }
            SessionAction::RevealHint => match &mut s.mode {
                Mode::Assignment { hints, .. } | Mode::Interview { hints, .. } => *hints += 1,
                Mode::Free | Mode::Review { .. } => return self,
            },
            SessionAction::Notes(text) => match &mut s.mode {
                Mode::Interview { notes, .. } => *notes = text,
                _ => return self,
            },
            SessionAction::Timer { run, now } => match &mut s.mode {
                Mode::Interview {
                    started_at,
                    paused_at,
                    ..
                } => match (run, *paused_at) {
                    // Resume: shift the start by the paused time.
                    (true, Some(p)) => {
                        *started_at += now - p;
                        *paused_at = None;
                    }
                    (false, None) => *paused_at = Some(now),
                    _ => return self,
                },
                _ => return self,
            },
            SessionAction::Exit => s.mode = Mode::Free,
            SessionAction::KeepCluster(c) => s.cluster = c,
        }
        Rc::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn interview(now: f64) -> Rc<Session> {
        Rc::new(Session::new(Mode::Free)).reduce(SessionAction::Start {
            scenario: "vpc-week1".into(),
            interview: true,
            now,
        })
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn starting_a_scenario_closes_the_picker_and_shows_the_task() {
        let s = Rc::new(Session::new(Mode::Free))
            .reduce(SessionAction::OpenPicker(true))
            .reduce(SessionAction::ShowTask(false))
            .reduce(SessionAction::Start {
                scenario: "vpc-week1".into(),
                interview: false,
                now: 0.0,
            });
        assert_eq!(
            s.mode,
            Mode::Assignment {
                scenario: "vpc-week1".into(),
                hints: 0
            }
        );
        assert!(!s.picker_open && s.task_tab);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn asking_to_start_closes_the_picker_and_cancelling_changes_nothing_else() {
        let free = Rc::new(Session::new(Mode::Free)).reduce(SessionAction::OpenPicker(true));
        let asking = free.clone().reduce(SessionAction::AskStart {
            scenario: "vpc-week1".into(),
            interview: false,
        });
        assert_eq!(
            asking.pending_start,
            Some(PendingStart {
                scenario: "vpc-week1".into(),
                interview: false
            })
        );
        assert!(!asking.picker_open);
        assert_eq!(asking.mode, Mode::Free);
        let cancelled = asking.reduce(SessionAction::CancelStart);
        assert_eq!(
            *cancelled,
            Session {
                picker_open: false,
                ..(*free).clone()
            }
        );
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn starting_the_scenario_asked_about_answers_the_question() {
        let s = Rc::new(Session::new(Mode::Free))
            .reduce(SessionAction::AskStart {
                scenario: "vpc-week1".into(),
                interview: true,
            })
            .reduce(SessionAction::Start {
                scenario: "vpc-week1".into(),
                interview: true,
                now: 5.0,
            });
        assert_eq!(s.pending_start, None);
        assert!(
            matches!(&s.mode, Mode::Interview { scenario, started_at, .. } if scenario == "vpc-week1" && *started_at == 5.0)
        );
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn a_paused_interview_clock_resumes_without_counting_the_pause() {
        let s = interview(1_000.0)
            .reduce(SessionAction::Timer {
                run: false,
                now: 5_000.0,
            })
            .reduce(SessionAction::Timer {
                run: true,
                now: 65_000.0,
            });
        match &s.mode {
            Mode::Interview {
                started_at,
                paused_at,
                ..
            } => assert_eq!((*started_at, *paused_at), (61_000.0, None)),
            m => panic!("{m:?}"),
        }
        // Running a running clock changes nothing.
        let same = s.clone().reduce(SessionAction::Timer {
            run: true,
            now: 70_000.0,
        });
        assert!(Rc::ptr_eq(&s, &same));
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn hints_and_notes_belong_to_the_scenario_modes_only() {
        let s = interview(0.0)
            .reduce(SessionAction::RevealHint)
            .reduce(SessionAction::RevealHint)
            .reduce(SessionAction::Notes("asked about NACLs".into()));
        match &s.mode {
            Mode::Interview { hints, notes, .. } => {
                assert_eq!((*hints, notes.as_str()), (2, "asked about NACLs"))
            }
            m => panic!("{m:?}"),
        }
        let free = s.reduce(SessionAction::Exit);
        assert_eq!(free.mode, Mode::Free);
        let same = free.clone().reduce(SessionAction::RevealHint);
        assert!(Rc::ptr_eq(&free, &same));
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn the_cluster_set_up_is_kept_while_its_view_is_hidden() {
        let kept = ClusterSession {
            time_ms: 90_000,
            speed: 100,
            selected_pod: Some("default/web-1".into()),
            ..ClusterSession::default()
        };
        let s = Rc::new(Session::new(Mode::Free)).reduce(SessionAction::KeepCluster(kept.clone()));
        assert_eq!(s.cluster, kept);
        assert!(!s.help_open);
        assert!(s.reduce(SessionAction::ToggleHelp).help_open);
    }
}
