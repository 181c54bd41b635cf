//! Centralized interface endpoints: an endpoint per service in the endpoints VPC, private DNS
//! off, and a private hosted zone per service aliasing it, reaching the VPCs it serves
//! directly or through a Route 53 Profile; the hub blueprints' option; every bad input.

use crate::support::{assert_diagnostics, blueprint, graph, render, resource};
use netform::backends::{Attr, Kind, Target, Value};
use netform::dsl::{Code, InterfaceEndpoint, Network, NetworkBuilder, Severity, Tier, Vpc};

/// The endpoints VPC and a spoke in the network account, a spoke in another account.
fn builder(endpoint: InterfaceEndpoint) -> NetworkBuilder {
    Network::builder("acme")
        .network_account("network", "111111111111")
        .account("prod", "222222222222")
        .vpc(
            Vpc::builder("endpoints", "network", "eu-west-1")
                .cidr("10.0.0.0/24")
                .azs(["eu-west-1a", "eu-west-1b"])
                .subnets("endpoints", Tier::Private, 27)
                .interface_endpoint(endpoint),
        )
        .vpc(
            Vpc::builder("shared", "network", "eu-west-1")
                .cidr("10.1.0.0/24")
                .azs(["eu-west-1a", "eu-west-1b"])
                .subnets("app", Tier::Private, 26),
        )
        .vpc(
            Vpc::builder("app", "prod", "eu-west-1")
                .cidr("10.2.0.0/24")
                .azs(["eu-west-1a", "eu-west-1b"])
                .subnets("app", Tier::Private, 26),
        )
}

/// The ssm endpoint serving both spokes, its zone associated with the endpoints VPC and the
/// same-account spoke, and carried to the other account's spoke by a shared profile.
fn centralized() -> Network {
    builder(
        InterfaceEndpoint::new("ssm", "endpoints")
            .allow_from(["10.0.0.0/8"])
            .serves(["shared", "app"]),
    )
    .dns(|d| {
        d.hosted_zone("ssm", "ssm.eu-west-1.amazonaws.com", "network", |z| {
            z.vpc("endpoints")
                .vpc("shared")
                .endpoint_alias("@", "endpoints", "ssm")
        })
        .profile("endpoints", "network", "eu-west-1", |p| {
            p.hosted_zone("ssm").associate("app").share_with("prod")
        })
    })
    .build()
}

fn reference(value: &Value) -> (String, Attr) {
    match value {
        Value::Ref(r) => (r.target.logical_id().to_string(), r.attr),
        other => panic!("not a reference: {other:?}"),
    }
}

#[test]
fn a_central_endpoint_has_private_dns_off_and_a_zone_aliasing_it() {
    let graph = graph(&centralized());
    let endpoint = resource(&graph, "EndpointsSsmInterfaceEndpoint");
    assert_eq!(endpoint.id.kind, Kind::VpcEndpoint);
    let p = &endpoint.properties;
    assert_eq!(
        p["service_name"],
        Value::from("com.amazonaws.eu-west-1.ssm")
    );
    assert_eq!(p["vpc_endpoint_type"], Value::from("Interface"));
    assert_eq!(p["private_dns_enabled"], Value::Bool(false));
    let Value::List(subnets) = &p["subnet_ids"] else {
        panic!("subnet_ids: {:?}", p["subnet_ids"])
    };
    let subnets: Vec<String> = subnets.iter().map(|s| reference(s).0).collect();
    assert_eq!(
        subnets,
        ["EndpointsEndpointsASubnet", "EndpointsEndpointsBSubnet"]
    );
    // HTTPS from the VPC itself and from the allowed range; nothing else.
    let ingress: Vec<(String, Value)> = graph
        .resources
        .values()
        .filter(|r| r.id.kind == Kind::SgIngress && r.id.name[1] == "ssm")
        .map(|r| {
            (
                r.id.logical_id().to_string(),
                r.properties["cidr_ipv4"].clone(),
            )
        })
        .collect();
    assert_eq!(ingress.len(), 2, "{ingress:?}");
    assert_eq!(
        reference(&ingress[0].1),
        ("EndpointsVpc".to_string(), Attr::CidrBlock)
    );
    assert_eq!(ingress[1].1, Value::from("10.0.0.0/8"));

    let record = resource(&graph, "SsmApexARecord");
    assert_eq!(
        record.properties["name"],
        Value::from("ssm.eu-west-1.amazonaws.com")
    );
    assert!(!record.properties.contains_key("ttl"));
    let Value::Struct(alias) = &record.properties["alias"] else {
        panic!("alias: {:?}", record.properties["alias"])
    };
    assert_eq!(
        reference(&alias["alias_dns_name"]),
        ("EndpointsSsmInterfaceEndpoint".to_string(), Attr::DnsName)
    );
    assert_eq!(
        reference(&alias["alias_zone_id"]),
        ("EndpointsSsmInterfaceEndpoint".to_string(), Attr::DnsZoneId)
    );
    assert_eq!(alias["evaluate_target_health"], Value::Bool(false));
}

