//! Names: syntax, duplicates among siblings, and collisions once converted to CloudFormation
//! logical ids or Terraform labels.

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::model::Network;
use crate::name::{check_name, logical_id, tf_label, NameProblem, MAX_NAME_LEN};
use crate::path::Path;
use indexmap::IndexMap;

pub(super) fn check(network: &Network, diags: &mut Diagnostics) {
    check_one("network", &network.name, &Path::root().field("name"), diags);
    let root = Path::root();
    check_siblings(
        "account alias",
        network.accounts.iter().map(|a| a.alias.as_str()),
        &root.field("accounts"),
        diags,
    );
    check_siblings(
        "IP block",
        network.ip_blocks.iter().map(|b| b.name.as_str()),
        &root.field("ip_blocks"),
        diags,
    );
    check_siblings(
        "vpc",
        network.vpcs.iter().map(|v| v.name.as_str()),
        &root.field("vpcs"),
        diags,
    );
    check_dns(network, &root.field("dns"), diags);
    if let Some(ipam) = &network.ipam {
        check_one("ipam", &ipam.name, &root.field("ipam").field("name"), diags);
        check_siblings(
            "IPAM pool",
            ipam.pools.iter().map(|p| p.name.as_str()),
            &root.field("ipam").field("pools"),
            diags,
        );
    }
    for vpc in &network.vpcs {
        check_siblings(
            "subnet group",
            vpc.subnet_groups.iter().map(|g| g.name.as_str()),
            &root.field("vpcs").key(&vpc.name).field("subnet_groups"),
            diags,
        );
    }
}

/// The names of DNS elements, each list on its own (a rule and a zone may share a name), and
/// the rules of each DNS Firewall rule group. A hosted zone's name is its model name, not its
/// domain.
fn check_dns(network: &Network, dns_path: &Path, diags: &mut Diagnostics) {
    let dns = &network.dns;
    check_siblings(
        "resolver endpoint",
        dns.endpoints.iter().map(|e| e.name.as_str()),
        &dns_path.field("endpoints"),
        diags,
    );
    check_siblings(
        "resolver rule",
        dns.rules.iter().map(|r| r.name.as_str()),
        &dns_path.field("rules"),
        diags,
    );
    check_siblings(
        "hosted zone",
        dns.hosted_zones.iter().map(|z| z.name.as_str()),
        &dns_path.field("hosted_zones"),
        diags,
    );
    check_siblings(
        "profile",
        dns.profiles.iter().map(|p| p.name.as_str()),
        &dns_path.field("profiles"),
        diags,
    );
    check_siblings(
        "domain list",
        dns.domain_lists.iter().map(|l| l.name.as_str()),
        &dns_path.field("domain_lists"),
        diags,
    );
    let groups = dns_path.field("firewall_rule_groups");
    check_siblings(
        "DNS Firewall rule group",
        dns.firewall_rule_groups.iter().map(|g| g.name.as_str()),
        &groups,
        diags,
    );
    for (i, group) in dns.firewall_rule_groups.iter().enumerate() {
        let group_path = if group.name.is_empty() {
            groups.index(i)
        } else {
            groups.key(&group.name)
        };
        check_siblings(
            "DNS Firewall rule",
            group.rules.iter().map(|r| r.name.as_str()),
            &group_path.field("rules"),
            diags,
        );
    }
    check_siblings(
        "query logging configuration",
        dns.query_logs.iter().map(|q| q.name.as_str()),
        &dns_path.field("query_logs"),
        diags,
    );
}

fn check_one(what: &str, name: &str, path: &Path, diags: &mut Diagnostics) -> bool {
    let problem = match check_name(name) {
        Ok(()) => return true,
        Err(problem) => problem,
    };
    let (code, message) = match problem {
        NameProblem::Empty => (Code::NameEmpty, format!("{what} name is empty")),
        NameProblem::BadStart(c) => (
            Code::NameSyntax,
            format!("{what} name {name:?} starts with {c:?}, not a letter"),
        ),
        NameProblem::BadChar(c) => (
            Code::NameSyntax,
            format!("{what} name {name:?} has the character {c:?}"),
        ),
        NameProblem::TooLong(len) => (
            Code::NameSyntax,
            format!("{what} name {name:?} is {len} characters, more than {MAX_NAME_LEN}"),
        ),
    };
    diags.push(Diagnostic::error(code, path.clone(), message).with_help(format!(
        "a name starts with a letter and has only ASCII letters, digits, '-' and '_', at most {MAX_NAME_LEN} characters"
    )));
    false
}

/// Checks a list of sibling names: each well formed, none repeated, no two that become the
/// same logical id or label. One pass with maps: O(n).
pub(super) fn check_siblings<'a>(
    what: &str,
    names: impl Iterator<Item = &'a str>,
    list: &Path,
    diags: &mut Diagnostics,
) {
    let mut seen: IndexMap<&str, ()> = IndexMap::new();
    let mut ids: IndexMap<String, &str> = IndexMap::new();
    let mut labels: IndexMap<String, &str> = IndexMap::new();
    for (index, name) in names.enumerate() {
        let path = if name.is_empty() {
            list.index(index)
        } else {
            list.key(name)
        };
        if !check_one(what, name, &path.field("name"), diags) {
            continue;
        }
        if seen.insert(name, ()).is_some() {
            diags.push(
                Diagnostic::error(
                    Code::NameDuplicate,
                    path,
                    format!("{what} name {name:?} is used twice"),
                )
                .with_help(format!("give each {what} its own name")),
            );
            continue;
        }
        let id = logical_id(&[name]);
        if let Some(other) = ids.insert(id.clone(), name) {
            diags.push(
                Diagnostic::error(
                    Code::LogicalIdCollision,
                    path.clone(),
                    format!("{what} names {other:?} and {name:?} both become the CloudFormation logical id {id:?}"),
                )
                .with_help("logical ids drop '-' and '_' and capitalize words: rename one of them"),
            );
        }
        let label = tf_label(&[name]);
        if let Some(other) = labels.insert(label.clone(), name) {
            diags.push(
                Diagnostic::error(
                    Code::TerraformLabelCollision,
                    path,
                    format!("{what} names {other:?} and {name:?} both become the Terraform label {label:?}"),
                )
                .with_help("Terraform labels are lowercase with '-' turned into '_': rename one of them"),
            );
        }
    }
}
