//! Landing zones of 1,000+ spokes: CloudFormation split under its quotas, each VPC kept whole
//! in one stack, and a spoke appended to the model changing only the stacks it lands in.

use crate::support::{blueprint, graph, render};
use netform::backends::{Kind, Reference, ResourceGraph, Target, Value};
use serde_json::Value as Json;
use std::collections::BTreeMap;

/// CloudFormation quotas ("Understand CloudFormation quotas", AWS CloudFormation User Guide).
const MAX_RESOURCES: usize = 500;
const MAX_PARAMETERS: usize = 200;
const MAX_OUTPUTS: usize = 200;
const MAX_TEMPLATE_BYTES: usize = 1_000_000;
const MAX_STACK_NAME: usize = 128;

const REGIONS: &str = "us-east-1,eu-west-1,ap-southeast-2";

/// The issue's two networks: 400 spokes in each of three regions.
fn issue_networks(spokes: &str) -> [(&'static str, netform::dsl::Network); 2] {
    let pairs = [("regions", REGIONS), ("spokes", spokes)];
    [
        ("tgw-hub-spoke", blueprint("tgw-hub-spoke", &pairs)),
        (
            "cloudwan-hub-spoke",
            blueprint("cloudwan-hub-spoke", &pairs),
        ),
    ]
}

/// Templates by file name, and the manifest.
fn files(network: &netform::dsl::Network) -> (BTreeMap<String, String>, Json) {
    let files: BTreeMap<String, String> = render(network, Target::CloudFormation)
        .into_iter()
        .map(|f| (f.path, f.contents))
        .collect();
    let manifest = serde_json::from_str(&files["manifest.json"]).expect("manifest is JSON");
    (files, manifest)
}

fn count(template: &Json, section: &str) -> usize {
    template[section].as_object().map_or(0, |m| m.len())
}

#[test]
fn twelve_hundred_spokes_fit_every_cloudformation_quota() {
    for (name, network) in issue_networks("400") {
        let (files, manifest) = files(&network);
        let stacks = manifest["stacks"].as_array().unwrap();
        let mut resources = 0;
        for stack in stacks {
            let stack_name = stack["name"].as_str().unwrap();
            let text = &files[stack["template"].as_str().unwrap()];
            let template: Json = serde_json::from_str(text).unwrap();
            let counts = [
                ("resources", count(&template, "Resources"), MAX_RESOURCES),
                ("parameters", count(&template, "Parameters"), MAX_PARAMETERS),
                ("outputs", count(&template, "Outputs"), MAX_OUTPUTS),
                ("bytes", text.len(), MAX_TEMPLATE_BYTES),
                ("name characters", stack_name.len(), MAX_STACK_NAME),
            ];
            for (what, n, max) in counts {
                assert!(n <= max, "{name}: {stack_name} has {n} {what}, over {max}");
            }
            resources += count(&template, "Resources");
        }
        // Really split: 1,200 spokes of 22 or more resources each.
        assert!(resources > 1_200 * 22, "{name}: {resources} resources");
        assert!(stacks.len() > 30, "{name}: {} stacks", stacks.len());
        let vpcs: usize = stacks
            .iter()
            .filter(|s| !s["name"].as_str().unwrap().contains("-routing"))
            .map(|s| s["vpcs"].as_array().map_or(0, Vec::len))
            .sum();
        assert_eq!(vpcs, 1_200 + 3, "{name}: every VPC in one base stack");
    }
}

/// Logical id to the stack whose template declares it.
fn stack_of(files: &BTreeMap<String, String>, manifest: &Json) -> BTreeMap<String, String> {
    let mut stack_of = BTreeMap::new();
    for stack in manifest["stacks"].as_array().unwrap() {
        let template: Json =
            serde_json::from_str(&files[stack["template"].as_str().unwrap()]).unwrap();
        for id in template["Resources"].as_object().unwrap().keys() {
            let previous = stack_of.insert(id.clone(), stack["name"].as_str().unwrap().to_string());
            assert!(previous.is_none(), "{id} is declared twice");
        }
    }
    stack_of
}

/// The resource a resource belongs to, by the property that says so: a subnet, route table,
/// flow log or attachment to its VPC, a route and an association to their route table.
fn owner(graph: &ResourceGraph, id: &netform::backends::ResourceId) -> Option<Reference> {
    let resource = &graph.resources[id];
    let key = match id.kind {
        Kind::Subnet | Kind::RouteTable | Kind::TgwVpcAttachment => "vpc_id",
        Kind::FlowLog => "resource_id",
        Kind::Route | Kind::RouteTableAssociation => "route_table_id",
        _ => return None,
    };
    match resource.properties.get(key) {
        Some(Value::Ref(r)) => Some(r.clone()),
        _ => None,
    }
}

#[test]
fn a_vpc_its_subnets_routes_and_attachment_share_one_stack() {
    let network = blueprint(
        "tgw-hub-spoke",
        &[
            ("regions", REGIONS),
            ("spokes", "400"),
            ("flow-logs", "arn:aws:s3:::logs"),
        ],
    );
    let graph = graph(&network);
    let (files, manifest) = files(&network);
    let stack_of = stack_of(&files, &manifest);
    let mut checked = 0;
    for id in graph.resources.keys() {
        let Some(owner) = owner(&graph, id) else {
            continue;
        };
        assert_eq!(
            stack_of.get(id.logical_id()),
            stack_of.get(owner.target.logical_id()),
            "{} is not in the stack of {}",
            id.logical_id(),
            owner.target.logical_id()
        );
        checked += 1;
    }
    // Per spoke 6 subnets, 6 route tables, 6 associations, routes, a flow log, an attachment.
    assert!(checked > 1_200 * 20, "{checked}");
}

/// Each stack's template by name, and which stack each VPC is in.
fn layout(network: &netform::dsl::Network) -> (BTreeMap<String, String>, BTreeMap<String, String>) {
    let (files, manifest) = files(network);
    let mut vpcs = BTreeMap::new();
    for stack in manifest["stacks"].as_array().unwrap() {
        let name = stack["name"].as_str().unwrap();
        if name.contains("-routing") {
            continue;
        }
        for vpc in stack["vpcs"].as_array().into_iter().flatten() {
            vpcs.insert(vpc.as_str().unwrap().to_string(), name.to_string());
        }
    }
    (files, vpcs)
}

#[test]
fn appending_a_spoke_changes_only_the_stacks_it_lands_in() {
    for ((name, before), (_, after)) in issue_networks("400").into_iter().zip(issue_networks("401"))
    {
        let (old_files, old_vpcs) = layout(&before);
        let (new_files, new_vpcs) = layout(&after);
        // No VPC moves.
        for (vpc, stack) in &old_vpcs {
            assert_eq!(new_vpcs.get(vpc), Some(stack), "{name}: {vpc} moved");
        }
        // The new spokes, one per region, and the logical-id prefix of their resources.
        let added: Vec<&String> = new_vpcs
            .keys()
            .filter(|vpc| !old_vpcs.contains_key(*vpc))
            .collect();
        assert_eq!(added.len(), 3, "{name}: {added:?}");
        let prefixes: Vec<String> = added
            .iter()
            .map(|vpc| netform::dsl::name::logical_id(&[vpc.as_str()]))
            .collect();
        let holds_new_spoke = |text: &str| {
            prefixes.iter().any(|p| {
                text.contains(&format!("\"{p}Vpc\""))
                    || text.contains(&format!("{p}TgwAttachment"))
                    || text.contains(&format!("{p}CwAttachment"))
            })
        };
        let mut changed = Vec::new();
        for (file, text) in &old_files {
            let new = new_files
                .get(file)
                .unwrap_or_else(|| panic!("{name}: {file} is gone"));
            if new == text || file == "manifest.json" {
                continue;
            }
            assert!(
                holds_new_spoke(new),
                "{name}: {file} changed although no new spoke landed in it"
            );
            changed.push(file.clone());
        }
        for (file, text) in &new_files {
            if !old_files.contains_key(file) {
                assert!(
                    holds_new_spoke(text),
                    "{name}: new stack {file} without a new spoke"
                );
                changed.push(file.clone());
            }
        }
        // Per region: the spoke's stack, and for the Transit Gateway its routing stack.
        assert!(
            (3..=6).contains(&changed.len()),
            "{name}: {} stacks changed: {changed:?}",
            changed.len()
        );
    }
}
