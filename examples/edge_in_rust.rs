//! The edge of a network written in Rust, served by the whole `netform` CLI: an egress VPC in
//! the network account and an application VPC in a workload account, with bidirectional VPC
//! Block Public Access (the NAT gateways' subnets excluded), S3 and DynamoDB gateway endpoints
//! (DynamoDB for the database subnets only, with a policy), a VPC Lattice service network
//! shared with the workload account, both VPCs associated, and a Systems Manager interface
//! endpoint in the egress VPC that the application VPC uses through a private hosted zone,
//! carried to its account by a shared Route 53 Profile.
//!
//! ```text
//! cargo run --example edge_in_rust -- validate edge-in-rust
//! cargo run --example edge_in_rust -- synth edge-in-rust --target terraform --out out/edge
//! ```

use netform::blueprints::{Blueprint, Params, Registry, UsageError};
use netform::dsl::{
    BlockMode, BlockPublicAccess, ExclusionMode, GatewayEndpoint, InterfaceEndpoint, LatticeAuth,
    NatMode, Network, ServiceNetwork, Tier, Vpc,
};

const REGION: &str = "eu-west-1";

fn edge_in_rust(_: &Params) -> Result<Network, UsageError> {
    let azs = ["eu-west-1a", "eu-west-1b"];
    let only_the_tables = serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": "*",
            "Action": ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"],
            "Resource": "arn:aws:dynamodb:eu-west-1:222222222222:table/orders*"
        }]
    });
    let invoke_from_the_organization = serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": "*",
            "Action": "vpc-lattice-svcs:Invoke",
            "Resource": "*",
            "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abcd1234ef"}}
        }]
    });
    Ok(Network::builder("edge")
        .network_account("network", "111111111111")
        .account("orders", "222222222222")
        .ip_block("corp", "10.0.0.0/8")
        .vpc(
            Vpc::builder("egress", "network", REGION)
                .allocate("corp", 22)
                .azs(azs)
                .subnets("public", Tier::Public, 26)
                .subnets("private", Tier::Private, 26)
                .nat(NatMode::PerAz)
                // Private DNS off: the application VPC resolves ssm through the zone below.
                .interface_endpoint(
                    InterfaceEndpoint::new("ssm", "private")
                        .allow_from(["10.0.0.0/8"])
                        .serves(["orders"]),
                ),
        )
        .vpc(
            Vpc::builder("orders", "orders", REGION)
                .allocate("corp", 20)
                .azs(azs)
                .subnets("app", Tier::Isolated, 24)
                .subnets("db", Tier::Isolated, 24)
                .gateway_endpoint("s3")
                .gateway_endpoint(
                    GatewayEndpoint::new("dynamodb")
                        .subnet_groups(["db"])
                        .policy(only_the_tables),
                ),
        )
        // Block the internet both ways everywhere, except the egress VPC's NAT gateways,
        // which keep their way out (and nothing in).
        .block_public_access(
            BlockPublicAccess::new(BlockMode::Bidirectional).exclude_subnets(
                "egress",
                "public",
                ExclusionMode::AllowEgress,
            ),
        )
        .service_network(
            ServiceNetwork::new("apps", "network", REGION)
                .auth(LatticeAuth::AwsIam)
                .auth_policy(invoke_from_the_organization)
                .share_with(["orders"])
                .associate("egress", [443])
                .associate("orders", [443, 8443]),
        )
        .dns(|d| {
            d.hosted_zone("ssm", "ssm.eu-west-1.amazonaws.com", "network", |z| {
                z.vpc("egress").endpoint_alias("@", "egress", "ssm")
            })
            .profile("endpoints", "network", REGION, |p| {
                p.hosted_zone("ssm")
                    .associate("orders")
                    .share_with("orders")
            })
        })
        .build())
}

/// The built-in blueprints plus this one.
pub fn registry() -> Registry {
    Registry::builtin().with(Blueprint {
        name: "edge-in-rust",
        summary:
            "Block Public Access, gateway and interface endpoints and a VPC Lattice service network, in Rust",
        params: &[],
        build: edge_in_rust,
    })
}

#[allow(dead_code)] // the integration tests include this file for `registry()`
fn main() -> std::process::ExitCode {
    netform::cli::main(&registry())
}
