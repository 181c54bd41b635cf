//! IP address management rules that need no plan: where the IPAM lives, its pools' locales,
//! allocation rules, scopes, quotas and shares; and the IPv6 settings of VPCs and subnet
//! groups that cannot work (IPv6 subnets without a VPC block, DNS64 without a NAT64 route,
//! IPv6-only subnets where something needs IPv4). CIDRs, containment, overlaps and
//! exhaustion are the planner's (`plan::pools`).

use super::share::{check_principals, covers};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::ipam::{AddressFamily, Ipam, IpamPool, IpamScope, PoolCidr};
use crate::model::{AccountRole, NatMode, Network, Tier, Vpc, VpcCidr, VpcIpv6};
use crate::path::Path;
use crate::region::region;
use indexmap::IndexMap;
use ipnet::Ipv6Net;

/// "Pool depth (the number of pools within pools) 10", adjustable ("Quotas for your IPAM",
/// Amazon VPC IPAM User Guide).
pub(crate) const MAX_POOL_DEPTH: usize = 10;
/// "Pools per scope 50", adjustable (same page).
pub(crate) const MAX_POOLS_PER_SCOPE: usize = 50;

pub(super) fn check(network: &Network, diags: &mut Diagnostics) {
    if let Some(ipam) = &network.ipam {
        check_placement(network, ipam, diags);
        check_pools(network, ipam, diags);
        check_vpc_shares(network, ipam, diags);
        check_mixed_pools(network, ipam, diags);
    }
    for vpc in &network.vpcs {
        check_ipv6(vpc, diags);
    }
    check_ipv4_users(network, diags);
}

fn ipam_path() -> Path {
    Path::root().field("ipam")
}

/// The IPAM belongs to the network account, in one of its own operating regions.
fn check_placement(network: &Network, ipam: &Ipam, diags: &mut Diagnostics) {
    let path = ipam_path();
    match network.account(&ipam.account) {
        None => diags.push(
            Diagnostic::error(
                Code::UnknownAccount,
                path.field("account"),
                format!(
                    "ipam {:?} names account {:?}, which the network does not declare",
                    ipam.name, ipam.account
                ),
            )
            .with_help("use the network account's alias"),
        ),
        Some(account) if account.role != AccountRole::Network => diags.push(
            Diagnostic::error(
                Code::PoolShape,
                path.field("account"),
                format!(
                    "ipam {:?} is in account {:?}, a workload account",
                    ipam.name, ipam.account
                ),
            )
            .with_help("put the IPAM in the network account and delegate IPAM administration to it (AWS guidance: \"delegate the administration of Amazon VPC IP Address Manager (IPAM) to your Network account\")"),
        ),
        Some(_) => {}
    }
    let mut seen: Vec<&str> = Vec::new();
    for (i, name) in ipam.operating_regions.iter().enumerate() {
        let at = path.field("operating_regions").index(i);
        if region(name).is_none() {
            diags.push(
                Diagnostic::error(
                    Code::UnknownRegion,
                    at,
                    format!(
                        "ipam {:?} operates in {name:?}, which is not an AWS region netform knows",
                        ipam.name
                    ),
                )
                .with_help("use a region code such as us-east-1"),
            );
        } else if seen.contains(&name.as_str()) {
            diags.push(
                Diagnostic::error(
                    Code::PoolLocale,
                    at,
                    format!("ipam {:?} lists operating region {name} twice", ipam.name),
                )
                .with_help("list each operating region once"),
            );
        }
        seen.push(name);
    }
    if !ipam.operating_regions.contains(&ipam.region) {
        diags.push(
            Diagnostic::error(
                Code::PoolLocale,
                path.field("region"),
                format!(
                    "ipam {:?} is created in {}, which is not one of its operating regions ({})",
                    ipam.name,
                    ipam.region,
                    ipam.operating_regions.join(", ")
                ),
            )
            .with_help("the IPAM's home region must be an operating region"),
        );
    }
}

