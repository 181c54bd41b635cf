//! Usage errors: what a user asked of the registry that cannot be done (exit code 2).

/// A blueprint or parameter the user named wrongly.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UsageError {
    /// No blueprint has that name.
    #[error("unknown blueprint {name:?}; known blueprints: {}", known.join(", "))]
    UnknownBlueprint {
        /// The name given.
        name: String,
        /// The blueprints there are.
        known: Vec<String>,
    },
    /// The blueprint has no parameter of that name.
    #[error("blueprint {blueprint} has no parameter {name:?}; its parameters: {}", known.join(", "))]
    UnknownParam {
        /// The blueprint.
        blueprint: String,
        /// The name given.
        name: String,
        /// Its parameters.
        known: Vec<String>,
    },
    /// The value does not parse as the parameter's kind.
    #[error("parameter {param}={value:?} is not valid: expected {expected}")]
    BadValue {
        /// The parameter.
        param: String,
        /// The value given.
        value: String,
        /// What it accepts.
        expected: String,
    },
    /// A `--set` argument without `=`.
    #[error("--set {0:?} is not of the form key=value")]
    BadSet(String),
}
