//! The diagram as Graphviz DOT: a cluster per region and per account in it, record-like
//! boxes with HTML-free labels, labelled edges; `dot -Tsvg` renders it.

use super::{Diagram, Node, Role};
use std::fmt::Write;

/// The diagram as DOT text.
pub fn dot(diagram: &Diagram) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "digraph netform {{");
    let _ = writeln!(out, "  label=\"network {}\";", escape(&diagram.title));
    let _ = writeln!(
        out,
        "  labelloc=t; rankdir=BT; compound=true; fontname=\"Helvetica\";"
    );
    let _ = writeln!(
        out,
        "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"Helvetica\", fontsize=10];"
    );
    let _ = writeln!(out, "  edge [fontname=\"Helvetica\", fontsize=9];");
    for node in &diagram.global {
        let _ = writeln!(out, "  {}", node_text(node));
    }
    for (r, region) in diagram.regions.iter().enumerate() {
        let _ = writeln!(out, "  subgraph cluster_region_{r} {{");
        let _ = writeln!(out, "    label=\"{}\"; style=dashed;", escape(&region.name));
        for hub in &region.hubs {
            let _ = writeln!(out, "    {}", node_text(hub));
        }
        for (a, account) in region.accounts.iter().enumerate() {
            let _ = writeln!(out, "    subgraph cluster_account_{r}_{a} {{");
            let _ = writeln!(
                out,
                "      label=\"{}\"; style=\"rounded\"; color=\"#888888\";",
                escape(&account.label)
            );
            for vpc in &account.vpcs {
                let _ = writeln!(out, "      {}", node_text(vpc));
            }
            let _ = writeln!(out, "    }}");
        }
        let _ = writeln!(out, "  }}");
    }
    for edge in &diagram.edges {
        let _ = writeln!(
            out,
            "  {} -> {} [label=\"{}\"];",
            edge.from,
            edge.to,
            escape(&edge.label)
        );
    }
    let _ = writeln!(out, "}}");
    out
}

/// `id [label="title\nline...", fillcolor=...];`
fn node_text(node: &Node) -> String {
    let mut lines = vec![escape(&node.title)];
    lines.extend(node.lines.iter().map(|l| escape(l)));
    lines.extend(
        node.tiers
            .iter()
            .map(|(tier, azs)| format!("{} x {}", escape(tier), azs.join(" "))),
    );
    let fill = match node.role {
        Role::Vpc => "#ffffff",
        Role::Inspection => "#fbd5d5",
        Role::Group => "#dbe9f7",
        Role::Hub => "#fde7c8",
        Role::OnPremises => "#e0e0e0",
        Role::Service => "#e8f5e9",
    };
    format!(
        "{} [label=\"{}\", fillcolor=\"{fill}\"];",
        node.id,
        lines.join("\\n")
    )
}

/// Text safe inside a quoted DOT string.
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}
