//! Property tests for IP planning (`Network::validate()` and `ValidNetwork::plan()`).
//!
//! Random networks get one IP block and a sequence of VPCs, most allocated from the block and
//! some pinned, each with random subnet groups (allocated, or pinned in pinned VPCs). On every
//! valid plan: allocated VPCs lie in their block, VPCs never overlap, subnets lie in their VPC
//! and never overlap. The plan is exactly what a naive first-fit, lowest-address search over
//! the CIDRs declared before finds; it is deterministic; and appending a VPC or a subnet group
//! moves no earlier CIDR. Fixed examples pin down the exact allocations.

use ipnet::Ipv4Net;
use netform_dsl::{
    Code, Network, NetworkBuilder, Severity, SubnetSize, Tier, ValidNetwork, Vpc, VpcBuilder,
    VpcCidr, VpcPlan,
};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use std::net::Ipv4Addr;

const AZS: [&str; 3] = ["us-east-1a", "us-east-1b", "us-east-1c"];
const BLOCK: &str = "pool";

fn net(text: &str) -> Ipv4Net {
    text.parse().expect("a test CIDR")
}

fn start(n: Ipv4Net) -> u64 {
    u64::from(u32::from(n.network()))
}

fn size(prefix: u8) -> u64 {
    1 << (32 - u32::from(prefix))
}

fn end(n: Ipv4Net) -> u64 {
    start(n) + size(n.prefix_len())
}

fn cidr_at(address: u64, prefix: u8) -> Ipv4Net {
    let address = u32::try_from(address).expect("an IPv4 address");
    Ipv4Net::new(Ipv4Addr::from(address), prefix)
        .expect("a prefix of at most 32")
        .trunc()
}

fn overlap(a: Ipv4Net, b: Ipv4Net) -> bool {
    start(a) < end(b) && start(b) < end(a)
}

// ---- Random networks ----

/// How a generated VPC gets its CIDR.
#[derive(Debug, Clone)]
enum CidrSpec {
    /// Allocated from the block, with this prefix.
    Allocated(u8),
    /// Pinned in the block's parent (so inside the block or not) at [`pin`] of `seed`, with
    /// this prefix.
    Pinned { seed: u32, prefix: u8 },
}

/// A generated subnet group: its prefix is `vpc prefix + 1 + prefix_seed % (28 - vpc prefix)`;
/// in a pinned VPC, `pinned` puts its subnets at the [`pin`]s of these seeds instead.
#[derive(Debug, Clone)]
struct GroupSpec {
    prefix_seed: u8,
    pinned: Option<[u32; 3]>,
}

#[derive(Debug, Clone)]
struct VpcSpec {
    cidr: CidrSpec,
    azs: usize,
    groups: Vec<GroupSpec>,
}

#[derive(Debug, Clone)]
struct NetSpec {
    block: Ipv4Net,
    vpcs: Vec<VpcSpec>,
}

fn group_spec() -> impl Strategy<Value = GroupSpec> {
    (any::<u8>(), prop::option::weighted(0.25, any::<[u32; 3]>())).prop_map(
        |(prefix_seed, pinned)| GroupSpec {
            prefix_seed,
            pinned,
        },
    )
}

fn vpc_spec() -> impl Strategy<Value = VpcSpec> {
    let cidr = prop_oneof![
        4 => (16u8..=24).prop_map(CidrSpec::Allocated),
        1 => (any::<u32>(), 16u8..=24).prop_map(|(seed, prefix)| CidrSpec::Pinned { seed, prefix }),
    ];
    (cidr, 1usize..=3, prop::collection::vec(group_spec(), 0..=4))
        .prop_map(|(cidr, azs, groups)| VpcSpec { cidr, azs, groups })
}

fn net_spec() -> impl Strategy<Value = NetSpec> {
    (
        any::<u32>(),
        8u8..=14,
        prop::collection::vec(vpc_spec(), 1..=6),
    )
        .prop_map(|(address, prefix, vpcs)| NetSpec {
            block: cidr_at(u64::from(address), prefix),
            vpcs,
        })
}

fn accounts() -> NetworkBuilder {
    Network::builder("acme")
        .network_account("network", "111111111111")
        .account("prod", "222222222222")
}

