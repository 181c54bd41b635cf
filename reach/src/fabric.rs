//! The forwarding plane of a lowered network: VPCs with their subnets and route tables, NAT
//! gateways, inspection endpoints, and hubs (Transit Gateways and core networks) with their
//! route tables and attachments, read from the [`ResourceGraph`] netform renders, so what is
//! checked is what will be deployed. Cloud WAN route tables come from the core network
//! policy in the graph ([`crate::core`]).

use crate::lpm::Lpm;
use indexmap::IndexMap;
use ipnet::Ipv4Net;
use netform_backends::kinds::{Attr, Kind};
use netform_backends::{Reference, Resource, ResourceGraph, ResourceId, Value};
use netform_dsl::{Tier, ValidNetwork};
use rustc_hash::FxHashMap;
use std::net::Ipv4Addr;

/// An index into one of the [`Fabric`]'s tables.
pub type Ix = usize;

/// Where a VPC route sends traffic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum VTarget {
    /// Inside the VPC.
    Local,
    /// The VPC's internet gateway.
    Internet,
    /// A NAT gateway.
    Nat(Ix),
    /// A hub the VPC is attached to.
    Hub(Ix),
    /// An inspection endpoint.
    Inspect(Ix),
    /// A target netform's analysis does not follow (a peering connection, say).
    Unmodeled,
}

/// One entry of a VPC route table.
#[derive(Debug, Clone)]
pub(crate) struct VRoute<'g> {
    pub target: VTarget,
    /// The route resource; `None` for the local route.
    pub id: Option<&'g ResourceId>,
}

/// A VPC.
#[derive(Debug)]
pub(crate) struct VpcNode<'g> {
    pub name: &'g str,
    pub cidr: Ipv4Net,
    pub subnets: Vec<Ix>,
    /// Its attachments to hubs.
    pub atts: Vec<Ix>,
    /// Whether it is an inspection or egress VPC (a Transit Gateway's inspection VPC, or a
    /// core network attachment in a network function group): never a spoke.
    pub inspection: bool,
    /// The subnet a VPC's traffic starts from and is addressed to: the first AZ's subnet of
    /// its first private group (else public, else any).
    pub workload: Option<Ix>,
    /// That group's subnet in every AZ: intents are checked from each, so flows that cross
    /// AZs (and their return) are checked too.
    pub workloads: Vec<Ix>,
}

/// A subnet.
#[derive(Debug)]
pub(crate) struct SubnetNode<'g> {
    pub id: &'g ResourceId,
    pub vpc: Ix,
    pub az: &'g str,
    /// The AZ, interned: compared on every hop.
    pub az_id: u16,
    pub cidr: Ipv4Net,
    pub table: Option<Ix>,
}

/// A VPC route table, with its local route.
#[derive(Debug)]
pub(crate) struct VpcTable<'g> {
    pub id: &'g ResourceId,
    pub lpm: Lpm<VRoute<'g>>,
}

/// A NAT gateway or an inspection endpoint: a resource in a subnet that forwards traffic on
/// by that subnet's route table.
#[derive(Debug)]
pub(crate) struct Middlebox<'g> {
    pub id: &'g ResourceId,
    pub subnet: Ix,
}

/// A Transit Gateway or a core network.
#[derive(Debug)]
pub(crate) struct HubNode<'g> {
    pub id: &'g ResourceId,
}

/// Why a hub route table has a route.
#[derive(Debug, Clone)]
pub(crate) enum Why<'g> {
    /// A static route (`aws_ec2_transit_gateway_route`).
    Static(&'g ResourceId),
    /// A propagation of the attachment's routes.
    Propagated(&'g ResourceId),
    /// A rule of the core network policy, in words.
    Policy(std::rc::Rc<str>),
}

/// Where a hub route sends traffic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HNext {
    Att(Ix),
    Blackhole,
}

/// One entry of a hub route table.
#[derive(Debug, Clone)]
pub(crate) struct HRoute<'g> {
    pub next: HNext,
    pub why: Why<'g>,
}

