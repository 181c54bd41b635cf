//! The IP plan of a validated network, as `netform plan-ip` prints it: the IPAM pool tree
//! with each pool's space used and free, the IP blocks with the VPCs allocated from them, the
//! VPCs with pinned CIDRs, and (with [`Options::subnets`]) every subnet's CIDRs per AZ.
//!
//! Both renderings come from one report built from the [`ValidNetwork`], so they carry the
//! same information; both are deterministic (model order, then address order; no hash maps).
//!
//! Where a block is placed:
//!
//! - a VPC allocated from an IPAM pool is listed under the pool, with its subnets; a VPC
//!   pinned or allocated from an IP block that lies inside a pool is listed under the deepest
//!   such pool too (IPAM does not record it, but the planner keeps its space out of the pool);
//! - a VPC allocated from an IP block is listed under the block, with the other VPCs whose
//!   CIDRs overlap the block (the block's free space is what none of them holds);
//! - a pinned VPC outside every IP block is listed under "vpcs with pinned CIDRs".
//!
//! Subnets of a VPC whose block IPAM chooses at deploy time follow the block: their CIDRs
//! are printed as planned (in JSON, the VPC's `at_deploy` says so).
//!
//! Children are sorted by address. IPv4 space is counted in addresses; IPv6 space in /64s
//! (a /56 VPC block is 256 of them), since no one counts IPv6 addresses. A block that IPAM or
//! Amazon chooses at deploy time is shown by size, with netform's planned block: the concrete
//! CIDR where the pool's CIDR is known (`/22 from IPAM at deploy (planned 10.0.4.0/22)`),
//! else, under an Amazon-provided block, which block of the pool it is, counting from 0
//! (`/56 (block 1 of the pool)`).

use ipnet::IpNet;
use netform_dsl::plan::{Holder, PoolPlan, VpcPlan};
use netform_dsl::{
    AddressFamily, Ipam, IpamPool, IpamScope, Network, PoolCidr, SubnetGroup, ValidNetwork, Vpc,
    VpcCidr, VpcIpv6,
};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::net::IpAddr;

/// What to include in the plan.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// List each VPC's subnet groups with their per-AZ IPv4 and IPv6 blocks.
    pub subnets: bool,
}

/// The plan as text: a tree per section, columns aligned, numbers with thousands separators.
/// Ends with a newline.
///
/// ```
/// use netform::dsl::{Network, Tier, Vpc};
/// use netform::plan_ip::{text, Options};
///
/// let network = Network::builder("acme")
///     .network_account("network", "111111111111")
///     .ip_block("main", "10.0.0.0/16")
///     .vpc(
///         Vpc::builder("app", "network", "us-east-1")
///             .allocate("main", 20)
///             .azs(["us-east-1a"])
///             .subnets("private", Tier::Private, 24),
///     )
///     .build();
/// let plan = text(&network.validate().unwrap(), Options::default());
/// assert_eq!(
///     plan,
///     "ip block main  10.0.0.0/16  used 4,096 of 65,536 (6.3%)  free 61,440\n\
///      └─ vpc app     10.0.0.0/20\n"
/// );
/// ```
pub fn text(valid: &ValidNetwork, options: Options) -> String {
    Report::new(valid, options).text()
}

/// The plan as one pretty-printed JSON document (keys in a fixed order), ending with a
/// newline: the same information as [`text`].
///
/// The document has `network` (its name); `ipam` (`null`, or its `name`, `account`,
/// `region`, `operating_regions` and the top-level `pools`); `ip_blocks`; and
/// `pinned_vpcs`. A pool has `kind: "pool"`, `name`, `family`, `scope`, `provisioned`
/// (`pinned`, `allocated` or `amazon`), `prefix`, `cidr` (`null` until deploy), `at_deploy`,
/// for a child pool `planned` and `index` (see below), `locale`, `rules`, `share_with`, the
/// space counts and its `children` (pools and VPCs, by address). An IP block has `name`,
/// `cidr`, the space counts and its `vpcs`.
///
/// The space counts: `unit` (`address`, or `/64` for IPv6 blocks of /64 or larger),
/// `size`, `used`, `free` (numbers, or strings of digits beyond 2^64 - 1) and `percent_used`
/// (to a tenth).
///
/// A VPC has `kind: "vpc"`, `name`, `account`, `region`, `family` (of the block listed
/// here), `source` (`ipam_pool`, `ip_block` or `pinned`) and `from` (the pool or block),
/// `prefix`, `cidr`; under a pool also `at_deploy`, `planned` (netform's planned block where
/// IPAM chooses at deploy and the pool's CIDR is known) and `index` (which block of its size
/// in the pool, from 0); a `note` where it is listed but its CIDR does not come from there.
/// Where its IPv4 CIDR comes from, also `ipv6` (`null`, or `source`, `from`, `prefix`,
/// `cidr`) and, with [`Options::subnets`], `subnet_groups` (`name`, `tier`, `ipv6_only`,
/// `dns64`, `subnets`: `az`, `ipv4`, `ipv6` as `prefix`, `index` in the VPC block, `cidr`).
pub fn json(valid: &ValidNetwork, options: Options) -> String {
    let mut text =
        serde_json::to_string_pretty(&Report::new(valid, options).json()).expect("JSON values");
    text.push('\n');
    text
}

// ---------------------------------------------------------------------------------------
// Blocks of either family, as address ranges.

