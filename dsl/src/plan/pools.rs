//! netform's mirror of the IPAM pool hierarchy: each pool's CIDR, and every allocation from
//! it (child pools and VPCs) in declaration order, so that a child outside its parent, a
//! netmask outside the allocation rules, a locale mismatch or an exhausted pool is reported
//! before deploy, with the numbers.
//!
//! Append-stable like the rest of the plan: a pool or VPC declared later never moves one
//! declared before it. VPCs that IPAM allocates at deploy time (`VpcCidr::Ipam`) take their
//! block here too; IPAM may choose another free block, but the count is what can run out.

use super::space::{Space, MAX_DEPTH};
use super::{parse_cidr, parse_cidr6};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::ipam::{AddressFamily, AllocationRules, Ipam, IpamPool, IpamScope, PoolCidr};
use crate::model::{Network, Vpc};
use crate::path::Path;
use indexmap::IndexMap;
use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The netmasks an Amazon-provided IPv6 pool can be provisioned with: "choose the netmask
/// size between /40 and /52 for the CIDR" (Amazon VPC IPAM User Guide, "Create a Regional
/// IPv6 address pool").
pub const AMAZON_IPV6_POOL_NETMASKS: std::ops::RangeInclusive<u8> = 40..=52;

/// What a pool's space went to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Holder {
    /// A child pool, by name.
    Pool(String),
    /// A VPC, by name.
    Vpc(String),
}

/// One allocation from a pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolAllocation {
    /// Who holds it.
    pub holder: Holder,
    /// Its prefix length.
    pub prefix: u8,
    /// Where it starts, in addresses from the start of the pool's block (known even where
    /// the pool's block is chosen at deploy time).
    pub offset: u128,
    /// The block, where known before deploy (`None` under an Amazon-provided pool).
    pub cidr: Option<IpNet>,
    /// Whether IPAM chooses the block at deploy time (netform counted one of the size).
    pub at_deploy: bool,
}

/// The plan of one pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolPlan {
    /// The pool's name.
    pub name: String,
    /// Its family.
    pub family: AddressFamily,
    /// Its prefix length.
    pub prefix: u8,
    /// Its CIDR, where known before deploy (`None` for Amazon-provided IPv6).
    pub cidr: Option<IpNet>,
    /// How many addresses it holds.
    pub size: u128,
    /// How many of them are taken: by its allocations, and by VPC CIDRs pinned inside it
    /// (which IPAM does not record, NF0911, but which no allocation may take).
    pub used: u128,
    /// Its allocations, in declaration order.
    pub allocations: Vec<PoolAllocation>,
}

/// A VPC's request for a block from a pool.
pub(crate) struct VpcRequest<'a> {
    /// The pool's name.
    pub pool: &'a str,
    /// The family of the block.
    pub family: AddressFamily,
    /// Its prefix length.
    pub prefix: u8,
    /// Whether IPAM chooses the block at deploy time.
    pub at_deploy: bool,
    /// Where the model names the pool (`vpcs["x"].cidr.pool`, `.cidr.block`, `.ipv6.pool`).
    pub pool_path: Path,
    /// Where the model gives the size (`.cidr.netmask`, `.cidr.prefix`, `.ipv6.netmask`).
    pub size_path: Path,
}

/// The pools being planned.
pub(crate) struct Pools<'n> {
    ipam: Option<&'n Ipam>,
    index: IndexMap<&'n str, usize>,
    spaces: Vec<Option<Space>>,
    plans: Vec<Option<PoolPlan>>,
}

fn width(family: AddressFamily) -> u8 {
    match family {
        AddressFamily::Ipv4 => 32,
        AddressFamily::Ipv6 => 128,
    }
}

/// `private` or `public`.
fn scope_name(scope: IpamScope) -> &'static str {
    match scope {
        IpamScope::Private => "private",
        IpamScope::Public => "public",
    }
}

