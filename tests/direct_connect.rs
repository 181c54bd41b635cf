//! Direct Connect gateways: associations with Transit Gateways (allowed prefixes, the
//! attachment's routing, its lookup in CloudFormation) and Cloud WAN attachments; the hub
//! blueprints' option; every bad input.

use crate::support::{assert_diagnostics, blueprint, graph, render, resource};
use netform::backends::{Attr, Kind, Target, Value};
use netform::dsl::{Code, DxGateway, Network, Severity};

/// `tgw-hub-spoke` in two regions with the blueprint's gateway.
fn tgw_network() -> Network {
    blueprint(
        "tgw-hub-spoke",
        &[("dx-gateway", "64600"), ("regions", "us-east-1,eu-west-1")],
    )
}

#[test]
fn bad_gateways_and_associations_are_reported_all_at_once() {
    let mut network = tgw_network();
    network.dx_gateways.extend([
        DxGateway::new("bad name!", "nowhere", 65535),
        DxGateway::new("same-asn", "network", 64512).associate(
            "hub-use1",
            "edge",
            ["10.0.0.0/12"],
            |a| a.learned_by("core"),
        ),
        DxGateway::new("ghost", "network", 64601).associate(
            "hub-mars",
            "spokes",
            ["10.0.0.0/12"],
            |a| a,
        ),
        DxGateway::new("twice", "network", 64602)
            .associate("hub-use1", "spokes", ["10.0.0.0/12"], |a| a)
            .associate("hub-use1", "spokes", ["10.0.0.0/12"], |a| a),
    ]);
    network.dx_gateways.push(network.dx_gateways[0].clone());
    let diags = network.validate().expect_err("invalid");
    let at = |name: &str, field: &str| format!("dx_gateways[\"{name}\"].{field}");
    assert_diagnostics(
        &diags,
        &[
            (
                Severity::Error,
                Code::NameSyntax,
                &at("bad name!", "name"),
                &["\"bad name!\"", "' '"],
            ),
            (
                Severity::Error,
                Code::DxGatewayShape,
                &at("bad name!", "account"),
                &["\"nowhere\""],
            ),
            (
                Severity::Error,
                Code::DxGatewayShape,
                &at("bad name!", "asn"),
                &["65535"],
            ),
            (
                Severity::Error,
                Code::DxGatewayShape,
                &at("same-asn", "transit_gateways[0].transit_gateway"),
                &["both have ASN 64512", "must be different"],
            ),
            (
                Severity::Error,
                Code::DxGatewayShape,
                &at("same-asn", "transit_gateways[0].route_table"),
                &["\"edge\""],
            ),
            (
                Severity::Error,
                Code::DxGatewayShape,
                &at("same-asn", "transit_gateways[0].learned_by[0]"),
                &["\"core\""],
            ),
            (
                Severity::Error,
                Code::DxGatewayShape,
                &at("ghost", "transit_gateways[0].transit_gateway"),
                &["\"hub-mars\""],
            ),
            (
                Severity::Error,
                Code::DxGatewayShape,
                &at("twice", "transit_gateways[1].transit_gateway"),
                &["both in us-east-1", "one per region"],
            ),
            (
                Severity::Error,
                Code::DxGatewayShape,
                &at("twice", "transit_gateways[1].transit_gateway"),
                &["both have ASN 64512", "unique ASNs"],
            ),
            (
                Severity::Error,
                Code::NameDuplicate,
                "dx_gateways[\"dx\"]",
                &["used twice"],
            ),
        ],
    );
}