/// Where a pinned `/prefix` goes: for even seeds one of the first 16 such slots of `near`,
/// where the allocator starts too (so pins and allocations meet); for odd seeds anywhere in
/// `anywhere`.
fn pin(seed: u32, near: Ipv4Net, anywhere: Ipv4Net, prefix: u8) -> Ipv4Net {
    let (near_start, seed) = (seed & 1 == 0, u64::from(seed >> 1));
    let (space, offset) = if near_start {
        (near, seed % 16 * size(prefix))
    } else {
        (anywhere, seed)
    };
    cidr_at(start(space) + offset % size(space.prefix_len()), prefix)
}

/// The subnet prefix a group seed gives in a VPC of `vpc_prefix`.
fn group_prefix(vpc_prefix: u8, seed: u8) -> u8 {
    vpc_prefix + 1 + seed % (28 - vpc_prefix)
}

fn vpc_builder(name: String, azs: usize) -> VpcBuilder {
    Vpc::builder(name, "prod", "us-east-1").azs(AZS[..azs].iter().copied())
}

impl NetSpec {
    fn network(&self) -> Network {
        let parent = cidr_at(start(self.block), self.block.prefix_len() - 1);
        let mut builder = accounts().ip_block(BLOCK, self.block.to_string());
        for (i, spec) in self.vpcs.iter().enumerate() {
            let mut vpc = vpc_builder(format!("v{i}"), spec.azs);
            let (vpc_prefix, pinned_at) = match spec.cidr {
                CidrSpec::Allocated(prefix) => {
                    vpc = vpc.allocate(BLOCK, prefix);
                    (prefix, None)
                }
                CidrSpec::Pinned { seed, prefix } => {
                    let cidr = pin(seed, self.block, parent, prefix);
                    vpc = vpc.cidr(cidr.to_string());
                    (prefix, Some(cidr))
                }
            };
            for (g, group) in spec.groups.iter().enumerate() {
                let prefix = group_prefix(vpc_prefix, group.prefix_seed);
                let name = format!("g{g}");
                vpc = match (pinned_at, group.pinned) {
                    (Some(cidr), Some(seeds)) => vpc.subnets_pinned(
                        name,
                        Tier::Isolated,
                        seeds[..spec.azs]
                            .iter()
                            .map(|seed| pin(*seed, cidr, cidr, prefix))
                            .map(|subnet| subnet.to_string()),
                    ),
                    _ => vpc.subnets(name, Tier::Isolated, prefix),
                };
            }
            builder = builder.vpc(vpc);
        }
        builder.build()
    }
}

// ---- A naive reference planner ----

/// The lowest `/prefix` aligned in `space` that overlaps nothing in `taken`: a linear search
/// that jumps past whatever is in the way.
fn first_fit(space: Ipv4Net, taken: &[Ipv4Net], prefix: u8) -> Option<Ipv4Net> {
    if prefix < space.prefix_len() {
        return None;
    }
    let step = size(prefix);
    let mut candidate = start(space);
    while candidate + step <= end(space) {
        let net = cidr_at(candidate, prefix);
        match taken.iter().find(|t| overlap(**t, net)) {
            None => return Some(net),
            Some(t) => candidate = (candidate + step).max(end(*t)).div_ceil(step) * step,
        }
    }
    None
}

/// What a correct planner must produce for a generated network (one block, well-formed CIDRs,
/// every other rule satisfied): VPCs in declaration order, each allocated one at the lowest
/// aligned free address given the VPCs declared before it, subnets likewise in their VPC.
/// `None` if no such plan exists (exhaustion, overlap, or a subnet outside its VPC).
fn reference_plan(network: &Network) -> Option<Vec<VpcPlan>> {
    let block = net(&network.ip_blocks[0].cidr);
    let mut vpc_cidrs: Vec<Ipv4Net> = Vec::new();
    let mut plans = Vec::new();
    for vpc in &network.vpcs {
        let cidr = match &vpc.cidr {
            VpcCidr::Pinned(text) => net(text),
            VpcCidr::Allocated { prefix, .. } => first_fit(block, &vpc_cidrs, *prefix)?,
            VpcCidr::Ipam { .. } => unreachable!("the generator makes no IPAM VPCs"),
        };
        if vpc_cidrs.iter().any(|other| overlap(*other, cidr)) {
            return None;
        }
        vpc_cidrs.push(cidr);
        let mut subnets: Vec<Ipv4Net> = Vec::new();
        let mut groups = Vec::new();
        for group in &vpc.subnet_groups {
            let mut nets = Vec::new();
            match &group.size {
                SubnetSize::Prefix(prefix) => {
                    for _ in &vpc.azs {
                        let subnet = first_fit(cidr, &subnets, *prefix)?;
                        subnets.push(subnet);
                        nets.push(subnet);
                    }
                }
                SubnetSize::None => {}
                SubnetSize::Pinned(texts) => {
                    for text in texts {
                        let subnet = net(text);
                        if !cidr.contains(&subnet) || subnets.iter().any(|s| overlap(*s, subnet)) {
                            return None;
                        }
                        subnets.push(subnet);
                        nets.push(subnet);
                    }
                }
            }
            groups.push(nets);
        }
        plans.push(VpcPlan {
            cidr,
            subnet_groups: groups,
            ipv6: None,
        });
    }
    Some(plans)
}

