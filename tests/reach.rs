//! `netform check` and `netform path`: exact hop lists on small networks with known answers
//! (a missing propagation, a route that skips the firewall by longest prefix match, a
//! blackhole, a send-via that leaves a segment out, an asymmetric return through another AZ),
//! every built-in blueprint passing its default intents, and each failing the right intent
//! when one route is removed.

use crate::support::blueprint;
use netform::backends::{lower, Kind, ResourceGraph, ResourceId, Value};
use netform::dsl::{Intent, Network, Site, TgwTarget, ValidNetwork, Waypoint};
use netform::reach::{Analysis, Endpoint, Path, Report};

fn lowered(network: &Network) -> (ValidNetwork, ResourceGraph) {
    let valid = network
        .validate()
        .unwrap_or_else(|d| panic!("expected a valid network:\n{d}"));
    let graph = lower(&valid).unwrap_or_else(|d| panic!("lowering failed:\n{d}"));
    (valid, graph)
}

fn path(network: &Network, graph: Option<ResourceGraph>, from: &str, to: &str) -> Path {
    let (valid, lowered_graph) = lowered(network);
    let graph = graph.unwrap_or(lowered_graph);
    let from: Endpoint = from.parse().unwrap();
    let to: Endpoint = to.parse().unwrap();
    Analysis::new(&valid, &graph)
        .path(&from, &to)
        .unwrap()
        .remove(0)
}

fn check(network: &Network, graph: Option<ResourceGraph>) -> Report {
    let (valid, lowered_graph) = lowered(network);
    let graph = graph.unwrap_or(lowered_graph);
    Analysis::new(&valid, &graph).check(&network.intents)
}

/// Each hop as `at: detail`, without the resource addresses.
fn hops(path: &Path) -> Vec<String> {
    path.hops
        .iter()
        .map(|h| format!("{}: {}", h.at, h.detail))
        .collect()
}

fn remove(graph: &mut ResourceGraph, kind: Kind, name: &[&str]) {
    let id = ResourceId::new(kind, name.iter().copied());
    assert!(
        graph.resources.shift_remove(&id).is_some(),
        "no {kind:?} {name:?} in the graph"
    );
}

/// The default intents of blueprint `name` checked over its graph without the route `route`.
fn check_without_route(name: &str, route: &[&str]) -> Report {
    let network = blueprint(name, &[]);
    let (_, mut graph) = lowered(&network);
    remove(&mut graph, Kind::Route, route);
    check(&network, Some(graph))
}

fn failed<'r>(report: &'r Report, intent: &str) -> &'r netform::reach::IntentResult {
    let result = report
        .intents
        .iter()
        .find(|r| r.name == intent)
        .unwrap_or_else(|| panic!("no intent {intent:?}"));
    assert!(!result.holds, "{intent:?} should fail:\n{report}");
    result
}

#[test]
fn a_spoke_reaches_the_internet_through_the_firewall_and_the_nat_gateway_of_its_az() {
    let network = blueprint("tgw-hub-spoke", &[]);
    let path = path(&network, None, "vpc:spoke-use1-2", "internet");
    assert!(path.reached);
    assert_eq!(
        hops(&path),
        [
            "subnet spoke-use1-2/app/a: 10.0.17.0/24 in us-east-1a",
            "route table spoke-use1-2/app/a: 0.0.0.0/0 -> transit gateway hub-use1",
            "attachment hub-use1/spoke-use1-2: into transit gateway hub-use1",
            "route table hub-use1/spokes: 0.0.0.0/0 -> attachment hub-use1/inspection-use1 (static route hub_use1_spokes_default)",
            "attachment hub-use1/inspection-use1: out to inspection-use1 through its interface in us-east-1a",
            "subnet inspection-use1/transit/a: 10.0.0.0/28 in us-east-1a",
            "route table inspection-use1/transit/a: 0.0.0.0/0 -> firewall inspection-use1/a",
            "firewall inspection-use1/a: inspected in us-east-1a",
            "subnet inspection-use1/firewall/a: 10.0.0.32/28 in us-east-1a",
            "route table inspection-use1/firewall/a: 0.0.0.0/0 -> NAT gateway inspection-use1/nat/a",
            "NAT gateway inspection-use1/nat/a: source translated to its Elastic IP, in us-east-1a",
            "subnet inspection-use1/public/a: 10.0.0.64/28 in us-east-1a",
            "route table inspection-use1/public/a: 0.0.0.0/0 -> internet gateway",
        ]
    );
    assert_eq!(
        path.outcome,
        "leaves for the internet through an internet gateway"
    );
    assert_eq!(
        path.hops[3].terraform.as_deref(),
        Some("aws_ec2_transit_gateway_route.hub_use1_spokes_default")
    );
}

