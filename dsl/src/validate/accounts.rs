//! Accounts, regions and Availability Zones.

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::model::{AccountRole, Network, Vpc};
use crate::path::Path;
use crate::region::region;
use indexmap::IndexMap;

/// The most AZs netform spreads a subnet group over: no region has more than six AZs.
pub(crate) const MAX_AZS: usize = 6;

pub(super) fn check(network: &Network, diags: &mut Diagnostics) {
    check_accounts(network, diags);
    let aliases: Vec<&str> = network.accounts.iter().map(|a| a.alias.as_str()).collect();
    for vpc in &network.vpcs {
        let path = Path::root().field("vpcs").key(&vpc.name);
        if !aliases.contains(&vpc.account.as_str()) {
            diags.push(
                Diagnostic::error(
                    Code::UnknownAccount,
                    path.field("account"),
                    format!(
                        "vpc {:?} names account {:?}, which the network does not declare",
                        vpc.name, vpc.account
                    ),
                )
                .with_help(format!("declared accounts: {}", aliases.join(", "))),
            );
        }
        check_region_and_azs(vpc, &path, diags);
    }
}

fn check_accounts(network: &Network, diags: &mut Diagnostics) {
    let mut ids: IndexMap<&str, &str> = IndexMap::new();
    for account in &network.accounts {
        let path = Path::root().field("accounts").key(&account.alias);
        // "An AWS account ID is a 12-digit number" (AWS Account Management Reference Guide,
        // "View AWS account identifiers").
        if account.id.len() != 12 || !account.id.bytes().all(|b| b.is_ascii_digit()) {
            diags.push(
                Diagnostic::error(
                    Code::AccountId,
                    path.field("id"),
                    format!(
                        "account {:?} has id {:?}, which is not 12 digits",
                        account.alias, account.id
                    ),
                )
                .with_help("an AWS account id is exactly 12 digits, leading zeros included"),
            );
        } else if let Some(other) = ids.insert(&account.id, &account.alias) {
            diags.push(
                Diagnostic::error(
                    Code::AccountIdDuplicate,
                    path.field("id"),
                    format!(
                        "accounts {other:?} and {:?} have the same id {}",
                        account.alias, account.id
                    ),
                )
                .with_help("use one alias per account"),
            );
        }
    }
    let network_accounts: Vec<&str> = network
        .accounts
        .iter()
        .filter(|a| a.role == AccountRole::Network)
        .map(|a| a.alias.as_str())
        .collect();
    if network_accounts.len() != 1 {
        let message = if network_accounts.is_empty() {
            "no account has the network role".to_string()
        } else {
            format!(
                "{} accounts have the network role: {}",
                network_accounts.len(),
                network_accounts.join(", ")
            )
        };
        diags.push(
            Diagnostic::error(
                Code::NetworkAccount,
                Path::root().field("accounts"),
                message,
            )
            .with_help("declare exactly one with Network::builder(..).network_account(alias, id)"),
        );
    }
}

fn check_region_and_azs(vpc: &Vpc, path: &Path, diags: &mut Diagnostics) {
    if let Some(reserved) = vpc.reserved_azs {
        let reserved = usize::from(reserved);
        if reserved < vpc.azs.len() || reserved > MAX_AZS {
            diags.push(
                Diagnostic::error(
                    Code::AzCount,
                    path.field("reserved_azs"),
                    format!(
                        "vpc {:?} reserves space for {reserved} AZs but lists {}; the reservation must be from the AZ count to {MAX_AZS}",
                        vpc.name,
                        vpc.azs.len()
                    ),
                )
                .with_help("reserve at least as many AZs as the VPC lists, and at most 6"),
            );
        }
    }
    let count = vpc.azs.len();
    if count == 0 || count > MAX_AZS {
        diags.push(
            Diagnostic::error(
                Code::AzCount,
                path.field("azs"),
                format!(
                    "vpc {:?} has {count} AZs; netform spreads subnets over 1 to {MAX_AZS}",
                    vpc.name
                ),
            )
            .with_help("list two or three AZs of the region, such as us-east-1a and us-east-1b"),
        );
    } else if count == 1 {
        diags.push(
            Diagnostic::warning(
                Code::SingleAz,
                path.field("azs"),
                format!(
                    "vpc {:?} has a single AZ, {}: an AZ failure takes the whole VPC down",
                    vpc.name, vpc.azs[0]
                ),
            )
            .with_help("AWS recommends subnets in more than one AZ; add a second AZ"),
        );
    }
    let Some(region) = region(&vpc.region) else {
        diags.push(
            Diagnostic::error(
                Code::UnknownRegion,
                path.field("region"),
                format!(
                    "vpc {:?} is in region {:?}, which is not an AWS region netform knows",
                    vpc.name, vpc.region
                ),
            )
            .with_help("use a region code such as us-east-1 or eu-west-1 (docs/dsl.md lists them)"),
        );
        return;
    };
    let mut seen: IndexMap<&str, ()> = IndexMap::new();
    for (i, az) in vpc.azs.iter().enumerate() {
        if !region.has_az(az) {
            diags.push(
                Diagnostic::error(
                    Code::AzNotInRegion,
                    path.field("azs").index(i),
                    format!(
                        "AZ {az:?} of vpc {:?} is not in region {}",
                        vpc.name, region.name
                    ),
                )
                .with_help(format!(
                    "AZs of {}: {}",
                    region.name,
                    region.az_names().join(", ")
                )),
            );
        } else if seen.insert(az, ()).is_some() {
            diags.push(
                Diagnostic::error(
                    Code::AzDuplicate,
                    path.field("azs").index(i),
                    format!("AZ {az} is listed twice in vpc {:?}", vpc.name),
                )
                .with_help("list each AZ once"),
            );
        }
    }
}
