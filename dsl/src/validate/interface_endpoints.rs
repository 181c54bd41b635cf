//! Interface endpoints and the zones that alias them: endpoints AWS can build (a service name,
//! a subnet group with IPv4, IPv4 ranges, a JSON object policy), in at least two AZs; every
//! VPC an endpoint serves resolves the service's name to it through a private hosted zone,
//! associated directly or carried by a Route 53 Profile; and every alias record names an
//! endpoint that exists, from a zone named like its service, without colliding with the
//! endpoint's own private DNS.

use super::hub::VpcIndex;
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::dns::HostedZone;
use crate::endpoints::{is_service_name, service_domain, InterfaceEndpoint};
use crate::model::{Network, Vpc};
use crate::path::Path;
use indexmap::{IndexMap, IndexSet};

/// "Characters per VPC endpoint policy: 20,480", not adjustable ("AWS PrivateLink quotas").
const MAX_POLICY_CHARS: usize = 20_480;
/// "Interface and Gateway Load Balancer endpoints per VPC: 50", adjustable (same page).
const DEFAULT_INTERFACE_ENDPOINTS_PER_VPC: usize = 50;

pub(super) fn check(network: &Network, diags: &mut Diagnostics) {
    let vpcs = VpcIndex::new(network);
    let resolved = resolved_aliases(network);
    for vpc in &network.vpcs {
        let root = Path::root()
            .field("vpcs")
            .key(&vpc.name)
            .field("interface_endpoints");
        if vpc.interface_endpoints.len() > DEFAULT_INTERFACE_ENDPOINTS_PER_VPC {
            diags.push(
                Diagnostic::warning(
                    Code::InterfaceEndpointAvailability,
                    root.clone(),
                    format!(
                        "vpc {:?} has {} interface endpoints; AWS allows {DEFAULT_INTERFACE_ENDPOINTS_PER_VPC} interface and Gateway Load Balancer endpoints per VPC by default",
                        vpc.name,
                        vpc.interface_endpoints.len()
                    ),
                )
                .with_help("request a higher \"Interface and Gateway Load Balancer endpoints per VPC\" quota (adjustable, AWS PrivateLink quotas), or split the services over two endpoint VPCs"),
            );
        }
        let mut seen: IndexSet<&str> = IndexSet::new();
        for (i, endpoint) in vpc.interface_endpoints.iter().enumerate() {
            let path = root.index(i);
            if !seen.insert(endpoint.service.as_str()) {
                diags.push(
                    Diagnostic::error(
                        Code::NameDuplicate,
                        path.field("service"),
                        format!(
                            "vpc {:?} has two interface endpoints for {:?}",
                            vpc.name, endpoint.service
                        ),
                    )
                    .with_help("keep one endpoint per service in a VPC"),
                );
                continue;
            }
            check_endpoint(vpc, endpoint, &path, diags);
            check_served(network, &vpcs, &resolved, vpc, endpoint, &path, diags);
        }
    }
    for zone in &network.dns.hosted_zones {
        check_aliases(&vpcs, zone, diags);
    }
}

/// The endpoint on its own: service name, subnet group, ranges, policy, AZs.
fn check_endpoint(vpc: &Vpc, endpoint: &InterfaceEndpoint, path: &Path, diags: &mut Diagnostics) {
    let what = format!(
        "the {} interface endpoint of vpc {:?}",
        endpoint.service, vpc.name
    );
    let shape = |diags: &mut Diagnostics, at: Path, message: String, help: &str| {
        diags.push(
            Diagnostic::error(Code::InterfaceEndpointShape, at, message)
                .with_help(help.to_string()),
        );
    };
    if !is_service_name(&endpoint.service) {
        shape(
            diags,
            path.field("service"),
            format!("{what}: {:?} is not a service name", endpoint.service),
            "give the last part of the service name, such as ssm, logs or ecr.api (com.amazonaws.<region>.<service>)",
        );
    }
    match vpc
        .subnet_groups
        .iter()
        .find(|g| g.name == endpoint.subnet_group)
    {
        None => {
            let groups: Vec<&str> = vpc.subnet_groups.iter().map(|g| g.name.as_str()).collect();
            shape(
                diags,
                path.field("subnet_group"),
                format!(
                    "{what} names subnet group {:?}, which the VPC does not have",
                    endpoint.subnet_group
                ),
                &format!("vpc {:?} has the subnet groups: {}", vpc.name, groups.join(", ")),
            );
        }
        Some(group) if group.ipv6_only() => shape(
            diags,
            path.field("subnet_group"),
            format!(
                "{what} is in subnet group {:?}, which is IPv6-only; netform builds IPv4 interface endpoints",
                endpoint.subnet_group
            ),
            "put the endpoint in a subnet group with IPv4 CIDRs",
        ),
        Some(_) => {}
    }
    for (c, cidr) in endpoint.allow_from.iter().enumerate() {
        if cidr.parse::<ipnet::Ipv4Net>().is_err() {
            shape(
                diags,
                path.field("allow_from").index(c),
                format!("{what} allows {cidr:?}, which is not an IPv4 CIDR"),
                "write ranges as IPv4 CIDRs, such as 10.0.0.0/8",
            );
        }
    }
    if let Some(policy) = &endpoint.policy {
        let chars = policy.to_string().chars().count();
        if !policy.is_object() {
            shape(
                diags,
                path.field("policy"),
                format!("{what} has a policy that is not a JSON object: {policy}"),
                "give an IAM policy document: {\"Version\": \"2012-10-17\", \"Statement\": [...]}",
            );
        } else if chars > MAX_POLICY_CHARS {
            shape(
                diags,
                path.field("policy"),
                format!("{what} has a policy of {chars} characters; AWS allows {MAX_POLICY_CHARS} per endpoint policy"),
                "shorten the policy (a condition on aws:PrincipalOrgID replaces lists of accounts)",
            );
        }
    }
    if vpc.azs.len() < 2 {
        diags.push(
            Diagnostic::warning(
                Code::InterfaceEndpointAvailability,
                path.field("subnet_group"),
                format!(
                    "{what} has an interface in {} AZ only ({}): when that AZ fails, every VPC it serves loses {}",
                    vpc.azs.len(),
                    vpc.azs.join(", "),
                    endpoint.service
                ),
            )
            .with_help("give the VPC a second AZ: the connectivity guidance asks for \"multiple subnets across multiple Availability Zones to implement high availability\""),
        );
    }
}

