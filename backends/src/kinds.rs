//! The resource type table: for each kind of resource netform emits, its CloudFormation and
//! Terraform types, and how each neutral property and attribute is spelled in each target.
//! Data, not code (after troposphere): the renderers only look things up here.
//!
//! Every name was checked against the resource schemas: CloudFormation's registry schemas
//! (as shipped with cfn-lint 1.58.0, and the "AWS resource and property types reference") and
//! the hashicorp/aws 6.66.0 provider schema (`../shared/validators/aws_tf_schema.json`; the
//! test suite keeps the subset it needs in `tests/data/aws_tf_schema_subset.json`).

mod dns;
mod edge;
mod hybrid;
mod ipam;

/// A kind of AWS resource netform emits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Kind {
    /// A VPC.
    Vpc,
    /// A subnet.
    Subnet,
    /// An internet gateway.
    InternetGateway,
    /// The attachment of an internet gateway to a VPC.
    InternetGatewayAttachment,
    /// An Elastic IP address.
    Eip,
    /// A public NAT gateway.
    NatGateway,
    /// A route table.
    RouteTable,
    /// One route in a route table.
    Route,
    /// The association of a subnet with a route table.
    RouteTableAssociation,
    /// A VPC flow log.
    FlowLog,
    /// A Transit Gateway.
    TransitGateway,
    /// A VPC attachment to a Transit Gateway.
    TgwVpcAttachment,
    /// A Transit Gateway route table (a routing domain).
    TgwRouteTable,
    /// The association of an attachment with a Transit Gateway route table.
    TgwAssociation,
    /// The propagation of an attachment's routes to a Transit Gateway route table.
    TgwPropagation,
    /// A static or blackhole route in a Transit Gateway route table.
    TgwRoute,
    /// A peering attachment, requested by one Transit Gateway of another.
    TgwPeering,
    /// The acceptance of a peering attachment by the peer (Terraform only: CloudFormation has
    /// no such resource, so the manifest lists the step).
    TgwPeeringAccepter,
    /// An AWS RAM resource share.
    RamShare,
    /// A principal of a RAM share (in CloudFormation, an entry of the share's `Principals`).
    RamPrincipal,
    /// A resource of a RAM share (in CloudFormation, an entry of the share's `ResourceArns`).
    RamResource,
    /// An AWS Network Firewall firewall (one per AZ: see [`Attr::FirewallEndpoint`]).
    Firewall,
    /// A Network Firewall policy.
    FirewallPolicy,
    /// A Network Firewall rule group.
    FirewallRuleGroup,
    /// A Gateway Load Balancer.
    LoadBalancer,
    /// A load balancer target group.
    TargetGroup,
    /// A load balancer listener.
    Listener,
    /// A VPC endpoint service (here: in front of a Gateway Load Balancer).
    EndpointService,
    /// A VPC endpoint (here: a Gateway Load Balancer endpoint).
    VpcEndpoint,
    /// A Network Manager global network (holds the core network).
    GlobalNetwork,
    /// A Cloud WAN core network.
    CoreNetwork,
    /// The live policy of a core network. Terraform: its own resource, so VPC attachments
    /// can wait for the policy without a cycle (aws-ia/terraform-aws-cloudwan PR #14).
    /// CloudFormation: the core network's `PolicyDocument` property.
    CorePolicyAttachment,
    /// A VPC attachment to a Cloud WAN core network.
    CwVpcAttachment,
    /// The acceptance of a VPC attachment whose segment or network function group requires
    /// one (Terraform only: CloudFormation has no such resource, so the manifest lists the
    /// step).
    CwAttachmentAccepter,
    /// A VPC security group (here: a Resolver endpoint's).
    SecurityGroup,
    /// An inbound rule of a security group (in CloudFormation, an entry of the group's
    /// `SecurityGroupIngress`).
    SgIngress,
    /// An outbound rule of a security group (in CloudFormation, an entry of the group's
    /// `SecurityGroupEgress`).
    SgEgress,
    /// A Route 53 Resolver endpoint.
    ResolverEndpoint,
    /// A Route 53 Resolver rule.
    ResolverRule,
    /// The association of a Resolver rule with a VPC.
    RuleAssociation,
    /// A Route 53 (private) hosted zone.
    HostedZone,
    /// A record set in a hosted zone.
    Record,
    /// The hosted zone owner's authorization of an association with another account's VPC
    /// (Terraform only: refused in CloudFormation).
    ZoneAuthorization,
    /// The association of a hosted zone with another account's VPC (Terraform only).
    ZoneAssociation,
    /// A Route 53 Profile.
    Profile,
    /// The association of a profile with a VPC.
    ProfileAssociation,
    /// A resource (rule, zone, DNS Firewall rule group, query log config) of a profile.
    ProfileResource,
    /// A DNS Firewall domain list.
    DomainList,
    /// A DNS Firewall rule group.
    DnsRuleGroup,
    /// A DNS Firewall rule (in CloudFormation, an entry of its group's `FirewallRules`).
    DnsRule,
    /// The association of a DNS Firewall rule group with a VPC.
    DnsFirewallAssociation,
    /// A Resolver query logging configuration.
    QueryLogConfig,
    /// The association of a query logging configuration with a VPC.
    QueryLogAssociation,
    /// An Amazon VPC IP Address Manager.
    Ipam,
    /// An IPAM pool.
    IpamPool,
    /// A pinned CIDR provisioned to an IPAM pool (in CloudFormation, an entry of the pool's
    /// `ProvisionedCidrs`).
    IpamPoolCidr,
    /// An Amazon-provided IPv6 block of a netmask, provisioned to an IPAM pool.
    IpamPoolNetmask,
    /// A VPC's IPv6 block (Amazon-provided, or from an IPAM pool).
    VpcIpv6Block,
    /// An egress-only internet gateway (outbound-only IPv6).
    EgressOnlyIgw,
    /// VPC Block Public Access for an account in a region.
    BpaOptions,
    /// A VPC or subnet exempt from Block Public Access.
    BpaExclusion,
    /// A VPC Lattice service network.
    LatticeServiceNetwork,
    /// The auth policy of a service network.
    LatticeAuthPolicy,
    /// The association of a VPC with a service network.
    LatticeVpcAssociation,
    /// A customer gateway: the on-premises end of VPN connections.
    CustomerGateway,
    /// A Site-to-Site VPN connection (two tunnels).
    VpnConnection,
    /// A site-to-site VPN attachment to a Cloud WAN core network.
    CwVpnAttachment,
    /// A Direct Connect gateway.
    DxGateway,
    /// The association of a Direct Connect gateway with a Transit Gateway.
    DxAssociation,
    /// A Direct Connect gateway attachment to a Cloud WAN core network.
    CwDxAttachment,
}

