//! Transit Gateway rules: ASNs, references between hubs, route tables, attachments and
//! VPCs, sharing, static routes, overlaps on a hub, and inspection being on every path.
//! Lookups go through maps built once, so the rules are linear in the number of attachments
//! and routes (plus a sort for overlaps).

use super::names::check_siblings;
use super::overlap::{declared_ranges, on_premises_overlaps, HubPrefix};
use super::share::{check_principals, shared_with};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::model::{Network, Vpc};
use crate::path::Path;
use crate::plan::{parse_cidr, PartialPlan};
use crate::transit::{TgwTarget, TransitGateway};
use indexmap::{IndexMap, IndexSet};
use ipnet::Ipv4Net;

/// Private ASN ranges a Transit Gateway accepts ("Amazon side ASN", Transit Gateway
/// `CreateTransitGateway` options: "The range is 64512 to 65534 for 16-bit ASNs and
/// 4200000000 to 4294967294 for 32-bit ASNs").
pub(crate) const PRIVATE_ASNS: [std::ops::RangeInclusive<u32>; 2] =
    [64512..=65534, 4_200_000_000..=4_294_967_294];

/// The network's VPCs by name, with their index in the model.
pub(super) struct VpcIndex<'n> {
    by_name: IndexMap<&'n str, (usize, &'n Vpc)>,
}

impl<'n> VpcIndex<'n> {
    pub(super) fn new(network: &'n Network) -> Self {
        let mut by_name = IndexMap::new();
        for (i, vpc) in network.vpcs.iter().enumerate() {
            by_name.entry(vpc.name.as_str()).or_insert((i, vpc));
        }
        Self { by_name }
    }

    pub(super) fn get(&self, name: &str) -> Option<(usize, &'n Vpc)> {
        self.by_name.get(name).copied()
    }
}

pub(super) fn check(network: &Network, plan: &PartialPlan, diags: &mut Diagnostics) {
    let vpcs = VpcIndex::new(network);
    let root = Path::root().field("transit_gateways");
    check_siblings(
        "transit gateway",
        network.transit_gateways.iter().map(|t| t.name.as_str()),
        &root,
        diags,
    );
    let hubs: IndexMap<&str, &TransitGateway> = network
        .transit_gateways
        .iter()
        .map(|t| (t.name.as_str(), t))
        .collect();
    // Peering names are unique across hubs: routes on either side name them.
    let mut peerings: IndexMap<&str, &str> = IndexMap::new();
    for tgw in &network.transit_gateways {
        for peering in &tgw.peerings {
            if let Some(first) = peerings.insert(peering.name.as_str(), tgw.name.as_str()) {
                diags.push(
                    Diagnostic::error(
                        Code::NameDuplicate,
                        root.key(&tgw.name).field("peerings").key(&peering.name),
                        format!(
                            "peering name {:?} is used by transit gateways {first:?} and {:?}",
                            peering.name, tgw.name
                        ),
                    )
                    .with_help("give each peering its own name"),
                );
            }
        }
    }
    for tgw in &network.transit_gateways {
        let path = root.key(&tgw.name);
        Hub {
            network,
            tgw,
            path,
            vpcs: &vpcs,
            hubs: &hubs,
            plan,
        }
        .check(diags);
    }
}

struct Hub<'a> {
    network: &'a Network,
    tgw: &'a TransitGateway,
    path: Path,
    vpcs: &'a VpcIndex<'a>,
    hubs: &'a IndexMap<&'a str, &'a TransitGateway>,
    plan: &'a PartialPlan,
}

