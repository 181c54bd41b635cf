//! Inspection rules: the inspection VPC has the subnets, attachment and NAT gateways its
//! design needs, and every Network Firewall rule is one AWS accepts.

use super::hub::VpcIndex;
use super::names::check_siblings;
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::inspection::{
    FirewallPolicy, FiveTupleRule, Inspection, InspectionEngine, StatefulRules, StatelessRule,
};
use crate::model::{NatMode, Network, Tier, Vpc};
use crate::path::Path;
use crate::plan::parse_cidr;
use indexmap::{IndexMap, IndexSet};

/// "Maximum stateful rule group capacity: 30,000" and the same for stateless rule groups
/// ("AWS Network Firewall quotas", Network Firewall Developer Guide).
pub(crate) const MAX_RULE_GROUP_CAPACITY: u32 = 30_000;
/// "Maximum character length of a Suricata rule ...: 8,192" (same page).
const MAX_SURICATA_RULE: usize = 8_192;
/// "Maximum size of a Suricata-compatible rules string for a rule group, in bytes: 2,000,000".
const MAX_SURICATA_BYTES: usize = 2_000_000;
/// "Maximum number of firewalls per account per Region: 5" (adjustable; same page).
const DEFAULT_FIREWALL_QUOTA: usize = 5;

/// Protocols a stateful 5-tuple rule header takes (`Header.Protocol`, AWS Network Firewall
/// API Reference).
const STATEFUL_PROTOCOLS: &[&str] = &[
    "IP", "TCP", "UDP", "ICMP", "HTTP", "FTP", "TLS", "SMB", "DNS", "DCERPC", "SSH", "SMTP",
    "IMAP", "MSN", "KRB5", "IKEV2", "TFTP", "NTP", "DHCP", "HTTP2", "QUIC",
];

pub(super) fn check(network: &Network, diags: &mut Diagnostics) {
    let vpcs = VpcIndex::new(network);
    let root = Path::root().field("inspections");
    let mut seen: IndexSet<&str> = IndexSet::new();
    let mut firewalls: IndexMap<(&str, &str), usize> = IndexMap::new();
    for inspection in &network.inspections {
        let path = root.key(&inspection.vpc);
        if !seen.insert(inspection.vpc.as_str()) {
            diags.push(
                Diagnostic::error(
                    Code::NameDuplicate,
                    path.clone(),
                    format!(
                        "vpc {:?} is declared an inspection VPC twice",
                        inspection.vpc
                    ),
                )
                .with_help("declare each inspection VPC once"),
            );
            continue;
        }
        let Some((_, vpc)) = vpcs.get(&inspection.vpc) else {
            diags.push(
                Diagnostic::error(
                    Code::UnknownReference,
                    path.field("vpc"),
                    format!(
                        "inspection names vpc {:?}, which the network does not declare",
                        inspection.vpc
                    ),
                )
                .with_help(
                    "declare the VPC, with transit, firewall (and for egress public) subnet groups",
                ),
            );
            continue;
        };
        check_layout(network, inspection, vpc, &path, diags);
        match &inspection.engine {
            InspectionEngine::NetworkFirewall(policy) => {
                *firewalls
                    .entry((vpc.account.as_str(), vpc.region.as_str()))
                    .or_default() += vpc.azs.len();
                check_policy(
                    policy,
                    &path.field("engine").field("network_firewall"),
                    diags,
                );
            }
            InspectionEngine::Gwlb(gwlb) => {
                let gwlb_path = path.field("engine").field("gwlb");
                check_group(
                    vpc,
                    &gwlb.appliance_group,
                    None,
                    &gwlb_path.field("appliance_group"),
                    diags,
                );
                if gwlb.health_check_port == 0 {
                    diags.push(
                        Diagnostic::error(
                            Code::InspectionLayout,
                            gwlb_path.field("health_check_port"),
                            "the appliances' health check port is 0".to_string(),
                        )
                        .with_help("use the port the appliances answer health checks on (1-65535)"),
                    );
                }
            }
        }
    }
    // netform deploys one firewall per AZ (see docs/tgw-hub-spoke.md), so each AZ counts
    // against the per-account, per-region firewall quota.
    for ((account, region), count) in firewalls {
        if count > DEFAULT_FIREWALL_QUOTA {
            diags.push(
                Diagnostic::warning(
                    Code::FirewallQuota,
                    root.clone(),
                    format!(
                        "account {account:?} gets {count} Network Firewall firewalls in {region} (one per inspection AZ); the default quota is {DEFAULT_FIREWALL_QUOTA}"
                    ),
                )
                .with_help("ask AWS for a higher 'firewalls per account per Region' quota before deploying"),
            );
        }
    }
}