#[test]
fn a_missing_propagation_drops_spoke_traffic_at_the_inspection_route_table() {
    let network = blueprint("tgw-hub-spoke", &[]);
    let (_, mut graph) = lowered(&network);
    remove(
        &mut graph,
        Kind::TgwPropagation,
        &["hub-use1", "spoke-use1-1", "inspection"],
    );
    let path = path(
        &network,
        Some(graph),
        "vpc:spoke-use1-2",
        "vpc:spoke-use1-1",
    );
    assert!(!path.reached);
    assert_eq!(
        hops(&path),
        [
            "subnet spoke-use1-2/app/a: 10.0.17.0/24 in us-east-1a",
            "route table spoke-use1-2/app/a: 0.0.0.0/0 -> transit gateway hub-use1",
            "attachment hub-use1/spoke-use1-2: into transit gateway hub-use1",
            "route table hub-use1/spokes: 0.0.0.0/0 -> attachment hub-use1/inspection-use1 (static route hub_use1_spokes_default)",
            "attachment hub-use1/inspection-use1: out to inspection-use1 through its interface in us-east-1a",
            "subnet inspection-use1/transit/a: 10.0.0.0/28 in us-east-1a",
            "route table inspection-use1/transit/a: 0.0.0.0/0 -> firewall inspection-use1/a",
            "firewall inspection-use1/a: inspected in us-east-1a",
            "subnet inspection-use1/firewall/a: 10.0.0.32/28 in us-east-1a",
            "route table inspection-use1/firewall/a: 10.0.0.0/12 -> transit gateway hub-use1",
            "attachment hub-use1/inspection-use1: into transit gateway hub-use1",
        ]
    );
    assert_eq!(
        path.outcome,
        "dropped: route table hub-use1/inspection has no route to 10.0.9.4"
    );
}

#[test]
fn a_more_specific_static_route_skips_the_firewall_and_refutes_spoke_isolation() {
    let network = blueprint("tgw-hub-spoke", &[]);
    let (_, mut graph) = lowered(&network);
    // The validator refuses such a route (NF0611); it is added to the graph to show what the
    // check sees. 0.0.0.0/0 still goes to inspection; the /21 is longer, so it wins for
    // spoke 1.
    let default = ResourceId::new(Kind::TgwRoute, ["hub-use1", "spokes", "default"]);
    let mut route = graph.resources[&default].clone();
    route.id = ResourceId::new(Kind::TgwRoute, ["hub-use1", "spokes", "10x0x8x0m21"]);
    route.properties.insert(
        "destination_cidr_block",
        Value::String("10.0.8.0/21".into()),
    );
    let spoke = ResourceId::new(Kind::TgwVpcAttachment, ["hub-use1", "spoke-use1-1"]);
    route
        .properties
        .insert("transit_gateway_attachment_id", Value::Ref(spoke.id()));
    graph.resources.insert(route.id.clone(), route);
    let report = check(&network, Some(graph));
    let result = failed(&report, "spokes reach each other only through inspection");
    assert_eq!(result.pairs, 4);
    assert_eq!(
        result.failures, 2,
        "both AZs of spoke 2 reach spoke 1 directly"
    );
    let example = result.counterexample.as_ref().unwrap();
    assert_eq!(
        example.reason,
        "vpc:spoke-use1-2 in us-east-1a reaches vpc:spoke-use1-1 without passing inspection"
    );
    assert_eq!(
        hops(&example.path),
        [
            "subnet spoke-use1-2/app/a: 10.0.17.0/24 in us-east-1a",
            "route table spoke-use1-2/app/a: 0.0.0.0/0 -> transit gateway hub-use1",
            "attachment hub-use1/spoke-use1-2: into transit gateway hub-use1",
            "route table hub-use1/spokes: 10.0.8.0/21 -> attachment hub-use1/spoke-use1-1 (static route hub_use1_spokes_10x0x8x0m21)",
            "attachment hub-use1/spoke-use1-1: out to spoke-use1-1 through its interface in us-east-1a",
            "subnet spoke-use1-1/transit/a: 10.0.8.0/28 in us-east-1a",
            "route table spoke-use1-1/transit/a: 10.0.8.0/21 -> local",
            "subnet spoke-use1-1/app/a: delivered (10.0.9.0/24 in us-east-1a)",
        ]
    );
    // The rest still holds.
    let internet = &report.intents[1];
    assert!(internet.holds, "{report}");
}

