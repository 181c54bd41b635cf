//! Site-to-Site VPN: customer gateways (the on-premises device, by public IP and BGP ASN) and
//! VPN connections from them to a Transit Gateway or to the Cloud WAN core network, each with
//! AWS's two tunnels.
//!
//! From the connectivity guidance ("Hybrid connectivity"): "With a VPN, you are encrypting
//! traffic between two endpoints and traffic flows over private IP inside VPN tunnels". Each
//! connection has two tunnels, ending in different AZs; both should be up. A tunnel's inside
//! CIDR and pre-shared key can be left to AWS or chosen: a chosen key never enters the model
//! or the output, it is an input of the deploy (a `NoEcho` CloudFormation parameter, a
//! `sensitive` Terraform variable).

use crate::model::Tags;
use serde::{Deserialize, Serialize};

/// The pre-shared key rule of AWS Site-to-Site VPN ("Tunnel options for your Site-to-Site VPN
/// connection"): "between 8 and 64 characters in length and cannot start with zero (0).
/// Allowed characters are alphanumeric characters, periods (.), and underscores (_)." Used as
/// the deploy input's `AllowedPattern` / `validation`.
pub const PRESHARED_KEY_PATTERN: &str = "^[A-Za-z1-9._][A-Za-z0-9._]{7,63}$";

/// The on-premises end of VPN connections: a device with a static public IPv4 address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomerGateway {
    /// The name, unique among the network's customer gateways.
    pub name: String,
    /// The alias of the account that owns it (the account of the hub it connects to).
    pub account: String,
    /// Its region (that of the hub).
    pub region: String,
    /// The device's BGP ASN: 1 to 4,294,967,294, not one AWS reserves.
    pub asn: u32,
    /// The device's public IPv4 address.
    pub ip_address: String,
    /// A name for the device, shown by AWS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_name: Option<String>,
}

impl CustomerGateway {
    /// A customer gateway `name` of `account` in `region`, for the device at `ip_address`
    /// with BGP ASN `asn`.
    pub fn new(
        name: impl Into<String>,
        account: impl Into<String>,
        region: impl Into<String>,
        asn: u32,
        ip_address: impl Into<String>,
    ) -> Self {
        Self {
            name: name.into(),
            account: account.into(),
            region: region.into(),
            asn,
            ip_address: ip_address.into(),
            device_name: None,
        }
    }

    /// Names the device.
    #[must_use]
    pub fn device_name(mut self, name: impl Into<String>) -> Self {
        self.device_name = Some(name.into());
        self
    }
}

/// Where a VPN connection ends on AWS's side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum VpnHub {
    /// A Transit Gateway: the VPN attachment is associated with `route_table`, and the
    /// on-premises prefixes reach `learned_by` (propagated with BGP, static routes with static
    /// routing).
    TransitGateway {
        /// The Transit Gateway, by name.
        name: String,
        /// The route table the attachment is associated with: it routes traffic from
        /// on-premises.
        route_table: String,
        /// The route tables that learn the on-premises prefixes.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        learned_by: Vec<String>,
    },
    /// The Cloud WAN core network: a site-to-site VPN attachment at the edge of the customer
    /// gateway's region, placed in a segment by the attachment policies, through its tags.
    CoreNetwork {
        /// The attachment's tags, such as `segment = shared`.
        #[serde(default, skip_serializing_if = "Tags::is_empty")]
        tags: Tags,
    },
}

/// How on-premises prefixes are learned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum VpnRouting {
    /// BGP over both tunnels: the device advertises its prefixes, and with equal-cost
    /// multipath on the Transit Gateway several connections share the load.
    Bgp,
    /// Static: these prefixes are behind the connection (for devices without BGP).
    Static {
        /// The on-premises prefixes.
        prefixes: Vec<String>,
    },
}

/// Where a tunnel's pre-shared key comes from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PresharedKey {
    /// AWS generates it ("A 32-character alphanumeric string").
    #[default]
    AwsGenerated,
    /// A deploy input: a `NoEcho` CloudFormation parameter or a `sensitive` Terraform
    /// variable, named after the connection and the tunnel. The key is never in the model or
    /// the output.
    Input,
}

