//! The CloudFormation renderer: templates for the stacks of each (account, region), split
//! under CloudFormation's quotas (`split.rs`), plus a `manifest.json` with the deploy order and
//! the wiring of every Parameter that is fed from another stack's Output. A value from another
//! stack of the same account and region is an export the template imports; one from another
//! account or region is a Parameter, since exports do not cross them.

mod facts;
mod node;
mod split;

use facts::Facts;
use node::{Node, Object};

use crate::error::{Error, ErrorKind};
use crate::graph::IdMap;
use crate::graph::ResourceId;
use crate::graph::{Placement, Reference, Resource, ResourceGraph, Value};
use crate::kinds::{Attr, CfnAttr, CfnForm, Kind, Stage};
use crate::output::OutputFile;
use indexmap::IndexMap;
use netform_dsl::{Code, Diagnostic, Diagnostics, Path};
use rayon::prelude::*;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{json, Map, Value as Json};
use std::borrow::Cow;
use std::collections::BTreeSet;

/// CloudFormation quotas ("Understand CloudFormation quotas", AWS CloudFormation User Guide):
/// 500 resources, 200 parameters and 200 outputs per template, and a template body of at most
/// 1 MB when deployed from an S3 object. The split packs stacks below these; rendering checks
/// them.
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

/// The name of a stack of a group: the group's name, `-routing` for the hub routing stage,
/// and `-p2`, `-p3`... for the group's second and later stacks.
fn part_name(network: &str, placement: &Placement, stage: Stage, index: usize) -> String {
    let mut name = stack_name(network, placement);
    if stage == Stage::Routing {
        name.push_str("-routing");
    }
    if index > 0 {
        name.push_str(&format!("-p{}", index + 1));
    }
    name
}

/// The export name of a stack's output: unique in its account and region.
fn export_name(stack: &str, output: &str) -> String {
    format!("{stack}-{output}")
}

struct StackOutput {
    value: Reference,
    description: String,
}

struct Parameter<'g> {
    /// The stack deployed first that the value comes from (none for a secret).
    from_stack: Option<usize>,
    /// That stack's output: the value itself, or for a lookup the id it starts from.
    output: String,
    source: Source<'g>,
}

/// Where a Parameter's value comes from.
enum Source<'g> {
    /// The output of another stack, wired by manifest.json.
    Output,
    /// A lookup the deployer runs after the producing stack ([`CfnAttr::Lookup`]): the
    /// command, filled in, and the resource it starts from.
    Lookup(String, &'g ResourceId),
    /// A secret the deployer gives (`NoEcho`).
    Secret(&'g crate::graph::Secret),
}

struct Stack<'g> {
    name: String,
    placement: &'g Placement,
    stage: Stage,
    resources: Vec<&'g Resource>,
    /// The graph index of each of `resources`.
    indices: Vec<usize>,
    /// The model names of the VPCs it holds.
    vpcs: Vec<&'g str>,
    parameters: IndexMap<String, Parameter<'g>>,
    /// Values imported from other stacks of the same account and region: the output's name
    /// and the stack exporting it.
    imports: IndexMap<String, usize>,
    outputs: IndexMap<String, StackOutput>,
    /// Stacks that must be deployed first although no parameter comes from them.
    after: BTreeSet<usize>,
}

/// A step CloudFormation cannot do, between two stacks of the deploy order.
struct ManualStep {
    description: String,
    /// The model element that asks for the step.
    origin: Path,
    account: String,
    region: String,
    after: usize,
    before: BTreeSet<usize>,
}

/// Where a kind written into another resource goes.
#[derive(Clone, Copy)]
pub(super) enum Slot {
    /// The value of the neutral property (second) appended to this list property.
    List(&'static str, &'static str),
    /// The value of the neutral property (second) as this property.
    Property(&'static str, &'static str),
    /// The kind's own properties as one object appended to this list property.
    Object(&'static str),
}

/// Where each resource went.
struct Layout<'g> {
    stacks: Vec<Stack<'g>>,
    /// Each resource's stack, by its index in the graph: its own, or for kinds
    /// CloudFormation writes as entries of another resource (or not at all) the stack of the
    /// resource that stands for it.
    stack_of: Vec<usize>,
    /// The graph's resources, to find an id's index.
    resources: &'g IdMap<ResourceId, Resource>,
    /// Entry, object and property kinds, by the resource that takes them: where, and what.
    entries: IdMap<&'g ResourceId, Vec<(Slot, &'g Resource)>>,
}

