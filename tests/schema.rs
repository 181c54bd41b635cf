//! Conformance of the Terraform output with the hashicorp/aws provider schema, offline and
//! without Python.
//!
//! The schema is `tests/data/aws_tf_schema_subset.json`: the provider schema and the resource
//! types of `backends/src/kinds.rs`, cut from `../shared/validators/aws_tf_schema.json`
//! (hashicorp/aws 6.66.0) by `tests/data/subset_schema.py`; re-run that script after adding a
//! kind. In it, `arguments` are what a configuration may set (`required`, or optional, with
//! `computed: true` when the provider fills in a value left unset) and `attributes` are
//! read-only (computed-only). `id` and `tags_all` are listed as optional+computed arguments
//! (the provider's legacy SDK declares them so) but are never meant to be set.
//!
//! The checker ([`check_files`], [`check_module`]) parses every rendered `.tf` file with hcl-rs
//! and returns one message per problem:
//! - top level: only `terraform`, `provider`, `variable`, `resource` and `output` blocks
//!   (anything else would go unchecked); the `hashicorp/aws` version constraint admits the
//!   schema's provider version;
//! - `provider "aws"` blocks: arguments and nested blocks exist in the provider schema,
//!   aliases are unique;
//! - `resource` blocks: two labels, a valid name, no duplicates; the type is in the schema;
//!   every argument is a known argument (not a read-only attribute, not `id`/`tags_all`; the
//!   meta-arguments `provider`, `depends_on`, `count`, `for_each` and a `lifecycle` block are
//!   allowed: the block has Terraform's lifecycle arguments only, and `ignore_changes` lists
//!   bare names of the type's arguments and blocks, such as a zone's `[vpc]`); literal values
//!   fit the argument's type; every required argument and block is
//!   present; nested blocks are known (recursively), appear at most `max_items` times and take
//!   no labels; `provider = aws.ALIAS` names an alias of providers.tf (and a resource without
//!   `provider` needs a default `provider "aws"`); `depends_on` lists whole resources;
//! - references anywhere (resources, providers, outputs, variables, inside templates):
//!   `aws_x.label.attr` names a resource declared in the module and an argument, attribute or
//!   block of `aws_x` in the schema; `var.name` names a declared variable.
//!
//! Nested blocks are checked like resources, at any depth: a dotted kinds-table name
//! (`health_check.port`) and a nested structure of the graph (a firewall policy, a rule
//! group, a listener's `default_action`) both render as blocks, so their arguments, blocks,
//! counts and literals meet the schema of the block they are in.
//!
//! The networks checked are every built-in blueprint with its defaults, the variants of
//! [`crate::support::variants`] (the hubs' and the DNS ones), [`hand_built`],
//! [`crate::support::hub_with_every_rule_form`], [`crate::support::cloudwan_with_acceptance`]
//! and [`dns_every_form`], and in Terraform only the cross-account hosted zone
//! ([`cross_account_zone`], refused by CloudFormation), which together must emit every kind,
//! every property (nested ones at their dotted path, `lifecycle.ignore_changes` included),
//! every attribute reference (in the form of its [`TfAttr`]) and every nested field of
//! `kinds::FIELDS` (`conformance_networks_cover_every_kind_property_and_attribute`). The
//! negative tests break a clean rendered module in one place each and check the checker says
//! so.
//!
//! Nested fields are also checked where they are: every [`Value::Struct`] of the lowered
//! graphs, field by field, against the block (Terraform) and the object schema (CloudFormation)
//! its property or enclosing field renders in, at any depth
//! (`nested_fields_match_the_blocks_and_objects_they_are_rendered_in`): a Resolver endpoint's
//! `ip` and `subnet_id` against `ip_address` and the items of `IpAddresses`, a rule's `ip`
//! and `port` against `target_ip` and `TargetIps`, a zone's `zone_vpc_id` and
//! `zone_vpc_region` against `vpc` and `VPCs`; keyed entries against the one
//! `patternProperties` schema of their object.
//!
//! The CloudFormation side of the kinds table is checked against the registry schemas as
//! cfn-lint 1.58.0 ships them (`tests/data/cfn_schema_subset.json`, cut by
//! `tests/data/subset_cfn_schema.py`), in `kinds_table_matches_cloudformation_schema`:
//! - a kind written as a resource: its type exists; every property (dotted paths through
//!   nested objects, such as `Options.ApplianceModeSupport`) is a property a template may set
//!   (not read-only); if taggable, its tags property (`Tags`, a hosted zone's
//!   `HostedZoneTags`) is a settable list of `Key`/`Value`; every property the type requires
//!   is set by the table; a property in one target only is one of [`ONE_SIDED_PROPERTIES`]
//!   (Terraform's `create_base_policy`, `base_policy_document` and a zone's
//!   `lifecycle.ignore_changes`, CloudFormation's flow log `ResourceType`);
//! - its attributes: `Ref` is the type's one primary identifier, an id or an ARN as the
//!   attribute says; `Fn::GetAtt NAME` is a read-only property (or any property of the types
//!   cfn-lint lets `Fn::GetAtt` read every property of, [`GETATT_EVERY_PROPERTY`]: the VPC's
//!   `CidrBlock`); [`CfnAttr::FirstOfVpc`] is a read-only list of `AWS::EC2::VPC`, read for a
//!   kind attached to a VPC (a settable `VpcId`); the single endpoint is the
//!   read-only `EndpointIds` list; `Fn::Sub` ([`CfnAttr::Sub`], the VPC and subnet ARNs) is an
//!   ARN of the type's service and resource type, with one `${}` for the logical id and
//!   otherwise pseudo parameters, of a type that returns no ARN of its own;
//! - an `Entry` kind: its `list` is a settable list of every parent's type; a `Property` kind
//!   (the core policy attachment): its `property` is a settable property of every parent's
//!   type (`PolicyDocument` of `AWS::NetworkManager::CoreNetwork`), its own type is the
//!   parent's, and its other property names are the parent's (the parent kinds come from the
//!   lowered conformance networks); an `Object` kind (a security group rule, a DNS Firewall
//!   rule) has no type, its `parent` no CloudFormation name, its `list` is a settable list of
//!   objects of every parent's type (`SecurityGroupIngress`, `FirewallRules`), its other
//!   CloudFormation names are properties of the list's items, it sets every property the items
//!   require, and its one-sided properties (the DNS Firewall rule's `name`) are listed; a
//!   `Refused` kind (a cross-account zone association) has no type and no CloudFormation name,
//!   and its message is a property neither target renders; a `Manual` kind has no type;
//! - every nested field's name is a property somewhere in the schemas.
//!
//! `cloudformation_output_meets_each_types_combination_rules` checks every rendered resource
//! against its type's top-level `requiredXor`, `requiredOr`, `dependentRequired` and
//! `dependentExcluded` (kept in the subset): a VPC takes `CidrBlock` or `Ipv4IpamPoolId` with
//! `Ipv4NetmaskLength`, never both; a subnet has an IPv4 or an IPv6 block.
//!
//! `conformance_networks_cover_every_kind_in_cloudformation` renders the same networks to
//! CloudFormation (not the cross-account zone): every property of the table is set somewhere
//! (and every entry list and property slot in its parent, every object kind's property in the
//! objects of its parent's list), and every attribute a resource, an object, an output or a
//! manual step needs is read in its form (`Ref`, `Fn::GetAtt`, the single endpoint, the
//! `Fn::Sub` text, and for a VPC's IPv6 block the first of the VPC's `Ipv6CidrBlocks` in a
//! resource that `DependsOn` the block).
//!
//! The networks include the IPv6 and IPAM variants of [`variants`] (`ipam-landing-zone`
//! dual-stack with deploy-time allocation and planned over two regions, `single-vpc`
//! IPv6-only and dual-stack), which render every IPAM kind, the VPC's pool and netmask, the
//! subnets' IPv6 properties and the IPv6 routes.

use crate::support::{
    cloudwan_with_acceptance, hub_with_every_rule_form, tf_single_endpoint, variants,
};
use crate::wiring::cross_account_zone;
use hcl::expr::{Expression, ObjectKey, TemplateExpr, TraversalOperator};
use hcl::template::{Directive, Element, Template};
use hcl::{Attribute, Block, Body, Structure};
use netform::backends::kinds::{field, AttrSpec, CfnAttr, CfnForm, TfAttr, FIELDS};
use netform::backends::{lower, Attr, Kind, OutputFile, ResourceGraph, Target, Value};
use netform::dsl::{
    BlockResponse, DnsFirewallAction, DnsProtocol, FlowLogs, NatMode, Network, QueryLogDestination,
    RecordType, Tier, TrafficType, Vpc,
};
use serde_json::Value as Json;
use std::collections::{BTreeMap, BTreeSet};

/// The schema subset, found from the netform package (also when this file is compiled by
/// another crate).
const SCHEMA_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/aws_tf_schema_subset.json"
);

/// Meta-arguments Terraform accepts in every `resource` block.
const RESOURCE_META_ARGUMENTS: &[&str] = &["provider", "depends_on", "count", "for_each"];
/// Meta-blocks Terraform accepts in every `resource` block.
const RESOURCE_META_BLOCKS: &[&str] = &["lifecycle"];
/// The arguments of a `lifecycle` block (Terraform's, not the provider's).
const LIFECYCLE_ARGUMENTS: &[&str] = &[
    "create_before_destroy",
    "prevent_destroy",
    "ignore_changes",
    "replace_triggered_by",
];
/// The blocks of a `lifecycle` block.
const LIFECYCLE_BLOCKS: &[&str] = &["precondition", "postcondition"];
/// Meta-arguments of a `provider` block.
const PROVIDER_META_ARGUMENTS: &[&str] = &["alias", "version"];
/// Optional+computed in the schema, but only the provider sets them.
const NEVER_SET: &[&str] = &["id", "tags_all"];
/// The top-level blocks the checker understands.
const TOP_LEVEL_BLOCKS: &[&str] = &["terraform", "provider", "variable", "resource", "output"];

// ------------------------------------------------------------------------------ the schema

/// The schema subset.
fn schema() -> Json {
    let text = std::fs::read_to_string(SCHEMA_PATH).unwrap_or_else(|e| {
        panic!("cannot read {SCHEMA_PATH}: {e}; write it with tests/data/subset_schema.py")
    });
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{SCHEMA_PATH} is not JSON: {e}"))
}

/// The entries of one section (`arguments`, `attributes`, `blocks`) of a schema node.
fn section<'a>(node: &'a Json, key: &str) -> impl Iterator<Item = (&'a String, &'a Json)> {
    node.get(key)
        .and_then(Json::as_object)
        .into_iter()
        .flatten()
}

/// One entry of a section of a schema node.
fn entry<'a>(node: &'a Json, key: &str, name: &str) -> Option<&'a Json> {
    node.get(key)?.get(name)
}

fn flag(spec: &Json, key: &str) -> bool {
    spec.get(key).and_then(Json::as_bool).unwrap_or(false)
}

/// The schema of resource type `tf_type`.
fn resource_schema<'a>(schema: &'a Json, tf_type: &str) -> Option<&'a Json> {
    schema.get("resources")?.get(tf_type)
}

/// Whether `name` is something a configuration may set on `node`.
fn settable(node: &Json, name: &str) -> bool {
    entry(node, "arguments", name).is_some() && !NEVER_SET.contains(&name)
}

/// Whether `name` can be read from a resource of schema `node`.
fn readable(node: &Json, name: &str) -> bool {
    ["arguments", "attributes", "blocks"]
        .iter()
        .any(|section| entry(node, section, name).is_some())
}

/// The block at a dotted path (`health_check`, `rule_group.rules_source`) of a schema node.
fn block_at<'a>(node: &'a Json, path: &str) -> Option<&'a Json> {
    path.split('.')
        .try_fold(node, |node, name| entry(node, "blocks", name))
}

/// Whether a kinds-table Terraform name can be set on `node`: an argument, or a block (a
/// nested structure of the graph renders as one), after following a dotted path
/// (`health_check.port`) through the blocks it names.
fn settable_path(node: &Json, path: &str) -> bool {
    match path.rsplit_once('.') {
        Some((blocks, leaf)) => block_at(node, blocks).is_some_and(|b| settable_path(b, leaf)),
        None => settable(node, path) || entry(node, "blocks", path).is_some(),
    }
}

/// The name a [`TfAttr`] reads first after `TYPE.LABEL`.
fn read_name(tf: TfAttr) -> &'static str {
    match tf {
        TfAttr::Attr(name) => name,
        TfAttr::SingleEndpoint => "firewall_status",
        TfAttr::DnsEntry(_) => "dns_entry",
    }
}

/// The names of every argument and block inside a schema node, at any depth.
fn nested_names<'a>(node: &'a Json, out: &mut BTreeSet<&'a str>) {
    for (name, _) in section(node, "arguments") {
        out.insert(name);
    }
    for (name, block) in section(node, "blocks") {
        out.insert(name);
        nested_names(block, out);
    }
}

// ------------------------------------------------------------------------------ the checker

/// A module: each file's name and parsed body, in file order.
type Module = Vec<(String, Body)>;

/// Parses the `.tf` files of a rendered module.
fn parse_module(files: &[OutputFile]) -> Result<Module, Vec<String>> {
    let mut module = Vec::new();
    let mut problems = Vec::new();
    for file in files.iter().filter(|f| f.path.ends_with(".tf")) {
        match hcl::parse(&file.contents) {
            Ok(body) => module.push((file.path.clone(), body)),
            Err(e) => problems.push(format!("{}: does not parse as HCL: {e}", file.path)),
        }
    }
    if problems.is_empty() {
        Ok(module)
    } else {
        Err(problems)
    }
}

/// Every problem of a rendered module, or none.
fn check_files(schema: &Json, files: &[OutputFile]) -> Vec<String> {
    match parse_module(files) {
        Ok(module) => check_module(schema, &module),
        Err(problems) => problems,
    }
}

/// A block's labels as strings.
fn labels(block: &Block) -> Vec<&str> {
    block.labels().iter().map(|l| l.as_str()).collect()
}

/// Where a top-level block is, for messages: `main.tf: aws_vpc.hub`.
fn describe(file: &str, block: &Block) -> String {
    let labels = labels(block);
    match (block.identifier(), labels.as_slice()) {
        ("resource", [tf_type, name]) => format!("{file}: {tf_type}.{name}"),
        ("provider", [name]) => {
            let alias = string_attribute(block.body(), "alias").unwrap_or_default();
            format!("{file}: provider \"{name}\" (alias {alias:?})")
        }
        (kind, labels) => format!("{file}: {kind} {}", labels.join(".")),
    }
}

fn attribute<'a>(body: &'a Body, key: &str) -> Option<&'a Attribute> {
    body.attributes().find(|a| a.key.as_str() == key)
}

fn string_attribute(body: &Body, key: &str) -> Option<String> {
    match &attribute(body, key)?.expr {
        Expression::String(s) => Some(s.clone()),
        Expression::TemplateExpr(t) => Some(t.to_string()),
        _ => None,
    }
}

/// What the module declares.
#[derive(Default)]
struct Declarations<'a> {
    /// `(type, name)` of every resource.
    resources: BTreeSet<(&'a str, &'a str)>,
    /// Every `provider "aws"` alias; `None` for a default (unaliased) one.
    aws_aliases: BTreeSet<Option<String>>,
    /// Every variable.
    variables: BTreeSet<&'a str>,
}

