//! A monthly cost estimate of what a network deploys: the resources that bill by the hour
//! (counted in the lowered graph, so exactly what will be deployed) and those that bill by
//! the GB (at an assumed monthly volume), priced from `data/prices.json`, one file with the
//! date and the public page of every number. A region a price has no number for is reported
//! as unpriced, never counted as zero.

use crate::graph::{ResourceGraph, Value};
use crate::kinds::Kind;
use indexmap::{IndexMap, IndexSet};
use netform_dsl::Network;
use serde::{Deserialize, Serialize};

/// The prices netform ships with.
const BUILTIN: &str = include_str!("../data/prices.json");

/// A price table: when it was last checked, and each item's price per region.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prices {
    /// When the prices were last checked, as `YYYY-MM-DD`.
    pub updated: String,
    /// The currency, `USD`.
    pub currency: String,
    /// Hours in a month (AWS's convention is 730).
    pub hours_per_month: f64,
    /// What the file is and how to update it.
    pub about: String,
    /// The prices.
    pub prices: Vec<Price>,
}

/// How an item bills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Per {
    /// By the hour, per resource.
    Hour,
    /// By the GB of traffic.
    Gb,
    /// By a usage netform cannot know before deploy (queries, active IPs).
    Usage,
}

/// One item's price.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Price {
    /// The item's key, such as `nat-gateway-hour`.
    pub item: String,
    /// What it is, for people.
    pub what: String,
    /// The unit the price is per.
    pub unit: String,
    /// How it bills.
    pub per: Per,
    /// The price per unit, by region; a region not listed has no known price.
    pub regions: IndexMap<String, f64>,
    /// The public page the numbers come from.
    pub source: String,
    /// How the numbers were read: `A` an AWS page, `B` AWS's prices transcribed by a third
    /// party, `C` a third-party statement, `none` not found.
    pub evidence: String,
}

impl Prices {
    /// The prices netform ships with (`backends/data/prices.json`).
    pub fn builtin() -> Self {
        serde_json::from_str(BUILTIN).expect("data/prices.json is valid (tested)")
    }

    fn price(&self, item: &str) -> &Price {
        self.prices
            .iter()
            .find(|p| p.item == item)
            .unwrap_or_else(|| panic!("data/prices.json has no item {item}"))
    }
}

/// One line of an estimate: an item in a region.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostLine {
    /// The region.
    pub region: String,
    /// The item's key, such as `nat-gateway-hour`.
    pub item: String,
    /// What it is.
    pub what: String,
    /// How many: resources for an hourly item, GB for a traffic item; `None` for a usage
    /// netform cannot know before deploy.
    pub quantity: Option<f64>,
    /// The unit the price is per.
    pub unit: String,
    /// The price per unit; `None`: no known price for this region.
    pub unit_price: Option<f64>,
    /// The monthly cost; `None` when the quantity or the price is unknown.
    pub monthly: Option<f64>,
}

/// A network's estimate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimate {
    /// The currency.
    pub currency: String,
    /// When the prices were last checked.
    pub prices_updated: String,
    /// Hours in a month.
    pub hours_per_month: f64,
    /// The assumed GB a month through each per-GB item of each region.
    pub gb_per_month: f64,
    /// The lines, by region in order of first appearance, then by item.
    pub lines: Vec<CostLine>,
}

impl Estimate {
    /// The sum of the lines whose cost is known.
    pub fn total(&self) -> f64 {
        // Folded from +0.0 (an empty f64 sum is -0.0), and to the cent as the lines are.
        round_cents(
            self.lines
                .iter()
                .filter_map(|l| l.monthly)
                .fold(0.0, |sum, m| sum + m),
        )
    }

    /// Lines with a quantity but no known price: the total leaves them out.
    pub fn unpriced(&self) -> impl Iterator<Item = &CostLine> {
        self.lines
            .iter()
            .filter(|l| l.quantity.is_some() && l.unit_price.is_none())
    }
}

