//! The edge part of the resource type table: VPC Block Public Access.
//!
//! Checked against the CloudFormation registry schemas shipped with cfn-lint 1.58.0 and the
//! hashicorp/aws 6.66.0 provider schema, as the rest of the table:
//! - `AWS::EC2::VPCBlockPublicAccessOptions` takes only `InternetGatewayBlockMode`
//!   (`block-bidirectional` | `block-ingress`) and no tags; `aws_vpc_block_public_access_options`
//!   takes `internet_gateway_block_mode` and no tags either.
//! - `AWS::EC2::VPCBlockPublicAccessExclusion` takes `InternetGatewayExclusionMode` and one of
//!   `VpcId` or `SubnetId` (the schema's `oneOf`), and tags;
//!   `aws_vpc_block_public_access_exclusion` the same as `internet_gateway_exclusion_mode`,
//!   `vpc_id`, `subnet_id` and `tags`.

use super::{both, resource, Kind, KindSpec};

static BPA_OPTIONS: KindSpec = resource(
    "AWS::EC2::VPCBlockPublicAccessOptions",
    "aws_vpc_block_public_access_options",
    "BlockPublicAccess",
    false,
    &[both(
        "internet_gateway_block_mode",
        "InternetGatewayBlockMode",
    )],
    &[],
);

static BPA_EXCLUSION: KindSpec = resource(
    "AWS::EC2::VPCBlockPublicAccessExclusion",
    "aws_vpc_block_public_access_exclusion",
    "BpaExclusion",
    true,
    &[
        both(
            "internet_gateway_exclusion_mode",
            "InternetGatewayExclusionMode",
        ),
        both("vpc_id", "VpcId"),
        both("subnet_id", "SubnetId"),
    ],
    &[],
);

/// The spec of an edge kind; `None` for other kinds.
pub(super) fn spec(kind: Kind) -> Option<&'static KindSpec> {
    Some(match kind {
        Kind::BpaOptions => &BPA_OPTIONS,
        Kind::BpaExclusion => &BPA_EXCLUSION,
        _ => return None,
    })
}
