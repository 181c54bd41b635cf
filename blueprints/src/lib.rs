//! Ready-made networks: each blueprint is a Rust function from typed parameters to a
//! [`Network`], listed in a [`Registry`] that the CLI serves.
//!
//! ```
//! use netform_blueprints::Registry;
//!
//! let registry = Registry::builtin();
//! let sets = vec![("azs".to_string(), "3".to_string())];
//! let network = registry.network("single-vpc", &sets).unwrap();
//! assert_eq!(network.vpcs[0].azs.len(), 3);
//! assert!(network.validate().is_ok());
//! ```

#![warn(missing_docs)]

mod cloudwan_hub_spoke;
mod dns_parts;
mod endpoint_parts;
mod error;
mod hub_parts;
mod hybrid_dns;
mod hybrid_parts;
mod intent_parts;
mod ipam_landing_zone;
mod params;
mod single_vpc;
mod tgw_hub_spoke;

pub use error::UsageError;
pub use params::{ParamKind, ParamSpec, Params};

use netform_dsl::Network;

/// A ready-made network with typed parameters.
#[derive(Debug, Clone, Copy)]
pub struct Blueprint {
    /// The name the CLI knows it by.
    pub name: &'static str,
    /// One line on what it builds.
    pub summary: &'static str,
    /// Its parameters.
    pub params: &'static [ParamSpec],
    /// Builds the network from checked parameters.
    pub build: fn(&Params) -> Result<Network, UsageError>,
}

impl Blueprint {
    /// Builds the network with `sets` (`key`, `value`) over the defaults.
    pub fn network(&self, sets: &[(String, String)]) -> Result<Network, UsageError> {
        let params = Params::parse(self.name, self.params, sets)?;
        (self.build)(&params)
    }
}

/// The blueprints a CLI serves, in the order they were added.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    blueprints: Vec<Blueprint>,
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// netform's built-in blueprints.
    pub fn builtin() -> Self {
        Self::new()
            .with(single_vpc::blueprint())
            .with(tgw_hub_spoke::blueprint())
            .with(cloudwan_hub_spoke::blueprint())
            .with(hybrid_dns::blueprint())
            .with(ipam_landing_zone::blueprint())
    }

    /// The registry with `blueprint` added (replacing one of the same name).
    #[must_use]
    pub fn with(mut self, blueprint: Blueprint) -> Self {
        self.blueprints.retain(|b| b.name != blueprint.name);
        self.blueprints.push(blueprint);
        self
    }

    /// The blueprint named `name`.
    pub fn get(&self, name: &str) -> Result<&Blueprint, UsageError> {
        self.blueprints
            .iter()
            .find(|b| b.name == name)
            .ok_or_else(|| UsageError::UnknownBlueprint {
                name: name.to_string(),
                known: self.blueprints.iter().map(|b| b.name.to_string()).collect(),
            })
    }

    /// Every blueprint.
    pub fn iter(&self) -> impl Iterator<Item = &Blueprint> {
        self.blueprints.iter()
    }

    /// The network of blueprint `name` with `sets` over its defaults.
    pub fn network(&self, name: &str, sets: &[(String, String)]) -> Result<Network, UsageError> {
        self.get(name)?.network(sets)
    }
}
