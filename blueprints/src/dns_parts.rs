//! Hybrid DNS for a hub-and-spoke network, as the AWS connectivity guidance ("DNS
//! management") and NET208 describe it, added to a network a blueprint has built:
//!
//! - per region, a shared-services DNS VPC `dns-<code>` in the network account, attached to
//!   the region's hub (Transit Gateway or Cloud WAN), with an inbound and an outbound Resolver
//!   endpoint (one pinned address per AZ for the inbound one, so on-premises forwarders and
//!   rules can name it);
//! - a forwarding rule per on-premises domain, through the outbound endpoint;
//! - per region a private hosted zone for the cloud domain, associated with the DNS VPC, so
//!   on-premises servers resolve it through the inbound endpoint;
//! - for the spokes, either (guidance) the on-premises rules plus a rule forwarding the cloud
//!   domain to the inbound endpoint, shared with RAM and associated with every spoke of the
//!   region, or (`use-profiles=true`, NET208) a Route 53 Profile per region carrying the rules
//!   and the zone, shared with RAM and associated with every spoke;
//! - optionally DNS Firewall (a block list) and Resolver query logging for every spoke.
//!
//! The DNS VPC is pinned to the top /23 of the region's /12, which the spokes' allocations
//! never reach (at most 500 /21s and a /22 before it), so turning DNS on moves no spoke.

use crate::hub_parts::{region_code, share_principals, SUPERNET_FIRST_OCTET};
use crate::params::{ParamKind, ParamSpec, Params};
use crate::UsageError;
use ipnet::Ipv4Net;
use netform_dsl::{
    BlockResponse, CwAttachment, DnsBuilder, DnsFirewallAction, Network, QueryLogDestination,
    RecordType, TgwAttachment, Tier, Vpc,
};
use std::net::Ipv4Addr;

/// `onprem-domains`.
pub(crate) const ONPREM_DOMAINS: ParamSpec = ParamSpec {
    name: "onprem-domains",
    kind: ParamKind::Text,
    default: "corp.example.com",
    help: "on-premises domains forwarded to the on-premises resolvers, comma-separated",
};
/// `onprem-resolvers`.
pub(crate) const ONPREM_RESOLVERS: ParamSpec = ParamSpec {
    name: "onprem-resolvers",
    kind: ParamKind::Text,
    default: "192.168.10.10,192.168.20.10",
    help: "IPv4 addresses of the on-premises DNS servers (port 53), comma-separated",
};
/// `onprem-cidrs`.
pub(crate) const ONPREM_CIDRS: ParamSpec = ParamSpec {
    name: "onprem-cidrs",
    kind: ParamKind::Text,
    default: "192.168.0.0/16",
    help: "on-premises ranges: they may query the inbound endpoints, and no VPC may overlap them",
};
/// `cloud-domain`.
pub(crate) const CLOUD_DOMAIN: ParamSpec = ParamSpec {
    name: "cloud-domain",
    kind: ParamKind::Text,
    default: "aws.example.com",
    help: "the private hosted zone's domain, resolvable from every spoke and from on-premises",
};
/// `use-profiles`.
pub(crate) const USE_PROFILES: ParamSpec = ParamSpec {
    name: "use-profiles",
    kind: ParamKind::Choice(&["false", "true"]),
    default: "false",
    help: "true: a Route 53 Profile per region carries rules, zone, firewall and logging to the spokes; false: rules shared and associated one by one",
};
/// `dns-firewall`.
pub(crate) const DNS_FIREWALL: ParamSpec = ParamSpec {
    name: "dns-firewall",
    kind: ParamKind::Text,
    default: "off",
    help: "off, or domains DNS Firewall blocks (NXDOMAIN) for every spoke, comma-separated",
};
/// `query-logs`.
pub(crate) const QUERY_LOGS: ParamSpec = ParamSpec {
    name: "query-logs",
    kind: ParamKind::Text,
    default: "off",
    help: "off, or the ARN of an S3 bucket, CloudWatch Logs group or Firehose stream for Resolver query logs",
};
/// `dns` (on the hub blueprints).
pub(crate) const DNS_SWITCH: ParamSpec = ParamSpec {
    name: "dns",
    kind: ParamKind::Choice(&["off", "hybrid"]),
    default: "off",
    help: "hybrid: add the hybrid-dns layer (DNS VPC, Resolver endpoints, rules, zone) with the DNS parameters",
};

