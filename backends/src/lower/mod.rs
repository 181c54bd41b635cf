//! Lowering: a [`ValidNetwork`] becomes a [`ResourceGraph`]. Which resources exist, how they
//! refer to each other and where they live is decided here, once, for both targets.
//!
//! The IPAM and its pools first ([`ipam`]), then VPCs ([`vpc`]), each with the routes its role gives it (spoke, inspection), then the
//! hubs ([`hub`], [`cloudwan`]) and the inspection engines ([`inspection`]). Ids are built from model
//! names, so a VPC's routes can refer to a hub attachment lowered after it.

mod cloudwan;
mod direct_connect;
mod dns;
mod hub;
mod inspection;
mod ipam;
mod lattice;
mod public_access;
mod routing;
mod share;
mod vpc;
mod vpn;

use crate::graph::IdMap;
use crate::graph::{
    AccountInfo, GraphOutput, Placement, Resource, ResourceGraph, ResourceId, Value,
};
use crate::kinds::Kind;
use indexmap::IndexMap;
use netform_dsl::{Code, Diagnostic, Diagnostics, Path, ValidNetwork};
use rayon::prelude::*;

/// Lowers a validated network to its resource graph. Fails only if two model names become the
/// same logical id or Terraform label once joined (validation checks siblings; this checks
/// the joined ids of the whole graph).
pub fn lower(valid: &ValidNetwork) -> Result<ResourceGraph, Diagnostics> {
    let network = valid.network();
    let mut emit = Emitter {
        network: &network.name,
        graph: ResourceGraph {
            network: network.name.clone(),
            accounts: network
                .accounts
                .iter()
                .map(|a| (a.alias.clone(), AccountInfo { id: a.id.clone() }))
                .collect(),
            resources: crate::graph::IdMap::default(),
            outputs: Vec::new(),
        },
    };
    let routing = routing::Routing::new(valid);
    let pools = ipam::lower(&mut emit, valid);
    // A VPC's lowering adds only its own resources (and dependencies of its own resources on
    // others): each VPC is lowered into a graph of its own, in parallel, and the graphs are
    // appended in model order, which gives the graph lowering them one by one would.
    let vpcs: Vec<ResourceGraph> = network
        .vpcs
        .par_iter()
        .zip(valid.plan().par_iter())
        .enumerate()
        .map(|(index, (vpc, plan))| {
            let mut own = Emitter {
                network: &network.name,
                graph: ResourceGraph::default(),
            };
            vpc::lower(&mut own, network, vpc, plan, &routing.vpc(index), &pools);
            own.graph
        })
        .collect();
    emit.graph
        .resources
        .reserve(vpcs.iter().map(|own| own.resources.len()).sum());
    for own in vpcs {
        emit.graph.resources.extend(own.resources);
        emit.graph.outputs.extend(own.outputs);
    }
    for tgw in &network.transit_gateways {
        hub::lower(&mut emit, valid, &routing, tgw);
    }
    if let Some(core) = &network.core_network {
        cloudwan::lower(&mut emit, valid, &routing, core);
    }
    for inspection in &network.inspections {
        inspection::lower(&mut emit, valid, &routing, inspection);
    }
    if !network.dns.is_empty() {
        let index: IndexMap<&str, usize> = network
            .vpcs
            .iter()
            .enumerate()
            .map(|(i, v)| (v.name.as_str(), i))
            .collect();
        dns::lower(&mut emit, valid, &index);
    }
    if let Some(bpa) = &network.block_public_access {
        public_access::lower(&mut emit, network, bpa);
    }
    lattice::lower(&mut emit, network);
    vpn::lower(&mut emit, network);
    direct_connect::lower(&mut emit, network);
    check_collisions(&emit.graph)?;
    Ok(emit.graph)
}

