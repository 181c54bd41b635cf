//! Direct Connect gateways: names and ASNs AWS accepts, Transit Gateway associations of the
//! same account with another ASN, one per region, allowed prefixes that are IPv4 CIDRs apart
//! from each other, cover every VPC on the hub and stay within AWS's count, and core network
//! attachments at existing edges, outside the core network's ASNs, placed in a segment.

use super::names::check_siblings;
use super::vpn::{check_core_placement, check_hub_tables, in_asn_ranges, CoreAttachment};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::direct_connect::{DxAssociation, DxGateway};
use crate::model::Network;
use crate::path::Path;
use crate::plan::PartialPlan;
use crate::transit::TransitGateway;
use indexmap::{IndexMap, IndexSet};
use ipnet::Ipv4Net;

/// The Amazon-side ASN ranges of a Direct Connect gateway ("Create a Direct Connect gateway":
/// "The ASN must be in the 64,512 to 65,534 range or 4,200,000,000 to 4,294,967,294 range").
const ASN_RANGES: [(u32, u32); 2] = [(64_512, 65_534), (4_200_000_000, 4_294_967_294)];

/// Allowed prefixes per Transit Gateway association. The Direct Connect quotas page's row
/// "Number of prefixes per AWS Transit Gateway from AWS to on-premises on a transit virtual
/// interface" read 20 ("This limit cannot be increased") in every AWS text netform's authors
/// could read; a 2024-2026 summary reports it raised to 200. More than 200 is an error, more
/// than 20 a warning to check the account's quota.
const DOCUMENTED_PREFIXES: usize = 20;
const MAX_PREFIXES: usize = 200;

pub(super) fn check(network: &Network, plan: &PartialPlan, diags: &mut Diagnostics) {
    let hubs: IndexMap<&str, &TransitGateway> = network
        .transit_gateways
        .iter()
        .map(|t| (t.name.as_str(), t))
        .collect();
    let vpcs: IndexMap<&str, usize> = network
        .vpcs
        .iter()
        .enumerate()
        .map(|(i, v)| (v.name.as_str(), i))
        .collect();
    check_siblings(
        "Direct Connect gateway",
        network.dx_gateways.iter().map(|d| d.name.as_str()),
        &Path::root().field("dx_gateways"),
        diags,
    );
    let mut names: IndexSet<&str> = IndexSet::new();
    for dx in &network.dx_gateways {
        let path = Path::root().field("dx_gateways").key(&dx.name);
        // A repeated name is reported by check_siblings.
        if !names.insert(dx.name.as_str()) {
            continue;
        }
        check_gateway(network, dx, &path, diags);
        // The region of each association, for one association per region.
        let mut regions: IndexMap<&str, &str> = IndexMap::new();
        for (i, association) in dx.transit_gateways.iter().enumerate() {
            let at = path.field("transit_gateways").index(i);
            let Some(hub) = hubs.get(association.transit_gateway.as_str()).copied() else {
                diags.push(
                    Diagnostic::error(
                        Code::DxGatewayShape,
                        at.field("transit_gateway"),
                        format!(
                            "Direct Connect gateway {:?} is associated with Transit Gateway {:?}, which the network does not declare",
                            dx.name, association.transit_gateway
                        ),
                    )
                    .with_help("name a Transit Gateway of the network"),
                );
                continue;
            };
            if let Some(first) = regions.insert(hub.region.as_str(), hub.name.as_str()) {
                diags.push(
                    Diagnostic::error(
                        Code::DxGatewayShape,
                        at.field("transit_gateway"),
                        format!(
                            "Direct Connect gateway {:?} is associated with Transit Gateways {first:?} and {:?}, both in {}; netform associates one per region",
                            dx.name, hub.name, hub.region
                        ),
                    )
                    .with_help("associate the gateway with one Transit Gateway per region"),
                );
            }
            check_association(dx, association, hub, &at, diags);
            check_prefixes(network, plan, &vpcs, dx, association, hub, &at, diags);
        }
        check_same_asns(dx, &hubs, &path, diags);
        if let Some(attachment) = &dx.core_network {
            check_core(network, dx, attachment, &path.field("core_network"), diags);
        }
    }
}

