//! Diagnostics: one per problem, each with a code, a severity, the path to the element, a
//! message that states the actual values, and help. Rendered rustc-style or as JSON.

use crate::path::Path;
use serde::Serialize;
use std::fmt;

/// How bad a problem is. Errors stop synthesis; warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Deployable, but against AWS guidance (for example a single AZ).
    Warning,
    /// AWS would refuse it, or netform cannot build it.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

macro_rules! codes {
    ($($(#[doc = $doc:literal])* $variant:ident = $code:literal, $title:literal;)*) => {
        /// Every diagnostic netform can emit. Each is documented, with an example, in
        /// `docs/diagnostics.md`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Code {
            $($(#[doc = $doc])* $variant,)*
        }

        impl Code {
            /// Every code, in numeric order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable code, such as `NF0101`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// A short title for the code.
            pub fn title(self) -> &'static str {
                match self { $(Code::$variant => $title,)* }
            }
        }
    };
}

codes! {
    /// A network file that is not JSON, or not of the model's shape.
    NetworkJson = "NF0001", "network JSON does not match the model";
    /// A CIDR that does not parse as `a.b.c.d/n`.
    CidrSyntax = "NF0101", "CIDR does not parse";
    /// A CIDR with bits set after its prefix (`10.0.0.1/16`).
    CidrHostBits = "NF0102", "CIDR has host bits set";
    /// A VPC CIDR outside /16 to /28.
    VpcPrefix = "NF0103", "VPC prefix length out of range";
    /// A subnet CIDR outside /16 to /28.
    SubnetPrefix = "NF0104", "subnet prefix length out of range";
    /// A subnet that does not lie inside its VPC.
    SubnetOutsideVpc = "NF0105", "subnet outside its VPC";
    /// Two subnets of one VPC overlap.
    SubnetOverlap = "NF0106", "subnets overlap";
    /// Two VPCs of the network overlap.
    VpcOverlap = "NF0107", "VPCs overlap";
    /// An allocated VPC does not fit in the space left in its IP block.
    BlockExhausted = "NF0108", "IP block exhausted";
    /// A subnet group does not fit in the space left in its VPC.
    VpcExhausted = "NF0109", "VPC address space exhausted";
    /// A pinned subnet group with a CIDR count different from the VPC's AZ count.
    PinnedCount = "NF0110", "pinned CIDRs do not match the AZs";
    /// A VPC allocated from an IP block that does not exist.
    UnknownBlock = "NF0111", "unknown IP block";
    /// A VPC allocated from an IP block with a shorter prefix (a larger block) than the block's own.
    AllocationTooLarge = "NF0112", "allocation larger than its block";
    /// An empty name.
    NameEmpty = "NF0201", "empty name";
    /// A name with characters other than letters, digits, `-` and `_`, or too long.
    NameSyntax = "NF0202", "invalid name";
    /// Two siblings with the same name.
    NameDuplicate = "NF0203", "duplicate name";
    /// Two names that become the same CloudFormation logical id.
    LogicalIdCollision = "NF0204", "CloudFormation logical id collision";
    /// Two names that become the same Terraform label.
    TerraformLabelCollision = "NF0205", "Terraform label collision";
    /// An account id that is not 12 digits.
    AccountId = "NF0301", "account id is not 12 digits";
    /// A reference to an account alias that does not exist.
    UnknownAccount = "NF0302", "unknown account";
    /// A region netform does not know.
    UnknownRegion = "NF0303", "unknown region";
    /// An Availability Zone that is not in the VPC's region.
    AzNotInRegion = "NF0304", "Availability Zone not in region";
    /// The same Availability Zone listed twice.
    AzDuplicate = "NF0305", "duplicate Availability Zone";
    /// No account, or more than one, has the network role.
    NetworkAccount = "NF0306", "network account missing or repeated";
    /// Two aliases for one account id.
    AccountIdDuplicate = "NF0307", "account id used twice";
    /// A VPC with no AZ, or more than netform spreads a subnet group over.
    AzCount = "NF0308", "AZ count out of range";
    /// NAT gateways requested without a public subnet to place them in.
    NatWithoutPublicSubnet = "NF0401", "NAT gateway without a public subnet";
    /// A VPC in one Availability Zone only.
    SingleAz = "NF0402", "single Availability Zone";
    /// A single NAT gateway serving several Availability Zones.
    SingleNat = "NF0403", "single NAT gateway for several AZs";
    /// NAT gateways with no private subnet to serve.
    NatUnused = "NF0404", "NAT gateway without private subnets";
    /// A flow log destination ARN that is malformed or of the wrong service.
    FlowLogDestination = "NF0405", "invalid flow log destination";
    /// A tag key or value AWS would refuse, or too many tags.
    Tag = "NF0406", "invalid tag";
    /// A stack over a CloudFormation quota.
    CfnQuota = "NF0501", "CloudFormation quota exceeded";
    /// A manual step (an acceptance) that CloudFormation would have to wait for inside the
    /// stack that creates what it accepts.
    CfnManualStep = "NF0502", "manual step inside one CloudFormation stack";
    /// Something CloudFormation has no resource type for (a private hosted zone associated
    /// with a VPC of another account needs an authorization only the API and Terraform have).
    CfnUnsupported = "NF0503", "not expressible in CloudFormation";
    /// A Transit Gateway ASN outside the private ranges.
    TgwAsn = "NF0601", "Transit Gateway ASN outside the private ranges";
    /// A reference to a Transit Gateway route table that does not exist.
    UnknownRouteTable = "NF0602", "unknown route table";
    /// A reference to a VPC, Transit Gateway or peering that does not exist.
    UnknownReference = "NF0603", "unknown hub element";
    /// A reference to a subnet group the VPC does not have.
    UnknownSubnetGroup = "NF0604", "unknown subnet group";
    /// An attachment subnet group of the wrong tier, or without a subnet in one of the VPC's AZs.
    AttachmentSubnets = "NF0605", "attachment subnets do not cover the VPC";
    /// The inspection VPC's attachment without appliance mode.
    ApplianceMode = "NF0606", "inspection attachment without appliance mode";
    /// A static route to a CIDR its target attachment does not own.
    StaticRouteUnowned = "NF0607", "static route to a CIDR its target does not own";
    /// Prefixes that overlap on one hub (VPC CIDRs and on-premises prefixes).
    HubOverlap = "NF0608", "overlapping prefixes on a hub";
    /// An attachment from an account the hub is not shared with, or a VPC allocating from
    /// an IPAM pool not shared with its account.
    NotShared = "NF0609", "hub or pool not shared with the account using it";
    /// Inspection endpoints in fewer AZs than the spokes use.
    InspectionAzs = "NF0610", "inspection endpoints missing in a spoke AZ";
    /// A path between spokes, or to the internet, that skips the required inspection.
    InspectionBypass = "NF0611", "traffic skips inspection";
    /// An attachment in another region than its hub, or a VPC attached twice.
    AttachmentPlacement = "NF0612", "attachment in the wrong region or repeated";
    /// A VPC route to the hub that conflicts with the VPC's own routes.
    VpcRouteConflict = "NF0613", "VPC route to the hub conflicts";
    /// An inspection VPC without the subnets, attachment or NAT gateways its design needs.
    InspectionLayout = "NF0614", "inspection VPC incomplete";
    /// A firewall rule or rule group AWS would refuse.
    FirewallRule = "NF0615", "invalid firewall rule";
    /// A RAM principal that is not an account, an OU ARN or an organization ARN.
    RamPrincipal = "NF0616", "invalid RAM principal";
    /// A peering with an unknown hub, with itself, or between hubs of different partitions.
    Peering = "NF0617", "invalid Transit Gateway peering";
    /// More Network Firewall firewalls in one account and region than the default quota.
    FirewallQuota = "NF0618", "Network Firewall quota";
    /// A Cloud WAN segment or network function group name that is not a letter followed by
    /// up to 63 letters and digits.
    SegmentName = "NF0701", "invalid segment or network function group name";
    /// A core network policy naming a segment or network function group it does not declare.
    UnknownSegment = "NF0702", "unknown segment or network function group";
    /// A core network edge location that is unknown, repeated, missing, or not one of the core
    /// network's edges where the policy names one.
    EdgeLocation = "NF0703", "invalid edge location";
    /// An attachment policy rule number outside 1-65535 or used twice.
    RuleNumber = "NF0704", "invalid attachment policy rule number";
    /// An attachment policy action that does not say exactly one segment or network function
    /// group the way the policy format allows.
    AttachmentAction = "NF0705", "invalid attachment policy action";
    /// An attachment policy condition with fields or values its type does not take.
    PolicyCondition = "NF0706", "invalid attachment policy condition";
    /// A create-route segment action without destinations or CIDRs, or mixing blackhole with
    /// attachments.
    CreateRoute = "NF0707", "invalid create-route action";
    /// Core network ASN ranges or edge ASNs that do not parse, are not private, overlap or
    /// repeat.
    CoreAsn = "NF0708", "invalid core network ASN";
    /// Core network inside CIDR blocks that are too small, overlap, or lie outside the core
    /// network's.
    InsideCidr = "NF0709", "invalid inside CIDR block";
    /// A VPC attachment that no attachment policy places.
    UnplacedAttachment = "NF0710", "attachment matches no attachment policy";
    /// Two VPCs whose CIDRs overlap in one core network route table.
    SegmentOverlap = "NF0711", "overlapping VPCs routed together";
    /// A VPC attachment in a region where the core network, or its segment, has no edge.
    AttachmentEdge = "NF0712", "attachment outside the core network's edges";
    /// A segment action (or segment) with fields that do not fit it.
    SegmentAction = "NF0713", "segment action fields do not fit the action";
    /// A network function group that segments send traffic to but that has no attachment
    /// (in the regions the traffic needs one).
    EmptyFunctionGroup = "NF0714", "network function group without attachments";
    /// More segments or attachments on a core network than Cloud WAN allows.
    CloudWanQuota = "NF0715", "Cloud WAN quota exceeded";
    /// A Resolver endpoint with fewer than two IP addresses or AZs, too many, or pinned
    /// addresses that do not fit its subnets.
    EndpointIps = "NF0801", "Resolver endpoint addresses";
    /// A domain name that is not valid.
    DomainName = "NF0802", "invalid domain name";
    /// A forwarding target that is not a unicast IPv4 address, or a port out of range.
    TargetIp = "NF0803", "invalid forwarding target";
    /// A DNS association with a VPC in another region than the rule, endpoint or group.
    DnsRegion = "NF0804", "DNS association in another region";
    /// A Resolver rule whose fields do not fit its type.
    RuleShape = "NF0805", "Resolver rule fields do not fit its type";
    /// The same domain forwarded twice for one VPC.
    ForwardConflict = "NF0806", "domain forwarded twice for one VPC";
    /// A private hosted zone that a forwarding rule hides in a VPC.
    ZoneShadowed = "NF0807", "private hosted zone hidden by a forwarding rule";
    /// A VPC in an account a Resolver rule is shared with, with no association to it.
    ShareWithoutAssociation = "NF0808", "shared Resolver rule not associated";
    /// DNS Firewall priorities that are not unique or out of range.
    DnsFirewallPriority = "NF0809", "DNS Firewall priority";
    /// A reference to a DNS element or VPC that does not exist.
    UnknownDnsReference = "NF0810", "unknown DNS element";
    /// A DNS element used from another account or region than its own.
    DnsPlacement = "NF0811", "DNS element used outside its account or region";
    /// A query log destination whose ARN does not fit its kind.
    QueryLogDestination = "NF0812", "invalid query log destination";
    /// A hosted zone record that is not valid.
    DnsRecord = "NF0813", "invalid DNS record";
    /// More of something than Route 53 allows.
    DnsQuota = "NF0814", "Route 53 quota exceeded";
    /// A Resolver endpoint's allowed ranges or protocols that are not valid.
    EndpointAccess = "NF0815", "Resolver endpoint access";
    /// An IPAM pool whose CIDR is not inside its parent's.
    PoolOutsideParent = "NF0901", "IPAM pool outside its parent";
    /// Two pools with the same parent (or two top-level pools of a scope) that overlap.
    PoolOverlap = "NF0902", "IPAM pools overlap";
    /// An allocation whose netmask breaks its pool's allocation rules, or rules that
    /// contradict each other.
    AllocationRule = "NF0903", "allocation outside the pool's rules";
    /// A pool asked for more space than it holds.
    PoolExhausted = "NF0904", "IPAM pool exhausted";
    /// A pool locale that is not an operating region, or an allocation from another region.
    PoolLocale = "NF0905", "IPAM pool locale";
    /// An IPv6 prefix that is not /44 to /64 in steps of 4, or not inside its block.
    Ipv6Prefix = "NF0906", "IPv6 prefix";
    /// DNS64 on subnets with no route for 64:ff9b::/96 to a NAT gateway.
    Dns64WithoutNat = "NF0907", "DNS64 without a NAT64 route";
    /// An IPv6 setting that cannot work: IPv6 subnets in a VPC without an IPv6 block, an
    /// IPv6-only group that needs IPv4 (for a NAT gateway, an attachment, an endpoint).
    Ipv6Shape = "NF0908", "IPv6 setting that cannot work";
    /// A reference to an IPAM pool that does not exist or is of the wrong family or scope.
    UnknownPool = "NF0909", "unknown IPAM pool";
    /// An IPAM or pool that cannot be built as declared (placement, CIDR form, depth).
    PoolShape = "NF0910", "IPAM or pool cannot be built";
    /// A VPC CIDR inside an allocatable pool that is not allocated from it: IPAM may hand
    /// the same space to another VPC.
    UnmanagedInPool = "NF0911", "VPC CIDR inside a pool but not allocated from it";
    /// A VPC that allocates from a pool without the tags the pool requires.
    PoolTags = "NF0912", "missing tags the pool requires";
    /// A Block Public Access account or exclusion that names an account, VPC or subnet group
    /// the network does not declare.
    BpaUnknownTarget = "NF1001", "Block Public Access names an unknown element";
    /// A Block Public Access exclusion that changes nothing: `allow-egress` under
    /// `ingress-only`, or a VPC in an account and region where Block Public Access is off.
    BpaExclusionNoEffect = "NF1002", "Block Public Access exclusion without effect";
    /// NAT gateways cut off by bidirectional Block Public Access: their VPC and subnets are
    /// not excluded.
    BpaBlocksNat = "NF1003", "Block Public Access blocks NAT gateways";
    /// A gateway endpoint for a service that has none (only S3 and DynamoDB do).
    GatewayEndpointService = "NF1004", "no gateway endpoint for the service";
    /// A gateway endpoint that names a subnet group its VPC does not have, or a policy that
    /// is not a JSON object.
    GatewayEndpointShape = "NF1005", "gateway endpoint cannot be built";
    /// More gateway endpoints in an account and region than AWS allows by default.
    GatewayEndpointQuota = "NF1006", "gateway endpoint quota exceeded";
    /// A service network that cannot be built: a bad name, an unknown account or VPC, a VPC
    /// in another region, an association without ports, or an auth policy that is not a JSON
    /// object.
    LatticeShape = "NF1007", "VPC Lattice service network cannot be built";
    /// A VPC associated with more than one service network.
    LatticeVpcTwice = "NF1008", "VPC associated with two service networks";
    /// `AWS_IAM` without an auth policy (every request denied), or a policy with `NONE`
    /// (ignored).
    LatticeAuthPolicy = "NF1009", "service network auth type and policy disagree";
    /// An interface endpoint that cannot be built: a bad service name, an unknown or
    /// IPv6-only subnet group, a range that is not IPv4, a served VPC that does not exist or
    /// is in another region, or a policy that is not a JSON object of at most 20,480
    /// characters.
    InterfaceEndpointShape = "NF1010", "interface endpoint cannot be built";
    /// An interface endpoint in fewer than 2 AZs, or more in a VPC than AWS allows by default.
    InterfaceEndpointAvailability = "NF1011", "interface endpoint availability or quota";
    /// A VPC an interface endpoint serves without a private hosted zone for the service that
    /// aliases the endpoint: its calls go to the public service endpoint.
    EndpointZoneMissing = "NF1012", "served VPC without the endpoint's hosted zone";
    /// An alias record to an interface endpoint that does not exist, with values or a type
    /// other than A, in a zone not named like the service, or colliding with the endpoint's
    /// private DNS.
    EndpointAliasRecord = "NF1013", "alias record to an interface endpoint";
    /// A customer gateway AWS refuses: an unknown account, an address that is not public
    /// IPv4, an ASN out of range or reserved, or the same ASN as its hub.
    CustomerGatewayShape = "NF1014", "customer gateway cannot be built";
    /// A VPN connection that cannot be built: an unknown customer gateway, hub or route
    /// table, a gateway in another account or region than its hub, static routing to prefixes
    /// the hub does not know as on-premises, or a core network with no edge or segment for it.
    VpnShape = "NF1015", "VPN connection cannot be built";
    /// Tunnel options AWS refuses: not two tunnels, an inside CIDR that is not a /30 of
    /// 169.254.0.0/16, reserved, or the same as the other tunnel's (a warning when another
    /// connection to the same device uses it).
    VpnTunnel = "NF1016", "VPN tunnel inside CIDR";
    /// A Direct Connect gateway that cannot be built: a bad name or ASN, an unknown account,
    /// Transit Gateway or route table, a Transit Gateway of another account or with the same
    /// ASN, or a core network attachment AWS would refuse or place nowhere.
    DxGatewayShape = "NF1017", "Direct Connect gateway cannot be built";
    /// Allowed prefixes of a Transit Gateway association that are missing, not IPv4 CIDRs,
    /// overlap each other, leave a VPC on the hub unadvertised, or are more than AWS takes.
    DxAllowedPrefixes = "NF1018", "Direct Connect allowed prefixes";
    /// A traffic intent that names what the network does not have: a VPC, a segment of no
    /// core network policy, a Transit Gateway route table; or an intent declared twice.
    IntentShape = "NF1019", "intent cannot be checked";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// One problem found in a network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// What kind of problem.
    pub code: Code,
    /// Whether it stops synthesis.
    pub severity: Severity,
    /// Where the problem is.
    pub path: Path,
    /// What is wrong, with the actual values.
    pub message: String,
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error at `path`.
    pub fn error(code: Code, path: Path, message: impl Into<String>) -> Self {
        Self {
            code,
            severity: Severity::Error,
            path,
            message: message.into(),
            help: None,
        }
    }

    /// A warning at `path`.
    pub fn warning(code: Code, path: Path, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(code, path, message)
        }
    }

    /// The same diagnostic with help text.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    /// rustc style: `error[NF0101]: message`, then `  --> path`, then `  = help: ...`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}[{}]: {}", self.severity, self.code, self.message)?;
        write!(f, "  --> {}", self.path)?;
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

/// Every problem found, in the order the rules found them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// No diagnostics.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// Adds all of `other`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    /// True if any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }

    /// The number of errors.
    pub fn error_count(&self) -> usize {
        self.0
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// The number of warnings.
    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }

    /// True if there are no diagnostics at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The number of diagnostics.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The diagnostics, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    /// Sorts errors before warnings, then by path, keeping the rules' order otherwise.
    pub fn sort(&mut self) {
        self.0
            .sort_by(|a, b| b.severity.cmp(&a.severity).then(a.path.cmp(&b.path)));
    }

    /// The diagnostics as pretty JSON, for pipelines.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("diagnostics serialize to JSON")
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.0 {
            writeln!(f, "{diagnostic}\n")?;
        }
        let (errors, warnings) = (self.error_count(), self.warning_count());
        write!(
            f,
            "{errors} error{}, {warnings} warning{}",
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" }
        )
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Self(iter.into_iter().collect())
    }
}