#[test]
fn the_reference_planner_agrees_with_the_documented_examples() {
    let block = net("10.0.0.0/16");
    assert_eq!(first_fit(block, &[], 20), Some(net("10.0.0.0/20")));
    let taken = [net("10.0.0.0/20")];
    assert_eq!(first_fit(block, &taken, 24), Some(net("10.0.16.0/24")));
    let taken = [net("10.0.0.0/24"), net("10.0.16.0/24")];
    assert_eq!(first_fit(block, &taken, 20), Some(net("10.0.32.0/20")));
    assert_eq!(first_fit(block, &[block], 28), None);
    assert_eq!(first_fit(block, &[], 15), None);
}

// ---- Properties ----

fn valid(network: &Network) -> Option<ValidNetwork> {
    network.validate().ok()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn allocated_vpcs_lie_inside_their_block(spec in net_spec()) {
        let network = spec.network();
        if let Some(valid) = valid(&network) {
            for (vpc, plan) in network.vpcs.iter().zip(valid.plan()) {
                match &vpc.cidr {
                    VpcCidr::Allocated { prefix, .. } => {
                        let (cidr, block) = (plan.cidr, spec.block);
                        prop_assert!(block.contains(&cidr), "{} outside {}", cidr, block);
                        prop_assert_eq!(plan.cidr.prefix_len(), *prefix);
                    }
                    VpcCidr::Pinned(text) => prop_assert_eq!(plan.cidr, net(text)),
                    VpcCidr::Ipam { .. } => unreachable!("the generator makes no IPAM VPCs"),
                }
            }
        }
    }

    #[test]
    fn vpcs_never_overlap(spec in net_spec()) {
        let network = spec.network();
        if let Some(valid) = valid(&network) {
            let cidrs: Vec<Ipv4Net> = valid.plan().iter().map(|p| p.cidr).collect();
            for (i, a) in cidrs.iter().enumerate() {
                for b in &cidrs[i + 1..] {
                    prop_assert!(!overlap(*a, *b), "{} overlaps {}", a, b);
                }
            }
        }
    }

    #[test]
    fn subnets_lie_inside_their_vpc_and_never_overlap(spec in net_spec()) {
        let network = spec.network();
        if let Some(valid) = valid(&network) {
            for (vpc, plan) in network.vpcs.iter().zip(valid.plan()) {
                prop_assert_eq!(plan.subnet_groups.len(), vpc.subnet_groups.len());
                let mut all = Vec::new();
                for (group, nets) in vpc.subnet_groups.iter().zip(&plan.subnet_groups) {
                    prop_assert_eq!(nets.len(), vpc.azs.len());
                    for subnet in nets {
                        let cidr = plan.cidr;
                        prop_assert!(cidr.contains(subnet), "{} outside {}", subnet, cidr);
                        if let SubnetSize::Prefix(prefix) = group.size {
                            prop_assert_eq!(subnet.prefix_len(), prefix);
                        }
                    }
                    all.extend(nets.iter().copied());
                }
                for (i, a) in all.iter().enumerate() {
                    for b in &all[i + 1..] {
                        prop_assert!(!overlap(*a, *b), "{} overlaps {}", a, b);
                    }
                }
            }
        }
    }

    #[test]
    fn the_plan_is_first_fit_lowest_address(spec in net_spec()) {
        let network = spec.network();
        let expected = reference_plan(&network);
        match network.validate() {
            Ok(valid) => prop_assert_eq!(Some(valid.plan().to_vec()), expected),
            Err(diags) => {
                prop_assert!(expected.is_none(), "rejected a plannable network:\n{}", diags);
                for d in diags.iter().filter(|d| d.severity == Severity::Error) {
                    prop_assert!(
                        matches!(
                            d.code,
                            Code::BlockExhausted
                                | Code::VpcExhausted
                                | Code::VpcOverlap
                                | Code::SubnetOverlap
                                | Code::SubnetOutsideVpc
                        ),
                        "unexpected error:\n{}",
                        d
                    );
                }
            }
        }
    }

    #[test]
    fn validation_is_deterministic(spec in net_spec()) {
        let network = spec.network();
        let (first, second) = (network.validate(), network.clone().validate());
        match (first, second) {
            (Ok(a), Ok(b)) => {
                prop_assert_eq!(a.plan(), b.plan());
                prop_assert_eq!(a.warnings(), b.warnings());
            }
            (Err(a), Err(b)) => prop_assert_eq!(a, b),
            (a, b) => prop_assert!(false, "{:?} then {:?}", a.is_ok(), b.is_ok()),
        }
        // The same network built again from its spec plans the same.
        let again = spec.network();
        prop_assert_eq!(&again, &network);
        prop_assert_eq!(
            network.validate().ok().map(|v| v.plan().to_vec()),
            again.validate().ok().map(|v| v.plan().to_vec())
        );
    }

    #[test]
    fn appending_a_vpc_moves_nothing(spec in net_spec(), extra in vpc_spec(), prefix in 16u8..=24) {
        let network = spec.network();
        let Some(before) = valid(&network) else { return Ok(()) };
        let mut bigger = spec.clone();
        bigger.vpcs.push(VpcSpec { cidr: CidrSpec::Allocated(prefix), ..extra });
        let bigger = bigger.network();
        let new_vpc = format!("vpcs[\"v{}\"]", network.vpcs.len());
        match bigger.validate() {
            Ok(after) => {
                prop_assert_eq!(after.plan().len(), before.plan().len() + 1);
                prop_assert_eq!(&after.plan()[..before.plan().len()], before.plan());
            }
            Err(diags) => {
                // Whatever does not fit is the new VPC's problem, not an earlier one's.
                for d in diags.iter().filter(|d| d.severity == Severity::Error) {
                    prop_assert!(d.path.to_string().starts_with(&new_vpc), "{}", d);
                }
            }
        }
    }

    #[test]
    fn appending_a_subnet_group_moves_nothing(spec in net_spec(), seed in any::<u8>()) {
        let network = spec.network();
        let Some(before) = valid(&network) else { return Ok(()) };
        let last = network.vpcs.len() - 1;
        let vpc_prefix = before.plan()[last].cidr.prefix_len();
        let group = format!("g{}", network.vpcs[last].subnet_groups.len());
        let mut bigger = network.clone();
        bigger.vpcs[last].subnet_groups.push(netform_dsl::SubnetGroup {
            name: group.clone(),
            tier: Tier::Isolated,
            size: SubnetSize::Prefix(group_prefix(vpc_prefix, seed)),
            ipv6: None,
        });
        match bigger.validate() {
            Ok(after) => {
                prop_assert_eq!(&after.plan()[..last], &before.plan()[..last]);
                let (a, b) = (&after.plan()[last], &before.plan()[last]);
                prop_assert_eq!(a.cidr, b.cidr);
                prop_assert_eq!(&a.subnet_groups[..b.subnet_groups.len()], &b.subnet_groups[..]);
                prop_assert_eq!(a.subnet_groups.len(), b.subnet_groups.len() + 1);
            }
            Err(diags) => {
                let new_group = format!("vpcs[\"v{last}\"].subnet_groups[\"{group}\"]");
                for d in diags.iter().filter(|d| d.severity == Severity::Error) {
                    prop_assert_eq!(d.code, Code::VpcExhausted);
                    prop_assert!(d.path.to_string().starts_with(&new_group), "{}", d);
                }
            }
        }
    }
}

