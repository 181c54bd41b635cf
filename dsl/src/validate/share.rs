//! Sharing a hub (a Transit Gateway or a core network) with AWS RAM: well-formed principals,
//! and which accounts a share covers.

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::model::Network;
use crate::path::Path;

/// Reports each principal of `owner` (such as `transit gateway "hub"`) that is neither an
/// account alias of the network nor a RAM principal.
pub(super) fn check_principals(
    network: &Network,
    owner: &str,
    principals: &[String],
    path: &Path,
    diags: &mut Diagnostics,
) {
    for (i, principal) in principals.iter().enumerate() {
        if network.account(principal).is_some() || is_ram_principal(principal) {
            continue;
        }
        diags.push(
            Diagnostic::error(
                Code::RamPrincipal,
                path.index(i),
                format!(
                    "{owner} is shared with {principal:?}, which is neither an account alias of the network, a 12-digit account id, an OU ARN nor an organization ARN"
                ),
            )
            .with_help("use an alias such as prod, 123456789012, arn:aws:organizations::123456789012:ou/o-abcd1234ef/ou-ab12-cdef3456 or arn:aws:organizations::123456789012:organization/o-abcd1234ef"),
        );
    }
}

/// Whether a hub owned by `owner` and shared with `principals` reaches `account` (an alias).
/// An OU or the organization covers every account: netform cannot see OU membership, and
/// sharing with the organization is the usual choice.
pub(super) fn shared_with(
    network: &Network,
    owner: &str,
    principals: &[String],
    account: &str,
) -> bool {
    let id = network.account(account).map(|a| a.id.as_str());
    covers(owner, principals, account, id)
}

/// [`shared_with`] for an account whose id the caller has at hand (`None` if the alias is
/// not declared), so that a rule checking many associations looks nothing up.
pub(super) fn covers(owner: &str, principals: &[String], account: &str, id: Option<&str>) -> bool {
    if account == owner {
        return true;
    }
    principals
        .iter()
        .any(|p| p == account || Some(p.as_str()) == id || is_org_principal(p))
}

/// An OU or organization ARN that is well formed: it covers every account (a malformed one
/// covers none, so the accounts it was meant for are reported as not shared with).
fn is_org_principal(principal: &str) -> bool {
    principal.starts_with("arn:") && is_ram_principal(principal)
}

/// The accounts (aliases) of the network, other than `owner`, that a share by `owner` with
/// `principals` reaches: the ones named by alias or id, or all of them once an OU or the
/// organization is a principal (as in [`shared_with`]). The owner is left out: it has the
/// resource already, and receives nothing through RAM.
pub(super) fn recipients<'n>(
    network: &'n Network,
    owner: &str,
    principals: &[String],
) -> Vec<&'n str> {
    if principals.is_empty() {
        return Vec::new();
    }
    network
        .accounts
        .iter()
        .filter(|a| a.alias != owner && covers(owner, principals, &a.alias, Some(&a.id)))
        .map(|a| a.alias.as_str())
        .collect()
}

/// A RAM principal: a 12-digit account id, an OU ARN or an organization ARN ("Sharing your
/// AWS resources", AWS RAM User Guide; ARN formats from "Actions, resources, and condition
/// keys for AWS Organizations").
pub(crate) fn is_ram_principal(principal: &str) -> bool {
    let is_digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if is_digits(principal, 12) {
        return true;
    }
    let Some(rest) = ["arn:aws:", "arn:aws-cn:", "arn:aws-us-gov:"]
        .iter()
        .find_map(|p| principal.strip_prefix(p))
    else {
        return false;
    };
    let Some((account, resource)) = rest
        .strip_prefix("organizations::")
        .and_then(|r| r.split_once(':'))
    else {
        return false;
    };
    let org_id = |s: &str| {
        s.strip_prefix("o-").is_some_and(|id| {
            (10..=32).contains(&id.len())
                && id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
    };
    let ou_id = |s: &str| {
        s.strip_prefix("ou-").is_some_and(|id| {
            id.split_once('-').is_some_and(|(root, ou)| {
                (4..=32).contains(&root.len())
                    && (8..=32).contains(&ou.len())
                    && (root.bytes().chain(ou.bytes()))
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            })
        })
    };
    if !is_digits(account, 12) {
        return false;
    }
    if let Some(org) = resource.strip_prefix("organization/") {
        return org_id(org);
    }
    resource
        .strip_prefix("ou/")
        .and_then(|r| r.split_once('/'))
        .is_some_and(|(org, ou)| org_id(org) && ou_id(ou))
}

#[cfg(test)]
mod tests {
    use super::is_ram_principal;

    #[test]
    fn ram_principals() {
        assert!(is_ram_principal("123456789012"));
        assert!(is_ram_principal(
            "arn:aws:organizations::123456789012:organization/o-abcd1234ef"
        ));
        assert!(is_ram_principal(
            "arn:aws:organizations::123456789012:ou/o-abcd1234ef/ou-ab12-cdef3456"
        ));
        assert!(!is_ram_principal("12345678901"));
        assert!(!is_ram_principal("ou-ab12-cdef3456"));
        assert!(!is_ram_principal(
            "arn:aws:organizations::123456789012:ou/o-abcd1234ef/ou-AB12-cdef3456"
        ));
        assert!(!is_ram_principal("arn:aws:iam::123456789012:root"));
    }
}
