//! Cross-account and cross-region references of the hub-and-spoke output are real: in
//! CloudFormation every Parameter is fed by an Output of a stack deployed earlier (as the
//! manifest says), in Terraform every reference names a resource of the module, whatever
//! provider (account and region) it is under. For Cloud WAN: every stack takes the core
//! network from the home region's stack, the RAM share is in us-east-1, and Terraform orders
//! policy, share, attachments and routes with `depends_on`.
//!
//! For DNS: every spoke is associated with its region's rules (or its region's profile, which
//! carries rules, zone, DNS Firewall and query logging) from its own account, after the RAM
//! share; the endpoints' security groups let DNS through from and to the declared ranges and
//! targets only; the inbound addresses are the fifth of each inbound subnet and the cloud
//! rule's targets; a DNS Firewall rule is an object of its group in CloudFormation; a
//! cross-account zone association is an authorization and an association in Terraform and a
//! refusal (NF0503) in CloudFormation.

use crate::support::render;
use netform::backends::{Attr, Kind, Resource, ResourceGraph, ResourceId, Target, Value};
use netform::blueprints::Registry;
use netform::dsl::{Network, RecordType, Tier, Vpc};
use serde_json::Value as Json;
use std::collections::{BTreeMap, BTreeSet};

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
fn every_cloudformation_parameter_and_import_is_an_earlier_stacks_output() {
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

/// Every Parameter of every stack is wired to an Output of a stack deployed earlier, and every
/// import to an export of an earlier stack in the same account and region; returns how many
/// there are.
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
        // An import names an export of an earlier stack in the same account and region.
        for import in stack["imports"].as_array().into_iter().flatten() {
            let export = import["export"].as_str().unwrap();
            let from = import["from_stack"].as_str().unwrap();
            let producer = manifest["stacks"]
                .as_array()
                .unwrap()
                .iter()
                .find(|s| s["name"] == from)
                .unwrap();
            assert_eq!(
                (&producer["account"], &producer["region"]),
                (&stack["account"], &stack["region"]),
                "{name} imports {export} from {from}, in another account or region"
            );
            let exported = templates[from]["Outputs"]
                .as_object()
                .unwrap()
                .values()
                .any(|o| o["Export"]["Name"] == export);
            assert!(exported, "{name}: {from} exports no {export}");
            assert!(
                position(from) < position(name),
                "{from} must deploy before {name}"
            );
            let text = template.to_string();
            assert!(
                text.contains(&format!("{{\"Fn::ImportValue\":\"{export}\"}}")),
                "{name} lists {export} among its imports but never imports it"
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

// ------------------------------------------------------------------ DNS

/// A private hosted zone of the network account, associated with the network account's VPC
/// `shared` (us-east-1) and with VPC `app` of account `prod` (eu-west-1): a cross-account
/// association, which Terraform makes with an authorization in the zone's account and an
/// association in the VPC's, and which CloudFormation refuses (NF0503).
pub(crate) fn cross_account_zone() -> Network {
    Network::builder("xzone")
        .network_account("network", "111111111111")
        .account("prod", "222222222222")
        .vpc(
            Vpc::builder("shared", "network", "us-east-1")
                .cidr("10.0.0.0/24")
                .azs(["us-east-1a", "us-east-1b"])
                .subnets("private", Tier::Private, 28),
        )
        .vpc(
            Vpc::builder("app", "prod", "eu-west-1")
                .cidr("10.1.0.0/16")
                .azs(["eu-west-1a", "eu-west-1b"])
                .subnets("private", Tier::Private, 24),
        )
        .dns(|d| {
            d.hosted_zone("internal", "internal.example.com", "network", |z| {
                z.vpc("shared")
                    .vpc("app")
                    .record("api", RecordType::A, ["10.0.0.10"])
            })
        })
        .build()
}

/// The resources of `kind` in a graph, in emission order.
fn of_kind(graph: &ResourceGraph, kind: Kind) -> Vec<&Resource> {
    graph
        .resources
        .values()
        .filter(|r| r.id.kind == kind)
        .collect()
}

/// The target of the reference in property `key`, which must be one.
fn target<'g>(resource: &'g Resource, key: &str) -> &'g ResourceId {
    match resource.properties.get(key) {
        Some(Value::Ref(r)) => &r.target,
        other => panic!("{:?}: {key} is not a reference: {other:?}", resource.id),
    }
}

/// The string in property `key`, which must be one.
fn text<'g>(resource: &'g Resource, key: &str) -> &'g str {
    match resource.properties.get(key) {
        Some(Value::String(s)) => s,
        other => panic!("{:?}: {key} is not a string: {other:?}", resource.id),
    }
}

/// The integer in property or field `key` of `fields`.
fn int(fields: &indexmap::IndexMap<&'static str, Value>, key: &str) -> i64 {
    match fields.get(key) {
        Some(Value::Int(i)) => *i,
        other => panic!("{key} is not an integer: {other:?}"),
    }
}

/// The structures of list property `key`.
fn structs<'g>(
    resource: &'g Resource,
    key: &str,
) -> Vec<&'g indexmap::IndexMap<&'static str, Value>> {
    let Some(Value::List(items)) = resource.properties.get(key) else {
        panic!("{:?}: {key} is not a list", resource.id);
    };
    items
        .iter()
        .map(|item| match item {
            Value::Struct(fields) => fields,
            other => panic!("{:?}: {key} holds {other:?}", resource.id),
        })
        .collect()
}

/// The spokes of a hub blueprint: the VPCs of the workload accounts.
fn spokes(network: &Network) -> Vec<&netform::dsl::Vpc> {
    let spokes: Vec<_> = network
        .vpcs
        .iter()
        .filter(|v| v.account != "network")
        .collect();
    assert!(!spokes.is_empty(), "{}: no spokes", network.name);
    spokes
}

/// The parts of the RAM share of `shared` (its share, resource and principal associations),
/// found by the resource association whose `resource_arn` is `shared`'s ARN.
fn share_of(
    graph: &ResourceGraph,
    shared: &ResourceId,
) -> (ResourceId, ResourceId, Vec<ResourceId>) {
    shared_by(graph, shared).unwrap_or_else(|| panic!("{shared:?} is not shared"))
}

/// [`share_of`], or `None` if `shared` is in no share.
fn shared_by(
    graph: &ResourceGraph,
    shared: &ResourceId,
) -> Option<(ResourceId, ResourceId, Vec<ResourceId>)> {
    let arn = Value::Ref(shared.attr(Attr::Arn));
    let resources: Vec<&Resource> = of_kind(graph, Kind::RamResource)
        .into_iter()
        .filter(|r| r.properties.get("resource_arn") == Some(&arn))
        .collect();
    let resource = match resources.as_slice() {
        [] => return None,
        [resource] => resource,
        _ => panic!("{shared:?} is in {} shares", resources.len()),
    };
    let share = target(resource, "resource_share_arn").clone();
    let principals = of_kind(graph, Kind::RamPrincipal)
        .into_iter()
        .filter(|p| target(p, "resource_share_arn") == &share)
        .map(|p| p.id.clone())
        .collect();
    Some((share, resource.id.clone(), principals))
}

/// Whether RAM principal `principal` covers account `account_id`: its id, or an
/// organization or OU ARN (whose members the organization says).
fn covers(graph: &ResourceGraph, principal: &ResourceId, account_id: &str) -> bool {
    let value = text(&graph.resources[principal], "principal");
    value == account_id || value.starts_with("arn:aws:organizations::")
}

/// `hybrid-dns` without profiles: every spoke is associated, in its own account and region,
/// with each rule of its region (the on-premises domains and the cloud domain) and no other;
/// each association waits for the rule's RAM share: the share, the rule in it, and the
/// principal association that covers the spoke's account.
#[test]
fn every_spoke_associates_every_rule_of_its_region_after_the_share() {
    let cases: &[&[(&str, &str)]] = &[
        &[],
        &[("regions", "us-east-1,eu-west-1")],
        &[("share-with", "ou-abcd-12345678")],
        &[("onprem-domains", "corp.example.com,ad.example.com")],
    ];
    for sets in cases {
        let network = crate::support::blueprint("hybrid-dns", sets);
        let regions = network
            .vpcs
            .iter()
            .filter(|v| v.name.starts_with("dns-"))
            .count();
        let graph = crate::support::graph(&network);
        let rules = of_kind(&graph, Kind::ResolverRule);
        let onprem = if sets.iter().any(|(k, _)| *k == "onprem-domains") {
            2
        } else {
            1
        };
        assert_eq!(
            rules.len(),
            regions * (onprem + 1),
            "{sets:?}: rules per region"
        );
        let associations = of_kind(&graph, Kind::RuleAssociation);
        let mut checked = 0;
        for spoke in spokes(&network) {
            let vpc = ResourceId::new(Kind::Vpc, [spoke.name.as_str()]);
            let account_id = &network.account(&spoke.account).unwrap().id;
            let expected: BTreeSet<&ResourceId> = rules
                .iter()
                .filter(|r| r.placement.region == spoke.region)
                .map(|r| &r.id)
                .collect();
            assert_eq!(expected.len(), onprem + 1, "{sets:?} {}", spoke.name);
            let mine: Vec<&&Resource> = associations
                .iter()
                .filter(|a| target(a, "vpc_id") == &vpc)
                .collect();
            let associated: BTreeSet<&ResourceId> =
                mine.iter().map(|a| target(a, "resolver_rule_id")).collect();
            assert_eq!(
                associated, expected,
                "{sets:?}: the rules of {}",
                spoke.name
            );
            assert_eq!(mine.len(), expected.len(), "{sets:?}: once each");
            for association in mine {
                let at = format!("{sets:?} {:?}", association.id);
                assert_eq!(association.placement.account, spoke.account, "{at}");
                assert_eq!(association.placement.region, spoke.region, "{at}");
                let rule = target(association, "resolver_rule_id");
                assert_ne!(
                    graph.resources[rule].placement.account, spoke.account,
                    "{at}: the rule is another account's"
                );
                let (share, resource, principals) = share_of(&graph, rule);
                let deps = &association.depends_on;
                assert!(deps.contains(&share), "{at} waits for {share:?}: {deps:?}");
                assert!(
                    deps.contains(&resource),
                    "{at} waits for {resource:?}: {deps:?}"
                );
                assert!(
                    principals
                        .iter()
                        .any(|p| deps.contains(p) && covers(&graph, p, account_id)),
                    "{at}: waits for no principal association covering {account_id}: {deps:?}"
                );
                checked += 1;
            }
        }
        assert!(checked >= 4, "{sets:?}: {checked} associations");
    }
}

