//! `netform check` at scale: `cargo bench --bench reach`.
//!
//! For N spokes spread over three regions, in each hub blueprint (`tgw-hub-spoke`: every
//! spoke pair through inspection, and egress; `cloudwan-hub-spoke`: prod to nonprod and back
//! through inspection, and egress), it times reading the forwarding plane from the lowered
//! graph and checking every default intent (all pairs, each with its return path), as the
//! median of a few runs. docs/intents.md has the results.
//!
//! `cargo bench --bench reach -- 10 100` runs only the sizes given; `--runs K` sets the
//! number of timed runs (default 5).

use netform::backends::lower;
use netform::blueprints::Registry;
use netform::reach::Analysis;
use std::time::{Duration, Instant};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    netform::allocator::keep_freed_memory();
    let mut sizes: Vec<usize> = Vec::new();
    let mut runs = 5;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).unwrap_or(runs),
            "--bench" => {}
            other => match other.parse() {
                Ok(n) => sizes.push(n),
                Err(_) => eprintln!("ignoring argument {other:?}"),
            },
        }
    }
    if sizes.is_empty() {
        sizes = vec![10, 100, 1000];
    }
    let registry = Registry::builtin();
    println!("blueprint           spokes      pairs    read     check");
    for blueprint in ["tgw-hub-spoke", "cloudwan-hub-spoke"] {
        for &n in &sizes {
            let per_region = n.div_ceil(3).max(1).to_string();
            let sets = [
                (
                    "regions".to_string(),
                    "us-east-1,eu-west-1,ap-southeast-2".to_string(),
                ),
                ("spokes".to_string(), per_region),
            ];
            let network = registry.network(blueprint, &sets).expect("a blueprint");
            let valid = network.validate().expect("valid");
            let graph = lower(&valid).expect("lowers");
            let (mut read, mut check) = (Vec::new(), Vec::new());
            let mut pairs = 0;
            for _ in 0..runs {
                let start = Instant::now();
                let analysis = Analysis::new(&valid, &graph);
                read.push(start.elapsed());
                let start = Instant::now();
                let report = analysis.check(&network.intents);
                check.push(start.elapsed());
                assert!(report.holds(), "{report}");
                pairs = report.intents.iter().map(|i| i.pairs).sum::<u64>();
            }
            let spokes = network.vpcs.len();
            println!(
                "{blueprint:<18} {spokes:>7} {pairs:>10} {:>6.1} ms {:>6.1} ms",
                median(read).as_secs_f64() * 1e3,
                median(check).as_secs_f64() * 1e3
            );
        }
    }
}