/// A hub route table: a Transit Gateway route table, or a core network segment's (or
/// network function group's) table at one edge.
#[derive(Debug)]
pub(crate) struct HubTable<'g> {
    /// What it is, for people: `route table hub-use1/spokes`, `segment prod at us-east-1`.
    pub label: String,
    pub lpm: Lpm<HRoute<'g>>,
}

/// What an attachment connects.
#[derive(Debug, Clone)]
pub(crate) enum AttKind {
    /// A VPC, through one interface per AZ (the attachment's subnets).
    Vpc {
        vpc: Ix,
        enis: Vec<Ix>,
        appliance: bool,
    },
    /// A Transit Gateway peering; `peer` is the other side's attachment.
    Peering { peer: Option<Ix> },
    /// A VPN connection or a Direct Connect gateway: on-premises.
    OnPrem,
}

/// An attachment to a hub.
#[derive(Debug)]
pub(crate) struct Att<'g> {
    pub id: &'g ResourceId,
    pub hub: Ix,
    pub kind: AttKind,
    /// The route table it is associated with.
    pub table: Option<Ix>,
    /// The edge (region) it is at.
    pub region: &'g str,
}

/// The forwarding plane of a network.
#[derive(Debug)]
pub struct Fabric<'g> {
    pub(crate) graph: &'g ResourceGraph,
    pub(crate) vpcs: Vec<VpcNode<'g>>,
    pub(crate) subnets: Vec<SubnetNode<'g>>,
    pub(crate) tables: Vec<VpcTable<'g>>,
    pub(crate) nats: Vec<Middlebox<'g>>,
    pub(crate) inspectors: Vec<Middlebox<'g>>,
    pub(crate) hubs: Vec<HubNode<'g>>,
    pub(crate) hub_tables: Vec<HubTable<'g>>,
    pub(crate) atts: Vec<Att<'g>>,
    /// The declared on-premises ranges (every Transit Gateway's, the core network's, and
    /// static VPN prefixes).
    pub(crate) onprem: Vec<Ipv4Net>,
    pub(crate) vpc_by_name: IndexMap<&'g str, Ix>,
    /// Each core network attachment's segment or network function group, by attachment.
    pub(crate) joins: FxHashMap<Ix, crate::core::Member>,
    /// The core network policy's segment names, by index.
    pub(crate) segment_names: Vec<String>,
    /// The core network policy's network function group names, by index.
    pub(crate) group_names: Vec<String>,
}

/// The value of a reference property.
pub(crate) fn reference<'g>(resource: &'g Resource, key: &str) -> Option<&'g Reference> {
    match resource.properties.get(key)? {
        Value::Ref(r) => Some(r),
        _ => None,
    }
}

/// The references in a list property.
fn references<'g>(resource: &'g Resource, key: &str) -> Vec<&'g Reference> {
    match resource.properties.get(key) {
        Some(Value::List(items)) => items
            .iter()
            .filter_map(|v| match v {
                Value::Ref(r) => Some(r),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn string<'g>(resource: &'g Resource, key: &str) -> Option<&'g str> {
    match resource.properties.get(key)? {
        Value::String(s) => Some(s),
        _ => None,
    }
}

fn enabled(resource: &Resource, key: &str) -> bool {
    match resource.properties.get(key) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s == "enable",
        _ => false,
    }
}

/// The `index`-th `/prefix` inside `block`, for subnets whose CIDR is computed at deploy
/// time from the VPC's (IPAM) block.
fn cidr_subnet(block: Ipv4Net, prefix: u8, index: u64) -> Option<Ipv4Net> {
    let size = 1u64 << (32 - u32::from(prefix));
    let start = u64::from(u32::from(block.network())) + index * size;
    let addr = Ipv4Addr::from(u32::try_from(start).ok()?);
    Ipv4Net::new(addr, prefix).ok()
}

