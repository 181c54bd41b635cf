//! Direct Connect gateways: the gateway (global; written with its last hub, or the core
//! network's home region), per Transit Gateway an association with its allowed prefixes and
//! the routing of the attachment it creates (associated with a route table, propagated to
//! others), and the attachment to the core network at its edges (accepted when its segment
//! asks for it).

use super::cloudwan::{join_core, Joining};
use super::hub::OnPremAttachment;
use super::routing::core_id;
use super::{Emitter, Spec};
use crate::graph::{Placement, ResourceId, Value};
use crate::kinds::{Attr, Kind};
use netform_dsl::{DxGateway, Network, Path};

pub(crate) fn lower(emit: &mut Emitter<'_>, network: &Network) {
    for dx in &network.dx_gateways {
        lower_one(emit, network, dx);
    }
}

fn lower_one(emit: &mut Emitter<'_>, network: &Network, dx: &DxGateway) {
    let path = Path::root().field("dx_gateways").key(&dx.name);
    let hub = |name: &str| {
        network
            .transit_gateways
            .iter()
            .find(|t| t.name == name)
            .expect("validated: the Transit Gateway exists")
    };
    // A global resource: its stack is its last hub's region, else the core network's home.
    // The last: peerings are requested by earlier hubs of later ones, so earlier regions'
    // stacks already come after later ones', and the associations add no cycle.
    let region = match (dx.transit_gateways.last(), &network.core_network) {
        (Some(last), _) => hub(&last.transit_gateway).region.clone(),
        (None, Some(core)) => core.home_region.clone(),
        (None, None) => return,
    };
    let placement = Placement {
        account: dx.account.clone(),
        region,
    };
    let name = emit.resource_name(std::slice::from_ref(&dx.name));
    let gateway = emit.add(
        Spec {
            kind: Kind::DxGateway,
            name: vec![dx.name.clone()],
            placement: &placement,
            origin: &path,
            tags: &network.tags,
        },
        |p| {
            p.insert("name", name.into());
            // A string in both targets (the CloudFormation schema's pattern `^[1-9][0-9]*$`).
            p.insert("amazon_side_asn", dx.asn.to_string().into());
        },
    );
    for (i, association) in dx.transit_gateways.iter().enumerate() {
        let at = path.field("transit_gateways").index(i);
        let tgw = hub(&association.transit_gateway);
        let here = Placement {
            account: tgw.account.clone(),
            region: tgw.region.clone(),
        };
        let id = emit.add(
            Spec {
                kind: Kind::DxAssociation,
                name: vec![dx.name.clone(), tgw.name.clone()],
                placement: &here,
                origin: &at,
                tags: &network.tags,
            },
            |p| {
                p.insert("dx_gateway_id", gateway.id().into());
                p.insert(
                    "associated_gateway_id",
                    ResourceId::new(Kind::TransitGateway, [tgw.name.as_str()])
                        .id()
                        .into(),
                );
                p.insert(
                    "allowed_prefixes",
                    Value::strings(association.allowed_prefixes.iter().cloned()),
                );
            },
        );
        let link = OnPremAttachment {
            hub: &tgw.name,
            name: ("dx", &dx.name),
            attachment: id.attr(Attr::TgwAttachment),
            placement: &here,
            route_table_path: at.field("route_table"),
            learned_by_path: at.field("learned_by"),
            tags: &network.tags,
        };
        link.associate(emit, &association.route_table);
        for learner in &association.learned_by {
            link.propagate(emit, learner);
        }
    }
    if let (Some(attachment), Some(core)) = (&dx.core_network, &network.core_network) {
        let mut tags = network.tags.clone();
        tags.extend(attachment.tags.iter().map(|(k, v)| (k.clone(), v.clone())));
        let home = Placement {
            account: core.account.clone(),
            region: core.home_region.clone(),
        };
        let id = emit.add(
            Spec {
                kind: Kind::CwDxAttachment,
                name: vec![core.name.clone(), dx.name.clone()],
                placement: &home,
                origin: &path.field("core_network"),
                tags: &tags,
            },
            |p| {
                p.insert("core_network_id", core_id(core).id().into());
                p.insert("direct_connect_gateway_arn", gateway.attr(Attr::Arn).into());
                p.insert(
                    "edge_locations",
                    Value::strings(attachment.edge_locations.iter().cloned()),
                );
            },
        );
        join_core(
            emit,
            network,
            core,
            &Joining {
                attachment: &id,
                account: &dx.account,
                region: attachment.edge_locations.first().map_or("", String::as_str),
                tags: &tags,
                policy_type: "direct-connect-gateway",
                api_type: "DIRECT_CONNECT_GATEWAY",
            },
            Spec {
                kind: Kind::CwAttachmentAccepter,
                name: vec![core.name.clone(), dx.name.clone()],
                placement: &home,
                origin: &path.field("core_network"),
                tags: &tags,
            },
        );
    }
}
