//! The DNS part of the resource type table: security groups for Resolver endpoints, Route 53
//! Resolver endpoints, rules and associations, private hosted zones and records, Route 53
//! Profiles, DNS Firewall and query logging.
//!
//! Checked against the CloudFormation registry schemas shipped with cfn-lint 1.58.0 and the
//! hashicorp/aws 6.66.0 provider schema, as the rest of the table. Where the two differ:
//! - CloudFormation writes security group rules and DNS Firewall rules inside their group
//!   (`SecurityGroupIngress`, `FirewallRules`); Terraform has a resource per rule
//!   (`aws_vpc_security_group_ingress_rule`, `aws_route53_resolver_firewall_rule`, which
//!   also needs a `name` CloudFormation does not have).
//! - A hosted zone's tags are `HostedZoneTags` in CloudFormation.
//! - CloudFormation has no VPC association authorization and no standalone hosted zone
//!   association: a zone's `VPCs` are VPCs of its own account. A cross-account association
//!   is refused there (NF0503) and is two resources in Terraform.

use super::{
    both, named, resource, tf_only, Attr, AttrSpec, CfnAttr, CfnForm, Kind, KindSpec, PropSpec,
    Stage, TfAttr, ID,
};

/// `Ref` gives the id (the primaryIdentifier); Terraform's `id`. `GetAtt Arn` / `arn`.
const ID_AND_ARN: &[AttrSpec] = &[
    ID,
    AttrSpec {
        attr: Attr::Arn,
        cfn: CfnAttr::GetAtt("Arn"),
        tf: TfAttr::Attr("arn"),
    },
];

/// `Ref` gives the id.
const ID_ONLY: &[AttrSpec] = &[ID_AND_ARN[0]];

/// The properties of a security group rule: `CidrIp` in CloudFormation, `cidr_ipv4` in
/// `aws_vpc_security_group_{ingress,egress}_rule`.
const SG_RULE: &[PropSpec] = &[
    tf_only("security_group_id"),
    both("ip_protocol", "IpProtocol"),
    both("from_port", "FromPort"),
    both("to_port", "ToPort"),
    named("cidr_ipv4", "CidrIp", "cidr_ipv4"),
    both("description", "Description"),
];

static SECURITY_GROUP: KindSpec = resource(
    "AWS::EC2::SecurityGroup",
    "aws_security_group",
    "SecurityGroup",
    true,
    &[
        named("description", "GroupDescription", "description"),
        both("vpc_id", "VpcId"),
    ],
    // `Fn::GetAtt GroupId` is the id in a VPC (Ref's meaning changed over the years).
    &[AttrSpec {
        attr: Attr::Id,
        cfn: CfnAttr::GetAtt("GroupId"),
        tf: TfAttr::Attr("id"),
    }],
);

static SG_INGRESS: KindSpec = KindSpec {
    cfn_type: "",
    tf_type: "aws_vpc_security_group_ingress_rule",
    cfn_suffix: "Ingress",
    taggable: false,
    cfn_tags: "Tags",
    properties: SG_RULE,
    attributes: &[],
    cfn_form: CfnForm::Object {
        parent: "security_group_id",
        list: "SecurityGroupIngress",
    },
    stage: Stage::Base,
};

static SG_EGRESS: KindSpec = KindSpec {
    cfn_type: "",
    tf_type: "aws_vpc_security_group_egress_rule",
    cfn_suffix: "Egress",
    taggable: false,
    cfn_tags: "Tags",
    properties: SG_RULE,
    attributes: &[],
    cfn_form: CfnForm::Object {
        parent: "security_group_id",
        list: "SecurityGroupEgress",
    },
    stage: Stage::Base,
};

static RESOLVER_ENDPOINT: KindSpec = resource(
    "AWS::Route53Resolver::ResolverEndpoint",
    "aws_route53_resolver_endpoint",
    "ResolverEndpoint",
    true,
    &[
        both("name", "Name"),
        both("direction", "Direction"),
        both("security_group_ids", "SecurityGroupIds"),
        named("ip_addresses", "IpAddresses", "ip_address"),
        both("protocols", "Protocols"),
    ],
    ID_ONLY,
);

