//! Both targets emit the same network: the same resources and the same references between
//! them (cross-stack ones included), read back from the rendered files, not from the graph.
//! The graph only names things (logical ids, Terraform labels) and says which neutral
//! property of an entry or manual kind points at its CloudFormation stand-in.
//!
//! CloudFormation cannot write every kind as a resource ([`CfnForm`]):
//! - an `Entry` kind (a RAM principal or resource association) is one value of a list of
//!   another resource (the share's `Principals` / `ResourceArns`): it counts as present when
//!   that list holds exactly its value, and the list holds nothing else;
//! - a `Property` kind (a core network policy attachment) is one property of another resource
//!   (the core network's `PolicyDocument`): it counts as present when that property equals its
//!   value (a document: the same JSON; a reference: the same target and attribute);
//! - a `Manual` kind (a peering accepter) is in no template: it counts as present when
//!   `manifest.json` lists its manual step, in its account and region, after the stack of
//!   the attachment it accepts and before every stack that uses it;
//! - an `Object` kind (a security group rule, a DNS Firewall rule) is one object of a list of
//!   another resource (the group's `SecurityGroupIngress`, `FirewallRules`) where Terraform
//!   has a resource: the objects of each list are exactly the Terraform resources whose
//!   `parent` argument names that resource, each with the same values under the
//!   CloudFormation names of the kinds table (references compared by what they resolve to);
//! - a `Refused` kind (a cross-account hosted zone association and its authorization) cannot
//!   be rendered at all: the CloudFormation render of such a network fails with NF0503 at
//!   the origin of each refused resource, while Terraform renders it; the same network
//!   without those associations renders in both and the same, and its Terraform output is the
//!   full one minus the refused resources and the zone's `lifecycle { ignore_changes = [vpc]
//!   }` (a [`Value::Name`], the one value that is a bare name).
//!
//! Tags are compared too: CloudFormation's list in the kind's tags property (`Tags`, or a
//! hosted zone's `HostedZoneTags`, where `Tags` would be refused) against Terraform's `tags`.
//!
//! So references are compared after mapping both sides onto CloudFormation's stand-ins (the
//! mapping is the identity on everything CloudFormation writes as a resource):
//! - an edge *from* an entry, property or manual kind is an edge from its stand-in: the
//!   resource its `parent` (entry, property) or `id_from` (manual) property refers to;
//! - an edge *to* a manual kind's `Id` is an edge to what its `id_from` refers to (the
//!   accepter's id is the requester attachment's id); a dependency on an entry or manual
//!   kind is a dependency on its stand-in;
//! - an edge that maps onto its own source is dropped: the share's entries refer back to the
//!   share (CloudFormation says that by nesting), the policy attachment refers to its core
//!   network (CloudFormation says that by nesting too), and the accepter refers to the
//!   attachment it accepts (CloudFormation says that with the manual step's `after_stack`);
//! - a bare dependency between two resources that also have a reference between them says
//!   nothing more, and is dropped (CloudFormation leaves such a `DependsOn` out, cfn-lint W3005;
//!   Terraform keeps an attachment's `depends_on` on the policy, which maps onto the core
//!   network its `core_network_id` already refers to).
//!
//! CloudFormation reads an ARN it does not return as
//! `{"Fn::Sub": "arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:vpc/${LogicalId}"}`
//! ([`CfnAttr::Sub`]): a reference to the attribute whose text that is, of `LogicalId`.
//!
//! A dependency between resources of different CloudFormation stacks cannot be a
//! `DependsOn`: it is checked as the deploy order of `manifest.json` instead, and left out of
//! the comparison on both sides.
//!
//! A reference that only Terraform spells (held by a property of a resource kind with no
//! CloudFormation name: a VPC's `recorded_in_pool`, Terraform's `ipv4_ipam_pool_id` beside a
//! planned `cidr_block`, which `AWS::EC2::VPC` refuses beside `CidrBlock`) is, in
//! CloudFormation, an ordering only: it is compared as a bare dependency ([`tf_only_references`]).
//! The graph says which neutral property an argument renders, since both `recorded_in_pool` and
//! `ipv4_ipam_pool_id` render as `ipv4_ipam_pool_id`.
//!
//! CloudFormation reads a VPC's IPv6 block from the VPC (`Fn::Select [0, Fn::GetAtt [Vpc,
//! Ipv6CidrBlocks]]`, [`CfnAttr::FirstOfVpc`]) with a `DependsOn` on the block: a reference to
//! the block's [`Attr::Ipv6CidrBlock`], as Terraform's `ipv6_cidr_block` of the association. A
//! subnet's block inside it (`Fn::Select [i, Fn::Cidr [BLOCK, n, bits]]`, Terraform's
//! `cidrsubnet(BLOCK, newbits, i)`) is a reference to the block.

use crate::schema::dns_every_form;
use crate::support::{
    blueprint, cloudwan_with_acceptance, graph, hub_with_every_rule_form, multi_account, render,
    tf_dns_entry, tf_single_endpoint, variants,
};
use crate::wiring::cross_account_zone;
use netform::backends::kinds::{CfnAttr, CfnForm, Stage, TfAttr};
use netform::backends::{
    Attr, ErrorKind, Kind, OutputFile, ResourceGraph, ResourceId, Target, Value,
};
use netform::dsl::{Code, Network};
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
        assert!(by_logical
            .insert(id.logical_id().to_string(), id.clone())
            .is_none());
        let label = (
            id.kind.spec().tf_type.to_string(),
            id.tf_label().to_string(),
        );
        assert!(by_label.insert(label, id.clone()).is_none());
    }
    Ids {
        by_logical,
        by_label,
    }
}

// ------------------------------------------------------------------ stand-ins (CfnForm)

/// The reference held by property `key` of `id`, which must be one.
fn property_reference(graph: &ResourceGraph, id: &ResourceId, key: &str) -> (ResourceId, Attr) {
    match graph.resources[id].properties.get(key) {
        Some(Value::Ref(r)) => (r.target.clone(), r.attr),
        other => panic!("{id:?}: {key} is not a reference but {other:?}"),
    }
}

/// The resource CloudFormation writes in place of `id`: itself, or for an entry or object
/// kind the resource holding the list, or for a manual kind the resource its id comes from.
fn stand_in(graph: &ResourceGraph, id: &ResourceId) -> ResourceId {
    match id.kind.spec().cfn_form {
        CfnForm::Resource => id.clone(),
        CfnForm::Entry { parent: via, .. }
        | CfnForm::Property { parent: via, .. }
        | CfnForm::Object { parent: via, .. }
        | CfnForm::Manual { id_from: via } => {
            stand_in(graph, &property_reference(graph, id, via).0)
        }
        CfnForm::Refused { .. } => panic!(
            "{id:?} is refused by CloudFormation: a network with it renders in Terraform only"
        ),
    }
}

/// What a reference to `attr` of `to` is in CloudFormation.
fn stand_in_target(
    graph: &ResourceGraph,
    to: &ResourceId,
    attr: Option<Attr>,
) -> (ResourceId, Option<Attr>) {
    match (to.kind.spec().cfn_form, attr) {
        (CfnForm::Resource, _) => (to.clone(), attr),
        (CfnForm::Manual { id_from }, Some(Attr::Id)) => {
            let (target, attr) = property_reference(graph, to, id_from);
            stand_in_target(graph, &target, Some(attr))
        }
        (_, None) => (stand_in(graph, to), None),
        (form, Some(attr)) => {
            panic!("{to:?} ({form:?}) is referred to by {attr:?}, which CloudFormation cannot say")
        }
    }
}

/// An edge on CloudFormation's stand-ins; `None` if it maps onto its own source.
fn map_edge(graph: &ResourceGraph, (from, to, attr): &Edge) -> Option<Edge> {
    let from = stand_in(graph, from);
    let (to, attr) = stand_in_target(graph, to, *attr);
    (from != to).then_some((from, to, attr))
}

// ------------------------------------------------------------------ CloudFormation

/// What the CloudFormation files say.
struct Cfn {
    /// Resources of the templates, plus the entry and manual kinds found where they belong.
    resources: BTreeSet<ResourceId>,
    /// References and `DependsOn`s of the templates.
    edges: BTreeSet<Edge>,
    /// The stack of every resource of a template.
    stack_of: BTreeMap<ResourceId, String>,
    /// `manifest.json`'s deploy order.
    deploy_order: Vec<String>,
    /// `manifest.json`'s manual steps (checked to be one per manual resource).
    manual_steps: Vec<Json>,
    /// The objects of each (holder, list) that object kinds go to, each with its references
    /// resolved ([`normal_cfn`]).
    objects: BTreeMap<(ResourceId, String), Vec<Json>>,
    /// The tags of every resource of a template, from its kind's tags property.
    tags: BTreeMap<ResourceId, Vec<(String, String)>>,
    /// The secret Parameters each resource refers to.
    secrets: BTreeSet<(ResourceId, String)>,
}

/// A reference as both sides' objects hold it once resolved: the logical id of the resource
/// and the attribute.
fn normal_ref(target: &ResourceId, attr: Attr) -> Json {
    serde_json::json!({"ref": [target.logical_id(), format!("{attr:?}")]})
}

