//! Where rules and zones apply (NF0806, NF0807, NF0808): from the rules and zones each VPC
//! gets, directly or through a Profile, two rules for one domain, forward rules that hide a
//! private hosted zone, and shared rules that a recipient's VPCs are not associated with.

use super::{Applied, Check};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::dns::{ResolverRule, ResolverRuleType};
use crate::validate::share::recipients;
use indexmap::map::Entry;
use indexmap::IndexMap;
use std::collections::BTreeMap;

impl<'a> Check<'a> {
    /// NF0806: two rules for one domain on one VPC. AWS refuses a second direct association
    /// for a domain ("[RSLVR-00802] Cannot associate rules with same domain name with same
    /// VPC", crossplane-contrib/provider-upjet-aws#1010); through a Profile the VPC's own rule
    /// wins (profiles.html), which silently drops the other's targets.
    pub(super) fn check_forward_conflicts(
        &self,
        vpc_rules: &[IndexMap<usize, Applied>],
        diags: &mut Diagnostics,
    ) {
        for (vpc, applied) in vpc_rules.iter().enumerate() {
            let mut by_domain: IndexMap<String, &Applied> = IndexMap::new();
            for this in applied.values() {
                let rule = &self.dns.rules[this.index];
                let first = match by_domain.entry(normalize(&rule.domain)) {
                    Entry::Vacant(slot) => {
                        slot.insert(this);
                        continue;
                    }
                    Entry::Occupied(first) => *first.get(),
                };
                let other = &self.dns.rules[first.index];
                let vpc_name = &self.network.vpcs[vpc].name;
                let forwards = |r: &ResolverRule| r.rule_type == ResolverRuleType::Forward;
                let message = if first.direct && this.direct {
                    format!(
                        "resolver rules {:?} and {:?} both match {} and are both associated with VPC {vpc_name:?}",
                        other.name, rule.name, rule.domain
                    )
                } else if forwards(rule) && forwards(other) && targets(other) != targets(rule) {
                    format!(
                        "VPC {vpc_name:?} gets {} from resolver rules {:?} ({}{}) and {:?} ({}{}), which forward to different targets",
                        rule.domain,
                        other.name,
                        targets(other).join(", "),
                        self.via(first),
                        rule.name,
                        targets(rule).join(", "),
                        self.via(this),
                    )
                } else {
                    continue;
                };
                diags.push(
                    Diagnostic::error(Code::ForwardConflict, this.path.clone(), message).with_help(
                        "keep one rule per domain for a VPC: AWS refuses a second rule for a domain on a VPC (RSLVR-00802), and a VPC's own rule hides its Profile's",
                    ),
                );
            }
        }
    }

    /// `, through profile "p"` for a rule that comes through a Profile.
    fn via(&self, applied: &Applied) -> String {
        applied
            .profile
            .map(|p| format!(", through profile {:?}", self.dns.profiles[p].name))
            .unwrap_or_default()
    }

    /// NF0807: a forward rule for a private hosted zone's domain, or a domain below it, in a
    /// VPC the zone applies to. A zone associated with a VPC becomes an autodefined rule there,
    /// and "If you want to override an autodefined rule, you can create a conditional
    /// forwarding rule for the same domain name" ("Domain names that Resolver creates
    /// autodefined system rules for", resolver-overview-forward-vpc-to-network-autodefined-
    /// rules.html); among matching rules "Resolver routes outbound DNS queries using the rule
    /// that contains the most specific domain name"
    /// (resolver-overview-forward-vpc-to-network-domain-name-matches.html). A forward rule
    /// for the zone's domain therefore hides the zone, and one for a subdomain hides that part
    /// of it. A SYSTEM rule resolves with the VPC's resolver, which answers from the zone.
    pub(super) fn check_shadowed_zones(
        &self,
        vpc_rules: &[IndexMap<usize, Applied>],
        vpc_zones: &[IndexMap<usize, Applied>],
        diags: &mut Diagnostics,
    ) {
        // One warning per zone and rule, naming the VPCs.
        let mut hidden: IndexMap<(usize, usize), Vec<&str>> = IndexMap::new();
        for (vpc, zones) in vpc_zones.iter().enumerate() {
            if zones.is_empty() {
                continue;
            }
            let mut forwards: BTreeMap<String, Vec<usize>> = BTreeMap::new();
            for applied in vpc_rules[vpc].values() {
                let rule = &self.dns.rules[applied.index];
                if rule.rule_type == ResolverRuleType::Forward {
                    forwards
                        .entry(suffix_key(&rule.domain))
                        .or_default()
                        .push(applied.index);
                }
            }
            for zone in zones.values() {
                let key = suffix_key(&self.dns.hosted_zones[zone.index].domain);
                if key.is_empty() {
                    // A zone for "." is an NF0802 error, not a parent of every rule.
                    continue;
                }
                // The rules for the zone's domain and the domains below it: the keys that
                // start with the zone's.
                for (_, rules) in forwards
                    .range(key.clone()..)
                    .take_while(|(k, _)| k.starts_with(&key))
                {
                    for &rule in rules {
                        hidden
                            .entry((zone.index, rule))
                            .or_default()
                            .push(&self.network.vpcs[vpc].name);
                    }
                }
            }
        }
        for ((zone_index, rule_index), vpcs) in hidden {
            let zone = &self.dns.hosted_zones[zone_index];
            let rule = &self.dns.rules[rule_index];
            let (how, what) = if normalize(&zone.domain) == normalize(&rule.domain) {
                ("hidden", String::new())
            } else {
                ("partly hidden", format!(" (part of it: {})", rule.domain))
            };
            let vpcs: Vec<String> = vpcs.iter().map(|v| format!("{v:?}")).collect();
            diags.push(
                Diagnostic::warning(
                    Code::ZoneShadowed,
                    self.path("hosted_zones", &zone.name, zone_index),
                    format!(
                        "private hosted zone {:?} ({}) is {how}{what} in VPC{} {} by resolver rule {:?}, which forwards {} to {}",
                        zone.name,
                        zone.domain,
                        if vpcs.len() == 1 { "" } else { "s" },
                        vpcs.join(", "),
                        rule.name,
                        rule.domain,
                        targets(rule).join(", ")
                    ),
                )
                .with_help("a forward rule overrides a private hosted zone for its domain: do not associate the rule with VPCs the zone serves, or carve the zone out with a SYSTEM rule (DnsBuilder::system)"),
            );
        }
    }

