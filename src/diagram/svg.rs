//! The diagram as a self-contained SVG, laid out by netform: nodes outside the regions in a
//! row at the top (on-premises, Direct Connect, the core network), then a column per region
//! with its hubs above its accounts, each account a box of VPCs in rows of [`PER_ROW`].
//! Edges are straight lines drawn under the boxes, labelled at their middle. Text is
//! monospace, so widths are known without a font.

use super::{Diagram, Node, Role};
use indexmap::IndexMap;
use std::fmt::Write;

/// VPC boxes per row in an account.
const PER_ROW: usize = 2;
/// Width of a character of the monospace font at 12 px.
const CHAR: f64 = 7.3;
/// Height of a line of text.
const LINE: f64 = 15.0;
/// Space around and between boxes.
const GAP: f64 = 16.0;
/// Space above a row of VPCs for the labels of their edges.
const LABEL_ROOM: f64 = 14.0;

/// A box's place.
#[derive(Clone, Copy)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl Rect {
    fn top(&self) -> (f64, f64) {
        (self.x + self.w / 2.0, self.y)
    }
    fn bottom(&self) -> (f64, f64) {
        (self.x + self.w / 2.0, self.y + self.h)
    }
}

/// The diagram as SVG text.
pub fn svg(diagram: &Diagram) -> String {
    let mut places: IndexMap<&str, Rect> = IndexMap::new();
    let mut frames: Vec<(Rect, String, bool)> = Vec::new();
    let mut y = GAP + 30.0;
    // Nodes outside the regions, in a row.
    let mut x = GAP;
    let mut row_height: f64 = 0.0;
    for node in &diagram.global {
        let (w, h) = size(node);
        places.insert(&node.id, Rect { x, y, w, h });
        x += w + GAP;
        row_height = row_height.max(h);
    }
    if !diagram.global.is_empty() {
        y += row_height + 2.0 * GAP;
    }
    // A column per region.
    let top = y;
    let mut x = GAP;
    let mut bottom = top;
    for region in &diagram.regions {
        let left = x;
        let mut y = top + LINE + GAP;
        let mut width: f64 = 0.0;
        let mut hx = left + GAP;
        let mut hub_height: f64 = 0.0;
        for hub in &region.hubs {
            let (w, h) = size(hub);
            places.insert(&hub.id, Rect { x: hx, y, w, h });
            hx += w + GAP;
            hub_height = hub_height.max(h);
        }
        width = width.max(hx - left);
        if !region.hubs.is_empty() {
            y += hub_height + 2.0 * GAP;
        }
        // The accounts side by side below the hubs, each a box of VPC rows.
        let accounts_top = y;
        let mut ax = left + GAP;
        let mut accounts_bottom = accounts_top;
        for account in &region.accounts {
            let mut y = accounts_top + LINE + GAP;
            let mut account_width: f64 = 0.0;
            for row in account.vpcs.chunks(PER_ROW) {
                // Room above each row for the labels of its edges.
                y += LABEL_ROOM;
                let mut vx = ax + GAP;
                let mut height: f64 = 0.0;
                for vpc in row {
                    let (w, h) = size(vpc);
                    places.insert(&vpc.id, Rect { x: vx, y, w, h });
                    vx += w + GAP;
                    height = height.max(h);
                }
                account_width = account_width.max(vx - ax);
                y += height + GAP;
            }
            let label_width = account.label.len() as f64 * CHAR + 2.0 * GAP;
            let frame = Rect {
                x: ax,
                y: accounts_top,
                w: account_width.max(label_width),
                h: y - accounts_top,
            };
            frames.push((frame, account.label.clone(), false));
            ax += frame.w + GAP;
            accounts_bottom = accounts_bottom.max(y);
        }
        width = width.max(ax - left);
        let y = accounts_bottom + GAP;
        let frame = Rect {
            x: left,
            y: top,
            w: width,
            h: y - top,
        };
        frames.push((frame, region.name.clone(), true));
        bottom = bottom.max(y);
        x = left + width + GAP;
    }
    let width = places
        .values()
        .map(|r| r.x + r.w)
        .chain(frames.iter().map(|(r, _, _)| r.x + r.w))
        .fold(x, f64::max)
        + GAP;
    let height = bottom + GAP;

    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\" font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\" font-size=\"12\">"
    );
    let _ = writeln!(
        out,
        "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n<text x=\"{GAP}\" y=\"{}\" font-size=\"16\" font-weight=\"bold\">network {}</text>",
        GAP + 8.0,
        escape(&diagram.title)
    );
    for (rect, label, region) in frames.iter().rev() {
        let (stroke, dash, fill) = if *region {
            ("#777777", " stroke-dasharray=\"6 4\"", "#fafafa")
        } else {
            ("#9a9a9a", "", "#f2f2f2")
        };
        let _ = writeln!(
            out,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"8\" fill=\"{fill}\" stroke=\"{stroke}\"{dash}/>\n<text x=\"{:.1}\" y=\"{:.1}\" font-weight=\"bold\">{}</text>",
            rect.x,
            rect.y,
            rect.w,
            rect.h,
            rect.x + 8.0,
            rect.y + LINE,
            escape(label)
        );
    }
    // Edges under the boxes, from the lower box's top to the upper box's bottom.
    for edge in &diagram.edges {
        let (Some(a), Some(b)) = (places.get(edge.from.as_str()), places.get(edge.to.as_str()))
        else {
            continue;
        };
        let (from, to) = if a.y >= b.y {
            (a.top(), b.bottom())
        } else {
            (a.bottom(), b.top())
        };
        let _ = writeln!(
            out,
            "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#4a6fa5\" stroke-width=\"1.2\"/>",
            from.0, from.1, to.0, to.1
        );
        // The label just above the lower box, where it belongs to one edge only.
        let (mx, my) = if a.y >= b.y {
            (from.0, from.1 - 4.0)
        } else {
            (to.0, to.1 - 4.0)
        };
        let _ = writeln!(
            out,
            "<text x=\"{mx:.1}\" y=\"{my:.1}\" text-anchor=\"middle\" font-size=\"10\" fill=\"#2b4a75\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">{}</text>",
            escape(&edge.label)
        );
    }
    for node in diagram.nodes() {
        if let Some(rect) = places.get(node.id.as_str()) {
            node_svg(&mut out, node, rect);
        }
    }
    let _ = writeln!(out, "</svg>");
    out
}

