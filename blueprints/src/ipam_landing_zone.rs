//! `ipam-landing-zone`: the IP plan of a multi-account, multi-region landing zone, as the
//! seed guidance and NET208 lay it out. An Amazon VPC IPAM in the network account (which the
//! management account delegates IPAM administration to), operating in every region; in its
//! private scope a top-level pool, one pool per region (its locale), and under each an
//! environment pool per environment with allocation rules, shared with AWS RAM to the
//! environment's OU; and application VPCs in the environments' accounts that take their
//! CIDRs from their environment pool, either planned offline by netform (the CIDR is known
//! before deploy and IPAM records it) or chosen by IPAM at deploy time.
//!
//! With `ip-mode=dual-stack`, the same hierarchy for IPv6 in the public scope: an
//! Amazon-provided block per region, an environment pool under it, and a /56 per VPC.

use crate::error::UsageError;
use crate::hub_parts::region_code;
use crate::params::{ParamKind, ParamSpec, Params};
use crate::tgw_hub_spoke::NAME;
use crate::Blueprint;
use ipnet::Ipv4Net;
use netform_dsl::{AddressFamily, Ipam, IpamPool, Network, Tier, Vpc};

const NETWORK_ACCOUNT_ID: ParamSpec = ParamSpec {
    name: "network-account-id",
    kind: ParamKind::Text,
    default: "111111111111",
    help: "12-digit id of the network account: it owns the IPAM, to which the management account delegates IPAM administration",
};

const ORGANIZATION_ID: ParamSpec = ParamSpec {
    name: "organization-id",
    kind: ParamKind::Text,
    default: "o-abcd1234ef",
    help: "the AWS Organizations id (o-...) that a bare OU id in environment-ous belongs to",
};

const MANAGEMENT_ACCOUNT_ID: ParamSpec = ParamSpec {
    name: "management-account-id",
    kind: ParamKind::Text,
    default: "999999999999",
    help: "12-digit id of the organization's management account (it appears in OU ARNs; it cannot be the IPAM account)",
};

const TOP: ParamSpec = ParamSpec {
    name: "top",
    kind: ParamKind::Cidr,
    default: "10.0.0.0/8",
    help: "the top-level pool's CIDR: every region's pool is allocated from it",
};

const REGIONS: ParamSpec = ParamSpec {
    name: "regions",
    kind: ParamKind::Regions,
    default: "us-east-1",
    help: "regions, comma-separated: the IPAM's operating regions, a pool each; the first is the IPAM's home",
};

const ENVIRONMENTS: ParamSpec = ParamSpec {
    name: "environments",
    kind: ParamKind::Text,
    default: "prod,dev",
    help: "environments, comma-separated: a pool per environment in every region",
};

const ENVIRONMENT_ACCOUNT_IDS: ParamSpec = ParamSpec {
    name: "environment-account-ids",
    kind: ParamKind::Text,
    default: "222222222222,333333333333",
    help: "12-digit id of each environment's workload account, in the order of environments",
};

const ENVIRONMENT_OUS: ParamSpec = ParamSpec {
    name: "environment-ous",
    kind: ParamKind::Text,
    default: "ou-abcd-11111111,ou-abcd-22222222",
    help: "the OU of each environment (ou-... ids or OU ARNs), in the order of environments: its pools are shared with it; or `accounts` to share with the environment's account",
};

const REGION_PREFIX: ParamSpec = ParamSpec {
    name: "region-prefix",
    kind: ParamKind::Int { min: 8, max: 24 },
    default: "12",
    help: "prefix length of each region's pool, allocated from the top pool in region order",
};

const ENVIRONMENT_PREFIX: ParamSpec = ParamSpec {
    name: "environment-prefix",
    kind: ParamKind::Int { min: 8, max: 28 },
    default: "16",
    help: "prefix length of each environment's pool, allocated from its region's pool",
};

const VPC_NETMASK: ParamSpec = ParamSpec {
    name: "vpc-netmask",
    kind: ParamKind::Int { min: 16, max: 28 },
    default: "22",
    help: "netmask of each application VPC; environment pools allow two sizes either side",
};

const VPCS: ParamSpec = ParamSpec {
    name: "vpcs",
    kind: ParamKind::Int { min: 0, max: 1000 },
    default: "1",
    help: "application VPCs per environment in each region",
};

