//! The DNS model: Route 53 Resolver endpoints in a shared-services VPC, Resolver rules
//! (forwarding to on-premises, system exceptions) shared with AWS RAM and associated with the
//! spokes, private hosted zones, Route 53 Profiles that bundle all of these, DNS Firewall and
//! query logging. "DNS management" in the AWS connectivity guidance and the DNS part of
//! NET208 are the source.
//!
//! Regional things (rules, profiles, firewall rule groups, domain lists, query log configs)
//! belong to an account and a region; a forwarding rule takes both from its outbound
//! endpoint's VPC. Associations name VPCs of the network: the lowering creates each one in the
//! VPC's account, which is what AWS requires after a RAM share (the share alone associates
//! nothing: landing-zone-accelerator-on-aws #108).

use serde::{Deserialize, Serialize};

/// Everything DNS in a network.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dns {
    /// Resolver endpoints (inbound and outbound).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub endpoints: Vec<ResolverEndpoint>,
    /// Resolver rules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<ResolverRule>,
    /// Private hosted zones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hosted_zones: Vec<HostedZone>,
    /// Route 53 Profiles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub profiles: Vec<DnsProfile>,
    /// DNS Firewall domain lists.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub domain_lists: Vec<DomainList>,
    /// DNS Firewall rule groups.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub firewall_rule_groups: Vec<DnsFirewallRuleGroup>,
    /// Resolver query logging configurations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub query_logs: Vec<QueryLogConfig>,
}

impl Dns {
    /// Whether nothing is declared.
    pub fn is_empty(&self) -> bool {
        self == &Dns::default()
    }

    /// The endpoint named `name`.
    pub fn endpoint(&self, name: &str) -> Option<&ResolverEndpoint> {
        self.endpoints.iter().find(|e| e.name == name)
    }
}

/// Which way a Resolver endpoint carries queries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EndpointDirection {
    /// Queries from outside the VPC (on-premises, other VPCs) into the VPC's resolver.
    Inbound,
    /// Queries the VPC's resolver forwards out, as forwarding rules direct.
    Outbound,
}

impl EndpointDirection {
    /// The value AWS expects: `INBOUND` or `OUTBOUND`.
    pub fn as_aws(self) -> &'static str {
        match self {
            EndpointDirection::Inbound => "INBOUND",
            EndpointDirection::Outbound => "OUTBOUND",
        }
    }
}

/// A protocol a Resolver endpoint (or a forwarding target) speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DnsProtocol {
    /// Plain DNS over port 53 (UDP and TCP).
    Do53,
    /// DNS over HTTPS (TCP 443).
    DoH,
    /// DNS over HTTPS with FIPS-validated cryptography (inbound endpoints only).
    #[serde(rename = "DoH-FIPS")]
    DohFips,
}

impl DnsProtocol {
    /// The value AWS expects: `Do53`, `DoH` or `DoH-FIPS`.
    pub fn as_aws(self) -> &'static str {
        match self {
            DnsProtocol::Do53 => "Do53",
            DnsProtocol::DoH => "DoH",
            DnsProtocol::DohFips => "DoH-FIPS",
        }
    }
}

/// A Route 53 Resolver endpoint: one network interface per subnet of a subnet group, and a
/// security group that lets DNS through from the declared ranges only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResolverEndpoint {
    /// The endpoint's name, unique among the network's endpoints.
    pub name: String,
    /// Inbound or outbound.
    pub direction: EndpointDirection,
    /// The VPC, by name: the endpoint's account and region are the VPC's.
    pub vpc: String,
    /// The VPC's subnet group that holds the interfaces: one IP address per AZ.
    pub subnet_group: String,
    /// Fixed IP addresses, one per AZ in the VPC's AZ order; empty lets AWS choose. Pin them
    /// when on-premises servers (or a forwarding rule) must know them before deploy.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ips: Vec<String>,
    /// CIDRs allowed to send queries (inbound endpoints): on-premises ranges and the VPCs
    /// that forward here. Outbound endpoints allow DNS out to their rules' targets only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow_from: Vec<String>,
    /// The protocols the endpoint speaks.
    #[serde(default = "default_protocols")]
    pub protocols: Vec<DnsProtocol>,
}

