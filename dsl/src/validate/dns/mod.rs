//! DNS rules (`Network.dns`): Resolver endpoints and their addresses, Resolver rules and where
//! they apply, private hosted zones and their records, Route 53 Profiles, DNS Firewall and
//! query logging. NF0801 to NF0815, plus the codes of other areas they reuse (NF0302, NF0303,
//! NF0616).
//!
//! Every lookup goes through a map built once (names to positions, VPCs to the rules and zones
//! that apply to them), so the rules are linear in the size of the DNS model and the number of
//! associations, plus sorts. The one nested loop is NF0808's, which visits, for each shared
//! rule, the VPCs of the accounts it is shared with in its region: a share names a few
//! accounts, or an OU or the organization, which cover all.
//!
//! Sources, cited where a rule relies on them:
//! - the Route 53 quotas page, "Quotas", Amazon Route 53 Developer Guide
//!   (<https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DNSLimitations.html>, below
//!   "the quotas page"), with the name of each quota;
//! - the Route 53 Resolver, Route 53 Profiles and Route 53 API references (the request
//!   shapes' ranges and notes, as in botocore 1.43.11's `route53resolver`, `route53profiles`
//!   and `route53` models);
//! - the Route 53 Developer Guide pages named where they are used.

mod conflicts;
mod endpoints;
mod firewall;
mod profiles;
mod query_logs;
mod quota;
mod rules;
mod syntax;
mod zones;

use super::share::covers;
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::dns::{Dns, ResolverRule, ResolverRuleType};
use crate::model::{Network, Vpc};
use crate::path::Path;
use crate::plan::PartialPlan;
use crate::region::region;
use indexmap::{IndexMap, IndexSet};

pub(super) fn check(network: &Network, plan: &PartialPlan, diags: &mut Diagnostics) {
    if network.dns.is_empty() {
        return;
    }
    Check::new(network, plan).run(diags);
}

/// The path of the element `name` of a named list, or of its position when it has no name.
fn named(list: &Path, name: &str, index: usize) -> Path {
    if name.is_empty() {
        list.index(index)
    } else {
        list.key(name)
    }
}

/// The account and region a regional DNS element belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Home<'a> {
    account: &'a str,
    region: &'a str,
}

/// How a Resolver rule or a private hosted zone comes to apply to a VPC.
#[derive(Debug, Clone)]
struct Applied {
    /// The rule's or zone's position in the model.
    index: usize,
    /// Associated with the VPC itself, rather than through a Profile.
    direct: bool,
    /// The Profile it comes through, if any.
    profile: Option<usize>,
    /// The association that makes it apply: `dns.rules["x"].associations[i]`, or the
    /// Profile's association with the VPC.
    path: Path,
}

struct Check<'a> {
    network: &'a Network,
    dns: &'a Dns,
    plan: &'a PartialPlan,
    /// `dns`.
    root: Path,
    /// The VPCs by name, with their position in the model (the first of repeated names).
    vpcs: IndexMap<&'a str, usize>,
    /// The account aliases.
    accounts: IndexSet<&'a str>,
    /// The account ids by alias (the first of repeated aliases).
    account_ids: IndexMap<&'a str, &'a str>,
    endpoints: IndexMap<&'a str, usize>,
    rules: IndexMap<&'a str, usize>,
    zones: IndexMap<&'a str, usize>,
    lists: IndexMap<&'a str, usize>,
    groups: IndexMap<&'a str, usize>,
    logs: IndexMap<&'a str, usize>,
    /// Each rule's account and region, where they are known: a forward rule's are its
    /// endpoint's VPC's.
    rule_homes: Vec<Option<Home<'a>>>,
}

/// Names to positions, the first of repeated names (NF0203 reports the others).
fn index_by_name<'n, T>(
    items: &'n [T],
    name: impl Fn(&'n T) -> &'n str,
) -> IndexMap<&'n str, usize> {
    let mut map = IndexMap::new();
    for (i, item) in items.iter().enumerate() {
        map.entry(name(item)).or_insert(i);
    }
    map
}

