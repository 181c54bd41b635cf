//! VPC Lattice service networks: application networking across VPCs and accounts without
//! routing between them. A service network lives in one account and region; VPCs of that
//! region associate with it (through a security group that says which clients in the VPC may
//! reach it) and RAM shares it with the accounts whose VPCs associate. Services and target
//! groups stay with the application teams: netform builds the network they plug into.
//!
//! From "Service networks in VPC Lattice" (VPC Lattice User Guide): "You can connect a VPC to
//! only one service network through an association". From "Quotas for Amazon VPC Lattice":
//! "Security groups per association: 5" (not adjustable).

use serde::{Deserialize, Serialize};

/// Who may call the services of a service network.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LatticeAuth {
    /// `NONE`: no authentication; the association's security group is the control.
    #[default]
    None,
    /// `AWS_IAM`: requests are signed and checked against the auth policy, which is required
    /// (without one every request is denied).
    AwsIam,
}

impl LatticeAuth {
    /// The value AWS takes (`AuthType`).
    pub fn as_str(self) -> &'static str {
        match self {
            LatticeAuth::None => "NONE",
            LatticeAuth::AwsIam => "AWS_IAM",
        }
    }
}

/// A VPC associated with a service network, and the TCP ports its clients may use to reach
/// the network's services (the association's security group allows them from the VPC's
/// CIDR).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LatticeVpc {
    /// The VPC's model name.
    pub vpc: String,
    /// TCP ports allowed from the VPC to the service network.
    pub ports: Vec<u16>,
}

/// A VPC Lattice service network.
///
/// ```
/// use netform_dsl::{LatticeAuth, ServiceNetwork};
///
/// let apps = ServiceNetwork::new("apps", "network", "us-east-1")
///     .auth(LatticeAuth::AwsIam)
///     .share_with(["workload-1"])
///     .associate("spoke-use1-1", [443]);
/// assert_eq!(apps.vpcs[0].ports, [443]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceNetwork {
    /// Its name: 3 to 63 of a-z, 0-9 and hyphens, no hyphen first, last or doubled, not
    /// starting with `servicenetwork-` (the CloudFormation schema's pattern).
    pub name: String,
    /// The account alias that owns it.
    pub account: String,
    /// Its region: only VPCs of this region can associate.
    pub region: String,
    /// The auth type.
    #[serde(default)]
    pub auth: LatticeAuth,
    /// The auth policy (an IAM policy document), for [`LatticeAuth::AwsIam`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_policy: Option<serde_json::Value>,
    /// RAM principals it is shared with: account aliases, ids, OU or organization ARNs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub share_with: Vec<String>,
    /// The associated VPCs.
    #[serde(default)]
    pub vpcs: Vec<LatticeVpc>,
}

impl ServiceNetwork {
    /// A service network with no authentication, shared with nobody, with no VPCs.
    pub fn new(
        name: impl Into<String>,
        account: impl Into<String>,
        region: impl Into<String>,
    ) -> Self {
        Self {
            name: name.into(),
            account: account.into(),
            region: region.into(),
            auth: LatticeAuth::None,
            auth_policy: None,
            share_with: Vec::new(),
            vpcs: Vec::new(),
        }
    }

    /// Sets the auth type.
    #[must_use]
    pub fn auth(mut self, auth: LatticeAuth) -> Self {
        self.auth = auth;
        self
    }

    /// Sets the auth policy.
    #[must_use]
    pub fn auth_policy(mut self, policy: serde_json::Value) -> Self {
        self.auth_policy = Some(policy);
        self
    }

    /// Shares it with RAM principals.
    #[must_use]
    pub fn share_with<I, S>(mut self, principals: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.share_with = principals.into_iter().map(Into::into).collect();
        self
    }

    /// Associates a VPC, allowing its clients these TCP ports to the service network.
    #[must_use]
    pub fn associate(
        mut self,
        vpc: impl Into<String>,
        ports: impl IntoIterator<Item = u16>,
    ) -> Self {
        self.vpcs.push(LatticeVpc {
            vpc: vpc.into(),
            ports: ports.into_iter().collect(),
        });
        self
    }
}
