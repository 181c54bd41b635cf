//! Site-to-Site VPN: customer gateways, connections to a Transit Gateway or the core network
//! with both tunnels, keys from deploy inputs, the Transit Gateway attachment CloudFormation
//! has to look up; the hub blueprints' option; every bad input.

use crate::support::{assert_diagnostics, blueprint, graph, render, resource};
use netform::backends::{Attr, Kind, Target, Value};
use netform::dsl::{
    Code, CustomerGateway, Network, PresharedKey, Severity, VpnConnection, VpnRouting, VpnTunnel,
};

fn tgw_network() -> Network {
    blueprint("tgw-hub-spoke", &[("vpn", "bgp")])
}

#[test]
fn bad_customer_gateways_are_reported_all_at_once() {
    let mut network = tgw_network();
    network.customer_gateways.extend([
        CustomerGateway::new("private", "network", "us-east-1", 65001, "10.1.2.3"),
        CustomerGateway::new("reserved", "network", "us-east-1", 7224, "203.0.113.20"),
        CustomerGateway::new("dublin", "network", "eu-west-1", 9059, "203.0.113.21"),
        CustomerGateway::new("zero", "nowhere", "us-east-1", 0, "not-an-ip"),
    ]);
    network
        .customer_gateways
        .push(network.customer_gateways[0].clone());
    let diags = network.validate().expect_err("invalid");
    let at = |name: &str, field: &str| format!("customer_gateways[\"{name}\"].{field}");
    assert_diagnostics(
        &diags,
        &[
            (
                Severity::Error,
                Code::CustomerGatewayShape,
                &at("private", "ip_address"),
                &["10.1.2.3", "not a public address"],
            ),
            (
                Severity::Error,
                Code::CustomerGatewayShape,
                &at("reserved", "asn"),
                &["7224", "every region"],
            ),
            (
                Severity::Error,
                Code::CustomerGatewayShape,
                &at("dublin", "asn"),
                &["9059", "in eu-west-1"],
            ),
            (
                Severity::Error,
                Code::CustomerGatewayShape,
                &at("zero", "account"),
                &["\"nowhere\""],
            ),
            (
                Severity::Error,
                Code::CustomerGatewayShape,
                &at("zero", "ip_address"),
                &["\"not-an-ip\""],
            ),
            (
                Severity::Error,
                Code::CustomerGatewayShape,
                &at("zero", "asn"),
                &["ASN 0", "4294967294"],
            ),
            (
                Severity::Error,
                Code::NameDuplicate,
                "customer_gateways[\"onprem-use1\"]",
                &["used twice"],
            ),
        ],
    );
    // 9059 is reserved in eu-west-1 only.
    let mut elsewhere = tgw_network();
    elsewhere.customer_gateways[0].asn = 9059;
    assert!(elsewhere.validate().is_ok());
}

