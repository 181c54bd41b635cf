//! VPC Block Public Access: the mode for each account and region it covers, and one exclusion
//! per excluded VPC or subnet. The mode waits for the exclusions of its account and region, so
//! a subnet that must keep its internet access (a NAT gateway's) never loses it, even briefly:
//! AWS allows exclusions before the mode "to ensure that there is no traffic disruption"
//! ("CreateVpcBlockPublicAccessExclusion", Amazon EC2 API Reference).

use super::{az_suffix, Emitter, Spec};
use crate::graph::{Placement, ResourceId};
use crate::kinds::Kind;
use indexmap::{IndexMap, IndexSet};
use netform_dsl::{BlockPublicAccess, Network, Path, Vpc};

pub(crate) fn lower(emit: &mut Emitter<'_>, network: &Network, bpa: &BlockPublicAccess) {
    let root = Path::root().field("block_public_access");
    let vpcs: IndexMap<&str, &Vpc> = network.vpcs.iter().map(|v| (v.name.as_str(), v)).collect();
    let mut exclusions: IndexMap<Placement, Vec<ResourceId>> = IndexMap::new();
    for (i, exclusion) in bpa.exclusions.iter().enumerate() {
        let path = root.field("exclusions").index(i);
        let vpc = vpcs[exclusion.vpc.as_str()];
        let placement = Placement {
            account: vpc.account.clone(),
            region: vpc.region.clone(),
        };
        let vpc_id = ResourceId::new(Kind::Vpc, [vpc.name.as_str()]);
        let targets: Vec<(Vec<String>, &'static str, ResourceId)> = match &exclusion.subnets {
            None => vec![(vec![vpc.name.clone()], "vpc_id", vpc_id)],
            Some(group) => vpc
                .azs
                .iter()
                .map(|az| {
                    let names = [vpc.name.as_str(), group.as_str(), az_suffix(az)];
                    let subnet = ResourceId::new(Kind::Subnet, names);
                    (subnet.name.clone(), "subnet_id", subnet)
                })
                .collect(),
        };
        for (name, key, target) in targets {
            let id = emit.add(
                Spec {
                    kind: Kind::BpaExclusion,
                    name,
                    placement: &placement,
                    origin: &path,
                    tags: &network.tags,
                },
                |p| {
                    p.insert(
                        "internet_gateway_exclusion_mode",
                        exclusion.mode.as_str().into(),
                    );
                    p.insert(key, target.id().into());
                },
            );
            exclusions.entry(placement.clone()).or_default().push(id);
        }
    }
    for placement in covered(network, bpa) {
        let id = emit.add(
            Spec {
                kind: Kind::BpaOptions,
                name: vec![placement.account.clone(), placement.region.clone()],
                placement: &placement,
                origin: &root,
                tags: &network.tags,
            },
            |p| {
                p.insert("internet_gateway_block_mode", bpa.mode.as_str().into());
            },
        );
        for exclusion in exclusions.get(&placement).into_iter().flatten() {
            emit.depends_on(&id, exclusion);
        }
    }
}

/// The (account, region) pairs the mode is set in: every region where a covered account has
/// a VPC, in model order.
fn covered(network: &Network, bpa: &BlockPublicAccess) -> Vec<Placement> {
    let mut placements: IndexSet<Placement> = IndexSet::new();
    for vpc in &network.vpcs {
        if bpa.accounts.is_empty() || bpa.accounts.contains(&vpc.account) {
            placements.insert(Placement {
                account: vpc.account.clone(),
                region: vpc.region.clone(),
            });
        }
    }
    placements.into_iter().collect()
}
