//! The IP address management part of the resource type table: the IPAM, its pools and their
//! provisioned CIDRs, a VPC's IPv6 block and the egress-only internet gateway.
//!
//! Checked against the CloudFormation registry schemas shipped with cfn-lint 1.58.0 and the
//! hashicorp/aws 6.66.0 provider schema, as the rest of the table. Where the two differ:
//! - Terraform provisions a pool's CIDR with its own resource (`aws_vpc_ipam_pool_cidr`);
//!   CloudFormation lists a pinned CIDR in the pool's `ProvisionedCidrs` (whose `Cidr` takes
//!   IPv4 and IPv6, where `AWS::EC2::IPAMPoolCidr`'s `Cidr` is IPv4 only) and asks Amazon for
//!   an IPv6 netmask with `AWS::EC2::IPAMPoolCidr`.
//! - Allocation tags are a list of `{Key, Value}` in CloudFormation, a map in Terraform.
//! - `AWS::EC2::VPCCidrBlock` returns no block: the VPC's `Ipv6CidrBlocks` does, after it.

use super::{
    both, named, resource, Attr, AttrSpec, CfnAttr, CfnForm, Kind, KindSpec, PropSpec, Stage,
    TfAttr,
};

static IPAM: KindSpec = resource(
    "AWS::EC2::IPAM",
    "aws_vpc_ipam",
    "Ipam",
    true,
    &[
        both("description", "Description"),
        // Pools with a locale other than the home region need the Advanced tier: "in the
        // Free Tier, you can only choose the locale that matches the home Region of your
        // IPAM" (IPAM User Guide, "Create a Regional IPv4 pool").
        both("tier", "Tier"),
        // `operating_regions { region_name = ... }` / `OperatingRegions: [{RegionName}]`.
        both("operating_regions", "OperatingRegions"),
    ],
    &[
        AttrSpec {
            attr: Attr::Id,
            cfn: CfnAttr::Ref,
            tf: TfAttr::Attr("id"),
        },
        AttrSpec {
            attr: Attr::PrivateScope,
            cfn: CfnAttr::GetAtt("PrivateDefaultScopeId"),
            tf: TfAttr::Attr("private_default_scope_id"),
        },
        AttrSpec {
            attr: Attr::PublicScope,
            cfn: CfnAttr::GetAtt("PublicDefaultScopeId"),
            tf: TfAttr::Attr("public_default_scope_id"),
        },
    ],
);

static IPAM_POOL: KindSpec = resource(
    "AWS::EC2::IPAMPool",
    "aws_vpc_ipam_pool",
    "IpamPool",
    true,
    &[
        both("ipam_scope_id", "IpamScopeId"),
        both("address_family", "AddressFamily"),
        both("source_ipam_pool_id", "SourceIpamPoolId"),
        both("locale", "Locale"),
        both("description", "Description"),
        both("aws_service", "AwsService"),
        both("public_ip_source", "PublicIpSource"),
        both("publicly_advertisable", "PubliclyAdvertisable"),
        both("auto_import", "AutoImport"),
        both(
            "allocation_min_netmask_length",
            "AllocationMinNetmaskLength",
        ),
        both(
            "allocation_max_netmask_length",
            "AllocationMaxNetmaskLength",
        ),
        both(
            "allocation_default_netmask_length",
            "AllocationDefaultNetmaskLength",
        ),
        both("allocation_resource_tags", "AllocationResourceTags"),
    ],
    &[
        AttrSpec {
            attr: Attr::Id,
            cfn: CfnAttr::Ref,
            tf: TfAttr::Attr("id"),
        },
        AttrSpec {
            attr: Attr::Arn,
            cfn: CfnAttr::GetAtt("Arn"),
            tf: TfAttr::Attr("arn"),
        },
    ],
);

/// A pinned CIDR provisioned to a pool.
static IPAM_POOL_CIDR: KindSpec = KindSpec {
    cfn_type: "",
    tf_type: "aws_vpc_ipam_pool_cidr",
    cfn_suffix: "PoolCidr",
    taggable: false,
    cfn_tags: "Tags",
    properties: &[
        PropSpec {
            key: "ipam_pool_id",
            cfn: None,
            tf: Some("ipam_pool_id"),
        },
        named("cidr", "Cidr", "cidr"),
    ],
    attributes: &[],
    cfn_form: CfnForm::Object {
        parent: "ipam_pool_id",
        list: "ProvisionedCidrs",
    },
    stage: Stage::Base,
};

/// An Amazon-provided IPv6 block of a netmask, provisioned to a public-scope pool.
static IPAM_POOL_NETMASK: KindSpec = resource(
    "AWS::EC2::IPAMPoolCidr",
    "aws_vpc_ipam_pool_cidr",
    "PoolNetmask",
    false,
    &[
        both("ipam_pool_id", "IpamPoolId"),
        both("netmask_length", "NetmaskLength"),
    ],
    &[],
);

static VPC_IPV6_BLOCK: KindSpec = resource(
    "AWS::EC2::VPCCidrBlock",
    "aws_vpc_ipv6_cidr_block_association",
    "Ipv6Block",
    false,
    &[
        both("vpc_id", "VpcId"),
        PropSpec {
            key: "amazon_provided",
            cfn: Some("AmazonProvidedIpv6CidrBlock"),
            tf: Some("assign_generated_ipv6_cidr_block"),
        },
        both("ipv6_ipam_pool_id", "Ipv6IpamPoolId"),
        both("ipv6_netmask_length", "Ipv6NetmaskLength"),
    ],
    &[AttrSpec {
        attr: Attr::Ipv6CidrBlock,
        cfn: CfnAttr::FirstOfVpc("Ipv6CidrBlocks"),
        tf: TfAttr::Attr("ipv6_cidr_block"),
    }],
);

static EGRESS_ONLY_IGW: KindSpec = resource(
    "AWS::EC2::EgressOnlyInternetGateway",
    "aws_egress_only_internet_gateway",
    "EgressOnlyIgw",
    true,
    &[both("vpc_id", "VpcId")],
    &[AttrSpec {
        attr: Attr::Id,
        cfn: CfnAttr::Ref,
        tf: TfAttr::Attr("id"),
    }],
);

/// The spec of an IP address management kind; `None` for other kinds.
pub(super) fn spec(kind: Kind) -> Option<&'static KindSpec> {
    Some(match kind {
        Kind::Ipam => &IPAM,
        Kind::IpamPool => &IPAM_POOL,
        Kind::IpamPoolCidr => &IPAM_POOL_CIDR,
        Kind::IpamPoolNetmask => &IPAM_POOL_NETMASK,
        Kind::VpcIpv6Block => &VPC_IPV6_BLOCK,
        Kind::EgressOnlyIgw => &EGRESS_ONLY_IGW,
        _ => return None,
    })
}
