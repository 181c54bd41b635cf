//! Shared helpers: networks to test with, and rendering them.

use netform::backends::{lower, OutputFile, ResourceGraph, Target};
use netform::blueprints::Registry;
use netform::dsl::{
    Code, Diagnostic, Diagnostics, FlowLogs, InspectionEngine, NatMode, Network, PortRange,
    Severity, StatefulRules, StatelessAction, StatelessRule, TgwRoute, TgwTarget, Tier,
    TrafficType, Vpc,
};

/// Every built-in blueprint with its defaults, by name.
pub fn blueprints() -> Vec<(&'static str, Network)> {
    let registry = Registry::builtin();
    registry
        .iter()
        .map(|b| (b.name, b.network(&[]).expect("defaults build")))
        .collect()
}

/// A blueprint and non-default parameters worth rendering on their own.
pub type Variant = (&'static str, &'static [(&'static str, &'static str)]);

/// The non-default blueprint runs worth rendering on their own.
///
/// `tgw-hub-spoke`: a Gateway Load Balancer instead of Network Firewall (target group,
/// listener, endpoint service and endpoints, `Concat` and dotted `health_check.*`), two
/// regions (Transit Gateway peering: the requester attachment, the Terraform-only accepter,
/// the manual step and static routes over the peering), and no central egress (no NAT
/// gateways; firewall subnets default to the hub).
///
/// `cloudwan-hub-spoke`: no inspection (the network function group is `egress`: an
/// egress-only VPC with NAT gateways and a route back to the core network from its public
/// subnets, and no `send-via`), no central egress (an `inspection` group with `send-via` but no
/// `send-to`, and spokes that send only the internal supernet to the core network), and the
/// issue's three regions (an edge per region, a base policy of three edges, RAM share from
/// us-east-1).
///
/// `ipam-landing-zone`: dual-stack with IPAM choosing each VPC's IPv4 CIDR at deploy time
/// (Amazon-provided IPv6 pools by netmask, VPC IPv6 blocks from a pool, subnets as
/// `cidrsubnet`/`Fn::Cidr` of the VPC's blocks), and dual-stack planned offline over two
/// regions. `single-vpc`: IPv6-only private and data subnets (DNS64, NAT64 routes, the
/// egress-only internet gateway) and dual-stack.
pub const VARIANTS: &[Variant] = &[
    ("tgw-hub-spoke", &[("inspection", "gwlb")]),
    ("tgw-hub-spoke", &[("block-public-access", "bidirectional")]),
    ("tgw-hub-spoke", &[("lattice", "aws-iam")]),
    ("tgw-hub-spoke", &[("endpoints", "ssm,s3,logs")]),
    ("tgw-hub-spoke", &[("vpn", "static"), ("egress", "none")]),
    ("cloudwan-hub-spoke", &[("vpn", "bgp"), ("vpn-psk", "aws")]),
    (
        "tgw-hub-spoke",
        &[("dx-gateway", "64600"), ("regions", "us-east-1,eu-west-1")],
    ),
    ("cloudwan-hub-spoke", &[("dx-gateway", "64600")]),
    (
        "cloudwan-hub-spoke",
        &[
            ("endpoints", "ssm,kms"),
            ("dns", "hybrid"),
            ("use-profiles", "true"),
        ],
    ),
    ("cloudwan-hub-spoke", &[("lattice", "none")]),
    (
        "cloudwan-hub-spoke",
        &[("gateway-endpoints", "s3,dynamodb")],
    ),
    (
        "cloudwan-hub-spoke",
        &[("block-public-access", "ingress-only")],
    ),
    ("tgw-hub-spoke", &[("regions", "us-east-1,eu-west-1")]),
    ("tgw-hub-spoke", &[("egress", "none")]),
    ("cloudwan-hub-spoke", &[("inspection", "none")]),
    ("cloudwan-hub-spoke", &[("egress", "none")]),
    (
        "cloudwan-hub-spoke",
        &[
            ("regions", "us-east-1,eu-west-1,ap-southeast-2"),
            ("segments", "prod,nonprod,shared"),
        ],
    ),
    (
        "hybrid-dns",
        &[
            ("regions", "us-east-1,eu-west-1"),
            ("use-profiles", "true"),
            ("dns-firewall", "malware.example.net,*.bad.example"),
            ("query-logs", "arn:aws:s3:::acme-dns-logs"),
        ],
    ),
    ("hybrid-dns", &[("share-with", "ou-abcd-12345678")]),
    (
        "cloudwan-hub-spoke",
        &[("dns", "hybrid"), ("regions", "us-east-1,eu-west-1")],
    ),
    (
        "tgw-hub-spoke",
        &[
            ("dns", "hybrid"),
            ("egress", "none"),
            (
                "query-logs",
                "arn:aws:logs:us-east-1:111111111111:log-group:dns-queries",
            ),
        ],
    ),
    (
        "ipam-landing-zone",
        &[("ip-mode", "dual-stack"), ("allocation", "ipam")],
    ),
    (
        "ipam-landing-zone",
        &[
            ("regions", "us-east-1,eu-west-1"),
            ("ip-mode", "dual-stack"),
        ],
    ),
    ("single-vpc", &[("ip-mode", "ipv6-only")]),
    ("single-vpc", &[("ip-mode", "dual-stack")]),
];