/// The block at `offset` addresses after the start of `base`, of `/prefix`.
fn at_offset(base: IpNet, offset: u128, prefix: u8) -> IpNet {
    match base {
        IpNet::V4(net) => {
            let start = u32::from(net.network()) as u128 + offset;
            let addr = Ipv4Addr::from(u32::try_from(start).expect("inside an IPv4 block"));
            IpNet::V4(Ipv4Net::new(addr, prefix).expect("prefix within 32"))
        }
        IpNet::V6(net) => {
            let addr = Ipv6Addr::from(u128::from(net.network()) + offset);
            IpNet::V6(Ipv6Net::new(addr, prefix).expect("prefix within 128"))
        }
    }
}

/// How far `inner` starts after `outer` does, in addresses.
fn offset_in(outer: IpNet, inner: IpNet) -> u128 {
    fn value(addr: IpAddr) -> u128 {
        match addr {
            IpAddr::V4(a) => u128::from(u32::from(a)),
            IpAddr::V6(a) => u128::from(a),
        }
    }
    value(inner.network()) - value(outer.network())
}

impl<'n> Pools<'n> {
    /// Plans every pool of the network's IPAM, in declaration order.
    pub fn plan(network: &'n Network, diags: &mut Diagnostics) -> Self {
        let mut pools = Pools {
            ipam: network.ipam.as_ref(),
            index: IndexMap::new(),
            spaces: Vec::new(),
            plans: Vec::new(),
        };
        if let Some(ipam) = pools.ipam {
            for pool in &ipam.pools {
                let path = Path::root().field("ipam").field("pools").key(&pool.name);
                let (space, plan) = match pools.plan_pool(pool, &path, diags) {
                    Some((space, plan)) => (Some(space), Some(plan)),
                    None => (None, None),
                };
                pools
                    .index
                    .entry(pool.name.as_str())
                    .or_insert(pools.plans.len());
                pools.spaces.push(space);
                pools.plans.push(plan);
            }
            pools.check_sibling_overlaps(ipam, diags);
        }
        pools
    }

    /// Whether a pool of this name exists.
    pub fn has(&self, name: &str) -> bool {
        self.index.contains_key(name)
    }

    /// The names of the pools, for help texts.
    pub fn names(&self) -> Vec<&str> {
        self.index.keys().copied().collect()
    }

    fn plan_pool(
        &mut self,
        pool: &IpamPool,
        path: &Path,
        diags: &mut Diagnostics,
    ) -> Option<(Space, PoolPlan)> {
        let what = format!("pool {:?}", pool.name);
        let parent = match &pool.parent {
            None => None,
            Some(name) => Some(self.parent(pool, name, path, diags)?),
        };
        let (prefix, cidr) = match &pool.cidr {
            PoolCidr::Pinned(text) => {
                let cidr_path = path.field("cidr").field("pinned");
                let net = match pool.family {
                    AddressFamily::Ipv4 => IpNet::V4(parse_cidr(text, &what, &cidr_path, diags)?),
                    AddressFamily::Ipv6 => IpNet::V6(parse_cidr6(text, &what, &cidr_path, diags)?),
                };
                if let Some(parent) = parent {
                    self.take_pinned(parent, pool, net, &cidr_path, diags)?;
                }
                (net.prefix_len(), Some(net))
            }
            PoolCidr::Allocated(prefix) => {
                let cidr_path = path.field("cidr").field("allocated");
                let Some(parent) = parent else {
                    diags.push(
                        Diagnostic::error(
                            Code::PoolShape,
                            cidr_path,
                            format!("top-level {what} allocates a /{prefix}, but has no parent to allocate from"),
                        )
                        .with_help("pin the top-level pool's CIDR, such as 10.0.0.0/8"),
                    );
                    return None;
                };
                let holder = Holder::Pool(pool.name.clone());
                let cidr = self.take(parent, holder, *prefix, false, &what, &cidr_path, diags)?;
                (*prefix, cidr)
            }
            PoolCidr::Amazon(netmask) => {
                let cidr_path = path.field("cidr").field("amazon");
                if pool.family != AddressFamily::Ipv6
                    || pool.parent.is_some()
                    || pool.scope != IpamScope::Public
                {
                    diags.push(
                        Diagnostic::error(
                            Code::PoolShape,
                            cidr_path,
                            format!(
                                "{what} asks Amazon for a block, but it is a{} {} pool in the {} scope",
                                if pool.parent.is_some() { " child" } else { " top-level" },
                                pool.family.as_str(),
                                scope_name(pool.scope),
                            ),
                        )
                        .with_help("Amazon provides IPv6 blocks to top-level pools of the public scope; child pools allocate from them"),
                    );
                    return None;
                }
                if !AMAZON_IPV6_POOL_NETMASKS.contains(netmask) {
                    diags.push(
                        Diagnostic::error(
                            Code::PoolShape,
                            cidr_path,
                            format!("{what} asks Amazon for a /{netmask} IPv6 block; Amazon provides /40 to /52"),
                        )
                        .with_help("ask for a /40 to a /52 (a /52 holds sixteen /56 VPC blocks)"),
                    );
                    return None;
                }
                (*netmask, None)
            }
        };
        let space = Space::new(prefix, width(pool.family));
        let plan = PoolPlan {
            name: pool.name.clone(),
            family: pool.family,
            prefix,
            cidr,
            size: space.size(),
            used: 0,
            allocations: Vec::new(),
        };
        Some((space, plan))
    }

