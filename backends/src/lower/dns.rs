//! DNS: Resolver endpoints (each with a security group that lets DNS through from the
//! declared ranges only), Resolver rules, their RAM shares and their VPC associations,
//! private hosted zones and records, Route 53 Profiles, DNS Firewall and query logging.
//!
//! Every association is created in the VPC's account: after a RAM share that is the only
//! account that can associate (the share alone associates nothing:
//! landing-zone-accelerator-on-aws #108), and an association from another account waits for
//! the share. A private hosted zone takes the VPCs of its own account inline; a VPC of
//! another account needs the zone owner's authorization first, which only Terraform can
//! express (CloudFormation refuses it, NF0503).

use super::share::{share, Share};
use super::{az_suffix, cidr_name, no_traffic_out, Emitter, Spec};
use crate::graph::{Placement, ResourceId, Value};
use crate::kinds::{Attr, Kind};
use indexmap::IndexMap;
use ipnet::Ipv4Net;
use netform_dsl::{
    BlockResponse, Dns, DnsFirewallAction, DnsProtocol, EndpointDirection, Network, Path,
    ResolverEndpoint, ResolverRule, ResolverRuleType, ValidNetwork, Vpc,
};

pub(crate) fn lower(emit: &mut Emitter<'_>, valid: &ValidNetwork, index: &IndexMap<&str, usize>) {
    let network = valid.network();
    let dns = &network.dns;
    let lower = Lowering {
        valid,
        network,
        index,
        tags: network.tags.clone(),
        root: Path::root().field("dns"),
    };
    for endpoint in &dns.endpoints {
        lower.endpoint(emit, dns, endpoint);
    }
    for rule in &dns.rules {
        lower.rule(emit, dns, rule);
    }
    lower.hosted_zones(emit, dns);
    lower.firewall(emit, dns);
    lower.query_logs(emit, dns);
    lower.profiles(emit, dns);
}

struct Lowering<'n> {
    valid: &'n ValidNetwork,
    network: &'n Network,
    index: &'n IndexMap<&'n str, usize>,
    tags: IndexMap<String, String>,
    root: Path,
}

/// The id of a VPC.
fn vpc_id(vpc: &str) -> ResourceId {
    ResourceId::new(Kind::Vpc, [vpc])
}

impl<'n> Lowering<'n> {
    fn vpc(&self, name: &str) -> (&'n Vpc, usize) {
        let index = self.index[name];
        (&self.valid.network().vpcs[index], index)
    }

