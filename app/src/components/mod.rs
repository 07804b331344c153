//! Views: each takes data and `on_*` callbacks as props and holds no editor state itself.

pub mod annotations;
pub mod assignment;
pub mod bottom_panel;
pub mod canvas;
pub mod canvas_nav;
pub mod canvas_transit;
pub mod cluster;
pub mod deployment_form;
pub mod dialog;
pub mod help;
pub mod history;
pub mod interview;
pub mod k8s_objects;
pub mod live;
pub mod matrix;
pub mod palette;
pub mod policies;
pub mod prefix_lists;
pub mod properties;
pub mod source;
pub mod splitter;
pub mod topbar;
pub mod traces;
pub mod transit;