/// The allowed ranges of an inbound endpoint's security group: `(protocol, from, to, CIDR)`
/// of its ingress rules and of its egress rules.
type SgRules = BTreeSet<(String, i64, i64, String)>;

fn group_rules(graph: &ResourceGraph, group: &ResourceId) -> (SgRules, SgRules) {
    let rules = |kind| -> SgRules {
        of_kind(graph, kind)
            .into_iter()
            .filter(|r| target(r, "security_group_id") == group)
            .map(|r| {
                let port = |key| match r.properties.get(key) {
                    Some(Value::Int(i)) => *i,
                    other => panic!("{:?}: {key} is {other:?}", r.id),
                };
                (
                    text(r, "ip_protocol").to_string(),
                    port("from_port"),
                    port("to_port"),
                    text(r, "cidr_ipv4").to_string(),
                )
            })
            .collect()
    };
    (rules(Kind::SgIngress), rules(Kind::SgEgress))
}

/// UDP and TCP 53 for each of `cidrs`.
fn dns_port(cidrs: &[String]) -> SgRules {
    cidrs
        .iter()
        .flat_map(|c| ["udp", "tcp"].map(|p| (p.to_string(), 53, 53, c.clone())))
        .collect()
}

/// The inbound endpoint's security group lets UDP and TCP 53 in from the declared
/// on-premises ranges and the DNS VPC only (and answers back to them: the rules replace
/// CloudFormation's allow-all egress); the outbound endpoint's lets DNS out to the targets of
/// its rules only, as /32s, and nothing in. No security group rule of any DNS variant is
/// open to 0.0.0.0/0.
#[test]
fn endpoint_security_groups_allow_only_the_declared_ranges_and_targets() {
    let network = crate::support::blueprint(
        "hybrid-dns",
        &[
            ("regions", "us-east-1,eu-west-1"),
            ("onprem-cidrs", "192.168.0.0/16,172.16.0.0/12"),
        ],
    );
    let graph = crate::support::graph(&network);
    let mut endpoints = 0;
    for endpoint in &network.dns.endpoints {
        let resolver =
            &graph.resources[&ResourceId::new(Kind::ResolverEndpoint, [endpoint.name.as_str()])];
        let group = ResourceId::new(Kind::SecurityGroup, [endpoint.name.as_str()]);
        assert_eq!(
            resolver.properties["security_group_ids"],
            Value::List(vec![Value::Ref(group.id())]),
            "{}",
            endpoint.name
        );
        let (ingress, egress) = group_rules(&graph, &group);
        match endpoint.direction {
            netform::dsl::EndpointDirection::Inbound => {
                let vpc = &graph.resources[&ResourceId::new(Kind::Vpc, [endpoint.vpc.as_str()])];
                let allowed: Vec<String> = ["192.168.0.0/16", "172.16.0.0/12"]
                    .into_iter()
                    .map(str::to_string)
                    .chain([text(vpc, "cidr_block").to_string()])
                    .collect();
                assert_eq!(ingress, dns_port(&allowed), "{}", endpoint.name);
                assert_eq!(egress, dns_port(&allowed), "{}", endpoint.name);
            }
            netform::dsl::EndpointDirection::Outbound => {
                let targets: Vec<String> = network
                    .dns
                    .rules
                    .iter()
                    .filter(|r| r.endpoint.as_deref() == Some(endpoint.name.as_str()))
                    .flat_map(|r| &r.targets)
                    .map(|t| {
                        assert_eq!(t.port, 53);
                        format!("{}/32", t.ip)
                    })
                    .collect();
                // The two on-premises resolvers and the region's inbound addresses (2 AZs).
                assert_eq!(targets.len(), 2 + 2, "{}", endpoint.name);
                assert!(ingress.is_empty(), "{}: {ingress:?}", endpoint.name);
                assert_eq!(egress, dns_port(&targets), "{}", endpoint.name);
            }
        }
        endpoints += 1;
    }
    assert_eq!(
        endpoints, 4,
        "an inbound and an outbound endpoint per region"
    );
    for (name, network) in crate::support::variants() {
        let graph = crate::support::graph(&network);
        for rule in of_kind(&graph, Kind::SgIngress)
            .into_iter()
            .chain(of_kind(&graph, Kind::SgEgress))
        {
            // A range, or a VPC's own CIDR (the VPC Lattice association groups).
            match rule.properties.get("cidr_ipv4") {
                Some(Value::Ref(r)) => assert!(
                    r.target.kind == Kind::Vpc && r.attr == netform::backends::Attr::CidrBlock,
                    "{name}: {:?} takes {r:?}",
                    rule.id
                ),
                _ => assert_ne!(
                    text(rule, "cidr_ipv4"),
                    "0.0.0.0/0",
                    "{name}: {:?}",
                    rule.id
                ),
            }
        }
    }
}

/// Each inbound endpoint's address in an AZ is the fifth of its inbound subnet there (base+4:
/// AWS reserves the first four), one per AZ of the DNS VPC; the rule forwarding the cloud
/// domain from the spokes targets exactly the inbound addresses of its region, on port 53,
/// and the zone's records list them.
#[test]
fn inbound_addresses_are_the_fifth_of_each_subnet_and_the_cloud_rule_targets_them() {
    let network = crate::support::blueprint(
        "hybrid-dns",
        &[("regions", "us-east-1,eu-west-1"), ("azs", "3")],
    );
    let graph = crate::support::graph(&network);
    let cloud_rules: Vec<&Resource> = of_kind(&graph, Kind::ResolverRule)
        .into_iter()
        .filter(|r| text(r, "domain_name") == "aws.example.com")
        .collect();
    assert_eq!(cloud_rules.len(), 2, "one per region");
    let mut all_ips: BTreeSet<String> = BTreeSet::new();
    let inbound: Vec<&netform::dsl::ResolverEndpoint> = network
        .dns
        .endpoints
        .iter()
        .filter(|e| e.direction == netform::dsl::EndpointDirection::Inbound)
        .collect();
    assert_eq!(inbound.len(), 2);
    for endpoint in inbound {
        let resolver =
            &graph.resources[&ResourceId::new(Kind::ResolverEndpoint, [endpoint.name.as_str()])];
        let mut ips = Vec::new();
        for address in structs(resolver, "ip_addresses") {
            let Some(Value::Ref(subnet)) = address.get("subnet_id") else {
                panic!("{}: an address without a subnet", endpoint.name);
            };
            assert_eq!(subnet.target.name[..2], [endpoint.vpc.as_str(), "inbound"]);
            let cidr: ipnet::Ipv4Net = text(&graph.resources[&subnet.target], "cidr_block")
                .parse()
                .unwrap();
            let fifth = std::net::Ipv4Addr::from(u32::from(cidr.network()) + 4);
            let Some(Value::String(ip)) = address.get("ip") else {
                panic!("{}: an address without an ip", endpoint.name);
            };
            assert_eq!(ip, &fifth.to_string(), "{} in {cidr}", endpoint.name);
            ips.push(ip.clone());
        }
        assert_eq!(ips.len(), 3, "{}: one per AZ", endpoint.name);
        let rule = cloud_rules
            .iter()
            .find(|r| r.placement == resolver.placement)
            .unwrap_or_else(|| panic!("no cloud rule beside {}", endpoint.name));
        let targets: Vec<String> = structs(rule, "target_ips")
            .into_iter()
            .map(|t| {
                assert_eq!(int(t, "port"), 53);
                match t.get("ip") {
                    Some(Value::String(ip)) => ip.clone(),
                    other => panic!("a target ip {other:?}"),
                }
            })
            .collect();
        assert_eq!(targets, ips, "{:?}", rule.id);
        all_ips.extend(ips);
    }
    // Every region's zone answers with every region's inbound addresses.
    for zone in of_kind(&graph, Kind::HostedZone) {
        let mut listed = BTreeSet::new();
        for record in of_kind(&graph, Kind::Record)
            .into_iter()
            .filter(|r| target(r, "zone_id") == &zone.id)
        {
            let Some(Value::List(values)) = record.properties.get("records") else {
                panic!("{:?}: no records", record.id);
            };
            listed.extend(values.iter().map(|v| match v {
                Value::String(s) => s.clone(),
                other => panic!("{other:?}"),
            }));
        }
        assert_eq!(listed, all_ips, "{:?}", zone.id);
    }
}

