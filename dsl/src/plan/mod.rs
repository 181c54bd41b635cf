//! IP planning: every VPC and subnet CIDR, pinned or allocated, decided deterministically.
//!
//! Append-stable: VPCs are planned in declaration order, each allocated one taking the lowest
//! free aligned block that nothing declared *before* it holds; subnet groups likewise inside
//! their VPC. Adding a VPC or a subnet group at the end therefore never moves an existing CIDR
//! (a moved subnet CIDR replaces the subnet in AWS). A pinned CIDR declared later over space
//! already allocated is reported as an overlap, not silently moved around.

mod allocator;
mod pools;
mod space;

pub use allocator::Allocator;
pub use pools::{Holder, PoolAllocation, PoolPlan, AMAZON_IPV6_POOL_NETMASKS};
pub use space::Space;

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::ipam::AddressFamily;
use crate::model::{Network, SubnetSize, Vpc, VpcCidr, VpcIpv6};
use crate::path::Path;
use indexmap::IndexMap;
use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use pools::{Pools, VpcRequest};

/// The smallest and largest IPv4 prefix a VPC or subnet may have: "The allowed block size is
/// between a /16 netmask (65,536 IP addresses) and /28 netmask (16 IP addresses)"
/// (Amazon VPC User Guide, "VPC CIDR blocks" and "Subnet CIDR blocks").
pub const IPV4_PREFIX_RANGE: std::ops::RangeInclusive<u8> = 16..=28;

/// The IPv6 prefix lengths a subnet may have: "/44 to /64 in increments of 4" (NET208; Amazon
/// VPC User Guide, "Subnet CIDR blocks": "If you've associated an IPv6 CIDR block with your
/// VPC, you can create a subnet with an IPv6 CIDR block ... /44 to /64 in increments of /4").
pub const IPV6_SUBNET_PREFIXES: std::ops::RangeInclusive<u8> = 44..=64;

/// The size of an Amazon-provided VPC IPv6 block: "a /56 IPv6 CIDR block from Amazon's pool
/// of IPv6 addresses" (Amazon VPC User Guide, "VPC CIDR blocks").
pub const AMAZON_VPC_IPV6_PREFIX: u8 = 56;

/// The planned CIDRs of one VPC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VpcPlan {
    /// The VPC's IPv4 CIDR. For a VPC that IPAM allocates at deploy time, the block netform's
    /// mirror of the pool took: the subnets are placed relative to it.
    pub cidr: Ipv4Net,
    /// Per subnet group (in model order), one CIDR per AZ (in the VPC's AZ order); empty for
    /// an IPv6-only group.
    pub subnet_groups: Vec<Vec<Ipv4Net>>,
    /// The IPv6 side, if the VPC has an IPv6 block.
    pub ipv6: Option<Ipv6Plan>,
}

/// A VPC's IPv6 subnets, relative to its block (which AWS chooses at deploy time).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ipv6Plan {
    /// The VPC block's prefix length (/56 when Amazon provides it).
    pub prefix: u8,
    /// Per subnet group (in model order), one slot per AZ; empty for an IPv4-only group.
    pub subnet_groups: Vec<Vec<Ipv6Slot>>,
}

/// One subnet's IPv6 block: the `index`-th `/prefix` of the VPC's block, as Terraform's
/// `cidrsubnet(block, prefix - block_prefix, index)` and CloudFormation's
/// `Fn::Select [index, Fn::Cidr [block, index + 1, 128 - prefix]]` compute it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ipv6Slot {
    /// The subnet's prefix length.
    pub prefix: u8,
    /// Which block of that size, counting from the start of the VPC's block.
    pub index: u64,
}

/// What planning found, with gaps where the input was wrong (and a diagnostic says why).
#[derive(Debug, Clone, Default)]
pub(crate) struct PartialPlan {
    pub vpcs: Vec<Option<PartialVpcPlan>>,
    pub pools: Vec<Option<PoolPlan>>,
}

