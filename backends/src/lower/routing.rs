//! What each VPC's route tables point at besides its own gateways: the hubs it is attached
//! to (spokes send their `vpc_routes` there) and, for an inspection VPC, the endpoint of each
//! AZ and the internal prefixes whose return traffic goes back through the hub.

use super::inspection::endpoint;
use crate::graph::{Reference, ResourceId};
use crate::kinds::Kind;
use indexmap::IndexMap;
use ipnet::Ipv4Net;
use netform_dsl::{
    CoreNetwork, CwAttachment, Inspection, Network, TransitGateway, ValidNetwork, VpcCidr,
};

/// A VPC's attachment to a hub, as its route tables see it.
pub(crate) struct HubLink {
    /// The hub: a Transit Gateway or a core network (routes name them differently).
    pub hub: ResourceId,
    /// What routes to the hub wait for: the VPC's attachment, or its acceptance.
    pub attachment: ResourceId,
    /// Destinations the VPC's private subnets send to the hub.
    pub routes: Vec<Ipv4Net>,
}

/// An inspection VPC's routing.
pub(crate) struct InspectionLink<'n> {
    /// The inspection.
    pub inspection: &'n Inspection,
    /// The inspection endpoint of each AZ, in the VPC's AZ order.
    pub endpoints: Vec<Reference>,
    /// The subnet group of the VPC's hub attachment.
    pub attachment_group: Option<&'n str>,
    /// Prefixes behind the hub: return traffic to them goes back through inspection.
    pub internal: Vec<Ipv4Net>,
}

/// One VPC's links.
#[derive(Default)]
pub(crate) struct VpcRouting<'n> {
    pub hubs: Vec<HubLink>,
    pub inspection: Option<InspectionLink<'n>>,
}

/// The hub a VPC is attached to.
#[derive(Clone, Copy)]
enum On<'n> {
    Tgw(&'n TransitGateway),
    Core(&'n CoreNetwork),
}

/// One attachment of a VPC, whichever the hub.
struct Link<'n> {
    on: On<'n>,
    /// The attachment, on a core network.
    cw: Option<&'n CwAttachment>,
    subnet_group: &'n str,
    vpc_routes: &'n [String],
}

/// The links of every VPC.
pub(crate) struct Routing<'n> {
    valid: &'n ValidNetwork,
    /// Each VPC's attachments, by VPC name: built once, so looking a VPC up is O(1) and the
    /// whole lowering stays linear in attachments.
    attachments: IndexMap<&'n str, Vec<Link<'n>>>,
    /// Each VPC's index in the model, by name.
    index: IndexMap<&'n str, usize>,
}

impl<'n> Routing<'n> {
    pub(crate) fn new(valid: &'n ValidNetwork) -> Self {
        let network = valid.network();
        let mut attachments: IndexMap<&str, Vec<_>> = IndexMap::new();
        for tgw in &network.transit_gateways {
            for attachment in &tgw.attachments {
                attachments
                    .entry(attachment.vpc.as_str())
                    .or_default()
                    .push(Link {
                        on: On::Tgw(tgw),
                        cw: None,
                        subnet_group: &attachment.subnet_group,
                        vpc_routes: &attachment.vpc_routes,
                    });
            }
        }
        if let Some(core) = &network.core_network {
            for attachment in &core.attachments {
                attachments
                    .entry(attachment.vpc.as_str())
                    .or_default()
                    .push(Link {
                        on: On::Core(core),
                        cw: Some(attachment),
                        subnet_group: &attachment.subnet_group,
                        vpc_routes: &attachment.vpc_routes,
                    });
            }
        }
        let index = network
            .vpcs
            .iter()
            .enumerate()
            .map(|(i, v)| (v.name.as_str(), i))
            .collect();
        Self {
            valid,
            attachments,
            index,
        }
    }

    /// The index of a VPC in the model.
    pub(crate) fn index(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// The links of the VPC at `index`.
    pub(crate) fn vpc(&self, index: usize) -> VpcRouting<'n> {
        let network = self.valid.network();
        let vpc = &network.vpcs[index];
        let mut routing = VpcRouting::default();
        let links = self
            .attachments
            .get(vpc.name.as_str())
            .map(Vec::as_slice)
            .unwrap_or_default();
        for link in links {
            let (hub, attachment) = match link.on {
                On::Tgw(tgw) => (tgw_id(tgw), attachment_id(tgw, &vpc.name)),
                On::Core(core) => {
                    let accepted = link
                        .cw
                        .is_some_and(|a| super::cloudwan::needs_acceptance(network, core, vpc, a));
                    // Routes wait for the acceptance when there is one.
                    let wait = if accepted {
                        cw_accepter_id(core, &vpc.name)
                    } else {
                        cw_attachment_id(core, &vpc.name)
                    };
                    (core_id(core), wait)
                }
            };
            routing.hubs.push(HubLink {
                hub,
                attachment,
                routes: link
                    .vpc_routes
                    .iter()
                    .filter_map(|r| r.parse().ok())
                    .collect(),
            });
        }
        if let Some(inspection) = network.inspections.iter().find(|i| i.vpc == vpc.name) {
            let hubs: Vec<&TransitGateway> = links
                .iter()
                .filter_map(|l| match l.on {
                    On::Tgw(tgw) => Some(tgw),
                    On::Core(_) => None,
                })
                .collect();
            let mut internal = self.internal_prefixes(network, &vpc.name, &hubs);
            if let Some(On::Core(core)) = links.first().map(|l| l.on) {
                internal = self.core_prefixes(network, core);
            }
            routing.inspection = Some(InspectionLink {
                inspection,
                endpoints: vpc.azs.iter().map(|az| endpoint(inspection, az)).collect(),
                attachment_group: links.first().map(|l| l.subnet_group),
                internal,
            });
        }
        routing
    }