#[test]
fn bad_connections_to_a_transit_gateway_are_reported_all_at_once() {
    let mut network = tgw_network();
    network.customer_gateways.push(CustomerGateway::new(
        "dublin",
        "network",
        "eu-west-1",
        64512,
        "203.0.113.30",
    ));
    network.vpn_connections.extend([
        VpnConnection::to_transit_gateway("ghost-device", "nobody", "hub-use1", "spokes"),
        VpnConnection::to_transit_gateway("ghost-hub", "onprem-use1", "hub-mars", "spokes"),
        VpnConnection::to_transit_gateway("tables", "onprem-use1", "hub-use1", "edge")
            .learned_by("inspection")
            .learned_by("core"),
        VpnConnection::to_transit_gateway("far", "dublin", "hub-use1", "spokes"),
        VpnConnection::to_transit_gateway("static", "onprem-use1", "hub-use1", "spokes")
            .learned_by("inspection")
            .static_routes(["192.168.10.0/24", "172.16.0.0/12", "300.0.0.0/8"]),
        VpnConnection::to_transit_gateway("onprem-use1", "onprem-use1", "hub-use1", "spokes"),
    ]);
    let diags = network.validate().expect_err("invalid");
    let at = |name: &str, field: &str| format!("vpn_connections[\"{name}\"].{field}");
    assert_diagnostics(
        &diags,
        &[
            (
                Severity::Error,
                Code::VpnShape,
                &at("ghost-device", "customer_gateway"),
                &["\"nobody\""],
            ),
            (
                Severity::Error,
                Code::VpnShape,
                &at("ghost-hub", "hub.transit_gateway.name"),
                &["\"hub-mars\""],
            ),
            (
                Severity::Error,
                Code::VpnShape,
                &at("tables", "hub.transit_gateway.route_table"),
                &["\"edge\""],
            ),
            (
                Severity::Error,
                Code::VpnShape,
                &at("tables", "hub.transit_gateway.learned_by[1]"),
                &["\"core\""],
            ),
            (
                Severity::Error,
                Code::VpnShape,
                &at("far", "customer_gateway"),
                &["eu-west-1", "us-east-1", "one account and region"],
            ),
            (
                Severity::Error,
                Code::CustomerGatewayShape,
                &at("far", "customer_gateway"),
                &["both have ASN 64512"],
            ),
            (
                Severity::Error,
                Code::VpnShape,
                &at("static", "routing.static.prefixes[1]"),
                &["172.16.0.0/12", "192.168.0.0/16"],
            ),
            (
                Severity::Error,
                Code::VpnShape,
                &at("static", "routing.static.prefixes[2]"),
                &["\"300.0.0.0/8\""],
            ),
            (
                Severity::Error,
                Code::NameDuplicate,
                "vpn_connections[\"onprem-use1\"]",
                &["used twice"],
            ),
        ],
    );
}

#[test]
fn bad_tunnel_inside_cidrs_are_reported_all_at_once() {
    let mut network = tgw_network();
    let cidr = |text: &str| VpnTunnel::new(text);
    let mut one = VpnConnection::to_transit_gateway("one", "onprem-use1", "hub-use1", "spokes");
    one.tunnels = vec![cidr("169.254.30.0/30")];
    network.vpn_connections.extend([
        one,
        VpnConnection::to_transit_gateway("sizes", "onprem-use1", "hub-use1", "spokes")
            .tunnels(cidr("169.254.31.0/29"), cidr("10.0.0.0/30")),
        VpnConnection::to_transit_gateway("reserved", "onprem-use1", "hub-use1", "spokes")
            .tunnels(cidr("169.254.169.252/30"), cidr("169.254.2.0/30")),
        VpnConnection::to_transit_gateway("same", "onprem-use1", "hub-use1", "spokes")
            .tunnels(cidr("169.254.32.0/30"), cidr("169.254.32.0/30")),
        // The blueprint's first tunnel again, on the same device: a warning.
        VpnConnection::to_transit_gateway("again", "onprem-use1", "hub-use1", "spokes")
            .tunnels(cidr("169.254.10.0/30"), cidr("169.254.33.1/30")),
    ]);
    let diags = network.validate().expect_err("invalid");
    let at = |name: &str, t: usize| format!("vpn_connections[\"{name}\"].tunnels[{t}].inside_cidr");
    assert_diagnostics(
        &diags,
        &[
            (
                Severity::Error,
                Code::VpnTunnel,
                "vpn_connections[\"one\"].tunnels",
                &["1 tunnel options", "exactly two"],
            ),
            (
                Severity::Error,
                Code::VpnTunnel,
                &at("sizes", 0),
                &["a /29"],
            ),
            (
                Severity::Error,
                Code::VpnTunnel,
                &at("sizes", 1),
                &["10.0.0.0/30", "outside 169.254.0.0/16"],
            ),
            (
                Severity::Error,
                Code::VpnTunnel,
                &at("reserved", 0),
                &["169.254.169.252/30", "AWS reserves"],
            ),
            (
                Severity::Error,
                Code::VpnTunnel,
                &at("reserved", 1),
                &["169.254.2.0/30", "AWS reserves"],
            ),
            (
                Severity::Error,
                Code::VpnTunnel,
                &at("same", 1),
                &["the same as the other tunnel"],
            ),
            (
                Severity::Warning,
                Code::VpnTunnel,
                &at("again", 0),
                &["169.254.10.0/30", "\"onprem-use1\""],
            ),
            (
                Severity::Error,
                Code::VpnTunnel,
                &at("again", 1),
                &["\"169.254.33.1/30\"", "not an IPv4 CIDR"],
            ),
        ],
    );
}

