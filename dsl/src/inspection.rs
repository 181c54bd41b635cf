//! The inspection model: a VPC that inspects traffic with AWS Network Firewall (and a typed
//! rule DSL) or with third-party appliances behind a Gateway Load Balancer, and that may also
//! be the network's centralized internet egress.

use serde::{Deserialize, Serialize};

/// An inspection VPC. Its subnet groups are declared on the [`crate::Vpc`] as usual: a
/// `transit` group for the hub attachment, a `firewall` group for the inspection endpoints
/// (one per AZ), and for egress a `public` group with per-AZ NAT gateways.
///
/// Routing is derived, AZ by AZ: the transit subnets send everything to the endpoint of their
/// own AZ; the firewall subnets send internal prefixes back to the hub and (with egress)
/// everything else to the NAT gateway of their AZ; the public subnets send internal prefixes
/// back through the endpoint of their AZ, so return traffic is inspected too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inspection {
    /// The inspection VPC, by name.
    pub vpc: String,
    /// The subnet group (tier `firewall`) holding the inspection endpoints.
    pub firewall_group: String,
    /// What inspects.
    pub engine: InspectionEngine,
    /// Centralized egress: internet-bound traffic leaves through this VPC's NAT gateways
    /// after inspection.
    #[serde(default)]
    pub egress: bool,
}

/// What inspects traffic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InspectionEngine {
    /// AWS Network Firewall with this policy.
    NetworkFirewall(FirewallPolicy),
    /// Third-party appliances behind a Gateway Load Balancer.
    Gwlb(GatewayLoadBalancer),
}

/// A Network Firewall policy: stateless rule groups first, then stateful ones.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FirewallPolicy {
    /// What happens to packets no stateless rule matched (and to fragments).
    #[serde(default)]
    pub stateless_default: StatelessAction,
    /// Stateless rule groups, evaluated by rule priority.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stateless_rule_groups: Vec<StatelessRuleGroup>,
    /// Stateful rule groups.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stateful_rule_groups: Vec<StatefulRuleGroup>,
}

/// What a stateless rule (or the stateless default) does with a packet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StatelessAction {
    /// Let it through without stateful inspection (`aws:pass`).
    Pass,
    /// Drop it (`aws:drop`).
    Drop,
    /// Hand it to the stateful engine (`aws:forward_to_sfe`).
    #[default]
    ForwardToStateful,
}

impl StatelessAction {
    /// The value AWS expects.
    pub fn as_aws(self) -> &'static str {
        match self {
            StatelessAction::Pass => "aws:pass",
            StatelessAction::Drop => "aws:drop",
            StatelessAction::ForwardToStateful => "aws:forward_to_sfe",
        }
    }
}

/// A stateless rule group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatelessRuleGroup {
    /// The group's name, unique among the policy's rule groups.
    pub name: String,
    /// The capacity reserved for the group (it cannot change after creation).
    pub capacity: u32,
    /// The rules.
    pub rules: Vec<StatelessRule>,
}

/// A stateless rule: a match on addresses, ports and protocols, and an action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatelessRule {
    /// Unique in the group; lower runs first.
    pub priority: u32,
    /// What to do with a match.
    pub action: StatelessAction,
    /// Source CIDRs (any when empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// Destination CIDRs (any when empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub destinations: Vec<String>,
    /// IP protocol numbers, such as 6 for TCP (any when empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub protocols: Vec<u8>,
    /// Source port ranges (any when empty; TCP and UDP only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub source_ports: Vec<PortRange>,
    /// Destination port ranges (any when empty; TCP and UDP only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub destination_ports: Vec<PortRange>,
}

/// An inclusive port range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PortRange {
    /// The first port.
    pub from: u16,
    /// The last port.
    pub to: u16,
}

/// A stateful rule group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatefulRuleGroup {
    /// The group's name, unique among the policy's rule groups.
    pub name: String,
    /// The capacity reserved for the group (it cannot change after creation).
    pub capacity: u32,
    /// The rules.
    pub rules: StatefulRules,
}

/// The rules of a stateful group, in one of the three forms Network Firewall takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatefulRules {
    /// A domain list, matched on the TLS SNI and the HTTP Host header.
    Domains {
        /// Allow only these domains (an allow list) or deny them (a deny list).
        action: DomainAction,
        /// Domains; `.example.com` matches every subdomain.
        domains: Vec<String>,
    },
    /// 5-tuple rules.
    FiveTuple(Vec<FiveTupleRule>),
    /// Suricata-compatible rules, as written.
    Suricata(String),
}

/// What a domain list does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DomainAction {
    /// Allow the listed domains and deny other HTTP and TLS traffic.
    Allow,
    /// Deny the listed domains.
    Deny,
}

