//! One inspection VPC's engine: AWS Network Firewall (rule groups, a policy, and a firewall
//! per AZ) or a Gateway Load Balancer (target group, listener, endpoint service, and an
//! endpoint per AZ). The VPC's routes to these endpoints are lowered with the VPC.

use super::routing::Routing;
use super::{az_suffix, Emitter, VpcScope};
use crate::graph::{Reference, ResourceId, Value};
use crate::kinds::{Attr, Kind};
use indexmap::IndexMap;
use netform_dsl::{
    DomainAction, FirewallPolicy, GatewayLoadBalancer, Inspection, InspectionEngine, Path,
    StatefulRules, StatelessRule, ValidNetwork, Vpc,
};

/// The inspection endpoint of `az` in an inspection VPC: the firewall of that AZ, or the
/// Gateway Load Balancer endpoint there.
pub(crate) fn endpoint(inspection: &Inspection, az: &str) -> Reference {
    let name = [inspection.vpc.as_str(), az_suffix(az)];
    match inspection.engine {
        InspectionEngine::NetworkFirewall(_) => {
            ResourceId::new(Kind::Firewall, name).attr(Attr::FirewallEndpoint)
        }
        InspectionEngine::Gwlb(_) => ResourceId::new(Kind::VpcEndpoint, name).id(),
    }
}

pub(crate) fn lower(
    emit: &mut Emitter<'_>,
    valid: &ValidNetwork,
    routing: &Routing<'_>,
    inspection: &Inspection,
) {
    let network = valid.network();
    let vpc = network
        .vpc(&inspection.vpc)
        .expect("validated: the inspection VPC exists");
    let vpc_cidr = routing.index(&vpc.name).map(|i| routing.known_cidr(i));
    let mut engine = Engine {
        emit,
        vpc,
        vpc_cidr,
        scope: VpcScope::new(network, vpc),
        path: Path::root().field("inspections").key(&vpc.name),
    };
    match &inspection.engine {
        InspectionEngine::NetworkFirewall(policy) => {
            let index = routing
                .index(&vpc.name)
                .expect("validated: the inspection VPC exists");
            let internal = routing
                .vpc(index)
                .inspection
                .map(|link| link.internal)
                .unwrap_or_default();
            engine.network_firewall(policy, &inspection.firewall_group, &internal)
        }
        InspectionEngine::Gwlb(gwlb) => engine.gwlb(gwlb, &inspection.firewall_group),
    }
}

struct Engine<'a, 'e> {
    emit: &'a mut Emitter<'e>,
    vpc: &'a Vpc,
    vpc_cidr: Option<ipnet::Ipv4Net>,
    scope: VpcScope,
    path: Path,
}

impl Engine<'_, '_> {
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

    /// An AWS-facing name: Network Firewall allows letters, digits and hyphens only.
    fn aws_name(&self, names: &[&str]) -> String {
        self.emit
            .resource_name(&self.scope.names(names))
            .replace('_', "-")
    }

    fn subnet(&self, group: &str, az: &str) -> ResourceId {
        ResourceId::new(Kind::Subnet, [self.vpc.name.as_str(), group, az_suffix(az)])
    }