/// Renders one template per stack and the manifest.
pub fn render(graph: &ResourceGraph) -> Result<Vec<OutputFile>, Error> {
    refuse_unsupported(graph)?;
    let facts = Facts::new(graph);
    let mut layout = split_stacks(graph, &facts);
    wire_cross_stack_references(&facts, &mut layout);
    add_secret_parameters(&mut layout);
    let steps = manual_steps(graph, &mut layout);
    check_manual_steps(&layout, &steps)?;
    let order = deploy_order(&layout.stacks, &steps)?;

    // Stacks are independent once wired: rendered in parallel, collected in order.
    let texts: Vec<String> = (0..layout.stacks.len())
        .into_par_iter()
        .map(|here| template_text(graph, &layout, here))
        .collect();
    let mut files = Vec::new();
    let mut quota = Diagnostics::new();
    for (stack, text) in layout.stacks.iter().zip(texts) {
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
        contents: manifest(graph, &layout.stacks, &steps, &order),
    });
    Ok(files)
}

/// Fails with one NF0503 diagnostic per resource CloudFormation has no type for (see
/// [`CfnForm::Refused`]), before anything is laid out.
fn refuse_unsupported(graph: &ResourceGraph) -> Result<(), Error> {
    let mut diags = Diagnostics::new();
    for resource in graph.resources.values() {
        let CfnForm::Refused { message: Some(key) } = resource.id.kind.spec().cfn_form else {
            continue;
        };
        let message = match resource.properties.get(key) {
            Some(Value::String(text)) => text.clone(),
            other => panic!("{:?} has no refusal message: {other:?}", resource.id),
        };
        diags.push(
            Diagnostic::error(Code::CfnUnsupported, resource.origin.clone(), message).with_help(
                "associate the zone through a Route 53 Profile shared with the account, forward the domain to an inbound endpoint in a VPC the zone is associated with, or use --target terraform, which creates aws_route53_vpc_association_authorization and aws_route53_zone_association",
            ),
        );
    }
    if diags.is_empty() {
        Ok(())
    } else {
        Err(ErrorKind::Unsupported(diags).into())
    }
}

/// The resource a reference resolves to in CloudFormation: itself, or for a kind written as
/// an entry the resource holding the list, or for a manual kind the resource its id comes
/// from.
pub(super) fn stand_in<'g>(graph: &'g ResourceGraph, id: &'g ResourceId) -> &'g ResourceId {
    let via = match id.kind.spec().cfn_form {
        CfnForm::Resource | CfnForm::Refused { .. } => return id,
        CfnForm::Entry { parent, .. }
        | CfnForm::Property { parent, .. }
        | CfnForm::Object { parent, .. } => parent,
        CfnForm::Manual { id_from } => id_from,
    };
    match graph.resources[id].properties.get(via) {
        Some(Value::Ref(r)) => stand_in(graph, &r.target),
        _ => panic!("{id:?} has no reference in {via}"),
    }
}

fn split_stacks<'g>(graph: &'g ResourceGraph, facts: &Facts<'g>) -> Layout<'g> {
    let mut placed = Vec::new();
    let mut entries: IdMap<&ResourceId, Vec<(Slot, &Resource)>> = IdMap::default();
    for (index, resource) in graph.resources.values().enumerate() {
        let spec = resource.id.kind.spec();
        let slot = match spec.cfn_form {
            CfnForm::Resource => None,
            CfnForm::Entry { list, value, .. } => Some(Slot::List(list, value)),
            CfnForm::Property {
                property, value, ..
            } => Some(Slot::Property(property, value)),
            CfnForm::Object { list, .. } => Some(Slot::Object(list)),
            CfnForm::Manual { .. } | CfnForm::Refused { .. } => continue,
        };
        match slot {
            Some(slot) => {
                let holder = &graph.resources[facts.stand_in[index]].id;
                entries.entry(holder).or_default().push((slot, resource));
            }
            None => placed.push(index),
        }
    }
    let mut stacks: Vec<Stack<'_>> = Vec::new();
    // Until each resource has its stack: a number no stack has.
    const UNPLACED: usize = usize::MAX;
    let mut stack_of = vec![UNPLACED; graph.resources.len()];
    for part in split::split(graph, facts, &placed) {
        for &index in &part.indices {
            stack_of[index] = stacks.len();
        }
        stacks.push(Stack {
            name: part_name(&graph.network, part.placement, part.stage, part.index),
            placement: part.placement,
            stage: part.stage,
            resources: part.resources,
            indices: part.indices,
            vpcs: part.vpcs,
            parameters: IndexMap::new(),
            imports: IndexMap::new(),
            outputs: IndexMap::new(),
            after: BTreeSet::new(),
        });
    }
    // What CloudFormation writes inside another resource, or not at all, is in the stack of
    // the resource that stands for it.
    for index in 0..stack_of.len() {
        if stack_of[index] == UNPLACED {
            stack_of[index] = stack_of[facts.stand_in[index]];
        }
    }
    let mut layout = Layout {
        stacks,
        stack_of,
        resources: &graph.resources,
        entries,
    };
    // The graph's outputs, named on all cores and added in order.
    let named: Vec<(usize, String)> = graph
        .outputs
        .par_iter()
        .map(|output| (layout.stack(&output.value.target), output.logical_id()))
        .collect();
    for (output, (index, name)) in graph.outputs.iter().zip(named) {
        layout.stacks[index].outputs.insert(
            name,
            StackOutput {
                value: output.value.clone(),
                description: output.description.clone(),
            },
        );
    }
    layout
}

