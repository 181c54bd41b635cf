//! One VPC: the VPC, its internet gateway, subnets and route tables AZ by AZ, NAT gateways,
//! the routes each tier gets (with the hub and inspection links of [`super::routing`]), and
//! flow logs.

use super::ipam::{PoolRefs, Pools};
use super::routing::VpcRouting;
use super::{az_suffix, cidr_name, Emitter, VpcScope};
use crate::graph::{Reference, ResourceId, Value};
use crate::kinds::{Attr, Kind};
use indexmap::IndexMap;
use ipnet::Ipv4Net;
use netform_dsl::{
    FlowLogDestination, NatMode, Network, Path, SubnetGroup, Tier, Vpc, VpcCidr, VpcIpv6, VpcPlan,
};

/// Where a route goes.
enum Target<'a> {
    Gateway(&'a ResourceId),
    EgressOnly(&'a ResourceId),
    Nat(&'a ResourceId),
    Hub(&'a ResourceId),
    Endpoint(&'a Reference),
}

/// The IPv6 default route and the NAT64 prefix DNS64 answers in: "the well-known /96 prefix,
/// defined in RFC6052 (64:ff9b::/96)" (Amazon VPC User Guide, "DNS64 and NAT64").
const IPV6_ANY: &str = "::/0";
const NAT64_PREFIX: &str = "64:ff9b::/96";

pub(crate) fn lower(
    emit: &mut Emitter<'_>,
    network: &Network,
    vpc: &Vpc,
    plan: &VpcPlan,
    routing: &VpcRouting<'_>,
    pools: &Pools,
) {
    VpcLowering {
        emit,
        vpc,
        plan,
        routing,
        pools,
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
    pools: &'a Pools,
    scope: VpcScope,
    path: Path,
}

/// A subnet and its route table.
type SubnetIds = (ResourceId, ResourceId);

impl VpcLowering<'_, '_> {
    fn lower(mut self) {
        let (pool, at_deploy) = match &self.vpc.cidr {
            VpcCidr::Ipam { pool, netmask } => (self.pools.get(pool), Some(*netmask)),
            VpcCidr::Allocated { block, .. } => (self.pools.get(block), None),
            VpcCidr::Pinned(_) => (None, None),
        };
        let vpc = self.add(Kind::Vpc, &[], &self.path.clone(), |p| {
            match at_deploy {
                None => p.insert("cidr_block", self.plan.cidr.to_string().into()),
                Some(_) => None,
            };
            match (pool, at_deploy) {
                (Some(pool), Some(netmask)) => {
                    p.insert("ipv4_ipam_pool_id", pool.pool.id().into());
                    p.insert("ipv4_netmask_length", i64::from(netmask).into());
                }
                (Some(pool), None) => {
                    p.insert("recorded_in_pool", pool.pool.id().into());
                }
                (None, _) => {}
            }
            p.insert("enable_dns_support", true.into());
            p.insert("enable_dns_hostnames", true.into());
        });
        if let Some(pool) = pool {
            self.wait_for_pool(&vpc, pool);
        }
        self.output(&vpc, &["vpc-id"], format!("Id of VPC {}", self.vpc.name));
        let ipv6_block = self.ipv6_block(&vpc);

        let has_public = self
            .vpc
            .subnet_groups
            .iter()
            .any(|g| g.tier == Tier::Public);
        let igw = has_public.then(|| self.internet_gateway(&vpc));

        // Subnets and their route tables, group by group, AZ by AZ.
        let mut subnets: Vec<Vec<SubnetIds>> = Vec::new();
        for (g, group) in self.vpc.subnet_groups.iter().enumerate() {
            let path = self.path.field("subnet_groups").key(&group.name);
            let mut row = Vec::new();
            for (i, az) in self.vpc.azs.iter().enumerate() {
                let names = [group.name.as_str(), az_suffix(az)];
                let ipv4 = self.ipv4_value(&vpc, g, i, at_deploy.is_some());
                let ipv6 = ipv6_block.as_ref().and_then(|b| self.ipv6_value(b, g, i));
                let subnet = self.add(Kind::Subnet, &names, &path, |p| {
                    p.insert("vpc_id", vpc.id().into());
                    if let Some(ipv4) = ipv4 {
                        p.insert("cidr_block", ipv4);
                    }
                    p.insert("availability_zone", az.as_str().into());
                    p.insert("map_public_ip_on_launch", false.into());
                    if let Some(ipv6) = ipv6 {
                        p.insert("ipv6_cidr_block", ipv6);
                        p.insert("assign_ipv6_address_on_creation", true.into());
                        if group.ipv6_only() {
                            p.insert("ipv6_native", true.into());
                        }
                        if group.ipv6.as_ref().is_some_and(|v| v.dns64) {
                            p.insert("enable_dns64", true.into());
                        }
                    }
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
        let needs_eigw = self
            .vpc
            .subnet_groups
            .iter()
            .any(|g| g.tier == Tier::Private && g.ipv6.is_some());
        let eigw = needs_eigw.then(|| {
            let path = self.path.clone();
            self.add(Kind::EgressOnlyIgw, &[], &path, |p| {
                p.insert("vpc_id", vpc.id().into());
            })
        });
        self.ipv6_routes(&subnets, igw.as_ref(), eigw.as_ref(), &nats);
        self.gateway_endpoints(&vpc, &subnets);
        self.interface_endpoints(&vpc, &subnets);
        self.flow_logs(&vpc);
    }

    /// Each interface endpoint, with an interface in every subnet of its group and a security
    /// group of its own: HTTPS in from the VPC and the allowed ranges, no rule out (replies
    /// pass by connection tracking).
    fn interface_endpoints(&mut self, vpc: &ResourceId, subnets: &[Vec<SubnetIds>]) {
        for (i, endpoint) in self.vpc.interface_endpoints.iter().enumerate() {
            let path = self.path.field("interface_endpoints").index(i);
            let label = endpoint.service.replace('.', "-");
            let group = self
                .vpc
                .subnet_groups
                .iter()
                .position(|g| g.name == endpoint.subnet_group)
                .expect("validated: the endpoint's subnet group exists");
            let sg = self.add(Kind::SecurityGroup, &[&label, "endpoint"], &path, |p| {
                p.insert(
                    "description",
                    format!(
                        "Interface endpoint for {} in VPC {}",
                        endpoint.service, self.vpc.name
                    )
                    .into(),
                );
                p.insert("vpc_id", vpc.id().into());
            });
            let sources = std::iter::once(("vpc".to_string(), vpc.attr(Attr::CidrBlock).into()))
                .chain(
                    endpoint
                        .allow_from
                        .iter()
                        .filter_map(|c| c.parse::<Ipv4Net>().ok())
                        .map(|c| (cidr_name(&c), Value::String(c.to_string()))),
                );
            for (name, source) in sources {
                self.add(
                    Kind::SgIngress,
                    &[&label, "endpoint", "in", &name],
                    &path,
                    |p| {
                        p.insert("security_group_id", sg.id().into());
                        p.insert("ip_protocol", "tcp".into());
                        p.insert("from_port", 443.into());
                        p.insert("to_port", 443.into());
                        p.insert("cidr_ipv4", source);
                        p.insert("description", "HTTPS to the endpoint".into());
                    },
                );
            }
            self.add(
                Kind::SgEgress,
                &[&label, "endpoint", "out", "none"],
                &path,
                |p| super::no_traffic_out(p, &sg),
            );
            let service = format!("com.amazonaws.{}.{}", self.vpc.region, endpoint.service);
            let subnet_ids: Vec<Value> =
                subnets[group].iter().map(|(s, _)| s.id().into()).collect();
            self.add(Kind::VpcEndpoint, &[&label, "interface"], &path, |p| {
                p.insert("vpc_id", vpc.id().into());
                p.insert("service_name", service.into());
                p.insert("vpc_endpoint_type", "Interface".into());
                p.insert("subnet_ids", Value::List(subnet_ids));
                p.insert("security_group_ids", Value::List(vec![sg.id().into()]));
                p.insert("private_dns_enabled", endpoint.private_dns.into());
                if let Some(policy) = &endpoint.policy {
                    p.insert("policy", Value::Document(policy.clone()));
                }
            });
        }
    }

    /// Each gateway endpoint, named by its service, with the route tables of its subnet
    /// groups (every group's when it names none): AWS adds the route to the service's prefix
    /// list to each of them.
    fn gateway_endpoints(&mut self, vpc: &ResourceId, subnets: &[Vec<SubnetIds>]) {
        for (i, endpoint) in self.vpc.gateway_endpoints.iter().enumerate() {
            let path = self.path.field("gateway_endpoints").index(i);
            let tables: Vec<Value> = self
                .vpc
                .subnet_groups
                .iter()
                .zip(subnets)
                .filter(|(group, _)| {
                    endpoint.subnet_groups.is_empty()
                        || endpoint.subnet_groups.contains(&group.name)
                })
                .flat_map(|(_, row)| row.iter().map(|(_, table)| table.id().into()))
                .collect();
            let service = format!("com.amazonaws.{}.{}", self.vpc.region, endpoint.service);
            self.add(
                Kind::VpcEndpoint,
                &[endpoint.service.as_str()],
                &path,
                |p| {
                    p.insert("vpc_id", vpc.id().into());
                    p.insert("service_name", service.into());
                    p.insert("vpc_endpoint_type", "Gateway".into());
                    p.insert("route_table_ids", Value::List(tables));
                    if let Some(policy) = &endpoint.policy {
                        p.insert("policy", Value::Document(policy.clone()));
                    }
                },
            );
        }
    }

    /// A VPC allocating from a pool waits for the pool's CIDR and, from another account, for
    /// the pool's share.
    fn wait_for_pool(&mut self, id: &ResourceId, pool: &PoolRefs) {
        self.emit.depends_on(id, &pool.ready);
        if pool.account != self.vpc.account {
            for part in &pool.shared {
                self.emit.depends_on(id, part);
            }
        }
    }

    /// The VPC's IPv6 block, if it has one: Amazon's /56 or a block of its pool.
    fn ipv6_block(&mut self, vpc: &ResourceId) -> Option<ResourceId> {
        let ipv6 = self.vpc.ipv6.as_ref()?;
        let pool = match ipv6 {
            VpcIpv6::Ipam { pool, .. } => self.pools.get(pool),
            VpcIpv6::AmazonProvided => None,
        };
        let path = self.path.field("ipv6");
        let block = self.add(Kind::VpcIpv6Block, &[], &path, |p| {
            p.insert("vpc_id", vpc.id().into());
            match ipv6 {
                VpcIpv6::AmazonProvided => {
                    p.insert("amazon_provided", true.into());
                }
                VpcIpv6::Ipam { netmask, .. } => {
                    if let Some(pool) = pool {
                        p.insert("ipv6_ipam_pool_id", pool.pool.id().into());
                    }
                    p.insert("ipv6_netmask_length", i64::from(*netmask).into());
                }
            }
        });
        if let Some(pool) = pool {
            self.wait_for_pool(&block, pool);
        }
        Some(block)
    }

    /// The IPv4 CIDR of group `g`'s subnet in AZ `i`: as text, or relative to the VPC's
    /// block when IPAM chooses that block at deploy time. `None` for an IPv6-only group.
    fn ipv4_value(&self, vpc: &ResourceId, g: usize, i: usize, at_deploy: bool) -> Option<Value> {
        let cidr = *self.plan.subnet_groups[g].get(i)?;
        if !at_deploy {
            return Some(cidr.to_string().into());
        }
        let block = self.plan.cidr;
        let offset = u32::from(cidr.network()) - u32::from(block.network());
        Some(Value::CidrSubnet {
            block: vpc.attr(Attr::CidrBlock),
            new_bits: cidr.prefix_len() - block.prefix_len(),
            index: u64::from(offset >> (32 - u32::from(cidr.prefix_len()))),
            prefix: cidr.prefix_len(),
            width: 32,
        })
    }

    /// The IPv6 block of group `g`'s subnet in AZ `i`, relative to the VPC's block.
    fn ipv6_value(&self, block: &ResourceId, g: usize, i: usize) -> Option<Value> {
        let plan = self.plan.ipv6.as_ref()?;
        let slot = plan.subnet_groups[g].get(i)?;
        Some(Value::CidrSubnet {
            block: block.attr(Attr::Ipv6CidrBlock),
            new_bits: slot.prefix - plan.prefix,
            index: slot.index,
            prefix: slot.prefix,
            width: 128,
        })
    }

    /// The IPv6 routes of each group with IPv6: `::/0` to the internet gateway (public) or
    /// the egress-only internet gateway (private), and `64:ff9b::/96` to the AZ's NAT gateway
    /// where DNS64 is on (NAT64).
    fn ipv6_routes(
        &mut self,
        subnets: &[Vec<SubnetIds>],
        igw: Option<&SubnetIds>,
        eigw: Option<&ResourceId>,
        nats: &[ResourceId],
    ) {
        for (group, row) in self.vpc.subnet_groups.iter().zip(subnets) {
            let Some(ipv6) = &group.ipv6 else { continue };
            let path = self.path.field("subnet_groups").key(&group.name);
            for (i, (az, (_, table))) in self.vpc.azs.iter().zip(row).enumerate() {
                let mut routes: Vec<(&str, &str, Target<'_>)> = Vec::new();
                match (group.tier, igw, eigw) {
                    (Tier::Public, Some((gateway, _)), _) => {
                        routes.push(("ipv6-default", IPV6_ANY, Target::Gateway(gateway)))
                    }
                    (Tier::Private, _, Some(eigw)) => {
                        routes.push(("ipv6-default", IPV6_ANY, Target::EgressOnly(eigw)))
                    }
                    _ => {}
                }
                if ipv6.dns64 && !nats.is_empty() {
                    let nat = &nats[i.min(nats.len() - 1)];
                    routes.push(("nat64", NAT64_PREFIX, Target::Nat(nat)));
                }
                for (name, destination, target) in routes {
                    let names = [group.name.as_str(), az_suffix(az), name];
                    let route = self.add(Kind::Route, &names, &path, |p| {
                        p.insert("route_table_id", table.id().into());
                        p.insert("destination_ipv6_cidr_block", destination.into());
                        match &target {
                            Target::Gateway(id) => p.insert("gateway_id", id.id().into()),
                            Target::EgressOnly(id) => {
                                p.insert("egress_only_gateway_id", id.id().into())
                            }
                            Target::Nat(id) => p.insert("nat_gateway_id", id.id().into()),
                            Target::Hub(_) | Target::Endpoint(_) => {
                                unreachable!("IPv6 routes go to gateways only")
                            }
                        };
                    });
                    if let (Target::Gateway(_), Some((_, attachment))) = (&target, igw) {
                        self.emit.depends_on(&route, attachment);
                    }
                }
            }
        }
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
    fn routes(&mut self, subnets: &[Vec<SubnetIds>], igw: Option<&SubnetIds>, nats: &[ResourceId]) {
        let any = Ipv4Net::default();
        let routing = self.routing;
        let hub = routing.hubs.first();
        let inspection = routing.inspection.as_ref();
        for (group, row) in self.vpc.subnet_groups.iter().zip(subnets) {
            if group.ipv6_only() {
                continue; // no IPv4 to route: see `ipv6_routes`
            }
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
                            Target::EgressOnly(_) => unreachable!("IPv4 routes never use it"),
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
                        Target::Nat(_) | Target::Endpoint(_) | Target::EgressOnly(_) => {}
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
        subnets: &[Vec<SubnetIds>],
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
            .position(|g: &SubnetGroup| g.tier == Tier::Public && !g.ipv6_only())
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