#[derive(Debug, Clone)]
pub(crate) struct PartialVpcPlan {
    pub cidr: Ipv4Net,
    pub subnet_groups: Vec<Option<Vec<Ipv4Net>>>,
    pub ipv6: Option<PartialIpv6Plan>,
}

#[derive(Debug, Clone)]
pub(crate) struct PartialIpv6Plan {
    pub prefix: u8,
    pub subnet_groups: Vec<Option<Vec<Ipv6Slot>>>,
}

impl PartialPlan {
    /// The complete plan, if nothing is missing.
    pub fn complete(self) -> Option<(Vec<VpcPlan>, Vec<PoolPlan>)> {
        let vpcs = self
            .vpcs
            .into_iter()
            .map(|vpc| {
                let vpc = vpc?;
                let ipv6 = match vpc.ipv6 {
                    None => None,
                    Some(ipv6) => Some(Ipv6Plan {
                        prefix: ipv6.prefix,
                        subnet_groups: ipv6.subnet_groups.into_iter().collect::<Option<_>>()?,
                    }),
                };
                Some(VpcPlan {
                    cidr: vpc.cidr,
                    subnet_groups: vpc.subnet_groups.into_iter().collect::<Option<_>>()?,
                    ipv6,
                })
            })
            .collect::<Option<_>>()?;
        let pools = self.pools.into_iter().collect::<Option<_>>()?;
        Some((vpcs, pools))
    }
}

/// Parses an IPv6 CIDR written by the user, reporting a syntax error or host bits at `path`.
pub(crate) fn parse_cidr6(
    text: &str,
    what: &str,
    path: &Path,
    diags: &mut Diagnostics,
) -> Option<Ipv6Net> {
    match parse_net(text, AddressFamily::Ipv6, what, path, diags)? {
        IpNet::V6(net) => Some(net),
        IpNet::V4(_) => None,
    }
}

/// Parses a CIDR written by the user, reporting a syntax error or host bits at `path`.
pub(crate) fn parse_cidr(
    text: &str,
    what: &str,
    path: &Path,
    diags: &mut Diagnostics,
) -> Option<Ipv4Net> {
    if text.is_empty() {
        diags.push(
            Diagnostic::error(
                Code::CidrSyntax,
                path.clone(),
                format!("{what} has no CIDR"),
            )
            .with_help("pin one, such as 10.0.0.0/16, or allocate it from an IP block"),
        );
        return None;
    }
    match parse_net(text, AddressFamily::Ipv4, what, path, diags)? {
        IpNet::V4(net) => Some(net),
        IpNet::V6(_) => None,
    }
}

/// A CIDR of `family`, or a diagnostic: not a CIDR of the family, or host bits set.
fn parse_net(
    text: &str,
    family: AddressFamily,
    what: &str,
    path: &Path,
    diags: &mut Diagnostics,
) -> Option<IpNet> {
    let (name, example) = match family {
        AddressFamily::Ipv4 => ("IPv4", "10.0.0.0/16"),
        AddressFamily::Ipv6 => ("IPv6", "fd00:10::/40"),
    };
    let net = text.parse::<IpNet>().ok().filter(|net| {
        matches!(
            (net, family),
            (IpNet::V4(_), AddressFamily::Ipv4) | (IpNet::V6(_), AddressFamily::Ipv6)
        )
    });
    let Some(net) = net else {
        diags.push(
            Diagnostic::error(
                Code::CidrSyntax,
                path.clone(),
                format!("{what} CIDR {text:?} is not an {name} CIDR"),
            )
            .with_help(format!(
                "write it as an address and a prefix length, such as {example}"
            )),
        );
        return None;
    };
    if net.trunc() != net {
        diags.push(
            Diagnostic::error(
                Code::CidrHostBits,
                path.clone(),
                format!(
                    "{what} CIDR {net} has host bits set after the /{}",
                    net.prefix_len()
                ),
            )
            .with_help(format!("did you mean {}?", net.trunc())),
        );
        return None;
    }
    Some(net)
}

