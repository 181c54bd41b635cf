//! Lowering: a [`ValidNetwork`] becomes a [`ResourceGraph`]. Which resources exist, how they
//! refer to each other and where they live is decided here, once, for both targets.

use crate::graph::{
    AccountInfo, GraphOutput, Placement, Resource, ResourceGraph, ResourceId, Value,
};
use crate::kinds::{Attr, Kind};
use indexmap::IndexMap;
use netform_dsl::{
    Code, Diagnostic, Diagnostics, FlowLogDestination, NatMode, Path, Tier, ValidNetwork, Vpc,
    VpcPlan,
};

/// Lowers a validated network to its resource graph. Fails only if two model names become the
/// same logical id or Terraform label once joined (validation checks siblings; this checks
/// the joined ids of the whole graph).
pub fn lower(valid: &ValidNetwork) -> Result<ResourceGraph, Diagnostics> {
    let network = valid.network();
    let mut graph = ResourceGraph {
        network: network.name.clone(),
        accounts: network
            .accounts
            .iter()
            .map(|a| (a.alias.clone(), AccountInfo { id: a.id.clone() }))
            .collect(),
        resources: IndexMap::new(),
        outputs: Vec::new(),
    };
    for (vpc, plan) in network.vpcs.iter().zip(valid.plan()) {
        let mut tags = IndexMap::new();
        tags.extend(network.tags.clone());
        tags.extend(vpc.tags.clone());
        VpcLowering {
            network: &network.name,
            vpc,
            plan,
            tags: &tags,
            path: Path::root().field("vpcs").key(&vpc.name),
            graph: &mut graph,
        }
        .lower();
    }
    check_collisions(&graph)?;
    Ok(graph)
}

/// The AZ's letter, which names its subnets: `us-east-1a` gives `a`.
fn az_suffix(az: &str) -> &str {
    &az[az.len() - 1..]
}

struct VpcLowering<'a> {
    network: &'a str,
    vpc: &'a Vpc,
    plan: &'a VpcPlan,
    tags: &'a IndexMap<String, String>,
    path: Path,
    graph: &'a mut ResourceGraph,
}