/// `(key, value)` pairs as the registry takes them.
fn sets(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Blueprint `name` with `pairs` over its defaults; panics if it does not build.
pub fn blueprint(name: &str, pairs: &[(&str, &str)]) -> Network {
    Registry::builtin()
        .network(name, &sets(pairs))
        .unwrap_or_else(|e| panic!("{name} {pairs:?}: {e}"))
}

/// Every built-in blueprint with its defaults, then each of [`VARIANTS`], named like
/// `tgw-hub-spoke inspection=gwlb`.
pub fn variants() -> Vec<(String, Network)> {
    let mut networks: Vec<(String, Network)> = blueprints()
        .into_iter()
        .map(|(name, network)| (name.to_string(), network))
        .collect();
    for (name, pairs) in VARIANTS {
        let sets = pairs
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(" ");
        networks.push((format!("{name} {sets}"), blueprint(name, pairs)));
    }
    networks
}

/// `tgw-hub-spoke` with bidirectional Block Public Access turned on in the network account
/// only, its egress subnets excluded (allow-egress) and a whole spoke VPC excluded
/// (allow-bidirectional): both exclusion targets, which the blueprint alone does not emit.
pub fn block_public_access_every_form() -> Network {
    use netform_dsl::{BlockMode, BlockPublicAccess, ExclusionMode};
    let mut network = blueprint("tgw-hub-spoke", &[]);
    let spoke = network.vpcs.last().expect("spokes").name.clone();
    network.block_public_access = Some(
        BlockPublicAccess::new(BlockMode::Bidirectional)
            .accounts(["network", "workload-2"])
            .exclude_subnets("inspection-use1", "public", ExclusionMode::AllowEgress)
            .exclude_vpc(spoke, ExclusionMode::AllowBidirectional),
    );
    network
}

/// `tgw-hub-spoke` whose first spoke has an S3 gateway endpoint on every route table and a
/// DynamoDB one on one subnet group's, with a policy: every gateway endpoint property.
pub fn gateway_endpoints_every_form() -> Network {
    use netform_dsl::GatewayEndpoint;
    let mut network = blueprint("tgw-hub-spoke", &[]);
    let spoke = network
        .vpcs
        .iter_mut()
        .find(|v| v.name.starts_with("spoke"))
        .expect("a spoke");
    let group = spoke.subnet_groups[0].name.clone();
    spoke.gateway_endpoints = vec![
        GatewayEndpoint::new("s3"),
        GatewayEndpoint::new("dynamodb")
            .subnet_groups([group])
            .policy(serde_json::json!({
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "dynamodb:GetItem", "Resource": "*"}]
            })),
    ];
    network
}