/// A CloudFormation value with every reference replaced by [`normal_ref`] of what it resolves
/// to (through the manifest's wiring for a parameter).
fn normal_cfn(
    ids: &Ids,
    manifest: &Json,
    templates: &BTreeMap<String, Json>,
    stack: &str,
    value: &Json,
) -> Json {
    let mut found = Vec::new();
    walk(value, &mut found);
    if found.len() == 1 && &found[0] == value {
        let (target, attr) = resolve(ids, manifest, templates, stack, value)
            .unwrap_or_else(|| panic!("{stack}: unresolvable {value}"));
        return normal_ref(&target, attr);
    }
    match value {
        Json::Object(map) => Json::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), normal_cfn(ids, manifest, templates, stack, v)))
                .collect(),
        ),
        Json::Array(items) => Json::Array(
            items
                .iter()
                .map(|v| normal_cfn(ids, manifest, templates, stack, v))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The `Key`/`Value` pairs of a CloudFormation tags list.
fn cfn_tags(logical: &str, list: &Json) -> Vec<(String, String)> {
    list.as_array()
        .unwrap_or_else(|| panic!("{logical}: tags are not a list: {list}"))
        .iter()
        .map(|tag| {
            let text = |key: &str| {
                tag[key]
                    .as_str()
                    .unwrap_or_else(|| panic!("{logical}: a tag without {key}: {tag}"))
                    .to_string()
            };
            (text("Key"), text("Value"))
        })
        .collect()
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

/// `(PART, X, NAME)` of `{"Fn::Select": [PART, {"Fn::Split": [":", {"Fn::Select": [0,
/// {"Fn::GetAtt": [X, NAME]}]}]}]}`: a part of the first `"a:b"` item of a list attribute.
fn split_first(value: &Json) -> Option<(u64, &str, &str)> {
    let outer = value.as_object()?;
    if outer.len() != 1 {
        return None;
    }
    let [part, split] = outer.get("Fn::Select")?.as_array()?.as_slice() else {
        return None;
    };
    let [colon, inner] = split.get("Fn::Split")?.as_array()?.as_slice() else {
        return None;
    };
    let [zero, getatt] = inner.get("Fn::Select")?.as_array()?.as_slice() else {
        return None;
    };
    let [target, name] = getatt.get("Fn::GetAtt")?.as_array()?.as_slice() else {
        return None;
    };
    if colon != ":" || zero != 0 {
        return None;
    }
    Some((part.as_u64()?, target.as_str()?, name.as_str()?))
}

/// The logical id in the [`CfnAttr::SingleEndpoint`] form: part 1 of `EndpointIds`.
fn single_endpoint(value: &Json) -> Option<&str> {
    match split_first(value)? {
        (1, target, "EndpointIds") => Some(target),
        _ => None,
    }
}

/// The logical id and part in the [`CfnAttr::DnsEntry`] form: a part of `DnsEntries`.
fn dns_entry(value: &Json) -> Option<(&str, u64)> {
    match split_first(value)? {
        (part, target, "DnsEntries") => Some((target, part)),
        _ => None,
    }
}

/// The name of the secret Parameter `{"Ref": NAME}` refers to in `stack`, if it is one.
fn secret_parameter(manifest: &Json, stack: &str, value: &Json) -> Option<String> {
    let name = value.get("Ref")?.as_str()?;
    manifest["stacks"]
        .as_array()?
        .iter()
        .find(|s| s["name"] == stack)?["parameters"]
        .as_array()?
        .iter()
        .any(|p| p["parameter"] == name && p["secret"] == true)
        .then(|| name.to_string())
}

/// The intrinsic functions netform writes; any other would hide references from this test.
const INTRINSICS: &[&str] = &[
    "Ref",
    "Fn::GetAtt",
    "Fn::Join",
    "Fn::Select",
    "Fn::Split",
    "Fn::Sub",
    "Fn::Cidr",
    "Fn::ImportValue",
];

/// The resource and attribute of `{"Fn::Select": [0, {"Fn::GetAtt": ["<names>Vpc", NAME]}]}`
/// when NAME is the [`CfnAttr::FirstOfVpc`] of an attribute of a kind and the resource of that
/// kind with the VPC's names exists: the VPC's IPv6 block, read from the VPC.
fn first_of_vpc(ids: &Ids, value: &Json) -> Option<(ResourceId, Attr)> {
    let outer = value.as_object()?;
    if outer.len() != 1 {
        return None;
    }
    let [zero, getatt] = outer.get("Fn::Select")?.as_array()?.as_slice() else {
        return None;
    };
    let [vpc, name] = getatt.get("Fn::GetAtt")?.as_array()?.as_slice() else {
        return None;
    };
    if zero != 0 {
        return None;
    }
    let vpc = ids.by_logical.get(vpc.as_str()?)?;
    if vpc.kind != Kind::Vpc {
        return None;
    }
    let name = name.as_str()?;
    Kind::ALL.iter().find_map(|&kind| {
        let attr = kind
            .spec()
            .attributes
            .iter()
            .find(|a| matches!(a.cfn, CfnAttr::FirstOfVpc(n) if n == name))?;
        let target = ResourceId::new(kind, vpc.name.clone());
        ids.by_logical
            .contains_key(target.logical_id())
            .then_some((target, attr.attr))
    })
}

/// The logical id and the attribute of an `{"Fn::Sub": TEXT}` that is exactly the
/// [`CfnAttr::Sub`] text of an attribute of that logical id's kind, with `${}` standing for
/// the logical id; `None` for any other value.
fn sub_reference(ids: &Ids, value: &Json) -> Option<(ResourceId, Attr)> {
    let text = value.get("Fn::Sub")?.as_str()?;
    // The one `${...}` that is not a pseudo parameter names the resource.
    let mut names = text
        .split("${")
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .filter(|name| !name.starts_with("AWS::"));
    let (Some(logical), None) = (names.next(), names.next()) else {
        return None;
    };
    let target = ids.by_logical.get(logical)?;
    let attr = target.kind.spec().attributes.iter().find(|a| match a.cfn {
        CfnAttr::Sub(pattern) => pattern.replace("${}", &format!("${{{logical}}}")) == text,
        _ => false,
    })?;
    Some((target.clone(), attr.attr))
}

/// Whether a value has the form of [`first_of_vpc`] (whatever it names).
fn is_first_of_vpc(value: &Json) -> bool {
    value
        .get("Fn::Select")
        .and_then(Json::as_array)
        .is_some_and(|args| {
            matches!(args.as_slice(), [zero, getatt] if zero == 0 && getatt.get("Fn::GetAtt").is_some())
        })
}

/// Every reference (`Ref`, `Fn::GetAtt`, single endpoint, `Fn::Sub`, the first of a VPC's
/// list) in a template value, at any depth: in lists, nested objects, `Fn::Join`,
/// `Fn::Select` and `Fn::Cidr`.
fn walk(value: &Json, found: &mut Vec<Json>) {
    match value {
        Json::Object(map) => {
            if let Some(f) = map.keys().find(|k| k.starts_with("Fn::") || *k == "Ref") {
                assert!(INTRINSICS.contains(&f.as_str()), "unexpected intrinsic {f}");
            }
            if map.contains_key("Ref")
                || map.contains_key("Fn::ImportValue")
                || map.contains_key("Fn::GetAtt")
                || map.contains_key("Fn::Sub")
                || single_endpoint(value).is_some()
                || dns_entry(value).is_some()
                || is_first_of_vpc(value)
            {
                found.push(value.clone());
            } else {
                map.values().for_each(|v| walk(v, found))
            }
        }
        Json::Array(items) => items.iter().for_each(|v| walk(v, found)),
        _ => {}
    }
}

/// One reference in `stack` as (target, attr), following parameters through the manifest,
/// and imports through the export names, to the producing stack's output.
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
        if wire.get("lookup").is_some() {
            // Looked up from the id in the output: the attribute CloudFormation does not
            // return.
            let producer = wire["after_stack"].as_str()?;
            let output = &templates[producer]["Outputs"][wire["output"].as_str()?]["Value"];
            let (target, _) = resolve(ids, manifest, templates, producer, output)?;
            let attr = target
                .kind
                .spec()
                .attributes
                .iter()
                .find(|a| matches!(a.cfn, CfnAttr::Lookup(_)))?
                .attr;
            return Some((target, attr));
        }
        let producer = wire["from_stack"].as_str()?;
        let output = &templates[producer]["Outputs"][wire["output"].as_str()?]["Value"];
        return resolve(ids, manifest, templates, producer, output);
    }
    if let Some(export) = value.get("Fn::ImportValue").and_then(Json::as_str) {
        // The export must be one of an output of a stack in the same account and region,
        // listed among the stack's imports in the manifest.
        let stacks = manifest["stacks"].as_array()?;
        let this = stacks.iter().find(|s| s["name"] == stack)?;
        let import = this["imports"]
            .as_array()?
            .iter()
            .find(|i| i["export"] == export)?;
        let producer = import["from_stack"].as_str()?;
        let from = stacks.iter().find(|s| s["name"] == producer)?;
        if (&from["account"], &from["region"]) != (&this["account"], &this["region"]) {
            return None;
        }
        let (_, output) = templates[producer]["Outputs"]
            .as_object()?
            .iter()
            .find(|(_, o)| o["Export"]["Name"] == export)?;
        return resolve(ids, manifest, templates, producer, &output["Value"]);
    }
    if let Some(logical) = single_endpoint(value) {
        let target = ids.by_logical.get(logical)?;
        return Some((target.clone(), cfn_attr(target, CfnAttr::SingleEndpoint)));
    }
    if let Some((logical, part)) = dns_entry(value) {
        let target = ids.by_logical.get(logical)?;
        return Some((target.clone(), cfn_attr(target, CfnAttr::DnsEntry(part))));
    }
    if value.get("Fn::Sub").is_some() {
        return sub_reference(ids, value);
    }
    if is_first_of_vpc(value) {
        return first_of_vpc(ids, value);
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

fn cloudformation(graph: &ResourceGraph, files: &[OutputFile]) -> Cfn {
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

    let mut cfn = Cfn {
        resources: BTreeSet::new(),
        edges: BTreeSet::new(),
        stack_of: BTreeMap::new(),
        deploy_order: manifest["deploy_order"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect(),
        manual_steps: manifest["manual_steps"]
            .as_array()
            .cloned()
            .unwrap_or_default(),
        objects: BTreeMap::new(),
        tags: BTreeMap::new(),
        secrets: BTreeSet::new(),
    };
    for (stack, template) in &templates {
        for (logical, resource) in template["Resources"].as_object().unwrap() {
            let from = ids
                .by_logical
                .get(logical)
                .unwrap_or_else(|| panic!("unknown {logical}"))
                .clone();
            let spec = from.kind.spec();
            assert_eq!(resource["Type"], spec.cfn_type, "{logical}: type");
            assert_eq!(
                spec.cfn_form,
                CfnForm::Resource,
                "{logical}: not a resource"
            );
            // Routing kinds go to the `-routing` stack of their account and region.
            assert_eq!(
                stack.ends_with("-routing"),
                spec.stage == Stage::Routing,
                "{logical} is in stack {stack}"
            );
            cfn.resources.insert(from.clone());
            cfn.stack_of.insert(from.clone(), stack.clone());
            // Tags are in the kind's tags property, and only there.
            let properties = &resource["Properties"];
            if spec.cfn_tags != "Tags" {
                assert!(
                    properties.get("Tags").is_none(),
                    "{logical}: Tags, where {} takes {}",
                    spec.cfn_type,
                    spec.cfn_tags
                );
            }
            if let Some(list) = properties.get(spec.cfn_tags) {
                cfn.tags.insert(from.clone(), cfn_tags(logical, list));
            }
            let mut refs = Vec::new();
            walk(&resource["Properties"], &mut refs);
            let depends: Vec<ResourceId> = resource["DependsOn"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|dep| ids.by_logical[dep.as_str().unwrap()].clone())
                .collect();
            // The targets read from their VPC: the `DependsOn` on each is part of the read.
            let mut read_from_vpc = BTreeSet::new();
            for r in refs {
                if let Some(secret) = secret_parameter(&manifest, stack, &r) {
                    cfn.secrets.insert((from.clone(), secret));
                    continue;
                }
                let (to, attr) = resolve(&ids, &manifest, &templates, stack, &r)
                    .unwrap_or_else(|| panic!("{logical}: unresolvable {r}"));
                if first_of_vpc(&ids, &r).is_some() {
                    assert!(
                        depends.contains(&to),
                        "{logical} reads {to:?} from its VPC ({r}) without a DependsOn on it"
                    );
                    read_from_vpc.insert(to.clone());
                }
                cfn.edges.insert((from.clone(), to, Some(attr)));
            }
            for to in depends {
                if !read_from_vpc.contains(&to) {
                    cfn.edges.insert((from.clone(), to, None));
                }
            }
        }
    }

    // Entry kinds: each is one value of its stand-in's list, which holds nothing else.
    let mut listed: BTreeMap<(ResourceId, &str), Vec<&Value>> = BTreeMap::new();
    for resource in graph.resources.values() {
        if let CfnForm::Entry { list, value, .. } = resource.id.kind.spec().cfn_form {
            let holder = stand_in(graph, &resource.id);
            listed
                .entry((holder, list))
                .or_default()
                .push(&resource.properties[value]);
            cfn.resources.insert(resource.id.clone());
        }
    }
    for ((holder, list), values) in &listed {
        let stack = &cfn.stack_of[holder];
        let entries = templates[stack]["Resources"][holder.logical_id()]["Properties"][list]
            .as_array()
            .unwrap_or_else(|| panic!("{holder:?} has no list {list}"));
        // An entry as the graph's value reads: a literal, or (target, attr).
        let read = |entry: &Json| match entry {
            Json::String(s) => Ok(s.clone()),
            other => Err(resolve(&ids, &manifest, &templates, stack, other)
                .unwrap_or_else(|| panic!("{holder:?}.{list}: unresolvable {other}"))),
        };
        let mut found: Vec<_> = entries.iter().map(read).collect();
        let mut expected: Vec<_> = values
            .iter()
            .map(|v| match v {
                Value::String(s) => Ok(s.clone()),
                Value::Ref(r) => match stand_in_target(graph, &r.target, Some(r.attr)) {
                    (target, Some(attr)) => Err((target, attr)),
                    (_, None) => unreachable!("a reference keeps its attribute"),
                },
                other => panic!("{holder:?}.{list}: an entry of {other:?}"),
            })
            .collect();
        found.sort();
        expected.sort();
        assert_eq!(found, expected, "{holder:?}: {list} lists other values");
    }

    // Object kinds: the objects of each list that one goes to (compared with Terraform's
    // resources in `check`). They count as present when their holder has the list.
    let mut holders: BTreeSet<(ResourceId, &str)> = BTreeSet::new();
    for resource in graph.resources.values() {
        if let CfnForm::Object { list, .. } = resource.id.kind.spec().cfn_form {
            holders.insert((stand_in(graph, &resource.id), list));
        }
    }
    for (holder, list) in holders {
        let stack = &cfn.stack_of[&holder];
        let Some(items) =
            templates[stack]["Resources"][holder.logical_id()]["Properties"][list].as_array()
        else {
            continue;
        };
        let objects = items
            .iter()
            .map(|item| normal_cfn(&ids, &manifest, &templates, stack, item))
            .collect();
        cfn.objects
            .insert((holder.clone(), list.to_string()), objects);
        for resource in graph.resources.values() {
            let form = resource.id.kind.spec().cfn_form;
            if matches!(form, CfnForm::Object { list: l, .. } if l == list)
                && stand_in(graph, &resource.id) == holder
            {
                cfn.resources.insert(resource.id.clone());
            }
        }
    }

    // Property kinds: each is one property of its stand-in, which holds exactly its value.
    for resource in graph.resources.values() {
        let CfnForm::Property {
            property, value, ..
        } = resource.id.kind.spec().cfn_form
        else {
            continue;
        };
        let holder = stand_in(graph, &resource.id);
        let stack = &cfn.stack_of[&holder];
        let found = &templates[stack]["Resources"][holder.logical_id()]["Properties"][property];
        let same = match &resource.properties[value] {
            Value::Document(document) => found == document,
            Value::String(s) => found == s.as_str(),
            Value::Ref(r) => {
                let expected = match stand_in_target(graph, &r.target, Some(r.attr)) {
                    (target, Some(attr)) => (target, attr),
                    (_, None) => unreachable!("a reference keeps its attribute"),
                };
                resolve(&ids, &manifest, &templates, stack, found) == Some(expected)
            }
            other => panic!("{holder:?}.{property}: a property of {other:?}"),
        };
        assert!(
            same,
            "{holder:?}: {property} is not the value of {:?}: {found}",
            resource.id
        );
        cfn.resources.insert(resource.id.clone());
    }

    // Manual kinds: each has its step in the manifest (the stacks it must come after and
    // before are checked with the Terraform references, in assert_equivalent).
    let manual: Vec<&ResourceId> = graph
        .resources
        .keys()
        .filter(|id| matches!(id.kind.spec().cfn_form, CfnForm::Manual { .. }))
        .collect();
    let lookups: usize = manifest["stacks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["parameters"].as_array().unwrap())
        .filter(|p| p.get("lookup").is_some())
        .count();
    assert_eq!(
        cfn.manual_steps.len(),
        manual.len() + lookups,
        "one manual step per manual resource and per lookup: {:?}",
        cfn.manual_steps
    );
    for id in manual {
        let Some(step) = manual_step(graph, &cfn, id) else {
            continue;
        };
        // The step names the output that holds the id it needs: `(output NAME of stack
        // STACK)`, which must be there and give the id of what the step acts on.
        let text = step["step"].as_str().unwrap_or_default();
        let (output, stack) = text
            .split_once("(output ")
            .and_then(|(_, rest)| rest.split_once(')'))
            .and_then(|(inside, _)| inside.split_once(" of stack "))
            .unwrap_or_else(|| panic!("{id:?}: the step names no output: {text}"));
        let value = templates
            .get(stack)
            .map(|t| &t["Outputs"][output]["Value"])
            .filter(|v| !v.is_null())
            .unwrap_or_else(|| {
                panic!("{id:?}: the step names output {output} of stack {stack}, which is not there: {text}")
            });
        let acts_on = stand_in(graph, id);
        assert_eq!(
            resolve(&ids, &manifest, &templates, stack, value),
            Some((acts_on.clone(), Attr::Id)),
            "{id:?}: output {output} of stack {stack} is not the id of {acts_on:?}"
        );
        cfn.resources.insert(id.clone());
    }
    cfn
}

/// The manifest's step for manual resource `id`: in its account and region, naming the
/// resource it acts on (its stand-in).
fn manual_step<'c>(graph: &ResourceGraph, cfn: &'c Cfn, id: &ResourceId) -> Option<&'c Json> {
    let placement = &graph.resources[id].placement;
    let acts_on = stand_in(graph, id).logical_id().to_string();
    cfn.manual_steps.iter().find(|step| {
        step["account"] == placement.account.as_str()
            && step["region"] == placement.region.as_str()
            && step["step"].as_str().is_some_and(|s| s.contains(&acts_on))
    })
}

// ------------------------------------------------------------------ Terraform

/// How the Terraform output reads an attribute (see [`TfAttr`]).
#[derive(Debug, Clone, PartialEq)]
enum Read {
    /// `TYPE.LABEL.NAME`.
    Attr(String),
    /// The single-endpoint form.
    SingleEndpoint,
    /// A field of the first DNS entry (`dns_entry[0].FIELD`).
    DnsEntry(String),
}

impl Read {
    fn is(&self, how: TfAttr) -> bool {
        match (self, how) {
            (Read::Attr(name), TfAttr::Attr(n)) => name == n,
            (Read::SingleEndpoint, TfAttr::SingleEndpoint) => true,
            (Read::DnsEntry(field), TfAttr::DnsEntry(f)) => field == f,
            _ => false,
        }
    }
}

/// A reference of the Terraform output: TYPE, LABEL and how (`None` in `depends_on`).
type TfRef = (String, String, Option<Read>);

/// Every reference in an expression: in lists, objects, parentheses and function calls
/// (`join`, `one`). A traversal with an index or a splat outside the single-endpoint form, or
/// a template with an interpolation or a directive, fails the test: it could hide a reference
/// this test does not understand. A template of literal text alone (the heredoc of a policy
/// document) refers to nothing.
fn tf_references(expr: &hcl::Expression, out: &mut Vec<TfRef>) {
    use hcl::expr::{Expression, TraversalOperator};
    if let Some((root, label)) = tf_single_endpoint(expr) {
        out.push((root, label, Some(Read::SingleEndpoint)));
        return;
    }
    if let Some((root, label, field)) = tf_dns_entry(expr) {
        out.push((root, label, Some(Read::DnsEntry(field))));
        return;
    }
    match expr {
        Expression::Traversal(t) => {
            let Expression::Variable(root) = &t.expr else {
                panic!("a traversal of an expression: {expr:?}")
            };
            let names: Vec<&str> = t
                .operators
                .iter()
                .map(|op| match op {
                    TraversalOperator::GetAttr(id) => id.as_str(),
                    _ => panic!("a traversal with an index or splat: {expr:?}"),
                })
                .collect();
            match names.as_slice() {
                [label] => out.push((root.to_string(), label.to_string(), None)),
                [label, name] => out.push((
                    root.to_string(),
                    label.to_string(),
                    Some(Read::Attr(name.to_string())),
                )),
                _ => panic!("a reference deeper than TYPE.LABEL.ATTR: {expr:?}"),
            }
        }
        Expression::Array(items) => items.iter().for_each(|e| tf_references(e, out)),
        Expression::Object(object) => object.values().for_each(|e| tf_references(e, out)),
        Expression::FuncCall(call) => call.args.iter().for_each(|e| tf_references(e, out)),
        Expression::Parenthesis(inner) => tf_references(inner, out),
        Expression::Null | Expression::Bool(_) | Expression::Number(_) | Expression::String(_) => {}
        Expression::TemplateExpr(template) => {
            let parsed = hcl::template::Template::from_expr(template)
                .unwrap_or_else(|e| panic!("a template that does not parse ({e}): {template}"));
            for element in parsed.elements() {
                assert!(
                    matches!(element, hcl::template::Element::Literal(_)),
                    "a template with {element:?}: {template}"
                );
            }
        }
        other => panic!("an expression this test does not read: {other:?}"),
    }
}

/// Every reference in a block body, nested blocks included, except `provider = aws.ALIAS`
/// and the `lifecycle` block (whose `ignore_changes` holds names, see [`lifecycle_names`]).
fn body_references(body: &hcl::Body, top: bool, out: &mut Vec<TfRef>) {
    for attribute in body.attributes() {
        if top && attribute.key() == "provider" {
            continue;
        }
        let mut found = Vec::new();
        tf_references(attribute.expr(), &mut found);
        for r in &found {
            // Only depends_on names whole resources (a `var.NAME` of a secret is no resource).
            let whole = r.2.is_none() && r.0 != "var";
            assert_eq!(
                whole,
                top && attribute.key() == "depends_on",
                "{} = {r:?}",
                attribute.key()
            );
        }
        out.extend(found);
    }
    for block in body.blocks() {
        if top && block.identifier() == "lifecycle" {
            continue;
        }
        body_references(block.body(), false, out);
    }
}

/// The names of `lifecycle { ignore_changes = [...] }` of a resource block: bare names
/// ([`Value::Name`]), each an argument or block the resource sets.
fn lifecycle_names(at: &str, body: &hcl::Body) -> Vec<String> {
    use hcl::expr::Expression;
    let mut names = Vec::new();
    for lifecycle in body.blocks().filter(|b| b.identifier() == "lifecycle") {
        for attribute in lifecycle.body().attributes() {
            assert_eq!(attribute.key(), "ignore_changes", "{at}: lifecycle");
            let Expression::Array(items) = attribute.expr() else {
                panic!("{at}: ignore_changes is not a list: {:?}", attribute.expr());
            };
            for item in items {
                let Expression::Variable(name) = item else {
                    panic!("{at}: ignore_changes holds {item:?}, not a bare name");
                };
                let set = body.attributes().any(|a| a.key() == name.as_str())
                    || body.blocks().any(|b| b.identifier() == name.as_str());
                let name = name.as_str();
                assert!(
                    set,
                    "{at}: ignore_changes names {name}, which it does not set"
                );
                names.push(name.to_string());
            }
        }
    }
    names
}

/// A Terraform value as CloudFormation would hold it, with every reference replaced by
/// [`normal_ref`] of its CloudFormation stand-in.
fn normal_tf(graph: &ResourceGraph, ids: &Ids, at: &str, expr: &hcl::Expression) -> Json {
    use hcl::expr::Expression;
    match expr {
        Expression::String(s) => Json::String(s.clone()),
        Expression::Bool(b) => Json::Bool(*b),
        Expression::Number(n) => match n.as_i64() {
            Some(i) => Json::from(i),
            None => Json::from(n.as_f64().expect("a number")),
        },
        Expression::Array(items) => {
            Json::Array(items.iter().map(|e| normal_tf(graph, ids, at, e)).collect())
        }
        Expression::Traversal(_) => {
            let mut found = Vec::new();
            tf_references(expr, &mut found);
            let [(root, label, Some(how))] = found.as_slice() else {
                panic!("{at}: not a reference to an attribute: {expr:?}");
            };
            let to = &ids.by_label[&(root.clone(), label.clone())];
            let attr = to
                .kind
                .spec()
                .attributes
                .iter()
                .find(|a| how.is(a.tf))
                .unwrap_or_else(|| panic!("{root} has no attribute read as {how:?}"))
                .attr;
            match stand_in_target(graph, to, Some(attr)) {
                (target, Some(attr)) => normal_ref(&target, attr),
                (_, None) => unreachable!("a reference keeps its attribute"),
            }
        }
        other => panic!("{at}: a value of an object kind this test does not compare: {other:?}"),
    }
}

/// The `tags = { ... }` of a resource block, in order.
fn tf_tags(at: &str, body: &hcl::Body) -> Option<Vec<(String, String)>> {
    let attribute = body.attributes().find(|a| a.key() == "tags")?;
    let hcl::Expression::Object(object) = attribute.expr() else {
        panic!("{at}: tags is not an object");
    };
    Some(
        object
            .iter()
            .map(|(key, value)| {
                let key = match key {
                    hcl::expr::ObjectKey::Identifier(i) => i.to_string(),
                    hcl::expr::ObjectKey::Expression(hcl::Expression::String(s)) => s.clone(),
                    other => panic!("{at}: a tag key {other:?}"),
                };
                let hcl::Expression::String(value) = value else {
                    panic!("{at}: tag {key} is {value:?}");
                };
                (key, value.clone())
            })
            .collect(),
    )
}

/// What the Terraform files say.
struct Tf {
    /// Every resource.
    resources: BTreeSet<ResourceId>,
    /// Every reference and `depends_on`.
    edges: BTreeSet<Edge>,
    /// The resources of object kinds as CloudFormation objects, by the (stand-in of the)
    /// resource their parent argument names and the kind's list.
    objects: BTreeMap<(ResourceId, String), Vec<Json>>,
    /// The tags of every resource that has them.
    tags: BTreeMap<ResourceId, Vec<(String, String)>>,
    /// The names of every `lifecycle { ignore_changes }`.
    names: BTreeMap<ResourceId, Vec<String>>,
    /// The secret variables each resource refers to.
    secrets: BTreeSet<(ResourceId, String)>,
}

fn terraform(graph: &ResourceGraph, files: &[OutputFile]) -> Tf {
    let ids = ids(graph);
    let main = files.iter().find(|f| f.path == "main.tf").expect("main.tf");
    let body: hcl::Body = hcl::parse(&main.contents).expect("main.tf parses");

    let mut resources = BTreeSet::new();
    let mut edges = BTreeSet::new();
    let mut objects: BTreeMap<(ResourceId, String), Vec<Json>> = BTreeMap::new();
    let mut tags = BTreeMap::new();
    let mut names = BTreeMap::new();
    let mut secrets = BTreeSet::new();
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
        let mut found = Vec::new();
        body_references(block.body(), true, &mut found);
        for (root, label, how) in found {
            if root == "var" {
                secrets.insert((from.clone(), label));
                continue;
            }
            let to = ids
                .by_label
                .get(&(root.clone(), label.clone()))
                .unwrap_or_else(|| panic!("{key:?} refers to unknown {root}.{label}"))
                .clone();
            let attr = how.map(|how| {
                to.kind
                    .spec()
                    .attributes
                    .iter()
                    .find(|a| how.is(a.tf))
                    .unwrap_or_else(|| panic!("{root} has no attribute read as {how:?}"))
                    .attr
            });
            edges.insert((from.clone(), to, attr));
        }
        let at = format!("{}.{}", key.0, key.1);
        if let Some(found) = tf_tags(&at, block.body()) {
            tags.insert(from.clone(), found);
        }
        let ignored = lifecycle_names(&at, block.body());
        if !ignored.is_empty() {
            names.insert(from.clone(), ignored);
        }
        if let CfnForm::Object { parent, list } = from.kind.spec().cfn_form {
            let (holder, object) = tf_object(graph, &ids, &at, from.kind, parent, block.body());
            objects
                .entry((holder, list.to_string()))
                .or_default()
                .push(object);
        }
    }
    Tf {
        resources,
        edges,
        objects,
        tags,
        names,
        secrets,
    }
}

/// A resource of an object kind as the object CloudFormation would write: its arguments under
/// their CloudFormation names (those without one left out), with the stand-in of the
/// resource its `parent` argument refers to.
fn tf_object(
    graph: &ResourceGraph,
    ids: &Ids,
    at: &str,
    kind: Kind,
    parent: &str,
    body: &hcl::Body,
) -> (ResourceId, Json) {
    let parent_name = kind
        .property(parent)
        .and_then(|p| p.tf)
        .unwrap_or_else(|| panic!("{kind:?}: {parent} has no Terraform name"));
    let mut holder = None;
    let mut object = serde_json::Map::new();
    for attribute in body.attributes() {
        let name = attribute.key();
        if ["provider", "depends_on", "tags"].contains(&name) {
            continue;
        }
        if name == parent_name {
            let mut found = Vec::new();
            tf_references(attribute.expr(), &mut found);
            let [(root, label, Some(_))] = found.as_slice() else {
                panic!("{at}: {name} is not a reference: {:?}", attribute.expr());
            };
            holder = Some(stand_in(
                graph,
                &ids.by_label[&(root.clone(), label.clone())],
            ));
            continue;
        }
        let spec = kind
            .spec()
            .properties
            .iter()
            .find(|p| p.tf == Some(name))
            .unwrap_or_else(|| panic!("{at}: {name} is not in the table for {kind:?}"));
        if let Some(cfn) = spec.cfn {
            assert!(!cfn.contains('.'), "{at}: a dotted name {cfn}");
            object.insert(cfn.to_string(), normal_tf(graph, ids, at, attribute.expr()));
        }
    }
    assert!(
        body.blocks().next().is_none(),
        "{at}: nested blocks in an object kind, which this test does not compare"
    );
    let holder = holder.unwrap_or_else(|| panic!("{at}: no {parent_name}"));
    (holder, Json::Object(object))
}

// ------------------------------------------------------------------ the comparison

fn assert_equivalent(name: &str, network: &Network) {
    let graph = graph(network);
    let cfn_files = Target::CloudFormation.render(&graph).unwrap();
    let tf_files = Target::Terraform.render(&graph).unwrap();
    check(name, &graph, &cfn_files, &tf_files);
}

/// The comparison of [`assert_equivalent`], on given files.
fn check(name: &str, graph: &ResourceGraph, cfn_files: &[OutputFile], tf_files: &[OutputFile]) {
    let cfn = cloudformation(graph, cfn_files);
    let Tf {
        resources: tf_resources,
        edges: tf_edges,
        objects: tf_objects,
        tags: tf_tags,
        names: tf_names,
        secrets: tf_secrets,
    } = terraform(graph, tf_files);
    // Secrets: each target reads the graph's from a deploy input of its own name.
    let (mut cfn_secrets, mut tf_wanted) = (BTreeSet::new(), BTreeSet::new());
    for resource in graph.resources.values() {
        for secret in resource.secrets() {
            cfn_secrets.insert((resource.id.clone(), secret.logical_id()));
            tf_wanted.insert((resource.id.clone(), secret.tf_label()));
        }
    }
    assert_same(
        name,
        "CloudFormation secrets / the graph's",
        &cfn.secrets,
        &cfn_secrets,
    );
    assert_same(
        name,
        "Terraform secrets / the graph's",
        &tf_secrets,
        &tf_wanted,
    );
    let all: BTreeSet<ResourceId> = graph.resources.keys().cloned().collect();
    assert_same(
        name,
        "CloudFormation resources / the graph's",
        &cfn.resources,
        &all,
    );
    assert_same(
        name,
        "Terraform resources / the graph's",
        &tf_resources,
        &all,
    );

    // Object kinds: each list holds exactly the objects of the Terraform resources whose
    // parent argument names its holder, value for value.
    let lists: BTreeSet<&(ResourceId, String)> =
        cfn.objects.keys().chain(tf_objects.keys()).collect();
    for key in lists {
        let sorted = |objects: Option<&Vec<Json>>| {
            let mut texts: Vec<String> = objects
                .into_iter()
                .flatten()
                .map(|o| o.to_string())
                .collect();
            texts.sort();
            texts
        };
        assert_eq!(
            sorted(cfn.objects.get(key)),
            sorted(tf_objects.get(key)),
            "{name}: the objects of {:?} {} are not its Terraform resources",
            key.0,
            key.1
        );
    }

    // Tags: of the kinds CloudFormation writes as resources, the same in both; the others
    // (objects inside a resource) take none.
    let (mut tf_resource_tags, mut tf_object_tags) = (BTreeMap::new(), Vec::new());
    for (id, tags) in tf_tags {
        match id.kind.spec().cfn_form {
            CfnForm::Resource => {
                tf_resource_tags.insert(id, tags);
            }
            CfnForm::Object { .. } => tf_object_tags.push(id),
            _ => {}
        }
    }
    assert!(
        tf_object_tags.is_empty(),
        "{name}: tags CloudFormation cannot write: {tf_object_tags:?}"
    );
    assert_eq!(cfn.tags, tf_resource_tags, "{name}: tags differ");

    // Bare names (`lifecycle { ignore_changes }`) are the graph's, and CloudFormation has
    // no property for them.
    assert_eq!(tf_names, graph_names(graph), "{name}: lifecycle names");

    let position = |stack: &str| {
        cfn.deploy_order
            .iter()
            .position(|s| s == stack)
            .unwrap_or_else(|| panic!("{name}: {stack} is not in the deploy order"))
    };
    // Both sides on CloudFormation's stand-ins; dependencies across stacks become the deploy
    // order, checked here.
    let compared = |edges: &BTreeSet<Edge>| -> BTreeSet<Edge> {
        let mut out = BTreeSet::new();
        let mapped: BTreeSet<Edge> = edges.iter().filter_map(|e| map_edge(graph, e)).collect();
        // A reference already orders its two ends.
        let referenced: BTreeSet<(&ResourceId, &ResourceId)> = mapped
            .iter()
            .filter(|e| e.2.is_some())
            .map(|(from, to, _)| (from, to))
            .collect();
        for edge in mapped.iter().cloned() {
            if edge.2.is_none() && referenced.contains(&(&edge.0, &edge.1)) {
                continue;
            }
            let (from_stack, to_stack) = (&cfn.stack_of[&edge.0], &cfn.stack_of[&edge.1]);
            if edge.2.is_none() && from_stack != to_stack {
                assert!(
                    position(to_stack) < position(from_stack),
                    "{name}: {:?} depends on {:?}, but stack {from_stack} is deployed before {to_stack}",
                    edge.0,
                    edge.1
                );
                continue;
            }
            out.insert(edge);
        }
        out
    };
    let cfn_edges = compared(&cfn.edges);
    // What only Terraform spells is an ordering in CloudFormation.
    let tf_only = tf_only_references(graph);
    let tf_ordered: BTreeSet<Edge> = tf_edges
        .iter()
        .map(|(from, to, attr)| match attr {
            Some(a) if tf_only.contains(&(from.clone(), to.clone(), *a)) => {
                (from.clone(), to.clone(), None)
            }
            _ => (from.clone(), to.clone(), *attr),
        })
        .collect();
    let tf_mapped = compared(&tf_ordered);
    assert_same(
        name,
        "CloudFormation references / the same on stand-ins",
        &cfn.edges,
        &cfn_edges,
    );
    assert_same(
        name,
        "CloudFormation references / Terraform's",
        &cfn_edges,
        &tf_mapped,
    );
    assert!(!cfn_edges.is_empty());

    // Each manual step comes after the stack of what it acts on and before the stack of
    // everything that (in Terraform) refers to or depends on the manual resource.
    for id in graph
        .resources
        .keys()
        .filter(|id| matches!(id.kind.spec().cfn_form, CfnForm::Manual { .. }))
    {
        let step = manual_step(graph, &cfn, id).expect("checked with the resources");
        let after = &cfn.stack_of[&stand_in(graph, id)];
        assert_eq!(
            step["after_stack"],
            after.as_str(),
            "{name}: {id:?}: {step}"
        );
        let before: BTreeSet<&str> = step["before_stacks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        let users: BTreeSet<&str> = tf_edges
            .iter()
            .filter(|(from, to, _)| to == id && from != id)
            .map(|(from, _, _)| cfn.stack_of[&stand_in(graph, from)].as_str())
            .collect();
        // Users may be none (an accepted Cloud WAN attachment without routes): then the step
        // comes before no stack.
        assert_eq!(
            before, users,
            "{name}: {id:?}: the stacks after the manual step are not those of its users: {step}"
        );
        for stack in users {
            assert!(position(after) < position(stack), "{name}: {step}");
        }
    }
}

/// The references of the graph held only by properties CloudFormation does not spell, of
/// kinds it writes as resources (a VPC's `recorded_in_pool`), as (from, to, attribute): the
/// same reference in a property it spells is not one of them.
fn tf_only_references(graph: &ResourceGraph) -> BTreeSet<(ResourceId, ResourceId, Attr)> {
    let mut out = BTreeSet::new();
    for resource in graph.resources.values() {
        let kind = resource.id.kind;
        if kind.spec().cfn_form != CfnForm::Resource {
            continue;
        }
        let spelled = |key: &str| kind.property(key).is_some_and(|p| p.cfn.is_some());
        let key = |r: &netform::backends::Reference| (r.target.clone(), r.attr);
        let in_cfn: BTreeSet<_> = resource
            .references_where(spelled)
            .into_iter()
            .map(key)
            .collect();
        for r in resource.references_where(|k| !spelled(k)) {
            if !in_cfn.contains(&key(r)) {
                out.insert((resource.id.clone(), r.target.clone(), r.attr));
            }
        }
    }
    out
}

/// The [`Value::Name`]s of every resource of the graph, which only Terraform renders.
fn graph_names(graph: &ResourceGraph) -> BTreeMap<ResourceId, Vec<String>> {
    let mut out = BTreeMap::new();
    for resource in graph.resources.values() {
        let mut names = Vec::new();
        for (key, value) in &resource.properties {
            let items = match value {
                Value::Name(name) => vec![*name],
                Value::List(items) => items
                    .iter()
                    .filter_map(|v| match v {
                        Value::Name(name) => Some(*name),
                        _ => None,
                    })
                    .collect(),
                _ => continue,
            };
            if items.is_empty() {
                continue;
            }
            let spec = resource.id.kind.property(key).expect("in the table");
            assert_eq!(spec.cfn, None, "{:?}: {key} has names", resource.id);
            names.extend(items.into_iter().map(str::to_string));
        }
        if !names.is_empty() {
            out.insert(resource.id.clone(), names);
        }
    }
    out
}

/// `left == right`, reporting only the differences.
fn assert_same<T: Ord + std::fmt::Debug>(
    name: &str,
    what: &str,
    left: &BTreeSet<T>,
    right: &BTreeSet<T>,
) {
    let only_left: Vec<&T> = left.difference(right).collect();
    let only_right: Vec<&T> = right.difference(left).collect();
    assert!(
        only_left.is_empty() && only_right.is_empty(),
        "{name}: {what} differ\nonly in the first: {only_left:#?}\nonly in the second: {only_right:#?}"
    );
}

#[test]
fn every_blueprint_variant_renders_the_same_network_in_both_targets() {
    for (name, network) in variants() {
        assert_equivalent(&name, &network);
    }
}

#[test]
fn hub_with_every_rule_form_renders_the_same_in_both_targets() {
    assert_equivalent("hub with every rule form", &hub_with_every_rule_form());
}

#[test]
fn cloud_wan_with_accepted_attachments_renders_the_same_in_both_targets() {
    assert_equivalent(
        "cloudwan-hub-spoke with acceptance",
        &cloudwan_with_acceptance(false),
    );
}

#[test]
fn multi_account_network_renders_the_same_in_both_targets() {
    assert_equivalent("multi-account", &multi_account());
}

#[test]
fn every_dns_form_renders_the_same_in_both_targets() {
    assert_equivalent("every DNS form", &dns_every_form());
}

/// The DNS kinds, all of which the comparisons meet.
const DNS_KINDS: &[Kind] = &[
    Kind::SecurityGroup,
    Kind::SgIngress,
    Kind::SgEgress,
    Kind::ResolverEndpoint,
    Kind::ResolverRule,
    Kind::RuleAssociation,
    Kind::HostedZone,
    Kind::Record,
    Kind::ZoneAuthorization,
    Kind::ZoneAssociation,
    Kind::Profile,
    Kind::ProfileAssociation,
    Kind::ProfileResource,
    Kind::DomainList,
    Kind::DnsRuleGroup,
    Kind::DnsRule,
    Kind::DnsFirewallAssociation,
    Kind::QueryLogConfig,
    Kind::QueryLogAssociation,
];

/// The DNS variants of [`variants`] and [`dns_every_form`] hold every DNS kind CloudFormation
/// can write (security group rules and DNS Firewall rules as objects, hosted zones with
/// `HostedZoneTags`, profiles, query logging), and the cross-account zone the refused ones.
#[test]
fn the_compared_networks_hold_every_dns_kind() {
    let mut kinds = BTreeSet::new();
    for (_, network) in variants() {
        kinds.extend(graph(&network).resources.keys().map(|id| id.kind));
    }
    kinds.extend(graph(&dns_every_form()).resources.keys().map(|id| id.kind));
    let refused_network: BTreeSet<Kind> = graph(&cross_account_zone())
        .resources
        .keys()
        .map(|id| id.kind)
        .collect();
    for kind in DNS_KINDS {
        let refused = matches!(kind.spec().cfn_form, CfnForm::Refused { .. });
        assert_eq!(kinds.contains(kind), !refused, "{kind:?}");
        if refused {
            assert!(refused_network.contains(kind), "{kind:?}");
        }
    }
    // And the table has no DNS kind this list misses: every kind from SecurityGroup to the
    // IPAM kinds.
    let position = |kind: Kind| Kind::ALL.iter().position(|k| *k == kind).unwrap();
    assert_eq!(
        &Kind::ALL[position(Kind::SecurityGroup)..position(IPAM_KINDS[0])],
        DNS_KINDS
    );
}

/// A cross-account private hosted zone association: CloudFormation refuses the network with
/// one NF0503 per refused resource that carries the refusal (the authorization), at its
/// origin; Terraform renders every resource. Without that association the network renders in
/// both targets and the same, and its Terraform output is the full one minus the refused
/// resources (and their references) and the zone's `lifecycle { ignore_changes = [vpc] }`.
#[test]
fn a_cross_account_zone_association_is_refused_by_cloudformation_and_rendered_by_terraform() {
    let network = cross_account_zone();
    let full = graph(&network);
    let refused = |id: &ResourceId| matches!(id.kind.spec().cfn_form, CfnForm::Refused { .. });

    let err = Target::CloudFormation
        .render(&full)
        .expect_err("CloudFormation has no cross-account zone association");
    let ErrorKind::Unsupported(diags) = err.kind() else {
        panic!("not a refusal: {err}");
    };
    let mut expected: Vec<(String, String)> = Vec::new();
    for resource in full.resources.values() {
        if let CfnForm::Refused { message: Some(key) } = resource.id.kind.spec().cfn_form {
            let Some(Value::String(text)) = resource.properties.get(key) else {
                panic!("{:?}: no refusal in {key}", resource.id);
            };
            expected.push((resource.origin.to_string(), text.clone()));
        }
    }
    let found: Vec<(String, String)> = diags
        .iter()
        .map(|d| {
            assert_eq!(d.code, Code::CfnUnsupported, "{d:?}");
            (d.path.to_string(), d.message.clone())
        })
        .collect();
    assert_eq!(found, expected);
    assert_eq!(found.len(), 1, "one association, one refusal");
    assert_eq!(found[0].0, r#"dns.hosted_zones["internal"].vpcs[1]"#);

    let tf = terraform(&full, &Target::Terraform.render(&full).unwrap());
    let all: BTreeSet<ResourceId> = full.resources.keys().cloned().collect();
    assert_same(
        "cross-account zone",
        "Terraform / the graph",
        &tf.resources,
        &all,
    );
    let kinds: BTreeSet<_> = all
        .iter()
        .filter(|id| refused(id))
        .map(|id| id.kind)
        .collect();
    assert_eq!(
        kinds.len(),
        2,
        "the authorization and the association: {kinds:?}"
    );
    let zone = ResourceId::new(Kind::HostedZone, ["internal"]);
    assert_eq!(
        tf.names,
        BTreeMap::from([(zone.clone(), vec!["vpc".to_string()])]),
        "the zone leaves its VPCs to the association"
    );
    assert_eq!(tf.names, graph_names(&full));

    // Without the cross-account association: the same graph, less the refused resources and
    // the zone's lifecycle; equivalent in both targets.
    let mut own = network.clone();
    own.dns.hosted_zones[0].vpcs.retain(|v| v == "shared");
    assert_equivalent("cross-account zone, own VPCs only", &own);
    let own = graph(&own);
    let mut expected = full.clone();
    expected.resources.retain(|id, _| !refused(id));
    expected.resources[&zone]
        .properties
        .shift_remove("ignore_changes")
        .expect("the zone ignores its VPCs");
    assert_eq!(
        expected, own,
        "the refused association is the only difference"
    );
    let own_tf = terraform(&own, &Target::Terraform.render(&own).unwrap());
    let kept: BTreeSet<Edge> = tf
        .edges
        .iter()
        .filter(|(from, to, _)| !refused(from) && !refused(to))
        .cloned()
        .collect();
    assert_same(
        "cross-account zone",
        "Terraform references without the refused resources / with own VPCs only",
        &kept,
        &own_tf.edges,
    );
    assert!(own_tf.names.is_empty(), "{:?}", own_tf.names);
    // The refused resources refer to the zone and the VPC, and the association waits for the
    // authorization.
    let refused_edges: BTreeSet<&Edge> = tf.edges.iter().filter(|e| !kept.contains(e)).collect();
    let authorization = ResourceId::new(Kind::ZoneAuthorization, ["internal", "app"]);
    let association = ResourceId::new(Kind::ZoneAssociation, ["internal", "app"]);
    let vpc = ResourceId::new(Kind::Vpc, ["app"]);
    for from in [&authorization, &association] {
        assert!(refused_edges.contains(&(from.clone(), zone.clone(), Some(Attr::Id))));
        assert!(refused_edges.contains(&(from.clone(), vpc.clone(), Some(Attr::Id))));
    }
    assert!(refused_edges.contains(&(association, authorization, None)));
    assert_eq!(refused_edges.len(), 5, "{refused_edges:#?}");
}

// ------------------------------------------------------------------ the test notices

/// Renders `network`, checks it, breaks one file with `mutate`, and asserts that the
/// comparison fails saying `because`.
fn assert_noticed(
    what: &str,
    network: &Network,
    because: &str,
    mutate: impl FnOnce(&mut [OutputFile]),
) {
    let graph = graph(network);
    let mut files = Target::CloudFormation.render(&graph).unwrap();
    let cfn_count = files.len();
    files.extend(Target::Terraform.render(&graph).unwrap());
    check(what, &graph, &files[..cfn_count], &files[cfn_count..]);
    mutate(&mut files);
    let (cfn, tf) = files.split_at(cfn_count);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        check(what, &graph, cfn, tf)
    }));
    let payload = result.expect_err(what);
    let message = payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default();
    assert!(
        message.contains(because),
        "{what}: noticed, but not because {because:?}: {message}"
    );
}