fn default_protocols() -> Vec<DnsProtocol> {
    vec![DnsProtocol::Do53]
}

/// What a Resolver rule does with the queries it matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ResolverRuleType {
    /// Forward to target IPs through an outbound endpoint.
    Forward,
    /// Resolve with the VPC's own resolver: an exception carved out of a forward rule for a
    /// parent domain.
    System,
    /// Resolve recursively on the internet. Only Resolver itself creates such rules (its
    /// "Internet Resolver" rule); declaring one is an error.
    Recursive,
}

impl ResolverRuleType {
    /// The value AWS expects: `FORWARD`, `SYSTEM` or `RECURSIVE`.
    pub fn as_aws(self) -> &'static str {
        match self {
            ResolverRuleType::Forward => "FORWARD",
            ResolverRuleType::System => "SYSTEM",
            ResolverRuleType::Recursive => "RECURSIVE",
        }
    }
}

/// A target of a forwarding rule: a DNS server, usually on premises.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetIp {
    /// The server's IPv4 address.
    pub ip: String,
    /// Its port (53 unless given).
    #[serde(default = "dns_port")]
    pub port: u32,
}

fn dns_port() -> u32 {
    53
}

/// A Route 53 Resolver rule, its VPC associations and its RAM share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResolverRule {
    /// The rule's name, unique among the network's rules.
    pub name: String,
    /// The domain it matches, with its subdomains, such as `corp.example.com`.
    pub domain: String,
    /// Forward, system or recursive.
    pub rule_type: ResolverRuleType,
    /// The outbound endpoint a forward rule sends through, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    /// Where a forward rule sends queries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<TargetIp>,
    /// The owning account's alias. Forward rules take their endpoint's; others must say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The region. Forward rules take their endpoint's; others must say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The VPCs the rule is associated with, by name (each in the rule's region).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub associations: Vec<String>,
    /// RAM principals the rule is shared with: account aliases, 12-digit ids, OU ARNs or the
    /// organization ARN (external principals are never allowed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub share_with: Vec<String>,
}

/// The type of a DNS record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum RecordType {
    /// An IPv4 address.
    A,
    /// An IPv6 address.
    Aaaa,
    /// An alias name.
    Cname,
    /// Text.
    Txt,
    /// A mail exchanger.
    Mx,
    /// A service locator.
    Srv,
    /// A reverse lookup.
    Ptr,
}

impl RecordType {
    /// The value AWS expects, such as `AAAA`.
    pub fn as_aws(self) -> &'static str {
        match self {
            RecordType::A => "A",
            RecordType::Aaaa => "AAAA",
            RecordType::Cname => "CNAME",
            RecordType::Txt => "TXT",
            RecordType::Mx => "MX",
            RecordType::Srv => "SRV",
            RecordType::Ptr => "PTR",
        }
    }
}

/// A record set in a hosted zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DnsRecord {
    /// The record's name: relative to the zone (`www`, or `@` for the apex).
    pub name: String,
    /// Its type.
    #[serde(rename = "type")]
    pub record_type: RecordType,
    /// Time to live, in seconds.
    #[serde(default = "default_ttl")]
    pub ttl: u32,
    /// The values (none for an alias).
    #[serde(default)]
    pub values: Vec<String>,
    /// An alias to an interface endpoint instead of values (type `A`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias: Option<crate::EndpointAlias>,
}

fn default_ttl() -> u32 {
    300
}

