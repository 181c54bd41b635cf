//! Traffic intents written in Rust, proved by the whole `netform` CLI: the built-in
//! `tgw-hub-spoke` network with a VPN to on-premises, plus what this platform team promises
//! on top of the blueprint's defaults: the payments spoke reaches the ledger spoke only
//! through inspection, and reaches on-premises only through inspection too.
//!
//! ```text
//! cargo run --example intents_in_rust -- check guarded-hub
//! cargo run --example intents_in_rust -- path guarded-hub --from vpc:spoke-use1-1 --to onprem
//! ```

use netform::blueprints::{Blueprint, Params, Registry, UsageError};
use netform::dsl::{Intent, Network, Site, Waypoint};

fn guarded_hub(_: &Params) -> Result<Network, UsageError> {
    let sets = [("vpn".to_string(), "bgp".to_string())];
    let mut network = Registry::builtin().network("tgw-hub-spoke", &sets)?;
    let payments = Site::vpc("spoke-use1-1");
    network.intents.extend([
        Intent::new("payments reaches the ledger only through inspection")
            .from(payments.clone())
            .to(Site::vpc("spoke-use1-2"))
            .must_pass(Waypoint::Inspection),
        Intent::new("payments reaches on-premises only through inspection")
            .from(payments)
            .to(Site::OnPremises)
            .must_pass(Waypoint::Inspection),
    ]);
    Ok(network)
}

/// The built-in blueprints and this one.
pub fn registry() -> Registry {
    Registry::builtin().with(Blueprint {
        name: "guarded-hub",
        summary: "tgw-hub-spoke with a VPN and two intents of its own, in Rust",
        params: &[],
        build: guarded_hub,
    })
}

#[allow(dead_code)] // the integration tests include this file for `registry()`
fn main() -> std::process::ExitCode {
    netform::cli::main(&registry())
}