#[test]
fn a_blackhole_names_the_route_table_that_drops_the_traffic() {
    let mut network = blueprint("tgw-hub-spoke", &[]);
    network.transit_gateways[0].route_tables[0].routes[0].target = TgwTarget::Blackhole;
    let report = check(&network, None);
    // Denied spoke-to-spoke traffic keeps the isolation intent; egress fails.
    assert!(report.intents[0].holds);
    let result = failed(
        &report,
        "spokes reach the internet only through central egress",
    );
    assert_eq!(result.failures, 4);
    let example = result.counterexample.as_ref().unwrap();
    assert_eq!(
        example.reason,
        "vpc:spoke-use1-1 in us-east-1a does not reach internet"
    );
    assert_eq!(
        hops(&example.path),
        [
            "subnet spoke-use1-1/app/a: 10.0.9.0/24 in us-east-1a",
            "route table spoke-use1-1/app/a: 0.0.0.0/0 -> transit gateway hub-use1",
            "attachment hub-use1/spoke-use1-1: into transit gateway hub-use1",
            "route table hub-use1/spokes: 0.0.0.0/0 -> blackhole (static route hub_use1_spokes_default)",
        ]
    );
    assert_eq!(
        example.path.outcome,
        "dropped: route table hub-use1/spokes blackholes 198.51.100.10"
    );
}