/// What the blueprints' VPNs do not use: a static, accelerated VPN on the Transit Gateway
/// from a device with a 32-bit ASN (`BgpAsnExtended`), one tunnel's key from AWS; and on the
/// Cloud WAN network whose `prod` segment requires acceptance, a VPN attachment and a Direct
/// Connect gateway attachment placed in `prod` (an accepter reads each one's id).
pub fn vpn_every_form() -> Vec<(String, Network)> {
    use netform_dsl::{CustomerGateway, PresharedKey, VpnConnection, VpnTunnel};
    let mut tgw = blueprint("tgw-hub-spoke", &[("vpn", "static")]);
    tgw.customer_gateways[0].asn = 4_200_000_001;
    let vpn = &mut tgw.vpn_connections[0];
    vpn.acceleration = true;
    vpn.tunnels[1].preshared_key = PresharedKey::AwsGenerated;
    let mut wan = cloudwan_with_acceptance(false);
    wan.customer_gateways.push(CustomerGateway::new(
        "dc1",
        "network",
        "us-east-1",
        65020,
        "198.51.100.7",
    ));
    wan.vpn_connections.push(
        VpnConnection::to_core_network("dc1", "dc1", [("segment", "prod")]).tunnels(
            VpnTunnel::new("169.254.20.0/30"),
            VpnTunnel::new("169.254.20.4/30"),
        ),
    );
    wan.dx_gateways.push(
        netform_dsl::DxGateway::new("dx", "network", 64600)
            .attach_to_core(["us-east-1"], [("segment", "prod")]),
    );
    vec![
        ("static accelerated VPN".to_string(), tgw),
        ("VPN attachment with acceptance".to_string(), wan),
    ]
}

/// `tgw-hub-spoke` with its defaults plus what no blueprint emits: a blackhole route on the
/// hub, and the firewall rule forms the blueprint's policy does not use (a stateless rule
/// group with every match field, and Suricata rules), so every nested field of
/// `kinds::FIELDS` is rendered.
pub fn hub_with_every_rule_form() -> Network {
    let mut network = Registry::builtin()
        .network("tgw-hub-spoke", &[])
        .expect("defaults build");
    let hub = &mut network.transit_gateways[0];
    let spokes = hub
        .route_tables
        .iter_mut()
        .find(|t| t.name == "spokes")
        .expect("the blueprint's spokes route table");
    spokes.routes.push(TgwRoute {
        destination: "192.168.0.0/16".into(),
        target: TgwTarget::Blackhole,
    });
    let InspectionEngine::NetworkFirewall(policy) = &mut network.inspections[0].engine else {
        panic!("tgw-hub-spoke defaults to Network Firewall");
    };
    *policy = std::mem::take(policy)
        .stateless(
            "screen",
            100,
            vec![
                StatelessRule {
                    priority: 10,
                    action: StatelessAction::Pass,
                    sources: vec!["10.0.0.0/8".into()],
                    destinations: vec!["10.0.0.0/8".into()],
                    protocols: vec![6, 17],
                    source_ports: vec![PortRange {
                        from: 1024,
                        to: 65535,
                    }],
                    destination_ports: vec![PortRange { from: 443, to: 443 }],
                },
                StatelessRule {
                    priority: 20,
                    action: StatelessAction::ForwardToStateful,
                    sources: Vec::new(),
                    destinations: Vec::new(),
                    protocols: Vec::new(),
                    source_ports: Vec::new(),
                    destination_ports: Vec::new(),
                },
            ],
        )
        .stateful(
            "suricata",
            50,
            StatefulRules::Suricata(
                "drop tcp any any -> any 23 (msg:\"no telnet\"; sid:100;)".into(),
            ),
        );
    network
}

