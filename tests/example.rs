//! The example of a user's own blueprint: its registry gets the whole CLI.

#[path = "../examples/custom_blueprint.rs"]
mod custom_blueprint;

fn run(args: &[&str]) -> (u8, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut argv = vec!["netform"];
    argv.extend_from_slice(args);
    let code = netform::cli::run(&custom_blueprint::registry(), argv, &mut out, &mut err);
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

#[test]
fn the_custom_blueprint_is_listed_beside_the_builtins() {
    let (code, out, _) = run(&["list"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("single-vpc") && out.contains("shared-services"),
        "{out}"
    );
}

#[test]
fn the_custom_blueprint_synthesizes_and_checks_its_parameters() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("tf");
    let (code, out, err) = run(&[
        "synth",
        "shared-services",
        "--set",
        "env=prod",
        "--target",
        "terraform",
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("wrote 5 terraform files"), "{err}");
    assert!(out.is_empty(), "{out}");
    let main = std::fs::read_to_string(out_dir.join("main.tf")).unwrap();
    assert!(main.contains(r#"resource "aws_vpc" "services""#));
    assert!(
        main.contains(r#"cidr_block           = "10.64.0.0/20""#),
        "{main}"
    );
    assert_eq!(main.matches(r#"resource "aws_nat_gateway""#).count(), 3);

    let (code, _, err) = run(&["validate", "shared-services", "--set", "env=staging"]);
    assert_eq!(code, 2);
    assert!(err.contains("one of dev, prod"), "{err}");
}

/// `netform synth BLUEPRINT --target terraform` through `registry`, which must succeed: the
/// rendered main.tf and what the run printed on stdout (the warnings).
fn synth_terraform(registry: &netform::blueprints::Registry, blueprint: &str) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("tf");
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let argv = [
        "netform",
        "synth",
        blueprint,
        "--target",
        "terraform",
        "--out",
        out_dir.to_str().unwrap(),
    ];
    let code = netform::cli::run(registry, argv, &mut out, &mut err);
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&err));
    let main = std::fs::read_to_string(out_dir.join("main.tf")).unwrap();
    (main, String::from_utf8(out).unwrap())
}

#[path = "../examples/ipam_in_rust.rs"]
mod ipam_in_rust;

#[test]
fn the_ipam_example_plans_offline_and_at_deploy_time() {
    let (main, _) = synth_terraform(&ipam_in_rust::registry(), "ipam-in-rust");
    // The offline VPC has the planned CIDR and names its pool so IPAM records it: the first
    // /20 of prod-euw1, the first /16 of v4-euw1, the first /12 of 10.0.0.0/8.
    let orders = main
        .split("resource \"aws_vpc\" \"orders\"")
        .nth(1)
        .unwrap()
        .split("\n}\n")
        .next()
        .unwrap();
    assert!(
        orders.contains(r#"cidr_block           = "10.0.0.0/20""#),
        "{orders}"
    );
    assert!(
        orders.contains("ipv4_ipam_pool_id    = aws_vpc_ipam_pool.prod_euw1.id"),
        "{orders}"
    );
    // The deploy-time VPC asks for a /20 and its subnets follow its block.
    let payments = main
        .split("resource \"aws_vpc\" \"payments\"")
        .nth(1)
        .unwrap()
        .split("\n}\n")
        .next()
        .unwrap();
    assert!(payments.contains("ipv4_netmask_length  = 20"), "{payments}");
    assert!(!payments.contains("cidr_block"), "{payments}");
    assert!(
        main.contains("cidrsubnet(aws_vpc.payments.cidr_block, 4, 0)"),
        "{main}"
    );
    // The unique local hierarchy: the /48 under fd12:3456::/40 is provisioned explicitly.
    assert!(
        main.contains(r#"cidr         = "fd12:3456::/48""#),
        "{main}"
    );
    // IPv6-only subnets with DNS64 route 64:ff9b::/96 to the NAT gateway of their AZ.
    assert!(
        main.contains(r#"destination_ipv6_cidr_block = "64:ff9b::/96""#),
        "{main}"
    );
    assert_eq!(main.matches("enable_dns64").count(), 2, "{main}");
}

#[path = "../examples/edge_in_rust.rs"]
mod edge_in_rust;

/// The edge example validates without warnings and renders Block Public Access after its
/// exclusions, the two gateway endpoints (DynamoDB on the db route tables only, with its
/// policy) and the Lattice association of the workload VPC, which waits for the share.
#[test]
fn the_edge_example_renders_block_public_access_endpoints_and_lattice() {
    let (main, out) = synth_terraform(&edge_in_rust::registry(), "edge-in-rust");
    assert!(out.is_empty(), "no warnings: {out}");
    let block = |header: &str| -> String {
        main.split(header)
            .nth(1)
            .unwrap_or_else(|| panic!("no {header}"))
            .split("\n}\n")
            .next()
            .unwrap()
            .to_string()
    };
    let options = block(r#"resource "aws_vpc_block_public_access_options" "network_eu_west_1""#);
    assert!(options.contains(r#""block-bidirectional""#), "{options}");
    assert!(
        options.contains("aws_vpc_block_public_access_exclusion.egress_public_a"),
        "{options}"
    );
    let dynamodb = block(r#"resource "aws_vpc_endpoint" "orders_dynamodb""#);
    assert!(
        dynamodb.contains("aws_route_table.orders_db_a.id"),
        "{dynamodb}"
    );
    assert!(!dynamodb.contains("orders_app_a"), "{dynamodb}");
    assert!(dynamodb.contains("table/orders*"), "{dynamodb}");
    let association =
        block(r#"resource "aws_vpclattice_service_network_vpc_association" "orders_apps""#);
    assert!(
        association.contains("aws_vpclattice_service_network.apps.arn"),
        "{association}"
    );
    assert!(
        association.contains("aws_ram_principal_association.sn_apps_orders"),
        "{association}"
    );
    assert_eq!(
        main.matches(r#"resource "aws_vpc_security_group_ingress_rule" "orders_lattice_in"#)
            .count(),
        2
    );
    let ssm = block(r#"resource "aws_vpc_endpoint" "egress_ssm_interface""#);
    assert!(ssm.contains("private_dns_enabled = false"), "{ssm}");
    let alias = block(r#"resource "aws_route53_record" "ssm_apex_a""#);
    assert!(
        alias.contains("aws_vpc_endpoint.egress_ssm_interface.dns_entry[0].dns_name"),
        "{alias}"
    );
    assert!(main.contains(r#"resource "aws_route53profiles_association" "endpoints_orders""#));
}

#[path = "../examples/intents_in_rust.rs"]
mod intents_in_rust;

/// The intents example proves its own intents beside the blueprint's defaults.
#[test]
fn the_intents_example_proves_its_own_intents() {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = netform::cli::run(
        &intents_in_rust::registry(),
        ["netform", "check", "guarded-hub"],
        &mut out,
        &mut err,
    );
    let out = String::from_utf8(out).unwrap();
    assert_eq!(code, 0, "{out}{}", String::from_utf8_lossy(&err));
    assert!(
        out.contains("ok   payments reaches the ledger only through inspection (2 pairs)"),
        "{out}"
    );
    assert!(
        out.contains("ok   payments reaches on-premises only through inspection (2 pairs)"),
        "{out}"
    );
    assert!(
        out.contains("ok   spokes reach each other only through inspection (4 pairs)"),
        "{out}"
    );
}