    /// The parent's index, if it is declared before, is planned, and has the same family
    /// and scope.
    fn parent(
        &self,
        pool: &IpamPool,
        name: &str,
        path: &Path,
        diags: &mut Diagnostics,
    ) -> Option<usize> {
        let Some(&index) = self.index.get(name) else {
            let later = self
                .ipam
                .is_some_and(|ipam| ipam.pools.iter().any(|p| p.name == name));
            diags.push(
                Diagnostic::error(
                    Code::UnknownPool,
                    path.field("parent"),
                    if later {
                        format!(
                            "pool {:?} has parent {name:?}, which is declared after it",
                            pool.name
                        )
                    } else {
                        format!(
                            "pool {:?} has parent {name:?}, which does not exist",
                            pool.name
                        )
                    },
                )
                .with_help("declare the parent pool before its children"),
            );
            return None;
        };
        let parent = &self.ipam?.pools[index];
        if parent.family != pool.family || parent.scope != pool.scope {
            diags.push(
                Diagnostic::error(
                    Code::UnknownPool,
                    path.field("parent"),
                    format!(
                        "pool {:?} ({}, {} scope) has parent {name:?} ({}, {} scope)",
                        pool.name,
                        pool.family.as_str(),
                        scope_name(pool.scope),
                        parent.family.as_str(),
                        scope_name(parent.scope)
                    ),
                )
                .with_help(
                    "a child pool has its parent's address family and scope (a child of an Amazon-provided pool is public: .public())",
                ),
            );
            return None;
        }
        self.spaces[index].as_ref()?; // the parent's own error is reported
        Some(index)
    }

    /// Takes a pinned child pool's CIDR out of its parent, which must hold it.
    fn take_pinned(
        &mut self,
        parent: usize,
        pool: &IpamPool,
        net: IpNet,
        path: &Path,
        diags: &mut Diagnostics,
    ) -> Option<()> {
        let plan = self.plans[parent].as_ref()?;
        let Some(parent_net) = plan.cidr else {
            diags.push(
                Diagnostic::error(
                    Code::PoolShape,
                    path.clone(),
                    format!(
                        "pool {:?} pins {net} inside pool {:?}, whose block Amazon chooses at deploy time",
                        pool.name, plan.name
                    ),
                )
                .with_help("allocate the child pool by size instead, such as .allocate(48)"),
            );
            return None;
        };
        if !parent_net.contains(&net) {
            diags.push(
                Diagnostic::error(
                    Code::PoolOutsideParent,
                    path.clone(),
                    format!(
                        "pool {:?} is {net}, outside its parent {:?} ({parent_net})",
                        pool.name, plan.name
                    ),
                )
                .with_help(format!(
                    "pin a CIDR inside {parent_net}, or allocate one by size"
                )),
            );
            return None;
        }
        let space = self.spaces[parent].as_mut()?;
        let offset = offset_in(parent_net, net);
        space.reserve(offset, net.prefix_len());
        let free = space.free();
        let plan = self.plans[parent].as_mut()?;
        plan.used = plan.size - free;
        plan.allocations.push(PoolAllocation {
            holder: Holder::Pool(pool.name.clone()),
            prefix: net.prefix_len(),
            offset,
            cidr: Some(net),
            at_deploy: false,
        });
        Some(())
    }