/// A block's first address as a number.
fn first(net: IpNet) -> u128 {
    match net.network() {
        IpAddr::V4(a) => u128::from(u32::from(a)),
        IpAddr::V6(a) => u128::from(a),
    }
}

/// A block's last address as a number.
fn last(net: IpNet) -> u128 {
    match net.broadcast() {
        IpAddr::V4(a) => u128::from(u32::from(a)),
        IpAddr::V6(a) => u128::from(a),
    }
}

/// How many addresses a block holds (saturating at `u128::MAX` for `::/0`).
fn size(net: IpNet) -> u128 {
    (last(net) - first(net)).saturating_add(1)
}

/// The addresses two blocks of one family share, as a range.
fn overlap(a: IpNet, b: IpNet) -> Option<(u128, u128)> {
    if matches!(a, IpNet::V4(_)) != matches!(b, IpNet::V4(_)) {
        return None;
    }
    let (start, end) = (first(a).max(first(b)), last(a).min(last(b)));
    (start <= end).then_some((start, end))
}

/// How many addresses of `block` the `others` hold together (overlaps counted once).
fn covered(block: IpNet, others: impl IntoIterator<Item = IpNet>) -> u128 {
    let mut ranges: Vec<(u128, u128)> = others
        .into_iter()
        .filter_map(|b| overlap(block, b))
        .collect();
    ranges.sort_unstable();
    let mut total = 0u128;
    let mut reached: Option<u128> = None; // the last address counted so far
    for (start, last) in ranges {
        let start = match reached {
            Some(r) if r >= last => continue,
            Some(r) if r >= start => r + 1,
            _ => start,
        };
        total = total.saturating_add(last - start).saturating_add(1);
        reached = Some(last);
    }
    total
}

// ---------------------------------------------------------------------------------------
// Counting space.

/// What a pool's or block's space is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Addresses,
    /// /64 subnets (IPv6 blocks of /64 or larger).
    Slash64,
}

/// Space used out of a whole, in one unit.
#[derive(Debug, Clone, Copy)]
struct Usage {
    unit: Unit,
    size: u128,
    used: u128,
}

impl Usage {
    /// From address counts; IPv6 blocks of /64 or larger are counted in /64s (used rounded
    /// up, so that a partly used /64 does not count as free).
    fn new(family: AddressFamily, prefix: u8, size: u128, used: u128) -> Self {
        if family == AddressFamily::Ipv6 && prefix <= 64 {
            let per = 1u128 << 64;
            Usage {
                unit: Unit::Slash64,
                size: 1u128 << (64 - prefix),
                used: used / per + u128::from(used % per != 0),
            }
        } else {
            Usage {
                unit: Unit::Addresses,
                size,
                used,
            }
        }
    }

    fn free(self) -> u128 {
        self.size.saturating_sub(self.used)
    }

    /// Tenths of a percent used, rounded half up.
    fn permille(self) -> u128 {
        if self.size == 0 {
            return 0;
        }
        // Both are below 2^65 in practice (/64s of an IPv6 pool, IPv4 addresses); saturate
        // rather than overflow for the whole IPv6 space counted in addresses.
        (self.used.saturating_mul(1000) + self.size / 2) / self.size
    }

    fn percent_text(self) -> String {
        let permille = self.permille();
        if self.used > 0 && permille == 0 {
            "<0.1%".to_string()
        } else if self.used < self.size && permille >= 1000 {
            ">99.9%".to_string()
        } else {
            format!("{}.{}%", permille / 10, permille % 10)
        }
    }

    fn suffix(self) -> &'static str {
        match self.unit {
            Unit::Addresses => "",
            Unit::Slash64 => " /64s",
        }
    }

    fn used_text(self) -> String {
        format!(
            "used {} of {}{} ({})",
            thousands(self.used),
            thousands(self.size),
            self.suffix(),
            self.percent_text()
        )
    }

    fn free_text(self) -> String {
        format!("free {}{}", thousands(self.free()), self.suffix())
    }

    fn json_into(self, object: &mut Map<String, Value>) {
        let unit = match self.unit {
            Unit::Addresses => "address",
            Unit::Slash64 => "/64",
        };
        object.insert("unit".into(), unit.into());
        object.insert("size".into(), number(self.size));
        object.insert("used".into(), number(self.used));
        object.insert("free".into(), number(self.free()));
        // Tenths of a percent are exact in decimal; go through the text to keep them so.
        let percent: f64 = format!("{}.{}", self.permille() / 10, self.permille() % 10)
            .parse()
            .expect("a decimal");
        object.insert("percent_used".into(), percent.into());
    }
}

/// `n` with a comma every three digits.
fn thousands(n: u128) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A JSON number, or a string of digits beyond `u64` (JSON numbers lose precision there).
fn number(n: u128) -> Value {
    match u64::try_from(n) {
        Ok(n) => n.into(),
        Err(_) => n.to_string().into(),
    }
}

fn opt_string(value: Option<impl ToString>) -> Value {
    value.map_or(Value::Null, |v| v.to_string().into())
}

// ---------------------------------------------------------------------------------------
// The report.

/// Where a pool or VPC block sits in its parent pool.
#[derive(Debug, Clone, Copy)]
struct Place {
    prefix: u8,
    /// The block, where known before deploy.
    cidr: Option<IpNet>,
    /// Where IPAM or Amazon chooses the block at deploy time: netform's planned block, where
    /// the parent's CIDR is known.
    planned: Option<IpNet>,
    /// Which `/prefix` of the parent it is, counting from 0.
    index: u128,
    /// Its first address's offset in the parent (for sorting).
    offset: u128,
}

