//! IPAM and IPv6: the planned pools and IPv6 slots, append-stability, and a bad-input test
//! for each rule of NF0901 to NF0912 (and the codes of other areas they use: NF0303, NF0609).
//!
//! Each test starts from [`network`], an IPAM design that validates without a single
//! diagnostic: a network account owning IPAM `main` in us-east-1, operating in us-east-1 and
//! eu-west-1, with a top-level pool `top` (10.0.0.0/8), regional pools `use1` and `euw1`
//! (a /12 each, allocated by the planner: 10.0.0.0/12 and 10.16.0.0/12) and environment pools
//! `prod-use1` and `prod-euw1` (a /16 each: 10.0.0.0/16 and 10.16.0.0/16, allocations /18 to
//! /24, default /20, shared with the workload account `prod`). The VPCs of `prod`:
//!
//! | VPC | region | CIDR | planned |
//! | --- | --- | --- | --- |
//! | `app` | us-east-1 | `.allocate("prod-use1", 20)` | 10.0.0.0/20 |
//! | `api` | us-east-1 | `.ipam("prod-use1", 22)` | 10.0.16.0/22 |
//! | `web` | eu-west-1 | `.allocate("prod-euw1", 20)` | 10.16.0.0/20 |
//! | `batch` | eu-west-1 | `.ipam("prod-euw1", 20)` | 10.16.16.0/20 |
//! | `dual` | us-east-1 | `.ipam("prod-use1", 20)`, Amazon IPv6 /56 | 10.0.32.0/20 |
//!
//! `dual` has a dual-stack public group (a /24 and a /64 per AZ), an IPv6-only private group
//! (a /64 per AZ) with DNS64, and a NAT gateway per AZ. A test adds or breaks one thing and
//! checks the exact diagnostics that come back: code, severity, printed path, and the actual
//! values the message states.

use netform::dsl::plan::{Holder, Ipv6Plan, Ipv6Slot, PoolPlan};
use netform::dsl::{
    AddressFamily, Code, Diagnostic, Diagnostics, Ipam, IpamBuilder, IpamPool, IpamPoolBuilder,
    NatMode, Network, NetworkBuilder, Severity, SubnetGroup, SubnetIpv6, SubnetSize, TgwTarget,
    Tier, TransitGateway, ValidNetwork, Vpc, VpcBuilder,
};

use AddressFamily::{Ipv4 as V4, Ipv6 as V6};
use Severity::{Error as E, Warning as W};

const USE1: [&str; 2] = ["us-east-1a", "us-east-1b"];
const EUW1: [&str; 2] = ["eu-west-1a", "eu-west-1b"];

/// No static route (an empty list whose element type the compiler can infer).
const NO_ROUTES: [(&str, TgwTarget); 0] = [];

/// An environment pool: the next /16 of `parent`, with `region` as locale, allocations /18 to
/// /24 (default /20), shared with `prod`.
fn env_pool(name: &str, parent: &str, region: &str) -> IpamPoolBuilder {
    IpamPool::builder(name, V4)
        .parent(parent)
        .allocate(16)
        .locale(region)
        .netmasks(18, 20, 24)
        .share_with("prod")
}

/// The IPAM: `top`, the regional pools, the environment pools.
fn ipam() -> IpamBuilder {
    Ipam::builder("main", "network", "us-east-1")
        .operating_regions(["us-east-1", "eu-west-1"])
        .pool(IpamPool::builder("top", V4).cidr("10.0.0.0/8"))
        .pool(
            IpamPool::builder("use1", V4)
                .parent("top")
                .allocate(12)
                .locale("us-east-1"),
        )
        .pool(
            IpamPool::builder("euw1", V4)
                .parent("top")
                .allocate(12)
                .locale("eu-west-1"),
        )
        .pool(env_pool("prod-use1", "use1", "us-east-1"))
        .pool(env_pool("prod-euw1", "euw1", "eu-west-1"))
}

/// A VPC of `prod` in us-east-1 (two AZs, a private /24 per AZ), without a CIDR yet.
fn use1(name: &str) -> VpcBuilder {
    Vpc::builder(name, "prod", "us-east-1")
        .azs(USE1)
        .subnets("private", Tier::Private, 24)
}

/// [`use1`] in eu-west-1.
fn euw1(name: &str) -> VpcBuilder {
    Vpc::builder(name, "prod", "eu-west-1")
        .azs(EUW1)
        .subnets("private", Tier::Private, 24)
}

/// The dual-stack VPC: an Amazon /56, a dual-stack public group, an IPv6-only private group
/// with DNS64, a NAT gateway per AZ.
fn dual() -> VpcBuilder {
    Vpc::builder("dual", "prod", "us-east-1")
        .ipam("prod-use1", 20)
        .ipv6()
        .azs(USE1)
        .dual_stack_subnets("public", Tier::Public, 24, 64)
        .ipv6_only_subnets("private", Tier::Private, 64)
        .dns64("private")
        .nat(NatMode::PerAz)
}

/// The accounts and `ipam`, with no VPC.
fn accounts(ipam: IpamBuilder) -> NetworkBuilder {
    Network::builder("acme")
        .network_account("network", "111111111111")
        .account("prod", "222222222222")
        .ipam(ipam)
}

/// The base network around `ipam`.
fn with_ipam(ipam: IpamBuilder) -> NetworkBuilder {
    accounts(ipam)
        .vpc(use1("app").allocate("prod-use1", 20))
        .vpc(use1("api").ipam("prod-use1", 22))
        .vpc(euw1("web").allocate("prod-euw1", 20))
        .vpc(euw1("batch").ipam("prod-euw1", 20))
        .vpc(dual())
}

/// The valid network, as a builder to add VPCs to.
fn builder() -> NetworkBuilder {
    with_ipam(ipam())
}

/// The valid network.
fn network() -> Network {
    builder().build()
}

/// The base network with `pool` added at the end of the IPAM.
fn with_pool(pool: IpamPoolBuilder) -> NetworkBuilder {
    with_ipam(ipam().pool(pool))
}

/// The pool `name` of the network's IPAM, to break in place.
fn pool_mut<'n>(net: &'n mut Network, name: &str) -> &'n mut IpamPool {
    net.ipam
        .as_mut()
        .expect("an IPAM")
        .pools
        .iter_mut()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no pool {name}"))
}

/// The VPC `name`, to break in place.
fn vpc_mut<'n>(net: &'n mut Network, name: &str) -> &'n mut Vpc {
    net.vpcs
        .iter_mut()
        .find(|v| v.name == name)
        .unwrap_or_else(|| panic!("no vpc {name}"))
}

/// Whether `d` is the warning that a pool serves both planned and IPAM-placed VPCs. The base
/// network mixes both ways on purpose, to exercise them side by side, so every assertion
/// below sets this one warning aside; `the_base_network_mixes_planned_and_placed_vpcs`
/// asserts it.
fn is_mixing_warning(d: &Diagnostic) -> bool {
    d.severity == W && d.code == Code::PoolShape && d.message.contains("lets IPAM place")
}

/// Every diagnostic of `net`, but the mixing warning (see [`is_mixing_warning`]).
fn diagnostics(net: &Network) -> Diagnostics {
    crate::support::diagnostics(net)
        .iter()
        .filter(|d| !is_mixing_warning(d))
        .cloned()
        .collect()
}

/// The warnings of `valid`, but the mixing warning.
fn warnings(valid: &ValidNetwork) -> Diagnostics {
    valid
        .warnings()
        .iter()
        .filter(|d| !is_mixing_warning(d))
        .cloned()
        .collect()
}

/// Asserts that `net` has exactly these diagnostics (severity, code, printed path), in any
/// order, and that the message of each states the given values.
#[track_caller]
fn assert_diags(net: &Network, expected: &[(Severity, Code, &str, &[&str])]) {
    crate::support::assert_diagnostics(&diagnostics(net), expected);
}

/// Asserts that `net` fails validation with exactly these errors and no warning.
#[track_caller]
fn assert_errors(net: &Network, expected: &[(Code, &str, &[&str])]) {
    assert!(net.validate().is_err(), "the network should not validate");
    let with_severity: Vec<(Severity, Code, &str, &[&str])> =
        expected.iter().map(|(c, p, v)| (E, *c, *p, *v)).collect();
    assert_diags(net, &with_severity);
}

