//! IP address management: one Amazon VPC IPAM in the network account, its operating regions,
//! and a hierarchy of pools (top level, one per region, one per environment under each) that
//! VPCs take their CIDRs from, shared with AWS RAM to the accounts or OUs that use them.
//!
//! The shape follows the seed guidance ("delegate the administration of Amazon VPC IP Address
//! Manager (IPAM) to your Network account") and NET208 (a top-level pool, regional pools,
//! environment pools shared with AWS Organizations, an allocation per application).

use crate::model::Tags;
use serde::{Deserialize, Serialize};

/// An Amazon VPC IP Address Manager and its pools.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ipam {
    /// The IPAM's name (names its resources).
    pub name: String,
    /// The alias of the account that owns the IPAM: the network account, delegated as the
    /// organization's IPAM administrator.
    pub account: String,
    /// The region the IPAM resource is created in; it must be an operating region.
    pub region: String,
    /// The regions whose resources the IPAM manages and where pools may have a locale.
    pub operating_regions: Vec<String>,
    /// The pools, parents before their children, in declaration order (which is also the
    /// order the planner gives out space in).
    #[serde(default)]
    pub pools: Vec<IpamPool>,
}

/// One IPAM pool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IpamPool {
    /// The pool's name, unique in the IPAM; VPCs name it.
    pub name: String,
    /// The parent pool's name; `None` for a top-level pool.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// IPv4 or IPv6.
    pub family: AddressFamily,
    /// The scope: private (the default) or public (Amazon-provided IPv6).
    #[serde(default)]
    pub scope: IpamScope,
    /// The CIDR provisioned to the pool.
    pub cidr: PoolCidr,
    /// The region whose VPCs may allocate from the pool; `None` for a pool that only feeds
    /// other pools.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// What an allocation from the pool may be.
    #[serde(default, skip_serializing_if = "AllocationRules::is_empty")]
    pub rules: AllocationRules,
    /// RAM principals the pool is shared with (account ids, OU or organization ARNs).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub share_with: Vec<String>,
    /// A description for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// An address family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AddressFamily {
    /// IPv4.
    Ipv4,
    /// IPv6.
    Ipv6,
}

impl AddressFamily {
    /// `ipv4` or `ipv6`, as AWS writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            AddressFamily::Ipv4 => "ipv4",
            AddressFamily::Ipv6 => "ipv6",
        }
    }
}

/// An IPAM scope.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IpamScope {
    /// The IPAM's default private scope: space not advertised on the internet.
    #[default]
    Private,
    /// The IPAM's default public scope: here, Amazon-provided IPv6.
    Public,
}

/// The CIDR provisioned to a pool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum PoolCidr {
    /// A CIDR the user chose, such as `10.0.0.0/8`.
    Pinned(String),
    /// The next free block of this prefix length in the parent pool, chosen by netform's
    /// planner (append-stable, like VPC allocation) and written into the output.
    Allocated(u8),
    /// An IPv6 block of this netmask that Amazon provides at deploy time (a top-level pool in
    /// the public scope with a locale).
    Amazon(u8),
}

/// Allocation rules: "the allowed netmask length for allocations made from this pool", and
/// the tags a resource must carry to allocate from it (AWS::EC2::IPAMPool).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllocationRules {
    /// The shortest netmask (largest block) an allocation may have.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_netmask: Option<u8>,
    /// The longest netmask (smallest block) an allocation may have.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_netmask: Option<u8>,
    /// The netmask an allocation gets when it asks for none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_netmask: Option<u8>,
    /// Tags a resource must have to allocate from the pool.
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub required_tags: Tags,
}

impl AllocationRules {
    /// Whether no rule is set.
    pub fn is_empty(&self) -> bool {
        self == &AllocationRules::default()
    }
}

impl Ipam {
    /// Starts an IPAM named `name`, owned by `account`, created in `region` (an operating
    /// region of its own).
    pub fn builder(
        name: impl Into<String>,
        account: impl Into<String>,
        region: impl Into<String>,
    ) -> IpamBuilder {
        let region = region.into();
        IpamBuilder {
            ipam: Ipam {
                name: name.into(),
                account: account.into(),
                operating_regions: vec![region.clone()],
                region,
                pools: Vec::new(),
            },
        }
    }

    /// The pool named `name`.
    pub fn pool(&self, name: &str) -> Option<&IpamPool> {
        self.pools.iter().find(|p| p.name == name)
    }
}

