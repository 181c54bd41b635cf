//! Cross-account and cross-region references of the hub-and-spoke output are real: in
//! CloudFormation every Parameter is fed by an Output of a stack deployed earlier (as the
//! manifest says), in Terraform every reference names a resource of the module, whatever
//! provider (account and region) it is under. For Cloud WAN: every stack takes the core
//! network from the home region's stack, the RAM share is in us-east-1, and Terraform orders
//! policy, share, attachments and routes with `depends_on`.

use crate::support::render;
use netform::backends::Target;
use netform::blueprints::Registry;
use netform::dsl::Network;
use serde_json::Value as Json;
use std::collections::BTreeMap;

fn hub_and_spoke(sets: &[(&str, &str)]) -> Network {
    let sets: Vec<(String, String)> = sets
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Registry::builtin()
        .network("tgw-hub-spoke", &sets)
        .expect("the blueprint builds")
}

fn two_regions() -> Network {
    hub_and_spoke(&[("regions", "us-east-1,eu-west-1"), ("spokes", "2")])
}

fn templates(network: &Network) -> (Json, BTreeMap<String, Json>) {
    let files = render(network, Target::CloudFormation);
    let parse = |path: &str| -> Json {
        let file = files.iter().find(|f| f.path == path).expect("file exists");
        serde_json::from_str(&file.contents).expect("JSON")
    };
    let manifest = parse("manifest.json");
    let templates = manifest["stacks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let name = s["name"].as_str().unwrap().to_string();
            (name, parse(s["template"].as_str().unwrap()))
        })
        .collect();
    (manifest, templates)
}

#[test]
fn every_cloudformation_parameter_is_an_earlier_stacks_output() {
    // With the fewest wires each must have: the Transit Gateway hubs take more than ten
    // values across stacks; every Cloud WAN stack but the home one takes the core network's
    // id and ARN (five stacks), and from eu-west-1 the us-east-1 share takes its ARN too.
    let networks = [
        ("tgw-hub-spoke in two regions", two_regions(), 11),
        ("cloudwan-hub-spoke", cloudwan(&[]), 10),
        (
            "cloudwan-hub-spoke from eu-west-1",
            cloudwan(&[("regions", "eu-west-1,us-east-1")]),
            10,
        ),
    ];
    for (name, network, least) in networks {
        let wired = assert_parameters_wired(&network);
        assert!(wired >= least, "{name} has cross-stack values ({wired})");
    }
}

