//! Both targets emit the same network: the same resources and the same references between
//! them (cross-stack ones included), read back from the rendered files, not from the graph.

use crate::support::{blueprints, graph, multi_account};
use netform::backends::kinds::CfnAttr;
use netform::backends::{Attr, OutputFile, ResourceGraph, ResourceId, Target};
use serde_json::Value as Json;
use std::collections::{BTreeMap, BTreeSet};

/// A reference read from output: from, to, and the attribute (`None` for a bare dependency).
type Edge = (ResourceId, ResourceId, Option<Attr>);

struct Ids {
    by_logical: BTreeMap<String, ResourceId>,
    by_label: BTreeMap<(String, String), ResourceId>,
}

fn ids(graph: &ResourceGraph) -> Ids {
    let mut by_logical = BTreeMap::new();
    let mut by_label = BTreeMap::new();
    for id in graph.resources.keys() {
        assert!(by_logical.insert(id.logical_id(), id.clone()).is_none());
        let label = (id.kind.spec().tf_type.to_string(), id.tf_label());
        assert!(by_label.insert(label, id.clone()).is_none());
    }
    Ids {
        by_logical,
        by_label,
    }
}

fn cfn_attr(target: &ResourceId, how: CfnAttr) -> Attr {
    target
        .kind
        .spec()
        .attributes
        .iter()
        .find(|a| a.cfn == how)
        .unwrap_or_else(|| panic!("{:?} has no attribute read as {how:?}", target.kind))
        .attr
}

fn cloudformation(
    graph: &ResourceGraph,
    files: &[OutputFile],
) -> (BTreeSet<ResourceId>, BTreeSet<Edge>) {
    let ids = ids(graph);
    let json = |path: &str| -> Json {
        let file = files.iter().find(|f| f.path == path).expect("file exists");
        serde_json::from_str(&file.contents).expect("valid JSON")
    };
    let manifest = json("manifest.json");
    let templates: BTreeMap<String, Json> = manifest["stacks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap().to_string(),
                json(s["template"].as_str().unwrap()),
            )
        })
        .collect();

    // Resolve one Ref/GetAtt in `stack` to (target, attr), following parameters through the
    // manifest to the producing stack's output.
    fn resolve(
        ids: &Ids,
        manifest: &Json,
        templates: &BTreeMap<String, Json>,
        stack: &str,
        value: &Json,
    ) -> Option<(ResourceId, Attr)> {
        if let Some(name) = value.get("Ref").and_then(Json::as_str) {
            if let Some(target) = ids.by_logical.get(name) {
                return Some((target.clone(), cfn_attr(target, CfnAttr::Ref)));
            }
            let wire = manifest["stacks"]
                .as_array()?
                .iter()
                .find(|s| s["name"] == stack)?["parameters"]
                .as_array()?
                .iter()
                .find(|p| p["parameter"] == name)?;
            let producer = wire["from_stack"].as_str()?;
            let output = &templates[producer]["Outputs"][wire["output"].as_str()?]["Value"];
            return resolve(ids, manifest, templates, producer, output);
        }
        let getatt = value.get("Fn::GetAtt")?.as_array()?;
        let target = ids.by_logical.get(getatt[0].as_str()?)?;
        let name = getatt[1].as_str()?;
        let attr = target
            .kind
            .spec()
            .attributes
            .iter()
            .find(|a| matches!(a.cfn, CfnAttr::GetAtt(n) if n == name))?
            .attr;
        Some((target.clone(), attr))
    }

    fn walk(value: &Json, found: &mut Vec<Json>) {
        match value {
            Json::Object(map) if map.contains_key("Ref") || map.contains_key("Fn::GetAtt") => {
                found.push(value.clone())
            }
            Json::Object(map) => map.values().for_each(|v| walk(v, found)),
            Json::Array(items) => items.iter().for_each(|v| walk(v, found)),
            _ => {}
        }
    }

    let mut resources = BTreeSet::new();
    let mut edges = BTreeSet::new();
    for (stack, template) in &templates {
        for (logical, resource) in template["Resources"].as_object().unwrap() {
            let from = ids
                .by_logical
                .get(logical)
                .unwrap_or_else(|| panic!("unknown {logical}"))
                .clone();
            resources.insert(from.clone());
            let mut refs = Vec::new();
            walk(&resource["Properties"], &mut refs);
            for r in refs {
                let (to, attr) = resolve(&ids, &manifest, &templates, stack, &r)
                    .unwrap_or_else(|| panic!("{logical}: unresolvable {r}"));
                edges.insert((from.clone(), to, Some(attr)));
            }
            for dep in resource["DependsOn"].as_array().into_iter().flatten() {
                let to = ids.by_logical[dep.as_str().unwrap()].clone();
                edges.insert((from.clone(), to, None));
            }
        }
    }
    (resources, edges)
}

