//! The crate's error type, for failures that are not diagnostics about a network.

/// What went wrong.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A network's JSON did not parse or did not match the model.
    #[error("network JSON is invalid: {0}")]
    Json(#[source] serde_json::Error),
}

/// An error from this crate.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct Error {
    kind: ErrorKind,
}

impl Error {
    pub(crate) fn json(err: serde_json::Error) -> Self {
        Self {
            kind: ErrorKind::Json(err),
        }
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }
}