impl Place {
    fn text(self) -> String {
        match (self.cidr, self.planned) {
            (Some(cidr), _) => cidr.to_string(),
            (None, Some(planned)) => {
                format!("/{} from IPAM at deploy (planned {planned})", self.prefix)
            }
            // Under a block Amazon provides at deploy time, so everything below it is too.
            (None, None) => format!(
                "/{} (block {} of the pool)",
                self.prefix,
                thousands(self.index)
            ),
        }
    }

    fn json_into(self, object: &mut Map<String, Value>) {
        object.insert("prefix".into(), self.prefix.into());
        object.insert("cidr".into(), opt_string(self.cidr));
        object.insert("at_deploy".into(), self.cidr.is_none().into());
        object.insert("planned".into(), opt_string(self.planned));
        object.insert("index".into(), number(self.index));
    }
}

/// Where a VPC's IPv4 CIDR comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Source<'n> {
    Pool(&'n str),
    Block(&'n str),
    Pinned,
}

/// A VPC as listed under a pool, an IP block or the pinned VPCs.
struct VpcEntry<'n> {
    vpc: &'n Vpc,
    plan: &'n VpcPlan,
    family: AddressFamily,
    /// Its block: under a pool, where it sits there; elsewhere, its IPv4 CIDR.
    place: Place,
    /// Whether `place` is a pool's (the index and deploy-time fields mean something).
    in_pool: bool,
    source: Source<'n>,
    /// Why a VPC listed where its CIDR does not come from is there.
    note: Option<String>,
    /// Whether its IPv6 block and subnets are shown here (once per VPC, where its IPv4 CIDR
    /// comes from).
    detail: bool,
}

enum Child<'n> {
    Pool(PoolEntry<'n>),
    Vpc(VpcEntry<'n>),
}

impl Child<'_> {
    fn offset(&self) -> u128 {
        match self {
            Child::Pool(p) => p.place.map_or(0, |p| p.offset),
            Child::Vpc(v) => v.place.offset,
        }
    }
}

struct PoolEntry<'n> {
    pool: &'n IpamPool,
    plan: &'n PoolPlan,
    /// Where it sits in its parent; `None` for a top-level pool.
    place: Option<Place>,
    usage: Usage,
    children: Vec<Child<'n>>,
}

struct BlockEntry<'n> {
    name: &'n str,
    cidr: IpNet,
    usage: Usage,
    vpcs: Vec<VpcEntry<'n>>,
}

struct Report<'n> {
    network: &'n Network,
    ipam: Option<(&'n Ipam, Vec<PoolEntry<'n>>)>,
    blocks: Vec<BlockEntry<'n>>,
    pinned: Vec<VpcEntry<'n>>,
    subnets: bool,
}

/// The model and plan the report is built from, with look-ups by name.
struct Facts<'n> {
    network: &'n Network,
    plans: &'n [VpcPlan],
    pools: &'n [PoolPlan],
    vpcs_by_name: BTreeMap<&'n str, usize>,
    pools_by_name: BTreeMap<&'n str, usize>,
    /// Per pool, the VPCs whose CIDRs do not come from a pool that lie in it (and in no
    /// deeper pool), in model order.
    unmanaged: BTreeMap<usize, Vec<usize>>,
}

impl<'n> Facts<'n> {
    fn new(valid: &'n ValidNetwork) -> Self {
        let network = valid.network();
        let mut facts = Facts {
            network,
            plans: valid.plan(),
            pools: valid.pools(),
            vpcs_by_name: BTreeMap::new(),
            pools_by_name: BTreeMap::new(),
            unmanaged: BTreeMap::new(),
        };
        for (i, vpc) in network.vpcs.iter().enumerate() {
            facts.vpcs_by_name.entry(&vpc.name).or_insert(i);
        }
        for (i, pool) in network.ipam.iter().flat_map(|ipam| &ipam.pools).enumerate() {
            facts.pools_by_name.entry(&pool.name).or_insert(i);
        }
        for (i, vpc) in network.vpcs.iter().enumerate() {
            if matches!(facts.source(vpc), Source::Pool(_)) {
                continue;
            }
            if let Some(pool) = facts.deepest_pool(facts.vpc_block(i)) {
                facts.unmanaged.entry(pool).or_default().push(i);
            }
        }
        facts
    }

    fn vpc_block(&self, index: usize) -> IpNet {
        IpNet::V4(self.plans[index].cidr)
    }

