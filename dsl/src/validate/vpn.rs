//! Site-to-Site VPN: customer gateways AWS accepts (a public IPv4 address, an ASN it does not
//! reserve), connections that name a gateway and a hub of the same account and region, the
//! hub's route tables or a core network segment at an edge of that region, static prefixes the
//! hub knows as on-premises, and tunnel inside CIDRs AWS allows.

use super::names::check_siblings;
use crate::cloudwan::{AttachmentFacts, Joins, PolicyMatch};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::model::{Network, Tags};
use crate::path::Path;
use crate::transit::TransitGateway;
use crate::vpn::{CustomerGateway, VpnConnection, VpnHub, VpnRouting};
use indexmap::{IndexMap, IndexSet};
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

/// The largest customer gateway ASN: the schema of `AWS::EC2::CustomerGateway` gives
/// `BgpAsnExtended` a maximum of 4,294,967,294.
const MAX_ASN: u32 = 4_294_967_294;

/// ASNs AWS reserves for customer gateways, and where ("Customer gateway options for your
/// AWS Site-to-Site VPN connection": "7224 — Reserved in all Regions, 9059 — Reserved in the
/// eu-west-1 Region, 10124 — Reserved in the ap-northeast-1 Region, 17943 — Reserved in the
/// ap-southeast-1 Region"); `None`: every region.
const RESERVED_ASNS: &[(u32, Option<&str>)] = &[
    (7224, None),
    (9059, Some("eu-west-1")),
    (10124, Some("ap-northeast-1")),
    (17943, Some("ap-southeast-1")),
];

/// Tunnel inside CIDRs AWS reserves ("Tunnel options for your Site-to-Site VPN connection":
/// "The following CIDR blocks are reserved and cannot be used").
const RESERVED_TUNNEL_CIDRS: &[&str] = &[
    "169.254.0.0/30",
    "169.254.1.0/30",
    "169.254.2.0/30",
    "169.254.3.0/30",
    "169.254.4.0/30",
    "169.254.5.0/30",
    "169.254.169.252/30",
];

pub(super) fn check(network: &Network, diags: &mut Diagnostics) {
    // Names: well formed, unique, distinct as logical ids and labels (a repeat is reported
    // there and checked no further here).
    check_siblings(
        "customer gateway",
        network.customer_gateways.iter().map(|g| g.name.as_str()),
        &Path::root().field("customer_gateways"),
        diags,
    );
    check_siblings(
        "VPN connection",
        network.vpn_connections.iter().map(|v| v.name.as_str()),
        &Path::root().field("vpn_connections"),
        diags,
    );
    let mut gateways: IndexMap<&str, &CustomerGateway> = IndexMap::new();
    for gateway in &network.customer_gateways {
        let path = Path::root().field("customer_gateways").key(&gateway.name);
        if gateways.insert(gateway.name.as_str(), gateway).is_none() {
            check_gateway(network, gateway, &path, diags);
        }
    }
    let hubs: IndexMap<&str, &TransitGateway> = network
        .transit_gateways
        .iter()
        .map(|t| (t.name.as_str(), t))
        .collect();
    let mut names: IndexSet<&str> = IndexSet::new();
    // Inside CIDRs per customer gateway: the first connection that used each.
    let mut inside: IndexMap<(&str, Ipv4Net), &str> = IndexMap::new();
    for vpn in &network.vpn_connections {
        let path = Path::root().field("vpn_connections").key(&vpn.name);
        if !names.insert(vpn.name.as_str()) {
            continue;
        }
        let gateway = gateways.get(vpn.customer_gateway.as_str()).copied();
        if gateway.is_none() {
            let known: Vec<&str> = gateways.keys().copied().collect();
            diags.push(
                Diagnostic::error(
                    Code::VpnShape,
                    path.field("customer_gateway"),
                    format!(
                        "VPN connection {:?} names customer gateway {:?}, which the network does not declare",
                        vpn.name, vpn.customer_gateway
                    ),
                )
                .with_help(if known.is_empty() {
                    "declare the customer gateway (Network::builder(..).customer_gateway(..))".to_string()
                } else {
                    format!("the customer gateways are: {}", known.join(", "))
                }),
            );
        }
        match &vpn.hub {
            VpnHub::TransitGateway {
                name,
                route_table,
                learned_by,
            } => check_tgw_hub(
                vpn,
                gateway,
                hubs.get(name.as_str()).copied(),
                (name, route_table, learned_by),
                &path,
                diags,
            ),
            VpnHub::CoreNetwork { tags } => {
                check_core_hub(network, vpn, gateway, tags, &path, diags)
            }
        }
        check_tunnels(vpn, &mut inside, &path, diags);
    }
}

