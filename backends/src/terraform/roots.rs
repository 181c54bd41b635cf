//! [`TerraformLayout::PerAccountRegion`](super::TerraformLayout::PerAccountRegion): one root
//! module per (account, region, stage), wired the way the CloudFormation renderer wires its
//! stacks. A reference to a resource of another root becomes a variable here and an output
//! there, a `depends_on` across roots an ordering edge, and `manifest.json` records both and
//! the order to apply the roots in (Kahn's algorithm, ties in graph order).

use super::{attr_name, cross_root_name, module_files, providers, Scope};
use crate::error::Error;
use crate::graph::IdMap;
use crate::graph::{Placement, Reference, Resource, ResourceGraph, ResourceId};
use crate::kinds::{CfnForm, Stage};
use crate::output::OutputFile;
use indexmap::IndexMap;
use serde_json::{json, Value as Json};
use std::collections::BTreeSet;

/// A value a root gives to others.
struct RootOutput<'g> {
    value: Reference,
    /// The graph output's description, if the graph has an output of this name.
    description: Option<&'g str>,
    /// The roots that take it, in the order they were wired.
    consumers: Vec<usize>,
}

/// One root module.
struct Root<'g> {
    /// The directory: `<account>-<region>`, with `-routing` for the routing stage.
    dir: String,
    placement: &'g Placement,
    stage: Stage,
    resources: Vec<&'g Resource>,
    /// Variables fed from other roots: the variable (also the producing output's name) and
    /// the producing root.
    inputs: IndexMap<String, usize>,
    /// The graph outputs of its resources, then the values other roots take.
    outputs: IndexMap<String, RootOutput<'g>>,
    /// Roots to apply first although no value comes from them (a `depends_on` across roots).
    after: BTreeSet<usize>,
}

/// The directory of a root.
fn dir_name(placement: &Placement, stage: Stage) -> String {
    let mut dir = format!("{}-{}", placement.account, placement.region);
    if stage == Stage::Routing {
        dir.push_str("-routing");
    }
    dir
}

fn stage_name(stage: Stage) -> &'static str {
    match stage {
        Stage::Base => "base",
        Stage::Routing => "routing",
    }
}

/// Renders every root's five files under its directory, then `manifest.json`.
pub(super) fn render(graph: &ResourceGraph) -> Result<Vec<OutputFile>, Error> {
    let (mut roots, root_of) = split(graph);
    wire(&mut roots, &root_of);
    let order = deploy_order(&roots)?;

    let mut files = Vec::new();
    for (here, root) in roots.iter().enumerate() {
        let inputs: Vec<(String, String)> = root
            .inputs
            .iter()
            .map(|(name, &from)| {
                let description = format!(
                    "Output {name} of root {} (wired by manifest.json)",
                    roots[from].dir
                );
                (name.clone(), description)
            })
            .collect();
        let descriptions: Vec<String> = root
            .outputs
            .values()
            .map(|output| match output.description {
                Some(description) => description.to_string(),
                None => output_description(&roots, output),
            })
            .collect();
        let outputs: Vec<(String, &str, &Reference)> = root
            .outputs
            .iter()
            .zip(&descriptions)
            .map(|((name, output), description)| {
                (name.clone(), description.as_str(), &output.value)
            })
            .collect();
        let scope = Scope::Root {
            root_of: &root_of,
            here,
        };
        files.extend(module_files(
            &format!("{}/", root.dir),
            providers(graph, [root.placement]),
            &inputs,
            &root.resources,
            &outputs,
            scope,
        )?);
    }
    files.push(OutputFile {
        path: "manifest.json".to_string(),
        contents: manifest(graph, &roots, &order),
    });
    Ok(files)
}

