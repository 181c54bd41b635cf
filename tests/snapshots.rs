//! Golden output: every built-in blueprint under every target, one insta snapshot each in
//! `snapshots/`. CI runs with `INSTA_UPDATE=no`, so a changed output fails until a person has
//! read the new snapshot and accepted it; a snapshot no test produces fails too.

use crate::support::{blueprints, multi_account, render};
use netform::backends::Target;
use netform::blueprints::Registry;
use netform::dsl::Network;

/// A blueprint run: snapshot name, blueprint, `--set`s.
type Variant = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

/// Blueprint runs with parameters, beyond the defaults.
const VARIANTS: &[Variant] = &[
    (
        // The other inspection engine, and two regions: peering, its manual acceptance step in
        // CloudFormation, and routes to the other region's block.
        "tgw-hub-spoke-gwlb-2-regions",
        "tgw-hub-spoke",
        &[
            ("inspection", "gwlb"),
            ("regions", "us-east-1,eu-west-1"),
            ("spokes", "1"),
        ],
    ),
    (
        // Route 53 Profiles carrying the rules, the zone, DNS Firewall and query logging, in
        // two regions (one spoke each, to keep the snapshot readable).
        "hybrid-dns-profiles-2-regions",
        "hybrid-dns",
        &[
            ("regions", "us-east-1,eu-west-1"),
            ("spokes", "1"),
            ("use-profiles", "true"),
            ("dns-firewall", "malware.example.net"),
            ("query-logs", "arn:aws:s3:::acme-dns-logs"),
        ],
    ),
    (
        // Bidirectional VPC Block Public Access in every account, the egress VPC's public
        // subnets excluded (allow-egress) before the mode is set.
        "tgw-hub-spoke-bpa-bidirectional",
        "tgw-hub-spoke",
        &[("block-public-access", "bidirectional"), ("spokes", "1")],
    ),
    (
        // Ingress-only VPC Block Public Access: NAT gateways keep working, no exclusions.
        "cloudwan-hub-spoke-bpa-ingress-only",
        "cloudwan-hub-spoke",
        &[
            ("block-public-access", "ingress-only"),
            ("regions", "us-east-1"),
        ],
    ),
    (
        // S3 and DynamoDB gateway endpoints in every spoke, on all its route tables.
        "cloudwan-hub-spoke-gateway-endpoints",
        "cloudwan-hub-spoke",
        &[
            ("gateway-endpoints", "s3,dynamodb"),
            ("regions", "us-east-1"),
        ],
    ),
    (
        // A VPC Lattice service network with AWS_IAM auth and an organization-wide auth
        // policy, shared with the workload accounts; each spoke associated through a security
        // group allowing TCP 443 from the VPC.
        "tgw-hub-spoke-lattice-aws-iam",
        "tgw-hub-spoke",
        &[("lattice", "aws-iam"), ("spokes", "1")],
    ),
    (
        // Centralized interface endpoints: an endpoints VPC on the hub with an ssm, s3 and
        // logs endpoint (private DNS off), a zone per service aliasing it (s3 with a
        // wildcard), carried to the spokes by a shared Route 53 Profile.
        "tgw-hub-spoke-endpoints",
        "tgw-hub-spoke",
        &[("endpoints", "ssm,s3,logs"), ("spokes", "1")],
    ),
    (
        // The same on Cloud WAN with hybrid DNS over profiles: the zones ride on the DNS
        // profile (a VPC takes one), and the DNS VPC takes them directly.
        "cloudwan-hub-spoke-endpoints-dns-profiles",
        "cloudwan-hub-spoke",
        &[
            ("endpoints", "ssm,kms"),
            ("dns", "hybrid"),
            ("use-profiles", "true"),
            ("regions", "us-east-1"),
            ("spokes", "2"),
        ],
    ),
    (
        // Static Site-to-Site VPN on the Transit Gateway without central egress: the customer
        // gateway, both tunnels with keys from NoEcho parameters / sensitive variables, the
        // attachment associated with `spokes` and a static route per on-premises range in
        // `inspection` (CloudFormation looks the attachment up between stacks).
        "tgw-hub-spoke-vpn-static",
        "tgw-hub-spoke",
        &[("vpn", "static"), ("egress", "none"), ("spokes", "1")],
    ),
    (
        // A BGP VPN attached to the core network in segment `shared`, keys from AWS.
        "cloudwan-hub-spoke-vpn-bgp",
        "cloudwan-hub-spoke",
        &[("vpn", "bgp"), ("vpn-psk", "aws"), ("regions", "us-east-1")],
    ),
    (
        // A Direct Connect gateway associated with the Transit Gateway, allowing the region's
        // block; its attachment (looked up in CloudFormation) associated with `spokes`,
        // propagating to `inspection`.
        "tgw-hub-spoke-dx-gateway",
        "tgw-hub-spoke",
        &[("dx-gateway", "64600"), ("spokes", "1")],
    ),
    (
        // A Direct Connect gateway attached to the core network in segment `shared`.
        "cloudwan-hub-spoke-dx-gateway",
        "cloudwan-hub-spoke",
        &[("dx-gateway", "64600"), ("regions", "us-east-1")],
    ),
    (
        // Dual-stack: an Amazon-provided /56, a /64 per subnet, IPv6 default routes to the
        // internet gateway (public) and an egress-only internet gateway (private).
        "single-vpc-dual-stack",
        "single-vpc",
        &[("ip-mode", "dual-stack")],
    ),
    (
        // IPv6-only private and data subnets; DNS64 and NAT64 through the NAT gateways.
        "single-vpc-ipv6-only",
        "single-vpc",
        &[("ip-mode", "ipv6-only")],
    ),
    (
        // Two regions, VPC blocks chosen by IPAM at deploy time (subnets relative to them),
        // and the Amazon-provided IPv6 pool hierarchy.
        "ipam-landing-zone-ipam-dual-stack-2-regions",
        "ipam-landing-zone",
        &[
            ("regions", "us-east-1,eu-west-1"),
            ("allocation", "ipam"),
            ("ip-mode", "dual-stack"),
        ],
    ),
];