/// The hub the DNS VPCs attach to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hub {
    /// The region's Transit Gateway `hub-<code>`, in the `spokes` routing domain.
    TransitGateway {
        /// Whether spokes send everything to the hub (central egress).
        egress: bool,
    },
    /// The core network, in segment `shared` if there is one, else the first segment.
    CloudWan {
        /// Whether spokes send everything to the hub (central egress).
        egress: bool,
    },
}

/// The DNS VPC's /23 at the top of region `r`'s /12.
fn dns_vpc_cidr(r: usize) -> Ipv4Net {
    let addr = Ipv4Addr::new(SUPERNET_FIRST_OCTET, (r * 16 + 15) as u8, 254, 0);
    Ipv4Net::new(addr, 23).expect("a /23")
}

/// The /28 of subnet group `group` (0 transit, 1 inbound, 2 outbound) in AZ `az` of the DNS
/// VPC: each group has a /25 (up to 6 AZs at 16 addresses each, 8 slots).
fn dns_subnet(vpc: Ipv4Net, group: u32, az: u32) -> Ipv4Net {
    let base = u32::from(vpc.network()) + group * 128 + az * 16;
    Ipv4Net::new(Ipv4Addr::from(base), 28).expect("a /28")
}

/// The first address AWS does not reserve in a subnet (network, router, DNS, future: the
/// first four; "Subnet CIDR blocks", Amazon VPC User Guide).
fn first_usable(subnet: Ipv4Net) -> Ipv4Addr {
    Ipv4Addr::from(u32::from(subnet.network()) + 4)
}

/// A model name from a domain: `corp.example.com` gives `corp-example-com`.
fn domain_name(domain: &str) -> String {
    domain.trim_end_matches('.').replace(['.', '_'], "-")
}

