//! Editor state as a reducer over an `Action` enum: pure, so it is tested natively and in
//! the browser alike, and undo/redo can fall out of it.

pub mod editor;