/// `use-profiles=true`: no spoke has a rule association (nor a DNS Firewall or query log
/// association); each has exactly one profile association, in its account, to its region's
/// profile, after the profile's share; each profile carries its region's on-premises rules,
/// its zone, its DNS Firewall rule group (at priority 101, as `ResourceProperties`) and its
/// query log configuration, and nothing else.
#[test]
fn with_profiles_each_spoke_has_one_profile_that_carries_everything() {
    let network = crate::support::blueprint(
        "hybrid-dns",
        &[
            ("regions", "us-east-1,eu-west-1"),
            ("use-profiles", "true"),
            ("onprem-domains", "corp.example.com,ad.example.com"),
            ("dns-firewall", "malware.example.net"),
            ("query-logs", "arn:aws:s3:::acme-dns-logs"),
        ],
    );
    let graph = crate::support::graph(&network);
    assert!(of_kind(&graph, Kind::RuleAssociation).is_empty());
    assert!(of_kind(&graph, Kind::DnsFirewallAssociation).is_empty());
    for association in of_kind(&graph, Kind::QueryLogAssociation) {
        let vpc = target(association, "resource_id");
        assert!(
            vpc.name[0].starts_with("dns-"),
            "{:?}: only DNS VPCs",
            association.id
        );
    }
    for rule in of_kind(&graph, Kind::ResolverRule) {
        assert_ne!(
            text(rule, "domain_name"),
            "aws.example.com",
            "the profile carries the zone itself"
        );
    }
    let profiles = of_kind(&graph, Kind::Profile);
    assert_eq!(profiles.len(), 2, "one per region");
    let associations = of_kind(&graph, Kind::ProfileAssociation);
    for spoke in spokes(&network) {
        let vpc = ResourceId::new(Kind::Vpc, [spoke.name.as_str()]);
        let mine: Vec<&&Resource> = associations
            .iter()
            .filter(|a| target(a, "resource_id") == &vpc)
            .collect();
        let [association] = mine.as_slice() else {
            panic!("{}: {} profile associations", spoke.name, mine.len());
        };
        assert_eq!(association.placement.account, spoke.account);
        assert_eq!(association.placement.region, spoke.region);
        let profile = target(association, "profile_id");
        assert_eq!(graph.resources[profile].placement.region, spoke.region);
        let (share, resource, _) = share_of(&graph, profile);
        assert!(
            association.depends_on.contains(&share),
            "{:?}",
            association.id
        );
        assert!(
            association.depends_on.contains(&resource),
            "{:?}",
            association.id
        );
    }
    for profile in profiles {
        let region = &profile.placement.region;
        let code = match region.as_str() {
            "us-east-1" => "use1",
            "eu-west-1" => "euw1",
            other => panic!("{other}"),
        };
        let carried: BTreeMap<ResourceId, Option<Json>> = of_kind(&graph, Kind::ProfileResource)
            .into_iter()
            .filter(|r| target(r, "profile_id") == &profile.id)
            .map(|r| {
                let Some(Value::Ref(arn)) = r.properties.get("resource_arn") else {
                    panic!("{:?}: no resource_arn", r.id);
                };
                assert_eq!(arn.attr, Attr::Arn);
                let properties = r
                    .properties
                    .get("resource_properties")
                    .map(|_| serde_json::from_str(text(r, "resource_properties")).unwrap());
                (arn.target.clone(), properties)
            })
            .collect();
        let mut expected: BTreeMap<ResourceId, Option<Json>> = BTreeMap::new();
        for domain in ["corp-example-com", "ad-example-com"] {
            let rule = format!("{domain}-{code}");
            expected.insert(ResourceId::new(Kind::ResolverRule, [rule]), None);
        }
        expected.insert(
            ResourceId::new(Kind::HostedZone, [format!("cloud-{code}")]),
            None,
        );
        expected.insert(
            ResourceId::new(Kind::DnsRuleGroup, [format!("dns-firewall-{code}")]),
            Some(serde_json::json!({"priority": 101})),
        );
        expected.insert(
            ResourceId::new(Kind::QueryLogConfig, [format!("queries-{code}")]),
            None,
        );
        assert_eq!(carried, expected, "{:?}", profile.id);
        for id in carried.keys() {
            assert_eq!(&graph.resources[id].placement, &profile.placement, "{id:?}");
        }
    }
    // CloudFormation takes the priority as the same JSON text.
    let (_, templates) = templates(&network);
    let resources = stacks_with(
        &templates,
        "AWS::Route53Profiles::ProfileResourceAssociation",
    );
    let firewall: Vec<&Json> = resources
        .iter()
        .filter(|(_, logical, _)| logical.contains("DnsFirewall"))
        .map(|(_, _, r)| &r["Properties"]["ResourceProperties"])
        .collect();
    assert_eq!(firewall.len(), 2, "{resources:?}");
    for properties in firewall {
        let parsed: Json = serde_json::from_str(properties.as_str().unwrap()).unwrap();
        assert_eq!(parsed, serde_json::json!({"priority": 101}));
    }
}

/// In CloudFormation a DNS Firewall rule is an object of its group's `FirewallRules`
/// (priority, action, domain list by `Ref`, no name) and not a resource; in Terraform it is
/// an `aws_route53_resolver_firewall_rule` of the group, with the name CloudFormation does
/// not have.
#[test]
fn dns_firewall_rules_are_objects_of_their_group_in_cloudformation() {
    let network = crate::support::blueprint(
        "hybrid-dns",
        &[("dns-firewall", "malware.example.net,*.bad.example")],
    );
    let (_, templates) = templates(&network);
    let groups = stacks_with(&templates, "AWS::Route53Resolver::FirewallRuleGroup");
    let [(stack, logical, group)] = groups.as_slice() else {
        panic!("one rule group: {groups:?}");
    };
    assert_eq!(*stack, "acme-network-us-east-1");
    assert_eq!(*logical, "DnsFirewallUse1DnsRuleGroup");
    assert_eq!(
        group["Properties"]["FirewallRules"],
        serde_json::json!([{
            "Priority": 100,
            "Action": "BLOCK",
            "FirewallDomainListId": {"Ref": "BlockedUse1DomainList"},
            "BlockResponse": "NXDOMAIN",
        }])
    );
    for (name, template) in &templates {
        for (logical, resource) in template["Resources"].as_object().unwrap() {
            assert!(!logical.ends_with("DnsRule"), "{name}: {logical}");
            assert_ne!(
                resource["Type"], "AWS::Route53Resolver::FirewallRule",
                "{name}"
            );
        }
    }
    let lists = stacks_with(&templates, "AWS::Route53Resolver::FirewallDomainList");
    assert_eq!(
        lists[0].2["Properties"]["Domains"],
        serde_json::json!(["malware.example.net", "*.bad.example"])
    );

    let resources = terraform_resources(&network);
    let rules: Vec<_> = resources
        .iter()
        .filter(|((t, _), _)| t == "aws_route53_resolver_firewall_rule")
        .collect();
    let [((_, label), (provider, body))] = rules.as_slice() else {
        panic!("one rule: {rules:?}");
    };
    assert_eq!(label, "dns_firewall_use1_block");
    assert_eq!(provider, "aws.network_us_east_1");
    assert_eq!(
        attribute(body, "firewall_rule_group_id"),
        "aws_route53_resolver_firewall_rule_group.dns_firewall_use1.id"
    );
    assert_eq!(
        attribute(body, "firewall_domain_list_id"),
        "aws_route53_resolver_firewall_domain_list.blocked_use1.id"
    );
    assert_eq!(attribute(body, "name"), "\"block\"");
}

/// Terraform associates the zone with the other account's VPC in two steps: the zone's
/// account authorizes (`aws_route53_vpc_association_authorization`, under the zone account's
/// provider), then the VPC's account associates (`aws_route53_zone_association`, under the
/// VPC's provider, after the authorization). The zone keeps only its own account's VPC inline
/// and leaves the rest to the association: `lifecycle { ignore_changes = [vpc] }`.
#[test]
fn terraform_authorizes_and_associates_a_cross_account_zone() {
    let resources = terraform_resources(&cross_account_zone());
    let key = |t: &str, l: &str| (t.to_string(), l.to_string());
    let (provider, zone) = &resources[&key("aws_route53_zone", "internal")];
    assert_eq!(provider, "aws.network_us_east_1");
    let vpcs: Vec<&hcl::Block> = zone.blocks().filter(|b| b.identifier() == "vpc").collect();
    let [vpc] = vpcs.as_slice() else {
        panic!("one inline VPC: {vpcs:?}");
    };
    assert_eq!(attribute(vpc.body(), "vpc_id"), "aws_vpc.shared.id");
    assert_eq!(attribute(vpc.body(), "vpc_region"), "\"us-east-1\"");
    let lifecycles: Vec<&hcl::Block> = zone
        .blocks()
        .filter(|b| b.identifier() == "lifecycle")
        .collect();
    let [lifecycle] = lifecycles.as_slice() else {
        panic!("one lifecycle block: {lifecycles:?}");
    };
    let ignored = lifecycle
        .body()
        .attributes()
        .find(|a| a.key() == "ignore_changes")
        .expect("ignore_changes");
    // A bare name, not a string.
    assert_eq!(
        ignored.expr(),
        &hcl::Expression::Array(vec![hcl::Expression::Variable(
            hcl::expr::Variable::unchecked("vpc")
        )])
    );
    let authorization = "aws_route53_vpc_association_authorization";
    let (provider, body) = &resources[&key(authorization, "internal_app")];
    assert_eq!(provider, "aws.network_us_east_1", "the zone's account");
    assert_eq!(
        attribute(body, "zone_id"),
        "aws_route53_zone.internal.zone_id"
    );
    assert_eq!(attribute(body, "vpc_id"), "aws_vpc.app.id");
    assert_eq!(attribute(body, "vpc_region"), "\"eu-west-1\"");
    let (provider, body) = &resources[&key("aws_route53_zone_association", "internal_app")];
    assert_eq!(
        provider, "aws.prod_eu_west_1",
        "the VPC's account and region"
    );
    assert_eq!(
        attribute(body, "zone_id"),
        "aws_route53_zone.internal.zone_id"
    );
    assert_eq!(attribute(body, "vpc_id"), "aws_vpc.app.id");
    assert_eq!(attribute(body, "vpc_region"), "\"eu-west-1\"");
    assert_eq!(depends_on(body), [format!("{authorization}.internal_app")]);
    // Nothing else is cross-account: one authorization, one association.
    let count = |t: &str| resources.keys().filter(|(k, _)| k == t).count();
    assert_eq!(count(authorization), 1);
    assert_eq!(count("aws_route53_zone_association"), 1);
    // The own account's VPC needs neither.
    assert!(!resources.contains_key(&key(authorization, "internal_shared")));
}

