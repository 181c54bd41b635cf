//! The standard workload, end to end: `cargo bench --bench scale`.
//!
//! For N spoke VPCs (3 AZs x 2 subnet tiers, their route tables, a Transit Gateway attachment
//! and flow logs each) plus the hub and an inspection VPC with AWS Network Firewall, it builds
//! the network, validates it, lowers it and renders it, once per target, and prints the median
//! time of a few runs, the median time to free what a run made (timed apart, since the netform
//! binary exits without freeing it), and the peak heap memory of one run. docs/performance.md
//! has the results and how to read them.
//!
//! `cargo bench --bench scale -- 10 100` runs only the sizes given; `--runs K` sets the
//! number of timed runs (default 5), `--target terraform` keeps one target,
//! `--stages` prints the time of each stage (build, validate, lower, render) instead. `cargo bench --bench scale -- --dump N` prints the
//! workload of N spokes as JSON instead, for `netform synth --file` and for comparisons.

use mimalloc::MiMalloc;
use netform::backends::{lower, OutputFile, ResourceGraph, Target};
use netform::dsl::{
    FirewallPolicy, FlowLogs, Inspection, NatMode, Network, StatefulAction, StatefulRules,
    TgwTarget, Tier, TransitGateway, ValidNetwork, Vpc,
};
use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The allocator the netform binary uses (mimalloc), counting the bytes in use and their
/// high-water mark while `COUNTING` is on, so the peak heap of one run is measured inside the
/// process. Counting is off during the timed runs: two threads updating the same counters on
/// every allocation would slow down what is measured.
struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    let now = IN_USE.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