#[test]
fn appliance_mode_off_gives_an_asymmetric_return_through_the_other_az() {
    let network = blueprint("tgw-hub-spoke", &[]);
    let (_, mut graph) = lowered(&network);
    // The validator refuses this (NF0606); the graph is edited to show what the check sees.
    let id = ResourceId::new(Kind::TgwVpcAttachment, ["hub-use1", "inspection-use1"]);
    graph.resources[&id]
        .properties
        .insert("appliance_mode_support", Value::String("disable".into()));
    let report = check(&network, Some(graph));
    let result = failed(&report, "spokes reach each other only through inspection");
    // Spoke 2 in AZ b to spoke 1 (reached in AZ a) and back: two of the four pairs cross AZs.
    assert_eq!(result.failures, 2);
    let example = result.counterexample.as_ref().unwrap();
    assert_eq!(
        example.reason,
        "asymmetric: vpc:spoke-use1-1 in us-east-1b reaches vpc:spoke-use1-2 through inspection-use1/b, and the reply does not come back through it (appliance mode is off on the attachment of the inspection VPC)"
    );
    // Going, the hub keeps the packet in AZ b: the firewall of AZ b inspects it.
    assert_eq!(
        hops(&example.path),
        [
            "subnet spoke-use1-1/app/b: 10.0.10.0/24 in us-east-1b",
            "route table spoke-use1-1/app/b: 0.0.0.0/0 -> transit gateway hub-use1",
            "attachment hub-use1/spoke-use1-1: into transit gateway hub-use1",
            "route table hub-use1/spokes: 0.0.0.0/0 -> attachment hub-use1/inspection-use1 (static route hub_use1_spokes_default)",
            "attachment hub-use1/inspection-use1: out to inspection-use1 through its interface in us-east-1b",
            "subnet inspection-use1/transit/b: 10.0.0.16/28 in us-east-1b",
            "route table inspection-use1/transit/b: 0.0.0.0/0 -> firewall inspection-use1/b",
            "firewall inspection-use1/b: inspected in us-east-1b",
            "subnet inspection-use1/firewall/b: 10.0.0.48/28 in us-east-1b",
            "route table inspection-use1/firewall/b: 10.0.0.0/12 -> transit gateway hub-use1",
            "attachment hub-use1/inspection-use1: into transit gateway hub-use1",
            "route table hub-use1/inspection: 10.0.16.0/21 -> attachment hub-use1/spoke-use1-2 (propagated by hub_use1_spoke_use1_2_inspection)",
            "attachment hub-use1/spoke-use1-2: out to spoke-use1-2 through its interface in us-east-1b",
            "subnet spoke-use1-2/transit/b: 10.0.16.16/28 in us-east-1b",
            "route table spoke-use1-2/transit/b: 10.0.16.0/21 -> local",
            "subnet spoke-use1-2/app/a: delivered (10.0.17.0/24 in us-east-1a)",
        ]
    );
    // The reply leaves from AZ a, and the firewall of AZ a, which never saw the flow, gets it.
    let back = example.return_path.as_ref().unwrap();
    assert!(back.reached);
    assert_eq!(
        hops(back),
        [
            "subnet spoke-use1-2/app/a: 10.0.17.0/24 in us-east-1a",
            "route table spoke-use1-2/app/a: 0.0.0.0/0 -> transit gateway hub-use1",
            "attachment hub-use1/spoke-use1-2: into transit gateway hub-use1",
            "route table hub-use1/spokes: 0.0.0.0/0 -> attachment hub-use1/inspection-use1 (static route hub_use1_spokes_default)",
            "attachment hub-use1/inspection-use1: out to inspection-use1 through its interface in us-east-1a",
            "subnet inspection-use1/transit/a: 10.0.0.0/28 in us-east-1a",
            "route table inspection-use1/transit/a: 0.0.0.0/0 -> firewall inspection-use1/a",
            "firewall inspection-use1/a: inspected in us-east-1a",
            "subnet inspection-use1/firewall/a: 10.0.0.32/28 in us-east-1a",
            "route table inspection-use1/firewall/a: 10.0.0.0/12 -> transit gateway hub-use1",
            "attachment hub-use1/inspection-use1: into transit gateway hub-use1",
            "route table hub-use1/inspection: 10.0.8.0/21 -> attachment hub-use1/spoke-use1-1 (propagated by hub_use1_spoke_use1_1_inspection)",
            "attachment hub-use1/spoke-use1-1: out to spoke-use1-1 through its interface in us-east-1a",
            "subnet spoke-use1-1/transit/a: 10.0.8.0/28 in us-east-1a",
            "route table spoke-use1-1/transit/a: 10.0.8.0/21 -> local",
            "subnet spoke-use1-1/app/b: delivered (10.0.10.0/24 in us-east-1b)",
        ]
    );
}

#[test]
fn cloud_wan_dual_hop_inspects_at_both_edges() {
    let network = blueprint("cloudwan-hub-spoke", &[("regions", "us-east-1,eu-west-1")]);
    let path = path(&network, None, "vpc:prod-use1-1", "vpc:nonprod-euw1-1");
    assert!(path.reached);
    let at: Vec<&str> = path.hops.iter().map(|h| h.at.as_str()).collect();
    assert_eq!(
        at,
        [
            "subnet prod-use1-1/app/a",
            "route table prod-use1-1/app/a",
            "attachment wan/prod-use1-1",
            "segment prod at us-east-1",
            "attachment wan/inspection-use1",
            "subnet inspection-use1/transit/a",
            "route table inspection-use1/transit/a",
            "firewall inspection-use1/a",
            "subnet inspection-use1/firewall/a",
            "route table inspection-use1/firewall/a",
            "attachment wan/inspection-use1",
            "network function group inspection at us-east-1",
            "attachment wan/inspection-euw1",
            "subnet inspection-euw1/transit/a",
            "route table inspection-euw1/transit/a",
            "firewall inspection-euw1/a",
            "subnet inspection-euw1/firewall/a",
            "route table inspection-euw1/firewall/a",
            "attachment wan/inspection-euw1",
            "network function group inspection at eu-west-1",
            "attachment wan/nonprod-euw1-1",
            "subnet nonprod-euw1-1/transit/a",
            "route table nonprod-euw1-1/transit/a",
            "subnet nonprod-euw1-1/app/a",
        ]
    );
    assert_eq!(
        path.hops[3].detail,
        "10.16.16.0/21 -> attachment wan/inspection-use1 (segment prod sends to nonprod via inspection (send-via dual-hop))"
    );
}

