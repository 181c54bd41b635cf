//! `cloudwan-hub-spoke`: "Option 1, Managed Networking" of the AWS connectivity guidance, with
//! the Cloud WAN service insertion of NET208. One global network and core network in the
//! network account, with an edge in every region and shared with RAM; spokes in workload
//! accounts, attached by tag: an attachment tagged `segment = prod` joins segment `prod`.
//!
//! Policy (see docs/cloudwan-hub-spoke.md for the JSON):
//! - one segment per `segments` entry, attachments accepted without a manual step;
//! - a segment named `shared` shares its routes with every segment;
//! - with inspection, traffic between any two other segments goes via the `inspection`
//!   network function group (dual-hop: inspected in the source and the destination region,
//!   as each region has its own inspection VPC), and with centralized egress every segment
//!   sends internet traffic to the group (`send-to`);
//! - without inspection but with centralized egress, the group is `egress` (NAT only);
//! - attachment policies: rule 100 puts attachments tagged `nfg = <group>` in the group,
//!   rule 200 puts attachments with a `segment` tag in the segment that tag names.

use crate::dns_parts::{self, add_dns, Hub};
use crate::error::UsageError;
use crate::hub_parts::{
    self, inspection_vpc as build_inspection_vpc, region_code, share_principals, spoke_vpc, Engine,
    InspectionVpc, SUPERNET_FIRST_OCTET,
};
use crate::params::{ParamKind, ParamSpec, Params};
use crate::Blueprint;
use netform_dsl::{
    AttachmentAction, Condition, CoreNetwork, FlowLogs, Network, Operator, ShareWith,
};

const PARAMS: &[ParamSpec] = &[
    ParamSpec {
        name: "name",
        kind: ParamKind::Text,
        default: "acme",
        help: "network name: prefixes resource names, stacks and exports",
    },
    ParamSpec {
        name: "network-account-id",
        kind: ParamKind::Text,
        default: "111111111111",
        help: "12-digit id of the network account (core network, inspection, egress)",
    },
    ParamSpec {
        name: "workload-account-ids",
        kind: ParamKind::Text,
        default: "222222222222,333333333333",
        help: "12-digit ids of the workload accounts, comma-separated; segments go to them in turn",
    },
    ParamSpec {
        name: "regions",
        kind: ParamKind::Regions,
        default: "us-east-1,eu-west-1",
        help: "regions, comma-separated: an edge of the core network in each (at most 16)",
    },
    ParamSpec {
        name: "segments",
        kind: ParamKind::Text,
        default: "prod,nonprod,shared",
        help: "segments, comma-separated (letters and digits); `shared` shares with all",
    },
    ParamSpec {
        name: "spokes",
        kind: ParamKind::Int {
            min: 1,
            max: MAX_SPOKES_PER_REGION,
        },
        default: "3",
        help: "spoke VPCs per region, given to the segments in turn (each a /21 of the region's /12)",
    },
    ParamSpec {
        name: "azs",
        kind: ParamKind::Int { min: 2, max: 6 },
        default: "2",
        help: "Availability Zones of every VPC (the region's first ones)",
    },
    ParamSpec {
        name: "inspection",
        kind: ParamKind::Choice(&["network-firewall", "none"]),
        default: "network-firewall",
        help: "AWS Network Firewall between segments (and on egress), or no inspection",
    },
    ParamSpec {
        name: "egress",
        kind: ParamKind::Choice(&["centralized", "none"]),
        default: "centralized",
        help: "internet egress through the network function group's NAT gateways, or none",
    },
    ParamSpec {
        name: "share-with",
        kind: ParamKind::Text,
        default: "accounts",
        help: "RAM principal of the core network and DNS: accounts (each workload account), an OU id (ou-...) or an OU or organization ARN",
    },
    ParamSpec {
        name: "allowed-domains",
        kind: ParamKind::Text,
        default: ".amazonaws.com",
        help: "domains spokes may reach over HTTP and TLS (network-firewall), comma-separated",
    },
    ParamSpec {
        name: "flow-logs",
        kind: ParamKind::Text,
        default: "off",
        help: "off, or the ARN of an S3 bucket for every VPC's flow logs",
    },
    hub_parts::BLOCK_PUBLIC_ACCESS,
    crate::endpoint_parts::ENDPOINTS,
    crate::hybrid_parts::VPN,
    crate::hybrid_parts::CUSTOMER_GATEWAY_IP,
    crate::hybrid_parts::CUSTOMER_GATEWAY_ASN,
    crate::hybrid_parts::VPN_PSK,
    crate::hybrid_parts::DX_GATEWAY,
    hub_parts::GATEWAY_ENDPOINTS,
    hub_parts::LATTICE,
    hub_parts::ORGANIZATION_ID,
    hub_parts::MANAGEMENT_ACCOUNT_ID,
    dns_parts::DNS_SWITCH,
    dns_parts::ONPREM_DOMAINS,
    dns_parts::ONPREM_RESOLVERS,
    dns_parts::ONPREM_CIDRS,
    dns_parts::CLOUD_DOMAIN,
    dns_parts::USE_PROFILES,
    dns_parts::DNS_FIREWALL,
    dns_parts::QUERY_LOGS,
];