fn check_prefix(prefix: u8, code: Code, what: &str, path: &Path, diags: &mut Diagnostics) -> bool {
    if IPV4_PREFIX_RANGE.contains(&prefix) {
        return true;
    }
    diags.push(
        Diagnostic::error(
            code,
            path.clone(),
            format!("{what} is a /{prefix}, outside the /16 to /28 that AWS allows"),
        )
        .with_help("AWS allows IPv4 VPCs and subnets from /16 (65,536 addresses) to /28 (16)"),
    );
    false
}

/// Plans every CIDR of the network, reporting what cannot be planned.
pub(crate) fn plan(network: &Network, diags: &mut Diagnostics) -> PartialPlan {
    let blocks = plan_blocks(network, diags);
    let mut allocators: IndexMap<&str, Allocator> = blocks
        .iter()
        .filter_map(|(name, block)| Some((*name, Allocator::new((*block)?))))
        .collect();
    let mut pools = Pools::plan(network, diags);
    let vpcs = network
        .vpcs
        .iter()
        .map(|vpc| {
            let path = Path::root().field("vpcs").key(&vpc.name);
            let mut space = VpcSpace {
                blocks: &blocks,
                allocators: &mut allocators,
                pools: &mut pools,
            };
            let cidr = space.vpc_cidr(network, vpc, &path, diags);
            let ipv6 = space.vpc_ipv6(network, vpc, &path, diags);
            let cidr = cidr?;
            Some(PartialVpcPlan {
                cidr,
                subnet_groups: plan_subnets(vpc, cidr, &path, diags),
                ipv6: ipv6.map(|prefix| PartialIpv6Plan {
                    prefix,
                    subnet_groups: plan_ipv6_subnets(vpc, prefix, &path, diags),
                }),
            })
        })
        .collect();
    PartialPlan {
        vpcs,
        pools: pools.into_plans(),
    }
}

fn plan_blocks<'n>(
    network: &'n Network,
    diags: &mut Diagnostics,
) -> IndexMap<&'n str, Option<Ipv4Net>> {
    let mut blocks = IndexMap::new();
    for block in &network.ip_blocks {
        let path = Path::root()
            .field("ip_blocks")
            .key(&block.name)
            .field("cidr");
        let what = format!("IP block {:?}", block.name);
        let net = parse_cidr(&block.cidr, &what, &path, diags);
        blocks.entry(block.name.as_str()).or_insert(net);
    }
    blocks
}

/// Where VPC blocks come from: IP blocks and IPAM pools.
struct VpcSpace<'a, 'n> {
    blocks: &'a IndexMap<&'n str, Option<Ipv4Net>>,
    allocators: &'a mut IndexMap<&'n str, Allocator>,
    pools: &'a mut Pools<'n>,
}

impl VpcSpace<'_, '_> {
    fn vpc_cidr(
        &mut self,
        network: &Network,
        vpc: &Vpc,
        path: &Path,
        diags: &mut Diagnostics,
    ) -> Option<Ipv4Net> {
        let what = format!("vpc {:?}", vpc.name);
        let path = path.field("cidr");
        match &vpc.cidr {
            VpcCidr::Pinned(text) => {
                let net = parse_cidr(text, &what, &path, diags)?;
                if !check_prefix(net.prefix_len(), Code::VpcPrefix, &what, &path, diags) {
                    return None;
                }
                for allocator in self.allocators.values_mut() {
                    allocator.reserve(net);
                }
                self.unmanaged(vpc, net, &path, diags);
                Some(net)
            }
            VpcCidr::Allocated { block, prefix }
                if !self.blocks.contains_key(block.as_str()) && self.pools.has(block) =>
            {
                if !check_prefix(*prefix, Code::VpcPrefix, &what, &path, diags) {
                    return None;
                }
                let request = VpcRequest {
                    pool: block,
                    family: AddressFamily::Ipv4,
                    prefix: *prefix,
                    at_deploy: false,
                    pool_path: path.field("block"),
                    size_path: path.field("prefix"),
                };
                let net = self.pools.allocate_vpc(network, vpc, request, diags)?;
                self.reserve_in_blocks(net)
            }
            VpcCidr::Allocated { block, prefix } => {
                let net = self.take_from_block(vpc, block, *prefix, &path, diags)?;
                self.unmanaged(vpc, net, &path, diags);
                Some(net)
            }
            VpcCidr::Ipam { pool, netmask } => {
                if !check_prefix(
                    *netmask,
                    Code::VpcPrefix,
                    &what,
                    &path.field("netmask"),
                    diags,
                ) {
                    return None;
                }
                let request = VpcRequest {
                    pool,
                    family: AddressFamily::Ipv4,
                    prefix: *netmask,
                    at_deploy: true,
                    pool_path: path.field("pool"),
                    size_path: path.field("netmask"),
                };
                let net = self.pools.allocate_vpc(network, vpc, request, diags)?;
                self.reserve_in_blocks(net)
            }
        }
    }