/// Adds the hybrid DNS layer to `network`, built by a blueprint with `params` (which has
/// `regions`, `azs`, `share-with`, `workload-account-ids` and the DNS parameters).
pub(crate) fn add_dns(network: &mut Network, params: &Params, hub: Hub) -> Result<(), UsageError> {
    let bad = |param: &str, expected: &str| UsageError::BadValue {
        param: param.to_string(),
        value: params.text(param).to_string(),
        expected: expected.to_string(),
    };
    let domains: Vec<&str> = params
        .list("onprem-domains")
        .into_iter()
        .filter(|d| !d.is_empty())
        .collect();
    let resolvers: Vec<&str> = params
        .list("onprem-resolvers")
        .into_iter()
        .filter(|d| !d.is_empty())
        .collect();
    if !domains.is_empty() && resolvers.is_empty() {
        return Err(bad(
            "onprem-resolvers",
            "at least one resolver address when onprem-domains is set",
        ));
    }
    let onprem_cidrs: Vec<&str> = params
        .list("onprem-cidrs")
        .into_iter()
        .filter(|d| !d.is_empty())
        .collect();
    let cloud_domain = params.text("cloud-domain");
    let profiles = params.text("use-profiles") == "true";
    let blocked: Vec<&str> = match params.text("dns-firewall") {
        "off" => Vec::new(),
        _ => params.list("dns-firewall"),
    };
    let logs = match params.text("query-logs") {
        "off" => None,
        arn if arn.contains(":s3:::") => Some(QueryLogDestination::S3 {
            bucket_arn: arn.to_string(),
        }),
        arn if arn.contains(":logs:") => Some(QueryLogDestination::CloudWatch {
            log_group_arn: arn.to_string(),
        }),
        arn if arn.contains(":firehose:") => Some(QueryLogDestination::Firehose {
            stream_arn: arn.to_string(),
        }),
        _ => {
            return Err(bad(
                "query-logs",
                "off, or an ARN of an S3 bucket (arn:aws:s3:::...), a CloudWatch Logs group (arn:aws:logs:...) or a Firehose stream (arn:aws:firehose:...)",
            ))
        }
    };
    let principals = share_principals(params);
    let azs_wanted = params.int("azs") as usize;
    let regions = params.list("regions");

    let mut dns = DnsBuilder::from_dns(std::mem::take(&mut network.dns));
    // Every region's zone lists every region's inbound addresses, so on-premises servers get
    // the same answers whichever region they ask.
    let records: Vec<(String, Vec<String>)> = regions
        .iter()
        .enumerate()
        .map(|(r, region)| {
            let ips = (0..azs_wanted as u32)
                .map(|az| first_usable(dns_subnet(dns_vpc_cidr(r), 1, az)).to_string())
                .collect();
            (format!("inbound-{}", region_code(region)), ips)
        })
        .collect();
    for (r, region) in regions.iter().enumerate() {
        let code = region_code(region);
        let info = netform_dsl::region::region(region).expect("checked to be a known region");
        let azs: Vec<String> = info.az_names().into_iter().take(azs_wanted).collect();
        let cidr = dns_vpc_cidr(r);
        let vpc_name = format!("dns-{code}");
        let pinned = |group: u32| -> Vec<String> {
            (0..azs.len() as u32)
                .map(|az| dns_subnet(cidr, group, az).to_string())
                .collect()
        };
        let mut vpc = Vpc::builder(&vpc_name, "network", *region)
            .cidr(cidr.to_string())
            .azs(azs.clone())
            .subnets_pinned("transit", Tier::Transit, pinned(0))
            .subnets_pinned("inbound", Tier::Private, pinned(1))
            .subnets_pinned("outbound", Tier::Private, pinned(2))
            .build();
        if let Some(spoke) = network.vpcs.iter().find(|v| v.region == *region) {
            vpc.flow_logs = spoke.flow_logs.clone();
        }
        network.vpcs.push(vpc);
        attach(network, hub, &vpc_name, &code, &onprem_cidrs);

        let spokes: Vec<String> = network
            .vpcs
            .iter()
            .filter(|v| v.region == *region && v.account != "network")
            .map(|v| v.name.clone())
            .collect();
        let inbound_ips: Vec<String> = (0..azs.len() as u32)
            .map(|az| first_usable(dns_subnet(cidr, 1, az)).to_string())
            .collect();
        // A zone per region, associated with the region's DNS VPC: one global zone would tie
        // every region's stacks to each other (and a region's DNS to another's).
        let zone = format!("cloud-{code}");
        dns = dns.hosted_zone(&zone, cloud_domain, "network", |z| {
            records.iter().fold(z.vpc(&vpc_name), |z, (name, ips)| {
                z.record(name, RecordType::A, ips)
            })
        });

        let inbound = format!("inbound-{code}");
        let outbound = format!("outbound-{code}");
        let ips = inbound_ips.clone();
        let allow: Vec<String> = onprem_cidrs
            .iter()
            .map(|c| c.to_string())
            .chain([cidr.to_string()])
            .collect();
        dns = dns
            .inbound_endpoint(&inbound, &vpc_name, "inbound", |e| {
                allow.iter().fold(e.ips(ips), |e, c| e.allow_from(c))
            })
            .outbound_endpoint(&outbound, &vpc_name, "outbound", |e| e);

        let mut rules = Vec::new();
        for domain in &domains {
            let name = format!("{}-{code}", domain_name(domain));
            dns = dns.forward(&name, *domain, &outbound, |rule| {
                let rule = resolvers.iter().fold(rule, |rule, ip| rule.target(*ip));
                share_and_associate(rule, profiles, &principals, &spokes)
            });
            rules.push(name);
        }
        // Without profiles, the spokes reach the cloud zone through the inbound endpoint of
        // the DNS VPC, which the zone is associated with (the guidance's second rule).
        if !profiles {
            let name = format!("{}-{code}", domain_name(cloud_domain));
            dns = dns.forward(&name, cloud_domain, &outbound, |rule| {
                let rule = inbound_ips.iter().fold(rule, |rule, ip| rule.target(ip));
                share_and_associate(rule, false, &principals, &spokes)
            });
        }

        let firewall = format!("dns-firewall-{code}");
        if !blocked.is_empty() {
            let list = format!("blocked-{code}");
            dns = dns
                .domain_list(&list, "network", *region, blocked.iter().copied())
                .firewall_rule_group(&firewall, "network", *region, |g| {
                    let g = g.rule(
                        "block",
                        100,
                        &list,
                        DnsFirewallAction::Block(BlockResponse::Nxdomain),
                    );
                    if profiles {
                        return g;
                    }
                    let g = spokes.iter().fold(g, |g, s| g.associate(s, 101));
                    principals.iter().fold(g, |g, p| g.share_with(p))
                });
        }
        let log = format!("queries-{code}");
        if let Some(destination) = &logs {
            dns = dns.query_log(&log, "network", *region, destination.clone(), |q| {
                let q = q.associate(&vpc_name);
                if profiles {
                    return q;
                }
                let q = spokes.iter().fold(q, |q, s| q.associate(s));
                principals.iter().fold(q, |q, p| q.share_with(p))
            });
        }
        if profiles {
            dns = dns.profile(format!("dns-{code}"), "network", *region, |p| {
                let mut p = rules.iter().fold(p, |p, r| p.rule(r)).hosted_zone(&zone);
                if !blocked.is_empty() {
                    p = p.firewall_rule_group(&firewall, 101);
                }
                if logs.is_some() {
                    p = p.query_log(&log);
                }
                let p = spokes.iter().fold(p, |p, s| p.associate(s));
                principals.iter().fold(p, |p, x| p.share_with(x))
            });
        }
    }
    network.dns = dns.build();
    Ok(())
}

