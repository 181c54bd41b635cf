//! Site-to-Site VPN: each customer gateway, and each connection with its two tunnels (keys
//! from deploy inputs, never in the output), ending on a Transit Gateway (associated with a
//! route table, propagated or routed statically to others) or attached to the core network
//! (placed by the attachment policies, accepted when its segment asks for it).

use super::cloudwan::{join_core, Joining};
use super::hub::OnPremAttachment;
use super::routing::core_id;
use super::{cidr_name, Emitter, Spec};
use crate::graph::{Placement, ResourceId, Secret, Value};
use crate::kinds::{Attr, Kind};
use indexmap::IndexMap;
use ipnet::Ipv4Net;
use netform_dsl::{
    CustomerGateway, Network, Path, PresharedKey, VpnConnection, VpnHub, VpnRouting,
    PRESHARED_KEY_PATTERN,
};

/// The largest ASN CloudFormation takes as `BgpAsn`; larger ones are `BgpAsnExtended`
/// ("If the ASN is larger than 2,147,483,647, you must use BgpAsnExtended").
const MAX_BGP_ASN: u32 = 2_147_483_647;

pub(crate) fn lower(emit: &mut Emitter<'_>, network: &Network) {
    let mut gateways: IndexMap<&str, (&CustomerGateway, ResourceId)> = IndexMap::new();
    for gateway in &network.customer_gateways {
        let id = customer_gateway(emit, network, gateway);
        gateways.insert(gateway.name.as_str(), (gateway, id));
    }
    for vpn in &network.vpn_connections {
        let (gateway, gateway_id) = &gateways[vpn.customer_gateway.as_str()];
        connection(emit, network, vpn, gateway, gateway_id);
    }
}

fn customer_gateway(
    emit: &mut Emitter<'_>,
    network: &Network,
    gateway: &CustomerGateway,
) -> ResourceId {
    let placement = Placement {
        account: gateway.account.clone(),
        region: gateway.region.clone(),
    };
    let path = Path::root().field("customer_gateways").key(&gateway.name);
    emit.add(
        Spec {
            kind: Kind::CustomerGateway,
            name: vec![gateway.name.clone()],
            placement: &placement,
            origin: &path,
            tags: &network.tags,
        },
        |p| {
            p.insert("type", "ipsec.1".into());
            p.insert("ip_address", gateway.ip_address.as_str().into());
            // Exactly one of the two, by size.
            let key = if gateway.asn <= MAX_BGP_ASN {
                "bgp_asn"
            } else {
                "bgp_asn_extended"
            };
            p.insert(key, i64::from(gateway.asn).into());
            if let Some(device) = &gateway.device_name {
                p.insert("device_name", device.as_str().into());
            }
        },
    )
}

fn connection(
    emit: &mut Emitter<'_>,
    network: &Network,
    vpn: &VpnConnection,
    gateway: &CustomerGateway,
    gateway_id: &ResourceId,
) {
    let placement = Placement {
        account: gateway.account.clone(),
        region: gateway.region.clone(),
    };
    let path = Path::root().field("vpn_connections").key(&vpn.name);
    let id = emit.add(
        Spec {
            kind: Kind::VpnConnection,
            name: vec![vpn.name.clone()],
            placement: &placement,
            origin: &path,
            tags: &network.tags,
        },
        |p| {
            p.insert("type", "ipsec.1".into());
            p.insert("customer_gateway_id", gateway_id.id().into());
            if let VpnHub::TransitGateway { name, .. } = &vpn.hub {
                p.insert(
                    "transit_gateway_id",
                    ResourceId::new(Kind::TransitGateway, [name.as_str()])
                        .id()
                        .into(),
                );
            }
            let static_routes = matches!(vpn.routing, VpnRouting::Static { .. });
            p.insert("static_routes_only", static_routes.into());
            if vpn.acceleration {
                p.insert("enable_acceleration", true.into());
            }
            tunnels(p, vpn);
        },
    );
    match &vpn.hub {
        VpnHub::TransitGateway {
            name,
            route_table,
            learned_by,
        } => tgw_routing(
            emit,
            network,
            vpn,
            &id,
            (name, route_table, learned_by),
            &placement,
            &path,
        ),
        VpnHub::CoreNetwork { tags } => {
            core_attachment(emit, network, vpn, gateway, &id, tags, &placement, &path)
        }
    }
}