#[test]
fn bad_allowed_prefixes_are_reported_all_at_once() {
    let mut network = tgw_network();
    let associations = &mut network.dx_gateways[0].transit_gateways;
    // us-east-1: the inspection VPC's /22 only, a prefix inside it, a bad one: the spokes
    // are left out.
    associations[0].allowed_prefixes = vec![
        "10.0.0.0/22".into(),
        "10.0.0.0/24".into(),
        "10.300.0.0/16".into(),
    ];
    // eu-west-1: 21 prefixes (over the documented 20), none of them its VPCs'.
    associations[1].allowed_prefixes = (0..21).map(|i| format!("10.{}.0.0/16", 100 + i)).collect();
    let diags = network.validate().expect_err("invalid");
    let list = |t: usize| format!("dx_gateways[\"dx\"].transit_gateways[{t}].allowed_prefixes");
    let (use1, euw1) = (list(0), list(1));
    assert_diagnostics(
        &diags,
        &[
            (
                Severity::Error,
                Code::DxAllowedPrefixes,
                &format!("{use1}[1]"),
                &["10.0.0.0/22", "10.0.0.0/24", "overlap"],
            ),
            (
                Severity::Error,
                Code::DxAllowedPrefixes,
                &format!("{use1}[2]"),
                &["\"10.300.0.0/16\""],
            ),
            (
                Severity::Error,
                Code::DxAllowedPrefixes,
                &use1,
                &["vpc \"spoke-use1-1\"", "10.0.8.0/21"],
            ),
            (
                Severity::Error,
                Code::DxAllowedPrefixes,
                &use1,
                &["vpc \"spoke-use1-2\""],
            ),
            (
                Severity::Warning,
                Code::DxAllowedPrefixes,
                &euw1,
                &["21 allowed prefixes", "20"],
            ),
            (
                Severity::Error,
                Code::DxAllowedPrefixes,
                &euw1,
                &["vpc \"inspection-euw1\""],
            ),
            (
                Severity::Error,
                Code::DxAllowedPrefixes,
                &euw1,
                &["vpc \"spoke-euw1-1\""],
            ),
            (
                Severity::Error,
                Code::DxAllowedPrefixes,
                &euw1,
                &["vpc \"spoke-euw1-2\""],
            ),
        ],
    );
    // None at all: AWS requires them for a Transit Gateway association.
    let mut none = tgw_network();
    none.dx_gateways[0].transit_gateways[0]
        .allowed_prefixes
        .clear();
    let diags = none.validate().expect_err("invalid");
    assert!(diags
        .iter()
        .any(|d| d.code == Code::DxAllowedPrefixes && d.message.contains("no allowed prefix")));
    // Over 200: an error.
    let mut over = tgw_network();
    over.dx_gateways[0].transit_gateways[0].allowed_prefixes = (0..201)
        .map(|i| format!("10.{}.{}.0/24", i / 256, i % 256))
        .collect();
    let diags = over.validate().expect_err("invalid");
    assert!(diags.iter().any(|d| d.code == Code::DxAllowedPrefixes
        && d.severity == Severity::Error
        && d.message.contains("201 allowed prefixes")));
}

#[test]
fn a_gateway_on_the_core_network_needs_its_edges_an_asn_of_its_own_and_a_segment() {
    let mut network = blueprint("cloudwan-hub-spoke", &[("dx-gateway", "64600")]);
    network.dx_gateways.extend([
        DxGateway::new("far", "network", 64601)
            .attach_to_core(["ap-northeast-1"], [("segment", "shared")]),
        DxGateway::new("inside", "network", 64520)
            .attach_to_core(["us-east-1"], [("segment", "shared")]),
        DxGateway::new("untagged", "network", 64602)
            .attach_to_core(["us-east-1"], [("team", "net")]),
        DxGateway::new("workload", "workload-1", 64603)
            .attach_to_core(["us-east-1"], [("segment", "shared")]),
    ]);
    let diags = network.validate().expect_err("invalid");
    let at = |name: &str, field: &str| format!("dx_gateways[\"{name}\"].{field}");
    assert_diagnostics(
        &diags,
        &[
            (
                Severity::Error,
                Code::DxGatewayShape,
                &at("far", "core_network.edge_locations[0]"),
                &["ap-northeast-1", "no edge"],
            ),
            (
                Severity::Error,
                Code::DxGatewayShape,
                &at("inside", "asn"),
                &["64520", "64512-64555"],
            ),
            (
                Severity::Error,
                Code::DxGatewayShape,
                &at("untagged", "core_network.tags"),
                &["team=net", "no segment"],
            ),
            (
                Severity::Error,
                Code::DxGatewayShape,
                &at("workload", "core_network"),
                &["\"workload-1\"", "core network's account"],
            ),
        ],
    );
}

