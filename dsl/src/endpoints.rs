//! Gateway VPC endpoints: S3 and DynamoDB reached from a VPC's subnets without an internet
//! path, through a route to the service's prefix list that AWS adds to the chosen route
//! tables. From the AWS PrivateLink guide, "Gateway endpoints": "Gateway VPC endpoints provide
//! reliable connectivity to Amazon S3 and DynamoDB without requiring an internet gateway or a
//! NAT device for your VPC", and "There is no additional charge for using gateway endpoints".
//! They are the only two services with gateway endpoints; every other service has interface
//! endpoints. A gateway endpoint serves only the route tables of its own VPC, so each VPC
//! that needs one has its own.

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
