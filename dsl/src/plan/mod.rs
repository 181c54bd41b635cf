//! IP planning: every VPC and subnet CIDR, pinned or allocated, decided deterministically.
//!
//! Append-stable: VPCs are planned in declaration order, each allocated one taking the lowest
//! free aligned block that nothing declared *before* it holds; subnet groups likewise inside
//! their VPC. Adding a VPC or a subnet group at the end therefore never moves an existing CIDR
//! (a moved subnet CIDR replaces the subnet in AWS). A pinned CIDR declared later over space
//! already allocated is reported as an overlap, not silently moved around.

mod allocator;

pub use allocator::Allocator;

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::model::{Network, SubnetSize, Vpc, VpcCidr};
use crate::path::Path;
use indexmap::IndexMap;
use ipnet::Ipv4Net;

/// The smallest and largest IPv4 prefix a VPC or subnet may have: "The allowed block size is
/// between a /16 netmask (65,536 IP addresses) and /28 netmask (16 IP addresses)"
/// (Amazon VPC User Guide, "VPC CIDR blocks" and "Subnet CIDR blocks").
pub const IPV4_PREFIX_RANGE: std::ops::RangeInclusive<u8> = 16..=28;

/// The planned CIDRs of one VPC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VpcPlan {
    /// The VPC's IPv4 CIDR.
    pub cidr: Ipv4Net,
    /// Per subnet group (in model order), one CIDR per AZ (in the VPC's AZ order).
    pub subnet_groups: Vec<Vec<Ipv4Net>>,
}

/// What planning found, with gaps where the input was wrong (and a diagnostic says why).
#[derive(Debug, Clone, Default)]
pub(crate) struct PartialPlan {
    pub vpcs: Vec<Option<PartialVpcPlan>>,
}

#[derive(Debug, Clone)]
pub(crate) struct PartialVpcPlan {
    pub cidr: Ipv4Net,
    pub subnet_groups: Vec<Option<Vec<Ipv4Net>>>,
}

impl PartialPlan {
    /// The complete plan, if nothing is missing.
    pub fn complete(self) -> Option<Vec<VpcPlan>> {
        self.vpcs
            .into_iter()
            .map(|vpc| {
                let vpc = vpc?;
                Some(VpcPlan {
                    cidr: vpc.cidr,
                    subnet_groups: vpc.subnet_groups.into_iter().collect::<Option<_>>()?,
                })
            })
            .collect()
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
    let Ok(net) = text.parse::<Ipv4Net>() else {
        diags.push(
            Diagnostic::error(
                Code::CidrSyntax,
                path.clone(),
                format!("{what} CIDR {text:?} is not an IPv4 CIDR"),
            )
            .with_help("write it as an address and a prefix length, such as 10.0.0.0/16"),
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
    let vpcs = network
        .vpcs
        .iter()
        .map(|vpc| {
            let path = Path::root().field("vpcs").key(&vpc.name);
            let cidr = plan_vpc_cidr(vpc, &path, &blocks, &mut allocators, diags)?;
            Some(PartialVpcPlan {
                cidr,
                subnet_groups: plan_subnets(vpc, cidr, &path, diags),
            })
        })
        .collect();
    PartialPlan { vpcs }
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

fn plan_vpc_cidr(
    vpc: &Vpc,
    path: &Path,
    blocks: &IndexMap<&str, Option<Ipv4Net>>,
    allocators: &mut IndexMap<&str, Allocator>,
    diags: &mut Diagnostics,
) -> Option<Ipv4Net> {
    let what = format!("vpc {:?}", vpc.name);
    match &vpc.cidr {
        VpcCidr::Pinned(text) => {
            let path = path.field("cidr");
            let net = parse_cidr(text, &what, &path, diags)?;
            if !check_prefix(net.prefix_len(), Code::VpcPrefix, &what, &path, diags) {
                return None;
            }
            for allocator in allocators.values_mut() {
                allocator.reserve(net);
            }
            Some(net)
        }
        VpcCidr::Allocated { block, prefix } => {
            let path = path.field("cidr");
            if !check_prefix(*prefix, Code::VpcPrefix, &what, &path, diags) {
                return None;
            }
            let Some(block_net) = blocks.get(block.as_str()) else {
                let known: Vec<&str> = blocks.keys().copied().collect();
                diags.push(
                    Diagnostic::error(
                        Code::UnknownBlock,
                        path.field("block"),
                        format!(
                            "{what} is allocated from IP block {block:?}, which does not exist"
                        ),
                    )
                    .with_help(if known.is_empty() {
                        "declare one with Network::builder(..).ip_block(name, cidr)".to_string()
                    } else {
                        format!("known IP blocks: {}", known.join(", "))
                    }),
                );
                return None;
            };
            let block_net = (*block_net)?; // its own CIDR error is reported already
            if *prefix < block_net.prefix_len() {
                diags.push(
                    Diagnostic::error(
                        Code::AllocationTooLarge,
                        path.field("prefix"),
                        format!(
                            "{what} asks for a /{prefix}, larger than its IP block {block_net}"
                        ),
                    )
                    .with_help(format!(
                        "ask for a /{} or longer, or use a larger block",
                        block_net.prefix_len()
                    )),
                );
                return None;
            }
            let allocator = allocators.get_mut(block.as_str())?;
            let left = allocator.free_addresses();
            let net = allocator.allocate(*prefix);
            if net.is_none() {
                diags.push(
                    Diagnostic::error(
                        Code::BlockExhausted,
                        path,
                        format!(
                            "{what}: a /{prefix} does not fit in the {left} addresses left of {block_net}"
                        ),
                    )
                    .with_help("use a longer prefix, or add the VPC to a larger IP block"),
                );
            }
            net
        }
    }
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
