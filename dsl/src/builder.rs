//! Builders for the model. They never fail: every mistake is reported, with the others, by
//! [`Network::validate`](crate::Network::validate).

use crate::model::{
    Account, AccountRole, FlowLogDestination, FlowLogs, IpBlock, NatMode, Network, SubnetGroup,
    SubnetIpv6, SubnetSize, Tags, Tier, TrafficType, Vpc, VpcCidr, VpcIpv6,
};
use crate::{CoreNetwork, Inspection, TransitGateway};

/// Builds a [`Network`].
///
/// ```
/// use netform_dsl::{NatMode, Network, Tier, Vpc};
///
/// let network = Network::builder("acme")
///     .tag("owner", "platform")
///     .network_account("network", "111111111111")
///     .account("prod", "222222222222")
///     .ip_block("corp", "10.0.0.0/8")
///     .vpc(
///         Vpc::builder("prod-app", "prod", "us-east-1")
///             .allocate("corp", 16)
///             .azs(["us-east-1a", "us-east-1b"])
///             .subnets("public", Tier::Public, 24)
///             .subnets("private", Tier::Private, 20)
///             .nat(NatMode::PerAz),
///     )
///     .build();
/// let valid = network.validate().expect("a valid network");
/// assert_eq!(valid.vpc_cidr(0).to_string(), "10.0.0.0/16");
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct NetworkBuilder {
    network: Network,
}

impl Network {
    /// Starts a network named `name`.
    pub fn builder(name: impl Into<String>) -> NetworkBuilder {
        NetworkBuilder {
            network: Network {
                name: name.into(),
                tags: Tags::new(),
                accounts: Vec::new(),
                ip_blocks: Vec::new(),
                vpcs: Vec::new(),
                transit_gateways: Vec::new(),
                inspections: Vec::new(),
                core_network: None,
                dns: crate::Dns::default(),
                ipam: None,
                block_public_access: None,
                service_networks: Vec::new(),
                customer_gateways: Vec::new(),
                vpn_connections: Vec::new(),
                dx_gateways: Vec::new(),
                intents: Vec::new(),
            },
        }
    }
}

impl NetworkBuilder {
    /// Adds a tag to every taggable resource.
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.network.tags.insert(key.into(), value.into());
        self
    }

    /// Adds the network account: the one that owns the shared network.
    pub fn network_account(self, alias: impl Into<String>, id: impl Into<String>) -> Self {
        self.with_account(alias, id, AccountRole::Network)
    }

    /// Adds a workload account.
    pub fn account(self, alias: impl Into<String>, id: impl Into<String>) -> Self {
        self.with_account(alias, id, AccountRole::Workload)
    }

    fn with_account(
        mut self,
        alias: impl Into<String>,
        id: impl Into<String>,
        role: AccountRole,
    ) -> Self {
        self.network.accounts.push(Account {
            alias: alias.into(),
            id: id.into(),
            role,
        });
        self
    }

    /// Adds a named IPv4 block that VPCs can be allocated from.
    pub fn ip_block(mut self, name: impl Into<String>, cidr: impl Into<String>) -> Self {
        self.network.ip_blocks.push(IpBlock {
            name: name.into(),
            cidr: cidr.into(),
        });
        self
    }

    /// Adds a VPC.
    pub fn vpc(mut self, vpc: impl Into<Vpc>) -> Self {
        self.network.vpcs.push(vpc.into());
        self
    }

    /// Adds a Transit Gateway.
    pub fn transit_gateway(mut self, tgw: impl Into<TransitGateway>) -> Self {
        self.network.transit_gateways.push(tgw.into());
        self
    }

    /// Makes a VPC an inspection VPC.
    pub fn inspection(mut self, inspection: Inspection) -> Self {
        self.network.inspections.push(inspection);
        self
    }

    /// Sets the Cloud WAN core network.
    pub fn core_network(mut self, core: impl Into<CoreNetwork>) -> Self {
        self.network.core_network = Some(core.into());
        self
    }

    /// Adds DNS: endpoints, rules, zones, profiles, DNS Firewall, query logging (see
    /// [`DnsBuilder`](crate::DnsBuilder)). May be called more than once.
    pub fn dns(mut self, f: impl FnOnce(crate::DnsBuilder) -> crate::DnsBuilder) -> Self {
        let dns = std::mem::take(&mut self.network.dns);
        self.network.dns = f(crate::DnsBuilder::from_dns(dns)).build();
        self
    }

    /// Sets the IPAM and its pools.
    pub fn ipam(mut self, ipam: impl Into<crate::Ipam>) -> Self {
        self.network.ipam = Some(ipam.into());
        self
    }

    /// Turns VPC Block Public Access on (see [`BlockPublicAccess`](crate::BlockPublicAccess)).
    pub fn block_public_access(mut self, bpa: crate::BlockPublicAccess) -> Self {
        self.network.block_public_access = Some(bpa);
        self
    }

    /// Adds a VPC Lattice service network (see [`ServiceNetwork`](crate::ServiceNetwork)).
    pub fn service_network(mut self, network: crate::ServiceNetwork) -> Self {
        self.network.service_networks.push(network);
        self
    }

    /// Adds a customer gateway (an on-premises VPN device).
    pub fn customer_gateway(mut self, gateway: crate::CustomerGateway) -> Self {
        self.network.customer_gateways.push(gateway);
        self
    }

    /// Adds a Site-to-Site VPN connection.
    pub fn vpn(mut self, connection: crate::VpnConnection) -> Self {
        self.network.vpn_connections.push(connection);
        self
    }

    /// Adds a Direct Connect gateway.
    pub fn dx_gateway(mut self, gateway: crate::DxGateway) -> Self {
        self.network.dx_gateways.push(gateway);
        self
    }

    /// Adds a traffic intent, which `netform check` proves or refutes.
    pub fn intent(mut self, intent: crate::Intent) -> Self {
        self.network.intents.push(intent);
        self
    }

    /// The network, not yet validated.
    pub fn build(self) -> Network {
        self.network
    }
}

