//! Files the user opens: File › Open (a design, AWS CLI output or manifests, as the menu item
//! chose), File › Import › Terraform (several files or a folder), and anything dropped on the
//! workspace (recognised by its content: Terraform state, AWS CLI output, a design; a folder,
//! several files or `.tf` files are a Terraform import). Reading is `services::files`; what
//! a file means is `shell`'s and `bridge`'s.

use std::cell::RefCell;
use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::bridge;
use crate::i18n::Lang;
use crate::services::{files, storage};
use crate::shell;
use crate::state::editor::{Action, EditorState};

/// The callbacks of the file inputs and of the workspace's drop target.
pub struct FileHandlers {
    pub chosen: Callback<Event>,
    pub terraform_chosen: Callback<Event>,
    pub drop: Callback<DragEvent>,
    pub dragover: Callback<DragEvent>,
}

/// Builds them for this render (`ui`: the language notices are worded in).
pub fn file_handlers(
    ui: Lang,
    state: &UseReducerHandle<EditorState>,
    snapshots: &UseStateHandle<storage::Snapshots>,
    open_as: &Rc<RefCell<shell::OpenAs>>,
    terraform_cache: &Rc<RefCell<bridge::terraform::ImportCache>>,
) -> FileHandlers {
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
        let cache = terraform_cache.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(list) = input.files() else { return };
            let picked: Vec<_> = files::picked(&list)
                .into_iter()
                .filter(|(p, _)| bridge::terraform::wanted(p))
                .collect();
            let (state, snapshots, cache) = (state.clone(), snapshots.clone(), cache.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match files::read_all(picked).await {
                    Ok(read) => shell::import_terraform(ui, &state, &snapshots, &cache, read),
                    Err(e) => state.dispatch(Action::Notify(e)),
                }
            });
        })
    };
    // A file dropped anywhere on the workspace opens it (AWS CLI output and Terraform state
    // are recognised); a folder, several files or `.tf` files are imported as Terraform.
    let on_file_drop = {
        let (state, snapshots) = (state.clone(), snapshots.clone());
        let cache = terraform_cache.clone();
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
                let (state, snapshots, cache) = (state.clone(), snapshots.clone(), cache.clone());
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
                        Ok(read) => shell::import_terraform(ui, &state, &snapshots, &cache, read),
                        Err(e) => state.dispatch(Action::Notify(e)),
                    }
                });
                return;
            }
            let Some(file) = list.and_then(|f| f.get(0)) else {
                return;
            };
            e.prevent_default();
            let (state, snapshots, cache) = (state.clone(), snapshots.clone(), cache.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let name = file.name();
                match files::read_text(file).await {
                    Ok(text) if bridge::terraform::looks_like_state(&text) => {
                        shell::import_terraform(ui, &state, &snapshots, &cache, vec![(name, text)])
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
    FileHandlers {
        chosen: on_file_chosen,
        terraform_chosen: on_terraform_chosen,
        drop: on_file_drop,
        dragover: on_file_dragover,
    }
}
