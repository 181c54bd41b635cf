//! Resolver endpoints (NF0801, NF0815): where each endpoint sits, its addresses (one per AZ
//! of its VPC, pinned ones inside their subnets and not reserved), the ranges it accepts
//! queries from and the protocols it speaks.

use super::quota::ENDPOINTS_PER_REGION;
use super::syntax::is_reserved;
use super::Check;
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::dns::{DnsProtocol, EndpointDirection, ResolverEndpoint};
use crate::model::{Tier, Vpc};
use crate::path::Path;
use indexmap::map::Entry;
use indexmap::IndexMap;
use ipnet::Ipv4Net;
use std::collections::BTreeSet;
use std::net::Ipv4Addr;

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

impl<'a> Check<'a> {
    pub(super) fn check_endpoints(&self, diags: &mut Diagnostics) {
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
}
