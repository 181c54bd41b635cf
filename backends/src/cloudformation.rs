//! The CloudFormation renderer: one template per (account, region) stack, plus a
//! `manifest.json` with the deploy order and the wiring of every Parameter that is fed from
//! another stack's Output (references that cross accounts or regions cannot use exports).

use crate::error::{Error, ErrorKind};
use crate::graph::{Placement, Reference, Resource, ResourceGraph, Value};
use crate::kinds::{Attr, CfnAttr};
use crate::output::OutputFile;
use indexmap::IndexMap;
use netform_dsl::{Code, Diagnostic, Diagnostics, Path};
use serde_json::{json, Map, Value as Json};

/// CloudFormation quotas ("Understand CloudFormation quotas", AWS CloudFormation User Guide):
/// 500 resources, 200 parameters and 200 outputs per template, and a template body of at most
/// 1 MB when deployed from an S3 object.
const MAX_RESOURCES: usize = 500;
const MAX_PARAMETERS: usize = 200;
const MAX_OUTPUTS: usize = 200;
const MAX_BODY_BYTES: usize = 1_000_000;
/// "Maximum size of Stack name: 128 characters" (same page).
const MAX_STACK_NAME: usize = 128;

/// The stack name: `<network>-<account>-<region>`, with `_` turned into `-` because stack
/// names allow only letters, digits and hyphens.
pub fn stack_name(network: &str, placement: &Placement) -> String {
    format!("{network}-{}-{}", placement.account, placement.region).replace('_', "-")
}

struct StackOutput {
    value: Reference,
    description: String,
}

struct Parameter {
    from_stack: usize,
    output: String,
}

struct Stack<'g> {
    name: String,
    placement: &'g Placement,
    resources: Vec<&'g Resource>,
    parameters: IndexMap<String, Parameter>,
    outputs: IndexMap<String, StackOutput>,
}

/// Renders one template per stack and the manifest.
pub fn render(graph: &ResourceGraph) -> Result<Vec<OutputFile>, Error> {
    let mut stacks = split_stacks(graph);
    wire_cross_stack_references(graph, &mut stacks);
    let order = deploy_order(&stacks)?;

    let mut files = Vec::new();
    let mut quota = Diagnostics::new();
    for stack in &stacks {
        let template = template(graph, stack, &stacks);
        let text = serde_json::to_string_pretty(&template).expect("templates serialize") + "\n";
        check_quotas(stack, text.len(), &mut quota);
        files.push(OutputFile {
            path: format!("{}.template.json", stack.name),
            contents: text,
        });
    }
    if !quota.is_empty() {
        return Err(ErrorKind::Quota(quota).into());
    }
    files.push(OutputFile {
        path: "manifest.json".to_string(),
        contents: manifest(graph, &stacks, &order),
    });
    Ok(files)
}

fn split_stacks(graph: &ResourceGraph) -> Vec<Stack<'_>> {
    let mut stacks: IndexMap<&Placement, Stack<'_>> = IndexMap::new();
    for resource in graph.resources.values() {
        stacks
            .entry(&resource.placement)
            .or_insert_with(|| Stack {
                name: stack_name(&graph.network, &resource.placement),
                placement: &resource.placement,
                resources: Vec::new(),
                parameters: IndexMap::new(),
                outputs: IndexMap::new(),
            })
            .resources
            .push(resource);
    }
    for output in &graph.outputs {
        let placement = &graph.resources[&output.value.target].placement;
        if let Some(stack) = stacks.get_mut(placement) {
            stack.outputs.insert(
                output.logical_id(),
                StackOutput {
                    value: output.value.clone(),
                    description: output.description.clone(),
                },
            );
        }
    }
    stacks.into_values().collect()
}

