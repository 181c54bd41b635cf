//! The hybrid part of the resource type table: Site-to-Site VPN (customer gateways,
//! connections, Cloud WAN VPN attachments) and Direct Connect gateways (Transit Gateway
//! associations, Cloud WAN attachments).
//!
//! Checked against the CloudFormation registry schemas shipped with cfn-lint 1.58.0 and the
//! hashicorp/aws 6.66.0 provider schema, as the rest of the table:
//! - `AWS::EC2::CustomerGateway` takes `Type` (`ipsec.1`), `IpAddress`, `BgpAsn` (to
//!   2,147,483,647) or `BgpAsnExtended` (from 2,147,483,648; "You must specify either BgpAsn or
//!   BgpAsnExtended"), `DeviceName` and tags, and returns no ARN; `aws_customer_gateway` takes
//!   `type`, `ip_address`, `bgp_asn` or `bgp_asn_extended`, `device_name` and `tags`.
//! - `AWS::EC2::VPNConnection` takes `Type`, `CustomerGatewayId`, `TransitGatewayId` (none for
//!   a Cloud WAN attachment), `StaticRoutesOnly`, `EnableAcceleration` and
//!   `VpnTunnelOptionsSpecifications`, a list of one object per tunnel (`TunnelInsideCidr`,
//!   `PreSharedKey`); `aws_vpn_connection` spells the tunnels flat (`tunnel1_inside_cidr`,
//!   `tunnel1_preshared_key`, ...). `Ref` gives the connection id; CloudFormation returns
//!   neither its ARN (built with `Fn::Sub`) nor its Transit Gateway attachment
//!   (cloudformation-coverage-roadmap #183: netform looks it up between stacks, see
//!   [`CfnAttr::Lookup`]); Terraform exports `arn` and `transit_gateway_attachment_id`.
//! - `AWS::NetworkManager::SiteToSiteVpnAttachment` takes `CoreNetworkId`, `VpnConnectionArn`
//!   and tags; `aws_networkmanager_site_to_site_vpn_attachment` the same as
//!   `core_network_id`, `vpn_connection_arn` and `tags`.
//! - `AWS::DirectConnect::DirectConnectGateway` takes `DirectConnectGatewayName`,
//!   `AmazonSideAsn` (a string) and tags, and `Ref` gives its ARN (the primary identifier);
//!   `Fn::GetAtt DirectConnectGatewayId` the id. `aws_dx_gateway` takes `name`,
//!   `amazon_side_asn` (required there) and `tags`, and exports `id` and `arn`.
//! - `AWS::DirectConnect::DirectConnectGatewayAssociation` takes `DirectConnectGatewayId`,
//!   `AssociatedGatewayId` and `AllowedPrefixesToDirectConnectGateway` ("required when you
//!   create an association to a transit gateway"), no tags, and returns only its
//!   `AssociationId`: the Transit Gateway attachment is looked up, as a VPN's.
//!   `aws_dx_gateway_association` takes `dx_gateway_id`, `associated_gateway_id`,
//!   `allowed_prefixes` and exports `transit_gateway_attachment_id`.
//! - `AWS::NetworkManager::DirectConnectGatewayAttachment` takes `CoreNetworkId`,
//!   `DirectConnectGatewayArn`, `EdgeLocations` and tags;
//!   `aws_networkmanager_dx_gateway_attachment` the same as `core_network_id`,
//!   `direct_connect_gateway_arn`, `edge_locations` and `tags`.

use super::{
    both, cfn_only, resource, tf_only, Attr, AttrSpec, CfnAttr, Kind, KindSpec, PropSpec, TfAttr,
    ID, ID_REF,
};

static CUSTOMER_GATEWAY: KindSpec = resource(
    "AWS::EC2::CustomerGateway",
    "aws_customer_gateway",
    "CustomerGateway",
    true,
    &[
        both("type", "Type"),
        both("ip_address", "IpAddress"),
        both("bgp_asn", "BgpAsn"),
        both("bgp_asn_extended", "BgpAsnExtended"),
        both("device_name", "DeviceName"),
    ],
    ID_REF,
);

