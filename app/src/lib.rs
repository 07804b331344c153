//! Stratosim's browser app: a Yew single-page app that edits a design on an SVG canvas and
//! asks the `sim` crate (through `bridge`, the only module that calls it) what it means.
//!
//! Data flow: `state::editor` (a reducer over `Action`) holds the design and its history →
//! `bridge` derives the view model (`view::Shape`) and the lints → `components` draw them
//! and report gestures as actions. `services` is the only module doing browser I/O
//! (localStorage, the URL fragment, files); the effects that call it are the root's parts in
//! `root/` (hooks the `App` below calls once per render), so `App` itself only wires.

// The unit tests of the reducers and the bridge run natively (`cargo test`) and in headless
// Chromium (`cargo test --target wasm32-unknown-unknown`).
#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

pub mod bridge;
pub mod components;
pub mod i18n;
pub mod icons;
pub mod kind;
mod root;
pub mod services;
pub mod shell;
pub mod state;
pub mod view;

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};
use yew::prelude::*;

use components::assignment::{ScenarioPicker, StartDialog};
use components::bottom_panel::BottomPanel;
use components::canvas::{Canvas, Shapes};
use components::cluster::ClusterPanel;
use components::help::Help;
use components::palette::Palette;
use components::properties::PropertiesPanel;
use components::splitter::Splitter;
use components::topbar::Topbar;
use i18n::Lang;
use root::{dispatcher, location_hash};
use services::{share, storage};
use state::editor::{Action, EditorState, Notice, Theme};
use state::interview::CandidateBrief;
use state::panels::{Panel, Panels};
use state::session::{Mode, Session, SessionAction};
use state::trace::{TraceAction, TraceState};

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
pub(crate) enum SaveStatus {
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
    let snapshots = use_state(storage::snapshots);
    let open_as = use_mut_ref(|| shell::OpenAs::Design);
    let terraform_cache = use_mut_ref(bridge::terraform::ImportCache::new);
    let file_input = use_node_ref();
    let analysis = state.analysis.clone();
    let candidate = matches!(session.mode, Mode::Candidate { .. });
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
    let root::scenario::ScenarioAnswers {
        current: current_answers,
        error: answers_error,
        report,
    } = root::scenario::use_scenario_answers(&state, &session, &custom_rubric, *lang);
    root::effects::use_saved_mode(&session);
    let now = root::effects::use_clock(&session);
    root::effects::use_interview_notes(&session);
    root::effects::use_page_attributes(*lang, state.theme);
    let save_status = root::effects::use_autosave(&state);

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

    root::effects::use_shortcuts(&shell);

    let live = root::live::use_live(&state, &session, &lang_now, &initial_live, &current_answers);

    root::links::use_pasted_links(
        &state,
        &session,
        &snapshots,
        &lang_now,
        *save_status != SaveStatus::Saved,
    );
    let root::files::FileHandlers {
        chosen: on_file_chosen,
        terraform_chosen: on_terraform_chosen,
        drop: on_file_drop,
        dragover: on_file_dragover,
    } = root::files::file_handlers(ui, &state, &snapshots, &open_as, &terraform_cache);

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
    let on_annotate_tool = dispatcher(&state, Action::ArmAnnotation);
    let on_annotate = dispatcher(&state, Action::Annotate);
    let on_pick_end = dispatcher(&state, Action::PickEnd);
    let on_start_arrow = dispatcher(&state, Action::StartArrow);
    let on_set_text = dispatcher(&state, |(id, text)| {
        Action::Annotate(sim::network::annotation::AnnotationEdit::SetText { id, text })
    });
    let on_set_end = dispatcher(&state, |(id, which, end)| {
        Action::Annotate(sim::network::annotation::AnnotationEdit::SetEnd { id, which, end })
    });
    let on_delete_selection = dispatcher(&state, |()| Action::DeleteSelection);

