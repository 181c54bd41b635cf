//! netform: typed AWS hub-and-spoke networks, validated before anything is deployed, rendered
//! deterministically to CloudFormation JSON or Terraform HCL.
//!
//! This facade re-exports the workspace crates and provides the [`cli`], so a crate with
//! its own blueprints gets the whole `netform` command line:
//!
//! ```no_run
//! use netform::blueprints::Registry;
//!
//! fn main() -> std::process::ExitCode {
//!     netform::cli::main(&Registry::builtin())
//! }
//! ```

#![warn(missing_docs)]

pub mod allocator;
pub mod cli;
pub mod cost;
pub mod diagram;
pub mod intents;
pub mod plan_ip;

pub use netform_backends as backends;
pub use netform_blueprints as blueprints;
pub use netform_dsl as dsl;
pub use netform_reach as reach;