fn check_gateway(
    network: &Network,
    gateway: &CustomerGateway,
    path: &Path,
    diags: &mut Diagnostics,
) {
    let what = format!("customer gateway {:?}", gateway.name);
    let bad = |diags: &mut Diagnostics, at: Path, message: String, help: &str| {
        diags.push(
            Diagnostic::error(Code::CustomerGatewayShape, at, message).with_help(help.to_string()),
        );
    };
    if network.account(&gateway.account).is_none() {
        bad(
            diags,
            path.field("account"),
            format!(
                "{what} is in account {:?}, which the network does not declare",
                gateway.account
            ),
            "put it in the account of the hub it connects to",
        );
    }
    match gateway.ip_address.parse::<Ipv4Addr>() {
        Err(_) => bad(
            diags,
            path.field("ip_address"),
            format!("{what} has address {:?}, which is not an IPv4 address", gateway.ip_address),
            "give the device's static public IPv4 address, such as 203.0.113.10",
        ),
        Ok(ip) if ip.is_private() || ip.is_loopback() || ip.is_link_local() || ip.is_unspecified() || ip.is_multicast() || ip.is_broadcast() => bad(
            diags,
            path.field("ip_address"),
            format!("{what} has address {ip}, which is not a public address: AWS's tunnel endpoints reach the device over the internet"),
            "give the device's static public IPv4 address (a VPN over a private address runs over Direct Connect, which netform does not build)",
        ),
        Ok(_) => {}
    }
    if gateway.asn == 0 || gateway.asn > MAX_ASN {
        bad(
            diags,
            path.field("asn"),
            format!("{what} has ASN {}, outside 1 to {MAX_ASN}", gateway.asn),
            "use the device's public ASN, or a private one: 64512-65534 or 4200000000-4294967294",
        );
    }
    for (asn, region) in RESERVED_ASNS {
        let here = region.is_none_or(|r| r == gateway.region);
        if gateway.asn == *asn && here {
            bad(
                diags,
                path.field("asn"),
                format!(
                    "{what} has ASN {asn}, which AWS reserves {}",
                    match region {
                        None => "in every region".to_string(),
                        Some(r) => format!("in {r}"),
                    }
                ),
                "use another ASN: a private one (64512-65534 or 4200000000-4294967294) if the device has no public ASN",
            );
        }
    }
}

/// A connection to a Transit Gateway: the hub exists, in the gateway's account and region,
/// with the route tables named, a different ASN, and static prefixes it knows as on-premises.
fn check_tgw_hub(
    vpn: &VpnConnection,
    gateway: Option<&CustomerGateway>,
    hub: Option<&TransitGateway>,
    (name, route_table, learned_by): (&str, &str, &[String]),
    path: &Path,
    diags: &mut Diagnostics,
) {
    let at = path.field("hub").field("transit_gateway");
    let shape = |diags: &mut Diagnostics, at: Path, message: String, help: String| {
        diags.push(Diagnostic::error(Code::VpnShape, at, message).with_help(help));
    };
    let Some(hub) = hub else {
        shape(
            diags,
            at.field("name"),
            format!("VPN connection {:?} ends on Transit Gateway {name:?}, which the network does not declare", vpn.name),
            "name a Transit Gateway of the network".to_string(),
        );
        return;
    };
    check_hub_tables(
        &format!("VPN connection {:?}", vpn.name),
        hub,
        route_table,
        learned_by,
        &at,
        Code::VpnShape,
        diags,
    );
    if let Some(gateway) = gateway {
        if (gateway.account.as_str(), gateway.region.as_str())
            != (hub.account.as_str(), hub.region.as_str())
        {
            shape(
                diags,
                path.field("customer_gateway"),
                format!(
                    "VPN connection {:?} joins customer gateway {:?} ({}, {}) to Transit Gateway {name:?} ({}, {}): a VPN connection, its customer gateway and its Transit Gateway are in one account and region",
                    vpn.name, gateway.name, gateway.account, gateway.region, hub.account, hub.region
                ),
                format!("declare a customer gateway for the device in account {:?}, region {}", hub.account, hub.region),
            );
        }
        if gateway.asn == hub.asn && !matches!(vpn.routing, VpnRouting::Static { .. }) {
            diags.push(
                Diagnostic::error(
                    Code::CustomerGatewayShape,
                    path.field("customer_gateway"),
                    format!(
                        "customer gateway {:?} and Transit Gateway {name:?} both have ASN {}: BGP between them needs two ASNs",
                        gateway.name, hub.asn
                    ),
                )
                .with_help("give the device or the Transit Gateway another ASN"),
            );
        }
    }
    if let VpnRouting::Static { prefixes } = &vpn.routing {
        check_static_prefixes(vpn, hub, prefixes, path, diags);
    }
}

