//! `netform cost`: the estimate of a valid network as a table per region with the unit
//! prices, a total, and what is left out (unpriced lines, usage-based items); or as JSON.

use netform_backends::{CostLine, Estimate};
use std::fmt::Write;

/// The estimate as a table: per region, each line with its count, unit price and monthly
/// cost, the region's subtotal; then the total and what it leaves out.
pub fn text(estimate: &Estimate) -> String {
    let mut out = String::new();
    let currency = &estimate.currency;
    let _ = writeln!(
        out,
        "monthly estimate in {currency}: {} hours a month, {} GB a month through each per-GB item, prices of {} (data/prices.json)",
        estimate.hours_per_month, estimate.gb_per_month, estimate.prices_updated
    );
    let rows: Vec<[String; 5]> = estimate.lines.iter().map(row).collect();
    let header = ["item", "count", "unit price", "per", "monthly"].map(String::from);
    let mut widths = header.clone().map(|h| h.len());
    for cells in &rows {
        for (w, cell) in widths.iter_mut().zip(cells) {
            *w = (*w).max(cell.len());
        }
    }
    let format_row = |cells: &[String; 5]| {
        let [item, count, price, per, monthly] = cells;
        let [wi, wc, wp, wu, wm] = widths;
        format!("  {item:<wi$}  {count:>wc$}  {price:>wp$}  {per:<wu$}  {monthly:>wm$}")
            .trim_end()
            .to_string()
    };
    let mut regions: Vec<&str> = Vec::new();
    for line in &estimate.lines {
        if !regions.contains(&line.region.as_str()) {
            regions.push(&line.region);
        }
    }
    for region in regions {
        let _ = writeln!(out, "\n{region}");
        let _ = writeln!(out, "{}", format_row(&header));
        let mut subtotal = 0.0;
        for (line, cells) in estimate.lines.iter().zip(&rows) {
            if line.region == region {
                subtotal += line.monthly.unwrap_or(0.0);
                let _ = writeln!(out, "{}", format_row(cells));
            }
        }
        let _ = writeln!(out, "  {region} subtotal: {subtotal:.2}");
    }
    let _ = writeln!(out, "\ntotal: {:.2} {currency} a month", estimate.total());
    let unpriced: Vec<&CostLine> = estimate.unpriced().collect();
    if !unpriced.is_empty() {
        let _ = writeln!(
            out,
            "not in the total: {} line(s) with no price known for their region:",
            unpriced.len()
        );
        for line in unpriced {
            let _ = writeln!(out, "  {} in {} ({})", line.what, line.region, line.item);
        }
    }
    if estimate.lines.iter().any(|l| l.quantity.is_none()) {
        let _ = writeln!(
            out,
            "not in the total: what depends on usage netform cannot know before deploy (count \"usage\")"
        );
    }
    out
}

/// A line's cells: what, count, unit price, unit, monthly cost.
fn row(line: &CostLine) -> [String; 5] {
    [
        line.what.clone(),
        line.quantity
            .map_or_else(|| "usage".to_string(), |q| format!("{q}")),
        line.unit_price
            .map_or_else(|| "no price".to_string(), |p| format!("{p}")),
        line.unit.clone(),
        line.monthly
            .map_or_else(|| "-".to_string(), |m| format!("{m:.2}")),
    ]
}

/// The estimate as JSON: the lines (null for an unknown price, quantity or cost), the total
/// and the count of unpriced lines.
pub fn json(estimate: &Estimate) -> String {
    let value = serde_json::json!({
        "currency": estimate.currency,
        "prices_updated": estimate.prices_updated,
        "hours_per_month": estimate.hours_per_month,
        "gb_per_month": estimate.gb_per_month,
        "lines": estimate.lines,
        "total": estimate.total(),
        "unpriced_lines": estimate.unpriced().count(),
    });
    serde_json::to_string_pretty(&value).expect("an estimate serializes") + "\n"
}