/// Every problem of a parsed module, or none.
fn check_module(schema: &Json, module: &Module) -> Vec<String> {
    let mut problems = Vec::new();
    let declared = declarations(module, &mut problems);
    let provider = &schema["provider"];
    for (file, body) in module {
        for attr in body.attributes() {
            problems.push(format!(
                "{file}: unexpected top-level argument {:?}",
                attr.key.as_str()
            ));
        }
        for block in body.blocks() {
            let at = describe(file, block);
            match (block.identifier(), labels(block).as_slice()) {
                ("terraform", _) => check_terraform(schema, &at, block, &mut problems),
                ("provider", ["aws"]) => check_body(
                    &mut problems,
                    &at,
                    block.body(),
                    provider,
                    PROVIDER_META_ARGUMENTS,
                    &[],
                    false,
                ),
                ("provider", _) => {
                    problems.push(format!("{at}: only the aws provider is in the schema"))
                }
                ("resource", [tf_type, _]) => match resource_schema(schema, tf_type) {
                    Some(node) => {
                        check_body(
                            &mut problems,
                            &at,
                            block.body(),
                            node,
                            RESOURCE_META_ARGUMENTS,
                            RESOURCE_META_BLOCKS,
                            true,
                        );
                        check_meta_arguments(&declared, &at, block.body(), &mut problems);
                        check_lifecycle(&mut problems, &at, tf_type, block.body(), node);
                    }
                    None => problems.push(format!(
                        "{at}: unknown resource type {tf_type:?} (not in the schema subset; \
                         re-run tests/data/subset_schema.py if it is a new kind)"
                    )),
                },
                ("resource", _) => problems.push(format!("{at}: a resource takes two labels")),
                ("variable" | "output", [_]) => {}
                (kind, _) if TOP_LEVEL_BLOCKS.contains(&kind) => {
                    problems.push(format!("{at}: {kind} takes one label"))
                }
                (kind, _) => problems.push(format!(
                    "{at}: top-level block {kind:?} is not checked against the schema"
                )),
            }
            if block.identifier() == "output" && attribute(block.body(), "value").is_none() {
                problems.push(format!("{at}: an output needs a value"));
            }
            let mut refs = Vec::new();
            body_references(block.body(), &mut refs, &mut problems, &at);
            check_references(schema, &declared, &at, &refs, &mut problems);
        }
    }
    problems
}

/// What the module declares; duplicates are reported.
fn declarations<'a>(module: &'a Module, problems: &mut Vec<String>) -> Declarations<'a> {
    let mut declared = Declarations::default();
    for (file, body) in module {
        for block in body.blocks() {
            let at = describe(file, block);
            match (block.identifier(), labels(block).as_slice()) {
                ("resource", [tf_type, name]) => {
                    if !valid_name(name) {
                        problems.push(format!("{at}: {name:?} is not a valid resource name"));
                    }
                    if !declared.resources.insert((tf_type, name)) {
                        problems.push(format!("{at}: declared more than once"));
                    }
                }
                ("provider", ["aws"]) => {
                    let alias = string_attribute(block.body(), "alias");
                    if attribute(block.body(), "alias").is_some() && alias.is_none() {
                        problems.push(format!("{at}: alias must be a literal string"));
                    }
                    if !declared.aws_aliases.insert(alias) {
                        problems.push(format!("{at}: two aws providers with the same alias"));
                    }
                }
                ("variable", [name]) => {
                    let first = declared.variables.insert(name);
                    if !first {
                        problems.push(format!("{at}: declared more than once"));
                    }
                }
                _ => {}
            }
        }
    }
    declared
}

/// A name Terraform accepts for a resource: a letter or `_`, then letters, digits, `_`, `-`.
fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// A block body against its schema node: arguments, read-only attributes, literal types,
/// required arguments and blocks, nested blocks (recursively) and their counts.
fn check_body(
    problems: &mut Vec<String>,
    at: &str,
    body: &Body,
    node: &Json,
    meta_arguments: &[&str],
    meta_blocks: &[&str],
    resource: bool,
) {
    let mut set: BTreeSet<&str> = BTreeSet::new();
    let mut block_counts: BTreeMap<&str, usize> = BTreeMap::new();
    for attr in body.attributes() {
        let key = attr.key.as_str();
        if !set.insert(key) {
            problems.push(format!("{at}: argument {key:?} is set more than once"));
        }
        if meta_arguments.contains(&key) {
            continue;
        }
        if resource && NEVER_SET.contains(&key) {
            problems.push(format!(
                "{at}: {key:?} is computed by the provider and must not be set"
            ));
        } else if let Some(spec) = entry(node, "arguments", key) {
            check_literal(problems, at, key, spec, &attr.expr);
        } else if entry(node, "attributes", key).is_some() {
            problems.push(format!(
                "{at}: {key:?} is a read-only (computed-only) attribute and cannot be set"
            ));
        } else if let Some(spec) = entry(node, "blocks", key) {
            if flag(spec, "attribute") {
                // An object-typed attribute the schema models as a block: both forms work.
                *block_counts.entry(key).or_default() += 1;
            } else {
                problems.push(format!("{at}: {key:?} is a block, not an argument"));
            }
        } else {
            problems.push(format!("{at}: unknown argument {key:?}"));
        }
    }
    for block in body.blocks() {
        let name = block.identifier();
        if meta_blocks.contains(&name) {
            continue;
        }
        match entry(node, "blocks", name) {
            Some(spec) => {
                *block_counts.entry(name).or_default() += 1;
                if !block.labels().is_empty() {
                    problems.push(format!("{at}: block {name:?} takes no labels"));
                }
                let inner = format!("{at}.{name}");
                check_body(problems, &inner, block.body(), spec, &[], &[], false);
            }
            None if entry(node, "arguments", name).is_some() => problems.push(format!(
                "{at}: {name:?} is an argument, not a block: write {name} = ..."
            )),
            None => problems.push(format!("{at}: unknown block type {name:?}")),
        }
    }
    for (name, count) in &block_counts {
        let max = entry(node, "blocks", name)
            .and_then(|b| b.get("max_items"))
            .and_then(Json::as_u64);
        if let Some(max) = max {
            if *count as u64 > max {
                problems.push(format!(
                    "{at}: block {name:?} appears {count} times, at most {max} allowed"
                ));
            }
        }
    }
    for (name, spec) in section(node, "arguments") {
        if flag(spec, "required") && !set.contains(name.as_str()) {
            problems.push(format!("{at}: missing required argument {name:?}"));
        }
    }
    for (name, spec) in section(node, "blocks") {
        if flag(spec, "required") && !block_counts.contains_key(name.as_str()) {
            problems.push(format!("{at}: missing required block {name:?}"));
        }
    }
}

/// A literal value against the argument's type (`string`, `number`, `boolean`, `stringList`,
/// `stringMap`, ...), with Terraform's conversions: a number or bool is a fine string, and
/// `"true"` a fine bool. Expressions are not evaluated.
fn check_literal(problems: &mut Vec<String>, at: &str, key: &str, spec: &Json, expr: &Expression) {
    let ty = spec.get("type").and_then(Json::as_str).unwrap_or("any");
    let collection = spec.get("collection").and_then(Json::as_str);
    let is_list = ty.ends_with("List") || matches!(collection, Some("list" | "set"));
    let is_map = ty.ends_with("Map") || collection == Some("map");
    let literal = match expr {
        Expression::Null => return,
        Expression::Bool(_) => "a bool",
        Expression::Number(_) => "a number",
        Expression::String(_) | Expression::TemplateExpr(_) => "a string",
        Expression::Array(_) => "a list",
        Expression::Object(_) => "an object",
        _ => return,
    };
    let fits = if is_list {
        matches!(expr, Expression::Array(_))
    } else if is_map {
        match expr {
            Expression::Object(object) => object
                .values()
                .all(|v| !matches!(v, Expression::Array(_) | Expression::Object(_))),
            _ => false,
        }
    } else {
        match (ty, expr) {
            (_, Expression::Array(_) | Expression::Object(_)) => ty == "any",
            ("boolean", Expression::String(s)) => s == "true" || s == "false",
            ("boolean", Expression::Number(_)) => false,
            ("number", Expression::String(s)) => s.parse::<f64>().is_ok(),
            ("number", Expression::Bool(_)) => false,
            _ => true,
        }
    };
    if !fits {
        problems.push(format!(
            "{at}: {key:?} is of type {ty}, but is set to {literal}"
        ));
    }
}

/// `provider` and `depends_on` of a resource.
fn check_meta_arguments(
    declared: &Declarations,
    at: &str,
    body: &Body,
    problems: &mut Vec<String>,
) {
    match attribute(body, "provider").map(|a| &a.expr) {
        None => {
            if !declared.aws_aliases.contains(&None) {
                problems.push(format!(
                    "{at}: no provider argument, and there is no default provider \"aws\""
                ));
            }
        }
        Some(expr) => match simple_reference(expr).as_deref() {
            Some([provider, alias]) if provider == "aws" => {
                if !declared.aws_aliases.contains(&Some(alias.clone())) {
                    problems.push(format!(
                        "{at}: provider = aws.{alias}, but no provider \"aws\" has alias {alias:?}"
                    ));
                }
            }
            _ => problems.push(format!("{at}: provider must be aws.ALIAS")),
        },
    }
    if let Some(attr) = attribute(body, "depends_on") {
        let Expression::Array(items) = &attr.expr else {
            problems.push(format!("{at}: depends_on must be a list"));
            return;
        };
        for item in items {
            match simple_reference(item).as_deref() {
                Some([tf_type, name]) => {
                    if !declared
                        .resources
                        .contains(&(tf_type.as_str(), name.as_str()))
                    {
                        problems.push(format!(
                            "{at}: depends_on {tf_type}.{name}, which is not declared"
                        ));
                    }
                }
                _ => problems.push(format!(
                    "{at}: a depends_on entry must be a whole resource, TYPE.NAME"
                )),
            }
        }
    }
}

/// The `lifecycle` meta-block of a resource: at most one, without labels, with Terraform's
/// lifecycle arguments and blocks only; `ignore_changes` is `all` or a list of bare names of
/// the resource's own arguments and blocks (a zone's `[vpc]`, whose cross-account
/// associations are resources of their own).
fn check_lifecycle(problems: &mut Vec<String>, at: &str, tf_type: &str, body: &Body, node: &Json) {
    let lifecycles: Vec<&Block> = body
        .blocks()
        .filter(|b| b.identifier() == "lifecycle")
        .collect();
    if lifecycles.len() > 1 {
        problems.push(format!("{at}: more than one lifecycle block"));
    }
    for lifecycle in lifecycles {
        let at = format!("{at}.lifecycle");
        if !lifecycle.labels().is_empty() {
            problems.push(format!("{at}: lifecycle takes no labels"));
        }
        for attr in lifecycle.body().attributes() {
            let key = attr.key.as_str();
            if !LIFECYCLE_ARGUMENTS.contains(&key) {
                problems.push(format!("{at}: unknown lifecycle argument {key:?}"));
            } else if key == "ignore_changes" {
                check_ignore_changes(problems, &at, tf_type, &attr.expr, node);
            }
        }
        for block in lifecycle.body().blocks() {
            let name = block.identifier();
            if !LIFECYCLE_BLOCKS.contains(&name) {
                problems.push(format!("{at}: unknown lifecycle block {name:?}"));
            }
        }
    }
}

/// `ignore_changes = all` or `ignore_changes = [name, ...]`: bare names (a traversal such as
/// `tags.Name` names its root) of arguments or blocks of the resource type.
fn check_ignore_changes(
    problems: &mut Vec<String>,
    at: &str,
    tf_type: &str,
    expr: &Expression,
    node: &Json,
) {
    let items = match expr {
        Expression::Variable(v) if v.as_str() == "all" => return,
        Expression::Array(items) => items,
        _ => {
            problems.push(format!(
                "{at}: ignore_changes must be all or a list of argument names"
            ));
            return;
        }
    };
    for item in items {
        let name = match item {
            Expression::Variable(v) => v.as_str(),
            Expression::Traversal(t) => match &t.expr {
                Expression::Variable(v) => v.as_str(),
                _ => {
                    problems.push(format!("{at}: ignore_changes takes names, not {item}"));
                    continue;
                }
            },
            _ => {
                problems.push(format!(
                    "{at}: ignore_changes takes bare argument names, not {item}"
                ));
                continue;
            }
        };
        if !settable(node, name) && entry(node, "blocks", name).is_none() {
            problems.push(format!(
                "{at}: ignore_changes names {name:?}, which is no argument or block of {tf_type}"
            ));
        }
    }
}

/// `a.b.c` as `["a", "b", "c"]`; `None` for anything else (an index, a call, a string).
fn simple_reference(expr: &Expression) -> Option<Vec<String>> {
    let Expression::Traversal(traversal) = expr else {
        return None;
    };
    let Expression::Variable(root) = &traversal.expr else {
        return None;
    };
    let mut names = vec![root.as_str().to_string()];
    for op in &traversal.operators {
        match op {
            TraversalOperator::GetAttr(name) => names.push(name.as_str().to_string()),
            _ => return None,
        }
    }
    Some(names)
}

/// The `terraform` block: the aws provider's version constraint must admit the schema's
/// version, so the schema is one the module can actually run with.
fn check_terraform(schema: &Json, at: &str, block: &Block, problems: &mut Vec<String>) {
    let Some(version) = schema["_meta"]["terraform_provider_version"].as_str() else {
        problems.push(format!(
            "{SCHEMA_PATH}: _meta.terraform_provider_version is missing"
        ));
        return;
    };
    for required in block.body().blocks() {
        if required.identifier() != "required_providers" {
            continue;
        }
        let Some(attr) = attribute(required.body(), "aws") else {
            continue;
        };
        let Expression::Object(object) = &attr.expr else {
            problems.push(format!("{at}: required_providers.aws must be an object"));
            continue;
        };
        let field = |name: &str| {
            object.iter().find_map(|(key, value)| {
                let key = match key {
                    ObjectKey::Identifier(i) => i.as_str().to_string(),
                    ObjectKey::Expression(Expression::String(s)) => s.clone(),
                    _ => return None,
                };
                match value {
                    Expression::String(s) if key == name => Some(s.clone()),
                    _ => None,
                }
            })
        };
        if field("source").as_deref() != Some("hashicorp/aws") {
            problems.push(format!(
                "{at}: required_providers.aws.source is not hashicorp/aws"
            ));
        }
        match field("version") {
            Some(constraint) if !admits(&constraint, version) => problems.push(format!(
                "{at}: aws version constraint {constraint:?} excludes the schema's {version}; \
                 refresh tests/data/aws_tf_schema_subset.json"
            )),
            Some(_) => {}
            None => problems.push(format!("{at}: required_providers.aws has no version")),
        }
    }
}

/// Whether a Terraform version constraint (`>= 5.0, < 7.0`, `~> 6.1`) admits `version`.
fn admits(constraint: &str, version: &str) -> bool {
    fn parse(v: &str) -> Vec<u64> {
        v.trim()
            .split('.')
            .map(|p| p.parse().unwrap_or(0))
            .collect()
    }
    fn padded(v: &[u64], n: usize) -> Vec<u64> {
        let mut v = v.to_vec();
        v.resize(n.max(v.len()), 0);
        v
    }
    let have = parse(version);
    constraint.split(',').all(|part| {
        let part = part.trim();
        let op_len = part
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(part.len());
        let (op, want) = (part[..op_len].trim(), parse(&part[op_len..]));
        let n = want.len().max(have.len());
        let (h, w) = (padded(&have, n), padded(&want, n));
        match op {
            ">=" => h >= w,
            ">" => h > w,
            "<=" => h <= w,
            "<" => h < w,
            "!=" => h != w,
            "" | "=" => h == w,
            "~>" => {
                // ~> 6.1 admits 6.x >= 6.1; ~> 6.1.2 admits 6.1.x >= 6.1.2.
                let fixed = want.len().saturating_sub(1).max(1);
                h >= w && h[..fixed] == want[..fixed]
            }
            _ => false,
        }
    })
}

/// A reference found in an expression: `root.label` then the first attribute after any
/// indexes, such as `aws_vpc` / `hub` / `id`.
#[derive(Debug)]
struct Reference {
    root: String,
    label: Option<String>,
    attr: Option<String>,
}

/// Every reference in a body, recursively.
fn body_references(body: &Body, refs: &mut Vec<Reference>, problems: &mut Vec<String>, at: &str) {
    for structure in body.iter() {
        match structure {
            Structure::Attribute(attr) => expr_references(&attr.expr, refs, problems, at),
            Structure::Block(block) => body_references(block.body(), refs, problems, at),
        }
    }
}