/// The alias target is the first (regional) DNS entry: split out of `DnsEntries` in
/// CloudFormation, read from `dns_entry[0]` in Terraform.
#[test]
fn both_targets_read_the_endpoints_regional_dns_entry() {
    let network = centralized();
    let cfn: String = render(&network, Target::CloudFormation)
        .into_iter()
        .map(|f| f.contents)
        .collect();
    let entries: serde_json::Value =
        serde_json::json!({"Fn::GetAtt": ["EndpointsSsmInterfaceEndpoint", "DnsEntries"]});
    let compact: String = cfn.split_whitespace().collect();
    let first = serde_json::json!({"Fn::Select": [0, entries]}).to_string();
    for part in [0, 1] {
        let split = serde_json::json!({"Fn::Select": [part, {"Fn::Split": [":", serde_json::from_str::<serde_json::Value>(&first).unwrap()]}]});
        assert!(compact.contains(&split.to_string()), "part {part} missing");
    }
    let tf: String = render(&network, Target::Terraform)
        .into_iter()
        .map(|f| f.contents)
        .collect();
    assert!(tf.contains("name                   = aws_vpc_endpoint.endpoints_ssm_interface.dns_entry[0].dns_name"), "{tf}");
    assert!(tf.contains("zone_id                = aws_vpc_endpoint.endpoints_ssm_interface.dns_entry[0].hosted_zone_id"));
    assert!(tf.contains("evaluate_target_health = false"));
}

#[test]
fn bad_interface_endpoints_are_reported_all_at_once() {
    let mut network = builder(
        InterfaceEndpoint::new("ssm", "endpoints")
            .serves(["app", "nowhere", "endpoints"])
            .policy(serde_json::json!(["allow"])),
    )
    .build();
    let vpc = &mut network.vpcs[0];
    vpc.azs.truncate(1);
    vpc.interface_endpoints.extend([
        InterfaceEndpoint::new("SSM Messages", "cache").allow_from(["10.0.0.0/33"]),
        InterfaceEndpoint::new("ssm", "endpoints"),
    ]);
    let diags = network.validate().expect_err("invalid");
    let at =
        |i: usize, field: &str| format!("vpcs[\"endpoints\"].interface_endpoints[{i}].{field}");
    assert_diagnostics(
        &diags,
        &[
            (
                Severity::Error,
                Code::InterfaceEndpointShape,
                &at(0, "policy"),
                &["not a JSON object"],
            ),
            (
                Severity::Error,
                Code::InterfaceEndpointShape,
                &at(0, "allow_from"),
                &["serves 3 other VPCs", "lets in only vpc \"endpoints\""],
            ),
            (
                Severity::Error,
                Code::EndpointZoneMissing,
                &at(0, "serves[0]"),
                &[
                    "vpc \"app\"",
                    "ssm.eu-west-1.amazonaws.com",
                    "public endpoint",
                ],
            ),
            (
                Severity::Error,
                Code::InterfaceEndpointShape,
                &at(0, "serves[1]"),
                &["\"nowhere\""],
            ),
            (
                Severity::Error,
                Code::InterfaceEndpointShape,
                &at(0, "serves[2]"),
                &["its own VPC"],
            ),
            (
                Severity::Warning,
                Code::SingleAz,
                "vpcs[\"endpoints\"].azs",
                &["eu-west-1a"],
            ),
            (
                Severity::Warning,
                Code::InterfaceEndpointAvailability,
                &at(0, "subnet_group"),
                &["1 AZ only", "eu-west-1a"],
            ),
            (
                Severity::Error,
                Code::InterfaceEndpointShape,
                &at(1, "service"),
                &["\"SSM Messages\""],
            ),
            (
                Severity::Error,
                Code::InterfaceEndpointShape,
                &at(1, "subnet_group"),
                &["\"cache\"", "endpoints"],
            ),
            (
                Severity::Error,
                Code::InterfaceEndpointShape,
                &at(1, "allow_from[0]"),
                &["\"10.0.0.0/33\""],
            ),
            (
                Severity::Warning,
                Code::InterfaceEndpointAvailability,
                &at(1, "subnet_group"),
                &["1 AZ only"],
            ),
            (
                Severity::Error,
                Code::NameDuplicate,
                &at(2, "service"),
                &["two interface endpoints for \"ssm\""],
            ),
        ],
    );
}