impl<'g> Fabric<'g> {
    /// Reads the forwarding plane of `graph`, the lowering of `valid` (which gives the CIDRs
    /// IPAM allocates at deploy time, as netform planned them, the subnet tiers, the
    /// inspection VPCs and the declared on-premises ranges).
    pub fn new(valid: &ValidNetwork, graph: &'g ResourceGraph) -> Self {
        let network = valid.network();
        let mut fabric = Fabric {
            graph,
            vpcs: Vec::new(),
            subnets: Vec::new(),
            tables: Vec::new(),
            nats: Vec::new(),
            inspectors: Vec::new(),
            hubs: Vec::new(),
            hub_tables: Vec::new(),
            atts: Vec::new(),
            onprem: Vec::new(),
            vpc_by_name: IndexMap::new(),
            joins: FxHashMap::default(),
            segment_names: Vec::new(),
            group_names: Vec::new(),
        };
        for tgw in &network.transit_gateways {
            fabric.onprem.extend(
                tgw.on_premises
                    .iter()
                    .filter_map(|c| c.parse::<Ipv4Net>().ok()),
            );
        }
        if let Some(core) = &network.core_network {
            fabric.onprem.extend(
                core.on_premises
                    .iter()
                    .filter_map(|c| c.parse::<Ipv4Net>().ok()),
            );
        }
        for vpn in &network.vpn_connections {
            if let netform_dsl::VpnRouting::Static { prefixes } = &vpn.routing {
                fabric
                    .onprem
                    .extend(prefixes.iter().filter_map(|c| c.parse::<Ipv4Net>().ok()));
            }
        }
        fabric.onprem.sort();
        fabric.onprem.dedup();

        let mut ids = Ids::default();
        // AZ names, interned: hops compare AZs, and a memo key stays small.
        let mut az_ids: FxHashMap<&str, u16> = FxHashMap::default();
        let by_kind = |kind: Kind| graph.resources.values().filter(move |r| r.id.kind == kind);

        // VPCs (their CIDR from the graph, or the plan for IPAM) and hubs.
        for resource in by_kind(Kind::Vpc) {
            let name = resource.id.name[0].as_str();
            let index = network.vpcs.iter().position(|v| v.name == name);
            let cidr = string(resource, "cidr_block")
                .and_then(|c| c.parse().ok())
                .or_else(|| index.map(|i| valid.vpc_cidr(i)));
            let Some(cidr) = cidr else { continue };
            let ix = fabric.vpcs.len();
            fabric.vpcs.push(VpcNode {
                name,
                cidr,
                subnets: Vec::new(),
                atts: Vec::new(),
                inspection: network.inspections.iter().any(|i| i.vpc == name)
                    || network
                        .transit_gateways
                        .iter()
                        .any(|t| t.inspection.as_deref() == Some(name)),
                workload: None,
                workloads: Vec::new(),
            });
            fabric.vpc_by_name.insert(name, ix);
            ids.vpc.insert(&resource.id, ix);
        }
        for resource in by_kind(Kind::TransitGateway).chain(by_kind(Kind::CoreNetwork)) {
            ids.hub.insert(&resource.id, fabric.hubs.len());
            fabric.hubs.push(HubNode { id: &resource.id });
        }

        // Subnets and route tables.
        for resource in by_kind(Kind::Subnet) {
            let Some(&vpc) = reference(resource, "vpc_id").and_then(|r| ids.vpc.get(&r.target))
            else {
                continue;
            };
            let cidr = match resource.properties.get("cidr_block") {
                Some(Value::String(c)) => c.parse().ok(),
                Some(Value::CidrSubnet { index, prefix, .. }) => {
                    cidr_subnet(fabric.vpcs[vpc].cidr, *prefix, *index)
                }
                _ => None,
            };
            let Some(cidr) = cidr else { continue }; // IPv6-only
            let az = string(resource, "availability_zone").unwrap_or("");
            let next = az_ids.len() as u16;
            let az_id = *az_ids.entry(az).or_insert(next);
            let ix = fabric.subnets.len();
            fabric.subnets.push(SubnetNode {
                id: &resource.id,
                vpc,
                az,
                az_id,
                cidr,
                table: None,
            });
            fabric.vpcs[vpc].subnets.push(ix);
            ids.subnet.insert(&resource.id, ix);
        }
        for resource in by_kind(Kind::RouteTable) {
            let Some(&vpc) = reference(resource, "vpc_id").and_then(|r| ids.vpc.get(&r.target))
            else {
                continue;
            };
            let mut lpm = Lpm::default();
            lpm.insert(
                fabric.vpcs[vpc].cidr,
                VRoute {
                    target: VTarget::Local,
                    id: None,
                },
                false,
            );
            ids.table.insert(&resource.id, fabric.tables.len());
            fabric.tables.push(VpcTable {
                id: &resource.id,
                lpm,
            });
        }
        for resource in by_kind(Kind::RouteTableAssociation) {
            let subnet = reference(resource, "subnet_id").and_then(|r| ids.subnet.get(&r.target));
            let table =
                reference(resource, "route_table_id").and_then(|r| ids.table.get(&r.target));
            if let (Some(&subnet), Some(&table)) = (subnet, table) {
                fabric.subnets[subnet].table = Some(table);
            }
        }
        fabric.workloads(valid);

        // NAT gateways and inspection endpoints (a firewall of one subnet, a Gateway Load
        // Balancer endpoint).
        for resource in by_kind(Kind::NatGateway) {
            if let Some(&subnet) =
                reference(resource, "subnet_id").and_then(|r| ids.subnet.get(&r.target))
            {
                ids.nat.insert(&resource.id, fabric.nats.len());
                fabric.nats.push(Middlebox {
                    id: &resource.id,
                    subnet,
                });
            }
        }
        for resource in by_kind(Kind::Firewall).chain(by_kind(Kind::VpcEndpoint)) {
            let subnet = match resource.properties.get("subnet_mappings") {
                Some(Value::List(mappings)) => mappings.iter().find_map(|m| match m {
                    Value::Struct(fields) => match fields.get("subnet_id") {
                        Some(Value::Ref(r)) => Some(r),
                        _ => None,
                    },
                    _ => None,
                }),
                _ => references(resource, "subnet_ids").into_iter().next(),
            };
            let is_gwlb = string(resource, "vpc_endpoint_type") == Some("GatewayLoadBalancer");
            if resource.id.kind == Kind::VpcEndpoint && !is_gwlb {
                continue;
            }
            if let Some(&subnet) = subnet.and_then(|r| ids.subnet.get(&r.target)) {
                ids.inspector.insert(&resource.id, fabric.inspectors.len());
                fabric.inspectors.push(Middlebox {
                    id: &resource.id,
                    subnet,
                });
            }
        }

        fabric.tgw_attachments(&mut ids);
        fabric.vpc_routes(&ids);
        fabric.tgw_tables(&ids);
        crate::core::build(&mut fabric, &mut ids);
        fabric
    }