/// Every reference in an expression, including inside templates.
fn expr_references(
    expr: &Expression,
    refs: &mut Vec<Reference>,
    problems: &mut Vec<String>,
    at: &str,
) {
    let mut children: Vec<&Expression> = Vec::new();
    match expr {
        Expression::Null | Expression::Bool(_) | Expression::Number(_) | Expression::String(_) => {}
        Expression::Array(items) => children.extend(items),
        Expression::Object(object) => {
            for (key, value) in object.iter() {
                if let ObjectKey::Expression(key) = key {
                    children.push(key);
                }
                children.push(value);
            }
        }
        Expression::TemplateExpr(template) => template_references(template, refs, problems, at),
        Expression::Variable(v) => refs.push(Reference {
            root: v.as_str().to_string(),
            label: None,
            attr: None,
        }),
        Expression::Traversal(traversal) => {
            if let Expression::Variable(root) = &traversal.expr {
                let mut names = traversal.operators.iter().map(|op| match op {
                    TraversalOperator::GetAttr(name) => Some(name.as_str().to_string()),
                    _ => None,
                });
                // `root.label`, then the first attribute after any indexes or splats.
                let label = names.next().flatten();
                let attr = names.flatten().next();
                refs.push(Reference {
                    root: root.as_str().to_string(),
                    label,
                    attr,
                });
            } else {
                children.push(&traversal.expr);
            }
            for op in &traversal.operators {
                if let TraversalOperator::Index(index) = op {
                    children.push(index);
                }
            }
        }
        Expression::FuncCall(call) => children.extend(&call.args),
        Expression::Parenthesis(inner) => children.push(inner),
        Expression::Conditional(c) => children.extend([&c.cond_expr, &c.true_expr, &c.false_expr]),
        Expression::Operation(op) => match op.as_ref() {
            hcl::expr::Operation::Unary(u) => children.push(&u.expr),
            hcl::expr::Operation::Binary(b) => children.extend([&b.lhs_expr, &b.rhs_expr]),
        },
        Expression::ForExpr(f) => {
            children.extend([&f.collection_expr, &f.value_expr]);
            children.extend(f.key_expr.iter().chain(&f.cond_expr));
        }
        #[allow(unreachable_patterns)] // in case a later hcl-rs adds expressions
        _ => problems.push(format!(
            "{at}: an expression the checker cannot read: {expr:?}"
        )),
    }
    for child in children {
        expr_references(child, refs, problems, at);
    }
}

fn template_references(
    template: &TemplateExpr,
    refs: &mut Vec<Reference>,
    problems: &mut Vec<String>,
    at: &str,
) {
    fn walk(t: &Template, refs: &mut Vec<Reference>, problems: &mut Vec<String>, at: &str) {
        for element in t.elements() {
            match element {
                Element::Literal(_) => {}
                Element::Interpolation(i) => expr_references(&i.expr, refs, problems, at),
                Element::Directive(d) => match d.as_ref() {
                    Directive::If(d) => {
                        expr_references(&d.cond_expr, refs, problems, at);
                        walk(&d.true_template, refs, problems, at);
                        if let Some(f) = &d.false_template {
                            walk(f, refs, problems, at);
                        }
                    }
                    Directive::For(d) => {
                        expr_references(&d.collection_expr, refs, problems, at);
                        walk(&d.template, refs, problems, at);
                    }
                },
            }
        }
    }
    match Template::from_expr(template) {
        Ok(t) => walk(&t, refs, problems, at),
        Err(e) => problems.push(format!("{at}: template does not parse: {e}")),
    }
}

/// References against the declarations and the schema.
fn check_references(
    schema: &Json,
    declared: &Declarations,
    at: &str,
    refs: &[Reference],
    problems: &mut Vec<String>,
) {
    let mut reported = BTreeSet::new();
    for r in refs {
        let text = [Some(&r.root), r.label.as_ref(), r.attr.as_ref()]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(".");
        let problem = if r.root == "var" {
            match &r.label {
                Some(name) if declared.variables.contains(name.as_str()) => None,
                _ => Some(format!("{at}: {text} refers to an undeclared variable")),
            }
        } else if r.root.starts_with("aws_") || resource_schema(schema, &r.root).is_some() {
            match &r.label {
                None => Some(format!(
                    "{at}: {text} names a resource type without a resource"
                )),
                Some(label)
                    if !declared
                        .resources
                        .contains(&(r.root.as_str(), label.as_str())) =>
                {
                    Some(format!("{at}: {text} refers to an undeclared resource"))
                }
                Some(_) => match (&r.attr, resource_schema(schema, &r.root)) {
                    (Some(attr), Some(node)) if !readable(node, attr) => Some(format!(
                        "{at}: {text}: {:?} is not an attribute of {}",
                        attr, r.root
                    )),
                    // Unknown types are reported where they are declared.
                    _ => None,
                },
            }
        } else {
            // `aws.alias` (checked with the provider), `string` in a variable's type, ...
            None
        };
        if let Some(problem) = problem {
            if reported.insert(problem.clone()) {
                problems.push(problem);
            }
        }
    }
}

// ------------------------------------------------------------------------------ the networks

/// Two accounts, two regions, three placements; NAT single and per AZ and none; flow logs to
/// S3 and to CloudWatch; public, private and isolated groups; a VPC without internet gateway.
fn hand_built() -> Network {
    Network::builder("conf")
        .tag("owner", "platform")
        .network_account("network", "111111111111")
        .account("prod", "222222222222")
        .ip_block("corp", "10.0.0.0/8")
        .vpc(
            Vpc::builder("hub", "network", "us-east-1")
                .allocate("corp", 16)
                .azs(["us-east-1a", "us-east-1b"])
                .subnets("public", Tier::Public, 24)
                .subnets("private", Tier::Private, 20)
                .subnets("data", Tier::Isolated, 24)
                .nat(NatMode::Single)
                .flow_logs(FlowLogs::s3("arn:aws:s3:::conf-flow-logs").traffic(TrafficType::Reject))
                .tag("cost-center", "net"),
        )
        .vpc(
            Vpc::builder("app", "prod", "eu-west-1")
                .allocate("corp", 16)
                .azs(["eu-west-1a", "eu-west-1b", "eu-west-1c"])
                .subnets("edge", Tier::Public, 24)
                .subnets("web", Tier::Private, 20)
                .subnets("db", Tier::Isolated, 24)
                .nat(NatMode::PerAz)
                .flow_logs(FlowLogs::cloudwatch(
                    "arn:aws:logs:eu-west-1:222222222222:log-group:flow-logs",
                    "arn:aws:iam::222222222222:role/flow-logs",
                )),
        )
        .vpc(
            Vpc::builder("vault", "prod", "us-east-1")
                .cidr("172.16.0.0/20")
                .azs(["us-east-1a", "us-east-1b"])
                .subnets("private", Tier::Private, 24)
                .subnets_pinned("db", Tier::Isolated, ["172.16.8.0/24", "172.16.9.0/24"]),
        )
        .build()
}

/// The DNS forms no blueprint emits: an inbound endpoint that speaks DoH (TCP 443 in its
/// security group) with addresses AWS chooses, a forwarding target on another port, a SYSTEM
/// rule, records of several types, DNS Firewall rules of every action (block with NODATA and
/// with an override) associated with a VPC of another account, and query logging to
/// CloudWatch Logs shared with that account.
pub(crate) fn dns_every_form() -> Network {
    Network::builder("dnsforms")
        .network_account("network", "111111111111")
        .account("prod", "222222222222")
        .vpc(
            Vpc::builder("dns", "network", "us-east-1")
                .cidr("10.0.0.0/24")
                .azs(["us-east-1a", "us-east-1b"])
                .subnets("inbound", Tier::Private, 28)
                .subnets("outbound", Tier::Private, 28),
        )
        .vpc(
            Vpc::builder("app", "prod", "us-east-1")
                .cidr("10.1.0.0/16")
                .azs(["us-east-1a", "us-east-1b"])
                .subnets("private", Tier::Private, 24),
        )
        .dns(|d| {
            d.inbound_endpoint("in", "dns", "inbound", |e| {
                e.protocols([DnsProtocol::Do53, DnsProtocol::DoH])
                    .allow_from("192.168.0.0/16")
            })
            .outbound_endpoint("out", "dns", "outbound", |e| e)
            .forward("corp", "corp.example.com", "out", |r| {
                r.target_port("192.168.10.10", 5353)
                    .target("192.168.20.10")
                    .associate("app")
                    .share_with("prod")
            })
            .system(
                "corp-local",
                "local.corp.example.com",
                "network",
                "us-east-1",
                |r| r.associate("app").share_with("prod"),
            )
            .hosted_zone("cloud", "aws.example.com", "network", |z| {
                z.vpc("dns")
                    .record("api", RecordType::A, ["10.0.0.10"])
                    .record("www", RecordType::Cname, ["api.aws.example.com"])
            })
            .domain_list("bad", "network", "us-east-1", ["malware.example.net"])
            .domain_list("good", "network", "us-east-1", ["*.example.org"])
            .firewall_rule_group("fw", "network", "us-east-1", |g| {
                g.rule("good", 100, "good", DnsFirewallAction::Allow)
                    .rule("watch", 150, "good", DnsFirewallAction::Alert)
                    .rule(
                        "nodata",
                        200,
                        "bad",
                        DnsFirewallAction::Block(BlockResponse::Nodata),
                    )
                    .rule(
                        "redirect",
                        300,
                        "bad",
                        DnsFirewallAction::Block(BlockResponse::Override {
                            domain: "blocked.example.com".into(),
                            ttl: 60,
                        }),
                    )
                    .associate("app", 101)
                    .share_with("prod")
            })
            .query_log(
                "queries",
                "network",
                "us-east-1",
                QueryLogDestination::CloudWatch {
                    log_group_arn: "arn:aws:logs:us-east-1:111111111111:log-group:dns".into(),
                },
                |q| q.associate("dns").associate("app").share_with("prod"),
            )
        })
        .build()
}

/// Every network the conformance tests render in both targets: each built-in blueprint with
/// its defaults and the variants of [`variants`] (the DNS ones included), then [`hand_built`],
/// the hub with every rule form, Cloud WAN with acceptance and [`dns_every_form`].
fn networks() -> Vec<(String, Network)> {
    let mut networks: Vec<(String, Network)> = variants()
        .into_iter()
        .map(|(name, network)| (format!("blueprint {name}"), network))
        .collect();
    networks.push(("hand-built network".to_string(), hand_built()));
    networks.push((
        "hub with every rule form".to_string(),
        hub_with_every_rule_form(),
    ));
    networks.push((
        "cloudwan-hub-spoke with acceptance".to_string(),
        cloudwan_with_acceptance(false),
    ));
    networks.push(("every DNS form".to_string(), dns_every_form()));
    networks.push((
        "every Block Public Access form".to_string(),
        crate::support::block_public_access_every_form(),
    ));
    networks.push((
        "every gateway endpoint form".to_string(),
        crate::support::gateway_endpoints_every_form(),
    ));
    networks.extend(crate::support::vpn_every_form());
    networks
}

/// [`networks`], and those only Terraform renders: the cross-account hosted zone association
/// ([`cross_account_zone`]: an authorization, an association, and `lifecycle {
/// ignore_changes = [vpc] }` on the zone), which CloudFormation refuses (NF0503).
fn terraform_networks() -> Vec<(String, Network)> {
    let mut networks = networks();
    networks.push((
        "cross-account hosted zone".to_string(),
        cross_account_zone(),
    ));
    networks
}

/// The Terraform module of a network.
fn render(network: &Network) -> Vec<OutputFile> {
    let valid = network
        .validate()
        .unwrap_or_else(|d| panic!("network {} is invalid:\n{d}", network.name));
    let graph = lower(&valid).unwrap_or_else(|d| panic!("lowering {}:\n{d}", network.name));
    Target::Terraform
        .render(&graph)
        .unwrap_or_else(|e| panic!("rendering {}: {e}", network.name))
}

/// The parsed module of a network; panics if it does not parse.
fn parsed(network: &Network) -> Module {
    parse_module(&render(network))
        .unwrap_or_else(|p| panic!("rendered HCL does not parse:\n{}", p.join("\n")))
}