fn file<'f>(files: &'f mut [OutputFile], path: &str) -> &'f mut String {
    &mut files
        .iter_mut()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no {path}"))
        .contents
}

/// Replaces every `from` in file `path`, which must contain it.
fn replace(files: &mut [OutputFile], path: &str, from: &str, to: &str) {
    let text = file(files, path);
    assert!(text.contains(from), "{path} has no {from:?}");
    *text = text.replace(from, to);
}

/// Edits the JSON of file `path`.
fn edit_json(files: &mut [OutputFile], path: &str, edit: impl FnOnce(&mut Json)) {
    let text = file(files, path);
    let mut json: Json = serde_json::from_str(text).unwrap();
    edit(&mut json);
    *text = serde_json::to_string_pretty(&json).unwrap();
}

fn tgw(sets: &[(&str, &str)]) -> Network {
    blueprint("tgw-hub-spoke", sets)
}

fn cloudwan(sets: &[(&str, &str)]) -> Network {
    blueprint("cloudwan-hub-spoke", sets)
}

const BASE: &str = "acme-network-us-east-1.template.json";
const DIFFER: &str = "CloudFormation references / Terraform's differ";
const NOT_USERS: &str = "the stacks after the manual step are not those of its users";

#[test]
fn the_comparison_notices_a_missing_or_wrong_reference_in_either_target() {
    let hub = hub_with_every_rule_form();
    assert_noticed(
        "a principal missing from the share",
        &hub,
        "Principals lists other values",
        |files| {
            edit_json(files, BASE, |t| {
                let list = t.pointer_mut("/Resources/HubUse1Share/Properties/Principals");
                list.unwrap().as_array_mut().unwrap().pop();
            })
        },
    );
    assert_noticed(
        "the transit gateway missing from the share",
        &hub,
        "has no list ResourceArns",
        |files| {
            edit_json(files, BASE, |t| {
                let props = t.pointer_mut("/Resources/HubUse1Share/Properties").unwrap();
                props.as_object_mut().unwrap().remove("ResourceArns");
            })
        },
    );
    assert_noticed(
        "a CloudFormation endpoint of the wrong AZ",
        &hub,
        DIFFER,
        |files| {
            replace(
                files,
                BASE,
                "\"InspectionUse1AFirewall\",\n",
                "\"InspectionUse1BFirewall\",\n",
            )
        },
    );
    assert_noticed(
        "a malformed single-endpoint form",
        &hub,
        "unresolvable",
        |files| {
            edit_json(files, BASE, |t| {
                let path = "/Resources/InspectionUse1TransitADefaultRoute/Properties/VpcEndpointId";
                *t.pointer_mut(&format!("{path}/Fn::Select/0")).unwrap() = 0.into();
            })
        },
    );
    assert_noticed(
        "a Terraform endpoint of the wrong AZ",
        &hub,
        DIFFER,
        |files| {
            replace(
                files,
                "main.tf",
                "one(aws_networkfirewall_firewall.inspection_use1_a.",
                "one(aws_networkfirewall_firewall.inspection_use1_b.",
            )
        },
    );
    assert_noticed(
        "a wrong reference in a nested Terraform block",
        &hub,
        DIFFER,
        |files| {
            replace(
                files,
                "main.tf",
                "resource_arn = aws_networkfirewall_rule_group.inspection_use1_east_west.arn",
                "resource_arn = aws_networkfirewall_rule_group.inspection_use1_suricata.arn",
            )
        },
    );
    assert_noticed(
        "a wrong reference in a nested CloudFormation object",
        &hub,
        DIFFER,
        |files| {
            replace(
                files,
                BASE,
                "\"Ref\": \"InspectionUse1EastWestRuleGroup\"",
                "\"Ref\": \"InspectionUse1SuricataRuleGroup\"",
            )
        },
    );
    let gwlb = tgw(&[("inspection", "gwlb")]);
    assert_noticed("a reference missing from join()", &gwlb, DIFFER, |files| {
        replace(
            files,
            "main.tf",
            "aws_vpc_endpoint_service.inspection_use1.id]",
            "\"vpce-svc-1\"]",
        )
    });
    assert_noticed(
        "a reference missing from Fn::Join",
        &gwlb,
        DIFFER,
        |files| {
            edit_json(files, BASE, |t| {
                let path = "/Resources/InspectionUse1AEndpoint/Properties/ServiceName/Fn::Join/1/1";
                *t.pointer_mut(path).unwrap() = "vpce-svc-1".into();
            })
        },
    );
}