fn stack_of(graph: &ResourceGraph, stacks: &[Stack<'_>], reference: &Reference) -> usize {
    let placement = &graph.resources[&reference.target].placement;
    stacks
        .iter()
        .position(|s| s.placement == placement)
        .expect("every resource has a stack")
}

/// The name of the Output (and of the Parameter that receives it) for a cross-stack value.
fn cross_stack_name(reference: &Reference) -> String {
    let attr = match reference.attr {
        Attr::Id => "Id",
        Attr::AllocationId => "AllocationId",
    };
    format!("{}{attr}", reference.target.logical_id())
}

/// Every reference to a resource in another stack becomes an Output there and a Parameter
/// here, which the manifest wires together.
fn wire_cross_stack_references(graph: &ResourceGraph, stacks: &mut [Stack<'_>]) {
    for consumer in 0..stacks.len() {
        let references: Vec<Reference> = stacks[consumer]
            .resources
            .iter()
            .flat_map(|r| r.references())
            .cloned()
            .collect();
        for reference in references {
            let producer = stack_of(graph, stacks, &reference);
            if producer == consumer {
                continue;
            }
            let name = cross_stack_name(&reference);
            let description = format!("{} for stack {}", name, stacks[consumer].name);
            stacks[producer]
                .outputs
                .entry(name.clone())
                .or_insert(StackOutput {
                    value: reference.clone(),
                    description,
                });
            stacks[consumer].parameters.insert(
                name.clone(),
                Parameter {
                    from_stack: producer,
                    output: name,
                },
            );
        }
    }
}

/// Stacks in an order where every stack comes after those it takes parameters from; ties
/// keep the stacks' own order. Kahn's algorithm: O(stacks + wires).
fn deploy_order(stacks: &[Stack<'_>]) -> Result<Vec<usize>, Error> {
    let mut needs: Vec<usize> = vec![0; stacks.len()];
    let mut feeds: Vec<Vec<usize>> = vec![Vec::new(); stacks.len()];
    for (consumer, stack) in stacks.iter().enumerate() {
        let mut producers: Vec<usize> = stack.parameters.values().map(|p| p.from_stack).collect();
        producers.sort_unstable();
        producers.dedup();
        needs[consumer] = producers.len();
        for producer in producers {
            feeds[producer].push(consumer);
        }
    }
    let mut ready: std::collections::BTreeSet<usize> =
        (0..stacks.len()).filter(|&i| needs[i] == 0).collect();
    let mut order = Vec::with_capacity(stacks.len());
    while let Some(next) = ready.pop_first() {
        order.push(next);
        for &consumer in &feeds[next] {
            needs[consumer] -= 1;
            if needs[consumer] == 0 {
                ready.insert(consumer);
            }
        }
    }
    if order.len() < stacks.len() {
        let stuck = (0..stacks.len())
            .filter(|i| !order.contains(i))
            .map(|i| stacks[i].name.clone())
            .collect();
        return Err(ErrorKind::StackCycle(stuck).into());
    }
    Ok(order)
}

fn template(graph: &ResourceGraph, stack: &Stack<'_>, stacks: &[Stack<'_>]) -> Json {
    let account = &graph.accounts[&stack.placement.account];
    let mut template = Map::new();
    template.insert("AWSTemplateFormatVersion".into(), json!("2010-09-09"));
    template.insert(
        "Description".into(),
        json!(format!(
            "netform network {}: account {} ({}), region {}",
            graph.network, stack.placement.account, account.id, stack.placement.region
        )),
    );
    if !stack.parameters.is_empty() {
        let parameters: Map<String, Json> = stack
            .parameters
            .iter()
            .map(|(name, p)| {
                let description = format!(
                    "Output {} of stack {} (wired by manifest.json)",
                    p.output, stacks[p.from_stack].name
                );
                (
                    name.clone(),
                    json!({"Type": "String", "Description": description}),
                )
            })
            .collect();
        template.insert("Parameters".into(), Json::Object(parameters));
    }
    let resources: Map<String, Json> = stack
        .resources
        .iter()
        .map(|r| (r.id.logical_id(), resource(graph, stack, r)))
        .collect();
    template.insert("Resources".into(), Json::Object(resources));
    if !stack.outputs.is_empty() {
        let outputs: Map<String, Json> = stack
            .outputs
            .iter()
            .map(|(name, output)| {
                let export = format!("{}-{name}", stack.name);
                (
                    name.clone(),
                    json!({
                        "Description": output.description,
                        "Value": reference(graph, stack, &output.value),
                        "Export": {"Name": export},
                    }),
                )
            })
            .collect();
        template.insert("Outputs".into(), Json::Object(outputs));
    }
    Json::Object(template)
}

fn resource(graph: &ResourceGraph, stack: &Stack<'_>, resource: &Resource) -> Json {
    let kind = resource.id.kind;
    let mut out = Map::new();
    out.insert("Type".into(), json!(kind.spec().cfn_type));
    let depends_on: Vec<Json> = resource
        .depends_on
        .iter()
        .filter(|d| graph.resources[*d].placement == *stack.placement)
        .map(|d| json!(d.logical_id()))
        .collect();
    if !depends_on.is_empty() {
        out.insert("DependsOn".into(), Json::Array(depends_on));
    }
    let mut properties = Map::new();
    for (key, value) in &resource.properties {
        let spec = kind
            .property(key)
            .unwrap_or_else(|| panic!("{key} is not in the table for {kind:?}"));
        if let Some(name) = spec.cfn {
            properties.insert(name.into(), self::value(graph, stack, value));
        }
    }
    if !resource.tags.is_empty() {
        let tags: Vec<Json> = resource
            .tags
            .iter()
            .map(|(k, v)| json!({"Key": k, "Value": v}))
            .collect();
        properties.insert("Tags".into(), Json::Array(tags));
    }
    if !properties.is_empty() {
        out.insert("Properties".into(), Json::Object(properties));
    }
    Json::Object(out)
}

fn value(graph: &ResourceGraph, stack: &Stack<'_>, value: &Value) -> Json {
    match value {
        Value::String(s) => json!(s),
        Value::Bool(b) => json!(b),
        Value::Int(i) => json!(i),
        Value::List(items) => {
            Json::Array(items.iter().map(|v| self::value(graph, stack, v)).collect())
        }
        Value::Ref(r) => reference(graph, stack, r),
    }
}

fn reference(graph: &ResourceGraph, stack: &Stack<'_>, reference: &Reference) -> Json {
    if graph.resources[&reference.target].placement != *stack.placement {
        return json!({"Ref": cross_stack_name(reference)});
    }
    let target = reference.target.logical_id();
    let spec = reference
        .target
        .kind
        .attribute(reference.attr)
        .unwrap_or_else(|| {
            panic!(
                "{:?} has no attribute {:?}",
                reference.target.kind, reference.attr
            )
        });
    match spec.cfn {
        CfnAttr::Ref => json!({"Ref": target}),
        CfnAttr::GetAtt(name) => json!({"Fn::GetAtt": [target, name]}),
    }
}

fn check_quotas(stack: &Stack<'_>, body_bytes: usize, diags: &mut Diagnostics) {
    let checks = [
        ("resources", stack.resources.len(), MAX_RESOURCES),
        ("parameters", stack.parameters.len(), MAX_PARAMETERS),
        ("outputs", stack.outputs.len(), MAX_OUTPUTS),
        ("bytes of template body", body_bytes, MAX_BODY_BYTES),
        ("characters in its name", stack.name.len(), MAX_STACK_NAME),
    ];
    for (what, count, max) in checks {
        if count > max {
            diags.push(
                Diagnostic::error(
                    Code::CfnQuota,
                    Path::root(),
                    format!(
                        "stack {} has {count} {what}; CloudFormation allows {max}",
                        stack.name
                    ),
                )
                .with_help(
                    "split the network into more accounts or regions, or use the terraform target",
                ),
            );
        }
    }
}

fn manifest(graph: &ResourceGraph, stacks: &[Stack<'_>], order: &[usize]) -> String {
    let stack_entries: Vec<Json> = stacks
        .iter()
        .map(|stack| {
            let parameters: Vec<Json> = stack
                .parameters
                .iter()
                .map(|(name, p)| {
                    json!({"parameter": name, "from_stack": stacks[p.from_stack].name, "output": p.output})
                })
                .collect();
            json!({
                "name": stack.name,
                "template": format!("{}.template.json", stack.name),
                "account": stack.placement.account,
                "account_id": graph.accounts[&stack.placement.account].id,
                "region": stack.placement.region,
                "resources": stack.resources.len(),
                "parameters": parameters,
            })
        })
        .collect();
    let order: Vec<&str> = order.iter().map(|&i| stacks[i].name.as_str()).collect();
    let manifest = json!({
        "network": graph.network,
        "generator": "netform",
        "stacks": stack_entries,
        "deploy_order": order,
    });
    serde_json::to_string_pretty(&manifest).expect("the manifest serializes") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{AccountInfo, GraphOutput, ResourceId};
    use crate::kinds::Kind;

    fn placement(account: &str, region: &str) -> Placement {
        Placement {
            account: account.into(),
            region: region.into(),
        }
    }

    fn resource(
        id: &ResourceId,
        placement: Placement,
        props: &[(&'static str, Value)],
    ) -> Resource {
        Resource {
            id: id.clone(),
            placement,
            properties: props.iter().cloned().collect(),
            tags: IndexMap::new(),
            depends_on: Vec::new(),
            origin: Path::root(),
        }
    }

    /// A route table in account b refers to a VPC in account a: a Parameter in b's stack, an
    /// Output in a's, wiring in the manifest, and a's stack deployed first.
    fn two_stacks() -> ResourceGraph {
        let vpc = ResourceId::new(Kind::Vpc, ["hub"]);
        let table = ResourceId::new(Kind::RouteTable, ["spoke", "x"]);
        let mut resources = IndexMap::new();
        resources.insert(
            table.clone(),
            resource(
                &table,
                placement("b", "eu-west-1"),
                &[("vpc_id", vpc.id().into())],
            ),
        );
        resources.insert(
            vpc.clone(),
            resource(
                &vpc,
                placement("a", "us-east-1"),
                &[("cidr_block", "10.0.0.0/16".into())],
            ),
        );
        ResourceGraph {
            network: "n".into(),
            accounts: [("a", "111111111111"), ("b", "222222222222")]
                .into_iter()
                .map(|(alias, id)| (alias.to_string(), AccountInfo { id: id.into() }))
                .collect(),
            resources,
            outputs: vec![GraphOutput {
                name: vec!["hub".into(), "vpc-id".into()],
                description: "hub".into(),
                value: vpc.id(),
            }],
        }
    }

    fn parse(files: &[OutputFile], path: &str) -> Json {
        serde_json::from_str(&files.iter().find(|f| f.path == path).unwrap().contents).unwrap()
    }

    #[test]
    fn cross_account_references_become_parameters_wired_by_the_manifest() {
        let files = render(&two_stacks()).unwrap();
        let spoke = parse(&files, "n-b-eu-west-1.template.json");
        let hub = parse(&files, "n-a-us-east-1.template.json");
        let manifest = parse(&files, "manifest.json");

        assert_eq!(
            spoke["Resources"]["SpokeXRouteTable"]["Properties"]["VpcId"],
            json!({"Ref": "HubVpcId"})
        );
        assert_eq!(spoke["Parameters"]["HubVpcId"]["Type"], "String");
        // The graph's own output has the same value: it is reused, not duplicated.
        assert_eq!(
            hub["Outputs"]["HubVpcId"]["Value"],
            json!({"Ref": "HubVpc"})
        );
        assert_eq!(hub["Outputs"].as_object().unwrap().len(), 1);
        assert_eq!(
            manifest["deploy_order"],
            json!(["n-a-us-east-1", "n-b-eu-west-1"])
        );
        assert_eq!(
            manifest["stacks"][0]["parameters"],
            json!([{"parameter": "HubVpcId", "from_stack": "n-a-us-east-1", "output": "HubVpcId"}])
        );
    }

    #[test]
    fn stacks_that_feed_each_other_are_a_cycle() {
        let mut graph = two_stacks();
        let table = ResourceId::new(Kind::RouteTable, ["spoke", "x"]);
        let vpc = ResourceId::new(Kind::Vpc, ["hub"]);
        graph.resources[&vpc]
            .properties
            .insert("enable_dns_support", Value::Ref(table.id()));
        let err = render(&graph).unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::StackCycle(stacks) if stacks.len() == 2),
            "{err}"
        );
    }

    #[test]
    fn a_stack_over_500_resources_is_a_quota_diagnostic() {
        let mut graph = two_stacks();
        for i in 0..500 {
            let id = ResourceId::new(Kind::InternetGateway, [format!("g{i}")]);
            graph
                .resources
                .insert(id.clone(), resource(&id, placement("a", "us-east-1"), &[]));
        }
        let err = render(&graph).unwrap_err();
        let ErrorKind::Quota(diags) = err.kind() else {
            panic!("{err}")
        };
        let message = &diags.iter().next().unwrap().message;
        assert!(
            message.contains("n-a-us-east-1 has 501 resources"),
            "{message}"
        );
    }
}