static RESOLVER_RULE: KindSpec = resource(
    "AWS::Route53Resolver::ResolverRule",
    "aws_route53_resolver_rule",
    "ResolverRule",
    true,
    &[
        both("name", "Name"),
        both("domain_name", "DomainName"),
        both("rule_type", "RuleType"),
        both("resolver_endpoint_id", "ResolverEndpointId"),
        named("target_ips", "TargetIps", "target_ip"),
    ],
    ID_AND_ARN,
);

static RULE_ASSOCIATION: KindSpec = resource(
    "AWS::Route53Resolver::ResolverRuleAssociation",
    "aws_route53_resolver_rule_association",
    "RuleAssociation",
    false,
    &[
        both("name", "Name"),
        both("resolver_rule_id", "ResolverRuleId"),
        named("vpc_id", "VPCId", "vpc_id"),
    ],
    &[],
);

static HOSTED_ZONE: KindSpec = KindSpec {
    cfn_type: "AWS::Route53::HostedZone",
    tf_type: "aws_route53_zone",
    cfn_suffix: "HostedZone",
    taggable: true,
    cfn_tags: "HostedZoneTags",
    properties: &[
        both("name", "Name"),
        named("comment", "HostedZoneConfig.Comment", "comment"),
        named("vpcs", "VPCs", "vpc"),
        // With cross-account associations as their own resources, Terraform must not fight
        // them over the zone's inline `vpc` blocks (aws_route53_zone documentation).
        PropSpec {
            key: "ignore_changes",
            cfn: None,
            tf: Some("lifecycle.ignore_changes"),
        },
    ],
    // `Ref` gives the zone id (`Z...`); the ARN is built from it (no `Arn` attribute).
    attributes: &[
        AttrSpec {
            attr: Attr::Id,
            cfn: CfnAttr::Ref,
            tf: TfAttr::Attr("zone_id"),
        },
        AttrSpec {
            attr: Attr::Arn,
            cfn: CfnAttr::Sub("arn:${AWS::Partition}:route53:::hostedzone/${}"),
            tf: TfAttr::Attr("arn"),
        },
    ],
    cfn_form: CfnForm::Resource,
    stage: Stage::Base,
};

static RECORD: KindSpec = resource(
    "AWS::Route53::RecordSet",
    "aws_route53_record",
    "Record",
    false,
    &[
        named("zone_id", "HostedZoneId", "zone_id"),
        both("name", "Name"),
        both("type", "Type"),
        named("ttl", "TTL", "ttl"),
        named("records", "ResourceRecords", "records"),
        named("alias", "AliasTarget", "alias"),
    ],
    &[],
);

/// `zone_id`, `vpc_id`, `vpc_region`: a cross-account zone association or its authorization.
const ZONE_LINK: &[PropSpec] = &[
    tf_only("zone_id"),
    tf_only("vpc_id"),
    tf_only("vpc_region"),
    PropSpec {
        key: "refusal",
        cfn: None,
        tf: None,
    },
];

static ZONE_AUTHORIZATION: KindSpec = KindSpec {
    cfn_type: "",
    tf_type: "aws_route53_vpc_association_authorization",
    cfn_suffix: "ZoneAuthorization",
    taggable: false,
    cfn_tags: "Tags",
    properties: ZONE_LINK,
    attributes: &[],
    cfn_form: CfnForm::Refused {
        message: Some("refusal"),
    },
    stage: Stage::Base,
};

static ZONE_ASSOCIATION: KindSpec = KindSpec {
    cfn_type: "",
    tf_type: "aws_route53_zone_association",
    cfn_suffix: "ZoneAssociation",
    taggable: false,
    cfn_tags: "Tags",
    properties: ZONE_LINK,
    attributes: &[],
    cfn_form: CfnForm::Refused { message: None },
    stage: Stage::Base,
};

static PROFILE: KindSpec = resource(
    "AWS::Route53Profiles::Profile",
    "aws_route53profiles_profile",
    "Profile",
    true,
    &[both("name", "Name")],
    ID_AND_ARN,
);

static PROFILE_ASSOCIATION: KindSpec = resource(
    "AWS::Route53Profiles::ProfileAssociation",
    "aws_route53profiles_association",
    "ProfileAssociation",
    true,
    &[
        both("name", "Name"),
        both("profile_id", "ProfileId"),
        both("resource_id", "ResourceId"),
    ],
    &[],
);

static PROFILE_RESOURCE: KindSpec = resource(
    "AWS::Route53Profiles::ProfileResourceAssociation",
    "aws_route53profiles_resource_association",
    "ProfileResource",
    false,
    &[
        both("name", "Name"),
        both("profile_id", "ProfileId"),
        both("resource_arn", "ResourceArn"),
        both("resource_properties", "ResourceProperties"),
    ],
    &[],
);

