//! `netform diagram`: a picture of a valid network. One model of the picture ([`Diagram`]:
//! clusters of regions and accounts holding VPCs, hubs, on-premises ends, and labelled edges)
//! built from the network, and three writers: Mermaid, Graphviz DOT, and an SVG that netform
//! lays out itself (no Graphviz needed at run time).
//!
//! Spokes are grouped: beyond [`GROUP_OVER`] VPCs of one account and region that attach to
//! the same hub the same way, the diagram shows one node with their count, so a landing zone of
//! 1,000 spokes stays readable.

mod dot;
mod mermaid;
mod svg;

pub use dot::dot;
pub use mermaid::mermaid;
pub use svg::svg;

use indexmap::IndexMap;
use netform_dsl::{AttachmentFacts, Joins, Network, PolicyMatch, ValidNetwork, VpnHub, VpnRouting};

/// More VPCs than this in one account and region, attached the same way, are drawn as one
/// group node.
pub const GROUP_OVER: usize = 6;

/// A picture of a network.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagram {
    /// The network's name.
    pub title: String,
    /// Regions, each with its account clusters.
    pub regions: Vec<Region>,
    /// Nodes outside every region: a core network, Direct Connect gateways, on-premises.
    pub global: Vec<Node>,
    /// The edges.
    pub edges: Vec<Edge>,
}

/// A region and what is in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    /// The region code.
    pub name: String,
    /// Hubs in the region (Transit Gateways).
    pub hubs: Vec<Node>,
    /// The accounts with VPCs in the region.
    pub accounts: Vec<Account>,
}

/// An account's VPCs in a region.
#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    /// The account alias and id.
    pub label: String,
    /// Its VPC nodes (or groups of them).
    pub vpcs: Vec<Node>,
}

/// A box in the picture.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// A stable id: letters, digits and `_` only.
    pub id: String,
    /// The title line.
    pub title: String,
    /// More lines: CIDR, role, route tables, segments.
    pub lines: Vec<String>,
    /// Subnet tiers per AZ, for a VPC: `(tier, AZ letters)`.
    pub tiers: Vec<(String, Vec<String>)>,
    /// What it is, for styling.
    pub role: Role,
}

/// What a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A spoke or shared-services VPC.
    Vpc,
    /// An inspection (or egress) VPC.
    Inspection,
    /// Many VPCs drawn as one.
    Group,
    /// A Transit Gateway or the core network.
    Hub,
    /// On-premises: a VPN device or a Direct Connect gateway.
    OnPremises,
    /// A service of the whole network: the IPAM.
    Service,
}

/// A line between two nodes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    /// The node it starts at.
    pub from: String,
    /// The node it ends at.
    pub to: String,
    /// What it carries: a route table, a segment, "peering", "VPN".
    pub label: String,
}

/// The VPCs drawn together: region, account, and how they attach (the hub's node id and the
/// edge's label).
type GroupKey = (String, String, Option<(String, String)>);

/// A node id from names: `spoke-use1-1` gives `spoke_use1_1`.
fn node_id(prefix: &str, name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format!("{prefix}_{clean}")
}