    /// Takes the lowest free `/prefix` of the pool at `index` for `holder`: the block where
    /// it is known (outer `None`: an error was reported).
    #[allow(clippy::too_many_arguments)]
    fn take(
        &mut self,
        index: usize,
        holder: Holder,
        prefix: u8,
        at_deploy: bool,
        what: &str,
        path: &Path,
        diags: &mut Diagnostics,
    ) -> Option<Option<IpNet>> {
        // "Allocation rules apply only to the managed resources within that pool. The rules do
        // not apply to resources in pools within a pool" (IPAM User Guide, "Create a
        // top-level IPv4 pool").
        if matches!(holder, Holder::Vpc(_)) {
            self.check_rules(index, prefix, what, path, diags)?;
        }
        let space = self.spaces[index].as_mut()?;
        let plan = self.plans[index].as_mut()?;
        let pool = plan.cidr.map_or_else(
            || format!("pool {:?} (/{})", plan.name, plan.prefix),
            |cidr| format!("pool {:?} ({cidr})", plan.name),
        );
        if prefix < space.prefix() {
            // A child pool that cannot lie inside its parent; a VPC asking a pool for more
            // than it holds.
            let code = match holder {
                Holder::Pool(_) => Code::PoolOutsideParent,
                Holder::Vpc(_) => Code::PoolExhausted,
            };
            diags.push(
                Diagnostic::error(
                    code,
                    path.clone(),
                    format!("{what} asks for a /{prefix}, larger than {pool}"),
                )
                .with_help(format!("ask for a /{} or longer", space.prefix())),
            );
            return None;
        }
        if !space.fits(prefix) {
            diags.push(
                Diagnostic::error(
                    Code::PoolShape,
                    path.clone(),
                    format!(
                        "{what} asks for a /{prefix} from {pool}: {} levels below it, more than the {MAX_DEPTH} netform plans",
                        prefix - space.prefix()
                    ),
                )
                .with_help("add an intermediate pool, or a larger allocation"),
            );
            return None;
        }
        let before = space.allocations();
        let free = space.free();
        let Some(offset) = space.allocate(prefix) else {
            let fit = space.holds(prefix);
            // IPv6 space is counted in /64s: address counts of that size read as noise.
            let (free, size, unit) = match plan.family {
                AddressFamily::Ipv4 => (free, space.size(), "addresses"),
                AddressFamily::Ipv6 => (free >> 64, space.size() >> 64, "/64s"),
            };
            diags.push(
                Diagnostic::error(
                    Code::PoolExhausted,
                    path.clone(),
                    format!(
                        "{what} asks for a /{prefix} from {pool}, which holds {fit} of that size; its {before} allocations leave {free} of {size} {unit}, and no aligned /{prefix} is free"
                    ),
                )
                .with_help("give the pool a larger CIDR, ask for a smaller block, or move allocations to another pool"),
            );
            return None;
        };
        let cidr = plan.cidr.map(|base| at_offset(base, offset, prefix));
        plan.used = plan.size - space.free();
        plan.allocations.push(PoolAllocation {
            holder,
            prefix,
            offset,
            cidr,
            at_deploy,
        });
        Some(cidr)
    }