/// Builds a [`Vpc`].
///
/// ```
/// use netform_dsl::{FlowLogs, NatMode, Tier, Vpc};
///
/// let vpc: Vpc = Vpc::builder("shared", "network", "eu-west-1")
///     .cidr("10.20.0.0/16")
///     .azs(["eu-west-1a", "eu-west-1b", "eu-west-1c"])
///     .subnets("public", Tier::Public, 24)
///     .subnets_pinned("db", Tier::Isolated, ["10.20.200.0/24", "10.20.201.0/24", "10.20.202.0/24"])
///     .nat(NatMode::Single)
///     .flow_logs(FlowLogs::s3("arn:aws:s3:::acme-flow-logs"))
///     .tag("cost-center", "net")
///     .build();
/// assert_eq!(vpc.subnet_groups.len(), 2);
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct VpcBuilder {
    vpc: Vpc,
}

impl Vpc {
    /// Starts a VPC named `name`, owned by the account with alias `account`, in `region`.
    /// Give it a CIDR with [`VpcBuilder::cidr`] or [`VpcBuilder::allocate`].
    pub fn builder(
        name: impl Into<String>,
        account: impl Into<String>,
        region: impl Into<String>,
    ) -> VpcBuilder {
        VpcBuilder {
            vpc: Vpc {
                name: name.into(),
                account: account.into(),
                region: region.into(),
                cidr: VpcCidr::Pinned(String::new()),
                ipv6: None,
                azs: Vec::new(),
                reserved_azs: None,
                subnet_groups: Vec::new(),
                nat: NatMode::None,
                flow_logs: None,
                gateway_endpoints: Vec::new(),
                interface_endpoints: Vec::new(),
                tags: Tags::new(),
            },
        }
    }
}

impl VpcBuilder {
    /// Pins the VPC's CIDR.
    pub fn cidr(mut self, cidr: impl Into<String>) -> Self {
        self.vpc.cidr = VpcCidr::Pinned(cidr.into());
        self
    }

    /// Takes the VPC's CIDR from the named IPv4 IPAM pool at deploy time: IPAM picks a free
    /// `/netmask`. The subnets are planned relative to it.
    pub fn ipam(mut self, pool: impl Into<String>, netmask: u8) -> Self {
        self.vpc.cidr = VpcCidr::Ipam {
            pool: pool.into(),
            netmask,
        };
        self
    }

