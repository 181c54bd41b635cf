//! `tgw-hub-spoke`: "Option 2, Custom Network Build" of the AWS connectivity guidance, with
//! the centralized inspection of NET208. Per region: a Transit Gateway in the network
//! account, shared with RAM; an inspection VPC (AWS Network Firewall or a Gateway Load
//! Balancer) that is also the centralized internet egress; spokes in workload accounts that
//! send everything to the hub. Regions are joined by Transit Gateway peering (static routes).
//!
//! Routing domains on every hub:
//! - `spokes`: associated with every spoke (and the peerings); one route, `0.0.0.0/0` to the
//!   inspection VPC. Spokes never reach each other directly.
//! - `inspection`: associated with the inspection VPC; every spoke of the region propagates
//!   here, and each other region's block is a static route to the peering with it.
//!
//! Traffic between regions is inspected in both (it arrives from a peering into `spokes`,
//! so it passes the local inspection VPC too): each direction of a flow sees both firewalls,
//! which keeps stateful inspection symmetric.

use crate::dns_parts::{self, add_dns, Hub};
use crate::error::UsageError;
use crate::hub_parts::{
    self, inspection_vpc as build_inspection_vpc, region_code, share_principals, spoke_vpc, Engine,
    InspectionVpc, SUPERNET_FIRST_OCTET,
};
use crate::params::{ParamKind, ParamSpec, Params};
use crate::Blueprint;
use netform_dsl::{FlowLogs, Network, TgwTarget, TransitGateway, DEFAULT_TGW_ASN};

/// `name`.
pub(crate) const NAME: ParamSpec = ParamSpec {
    name: "name",
    kind: ParamKind::Text,
    default: "acme",
    help: "network name: prefixes resource names, stacks and exports",
};

/// `network-account-id`.
pub(crate) const NETWORK_ACCOUNT_ID: ParamSpec = ParamSpec {
    name: "network-account-id",
    kind: ParamKind::Text,
    default: "111111111111",
    help: "12-digit id of the network account (hubs, inspection, egress)",
};

/// `workload-account-ids`.
pub(crate) const WORKLOAD_ACCOUNT_IDS: ParamSpec = ParamSpec {
    name: "workload-account-ids",
    kind: ParamKind::Text,
    default: "222222222222,333333333333",
    help: "12-digit ids of the workload accounts, comma-separated; spokes go to them in turn",
};

/// `regions`.
pub(crate) const REGIONS: ParamSpec = ParamSpec {
    name: "regions",
    kind: ParamKind::Regions,
    default: "us-east-1",
    help: "regions, comma-separated: a hub per region, peered with every other (at most 16)",
};

/// `spokes`.
pub(crate) const SPOKES: ParamSpec = ParamSpec {
    name: "spokes",
    kind: ParamKind::Int { min: 1, max: 500 },
    default: "2",
    help: "spoke VPCs per region (each a /21 of the region's /12)",
};

/// `azs`.
pub(crate) const AZS: ParamSpec = ParamSpec {
    name: "azs",
    kind: ParamKind::Int { min: 2, max: 6 },
    default: "2",
    help: "Availability Zones of every VPC (the region's first ones)",
};

/// `inspection`.
pub(crate) const INSPECTION: ParamSpec = ParamSpec {
    name: "inspection",
    kind: ParamKind::Choice(&["network-firewall", "gwlb"]),
    default: "network-firewall",
    help: "AWS Network Firewall, or appliances behind a Gateway Load Balancer",
};

/// `egress`.
pub(crate) const EGRESS: ParamSpec = ParamSpec {
    name: "egress",
    kind: ParamKind::Choice(&["centralized", "none"]),
    default: "centralized",
    help: "internet egress through the inspection VPC's NAT gateways, or none",
};

/// `share-with`.
pub(crate) const SHARE_WITH: ParamSpec = ParamSpec {
    name: "share-with",
    kind: ParamKind::Text,
    default: "accounts",
    help: "RAM principal of the hubs and DNS: accounts (each workload account), an OU id (ou-...) or an OU or organization ARN",
};

/// `allowed-domains`.
pub(crate) const ALLOWED_DOMAINS: ParamSpec = ParamSpec {
    name: "allowed-domains",
    kind: ParamKind::Text,
    default: ".amazonaws.com",
    help: "domains spokes may reach over HTTP and TLS (network-firewall), comma-separated",
};

/// `flow-logs`.
pub(crate) const FLOW_LOGS: ParamSpec = ParamSpec {
    name: "flow-logs",
    kind: ParamKind::Text,
    default: "off",
    help: "off, or the ARN of an S3 bucket for every VPC's flow logs",
};

