//! The resource type table: for each kind of resource netform emits, its CloudFormation and
//! Terraform types, and how each neutral property and attribute is spelled in each target.
//! Data, not code (after troposphere): the renderers only look things up here.
//!
//! Every name was checked against the resource schemas: CloudFormation's registry schemas
//! (as shipped with cfn-lint 1.58.0, and the "AWS resource and property types reference") and
//! the hashicorp/aws 6.66.0 provider schema (`../shared/validators/aws_tf_schema.json`; the
//! test suite keeps the subset it needs in `tests/data/aws_tf_schema_subset.json`).

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
}

/// An attribute of a resource that another resource or an output refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Attr {
    /// The resource's id (`vpc-...`, `subnet-...`).
    Id,
    /// An Elastic IP's allocation id (`eipalloc-...`).
    AllocationId,
}

/// How CloudFormation reads an attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CfnAttr {
    /// `{"Ref": "LogicalId"}`.
    Ref,
    /// `{"Fn::GetAtt": ["LogicalId", "Name"]}`.
    GetAtt(&'static str),
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
    /// The Terraform attribute name.
    pub tf: &'static str,
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
    /// Whether the resource takes tags (`Tags` / `tags`).
    pub taggable: bool,
    /// The properties.
    pub properties: &'static [PropSpec],
    /// The attributes others may refer to.
    pub attributes: &'static [AttrSpec],
}

const fn both(key: &'static str, cfn: &'static str) -> PropSpec {
    PropSpec {
        key,
        cfn: Some(cfn),
        tf: Some(key),
    }
}

const ID_REF: &[AttrSpec] = &[AttrSpec {
    attr: Attr::Id,
    cfn: CfnAttr::Ref,
    tf: "id",
}];

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
    ];

    /// The kind's entry in the table.
    pub fn spec(self) -> &'static KindSpec {
        match self {
            Kind::Vpc => {
                static SPEC: KindSpec = KindSpec {
                    cfn_type: "AWS::EC2::VPC",
                    tf_type: "aws_vpc",
                    cfn_suffix: "Vpc",
                    taggable: true,
                    properties: &[
                        both("cidr_block", "CidrBlock"),
                        both("enable_dns_support", "EnableDnsSupport"),
                        both("enable_dns_hostnames", "EnableDnsHostnames"),
                    ],
                    attributes: ID_REF,
                };
                &SPEC
            }
            Kind::Subnet => {
                static SPEC: KindSpec = KindSpec {
                    cfn_type: "AWS::EC2::Subnet",
                    tf_type: "aws_subnet",
                    cfn_suffix: "Subnet",
                    taggable: true,
                    properties: &[
                        both("vpc_id", "VpcId"),
                        both("cidr_block", "CidrBlock"),
                        both("availability_zone", "AvailabilityZone"),
                        both("map_public_ip_on_launch", "MapPublicIpOnLaunch"),
                    ],
                    attributes: ID_REF,
                };
                &SPEC
            }
            Kind::InternetGateway => {
                static SPEC: KindSpec = KindSpec {
                    cfn_type: "AWS::EC2::InternetGateway",
                    tf_type: "aws_internet_gateway",
                    cfn_suffix: "InternetGateway",
                    taggable: true,
                    properties: &[],
                    attributes: ID_REF,
                };
                &SPEC
            }
            Kind::InternetGatewayAttachment => {
                static SPEC: KindSpec = KindSpec {
                    cfn_type: "AWS::EC2::VPCGatewayAttachment",
                    tf_type: "aws_internet_gateway_attachment",
                    cfn_suffix: "InternetGatewayAttachment",
                    taggable: false,
                    properties: &[
                        both("vpc_id", "VpcId"),
                        both("internet_gateway_id", "InternetGatewayId"),
                    ],
                    attributes: &[],
                };
                &SPEC
            }
            Kind::Eip => {
                static SPEC: KindSpec = KindSpec {
                    cfn_type: "AWS::EC2::EIP",
                    tf_type: "aws_eip",
                    cfn_suffix: "Eip",
                    taggable: true,
                    properties: &[both("domain", "Domain")],
                    attributes: &[AttrSpec {
                        attr: Attr::AllocationId,
                        cfn: CfnAttr::GetAtt("AllocationId"),
                        tf: "allocation_id",
                    }],
                };
                &SPEC
            }
            Kind::NatGateway => {
                static SPEC: KindSpec = KindSpec {
                    cfn_type: "AWS::EC2::NatGateway",
                    tf_type: "aws_nat_gateway",
                    cfn_suffix: "NatGateway",
                    taggable: true,
                    properties: &[
                        both("allocation_id", "AllocationId"),
                        both("subnet_id", "SubnetId"),
                    ],
                    attributes: ID_REF,
                };
                &SPEC
            }
            Kind::RouteTable => {
                static SPEC: KindSpec = KindSpec {
                    cfn_type: "AWS::EC2::RouteTable",
                    tf_type: "aws_route_table",
                    cfn_suffix: "RouteTable",
                    taggable: true,
                    properties: &[both("vpc_id", "VpcId")],
                    attributes: ID_REF,
                };
                &SPEC
            }
            Kind::Route => {
                static SPEC: KindSpec = KindSpec {
                    cfn_type: "AWS::EC2::Route",
                    tf_type: "aws_route",
                    cfn_suffix: "Route",
                    taggable: false,
                    properties: &[
                        both("route_table_id", "RouteTableId"),
                        both("destination_cidr_block", "DestinationCidrBlock"),
                        both("gateway_id", "GatewayId"),
                        both("nat_gateway_id", "NatGatewayId"),
                    ],
                    attributes: &[],
                };
                &SPEC
            }
            Kind::RouteTableAssociation => {
                static SPEC: KindSpec = KindSpec {
                    cfn_type: "AWS::EC2::SubnetRouteTableAssociation",
                    tf_type: "aws_route_table_association",
                    cfn_suffix: "RouteTableAssociation",
                    taggable: false,
                    properties: &[
                        both("subnet_id", "SubnetId"),
                        both("route_table_id", "RouteTableId"),
                    ],
                    attributes: &[],
                };
                &SPEC
            }
            Kind::FlowLog => {
                static SPEC: KindSpec = KindSpec {
                    cfn_type: "AWS::EC2::FlowLog",
                    tf_type: "aws_flow_log",
                    cfn_suffix: "FlowLog",
                    taggable: true,
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
                };
                &SPEC
            }
        }
    }

    /// How a target spells a neutral property key; `None` if the key is not in the table.
    pub fn property(self, key: &str) -> Option<&'static PropSpec> {
        self.spec().properties.iter().find(|p| p.key == key)
    }

    /// How a target reads an attribute; `None` if this kind does not expose it.
    pub fn attribute(self, attr: Attr) -> Option<&'static AttrSpec> {
        self.spec().attributes.iter().find(|a| a.attr == attr)
    }
}
