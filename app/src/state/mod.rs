//! The app's state as reducers over action enums: pure, so they are tested natively and in
//! the browser alike. `editor` holds the design with its history and its `Analysis`; `trace`
//! the flow being traced and its playback; `history` the design's edit steps for replay; `session` the mode, the overlays and the cluster
//! view's set-up; `panels` the sizes of the panels around the canvas; `interview` what a
//! candidate link carries and what a candidate may see; `live` how the ops of a live session
//! converge.

pub mod editor;
pub mod history;
pub mod interview;
pub mod live;
pub mod panels;
pub mod session;
pub mod trace;

#[cfg(test)]
mod network_forms_tests;