fn assert_no_problems(what: &str, problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{what}: {} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

// ------------------------------------------------------------------------------ the tests

#[test]
fn terraform_output_conforms_to_provider_schema() {
    let schema = schema();
    let mut problems = Vec::new();
    for (name, network) in terraform_networks() {
        for problem in check_files(&schema, &render(&network)) {
            problems.push(format!("{name}: {problem}"));
        }
    }
    assert_no_problems(
        "the Terraform output does not match the provider schema",
        &problems,
    );
}

/// The dotted paths of every argument and nested block of a body, such as `tags`,
/// `health_check` and `health_check.port`.
fn paths(body: &Body, prefix: &str, out: &mut BTreeSet<String>) {
    for attr in body.attributes() {
        out.insert(format!("{prefix}{}", attr.key.as_str()));
    }
    for block in body.blocks() {
        let path = format!("{prefix}{}", block.identifier());
        paths(block.body(), &format!("{path}."), out);
        out.insert(path);
    }
}

/// The resource types read in the single-endpoint form anywhere in a body.
fn single_endpoint_reads(body: &Body, out: &mut BTreeSet<String>) {
    fn walk(expr: &Expression, out: &mut BTreeSet<String>) {
        if let Some((tf_type, _)) = tf_single_endpoint(expr) {
            out.insert(tf_type);
            return;
        }
        match expr {
            Expression::Array(items) => items.iter().for_each(|e| walk(e, out)),
            Expression::Object(object) => object.values().for_each(|e| walk(e, out)),
            Expression::FuncCall(call) => call.args.iter().for_each(|e| walk(e, out)),
            Expression::Parenthesis(inner) => walk(inner, out),
            _ => {}
        }
    }
    for structure in body.iter() {
        match structure {
            Structure::Attribute(attr) => walk(&attr.expr, out),
            Structure::Block(block) => single_endpoint_reads(block.body(), out),
        }
    }
}

/// Attributes of the kinds table that no lowering refers to, so that no network can read
/// them; `kinds_table_matches_provider_schema` and `kinds_table_matches_cloudformation_schema`
/// still check their names. An entry here is a table row to delete.
const UNREFERENCED_ATTRIBUTES: &[(Kind, Attr)] = &[
    // Terraform reads a VPN connection's attachment and ARN, never its id; CloudFormation
    // outputs the id for the lookup of its Transit Gateway attachment.
    (Kind::VpnConnection, Attr::Id),
    // The same for a Direct Connect gateway association's id.
    (Kind::DxAssociation, Attr::Id),
    // Nothing refers to the global network but the core network, by id.
    (Kind::GlobalNetwork, Attr::Arn),
    // Routes wait for an acceptance with depends_on; nothing reads the accepter's id (it is
    // the attachment's, which is what the accepter itself reads).
    (Kind::CwAttachmentAccepter, Attr::Id),
    // Pools name their IPAM by its default scope (ipam_scope_id); nothing reads the IPAM's id.
    (Kind::Ipam, Attr::Id),
    // Rules refer to an endpoint by id; nothing shares an endpoint or puts it in a profile.
    // Firewall rules refer to a domain list by id; nothing shares a domain list.
];

#[test]
fn conformance_networks_cover_every_kind_property_and_attribute() {
    // Paths set (arguments and nested blocks, dotted), per resource type, and attributes
    // referenced, over every network.
    let mut set: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut read: BTreeSet<(String, String)> = BTreeSet::new();
    let mut single_endpoints: BTreeSet<String> = BTreeSet::new();
    for (_, network) in terraform_networks() {
        for (_, body) in parsed(&network) {
            for block in body.blocks() {
                let mut refs = Vec::new();
                let mut unreadable = Vec::new();
                body_references(block.body(), &mut refs, &mut unreadable, "");
                assert_no_problems("reading references", &unreadable);
                read.extend(refs.into_iter().filter_map(|r| Some((r.root, r.attr?))));
                single_endpoint_reads(block.body(), &mut single_endpoints);
                if let ("resource", [tf_type, _]) = (block.identifier(), labels(block).as_slice()) {
                    paths(
                        block.body(),
                        "",
                        set.entry(tf_type.to_string()).or_default(),
                    );
                }
            }
        }
    }
    let mut missing = Vec::new();
    for &kind in Kind::ALL {
        let spec = kind.spec();
        let Some(arguments) = set.get(spec.tf_type) else {
            missing.push(format!("{kind:?}: no {} is rendered", spec.tf_type));
            continue;
        };
        let tf_names = spec.properties.iter().filter_map(|p| p.tf);
        let tags = spec.taggable.then_some("tags");
        for name in tf_names.chain(tags) {
            if !arguments.contains(name) {
                missing.push(format!("{kind:?}: no {} sets {name}", spec.tf_type));
            }
        }
        for attr in spec.attributes {
            let covered = match attr.tf {
                TfAttr::Attr(name) => read.contains(&(spec.tf_type.to_string(), name.to_string())),
                TfAttr::SingleEndpoint => single_endpoints.contains(spec.tf_type),
                TfAttr::DnsEntry(_) => {
                    read.contains(&(spec.tf_type.to_string(), "dns_entry".to_string()))
                }
            };
            let unreferenced = UNREFERENCED_ATTRIBUTES.contains(&(kind, attr.attr));
            if covered && unreferenced {
                missing.push(format!(
                    "{kind:?}: {:?} is read now: take it off UNREFERENCED_ATTRIBUTES",
                    attr.attr
                ));
            } else if !covered && !unreferenced {
                missing.push(format!(
                    "{kind:?}: nothing reads {:?} of {} ({:?})",
                    attr.attr, spec.tf_type, attr.tf
                ));
            }
        }
    }
    // Every field of a nested structure is rendered inside a block somewhere.
    let nested: BTreeSet<&str> = set
        .values()
        .flatten()
        .filter_map(|path| path.rsplit_once('.').map(|(_, leaf)| leaf))
        .collect();
    for field in FIELDS {
        if let Some(name) = field.tf {
            if !nested.contains(name) {
                missing.push(format!(
                    "field {}: no nested block or argument {name} is rendered",
                    field.key
                ));
            }
        }
    }
    assert_no_problems(
        "the conformance networks miss part of the kinds table; extend hand_built() or \
         support::hub_with_every_rule_form()",
        &missing,
    );
}

#[test]
fn kinds_table_matches_provider_schema() {
    let schema = schema();
    let mut problems = Vec::new();
    // The names inside the blocks that properties render as: where nested fields may go.
    let mut inside_property_blocks: BTreeSet<&str> = BTreeSet::new();
    for &kind in Kind::ALL {
        let spec = kind.spec();
        let Some(node) = resource_schema(&schema, spec.tf_type) else {
            problems.push(format!(
                "{kind:?}: {} is not in the schema subset; re-run tests/data/subset_schema.py",
                spec.tf_type
            ));
            continue;
        };
        for prop in spec.properties {
            // `lifecycle.ignore_changes`: a meta-argument, not in the provider schema (the
            // names it lists are checked in the rendered module, by check_lifecycle).
            if let Some(meta) = prop.tf.and_then(|name| name.strip_prefix("lifecycle.")) {
                if !LIFECYCLE_ARGUMENTS.contains(&meta) {
                    problems.push(format!(
                        "{kind:?}: property {} is lifecycle.{meta}, not a lifecycle argument",
                        prop.key
                    ));
                }
                continue;
            }
            if let Some(name) = prop.tf {
                if !settable_path(node, name) {
                    problems.push(format!(
                        "{kind:?}: property {} is {}.{name}, not a settable argument or block",
                        prop.key, spec.tf_type
                    ));
                }
                if let Some(block) = block_at(node, name) {
                    nested_names(block, &mut inside_property_blocks);
                }
            }
        }
        if spec.taggable && !settable(node, "tags") {
            problems.push(format!("{kind:?}: {} takes no tags", spec.tf_type));
        }
        for attr in spec.attributes {
            let name = read_name(attr.tf);
            if !readable(node, name) {
                problems.push(format!(
                    "{kind:?}: {:?} ({:?}) reads {}.{name}, which the schema does not have",
                    attr.attr, attr.tf, spec.tf_type
                ));
            }
        }
    }
    for (kind, attr) in UNREFERENCED_ATTRIBUTES {
        if kind.attribute(*attr).is_none() {
            problems.push(format!(
                "{kind:?}: {attr:?} is not in the table: take it off UNREFERENCED_ATTRIBUTES"
            ));
        }
    }
    for field in FIELDS {
        if let Some(name) = field.tf {
            if !inside_property_blocks.contains(name) {
                problems.push(format!(
                    "field {}: {name} is in no block of a kinds-table property",
                    field.key
                ));
            }
        }
    }
    assert_no_problems(
        "the kinds table does not match the provider schema",
        &problems,
    );
}

/// The hand-built network's module, checked clean, for the negative tests to break.
fn clean_module(schema: &Json) -> Module {
    let module = parsed(&hand_built());
    assert_no_problems("the unbroken module", &check_module(schema, &module));
    module
}

/// The first resource block of type `tf_type` in `main.tf`.
fn first_resource<'a>(module: &'a mut Module, tf_type: &str) -> &'a mut Block {
    module
        .iter_mut()
        .filter(|(file, _)| file == "main.tf")
        .flat_map(|(_, body)| body.blocks_mut())
        .find(|b| b.identifier() == "resource" && b.labels()[0].as_str() == tf_type)
        .unwrap_or_else(|| panic!("no {tf_type} in main.tf"))
}

/// Asserts that the checker reports exactly one problem, containing every one of `needles`.
fn assert_reported(what: &str, problems: &[String], needles: &[&str]) {
    let hits: Vec<&String> = problems
        .iter()
        .filter(|p| needles.iter().all(|n| p.contains(n)))
        .collect();
    assert!(
        hits.len() == 1 && problems.len() == 1,
        "{what}: expected one problem mentioning {needles:?}, got:\n{}",
        problems.join("\n")
    );
}

#[test]
fn checker_reports_unknown_argument() {
    let schema = schema();
    let mut module = clean_module(&schema);
    add_attr(
        first_resource(&mut module, "aws_vpc"),
        "cidr_blok",
        "10.9.0.0/16".into(),
    );
    let problems = check_module(&schema, &module);
    assert_reported(
        "aws_vpc with cidr_blok",
        &problems,
        &["main.tf: aws_vpc.hub", "unknown argument \"cidr_blok\""],
    );
}

#[test]
fn checker_reports_missing_required_argument() {
    let schema = schema();
    let mut module = clean_module(&schema);
    let route = first_resource(&mut module, "aws_route");
    let before = route.body.0.len();
    route
        .body
        .0
        .retain(|s| s.as_attribute().map(|a| a.key.as_str()) != Some("route_table_id"));
    assert_eq!(
        route.body.0.len(),
        before - 1,
        "route_table_id was not there"
    );
    let problems = check_module(&schema, &module);
    assert_reported(
        "aws_route without route_table_id",
        &problems,
        &["aws_route.", "missing required argument \"route_table_id\""],
    );
}

/// An expression from HCL source.
fn hcl_expr(text: &str) -> Expression {
    text.parse()
        .unwrap_or_else(|e| panic!("{text:?} is not an expression: {e}"))
}

/// Adds `key = expr` to a block.
fn add_attr(block: &mut Block, key: &str, expr: Expression) {
    block
        .body
        .0
        .push(Structure::Attribute(Attribute::new(key, expr)));
}

/// Replaces the value of `key` in a block, which must be set.
fn replace_attr(block: &mut Block, key: &str, expr: Expression) {
    let attr = block
        .body
        .attributes_mut()
        .find(|a| a.key.as_str() == key)
        .unwrap_or_else(|| panic!("{key} is not set"));
    attr.expr = expr;
}

/// The first top-level block of `file`.
fn first_block<'a>(module: &'a mut Module, file: &str) -> &'a mut Block {
    module
        .iter_mut()
        .filter(|(f, _)| f == file)
        .flat_map(|(_, body)| body.blocks_mut())
        .next()
        .unwrap_or_else(|| panic!("no block in {file}"))
}

/// A mistake: what it is, how to make it in a clean module, and words the report must contain.
type Mistake = (&'static str, fn(&mut Module), &'static [&'static str]);

const MISTAKES: &[Mistake] = &[
    (
        "a read-only attribute set",
        |m| {
            add_attr(
                first_resource(m, "aws_vpc"),
                "arn",
                "arn:aws:ec2:::vpc/x".into(),
            )
        },
        &["aws_vpc.hub", "\"arn\" is a read-only"],
    ),
    (
        "tags_all set",
        |m| {
            add_attr(
                first_resource(m, "aws_subnet"),
                "tags_all",
                hcl_expr("{ a = \"b\" }"),
            )
        },
        &["aws_subnet.", "\"tags_all\" is computed by the provider"],
    ),
    (
        "id set",
        |m| add_attr(first_resource(m, "aws_eip"), "id", "eipalloc-1".into()),
        &["aws_eip.", "\"id\" is computed by the provider"],
    ),
    (
        "an unknown attribute referred to",
        |m| {
            replace_attr(
                first_resource(m, "aws_subnet"),
                "vpc_id",
                hcl_expr("aws_vpc.hub.vpc_id"),
            )
        },
        &[
            "aws_vpc.hub.vpc_id",
            "\"vpc_id\" is not an attribute of aws_vpc",
        ],
    ),
    (
        "an undeclared resource referred to in a template",
        |m| {
            let expr = hcl_expr("\"${aws_vpc.nowhere.instance_tenancy}\"");
            add_attr(first_resource(m, "aws_vpc"), "instance_tenancy", expr);
        },
        &["aws_vpc.nowhere.instance_tenancy", "undeclared resource"],
    ),
    (
        "an unknown provider alias",
        |m| {
            let expr = hcl_expr("aws.nowhere_us_east_1");
            replace_attr(first_resource(m, "aws_internet_gateway"), "provider", expr);
        },
        &[
            "aws_internet_gateway.",
            "no provider \"aws\" has alias \"nowhere_us_east_1\"",
        ],
    ),
    (
        "an unknown nested block",
        |m| {
            let nat = first_resource(m, "aws_nat_gateway");
            nat.body.0.push(Structure::Block(Block::new("timeout")));
        },
        &["aws_nat_gateway.", "unknown block type \"timeout\""],
    ),
    (
        "an unknown argument in a nested block",
        |m| {
            let timeouts = Block::builder("timeouts")
                .add_attribute(("created", "10m"))
                .build();
            let nat = first_resource(m, "aws_nat_gateway");
            nat.body.0.push(Structure::Block(timeouts));
        },
        &[
            "aws_nat_gateway.",
            ".timeouts: unknown argument \"created\"",
        ],
    ),
    (
        "a literal of the wrong type",
        |m| {
            replace_attr(
                first_resource(m, "aws_subnet"),
                "map_public_ip_on_launch",
                "no".into(),
            )
        },
        &["\"map_public_ip_on_launch\" is of type boolean"],
    ),
    (
        "an attribute in depends_on",
        |m| {
            let expr = hcl_expr("[aws_internet_gateway_attachment.hub.vpc_id]");
            replace_attr(first_resource(m, "aws_eip"), "depends_on", expr);
        },
        &["aws_eip.", "depends_on entry must be a whole resource"],
    ),
    (
        "a depends_on on an undeclared resource",
        |m| {
            let expr = hcl_expr("[aws_internet_gateway_attachment.nowhere]");
            replace_attr(first_resource(m, "aws_nat_gateway"), "depends_on", expr);
        },
        &[
            "aws_nat_gateway.",
            "aws_internet_gateway_attachment.nowhere, which is not declared",
        ],
    ),
    (
        "an unknown resource type",
        |m| first_resource(m, "aws_flow_log").labels[0] = "aws_flowlog".into(),
        &["aws_flowlog.", "unknown resource type \"aws_flowlog\""],
    ),
    (
        "an unknown provider argument",
        |m| add_attr(first_block(m, "providers.tf"), "regin", "us-east-1".into()),
        &[
            "providers.tf: provider \"aws\"",
            "unknown argument \"regin\"",
        ],
    ),
    (
        "an undeclared variable",
        |m| first_block(m, "variables.tf").labels = vec!["role_arn".into()],
        &[
            "providers.tf",
            "var.role_arn_pattern refers to an undeclared variable",
        ],
    ),
    (
        "a provider version that excludes the schema's",
        |m| {
            let terraform = first_block(m, "versions.tf");
            let required = terraform
                .body
                .blocks_mut()
                .next()
                .expect("required_providers");
            let aws = hcl_expr("{ source = \"hashicorp/aws\", version = \"~> 5.0\" }");
            replace_attr(required, "aws", aws);
        },
        &["versions.tf", "excludes the schema's 6.66.0"],
    ),
];

#[test]
fn checker_reports_each_kind_of_mistake() {
    let schema = schema();
    let mut failures = Vec::new();
    for (what, make, needles) in MISTAKES {
        let mut module = clean_module(&schema);
        make(&mut module);
        let problems = check_module(&schema, &module);
        if !problems
            .iter()
            .any(|p| needles.iter().all(|n| p.contains(n)))
        {
            failures.push(format!(
                "{what}: no problem mentions {needles:?}; got:\n  {}",
                problems.join("\n  ")
            ));
        }
    }
    assert_no_problems("the checker missed a mistake", &failures);
}

/// The nested block at `path` (block names) of the first resource of type `tf_type`.
fn nested_block<'a>(module: &'a mut Module, tf_type: &str, path: &[&str]) -> &'a mut Block {
    let mut block = first_resource(module, tf_type);
    for name in path {
        block = block
            .body
            .blocks_mut()
            .find(|b| b.identifier() == *name)
            .unwrap_or_else(|| panic!("{tf_type}: no block {name} in {path:?}"));
    }
    block
}

/// Down to a stateless rule's first `source` block.
const SOURCE: &[&str] = &[
    "rule_group",
    "rules_source",
    "stateless_rules_and_custom_actions",
    "stateless_rule",
    "rule_definition",
    "match_attributes",
    "source",
];

/// Mistakes in the nested structures of the hub with every rule form.
const NESTED_MISTAKES: &[Mistake] = &[
    (
        "an unknown argument deep in a nested structure",
        |m| {
            let source = nested_block(m, "aws_networkfirewall_rule_group", SOURCE);
            add_attr(source, "address", "10.0.0.0/8".into());
        },
        &[
            "aws_networkfirewall_rule_group.inspection_use1_screen.rule_group.rules_source.\
             stateless_rules_and_custom_actions.stateless_rule.rule_definition.\
             match_attributes.source: unknown argument \"address\"",
        ],
    ),
    (
        "a required argument missing deep in a nested structure",
        |m| {
            let source = nested_block(m, "aws_networkfirewall_rule_group", SOURCE);
            source.body.0.clear();
        },
        &[".match_attributes.source: missing required argument \"address_definition\""],
    ),
    (
        "a nested literal of the wrong type",
        |m| {
            let path = &SOURCE[..4];
            let rule = nested_block(m, "aws_networkfirewall_rule_group", path);
            replace_attr(rule, "priority", "first".into());
        },
        &[".stateless_rule: \"priority\" is of type number"],
    ),
    (
        "a nested block given more often than allowed",
        |m| {
            let group = nested_block(m, "aws_networkfirewall_rule_group", &["rule_group"]);
            let source = group.body.blocks().next().expect("rules_source").clone();
            group.body.0.push(Structure::Block(source));
        },
        &[".rule_group: block \"rules_source\" appears 2 times, at most 1 allowed"],
    ),
    (
        "a nested structure written as an argument",
        |m| {
            let firewall = first_resource(m, "aws_networkfirewall_firewall");
            firewall
                .body
                .0
                .retain(|s| s.as_block().map(|b| b.identifier()) != Some("subnet_mapping"));
            let mapping = hcl_expr("[{ subnet_id = \"subnet-1\" }]");
            add_attr(firewall, "subnet_mapping", mapping);
        },
        &["\"subnet_mapping\" is a block, not an argument"],
    ),
    (
        "a nested structure's block misnamed",
        |m| {
            let policy = first_resource(m, "aws_networkfirewall_firewall_policy");
            let document = policy.body.blocks_mut().next().expect("firewall_policy");
            document.identifier = "policy".into();
        },
        &["unknown block type \"policy\""],
    ),
];

#[test]
fn checker_reports_mistakes_in_nested_structures() {
    let schema = schema();
    let clean = parsed(&hub_with_every_rule_form());
    assert_no_problems("the unbroken hub", &check_module(&schema, &clean));
    let mut failures = Vec::new();
    for (what, make, needles) in NESTED_MISTAKES {
        let mut module = clean.clone();
        make(&mut module);
        let problems = check_module(&schema, &module);
        if !problems
            .iter()
            .any(|p| needles.iter().all(|n| p.contains(n)))
        {
            failures.push(format!(
                "{what}: no problem mentions {needles:?}; got:\n  {}",
                problems.join("\n  ")
            ));
        }
    }
    assert_no_problems("the checker missed a nested mistake", &failures);
}