/// A private hosted zone, the VPCs it is associated with, and its records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HostedZone {
    /// The zone's model name, unique among the network's zones.
    pub name: String,
    /// The domain it serves, such as `aws.example.com`.
    pub domain: String,
    /// The owning account's alias.
    pub account: String,
    /// The VPCs it is associated with, by name. A VPC of another account needs an
    /// authorization from the zone's account: Terraform models it; CloudFormation has no
    /// resource for it, and netform refuses (use a Route 53 Profile).
    #[serde(default)]
    pub vpcs: Vec<String>,
    /// The records.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub records: Vec<DnsRecord>,
}

/// A DNS Firewall rule group a profile carries, with its priority in the profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileFirewall {
    /// The rule group, by name.
    pub group: String,
    /// Its priority among the profile's rule groups (lower runs first).
    pub priority: u32,
}

/// A Route 53 Profile: rules, zones, DNS Firewall rule groups and query logging bundled once,
/// shared with RAM and associated with many VPCs (the scalable way NET208 recommends).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DnsProfile {
    /// The profile's name, unique among the network's profiles.
    pub name: String,
    /// The owning account's alias.
    pub account: String,
    /// Its region.
    pub region: String,
    /// Resolver rules it carries, by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<String>,
    /// Private hosted zones it carries, by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hosted_zones: Vec<String>,
    /// DNS Firewall rule groups it carries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub firewall_rule_groups: Vec<ProfileFirewall>,
    /// Query logging configurations it carries, by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub query_logs: Vec<String>,
    /// The VPCs it is associated with, by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub associations: Vec<String>,
    /// RAM principals it is shared with.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub share_with: Vec<String>,
}

/// A DNS Firewall domain list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DomainList {
    /// The list's name, unique among the network's domain lists.
    pub name: String,
    /// The owning account's alias.
    pub account: String,
    /// Its region.
    pub region: String,
    /// The domains, such as `example.com` or `*.example.com`.
    pub domains: Vec<String>,
}

/// How DNS Firewall answers a blocked query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub enum BlockResponse {
    /// An empty answer (`NODATA`).
    Nodata,
    /// "No such domain" (`NXDOMAIN`).
    Nxdomain,
    /// A CNAME to another domain.
    Override {
        /// The domain answered instead, such as `blocked.example.com`.
        domain: String,
        /// The answer's TTL in seconds.
        ttl: u32,
    },
}

/// What a DNS Firewall rule does with a query that matches its domain list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub enum DnsFirewallAction {
    /// Let it through and stop evaluating.
    Allow,
    /// Let it through and log an alert.
    Alert,
    /// Block it.
    Block(BlockResponse),
}

/// One rule of a DNS Firewall rule group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DnsFirewallRule {
    /// The rule's name, unique in its group.
    pub name: String,
    /// Its priority in the group: unique, lower runs first.
    pub priority: u32,
    /// The domain list it matches, by name.
    pub domain_list: String,
    /// What it does.
    pub action: DnsFirewallAction,
}

/// The association of a DNS Firewall rule group with a VPC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FirewallAssociation {
    /// The VPC, by name.
    pub vpc: String,
    /// The group's priority among the VPC's rule groups: unique per VPC.
    pub priority: u32,
}

/// A DNS Firewall rule group, its VPC associations and its RAM share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DnsFirewallRuleGroup {
    /// The group's name, unique among the network's rule groups.
    pub name: String,
    /// The owning account's alias.
    pub account: String,
    /// Its region.
    pub region: String,
    /// The rules.
    pub rules: Vec<DnsFirewallRule>,
    /// The VPCs it is associated with.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub associations: Vec<FirewallAssociation>,
    /// RAM principals it is shared with.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub share_with: Vec<String>,
}

/// Where Resolver query logs go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum QueryLogDestination {
    /// An S3 bucket, by ARN.
    S3 {
        /// The bucket's ARN, such as `arn:aws:s3:::dns-logs`.
        bucket_arn: String,
    },
    /// A CloudWatch Logs log group, by ARN.
    CloudWatch {
        /// The log group's ARN.
        log_group_arn: String,
    },
    /// An Amazon Data Firehose stream, by ARN.
    Firehose {
        /// The stream's ARN.
        stream_arn: String,
    },
}