/// A subnet group of `vpc` named `name`, of tier `tier` if one is required.
fn check_group(vpc: &Vpc, name: &str, tier: Option<Tier>, path: &Path, diags: &mut Diagnostics) {
    let Some(group) = vpc.subnet_groups.iter().find(|g| g.name == name) else {
        let groups: Vec<&str> = vpc.subnet_groups.iter().map(|g| g.name.as_str()).collect();
        diags.push(
            Diagnostic::error(
                Code::UnknownSubnetGroup,
                path.clone(),
                format!("vpc {:?} has no subnet group {name:?}", vpc.name),
            )
            .with_help(format!("its groups: {}", groups.join(", "))),
        );
        return;
    };
    if let Some(tier) = tier {
        if group.tier != tier {
            diags.push(
                Diagnostic::error(
                    Code::InspectionLayout,
                    path.clone(),
                    format!(
                        "subnet group {name:?} of vpc {:?} is {}, but inspection endpoints need a dedicated {} group",
                        vpc.name,
                        group.tier.as_str(),
                        tier.as_str()
                    ),
                )
                .with_help("give the endpoints their own subnet group: its route table steers inspected traffic onwards"),
            );
        }
    }
}

fn check_layout(
    network: &Network,
    inspection: &Inspection,
    vpc: &Vpc,
    path: &Path,
    diags: &mut Diagnostics,
) {
    check_group(
        vpc,
        &inspection.firewall_group,
        Some(Tier::Firewall),
        &path.field("firewall_group"),
        diags,
    );
    let attached = network
        .transit_gateways
        .iter()
        .any(|t| t.attachments.iter().any(|a| a.vpc == vpc.name))
        || network
            .core_network
            .iter()
            .any(|c| c.attachments.iter().any(|a| a.vpc == vpc.name));
    if !attached {
        diags.push(
            Diagnostic::error(
                Code::InspectionLayout,
                path.clone(),
                format!(
                    "inspection vpc {:?} is not attached to any hub, so no traffic reaches it",
                    vpc.name
                ),
            )
            .with_help("attach it to the Transit Gateway (with appliance mode) and name it as the hub's inspection"),
        );
    }
    if inspection.egress {
        let public = vpc.subnet_groups.iter().any(|g| g.tier == Tier::Public);
        // One NAT gateway per AZ: with a single one, AZ b's inspected traffic leaves through
        // AZ a and its replies come back through AZ a's endpoint, so the two directions of a
        // flow meet different endpoints.
        if !public || vpc.nat != NatMode::PerAz {
            diags.push(
                Diagnostic::error(
                    Code::InspectionLayout,
                    path.field("egress"),
                    format!(
                        "inspection vpc {:?} is the egress but has {}",
                        vpc.name,
                        match (public, vpc.nat) {
                            (false, _) => "no public subnet group",
                            (true, NatMode::Single) => "nat single, not per-az",
                            _ => "nat none, not per-az",
                        }
                    ),
                )
                .with_help("give it a public subnet group and nat per-az: inspected traffic leaves through the NAT gateway of its AZ"),
            );
        }
    }
}

