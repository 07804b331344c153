//! AWS VPC network model, lints and packet tracer.
