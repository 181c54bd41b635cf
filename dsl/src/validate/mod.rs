//! Validation: every rule runs over the whole network and reports every problem it finds, so
//! a user sees all mistakes at once. A network with no errors becomes a [`ValidNetwork`],
//! which carries its IP plan; the renderers accept nothing else.

mod accounts;
mod cloudwan;
mod dns;
mod hub;
mod inspection;
mod names;
mod overlap;
mod share;
mod vpc;

use crate::diagnostic::Diagnostics;
use crate::model::Network;
use crate::plan::{self, VpcPlan};
use ipnet::Ipv4Net;

/// A network that passed validation, with every CIDR planned.
#[derive(Debug, Clone)]
pub struct ValidNetwork {
    network: Network,
    plan: Vec<VpcPlan>,
    warnings: Diagnostics,
}

impl Network {
    /// Checks every rule and plans every CIDR. Returns all diagnostics if any is an error;
    /// warnings alone are kept in the [`ValidNetwork`].
    pub fn validate(&self) -> Result<ValidNetwork, Diagnostics> {
        let mut diags = Diagnostics::new();
        names::check(self, &mut diags);
        accounts::check(self, &mut diags);
        vpc::check(self, &mut diags);
        let plan = plan::plan(self, &mut diags);
        overlap::check(self, &plan, &mut diags);
        hub::check(self, &plan, &mut diags);
        cloudwan::check(self, &plan, &mut diags);
        dns::check(self, &plan, &mut diags);
        inspection::check(self, &mut diags);
        diags.sort();
        if diags.has_errors() {
            return Err(diags);
        }
        match plan.complete() {
            Some(plan) => Ok(ValidNetwork {
                network: self.clone(),
                plan,
                warnings: diags,
            }),
            None => Err(diags),
        }
    }
}

impl ValidNetwork {
    /// The network.
    pub fn network(&self) -> &Network {
        &self.network
    }

    /// The planned CIDRs of each VPC, in model order.
    pub fn plan(&self) -> &[VpcPlan] {
        &self.plan
    }

    /// The planned CIDR of the VPC at `index` in the model.
    ///
    /// # Panics
    /// If there is no VPC at `index`.
    pub fn vpc_cidr(&self, index: usize) -> Ipv4Net {
        self.plan[index].cidr
    }

    /// Warnings found by validation.
    pub fn warnings(&self) -> &Diagnostics {
        &self.warnings
    }
}