/// One of a connection's two tunnels.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VpnTunnel {
    /// The tunnel's inside IPv4 CIDR: a /30 of 169.254.0.0/16 that AWS does not reserve;
    /// none: AWS picks one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inside_cidr: Option<String>,
    /// Where its pre-shared key comes from.
    #[serde(default)]
    pub preshared_key: PresharedKey,
}

impl VpnTunnel {
    /// A tunnel with this inside CIDR and a key from a deploy input.
    pub fn new(inside_cidr: impl Into<String>) -> Self {
        Self {
            inside_cidr: Some(inside_cidr.into()),
            preshared_key: PresharedKey::Input,
        }
    }
}

/// A Site-to-Site VPN connection from a customer gateway to a hub.
///
/// ```
/// use netform_dsl::{VpnConnection, VpnRouting, VpnTunnel};
///
/// let vpn = VpnConnection::to_transit_gateway("dc1", "dc1-device", "hub", "onprem")
///     .learned_by("spokes")
///     .tunnels(VpnTunnel::new("169.254.10.0/30"), VpnTunnel::new("169.254.10.4/30"));
/// assert_eq!(vpn.routing, VpnRouting::Bgp);
/// assert_eq!(vpn.tunnels.len(), 2);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VpnConnection {
    /// The name, unique among the network's VPN connections.
    pub name: String,
    /// The customer gateway, by name.
    pub customer_gateway: String,
    /// Where it ends on AWS's side.
    pub hub: VpnHub,
    /// How on-premises prefixes are learned.
    pub routing: VpnRouting,
    /// The two tunnels' options; empty: AWS chooses both inside CIDRs and keys.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tunnels: Vec<VpnTunnel>,
    /// Accelerated VPN (through AWS Global Accelerator); Transit Gateway only.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub acceleration: bool,
}

impl VpnConnection {
    /// A BGP connection `name` from `customer_gateway` to Transit Gateway `hub`, associated
    /// with `route_table`.
    pub fn to_transit_gateway(
        name: impl Into<String>,
        customer_gateway: impl Into<String>,
        hub: impl Into<String>,
        route_table: impl Into<String>,
    ) -> Self {
        Self {
            name: name.into(),
            customer_gateway: customer_gateway.into(),
            hub: VpnHub::TransitGateway {
                name: hub.into(),
                route_table: route_table.into(),
                learned_by: Vec::new(),
            },
            routing: VpnRouting::Bgp,
            tunnels: Vec::new(),
            acceleration: false,
        }
    }

    /// A BGP connection `name` from `customer_gateway` to the core network, with these
    /// attachment tags (`(key, value)` pairs).
    pub fn to_core_network<I, K, V>(
        name: impl Into<String>,
        customer_gateway: impl Into<String>,
        tags: I,
    ) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        Self {
            name: name.into(),
            customer_gateway: customer_gateway.into(),
            hub: VpnHub::CoreNetwork {
                tags: tags
                    .into_iter()
                    .map(|(k, v)| (k.into(), v.into()))
                    .collect(),
            },
            routing: VpnRouting::Bgp,
            tunnels: Vec::new(),
            acceleration: false,
        }
    }

    /// Adds a Transit Gateway route table that learns the on-premises prefixes.
    #[must_use]
    pub fn learned_by(mut self, route_table: impl Into<String>) -> Self {
        if let VpnHub::TransitGateway { learned_by, .. } = &mut self.hub {
            learned_by.push(route_table.into());
        }
        self
    }

    /// Static routing to these on-premises prefixes instead of BGP.
    #[must_use]
    pub fn static_routes<I, S>(mut self, prefixes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.routing = VpnRouting::Static {
            prefixes: prefixes.into_iter().map(Into::into).collect(),
        };
        self
    }

    /// Sets both tunnels' options.
    #[must_use]
    pub fn tunnels(mut self, first: VpnTunnel, second: VpnTunnel) -> Self {
        self.tunnels = vec![first, second];
        self
    }

    /// Turns on acceleration.
    #[must_use]
    pub fn accelerated(mut self) -> Self {
        self.acceleration = true;
        self
    }
}