const ALLOCATION: ParamSpec = ParamSpec {
    name: "allocation",
    kind: ParamKind::Choice(&["planned", "ipam"]),
    default: "planned",
    help: "planned: netform picks each VPC's CIDR from its pool before deploy (IPAM records it); ipam: IPAM picks it at deploy time and the subnets follow it",
};

const AZS: ParamSpec = ParamSpec {
    name: "azs",
    kind: ParamKind::Int { min: 1, max: 6 },
    default: "2",
    help: "Availability Zones per VPC (the region's first ones)",
};

const IP_MODE: ParamSpec = ParamSpec {
    name: "ip-mode",
    kind: ParamKind::Choice(&["ipv4", "dual-stack"]),
    default: "ipv4",
    help: "ipv4, or dual-stack: Amazon-provided IPv6 pools per region and environment, a /56 per VPC and a /64 per subnet",
};

const PARAMS: &[ParamSpec] = &[
    NAME,
    NETWORK_ACCOUNT_ID,
    TOP,
    REGIONS,
    ENVIRONMENTS,
    ENVIRONMENT_ACCOUNT_IDS,
    ENVIRONMENT_OUS,
    ORGANIZATION_ID,
    MANAGEMENT_ACCOUNT_ID,
    REGION_PREFIX,
    ENVIRONMENT_PREFIX,
    VPC_NETMASK,
    VPCS,
    ALLOCATION,
    AZS,
    IP_MODE,
];

/// The Amazon-provided IPv6 block of each region's pool: "/52" is the default quota for an
/// "Amazon-provided IPv6 CIDR block netmask length" ("Quotas for your IPAM"), sixteen /56s.
const REGION_IPV6_NETMASK: u8 = 52;

/// Each environment's IPv6 pool: a quarter of its region's /52, room for four /56 VPC blocks.
/// Fixed, so that adding an environment never resizes the others' pools (which would replace
/// them); a fifth environment exhausts the region's block (NF0904).
const ENV_IPV6_NETMASK: u8 = 54;

/// A VPC's IPv6 block from its pool: the /56 Amazon gives a VPC of its own.
const VPC_IPV6_NETMASK: u8 = 56;

/// The blueprint's registry entry.
pub fn blueprint() -> Blueprint {
    Blueprint {
        name: "ipam-landing-zone",
        summary: "an IPAM with top, regional and environment pools shared by RAM, and VPCs allocated from them",
        params: PARAMS,
        build,
    }
}