    fn source(&self, vpc: &'n Vpc) -> Source<'n> {
        match &vpc.cidr {
            VpcCidr::Pinned(_) => Source::Pinned,
            VpcCidr::Allocated { block, .. }
                if self.network.ip_blocks.iter().any(|b| b.name == *block) =>
            {
                Source::Block(block)
            }
            VpcCidr::Allocated { block: pool, .. } | VpcCidr::Ipam { pool, .. } => {
                Source::Pool(pool)
            }
        }
    }

    /// The deepest IPv4 pool with a known CIDR that holds `block`.
    fn deepest_pool(&self, block: IpNet) -> Option<usize> {
        self.pools
            .iter()
            .enumerate()
            .filter_map(|(i, plan)| Some((i, plan.cidr?)))
            .filter(|(_, cidr)| cidr.contains(&block))
            .max_by_key(|(i, cidr)| (cidr.prefix_len(), *i))
            .map(|(i, _)| i)
    }
}

impl<'n> Report<'n> {
    fn new(valid: &'n ValidNetwork, options: Options) -> Self {
        let facts = Facts::new(valid);
        let ipam = facts.network.ipam.as_ref().map(|ipam| {
            let roots = ipam
                .pools
                .iter()
                .enumerate()
                .filter(|(i, pool)| pool.parent.is_none() && *i < facts.pools.len())
                .map(|(i, _)| pool_entry(&facts, ipam, i, None))
                .collect();
            (ipam, roots)
        });
        let blocks = block_entries(&facts);
        let pinned = pinned_entries(&facts, &blocks);
        Report {
            network: facts.network,
            ipam,
            blocks,
            pinned,
            subnets: options.subnets,
        }
    }
}

fn pool_entry<'n>(
    facts: &Facts<'n>,
    ipam: &'n Ipam,
    index: usize,
    place: Option<Place>,
) -> PoolEntry<'n> {
    let pool = &ipam.pools[index];
    let plan = &facts.pools[index];
    let base = plan.cidr;
    let width: u8 = match plan.family {
        AddressFamily::Ipv4 => 32,
        AddressFamily::Ipv6 => 128,
    };
    let mut children: Vec<Child<'n>> = Vec::new();
    for allocation in &plan.allocations {
        let (cidr, offset) = (allocation.cidr, allocation.offset);
        let shift = u32::from(width - allocation.prefix);
        let place = Place {
            prefix: allocation.prefix,
            cidr: cidr.filter(|_| !allocation.at_deploy),
            planned: cidr.filter(|_| allocation.at_deploy),
            index: offset.checked_shr(shift).unwrap_or(0),
            offset,
        };
        match &allocation.holder {
            Holder::Pool(name) => {
                if let Some(&child) = facts.pools_by_name.get(name.as_str()) {
                    children.push(Child::Pool(pool_entry(facts, ipam, child, Some(place))));
                }
            }
            Holder::Vpc(name) => {
                if let Some(&v) = facts.vpcs_by_name.get(name.as_str()) {
                    let vpc = &facts.network.vpcs[v];
                    children.push(Child::Vpc(VpcEntry {
                        vpc,
                        plan: &facts.plans[v],
                        family: plan.family,
                        place,
                        in_pool: true,
                        source: Source::Pool(&pool.name),
                        note: None,
                        detail: plan.family == AddressFamily::Ipv4,
                    }));
                }
            }
        }
    }
    // VPCs whose CIDRs are not from a pool, but inside this one (and no deeper one).
    let unmanaged = facts.unmanaged.get(&index).map_or(&[][..], Vec::as_slice);
    for &v in unmanaged {
        let (Some(base), vpc) = (base, &facts.network.vpcs[v]) else {
            break;
        };
        let source = facts.source(vpc);
        let note = match source {
            Source::Block(block) => format!("from ip block {block}, not allocated from the pool"),
            Source::Pinned | Source::Pool(_) => "pinned, not allocated from the pool".to_string(),
        };
        let block = facts.vpc_block(v);
        let offset = first(block) - first(base);
        children.push(Child::Vpc(VpcEntry {
            vpc,
            plan: &facts.plans[v],
            family: AddressFamily::Ipv4,
            place: Place {
                prefix: block.prefix_len(),
                cidr: Some(block),
                planned: None,
                index: offset >> (32 - block.prefix_len()),
                offset,
            },
            in_pool: true,
            source,
            note: Some(note),
            detail: false,
        }));
    }
    children.sort_by_key(Child::offset);
    PoolEntry {
        pool,
        plan,
        place,
        usage: Usage::new(plan.family, plan.prefix, plan.size, plan.used),
        children,
    }
}

/// Each IP block with the VPCs that overlap it: those allocated from it with their detail,
/// pinned ones with theirs if this is the first block they overlap, others as references.
fn block_entries<'n>(facts: &Facts<'n>) -> Vec<BlockEntry<'n>> {
    let network = facts.network;
    let mut entries: Vec<BlockEntry<'n>> = Vec::new();
    for ip_block in &network.ip_blocks {
        let Ok(cidr) = ip_block.cidr.parse::<IpNet>() else {
            continue; // validated: a CIDR
        };
        let mut vpcs = Vec::new();
        for (v, vpc) in network.vpcs.iter().enumerate() {
            let block = facts.vpc_block(v);
            if overlap(cidr, block).is_none() {
                continue;
            }
            let source = facts.source(vpc);
            let earlier = entries.iter().any(|e| overlap(e.cidr, block).is_some());
            let (detail, note) = match source {
                Source::Block(name) if name == ip_block.name => (true, None),
                Source::Block(name) => (false, Some(format!("from ip block {name}"))),
                Source::Pinned => (!earlier, Some("pinned".to_string())),
                Source::Pool(name) => (false, Some(format!("from IPAM pool {name}"))),
            };
            vpcs.push(VpcEntry {
                vpc,
                plan: &facts.plans[v],
                family: AddressFamily::Ipv4,
                place: Place {
                    prefix: block.prefix_len(),
                    cidr: Some(block),
                    planned: None,
                    index: 0,
                    offset: first(block),
                },
                in_pool: false,
                source,
                note,
                detail,
            });
        }
        vpcs.sort_by_key(|v| v.place.offset);
        let used = covered(cidr, vpcs.iter().filter_map(|v| v.place.cidr));
        entries.push(BlockEntry {
            name: &ip_block.name,
            cidr,
            usage: Usage::new(AddressFamily::Ipv4, cidr.prefix_len(), size(cidr), used),
            vpcs,
        });
    }
    entries
}