#[test]
fn dotted_names_and_single_endpoints_resolve_in_the_schema() {
    let schema = schema();
    let node = |tf_type| resource_schema(&schema, tf_type).expect("in the subset");
    let target_group = node("aws_lb_target_group");
    assert!(settable_path(target_group, "health_check.port"));
    assert!(!settable_path(target_group, "health_check.prot"));
    assert!(!settable_path(target_group, "healthcheck.port"));
    assert!(!settable_path(target_group, "port.health_check"));
    let firewall = node("aws_networkfirewall_firewall");
    assert!(settable_path(firewall, "subnet_mapping"));
    assert!(!settable_path(firewall, "arn"), "read-only");
    assert!(readable(firewall, read_name(TfAttr::SingleEndpoint)));
    assert!(!readable(
        node("aws_vpc_endpoint"),
        read_name(TfAttr::SingleEndpoint)
    ));
}

#[test]
fn version_constraints() {
    assert!(admits(">= 5.0, < 7.0", "6.66.0"));
    assert!(!admits(">= 5.0, < 6.0", "6.66.0"));
    assert!(admits("~> 6.1", "6.66.0"));
    assert!(!admits("~> 6.1.0", "6.66.0"));
    assert!(!admits("~> 5.0", "6.66.0"));
    assert!(admits("6.66.0", "6.66.0"));
}

// ------------------------------------------------------------------ CloudFormation

/// The CloudFormation schema subset: the registry schemas of the resource types of
/// `backends/src/kinds.rs`, as cfn-lint 1.58.0 ships them, cut by
/// `tests/data/subset_cfn_schema.py` (re-run it after adding a kind).
const CFN_SCHEMA_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/cfn_schema_subset.json"
);

/// CloudFormation's pseudo parameters that an `Fn::Sub` text may name besides the resource.
const PSEUDO_PARAMETERS: &[&str] = &[
    "AWS::Partition",
    "AWS::Region",
    "AWS::AccountId",
    "AWS::URLSuffix",
];

/// Types whose `Fn::GetAtt` returns every property, not only the read-only ones (cfn-lint
/// 1.58.0's `_all_property_types`, cfnlint/schema/_getatts.py; the "Return values" of
/// `AWS::EC2::VPC` list `CidrBlock`): those of the kinds table.
const GETATT_EVERY_PROPERTY: &[&str] = &[
    "AWS::EC2::SecurityGroup",
    "AWS::EC2::Subnet",
    "AWS::EC2::VPC",
    "AWS::ElasticLoadBalancingV2::LoadBalancer",
    "AWS::Route53Resolver::ResolverRule",
    "AWS::Route53Resolver::ResolverRuleAssociation",
];

/// Properties that only one target has, of kinds CloudFormation writes as resources or as
/// objects in another resource's list (whose `parent`, said by the nesting, is not counted):
/// the other target says the same thing another way (or starts from another state, or has no
/// such thing), with why.
const ONE_SIDED_PROPERTIES: &[(Kind, &str, &str)] = &[
    (
        Kind::VpnConnection,
        "tunnel_options",
        "CloudFormation lists a VPN's tunnels as objects; Terraform spells them tunnelN_*",
    ),
    (
        Kind::VpnConnection,
        "tunnel1_inside_cidr",
        "Terraform's flat tunnel argument; CloudFormation's is in VpnTunnelOptionsSpecifications",
    ),
    (
        Kind::VpnConnection,
        "tunnel2_inside_cidr",
        "Terraform's flat tunnel argument; CloudFormation's is in VpnTunnelOptionsSpecifications",
    ),
    (
        Kind::VpnConnection,
        "tunnel1_preshared_key",
        "Terraform's flat tunnel argument; CloudFormation's is in VpnTunnelOptionsSpecifications",
    ),
    (
        Kind::VpnConnection,
        "tunnel2_preshared_key",
        "Terraform's flat tunnel argument; CloudFormation's is in VpnTunnelOptionsSpecifications",
    ),
    (
        Kind::FlowLog,
        "resource_type",
        "CloudFormation names the VPC by ResourceId and ResourceType; Terraform by vpc_id",
    ),
    (
        Kind::CoreNetwork,
        "create_base_policy",
        "Terraform starts the core network with a base policy; CloudFormation's takes the policy",
    ),
    (
        Kind::CoreNetwork,
        "base_policy_document",
        "the edges of Terraform's base policy; CloudFormation's core network takes the policy",
    ),
    (
        Kind::Vpc,
        "recorded_in_pool",
        "Terraform records a CIDR planned offline in its pool (ipv4_ipam_pool_id beside \
         cidr_block); AWS::EC2::VPC takes CidrBlock or Ipv4IpamPoolId, not both (requiredXor), \
         so there the pool's AutoImport records it",
    ),
    (
        Kind::HostedZone,
        "ignore_changes",
        "Terraform's lifecycle meta-argument, so the zone's inline vpc blocks leave the \
         cross-account associations alone; CloudFormation refuses those (NF0503)",
    ),
    (
        Kind::DnsRule,
        "name",
        "aws_route53_resolver_firewall_rule requires a name; the FirewallRules entries of \
         CloudFormation have none",
    ),
];

/// The CloudFormation schema subset.
fn cfn_schema() -> Json {
    let text = std::fs::read_to_string(CFN_SCHEMA_PATH).unwrap_or_else(|e| {
        panic!("cannot read {CFN_SCHEMA_PATH}: {e}; write it with tests/data/subset_cfn_schema.py")
    });
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{CFN_SCHEMA_PATH} is not JSON: {e}"))
}

/// The registry schema of CloudFormation type `cfn_type`.
fn cfn_resource<'a>(schema: &'a Json, cfn_type: &str) -> Option<&'a Json> {
    schema.get("resources")?.get(cfn_type)
}

/// A property schema with `$ref`s to the resource's definitions followed, and for a list, the
/// schema of its items.
fn cfn_deref<'a>(resource: &'a Json, node: &'a Json) -> &'a Json {
    if let Some(name) = node
        .get("$ref")
        .and_then(Json::as_str)
        .and_then(|r| r.strip_prefix("#/definitions/"))
    {
        if let Some(definition) = resource["definitions"].get(name) {
            return cfn_deref(resource, definition);
        }
    }
    match node.get("items") {
        Some(items) => cfn_deref(resource, items),
        None => node,
    }
}

/// The property schema at a dotted path (`Options.ApplianceModeSupport`) of a resource schema.
fn cfn_property<'a>(resource: &'a Json, path: &str) -> Option<&'a Json> {
    cfn_property_in(resource, resource, path)
}

/// The property schema at a dotted path of `object`, a node with `properties` of `resource`'s
/// schema (the resource itself, or one of its definitions: the items of `FirewallRules`).
fn cfn_property_in<'a>(resource: &'a Json, object: &'a Json, path: &str) -> Option<&'a Json> {
    let mut names = path.split('.');
    let mut node = object.get("properties")?.get(names.next()?)?;
    for name in names {
        node = cfn_deref(resource, node).get("properties")?.get(name)?;
    }
    Some(node)
}

/// The object schema of the items of list property `list` of `resource`, if it is a list of
/// objects (`SecurityGroupIngress`, `FirewallRules`).
fn cfn_list_items<'a>(resource: &'a Json, list: &str) -> Option<&'a Json> {
    let node = cfn_property(resource, list)?;
    if !cfn_is(node, "array") {
        return None;
    }
    let items = cfn_deref(resource, node);
    (cfn_is(items, "object") && items.get("properties").is_some()).then_some(items)
}

/// The names an object schema requires.
fn cfn_required(object: &Json) -> impl Iterator<Item = &str> {
    object["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Json::as_str)
}

/// Whether `tags` of `resource` is a settable list of `{Key, Value}` objects.
fn cfn_tags_settable(resource: &Json, tags: &str) -> bool {
    cfn_settable(resource, tags)
        && cfn_list_items(resource, tags).is_some_and(|item| {
            ["Key", "Value"]
                .iter()
                .all(|k| cfn_property_in(resource, item, k).is_some())
        })
}

/// Whether the property at a dotted path is read-only (an attribute, not a property).
fn cfn_read_only(resource: &Json, path: &str) -> bool {
    let pointer = format!("/properties/{}", path.replace('.', "/"));
    resource["readOnlyProperties"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Json::as_str)
        .any(|p| pointer == p || pointer.starts_with(&format!("{p}/")))
}

/// Whether a template may set the property at a dotted path.
fn cfn_settable(resource: &Json, path: &str) -> bool {
    cfn_property(resource, path).is_some() && !cfn_read_only(resource, path)
}

/// Whether a property schema is of `type` (a type or a list of types).
fn cfn_is(node: &Json, ty: &str) -> bool {
    match &node["type"] {
        Json::String(t) => t == ty,
        Json::Array(types) => types.iter().any(|t| t == ty),
        _ => false,
    }
}

/// The names of every property at any depth of a resource schema, definitions included.
fn cfn_names<'a>(node: &'a Json, out: &mut BTreeSet<&'a str>) {
    match node {
        Json::Object(map) => {
            if let Some(Json::Object(properties)) = map.get("properties") {
                out.extend(properties.keys().map(String::as_str));
            }
            map.values().for_each(|v| cfn_names(v, out));
        }
        Json::Array(items) => items.iter().for_each(|v| cfn_names(v, out)),
        _ => {}
    }
}

/// What the resource graphs of the conformance networks say that the kinds table does not.
#[derive(Default)]
struct Graphs {
    /// The kinds an entry, property or object kind's `parent` refers to (the table says which
    /// property, not which kind).
    parents: BTreeMap<Kind, BTreeSet<Kind>>,
    /// The attributes CloudFormation must read somewhere: those referred to by a kind it writes
    /// as a resource or as an object (a DNS Firewall rule's domain list, inside its group), by
    /// a graph output, or by a manual kind (whose step names the output that holds the value).
    /// An attribute only entry and property kinds refer to, and an object kind's reference to
    /// its parent, are said by nesting instead (a RAM share's ARN, in its own `Principals`; a
    /// rule's group, around it). Refused kinds are in no template.
    cfn_reads: BTreeSet<(Kind, Attr)>,
}

/// The [`Graphs`] of the conformance networks.
fn graphs() -> Graphs {
    let mut out = Graphs::default();
    for (name, network) in networks() {
        let valid = network
            .validate()
            .unwrap_or_else(|d| panic!("{name} is invalid:\n{d}"));
        let graph = lower(&valid).unwrap_or_else(|d| panic!("lowering {name}:\n{d}"));
        for output in &graph.outputs {
            out.cfn_reads
                .insert((output.value.target.kind, output.value.attr));
        }
        for resource in graph.resources.values() {
            let kind = resource.id.kind;
            let parent = match kind.spec().cfn_form {
                CfnForm::Entry { parent, .. } | CfnForm::Property { parent, .. } => parent,
                CfnForm::Object { parent, .. } => {
                    let nesting = resource.properties.get(parent);
                    out.cfn_reads.extend(
                        resource
                            .properties
                            .values()
                            .filter(|v| Some(*v) != nesting)
                            .flat_map(references)
                            .map(|r| (r.target.kind, r.attr)),
                    );
                    parent
                }
                CfnForm::Resource | CfnForm::Manual { .. } => {
                    out.cfn_reads.extend(
                        resource
                            .references()
                            .into_iter()
                            .map(|r| (r.target.kind, r.attr)),
                    );
                    continue;
                }
                CfnForm::Refused { .. } => continue,
            };
            match resource.properties.get(parent) {
                Some(Value::Ref(r)) => {
                    out.parents.entry(kind).or_default().insert(r.target.kind);
                }
                other => panic!("{name}: {kind:?}.{parent} is not a reference: {other:?}"),
            }
        }
    }
    out
}

/// Every reference in a property value, at any depth.
fn references(value: &Value) -> Vec<&netform::backends::Reference> {
    match value {
        Value::Ref(r) => vec![r],
        Value::List(items) | Value::Concat(items) => items.iter().flat_map(references).collect(),
        Value::Struct(fields) => fields.values().flat_map(references).collect(),
        Value::Keyed { entries, .. } => entries.values().flat_map(references).collect(),
        _ => Vec::new(),
    }
}

/// Checks one attribute's CloudFormation form against the schema of the kind's type
/// (`resource`, in `schema`: a [`CfnAttr::FirstOfVpc`] reads the VPC's).
fn check_cfn_attribute(
    schema: &Json,
    kind: Kind,
    attr: &AttrSpec,
    resource: &Json,
    problems: &mut Vec<String>,
) {
    let cfn_type = kind.spec().cfn_type;
    let has_attribute = |name: &str| {
        cfn_property(resource, name).is_some()
            && (cfn_read_only(resource, name) || GETATT_EVERY_PROPERTY.contains(&cfn_type))
    };
    match attr.cfn {
        // `Ref` returns the registry's primary identifier (one property): an id or an ARN,
        // as the attribute says.
        CfnAttr::Ref => {
            let primary: Vec<&str> = resource["primaryIdentifier"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Json::as_str)
                .collect();
            let suffix = match attr.attr {
                Attr::Id => "Id",
                Attr::Arn => "Arn",
                other => {
                    problems.push(format!("{kind:?}: {other:?} read by Ref"));
                    return;
                }
            };
            if !matches!(primary.as_slice(), [p] if p.ends_with(suffix)) {
                problems.push(format!(
                    "{kind:?}: {:?} is read by Ref, but {cfn_type}'s primary identifier is \
                     {primary:?}",
                    attr.attr
                ));
            }
        }
        CfnAttr::GetAtt(name) => {
            if !has_attribute(name) {
                problems.push(format!(
                    "{kind:?}: {:?} is Fn::GetAtt {name}, which {cfn_type} does not return",
                    attr.attr
                ));
            }
        }
        CfnAttr::DnsEntry(_) => {
            let list = cfn_property(resource, "DnsEntries").is_some_and(|p| cfn_is(p, "array"));
            if !has_attribute("DnsEntries") || !list {
                problems.push(format!(
                    "{kind:?}: {cfn_type} returns no DnsEntries list for the alias target"
                ));
            }
        }
        CfnAttr::SingleEndpoint => {
            let list = cfn_property(resource, "EndpointIds").is_some_and(|p| cfn_is(p, "array"));
            if !has_attribute("EndpointIds") || !list {
                problems.push(format!(
                    "{kind:?}: {cfn_type} returns no EndpointIds list for the single endpoint"
                ));
            }
        }
        // A lookup is for what the type does not return: no read-only property of the
        // attribute's name; the command starts from the resource's id (`{output}`) in its
        // region.
        CfnAttr::Lookup(command) => {
            let returned = resource["readOnlyProperties"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Json::as_str)
                .any(|p| p.contains("TransitGatewayAttachment"));
            if returned || !command.contains("{output}") || !command.contains("{region}") {
                problems.push(format!(
                    "{kind:?}: {:?} is looked up, but {cfn_type} returns it or the lookup does \
                     not start from the resource's id in its region",
                    attr.attr
                ));
            }
        }
        // `Fn::Sub` builds an ARN the type does not return, of the type's service, with the
        // logical id in place of `${}` and otherwise pseudo parameters only.
        CfnAttr::Sub(text) => {
            let service = cfn_type
                .split("::")
                .nth(1)
                .unwrap_or_default()
                .to_lowercase();
            let names: Vec<&str> = text
                .split("${")
                .skip(1)
                .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
                .collect();
            let resource_names = names.iter().filter(|n| n.is_empty()).count();
            let others_pseudo = names
                .iter()
                .all(|n| n.is_empty() || PSEUDO_PARAMETERS.contains(n));
            let prefix = format!("arn:${{AWS::Partition}}:{service}:");
            // `...:vpc/${}` for AWS::EC2::VPC, `...:transit-gateway/${}` for
            // AWS::EC2::TransitGateway.
            let resource_type = text
                .rsplit(':')
                .next()
                .and_then(|r| r.split('/').next())
                .unwrap_or_default()
                .replace('-', "");
            let type_name = cfn_type
                .rsplit("::")
                .next()
                .unwrap_or_default()
                .to_lowercase();
            if resource_type != type_name {
                problems.push(format!(
                    "{kind:?}: {:?} is Fn::Sub {text:?}, the ARN of a {resource_type}, not of \
                     a {cfn_type}",
                    attr.attr
                ));
            }
            if attr.attr != Attr::Arn
                || !text.starts_with(&prefix)
                || resource_names != 1
                || !others_pseudo
            {
                problems.push(format!(
                    "{kind:?}: {:?} is Fn::Sub {text:?}, not an {service} ARN with one ${{}} \
                     and pseudo parameters",
                    attr.attr
                ));
            }
            let returned: Vec<&str> = resource["readOnlyProperties"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Json::as_str)
                .filter(|p| p.ends_with("Arn") && p.matches('/').count() == 2)
                .collect();
            if !returned.is_empty() {
                problems.push(format!(
                    "{kind:?}: {cfn_type} returns {returned:?}: use Fn::GetAtt, not Fn::Sub"
                ));
            }
        }
        // `Fn::Select [0, Fn::GetAtt [<names>Vpc, NAME]]`: NAME is a list AWS::EC2::VPC
        // returns, and the kind is attached to a VPC (a settable `VpcId`), the one with the
        // same names.
        CfnAttr::FirstOfVpc(name) => {
            let Some(vpc) = cfn_resource(schema, "AWS::EC2::VPC") else {
                problems.push(format!(
                    "{kind:?}: {:?} reads AWS::EC2::VPC, which is not in the schema subset",
                    attr.attr
                ));
                return;
            };
            let list = cfn_property(vpc, name).is_some_and(|p| cfn_is(p, "array"));
            if !(cfn_read_only(vpc, name) && list) {
                problems.push(format!(
                    "{kind:?}: {:?} is the first of Fn::GetAtt [Vpc, {name}], which \
                     AWS::EC2::VPC does not return as a list",
                    attr.attr
                ));
            }
            if !cfn_settable(resource, "VpcId") {
                problems.push(format!(
                    "{kind:?}: {:?} is read from the VPC, but {cfn_type} is not attached to a \
                     VPC (no settable VpcId)",
                    attr.attr
                ));
            }
            if kind == Kind::Vpc {
                problems.push(format!(
                    "{kind:?}: {:?} of the VPC itself: use Fn::GetAtt",
                    attr.attr
                ));
            }
        }
    }
}

