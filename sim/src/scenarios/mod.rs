//! The built-in scenario library.
