//! The live session of an interview, as the App root runs it: the connection to the relay,
//! the other side's presence (cursor, selection, laser) and ours, the ops the session has
//! pending, and the candidate's link that joins a room (or the interviewer's tab rejoining
//! its session after a reload). The protocol and its state live in `state::live`; the
//! WebSocket and the keys in `services::live`.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::canvas_rect;
use crate::components;
use crate::i18n::Lang;
use crate::services::{self, storage};
use crate::state;
use crate::state::editor::{Action, EditorState};
use crate::state::session::{Mode, Session, SessionAction};
use crate::t;

/// What the task card needs of the live session.
#[derive(Clone)]
pub struct LiveHandles {
    /// The open connection, if a session runs.
    pub conn: UseStateHandle<Option<services::live::Connection>>,
    /// The candidate's live link, shown on the interviewer's card.
    pub link: UseStateHandle<Option<String>>,
    /// Joins a room with its key.
    pub start: Rc<dyn Fn(String, web_sys::CryptoKey)>,
}

/// The live session's handles, made by [`use_live`] at each render.
pub struct Live {
    handles: LiveHandles,
    status: UseStateHandle<Option<services::live::Status>>,
    peers: Rc<RefCell<BTreeMap<String, (state::live::Presence, f64)>>>,
    /// Bumped when a peer's presence arrives, so the layer redraws.
    peers_tick: UseStateHandle<f64>,
    laser: UseStateHandle<bool>,
    client_id: Rc<String>,
    role: &'static str,
}

/// Runs the live session for this render (a hook: called once per render, in the same place).
#[hook]
pub fn use_live(
    state: &UseReducerHandle<EditorState>,
    session: &UseReducerHandle<Session>,
    lang_now: &Rc<Cell<Lang>>,
    initial_live: &Rc<Option<(String, String)>>,
    current_answers: &Option<Rc<sim::scenarios::Answers>>,
) -> Live {
    let (state, session, lang_now, initial_live) = (
        state.clone(),
        session.clone(),
        lang_now.clone(),
        initial_live.clone(),
    );
    let current_answers = current_answers.clone();
    let candidate = matches!(session.mode, Mode::Candidate { .. });
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
    Live {
        handles: LiveHandles {
            conn: live_conn,
            link: live_link,
            start: start_live,
        },
        status: live_status,
        peers,
        peers_tick,
        laser,
        client_id,
        role,
    }
}

impl Live {
    /// The handles the task card needs (to start a session, show its link, know it is on).
    pub fn handles(&self) -> LiveHandles {
        self.handles.clone()
    }

    /// The live layer over the canvas: the other side's cursors, selection and laser, the
    /// connection's state and "Stop"; `None` outside a live session.
    pub fn layer(&self, state: &UseReducerHandle<EditorState>, now: f64) -> Option<Html> {
        let (live_conn, live_link) = (self.handles.conn.clone(), self.handles.link.clone());
        let (live_status, peers, peers_tick, laser) = (
            self.status.clone(),
            self.peers.clone(),
            self.peers_tick.clone(),
            self.laser.clone(),
        );
        let (client_id, role) = (self.client_id.clone(), self.role);
        let now = &now;
        live_conn.as_ref().map(|_| {
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
        })
    }
}