/// The VPCs the endpoint serves: declared, in its region, let in by its security group, and
/// resolving the service's name to it.
fn check_served(
    network: &Network,
    vpcs: &VpcIndex<'_>,
    resolved: &IndexSet<(&str, &str, &str)>,
    vpc: &Vpc,
    endpoint: &InterfaceEndpoint,
    path: &Path,
    diags: &mut Diagnostics,
) {
    let what = format!(
        "the {} interface endpoint of vpc {:?}",
        endpoint.service, vpc.name
    );
    if !endpoint.serves.is_empty() && endpoint.allow_from.is_empty() {
        diags.push(
            Diagnostic::error(
                Code::InterfaceEndpointShape,
                path.field("allow_from"),
                format!(
                    "{what} serves {} other VPCs but its security group lets in only vpc {:?}",
                    endpoint.serves.len(),
                    vpc.name
                ),
            )
            .with_help("allow the served VPCs' ranges (the internal supernet, such as 10.0.0.0/8) with allow_from"),
        );
    }
    let domain = service_domain(&endpoint.service, &vpc.region);
    for (s, served) in endpoint.serves.iter().enumerate() {
        let at = path.field("serves").index(s);
        let Some((_, other)) = vpcs.get(served) else {
            diags.push(
                Diagnostic::error(
                    Code::InterfaceEndpointShape,
                    at,
                    format!("{what} serves vpc {served:?}, which the network does not declare"),
                )
                .with_help("name a VPC of the network"),
            );
            continue;
        };
        if other.name == vpc.name {
            diags.push(
                Diagnostic::error(
                    Code::InterfaceEndpointShape,
                    at.clone(),
                    format!("{what} lists its own VPC among the VPCs it serves"),
                )
                .with_help("list only other VPCs: the endpoint's own VPC is always served"),
            );
            continue;
        }
        if other.region != vpc.region {
            diags.push(
                Diagnostic::error(
                    Code::InterfaceEndpointShape,
                    at.clone(),
                    format!(
                        "{what} ({}) serves vpc {served:?} in {}: an endpoint serves other VPCs of its own region, whose clients call {domain}",
                        vpc.region, other.region
                    ),
                )
                .with_help("serve each region's VPCs from an endpoint in that region"),
            );
            continue;
        }
        if !resolved.contains(&(
            served.as_str(),
            vpc.name.as_str(),
            endpoint.service.as_str(),
        )) {
            diags.push(
                Diagnostic::error(
                    Code::EndpointZoneMissing,
                    at.clone(),
                    format!(
                        "vpc {served:?} uses {what}, but no private hosted zone for {domain} with an alias to it is associated with vpc {served:?} (directly or through a Route 53 Profile): its calls to {} go to the public endpoint",
                        endpoint.service
                    ),
                )
                .with_help(format!("associate vpc {served:?} with the zone for {domain} that aliases the endpoint, or carry the zone in a profile associated with it")),
            );
        }
        if network_has_private_dns(network, served, &endpoint.service) {
            diags.push(
                Diagnostic::error(
                    Code::EndpointAliasRecord,
                    at,
                    format!(
                        "vpc {served:?} has its own {} endpoint with private DNS, whose AWS-managed zone for {domain} collides with the zone of {what} (Route 53: ConflictingDomainExists)",
                        endpoint.service
                    ),
                )
                .with_help("turn private DNS off on the VPC's own endpoint, or stop serving the VPC centrally"),
            );
        }
    }
}

fn network_has_private_dns(network: &Network, vpc: &str, service: &str) -> bool {
    network.vpc(vpc).is_some_and(|v| {
        v.interface_endpoints
            .iter()
            .any(|e| e.service == service && e.private_dns)
    })
}

