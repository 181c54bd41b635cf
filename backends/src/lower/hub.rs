//! One Transit Gateway: the hub, its RAM share, its route tables, the VPC attachments (in the
//! VPCs' accounts), associations, propagations, static and blackhole routes, and peerings.

use super::routing::{attachment_id, tgw_id, Routing};
use super::{cidr_name, Emitter, Spec};
use crate::graph::{Placement, Reference, ResourceId, Value};
use crate::kinds::{Attr, Kind};
use indexmap::IndexMap;
use ipnet::Ipv4Net;
use netform_dsl::{Path, Tags, TgwTarget, TransitGateway, ValidNetwork};

pub(crate) fn lower(
    emit: &mut Emitter<'_>,
    valid: &ValidNetwork,
    routing: &Routing<'_>,
    tgw: &TransitGateway,
) {
    let network = valid.network();
    let tags = network.tags.clone();
    let path = Path::root().field("transit_gateways").key(&tgw.name);
    let placement = Placement {
        account: tgw.account.clone(),
        region: tgw.region.clone(),
    };
    let enable = |on: bool| Value::from(if on { "enable" } else { "disable" });
    let spec = |kind, name: Vec<String>| Spec {
        kind,
        name,
        placement: &placement,
        origin: &path,
        tags: &tags,
    };

    let hub = emit.add(spec(Kind::TransitGateway, vec![tgw.name.clone()]), |p| {
        p.insert(
            "description",
            format!("netform hub {} of network {}", tgw.name, network.name).into(),
        );
        p.insert("amazon_side_asn", Value::Int(i64::from(tgw.asn)));
        p.insert(
            "auto_accept_shared_attachments",
            enable(tgw.auto_accept_shared_attachments),
        );
        // Every attachment names its routing domain: nothing lands in a default table.
        p.insert("default_route_table_association", enable(false));
        p.insert("default_route_table_propagation", enable(false));
        p.insert("dns_support", enable(true));
        p.insert("vpn_ecmp_support", enable(true));
    });
    debug_assert_eq!(hub, tgw_id(tgw));
    emit.output(
        &hub,
        vec![tgw.name.clone(), "transit-gateway-id".into()],
        format!("Id of Transit Gateway {}", tgw.name),
    );

    let share = super::share::share(
        emit,
        network,
        super::share::Share {
            name: &tgw.name,
            principals: &tgw.share_with,
            resource: hub.attr(Attr::Arn),
            resource_name: "tgw",
            placement: &placement,
            path: &path.field("share_with"),
            tags: &tags,
        },
    );

    let tables: IndexMap<&str, ResourceId> = tgw
        .route_tables
        .iter()
        .map(|table| {
            let id = emit.add(
                Spec {
                    origin: &path.field("route_tables").key(&table.name),
                    ..spec(
                        Kind::TgwRouteTable,
                        vec![tgw.name.clone(), table.name.clone()],
                    )
                },
                |p| {
                    p.insert("transit_gateway_id", hub.id().into());
                },
            );
            (table.name.as_str(), id)
        })
        .collect();

    for attachment in &tgw.attachments {
        let index = routing
            .index(&attachment.vpc)
            .expect("validated: the attached VPC exists");
        let vpc = &network.vpcs[index];
        let attachment_path = path.field("attachments").key(&vpc.name);
        let vpc_placement = Placement {
            account: vpc.account.clone(),
            region: vpc.region.clone(),
        };
        let group = vpc
            .subnet_groups
            .iter()
            .find(|g| g.name == attachment.subnet_group)
            .expect("validated: the attachment subnet group exists");
        let subnets: Vec<Value> = vpc
            .azs
            .iter()
            .map(|az| {
                ResourceId::new(
                    Kind::Subnet,
                    [vpc.name.as_str(), group.name.as_str(), super::az_suffix(az)],
                )
                .id()
                .into()
            })
            .collect();
        let mut vpc_tags = tags.clone();
        vpc_tags.extend(vpc.tags.clone());
        let id = emit.add(
            Spec {
                kind: Kind::TgwVpcAttachment,
                name: vec![tgw.name.clone(), vpc.name.clone()],
                placement: &vpc_placement,
                origin: &attachment_path,
                tags: &vpc_tags,
            },
            |p| {
                p.insert("transit_gateway_id", hub.id().into());
                p.insert(
                    "vpc_id",
                    ResourceId::new(Kind::Vpc, [vpc.name.as_str()]).id().into(),
                );
                p.insert("subnet_ids", Value::List(subnets));
                p.insert("appliance_mode_support", enable(attachment.appliance_mode));
                p.insert("dns_support", enable(true));
            },
        );
        debug_assert_eq!(id, attachment_id(tgw, &vpc.name));
        debug_assert!(index < valid.plan().len());
        // An attachment from another account needs the share (and its principal) first.
        if vpc.account != tgw.account {
            for dependency in &share {
                emit.depends_on(&id, dependency);
            }
        }
        emit.add(
            Spec {
                origin: &attachment_path.field("route_table"),
                ..spec(
                    Kind::TgwAssociation,
                    vec![tgw.name.clone(), vpc.name.clone()],
                )
            },
            |p| {
                p.insert("transit_gateway_attachment_id", id.id().into());
                p.insert(
                    "transit_gateway_route_table_id",
                    tables[attachment.route_table.as_str()].id().into(),
                );
            },
        );
        for table in &attachment.propagate_to {
            emit.add(
                Spec {
                    origin: &attachment_path.field("propagate_to"),
                    ..spec(
                        Kind::TgwPropagation,
                        vec![tgw.name.clone(), vpc.name.clone(), table.clone()],
                    )
                },
                |p| {
                    p.insert("transit_gateway_attachment_id", id.id().into());
                    p.insert(
                        "transit_gateway_route_table_id",
                        tables[table.as_str()].id().into(),
                    );
                },
            );
        }
    }

    peerings(emit, valid, tgw, &hub, &tables, &placement, &path, &tags);

    for table in &tgw.route_tables {
        let table_path = path.field("route_tables").key(&table.name);
        for (i, route) in table.routes.iter().enumerate() {
            let destination: Ipv4Net = route
                .destination
                .parse()
                .expect("validated: destinations parse");
            let route_id = emit.add(
                Spec {
                    origin: &table_path.field("routes").index(i),
                    ..spec(
                        Kind::TgwRoute,
                        vec![
                            tgw.name.clone(),
                            table.name.clone(),
                            cidr_name(&destination),
                        ],
                    )
                },
                |p| {
                    p.insert(
                        "transit_gateway_route_table_id",
                        tables[table.name.as_str()].id().into(),
                    );
                    p.insert("destination_cidr_block", destination.to_string().into());
                    match &route.target {
                        TgwTarget::Vpc(vpc) => {
                            p.insert(
                                "transit_gateway_attachment_id",
                                attachment_id(tgw, vpc).id().into(),
                            );
                        }
                        TgwTarget::Peering(name) => {
                            p.insert(
                                "transit_gateway_attachment_id",
                                peering_attachment(valid, tgw, name).id().into(),
                            );
                        }
                        TgwTarget::Blackhole => {
                            p.insert("blackhole", true.into());
                        }
                    }
                },
            );
            // Routes over a peering wait until the peer accepted it.
            if let TgwTarget::Peering(name) = &route.target {
                if let Some(accepter) = accepter_of(valid, name) {
                    emit.depends_on(&route_id, &accepter);
                }
            }
        }
    }
}