/// A box's width and height: its longest line, and its lines.
fn size(node: &Node) -> (f64, f64) {
    let longest = texts(node).map(|t| t.chars().count()).max().unwrap_or(0);
    let lines = texts(node).count();
    (
        (longest as f64 * CHAR + 2.0 * 8.0).max(150.0),
        lines as f64 * LINE + 12.0,
    )
}

/// Every line of a box: title, lines, tiers.
fn texts(node: &Node) -> impl Iterator<Item = String> + '_ {
    std::iter::once(node.title.clone())
        .chain(node.lines.iter().cloned())
        .chain(
            node.tiers
                .iter()
                .map(|(tier, azs)| format!("{tier}: {}", azs.join(" "))),
        )
}

fn node_svg(out: &mut String, node: &Node, rect: &Rect) {
    let (fill, stroke) = match node.role {
        Role::Vpc => ("#ffffff", "#3b7d3b"),
        Role::Inspection => ("#fbd5d5", "#a12b2b"),
        Role::Group => ("#dbe9f7", "#2b5fa1"),
        Role::Hub => ("#fde7c8", "#b36b00"),
        Role::OnPremises => ("#e0e0e0", "#555555"),
        Role::Service => ("#e8f5e9", "#3b7d3b"),
    };
    let dash = if node.role == Role::Group {
        " stroke-dasharray=\"5 3\""
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"5\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.5\"{dash}/>",
        rect.x, rect.y, rect.w, rect.h
    );
    for (i, text) in texts(node).enumerate() {
        let weight = if i == 0 { " font-weight=\"bold\"" } else { "" };
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\"{weight}>{}</text>",
            rect.x + 8.0,
            rect.y + 6.0 + LINE * (i as f64 + 0.8),
            escape(&text)
        );
    }
}

/// Text safe in SVG.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