impl Hub<'_> {
    fn check(&self, diags: &mut Diagnostics) {
        self.check_placement(diags);
        self.check_asn(diags);
        check_siblings(
            "peering",
            self.tgw.peerings.iter().map(|p| p.name.as_str()),
            &self.path.field("peerings"),
            diags,
        );
        self.check_principals(diags);
        check_siblings(
            "route table",
            self.tgw.route_tables.iter().map(|t| t.name.as_str()),
            &self.path.field("route_tables"),
            diags,
        );
        self.check_attachments(diags);
        self.check_peerings(diags);
        self.check_routes(diags);
        self.check_overlaps(diags);
        self.check_inspection(diags);
    }

    fn check_placement(&self, diags: &mut Diagnostics) {
        if self.network.account(&self.tgw.account).is_none() {
            diags.push(
                Diagnostic::error(
                    Code::UnknownAccount,
                    self.path.field("account"),
                    format!(
                        "transit gateway {:?} names account {:?}, which the network does not declare",
                        self.tgw.name, self.tgw.account
                    ),
                )
                .with_help("declare the account, usually the network account"),
            );
        }
        if crate::region::region(&self.tgw.region).is_none() {
            diags.push(
                Diagnostic::error(
                    Code::UnknownRegion,
                    self.path.field("region"),
                    format!(
                        "transit gateway {:?} is in {:?}, which is not an AWS region netform knows",
                        self.tgw.name, self.tgw.region
                    ),
                )
                .with_help("use a region code such as us-east-1"),
            );
        }
    }

    fn check_asn(&self, diags: &mut Diagnostics) {
        if !PRIVATE_ASNS.iter().any(|r| r.contains(&self.tgw.asn)) {
            diags.push(
                Diagnostic::error(
                    Code::TgwAsn,
                    self.path.field("asn"),
                    format!(
                        "transit gateway {:?} has ASN {}, outside the private ranges 64512-65534 and 4200000000-4294967294",
                        self.tgw.name, self.tgw.asn
                    ),
                )
                .with_help("pick a private ASN not used on-premises, such as 64512"),
            );
        }
    }

    fn check_principals(&self, diags: &mut Diagnostics) {
        let owner = format!("transit gateway {:?}", self.tgw.name);
        check_principals(
            self.network,
            &owner,
            &self.tgw.share_with,
            &self.path.field("share_with"),
            diags,
        );
    }

    fn shared_with(&self, account: &str) -> bool {
        shared_with(
            self.network,
            &self.tgw.account,
            &self.tgw.share_with,
            account,
        )
    }

    fn route_table_exists(&self, name: &str) -> bool {
        self.tgw.route_tables.iter().any(|t| t.name == name)
    }

    fn unknown_route_table(&self, name: &str, path: Path, diags: &mut Diagnostics) {
        let known: Vec<&str> = self
            .tgw
            .route_tables
            .iter()
            .map(|t| t.name.as_str())
            .collect();
        diags.push(
            Diagnostic::error(
                Code::UnknownRouteTable,
                path,
                format!(
                    "transit gateway {:?} has no route table {name:?}",
                    self.tgw.name
                ),
            )
            .with_help(if known.is_empty() {
                "declare the route table (routing domain) first".to_string()
            } else {
                format!("its route tables: {}", known.join(", "))
            }),
        );
    }

    fn check_attachments(&self, diags: &mut Diagnostics) {
        let mut seen: IndexMap<&str, usize> = IndexMap::new();
        for (i, attachment) in self.tgw.attachments.iter().enumerate() {
            let path = self.path.field("attachments").key(&attachment.vpc);
            if let Some(first) = seen.insert(attachment.vpc.as_str(), i) {
                diags.push(
                    Diagnostic::error(
                        Code::AttachmentPlacement,
                        path.clone(),
                        format!(
                            "vpc {:?} is attached to transit gateway {:?} twice (attachments {first} and {i})",
                            attachment.vpc, self.tgw.name
                        ),
                    )
                    .with_help("a VPC attaches to a hub once; remove one"),
                );
            }
            if !self.route_table_exists(&attachment.route_table) {
                self.unknown_route_table(&attachment.route_table, path.field("route_table"), diags);
            }
            for (j, table) in attachment.propagate_to.iter().enumerate() {
                if !self.route_table_exists(table) {
                    self.unknown_route_table(table, path.field("propagate_to").index(j), diags);
                }
            }
            let Some((_, vpc)) = self.vpcs.get(&attachment.vpc) else {
                diags.push(
                    Diagnostic::error(
                        Code::UnknownReference,
                        path.field("vpc"),
                        format!(
                            "transit gateway {:?} attaches vpc {:?}, which the network does not declare",
                            self.tgw.name, attachment.vpc
                        ),
                    )
                    .with_help("declare the VPC, or fix the name"),
                );
                continue;
            };
            if vpc.region != self.tgw.region {
                diags.push(
                    Diagnostic::error(
                        Code::AttachmentPlacement,
                        path.field("vpc"),
                        format!(
                            "vpc {:?} is in {} but transit gateway {:?} is in {}; a VPC attaches only to a hub in its own region",
                            vpc.name, vpc.region, self.tgw.name, self.tgw.region
                        ),
                    )
                    .with_help("attach it to the hub of its region; hubs of different regions are joined by peering"),
                );
            }
            if !self.shared_with(&vpc.account) {
                diags.push(
                    Diagnostic::error(
                        Code::NotShared,
                        path.field("vpc"),
                        format!(
                            "vpc {:?} is in account {:?}, but transit gateway {:?} (account {:?}) is not shared with it",
                            vpc.name, vpc.account, self.tgw.name, self.tgw.account
                        ),
                    )
                    .with_help(format!(
                        "add {:?} (or its OU, or the organization) to the hub's share_with",
                        vpc.account
                    )),
                );
            }
            let inspects = self.tgw.inspection.as_deref() == Some(vpc.name.as_str())
                || self.network.inspections.iter().any(|i| i.vpc == vpc.name);
            if inspects && !attachment.appliance_mode {
                diags.push(
                    Diagnostic::error(
                        Code::ApplianceMode,
                        path.field("appliance_mode"),
                        format!(
                            "the inspection attachment of vpc {:?} on transit gateway {:?} has appliance mode off: the hub may send the two directions of a flow to endpoints in different AZs, and stateful inspection drops them",
                            vpc.name, self.tgw.name
                        ),
                    )
                    .with_help("turn on appliance mode for the inspection attachment"),
                );
            }
            super::cloudwan::check_attachment_subnets(vpc, &attachment.subnet_group, &path, diags);
            self.check_vpc_routes(vpc, &attachment.vpc_routes, &path, diags);
        }
    }

    fn check_vpc_routes(&self, vpc: &Vpc, routes: &[String], path: &Path, diags: &mut Diagnostics) {
        let mut seen: IndexSet<Ipv4Net> = IndexSet::new();
        for (i, route) in routes.iter().enumerate() {
            let path = path.field("vpc_routes").index(i);
            let Some(net) = parse_cidr(route, "vpc route", &path, diags) else {
                continue;
            };
            if !seen.insert(net) {
                diags.push(
                    Diagnostic::error(
                        Code::VpcRouteConflict,
                        path.clone(),
                        format!("vpc {:?} routes {net} to the hub twice", vpc.name),
                    )
                    .with_help("remove the repeated route"),
                );
            }
            if let Some(cidr) = self.vpc_cidr(&vpc.name) {
                if cidr.contains(&net) {
                    diags.push(
                        Diagnostic::error(
                            Code::VpcRouteConflict,
                            path.clone(),
                            format!(
                                "vpc {:?} sends {net} to the hub, but that is inside its own CIDR {cidr}, which the local route carries",
                                vpc.name
                            ),
                        )
                        .with_help("route only destinations outside the VPC to the hub"),
                    );
                }
            }
            if net.prefix_len() == 0 && vpc.nat != crate::model::NatMode::None {
                diags.push(
                    Diagnostic::error(
                        Code::VpcRouteConflict,
                        path.clone(),
                        format!(
                            "vpc {:?} sends 0.0.0.0/0 to the hub but also has its own NAT gateways, which take the same route",
                            vpc.name
                        ),
                    )
                    .with_help("with centralized egress set the spoke's nat to none; otherwise route only internal prefixes to the hub"),
                );
            }
        }
    }

    fn check_peerings(&self, diags: &mut Diagnostics) {
        for peering in &self.tgw.peerings {
            let path = self.path.field("peerings").key(&peering.name);
            if !self.route_table_exists(&peering.route_table) {
                self.unknown_route_table(&peering.route_table, path.field("route_table"), diags);
            }
            let Some(peer) = self.hubs.get(peering.peer.as_str()) else {
                diags.push(
                    Diagnostic::error(
                        Code::UnknownReference,
                        path.field("peer"),
                        format!(
                            "peering {:?} names transit gateway {:?}, which the network does not declare",
                            peering.name, peering.peer
                        ),
                    )
                    .with_help("declare the peer hub, or fix the name"),
                );
                continue;
            };
            if peer.name == self.tgw.name {
                diags.push(
                    Diagnostic::error(
                        Code::Peering,
                        path.field("peer"),
                        format!("transit gateway {:?} peers with itself", self.tgw.name),
                    )
                    .with_help("peer with a hub in another region"),
                );
                continue;
            }
            let partition = |r: &str| crate::region::region(r).map(|i| i.partition);
            if partition(&peer.region) != partition(&self.tgw.region) {
                diags.push(
                    Diagnostic::error(
                        Code::Peering,
                        path.field("peer"),
                        format!(
                            "transit gateway {:?} ({}) cannot peer with {:?} ({}): they are in different AWS partitions",
                            self.tgw.name, self.tgw.region, peer.name, peer.region
                        ),
                    )
                    .with_help("peer hubs within one partition"),
                );
            }
            if !peer
                .route_tables
                .iter()
                .any(|t| t.name == peering.peer_route_table)
            {
                diags.push(
                    Diagnostic::error(
                        Code::UnknownRouteTable,
                        path.field("peer_route_table"),
                        format!(
                            "peer transit gateway {:?} has no route table {:?}",
                            peer.name, peering.peer_route_table
                        ),
                    )
                    .with_help("name one of the peer hub's route tables"),
                );
            }
        }
    }

    /// The peerings this hub takes part in, as requester or accepter, with the other hub.
    fn peerings(&self) -> IndexMap<&str, &TransitGateway> {
        let mut out = IndexMap::new();
        for peering in &self.tgw.peerings {
            if let Some(peer) = self.hubs.get(peering.peer.as_str()) {
                out.insert(peering.name.as_str(), *peer);
            }
        }
        for other in self.hubs.values() {
            for peering in &other.peerings {
                if peering.peer == self.tgw.name {
                    out.insert(peering.name.as_str(), *other);
                }
            }
        }
        out
    }

    /// The CIDRs a VPC attachment of this hub owns, by VPC name.
    fn vpc_cidr(&self, name: &str) -> Option<Ipv4Net> {
        let (index, _) = self.vpcs.get(name)?;
        self.plan.vpcs.get(index)?.as_ref().map(|p| p.cidr)
    }

    /// Everything reachable behind `hub`: the CIDRs of its attached VPCs and its on-premises
    /// prefixes.
    fn owned_by_hub(&self, hub: &TransitGateway) -> Vec<Ipv4Net> {
        let mut owned: Vec<Ipv4Net> = hub
            .attachments
            .iter()
            .filter_map(|a| self.vpc_cidr(&a.vpc))
            .collect();
        owned.extend(
            hub.on_premises
                .iter()
                .filter_map(|p| p.parse::<Ipv4Net>().ok()),
        );
        owned
    }

    fn check_routes(&self, diags: &mut Diagnostics) {
        let attached: IndexSet<&str> = self
            .tgw
            .attachments
            .iter()
            .map(|a| a.vpc.as_str())
            .collect();
        let peerings = self.peerings();
        let transit_vpcs: IndexSet<&str> = self
            .network
            .inspections
            .iter()
            .map(|i| i.vpc.as_str())
            .collect();
        for table in &self.tgw.route_tables {
            let table_path = self.path.field("route_tables").key(&table.name);
            let mut seen: IndexSet<Ipv4Net> = IndexSet::new();
            for (i, route) in table.routes.iter().enumerate() {
                let path = table_path.field("routes").index(i);
                let destination = parse_cidr(
                    &route.destination,
                    "route destination",
                    &path.field("destination"),
                    diags,
                );
                if let Some(net) = destination {
                    if !seen.insert(net) {
                        diags.push(
                            Diagnostic::error(
                                Code::StaticRouteUnowned,
                                path.field("destination"),
                                format!("route table {:?} has two routes for {net}", table.name),
                            )
                            .with_help("keep one route per destination"),
                        );
                    }
                }
                let owned: Vec<Ipv4Net> = match &route.target {
                    TgwTarget::Blackhole => continue,
                    TgwTarget::Vpc(vpc) => {
                        if !attached.contains(vpc.as_str()) {
                            diags.push(
                                Diagnostic::error(
                                    Code::UnknownReference,
                                    path.field("target"),
                                    format!(
                                        "route to {} targets vpc {vpc:?}, which is not attached to transit gateway {:?}",
                                        route.destination, self.tgw.name
                                    ),
                                )
                                .with_help("attach the VPC to this hub, or route to an attached one"),
                            );
                            continue;
                        }
                        // An inspection or egress VPC forwards anything; a spoke owns only
                        // its CIDR.
                        if transit_vpcs.contains(vpc.as_str()) {
                            continue;
                        }
                        self.vpc_cidr(vpc).into_iter().collect()
                    }
                    TgwTarget::Peering(name) => match peerings.get(name.as_str()) {
                        Some(peer) => self.owned_by_hub(peer),
                        None => {
                            diags.push(
                                Diagnostic::error(
                                    Code::UnknownReference,
                                    path.field("target"),
                                    format!(
                                        "route to {} targets peering {name:?}, which transit gateway {:?} is not part of",
                                        route.destination, self.tgw.name
                                    ),
                                )
                                .with_help("declare the peering on one of the two hubs"),
                            );
                            continue;
                        }
                    },
                };
                let Some(destination) = destination else {
                    continue;
                };
                if !owned.iter().any(|net| overlaps(net, &destination)) {
                    let owned_text: Vec<String> = owned.iter().map(ToString::to_string).collect();
                    diags.push(
                        Diagnostic::error(
                            Code::StaticRouteUnowned,
                            path.field("destination"),
                            format!(
                                "route table {:?} sends {destination} to {}, which owns none of it (it owns {})",
                                table.name,
                                target_name(&route.target),
                                if owned_text.is_empty() { "nothing".to_string() } else { owned_text.join(", ") }
                            ),
                        )
                        .with_help("route the prefix to the attachment that owns it, or blackhole it"),
                    );
                }
            }
        }
    }

    /// VPC CIDRs on the hub against its on-premises prefixes, and those against each other.
    /// VPC against VPC is NF0107's (network-wide). Sort and sweep: O(n log n).
    fn check_overlaps(&self, diags: &mut Diagnostics) {
        let mut nets = declared_ranges(
            &self.tgw.on_premises,
            &self.path.field("on_premises"),
            diags,
        );
        if nets.is_empty() {
            return;
        }
        for attachment in &self.tgw.attachments {
            if let Some(net) = self.vpc_cidr(&attachment.vpc) {
                let path = self.path.field("attachments").key(&attachment.vpc);
                nets.push(HubPrefix::vpc(&attachment.vpc, net, path));
            }
        }
        let hub = format!("transit gateway {:?}", self.tgw.name);
        on_premises_overlaps(nets, (Code::HubOverlap, &hub), diags);
    }

    fn check_inspection(&self, diags: &mut Diagnostics) {
        let Some(vpc_name) = &self.tgw.inspection else {
            return;
        };
        let path = self.path.field("inspection");
        if !self.tgw.attachments.iter().any(|a| &a.vpc == vpc_name) {
            diags.push(
                Diagnostic::error(
                    Code::InspectionLayout,
                    path,
                    format!(
                        "transit gateway {:?} requires inspection by vpc {vpc_name:?}, which is not attached to it",
                        self.tgw.name
                    ),
                )
                .with_help("attach the inspection VPC through its transit subnet group, with appliance mode"),
            );
            return;
        }
        if !self.network.inspections.iter().any(|i| &i.vpc == vpc_name) {
            diags.push(
                Diagnostic::error(
                    Code::InspectionLayout,
                    path.clone(),
                    format!(
                        "transit gateway {:?} names vpc {vpc_name:?} for inspection, but the network declares no inspection for it",
                        self.tgw.name
                    ),
                )
                .with_help("declare it with Network::builder(..).inspection(Inspection::network_firewall(..)) or Inspection::gwlb(..)"),
            );
        }
        self.check_inspection_azs(vpc_name, diags);
        self.check_bypass(vpc_name, diags);
    }

    /// Every AZ a spoke uses needs an inspection endpoint, or its traffic crosses AZs (and
    /// fails with the AZ that holds the endpoint).
    fn check_inspection_azs(&self, inspection: &str, diags: &mut Diagnostics) {
        let Some((_, inspection_vpc)) = self.vpcs.get(inspection) else {
            return;
        };
        for attachment in &self.tgw.attachments {
            if attachment.vpc == inspection {
                continue;
            }
            let Some((_, spoke)) = self.vpcs.get(&attachment.vpc) else {
                continue;
            };
            let missing: Vec<&str> = spoke
                .azs
                .iter()
                .filter(|az| !inspection_vpc.azs.contains(az))
                .map(String::as_str)
                .collect();
            if !missing.is_empty() {
                diags.push(
                    Diagnostic::error(
                        Code::InspectionAzs,
                        self.path.field("attachments").key(&attachment.vpc),
                        format!(
                            "vpc {:?} uses {} but inspection vpc {inspection:?} has firewall endpoints only in {}",
                            spoke.name,
                            missing.join(", "),
                            inspection_vpc.azs.join(", ")
                        ),
                    )
                    .with_help("add those AZs to the inspection VPC, so every AZ has its own endpoint"),
                );
            }
        }
    }

    /// With inspection required, a route table that routes spokes must send everything to
    /// the inspection attachment (or drop it): no propagation from another spoke, no static
    /// route to a spoke or around the inspection VPC.
    fn check_bypass(&self, inspection: &str, diags: &mut Diagnostics) {
        let spoke_tables: IndexSet<&str> = self
            .tgw
            .attachments
            .iter()
            .filter(|a| a.vpc != inspection)
            .map(|a| a.route_table.as_str())
            .collect();
        if let Some(own) = self.tgw.attachments.iter().find(|a| a.vpc == inspection) {
            if spoke_tables.contains(own.route_table.as_str()) {
                diags.push(
                    Diagnostic::error(
                        Code::InspectionBypass,
                        self.path
                            .field("attachments")
                            .key(inspection)
                            .field("route_table"),
                        format!(
                            "inspection vpc {inspection:?} is associated with route table {:?}, which spokes are associated with too: inspected traffic is sent back to inspection instead of to its destination",
                            own.route_table
                        ),
                    )
                    .with_help("give the inspection attachment its own route table, where the spokes propagate"),
                );
            }
        }
        // With the inspection VPC as the egress, a spoke's own NAT gateways are an internet
        // path around it.
        let egress = self
            .network
            .inspections
            .iter()
            .any(|i| i.vpc == inspection && i.egress);
        for attachment in &self.tgw.attachments {
            if attachment.vpc == inspection {
                continue;
            }
            let own_nat = self
                .vpcs
                .get(&attachment.vpc)
                .filter(|(_, vpc)| vpc.nat != crate::model::NatMode::None);
            if let (true, Some((_, vpc))) = (egress, own_nat) {
                diags.push(
                    Diagnostic::error(
                        Code::InspectionBypass,
                        Path::root().field("vpcs").key(&vpc.name).field("nat"),
                        format!(
                            "vpc {:?} has its own NAT gateways, an internet path that skips inspection vpc {inspection:?}, the egress of transit gateway {:?}",
                            vpc.name, self.tgw.name
                        ),
                    )
                    .with_help("set the spoke's nat to none and send 0.0.0.0/0 to the hub"),
                );
            }
            for (j, table) in attachment.propagate_to.iter().enumerate() {
                if spoke_tables.contains(table.as_str()) {
                    diags.push(
                        Diagnostic::error(
                            Code::InspectionBypass,
                            self.path
                                .field("attachments")
                                .key(&attachment.vpc)
                                .field("propagate_to")
                                .index(j),
                            format!(
                                "vpc {:?} propagates to route table {table:?}, which spokes are associated with: they reach it without passing inspection vpc {inspection:?}",
                                attachment.vpc
                            ),
                        )
                        .with_help("propagate spokes only to the inspection VPC's route table"),
                    );
                }
            }
        }
        for table in &self.tgw.route_tables {
            if !spoke_tables.contains(table.name.as_str()) {
                continue;
            }
            for (i, route) in table.routes.iter().enumerate() {
                let skips = match &route.target {
                    TgwTarget::Vpc(vpc) => vpc != inspection,
                    TgwTarget::Peering(_) => true,
                    TgwTarget::Blackhole => false,
                };
                if skips {
                    diags.push(
                        Diagnostic::error(
                            Code::InspectionBypass,
                            self.path
                                .field("route_tables")
                                .key(&table.name)
                                .field("routes")
                                .index(i),
                            format!(
                                "route table {:?} routes spokes to {} via {}, skipping inspection vpc {inspection:?}",
                                table.name,
                                route.destination,
                                target_name(&route.target)
                            ),
                        )
                        .with_help(format!(
                            "send it to vpc {inspection:?} and route onwards from the inspection route table"
                        )),
                    );
                }
            }
        }
    }
}

fn target_name(target: &TgwTarget) -> String {
    match target {
        TgwTarget::Vpc(vpc) => format!("vpc {vpc:?}"),
        TgwTarget::Peering(peering) => format!("peering {peering:?}"),
        TgwTarget::Blackhole => "blackhole".to_string(),
    }
}

fn overlaps(a: &Ipv4Net, b: &Ipv4Net) -> bool {
    a.contains(&b.network()) || b.contains(&a.network())
}