impl<'a> Check<'a> {
    fn new(network: &'a Network, plan: &'a PartialPlan) -> Self {
        let dns = &network.dns;
        let mut check = Check {
            network,
            dns,
            plan,
            root: Path::root().field("dns"),
            vpcs: index_by_name(&network.vpcs, |v| v.name.as_str()),
            accounts: network.accounts.iter().map(|a| a.alias.as_str()).collect(),
            account_ids: network
                .accounts
                .iter()
                .rev()
                .map(|a| (a.alias.as_str(), a.id.as_str()))
                .collect(),
            endpoints: index_by_name(&dns.endpoints, |e| e.name.as_str()),
            rules: index_by_name(&dns.rules, |r| r.name.as_str()),
            zones: index_by_name(&dns.hosted_zones, |z| z.name.as_str()),
            lists: index_by_name(&dns.domain_lists, |l| l.name.as_str()),
            groups: index_by_name(&dns.firewall_rule_groups, |g| g.name.as_str()),
            logs: index_by_name(&dns.query_logs, |q| q.name.as_str()),
            rule_homes: Vec::new(),
        };
        check.rule_homes = dns.rules.iter().map(|r| check.rule_home(r)).collect();
        check
    }

    fn run(&self, diags: &mut Diagnostics) {
        self.check_endpoints(diags);
        let mut vpc_rules = vec![IndexMap::new(); self.network.vpcs.len()];
        let mut vpc_zones = vec![IndexMap::new(); self.network.vpcs.len()];
        self.check_rules(&mut vpc_rules, diags);
        self.check_zones(&mut vpc_zones, diags);
        self.check_profiles(&mut vpc_rules, &mut vpc_zones, diags);
        self.check_domain_lists(diags);
        self.check_firewall(diags);
        self.check_query_logs(diags);
        self.check_forward_conflicts(&vpc_rules, diags);
        self.check_shadowed_zones(&vpc_rules, &vpc_zones, diags);
        self.check_shares_associated(&vpc_rules, diags);
    }

    /// The VPC named `name`, with its position in the model.
    fn vpc(&self, name: &str) -> Option<(usize, &'a Vpc)> {
        self.vpcs.get(name).map(|&i| (i, &self.network.vpcs[i]))
    }

    /// `dns.<list>["name"]`.
    fn path(&self, list: &'static str, name: &str, index: usize) -> Path {
        named(&self.root.field(list), name, index)
    }

    /// A rule's account and region: a forward rule's endpoint's VPC's, when the endpoint and
    /// its VPC are known; otherwise the rule's own, when it says both.
    fn rule_home(&self, rule: &'a ResolverRule) -> Option<Home<'a>> {
        if rule.rule_type == ResolverRuleType::Forward {
            let vpc = rule
                .endpoint
                .as_deref()
                .and_then(|e| self.endpoints.get(e))
                .and_then(|&i| self.vpc(&self.dns.endpoints[i].vpc));
            if let Some((_, vpc)) = vpc {
                return Some(Home {
                    account: &vpc.account,
                    region: &vpc.region,
                });
            }
        }
        Some(Home {
            account: rule.account.as_deref()?,
            region: rule.region.as_deref()?,
        })
    }

    /// How a rule's place reads in messages: `us-east-1, through endpoint "out"` for a forward
    /// rule, `us-east-1` otherwise.
    fn rule_where(&self, rule: &ResolverRule, home: Home) -> String {
        match (&rule.rule_type, &rule.endpoint) {
            (ResolverRuleType::Forward, Some(endpoint))
                if self.endpoints.contains_key(endpoint.as_str()) =>
            {
                format!("{}, through endpoint {endpoint:?}", home.region)
            }
            _ => home.region.to_string(),
        }
    }

    // ---- references, accounts and regions ----

    /// NF0810 for a name that is not one of the network's `what`s.
    fn unknown<'k>(
        &self,
        owner: &str,
        what: &str,
        name: &str,
        known: impl Iterator<Item = &'k str>,
        path: Path,
        diags: &mut Diagnostics,
    ) {
        let known: Vec<&str> = known.collect();
        let help = if known.is_empty() {
            format!("the network declares no {what}")
        } else {
            format!("declared: {}", known.join(", "))
        };
        diags.push(
            Diagnostic::error(
                Code::UnknownDnsReference,
                path,
                format!("{owner} names {what} {name:?}, which the network does not declare"),
            )
            .with_help(help),
        );
    }

    /// NF0810 for an unknown VPC; the VPC otherwise.
    fn known_vpc(
        &self,
        owner: &str,
        name: &str,
        path: &Path,
        diags: &mut Diagnostics,
    ) -> Option<(usize, &'a Vpc)> {
        let found = self.vpc(name);
        if found.is_none() {
            self.unknown(
                owner,
                "VPC",
                name,
                self.vpcs.keys().copied(),
                path.clone(),
                diags,
            );
        }
        found
    }

