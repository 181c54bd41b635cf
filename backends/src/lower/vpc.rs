//! One VPC: the VPC, its internet gateway, subnets and route tables AZ by AZ, NAT gateways,
//! the routes each tier gets (with the hub and inspection links of [`super::routing`]), and
//! flow logs.

use super::routing::VpcRouting;
use super::{az_suffix, cidr_name, Emitter, VpcScope};
use crate::graph::{Reference, ResourceId, Value};
use crate::kinds::{Attr, Kind};
use indexmap::IndexMap;
use ipnet::Ipv4Net;
use netform_dsl::{FlowLogDestination, NatMode, Network, Path, Tier, Vpc, VpcPlan};

/// Where a route goes.
enum Target<'a> {
    Gateway(&'a ResourceId),
    Nat(&'a ResourceId),
    Hub(&'a ResourceId),
    Endpoint(&'a Reference),
}

pub(crate) fn lower(
    emit: &mut Emitter<'_>,
    network: &Network,
    vpc: &Vpc,
    plan: &VpcPlan,
    routing: &VpcRouting<'_>,
) {
    VpcLowering {
        emit,
        vpc,
        plan,
        routing,
        scope: VpcScope::new(network, vpc),
        path: Path::root().field("vpcs").key(&vpc.name),
    }
    .lower();
}

struct VpcLowering<'a, 'e> {
    emit: &'a mut Emitter<'e>,
    vpc: &'a Vpc,
    plan: &'a VpcPlan,
    routing: &'a VpcRouting<'a>,
    scope: VpcScope,
    path: Path,
}

impl VpcLowering<'_, '_> {
    fn lower(mut self) {
        let vpc = self.add(Kind::Vpc, &[], &self.path.clone(), |p| {
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
                let subnet = self.add(Kind::Subnet, &names, &path, |p| {
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
                let table = self.add(Kind::RouteTable, &names, &path, |p| {
                    p.insert("vpc_id", vpc.id().into());
                });
                self.add(Kind::RouteTableAssociation, &names, &path, |p| {
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
        self.routes(&subnets, igw.as_ref(), &nats);
        self.flow_logs(&vpc);
    }

    /// The routes of every subnet's route table, by tier:
    /// - public: `0.0.0.0/0` to the internet gateway; in an inspection VPC, internal prefixes
    ///   back through the endpoint of the AZ (so return traffic from the NAT gateway is
    ///   inspected); the hub routes other than the default;
    /// - private: `0.0.0.0/0` to the NAT gateway of the AZ (or the single one); the hub routes;
    /// - transit: in an inspection VPC, `0.0.0.0/0` to the endpoint of the AZ; in an egress VPC
    ///   (attached, with NAT gateways, no inspection), to the NAT gateway of the AZ;
    /// - firewall: internal prefixes to the hub, and `0.0.0.0/0` to the NAT gateway of the AZ
    ///   (egress) or to the hub;
    /// - isolated: nothing beyond the VPC.
    fn routes(
        &mut self,
        subnets: &[Vec<(ResourceId, ResourceId)>],
        igw: Option<&(ResourceId, ResourceId)>,
        nats: &[ResourceId],
    ) {
        let any = Ipv4Net::default();
        let routing = self.routing;
        let hub = routing.hubs.first();
        let inspection = routing.inspection.as_ref();
        for (group, row) in self.vpc.subnet_groups.iter().zip(subnets) {
            let path = self.path.field("subnet_groups").key(&group.name);
            for (i, (az, (_, table))) in self.vpc.azs.iter().zip(row).enumerate() {
                let nat = (!nats.is_empty()).then(|| &nats[i.min(nats.len() - 1)]);
                let mut routes: Vec<(Ipv4Net, Target<'_>)> = Vec::new();
                match group.tier {
                    Tier::Public => {
                        if let Some((gateway, _)) = igw {
                            routes.push((any, Target::Gateway(gateway)));
                        }
                        if let Some(link) = inspection {
                            for net in &link.internal {
                                routes.push((*net, Target::Endpoint(&link.endpoints[i])));
                            }
                        } else if let Some(hub) = hub {
                            for net in hub.routes.iter().filter(|n| n.prefix_len() > 0) {
                                routes.push((*net, Target::Hub(&hub.hub)));
                            }
                        }
                    }
                    Tier::Private => {
                        if let Some(nat) = nat {
                            routes.push((any, Target::Nat(nat)));
                        }
                        if let Some(hub) = hub {
                            for net in &hub.routes {
                                routes.push((*net, Target::Hub(&hub.hub)));
                            }
                        }
                    }
                    Tier::Transit => match (inspection, nat) {
                        (Some(link), _) => {
                            if link.attachment_group == Some(group.name.as_str()) {
                                routes.push((any, Target::Endpoint(&link.endpoints[i])));
                            }
                        }
                        // An egress VPC without inspection: what the hub sends in leaves
                        // through the NAT gateway of its AZ.
                        (None, Some(nat)) if hub.is_some() => routes.push((any, Target::Nat(nat))),
                        (None, _) => {}
                    },
                    Tier::Firewall => {
                        if let (Some(link), Some(hub)) = (inspection, hub) {
                            if link.inspection.firewall_group == group.name {
                                for net in &link.internal {
                                    routes.push((*net, Target::Hub(&hub.hub)));
                                }
                                match nat {
                                    Some(nat) if link.inspection.egress => {
                                        routes.push((any, Target::Nat(nat)))
                                    }
                                    _ => routes.push((any, Target::Hub(&hub.hub))),
                                }
                            }
                        }
                    }
                    Tier::Isolated => {}
                }
                for (destination, target) in routes {
                    let names = [group.name.as_str(), az_suffix(az), &cidr_name(&destination)];
                    let route = self.add(Kind::Route, &names, &path, |p| {
                        p.insert("route_table_id", table.id().into());
                        p.insert("destination_cidr_block", destination.to_string().into());
                        match &target {
                            Target::Gateway(id) => p.insert("gateway_id", id.id().into()),
                            Target::Nat(id) => p.insert("nat_gateway_id", id.id().into()),
                            // A core network is a route target by its ARN.
                            Target::Hub(id) if id.kind == Kind::CoreNetwork => {
                                p.insert("core_network_arn", id.attr(Attr::Arn).into())
                            }
                            Target::Hub(id) => p.insert("transit_gateway_id", id.id().into()),
                            Target::Endpoint(r) => {
                                p.insert("vpc_endpoint_id", Value::Ref((*r).clone()))
                            }
                        };
                    });
                    // A route to the internet gateway needs it attached; a route to a hub
                    // needs the VPC's attachment to that hub.
                    match target {
                        Target::Gateway(_) => {
                            if let Some((_, attachment)) = igw {
                                self.emit.depends_on(&route, attachment);
                            }
                        }
                        Target::Hub(_) => {
                            if let Some(hub) = hub {
                                self.emit.depends_on(&route, &hub.attachment);
                            }
                        }
                        Target::Nat(_) | Target::Endpoint(_) => {}
                    }
                }
            }
        }
    }

    /// The internet gateway and its attachment.
    fn internet_gateway(&mut self, vpc: &ResourceId) -> (ResourceId, ResourceId) {
        let path = self.path.clone();
        let igw = self.add(Kind::InternetGateway, &[], &path, |_| {});
        let attachment = self.add(Kind::InternetGatewayAttachment, &[], &path, |p| {
            p.insert("vpc_id", vpc.id().into());
            p.insert("internet_gateway_id", igw.id().into());
        });
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
            let eip = self.add(Kind::Eip, &names, &path, |p| {
                p.insert("domain", "vpc".into());
            });
            self.emit.depends_on(&eip, attachment);
            let nat = self.add(Kind::NatGateway, &names, &path, |p| {
                p.insert("allocation_id", eip.attr(Attr::AllocationId).into());
                p.insert("subnet_id", subnet.id().into());
            });
            self.emit.depends_on(&nat, attachment);
            nats.push(nat);
        }
        nats
    }

    fn flow_logs(&mut self, vpc: &ResourceId) {
        let Some(flow_logs) = &self.vpc.flow_logs else {
            return;
        };
        let path = self.path.field("flow_logs");
        self.add(Kind::FlowLog, &[], &path, |p| {
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

    /// Adds a resource named `<vpc>-<names...>` in the VPC's account and region.
    fn add(
        &mut self,
        kind: Kind,
        names: &[&str],
        origin: &Path,
        properties: impl FnOnce(&mut IndexMap<&'static str, Value>),
    ) -> ResourceId {
        self.emit
            .add_in(&self.scope, kind, names, origin, properties)
    }

    fn output(&mut self, id: &ResourceId, names: &[&str], description: String) {
        self.emit.output(id, self.scope.names(names), description);
    }
}
