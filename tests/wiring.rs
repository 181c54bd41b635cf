//! Cross-account and cross-region references of the hub-and-spoke output are real: in
//! CloudFormation every Parameter is fed by an Output of a stack deployed earlier (as the
//! manifest says), in Terraform every reference names a resource of the module, whatever
//! provider (account and region) it is under.

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
    let (manifest, templates) = templates(&two_regions());
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
    assert!(
        wired > 10,
        "the hub network has cross-stack values ({wired})"
    );
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