#[test]
fn the_generator_mostly_makes_valid_networks() {
    // Guards the properties above against passing vacuously on networks that never validate.
    let mut runner = TestRunner::deterministic();
    let strategy = net_spec();
    let total = 256;
    let mut ok = 0;
    let mut pinned = 0;
    for _ in 0..total {
        let spec = strategy.new_tree(&mut runner).expect("a spec").current();
        if let Ok(valid) = spec.network().validate() {
            ok += 1;
            if spec
                .vpcs
                .iter()
                .any(|v| matches!(v.cidr, CidrSpec::Pinned { .. }))
            {
                pinned += 1;
            }
            assert!(!valid.plan().is_empty());
        }
    }
    assert!(
        ok * 3 >= total,
        "only {ok} of {total} generated networks are valid"
    );
    assert!(
        pinned * 10 >= total,
        "only {pinned} valid networks pin a VPC"
    );
}

// ---- Fixed examples ----

fn cidrs(plan: &VpcPlan) -> Vec<Vec<String>> {
    plan.subnet_groups
        .iter()
        .map(|g| g.iter().map(ToString::to_string).collect())
        .collect()
}

fn vpc_cidrs(valid: &ValidNetwork) -> Vec<String> {
    valid.plan().iter().map(|p| p.cidr.to_string()).collect()
}