/// Each pool's locale, scope, family, rules and shares; the pool quotas.
fn check_pools(network: &Network, ipam: &Ipam, diags: &mut Diagnostics) {
    let mut depth: IndexMap<&str, usize> = IndexMap::new();
    let mut per_scope: IndexMap<IpamScope, usize> = IndexMap::new();
    for pool in &ipam.pools {
        let path = ipam_path().field("pools").key(&pool.name);
        check_locale(ipam, pool, &path, diags);
        check_rules(pool, &path, diags);
        check_scope(pool, &path, diags);
        check_principals(
            network,
            &format!("pool {:?}", pool.name),
            &pool.share_with,
            &path.field("share_with"),
            diags,
        );
        let level = pool
            .parent
            .as_deref()
            .and_then(|p| depth.get(p))
            .map_or(1, |d| d + 1);
        depth.entry(&pool.name).or_insert(level);
        if level == MAX_POOL_DEPTH + 1 {
            diags.push(
                Diagnostic::warning(
                    Code::PoolShape,
                    path.field("parent"),
                    format!(
                        "pool {:?} is {level} pools deep; IPAM allows {MAX_POOL_DEPTH} unless the quota is raised",
                        pool.name
                    ),
                )
                .with_help("flatten the hierarchy, or ask AWS to raise \"Pool depth\" (L-047C0565)"),
            );
        }
        let count = per_scope.entry(pool.scope).or_insert(0);
        *count += 1;
        if *count == MAX_POOLS_PER_SCOPE + 1 {
            diags.push(
                Diagnostic::warning(
                    Code::PoolShape,
                    path.clone(),
                    format!(
                        "pool {:?} is pool number {count} of its scope; IPAM allows {MAX_POOLS_PER_SCOPE} per scope unless the quota is raised",
                        pool.name
                    ),
                )
                .with_help("ask AWS to raise \"Pools per scope\" (L-7319AFC3)"),
            );
        }
    }
}

/// "If you choose an AWS Region for locale that has not been configured as an operating
/// Region for the IPAM, you'll get an error" (EC2 API reference, `IpamPool.Locale`).
fn check_locale(ipam: &Ipam, pool: &IpamPool, path: &Path, diags: &mut Diagnostics) {
    if let Some(locale) = &pool.locale {
        if !ipam.operating_regions.contains(locale) {
            diags.push(
                Diagnostic::error(
                    Code::PoolLocale,
                    path.field("locale"),
                    format!(
                        "pool {:?} has locale {locale}, which is not an operating region of ipam {:?} ({})",
                        pool.name,
                        ipam.name,
                        ipam.operating_regions.join(", ")
                    ),
                )
                .with_help(format!("add {locale} to the IPAM's operating regions")),
            );
        }
    }
    if matches!(pool.cidr, PoolCidr::Amazon(_)) && pool.locale.is_none() {
        diags.push(
            Diagnostic::error(
                Code::PoolLocale,
                path.field("locale"),
                format!("pool {:?} takes an Amazon-provided IPv6 block but has no locale", pool.name),
            )
            .with_help("\"When you provision an Amazon-provided IPv6 CIDR block to a pool, it must be provisioned to a pool with a locale\": set one"),
        );
    }
}

/// Netmasks within the family, and "The minimum netmask length must be less than the
/// maximum netmask length" (EC2 API reference, `CreateIpamPool`), with the default between.
fn check_rules(pool: &IpamPool, path: &Path, diags: &mut Diagnostics) {
    let rules = &pool.rules;
    let width = match pool.family {
        AddressFamily::Ipv4 => 32,
        AddressFamily::Ipv6 => 128,
    };
    let path = path.field("rules");
    let mut bad = |field: &'static str, message: String| {
        diags.push(
            Diagnostic::error(Code::AllocationRule, path.field(field), message).with_help(
                "set min_netmask < max_netmask, with default_netmask between them, all within the family",
            ),
        );
    };
    for (field, value) in [
        ("min_netmask", rules.min_netmask),
        ("default_netmask", rules.default_netmask),
        ("max_netmask", rules.max_netmask),
    ] {
        if let Some(value) = value.filter(|v| *v > width) {
            bad(
                field,
                format!(
                    "pool {:?} has a {field} of /{value}, beyond an {} address's {width} bits",
                    pool.name,
                    pool.family.as_str()
                ),
            );
        }
    }
    if let (Some(min), Some(max)) = (rules.min_netmask, rules.max_netmask) {
        if min >= max {
            bad(
                "max_netmask",
                format!(
                    "pool {:?} has min_netmask /{min} and max_netmask /{max}; the minimum must be less than the maximum",
                    pool.name
                ),
            );
        }
    }
    if let Some(default) = rules.default_netmask {
        let low = rules.min_netmask.is_some_and(|min| default < min);
        let high = rules.max_netmask.is_some_and(|max| default > max);
        if low || high {
            bad(
                "default_netmask",
                format!(
                    "pool {:?} has default_netmask /{default}, outside its rules (/{} to /{})",
                    pool.name,
                    rules.min_netmask.unwrap_or(0),
                    rules.max_netmask.unwrap_or(width)
                ),
            );
        }
    }
}