/// Shares a rule and associates it with the spokes (without profiles; with them the
/// profile carries it).
fn share_and_associate(
    rule: netform_dsl::RuleBuilder,
    profiles: bool,
    principals: &[String],
    spokes: &[String],
) -> netform_dsl::RuleBuilder {
    if profiles {
        return rule;
    }
    let rule = principals.iter().fold(rule, |r, p| r.share_with(p));
    spokes.iter().fold(rule, |r, s| r.associate(s))
}

/// Attaches a shared-services VPC (DNS, endpoints) to the region's hub; its private subnets send the internal
/// supernet (or everything, with central egress) and the on-premises ranges to it.
pub(crate) fn attach(network: &mut Network, hub: Hub, vpc: &str, code: &str, onprem: &[&str]) {
    let mut routes = vec![match hub {
        Hub::TransitGateway { egress: true } | Hub::CloudWan { egress: true } => {
            "0.0.0.0/0".to_string()
        }
        _ => format!("{SUPERNET_FIRST_OCTET}.0.0.0/8"),
    }];
    if routes[0] != "0.0.0.0/0" {
        routes.extend(onprem.iter().map(|c| c.to_string()));
    }
    match hub {
        Hub::TransitGateway { .. } => {
            let name = format!("hub-{code}");
            if let Some(tgw) = network.transit_gateways.iter_mut().find(|t| t.name == name) {
                for cidr in onprem {
                    if !tgw.on_premises.iter().any(|c| c == cidr) {
                        tgw.on_premises.push(cidr.to_string());
                    }
                }
                tgw.attachments.push(TgwAttachment {
                    vpc: vpc.to_string(),
                    subnet_group: "transit".to_string(),
                    route_table: "spokes".to_string(),
                    propagate_to: vec!["inspection".to_string()],
                    appliance_mode: false,
                    vpc_routes: routes,
                });
            }
        }
        Hub::CloudWan { .. } => {
            if let Some(core) = network.core_network.as_mut() {
                let segment = core
                    .policy
                    .segments
                    .iter()
                    .map(|s| s.name.as_str())
                    .find(|s| *s == "shared")
                    .or_else(|| core.policy.segments.first().map(|s| s.name.as_str()))
                    .unwrap_or("shared")
                    .to_string();
                core.attachments.push(CwAttachment {
                    vpc: vpc.to_string(),
                    subnet_group: "transit".to_string(),
                    tags: [("segment".to_string(), segment)].into_iter().collect(),
                    appliance_mode: false,
                    vpc_routes: routes,
                });
            }
        }
    }
}