/// Asserts that `net` validates with no error, and that its only warnings are NF0910 "gives
/// space to child pools and to VPCs" at these pools.
#[track_caller]
fn assert_mixed(net: &Network, pools: &[&str]) -> ValidNetwork {
    let valid = net
        .validate()
        .unwrap_or_else(|d| panic!("the network should validate, but:\n{d}"));
    let got: Vec<(Code, String)> = warnings(&valid)
        .iter()
        .map(|d| (d.code, d.path.to_string()))
        .collect();
    let want: Vec<(Code, String)> = pools
        .iter()
        .map(|p| (Code::PoolShape, format!("ipam.pools[{p:?}]")))
        .collect();
    assert_eq!(got, want, "warnings:\n{}", valid.warnings());
    for d in warnings(&valid).iter() {
        assert!(
            d.message.contains("child pools and to VPCs"),
            "{}",
            d.message
        );
    }
    valid
}

/// Asserts that `net` validates without any diagnostic.
#[track_caller]
fn assert_clean(net: &Network) -> ValidNetwork {
    let valid = net
        .validate()
        .unwrap_or_else(|d| panic!("the network should validate, but:\n{d}"));
    assert!(
        warnings(&valid).is_empty(),
        "warnings:\n{}",
        valid.warnings()
    );
    valid
}

/// The planned VPC CIDRs, in model order, as text.
fn vpc_cidrs(valid: &ValidNetwork) -> Vec<String> {
    valid.plan().iter().map(|p| p.cidr.to_string()).collect()
}

/// The planned pool CIDRs, by name, as text (`amazon /n` where Amazon chooses the block).
fn pool_cidrs(valid: &ValidNetwork) -> Vec<(String, String)> {
    valid
        .pools()
        .iter()
        .map(|p| {
            let cidr = p
                .cidr
                .map_or_else(|| format!("amazon /{}", p.prefix), |c| c.to_string());
            (p.name.clone(), cidr)
        })
        .collect()
}

/// The plan of the pool `name`.
fn pool_plan<'v>(valid: &'v ValidNetwork, name: &str) -> &'v PoolPlan {
    valid
        .pools()
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no pool plan {name}"))
}

/// An IPv6-only group of /64s.
fn ipv6_only(name: &str, tier: Tier, dns64: bool) -> SubnetGroup {
    SubnetGroup {
        name: name.into(),
        tier,
        size: SubnetSize::None,
        ipv6: Some(SubnetIpv6 { prefix: 64, dns64 }),
    }
}

/// `n` IPv6 slots of `/prefix` from `first` on.
fn slots(prefix: u8, first: u64, n: u64) -> Vec<Ipv6Slot> {
    (first..first + n)
        .map(|index| Ipv6Slot { prefix, index })
        .collect()
}

// ---- valid networks and the plan ----