impl QueryLogDestination {
    /// The destination's ARN.
    pub fn arn(&self) -> &str {
        match self {
            QueryLogDestination::S3 { bucket_arn } => bucket_arn,
            QueryLogDestination::CloudWatch { log_group_arn } => log_group_arn,
            QueryLogDestination::Firehose { stream_arn } => stream_arn,
        }
    }
}

/// A Resolver query logging configuration, its VPC associations and its RAM share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueryLogConfig {
    /// The configuration's name, unique among the network's query log configs.
    pub name: String,
    /// The owning account's alias.
    pub account: String,
    /// Its region.
    pub region: String,
    /// Where the logs go.
    pub destination: QueryLogDestination,
    /// The VPCs whose queries are logged, by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub associations: Vec<String>,
    /// RAM principals it is shared with.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub share_with: Vec<String>,
}

/// Builds the [`Dns`] of a network (see [`crate::NetworkBuilder::dns`]).
///
/// ```
/// use netform_dsl::{DnsFirewallAction, BlockResponse, Network, Tier, Vpc};
///
/// let network = Network::builder("acme")
///     .network_account("network", "111111111111")
///     .account("prod", "222222222222")
///     .vpc(Vpc::builder("dns", "network", "us-east-1").cidr("10.0.0.0/24")
///         .azs(["us-east-1a", "us-east-1b"])
///         .subnets("inbound", Tier::Private, 28)
///         .subnets("outbound", Tier::Private, 28))
///     .vpc(Vpc::builder("app", "prod", "us-east-1").cidr("10.1.0.0/16")
///         .azs(["us-east-1a", "us-east-1b"])
///         .subnets("private", Tier::Private, 24))
///     .dns(|d| d
///         .inbound_endpoint("in", "dns", "inbound", |e| e.allow_from("192.168.0.0/16"))
///         .outbound_endpoint("out", "dns", "outbound", |e| e)
///         .forward("corp", "corp.example.com", "out", |r| r
///             .target("192.168.10.10")
///             .associate("app")
///             .share_with("prod"))
///         .hosted_zone("cloud", "aws.example.com", "network", |z| z
///             .vpc("dns")
///             .record("api", netform_dsl::RecordType::A, ["10.0.0.10"]))
///         .domain_list("bad", "network", "us-east-1", ["malware.example.net"])
///         .firewall_rule_group("block", "network", "us-east-1", |g| g
///             .rule("bad", 100, "bad", DnsFirewallAction::Block(BlockResponse::Nxdomain))
///             .associate("app", 101)
///             .share_with("prod")))
///     .build();
/// assert_eq!(network.dns.rules[0].associations, ["app"]);
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct DnsBuilder {
    dns: Dns,
}

impl DnsBuilder {
    /// Continues building `dns`.
    pub fn from_dns(dns: Dns) -> Self {
        Self { dns }
    }

    /// Adds an inbound endpoint in `vpc`, one interface per subnet of `subnet_group`.
    pub fn inbound_endpoint(
        self,
        name: impl Into<String>,
        vpc: impl Into<String>,
        subnet_group: impl Into<String>,
        f: impl FnOnce(EndpointBuilder) -> EndpointBuilder,
    ) -> Self {
        self.endpoint(EndpointDirection::Inbound, name, vpc, subnet_group, f)
    }

    /// Adds an outbound endpoint in `vpc`, one interface per subnet of `subnet_group`.
    pub fn outbound_endpoint(
        self,
        name: impl Into<String>,
        vpc: impl Into<String>,
        subnet_group: impl Into<String>,
        f: impl FnOnce(EndpointBuilder) -> EndpointBuilder,
    ) -> Self {
        self.endpoint(EndpointDirection::Outbound, name, vpc, subnet_group, f)
    }

