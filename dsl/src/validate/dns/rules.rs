//! Resolver rules (NF0802, NF0803, NF0805): each rule's shape for its type, its endpoint,
//! its domain and targets, its associations with VPCs (recorded for the checks of where rules
//! apply), and forwarding loops through an inbound endpoint of an associated VPC.

use super::quota::{RULES_PER_REGION, RULE_ASSOCIATIONS_PER_REGION};
use super::syntax::{check_domain, non_unicast, DomainKind};
use super::{Applied, Check};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::dns::{EndpointDirection, ResolverEndpoint, ResolverRule, ResolverRuleType};
use crate::path::Path;
use crate::validate::share::check_principals;
use indexmap::IndexMap;
use std::net::{Ipv4Addr, Ipv6Addr};

/// Target IP addresses of one forward rule: the quota "IP addresses per rule", 6, which the
/// quotas page ("Quotas on Route 53 VPC Resolver endpoints") offers no increase for.
const MAX_TARGETS: usize = 6;

impl<'a> Check<'a> {
    pub(super) fn check_rules(
        &self,
        vpc_rules: &mut [IndexMap<usize, Applied>],
        diags: &mut Diagnostics,
    ) {
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
}
