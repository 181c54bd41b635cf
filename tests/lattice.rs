//! VPC Lattice service networks: the service network, its share and auth policy, a security
//! group and an association per VPC (waiting for the share across accounts), the hub
//! blueprints' option, and every bad input.

use crate::support::{assert_diagnostics, blueprint, graph};
use netform::backends::{Attr, Kind, Resource, ResourceGraph, Value};
use netform::dsl::{Code, LatticeAuth, Network, ServiceNetwork, Severity, Tier, Vpc};

/// A network account with a shared-services VPC and a workload account with an app VPC in
/// us-east-1, and an app VPC in eu-west-1.
fn network(sn: ServiceNetwork) -> Network {
    let vpc = |name: &str, account: &str, region: &str, cidr: &str| {
        Vpc::builder(name, account, region)
            .cidr(cidr)
            .azs([format!("{region}a"), format!("{region}b")])
            .subnets("app", Tier::Isolated, 24)
    };
    Network::builder("acme")
        .network_account("network", "111111111111")
        .account("workload", "222222222222")
        .vpc(vpc("shared", "network", "us-east-1", "10.0.0.0/16"))
        .vpc(vpc("app", "workload", "us-east-1", "10.1.0.0/16"))
        .vpc(vpc("app-eu", "workload", "eu-west-1", "10.2.0.0/16"))
        .service_network(sn)
        .build()
}

fn find<'g>(graph: &'g ResourceGraph, kind: Kind, logical_id: &str) -> &'g Resource {
    graph
        .resources
        .values()
        .find(|r| r.id.kind == kind && r.id.logical_id() == logical_id)
        .unwrap_or_else(|| panic!("no {kind:?} {logical_id}"))
}

fn reference(resource: &Resource, key: &str) -> (String, Attr) {
    match &resource.properties[key] {
        Value::Ref(r) => (r.target.logical_id().to_string(), r.attr),
        other => panic!("{key}: {other:?}"),
    }
}

#[test]
fn a_service_network_is_shared_and_each_vpc_associates_through_its_security_group() {
    let policy = serde_json::json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "vpc-lattice-svcs:Invoke", "Resource": "*"}]});
    let sn = ServiceNetwork::new("apps", "network", "us-east-1")
        .auth(LatticeAuth::AwsIam)
        .auth_policy(policy.clone())
        .share_with(["workload"])
        .associate("shared", [443])
        .associate("app", [443, 8080]);
    let network = network(sn);
    assert!(network.validate().unwrap().warnings().is_empty());
    let graph = graph(&network);

    let sn = find(&graph, Kind::LatticeServiceNetwork, "AppsServiceNetwork");
    assert_eq!(sn.properties["name"], Value::from("acme-apps"));
    assert_eq!(sn.properties["auth_type"], Value::from("AWS_IAM"));
    let auth = find(&graph, Kind::LatticeAuthPolicy, "AppsAuthPolicy");
    assert_eq!(
        reference(auth, "resource_identifier"),
        ("AppsServiceNetwork".into(), Attr::Arn)
    );
    assert_eq!(auth.properties["policy"], Value::Document(policy));

    // The share of the service network's ARN with the workload account.
    let share_resource = graph
        .resources
        .values()
        .find(|r| r.id.kind == Kind::RamResource)
        .expect("a RAM resource");
    assert_eq!(
        reference(share_resource, "resource_arn"),
        ("AppsServiceNetwork".into(), Attr::Arn)
    );

    // The workload VPC: a group allowing 443 and 8080 from the VPC's CIDR, the association
    // (in the workload account) naming the network by ARN, after the share.
    let association = find(
        &graph,
        Kind::LatticeVpcAssociation,
        "AppAppsLatticeAssociation",
    );
    assert_eq!(association.placement.account, "workload");
    assert_eq!(
        reference(association, "service_network_identifier"),
        ("AppsServiceNetwork".into(), Attr::Arn)
    );
    assert_eq!(
        reference(association, "vpc_identifier"),
        ("AppVpc".into(), Attr::Id)
    );
    let Value::List(groups) = &association.properties["security_group_ids"] else {
        panic!("security_group_ids")
    };
    let [Value::Ref(group)] = groups.as_slice() else {
        panic!("one group: {groups:?}")
    };
    assert_eq!(group.target.kind, Kind::SecurityGroup);
    let ports: Vec<(i64, (String, Attr))> = graph
        .resources
        .values()
        .filter(|r| {
            r.id.kind == Kind::SgIngress
                && matches!(&r.properties["security_group_id"], Value::Ref(g) if g.target == group.target)
        })
        .map(|r| {
            let Value::Int(port) = r.properties["from_port"] else {
                panic!("port")
            };
            (port, reference(r, "cidr_ipv4"))
        })
        .collect();
    assert_eq!(
        ports,
        [
            (443, ("AppVpc".into(), Attr::CidrBlock)),
            (8080, ("AppVpc".into(), Attr::CidrBlock))
        ]
    );
    let waits: Vec<Kind> = association.depends_on.iter().map(|d| d.kind).collect();
    assert!(waits.contains(&Kind::RamPrincipal), "{waits:?}");
    // The owner's own VPC does not wait for the share.
    let own = find(
        &graph,
        Kind::LatticeVpcAssociation,
        "SharedAppsLatticeAssociation",
    );
    assert!(own.depends_on.is_empty(), "{:?}", own.depends_on);
}