/// `hybrid-dns` in us-east-1 with DNS Firewall: rules of security groups and of the DNS
/// Firewall rule group as objects in CloudFormation, resources in Terraform.
fn dns() -> Network {
    blueprint(
        "hybrid-dns",
        &[("dns-firewall", "bad.example,*.worse.example")],
    )
}

#[test]
fn the_comparison_notices_a_wrong_dns_object_or_tag() {
    let net = dns();
    const OBJECTS: &str = "are not its Terraform resources";
    assert_noticed(
        "a DNS Firewall rule missing from FirewallRules",
        &net,
        OBJECTS,
        |files| {
            edit_json(files, BASE, |t| {
                let path = "/Resources/DnsFirewallUse1DnsRuleGroup/Properties/FirewallRules";
                t.pointer_mut(path).unwrap().as_array_mut().unwrap().pop();
            })
        },
    );
    assert_noticed(
        "a DNS Firewall rule with another action in CloudFormation",
        &net,
        OBJECTS,
        |files| {
            edit_json(files, BASE, |t| {
                let path =
                    "/Resources/DnsFirewallUse1DnsRuleGroup/Properties/FirewallRules/0/Action";
                *t.pointer_mut(path).unwrap() = "ALLOW".into();
            })
        },
    );
    assert_noticed(
        "a DNS Firewall rule with another priority in Terraform",
        &net,
        OBJECTS,
        |files| {
            replace(
                files,
                "main.tf",
                "priority                = 100",
                "priority                = 110",
            )
        },
    );
    assert_noticed(
        "a security group rule on another port in CloudFormation",
        &net,
        OBJECTS,
        |files| {
            edit_json(files, BASE, |t| {
                let path =
                    "/Resources/InboundUse1SecurityGroup/Properties/SecurityGroupIngress/0/ToPort";
                *t.pointer_mut(path).unwrap() = 54.into();
            })
        },
    );
    assert_noticed(
        "a security group rule moved to the other group in Terraform",
        &net,
        OBJECTS,
        |files| {
            replace(
                files,
                "main.tf",
                "security_group_id = aws_security_group.inbound_use1.id\n  ip_protocol       = \"udp\"\n  from_port         = 53\n  to_port           = 53\n  cidr_ipv4         = \"192.168.0.0/16\"\n  description       = \"DNS (udp 53) from",
                "security_group_id = aws_security_group.outbound_use1.id\n  ip_protocol       = \"udp\"\n  from_port         = 53\n  to_port           = 53\n  cidr_ipv4         = \"192.168.0.0/16\"\n  description       = \"DNS (udp 53) from",
            )
        },
    );
    // The group's egress rules are nowhere in CloudFormation.
    assert_noticed(
        "egress rules written as ingress rules",
        &net,
        "CloudFormation resources / the graph's differ",
        |files| {
            edit_json(files, BASE, |t| {
                let group = t
                    .pointer_mut("/Resources/OutboundUse1SecurityGroup/Properties")
                    .unwrap()
                    .as_object_mut()
                    .unwrap();
                let egress = group.remove("SecurityGroupEgress").unwrap();
                group.insert("SecurityGroupIngress".into(), egress);
            })
        },
    );
    assert_noticed(
        "a DNS Firewall rule naming another domain list",
        &net,
        OBJECTS,
        |files| {
            edit_json(files, BASE, |t| {
                let path = "/Resources/DnsFirewallUse1DnsRuleGroup/Properties/FirewallRules/0/FirewallDomainListId";
                *t.pointer_mut(path).unwrap() = serde_json::json!({"Ref": "DnsUse1Vpc"});
            })
        },
    );
    assert_noticed(
        "hosted zone tags as Tags",
        &net,
        "Tags, where AWS::Route53::HostedZone takes HostedZoneTags",
        |files| {
            replace(files, BASE, "\"HostedZoneTags\"", "\"Tags\"");
        },
    );
    assert_noticed(
        "a hosted zone tag changed in Terraform",
        &net,
        "tags differ",
        |files| {
            replace(
                files,
                "main.tf",
                "Name       = \"acme-cloud-use1\"",
                "Name       = \"acme-cloud\"",
            );
        },
    );
}

