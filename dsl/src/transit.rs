//! The Transit Gateway model: a regional hub owned by one account, its route tables (routing
//! domains), the VPC attachments that join it, static and blackhole routes, peerings with
//! hubs in other regions, and the AWS RAM share that lets other accounts attach.

use serde::{Deserialize, Serialize};

/// The Amazon-side ASN a Transit Gateway gets when none is given (the AWS default).
pub const DEFAULT_TGW_ASN: u32 = 64512;

/// A Transit Gateway: a regional router that VPCs (and later VPNs and Direct Connect) attach
/// to. Default route table association and propagation are always off: every attachment
/// names its routing domain, so nothing lands in a table by accident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransitGateway {
    /// The hub's name, unique among the network's Transit Gateways.
    pub name: String,
    /// The alias of the account that owns it (usually the network account).
    pub account: String,
    /// Its region.
    pub region: String,
    /// The Amazon-side BGP ASN: 64512-65534 or 4200000000-4294967294.
    #[serde(default = "default_asn")]
    pub asn: u32,
    /// Accept attachments from accounts the hub is shared with without a manual step.
    #[serde(default = "yes")]
    pub auto_accept_shared_attachments: bool,
    /// RAM principals the hub is shared with: account aliases of the network, 12-digit
    /// account ids, OU ARNs or the organization ARN. Sharing stays inside the organization
    /// (external principals are not allowed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub share_with: Vec<String>,
    /// On-premises prefixes reachable through the hub (behind VPN or Direct Connect). No VPC
    /// on the hub may overlap them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub on_premises: Vec<String>,
    /// The VPC whose attachment inspects traffic (see [`crate::Inspection`]). When set, every
    /// flow between other attachments, and to the internet, must pass it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inspection: Option<String>,
    /// The route tables: one per routing domain.
    #[serde(default)]
    pub route_tables: Vec<TgwRouteTable>,
    /// The VPC attachments.
    #[serde(default)]
    pub attachments: Vec<TgwAttachment>,
    /// Peerings this hub requests with hubs in other regions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub peerings: Vec<TgwPeering>,
}

fn default_asn() -> u32 {
    DEFAULT_TGW_ASN
}

fn yes() -> bool {
    true
}

/// A Transit Gateway route table: a routing domain. Attachments associated with it are routed
/// by its routes; attachments propagating to it add their VPC CIDRs to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TgwRouteTable {
    /// The domain's name, unique in the hub.
    pub name: String,
    /// Static and blackhole routes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub routes: Vec<TgwRoute>,
}

/// A static route in a Transit Gateway route table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TgwRoute {
    /// The destination, such as `0.0.0.0/0`.
    pub destination: String,
    /// Where matching traffic goes.
    pub target: TgwTarget,
}

/// Where a Transit Gateway route sends traffic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TgwTarget {
    /// The attachment of the named VPC.
    Vpc(String),
    /// The named peering (with a hub in another region).
    Peering(String),
    /// Drop the traffic.
    Blackhole,
}

/// A VPC's attachment to a Transit Gateway.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TgwAttachment {
    /// The VPC, by name.
    pub vpc: String,
    /// The VPC's subnet group (tier `transit`) that holds the attachment's interfaces, one
    /// subnet per AZ. A dedicated /28 per AZ is the AWS recommendation.
    pub subnet_group: String,
    /// The route table (routing domain) the attachment is associated with.
    pub route_table: String,
    /// The route tables the VPC's CIDR is propagated to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub propagate_to: Vec<String>,
    /// Appliance mode: the hub keeps both directions of a flow in one AZ of this VPC. The
    /// inspection VPC's attachment needs it, or stateful inspection sees half a flow.
    #[serde(default)]
    pub appliance_mode: bool,
    /// Destinations the VPC's private subnets send to the hub, such as `0.0.0.0/0`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vpc_routes: Vec<String>,
}

/// A peering between this hub (the requester) and a hub in another region (the accepter).
/// Peerings carry static routes only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TgwPeering {
    /// The peering's name, unique among the network's peerings.
    pub name: String,
    /// The peer hub, by name.
    pub peer: String,
    /// The route table of this hub the peering is associated with.
    pub route_table: String,
    /// The route table of the peer hub the peering is associated with.
    pub peer_route_table: String,
}

/// Builds a [`TransitGateway`].
///
/// ```
/// use netform_dsl::{TgwTarget, TransitGateway};
///
/// let hub = TransitGateway::builder("hub-use1", "network", "us-east-1")
///     .asn(64512)
///     .share_with("prod")
///     .route_table("spokes", [("0.0.0.0/0", TgwTarget::Vpc("inspection".into()))])
///     .route_table("inspection", [("192.0.2.0/24", TgwTarget::Blackhole)])
///     .attach("inspection", "transit", "inspection", |a| a.appliance_mode())
///     .attach("app", "transit", "spokes", |a| a.propagate_to("inspection").vpc_route("0.0.0.0/0"))
///     .inspection("inspection")
///     .build();
/// assert_eq!(hub.attachments.len(), 2);
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct TransitGatewayBuilder {
    tgw: TransitGateway,
}

