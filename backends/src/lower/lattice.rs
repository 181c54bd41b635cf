//! VPC Lattice service networks: the service network with its auth type (and auth policy),
//! its RAM share, and per associated VPC a security group that lets the VPC's clients reach
//! the service network on the given TCP ports, and the association. An association from
//! another account waits for the share, as a VPC waits for a shared IPAM pool.

use super::share::{share, Share};
use super::{no_traffic_out, Emitter, Spec};
use crate::graph::{Placement, ResourceId, Value};
use crate::kinds::{Attr, Kind};
use indexmap::IndexMap;
use netform_dsl::{Network, Path, ServiceNetwork, Vpc};

pub(crate) fn lower(emit: &mut Emitter<'_>, network: &Network) {
    let vpcs: IndexMap<&str, &Vpc> = network.vpcs.iter().map(|v| (v.name.as_str(), v)).collect();
    for sn in &network.service_networks {
        lower_one(emit, network, &vpcs, sn);
    }
}

fn lower_one(
    emit: &mut Emitter<'_>,
    network: &Network,
    vpcs: &IndexMap<&str, &Vpc>,
    sn: &ServiceNetwork,
) {
    let path = Path::root().field("service_networks").key(&sn.name);
    let placement = Placement {
        account: sn.account.clone(),
        region: sn.region.clone(),
    };
    fn spec<'s>(
        kind: Kind,
        name: Vec<String>,
        placement: &'s Placement,
        origin: &'s Path,
        network: &'s Network,
    ) -> Spec<'s> {
        Spec {
            kind,
            name,
            placement,
            origin,
            tags: &network.tags,
        }
    }
    let id = emit.add(
        spec(
            Kind::LatticeServiceNetwork,
            vec![sn.name.clone()],
            &placement,
            &path,
            network,
        ),
        |p| {
            p.insert("name", format!("{}-{}", network.name, sn.name).into());
            p.insert("auth_type", sn.auth.as_str().into());
        },
    );
    if let Some(policy) = &sn.auth_policy {
        emit.add(
            spec(
                Kind::LatticeAuthPolicy,
                vec![sn.name.clone()],
                &placement,
                &path.field("auth_policy"),
                network,
            ),
            |p| {
                p.insert("resource_identifier", id.attr(Attr::Arn).into());
                p.insert("policy", Value::Document(policy.clone()));
            },
        );
    }
    let shared = share(
        emit,
        network,
        Share {
            name: &format!("sn-{}", sn.name),
            principals: &sn.share_with,
            resource: id.attr(Attr::Arn),
            resource_name: "service-network",
            placement: &placement,
            path: &path.field("share_with"),
            tags: &network.tags,
        },
    );
    for (i, lattice_vpc) in sn.vpcs.iter().enumerate() {
        let at = path.field("vpcs").index(i);
        let vpc = vpcs[lattice_vpc.vpc.as_str()];
        let here = Placement {
            account: vpc.account.clone(),
            region: vpc.region.clone(),
        };
        let vpc_id = ResourceId::new(Kind::Vpc, [vpc.name.as_str()]);
        let names = |more: &[&str]| {
            let mut names = vec![vpc.name.clone(), "lattice".to_string()];
            names.extend(more.iter().map(|s| s.to_string()));
            names
        };
        let group = emit.add(
            spec(Kind::SecurityGroup, names(&[]), &here, &at, network),
            |p| {
                p.insert(
                    "description",
                    format!(
                        "Clients of VPC {} to VPC Lattice service network {}",
                        vpc.name, sn.name
                    )
                    .into(),
                );
                p.insert("vpc_id", vpc_id.id().into());
            },
        );
        for port in &lattice_vpc.ports {
            let label = format!("tcp{port}");
            emit.add(
                spec(Kind::SgIngress, names(&["in", &label]), &here, &at, network),
                |p| {
                    p.insert("security_group_id", group.id().into());
                    p.insert("ip_protocol", "tcp".into());
                    p.insert("from_port", i64::from(*port).into());
                    p.insert("to_port", i64::from(*port).into());
                    p.insert("cidr_ipv4", vpc_id.attr(Attr::CidrBlock).into());
                    p.insert(
                        "description",
                        format!("TCP {port} from the VPC's clients").into(),
                    );
                },
            );
        }
        // No rule out: replies pass by connection tracking. A rule no packet matches replaces
        // CloudFormation's allow-all default, as for the Resolver endpoints' groups.
        emit.add(
            spec(Kind::SgEgress, names(&["out", "none"]), &here, &at, network),
            |p| no_traffic_out(p, &group),
        );
        let association = emit.add(
            spec(
                Kind::LatticeVpcAssociation,
                vec![vpc.name.clone(), sn.name.clone()],
                &here,
                &at,
                network,
            ),
            |p| {
                // The ARN, which a VPC in another account needs for a shared network.
                p.insert("service_network_identifier", id.attr(Attr::Arn).into());
                p.insert("vpc_identifier", vpc_id.id().into());
                p.insert("security_group_ids", Value::List(vec![group.id().into()]));
            },
        );
        if vpc.account != sn.account {
            for part in &shared {
                emit.depends_on(&association, part);
            }
        }
    }
}
