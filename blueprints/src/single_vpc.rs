//! `single-vpc`: one VPC in the network account, with public, private and isolated subnets
//! in each AZ, NAT gateways and optional flow logs. The starting point of every landing zone,
//! and the VPC fundamentals of NET208: subnets in more than one AZ, a public tier routed to an
//! internet gateway, private tiers routed through NAT gateways in their own AZ. With
//! `ip-mode`, the IPv6 side of the talk: dual-stack subnets (IPv6 `::/0` to the internet
//! gateway from public subnets, to an egress-only internet gateway from private ones), or
//! IPv6-only private subnets with DNS64 and a `64:ff9b::/96` route to the NAT gateway.

use crate::error::UsageError;
use crate::params::{ParamKind, ParamSpec, Params};
use crate::Blueprint;
use netform_dsl::{FlowLogs, NatMode, Network, Tier, Vpc};

const PARAMS: &[ParamSpec] = &[
    ParamSpec {
        name: "name",
        kind: ParamKind::Text,
        default: "acme",
        help: "network name: prefixes resource names, stacks and exports",
    },
    ParamSpec {
        name: "account-id",
        kind: ParamKind::Text,
        default: "111111111111",
        help: "12-digit id of the network account that owns the VPC",
    },
    ParamSpec {
        name: "region",
        kind: ParamKind::Region,
        default: "us-east-1",
        help: "region of the VPC",
    },
    ParamSpec {
        name: "cidr",
        kind: ParamKind::Cidr,
        default: "10.0.0.0/16",
        help: "VPC CIDR, /16 to /28 (the subnets split it per AZ: /25 or larger for 2 AZs)",
    },
    ParamSpec {
        name: "azs",
        kind: ParamKind::Int { min: 1, max: 6 },
        default: "2",
        help: "number of Availability Zones (the region's first ones)",
    },
    ParamSpec {
        name: "nat",
        kind: ParamKind::Choice(&["per-az", "single", "none"]),
        default: "per-az",
        help: "NAT gateways for the private subnets: one per AZ, one in all, or none",
    },
    ParamSpec {
        name: "ip-mode",
        kind: ParamKind::Choice(&["ipv4", "dual-stack", "ipv6-only"]),
        default: "ipv4",
        help: "ipv4; dual-stack (an Amazon-provided /56, a /64 per subnet beside its IPv4 CIDR); or ipv6-only (private and data subnets IPv6-only, the private ones with DNS64 and NAT64 through the NAT gateways; public subnets stay dual-stack for the NAT gateways)",
    },
    ParamSpec {
        name: "flow-logs",
        kind: ParamKind::Text,
        default: "off",
        help: "off, or the ARN of an S3 bucket for VPC flow logs (arn:aws:s3:::bucket)",
    },
];

/// The blueprint's registry entry.
pub fn blueprint() -> Blueprint {
    Blueprint {
        name: "single-vpc",
        summary: "one VPC with public, private and isolated subnets per AZ, NAT and flow logs",
        params: PARAMS,
        build,
    }
}

fn build(params: &Params) -> Result<Network, UsageError> {
    let region = params.text("region");
    let info = netform_dsl::region::region(region).expect("checked to be a known region");
    let azs: Vec<String> = info
        .az_names()
        .into_iter()
        .take(params.int("azs") as usize)
        .collect();
    if azs.len() < params.int("azs") as usize {
        return Err(UsageError::BadValue {
            param: "azs".into(),
            value: params.text("azs").into(),
            expected: format!("at most {} (the AZs of {region})", azs.len()),
        });
    }
    let nat = match params.text("nat") {
        "single" => NatMode::Single,
        "none" => NatMode::None,
        _ => NatMode::PerAz,
    };
    // Size the subnets from one slot per AZ (the AZ count rounded up to a power of two): each
    // public and isolated subnet is an eighth of a slot, each private one a half, so the
    // groups take three quarters of the VPC and a quarter stays free for groups added later
    // (appending never moves existing subnets). First-fit places them lowest first, so the
    // isolated subnets fill the gap below the private ones. A VPC too small for /28 subnets
    // is reported by validation. Changing `cidr` or `azs` after deploying resizes every
    // subnet, which replaces them: pin the CIDRs (netform dump, then edit) before that.
    let vpc_prefix = params
        .text("cidr")
        .parse::<ipnet::Ipv4Net>()
        .expect("checked to be a CIDR")
        .prefix_len();
    let slot = vpc_prefix + azs.len().next_power_of_two().trailing_zeros() as u8;
    let size = |extra: u8| (slot + extra).min(28);

    let vpc = Vpc::builder("main", "network", region)
        .cidr(params.text("cidr"))
        .azs(azs);
    // IPv6 subnets are /64s of the VPC's Amazon-provided /56: "/64 is the usual size".
    let mut vpc = match params.text("ip-mode") {
        "dual-stack" => vpc
            .ipv6()
            .dual_stack_subnets("public", Tier::Public, size(3), 64)
            .dual_stack_subnets("private", Tier::Private, size(1), 64)
            .dual_stack_subnets("data", Tier::Isolated, size(3), 64),
        "ipv6-only" => {
            let vpc = vpc
                .ipv6()
                .dual_stack_subnets("public", Tier::Public, size(3), 64)
                .ipv6_only_subnets("private", Tier::Private, 64)
                .ipv6_only_subnets("data", Tier::Isolated, 64);
            // DNS64 needs a NAT gateway to translate what it synthesizes.
            if nat == NatMode::None {
                vpc
            } else {
                vpc.dns64("private")
            }
        }
        _ => vpc
            .subnets("public", Tier::Public, size(3))
            .subnets("private", Tier::Private, size(1))
            .subnets("data", Tier::Isolated, size(3)),
    }
    .nat(nat);
    match params.text("flow-logs") {
        "off" => {}
        arn => vpc = vpc.flow_logs(FlowLogs::s3(arn)),
    }
    Ok(Network::builder(params.text("name"))
        .tag("managed-by", "netform")
        .network_account("network", params.text("account-id"))
        .vpc(vpc)
        .build())
}