/// Diagrams pinned in Mermaid and DOT (`netform diagram`): a hub of each kind, with the
/// on-premises ends of a VPN and a Direct Connect gateway on Cloud WAN.
const DIAGRAMS: &[Variant] = &[
    ("tgw-hub-spoke", "tgw-hub-spoke", &[]),
    (
        "cloudwan-hub-spoke-hybrid",
        "cloudwan-hub-spoke",
        &[("vpn", "bgp"), ("dx-gateway", "64600"), ("dns", "hybrid")],
    ),
];

/// The diagram formats pinned as text.
const DIAGRAM_FORMATS: &[&str] = &["mermaid", "dot"];

fn diagram_text(network: &Network, format: &str) -> String {
    let valid = network.validate().expect("valid");
    let picture = netform::diagram::Diagram::new(&valid);
    match format {
        "mermaid" => netform::diagram::mermaid(&picture),
        _ => netform::diagram::dot(&picture),
    }
}

#[test]
fn diagrams_in_every_text_format() {
    let registry = Registry::builtin();
    for (name, blueprint, sets) in DIAGRAMS {
        let sets: Vec<(String, String)> = sets
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let network = registry.network(blueprint, &sets).expect("builds");
        for format in DIAGRAM_FORMATS {
            assert_snapshot(
                &format!("diagram-{name}.{format}"),
                &diagram_text(&network, format),
            );
        }
    }
}

fn variants() -> Vec<(&'static str, Network)> {
    let registry = Registry::builtin();
    VARIANTS
        .iter()
        .map(|(name, blueprint, sets)| {
            let sets: Vec<(String, String)> = sets
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            let network = registry
                .network(blueprint, &sets)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            (*name, network)
        })
        .collect()
}

fn snapshot_text(network: &Network, target: Target) -> String {
    render(network, target)
        .iter()
        .map(|f| format!("=== {} ===\n{}", f.path, f.contents))
        .collect()
}

fn snapshot_names() -> Vec<String> {
    let mut runs = blueprints();
    runs.extend(variants());
    let mut names: Vec<String> = runs
        .iter()
        .flat_map(|(name, _)| {
            Target::ALL
                .iter()
                .map(move |t| format!("{name}.{}", t.as_str()))
        })
        .collect();
    names.extend(
        Target::ALL
            .iter()
            .map(|t| format!("multi-account.{}", t.as_str())),
    );
    for (name, _, _) in DIAGRAMS {
        names.extend(
            DIAGRAM_FORMATS
                .iter()
                .map(|f| format!("diagram-{name}.{f}")),
        );
    }
    names.sort();
    names
}

fn assert_snapshot(name: &str, text: &str) {
    insta::with_settings!({
        snapshot_path => "../snapshots",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name.to_string(), text);
    });
}

#[test]
fn every_blueprint_under_every_target() {
    for (name, network) in blueprints() {
        for target in Target::ALL {
            let text = snapshot_text(&network, *target);
            assert_snapshot(&format!("{name}.{}", target.as_str()), &text);
        }
    }
}

#[test]
fn blueprint_variants_under_every_target() {
    for (name, network) in variants() {
        for target in Target::ALL {
            let text = snapshot_text(&network, *target);
            assert_snapshot(&format!("{name}.{}", target.as_str()), &text);
        }
    }
}

#[test]
fn multi_account_network_under_every_target() {
    let network = multi_account();
    for target in Target::ALL {
        assert_snapshot(
            &format!("multi-account.{}", target.as_str()),
            &snapshot_text(&network, *target),
        );
    }
}

/// The equivalent of `cargo insta test --unreferenced=reject`: every file in snapshots/ is
/// one a test above produces.
#[test]
fn no_unreferenced_snapshots() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/snapshots");
    let mut found: Vec<String> = std::fs::read_dir(dir)
        .expect("snapshots/ exists")
        .map(|e| {
            e.expect("readable entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| !n.starts_with('.'))
        .collect();
    found.sort();
    let expected: Vec<String> = snapshot_names()
        .iter()
        .map(|n| format!("{n}.snap"))
        .collect();
    assert_eq!(
        found, expected,
        "snapshots/ holds files no test produces (or .snap.new files to review)"
    );
}