    /// NF0302 for an account alias the network does not declare.
    fn check_account(
        &self,
        owner: &str,
        account: &str,
        path: Path,
        diags: &mut Diagnostics,
    ) -> bool {
        if self.accounts.contains(account) {
            return true;
        }
        let declared: Vec<&str> = self.accounts.iter().copied().collect();
        diags.push(
            Diagnostic::error(
                Code::UnknownAccount,
                path,
                format!("{owner} names account {account:?}, which the network does not declare"),
            )
            .with_help(format!("declared accounts: {}", declared.join(", "))),
        );
        false
    }

    /// NF0303 for a region netform does not know.
    fn check_region(&self, owner: &str, name: &str, path: Path, diags: &mut Diagnostics) -> bool {
        if region(name).is_some() {
            return true;
        }
        diags.push(
            Diagnostic::error(
                Code::UnknownRegion,
                path,
                format!("{owner} is in {name:?}, which is not an AWS region netform knows"),
            )
            .with_help("use a region code such as us-east-1 (docs/dsl.md lists them)"),
        );
        false
    }

    /// The checks every association of a regional element with VPCs gets: the VPC exists
    /// (NF0810), is in the element's region (NF0804), is not repeated (NF0811), and is in the
    /// element's account or one it is shared with (NF0811: an account associates only what
    /// RAM shares with it). Returns the known VPCs, first of repeats, with each path.
    fn check_associations(
        &self,
        owner: &str,
        home: Option<Home>,
        place: &str,
        principals: &[String],
        vpcs: impl Iterator<Item = (&'a str, Path)>,
        diags: &mut Diagnostics,
    ) -> Vec<(usize, Path)> {
        let mut seen: IndexMap<usize, ()> = IndexMap::new();
        let mut found = Vec::new();
        for (name, path) in vpcs {
            let Some((index, vpc)) = self.known_vpc(owner, name, &path, diags) else {
                continue;
            };
            if seen.insert(index, ()).is_some() {
                diags.push(
                    Diagnostic::error(
                        Code::DnsPlacement,
                        path,
                        format!("{owner} is associated twice with VPC {name:?}"),
                    )
                    .with_help("remove the repeated association"),
                );
                continue;
            }
            // Only where both places are real: an unknown account or region is NF0302 or
            // NF0303 already, and would make every association look misplaced.
            let known = |h: &Home| self.accounts.contains(h.account) && region(h.region).is_some();
            if let Some(home) = home.filter(|h| known(h) && region(&vpc.region).is_some()) {
                // "Route 53 Resolver is a regional service" (resolver.html, "Using rules in
                // multiple Regions"); query logging: "The VPCs that you associate with a query
                // logging configuration must be in the same Region as the configuration"
                // (AssociateResolverQueryLogConfig).
                if vpc.region != home.region {
                    diags.push(
                        Diagnostic::error(
                            Code::DnsRegion,
                            path.clone(),
                            format!(
                                "{owner} ({place}) is associated with VPC {name:?} in {}",
                                vpc.region
                            ),
                        )
                        .with_help(format!(
                            "Resolver rules, Profiles, DNS Firewall rule groups and query logging configurations apply only to VPCs of their own region: associate VPCs of {}, and declare a copy in {} for the others",
                            home.region, vpc.region
                        )),
                    );
                } else if !covers(
                    home.account,
                    principals,
                    &vpc.account,
                    self.account_ids.get(vpc.account.as_str()).copied(),
                ) {
                    diags.push(
                        Diagnostic::error(
                            Code::DnsPlacement,
                            path.clone(),
                            format!(
                                "VPC {name:?} of account {} is associated with {owner} of account {}, which is not shared with {}",
                                vpc.account, home.account, vpc.account
                            ),
                        )
                        .with_help(format!(
                            "share it with the account (share_with(\"{}\"), an OU or the organization): an account associates only what AWS RAM shares with it",
                            vpc.account
                        )),
                    );
                }
            }
            found.push((index, path));
        }
        found
    }

    /// NF0811 for a name listed twice where it makes sense once (a Profile's rules, ...).
    fn repeated(&self, owner: &str, what: &str, name: &str, path: Path, diags: &mut Diagnostics) {
        diags.push(
            Diagnostic::error(
                Code::DnsPlacement,
                path,
                format!("{owner} lists {what} {name:?} twice"),
            )
            .with_help("remove the repeated entry"),
        );
    }
}