    /// A block taken from a pool is taken from the IP blocks too.
    fn reserve_in_blocks(&mut self, net: Option<IpNet>) -> Option<Ipv4Net> {
        let Some(IpNet::V4(net)) = net else {
            return None; // IPv4 pools always have a known CIDR
        };
        for allocator in self.allocators.values_mut() {
            allocator.reserve(net);
        }
        Some(net)
    }

    /// Reserves a VPC CIDR that no pool allocated in every pool that holds it, and warns
    /// when such a pool gives space to VPCs: IPAM does not know of the CIDR and may hand it
    /// to another VPC.
    fn unmanaged(&mut self, vpc: &Vpc, net: Ipv4Net, path: &Path, diags: &mut Diagnostics) {
        let pools = self.pools.reserve_pinned(net);
        if let Some(pool) = pools.last() {
            diags.push(
                Diagnostic::warning(
                    Code::UnmanagedInPool,
                    path.clone(),
                    format!(
                        "vpc {:?} has {net}, inside IPAM pool {pool:?}, but does not allocate it from the pool",
                        vpc.name
                    ),
                )
                .with_help(format!(
                    "allocate the VPC from the pool (.allocate({pool:?}, {})) so that IPAM records it",
                    net.prefix_len()
                )),
            );
        }
    }

    fn take_from_block(
        &mut self,
        vpc: &Vpc,
        block: &str,
        prefix: u8,
        path: &Path,
        diags: &mut Diagnostics,
    ) -> Option<Ipv4Net> {
        let what = format!("vpc {:?}", vpc.name);
        if !check_prefix(prefix, Code::VpcPrefix, &what, path, diags) {
            return None;
        }
        let Some(block_net) = self.blocks.get(block) else {
            let known: Vec<&str> = self
                .blocks
                .keys()
                .copied()
                .chain(self.pools.names())
                .collect();
            diags.push(
                Diagnostic::error(
                    Code::UnknownBlock,
                    path.field("block"),
                    format!("{what} is allocated from IP block {block:?}, which does not exist"),
                )
                .with_help(if known.is_empty() {
                    "declare one with Network::builder(..).ip_block(name, cidr)".to_string()
                } else {
                    format!("known IP blocks and IPAM pools: {}", known.join(", "))
                }),
            );
            return None;
        };
        let block_net = (*block_net)?; // its own CIDR error is reported already
        if prefix < block_net.prefix_len() {
            diags.push(
                Diagnostic::error(
                    Code::AllocationTooLarge,
                    path.field("prefix"),
                    format!("{what} asks for a /{prefix}, larger than its IP block {block_net}"),
                )
                .with_help(format!(
                    "ask for a /{} or longer, or use a larger block",
                    block_net.prefix_len()
                )),
            );
            return None;
        }
        let allocator = self.allocators.get_mut(block)?;
        let left = allocator.free_addresses();
        let net = allocator.allocate(prefix);
        if net.is_none() {
            diags.push(
                Diagnostic::error(
                    Code::BlockExhausted,
                    path.clone(),
                    format!(
                        "{what}: a /{prefix} does not fit in the {left} addresses left of {block_net}"
                    ),
                )
                .with_help("use a longer prefix, or add the VPC to a larger IP block"),
            );
        }
        net
    }