/// The tunnels' inside CIDRs and keys, one object per tunnel in CloudFormation and flat
/// `tunnelN_*` arguments in Terraform.
fn tunnels(p: &mut IndexMap<&'static str, Value>, vpn: &VpnConnection) {
    if vpn.tunnels.is_empty() {
        return;
    }
    let mut options = Vec::new();
    for (t, tunnel) in vpn.tunnels.iter().enumerate() {
        let n = t + 1;
        let mut fields = IndexMap::new();
        if let Some(cidr) = &tunnel.inside_cidr {
            fields.insert("tunnel_inside_cidr", Value::from(cidr.as_str()));
            p.insert(
                if n == 1 {
                    "tunnel1_inside_cidr"
                } else {
                    "tunnel2_inside_cidr"
                },
                cidr.as_str().into(),
            );
        }
        if tunnel.preshared_key == PresharedKey::Input {
            let secret = Value::Secret(Secret {
                name: vec![vpn.name.clone(), format!("tunnel{n}"), "psk".to_string()],
                description: format!(
                    "Pre-shared key of tunnel {n} of VPN connection {}: 8 to 64 letters, digits, '.' or '_', not starting with 0",
                    vpn.name
                ),
                pattern: PRESHARED_KEY_PATTERN,
            });
            fields.insert("pre_shared_key", secret.clone());
            p.insert(
                if n == 1 {
                    "tunnel1_preshared_key"
                } else {
                    "tunnel2_preshared_key"
                },
                secret,
            );
        }
        options.push(Value::Struct(fields));
    }
    p.insert("tunnel_options", Value::List(options));
}

/// On a Transit Gateway: the attachment the connection creates is associated with
/// `route_table`; the on-premises prefixes reach `learned_by` by propagation (BGP) or by a
/// static route each (static routing).
fn tgw_routing(
    emit: &mut Emitter<'_>,
    network: &Network,
    vpn: &VpnConnection,
    id: &ResourceId,
    (hub, route_table, learned_by): (&str, &str, &[String]),
    placement: &Placement,
    path: &Path,
) {
    let at = path.field("hub").field("transit_gateway");
    let link = OnPremAttachment {
        hub,
        name: ("vpn", &vpn.name),
        attachment: id.attr(Attr::TgwAttachment),
        placement,
        route_table_path: at.field("route_table"),
        learned_by_path: at.field("learned_by"),
        tags: &network.tags,
    };
    link.associate(emit, route_table);
    for learner in learned_by {
        match &vpn.routing {
            VpnRouting::Bgp => link.propagate(emit, learner),
            VpnRouting::Static { prefixes } => {
                for prefix in prefixes {
                    let net: Ipv4Net = prefix.parse().expect("validated: an IPv4 CIDR");
                    emit.add(
                        Spec {
                            kind: Kind::TgwRoute,
                            name: vec![hub.to_string(), learner.clone(), cidr_name(&net)],
                            placement,
                            origin: &link.learned_by_path,
                            tags: &network.tags,
                        },
                        |p| {
                            p.insert(
                                "transit_gateway_route_table_id",
                                link.table(learner).id().into(),
                            );
                            p.insert("destination_cidr_block", net.to_string().into());
                            p.insert(
                                "transit_gateway_attachment_id",
                                link.attachment.clone().into(),
                            );
                        },
                    );
                }
            }
        }
    }
}

/// On the core network: a site-to-site VPN attachment naming the connection by ARN, after
/// the live policy, accepted by the core network's owner when its segment asks for it.
#[allow(clippy::too_many_arguments)]
fn core_attachment(
    emit: &mut Emitter<'_>,
    network: &Network,
    vpn: &VpnConnection,
    gateway: &CustomerGateway,
    id: &ResourceId,
    tags: &netform_dsl::Tags,
    placement: &Placement,
    path: &Path,
) {
    let core = network
        .core_network
        .as_ref()
        .expect("validated: the network has a core network");
    let mut all_tags = network.tags.clone();
    all_tags.extend(tags.iter().map(|(k, v)| (k.clone(), v.clone())));
    let attachment = emit.add(
        Spec {
            kind: Kind::CwVpnAttachment,
            name: vec![core.name.clone(), vpn.name.clone()],
            placement,
            origin: &path.field("hub"),
            tags: &all_tags,
        },
        |p| {
            p.insert("core_network_id", core_id(core).id().into());
            p.insert("vpn_connection_arn", id.attr(Attr::Arn).into());
        },
    );
    join_core(
        emit,
        network,
        core,
        &Joining {
            attachment: &attachment,
            account: &gateway.account,
            region: &gateway.region,
            tags: &all_tags,
            policy_type: "site-to-site-vpn",
            api_type: "SITE_TO_SITE_VPN",
        },
        Spec {
            kind: Kind::CwAttachmentAccepter,
            name: vec![core.name.clone(), vpn.name.clone()],
            placement,
            origin: &path.field("hub"),
            tags: &all_tags,
        },
    );
}