impl Diagram {
    /// The picture of a valid network.
    pub fn new(valid: &ValidNetwork) -> Self {
        let network = valid.network();
        let mut regions: IndexMap<String, Region> = IndexMap::new();
        // How each VPC attaches: (hub node id, label), from the model's hubs.
        let attached = attachments(network);
        // VPC nodes, grouped by (region, account, how they attach).
        let mut groups: IndexMap<GroupKey, Vec<Node>> = IndexMap::new();
        for (vpc, plan) in network.vpcs.iter().zip(valid.plan()) {
            region(&mut regions, &vpc.region);
            let inspection = network.inspections.iter().find(|i| i.vpc == vpc.name);
            let mut lines = vec![plan.cidr.to_string()];
            if let Some(inspection) = inspection {
                let engine = match inspection.engine {
                    netform_dsl::InspectionEngine::NetworkFirewall(_) => "Network Firewall",
                    netform_dsl::InspectionEngine::Gwlb(_) => "Gateway Load Balancer",
                };
                let egress = if inspection.egress {
                    ", egress (NAT)"
                } else {
                    ""
                };
                lines.push(format!("inspection: {engine}{egress}"));
            }
            match vpc.nat {
                netform_dsl::NatMode::PerAz => lines.push("NAT gateway per AZ".to_string()),
                netform_dsl::NatMode::Single => lines.push("one NAT gateway".to_string()),
                netform_dsl::NatMode::None => {}
            }
            let endpoints: Vec<&str> = network
                .dns
                .endpoints
                .iter()
                .filter(|e| e.vpc == vpc.name)
                .map(|e| match e.direction {
                    netform_dsl::EndpointDirection::Inbound => "Resolver inbound",
                    netform_dsl::EndpointDirection::Outbound => "Resolver outbound",
                })
                .collect();
            if !endpoints.is_empty() {
                lines.push(endpoints.join(", "));
            }
            if !vpc.interface_endpoints.is_empty() {
                let services: Vec<&str> = vpc
                    .interface_endpoints
                    .iter()
                    .map(|e| e.service.as_str())
                    .collect();
                lines.push(format!("endpoints: {}", services.join(", ")));
            }
            if !vpc.gateway_endpoints.is_empty() {
                let services: Vec<&str> = vpc
                    .gateway_endpoints
                    .iter()
                    .map(|e| e.service.as_str())
                    .collect();
                lines.push(format!("gateway endpoints: {}", services.join(", ")));
            }
            if let Some(sn) = network
                .service_networks
                .iter()
                .find(|sn| sn.vpcs.iter().any(|v| v.vpc == vpc.name))
            {
                lines.push(format!("Lattice service network {}", sn.name));
            }
            let azs: Vec<String> = vpc
                .azs
                .iter()
                .map(|az| az[az.len() - 1..].to_string())
                .collect();
            let tiers = vpc
                .subnet_groups
                .iter()
                .map(|g| (format!("{} ({})", g.name, g.tier.as_str()), azs.clone()))
                .collect();
            let node = Node {
                id: node_id("vpc", &vpc.name),
                title: vpc.name.clone(),
                lines,
                tiers,
                role: if inspection.is_some() {
                    Role::Inspection
                } else {
                    Role::Vpc
                },
            };
            let how = attached.get(vpc.name.as_str()).cloned();
            groups
                .entry((vpc.region.clone(), vpc.account.clone(), how))
                .or_default()
                .push(node);
        }
        let mut edges = Vec::new();
        for ((region_name, account, how), nodes) in groups {
            let grouped = nodes.len() > GROUP_OVER && nodes.iter().all(|n| n.role == Role::Vpc);
            let nodes = if grouped {
                let first = nodes.first().map(|n| n.title.clone()).unwrap_or_default();
                let last = nodes.last().map(|n| n.title.clone()).unwrap_or_default();
                let label = how.as_ref().map(|(_, l)| l.clone()).unwrap_or_default();
                vec![Node {
                    id: node_id("group", &format!("{region_name}_{account}_{label}")),
                    title: format!("{} VPCs", nodes.len()),
                    lines: vec![format!("{first} … {last}")],
                    tiers: nodes[0].tiers.clone(),
                    role: Role::Group,
                }]
            } else {
                nodes
            };
            if let Some((hub, label)) = &how {
                for node in &nodes {
                    edges.push(Edge {
                        from: node.id.clone(),
                        to: hub.clone(),
                        label: label.clone(),
                    });
                }
            }
            let region = region(&mut regions, &region_name);
            let label = account_label(network, &account);
            match region.accounts.iter_mut().find(|a| a.label == label) {
                Some(a) => a.vpcs.extend(nodes),
                None => region.accounts.push(Account { label, vpcs: nodes }),
            }
        }
        for tgw in &network.transit_gateways {
            let tables: Vec<&str> = tgw.route_tables.iter().map(|t| t.name.as_str()).collect();
            region(&mut regions, &tgw.region).hubs.push(Node {
                id: node_id("tgw", &tgw.name),
                title: format!("Transit Gateway {}", tgw.name),
                lines: vec![
                    format!("ASN {}", tgw.asn),
                    format!("route tables: {}", tables.join(", ")),
                ],
                tiers: Vec::new(),
                role: Role::Hub,
            });
            for peering in &tgw.peerings {
                edges.push(Edge {
                    from: node_id("tgw", &tgw.name),
                    to: node_id("tgw", &peering.peer),
                    label: "peering".to_string(),
                });
            }
        }
        let mut global = Vec::new();
        if let Some(core) = &network.core_network {
            let segments: Vec<&str> = core
                .policy
                .segments
                .iter()
                .map(|s| s.name.as_str())
                .collect();
            let groups: Vec<&str> = core
                .policy
                .network_function_groups
                .iter()
                .map(|g| g.name.as_str())
                .collect();
            let edges_at: Vec<&str> = core
                .policy
                .core_network_configuration
                .edge_locations
                .iter()
                .map(|e| e.location.as_str())
                .collect();
            let mut lines = vec![
                format!("edges: {}", edges_at.join(", ")),
                format!("segments: {}", segments.join(", ")),
            ];
            if !groups.is_empty() {
                lines.push(format!("network function groups: {}", groups.join(", ")));
            }
            global.push(Node {
                id: node_id("core", &core.name),
                title: format!("Cloud WAN core network {}", core.name),
                lines,
                tiers: Vec::new(),
                role: Role::Hub,
            });
        }
        if let Some(ipam) = &network.ipam {
            global.push(Node {
                id: node_id("ipam", &ipam.name),
                title: format!("IPAM {}", ipam.name),
                lines: vec![
                    format!("account {}, {}", ipam.account, ipam.region),
                    format!("{} pools (netform plan-ip lists them)", ipam.pools.len()),
                ],
                tiers: Vec::new(),
                role: Role::Service,
            });
        }
        hybrid(network, &mut global, &mut edges);
        Diagram {
            title: network.name.clone(),
            regions: regions.into_values().collect(),
            global,
            edges,
        }
    }

