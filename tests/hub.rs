//! Bad-input tests for the Transit Gateway hub-and-spoke rules, NF0601 to NF0618.
//!
//! Each test starts from [`base`], a small hub-and-spoke network that validates without a
//! single diagnostic and lowers: a network account with an inspection VPC (Network Firewall,
//! centralized egress), a workload account with two spokes, and a Transit Gateway with the
//! routing domains `spokes` and `inspection`. It then breaks one thing and checks the exact
//! diagnostics that come back: code, severity, printed path, and the actual values the message
//! states.

use crate::support::{diagnostics, the};
use netform::backends::lower;
use netform::dsl::{
    AttachmentBuilder, Code, DomainAction, FirewallPolicy, FiveTupleRule, Inspection, NatMode,
    Network, NetworkBuilder, PortRange, Severity, StatefulAction, StatefulRules, StatelessAction,
    StatelessRule, TgwAttachment, TgwTarget, Tier, TransitGateway, TransitGatewayBuilder,
    ValidNetwork, Vpc, VpcBuilder,
};

use Severity::{Error as E, Warning as W};

const AZS: [&str; 2] = ["us-east-1a", "us-east-1b"];

/// No static route (an empty list whose element type the compiler can infer).
const NO_ROUTES: [(&str, TgwTarget); 0] = [];

/// The inspection VPC: network account, 10.0.0.0/24 over two AZs, a /28 per AZ for the hub
/// attachment, the firewall endpoints and the NAT gateways (one per AZ).
fn inspection_vpc() -> VpcBuilder {
    Vpc::builder("inspection", "network", "us-east-1")
        .cidr("10.0.0.0/24")
        .azs(AZS)
        .subnets("transit", Tier::Transit, 28)
        .subnets("firewall", Tier::Firewall, 28)
        .subnets("public", Tier::Public, 28)
        .nat(NatMode::PerAz)
}

/// A spoke in the workload account `prod`: a transit /28 and an app /24 per AZ, no NAT (its
/// internet traffic goes through the hub).
fn spoke(name: &str, cidr: &str) -> VpcBuilder {
    spoke_of(name, cidr, "prod")
}

/// [`spoke`], owned by the account with alias `account`.
fn spoke_of(name: &str, cidr: &str, account: &str) -> VpcBuilder {
    Vpc::builder(name, account, "us-east-1")
        .cidr(cidr)
        .azs(AZS)
        .subnets("transit", Tier::Transit, 28)
        .subnets("app", Tier::Private, 24)
}

/// How a spoke attaches: its CIDR propagates to the inspection domain, and everything it
/// sends leaves through the hub.
fn spoke_attachment(a: AttachmentBuilder) -> AttachmentBuilder {
    a.propagate_to("inspection").vpc_route("0.0.0.0/0")
}

fn drop_rule(sid: u32, protocol: &str, port: &str) -> FiveTupleRule {
    FiveTupleRule {
        action: StatefulAction::Drop,
        protocol: protocol.into(),
        source: "ANY".into(),
        source_port: "ANY".into(),
        destination: "ANY".into(),
        destination_port: port.into(),
        bidirectional: false,
        sid,
    }
}

/// A stateless rule that drops TCP to `ports` from `sources`.
fn stateless_drop(priority: u32, sources: &[&str], ports: &[u16]) -> StatelessRule {
    StatelessRule {
        priority,
        action: StatelessAction::Drop,
        sources: sources.iter().map(|s| (*s).to_string()).collect(),
        destinations: Vec::new(),
        protocols: vec![6],
        source_ports: Vec::new(),
        destination_ports: ports
            .iter()
            .map(|p| PortRange { from: *p, to: *p })
            .collect(),
    }
}

/// A small policy: one stateless group, an allow list of domains, and 5-tuple drops.
fn policy() -> FirewallPolicy {
    FirewallPolicy::default()
        .stateless("smb", 10, vec![stateless_drop(1, &[], &[445])])
        .stateful(
            "domains",
            100,
            StatefulRules::Domains {
                action: DomainAction::Allow,
                domains: vec![".amazonaws.com".into(), "github.com".into()],
            },
        )
        .stateful(
            "east-west",
            100,
            StatefulRules::FiveTuple(vec![
                drop_rule(1, "TCP", "3389"),
                drop_rule(2, "TCP", "1024:2048"),
            ]),
        )
}

/// Network Firewall in the inspection VPC's `firewall` group, with `policy`, as the egress.
fn firewall(policy: FirewallPolicy) -> Inspection {
    Inspection::network_firewall("inspection", "firewall", policy).egress()
}

/// The hub: shared with `prod`; `spokes` sends everything to the inspection VPC, `inspection`
/// learns the spokes' CIDRs by propagation; the inspection attachment has appliance mode.
fn hub() -> TransitGatewayBuilder {
    TransitGateway::builder("hub", "network", "us-east-1")
        .share_with("prod")
        .route_table(
            "spokes",
            [("0.0.0.0/0", TgwTarget::Vpc("inspection".into()))],
        )
        .route_table("inspection", NO_ROUTES)
        .attach("inspection", "transit", "inspection", |a| {
            a.appliance_mode()
        })
        .attach("app", "transit", "spokes", spoke_attachment)
        .attach("web", "transit", "spokes", spoke_attachment)
        .inspection("inspection")
}

/// The base network around `hub` and `inspection`.
fn network(hub: TransitGatewayBuilder, inspection: Inspection) -> NetworkBuilder {
    Network::builder("acme")
        .network_account("network", "111111111111")
        .account("prod", "222222222222")
        .vpc(inspection_vpc())
        .vpc(spoke("app", "10.1.0.0/16"))
        .vpc(spoke("web", "10.2.0.0/16"))
        .inspection(inspection)
        .transit_gateway(hub)
}

/// A valid hub-and-spoke network: no error, no warning.
fn base() -> NetworkBuilder {
    network(hub(), firewall(policy()))
}

/// The base network with `hub` instead of the base hub.
fn with_hub(hub: TransitGatewayBuilder) -> Network {
    network(hub, firewall(policy())).build()
}

/// The base network with `policy` instead of the base policy.
fn with_policy(policy: FirewallPolicy) -> Network {
    network(hub(), firewall(policy)).build()
}

/// The base network's hub, to break in place.
fn tgw(net: &mut Network) -> &mut TransitGateway {
    &mut net.transit_gateways[0]
}

/// The attachment of `vpc` on the base hub, to break in place.
fn attachment<'n>(net: &'n mut Network, vpc: &str) -> &'n mut TgwAttachment {
    tgw(net)
        .attachments
        .iter_mut()
        .find(|a| a.vpc == vpc)
        .unwrap_or_else(|| panic!("no attachment of {vpc}"))
}