/// The same network to CloudFormation: refused, NF0503 at the association in the model, and
/// no template is produced.
#[test]
fn cloudformation_refuses_a_cross_account_zone_association_at_its_path() {
    let graph = crate::support::graph(&cross_account_zone());
    let err = Target::CloudFormation
        .render(&graph)
        .expect_err("no cross-account association in CloudFormation");
    let netform::backends::ErrorKind::Unsupported(diags) = err.kind() else {
        panic!("not a refusal: {err}");
    };
    let found: Vec<&netform::dsl::Diagnostic> = diags.iter().collect();
    let [diag] = found.as_slice() else {
        panic!("one diagnostic: {found:?}");
    };
    assert_eq!(diag.code, netform::dsl::Code::CfnUnsupported);
    assert_eq!(diag.code.to_string(), "NF0503");
    assert_eq!(
        diag.path.to_string(),
        r#"dns.hosted_zones["internal"].vpcs[1]"#
    );
    for part in [
        "\"internal\"",
        "internal.example.com",
        "\"app\"",
        "prod",
        "222222222222",
    ] {
        assert!(diag.message.contains(part), "{part}: {}", diag.message);
    }
    let help = diag.help.as_deref().unwrap_or_default();
    assert!(help.contains("--target terraform"), "{help}");
    assert!(help.contains("Profile"), "{help}");
    // Without the association it renders.
    let mut own = cross_account_zone();
    own.dns.hosted_zones[0].vpcs.truncate(1);
    let files = render(&own, Target::CloudFormation);
    assert!(files
        .iter()
        .any(|f| f.path == "xzone-network-us-east-1.template.json"));
}

/// A spoke's DNS associations name what the network account shares through Parameters fed
/// by the network stack, which deploys first.
#[test]
fn dns_associations_take_the_shared_ids_from_the_network_stack() {
    for sets in [
        &[("regions", "us-east-1,eu-west-1")][..],
        &[
            ("regions", "us-east-1,eu-west-1"),
            ("use-profiles", "true"),
            ("dns-firewall", "bad.example"),
            ("query-logs", "arn:aws:s3:::acme-dns-logs"),
        ][..],
    ] {
        let network = crate::support::blueprint("hybrid-dns", sets);
        let wired = assert_parameters_wired(&network);
        assert!(wired >= 8, "{sets:?}: {wired}");
        let (manifest, templates) = templates(&network);
        let order = deploy_order(&manifest);
        let at = |s: &str| order.iter().position(|o| o == s).unwrap();
        let kinds = [
            (
                "AWS::Route53Resolver::ResolverRuleAssociation",
                "ResolverRuleId",
            ),
            ("AWS::Route53Profiles::ProfileAssociation", "ProfileId"),
        ];
        let mut seen = 0;
        for (cfn_type, property) in kinds {
            for (stack, logical, resource) in stacks_with(&templates, cfn_type) {
                assert!(stack.contains("-workload-"), "{logical} in {stack}");
                let parameter = resource["Properties"][property]["Ref"]
                    .as_str()
                    .unwrap_or_else(|| panic!("{logical}: {property} is no Ref"));
                let wire = manifest["stacks"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|s| s["name"] == stack)
                    .and_then(|s| {
                        s["parameters"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .find(|w| w["parameter"] == parameter)
                    })
                    .unwrap_or_else(|| panic!("{logical}: {parameter} is not wired"));
                let from = wire["from_stack"].as_str().unwrap();
                assert!(from.starts_with("acme-network-"), "{logical}: {from}");
                assert!(at(from) < at(stack), "{from} before {stack}");
                seen += 1;
            }
        }
        assert_eq!(seen, 4 * if sets.len() > 1 { 1 } else { 2 }, "{sets:?}");
    }
}

/// A DNS VPC whose outbound endpoint no rule uses yet, and whose inbound endpoint allows no
/// range (a warning, NF0815): their security groups have no egress rule to write.
fn endpoints_without_rules() -> Network {
    Network::builder("idle")
        .network_account("network", "111111111111")
        .vpc(
            Vpc::builder("dns", "network", "us-east-1")
                .cidr("10.0.0.0/24")
                .azs(["us-east-1a", "us-east-1b"])
                .subnets("inbound", Tier::Private, 28)
                .subnets("outbound", Tier::Private, 28),
        )
        .dns(|d| {
            d.inbound_endpoint("in", "dns", "inbound", |e| e)
                .outbound_endpoint("out", "dns", "outbound", |e| e)
        })
        .build()
}

/// A security group whose endpoint needs no egress rule must allow nothing out in both
/// targets. Terraform's `aws_security_group` removes the allow-all egress rule AWS creates
/// with a group in a VPC (its "NOTE on Egress rules"); CloudFormation keeps it: "if you do not
/// add egress rules, we add egress rules that allow all outbound IPv4 and IPv6 traffic"
/// (AWS::EC2::SecurityGroup). So such a group gets one rule no packet matches (ICMP type 252
/// code 86 to 255.255.255.255/32, as AWS CDK writes "disallow all traffic"), in both targets.
#[test]
fn an_endpoint_group_without_egress_rules_allows_nothing_out_in_either_target() {
    let network = endpoints_without_rules();
    let graph = crate::support::graph(&network);
    let placeholder: SgRules = BTreeSet::from([(
        "icmp".to_string(),
        252,
        86,
        "255.255.255.255/32".to_string(),
    )]);
    let groups = of_kind(&graph, Kind::SecurityGroup);
    assert_eq!(groups.len(), 2);
    for group in groups {
        let (ingress, egress) = group_rules(&graph, &group.id);
        assert!(ingress.is_empty(), "{:?}: {ingress:?}", group.id);
        assert_eq!(egress, placeholder, "{:?}", group.id);
    }
    // Terraform: the placeholder as a rule resource, and no inline egress.
    let resources = terraform_resources(&network);
    assert_eq!(
        resources
            .keys()
            .filter(|(t, _)| t == "aws_vpc_security_group_egress_rule")
            .count(),
        2
    );
    for ((t, label), (_, body)) in &resources {
        if t == "aws_security_group" {
            assert!(
                body.blocks().all(|b| b.identifier() != "egress"),
                "{label}: inline egress"
            );
        }
    }
    // CloudFormation: the same groups must not fall back to the default allow-all egress.
    let (_, templates) = templates(&network);
    let groups = stacks_with(&templates, "AWS::EC2::SecurityGroup");
    assert_eq!(groups.len(), 2);
    for (_, logical, group) in groups {
        let egress = group["Properties"]["SecurityGroupEgress"].as_array();
        let rules = egress.unwrap_or_else(|| {
            panic!(
                "{logical}: no SecurityGroupEgress, so CloudFormation keeps the default rule \
                 allowing all traffic to 0.0.0.0/0, which Terraform's group does not have: {group}"
            )
        });
        assert!(!rules.is_empty(), "{logical}");
        for rule in rules {
            assert_ne!(rule["CidrIp"], "0.0.0.0/0", "{logical}: {rule}");
        }
    }
}

/// Every DNS association made in another account than the one that owns what it associates
/// (a rule, a DNS Firewall rule group, a query log configuration, a profile) waits for that
/// thing's RAM share: the share, the resource in it and a principal association covering the
/// account. One in the owner's account waits for none of it.
#[test]
fn every_cross_account_dns_association_waits_for_the_share() {
    let kinds = [
        (Kind::RuleAssociation, "resolver_rule_id"),
        (Kind::DnsFirewallAssociation, "firewall_rule_group_id"),
        (Kind::QueryLogAssociation, "resolver_query_log_config_id"),
        (Kind::ProfileAssociation, "profile_id"),
    ];
    let mut networks: Vec<(String, Network)> = crate::support::variants()
        .into_iter()
        .filter(|(_, n)| !n.dns.is_empty())
        .collect();
    networks.push((
        "every DNS form".to_string(),
        crate::schema::dns_every_form(),
    ));
    let mut cross: BTreeMap<Kind, usize> = BTreeMap::new();
    let mut same: BTreeMap<Kind, usize> = BTreeMap::new();
    for (name, network) in &networks {
        let graph = crate::support::graph(network);
        for (kind, key) in kinds {
            for association in of_kind(&graph, kind) {
                let at = format!("{name}: {:?}", association.id);
                let owner = &graph.resources[target(association, key)];
                let deps = &association.depends_on;
                if association.placement.account == owner.placement.account {
                    if let Some((share, resource, principals)) = shared_by(&graph, &owner.id) {
                        for part in principals.iter().chain([&share, &resource]) {
                            assert!(!deps.contains(part), "{at}: waits for {part:?}");
                        }
                    }
                    *same.entry(kind).or_default() += 1;
                    continue;
                }
                let (share, resource, principals) = share_of(&graph, &owner.id);
                let account = &association.placement.account;
                let id = &network.account(account).unwrap().id;
                assert!(deps.contains(&share), "{at}: {deps:?}");
                assert!(deps.contains(&resource), "{at}: {deps:?}");
                assert!(
                    principals
                        .iter()
                        .any(|p| deps.contains(p) && covers(&graph, p, id)),
                    "{at}: no principal association for {account} ({id}) among {deps:?}"
                );
                *cross.entry(kind).or_default() += 1;
            }
        }
    }
    for (kind, _) in kinds {
        assert!(
            cross.get(&kind).copied().unwrap_or(0) > 0,
            "{kind:?}: none across accounts"
        );
    }
    assert!(
        same.get(&Kind::QueryLogAssociation).copied().unwrap_or(0) > 0,
        "the DNS VPCs' query logging, in the network account"
    );
}

/// Records whose names differ only where the lowering's label drops a character: `api.v2`
/// and `api-v2` (a dot becomes `-`), the apex `@` and a record named `apex`.
fn records_with_close_names() -> Network {
    Network::builder("rec")
        .network_account("network", "111111111111")
        .vpc(
            Vpc::builder("dns", "network", "us-east-1")
                .cidr("10.0.0.0/24")
                .azs(["us-east-1a", "us-east-1b"])
                .subnets("private", Tier::Private, 28),
        )
        .dns(|d| {
            d.hosted_zone("z", "example.com", "network", |z| {
                z.vpc("dns")
                    .record("api.v2", RecordType::A, ["10.0.0.1"])
                    .record("api-v2", RecordType::A, ["10.0.0.2"])
                    .record("@", RecordType::A, ["10.0.0.3"])
                    .record("apex", RecordType::A, ["10.0.0.4"])
            })
        })
        .build()
}

/// Four distinct records are four record sets, or the network is refused with a diagnostic:
/// never fewer record sets than declared, silently.
#[test]
fn no_record_is_lost_to_a_name_collision() {
    let network = records_with_close_names();
    let lowered = network
        .validate()
        .map(|valid| netform::backends::lower(&valid));
    let graph = match lowered {
        Err(diags) | Ok(Err(diags)) => {
            assert!(diags.has_errors(), "{diags}");
            return;
        }
        Ok(Ok(graph)) => graph,
    };
    let found: BTreeSet<(String, String)> = of_kind(&graph, Kind::Record)
        .into_iter()
        .map(|r| {
            let Some(Value::List(values)) = r.properties.get("records") else {
                panic!("{:?}: no records", r.id);
            };
            (text(r, "name").to_string(), format!("{values:?}"))
        })
        .collect();
    let names: BTreeSet<&str> = found.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        BTreeSet::from([
            "api.v2.example.com",
            "api-v2.example.com",
            "example.com",
            "apex.example.com",
        ]),
        "declared records are missing from the graph: {found:?}"
    );
}