    fn endpoint(
        mut self,
        direction: EndpointDirection,
        name: impl Into<String>,
        vpc: impl Into<String>,
        subnet_group: impl Into<String>,
        f: impl FnOnce(EndpointBuilder) -> EndpointBuilder,
    ) -> Self {
        let endpoint = f(EndpointBuilder(ResolverEndpoint {
            name: name.into(),
            direction,
            vpc: vpc.into(),
            subnet_group: subnet_group.into(),
            ips: Vec::new(),
            allow_from: Vec::new(),
            protocols: default_protocols(),
        }))
        .0;
        self.dns.endpoints.push(endpoint);
        self
    }

    /// Adds a rule forwarding `domain` through the outbound endpoint `endpoint`.
    pub fn forward(
        mut self,
        name: impl Into<String>,
        domain: impl Into<String>,
        endpoint: impl Into<String>,
        f: impl FnOnce(RuleBuilder) -> RuleBuilder,
    ) -> Self {
        let rule = f(RuleBuilder(ResolverRule {
            name: name.into(),
            domain: domain.into(),
            rule_type: ResolverRuleType::Forward,
            endpoint: Some(endpoint.into()),
            targets: Vec::new(),
            account: None,
            region: None,
            associations: Vec::new(),
            share_with: Vec::new(),
        }))
        .0;
        self.dns.rules.push(rule);
        self
    }

    /// Adds a SYSTEM rule: `domain` resolves locally although a forward rule covers a parent.
    pub fn system(
        mut self,
        name: impl Into<String>,
        domain: impl Into<String>,
        account: impl Into<String>,
        region: impl Into<String>,
        f: impl FnOnce(RuleBuilder) -> RuleBuilder,
    ) -> Self {
        let rule = f(RuleBuilder(ResolverRule {
            name: name.into(),
            domain: domain.into(),
            rule_type: ResolverRuleType::System,
            endpoint: None,
            targets: Vec::new(),
            account: Some(account.into()),
            region: Some(region.into()),
            associations: Vec::new(),
            share_with: Vec::new(),
        }))
        .0;
        self.dns.rules.push(rule);
        self
    }

    /// Adds a rule as given (any type).
    pub fn rule(mut self, rule: ResolverRule) -> Self {
        self.dns.rules.push(rule);
        self
    }

    /// Adds a private hosted zone for `domain`, owned by `account`.
    pub fn hosted_zone(
        mut self,
        name: impl Into<String>,
        domain: impl Into<String>,
        account: impl Into<String>,
        f: impl FnOnce(ZoneBuilder) -> ZoneBuilder,
    ) -> Self {
        let zone = f(ZoneBuilder(HostedZone {
            name: name.into(),
            domain: domain.into(),
            account: account.into(),
            vpcs: Vec::new(),
            records: Vec::new(),
        }))
        .0;
        self.dns.hosted_zones.push(zone);
        self
    }

    /// Adds a Route 53 Profile owned by `account` in `region`.
    pub fn profile(
        mut self,
        name: impl Into<String>,
        account: impl Into<String>,
        region: impl Into<String>,
        f: impl FnOnce(ProfileBuilder) -> ProfileBuilder,
    ) -> Self {
        let profile = f(ProfileBuilder(DnsProfile {
            name: name.into(),
            account: account.into(),
            region: region.into(),
            rules: Vec::new(),
            hosted_zones: Vec::new(),
            firewall_rule_groups: Vec::new(),
            query_logs: Vec::new(),
            associations: Vec::new(),
            share_with: Vec::new(),
        }))
        .0;
        self.dns.profiles.push(profile);
        self
    }

    /// Adds a DNS Firewall domain list.
    pub fn domain_list<S: Into<String>>(
        mut self,
        name: impl Into<String>,
        account: impl Into<String>,
        region: impl Into<String>,
        domains: impl IntoIterator<Item = S>,
    ) -> Self {
        self.dns.domain_lists.push(DomainList {
            name: name.into(),
            account: account.into(),
            region: region.into(),
            domains: domains.into_iter().map(Into::into).collect(),
        });
        self
    }

