//! The typed model of a network. Every type is `Serialize + Deserialize`, so a network can be
//! dumped to JSON and loaded back. Values a user can get wrong (CIDRs, account ids, names) are
//! kept as written, so that validation can point at them instead of failing to load.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// Tags, in the order they were given. Keys are unique.
pub type Tags = IndexMap<String, String>;

/// A whole network: the accounts it spans, the IP space it plans from, and its VPCs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Network {
    /// The network's name: prefixes resource names, stacks and exports.
    pub name: String,
    /// Tags put on every taggable resource (besides `Name`).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub tags: Tags,
    /// The accounts, by alias. Exactly one has the [`AccountRole::Network`] role.
    pub accounts: Vec<Account>,
    /// Named IPv4 blocks that VPC CIDRs are allocated from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ip_blocks: Vec<IpBlock>,
    /// The VPCs, in declaration order (which is also allocation order).
    #[serde(default)]
    pub vpcs: Vec<Vpc>,
    /// Transit Gateways: regional hubs the VPCs attach to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transit_gateways: Vec<crate::TransitGateway>,
    /// Inspection VPCs: how they inspect, and whether they are the egress.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inspections: Vec<crate::Inspection>,
    /// The Cloud WAN core network, if the network has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub core_network: Option<crate::CoreNetwork>,
    /// DNS: Resolver endpoints and rules, private hosted zones, profiles, DNS Firewall and
    /// query logging.
    #[serde(default, skip_serializing_if = "crate::Dns::is_empty")]
    pub dns: crate::Dns,
    /// The Amazon VPC IPAM and its pools, if the network has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipam: Option<crate::Ipam>,
    /// VPC Block Public Access for the accounts, if turned on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block_public_access: Option<crate::BlockPublicAccess>,
    /// VPC Lattice service networks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub service_networks: Vec<crate::ServiceNetwork>,
    /// Customer gateways: on-premises VPN devices.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub customer_gateways: Vec<crate::CustomerGateway>,
    /// Site-to-Site VPN connections to a Transit Gateway or the core network.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vpn_connections: Vec<crate::VpnConnection>,
    /// Direct Connect gateways.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dx_gateways: Vec<crate::DxGateway>,
    /// Traffic intents `netform check` proves or refutes over the generated routing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub intents: Vec<crate::Intent>,
}

/// An AWS account the network spans.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    /// The name the model uses for the account (`network`, `prod`, ...).
    pub alias: String,
    /// The 12-digit AWS account id.
    pub id: String,
    /// What the account is for.
    #[serde(default)]
    pub role: AccountRole,
}

/// What an account is for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AccountRole {
    /// Owns the shared network: hubs, inspection, egress, DNS.
    Network,
    /// Owns spokes.
    #[default]
    Workload,
}

/// A named IPv4 block that VPC CIDRs are allocated from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IpBlock {
    /// The block's name, which VPCs refer to.
    pub name: String,
    /// The block, such as `10.0.0.0/8`.
    pub cidr: String,
}

/// A VPC: a CIDR, the AZs it spans, and its subnet groups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vpc {
    /// The VPC's name, unique in the network.
    pub name: String,
    /// The alias of the account that owns the VPC.
    pub account: String,
    /// The region, such as `us-east-1`.
    pub region: String,
    /// Where the VPC's IPv4 CIDR comes from.
    pub cidr: VpcCidr,
    /// Where the VPC's IPv6 block comes from, if it has one (dual-stack or IPv6-only
    /// subnets need it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv6: Option<VpcIpv6>,
    /// The Availability Zones, such as `us-east-1a`. Each subnet group has one subnet per AZ.
    pub azs: Vec<String>,
    /// Plan every allocated subnet group for this many AZs (at least `azs.len()`), so that
    /// AZs added later, up to this count, get subnets without moving any existing one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reserved_azs: Option<u8>,
    /// The subnet groups, in declaration order (which is also allocation order).
    #[serde(default)]
    pub subnet_groups: Vec<SubnetGroup>,
    /// How private subnets reach the internet.
    #[serde(default)]
    pub nat: NatMode,
    /// Where VPC flow logs go, if anywhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow_logs: Option<FlowLogs>,
    /// Gateway endpoints (S3, DynamoDB), each routed from the chosen route tables.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gateway_endpoints: Vec<crate::GatewayEndpoint>,
    /// Interface endpoints (AWS PrivateLink), for this VPC or, through the hub, for others.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interface_endpoints: Vec<crate::InterfaceEndpoint>,
    /// Tags for the VPC's resources, added to the network's tags.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub tags: Tags,
}

/// Where a VPC's CIDR comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum VpcCidr {
    /// A CIDR the user chose, such as `10.1.0.0/16`.
    Pinned(String),
    /// The next free block of this prefix length in the named [`IpBlock`].
    Allocated {
        /// The name of the block.
        block: String,
        /// The prefix length, such as 16.
        prefix: u8,
    },
    /// A block of this netmask from the named IPv4 IPAM pool, chosen by IPAM at deploy time.
    /// netform's planner still takes one from its mirror of the pool, so that exhaustion is
    /// caught before deploy, and it plans the subnets relative to the block.
    Ipam {
        /// The pool's name.
        pool: String,
        /// The netmask length, such as 20.
        netmask: u8,
    },
}