/// The route tables a hybrid attachment (VPN, Direct Connect) of `hub` names: the one it is
/// associated with (at `at.route_table`) and those that learn its prefixes
/// (`at.learned_by[i]`), each one the hub has.
pub(super) fn check_hub_tables(
    what: &str,
    hub: &TransitGateway,
    route_table: &str,
    learned_by: &[String],
    at: &Path,
    code: Code,
    diags: &mut Diagnostics,
) {
    let tables: Vec<&str> = hub.route_tables.iter().map(|t| t.name.as_str()).collect();
    let named = std::iter::once((at.field("route_table"), route_table)).chain(
        learned_by
            .iter()
            .enumerate()
            .map(|(i, t)| (at.field("learned_by").index(i), t.as_str())),
    );
    for (at, table) in named {
        if !tables.contains(&table) {
            diags.push(
                Diagnostic::error(
                    code,
                    at,
                    format!(
                        "{what} names route table {table:?}, which Transit Gateway {:?} does not have",
                        hub.name
                    ),
                )
                .with_help(format!(
                    "Transit Gateway {:?} has the route tables: {}",
                    hub.name,
                    tables.join(", ")
                )),
            );
        }
    }
}

/// Static prefixes: IPv4 CIDRs, at least one, each inside one of the hub's on-premises
/// prefixes (which the hub's overlap checks keep apart from its VPCs).
fn check_static_prefixes(
    vpn: &VpnConnection,
    hub: &TransitGateway,
    prefixes: &[String],
    path: &Path,
    diags: &mut Diagnostics,
) {
    let at = path.field("routing").field("static").field("prefixes");
    if prefixes.is_empty() {
        diags.push(
            Diagnostic::error(
                Code::VpnShape,
                at.clone(),
                format!(
                    "VPN connection {:?} has static routing and no prefix",
                    vpn.name
                ),
            )
            .with_help("list the on-premises prefixes behind the device, or use BGP"),
        );
    }
    let on_premises: Vec<Ipv4Net> = hub
        .on_premises
        .iter()
        .filter_map(|p| p.parse().ok())
        .collect();
    for (i, prefix) in prefixes.iter().enumerate() {
        match prefix.parse::<Ipv4Net>() {
            Err(_) => diags.push(
                Diagnostic::error(
                    Code::VpnShape,
                    at.index(i),
                    format!("VPN connection {:?} has static prefix {prefix:?}, which is not an IPv4 CIDR", vpn.name),
                )
                .with_help("write prefixes as IPv4 CIDRs, such as 192.168.0.0/16"),
            ),
            Ok(net) if !on_premises.iter().any(|o| o.contains(&net)) => diags.push(
                Diagnostic::error(
                    Code::VpnShape,
                    at.index(i),
                    format!(
                        "VPN connection {:?} routes {net} to on-premises, but Transit Gateway {:?} declares no on-premises prefix holding it (on-premises: {})",
                        vpn.name,
                        hub.name,
                        if hub.on_premises.is_empty() { "none".to_string() } else { hub.on_premises.join(", ") }
                    ),
                )
                .with_help("add the range to the Transit Gateway's on_premises, so netform checks it against the VPCs on the hub"),
            ),
            Ok(_) => {}
        }
    }
}

