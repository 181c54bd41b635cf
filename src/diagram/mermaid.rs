//! The diagram as a Mermaid flowchart: a subgraph per region and per account in it, hubs
//! beside the accounts, nodes outside the regions at the top, labelled edges.

use super::{Diagram, Node, Role};
use std::fmt::Write;

/// The diagram as Mermaid text (`flowchart TB`).
pub fn mermaid(diagram: &Diagram) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "---\ntitle: network {}\n---\nflowchart TB",
        escape(&diagram.title)
    );
    for node in &diagram.global {
        let _ = writeln!(out, "  {}", node_text(node));
    }
    for (r, region) in diagram.regions.iter().enumerate() {
        let _ = writeln!(out, "  subgraph region_{r}[\"{}\"]", escape(&region.name));
        for hub in &region.hubs {
            let _ = writeln!(out, "    {}", node_text(hub));
        }
        for (a, account) in region.accounts.iter().enumerate() {
            let _ = writeln!(
                out,
                "    subgraph account_{r}_{a}[\"{}\"]",
                escape(&account.label)
            );
            for vpc in &account.vpcs {
                let _ = writeln!(out, "      {}", node_text(vpc));
            }
            let _ = writeln!(out, "    end");
        }
        let _ = writeln!(out, "  end");
    }
    for edge in &diagram.edges {
        let _ = writeln!(
            out,
            "  {} -- \"{}\" --> {}",
            edge.from,
            escape(&edge.label),
            edge.to
        );
    }
    for (class, style) in [
        ("hub", "fill:#fde7c8,stroke:#b36b00"),
        ("inspection", "fill:#fbd5d5,stroke:#a12b2b"),
        ("onprem", "fill:#e0e0e0,stroke:#555"),
        ("group", "fill:#dbe9f7,stroke:#2b5fa1,stroke-dasharray:4"),
        ("service", "fill:#e8f5e9,stroke:#3b7d3b"),
    ] {
        let _ = writeln!(out, "  classDef {class} {style}");
    }
    out
}

/// `id["title<br/>line<br/>..."]:::class`.
fn node_text(node: &Node) -> String {
    let mut lines = vec![format!("<b>{}</b>", escape(&node.title))];
    lines.extend(node.lines.iter().map(|l| escape(l)));
    lines.extend(
        node.tiers
            .iter()
            .map(|(tier, azs)| format!("{} × {}", escape(tier), azs.join(" "))),
    );
    let class = match node.role {
        Role::Vpc => "",
        Role::Inspection => ":::inspection",
        Role::Group => ":::group",
        Role::Hub => ":::hub",
        Role::OnPremises => ":::onprem",
        Role::Service => ":::service",
    };
    format!("{}[\"{}\"]{class}", node.id, lines.join("<br/>"))
}

/// Text safe inside a quoted Mermaid label: quotes as `#quot;`, angle brackets as entities.
fn escape(text: &str) -> String {
    text.replace('"', "#quot;")
        .replace('<', "#lt;")
        .replace('>', "#gt;")
}
