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

use super::share::{check_principals, covers, recipients};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::dns::{
    BlockResponse, Dns, DnsFirewallAction, DnsProtocol, DnsRecord, EndpointDirection, HostedZone,
    QueryLogDestination, RecordType, ResolverEndpoint, ResolverRule, ResolverRuleType,
};
use crate::model::{Network, Tier, Vpc};
use crate::path::Path;
use crate::plan::PartialPlan;
use crate::region::region;
use indexmap::map::Entry;
use indexmap::{IndexMap, IndexSet};
use ipnet::Ipv4Net;
use std::collections::{BTreeMap, BTreeSet};
use std::net::{Ipv4Addr, Ipv6Addr};

/// The fewest IP addresses a Resolver endpoint may have: `CreateResolverEndpoint` takes
/// `IpAddresses` with "Minimum number of 2 items", and "For each Resolver endpoint, you specify
/// two or more IP addresses in different Availability Zones" ("Considerations when creating
/// inbound and outbound endpoints",
/// <https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-choose-vpc.html>).
/// netform gives an endpoint one address per AZ of its VPC, so this is also the fewest AZs.
///
/// The most, the quota "IP addresses per endpoint" (6, adjustable, the quotas page), needs no
/// rule: one address per AZ and at most six AZs per VPC (NF0308) never exceed it.
const MIN_ENDPOINT_IPS: usize = 2;

/// Target IP addresses of one forward rule: the quota "IP addresses per rule", 6, which the
/// quotas page ("Quotas on Route 53 VPC Resolver endpoints") offers no increase for.
const MAX_TARGETS: usize = 6;

/// The longest domain name, in characters, without the trailing dot: 255 bytes on the wire
/// (RFC 1035, section 2.3.4; "Domain name format", Route 53 Developer Guide,
/// <https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DomainNameFormat.html>: "255
/// bytes, including the dots") are a length byte per label plus the root's zero byte, which
/// leaves 253 characters of text.
const MAX_DOMAIN_LEN: usize = 253;

/// The longest label: 63 bytes (RFC 1035, section 2.3.4; "Domain name format").
const MAX_LABEL_LEN: usize = 63;

/// A DNS Firewall rule group's priority among the groups of one VPC, and among the groups of
/// one Profile: "The allowed values for Priority are between 100 and 9900"
/// (`AssociateFirewallRuleGroup`, and `AssociateResourceToProfile`'s `ResourceProperties`).
const FIREWALL_PRIORITIES: std::ops::RangeInclusive<u32> = 100..=9900;

/// A record's TTL: the `route53` model's `TTL` shape, "min": 0, "max": 2147483647.
const MAX_RECORD_TTL: u32 = 2_147_483_647;

/// A DNS Firewall block override's TTL: the `route53resolver` model's `BlockOverrideTtl`,
/// 0 to 604800 (a week).
const MAX_OVERRIDE_TTL: u32 = 604_800;

/// A Route 53 quota: its entity name on the quotas page, its value, and whether AWS raises it
/// on request (the page's row has a "Request a higher quota" link). Going over an adjustable
/// quota is a warning (ask AWS first), over a fixed one an error. Names and values are from the
/// page's current text, read from a stored copy of its source (awsdocs
/// `amazon-route53-docs`, `doc_source/DNSLimitations.md`).
struct Quota {
    name: &'static str,
    limit: usize,
    adjustable: bool,
}

/// "Quotas on Route 53 VPC Resolver endpoints": 4 per account, adjustable.
const ENDPOINTS_PER_REGION: Quota = Quota {
    name: "Endpoints per AWS Region",
    limit: 4,
    adjustable: true,
};

/// "Quotas on Route 53 VPC Resolver endpoints": 1000 per account, adjustable.
const RULES_PER_REGION: Quota = Quota {
    name: "Rules per AWS Region",
    limit: 1000,
    adjustable: true,
};

/// "Quotas on Route 53 VPC Resolver endpoints": 2000 per account, adjustable. Counted in the
/// VPC's account: an association is made, and counted, where the VPC is.
const RULE_ASSOCIATIONS_PER_REGION: Quota = Quota {
    name: "Associations between rules and VPCs per AWS Region",
    limit: 2000,
    adjustable: true,
};

/// "Hosted zone quotas": an initial 500 per account, adjustable.
const HOSTED_ZONES: Quota = Quota {
    name: "Hosted zones",
    limit: 500,
    adjustable: true,
};

/// "Hosted zone quotas": 300, with no request link ("If you want more than 300 associations,
/// we recommend you use Route 53 Profiles").
const VPCS_PER_ZONE: Quota = Quota {
    name: "Amazon VPCs that you can associate with a private hosted zone per hosted zone",
    limit: 300,
    adjustable: false,
};

/// "Record quotas": 10,000 per hosted zone, adjustable.
const RECORDS_PER_ZONE: Quota = Quota {
    name: "Records",
    limit: 10_000,
    adjustable: true,
};

/// "Record quotas": 400 per record set (the values of one record).
const VALUES_PER_RECORD: Quota = Quota {
    name: "Records in a record set",
    limit: 400,
    adjustable: false,
};

/// "Resolver query log quotas": 20, adjustable.
const QUERY_LOGS_PER_REGION: Quota = Quota {
    name: "Query log configurations per AWS Region",
    limit: 20,
    adjustable: true,
};

/// "DNS Firewall quotas": 5.
const FIREWALL_GROUPS_PER_VPC: Quota = Quota {
    name: "Number of rule groups associated to a VPC for a single account per AWS Region",
    limit: 5,
    adjustable: false,
};

/// "DNS Firewall quotas": 1,000, adjustable.
const FIREWALL_GROUPS_PER_REGION: Quota = Quota {
    name: "Number of DNS Firewall rule groups for a single account per AWS Region",
    limit: 1000,
    adjustable: true,
};

/// "DNS Firewall quotas": 100, adjustable.
const RULES_PER_FIREWALL_GROUP: Quota = Quota {
    name: "Number of rules within a rule group for a single account per AWS Region",
    limit: 100,
    adjustable: true,
};

/// "DNS Firewall quotas": 1000, adjustable.
const DOMAIN_LISTS_PER_REGION: Quota = Quota {
    name: "Number of domain lists for a single account per AWS Region",
    limit: 1000,
    adjustable: true,
};

/// "DNS Firewall quotas": 100,000, adjustable.
const DOMAINS_PER_REGION: Quota = Quota {
    name: "The maximum number of domains that you can specify across all of the domain lists for a single account per AWS Region",
    limit: 100_000,
    adjustable: true,
};

/// "Route 53 Profile quotas": 5, adjustable.
const PROFILES_PER_REGION: Quota = Quota {
    name: "Number of Route 53 Profiles per AWS account in a Region",
    limit: 5,
    adjustable: true,
};

/// "Route 53 Profile quotas": 1000, adjustable (also `AssociateProfile`: "a Profile can be
/// associated with 1000 of VPCs (and you can request a higher quota)").
const VPCS_PER_PROFILE: Quota = Quota {
    name: "Number of VPCs that can be associated to a Profile",
    limit: 1000,
    adjustable: true,
};

