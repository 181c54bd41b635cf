//! `netform check` and `netform path`: the report and paths as text or JSON.

use netform_reach::{Path, Report};

/// The report as text: one line per intent, and each failure's counterexample path; then
/// what the analysis leaves out.
pub fn text(report: &Report) -> String {
    let mut out = report.to_string();
    if report.intents.is_empty() {
        out.push_str("no intents: the network declares none (add some with Intent::new)\n");
    }
    out.push_str(SCOPE);
    out
}

/// The report as JSON.
pub fn json(report: &Report) -> String {
    serde_json::to_string_pretty(report).expect("a report serializes")
}

/// Paths as text, one after the other.
pub fn paths_text(paths: &[Path]) -> String {
    let mut out: String = paths.iter().map(|p| p.to_string()).collect();
    out.push_str(SCOPE);
    out
}

/// Paths as a JSON list.
pub fn paths_json(paths: &[Path]) -> String {
    serde_json::to_string_pretty(paths).expect("paths serialize")
}

/// What every answer leaves out.
const SCOPE: &str =
    "routing only: security groups, network ACLs and firewall rules are not evaluated\n";