#[test]
fn vpcs_are_allocated_lowest_address_first_filling_gaps() {
    let network = accounts()
        .ip_block("corp", "10.0.0.0/16")
        .vpc(vpc_builder("a".into(), 2).allocate("corp", 20))
        .vpc(vpc_builder("b".into(), 2).allocate("corp", 24))
        .vpc(vpc_builder("c".into(), 2).allocate("corp", 20))
        .vpc(vpc_builder("d".into(), 2).allocate("corp", 24))
        .vpc(vpc_builder("e".into(), 2).allocate("corp", 17))
        .vpc(vpc_builder("f".into(), 2).allocate("corp", 18))
        .build();
    let valid = network.validate().expect("valid");
    assert_eq!(
        vpc_cidrs(&valid),
        [
            "10.0.0.0/20",
            "10.0.16.0/24",
            "10.0.32.0/20",
            "10.0.17.0/24",
            "10.0.128.0/17",
            "10.0.64.0/18",
        ]
    );
}

#[test]
fn subnets_are_allocated_lowest_address_first_filling_gaps() {
    let network = accounts()
        .ip_block("corp", "10.0.0.0/8")
        .vpc(
            vpc_builder("a".into(), 2)
                .allocate("corp", 20)
                .subnets("public", Tier::Public, 24)
                .subnets("private", Tier::Private, 22)
                .subnets("db", Tier::Isolated, 26),
        )
        .vpc(vpc_builder("b".into(), 3).allocate("corp", 16))
        .build();
    let valid = network.validate().expect("valid");
    assert_eq!(vpc_cidrs(&valid), ["10.0.0.0/20", "10.1.0.0/16"]);
    assert_eq!(
        cidrs(&valid.plan()[0]),
        [
            vec!["10.0.0.0/24", "10.0.1.0/24"],
            vec!["10.0.4.0/22", "10.0.8.0/22"],
            vec!["10.0.2.0/26", "10.0.2.64/26"],
        ]
    );
    assert!(valid.plan()[1].subnet_groups.is_empty());
}

#[test]
fn allocation_goes_around_vpcs_pinned_before() {
    let network = accounts()
        .ip_block("corp", "10.0.0.0/16")
        .vpc(vpc_builder("a".into(), 2).cidr("10.0.0.0/18"))
        .vpc(vpc_builder("b".into(), 2).allocate("corp", 17))
        .vpc(vpc_builder("c".into(), 2).allocate("corp", 19))
        // Outside the block: it takes nothing from it.
        .vpc(vpc_builder("d".into(), 2).cidr("192.168.0.0/16"))
        .vpc(vpc_builder("e".into(), 2).allocate("corp", 24))
        .build();
    let valid = network.validate().expect("valid");
    assert_eq!(
        vpc_cidrs(&valid),
        [
            "10.0.0.0/18",
            "10.0.128.0/17",
            "10.0.64.0/19",
            "192.168.0.0/16",
            "10.0.96.0/24",
        ]
    );
}

#[test]
fn subnets_pinned_before_are_gone_around() {
    let network = accounts()
        .vpc(
            vpc_builder("a".into(), 2)
                .cidr("10.0.0.0/24")
                .subnets_pinned("db", Tier::Isolated, ["10.0.0.0/26", "10.0.0.128/27"])
                .subnets("app", Tier::Isolated, 26)
                .subnets("ops", Tier::Isolated, 28),
        )
        .build();
    let valid = network.validate().expect("valid");
    assert_eq!(
        cidrs(&valid.plan()[0]),
        [
            vec!["10.0.0.0/26", "10.0.0.128/27"],
            vec!["10.0.0.64/26", "10.0.0.192/26"],
            vec!["10.0.0.160/28", "10.0.0.176/28"],
        ]
    );
}

