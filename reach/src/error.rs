//! What a reachability question can get wrong.

use thiserror::Error as ThisError;

/// An error of `netform path` or `netform check`.
#[derive(Debug, Clone, PartialEq, Eq, ThisError)]
#[error("{kind}")]
pub struct Error {
    kind: ErrorKind,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind) -> Self {
        Self { kind }
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }
}

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq, ThisError)]
#[non_exhaustive]
pub enum ErrorKind {
    /// An endpoint that is not `vpc:NAME`, `internet`, `onprem` or `ip:A.B.C.D`.
    #[error("{0:?} is not an endpoint: write vpc:NAME, internet, onprem or ip:A.B.C.D")]
    BadEndpoint(String),
    /// A VPC the network does not have.
    #[error("the network has no VPC {name:?} (it has {known}, ...)")]
    UnknownVpc {
        /// The name given.
        name: String,
        /// Some names it has.
        known: String,
    },
    /// A VPC with no IPv4 subnet to start from or send to.
    #[error("VPC {0:?} has no IPv4 subnet to send from or to")]
    NoSubnet(String),
    /// On-premises named, and none declared.
    #[error("the network declares no on-premises ranges or attachments (a VPN connection or a Direct Connect gateway, and the Transit Gateway's on_premises)")]
    NoOnPremises,
    /// A source netform cannot send from.
    #[error("{0} cannot be a source: traffic from the internet needs public addresses and security groups, which netform does not model")]
    UnsupportedSource(String),
}