/// Where a VPC's IPv6 block comes from. Both are chosen by AWS at deploy time; netform plans
/// the subnets relative to the block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum VpcIpv6 {
    /// An Amazon-provided /56.
    AmazonProvided,
    /// A block of this netmask from the named IPv6 IPAM pool.
    Ipam {
        /// The pool's name.
        pool: String,
        /// The netmask length, such as 56.
        netmask: u8,
    },
}

/// The IPv6 side of a subnet group: one block of this prefix per AZ, from the VPC's IPv6
/// block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubnetIpv6 {
    /// The prefix length, /44 to /64 in steps of 4 (/64 is usual).
    pub prefix: u8,
    /// DNS64: the Resolver synthesizes `64:ff9b::/96` addresses for IPv4-only names, and the
    /// subnets route that prefix to a NAT gateway (NAT64).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub dns64: bool,
}

/// A tier of subnets, one subnet per AZ of the VPC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubnetGroup {
    /// The group's name, unique in the VPC.
    pub name: String,
    /// How the subnets reach the internet.
    pub tier: Tier,
    /// How big the subnets' IPv4 CIDRs are, which they are, or `none` (IPv6-only).
    pub size: SubnetSize,
    /// The subnets' IPv6 blocks, for a dual-stack or IPv6-only group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv6: Option<SubnetIpv6>,
}

impl SubnetGroup {
    /// Whether the subnets have no IPv4 CIDR.
    pub fn ipv6_only(&self) -> bool {
        self.size == SubnetSize::None
    }
}

/// How a subnet group reaches the internet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tier {
    /// A default route to the internet gateway.
    Public,
    /// A default route to a NAT gateway, if the VPC has any.
    Private,
    /// No route out of the VPC.
    Isolated,
    /// Dedicated to a Transit Gateway attachment's interfaces (a /28 per AZ is usual).
    Transit,
    /// Dedicated to inspection endpoints (Network Firewall or Gateway Load Balancer).
    Firewall,
}

impl Tier {
    /// The tier's name as written in JSON and in resource names.
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Public => "public",
            Tier::Private => "private",
            Tier::Isolated => "isolated",
            Tier::Transit => "transit",
            Tier::Firewall => "firewall",
        }
    }
}

/// The CIDRs of a subnet group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum SubnetSize {
    /// One subnet of this prefix length per AZ, allocated from the VPC's CIDR.
    Prefix(u8),
    /// One CIDR per AZ, in the VPC's AZ order.
    Pinned(Vec<String>),
    /// No IPv4 CIDR: the group is IPv6-only.
    None,
}

/// How private subnets reach the internet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NatMode {
    /// No NAT gateway: private subnets have no default route.
    #[default]
    None,
    /// One NAT gateway, in the first AZ's public subnet, for every AZ.
    Single,
    /// One NAT gateway per AZ, each in that AZ's public subnet: an AZ's failure does not cut
    /// the others off.
    PerAz,
}

/// VPC flow logs for the whole VPC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlowLogs {
    /// Where the records go.
    pub destination: FlowLogDestination,
    /// Which traffic is logged.
    #[serde(default)]
    pub traffic: TrafficType,
}

/// Where flow log records go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum FlowLogDestination {
    /// An S3 bucket, by ARN (`arn:aws:s3:::bucket` or with a folder: `arn:aws:s3:::bucket/prefix`).
    S3 {
        /// The bucket's ARN.
        bucket_arn: String,
    },
    /// A CloudWatch Logs log group, by ARN, written through an IAM role that allows it.
    CloudWatch {
        /// The log group's ARN.
        log_group_arn: String,
        /// The ARN of the role the flow log service assumes to write to the group.
        role_arn: String,
    },
}

/// Which traffic flow logs record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TrafficType {
    /// Accepted and rejected traffic.
    #[default]
    All,
    /// Accepted traffic only.
    Accept,
    /// Rejected traffic only.
    Reject,
}

impl TrafficType {
    /// The value AWS expects: `ALL`, `ACCEPT` or `REJECT`.
    pub fn as_str(self) -> &'static str {
        match self {
            TrafficType::All => "ALL",
            TrafficType::Accept => "ACCEPT",
            TrafficType::Reject => "REJECT",
        }
    }
}

impl Network {
    /// Loads a network from JSON (as written by [`Network::to_json`]).
    pub fn from_json(text: &str) -> Result<Self, crate::Error> {
        serde_json::from_str(text).map_err(crate::Error::json)
    }

    /// The network as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a network serializes to JSON")
    }

    /// The account with this alias.
    pub fn account(&self, alias: &str) -> Option<&Account> {
        self.accounts.iter().find(|a| a.alias == alias)
    }

    /// The VPC with this name.
    pub fn vpc(&self, name: &str) -> Option<&Vpc> {
        self.vpcs.iter().find(|v| v.name == name)
    }
}