static VPN_CONNECTION: KindSpec = resource(
    "AWS::EC2::VPNConnection",
    "aws_vpn_connection",
    "VpnConnection",
    true,
    &[
        both("type", "Type"),
        both("customer_gateway_id", "CustomerGatewayId"),
        both("transit_gateway_id", "TransitGatewayId"),
        both("static_routes_only", "StaticRoutesOnly"),
        both("enable_acceleration", "EnableAcceleration"),
        // One object per tunnel in CloudFormation, flat arguments in Terraform.
        cfn_only("tunnel_options", "VpnTunnelOptionsSpecifications"),
        tf_only("tunnel1_inside_cidr"),
        tf_only("tunnel2_inside_cidr"),
        tf_only("tunnel1_preshared_key"),
        tf_only("tunnel2_preshared_key"),
    ],
    &[
        ID,
        AttrSpec {
            attr: Attr::Arn,
            cfn: CfnAttr::Sub("arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:vpn-connection/${}"),
            tf: TfAttr::Attr("arn"),
        },
        AttrSpec {
            attr: Attr::TgwAttachment,
            cfn: CfnAttr::Lookup(
                "aws ec2 describe-transit-gateway-attachments --region {region} --filters Name=resource-type,Values=vpn Name=resource-id,Values=<{output}> --query 'TransitGatewayAttachments[0].TransitGatewayAttachmentId' --output text",
            ),
            tf: TfAttr::Attr("transit_gateway_attachment_id"),
        },
    ],
);

static CW_VPN_ATTACHMENT: KindSpec = resource(
    "AWS::NetworkManager::SiteToSiteVpnAttachment",
    "aws_networkmanager_site_to_site_vpn_attachment",
    "CwVpnAttachment",
    true,
    &[
        both("core_network_id", "CoreNetworkId"),
        both("vpn_connection_arn", "VpnConnectionArn"),
    ],
    ID_REF,
);

static DX_GATEWAY: KindSpec = resource(
    "AWS::DirectConnect::DirectConnectGateway",
    "aws_dx_gateway",
    "DxGateway",
    true,
    &[
        PropSpec {
            key: "name",
            cfn: Some("DirectConnectGatewayName"),
            tf: Some("name"),
        },
        both("amazon_side_asn", "AmazonSideAsn"),
    ],
    &[
        AttrSpec {
            attr: Attr::Arn,
            cfn: CfnAttr::Ref,
            tf: TfAttr::Attr("arn"),
        },
        AttrSpec {
            attr: Attr::Id,
            cfn: CfnAttr::GetAtt("DirectConnectGatewayId"),
            tf: TfAttr::Attr("id"),
        },
    ],
);

static DX_ASSOCIATION: KindSpec = resource(
    "AWS::DirectConnect::DirectConnectGatewayAssociation",
    "aws_dx_gateway_association",
    "DxAssociation",
    false,
    &[
        PropSpec {
            key: "dx_gateway_id",
            cfn: Some("DirectConnectGatewayId"),
            tf: Some("dx_gateway_id"),
        },
        both("associated_gateway_id", "AssociatedGatewayId"),
        PropSpec {
            key: "allowed_prefixes",
            cfn: Some("AllowedPrefixesToDirectConnectGateway"),
            tf: Some("allowed_prefixes"),
        },
    ],
    &[
        AttrSpec {
            attr: Attr::Id,
            cfn: CfnAttr::Ref,
            tf: TfAttr::Attr("dx_gateway_association_id"),
        },
        AttrSpec {
            attr: Attr::TgwAttachment,
            // The attachment of the Direct Connect gateway on the association's Transit
            // Gateway, found by the gateway's id (one association per region: NF1017).
            cfn: CfnAttr::Lookup(
                "aws ec2 describe-transit-gateway-attachments --region {region} --filters Name=resource-type,Values=direct-connect-gateway Name=resource-id,Values=$(aws directconnect describe-direct-connect-gateway-associations --association-id <{output}> --query 'directConnectGatewayAssociations[0].directConnectGatewayId' --output text) --query 'TransitGatewayAttachments[0].TransitGatewayAttachmentId' --output text",
            ),
            tf: TfAttr::Attr("transit_gateway_attachment_id"),
        },
    ],
);

static CW_DX_ATTACHMENT: KindSpec = resource(
    "AWS::NetworkManager::DirectConnectGatewayAttachment",
    "aws_networkmanager_dx_gateway_attachment",
    "CwDxAttachment",
    true,
    &[
        both("core_network_id", "CoreNetworkId"),
        PropSpec {
            key: "direct_connect_gateway_arn",
            cfn: Some("DirectConnectGatewayArn"),
            tf: Some("direct_connect_gateway_arn"),
        },
        both("edge_locations", "EdgeLocations"),
    ],
    ID_REF,
);

/// The spec of a hybrid kind, if `kind` is one.
pub(super) fn spec(kind: Kind) -> Option<&'static KindSpec> {
    Some(match kind {
        Kind::CustomerGateway => &CUSTOMER_GATEWAY,
        Kind::VpnConnection => &VPN_CONNECTION,
        Kind::CwVpnAttachment => &CW_VPN_ATTACHMENT,
        Kind::DxGateway => &DX_GATEWAY,
        Kind::DxAssociation => &DX_ASSOCIATION,
        Kind::CwDxAttachment => &CW_DX_ATTACHMENT,
        _ => return None,
    })
}
