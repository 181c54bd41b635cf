//! VPC Block Public Access: its accounts and exclusions name what the network declares, each
//! exclusion changes something, and bidirectional blocking does not silently cut off a NAT
//! gateway (public_access.rs has the AWS behaviour these rules come from).

use super::hub::VpcIndex;
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::model::{NatMode, Network, Tier};
use crate::path::Path;
use crate::public_access::{BlockMode, BlockPublicAccess, ExclusionMode};
use indexmap::IndexSet;

pub(super) fn check(network: &Network, diags: &mut Diagnostics) {
    let Some(bpa) = &network.block_public_access else {
        return;
    };
    let root = Path::root().field("block_public_access");
    for (i, alias) in bpa.accounts.iter().enumerate() {
        if !network.accounts.iter().any(|a| a.alias == *alias) {
            let known: Vec<&str> = network.accounts.iter().map(|a| a.alias.as_str()).collect();
            diags.push(
                Diagnostic::error(
                    Code::BpaUnknownTarget,
                    root.field("accounts").index(i),
                    format!("Block Public Access names account {alias:?}, which the network does not declare"),
                )
                .with_help(format!("name one of the accounts: {}", known.join(", "))),
            );
        }
    }
    check_exclusions(network, bpa, &root, diags);
    if bpa.mode == BlockMode::Bidirectional {
        check_nat_gateways(network, bpa, diags);
    }
}

/// Whether Block Public Access is turned on in `account`.
fn covers(bpa: &BlockPublicAccess, account: &str) -> bool {
    bpa.accounts.is_empty() || bpa.accounts.iter().any(|a| a == account)
}

fn check_exclusions(
    network: &Network,
    bpa: &BlockPublicAccess,
    root: &Path,
    diags: &mut Diagnostics,
) {
    let vpcs = VpcIndex::new(network);
    let mut seen: IndexSet<(&str, Option<&str>)> = IndexSet::new();
    for (i, exclusion) in bpa.exclusions.iter().enumerate() {
        let path = root.field("exclusions").index(i);
        let what = match &exclusion.subnets {
            Some(group) => format!("subnets {group:?} of vpc {:?}", exclusion.vpc),
            None => format!("vpc {:?}", exclusion.vpc),
        };
        if !seen.insert((exclusion.vpc.as_str(), exclusion.subnets.as_deref())) {
            diags.push(
                Diagnostic::error(
                    Code::NameDuplicate,
                    path.clone(),
                    format!("{what} is excluded from Block Public Access twice"),
                )
                .with_help("keep one exclusion per VPC or subnet group"),
            );
            continue;
        }
        let Some((_, vpc)) = vpcs.get(&exclusion.vpc) else {
            diags.push(
                Diagnostic::error(
                    Code::BpaUnknownTarget,
                    path.field("vpc"),
                    format!(
                        "Block Public Access exclusion names vpc {:?}, which the network does not declare",
                        exclusion.vpc
                    ),
                )
                .with_help("name a declared VPC"),
            );
            continue;
        };
        if let Some(group) = &exclusion.subnets {
            if !vpc.subnet_groups.iter().any(|g| g.name == *group) {
                let groups: Vec<&str> = vpc.subnet_groups.iter().map(|g| g.name.as_str()).collect();
                diags.push(
                    Diagnostic::error(
                        Code::BpaUnknownTarget,
                        path.field("subnets"),
                        format!(
                            "Block Public Access exclusion names subnet group {group:?}, which vpc {:?} does not have",
                            vpc.name
                        ),
                    )
                    .with_help(format!("vpc {:?} has the subnet groups: {}", vpc.name, groups.join(", "))),
                );
                continue;
            }
        }
        if bpa.mode == BlockMode::IngressOnly && exclusion.mode == ExclusionMode::AllowEgress {
            diags.push(
                Diagnostic::warning(
                    Code::BpaExclusionNoEffect,
                    path.field("mode"),
                    format!("the allow-egress exclusion of {what} has no effect: Block Public Access is ingress-only, and allow-egress only applies when it is bidirectional"),
                )
                .with_help("drop the exclusion (ingress-only already lets NAT gateways and egress-only internet gateways through), or make it allow-bidirectional"),
            );
        } else if !covers(bpa, &vpc.account) {
            diags.push(
                Diagnostic::warning(
                    Code::BpaExclusionNoEffect,
                    path.field("vpc"),
                    format!(
                        "the exclusion of {what} has no effect yet: Block Public Access is not turned on in its account {:?}",
                        vpc.account
                    ),
                )
                .with_help(format!("add {:?} to block_public_access.accounts, or drop the exclusion", vpc.account)),
            );
        }
    }
}

/// Under `block-bidirectional` a NAT gateway's traffic to the internet gateway is blocked
/// unless its VPC or subnets are excluded: the centralized egress would stop working.
fn check_nat_gateways(network: &Network, bpa: &BlockPublicAccess, diags: &mut Diagnostics) {
    let excluded: IndexSet<(&str, Option<&str>)> = bpa
        .exclusions
        .iter()
        .map(|e| (e.vpc.as_str(), e.subnets.as_deref()))
        .collect();
    for vpc in &network.vpcs {
        if vpc.nat == NatMode::None || !covers(bpa, &vpc.account) {
            continue;
        }
        // NAT gateways go in the first public group with IPv4 (lowering does the same).
        let Some(group) = vpc
            .subnet_groups
            .iter()
            .find(|g| g.tier == Tier::Public && !g.ipv6_only())
        else {
            continue;
        };
        let name = vpc.name.as_str();
        if !excluded.contains(&(name, None))
            && !excluded.contains(&(name, Some(group.name.as_str())))
        {
            diags.push(
                Diagnostic::warning(
                    Code::BpaBlocksNat,
                    Path::root().field("vpcs").key(&vpc.name).field("nat"),
                    format!(
                        "bidirectional Block Public Access in account {:?} cuts the NAT gateways of vpc {:?} (subnets {:?}) off the internet",
                        vpc.account, vpc.name, group.name
                    ),
                )
                .with_help(format!(
                    "exclude them: .exclude_subnets({:?}, {:?}, ExclusionMode::AllowEgress), or use ingress-only",
                    vpc.name, group.name
                )),
            );
        }
    }
}
