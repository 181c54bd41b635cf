//! DNS Firewall (NF0802, NF0809, NF0811, NF0813): domain lists and their entries, rule
//! groups, their rules' priorities, domain lists and block overrides, and the priorities of
//! the groups associated with each VPC.

use super::quota::{
    DOMAINS_PER_REGION, DOMAIN_LISTS_PER_REGION, FIREWALL_GROUPS_PER_REGION,
    FIREWALL_GROUPS_PER_VPC, RULES_PER_FIREWALL_GROUP,
};
use super::syntax::{check_domain, DomainKind};
use super::{named, Check, Home};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::dns::{BlockResponse, DnsFirewallAction};
use crate::path::Path;
use crate::validate::share::check_principals;
use indexmap::map::Entry;
use indexmap::IndexMap;

/// A DNS Firewall rule group's priority among the groups of one VPC, and among the groups of
/// one Profile: "The allowed values for Priority are between 100 and 9900"
/// (`AssociateFirewallRuleGroup`, and `AssociateResourceToProfile`'s `ResourceProperties`).
pub(super) const FIREWALL_PRIORITIES: std::ops::RangeInclusive<u32> = 100..=9900;

/// A DNS Firewall block override's TTL: the `route53resolver` model's `BlockOverrideTtl`,
/// 0 to 604800 (a week).
const MAX_OVERRIDE_TTL: u32 = 604_800;

impl<'a> Check<'a> {
    pub(super) fn check_domain_lists(&self, diags: &mut Diagnostics) {
        for (i, list) in self.dns.domain_lists.iter().enumerate() {
            let path = self.path("domain_lists", &list.name, i);
            let owner = format!("domain list {:?}", list.name);
            self.check_account(&owner, &list.account, path.field("account"), diags);
            self.check_region(&owner, &list.region, path.field("region"), diags);
            for (k, domain) in list.domains.iter().enumerate() {
                check_domain(
                    domain,
                    DomainKind::ListEntry,
                    &format!("{owner} has"),
                    path.field("domains").index(k),
                    diags,
                );
            }
        }
        self.quota(
            &DOMAIN_LISTS_PER_REGION,
            self.dns.domain_lists.iter().enumerate().map(|(i, l)| {
                (
                    (l.account.as_str(), l.region.as_str()),
                    self.path("domain_lists", &l.name, i),
                )
            }),
            |(account, region), n| {
                format!("account {account} has {n} DNS Firewall domain lists in {region}")
            },
            diags,
        );
        // Counted across lists: each list weighs its domains.
        let mut totals: IndexMap<(&str, &str), (usize, Option<Path>)> = IndexMap::new();
        for (i, list) in self.dns.domain_lists.iter().enumerate() {
            let total = totals.entry((&list.account, &list.region)).or_default();
            total.0 += list.domains.len();
            if total.0 > DOMAINS_PER_REGION.limit && total.1.is_none() {
                total.1 = Some(self.path("domain_lists", &list.name, i).field("domains"));
            }
        }
        for ((account, region), (count, path)) in totals {
            if let Some(path) = path {
                self.over_quota(
                    &DOMAINS_PER_REGION,
                    path,
                    format!("account {account} has {count} domains in its DNS Firewall domain lists in {region}"),
                    diags,
                );
            }
        }
    }