    fn network_firewall(
        &mut self,
        policy: &FirewallPolicy,
        firewall_group: &str,
        internal: &[ipnet::Ipv4Net],
    ) {
        let engine_path = self.path.field("engine").field("network_firewall");
        let mut stateless = Vec::new();
        for (i, group) in policy.stateless_rule_groups.iter().enumerate() {
            let path = engine_path.field("stateless_rule_groups").key(&group.name);
            let name = self.aws_name(&[&group.name]);
            let rules: Vec<Value> = group.rules.iter().map(stateless_rule).collect();
            let id = self.add(Kind::FirewallRuleGroup, &[&group.name], &path, |p| {
                p.insert("name", name.into());
                p.insert("type", "STATELESS".into());
                p.insert("capacity", Value::Int(i64::from(group.capacity)));
                p.insert(
                    "rule_group",
                    Value::fields([(
                        "rules_source",
                        Value::fields([(
                            "stateless_rules_and_custom_actions",
                            Value::fields([("stateless_rules", Value::List(rules))]),
                        )]),
                    )]),
                );
            });
            // Groups run in declaration order.
            stateless.push(Value::fields([
                ("resource_arn", id.attr(Attr::Arn).into()),
                ("priority", Value::Int(i as i64 + 1)),
            ]));
        }
        let mut stateful = Vec::new();
        for group in &policy.stateful_rule_groups {
            let path = engine_path.field("stateful_rule_groups").key(&group.name);
            let name = self.aws_name(&[&group.name]);
            let source = stateful_source(&group.rules);
            let id = self.add(Kind::FirewallRuleGroup, &[&group.name], &path, |p| {
                p.insert("name", name.into());
                p.insert("type", "STATEFUL".into());
                p.insert("capacity", Value::Int(i64::from(group.capacity)));
                p.insert("rule_group", Value::fields([("rules_source", source)]));
            });
            stateful.push(Value::fields([("resource_arn", id.attr(Attr::Arn).into())]));
        }
        let default = Value::strings([policy.stateless_default.as_aws()]);
        let mut document = vec![
            ("stateless_default_actions", default.clone()),
            ("stateless_fragment_default_actions", default),
        ];
        if !stateless.is_empty() {
            document.push(("stateless_rule_group_references", Value::List(stateless)));
        }
        if !stateful.is_empty() {
            document.push(("stateful_rule_group_references", Value::List(stateful)));
        }
        // HOME_NET defaults to the firewall's own VPC CIDR, which in a centralized
        // deployment holds no workload: domain lists (whose generated rules match traffic
        // from $HOME_NET) would then never apply to the spokes. Set it to what lies behind
        // the hub, as the Network Firewall guide says to for centralized deployments.
        let mut home = self.vpc_cidr.iter().copied().collect::<Vec<_>>();
        home.extend(internal.iter().copied());
        let home = super::routing::summarize(home);
        document.push((
            "policy_variables",
            Value::fields([(
                "rule_variables",
                Value::Keyed {
                    inner: "ip_set",
                    entries: [(
                        "HOME_NET".to_string(),
                        Value::fields([(
                            "definition",
                            Value::strings(home.iter().map(ToString::to_string)),
                        )]),
                    )]
                    .into_iter()
                    .collect(),
                },
            )]),
        ));
        let policy_name = self.aws_name(&[]);
        let policy_id = self.add(Kind::FirewallPolicy, &[], &engine_path, |p| {
            p.insert("name", policy_name.into());
            p.insert("firewall_policy", Value::fields(document));
        });

        // One firewall per AZ, each with one subnet: see Attr::FirewallEndpoint.
        let vpc_id = ResourceId::new(Kind::Vpc, [self.vpc.name.as_str()]);
        for az in &self.vpc.azs.clone() {
            let letter = az_suffix(az);
            let name = self.aws_name(&[letter]);
            let subnet = self.subnet(firewall_group, az);
            self.add(Kind::Firewall, &[letter], &engine_path, |p| {
                p.insert("name", name.into());
                p.insert("firewall_policy_arn", policy_id.attr(Attr::Arn).into());
                p.insert("vpc_id", vpc_id.id().into());
                p.insert(
                    "subnet_mappings",
                    Value::List(vec![Value::fields([("subnet_id", subnet.id().into())])]),
                );
                p.insert("delete_protection", true.into());
            });
        }
    }

    fn gwlb(&mut self, gwlb: &GatewayLoadBalancer, firewall_group: &str) {
        let path = self.path.field("engine").field("gwlb");
        let vpc_id = ResourceId::new(Kind::Vpc, [self.vpc.name.as_str()]);
        let appliance_subnets: Vec<Value> = self
            .vpc
            .azs
            .iter()
            .map(|az| self.subnet(&gwlb.appliance_group, az).id().into())
            .collect();
        let lb = self.add(Kind::LoadBalancer, &[], &path, |p| {
            p.insert("load_balancer_type", "gateway".into());
            p.insert("subnets", Value::List(appliance_subnets));
        });
        // GENEVE on 6081 is the only protocol and port a Gateway Load Balancer target group
        // takes ("Target groups for your Gateway Load Balancers", ELB Gateway Load Balancers
        // guide); appliances answer health checks on their own port.
        let target_group = self.add(Kind::TargetGroup, &[], &path, |p| {
            p.insert("protocol", "GENEVE".into());
            p.insert("port", Value::Int(6081));
            p.insert("vpc_id", vpc_id.id().into());
            p.insert("target_type", gwlb.target_type.as_aws().into());
            p.insert("health_check_protocol", "TCP".into());
            p.insert(
                "health_check_port",
                gwlb.health_check_port.to_string().into(),
            );
        });
        self.add(Kind::Listener, &[], &path, |p| {
            p.insert("load_balancer_arn", lb.attr(Attr::Arn).into());
            p.insert(
                "default_actions",
                Value::List(vec![Value::fields([
                    ("type", "forward".into()),
                    ("target_group_arn", target_group.attr(Attr::Arn).into()),
                ])]),
            );
        });
        let service = self.add(Kind::EndpointService, &[], &path, |p| {
            p.insert(
                "gateway_load_balancer_arns",
                Value::List(vec![lb.attr(Attr::Arn).into()]),
            );
            p.insert("acceptance_required", false.into());
        });
        // CloudFormation exposes only the service id; the name is
        // com.amazonaws.vpce.<region>.<service id>.
        let service_name = Value::Concat(vec![
            format!("com.amazonaws.vpce.{}.", self.vpc.region).into(),
            service.id().into(),
        ]);
        for az in &self.vpc.azs.clone() {
            let subnet = self.subnet(firewall_group, az);
            self.add(Kind::VpcEndpoint, &[az_suffix(az)], &path, |p| {
                p.insert("vpc_id", vpc_id.id().into());
                p.insert("service_name", service_name.clone());
                p.insert("vpc_endpoint_type", "GatewayLoadBalancer".into());
                p.insert("subnet_ids", Value::List(vec![subnet.id().into()]));
            });
        }
    }
}