    /// NF0808: a rule shared with an account whose VPCs in the rule's region are not
    /// associated with it. "The rule gets created, and then shared with the workload accounts
    /// via RAM, but that last step is never done" (landing-zone-accelerator-on-aws#108): a
    /// share associates nothing.
    pub(super) fn check_shares_associated(
        &self,
        vpc_rules: &[IndexMap<usize, Applied>],
        diags: &mut Diagnostics,
    ) {
        let mut by_place: IndexMap<(&str, &str), Vec<usize>> = IndexMap::new();
        for (i, vpc) in self.network.vpcs.iter().enumerate() {
            by_place
                .entry((&vpc.account, &vpc.region))
                .or_default()
                .push(i);
        }
        for (i, rule) in self.dns.rules.iter().enumerate() {
            let Some(home) = self.rule_homes[i] else {
                continue;
            };
            let path = self.path("rules", &rule.name, i).field("associations");
            for account in recipients(self.network, home.account, &rule.share_with) {
                for &vpc in by_place.get(&(account, home.region)).into_iter().flatten() {
                    if vpc_rules[vpc].contains_key(&i) {
                        continue;
                    }
                    diags.push(
                        Diagnostic::error(
                            Code::ShareWithoutAssociation,
                            path.clone(),
                            format!(
                                "VPC {:?} of account {account} receives resolver rule {:?} through RAM but is not associated with it",
                                self.network.vpcs[vpc].name, rule.name
                            ),
                        )
                        .with_help(format!(
                            "a share alone does nothing (landing-zone-accelerator-on-aws#108): associate the rule with the VPC (RuleBuilder::associate(\"{}\")), or carry it in a Profile associated with the VPC",
                            self.network.vpcs[vpc].name
                        )),
                    );
                }
            }
        }
    }
}

/// A rule's targets as `ip:port`, sorted, to compare and to print.
fn targets(rule: &ResolverRule) -> Vec<String> {
    let mut targets: Vec<String> = rule
        .targets
        .iter()
        .map(|t| format!("{}:{}", t.ip, t.port))
        .collect();
    targets.sort();
    targets
}

/// A domain as Resolver compares it: case-insensitive, trailing dot ignored; `.` (every
/// domain) becomes the empty string.
fn normalize(domain: &str) -> String {
    domain.trim_end_matches('.').to_ascii_lowercase()
}

/// A key under which a domain and every domain below it sort together: its labels from the
/// top, each followed by a dot (`aws.example.com` is `com.example.aws.`, and
/// `api.aws.example.com`, `com.example.aws.api.`, starts with it, while `xaws.example.com`
/// does not).
fn suffix_key(domain: &str) -> String {
    let domain = normalize(domain);
    let mut key = String::with_capacity(domain.len() + 1);
    if domain.is_empty() {
        return key;
    }
    for label in domain.rsplit('.') {
        key.push_str(label);
        key.push('.');
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffix_keys_sort_subdomains_together() {
        assert_eq!(suffix_key("aws.Example.com."), "com.example.aws.");
        assert!(suffix_key("api.aws.example.com").starts_with(&suffix_key("aws.example.com")));
        assert!(!suffix_key("xaws.example.com").starts_with(&suffix_key("aws.example.com")));
        assert_eq!(suffix_key("."), "");
    }
}
