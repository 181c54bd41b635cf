//! Gateway VPC endpoints: S3 and DynamoDB reached from a VPC's subnets without an internet
//! path, through a route to the service's prefix list that AWS adds to the chosen route
//! tables. From the AWS PrivateLink guide, "Gateway endpoints": "Gateway VPC endpoints provide
//! reliable connectivity to Amazon S3 and DynamoDB without requiring an internet gateway or a
//! NAT device for your VPC", and "There is no additional charge for using gateway endpoints".
//! They are the only two services with gateway endpoints; every other service has interface
//! endpoints. A gateway endpoint serves only the route tables of its own VPC, so each VPC
//! that needs one has its own.
//!
//! Interface endpoints (AWS PrivateLink) put an interface in each AZ of a subnet group and can
//! serve other VPCs that reach them through the hub: the whitepaper "Building a Scalable and
//! Secure Multi-VPC AWS Network Infrastructure", "Centralized access to VPC private
//! endpoints", turns private DNS off on the central endpoint (its AWS-managed zone "only works
//! within the VPC that has the interface endpoint") and gives the other VPCs a private hosted
//! zone per service, named like the service, with an alias record to the endpoint. An
//! [`InterfaceEndpoint`] lists the VPCs it serves; the zones are ordinary
//! [`HostedZone`](crate::HostedZone)s whose records alias it ([`EndpointAlias`]).

use serde::{Deserialize, Serialize};

/// The services that have gateway endpoints, by the last part of their service name
/// (`com.amazonaws.<region>.s3`).
pub const GATEWAY_SERVICES: &[&str] = &["s3", "dynamodb"];

/// A gateway endpoint of a VPC.
///
/// ```
/// use netform_dsl::GatewayEndpoint;
///
/// let s3 = GatewayEndpoint::new("s3").subnet_groups(["app"]);
/// assert_eq!(s3.service, "s3");
/// assert_eq!(s3.subnet_groups, ["app"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GatewayEndpoint {
    /// The service: `s3` or `dynamodb` ([`GATEWAY_SERVICES`]).
    pub service: String,
    /// The subnet groups whose route tables get the service's route; empty: every group.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subnet_groups: Vec<String>,
    /// The endpoint policy, an IAM policy document; none: AWS's default, full access.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<serde_json::Value>,
}

impl GatewayEndpoint {
    /// A gateway endpoint for `service` on every route table of the VPC, with full access.
    pub fn new(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
            subnet_groups: Vec::new(),
            policy: None,
        }
    }

    /// Routes only these subnet groups' route tables through the endpoint.
    #[must_use]
    pub fn subnet_groups<I, S>(mut self, groups: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.subnet_groups = groups.into_iter().map(Into::into).collect();
        self
    }

    /// Sets the endpoint policy (an IAM policy document, such as one that allows only the
    /// organization's buckets).
    #[must_use]
    pub fn policy(mut self, policy: serde_json::Value) -> Self {
        self.policy = Some(policy);
        self
    }
}

impl From<&str> for GatewayEndpoint {
    fn from(service: &str) -> Self {
        GatewayEndpoint::new(service)
    }
}

/// Services whose clients also use names below the service's name, which the service's zone
/// answers with a wildcard alias: S3 (`bucket.s3.<region>.amazonaws.com`; without the
/// wildcard "DNS lookups to Amazon S3 buckets in the region will fail",
/// aws-samples/aws-secure-environment-accelerator #1108).
pub const WILDCARD_SERVICES: &[&str] = &["s3"];

/// Whether `service` can be the last part of an AWS service name
/// (`com.amazonaws.<region>.<service>`): lowercase letters, digits and `-`, in parts joined by
/// `.` (`ssm`, `ecr.api`).
pub fn is_service_name(service: &str) -> bool {
    !service.is_empty()
        && service.split('.').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        })
}

/// The DNS name of an AWS service in a region, which its endpoint's private DNS (or a
/// central zone) answers: `<service>.<region>.amazonaws.com`.
pub fn service_domain(service: &str, region: &str) -> String {
    format!("{service}.{region}.amazonaws.com")
}

/// An interface endpoint of a VPC: an interface in each AZ of a subnet group, behind a
/// security group that allows HTTPS from the VPC and from `allow_from`.
///
/// ```
/// use netform_dsl::InterfaceEndpoint;
///
/// let ssm = InterfaceEndpoint::new("ssm", "endpoints")
///     .allow_from(["10.0.0.0/8"])
///     .serves(["spoke-1", "spoke-2"]);
/// assert!(!ssm.private_dns);
/// assert_eq!(ssm.serves.len(), 2);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InterfaceEndpoint {
    /// The service, the last part of its name: `ssm` for `com.amazonaws.<region>.ssm`.
    pub service: String,
    /// The subnet group whose subnets hold the endpoint's interfaces, one per AZ.
    pub subnet_group: String,
    /// Private DNS: AWS answers the service's name with the endpoint inside this VPC only.
    /// Off for an endpoint other VPCs use through a zone of their own.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub private_dns: bool,
    /// Ranges allowed to reach the endpoint on TCP 443, besides the VPC's own CIDR.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow_from: Vec<String>,
    /// Other VPCs of the region that use the endpoint through the hub; each must have a
    /// private hosted zone for the service that aliases the endpoint.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub serves: Vec<String>,
    /// The endpoint policy, an IAM policy document; none: AWS's default, full access.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<serde_json::Value>,
}

impl InterfaceEndpoint {
    /// An endpoint for `service` in the subnets of `subnet_group`, private DNS off, reachable
    /// from its own VPC only.
    pub fn new(service: impl Into<String>, subnet_group: impl Into<String>) -> Self {
        Self {
            service: service.into(),
            subnet_group: subnet_group.into(),
            private_dns: false,
            allow_from: Vec::new(),
            serves: Vec::new(),
            policy: None,
        }
    }

    /// Turns private DNS on (for an endpoint only its own VPC uses).
    #[must_use]
    pub fn private_dns(mut self) -> Self {
        self.private_dns = true;
        self
    }

    /// Allows these ranges to reach the endpoint on TCP 443.
    #[must_use]
    pub fn allow_from<I, S>(mut self, cidrs: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.allow_from.extend(cidrs.into_iter().map(Into::into));
        self
    }

    /// Declares the other VPCs that use the endpoint.
    #[must_use]
    pub fn serves<I, S>(mut self, vpcs: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.serves.extend(vpcs.into_iter().map(Into::into));
        self
    }

    /// Sets the endpoint policy (an IAM policy document).
    #[must_use]
    pub fn policy(mut self, policy: serde_json::Value) -> Self {
        self.policy = Some(policy);
        self
    }
}

/// The target of an alias record: the interface endpoint for `service` in VPC `vpc`. The
/// record answers with the endpoint's regional DNS name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndpointAlias {
    /// The VPC that has the endpoint.
    pub vpc: String,
    /// The endpoint's service.
    pub service: String,
}