#[test]
fn a_vpn_on_the_core_network_needs_bgp_an_edge_an_asn_of_its_own_and_a_segment() {
    let mut network = blueprint("cloudwan-hub-spoke", &[("vpn", "bgp")]);
    network.customer_gateways.extend([
        CustomerGateway::new("tokyo", "network", "ap-northeast-1", 65030, "203.0.113.40"),
        CustomerGateway::new("edge-asn", "network", "us-east-1", 64520, "203.0.113.41"),
    ]);
    network.vpn_connections.extend([
        VpnConnection::to_core_network("static", "onprem-use1", [("segment", "shared")])
            .static_routes(["192.168.0.0/16"])
            .accelerated(),
        VpnConnection::to_core_network("tokyo", "tokyo", [("segment", "shared")]),
        VpnConnection::to_core_network("edge-asn", "edge-asn", [("segment", "shared")]),
        VpnConnection::to_core_network("untagged", "onprem-use1", [("team", "net")]),
        VpnConnection::to_core_network("mars", "onprem-use1", [("segment", "mars")]),
    ]);
    let diags = network.validate().expect_err("invalid");
    let at = |name: &str, field: &str| format!("vpn_connections[\"{name}\"].{field}");
    let asn_range = network
        .core_network
        .as_ref()
        .unwrap()
        .policy
        .core_network_configuration
        .asn_ranges[0]
        .clone();
    assert_diagnostics(
        &diags,
        &[
            (
                Severity::Error,
                Code::VpnShape,
                &at("static", "routing"),
                &["static routing", "BGP"],
            ),
            (
                Severity::Error,
                Code::VpnShape,
                &at("static", "acceleration"),
                &["acceleration"],
            ),
            (
                Severity::Error,
                Code::VpnShape,
                &at("tokyo", "customer_gateway"),
                &["ap-northeast-1", "no edge there"],
            ),
            (
                Severity::Error,
                Code::CustomerGatewayShape,
                &at("edge-asn", "customer_gateway"),
                &["64520", &asn_range],
            ),
            (
                Severity::Error,
                Code::VpnShape,
                &at("untagged", "hub.core_network.tags"),
                &["team=net", "no segment"],
            ),
            (
                Severity::Error,
                Code::VpnShape,
                &at("mars", "hub.core_network.tags"),
                &["\"mars\""],
            ),
        ],
    );
}