#[test]
fn kinds_table_matches_cloudformation_schema() {
    let schema = cfn_schema();
    let parents = graphs().parents;
    let mut problems = Vec::new();
    // Per CloudFormation type: the top-level properties some kind sets.
    let mut set: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut one_sided: BTreeSet<(Kind, &str)> = BTreeSet::new();
    for &kind in Kind::ALL {
        let spec = kind.spec();
        match spec.cfn_form {
            CfnForm::Resource => {
                let Some(resource) = cfn_resource(&schema, spec.cfn_type) else {
                    problems.push(format!(
                        "{kind:?}: {:?} is not in the CloudFormation schema subset; re-run \
                         tests/data/subset_cfn_schema.py",
                        spec.cfn_type
                    ));
                    continue;
                };
                for prop in spec.properties {
                    match prop.cfn {
                        Some(name) => {
                            if !cfn_settable(resource, name) {
                                problems.push(format!(
                                    "{kind:?}: property {} is {}.{name}, not a settable \
                                     property",
                                    prop.key, spec.cfn_type
                                ));
                            }
                            let top = name.split('.').next().unwrap_or(name);
                            set.entry(spec.cfn_type).or_default().insert(top);
                        }
                        None => {
                            one_sided.insert((kind, prop.key));
                        }
                    }
                    if prop.tf.is_none() {
                        one_sided.insert((kind, prop.key));
                    }
                }
                // The tags property: `Tags`, or the type's own (`HostedZoneTags`).
                if spec.taggable {
                    if cfn_tags_settable(resource, spec.cfn_tags) {
                        set.entry(spec.cfn_type).or_default().insert(spec.cfn_tags);
                    } else {
                        problems.push(format!(
                            "{kind:?}: {} takes no {} list of Key and Value",
                            spec.cfn_type, spec.cfn_tags
                        ));
                    }
                }
                for attr in spec.attributes {
                    check_cfn_attribute(&schema, kind, attr, resource, &mut problems);
                }
            }
            CfnForm::Entry {
                parent,
                list,
                value,
            } => {
                if !spec.cfn_type.is_empty() {
                    problems.push(format!("{kind:?}: an entry kind with a type"));
                }
                check_slot(
                    kind,
                    parent,
                    value,
                    &parents,
                    &mut problems,
                    |parent_type| {
                        let resource = cfn_resource(&schema, parent_type)?;
                        let node = cfn_property(resource, list)?;
                        (cfn_settable(resource, list) && cfn_is(node, "array")).then_some(list)
                    },
                )
                .into_iter()
                .for_each(|(t, name)| {
                    set.entry(t).or_default().insert(name);
                });
            }
            CfnForm::Property {
                parent,
                property,
                value,
            } => {
                check_slot(
                    kind,
                    parent,
                    value,
                    &parents,
                    &mut problems,
                    |parent_type| {
                        let resource = cfn_resource(&schema, parent_type)?;
                        cfn_settable(resource, property).then_some(property)
                    },
                )
                .into_iter()
                .for_each(|(t, name)| {
                    set.entry(t).or_default().insert(name);
                });
                // It is the parent's type, and its other properties name the parent's (the
                // reference to the parent is the parent's own identifier).
                for parent_kind in parents.get(&kind).into_iter().flatten() {
                    let parent_type = parent_kind.spec().cfn_type;
                    if spec.cfn_type != parent_type {
                        problems.push(format!(
                            "{kind:?}: written into a {parent_type}, but its type is {:?}",
                            spec.cfn_type
                        ));
                    }
                    let Some(resource) = cfn_resource(&schema, parent_type) else {
                        continue;
                    };
                    for name in spec.properties.iter().filter_map(|p| p.cfn) {
                        if cfn_property(resource, name).is_none() {
                            problems.push(format!(
                                "{kind:?}: {name} is not a property of {parent_type}"
                            ));
                        }
                    }
                }
            }
            CfnForm::Manual { id_from } => {
                if !spec.cfn_type.is_empty() {
                    problems.push(format!("{kind:?}: a manual kind with a type"));
                }
                if kind.property(id_from).is_none() {
                    problems.push(format!("{kind:?}: id_from {id_from} is not a property"));
                }
            }
            CfnForm::Object { parent, list } => {
                if !spec.cfn_type.is_empty() {
                    problems.push(format!("{kind:?}: an object kind with a type"));
                }
                // The parent is said by nesting: no CloudFormation name.
                match kind.property(parent) {
                    None => {
                        problems.push(format!("{kind:?}: {parent} is not one of its properties"))
                    }
                    Some(p) if p.cfn.is_some() => problems.push(format!(
                        "{kind:?}: its parent {parent} has a CloudFormation name, {:?}",
                        p.cfn
                    )),
                    Some(_) => {}
                }
                for prop in spec.properties.iter().filter(|p| p.key != parent) {
                    if prop.cfn.is_none() || prop.tf.is_none() {
                        one_sided.insert((kind, prop.key));
                    }
                }
                let Some(kinds) = parents.get(&kind) else {
                    problems.push(format!("{kind:?}: no conformance network has one"));
                    continue;
                };
                for parent_kind in kinds {
                    let parent_type = parent_kind.spec().cfn_type;
                    let Some(resource) = cfn_resource(&schema, parent_type) else {
                        problems.push(format!(
                            "{kind:?}: its parent type {parent_type} is unknown"
                        ));
                        continue;
                    };
                    let item = match cfn_list_items(resource, list) {
                        Some(item) if cfn_settable(resource, list) => item,
                        _ => {
                            problems.push(format!(
                                "{kind:?}: its parent {parent_kind:?} ({parent_type}) has no \
                                 settable list of objects {list}"
                            ));
                            continue;
                        }
                    };
                    set.entry(parent_type).or_default().insert(list);
                    // Its properties are the item's, and it sets every one the item requires.
                    let names: BTreeSet<&str> =
                        spec.properties.iter().filter_map(|p| p.cfn).collect();
                    for name in &names {
                        if cfn_property_in(resource, item, name).is_none() {
                            problems.push(format!(
                                "{kind:?}: {name} is not a property of the items of \
                                 {parent_type} {list}"
                            ));
                        }
                    }
                    for required in cfn_required(item) {
                        let top = |n: &&str| n.split('.').next() == Some(required);
                        if !names.iter().any(top) {
                            problems.push(format!(
                                "{kind:?}: the items of {parent_type} {list} require {required}, \
                                 which the kind does not set"
                            ));
                        }
                    }
                }
            }
            CfnForm::Refused { message } => {
                // Nothing of it reaches CloudFormation: no type, no CloudFormation names; the
                // message is a property neither target renders.
                if !spec.cfn_type.is_empty() {
                    problems.push(format!("{kind:?}: a refused kind with a type"));
                }
                for prop in spec.properties.iter().filter(|p| p.cfn.is_some()) {
                    problems.push(format!(
                        "{kind:?}: refused, but {} has a CloudFormation name",
                        prop.key
                    ));
                }
                if let Some(key) = message {
                    match kind.property(key) {
                        Some(p) if p.cfn.is_none() && p.tf.is_none() => {}
                        other => problems.push(format!(
                            "{kind:?}: its message {key} must be a property neither target \
                             renders: {other:?}"
                        )),
                    }
                }
            }
        }
    }
    // Every property CloudFormation requires is one the table sets.
    for (cfn_type, names) in &set {
        let resource = cfn_resource(&schema, cfn_type).expect("checked above");
        for required in resource["required"].as_array().into_iter().flatten() {
            let required = required.as_str().unwrap_or_default();
            if !names.contains(required) {
                problems.push(format!(
                    "{cfn_type} requires {required}, which no kind of the table sets"
                ));
            }
        }
    }
    let expected: BTreeSet<(Kind, &str)> = ONE_SIDED_PROPERTIES
        .iter()
        .map(|(kind, key, _)| (*kind, *key))
        .collect();
    let only_table: Vec<_> = one_sided.difference(&expected).collect();
    let only_list: Vec<_> = expected.difference(&one_sided).collect();
    if !only_table.is_empty() || !only_list.is_empty() {
        problems.push(format!(
            "properties of resource kinds in one target only: {only_table:?} are not in \
             ONE_SIDED_PROPERTIES, {only_list:?} are not one-sided in the table"
        ));
    }
    // Every nested field's CloudFormation name is a property somewhere in the schemas.
    let mut names: BTreeSet<&str> = BTreeSet::new();
    cfn_names(&schema["resources"], &mut names);
    for field in FIELDS {
        for name in field.cfn.into_iter().flat_map(|n| n.split('.')) {
            if !names.contains(name) {
                problems.push(format!(
                    "field {}: {name} is a property of no CloudFormation schema",
                    field.key
                ));
            }
        }
    }
    assert_no_problems(
        "the kinds table does not match the CloudFormation schemas",
        &problems,
    );
}

