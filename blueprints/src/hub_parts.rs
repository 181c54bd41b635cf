//! Parts both hub blueprints build alike: region codes for names, the inspection (or egress)
//! VPC with its engine, the firewall policy, and the options both take (Block Public Access,
//! gateway endpoints).

use crate::error::UsageError;
use crate::params::{ParamKind, ParamSpec, Params};
use netform_dsl::{
    BlockMode, BlockPublicAccess, DomainAction, ExclusionMode, FirewallPolicy, FiveTupleRule,
    FlowLogs, GatewayEndpoint, Inspection, LatticeAuth, NatMode, Network, ServiceNetwork,
    StatefulAction, StatefulRules, Tier, Vpc, VpcBuilder, GATEWAY_SERVICES,
};

/// The internal supernet: each region gets the next /12 of it.
pub(crate) const SUPERNET_FIRST_OCTET: u8 = 10;

/// A short region code for names: `us-east-1` gives `use1`, `ap-southeast-2` gives `apse2`.
pub(crate) fn region_code(region: &str) -> String {
    let mut parts = region.split('-');
    let (Some(area), Some(direction), Some(number)) = (parts.next(), parts.next(), parts.next())
    else {
        return region.replace('-', "");
    };
    let direction = match direction {
        "southeast" => "se",
        "northeast" => "ne",
        "southwest" => "sw",
        "northwest" => "nw",
        other => &other[..1],
    };
    // GovCloud keeps its extra part: us-gov-west-1 gives usgw1.
    let rest: Vec<&str> = parts.collect();
    if let Some(last) = rest.last() {
        return format!("{area}{direction}{}{last}", &number[..1]);
    }
    format!("{area}{direction}{number}")
}

/// What inspects in the hub VPC of a region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Engine {
    /// AWS Network Firewall.
    NetworkFirewall,
    /// Appliances behind a Gateway Load Balancer.
    Gwlb,
    /// Nothing: the VPC is only the centralized egress (NAT gateways).
    None,
}

/// A spoke VPC of both hub blueprints: a /21 of the region's block with, per AZ, a /28
/// `transit` subnet (for the attachment), a /24 `app` subnet (private) and a /26 `data` subnet
/// (isolated), and the network's flow logs.
pub(crate) fn spoke_vpc(
    name: &str,
    account: &str,
    region: &str,
    block: &str,
    azs: &[String],
    flow_logs: Option<&FlowLogs>,
) -> VpcBuilder {
    let spoke = Vpc::builder(name, account, region)
        .allocate(block, 21)
        .azs(azs.iter().cloned())
        .subnets("transit", Tier::Transit, 28)
        .subnets("app", Tier::Private, 24)
        .subnets("data", Tier::Isolated, 26);
    match flow_logs {
        Some(logs) => spoke.flow_logs(logs.clone()),
        None => spoke,
    }
}

/// The inspection (or egress) VPC of a region.
pub(crate) struct InspectionVpc<'a> {
    pub name: &'a str,
    pub region: &'a str,
    pub block: &'a str,
    pub azs: &'a [String],
    pub engine: Engine,
    pub egress: bool,
    pub flow_logs: Option<&'a FlowLogs>,
    pub params: &'a Params,
}

/// The VPC: a /22 with a /28 per AZ for the hub attachment, the endpoints and the NAT
/// gateways (and a /26 per AZ for appliances behind a Gateway Load Balancer); and its
/// inspection, unless the engine is [`Engine::None`].
pub(crate) fn inspection_vpc(spec: &InspectionVpc<'_>) -> (VpcBuilder, Option<Inspection>) {
    let mut vpc = Vpc::builder(spec.name, "network", spec.region)
        .allocate(spec.block, 22)
        .azs(spec.azs.iter().cloned())
        .subnets("transit", Tier::Transit, 28);
    if spec.engine != Engine::None {
        vpc = vpc.subnets("firewall", Tier::Firewall, 28);
    }
    if spec.egress {
        vpc = vpc.subnets("public", Tier::Public, 28).nat(NatMode::PerAz);
    }
    if spec.engine == Engine::Gwlb {
        vpc = vpc.subnets("appliances", Tier::Isolated, 26);
    }
    if let Some(logs) = spec.flow_logs {
        vpc = vpc.flow_logs(logs.clone());
    }
    let inspection = match spec.engine {
        Engine::None => return (vpc, None),
        Engine::Gwlb => Inspection::gwlb(spec.name, "firewall", "appliances"),
        Engine::NetworkFirewall => {
            Inspection::network_firewall(spec.name, "firewall", firewall_policy(spec.params))
        }
    };
    let inspection = if spec.egress {
        inspection.egress()
    } else {
        inspection
    };
    (vpc, Some(inspection))
}