    /// Allocates the VPC's CIDR: the first free `/prefix` of the named IP block, or of the
    /// named IPv4 IPAM pool (netform's planner picks it offline; IPAM records it).
    pub fn allocate(mut self, block: impl Into<String>, prefix: u8) -> Self {
        self.vpc.cidr = VpcCidr::Allocated {
            block: block.into(),
            prefix,
        };
        self
    }

    /// Sets the Availability Zones, such as `["us-east-1a", "us-east-1b"]`.
    pub fn azs<I, S>(mut self, azs: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.vpc.azs = azs.into_iter().map(Into::into).collect();
        self
    }

    /// Plans every allocated subnet group for `count` AZs although the VPC uses fewer now, so
    /// that adding an AZ later (up to `count`) moves no existing subnet. Without it, subnet
    /// groups are packed for the AZs listed, and a group planned after a new AZ's subnets
    /// would shift (and a moved subnet CIDR replaces the subnet in AWS).
    ///
    /// ```
    /// use netform_dsl::{Network, Tier, Vpc};
    ///
    /// let vpc = |azs: &[&str]| {
    ///     Vpc::builder("app", "network", "us-east-1")
    ///         .cidr("10.0.0.0/16")
    ///         .azs(azs.iter().copied())
    ///         .reserve_azs(3)
    ///         .subnets("public", Tier::Public, 24)
    ///         .subnets("private", Tier::Private, 20)
    /// };
    /// let plan = |azs: &[&str]| {
    ///     let net = Network::builder("acme")
    ///         .network_account("network", "111111111111")
    ///         .vpc(vpc(azs))
    ///         .build();
    ///     net.validate().unwrap().plan()[0].subnet_groups.clone()
    /// };
    /// let two = plan(&["us-east-1a", "us-east-1b"]);
    /// let three = plan(&["us-east-1a", "us-east-1b", "us-east-1c"]);
    /// assert_eq!(three[1][..2], two[1][..]); // the private subnets did not move
    /// ```
    pub fn reserve_azs(mut self, count: u8) -> Self {
        self.vpc.reserved_azs = Some(count);
        self
    }

    /// Adds a subnet group: one `/prefix` subnet per AZ, allocated from the VPC's CIDR.
    pub fn subnets(mut self, name: impl Into<String>, tier: Tier, prefix: u8) -> Self {
        self.vpc.subnet_groups.push(SubnetGroup {
            name: name.into(),
            tier,
            size: SubnetSize::Prefix(prefix),
            ipv6: None,
        });
        self
    }

    /// Adds a dual-stack subnet group: per AZ, a `/prefix` IPv4 subnet and a `/ipv6_prefix`
    /// IPv6 block from the VPC's IPv6 block (give the VPC one with [`VpcBuilder::ipv6`]).
    pub fn dual_stack_subnets(
        mut self,
        name: impl Into<String>,
        tier: Tier,
        prefix: u8,
        ipv6_prefix: u8,
    ) -> Self {
        self.vpc.subnet_groups.push(SubnetGroup {
            name: name.into(),
            tier,
            size: SubnetSize::Prefix(prefix),
            ipv6: Some(SubnetIpv6 {
                prefix: ipv6_prefix,
                dns64: false,
            }),
        });
        self
    }

    /// Adds an IPv6-only subnet group: per AZ, a `/ipv6_prefix` block of the VPC's IPv6
    /// block and no IPv4 CIDR. Turn on DNS64 with [`VpcBuilder::dns64`].
    pub fn ipv6_only_subnets(
        mut self,
        name: impl Into<String>,
        tier: Tier,
        ipv6_prefix: u8,
    ) -> Self {
        self.vpc.subnet_groups.push(SubnetGroup {
            name: name.into(),
            tier,
            size: SubnetSize::None,
            ipv6: Some(SubnetIpv6 {
                prefix: ipv6_prefix,
                dns64: false,
            }),
        });
        self
    }

    /// Turns on DNS64 on the subnet group named `group` (added before, with IPv6): its
    /// subnets route `64:ff9b::/96` to the VPC's NAT gateway. DNS64 is part of a group's
    /// IPv6 settings, so on a group without IPv6 (or no such group) it does nothing: add the
    /// group with [`VpcBuilder::dual_stack_subnets`] or [`VpcBuilder::ipv6_only_subnets`].
    pub fn dns64(mut self, group: &str) -> Self {
        if let Some(ipv6) = self
            .vpc
            .subnet_groups
            .iter_mut()
            .filter(|g| g.name == group)
            .find_map(|g| g.ipv6.as_mut())
        {
            ipv6.dns64 = true;
        }
        self
    }