// ------------------------------------------------------------------ IPAM and IPv6

fn landing_zone(sets: &[(&str, &str)]) -> Network {
    crate::support::blueprint("ipam-landing-zone", sets)
}

/// `ipam-landing-zone` with IPAM choosing each VPC's IPv4 CIDR at deploy time, dual-stack.
const DEPLOY_TIME: &[(&str, &str)] = &[("ip-mode", "dual-stack"), ("allocation", "ipam")];

/// The resource of logical id `logical` in any template, with its stack.
fn cfn_resource<'t>(templates: &'t BTreeMap<String, Json>, logical: &str) -> (&'t str, &'t Json) {
    templates
        .iter()
        .find_map(|(stack, t)| Some((stack.as_str(), t["Resources"].get(logical)?)))
        .unwrap_or_else(|| panic!("no {logical} in any template"))
}

/// Every resource of `cfn_type`: (stack, logical id, resource).
fn cfn_of_type<'t>(
    templates: &'t BTreeMap<String, Json>,
    cfn_type: &str,
) -> Vec<(&'t str, &'t str, &'t Json)> {
    let mut out = Vec::new();
    for (stack, template) in templates {
        for (logical, resource) in template["Resources"].as_object().unwrap() {
            if resource["Type"] == cfn_type {
                out.push((stack.as_str(), logical.as_str(), resource));
            }
        }
    }
    out
}

/// The logical ids a resource `DependsOn`.
fn cfn_depends(resource: &Json) -> Vec<&str> {
    resource["DependsOn"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| d.as_str().unwrap())
        .collect()
}

/// X of `{"Ref": X}`.
fn cfn_ref(value: &Json) -> Option<&str> {
    value
        .as_object()
        .filter(|o| o.len() == 1)?
        .get("Ref")?
        .as_str()
}

/// The label in `aws_x.LABEL.attr`.
fn label_of(expr: &str, tf_type: &str, attr: &str) -> String {
    expr.strip_prefix(&format!("{tf_type}."))
        .and_then(|rest| rest.strip_suffix(&format!(".{attr}")))
        .unwrap_or_else(|| panic!("{expr} is not {tf_type}.LABEL.{attr}"))
        .to_string()
}

/// The argument `key` of a body, if set.
fn argument(body: &hcl::Body, key: &str) -> Option<hcl::Expression> {
    body.attributes()
        .find(|a| a.key() == key)
        .map(|a| a.expr().clone())
}

/// A pool's CIDR is inside its parent's; a CIDR Amazon chooses by netmask is no larger than
/// the parent's block. Every pool is provisioned (a literal CIDR, or a netmask).
fn assert_nested(child: &hcl::Body, parent: &hcl::Body, at: &str) {
    let cidr = |b: &hcl::Body| match argument(b, "cidr") {
        Some(hcl::Expression::String(s)) => Some(s.parse::<ipnet::IpNet>().unwrap()),
        None => None,
        Some(other) => panic!("{at}: cidr is {other:?}"),
    };
    let netmask = |b: &hcl::Body| match argument(b, "netmask_length") {
        Some(hcl::Expression::Number(n)) => n.as_u64().map(|n| n as u8),
        None => None,
        Some(other) => panic!("{at}: netmask_length is {other:?}"),
    };
    let prefix = |b: &hcl::Body| {
        cidr(b)
            .map(|c| c.prefix_len())
            .or_else(|| netmask(b))
            .unwrap_or_else(|| panic!("{at}: a pool CIDR without cidr or netmask_length"))
    };
    if let (Some(inner), Some(outer)) = (cidr(child), cidr(parent)) {
        assert!(outer.contains(&inner), "{at}: {inner} is not in {outer}");
    }
    assert!(
        prefix(child) > prefix(parent),
        "{at}: not inside its parent"
    );
}

/// In Terraform a child pool waits (`depends_on`) for its parent's provisioned CIDR (the
/// `aws_vpc_ipam_pool_cidr` of the parent, literal or by netmask), which lies inside the
/// parent's; a top-level pool waits for nothing. In CloudFormation a pinned CIDR is in the
/// pool's own `ProvisionedCidrs` (so the child's `SourceIpamPoolId` `Ref` orders it), and an
/// Amazon-provided one is an `AWS::EC2::IPAMPoolCidr` the child `DependsOn`; every pool is
/// provisioned one way or the other, not both. The IPAM is in the Advanced tier (private
/// scope pools, shared) in both.
#[test]
fn a_child_pool_waits_for_its_parents_provisioned_cidr() {
    let key = |t: &str, l: &str| (t.to_string(), l.to_string());
    let networks = [
        ("planned", landing_zone(&[]), 3),
        ("deploy time, dual-stack", landing_zone(DEPLOY_TIME), 5),
        (
            "two regions, dual-stack",
            landing_zone(&[
                ("regions", "us-east-1,eu-west-1"),
                ("ip-mode", "dual-stack"),
            ]),
            10,
        ),
    ];
    for (name, network, expected) in networks {
        let resources = terraform_resources(&network);
        let (_, ipam) = &resources[&key("aws_vpc_ipam", "main")];
        assert_eq!(attribute(ipam, "tier"), "\"advanced\"", "{name}");
        let pools: Vec<&String> = resources
            .keys()
            .filter(|(t, _)| t == "aws_vpc_ipam_pool")
            .map(|(_, l)| l)
            .collect();
        let mut children = 0;
        for label in pools {
            let at = format!("{name}: aws_vpc_ipam_pool.{label}");
            let (_, pool) = &resources[&key("aws_vpc_ipam_pool", label)];
            let (_, cidr) = resources
                .get(&key("aws_vpc_ipam_pool_cidr", label))
                .unwrap_or_else(|| panic!("{at} is not provisioned"));
            assert_eq!(
                attribute(cidr, "ipam_pool_id"),
                format!("aws_vpc_ipam_pool.{label}.id"),
                "{at}"
            );
            let depends = depends_on(pool);
            match argument(pool, "source_ipam_pool_id") {
                Some(parent) => {
                    let parent = label_of(&parent.to_string(), "aws_vpc_ipam_pool", "id");
                    assert_eq!(
                        depends,
                        [format!("aws_vpc_ipam_pool_cidr.{parent}")],
                        "{at}"
                    );
                    let (_, parent_cidr) = &resources[&key("aws_vpc_ipam_pool_cidr", &parent)];
                    assert_nested(cidr, parent_cidr, &at);
                    children += 1;
                }
                None => assert!(depends.is_empty(), "{at}: {depends:?}"),
            }
        }
        assert_eq!(children, expected, "{name}: child pools");

        let (_, templates) = templates(&network);
        let (_, ipam) = cfn_resource(&templates, "MainIpam");
        assert_eq!(ipam["Properties"]["Tier"], "advanced", "{name}");
        let netmasks = cfn_of_type(&templates, "AWS::EC2::IPAMPoolCidr");
        let provisioned_by = |logical: &str| -> Vec<&str> {
            netmasks
                .iter()
                .filter(|(_, _, r)| cfn_ref(&r["Properties"]["IpamPoolId"]) == Some(logical))
                .map(|(_, id, r)| {
                    assert!(r["Properties"]["NetmaskLength"].is_u64(), "{id}");
                    *id
                })
                .collect()
        };
        let mut children = 0;
        for (stack, logical, pool) in cfn_of_type(&templates, "AWS::EC2::IPAMPool") {
            let at = format!("{name}: {logical}");
            let properties = &pool["Properties"];
            let listed = properties["ProvisionedCidrs"].as_array().map(Vec::len);
            let by_netmask = provisioned_by(logical);
            assert!(
                matches!((listed, by_netmask.len()), (Some(1), 0) | (None, 1)),
                "{at}: provisioned {listed:?} in ProvisionedCidrs and by {by_netmask:?}"
            );
            let depends = cfn_depends(pool);
            let Some(parent) = properties.get("SourceIpamPoolId") else {
                assert!(depends.is_empty(), "{at}: {depends:?}");
                continue;
            };
            let parent = cfn_ref(parent).unwrap_or_else(|| panic!("{at}: {parent}"));
            let (parent_stack, parent_pool) = cfn_resource(&templates, parent);
            assert_eq!(parent_stack, stack, "{at}");
            match parent_pool["Properties"]["ProvisionedCidrs"].as_array() {
                // The `Ref` to the parent already waits for what it lists (W3005).
                Some(_) => assert!(depends.is_empty(), "{at}: {depends:?}"),
                None => assert_eq!(depends, provisioned_by(parent), "{at}"),
            }
            children += 1;
        }
        assert_eq!(children, expected, "{name}: child pools");
    }
}