fn stateless_rule(rule: &StatelessRule) -> Value {
    let addresses = |cidrs: &[String]| {
        Value::List(
            cidrs
                .iter()
                .map(|c| Value::fields([("address_definition", c.as_str().into())]))
                .collect(),
        )
    };
    let ports = |ranges: &[netform_dsl::PortRange]| {
        Value::List(
            ranges
                .iter()
                .map(|r| {
                    Value::fields([
                        ("from_port", Value::Int(i64::from(r.from))),
                        ("to_port", Value::Int(i64::from(r.to))),
                    ])
                })
                .collect(),
        )
    };
    let mut matches: IndexMap<&'static str, Value> = IndexMap::new();
    if !rule.sources.is_empty() {
        matches.insert("sources", addresses(&rule.sources));
    }
    if !rule.destinations.is_empty() {
        matches.insert("destinations", addresses(&rule.destinations));
    }
    if !rule.source_ports.is_empty() {
        matches.insert("source_ports", ports(&rule.source_ports));
    }
    if !rule.destination_ports.is_empty() {
        matches.insert("destination_ports", ports(&rule.destination_ports));
    }
    if !rule.protocols.is_empty() {
        matches.insert(
            "protocols",
            Value::List(
                rule.protocols
                    .iter()
                    .map(|p| Value::Int(i64::from(*p)))
                    .collect(),
            ),
        );
    }
    Value::fields([
        ("priority", Value::Int(i64::from(rule.priority))),
        (
            "rule_definition",
            Value::fields([
                ("actions", Value::strings([rule.action.as_aws()])),
                ("match_attributes", Value::Struct(matches)),
            ]),
        ),
    ])
}

fn stateful_source(rules: &StatefulRules) -> Value {
    match rules {
        StatefulRules::Domains { action, domains } => Value::fields([(
            "rules_source_list",
            Value::fields([
                (
                    "generated_rules_type",
                    match action {
                        DomainAction::Allow => "ALLOWLIST",
                        DomainAction::Deny => "DENYLIST",
                    }
                    .into(),
                ),
                ("target_types", Value::strings(["TLS_SNI", "HTTP_HOST"])),
                (
                    "targets",
                    Value::strings(domains.iter().map(String::as_str)),
                ),
            ]),
        )]),
        StatefulRules::FiveTuple(rules) => Value::fields([(
            "stateful_rules",
            Value::List(
                rules
                    .iter()
                    .map(|rule| {
                        Value::fields([
                            ("action", rule.action.as_aws().into()),
                            (
                                "header",
                                Value::fields([
                                    ("protocol", rule.protocol.as_str().into()),
                                    ("source", rule.source.as_str().into()),
                                    ("source_port", rule.source_port.as_str().into()),
                                    (
                                        "direction",
                                        if rule.bidirectional { "ANY" } else { "FORWARD" }.into(),
                                    ),
                                    ("destination", rule.destination.as_str().into()),
                                    ("destination_port", rule.destination_port.as_str().into()),
                                ]),
                            ),
                            (
                                "rule_options",
                                Value::List(vec![Value::fields([
                                    ("keyword", "sid".into()),
                                    ("settings", Value::strings([rule.sid.to_string()])),
                                ])]),
                            ),
                        ])
                    })
                    .collect(),
            ),
        )]),
        StatefulRules::Suricata(text) => Value::fields([("rules_string", text.as_str().into())]),
    }
}
