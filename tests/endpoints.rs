//! Gateway VPC endpoints: one per service and VPC, on the route tables of the chosen subnet
//! groups, with an optional policy; the hub blueprints' option; every bad input.

use crate::support::{assert_diagnostics, blueprint, graph};
use netform::backends::{Kind, Resource, ResourceGraph, Value};
use netform::dsl::{Code, GatewayEndpoint, Network, Severity, Tier, Vpc};

fn network(endpoints: Vec<GatewayEndpoint>) -> Network {
    let mut vpc = Vpc::builder("app", "network", "eu-west-1")
        .cidr("10.0.0.0/16")
        .azs(["eu-west-1a", "eu-west-1b"])
        .subnets("web", Tier::Isolated, 24)
        .subnets("db", Tier::Isolated, 24);
    for endpoint in endpoints {
        vpc = vpc.gateway_endpoint(endpoint);
    }
    Network::builder("acme")
        .network_account("network", "111111111111")
        .vpc(vpc)
        .build()
}

fn endpoint<'g>(graph: &'g ResourceGraph, logical_id: &str) -> &'g Resource {
    graph
        .resources
        .values()
        .find(|r| r.id.kind == Kind::VpcEndpoint && r.id.logical_id() == logical_id)
        .unwrap_or_else(|| panic!("no endpoint {logical_id}"))
}

fn text(resource: &Resource, key: &str) -> String {
    match &resource.properties[key] {
        Value::String(s) => s.clone(),
        other => panic!("{key}: {other:?}"),
    }
}

/// The logical ids of the route tables an endpoint lists.
fn tables(resource: &Resource) -> Vec<String> {
    match &resource.properties["route_table_ids"] {
        Value::List(items) => items
            .iter()
            .map(|v| match v {
                Value::Ref(r) => {
                    assert_eq!(r.target.kind, Kind::RouteTable);
                    r.target.logical_id().to_string()
                }
                other => panic!("not a reference: {other:?}"),
            })
            .collect(),
        other => panic!("route_table_ids: {other:?}"),
    }
}

#[test]
fn a_gateway_endpoint_serves_every_route_table_or_the_chosen_groups() {
    let policy = serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "dynamodb:*", "Resource": "*"}]
    });
    let graph = graph(&network(vec![
        "s3".into(),
        GatewayEndpoint::new("dynamodb")
            .subnet_groups(["db"])
            .policy(policy.clone()),
    ]));
    let s3 = endpoint(&graph, "AppS3Endpoint");
    assert_eq!(text(s3, "service_name"), "com.amazonaws.eu-west-1.s3");
    assert_eq!(text(s3, "vpc_endpoint_type"), "Gateway");
    assert_eq!(
        tables(s3),
        [
            "AppWebARouteTable",
            "AppWebBRouteTable",
            "AppDbARouteTable",
            "AppDbBRouteTable"
        ]
    );
    assert!(!s3.properties.contains_key("policy"));
    let dynamodb = endpoint(&graph, "AppDynamodbEndpoint");
    assert_eq!(
        text(dynamodb, "service_name"),
        "com.amazonaws.eu-west-1.dynamodb"
    );
    assert_eq!(tables(dynamodb), ["AppDbARouteTable", "AppDbBRouteTable"]);
    assert_eq!(dynamodb.properties["policy"], Value::Document(policy));
}

#[test]
fn bad_gateway_endpoints_are_reported_all_at_once() {
    let diags = network(vec![
        "ssm".into(),
        "s3".into(),
        GatewayEndpoint::new("s3"),
        GatewayEndpoint::new("dynamodb")
            .subnet_groups(["db", "cache"])
            .policy(serde_json::json!("allow everything")),
    ])
    .validate()
    .expect_err("invalid");
    assert_diagnostics(
        &diags,
        &[
            (
                Severity::Error,
                Code::GatewayEndpointService,
                "vpcs[\"app\"].gateway_endpoints[0].service",
                &["\"ssm\"", "s3 and dynamodb"],
            ),
            (
                Severity::Error,
                Code::NameDuplicate,
                "vpcs[\"app\"].gateway_endpoints[2].service",
                &["two gateway endpoints for \"s3\""],
            ),
            (
                Severity::Error,
                Code::GatewayEndpointShape,
                "vpcs[\"app\"].gateway_endpoints[3].subnet_groups[1]",
                &["\"cache\""],
            ),
            (
                Severity::Error,
                Code::GatewayEndpointShape,
                "vpcs[\"app\"].gateway_endpoints[3].policy",
                &["not a JSON object", "allow everything"],
            ),
        ],
    );
}