/// Scopes netform builds: IPv4 and private IPv6 (ULA) in the private scope, Amazon-provided
/// IPv6 in the public scope. "Valid IPv6 ULA space is anything under fd00::/8 that does not
/// overlap with the Amazon reserved range fd00::/16" (IPAM User Guide, "Enable provisioning
/// private IPv6 GUA CIDRs"); private GUA needs an IPAM option netform does not set.
fn check_scope(pool: &IpamPool, path: &Path, diags: &mut Diagnostics) {
    // An Amazon block asked for an IPv4 pool is the planner's to report (NF0910 at
    // `cidr.amazon`): `.amazon(..)` is what put the pool in the public scope.
    if pool.scope == IpamScope::Public
        && pool.family == AddressFamily::Ipv4
        && !matches!(pool.cidr, PoolCidr::Amazon(_))
    {
        diags.push(
            Diagnostic::error(
                Code::PoolShape,
                path.field("scope"),
                format!("pool {:?} is an IPv4 pool in the public scope", pool.name),
            )
            .with_help(
                "netform builds public pools for Amazon-provided IPv6 only; BYOIP is not modelled",
            ),
        );
    }
    let ula: Ipv6Net = "fd00::/8".parse().expect("a valid CIDR");
    let reserved: Ipv6Net = "fd00::/16".parse().expect("a valid CIDR");
    if let (AddressFamily::Ipv6, IpamScope::Private, None, PoolCidr::Pinned(text)) =
        (pool.family, pool.scope, &pool.parent, &pool.cidr)
    {
        if let Ok(net) = text.parse::<Ipv6Net>() {
            if !ula.contains(&net) || net.contains(&reserved) || reserved.contains(&net) {
                diags.push(
                    Diagnostic::error(
                        Code::PoolShape,
                        path.field("cidr").field("pinned"),
                        format!(
                            "private IPv6 pool {:?} is {net}, which is not unique local space outside fd00::/16",
                            pool.name
                        ),
                    )
                    .with_help("pin a ULA block under fd00::/8 but outside the Amazon-reserved fd00::/16, such as fd12:3456::/40"),
                );
            }
        }
    }
}

/// A pool that gives space to child pools and to VPCs whose CIDRs netform plans: pools are
/// planned before VPCs, so a child pool added later takes the space of VPCs planned before
/// it, which moves them (a replaced VPC). A name shared by a pool and an IP block: VPCs
/// allocated by that name take from the block.
fn check_mixed_pools(network: &Network, ipam: &Ipam, diags: &mut Diagnostics) {
    let parents: Vec<&str> = ipam
        .pools
        .iter()
        .filter_map(|p| p.parent.as_deref())
        .collect();
    let mut warned: Vec<&str> = Vec::new();
    for vpc in &network.vpcs {
        let VpcCidr::Allocated { block, .. } = &vpc.cidr else {
            continue;
        };
        if network.ip_blocks.iter().any(|b| b.name == *block)
            || !parents.contains(&block.as_str())
            || warned.contains(&block.as_str())
        {
            continue;
        }
        warned.push(block);
        diags.push(
            Diagnostic::warning(
                Code::PoolShape,
                ipam_path().field("pools").key(block),
                format!(
                    "pool {block:?} gives space to child pools and to VPCs netform plans (vpc {:?} first): a child pool added later would move those VPCs",
                    vpc.name
                ),
            )
            .with_help("give VPCs their own leaf pool, or let IPAM choose their CIDRs at deploy time (.ipam(pool, netmask))"),
        );
    }
    // IPAM does not know which block netform planned for a VPC until the VPC exists (and
    // CloudFormation records it only on import), so it may hand that block to a VPC it
    // places at deploy time from the same pool.
    for pool in &ipam.pools {
        let name = pool.name.as_str();
        let planned = network
            .vpcs
            .iter()
            .find(|v| matches!(&v.cidr, VpcCidr::Allocated { block, .. } if block == name));
        let placed = network
            .vpcs
            .iter()
            .find(|v| matches!(&v.cidr, VpcCidr::Ipam { pool, .. } if pool == name));
        if let (Some(planned), Some(placed)) = (planned, placed) {
            if network.ip_blocks.iter().any(|b| b.name == name) {
                continue;
            }
            diags.push(
                Diagnostic::warning(
                    Code::PoolShape,
                    ipam_path().field("pools").key(name),
                    format!(
                        "pool {name:?} gives vpc {:?} a CIDR netform plans and lets IPAM place vpc {:?} at deploy time: IPAM may give the planned block to the other VPC",
                        planned.name, placed.name
                    ),
                )
                .with_help("give planned and IPAM-placed VPCs separate pools"),
            );
        }
    }
    for pool in &ipam.pools {
        if network.ip_blocks.iter().any(|b| b.name == pool.name) {
            diags.push(
                Diagnostic::error(
                    Code::PoolShape,
                    ipam_path().field("pools").key(&pool.name),
                    format!(
                        "pool {:?} has the name of an IP block: VPCs allocated by that name would take from the block",
                        pool.name
                    ),
                )
                .with_help("rename the pool or the IP block"),
            );
        }
    }
}