/// Builds an [`Ipam`].
///
/// ```
/// use netform_dsl::{AddressFamily, Ipam, IpamPool};
///
/// let ipam = Ipam::builder("main", "network", "us-east-1")
///     .operating_regions(["us-east-1", "eu-west-1"])
///     .pool(IpamPool::builder("top", AddressFamily::Ipv4).cidr("10.0.0.0/8"))
///     .pool(IpamPool::builder("use1", AddressFamily::Ipv4).parent("top").allocate(12).locale("us-east-1"))
///     .build();
/// assert_eq!(ipam.pools.len(), 2);
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct IpamBuilder {
    ipam: Ipam,
}

impl IpamBuilder {
    /// Sets the operating regions (the home region is added first if missing).
    pub fn operating_regions<I, S>(mut self, regions: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut all = vec![self.ipam.region.clone()];
        for region in regions {
            let region = region.into();
            if !all.contains(&region) {
                all.push(region);
            }
        }
        self.ipam.operating_regions = all;
        self
    }

    /// Adds a pool (after its parent).
    pub fn pool(mut self, pool: impl Into<IpamPool>) -> Self {
        self.ipam.pools.push(pool.into());
        self
    }

    /// The IPAM.
    pub fn build(self) -> Ipam {
        self.ipam
    }
}

impl From<IpamBuilder> for Ipam {
    fn from(builder: IpamBuilder) -> Self {
        builder.build()
    }
}

impl IpamPool {
    /// Starts a top-level pool of `family` in the private scope; give it a CIDR with
    /// [`IpamPoolBuilder::cidr`], [`IpamPoolBuilder::allocate`] or [`IpamPoolBuilder::amazon`].
    pub fn builder(name: impl Into<String>, family: AddressFamily) -> IpamPoolBuilder {
        IpamPoolBuilder {
            pool: IpamPool {
                name: name.into(),
                parent: None,
                family,
                scope: IpamScope::Private,
                cidr: PoolCidr::Pinned(String::new()),
                locale: None,
                rules: AllocationRules::default(),
                share_with: Vec::new(),
                description: None,
            },
        }
    }
}

/// Builds an [`IpamPool`].
#[derive(Debug, Clone)]
#[must_use]
pub struct IpamPoolBuilder {
    pool: IpamPool,
}

impl IpamPoolBuilder {
    /// Makes it a child of the pool named `parent`.
    pub fn parent(mut self, parent: impl Into<String>) -> Self {
        self.pool.parent = Some(parent.into());
        self
    }

    /// Provisions this CIDR to the pool.
    pub fn cidr(mut self, cidr: impl Into<String>) -> Self {
        self.pool.cidr = PoolCidr::Pinned(cidr.into());
        self
    }

    /// Provisions the parent's next free `/prefix`, chosen by netform's planner.
    pub fn allocate(mut self, prefix: u8) -> Self {
        self.pool.cidr = PoolCidr::Allocated(prefix);
        self
    }

    /// Provisions an Amazon-provided IPv6 block of `/netmask` at deploy time (public scope).
    pub fn amazon(mut self, netmask: u8) -> Self {
        self.pool.cidr = PoolCidr::Amazon(netmask);
        self.pool.scope = IpamScope::Public;
        self
    }

    /// Puts the pool in the public scope (a child of an Amazon-provided IPv6 pool).
    pub fn public(mut self) -> Self {
        self.pool.scope = IpamScope::Public;
        self
    }

    /// Sets the locale: the region whose VPCs may allocate from the pool.
    pub fn locale(mut self, region: impl Into<String>) -> Self {
        self.pool.locale = Some(region.into());
        self
    }

    /// Allocations must be between `/min` and `/max`, `/default` when none is asked.
    pub fn netmasks(mut self, min: u8, default: u8, max: u8) -> Self {
        self.pool.rules.min_netmask = Some(min);
        self.pool.rules.default_netmask = Some(default);
        self.pool.rules.max_netmask = Some(max);
        self
    }

    /// Allocations need this tag on the resource.
    pub fn require_tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.pool
            .rules
            .required_tags
            .insert(key.into(), value.into());
        self
    }

    /// Shares the pool with a RAM principal (an account id, an OU or organization ARN).
    pub fn share_with(mut self, principal: impl Into<String>) -> Self {
        self.pool.share_with.push(principal.into());
        self
    }

    /// Sets the description.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.pool.description = Some(text.into());
        self
    }

    /// The pool.
    pub fn build(self) -> IpamPool {
        self.pool
    }
}

impl From<IpamPoolBuilder> for IpamPool {
    fn from(builder: IpamPoolBuilder) -> Self {
        builder.build()
    }
}