fn check_policy(policy: &FirewallPolicy, path: &Path, diags: &mut Diagnostics) {
    check_siblings(
        "rule group",
        policy
            .stateless_rule_groups
            .iter()
            .map(|g| g.name.as_str())
            .chain(policy.stateful_rule_groups.iter().map(|g| g.name.as_str())),
        &path.field("rule_groups"),
        diags,
    );
    for group in &policy.stateless_rule_groups {
        let path = path.field("stateless_rule_groups").key(&group.name);
        let mut priorities = IndexSet::new();
        let mut needed: u64 = 0;
        for (i, rule) in group.rules.iter().enumerate() {
            let rule_path = path.field("rules").index(i);
            if rule.priority == 0 || rule.priority > 65_535 || !priorities.insert(rule.priority) {
                rule_error(
                    rule_path.field("priority"),
                    format!(
                        "stateless rule priority {} in group {:?} is {}",
                        rule.priority,
                        group.name,
                        if rule.priority == 0 || rule.priority > 65_535 {
                            "outside 1-65535"
                        } else {
                            "used twice"
                        }
                    ),
                    "give each rule of the group its own priority from 1 to 65535",
                    diags,
                );
            }
            check_stateless_rule(rule, &rule_path, diags);
            needed += stateless_capacity(rule);
        }
        check_capacity(&group.name, group.capacity, needed, &path, diags);
    }
    for group in &policy.stateful_rule_groups {
        let path = path.field("stateful_rule_groups").key(&group.name);
        let rules_path = path.field("rules");
        let needed = match &group.rules {
            StatefulRules::Domains { domains, .. } => {
                check_domains(domains, &rules_path.field("domains"), diags);
                domains.len() as u64
            }
            StatefulRules::FiveTuple(rules) => {
                let mut sids = IndexSet::new();
                for (i, rule) in rules.iter().enumerate() {
                    check_five_tuple(
                        rule,
                        &mut sids,
                        &rules_path.field("five_tuple").index(i),
                        diags,
                    );
                }
                rules.len() as u64
            }
            StatefulRules::Suricata(text) => {
                check_suricata(text, &rules_path.field("suricata"), diags)
            }
        };
        check_capacity(&group.name, group.capacity, needed, &path, diags);
    }
}

fn rule_error(path: Path, message: String, help: &str, diags: &mut Diagnostics) {
    diags.push(Diagnostic::error(Code::FirewallRule, path, message).with_help(help));
}

/// The capacity a stateless rule uses: the product of its match settings, each counting at
/// least one ("Capacity for stateless rule groups", Network Firewall Developer Guide).
fn stateless_capacity(rule: &StatelessRule) -> u64 {
    [
        rule.sources.len(),
        rule.destinations.len(),
        rule.source_ports.len(),
        rule.destination_ports.len(),
        rule.protocols.len(),
    ]
    .iter()
    .map(|n| (*n).max(1) as u64)
    .product()
}

fn check_capacity(name: &str, capacity: u32, needed: u64, path: &Path, diags: &mut Diagnostics) {
    if capacity == 0 || capacity > MAX_RULE_GROUP_CAPACITY {
        rule_error(
            path.field("capacity"),
            format!(
                "rule group {name:?} has capacity {capacity}, outside 1-{MAX_RULE_GROUP_CAPACITY}"
            ),
            "capacity is fixed when the group is created: size it for growth, within the quota",
            diags,
        );
    } else if needed > u64::from(capacity) {
        rule_error(
            path.field("capacity"),
            format!("rule group {name:?} needs capacity {needed} for its rules but has {capacity}"),
            "raise the capacity (it cannot change after creation) or split the group",
            diags,
        );
    }
}

fn check_stateless_rule(rule: &StatelessRule, path: &Path, diags: &mut Diagnostics) {
    for (field, cidrs) in [
        ("sources", &rule.sources),
        ("destinations", &rule.destinations),
    ] {
        for (i, cidr) in cidrs.iter().enumerate() {
            parse_cidr(cidr, "rule address", &path.field(field).index(i), diags);
        }
    }
    for (field, ranges) in [
        ("source_ports", &rule.source_ports),
        ("destination_ports", &rule.destination_ports),
    ] {
        for (i, range) in ranges.iter().enumerate() {
            if range.from > range.to {
                rule_error(
                    path.field(field).index(i),
                    format!(
                        "port range {}-{} ends before it starts",
                        range.from, range.to
                    ),
                    "write the lower port first",
                    diags,
                );
            }
        }
    }
    let ports = !rule.source_ports.is_empty() || !rule.destination_ports.is_empty();
    if ports && !rule.protocols.iter().all(|p| *p == 6 || *p == 17) {
        rule_error(
            path.field("protocols"),
            "a stateless rule matches ports only for TCP (6) and UDP (17)".to_string(),
            "set protocols to [6], [17] or [6, 17], or drop the ports",
            diags,
        );
    }
}