/// An entry or property kind: `parent` and `value` are its properties, it has a parent in the
/// conformance networks, and `slot` (the parent type's list or property, if fit) holds it in
/// every parent's type. Returns (parent type, slot) for each parent.
fn check_slot(
    kind: Kind,
    parent: &str,
    value: &str,
    parents: &BTreeMap<Kind, BTreeSet<Kind>>,
    problems: &mut Vec<String>,
    slot: impl Fn(&'static str) -> Option<&'static str>,
) -> Vec<(&'static str, &'static str)> {
    for key in [parent, value] {
        if kind.property(key).is_none() {
            problems.push(format!("{kind:?}: {key} is not one of its properties"));
        }
    }
    let Some(kinds) = parents.get(&kind) else {
        problems.push(format!("{kind:?}: no conformance network has one"));
        return Vec::new();
    };
    let mut out = Vec::new();
    for parent_kind in kinds {
        let parent_type = parent_kind.spec().cfn_type;
        match slot(parent_type) {
            Some(name) => out.push((parent_type, name)),
            None => problems.push(format!(
                "{kind:?}: its parent {parent_kind:?} ({parent_type}) has no settable slot for it"
            )),
        }
    }
    out
}

/// The CloudFormation templates of a network.
fn render_cfn(network: &Network) -> Vec<Json> {
    let valid = network
        .validate()
        .unwrap_or_else(|d| panic!("network {} is invalid:\n{d}", network.name));
    let graph = lower(&valid).unwrap_or_else(|d| panic!("lowering {}:\n{d}", network.name));
    Target::CloudFormation
        .render(&graph)
        .unwrap_or_else(|e| panic!("rendering {}: {e}", network.name))
        .iter()
        .filter(|f| f.path.ends_with(".template.json"))
        .map(|f| serde_json::from_str(&f.contents).expect("templates are JSON"))
        .collect()
}

/// The dotted paths of every property set in a template value (`Options`,
/// `Options.ApplianceModeSupport`); intrinsic functions are leaves.
fn cfn_paths(value: &Json, prefix: &str, out: &mut BTreeSet<String>) {
    match value {
        Json::Object(map) if !map.keys().any(|k| k == "Ref" || k.starts_with("Fn::")) => {
            for (key, value) in map {
                let path = format!("{prefix}{key}");
                cfn_paths(value, &format!("{path}."), out);
                out.insert(path);
            }
        }
        Json::Array(items) => items.iter().for_each(|v| cfn_paths(v, prefix, out)),
        _ => {}
    }
}

/// How a template reads attributes: (type, `Ref`), (type, GetAtt name) and (type, `Fn::Sub`
/// text with the logical id as `${}`), for the resources of the template.
fn cfn_reads(value: &Json, types: &BTreeMap<&str, &str>, out: &mut BTreeSet<(String, String)>) {
    match value {
        Json::Object(map) => {
            if let Some(Json::String(id)) = map.get("Ref") {
                if let Some(t) = types.get(id.as_str()) {
                    out.insert((t.to_string(), "Ref".to_string()));
                }
            }
            if let Some(Json::Array(getatt)) = map.get("Fn::GetAtt") {
                if let [Json::String(id), Json::String(name)] = getatt.as_slice() {
                    if let Some(t) = types.get(id.as_str()) {
                        out.insert((t.to_string(), name.clone()));
                    }
                }
            }
            if let Some(Json::String(text)) = map.get("Fn::Sub") {
                for (id, t) in types {
                    let named = format!("${{{id}}}");
                    if text.contains(&named) {
                        out.insert((t.to_string(), text.replace(&named, "${}")));
                    }
                }
            }
            map.values().for_each(|v| cfn_reads(v, types, out));
        }
        Json::Array(items) => items.iter().for_each(|v| cfn_reads(v, types, out)),
        _ => {}
    }
}

/// How [`cfn_first_of_vpc_reads`] records a [`CfnAttr::FirstOfVpc`] read.
fn first_of_vpc(name: &str) -> String {
    format!("Fn::Select [0, Fn::GetAtt [Vpc, {name}]]")
}

/// The [`CfnAttr::FirstOfVpc`] reads of one resource of a template: `Fn::Select [0,
/// Fn::GetAtt [<names>Vpc, NAME]]` in its properties, of a VPC of the template, read on behalf
/// of the resource with the same names it `DependsOn` (the target the text does not name), as
/// (that resource's type, [`first_of_vpc`] of NAME). A read without that `DependsOn` reads
/// nothing of the target.
fn cfn_first_of_vpc_reads(
    resource: &Json,
    types: &BTreeMap<&str, &str>,
    out: &mut BTreeSet<(String, String)>,
) {
    fn selects<'j>(value: &'j Json, found: &mut Vec<(&'j str, &'j str)>) {
        match value {
            Json::Object(map) => {
                if let Some(Json::Array(select)) = map.get("Fn::Select") {
                    if let [index, Json::Object(inner)] = select.as_slice() {
                        if let (Some(0), Some(Json::Array(getatt))) =
                            (index.as_u64(), inner.get("Fn::GetAtt"))
                        {
                            if let [Json::String(id), Json::String(name)] = getatt.as_slice() {
                                found.push((id, name));
                            }
                        }
                    }
                }
                map.values().for_each(|v| selects(v, found));
            }
            Json::Array(items) => items.iter().for_each(|v| selects(v, found)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    selects(&resource["Properties"], &mut found);
    let depends: Vec<&str> = resource["DependsOn"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Json::as_str)
        .collect();
    for (vpc, name) in found {
        let Some(names) = vpc.strip_suffix(Kind::Vpc.spec().cfn_suffix) else {
            continue;
        };
        if types.get(vpc) != Some(&Kind::Vpc.spec().cfn_type) {
            continue;
        }
        for target in &depends {
            let Some(cfn_type) = types.get(target) else {
                continue;
            };
            let same_names = Kind::ALL.iter().any(|k| {
                k.spec().cfn_type == *cfn_type
                    && *target == format!("{names}{}", k.spec().cfn_suffix)
            });
            if same_names {
                out.insert((cfn_type.to_string(), first_of_vpc(name)));
            }
        }
    }
}

#[test]
fn conformance_networks_cover_every_kind_in_cloudformation() {
    // Property paths set per type, and attributes read, over every network.
    let mut set: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut read: BTreeSet<(String, String)> = BTreeSet::new();
    for (_, network) in networks() {
        for template in render_cfn(&network) {
            let resources = template["Resources"].as_object().expect("Resources");
            let types: BTreeMap<&str, &str> = resources
                .iter()
                .map(|(id, r)| (id.as_str(), r["Type"].as_str().expect("a Type")))
                .collect();
            for resource in resources.values() {
                let paths = set
                    .entry(resource["Type"].as_str().unwrap().to_string())
                    .or_default();
                cfn_paths(&resource["Properties"], "", paths);
                cfn_first_of_vpc_reads(resource, &types, &mut read);
            }
            cfn_reads(&template, &types, &mut read);
        }
    }
    let Graphs { parents, cfn_reads } = graphs();
    let sets = |cfn_type: &str, path: &str| set.get(cfn_type).is_some_and(|s| s.contains(path));
    let reads = |cfn_type: &str, how: &str| read.contains(&(cfn_type.to_string(), how.to_string()));
    let mut missing = Vec::new();
    for &kind in Kind::ALL {
        let spec = kind.spec();
        let slot = match spec.cfn_form {
            CfnForm::Resource => None,
            CfnForm::Entry { list, .. } => Some(list),
            CfnForm::Property { property, .. } => Some(property),
            // Every property is set in some object of the parent's list.
            CfnForm::Object { list, .. } => {
                let names = spec.properties.iter().filter_map(|p| p.cfn);
                for parent in parents.get(&kind).into_iter().flatten() {
                    let parent_type = parent.spec().cfn_type;
                    for path in std::iter::once(list.to_string())
                        .chain(names.clone().map(|name| format!("{list}.{name}")))
                    {
                        if !sets(parent_type, &path) {
                            missing.push(format!("{kind:?}: no {parent_type} sets {path}"));
                        }
                    }
                }
                if !parents.contains_key(&kind) {
                    missing.push(format!("{kind:?}: no conformance network has one"));
                }
                continue;
            }
            CfnForm::Manual { .. } | CfnForm::Refused { .. } => continue,
        };
        if let Some(slot) = slot {
            for parent in parents.get(&kind).into_iter().flatten() {
                let parent_type = parent.spec().cfn_type;
                if !sets(parent_type, slot) {
                    missing.push(format!("{kind:?}: no {parent_type} sets {slot}"));
                }
            }
            continue;
        }
        if !set.contains_key(spec.cfn_type) {
            missing.push(format!("{kind:?}: no {} is rendered", spec.cfn_type));
            continue;
        }
        let names = spec.properties.iter().filter_map(|p| p.cfn);
        for name in names.chain(spec.taggable.then_some(spec.cfn_tags)) {
            if !sets(spec.cfn_type, name) {
                missing.push(format!("{kind:?}: no {} sets {name}", spec.cfn_type));
            }
        }
        for attr in spec.attributes {
            let how = match attr.cfn {
                CfnAttr::Ref => "Ref".to_string(),
                CfnAttr::GetAtt(name) => name.to_string(),
                CfnAttr::SingleEndpoint => "EndpointIds".to_string(),
                CfnAttr::Sub(text) => text.to_string(),
                CfnAttr::FirstOfVpc(name) => first_of_vpc(name),
                CfnAttr::DnsEntry(_) => "DnsEntries".to_string(),
                // Read from a Parameter the deployer fills in (tests/wiring.rs checks it).
                CfnAttr::Lookup(_) => continue,
            };
            let covered = reads(spec.cfn_type, &how);
            let must = cfn_reads.contains(&(kind, attr.attr));
            if !covered && must {
                missing.push(format!(
                    "{kind:?}: no template reads {:?} of {} as {:?}",
                    attr.attr, spec.cfn_type, attr.cfn
                ));
            }
        }
    }
    assert_no_problems(
        "the conformance networks miss part of the kinds table in CloudFormation",
        &missing,
    );
}

/// The combination rules of the registry schemas (cfn-lint E3014, E3017, E3020) that the
/// top-level properties of each resource of `template` break: `requiredXor` (exactly one
/// of), `requiredOr` (at least one of), `dependentRequired` (one needs the others) and
/// `dependentExcluded` (one excludes the others). `AWS::EC2::VPC` takes `CidrBlock` or
/// `Ipv4IpamPoolId` (with `Ipv4NetmaskLength`), never both.
fn check_cfn_combinations(schema: &Json, template: &Json) -> Vec<String> {
    let mut problems = Vec::new();
    let strings = |node: &Json| -> Vec<String> {
        node.as_array()
            .into_iter()
            .flatten()
            .filter_map(Json::as_str)
            .map(str::to_string)
            .collect()
    };
    for (logical, resource) in template["Resources"].as_object().expect("Resources") {
        let cfn_type = resource["Type"].as_str().expect("a Type");
        let Some(rules) = cfn_resource(schema, cfn_type) else {
            problems.push(format!("{logical}: {cfn_type} is not in the schema subset"));
            continue;
        };
        let set: BTreeSet<&str> = resource["Properties"]
            .as_object()
            .map(|p| p.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let count = |names: &[String]| names.iter().filter(|n| set.contains(n.as_str())).count();
        let xor = strings(&rules["requiredXor"]);
        if !xor.is_empty() && count(&xor) != 1 {
            problems.push(format!(
                "{logical} ({cfn_type}) sets not exactly one of {xor:?}"
            ));
        }
        let or = strings(&rules["requiredOr"]);
        if !or.is_empty() && count(&or) == 0 {
            problems.push(format!("{logical} ({cfn_type}) sets none of {or:?}"));
        }
        for (key, excluded) in [("dependentRequired", false), ("dependentExcluded", true)] {
            for (name, others) in rules[key].as_object().into_iter().flatten() {
                if !set.contains(name.as_str()) {
                    continue;
                }
                for other in strings(others) {
                    if set.contains(other.as_str()) == excluded {
                        let how = if excluded { "with" } else { "without" };
                        problems.push(format!("{logical} ({cfn_type}) sets {name} {how} {other}"));
                    }
                }
            }
        }
    }
    problems
}

#[test]
fn cloudformation_output_meets_each_types_combination_rules() {
    let schema = cfn_schema();
    let mut problems = Vec::new();
    for (name, network) in networks() {
        for template in render_cfn(&network) {
            for problem in check_cfn_combinations(&schema, &template) {
                problems.push(format!("{name}: {problem}"));
            }
        }
    }
    assert_no_problems(
        "the CloudFormation output breaks a combination rule of the registry schemas",
        &problems,
    );
    // Each kind of break is reported.
    let vpc = |properties: Json| serde_json::json!({"Resources": {"XVpc": {"Type": "AWS::EC2::VPC", "Properties": properties}}});
    let pool = serde_json::json!({"Ref": "Pool"});
    let mistakes = [
        (
            vpc(
                serde_json::json!({"CidrBlock": "10.0.0.0/16", "Ipv4IpamPoolId": pool, "Ipv4NetmaskLength": 16}),
            ),
            "not exactly one of",
        ),
        (
            vpc(serde_json::json!({"EnableDnsSupport": true})),
            "not exactly one of",
        ),
        (
            vpc(serde_json::json!({"Ipv4IpamPoolId": pool})),
            "sets Ipv4IpamPoolId without Ipv4NetmaskLength",
        ),
        (
            serde_json::json!({"Resources": {"XSubnet": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": "vpc-1"}}}}),
            "sets none of",
        ),
        (
            serde_json::json!({"Resources": {"XSubnet": {"Type": "AWS::EC2::Subnet", "Properties": {
                "VpcId": "vpc-1", "Ipv6CidrBlock": "2600::/64", "Ipv6IpamPoolId": "p", "Ipv6NetmaskLength": 64
            }}}}),
            "sets Ipv6CidrBlock with Ipv6IpamPoolId",
        ),
    ];
    for (template, needle) in mistakes {
        let problems = check_cfn_combinations(&schema, &template);
        assert!(
            problems.iter().any(|p| p.contains(needle)),
            "{template}: expected {needle:?}, got {problems:?}"
        );
    }
    let right = vpc(serde_json::json!({"Ipv4IpamPoolId": pool, "Ipv4NetmaskLength": 22}));
    assert_no_problems(
        "a VPC from a pool",
        &check_cfn_combinations(&schema, &right),
    );
}

#[test]
fn cloudformation_checks_tell_properties_attributes_and_arns_apart() {
    let schema = cfn_schema();
    let resource = |cfn_type| cfn_resource(&schema, cfn_type).expect("in the subset");
    let attachment = resource("AWS::NetworkManager::VpcAttachment");
    assert!(cfn_settable(attachment, "Options.ApplianceModeSupport"));
    assert!(!cfn_settable(attachment, "Options.ApplianceMode"));
    assert!(!cfn_settable(attachment, "CoreNetworkArn"), "read-only");
    let core = resource("AWS::NetworkManager::CoreNetwork");
    assert!(cfn_settable(core, "PolicyDocument"));
    assert!(!cfn_settable(core, "BasePolicyRegions"), "Terraform only");
    assert!(cfn_is(
        cfn_property(resource("AWS::RAM::ResourceShare"), "Principals").unwrap(),
        "array"
    ));
    // Each mistake in an attribute's CloudFormation form is reported.
    let attr = |attr, cfn| AttrSpec {
        attr,
        cfn,
        tf: TfAttr::Attr("arn"),
    };
    let vpc_arn = "arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:vpc/${}";
    let mistakes = [
        (Kind::Vpc, attr(Attr::Arn, CfnAttr::GetAtt("Arn")), "does not return"),
        (Kind::Vpc, attr(Attr::Arn, CfnAttr::Ref), "primary identifier"),
        (Kind::CoreNetwork, attr(Attr::Id, CfnAttr::GetAtt("Id")), "does not return"),
        // Only some types return settable properties (AWS::EC2::VPC's CidrBlock does).
        (
            Kind::TransitGateway,
            attr(Attr::Id, CfnAttr::GetAtt("Description")),
            "does not return",
        ),
        (
            Kind::Subnet,
            attr(Attr::Arn, CfnAttr::Sub(vpc_arn)),
            "the ARN of a vpc, not of a AWS::EC2::Subnet",
        ),
        (
            Kind::Vpc,
            attr(
                Attr::Arn,
                CfnAttr::Sub("arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:vpc/${}"),
            ),
            "not an ec2 ARN",
        ),
        (
            Kind::TransitGateway,
            attr(
                Attr::Arn,
                CfnAttr::Sub("arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:transit-gateway/${}"),
            ),
            "use Fn::GetAtt",
        ),
        (
            Kind::Vpc,
            attr(
                Attr::Arn,
                CfnAttr::Sub("arn:${AWS::Partition}:ec2:${Region}:${AWS::AccountId}:vpc/${}"),
            ),
            "pseudo parameters",
        ),
        (Kind::Vpc, attr(Attr::Id, CfnAttr::Sub(vpc_arn)), "not an ec2 ARN"),
        // The first of a VPC's list: a list the VPC returns, read for a kind attached to it.
        (
            Kind::VpcIpv6Block,
            attr(Attr::Ipv6CidrBlock, CfnAttr::FirstOfVpc("CidrBlock")),
            "AWS::EC2::VPC does not return as a list",
        ),
        (
            Kind::VpcIpv6Block,
            attr(Attr::Ipv6CidrBlock, CfnAttr::FirstOfVpc("Ipv6CidrBlock")),
            "AWS::EC2::VPC does not return as a list",
        ),
        (
            Kind::Ipam,
            attr(Attr::Ipv6CidrBlock, CfnAttr::FirstOfVpc("Ipv6CidrBlocks")),
            "not attached to a VPC",
        ),
        (
            Kind::Vpc,
            attr(Attr::Ipv6CidrBlock, CfnAttr::FirstOfVpc("Ipv6CidrBlocks")),
            "use Fn::GetAtt",
        ),
    ];
    for (kind, spec, needle) in mistakes {
        let mut problems = Vec::new();
        check_cfn_attribute(
            &schema,
            kind,
            &spec,
            resource(kind.spec().cfn_type),
            &mut problems,
        );
        assert!(
            problems.iter().any(|p| p.contains(needle)),
            "{kind:?} {spec:?}: expected a problem with {needle:?}, got {problems:?}"
        );
    }
    let mut problems = Vec::new();
    let right = attr(Attr::Arn, CfnAttr::Sub(vpc_arn));
    check_cfn_attribute(
        &schema,
        Kind::Vpc,
        &right,
        resource("AWS::EC2::VPC"),
        &mut problems,
    );
    assert_no_problems("the VPC's ARN", &problems);
    let mut problems = Vec::new();
    let block = attr(Attr::Ipv6CidrBlock, CfnAttr::FirstOfVpc("Ipv6CidrBlocks"));
    check_cfn_attribute(
        &schema,
        Kind::VpcIpv6Block,
        &block,
        resource("AWS::EC2::VPCCidrBlock"),
        &mut problems,
    );
    assert_no_problems("a VPC IPv6 block's block", &problems);
}

// ------------------------------------------------------------ nested structures, both targets

/// Whether a value renders as nested blocks in Terraform (a structure, a list holding one, or
/// keyed entries) and as objects in CloudFormation.
fn nests(value: &Value) -> bool {
    match value {
        Value::Struct(_) | Value::Keyed { .. } => true,
        Value::List(items) => items.iter().any(|v| matches!(v, Value::Struct(_))),
        _ => false,
    }
}

/// `(field key, target)` of every nested field checked against the schema where it goes.
type Checked = BTreeSet<(&'static str, &'static str)>;

/// The fields of a nested value against the Terraform block `node` it renders in: each field
/// is an argument of that block, or (a nested value itself) a block of it, recursively; keyed
/// entries are blocks with a `key` argument and their value as the `inner` block.
fn tf_fields(
    node: &Json,
    value: &Value,
    at: &str,
    problems: &mut Vec<String>,
    checked: &mut Checked,
) {
    match value {
        Value::Struct(fields) => {
            for (key, value) in fields {
                let Some(name) = field(key).and_then(|f| f.tf) else {
                    problems.push(format!("{at}: field {key} has no Terraform name in FIELDS"));
                    continue;
                };
                checked.insert((key, "terraform"));
                if nests(value) {
                    match entry(node, "blocks", name) {
                        Some(block) => {
                            tf_fields(block, value, &format!("{at}.{name}"), problems, checked)
                        }
                        None => problems.push(format!(
                            "{at}: field {key} renders as block {name}, which is not a block here"
                        )),
                    }
                } else if !settable(node, name) {
                    problems.push(format!(
                        "{at}: field {key} is {name}, not an argument of this block"
                    ));
                }
            }
        }
        Value::List(items) => {
            for item in items {
                tf_fields(node, item, at, problems, checked);
            }
        }
        Value::Keyed { inner, entries } => {
            if !settable(node, "key") {
                problems.push(format!("{at}: keyed entries, but the block has no key"));
            }
            match entry(node, "blocks", inner) {
                Some(block) => {
                    for value in entries.values() {
                        tf_fields(block, value, &format!("{at}.{inner}"), problems, checked);
                    }
                }
                None => problems.push(format!("{at}: keyed entries in {inner}, not a block here")),
            }
        }
        _ => {}
    }
}

/// The fields of a nested value against the CloudFormation property schema `node` of
/// `resource` it is written in: each field is a property of that object (the items' object,
/// for a list), recursively; keyed entries are checked against the object's one
/// `patternProperties` schema.
fn cfn_fields(
    resource: &Json,
    node: &Json,
    value: &Value,
    at: &str,
    problems: &mut Vec<String>,
    checked: &mut Checked,
) {
    match value {
        Value::Struct(fields) => {
            let object = cfn_deref(resource, node);
            for (key, value) in fields {
                let Some(name) = field(key).and_then(|f| f.cfn) else {
                    problems.push(format!("{at}: field {key} has no CloudFormation name"));
                    continue;
                };
                checked.insert((key, "cloudformation"));
                match cfn_property_in(resource, object, name) {
                    Some(inner) => cfn_fields(
                        resource,
                        inner,
                        value,
                        &format!("{at}.{name}"),
                        problems,
                        checked,
                    ),
                    None => {
                        let known: Vec<&String> = object
                            .get("properties")
                            .and_then(Json::as_object)
                            .map(|p| p.keys().collect())
                            .unwrap_or_default();
                        problems.push(format!(
                            "{at}: field {key} is {name}, not a property of this object \
                             (which has {known:?})"
                        ));
                    }
                }
            }
        }
        Value::List(items) => {
            for item in items {
                cfn_fields(resource, node, item, at, problems, checked);
            }
        }
        Value::Keyed { entries, .. } => {
            let object = cfn_deref(resource, node);
            let patterns: Vec<&Json> = object
                .get("patternProperties")
                .and_then(Json::as_object)
                .map(|p| p.values().collect())
                .unwrap_or_default();
            let [entry_schema] = patterns.as_slice() else {
                problems.push(format!(
                    "{at}: keyed entries, but the object has {} patternProperties",
                    patterns.len()
                ));
                return;
            };
            for (name, value) in entries {
                cfn_fields(
                    resource,
                    entry_schema,
                    value,
                    &format!("{at}.{name}"),
                    problems,
                    checked,
                );
            }
        }
        _ => {}
    }
}

/// Where CloudFormation writes the properties of `resource`: `(type schema, object schema
/// holding them)`: the type itself for a resource or a property kind, the items of the
/// parent's list for an object kind; `None` for the kinds whose values are not objects there.
fn cfn_home<'s>(
    cfn: &'s Json,
    graph: &ResourceGraph,
    resource: &netform::backends::Resource,
) -> Option<(&'s Json, &'s Json)> {
    let spec = resource.id.kind.spec();
    let parent_type = |parent: &str| match resource.properties.get(parent) {
        Some(Value::Ref(r)) => graph.resources[&r.target].id.kind.spec().cfn_type,
        other => panic!("{:?}: {parent} is not a reference: {other:?}", resource.id),
    };
    match spec.cfn_form {
        CfnForm::Resource => cfn_resource(cfn, spec.cfn_type).map(|r| (r, r)),
        CfnForm::Property { parent, .. } => cfn_resource(cfn, parent_type(parent)).map(|r| (r, r)),
        CfnForm::Object { parent, list } => {
            let r = cfn_resource(cfn, parent_type(parent))?;
            cfn_list_items(r, list).map(|item| (r, item))
        }
        CfnForm::Entry { .. } | CfnForm::Manual { .. } | CfnForm::Refused { .. } => None,
    }
}

/// Every nested structure of `graph` against the schemas of both targets, at the block or
/// object its property renders in: the fields of a Resolver endpoint's `ip_addresses` against
/// `ip_address` / the items of `IpAddresses`, of a rule's `target_ips` against `target_ip` /
/// `TargetIps`, of a zone's `vpcs` against `vpc` / `VPCs`, and so on at any depth.
fn check_nested_fields(
    tf: &Json,
    cfn: &Json,
    graph: &ResourceGraph,
    checked: &mut Checked,
) -> Vec<String> {
    let mut problems = Vec::new();
    for resource in graph.resources.values() {
        let kind = resource.id.kind;
        let spec = kind.spec();
        let tf_node = resource_schema(tf, spec.tf_type);
        let cfn_node = cfn_home(cfn, graph, resource);
        for (key, value) in &resource.properties {
            if !nests(value) {
                continue;
            }
            let prop = kind
                .property(key)
                .unwrap_or_else(|| panic!("{kind:?}: {key} is not in the table"));
            let at = format!("{:?} {}", resource.id, key);
            if let (Some(name), Some(node)) = (prop.tf, tf_node) {
                match block_at(node, name) {
                    Some(block) => tf_fields(
                        block,
                        value,
                        &format!("{at} ({}.{name})", spec.tf_type),
                        &mut problems,
                        checked,
                    ),
                    None => problems.push(format!(
                        "{at}: a nested structure, but {}.{name} is not a block",
                        spec.tf_type
                    )),
                }
            }
            if let (Some(name), Some((schema, object))) = (prop.cfn, cfn_node) {
                match cfn_property_in(schema, object, name) {
                    Some(node) => cfn_fields(
                        schema,
                        node,
                        value,
                        &format!("{at} ({name})"),
                        &mut problems,
                        checked,
                    ),
                    None => problems.push(format!("{at}: {name} is not a CloudFormation property")),
                }
            }
        }
    }
    problems
}

/// The lowered graph of a network.
fn lowered(network: &Network) -> ResourceGraph {
    let valid = network
        .validate()
        .unwrap_or_else(|d| panic!("network {} is invalid:\n{d}", network.name));
    lower(&valid).unwrap_or_else(|d| panic!("lowering {}:\n{d}", network.name))
}

#[test]
fn nested_fields_match_the_blocks_and_objects_they_are_rendered_in() {
    let (tf, cfn) = (schema(), cfn_schema());
    let mut checked = Checked::new();
    let mut problems = Vec::new();
    for (name, network) in terraform_networks() {
        for problem in check_nested_fields(&tf, &cfn, &lowered(&network), &mut checked) {
            problems.push(format!("{name}: {problem}"));
        }
    }
    // Every field of FIELDS is checked, in both targets, where some network renders it.
    for f in FIELDS {
        for target in ["terraform", "cloudformation"] {
            // A field of a CloudFormation-only structure (a VPN tunnel's options).
            if target == "terraform" && f.tf.is_none() {
                continue;
            }
            if !checked.contains(&(f.key, target)) {
                problems.push(format!("field {}: never rendered in {target}", f.key));
            }
        }
    }
    assert_no_problems("nested fields outside the schema of their block", &problems);
}

/// A field in the wrong nested structure is caught in both targets: the checks go by the
/// block or object a field is in, not by the name being known somewhere.
#[test]
fn a_field_in_the_wrong_nested_structure_is_reported() {
    let (tf, cfn) = (schema(), cfn_schema());
    let network = crate::support::blueprint("hybrid-dns", &[]);
    let clean = lowered(&network);
    let mut checked = Checked::new();
    assert_no_problems(
        "the hybrid-dns graph",
        &check_nested_fields(&tf, &cfn, &clean, &mut checked),
    );
    // (kind, property, field added to its first structure, what both targets must say)
    let cases: &[(Kind, &str, &str, &[&str])] = &[
        (
            Kind::ResolverEndpoint,
            "ip_addresses",
            "port",
            &[
                "(aws_route53_resolver_endpoint.ip_address): field port is port, not an argument",
                "(IpAddresses): field port is Port, not a property",
            ],
        ),
        (
            Kind::ResolverRule,
            "target_ips",
            "zone_vpc_id",
            &[
                "(aws_route53_resolver_rule.target_ip): field zone_vpc_id is vpc_id, not an argument",
                "(TargetIps): field zone_vpc_id is VPCId, not a property",
            ],
        ),
        (
            Kind::HostedZone,
            "vpcs",
            "subnet_id",
            &[
                "(aws_route53_zone.vpc): field subnet_id is subnet_id, not an argument",
                "(VPCs): field subnet_id is SubnetId, not a property",
            ],
        ),
        (
            Kind::HostedZone,
            "vpcs",
            "ip",
            &[
                "(aws_route53_zone.vpc): field ip is ip, not an argument",
                "(VPCs): field ip is Ip, not a property",
            ],
        ),
    ];
    for (kind, key, stray, needles) in cases {
        let mut graph = clean.clone();
        let resource = graph
            .resources
            .values_mut()
            .find(|r| r.id.kind == *kind)
            .unwrap_or_else(|| panic!("hybrid-dns has no {kind:?}"));
        let Some(Value::List(items)) = resource.properties.get_mut(key) else {
            panic!("{kind:?}.{key} is not a list");
        };
        let Some(Value::Struct(fields)) = items.first_mut() else {
            panic!("{kind:?}.{key} holds no structure");
        };
        fields.insert(stray, Value::from("x"));
        let problems = check_nested_fields(&tf, &cfn, &graph, &mut checked);
        assert_eq!(
            problems.len(),
            2,
            "{kind:?}.{key} with {stray}: {problems:#?}"
        );
        for needle in *needles {
            assert!(
                problems.iter().any(|p| p.contains(needle)),
                "{kind:?}.{key} with {stray}: no problem says {needle:?}: {problems:#?}"
            );
        }
    }
}

/// Mistakes in the DNS resources of [`cross_account_zone`]'s module: the zone's lifecycle,
/// the authorization.
const ZONE_MISTAKES: &[Mistake] = &[
    (
        "ignore_changes naming what the zone does not have",
        |m| {
            let lifecycle = nested_block(m, "aws_route53_zone", &["lifecycle"]);
            replace_attr(lifecycle, "ignore_changes", hcl_expr("[vpcs]"));
        },
        &["aws_route53_zone.internal.lifecycle: ignore_changes names \"vpcs\", which is no argument or block of aws_route53_zone"],
    ),
    (
        "ignore_changes naming a read-only attribute",
        |m| {
            let lifecycle = nested_block(m, "aws_route53_zone", &["lifecycle"]);
            replace_attr(lifecycle, "ignore_changes", hcl_expr("[name_servers]"));
        },
        &["ignore_changes names \"name_servers\""],
    ),
    (
        "ignore_changes as quoted strings",
        |m| {
            let lifecycle = nested_block(m, "aws_route53_zone", &["lifecycle"]);
            replace_attr(lifecycle, "ignore_changes", hcl_expr("[\"vpc\"]"));
        },
        &["lifecycle: ignore_changes takes bare argument names"],
    ),
    (
        "an unknown lifecycle argument",
        |m| {
            let lifecycle = nested_block(m, "aws_route53_zone", &["lifecycle"]);
            add_attr(lifecycle, "ignore_change", hcl_expr("[vpc]"));
        },
        &["lifecycle: unknown lifecycle argument \"ignore_change\""],
    ),
    (
        "an authorization without its zone",
        |m| {
            let block = first_resource(m, "aws_route53_vpc_association_authorization");
            block
                .body
                .0
                .retain(|s| s.as_attribute().map(|a| a.key.as_str()) != Some("zone_id"));
        },
        &[
            "aws_route53_vpc_association_authorization.internal_app",
            "missing required argument \"zone_id\"",
        ],
    ),
];

/// Mistakes in the DNS resources of `hybrid-dns` with DNS Firewall: nested blocks, the
/// rule's name, a security group rule's group.
const FIREWALL_MISTAKES: &[Mistake] = &[
    (
        "a DNS Firewall rule without its name",
        |m| {
            let block = first_resource(m, "aws_route53_resolver_firewall_rule");
            block
                .body
                .0
                .retain(|s| s.as_attribute().map(|a| a.key.as_str()) != Some("name"));
        },
        &["missing required argument \"name\""],
    ),
    (
        "an unknown argument in an endpoint's ip_address",
        |m| {
            let ip = nested_block(m, "aws_route53_resolver_endpoint", &["ip_address"]);
            add_attr(ip, "address", "10.0.0.1".into());
        },
        &[".ip_address: unknown argument \"address\""],
    ),
    (
        "a target port that is not a number",
        |m| {
            let target = nested_block(m, "aws_route53_resolver_rule", &["target_ip"]);
            replace_attr(target, "port", "fifty-three".into());
        },
        &[".target_ip: \"port\" is of type number"],
    ),
    (
        "a security group rule without its group",
        |m| {
            let block = first_resource(m, "aws_vpc_security_group_ingress_rule");
            block
                .body
                .0
                .retain(|s| s.as_attribute().map(|a| a.key.as_str()) != Some("security_group_id"));
        },
        &["missing required argument \"security_group_id\""],
    ),
];

#[test]
fn checker_reports_mistakes_in_dns_resources() {
    let schema = schema();
    let zone = parsed(&cross_account_zone());
    assert_no_problems(
        "the unbroken cross-account zone",
        &check_module(&schema, &zone),
    );
    let firewall = parsed(&crate::support::blueprint(
        "hybrid-dns",
        &[("dns-firewall", "bad.example")],
    ));
    assert_no_problems("the unbroken hybrid-dns", &check_module(&schema, &firewall));
    let mut failures = Vec::new();
    let mistakes = ZONE_MISTAKES
        .iter()
        .map(|m| (&zone, m))
        .chain(FIREWALL_MISTAKES.iter().map(|m| (&firewall, m)));
    for (clean, (what, make, needles)) in mistakes {
        let mut module = clean.clone();
        make(&mut module);
        let problems = check_module(&schema, &module);
        if !problems
            .iter()
            .any(|p| needles.iter().all(|n| p.contains(n)))
        {
            failures.push(format!(
                "{what}: no problem mentions {needles:?}; got:\n  {}",
                problems.join("\n  ")
            ));
        }
    }
    assert_no_problems("the checker missed a DNS mistake", &failures);
}

#[test]
fn cloudformation_checks_find_list_items_and_the_hosted_zone_tags() {
    let schema = cfn_schema();
    let resource = |cfn_type| cfn_resource(&schema, cfn_type).expect("in the subset");
    let group = resource("AWS::EC2::SecurityGroup");
    let ingress = cfn_list_items(group, "SecurityGroupIngress").expect("a list of objects");
    assert!(cfn_property_in(group, ingress, "CidrIp").is_some());
    assert!(
        cfn_property_in(group, ingress, "CidrIpv4").is_none(),
        "Terraform's name"
    );
    assert!(cfn_required(ingress).any(|r| r == "IpProtocol"));
    assert!(
        cfn_list_items(group, "GroupDescription").is_none(),
        "a string"
    );
    let egress = cfn_list_items(group, "SecurityGroupEgress").expect("a list of objects");
    assert!(cfn_property_in(group, egress, "SourceSecurityGroupId").is_none());
    let rules = resource("AWS::Route53Resolver::FirewallRuleGroup");
    let rule = cfn_list_items(rules, "FirewallRules").expect("a list of objects");
    assert!(cfn_property_in(rules, rule, "FirewallDomainListId").is_some());
    assert!(cfn_property_in(rules, rule, "Name").is_none(), "no name");
    let mut required: Vec<&str> = cfn_required(rule).collect();
    required.sort();
    assert_eq!(required, ["Action", "Priority"]);
    let zone = resource("AWS::Route53::HostedZone");
    assert!(cfn_tags_settable(zone, "HostedZoneTags"));
    assert!(
        !cfn_tags_settable(zone, "Tags"),
        "a hosted zone has no Tags"
    );
    assert!(
        !cfn_tags_settable(zone, "VPCs"),
        "objects without Key and Value"
    );
    assert!(cfn_tags_settable(rules, "Tags"));
    let endpoint = resource("AWS::Route53Resolver::ResolverEndpoint");
    let ip = cfn_list_items(endpoint, "IpAddresses").expect("a list of objects");
    assert!(cfn_property_in(endpoint, ip, "Ip").is_some());
    assert!(cfn_property_in(endpoint, ip, "Port").is_none());
    let rule = resource("AWS::Route53Resolver::ResolverRule");
    let target = cfn_list_items(rule, "TargetIps").expect("a list of objects");
    assert!(cfn_property_in(rule, target, "Port").is_some());
    // The keyed entries of a rule group's variables: one patternProperties schema.
    let group = resource("AWS::NetworkFirewall::RuleGroup");
    let sets = cfn_property(group, "RuleGroup.RuleVariables.IPSets").expect("IPSets");
    let patterns = cfn_deref(group, sets)["patternProperties"]
        .as_object()
        .map(|p| p.len());
    assert_eq!(patterns, Some(1), "{sets}");
}
