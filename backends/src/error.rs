//! The crate's error type.

use netform_dsl::Diagnostics;
use std::path::PathBuf;

/// What went wrong.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The output would break a target's quota (stack size, parameters, outputs).
    #[error("the output exceeds a quota:\n{0}")]
    Quota(Diagnostics),

    /// The network needs something the target cannot do: a manual step in the middle of a
    /// CloudFormation stack (NF0502), or a resource CloudFormation has no type for (NF0503).
    #[error("the target cannot express this network:\n{0}")]
    Unsupported(Diagnostics),
    /// Stacks refer to each other in a cycle, so no deploy order exists.
    #[error("stacks refer to each other in a cycle: {}", .0.join(" -> "))]
    StackCycle(Vec<String>),
    /// HCL could not be produced.
    #[error("Terraform output could not be formatted: {0}")]
    Hcl(#[from] hcl::Error),
    /// A file could not be written.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// An error from rendering or writing output.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct Error {
    kind: Box<ErrorKind>,
}

impl Error {
    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }
}

impl<E: Into<ErrorKind>> From<E> for Error {
    fn from(kind: E) -> Self {
        Self {
            kind: Box::new(kind.into()),
        }
    }
}