/// The properties of a security group's egress rule that no packet matches (ICMP type 252,
/// code 86, to 255.255.255.255/32), as AWS CDK writes it: a group with no egress rule keeps
/// CloudFormation's allow-all default (Terraform drops it), so "no traffic out" is said
/// explicitly, and both targets deploy the same group.
pub(crate) fn no_traffic_out(p: &mut IndexMap<&'static str, Value>, group: &ResourceId) {
    p.insert("security_group_id", group.id().into());
    p.insert("ip_protocol", "icmp".into());
    p.insert("from_port", 252.into());
    p.insert("to_port", 86.into());
    p.insert("cidr_ipv4", "255.255.255.255/32".into());
    p.insert(
        "description",
        "no traffic out (replaces the allow-all default)".into(),
    );
}

/// The AZ's letter, which names its subnets: `us-east-1a` gives `a`.
pub(crate) fn az_suffix(az: &str) -> &str {
    &az[az.len() - 1..]
}

/// Adds resources to the graph, named and tagged the same way everywhere.
pub(crate) struct Emitter<'n> {
    network: &'n str,
    graph: ResourceGraph,
}

/// What a resource is, before it is added.
pub(crate) struct Spec<'a> {
    pub kind: Kind,
    pub name: Vec<String>,
    pub placement: &'a Placement,
    pub origin: &'a Path,
    pub tags: &'a IndexMap<String, String>,
}