/// A workload VPC takes its CIDR from a pool of the network account: in Terraform it waits
/// (`depends_on`) for the pool's provisioned CIDR and for the pool's RAM share, its resource
/// association (the pool) and its principal association (the environment's OU); so does a
/// dual-stack VPC's IPv6 block for the IPv6 pool. In CloudFormation the share lists the pool
/// and the OU, and the manifest deploys the network stack (pools and shares) first.
#[test]
fn a_workload_vpc_waits_for_its_pool_cidr_and_the_pools_share() {
    let key = |t: &str, l: &str| (t.to_string(), l.to_string());
    for sets in [&[][..], DEPLOY_TIME] {
        let network = landing_zone(sets);
        let dual = sets.contains(&("ip-mode", "dual-stack"));
        let resources = terraform_resources(&network);
        let (manifest, templates) = templates(&network);
        let order = deploy_order(&manifest);
        let position = |stack: &str| order.iter().position(|s| s == stack).unwrap();
        for (env, ou) in [("prod", "ou-abcd-11111111"), ("dev", "ou-abcd-22222222")] {
            let at = format!("{sets:?} {env}");
            let label = format!("{env}_use1_1");
            // The parts of pool `pool`'s share a VPC of `env` waits for.
            let waits_for = |pool: &str| -> BTreeSet<String> {
                let share = format!("pool_{pool}");
                let principal = format!("{share}_{}", ou.replace('-', "_"));
                let (provider, association) =
                    &resources[&key("aws_ram_resource_association", &format!("{share}_pool"))];
                assert_eq!(provider, "aws.network_us_east_1", "{at}");
                assert_eq!(
                    attribute(association, "resource_arn"),
                    format!("aws_vpc_ipam_pool.{pool}.arn")
                );
                assert_eq!(
                    attribute(association, "resource_share_arn"),
                    format!("aws_ram_resource_share.{share}.arn")
                );
                let (_, principal_body) =
                    &resources[&key("aws_ram_principal_association", &principal)];
                assert!(
                    attribute(principal_body, "principal").ends_with(&format!("/{ou}\"")),
                    "{at}"
                );
                BTreeSet::from([
                    format!("aws_vpc_ipam_pool_cidr.{pool}"),
                    format!("aws_ram_resource_share.{share}"),
                    format!("aws_ram_resource_association.{share}_pool"),
                    format!("aws_ram_principal_association.{principal}"),
                ])
            };
            let pool = format!("{env}_use1");
            let (provider, vpc) = &resources[&key("aws_vpc", &label)];
            assert_eq!(provider, &format!("aws.{env}_us_east_1"), "{at}");
            assert_eq!(
                attribute(vpc, "ipv4_ipam_pool_id"),
                format!("aws_vpc_ipam_pool.{pool}.id"),
                "{at}"
            );
            let depends: BTreeSet<String> = depends_on(vpc).into_iter().collect();
            assert_eq!(depends, waits_for(&pool), "{at}");
            if dual {
                let (_, block) = &resources[&key("aws_vpc_ipv6_cidr_block_association", &label)];
                assert_eq!(attribute(block, "vpc_id"), format!("aws_vpc.{label}.id"));
                assert_eq!(
                    attribute(block, "ipv6_ipam_pool_id"),
                    format!("aws_vpc_ipam_pool.{pool}_v6.id"),
                    "{at}"
                );
                assert_eq!(attribute(block, "ipv6_netmask_length"), "56");
                let depends: BTreeSet<String> = depends_on(block).into_iter().collect();
                assert_eq!(depends, waits_for(&format!("{pool}_v6")), "{at}");
            }

            // CloudFormation: the share holds the pool and the OU, in the network stack, which
            // is deployed first.
            let names = |suffix: &str| -> String {
                let mut s = env[..1].to_uppercase();
                s.push_str(&env[1..]);
                format!("{s}{suffix}")
            };
            let (vpc_stack, _) = cfn_resource(&templates, &names("Use11Vpc"));
            let (pool_stack, _) = cfn_resource(&templates, &names("Use1IpamPool"));
            let (share_stack, share) =
                cfn_resource(&templates, &format!("Pool{}", names("Use1Share")));
            assert_eq!(share_stack, pool_stack, "{at}");
            assert_eq!(order[0], pool_stack, "{at}: the network stack comes first");
            assert!(position(pool_stack) < position(vpc_stack), "{at}");
            assert_eq!(
                share["Properties"]["ResourceArns"],
                serde_json::json!([{"Fn::GetAtt": [names("Use1IpamPool"), "Arn"]}]),
                "{at}"
            );
            let principals = share["Properties"]["Principals"].as_array().unwrap();
            assert_eq!(principals.len(), 1, "{at}");
            assert!(
                principals[0].as_str().unwrap().ends_with(&format!("/{ou}")),
                "{at}"
            );
        }
    }
}

/// An address block: its first address, prefix length and family width (32 or 128).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Block {
    addr: u128,
    prefix: u8,
    width: u8,
}

impl Block {
    fn v4(net: ipnet::Ipv4Net) -> Self {
        Block {
            addr: u128::from(u32::from(net.network())),
            prefix: net.prefix_len(),
            width: 32,
        }
    }

    fn v6(net: ipnet::Ipv6Net) -> Self {
        Block {
            addr: u128::from(net.network()),
            prefix: net.prefix_len(),
            width: 128,
        }
    }

    fn parse(text: &str) -> Self {
        match text.parse::<ipnet::IpNet>() {
            Ok(ipnet::IpNet::V4(net)) => Block::v4(net),
            Ok(ipnet::IpNet::V6(net)) => Block::v6(net),
            Err(e) => panic!("{text}: {e}"),
        }
    }

    /// Terraform's `cidrsubnet(self, newbits, netnum)`.
    fn cidrsubnet(self, newbits: u8, netnum: u128) -> Block {
        let prefix = self.prefix + newbits;
        assert!(
            prefix <= self.width,
            "cidrsubnet: /{prefix} beyond the family"
        );
        assert!(
            netnum < 1u128 << newbits,
            "cidrsubnet: {netnum} does not fit {newbits} bits"
        );
        Block {
            addr: self.addr + (netnum << (self.width - prefix)),
            prefix,
            width: self.width,
        }
    }

    /// CloudFormation's `Fn::Cidr [self, count, bits]`: `count` consecutive blocks of `bits`
    /// host bits from the start of `self`, "between 1 and 256" of them, which must fit.
    fn fn_cidr(self, count: u64, bits: u8) -> Vec<Block> {
        assert!((1..=256).contains(&count), "Fn::Cidr count {count}");
        assert!(
            bits <= self.width - self.prefix,
            "Fn::Cidr: {bits} bits in {self:?}"
        );
        let room = 1u128 << (self.width - self.prefix - bits);
        assert!(
            u128::from(count) <= room,
            "Fn::Cidr: {count} blocks, room for {room}"
        );
        (0..u128::from(count))
            .map(|i| Block {
                addr: self.addr + (i << bits),
                prefix: self.width - bits,
                width: self.width,
            })
            .collect()
    }

    fn overlaps(self, other: Block) -> bool {
        let end = |b: Block| b.addr + ((1u128 << (b.width - b.prefix)) - 1);
        self.width == other.width && self.addr <= end(other) && other.addr <= end(self)
    }
}

/// The value of a Terraform expression of literals, `cidrsubnet` and references (looked up as
/// `TYPE.LABEL.ATTR` in `env`).
fn tf_eval(expr: &hcl::Expression, env: &BTreeMap<String, Block>) -> Block {
    use hcl::Expression as E;
    match expr {
        E::String(s) => Block::parse(s),
        E::Traversal(_) => {
            let text = expr.to_string();
            *env.get(&text)
                .unwrap_or_else(|| panic!("{text} is unknown"))
        }
        E::FuncCall(call) if call.name.name.as_str() == "cidrsubnet" => {
            let [base, newbits, netnum] = call.args.as_slice() else {
                panic!("cidrsubnet takes 3 arguments: {expr:?}");
            };
            let number = |e: &E| match e {
                E::Number(n) => n.as_u64().expect("a whole number"),
                other => panic!("not a number: {other:?}"),
            };
            tf_eval(base, env).cidrsubnet(number(newbits) as u8, u128::from(number(netnum)))
        }
        other => panic!("an expression this test does not evaluate: {other:?}"),
    }
}

/// The value of a CloudFormation value of literals, `Fn::Select` and `Fn::Cidr`, and
/// `Fn::GetAtt`s of lists (looked up as (logical id, name) in `env`).
fn cfn_eval_list(value: &Json, env: &BTreeMap<(String, String), Vec<Block>>) -> Vec<Block> {
    if let Some([block, count, bits]) = value
        .get("Fn::Cidr")
        .and_then(|a| a.as_array())
        .map(Vec::as_slice)
    {
        let bits = bits.as_u64().expect("Fn::Cidr bits") as u8;
        return cfn_eval(block, env).fn_cidr(count.as_u64().expect("Fn::Cidr count"), bits);
    }
    if let Some([id, name]) = value
        .get("Fn::GetAtt")
        .and_then(|a| a.as_array())
        .map(Vec::as_slice)
    {
        let key = (
            id.as_str().unwrap().to_string(),
            name.as_str().unwrap().to_string(),
        );
        return env
            .get(&key)
            .unwrap_or_else(|| panic!("Fn::GetAtt {key:?} is unknown"))
            .clone();
    }
    panic!("not a list this test evaluates: {value}")
}

fn cfn_eval(value: &Json, env: &BTreeMap<(String, String), Vec<Block>>) -> Block {
    if let Some(text) = value.as_str() {
        return Block::parse(text);
    }
    if let Some([index, list]) = value
        .get("Fn::Select")
        .and_then(|a| a.as_array())
        .map(Vec::as_slice)
    {
        let index = index.as_u64().expect("Fn::Select index") as usize;
        let items = cfn_eval_list(list, env);
        return *items
            .get(index)
            .unwrap_or_else(|| panic!("Fn::Select {index} of {} items", items.len()));
    }
    if value.get("Fn::GetAtt").is_some() {
        let items = cfn_eval_list(value, env);
        assert_eq!(
            items.len(),
            1,
            "a list attribute where a block goes: {value}"
        );
        return items[0];
    }
    panic!("not a block this test evaluates: {value}")
}

