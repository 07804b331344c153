//! Exporters from the network model into other tools' formats: Terraform HCL
//! ([`terraform`]).
//!
//! **API boundary**: exporters are pure functions of a [`crate::network::Design`] or
//! [`crate::network::Network`] returning text (file name → contents); the CLI and the app
//! write or download the files. They never panic on any design, even a half-edited one.
//! What the target format cannot express is returned as a warning naming the component,
//! never written silently different.

pub mod terraform;