static DOMAIN_LIST: KindSpec = resource(
    "AWS::Route53Resolver::FirewallDomainList",
    "aws_route53_resolver_firewall_domain_list",
    "DomainList",
    true,
    &[both("name", "Name"), both("domains", "Domains")],
    ID_ONLY,
);

static DNS_RULE_GROUP: KindSpec = resource(
    "AWS::Route53Resolver::FirewallRuleGroup",
    "aws_route53_resolver_firewall_rule_group",
    "DnsRuleGroup",
    true,
    &[both("name", "Name")],
    ID_AND_ARN,
);

static DNS_RULE: KindSpec = KindSpec {
    cfn_type: "",
    tf_type: "aws_route53_resolver_firewall_rule",
    cfn_suffix: "DnsRule",
    taggable: false,
    cfn_tags: "Tags",
    properties: &[
        tf_only("firewall_rule_group_id"),
        tf_only("name"),
        both("priority", "Priority"),
        both("action", "Action"),
        both("firewall_domain_list_id", "FirewallDomainListId"),
        both("block_response", "BlockResponse"),
        both("block_override_dns_type", "BlockOverrideDnsType"),
        both("block_override_domain", "BlockOverrideDomain"),
        both("block_override_ttl", "BlockOverrideTtl"),
    ],
    attributes: &[],
    cfn_form: CfnForm::Object {
        parent: "firewall_rule_group_id",
        list: "FirewallRules",
    },
    stage: Stage::Base,
};

static DNS_FIREWALL_ASSOCIATION: KindSpec = resource(
    "AWS::Route53Resolver::FirewallRuleGroupAssociation",
    "aws_route53_resolver_firewall_rule_group_association",
    "DnsFirewallAssociation",
    true,
    &[
        both("name", "Name"),
        both("firewall_rule_group_id", "FirewallRuleGroupId"),
        both("vpc_id", "VpcId"),
        both("priority", "Priority"),
    ],
    &[],
);

static QUERY_LOG_CONFIG: KindSpec = resource(
    "AWS::Route53Resolver::ResolverQueryLoggingConfig",
    "aws_route53_resolver_query_log_config",
    "QueryLogConfig",
    true,
    &[
        both("name", "Name"),
        both("destination_arn", "DestinationArn"),
    ],
    ID_AND_ARN,
);

static QUERY_LOG_ASSOCIATION: KindSpec = resource(
    "AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation",
    "aws_route53_resolver_query_log_config_association",
    "QueryLogAssociation",
    false,
    &[
        named(
            "resolver_query_log_config_id",
            "ResolverQueryLogConfigId",
            "resolver_query_log_config_id",
        ),
        both("resource_id", "ResourceId"),
    ],
    &[],
);

/// The entry of a DNS kind; `None` for the others.
pub(super) fn spec(kind: Kind) -> Option<&'static KindSpec> {
    Some(match kind {
        Kind::SecurityGroup => &SECURITY_GROUP,
        Kind::SgIngress => &SG_INGRESS,
        Kind::SgEgress => &SG_EGRESS,
        Kind::ResolverEndpoint => &RESOLVER_ENDPOINT,
        Kind::ResolverRule => &RESOLVER_RULE,
        Kind::RuleAssociation => &RULE_ASSOCIATION,
        Kind::HostedZone => &HOSTED_ZONE,
        Kind::Record => &RECORD,
        Kind::ZoneAuthorization => &ZONE_AUTHORIZATION,
        Kind::ZoneAssociation => &ZONE_ASSOCIATION,
        Kind::Profile => &PROFILE,
        Kind::ProfileAssociation => &PROFILE_ASSOCIATION,
        Kind::ProfileResource => &PROFILE_RESOURCE,
        Kind::DomainList => &DOMAIN_LIST,
        Kind::DnsRuleGroup => &DNS_RULE_GROUP,
        Kind::DnsRule => &DNS_RULE,
        Kind::DnsFirewallAssociation => &DNS_FIREWALL_ASSOCIATION,
        Kind::QueryLogConfig => &QUERY_LOG_CONFIG,
        Kind::QueryLogAssociation => &QUERY_LOG_ASSOCIATION,
        _ => return None,
    })
}