    /// What lies behind the hubs of an inspection VPC: the other attached VPCs (as the IP
    /// blocks they are allocated from, or their own CIDR), on-premises prefixes, and the same
    /// for peered hubs. Sorted, with prefixes inside others dropped.
    fn internal_prefixes(
        &self,
        network: &Network,
        inspection_vpc: &str,
        hubs: &[&TransitGateway],
    ) -> Vec<Ipv4Net> {
        let mut reach: Vec<&TransitGateway> = hubs.to_vec();
        for hub in hubs {
            for peer in peers(network, hub) {
                if !reach.iter().any(|h| h.name == peer.name) {
                    reach.push(peer);
                }
            }
        }
        let mut nets = Vec::new();
        for hub in reach {
            for attachment in hub.attachments.iter().filter(|a| a.vpc != inspection_vpc) {
                if let Some(net) = self.summary(network, &attachment.vpc) {
                    nets.push(net);
                }
            }
            nets.extend(
                hub.on_premises
                    .iter()
                    .filter_map(|p| p.parse::<Ipv4Net>().ok()),
            );
        }
        summarize(nets)
    }

    /// What lies behind a core network, for its inspection VPCs: every attached VPC that does
    /// not inspect (as the IP block it is allocated from, or its own CIDR). Sorted, with
    /// prefixes inside others dropped.
    fn core_prefixes(&self, network: &Network, core: &CoreNetwork) -> Vec<Ipv4Net> {
        let nets = core
            .attachments
            .iter()
            .filter(|a| !network.inspections.iter().any(|i| i.vpc == a.vpc))
            .filter_map(|a| self.summary(network, &a.vpc))
            .collect();
        summarize(nets)
    }

    /// A VPC's CIDR, or the IP block or IPAM pool it is allocated from.
    fn summary(&self, network: &Network, vpc: &str) -> Option<Ipv4Net> {
        let index = self.index(vpc)?;
        match &network.vpcs[index].cidr {
            VpcCidr::Allocated { block, .. } => network
                .ip_blocks
                .iter()
                .find(|b| &b.name == block)
                .and_then(|b| b.cidr.parse().ok())
                .or_else(|| self.pool_cidr(block)),
            VpcCidr::Ipam { pool, .. } => self.pool_cidr(pool),
            VpcCidr::Pinned(_) => Some(self.valid.plan()[index].cidr),
        }
    }

    /// The CIDR of the VPC at `index` as far as it is known before deploy: for a VPC that
    /// IPAM allocates at deploy time, its whole pool (the block lies somewhere in it).
    pub(crate) fn known_cidr(&self, index: usize) -> Ipv4Net {
        match &self.valid.network().vpcs[index].cidr {
            VpcCidr::Ipam { pool, .. } => self
                .pool_cidr(pool)
                .unwrap_or(self.valid.plan()[index].cidr),
            _ => self.valid.plan()[index].cidr,
        }
    }

    /// The planned CIDR of the IPv4 pool named `name`.
    fn pool_cidr(&self, name: &str) -> Option<Ipv4Net> {
        let ipam = self.valid.network().ipam.as_ref()?;
        let index = ipam.pools.iter().position(|p| p.name == name)?;
        match self.valid.pools().get(index)?.cidr? {
            ipnet::IpNet::V4(net) => Some(net),
            ipnet::IpNet::V6(_) => None,
        }
    }
}

/// The hubs `hub` is peered with, either side requesting.
fn peers<'n>(network: &'n Network, hub: &TransitGateway) -> Vec<&'n TransitGateway> {
    network
        .transit_gateways
        .iter()
        .filter(|other| {
            other.name != hub.name
                && (hub.peerings.iter().any(|p| p.peer == other.name)
                    || other.peerings.iter().any(|p| p.peer == hub.name))
        })
        .collect()
}

/// Sorted, deduplicated, without prefixes contained in another.
pub(crate) fn summarize(mut nets: Vec<Ipv4Net>) -> Vec<Ipv4Net> {
    nets.sort_by_key(|n| (n.network(), n.prefix_len()));
    let mut out: Vec<Ipv4Net> = Vec::new();
    for net in nets {
        if out.last().is_some_and(|last| last.contains(&net)) {
            continue;
        }
        out.push(net);
    }
    out
}

/// The id of a Transit Gateway.
pub(crate) fn tgw_id(tgw: &TransitGateway) -> ResourceId {
    ResourceId::new(Kind::TransitGateway, [tgw.name.as_str()])
}

/// The id of a VPC's attachment to a Transit Gateway.
pub(crate) fn attachment_id(tgw: &TransitGateway, vpc: &str) -> ResourceId {
    ResourceId::new(Kind::TgwVpcAttachment, [tgw.name.as_str(), vpc])
}

/// The id of a core network.
pub(crate) fn core_id(core: &CoreNetwork) -> ResourceId {
    ResourceId::new(Kind::CoreNetwork, [core.name.as_str()])
}

/// The id of a VPC's attachment to a core network.
pub(crate) fn cw_attachment_id(core: &CoreNetwork, vpc: &str) -> ResourceId {
    ResourceId::new(Kind::CwVpcAttachment, [core.name.as_str(), vpc])
}

/// The id of the acceptance of a VPC's attachment to a core network.
pub(crate) fn cw_accepter_id(core: &CoreNetwork, vpc: &str) -> ResourceId {
    ResourceId::new(Kind::CwAttachmentAccepter, [core.name.as_str(), vpc])
}