    let root::traces::Traces {
        traced,
        overlay,
        planned_albs,
        panel: trace_panel,
    } = root::traces::use_traces(&state, &trace, &analysis, candidate, &rule_mark);
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
    // Once per design revision: the routes VGWs propagate, from the tracer's index (G3).
    let propagated = {
        let analysis = state.analysis.clone();
        use_memo(state.revision, move |_| {
            Rc::new(bridge::routes::propagated_routes(analysis.index()))
        })
    };
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
    let task = root::task::task_card(root::task::TaskInputs {
        state: state.clone(),
        session: session.clone(),
        trace: trace.clone(),
        lang: *lang,
        now,
        report: report.clone(),
        current_answers: current_answers.clone(),
        answers_error: answers_error.clone(),
        custom_rubric: custom_rubric.clone(),
        rubric_error: rubric_error.clone(),
        comparison: comparison.clone(),
        show_traces: show_traces.clone(),
        live: live.handles(),
    });
    let announcement = root::effects::use_announcements(*lang, &state, &trace, &traced);
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
    // A note, box or arrow selected alone opens its own panel (in the replayed design when
    // the history is on screen).
    let shown_notes = state.shown_annotations();
    let annotation = match state.selection.as_slice() {
        [one] => shown_notes.iter().find(|a| &a.id == one).cloned(),
        _ => None,
    };
    let targets: Vec<(String, String)> = match &annotation {
        Some(a) if a.ends.is_some() => state
            .shown_shapes()
            .iter()
            .map(|s| (s.id.clone(), s.label.clone()))
            .chain(shown_notes.iter().filter(|n| n.ends.is_none()).map(|n| {
                (
                    n.id.clone(),
                    if n.text.is_empty() {
                        n.id.clone()
                    } else {
                        n.text.chars().take(40).collect()
                    },
                )
            }))
            .collect(),
        _ => Vec::new(),
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

    let live_layer = live.layer(&state, now);

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
            <Palette armed={state.armed} {on_arm} read_only={frozen} replaying={state.replay.is_some()}
                annotating={state.annotating.as_ref().map(|a| a.tool)} on_annotate={on_annotate_tool} />
            <Canvas
                shapes={Shapes(state.shown_shapes())}
                links={Rc::new(bridge::transit::links(state.replay.as_ref().map_or(&*state.design, |r| &*r.design)))}
                replaying={state.replay.as_ref().map(|r| components::history::position_text(*lang, &state.history, r.at))}
                on_back_to_now={dispatcher(&state, |()| Action::ReplayAt(None))}
                selection={state.selection.clone()}
                {highlighted}
                trace={overlay} {planned_albs}
                cluster={(*cluster_marks).clone()}
                picking={trace.picking.is_some()}
                armed={state.armed}
                viewport={state.viewport}
                notice={state.notice.as_ref().map(|n| n.text(ui))}
                read_only={frozen}
                {on_select} {on_toggle_select} {on_select_many} {on_place} {on_move} {on_resize} {on_zoom} {on_pan}
                {on_reset_view} {on_fit} {on_dismiss_notice} on_open_scenarios={if candidate { Callback::noop() } else { open_scenarios }}
                annotations={components::canvas::Annotations(shown_notes.clone())}
                annotating={state.annotating.as_ref().filter(|_| !frozen).map(|a| a.tool)}
                arrow_start={state.annotating.as_ref().and_then(|a| a.from.as_ref()).and_then(|e| bridge::end_point(&state.design, e))}
                {on_annotate} {on_pick_end} {on_start_arrow}
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
                        <PropertiesPanel {selected} selection_len={state.selection.len()} {suggestion} suggestion_ipv6={suggestion_ipv6.clone()} read_only={frozen} {on_set_field} validate={validate_field.clone()}
                            annotation={annotation.clone()} targets={targets.clone()} on_set_text={on_set_text.clone()} on_set_end={on_set_end.clone()} on_delete={on_delete_selection.clone()} />
                    }
                </div>
            } else {
                <PropertiesPanel {selected} selection_len={state.selection.len()} {suggestion} suggestion_ipv6={suggestion_ipv6.clone()} read_only={frozen} {on_set_field} validate={validate_field.clone()}
                            annotation={annotation.clone()} targets={targets.clone()} on_set_text={on_set_text.clone()} on_set_end={on_set_end.clone()} on_delete={on_delete_selection.clone()} />
            }
            <BottomPanel propagated={(*propagated).clone()} terraform={state.terraform.clone()} lints={lints.clone()} design={state.design.clone()} focus={state.selection.first().cloned()} read_only={frozen} on_select={on_lint_select} {on_fix} {on_policy} traces={trace_panel} cluster={cluster_panel} show_cluster={state.dropped_pod.as_ref().map(|(n, _)| *n)} show_traces={*show_traces} mark={(*rule_mark).clone()}
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
            <div class="sr-only" role="status" aria-live="polite" data-testid="announcer">{announcement}</div>
            { for splitters }
        </div>
        </ContextProvider<Lang>>
    }
}

/// Mounts the app on `<body>`.
pub fn start() {
    yew::Renderer::<App>::new().render();
}