/// The pinned VPCs that no IP block lists with their detail, by address.
fn pinned_entries<'n>(facts: &Facts<'n>, blocks: &[BlockEntry<'n>]) -> Vec<VpcEntry<'n>> {
    let mut pinned: Vec<VpcEntry<'n>> = facts
        .network
        .vpcs
        .iter()
        .enumerate()
        .filter(|(_, vpc)| facts.source(vpc) == Source::Pinned)
        .filter(|(v, _)| {
            let block = facts.vpc_block(*v);
            !blocks.iter().any(|b| overlap(b.cidr, block).is_some())
        })
        .map(|(v, vpc)| {
            let block = facts.vpc_block(v);
            VpcEntry {
                vpc,
                plan: &facts.plans[v],
                family: AddressFamily::Ipv4,
                place: Place {
                    prefix: block.prefix_len(),
                    cidr: Some(block),
                    planned: None,
                    index: 0,
                    offset: first(block),
                },
                in_pool: false,
                source: Source::Pinned,
                note: None,
                detail: true,
            }
        })
        .collect();
    pinned.sort_by_key(|v| v.place.offset);
    pinned
}

// ---------------------------------------------------------------------------------------
// Descriptions shared by both renderings.

fn netmasks_text(pool: &IpamPool) -> Option<String> {
    let rules = &pool.rules;
    let width = match pool.family {
        AddressFamily::Ipv4 => 32,
        AddressFamily::Ipv6 => 128,
    };
    let range = match (rules.min_netmask, rules.max_netmask) {
        (None, None) => None,
        (min, max) => Some(format!(
            "netmasks /{}-/{}",
            min.unwrap_or(0),
            max.unwrap_or(width)
        )),
    };
    match (range, rules.default_netmask) {
        (Some(range), Some(default)) => Some(format!("{range} (default /{default})")),
        (Some(range), None) => Some(range),
        (None, Some(default)) => Some(format!("default netmask /{default}")),
        (None, None) => None,
    }
}

/// The pool's rules and shares, for people.
fn pool_extras(pool: &IpamPool) -> Vec<String> {
    let mut extras = Vec::new();
    extras.extend(netmasks_text(pool));
    if !pool.rules.required_tags.is_empty() {
        let tags: Vec<String> = pool
            .rules
            .required_tags
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        extras.push(format!("requires tags {}", tags.join(", ")));
    }
    match pool.share_with.len() {
        0 => {}
        1 => extras.push("shared with 1 principal".to_string()),
        n => extras.push(format!("shared with {n} principals")),
    }
    extras
}

/// A top-level pool's family and scope, then its locale: `ipv4`, `ipv6 public us-east-1`;
/// a child's locale, or `-`.
fn pool_where(entry: &PoolEntry<'_>) -> String {
    let pool = entry.pool;
    let mut parts: Vec<&str> = Vec::new();
    if entry.place.is_none() {
        parts.push(pool.family.as_str());
        if pool.scope == IpamScope::Public {
            parts.push("public");
        }
    }
    parts.extend(pool.locale.as_deref());
    if parts.is_empty() {
        "-".to_string()
    } else {
        parts.join(" ")
    }
}

fn pool_cidr_text(entry: &PoolEntry<'_>) -> String {
    match (entry.place, entry.plan.cidr) {
        (Some(place), _) => place.text(),
        (None, Some(cidr)) => cidr.to_string(),
        (None, None) => match entry.pool.cidr {
            PoolCidr::Amazon(netmask) => format!("/{netmask} from Amazon at deploy"),
            _ => format!("/{} at deploy", entry.plan.prefix),
        },
    }
}

fn vpc_ipv6_text(vpc: &Vpc, plan: &VpcPlan) -> Option<String> {
    let ipv6 = plan.ipv6.as_ref()?;
    Some(match vpc.ipv6.as_ref()? {
        VpcIpv6::AmazonProvided => format!("ipv6 /{} from Amazon at deploy", ipv6.prefix),
        VpcIpv6::Ipam { pool, .. } => {
            format!("ipv6 /{} from IPAM pool {pool} at deploy", ipv6.prefix)
        }
    })
}

fn group_text(group: &SubnetGroup) -> String {
    let mut text = format!("tier {}", group.tier.as_str());
    match (&group.ipv6, group.ipv6_only()) {
        (Some(_), true) => text.push_str(", ipv6-only"),
        (Some(_), false) => text.push_str(", dual-stack"),
        (None, _) => {}
    }
    if group.ipv6.as_ref().is_some_and(|v| v.dns64) {
        text.push_str(", dns64");
    }
    text
}

/// One subnet: its AZ, IPv4 CIDR (if any) and IPv6 block (if any).
struct Subnet<'n> {
    az: &'n str,
    ipv4: Option<String>,
    /// `(prefix, index)`: the `index`-th `/prefix` of the VPC's block, which AWS chooses at
    /// deploy time.
    ipv6: Option<(u8, u64)>,
}

impl Subnet<'_> {
    fn ipv6_text(&self) -> Option<String> {
        let (prefix, index) = self.ipv6?;
        Some(format!("ipv6 /{prefix} #{index} of the VPC block"))
    }
}

