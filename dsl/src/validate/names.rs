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
    for vpc in &network.vpcs {
        check_siblings(
            "subnet group",
            vpc.subnet_groups.iter().map(|g| g.name.as_str()),
            &root.field("vpcs").key(&vpc.name).field("subnet_groups"),
            diags,
        );
    }
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