/// What bills in the network, priced. `gb_per_month` is the traffic assumed through each
/// per-GB item of each region where it exists (NAT gateways, Transit Gateway, Cloud WAN,
/// Network Firewall, interface endpoints).
pub fn estimate(
    network: &Network,
    graph: &ResourceGraph,
    prices: &Prices,
    gb_per_month: f64,
) -> Estimate {
    // Hourly counts by (region, item), in graph order.
    let mut counts: IndexMap<(String, &'static str), f64> = IndexMap::new();
    let mut add = |region: &str, item: &'static str, n: f64| {
        *counts.entry((region.to_string(), item)).or_default() += n;
    };
    for resource in graph.resources.values() {
        let region = resource.placement.region.as_str();
        match resource.id.kind {
            Kind::NatGateway => add(region, "nat-gateway-hour", 1.0),
            Kind::Eip => add(region, "public-ipv4-hour", 1.0),
            Kind::TgwVpcAttachment | Kind::TgwPeering | Kind::DxAssociation => {
                add(region, "tgw-attachment-hour", 1.0)
            }
            Kind::VpnConnection => {
                add(region, "vpn-connection-hour", 1.0);
                if resource.properties.contains_key("transit_gateway_id") {
                    add(region, "tgw-attachment-hour", 1.0);
                }
            }
            Kind::CwVpcAttachment => add(region, "cwan-vpc-attachment-hour", 1.0),
            Kind::CwVpnAttachment => add(region, "cwan-vpn-attachment-hour", 1.0),
            Kind::CwDxAttachment => add(region, "cwan-dx-attachment-hour", 1.0),
            // One firewall per AZ, one endpoint each.
            Kind::Firewall => add(region, "firewall-endpoint-hour", 1.0),
            Kind::LoadBalancer => add(region, "gwlb-hour", 1.0),
            Kind::ResolverEndpoint => {
                let enis = match resource.properties.get("ip_addresses") {
                    Some(Value::List(items)) => items.len(),
                    _ => 0,
                };
                add(region, "resolver-eni-hour", enis as f64);
            }
            Kind::VpcEndpoint => match resource.properties.get("vpc_endpoint_type") {
                Some(Value::String(t)) if t == "Interface" => {
                    let azs = match resource.properties.get("subnet_ids") {
                        Some(Value::List(items)) => items.len(),
                        _ => 0,
                    };
                    add(region, "interface-endpoint-az-hour", azs as f64);
                }
                Some(Value::String(t)) if t == "GatewayLoadBalancer" => {
                    add(region, "gwlb-endpoint-hour", 1.0)
                }
                // Gateway endpoints are free.
                _ => {}
            },
            _ => {}
        }
    }
    // A core network bills an edge in each region of its policy.
    if let Some(core) = &network.core_network {
        for edge in &core.policy.core_network_configuration.edge_locations {
            add(&edge.location, "cwan-edge-hour", 1.0);
        }
    }
    // Traffic: where each per-GB item exists; usage: the Resolver's queries, IPAM's IPs.
    let mut traffic: IndexMap<(String, &'static str), ()> = IndexMap::new();
    let mut usage: IndexMap<(String, &'static str), ()> = IndexMap::new();
    for (region, item) in counts.keys() {
        let per_gb = match *item {
            "nat-gateway-hour" => Some("nat-gateway-gb"),
            "tgw-attachment-hour" => Some("tgw-gb"),
            "cwan-edge-hour" => Some("cwan-gb"),
            "firewall-endpoint-hour" => Some("firewall-gb"),
            "interface-endpoint-az-hour" => Some("interface-endpoint-gb"),
            "resolver-eni-hour" => {
                usage.insert((region.clone(), "resolver-query-million"), ());
                None
            }
            _ => None,
        };
        if let Some(item) = per_gb {
            traffic.insert((region.clone(), item), ());
        }
    }
    for resource in graph.resources.values() {
        // The Free Tier does not bill active IPs.
        let advanced =
            matches!(resource.properties.get("tier"), Some(Value::String(t)) if t == "advanced");
        if resource.id.kind == Kind::Ipam && advanced {
            usage.insert(
                (resource.placement.region.clone(), "ipam-active-ip-hour"),
                (),
            );
        }
    }

    let hours = prices.hours_per_month;
    let mut lines = Vec::new();
    let line = |region: &str, item: &str, quantity: Option<f64>, factor: f64| {
        let price = prices.price(item);
        let unit_price = price.regions.get(region).copied();
        CostLine {
            region: region.to_string(),
            item: item.to_string(),
            what: price.what.clone(),
            quantity,
            unit: price.unit.clone(),
            unit_price,
            monthly: quantity
                .zip(unit_price)
                .map(|(q, p)| round_cents(q * p * factor)),
        }
    };
    for ((region, item), n) in &counts {
        lines.push(line(region, item, Some(*n), hours));
    }
    for (region, item) in traffic.keys() {
        lines.push(line(region, item, Some(gb_per_month), 1.0));
    }
    for (region, item) in usage.keys() {
        lines.push(line(region, item, None, 1.0));
    }
    // By region in order of first appearance; within a region (a stable sort), hourly,
    // then traffic, then usage.
    let order: IndexSet<String> = lines.iter().map(|l| l.region.clone()).collect();
    lines.sort_by_key(|l| order.get_index_of(&l.region));
    Estimate {
        currency: prices.currency.clone(),
        prices_updated: prices.updated.clone(),
        hours_per_month: hours,
        gb_per_month,
        lines,
    }
}

/// Rounded to the cent, so totals add up as printed.
fn round_cents(amount: f64) -> f64 {
    (amount * 100.0).round() / 100.0
}