#[test]
fn the_comparison_notices_a_wrong_manual_step_or_deploy_order() {
    let peered = tgw(&[("regions", "us-east-1,eu-west-1")]);
    assert_noticed(
        "no manual step",
        &peered,
        "one manual step per manual resource",
        |files| {
            edit_json(files, "manifest.json", |m| {
                m.as_object_mut().unwrap().remove("manual_steps");
            })
        },
    );
    assert_noticed(
        "a manual step in the wrong region",
        &peered,
        "CloudFormation resources / the graph's differ",
        |files| {
            edit_json(files, "manifest.json", |m| {
                m["manual_steps"][0]["region"] = "us-east-1".into();
            })
        },
    );
    assert_noticed(
        "a manual step naming an output that is not there",
        &peered,
        "which is not there",
        |files| {
            edit_json(files, "manifest.json", |m| {
                let step = m["manual_steps"][0]["step"].as_str().unwrap();
                let wrong = step.replacen("(output ", "(output Missing", 1);
                m["manual_steps"][0]["step"] = wrong.into();
            })
        },
    );
    assert_noticed(
        "a manual step after the stacks that need it",
        &peered,
        NOT_USERS,
        |files| {
            edit_json(files, "manifest.json", |m| {
                m["manual_steps"][0]["before_stacks"] = Json::Array(Vec::new());
            })
        },
    );
    assert_noticed(
        "stacks deployed before those they depend on",
        &peered,
        "is deployed before",
        |files| {
            edit_json(files, "manifest.json", |m| {
                m["deploy_order"].as_array_mut().unwrap().reverse();
            })
        },
    );
    assert_noticed(
        "requester routing not waiting for the accepter",
        &peered,
        NOT_USERS,
        |files| {
            let accepter =
                "aws_ec2_transit_gateway_peering_attachment_accepter.hub_euw1_peer_use1_euw1";
            let wait = format!("  depends_on = [\n    {accepter}\n  ]\n");
            replace(files, "main.tf", &wait, "");
        },
    );
}