/// The VPC `name`, to break in place.
fn vpc_mut<'n>(net: &'n mut Network, name: &str) -> &'n mut Vpc {
    net.vpcs
        .iter_mut()
        .find(|v| v.name == name)
        .unwrap_or_else(|| panic!("no vpc {name}"))
}

/// Asserts that `net` has exactly these diagnostics (severity, code, printed path), in any
/// order, and that the message of each states the given values.
#[track_caller]
fn assert_diags(net: &Network, expected: &[(Severity, Code, &str, &[&str])]) {
    crate::support::assert_diagnostics(&diagnostics(net), expected);
}

/// Asserts that `net` fails validation with exactly these errors and no warning.
#[track_caller]
fn assert_errors(net: &Network, expected: &[(Code, &str, &[&str])]) {
    let diags = net.validate().expect_err("the network should not validate");
    assert_eq!(diags.warning_count(), 0, "unexpected warnings:\n{diags}");
    let with_severity: Vec<(Severity, Code, &str, &[&str])> =
        expected.iter().map(|(c, p, v)| (E, *c, *p, *v)).collect();
    assert_diags(net, &with_severity);
}

/// Asserts that `net` validates without any diagnostic, and lowers.
#[track_caller]
fn assert_clean(net: &Network) -> ValidNetwork {
    let valid = net
        .validate()
        .unwrap_or_else(|d| panic!("the network should validate, but:\n{d}"));
    assert!(
        valid.warnings().is_empty(),
        "warnings:\n{}",
        valid.warnings()
    );
    if let Err(d) = lower(&valid) {
        panic!("the network should lower, but:\n{d}");
    }
    valid
}

#[test]
fn the_base_network_is_valid_without_diagnostics_and_lowers() {
    let net = base().build();
    let valid = assert_clean(&net);
    assert_eq!(valid.vpc_cidr(0).to_string(), "10.0.0.0/24");
    assert_eq!(net.transit_gateways.len(), 1);
    assert_eq!(net.transit_gateways[0].attachments.len(), 3);
    // And through JSON: what `netform dump` writes loads back to the same network.
    let loaded = Network::from_json(&net.to_json()).expect("the dump loads");
    assert_eq!(loaded, net);
    assert_clean(&loaded);
}

// ---- NF0601: ASN ----

#[test]
fn an_asn_outside_the_private_ranges_is_nf0601() {
    for asn in [64_511, 65_535, 4_199_999_999, 4_294_967_295] {
        let net = with_hub(hub().asn(asn));
        assert_errors(
            &net,
            &[(
                Code::TgwAsn,
                r#"transit_gateways["hub"].asn"#,
                &[&asn.to_string(), "64512-65534", "4200000000-4294967294"],
            )],
        );
    }
    // The bounds of both ranges are accepted.
    for asn in [64_512, 65_534, 4_200_000_000, 4_294_967_294] {
        assert_clean(&with_hub(hub().asn(asn)));
    }
}

// ---- NF0602: route tables ----

