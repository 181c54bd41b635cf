//! An IP plan written in Rust with the DSL, served by the whole `netform` CLI: an IPAM in the
//! network account with an IPv4 hierarchy (top, region, two leaf pools) and a private IPv6
//! (unique local) hierarchy beside it; one VPC whose CIDR netform plans from its pool before
//! deploy, one whose CIDR IPAM picks at deploy time, both dual-stack from the IPv6 pool, the
//! second with IPv6-only subnets using DNS64 and NAT64.
//!
//! ```text
//! cargo run --example ipam_in_rust -- plan-ip ipam-in-rust --subnets
//! cargo run --example ipam_in_rust -- synth ipam-in-rust --target terraform --out out/ipam
//! ```

use netform::blueprints::{Blueprint, Params, Registry, UsageError};
use netform::dsl::{AddressFamily, Ipam, IpamPool, NatMode, Network, Tier, Vpc};

const REGION: &str = "eu-west-1";

fn ipam_in_rust(_: &Params) -> Result<Network, UsageError> {
    let azs = ["eu-west-1a", "eu-west-1b"];
    let ipam = Ipam::builder("corp", "network", REGION)
        .pool(IpamPool::builder("v4", AddressFamily::Ipv4).cidr("10.0.0.0/8"))
        .pool(
            IpamPool::builder("v4-euw1", AddressFamily::Ipv4)
                .parent("v4")
                .allocate(12)
                .locale(REGION),
        )
        .pool(
            IpamPool::builder("prod-euw1", AddressFamily::Ipv4)
                .parent("v4-euw1")
                .allocate(16)
                .locale(REGION)
                // Teams get a /20 unless they ask for /19 to /24.
                .netmasks(19, 20, 24)
                .require_tag("environment", "prod")
                .share_with("prod"),
        )
        // VPCs whose CIDR IPAM picks at deploy time get a pool of their own, so that IPAM
        // never hands out a block netform planned for another VPC.
        .pool(
            IpamPool::builder("auto-euw1", AddressFamily::Ipv4)
                .parent("v4-euw1")
                .allocate(16)
                .locale(REGION)
                .require_tag("environment", "prod")
                .share_with("prod"),
        )
        // Unique local IPv6 (fd00::/8 outside the reserved fd00::/16), planned like IPv4.
        .pool(IpamPool::builder("v6", AddressFamily::Ipv6).cidr("fd12:3456::/40"))
        .pool(
            IpamPool::builder("prod-euw1-v6", AddressFamily::Ipv6)
                .parent("v6")
                .allocate(48)
                .locale(REGION)
                .share_with("prod"),
        );
    Ok(Network::builder("corp")
        .network_account("network", "111111111111")
        .account("prod", "222222222222")
        .ipam(ipam)
        .vpc(
            // Planned offline: its CIDR is in the output, and IPAM records it.
            Vpc::builder("orders", "prod", REGION)
                .allocate("prod-euw1", 20)
                .ipv6_from_pool("prod-euw1-v6", 56)
                .azs(azs)
                .dual_stack_subnets("public", Tier::Public, 24, 64)
                .dual_stack_subnets("app", Tier::Private, 22, 64)
                .nat(NatMode::PerAz)
                .tag("environment", "prod"),
        )
        .vpc(
            // Chosen by IPAM at deploy time: subnets are placed relative to the VPC's block.
            Vpc::builder("payments", "prod", REGION)
                .ipam("auto-euw1", 20)
                .ipv6_from_pool("prod-euw1-v6", 56)
                .azs(azs)
                .dual_stack_subnets("public", Tier::Public, 24, 64)
                .ipv6_only_subnets("app", Tier::Private, 64)
                .dns64("app")
                .nat(NatMode::PerAz)
                .tag("environment", "prod"),
        )
        .build())
}

/// The built-in blueprints plus this one.
pub fn registry() -> Registry {
    Registry::builtin().with(Blueprint {
        name: "ipam-in-rust",
        summary: "an IPAM pool hierarchy (IPv4 and unique local IPv6) written with the Rust DSL",
        params: &[],
        build: ipam_in_rust,
    })
}

#[allow(dead_code)] // the integration tests include this file for `registry()`
fn main() -> std::process::ExitCode {
    netform::cli::main(&registry())
}