    /// Each VPC's workload subnet: the first AZ's subnet of its first private group, else of
    /// its first public group, else its first subnet.
    fn workloads(&mut self, valid: &ValidNetwork) {
        let network = valid.network();
        for vpc in &mut self.vpcs {
            let groups = network
                .vpc(vpc.name)
                .map(|v| &v.subnet_groups[..])
                .unwrap_or_default();
            let group = groups
                .iter()
                .find(|g| g.tier == Tier::Private)
                .or_else(|| groups.iter().find(|g| g.tier == Tier::Public))
                .map(|g| g.name.as_str());
            let subnets = &self.subnets;
            let in_group = |s: &Ix| {
                group.is_some_and(|g| subnets[*s].id.name.get(1).map(String::as_str) == Some(g))
            };
            vpc.workloads = vpc.subnets.iter().copied().filter(in_group).collect();
            if vpc.workloads.is_empty() {
                vpc.workloads.extend(vpc.subnets.first().copied());
            }
            vpc.workload = vpc.workloads.first().copied();
        }
    }

    /// Transit Gateway route tables and attachments: VPC attachments, both sides of each
    /// peering, and the attachments of VPN connections and Direct Connect associations.
    fn tgw_attachments(&mut self, ids: &mut Ids<'g>) {
        let graph = self.graph;
        let by_kind = |kind: Kind| graph.resources.values().filter(move |r| r.id.kind == kind);
        for resource in by_kind(Kind::TgwRouteTable) {
            ids.hub_table.insert(&resource.id, self.hub_tables.len());
            self.hub_tables.push(HubTable {
                label: format!("route table {}", resource.id.name.join("/")),
                lpm: Lpm::default(),
            });
        }
        let hub_of = |resource: &Resource, key: &str, ids: &Ids<'g>| {
            reference(resource, key).and_then(|r| ids.hub.get(&r.target).copied())
        };
        for resource in by_kind(Kind::TgwVpcAttachment) {
            let (Some(hub), Some(&vpc)) = (
                hub_of(resource, "transit_gateway_id", ids),
                reference(resource, "vpc_id").and_then(|r| ids.vpc.get(&r.target)),
            ) else {
                continue;
            };
            let enis = references(resource, "subnet_ids")
                .iter()
                .filter_map(|r| ids.subnet.get(&r.target).copied())
                .collect();
            let kind = AttKind::Vpc {
                vpc,
                enis,
                appliance: enabled(resource, "appliance_mode_support"),
            };
            let ix = self.add_att(resource, hub, kind);
            self.vpcs[vpc].atts.push(ix);
            ids.att.insert(resource.id.id(), ix);
        }
        for resource in by_kind(Kind::TgwPeering) {
            if let Some(hub) = hub_of(resource, "transit_gateway_id", ids) {
                let ix = self.add_att(resource, hub, AttKind::Peering { peer: None });
                ids.att.insert(resource.id.id(), ix);
            }
        }
        for resource in by_kind(Kind::TgwPeeringAccepter) {
            let Some(requester) = reference(resource, "transit_gateway_attachment_id") else {
                continue;
            };
            let Some(&theirs) = ids.att.get(requester) else {
                continue;
            };
            let peer_hub = graph
                .resources
                .get(&requester.target)
                .and_then(|r| hub_of(r, "peer_transit_gateway_id", ids));
            if let Some(hub) = peer_hub {
                let ours = self.add_att(resource, hub, AttKind::Peering { peer: Some(theirs) });
                self.atts[theirs].kind = AttKind::Peering { peer: Some(ours) };
                ids.att.insert(resource.id.id(), ours);
            }
        }
        for resource in by_kind(Kind::VpnConnection) {
            if let Some(hub) = hub_of(resource, "transit_gateway_id", ids) {
                let ix = self.add_att(resource, hub, AttKind::OnPrem);
                ids.att.insert(resource.id.attr(Attr::TgwAttachment), ix);
            }
        }
        for resource in by_kind(Kind::DxAssociation) {
            if let Some(hub) = hub_of(resource, "associated_gateway_id", ids) {
                let ix = self.add_att(resource, hub, AttKind::OnPrem);
                ids.att.insert(resource.id.attr(Attr::TgwAttachment), ix);
            }
        }
    }

    pub(crate) fn add_att(&mut self, resource: &'g Resource, hub: Ix, kind: AttKind) -> Ix {
        self.atts.push(Att {
            id: &resource.id,
            hub,
            kind,
            table: None,
            region: &resource.placement.region,
        });
        self.atts.len() - 1
    }

    /// The routes of every VPC route table.
    fn vpc_routes(&mut self, ids: &Ids<'g>) {
        let graph = self.graph;
        for resource in graph
            .resources
            .values()
            .filter(|r| r.id.kind == Kind::Route)
        {
            let Some(&table) =
                reference(resource, "route_table_id").and_then(|r| ids.table.get(&r.target))
            else {
                continue;
            };
            let Some(destination) =
                string(resource, "destination_cidr_block").and_then(|d| d.parse::<Ipv4Net>().ok())
            else {
                continue; // IPv6
            };
            let target_of = |key: &str| reference(resource, key).map(|r| &r.target);
            let target = if target_of("gateway_id").is_some() {
                VTarget::Internet
            } else if let Some(id) = target_of("nat_gateway_id") {
                ids.nat
                    .get(id)
                    .map_or(VTarget::Unmodeled, |&n| VTarget::Nat(n))
            } else if let Some(id) =
                target_of("transit_gateway_id").or_else(|| target_of("core_network_arn"))
            {
                ids.hub
                    .get(id)
                    .map_or(VTarget::Unmodeled, |&h| VTarget::Hub(h))
            } else if let Some(id) = target_of("vpc_endpoint_id") {
                ids.inspector
                    .get(id)
                    .map_or(VTarget::Unmodeled, |&i| VTarget::Inspect(i))
            } else {
                VTarget::Unmodeled
            };
            self.tables[table].lpm.insert(
                destination,
                VRoute {
                    target,
                    id: Some(&resource.id),
                },
                false,
            );
        }
    }

    /// Transit Gateway associations, propagations and static routes. A static route wins
    /// over a propagated route to the same prefix.
    fn tgw_tables(&mut self, ids: &Ids<'g>) {
        let graph = self.graph;
        let by_kind = |kind: Kind| graph.resources.values().filter(move |r| r.id.kind == kind);
        let link = |resource: &'g Resource| {
            let att = reference(resource, "transit_gateway_attachment_id")
                .and_then(|r| ids.att.get(r).copied());
            let table = reference(resource, "transit_gateway_route_table_id")
                .and_then(|r| ids.hub_table.get(&r.target).copied());
            (att, table)
        };
        for resource in by_kind(Kind::TgwAssociation) {
            if let (Some(att), Some(table)) = link(resource) {
                self.atts[att].table = Some(table);
            }
        }
        for resource in by_kind(Kind::TgwPropagation) {
            let (Some(att), Some(table)) = link(resource) else {
                continue;
            };
            let prefixes = self.advertised(att);
            for net in prefixes {
                self.hub_tables[table].lpm.insert(
                    net,
                    HRoute {
                        next: HNext::Att(att),
                        why: Why::Propagated(&resource.id),
                    },
                    false,
                );
            }
        }
        for resource in by_kind(Kind::TgwRoute) {
            let (att, table) = link(resource);
            let Some(table) = table else { continue };
            let Some(net) = string(resource, "destination_cidr_block").and_then(|d| d.parse().ok())
            else {
                continue;
            };
            let next = match (att, resource.properties.get("blackhole")) {
                (_, Some(Value::Bool(true))) => HNext::Blackhole,
                (Some(att), _) => HNext::Att(att),
                (None, _) => continue,
            };
            self.hub_tables[table].lpm.insert(
                net,
                HRoute {
                    next,
                    why: Why::Static(&resource.id),
                },
                true,
            );
        }
    }

    /// What an attachment advertises to the tables it propagates to: a VPC's CIDR, or the
    /// declared on-premises ranges.
    pub(crate) fn advertised(&self, att: Ix) -> Vec<Ipv4Net> {
        match &self.atts[att].kind {
            AttKind::Vpc { vpc, .. } => vec![self.vpcs[*vpc].cidr],
            AttKind::OnPrem => self.onprem.clone(),
            AttKind::Peering { .. } => Vec::new(),
        }
    }

    /// The name of a core network segment or group.
    pub(crate) fn member_name(&self, member: crate::core::Member) -> Option<&str> {
        match member {
            crate::core::Member::Segment(i) => self.segment_names.get(i),
            crate::core::Member::Group(i) => self.group_names.get(i),
        }
        .map(String::as_str)
    }

    /// The VPC named `name`.
    pub(crate) fn vpc(&self, name: &str) -> Option<Ix> {
        self.vpc_by_name.get(name).copied()
    }

    /// Whether `addr` is inside the network (a VPC) or on-premises.
    pub(crate) fn is_internal(&self, addr: Ipv4Addr) -> bool {
        self.vpcs.iter().any(|v| v.cidr.contains(&addr))
            || self.onprem.iter().any(|n| n.contains(&addr))
    }
}

/// Graph ids to fabric indices, while reading the graph.
#[derive(Default)]
pub(crate) struct Ids<'g> {
    pub vpc: FxHashMap<&'g ResourceId, Ix>,
    pub hub: FxHashMap<&'g ResourceId, Ix>,
    pub subnet: FxHashMap<&'g ResourceId, Ix>,
    pub table: FxHashMap<&'g ResourceId, Ix>,
    pub nat: FxHashMap<&'g ResourceId, Ix>,
    pub inspector: FxHashMap<&'g ResourceId, Ix>,
    pub hub_table: FxHashMap<&'g ResourceId, Ix>,
    /// Attachments by the reference that names them (a VPN's is its `TgwAttachment`).
    pub att: FxHashMap<Reference, Ix>,
}