impl Layout<'_> {
    fn stack(&self, id: &ResourceId) -> usize {
        self.stack_of[index_of_in(self.resources, id)]
    }
}

/// The index of `id` among the graph's resources.
pub(super) fn index_of_in(resources: &IdMap<ResourceId, Resource>, id: &ResourceId) -> usize {
    resources
        .get_index_of(id)
        .unwrap_or_else(|| panic!("{id:?} is not in the graph"))
}

/// A reference as CloudFormation reads it: references to a manual kind's id become
/// references to the resource its id comes from.
pub(super) fn resolve<'a>(graph: &'a ResourceGraph, reference: &'a Reference) -> &'a Reference {
    match reference.target.kind.spec().cfn_form {
        CfnForm::Manual { .. } if reference.attr == Attr::Id => {
            resolve(graph, id_source(graph, &reference.target))
        }
        _ => reference,
    }
}

/// The reference a manual kind's id comes from.
fn id_source<'g>(graph: &'g ResourceGraph, id: &ResourceId) -> &'g Reference {
    let CfnForm::Manual { id_from } = id.kind.spec().cfn_form else {
        panic!("{id:?} is not a manual kind");
    };
    match graph.resources[id].properties.get(id_from) {
        Some(Value::Ref(r)) => r,
        _ => panic!("{id:?} has no reference in {id_from}"),
    }
}

/// The name of the Output (and of the Parameter that receives it) for a cross-stack value.
fn cross_stack_name(reference: &Reference) -> String {
    let attr = match reference.attr {
        Attr::Id => "Id",
        Attr::AllocationId => "AllocationId",
        Attr::Arn => "Arn",
        Attr::FirewallEndpoint => "EndpointId",
        Attr::CidrBlock => "CidrBlock",
        Attr::Ipv6CidrBlock => "Ipv6CidrBlock",
        Attr::PrivateScope => "PrivateScopeId",
        Attr::PublicScope => "PublicScopeId",
        Attr::DnsName => "DnsName",
        Attr::DnsZoneId => "DnsZoneId",
        Attr::TgwAttachment => "TgwAttachmentId",
    };
    format!("{}{attr}", reference.target.logical_id())
}

/// Whether CloudFormation writes the property `key` of a `kind`: a reference in a property it
/// does not write (Terraform's record of a VPC's pool) orders stacks but passes no value.
pub(super) fn written_in_cloudformation(kind: Kind, key: &str) -> bool {
    kind.property(key).is_some_and(|p| p.cfn.is_some())
}

/// Every reference to a resource in another stack becomes an Output there, and here an
/// import of its export (same account and region) or a Parameter the manifest wires to it
/// (another account or region); a `depends_on` across stacks orders the stacks.
fn wire_cross_stack_references<'g>(facts: &Facts<'g>, layout: &mut Layout<'g>) {
    // What each stack takes from which other, found for all stacks in parallel; then wired
    // in stack order, so outputs keep the order of their first consumer.
    let wants: Vec<CrossStack<'_>> = (0..layout.stacks.len())
        .into_par_iter()
        .map(|consumer| cross_stack_values(facts, layout, consumer))
        .collect();
    for (consumer, (references, after)) in wants.into_iter().enumerate() {
        for (producer, reference, name) in references {
            if let Some(command) = lookup(reference) {
                wire_lookup(layout, producer, consumer, reference, command);
                continue;
            }
            if !layout.stacks[producer].outputs.contains_key(&name) {
                let description = format!("{name} for stack {}", layout.stacks[consumer].name);
                layout.stacks[producer].outputs.insert(
                    name.clone(),
                    StackOutput {
                        value: reference.clone(),
                        description,
                    },
                );
            }
            if layout.stacks[producer].placement == layout.stacks[consumer].placement {
                layout.stacks[consumer].imports.insert(name, producer);
                continue;
            }
            layout.stacks[consumer].parameters.insert(
                name.clone(),
                Parameter {
                    from_stack: Some(producer),
                    output: name,
                    source: Source::Output,
                },
            );
        }
        layout.stacks[consumer].after.extend(after);
    }
}

/// The lookup command of a reference CloudFormation does not return ([`CfnAttr::Lookup`]).
fn lookup(reference: &Reference) -> Option<&'static str> {
    match reference.target.kind.attribute(reference.attr)?.cfn {
        CfnAttr::Lookup(command) => Some(command),
        _ => None,
    }
}