/// A VPC in another account than the IPAM's allocates from a pool shared with it.
fn check_vpc_shares(network: &Network, ipam: &Ipam, diags: &mut Diagnostics) {
    for vpc in &network.vpcs {
        let path = Path::root().field("vpcs").key(&vpc.name);
        let pools = [
            match &vpc.cidr {
                VpcCidr::Ipam { pool, .. } => Some((pool, path.field("cidr").field("pool"))),
                // A name that is an IP block and a pool is the IP block (as the planner reads it).
                VpcCidr::Allocated { block, .. }
                    if ipam.pool(block).is_some()
                        && !network.ip_blocks.iter().any(|b| b.name == *block) =>
                {
                    Some((block, path.field("cidr").field("block")))
                }
                _ => None,
            },
            match &vpc.ipv6 {
                Some(VpcIpv6::Ipam { pool, .. }) => Some((pool, path.field("ipv6").field("pool"))),
                _ => None,
            },
        ];
        for (name, at) in pools.into_iter().flatten() {
            let Some(pool) = ipam.pool(name) else {
                continue; // the planner reports the unknown pool
            };
            let id = network.account(&vpc.account).map(|a| a.id.as_str());
            if !covers(&ipam.account, &pool.share_with, &vpc.account, id) {
                diags.push(
                    Diagnostic::error(
                        Code::NotShared,
                        at,
                        format!(
                            "vpc {:?} in account {:?} allocates from pool {name:?} of account {:?}, which is not shared with it",
                            vpc.name, vpc.account, ipam.account
                        ),
                    )
                    .with_help(format!(
                        "share the pool with the account, its OU or the organization (.share_with(\"{}\"))",
                        vpc.account
                    )),
                );
            }
        }
    }
}