#[test]
fn bad_service_networks_are_reported_all_at_once() {
    let sn = ServiceNetwork::new("Apps--Net", "networking", "us-east-1")
        .associate("app", [443])
        .associate("app-eu", [])
        .associate("ghost", [443]);
    let network = network(sn);
    let mut second = network.clone();
    second.service_networks.push(
        ServiceNetwork::new("more", "network", "us-east-1")
            .share_with(["workload"])
            .associate("shared", [443]),
    );
    second.service_networks[1]
        .vpcs
        .push(netform::dsl::LatticeVpc {
            vpc: "app".into(),
            ports: vec![443],
        });
    assert_diagnostics(
        &second.validate().expect_err("invalid"),
        &[
            (
                Severity::Error,
                Code::LatticeShape,
                "service_networks[\"Apps--Net\"].name",
                &["\"Apps--Net\""],
            ),
            (
                Severity::Error,
                Code::LatticeShape,
                "service_networks[\"Apps--Net\"].account",
                &["\"networking\""],
            ),
            (
                Severity::Error,
                Code::NotShared,
                "service_networks[\"Apps--Net\"].vpcs[0].vpc",
                &["vpc \"app\"", "\"workload\""],
            ),
            (
                Severity::Error,
                Code::LatticeShape,
                "service_networks[\"Apps--Net\"].vpcs[1].vpc",
                &["eu-west-1", "us-east-1"],
            ),
            (
                Severity::Error,
                Code::NotShared,
                "service_networks[\"Apps--Net\"].vpcs[1].vpc",
                &["vpc \"app-eu\""],
            ),
            (
                Severity::Error,
                Code::LatticeShape,
                "service_networks[\"Apps--Net\"].vpcs[1].ports",
                &["no port"],
            ),
            (
                Severity::Error,
                Code::LatticeShape,
                "service_networks[\"Apps--Net\"].vpcs[2].vpc",
                &["\"ghost\""],
            ),
            (
                Severity::Error,
                Code::LatticeVpcTwice,
                "service_networks[\"more\"].vpcs[1].vpc",
                &["vpc \"app\"", "\"Apps--Net\""],
            ),
        ],
    );
}

#[test]
fn an_auth_type_and_policy_that_disagree_are_warnings_and_a_bad_policy_an_error() {
    let iam = ServiceNetwork::new("apps", "network", "us-east-1").auth(LatticeAuth::AwsIam);
    let valid = network(iam).validate().expect("valid");
    assert_diagnostics(
        valid.warnings(),
        &[(
            Severity::Warning,
            Code::LatticeAuthPolicy,
            "service_networks[\"apps\"].auth_policy",
            &["AWS_IAM", "denied"],
        )],
    );
    let none = ServiceNetwork::new("apps", "network", "us-east-1")
        .auth_policy(serde_json::json!({"Version": "2012-10-17", "Statement": []}));
    let valid = network(none).validate().expect("valid");
    assert_diagnostics(
        valid.warnings(),
        &[(
            Severity::Warning,
            Code::LatticeAuthPolicy,
            "service_networks[\"apps\"].auth_policy",
            &["NONE", "not applied"],
        )],
    );
    let bad = ServiceNetwork::new("apps", "network", "us-east-1")
        .auth(LatticeAuth::AwsIam)
        .auth_policy(serde_json::json!(["not", "an object"]));
    assert_diagnostics(
        &network(bad).validate().expect_err("invalid"),
        &[(
            Severity::Error,
            Code::LatticeShape,
            "service_networks[\"apps\"].auth_policy",
            &["not a JSON object"],
        )],
    );
}

#[test]
fn the_hub_blueprints_give_each_region_a_shared_service_network() {
    for name in ["tgw-hub-spoke", "cloudwan-hub-spoke"] {
        let network = blueprint(
            name,
            &[("lattice", "aws-iam"), ("regions", "us-east-1,eu-west-1")],
        );
        let names: Vec<&str> = network
            .service_networks
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        assert_eq!(names, ["apps-use1", "apps-euw1"], "{name}");
        let inspection: Vec<&str> = network.inspections.iter().map(|i| i.vpc.as_str()).collect();
        for sn in &network.service_networks {
            assert_eq!(sn.account, "network");
            assert_eq!(sn.auth, LatticeAuth::AwsIam);
            let policy = sn.auth_policy.as_ref().expect("a policy").to_string();
            assert!(policy.contains("aws:PrincipalOrgID"), "{policy}");
            let associated: Vec<&str> = sn.vpcs.iter().map(|v| v.vpc.as_str()).collect();
            let expected: Vec<&str> = network
                .vpcs
                .iter()
                .filter(|v| v.region == sn.region && !inspection.contains(&v.name.as_str()))
                .map(|v| v.name.as_str())
                .collect();
            assert_eq!(associated, expected, "{name} {}", sn.name);
            assert!(sn.vpcs.iter().all(|v| v.ports == [443]));
        }
        let valid = network.validate().unwrap_or_else(|d| panic!("{name}: {d}"));
        assert!(valid.warnings().is_empty(), "{name}: {}", valid.warnings());
        assert!(blueprint(name, &[]).service_networks.is_empty());
    }
}