#[test]
fn the_comparison_notices_a_wrong_cloud_wan_reference_or_policy() {
    let wan = cloudwan(&[]);
    const SPOKE: &str = "acme-workload-1-us-east-1.template.json";
    assert_noticed(
        "a policy document that is not the policy attachment's",
        &wan,
        "PolicyDocument is not the value of",
        |files| {
            edit_json(files, BASE, |t| {
                let path = "/Resources/WanCoreNetwork/Properties/PolicyDocument/segments";
                t.pointer_mut(path).unwrap().as_array_mut().unwrap().pop();
            })
        },
    );
    assert_noticed(
        "no policy document",
        &wan,
        "PolicyDocument is not the value of",
        |files| {
            edit_json(files, BASE, |t| {
                let props = t
                    .pointer_mut("/Resources/WanCoreNetwork/Properties")
                    .unwrap();
                props.as_object_mut().unwrap().remove("PolicyDocument");
            })
        },
    );
    assert_noticed(
        "an attachment's VPC ARN naming another VPC",
        &wan,
        DIFFER,
        |files| replace(files, SPOKE, "vpc/${ProdUse11Vpc}", "vpc/${SharedUse11Vpc}"),
    );
    assert_noticed(
        "an ARN that is not the table's Fn::Sub text",
        &wan,
        "unresolvable",
        |files| {
            replace(
                files,
                SPOKE,
                ":vpc/${ProdUse11Vpc}",
                ":vpcs/${ProdUse11Vpc}",
            )
        },
    );
    assert_noticed(
        "Terraform routes not waiting for their attachment",
        &wan,
        DIFFER,
        |files| {
            let wait =
                "  depends_on = [\n    aws_networkmanager_vpc_attachment.wan_prod_use1_1\n  ]\n";
            replace(files, "main.tf", wait, "");
        },
    );
    assert_noticed(
        "a DependsOn that a reference already makes",
        &wan,
        "CloudFormation references / the same on stand-ins differ",
        |files| {
            edit_json(files, BASE, |t| {
                let attachment = t
                    .pointer_mut("/Resources/WanInspectionUse1CwAttachment")
                    .unwrap();
                attachment["DependsOn"] = serde_json::json!(["WanCoreNetwork"]);
            })
        },
    );
}