/// The accepter resource of peering `name`.
fn accepter_of(valid: &ValidNetwork, name: &str) -> Option<ResourceId> {
    valid.network().transit_gateways.iter().find_map(|t| {
        t.peerings
            .iter()
            .find(|p| p.name == name)
            .map(|p| ResourceId::new(Kind::TgwPeeringAccepter, [p.peer.as_str(), name]))
    })
}

/// The attachment id of peering `name` as `tgw` sees it: the requester's attachment, or on
/// the accepter side the accepter resource (whose id is the same attachment's).
fn peering_attachment(valid: &ValidNetwork, tgw: &TransitGateway, name: &str) -> ResourceId {
    let requester = valid
        .network()
        .transit_gateways
        .iter()
        .find(|t| t.peerings.iter().any(|p| p.name == name))
        .expect("validated: the peering exists");
    if requester.name == tgw.name {
        ResourceId::new(Kind::TgwPeering, [requester.name.as_str(), name])
    } else {
        ResourceId::new(Kind::TgwPeeringAccepter, [tgw.name.as_str(), name])
    }
}

/// Peerings requested by `tgw`: the requester attachment here, the accepter on the peer's
/// side, and each side's association with its route table.
#[allow(clippy::too_many_arguments)]
fn peerings(
    emit: &mut Emitter<'_>,
    valid: &ValidNetwork,
    tgw: &TransitGateway,
    hub: &ResourceId,
    tables: &IndexMap<&str, ResourceId>,
    placement: &Placement,
    path: &Path,
    tags: &IndexMap<String, String>,
) {
    let network = valid.network();
    for peering in &tgw.peerings {
        let peer = network
            .transit_gateways
            .iter()
            .find(|t| t.name == peering.peer)
            .expect("validated: the peer exists");
        let peer_account = network
            .account(&peer.account)
            .expect("validated: the peer's account exists");
        let peering_path = path.field("peerings").key(&peering.name);
        let requester = emit.add(
            Spec {
                kind: Kind::TgwPeering,
                name: vec![tgw.name.clone(), peering.name.clone()],
                placement,
                origin: &peering_path,
                tags,
            },
            |p| {
                p.insert("transit_gateway_id", hub.id().into());
                p.insert("peer_transit_gateway_id", tgw_id(peer).id().into());
                p.insert("peer_account_id", peer_account.id.as_str().into());
                p.insert("peer_region", peer.region.as_str().into());
            },
        );
        let peer_placement = Placement {
            account: peer.account.clone(),
            region: peer.region.clone(),
        };
        let accepter = emit.add(
            Spec {
                kind: Kind::TgwPeeringAccepter,
                name: vec![peer.name.clone(), peering.name.clone()],
                placement: &peer_placement,
                origin: &peering_path,
                tags,
            },
            |p| {
                p.insert("transit_gateway_attachment_id", requester.id().into());
            },
        );
        let association = emit.add(
            Spec {
                kind: Kind::TgwAssociation,
                name: vec![tgw.name.clone(), peering.name.clone()],
                placement,
                origin: &peering_path.field("route_table"),
                tags,
            },
            |p| {
                p.insert("transit_gateway_attachment_id", requester.id().into());
                p.insert(
                    "transit_gateway_route_table_id",
                    tables[peering.route_table.as_str()].id().into(),
                );
            },
        );
        // The requester's side is usable only once the peer accepted.
        emit.depends_on(&association, &accepter);
        emit.add(
            Spec {
                kind: Kind::TgwAssociation,
                name: vec![peer.name.clone(), peering.name.clone()],
                placement: &peer_placement,
                origin: &peering_path.field("peer_route_table"),
                tags,
            },
            |p| {
                p.insert("transit_gateway_attachment_id", accepter.id().into());
                p.insert(
                    "transit_gateway_route_table_id",
                    ResourceId::new(
                        Kind::TgwRouteTable,
                        [peer.name.as_str(), peering.peer_route_table.as_str()],
                    )
                    .id()
                    .into(),
                );
            },
        );
    }
}