/// A stateful 5-tuple rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FiveTupleRule {
    /// What to do with a match.
    pub action: StatefulAction,
    /// `IP`, `TCP`, `UDP`, `ICMP` or an application protocol Network Firewall knows.
    pub protocol: String,
    /// Source: a CIDR or `ANY`.
    pub source: String,
    /// Source port: a port, a range `1024:65535`, or `ANY`.
    pub source_port: String,
    /// Destination: a CIDR or `ANY`.
    pub destination: String,
    /// Destination port: a port, a range, or `ANY`.
    pub destination_port: String,
    /// Match both directions (`ANY`) instead of source to destination only (`FORWARD`).
    #[serde(default)]
    pub bidirectional: bool,
    /// The Suricata signature id, unique in the group.
    pub sid: u32,
}

/// What a stateful rule does with a match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StatefulAction {
    /// Let the flow through.
    Pass,
    /// Drop the flow.
    Drop,
    /// Let it through and log an alert.
    Alert,
    /// Drop it and reset (TCP) the connection.
    Reject,
}

impl StatefulAction {
    /// The value AWS expects.
    pub fn as_aws(self) -> &'static str {
        match self {
            StatefulAction::Pass => "PASS",
            StatefulAction::Drop => "DROP",
            StatefulAction::Alert => "ALERT",
            StatefulAction::Reject => "REJECT",
        }
    }
}

/// A Gateway Load Balancer in front of third-party appliances. The appliances themselves
/// (instances or IPs registered in the target group) are the user's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GatewayLoadBalancer {
    /// The subnet group (tier `isolated`) the load balancer and the appliances live in.
    pub appliance_group: String,
    /// The port the load balancer health-checks appliances on (TCP).
    #[serde(default = "default_health_port")]
    pub health_check_port: u16,
    /// How appliances are registered.
    #[serde(default)]
    pub target_type: ApplianceTarget,
}

fn default_health_port() -> u16 {
    80
}

/// How appliances are registered in the Gateway Load Balancer's target group.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ApplianceTarget {
    /// By instance id.
    #[default]
    Instance,
    /// By IP address.
    Ip,
}

impl ApplianceTarget {
    /// The value AWS expects.
    pub fn as_aws(self) -> &'static str {
        match self {
            ApplianceTarget::Instance => "instance",
            ApplianceTarget::Ip => "ip",
        }
    }
}

impl Inspection {
    /// An inspection VPC using AWS Network Firewall with `policy`, endpoints in
    /// `firewall_group`.
    ///
    /// ```
    /// use netform_dsl::{DomainAction, FirewallPolicy, Inspection, StatefulRules};
    ///
    /// let policy = FirewallPolicy::default()
    ///     .stateful("egress-allow", 100, StatefulRules::Domains {
    ///         action: DomainAction::Allow,
    ///         domains: vec![".amazonaws.com".into(), "github.com".into()],
    ///     });
    /// let inspection = Inspection::network_firewall("inspection", "firewall", policy).egress();
    /// assert!(inspection.egress);
    /// ```
    pub fn network_firewall(
        vpc: impl Into<String>,
        firewall_group: impl Into<String>,
        policy: FirewallPolicy,
    ) -> Self {
        Self {
            vpc: vpc.into(),
            firewall_group: firewall_group.into(),
            engine: InspectionEngine::NetworkFirewall(policy),
            egress: false,
        }
    }

    /// An inspection VPC using appliances behind a Gateway Load Balancer in
    /// `appliance_group`, with its endpoints in `firewall_group`.
    pub fn gwlb(
        vpc: impl Into<String>,
        firewall_group: impl Into<String>,
        appliance_group: impl Into<String>,
    ) -> Self {
        Self {
            vpc: vpc.into(),
            firewall_group: firewall_group.into(),
            engine: InspectionEngine::Gwlb(GatewayLoadBalancer {
                appliance_group: appliance_group.into(),
                health_check_port: default_health_port(),
                target_type: ApplianceTarget::Instance,
            }),
            egress: false,
        }
    }

    /// Makes the inspection VPC the centralized internet egress too.
    #[must_use]
    pub fn egress(mut self) -> Self {
        self.egress = true;
        self
    }
}

impl FirewallPolicy {
    /// Adds a stateful rule group.
    #[must_use]
    pub fn stateful(
        mut self,
        name: impl Into<String>,
        capacity: u32,
        rules: StatefulRules,
    ) -> Self {
        self.stateful_rule_groups.push(StatefulRuleGroup {
            name: name.into(),
            capacity,
            rules,
        });
        self
    }

    /// Adds a stateless rule group.
    #[must_use]
    pub fn stateless(
        mut self,
        name: impl Into<String>,
        capacity: u32,
        rules: Vec<StatelessRule>,
    ) -> Self {
        self.stateless_rule_groups.push(StatelessRuleGroup {
            name: name.into(),
            capacity,
            rules,
        });
        self
    }
}