/// An attribute of a resource that another resource or an output refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Attr {
    /// The resource's id (`vpc-...`, `subnet-...`).
    Id,
    /// An Elastic IP's allocation id (`eipalloc-...`).
    AllocationId,
    /// The resource's ARN.
    Arn,
    /// The endpoint id (`vpce-...`) of a firewall with one subnet. netform gives each AZ its
    /// own firewall because CloudFormation lists a multi-AZ firewall's endpoints "not ... in
    /// any particular order" (`EndpointIds`), so no template can pick the endpoint of an AZ.
    FirewallEndpoint,
    /// A VPC's primary IPv4 CIDR block (known only at deploy time when IPAM chooses it).
    CidrBlock,
    /// A VPC's IPv6 block (always chosen at deploy time).
    Ipv6CidrBlock,
    /// An IPAM's default private scope.
    PrivateScope,
    /// An IPAM's default public scope.
    PublicScope,
    /// An interface endpoint's regional DNS name (`vpce-...-....ssm.us-east-1.vpce.amazonaws.com`),
    /// which an alias record targets.
    DnsName,
    /// The Route 53 hosted zone id of an interface endpoint's regional DNS name.
    DnsZoneId,
    /// The Transit Gateway attachment a VPN connection creates on its hub.
    TgwAttachment,
}