#[test]
fn bad_alias_records_are_reported_all_at_once() {
    let mut network = builder(InterfaceEndpoint::new("ssm", "endpoints").private_dns())
        .dns(|d| {
            d.hosted_zone("ssm", "ssm.eu-west-1.amazonaws.com", "network", |z| {
                z.vpc("endpoints")
                    .endpoint_alias("@", "endpoints", "ssm")
                    .endpoint_alias("www", "endpoints", "kms")
                    .endpoint_alias("*", "ghost", "ssm")
            })
            .hosted_zone("logs", "logs.example.com", "network", |z| {
                z.vpc("shared").endpoint_alias("@", "endpoints", "ssm")
            })
        })
        .build();
    network.dns.hosted_zones[1].records[0].values = vec!["10.0.0.5".into()];
    let diags = network.validate().expect_err("invalid");
    let record = |zone: &str, k: usize| format!("dns.hosted_zones[\"{zone}\"].records[{k}]");
    assert_diagnostics(
        &diags,
        &[
            (
                Severity::Error,
                Code::EndpointAliasRecord,
                &record("ssm", 0),
                &["private DNS", "ConflictingDomainExists"],
            ),
            (
                Severity::Error,
                Code::EndpointAliasRecord,
                &format!("{}.name", record("ssm", 1)),
                &["below the zone's apex"],
            ),
            (
                Severity::Error,
                Code::EndpointAliasRecord,
                &format!("{}.alias.service", record("ssm", 1)),
                &["kms endpoint", "vpc \"endpoints\""],
            ),
            (
                Severity::Error,
                Code::EndpointAliasRecord,
                &format!("{}.alias.vpc", record("ssm", 2)),
                &["\"ghost\""],
            ),
            (
                Severity::Error,
                Code::EndpointAliasRecord,
                &record("logs", 0),
                &["type A and 1 values"],
            ),
            (
                Severity::Error,
                Code::EndpointAliasRecord,
                "dns.hosted_zones[\"logs\"].domain",
                &["\"logs.example.com\"", "ssm.eu-west-1.amazonaws.com"],
            ),
        ],
    );
}

/// A served VPC that has its own endpoint for the service with private DNS cannot take the
/// central zone: Route 53 refuses two zones of one name in a VPC.
#[test]
fn a_served_vpc_with_its_own_private_dns_endpoint_is_an_error() {
    let mut network = centralized();
    let app = network.vpcs.iter_mut().find(|v| v.name == "app").unwrap();
    app.interface_endpoints
        .push(InterfaceEndpoint::new("ssm", "app").private_dns());
    let diags = network.validate().expect_err("invalid");
    assert_diagnostics(
        &diags,
        &[(
            Severity::Error,
            Code::EndpointAliasRecord,
            "vpcs[\"endpoints\"].interface_endpoints[0].serves[1]",
            &["vpc \"app\"", "ConflictingDomainExists"],
        )],
    );
}

/// Both hubs: an endpoints VPC per region with an endpoint per service, every other VPC but
/// the inspection VPCs served, every zone reaching them (validation proves it: NF1012), and
/// with `use-profiles=true` the zones ride on the DNS profile (a VPC takes one profile).
#[test]
fn the_hub_blueprints_centralize_the_endpoints_per_region() {
    let services = ["ssm", "s3", "logs"];
    for name in ["tgw-hub-spoke", "cloudwan-hub-spoke"] {
        let network = blueprint(
            name,
            &[
                ("endpoints", "ssm,s3,logs"),
                ("regions", "us-east-1,eu-west-1"),
            ],
        );
        for code in ["use1", "euw1"] {
            let vpc = network
                .vpc(&format!("endpoints-{code}"))
                .expect("endpoints VPC");
            let found: Vec<&str> = vpc
                .interface_endpoints
                .iter()
                .map(|e| e.service.as_str())
                .collect();
            assert_eq!(found, services, "{name}");
            let spokes = network
                .vpcs
                .iter()
                .filter(|v| v.region == vpc.region && v.account != "network")
                .count();
            assert!(spokes > 0);
            assert!(vpc
                .interface_endpoints
                .iter()
                .all(|e| !e.private_dns && e.serves.len() == spokes));
            let profile = network
                .dns
                .profiles
                .iter()
                .find(|p| p.name == format!("endpoints-{code}"))
                .expect("profile");
            assert_eq!(profile.hosted_zones.len(), 3);
            assert_eq!(profile.associations.len(), spokes);
        }
        let s3 = network
            .dns
            .hosted_zones
            .iter()
            .find(|z| z.name == "s3-use1")
            .unwrap();
        let names: Vec<&str> = s3.records.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["@", "*"]);
        let graph = graph(&network);
        let endpoints = graph
            .resources
            .keys()
            .filter(|id| id.kind == Kind::VpcEndpoint)
            .count();
        assert_eq!(endpoints, 6, "{name}");

        let with_dns = blueprint(
            name,
            &[
                ("endpoints", "ssm"),
                ("dns", "hybrid"),
                ("use-profiles", "true"),
            ],
        );
        assert!(with_dns
            .dns
            .profiles
            .iter()
            .all(|p| p.name != "endpoints-use1"));
        let dns_profile = with_dns
            .dns
            .profiles
            .iter()
            .find(|p| p.name == "dns-use1")
            .unwrap();
        assert!(dns_profile.hosted_zones.contains(&"ssm-use1".to_string()));
        // The DNS VPC, in the network account, takes the zone directly.
        let zone = with_dns
            .dns
            .hosted_zones
            .iter()
            .find(|z| z.name == "ssm-use1")
            .unwrap();
        assert_eq!(zone.vpcs, ["endpoints-use1", "dns-use1"]);
        graph_ok(&with_dns);
    }
    assert!(blueprint("tgw-hub-spoke", &[])
        .vpc("endpoints-use1")
        .is_none());
}

fn graph_ok(network: &Network) {
    let _ = graph(network);
}