/// A value CloudFormation does not return: the producer outputs the id the lookup starts
/// from, and the consumer takes a Parameter the deployer fills in (a manual step between the
/// two, which [`manual_steps`] lists).
fn wire_lookup<'g>(
    layout: &mut Layout<'g>,
    producer: usize,
    consumer: usize,
    reference: &'g Reference,
    command: &str,
) {
    let id = reference.target.id();
    let output = cross_stack_name(&id);
    layout.stacks[producer]
        .outputs
        .entry(output.clone())
        .or_insert_with(|| StackOutput {
            value: id,
            description: format!("{output} for a lookup"),
        });
    let region = &layout.stacks[producer].placement.region;
    let command = command
        .replace("{region}", region)
        .replace("{output}", &output);
    layout.stacks[consumer].parameters.insert(
        cross_stack_name(reference),
        Parameter {
            from_stack: Some(producer),
            output,
            source: Source::Lookup(command, &reference.target),
        },
    );
}

/// Every secret of a stack's resources becomes a `NoEcho` Parameter of it. Finding them walks
/// every property, on all cores.
fn add_secret_parameters(layout: &mut Layout<'_>) {
    let found: Vec<Vec<&crate::graph::Secret>> = layout
        .stacks
        .par_iter()
        .map(|stack| stack.resources.iter().flat_map(|r| r.secrets()).collect())
        .collect();
    for (stack, secrets) in layout.stacks.iter_mut().zip(found) {
        for secret in secrets {
            stack.parameters.insert(
                secret.logical_id(),
                Parameter {
                    from_stack: None,
                    output: String::new(),
                    source: Source::Secret(secret),
                },
            );
        }
    }
}

/// The values a stack takes from other stacks (with the stack each comes from and the name
/// of its Output), and the stacks it must follow without taking a value from them.
type CrossStack<'g> = (Vec<(usize, &'g Reference, String)>, BTreeSet<usize>);

fn cross_stack_values<'g>(
    facts: &Facts<'g>,
    layout: &Layout<'g>,
    consumer: usize,
) -> CrossStack<'g> {
    let mut references = Vec::new();
    let mut after = BTreeSet::new();
    for &index in &layout.stacks[consumer].indices {
        for link in facts.written(index) {
            let producer = layout.stack_of[link.target];
            // A lookup is a Parameter even in the producer's own stack, where the manual
            // step it needs is refused (check_manual_steps).
            if producer != consumer || lookup(link.reference).is_some() {
                references.push((producer, link.reference, cross_stack_name(link.reference)));
            }
        }
        // A property CloudFormation does not spell (Terraform's record of a VPC's pool)
        // orders the stacks but passes no value.
        let unspelled = facts
            .links(index)
            .iter()
            .filter(|link| !link.spelled)
            .map(|link| link.written_target);
        for target in unspelled.chain(facts.depends_on[index].iter().copied()) {
            let producer = layout.stack_of[target];
            if producer != consumer {
                after.insert(producer);
            }
        }
    }
    (references, after)
}

/// The steps CloudFormation cannot take (accepting a Transit Gateway peering): each after
/// the stack that creates what it acts on, before the stacks that use its result.
fn manual_steps(graph: &ResourceGraph, layout: &mut Layout<'_>) -> Vec<ManualStep> {
    let mut steps = Vec::new();
    for resource in graph.resources.values() {
        let CfnForm::Manual { .. } = resource.id.kind.spec().cfn_form else {
            continue;
        };
        let target = resolve(graph, id_source(graph, &resource.id)).clone();
        let after = layout.stack(&target.target);
        let mut before = BTreeSet::new();
        for (index, stack) in layout.stacks.iter().enumerate() {
            let uses = stack.resources.iter().any(|r| {
                r.depends_on.contains(&resource.id)
                    || r.references().iter().any(|x| x.target == resource.id)
            });
            if uses {
                before.insert(index);
            }
        }
        let output = cross_stack_name(&target);
        // The step reads the id from this output, whether or not another stack takes it.
        layout.stacks[after]
            .outputs
            .entry(output.clone())
            .or_insert_with(|| StackOutput {
                value: target.clone(),
                description: format!("{output} for a manual step"),
            });
        let description = resource
            .id
            .kind
            .manual_step()
            .unwrap_or_else(|| panic!("{:?} has no manual step", resource.id.kind))
            .replace("{target}", target.target.logical_id())
            .replace("{output}", &output)
            .replace("{stack}", &layout.stacks[after].name)
            .replace("{region}", &resource.placement.region);
        steps.push(ManualStep {
            description,
            origin: resource.origin.clone(),
            account: resource.placement.account.clone(),
            region: resource.placement.region.clone(),
            after,
            before,
        });
    }
    // The lookups: after the stack that outputs the id, before the stack that takes the value.
    for (consumer, stack) in layout.stacks.iter().enumerate() {
        for (name, parameter) in &stack.parameters {
            let (Source::Lookup(command, target), Some(after)) =
                (&parameter.source, parameter.from_stack)
            else {
                continue;
            };
            let resource = &graph.resources[*target];
            steps.push(ManualStep {
                description: format!(
                    "look up parameter {name} of stack {}, starting from {} (output {} of stack {}): {command}",
                    stack.name,
                    target.logical_id(),
                    parameter.output,
                    layout.stacks[after].name
                ),
                origin: resource.origin.clone(),
                account: resource.placement.account.clone(),
                region: resource.placement.region.clone(),
                after,
                before: BTreeSet::from([consumer]),
            });
        }
    }
    steps
}