/// "Route 53 Profile quotas": 1000, adjustable.
const RULES_PER_PROFILE: Quota = Quota {
    name: "Number of Resolver rules per Profile",
    limit: 1000,
    adjustable: true,
};

/// "Route 53 Profile quotas": 5000, adjustable.
const ZONES_PER_PROFILE: Quota = Quota {
    name: "Number of private hosted zones per a Profile",
    limit: 5000,
    adjustable: true,
};

/// "Route 53 Profile quotas": 5.
const FIREWALL_GROUPS_PER_PROFILE: Quota = Quota {
    name: "Number of DNS Firewall rule groups per Profile",
    limit: 5,
    adjustable: false,
};

/// "Route 53 Profile quotas": 2.
const QUERY_LOGS_PER_PROFILE: Quota = Quota {
    name: "Number of VPC Resolver query logging configurations per Profile",
    limit: 2,
    adjustable: false,
};

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

    // ---- endpoints ----

    fn check_endpoints(&self, diags: &mut Diagnostics) {
        // Every pinned address, across endpoints: an address is one network interface.
        let mut pinned: IndexMap<Ipv4Addr, &str> = IndexMap::new();
        for (i, endpoint) in self.dns.endpoints.iter().enumerate() {
            let path = self.path("endpoints", &endpoint.name, i);
            let owner = format!("resolver endpoint {:?}", endpoint.name);
            self.check_endpoint_access(endpoint, &owner, &path, diags);
            let Some((vpc_index, vpc)) =
                self.known_vpc(&owner, &endpoint.vpc, &path.field("vpc"), diags)
            else {
                continue;
            };
            let Some(group_index) = vpc
                .subnet_groups
                .iter()
                .position(|g| g.name == endpoint.subnet_group)
            else {
                let groups: Vec<&str> = vpc.subnet_groups.iter().map(|g| g.name.as_str()).collect();
                diags.push(
                    Diagnostic::error(
                        Code::UnknownDnsReference,
                        path.field("subnet_group"),
                        format!(
                            "{owner} names subnet group {:?}, which VPC {:?} does not have",
                            endpoint.subnet_group, vpc.name
                        ),
                    )
                    .with_help(format!("its subnet groups: {}", groups.join(", "))),
                );
                continue;
            };
            let tier = vpc.subnet_groups[group_index].tier;
            if matches!(tier, Tier::Transit | Tier::Firewall) {
                diags.push(
                    Diagnostic::error(
                        Code::DnsPlacement,
                        path.field("subnet_group"),
                        format!(
                            "{owner} is in subnet group {:?} of VPC {:?}, whose tier is {}",
                            endpoint.subnet_group,
                            vpc.name,
                            tier.as_str()
                        ),
                    )
                    .with_help("transit and firewall subnets are reserved for attachment and inspection interfaces, and their route tables send traffic to the hub or the firewall: put the endpoint in a private or isolated subnet group"),
                );
            }
            if vpc.azs.len() < MIN_ENDPOINT_IPS {
                diags.push(
                    Diagnostic::error(
                        Code::EndpointIps,
                        path.field("subnet_group"),
                        format!(
                            "{owner} would have {} IP address, one per AZ of VPC {:?} ({}); Resolver requires at least {MIN_ENDPOINT_IPS}, in {MIN_ENDPOINT_IPS} AZs",
                            vpc.azs.len(),
                            vpc.name,
                            vpc.azs.join(", ")
                        ),
                    )
                    .with_help("put the endpoint in a VPC with at least two AZs"),
                );
            }
            self.check_pinned_ips(
                endpoint,
                &owner,
                vpc_index,
                vpc,
                group_index,
                &path,
                &mut pinned,
                diags,
            );
        }
        self.quota(
            &ENDPOINTS_PER_REGION,
            self.dns.endpoints.iter().enumerate().filter_map(|(i, e)| {
                let (_, vpc) = self.vpc(&e.vpc)?;
                Some((
                    (vpc.account.as_str(), vpc.region.as_str()),
                    self.path("endpoints", &e.name, i),
                ))
            }),
            |(account, region), n| {
                format!("account {account} has {n} Resolver endpoints in {region}")
            },
            diags,
        );
    }

    /// NF0801 for pinned addresses: one per AZ, IPv4, inside the AZ's subnet of the group and
    /// not reserved, none pinned twice.
    #[allow(clippy::too_many_arguments)]
    fn check_pinned_ips(
        &self,
        endpoint: &'a ResolverEndpoint,
        owner: &str,
        vpc_index: usize,
        vpc: &Vpc,
        group_index: usize,
        path: &Path,
        pinned: &mut IndexMap<Ipv4Addr, &'a str>,
        diags: &mut Diagnostics,
    ) {
        if endpoint.ips.is_empty() {
            return;
        }
        let ips_path = path.field("ips");
        if endpoint.ips.len() != vpc.azs.len() {
            diags.push(
                Diagnostic::error(
                    Code::EndpointIps,
                    ips_path.clone(),
                    format!(
                        "{owner} pins {} IP addresses, but VPC {:?} has {} AZs ({})",
                        endpoint.ips.len(),
                        vpc.name,
                        vpc.azs.len(),
                        vpc.azs.join(", ")
                    ),
                )
                .with_help(
                    "pin one address per AZ, in the VPC's AZ order, or none to let AWS choose",
                ),
            );
        }
        // The subnets the plan gave the group, one per AZ (none if planning failed, and a
        // diagnostic says why).
        let subnets = self
            .plan
            .vpcs
            .get(vpc_index)
            .and_then(Option::as_ref)
            .and_then(|p| p.subnet_groups.get(group_index))
            .and_then(Option::as_ref);
        for (k, ip) in endpoint.ips.iter().enumerate() {
            let ip_path = ips_path.index(k);
            let Ok(addr) = ip.parse::<Ipv4Addr>() else {
                diags.push(
                    Diagnostic::error(
                        Code::EndpointIps,
                        ip_path,
                        format!("{owner} pins {ip:?}, which is not an IPv4 address"),
                    )
                    .with_help("write an address such as 10.0.0.10"),
                );
                continue;
            };
            match pinned.entry(addr) {
                Entry::Occupied(first) => {
                    let message = if *first.get() == endpoint.name.as_str() {
                        format!("{owner} pins {addr} twice")
                    } else {
                        format!(
                            "{owner} pins {addr}, which resolver endpoint {:?} pins too",
                            first.get()
                        )
                    };
                    diags.push(
                        Diagnostic::error(Code::EndpointIps, ip_path, message).with_help(
                            "an address belongs to one network interface: pin each once",
                        ),
                    );
                    continue;
                }
                Entry::Vacant(slot) => {
                    slot.insert(&endpoint.name);
                }
            }
            let (Some(subnet), Some(az)) = (subnets.and_then(|s| s.get(k)), vpc.azs.get(k)) else {
                continue;
            };
            if !subnet.contains(&addr) {
                diags.push(
                    Diagnostic::error(
                        Code::EndpointIps,
                        ip_path,
                        format!(
                            "{owner} pins {addr} for {az}, outside its subnet {subnet} of group {:?}",
                            endpoint.subnet_group
                        ),
                    )
                    .with_help(format!("pin an address of {subnet}, or none to let AWS choose")),
                );
            } else if is_reserved(*subnet, addr) {
                // "The first four IP addresses and the last IP address in each subnet CIDR
                // block are not available for your use" (Amazon VPC User Guide, "Subnet CIDR
                // blocks").
                diags.push(
                    Diagnostic::error(
                        Code::EndpointIps,
                        ip_path,
                        format!(
                            "{owner} pins {addr} for {az}, one of the 5 addresses AWS reserves in subnet {subnet} (the first four and the last)"
                        ),
                    )
                    .with_help(format!("pin another address of {subnet}")),
                );
            }
        }
    }

    /// NF0815: allowed ranges and protocols.
    fn check_endpoint_access(
        &self,
        endpoint: &ResolverEndpoint,
        owner: &str,
        path: &Path,
        diags: &mut Diagnostics,
    ) {
        let inbound = endpoint.direction == EndpointDirection::Inbound;
        for (k, cidr) in endpoint.allow_from.iter().enumerate() {
            let problem = match cidr.parse::<Ipv4Net>() {
                Err(_) => Some(("which is not an IPv4 CIDR".to_string(), "write a CIDR such as 192.168.0.0/16".to_string())),
                Ok(net) if net.trunc() != net => Some((
                    format!("which has host bits set after the /{}", net.prefix_len()),
                    format!("did you mean {}?", net.trunc()),
                )),
                Ok(net) if inbound && net.prefix_len() == 0 => Some((
                    "every address: anyone who can reach the endpoint could query the VPC's private names".to_string(),
                    "list the on-premises ranges and the VPCs that forward to the endpoint".to_string(),
                )),
                Ok(_) => None,
            };
            if let Some((what, help)) = problem {
                diags.push(
                    Diagnostic::error(
                        Code::EndpointAccess,
                        path.field("allow_from").index(k),
                        format!("{owner} allows queries from {cidr:?}, {what}"),
                    )
                    .with_help(help),
                );
            }
        }
        if inbound && endpoint.allow_from.is_empty() {
            diags.push(
                Diagnostic::warning(
                    Code::EndpointAccess,
                    path.field("allow_from"),
                    format!("inbound {owner} allows queries from nowhere: its security group admits no DNS query"),
                )
                .with_help("add the on-premises ranges and the VPCs that forward to it (EndpointBuilder::allow_from)"),
            );
        }
        self.check_protocols(endpoint, owner, &path.field("protocols"), diags);
    }

    /// The protocol combinations `CreateResolverEndpoint` allows ("Protocols"): inbound Do53,
    /// DoH, DoH-FIPS, Do53+DoH or Do53+DoH-FIPS; outbound Do53, DoH or Do53+DoH ("DoH-FIPS is
    /// applicable for inbound endpoints only"); at most 2 (`ProtocolList`, max 2).
    fn check_protocols(
        &self,
        endpoint: &ResolverEndpoint,
        owner: &str,
        path: &Path,
        diags: &mut Diagnostics,
    ) {
        let protocols = &endpoint.protocols;
        let names =
            |ps: &[DnsProtocol]| ps.iter().map(|p| p.as_aws()).collect::<Vec<_>>().join(", ");
        let mut error = |message: String, help: &str| {
            diags.push(
                Diagnostic::error(Code::EndpointAccess, path.clone(), message)
                    .with_help(help.to_string()),
            );
        };
        let mut seen: BTreeSet<DnsProtocol> = BTreeSet::new();
        for protocol in protocols {
            if !seen.insert(*protocol) {
                error(
                    format!("{owner} lists protocol {} twice", protocol.as_aws()),
                    "list each protocol once",
                );
                return;
            }
        }
        let (inbound_help, outbound_help) = (
            "an inbound endpoint speaks Do53, DoH, DoH-FIPS, Do53 and DoH, or Do53 and DoH-FIPS",
            "an outbound endpoint speaks Do53, DoH, or Do53 and DoH",
        );
        match endpoint.direction {
            _ if protocols.is_empty() => error(
                format!("{owner} has no protocol"),
                "leave protocols out for Do53, or list the ones it speaks",
            ),
            EndpointDirection::Outbound if seen.contains(&DnsProtocol::DohFips) => error(
                format!("outbound {owner} speaks DoH-FIPS, which only inbound endpoints offer"),
                outbound_help,
            ),
            EndpointDirection::Inbound
                if protocols.len() > 2
                    || (seen.contains(&DnsProtocol::DoH)
                        && seen.contains(&DnsProtocol::DohFips)) =>
            {
                error(
                    format!(
                        "inbound {owner} speaks {}, a combination AWS refuses",
                        names(protocols)
                    ),
                    inbound_help,
                )
            }
            _ => {}
        }
    }

    // ---- rules ----

    fn check_rules(&self, vpc_rules: &mut [IndexMap<usize, Applied>], diags: &mut Diagnostics) {
        // Inbound endpoints' pinned addresses per VPC: a rule that forwards to one of them may
        // not be associated with that VPC (RSLVR-00804).
        let mut inbound_ips: IndexMap<(usize, Ipv4Addr), &str> = IndexMap::new();
        for endpoint in &self.dns.endpoints {
            if endpoint.direction != EndpointDirection::Inbound {
                continue;
            }
            if let Some((vpc, _)) = self.vpc(&endpoint.vpc) {
                for ip in endpoint.ips.iter().filter_map(|ip| ip.parse().ok()) {
                    inbound_ips.entry((vpc, ip)).or_insert(&endpoint.name);
                }
            }
        }
        for (i, rule) in self.dns.rules.iter().enumerate() {
            let path = self.path("rules", &rule.name, i);
            let owner = format!("resolver rule {:?}", rule.name);
            if let Some(account) = &rule.account {
                self.check_account(&owner, account, path.field("account"), diags);
            }
            if let Some(name) = &rule.region {
                self.check_region(&owner, name, path.field("region"), diags);
            }
            self.check_rule_shape(rule, &owner, &path, diags);
            let kind = if rule.rule_type == ResolverRuleType::Forward {
                DomainKind::ForwardRule
            } else {
                DomainKind::Name
            };
            check_domain(
                &rule.domain,
                kind,
                &format!("{owner} has domain"),
                path.field("domain"),
                diags,
            );
            self.check_targets(rule, &owner, &path, diags);
            check_principals(
                self.network,
                &owner,
                &rule.share_with,
                &path.field("share_with"),
                diags,
            );
            let home = self.rule_homes[i];
            let place = home.map(|h| self.rule_where(rule, h)).unwrap_or_default();
            let list = path.field("associations");
            let associated = self.check_associations(
                &owner,
                home,
                &place,
                &rule.share_with,
                rule.associations
                    .iter()
                    .enumerate()
                    .map(|(k, v)| (v.as_str(), list.index(k))),
                diags,
            );
            for (vpc, assoc_path) in associated {
                if rule.rule_type == ResolverRuleType::Forward {
                    self.check_loop(rule, &owner, vpc, &inbound_ips, &assoc_path, diags);
                }
                vpc_rules[vpc].entry(i).or_insert(Applied {
                    index: i,
                    direct: true,
                    profile: None,
                    path: assoc_path,
                });
            }
        }
        self.quota(
            &RULES_PER_REGION,
            self.dns.rules.iter().enumerate().filter_map(|(i, r)| {
                let home = self.rule_homes[i]?;
                Some(((home.account, home.region), self.path("rules", &r.name, i)))
            }),
            |(account, region), n| format!("account {account} has {n} Resolver rules in {region}"),
            diags,
        );
        self.quota(
            &RULE_ASSOCIATIONS_PER_REGION,
            self.dns.rules.iter().enumerate().flat_map(|(i, r)| {
                let list = self.path("rules", &r.name, i).field("associations");
                r.associations.iter().enumerate().filter_map(move |(k, v)| {
                    let (_, vpc) = self.vpc(v)?;
                    Some(((vpc.account.as_str(), vpc.region.as_str()), list.index(k)))
                })
            }),
            |(account, region), n| {
                format!("account {account} associates Resolver rules with its VPCs {n} times in {region}")
            },
            diags,
        );
    }

    /// NF0805: the fields a rule's type takes.
    fn check_rule_shape(
        &self,
        rule: &ResolverRule,
        owner: &str,
        path: &Path,
        diags: &mut Diagnostics,
    ) {
        let mut shape = |field: &'static str, message: String, help: &str| {
            diags.push(
                Diagnostic::error(Code::RuleShape, path.field(field), message)
                    .with_help(help.to_string()),
            );
        };
        let kind = rule.rule_type.as_aws();
        match rule.rule_type {
            ResolverRuleType::Forward => {
                match &rule.endpoint {
                    None => shape(
                        "endpoint",
                        format!(
                            "{owner} forwards {} but names no outbound endpoint",
                            rule.domain
                        ),
                        "name the outbound endpoint it forwards through (DnsBuilder::forward)",
                    ),
                    Some(name) => match self.endpoints.get(name.as_str()) {
                        None => self.unknown(
                            owner,
                            "endpoint",
                            name,
                            self.endpoints.keys().copied(),
                            path.field("endpoint"),
                            diags,
                        ),
                        Some(&e) => self.check_forward_endpoint(
                            rule,
                            owner,
                            &self.dns.endpoints[e],
                            path,
                            diags,
                        ),
                    },
                }
                if rule.targets.is_empty() {
                    diags.push(
                        Diagnostic::error(
                            Code::RuleShape,
                            path.field("targets"),
                            format!("{owner} forwards {} but has no target", rule.domain),
                        )
                        .with_help("add the DNS servers it forwards to (RuleBuilder::target)"),
                    );
                }
                return;
            }
            ResolverRuleType::System => {
                if !rule.targets.is_empty() {
                    shape(
                        "targets",
                        format!("{kind} {owner} has targets, but a SYSTEM rule resolves with the VPC's own resolver"),
                        "remove the targets, or make it a forward rule (DnsBuilder::forward)",
                    );
                }
                if let Some(endpoint) = &rule.endpoint {
                    shape(
                        "endpoint",
                        format!("{kind} {owner} names endpoint {endpoint:?}, but a SYSTEM rule forwards nowhere"),
                        "remove the endpoint, or make it a forward rule (DnsBuilder::forward)",
                    );
                }
            }
            ResolverRuleType::Recursive => {
                // "Currently, only Resolver can create rules that have a value of RECURSIVE
                // for RuleType" (CreateResolverRule).
                shape(
                    "rule_type",
                    format!("{owner} is RECURSIVE, a type only Resolver itself creates (its \"Internet Resolver\" rule)"),
                    "use a SYSTEM rule to resolve a domain with the VPC's resolver (DnsBuilder::system), or a forward rule",
                );
            }
        }
        // Only a forward rule takes its account and region from somewhere else.
        if rule.account.is_none() {
            shape(
                "account",
                format!("{kind} {owner} has no account"),
                "say which account owns it (DnsBuilder::system takes the account and the region)",
            );
        }
        if rule.region.is_none() {
            shape(
                "region",
                format!("{kind} {owner} has no region"),
                "say which region it is in (DnsBuilder::system takes the account and the region)",
            );
        }
    }

    /// NF0805: a forward rule's endpoint is outbound, and its account and region, if the rule
    /// says them, are the endpoint's VPC's.
    fn check_forward_endpoint(
        &self,
        rule: &ResolverRule,
        owner: &str,
        endpoint: &ResolverEndpoint,
        path: &Path,
        diags: &mut Diagnostics,
    ) {
        if endpoint.direction == EndpointDirection::Inbound {
            diags.push(
                Diagnostic::error(
                    Code::RuleShape,
                    path.field("endpoint"),
                    format!("{owner} forwards through endpoint {:?}, which is an inbound endpoint", endpoint.name),
                )
                .with_help("a forward rule sends queries out through an OUTBOUND endpoint: name one (DnsBuilder::outbound_endpoint)"),
            );
        }
        let Some((_, vpc)) = self.vpc(&endpoint.vpc) else {
            return;
        };
        let mut differs = |field: &'static str, what: &str, ours: &str, theirs: &str| {
            diags.push(
                Diagnostic::error(
                    Code::RuleShape,
                    path.field(field),
                    format!(
                        "{owner} names {what} {ours}, but its endpoint {:?} is in VPC {:?} of {what} {theirs}",
                        endpoint.name, vpc.name
                    ),
                )
                .with_help("a forward rule belongs to its endpoint's account and region: leave account and region out"),
            );
        };
        if let Some(account) = rule.account.as_deref().filter(|a| *a != vpc.account) {
            differs("account", "account", account, &vpc.account);
        }
        if let Some(region) = rule.region.as_deref().filter(|r| *r != vpc.region) {
            differs("region", "region", region, &vpc.region);
        }
    }

    /// NF0803: each target is a unicast IPv4 address with a port, and there are not too many.
    fn check_targets(
        &self,
        rule: &ResolverRule,
        owner: &str,
        path: &Path,
        diags: &mut Diagnostics,
    ) {
        let list = path.field("targets");
        if rule.targets.len() > MAX_TARGETS {
            diags.push(
                Diagnostic::error(
                    Code::TargetIp,
                    list.clone(),
                    format!(
                        "{owner} has {} targets; Resolver allows {MAX_TARGETS} per rule",
                        rule.targets.len()
                    ),
                )
                .with_help("keep at most 6 DNS servers per rule (the Route 53 quota \"IP addresses per rule\", which AWS does not raise)"),
            );
        }
        for (k, target) in rule.targets.iter().enumerate() {
            let target_path = list.index(k);
            let ip = &target.ip;
            match ip.parse::<Ipv4Addr>() {
                Err(_) => {
                    let what = if ip.parse::<Ipv6Addr>().is_ok() {
                        "an IPv6 address; netform forwards to IPv4 targets only"
                    } else {
                        "not an IPv4 address"
                    };
                    diags.push(
                        Diagnostic::error(
                            Code::TargetIp,
                            target_path.field("ip"),
                            format!("target {ip:?} of {owner} is {what}"),
                        )
                        .with_help("write the DNS server's IPv4 address, such as 192.168.10.10"),
                    );
                }
                Ok(addr) => {
                    if let Some(kind) = non_unicast(addr) {
                        diags.push(
                            Diagnostic::error(
                                Code::TargetIp,
                                target_path.field("ip"),
                                format!("target {addr} of {owner} is {kind}, not the unicast address of a DNS server"),
                            )
                            .with_help("forward to the unicast IPv4 address of a DNS server"),
                        );
                    }
                }
            }
            // The API takes 0 to 65535 (`Port`), but no server listens on port 0.
            if !(1..=65_535).contains(&target.port) {
                diags.push(
                    Diagnostic::error(
                        Code::TargetIp,
                        target_path.field("port"),
                        format!(
                            "target {ip} of {owner} has port {}, outside 1 to 65535",
                            target.port
                        ),
                    )
                    .with_help("DNS servers listen on port 53 unless told otherwise"),
                );
            }
        }
    }

    /// NF0803: a forward rule whose target is an inbound endpoint of a VPC it is associated
    /// with would loop; AWS refuses the association ("[RSLVR-00804] Cannot associate rule ...
    /// because the VPC include an INBOUND resolver endpoints with rule's target IP",
    /// aws-samples/aws-network-hub-for-terraform#26).
    fn check_loop(
        &self,
        rule: &ResolverRule,
        owner: &str,
        vpc: usize,
        inbound_ips: &IndexMap<(usize, Ipv4Addr), &str>,
        path: &Path,
        diags: &mut Diagnostics,
    ) {
        for target in &rule.targets {
            let Ok(addr) = target.ip.parse::<Ipv4Addr>() else {
                continue;
            };
            if let Some(endpoint) = inbound_ips.get(&(vpc, addr)) {
                diags.push(
                    Diagnostic::error(
                        Code::TargetIp,
                        path.clone(),
                        format!(
                            "{owner} forwards to {addr}, an address of inbound endpoint {endpoint:?} in VPC {:?}, and is associated with that VPC",
                            self.network.vpcs[vpc].name
                        ),
                    )
                    .with_help("AWS refuses the association (RSLVR-00804): the VPC resolves the domain itself (associate the private hosted zone with it) and only other VPCs forward to its inbound endpoint"),
                );
                return;
            }
        }
    }

    // ---- hosted zones ----

    fn check_zones(&self, vpc_zones: &mut [IndexMap<usize, Applied>], diags: &mut Diagnostics) {
        for (i, zone) in self.dns.hosted_zones.iter().enumerate() {
            let path = self.path("hosted_zones", &zone.name, i);
            let owner = format!("private hosted zone {:?}", zone.name);
            self.check_account(&owner, &zone.account, path.field("account"), diags);
            check_domain(
                &zone.domain,
                DomainKind::Name,
                &format!("{owner} has domain"),
                path.field("domain"),
                diags,
            );
            // A zone created with no VPC is public, and a VPC can be added only to a zone that
            // has one ("you can't associate a VPC with a hosted zone that doesn't have an
            // existing VPC association", AssociateVPCWithHostedZone; the Terraform provider:
            // "Private zones require at least one VPC association at all times").
            if zone.vpcs.is_empty() {
                diags.push(
                    Diagnostic::error(
                        Code::DnsPlacement,
                        path.field("vpcs"),
                        format!("{owner} ({}) is associated with no VPC: Route 53 creates a private zone only with a VPC", zone.domain),
                    )
                    .with_help("associate it with at least one VPC of its account (ZoneBuilder::vpc), usually the DNS VPC, even when a Profile carries it"),
                );
            }
            // A zone is global: VPCs of any region, and of other accounts through an
            // authorization (NF0503 where CloudFormation cannot say it).
            let mut seen: IndexMap<usize, ()> = IndexMap::new();
            let list = path.field("vpcs");
            for (k, name) in zone.vpcs.iter().enumerate() {
                let vpc_path = list.index(k);
                let Some((vpc, _)) = self.known_vpc(&owner, name, &vpc_path, diags) else {
                    continue;
                };
                if seen.insert(vpc, ()).is_some() {
                    diags.push(
                        Diagnostic::error(
                            Code::DnsPlacement,
                            vpc_path,
                            format!("{owner} is associated twice with VPC {name:?}"),
                        )
                        .with_help("remove the repeated association"),
                    );
                    continue;
                }
                vpc_zones[vpc].entry(i).or_insert(Applied {
                    index: i,
                    direct: true,
                    profile: None,
                    path: vpc_path,
                });
            }
            if zone.vpcs.len() > VPCS_PER_ZONE.limit {
                self.over_quota(
                    &VPCS_PER_ZONE,
                    list.index(VPCS_PER_ZONE.limit),
                    format!("{owner} is associated with {} VPCs", zone.vpcs.len()),
                    diags,
                );
            }
            self.check_records(zone, &owner, &path, diags);
        }
        self.quota(
            &HOSTED_ZONES,
            self.dns
                .hosted_zones
                .iter()
                .enumerate()
                .map(|(i, z)| (z.account.as_str(), self.path("hosted_zones", &z.name, i))),
            |account, n| format!("account {account} has {n} hosted zones"),
            diags,
        );
    }

    /// NF0813: each record's name, TTL and values fit its type, and no name holds two record
    /// sets of one type, or a CNAME beside anything else.
    fn check_records(&self, zone: &HostedZone, owner: &str, path: &Path, diags: &mut Diagnostics) {
        let list = path.field("records");
        // By lowercase name: the first record's type and position per type.
        let mut names: IndexMap<String, IndexMap<&str, usize>> = IndexMap::new();
        let zone_len = zone.domain.trim_end_matches('.').len();
        for (k, record) in zone.records.iter().enumerate() {
            let record_path = list.index(k);
            let kind = record.record_type.as_aws();
            let what = format!("{kind} record {:?} of {owner}", record.name);
            let bad = |diags: &mut Diagnostics,
                       field: Option<(&'static str, Option<usize>)>,
                       message: String,
                       help: &str| {
                let at = match field {
                    None => record_path.clone(),
                    Some((f, None)) => record_path.field(f),
                    Some((f, Some(v))) => record_path.field(f).index(v),
                };
                diags.push(
                    Diagnostic::error(Code::DnsRecord, at, message).with_help(help.to_string()),
                );
            };
            if record.name != "@" {
                let name = record.name.strip_prefix("*.").unwrap_or(&record.name);
                let problem = if record.name == "*" {
                    None
                } else if record.name.ends_with('.') {
                    Some("ends with a dot".to_string())
                } else {
                    domain_problem(name, false)
                };
                if let Some(problem) = problem {
                    bad(
                        diags,
                        Some(("name", None)),
                        format!("{what}: the name {problem}"),
                        "write the name relative to the zone (www, *.api, or @ for the apex), in labels of letters, digits, '-' and '_'",
                    );
                } else if record.name.len() + 1 + zone_len > MAX_DOMAIN_LEN {
                    bad(
                        diags,
                        Some(("name", None)),
                        format!(
                            "{what}: with the zone's domain the name is {} characters, more than {MAX_DOMAIN_LEN}",
                            record.name.len() + 1 + zone_len
                        ),
                        "shorten the name",
                    );
                }
            }
            if record.ttl > MAX_RECORD_TTL {
                bad(
                    diags,
                    Some(("ttl", None)),
                    format!(
                        "{what} has TTL {}, more than the {MAX_RECORD_TTL} Route 53 allows",
                        record.ttl
                    ),
                    "use a TTL in seconds from 0 to 2147483647 (300 is usual)",
                );
            }
            if record.values.is_empty() {
                bad(
                    diags,
                    Some(("values", None)),
                    format!("{what} has no value"),
                    "give it at least one value",
                );
            } else if record.values.len() > VALUES_PER_RECORD.limit {
                self.over_quota(
                    &VALUES_PER_RECORD,
                    record_path.field("values"),
                    format!("{what} has {} values", record.values.len()),
                    diags,
                );
            }
            if record.record_type == RecordType::Cname {
                if record.name == "@" {
                    // "You can't create a CNAME record for example.com" (the zone apex),
                    // "Choosing between alias and non-alias records", Route 53 Developer Guide.
                    bad(
                        diags,
                        Some(("name", None)),
                        format!(
                            "{what} is at the zone apex ({}), where DNS allows no CNAME",
                            zone.domain
                        ),
                        "use an A or AAAA record at the apex, or a CNAME on a name below it",
                    );
                }
                if record.values.len() > 1 {
                    bad(
                        diags,
                        Some(("values", None)),
                        format!(
                            "{what} has {} values; a CNAME has exactly one",
                            record.values.len()
                        ),
                        "keep one value: the name it aliases",
                    );
                }
            }
            for (v, value) in record.values.iter().enumerate() {
                if let Some(problem) = record_value_problem(record, value) {
                    bad(
                        diags,
                        Some(("values", Some(v))),
                        format!("{what} has value {value:?}, {problem}"),
                        record_value_help(record),
                    );
                }
            }
            let types = names.entry(record.name.to_ascii_lowercase()).or_default();
            match types.entry(kind) {
                Entry::Occupied(first) => {
                    bad(
                        diags,
                        None,
                        format!(
                            "{owner} has two {kind} record sets named {:?} (records {} and {k})",
                            record.name,
                            first.get()
                        ),
                        "merge their values into one record",
                    );
                    continue;
                }
                Entry::Vacant(slot) => {
                    slot.insert(k);
                }
            }
            // "A CNAME record is not allowed to coexist with any other data" (RFC 1912,
            // section 2.4; RFC 1034, section 3.6.2); Route 53 refuses such a change.
            if types.len() > 1 && types.contains_key("CNAME") {
                let others: Vec<&str> = types.keys().copied().filter(|t| *t != "CNAME").collect();
                bad(
                    diags,
                    None,
                    format!(
                        "{owner} has a CNAME record named {:?} beside {} records of the same name",
                        record.name,
                        others.join(", ")
                    ),
                    "a name with a CNAME holds nothing else: rename one of them",
                );
            }
        }
        if zone.records.len() > RECORDS_PER_ZONE.limit {
            self.over_quota(
                &RECORDS_PER_ZONE,
                list.index(RECORDS_PER_ZONE.limit),
                format!("{owner} has {} records", zone.records.len()),
                diags,
            );
        }
    }

    // ---- profiles ----

    fn check_profiles(
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

    // ---- DNS Firewall ----

    fn check_domain_lists(&self, diags: &mut Diagnostics) {
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

    fn check_firewall(&self, diags: &mut Diagnostics) {
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
    fn priority_out_of_range(&self, what: String, path: Path, diags: &mut Diagnostics) {
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

    // ---- query logging ----

    fn check_query_logs(&self, diags: &mut Diagnostics) {
        for (i, config) in self.dns.query_logs.iter().enumerate() {
            let path = self.path("query_logs", &config.name, i);
            let owner = format!("query logging configuration {:?}", config.name);
            let account_ok =
                self.check_account(&owner, &config.account, path.field("account"), diags);
            let region_ok = self.check_region(&owner, &config.region, path.field("region"), diags);
            self.check_destination(
                &config.destination,
                &owner,
                &config.region,
                &path.field("destination"),
                diags,
            );
            check_principals(
                self.network,
                &owner,
                &config.share_with,
                &path.field("share_with"),
                diags,
            );
            let home = (account_ok && region_ok).then_some(Home {
                account: &config.account,
                region: &config.region,
            });
            let list = path.field("associations");
            self.check_associations(
                &owner,
                home,
                &config.region,
                &config.share_with,
                config
                    .associations
                    .iter()
                    .enumerate()
                    .map(|(k, v)| (v.as_str(), list.index(k))),
                diags,
            );
        }
        self.quota(
            &QUERY_LOGS_PER_REGION,
            self.dns.query_logs.iter().enumerate().map(|(i, q)| {
                (
                    (q.account.as_str(), q.region.as_str()),
                    self.path("query_logs", &q.name, i),
                )
            }),
            |(account, region), n| {
                format!("account {account} has {n} query logging configurations in {region}")
            },
            diags,
        );
    }

    /// NF0812: the destination ARN is of its kind's form ("DestinationArn",
    /// CreateResolverQueryLogConfig: an S3 bucket with an optional prefix, a CloudWatch Logs
    /// log group, or an Amazon Data Firehose stream), in the partition of the configuration's
    /// region. Whether a log group or stream must be in the configuration's region is not
    /// documented, so it is not checked.
    fn check_destination(
        &self,
        destination: &QueryLogDestination,
        owner: &str,
        config_region: &str,
        path: &Path,
        diags: &mut Diagnostics,
    ) {
        let (kind, field, well_formed, expected) = match destination {
            QueryLogDestination::S3 { bucket_arn } => (
                "s3",
                "bucket_arn",
                is_s3_bucket_arn(bucket_arn),
                "an S3 bucket ARN such as arn:aws:s3:::dns-logs or arn:aws:s3:::dns-logs/prefix",
            ),
            QueryLogDestination::CloudWatch { log_group_arn } => (
                "cloud_watch",
                "log_group_arn",
                is_log_group_arn(log_group_arn),
                "a log group ARN such as arn:aws:logs:us-east-1:111111111111:log-group:dns-queries",
            ),
            QueryLogDestination::Firehose { stream_arn } => (
                "firehose",
                "stream_arn",
                is_firehose_arn(stream_arn),
                "a Firehose stream ARN such as arn:aws:firehose:us-east-1:111111111111:deliverystream/dns-queries",
            ),
        };
        let arn = destination.arn();
        let partition = region(config_region).map(|r| r.partition.arn_prefix());
        let problem = if !well_formed {
            Some(format!("is not {expected}"))
        } else {
            partition
                .filter(|p| arn.split(':').nth(1) != Some(*p))
                .map(|p| format!("is not in the {p} partition, where region {config_region} is"))
        };
        if let Some(problem) = problem {
            diags.push(
                Diagnostic::error(
                    Code::QueryLogDestination,
                    path.field(kind).field(field),
                    format!("the destination {arn:?} of {owner} {problem}"),
                )
                .with_help(format!("expected {expected}")),
            );
        }
    }

    // ---- where rules and zones apply ----

    /// NF0806: two rules for one domain on one VPC. AWS refuses a second direct association
    /// for a domain ("[RSLVR-00802] Cannot associate rules with same domain name with same
    /// VPC", crossplane-contrib/provider-upjet-aws#1010); through a Profile the VPC's own rule
    /// wins (profiles.html), which silently drops the other's targets.
    fn check_forward_conflicts(
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
    fn check_shadowed_zones(
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
    fn check_shares_associated(
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

    // ---- quotas ----

    /// NF0814 for each key (an account, or an account and a region) with more items than
    /// `quota` allows, at the first item over it.
    fn quota<K: std::hash::Hash + Eq>(
        &self,
        quota: &Quota,
        items: impl Iterator<Item = (K, Path)>,
        what: impl Fn(&K, usize) -> String,
        diags: &mut Diagnostics,
    ) {
        let mut counts: IndexMap<K, (usize, Option<Path>)> = IndexMap::new();
        for (key, path) in items {
            let count = counts.entry(key).or_default();
            count.0 += 1;
            if count.0 == quota.limit + 1 {
                count.1 = Some(path);
            }
        }
        for (key, (count, path)) in counts {
            if let Some(path) = path {
                self.over_quota(quota, path, what(&key, count), diags);
            }
        }
    }

    /// NF0814: an error over a fixed quota, a warning over an adjustable one.
    fn over_quota(&self, quota: &Quota, path: Path, what: String, diags: &mut Diagnostics) {
        let message = format!(
            "{what}; the Route 53 quota \"{}\" is {}",
            quota.name, quota.limit
        );
        let diagnostic = if quota.adjustable {
            Diagnostic::warning(Code::DnsQuota, path, message).with_help(format!(
                "ask AWS for a higher \"{}\" quota (Service Quotas) before deploying, or spread the elements over more accounts",
                quota.name
            ))
        } else {
            Diagnostic::error(Code::DnsQuota, path, message)
                .with_help("AWS does not raise this quota: use fewer")
        };
        diags.push(diagnostic);
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

/// Whether `addr` is one of the 5 addresses AWS reserves in `subnet`: the first four and the
/// last.
fn is_reserved(subnet: Ipv4Net, addr: Ipv4Addr) -> bool {
    let offset = u32::from(addr).wrapping_sub(u32::from(subnet.network()));
    offset < 4 || addr == subnet.broadcast()
}

/// What kind of address `addr` is, if it is not a unicast address a DNS server could have.
fn non_unicast(addr: Ipv4Addr) -> Option<&'static str> {
    if addr.is_unspecified() {
        Some("the unspecified address (0.0.0.0)")
    } else if addr.is_loopback() {
        Some("a loopback address (127.0.0.0/8)")
    } else if addr.is_multicast() {
        Some("a multicast address (224.0.0.0/4)")
    } else if addr.is_broadcast() {
        Some("the broadcast address (255.255.255.255)")
    } else if addr.octets()[0] >= 240 {
        Some("a reserved address (240.0.0.0/4)")
    } else if addr.is_link_local() {
        Some("a link-local address (169.254.0.0/16)")
    } else {
        None
    }
}

/// Where a domain is written, which decides what it may look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DomainKind {
    /// A hosted zone, a SYSTEM rule, a block override answer: a plain domain.
    Name,
    /// A forward rule's: a plain domain, or `.` for every domain ("If you want to forward
    /// all queries to the DNS resolvers on your network, you can create a custom forwarding
    /// rule, specify "." for the domain name", "How Resolver determines where to forward DNS
    /// queries", resolver-overview-forward-vpc-to-network-where-to-forward-queries.html).
    ForwardRule,
    /// A DNS Firewall domain list entry: "It can optionally start with * (asterisk)", and
    /// otherwise holds only letters, digits and hyphens (UpdateFirewallDomains), so no
    /// underscore; `*` alone matches every domain.
    ListEntry,
}

/// NF0802 for a domain that is not valid where it is written. `what` starts the message,
/// such as `resolver rule "corp" has domain`.
fn check_domain(domain: &str, kind: DomainKind, what: &str, path: Path, diags: &mut Diagnostics) {
    let problem = match kind {
        DomainKind::ForwardRule if domain == "." => None,
        DomainKind::ListEntry if domain == "*" => None,
        DomainKind::ListEntry => domain_problem(domain.strip_prefix("*.").unwrap_or(domain), true),
        _ => domain_problem(domain, false),
    };
    let Some(problem) = problem else {
        return;
    };
    let help = match kind {
        DomainKind::Name => "a domain is labels of 1 to 63 letters, digits, '-' and '_' (no '-' at either end) separated by dots, at most 253 characters, such as corp.example.com",
        DomainKind::ForwardRule => "a domain is labels of 1 to 63 letters, digits, '-' and '_' (no '-' at either end) separated by dots, at most 253 characters, such as corp.example.com; \".\" forwards every domain",
        DomainKind::ListEntry => "a domain list entry is labels of 1 to 63 letters, digits and '-' (no '-' at either end) separated by dots, optionally after \"*.\"; \"*\" alone matches every domain",
    };
    diags.push(
        Diagnostic::error(
            Code::DomainName,
            path,
            format!("{what} {domain:?}, which {problem}"),
        )
        .with_help(help),
    );
}

/// Why `domain` (one trailing dot allowed) is not a valid domain name, if it is not.
fn domain_problem(domain: &str, no_underscore: bool) -> Option<String> {
    let name = domain.strip_suffix('.').unwrap_or(domain);
    if name.is_empty() {
        return Some("is empty".to_string());
    }
    let len = name.chars().count();
    if len > MAX_DOMAIN_LEN {
        return Some(format!("is {len} characters, more than {MAX_DOMAIN_LEN}"));
    }
    for label in name.split('.') {
        if label.is_empty() {
            return Some("has an empty label".to_string());
        }
        if let Some(c) = label
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || (*c == '_' && !no_underscore)))
        {
            return Some(format!("has the character {c:?}"));
        }
        if label.len() > MAX_LABEL_LEN {
            return Some(format!(
                "has the label {label:?} of {} characters, more than {MAX_LABEL_LEN}",
                label.len()
            ));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Some(format!(
                "has the label {label:?}, which starts or ends with '-'"
            ));
        }
    }
    None
}

/// Why `value` is not a valid value of `record`'s type, if it is not.
fn record_value_problem(record: &DnsRecord, value: &str) -> Option<String> {
    let u16_ok = |s: &str| s.parse::<u16>().is_ok();
    let domain_ok = |s: &str| domain_problem(s, false).is_none();
    let ok = match record.record_type {
        RecordType::A => value.parse::<Ipv4Addr>().is_ok(),
        RecordType::Aaaa => value.parse::<Ipv6Addr>().is_ok(),
        RecordType::Cname | RecordType::Ptr => domain_ok(value),
        RecordType::Mx => matches!(value.split_whitespace().collect::<Vec<_>>().as_slice(),
            [preference, host] if u16_ok(preference) && domain_ok(host)),
        RecordType::Srv => matches!(value.split_whitespace().collect::<Vec<_>>().as_slice(),
            [priority, weight, port, target]
                if u16_ok(priority) && u16_ok(weight) && u16_ok(port) && domain_ok(target)),
        RecordType::Txt => !value.is_empty(),
    };
    (!ok).then(|| match record.record_type {
        RecordType::A => "which is not an IPv4 address".to_string(),
        RecordType::Aaaa => "which is not an IPv6 address".to_string(),
        RecordType::Cname | RecordType::Ptr => "which is not a domain name".to_string(),
        RecordType::Mx => "which is not a preference and a host".to_string(),
        RecordType::Srv => "which is not a priority, a weight, a port and a target".to_string(),
        RecordType::Txt => "which is empty".to_string(),
    })
}

/// What a value of `record`'s type looks like.
fn record_value_help(record: &DnsRecord) -> &'static str {
    match record.record_type {
        RecordType::A => "an A record's values are IPv4 addresses, such as 10.0.0.10",
        RecordType::Aaaa => "an AAAA record's values are IPv6 addresses, such as 2001:db8::10",
        RecordType::Cname => "a CNAME's value is the domain it aliases, such as api.example.com",
        RecordType::Ptr => "a PTR record's values are domain names, such as host.example.com",
        RecordType::Mx => "an MX record's value is a preference and a mail server, such as \"10 mail.example.com\"",
        RecordType::Srv => "an SRV record's value is priority, weight, port and target, such as \"1 10 5269 xmpp.example.com\"",
        RecordType::Txt => "a TXT record's values are text",
    }
}

fn is_partition(p: &str) -> bool {
    matches!(p, "aws" | "aws-cn" | "aws-us-gov")
}

fn is_account(id: &str) -> bool {
    id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit())
}

/// `arn:PARTITION:s3:::BUCKET[/PREFIX]`, with bucket names of 3 to 63 lowercase letters,
/// digits, dots and hyphens, starting and ending with a letter or digit, without two adjacent
/// dots and not formatted as an IP address ("General purpose bucket naming rules", Amazon S3
/// User Guide). The same rule as flow logs' (validate/vpc.rs).
fn is_s3_bucket_arn(arn: &str) -> bool {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let ["arn", partition, "s3", "", "", resource] = parts.as_slice() else {
        return false;
    };
    let bucket = resource.split('/').next().unwrap_or_default();
    is_partition(partition)
        && (3..=63).contains(&bucket.len())
        && bucket
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
        && bucket.starts_with(|c: char| c.is_ascii_alphanumeric())
        && bucket.ends_with(|c: char| c.is_ascii_alphanumeric())
        && !bucket.contains("..")
        && bucket.parse::<Ipv4Addr>().is_err()
}

/// `arn:PARTITION:logs:REGION:ACCOUNT:log-group:NAME[:*]`, as CreateResolverQueryLogConfig's
/// example `arn:aws:logs:us-west-1:123456789012:log-group:/mystack-testgroup-12ABC1AB12A1:*`.
fn is_log_group_arn(arn: &str) -> bool {
    let parts: Vec<&str> = arn.splitn(7, ':').collect();
    let ["arn", partition, "logs", region_name, account, "log-group", name] = parts.as_slice()
    else {
        return false;
    };
    let name = name.strip_suffix(":*").unwrap_or(name);
    is_partition(partition)
        && region(region_name).is_some()
        && is_account(account)
        && !name.is_empty()
        && name.len() <= 512
}

/// `arn:PARTITION:firehose:REGION:ACCOUNT:deliverystream/NAME` (Amazon Data Firehose's
/// resource type `deliverystream`, "Actions, resources, and condition keys for Amazon Kinesis
/// Firehose"), with stream names of 1 to 64 letters, digits, `_`, `.` and `-`.
fn is_firehose_arn(arn: &str) -> bool {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let ["arn", partition, "firehose", region_name, account, resource] = parts.as_slice() else {
        return false;
    };
    is_partition(partition)
        && region(region_name).is_some()
        && is_account(account)
        && resource
            .strip_prefix("deliverystream/")
            .is_some_and(|name| {
                (1..=64).contains(&name.len())
                    && name
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'-')
            })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains() {
        assert_eq!(domain_problem("corp.example.com", false), None);
        assert_eq!(domain_problem("corp.example.com.", false), None);
        assert_eq!(domain_problem("_ldap._tcp.example.com", false), None);
        assert!(domain_problem("_ldap.example.com", true).is_some());
        assert!(domain_problem("corp..example.com", false).is_some());
        assert!(domain_problem("-corp.example.com", false).is_some());
        assert!(domain_problem("corp-.example.com", false).is_some());
        assert!(domain_problem("co rp.example.com", false).is_some());
        assert!(domain_problem(&"a".repeat(64), false).is_some());
        assert_eq!(domain_problem(&"a".repeat(63), false), None);
        let long = vec!["a".repeat(63); 4].join("."); // 255 characters
        assert!(domain_problem(&long, false).is_some());
        assert_eq!(domain_problem(&long[2..], false), None); // 253
        assert!(domain_problem(".", false).is_some());
        assert!(domain_problem("", false).is_some());
    }

    #[test]
    fn suffix_keys_sort_subdomains_together() {
        assert_eq!(suffix_key("aws.Example.com."), "com.example.aws.");
        assert!(suffix_key("api.aws.example.com").starts_with(&suffix_key("aws.example.com")));
        assert!(!suffix_key("xaws.example.com").starts_with(&suffix_key("aws.example.com")));
        assert_eq!(suffix_key("."), "");
    }

    #[test]
    fn addresses() {
        let subnet: Ipv4Net = "10.0.0.16/28".parse().unwrap();
        for reserved in [
            "10.0.0.16",
            "10.0.0.17",
            "10.0.0.18",
            "10.0.0.19",
            "10.0.0.31",
        ] {
            assert!(is_reserved(subnet, reserved.parse().unwrap()), "{reserved}");
        }
        assert!(!is_reserved(subnet, "10.0.0.20".parse().unwrap()));
        assert!(!is_reserved(subnet, "10.0.0.30".parse().unwrap()));
        assert_eq!(non_unicast("192.168.10.10".parse().unwrap()), None);
        assert!(non_unicast("255.255.255.255".parse().unwrap())
            .unwrap()
            .contains("broadcast"));
        assert!(non_unicast("250.1.1.1".parse().unwrap())
            .unwrap()
            .contains("reserved"));
        assert!(non_unicast("169.254.169.253".parse().unwrap())
            .unwrap()
            .contains("link-local"));
    }

    #[test]
    fn destinations() {
        assert!(is_s3_bucket_arn("arn:aws:s3:::dns-logs/queries/"));
        assert!(is_log_group_arn(
            "arn:aws:logs:us-west-1:123456789012:log-group:/mystack-testgroup-12ABC1AB12A1:*"
        ));
        assert!(is_firehose_arn(
            "arn:aws:firehose:us-east-1:111111111111:deliverystream/dns-queries"
        ));
        assert!(!is_firehose_arn(
            "arn:aws:kinesis:us-east-2:0123456789:stream/my_stream_name"
        ));
        assert!(!is_firehose_arn(
            "arn:aws:firehose:us-east-1:111111111111:deliverystream/"
        ));
    }
}