/// The parameters.
pub(crate) const PARAMS: &[ParamSpec] = &[
    NAME,
    NETWORK_ACCOUNT_ID,
    WORKLOAD_ACCOUNT_IDS,
    REGIONS,
    SPOKES,
    AZS,
    INSPECTION,
    EGRESS,
    SHARE_WITH,
    ALLOWED_DOMAINS,
    FLOW_LOGS,
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
        name: "tgw-hub-spoke",
        summary:
            "Transit Gateway per region, spokes in workload accounts, inspection and central egress",
        params: PARAMS,
        build,
    }
}

fn build(params: &Params) -> Result<Network, UsageError> {
    let mut network = build_hub(params)?;
    let hub = Hub::TransitGateway {
        egress: params.text("egress") == "centralized",
    };
    if params.text("dns") == "hybrid" {
        add_dns(&mut network, params, hub)?;
    }
    hub_parts::add_options(&mut network, params, hub)?;
    crate::intent_parts::add_defaults(
        &mut network,
        &crate::intent_parts::Defaults {
            inspected: true,
            egress: params.text("egress") == "centralized",
            isolated_segments: &[],
        },
    );
    Ok(network)
}

/// The hubs, inspection and spokes, without the DNS layer.
pub(crate) fn build_hub(params: &Params) -> Result<Network, UsageError> {
    let regions = params.list("regions");
    if regions.len() > 16 {
        return Err(UsageError::BadValue {
            param: "regions".into(),
            value: params.text("regions").into(),
            expected: "at most 16 regions (each takes a /12 of 10.0.0.0/8)".into(),
        });
    }
    let azs_wanted = params.int("azs") as usize;
    let workloads: Vec<&str> = params.list("workload-account-ids");
    let egress = params.text("egress") == "centralized";
    let gwlb = params.text("inspection") == "gwlb";

    let mut network = Network::builder(params.text("name"))
        .tag("managed-by", "netform")
        .network_account("network", params.text("network-account-id"));
    for (i, id) in workloads.iter().enumerate() {
        network = network.account(format!("workload-{}", i + 1), *id);
    }
    let principals = share_principals(params);
    let flow_logs = match params.text("flow-logs") {
        "off" => None,
        arn => Some(FlowLogs::s3(arn)),
    };
    let codes: Vec<String> = regions.iter().map(|r| region_code(r)).collect();
    let blocks: Vec<String> = (0..regions.len())
        .map(|i| format!("{SUPERNET_FIRST_OCTET}.{}.0.0/12", i * 16))
        .collect();

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
        let code = &codes[r];
        let block = code.clone();
        let inspection_vpc = format!("inspection-{code}");
        network = network.ip_block(&block, &blocks[r]);

        let (vpc, inspection) = build_inspection_vpc(&InspectionVpc {
            name: &inspection_vpc,
            region,
            block: &block,
            azs: &azs,
            engine: if gwlb {
                Engine::Gwlb
            } else {
                Engine::NetworkFirewall
            },
            egress,
            flow_logs: flow_logs.as_ref(),
            params,
        });
        network = network.vpc(vpc);
        if let Some(inspection) = inspection {
            network = network.inspection(inspection);
        }

        // Unique ASNs per hub, as AWS recommends for peered Transit Gateways.
        let mut hub = TransitGateway::builder(format!("hub-{code}"), "network", *region)
            .asn(DEFAULT_TGW_ASN + r as u32)
            .inspection(&inspection_vpc)
            .route_table(
                "spokes",
                [("0.0.0.0/0", TgwTarget::Vpc(inspection_vpc.clone()))],
            )
            .route_table(
                "inspection",
                (0..regions.len()).filter(|&o| o != r).map(|o| {
                    (
                        blocks[o].clone(),
                        TgwTarget::Peering(peering_name(&codes, r, o)),
                    )
                }),
            )
            .attach(&inspection_vpc, "transit", "inspection", |a| {
                a.appliance_mode()
            });
        for principal in &principals {
            hub = hub.share_with(principal);
        }
        for s in 1..=params.int("spokes") {
            let name = format!("spoke-{code}-{s}");
            let account = format!("workload-{}", (s as usize - 1) % workloads.len() + 1);
            network = network.vpc(spoke_vpc(
                &name,
                &account,
                region,
                &block,
                &azs,
                flow_logs.as_ref(),
            ));
            // With central egress a spoke sends everything to the hub; without it, only the
            // internal supernet.
            let route = if egress { "0.0.0.0/0" } else { "10.0.0.0/8" };
            hub = hub.attach(&name, "transit", "spokes", |a| {
                a.propagate_to("inspection").vpc_route(route)
            });
        }
        // Each pair of regions peers once, requested by the earlier region.
        for o in (r + 1)..regions.len() {
            hub = hub.peer(
                peering_name(&codes, r, o),
                format!("hub-{}", codes[o]),
                "spokes",
                "spokes",
            );
        }
        network = network.transit_gateway(hub);
    }
    Ok(network.build())
}

fn peering_name(codes: &[String], a: usize, b: usize) -> String {
    let (a, b) = (a.min(b), a.max(b));
    format!("peer-{}-{}", codes[a], codes[b])
}