/// A manual step that the stack creating what it acts on must also wait for cannot be
/// placed: CloudFormation does not pause inside a stack (a Cloud WAN attachment that needs an
/// acceptance, with the VPC's routes to the core network in the same stack).
fn check_manual_steps(layout: &Layout<'_>, steps: &[ManualStep]) -> Result<(), Error> {
    let mut diags = Diagnostics::new();
    for step in steps {
        if step.before.contains(&step.after) {
            diags.push(
                Diagnostic::error(
                    Code::CfnManualStep,
                    step.origin.clone(),
                    format!(
                        "stack {} would have to wait in the middle for a manual step: {}",
                        layout.stacks[step.after].name, step.description
                    ),
                )
                .with_help("let the attachment be accepted without a step (require-attachment-acceptance false on its segment or group), or use the terraform target, which accepts it"),
            );
        }
    }
    if diags.is_empty() {
        Ok(())
    } else {
        Err(ErrorKind::Unsupported(diags).into())
    }
}

/// Stacks in an order where every stack comes after those it takes parameters and imports
/// from (or must follow), and after the manual steps it waits for; ties keep the stacks' own
/// order.
fn deploy_order(stacks: &[Stack<'_>], steps: &[ManualStep]) -> Result<Vec<usize>, Error> {
    let producers = stacks
        .iter()
        .enumerate()
        .map(|(consumer, stack)| {
            let mut producers: BTreeSet<usize> = stack
                .parameters
                .values()
                .filter_map(|p| p.from_stack)
                .collect();
            producers.extend(stack.imports.values());
            producers.extend(&stack.after);
            for step in steps.iter().filter(|s| s.before.contains(&consumer)) {
                producers.insert(step.after);
            }
            producers
        })
        .collect();
    crate::order::deploy_order(producers, |i| stacks[i].name.clone())
}

/// A stack's template text. Resources are serialized one at a time as the text is written,
/// never held as one tree: the template's tree was as large as its text, built and dropped.
fn template_text(graph: &ResourceGraph, layout: &Layout<'_>, here: usize) -> String {
    let stack = &layout.stacks[here];
    let context = Context {
        graph,
        layout,
        stack,
        here,
    };
    let template = Template {
        head: template_head(graph, layout, stack),
        resources: Resources { context: &context },
        outputs: template_outputs(&context),
    };
    serde_json::to_string_pretty(&template).expect("templates serialize") + "\n"
}

/// A template in CloudFormation's order: its head (version, description, parameters), its
/// resources, its outputs.
struct Template<'c, 'a, 'g> {
    head: Map<String, Json>,
    resources: Resources<'c, 'a, 'g>,
    outputs: Option<Json>,
}

impl Serialize for Template<'_, '_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for (key, value) in &self.head {
            map.serialize_entry(key, value)?;
        }
        map.serialize_entry("Resources", &self.resources)?;
        if let Some(outputs) = &self.outputs {
            map.serialize_entry("Outputs", outputs)?;
        }
        map.end()
    }
}

/// A stack's resources, each built as JSON when it is written.
struct Resources<'c, 'a, 'g> {
    context: &'c Context<'a, 'g>,
}

impl Serialize for Resources<'_, '_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let resources = &self.context.stack.resources;
        let mut map = serializer.serialize_map(Some(resources.len()))?;
        for resource in resources {
            map.serialize_entry(&resource.id.logical_id(), &self.context.resource(resource))?;
        }
        map.end()
    }
}