/// The IPv6 settings of one VPC's subnet groups.
fn check_ipv6(vpc: &Vpc, diags: &mut Diagnostics) {
    let path = Path::root().field("vpcs").key(&vpc.name);
    for group in &vpc.subnet_groups {
        let at = path.field("subnet_groups").key(&group.name);
        let what = format!("subnet group {:?} of vpc {:?}", group.name, vpc.name);
        let Some(ipv6) = &group.ipv6 else {
            if group.ipv6_only() {
                diags.push(
                    Diagnostic::error(
                        Code::Ipv6Shape,
                        at.field("size"),
                        format!("{what} has no IPv4 CIDR and no IPv6 block: its subnets would have no addresses"),
                    )
                    .with_help("give the group an IPv4 size, or IPv6 (ipv6_only_subnets)"),
                );
            }
            continue;
        };
        if vpc.ipv6.is_none() {
            diags.push(
                Diagnostic::error(
                    Code::Ipv6Shape,
                    at.field("ipv6"),
                    format!("{what} has IPv6 subnets, but the VPC has no IPv6 block"),
                )
                .with_help("give the VPC an IPv6 block (.ipv6() for an Amazon-provided /56, or .ipv6_from_pool(pool, 56))"),
            );
        }
        if group.ipv6_only() && matches!(group.tier, Tier::Transit | Tier::Firewall) {
            diags.push(
                Diagnostic::error(
                    Code::Ipv6Shape,
                    at.field("size"),
                    format!("{what} is IPv6-only, but {} subnets need IPv4", group.tier.as_str()),
                )
                .with_help("\"You can't create a transit gateway attachment using IPv6-only subnets\" (Transit Gateway Guide); netform puts inspection endpoints in IPv4 or dual-stack subnets: make the group dual-stack"),
            );
        }
        if ipv6.dns64 {
            let routed =
                vpc.nat != NatMode::None && matches!(group.tier, Tier::Public | Tier::Private);
            if !routed {
                diags.push(
                    Diagnostic::error(
                        Code::Dns64WithoutNat,
                        at.field("ipv6").field("dns64"),
                        if vpc.nat == NatMode::None {
                            format!("{what} has DNS64, but vpc {:?} has no NAT gateway to route 64:ff9b::/96 to", vpc.name)
                        } else {
                            format!("{what} has DNS64, but its tier ({}) gets no 64:ff9b::/96 route to the NAT gateway", group.tier.as_str())
                        },
                    )
                    .with_help("DNS64 answers with 64:ff9b::/96 addresses that only a NAT gateway translates (NAT64): set nat to per-az or single on the VPC, on a public or private group; or turn DNS64 off"),
                );
            }
        }
    }
    // NAT gateways need an IPv4 address from their subnet: "configure a NAT gateway in a
    // public subnet ... with a 0.0.0.0/0 route pointing to the internet gateway" (Amazon VPC
    // User Guide, "DNS64 and NAT64").
    let publics: Vec<_> = vpc
        .subnet_groups
        .iter()
        .filter(|g| g.tier == Tier::Public)
        .collect();
    if vpc.nat != NatMode::None && !publics.is_empty() && publics.iter().all(|g| g.ipv6_only()) {
        diags.push(
            Diagnostic::error(
                Code::Ipv6Shape,
                path.field("nat"),
                format!(
                    "vpc {:?} asks for NAT gateways, but its public subnet groups ({}) are IPv6-only: a NAT gateway needs an IPv4 address",
                    vpc.name,
                    publics.iter().map(|g| g.name.as_str()).collect::<Vec<_>>().join(", ")
                ),
            )
            .with_help("make a public group dual-stack (dual_stack_subnets) to hold the NAT gateways"),
        );
    }
}

/// Subnet groups that hub attachments and Resolver endpoints use need IPv4 addresses.
fn check_ipv4_users(network: &Network, diags: &mut Diagnostics) {
    let tgw = network.transit_gateways.iter().flat_map(|t| {
        let path = Path::root().field("transit_gateways").key(&t.name);
        t.attachments.iter().map(move |a| {
            (
                &a.vpc,
                &a.subnet_group,
                path.field("attachments").key(&a.vpc).field("subnet_group"),
                "Transit Gateway attachment",
            )
        })
    });
    let cw = network.core_network.iter().flat_map(|c| {
        c.attachments.iter().map(|a| {
            (
                &a.vpc,
                &a.subnet_group,
                Path::root()
                    .field("core_network")
                    .field("attachments")
                    .key(&a.vpc)
                    .field("subnet_group"),
                "Cloud WAN attachment",
            )
        })
    });
    let endpoints = network.dns.endpoints.iter().map(|e| {
        (
            &e.vpc,
            &e.subnet_group,
            Path::root()
                .field("dns")
                .field("endpoints")
                .key(&e.name)
                .field("subnet_group"),
            "Resolver endpoint",
        )
    });
    // By name once, not a search per attachment: that was O(VPCs x attachments).
    let vpcs: IndexMap<&str, &Vpc> = network.vpcs.iter().map(|v| (v.name.as_str(), v)).collect();
    for (vpc_name, group_name, path, user) in tgw.chain(cw).chain(endpoints) {
        let Some(&vpc) = vpcs.get(vpc_name.as_str()) else {
            continue;
        };
        let Some(group) = vpc.subnet_groups.iter().find(|g| g.name == *group_name) else {
            continue;
        };
        if group.ipv6_only() {
            diags.push(
                Diagnostic::error(
                    Code::Ipv6Shape,
                    path,
                    format!(
                        "the {user} in vpc {vpc_name:?} uses subnet group {group_name:?}, which is IPv6-only",
                    ),
                )
                .with_help("netform gives attachments and Resolver endpoints IPv4 addresses: use a dual-stack or IPv4 group"),
            );
        }
    }
}
