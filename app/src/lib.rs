//! Stratosim's browser app: a Yew single-page app that edits a design on an SVG canvas and
//! asks the `sim` crate (through `bridge`, the only module that calls it) what it means.
//!
//! Data flow: `state::editor` (a reducer over `Action`) holds the design and its history →
//! `bridge` derives the view model (`view::Shape`) and the lints → `components` draw them
//! and report gestures as actions. `services` is the only module doing browser I/O
//! (localStorage, the URL fragment, files); the effects that call it live here, at the top.

// The unit tests of the reducers and the bridge run natively (`cargo test`) and in headless
// Chromium (`cargo test --target wasm32-unknown-unknown`).
#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

pub mod bridge;
pub mod components;
pub mod i18n;
pub mod icons;
pub mod kind;
pub mod services;
pub mod shell;
pub mod state;
pub mod view;

use std::rc::Rc;

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use components::assignment::{ScenarioPicker, StartDialog, TaskCard};
use components::bottom_panel::BottomPanel;
use components::canvas::{Canvas, Shapes, TraceOverlay, TracePoint};
use components::cluster::ClusterPanel;
use components::help::Help;
use components::interview::{CandidateCard, InterviewCard};
use components::palette::Palette;
use components::properties::PropertiesPanel;
use components::splitter::Splitter;
use components::topbar::Topbar;
use components::traces::{all_hops, TracePanel};
use i18n::Lang;
use services::{files, share, storage};
use state::editor::{Action, EditorState, Notice, Theme};
use state::interview::{CandidateBrief, Clock, StoredNotes};
use state::panels::{Panel, Panels};
use state::session::{Mode, Session, SessionAction};
use state::trace::{FlowForm, TraceAction, TraceState};

/// The language the user chose before, else the first of the browser's languages the app has.
fn initial_lang() -> Lang {
    if let Some(l) = storage::saved_lang().as_deref().and_then(Lang::from_tag) {
        return l;
    }
    let browser: Vec<String> = web_sys::window()
        .map(|w| {
            let list = w.navigator().languages();
            let mut tags: Vec<String> = list.iter().filter_map(|v| v.as_string()).collect();
            if tags.is_empty() {
                tags.extend(w.navigator().language());
            }
            tags
        })
        .unwrap_or_default();
    Lang::preferred(browser.iter().map(String::as_str))
}

/// The theme the user chose before, else the one their system asks for.
fn initial_theme() -> Theme {
    match storage::saved_theme().as_deref() {
        Some("dark") => return Theme::Dark,
        Some("light") => return Theme::Light,
        _ => {}
    }
    let dark = web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .map(|m| m.matches())
        .unwrap_or(false);
    if dark {
        Theme::Dark
    } else {
        Theme::Light
    }
}

/// The mode to start in: reviewing a submitted design opened from a link (against its
/// scenario's rubric), else the mode saved last time, if its scenario still exists.
fn initial_mode() -> Mode {
    // A candidate link: the candidate's side of an interview (its design opens editable).
    if let Ok(Some(brief)) = CandidateBrief::decode(&location_hash()) {
        return Mode::Candidate {
            brief,
            started_at: js_sys::Date::now(),
        };
    }
    if let Some(id) = share::scenario_param(&location_hash())
        .filter(|id| bridge::assignment::scenario(id).is_some())
    {
        return Mode::Review { scenario: id };
    }
    storage::saved_mode()
        .and_then(|t| serde_json::from_str::<Mode>(&t).ok())
        .filter(|m| {
            m.scenario()
                .is_none_or(|id| bridge::assignment::scenario(id).is_some())
        })
        .unwrap_or_default()
}

/// The canvas's box on the page: (left, top, width, height) in CSS pixels.
fn canvas_rect() -> Option<(f64, f64, f64, f64)> {
    let el = web_sys::window()?
        .document()?
        .query_selector("[data-testid=canvas]")
        .ok()??;
    let r = el.get_bounding_client_rect();
    Some((r.left(), r.top(), r.width(), r.height()))
}

fn location_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// What to show first: a shared design from the link (read-only, and never written over
/// the user's own autosave), else the autosaved design, else the sample.
fn initial_state() -> EditorState {
    let theme = initial_theme();
    let lang = initial_lang();
    let mut notice = None;
    let candidate = matches!(CandidateBrief::decode(&location_hash()), Ok(Some(_)));
    match share::decode(&location_hash()) {
        // A candidate link's design is the candidate's to edit: their own design is kept
        // first as a snapshot (the autosave is about to hold the interview's).
        Ok(Some(design)) if candidate => {
            if let storage::Restored::Design(own) = storage::restore() {
                if bridge::assignment::has_work(&own) {
                    let _ = storage::take_snapshot(
                        &own,
                        &t!(lang, "snapshot-before-interview", name = own.name.as_str()),
                    );
                }
            }
            let mut s = EditorState::new(design, theme);
            s.notice = Some(Notice::Text(t!(lang, "notice-interview-copy")));
            return s;
        }
        Ok(Some(design)) => {
            let history = share::history_param(lang, &location_hash(), &design);
            let mut s = EditorState::new(design, theme);
            s.read_only = true;
            match history {
                Some(Ok(h)) => s.history = Rc::new(h),
                Some(Err(e)) => s.notice = Some(Notice::Text(e)),
                None => {}
            }
            return s;
        }
        Ok(None) => {}
        Err(e) => notice = Some(t!(lang, "notice-link-unreadable-own", error = e.as_str())),
    }
    let mut s = match storage::restore() {
        storage::Restored::Design(d) => {
            let history = storage::restore_history(&d);
            let mut s = EditorState::new(*d, theme);
            s.history = Rc::new(history);
            s
        }
        storage::Restored::Nothing => EditorState::new(bridge::sample(), theme),
        storage::Restored::Unreadable { error, kept_as } => {
            notice = Some(t!(
                lang,
                "notice-saved-unreadable",
                error = error.as_str(),
                kept_as = kept_as.as_str()
            ));
            EditorState::new(bridge::sample(), theme)
        }
    };
    s.notice = notice.map(Notice::Text);
    s
}

/// The saved indicator: what the last autosave did.
#[derive(Clone, Debug, PartialEq)]
enum SaveStatus {
    Saved,
    /// A shared design is never written over the user's own autosave.
    Shared,
    /// The browser refused to store it (quota, private mode): why.
    Failed(String),
}