/// The version, the description and the parameters of a template.
fn template_head(
    graph: &ResourceGraph,
    layout: &Layout<'_>,
    stack: &Stack<'_>,
) -> Map<String, Json> {
    let stacks = &layout.stacks;
    let account = &graph.accounts[&stack.placement.account];
    let mut template = Map::new();
    template.insert("AWSTemplateFormatVersion".into(), json!("2010-09-09"));
    let stage = match stack.stage {
        Stage::Base => "",
        Stage::Routing => " (hub routing)",
    };
    template.insert(
        "Description".into(),
        json!(format!(
            "netform network {}: account {} ({}), region {}{stage}",
            graph.network, stack.placement.account, account.id, stack.placement.region
        )),
    );
    if !stack.parameters.is_empty() {
        let parameters: Map<String, Json> = stack
            .parameters
            .iter()
            .map(|(name, p)| {
                let from = p.from_stack.map(|i| stacks[i].name.as_str()).unwrap_or_default();
                let parameter = match &p.source {
                    Source::Output => json!({
                        "Type": "String",
                        "Description": format!("Output {} of stack {from} (wired by manifest.json)", p.output),
                    }),
                    Source::Lookup(..) => json!({
                        "Type": "String",
                        "Description": format!("Looked up after stack {from} (the manual step in manifest.json)"),
                    }),
                    Source::Secret(secret) => json!({
                        "Type": "String",
                        "NoEcho": true,
                        "Description": secret.description,
                        "AllowedPattern": secret.pattern,
                    }),
                };
                (name.clone(), parameter)
            })
            .collect();
        template.insert("Parameters".into(), Json::Object(parameters));
    }
    template
}

/// A template's outputs, each exported.
fn template_outputs(context: &Context<'_, '_>) -> Option<Json> {
    let stack = context.stack;
    if stack.outputs.is_empty() {
        return None;
    }
    let outputs: Map<String, Json> = stack
        .outputs
        .iter()
        .map(|(name, output)| {
            let export = export_name(&stack.name, name);
            (
                name.clone(),
                json!({
                    "Description": output.description,
                    "Value": serde_json::to_value(context.reference(&output.value)).expect("a reference is JSON"),
                    "Export": {"Name": export},
                }),
            )
        })
        .collect();
    Some(Json::Object(outputs))
}

/// What rendering one stack's resources needs.
struct Context<'a, 'g> {
    graph: &'g ResourceGraph,
    layout: &'a Layout<'g>,
    stack: &'a Stack<'g>,
    /// The stack's index in the layout.
    here: usize,
}

