//! `netform cost`: what bills, counted in the lowered graph of each built-in blueprint, priced
//! from data/prices.json; a hand-computed total for `single-vpc`; no silent zero for a
//! region without prices.

use crate::support::{blueprint, graph};
use netform::backends::{estimate, Estimate, Per, Prices};
use netform::dsl::Network;

fn cost(network: &Network, gb: f64) -> Estimate {
    estimate(network, &graph(network), &Prices::builtin(), gb)
}

/// The count of `item` in `region`.
fn count(estimate: &Estimate, region: &str, item: &str) -> Option<f64> {
    estimate
        .lines
        .iter()
        .find(|l| l.region == region && l.item == item)
        .and_then(|l| l.quantity)
}

#[test]
fn the_price_file_cites_a_source_for_every_price() {
    let prices = Prices::builtin();
    assert_eq!(prices.hours_per_month, 730.0);
    assert_eq!(prices.currency, "USD");
    for price in &prices.prices {
        assert!(price.source.starts_with("https://"), "{}", price.item);
        assert!(
            ["A", "B", "C", "none"].contains(&price.evidence.as_str()),
            "{}",
            price.item
        );
        // A price with numbers has evidence; one without says so.
        assert_eq!(
            price.regions.is_empty(),
            price.evidence == "none",
            "{}",
            price.item
        );
        assert!(price.regions.values().all(|p| *p > 0.0), "{}", price.item);
    }
    // Items are unique.
    let mut items: Vec<&str> = prices.prices.iter().map(|p| p.item.as_str()).collect();
    items.sort_unstable();
    items.dedup();
    assert_eq!(items.len(), prices.prices.len());
}

/// `single-vpc`: two NAT gateways (one per AZ), each with an Elastic IP, in us-east-1.
/// By hand: 2 x 730 h x $0.045 = $65.70 for the NAT gateways, 2 x 730 h x $0.005 = $7.30 for
/// the public IPv4 addresses, and 100 GB x $0.045 = $4.50 of NAT processing: $77.50.
#[test]
fn single_vpc_costs_what_a_hand_count_says() {
    let network = blueprint("single-vpc", &[]);
    let estimate = cost(&network, 100.0);
    assert_eq!(count(&estimate, "us-east-1", "nat-gateway-hour"), Some(2.0));
    assert_eq!(count(&estimate, "us-east-1", "public-ipv4-hour"), Some(2.0));
    assert_eq!(count(&estimate, "us-east-1", "nat-gateway-gb"), Some(100.0));
    assert_eq!(estimate.total(), 77.50);
    assert_eq!(estimate.unpriced().count(), 0);
    // One NAT gateway for all AZs: half.
    let single = cost(&blueprint("single-vpc", &[("nat", "single")]), 0.0);
    assert_eq!(single.total(), 36.50);
}

#[test]
fn the_hub_blueprints_count_each_billable_resource() {
    // tgw-hub-spoke: the inspection VPC's NAT gateway and firewall per AZ (2 AZs), attachments
    // of the inspection VPC and 2 spokes.
    let tgw = cost(&blueprint("tgw-hub-spoke", &[]), 0.0);
    for (item, n) in [
        ("nat-gateway-hour", 2.0),
        ("public-ipv4-hour", 2.0),
        ("tgw-attachment-hour", 3.0),
        ("firewall-endpoint-hour", 2.0),
    ] {
        assert_eq!(count(&tgw, "us-east-1", item), Some(n), "{item}");
    }
    // With a VPN, a DX gateway and 3 interface endpoints: the VPN's and the gateway's
    // attachments, and an endpoint per service and AZ in the endpoints VPC (attached too).
    let hybrid = cost(
        &blueprint(
            "tgw-hub-spoke",
            &[
                ("vpn", "bgp"),
                ("dx-gateway", "64600"),
                ("endpoints", "ssm,s3,logs"),
            ],
        ),
        0.0,
    );
    assert_eq!(
        count(&hybrid, "us-east-1", "vpn-connection-hour"),
        Some(1.0)
    );
    assert_eq!(
        count(&hybrid, "us-east-1", "tgw-attachment-hour"),
        Some(6.0)
    );
    assert_eq!(
        count(&hybrid, "us-east-1", "interface-endpoint-az-hour"),
        Some(6.0)
    );
    // cloudwan-hub-spoke: an edge per region, a VPC attachment per spoke and inspection VPC.
    let network = blueprint("cloudwan-hub-spoke", &[("regions", "us-east-1")]);
    let attached = network.core_network.as_ref().unwrap().attachments.len() as f64;
    let wan = cost(&network, 0.0);
    assert_eq!(count(&wan, "us-east-1", "cwan-edge-hour"), Some(1.0));
    assert_eq!(
        count(&wan, "us-east-1", "cwan-vpc-attachment-hour"),
        Some(attached)
    );
    // hybrid-dns: an inbound and an outbound Resolver endpoint with an address per AZ; the
    // queries depend on usage.
    let dns = cost(&blueprint("hybrid-dns", &[]), 0.0);
    assert_eq!(count(&dns, "us-east-1", "resolver-eni-hour"), Some(4.0));
    let queries = dns
        .lines
        .iter()
        .find(|l| l.item == "resolver-query-million")
        .expect("queries");
    assert_eq!((queries.quantity, queries.monthly), (None, None));
    // ipam-landing-zone: an Advanced Tier IPAM bills its active IPs, which depend on usage.
    let ipam = cost(&blueprint("ipam-landing-zone", &[]), 0.0);
    assert!(ipam
        .lines
        .iter()
        .any(|l| l.item == "ipam-active-ip-hour" && l.quantity.is_none()));
}

/// A region the price file has no number for is reported, never priced at zero.
#[test]
fn a_region_without_prices_is_unpriced_not_free() {
    let estimate = cost(&blueprint("single-vpc", &[("region", "sa-east-1")]), 10.0);
    assert_eq!(estimate.total(), 0.0);
    let unpriced: Vec<&str> = estimate.unpriced().map(|l| l.item.as_str()).collect();
    assert_eq!(
        unpriced,
        ["public-ipv4-hour", "nat-gateway-hour", "nat-gateway-gb"]
    );
    assert!(estimate.lines.iter().all(|l| l.monthly.is_none()));
}

/// Every per-hour and per-GB item the estimate counts has a price entry, and every variant
/// of every blueprint estimates (no missing item panics).
#[test]
fn every_blueprint_variant_estimates() {
    let prices = Prices::builtin();
    for (name, network) in crate::support::variants() {
        let estimate = estimate(&network, &graph(&network), &prices, 1.0);
        assert!(!estimate.lines.is_empty(), "{name}");
        for line in &estimate.lines {
            let price = prices.prices.iter().find(|p| p.item == line.item).unwrap();
            assert_eq!(price.per == Per::Usage, line.quantity.is_none(), "{name}");
        }
    }
}
