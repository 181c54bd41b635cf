//! VPC Lattice service networks: names AWS accepts, accounts and VPCs the network declares,
//! associations in the network's region from accounts it is shared with, one service network
//! per VPC, and an auth policy exactly when the auth type uses one.

use super::hub::VpcIndex;
use super::share::{check_principals, covers};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::lattice::{LatticeAuth, ServiceNetwork};
use crate::model::Network;
use crate::path::Path;
use indexmap::map::Entry;
use indexmap::{IndexMap, IndexSet};

pub(super) fn check(network: &Network, diags: &mut Diagnostics) {
    let vpcs = VpcIndex::new(network);
    // The service network each VPC is associated with first.
    let mut associated: IndexMap<&str, &str> = IndexMap::new();
    let mut names: IndexSet<&str> = IndexSet::new();
    for sn in &network.service_networks {
        let path = Path::root().field("service_networks").key(&sn.name);
        if !names.insert(sn.name.as_str()) {
            diags.push(
                Diagnostic::error(
                    Code::NameDuplicate,
                    path.clone(),
                    format!("service network {:?} is declared twice", sn.name),
                )
                .with_help("give each service network its own name"),
            );
            continue;
        }
        check_name(sn, &path, diags);
        if network.account(&sn.account).is_none() {
            diags.push(
                Diagnostic::error(
                    Code::LatticeShape,
                    path.field("account"),
                    format!(
                        "service network {:?} is in account {:?}, which the network does not declare",
                        sn.name, sn.account
                    ),
                )
                .with_help("name a declared account alias"),
            );
        }
        check_principals(
            network,
            &format!("service network {:?}", sn.name),
            &sn.share_with,
            &path.field("share_with"),
            diags,
        );
        check_auth(sn, &path, diags);
        for (i, lattice_vpc) in sn.vpcs.iter().enumerate() {
            let at = path.field("vpcs").index(i);
            let Some((_, vpc)) = vpcs.get(&lattice_vpc.vpc) else {
                diags.push(
                    Diagnostic::error(
                        Code::LatticeShape,
                        at.field("vpc"),
                        format!(
                            "service network {:?} associates vpc {:?}, which the network does not declare",
                            sn.name, lattice_vpc.vpc
                        ),
                    )
                    .with_help("name a declared VPC"),
                );
                continue;
            };
            if vpc.region != sn.region {
                diags.push(
                    Diagnostic::error(
                        Code::LatticeShape,
                        at.field("vpc"),
                        format!(
                            "vpc {:?} is in {}, but service network {:?} is in {}: a VPC associates only with a service network of its region",
                            vpc.name, vpc.region, sn.name, sn.region
                        ),
                    )
                    .with_help(format!("create a service network in {} for it", vpc.region)),
                );
            }
            let id = network.account(&vpc.account).map(|a| a.id.as_str());
            if !covers(&sn.account, &sn.share_with, &vpc.account, id) {
                diags.push(
                    Diagnostic::error(
                        Code::NotShared,
                        at.field("vpc"),
                        format!(
                            "vpc {:?} in account {:?} associates with service network {:?} of account {:?}, which is not shared with it",
                            vpc.name, vpc.account, sn.name, sn.account
                        ),
                    )
                    .with_help(format!(
                        "share the service network with the account, its OU or the organization (.share_with([\"{}\"]))",
                        vpc.account
                    )),
                );
            }
            if lattice_vpc.ports.is_empty() {
                diags.push(
                    Diagnostic::error(
                        Code::LatticeShape,
                        at.field("ports"),
                        format!(
                            "the association of vpc {:?} with service network {:?} allows no port: no client in the VPC could reach a service",
                            vpc.name, sn.name
                        ),
                    )
                    .with_help("allow the ports the services listen on, such as 443"),
                );
            }
            match associated.entry(vpc.name.as_str()) {
                Entry::Vacant(slot) => {
                    slot.insert(sn.name.as_str());
                }
                Entry::Occupied(first) => {
                    let first = *first.get();
                    diags.push(
                    Diagnostic::error(
                        Code::LatticeVpcTwice,
                        at.field("vpc"),
                        format!(
                            "vpc {:?} is associated with service network {first:?} already; \"You can connect a VPC to only one service network through an association\"",
                            vpc.name
                        ),
                    )
                    .with_help("associate it with one service network; reach another through a service network VPC endpoint"),
                );
                }
            }
        }
    }
}

/// "The name must be unique to the account. The valid characters are a-z, 0-9, and hyphens
/// (-). You can't use a hyphen as the first or last character, or immediately after another
/// hyphen" (`Name`, `AWS::VpcLattice::ServiceNetwork`); 3 to 63 characters, and not
/// `servicenetwork-` first (its schema's pattern).
fn check_name(sn: &ServiceNetwork, path: &Path, diags: &mut Diagnostics) {
    let name = &sn.name;
    let ok = (3..=63).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !name.starts_with('-')
        && !name.ends_with('-')
        && !name.contains("--")
        && !name.starts_with("servicenetwork-");
    if !ok {
        diags.push(
            Diagnostic::error(
                Code::LatticeShape,
                path.field("name"),
                format!("service network name {name:?} is not one AWS accepts"),
            )
            .with_help("3 to 63 of a-z, 0-9 and single hyphens, not first or last, not starting with servicenetwork-"),
        );
    }
}

fn check_auth(sn: &ServiceNetwork, path: &Path, diags: &mut Diagnostics) {
    match (sn.auth, &sn.auth_policy) {
        (LatticeAuth::AwsIam, None) => diags.push(
            Diagnostic::warning(
                Code::LatticeAuthPolicy,
                path.field("auth_policy"),
                format!(
                    "service network {:?} uses AWS_IAM auth without an auth policy: every request to its services is denied",
                    sn.name
                ),
            )
            .with_help("give an auth policy (.auth_policy(json)), such as one allowing vpc-lattice-svcs:Invoke for the organization"),
        ),
        (LatticeAuth::None, Some(_)) => diags.push(
            Diagnostic::warning(
                Code::LatticeAuthPolicy,
                path.field("auth_policy"),
                format!(
                    "service network {:?} has an auth policy but auth type NONE: the policy is not applied",
                    sn.name
                ),
            )
            .with_help("set .auth(LatticeAuth::AwsIam), or drop the policy"),
        ),
        (_, Some(policy)) if !policy.is_object() => diags.push(
            Diagnostic::error(
                Code::LatticeShape,
                path.field("auth_policy"),
                format!(
                    "the auth policy of service network {:?} is not a JSON object: {policy}",
                    sn.name
                ),
            )
            .with_help("give an IAM policy document: {\"Version\": \"2012-10-17\", \"Statement\": [...]}"),
        ),
        _ => {}
    }
}