    /// The prefix of the VPC's IPv6 block, if it has one (taking it from its pool).
    fn vpc_ipv6(
        &mut self,
        network: &Network,
        vpc: &Vpc,
        path: &Path,
        diags: &mut Diagnostics,
    ) -> Option<u8> {
        match vpc.ipv6.as_ref()? {
            VpcIpv6::AmazonProvided => Some(AMAZON_VPC_IPV6_PREFIX),
            VpcIpv6::Ipam { pool, netmask } => {
                let path = path.field("ipv6");
                if !VPC_IPV6_NETMASKS.contains(netmask) || netmask % 4 != 0 {
                    diags.push(
                        Diagnostic::error(
                            Code::Ipv6Prefix,
                            path.field("netmask"),
                            format!(
                                "vpc {:?} asks its IPAM pool for a /{netmask} IPv6 block; a VPC's IPv6 block is /{} to /{} in steps of 4",
                                vpc.name,
                                VPC_IPV6_NETMASKS.start(),
                                VPC_IPV6_NETMASKS.end()
                            ),
                        )
                        .with_help("ask for a /56, the size Amazon provides"),
                    );
                    return None;
                }
                let request = VpcRequest {
                    pool,
                    family: AddressFamily::Ipv6,
                    prefix: *netmask,
                    at_deploy: true,
                    pool_path: path.field("pool"),
                    size_path: path.field("netmask"),
                };
                self.pools.allocate_vpc(network, vpc, request, diags)?;
                Some(*netmask)
            }
        }
    }
}

/// The netmasks a VPC's IPv6 block from an IPAM pool may have: "/44 to /60 in increments of
/// /4" (Amazon VPC User Guide, "VPC CIDR blocks", IPv6 VPC CIDR blocks).
pub const VPC_IPV6_NETMASKS: std::ops::RangeInclusive<u8> = 44..=60;

/// One IPv6 slot per AZ for each group with IPv6, relative to the VPC's `/block` block, in
/// declaration order like the IPv4 side.
fn plan_ipv6_subnets(
    vpc: &Vpc,
    block: u8,
    path: &Path,
    diags: &mut Diagnostics,
) -> Vec<Option<Vec<Ipv6Slot>>> {
    let mut space = Space::new(block, 128);
    let slots = vpc.azs.len().max(vpc.reserved_azs.map_or(0, usize::from));
    vpc.subnet_groups
        .iter()
        .map(|group| {
            let Some(ipv6) = &group.ipv6 else {
                return Some(Vec::new());
            };
            let path = path.field("subnet_groups").key(&group.name).field("ipv6").field("prefix");
            let what = format!("subnet group {:?} of vpc {:?}", group.name, vpc.name);
            let prefix = ipv6.prefix;
            if !IPV6_SUBNET_PREFIXES.contains(&prefix) || prefix % 4 != 0 {
                diags.push(
                    Diagnostic::error(
                        Code::Ipv6Prefix,
                        path,
                        format!("{what} has /{prefix} IPv6 subnets; AWS allows /44 to /64 in steps of 4"),
                    )
                    .with_help("use /64, the usual IPv6 subnet size"),
                );
                return None;
            }
            if prefix < block {
                diags.push(
                    Diagnostic::error(
                        Code::Ipv6Prefix,
                        path,
                        format!("{what} has /{prefix} IPv6 subnets, larger than the VPC's /{block} IPv6 block"),
                    )
                    .with_help(format!("use /{block} or longer (/64 is usual)")),
                );
                return None;
            }
            let left = space.room_for(prefix);
            let mut trial = space.clone();
            let taken: Option<Vec<Ipv6Slot>> = (0..slots)
                .map(|_| {
                    let offset = trial.allocate(prefix)?;
                    let index = u64::try_from(offset >> (128 - u32::from(prefix))).ok()?;
                    Some(Ipv6Slot { prefix, index })
                })
                .collect();
            match taken {
                Some(mut taken) => {
                    space = trial;
                    taken.truncate(vpc.azs.len());
                    Some(taken)
                }
                None => {
                    diags.push(
                        Diagnostic::error(
                            Code::Ipv6Prefix,
                            path,
                            format!(
                                "{what}: {slots} IPv6 subnets of /{prefix} do not fit in the VPC's /{block} block, which has room for {left} more"
                            ),
                        )
                        .with_help("use longer IPv6 prefixes (/64), or a larger VPC IPv6 block"),
                    );
                    None
                }
            }
        })
        .collect()
}

