//! How validation, lowering and rendering scale with the number of VPCs.
//!
//! `cargo bench --bench scale` prints, per network size, the median time of each stage over a
//! few runs and the time per VPC: near-constant time per VPC means near-linear scaling.

use netform::backends::{lower, Target};
use netform::dsl::{NatMode, Network, Tier, Vpc};
use std::time::{Duration, Instant};

fn network(vpcs: usize) -> Network {
    let mut builder = Network::builder("bench")
        .network_account("network", "111111111111")
        .ip_block("aws", "10.0.0.0/8");
    for i in 0..vpcs {
        builder = builder.vpc(
            Vpc::builder(format!("vpc-{i}"), "network", "us-east-1")
                .allocate("aws", 20)
                .azs(["us-east-1a", "us-east-1b", "us-east-1c"])
                .subnets("public", Tier::Public, 26)
                .subnets("private", Tier::Private, 23)
                .subnets("data", Tier::Isolated, 25)
                .nat(NatMode::PerAz),
        );
    }
    builder.build()
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(f());
                start.elapsed()
            })
            .collect(),
    )
}

fn main() {
    println!(
        "{:>6} {:>10} {:>12} {:>10} {:>12} {:>14}",
        "vpcs", "resources", "validate", "lower", "terraform", "total per vpc"
    );
    for vpcs in [100, 500, 1000, 4000] {
        let network = network(vpcs);
        let valid = network.validate().expect("valid");
        let graph = lower(&valid).expect("lowers");
        let runs = 5;
        let validate = time(runs, || network.validate().unwrap());
        let lowering = time(runs, || lower(&valid).unwrap());
        let terraform = time(runs, || Target::Terraform.render(&graph).unwrap());
        let total = validate + lowering + terraform;
        println!(
            "{vpcs:>6} {:>10} {:>12.2?} {:>10.2?} {:>12.2?} {:>14.2?}",
            graph.resources.len(),
            validate,
            lowering,
            terraform,
            total / vpcs as u32
        );
    }
}