impl TransitGateway {
    /// Starts a Transit Gateway named `name`, owned by `account`, in `region`.
    pub fn builder(
        name: impl Into<String>,
        account: impl Into<String>,
        region: impl Into<String>,
    ) -> TransitGatewayBuilder {
        TransitGatewayBuilder {
            tgw: TransitGateway {
                name: name.into(),
                account: account.into(),
                region: region.into(),
                asn: DEFAULT_TGW_ASN,
                auto_accept_shared_attachments: true,
                share_with: Vec::new(),
                on_premises: Vec::new(),
                inspection: None,
                route_tables: Vec::new(),
                attachments: Vec::new(),
                peerings: Vec::new(),
            },
        }
    }
}

impl TransitGatewayBuilder {
    /// Sets the Amazon-side ASN.
    pub fn asn(mut self, asn: u32) -> Self {
        self.tgw.asn = asn;
        self
    }

    /// Requires a manual acceptance for attachments from other accounts.
    pub fn manual_acceptance(mut self) -> Self {
        self.tgw.auto_accept_shared_attachments = false;
        self
    }

    /// Shares the hub with a RAM principal: an account alias, a 12-digit id, an OU ARN or the
    /// organization ARN.
    pub fn share_with(mut self, principal: impl Into<String>) -> Self {
        self.tgw.share_with.push(principal.into());
        self
    }

    /// Declares an on-premises prefix reachable through the hub.
    pub fn on_premises(mut self, prefix: impl Into<String>) -> Self {
        self.tgw.on_premises.push(prefix.into());
        self
    }

    /// Names the VPC whose attachment inspects traffic between the others.
    pub fn inspection(mut self, vpc: impl Into<String>) -> Self {
        self.tgw.inspection = Some(vpc.into());
        self
    }

    /// Adds a route table with its static routes: `(destination, target)` pairs.
    pub fn route_table<I, S>(mut self, name: impl Into<String>, routes: I) -> Self
    where
        I: IntoIterator<Item = (S, TgwTarget)>,
        S: Into<String>,
    {
        self.tgw.route_tables.push(TgwRouteTable {
            name: name.into(),
            routes: routes
                .into_iter()
                .map(|(destination, target)| TgwRoute {
                    destination: destination.into(),
                    target,
                })
                .collect(),
        });
        self
    }

    /// Attaches a VPC through its `subnet_group`, associated with `route_table`; `options`
    /// sets propagations, appliance mode and the VPC's routes to the hub.
    pub fn attach(
        mut self,
        vpc: impl Into<String>,
        subnet_group: impl Into<String>,
        route_table: impl Into<String>,
        options: impl FnOnce(AttachmentBuilder) -> AttachmentBuilder,
    ) -> Self {
        let attachment = TgwAttachment {
            vpc: vpc.into(),
            subnet_group: subnet_group.into(),
            route_table: route_table.into(),
            propagate_to: Vec::new(),
            appliance_mode: false,
            vpc_routes: Vec::new(),
        };
        self.tgw
            .attachments
            .push(options(AttachmentBuilder { attachment }).attachment);
        self
    }

    /// Requests a peering with the hub `peer` in another region, associated with
    /// `route_table` here and `peer_route_table` there.
    pub fn peer(
        mut self,
        name: impl Into<String>,
        peer: impl Into<String>,
        route_table: impl Into<String>,
        peer_route_table: impl Into<String>,
    ) -> Self {
        self.tgw.peerings.push(TgwPeering {
            name: name.into(),
            peer: peer.into(),
            route_table: route_table.into(),
            peer_route_table: peer_route_table.into(),
        });
        self
    }

    /// The Transit Gateway.
    pub fn build(self) -> TransitGateway {
        self.tgw
    }
}

impl From<TransitGatewayBuilder> for TransitGateway {
    fn from(builder: TransitGatewayBuilder) -> Self {
        builder.build()
    }
}

/// Options of one [`TgwAttachment`], given to [`TransitGatewayBuilder::attach`].
#[derive(Debug, Clone)]
#[must_use]
pub struct AttachmentBuilder {
    attachment: TgwAttachment,
}

impl AttachmentBuilder {
    /// Propagates the VPC's CIDR to a route table.
    pub fn propagate_to(mut self, route_table: impl Into<String>) -> Self {
        self.attachment.propagate_to.push(route_table.into());
        self
    }

    /// Turns on appliance mode (for the inspection VPC).
    pub fn appliance_mode(mut self) -> Self {
        self.attachment.appliance_mode = true;
        self
    }

    /// Sends `destination` from the VPC's private subnets to the hub.
    pub fn vpc_route(mut self, destination: impl Into<String>) -> Self {
        self.attachment.vpc_routes.push(destination.into());
        self
    }
}