/// A connection to the core network: BGP only, an edge in the gateway's region, an ASN
/// outside the core network's, and attachment policies that place it in a segment there.
fn check_core_hub(
    network: &Network,
    vpn: &VpnConnection,
    gateway: Option<&CustomerGateway>,
    tags: &Tags,
    path: &Path,
    diags: &mut Diagnostics,
) {
    let shape = |diags: &mut Diagnostics, at: Path, message: String, help: String| {
        diags.push(Diagnostic::error(Code::VpnShape, at, message).with_help(help));
    };
    let Some(core) = &network.core_network else {
        shape(
            diags,
            path.field("hub"),
            format!(
                "VPN connection {:?} ends on the core network, but the network has none",
                vpn.name
            ),
            "add a core network, or end the connection on a Transit Gateway".to_string(),
        );
        return;
    };
    if matches!(vpn.routing, VpnRouting::Static { .. }) {
        shape(
            diags,
            path.field("routing"),
            format!("VPN connection {:?} to core network {:?} has static routing; netform builds Cloud WAN VPN attachments with BGP", vpn.name, core.name),
            "use BGP (the core network learns the device's prefixes and propagates them to the segment)".to_string(),
        );
    }
    if vpn.acceleration {
        shape(
            diags,
            path.field("acceleration"),
            format!("VPN connection {:?} to core network {:?} asks for acceleration, which netform builds on Transit Gateways only", vpn.name, core.name),
            "turn acceleration off".to_string(),
        );
    }
    let Some(gateway) = gateway else { return };
    let config = &core.policy.core_network_configuration;
    if !config
        .edge_locations
        .iter()
        .any(|e| e.location == gateway.region)
    {
        let edges: Vec<&str> = config
            .edge_locations
            .iter()
            .map(|e| e.location.as_str())
            .collect();
        shape(
            diags,
            path.field("customer_gateway"),
            format!(
                "VPN connection {:?} attaches customer gateway {:?} in {} to core network {:?}, which has no edge there (edges: {})",
                vpn.name, gateway.name, gateway.region, core.name, edges.join(", ")
            ),
            format!("add an edge location {} to the core network's policy", gateway.region),
        );
        return;
    }
    if in_asn_ranges(gateway.asn, &config.asn_ranges) {
        diags.push(
            Diagnostic::error(
                Code::CustomerGatewayShape,
                path.field("customer_gateway"),
                format!(
                    "customer gateway {:?} has ASN {}, inside core network {:?}'s ASN ranges ({}): BGP with the edge needs two ASNs",
                    gateway.name,
                    gateway.asn,
                    core.name,
                    config.asn_ranges.join(", ")
                ),
            )
            .with_help("give the device an ASN outside the core network's ranges"),
        );
    }
    let mut all_tags = network.tags.clone();
    all_tags.extend(tags.iter().map(|(k, v)| (k.clone(), v.clone())));
    let attachment = CoreAttachment {
        what: format!("the VPN attachment of {:?}", vpn.name),
        account: &gateway.account,
        regions: std::slice::from_ref(&gateway.region),
        tags: &all_tags,
        attachment_type: "site-to-site-vpn",
        code: Code::VpnShape,
    };
    check_core_placement(
        network,
        core,
        &attachment,
        &path.field("hub").field("core_network").field("tags"),
        diags,
    );
}

/// An attachment to the core network before deploy: who attaches, at which edges, with which
/// tags and of which `attachment-type`.
pub(super) struct CoreAttachment<'a> {
    /// What it is, for messages: `the VPN attachment of "dc1"`.
    pub what: String,
    /// The attaching account's alias.
    pub account: &'a str,
    /// The edges it attaches at.
    pub regions: &'a [String],
    /// Every tag it carries.
    pub tags: &'a Tags,
    /// Its `attachment-type`.
    pub attachment_type: &'a str,
    /// The code its problems are reported under.
    pub code: Code,
}

/// The attachment policies place the attachment in a declared segment with an edge at every
/// region it attaches at (a network function group does not take it).
pub(super) fn check_core_placement(
    network: &Network,
    core: &crate::cloudwan::CoreNetwork,
    attachment: &CoreAttachment<'_>,
    at: &Path,
    diags: &mut Diagnostics,
) {
    let shape = |diags: &mut Diagnostics, message: String, help: String| {
        diags.push(Diagnostic::error(attachment.code, at.clone(), message).with_help(help));
    };
    let account_id = network
        .account(attachment.account)
        .map(|a| a.id.as_str())
        .unwrap_or_default();
    let Some(region) = attachment.regions.first() else {
        return;
    };
    let facts = AttachmentFacts {
        tags: attachment.tags,
        account_id,
        region,
        attachment_type: attachment.attachment_type,
    };
    let what = &attachment.what;
    match core.policy.place(&facts) {
        PolicyMatch::Matched(_, Joins::Segment(segment)) => {
            match core.policy.segments.iter().find(|s| s.name == segment) {
                None => shape(
                    diags,
                    format!("{what} lands in segment {segment:?}, which core network {:?} does not declare", core.name),
                    "tag the attachment with a declared segment".to_string(),
                ),
                Some(s) => {
                    let missing: Vec<&str> = attachment
                        .regions
                        .iter()
                        .filter(|r| !s.edge_locations.is_empty() && !s.edge_locations.contains(r))
                        .map(String::as_str)
                        .collect();
                    if !missing.is_empty() {
                        shape(
                            diags,
                            format!("{what} lands in segment {segment:?}, which has no edge in {} (its edges: {})", missing.join(", "), s.edge_locations.join(", ")),
                            "add the regions to the segment's edge locations, or place the attachment in another segment".to_string(),
                        );
                    }
                }
            }
        }
        PolicyMatch::Matched(_, Joins::Group(group)) => shape(
            diags,
            format!("{what} lands in network function group {group:?}; it joins a segment"),
            "tag the attachment so a rule places it in a segment".to_string(),
        ),
        PolicyMatch::Unmatched | PolicyMatch::Undetermined(_) => shape(
            diags,
            format!(
                "{what} (tags: {}) matches no attachment policy of core network {:?} that places it before deploy: it would join no segment",
                attachment.tags.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(", "),
                core.name
            ),
            "tag the attachment so a rule places it in a segment (such as segment=shared)".to_string(),
        ),
    }
}

