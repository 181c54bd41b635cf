//! VPC Block Public Access: an account-level switch, per region, that blocks traffic between
//! the account's VPCs and the internet through internet gateways and egress-only internet
//! gateways, with exclusions for the VPCs and subnets that must keep it (the NAT gateways of a
//! centralized egress VPC).
//!
//! From "VpcBlockPublicAccessOptions" and "VpcBlockPublicAccessExclusion" (Amazon EC2 API
//! Reference): `block-bidirectional` blocks all traffic to and from internet gateways and
//! egress-only internet gateways in the region, except for excluded VPCs and subnets;
//! `block-ingress` blocks all internet traffic to the VPCs, and only traffic to and from NAT
//! gateways and egress-only internet gateways is allowed. An exclusion's `allow-egress` "only
//! applies when VPC Block Public Access is set to Bidirectional". Exclusions can be created
//! before the mode is turned on, "to ensure that there is no traffic disruption".

use serde::{Deserialize, Serialize};

/// What VPC Block Public Access blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockMode {
    /// `block-bidirectional`: no traffic to or from internet gateways and egress-only
    /// internet gateways, NAT gateways included, except for exclusions.
    Bidirectional,
    /// `block-ingress`: no traffic from the internet into the VPCs; NAT gateways and
    /// egress-only internet gateways still work.
    IngressOnly,
}

impl BlockMode {
    /// The value AWS takes (`InternetGatewayBlockMode`).
    pub fn as_str(self) -> &'static str {
        match self {
            BlockMode::Bidirectional => "block-bidirectional",
            BlockMode::IngressOnly => "block-ingress",
        }
    }
}

/// What an exclusion lets through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExclusionMode {
    /// `allow-bidirectional`: all internet traffic to and from the excluded VPC or subnets.
    AllowBidirectional,
    /// `allow-egress`: outbound internet traffic only (and its replies). Applies only under
    /// [`BlockMode::Bidirectional`].
    AllowEgress,
}

impl ExclusionMode {
    /// The value AWS takes (`InternetGatewayExclusionMode`).
    pub fn as_str(self) -> &'static str {
        match self {
            ExclusionMode::AllowBidirectional => "allow-bidirectional",
            ExclusionMode::AllowEgress => "allow-egress",
        }
    }
}

/// A VPC, or one subnet group of it (one exclusion per subnet), exempt from the mode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BpaExclusion {
    /// The VPC's model name.
    pub vpc: String,
    /// A subnet group of the VPC; `None` excludes the whole VPC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subnets: Option<String>,
    /// What the exclusion lets through.
    pub mode: ExclusionMode,
}

/// VPC Block Public Access for the network's accounts.
///
/// ```
/// use netform_dsl::{BlockMode, BlockPublicAccess, ExclusionMode};
///
/// let bpa = BlockPublicAccess::new(BlockMode::Bidirectional)
///     .exclude_subnets("egress", "public", ExclusionMode::AllowEgress);
/// assert!(bpa.accounts.is_empty()); // every account that has a VPC
/// assert_eq!(bpa.exclusions[0].subnets.as_deref(), Some("public"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlockPublicAccess {
    /// The mode, in every region where a chosen account has a VPC.
    pub mode: BlockMode,
    /// The accounts it is turned on in, by alias; empty: every account that has a VPC.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accounts: Vec<String>,
    /// The VPCs and subnet groups exempt from it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclusions: Vec<BpaExclusion>,
}

impl BlockPublicAccess {
    /// Block Public Access in `mode` for every account that has a VPC, with no exclusions.
    pub fn new(mode: BlockMode) -> Self {
        Self {
            mode,
            accounts: Vec::new(),
            exclusions: Vec::new(),
        }
    }

    /// Turns it on only in these accounts (aliases).
    #[must_use]
    pub fn accounts<I, S>(mut self, accounts: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.accounts = accounts.into_iter().map(Into::into).collect();
        self
    }

    /// Exempts a whole VPC.
    #[must_use]
    pub fn exclude_vpc(mut self, vpc: impl Into<String>, mode: ExclusionMode) -> Self {
        self.exclusions.push(BpaExclusion {
            vpc: vpc.into(),
            subnets: None,
            mode,
        });
        self
    }

    /// Exempts every subnet of a VPC's subnet group (one exclusion per AZ).
    #[must_use]
    pub fn exclude_subnets(
        mut self,
        vpc: impl Into<String>,
        group: impl Into<String>,
        mode: ExclusionMode,
    ) -> Self {
        self.exclusions.push(BpaExclusion {
            vpc: vpc.into(),
            subnets: Some(group.into()),
            mode,
        });
        self
    }
}