/// On a Transit Gateway: the association allows the region's block, and the attachment it
/// creates is associated with `spokes` and propagates to `inspection`; the gateway itself is
/// written with the last hub.
#[test]
fn an_association_routes_the_attachment_it_creates() {
    let graph = graph(&tgw_network());
    let gateway = resource(&graph, "DxDxGateway");
    assert_eq!(gateway.properties["amazon_side_asn"], Value::from("64600"));
    assert_eq!(gateway.placement.region, "eu-west-1");
    let association = resource(&graph, "DxHubUse1DxAssociation");
    assert_eq!(association.placement.region, "us-east-1");
    assert_eq!(
        association.properties["allowed_prefixes"],
        Value::strings(["10.0.0.0/12"])
    );
    match &association.properties["dx_gateway_id"] {
        Value::Ref(r) => assert_eq!((r.target.logical_id(), r.attr), ("DxDxGateway", Attr::Id)),
        other => panic!("{other:?}"),
    }
    for logical in [
        "HubUse1DxDxTgwAssociation",
        "HubUse1DxDxInspectionTgwPropagation",
    ] {
        match &resource(&graph, logical).properties["transit_gateway_attachment_id"] {
            Value::Ref(r) => {
                assert_eq!(r.target.logical_id(), "DxHubUse1DxAssociation");
                assert_eq!(r.attr, Attr::TgwAttachment);
            }
            other => panic!("{logical}: {other:?}"),
        }
    }
    // CloudFormation looks the attachment up after the association's stack.
    let files = render(&tgw_network(), Target::CloudFormation);
    let manifest: serde_json::Value = serde_json::from_str(
        &files
            .iter()
            .find(|f| f.path == "manifest.json")
            .unwrap()
            .contents,
    )
    .unwrap();
    let lookup = manifest["stacks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["parameters"].as_array().unwrap())
        .find(|p| p["parameter"] == "DxHubUse1DxAssociationTgwAttachmentId")
        .expect("the lookup");
    assert_eq!(lookup["after_stack"], "acme-network-us-east-1");
    let command = lookup["lookup"].as_str().unwrap();
    assert!(
        command.contains("Name=resource-type,Values=direct-connect-gateway"),
        "{command}"
    );
    assert!(
        command.contains("--association-id <DxHubUse1DxAssociationId>"),
        "{command}"
    );
    // Terraform reads it.
    let tf: String = render(&tgw_network(), Target::Terraform)
        .into_iter()
        .map(|f| f.contents)
        .collect();
    assert!(tf.contains("aws_dx_gateway_association.dx_hub_use1.transit_gateway_attachment_id"));
    assert!(tf.contains("amazon_side_asn = \"64600\""));
}

/// On Cloud WAN: a Direct Connect gateway attachment at every edge, tagged into `shared`,
/// naming the gateway by ARN, after the live policy.
#[test]
fn on_the_core_network_the_gateway_is_attached_at_every_edge() {
    let network = blueprint(
        "cloudwan-hub-spoke",
        &[("dx-gateway", "64600"), ("regions", "us-east-1,eu-west-1")],
    );
    let graph = graph(&network);
    let attachment = resource(&graph, "WanDxCwDxAttachment");
    assert_eq!(
        attachment.properties["edge_locations"],
        Value::strings(["us-east-1", "eu-west-1"])
    );
    match &attachment.properties["direct_connect_gateway_arn"] {
        Value::Ref(r) => assert_eq!(r.attr, Attr::Arn),
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
    assert!(!graph
        .resources
        .keys()
        .any(|id| id.kind == Kind::DxAssociation));
}