fn plan_subnets(
    vpc: &Vpc,
    vpc_cidr: Ipv4Net,
    path: &Path,
    diags: &mut Diagnostics,
) -> Vec<Option<Vec<Ipv4Net>>> {
    let mut allocator = Allocator::new(vpc_cidr);
    let az_count = vpc.azs.len();
    // Space is planned for the reserved AZs too; only the listed AZs' subnets are used.
    let slots = az_count.max(vpc.reserved_azs.map_or(0, usize::from));
    vpc.subnet_groups
        .iter()
        .map(|group| {
            let path = path.field("subnet_groups").key(&group.name);
            let what = format!("subnet group {:?} of vpc {:?}", group.name, vpc.name);
            match &group.size {
                SubnetSize::Prefix(prefix) => {
                    let path = path.field("size");
                    if !check_prefix(*prefix, Code::SubnetPrefix, &what, &path, diags) {
                        return None;
                    }
                    let left = allocator.free_addresses();
                    // All of the group or none of it: a group that does not fit must not use
                    // up space that the groups after it could have had.
                    let mut trial = allocator.clone();
                    let nets: Option<Vec<Ipv4Net>> = (0..slots)
                        .map(|_| trial.allocate(*prefix))
                        .collect::<Option<Vec<_>>>()
                        .map(|mut nets| {
                            nets.truncate(az_count);
                            nets
                        });
                    if nets.is_some() {
                        allocator = trial;
                    } else {
                        diags.push(
                            Diagnostic::error(
                                Code::VpcExhausted,
                                path,
                                format!(
                                    "{what}: {slots} subnets of /{prefix} do not fit in the {left} addresses left of {vpc_cidr}"
                                ),
                            )
                            .with_help("use a longer prefix, fewer AZs, or a larger VPC CIDR"),
                        );
                    }
                    nets
                }
                SubnetSize::None => Some(Vec::new()),
                SubnetSize::Pinned(cidrs) => {
                    let path = path.field("size").field("pinned");
                    let mut nets = Vec::with_capacity(cidrs.len());
                    for (i, text) in cidrs.iter().enumerate() {
                        let path = path.index(i);
                        let net = parse_cidr(text, &what, &path, diags)
                            .filter(|net| {
                                check_prefix(net.prefix_len(), Code::SubnetPrefix, &what, &path, diags)
                            });
                        // One outside the VPC (NF0105) holds none of its space.
                        if let Some(net) = net.filter(|net| vpc_cidr.contains(net)) {
                            allocator.reserve(net);
                        }
                        nets.push(net);
                    }
                    if cidrs.len() != az_count {
                        diags.push(
                            Diagnostic::error(
                                Code::PinnedCount,
                                path,
                                format!(
                                    "{what} pins {} CIDRs for the VPC's {az_count} AZs",
                                    cidrs.len()
                                ),
                            )
                            .with_help("pin exactly one CIDR per AZ, in the VPC's AZ order"),
                        );
                        return None;
                    }
                    nets.into_iter().collect()
                }
            }
        })
        .collect()
}
