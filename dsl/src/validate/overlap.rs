//! Containment and overlap of planned CIDRs. Overlaps are found by sorting and one sweep,
//! O(n log n), never by comparing every pair.

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::model::{Network, SubnetSize};
use crate::path::Path;
use crate::plan::PartialPlan;
use indexmap::IndexSet;
use ipnet::Ipv4Net;

struct Placed {
    /// Declaration order: an overlap is reported at the later of the two, the one that
    /// came in over space already taken (and that append-stable planning will not move).
    order: usize,
    net: Ipv4Net,
    label: String,
    path: Path,
}

pub(super) fn check(network: &Network, plan: &PartialPlan, diags: &mut Diagnostics) {
    // VPCs attached only to the core network are left to NF0711, which checks them where
    // they are routed together: VPCs of isolated segments may reuse address space.
    let on_hubs: IndexSet<&str> = network
        .transit_gateways
        .iter()
        .flat_map(|t| &t.attachments)
        .map(|a| a.vpc.as_str())
        .collect();
    let on_core_only: IndexSet<&str> = network
        .core_network
        .iter()
        .flat_map(|core| &core.attachments)
        .map(|a| a.vpc.as_str())
        .filter(|vpc| !on_hubs.contains(vpc))
        .collect();
    let mut vpcs = Vec::new();
    for (vpc, vpc_plan) in network.vpcs.iter().zip(&plan.vpcs) {
        let Some(vpc_plan) = vpc_plan else { continue };
        let vpc_path = Path::root().field("vpcs").key(&vpc.name);
        if !on_core_only.contains(vpc.name.as_str()) {
            vpcs.push(Placed {
                order: vpcs.len(),
                net: vpc_plan.cidr,
                label: format!("vpc {:?}", vpc.name),
                path: vpc_path.field("cidr"),
            });
        }
        let mut subnets = Vec::new();
        for (group, nets) in vpc.subnet_groups.iter().zip(&vpc_plan.subnet_groups) {
            let Some(nets) = nets else { continue };
            let size_path = vpc_path
                .field("subnet_groups")
                .key(&group.name)
                .field("size");
            for (i, (az, net)) in vpc.azs.iter().zip(nets).enumerate() {
                // A pinned CIDR is pointed at itself; an allocated one at its group's size.
                let path = match &group.size {
                    SubnetSize::Pinned(_) => size_path.field("pinned").index(i),
                    SubnetSize::Prefix(_) | SubnetSize::None => size_path.clone(),
                };
                let placed = Placed {
                    order: subnets.len(),
                    net: *net,
                    label: format!("subnet {:?} in {az}", group.name),
                    path,
                };
                if !vpc_plan.cidr.contains(net) {
                    diags.push(
                        Diagnostic::error(
                            Code::SubnetOutsideVpc,
                            placed.path.clone(),
                            format!(
                                "{} has CIDR {net}, outside vpc {:?} {}",
                                placed.label, vpc.name, vpc_plan.cidr
                            ),
                        )
                        .with_help("pin a CIDR inside the VPC, or let netform allocate it"),
                    );
                } else {
                    subnets.push(placed);
                }
            }
        }
        sweep(
            &mut subnets,
            Code::SubnetOverlap,
            &format!("of vpc {:?} ", vpc.name),
            diags,
        );
    }
    sweep(&mut vpcs, Code::VpcOverlap, "", diags);
}

/// Sorts by start address and reports each CIDR that starts inside the one before it that
/// reaches furthest. CIDRs nest or are disjoint, so this finds every overlapping CIDR.
fn sweep(items: &mut [Placed], code: Code, context: &str, diags: &mut Diagnostics) {
    items.sort_by_key(|p| (p.net.network(), p.net.prefix_len()));
    let mut reach: Option<usize> = None;
    for i in 0..items.len() {
        if let Some(r) = reach {
            if items[r].net.contains(&items[i].net.network()) {
                let (first, second) = if items[r].order < items[i].order {
                    (&items[r], &items[i])
                } else {
                    (&items[i], &items[r])
                };
                diags.push(
                    Diagnostic::error(
                        code,
                        second.path.clone(),
                        format!(
                            "{} {}{} overlaps {} {}",
                            second.label, context, second.net, first.label, first.net
                        ),
                    )
                    .with_help(
                        "give one of them other addresses; allocate from an IP block and netform picks free ones",
                    ),
                );
                continue;
            }
        }
        reach = Some(i);
    }
}

/// A prefix on a hub, for [`on_premises_overlaps`]: its CIDR, how a message names it, where it
/// is declared, and whether it is an on-premises range (else a VPC's CIDR).
pub(super) struct HubPrefix {
    pub net: Ipv4Net,
    pub what: String,
    pub path: Path,
    pub on_premises: bool,
}

impl HubPrefix {
    /// The CIDR of the VPC `name` on the hub, attached at `path`.
    pub(super) fn vpc(name: &str, net: Ipv4Net, path: Path) -> Self {
        HubPrefix {
            net,
            what: format!("vpc {name:?} {net}"),
            path,
            on_premises: false,
        }
    }
}

/// The on-premises ranges declared at `list` (each parsed, or its NF0101 reported).
pub(super) fn declared_ranges(
    prefixes: &[String],
    list: &Path,
    diags: &mut Diagnostics,
) -> Vec<HubPrefix> {
    let mut nets = Vec::new();
    for (i, prefix) in prefixes.iter().enumerate() {
        let path = list.index(i);
        if let Some(net) = crate::plan::parse_cidr(prefix, "on-premises prefix", &path, diags) {
            let what = format!("on-premises prefix {net}");
            nets.push(HubPrefix {
                net,
                what,
                path,
                on_premises: true,
            });
        }
    }
    nets
}

/// On-premises ranges on a hub against each other and against the VPCs on it (VPC against VPC
/// is NF0107's): each overlap is `code` at the on-premises range, the declaration that
/// collides with deployed VPCs. Sort and sweep, O(n log n): two CIDRs nest or are apart, so
/// each is compared with the one before it that reaches furthest.
pub(super) fn on_premises_overlaps(
    mut nets: Vec<HubPrefix>,
    (code, hub): (Code, &str),
    diags: &mut Diagnostics,
) {
    nets.sort_by_key(|n| (n.net.network(), std::cmp::Reverse(n.net.prefix_len())));
    let mut open: Option<usize> = None;
    for i in 0..nets.len() {
        if let Some(j) = open {
            if nets[j].net.contains(&nets[i].net.network())
                && (nets[i].on_premises || nets[j].on_premises)
            {
                let (here, there) = if nets[i].on_premises { (i, j) } else { (j, i) };
                diags.push(
                    Diagnostic::error(
                        code,
                        nets[here].path.clone(),
                        format!(
                            "on {hub}, {} overlaps {}",
                            nets[here].what, nets[there].what
                        ),
                    )
                    .with_help(
                        "the hub cannot route two owners of one address; renumber one of them",
                    ),
                );
            }
        }
        if open.is_none_or(|j| nets[i].net.broadcast() > nets[j].net.broadcast()) {
            open = Some(i);
        }
    }
}