/// The blueprint's registry entry.
pub fn blueprint() -> Blueprint {
    Blueprint {
        name: "cloudwan-hub-spoke",
        summary: "Cloud WAN core network, segments by tag, inspection and central egress through a network function group",
        params: PARAMS,
        build,
    }
}

/// The segment that shares its routes with every other.
const SHARED_SEGMENT: &str = "shared";

/// The tag whose value names an attachment's segment.
const SEGMENT_TAG: &str = "segment";

/// The tag whose value names an attachment's network function group.
const GROUP_TAG: &str = "nfg";

/// The core network's ASN range: the edges take their ASNs from it (one per region).
const ASN_RANGE: &str = "64512-64555";

/// /21 spokes in a /12, less the /22 of the inspection VPC.
const MAX_SPOKES_PER_REGION: u32 = 500;

fn build(params: &Params) -> Result<Network, UsageError> {
    let regions = params.list("regions");
    if regions.len() > 16 {
        return Err(UsageError::BadValue {
            param: "regions".into(),
            value: params.text("regions").into(),
            expected: "at most 16 regions (each takes a /12 of 10.0.0.0/8)".into(),
        });
    }
    // Never empty: splitting any text on ',' gives one item at least.
    let segments: Vec<&str> = params.list("segments");
    let spokes = params.int("spokes") as usize;
    let azs_wanted = params.int("azs") as usize;
    let workloads: Vec<&str> = params.list("workload-account-ids");
    let egress = params.text("egress") == "centralized";
    let engine = match params.text("inspection") {
        "network-firewall" => Engine::NetworkFirewall,
        _ => Engine::None,
    };
    // The network function group: inspection (and egress), or egress alone, or none.
    let group = match (engine, egress) {
        (Engine::None, false) => None,
        (Engine::None, true) => Some("egress"),
        _ => Some("inspection"),
    };

    let mut network = Network::builder(params.text("name"))
        .tag("managed-by", "netform")
        .network_account("network", params.text("network-account-id"));
    for (i, id) in workloads.iter().enumerate() {
        network = network.account(format!("workload-{}", i + 1), *id);
    }
    let flow_logs = match params.text("flow-logs") {
        "off" => None,
        arn => Some(FlowLogs::s3(arn)),
    };

    let mut core = policy(&regions, &segments, group, engine, egress);
    for principal in share_principals(params) {
        core = core.share_with(principal);
    }

    for (r, region) in regions.iter().enumerate() {
        let info = netform_dsl::region::region(region).expect("checked to be a known region");
        let azs: Vec<String> = info.az_names().into_iter().take(azs_wanted).collect();
        if azs.len() < azs_wanted {
            return Err(UsageError::BadValue {
                param: "azs".into(),
                value: params.text("azs").into(),
                expected: format!("at most {} (the AZs of {region})", azs.len()),
            });
        }
        let code = region_code(region);
        let block = code.clone();
        network = network.ip_block(&block, format!("{SUPERNET_FIRST_OCTET}.{}.0.0/12", r * 16));

        if let Some(group) = group {
            let name = format!("{group}-{code}");
            let (vpc, inspection) = build_inspection_vpc(&InspectionVpc {
                name: &name,
                region,
                block: &block,
                azs: &azs,
                engine,
                egress,
                flow_logs: flow_logs.as_ref(),
                params,
            });
            network = network.vpc(vpc);
            if let Some(inspection) = inspection {
                network = network.inspection(inspection);
            }
            // An egress VPC without inspection sends return traffic for the spokes back to
            // the core network from its public subnets.
            let internal = format!("{SUPERNET_FIRST_OCTET}.0.0.0/8");
            core = core.attach(&name, "transit", |a| {
                let a = a.tag(GROUP_TAG, group).appliance_mode();
                if engine == Engine::None {
                    a.vpc_route(&internal)
                } else {
                    a
                }
            });
        }

        // Spokes go to the segments in turn, so one more spoke is appended to the model and
        // to its stack (docs/scale.md) rather than inserted among its segment's.
        for index in 0..spokes {
            let s = index % segments.len();
            let segment = segments[s];
            let account = format!("workload-{}", s % workloads.len().max(1) + 1);
            let name = format!("{segment}-{code}-{}", index / segments.len() + 1);
            network = network.vpc(spoke_vpc(
                &name,
                &account,
                region,
                &block,
                &azs,
                flow_logs.as_ref(),
            ));
            // With central egress a spoke sends everything to the core network; without
            // it, only the internal supernet.
            let route = if egress {
                "0.0.0.0/0".to_string()
            } else {
                format!("{SUPERNET_FIRST_OCTET}.0.0.0/8")
            };
            core = core.attach(&name, "transit", |a| {
                a.tag(SEGMENT_TAG, segment).vpc_route(route)
            });
        }
    }
    let mut network = network.core_network(core).build();
    if params.text("dns") == "hybrid" {
        add_dns(&mut network, params, Hub::CloudWan { egress })?;
    }
    hub_parts::add_options(&mut network, params, Hub::CloudWan { egress })?;
    let isolated: Vec<&str> = segments
        .iter()
        .copied()
        .filter(|s| *s != SHARED_SEGMENT)
        .collect();
    crate::intent_parts::add_defaults(
        &mut network,
        &crate::intent_parts::Defaults {
            inspected: engine != Engine::None,
            egress,
            isolated_segments: &isolated,
        },
    );
    Ok(network)
}

