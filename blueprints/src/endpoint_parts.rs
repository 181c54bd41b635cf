//! Centralized interface endpoints for the hub blueprints (`endpoints`), as the whitepaper
//! "Building a Scalable and Secure Multi-VPC AWS Network Infrastructure" ("Centralized access
//! to VPC private endpoints") describes them:
//!
//! - per region, an endpoints VPC `endpoints-<code>` in the network account, attached to the
//!   region's hub like the DNS VPC, with an interface endpoint per service in every AZ
//!   (private DNS off), behind a security group that lets in HTTPS from the internal
//!   supernet;
//! - per service a private hosted zone named like the service (`ssm.us-east-1.amazonaws.com`)
//!   with an alias to the endpoint at the apex (and at `*` for S3), associated with the
//!   endpoints VPC and the region's DNS VPC;
//! - the zones reach the spokes, which are in other accounts, through a Route 53 Profile: the
//!   region's DNS profile when `use-profiles=true` (a VPC takes one profile), else a profile
//!   `endpoints-<code>` shared like the hub and associated with every spoke.
//!
//! The endpoints VPC is pinned to the /23 below the DNS VPC's at the top of the region's /12,
//! which the spokes' allocations never reach, so turning endpoints on moves no spoke.

use crate::dns_parts::{attach, Hub};
use crate::hub_parts::{region_code, share_principals, SUPERNET_FIRST_OCTET};
use crate::params::{ParamKind, ParamSpec, Params};
use crate::UsageError;
use ipnet::Ipv4Net;
use netform_dsl::{
    is_service_name, service_domain, DnsBuilder, DnsProfile, InterfaceEndpoint, Network, Tier, Vpc,
    WILDCARD_SERVICES,
};
use std::net::Ipv4Addr;

/// `endpoints`.
pub(crate) const ENDPOINTS: ParamSpec = ParamSpec {
    name: "endpoints",
    kind: ParamKind::Text,
    default: "none",
    help: "none, or AWS services (ssm, logs, kms, s3, ...), comma-separated: per region an endpoints VPC with an interface endpoint for each, private DNS off, and a private hosted zone per service carried to every spoke by a Route 53 Profile",
};

/// The endpoints VPC's /23, below the DNS VPC's at the top of region `r`'s /12.
fn endpoints_vpc_cidr(r: usize) -> Ipv4Net {
    let addr = Ipv4Addr::new(SUPERNET_FIRST_OCTET, (r * 16 + 15) as u8, 252, 0);
    Ipv4Net::new(addr, 23).expect("a /23")
}

/// Per AZ: a /28 for the hub attachment in the first /25, and a /27 for the endpoints'
/// interfaces (27 usable addresses: one per service) from the second /25 on, for up to 6 AZs.
fn subnets(vpc: Ipv4Net, azs: usize) -> (Vec<String>, Vec<String>) {
    let base = u32::from(vpc.network());
    let net = |offset: u32, prefix: u8| {
        Ipv4Net::new(Ipv4Addr::from(base + offset), prefix)
            .expect("a subnet")
            .to_string()
    };
    let transit = (0..azs as u32).map(|az| net(az * 16, 28)).collect();
    let endpoints = (0..azs as u32).map(|az| net(128 + az * 32, 27)).collect();
    (transit, endpoints)
}

/// The services `endpoints` asks for: each a service name, at most once, at most 27 (the
/// addresses of an endpoint subnet).
fn services(params: &Params) -> Result<Vec<&str>, UsageError> {
    let text = params.text("endpoints");
    if text == "none" {
        return Ok(Vec::new());
    }
    let services = params.list("endpoints");
    let bad = services
        .iter()
        .enumerate()
        .any(|(i, s)| !is_service_name(s) || services[..i].contains(s));
    if bad || services.len() > 27 {
        return Err(UsageError::BadValue {
            param: "endpoints".into(),
            value: text.into(),
            expected: "none, or at most 27 AWS service names (ssm, ssmmessages, ec2messages, kms, logs, s3, ...), each once, comma-separated".into(),
        });
    }
    Ok(services)
}

