//! `netform diagram`: the same picture every time, groups for many spokes, every kind of
//! node and edge, DOT that Graphviz renders (where `dot` is installed), and the CLI.

use crate::support::blueprint;
use netform::diagram::{dot, mermaid, svg, Diagram, Role, GROUP_OVER};
use netform::dsl::Network;

fn picture(network: &Network) -> Diagram {
    Diagram::new(&network.validate().expect("valid"))
}

#[test]
fn the_picture_holds_regions_accounts_hubs_and_labelled_attachments() {
    let network = blueprint(
        "tgw-hub-spoke",
        &[
            ("regions", "us-east-1,eu-west-1"),
            ("vpn", "bgp"),
            ("dx-gateway", "64600"),
        ],
    );
    let d = picture(&network);
    let regions: Vec<&str> = d.regions.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(regions, ["us-east-1", "eu-west-1"]);
    let use1 = &d.regions[0];
    assert_eq!(use1.hubs[0].title, "Transit Gateway hub-use1");
    let accounts: Vec<&str> = use1.accounts.iter().map(|a| a.label.as_str()).collect();
    assert_eq!(
        accounts,
        [
            "account network (111111111111)",
            "account workload-1 (222222222222)",
            "account workload-2 (333333333333)"
        ]
    );
    let inspection = &use1.accounts[0].vpcs[0];
    assert_eq!(inspection.role, Role::Inspection);
    assert!(inspection
        .lines
        .iter()
        .any(|l| l.contains("Network Firewall")));
    // Attachments, the peering, the VPN and the Direct Connect gateway as labelled edges.
    let edge = |from: &str, to: &str| {
        d.edges
            .iter()
            .find(|e| e.from == from && e.to == to)
            .unwrap_or_else(|| panic!("no edge {from} -> {to}"))
            .label
            .clone()
    };
    assert_eq!(
        edge("vpc_spoke_use1_1", "tgw_hub_use1"),
        "route table spokes"
    );
    assert_eq!(
        edge("vpc_inspection_use1", "tgw_hub_use1"),
        "route table inspection"
    );
    assert_eq!(edge("tgw_hub_use1", "tgw_hub_euw1"), "peering");
    assert!(edge("cgw_onprem_use1", "tgw_hub_use1").starts_with("VPN onprem-use1 (BGP"));
    assert_eq!(edge("dxgw_dx", "tgw_hub_euw1"), "allowed 10.16.0.0/12");
    // Every edge joins two nodes of the picture.
    let ids: Vec<&str> = d.nodes().map(|n| n.id.as_str()).collect();
    for e in &d.edges {
        assert!(
            ids.contains(&e.from.as_str()) && ids.contains(&e.to.as_str()),
            "{e:?}"
        );
    }
}

/// The edge features show on the VPCs and accounts: gateway endpoints, the Lattice service
/// network, Block Public Access; the IPAM above the regions.
#[test]
fn edge_features_and_the_ipam_are_drawn() {
    let d = picture(&blueprint(
        "tgw-hub-spoke",
        &[
            ("block-public-access", "bidirectional"),
            ("lattice", "none"),
            ("gateway-endpoints", "s3"),
        ],
    ));
    let spoke = d.nodes().find(|n| n.id == "vpc_spoke_use1_1").unwrap();
    assert!(
        spoke.lines.contains(&"gateway endpoints: s3".to_string()),
        "{:?}",
        spoke.lines
    );
    assert!(spoke
        .lines
        .contains(&"Lattice service network apps-use1".to_string()));
    assert!(d.regions[0]
        .accounts
        .iter()
        .all(|a| a.label.ends_with("Block Public Access bidirectional")));
    let ipam = picture(&blueprint("ipam-landing-zone", &[]));
    let node = ipam
        .global
        .iter()
        .find(|n| n.id == "ipam_main")
        .expect("the IPAM");
    assert_eq!(node.role, Role::Service);
}