/// How CloudFormation reads an attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CfnAttr {
    /// `{"Ref": "LogicalId"}`.
    Ref,
    /// `{"Fn::GetAtt": ["LogicalId", "Name"]}`.
    GetAtt(&'static str),
    /// The endpoint id in the one `"az:vpce-..."` entry of `Fn::GetAtt [LogicalId, EndpointIds]`.
    SingleEndpoint,
    /// `{"Fn::Sub": "..."}` of this text with `${}` standing for the logical id: for ARNs
    /// CloudFormation does not return (`AWS::EC2::VPC` and `AWS::EC2::Subnet` have no `Arn`
    /// attribute).
    Sub(&'static str),
    /// `{"Fn::Select": [0, {"Fn::GetAtt": ["<Names>Vpc", "name"]}]}`: the first item of a list
    /// attribute of the VPC with the same names (a VPC's IPv6 block, which
    /// `AWS::EC2::VPCCidrBlock` does not return). The referring resource gets a `DependsOn`
    /// on the target, which the text no longer names.
    FirstOfVpc(&'static str),
    /// Part `0` (the hosted zone id) or `1` (the DNS name) of the first `"zone:name"` entry of
    /// an interface endpoint's `DnsEntries`, which CloudFormation orders "regional public DNS,
    /// zonal public DNS, private DNS, and wildcard DNS" (`AWS::EC2::VPCEndpoint`, return
    /// values): the first is the regional name.
    DnsEntry(u64),
    /// Not returned at all (a VPN connection's Transit Gateway attachment): the stack that
    /// uses it takes a Parameter, which the deployer fills in by this lookup (with `{region}`
    /// and `{output}`, the stack output holding the resource's id), a manual step between the
    /// stacks that manifest.json lists.
    Lookup(&'static str),
}

/// How Terraform reads an attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TfAttr {
    /// `aws_x.label.name`.
    Attr(&'static str),
    /// `one(aws_networkfirewall_firewall.label.firewall_status[0].sync_states[*].attachment[0].endpoint_id)`:
    /// the endpoint of a firewall with one subnet (`sync_states` is a set, so it is splatted).
    SingleEndpoint,
    /// `aws_vpc_endpoint.label.dns_entry[0].name`: a field of an interface endpoint's first
    /// (regional) DNS entry.
    DnsEntry(&'static str),
}

/// How a kind appears in CloudFormation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CfnForm {
    /// As a resource of `cfn_type`.
    Resource,
    /// As one entry of a list property of another resource: `parent` is the neutral property
    /// that refers to that resource, `list` the CloudFormation list property, and `value` the
    /// neutral property whose value goes in the list.
    Entry {
        /// The neutral property referring to the resource that holds the list.
        parent: &'static str,
        /// The CloudFormation list property.
        list: &'static str,
        /// The neutral property whose value is listed.
        value: &'static str,
    },
    /// As one property of another resource: `parent` is the neutral property that refers to
    /// that resource, `property` the CloudFormation property, and `value` the neutral property
    /// whose value it takes (a core network policy attachment is the core network's
    /// `PolicyDocument`).
    Property {
        /// The neutral property referring to the resource that takes the property.
        parent: &'static str,
        /// The CloudFormation property.
        property: &'static str,
        /// The neutral property whose value it takes.
        value: &'static str,
    },
    /// As one object of a list property of another resource: `parent` is the neutral property
    /// that refers to that resource, `list` the CloudFormation list property; the object holds
    /// the kind's other properties, spelled the CloudFormation way (a DNS Firewall rule is an
    /// entry of its group's `FirewallRules`; a security group rule of `SecurityGroupIngress`).
    Object {
        /// The neutral property referring to the resource that holds the list.
        parent: &'static str,
        /// The CloudFormation list property.
        list: &'static str,
    },
    /// Refused: CloudFormation has no resource type for it and no manual step would keep the
    /// deploy whole, so rendering fails with a diagnostic (NF0503) at the resource's origin.
    /// `message` names the neutral property holding the diagnostic's message; kinds with
    /// `None` are parts of a refusal another resource reports.
    Refused {
        /// The neutral property (never rendered) holding the message.
        message: Option<&'static str>,
    },
    /// Not at all: CloudFormation cannot express it. References to its id read the neutral
    /// property `id_from` instead, and the manifest lists the manual step.
    Manual {
        /// The neutral property that holds the same id.
        id_from: &'static str,
    },
}

/// Which CloudFormation stack of an (account, region) a kind goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// The main stack.
    Base,
    /// The `-routing` stack, deployed after every stack whose attachments it routes (hub
    /// route tables take attachments from spoke accounts, which need the hub first).
    Routing,
}

/// How one neutral property is spelled in each target; `None` where a target has no such
/// property (it says the same thing another way).
#[derive(Debug, Clone, Copy)]
pub struct PropSpec {
    /// The neutral key the lowering uses.
    pub key: &'static str,
    /// The CloudFormation property name.
    pub cfn: Option<&'static str>,
    /// The Terraform argument name.
    pub tf: Option<&'static str>,
}

/// How one attribute is read in each target.
#[derive(Debug, Clone, Copy)]
pub struct AttrSpec {
    /// The attribute.
    pub attr: Attr,
    /// In CloudFormation.
    pub cfn: CfnAttr,
    /// In Terraform.
    pub tf: TfAttr,
}

/// Everything the renderers need to know about a [`Kind`].
#[derive(Debug)]
pub struct KindSpec {
    /// The CloudFormation resource type.
    pub cfn_type: &'static str,
    /// The Terraform resource type.
    pub tf_type: &'static str,
    /// Appended to the logical id, so ids of different kinds never collide.
    pub cfn_suffix: &'static str,
    /// Whether the resource takes tags (`tags` in Terraform).
    pub taggable: bool,
    /// The CloudFormation property that holds the tags (`Tags`; `HostedZoneTags` for a
    /// hosted zone).
    pub cfn_tags: &'static str,
    /// The properties.
    pub properties: &'static [PropSpec],
    /// The attributes others may refer to.
    pub attributes: &'static [AttrSpec],
    /// How the kind appears in CloudFormation.
    pub cfn_form: CfnForm,
    /// The CloudFormation stack it goes to.
    pub stage: Stage,
}

/// A kind that is a resource of its own in CloudFormation, in the base stack, tagged with
/// `Tags` if at all.
const fn resource(
    cfn_type: &'static str,
    tf_type: &'static str,
    cfn_suffix: &'static str,
    taggable: bool,
    properties: &'static [PropSpec],
    attributes: &'static [AttrSpec],
) -> KindSpec {
    KindSpec {
        cfn_type,
        tf_type,
        cfn_suffix,
        taggable,
        cfn_tags: "Tags",
        properties,
        attributes,
        cfn_form: CfnForm::Resource,
        stage: Stage::Base,
    }
}

const fn both(key: &'static str, cfn: &'static str) -> PropSpec {
    PropSpec {
        key,
        cfn: Some(cfn),
        tf: Some(key),
    }
}

/// The fields of nested structures ([`crate::graph::Value::Struct`]), by neutral key. Where
/// CloudFormation has a list of objects Terraform has a repeated block, named in the singular
/// (`StatefulRules` / `stateful_rule`). Checked against the same schemas as the kinds.
pub const FIELDS: &[PropSpec] = &[
    named("subnet_id", "SubnetId", "subnet_id"),
    named(
        "stateless_default_actions",
        "StatelessDefaultActions",
        "stateless_default_actions",
    ),
    named(
        "stateless_fragment_default_actions",
        "StatelessFragmentDefaultActions",
        "stateless_fragment_default_actions",
    ),
    named(
        "stateless_rule_group_references",
        "StatelessRuleGroupReferences",
        "stateless_rule_group_reference",
    ),
    named(
        "stateful_rule_group_references",
        "StatefulRuleGroupReferences",
        "stateful_rule_group_reference",
    ),
    named("resource_arn", "ResourceArn", "resource_arn"),
    // A record's alias target (`AliasTarget` / the `alias` block).
    // A VPN tunnel's options in `VpnTunnelOptionsSpecifications` (CloudFormation only:
    // Terraform spells them as the connection's `tunnelN_*` arguments).
    cfn_only("tunnel_inside_cidr", "TunnelInsideCidr"),
    cfn_only("pre_shared_key", "PreSharedKey"),
    named("alias_dns_name", "DNSName", "name"),
    named("alias_zone_id", "HostedZoneId", "zone_id"),
    named(
        "evaluate_target_health",
        "EvaluateTargetHealth",
        "evaluate_target_health",
    ),
    named("priority", "Priority", "priority"),
    named("rules_source", "RulesSource", "rules_source"),
    named("rules_source_list", "RulesSourceList", "rules_source_list"),
    named(
        "generated_rules_type",
        "GeneratedRulesType",
        "generated_rules_type",
    ),
    named("target_types", "TargetTypes", "target_types"),
    named("targets", "Targets", "targets"),
    named("rules_string", "RulesString", "rules_string"),
    named("stateful_rules", "StatefulRules", "stateful_rule"),
    named("action", "Action", "action"),
    named("header", "Header", "header"),
    named("protocol", "Protocol", "protocol"),
    named("source", "Source", "source"),
    named("source_port", "SourcePort", "source_port"),
    named("direction", "Direction", "direction"),
    named("destination", "Destination", "destination"),
    named("destination_port", "DestinationPort", "destination_port"),
    named("rule_options", "RuleOptions", "rule_option"),
    named("keyword", "Keyword", "keyword"),
    named("settings", "Settings", "settings"),
    named(
        "stateless_rules_and_custom_actions",
        "StatelessRulesAndCustomActions",
        "stateless_rules_and_custom_actions",
    ),
    named("stateless_rules", "StatelessRules", "stateless_rule"),
    named("rule_definition", "RuleDefinition", "rule_definition"),
    named("actions", "Actions", "actions"),
    named("match_attributes", "MatchAttributes", "match_attributes"),
    named("sources", "Sources", "source"),
    named("destinations", "Destinations", "destination"),
    named("source_ports", "SourcePorts", "source_port"),
    named("destination_ports", "DestinationPorts", "destination_port"),
    named(
        "address_definition",
        "AddressDefinition",
        "address_definition",
    ),
    named("from_port", "FromPort", "from_port"),
    named("to_port", "ToPort", "to_port"),
    named("protocols", "Protocols", "protocols"),
    named("type", "Type", "type"),
    named("target_group_arn", "TargetGroupArn", "target_group_arn"),
    named("policy_variables", "PolicyVariables", "policy_variables"),
    named("rule_variables", "RuleVariables", "rule_variables"),
    named("definition", "Definition", "definition"),
    named("ip", "Ip", "ip"),
    named("port", "Port", "port"),
    named("zone_vpc_id", "VPCId", "vpc_id"),
    named("zone_vpc_region", "VPCRegion", "vpc_region"),
    named("region_name", "RegionName", "region_name"),
];

/// How a target spells a nested field; `None` if the key is not in [`FIELDS`].
pub fn field(key: &str) -> Option<&'static PropSpec> {
    FIELDS.iter().find(|f| f.key == key)
}

/// The two properties of a route table association or propagation.
const TGW_LINK: &[PropSpec] = &[
    both(
        "transit_gateway_attachment_id",
        "TransitGatewayAttachmentId",
    ),
    both(
        "transit_gateway_route_table_id",
        "TransitGatewayRouteTableId",
    ),
];

/// The id, from `Ref` (Terraform: `id`).
const ID: AttrSpec = AttrSpec {
    attr: Attr::Id,
    cfn: CfnAttr::Ref,
    tf: TfAttr::Attr("id"),
};

const ID_REF: &[AttrSpec] = &[ID];

/// A property only CloudFormation spells (Terraform says the same another way).
const fn cfn_only(key: &'static str, cfn: &'static str) -> PropSpec {
    PropSpec {
        key,
        cfn: Some(cfn),
        tf: None,
    }
}

/// A property only Terraform spells, under its neutral key.
const fn tf_only(key: &'static str) -> PropSpec {
    PropSpec {
        key,
        cfn: None,
        tf: Some(key),
    }
}

/// An ARN that CloudFormation returns from `Ref` (Terraform: `arn`).
const ARN_REF: &[AttrSpec] = &[AttrSpec {
    attr: Attr::Arn,
    cfn: CfnAttr::Ref,
    tf: TfAttr::Attr("arn"),
}];

/// A property spelled alike in both targets, nested in CloudFormation under `cfn` (a dotted
/// path such as `Options.ApplianceModeSupport`) or in Terraform under `tf`.
const fn named(key: &'static str, cfn: &'static str, tf: &'static str) -> PropSpec {
    PropSpec {
        key,
        cfn: Some(cfn),
        tf: Some(tf),
    }
}

impl Kind {
    /// Every kind.
    pub const ALL: &'static [Kind] = &[
        Kind::Vpc,
        Kind::Subnet,
        Kind::InternetGateway,
        Kind::InternetGatewayAttachment,
        Kind::Eip,
        Kind::NatGateway,
        Kind::RouteTable,
        Kind::Route,
        Kind::RouteTableAssociation,
        Kind::FlowLog,
        Kind::TransitGateway,
        Kind::TgwVpcAttachment,
        Kind::TgwRouteTable,
        Kind::TgwAssociation,
        Kind::TgwPropagation,
        Kind::TgwRoute,
        Kind::TgwPeering,
        Kind::TgwPeeringAccepter,
        Kind::RamShare,
        Kind::RamPrincipal,
        Kind::RamResource,
        Kind::Firewall,
        Kind::FirewallPolicy,
        Kind::FirewallRuleGroup,
        Kind::LoadBalancer,
        Kind::TargetGroup,
        Kind::Listener,
        Kind::EndpointService,
        Kind::VpcEndpoint,
        Kind::GlobalNetwork,
        Kind::CoreNetwork,
        Kind::CorePolicyAttachment,
        Kind::CwVpcAttachment,
        Kind::CwAttachmentAccepter,
        Kind::SecurityGroup,
        Kind::SgIngress,
        Kind::SgEgress,
        Kind::ResolverEndpoint,
        Kind::ResolverRule,
        Kind::RuleAssociation,
        Kind::HostedZone,
        Kind::Record,
        Kind::ZoneAuthorization,
        Kind::ZoneAssociation,
        Kind::Profile,
        Kind::ProfileAssociation,
        Kind::ProfileResource,
        Kind::DomainList,
        Kind::DnsRuleGroup,
        Kind::DnsRule,
        Kind::DnsFirewallAssociation,
        Kind::QueryLogConfig,
        Kind::QueryLogAssociation,
        Kind::Ipam,
        Kind::IpamPool,
        Kind::IpamPoolCidr,
        Kind::IpamPoolNetmask,
        Kind::VpcIpv6Block,
        Kind::EgressOnlyIgw,
        Kind::BpaOptions,
        Kind::BpaExclusion,
        Kind::LatticeServiceNetwork,
        Kind::LatticeAuthPolicy,
        Kind::LatticeVpcAssociation,
        Kind::CustomerGateway,
        Kind::VpnConnection,
        Kind::CwVpnAttachment,
        Kind::DxGateway,
        Kind::DxAssociation,
        Kind::CwDxAttachment,
    ];

    /// The kind's entry in the table.
    pub fn spec(self) -> &'static KindSpec {
        if let Some(spec) = dns::spec(self)
            .or_else(|| ipam::spec(self))
            .or_else(|| edge::spec(self))
            .or_else(|| hybrid::spec(self))
        {
            return spec;
        }
        match self {
            Kind::Vpc => {
                static SPEC: KindSpec = KindSpec {
                    cfn_type: "AWS::EC2::VPC",
                    tf_type: "aws_vpc",
                    cfn_suffix: "Vpc",
                    taggable: true,
                    cfn_tags: "Tags",
                    properties: &[
                        both("cidr_block", "CidrBlock"),
                        both("ipv4_ipam_pool_id", "Ipv4IpamPoolId"),
                        both("ipv4_netmask_length", "Ipv4NetmaskLength"),
                        // A CIDR planned offline, recorded in its pool: Terraform passes the
                        // pool with the CIDR; CloudFormation's schema makes `CidrBlock` and
                        // `Ipv4IpamPoolId` exclusive (cfn-lint E3014), so there the pool's
                        // `AutoImport` records the VPC once IPAM discovers it.
                        PropSpec {
                            key: "recorded_in_pool",
                            cfn: None,
                            tf: Some("ipv4_ipam_pool_id"),
                        },
                        both("enable_dns_support", "EnableDnsSupport"),
                        both("enable_dns_hostnames", "EnableDnsHostnames"),
                    ],
                    attributes: &[
                        ID_REF[0],
                        AttrSpec {
                            attr: Attr::CidrBlock,
                            cfn: CfnAttr::GetAtt("CidrBlock"),
                            tf: TfAttr::Attr("cidr_block"),
                        },
                        AttrSpec {
                            attr: Attr::Arn,
                            cfn: CfnAttr::Sub(
                                "arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:vpc/${}",
                            ),
                            tf: TfAttr::Attr("arn"),
                        },
                    ],
                    cfn_form: CfnForm::Resource,
                    stage: Stage::Base,
                };
                &SPEC
            }
            Kind::Subnet => {
                static SPEC: KindSpec = KindSpec {
                    cfn_type: "AWS::EC2::Subnet",
                    tf_type: "aws_subnet",
                    cfn_suffix: "Subnet",
                    taggable: true,
                    cfn_tags: "Tags",
                    properties: &[
                        both("vpc_id", "VpcId"),
                        both("cidr_block", "CidrBlock"),
                        both("availability_zone", "AvailabilityZone"),
                        both("map_public_ip_on_launch", "MapPublicIpOnLaunch"),
                        both("ipv6_cidr_block", "Ipv6CidrBlock"),
                        both("ipv6_native", "Ipv6Native"),
                        both(
                            "assign_ipv6_address_on_creation",
                            "AssignIpv6AddressOnCreation",
                        ),
                        both("enable_dns64", "EnableDns64"),
                    ],
                    attributes: &[
                        ID_REF[0],
                        AttrSpec {
                            attr: Attr::Arn,
                            cfn: CfnAttr::Sub(
                                "arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:subnet/${}",
                            ),
                            tf: TfAttr::Attr("arn"),
                        },
                    ],
                    cfn_form: CfnForm::Resource,
                    stage: Stage::Base,
                };
                &SPEC
            }
            Kind::InternetGateway => {
                static SPEC: KindSpec = KindSpec {
                    cfn_type: "AWS::EC2::InternetGateway",
                    tf_type: "aws_internet_gateway",
                    cfn_suffix: "InternetGateway",
                    taggable: true,
                    cfn_tags: "Tags",
                    properties: &[],
                    attributes: ID_REF,
                    cfn_form: CfnForm::Resource,
                    stage: Stage::Base,
                };
                &SPEC
            }
            Kind::InternetGatewayAttachment => {
                static SPEC: KindSpec = KindSpec {
                    cfn_type: "AWS::EC2::VPCGatewayAttachment",
                    tf_type: "aws_internet_gateway_attachment",
                    cfn_suffix: "InternetGatewayAttachment",
                    taggable: false,
                    cfn_tags: "Tags",
                    properties: &[
                        both("vpc_id", "VpcId"),
                        both("internet_gateway_id", "InternetGatewayId"),
                    ],
                    attributes: &[],
                    cfn_form: CfnForm::Resource,
                    stage: Stage::Base,
                };
                &SPEC
            }
            Kind::Eip => {
                static SPEC: KindSpec = KindSpec {
                    cfn_type: "AWS::EC2::EIP",
                    tf_type: "aws_eip",
                    cfn_suffix: "Eip",
                    taggable: true,
                    cfn_tags: "Tags",
                    properties: &[both("domain", "Domain")],
                    attributes: &[AttrSpec {
                        attr: Attr::AllocationId,
                        cfn: CfnAttr::GetAtt("AllocationId"),
                        tf: TfAttr::Attr("allocation_id"),
                    }],
                    cfn_form: CfnForm::Resource,
                    stage: Stage::Base,
                };
                &SPEC
            }
            Kind::NatGateway => {
                static SPEC: KindSpec = KindSpec {
                    cfn_type: "AWS::EC2::NatGateway",
                    tf_type: "aws_nat_gateway",
                    cfn_suffix: "NatGateway",
                    taggable: true,
                    cfn_tags: "Tags",
                    properties: &[
                        both("allocation_id", "AllocationId"),
                        both("subnet_id", "SubnetId"),
                    ],
                    attributes: ID_REF,
                    cfn_form: CfnForm::Resource,
                    stage: Stage::Base,
                };
                &SPEC
            }
            Kind::RouteTable => {
                static SPEC: KindSpec = KindSpec {
                    cfn_type: "AWS::EC2::RouteTable",
                    tf_type: "aws_route_table",
                    cfn_suffix: "RouteTable",
                    taggable: true,
                    cfn_tags: "Tags",
                    properties: &[both("vpc_id", "VpcId")],
                    attributes: ID_REF,
                    cfn_form: CfnForm::Resource,
                    stage: Stage::Base,
                };
                &SPEC
            }
            Kind::Route => {
                static SPEC: KindSpec = KindSpec {
                    cfn_type: "AWS::EC2::Route",
                    tf_type: "aws_route",
                    cfn_suffix: "Route",
                    taggable: false,
                    cfn_tags: "Tags",
                    properties: &[
                        both("route_table_id", "RouteTableId"),
                        both("destination_cidr_block", "DestinationCidrBlock"),
                        both("destination_ipv6_cidr_block", "DestinationIpv6CidrBlock"),
                        both("gateway_id", "GatewayId"),
                        PropSpec {
                            key: "egress_only_gateway_id",
                            cfn: Some("EgressOnlyInternetGatewayId"),
                            tf: Some("egress_only_gateway_id"),
                        },
                        both("nat_gateway_id", "NatGatewayId"),
                        both("transit_gateway_id", "TransitGatewayId"),
                        both("vpc_endpoint_id", "VpcEndpointId"),
                        both("core_network_arn", "CoreNetworkArn"),
                    ],
                    attributes: &[],
                    cfn_form: CfnForm::Resource,
                    stage: Stage::Base,
                };
                &SPEC
            }
            Kind::RouteTableAssociation => {
                static SPEC: KindSpec = KindSpec {
                    cfn_type: "AWS::EC2::SubnetRouteTableAssociation",
                    tf_type: "aws_route_table_association",
                    cfn_suffix: "RouteTableAssociation",
                    taggable: false,
                    cfn_tags: "Tags",
                    properties: &[
                        both("subnet_id", "SubnetId"),
                        both("route_table_id", "RouteTableId"),
                    ],
                    attributes: &[],
                    cfn_form: CfnForm::Resource,
                    stage: Stage::Base,
                };
                &SPEC
            }
            Kind::FlowLog => {
                static SPEC: KindSpec = KindSpec {
                    cfn_type: "AWS::EC2::FlowLog",
                    tf_type: "aws_flow_log",
                    cfn_suffix: "FlowLog",
                    taggable: true,
                    cfn_tags: "Tags",
                    properties: &[
                        // CloudFormation names the VPC by ResourceId + ResourceType; Terraform
                        // has one argument per resource type (vpc_id).
                        PropSpec {
                            key: "vpc_id",
                            cfn: Some("ResourceId"),
                            tf: Some("vpc_id"),
                        },
                        PropSpec {
                            key: "resource_type",
                            cfn: Some("ResourceType"),
                            tf: None,
                        },
                        both("traffic_type", "TrafficType"),
                        both("log_destination_type", "LogDestinationType"),
                        both("log_destination", "LogDestination"),
                        PropSpec {
                            key: "iam_role_arn",
                            cfn: Some("DeliverLogsPermissionArn"),
                            tf: Some("iam_role_arn"),
                        },
                    ],
                    attributes: &[],
                    cfn_form: CfnForm::Resource,
                    stage: Stage::Base,
                };
                &SPEC
            }
            Kind::TransitGateway => {
                static SPEC: KindSpec = KindSpec {
                    cfn_type: "AWS::EC2::TransitGateway",
                    tf_type: "aws_ec2_transit_gateway",
                    cfn_suffix: "TransitGateway",
                    taggable: true,
                    cfn_tags: "Tags",
                    properties: &[
                        both("description", "Description"),
                        both("amazon_side_asn", "AmazonSideAsn"),
                        both(
                            "auto_accept_shared_attachments",
                            "AutoAcceptSharedAttachments",
                        ),
                        both(
                            "default_route_table_association",
                            "DefaultRouteTableAssociation",
                        ),
                        both(
                            "default_route_table_propagation",
                            "DefaultRouteTablePropagation",
                        ),
                        both("dns_support", "DnsSupport"),
                        both("vpn_ecmp_support", "VpnEcmpSupport"),
                    ],
                    attributes: &[
                        AttrSpec {
                            attr: Attr::Id,
                            cfn: CfnAttr::Ref,
                            tf: TfAttr::Attr("id"),
                        },
                        AttrSpec {
                            attr: Attr::Arn,
                            cfn: CfnAttr::GetAtt("TransitGatewayArn"),
                            tf: TfAttr::Attr("arn"),
                        },
                    ],
                    cfn_form: CfnForm::Resource,
                    stage: Stage::Base,
                };
                &SPEC
            }
            Kind::TgwVpcAttachment => {
                static SPEC: KindSpec = KindSpec {
                    cfn_type: "AWS::EC2::TransitGatewayVpcAttachment",
                    tf_type: "aws_ec2_transit_gateway_vpc_attachment",
                    cfn_suffix: "TgwAttachment",
                    taggable: true,
                    cfn_tags: "Tags",
                    // CloudFormation nests the options under `Options`; Terraform has them
                    // flat. The default-route-table flags are left out: the hub has default
                    // association and propagation off, and Terraform cannot set them on an
                    // attachment to a hub shared from another account.
                    properties: &[
                        both("transit_gateway_id", "TransitGatewayId"),
                        both("vpc_id", "VpcId"),
                        both("subnet_ids", "SubnetIds"),
                        named(
                            "appliance_mode_support",
                            "Options.ApplianceModeSupport",
                            "appliance_mode_support",
                        ),
                        named("dns_support", "Options.DnsSupport", "dns_support"),
                    ],
                    attributes: ID_REF,
                    cfn_form: CfnForm::Resource,
                    stage: Stage::Base,
                };
                &SPEC
            }
            Kind::TgwRouteTable => {
                static SPEC: KindSpec = KindSpec {
                    cfn_type: "AWS::EC2::TransitGatewayRouteTable",
                    tf_type: "aws_ec2_transit_gateway_route_table",
                    cfn_suffix: "TgwRouteTable",
                    taggable: true,
                    cfn_tags: "Tags",
                    properties: &[both("transit_gateway_id", "TransitGatewayId")],
                    attributes: ID_REF,
                    cfn_form: CfnForm::Resource,
                    stage: Stage::Base,
                };
                &SPEC
            }
            Kind::TgwAssociation => {
                static SPEC: KindSpec = KindSpec {
                    cfn_type: "AWS::EC2::TransitGatewayRouteTableAssociation",
                    tf_type: "aws_ec2_transit_gateway_route_table_association",
                    cfn_suffix: "TgwAssociation",
                    taggable: false,
                    cfn_tags: "Tags",
                    properties: TGW_LINK,
                    attributes: &[],
                    cfn_form: CfnForm::Resource,
                    stage: Stage::Routing,
                };
                &SPEC
            }
            Kind::TgwPropagation => {
                static SPEC: KindSpec = KindSpec {
                    cfn_type: "AWS::EC2::TransitGatewayRouteTablePropagation",
                    tf_type: "aws_ec2_transit_gateway_route_table_propagation",
                    cfn_suffix: "TgwPropagation",
                    taggable: false,
                    cfn_tags: "Tags",
                    properties: TGW_LINK,
                    attributes: &[],
                    cfn_form: CfnForm::Resource,
                    stage: Stage::Routing,
                };
                &SPEC
            }
            Kind::TgwRoute => {
                static SPEC: KindSpec = KindSpec {
                    cfn_type: "AWS::EC2::TransitGatewayRoute",
                    tf_type: "aws_ec2_transit_gateway_route",
                    cfn_suffix: "TgwRoute",
                    taggable: false,
                    cfn_tags: "Tags",
                    properties: &[
                        both(
                            "transit_gateway_route_table_id",
                            "TransitGatewayRouteTableId",
                        ),
                        both("destination_cidr_block", "DestinationCidrBlock"),
                        both(
                            "transit_gateway_attachment_id",
                            "TransitGatewayAttachmentId",
                        ),
                        both("blackhole", "Blackhole"),
                    ],
                    attributes: &[],
                    cfn_form: CfnForm::Resource,
                    stage: Stage::Routing,
                };
                &SPEC
            }
            Kind::TgwPeering => {
                static SPEC: KindSpec = KindSpec {
                    cfn_type: "AWS::EC2::TransitGatewayPeeringAttachment",
                    tf_type: "aws_ec2_transit_gateway_peering_attachment",
                    cfn_suffix: "TgwPeering",
                    taggable: true,
                    cfn_tags: "Tags",
                    properties: &[
                        both("transit_gateway_id", "TransitGatewayId"),
                        both("peer_transit_gateway_id", "PeerTransitGatewayId"),
                        both("peer_account_id", "PeerAccountId"),
                        both("peer_region", "PeerRegion"),
                    ],
                    attributes: ID_REF,
                    cfn_form: CfnForm::Resource,
                    stage: Stage::Base,
                };
                &SPEC
            }
            Kind::TgwPeeringAccepter => {
                static SPEC: KindSpec = KindSpec {
                    cfn_type: "",
                    tf_type: "aws_ec2_transit_gateway_peering_attachment_accepter",
                    cfn_suffix: "TgwPeeringAccepter",
                    taggable: true,
                    cfn_tags: "Tags",
                    properties: &[both(
                        "transit_gateway_attachment_id",
                        "TransitGatewayAttachmentId",
                    )],
                    attributes: ID_REF,
                    cfn_form: CfnForm::Manual {
                        id_from: "transit_gateway_attachment_id",
                    },
                    stage: Stage::Base,
                };
                &SPEC
            }
            Kind::RamShare => {
                static SPEC: KindSpec = KindSpec {
                    cfn_type: "AWS::RAM::ResourceShare",
                    tf_type: "aws_ram_resource_share",
                    cfn_suffix: "Share",
                    taggable: true,
                    cfn_tags: "Tags",
                    properties: &[
                        both("name", "Name"),
                        both("allow_external_principals", "AllowExternalPrincipals"),
                    ],
                    attributes: &[AttrSpec {
                        attr: Attr::Arn,
                        cfn: CfnAttr::GetAtt("Arn"),
                        tf: TfAttr::Attr("arn"),
                    }],
                    cfn_form: CfnForm::Resource,
                    stage: Stage::Base,
                };
                &SPEC
            }
            Kind::RamPrincipal => {
                static SPEC: KindSpec = KindSpec {
                    cfn_type: "",
                    tf_type: "aws_ram_principal_association",
                    cfn_suffix: "SharePrincipal",
                    taggable: false,
                    cfn_tags: "Tags",
                    properties: &[
                        PropSpec {
                            key: "resource_share_arn",
                            cfn: None,
                            tf: Some("resource_share_arn"),
                        },
                        PropSpec {
                            key: "principal",
                            cfn: None,
                            tf: Some("principal"),
                        },
                    ],
                    attributes: &[],
                    cfn_form: CfnForm::Entry {
                        parent: "resource_share_arn",
                        list: "Principals",
                        value: "principal",
                    },
                    stage: Stage::Base,
                };
                &SPEC
            }
            Kind::RamResource => {
                static SPEC: KindSpec = KindSpec {
                    cfn_type: "",
                    tf_type: "aws_ram_resource_association",
                    cfn_suffix: "ShareResource",
                    taggable: false,
                    cfn_tags: "Tags",
                    properties: &[
                        PropSpec {
                            key: "resource_share_arn",
                            cfn: None,
                            tf: Some("resource_share_arn"),
                        },
                        PropSpec {
                            key: "resource_arn",
                            cfn: None,
                            tf: Some("resource_arn"),
                        },
                    ],
                    attributes: &[],
                    cfn_form: CfnForm::Entry {
                        parent: "resource_share_arn",
                        list: "ResourceArns",
                        value: "resource_arn",
                    },
                    stage: Stage::Base,
                };
                &SPEC
            }
            Kind::Firewall => {
                static SPEC: KindSpec = KindSpec {
                    cfn_type: "AWS::NetworkFirewall::Firewall",
                    tf_type: "aws_networkfirewall_firewall",
                    cfn_suffix: "Firewall",
                    taggable: true,
                    cfn_tags: "Tags",
                    properties: &[
                        named("name", "FirewallName", "name"),
                        both("firewall_policy_arn", "FirewallPolicyArn"),
                        both("vpc_id", "VpcId"),
                        named("subnet_mappings", "SubnetMappings", "subnet_mapping"),
                        both("delete_protection", "DeleteProtection"),
                    ],
                    attributes: &[AttrSpec {
                        attr: Attr::FirewallEndpoint,
                        cfn: CfnAttr::SingleEndpoint,
                        tf: TfAttr::SingleEndpoint,
                    }],
                    cfn_form: CfnForm::Resource,
                    stage: Stage::Base,
                };
                &SPEC
            }
            Kind::FirewallPolicy => {
                static SPEC: KindSpec = KindSpec {
                    cfn_type: "AWS::NetworkFirewall::FirewallPolicy",
                    tf_type: "aws_networkfirewall_firewall_policy",
                    cfn_suffix: "FirewallPolicy",
                    taggable: true,
                    cfn_tags: "Tags",
                    properties: &[
                        named("name", "FirewallPolicyName", "name"),
                        named("firewall_policy", "FirewallPolicy", "firewall_policy"),
                    ],
                    attributes: ARN_REF,
                    cfn_form: CfnForm::Resource,
                    stage: Stage::Base,
                };
                &SPEC
            }
            Kind::FirewallRuleGroup => {
                static SPEC: KindSpec = KindSpec {
                    cfn_type: "AWS::NetworkFirewall::RuleGroup",
                    tf_type: "aws_networkfirewall_rule_group",
                    cfn_suffix: "RuleGroup",
                    taggable: true,
                    cfn_tags: "Tags",
                    properties: &[
                        named("name", "RuleGroupName", "name"),
                        both("type", "Type"),
                        both("capacity", "Capacity"),
                        named("rule_group", "RuleGroup", "rule_group"),
                    ],
                    attributes: ARN_REF,
                    cfn_form: CfnForm::Resource,
                    stage: Stage::Base,
                };
                &SPEC
            }
            Kind::LoadBalancer => {
                static SPEC: KindSpec = KindSpec {
                    cfn_type: "AWS::ElasticLoadBalancingV2::LoadBalancer",
                    tf_type: "aws_lb",
                    cfn_suffix: "LoadBalancer",
                    taggable: true,
                    cfn_tags: "Tags",
                    properties: &[
                        named("load_balancer_type", "Type", "load_balancer_type"),
                        both("subnets", "Subnets"),
                    ],
                    attributes: ARN_REF,
                    cfn_form: CfnForm::Resource,
                    stage: Stage::Base,
                };
                &SPEC
            }
            Kind::TargetGroup => {
                static SPEC: KindSpec = KindSpec {
                    cfn_type: "AWS::ElasticLoadBalancingV2::TargetGroup",
                    tf_type: "aws_lb_target_group",
                    cfn_suffix: "TargetGroup",
                    taggable: true,
                    cfn_tags: "Tags",
                    // CloudFormation has the health check flat; Terraform nests it in a
                    // `health_check` block.
                    properties: &[
                        both("protocol", "Protocol"),
                        both("port", "Port"),
                        both("vpc_id", "VpcId"),
                        both("target_type", "TargetType"),
                        named(
                            "health_check_protocol",
                            "HealthCheckProtocol",
                            "health_check.protocol",
                        ),
                        named("health_check_port", "HealthCheckPort", "health_check.port"),
                    ],
                    attributes: ARN_REF,
                    cfn_form: CfnForm::Resource,
                    stage: Stage::Base,
                };
                &SPEC
            }
            Kind::Listener => {
                static SPEC: KindSpec = KindSpec {
                    cfn_type: "AWS::ElasticLoadBalancingV2::Listener",
                    tf_type: "aws_lb_listener",
                    cfn_suffix: "Listener",
                    taggable: false,
                    cfn_tags: "Tags",
                    properties: &[
                        both("load_balancer_arn", "LoadBalancerArn"),
                        named("default_actions", "DefaultActions", "default_action"),
                    ],
                    attributes: &[],
                    cfn_form: CfnForm::Resource,
                    stage: Stage::Base,
                };
                &SPEC
            }
            Kind::EndpointService => {
                static SPEC: KindSpec = KindSpec {
                    cfn_type: "AWS::EC2::VPCEndpointService",
                    tf_type: "aws_vpc_endpoint_service",
                    cfn_suffix: "EndpointService",
                    taggable: true,
                    cfn_tags: "Tags",
                    properties: &[
                        both("gateway_load_balancer_arns", "GatewayLoadBalancerArns"),
                        both("acceptance_required", "AcceptanceRequired"),
                    ],
                    attributes: ID_REF,
                    cfn_form: CfnForm::Resource,
                    stage: Stage::Base,
                };
                &SPEC
            }
            Kind::VpcEndpoint => {
                static SPEC: KindSpec = KindSpec {
                    cfn_type: "AWS::EC2::VPCEndpoint",
                    tf_type: "aws_vpc_endpoint",
                    cfn_suffix: "Endpoint",
                    taggable: true,
                    cfn_tags: "Tags",
                    properties: &[
                        both("vpc_id", "VpcId"),
                        both("service_name", "ServiceName"),
                        both("vpc_endpoint_type", "VpcEndpointType"),
                        both("subnet_ids", "SubnetIds"),
                        // A gateway endpoint's route tables and policy (an IAM policy
                        // document: a JSON object in CloudFormation, a JSON string in
                        // Terraform).
                        both("route_table_ids", "RouteTableIds"),
                        PropSpec {
                            key: "policy",
                            cfn: Some("PolicyDocument"),
                            tf: Some("policy"),
                        },
                        // An interface endpoint's security groups and private DNS (which
                        // defaults to false in CloudFormation, true in the console).
                        both("security_group_ids", "SecurityGroupIds"),
                        both("private_dns_enabled", "PrivateDnsEnabled"),
                    ],
                    attributes: &[
                        ID_REF[0],
                        AttrSpec {
                            attr: Attr::DnsName,
                            cfn: CfnAttr::DnsEntry(1),
                            tf: TfAttr::DnsEntry("dns_name"),
                        },
                        AttrSpec {
                            attr: Attr::DnsZoneId,
                            cfn: CfnAttr::DnsEntry(0),
                            tf: TfAttr::DnsEntry("hosted_zone_id"),
                        },
                    ],
                    cfn_form: CfnForm::Resource,
                    stage: Stage::Base,
                };
                &SPEC
            }
            Kind::GlobalNetwork => {
                static SPEC: KindSpec = KindSpec {
                    cfn_type: "AWS::NetworkManager::GlobalNetwork",
                    tf_type: "aws_networkmanager_global_network",
                    cfn_suffix: "GlobalNetwork",
                    taggable: true,
                    cfn_tags: "Tags",
                    properties: &[both("description", "Description")],
                    attributes: &[
                        ID_REF[0],
                        AttrSpec {
                            attr: Attr::Arn,
                            cfn: CfnAttr::GetAtt("Arn"),
                            tf: TfAttr::Attr("arn"),
                        },
                    ],
                    cfn_form: CfnForm::Resource,
                    stage: Stage::Base,
                };
                &SPEC
            }
            Kind::CoreNetwork => {
                static SPEC: KindSpec = KindSpec {
                    cfn_type: "AWS::NetworkManager::CoreNetwork",
                    tf_type: "aws_networkmanager_core_network",
                    cfn_suffix: "CoreNetwork",
                    taggable: true,
                    cfn_tags: "Tags",
                    // Terraform starts the core network with a base policy: the full policy's
                    // configuration and segments, so the edges get their ASNs from the
                    // policy's ranges (an edge's ASN never changes; the provider's default
                    // base policy would take them from 64512-65534). CloudFormation takes the
                    // policy itself (see CorePolicyAttachment).
                    properties: &[
                        both("global_network_id", "GlobalNetworkId"),
                        both("description", "Description"),
                        PropSpec {
                            key: "create_base_policy",
                            cfn: None,
                            tf: Some("create_base_policy"),
                        },
                        PropSpec {
                            key: "base_policy_document",
                            cfn: None,
                            tf: Some("base_policy_document"),
                        },
                    ],
                    // `Ref` gives the core network id (primaryIdentifier CoreNetworkId).
                    attributes: &[
                        ID_REF[0],
                        AttrSpec {
                            attr: Attr::Arn,
                            cfn: CfnAttr::GetAtt("CoreNetworkArn"),
                            tf: TfAttr::Attr("arn"),
                        },
                    ],
                    cfn_form: CfnForm::Resource,
                    stage: Stage::Base,
                };
                &SPEC
            }
            Kind::CorePolicyAttachment => {
                static SPEC: KindSpec = KindSpec {
                    cfn_type: "AWS::NetworkManager::CoreNetwork",
                    tf_type: "aws_networkmanager_core_network_policy_attachment",
                    cfn_suffix: "CorePolicy",
                    taggable: false,
                    cfn_tags: "Tags",
                    properties: &[
                        both("core_network_id", "CoreNetworkId"),
                        both("policy_document", "PolicyDocument"),
                    ],
                    attributes: &[],
                    cfn_form: CfnForm::Property {
                        parent: "core_network_id",
                        property: "PolicyDocument",
                        value: "policy_document",
                    },
                    stage: Stage::Base,
                };
                &SPEC
            }
            Kind::CwVpcAttachment => {
                static SPEC: KindSpec = KindSpec {
                    cfn_type: "AWS::NetworkManager::VpcAttachment",
                    tf_type: "aws_networkmanager_vpc_attachment",
                    cfn_suffix: "CwAttachment",
                    taggable: true,
                    cfn_tags: "Tags",
                    properties: &[
                        both("core_network_id", "CoreNetworkId"),
                        both("vpc_arn", "VpcArn"),
                        both("subnet_arns", "SubnetArns"),
                        named(
                            "appliance_mode_support",
                            "Options.ApplianceModeSupport",
                            "options.appliance_mode_support",
                        ),
                    ],
                    // `Ref` gives the attachment id (primaryIdentifier AttachmentId).
                    attributes: ID_REF,
                    cfn_form: CfnForm::Resource,
                    stage: Stage::Base,
                };
                &SPEC
            }
            Kind::CwAttachmentAccepter => {
                static SPEC: KindSpec = KindSpec {
                    cfn_type: "",
                    tf_type: "aws_networkmanager_attachment_accepter",
                    cfn_suffix: "CwAttachmentAccepter",
                    taggable: false,
                    cfn_tags: "Tags",
                    properties: &[
                        PropSpec {
                            key: "attachment_id",
                            cfn: None,
                            tf: Some("attachment_id"),
                        },
                        PropSpec {
                            key: "attachment_type",
                            cfn: None,
                            tf: Some("attachment_type"),
                        },
                    ],
                    attributes: ID_REF,
                    cfn_form: CfnForm::Manual {
                        id_from: "attachment_id",
                    },
                    stage: Stage::Base,
                };
                &SPEC
            }
            Kind::SecurityGroup
            | Kind::SgIngress
            | Kind::SgEgress
            | Kind::ResolverEndpoint
            | Kind::ResolverRule
            | Kind::RuleAssociation
            | Kind::HostedZone
            | Kind::Record
            | Kind::ZoneAuthorization
            | Kind::ZoneAssociation
            | Kind::Profile
            | Kind::ProfileAssociation
            | Kind::ProfileResource
            | Kind::DomainList
            | Kind::DnsRuleGroup
            | Kind::DnsRule
            | Kind::DnsFirewallAssociation
            | Kind::QueryLogConfig
            | Kind::QueryLogAssociation => unreachable!("in the DNS table"),
            Kind::Ipam
            | Kind::IpamPool
            | Kind::IpamPoolCidr
            | Kind::IpamPoolNetmask
            | Kind::VpcIpv6Block
            | Kind::EgressOnlyIgw => unreachable!("in the IPAM table"),
            Kind::BpaOptions
            | Kind::BpaExclusion
            | Kind::LatticeServiceNetwork
            | Kind::LatticeAuthPolicy
            | Kind::LatticeVpcAssociation => unreachable!("in the edge table"),
            Kind::CustomerGateway
            | Kind::VpnConnection
            | Kind::CwVpnAttachment
            | Kind::DxGateway
            | Kind::DxAssociation
            | Kind::CwDxAttachment => unreachable!("in the hybrid table"),
        }
    }

    /// How a target spells a neutral property key; `None` if the key is not in the table.
    pub fn property(self, key: &str) -> Option<&'static PropSpec> {
        self.spec().properties.iter().find(|p| p.key == key)
    }

    /// For a kind CloudFormation cannot express ([`CfnForm::Manual`]), the manual step, with
    /// `{target}` (the logical id of what it acts on), `{output}` (the stack output holding its
    /// id), `{stack}` and `{region}` to fill in.
    pub fn manual_step(self) -> Option<&'static str> {
        match self {
            Kind::TgwPeeringAccepter => Some(
                "accept the Transit Gateway peering attachment {target} (output {output} of stack {stack}): aws ec2 accept-transit-gateway-peering-attachment --region {region} --transit-gateway-attachment-id <{output}>",
            ),
            // Network Manager's API is in us-west-2 only, whatever the attachment's region.
            Kind::CwAttachmentAccepter => Some(
                "accept the Cloud WAN attachment {target} (output {output} of stack {stack}): aws networkmanager accept-attachment --region us-west-2 --attachment-id <{output}>",
            ),
            _ => None,
        }
    }

    /// How a target reads an attribute; `None` if this kind does not expose it.
    pub fn attribute(self, attr: Attr) -> Option<&'static AttrSpec> {
        self.spec().attributes.iter().find(|a| a.attr == attr)
    }
}