#[test]
fn an_attachment_naming_a_missing_route_table_is_nf0602() {
    let mut net = base().build();
    attachment(&mut net, "app").route_table = "shared".into();
    assert_errors(
        &net,
        &[(
            Code::UnknownRouteTable,
            r#"transit_gateways["hub"].attachments["app"].route_table"#,
            &[r#""hub""#, r#""shared""#],
        )],
    );
    let help = the(&net, Code::UnknownRouteTable).help.unwrap();
    assert!(help.contains("spokes, inspection"), "{help}");

    // A propagation to a missing table too.
    let mut net = base().build();
    attachment(&mut net, "web")
        .propagate_to
        .push("audit".into());
    assert_errors(
        &net,
        &[(
            Code::UnknownRouteTable,
            r#"transit_gateways["hub"].attachments["web"].propagate_to[1]"#,
            &[r#""audit""#],
        )],
    );
}

#[test]
fn a_peering_naming_a_missing_route_table_is_nf0602() {
    let net = base()
        .transit_gateway(
            TransitGateway::builder("hub-euw1", "network", "eu-west-1")
                .asn(64513)
                .route_table("spokes", NO_ROUTES),
        )
        .build();
    let mut local = net.clone();
    tgw(&mut local)
        .peerings
        .push(peering("to-euw1", "hub-euw1", "transit", "spokes"));
    assert_errors(
        &local,
        &[(
            Code::UnknownRouteTable,
            r#"transit_gateways["hub"].peerings["to-euw1"].route_table"#,
            &[r#""transit""#],
        )],
    );
    let mut remote = net;
    tgw(&mut remote)
        .peerings
        .push(peering("to-euw1", "hub-euw1", "spokes", "transit"));
    assert_errors(
        &remote,
        &[(
            Code::UnknownRouteTable,
            r#"transit_gateways["hub"].peerings["to-euw1"].peer_route_table"#,
            &[r#""hub-euw1""#, r#""transit""#],
        )],
    );
}

fn peering(name: &str, peer: &str, table: &str, peer_table: &str) -> netform::dsl::TgwPeering {
    netform::dsl::TgwPeering {
        name: name.into(),
        peer: peer.into(),
        route_table: table.into(),
        peer_route_table: peer_table.into(),
    }
}

// ---- NF0603: unknown VPC, hub or peering ----

#[test]
fn attaching_an_unknown_vpc_is_nf0603() {
    let net = with_hub(hub().attach("ghost", "transit", "spokes", spoke_attachment));
    assert_errors(
        &net,
        &[(
            Code::UnknownReference,
            r#"transit_gateways["hub"].attachments["ghost"].vpc"#,
            &[r#""hub""#, r#""ghost""#],
        )],
    );
}

#[test]
fn peering_with_an_unknown_hub_is_nf0603() {
    let net = with_hub(hub().peer("to-euw1", "hub-euw1", "spokes", "spokes"));
    assert_errors(
        &net,
        &[(
            Code::UnknownReference,
            r#"transit_gateways["hub"].peerings["to-euw1"].peer"#,
            &[r#""to-euw1""#, r#""hub-euw1""#],
        )],
    );
}

#[test]
fn a_route_to_an_unattached_vpc_or_unknown_peering_is_nf0603() {
    let mut net = base().build();
    tgw(&mut net).route_tables[1]
        .routes
        .push(netform::dsl::TgwRoute {
            destination: "10.9.0.0/16".into(),
            target: TgwTarget::Vpc("ghost".into()),
        });
    assert_errors(
        &net,
        &[(
            Code::UnknownReference,
            r#"transit_gateways["hub"].route_tables["inspection"].routes[0].target"#,
            &["10.9.0.0/16", r#""ghost""#, r#""hub""#],
        )],
    );

    let mut net = base().build();
    tgw(&mut net).route_tables[1]
        .routes
        .push(netform::dsl::TgwRoute {
            destination: "10.16.0.0/12".into(),
            target: TgwTarget::Peering("to-euw1".into()),
        });
    assert_errors(
        &net,
        &[(
            Code::UnknownReference,
            r#"transit_gateways["hub"].route_tables["inspection"].routes[0].target"#,
            &["10.16.0.0/12", r#""to-euw1""#, r#""hub""#],
        )],
    );
}

#[test]
fn inspecting_with_an_unknown_vpc_is_nf0603() {
    let net = network(
        hub(),
        Inspection::network_firewall("inspection", "firewall", policy()).egress(),
    )
    .inspection(Inspection::gwlb("ghost", "firewall", "appliances"))
    .build();
    assert_errors(
        &net,
        &[(
            Code::UnknownReference,
            r#"inspections["ghost"].vpc"#,
            &[r#""ghost""#],
        )],
    );
}

// ---- NF0604: unknown subnet group ----

#[test]
fn an_attachment_through_an_unknown_subnet_group_is_nf0604() {
    let mut net = base().build();
    attachment(&mut net, "app").subnet_group = "tgw".into();
    assert_errors(
        &net,
        &[(
            Code::UnknownSubnetGroup,
            r#"transit_gateways["hub"].attachments["app"].subnet_group"#,
            &[r#""app""#, r#""tgw""#],
        )],
    );
    let help = the(&net, Code::UnknownSubnetGroup).help.unwrap();
    assert!(help.contains("transit, app"), "{help}");
}

#[test]
fn an_inspection_with_an_unknown_subnet_group_is_nf0604() {
    let net = network(
        hub(),
        Inspection::network_firewall("inspection", "endpoints", policy()).egress(),
    )
    .build();
    assert_errors(
        &net,
        &[(
            Code::UnknownSubnetGroup,
            r#"inspections["inspection"].firewall_group"#,
            &[r#""inspection""#, r#""endpoints""#],
        )],
    );

    let net = network(
        hub(),
        Inspection::gwlb("inspection", "firewall", "appliances").egress(),
    )
    .build();
    assert_errors(
        &net,
        &[(
            Code::UnknownSubnetGroup,
            r#"inspections["inspection"].engine.gwlb.appliance_group"#,
            &[r#""inspection""#, r#""appliances""#],
        )],
    );
}

// ---- NF0605: attachment subnets ----

#[test]
fn an_attachment_on_a_non_transit_group_is_nf0605() {
    let mut net = base().build();
    attachment(&mut net, "app").subnet_group = "app".into();
    assert_errors(
        &net,
        &[(
            Code::AttachmentSubnets,
            r#"transit_gateways["hub"].attachments["app"].subnet_group"#,
            &[r#"vpc "app""#, r#"subnet group "app""#, "tier private"],
        )],
    );
}

#[test]
fn an_attachment_group_missing_an_az_is_nf0605() {
    // A pinned transit group with one CIDR for two AZs: no attachment interface in
    // us-east-1b. NF0110 reports the group itself; NF0605 what it means for the hub.
    let mut net = base().build();
    *vpc_mut(&mut net, "app") = spoke_pinned_transit("app", "10.1.0.0/16", &["10.1.255.0/28"]);
    assert_errors(
        &net,
        &[
            (
                Code::PinnedCount,
                r#"vpcs["app"].subnet_groups["transit"].size.pinned"#,
                &["1 CIDRs", "2 AZs"],
            ),
            (
                Code::AttachmentSubnets,
                r#"transit_gateways["hub"].attachments["app"].subnet_group"#,
                &[r#""transit""#, r#"vpc "app""#, "no subnet in us-east-1b"],
            ),
        ],
    );
    // One per missing AZ: three AZs and one CIDR.
    let mut net = base().build();
    vpc_mut(&mut net, "inspection")
        .azs
        .push("us-east-1c".into());
    let app = vpc_mut(&mut net, "app");
    *app = spoke_pinned_transit("app", "10.1.0.0/16", &["10.1.255.0/28"]);
    app.azs.push("us-east-1c".into());
    let missing: Vec<String> = diagnostics(&net)
        .iter()
        .filter(|d| d.code == Code::AttachmentSubnets)
        .map(|d| d.message.clone())
        .collect();
    assert_eq!(missing.len(), 2, "{missing:?}");
    assert!(missing[0].contains("us-east-1b") && missing[1].contains("us-east-1c"));
}

/// [`spoke`] with a pinned transit group.
fn spoke_pinned_transit(name: &str, cidr: &str, transit: &[&str]) -> Vpc {
    Vpc::builder(name, "prod", "us-east-1")
        .cidr(cidr)
        .azs(AZS)
        .subnets_pinned("transit", Tier::Transit, transit.iter().copied())
        .subnets("app", Tier::Private, 24)
        .build()
}

// ---- NF0606: appliance mode ----

#[test]
fn the_inspection_attachment_without_appliance_mode_is_nf0606() {
    let mut net = base().build();
    attachment(&mut net, "inspection").appliance_mode = false;
    assert_errors(
        &net,
        &[(
            Code::ApplianceMode,
            r#"transit_gateways["hub"].attachments["inspection"].appliance_mode"#,
            &[
                r#"vpc "inspection""#,
                r#"transit gateway "hub""#,
                "appliance mode off",
            ],
        )],
    );
}

// ---- NF0607: static routes ----

#[test]
fn a_static_route_to_a_cidr_its_target_does_not_own_is_nf0607() {
    // In the inspection domain, 10.9.0.0/16 sent to the spoke "app", which is 10.1.0.0/16.
    let mut net = base().build();
    tgw(&mut net).route_tables[1]
        .routes
        .push(netform::dsl::TgwRoute {
            destination: "10.9.0.0/16".into(),
            target: TgwTarget::Vpc("app".into()),
        });
    assert_errors(
        &net,
        &[(
            Code::StaticRouteUnowned,
            r#"transit_gateways["hub"].route_tables["inspection"].routes[0].destination"#,
            &[
                r#""inspection""#,
                "10.9.0.0/16",
                r#"vpc "app""#,
                "10.1.0.0/16",
            ],
        )],
    );
    // A route inside the spoke's CIDR, and a blackhole, are fine.
    let net = with_hub(hub().route_table(
        "audit",
        [
            ("10.1.0.0/17", TgwTarget::Vpc("app".into())),
            ("10.99.0.0/16", TgwTarget::Blackhole),
        ],
    ));
    assert_clean(&net);
}

#[test]
fn a_route_to_a_peering_whose_hub_owns_nothing_is_nf0607() {
    // The peer hub has no attachment and no on-premises prefix: it owns no address.
    let net = network(
        hub()
            .peer("to-euw1", "hub-euw1", "spokes", "spokes")
            .route_table(
                "audit",
                [("10.16.0.0/12", TgwTarget::Peering("to-euw1".into()))],
            ),
        firewall(policy()),
    )
    .transit_gateway(
        TransitGateway::builder("hub-euw1", "network", "eu-west-1")
            .asn(64513)
            .route_table("spokes", NO_ROUTES),
    )
    .build();
    assert_errors(
        &net,
        &[(
            Code::StaticRouteUnowned,
            r#"transit_gateways["hub"].route_tables["audit"].routes[0].destination"#,
            &["10.16.0.0/12", r#"peering "to-euw1""#, "owns nothing"],
        )],
    );
}

#[test]
fn two_routes_for_one_destination_are_nf0607() {
    let net = with_hub(hub().route_table(
        "audit",
        [
            ("10.1.0.0/16", TgwTarget::Vpc("app".into())),
            ("10.1.0.0/16", TgwTarget::Blackhole),
        ],
    ));
    assert_errors(
        &net,
        &[(
            Code::StaticRouteUnowned,
            r#"transit_gateways["hub"].route_tables["audit"].routes[1].destination"#,
            &[r#""audit""#, "10.1.0.0/16"],
        )],
    );
}

// ---- NF0608: overlaps on a hub ----

#[test]
fn an_on_premises_prefix_overlapping_a_spoke_is_nf0608() {
    let net = with_hub(
        hub()
            .on_premises("192.168.0.0/16")
            .on_premises("10.1.128.0/17"),
    );
    assert_errors(
        &net,
        &[(
            Code::HubOverlap,
            r#"transit_gateways["hub"].on_premises[1]"#,
            &[r#""hub""#, "10.1.128.0/17", r#"vpc "app" 10.1.0.0/16"#],
        )],
    );
    // One that contains a spoke, reported at the prefix too.
    let net = with_hub(hub().on_premises("10.2.0.0/15"));
    assert_errors(
        &net,
        &[(
            Code::HubOverlap,
            r#"transit_gateways["hub"].on_premises[0]"#,
            &["10.2.0.0/15", r#"vpc "web" 10.2.0.0/16"#],
        )],
    );
    // Disjoint prefixes are fine.
    assert_clean(&with_hub(
        hub()
            .on_premises("192.168.0.0/16")
            .on_premises("172.16.0.0/12"),
    ));
}

#[test]
fn overlapping_on_premises_prefixes_are_nf0608() {
    let net = with_hub(
        hub()
            .on_premises("192.168.0.0/16")
            .on_premises("192.168.10.0/24"),
    );
    assert_errors(
        &net,
        &[(
            Code::HubOverlap,
            r#"transit_gateways["hub"].on_premises[1]"#,
            &["192.168.10.0/24", "192.168.0.0/16"],
        )],
    );
}

// ---- NF0609: sharing ----

#[test]
fn a_spoke_in_an_account_the_hub_is_not_shared_with_is_nf0609() {
    let net = network(
        hub().attach("dev-app", "transit", "spokes", spoke_attachment),
        firewall(policy()),
    )
    .account("dev", "333333333333")
    .vpc(spoke_of("dev-app", "10.3.0.0/16", "dev"))
    .build();
    assert_errors(
        &net,
        &[(
            Code::NotShared,
            r#"transit_gateways["hub"].attachments["dev-app"].vpc"#,
            &[
                r#"vpc "dev-app""#,
                r#"account "dev""#,
                r#""hub""#,
                r#"account "network""#,
            ],
        )],
    );
    assert!(the(&net, Code::NotShared)
        .help
        .unwrap()
        .contains(r#""dev""#));

    // Shared by account id, or with the whole organization, is fine.
    for principal in [
        "333333333333",
        "arn:aws:organizations::111111111111:organization/o-abcd1234ef",
    ] {
        let mut shared = net.clone();
        tgw(&mut shared).share_with.push(principal.into());
        assert_clean(&shared);
    }
}

// ---- NF0610: inspection AZs ----

#[test]
fn a_spoke_in_an_az_without_an_inspection_endpoint_is_nf0610() {
    let mut net = base().build();
    vpc_mut(&mut net, "app").azs.push("us-east-1c".into());
    assert_errors(
        &net,
        &[(
            Code::InspectionAzs,
            r#"transit_gateways["hub"].attachments["app"]"#,
            &[
                r#"vpc "app""#,
                "uses us-east-1c",
                r#""inspection""#,
                "only in us-east-1a, us-east-1b",
            ],
        )],
    );
}

// ---- NF0611: inspection bypass ----

#[test]
fn a_spoke_propagating_into_the_spokes_domain_is_nf0611() {
    let mut net = base().build();
    attachment(&mut net, "web")
        .propagate_to
        .push("spokes".into());
    assert_errors(
        &net,
        &[(
            Code::InspectionBypass,
            r#"transit_gateways["hub"].attachments["web"].propagate_to[1]"#,
            &[r#"vpc "web""#, r#""spokes""#, r#""inspection""#],
        )],
    );
}

#[test]
fn a_static_route_from_the_spokes_domain_to_a_spoke_is_nf0611() {
    let mut net = base().build();
    tgw(&mut net).route_tables[0]
        .routes
        .push(netform::dsl::TgwRoute {
            destination: "10.2.0.0/16".into(),
            target: TgwTarget::Vpc("web".into()),
        });
    assert_errors(
        &net,
        &[(
            Code::InspectionBypass,
            r#"transit_gateways["hub"].route_tables["spokes"].routes[1]"#,
            &[
                r#""spokes""#,
                "10.2.0.0/16",
                r#"vpc "web""#,
                r#""inspection""#,
            ],
        )],
    );
    // A blackhole in the spokes domain skips nothing.
    let mut net = base().build();
    tgw(&mut net).route_tables[0]
        .routes
        .push(netform::dsl::TgwRoute {
            destination: "10.2.0.0/16".into(),
            target: TgwTarget::Blackhole,
        });
    assert_clean(&net);
}

#[test]
fn a_default_route_from_the_spokes_domain_around_inspection_is_nf0611() {
    // Internet traffic sent to a plain egress VPC instead of the inspection VPC.
    let mut net = network(
        hub()
            .route_table("egress", NO_ROUTES)
            .attach("egress", "transit", "egress", |a| a),
        firewall(policy()),
    )
    .vpc(
        Vpc::builder("egress", "network", "us-east-1")
            .cidr("10.3.0.0/24")
            .azs(AZS)
            .subnets("transit", Tier::Transit, 28)
            .subnets("public", Tier::Public, 28)
            .subnets("private", Tier::Private, 28)
            .nat(NatMode::PerAz),
    )
    .build();
    tgw(&mut net).route_tables[0].routes[0].target = TgwTarget::Vpc("egress".into());
    assert_errors(
        &net,
        &[
            (
                Code::InspectionBypass,
                r#"transit_gateways["hub"].route_tables["spokes"].routes[0]"#,
                &[
                    "0.0.0.0/0",
                    r#"vpc "egress""#,
                    r#"inspection vpc "inspection""#,
                ],
            ),
            // The egress VPC's own NAT gateways are an internet path around inspection too.
            (
                Code::InspectionBypass,
                r#"vpcs["egress"].nat"#,
                &[r#"vpc "egress""#, "own NAT gateways"],
            ),
        ],
    );
}

#[test]
fn a_route_from_the_spokes_domain_to_a_peering_is_nf0611() {
    // The peer hub owns 10.16.0.0/12 (on premises behind it). Routed from the inspection
    // domain, traffic to it has passed inspection; from the spokes domain, it has not.
    let peered = |table: &str| {
        let hub = hub().peer("to-euw1", "hub-euw1", "spokes", "spokes");
        let mut net = network(hub, firewall(policy()))
            .transit_gateway(
                TransitGateway::builder("hub-euw1", "network", "eu-west-1")
                    .asn(64513)
                    .on_premises("10.16.0.0/12")
                    .route_table("spokes", NO_ROUTES),
            )
            .build();
        let index = usize::from(table != "spokes");
        tgw(&mut net).route_tables[index]
            .routes
            .push(netform::dsl::TgwRoute {
                destination: "10.16.0.0/12".into(),
                target: TgwTarget::Peering("to-euw1".into()),
            });
        net
    };
    assert_errors(
        &peered("spokes"),
        &[(
            Code::InspectionBypass,
            r#"transit_gateways["hub"].route_tables["spokes"].routes[1]"#,
            &["10.16.0.0/12", r#"peering "to-euw1""#],
        )],
    );
    assert_clean(&peered("inspection"));
}

#[test]
fn a_spoke_associated_with_the_inspection_domain_is_nf0611() {
    // The inspection domain has every spoke's CIDR: a spoke associated with it reaches the
    // others directly, so their propagations into it are reported, and the inspection
    // attachment now shares its domain with a spoke.
    let mut net = base().build();
    attachment(&mut net, "web").route_table = "inspection".into();
    assert_errors(
        &net,
        &[
            (
                Code::InspectionBypass,
                r#"transit_gateways["hub"].attachments["app"].propagate_to[0]"#,
                &[r#"vpc "app""#, r#""inspection""#],
            ),
            (
                Code::InspectionBypass,
                r#"transit_gateways["hub"].attachments["inspection"].route_table"#,
                &[r#"inspection vpc "inspection""#, "sent back to inspection"],
            ),
            (
                Code::InspectionBypass,
                r#"transit_gateways["hub"].attachments["web"].propagate_to[0]"#,
                &[r#"vpc "web""#, r#""inspection""#],
            ),
        ],
    );
}

// ---- NF0612: placement ----

#[test]
fn attaching_a_vpc_of_another_region_is_nf0612() {
    let net = network(
        hub().attach("eu", "transit", "spokes", spoke_attachment),
        firewall(policy()),
    )
    .vpc(
        Vpc::builder("eu", "prod", "eu-west-1")
            .cidr("10.3.0.0/16")
            .azs(["eu-west-1a", "eu-west-1b"])
            .subnets("transit", Tier::Transit, 28)
            .subnets("app", Tier::Private, 24),
    )
    .build();
    let d = the(&net, Code::AttachmentPlacement);
    assert_eq!(d.severity, E);
    assert_eq!(
        d.path.to_string(),
        r#"transit_gateways["hub"].attachments["eu"].vpc"#
    );
    for value in [r#""eu""#, "eu-west-1", r#""hub""#, "us-east-1"] {
        assert!(d.message.contains(value), "{}", d.message);
    }
    // Its AZs are not the inspection VPC's either.
    assert_errors(
        &net,
        &[
            (
                Code::AttachmentPlacement,
                r#"transit_gateways["hub"].attachments["eu"].vpc"#,
                &["eu-west-1"],
            ),
            (
                Code::InspectionAzs,
                r#"transit_gateways["hub"].attachments["eu"]"#,
                &["eu-west-1a, eu-west-1b"],
            ),
        ],
    );
}

#[test]
fn attaching_a_vpc_twice_is_nf0612() {
    let net = with_hub(hub().attach("app", "transit", "spokes", spoke_attachment));
    assert_errors(
        &net,
        &[(
            Code::AttachmentPlacement,
            r#"transit_gateways["hub"].attachments["app"]"#,
            &[r#"vpc "app""#, r#""hub""#, "twice", "attachments 1 and 3"],
        )],
    );
}

// ---- NF0613: VPC routes to the hub ----

#[test]
fn a_default_route_to_the_hub_from_a_spoke_with_nat_is_nf0613() {
    let mut net = base().build();
    *vpc_mut(&mut net, "app") = spoke("app", "10.1.0.0/16")
        .subnets("public", Tier::Public, 26)
        .nat(NatMode::PerAz)
        .build();
    assert_errors(
        &net,
        &[
            (
                Code::VpcRouteConflict,
                r#"transit_gateways["hub"].attachments["app"].vpc_routes[0]"#,
                &[r#"vpc "app""#, "0.0.0.0/0", "NAT"],
            ),
            // With the inspection VPC as the egress, the spoke's NAT gateways bypass it.
            (
                Code::InspectionBypass,
                r#"vpcs["app"].nat"#,
                &[r#"vpc "app""#, "own NAT gateways"],
            ),
        ],
    );
    // Routing only the internal supernet to the hub is fine with its own NAT, when the
    // inspection VPC is not the egress (otherwise the NAT gateways bypass it: NF0611).
    attachment(&mut net, "app").vpc_routes = vec!["10.0.0.0/8".into()];
    net.inspections[0].egress = false;
    assert!(net.validate().is_ok(), "{}", diagnostics(&net));
}

#[test]
fn a_vpc_route_to_the_hub_twice_is_nf0613() {
    let mut net = base().build();
    attachment(&mut net, "web")
        .vpc_routes
        .push("0.0.0.0/0".into());
    assert_errors(
        &net,
        &[(
            Code::VpcRouteConflict,
            r#"transit_gateways["hub"].attachments["web"].vpc_routes[1]"#,
            &[r#"vpc "web""#, "0.0.0.0/0", "twice"],
        )],
    );
}

// ---- NF0614: inspection layout ----

#[test]
fn an_inspection_vpc_without_a_firewall_tier_group_is_nf0614() {
    let mut net = base().build();
    let inspection = vpc_mut(&mut net, "inspection");
    inspection.subnet_groups[1].tier = Tier::Private;
    assert_errors(
        &net,
        &[(
            Code::InspectionLayout,
            r#"inspections["inspection"].firewall_group"#,
            &[
                r#""firewall""#,
                r#""inspection""#,
                "is private",
                "firewall group",
            ],
        )],
    );
}

#[test]
fn an_egress_inspection_vpc_without_a_public_group_is_nf0614() {
    let mut net = base().build();
    let inspection = vpc_mut(&mut net, "inspection");
    inspection.subnet_groups.retain(|g| g.tier != Tier::Public);
    inspection.nat = NatMode::None;
    assert_errors(
        &net,
        &[(
            Code::InspectionLayout,
            r#"inspections["inspection"].egress"#,
            &[r#""inspection""#, "no public subnet group"],
        )],
    );
    // A public group but no NAT gateway.
    let mut net = base().build();
    vpc_mut(&mut net, "inspection").nat = NatMode::None;
    assert_errors(
        &net,
        &[(
            Code::InspectionLayout,
            r#"inspections["inspection"].egress"#,
            &[r#""inspection""#, "nat none, not per-az"],
        )],
    );
    // Without egress, neither is needed.
    let mut net = network(
        hub(),
        Inspection::network_firewall("inspection", "firewall", policy()),
    )
    .build();
    let inspection = vpc_mut(&mut net, "inspection");
    inspection.subnet_groups.retain(|g| g.tier != Tier::Public);
    inspection.nat = NatMode::None;
    assert_clean(&net);
}

#[test]
fn an_inspection_vpc_not_attached_or_not_declared_is_nf0614() {
    // Declared as the hub's inspection but not attached: the hub has nothing to send to.
    let mut net = base().build();
    tgw(&mut net).attachments.retain(|a| a.vpc != "inspection");
    let diags = diagnostics(&net);
    let layout: Vec<String> = diags
        .iter()
        .filter(|d| d.code == Code::InspectionLayout)
        .map(|d| d.path.to_string())
        .collect();
    assert_eq!(
        layout,
        [
            r#"inspections["inspection"]"#,
            r#"transit_gateways["hub"].inspection"#
        ],
        "{diags}"
    );

    // Named by the hub, but the network declares no inspection for it.
    let mut net = base().build();
    net.inspections.clear();
    assert_errors(
        &net,
        &[(
            Code::InspectionLayout,
            r#"transit_gateways["hub"].inspection"#,
            &[r#""hub""#, r#"vpc "inspection""#, "no inspection"],
        )],
    );
}

#[test]
fn a_gwlb_health_check_on_port_0_is_nf0614() {
    let mut inspection = Inspection::gwlb("inspection", "firewall", "appliances").egress();
    if let netform::dsl::InspectionEngine::Gwlb(gwlb) = &mut inspection.engine {
        gwlb.health_check_port = 0;
    }
    let mut net = network(hub(), inspection).build();
    *vpc_mut(&mut net, "inspection") = inspection_vpc()
        .cidr("10.0.0.0/22")
        .subnets("appliances", Tier::Isolated, 26)
        .build();
    assert_errors(
        &net,
        &[(
            Code::InspectionLayout,
            r#"inspections["inspection"].engine.gwlb.health_check_port"#,
            &["port is 0"],
        )],
    );
}

// ---- NF0615: firewall rules ----

const POLICY: &str = "inspections[\"inspection\"].engine.network_firewall";

fn at(rest: &str) -> String {
    format!("{POLICY}.{rest}")
}

#[test]
fn a_rule_group_capacity_outside_1_to_30000_is_nf0615() {
    for capacity in [0, 30_001] {
        let net = with_policy(policy().stateful(
            "extra",
            capacity,
            StatefulRules::FiveTuple(vec![drop_rule(1, "UDP", "53")]),
        ));
        let path = at(r#"stateful_rule_groups["extra"].capacity"#);
        assert_errors(
            &net,
            &[(
                Code::FirewallRule,
                &path,
                &[r#""extra""#, &format!("capacity {capacity}"), "1-30000"],
            )],
        );
    }
    // 30000 itself is allowed.
    assert_clean(&with_policy(policy().stateful(
        "extra",
        30_000,
        StatefulRules::FiveTuple(vec![drop_rule(1, "UDP", "53")]),
    )));
}

#[test]
fn a_stateless_group_too_small_for_its_rules_is_nf0615() {
    // 3 sources x 2 ports = 6, plus 1 for the second rule: 7 > 5.
    let net = with_policy(FirewallPolicy::default().stateless(
        "blocks",
        5,
        vec![
            stateless_drop(
                1,
                &["10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16"],
                &[22, 3389],
            ),
            stateless_drop(2, &[], &[23]),
        ],
    ));
    let path = at(r#"stateless_rule_groups["blocks"].capacity"#);
    assert_errors(
        &net,
        &[(
            Code::FirewallRule,
            &path,
            &[r#""blocks""#, "needs capacity 7", "has 5"],
        )],
    );
    // Exactly enough is fine.
    assert_clean(&with_policy(FirewallPolicy::default().stateless(
        "blocks",
        7,
        vec![
            stateless_drop(
                1,
                &["10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16"],
                &[22, 3389],
            ),
            stateless_drop(2, &[], &[23]),
        ],
    )));
}

#[test]
fn a_stateful_group_too_small_for_its_rules_is_nf0615() {
    let net = with_policy(FirewallPolicy::default().stateful(
        "domains",
        2,
        StatefulRules::Domains {
            action: DomainAction::Deny,
            domains: vec!["a.example".into(), "b.example".into(), "c.example".into()],
        },
    ));
    let path = at(r#"stateful_rule_groups["domains"].capacity"#);
    assert_errors(
        &net,
        &[(Code::FirewallRule, &path, &["needs capacity 3", "has 2"])],
    );
}

#[test]
fn a_duplicate_sid_is_nf0615() {
    let net = with_policy(FirewallPolicy::default().stateful(
        "east-west",
        10,
        StatefulRules::FiveTuple(vec![
            drop_rule(7, "TCP", "445"),
            drop_rule(7, "TCP", "3389"),
        ]),
    ));
    let path = at(r#"stateful_rule_groups["east-west"].rules.five_tuple[1].sid"#);
    assert_errors(
        &net,
        &[(Code::FirewallRule, &path, &["signature id 7", "used twice"])],
    );
    // sid 0 too.
    let net = with_policy(FirewallPolicy::default().stateful(
        "east-west",
        10,
        StatefulRules::FiveTuple(vec![drop_rule(0, "TCP", "445")]),
    ));
    let path = at(r#"stateful_rule_groups["east-west"].rules.five_tuple[0].sid"#);
    assert_errors(&net, &[(Code::FirewallRule, &path, &["signature id 0"])]);
}

#[test]
fn a_bad_port_spec_is_nf0615() {
    for port in ["0", "65536", "2048:1024", "80-90", "any", ""] {
        let net = with_policy(FirewallPolicy::default().stateful(
            "east-west",
            10,
            StatefulRules::FiveTuple(vec![drop_rule(1, "TCP", port)]),
        ));
        let path = at(r#"stateful_rule_groups["east-west"].rules.five_tuple[0].destination_port"#);
        assert_errors(
            &net,
            &[(Code::FirewallRule, &path, &[&format!("{port:?}")])],
        );
    }
    // Ports, ranges and ANY are fine.
    for port in ["1", "65535", "1024:65535", "443:443", "ANY"] {
        assert_clean(&with_policy(FirewallPolicy::default().stateful(
            "east-west",
            10,
            StatefulRules::FiveTuple(vec![drop_rule(1, "TCP", port)]),
        )));
    }
    // A stateless range that ends before it starts, or ports on ICMP.
    let mut reversed = stateless_drop(1, &[], &[]);
    reversed.destination_ports = vec![PortRange { from: 90, to: 80 }];
    let mut icmp = stateless_drop(2, &[], &[80]);
    icmp.protocols = vec![1];
    let net = with_policy(FirewallPolicy::default().stateless("bad", 10, vec![reversed, icmp]));
    assert_errors(
        &net,
        &[
            (
                Code::FirewallRule,
                &at(r#"stateless_rule_groups["bad"].rules[0].destination_ports[0]"#),
                &["90-80"],
            ),
            (
                Code::FirewallRule,
                &at(r#"stateless_rule_groups["bad"].rules[1].protocols"#),
                &["TCP (6) and UDP (17)"],
            ),
        ],
    );
}

#[test]
fn a_bad_protocol_is_nf0615() {
    let net = with_policy(FirewallPolicy::default().stateful(
        "east-west",
        10,
        StatefulRules::FiveTuple(vec![drop_rule(1, "tcp", "445"), drop_rule(2, "GRE", "ANY")]),
    ));
    assert_errors(
        &net,
        &[
            (
                Code::FirewallRule,
                &at(r#"stateful_rule_groups["east-west"].rules.five_tuple[0].protocol"#),
                &[r#""tcp""#],
            ),
            (
                Code::FirewallRule,
                &at(r#"stateful_rule_groups["east-west"].rules.five_tuple[1].protocol"#),
                &[r#""GRE""#],
            ),
        ],
    );
}

#[test]
fn an_empty_domain_list_is_nf0615() {
    let net = with_policy(FirewallPolicy::default().stateful(
        "domains",
        10,
        StatefulRules::Domains {
            action: DomainAction::Allow,
            domains: Vec::new(),
        },
    ));
    assert_errors(
        &net,
        &[(
            Code::FirewallRule,
            &at(r#"stateful_rule_groups["domains"].rules.domains"#),
            &["empty"],
        )],
    );
}

#[test]
fn a_bad_domain_is_nf0615() {
    for domain in [
        "https://github.com",
        "github..com",
        "*.github.com",
        ".",
        "a b.com",
    ] {
        let net = with_policy(FirewallPolicy::default().stateful(
            "domains",
            10,
            StatefulRules::Domains {
                action: DomainAction::Allow,
                domains: vec!["github.com".into(), domain.into()],
            },
        ));
        assert_errors(
            &net,
            &[(
                Code::FirewallRule,
                &at(r#"stateful_rule_groups["domains"].rules.domains[1]"#),
                &[&format!("{domain:?}"), "not a domain name"],
            )],
        );
    }
}

#[test]
fn a_duplicate_rule_group_name_or_priority_is_reported() {
    let net = with_policy(policy().stateless("smb", 10, vec![stateless_drop(1, &[], &[139])]));
    let d = the(&net, Code::NameDuplicate);
    assert_eq!(d.severity, E);
    assert!(d.message.contains(r#""smb""#), "{}", d.message);

    let net = with_policy(FirewallPolicy::default().stateless(
        "blocks",
        10,
        vec![stateless_drop(5, &[], &[22]), stateless_drop(5, &[], &[23])],
    ));
    assert_errors(
        &net,
        &[(
            Code::FirewallRule,
            &at(r#"stateless_rule_groups["blocks"].rules[1].priority"#),
            &["priority 5", "used twice"],
        )],
    );
}

// ---- NF0616: RAM principals ----

#[test]
fn a_bad_ram_principal_is_nf0616() {
    for principal in [
        "arn:aws:iam::222222222222:root",
        "22222222222",
        "ou-ab12-cdef3456",
        "staging",
    ] {
        let net = with_hub(hub().share_with(principal));
        assert_errors(
            &net,
            &[(
                Code::RamPrincipal,
                r#"transit_gateways["hub"].share_with[1]"#,
                &[r#""hub""#, &format!("{principal:?}")],
            )],
        );
    }
    // An OU ARN is a principal.
    assert_clean(&with_hub(hub().share_with(
        "arn:aws:organizations::111111111111:ou/o-abcd1234ef/ou-ab12-cdef3456",
    )));
}

// ---- NF0617: peering ----

#[test]
fn a_hub_peering_with_itself_is_nf0617() {
    let net = with_hub(hub().peer("loop", "hub", "spokes", "spokes"));
    assert_errors(
        &net,
        &[(
            Code::Peering,
            r#"transit_gateways["hub"].peerings["loop"].peer"#,
            &[r#""hub""#, "itself"],
        )],
    );
}

#[test]
fn a_peering_across_partitions_is_nf0617() {
    let net = network(
        hub().peer("to-cn", "hub-cn", "spokes", "spokes"),
        firewall(policy()),
    )
    .transit_gateway(
        TransitGateway::builder("hub-cn", "network", "cn-north-1")
            .asn(64513)
            .route_table("spokes", NO_ROUTES),
    )
    .build();
    assert_errors(
        &net,
        &[(
            Code::Peering,
            r#"transit_gateways["hub"].peerings["to-cn"].peer"#,
            &[
                r#""hub""#,
                "us-east-1",
                r#""hub-cn""#,
                "cn-north-1",
                "partitions",
            ],
        )],
    );
    // The same peering within a partition is fine.
    let net = network(
        hub().peer("to-euw1", "hub-euw1", "spokes", "spokes"),
        firewall(policy()),
    )
    .transit_gateway(
        TransitGateway::builder("hub-euw1", "network", "eu-west-1")
            .asn(64513)
            .route_table("spokes", NO_ROUTES),
    )
    .build();
    assert_clean(&net);
}

// ---- NF0618: Network Firewall quota ----

#[test]
fn more_than_five_firewall_azs_in_an_account_and_region_warn_nf0618() {
    let azs = [
        "us-east-1a",
        "us-east-1b",
        "us-east-1c",
        "us-east-1d",
        "us-east-1e",
        "us-east-1f",
    ];
    let mut net = base().build();
    *vpc_mut(&mut net, "inspection") = inspection_vpc().cidr("10.0.0.0/22").azs(azs).build();
    assert_diags(
        &net,
        &[(
            W,
            Code::FirewallQuota,
            "inspections",
            &[
                r#"account "network""#,
                "6 Network Firewall firewalls",
                "us-east-1",
                "quota is 5",
            ],
        )],
    );
    // A warning: the network validates and lowers.
    let valid = net.validate().expect("a warning does not block validation");
    assert_eq!(valid.warnings().len(), 1);
    assert!(lower(&valid).is_ok());

    // Five is within the quota.
    let mut net = base().build();
    *vpc_mut(&mut net, "inspection") = inspection_vpc()
        .cidr("10.0.0.0/22")
        .azs(azs[..5].iter().copied())
        .build();
    assert_clean(&net);
}

// ---- Many problems at once ----

#[test]
fn many_hub_problems_are_reported_at_once() {
    let mut net = with_policy(policy().stateful(
        "zero",
        0,
        StatefulRules::FiveTuple(vec![drop_rule(1, "TCP", "443")]),
    ));
    {
        let hub = tgw(&mut net);
        hub.asn = 65_535;
        hub.share_with.push("nobody".into());
        hub.on_premises.push("10.2.0.0/24".into());
    }
    attachment(&mut net, "inspection").appliance_mode = false;
    attachment(&mut net, "app").route_table = "shared".into();
    attachment(&mut net, "web")
        .propagate_to
        .push("spokes".into());
    vpc_mut(&mut net, "web").azs.push("us-east-1c".into());
    let diags = net.validate().expect_err("many errors");
    let codes: Vec<(Code, String)> = diags.iter().map(|d| (d.code, d.path.to_string())).collect();
    let hub = r#"transit_gateways["hub"]"#;
    let expected = [
        (Code::TgwAsn, format!("{hub}.asn")),
        (Code::RamPrincipal, format!("{hub}.share_with[1]")),
        (Code::HubOverlap, format!("{hub}.on_premises[0]")),
        (
            Code::ApplianceMode,
            format!(r#"{hub}.attachments["inspection"].appliance_mode"#),
        ),
        (
            Code::UnknownRouteTable,
            format!(r#"{hub}.attachments["app"].route_table"#),
        ),
        (
            Code::InspectionBypass,
            format!(r#"{hub}.attachments["web"].propagate_to[1]"#),
        ),
        (Code::InspectionAzs, format!(r#"{hub}.attachments["web"]"#)),
        (
            Code::FirewallRule,
            at(r#"stateful_rule_groups["zero"].capacity"#),
        ),
    ];
    for want in &expected {
        assert!(codes.contains(want), "missing {want:?} in:\n{diags}");
    }
    assert_eq!(diags.len(), expected.len(), "{diags}");
    assert_eq!(diags.error_count(), expected.len());
    // Sorted by path, as the text output prints them.
    let paths: Vec<_> = diags.iter().map(|d| d.path.clone()).collect();
    assert!(paths.is_sorted(), "{diags}");
}

// ---- Gaps: rules missing today. Each ignored test states what validation should report
// once the rule exists; remove the `ignore` with the rule. ----

#[test]
fn an_inspection_vpc_attachment_without_appliance_mode_is_an_error_even_if_the_hub_does_not_name_it(
) {
    let mut net = base().build();
    tgw(&mut net).inspection = None;
    attachment(&mut net, "inspection").appliance_mode = false;
    assert_eq!(the(&net, Code::ApplianceMode).severity, E);
}

#[test]
fn an_egress_inspection_vpc_with_a_single_nat_gateway_is_nf0614() {
    // Traffic inspected in us-east-1b leaves through the NAT gateway in us-east-1a, and its
    // return is routed through the us-east-1a endpoint: the two directions of a flow meet
    // different firewall endpoints.
    let mut net = base().build();
    vpc_mut(&mut net, "inspection").nat = NatMode::Single;
    assert_eq!(the(&net, Code::InspectionLayout).severity, E);
}

#[test]
fn a_spoke_with_its_own_internet_path_under_egress_inspection_is_nf0611() {
    let mut net = base().build();
    *vpc_mut(&mut net, "app") = spoke("app", "10.1.0.0/16")
        .subnets("public", Tier::Public, 26)
        .nat(NatMode::PerAz)
        .build();
    attachment(&mut net, "app").vpc_routes = vec!["10.0.0.0/8".into()];
    let found = the(&net, Code::InspectionBypass);
    assert_eq!(found.severity, E);
    assert_eq!(found.path.to_string(), r#"vpcs["app"].nat"#);
    assert!(
        found.message.contains("own NAT gateways"),
        "{}",
        found.message
    );
    // Without central egress, a spoke's own NAT gateways are its egress.
    let mut net = base().build();
    net.inspections[0].egress = false;
    *vpc_mut(&mut net, "app") = spoke("app", "10.1.0.0/16")
        .subnets("public", Tier::Public, 26)
        .nat(NatMode::PerAz)
        .build();
    attachment(&mut net, "app").vpc_routes = vec!["10.0.0.0/8".into()];
    assert!(
        !net.validate()
            .err()
            .is_some_and(|d| d.iter().any(|d| d.code == Code::InspectionBypass)),
        "no bypass without central egress"
    );
}

#[test]
fn a_vpc_route_to_the_hub_inside_the_vpcs_own_cidr_is_nf0613() {
    for route in ["10.1.0.0/16", "10.1.5.0/24"] {
        let mut net = base().build();
        attachment(&mut net, "app").vpc_routes = vec![route.into()];
        assert_eq!(the(&net, Code::VpcRouteConflict).severity, E, "{route}");
    }
}

#[test]
fn the_inspection_attachment_in_the_spokes_domain_is_an_error() {
    // Inspected traffic would come back to the spokes domain and be sent to the inspection
    // VPC again; nothing is associated with the domain the spokes propagate to.
    let mut net = base().build();
    attachment(&mut net, "inspection").route_table = "spokes".into();
    assert!(net.validate().is_err());
}
