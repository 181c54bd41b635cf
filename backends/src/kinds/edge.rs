//! The edge part of the resource type table: VPC Block Public Access and VPC Lattice service
//! networks.
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
//! - `AWS::VpcLattice::ServiceNetwork` returns its ARN from `Ref` (its primary identifier);
//!   `aws_vpclattice_service_network` exports `arn`. Associations and shares take the ARN,
//!   which a VPC in another account needs.
//!   `Name` is optional in CloudFormation and required in Terraform: netform always sets it.
//! - `AWS::VpcLattice::AuthPolicy` takes `ResourceIdentifier` and `Policy` (a JSON object),
//!   no tags; `aws_vpclattice_auth_policy` takes `resource_identifier` and `policy` (a JSON
//!   string).

use super::{both, resource, Attr, AttrSpec, CfnAttr, Kind, KindSpec, TfAttr};

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

static LATTICE_SERVICE_NETWORK: KindSpec = resource(
    "AWS::VpcLattice::ServiceNetwork",
    "aws_vpclattice_service_network",
    "ServiceNetwork",
    true,
    &[both("name", "Name"), both("auth_type", "AuthType")],
    &[AttrSpec {
        attr: Attr::Arn,
        cfn: CfnAttr::Ref,
        tf: TfAttr::Attr("arn"),
    }],
);

static LATTICE_AUTH_POLICY: KindSpec = resource(
    "AWS::VpcLattice::AuthPolicy",
    "aws_vpclattice_auth_policy",
    "AuthPolicy",
    false,
    &[
        both("resource_identifier", "ResourceIdentifier"),
        both("policy", "Policy"),
    ],
    &[],
);

static LATTICE_VPC_ASSOCIATION: KindSpec = resource(
    "AWS::VpcLattice::ServiceNetworkVpcAssociation",
    "aws_vpclattice_service_network_vpc_association",
    "LatticeAssociation",
    true,
    &[
        both("service_network_identifier", "ServiceNetworkIdentifier"),
        both("vpc_identifier", "VpcIdentifier"),
        both("security_group_ids", "SecurityGroupIds"),
    ],
    &[],
);

/// The spec of an edge kind; `None` for other kinds.
pub(super) fn spec(kind: Kind) -> Option<&'static KindSpec> {
    Some(match kind {
        Kind::BpaOptions => &BPA_OPTIONS,
        Kind::BpaExclusion => &BPA_EXCLUSION,
        Kind::LatticeServiceNetwork => &LATTICE_SERVICE_NETWORK,
        Kind::LatticeAuthPolicy => &LATTICE_AUTH_POLICY,
        Kind::LatticeVpcAssociation => &LATTICE_VPC_ASSOCIATION,
        _ => return None,
    })
}
