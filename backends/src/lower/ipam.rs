//! The IPAM: the IPAM itself in the network account, its pools (in the IPAM's home region,
//! where every pool lives whatever its locale), each pool's provisioned CIDR, and the RAM
//! shares of pools with the accounts or OUs whose VPCs allocate from them.
//!
//! Lowered before the VPCs, which wait for the pool's CIDR (and, from another account, for
//! the pool's share) before they allocate from it.

use super::share::{share, Share};
use super::{Emitter, Spec};
use crate::graph::{Placement, ResourceId, Value};
use crate::kinds::{Attr, Kind};
use indexmap::{IndexMap, IndexSet};
use netform_dsl::{
    plan::PoolPlan, Ipam, IpamPool, IpamScope, Network, Path, PoolCidr, ValidNetwork, VpcCidr,
};

/// What a VPC allocating from a pool refers to and waits for.
pub(crate) struct PoolRefs {
    /// The pool.
    pub pool: ResourceId,
    /// What must exist before an allocation: the pool's provisioned CIDR.
    pub ready: ResourceId,
    /// The share's parts, which an allocation from another account waits for too.
    pub shared: Vec<ResourceId>,
    /// The account owning the pool.
    pub account: String,
}

/// The pools by name.
pub(crate) type Pools = IndexMap<String, PoolRefs>;

pub(crate) fn lower(emit: &mut Emitter<'_>, valid: &ValidNetwork) -> Pools {
    let network = valid.network();
    let mut pools = Pools::new();
    let Some(ipam) = &network.ipam else {
        return pools;
    };
    let placement = Placement {
        account: ipam.account.clone(),
        region: ipam.region.clone(),
    };
    let root = Path::root().field("ipam");
    let ipam_id = emit.add(
        Spec {
            kind: Kind::Ipam,
            name: vec![ipam.name.clone()],
            placement: &placement,
            origin: &root,
            tags: &network.tags,
        },
        |p| {
            p.insert(
                "description",
                format!("IPAM of network {}", network.name).into(),
            );
            p.insert("tier", tier(ipam).into());
            p.insert(
                "operating_regions",
                Value::List(
                    ipam.operating_regions
                        .iter()
                        .map(|r| Value::fields([("region_name", r.as_str().into())]))
                        .collect(),
                ),
            );
        },
    );
    // The pools some VPC takes a CIDR planned by netform from.
    let planned: IndexSet<&str> = network
        .vpcs
        .iter()
        .filter_map(|v| match &v.cidr {
            VpcCidr::Allocated { block, .. } => Some(block.as_str()),
            _ => None,
        })
        .collect();
    for (pool, plan) in ipam.pools.iter().zip(valid.pools()) {
        let path = root.field("pools").key(&pool.name);
        let at = Pool {
            ipam: &ipam_id,
            pool,
            plan,
            placement: &placement,
            path: &path,
        };
        let refs = lower_pool(emit, network, &pools, &planned, &at);
        pools.insert(pool.name.clone(), refs);
    }
    pools
}

/// "advanced" when the pools need it. Before switching an IPAM to the Free Tier you must
/// "Delete private scope pools", "Delete pools with locales different than the IPAM home
/// Region" and "Delete pool allocations to accounts that are not the IPAM owner" (IPAM User
/// Guide, "Modify an IPAM"): each of those is an Advanced Tier feature.
fn tier(ipam: &Ipam) -> &'static str {
    let advanced = ipam.pools.iter().any(|p| {
        p.scope == IpamScope::Private
            || p.locale.as_ref().is_some_and(|l| *l != ipam.region)
            || !p.share_with.is_empty()
    });
    if advanced {
        "advanced"
    } else {
        "free"
    }
}

/// One pool to lower, with where it goes.
struct Pool<'a> {
    ipam: &'a ResourceId,
    pool: &'a IpamPool,
    plan: &'a PoolPlan,
    placement: &'a Placement,
    path: &'a Path,
}

