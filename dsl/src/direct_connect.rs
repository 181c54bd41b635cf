//! Direct Connect gateways: the global router between transit virtual interfaces (the
//! physical side, which stays outside netform) and the hubs: associated with Transit Gateways
//! (with the prefixes advertised to on-premises) or attached to the Cloud WAN core network.
//!
//! From the connectivity guidance ("Hybrid connectivity"): "With physical links, traffic
//! traverse over dedicated lease lines so you get dedicated bandwidth and predictable network
//! performance compared to VPN." The connection, its virtual interfaces and their BGP sessions
//! need a port at a Direct Connect location, so they are ordered and built outside netform;
//! the gateway, its associations and attachments are what netform builds.

use crate::model::Tags;
use serde::{Deserialize, Serialize};

/// A Direct Connect gateway, owned by one account, global.
///
/// ```
/// use netform_dsl::DxGateway;
///
/// let dx = DxGateway::new("dx", "network", 64600)
///     .associate("hub-use1", "spokes", ["10.0.0.0/12"], |a| a.learned_by("inspection"));
/// assert_eq!(dx.transit_gateways[0].allowed_prefixes, ["10.0.0.0/12"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DxGateway {
    /// The name, unique among the network's Direct Connect gateways.
    pub name: String,
    /// The alias of the owning account (that of the hubs it joins).
    pub account: String,
    /// The Amazon-side ASN: 64512 to 65534 or 4200000000 to 4294967294.
    pub asn: u32,
    /// Associations with Transit Gateways.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transit_gateways: Vec<DxAssociation>,
    /// The attachment to the Cloud WAN core network, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub core_network: Option<DxCoreAttachment>,
}

/// A Direct Connect gateway's association with a Transit Gateway (the transit VIF model).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DxAssociation {
    /// The Transit Gateway, by name.
    pub transit_gateway: String,
    /// The prefixes advertised to on-premises for this Transit Gateway; they must cover the
    /// VPCs on it.
    pub allowed_prefixes: Vec<String>,
    /// The route table the gateway's attachment is associated with: it routes traffic from
    /// on-premises.
    pub route_table: String,
    /// The route tables the on-premises prefixes propagate to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub learned_by: Vec<String>,
}

/// Options of a [`DxAssociation`], given to [`DxGateway::associate`].
#[derive(Debug, Clone)]
#[must_use]
pub struct DxAssociationBuilder {
    association: DxAssociation,
}

impl DxAssociationBuilder {
    /// Propagates the on-premises prefixes to a route table.
    pub fn learned_by(mut self, route_table: impl Into<String>) -> Self {
        self.association.learned_by.push(route_table.into());
        self
    }
}

/// A Direct Connect gateway's attachment to the core network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DxCoreAttachment {
    /// The core network edges (regions) it joins.
    pub edge_locations: Vec<String>,
    /// The attachment's tags, which place it in a segment, such as `segment = shared`.
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub tags: Tags,
}

impl DxGateway {
    /// A Direct Connect gateway `name` of `account` with Amazon-side ASN `asn`.
    pub fn new(name: impl Into<String>, account: impl Into<String>, asn: u32) -> Self {
        Self {
            name: name.into(),
            account: account.into(),
            asn,
            transit_gateways: Vec::new(),
            core_network: None,
        }
    }

    /// Associates it with Transit Gateway `hub`: its attachment is associated with
    /// `route_table`, and `allowed_prefixes` are advertised to on-premises.
    pub fn associate<I, S>(
        mut self,
        hub: impl Into<String>,
        route_table: impl Into<String>,
        allowed_prefixes: I,
        options: impl FnOnce(DxAssociationBuilder) -> DxAssociationBuilder,
    ) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let association = DxAssociation {
            transit_gateway: hub.into(),
            allowed_prefixes: allowed_prefixes.into_iter().map(Into::into).collect(),
            route_table: route_table.into(),
            learned_by: Vec::new(),
        };
        self.transit_gateways
            .push(options(DxAssociationBuilder { association }).association);
        self
    }

    /// Attaches it to the core network at these edges, with these tags.
    pub fn attach_to_core<E, S, I, K, V>(mut self, edges: E, tags: I) -> Self
    where
        E: IntoIterator<Item = S>,
        S: Into<String>,
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        self.core_network = Some(DxCoreAttachment {
            edge_locations: edges.into_iter().map(Into::into).collect(),
            tags: tags
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        });
        self
    }
}