/// `{"Fn::Select": [index, {"Fn::Cidr": [block, index + 1, bits]}]}`.
fn cfn_select(block: Json, index: u64, bits: u8) -> Json {
    serde_json::json!({"Fn::Select": [index, {"Fn::Cidr": [block, index + 1, bits]}]})
}

/// The blocks AWS might give a VPC at deploy time, for evaluating what the targets derive
/// from them: an IPv6 block of `prefix` (Amazon's range), and the IPv4 CIDR netform's mirror
/// of the pool planned.
fn deploy_time_ipv6(prefix: u8) -> Block {
    let net: ipnet::Ipv6Net = format!("2600:1f18:7a3c:b000::/{prefix}").parse().unwrap();
    Block::v6(net.trunc())
}

/// Every subnet of VPC `vpc_name`, in both targets, against the plan:
/// - IPv4: the planned CIDR as text; or, when IPAM chooses the VPC's CIDR at deploy time,
///   `cidrsubnet(aws_vpc.X.cidr_block, n, i)` and `Fn::Select [i, Fn::Cidr [Fn::GetAtt [Vpc,
///   CidrBlock], i + 1, 32 - prefix]]`, which evaluate to the planned CIDR on the planned
///   block; none in an IPv6-only group (and `ipv6_native` / `Ipv6Native` true there);
/// - IPv6: `cidrsubnet(aws_vpc_ipv6_cidr_block_association.X.ipv6_cidr_block, n, i)` and
///   `Fn::Select [i, Fn::Cidr [Fn::Select [0, Fn::GetAtt [Vpc, Ipv6CidrBlocks]], i + 1, 64]]`
///   with a `DependsOn` on the VPC's IPv6 block (which the text does not name), both the
///   planned slot of any block AWS gives; `assign_ipv6_address_on_creation` on; DNS64 where
///   the group asks for it.
///
/// No two subnets overlap. Returns how many subnets had a value at deploy time (IPv4, IPv6).
fn assert_subnets_follow_the_plan(network: &Network, vpc_name: &str) -> (usize, usize) {
    let valid = network.validate().expect("valid");
    let index = network
        .vpcs
        .iter()
        .position(|v| v.name == vpc_name)
        .unwrap();
    let (vpc, plan) = (&network.vpcs[index], &valid.plan()[index]);
    let at_deploy = matches!(vpc.cidr, netform::dsl::VpcCidr::Ipam { .. });
    let vpc_id = ResourceId::new(Kind::Vpc, [vpc_name]);
    let block_id = ResourceId::new(Kind::VpcIpv6Block, [vpc_name]);
    let (label, logical) = (vpc_id.tf_label(), vpc_id.logical_id().to_string());
    let v4 = Block::v4(plan.cidr);
    let v6 = plan.ipv6.as_ref().map(|p| deploy_time_ipv6(p.prefix));
    let mut tf_env = BTreeMap::from([(format!("aws_vpc.{label}.cidr_block"), v4)]);
    let mut cfn_env = BTreeMap::from([((logical.clone(), "CidrBlock".to_string()), vec![v4])]);
    if let Some(v6) = v6 {
        tf_env.insert(
            format!("aws_vpc_ipv6_cidr_block_association.{label}.ipv6_cidr_block"),
            v6,
        );
        cfn_env.insert((logical.clone(), "Ipv6CidrBlocks".to_string()), vec![v6]);
    }
    let resources = terraform_resources(network);
    let (_, templates) = templates(network);
    let mut seen: Vec<(String, Block)> = Vec::new();
    let mut deploy_time = (0, 0);
    for (g, group) in vpc.subnet_groups.iter().enumerate() {
        for (i, az) in vpc.azs.iter().enumerate() {
            let id = ResourceId::new(Kind::Subnet, [vpc_name, &group.name, &az[az.len() - 1..]]);
            let at = format!("{} {}", network.name, id.logical_id());
            let (_, tf) = &resources[&("aws_subnet".to_string(), id.tf_label().to_string())];
            let (_, cfn) = cfn_resource(&templates, id.logical_id());
            let properties = &cfn["Properties"];
            let depends = cfn_depends(cfn);
            let flag = |key: &str| argument(tf, key).map(|e| e.to_string());
            match plan.subnet_groups[g].get(i) {
                Some(cidr) => {
                    let tf_cidr = argument(tf, "cidr_block").expect("an IPv4 subnet");
                    let want = Block::v4(*cidr);
                    assert_eq!(tf_eval(&tf_cidr, &tf_env), want, "{at}");
                    assert_eq!(cfn_eval(&properties["CidrBlock"], &cfn_env), want, "{at}");
                    if at_deploy {
                        let newbits = cidr.prefix_len() - plan.cidr.prefix_len();
                        let n = (u32::from(cidr.network()) - u32::from(plan.cidr.network()))
                            >> (32 - u32::from(cidr.prefix_len()));
                        assert_eq!(
                            tf_cidr.to_string(),
                            format!("cidrsubnet(aws_vpc.{label}.cidr_block, {newbits}, {n})"),
                            "{at}"
                        );
                        assert_eq!(
                            properties["CidrBlock"],
                            cfn_select(
                                serde_json::json!({"Fn::GetAtt": [logical, "CidrBlock"]}),
                                u64::from(n),
                                32 - cidr.prefix_len()
                            ),
                            "{at}"
                        );
                        deploy_time.0 += 1;
                    } else {
                        assert_eq!(tf_cidr, hcl::Expression::String(cidr.to_string()), "{at}");
                    }
                    assert_eq!(flag("ipv6_native"), None, "{at}");
                    assert!(properties.get("Ipv6Native").is_none(), "{at}");
                    seen.push((at.clone(), want));
                }
                None => {
                    assert!(argument(tf, "cidr_block").is_none(), "{at}");
                    assert!(properties.get("CidrBlock").is_none(), "{at}");
                    assert_eq!(flag("ipv6_native").as_deref(), Some("true"), "{at}");
                    assert_eq!(properties["Ipv6Native"], true, "{at}");
                }
            }
            let slot = plan
                .ipv6
                .as_ref()
                .and_then(|p| Some((p.prefix, *p.subnet_groups[g].get(i)?)));
            match slot {
                Some((vpc_prefix, slot)) => {
                    let v6 = v6.expect("a VPC block");
                    let want = v6.cidrsubnet(slot.prefix - vpc_prefix, u128::from(slot.index));
                    let tf_v6 = argument(tf, "ipv6_cidr_block").expect("an IPv6 block");
                    assert_eq!(
                        tf_v6.to_string(),
                        format!(
                            "cidrsubnet(aws_vpc_ipv6_cidr_block_association.{label}.ipv6_cidr_block, {}, {})",
                            slot.prefix - vpc_prefix,
                            slot.index
                        ),
                        "{at}"
                    );
                    assert_eq!(tf_eval(&tf_v6, &tf_env), want, "{at}");
                    let first = serde_json::json!({"Fn::Select": [0, {"Fn::GetAtt": [logical, "Ipv6CidrBlocks"]}]});
                    if slot.index < 256 {
                        assert_eq!(
                            properties["Ipv6CidrBlock"],
                            cfn_select(first, slot.index, 128 - slot.prefix),
                            "{at}"
                        );
                    }
                    assert_eq!(
                        cfn_eval(&properties["Ipv6CidrBlock"], &cfn_env),
                        want,
                        "{at}"
                    );
                    assert!(
                        depends.contains(&block_id.logical_id()),
                        "{at}: {depends:?}"
                    );
                    assert_eq!(
                        flag("assign_ipv6_address_on_creation").as_deref(),
                        Some("true")
                    );
                    assert_eq!(properties["AssignIpv6AddressOnCreation"], true, "{at}");
                    let dns64 = group.ipv6.as_ref().is_some_and(|v| v.dns64);
                    assert_eq!(
                        flag("enable_dns64").as_deref(),
                        dns64.then_some("true"),
                        "{at}"
                    );
                    assert_eq!(
                        properties.get("EnableDns64"),
                        dns64.then_some(&Json::Bool(true)),
                        "{at}"
                    );
                    seen.push((at, want));
                    deploy_time.1 += 1;
                }
                None => {
                    assert!(argument(tf, "ipv6_cidr_block").is_none(), "{at}");
                    assert!(properties.get("Ipv6CidrBlock").is_none(), "{at}");
                    assert!(!depends.contains(&block_id.logical_id()), "{at}");
                }
            }
        }
    }
    for (i, (a, x)) in seen.iter().enumerate() {
        for (b, y) in &seen[i + 1..] {
            assert!(!x.overlaps(*y), "{a} and {b} overlap: {x:?} {y:?}");
        }
    }
    deploy_time
}

#[test]
fn subnet_blocks_are_the_planned_slots_of_the_vpc_blocks_in_both_targets() {
    let cases = [
        (
            "landing zone at deploy time",
            landing_zone(DEPLOY_TIME),
            "prod-use1-1",
            (4, 4),
        ),
        (
            "landing zone at deploy time",
            landing_zone(DEPLOY_TIME),
            "dev-use1-1",
            (4, 4),
        ),
        (
            "landing zone planned, dual-stack",
            landing_zone(&[("ip-mode", "dual-stack"), ("azs", "3")]),
            "prod-use1-1",
            (0, 6),
        ),
        (
            "single-vpc IPv6-only",
            crate::support::blueprint("single-vpc", &[("ip-mode", "ipv6-only"), ("azs", "3")]),
            "main",
            (0, 9),
        ),
        (
            "single-vpc dual-stack",
            crate::support::blueprint("single-vpc", &[("ip-mode", "dual-stack")]),
            "main",
            (0, 6),
        ),
    ];
    for (name, network, vpc, expected) in cases {
        assert_eq!(
            assert_subnets_follow_the_plan(&network, vpc),
            expected,
            "{name} {vpc}"
        );
    }
}