fn check_domains(domains: &[String], path: &Path, diags: &mut Diagnostics) {
    if domains.is_empty() {
        rule_error(
            path.clone(),
            "the domain list is empty".to_string(),
            "list at least one domain, such as .amazonaws.com",
            diags,
        );
    }
    for (i, domain) in domains.iter().enumerate() {
        let name = domain.strip_prefix('.').unwrap_or(domain);
        let ok = !name.is_empty()
            && name.len() <= 253
            && name.split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && label
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            });
        if !ok {
            rule_error(
                path.index(i),
                format!("{domain:?} is not a domain name"),
                "write domains like example.com, or .example.com for it and every subdomain",
                diags,
            );
        }
    }
}

fn check_five_tuple(
    rule: &FiveTupleRule,
    sids: &mut IndexSet<u32>,
    path: &Path,
    diags: &mut Diagnostics,
) {
    if !STATEFUL_PROTOCOLS.contains(&rule.protocol.as_str()) {
        rule_error(
            path.field("protocol"),
            format!(
                "protocol {:?} is not one Network Firewall matches",
                rule.protocol
            ),
            &format!("use one of {}", STATEFUL_PROTOCOLS.join(", ")),
            diags,
        );
    }
    for (field, value) in [("source", &rule.source), ("destination", &rule.destination)] {
        if value != "ANY" {
            parse_cidr(value, "rule address", &path.field(field), diags);
        }
    }
    for (field, value) in [
        ("source_port", &rule.source_port),
        ("destination_port", &rule.destination_port),
    ] {
        if !is_port_spec(value) {
            rule_error(
                path.field(field),
                format!("{value:?} is not a port, a range like 1024:65535, or ANY"),
                "write a port (443), a range (1024:65535) or ANY",
                diags,
            );
        }
    }
    if rule.sid == 0 || !sids.insert(rule.sid) {
        rule_error(
            path.field("sid"),
            format!(
                "signature id {} is {}",
                rule.sid,
                if rule.sid == 0 {
                    "0"
                } else {
                    "used twice in the group"
                }
            ),
            "give each rule its own sid, 1 or more",
            diags,
        );
    }
}

fn is_port_spec(value: &str) -> bool {
    let port = |p: &str| p.parse::<u16>().is_ok_and(|n| n > 0);
    value == "ANY"
        || port(value)
        || value.split_once(':').is_some_and(|(a, b)| {
            port(a) && port(b) && a.parse::<u16>().ok() <= b.parse::<u16>().ok()
        })
}

/// Checks a Suricata rules string and returns the capacity it needs: one per rule.
fn check_suricata(text: &str, path: &Path, diags: &mut Diagnostics) -> u64 {
    let rules: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    if rules.is_empty() {
        rule_error(
            path.clone(),
            "the Suricata rules string has no rule".to_string(),
            "write at least one rule, one per line",
            diags,
        );
    }
    if text.len() > MAX_SURICATA_BYTES {
        rule_error(
            path.clone(),
            format!(
                "the Suricata rules string is {} bytes, more than {MAX_SURICATA_BYTES}",
                text.len()
            ),
            "split the rules over several rule groups",
            diags,
        );
    }
    for (i, rule) in rules.iter().enumerate() {
        if rule.len() > MAX_SURICATA_RULE {
            rule_error(
                path.clone(),
                format!(
                    "Suricata rule {} is {} characters, more than {MAX_SURICATA_RULE}",
                    i + 1,
                    rule.len()
                ),
                "shorten the rule, for example with IP set variables",
                diags,
            );
        }
    }
    rules.len() as u64
}