/// A BGP connection on the Transit Gateway: the attachment (Terraform's
/// `transit_gateway_attachment_id`) is associated with `spokes` and propagates to
/// `inspection`; both tunnels have their inside CIDR and a key from a deploy input.
#[test]
fn a_bgp_vpn_on_a_transit_gateway_associates_and_propagates_its_attachment() {
    let graph = graph(&tgw_network());
    let gateway = resource(&graph, "OnpremUse1CustomerGateway");
    assert_eq!(gateway.properties["bgp_asn"], Value::Int(65010));
    assert!(!gateway.properties.contains_key("bgp_asn_extended"));
    let vpn = resource(&graph, "OnpremUse1VpnConnection");
    assert_eq!(vpn.properties["static_routes_only"], Value::Bool(false));
    assert_eq!(
        vpn.properties["tunnel1_inside_cidr"],
        Value::from("169.254.10.0/30")
    );
    assert_eq!(
        vpn.properties["tunnel2_inside_cidr"],
        Value::from("169.254.10.4/30")
    );
    let secrets: Vec<String> = vpn.secrets().iter().map(|s| s.tf_label()).collect();
    assert_eq!(
        secrets,
        [
            "onprem_use1_tunnel1_psk",
            "onprem_use1_tunnel2_psk",
            "onprem_use1_tunnel1_psk",
            "onprem_use1_tunnel2_psk"
        ],
        "each key in CloudFormation's tunnel object and Terraform's argument"
    );
    let reads_attachment = |logical: &str| {
        let r = resource(&graph, logical);
        match &r.properties["transit_gateway_attachment_id"] {
            Value::Ref(x) => {
                x.target.logical_id() == "OnpremUse1VpnConnection" && x.attr == Attr::TgwAttachment
            }
            _ => false,
        }
    };
    assert!(reads_attachment("HubUse1VpnOnpremUse1TgwAssociation"));
    assert!(reads_attachment(
        "HubUse1VpnOnpremUse1InspectionTgwPropagation"
    ));
}

/// Static routing: a route per prefix to the attachment in each table that learns them, and
/// the on-premises ranges sent to the hub by spokes that do not send it everything.
#[test]
fn a_static_vpn_routes_each_prefix_and_the_spokes_send_them_to_the_hub() {
    let network = blueprint(
        "tgw-hub-spoke",
        &[
            ("vpn", "static"),
            ("egress", "none"),
            ("onprem-cidrs", "192.168.0.0/16,172.20.0.0/16"),
        ],
    );
    assert_eq!(
        network.vpn_connections[0].routing,
        VpnRouting::Static {
            prefixes: vec!["192.168.0.0/16".into(), "172.20.0.0/16".into()]
        }
    );
    let spoke = &network.transit_gateways[0].attachments[1];
    assert_eq!(
        spoke.vpc_routes,
        ["10.0.0.0/8", "192.168.0.0/16", "172.20.0.0/16"]
    );
    let graph = graph(&network);
    let routes: Vec<String> = graph
        .resources
        .values()
        .filter(|r| r.id.kind == Kind::TgwRoute)
        .filter(|r| matches!(&r.properties["transit_gateway_attachment_id"], Value::Ref(x) if x.attr == Attr::TgwAttachment))
        .map(|r| r.id.logical_id().to_string())
        .collect();
    assert_eq!(
        routes,
        [
            "HubUse1Inspection192x168x0x0m16TgwRoute",
            "HubUse1Inspection172x20x0x0m16TgwRoute"
        ]
    );
    assert_eq!(
        resource(&graph, "OnpremUse1VpnConnection").properties["static_routes_only"],
        Value::Bool(true)
    );
}

