//! The session around the design: the mode (free, assignment, interview, review) with its
//! hints, notes and interview clock, which overlays are open, and what the learner set up in
//! the cluster view while it is hidden. A pure reducer over [`SessionAction`]: the wall
//! clock comes in as an argument (`now`, milliseconds), so every transition is tested natively.

use std::rc::Rc;

use serde::{Deserialize, Serialize};
use sim::cluster::model::SimTime;
use sim::cluster::sim::Injected;
use yew::Reducible;

use super::interview::{CandidateBrief, LintLevel, StoredNotes};

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
        /// The session's id: its notes are stored under it (shared by this browser's tabs).
        #[serde(default)]
        session: String,
        /// When `notes` were last written (wall-clock ms), to tell newer from older copies.
        #[serde(default)]
        notes_at: f64,
        /// The time limit in minutes, if any.
        #[serde(default)]
        limit_min: Option<u32>,
        /// Which lints the candidate link lets the candidate see.
        #[serde(default)]
        lints: LintLevel,
    },
    /// The candidate's side of an interview, opened from a candidate link: the prompt and
    /// the hints revealed so far; no answer data, no scenario id.
    Candidate {
        brief: CandidateBrief,
        started_at: f64,
    },
    /// Reviewing a submitted design opened from a share link.
    Review { scenario: String },
}

impl Mode {
    pub fn scenario(&self) -> Option<&str> {
        match self {
            Mode::Free | Mode::Candidate { .. } => None,
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
    /// The interview card folded to its header.
    pub card_collapsed: bool,
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
    /// The interviewer typed their notes at wall time `now`.
    Notes {
        text: String,
        now: f64,
    },
    /// Another tab stored these notes for this session; taken only when newer than ours.
    NotesSynced(StoredNotes),
    /// The interview's time limit in minutes (`None`: no limit).
    SetLimit(Option<u32>),
    /// What the candidate link lets the candidate see of the lints.
    SetCandidateLints(LintLevel),
    /// Open the candidate's side of an interview at wall time `now`.
    EnterCandidate {
        brief: CandidateBrief,
        now: f64,
    },
    /// In a live session, the hints the interviewer has revealed so far (their text): shown
    /// on the candidate's card. Only the candidate's mode takes them.
    RevealedHints(Vec<String>),
    /// Fold or unfold the interview card.
    ToggleCard,
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
                        hints: 0,
                        started_at: now,
                        paused_at: None,
                        notes: String::new(),
                        session: format!("{scenario}-{}", now as u64),
                        notes_at: 0.0,
                        limit_min: None,
                        lints: LintLevel::Off,
                        scenario,
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
                Mode::Free | Mode::Review { .. } | Mode::Candidate { .. } => return self,
            },
            SessionAction::Notes { text, now } => match &mut s.mode {
                Mode::Interview {
                    notes, notes_at, ..
                } => {
                    *notes = text;
                    *notes_at = now;
                }
                _ => return self,
            },
            SessionAction::NotesSynced(stored) => match &mut s.mode {
                Mode::Interview {
                    notes, notes_at, ..
                } if super::interview::newer(&stored, *notes_at) => {
                    *notes = stored.text;
                    *notes_at = stored.at;
                }
                _ => return self,
            },
            SessionAction::SetLimit(limit) => match &mut s.mode {
                Mode::Interview { limit_min, .. } => *limit_min = limit,
                _ => return self,
            },
            SessionAction::SetCandidateLints(level) => match &mut s.mode {
                Mode::Interview { lints, .. } => *lints = level,
                _ => return self,
            },
            SessionAction::EnterCandidate { brief, now } => {
                s.mode = Mode::Candidate {
                    brief,
                    started_at: now,
                };
                s.picker_open = false;
                s.pending_start = None;
                s.task_tab = true;
            }
            SessionAction::RevealedHints(hints) => {
                if let Mode::Candidate { brief, .. } = &mut s.mode {
                    if brief.hints.len() < hints.len() {
                        brief.hints = hints;
                    }
                }
            }
            SessionAction::ToggleCard => s.card_collapsed = !s.card_collapsed,
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
            .reduce(SessionAction::Notes {
                text: "asked about NACLs".into(),
                now: 10.0,
            });
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

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn notes_from_another_tab_replace_ours_only_when_newer() {
        let s = interview(0.0).reduce(SessionAction::Notes {
            text: "mine".into(),
            now: 200.0,
        });
        let older = s.clone().reduce(SessionAction::NotesSynced(StoredNotes {
            text: "stale".into(),
            at: 150.0,
        }));
        assert!(Rc::ptr_eq(&s, &older), "an older copy is ignored");
        let newer = s.reduce(SessionAction::NotesSynced(StoredNotes {
            text: "theirs".into(),
            at: 250.0,
        }));
        assert!(
            matches!(&newer.mode, Mode::Interview { notes, notes_at, .. } if notes == "theirs" && *notes_at == 250.0)
        );
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn the_candidate_mode_names_no_scenario_and_takes_no_interviewer_actions() {
        let brief = CandidateBrief {
            prompt: "Sketch it".into(),
            lints: LintLevel::Off,
            hints: vec![],
            limit_min: None,
        };
        let s = Rc::new(Session::new(Mode::Free)).reduce(SessionAction::EnterCandidate {
            brief: brief.clone(),
            now: 7.0,
        });
        assert_eq!(s.mode.scenario(), None);
        for a in [
            SessionAction::RevealHint,
            SessionAction::Notes {
                text: "x".into(),
                now: 1.0,
            },
            SessionAction::SetLimit(Some(30)),
            SessionAction::SetCandidateLints(LintLevel::All),
        ] {
            let same = s.clone().reduce(a.clone());
            assert!(Rc::ptr_eq(&s, &same), "{a:?}");
        }
        // Modes saved before these fields existed still load.
        let old = r#"{"mode":"interview","scenario":"vpc-week1","hints":1,"started_at":5.0,"paused_at":null,"notes":"n"}"#;
        let m: Mode = serde_json::from_str(old).unwrap();
        assert!(matches!(
            m,
            Mode::Interview {
                limit_min: None,
                lints: LintLevel::Off,
                ..
            }
        ));
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn hints_revealed_in_a_live_session_reach_only_the_candidates_card() {
        let brief = CandidateBrief {
            prompt: "p".into(),
            lints: crate::state::interview::LintLevel::Off,
            hints: Vec::new(),
            limit_min: None,
        };
        let s = Rc::new(Session::new(Mode::Free))
            .reduce(SessionAction::EnterCandidate { brief, now: 0.0 });
        let s = s.reduce(SessionAction::RevealedHints(vec!["first".into()]));
        let Mode::Candidate { brief, .. } = &s.mode else {
            panic!("candidate mode")
        };
        assert_eq!(brief.hints, vec!["first".to_string()]);
        let free = Rc::new(Session::new(Mode::Free))
            .reduce(SessionAction::RevealedHints(vec!["first".into()]));
        assert_eq!(free.mode, Mode::Free, "no other mode takes them");
    }
}