/// On Cloud WAN, each attachment is labelled with the segment (or network function group)
/// the policy places it in.
#[test]
fn cloud_wan_attachments_are_labelled_with_their_segment() {
    let d = picture(&blueprint(
        "cloudwan-hub-spoke",
        &[("regions", "us-east-1")],
    ));
    let labels: Vec<&str> = d
        .edges
        .iter()
        .filter(|e| e.to == "core_wan")
        .map(|e| e.label.as_str())
        .collect();
    assert!(labels.contains(&"function group inspection"), "{labels:?}");
    assert!(labels.contains(&"segment prod"), "{labels:?}");
    assert!(labels.contains(&"segment shared"), "{labels:?}");
}

/// At 1,000 spokes the picture stays small: the spokes of an account and region that attach
/// the same way become one node with their count.
#[test]
fn many_spokes_are_grouped_with_their_count() {
    let network = blueprint(
        "tgw-hub-spoke",
        &[("spokes", "500"), ("regions", "us-east-1,eu-west-1")],
    );
    let d = picture(&network);
    let groups: Vec<&str> = d
        .nodes()
        .filter(|n| n.role == Role::Group)
        .map(|n| n.title.as_str())
        .collect();
    assert_eq!(groups, ["250 VPCs", "250 VPCs", "250 VPCs", "250 VPCs"]);
    assert!(d.nodes().count() < 20, "{}", d.nodes().count());
    // At the threshold, no group.
    let small = picture(&blueprint(
        "tgw-hub-spoke",
        &[("spokes", &(2 * GROUP_OVER).to_string())],
    ));
    assert!(small.nodes().all(|n| n.role != Role::Group));
    // The SVG of 1,000 spokes stays a few kilobytes.
    assert!(svg(&d).len() < 40_000, "{}", svg(&d).len());
}

#[test]
fn every_format_is_the_same_every_time_and_well_formed() {
    let network = blueprint(
        "cloudwan-hub-spoke",
        &[("vpn", "bgp"), ("dx-gateway", "64600")],
    );
    let (a, b) = (picture(&network), picture(&network));
    assert_eq!(svg(&a), svg(&b));
    assert_eq!(mermaid(&a), mermaid(&b));
    assert_eq!(dot(&a), dot(&b));
    let text = svg(&a);
    assert!(text.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(text.trim_end().ends_with("</svg>"));
    // Every opened element is closed (self-closing or paired).
    assert_eq!(
        text.matches("<text").count(),
        text.matches("</text>").count()
    );
    assert!(!text.contains("<script"));
    // Mermaid: every subgraph ends.
    let m = mermaid(&a);
    assert_eq!(
        m.matches("subgraph ").count(),
        m.matches("\n    end").count() + m.matches("\n  end").count()
    );
}

/// `dot -Tsvg` renders every built-in blueprint's DOT without an error, where Graphviz is
/// installed (Debian's graphviz); elsewhere the test says it is skipped.
#[test]
fn graphviz_renders_the_dot_of_every_blueprint() {
    if std::process::Command::new("dot")
        .arg("-V")
        .output()
        .is_err()
    {
        eprintln!("SKIPPED: dot (graphviz) is not on PATH; the DOT output is not rendered");
        return;
    }
    for (name, network) in crate::support::blueprints() {
        let text = dot(&picture(&network));
        let mut child = std::process::Command::new("dot")
            .arg("-Tsvg")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("dot runs");
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && err.trim().is_empty(),
            "{name}: {err}"
        );
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("<svg"),
            "{name}"
        );
    }
}

/// The CLI writes the file whole, or prints to stdout; an invalid network exits 1.
#[test]
fn the_cli_writes_each_format() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["mermaid", "dot", "svg"] {
        let path = dir.path().join(format!("d.{format}"));
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_netform"))
            .args(["diagram", "single-vpc", "--format", format, "--out"])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{format}");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("network acme"), "{format}");
    }
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_netform"))
        .args([
            "diagram",
            "tgw-hub-spoke",
            "--format",
            "mermaid",
            "--set",
            "dx-gateway=64512",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
}