/// The core network and its policy (attachments come later).
fn policy(
    regions: &[&str],
    segments: &[&str],
    group: Option<&str>,
    engine: Engine,
    egress: bool,
) -> netform_dsl::CoreNetworkBuilder {
    // The core network is declared from the first region (us-east-1 is where its RAM share
    // must live; the share goes there whatever this region is).
    let mut core = CoreNetwork::builder("wan", "network", regions[0]).asn_range(ASN_RANGE);
    for region in regions {
        core = core.edge(*region);
    }
    for segment in segments {
        core = core.segment(*segment, |s| s.require_acceptance(false));
    }
    if segments.contains(&SHARED_SEGMENT) {
        core = core.share(SHARED_SEGMENT, ShareWith::all());
    }
    let Some(group) = group else {
        return core.attachment_policy(
            200,
            [Condition::tag_exists(SEGMENT_TAG)],
            AttachmentAction::segment_from_tag(SEGMENT_TAG),
        );
    };
    core = core.network_function_group(group);
    let isolated: Vec<&str> = segments
        .iter()
        .copied()
        .filter(|s| *s != SHARED_SEGMENT)
        .collect();
    if engine != Engine::None {
        for (i, segment) in isolated.iter().enumerate() {
            let later = &isolated[i + 1..];
            if !later.is_empty() {
                core = core.send_via(*segment, later.iter().copied(), group, |v| v.dual_hop());
            }
        }
    }
    if egress {
        for segment in segments {
            core = core.send_to(*segment, group);
        }
    }
    core.attachment_policy(
        100,
        [Condition::tag_value(GROUP_TAG, Operator::Equals, group)],
        AttachmentAction::network_function_group(group),
    )
    .attachment_policy(
        200,
        [Condition::tag_exists(SEGMENT_TAG)],
        AttachmentAction::segment_from_tag(SEGMENT_TAG),
    )
}
