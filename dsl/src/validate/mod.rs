//! Validation: every rule runs over the whole network and reports every problem it finds, so
//! a user sees all mistakes at once. A network with no errors becomes a [`ValidNetwork`],
//! which carries its IP plan; the renderers accept nothing else.

mod accounts;
mod cloudwan;
mod direct_connect;
mod dns;
mod endpoints;
mod hub;
mod inspection;
mod intents;
mod interface_endpoints;
mod ipam;
mod lattice;
mod names;
mod overlap;
mod public_access;
mod share;
mod vpc;
mod vpn;

use crate::diagnostic::Diagnostics;
use crate::model::Network;
use crate::plan::{self, PoolPlan, VpcPlan};
use ipnet::Ipv4Net;

/// A network that passed validation, with every CIDR planned.
#[derive(Debug, Clone)]
pub struct ValidNetwork {
    network: Network,
    plan: Vec<VpcPlan>,
    pools: Vec<PoolPlan>,
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
        ipam::check(self, &mut diags);
        public_access::check(self, &mut diags);
        endpoints::check(self, &mut diags);
        interface_endpoints::check(self, &mut diags);
        lattice::check(self, &mut diags);
        vpn::check(self, &mut diags);
        direct_connect::check(self, &plan, &mut diags);
        intents::check(self, &mut diags);
        diags.sort();
        if diags.has_errors() {
            return Err(diags);
        }
        match plan.complete() {
            Some((plan, pools)) => Ok(ValidNetwork {
                network: self.clone(),
                plan,
                pools,
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

    /// The planned IPAM pools, in the IPAM's pool order (empty without an IPAM).
    pub fn pools(&self) -> &[PoolPlan] {
        &self.pools
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