    pub(super) fn check_firewall(&self, diags: &mut Diagnostics) {
        // Priorities of the groups associated with each VPC, across groups.
        let mut vpc_priorities: IndexMap<(usize, u32), &str> = IndexMap::new();
        let mut vpc_groups: IndexMap<usize, (usize, Option<Path>)> = IndexMap::new();
        for (i, group) in self.dns.firewall_rule_groups.iter().enumerate() {
            let path = self.path("firewall_rule_groups", &group.name, i);
            let owner = format!("DNS Firewall rule group {:?}", group.name);
            let account_ok =
                self.check_account(&owner, &group.account, path.field("account"), diags);
            let region_ok = self.check_region(&owner, &group.region, path.field("region"), diags);
            let home = (account_ok && region_ok).then_some(Home {
                account: &group.account,
                region: &group.region,
            });
            // "You must specify a unique priority for each rule in a rule group"
            // (CreateFirewallRule); the API gives no range.
            let mut priorities: IndexMap<u32, &str> = IndexMap::new();
            for (k, rule) in group.rules.iter().enumerate() {
                let rule_path = named(&path.field("rules"), &rule.name, k);
                if let Some(first) = priorities.insert(rule.priority, &rule.name) {
                    diags.push(
                        Diagnostic::error(
                            Code::DnsFirewallPriority,
                            rule_path.field("priority"),
                            format!(
                                "rules {first:?} and {:?} of {owner} have the same priority {}",
                                rule.name, rule.priority
                            ),
                        )
                        .with_help("give each rule of a group its own priority, leaving gaps (100, 200, ...)"),
                    );
                }
                match self.lists.get(rule.domain_list.as_str()) {
                    None => self.unknown(
                        &format!("rule {:?} of {owner}", rule.name),
                        "domain list",
                        &rule.domain_list,
                        self.lists.keys().copied(),
                        rule_path.field("domain_list"),
                        diags,
                    ),
                    Some(&l) => {
                        let list = &self.dns.domain_lists[l];
                        if home
                            .is_some_and(|h| h.account != list.account || h.region != list.region)
                        {
                            diags.push(
                                Diagnostic::error(
                                    Code::DnsPlacement,
                                    rule_path.field("domain_list"),
                                    format!(
                                        "rule {:?} of {owner} ({}, {}) uses domain list {:?} of account {} in {}",
                                        rule.name, group.account, group.region, list.name, list.account, list.region
                                    ),
                                )
                                .with_help("a rule group uses the domain lists of its own account and region: declare the list there"),
                            );
                        }
                    }
                }
                if let DnsFirewallAction::Block(BlockResponse::Override { domain, ttl }) =
                    &rule.action
                {
                    let action = rule_path.field("action").field("block").field("override");
                    check_domain(
                        domain,
                        DomainKind::Name,
                        &format!(
                            "the block override of rule {:?} of {owner} answers with",
                            rule.name
                        ),
                        action.field("domain"),
                        diags,
                    );
                    if *ttl > MAX_OVERRIDE_TTL {
                        diags.push(
                            Diagnostic::error(
                                Code::DnsRecord,
                                action.field("ttl"),
                                format!(
                                    "the block override of rule {:?} of {owner} has TTL {ttl}, more than the {MAX_OVERRIDE_TTL} (a week) AWS allows",
                                    rule.name
                                ),
                            )
                            .with_help("use a TTL in seconds from 0 to 604800"),
                        );
                    }
                }
            }
            if group.rules.len() > RULES_PER_FIREWALL_GROUP.limit {
                self.over_quota(
                    &RULES_PER_FIREWALL_GROUP,
                    path.field("rules"),
                    format!("{owner} has {} rules", group.rules.len()),
                    diags,
                );
            }
            check_principals(
                self.network,
                &owner,
                &group.share_with,
                &path.field("share_with"),
                diags,
            );
            let place = group.region.clone();
            let list = path.field("associations");
            let associated = self.check_associations(
                &owner,
                home,
                &place,
                &group.share_with,
                group
                    .associations
                    .iter()
                    .enumerate()
                    .map(|(k, a)| (a.vpc.as_str(), list.index(k))),
                diags,
            );
            let by_path: IndexMap<&Path, usize> = associated.iter().map(|(v, p)| (p, *v)).collect();
            for (k, association) in group.associations.iter().enumerate() {
                let at = list.index(k);
                let priority_path = at.field("priority");
                if !FIREWALL_PRIORITIES.contains(&association.priority) {
                    self.priority_out_of_range(
                        format!(
                            "{owner} is associated with VPC {:?} at priority {}",
                            association.vpc, association.priority
                        ),
                        priority_path,
                        diags,
                    );
                    continue;
                }
                let Some(&vpc) = by_path.get(&at) else {
                    continue;
                };
                let count = vpc_groups.entry(vpc).or_default();
                count.0 += 1;
                if count.0 == FIREWALL_GROUPS_PER_VPC.limit + 1 {
                    count.1 = Some(at.clone());
                }
                match vpc_priorities.entry((vpc, association.priority)) {
                    Entry::Occupied(first) => diags.push(
                        Diagnostic::error(
                            Code::DnsFirewallPriority,
                            priority_path,
                            format!(
                                "DNS Firewall rule groups {:?} and {:?} are both associated with VPC {:?} at priority {}",
                                first.get(),
                                group.name,
                                association.vpc,
                                association.priority
                            ),
                        )
                        .with_help("give each rule group associated with a VPC its own priority (100 to 9900)"),
                    ),
                    Entry::Vacant(slot) => {
                        slot.insert(&group.name);
                    }
                }
            }
        }
        for (vpc, (count, path)) in vpc_groups {
            if let Some(path) = path {
                self.over_quota(
                    &FIREWALL_GROUPS_PER_VPC,
                    path,
                    format!(
                        "VPC {:?} is associated with {count} DNS Firewall rule groups",
                        self.network.vpcs[vpc].name
                    ),
                    diags,
                );
            }
        }
        self.quota(
            &FIREWALL_GROUPS_PER_REGION,
            self.dns
                .firewall_rule_groups
                .iter()
                .enumerate()
                .map(|(i, g)| {
                    (
                        (g.account.as_str(), g.region.as_str()),
                        self.path("firewall_rule_groups", &g.name, i),
                    )
                }),
            |(account, region), n| {
                format!("account {account} has {n} DNS Firewall rule groups in {region}")
            },
            diags,
        );
    }

    /// NF0809 for a rule group priority outside 100 to 9900.
    pub(super) fn priority_out_of_range(&self, what: String, path: Path, diags: &mut Diagnostics) {
        diags.push(
            Diagnostic::error(
                Code::DnsFirewallPriority,
                path,
                format!(
                    "{what}, outside the {} to {} AWS allows",
                    FIREWALL_PRIORITIES.start(),
                    FIREWALL_PRIORITIES.end()
                ),
            )
            .with_help("use a priority from 100 to 9900, leaving gaps (101, 200, ...)"),
        );
    }
}