/// Every Parameter of every stack is wired to an Output of a stack deployed earlier; returns
/// how many there are.
fn assert_parameters_wired(network: &Network) -> usize {
    let (manifest, templates) = templates(network);
    let order: Vec<&str> = manifest["deploy_order"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    let position = |stack: &str| order.iter().position(|s| *s == stack).unwrap();
    let mut wired = 0;
    for stack in manifest["stacks"].as_array().unwrap() {
        let name = stack["name"].as_str().unwrap();
        let template = &templates[name];
        let declared: Vec<&String> = template["Parameters"]
            .as_object()
            .map(|p| p.keys().collect())
            .unwrap_or_default();
        let wires = stack["parameters"].as_array().unwrap();
        assert_eq!(
            declared.len(),
            wires.len(),
            "{name}: every parameter is wired"
        );
        for wire in wires {
            let parameter = wire["parameter"].as_str().unwrap();
            let from = wire["from_stack"].as_str().unwrap();
            let output = wire["output"].as_str().unwrap();
            assert!(
                declared.iter().any(|d| *d == parameter),
                "{name}: {parameter}"
            );
            assert!(
                templates[from]["Outputs"].get(output).is_some(),
                "{name}: {parameter} comes from {from}, which has no output {output}"
            );
            assert!(
                position(from) < position(name),
                "{from} must deploy before {name}"
            );
            wired += 1;
        }
    }
    wired
}

#[test]
fn a_spoke_attaches_to_the_hub_of_the_network_account_through_a_parameter() {
    let (manifest, templates) = templates(&two_regions());
    let spoke = &templates["acme-workload-1-us-east-1"];
    let attachment = &spoke["Resources"]["HubUse1SpokeUse11TgwAttachment"];
    assert_eq!(attachment["Type"], "AWS::EC2::TransitGatewayVpcAttachment");
    assert_eq!(
        attachment["Properties"]["TransitGatewayId"],
        serde_json::json!({"Ref": "HubUse1TransitGatewayId"})
    );
    let stack = manifest["stacks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "acme-workload-1-us-east-1")
        .unwrap();
    assert!(stack["parameters"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!({
            "parameter": "HubUse1TransitGatewayId",
            "from_stack": "acme-network-us-east-1",
            "output": "HubUse1TransitGatewayId",
        })));
    assert_eq!(
        templates["acme-network-us-east-1"]["Outputs"]["HubUse1TransitGatewayId"]["Value"],
        serde_json::json!({"Ref": "HubUse1TransitGateway"})
    );
    // The hub's routing stack associates the spoke's attachment: its id comes back from the
    // workload account's stack.
    let routing = &templates["acme-network-us-east-1-routing"];
    assert_eq!(
        routing["Resources"]["HubUse1SpokeUse11TgwAssociation"]["Properties"]
            ["TransitGatewayAttachmentId"],
        serde_json::json!({"Ref": "HubUse1SpokeUse11TgwAttachmentId"})
    );
    assert!(templates["acme-workload-1-us-east-1"]["Outputs"]
        .get("HubUse1SpokeUse11TgwAttachmentId")
        .is_some());
}

#[test]
fn the_peering_acceptance_is_a_manual_step_between_the_stacks() {
    let (manifest, templates) = templates(&two_regions());
    let steps = manifest["manual_steps"].as_array().expect("a manual step");
    assert_eq!(steps.len(), 1);
    let step = &steps[0];
    assert_eq!(step["region"], "eu-west-1", "the accepter's region");
    assert_eq!(step["after_stack"], "acme-network-us-east-1");
    let order: Vec<&str> = manifest["deploy_order"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    let after = order
        .iter()
        .position(|s| *s == "acme-network-us-east-1")
        .unwrap();
    for before in step["before_stacks"].as_array().unwrap() {
        let before = before.as_str().unwrap();
        assert!(order.iter().position(|s| *s == before).unwrap() > after);
        assert!(before.ends_with("-routing"), "{before}");
    }
    // CloudFormation has no accepter resource: nothing of that kind is in any template.
    for template in templates.values() {
        let text = template.to_string();
        assert!(!text.contains("Accepter"), "{text}");
    }
}

/// `resource "TYPE" "LABEL" { provider = aws.ALIAS ... }`: (type, label) -> (alias, body).
fn terraform_resources(network: &Network) -> BTreeMap<(String, String), (String, hcl::Body)> {
    let files = render(network, Target::Terraform);
    let main = files.iter().find(|f| f.path == "main.tf").unwrap();
    let body: hcl::Body = hcl::from_str(&main.contents).expect("HCL");
    body.blocks()
        .filter(|b| b.identifier() == "resource")
        .map(|b| {
            let labels: Vec<String> = b.labels().iter().map(|l| l.as_str().to_string()).collect();
            let provider = b
                .body()
                .attributes()
                .find(|a| a.key() == "provider")
                .map(|a| a.expr().to_string())
                .unwrap();
            (
                (labels[0].clone(), labels[1].clone()),
                (provider, b.body().clone()),
            )
        })
        .collect()
}

fn attribute(body: &hcl::Body, key: &str) -> String {
    body.attributes()
        .find(|a| a.key() == key)
        .map(|a| a.expr().to_string())
        .unwrap_or_else(|| panic!("no {key}"))
}

#[test]
fn terraform_references_cross_providers_to_the_hub() {
    let resources = terraform_resources(&two_regions());
    let key = |t: &str, l: &str| (t.to_string(), l.to_string());
    let (hub_provider, _) = &resources[&key("aws_ec2_transit_gateway", "hub_use1")];
    assert_eq!(hub_provider, "aws.network_us_east_1");
    let (spoke_provider, attachment) = &resources[&key(
        "aws_ec2_transit_gateway_vpc_attachment",
        "hub_use1_spoke_use1_1",
    )];
    assert_eq!(spoke_provider, "aws.workload_1_us_east_1");
    assert_eq!(
        attribute(attachment, "transit_gateway_id"),
        "aws_ec2_transit_gateway.hub_use1.id"
    );
    let depends = attribute(attachment, "depends_on");
    assert!(
        depends.contains("aws_ram_principal_association.hub_use1_workload_1"),
        "{depends}"
    );
    assert!(
        depends.contains("aws_ram_resource_association.hub_use1_tgw"),
        "{depends}"
    );
    // The association lives with the hub, in the network account, and takes the spoke's
    // attachment from the workload account's provider.
    let (provider, association) = &resources[&key(
        "aws_ec2_transit_gateway_route_table_association",
        "hub_use1_spoke_use1_1",
    )];
    assert_eq!(provider, "aws.network_us_east_1");
    assert_eq!(
        attribute(association, "transit_gateway_attachment_id"),
        "aws_ec2_transit_gateway_vpc_attachment.hub_use1_spoke_use1_1.id"
    );
    // The peering is requested in us-east-1 and accepted in eu-west-1.
    let (provider, accepter) = &resources[&key(
        "aws_ec2_transit_gateway_peering_attachment_accepter",
        "hub_euw1_peer_use1_euw1",
    )];
    assert_eq!(provider, "aws.network_eu_west_1");
    assert_eq!(
        attribute(accepter, "transit_gateway_attachment_id"),
        "aws_ec2_transit_gateway_peering_attachment.hub_use1_peer_use1_euw1.id"
    );
    // Every reference names a resource of the module.
    for (_, body) in resources.values() {
        for attribute in body.attributes() {
            let text = attribute.expr().to_string();
            for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.')) {
                let parts: Vec<&str> = word.split('.').collect();
                if parts.len() >= 2 && parts[0].starts_with("aws_") {
                    assert!(
                        resources.contains_key(&key(parts[0], parts[1])),
                        "dangling reference {word}"
                    );
                }
            }
        }
    }
}

// ------------------------------------------------------------------ Cloud WAN

fn cloudwan(sets: &[(&str, &str)]) -> Network {
    crate::support::blueprint("cloudwan-hub-spoke", sets)
}

/// The deploy order of a manifest.
fn deploy_order(manifest: &Json) -> Vec<String> {
    manifest["deploy_order"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

/// The stacks holding a resource of CloudFormation type `cfn_type`, with its logical id.
fn stacks_with<'t>(
    templates: &'t BTreeMap<String, Json>,
    cfn_type: &str,
) -> Vec<(&'t str, &'t str, &'t Json)> {
    let mut found = Vec::new();
    for (stack, template) in templates {
        for (logical, resource) in template["Resources"].as_object().unwrap() {
            if resource["Type"] == cfn_type {
                found.push((stack.as_str(), logical.as_str(), resource));
            }
        }
    }
    found
}

/// Every workload stack (and the network stacks of the other regions) takes the core network's
/// id and ARN as Parameters, fed by Outputs of the network account's stack in the home region,
/// which declares the core network and deploys first.
#[test]
fn every_stack_takes_the_core_network_from_the_home_region_stack() {
    let network = cloudwan(&[]);
    let core = network.core_network.as_ref().unwrap();
    assert_eq!(core.home_region, "us-east-1");
    let (manifest, templates) = templates(&network);
    let home = "acme-network-us-east-1";
    let cores = stacks_with(&templates, "AWS::NetworkManager::CoreNetwork");
    let [(core_stack, core_logical, _)] = cores.as_slice() else {
        panic!("one core network: {cores:?}");
    };
    assert_eq!(*core_stack, home);
    assert_eq!(
        stacks_with(&templates, "AWS::NetworkManager::GlobalNetwork")[0].0,
        home
    );
    let order = deploy_order(&manifest);
    assert_eq!(
        order[0], home,
        "the home region's network stack deploys first"
    );

    let expected_value = |parameter: &str| {
        if parameter.ends_with("CoreNetworkId") {
            serde_json::json!({"Ref": core_logical})
        } else {
            serde_json::json!({"Fn::GetAtt": [core_logical, "CoreNetworkArn"]})
        }
    };
    let mut workload_stacks = 0;
    for stack in manifest["stacks"].as_array().unwrap() {
        let name = stack["name"].as_str().unwrap();
        if name == home {
            continue;
        }
        let wires: Vec<&Json> = stack["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|w| {
                let p = w["parameter"].as_str().unwrap();
                p.ends_with("CoreNetworkId") || p.ends_with("CoreNetworkArn")
            })
            .collect();
        let mut names: Vec<&str> = wires
            .iter()
            .map(|w| w["parameter"].as_str().unwrap())
            .collect();
        names.sort();
        assert_eq!(
            names,
            ["WanCoreNetworkArn", "WanCoreNetworkId"],
            "{name}: the core network's id (attachments) and ARN (routes)"
        );
        for wire in wires {
            let parameter = wire["parameter"].as_str().unwrap();
            assert_eq!(wire["from_stack"], home, "{name}: {parameter}");
            let output = wire["output"].as_str().unwrap();
            assert!(
                templates[name]["Parameters"].get(parameter).is_some(),
                "{name} declares {parameter}"
            );
            assert_eq!(
                templates[home]["Outputs"][output]["Value"],
                expected_value(parameter),
                "{home}: output {output}"
            );
        }
        if name.contains("-workload-") {
            workload_stacks += 1;
        }
        let position = order.iter().position(|s| s == name).unwrap();
        assert!(position > 0, "{name} deploys after {home}");
    }
    assert_eq!(workload_stacks, 4, "2 workload accounts in 2 regions");
}

/// AWS RAM shares a core network only from us-east-1, whichever region declares it: the share
/// (with the core network's ARN, from a Parameter when the core network is elsewhere) is in the
/// network account's us-east-1 stack.
#[test]
fn the_core_network_is_shared_from_us_east_1() {
    for regions in ["us-east-1,eu-west-1", "eu-west-1,us-east-1"] {
        let network = cloudwan(&[("regions", regions)]);
        let (manifest, templates) = templates(&network);
        let shares = stacks_with(&templates, "AWS::RAM::ResourceShare");
        let [(stack, _, share)] = shares.as_slice() else {
            panic!("{regions}: one share: {shares:?}");
        };
        assert_eq!(*stack, "acme-network-us-east-1", "{regions}");
        let cores = stacks_with(&templates, "AWS::NetworkManager::CoreNetwork");
        let (core_stack, core_logical, _) = cores[0];
        let home = format!("acme-network-{}", network.core_network.unwrap().home_region);
        assert_eq!(core_stack, home, "{regions}");
        let arn = if core_stack == *stack {
            serde_json::json!({"Fn::GetAtt": [core_logical, "CoreNetworkArn"]})
        } else {
            // From the home region's stack, which deploys first.
            let order = deploy_order(&manifest);
            let at = |s: &str| order.iter().position(|o| o == s).unwrap();
            assert!(at(core_stack) < at(stack), "{regions}: {order:?}");
            serde_json::json!({"Ref": "WanCoreNetworkArn"})
        };
        assert_eq!(
            share["Properties"]["ResourceArns"],
            serde_json::json!([arn]),
            "{regions}"
        );
        let principals = &share["Properties"]["Principals"];
        assert_eq!(
            principals,
            &serde_json::json!(["222222222222", "333333333333"]),
            "{regions}"
        );
        assert_eq!(share["Properties"]["AllowExternalPrincipals"], false);
    }
}

/// `TYPE.LABEL` of a traversal `TYPE.LABEL.ATTR`.
fn resource_of(expr: &str) -> String {
    let parts: Vec<&str> = expr.split('.').collect();
    assert!(parts.len() >= 2, "{expr}");
    format!("{}.{}", parts[0], parts[1])
}

/// The entries of a `depends_on` list, as `TYPE.LABEL`; empty without one.
fn depends_on(body: &hcl::Body) -> Vec<String> {
    match body.attributes().find(|a| a.key() == "depends_on") {
        Some(attribute) => match attribute.expr() {
            hcl::Expression::Array(items) => items.iter().map(|e| e.to_string()).collect(),
            other => panic!("depends_on is not a list: {other}"),
        },
        None => Vec::new(),
    }
}

/// In Terraform every VPC attachment waits for the full policy (so the attachment policies
/// place it as it is created), and an attachment from a workload account also for the RAM
/// share of the core network and all its associations; every route to the core network waits
/// for its VPC's attachment.
#[test]
fn terraform_attachments_wait_for_the_policy_and_the_share_and_routes_for_the_attachment() {
    let network = cloudwan(&[]);
    let core = network.core_network.as_ref().unwrap();
    let resources = terraform_resources(&network);
    let of_type = |tf_type: &str| -> Vec<String> {
        resources
            .keys()
            .filter(|(t, _)| t == tf_type)
            .map(|(t, l)| format!("{t}.{l}"))
            .collect()
    };
    let policies = of_type("aws_networkmanager_core_network_policy_attachment");
    assert_eq!(
        policies,
        ["aws_networkmanager_core_network_policy_attachment.wan"]
    );
    let mut share: Vec<String> = of_type("aws_ram_resource_share");
    share.extend(of_type("aws_ram_resource_association"));
    share.extend(of_type("aws_ram_principal_association"));
    assert_eq!(
        share.len(),
        4,
        "the share, its resource and two principals: {share:?}"
    );

    // Attachments by the VPC they attach (`aws_vpc.LABEL`).
    let mut attachment_of_vpc: BTreeMap<String, String> = BTreeMap::new();
    let (mut cross_account, mut same_account) = (0, 0);
    for ((tf_type, label), (provider, body)) in &resources {
        if tf_type != "aws_networkmanager_vpc_attachment" {
            continue;
        }
        let id = format!("{tf_type}.{label}");
        let deps = depends_on(body);
        assert!(
            deps.contains(&policies[0]),
            "{id} waits for the policy: {deps:?}"
        );
        let vpc = resource_of(&attribute(body, "vpc_arn"));
        attachment_of_vpc.insert(vpc.clone(), id.clone());
        let vpc_name = network
            .vpcs
            .iter()
            .find(|v| format!("aws_vpc.{}", v.name.replace('-', "_")) == vpc)
            .unwrap_or_else(|| panic!("{id}: no VPC {vpc}"));
        assert_eq!(
            provider,
            &format!(
                "aws.{}_{}",
                vpc_name.account.replace('-', "_"),
                vpc_name.region.replace('-', "_")
            ),
            "{id} is created in its VPC's account and region"
        );
        if vpc_name.account == core.account {
            same_account += 1;
            for s in &share {
                assert!(!deps.contains(s), "{id}: same account, no need for {s}");
            }
        } else {
            cross_account += 1;
            for s in &share {
                assert!(deps.contains(s), "{id} waits for {s}: {deps:?}");
            }
        }
    }
    assert_eq!(
        (same_account, cross_account),
        (2, 6),
        "inspection VPCs, spokes"
    );

    // Routes to the core network, through their route table's VPC.
    let mut routes = 0;
    for ((tf_type, label), (_, body)) in &resources {
        let has_core = body.attributes().any(|a| a.key() == "core_network_arn");
        if tf_type != "aws_route" || !has_core {
            continue;
        }
        let id = format!("{tf_type}.{label}");
        assert_eq!(
            attribute(body, "core_network_arn"),
            "aws_networkmanager_core_network.wan.arn",
            "{id}"
        );
        let table = resource_of(&attribute(body, "route_table_id"));
        let (table_type, table_label) = table.split_once('.').unwrap();
        let (_, table_body) = &resources[&(table_type.to_string(), table_label.to_string())];
        let vpc = resource_of(&attribute(table_body, "vpc_id"));
        let attachment = &attachment_of_vpc[&vpc];
        assert!(
            depends_on(body).contains(attachment),
            "{id} waits for {attachment}: {:?}",
            depends_on(body)
        );
        routes += 1;
    }
    assert!(
        routes >= 16,
        "spokes' and inspection VPCs' routes to the core network ({routes})"
    );
}

/// Terraform's core network goes live with a base policy made of the full policy's version,
/// configuration and segments: an edge in every region (so attachments in any of them can be
/// created before the full policy is in), and edge ASNs from the policy's own ranges (an
/// edge's ASN never changes, so the provider's default base policy, 64512-65534, could give
/// edges ASNs the full policy's ranges do not hold).
#[test]
fn terraform_core_network_starts_with_the_policys_edges_asns_and_segments() {
    for regions in ["us-east-1,eu-west-1", "us-east-1,eu-west-1,ap-southeast-2"] {
        let network = cloudwan(&[("regions", regions)]);
        let policy = &network.core_network.as_ref().unwrap().policy;
        let resources = terraform_resources(&network);
        let key = (
            "aws_networkmanager_core_network".to_string(),
            "wan".to_string(),
        );
        let (provider, body) = &resources[&key];
        assert_eq!(provider, "aws.network_us_east_1", "{regions}");
        assert_eq!(attribute(body, "create_base_policy"), "true", "{regions}");
        let expr = body
            .attributes()
            .find(|a| a.key() == "base_policy_document")
            .map(|a| a.expr().clone())
            .expect("base_policy_document");
        let hcl::Expression::TemplateExpr(template) = expr else {
            panic!("{regions}: base_policy_document is not a heredoc");
        };
        let hcl::expr::TemplateExpr::Heredoc(heredoc) = template.as_ref() else {
            panic!("{regions}: base_policy_document is not a heredoc");
        };
        let base: serde_json::Value =
            serde_json::from_str(&heredoc.template).expect("the base policy is JSON");
        let full = serde_json::to_value(policy).unwrap();
        let keys: Vec<&str> = base
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["version", "core-network-configuration", "segments"]);
        for key in keys {
            assert_eq!(base[key], full[key], "{regions}: {key}");
        }
        let edges: Vec<&str> = base["core-network-configuration"]["edge-locations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["location"].as_str().unwrap())
            .collect();
        assert_eq!(edges.join(","), regions);
    }
}

/// An attachment whose segment requires acceptance is accepted by the core network's owner,
/// in Terraform by an accepter in the home region that the VPC's routes to the core network
/// wait for; CloudFormation cannot pause the spoke's stack between the attachment and its
/// routes for the manual step, and says so (NF0502).
#[test]
fn routes_wait_for_the_acceptance_of_their_attachment() {
    let network = crate::support::cloudwan_with_acceptance(true);
    let resources = terraform_resources(&network);
    let accepters: Vec<(&String, &(String, hcl::Body))> = resources
        .iter()
        .filter(|((t, _), _)| t == "aws_networkmanager_attachment_accepter")
        .map(|((_, label), value)| (label, value))
        .collect();
    let labels: Vec<&str> = accepters.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(
        labels,
        ["wan_prod_euw1_1", "wan_prod_use1_1"],
        "the prod spokes"
    );
    for (label, (provider, body)) in &accepters {
        assert_eq!(
            provider, "aws.network_us_east_1",
            "{label}: the core network's owner"
        );
        assert_eq!(
            attribute(body, "attachment_id"),
            format!("aws_networkmanager_vpc_attachment.{label}.id")
        );
        assert_eq!(attribute(body, "attachment_type"), "\"VPC\"");
    }
    let mut waiting = 0;
    for ((tf_type, label), (_, body)) in &resources {
        if tf_type != "aws_route" || !body.attributes().any(|a| a.key() == "core_network_arn") {
            continue;
        }
        let deps = depends_on(body);
        let accepter = deps
            .iter()
            .find(|d| d.starts_with("aws_networkmanager_attachment_accepter."));
        if label.starts_with("prod_") {
            let accepter = accepter.unwrap_or_else(|| panic!("{label} waits for no acceptance"));
            let vpc = label.split('_').take(3).collect::<Vec<_>>().join("_");
            assert_eq!(
                accepter,
                &format!("aws_networkmanager_attachment_accepter.wan_{vpc}"),
                "{label}"
            );
            waiting += 1;
        } else {
            assert!(accepter.is_none(), "{label}: {deps:?}");
        }
    }
    assert_eq!(waiting, 4, "two AZs of the prod spoke in two regions");

    let graph = crate::support::graph(&network);
    let err = Target::CloudFormation
        .render(&graph)
        .expect_err("CloudFormation cannot wait for the acceptance in the middle of a stack");
    let text = err.to_string();
    for stack in ["acme-workload-1-us-east-1", "acme-workload-1-eu-west-1"] {
        assert!(text.contains("NF0502") && text.contains(stack), "{text}");
    }
}