/// `<attr> of <type>.<label>, for root <dir>[, <dir>...]`.
fn output_description(roots: &[Root<'_>], output: &RootOutput<'_>) -> String {
    let target = &output.value.target;
    let consumers: Vec<&str> = output
        .consumers
        .iter()
        .map(|&i| roots[i].dir.as_str())
        .collect();
    let plural = if consumers.len() == 1 { "" } else { "s" };
    format!(
        "The {} of {}.{}, for root{plural} {}",
        attr_name(output.value.attr),
        target.kind.spec().tf_type,
        target.tf_label(),
        consumers.join(", ")
    )
}

/// The references of `resource` in arguments Terraform writes (the others are not rendered,
/// so they neither pass a value nor order anything).
fn written_references(resource: &Resource) -> Vec<&Reference> {
    let kind = resource.id.kind;
    resource.references_where(|key| kind.property(key).is_some_and(|p| p.tf.is_some()))
}

/// The stage of every resource, by graph index. A kind's own stage
/// ([`KindSpec::stage`](crate::kinds::KindSpec::stage)) to begin with; a kind CloudFormation leaves to a manual
/// step or refuses (a peering or Cloud WAN accepter, a cross-account zone authorization or
/// association) goes to the routing stage, after the base roots it acts on in other accounts
/// and regions, which is where CloudFormation's step sits in its deploy order; then anything
/// that refers to, or depends on, a routing-stage resource goes there too (the routes that
/// wait for an acceptance), or its base root would need a routing root that needs the base
/// roots. A worklist over the reverse edges: O(resources + references).
fn stages(graph: &ResourceGraph) -> Vec<Stage> {
    let index: IdMap<&ResourceId, usize> = graph
        .resources
        .keys()
        .enumerate()
        .map(|(i, id)| (id, i))
        .collect();
    let mut users: Vec<Vec<usize>> = vec![Vec::new(); index.len()];
    let mut stages = Vec::with_capacity(index.len());
    let mut routing = Vec::new();
    for (user, resource) in graph.resources.values().enumerate() {
        let targets = written_references(resource)
            .into_iter()
            .map(|r| &r.target)
            .chain(&resource.depends_on);
        for target in targets {
            users[index[target]].push(user);
        }
        let spec = resource.id.kind.spec();
        let stage = match spec.cfn_form {
            CfnForm::Manual { .. } | CfnForm::Refused { .. } => Stage::Routing,
            _ => spec.stage,
        };
        if stage == Stage::Routing {
            routing.push(user);
        }
        stages.push(stage);
    }
    while let Some(next) = routing.pop() {
        for &user in &users[next] {
            if stages[user] == Stage::Base {
                stages[user] = Stage::Routing;
                routing.push(user);
            }
        }
    }
    stages
}

/// The roots, in order of first appearance in the graph, and the root of every resource. The
/// graph's outputs go to the root of the resource they read.
fn split(graph: &ResourceGraph) -> (Vec<Root<'_>>, IdMap<&ResourceId, usize>) {
    let mut keys: IndexMap<(&Placement, Stage), usize> = IndexMap::new();
    let mut roots: Vec<Root<'_>> = Vec::new();
    let mut root_of: IdMap<&ResourceId, usize> = IdMap::default();
    for (resource, stage) in graph.resources.values().zip(stages(graph)) {
        let index = *keys.entry((&resource.placement, stage)).or_insert_with(|| {
            roots.push(Root {
                dir: dir_name(&resource.placement, stage),
                placement: &resource.placement,
                stage,
                resources: Vec::new(),
                inputs: IndexMap::new(),
                outputs: IndexMap::new(),
                after: BTreeSet::new(),
            });
            roots.len() - 1
        });
        roots[index].resources.push(resource);
        root_of.insert(&resource.id, index);
    }
    for output in &graph.outputs {
        let root = root_of[&output.value.target];
        roots[root].outputs.insert(
            output.tf_label(),
            RootOutput {
                value: output.value.clone(),
                description: Some(output.description.as_str()),
                consumers: Vec::new(),
            },
        );
    }
    (roots, root_of)
}

/// Every reference (in an argument Terraform writes) to a resource of another root becomes
/// an input here and an output there; every `depends_on` on one orders the two roots.
fn wire(roots: &mut [Root<'_>], root_of: &IdMap<&ResourceId, usize>) {
    for consumer in 0..roots.len() {
        let mut references: Vec<&Reference> = Vec::new();
        let mut depends: Vec<&ResourceId> = Vec::new();
        for resource in &roots[consumer].resources {
            references.extend(written_references(resource));
            depends.extend(&resource.depends_on);
        }
        for reference in references {
            let producer = root_of[&reference.target];
            if producer == consumer {
                continue;
            }
            let name = cross_root_name(reference);
            let output = roots[producer]
                .outputs
                .entry(name.clone())
                .or_insert_with(|| RootOutput {
                    value: reference.clone(),
                    description: None,
                    consumers: Vec::new(),
                });
            assert_eq!(
                output.value, *reference,
                "output {name} of root {} would give two values",
                roots[producer].dir
            );
            if !output.consumers.contains(&consumer) {
                output.consumers.push(consumer);
            }
            roots[consumer].inputs.insert(name, producer);
        }
        for id in depends {
            let producer = root_of[id];
            if producer != consumer {
                roots[consumer].after.insert(producer);
            }
        }
    }
}

/// Roots in an order where every root comes after those it takes inputs from or must follow;
/// among the roots ready at any step the first in graph order goes first.
fn deploy_order(roots: &[Root<'_>]) -> Result<Vec<usize>, Error> {
    let producers = roots
        .iter()
        .map(|root| {
            let mut producers: BTreeSet<usize> = root.inputs.values().copied().collect();
            producers.extend(&root.after);
            producers
        })
        .collect();
    crate::order::deploy_order(producers, |i| roots[i].dir.clone())
}

fn manifest(graph: &ResourceGraph, roots: &[Root<'_>], order: &[usize]) -> String {
    let entries: Vec<Json> = roots
        .iter()
        .map(|root| {
            let inputs: Vec<Json> = root
                .inputs
                .iter()
                .map(|(name, &from)| {
                    json!({"variable": name, "from_root": roots[from].dir, "output": name})
                })
                .collect();
            // Only the roots no input already orders this one after.
            let after: Vec<&str> = root
                .after
                .iter()
                .filter(|i| !root.inputs.values().any(|from| from == *i))
                .map(|&i| roots[i].dir.as_str())
                .collect();
            let mut entry = json!({
                "dir": root.dir,
                "account": root.placement.account,
                "account_id": graph.accounts[&root.placement.account].id,
                "region": root.placement.region,
                "stage": stage_name(root.stage),
                "resources": root.resources.len(),
                "inputs": inputs,
                "after": after,
            });
            // Secrets the deployer gives (sensitive variables), never from another root.
            let mut secrets: Vec<String> = Vec::new();
            for secret in root.resources.iter().flat_map(|r| r.secrets()) {
                let name = secret.tf_label();
                if !secrets.contains(&name) {
                    secrets.push(name);
                }
            }
            if !secrets.is_empty() {
                entry["secrets"] = json!(secrets);
            }
            entry
        })
        .collect();
    let order: Vec<&str> = order.iter().map(|&i| roots[i].dir.as_str()).collect();
    let manifest = json!({
        "network": graph.network,
        "generator": "netform",
        "layout": super::TerraformLayout::PerAccountRegion.as_str(),
        "roots": entries,
        "deploy_order": order,
    });
    serde_json::to_string_pretty(&manifest).expect("the manifest serializes") + "\n"
}