/// The inspection policy: stateless traffic goes to the stateful engine; HTTP and TLS only
/// to the allowed domains; SMB and RDP never cross the hub.
pub(crate) fn firewall_policy(params: &Params) -> FirewallPolicy {
    let domains: Vec<String> = params
        .list("allowed-domains")
        .into_iter()
        .map(String::from)
        .collect();
    let deny = |protocol: &str, port: &str, sid: u32| FiveTupleRule {
        action: StatefulAction::Drop,
        protocol: protocol.into(),
        source: "ANY".into(),
        source_port: "ANY".into(),
        destination: "ANY".into(),
        destination_port: port.into(),
        bidirectional: false,
        sid,
    };
    FirewallPolicy::default()
        .stateful(
            "allowed-domains",
            100,
            StatefulRules::Domains {
                action: DomainAction::Allow,
                domains,
            },
        )
        .stateful(
            "east-west",
            100,
            StatefulRules::FiveTuple(vec![deny("TCP", "445", 1), deny("TCP", "3389", 2)]),
        )
}

/// The options both hub blueprints take on top of their hubs: centralized interface
/// endpoints, Site-to-Site VPN, gateway endpoints, Block Public Access and VPC Lattice, added
/// to the built network in that order.
pub(crate) fn add_options(
    network: &mut Network,
    params: &Params,
    hub: crate::dns_parts::Hub,
) -> Result<(), UsageError> {
    crate::endpoint_parts::add_interface_endpoints(network, params, hub)?;
    crate::hybrid_parts::add_vpn(network, params, hub)?;
    crate::hybrid_parts::add_dx_gateway(network, params, hub)?;
    add_gateway_endpoints(network, params)?;
    add_block_public_access(network, params);
    add_lattice(network, params);
    Ok(())
}

/// `block-public-access`: VPC Block Public Access in every account and region.
pub(crate) const BLOCK_PUBLIC_ACCESS: ParamSpec = ParamSpec {
    name: "block-public-access",
    kind: ParamKind::Choice(&["off", "bidirectional", "ingress-only"]),
    default: "off",
    help: "VPC Block Public Access in every account and region: bidirectional (the egress VPCs' public subnets excluded, allow-egress) or ingress-only",
};

/// Turns VPC Block Public Access on as `block-public-access` asks. Bidirectional blocking
/// would cut the egress VPCs' NAT gateways off the internet, so their public subnets are
/// excluded with `allow-egress`; ingress-only lets NAT gateways through and needs no exclusion.
fn add_block_public_access(network: &mut Network, params: &Params) {
    let mode = match params.text("block-public-access") {
        "bidirectional" => BlockMode::Bidirectional,
        "ingress-only" => BlockMode::IngressOnly,
        _ => return,
    };
    let mut bpa = BlockPublicAccess::new(mode);
    if mode == BlockMode::Bidirectional {
        for inspection in network.inspections.iter().filter(|i| i.egress) {
            bpa = bpa.exclude_subnets(&inspection.vpc, "public", ExclusionMode::AllowEgress);
        }
    }
    network.block_public_access = Some(bpa);
}

/// `gateway-endpoints`: S3 and DynamoDB gateway endpoints in every VPC but the inspection VPCs.
pub(crate) const GATEWAY_ENDPOINTS: ParamSpec = ParamSpec {
    name: "gateway-endpoints",
    kind: ParamKind::Text,
    default: "none",
    help: "none, or s3 and/or dynamodb, comma-separated: a gateway endpoint for each in every spoke (and DNS) VPC, on all its route tables",
};

/// Adds the gateway endpoints `gateway-endpoints` asks for to every VPC that is not an
/// inspection VPC. The spokes' traffic through the inspection VPC could not use its gateway
/// endpoint anyway: a gateway endpoint serves only its own VPC's route tables.
fn add_gateway_endpoints(network: &mut Network, params: &Params) -> Result<(), UsageError> {
    let text = params.text("gateway-endpoints");
    if text == "none" {
        return Ok(());
    }
    let services = params.list("gateway-endpoints");
    for (i, service) in services.iter().enumerate() {
        if !GATEWAY_SERVICES.contains(service) || services[..i].contains(service) {
            return Err(UsageError::BadValue {
                param: "gateway-endpoints".into(),
                value: text.into(),
                expected: format!(
                    "none, or each of {} at most once, comma-separated (other services have interface endpoints only)",
                    GATEWAY_SERVICES.join(", ")
                ),
            });
        }
    }
    let inspection: Vec<String> = network.inspections.iter().map(|i| i.vpc.clone()).collect();
    for vpc in network
        .vpcs
        .iter_mut()
        .filter(|v| !inspection.contains(&v.name))
    {
        vpc.gateway_endpoints
            .extend(services.iter().map(|s| GatewayEndpoint::new(*s)));
    }
    Ok(())
}