/// The subnets of group `g` of the VPC, one per AZ.
fn subnets<'n>(vpc: &'n Vpc, plan: &VpcPlan, g: usize) -> Vec<Subnet<'n>> {
    let ipv4 = plan.subnet_groups.get(g);
    let slots = plan.ipv6.as_ref().and_then(|p| p.subnet_groups.get(g));
    vpc.azs
        .iter()
        .enumerate()
        .map(|(i, az)| Subnet {
            az,
            ipv4: ipv4.and_then(|nets| nets.get(i)).map(ToString::to_string),
            ipv6: slots
                .and_then(|s| s.get(i))
                .map(|slot| (slot.prefix, slot.index)),
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Text.

/// How a row's columns are aligned: rows of one label group share the width of their first
/// column (tree and label); rows of one label group and kind share the widths of the others.
/// A row's last cell is never padded and sets no width.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Align {
    label: usize,
    kind: Kind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Pool,
    Vpc,
    Line,
    Group,
    Subnet,
}

struct Node {
    cells: Vec<String>,
    align: Align,
    children: Vec<Node>,
}

impl Node {
    fn new(align: Align, cells: Vec<String>) -> Self {
        Node {
            cells,
            align,
            children: Vec::new(),
        }
    }
}

struct Row {
    cells: Vec<String>,
    align: Align,
}

fn flatten(node: Node, label: &str, below: &str, rows: &mut Vec<Row>) {
    let Node {
        mut cells,
        align,
        children,
    } = node;
    if let Some(first) = cells.first_mut() {
        *first = format!("{label}{first}");
    }
    rows.push(Row { cells, align });
    let count = children.len();
    for (i, child) in children.into_iter().enumerate() {
        let last = i + 1 == count;
        let (branch, under) = if last {
            ("└─ ", "   ")
        } else {
            ("├─ ", "│  ")
        };
        flatten(
            child,
            &format!("{below}{branch}"),
            &format!("{below}{under}"),
            rows,
        );
    }
}

/// The rows of trees, with their columns aligned, one line each.
fn render(nodes: Vec<Node>, out: &mut String) {
    let mut rows = Vec::new();
    for node in nodes {
        flatten(node, "", "", &mut rows);
    }
    // The widths: of first columns per label group, of the others per alignment and column.
    let mut labels: BTreeMap<usize, usize> = BTreeMap::new();
    let mut columns: BTreeMap<(Align, usize), usize> = BTreeMap::new();
    for row in &rows {
        for (col, cell) in row
            .cells
            .iter()
            .enumerate()
            .take(row.cells.len().saturating_sub(1))
        {
            let width = cell.chars().count();
            let slot = if col == 0 {
                labels.entry(row.align.label).or_default()
            } else {
                columns.entry((row.align, col)).or_default()
            };
            *slot = (*slot).max(width);
        }
    }
    let widths = rows.iter().map(|row| {
        (0..row.cells.len())
            .map(|col| {
                let width = if col == 0 {
                    labels.get(&row.align.label)
                } else {
                    columns.get(&(row.align, col))
                };
                width.copied().unwrap_or(0)
            })
            .collect::<Vec<usize>>()
    });
    for (row, widths) in rows.iter().zip(widths) {
        let mut line = String::new();
        for (col, cell) in row.cells.iter().enumerate() {
            if col + 1 < row.cells.len() {
                let pad = widths[col].saturating_sub(cell.chars().count());
                line.push_str(cell);
                line.extend(std::iter::repeat_n(' ', pad + 2));
            } else {
                line.push_str(cell);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

/// Label groups of one section: its main rows, subnet group rows and subnet rows.
#[derive(Clone, Copy)]
struct Section(usize);

impl Section {
    fn align(self, kind: Kind) -> Align {
        let offset = match kind {
            Kind::Group => 1,
            Kind::Subnet => 2,
            Kind::Pool | Kind::Vpc | Kind::Line => 0,
        };
        Align {
            label: self.0 * 3 + offset,
            kind,
        }
    }
}

impl Report<'_> {
    fn text(&self) -> String {
        let mut sections: Vec<Vec<Node>> = Vec::new();
        if let Some((ipam, roots)) = &self.ipam {
            let section = Section(sections.len());
            let mut nodes = vec![Node::new(
                section.align(Kind::Line),
                vec![format!(
                    "ipam {} (account {}, {}; operating regions {})",
                    ipam.name,
                    ipam.account,
                    ipam.region,
                    ipam.operating_regions.join(", ")
                )],
            )];
            nodes.extend(roots.iter().map(|p| self.pool_node(p, section)));
            sections.push(nodes);
        }
        if !self.blocks.is_empty() {
            let section = Section(sections.len());
            let nodes = self
                .blocks
                .iter()
                .map(|b| {
                    let mut node = Node::new(
                        section.align(Kind::Pool),
                        vec![
                            format!("ip block {}", b.name),
                            b.cidr.to_string(),
                            b.usage.used_text(),
                            b.usage.free_text(),
                        ],
                    );
                    node.children = b.vpcs.iter().map(|v| self.vpc_node(v, section)).collect();
                    node
                })
                .collect();
            sections.push(nodes);
        }
        if !self.pinned.is_empty() {
            let section = Section(sections.len());
            let mut node = Node::new(
                section.align(Kind::Line),
                vec!["vpcs with pinned CIDRs".to_string()],
            );
            node.children = self
                .pinned
                .iter()
                .map(|v| self.vpc_node(v, section))
                .collect();
            sections.push(vec![node]);
        }
        let mut out = String::new();
        if sections.is_empty() {
            out.push_str(&format!(
                "network {} has no IPAM, IP blocks or VPCs\n",
                self.network.name
            ));
        }
        for (i, nodes) in sections.into_iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            render(nodes, &mut out);
        }
        out
    }

    fn pool_node(&self, entry: &PoolEntry<'_>, section: Section) -> Node {
        let mut cells = vec![
            entry.pool.name.clone(),
            pool_cidr_text(entry),
            pool_where(entry),
            entry.usage.used_text(),
            entry.usage.free_text(),
        ];
        let extras = pool_extras(entry.pool);
        if !extras.is_empty() {
            cells.push(extras.join("; "));
        }
        let mut node = Node::new(section.align(Kind::Pool), cells);
        node.children = entry
            .children
            .iter()
            .map(|child| match child {
                Child::Pool(pool) => self.pool_node(pool, section),
                Child::Vpc(vpc) => self.vpc_node(vpc, section),
            })
            .collect();
        node
    }

    fn vpc_node(&self, entry: &VpcEntry<'_>, section: Section) -> Node {
        let mut cells = vec![format!("vpc {}", entry.vpc.name), entry.place.text()];
        cells.extend(entry.note.clone());
        let mut node = Node::new(section.align(Kind::Vpc), cells);
        if !entry.detail {
            return node;
        }
        if let Some(ipv6) = vpc_ipv6_text(entry.vpc, entry.plan) {
            node.children
                .push(Node::new(section.align(Kind::Line), vec![ipv6]));
        }
        if self.subnets {
            for (g, group) in entry.vpc.subnet_groups.iter().enumerate() {
                let mut group_node = Node::new(
                    section.align(Kind::Group),
                    vec![group.name.clone(), group_text(group)],
                );
                // Under a VPC block IPAM chooses at deploy, the subnets follow the block.
                let at_deploy = matches!(entry.vpc.cidr, VpcCidr::Ipam { .. });
                group_node.children = subnets(entry.vpc, entry.plan, g)
                    .into_iter()
                    .map(|s| {
                        let ipv4 = match &s.ipv4 {
                            Some(cidr) if at_deploy => format!("planned {cidr}"),
                            Some(cidr) => cidr.clone(),
                            None => "-".to_string(),
                        };
                        let mut cells = vec![s.az.to_string(), ipv4];
                        cells.extend(s.ipv6_text());
                        Node::new(section.align(Kind::Subnet), cells)
                    })
                    .collect();
                node.children.push(group_node);
            }
        }
        node
    }
}

// ---------------------------------------------------------------------------------------
// JSON.

impl Report<'_> {
    fn json(&self) -> Value {
        let ipam = self.ipam.as_ref().map_or(Value::Null, |(ipam, roots)| {
            json!({
                "name": ipam.name,
                "account": ipam.account,
                "region": ipam.region,
                "operating_regions": ipam.operating_regions,
                "pools": roots.iter().map(|p| self.pool_json(p)).collect::<Vec<_>>(),
            })
        });
        let blocks: Vec<Value> = self
            .blocks
            .iter()
            .map(|b| {
                let mut object = Map::new();
                object.insert("name".into(), b.name.into());
                object.insert("cidr".into(), b.cidr.to_string().into());
                b.usage.json_into(&mut object);
                let vpcs: Vec<Value> = b.vpcs.iter().map(|v| self.vpc_json(v)).collect();
                object.insert("vpcs".into(), vpcs.into());
                object.into()
            })
            .collect();
        let pinned: Vec<Value> = self.pinned.iter().map(|v| self.vpc_json(v)).collect();
        json!({
            "network": self.network.name,
            "ipam": ipam,
            "ip_blocks": blocks,
            "pinned_vpcs": pinned,
        })
    }

    fn pool_json(&self, entry: &PoolEntry<'_>) -> Value {
        let pool = entry.pool;
        let mut object = Map::new();
        object.insert("kind".into(), "pool".into());
        object.insert("name".into(), pool.name.clone().into());
        object.insert("family".into(), pool.family.as_str().into());
        let scope = match pool.scope {
            IpamScope::Private => "private",
            IpamScope::Public => "public",
        };
        object.insert("scope".into(), scope.into());
        let provisioned = match pool.cidr {
            PoolCidr::Pinned(_) => "pinned",
            PoolCidr::Allocated(_) => "allocated",
            PoolCidr::Amazon(_) => "amazon",
        };
        object.insert("provisioned".into(), provisioned.into());
        match entry.place {
            Some(place) => place.json_into(&mut object),
            None => {
                let cidr = entry.plan.cidr;
                object.insert("prefix".into(), entry.plan.prefix.into());
                object.insert("cidr".into(), opt_string(cidr));
                object.insert("at_deploy".into(), cidr.is_none().into());
            }
        }
        object.insert("locale".into(), opt_string(pool.locale.as_deref()));
        let rules = &pool.rules;
        let tags: Map<String, Value> = rules
            .required_tags
            .iter()
            .map(|(k, v)| (k.clone(), v.clone().into()))
            .collect();
        object.insert(
            "rules".into(),
            json!({
                "min_netmask": rules.min_netmask,
                "max_netmask": rules.max_netmask,
                "default_netmask": rules.default_netmask,
                "required_tags": tags,
            }),
        );
        object.insert("share_with".into(), pool.share_with.clone().into());
        entry.usage.json_into(&mut object);
        let children: Vec<Value> = entry
            .children
            .iter()
            .map(|child| match child {
                Child::Pool(pool) => self.pool_json(pool),
                Child::Vpc(vpc) => self.vpc_json(vpc),
            })
            .collect();
        object.insert("children".into(), children.into());
        object.into()
    }

    fn vpc_json(&self, entry: &VpcEntry<'_>) -> Value {
        let vpc = entry.vpc;
        let mut object = Map::new();
        object.insert("kind".into(), "vpc".into());
        object.insert("name".into(), vpc.name.clone().into());
        object.insert("account".into(), vpc.account.clone().into());
        object.insert("region".into(), vpc.region.clone().into());
        object.insert("family".into(), entry.family.as_str().into());
        let (source, from) = match entry.source {
            Source::Pool(name) => ("ipam_pool", Some(name)),
            Source::Block(name) => ("ip_block", Some(name)),
            Source::Pinned => ("pinned", None),
        };
        object.insert("source".into(), source.into());
        object.insert("from".into(), opt_string(from));
        if entry.in_pool {
            entry.place.json_into(&mut object);
        } else {
            object.insert("prefix".into(), entry.place.prefix.into());
            object.insert("cidr".into(), opt_string(entry.place.cidr));
        }
        if let Some(note) = &entry.note {
            object.insert("note".into(), note.clone().into());
        }
        if !entry.detail {
            return object.into();
        }
        let ipv6 = match (&vpc.ipv6, &entry.plan.ipv6) {
            (Some(source), Some(plan)) => {
                let (source, pool) = match source {
                    VpcIpv6::AmazonProvided => ("amazon", None),
                    VpcIpv6::Ipam { pool, .. } => ("ipam_pool", Some(pool.as_str())),
                };
                json!({
                    "source": source,
                    "from": pool,
                    "prefix": plan.prefix,
                })
            }
            _ => Value::Null,
        };
        object.insert("ipv6".into(), ipv6);
        if self.subnets {
            let groups: Vec<Value> = vpc
                .subnet_groups
                .iter()
                .enumerate()
                .map(|(g, group)| {
                    let subnets: Vec<Value> = subnets(vpc, entry.plan, g)
                        .into_iter()
                        .map(|s| {
                            let ipv6 = s.ipv6.map_or(
                                Value::Null,
                                |(prefix, index)| json!({ "prefix": prefix, "index": index }),
                            );
                            json!({ "az": s.az, "ipv4": s.ipv4, "ipv6": ipv6 })
                        })
                        .collect();
                    json!({
                        "name": group.name,
                        "tier": group.tier.as_str(),
                        "ipv6_only": group.ipv6_only(),
                        "dns64": group.ipv6.as_ref().is_some_and(|v| v.dns64),
                        "subnets": subnets,
                    })
                })
                .collect();
            object.insert("subnet_groups".into(), groups.into());
        }
        object.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(16_777_216), "16,777,216");
        assert_eq!(thousands(123_456_789_012), "123,456,789,012");
    }

    #[test]
    fn percent_rounds_to_tenths_without_hiding_small_or_almost_full_use() {
        let usage = |used, size| Usage {
            unit: Unit::Addresses,
            size,
            used,
        };
        assert_eq!(usage(0, 100).percent_text(), "0.0%");
        assert_eq!(usage(1, 16_777_216).percent_text(), "<0.1%");
        assert_eq!(usage(6_144, 65_536).percent_text(), "9.4%");
        assert_eq!(usage(2_097_152, 16_777_216).percent_text(), "12.5%");
        assert_eq!(usage(16_777_215, 16_777_216).percent_text(), ">99.9%");
        assert_eq!(usage(100, 100).percent_text(), "100.0%");
    }

    #[test]
    fn ipv6_is_counted_in_slash_64s_rounding_used_up() {
        let usage = Usage::new(AddressFamily::Ipv6, 52, 1 << 76, 1 << 72);
        assert_eq!(
            (usage.unit, usage.size, usage.used),
            (Unit::Slash64, 4096, 256)
        );
        let usage = Usage::new(AddressFamily::Ipv6, 48, 1 << 80, 1);
        assert_eq!(usage.used, 1);
        let usage = Usage::new(AddressFamily::Ipv6, 96, 1 << 32, 5);
        assert_eq!((usage.unit, usage.used), (Unit::Addresses, 5));
    }

    #[test]
    fn covered_counts_overlaps_once() {
        let b = |t: &str| t.parse::<IpNet>().unwrap();
        let block = b("10.0.0.0/16");
        assert_eq!(covered(block, [b("10.0.0.0/24"), b("10.0.0.0/25")]), 256);
        assert_eq!(covered(block, [b("10.0.1.0/24"), b("10.0.0.0/24")]), 512);
        assert_eq!(covered(block, [b("10.1.0.0/24")]), 0);
        assert_eq!(covered(block, [b("10.0.0.0/8")]), 65_536);
    }

    #[test]
    fn block_sizes_and_overlaps() {
        let b = |t: &str| t.parse::<IpNet>().unwrap();
        assert_eq!(size(b("10.16.0.0/12")), 1 << 20);
        assert_eq!(size(b("::/0")), u128::MAX);
        assert_eq!(
            overlap(b("10.0.0.0/8"), b("10.1.0.0/16")),
            Some((0x0a01_0000, 0x0a01_ffff))
        );
        assert_eq!(overlap(b("10.0.0.0/8"), b("::/0")), None);
    }
}