// ------------------------------------------------------------------ the policy document

/// Terraform's policy document: the heredoc of
/// `aws_networkmanager_core_network_policy_attachment`'s `policy_document`, template escapes
/// undone (`$${` is `${`, `%%{` is `%{`), as JSON; with the raw heredoc text.
fn terraform_policy(files: &[OutputFile]) -> (Json, String) {
    use hcl::expr::{Expression, TemplateExpr};
    let main = files.iter().find(|f| f.path == "main.tf").expect("main.tf");
    let body: hcl::Body = hcl::parse(&main.contents).expect("main.tf parses");
    let mut found = body.blocks().filter(|b| {
        b.identifier() == "resource"
            && b.labels()[0].as_str() == "aws_networkmanager_core_network_policy_attachment"
    });
    let block = found.next().expect("a policy attachment");
    assert!(found.next().is_none(), "one policy attachment");
    let attribute = block
        .body()
        .attributes()
        .find(|a| a.key() == "policy_document")
        .expect("policy_document");
    let Expression::TemplateExpr(template) = attribute.expr() else {
        panic!("policy_document is not a heredoc: {:?}", attribute.expr());
    };
    let TemplateExpr::Heredoc(heredoc) = template.as_ref() else {
        panic!("policy_document is not a heredoc: {template:?}");
    };
    let text = heredoc.template.replace("$${", "${").replace("%%{", "%{");
    // Terraform reads the heredoc as literal text: the same text.
    let parsed = hcl::template::Template::from_expr(template).expect("the heredoc parses");
    let literal: String = parsed
        .elements()
        .iter()
        .map(|element| match element {
            hcl::template::Element::Literal(text) => text.as_str(),
            other => panic!("the policy heredoc has {other:?}"),
        })
        .collect();
    assert_eq!(literal, text, "Terraform reads the heredoc as other text");
    let json = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("the heredoc is not JSON ({e}):\n{text}"));
    (json, heredoc.template.clone())
}

/// CloudFormation's policy document: the `PolicyDocument` of the one
/// `AWS::NetworkManager::CoreNetwork`, with the stack it is in.
fn cloudformation_policy(files: &[OutputFile]) -> (Json, String) {
    let mut found = Vec::new();
    for file in files.iter().filter(|f| f.path.ends_with(".template.json")) {
        let template: Json = serde_json::from_str(&file.contents).expect("JSON");
        for resource in template["Resources"].as_object().unwrap().values() {
            if resource["Type"] == "AWS::NetworkManager::CoreNetwork" {
                found.push((
                    resource["Properties"]["PolicyDocument"].clone(),
                    file.path.clone(),
                ));
            }
        }
    }
    assert_eq!(found.len(), 1, "one core network");
    found.pop().unwrap()
}

/// The policy JSON of both targets, and the model's policy serialized, are the same JSON,
/// keys in the same order.
fn assert_same_policy(name: &str, network: &Network) {
    let core = network.core_network.as_ref().expect("a core network");
    let model = serde_json::to_value(&core.policy).unwrap();
    let graph = graph(network);
    let (tf, _) = terraform_policy(&Target::Terraform.render(&graph).unwrap());
    let (cfn, template) = cloudformation_policy(&Target::CloudFormation.render(&graph).unwrap());
    assert!(
        cfn.is_object(),
        "{name}: PolicyDocument is an object: {cfn}"
    );
    assert_eq!(tf, model, "{name}: Terraform's policy is not the model's");
    assert_eq!(
        cfn, model,
        "{name}: CloudFormation's policy is not the model's"
    );
    let text = |json: &Json| serde_json::to_string(json).unwrap();
    assert_eq!(text(&tf), text(&model), "{name}: Terraform's key order");
    assert_eq!(
        text(&cfn),
        text(&model),
        "{name}: CloudFormation's key order"
    );
    // The core network is declared in the network account's stack of the home region.
    let home = format!(
        "{}-{}-{}.template.json",
        network.name, core.account, core.home_region
    );
    assert_eq!(template, home, "{name}");
}

#[test]
fn the_core_network_policy_is_the_same_json_in_both_targets() {
    let mut checked = 0;
    for (name, network) in variants() {
        if network.core_network.is_some() {
            assert_same_policy(&name, &network);
            checked += 1;
        }
    }
    assert!(
        checked >= 4,
        "the cloudwan variants have core networks ({checked})"
    );
}

/// Text that Terraform would read as a template (`${...}`, `%{...}`) is escaped in the
/// heredoc and comes back as written.
#[test]
fn template_sequences_in_the_policy_are_escaped_for_terraform() {
    let mut network = cloudwan(&[]);
    let core = network.core_network.as_mut().unwrap();
    let text = "owner ${aws:PrincipalTag/team} %{ if x }y%{ endif } 100% $5";
    core.policy.segments[0].description = Some(text.into());
    assert_same_policy("a policy with template sequences", &network);
    let (tf, raw) = terraform_policy(&render(&network, Target::Terraform));
    assert_eq!(tf["segments"][0]["description"], text);
    assert!(
        raw.contains("owner $${aws:PrincipalTag/team} %%{ if x }y%%{ endif } 100% $5"),
        "{raw}"
    );
}

// ------------------------------------------------------------------ IPAM and IPv6

/// The IP address management kinds, all of which the comparisons meet.
const IPAM_KINDS: &[Kind] = &[
    Kind::Ipam,
    Kind::IpamPool,
    Kind::IpamPoolCidr,
    Kind::IpamPoolNetmask,
    Kind::VpcIpv6Block,
    Kind::EgressOnlyIgw,
];

/// `ipam-landing-zone` with IPAM choosing each VPC's IPv4 CIDR at deploy time, dual-stack.
const DEPLOY_TIME: &[(&str, &str)] = &[("ip-mode", "dual-stack"), ("allocation", "ipam")];

fn landing_zone(sets: &[(&str, &str)]) -> Network {
    blueprint("ipam-landing-zone", sets)
}

/// The networks the IPAM and IPv6 comparisons name: the landing zone planned offline (the
/// default) and at deploy time dual-stack, and `single-vpc` IPv6-only.
fn ipam_networks() -> Vec<(&'static str, Network)> {
    vec![
        ("ipam-landing-zone", landing_zone(&[])),
        (
            "ipam-landing-zone ip-mode=dual-stack allocation=ipam",
            landing_zone(DEPLOY_TIME),
        ),
        (
            "single-vpc ip-mode=ipv6-only",
            blueprint("single-vpc", &[("ip-mode", "ipv6-only")]),
        ),
    ]
}

#[test]
fn the_ipam_landing_zone_and_an_ipv6_only_vpc_render_the_same_network_in_both_targets() {
    for (name, network) in ipam_networks() {
        assert_equivalent(name, &network);
    }
}

/// Between them, [`ipam_networks`] hold every IPAM kind (so do the [`variants`]), and the
/// table has no IPAM kind [`IPAM_KINDS`] misses: every kind from `Ipam` to the edge kinds
/// (`BpaOptions` on).
#[test]
fn the_compared_networks_hold_every_ipam_kind() {
    let mut named = BTreeSet::new();
    for (_, network) in ipam_networks() {
        named.extend(graph(&network).resources.keys().map(|id| id.kind));
    }
    let mut all = BTreeSet::new();
    for (_, network) in variants() {
        all.extend(graph(&network).resources.keys().map(|id| id.kind));
    }
    for kind in IPAM_KINDS {
        assert!(named.contains(kind), "the IPAM networks have no {kind:?}");
        assert!(all.contains(kind), "the variants have no {kind:?}");
    }
    let first = Kind::ALL.iter().position(|k| *k == Kind::Ipam).unwrap();
    let end = Kind::ALL
        .iter()
        .position(|k| *k == Kind::BpaOptions)
        .unwrap();
    assert_eq!(&Kind::ALL[first..end], IPAM_KINDS);
}

/// A network's rendered files, read back: Terraform's `main.tf`, and CloudFormation's
/// templates by stack with the manifest.
struct Both {
    main: hcl::Body,
    templates: BTreeMap<String, Json>,
    manifest: Json,
    ids: Ids,
}

fn both(network: &Network) -> Both {
    let graph = graph(network);
    let tf = Target::Terraform.render(&graph).unwrap();
    let main = tf.iter().find(|f| f.path == "main.tf").expect("main.tf");
    let cfn = Target::CloudFormation.render(&graph).unwrap();
    let json = |path: &str| -> Json {
        let file = cfn.iter().find(|f| f.path == path).expect("file exists");
        serde_json::from_str(&file.contents).expect("valid JSON")
    };
    let manifest = json("manifest.json");
    let templates = manifest["stacks"]
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
    Both {
        main: hcl::parse(&main.contents).expect("main.tf parses"),
        templates,
        manifest,
        ids: ids(&graph),
    }
}