#[test]
fn a_send_via_that_leaves_a_segment_out_leaves_it_unreachable() {
    // Without central egress, send-via is the only way between segments (send-to would give
    // prod a default route to the group).
    let mut network = blueprint("cloudwan-hub-spoke", &[("egress", "none")]);
    let core = network.core_network.as_mut().unwrap();
    let send_via = core
        .policy
        .segment_actions
        .iter_mut()
        .find(|a| a.when_sent_to.is_some())
        .unwrap();
    assert_eq!(send_via.segment, "prod");
    send_via.when_sent_to = Some(netform::dsl::policy::WhenSentTo {
        segments: netform::dsl::policy::SegmentList::Names(vec!["shared".into()]),
    });
    network.intents.push(
        Intent::new("prod reaches nonprod through inspection")
            .from(Site::segment("prod"))
            .to(Site::segment("nonprod"))
            .must_pass(Waypoint::Inspection),
    );
    let report = check(&network, None);
    let result = failed(&report, "prod reaches nonprod through inspection");
    let example = result.counterexample.as_ref().unwrap();
    assert_eq!(
        hops(&example.path),
        [
            "subnet prod-use1-1/app/a: 10.0.9.0/24 in us-east-1a",
            "route table prod-use1-1/app/a: 10.0.0.0/8 -> core network wan",
            "attachment wan/prod-use1-1: into core network wan",
        ]
    );
    assert_eq!(
        example.path.outcome,
        "dropped: segment prod at us-east-1 has no route to 10.0.17.4"
    );
    // The default intent (or denied) still holds: nothing leaks past inspection.
    assert!(report.intents[0].holds, "{report}");
}

#[test]
fn every_built_in_blueprint_passes_its_default_intents() {
    let cases: &[(&str, &[(&str, &str)])] = &[
        ("tgw-hub-spoke", &[("regions", "us-east-1,eu-west-1")]),
        ("tgw-hub-spoke", &[("inspection", "gwlb"), ("vpn", "bgp")]),
        (
            "tgw-hub-spoke",
            &[("egress", "none"), ("dx-gateway", "65000")],
        ),
        ("tgw-hub-spoke", &[("vpn", "static")]),
        (
            "cloudwan-hub-spoke",
            &[("regions", "us-east-1,eu-west-1,ap-southeast-2")],
        ),
        ("cloudwan-hub-spoke", &[("inspection", "none")]),
        ("cloudwan-hub-spoke", &[("egress", "none"), ("vpn", "bgp")]),
        ("hybrid-dns", &[]),
        ("single-vpc", &[]),
        ("ipam-landing-zone", &[]),
    ];
    for (name, sets) in cases {
        let network = blueprint(name, sets);
        let report = check(&network, None);
        assert!(report.holds(), "{name} {sets:?}:\n{report}");
        if name.contains("hub") || *name == "hybrid-dns" {
            assert!(!report.intents.is_empty(), "{name}");
            assert!(
                report.intents.iter().all(|i| i.pairs > 0),
                "{name}:\n{report}"
            );
        }
    }
}

#[test]
fn each_hub_blueprint_with_one_route_removed_fails_the_right_intent() {
    // tgw-hub-spoke without the firewall subnet's default route: egress stops there.
    let report = check_without_route(
        "tgw-hub-spoke",
        &["inspection-use1", "firewall", "a", "default"],
    );
    assert!(report.intents[0].holds);
    let result = failed(
        &report,
        "spokes reach the internet only through central egress",
    );
    assert_eq!(result.failures, 2, "the AZ a sources only");
    let example = result.counterexample.as_ref().unwrap();
    assert_eq!(
        example.path.outcome,
        "dropped: route table inspection-use1/firewall/a has no route to 198.51.100.10"
    );

    // hybrid-dns without a spoke's default route: that AZ's source reaches nothing outside.
    let report = check_without_route("hybrid-dns", &["spoke-use1-2", "app", "a", "default"]);
    let result = failed(
        &report,
        "spokes reach the internet only through central egress",
    );
    assert_eq!(result.failures, 1);
    assert_eq!(
        result.counterexample.as_ref().unwrap().path.outcome,
        "dropped: route table spoke-use1-2/app/a has no route to 198.51.100.10"
    );

    // cloudwan-hub-spoke without a spoke's route to the core network.
    let report = check_without_route(
        "cloudwan-hub-spoke",
        &["prod-use1-1", "app", "b", "default"],
    );
    let result = failed(
        &report,
        "spokes reach the internet only through central egress",
    );
    assert_eq!(result.failures, 1);
    let example = result.counterexample.as_ref().unwrap();
    assert_eq!(
        example.reason,
        "vpc:prod-use1-1 in us-east-1b does not reach internet"
    );
    assert_eq!(
        example.path.outcome,
        "dropped: route table prod-use1-1/app/b has no route to 198.51.100.10"
    );
}

