//! The default traffic intents of the hub blueprints, which `netform check` proves over the
//! routing they generate: what NET208 and the AWS connectivity guidance ask of a hub and
//! spoke network with centralized inspection and egress.
//!
//! - Spokes reach each other only through inspection (Transit Gateway: every pair; Cloud
//!   WAN: every pair of isolated segments, as the `send-via` of the policy says), or not at
//!   all.
//! - Spokes reach the internet only through inspection and then a NAT gateway (centralized
//!   egress), or never (`egress=none`).
//! - With a VPN or Direct Connect gateway, on-premises and the spokes reach each other: only
//!   through inspection on a Transit Gateway; directly on Cloud WAN, where the attachments
//!   join segment `shared`.

use netform_dsl::{Intent, Network, Site, Waypoint};

/// What the blueprint built.
pub(crate) struct Defaults<'a> {
    /// Whether an inspection VPC sits on the paths.
    pub inspected: bool,
    /// Whether spokes leave for the internet through the central NAT gateways.
    pub egress: bool,
    /// The Cloud WAN segments that reach each other only through the network function group
    /// (empty on a Transit Gateway, where every spoke pair is meant to be inspected).
    pub isolated_segments: &'a [&'a str],
}

/// Adds the defaults to `network`.
pub(crate) fn add_defaults(network: &mut Network, d: &Defaults<'_>) {
    let mut intents = Vec::new();
    if d.inspected {
        if network.core_network.is_some() {
            for from in d.isolated_segments {
                for to in d.isolated_segments.iter().filter(|s| *s != from) {
                    intents.push(
                        Intent::new(format!("{from} reaches {to} only through inspection"))
                            .from(Site::segment(*from))
                            .to(Site::segment(*to))
                            .must_pass(Waypoint::Inspection)
                            .or_be_denied(),
                    );
                }
            }
        } else {
            intents.push(
                Intent::new("spokes reach each other only through inspection")
                    .must_pass(Waypoint::Inspection)
                    .or_be_denied(),
            );
        }
    }
    let internet = Intent::new(if d.egress {
        "spokes reach the internet only through central egress"
    } else {
        "spokes never reach the internet"
    })
    .from(Site::AllSpokes)
    .to(Site::Internet);
    intents.push(match (d.egress, d.inspected) {
        (true, true) => internet
            .must_pass(Waypoint::Inspection)
            .then(Waypoint::NatGateway),
        (true, false) => internet.must_pass(Waypoint::NatGateway),
        (false, _) => internet.must_be_denied(),
    });
    let hybrid = !network.vpn_connections.is_empty() || !network.dx_gateways.is_empty();
    let declared = network
        .transit_gateways
        .iter()
        .any(|t| !t.on_premises.is_empty())
        || network
            .core_network
            .as_ref()
            .is_some_and(|c| !c.on_premises.is_empty());
    if hybrid && declared {
        // On a Transit Gateway on-premises traffic is associated with `spokes` and learned by
        // `inspection`: inspected both ways. On Cloud WAN the VPN and Direct Connect
        // attachments join segment `shared`, which shares its routes with every segment:
        // reached directly, not inspected (docs/intents.md says so).
        let inspected = d.inspected && network.core_network.is_none();
        let mut there = Intent::new(if inspected {
            "spokes reach on-premises only through inspection"
        } else {
            "spokes reach on-premises"
        })
        .from(Site::AllSpokes)
        .to(Site::OnPremises);
        let mut back = Intent::new(if inspected {
            "on-premises reaches the spokes only through inspection"
        } else {
            "on-premises reaches the spokes"
        })
        .from(Site::OnPremises)
        .to(Site::AllSpokes);
        if inspected {
            there = there.must_pass(Waypoint::Inspection);
            back = back.must_pass(Waypoint::Inspection);
        }
        intents.push(back);
        intents.push(there);
    }
    network.intents.extend(intents);
}