fn terraform(
    graph: &ResourceGraph,
    files: &[OutputFile],
) -> (BTreeSet<ResourceId>, BTreeSet<Edge>) {
    use hcl::expr::{Expression, TraversalOperator};
    let ids = ids(graph);
    let main = files.iter().find(|f| f.path == "main.tf").expect("main.tf");
    let body: hcl::Body = hcl::parse(&main.contents).expect("main.tf parses");

    fn traversals(expr: &Expression, out: &mut Vec<(String, Vec<String>)>) {
        match expr {
            Expression::Traversal(t) => {
                if let Expression::Variable(root) = &t.expr {
                    let attrs = t
                        .operators
                        .iter()
                        .filter_map(|op| match op {
                            TraversalOperator::GetAttr(id) => Some(id.to_string()),
                            _ => None,
                        })
                        .collect();
                    out.push((root.to_string(), attrs));
                }
            }
            Expression::Array(items) => items.iter().for_each(|e| traversals(e, out)),
            Expression::Object(object) => object.values().for_each(|e| traversals(e, out)),
            Expression::FuncCall(call) => call.args.iter().for_each(|e| traversals(e, out)),
            Expression::Parenthesis(inner) => traversals(inner, out),
            _ => {}
        }
    }

    let mut resources = BTreeSet::new();
    let mut edges = BTreeSet::new();
    for block in body.blocks().filter(|b| b.identifier() == "resource") {
        let key = (
            block.labels()[0].as_str().to_string(),
            block.labels()[1].as_str().to_string(),
        );
        let from = ids
            .by_label
            .get(&key)
            .unwrap_or_else(|| panic!("unknown {key:?}"))
            .clone();
        resources.insert(from.clone());
        for attribute in block.body().attributes() {
            let mut found = Vec::new();
            traversals(attribute.expr(), &mut found);
            for (root, attrs) in found {
                if root == "aws" {
                    continue; // provider = aws.alias
                }
                let to = ids.by_label[&(root.clone(), attrs[0].clone())].clone();
                let attr = attrs.get(1).map(|name| {
                    to.kind
                        .spec()
                        .attributes
                        .iter()
                        .find(|a| a.tf == name)
                        .unwrap_or_else(|| panic!("{root} has no attribute {name}"))
                        .attr
                });
                edges.insert((from.clone(), to, attr));
            }
        }
    }
    (resources, edges)
}

fn assert_equivalent(name: &str, network: &netform::dsl::Network) {
    let graph = graph(network);
    let cfn = cloudformation(&graph, &Target::CloudFormation.render(&graph).unwrap());
    let tf = terraform(&graph, &Target::Terraform.render(&graph).unwrap());
    let all: BTreeSet<ResourceId> = graph.resources.keys().cloned().collect();
    assert_eq!(
        cfn.0, all,
        "{name}: CloudFormation resources differ from the graph"
    );
    assert_eq!(
        tf.0, all,
        "{name}: Terraform resources differ from the graph"
    );
    assert_eq!(cfn.1, tf.1, "{name}: the targets' references differ");
    assert!(!cfn.1.is_empty());
}

#[test]
fn every_blueprint_renders_the_same_network_in_both_targets() {
    for (name, network) in blueprints() {
        assert_equivalent(name, &network);
    }
}

#[test]
fn multi_account_network_renders_the_same_in_both_targets() {
    assert_equivalent("multi-account", &multi_account());
}