#[test]
fn the_hub_blueprints_give_every_vpc_but_inspection_its_gateway_endpoints() {
    for name in ["tgw-hub-spoke", "cloudwan-hub-spoke"] {
        let network = blueprint(name, &[("gateway-endpoints", "s3,dynamodb")]);
        let inspection: Vec<&str> = network.inspections.iter().map(|i| i.vpc.as_str()).collect();
        assert!(!inspection.is_empty());
        for vpc in &network.vpcs {
            let services: Vec<&str> = vpc
                .gateway_endpoints
                .iter()
                .map(|e| e.service.as_str())
                .collect();
            if inspection.contains(&vpc.name.as_str()) {
                assert!(services.is_empty(), "{name}: {}", vpc.name);
            } else {
                assert_eq!(services, ["s3", "dynamodb"], "{name}: {}", vpc.name);
            }
        }
        // Rendered: one endpoint per service and spoke.
        let spokes = network.vpcs.len() - inspection.len();
        let endpoints = graph(&network)
            .resources
            .keys()
            .filter(|id| {
                id.kind == Kind::VpcEndpoint && ["s3", "dynamodb"].contains(&id.name[1].as_str())
            })
            .count();
        assert_eq!(endpoints, 2 * spokes, "{name}");
        assert!(blueprint(name, &[])
            .vpcs
            .iter()
            .all(|v| v.gateway_endpoints.is_empty()));
    }
}

#[test]
fn a_policy_over_20480_characters_is_an_error() {
    let statement = serde_json::json!({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::a-bucket-with-a-long-name-for-the-test/*"});
    let policy = serde_json::json!({"Version": "2012-10-17", "Statement": vec![statement; 250]});
    let chars = policy.to_string().chars().count();
    assert!(chars > 20_480, "{chars}");
    let diags = network(vec![GatewayEndpoint::new("s3").policy(policy)])
        .validate()
        .expect_err("invalid");
    assert_diagnostics(
        &diags,
        &[(
            Severity::Error,
            Code::GatewayEndpointShape,
            "vpcs[\"app\"].gateway_endpoints[0].policy",
            &[&chars.to_string(), "20480"],
        )],
    );
}

/// "Gateway VPC endpoints per Region: 20" by default: 11 VPCs of one account and region with
/// two endpoints each pass it at the 11th; another account or region counts apart.
#[test]
fn more_than_20_gateway_endpoints_in_an_account_and_region_is_a_warning() {
    let mut builder = Network::builder("acme")
        .network_account("network", "111111111111")
        .account("other", "222222222222");
    for i in 0..11 {
        for (account, region) in [
            ("network", "eu-west-1"),
            ("other", "eu-west-1"),
            ("network", "us-east-1"),
        ] {
            if i == 10 && account == "other" {
                continue;
            }
            builder = builder.vpc(
                Vpc::builder(format!("{account}-{region}-{i}"), account, region)
                    .cidr(format!(
                        "10.{}.{i}.0/24",
                        match (account, region) {
                            ("network", "eu-west-1") => 1,
                            ("other", _) => 2,
                            _ => 3,
                        }
                    ))
                    .azs([format!("{region}a"), format!("{region}b")])
                    .subnets("app", Tier::Isolated, 26)
                    .gateway_endpoint("s3")
                    .gateway_endpoint("dynamodb"),
            );
        }
    }
    let valid = builder.build().validate().unwrap_or_else(|d| panic!("{d}"));
    assert_diagnostics(
        valid.warnings(),
        &[
            (
                Severity::Warning,
                Code::GatewayEndpointQuota,
                "vpcs[\"network-eu-west-1-10\"].gateway_endpoints",
                &["\"network\"", "22 gateway endpoints in eu-west-1", "20"],
            ),
            (
                Severity::Warning,
                Code::GatewayEndpointQuota,
                "vpcs[\"network-us-east-1-10\"].gateway_endpoints",
                &["22 gateway endpoints in us-east-1"],
            ),
        ],
    );
}