fn check_gateway(network: &Network, dx: &DxGateway, path: &Path, diags: &mut Diagnostics) {
    let what = format!("Direct Connect gateway {:?}", dx.name);
    // `DirectConnectGatewayName`: pattern `^[\w \-_,\/]{1,100}$` (the resource schema). A
    // model name's characters are all in it; the name AWS gets is `<network>-<name>`.
    let aws_name = network.name.len() + 1 + dx.name.len();
    if aws_name > 100 {
        diags.push(
            Diagnostic::error(
                Code::DxGatewayShape,
                path.field("name"),
                format!(
                    "{what} becomes a name of {aws_name} characters (\"{}-{}\"); AWS takes at most 100",
                    network.name, dx.name
                ),
            )
            .with_help("shorten the gateway's or the network's name"),
        );
    }
    if network.account(&dx.account).is_none() {
        diags.push(
            Diagnostic::error(
                Code::DxGatewayShape,
                path.field("account"),
                format!(
                    "{what} is in account {:?}, which the network does not declare",
                    dx.account
                ),
            )
            .with_help("put it in the account of the hubs it joins"),
        );
    }
    if !ASN_RANGES
        .iter()
        .any(|(low, high)| (*low..=*high).contains(&dx.asn))
    {
        diags.push(
            Diagnostic::error(
                Code::DxGatewayShape,
                path.field("asn"),
                format!("{what} has ASN {}, outside 64512-65534 and 4200000000-4294967294", dx.asn),
            )
            .with_help("a Direct Connect gateway takes a private ASN of those ranges (64512 is AWS's default)"),
        );
    }
}

/// The association: a Transit Gateway of the gateway's account, with another ASN, and route
/// tables it has.
fn check_association(
    dx: &DxGateway,
    association: &DxAssociation,
    hub: &TransitGateway,
    at: &Path,
    diags: &mut Diagnostics,
) {
    let shape = |diags: &mut Diagnostics, at: Path, message: String, help: String| {
        diags.push(Diagnostic::error(Code::DxGatewayShape, at, message).with_help(help));
    };
    if hub.account != dx.account {
        shape(
            diags,
            at.field("transit_gateway"),
            format!(
                "Direct Connect gateway {:?} (account {:?}) is associated with Transit Gateway {:?} of account {:?}; netform associates a gateway with hubs of its own account",
                dx.name, dx.account, hub.name, hub.account
            ),
            "put the gateway in the hub's account (across accounts AWS needs an association proposal, which netform does not build)".to_string(),
        );
    }
    if hub.asn == dx.asn {
        shape(
            diags,
            at.field("transit_gateway"),
            format!(
                "Direct Connect gateway {:?} and Transit Gateway {:?} both have ASN {}: \"the Autonomous System Number (ASN) used by the transit gateway and the Direct Connect gateway must be different\"",
                dx.name, hub.name, dx.asn
            ),
            "give the Direct Connect gateway another ASN".to_string(),
        );
    }
    check_hub_tables(
        &format!("Direct Connect gateway {:?}", dx.name),
        hub,
        &association.route_table,
        &association.learned_by,
        at,
        Code::DxGatewayShape,
        diags,
    );
}

