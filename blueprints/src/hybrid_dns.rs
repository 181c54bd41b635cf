//! `hybrid-dns`: the hub-and-spoke network of `tgw-hub-spoke` (a Transit Gateway per region,
//! inspection and central egress) with hybrid DNS on top: per region a DNS VPC with inbound
//! and outbound Route 53 Resolver endpoints, forwarding rules for the on-premises domains,
//! a private hosted zone for the cloud domain, and either RAM-shared rules associated with
//! every spoke or a Route 53 Profile (`use-profiles=true`). See [`crate::dns_parts`].
//!
//! The same layer is on `tgw-hub-spoke` and `cloudwan-hub-spoke` with `--set dns=hybrid`.

use crate::dns_parts::{
    add_dns, Hub, CLOUD_DOMAIN, DNS_FIREWALL, ONPREM_CIDRS, ONPREM_DOMAINS, ONPREM_RESOLVERS,
    QUERY_LOGS, USE_PROFILES,
};
use crate::error::UsageError;
use crate::params::{ParamSpec, Params};
use crate::{hub_parts, tgw_hub_spoke, Blueprint};
use netform_dsl::Network;

/// The parameters `hybrid-dns` passes on to `tgw-hub-spoke`.
const HUB_PARAMS: &[&str] = &[
    "name",
    "network-account-id",
    "workload-account-ids",
    "regions",
    "spokes",
    "azs",
    "egress",
    "share-with",
    "organization-id",
    "management-account-id",
    "flow-logs",
];

const PARAMS: &[ParamSpec] = &[
    tgw_hub_spoke::NAME,
    tgw_hub_spoke::NETWORK_ACCOUNT_ID,
    tgw_hub_spoke::WORKLOAD_ACCOUNT_IDS,
    tgw_hub_spoke::REGIONS,
    tgw_hub_spoke::SPOKES,
    tgw_hub_spoke::AZS,
    tgw_hub_spoke::EGRESS,
    tgw_hub_spoke::SHARE_WITH,
    hub_parts::ORGANIZATION_ID,
    hub_parts::MANAGEMENT_ACCOUNT_ID,
    tgw_hub_spoke::FLOW_LOGS,
    ONPREM_DOMAINS,
    ONPREM_RESOLVERS,
    ONPREM_CIDRS,
    CLOUD_DOMAIN,
    USE_PROFILES,
    DNS_FIREWALL,
    QUERY_LOGS,
];

/// The blueprint's registry entry.
pub fn blueprint() -> Blueprint {
    Blueprint {
        name: "hybrid-dns",
        summary: "tgw-hub-spoke plus Route 53 Resolver endpoints, forwarding rules shared with every spoke, a private zone",
        params: PARAMS,
        build,
    }
}

fn build(params: &Params) -> Result<Network, UsageError> {
    let sets: Vec<(String, String)> = HUB_PARAMS
        .iter()
        .map(|name| (name.to_string(), params.text(name).to_string()))
        .collect();
    let hub = Params::parse("tgw-hub-spoke", tgw_hub_spoke::PARAMS, &sets)?;
    let mut network = tgw_hub_spoke::build_hub(&hub)?;
    let egress = params.text("egress") == "centralized";
    add_dns(&mut network, params, Hub::TransitGateway { egress })?;
    crate::intent_parts::add_defaults(
        &mut network,
        &crate::intent_parts::Defaults {
            inspected: true,
            egress,
            isolated_segments: &[],
        },
    );
    Ok(network)
}