    /// Gives the VPC an IPv6 block: an Amazon-provided /56.
    pub fn ipv6(mut self) -> Self {
        self.vpc.ipv6 = Some(VpcIpv6::AmazonProvided);
        self
    }

    /// Gives the VPC an IPv6 block of `/netmask` from the named IPv6 IPAM pool.
    pub fn ipv6_from_pool(mut self, pool: impl Into<String>, netmask: u8) -> Self {
        self.vpc.ipv6 = Some(VpcIpv6::Ipam {
            pool: pool.into(),
            netmask,
        });
        self
    }

    /// Adds a subnet group with pinned CIDRs, one per AZ in the VPC's AZ order.
    pub fn subnets_pinned<I, S>(mut self, name: impl Into<String>, tier: Tier, cidrs: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.vpc.subnet_groups.push(SubnetGroup {
            name: name.into(),
            tier,
            size: SubnetSize::Pinned(cidrs.into_iter().map(Into::into).collect()),
            ipv6: None,
        });
        self
    }

    /// Sets how private subnets reach the internet.
    pub fn nat(mut self, nat: NatMode) -> Self {
        self.vpc.nat = nat;
        self
    }

    /// Turns on flow logs for the VPC.
    pub fn flow_logs(mut self, flow_logs: FlowLogs) -> Self {
        self.vpc.flow_logs = Some(flow_logs);
        self
    }

    /// Adds a tag to the VPC's resources.
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.vpc.tags.insert(key.into(), value.into());
        self
    }

    /// Adds a gateway endpoint: `"s3"`, `"dynamodb"`, or a
    /// [`GatewayEndpoint`](crate::GatewayEndpoint) limited to some subnet groups or with a
    /// policy.
    pub fn gateway_endpoint(mut self, endpoint: impl Into<crate::GatewayEndpoint>) -> Self {
        self.vpc.gateway_endpoints.push(endpoint.into());
        self
    }

    /// Adds an interface endpoint (AWS PrivateLink).
    pub fn interface_endpoint(mut self, endpoint: crate::InterfaceEndpoint) -> Self {
        self.vpc.interface_endpoints.push(endpoint);
        self
    }

    /// The VPC.
    pub fn build(self) -> Vpc {
        self.vpc
    }
}

impl From<VpcBuilder> for Vpc {
    fn from(builder: VpcBuilder) -> Self {
        builder.build()
    }
}

impl FlowLogs {
    /// Flow logs of all traffic to an S3 bucket, by ARN.
    ///
    /// ```
    /// use netform_dsl::{FlowLogs, TrafficType};
    /// let logs = FlowLogs::s3("arn:aws:s3:::acme-flow-logs").traffic(TrafficType::Reject);
    /// assert_eq!(logs.traffic, TrafficType::Reject);
    /// ```
    pub fn s3(bucket_arn: impl Into<String>) -> Self {
        Self {
            destination: FlowLogDestination::S3 {
                bucket_arn: bucket_arn.into(),
            },
            traffic: TrafficType::All,
        }
    }

    /// Flow logs of all traffic to a CloudWatch Logs group, written through `role_arn`.
    ///
    /// ```
    /// use netform_dsl::FlowLogs;
    /// let logs = FlowLogs::cloudwatch(
    ///     "arn:aws:logs:us-east-1:111111111111:log-group:flow-logs",
    ///     "arn:aws:iam::111111111111:role/flow-logs",
    /// );
    /// assert!(matches!(logs.destination, netform_dsl::FlowLogDestination::CloudWatch { .. }));
    /// ```
    pub fn cloudwatch(log_group_arn: impl Into<String>, role_arn: impl Into<String>) -> Self {
        Self {
            destination: FlowLogDestination::CloudWatch {
                log_group_arn: log_group_arn.into(),
                role_arn: role_arn.into(),
            },
            traffic: TrafficType::All,
        }
    }

    /// Records only this traffic.
    pub fn traffic(mut self, traffic: TrafficType) -> Self {
        self.traffic = traffic;
        self
    }
}