#[test]
fn a_block_is_filled_completely_before_it_is_exhausted() {
    let mut builder = accounts().ip_block("corp", "10.0.0.0/16");
    for i in 0..256 {
        builder = builder.vpc(vpc_builder(format!("v{i}"), 2).allocate("corp", 24));
    }
    let full = builder.clone().build();
    let valid = full.validate().expect("256 /24s fill a /16");
    for (i, plan) in valid.plan().iter().enumerate() {
        assert_eq!(plan.cidr.to_string(), format!("10.0.{i}.0/24"));
    }
    let over = builder
        .vpc(vpc_builder("last".into(), 2).allocate("corp", 28))
        .build();
    let diags = over.validate().expect_err("a 257th does not fit");
    let got: Vec<(Code, String)> = diags.iter().map(|d| (d.code, d.path.to_string())).collect();
    assert_eq!(
        got,
        [(Code::BlockExhausted, r#"vpcs["last"].cidr"#.to_string())]
    );
}

#[test]
fn a_vpc_pinned_over_allocated_space_still_keeps_later_allocations_out() {
    // b is pinned over a's /24: one overlap. c must still avoid all of b, so it adds none.
    let network = accounts()
        .ip_block("corp", "10.0.0.0/16")
        .vpc(vpc_builder("a".into(), 2).allocate("corp", 24))
        .vpc(vpc_builder("b".into(), 2).cidr("10.0.0.0/20"))
        .vpc(vpc_builder("c".into(), 2).allocate("corp", 24))
        .build();
    let diags = network.validate().expect_err("a and b overlap");
    let codes: Vec<Code> = diags.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::VpcOverlap], "{diags}");
    let message = &diags.iter().next().unwrap().message;
    assert!(
        message.contains("10.0.0.0/24") && message.contains("10.0.0.0/20"),
        "{message}"
    );
    assert!(!message.contains("\"c\""), "{message}");

    // Without a, the same c lands right after b.
    let network = accounts()
        .ip_block("corp", "10.0.0.0/16")
        .vpc(vpc_builder("b".into(), 2).cidr("10.0.0.0/20"))
        .vpc(vpc_builder("c".into(), 2).allocate("corp", 24))
        .build();
    let valid = network.validate().expect("valid");
    assert_eq!(vpc_cidrs(&valid), ["10.0.0.0/20", "10.0.16.0/24"]);
}

proptest! {
    /// With space reserved for more AZs, adding an AZ moves no subnet of any group.
    #[test]
    fn adding_a_reserved_az_moves_no_subnet(
        azs in 1usize..=5,
        prefixes in proptest::collection::vec(20u8..=26, 1..4),
    ) {
        let letters = ["a", "b", "c", "d", "e", "f"];
        let net = |count: usize| {
            let mut vpc = Vpc::builder("app", "network", "us-east-1")
                .cidr("10.0.0.0/16")
                .azs(letters[..count].iter().map(|l| format!("us-east-1{l}")))
                .reserve_azs(6);
            for (i, prefix) in prefixes.iter().enumerate() {
                vpc = vpc.subnets(format!("g{i}"), Tier::Private, *prefix);
            }
            Network::builder("acme")
                .network_account("network", "111111111111")
                .vpc(vpc)
                .build()
        };
        let (Ok(before), Ok(after)) = (net(azs).validate(), net(azs + 1).validate()) else {
            return Ok(());
        };
        for (old, new) in before.plan()[0].subnet_groups.iter().zip(&after.plan()[0].subnet_groups) {
            prop_assert_eq!(&new[..old.len()], &old[..]);
        }
    }
}

#[test]
fn a_reservation_below_the_az_count_is_nf0308() {
    let net = Network::builder("acme")
        .network_account("network", "111111111111")
        .vpc(
            Vpc::builder("app", "network", "us-east-1")
                .cidr("10.0.0.0/16")
                .azs(["us-east-1a", "us-east-1b", "us-east-1c"])
                .reserve_azs(2)
                .subnets("private", Tier::Private, 20),
        )
        .build();
    let diags = net.validate().unwrap_err();
    let d = diags.iter().next().unwrap();
    assert_eq!(d.code, Code::AzCount);
    assert_eq!(d.path.to_string(), r#"vpcs["app"].reserved_azs"#);
}