/// Adds the centralized endpoints `endpoints` asks for to a hub network built with `params`.
pub(crate) fn add_interface_endpoints(
    network: &mut Network,
    params: &Params,
    hub: Hub,
) -> Result<(), UsageError> {
    let services = services(params)?;
    if services.is_empty() {
        return Ok(());
    }
    let principals = share_principals(params);
    let azs_wanted = params.int("azs") as usize;
    let inspection: Vec<String> = network.inspections.iter().map(|i| i.vpc.clone()).collect();
    let mut dns = DnsBuilder::from_dns(std::mem::take(&mut network.dns));
    let mut profiles = Vec::new();
    for (r, region) in params.list("regions").into_iter().enumerate() {
        let code = region_code(region);
        let info = netform_dsl::region::region(region).expect("checked to be a known region");
        let azs: Vec<String> = info.az_names().into_iter().take(azs_wanted).collect();
        let vpc_name = format!("endpoints-{code}");
        // Every VPC of the region but the inspection VPCs uses the endpoints.
        let served: Vec<(String, String)> = network
            .vpcs
            .iter()
            .filter(|v| v.region == region && !inspection.contains(&v.name))
            .map(|v| (v.name.clone(), v.account.clone()))
            .collect();
        let cidr = endpoints_vpc_cidr(r);
        let (transit, endpoint_subnets) = subnets(cidr, azs.len());
        let mut vpc = Vpc::builder(&vpc_name, "network", region)
            .cidr(cidr.to_string())
            .azs(azs.clone())
            .subnets_pinned("transit", Tier::Transit, transit)
            .subnets_pinned("endpoints", Tier::Private, endpoint_subnets);
        for service in &services {
            vpc = vpc.interface_endpoint(
                InterfaceEndpoint::new(*service, "endpoints")
                    .allow_from([format!("{SUPERNET_FIRST_OCTET}.0.0.0/8")])
                    .serves(served.iter().map(|(name, _)| name.clone())),
            );
        }
        let mut vpc = vpc.build();
        if let Some(spoke) = network.vpcs.iter().find(|v| v.region == region) {
            vpc.flow_logs = spoke.flow_logs.clone();
        }
        network.vpcs.push(vpc);
        attach(network, hub, &vpc_name, &code, &[]);

        // The zones: associated with the network account's VPCs directly, carried to the
        // others by a profile.
        let (own, others): (Vec<_>, Vec<_>) = served
            .into_iter()
            .partition(|(_, account)| account == "network");
        let mut zones = Vec::new();
        for service in &services {
            let zone = format!("{}-{code}", service.replace('.', "-"));
            dns = dns.hosted_zone(&zone, service_domain(service, region), "network", |z| {
                let mut z = z.vpc(&vpc_name).endpoint_alias("@", &vpc_name, *service);
                if WILDCARD_SERVICES.contains(service) {
                    z = z.endpoint_alias("*", &vpc_name, *service);
                }
                own.iter().fold(z, |z, (name, _)| z.vpc(name))
            });
            zones.push(zone);
        }
        profiles.push((code, region, zones, others));
    }
    network.dns = dns.build();
    for (code, region, zones, others) in profiles {
        let dns_profile = format!("dns-{code}");
        if let Some(profile) = network
            .dns
            .profiles
            .iter_mut()
            .find(|p| p.name == dns_profile)
        {
            profile.hosted_zones.extend(zones);
        } else if !others.is_empty() {
            network.dns.profiles.push(DnsProfile {
                name: format!("endpoints-{code}"),
                account: "network".to_string(),
                region: region.to_string(),
                rules: Vec::new(),
                hosted_zones: zones,
                firewall_rule_groups: Vec::new(),
                query_logs: Vec::new(),
                associations: others.into_iter().map(|(name, _)| name).collect(),
                share_with: principals.clone(),
            });
        }
    }
    Ok(())
}