impl Emitter<'_> {
    /// Adds a resource; taggable kinds get `Name` (`<network>-<names...>`) and `tags`.
    pub(crate) fn add(
        &mut self,
        spec: Spec<'_>,
        properties: impl FnOnce(&mut IndexMap<&'static str, Value>),
    ) -> ResourceId {
        let id = ResourceId::new(spec.kind, spec.name);
        let mut props = IndexMap::new();
        properties(&mut props);
        let mut tags = IndexMap::new();
        if spec.kind.spec().taggable {
            tags.insert("Name".to_string(), self.resource_name(&id.name));
            tags.extend(spec.tags.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        self.graph.resources.insert(
            id.clone(),
            Resource {
                id: id.clone(),
                placement: spec.placement.clone(),
                properties: props,
                tags,
                depends_on: Vec::new(),
                origin: spec.origin.clone(),
            },
        );
        id
    }

    /// The AWS-facing name of a resource: the network's name and the resource's names,
    /// joined with `-`.
    pub(crate) fn resource_name(&self, names: &[String]) -> String {
        let mut parts = vec![self.network];
        parts.extend(names.iter().map(String::as_str));
        parts.join("-")
    }

    pub(crate) fn depends_on(&mut self, id: &ResourceId, on: &ResourceId) {
        if let Some(resource) = self.graph.resources.get_mut(id) {
            if !resource.depends_on.contains(on) {
                resource.depends_on.push(on.clone());
            }
        }
    }

    pub(crate) fn output(&mut self, id: &ResourceId, name: Vec<String>, description: String) {
        self.graph.outputs.push(GraphOutput {
            name,
            description,
            value: id.id(),
        });
    }
}

/// Where a VPC's resources go: named `<vpc>-<names...>`, in the VPC's account and region,
/// tagged with the network's tags and the VPC's.
pub(crate) struct VpcScope {
    name: String,
    placement: Placement,
    tags: IndexMap<String, String>,
}

impl VpcScope {
    pub(crate) fn new(network: &netform_dsl::Network, vpc: &netform_dsl::Vpc) -> Self {
        let mut tags = network.tags.clone();
        tags.extend(vpc.tags.clone());
        Self {
            name: vpc.name.clone(),
            placement: Placement {
                account: vpc.account.clone(),
                region: vpc.region.clone(),
            },
            tags,
        }
    }

    /// The resource names `<vpc>-<names...>`.
    pub(crate) fn names(&self, names: &[&str]) -> Vec<String> {
        let mut name = vec![self.name.clone()];
        name.extend(names.iter().map(|n| n.to_string()));
        name
    }
}

impl Emitter<'_> {
    /// Adds a resource of a VPC (see [`VpcScope`]).
    pub(crate) fn add_in(
        &mut self,
        scope: &VpcScope,
        kind: Kind,
        names: &[&str],
        origin: &Path,
        properties: impl FnOnce(&mut IndexMap<&'static str, Value>),
    ) -> ResourceId {
        self.add(
            Spec {
                kind,
                name: scope.names(names),
                placement: &scope.placement,
                origin,
                tags: &scope.tags,
            },
            properties,
        )
    }
}

/// A CIDR as a name part: `10.0.0.0/8` gives `10x0x0x0m8` (logical ids drop `.` and `/`, and
/// plain digit runs could collide: 1.11.0.0/16 and 11.1.0.0/16).
pub(crate) fn cidr_name(net: &ipnet::Ipv4Net) -> String {
    if net.prefix_len() == 0 {
        return "default".to_string();
    }
    let [a, b, c, d] = net.network().octets();
    format!("{a}x{b}x{c}x{d}m{}", net.prefix_len())
}

/// Two resources whose ids differ but whose logical ids or Terraform labels are equal would
/// overwrite each other in the output. One pass with maps: O(n).
fn check_collisions(graph: &ResourceGraph) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::new();
    let mut logical: IdMap<&str, &Resource> = IdMap::default();
    let mut labels: IdMap<(&str, &str), &Resource> = IdMap::default();
    logical.reserve(graph.resources.len());
    labels.reserve(graph.resources.len());
    // The names, computed in parallel; the collisions, found in graph order.
    let names: Vec<(&str, &str)> = graph
        .resources
        .par_values()
        .map(|r| (r.id.logical_id(), r.id.tf_label()))
        .collect();
    for (resource, (id, label)) in graph.resources.values().zip(names) {
        if let Some(other) = logical.insert(id, resource) {
            diags.push(
                Diagnostic::error(
                    Code::LogicalIdCollision,
                    resource.origin.clone(),
                    format!(
                        "{} and {} both become the CloudFormation logical id {id:?}",
                        other.origin, resource.origin
                    ),
                )
                .with_help("rename one of them"),
            );
        }
        let label = (resource.id.kind.spec().tf_type, label);
        if let Some(other) = labels.insert(label, resource) {
            diags.push(
                Diagnostic::error(
                    Code::TerraformLabelCollision,
                    resource.origin.clone(),
                    format!(
                        "{} and {} both become the Terraform resource {}.{}",
                        other.origin, resource.origin, label.0, label.1
                    ),
                )
                .with_help("rename one of them"),
            );
        }
    }
    if diags.is_empty() {
        Ok(())
    } else {
        Err(diags)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use netform_dsl::{Network, Tier, Vpc};

    /// Siblings are distinct, but vpc "a" + group "b-c" and vpc "a-b" + group "c" join into
    /// the same subnet ids: `ABCASubnet` and `aws_subnet.a_b_c_a`.
    #[test]
    fn names_that_collide_only_once_joined_are_reported() {
        let vpc = |name: &str, cidr: &str, group: &str| {
            Vpc::builder(name, "network", "us-east-1")
                .cidr(cidr)
                .azs(["us-east-1a", "us-east-1b"])
                .subnets(group, Tier::Isolated, 24)
        };
        let network = Network::builder("n")
            .network_account("network", "111111111111")
            .vpc(vpc("a", "10.0.0.0/16", "b-c"))
            .vpc(vpc("a-b", "10.1.0.0/16", "c"))
            .build();
        let valid = network.validate().expect("siblings are distinct");
        let diags = lower(&valid).unwrap_err();
        let found: Vec<(Code, String)> =
            diags.iter().map(|d| (d.code, d.path.to_string())).collect();
        let at = r#"vpcs["a-b"].subnet_groups["c"]"#.to_string();
        assert!(
            found.contains(&(Code::LogicalIdCollision, at.clone())),
            "{diags}"
        );
        assert!(
            found.contains(&(Code::TerraformLabelCollision, at)),
            "{diags}"
        );
        let message = &diags.iter().next().unwrap().message;
        assert!(message.contains(r#""ABCASubnet""#), "{message}");
    }
}