    /// Reports an allocation of `/prefix` that breaks the pool's rules (`None` if it does).
    fn check_rules(
        &self,
        index: usize,
        prefix: u8,
        what: &str,
        path: &Path,
        diags: &mut Diagnostics,
    ) -> Option<()> {
        let pool = &self.ipam?.pools[index];
        let AllocationRules {
            min_netmask,
            max_netmask,
            ..
        } = &pool.rules;
        let below = min_netmask.filter(|min| prefix < *min);
        let above = max_netmask.filter(|max| prefix > *max);
        if below.is_none() && above.is_none() {
            return Some(());
        }
        let range = format!(
            "/{} to /{}",
            min_netmask.map_or(0, |m| m),
            max_netmask.map_or(width(pool.family), |m| m)
        );
        diags.push(
            Diagnostic::error(
                Code::AllocationRule,
                path.clone(),
                format!(
                    "{what} asks for a /{prefix} from pool {:?}, whose allocation rules allow {range}",
                    pool.name
                ),
            )
            .with_help(format!(
                "ask for a netmask in {range}, or widen the pool's rules"
            )),
        );
        None
    }

    /// A VPC's block of `/prefix` from the named pool: checks the pool's family, locale,
    /// rules and tags, then takes the block (`Some(None)`: known only at deploy time).
    /// Problems with the pool are reported at `request.pool_path`, with the size at
    /// `request.size_path`.
    pub fn allocate_vpc(
        &mut self,
        network: &Network,
        vpc: &Vpc,
        request: VpcRequest<'_>,
        diags: &mut Diagnostics,
    ) -> Option<Option<IpNet>> {
        let VpcRequest {
            pool: name,
            family,
            prefix,
            at_deploy,
            pool_path,
            size_path,
        } = request;
        let what = format!("vpc {:?}", vpc.name);
        let Some(&index) = self.index.get(name) else {
            diags.push(
                Diagnostic::error(
                    Code::UnknownPool,
                    pool_path,
                    format!("{what} allocates from IPAM pool {name:?}, which does not exist"),
                )
                .with_help(if self.index.is_empty() {
                    "declare an IPAM with Network::builder(..).ipam(..)".to_string()
                } else {
                    format!("known pools: {}", self.names().join(", "))
                }),
            );
            return None;
        };
        let pool = &self.ipam?.pools[index];
        if pool.family != family {
            diags.push(
                Diagnostic::error(
                    Code::UnknownPool,
                    pool_path,
                    format!(
                        "{what} takes its {} block from pool {name:?}, an {} pool",
                        family.as_str(),
                        pool.family.as_str()
                    ),
                )
                .with_help(format!("name an {} pool", family.as_str())),
            );
            return None;
        }
        match &pool.locale {
            Some(locale) if *locale == vpc.region => {}
            locale => {
                diags.push(
                    Diagnostic::error(
                        Code::PoolLocale,
                        pool_path,
                        match locale {
                            Some(locale) => format!(
                                "{what} is in {}, but pool {name:?} has locale {locale}",
                                vpc.region
                            ),
                            None => format!(
                                "{what} is in {}, but pool {name:?} has no locale",
                                vpc.region
                            ),
                        },
                    )
                    .with_help("a VPC allocates from a pool whose locale is the VPC's region"),
                );
                return None;
            }
        }
        let missing: Vec<String> = pool
            .rules
            .required_tags
            .iter()
            .filter(|(k, v)| vpc.tags.get(*k).or_else(|| network.tags.get(*k)) != Some(*v))
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        if !missing.is_empty() {
            diags.push(
                Diagnostic::error(
                    Code::PoolTags,
                    pool_path,
                    format!(
                        "{what} allocates from pool {name:?}, which requires the tags {}; the VPC lacks them",
                        missing.join(", ")
                    ),
                )
                .with_help("tag the VPC (Vpc::builder(..).tag(key, value)) or the network"),
            );
        }
        let holder = Holder::Vpc(vpc.name.clone());
        self.take(index, holder, prefix, at_deploy, &what, &size_path, diags)
    }