/// A VPC whose /64 subnets come after two IPv6-only /48s: their slot index is 131072 and
/// more, far beyond the 256 blocks one `Fn::Cidr` may make, so CloudFormation selects the /48
/// that holds them, then the /56, then the /64 (Terraform's `cidrsubnet` takes the index as it
/// is); the /56s after them (first fit: the /56 the /64s are in is taken) are selected in two
/// steps. One Amazon-provided public pool in the IPAM's home region, unshared: the Free tier.
fn wide_ipv6_vpc() -> Network {
    use netform::dsl::{AddressFamily, Ipam, IpamPool};
    Network::builder("wide")
        .network_account("network", "111111111111")
        .ipam(
            Ipam::builder("main", "network", "us-east-1")
                .operating_regions(["us-east-1"])
                .pool(
                    IpamPool::builder("v6", AddressFamily::Ipv6)
                        .amazon(44)
                        .locale("us-east-1"),
                ),
        )
        .vpc(
            Vpc::builder("wide", "network", "us-east-1")
                .cidr("10.0.0.0/16")
                .ipv6_from_pool("v6", 44)
                .azs(["us-east-1a", "us-east-1b"])
                .ipv6_only_subnets("huge", Tier::Isolated, 48)
                .dual_stack_subnets("app", Tier::Isolated, 24, 64)
                .ipv6_only_subnets("big", Tier::Isolated, 56),
        )
        .build()
}

#[test]
fn a_subnet_beyond_the_256th_block_selects_its_group_first_in_cloudformation() {
    let network = wide_ipv6_vpc();
    let valid = network.validate().expect("valid");
    let ipv6 = valid.plan()[0].ipv6.clone().expect("an IPv6 plan");
    assert_eq!(ipv6.prefix, 44);
    let indexes: Vec<Vec<(u8, u64)>> = ipv6
        .subnet_groups
        .iter()
        .map(|g| g.iter().map(|s| (s.prefix, s.index)).collect())
        .collect();
    // Two /48s; then the /64s after them (2 * 65536); then the /56s after the one those
    // are in (512).
    assert_eq!(
        indexes,
        [
            vec![(48, 0), (48, 1)],
            vec![(64, 131_072), (64, 131_073)],
            vec![(56, 513), (56, 514)],
        ]
    );
    // Every subnet, in both targets, is its planned slot of the VPC's block (evaluated: the
    // nested Fn::Cidr counts fit, and nothing overlaps).
    assert_eq!(assert_subnets_follow_the_plan(&network, "wide"), (0, 6));
    // The nested forms, spelled out.
    let (_, templates) = templates(&network);
    let first =
        serde_json::json!({"Fn::Select": [0, {"Fn::GetAtt": ["WideVpc", "Ipv6CidrBlocks"]}]});
    let third_48 = cfn_select(first.clone(), 2, 80);
    let (_, subnet) = cfn_resource(&templates, "WideAppBSubnet");
    assert_eq!(
        subnet["Properties"]["Ipv6CidrBlock"],
        cfn_select(cfn_select(third_48.clone(), 0, 72), 1, 64),
        "/64 131073: the second /64 of the first /56 of the third /48"
    );
    let (_, subnet) = cfn_resource(&templates, "WideBigBSubnet");
    assert_eq!(
        subnet["Properties"]["Ipv6CidrBlock"],
        cfn_select(third_48, 2, 72),
        "/56 514: the third /56 of the third /48"
    );
    let (_, subnet) = cfn_resource(&templates, "WideHugeBSubnet");
    assert_eq!(
        subnet["Properties"]["Ipv6CidrBlock"],
        cfn_select(first, 1, 80)
    );
    let resources = terraform_resources(&network);
    let (_, subnet) = &resources[&("aws_subnet".to_string(), "wide_app_b".to_string())];
    assert_eq!(
        attribute(subnet, "ipv6_cidr_block"),
        "cidrsubnet(aws_vpc_ipv6_cidr_block_association.wide.ipv6_cidr_block, 20, 131073)"
    );
    // A public pool in the home region, not shared: the Free tier, in both.
    let (_, ipam) = &resources[&("aws_vpc_ipam".to_string(), "main".to_string())];
    assert_eq!(attribute(ipam, "tier"), "\"free\"");
    let (_, ipam) = cfn_resource(&templates, "MainIpam");
    assert_eq!(ipam["Properties"]["Tier"], "free");
}

/// A route as both targets read back: route table, destination, target argument (neutral
/// key) and target, and what it waits for, all as graph ids.
type Route = (
    ResourceId,
    String,
    &'static str,
    ResourceId,
    BTreeSet<ResourceId>,
);

/// The routes of a network in both targets.
fn routes_of(network: &Network) -> (BTreeSet<Route>, BTreeSet<Route>) {
    let graph = crate::support::graph(network);
    let by_label: BTreeMap<(String, String), ResourceId> = graph
        .resources
        .keys()
        .map(|id| {
            (
                (
                    id.kind.spec().tf_type.to_string(),
                    id.tf_label().to_string(),
                ),
                id.clone(),
            )
        })
        .collect();
    let by_logical: BTreeMap<String, ResourceId> = graph
        .resources
        .keys()
        .map(|id| (id.logical_id().to_string(), id.clone()))
        .collect();
    let targets = Kind::Route.spec().properties;
    let tf_id = |text: &str| -> ResourceId {
        let parts: Vec<&str> = text.split('.').collect();
        by_label[&(parts[0].to_string(), parts[1].to_string())].clone()
    };
    let mut tf = BTreeSet::new();
    for ((tf_type, _), (_, body)) in terraform_resources(network) {
        if tf_type != "aws_route" {
            continue;
        }
        let table = tf_id(&attribute(&body, "route_table_id"));
        let destination = ["destination_cidr_block", "destination_ipv6_cidr_block"]
            .iter()
            .find_map(|k| argument(&body, k))
            .expect("a destination")
            .to_string()
            .trim_matches('"')
            .to_string();
        let (key, target) = targets
            .iter()
            .filter(|p| !p.key.starts_with("destination") && p.key != "route_table_id")
            .find_map(|p| Some((p.key, tf_id(&argument(&body, p.tf?)?.to_string()))))
            .expect("a target");
        let depends = depends_on(&body).iter().map(|d| tf_id(d)).collect();
        tf.insert((table, destination, key, target, depends));
    }
    let mut cfn = BTreeSet::new();
    let (_, templates) = templates(network);
    for (_, _, route) in cfn_of_type(&templates, "AWS::EC2::Route") {
        let properties = &route["Properties"];
        let id = |value: &Json| by_logical[cfn_ref(value).expect("a Ref")].clone();
        let table = id(&properties["RouteTableId"]);
        let destination = ["DestinationCidrBlock", "DestinationIpv6CidrBlock"]
            .iter()
            .find_map(|k| properties.get(*k)?.as_str())
            .expect("a destination")
            .to_string();
        let (key, target) = targets
            .iter()
            .filter(|p| !p.key.starts_with("destination") && p.key != "route_table_id")
            .find_map(|p| Some((p.key, id(properties.get(p.cfn?)?))))
            .expect("a target");
        let depends = cfn_depends(route)
            .iter()
            .map(|d| by_logical[*d].clone())
            .collect();
        cfn.insert((table, destination, key, target, depends));
    }
    (tf, cfn)
}

/// `single-vpc` IPv6-only over three AZs with a NAT gateway per AZ (and with one): each
/// public table has `0.0.0.0/0` and `::/0` to the internet gateway (after its attachment);
/// each private table `::/0` to the egress-only internet gateway and `64:ff9b::/96` (NAT64,
/// for what DNS64 synthesizes) to the NAT gateway of its AZ (or the single one), and no IPv4
/// route; the data tables nothing. The same in both targets. The NAT gateways are in the
/// public subnet of their AZ, and the egress-only gateway in the VPC.
#[test]
fn ipv6_routes_go_to_the_internet_egress_only_and_nat_gateways() {
    for nat in ["per-az", "single"] {
        let network = crate::support::blueprint(
            "single-vpc",
            &[("ip-mode", "ipv6-only"), ("azs", "3"), ("nat", nat)],
        );
        let (tf, cfn) = routes_of(&network);
        let id = |kind, names: &[&str]| ResourceId::new(kind, names.iter().copied());
        let igw = id(Kind::InternetGateway, &["main"]);
        let attachment = id(Kind::InternetGatewayAttachment, &["main"]);
        let eigw = id(Kind::EgressOnlyIgw, &["main"]);
        let mut expected: BTreeSet<Route> = BTreeSet::new();
        for az in ["a", "b", "c"] {
            let nat_az = if nat == "single" { "a" } else { az };
            let table = |group| id(Kind::RouteTable, &["main", group, az]);
            let waits = BTreeSet::from([attachment.clone()]);
            for destination in ["0.0.0.0/0", "::/0"] {
                expected.insert((
                    table("public"),
                    destination.into(),
                    "gateway_id",
                    igw.clone(),
                    waits.clone(),
                ));
            }
            expected.insert((
                table("private"),
                "::/0".into(),
                "egress_only_gateway_id",
                eigw.clone(),
                BTreeSet::new(),
            ));
            expected.insert((
                table("private"),
                "64:ff9b::/96".into(),
                "nat_gateway_id",
                id(Kind::NatGateway, &["main", "nat", nat_az]),
                BTreeSet::new(),
            ));
        }
        assert_eq!(tf, expected, "{nat}: Terraform's routes");
        // CloudFormation leaves out a DependsOn a Ref already makes: the same routes.
        assert_eq!(cfn, expected, "{nat}: CloudFormation's routes");

        let graph = crate::support::graph(&network);
        let ref_to = |resource: &ResourceId, key: &str| match graph.resources[resource]
            .properties
            .get(key)
        {
            Some(Value::Ref(r)) => r.target.clone(),
            other => panic!("{resource:?}.{key}: {other:?}"),
        };
        assert_eq!(ref_to(&eigw, "vpc_id"), id(Kind::Vpc, &["main"]));
        let nats = of_kind(&graph, Kind::NatGateway);
        assert_eq!(nats.len(), if nat == "single" { 1 } else { 3 });
        for n in nats {
            let az = n.id.name.last().unwrap();
            assert_eq!(
                ref_to(&n.id, "subnet_id"),
                id(Kind::Subnet, &["main", "public", az])
            );
        }
    }
}