impl<'g> Context<'_, 'g> {
    fn resource(&self, resource: &'g Resource) -> Node<'g> {
        let kind = resource.id.kind;
        let mut out = Object::default();
        out.insert("Type", Node::str(kind.spec().cfn_type));
        let here = self.here;
        let mut depends_on: Vec<&'g str> = Vec::new();
        // A dependency a `Ref` or `GetAtt` already makes is left out (cfn-lint W3005); a
        // reference in a property CloudFormation does not write makes none.
        let referenced: Vec<&ResourceId> = resource
            .references_where(|key| written_in_cloudformation(kind, key))
            .into_iter()
            .map(|r| stand_in(self.graph, &resolve(self.graph, r).target))
            .collect();
        // A reference the text spells through another resource (a VPC's IPv6 block, read
        // from the VPC) still needs its target first.
        let spelled_elsewhere: Vec<&ResourceId> = resource
            .references()
            .into_iter()
            .filter(|r| {
                r.target
                    .kind
                    .attribute(r.attr)
                    .is_some_and(|a| matches!(a.cfn, CfnAttr::FirstOfVpc(_)))
            })
            .map(|r| &r.target)
            .collect();
        for d in resource
            .depends_on
            .iter()
            .chain(spelled_elsewhere.iter().copied())
        {
            let standing = stand_in(self.graph, d);
            if self.layout.stack(standing) == here
                && (spelled_elsewhere.contains(&standing) || !referenced.contains(&standing))
            {
                let id = standing.logical_id();
                if !depends_on.contains(&id) {
                    depends_on.push(id);
                }
            }
        }
        if !depends_on.is_empty() {
            let names = depends_on.into_iter().map(Node::str);
            out.insert("DependsOn", Node::List(names.collect()));
        }
        let mut properties = Object::default();
        for (key, value) in &resource.properties {
            let spec = kind
                .property(key)
                .unwrap_or_else(|| panic!("{key} is not in the table for {kind:?}"));
            if let Some(name) = spec.cfn {
                insert_path(&mut properties, name, self.value(value));
            }
        }
        for (slot, entry) in self.layout.entries.get(&resource.id).into_iter().flatten() {
            let (list, entry) = match *slot {
                Slot::Property(name, value) => {
                    properties.insert(name, self.value(&entry.properties[value]));
                    continue;
                }
                Slot::List(list, value) => (list, self.value(&entry.properties[value])),
                Slot::Object(list) => (list, self.object(entry)),
            };
            match properties.entry(list, || Node::List(Vec::new())) {
                Node::List(items) => items.push(entry),
                _ => panic!("{list} of {kind:?} is not a list"),
            }
        }
        if !resource.tags.is_empty() {
            properties.insert(kind.spec().cfn_tags, tag_list(&resource.tags));
        }
        if !properties.is_empty() {
            out.insert("Properties", Node::Object(properties));
        }
        Node::Object(out)
    }

    fn value(&self, value: &'g Value) -> Node<'g> {
        match value {
            Value::String(s) => Node::str(s),
            Value::Bool(b) => Node::Bool(*b),
            Value::Int(i) => Node::Int(*i),
            Value::List(items) => Node::List(items.iter().map(|v| self.value(v)).collect()),
            Value::Struct(fields) => {
                let mut object = Object::default();
                for (key, value) in fields {
                    let name = crate::kinds::field(key)
                        .and_then(|f| f.cfn)
                        .unwrap_or_else(|| panic!("field {key} is not in kinds::FIELDS"));
                    insert_path(&mut object, name, self.value(value));
                }
                Node::Object(object)
            }
            Value::Keyed { entries, .. } => {
                let mut object = Object::default();
                for (name, value) in entries {
                    object.insert(name.as_str(), self.value(value));
                }
                Node::Object(object)
            }
            Value::Concat(parts) => {
                let parts = parts.iter().map(|v| self.value(v)).collect();
                Node::call(
                    "Fn::Join",
                    Node::List(vec![Node::str(""), Node::List(parts)]),
                )
            }
            Value::Ref(r) => self.reference(r),
            Value::Secret(secret) => Node::call("Ref", Node::Str(secret.logical_id().into())),
            Value::Document(document) => Node::Json(document),
            Value::Name(name) => Node::str(name),
            Value::TagMap(tags) => tag_list(tags),
            Value::CidrSubnet {
                block,
                index,
                prefix,
                width,
                ..
            } => cidr_select(self.reference(block), *index, width - prefix),
        }
    }

    /// A kind written as an object in another resource's list: its properties that
    /// CloudFormation has, by their CloudFormation names.
    fn object(&self, resource: &'g Resource) -> Node<'g> {
        let kind = resource.id.kind;
        let mut object = Object::default();
        for (key, value) in &resource.properties {
            let spec = kind
                .property(key)
                .unwrap_or_else(|| panic!("{key} is not in the table for {kind:?}"));
            if let Some(name) = spec.cfn {
                insert_path(&mut object, name, self.value(value));
            }
        }
        Node::Object(object)
    }

    fn reference(&self, reference: &'g Reference) -> Node<'g> {
        let reference = resolve(self.graph, reference);
        let producer = self.layout.stack(&reference.target);
        if producer != self.here {
            let name = cross_stack_name(reference);
            if self.stack.imports.contains_key(&name) {
                let export = export_name(&self.layout.stacks[producer].name, &name);
                return Node::call("Fn::ImportValue", Node::Str(export.into()));
            }
            return Node::call("Ref", Node::Str(name.into()));
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
            CfnAttr::Ref => Node::call("Ref", Node::Str(target.into())),
            CfnAttr::GetAtt(name) => get_att(target, name),
            CfnAttr::SingleEndpoint => {
                let first = select(0, get_att(target, "EndpointIds"));
                let split = Node::call("Fn::Split", Node::List(vec![Node::str(":"), first]));
                select(1, split)
            }
            CfnAttr::Sub(text) => {
                let text = text.replace("${}", &format!("${{{target}}}"));
                Node::call("Fn::Sub", Node::Str(text.into()))
            }
            CfnAttr::FirstOfVpc(name) => {
                let vpc = ResourceId::new(Kind::Vpc, reference.target.name.clone());
                select(0, get_att(vpc.logical_id().to_string(), name))
            }
            CfnAttr::Lookup(_) => Node::call("Ref", Node::Str(cross_stack_name(reference).into())),
            CfnAttr::DnsEntry(part) => {
                let first = select(0, get_att(target, "DnsEntries"));
                let split = Node::call("Fn::Split", Node::List(vec![Node::str(":"), first]));
                select(part, split)
            }
        }
    }
}

/// `{"Fn::GetAtt": [target, attribute]}`.
fn get_att<'a>(target: impl Into<Cow<'a, str>>, attribute: &'a str) -> Node<'a> {
    let arguments = vec![Node::Str(target.into()), Node::str(attribute)];
    Node::call("Fn::GetAtt", Node::List(arguments))
}

/// `{"Fn::Select": [index, list]}`.
fn select(index: u64, list: Node<'_>) -> Node<'_> {
    Node::call(
        "Fn::Select",
        Node::List(vec![Node::Int(index as i64), list]),
    )
}

/// Tags as CloudFormation lists them: `[{"Key": k, "Value": v}, ...]`.
fn tag_list(tags: &IndexMap<String, String>) -> Node<'_> {
    let tags = tags.iter().map(|(key, value)| {
        let mut tag = Object::default();
        tag.insert("Key", Node::str(key));
        tag.insert("Value", Node::str(value));
        Node::Object(tag)
    });
    Node::List(tags.collect())
}

/// The `index`-th block with `host_bits` host bits inside `block`: `Fn::Select` over
/// `Fn::Cidr`, whose count is "between 1 and 256" (CloudFormation User Guide, `Fn::Cidr`).
/// A larger index first selects its 256-block group one level up, then the block within.
fn cidr_select(block: Node<'_>, index: u64, host_bits: u8) -> Node<'_> {
    let (group, within) = (index / 256, index % 256);
    let block = if group == 0 {
        block
    } else {
        cidr_select(block, group, host_bits + 8)
    };
    let cidr = vec![
        block,
        Node::Int(within as i64 + 1),
        Node::Int(i64::from(host_bits)),
    ];
    select(within, Node::call("Fn::Cidr", Node::List(cidr)))
}

/// Sets a dotted CloudFormation property path (`Options.DnsSupport`), making the objects on
/// the way.
fn insert_path<'g>(object: &mut Object<'g>, path: &'static str, value: Node<'g>) {
    match path.split_once('.') {
        None => object.insert(path, value),
        Some((head, rest)) => match object.entry(head, || Node::Object(Object::default())) {
            Node::Object(inner) => insert_path(inner, rest, value),
            _ => panic!("{head} is not an object"),
        },
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
                    "netform packs each VPC with its subnets, routes and attachment into one stack, so one VPC (or what belongs to no single VPC in an account and region) is over the quota: split it into more VPCs, accounts or regions, or use the terraform target",
                ),
            );
        }
    }
}

