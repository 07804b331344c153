//! Links pasted into an open tab: the app listens for `hashchange` and loads a share link
//! (read-only, with its history) or a candidate link (the candidate's mode, after keeping the
//! user's own work as a snapshot). When the design on screen is the user's own and has work in
//! it, it asks first; the work stays in this browser's autosave either way.

use std::rc::Rc;

use gloo::events::EventListener;
use yew::prelude::*;

use super::location_hash;
use crate::bridge;
use crate::i18n::Lang;
use crate::services::{self, share, storage};
use crate::shell;
use crate::state::editor::{Action, EditorState};
use crate::state::interview::CandidateBrief;
use crate::state::session::{Session, SessionAction};
use crate::t;

/// Installs the listener once; `unsaved` is whether the design on screen has changes the
/// autosave did not take (the question then says so).
#[hook]
pub fn use_pasted_links(
    state: &UseReducerHandle<EditorState>,
    session: &UseReducerHandle<Session>,
    snapshots: &UseStateHandle<storage::Snapshots>,
    lang_now: &Rc<std::cell::Cell<Lang>>,
    unsaved: bool,
) {
    // A link pasted into this open tab loads it; when the design on screen is the user's own
    // and has work in it, the app asks first (it stays in this browser's autosave either way).
    {
        let (state, session, snapshots) = (state.clone(), session.clone(), snapshots.clone());
        let lang_now = lang_now.clone();
        // What is on screen now (the listener's handles are from the first render).
        let current = use_mut_ref(|| (None::<Rc<sim::network::Design>>, false));
        *current.borrow_mut() = ((!state.read_only).then(|| state.design.clone()), unsaved);
        use_effect_with((), move |_| {
            let window = web_sys::window().expect("a window");
            let listener = EventListener::new(&window, "hashchange", move |_| {
                let hash = location_hash();
                let (has_work, unsaved) = {
                    let c = current.borrow();
                    (
                        c.0.as_deref().is_some_and(bridge::assignment::has_work),
                        c.1,
                    )
                };
                let brief = CandidateBrief::decode(&hash);
                let design = share::decode(&hash);
                let (Ok(brief), Ok(Some(design))) = (brief, design) else {
                    if let Err(e) = share::decode(&hash) {
                        state.dispatch(Action::Notify(t!(
                            lang_now.get(),
                            "notice-link-unreadable",
                            error = e.as_str()
                        )));
                    }
                    return;
                };
                let question = if unsaved {
                    t!(lang_now.get(), "confirm-open-link-unsaved")
                } else {
                    t!(lang_now.get(), "confirm-open-link")
                };
                if has_work && !services::interview::confirm(&question) {
                    return;
                }
                match brief {
                    Some(brief) => {
                        // The user's own design is the autosave (this listener's handles are
                        // from the first render; storage is current).
                        if let storage::Restored::Design(own) = storage::restore() {
                            if bridge::assignment::has_work(&own) {
                                let label = format!("{} (before an interview)", own.name);
                                let _ = shell::snapshot(&snapshots, &own, &label);
                            }
                        }
                        state.dispatch(Action::Load {
                            design: Box::new(design),
                            read_only: false,
                        });
                        session.dispatch(SessionAction::EnterCandidate {
                            brief,
                            now: js_sys::Date::now(),
                        });
                        share::drop_fragment();
                    }
                    None => {
                        let history = share::history_param(lang_now.get(), &hash, &design);
                        state.dispatch(Action::Load {
                            design: Box::new(design),
                            read_only: true,
                        });
                        match history {
                            Some(Ok(h)) => state.dispatch(Action::SetHistory(Rc::new(h))),
                            Some(Err(e)) => state.dispatch(Action::Notify(e)),
                            None => {}
                        }
                    }
                }
                let (w, h) = shell::canvas_size();
                state.dispatch(Action::FitToScreen {
                    width: w,
                    height: h,
                });
            });
            move || drop(listener)
        });
    }
}
