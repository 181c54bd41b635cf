//! netform's typed network model: builders, names, IP planning and validation.
//!
//! A [`Network`] is built with [`Network::builder`] (or loaded from JSON), then
//! [`Network::validate`] checks every rule at once and plans every CIDR, giving either a
//! [`ValidNetwork`] or all the [`Diagnostics`].
//!
//! ```
//! use netform_dsl::{Code, Network, Tier, Vpc};
//!
//! let network = Network::builder("acme")
//!     .network_account("network", "111111111111")
//!     .vpc(
//!         Vpc::builder("edge", "network", "us-east-1")
//!             .cidr("10.0.0.0/30")
//!             .azs(["us-east-1a", "us-east-1b"])
//!             .subnets("public", Tier::Public, 28),
//!     )
//!     .build();
//! let diagnostics = network.validate().unwrap_err();
//! let first = diagnostics.iter().next().unwrap();
//! assert_eq!(first.code, Code::VpcPrefix);
//! assert_eq!(first.path.to_string(), r#"vpcs["edge"].cidr"#);
//! ```

#![warn(missing_docs)]

mod builder;
mod cloudwan;
mod diagnostic;
mod direct_connect;
mod dns;
mod endpoints;
mod error;
mod inspection;
mod intent;
mod ipam;
mod lattice;
mod model;
pub mod name;
mod path;
pub mod plan;
pub mod policy;
mod public_access;
pub mod region;
mod transit;
mod validate;
mod vpn;

pub use builder::{NetworkBuilder, VpcBuilder};
pub use cloudwan::{
    AttachmentFacts, CoreNetwork, CoreNetworkBuilder, CwAttachment, CwAttachmentBuilder, Joins,
    PolicyMatch, SegmentBuilder, SendViaBuilder,
};
pub use diagnostic::{Code, Diagnostic, Diagnostics, Severity};
pub use direct_connect::{DxAssociation, DxAssociationBuilder, DxCoreAttachment, DxGateway};
pub use dns::{
    BlockResponse, Dns, DnsBuilder, DnsFirewallAction, DnsFirewallRule, DnsFirewallRuleGroup,
    DnsProfile, DnsProtocol, DnsRecord, DomainList, EndpointBuilder, EndpointDirection,
    FirewallAssociation, FirewallGroupBuilder, HostedZone, ProfileBuilder, ProfileFirewall,
    QueryLogBuilder, QueryLogConfig, QueryLogDestination, RecordType, ResolverEndpoint,
    ResolverRule, ResolverRuleType, RuleBuilder, TargetIp, ZoneBuilder,
};
pub use endpoints::{
    is_service_name, service_domain, EndpointAlias, GatewayEndpoint, InterfaceEndpoint,
    GATEWAY_SERVICES, WILDCARD_SERVICES,
};
pub use error::{Error, ErrorKind};
pub use inspection::{
    ApplianceTarget, DomainAction, FirewallPolicy, FiveTupleRule, GatewayLoadBalancer, Inspection,
    InspectionEngine, PortRange, StatefulAction, StatefulRuleGroup, StatefulRules, StatelessAction,
    StatelessRule, StatelessRuleGroup,
};
pub use intent::{Intent, Site, Waypoint};
pub use ipam::{
    AddressFamily, AllocationRules, Ipam, IpamBuilder, IpamPool, IpamPoolBuilder, IpamScope,
    PoolCidr,
};
pub use lattice::{LatticeAuth, LatticeVpc, ServiceNetwork};
pub use model::{
    Account, AccountRole, FlowLogDestination, FlowLogs, IpBlock, NatMode, Network, SubnetGroup,
    SubnetIpv6, SubnetSize, Tags, Tier, TrafficType, Vpc, VpcCidr, VpcIpv6,
};
pub use path::{Path, Segment};
pub use plan::VpcPlan;
pub use policy::{AttachmentAction, Condition, CorePolicy, Operator, ShareWith};
pub use public_access::{BlockMode, BlockPublicAccess, BpaExclusion, ExclusionMode};
pub use transit::{
    AttachmentBuilder, TgwAttachment, TgwPeering, TgwRoute, TgwRouteTable, TgwTarget,
    TransitGateway, TransitGatewayBuilder, DEFAULT_TGW_ASN,
};
pub use validate::ValidNetwork;
pub use vpn::{
    CustomerGateway, PresharedKey, VpnConnection, VpnHub, VpnRouting, VpnTunnel,
    PRESHARED_KEY_PATTERN,
};