impl Both {
    /// The arguments of `resource "TYPE" "LABEL"`, by name.
    fn tf(&self, tf_type: &str, label: &str) -> BTreeMap<String, hcl::Expression> {
        let block = self
            .main
            .blocks()
            .find(|b| {
                b.identifier() == "resource"
                    && b.labels()[0].as_str() == tf_type
                    && b.labels()[1].as_str() == label
            })
            .unwrap_or_else(|| panic!("no resource {tf_type}.{label}"));
        block
            .body()
            .attributes()
            .map(|a| (a.key().to_string(), a.expr().clone()))
            .collect()
    }

    /// The stack and the resource of logical id `logical`.
    fn cfn(&self, logical: &str) -> (&str, &Json) {
        self.templates
            .iter()
            .find_map(|(stack, t)| Some((stack.as_str(), t["Resources"].get(logical)?)))
            .unwrap_or_else(|| panic!("no {logical} in any template"))
    }

    /// What a CloudFormation value of stack `stack` refers to (through the manifest's wiring).
    fn resolve(&self, stack: &str, value: &Json) -> Option<(ResourceId, Attr)> {
        resolve(&self.ids, &self.manifest, &self.templates, stack, value)
    }

    fn position(&self, stack: &str) -> usize {
        self.manifest["deploy_order"]
            .as_array()
            .unwrap()
            .iter()
            .position(|s| s == stack)
            .unwrap_or_else(|| panic!("{stack} is not in the deploy order"))
    }
}

/// `TYPE.LABEL.ATTR` as text, for a traversal.
fn traversal_text(expr: &hcl::Expression) -> String {
    let mut found = Vec::new();
    tf_references(expr, &mut found);
    match found.as_slice() {
        [(root, label, Some(Read::Attr(attr)))]
            if matches!(expr, hcl::Expression::Traversal(_)) =>
        {
            format!("{root}.{label}.{attr}")
        }
        _ => panic!("not TYPE.LABEL.ATTR: {expr:?}"),
    }
}

fn keys(properties: &Json) -> BTreeSet<&str> {
    properties
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect()
}

/// How each target gives a VPC its pool. Planned offline (the default): Terraform passes the
/// planned `cidr_block` with `ipv4_ipam_pool_id` (so the pool records the allocation) and no
/// netmask; CloudFormation's `AWS::EC2::VPC` takes `CidrBlock` or `Ipv4IpamPoolId`, not both,
/// so it has the same `CidrBlock` alone and the pool has `AutoImport` (in both targets; the
/// pools above it do not, so the VPC is not imported into a pool above its own). The CIDR is
/// inside the pool's provisioned CIDR. At deploy time (`allocation=ipam`): the pool and the
/// netmask in both, no CIDR, and no pool imports. Either way the workload stack is deployed
/// after the network stack that holds the pools.
#[test]
fn a_vpc_takes_its_pool_as_each_target_can() {
    let lz = both(&landing_zone(&[]));
    let tf = lz.tf("aws_vpc", "prod_use1_1");
    let hcl::Expression::String(cidr) = &tf["cidr_block"] else {
        panic!("a planned VPC's cidr_block is text: {:?}", tf["cidr_block"]);
    };
    assert_eq!(
        traversal_text(&tf["ipv4_ipam_pool_id"]),
        "aws_vpc_ipam_pool.prod_use1.id"
    );
    assert!(!tf.contains_key("ipv4_netmask_length"), "{tf:?}");
    let (stack, vpc) = lz.cfn("ProdUse11Vpc");
    let properties = &vpc["Properties"];
    assert_eq!(properties["CidrBlock"], cidr.as_str());
    assert_eq!(
        keys(properties),
        BTreeSet::from([
            "CidrBlock",
            "EnableDnsSupport",
            "EnableDnsHostnames",
            "Tags"
        ]),
        "CloudFormation's VPC names no pool beside its CIDR"
    );
    // The CIDR is the pool's, in both.
    let hcl::Expression::String(pool_cidr) = &lz.tf("aws_vpc_ipam_pool_cidr", "prod_use1")["cidr"]
    else {
        panic!("the pool's CIDR is text");
    };
    let (network_stack, pool) = lz.cfn("ProdUse1IpamPool");
    assert_eq!(
        pool["Properties"]["ProvisionedCidrs"],
        serde_json::json!([{"Cidr": pool_cidr}])
    );
    let (inner, outer): (ipnet::Ipv4Net, ipnet::Ipv4Net) =
        (cidr.parse().unwrap(), pool_cidr.parse().unwrap());
    assert!(outer.contains(&inner), "{inner} is not in its pool {outer}");
    assert_eq!(inner.prefix_len(), 22, "vpc-netmask");
    // The pool imports what it finds, in both; the pools above it do not.
    assert_eq!(pool["Properties"]["AutoImport"], true);
    assert_eq!(
        lz.tf("aws_vpc_ipam_pool", "prod_use1")["auto_import"],
        hcl::Expression::Bool(true)
    );
    for (label, logical) in [("top", "TopIpamPool"), ("use1", "Use1IpamPool")] {
        assert!(!lz
            .tf("aws_vpc_ipam_pool", label)
            .contains_key("auto_import"));
        assert!(lz.cfn(logical).1["Properties"].get("AutoImport").is_none());
    }
    assert!(lz.position(network_stack) < lz.position(stack));

    let lz = both(&landing_zone(DEPLOY_TIME));
    let tf = lz.tf("aws_vpc", "prod_use1_1");
    assert!(!tf.contains_key("cidr_block"), "{tf:?}");
    assert_eq!(
        traversal_text(&tf["ipv4_ipam_pool_id"]),
        "aws_vpc_ipam_pool.prod_use1.id"
    );
    assert_eq!(
        tf["ipv4_netmask_length"],
        hcl::Expression::Number(22.into())
    );
    let (stack, vpc) = lz.cfn("ProdUse11Vpc");
    let properties = &vpc["Properties"];
    assert!(properties.get("CidrBlock").is_none(), "{properties}");
    assert_eq!(properties["Ipv4NetmaskLength"], 22);
    let (pool, attr) = lz
        .resolve(stack, &properties["Ipv4IpamPoolId"])
        .expect("the pool, through the manifest");
    assert_eq!(
        (pool.kind, pool.logical_id().to_string(), attr),
        (Kind::IpamPool, "ProdUse1IpamPool".to_string(), Attr::Id)
    );
    for (label, logical) in [("top", "TopIpamPool"), ("prod_use1", "ProdUse1IpamPool")] {
        assert!(!lz
            .tf("aws_vpc_ipam_pool", label)
            .contains_key("auto_import"));
        assert!(lz.cfn(logical).1["Properties"].get("AutoImport").is_none());
    }
    let (network_stack, _) = lz.cfn("ProdUse1IpamPool");
    assert!(lz.position(network_stack) < lz.position(stack));
}

/// The comparison notices a reference only Terraform may spell in CloudFormation, a VPC's
/// IPv6 block read without waiting for it, and a subnet's IPv6 block from another VPC.
#[test]
fn the_comparison_notices_a_wrong_pool_or_ipv6_block() {
    const PROD: &str = "acme-prod-us-east-1.template.json";
    assert_noticed(
        "a CloudFormation VPC naming its pool beside its planned CIDR",
        &landing_zone(&[]),
        DIFFER,
        |files| {
            // The pool's id wired from the network stack, as the deploy-time form has it.
            edit_json(files, "acme-network-us-east-1.template.json", |t| {
                t["Outputs"]["InjectedPoolId"] =
                    serde_json::json!({"Value": {"Ref": "ProdUse1IpamPool"}});
            });
            edit_json(files, "manifest.json", |m| {
                let stacks = m["stacks"].as_array_mut().unwrap();
                let prod = stacks
                    .iter_mut()
                    .find(|s| s["name"] == "acme-prod-us-east-1")
                    .unwrap();
                prod["parameters"]
                    .as_array_mut()
                    .unwrap()
                    .push(serde_json::json!({
                        "parameter": "InjectedPoolId",
                        "from_stack": "acme-network-us-east-1",
                        "output": "InjectedPoolId",
                    }));
            });
            edit_json(files, PROD, |t| {
                let props = t.pointer_mut("/Resources/ProdUse11Vpc/Properties").unwrap();
                props["Ipv4IpamPoolId"] = serde_json::json!({"Ref": "InjectedPoolId"});
            })
        },
    );
    let deploy_time = landing_zone(DEPLOY_TIME);
    assert_noticed(
        "a subnet reading the VPC's IPv6 block without a DependsOn on it",
        &deploy_time,
        "without a DependsOn",
        |files| {
            edit_json(files, PROD, |t| {
                let subnet = t.pointer_mut("/Resources/ProdUse11AppASubnet").unwrap();
                subnet.as_object_mut().unwrap().remove("DependsOn");
            })
        },
    );
    assert_noticed(
        "a Terraform subnet in another VPC's IPv6 block",
        &deploy_time,
        DIFFER,
        |files| {
            replace(
                files,
                "main.tf",
                "ipv6_cidr_block                 = cidrsubnet(aws_vpc_ipv6_cidr_block_association.prod_use1_1.ipv6_cidr_block, 8, 0)",
                "ipv6_cidr_block                 = cidrsubnet(aws_vpc_ipv6_cidr_block_association.dev_use1_1.ipv6_cidr_block, 8, 0)",
            )
        },
    );
    assert_noticed(
        "a CloudFormation subnet reading a VPC list that holds no IPv6 block",
        &deploy_time,
        "unresolvable",
        |files| {
            replace(
                files,
                PROD,
                "\"Ipv6CidrBlocks\"",
                "\"CidrBlockAssociations\"",
            )
        },
    );
}

/// A VPC planned offline from a pool of its own account and region (one stack with the IPAM):
/// Terraform names the pool (`ipv4_ipam_pool_id`) and waits for its CIDR (`depends_on`);
/// CloudFormation cannot name the pool beside `CidrBlock`, so it must `DependsOn` the pool
/// (the holder of its `ProvisionedCidrs`) instead, or the VPC may be created before the pool
/// it is recorded in, and deleted after it.
#[test]
fn a_vpc_planned_from_a_pool_of_its_own_stack_waits_for_the_pool_in_both_targets() {
    use netform::dsl::{AddressFamily, Ipam, IpamPool, Tier, Vpc};
    let network = Network::builder("own")
        .network_account("network", "111111111111")
        .ipam(
            Ipam::builder("main", "network", "us-east-1")
                .operating_regions(["us-east-1"])
                .pool(IpamPool::builder("top", AddressFamily::Ipv4).cidr("10.0.0.0/8"))
                .pool(
                    IpamPool::builder("use1", AddressFamily::Ipv4)
                        .parent("top")
                        .allocate(16)
                        .locale("us-east-1"),
                ),
        )
        .vpc(
            Vpc::builder("app", "network", "us-east-1")
                .allocate("use1", 20)
                .azs(["us-east-1a", "us-east-1b"])
                .subnets("private", Tier::Private, 24),
        )
        .build();
    assert_equivalent("a VPC planned from its own stack's pool", &network);
    let both = both(&network);
    let (_, vpc) = both.cfn("AppVpc");
    assert_eq!(vpc["DependsOn"], serde_json::json!(["Use1IpamPool"]));
}