    /// Adds a DNS Firewall rule group.
    pub fn firewall_rule_group(
        mut self,
        name: impl Into<String>,
        account: impl Into<String>,
        region: impl Into<String>,
        f: impl FnOnce(FirewallGroupBuilder) -> FirewallGroupBuilder,
    ) -> Self {
        let group = f(FirewallGroupBuilder(DnsFirewallRuleGroup {
            name: name.into(),
            account: account.into(),
            region: region.into(),
            rules: Vec::new(),
            associations: Vec::new(),
            share_with: Vec::new(),
        }))
        .0;
        self.dns.firewall_rule_groups.push(group);
        self
    }

    /// Adds a query logging configuration.
    pub fn query_log(
        mut self,
        name: impl Into<String>,
        account: impl Into<String>,
        region: impl Into<String>,
        destination: QueryLogDestination,
        f: impl FnOnce(QueryLogBuilder) -> QueryLogBuilder,
    ) -> Self {
        let config = f(QueryLogBuilder(QueryLogConfig {
            name: name.into(),
            account: account.into(),
            region: region.into(),
            destination,
            associations: Vec::new(),
            share_with: Vec::new(),
        }))
        .0;
        self.dns.query_logs.push(config);
        self
    }

    /// The DNS model.
    pub fn build(self) -> Dns {
        self.dns
    }
}

/// Builds a [`ResolverEndpoint`].
#[derive(Debug, Clone)]
#[must_use]
pub struct EndpointBuilder(ResolverEndpoint);

impl EndpointBuilder {
    /// Allows queries from `cidr` (on-premises ranges, VPCs that forward here).
    pub fn allow_from(mut self, cidr: impl Into<String>) -> Self {
        self.0.allow_from.push(cidr.into());
        self
    }

    /// Pins the interfaces' IP addresses, one per AZ in the VPC's AZ order.
    pub fn ips<S: Into<String>>(mut self, ips: impl IntoIterator<Item = S>) -> Self {
        self.0.ips = ips.into_iter().map(Into::into).collect();
        self
    }

    /// Sets the protocols (Do53 unless set).
    pub fn protocols(mut self, protocols: impl IntoIterator<Item = DnsProtocol>) -> Self {
        self.0.protocols = protocols.into_iter().collect();
        self
    }
}

/// Builds a [`ResolverRule`].
#[derive(Debug, Clone)]
#[must_use]
pub struct RuleBuilder(ResolverRule);

impl RuleBuilder {
    /// Adds a target on port 53.
    pub fn target(self, ip: impl Into<String>) -> Self {
        self.target_port(ip, 53)
    }

    /// Adds a target on `port`.
    pub fn target_port(mut self, ip: impl Into<String>, port: u32) -> Self {
        self.0.targets.push(TargetIp {
            ip: ip.into(),
            port,
        });
        self
    }

    /// Associates the rule with a VPC.
    pub fn associate(mut self, vpc: impl Into<String>) -> Self {
        self.0.associations.push(vpc.into());
        self
    }

    /// Shares the rule with a RAM principal.
    pub fn share_with(mut self, principal: impl Into<String>) -> Self {
        self.0.share_with.push(principal.into());
        self
    }
}

/// Builds a [`HostedZone`].
#[derive(Debug, Clone)]
#[must_use]
pub struct ZoneBuilder(HostedZone);

impl ZoneBuilder {
    /// Associates the zone with a VPC.
    pub fn vpc(mut self, vpc: impl Into<String>) -> Self {
        self.0.vpcs.push(vpc.into());
        self
    }