#[test]
fn on_cloud_wan_on_premises_is_reached_through_segment_shared() {
    let network = blueprint("cloudwan-hub-spoke", &[("vpn", "bgp")]);
    assert_eq!(
        network.core_network.as_ref().unwrap().on_premises,
        ["192.168.0.0/16"]
    );
    let report = check(&network, None);
    assert!(report.holds(), "{report}");
    let names: Vec<&str> = report.intents.iter().map(|i| i.name.as_str()).collect();
    assert!(
        names.contains(&"on-premises reaches the spokes"),
        "{names:?}"
    );
    let path = path(&network, None, "onprem", "vpc:prod-use1-1");
    assert!(path.reached, "{path}");
    assert_eq!(
        hops(&path)[..2],
        [
            "attachment wan/onprem-use1: from on-premises into the hub",
            "segment shared at us-east-1: 10.0.8.0/21 -> attachment wan/prod-use1-1 (segment prod's route, shared with shared (share of segment shared))",
        ]
    );
}

#[test]
fn a_core_network_on_premises_range_may_not_overlap_an_attached_vpc() {
    let mut network = blueprint("cloudwan-hub-spoke", &[("vpn", "bgp")]);
    network
        .core_network
        .as_mut()
        .unwrap()
        .on_premises
        .push("10.0.0.0/16".into());
    let diags = crate::support::diagnostics(&network);
    let found: Vec<String> = diags
        .iter()
        .map(|d| format!("{} {}: {}", d.code, d.path, d.message))
        .collect();
    assert_eq!(
        found,
        [
            "NF0711 core_network.on_premises[1]: on core network \"wan\", on-premises prefix 10.0.0.0/16 overlaps vpc \"inspection-use1\" 10.0.0.0/22",
            "NF0711 core_network.on_premises[1]: on core network \"wan\", on-premises prefix 10.0.0.0/16 overlaps vpc \"prod-use1-1\" 10.0.8.0/21",
            "NF0711 core_network.on_premises[1]: on core network \"wan\", on-premises prefix 10.0.0.0/16 overlaps vpc \"nonprod-use1-1\" 10.0.16.0/21",
            "NF0711 core_network.on_premises[1]: on core network \"wan\", on-premises prefix 10.0.0.0/16 overlaps vpc \"shared-use1-1\" 10.0.24.0/21",
        ],
        "{diags}"
    );
}

#[test]
fn a_core_network_on_premises_range_must_be_an_ipv4_cidr() {
    let mut network = blueprint("cloudwan-hub-spoke", &[("vpn", "bgp")]);
    let core = network.core_network.as_mut().unwrap();
    core.on_premises.push("192.168.0.0/33".into());
    let diags = crate::support::diagnostics(&network);
    let found: Vec<String> = diags
        .iter()
        .map(|d| format!("{} {}", d.code, d.path))
        .collect();
    assert_eq!(found, ["NF0101 core_network.on_premises[1]"], "{diags}");
    assert!(diags.to_string().contains("192.168.0.0/33"), "{diags}");
}

