//! The app shell's commands: what the File menu, the toolbar and the keyboard shortcuts do.
//! Each is a gesture turned into reducer actions and `services` calls (downloads, the file
//! picker, snapshots, share links); nothing here decides anything about the design.

use std::cell::RefCell;
use std::rc::Rc;

use sim::network::annotation::{AnnotationEdit, End};
use sim::network::Design;
use web_sys::{HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use crate::bridge;
use crate::components::canvas::GRID;
use crate::components::topbar::Command;
use crate::i18n::Lang;
use crate::services::{export, files, share, storage};
use crate::state::editor::{Action, EditorState};
use crate::state::session::{Mode, Session, SessionAction};
use crate::t;
use crate::view::AnnotationTool;

/// What a file being opened is: our design format, or AWS CLI output to import.
#[derive(Clone, Copy, PartialEq)]
pub enum OpenAs {
    Design,
    Aws,
    /// Kubernetes manifests for the current design's cluster.
    Manifests,
}

/// The size of the canvas on screen, for fitting the design to it.
pub fn canvas_size() -> (f64, f64) {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("[data-testid=canvas]").ok().flatten())
        .map(|el| (el.client_width() as f64, el.client_height() as f64))
        .unwrap_or((1000.0, 600.0))
}

/// A file name for the design (`my-vpc`), from its name.
pub fn file_name(design: &Design) -> String {
    let stem: String = design
        .name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let stem = stem.trim_matches('-');
    if stem.is_empty() {
        "design".into()
    } else {
        stem.to_lowercase()
    }
}

/// Takes a snapshot of `design` and shows it in the File menu's list at once. The one place
/// a snapshot is taken, so the list never lags behind what is stored.
pub fn snapshot(
    snapshots: &UseStateHandle<storage::Snapshots>,
    design: &Design,
    label: &str,
) -> Result<(), String> {
    let all = storage::take_snapshot(design, label)?;
    snapshots.set(all);
    Ok(())
}

/// Opens text read from a file: a design, AWS CLI output or Kubernetes manifests.
pub fn load_text(
    lang: Lang,
    state: &UseReducerHandle<EditorState>,
    snapshots: &UseStateHandle<storage::Snapshots>,
    name: &str,
    text: &str,
    how: OpenAs,
) {
    if how == OpenAs::Manifests
        || (how == OpenAs::Design && bridge::cluster::looks_like_manifests(text))
    {
        match bridge::cluster::manifests_value(lang, name, text) {
            Ok(v) => state.dispatch(Action::SetCluster(v)),
            Err(e) => state.dispatch(Action::Notify(t!(lang, "notice-import-failed", error = e))),
        }
        return;
    }
    let result = match how {
        OpenAs::Design | OpenAs::Manifests => {
            Design::from_json(text).map_err(|e| format!("{name}: {e}"))
        }
        OpenAs::Aws => bridge::import_aws(name, text),
    };
    match result {
        Ok(design) => {
            let _ = snapshot(snapshots, &state.design, &t!(lang, "snapshot-before-open"));
            state.dispatch(Action::Load {
                design: Box::new(design),
                read_only: false,
            });
            let (w, h) = canvas_size();
            state.dispatch(Action::FitToScreen {
                width: w,
                height: h,
            });
        }
        // The user's current design stays as it is.
        Err(e) => state.dispatch(Action::Notify(t!(
            lang,
            "notice-open-failed",
            name = name,
            error = e
        ))),
    }
}

/// File › Import › Terraform and Terraform dropped on the canvas: imports the files (the
/// layout of every address already on the canvas is kept; `cache` spares re-parsing the
/// files earlier imports of the session read unchanged), snapshots the current design first
/// and says what rests on an assumption. An error leaves the design untouched.
pub fn import_terraform(
    lang: Lang,
    state: &UseReducerHandle<EditorState>,
    snapshots: &UseStateHandle<storage::Snapshots>,
    cache: &RefCell<bridge::terraform::ImportCache>,
    files: Vec<(String, String)>,
) {
    let files: Vec<(String, String)> = files
        .into_iter()
        .filter(|(p, _)| bridge::terraform::wanted(p))
        .collect();
    match bridge::terraform::import_files(&files, Some(&state.design), &mut cache.borrow_mut()) {
        Ok(imported) => {
            // The list `take_snapshot` stored is the list to show: reading it back from
            // storage would parse every snapshot's design a second time.
            let _ = snapshot(
                snapshots,
                &state.design,
                &t!(lang, "snapshot-before-terraform"),
            );
            let summary = imported.info.summary(lang);
            // A re-import that draws everything where it already was keeps the user's view
            // (they are zoomed in on the subnet they just fixed); one that adds, moves or
            // drops a component fits the canvas to show the new picture.
            let same_picture = imported.design.layout == state.design.layout;
            state.dispatch(Action::ImportTerraform {
                design: Box::new(imported.design),
                info: Rc::new(imported.info),
            });
            if !same_picture {
                let (w, h) = canvas_size();
                state.dispatch(Action::FitToScreen {
                    width: w,
                    height: h,
                });
            }
            state.dispatch(Action::Notify(summary));
        }
        Err(e) => state.dispatch(Action::Notify(t!(
            lang,
            "notice-terraform-failed",
            error = e
        ))),
    }
}