    /// Takes a pinned VPC CIDR out of every IPv4 pool it falls in, so that pools do not
    /// give its space to another VPC. Returns the names of the pools with a locale it lies in.
    pub fn reserve_pinned(&mut self, net: Ipv4Net) -> Vec<String> {
        let net = IpNet::V4(net);
        let mut inside = Vec::new();
        for (index, plan) in self.plans.iter_mut().enumerate() {
            let (Some(plan), Some(space)) = (plan, self.spaces[index].as_mut()) else {
                continue;
            };
            let Some(cidr) = plan.cidr.filter(|c| c.contains(&net)) else {
                continue;
            };
            space.reserve(offset_in(cidr, net), net.prefix_len());
            plan.used = plan.size - space.free();
            let pool = &self.ipam.expect("plans come from the IPAM").pools[index];
            if pool.locale.is_some() {
                inside.push(pool.name.clone());
            }
        }
        inside
    }

    /// Reports pools with the same parent (or top-level pools of one scope and family)
    /// that overlap: sorted by start, each compared with the furthest end before it.
    fn check_sibling_overlaps(&self, ipam: &Ipam, diags: &mut Diagnostics) {
        let mut nets: Vec<(Option<&str>, IpamScope, bool, IpNet, usize)> = self
            .plans
            .iter()
            .enumerate()
            .filter_map(|(i, plan)| {
                let pool = &ipam.pools[i];
                let net = plan.as_ref()?.cidr?;
                Some((
                    pool.parent.as_deref(),
                    pool.scope,
                    pool.family == AddressFamily::Ipv6,
                    net,
                    i,
                ))
            })
            .collect();
        nets.sort_by(|a, b| {
            (a.0, a.1 as u8, a.2, a.3.network(), a.4).cmp(&(
                b.0,
                b.1 as u8,
                b.2,
                b.3.network(),
                b.4,
            ))
        });
        let mut group_start = 0;
        let mut widest = 0;
        for i in 1..nets.len() {
            let (prev, cur) = (&nets[group_start], &nets[i]);
            if (prev.0, prev.1, prev.2) != (cur.0, cur.1, cur.2) {
                group_start = i;
                widest = i;
                continue;
            }
            let holder = &nets[widest];
            if holder.3.contains(&cur.3.network()) {
                // Reported at the pool declared later: the one that came in over space
                // already taken (and that append-stable planning will not move).
                let (first, second) = if holder.4 < cur.4 {
                    (holder, cur)
                } else {
                    (cur, holder)
                };
                let (a, b) = (&ipam.pools[first.4], &ipam.pools[second.4]);
                let cidr_path = Path::root()
                    .field("ipam")
                    .field("pools")
                    .key(&b.name)
                    .field("cidr");
                diags.push(
                    Diagnostic::error(
                        Code::PoolOverlap,
                        match b.cidr {
                            PoolCidr::Pinned(_) => cidr_path.field("pinned"),
                            PoolCidr::Allocated(_) => cidr_path.field("allocated"),
                            PoolCidr::Amazon(_) => cidr_path.field("amazon"),
                        },
                        format!(
                            "pool {:?} ({}) overlaps pool {:?} ({}), {}",
                            b.name,
                            second.3,
                            a.name,
                            first.3,
                            match &b.parent {
                                Some(parent) => format!("both children of {parent:?}"),
                                None => "both top-level pools".to_string(),
                            }
                        ),
                    )
                    .with_help("give sibling pools disjoint CIDRs, or allocate them by size"),
                );
            }
            if cur.3.broadcast() > holder.3.broadcast() {
                widest = i;
            }
        }
    }

    /// The plans, in the IPAM's pool order (`None` where the pool could not be planned).
    pub fn into_plans(self) -> Vec<Option<PoolPlan>> {
        self.plans
    }
}