#[test]
fn intents_name_what_the_network_has() {
    let mut network = blueprint("tgw-hub-spoke", &[]);
    network.intents.push(
        Intent::new("spokes reach each other only through inspection").from(Site::vpc("nope")),
    );
    network
        .intents
        .push(Intent::new("segments").from(Site::segment("prod")));
    network
        .intents
        .push(Intent::new("inbound").from(Site::Internet));
    network.intents.insert(
        4,
        Intent::new("table")
            .to(Site::route_table("hub-use1", "nope"))
            .must_be_denied()
            .or_be_denied(),
    );
    let diags = crate::support::diagnostics(&network);
    let found: Vec<String> = diags
        .iter()
        .map(|d| format!("{} {}", d.code, d.path))
        .collect();
    assert_eq!(
        found,
        [
            "NF1019 intents[2].from",
            "NF1019 intents[2].name",
            "NF1019 intents[3].from",
            "NF1019 intents[4].denied",
            "NF1019 intents[4].to",
            "NF1019 intents[5].from",
        ],
        "{diags}"
    );
}

#[test]
fn a_thousand_spokes_check_completely() {
    let network = blueprint(
        "tgw-hub-spoke",
        &[
            ("regions", "us-east-1,eu-west-1,ap-southeast-2"),
            ("spokes", "334"),
        ],
    );
    let report = check(&network, None);
    assert!(report.holds(), "{report}");
    // 1,002 spokes in 2 AZs: every source AZ to every other spoke.
    assert_eq!(report.intents[0].pairs, 1002 * 2 * 1001);
}

/// A network written with the builders, no blueprint: two VPCs of one account on a Transit
/// Gateway, one routing domain, each propagating to it. They reach each other directly in
/// their own AZ; an intent that they never do is refuted with the exact path.
#[test]
fn a_hand_built_hub_with_one_domain_connects_its_vpcs_directly() {
    use netform::dsl::{Tier, TransitGateway, Vpc};
    let vpc = |name: &str, cidr: &str| {
        Vpc::builder(name, "network", "us-east-1")
            .cidr(cidr)
            .azs(["us-east-1a", "us-east-1b"])
            .subnets("transit", Tier::Transit, 28)
            .subnets("app", Tier::Private, 24)
    };
    let hub = TransitGateway::builder("hub", "network", "us-east-1")
        .route_table("flat", Vec::<(&str, TgwTarget)>::new())
        .attach("a", "transit", "flat", |a| {
            a.propagate_to("flat").vpc_route("10.0.0.0/8")
        })
        .attach("b", "transit", "flat", |a| {
            a.propagate_to("flat").vpc_route("10.0.0.0/8")
        });
    let network = Network::builder("lab")
        .network_account("network", "111111111111")
        .vpc(vpc("a", "10.1.0.0/16"))
        .vpc(vpc("b", "10.2.0.0/16"))
        .transit_gateway(hub)
        .intent(
            Intent::new("a never reaches b")
                .from(Site::vpc("a"))
                .to(Site::vpc("b"))
                .must_be_denied(),
        )
        .intent(
            Intent::new("nothing reaches the internet")
                .from(Site::AllSpokes)
                .to(Site::Internet)
                .must_be_denied(),
        )
        .build();
    let report = check(&network, None);
    assert!(report.intents[1].holds, "{report}");
    let result = failed(&report, "a never reaches b");
    assert_eq!((result.pairs, result.failures), (2, 2));
    let example = result.counterexample.as_ref().unwrap();
    assert_eq!(
        example.reason,
        "vpc:a in us-east-1a reaches vpc:b, and must be denied"
    );
    assert_eq!(
        hops(&example.path),
        [
            "subnet a/app/a: 10.1.1.0/24 in us-east-1a",
            "route table a/app/a: 10.0.0.0/8 -> transit gateway hub",
            "attachment hub/a: into transit gateway hub",
            "route table hub/flat: 10.2.0.0/16 -> attachment hub/b (propagated by hub_b_flat)",
            "attachment hub/b: out to b through its interface in us-east-1a",
            "subnet b/transit/a: 10.2.0.0/28 in us-east-1a",
            "route table b/transit/a: 10.2.0.0/16 -> local",
            "subnet b/app/a: delivered (10.2.1.0/24 in us-east-1a)",
        ]
    );
    // Nothing routes to the internet: the app route table stops it.
    let path = path(&network, None, "vpc:a", "internet");
    assert_eq!(
        path.outcome,
        "dropped: route table a/app/a has no route to 198.51.100.10"
    );
}