/// Opens the browser's picker of one of the Terraform inputs (`data-testid`).
fn click_input(testid: &str) {
    if let Some(input) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector(&format!("[data-testid={testid}]"))
                .ok()
                .flatten()
        })
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<HtmlInputElement>(e).ok())
    {
        input.set_value("");
        input.click();
    }
}

/// The handles the commands act on.
#[derive(Clone)]
pub struct Shell {
    pub state: UseReducerHandle<EditorState>,
    pub session: UseReducerHandle<Session>,
    pub snapshots: UseStateHandle<storage::Snapshots>,
    /// How the next file chosen in the picker is read.
    pub open_as: Rc<RefCell<OpenAs>>,
    pub file_input: NodeRef,
    /// The UI's language: the handle to switch it, and its value now (a `Shell` cloned into a
    /// listener made once would otherwise read the language of that first render).
    pub lang: UseStateHandle<Lang>,
    pub lang_now: Rc<std::cell::Cell<Lang>>,
}

impl Shell {
    /// Runs a command of the File menu or the toolbar.
    pub fn run(&self, c: Command) {
        let Shell {
            state,
            session,
            snapshots,
            open_as,
            file_input,
            ..
        } = self;
        let lang = self.lang_now.get();
        // Close the File menu after any command.
        if let Some(d) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector("details.menu[open]").ok().flatten())
        {
            let _ = d.remove_attribute("open");
        }
        match c {
            // A candidate is never offered the scenario library.
            Command::OpenScenarios if matches!(session.mode, Mode::Candidate { .. }) => {}
            Command::OpenScenarios => session.dispatch(SessionAction::OpenPicker(true)),
            Command::NewBlank | Command::NewSample => {
                let _ = snapshot(snapshots, &state.design, "before a new design");
                let design = if c == Command::NewBlank {
                    bridge::blank()
                } else {
                    bridge::sample()
                };
                state.dispatch(Action::Load {
                    design: Box::new(design),
                    read_only: false,
                });
                let (w, h) = canvas_size();
                state.dispatch(Action::FitToScreen {
                    width: w,
                    height: h,
                });
            }
            Command::Open | Command::ImportAws => {
                *open_as.borrow_mut() = if c == Command::Open {
                    OpenAs::Design
                } else {
                    OpenAs::Aws
                };
                if let Some(input) = file_input.cast::<HtmlInputElement>() {
                    input.set_value("");
                    input.click();
                }
            }
            Command::ImportTerraformFiles => click_input("terraform-files-input"),
            Command::ImportTerraformFolder => click_input("terraform-folder-input"),
            Command::Save => {
                if files::download(
                    &format!("{}.stratosim.json", file_name(&state.design)),
                    "application/json",
                    &state.design.to_json_pretty(),
                )
                .is_err()
                {
                    state.dispatch(Action::Notify(t!(lang, "notice-download-refused")));
                }
            }
            Command::CopyShareLink => {
                let link = share::link_for(&state.design, None, Some(&state.history));
                share::publish(&link);
                state.dispatch(Action::Notify(t!(
                    lang,
                    "notice-share-copied",
                    length = link.len()
                )));
            }
            Command::ExportSvg => match export::svg_document(&state.shapes, state.theme.as_str()) {
                Ok(svg) => {
                    let _ = files::download(
                        &format!("{}.svg", file_name(&state.design)),
                        "image/svg+xml",
                        &svg,
                    );
                }
                Err(e) => {
                    state.dispatch(Action::Notify(t!(lang, "notice-export-failed", error = e)))
                }
            },
            Command::ExportPng => match export::svg_document(&state.shapes, state.theme.as_str()) {
                Ok(svg) => {
                    let (w, h) = export::export_size(&state.shapes);
                    let _ = export::download_png(
                        svg,
                        format!("{}.png", file_name(&state.design)),
                        w,
                        h,
                    );
                }
                Err(e) => {
                    state.dispatch(Action::Notify(t!(lang, "notice-export-failed", error = e)))
                }
            },
            Command::ExportTerraform => {
                let folder = file_name(&state.design);
                match bridge::terraform_export::export_zip(&state.design, &folder) {
                    Ok(exported) => {
                        if files::download_bytes(
                            &format!("{folder}-terraform.zip"),
                            "application/zip",
                            &exported.zip,
                        )
                        .is_err()
                        {
                            state.dispatch(Action::Notify(t!(lang, "notice-download-refused")));
                        } else {
                            let (count, files) = (exported.files.len(), exported.files.join(", "));
                            let notice = if exported.warnings.is_empty() {
                                t!(
                                    lang,
                                    "notice-terraform-exported",
                                    count = count,
                                    files = files
                                )
                            } else {
                                t!(
                                    lang,
                                    "notice-terraform-exported-inexact",
                                    count = count,
                                    files = files,
                                    warnings = exported.warnings.join("; ")
                                )
                            };
                            state.dispatch(Action::Notify(notice));
                        }
                    }
                    Err(e) => {
                        state.dispatch(Action::Notify(t!(lang, "notice-export-failed", error = e)))
                    }
                }
            }
            Command::Tidy => {
                let (w, h) = canvas_size();
                state.dispatch(Action::Tidy {
                    width: w,
                    height: h,
                });
                state.dispatch(Action::FitToScreen {
                    width: w,
                    height: h,
                });
            }
            Command::TakeSnapshot => match snapshot(snapshots, &state.design, &state.design.name) {
                Ok(()) => state.dispatch(Action::Notify(t!(lang, "notice-snapshot-taken"))),
                Err(e) => state.dispatch(Action::Notify(e)),
            },
            Command::RestoreSnapshot(i) => {
                if let Some(s) = snapshots.get(i).cloned() {
                    let _ = snapshot(
                        snapshots,
                        &state.design,
                        &t!(lang, "snapshot-before-restore"),
                    );
                    state.dispatch(Action::Load {
                        design: Box::new((*s.design).clone()),
                        read_only: false,
                    });
                }
            }
            Command::MakeCopy => {
                // The copy replaces the recipient's own autosaved design: keep that first.
                if let storage::Restored::Design(own) = storage::restore() {
                    let label = t!(lang, "snapshot-before-copy", name = own.name.as_str());
                    if let Err(e) = snapshot(snapshots, &own, &label) {
                        state.dispatch(Action::Notify(t!(lang, "notice-copy-refused", error = e)));
                        return;
                    }
                }
                state.dispatch(Action::MakeCopy);
                // Drop the fragment so a reload shows the user's (now copied) design.
                share::drop_fragment();
            }
            Command::Undo => state.dispatch(Action::Undo),
            Command::Redo => state.dispatch(Action::Redo),
            Command::ToggleHelp => session.dispatch(SessionAction::ToggleHelp),
            Command::ToggleTheme => {
                storage::save_theme(state.theme.toggled().as_str());
                state.dispatch(Action::ToggleTheme);
            }
            Command::SetLang(l) => {
                storage::save_lang(l.tag());
                self.lang_now.set(l);
                self.lang.set(l);
            }
        }
    }

    /// Starts a scenario on its starting design, as an assignment or an interview. The
    /// current design is snapshotted first; when the browser refuses to store the snapshot,
    /// the design is kept and the scenario not started.
    pub fn start_scenario(&self, id: &str, interview: bool) {
        let Shell {
            state,
            session,
            snapshots,
            ..
        } = self;
        let Some(design) = bridge::assignment::start_design(id) else {
            return;
        };
        let lang = self.lang_now.get();
        let label = t!(
            lang,
            "snapshot-before-scenario",
            name = state.design.name.as_str()
        );
        if let Err(e) = snapshot(snapshots, &state.design, &label) {
            session.dispatch(SessionAction::CancelStart);
            state.dispatch(Action::Notify(t!(
                lang,
                "notice-scenario-not-started",
                error = e
            )));
            return;
        }
        state.dispatch(Action::Load {
            design: Box::new(design),
            read_only: false,
        });
        let (w, h) = canvas_size();
        state.dispatch(Action::FitToScreen {
            width: w,
            height: h,
        });
        session.dispatch(SessionAction::Start {
            scenario: id.to_string(),
            interview,
            now: js_sys::Date::now(),
        });
    }

    /// Handles a keyboard shortcut; `true` when the key was one (its default is then
    /// prevented). Keys typed into a field are left alone.
    pub fn key(&self, e: &KeyboardEvent) -> bool {
        let Shell { state, session, .. } = self;
        let active = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.active_element());
        let typing = active
            .as_ref()
            .is_some_and(|a| matches!(a.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        if typing {
            return false;
        }
        let ctrl = e.ctrl_key() || e.meta_key();
        let key = e.key();
        let focused_id = active.as_ref().and_then(|a| a.get_attribute("data-id"));
        match (ctrl, key.as_str()) {
            (true, "z") | (true, "Z") if e.shift_key() => {
                state.dispatch(Action::Redo);
                true
            }
            (true, "z") => {
                state.dispatch(Action::Undo);
                true
            }
            (true, "y") => {
                state.dispatch(Action::Redo);
                true
            }
            (true, "a") => {
                state.dispatch(Action::SelectMany(
                    state.shapes.iter().map(|s| s.id.clone()).collect(),
                ));
                true
            }
            (true, "s") => {
                self.run(Command::Save);
                true
            }
            (true, "c") => {
                state.dispatch(Action::Copy);
                true
            }
            (true, "v") => {
                state.dispatch(Action::Paste);
                true
            }
            (true, "d") => {
                state.dispatch(Action::Duplicate);
                true
            }
            (true, "o") => {
                self.run(Command::Open);
                true
            }
            (false, "Delete") | (false, "Backspace") => {
                state.dispatch(Action::DeleteSelection);
                true
            }
            (false, "Escape") => {
                state.dispatch(Action::Arm(None));
                state.dispatch(Action::Select(None));
                session.dispatch(SessionAction::CloseHelp);
                true
            }
            (false, "?") => {
                session.dispatch(SessionAction::ToggleHelp);
                true
            }
            (false, "+") | (false, "=") => {
                state.dispatch(Action::ZoomBy(1.2));
                true
            }
            (false, "-") => {
                state.dispatch(Action::ZoomBy(1.0 / 1.2));
                true
            }
            (false, "0") => {
                state.dispatch(Action::ResetView);
                true
            }
            (false, "f") | (false, "F") => {
                let (w, h) = canvas_size();
                state.dispatch(Action::FitToScreen {
                    width: w,
                    height: h,
                });
                true
            }
            (false, "Enter") | (false, " ") => match focused_id {
                Some(id) => {
                    let tool = state.annotating.as_ref().map(|a| a.tool);
                    let rect = state
                        .shape(&id)
                        .map(|s| s.rect)
                        .or_else(|| state.annotation(&id).map(|a| a.rect));
                    match (state.armed, tool, rect) {
                        (Some(kind), _, Some(_)) if state.shape(&id).is_some() => {
                            let r = rect.unwrap_or_default();
                            let (x, y) = (r.x + r.w / 2.0, r.y + r.h / 2.0);
                            state.dispatch(Action::Place { kind, x, y });
                        }
                        // The keyboard's way to annotate: a note or box goes beside the focused
                        // shape, an arrow takes it as its start, then its end.
                        (None, Some(AnnotationTool::Arrow), Some(_)) => {
                            let attachable = state
                                .annotation(&id)
                                .is_none_or(|a| a.tool != AnnotationTool::Arrow);
                            if attachable {
                                state.dispatch(Action::PickEnd(End::Attached(id)));
                            }
                        }
                        (None, Some(tool), Some(r)) => {
                            let (x, y) = (
                                snap_to_grid(r.x + r.w + 140.0),
                                snap_to_grid(r.y + r.h / 2.0),
                            );
                            let edit = match tool {
                                AnnotationTool::Note => AnnotationEdit::AddNote { x, y },
                                _ => AnnotationEdit::AddBox { x, y },
                            };
                            state.dispatch(Action::Annotate(edit));
                        }
                        _ => state.dispatch(Action::Select(Some(id))),
                    }
                    true
                }
                None => false,
            },
            (false, k @ ("ArrowLeft" | "ArrowRight" | "ArrowUp" | "ArrowDown")) => {
                let step = if e.shift_key() { GRID * 5.0 } else { GRID };
                let (dx, dy) = match k {
                    "ArrowLeft" => (-step, 0.0),
                    "ArrowRight" => (step, 0.0),
                    "ArrowUp" => (0.0, -step),
                    _ => (0.0, step),
                };
                state.dispatch(Action::MoveSelection { dx, dy });
                true
            }
            _ => false,
        }
    }
}

/// A design coordinate on the canvas grid.
fn snap_to_grid(v: f64) -> f64 {
    (v / GRID).round() * GRID
}
