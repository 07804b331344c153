//! Stratosim browser app.