/// `lattice`: a VPC Lattice service network per region.
pub(crate) const LATTICE: ParamSpec = ParamSpec {
    name: "lattice",
    kind: ParamKind::Choice(&["off", "none", "aws-iam"]),
    default: "off",
    help: "a VPC Lattice service network per region in the network account, shared like the hub, every VPC but the inspection VPCs associated (TCP 443 from the VPC): auth none, or aws-iam with a policy allowing the organization (organization-id)",
};

/// Adds a service network per region as `lattice` asks: `apps-<region code>` in the network
/// account, shared with the hub's principals, with every VPC of the region except the
/// inspection VPCs associated on TCP 443. With `aws-iam` its auth policy lets any principal of
/// the organization invoke its services (`aws:PrincipalOrgID`), the usual starting point.
fn add_lattice(network: &mut Network, params: &Params) {
    let auth = match params.text("lattice") {
        "none" => LatticeAuth::None,
        "aws-iam" => LatticeAuth::AwsIam,
        _ => return,
    };
    let owner = network
        .accounts
        .iter()
        .find(|a| a.role == netform_dsl::AccountRole::Network)
        .map(|a| a.alias.clone())
        .expect("hub blueprints have a network account");
    let inspection: Vec<&str> = network.inspections.iter().map(|i| i.vpc.as_str()).collect();
    let mut regions: Vec<&str> = Vec::new();
    for vpc in &network.vpcs {
        if !regions.contains(&vpc.region.as_str()) {
            regions.push(&vpc.region);
        }
    }
    let mut service_networks = Vec::new();
    for region in regions {
        let mut sn = ServiceNetwork::new(format!("apps-{}", region_code(region)), &owner, region)
            .auth(auth)
            .share_with(share_principals(params));
        if auth == LatticeAuth::AwsIam {
            sn = sn.auth_policy(serde_json::json!({
                "Version": "2012-10-17",
                "Statement": [{
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "vpc-lattice-svcs:Invoke",
                    "Resource": "*",
                    "Condition": {"StringEquals": {"aws:PrincipalOrgID": params.text("organization-id")}}
                }]
            }));
        }
        for vpc in network.vpcs.iter().filter(|v| v.region == region) {
            if !inspection.contains(&vpc.name.as_str()) {
                sn = sn.associate(&vpc.name, [443]);
            }
        }
        service_networks.push(sn);
    }
    network.service_networks.extend(service_networks);
}

/// `organization-id`: expands a bare OU id in `share-with`.
pub(crate) const ORGANIZATION_ID: ParamSpec = ParamSpec {
    name: "organization-id",
    kind: ParamKind::Text,
    default: "o-abcd1234ef",
    help: "the AWS Organizations id (o-...) that a bare OU id in share-with belongs to",
};

/// `management-account-id`: expands a bare OU id in `share-with`.
pub(crate) const MANAGEMENT_ACCOUNT_ID: ParamSpec = ParamSpec {
    name: "management-account-id",
    kind: ParamKind::Text,
    default: "999999999999",
    help: "12-digit id of the organization's management account (it appears in OU ARNs)",
};

/// The RAM principals of `share-with`: `accounts` (every workload account, by alias), an
/// ARN or account id as given, or a bare OU id (`ou-abcd-12345678`) expanded to the OU ARN
/// RAM requires, `arn:aws:organizations::<management account>:ou/<organization>/<ou>`
/// ("CreateResourceShare", AWS RAM API Reference).
pub(crate) fn share_principals(params: &Params) -> Vec<String> {
    let workloads = params.list("workload-account-ids").len();
    match params.text("share-with") {
        "accounts" => (1..=workloads).map(|i| format!("workload-{i}")).collect(),
        ou if ou.starts_with("ou-") => vec![format!(
            "arn:aws:organizations::{}:ou/{}/{ou}",
            params.text("management-account-id"),
            params.text("organization-id")
        )],
        principal => vec![principal.to_string()],
    }
}

#[cfg(test)]
mod tests {
    use super::region_code;

    #[test]
    fn region_codes() {
        assert_eq!(region_code("us-east-1"), "use1");
        assert_eq!(region_code("eu-west-1"), "euw1");
        assert_eq!(region_code("ap-southeast-2"), "apse2");
        assert_eq!(region_code("ap-south-2"), "aps2");
        assert_eq!(region_code("us-gov-west-1"), "usgw1");
    }
}