    fn add(
        &self,
        emit: &mut Emitter<'_>,
        kind: Kind,
        name: Vec<String>,
        placement: &Placement,
        origin: &Path,
        properties: impl FnOnce(&mut IndexMap<&'static str, Value>),
    ) -> ResourceId {
        emit.add(
            Spec {
                kind,
                name,
                placement,
                origin,
                tags: &self.tags,
            },
            properties,
        )
    }

    /// Shares `resource` from `placement` with `principals`; returns what associations from
    /// other accounts wait for.
    #[allow(clippy::too_many_arguments)]
    fn share(
        &self,
        emit: &mut Emitter<'_>,
        name: String,
        resource: &ResourceId,
        resource_name: &str,
        principals: &[String],
        placement: &Placement,
        path: &Path,
    ) -> Vec<ResourceId> {
        share(
            emit,
            self.network,
            Share {
                name: &name,
                principals,
                resource: resource.attr(Attr::Arn),
                resource_name,
                placement,
                path,
                tags: &self.tags,
            },
        )
    }

    /// Associates what `owner` names (placed at `placement`) with VPC `vpc_name`: the
    /// association lives in the VPC's account and region and, from another account than the
    /// owner's, waits for the owner's RAM share (`shared`).
    #[allow(clippy::too_many_arguments)]
    fn associate(
        &self,
        emit: &mut Emitter<'_>,
        kind: Kind,
        owner: &str,
        vpc_name: &str,
        placement: &Placement,
        shared: &[ResourceId],
        origin: &Path,
        properties: impl FnOnce(&mut IndexMap<&'static str, Value>, &Vpc),
    ) {
        let (vpc, _) = self.vpc(vpc_name);
        let at = Placement {
            account: vpc.account.clone(),
            region: vpc.region.clone(),
        };
        let association = self.add(
            emit,
            kind,
            vec![owner.to_string(), vpc.name.clone()],
            &at,
            origin,
            |p| properties(p, vpc),
        );
        if at.account != placement.account {
            for part in shared {
                emit.depends_on(&association, part);
            }
        }
    }

    fn endpoint(&self, emit: &mut Emitter<'_>, dns: &Dns, endpoint: &ResolverEndpoint) {
        let path = self.root.field("endpoints").key(&endpoint.name);
        let (vpc, _) = self.vpc(&endpoint.vpc);
        let placement = Placement {
            account: vpc.account.clone(),
            region: vpc.region.clone(),
        };
        let name = |parts: &[&str]| {
            let mut name = vec![endpoint.name.clone()];
            name.extend(parts.iter().map(|p| p.to_string()));
            name
        };
        let direction = match endpoint.direction {
            EndpointDirection::Inbound => "inbound",
            EndpointDirection::Outbound => "outbound",
        };
        let group = self.add(
            emit,
            Kind::SecurityGroup,
            name(&[]),
            &placement,
            &path,
            |p| {
                p.insert(
                    "description",
                    format!(
                        "DNS of the {direction} Resolver endpoint {}, from and to declared ranges only",
                        endpoint.name
                    )
                    .into(),
                );
                p.insert("vpc_id", vpc_id(&vpc.name).id().into());
            },
        );
        // Inbound: queries from the allowed ranges. Replies pass by connection tracking; the
        // egress rules to the same ranges exist so that CloudFormation drops its allow-all
        // default (Terraform drops it anyway). Outbound: queries to the targets of the rules
        // that use the endpoint.
        let mut rules: Vec<(&str, &str, Ipv4Net, u32)> = Vec::new();
        match endpoint.direction {
            EndpointDirection::Inbound => {
                let ports = endpoint_ports(&endpoint.protocols);
                for cidr in &endpoint.allow_from {
                    let net: Ipv4Net = cidr.parse().expect("validated CIDR");
                    for &(protocol, port) in &ports {
                        rules.push(("in", protocol, net, port));
                        rules.push(("out", protocol, net, port));
                    }
                }
            }
            EndpointDirection::Outbound => {
                let mut targets: Vec<(Ipv4Net, u32)> = dns
                    .rules
                    .iter()
                    .filter(|r| r.endpoint.as_deref() == Some(endpoint.name.as_str()))
                    .flat_map(|r| &r.targets)
                    .map(|t| {
                        let ip = t.ip.parse().expect("validated target IP");
                        (Ipv4Net::new(ip, 32).expect("a /32"), t.port)
                    })
                    .collect();
                targets.sort();
                targets.dedup();
                for (net, port) in targets {
                    rules.push(("out", "udp", net, port));
                    rules.push(("out", "tcp", net, port));
                }
            }
        }
        // A group with no egress rule keeps CloudFormation's allow-all default (Terraform
        // drops it): say "nothing" explicitly, as AWS CDK does, with a rule no packet matches.
        if !rules.iter().any(|r| r.0 == "out") {
            self.add(
                emit,
                Kind::SgEgress,
                name(&["out", "none"]),
                &placement,
                &path,
                |p| no_traffic_out(p, &group),
            );
        }
        for (way, protocol, net, port) in rules {
            let (kind, text) = match way {
                "in" => (Kind::SgIngress, "from"),
                _ => (Kind::SgEgress, "to"),
            };
            let label = format!("{protocol}{port}");
            self.add(
                emit,
                kind,
                name(&[way, &label, &cidr_name(&net)]),
                &placement,
                &path,
                |p| {
                    p.insert("security_group_id", group.id().into());
                    p.insert("ip_protocol", protocol.into());
                    p.insert("from_port", i64::from(port).into());
                    p.insert("to_port", i64::from(port).into());
                    p.insert("cidr_ipv4", net.to_string().into());
                    p.insert(
                        "description",
                        format!("DNS ({protocol} {port}) {text} {net}").into(),
                    );
                },
            );
        }

        let addresses: Vec<Value> = vpc
            .azs
            .iter()
            .enumerate()
            .map(|(i, az)| {
                let subnet = ResourceId::new(
                    Kind::Subnet,
                    [
                        vpc.name.as_str(),
                        endpoint.subnet_group.as_str(),
                        az_suffix(az),
                    ],
                );
                let mut fields = vec![("subnet_id", Value::from(subnet.id()))];
                if let Some(ip) = endpoint.ips.get(i) {
                    fields.push(("ip", ip.as_str().into()));
                }
                Value::fields(fields)
            })
            .collect();
        let resolver = self.add(
            emit,
            Kind::ResolverEndpoint,
            name(&[]),
            &placement,
            &path,
            |p| {
                p.insert("name", emit_name(self.network, &endpoint.name).into());
                p.insert("direction", endpoint.direction.as_aws().into());
                p.insert("security_group_ids", Value::List(vec![group.id().into()]));
                p.insert("ip_addresses", Value::List(addresses));
                p.insert(
                    "protocols",
                    Value::strings(endpoint.protocols.iter().map(|p| p.as_aws())),
                );
            },
        );
        emit.output(
            &resolver,
            vec![endpoint.name.clone(), "resolver-endpoint-id".into()],
            format!("Id of the {direction} Resolver endpoint {}", endpoint.name),
        );
    }

    /// Where a rule lives: its endpoint's VPC for a forward rule, else its own fields.
    fn rule_placement(&self, dns: &Dns, rule: &ResolverRule) -> Placement {
        match (&rule.account, &rule.region) {
            (Some(account), Some(region)) => Placement {
                account: account.clone(),
                region: region.clone(),
            },
            _ => {
                let endpoint = rule
                    .endpoint
                    .as_deref()
                    .and_then(|e| dns.endpoint(e))
                    .expect("validated: a rule has an endpoint or an account and a region");
                let (vpc, _) = self.vpc(&endpoint.vpc);
                Placement {
                    account: vpc.account.clone(),
                    region: vpc.region.clone(),
                }
            }
        }
    }

    fn rule(&self, emit: &mut Emitter<'_>, dns: &Dns, rule: &ResolverRule) {
        let path = self.root.field("rules").key(&rule.name);
        let placement = self.rule_placement(dns, rule);
        let id = self.add(
            emit,
            Kind::ResolverRule,
            vec![rule.name.clone()],
            &placement,
            &path,
            |p| {
                p.insert("name", emit_name(self.network, &rule.name).into());
                p.insert("domain_name", rule.domain.as_str().into());
                p.insert("rule_type", rule.rule_type.as_aws().into());
                if rule.rule_type == ResolverRuleType::Forward {
                    let endpoint = rule.endpoint.as_deref().expect("validated forward rule");
                    p.insert(
                        "resolver_endpoint_id",
                        ResourceId::new(Kind::ResolverEndpoint, [endpoint])
                            .id()
                            .into(),
                    );
                    p.insert(
                        "target_ips",
                        Value::List(
                            rule.targets
                                .iter()
                                .map(|t| {
                                    Value::fields([
                                        ("ip", t.ip.as_str().into()),
                                        ("port", i64::from(t.port).into()),
                                    ])
                                })
                                .collect(),
                        ),
                    );
                }
            },
        );
        let shared = self.share(
            emit,
            format!("{}-rule", rule.name),
            &id,
            "rule",
            &rule.share_with,
            &placement,
            &path.field("share_with"),
        );
        for (i, vpc_name) in rule.associations.iter().enumerate() {
            self.associate(
                emit,
                Kind::RuleAssociation,
                &rule.name,
                vpc_name,
                &placement,
                &shared,
                &path.field("associations").index(i),
                |p, vpc| {
                    p.insert(
                        "name",
                        emit_name(self.network, &format!("{}-{}", rule.name, vpc.name)).into(),
                    );
                    p.insert("resolver_rule_id", id.id().into());
                    p.insert("vpc_id", vpc_id(&vpc.name).id().into());
                },
            );
        }
    }

    fn hosted_zones(&self, emit: &mut Emitter<'_>, dns: &Dns) {
        for zone in &dns.hosted_zones {
            let path = self.root.field("hosted_zones").key(&zone.name);
            let vpcs: Vec<&Vpc> = zone.vpcs.iter().map(|v| self.vpc(v).0).collect();
            let own: Vec<&&Vpc> = vpcs.iter().filter(|v| v.account == zone.account).collect();
            // A zone is global; its stack is the region of its first own VPC.
            let region = own
                .first()
                .map(|v| v.region.clone())
                .expect("validated: a private zone has a VPC of its own account");
            let placement = Placement {
                account: zone.account.clone(),
                region,
            };
            let foreign = vpcs.len() > own.len();
            let id = self.add(
                emit,
                Kind::HostedZone,
                vec![zone.name.clone()],
                &placement,
                &path,
                |p| {
                    p.insert("name", zone.domain.as_str().into());
                    p.insert(
                        "comment",
                        format!(
                            "netform private hosted zone {} of {}",
                            zone.name, self.network.name
                        )
                        .into(),
                    );
                    p.insert(
                        "vpcs",
                        Value::List(
                            own.iter()
                                .map(|v| {
                                    Value::fields([
                                        ("zone_vpc_id", vpc_id(&v.name).id().into()),
                                        ("zone_vpc_region", v.region.as_str().into()),
                                    ])
                                })
                                .collect(),
                        ),
                    );
                    if foreign {
                        p.insert("ignore_changes", Value::List(vec![Value::Name("vpc")]));
                    }
                },
            );
            for (i, vpc) in vpcs.iter().enumerate() {
                if vpc.account == zone.account {
                    continue;
                }
                let origin = path.field("vpcs").index(i);
                let account_id = &self.network.account(&vpc.account).expect("validated").id;
                let refusal = format!(
                    "private hosted zone {:?} ({}) is associated with VPC {:?} of account {} ({account_id}), but CloudFormation has no resource for a cross-account association authorization",
                    zone.name, zone.domain, vpc.name, vpc.account
                );
                let link = |p: &mut IndexMap<&'static str, Value>| {
                    p.insert("zone_id", id.id().into());
                    p.insert("vpc_id", vpc_id(&vpc.name).id().into());
                    p.insert("vpc_region", vpc.region.as_str().into());
                };
                let authorization = self.add(
                    emit,
                    Kind::ZoneAuthorization,
                    vec![zone.name.clone(), vpc.name.clone()],
                    &placement,
                    &origin,
                    |p| {
                        link(p);
                        p.insert("refusal", refusal.into());
                    },
                );
                let at = Placement {
                    account: vpc.account.clone(),
                    region: vpc.region.clone(),
                };
                let association = self.add(
                    emit,
                    Kind::ZoneAssociation,
                    vec![zone.name.clone(), vpc.name.clone()],
                    &at,
                    &origin,
                    link,
                );
                emit.depends_on(&association, &authorization);
            }
            for (i, record) in zone.records.iter().enumerate() {
                let fqdn = match record.name.as_str() {
                    "@" => zone.domain.clone(),
                    name => format!("{name}.{}", zone.domain),
                };
                let label = netform_dsl::name::record_label(&record.name);
                self.add(
                    emit,
                    Kind::Record,
                    vec![
                        zone.name.clone(),
                        label,
                        record.record_type.as_aws().to_ascii_lowercase(),
                    ],
                    &placement,
                    &path.field("records").index(i),
                    |p| {
                        p.insert("zone_id", id.id().into());
                        p.insert("name", fqdn.into());
                        p.insert("type", record.record_type.as_aws().into());
                        match &record.alias {
                            // An alias has no TTL or values: Route 53 answers with the
                            // endpoint's regional name's addresses.
                            Some(alias) => {
                                let endpoint = ResourceId::new(
                                    Kind::VpcEndpoint,
                                    [
                                        alias.vpc.clone(),
                                        alias.service.replace('.', "-"),
                                        "interface".to_string(),
                                    ],
                                );
                                p.insert(
                                    "alias",
                                    Value::fields([
                                        ("alias_dns_name", endpoint.attr(Attr::DnsName).into()),
                                        ("alias_zone_id", endpoint.attr(Attr::DnsZoneId).into()),
                                        ("evaluate_target_health", false.into()),
                                    ]),
                                );
                            }
                            None => {
                                p.insert("ttl", i64::from(record.ttl).into());
                                p.insert("records", Value::strings(record.values.iter().cloned()));
                            }
                        }
                    },
                );
            }
        }
    }

    fn firewall(&self, emit: &mut Emitter<'_>, dns: &Dns) {
        for list in &dns.domain_lists {
            let path = self.root.field("domain_lists").key(&list.name);
            let placement = Placement {
                account: list.account.clone(),
                region: list.region.clone(),
            };
            self.add(
                emit,
                Kind::DomainList,
                vec![list.name.clone()],
                &placement,
                &path,
                |p| {
                    p.insert("name", emit_name(self.network, &list.name).into());
                    p.insert("domains", Value::strings(list.domains.iter().cloned()));
                },
            );
        }
        for group in &dns.firewall_rule_groups {
            let path = self.root.field("firewall_rule_groups").key(&group.name);
            let placement = Placement {
                account: group.account.clone(),
                region: group.region.clone(),
            };
            let id = self.add(
                emit,
                Kind::DnsRuleGroup,
                vec![group.name.clone()],
                &placement,
                &path,
                |p| {
                    p.insert("name", emit_name(self.network, &group.name).into());
                },
            );
            for rule in &group.rules {
                self.add(
                    emit,
                    Kind::DnsRule,
                    vec![group.name.clone(), rule.name.clone()],
                    &placement,
                    &path.field("rules").key(&rule.name),
                    |p| {
                        p.insert("firewall_rule_group_id", id.id().into());
                        p.insert("name", rule.name.as_str().into());
                        p.insert("priority", i64::from(rule.priority).into());
                        let action = match rule.action {
                            DnsFirewallAction::Allow => "ALLOW",
                            DnsFirewallAction::Alert => "ALERT",
                            DnsFirewallAction::Block(_) => "BLOCK",
                        };
                        p.insert("action", action.into());
                        p.insert(
                            "firewall_domain_list_id",
                            ResourceId::new(Kind::DomainList, [rule.domain_list.as_str()])
                                .id()
                                .into(),
                        );
                        if let DnsFirewallAction::Block(response) = &rule.action {
                            match response {
                                BlockResponse::Nodata => {
                                    p.insert("block_response", "NODATA".into());
                                }
                                BlockResponse::Nxdomain => {
                                    p.insert("block_response", "NXDOMAIN".into());
                                }
                                BlockResponse::Override { domain, ttl } => {
                                    p.insert("block_response", "OVERRIDE".into());
                                    p.insert("block_override_dns_type", "CNAME".into());
                                    p.insert("block_override_domain", domain.as_str().into());
                                    p.insert("block_override_ttl", i64::from(*ttl).into());
                                }
                            }
                        }
                    },
                );
            }
            let shared = self.share(
                emit,
                format!("{}-dns-firewall", group.name),
                &id,
                "rule-group",
                &group.share_with,
                &placement,
                &path.field("share_with"),
            );
            for (i, association) in group.associations.iter().enumerate() {
                self.associate(
                    emit,
                    Kind::DnsFirewallAssociation,
                    &group.name,
                    &association.vpc,
                    &placement,
                    &shared,
                    &path.field("associations").index(i),
                    |p, vpc| {
                        p.insert(
                            "name",
                            emit_name(self.network, &format!("{}-{}", group.name, vpc.name)).into(),
                        );
                        p.insert("firewall_rule_group_id", id.id().into());
                        p.insert("vpc_id", vpc_id(&vpc.name).id().into());
                        p.insert("priority", i64::from(association.priority).into());
                    },
                );
            }
        }
    }

    fn query_logs(&self, emit: &mut Emitter<'_>, dns: &Dns) {
        for config in &dns.query_logs {
            let path = self.root.field("query_logs").key(&config.name);
            let placement = Placement {
                account: config.account.clone(),
                region: config.region.clone(),
            };
            let id = self.add(
                emit,
                Kind::QueryLogConfig,
                vec![config.name.clone()],
                &placement,
                &path,
                |p| {
                    p.insert("name", emit_name(self.network, &config.name).into());
                    p.insert("destination_arn", config.destination.arn().into());
                },
            );
            let shared = self.share(
                emit,
                format!("{}-query-log", config.name),
                &id,
                "config",
                &config.share_with,
                &placement,
                &path.field("share_with"),
            );
            for (i, vpc_name) in config.associations.iter().enumerate() {
                self.associate(
                    emit,
                    Kind::QueryLogAssociation,
                    &config.name,
                    vpc_name,
                    &placement,
                    &shared,
                    &path.field("associations").index(i),
                    |p, vpc| {
                        p.insert("resolver_query_log_config_id", id.id().into());
                        p.insert("resource_id", vpc_id(&vpc.name).id().into());
                    },
                );
            }
        }
    }

    fn profiles(&self, emit: &mut Emitter<'_>, dns: &Dns) {
        for profile in &dns.profiles {
            let path = self.root.field("profiles").key(&profile.name);
            let placement = Placement {
                account: profile.account.clone(),
                region: profile.region.clone(),
            };
            let id = self.add(
                emit,
                Kind::Profile,
                vec![profile.name.clone()],
                &placement,
                &path,
                |p| {
                    p.insert("name", emit_name(self.network, &profile.name).into());
                },
            );
            // What the profile carries: (kind of resource, its name, its kind, properties).
            let mut carried: Vec<(&str, &str, Kind, Option<String>)> = Vec::new();
            carried.extend(
                profile
                    .rules
                    .iter()
                    .map(|r| ("rule", r.as_str(), Kind::ResolverRule, None)),
            );
            carried.extend(
                profile
                    .hosted_zones
                    .iter()
                    .map(|z| ("zone", z.as_str(), Kind::HostedZone, None)),
            );
            // A rule group's priority in the profile goes in ResourceProperties as JSON
            // (AssociateResourceToProfile: `{"priority": 102}`, 100 to 9900).
            carried.extend(profile.firewall_rule_groups.iter().map(|g| {
                (
                    "dns-firewall",
                    g.group.as_str(),
                    Kind::DnsRuleGroup,
                    Some(format!("{{\"priority\":{}}}", g.priority)),
                )
            }));
            carried.extend(
                profile
                    .query_logs
                    .iter()
                    .map(|q| ("query-log", q.as_str(), Kind::QueryLogConfig, None)),
            );
            for (what, name, kind, properties) in carried {
                self.add(
                    emit,
                    Kind::ProfileResource,
                    vec![profile.name.clone(), what.to_string(), name.to_string()],
                    &placement,
                    &path,
                    |p| {
                        p.insert(
                            "name",
                            emit_name(self.network, &format!("{}-{what}-{name}", profile.name))
                                .into(),
                        );
                        p.insert("profile_id", id.id().into());
                        p.insert(
                            "resource_arn",
                            ResourceId::new(kind, [name]).attr(Attr::Arn).into(),
                        );
                        if let Some(properties) = properties {
                            p.insert("resource_properties", properties.into());
                        }
                    },
                );
            }
            let shared = self.share(
                emit,
                format!("{}-profile", profile.name),
                &id,
                "profile",
                &profile.share_with,
                &placement,
                &path.field("share_with"),
            );
            for (i, vpc_name) in profile.associations.iter().enumerate() {
                self.associate(
                    emit,
                    Kind::ProfileAssociation,
                    &profile.name,
                    vpc_name,
                    &placement,
                    &shared,
                    &path.field("associations").index(i),
                    |p, vpc| {
                        p.insert(
                            "name",
                            emit_name(self.network, &format!("{}-{}", profile.name, vpc.name))
                                .into(),
                        );
                        p.insert("profile_id", id.id().into());
                        p.insert("resource_id", vpc_id(&vpc.name).id().into());
                    },
                );
            }
        }
    }
}

/// The AWS-facing name of a DNS element: `<network>-<name>`.
fn emit_name(network: &Network, name: &str) -> String {
    format!("{}-{name}", network.name)
}

/// The ports a Resolver endpoint listens on: UDP and TCP 53 for Do53, TCP 443 for DoH.
fn endpoint_ports(protocols: &[DnsProtocol]) -> Vec<(&'static str, u32)> {
    let mut ports = Vec::new();
    if protocols.contains(&DnsProtocol::Do53) {
        ports.extend([("udp", 53), ("tcp", 53)]);
    }
    if protocols
        .iter()
        .any(|p| matches!(p, DnsProtocol::DoH | DnsProtocol::DohFips))
    {
        ports.push(("tcp", 443));
    }
    ports
}