/// The attachment of a VPN connection or a Direct Connect gateway on a Transit Gateway, which
/// the hub's owner routes like a VPC's: associated with one route table, propagated to others.
pub(crate) struct OnPremAttachment<'a> {
    /// The Transit Gateway's name.
    pub hub: &'a str,
    /// `vpn` or `dx`, and the connection's or gateway's name: the resources' names.
    pub name: (&'static str, &'a str),
    /// The attachment (an attribute of the connection or the association that creates it).
    pub attachment: Reference,
    pub placement: &'a Placement,
    /// Where the model says which route table it is associated with and which learn it.
    pub route_table_path: Path,
    pub learned_by_path: Path,
    pub tags: &'a Tags,
}

impl OnPremAttachment<'_> {
    /// The route table `name` of the hub.
    pub(crate) fn table(&self, name: &str) -> ResourceId {
        ResourceId::new(Kind::TgwRouteTable, [self.hub, name])
    }

    /// Its association with `route_table`.
    pub(crate) fn associate(&self, emit: &mut Emitter<'_>, route_table: &str) {
        self.link(emit, Kind::TgwAssociation, None, route_table);
    }

    /// Its propagation to `learner`.
    pub(crate) fn propagate(&self, emit: &mut Emitter<'_>, learner: &str) {
        self.link(emit, Kind::TgwPropagation, Some(learner), learner);
    }

    /// An association or a propagation (named after `learner` too) with the route table
    /// `table`.
    fn link(&self, emit: &mut Emitter<'_>, kind: Kind, learner: Option<&str>, table: &str) {
        let (via, name) = self.name;
        let mut names = vec![self.hub.to_string(), via.to_string(), name.to_string()];
        names.extend(learner.map(str::to_string));
        let origin = match learner {
            Some(_) => &self.learned_by_path,
            None => &self.route_table_path,
        };
        emit.add(
            Spec {
                kind,
                name: names,
                placement: self.placement,
                origin,
                tags: self.tags,
            },
            |p| {
                p.insert(
                    "transit_gateway_attachment_id",
                    self.attachment.clone().into(),
                );
                p.insert(
                    "transit_gateway_route_table_id",
                    self.table(table).id().into(),
                );
            },
        );
    }
}