fn shrank(bytes: usize) {
    let _ = IN_USE.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
        Some(n.saturating_sub(bytes))
    });
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = MiMalloc.alloc(layout);
        if !ptr.is_null() && COUNTING.load(Ordering::Relaxed) {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        MiMalloc.dealloc(ptr, layout);
        if COUNTING.load(Ordering::Relaxed) {
            shrank(layout.size());
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = MiMalloc.realloc(ptr, layout, new_size);
        if !new.is_null() && COUNTING.load(Ordering::Relaxed) {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                shrank(layout.size() - new_size);
            }
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Spokes per Transit Gateway: AWS allows 5,000 attachments per transit gateway ("Quotas for
/// your transit gateways", Amazon VPC Transit Gateways guide); a region takes at most 2,500
/// spokes here, so N = 10,000 uses 4 regions, each with its hub and inspection VPC.
const SPOKES_PER_REGION: usize = 2_500;
const REGIONS: [&str; 4] = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1"];
/// Spokes go to ten workload accounts in turn.
const WORKLOAD_ACCOUNTS: usize = 10;

/// The standard workload with `spokes` spoke VPCs.
fn network(spokes: usize) -> Network {
    let regions = spokes.div_ceil(SPOKES_PER_REGION).max(1);
    let mut builder = Network::builder("bench")
        .tag("managed-by", "netform")
        .network_account("network", "111111111111");
    for a in 1..=WORKLOAD_ACCOUNTS {
        builder = builder.account(
            format!("workload-{a}"),
            format!("{:012}", 200_000_000_000 + a),
        );
    }
    let logs = FlowLogs::s3("arn:aws:s3:::bench-flow-logs");
    for (r, region) in REGIONS.iter().take(regions).enumerate() {
        let azs: Vec<String> = ["a", "b", "c"]
            .iter()
            .map(|z| format!("{region}{z}"))
            .collect();
        // Each region a /10 of 10.0.0.0/8: 4,096 /22 spokes.
        let block = format!("r{r}");
        builder = builder.ip_block(&block, format!("10.{}.0.0/10", r * 64));
        let inspection = format!("inspection-{r}");
        builder = builder
            .vpc(
                Vpc::builder(&inspection, "network", *region)
                    .allocate(&block, 22)
                    .azs(azs.clone())
                    .subnets("transit", Tier::Transit, 28)
                    .subnets("firewall", Tier::Firewall, 28)
                    .subnets("public", Tier::Public, 28)
                    .nat(NatMode::PerAz)
                    .flow_logs(logs.clone()),
            )
            .inspection(
                Inspection::network_firewall(
                    &inspection,
                    "firewall",
                    FirewallPolicy::default().stateful(
                        "deny-smb",
                        100,
                        StatefulRules::FiveTuple(vec![netform::dsl::FiveTupleRule {
                            action: StatefulAction::Drop,
                            protocol: "TCP".into(),
                            source: "ANY".into(),
                            source_port: "ANY".into(),
                            destination: "ANY".into(),
                            destination_port: "445".into(),
                            bidirectional: false,
                            sid: 1,
                        }]),
                    ),
                )
                .egress(),
            );
        let mut hub = TransitGateway::builder(format!("hub-{r}"), "network", *region)
            .asn(64512 + r as u32)
            .inspection(&inspection)
            .route_table(
                "spokes",
                [("0.0.0.0/0", TgwTarget::Vpc(inspection.clone()))],
            )
            .route_table("inspection", Vec::<(String, TgwTarget)>::new())
            .attach(&inspection, "transit", "inspection", |a| a.appliance_mode());
        let first = r * SPOKES_PER_REGION;
        for s in first..spokes.min(first + SPOKES_PER_REGION) {
            let name = format!("spoke-{s}");
            let account = format!("workload-{}", s % WORKLOAD_ACCOUNTS + 1);
            builder = builder.vpc(
                Vpc::builder(&name, account, *region)
                    .allocate(&block, 22)
                    .azs(azs.clone())
                    .subnets("transit", Tier::Transit, 28)
                    .subnets("app", Tier::Private, 24)
                    .flow_logs(logs.clone()),
            );
            hub = hub.attach(&name, "transit", "spokes", |a| {
                a.propagate_to("inspection").vpc_route("0.0.0.0/0")
            });
        }
        // Shared with the workloads' OU.
        hub =
            hub.share_with("arn:aws:organizations::111111111111:ou/o-exampleorg1/ou-ab12-34cd5678");
        builder = builder.transit_gateway(hub);
    }
    builder.build()
}

/// What one run makes: the validated network, its graph and its files.
type Made = (ValidNetwork, ResourceGraph, Vec<OutputFile>);

/// Build, validate, lower and render for one target. What it made is returned, not dropped:
/// freeing it is timed apart, as criterion's `iter_with_large_drop` does, because the netform
/// binary exits without freeing it (`synth` in src/cli.rs).
fn run(spokes: usize, target: Target) -> Made {
    let network = network(spokes);
    let valid = network.validate().expect("the workload is valid");
    let graph = lower(&valid).expect("the workload lowers");
    let files = target.render(&graph).expect("the workload renders");
    (valid, graph, files)
}

/// The median time of each stage over `runs` runs, for `--stages`.
fn stages(spokes: usize, target: Target, runs: usize) {
    let mut times: Vec<[Duration; 4]> = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let network = network(spokes);
        let built = start.elapsed();
        let valid = network.validate().expect("the workload is valid");
        let validated = start.elapsed();
        let graph = lower(&valid).expect("the workload lowers");
        let lowered = start.elapsed();
        let files = target.render(&graph).expect("the workload renders");
        let rendered = start.elapsed();
        std::hint::black_box((valid, graph, files));
        times.push([
            built,
            validated - built,
            lowered - validated,
            rendered - lowered,
        ]);
    }
    let stage = |i: usize| median(times.iter().map(|t| t[i]).collect());
    println!(
        "{spokes:>7} {:<15} build {:.1?}  validate {:.1?}  lower {:.1?}  render {:.1?}",
        target.as_str(),
        stage(0),
        stage(1),
        stage(2),
        stage(3)
    );
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn main() {
    // As the netform binary does.
    netform::allocator::keep_freed_memory();
    let mut sizes = Vec::new();
    let mut runs = 5;
    let mut by_stage = false;
    let mut targets: Vec<Target> = Target::ALL.to_vec();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--dump" => {
                let spokes = args.next().and_then(|n| n.parse().ok()).unwrap_or(10);
                let json = serde_json::to_string_pretty(&network(spokes)).expect("serializes");
                println!("{json}");
                return;
            }
            "--target" => {
                let name = args.next().unwrap_or_default();
                targets.retain(|t| t.as_str() == name);
            }
            "--stages" => by_stage = true,
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).unwrap_or(runs),
            // cargo bench passes --bench to every harness.
            "--bench" => {}
            other => match other.parse() {
                Ok(n) => sizes.push(n),
                Err(_) => eprintln!("ignoring argument {other:?}"),
            },
        }
    }
    if sizes.is_empty() {
        sizes = vec![10, 100, 1_000, 10_000];
    }
    if by_stage {
        for &spokes in &sizes {
            for &target in &targets {
                stages(spokes, target, runs);
            }
        }
        return;
    }
    println!(
        "{:>7} {:<15} {:>9} {:>6} {:>11} {:>13} {:>10} {:>13}",
        "spokes", "target", "resources", "files", "median", "per spoke", "then free", "peak heap"
    );
    for &spokes in &sizes {
        for &target in &targets {
            // One run on its own for the peak, then the timed runs.
            // Counting starts from zero: what the run frees of memory allocated before it
            // (nothing, in practice) would wrap, so it is subtracted with saturation.
            IN_USE.store(0, Ordering::Relaxed);
            PEAK.store(0, Ordering::Relaxed);
            COUNTING.store(true, Ordering::Relaxed);
            let made = std::hint::black_box(run(spokes, target));
            let (resources, files) = (made.1.resources.len(), made.2.len());
            drop(made);
            COUNTING.store(false, Ordering::Relaxed);
            let peak = PEAK.load(Ordering::Relaxed);
            let (times, drops): (Vec<Duration>, Vec<Duration>) = (0..runs)
                .map(|_| {
                    let start = Instant::now();
                    let made = std::hint::black_box(run(spokes, target));
                    let made_in = start.elapsed();
                    let start = Instant::now();
                    drop(made);
                    (made_in, start.elapsed())
                })
                .unzip();
            let median_time = median(times);
            println!(
                "{spokes:>7} {:<15} {resources:>9} {files:>6} {:>11.1?} {:>13.1?} {:>10.1?} {:>10.1} MB",
                target.as_str(),
                median_time,
                median_time / spokes as u32,
                median(drops),
                peak as f64 / 1e6
            );
        }
    }
}