/// Allowed prefixes: some, IPv4 CIDRs, apart from each other, covering every VPC on the hub,
/// and no more than AWS takes.
#[allow(clippy::too_many_arguments)]
fn check_prefixes(
    network: &Network,
    plan: &PartialPlan,
    vpcs: &IndexMap<&str, usize>,
    dx: &DxGateway,
    association: &DxAssociation,
    hub: &TransitGateway,
    at: &Path,
    diags: &mut Diagnostics,
) {
    let list = at.field("allowed_prefixes");
    let what = format!(
        "the association of Direct Connect gateway {:?} with Transit Gateway {:?}",
        dx.name, hub.name
    );
    let bad = |diags: &mut Diagnostics, at: Path, message: String, help: &str| {
        diags.push(
            Diagnostic::error(Code::DxAllowedPrefixes, at, message).with_help(help.to_string()),
        );
    };
    let count = association.allowed_prefixes.len();
    if count == 0 {
        bad(
            diags,
            list.clone(),
            format!("{what} has no allowed prefix: AWS requires them for a Transit Gateway association, and on-premises would learn no route"),
            "list the prefixes to advertise to on-premises, such as the region's block",
        );
    } else if count > MAX_PREFIXES {
        bad(
            diags,
            list.clone(),
            format!("{what} has {count} allowed prefixes; AWS takes at most {MAX_PREFIXES} per Transit Gateway"),
            "summarize the prefixes (a region's block covers all its VPCs)",
        );
    } else if count > DOCUMENTED_PREFIXES {
        diags.push(
            Diagnostic::warning(
                Code::DxAllowedPrefixes,
                list.clone(),
                format!("{what} has {count} allowed prefixes; the Direct Connect quotas have long said {DOCUMENTED_PREFIXES} per Transit Gateway (reported raised to {MAX_PREFIXES})"),
            )
            .with_help("check \"Number of prefixes per AWS Transit Gateway from AWS to on-premises on a transit virtual interface\" for the account, or summarize the prefixes"),
        );
    }
    let mut nets: Vec<(usize, Ipv4Net)> = Vec::new();
    for (p, prefix) in association.allowed_prefixes.iter().enumerate() {
        match prefix.parse::<Ipv4Net>() {
            Ok(net) if net.network() == net.addr() => nets.push((p, net)),
            _ => bad(
                diags,
                list.index(p),
                format!("{what} allows {prefix:?}, which is not an IPv4 CIDR"),
                "write prefixes as IPv4 CIDRs, such as 10.0.0.0/12",
            ),
        }
    }
    // Overlaps: sorted by address, each against the widest before it (O(n log n)).
    let mut sorted = nets.clone();
    sorted.sort_by_key(|(_, n)| (n.network(), n.prefix_len()));
    let mut widest: Option<(usize, Ipv4Net)> = None;
    for (p, net) in sorted {
        if let Some((q, wide)) = widest {
            if wide.contains(&net.network()) {
                bad(
                    diags,
                    list.index(p.max(q)),
                    format!(
                        "{what} allows {} and {}, which overlap",
                        association.allowed_prefixes[p.min(q)],
                        association.allowed_prefixes[p.max(q)]
                    ),
                    "keep the wider prefix, or make them apart",
                );
                continue;
            }
        }
        widest = Some((p, net));
    }
    // Coverage: every VPC attached to the hub is inside an allowed prefix.
    for attachment in &hub.attachments {
        let Some(&index) = vpcs.get(attachment.vpc.as_str()) else {
            continue;
        };
        let Some(Some(vpc_plan)) = plan.vpcs.get(index) else {
            continue;
        };
        let cidr = vpc_plan.cidr;
        if !nets.iter().any(|(_, n)| n.contains(&cidr)) {
            bad(
                diags,
                list.clone(),
                format!(
                    "{what} does not advertise vpc {:?} ({cidr}) to on-premises: no allowed prefix covers it",
                    network.vpcs[index].name
                ),
                "add a prefix covering the VPC (or a summary of the hub's VPCs)",
            );
        }
    }
}