/// CloudFormation cannot return the attachment: the routing stack takes it as a Parameter
/// that a manual step looks up after the VPN's stack; the keys are `NoEcho` Parameters with
/// AWS's pattern. Terraform reads the attachment and takes the keys as sensitive variables.
#[test]
fn cloudformation_looks_the_attachment_up_and_both_targets_take_the_keys_as_inputs() {
    let network = tgw_network();
    let files = render(&network, Target::CloudFormation);
    let json = |path: &str| -> serde_json::Value {
        let file = files
            .iter()
            .find(|f| f.path == path)
            .unwrap_or_else(|| panic!("no {path}"));
        serde_json::from_str(&file.contents).unwrap()
    };
    let manifest = json("manifest.json");
    let routing = manifest["stacks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "acme-network-us-east-1-routing")
        .unwrap();
    let lookup = routing["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["parameter"] == "OnpremUse1VpnConnectionTgwAttachmentId")
        .expect("the lookup parameter");
    assert_eq!(lookup["after_stack"], "acme-network-us-east-1");
    assert_eq!(lookup["output"], "OnpremUse1VpnConnectionId");
    let command = lookup["lookup"].as_str().unwrap();
    assert!(
        command.contains("describe-transit-gateway-attachments --region us-east-1"),
        "{command}"
    );
    assert!(
        command.contains("Name=resource-id,Values=<OnpremUse1VpnConnectionId>"),
        "{command}"
    );
    let steps = manifest["manual_steps"].as_array().unwrap();
    assert!(steps.iter().any(|s| s["step"]
        .as_str()
        .unwrap()
        .contains("OnpremUse1VpnConnectionTgwAttachmentId")
        && s["after_stack"] == "acme-network-us-east-1"
        && s["before_stacks"] == serde_json::json!(["acme-network-us-east-1-routing"])));
    let base = json("acme-network-us-east-1.template.json");
    let key = &base["Parameters"]["OnpremUse1Tunnel1Psk"];
    assert_eq!(key["NoEcho"], true);
    assert_eq!(key["AllowedPattern"], "^[A-Za-z1-9._][A-Za-z0-9._]{7,63}$");
    assert_eq!(
        base["Resources"]["OnpremUse1VpnConnection"]["Properties"]
            ["VpnTunnelOptionsSpecifications"][0]["PreSharedKey"],
        serde_json::json!({"Ref": "OnpremUse1Tunnel1Psk"})
    );
    assert!(base["Outputs"].get("OnpremUse1Tunnel1Psk").is_none());

    let tf: String = render(&network, Target::Terraform)
        .into_iter()
        .map(|f| f.contents)
        .collect();
    assert!(tf.contains("transit_gateway_attachment_id  = aws_vpn_connection.onprem_use1.transit_gateway_attachment_id"));
    assert!(tf.contains("tunnel1_preshared_key = var.onprem_use1_tunnel1_psk"));
    assert!(tf.contains("sensitive   = true"));
}

/// `vpn-psk=aws` leaves the keys to AWS: no input at all.
#[test]
fn aws_generated_keys_need_no_input() {
    let network = blueprint("tgw-hub-spoke", &[("vpn", "bgp"), ("vpn-psk", "aws")]);
    assert!(network.vpn_connections[0]
        .tunnels
        .iter()
        .all(|t| t.preshared_key == PresharedKey::AwsGenerated));
    let graph = graph(&network);
    assert!(graph.resources.values().all(|r| r.secrets().is_empty()));
}

/// A 32-bit ASN is `BgpAsnExtended`.
#[test]
fn a_32_bit_asn_is_bgp_asn_extended() {
    let mut network = tgw_network();
    network.customer_gateways[0].asn = 4_200_000_000;
    let graph = graph(&network);
    let gateway = resource(&graph, "OnpremUse1CustomerGateway");
    assert_eq!(
        gateway.properties["bgp_asn_extended"],
        Value::Int(4_200_000_000)
    );
    assert!(!gateway.properties.contains_key("bgp_asn"));
}

/// On Cloud WAN: a site-to-site VPN attachment naming the connection by ARN, tagged into
/// the shared segment, after the live policy.
#[test]
fn a_vpn_on_the_core_network_is_a_site_to_site_vpn_attachment() {
    let graph = graph(&blueprint("cloudwan-hub-spoke", &[("vpn", "bgp")]));
    let attachment = resource(&graph, "WanOnpremUse1CwVpnAttachment");
    match &attachment.properties["vpn_connection_arn"] {
        Value::Ref(r) => {
            assert_eq!(r.target.logical_id(), "OnpremUse1VpnConnection");
            assert_eq!(r.attr, Attr::Arn);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        attachment.tags.get("segment").map(String::as_str),
        Some("shared")
    );
    assert!(attachment
        .depends_on
        .iter()
        .any(|d| d.kind == Kind::CorePolicyAttachment));
    assert!(!resource(&graph, "OnpremUse1VpnConnection")
        .properties
        .contains_key("transit_gateway_id"));
}