    /// Every node, regions first.
    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.regions
            .iter()
            .flat_map(|r| {
                r.hubs
                    .iter()
                    .chain(r.accounts.iter().flat_map(|a| a.vpcs.iter()))
            })
            .chain(&self.global)
    }
}

/// How each VPC attaches to a hub: the hub's node id and the route table or segment (or
/// network function group) it joins.
fn attachments(network: &Network) -> IndexMap<&str, (String, String)> {
    let mut out = IndexMap::new();
    for tgw in &network.transit_gateways {
        for a in &tgw.attachments {
            out.insert(
                a.vpc.as_str(),
                (
                    node_id("tgw", &tgw.name),
                    format!("route table {}", a.route_table),
                ),
            );
        }
    }
    if let Some(core) = &network.core_network {
        for a in &core.attachments {
            let Some(vpc) = network.vpc(&a.vpc) else {
                continue;
            };
            let mut tags = network.tags.clone();
            tags.extend(vpc.tags.iter().map(|(k, v)| (k.clone(), v.clone())));
            tags.extend(a.tags.iter().map(|(k, v)| (k.clone(), v.clone())));
            let account_id = network
                .account(&vpc.account)
                .map(|x| x.id.as_str())
                .unwrap_or("");
            let facts = AttachmentFacts {
                tags: &tags,
                account_id,
                region: &vpc.region,
                attachment_type: "vpc",
            };
            let label = match core.policy.place(&facts) {
                PolicyMatch::Matched(_, Joins::Segment(s)) => format!("segment {s}"),
                PolicyMatch::Matched(_, Joins::Group(g)) => format!("function group {g}"),
                _ => "no segment".to_string(),
            };
            out.insert(a.vpc.as_str(), (node_id("core", &core.name), label));
        }
    }
    out
}

/// VPN devices and Direct Connect gateways, and their edges to the hubs.
fn hybrid(network: &Network, global: &mut Vec<Node>, edges: &mut Vec<Edge>) {
    for gateway in &network.customer_gateways {
        global.push(Node {
            id: node_id("cgw", &gateway.name),
            title: format!("on-premises VPN device {}", gateway.name),
            lines: vec![format!("{} (ASN {})", gateway.ip_address, gateway.asn)],
            tiers: Vec::new(),
            role: Role::OnPremises,
        });
    }
    for vpn in &network.vpn_connections {
        let routing = match vpn.routing {
            VpnRouting::Bgp => "BGP",
            VpnRouting::Static { .. } => "static",
        };
        let to = match &vpn.hub {
            VpnHub::TransitGateway { name, .. } => node_id("tgw", name),
            VpnHub::CoreNetwork { .. } => match &network.core_network {
                Some(core) => node_id("core", &core.name),
                None => continue,
            },
        };
        edges.push(Edge {
            from: node_id("cgw", &vpn.customer_gateway),
            to,
            label: format!("VPN {} ({routing}, 2 tunnels)", vpn.name),
        });
    }
    for dx in &network.dx_gateways {
        global.push(Node {
            id: node_id("dxgw", &dx.name),
            title: format!("Direct Connect gateway {}", dx.name),
            lines: vec![format!("ASN {}", dx.asn)],
            tiers: Vec::new(),
            role: Role::OnPremises,
        });
        for association in &dx.transit_gateways {
            edges.push(Edge {
                from: node_id("dxgw", &dx.name),
                to: node_id("tgw", &association.transit_gateway),
                label: format!("allowed {}", association.allowed_prefixes.join(", ")),
            });
        }
        if let (Some(_), Some(core)) = (&dx.core_network, &network.core_network) {
            edges.push(Edge {
                from: node_id("dxgw", &dx.name),
                to: node_id("core", &core.name),
                label: "Direct Connect attachment".to_string(),
            });
        }
    }
}

/// `account ALIAS (ID)`, and its Block Public Access mode when it has one.
fn account_label(network: &Network, alias: &str) -> String {
    let mut label = match network.account(alias) {
        Some(account) => format!("account {alias} ({})", account.id),
        None => format!("account {alias}"),
    };
    if let Some(bpa) = &network.block_public_access {
        let covered = bpa.accounts.is_empty() || bpa.accounts.iter().any(|a| a == alias);
        if covered {
            let mode = match bpa.mode {
                netform_dsl::BlockMode::Bidirectional => "bidirectional",
                netform_dsl::BlockMode::IngressOnly => "ingress-only",
            };
            label.push_str(&format!(", Block Public Access {mode}"));
        }
    }
    label
}

/// The region `name` of `regions`, added (empty) on first use, in order of first use.
fn region<'r>(regions: &'r mut IndexMap<String, Region>, name: &str) -> &'r mut Region {
    regions.entry(name.to_string()).or_insert_with(|| Region {
        name: name.to_string(),
        hubs: Vec::new(),
        accounts: Vec::new(),
    })
}