    /// Adds a record (TTL 300 s).
    pub fn record<S: Into<String>>(
        mut self,
        name: impl Into<String>,
        record_type: RecordType,
        values: impl IntoIterator<Item = S>,
    ) -> Self {
        self.0.records.push(DnsRecord {
            name: name.into(),
            record_type,
            ttl: default_ttl(),
            values: values.into_iter().map(Into::into).collect(),
            alias: None,
        });
        self
    }

    /// Adds an `A` alias record `name` (`@` for the apex, `*` for every name below it) to
    /// the interface endpoint for `service` in VPC `vpc`.
    pub fn endpoint_alias(
        mut self,
        name: impl Into<String>,
        vpc: impl Into<String>,
        service: impl Into<String>,
    ) -> Self {
        self.0.records.push(DnsRecord {
            name: name.into(),
            record_type: RecordType::A,
            ttl: default_ttl(),
            values: Vec::new(),
            alias: Some(crate::EndpointAlias {
                vpc: vpc.into(),
                service: service.into(),
            }),
        });
        self
    }
}

/// Builds a [`DnsProfile`].
#[derive(Debug, Clone)]
#[must_use]
pub struct ProfileBuilder(DnsProfile);

impl ProfileBuilder {
    /// Adds a Resolver rule, by name.
    pub fn rule(mut self, rule: impl Into<String>) -> Self {
        self.0.rules.push(rule.into());
        self
    }

    /// Adds a private hosted zone, by name.
    pub fn hosted_zone(mut self, zone: impl Into<String>) -> Self {
        self.0.hosted_zones.push(zone.into());
        self
    }

    /// Adds a DNS Firewall rule group with its priority in the profile.
    pub fn firewall_rule_group(mut self, group: impl Into<String>, priority: u32) -> Self {
        self.0.firewall_rule_groups.push(ProfileFirewall {
            group: group.into(),
            priority,
        });
        self
    }

    /// Adds a query logging configuration, by name.
    pub fn query_log(mut self, config: impl Into<String>) -> Self {
        self.0.query_logs.push(config.into());
        self
    }

    /// Associates the profile with a VPC.
    pub fn associate(mut self, vpc: impl Into<String>) -> Self {
        self.0.associations.push(vpc.into());
        self
    }

    /// Shares the profile with a RAM principal.
    pub fn share_with(mut self, principal: impl Into<String>) -> Self {
        self.0.share_with.push(principal.into());
        self
    }
}

/// Builds a [`DnsFirewallRuleGroup`].
#[derive(Debug, Clone)]
#[must_use]
pub struct FirewallGroupBuilder(DnsFirewallRuleGroup);

impl FirewallGroupBuilder {
    /// Adds a rule matching `domain_list`.
    pub fn rule(
        mut self,
        name: impl Into<String>,
        priority: u32,
        domain_list: impl Into<String>,
        action: DnsFirewallAction,
    ) -> Self {
        self.0.rules.push(DnsFirewallRule {
            name: name.into(),
            priority,
            domain_list: domain_list.into(),
            action,
        });
        self
    }

    /// Associates the group with a VPC at `priority`.
    pub fn associate(mut self, vpc: impl Into<String>, priority: u32) -> Self {
        self.0.associations.push(FirewallAssociation {
            vpc: vpc.into(),
            priority,
        });
        self
    }

    /// Shares the group with a RAM principal.
    pub fn share_with(mut self, principal: impl Into<String>) -> Self {
        self.0.share_with.push(principal.into());
        self
    }
}

/// Builds a [`QueryLogConfig`].
#[derive(Debug, Clone)]
#[must_use]
pub struct QueryLogBuilder(QueryLogConfig);

impl QueryLogBuilder {
    /// Logs the queries of a VPC.
    pub fn associate(mut self, vpc: impl Into<String>) -> Self {
        self.0.associations.push(vpc.into());
        self
    }

    /// Shares the configuration with a RAM principal.
    pub fn share_with(mut self, principal: impl Into<String>) -> Self {
        self.0.share_with.push(principal.into());
        self
    }
}