/// "If you connect to multiple transit gateways that are in different Regions, use unique
/// ASNs for each transit gateway" (Direct Connect User Guide, transit gateway associations).
fn check_same_asns(
    dx: &DxGateway,
    hubs: &IndexMap<&str, &TransitGateway>,
    path: &Path,
    diags: &mut Diagnostics,
) {
    let mut asns: IndexMap<u32, &str> = IndexMap::new();
    for (i, association) in dx.transit_gateways.iter().enumerate() {
        let Some(hub) = hubs.get(association.transit_gateway.as_str()) else {
            continue;
        };
        if let Some(first) = asns.insert(hub.asn, hub.name.as_str()) {
            diags.push(
                Diagnostic::error(
                    Code::DxGatewayShape,
                    path.field("transit_gateways").index(i).field("transit_gateway"),
                    format!(
                        "Direct Connect gateway {:?} joins Transit Gateways {first:?} and {:?}, which both have ASN {}: \"use unique ASNs for each transit gateway\"",
                        dx.name, hub.name, hub.asn
                    ),
                )
                .with_help("give each Transit Gateway its own ASN"),
            );
        }
    }
}

/// The core network attachment: a core network with these edges, an ASN outside its ranges
/// ("The ASN must not be in the same range as the ASN of the core network"), and a segment.
fn check_core(
    network: &Network,
    dx: &DxGateway,
    attachment: &crate::direct_connect::DxCoreAttachment,
    at: &Path,
    diags: &mut Diagnostics,
) {
    let shape = |diags: &mut Diagnostics, at: Path, message: String, help: String| {
        diags.push(Diagnostic::error(Code::DxGatewayShape, at, message).with_help(help));
    };
    let Some(core) = &network.core_network else {
        shape(
            diags,
            at.clone(),
            format!("Direct Connect gateway {:?} attaches to the core network, but the network has none", dx.name),
            "add a core network, or associate the gateway with Transit Gateways".to_string(),
        );
        return;
    };
    let config = &core.policy.core_network_configuration;
    if attachment.edge_locations.is_empty() {
        shape(
            diags,
            at.field("edge_locations"),
            format!(
                "Direct Connect gateway {:?} attaches to core network {:?} at no edge",
                dx.name, core.name
            ),
            "list the regions whose edges it joins".to_string(),
        );
    }
    for (e, edge) in attachment.edge_locations.iter().enumerate() {
        if !config.edge_locations.iter().any(|l| &l.location == edge) {
            let edges: Vec<&str> = config
                .edge_locations
                .iter()
                .map(|l| l.location.as_str())
                .collect();
            shape(
                diags,
                at.field("edge_locations").index(e),
                format!("Direct Connect gateway {:?} attaches at {edge}, where core network {:?} has no edge (edges: {})", dx.name, core.name, edges.join(", ")),
                "attach at the core network's edges".to_string(),
            );
        }
    }
    if in_asn_ranges(dx.asn, &config.asn_ranges) {
        shape(
            diags,
            Path::root().field("dx_gateways").key(&dx.name).field("asn"),
            format!(
                "Direct Connect gateway {:?} has ASN {}, inside core network {:?}'s ASN ranges ({}): \"The ASN must not be in the same range as the ASN of the core network\"",
                dx.name, dx.asn, core.name, config.asn_ranges.join(", ")
            ),
            "give the gateway an ASN outside the core network's ranges".to_string(),
        );
    }
    if dx.account != core.account {
        shape(
            diags,
            at.clone(),
            format!("Direct Connect gateway {:?} of account {:?} attaches to core network {:?} of account {:?}; netform attaches gateways of the core network's account", dx.name, dx.account, core.name, core.account),
            "put the gateway in the core network's account".to_string(),
        );
    }
    let mut tags = network.tags.clone();
    tags.extend(attachment.tags.iter().map(|(k, v)| (k.clone(), v.clone())));
    check_core_placement(
        network,
        core,
        &CoreAttachment {
            what: format!(
                "the core network attachment of Direct Connect gateway {:?}",
                dx.name
            ),
            account: &dx.account,
            regions: &attachment.edge_locations,
            tags: &tags,
            attachment_type: "direct-connect-gateway",
            code: Code::DxGatewayShape,
        },
        &at.field("tags"),
        diags,
    );
}