#[test]
fn the_base_network_mixes_planned_and_placed_vpcs() {
    // `app` is planned from prod-use1 and `api` placed by IPAM from it; `web` and `batch`
    // likewise in prod-euw1: IPAM may hand `api` the block netform planned for `app`.
    let valid = network().validate().unwrap();
    let mixing: Vec<(String, &str)> = valid
        .warnings()
        .iter()
        .map(|d| {
            assert!(is_mixing_warning(d), "{d}");
            (d.path.to_string(), d.message.as_str())
        })
        .collect();
    assert_eq!(mixing.len(), 2, "{}", valid.warnings());
    assert_eq!(mixing[0].0, r#"ipam.pools["prod-euw1"]"#);
    assert!(mixing[0].1.contains(r#"vpc "web""#) && mixing[0].1.contains(r#"vpc "batch""#));
    assert_eq!(mixing[1].0, r#"ipam.pools["prod-use1"]"#);
    assert!(mixing[1].1.contains(r#"vpc "app""#) && mixing[1].1.contains(r#"vpc "api""#));
}

#[test]
fn the_base_network_is_valid_without_diagnostics() {
    let valid = assert_clean(&network());
    assert_eq!(
        vpc_cidrs(&valid),
        [
            "10.0.0.0/20",
            "10.0.16.0/22",
            "10.16.0.0/20",
            "10.16.16.0/20",
            "10.0.32.0/20"
        ]
    );
}

#[test]
fn the_base_network_round_trips_through_json() {
    let net = network();
    let back = Network::from_json(&net.to_json()).expect("the JSON loads");
    assert_eq!(back, net);
}

#[test]
fn pools_are_planned_in_declaration_order() {
    let valid = assert_clean(&network());
    assert_eq!(
        pool_cidrs(&valid),
        [
            ("top".to_string(), "10.0.0.0/8".to_string()),
            ("use1".into(), "10.0.0.0/12".into()),
            ("euw1".into(), "10.16.0.0/12".into()),
            ("prod-use1".into(), "10.0.0.0/16".into()),
            ("prod-euw1".into(), "10.16.0.0/16".into()),
        ]
    );
    let top = pool_plan(&valid, "top");
    assert_eq!((top.family, top.prefix), (V4, 8));
    assert_eq!(top.size, 1 << 24);
    assert_eq!(top.used, 2 << 20, "two /12s");
    let holders: Vec<&Holder> = top.allocations.iter().map(|a| &a.holder).collect();
    assert_eq!(
        holders,
        [&Holder::Pool("use1".into()), &Holder::Pool("euw1".into())]
    );
    assert_eq!(pool_plan(&valid, "use1").used, 1 << 16, "one /16");
}

#[test]
fn vpcs_are_allocations_of_their_pool() {
    let valid = assert_clean(&network());
    let pool = pool_plan(&valid, "prod-use1");
    assert_eq!((pool.size, pool.used), (65_536, 4096 + 1024 + 4096));
    let allocations: Vec<(Holder, u8, String, bool)> = pool
        .allocations
        .iter()
        .map(|a| {
            (
                a.holder.clone(),
                a.prefix,
                a.cidr.expect("an IPv4 block is known").to_string(),
                a.at_deploy,
            )
        })
        .collect();
    assert_eq!(
        allocations,
        [
            (Holder::Vpc("app".into()), 20, "10.0.0.0/20".into(), false),
            (Holder::Vpc("api".into()), 22, "10.0.16.0/22".into(), true),
            (Holder::Vpc("dual".into()), 20, "10.0.32.0/20".into(), true),
        ]
    );
}

#[test]
fn ipv6_subnets_are_slots_of_the_vpc_block() {
    let valid = assert_clean(&network());
    let dual = &valid.plan()[4];
    assert_eq!(
        dual.subnet_groups,
        [
            vec![
                "10.0.32.0/24".parse().unwrap(),
                "10.0.33.0/24".parse().unwrap()
            ],
            vec![], // IPv6-only
        ]
    );
    assert_eq!(
        dual.ipv6,
        Some(Ipv6Plan {
            prefix: 56,
            subnet_groups: vec![slots(64, 0, 2), slots(64, 2, 2)],
        })
    );
    // IPv4-only VPCs have no IPv6 plan.
    assert_eq!(valid.plan()[0].ipv6, None);
}

#[test]
fn ipv6_slots_of_mixed_sizes_are_aligned_and_skip_ipv4_only_groups() {
    let net = builder()
        .vpc(
            Vpc::builder("mixed", "prod", "us-east-1")
                .ipam("prod-use1", 20)
                .ipv6()
                .azs(USE1)
                .reserve_azs(3)
                .dual_stack_subnets("public", Tier::Public, 24, 64)
                .subnets("legacy", Tier::Private, 24)
                .dual_stack_subnets("wide", Tier::Private, 24, 60),
        )
        .build();
    let valid = assert_clean(&net);
    let ipv6 = valid.plan()[5].ipv6.clone().expect("an IPv6 plan");
    // /64 slots 0..3 (three planned AZs, two used); the /60s start at the second /60.
    assert_eq!(
        ipv6.subnet_groups,
        [slots(64, 0, 2), vec![], slots(60, 1, 2)]
    );
}

#[test]
fn a_vpc_block_from_an_amazon_ipv6_pool() {
    let net = with_pool(
        IpamPool::builder("v6-use1", V6)
            .amazon(52)
            .locale("us-east-1")
            .share_with("prod"),
    )
    .vpc(
        Vpc::builder("v6", "prod", "us-east-1")
            .ipam("prod-use1", 20)
            .ipv6_from_pool("v6-use1", 56)
            .azs(USE1)
            .dual_stack_subnets("private", Tier::Private, 24, 64),
    )
    .build();
    let valid = assert_clean(&net);
    let pool = pool_plan(&valid, "v6-use1");
    assert_eq!((pool.family, pool.prefix, pool.cidr), (V6, 52, None));
    assert_eq!(pool.size, 1 << 76);
    assert_eq!(pool.used, 1 << 72);
    assert_eq!(pool.allocations.len(), 1);
    assert_eq!(pool.allocations[0].holder, Holder::Vpc("v6".into()));
    assert_eq!(
        (pool.allocations[0].prefix, pool.allocations[0].cidr),
        (56, None)
    );
    assert!(pool.allocations[0].at_deploy);
    assert_eq!(
        valid.plan()[5].ipv6,
        Some(Ipv6Plan {
            prefix: 56,
            subnet_groups: vec![slots(64, 0, 2)],
        })
    );
}

#[test]
fn a_private_ula_hierarchy_plans_ipv6_pool_cidrs() {
    let net = with_ipam(
        ipam()
            .pool(IpamPool::builder("ula", V6).cidr("fd12:3456::/32"))
            .pool(
                IpamPool::builder("ula-use1", V6)
                    .parent("ula")
                    .allocate(40)
                    .locale("us-east-1")
                    .share_with("prod"),
            )
            .pool(
                IpamPool::builder("ula-euw1", V6)
                    .parent("ula")
                    .allocate(40)
                    .locale("eu-west-1")
                    .share_with("prod"),
            ),
    )
    .vpc(
        Vpc::builder("v6", "prod", "eu-west-1")
            .ipam("prod-euw1", 20)
            .ipv6_from_pool("ula-euw1", 56)
            .azs(EUW1)
            .dual_stack_subnets("private", Tier::Private, 24, 64),
    )
    .build();
    let valid = assert_clean(&net);
    let cidrs = pool_cidrs(&valid);
    assert_eq!(
        cidrs[5..],
        [
            ("ula".to_string(), "fd12:3456::/32".to_string()),
            ("ula-use1".into(), "fd12:3456::/40".into()),
            ("ula-euw1".into(), "fd12:3456:100::/40".into()),
        ]
    );
    let euw1 = pool_plan(&valid, "ula-euw1");
    assert_eq!(
        euw1.allocations[0].cidr.map(|c| c.to_string()).as_deref(),
        Some("fd12:3456:100::/56")
    );
}

#[test]
fn a_child_of_an_amazon_pool_allocates_by_size() {
    let net = with_ipam(
        ipam()
            .pool(IpamPool::builder("v6", V6).amazon(48).locale("us-east-1"))
            .pool(
                IpamPool::builder("v6-prod", V6)
                    .parent("v6")
                    .public()
                    .allocate(52)
                    .locale("us-east-1")
                    .share_with("prod"),
            ),
    )
    .vpc(
        use1("v6app")
            .ipam("prod-use1", 22)
            .ipv6_from_pool("v6-prod", 56),
    )
    .build();
    let valid = assert_clean(&net);
    let parent = pool_plan(&valid, "v6");
    assert_eq!(
        (parent.prefix, parent.cidr, parent.used),
        (48, None, 1 << 76)
    );
    assert_eq!(parent.allocations.len(), 1);
    assert_eq!(parent.allocations[0].holder, Holder::Pool("v6-prod".into()));
    assert_eq!(
        (parent.allocations[0].prefix, parent.allocations[0].cidr),
        (52, None)
    );
    let child = pool_plan(&valid, "v6-prod");
    assert_eq!((child.prefix, child.cidr, child.used), (52, None, 1 << 72));
}

#[test]
fn adding_an_ipv6_group_at_the_end_moves_no_earlier_slot() {
    let before = assert_clean(&network()).plan()[4].ipv6.clone().unwrap();
    let mut net = network();
    vpc_mut(&mut net, "dual")
        .subnet_groups
        .push(ipv6_only("db", Tier::Isolated, false));
    let after = assert_clean(&net).plan()[4].ipv6.clone().unwrap();
    assert_eq!(after.subnet_groups[..2], before.subnet_groups[..]);
    assert_eq!(after.subnet_groups[2], slots(64, 4, 2));
}

#[test]
fn adding_a_vpc_at_the_end_of_a_pool_moves_no_earlier_vpc() {
    let before = vpc_cidrs(&assert_clean(&network()));
    for (i, prefix) in [18u8, 19, 20, 21, 22, 23, 24].into_iter().enumerate() {
        for (pool, at_deploy) in [
            ("prod-use1", false),
            ("prod-use1", true),
            ("prod-euw1", false),
        ] {
            let region = if pool == "prod-use1" {
                "us-east-1"
            } else {
                "eu-west-1"
            };
            let azs = if pool == "prod-use1" { USE1 } else { EUW1 };
            let vpc = Vpc::builder(format!("new{i}"), "prod", region)
                .azs(azs)
                .subnets("private", Tier::Private, 28);
            let vpc = if at_deploy {
                vpc.ipam(pool, prefix)
            } else {
                vpc.allocate(pool, prefix)
            };
            let after = vpc_cidrs(&assert_clean(&builder().vpc(vpc).build()));
            assert_eq!(after[..5], before[..], "a /{prefix} added to {pool}");
            let new: ipnet::Ipv4Net = after[5].parse().unwrap();
            let pool_net: ipnet::Ipv4Net = if pool == "prod-use1" {
                "10.0.0.0/16".parse().unwrap()
            } else {
                "10.16.0.0/16".parse().unwrap()
            };
            assert!(pool_net.contains(&new), "{new} outside {pool}");
            for old in &before {
                let old: ipnet::Ipv4Net = old.parse().unwrap();
                assert!(
                    !old.contains(&new) && !new.contains(&old),
                    "{new} overlaps {old}"
                );
            }
        }
    }
}

#[test]
fn adding_a_pool_at_the_end_moves_no_earlier_pool_or_vpc() {
    let base = assert_clean(&network());
    let (pools, vpcs) = (pool_cidrs(&base), vpc_cidrs(&base));
    for pool in [
        IpamPool::builder("dev-use1", V4)
            .parent("use1")
            .allocate(16)
            .locale("us-east-1"),
        IpamPool::builder("aps", V4).parent("top").allocate(12),
        IpamPool::builder("big", V4).parent("top").allocate(9),
        IpamPool::builder("other", V4).cidr("172.16.0.0/12"),
        IpamPool::builder("ula", V6).cidr("fd12:3456::/32"),
        IpamPool::builder("v6", V6).amazon(52).locale("us-east-1"),
    ] {
        let name = pool.clone().build().name;
        let valid = assert_clean(&with_pool(pool).build());
        assert_eq!(pool_cidrs(&valid)[..5], pools[..], "after adding {name}");
        assert_eq!(vpc_cidrs(&valid), vpcs, "after adding {name}");
    }
    // Where the new pools went.
    let valid = assert_clean(
        &with_ipam(
            ipam()
                .pool(
                    IpamPool::builder("dev-use1", V4)
                        .parent("use1")
                        .allocate(16)
                        .locale("us-east-1"),
                )
                .pool(IpamPool::builder("aps", V4).parent("top").allocate(12)),
        )
        .build(),
    );
    assert_eq!(
        pool_cidrs(&valid)[5..],
        [
            ("dev-use1".to_string(), "10.1.0.0/16".to_string()),
            ("aps".into(), "10.32.0.0/12".into()),
        ]
    );
}

#[test]
fn a_child_pool_added_under_a_pool_with_vpcs_moves_no_pool() {
    // Pools are planned before VPCs, so a child pool added to `prod-use1` takes the lowest
    // free /20 there; the pools declared before it stay where they were.
    // It also warns: the VPCs netform plans from `prod-use1` could move (NF0910).
    let base = assert_clean(&network());
    let valid = assert_mixed(
        &with_pool(
            IpamPool::builder("lab", V4)
                .parent("prod-use1")
                .allocate(20)
                .locale("us-east-1"),
        )
        .build(),
        &["prod-use1"],
    );
    assert_eq!(pool_cidrs(&valid)[..5], pool_cidrs(&base)[..]);
    assert_eq!(
        pool_cidrs(&valid)[5],
        ("lab".to_string(), "10.0.0.0/20".to_string())
    );
}

// ---- NF0901 pool outside its parent ----

#[test]
fn nf0901_child_pool_pinned_outside_its_parent() {
    let net = with_pool(
        IpamPool::builder("dev-use1", V4)
            .parent("use1")
            .cidr("10.200.0.0/16")
            .locale("us-east-1"),
    )
    .build();
    assert_errors(
        &net,
        &[(
            Code::PoolOutsideParent,
            r#"ipam.pools["dev-use1"].cidr.pinned"#,
            &["\"dev-use1\"", "10.200.0.0/16", "\"use1\"", "10.0.0.0/12"],
        )],
    );
}

#[test]
fn nf0901_child_pool_allocating_a_block_larger_than_its_parent() {
    let net = with_pool(
        IpamPool::builder("dev-use1", V4)
            .parent("use1")
            .allocate(10),
    )
    .build();
    assert_errors(
        &net,
        &[(
            Code::PoolOutsideParent,
            r#"ipam.pools["dev-use1"].cidr.allocated"#,
            &["/10", "\"use1\"", "10.0.0.0/12"],
        )],
    );
}

// ---- NF0902 pools overlap ----

#[test]
fn nf0902_sibling_pools_pinned_over_each_other() {
    // `b`, declared second, lies at the lower address: the later declaration is at fault.
    let net = with_ipam(
        ipam()
            .pool(
                IpamPool::builder("a", V4)
                    .parent("use1")
                    .cidr("10.2.128.0/17"),
            )
            .pool(
                IpamPool::builder("b", V4)
                    .parent("use1")
                    .cidr("10.2.0.0/16"),
            ),
    )
    .build();
    assert_errors(
        &net,
        &[(
            Code::PoolOverlap,
            r#"ipam.pools["b"].cidr.pinned"#,
            &["\"b\" (10.2.0.0/16)", "\"a\" (10.2.128.0/17)", "\"use1\""],
        )],
    );
}

#[test]
fn nf0902_pinned_sibling_over_an_allocated_pool() {
    let net = with_pool(
        IpamPool::builder("x", V4)
            .parent("top")
            .cidr("10.16.0.0/16"),
    )
    .build();
    assert_errors(
        &net,
        &[(
            Code::PoolOverlap,
            r#"ipam.pools["x"].cidr.pinned"#,
            &["\"x\" (10.16.0.0/16)", "\"euw1\" (10.16.0.0/12)", "\"top\""],
        )],
    );
}

#[test]
fn nf0902_top_level_pools_overlap() {
    let net = with_pool(IpamPool::builder("more", V4).cidr("10.128.0.0/9")).build();
    assert_errors(
        &net,
        &[(
            Code::PoolOverlap,
            r#"ipam.pools["more"].cidr.pinned"#,
            &["10.128.0.0/9", "\"top\" (10.0.0.0/8)", "top-level"],
        )],
    );
}

#[test]
fn pools_of_other_parents_or_families_may_share_addresses() {
    // Children of different parents, and the IPv4 and IPv6 trees, are not siblings.
    let net = with_ipam(
        ipam()
            .pool(
                IpamPool::builder("a", V4)
                    .parent("prod-use1")
                    .cidr("10.0.128.0/20"),
            )
            .pool(
                IpamPool::builder("b", V4)
                    .parent("prod-euw1")
                    .cidr("10.16.128.0/20"),
            )
            .pool(IpamPool::builder("ula", V6).cidr("fd12:3456::/32")),
    )
    .build();
    assert_mixed(&net, &["prod-euw1", "prod-use1"]);
}

// ---- NF0903 allocation rules ----

#[test]
fn nf0903_vpc_netmask_below_the_pools_minimum() {
    // The rules say /18 to /24: a /17 is a larger block than the pool allows.
    let net = builder().vpc(use1("big").ipam("prod-use1", 17)).build();
    assert_errors(
        &net,
        &[(
            Code::AllocationRule,
            r#"vpcs["big"].cidr.netmask"#,
            &["\"big\"", "/17", "\"prod-use1\"", "/18 to /24"],
        )],
    );
}

#[test]
fn nf0903_vpc_prefix_above_the_pools_maximum() {
    let net = builder()
        .vpc(use1("tiny").allocate("prod-use1", 26))
        .build();
    assert_errors(
        &net,
        &[(
            Code::AllocationRule,
            r#"vpcs["tiny"].cidr.prefix"#,
            &["\"tiny\"", "/26", "\"prod-use1\"", "/18 to /24"],
        )],
    );
}

#[test]
fn nf0903_rules_do_not_apply_to_child_pools() {
    // "The rules do not apply to resources in pools within a pool": a /17 child pool is fine.
    let net = with_pool(
        IpamPool::builder("half", V4)
            .parent("prod-euw1")
            .allocate(17),
    )
    .build();
    assert_mixed(&net, &["prod-euw1"]);
}

#[test]
fn nf0903_minimum_not_below_maximum() {
    let net = with_pool(
        IpamPool::builder("odd", V4)
            .parent("use1")
            .allocate(16)
            .netmasks(20, 20, 20),
    )
    .build();
    assert_errors(
        &net,
        &[(
            Code::AllocationRule,
            r#"ipam.pools["odd"].rules.max_netmask"#,
            &["\"odd\"", "min_netmask /20", "max_netmask /20"],
        )],
    );
}

#[test]
fn nf0903_minimum_above_maximum_and_default_outside() {
    let net = with_pool(
        IpamPool::builder("odd", V4)
            .parent("use1")
            .allocate(16)
            .netmasks(24, 20, 18),
    )
    .build();
    assert_errors(
        &net,
        &[
            (
                Code::AllocationRule,
                r#"ipam.pools["odd"].rules.max_netmask"#,
                &["min_netmask /24", "max_netmask /18"],
            ),
            (
                Code::AllocationRule,
                r#"ipam.pools["odd"].rules.default_netmask"#,
                &["default_netmask /20", "/24 to /18"],
            ),
        ],
    );
}

#[test]
fn nf0903_default_outside_the_rules() {
    let net = with_pool(
        IpamPool::builder("odd", V4)
            .parent("use1")
            .allocate(16)
            .netmasks(18, 26, 24),
    )
    .build();
    assert_errors(
        &net,
        &[(
            Code::AllocationRule,
            r#"ipam.pools["odd"].rules.default_netmask"#,
            &["\"odd\"", "default_netmask /26", "/18 to /24"],
        )],
    );
}

#[test]
fn nf0903_netmask_beyond_the_family() {
    let net = with_pool(
        IpamPool::builder("odd", V4)
            .parent("use1")
            .allocate(16)
            .netmasks(18, 20, 33),
    )
    .build();
    assert_errors(
        &net,
        &[(
            Code::AllocationRule,
            r#"ipam.pools["odd"].rules.max_netmask"#,
            &["\"odd\"", "/33", "32 bits"],
        )],
    );
}

// ---- NF0904 pool exhausted ----

#[test]
fn nf0904_more_vpcs_than_the_pool_holds() {
    // prod-use1 (10.0.0.0/16) holds sixteen /20s; the base VPCs hold a /20, a /22 (which
    // takes a /20's room) and a /20; 13 more /20s fit, the 14th does not.
    let mut net = builder();
    for i in 1..=14 {
        net = net.vpc(use1(&format!("x{i}")).ipam("prod-use1", 20));
    }
    assert_errors(
        &net.build(),
        &[(
            Code::PoolExhausted,
            r#"vpcs["x14"].cidr.netmask"#,
            &[
                "\"x14\"",
                "/20",
                "\"prod-use1\" (10.0.0.0/16)",
                "holds 16 of that size",
                "its 16 allocations",
                "leave 3072 of 65536 addresses",
            ],
        )],
    );
}

#[test]
fn nf0904_more_child_pools_than_the_parent_holds() {
    // top (10.0.0.0/8) holds sixteen /12s; use1 and euw1 take two.
    let mut ipam = ipam();
    for i in 1..=15 {
        ipam = ipam.pool(
            IpamPool::builder(format!("r{i}"), V4)
                .parent("top")
                .allocate(12),
        );
    }
    assert_errors(
        &with_ipam(ipam).build(),
        &[(
            Code::PoolExhausted,
            r#"ipam.pools["r15"].cidr.allocated"#,
            &[
                "\"r15\"",
                "/12",
                "\"top\" (10.0.0.0/8)",
                "holds 16",
                "leave 0 of 16777216",
            ],
        )],
    );
}

#[test]
fn nf0904_more_ipv6_vpcs_than_an_amazon_pool_holds() {
    let mut net = with_pool(
        IpamPool::builder("v6-use1", V6)
            .amazon(52)
            .locale("us-east-1")
            .share_with("prod"),
    );
    for i in 1..=17 {
        net = net.vpc(
            use1(&format!("v{i}"))
                .ipam("prod-use1", 22)
                .ipv6_from_pool("v6-use1", 56),
        );
    }
    assert_errors(
        &net.build(),
        &[(
            Code::PoolExhausted,
            r#"vpcs["v17"].ipv6.netmask"#,
            &[
                "\"v17\"",
                "/56",
                "\"v6-use1\" (/52)",
                "holds 16 of that size",
            ],
        )],
    );
}

#[test]
fn nf0904_vpc_block_larger_than_its_pool() {
    let net = with_pool(
        IpamPool::builder("v6-use1", V6)
            .amazon(52)
            .locale("us-east-1")
            .share_with("prod"),
    )
    .vpc(
        use1("v6")
            .ipam("prod-use1", 22)
            .ipv6_from_pool("v6-use1", 48),
    )
    .build();
    assert_errors(
        &net,
        &[(
            Code::PoolExhausted,
            r#"vpcs["v6"].ipv6.netmask"#,
            &["\"v6\"", "/48", "larger than pool \"v6-use1\" (/52)"],
        )],
    );
}

// ---- NF0905 locales and operating regions ----

#[test]
fn nf0905_pool_locale_not_an_operating_region() {
    let net = with_pool(
        IpamPool::builder("aps1", V4)
            .parent("top")
            .allocate(12)
            .locale("ap-south-1"),
    )
    .build();
    assert_errors(
        &net,
        &[(
            Code::PoolLocale,
            r#"ipam.pools["aps1"].locale"#,
            &["\"aps1\"", "ap-south-1", "us-east-1, eu-west-1"],
        )],
    );
}

#[test]
fn nf0905_vpc_in_another_region_than_the_pools_locale() {
    let net = builder().vpc(euw1("far").ipam("prod-use1", 20)).build();
    assert_errors(
        &net,
        &[(
            Code::PoolLocale,
            r#"vpcs["far"].cidr.pool"#,
            &["\"far\"", "eu-west-1", "\"prod-use1\"", "locale us-east-1"],
        )],
    );
}

#[test]
fn nf0905_vpc_allocated_offline_from_another_regions_pool() {
    let net = builder().vpc(euw1("far").allocate("prod-use1", 20)).build();
    assert_errors(
        &net,
        &[(
            Code::PoolLocale,
            r#"vpcs["far"].cidr.block"#,
            &["\"far\"", "eu-west-1", "\"prod-use1\"", "locale us-east-1"],
        )],
    );
}

#[test]
fn nf0905_vpc_from_a_pool_without_locale() {
    // A VPC of the IPAM's own account: no share is needed.
    let net = builder()
        .vpc(
            Vpc::builder("loose", "network", "us-east-1")
                .azs(USE1)
                .subnets("private", Tier::Private, 24)
                .ipam("top", 20),
        )
        .build();
    assert_errors(
        &net,
        &[(
            Code::PoolLocale,
            r#"vpcs["loose"].cidr.pool"#,
            &["\"loose\"", "us-east-1", "\"top\"", "no locale"],
        )],
    );
}

#[test]
fn nf0905_ipam_region_not_an_operating_region() {
    let mut net = network();
    net.ipam.as_mut().unwrap().region = "eu-central-1".into();
    assert_errors(
        &net,
        &[(
            Code::PoolLocale,
            "ipam.region",
            &["\"main\"", "eu-central-1", "us-east-1, eu-west-1"],
        )],
    );
}

#[test]
fn nf0905_home_region_dropped_from_the_operating_regions() {
    // The builder always lists the home region; a loaded JSON may not. The pools whose locale
    // is the dropped region are reported too.
    let mut net = network();
    net.ipam.as_mut().unwrap().operating_regions.remove(0);
    assert_errors(
        &net,
        &[
            (
                Code::PoolLocale,
                "ipam.region",
                &["us-east-1", "(eu-west-1)"],
            ),
            (
                Code::PoolLocale,
                r#"ipam.pools["use1"].locale"#,
                &["\"use1\"", "locale us-east-1"],
            ),
            (
                Code::PoolLocale,
                r#"ipam.pools["prod-use1"].locale"#,
                &["\"prod-use1\"", "locale us-east-1"],
            ),
        ],
    );
}

#[test]
fn nf0905_operating_region_listed_twice() {
    let mut net = network();
    net.ipam
        .as_mut()
        .unwrap()
        .operating_regions
        .push("eu-west-1".into());
    assert_errors(
        &net,
        &[(
            Code::PoolLocale,
            "ipam.operating_regions[2]",
            &["eu-west-1", "twice"],
        )],
    );
}

#[test]
fn nf0905_amazon_pool_without_locale() {
    let net = with_pool(IpamPool::builder("v6", V6).amazon(52)).build();
    assert_errors(
        &net,
        &[(
            Code::PoolLocale,
            r#"ipam.pools["v6"].locale"#,
            &["\"v6\"", "Amazon-provided", "no locale"],
        )],
    );
}

#[test]
fn nf0303_unknown_operating_region() {
    let net =
        with_ipam(ipam().operating_regions(["us-east-1", "eu-west-1", "mars-east-1"])).build();
    assert_errors(
        &net,
        &[(
            Code::UnknownRegion,
            "ipam.operating_regions[2]",
            &["\"main\"", "\"mars-east-1\""],
        )],
    );
}

// ---- NF0906 IPv6 prefixes ----

#[test]
fn nf0906_ipv6_subnet_prefix_not_in_steps_of_4() {
    let mut net = network();
    vpc_mut(&mut net, "dual").subnet_groups[0]
        .ipv6
        .as_mut()
        .unwrap()
        .prefix = 62;
    assert_errors(
        &net,
        &[(
            Code::Ipv6Prefix,
            r#"vpcs["dual"].subnet_groups["public"].ipv6.prefix"#,
            &["\"public\"", "\"dual\"", "/62", "/44 to /64 in steps of 4"],
        )],
    );
}

#[test]
fn nf0906_ipv6_subnet_prefix_longer_than_64() {
    let mut net = network();
    vpc_mut(&mut net, "dual").subnet_groups[1]
        .ipv6
        .as_mut()
        .unwrap()
        .prefix = 66;
    assert_errors(
        &net,
        &[(
            Code::Ipv6Prefix,
            r#"vpcs["dual"].subnet_groups["private"].ipv6.prefix"#,
            &["\"private\"", "/66", "/44 to /64"],
        )],
    );
}

#[test]
fn nf0906_ipv6_subnet_larger_than_the_vpc_block() {
    let mut net = network();
    vpc_mut(&mut net, "dual").subnet_groups[1]
        .ipv6
        .as_mut()
        .unwrap()
        .prefix = 52;
    assert_errors(
        &net,
        &[(
            Code::Ipv6Prefix,
            r#"vpcs["dual"].subnet_groups["private"].ipv6.prefix"#,
            &["\"private\"", "/52", "larger than the VPC's /56"],
        )],
    );
}

#[test]
fn nf0906_more_ipv6_subnets_than_the_vpc_block_holds() {
    // Planned for six AZs: the public /64s take the first of the sixteen /60s of the /56,
    // `a` and `b` take six /60s each, and three are left for the six of `c`.
    let net = builder()
        .vpc(
            Vpc::builder("wide", "prod", "us-east-1")
                .ipam("prod-use1", 20)
                .ipv6()
                .azs(USE1)
                .reserve_azs(6)
                .dual_stack_subnets("public", Tier::Public, 24, 64)
                .ipv6_only_subnets("a", Tier::Private, 60)
                .ipv6_only_subnets("b", Tier::Private, 60)
                .ipv6_only_subnets("c", Tier::Private, 60),
        )
        .build();
    assert_errors(
        &net,
        &[(
            Code::Ipv6Prefix,
            r#"vpcs["wide"].subnet_groups["c"].ipv6.prefix"#,
            &[
                "\"c\"",
                "\"wide\"",
                "6 IPv6 subnets of /60",
                "/56 block",
                "room for 3 more",
            ],
        )],
    );
}

#[test]
fn nf0906_vpc_ipv6_netmask_from_a_pool() {
    for netmask in [57u8, 64, 40] {
        let net = with_pool(
            IpamPool::builder("v6-use1", V6)
                .amazon(44)
                .locale("us-east-1")
                .share_with("prod"),
        )
        .vpc(
            use1("v6")
                .ipam("prod-use1", 22)
                .ipv6_from_pool("v6-use1", netmask),
        )
        .build();
        assert_errors(
            &net,
            &[(
                Code::Ipv6Prefix,
                r#"vpcs["v6"].ipv6.netmask"#,
                &["\"v6\"", &format!("/{netmask}"), "/44 to /60 in steps of 4"],
            )],
        );
    }
}

// ---- NF0907 DNS64 ----

#[test]
fn nf0907_dns64_without_nat() {
    let mut net = network();
    vpc_mut(&mut net, "dual").nat = NatMode::None;
    assert_errors(
        &net,
        &[(
            Code::Dns64WithoutNat,
            r#"vpcs["dual"].subnet_groups["private"].ipv6.dns64"#,
            &["\"private\"", "\"dual\"", "no NAT gateway", "64:ff9b::/96"],
        )],
    );
}

#[test]
fn nf0907_dns64_on_an_isolated_tier() {
    let mut net = network();
    vpc_mut(&mut net, "dual")
        .subnet_groups
        .push(ipv6_only("db", Tier::Isolated, true));
    assert_errors(
        &net,
        &[(
            Code::Dns64WithoutNat,
            r#"vpcs["dual"].subnet_groups["db"].ipv6.dns64"#,
            &["\"db\"", "isolated", "64:ff9b::/96"],
        )],
    );
}

// ---- NF0908 IPv6 shapes that cannot work ----

#[test]
fn nf0908_ipv6_only_public_groups_with_nat() {
    let net = builder()
        .vpc(
            Vpc::builder("v6only", "prod", "us-east-1")
                .ipam("prod-use1", 24)
                .ipv6()
                .azs(USE1)
                .ipv6_only_subnets("public", Tier::Public, 64)
                .ipv6_only_subnets("private", Tier::Private, 64)
                .nat(NatMode::PerAz),
        )
        .build();
    assert_errors(
        &net,
        &[(
            Code::Ipv6Shape,
            r#"vpcs["v6only"].nat"#,
            &["\"v6only\"", "(public)", "IPv6-only", "IPv4 address"],
        )],
    );
}

#[test]
fn nf0908_ipv6_subnets_without_a_vpc_ipv6_block() {
    let mut net = network();
    vpc_mut(&mut net, "dual").ipv6 = None;
    assert_errors(
        &net,
        &[
            (
                Code::Ipv6Shape,
                r#"vpcs["dual"].subnet_groups["public"].ipv6"#,
                &["\"public\"", "\"dual\"", "no IPv6 block"],
            ),
            (
                Code::Ipv6Shape,
                r#"vpcs["dual"].subnet_groups["private"].ipv6"#,
                &["\"private\"", "\"dual\"", "no IPv6 block"],
            ),
        ],
    );
}

#[test]
fn nf0908_ipv6_only_transit_group() {
    let mut net = network();
    vpc_mut(&mut net, "dual")
        .subnet_groups
        .push(ipv6_only("transit", Tier::Transit, false));
    assert_errors(
        &net,
        &[(
            Code::Ipv6Shape,
            r#"vpcs["dual"].subnet_groups["transit"].size"#,
            &["\"transit\"", "IPv6-only", "transit subnets need IPv4"],
        )],
    );
}

#[test]
fn nf0908_group_without_ipv4_or_ipv6() {
    let mut net = network();
    vpc_mut(&mut net, "dual").subnet_groups[1].ipv6 = None;
    assert_errors(
        &net,
        &[(
            Code::Ipv6Shape,
            r#"vpcs["dual"].subnet_groups["private"].size"#,
            &["\"private\"", "no IPv4 CIDR and no IPv6 block"],
        )],
    );
}

#[test]
fn nf0908_transit_gateway_attachment_in_an_ipv6_only_group() {
    let net = builder()
        .transit_gateway(
            TransitGateway::builder("hub", "network", "us-east-1")
                .share_with("prod")
                .route_table("spokes", NO_ROUTES)
                .attach("dual", "private", "spokes", |a| a),
        )
        .build();
    // The group is also not a dedicated transit group (NF0605); an IPv6-only transit group
    // is NF0908 on its own (below).
    assert_errors(
        &net,
        &[
            (
                Code::Ipv6Shape,
                r#"transit_gateways["hub"].attachments["dual"].subnet_group"#,
                &[
                    "Transit Gateway attachment",
                    "\"dual\"",
                    "\"private\"",
                    "IPv6-only",
                ],
            ),
            (
                Code::AttachmentSubnets,
                r#"transit_gateways["hub"].attachments["dual"].subnet_group"#,
                &["\"private\"", "not a dedicated transit group"],
            ),
        ],
    );
}

#[test]
fn nf0908_resolver_endpoint_in_an_ipv6_only_group() {
    let net = builder()
        .dns(|d| d.outbound_endpoint("out", "dual", "private", |e| e))
        .build();
    assert_errors(
        &net,
        &[(
            Code::Ipv6Shape,
            r#"dns.endpoints["out"].subnet_group"#,
            &["Resolver endpoint", "\"dual\"", "\"private\"", "IPv6-only"],
        )],
    );
}

// ---- NF0909 unknown pools ----

#[test]
fn nf0909_unknown_pool() {
    let net = builder()
        .vpc(use1("lost").ipam("prod-us-east-1", 20))
        .build();
    assert_errors(
        &net,
        &[(
            Code::UnknownPool,
            r#"vpcs["lost"].cidr.pool"#,
            &["\"lost\"", "\"prod-us-east-1\"", "does not exist"],
        )],
    );
    let help = diagnostics(&net)
        .iter()
        .next()
        .unwrap()
        .help
        .clone()
        .unwrap();
    assert!(help.contains("prod-use1"), "{help}");
}

#[test]
fn nf0909_unknown_ipv6_pool() {
    let net = builder()
        .vpc(use1("lost").ipam("prod-use1", 22).ipv6_from_pool("v6", 56))
        .build();
    assert_errors(
        &net,
        &[(
            Code::UnknownPool,
            r#"vpcs["lost"].ipv6.pool"#,
            &["\"lost\"", "\"v6\"", "does not exist"],
        )],
    );
}

#[test]
fn nf0909_ipv4_vpc_naming_an_ipv6_pool() {
    let net = with_pool(
        IpamPool::builder("v6-use1", V6)
            .amazon(52)
            .locale("us-east-1")
            .share_with("prod"),
    )
    .vpc(use1("mixed").ipam("v6-use1", 20))
    .build();
    assert_errors(
        &net,
        &[(
            Code::UnknownPool,
            r#"vpcs["mixed"].cidr.pool"#,
            &["\"mixed\"", "ipv4 block", "\"v6-use1\"", "an ipv6 pool"],
        )],
    );
}

#[test]
fn nf0909_ipv6_block_from_an_ipv4_pool() {
    let net = builder()
        .vpc(
            use1("mixed")
                .ipam("prod-use1", 22)
                .ipv6_from_pool("prod-use1", 56),
        )
        .build();
    assert_errors(
        &net,
        &[(
            Code::UnknownPool,
            r#"vpcs["mixed"].ipv6.pool"#,
            &["\"mixed\"", "ipv6 block", "\"prod-use1\"", "an ipv4 pool"],
        )],
    );
}

#[test]
fn nf0909_offline_ipv4_allocation_from_an_ipv6_pool() {
    let net = with_pool(
        IpamPool::builder("v6-use1", V6)
            .amazon(52)
            .locale("us-east-1")
            .share_with("prod"),
    )
    .vpc(use1("mixed").allocate("v6-use1", 20))
    .build();
    assert_errors(
        &net,
        &[(
            Code::UnknownPool,
            r#"vpcs["mixed"].cidr.block"#,
            &["\"mixed\"", "ipv4 block", "\"v6-use1\"", "an ipv6 pool"],
        )],
    );
}

#[test]
fn nf0111_offline_allocation_from_neither_a_block_nor_a_pool() {
    let net = builder()
        .vpc(use1("lost").allocate("prod-use-1", 20))
        .build();
    assert_errors(
        &net,
        &[(
            Code::UnknownBlock,
            r#"vpcs["lost"].cidr.block"#,
            &["\"lost\"", "\"prod-use-1\""],
        )],
    );
    let help = diagnostics(&net)
        .iter()
        .next()
        .unwrap()
        .help
        .clone()
        .unwrap();
    assert!(help.contains("prod-use1"), "{help}");
}

#[test]
fn nf0909_parent_declared_after_its_child() {
    let net = with_ipam(
        ipam()
            .pool(IpamPool::builder("child", V4).parent("late").allocate(20))
            .pool(IpamPool::builder("late", V4).parent("use1").allocate(16)),
    )
    .build();
    assert_errors(
        &net,
        &[(
            Code::UnknownPool,
            r#"ipam.pools["child"].parent"#,
            &["\"child\"", "\"late\"", "declared after it"],
        )],
    );
}

#[test]
fn nf0909_parent_that_does_not_exist() {
    let net = with_pool(
        IpamPool::builder("child", V4)
            .parent("nowhere")
            .allocate(20),
    )
    .build();
    assert_errors(
        &net,
        &[(
            Code::UnknownPool,
            r#"ipam.pools["child"].parent"#,
            &["\"child\"", "\"nowhere\"", "does not exist"],
        )],
    );
}

#[test]
fn nf0909_parent_in_another_scope() {
    // A child of an Amazon-provided pool is in the public scope too (`.public()`).
    let net = with_ipam(
        ipam()
            .pool(IpamPool::builder("v6", V6).amazon(48).locale("us-east-1"))
            .pool(
                IpamPool::builder("v6-prod", V6)
                    .parent("v6")
                    .allocate(52)
                    .locale("us-east-1"),
            ),
    )
    .build();
    assert_errors(
        &net,
        &[(
            Code::UnknownPool,
            r#"ipam.pools["v6-prod"].parent"#,
            &[
                "\"v6-prod\"",
                "(ipv6, private scope)",
                "\"v6\"",
                "(ipv6, public scope)",
            ],
        )],
    );
}

#[test]
fn nf0909_parent_of_another_family() {
    let net = with_pool(IpamPool::builder("v6", V6).parent("use1").allocate(48)).build();
    assert_errors(
        &net,
        &[(
            Code::UnknownPool,
            r#"ipam.pools["v6"].parent"#,
            &["\"v6\" (ipv6", "\"use1\" (ipv4"],
        )],
    );
}

// ---- NF0910 pools and IPAMs that cannot be built ----

#[test]
fn nf0910_top_level_pool_that_allocates() {
    let net = with_pool(IpamPool::builder("floating", V4).allocate(12)).build();
    assert_errors(
        &net,
        &[(
            Code::PoolShape,
            r#"ipam.pools["floating"].cidr.allocated"#,
            &["top-level", "\"floating\"", "/12", "no parent"],
        )],
    );
}

#[test]
fn nf0910_amazon_pool_for_ipv4() {
    let net = with_pool(IpamPool::builder("pub", V4).amazon(52).locale("us-east-1")).build();
    assert_errors(
        &net,
        &[(
            Code::PoolShape,
            r#"ipam.pools["pub"].cidr.amazon"#,
            &["\"pub\"", "Amazon", "ipv4"],
        )],
    );
}

#[test]
fn nf0910_amazon_block_outside_40_to_52() {
    for netmask in [39u8, 56] {
        let net = with_pool(
            IpamPool::builder("v6", V6)
                .amazon(netmask)
                .locale("us-east-1"),
        )
        .build();
        assert_errors(
            &net,
            &[(
                Code::PoolShape,
                r#"ipam.pools["v6"].cidr.amazon"#,
                &["\"v6\"", &format!("/{netmask}"), "/40 to /52"],
            )],
        );
    }
}

#[test]
fn nf0910_amazon_block_for_a_child_pool() {
    let net = with_ipam(
        ipam()
            .pool(IpamPool::builder("v6", V6).amazon(48).locale("us-east-1"))
            .pool(
                IpamPool::builder("v6-child", V6)
                    .parent("v6")
                    .amazon(52)
                    .locale("us-east-1"),
            ),
    )
    .build();
    assert_errors(
        &net,
        &[(
            Code::PoolShape,
            r#"ipam.pools["v6-child"].cidr.amazon"#,
            &["\"v6-child\"", "child"],
        )],
    );
}

#[test]
fn nf0910_pinned_child_of_an_amazon_pool() {
    let net = with_ipam(
        ipam()
            .pool(IpamPool::builder("v6", V6).amazon(48).locale("us-east-1"))
            .pool(
                IpamPool::builder("v6-child", V6)
                    .parent("v6")
                    .public()
                    .cidr("2600:1f00::/52")
                    .locale("us-east-1"),
            ),
    )
    .build();
    assert_errors(
        &net,
        &[(
            Code::PoolShape,
            r#"ipam.pools["v6-child"].cidr.pinned"#,
            &["\"v6-child\"", "2600:1f00::/52", "\"v6\"", "deploy time"],
        )],
    );
}

#[test]
fn nf0910_private_ipv6_pool_outside_unique_local_space() {
    for cidr in [
        "2001:db8::/32",
        "fd00::/16",
        "fd00:1::/32",
        "fd00::/8",
        "fc00::/8",
    ] {
        let net = with_pool(IpamPool::builder("ula", V6).cidr(cidr)).build();
        assert_errors(
            &net,
            &[(
                Code::PoolShape,
                r#"ipam.pools["ula"].cidr.pinned"#,
                &["\"ula\"", cidr, "fd00::/16"],
            )],
        );
    }
}

#[test]
fn nf0910_the_whole_ipv6_space_as_a_pool() {
    // The largest block there is: reported, not a panic.
    let net = with_pool(IpamPool::builder("all", V6).cidr("::/0")).build();
    assert_errors(
        &net,
        &[(
            Code::PoolShape,
            r#"ipam.pools["all"].cidr.pinned"#,
            &["\"all\"", "::/0"],
        )],
    );
}

#[test]
fn nf0910_ipam_in_a_workload_account() {
    let mut net = network();
    net.ipam.as_mut().unwrap().account = "prod".into();
    assert_errors(
        &net,
        &[(
            Code::PoolShape,
            "ipam.account",
            &["\"main\"", "\"prod\"", "workload account"],
        )],
    );
}

#[test]
fn nf0910_more_pools_than_the_scope_quota_is_a_warning() {
    // Five pools in the base; 46 more make pool number 51 of the private scope.
    let mut ipam = ipam();
    for i in 1..=46 {
        ipam = ipam.pool(
            IpamPool::builder(format!("p{i}"), V4)
                .parent("use1")
                .allocate(20),
        );
    }
    let net = with_ipam(ipam).build();
    assert_diags(
        &net,
        &[(
            W,
            Code::PoolShape,
            r#"ipam.pools["p46"]"#,
            &["\"p46\"", "number 51", "50 per scope"],
        )],
    );
}

#[test]
fn nf0616_pool_shared_with_a_malformed_principal() {
    let mut net = network();
    pool_mut(&mut net, "prod-use1")
        .share_with
        .push("ou-1234".into());
    assert_errors(
        &net,
        &[(
            Code::RamPrincipal,
            r#"ipam.pools["prod-use1"].share_with[1]"#,
            &["pool \"prod-use1\"", "\"ou-1234\""],
        )],
    );
}

#[test]
fn nf0302_ipam_in_an_unknown_account() {
    let mut net = network();
    net.ipam.as_mut().unwrap().account = "netwrk".into();
    assert_errors(
        &net,
        &[(
            Code::UnknownAccount,
            "ipam.account",
            &["\"main\"", "\"netwrk\""],
        )],
    );
}

#[test]
fn nf0910_deeper_than_the_pool_depth_quota_is_a_warning() {
    // use1 is at depth 2: a chain of nine more under it makes the eleventh level.
    let mut ipam = ipam();
    let mut parent = "use1".to_string();
    for depth in 3..=11u8 {
        let name = format!("d{depth}");
        ipam = ipam.pool(
            IpamPool::builder(&name, V4)
                .parent(&parent)
                .allocate(12 + depth),
        );
        parent = name;
    }
    let net = with_ipam(ipam).build();
    assert_diags(
        &net,
        &[(
            W,
            Code::PoolShape,
            r#"ipam.pools["d11"].parent"#,
            &["\"d11\"", "11 pools deep", "10"],
        )],
    );
    assert!(net.validate().is_ok());
}

// ---- NF0911 unmanaged CIDRs in a pool ----

#[test]
fn nf0911_pinned_vpc_inside_a_pool_is_a_warning() {
    let net = builder()
        .vpc(use1("legacy").cidr("10.0.240.0/20"))
        .vpc(use1("after").allocate("prod-use1", 20))
        .build();
    assert_diags(
        &net,
        &[(
            W,
            Code::UnmanagedInPool,
            r#"vpcs["legacy"].cidr"#,
            &["\"legacy\"", "10.0.240.0/20", "\"prod-use1\""],
        )],
    );
    let valid = net.validate().expect("a warning only");
    // The pool avoids the pinned CIDR, and counts it as used.
    assert_eq!(vpc_cidrs(&valid)[6], "10.0.48.0/20");
    assert_eq!(
        pool_plan(&valid, "prod-use1").used,
        4096 + 1024 + 4096 + 4096 + 4096
    );
}

#[test]
fn nf0911_pinned_vpc_in_a_pool_without_locale_is_fine() {
    // `top` hands space only to pools: a VPC pinned outside the regional pools is no risk.
    let net = builder().vpc(use1("legacy").cidr("10.200.0.0/16")).build();
    let valid = assert_clean(&net);
    assert_eq!(pool_plan(&valid, "top").used, (2 << 20) + (1 << 16));
}

#[test]
fn pinned_child_pools_count_as_used_in_their_parent() {
    let net = with_pool(
        IpamPool::builder("dev-use1", V4)
            .parent("use1")
            .cidr("10.1.0.0/16")
            .locale("us-east-1"),
    )
    .build();
    let valid = assert_clean(&net);
    let use1 = pool_plan(&valid, "use1");
    assert_eq!(use1.used, 2 << 16);
    assert_eq!(
        use1.allocations
            .last()
            .map(|a| (&a.holder, a.cidr.map(|c| c.to_string()))),
        Some((
            &Holder::Pool("dev-use1".into()),
            Some("10.1.0.0/16".to_string())
        ))
    );
}

// ---- NF0912 required tags ----

#[test]
fn nf0912_vpc_without_the_tags_the_pool_requires() {
    let mut net = network();
    pool_mut(&mut net, "prod-euw1")
        .rules
        .required_tags
        .insert("env".into(), "prod".into());
    vpc_mut(&mut net, "web")
        .tags
        .insert("env".into(), "prod".into());
    vpc_mut(&mut net, "batch")
        .tags
        .insert("env".into(), "dev".into());
    assert_errors(
        &net,
        &[(
            Code::PoolTags,
            r#"vpcs["batch"].cidr.pool"#,
            &["\"batch\"", "\"prod-euw1\"", "env=prod"],
        )],
    );
}

#[test]
fn nf0912_network_tags_count_and_offline_allocations_are_checked() {
    let mut net = network();
    pool_mut(&mut net, "prod-euw1")
        .rules
        .required_tags
        .insert("cost-center".into(), "42".into());
    pool_mut(&mut net, "prod-euw1")
        .rules
        .required_tags
        .insert("env".into(), "prod".into());
    net.tags.insert("cost-center".into(), "42".into());
    vpc_mut(&mut net, "batch")
        .tags
        .insert("env".into(), "prod".into());
    assert_errors(
        &net,
        &[(
            Code::PoolTags,
            r#"vpcs["web"].cidr.block"#,
            &["\"web\"", "\"prod-euw1\"", "env=prod"],
        )],
    );
    let message = diagnostics(&net).iter().next().unwrap().message.clone();
    assert!(!message.contains("cost-center"), "{message}");
}

// ---- NF0609 pools not shared ----

#[test]
fn nf0609_workload_vpc_from_a_pool_not_shared_with_it() {
    let net = builder()
        .account("dev", "333333333333")
        .vpc(
            Vpc::builder("devapp", "dev", "us-east-1")
                .azs(USE1)
                .subnets("private", Tier::Private, 24)
                .ipam("prod-use1", 20),
        )
        .vpc(
            Vpc::builder("devweb", "dev", "eu-west-1")
                .azs(EUW1)
                .subnets("private", Tier::Private, 24)
                .allocate("prod-euw1", 20),
        )
        .build();
    assert_errors(
        &net,
        &[
            (
                Code::NotShared,
                r#"vpcs["devapp"].cidr.pool"#,
                &["\"devapp\"", "\"dev\"", "\"prod-use1\"", "\"network\""],
            ),
            (
                Code::NotShared,
                r#"vpcs["devweb"].cidr.block"#,
                &["\"devweb\"", "\"dev\"", "\"prod-euw1\""],
            ),
        ],
    );
}

#[test]
fn nf0609_ipv6_pool_not_shared() {
    let net = with_pool(
        IpamPool::builder("v6-use1", V6)
            .amazon(52)
            .locale("us-east-1"),
    )
    .vpc(
        use1("v6")
            .ipam("prod-use1", 22)
            .ipv6_from_pool("v6-use1", 56),
    )
    .build();
    assert_errors(
        &net,
        &[(
            Code::NotShared,
            r#"vpcs["v6"].ipv6.pool"#,
            &["\"v6\"", "\"prod\"", "\"v6-use1\""],
        )],
    );
}

#[test]
fn pools_shared_with_the_organization_or_used_by_the_owner_need_no_account_share() {
    let mut net = builder()
        .vpc(
            Vpc::builder("shared", "network", "us-east-1")
                .azs(USE1)
                .subnets("private", Tier::Private, 24)
                .ipam("prod-use1", 20),
        )
        .build();
    pool_mut(&mut net, "prod-euw1").share_with =
        vec!["arn:aws:organizations::111111111111:organization/o-abcd1234ef".into()];
    // An account id works as well as the alias.
    pool_mut(&mut net, "prod-use1").share_with = vec!["222222222222".into()];
    assert_clean(&net);
}

#[test]
fn nf0910_an_ip_block_named_like_a_pool() {
    // `.allocate(name, ..)` would take from the IP block when a block and a pool share the
    // name: refused, and the pool's shares are not checked for such VPCs (no NF0609).
    let net = builder()
        .ip_block("prod-use1", "192.168.0.0/16")
        .account("dev", "333333333333")
        .vpc(
            Vpc::builder("devapp", "dev", "us-east-1")
                .azs(USE1)
                .subnets("private", Tier::Private, 24)
                .allocate("prod-use1", 20),
        )
        .build();
    assert_errors(
        &net,
        &[(
            Code::PoolShape,
            r#"ipam.pools["prod-use1"]"#,
            &["\"prod-use1\"", "IP block"],
        )],
    );
}

// ---- all at once ----

#[test]
fn every_problem_is_reported_at_once() {
    let mut net = with_pool(
        IpamPool::builder("dev-use1", V4)
            .parent("use1")
            .cidr("10.200.0.0/16")
            .locale("us-east-1"),
    )
    .vpc(euw1("far").ipam("prod-use1", 20))
    .build();
    vpc_mut(&mut net, "dual").nat = NatMode::None;
    assert_errors(
        &net,
        &[
            (
                Code::PoolOutsideParent,
                r#"ipam.pools["dev-use1"].cidr.pinned"#,
                &["10.200.0.0/16", "10.0.0.0/12"],
            ),
            (
                Code::PoolLocale,
                r#"vpcs["far"].cidr.pool"#,
                &["eu-west-1", "us-east-1"],
            ),
            (
                Code::Dns64WithoutNat,
                r#"vpcs["dual"].subnet_groups["private"].ipv6.dns64"#,
                &["\"dual\""],
            ),
        ],
    );
}
