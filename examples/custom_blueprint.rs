//! A blueprint of your own, in your own crate, with the whole `netform` CLI.
//!
//! ```text
//! cargo run --example custom_blueprint -- list
//! cargo run --example custom_blueprint -- synth shared-services --target terraform --out out/shared
//! ```

use netform::blueprints::{Blueprint, ParamKind, ParamSpec, Params, Registry, UsageError};
use netform::dsl::{NatMode, Network, Tier, Vpc};

const PARAMS: &[ParamSpec] = &[
    ParamSpec {
        name: "region",
        kind: ParamKind::Region,
        default: "eu-west-1",
        help: "region of the shared-services VPC",
    },
    ParamSpec {
        name: "env",
        kind: ParamKind::Choice(&["dev", "prod"]),
        default: "dev",
        help: "environment: prod gets a NAT gateway per AZ",
    },
];

fn shared_services(params: &Params) -> Result<Network, UsageError> {
    let region = params.text("region");
    let prod = params.text("env") == "prod";
    let azs = ["a", "b", "c"].map(|letter| format!("{region}{letter}"));
    Ok(Network::builder("shared")
        .tag("env", params.text("env"))
        .network_account("network", "111111111111")
        .ip_block("corp", "10.64.0.0/12")
        .vpc(
            Vpc::builder("services", "network", region)
                .allocate("corp", 20)
                .azs(azs)
                .subnets("public", Tier::Public, 26)
                .subnets("apps", Tier::Private, 23)
                .nat(if prod {
                    NatMode::PerAz
                } else {
                    NatMode::Single
                }),
        )
        .build())
}

/// The built-in blueprints plus ours.
pub fn registry() -> Registry {
    Registry::builtin().with(Blueprint {
        name: "shared-services",
        summary: "a shared-services VPC allocated from the corporate block",
        params: PARAMS,
        build: shared_services,
    })
}

#[allow(dead_code)] // the integration tests include this file for `registry()`
fn main() -> std::process::ExitCode {
    netform::cli::main(&registry())
}