/// `cloudwan-hub-spoke` with its defaults, but segment `prod` requires attachment acceptance:
/// the prod spokes' attachments are accepted by the network account (a Terraform accepter,
/// a manual step in CloudFormation). With `routes` the prod spokes keep their routes to the
/// core network, which wait for the acceptance (Terraform only: CloudFormation cannot pause
/// the spoke's stack for the step, NF0502); without, nothing waits for it.
pub fn cloudwan_with_acceptance(routes: bool) -> Network {
    let mut network = blueprint("cloudwan-hub-spoke", &[]);
    let core = network
        .core_network
        .as_mut()
        .expect("the blueprint's core network");
    let prod = core
        .policy
        .segments
        .iter_mut()
        .find(|s| s.name == "prod")
        .expect("the blueprint's prod segment");
    prod.require_attachment_acceptance = Some(true);
    if !routes {
        for attachment in &mut core.attachments {
            if attachment.tags.get("segment").map(String::as_str) == Some("prod") {
                attachment.vpc_routes.clear();
            }
        }
    }
    network
}

/// A network over two accounts and two regions, without hubs, that uses every kind of the VPC
/// itself (subnets, gateways, NAT, routes, flow logs).
pub fn multi_account() -> Network {
    Network::builder("corp")
        .tag("cost-center", "net-01")
        .network_account("network", "111111111111")
        .account("prod", "222222222222")
        .ip_block("aws", "10.0.0.0/8")
        .vpc(
            Vpc::builder("egress", "network", "us-east-1")
                .allocate("aws", 16)
                .azs(["us-east-1a", "us-east-1b", "us-east-1c"])
                .subnets("public", Tier::Public, 24)
                .subnets("private", Tier::Private, 20)
                .nat(NatMode::PerAz)
                .flow_logs(FlowLogs::s3("arn:aws:s3:::corp-flow-logs/egress")),
        )
        .vpc(
            Vpc::builder("prod-app", "prod", "eu-west-1")
                .allocate("aws", 20)
                .azs(["eu-west-1a", "eu-west-1b"])
                .subnets("public", Tier::Public, 26)
                .subnets("app", Tier::Private, 22)
                .subnets_pinned("db", Tier::Isolated, ["10.1.15.0/26", "10.1.15.64/26"])
                .nat(NatMode::Single)
                .flow_logs(
                    FlowLogs::cloudwatch(
                        "arn:aws:logs:eu-west-1:222222222222:log-group:prod-flow-logs",
                        "arn:aws:iam::222222222222:role/flow-logs",
                    )
                    .traffic(TrafficType::Reject),
                )
                .tag("app", "shop"),
        )
        .build()
}

/// The files of a directory, sorted by name, with their bytes.
pub fn read_dir(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            let e = e.expect("a readable entry");
            let bytes = std::fs::read(e.path()).expect("a readable file");
            (e.file_name().to_string_lossy().into_owned(), bytes)
        })
        .collect();
    files.sort();
    files
}

/// Validates and lowers, panicking with the diagnostics if the network is invalid.
pub fn graph(network: &Network) -> ResourceGraph {
    let valid = network
        .validate()
        .unwrap_or_else(|d| panic!("expected a valid network:\n{d}"));
    lower(&valid).unwrap_or_else(|d| panic!("expected lowering to succeed:\n{d}"))
}

/// The resource of `graph` with this logical id.
#[track_caller]
pub fn resource<'g>(graph: &'g ResourceGraph, logical_id: &str) -> &'g netform::backends::Resource {
    graph
        .resources
        .values()
        .find(|r| r.id.logical_id() == logical_id)
        .unwrap_or_else(|| panic!("no resource {logical_id}"))
}

/// The files of `network` under `target`.
pub fn render(network: &Network, target: Target) -> Vec<OutputFile> {
    target
        .render(&graph(network))
        .unwrap_or_else(|e| panic!("rendering failed: {e}"))
}