fn build(params: &Params) -> Result<Network, UsageError> {
    let regions = params.list("regions");
    let environments = params.list("environments");
    let account_ids = params.list("environment-account-ids");
    if account_ids.len() != environments.len() {
        return Err(UsageError::BadValue {
            param: "environment-account-ids".into(),
            value: params.text("environment-account-ids").into(),
            expected: format!("one account id per environment ({})", environments.len()),
        });
    }
    let ous = params.list("environment-ous");
    let share_with_accounts = params.text("environment-ous") == "accounts";
    if !share_with_accounts && ous.len() != environments.len() {
        return Err(UsageError::BadValue {
            param: "environment-ous".into(),
            value: params.text("environment-ous").into(),
            expected: format!(
                "one OU per environment ({}), or `accounts`",
                environments.len()
            ),
        });
    }
    // "You cannot use the AWS Organizations management account as the IPAM account" (IPAM
    // User Guide, "Integrate IPAM with accounts in an AWS Organization").
    if params.text("network-account-id") == params.text("management-account-id") {
        return Err(UsageError::BadValue {
            param: "network-account-id".into(),
            value: params.text("network-account-id").into(),
            expected: "a member account, not the management account".into(),
        });
    }
    let home = regions[0];
    let mut network = Network::builder(params.text("name"))
        .tag("managed-by", "netform")
        .network_account("network", params.text("network-account-id"));
    for (env, id) in environments.iter().zip(&account_ids) {
        network = network.account(*env, *id);
    }

    let top: Ipv4Net = params.text("top").parse().expect("checked to be a CIDR");
    let region_prefix = params.int("region-prefix") as u8;
    let env_prefix = params.int("environment-prefix") as u8;
    let netmask = params.int("vpc-netmask") as u8;
    let dual_stack = params.text("ip-mode") == "dual-stack";

    let mut ipam = Ipam::builder("main", "network", home)
        .operating_regions(regions.iter().copied())
        .pool(
            IpamPool::builder("top", AddressFamily::Ipv4)
                .cidr(top.to_string())
                .description("all private IPv4 space of the landing zone"),
        );
    for region in &regions {
        let code = region_code(region);
        ipam = ipam.pool(
            IpamPool::builder(code.as_str(), AddressFamily::Ipv4)
                .parent("top")
                .allocate(region_prefix)
                .locale(*region)
                .description(format!("IPv4 space of {region}")),
        );
        if dual_stack {
            ipam = ipam.pool(
                IpamPool::builder(format!("{code}-v6"), AddressFamily::Ipv6)
                    .amazon(REGION_IPV6_NETMASK)
                    .locale(*region)
                    .description(format!("Amazon-provided IPv6 of {region}")),
            );
        }
        for (i, env) in environments.iter().enumerate() {
            let share = principal(params, &ous, share_with_accounts, env, i);
            ipam = ipam.pool(
                IpamPool::builder(format!("{env}-{code}"), AddressFamily::Ipv4)
                    .parent(code.as_str())
                    .allocate(env_prefix)
                    .locale(*region)
                    .netmasks(
                        netmask.saturating_sub(2).max(16),
                        netmask,
                        (netmask + 2).min(28),
                    )
                    .require_tag("environment", *env)
                    .share_with(share.clone())
                    .description(format!("{env} VPCs in {region}")),
            );
            if dual_stack {
                ipam = ipam.pool(
                    IpamPool::builder(format!("{env}-{code}-v6"), AddressFamily::Ipv6)
                        .public()
                        .parent(format!("{code}-v6"))
                        .allocate(ENV_IPV6_NETMASK)
                        .locale(*region)
                        .netmasks(ENV_IPV6_NETMASK, VPC_IPV6_NETMASK, VPC_IPV6_NETMASK + 4)
                        .require_tag("environment", *env)
                        .share_with(share)
                        .description(format!("{env} IPv6 in {region}")),
                );
            }
        }
    }
    network = network.ipam(ipam);

    let azs = params.int("azs") as usize;
    for region in &regions {
        let info = netform_dsl::region::region(region).expect("checked to be a known region");
        let zones: Vec<String> = info.az_names().into_iter().take(azs).collect();
        if zones.len() < azs {
            return Err(UsageError::BadValue {
                param: "azs".into(),
                value: params.text("azs").into(),
                expected: format!("at most {} (the AZs of {region})", zones.len()),
            });
        }
        let code = region_code(region);
        for env in &environments {
            for n in 1..=params.int("vpcs") {
                network = network.vpc(app_vpc(params, env, region, &code, n, &zones, dual_stack));
            }
        }
    }
    Ok(network.build())
}

/// Whom an environment's pools are shared with: its OU (a bare id expanded to the OU ARN
/// RAM requires), or its account.
fn principal(params: &Params, ous: &[&str], accounts: bool, env: &str, i: usize) -> String {
    if accounts {
        return env.to_string();
    }
    match ous[i] {
        ou if ou.starts_with("ou-") => format!(
            "arn:aws:organizations::{}:ou/{}/{ou}",
            params.text("management-account-id"),
            params.text("organization-id")
        ),
        arn => arn.to_string(),
    }
}

/// An application VPC of `env` in `region`: an application subnet and a data subnet per AZ,
/// sized from the VPC's netmask like `single-vpc` (a slot per AZ; application half a slot,
/// data a quarter), tagged with the environment its pool requires.
fn app_vpc(
    params: &Params,
    env: &str,
    region: &str,
    code: &str,
    n: u32,
    zones: &[String],
    dual_stack: bool,
) -> Vpc {
    let netmask = params.int("vpc-netmask") as u8;
    let pool = format!("{env}-{code}");
    let slot = netmask + zones.len().next_power_of_two().trailing_zeros() as u8;
    let size = |extra: u8| (slot + extra).min(28);
    let vpc = Vpc::builder(format!("{env}-{code}-{n}"), env, region).azs(zones.iter().cloned());
    let vpc = match params.text("allocation") {
        "ipam" => vpc.ipam(pool.as_str(), netmask),
        _ => vpc.allocate(pool.as_str(), netmask),
    };
    let vpc = if dual_stack {
        vpc.ipv6_from_pool(format!("{pool}-v6"), VPC_IPV6_NETMASK)
            .dual_stack_subnets("app", Tier::Private, size(1), 64)
            .dual_stack_subnets("data", Tier::Isolated, size(2), 64)
    } else {
        vpc.subnets("app", Tier::Private, size(1))
            .subnets("data", Tier::Isolated, size(2))
    };
    vpc.tag("environment", env).build()
}
