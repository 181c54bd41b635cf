//! Reachability before deploy: netform forwards packets through the routing it generates
//! (VPC route tables, Transit Gateway route tables, the core network policy's segments and
//! network function groups, NAT gateways and inspection endpoints) and proves or refutes
//! traffic intents, with hop-by-hop paths.
//!
//! Security groups and network ACLs are out of scope: a path here says that routing carries
//! a packet, not that a security group lets it in.
//!
//! ```
//! use netform_blueprints::Registry;
//! use netform_reach::{Analysis, Endpoint};
//!
//! let network = Registry::builtin().network("tgw-hub-spoke", &[]).unwrap();
//! let valid = network.validate().unwrap();
//! let graph = netform_backends::lower(&valid).unwrap();
//! let analysis = Analysis::new(&valid, &graph);
//! let paths = analysis
//!     .path(&"vpc:spoke-use1-1".parse().unwrap(), &Endpoint::Internet)
//!     .unwrap();
//! assert!(paths[0].reached);
//! assert!(analysis.check(&network.intents).holds());
//! ```

#![warn(missing_docs)]

mod check;
mod core;
mod error;
mod fabric;
mod lpm;
mod path;
mod trace;

pub use check::{Counterexample, IntentResult, Report};
pub use error::{Error, ErrorKind};
pub use path::{Endpoint, Hop, Path};

use fabric::Fabric;
use netform_backends::ResourceGraph;
use netform_dsl::{Intent, ValidNetwork};

/// The forwarding plane of one lowered network, ready for questions.
#[derive(Debug)]
pub struct Analysis<'g> {
    fabric: Fabric<'g>,
}

impl<'g> Analysis<'g> {
    /// Reads the forwarding plane of `graph`, the lowering of `valid`.
    pub fn new(valid: &ValidNetwork, graph: &'g ResourceGraph) -> Self {
        Self {
            fabric: Fabric::new(valid, graph),
        }
    }

    /// The path of a packet from `from` to `to`: one per source (on-premises has one per VPN
    /// or Direct Connect attachment).
    pub fn path(&self, from: &Endpoint, to: &Endpoint) -> Result<Vec<Path>, Error> {
        let sources = self.fabric.sources(from)?;
        let target = self.fabric.target(to)?;
        let (from, to) = (from.to_string(), to.to_string());
        Ok(sources
            .iter()
            .map(|s| self.fabric.trace((&from, s), (&to, &target)))
            .collect())
    }

    /// Checks every intent, all pairs each, and gives the first counterexample of each that
    /// fails.
    pub fn check(&self, intents: &[Intent]) -> Report {
        self.fabric.check(intents)
    }
}