/// `one(TYPE.LABEL.firewall_status[0].sync_states[*].attachment[0].endpoint_id)`, the form in
/// which Terraform reads `TfAttr::SingleEndpoint`, as `(TYPE, LABEL)`; `None` for any other
/// expression.
pub fn tf_single_endpoint(expr: &hcl::Expression) -> Option<(String, String)> {
    use hcl::expr::{Expression, TraversalOperator as Op};
    let Expression::FuncCall(call) = expr else {
        return None;
    };
    if call.name.name.as_str() != "one" || !call.name.namespace.is_empty() || call.expand_final {
        return None;
    }
    let [Expression::Traversal(t)] = call.args.as_slice() else {
        return None;
    };
    let Expression::Variable(root) = &t.expr else {
        return None;
    };
    let zero = |e: &Expression| matches!(e, Expression::Number(n) if n.as_u64() == Some(0));
    match t.operators.as_slice() {
        [Op::GetAttr(label), Op::GetAttr(status), Op::Index(i), Op::GetAttr(states), Op::FullSplat, Op::GetAttr(attachment), Op::Index(j), Op::GetAttr(endpoint)]
            if status.as_str() == "firewall_status"
                && zero(i)
                && states.as_str() == "sync_states"
                && attachment.as_str() == "attachment"
                && zero(j)
                && endpoint.as_str() == "endpoint_id" =>
        {
            Some((root.to_string(), label.to_string()))
        }
        _ => None,
    }
}

/// `(TYPE, LABEL, FIELD)` of `TYPE.LABEL.dns_entry[0].FIELD`, the way Terraform reads
/// `TfAttr::DnsEntry`; `None` for any other expression.
pub fn tf_dns_entry(expr: &hcl::Expression) -> Option<(String, String, String)> {
    use hcl::expr::{Expression, TraversalOperator as Op};
    let Expression::Traversal(t) = expr else {
        return None;
    };
    let Expression::Variable(root) = &t.expr else {
        return None;
    };
    match t.operators.as_slice() {
        [Op::GetAttr(label), Op::GetAttr(entry), Op::Index(Expression::Number(n)), Op::GetAttr(field)]
            if entry.as_str() == "dns_entry" && n.as_u64() == Some(0) =>
        {
            Some((root.to_string(), label.to_string(), field.to_string()))
        }
        _ => None,
    }
}

/// Every diagnostic of `net`: its errors, or the warnings of a valid network.
pub fn diagnostics(net: &Network) -> Diagnostics {
    match net.validate() {
        Ok(valid) => valid.warnings().clone(),
        Err(diags) => diags,
    }
}

/// Asserts that `diags` are exactly these (severity, code, printed path), in any order, and
/// that the message of each states the given values.
#[track_caller]
pub fn assert_diagnostics(diags: &Diagnostics, expected: &[(Severity, Code, &str, &[&str])]) {
    let mut actual: Vec<(Severity, Code, String)> = diags
        .iter()
        .map(|d| (d.severity, d.code, d.path.to_string()))
        .collect();
    let mut wanted: Vec<(Severity, Code, String)> = expected
        .iter()
        .map(|(s, c, p, _)| (*s, *c, (*p).to_string()))
        .collect();
    actual.sort();
    wanted.sort();
    assert_eq!(actual, wanted, "diagnostics:\n{diags}");
    for (severity, code, path, values) in expected {
        let found = diags.iter().any(|d| {
            d.severity == *severity
                && d.code == *code
                && d.path.to_string() == *path
                && values.iter().all(|v| d.message.contains(v))
        });
        assert!(
            found,
            "no {severity} {code} at {path} whose message states {values:?}; diagnostics:\n{diags}"
        );
    }
}

/// The one diagnostic of `net` with `code`.
#[track_caller]
pub fn the(net: &Network, code: Code) -> Diagnostic {
    let found: Vec<Diagnostic> = diagnostics(net)
        .into_iter()
        .filter(|d| d.code == code)
        .collect();
    assert_eq!(found.len(), 1, "expected one {code}, got {found:?}");
    found.into_iter().next().unwrap()
}