fn manifest(
    graph: &ResourceGraph,
    stacks: &[Stack<'_>],
    steps: &[ManualStep],
    order: &[usize],
) -> String {
    let stack_entries: Vec<Json> = stacks
        .iter()
        .map(|stack| {
            let parameters: Vec<Json> = stack
                .parameters
                .iter()
                .map(|(name, p)| {
                    let from = p.from_stack.map(|i| stacks[i].name.as_str());
                    match &p.source {
                        Source::Output => {
                            json!({"parameter": name, "from_stack": from, "output": p.output})
                        }
                        Source::Lookup(command, _) => json!({
                            "parameter": name, "after_stack": from, "output": p.output, "lookup": command,
                        }),
                        Source::Secret(secret) => json!({
                            "parameter": name, "secret": true, "description": secret.description,
                        }),
                    }
                })
                .collect();
            let mut entry = json!({
                "name": stack.name,
                "template": format!("{}.template.json", stack.name),
                "account": stack.placement.account,
                "account_id": graph.accounts[&stack.placement.account].id,
                "region": stack.placement.region,
                "resources": stack.resources.len(),
                "parameters": parameters,
            });
            if !stack.imports.is_empty() {
                let imports: Vec<Json> = stack
                    .imports
                    .iter()
                    .map(|(name, &from)| {
                        json!({"export": export_name(&stacks[from].name, name), "from_stack": stacks[from].name})
                    })
                    .collect();
                entry["imports"] = Json::Array(imports);
            }
            if !stack.vpcs.is_empty() {
                entry["vpcs"] = json!(stack.vpcs);
            }
            entry
        })
        .collect();
    let order: Vec<&str> = order.iter().map(|&i| stacks[i].name.as_str()).collect();
    let mut manifest = json!({
        "network": graph.network,
        "generator": "netform",
        "stacks": stack_entries,
        "deploy_order": order,
    });
    if !steps.is_empty() {
        let steps: Vec<Json> = steps
            .iter()
            .map(|step| {
                let before: Vec<&str> = step
                    .before
                    .iter()
                    .map(|&i| stacks[i].name.as_str())
                    .collect();
                json!({
                    "step": step.description,
                    "account": step.account,
                    "account_id": graph.accounts[&step.account].id,
                    "region": step.region,
                    "after_stack": stacks[step.after].name,
                    "before_stacks": before,
                })
            })
            .collect();
        manifest["manual_steps"] = Json::Array(steps);
    }
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
        let mut resources = crate::graph::IdMap::default();
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

    /// Resources of one VPC stay in one stack, so a VPC of more than 500 is over the quota.
    #[test]
    fn a_vpc_over_500_resources_is_a_quota_diagnostic() {
        let mut graph = two_stacks();
        let vpc = ResourceId::new(Kind::Vpc, ["hub"]);
        for i in 0..500 {
            let id = ResourceId::new(Kind::RouteTable, ["hub".to_string(), format!("t{i}")]);
            graph.resources.insert(
                id.clone(),
                resource(
                    &id,
                    placement("a", "us-east-1"),
                    &[("vpc_id", vpc.id().into())],
                ),
            );
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