impl SaveStatus {
    fn text(&self, lang: Lang) -> AttrValue {
        AttrValue::from(match self {
            SaveStatus::Saved => t!(lang, "saved-locally"),
            SaveStatus::Shared => t!(lang, "not-saved-shared"),
            SaveStatus::Failed(e) => t!(lang, "not-saved", error = e.as_str()),
        })
    }
}

/// A callback that turns a view's event into an action of one of the reducers.
fn dispatcher<R: Reducible + 'static, T: 'static>(
    state: &UseReducerHandle<R>,
    to_action: impl Fn(T) -> R::Action + 'static,
) -> Callback<T> {
    let state = state.clone();
    Callback::from(move |x| state.dispatch(to_action(x)))
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(initial_state);
    let lang = use_state(initial_lang);
    // The language for callbacks made once (the keyboard shortcuts), which outlive a render.
    let lang_now: Rc<std::cell::Cell<Lang>> =
        (*use_state(|| Rc::new(std::cell::Cell::new(Lang::En)))).clone();
    lang_now.set(*lang);
    // The language for callbacks made anew at each render.
    let ui = *lang;
    let session = use_reducer(|| Session::new(initial_mode()));
    let trace = use_reducer(|| TraceState::new(&state.design.network));
    // Bumped when a checklist flow is opened, to bring the Traces tab to the front.
    let show_traces = use_state(|| None::<u64>);
    // A trace hop's rule to show in its list view (bumped on every request).
    let rule_mark = use_state(|| None::<(u64, components::policies::RuleMark)>);
    let save_status = use_state(|| SaveStatus::Saved);
    let snapshots = use_state(storage::snapshots);
    let open_as = use_mut_ref(|| shell::OpenAs::Design);
    let now = use_state(js_sys::Date::now);
    let file_input = use_node_ref();
    let analysis = state.analysis.clone();
    let candidate = matches!(session.mode, Mode::Candidate { .. });
    // The scenario's answer data, fetched for the interviewer's and the learner's views (never
    // in a candidate's page): (scenario id, the answers or why they could not be read).
    let answers = use_state(|| None::<(String, Result<Rc<sim::scenarios::Answers>, String>)>);
    // The reviewer's own rubric (file name, rubric) and why the last file picked was refused.
    let custom_rubric = use_state(|| None::<Rc<(String, sim::grade::Rubric)>>);
    let rubric_error = use_state(|| None::<String>);
    let comparison = use_state(|| None::<Rc<Result<sim::network::diff::DesignDiff, String>>>);
    let panels = use_state(|| {
        storage::saved_panels()
            .map(|t| Panels::from_json(&t))
            .unwrap_or_default()
    });

    // ---- effects ----
    // A candidate link is consumed once: the brief is now the session's mode and the design the
    // autosave, so a reload keeps the candidate's work instead of the starting design.
    // A live candidate link keeps only its `live=` part, so a reload rejoins the session.
    let initial_live = use_memo((), |_| state::live::parse_link(&location_hash()));
    {
        let initial_live = initial_live.clone();
        use_effect_with((), move |_| {
            if CandidateBrief::decode(&location_hash()).is_ok_and(|b| b.is_some()) {
                match initial_live.as_ref() {
                    Some((room, key)) => {
                        share::replace_fragment(&format!("{}{room}.{key}", state::live::KEY))
                    }
                    None => share::drop_fragment(),
                }
            }
        });
    }
    {
        let answers = answers.clone();
        let scenario = session.mode.scenario().map(str::to_string);
        use_effect_with(scenario, move |id| {
            let loaded = answers.as_ref().map(|(a, _)| a.clone());
            if let Some(id) = id.clone().filter(|id| loaded.as_ref() != Some(id)) {
                if let Some([a, r, ko]) = bridge::assignment::answer_paths(&id) {
                    wasm_bindgen_futures::spawn_local(async move {
                        let fetched = async {
                            let a = services::interview::fetch_text(&a).await?;
                            let r = services::interview::fetch_text(&r).await?;
                            let ko = services::interview::fetch_text(&ko).await?;
                            bridge::assignment::parse_answers(&id, &a, &r, &ko)
                        };
                        answers.set(Some((id.clone(), fetched.await.map(Rc::new))));
                    });
                }
            }
        });
    }
    use_effect_with(session.mode.clone(), move |m| {
        if !matches!(m, Mode::Review { .. }) {
            storage::save_mode(&serde_json::to_string(m).unwrap_or_default());
        }
    });
    // The interview clock ticks once a second, only while an interview runs.
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
    // The live grade: regraded when the network, the manifests or the scenario change (a
    // layout-only edit keeps the analysis key).
    let fetched_answers: Option<Rc<sim::scenarios::Answers>> = answers
        .as_ref()
        .filter(|(id, _)| session.mode.scenario() == Some(id.as_str()))
        .and_then(|(_, r)| r.as_ref().ok().cloned());
    // A reviewer's own rubric file grades instead of the scenario's, in review mode only.
    let reviewing = matches!(session.mode, Mode::Review { .. });
    let current_answers: Option<Rc<sim::scenarios::Answers>> = {
        let custom = (*custom_rubric).clone().filter(|_| reviewing);
        let fetched = fetched_answers.clone();
        (*use_memo(
            (
                custom.as_ref().map(|c| Rc::as_ptr(c) as usize),
                fetched.as_ref().map(|a| Rc::as_ptr(a) as usize),
            ),
            move |_| match custom {
                Some(c) => Some(Rc::new(bridge::assignment::with_rubric(
                    fetched.as_deref(),
                    &c.1,
                ))),
                None => fetched,
            },
        ))
        .clone()
    };
    let answers_error: Option<AttrValue> = answers
        .as_ref()
        .filter(|(id, _)| session.mode.scenario() == Some(id.as_str()))
        .and_then(|(_, r)| r.as_ref().err().map(|e| AttrValue::from(e.clone())));
    let report = {
        let design = state.design.clone();
        let a = current_answers.clone();
        let key = a.as_ref().map(|a| Rc::as_ptr(a) as usize);
        use_memo((analysis.key, key, *lang), move |(_, _, lang)| {
            a.as_ref()
                .map(|a| Rc::new(bridge::assignment::grade(a, &design, *lang)))
        })
    };
    // The interviewer's notes: stored per session, shared by this browser's tabs. A tab takes
    // another's notes only when they are newer, so a stale tab never overwrites them.
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

    // `<html lang>` follows the UI's language: screen readers pick their voice by it, and the
    // browser its fonts and hyphenation.
    use_effect_with(*lang, |lang| {
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("lang", lang.tag());
        }
    });
    {
        let theme = state.theme;
        use_effect_with(theme, move |theme| {
            if let Some(root) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element())
            {
                let _ = root.set_attribute("data-theme", theme.as_str());
            }
        });
    }
    // Autosave on every change of the user's own design (never of a shared, read-only one).
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

    let shell = shell::Shell {
        state: state.clone(),
        session: session.clone(),
        snapshots: snapshots.clone(),
        open_as: open_as.clone(),
        file_input: file_input.clone(),
        lang: lang.clone(),
        lang_now: lang_now.clone(),
    };
    let on_command = {
        let shell = shell.clone();
        Callback::from(move |c| shell.run(c))
    };

    // Keyboard shortcuts, installed once for the document.
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

    // ---- live session: the connection, the other side's presence, our presence ----
    let live_conn = use_state(|| None::<services::live::Connection>);
    let live_status = use_state(|| None::<services::live::Status>);
    let live_link = use_state(|| None::<String>);
    let peers =
        use_mut_ref(std::collections::BTreeMap::<String, (state::live::Presence, f64)>::new);
    let peers_tick = use_state(|| 0.0f64);
    let laser = use_state(|| false);
    let client_id = use_memo((), |_| {
        services::live::random_id(9).unwrap_or_else(|_| format!("c{}", js_sys::Date::now()))
    });
    let role = if candidate {
        "candidate"
    } else {
        "interviewer"
    };
    let on_live_event = {
        let (state, session, status, peers, tick) = (
            state.dispatcher(),
            session.dispatcher(),
            live_status.clone(),
            peers.clone(),
            peers_tick.clone(),
        );
        Callback::from(move |e: services::live::Event| match e {
            services::live::Event::Status(s) => status.set(Some(s)),
            services::live::Event::Welcome { epoch, head } => {
                state.dispatch(Action::LiveWelcome { epoch, head })
            }
            services::live::Event::Ops(ops) => state.dispatch(Action::LiveConfirmed {
                ops,
                now_ms: js_sys::Date::now(),
            }),
            services::live::Event::Presence(p) => {
                let now = js_sys::Date::now();
                if p.role == "interviewer" && !p.hints.is_empty() {
                    session.dispatch(SessionAction::RevealedHints(p.hints.clone()));
                }
                peers.borrow_mut().insert(p.c.clone(), (p, now));
                tick.set(now);
            }
        })
    };
    // The other side, as the history names their edits.
    let peer = if candidate {
        "interviewer"
    } else {
        "candidate"
    };
    let start_live: Rc<dyn Fn(String, web_sys::CryptoKey)> = {
        let (state, conn, on_event, client) = (
            state.dispatcher(),
            live_conn.clone(),
            on_live_event.clone(),
            client_id.clone(),
        );
        Rc::new(move |room: String, key: web_sys::CryptoKey| {
            state.dispatch(Action::LiveStart {
                client: (*client).clone(),
                peer: peer.to_string(),
            });
            conn.set(Some(services::live::Connection::open(
                room,
                key,
                on_event.clone(),
            )));
        })
    };
    // A live candidate link joins its room once the key is imported; an interviewer's tab
    // that led a session before a reload rejoins it (its link is kept in the tab's storage).
    {
        let (start, state, link_state) =
            (start_live.clone(), state.dispatcher(), live_link.clone());
        let lang_now = lang_now.clone();
        let resumed = match (&*initial_live, &session.mode) {
            (None, Mode::Interview { session, .. }) => storage::saved_live(session),
            _ => None,
        };
        let link = (*initial_live)
            .clone()
            .or_else(|| resumed.as_deref().and_then(state::live::parse_link));
        use_effect_with((), move |_| {
            if let Some(l) = resumed {
                link_state.set(Some(l));
            }
            if let Some((room, key)) = link {
                wasm_bindgen_futures::spawn_local(async move {
                    match services::live::import_key(&key).await {
                        Ok(k) => start(room, k),
                        Err(e) => state.dispatch(Action::Notify(t!(
                            lang_now.get(),
                            "notice-live-link-unusable",
                            error = e.to_string()
                        ))),
                    }
                });
            }
        });
    }
    // After every render: send what the session has pending (the connection sends each op
    // once per connection, after it caught up).
    {
        let (conn, sync) = ((*live_conn).clone(), state.live.clone());
        use_effect(move || {
            if let (Some(c), Some(s)) = (conn, sync) {
                c.flush(&s);
            }
        });
    }
    // Our presence: the pointer over the canvas (design coordinates), the selection, the laser
    // and, from the interviewer, the text of the hints revealed so far (nothing else of the
    // answer data).
    let revealed_hints = use_mut_ref(Vec::<String>::new);
    let presence_ctx = use_mut_ref(|| {
        (
            None::<services::live::Connection>,
            state.viewport,
            Vec::<String>::new(),
            false,
            None::<(f64, f64)>,
            0.0f64,
        )
    });
    {
        let mut ctx = presence_ctx.borrow_mut();
        ctx.0 = (*live_conn).clone();
        ctx.1 = state.viewport;
        ctx.2 = state.selection.clone();
        ctx.3 = *laser;
    }
    let send_presence = {
        let (ctx, client, hints) = (
            presence_ctx.clone(),
            client_id.clone(),
            revealed_hints.clone(),
        );
        Rc::new(move || {
            let c = ctx.borrow();
            if let Some(conn) = &c.0 {
                conn.presence(&state::live::Presence {
                    c: (*client).clone(),
                    role: role.into(),
                    cursor: c.4,
                    selection: c.2.clone(),
                    laser: c.3,
                    hints: hints.borrow().clone(),
                });
            }
        })
    };
    {
        let (ctx, send) = (presence_ctx.clone(), send_presence.clone());
        let on = live_conn.is_some();
        use_effect_with(on, move |on| {
            let listener = on.then(|| {
                let window = web_sys::window().expect("a window");
                EventListener::new(&window, "pointermove", move |e| {
                    let Some(e) = e.dyn_ref::<web_sys::PointerEvent>() else {
                        return;
                    };
                    let now = js_sys::Date::now();
                    let rect = canvas_rect();
                    {
                        let mut c = ctx.borrow_mut();
                        if now - c.5 < 40.0 {
                            return;
                        }
                        c.5 = now;
                        let (px, py) = (f64::from(e.client_x()), f64::from(e.client_y()));
                        c.4 = rect
                            .filter(|r| {
                                px >= r.0 && py >= r.1 && px <= r.0 + r.2 && py <= r.1 + r.3
                            })
                            .map(|r| {
                                (c.1.x + (px - r.0) / c.1.zoom, c.1.y + (py - r.1) / c.1.zoom)
                            });
                    }
                    send();
                })
            });
            move || drop(listener)
        });
    }
    {
        let send = send_presence.clone();
        let revealed: Vec<String> = match (&session.mode, &current_answers) {
            (Mode::Interview { hints, .. }, Some(a)) => {
                a.hints.iter().take(*hints).cloned().collect()
            }
            _ => Vec::new(),
        };
        *revealed_hints.borrow_mut() = revealed.clone();
        use_effect_with(
            (
                state.selection.clone(),
                *laser,
                live_status.clone(),
                revealed,
            ),
            move |_| send(),
        );
    }

    // A link pasted into this open tab loads it; when the design on screen is the user's own
    // and has work in it, the app asks first (it stays in this browser's autosave either way).
    {
        let (state, session, snapshots) = (state.clone(), session.clone(), snapshots.clone());
        let lang_now = lang_now.clone();
        // What is on screen now (the listener's handles are from the first render).
        let current = use_mut_ref(|| (None::<Rc<sim::network::Design>>, false));
        *current.borrow_mut() = (
            (!state.read_only).then(|| state.design.clone()),
            *save_status != SaveStatus::Saved,
        );
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

    let on_file_chosen = {
        let (state, snapshots) = (state.clone(), snapshots.clone());
        let open_as = open_as.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            let (state, snapshots) = (state.clone(), snapshots.clone());
            let how = *open_as.borrow();
            wasm_bindgen_futures::spawn_local(async move {
                let name = file.name();
                match files::read_text(file).await {
                    Ok(text) => shell::load_text(ui, &state, &snapshots, &name, &text, how),
                    Err(e) => state.dispatch(Action::Notify(e)),
                }
            });
        })
    };
    // File › Import › Terraform: several files, or a folder (with its relative paths).
    let on_terraform_chosen = {
        let (state, snapshots) = (state.clone(), snapshots.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(list) = input.files() else { return };
            let picked: Vec<_> = files::picked(&list)
                .into_iter()
                .filter(|(p, _)| bridge::terraform::wanted(p))
                .collect();
            let (state, snapshots) = (state.clone(), snapshots.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match files::read_all(picked).await {
                    Ok(read) => shell::import_terraform(ui, &state, &snapshots, read),
                    Err(e) => state.dispatch(Action::Notify(e)),
                }
            });
        })
    };
    // A file dropped anywhere on the workspace opens it (AWS CLI output and Terraform state
    // are recognised); a folder, several files or `.tf` files are imported as Terraform.
    let on_file_drop = {
        let (state, snapshots) = (state.clone(), snapshots.clone());
        Callback::from(move |e: DragEvent| {
            let Some(dt) = e.data_transfer() else { return };
            let entries = files::dropped_entries(&dt);
            let list = dt.files();
            let count = list.as_ref().map(|l| l.length()).unwrap_or(0);
            let single_tf = list
                .as_ref()
                .and_then(|l| l.get(0))
                .is_some_and(|f| f.name().ends_with(".tf"));
            let folder = files::has_folder(&entries);
            if folder || count > 1 || (count == 1 && single_tf) {
                e.prevent_default();
                // Without a folder the dropped files themselves are enough (and some
                // drops carry no file-system entries).
                let plain = (!folder)
                    .then(|| list.as_ref().map(files::picked))
                    .flatten();
                let (state, snapshots) = (state.clone(), snapshots.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let listed = match plain {
                        Some(p) => Ok(p),
                        None => files::entry_files(entries).await,
                    };
                    let read = match listed {
                        Ok(found) => {
                            let found = found
                                .into_iter()
                                .filter(|(p, _)| bridge::terraform::wanted(p))
                                .collect();
                            files::read_all(found).await
                        }
                        Err(e) => Err(e),
                    };
                    match read {
                        Ok(read) => shell::import_terraform(ui, &state, &snapshots, read),
                        Err(e) => state.dispatch(Action::Notify(e)),
                    }
                });
                return;
            }
            let Some(file) = list.and_then(|f| f.get(0)) else {
                return;
            };
            e.prevent_default();
            let (state, snapshots) = (state.clone(), snapshots.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let name = file.name();
                match files::read_text(file).await {
                    Ok(text) if bridge::terraform::looks_like_state(&text) => {
                        shell::import_terraform(ui, &state, &snapshots, vec![(name, text)])
                    }
                    Ok(text) => {
                        let how = if bridge::looks_like_aws(&text) {
                            shell::OpenAs::Aws
                        } else {
                            shell::OpenAs::Design
                        };
                        shell::load_text(ui, &state, &snapshots, &name, &text, how);
                    }
                    Err(e) => state.dispatch(Action::Notify(e)),
                }
            });
        })
    };
    let on_file_dragover = Callback::from(|e: DragEvent| {
        if e.data_transfer()
            .is_some_and(|dt| dt.types().includes(&"Files".into(), 0))
        {
            e.prevent_default();
        }
    });

    let on_arm = dispatcher(&state, Action::Arm);
    let on_toggle_select = dispatcher(&state, Action::ToggleSelect);
    let on_select_many = dispatcher(&state, Action::SelectMany);
    let on_zoom = dispatcher(&state, Action::ZoomBy);
    let on_pan = dispatcher(&state, |(dx, dy)| Action::Pan { dx, dy });
    let on_move = dispatcher(&state, |(dx, dy)| Action::MoveSelection { dx, dy });
    let on_resize = dispatcher(&state, |(id, w, h)| Action::Resize { id, w, h });
    let on_place = dispatcher(&state, |(kind, x, y)| Action::Place { kind, x, y });
    let on_reset_view = dispatcher(&state, |()| Action::ResetView);
    let on_fit = dispatcher(&state, |(width, height)| Action::FitToScreen {
        width,
        height,
    });
    let on_dismiss_notice = dispatcher(&state, |()| Action::DismissNotice);
    let on_set_field = dispatcher(&state, |(id, key, value)| Action::SetField {
        id,
        key,
        value,
    });
    let on_fix = dispatcher(&state, Action::ApplyFix);

    // ---- packet traces ----
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
    // While picking a trace endpoint, a click on the canvas chooses it instead of selecting.
    let on_select = {
        let (state, trace, analysis) = (state.clone(), trace.clone(), analysis.clone());
        Callback::from(move |id: Option<String>| match (trace.picking, id) {
            (Some(_), Some(id)) => {
                if analysis.endpoints.iter().any(|(e, _)| *e == id) {
                    trace.dispatch(TraceAction::Picked(id));
                } else {
                    state.dispatch(Action::Notify(t!(ui, "notice-pick-endpoint")));
                }
            }
            (_, id) => state.dispatch(Action::Select(id)),
        })
    };
    let on_policy = dispatcher(&state, Action::Policy);
    let on_lint_select = {
        let state = state.clone();
        Callback::from(move |id: String| {
            state.dispatch(Action::Select(Some(id.clone())));
            // Bring the component into view for the learner.
            if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| {
                d.query_selector(&format!("[data-id=\"{}\"]", id.replace('"', "")))
                    .ok()
                    .flatten()
            }) {
                if let Ok(h) = el.dyn_into::<Element>() {
                    let _ = h.dyn_ref::<HtmlElement>().map(|x| x.focus());
                }
            }
        })
    };
    // ---- cluster view ----
    let cluster_marks = use_state(|| None::<components::canvas::ClusterOverlay>);
    let cluster_panel = {
        let on_import = {
            let (open_as, file_input) = (open_as.clone(), file_input.clone());
            Callback::from(move |()| {
                *open_as.borrow_mut() = shell::OpenAs::Manifests;
                if let Some(input) = file_input.cast::<HtmlInputElement>() {
                    input.set_value("");
                    input.click();
                }
            })
        };
        let on_keep = {
            let s = session.dispatcher();
            Callback::from(move |c| s.dispatch(SessionAction::KeepCluster(c)))
        };
        html! {
            <ClusterPanel design={state.design.clone()} revision={analysis.key} read_only={state.read_only}
                baseline={analysis.cluster.clone()} seed={state.cluster_seed} session={session.cluster.clone()}
                on_seed={dispatcher(&state, Action::SetClusterSeed)} {on_keep}
                on_set_cluster={dispatcher(&state, Action::SetCluster)} on_notify={dispatcher(&state, Action::Notify)} {on_import}
                on_overlay={{ let m = cluster_marks.clone(); Callback::from(move |o| m.set(o)) }}
                focus_pod={state.dropped_pod.clone()} />
        }
    };
    let close_help = dispatcher(&session, |()| SessionAction::CloseHelp);
    // Starting a scenario over the learner's own work asks first (the start dialog).
    let on_start_scenario = {
        let (shell, session) = (shell.clone(), session.clone());
        Callback::from(move |(id, interview): (String, bool)| {
            if bridge::assignment::has_work(&shell.state.design) {
                session.dispatch(SessionAction::AskStart {
                    scenario: id,
                    interview,
                });
            } else {
                shell.start_scenario(&id, interview);
            }
        })
    };
    let start_dialog = session.pending_start.clone().and_then(|p| {
        let scenario = bridge::assignment::scenario(&p.scenario)?;
        let on_start = {
            let (shell, p) = (shell.clone(), p.clone());
            Callback::from(move |()| shell.start_scenario(&p.scenario, p.interview))
        };
        let on_grade = {
            let (session, p) = (session.clone(), p.clone());
            Callback::from(move |()| {
                session.dispatch(SessionAction::Start {
                    scenario: p.scenario.clone(),
                    interview: p.interview,
                    now: js_sys::Date::now(),
                })
            })
        };
        let on_cancel = dispatcher(&session, |()| SessionAction::CancelStart);
        Some(html! {
            <StartDialog title={scenario.text_in(lang.tag()).title.to_string()} design_name={state.design.name.clone()} interview={p.interview}
                {on_start} {on_grade} {on_cancel} />
        })
    });
    let catalogue = use_memo(*lang, |lang| Rc::new(bridge::assignment::catalogue(*lang)));
    let close_picker = dispatcher(&session, |()| SessionAction::OpenPicker(false));
    let open_scenarios = dispatcher(&session, |()| SessionAction::OpenPicker(true));
    let task = {
        let on_submit = {
            let (state, session, report, lang) =
                (state.clone(), session.clone(), report.clone(), *lang);
            Callback::from(move |who: components::assignment::Submitter| {
                let (Some(id), Some(r)) = (session.mode.scenario(), report.as_ref().as_ref())
                else {
                    return;
                };
                let Some(s) = bridge::assignment::scenario(id) else {
                    return;
                };
                storage::save_student(&who.name, who.id.as_deref().unwrap_or(""));
                let link = share::submission_link(
                    &state.design,
                    id,
                    &who.name,
                    who.id.as_deref(),
                    &state.history,
                );
                let when = String::from(js_sys::Date::new_0().to_iso_string());
                let extras = bridge::assignment::ReportExtras {
                    student: Some(who.name.clone()),
                    student_id: who.id.clone(),
                    picture_svg: services::export::svg_document(&state.shapes, "light").ok(),
                    ..Default::default()
                };
                let html = bridge::assignment::report_html(
                    lang,
                    s,
                    &state.design,
                    r,
                    &when,
                    Some(&link),
                    &extras,
                );
                let name =
                    bridge::assignment::report_file_name(id, &state.design.name, Some(&who.name));
                let _ = files::download(&name, "text/html", &html);
                share::publish(&link);
                state.dispatch(Action::Notify(t!(
                    ui,
                    "notice-submitted",
                    name = who.name.as_str(),
                    score = r.score,
                    max = r.max
                )));
            })
        };
        // Review: grade with the reviewer's own rubric file (or back to the scenario's).
        let on_rubric = {
            let (custom, error) = (custom_rubric.clone(), rubric_error.clone());
            Callback::from(move |file: Option<web_sys::File>| {
                let Some(file) = file else {
                    custom.set(None);
                    error.set(None);
                    return;
                };
                let (custom, error) = (custom.clone(), error.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let name = file.name();
                    let parsed = files::read_text(file)
                        .await
                        .and_then(|text| bridge::assignment::parse_rubric(&name, &text));
                    match parsed {
                        Ok(r) => {
                            custom.set(Some(Rc::new((name, r))));
                            error.set(None);
                        }
                        // The rubric grading so far stays; the reviewer reads why.
                        Err(e) => error.set(Some(e)),
                    }
                });
            })
        };
        let on_review_report = {
            let (state, session, report, lang) =
                (state.clone(), session.clone(), report.clone(), *lang);
            let custom = (*custom_rubric).clone();
            Callback::from(move |note: components::assignment::ReviewNote| {
                let (Some(id), Some(r)) = (session.mode.scenario(), report.as_ref().as_ref())
                else {
                    return;
                };
                let Some(s) = bridge::assignment::scenario(id) else {
                    return;
                };
                let link = web_sys::window()
                    .and_then(|w| w.location().href().ok())
                    .unwrap_or_default();
                let (student, student_id) = share::student_param(&location_hash());
                let when = String::from(js_sys::Date::new_0().to_iso_string());
                let extras = bridge::assignment::ReportExtras {
                    student: student.clone(),
                    student_id,
                    picture_svg: services::export::svg_document(&state.shapes, "light").ok(),
                    comment: Some(note.comment),
                    override_score: note.override_score,
                    rubric_file: custom.as_ref().map(|c| c.0.clone()),
                };
                let html = bridge::assignment::report_html(
                    lang,
                    s,
                    &state.design,
                    r,
                    &when,
                    Some(&link),
                    &extras,
                );
                let name = bridge::assignment::report_file_name(
                    id,
                    &state.design.name,
                    student.as_deref(),
                );
                let _ = files::download(
                    &name.replace("-report.html", "-review.html"),
                    "text/html",
                    &html,
                );
                state.dispatch(Action::Notify(t!(ui, "notice-review-downloaded")));
            })
        };
        let on_share = {
            let state = state.clone();
            Callback::from(move |()| {
                share::publish(&share::link_for(&state.design, None, Some(&state.history)));
                state.dispatch(Action::Notify(t!(ui, "notice-link-copied-read-only")));
            })
        };
        let on_timer = {
            let d = session.dispatcher();
            Callback::from(move |run: bool| {
                d.dispatch(SessionAction::Timer {
                    run,
                    now: js_sys::Date::now(),
                })
            })
        };
        let on_open_flow = {
            let (d, show) = (trace.dispatcher(), show_traces.clone());
            Callback::from(move |f: sim::network::Flow| {
                // The Traces tab comes to the front and the flow plays from its first hop.
                d.dispatch(TraceAction::RunFlow(FlowForm::of(&f)));
                show.set(Some(show.map_or(1, |n| n + 1)));
            })
        };
        // Leaving asks first: an interview's notes and clock, a learner's revealed hints.
        let on_exit = {
            let d = session.dispatcher();
            Callback::from(move |()| {
                if services::interview::confirm(&t!(ui, "confirm-leave-mode")) {
                    d.dispatch(SessionAction::Exit);
                }
            })
        };
        let on_reveal_hint = dispatcher(&session, |()| SessionAction::RevealHint);
        match &session.mode {
            Mode::Interview {
                scenario,
                hints,
                started_at,
                paused_at,
                notes,
                session: sid,
                limit_min,
                lints,
                ..
            } => {
                let s = bridge::assignment::scenario(scenario);
                let clock = Clock {
                    elapsed_ms: paused_at.unwrap_or(*now) - started_at,
                    limit_ms: limit_min.map(|m| f64::from(m) * 60_000.0),
                };
                let on_notes = {
                    let (d, sid) = (session.dispatcher(), sid.clone());
                    Callback::from(move |text: String| {
                        let at = js_sys::Date::now();
                        d.dispatch(SessionAction::Notes {
                            text: text.clone(),
                            now: at,
                        });
                        if let Some(newer) =
                            services::interview::save_notes(&sid, &StoredNotes { text, at })
                        {
                            d.dispatch(SessionAction::NotesSynced(newer));
                        }
                    })
                };
                let on_compare = {
                    let (state, comparison) = (state.clone(), comparison.clone());
                    Callback::from(move |link: String| {
                        let fragment = link.split_once('#').map(|(_, f)| f).unwrap_or(&link);
                        let result = match share::decode(fragment) {
                            Ok(Some(other)) => Ok(bridge::compare(&other, &state.design)),
                            Ok(None) => Err(t!(ui, "not-a-design-link")),
                            Err(e) => Err(e),
                        };
                        comparison.set(Some(Rc::new(result)));
                    })
                };
                let on_candidate_link = {
                    let (state, id, answers) =
                        (state.clone(), scenario.clone(), current_answers.clone());
                    let (hints, lints, limit, lang) = (*hints, *lints, *limit_min, *lang);
                    Callback::from(move |()| {
                        let Some(brief) = bridge::assignment::candidate_brief(
                            &id,
                            answers.as_deref(),
                            hints,
                            lints,
                            limit,
                            lang,
                        ) else {
                            return;
                        };
                        share::publish(&share::candidate_link(&state.design, &brief));
                        state.dispatch(Action::Notify(t!(ui, "notice-candidate-link")));
                    })
                };
                let on_start_live = {
                    let (state, id, answers) =
                        (state.clone(), scenario.clone(), current_answers.clone());
                    let (hints, lints, limit, lang) = (*hints, *lints, *limit_min, *lang);
                    let (start, link_state) = (start_live.clone(), live_link.clone());
                    let interview = sid.clone();
                    Callback::from(move |()| {
                        let Some(brief) = bridge::assignment::candidate_brief(
                            &id,
                            answers.as_deref(),
                            hints,
                            lints,
                            limit,
                            lang,
                        ) else {
                            return;
                        };
                        let (design, state, start, link_state, interview) = (
                            state.design.clone(),
                            state.clone(),
                            start.clone(),
                            link_state.clone(),
                            interview.clone(),
                        );
                        wasm_bindgen_futures::spawn_local(async move {
                            let made = async {
                                let (key, raw) = services::live::new_key().await?;
                                Ok::<_, String>((services::live::random_id(12)?, key, raw))
                            };
                            match made.await {
                                Ok((room, key, raw)) => {
                                    let link = format!(
                                        "{}&{}{room}.{raw}",
                                        share::candidate_link(&design, &brief),
                                        state::live::KEY
                                    );
                                    share::publish(&link);
                                    storage::save_live(&interview, &link);
                                    link_state.set(Some(link));
                                    start(room, key);
                                }
                                Err(e) => state.dispatch(Action::Notify(t!(
                                    ui,
                                    "notice-live-not-started",
                                    error = e.to_string()
                                ))),
                            }
                        });
                    })
                };
                html! {
                    <InterviewCard live_link={(*live_link).clone().map(AttrValue::from)} live={live_conn.is_some()} {on_start_live} title={s.map(|s| s.text_in(lang.tag()).title.to_string()).unwrap_or_default()} prompt={s.map(|s| s.text_in(lang.tag()).prompt.to_string()).unwrap_or_default()}
                        answers={current_answers.clone()} answers_error={answers_error.clone()} hints={*hints} {clock} running={paused_at.is_none()}
                        notes={notes.clone()} limit_min={*limit_min} lints={*lints} collapsed={session.card_collapsed} report={(*report).clone()}
                        {on_reveal_hint} {on_notes} {on_timer} on_limit={dispatcher(&session, SessionAction::SetLimit)}
                        on_lints={dispatcher(&session, SessionAction::SetCandidateLints)} on_toggle={dispatcher(&session, |()| SessionAction::ToggleCard)}
                        {on_exit} {on_share} {on_candidate_link} {on_open_flow}
                        comparison={(*comparison).clone()} {on_compare} />
                }
            }
            Mode::Candidate { brief, started_at } => {
                let clock = Clock {
                    elapsed_ms: *now - started_at,
                    limit_ms: brief.limit_min.map(|m| f64::from(m) * 60_000.0),
                };
                html! { <CandidateCard brief={brief.clone()} {clock} {on_share} {on_exit} /> }
            }
            _ => {
                html! { <TaskCard mode={session.mode.clone()} scenario={session.mode.scenario().and_then(bridge::assignment::scenario).map(components::assignment::ScenarioRef)} report={(*report).clone()}
                answers={current_answers.clone()} {on_reveal_hint} {on_submit} {on_exit} {on_open_flow}
                student={storage::saved_student()} submitted_by={share::student_param(&location_hash())} {on_review_report}
                rubric_file={custom_rubric.as_ref().map(|c| AttrValue::from(c.0.clone()))} rubric_error={(*rubric_error).clone().map(AttrValue::from)} {on_rubric} /> }
            }
        }
    };
    // The polite live region: a trace's verdict when it is run, a move of the selection.
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
    let skip_to_canvas = Callback::from(|e: MouseEvent| {
        e.prevent_default();
        let stop = web_sys::window().and_then(|w| w.document()).and_then(|d| {
            d.query_selector("[data-testid=canvas] [tabindex=\"0\"], [data-testid=empty-scenarios]")
                .ok()
                .flatten()
        });
        if let Some(el) = stop {
            if let Some(h) = el.dyn_ref::<HtmlElement>() {
                let _ = h.focus();
            } else if let Some(s) = el.dyn_ref::<web_sys::SvgElement>() {
                let _ = s.focus();
            }
        }
    });
    let in_mode = session.mode != Mode::Free;
    let validate_field = Callback::from(|(key, value): (view::FieldKey, String)| {
        bridge::validate_field(key, &value)
    });

    let selected = match state.selection.as_slice() {
        [one] => state.shape(one).cloned(),
        _ => None,
    };
    let suggestion = selected
        .as_ref()
        .filter(|s| s.kind == kind::ComponentKind::Subnet)
        .and_then(|s| bridge::suggest_cidr(&state.design, &s.id));
    let suggestion_ipv6 = selected
        .as_ref()
        .filter(|s| s.kind == kind::ComponentKind::Subnet)
        .and_then(|s| state.design.network.subnet(&s.id))
        .and_then(|s| bridge::transit::suggest_ipv6(&state.design, &s.vpc_id));
    // What the candidate sees of the lints: the interviewer's setting, never a one-click fix.
    let lints = match &session.mode {
        Mode::Candidate { brief, .. } => {
            Rc::new(state::interview::candidate_lints(brief.lints, &state.lints))
        }
        _ => state.lints.clone(),
    };
    let highlighted: Vec<String> = lints
        .iter()
        .filter(|l| l.severity == sim::network::Severity::Error)
        .map(|l| l.component.clone())
        .collect();

    let live_layer = live_conn.as_ref().map(|_| {
        let _ = *peers_tick;
        let rect = canvas_rect();
        let vp = state.viewport;
        let to_screen = |x: f64, y: f64| {
            rect.map(|r| (r.0 + (x - vp.x) * vp.zoom, r.1 + (y - vp.y) * vp.zoom))
        };
        let edits = state.live.as_ref().map(|l| l.last_edit.clone()).unwrap_or_default();
        let peers: Vec<components::live::PeerView> = peers
            .borrow()
            .values()
            .filter(|(p, _)| p.c != *client_id)
            .map(|(p, _)| components::live::PeerView {
                role: p.role.clone(),
                cursor: p.cursor.and_then(|(x, y)| to_screen(x, y)),
                laser: p.laser,
                selection: p
                    .selection
                    .iter()
                    .filter_map(|id| state.shape(id))
                    .filter_map(|s| {
                        to_screen(s.rect.x, s.rect.y)
                            .map(|(x, y)| (x, y, s.rect.w * vp.zoom, s.rect.h * vp.zoom))
                    })
                    .collect(),
                editing: edits.iter().any(|(c, t)| *c == p.c && *now - t < 5000.0),
            })
            .collect();
        let on_stop = {
            let (conn, d, link) = (live_conn.clone(), state.dispatcher(), live_link.clone());
            Callback::from(move |()| {
                if let Some(c) = &*conn {
                    c.close();
                }
                conn.set(None);
                link.set(None);
                storage::clear_live();
                d.dispatch(Action::LiveStop);
            })
        };
        let on_laser = {
            let laser = laser.clone();
            Callback::from(move |on| laser.set(on))
        };
        html! {
            <components::live::LiveLayer status={(*live_status).clone()} role={role} {peers} laser={*laser} {on_laser} {on_stop} />
        }
    });

    let on_panel_resize = {
        let panels = panels.clone();
        Callback::from(move |(p, size): (Panel, f64)| {
            let next = panels.resized(p, size);
            if next != *panels {
                storage::save_panels(&next.to_json());
                panels.set(next);
            }
        })
    };
    let on_panel_toggle = {
        let panels = panels.clone();
        Callback::from(move |p: Panel| {
            let next = panels.toggled(p);
            storage::save_panels(&next.to_json());
            panels.set(next);
        })
    };
    let splitters = Panel::ALL.map(|p| {
        html! { <Splitter panel={p} pane={panels.get(p)} on_resize={on_panel_resize.clone()} on_toggle={on_panel_toggle.clone()} /> }
    });
    let collapsed = Panel::ALL.map(|p| {
        panels
            .get(p)
            .collapsed
            .then(|| format!("{}-collapsed", p.slug()))
    });

    // Nothing edits a shared design, nor the design while its history is replayed.
    let frozen = state.read_only || state.replay.is_some();
    html! {
        <ContextProvider<Lang> context={*lang}>
        <div class={classes!("app", state.read_only.then_some("read-only"), collapsed.to_vec())} style={panels.style()} data-testid="app" ondrop={on_file_drop} ondragover={on_file_dragover}>
            <a href="#canvas" class="skip-link" data-testid="skip-to-canvas" onclick={skip_to_canvas}>{t!(*lang, "skip-to-canvas")}</a>
            <Topbar
                design_name={state.design.name.clone()}
                theme={state.theme}
                can_undo={state.can_undo()}
                can_redo={state.can_redo()}
                read_only={state.read_only}
                save_status={save_status.text(*lang)}
                snapshots={(*snapshots).clone()}
                {on_command}
                library={!candidate}
            />
            <Palette armed={state.armed} {on_arm} read_only={frozen} replaying={state.replay.is_some()} />
            <Canvas
                shapes={Shapes(state.shown_shapes())}
                links={Rc::new(bridge::transit::links(state.replay.as_ref().map_or(&*state.design, |r| &*r.design)))}
                replaying={state.replay.as_ref().map(|r| components::history::position_text(*lang, &state.history, r.at))}
                on_back_to_now={dispatcher(&state, |()| Action::ReplayAt(None))}
                selection={state.selection.clone()}
                {highlighted}
                trace={overlay}
                cluster={(*cluster_marks).clone()}
                picking={trace.picking.is_some()}
                armed={state.armed}
                viewport={state.viewport}
                notice={state.notice.as_ref().map(|n| n.text(ui))}
                read_only={frozen}
                {on_select} {on_toggle_select} {on_select_many} {on_place} {on_move} {on_resize} {on_zoom} {on_pan}
                {on_reset_view} {on_fit} {on_dismiss_notice} on_open_scenarios={if candidate { Callback::noop() } else { open_scenarios }}
            />
            if in_mode {
                <div class="right-col">
                    <div class="right-tabs" role="tablist" aria-label={t!(*lang, "side-panel")} onkeydown={Callback::from(components::dialog::tablist_keys)}>
                        <button type="button" role="tab" aria-selected={session.task_tab.to_string()} tabindex={if session.task_tab { "0" } else { "-1" }}
                            class={classes!("tab", session.task_tab.then_some("active"))} data-testid="tab-task"
                            onclick={dispatcher(&session, |_: MouseEvent| SessionAction::ShowTask(true))}>{t!(*lang, "tab-task")}</button>
                        <button type="button" role="tab" aria-selected={(!session.task_tab).to_string()} tabindex={if session.task_tab { "-1" } else { "0" }}
                            class={classes!("tab", (!session.task_tab).then_some("active"))} data-testid="tab-properties"
                            onclick={dispatcher(&session, |_: MouseEvent| SessionAction::ShowTask(false))}>{t!(*lang, "tab-properties")}</button>
                    </div>
                    if session.task_tab { <div class="right-body">{ task }</div> } else {
                        <PropertiesPanel {selected} selection_len={state.selection.len()} {suggestion} suggestion_ipv6={suggestion_ipv6.clone()} read_only={frozen} {on_set_field} validate={validate_field.clone()} />
                    }
                </div>
            } else {
                <PropertiesPanel {selected} selection_len={state.selection.len()} {suggestion} suggestion_ipv6={suggestion_ipv6.clone()} read_only={frozen} {on_set_field} validate={validate_field.clone()} />
            }
            <BottomPanel terraform={state.terraform.clone()} lints={lints.clone()} design={state.design.clone()} focus={state.selection.first().cloned()} read_only={frozen} on_select={on_lint_select} {on_fix} {on_policy} traces={trace_panel} cluster={cluster_panel} show_cluster={state.dropped_pod.as_ref().map(|(n, _)| *n)} show_traces={*show_traces} mark={(*rule_mark).clone()}
                history={state.history.clone()} replay_at={state.replay.as_ref().map(|r| r.at)} on_replay={dispatcher(&state, Action::ReplayAt)} />
            if session.picker_open && !candidate {
                <ScenarioPicker catalogue={(*catalogue).clone()} on_start={on_start_scenario} on_close={close_picker} />
            }
            { for start_dialog }
            if session.help_open {
                <Help on_close={close_help} />
            }
            <input type="file" multiple=true accept=".tf,.tfvars,.json,application/json" class="sr-only" data-testid="terraform-files-input" tabindex="-1" aria-hidden="true" onchange={on_terraform_chosen.clone()} />
            <input type="file" webkitdirectory=true class="sr-only" data-testid="terraform-folder-input" tabindex="-1" aria-hidden="true" onchange={on_terraform_chosen} />
            <input ref={file_input} type="file" accept=".json,application/json,.yaml,.yml" class="sr-only" data-testid="file-input" tabindex="-1" aria-hidden="true" onchange={on_file_chosen} />
            <output id="share-link" class="sr-only" data-testid="share-link"></output>
            { live_layer }
            <div class="sr-only" role="status" aria-live="polite" data-testid="announcer">{(*announcement).clone()}</div>
            { for splitters }
        </div>
        </ContextProvider<Lang>>
    }
}

/// Mounts the app on `<body>`.
pub fn start() {
    yew::Renderer::<App>::new().render();
}