/// Whether `asn` is in one of the `a-b` (or single `a`) ranges.
pub(super) fn in_asn_ranges(asn: u32, ranges: &[String]) -> bool {
    ranges.iter().any(|range| {
        let (low, high) = range.split_once('-').unwrap_or((range, range));
        match (low.trim().parse::<u64>(), high.trim().parse::<u64>()) {
            (Ok(low), Ok(high)) => (low..=high).contains(&u64::from(asn)),
            _ => false,
        }
    })
}

/// Tunnels: none or two; each inside CIDR a /30 of 169.254.0.0/16 that AWS does not reserve,
/// the two apart, and apart from the other connections of the same customer gateway.
fn check_tunnels<'n>(
    vpn: &'n VpnConnection,
    inside: &mut IndexMap<(&'n str, Ipv4Net), &'n str>,
    path: &Path,
    diags: &mut Diagnostics,
) {
    let list = path.field("tunnels");
    if !vpn.tunnels.is_empty() && vpn.tunnels.len() != 2 {
        diags.push(
            Diagnostic::error(
                Code::VpnTunnel,
                list.clone(),
                format!(
                    "VPN connection {:?} has {} tunnel options; a connection has exactly two tunnels",
                    vpn.name,
                    vpn.tunnels.len()
                ),
            )
            .with_help("give options for both tunnels, or none (AWS chooses)"),
        );
    }
    let link_local: Ipv4Net = "169.254.0.0/16".parse().expect("a CIDR");
    let mut mine: Vec<Ipv4Net> = Vec::new();
    for (t, tunnel) in vpn.tunnels.iter().enumerate() {
        let Some(text) = &tunnel.inside_cidr else {
            continue;
        };
        let at = list.index(t).field("inside_cidr");
        let bad = |diags: &mut Diagnostics, message: String| {
            diags.push(
                Diagnostic::error(Code::VpnTunnel, at.clone(), message).with_help(
                    "use a /30 of 169.254.0.0/16 other than 169.254.0.0/30 to 169.254.5.0/30 and 169.254.169.252/30".to_string(),
                ),
            );
        };
        let what = format!("tunnel {} of VPN connection {:?}", t + 1, vpn.name);
        let net = match text.parse::<Ipv4Net>() {
            Ok(net) if net.network() == net.addr() => net,
            _ => {
                bad(
                    diags,
                    format!("{what} has inside CIDR {text:?}, which is not an IPv4 CIDR"),
                );
                continue;
            }
        };
        if net.prefix_len() != 30 {
            bad(
                diags,
                format!(
                    "{what} has inside CIDR {net}, a /{}; a tunnel's inside CIDR is a /30",
                    net.prefix_len()
                ),
            );
        } else if !link_local.contains(&net) {
            bad(
                diags,
                format!("{what} has inside CIDR {net}, outside 169.254.0.0/16"),
            );
        } else if RESERVED_TUNNEL_CIDRS.contains(&net.to_string().as_str()) {
            bad(
                diags,
                format!("{what} has inside CIDR {net}, which AWS reserves"),
            );
        } else if mine.contains(&net) {
            bad(
                diags,
                format!("{what} has inside CIDR {net}, the same as the other tunnel"),
            );
        } else {
            mine.push(net);
            if let Some(first) = inside.get(&(vpn.customer_gateway.as_str(), net)) {
                diags.push(
                    Diagnostic::warning(Code::VpnTunnel, at.clone(), format!(
                        "{what} has inside CIDR {net}, which VPN connection {first:?} to the same customer gateway {:?} uses too: the device would have two tunnels with one address",
                        vpn.customer_gateway
                    ))
                    .with_help("give every tunnel to one device its own /30"),
                );
            } else {
                inside.insert((vpn.customer_gateway.as_str(), net), vpn.name.as_str());
            }
        }
    }
}