fn lower_pool(
    emit: &mut Emitter<'_>,
    network: &Network,
    pools: &Pools,
    planned: &IndexSet<&str>,
    at: &Pool<'_>,
) -> PoolRefs {
    let Pool {
        ipam: ipam_id,
        pool,
        plan,
        placement,
        path,
    } = *at;
    let spec = |kind, name: Vec<String>| Spec {
        kind,
        name,
        placement,
        origin: path,
        tags: &network.tags,
    };
    let parent = pool.parent.as_ref().map(|p| &pools[p]);
    let id = emit.add(spec(Kind::IpamPool, vec![pool.name.clone()]), |p| {
        let scope = match pool.scope {
            IpamScope::Private => Attr::PrivateScope,
            IpamScope::Public => Attr::PublicScope,
        };
        p.insert("ipam_scope_id", ipam_id.attr(scope).into());
        p.insert("address_family", pool.family.as_str().into());
        if let Some(parent) = parent {
            p.insert("source_ipam_pool_id", parent.pool.id().into());
        }
        if let Some(locale) = &pool.locale {
            p.insert("locale", locale.as_str().into());
        }
        // "IPAM will continuously look for resources within the CIDR range of this pool and
        // automatically import them as allocations" (AWS::EC2::IPAMPool AutoImport): how a
        // VPC whose CIDR netform planned is recorded where CloudFormation cannot name the
        // pool beside the CIDR. Only on the pools such VPCs come from, so the VPC is not
        // imported into a pool above its own.
        if planned.contains(pool.name.as_str()) {
            p.insert("auto_import", true.into());
        }
        if let Some(text) = &pool.description {
            p.insert("description", text.as_str().into());
        }
        if matches!(pool.cidr, PoolCidr::Amazon(_)) {
            // Amazon-provided IPv6 for VPCs ("EC2 (EIP/VPC)"), not advertised by this pool.
            p.insert("aws_service", "ec2".into());
            p.insert("public_ip_source", "amazon".into());
            p.insert("publicly_advertisable", false.into());
        }
        let rules = &pool.rules;
        for (key, value) in [
            ("allocation_min_netmask_length", rules.min_netmask),
            ("allocation_max_netmask_length", rules.max_netmask),
            ("allocation_default_netmask_length", rules.default_netmask),
        ] {
            if let Some(value) = value {
                p.insert(key, i64::from(value).into());
            }
        }
        if !rules.required_tags.is_empty() {
            p.insert(
                "allocation_resource_tags",
                Value::TagMap(rules.required_tags.clone()),
            );
        }
    });
    // Teams allocating their own VPCs from the pool need its id.
    emit.output(
        &id,
        vec![pool.name.clone(), "pool-id".into()],
        format!("Id of IPAM pool {}", pool.name),
    );
    // A child is provisioned from its parent's CIDR, so it waits for that CIDR.
    if let Some(parent) = parent {
        emit.depends_on(&id, &parent.ready);
    }
    let ready = match (plan.cidr, &pool.cidr) {
        (Some(cidr), _) => emit.add(spec(Kind::IpamPoolCidr, vec![pool.name.clone()]), |p| {
            p.insert("ipam_pool_id", id.id().into());
            p.insert("cidr", cidr.to_string().into());
        }),
        // Under (or as) an Amazon-provided block: the next free block of the netmask.
        (None, &PoolCidr::Amazon(netmask) | &PoolCidr::Allocated(netmask)) => {
            emit.add(spec(Kind::IpamPoolNetmask, vec![pool.name.clone()]), |p| {
                p.insert("ipam_pool_id", id.id().into());
                p.insert("netmask_length", i64::from(netmask).into());
            })
        }
        (None, PoolCidr::Pinned(_)) => unreachable!("validated: a pinned pool has its CIDR"),
    };
    let shared = share(
        emit,
        network,
        Share {
            name: &format!("pool-{}", pool.name),
            principals: &pool.share_with,
            resource: id.attr(Attr::Arn),
            resource_name: "pool",
            placement,
            path: &path.field("share_with"),
            tags: &network.tags,
        },
    );
    PoolRefs {
        pool: id,
        ready,
        shared,
        account: placement.account.clone(),
    }
}