impl VpcLowering<'_> {
    fn lower(mut self) {
        let vpc = self.add(Kind::Vpc, &[], self.path.clone(), |p| {
            p.insert("cidr_block", self.plan.cidr.to_string().into());
            p.insert("enable_dns_support", true.into());
            p.insert("enable_dns_hostnames", true.into());
        });
        self.output(&vpc, &["vpc-id"], format!("Id of VPC {}", self.vpc.name));

        let has_public = self
            .vpc
            .subnet_groups
            .iter()
            .any(|g| g.tier == Tier::Public);
        let igw = has_public.then(|| self.internet_gateway(&vpc));

        // Subnets and their route tables, group by group, AZ by AZ.
        let mut subnets: Vec<Vec<(ResourceId, ResourceId)>> = Vec::new();
        for (group, cidrs) in self.vpc.subnet_groups.iter().zip(&self.plan.subnet_groups) {
            let path = self.path.field("subnet_groups").key(&group.name);
            let mut row = Vec::new();
            for (az, cidr) in self.vpc.azs.iter().zip(cidrs) {
                let names = [group.name.as_str(), az_suffix(az)];
                let subnet = self.add(Kind::Subnet, &names, path.clone(), |p| {
                    p.insert("vpc_id", vpc.id().into());
                    p.insert("cidr_block", cidr.to_string().into());
                    p.insert("availability_zone", az.as_str().into());
                    p.insert("map_public_ip_on_launch", false.into());
                });
                self.output(
                    &subnet,
                    &[group.name.as_str(), az_suffix(az), "subnet-id"],
                    format!(
                        "Id of subnet {} ({}) of VPC {} in {az}",
                        group.name,
                        group.tier.as_str(),
                        self.vpc.name
                    ),
                );
                let table = self.add(Kind::RouteTable, &names, path.clone(), |p| {
                    p.insert("vpc_id", vpc.id().into());
                });
                self.add(Kind::RouteTableAssociation, &names, path.clone(), |p| {
                    p.insert("subnet_id", subnet.id().into());
                    p.insert("route_table_id", table.id().into());
                });
                row.push((subnet, table));
            }
            subnets.push(row);
        }

        let nats = match &igw {
            Some((_, attachment)) => self.nat_gateways(&subnets, attachment),
            None => Vec::new(),
        };

        // Default routes: public tiers to the internet gateway, private tiers to the NAT
        // gateway of their AZ (or the single one).
        for (group, row) in self.vpc.subnet_groups.iter().zip(&subnets) {
            let path = self.path.field("subnet_groups").key(&group.name);
            for (i, (az, (_, table))) in self.vpc.azs.iter().zip(row).enumerate() {
                let names = [group.name.as_str(), az_suffix(az), "default"];
                match (group.tier, &igw) {
                    (Tier::Public, Some((gateway, attachment))) => {
                        let route = self.add(Kind::Route, &names, path.clone(), |p| {
                            p.insert("route_table_id", table.id().into());
                            p.insert("destination_cidr_block", "0.0.0.0/0".into());
                            p.insert("gateway_id", gateway.id().into());
                        });
                        self.depends_on(&route, attachment);
                    }
                    (Tier::Private, _) if !nats.is_empty() => {
                        let nat = &nats[i.min(nats.len() - 1)];
                        self.add(Kind::Route, &names, path.clone(), |p| {
                            p.insert("route_table_id", table.id().into());
                            p.insert("destination_cidr_block", "0.0.0.0/0".into());
                            p.insert("nat_gateway_id", nat.id().into());
                        });
                    }
                    _ => {}
                }
            }
        }

        if let Some(flow_logs) = &self.vpc.flow_logs {
            let path = self.path.field("flow_logs");
            self.add(Kind::FlowLog, &[], path, |p| {
                p.insert("vpc_id", vpc.id().into());
                p.insert("resource_type", "VPC".into());
                p.insert("traffic_type", flow_logs.traffic.as_str().into());
                match &flow_logs.destination {
                    FlowLogDestination::S3 { bucket_arn } => {
                        p.insert("log_destination_type", "s3".into());
                        p.insert("log_destination", bucket_arn.as_str().into());
                    }
                    FlowLogDestination::CloudWatch {
                        log_group_arn,
                        role_arn,
                    } => {
                        p.insert("log_destination_type", "cloud-watch-logs".into());
                        p.insert("log_destination", log_group_arn.as_str().into());
                        p.insert("iam_role_arn", role_arn.as_str().into());
                    }
                }
            });
        }
    }

    /// The internet gateway and its attachment.
    fn internet_gateway(&mut self, vpc: &ResourceId) -> (ResourceId, ResourceId) {
        let igw = self.add(Kind::InternetGateway, &[], self.path.clone(), |_| {});
        let attachment = self.add(
            Kind::InternetGatewayAttachment,
            &[],
            self.path.clone(),
            |p| {
                p.insert("vpc_id", vpc.id().into());
                p.insert("internet_gateway_id", igw.id().into());
            },
        );
        (igw, attachment)
    }

    /// NAT gateways with their Elastic IPs, in the first public group's subnets: one per AZ,
    /// or one in the first AZ. Both wait for the internet gateway attachment: AWS needs the
    /// VPC to have an attached internet gateway before a public NAT gateway works.
    fn nat_gateways(
        &mut self,
        subnets: &[Vec<(ResourceId, ResourceId)>],
        attachment: &ResourceId,
    ) -> Vec<ResourceId> {
        let count = match self.vpc.nat {
            NatMode::None => return Vec::new(),
            NatMode::Single => 1,
            NatMode::PerAz => self.vpc.azs.len(),
        };
        let Some(public) = self
            .vpc
            .subnet_groups
            .iter()
            .position(|g| g.tier == Tier::Public)
        else {
            return Vec::new();
        };
        let path = self.path.field("nat");
        let mut nats = Vec::new();
        for (az, (subnet, _)) in self.vpc.azs.iter().zip(&subnets[public]).take(count) {
            let names = ["nat", az_suffix(az)];
            let eip = self.add(Kind::Eip, &names, path.clone(), |p| {
                p.insert("domain", "vpc".into());
            });
            self.depends_on(&eip, attachment);
            let nat = self.add(Kind::NatGateway, &names, path.clone(), |p| {
                p.insert("allocation_id", eip.attr(Attr::AllocationId).into());
                p.insert("subnet_id", subnet.id().into());
            });
            self.depends_on(&nat, attachment);
            nats.push(nat);
        }
        nats
    }

    /// Adds a resource named `<vpc>-<names...>`, tagged when its kind takes tags.
    fn add(
        &mut self,
        kind: Kind,
        names: &[&str],
        origin: Path,
        properties: impl FnOnce(&mut IndexMap<&'static str, Value>),
    ) -> ResourceId {
        let mut name = vec![self.vpc.name.clone()];
        name.extend(names.iter().map(|n| n.to_string()));
        let id = ResourceId::new(kind, name);
        let mut props = IndexMap::new();
        properties(&mut props);
        let mut tags = IndexMap::new();
        if kind.spec().taggable {
            let mut tag_name = vec![self.network];
            tag_name.extend(id.name.iter().map(String::as_str));
            tags.insert("Name".to_string(), tag_name.join("-"));
            tags.extend(self.tags.clone());
        }
        let resource = Resource {
            id: id.clone(),
            placement: Placement {
                account: self.vpc.account.clone(),
                region: self.vpc.region.clone(),
            },
            properties: props,
            tags,
            depends_on: Vec::new(),
            origin,
        };
        self.graph.resources.insert(id.clone(), resource);
        id
    }

    fn depends_on(&mut self, id: &ResourceId, on: &ResourceId) {
        if let Some(resource) = self.graph.resources.get_mut(id) {
            resource.depends_on.push(on.clone());
        }
    }

    fn output(&mut self, id: &ResourceId, names: &[&str], description: String) {
        let mut name = vec![self.vpc.name.clone()];
        name.extend(names.iter().map(|n| n.to_string()));
        self.graph.outputs.push(GraphOutput {
            name,
            description,
            value: id.id(),
        });
    }
}

/// Two resources whose ids differ but whose logical ids or Terraform labels are equal would
/// overwrite each other in the output. One pass with maps: O(n).
fn check_collisions(graph: &ResourceGraph) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::new();
    let mut logical: IndexMap<String, &Resource> = IndexMap::new();
    let mut labels: IndexMap<(&str, String), &Resource> = IndexMap::new();
    for resource in graph.resources.values() {
        let id = resource.id.logical_id();
        if let Some(other) = logical.insert(id.clone(), resource) {
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
        let label = (resource.id.kind.spec().tf_type, resource.id.tf_label());
        if let Some(other) = labels.insert(label.clone(), resource) {
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
