//! Route 53 Profiles (NF0809, NF0810, NF0811): what each Profile carries (known, once, of
//! its own account and region), the priorities of its DNS Firewall rule groups, and its VPC
//! associations, which bring its rules and zones to each VPC.

use super::firewall::FIREWALL_PRIORITIES;
use super::quota::{
    FIREWALL_GROUPS_PER_PROFILE, PROFILES_PER_REGION, QUERY_LOGS_PER_PROFILE, RULES_PER_PROFILE,
    VPCS_PER_PROFILE, ZONES_PER_PROFILE,
};
use super::{Applied, Check, Home};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::path::Path;
use crate::validate::share::check_principals;
use indexmap::{IndexMap, IndexSet};

impl<'a> Check<'a> {
    pub(super) fn check_profiles(
        &self,
        vpc_rules: &mut [IndexMap<usize, Applied>],
        vpc_zones: &mut [IndexMap<usize, Applied>],
        diags: &mut Diagnostics,
    ) {
        // "A VPC can have only one Profile associated with it" (AssociateProfile).
        let mut profile_of: IndexMap<usize, &str> = IndexMap::new();
        for (i, profile) in self.dns.profiles.iter().enumerate() {
            let path = self.path("profiles", &profile.name, i);
            let owner = format!("profile {:?}", profile.name);
            let account_ok =
                self.check_account(&owner, &profile.account, path.field("account"), diags);
            let region_ok = self.check_region(&owner, &profile.region, path.field("region"), diags);
            let home = (account_ok && region_ok).then_some(Home {
                account: &profile.account,
                region: &profile.region,
            });
            let place = format!("{}, {}", profile.account, profile.region);
            // What it carries: known, once, and (but for zones, which are global) of its own
            // account and region.
            let mut rules = Vec::new();
            let mut seen: IndexSet<usize> = IndexSet::new();
            for (k, name) in profile.rules.iter().enumerate() {
                let at = path.field("rules").index(k);
                let Some(&rule) = self.rules.get(name.as_str()) else {
                    self.unknown(
                        &owner,
                        "resolver rule",
                        name,
                        self.rules.keys().copied(),
                        at,
                        diags,
                    );
                    continue;
                };
                if !seen.insert(rule) {
                    self.repeated(&owner, "resolver rule", name, at, diags);
                    continue;
                }
                if let (Some(home), Some(theirs)) = (home, self.rule_homes[rule]) {
                    self.check_carried(
                        &owner,
                        &place,
                        home,
                        "resolver rule",
                        name,
                        theirs,
                        at,
                        diags,
                    );
                }
                rules.push(rule);
            }
            let mut zones = Vec::new();
            let mut seen: IndexSet<usize> = IndexSet::new();
            for (k, name) in profile.hosted_zones.iter().enumerate() {
                let at = path.field("hosted_zones").index(k);
                match self.zones.get(name.as_str()) {
                    None => self.unknown(
                        &owner,
                        "hosted zone",
                        name,
                        self.zones.keys().copied(),
                        at,
                        diags,
                    ),
                    Some(&zone) if !seen.insert(zone) => {
                        self.repeated(&owner, "hosted zone", name, at, diags)
                    }
                    Some(&zone) => zones.push(zone),
                }
            }
            let mut seen: IndexSet<usize> = IndexSet::new();
            let mut priorities: IndexMap<u32, &str> = IndexMap::new();
            for (k, carried) in profile.firewall_rule_groups.iter().enumerate() {
                let at = path.field("firewall_rule_groups").index(k);
                let name = carried.group.as_str();
                let Some(&group) = self.groups.get(name) else {
                    self.unknown(
                        &owner,
                        "DNS Firewall rule group",
                        name,
                        self.groups.keys().copied(),
                        at.field("group"),
                        diags,
                    );
                    continue;
                };
                if !seen.insert(group) {
                    self.repeated(&owner, "DNS Firewall rule group", name, at, diags);
                    continue;
                }
                let g = &self.dns.firewall_rule_groups[group];
                if let Some(home) = home {
                    let theirs = Home {
                        account: &g.account,
                        region: &g.region,
                    };
                    self.check_carried(
                        &owner,
                        &place,
                        home,
                        "DNS Firewall rule group",
                        name,
                        theirs,
                        at.field("group"),
                        diags,
                    );
                }
                let priority_path = at.field("priority");
                if !FIREWALL_PRIORITIES.contains(&carried.priority) {
                    self.priority_out_of_range(
                        format!(
                            "{owner} carries DNS Firewall rule group {name:?} at priority {}",
                            carried.priority
                        ),
                        priority_path,
                        diags,
                    );
                } else if let Some(first) = priorities.insert(carried.priority, name) {
                    // The groups of a Profile apply to each of its VPCs together, and a VPC's
                    // groups need distinct priorities (AssociateFirewallRuleGroup: "You must
                    // specify a unique priority for each rule group that you associate with a
                    // single VPC").
                    diags.push(
                        Diagnostic::error(
                            Code::DnsFirewallPriority,
                            priority_path,
                            format!(
                                "{owner} carries DNS Firewall rule groups {first:?} and {name:?} at the same priority {}",
                                carried.priority
                            ),
                        )
                        .with_help("give each rule group of the Profile its own priority (100 to 9900), leaving gaps"),
                    );
                }
            }
            let mut seen: IndexSet<usize> = IndexSet::new();
            for (k, name) in profile.query_logs.iter().enumerate() {
                let at = path.field("query_logs").index(k);
                let Some(&log) = self.logs.get(name.as_str()) else {
                    self.unknown(
                        &owner,
                        "query logging configuration",
                        name,
                        self.logs.keys().copied(),
                        at,
                        diags,
                    );
                    continue;
                };
                if !seen.insert(log) {
                    self.repeated(&owner, "query logging configuration", name, at, diags);
                    continue;
                }
                let q = &self.dns.query_logs[log];
                if let Some(home) = home {
                    let theirs = Home {
                        account: &q.account,
                        region: &q.region,
                    };
                    self.check_carried(
                        &owner,
                        &place,
                        home,
                        "query logging configuration",
                        name,
                        theirs,
                        at,
                        diags,
                    );
                }
            }
            check_principals(
                self.network,
                &owner,
                &profile.share_with,
                &path.field("share_with"),
                diags,
            );
            let list = path.field("associations");
            let associated = self.check_associations(
                &owner,
                home,
                &place,
                &profile.share_with,
                profile
                    .associations
                    .iter()
                    .enumerate()
                    .map(|(k, v)| (v.as_str(), list.index(k))),
                diags,
            );
            for (vpc, assoc_path) in associated {
                if let Some(first) = profile_of.insert(vpc, &profile.name) {
                    diags.push(
                        Diagnostic::error(
                            Code::DnsPlacement,
                            assoc_path.clone(),
                            format!(
                                "VPC {:?} is associated with profiles {first:?} and {:?}; a VPC takes one Profile",
                                self.network.vpcs[vpc].name, profile.name
                            ),
                        )
                        .with_help("merge the two Profiles, or associate the VPC with one of them (AssociateProfile: \"A VPC can have only one Profile associated with it\")"),
                    );
                }
                for &rule in &rules {
                    vpc_rules[vpc].entry(rule).or_insert_with(|| Applied {
                        index: rule,
                        direct: false,
                        profile: Some(i),
                        path: assoc_path.clone(),
                    });
                }
                for &zone in &zones {
                    vpc_zones[vpc].entry(zone).or_insert_with(|| Applied {
                        index: zone,
                        direct: false,
                        profile: Some(i),
                        path: assoc_path.clone(),
                    });
                }
            }
            for (quota, count, field) in [
                (
                    &VPCS_PER_PROFILE,
                    profile.associations.len(),
                    "associations",
                ),
                (&RULES_PER_PROFILE, profile.rules.len(), "rules"),
                (
                    &ZONES_PER_PROFILE,
                    profile.hosted_zones.len(),
                    "hosted_zones",
                ),
                (
                    &FIREWALL_GROUPS_PER_PROFILE,
                    profile.firewall_rule_groups.len(),
                    "firewall_rule_groups",
                ),
                (
                    &QUERY_LOGS_PER_PROFILE,
                    profile.query_logs.len(),
                    "query_logs",
                ),
            ] {
                if count > quota.limit {
                    self.over_quota(
                        quota,
                        path.field(field).index(quota.limit),
                        format!("{owner} has {count} {}", field.replace('_', " ")),
                        diags,
                    );
                }
            }
        }
        self.quota(
            &PROFILES_PER_REGION,
            self.dns.profiles.iter().enumerate().map(|(i, p)| {
                (
                    (p.account.as_str(), p.region.as_str()),
                    self.path("profiles", &p.name, i),
                )
            }),
            |(account, region), n| {
                format!("account {account} has {n} Route 53 Profiles in {region}")
            },
            diags,
        );
    }

    /// NF0811 for a Profile carrying an element of another account or region.
    #[allow(clippy::too_many_arguments)]
    fn check_carried(
        &self,
        owner: &str,
        place: &str,
        home: Home,
        what: &str,
        name: &str,
        theirs: Home,
        path: Path,
        diags: &mut Diagnostics,
    ) {
        if home == theirs {
            return;
        }
        diags.push(
            Diagnostic::error(
                Code::DnsPlacement,
                path,
                format!(
                    "{owner} ({place}) carries {what} {name:?} of account {} in {}",
                    theirs.account, theirs.region
                ),
            )
            .with_help("a Profile carries the rules, DNS Firewall rule groups and query logging configurations of its own account and region (private hosted zones are global): declare the Profile there, or the element here"),
        );
    }
}
