//! Hybrid DNS written in Rust with the DSL, served by the whole `netform` CLI: a DNS VPC with
//! inbound and outbound Resolver endpoints, a forwarding rule for the on-premises domain with
//! a SYSTEM exception, a private hosted zone with records, DNS Firewall and query logging,
//! all carried to a workload VPC by a Route 53 Profile shared with its account.
//!
//! ```text
//! cargo run --example dns_in_rust -- validate dns-in-rust
//! cargo run --example dns_in_rust -- synth dns-in-rust --target terraform --out out/dns
//! ```

use netform::blueprints::{Blueprint, Params, Registry, UsageError};
use netform::dsl::{
    BlockResponse, DnsFirewallAction, Network, QueryLogDestination, RecordType, Tier, Vpc,
};

const REGION: &str = "eu-west-1";

fn dns_in_rust(_: &Params) -> Result<Network, UsageError> {
    let azs = ["eu-west-1a", "eu-west-1b"];
    Ok(Network::builder("corp")
        .network_account("network", "111111111111")
        .account("prod", "222222222222")
        .vpc(
            Vpc::builder("dns", "network", REGION)
                .cidr("10.0.0.0/24")
                .azs(azs)
                .subnets("inbound", Tier::Private, 28)
                .subnets("outbound", Tier::Private, 28),
        )
        .vpc(
            Vpc::builder("app", "prod", REGION)
                .cidr("10.1.0.0/16")
                .azs(azs)
                .subnets("private", Tier::Private, 24),
        )
        .dns(|d| {
            d
                // On-premises servers forward aws.corp.example.com to these two addresses
                // (the fifth address of each inbound /28: the first four are AWS's).
                .inbound_endpoint("in", "dns", "inbound", |e| {
                    e.ips(["10.0.0.4", "10.0.0.20"])
                        .allow_from("192.168.0.0/16")
                })
                .outbound_endpoint("out", "dns", "outbound", |e| e)
                .forward("corp", "corp.example.com", "out", |r| {
                    r.target("192.168.10.10").target("192.168.20.10")
                })
                // The cloud's own names under corp.example.com stay in AWS.
                .system("aws-corp", "aws.corp.example.com", "network", REGION, |r| r)
                .hosted_zone("cloud", "aws.corp.example.com", "network", |z| {
                    z.vpc("dns")
                        .record("api", RecordType::A, ["10.1.0.10"])
                        .record("www", RecordType::Cname, ["api.aws.corp.example.com"])
                })
                .domain_list("blocked", "network", REGION, ["malware.example.net"])
                .firewall_rule_group("baseline", "network", REGION, |g| {
                    g.rule(
                        "block-malware",
                        100,
                        "blocked",
                        DnsFirewallAction::Block(BlockResponse::Nxdomain),
                    )
                })
                .query_log(
                    "queries",
                    "network",
                    REGION,
                    QueryLogDestination::S3 {
                        bucket_arn: "arn:aws:s3:::corp-dns-query-logs".into(),
                    },
                    |q| q.associate("dns"),
                )
                // One profile carries all of it to the workload VPC (one profile per VPC).
                .profile("spokes", "network", REGION, |p| {
                    p.rule("corp")
                        .rule("aws-corp")
                        .hosted_zone("cloud")
                        .firewall_rule_group("baseline", 101)
                        .query_log("queries")
                        .associate("app")
                        .share_with("prod")
                })
        })
        .build())
}

/// The built-in blueprints plus this one.
pub fn registry() -> Registry {
    Registry::builtin().with(Blueprint {
        name: "dns-in-rust",
        summary: "hybrid DNS written with the Rust DSL, carried to a workload VPC by a profile",
        params: &[],
        build: dns_in_rust,
    })
}

#[allow(dead_code)] // the integration tests include this file for `registry()`
fn main() -> std::process::ExitCode {
    netform::cli::main(&registry())
}
