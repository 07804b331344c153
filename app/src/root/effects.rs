//! What the App root keeps in step with the page and the browser's storage, as hooks: the
//! saved mode, the interview clock, the interviewer's notes across tabs, `<html lang>` and
//! the theme, the autosave, the keyboard shortcuts and the polite live region.

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;
use yew::prelude::*;

use crate::components;
use crate::i18n::Lang;
use crate::services::{self, storage};
use crate::shell;
use crate::state::editor::{EditorState, Theme};
use crate::state::session::{Mode, Session, SessionAction};
use crate::state::trace::TraceState;
use crate::t;
use crate::SaveStatus;

/// Keeps the session's mode in storage (a reload resumes it), except a review's, which
/// comes from its link.
#[hook]
pub fn use_saved_mode(session: &UseReducerHandle<Session>) {
    use_effect_with(session.mode.clone(), move |m| {
        if !matches!(m, Mode::Review { .. }) {
            storage::save_mode(&serde_json::to_string(m).unwrap_or_default());
        }
    });
}

/// The interview clock: "now" in ms since the epoch, ticking once a second only while an
/// interview (or a candidate's session) runs.
#[hook]
pub fn use_clock(session: &UseReducerHandle<Session>) -> f64 {
    let now = use_state(js_sys::Date::now);
    {
        let now = now.clone();
        let ticking = matches!(
            &session.mode,
            Mode::Interview {
                paused_at: None,
                ..
            } | Mode::Candidate { .. }
        );
        use_effect_with(ticking, move |on| {
            let timer = on.then(|| {
                gloo::timers::callback::Interval::new(1000, move || now.set(js_sys::Date::now()))
            });
            move || drop(timer)
        });
    }
    *now
}

/// The interviewer's notes: stored per session, shared by this browser's tabs. A tab takes
/// another's notes only when they are newer, so a stale tab never overwrites them.
#[hook]
pub fn use_interview_notes(session: &UseReducerHandle<Session>) {
    let notes_session = use_mut_ref(String::new);
    let session_id = match &session.mode {
        Mode::Interview { session, .. } => Some(session.clone()),
        _ => None,
    };
    *notes_session.borrow_mut() = session_id.clone().unwrap_or_default();
    {
        let d = session.dispatcher();
        use_effect_with(session_id, move |id| {
            if let Some(stored) = id.as_deref().and_then(services::interview::load_notes) {
                d.dispatch(SessionAction::NotesSynced(stored));
            }
        });
    }
    {
        let (d, notes_session) = (session.dispatcher(), notes_session.clone());
        use_effect_with((), move |_| {
            let window = web_sys::window().expect("a window");
            let listener = EventListener::new(&window, "storage", move |e| {
                if let Some((id, stored)) = services::interview::notes_event(e) {
                    if *notes_session.borrow() == id {
                        d.dispatch(SessionAction::NotesSynced(stored));
                    }
                }
            });
            move || drop(listener)
        });
    }
}

/// `<html lang>` follows the UI's language (screen readers pick their voice by it, and the
/// browser its fonts and hyphenation), `data-theme` the theme.
#[hook]
pub fn use_page_attributes(lang: Lang, theme: Theme) {
    use_effect_with(lang, |lang| {
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("lang", lang.tag());
        }
    });
    {
        use_effect_with(theme, move |theme| {
            if let Some(root) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element())
            {
                let _ = root.set_attribute("data-theme", theme.as_str());
            }
        });
    }
}

/// Autosave on every change of the user's own design (never of a shared, read-only one);
/// the status the top bar shows.
#[hook]
pub fn use_autosave(state: &UseReducerHandle<EditorState>) -> UseStateHandle<SaveStatus> {
    // `_eq`: a save that ends as the last one did ("Saved") must not render the whole app a
    // second time after every edit.
    let save_status = use_state_eq(|| SaveStatus::Saved);
    {
        let (design, history) = (state.design.clone(), state.history.clone());
        let read_only = state.read_only;
        let save_status = save_status.clone();
        use_effect_with(state.revision, move |_| {
            if read_only {
                save_status.set(SaveStatus::Shared);
            } else {
                match storage::autosave(&design) {
                    Ok(()) => {
                        storage::save_history(&history, &design);
                        save_status.set(SaveStatus::Saved)
                    }
                    Err(e) => save_status.set(SaveStatus::Failed(e.to_string())),
                }
            }
        });
    }
    save_status
}

/// The keyboard shortcuts, installed once for the document (`shell` decides what a key does).
#[hook]
pub fn use_shortcuts(shell: &shell::Shell) {
    {
        let shell = shell.clone();
        use_effect_with((), move |_| {
            let document = web_sys::window()
                .and_then(|w| w.document())
                .expect("a document");
            let options = gloo::events::EventListenerOptions::enable_prevent_default();
            let listener =
                EventListener::new_with_options(&document, "keydown", options, move |e| {
                    if let Some(e) = e.dyn_ref::<KeyboardEvent>() {
                        if shell.key(e) {
                            e.prevent_default();
                        }
                    }
                });
            move || drop(listener)
        });
    }
}

/// The polite live region's text: a trace's verdict when it is run, a move of the selection.
#[hook]
pub fn use_announcements(
    lang: Lang,
    state: &UseReducerHandle<EditorState>,
    trace: &UseReducerHandle<TraceState>,
    traced: &super::traces::Traced,
) -> String {
    let lang = &lang;
    let announcement = use_state(String::new);
    {
        let announcement = announcement.clone();
        let said = traced
            .as_ref()
            .as_ref()
            .map(|t| components::traces::announcement(*lang, &trace.form, t));
        use_effect_with(said, move |said| {
            if let Some(text) = said {
                announcement.set(text.clone());
            }
        });
    }
    {
        let announcement = announcement.clone();
        let last = use_mut_ref(|| (Vec::<String>::new(), Vec::<(i64, i64)>::new()));
        let at: Vec<(i64, i64)> = state
            .selection
            .iter()
            .filter_map(|id| state.shape(id))
            .map(|s| (s.rect.x.round() as i64, s.rect.y.round() as i64))
            .collect();
        let moved = {
            let prev = last.borrow();
            (prev.0 == state.selection && prev.1 != at && prev.1.len() == at.len()).then(|| {
                match state.selection.as_slice() {
                    [one] => state.shape(one).map(|s| {
                        t!(
                            *lang,
                            "announce-moved-one",
                            name = components::canvas_nav::short_name(*lang, s),
                            x = s.rect.x,
                            y = s.rect.y
                        )
                    }),
                    many => Some(t!(*lang, "announce-moved-many", count = many.len())),
                }
            })
        }
        .flatten();
        *last.borrow_mut() = (state.selection.clone(), at);
        use_effect_with(moved, move |moved| {
            if let Some(text) = moved {
                announcement.set(text.clone());
            }
        });
    }
    (*announcement).clone()
}