/// `(vpc, endpoint vpc, service)` for every VPC a zone with an alias to that endpoint reaches,
/// directly or through a profile: linear in the associations.
fn resolved_aliases(network: &Network) -> IndexSet<(&str, &str, &str)> {
    let zones: IndexMap<&str, &HostedZone> = network
        .dns
        .hosted_zones
        .iter()
        .map(|z| (z.name.as_str(), z))
        .collect();
    let mut resolved = IndexSet::new();
    fn reach<'n>(
        resolved: &mut IndexSet<(&'n str, &'n str, &'n str)>,
        zone: &'n HostedZone,
        vpc: &'n str,
    ) {
        for alias in zone.records.iter().filter_map(|r| r.alias.as_ref()) {
            resolved.insert((vpc, alias.vpc.as_str(), alias.service.as_str()));
        }
    }
    for zone in &network.dns.hosted_zones {
        for vpc in &zone.vpcs {
            reach(&mut resolved, zone, vpc);
        }
    }
    for profile in &network.dns.profiles {
        for zone in profile
            .hosted_zones
            .iter()
            .filter_map(|z| zones.get(z.as_str()))
        {
            for vpc in &profile.associations {
                reach(&mut resolved, zone, vpc);
            }
        }
    }
    resolved
}

/// The zone's alias records: an endpoint that exists, named like the zone, at the apex or
/// the wildcard, type A without values, and not beside the endpoint's own private DNS.
fn check_aliases(vpcs: &VpcIndex<'_>, zone: &HostedZone, diags: &mut Diagnostics) {
    let records = Path::root()
        .field("dns")
        .field("hosted_zones")
        .key(&zone.name)
        .field("records");
    // A zone named for another service is reported once, at its first alias.
    let mut domain_reported = false;
    for (k, record) in zone.records.iter().enumerate() {
        let Some(alias) = &record.alias else { continue };
        let path = records.index(k);
        let what = format!("record {:?} of zone {:?}", record.name, zone.name);
        let bad = |diags: &mut Diagnostics, at: Path, message: String, help: String| {
            diags.push(Diagnostic::error(Code::EndpointAliasRecord, at, message).with_help(help));
        };
        if record.record_type != crate::dns::RecordType::A || !record.values.is_empty() {
            bad(
                diags,
                path.clone(),
                format!(
                    "{what} aliases an interface endpoint but has type {} and {} values",
                    record.record_type.as_aws(),
                    record.values.len()
                ),
                "an endpoint alias is an A record without values".to_string(),
            );
        }
        if record.name != "@" && record.name != "*" {
            bad(
                diags,
                path.field("name"),
                format!("{what} aliases an interface endpoint below the zone's apex"),
                "alias the endpoint at the apex (@) and, for a service with names below it (s3), at *".to_string(),
            );
        }
        let Some((_, vpc)) = vpcs.get(&alias.vpc) else {
            bad(
                diags,
                path.field("alias").field("vpc"),
                format!(
                    "{what} aliases an endpoint of vpc {:?}, which the network does not declare",
                    alias.vpc
                ),
                "name the VPC that has the interface endpoint".to_string(),
            );
            continue;
        };
        let Some(endpoint) = vpc
            .interface_endpoints
            .iter()
            .find(|e| e.service == alias.service)
        else {
            let services: Vec<&str> = vpc
                .interface_endpoints
                .iter()
                .map(|e| e.service.as_str())
                .collect();
            bad(
                diags,
                path.field("alias").field("service"),
                format!(
                    "{what} aliases the {} endpoint of vpc {:?}, which has no interface endpoint for it",
                    alias.service, alias.vpc
                ),
                if services.is_empty() {
                    format!("vpc {:?} has no interface endpoints", alias.vpc)
                } else {
                    format!("vpc {:?} has interface endpoints for: {}", alias.vpc, services.join(", "))
                },
            );
            continue;
        };
        let domain = service_domain(&alias.service, &vpc.region);
        if zone.domain.trim_end_matches('.') != domain && !domain_reported {
            domain_reported = true;
            bad(
                diags,
                Path::root()
                    .field("dns")
                    .field("hosted_zones")
                    .key(&zone.name)
                    .field("domain"),
                format!(
                    "zone {:?} serves {:?} but aliases the {} endpoint of vpc {:?}, whose clients ask for {domain}",
                    zone.name, zone.domain, alias.service, alias.vpc
                ),
                format!("name the zone {domain}"),
            );
        }
        if endpoint.private_dns && zone.vpcs.iter().any(|v| v == &alias.vpc) {
            bad(
                diags,
                path.clone(),
                format!(
                    "zone {:?} is associated with vpc {:?}, whose {} endpoint has private DNS: AWS's zone for {domain} is already there (Route 53: ConflictingDomainExists)",
                    zone.name, alias.vpc, alias.service
                ),
                "turn private DNS off on the endpoint when a zone of your own answers for it".to_string(),
            );
        }
    }
}
