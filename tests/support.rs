//! Shared helpers: networks to test with, and rendering them.

use netform::backends::{lower, OutputFile, ResourceGraph, Target};
use netform::blueprints::Registry;
use netform::dsl::{FlowLogs, NatMode, Network, Tier, TrafficType, Vpc};

/// Every built-in blueprint with its defaults, by name.
pub fn blueprints() -> Vec<(&'static str, Network)> {
    let registry = Registry::builtin();
    registry
        .iter()
        .map(|b| (b.name, b.network(&[]).expect("defaults build")))
        .collect()
}

/// A network over two accounts and two regions that uses every resource kind.
pub fn multi_account() -> Network {
    Network::builder("corp")
        .tag("cost-center", "net-01")
        .network_account("network", "111111111111")
        .account("prod", "222222222222")
        .ip_block("aws", "10.0.0.0/8")
        .vpc(
            Vpc::builder("egress", "network", "us-east-1")
                .allocate("aws", 16)
                .azs(["us-east-1a", "us-east-1b", "us-east-1c"])
                .subnets("public", Tier::Public, 24)
                .subnets("private", Tier::Private, 20)
                .nat(NatMode::PerAz)
                .flow_logs(FlowLogs::s3("arn:aws:s3:::corp-flow-logs/egress")),
        )
        .vpc(
            Vpc::builder("prod-app", "prod", "eu-west-1")
                .allocate("aws", 20)
                .azs(["eu-west-1a", "eu-west-1b"])
                .subnets("public", Tier::Public, 26)
                .subnets("app", Tier::Private, 22)
                .subnets_pinned("db", Tier::Isolated, ["10.1.15.0/26", "10.1.15.64/26"])
                .nat(NatMode::Single)
                .flow_logs(
                    FlowLogs::cloudwatch(
                        "arn:aws:logs:eu-west-1:222222222222:log-group:prod-flow-logs",
                        "arn:aws:iam::222222222222:role/flow-logs",
                    )
                    .traffic(TrafficType::Reject),
                )
                .tag("app", "shop"),
        )
        .build()
}

/// The files of a directory, sorted by name, with their bytes.
pub fn read_dir(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            let e = e.expect("a readable entry");
            let bytes = std::fs::read(e.path()).expect("a readable file");
            (e.file_name().to_string_lossy().into_owned(), bytes)
        })
        .collect();
    files.sort();
    files
}

/// Validates and lowers, panicking with the diagnostics if the network is invalid.
pub fn graph(network: &Network) -> ResourceGraph {
    let valid = network
        .validate()
        .unwrap_or_else(|d| panic!("expected a valid network:\n{d}"));
    lower(&valid).unwrap_or_else(|d| panic!("expected lowering to succeed:\n{d}"))
}

/// The files of `network` under `target`.
pub fn render(network: &Network, target: Target) -> Vec<OutputFile> {
    target
        .render(&graph(network))
        .unwrap_or_else(|e| panic!("rendering failed: {e}"))
}
