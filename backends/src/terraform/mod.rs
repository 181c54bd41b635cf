//! The Terraform renderer. Its default layout ([`TerraformLayout::OneRoot`]) is one root
//! module with `versions.tf`, `providers.tf` (one aliased provider per (account, region),
//! assuming a role in that account), `variables.tf`, `main.tf` and `outputs.tf`;
//! [`TerraformLayout::PerAccountRegion`] writes one such root module per (account, region,
//! stage) and a `manifest.json` that wires them (see [`render_layout`]). HCL is built with
//! hcl-rs structure types and traversals, never by formatting strings, then aligned the way
//! `terraform fmt` does.

mod fmt;
mod roots;

use crate::error::Error;
use crate::graph::{Placement, Reference, Resource, ResourceGraph, ResourceId, Value};
use crate::kinds::{Attr, TfAttr};
use crate::output::OutputFile;
use hcl::expr::{Expression, FuncCall, Object, ObjectKey, Traversal, Variable};
use hcl::structure::{Attribute, Structure};
use hcl::{Block, Body, Identifier};
use indexmap::IndexMap;
use netform_dsl::name::tf_label;
use rayon::prelude::*;

/// The variable that gives the ARN of the role Terraform assumes in each account.
const ROLE_VARIABLE: &str = "role_arn_pattern";
/// Where the account id goes in that ARN.
const ACCOUNT_PLACEHOLDER: &str = "{account_id}";

/// How the Terraform output is split into root modules.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TerraformLayout {
    /// One root module for the whole network, with one aliased provider per (account,
    /// region): one state, one plan, and Terraform wires every reference itself.
    #[default]
    OneRoot,
    /// One root module per (account, region, stage), in a directory
    /// `<account>-<region>` (`-routing` appended for the routing stage), each with only its
    /// own provider. A reference to a resource of another root reads a variable fed from that
    /// root's output; `manifest.json` lists the wiring and the order to apply the roots in.
    PerAccountRegion,
}

impl TerraformLayout {
    /// Every layout.
    pub const ALL: &'static [TerraformLayout] =
        &[TerraformLayout::OneRoot, TerraformLayout::PerAccountRegion];

    /// The layout's name on the command line and in the manifest.
    pub fn as_str(self) -> &'static str {
        match self {
            TerraformLayout::OneRoot => "one-root",
            TerraformLayout::PerAccountRegion => "per-account-region",
        }
    }
}

/// Renders the module's files in the default layout, [`TerraformLayout::OneRoot`].
pub fn render(graph: &ResourceGraph) -> Result<Vec<OutputFile>, Error> {
    render_layout(graph, TerraformLayout::OneRoot)
}

/// Renders `graph` in `layout`.
///
/// [`TerraformLayout::OneRoot`]: `versions.tf`, `providers.tf`, `variables.tf`, `main.tf`
/// and `outputs.tf` at the top.
///
/// [`TerraformLayout::PerAccountRegion`]: the same five files in each root's directory, and a
/// top-level `manifest.json` with each root's inputs (`variable`, `from_root`, `output`) and
/// a `deploy_order`. Roots that need each other's values in a cycle are
/// [`ErrorKind::StackCycle`](crate::ErrorKind::StackCycle).
pub fn render_layout(
    graph: &ResourceGraph,
    layout: TerraformLayout,
) -> Result<Vec<OutputFile>, Error> {
    match layout {
        TerraformLayout::OneRoot => one_root(graph),
        TerraformLayout::PerAccountRegion => roots::render(graph),
    }
}

fn one_root(graph: &ResourceGraph) -> Result<Vec<OutputFile>, Error> {
    let resources: Vec<&Resource> = graph.resources.values().collect();
    let outputs: Vec<(String, &str, &Reference)> = graph
        .outputs
        .iter()
        .map(|o| (o.tf_label(), o.description.as_str(), &o.value))
        .collect();
    module_files(
        "",
        providers(graph, graph.placements()),
        &[],
        &resources,
        &outputs,
        Scope::Whole,
    )
}

/// The five files of a root module, under `dir` (empty or ending in `/`).
fn module_files(
    dir: &str,
    providers: Body,
    inputs: &[(String, String)],
    resources: &[&Resource],
    outputs: &[(String, &str, &Reference)],
    scope: Scope<'_>,
) -> Result<Vec<OutputFile>, Error> {
    let mut secrets: IndexMap<String, &crate::graph::Secret> = IndexMap::new();
    for secret in resources.iter().flat_map(|r| r.secrets()) {
        secrets.entry(secret.tf_label()).or_insert(secret);
    }
    let files = [
        ("versions.tf", versions()),
        ("providers.tf", providers),
        ("variables.tf", variables(inputs, &secrets)),
    ];
    let mut out: Vec<OutputFile> = files
        .into_iter()
        .map(|(path, body)| {
            Ok(OutputFile {
                path: format!("{dir}{path}"),
                contents: fmt::format(&body)?,
            })
        })
        .collect::<Result<_, Error>>()?;
    out.push(OutputFile {
        path: format!("{dir}main.tf"),
        contents: main(resources, scope)?,
    });
    out.push(OutputFile {
        path: format!("{dir}outputs.tf"),
        contents: fmt::format(&output_blocks(outputs))?,
    });
    Ok(out)
}

/// Which resources a root module's blocks name directly.
#[derive(Clone, Copy)]
enum Scope<'a> {
    /// All of them: one root module.
    Whole,
    /// Those of root `here`; a reference to any other reads the variable
    /// [`cross_root_name`] names, and a `depends_on` on one is left out (the manifest orders
    /// the roots instead).
    Root {
        /// The root of every resource.
        root_of: &'a crate::graph::IdMap<&'a ResourceId, usize>,
        /// This root.
        here: usize,
    },
}

impl Scope<'_> {
    fn is_local(self, id: &ResourceId) -> bool {
        match self {
            Scope::Whole => true,
            Scope::Root { root_of, here } => root_of[id] == here,
        }
    }
}

/// The variable a root reads a value of another root's resource from, and the name of the
/// output that root gives it under: the target's Terraform label, its kind (the logical id's
/// suffix in snake case, which keeps kinds with the same label apart) and the attribute, such
/// as `hub_use1_spoke_use1_1_tgw_attachment_id`.
fn cross_root_name(reference: &Reference) -> String {
    let mut kind = String::new();
    for c in reference.target.kind.spec().cfn_suffix.chars() {
        if c.is_ascii_uppercase() && !kind.is_empty() {
            kind.push('_');
        }
        kind.push(c.to_ascii_lowercase());
    }
    format!(
        "{}_{kind}_{}",
        reference.target.tf_label(),
        attr_name(reference.attr)
    )
}

/// An attribute in snake case, as [`cross_root_name`] ends.
fn attr_name(attr: Attr) -> &'static str {
    match attr {
        Attr::Id => "id",
        Attr::AllocationId => "allocation_id",
        Attr::Arn => "arn",
        Attr::FirewallEndpoint => "endpoint_id",
        Attr::CidrBlock => "cidr_block",
        Attr::Ipv6CidrBlock => "ipv6_cidr_block",
        Attr::PrivateScope => "private_scope_id",
        Attr::PublicScope => "public_scope_id",
        Attr::DnsName => "dns_name",
        Attr::DnsZoneId => "dns_zone_id",
        Attr::TgwAttachment => "transit_gateway_attachment_id",
    }
}

/// The provider alias of a placement, such as `network_us_east_1`.
pub fn provider_alias(placement: &Placement) -> String {
    tf_label(&[placement.account.as_str(), placement.region.as_str()])
}

fn ident(name: &str) -> Identifier {
    Identifier::unchecked(name)
}

fn traversal(root: &str, attrs: &[&str]) -> Expression {
    let mut builder = Traversal::builder(Variable::unchecked(root));
    for attr in attrs {
        builder = builder.attr(ident(attr));
    }
    Expression::from(builder.build())
}

fn object<'a>(entries: impl IntoIterator<Item = (&'a str, Expression)>) -> Expression {
    let object: Object<ObjectKey, Expression> = entries
        .into_iter()
        .map(|(key, value)| {
            let key = if Identifier::new(key).is_ok() {
                ObjectKey::Identifier(ident(key))
            } else {
                ObjectKey::Expression(Expression::String(key.to_string()))
            };
            (key, value)
        })
        .collect();
    Expression::Object(object)
}

fn versions() -> Body {
    Body::builder()
        .add_block(
            Block::builder("terraform")
                // strcontains() in variables.tf needs Terraform 1.5. The provider range is the
                // one whose schema the tests check against (hashicorp/aws 6.66.0).
                .add_attribute(("required_version", ">= 1.5.0"))
                .add_block(
                    Block::builder("required_providers")
                        .add_attribute((
                            "aws",
                            object([
                                ("source", Expression::from("hashicorp/aws")),
                                ("version", Expression::from("~> 6.0")),
                            ]),
                        ))
                        .build(),
                )
                .build(),
        )
        .build()
}

/// One aliased provider per placement.
fn providers<'p>(
    graph: &ResourceGraph,
    placements: impl IntoIterator<Item = &'p Placement>,
) -> Body {
    let mut body = Body::builder();
    for placement in placements {
        let account_id = &graph.accounts[&placement.account].id;
        let role_arn = FuncCall::builder("replace")
            .arg(traversal("var", &[ROLE_VARIABLE]))
            .arg(ACCOUNT_PLACEHOLDER)
            .arg(account_id.as_str())
            .build();
        body = body.add_block(
            Block::builder("provider")
                .add_label("aws")
                .add_attribute(("alias", provider_alias(placement)))
                .add_attribute(("region", placement.region.as_str()))
                .add_attribute((
                    "allowed_account_ids",
                    Expression::Array(vec![Expression::from(account_id.as_str())]),
                ))
                .add_block(
                    Block::builder("assume_role")
                        .add_attribute(("role_arn", Expression::from(role_arn)))
                        .build(),
                )
                .build(),
        );
    }
    body.build()
}

/// The role pattern, one `string` variable per `(name, description)` of `inputs`, then one
/// `sensitive` variable per secret, validated against its pattern.
fn variables(
    inputs: &[(String, String)],
    secrets: &IndexMap<String, &crate::graph::Secret>,
) -> Body {
    let condition = FuncCall::builder("strcontains")
        .arg(traversal("var", &[ROLE_VARIABLE]))
        .arg(ACCOUNT_PLACEHOLDER)
        .build();
    Body::builder()
        .add_block(
            Block::builder("variable")
                .add_label(ROLE_VARIABLE)
                .add_attribute((
                    "description",
                    format!(
                        "ARN of the role Terraform assumes in each account; {ACCOUNT_PLACEHOLDER} is replaced by the account id"
                    ),
                ))
                .add_attribute(("type", Expression::Variable(Variable::unchecked("string"))))
                .add_attribute((
                    "default",
                    format!("arn:aws:iam::{ACCOUNT_PLACEHOLDER}:role/OrganizationAccountAccessRole"),
                ))
                .add_block(
                    Block::builder("validation")
                        .add_attribute(("condition", Expression::from(condition)))
                        .add_attribute((
                            "error_message",
                            format!("The pattern must contain {ACCOUNT_PLACEHOLDER}."),
                        ))
                        .build(),
                )
                .build(),
        )
        .add_blocks(inputs.iter().map(|(name, description)| {
            Block::builder("variable")
                .add_label(name.as_str())
                .add_attribute(("description", description.as_str()))
                .add_attribute(("type", Expression::Variable(Variable::unchecked("string"))))
                .build()
        }))
        .add_blocks(secrets.iter().map(|(name, secret)| {
            let matches = FuncCall::builder("can")
                .arg(Expression::from(
                    FuncCall::builder("regex")
                        .arg(secret.pattern)
                        .arg(traversal("var", &[name]))
                        .build(),
                ))
                .build();
            Block::builder("variable")
                .add_label(name.as_str())
                .add_attribute(("description", secret.description.as_str()))
                .add_attribute(("type", Expression::Variable(Variable::unchecked("string"))))
                .add_attribute(("sensitive", true))
                .add_block(
                    Block::builder("validation")
                        .add_attribute(("condition", Expression::from(matches)))
                        .add_attribute((
                            "error_message",
                            format!("The value must match {}.", secret.pattern),
                        ))
                        .build(),
                )
                .build()
        }))
        .build()
}

/// `main.tf`: each resource block built and formatted on its own (what `terraform fmt` aligns
/// never spans two blocks), chunks of blocks formatted in parallel and joined in graph order,
/// so the text is the same as formatting one body, without holding the whole body's tree.
fn main(resources: &[&Resource], scope: Scope<'_>) -> Result<String, Error> {
    let parts: Vec<Result<String, hcl::Error>> = resources
        .par_chunks(256)
        .map(|chunk| format_blocks(chunk, scope))
        .collect();
    let parts = parts
        .into_iter()
        .collect::<Result<Vec<String>, hcl::Error>>()?;
    // Sized once: grown by doubling, the 10 MB of a 1,000-spoke main.tf was copied again at
    // each step, into memory the kernel had to zero first.
    let mut text = String::with_capacity(parts.iter().map(|p| p.len() + 1).sum());
    for part in parts {
        if !text.is_empty() && !part.is_empty() {
            text.push('\n');
        }
        text.push_str(&part);
    }
    Ok(text)
}

/// The blocks of `resources`, formatted, separated by a blank line.
fn format_blocks(resources: &[&Resource], scope: Scope<'_>) -> Result<String, hcl::Error> {
    let mut text = String::new();
    for resource in resources {
        if !text.is_empty() {
            text.push('\n');
        }
        let body = Body::builder()
            .add_block(resource_block(resource, scope))
            .build();
        text.push_str(&fmt::format(&body)?);
    }
    Ok(text)
}

fn resource_block(resource: &Resource, scope: Scope<'_>) -> Block {
    let kind = resource.id.kind;
    let mut block = Block::builder("resource")
        .add_label(kind.spec().tf_type)
        .add_label(resource.id.tf_label())
        .add_attribute((
            "provider",
            traversal("aws", &[&provider_alias(&resource.placement)]),
        ));
    let mut arguments = Vec::new();
    for (key, value) in &resource.properties {
        let spec = kind
            .property(key)
            .unwrap_or_else(|| panic!("{key} is not in the table for {kind:?}"));
        if let Some(name) = spec.tf {
            arguments.push((name, value));
        }
    }
    block = block.add_structures(structures(&arguments, scope));
    if !resource.tags.is_empty() {
        let tags = object(
            resource
                .tags
                .iter()
                .map(|(k, v)| (k.as_str(), Expression::from(v.as_str()))),
        );
        block = block.add_attribute(("tags", tags));
    }
    let deps: Vec<Expression> = resource
        .depends_on
        .iter()
        .filter(|d| scope.is_local(d))
        .map(|d| traversal(d.kind.spec().tf_type, &[d.tf_label()]))
        .collect();
    if !deps.is_empty() {
        block = block.add_attribute(("depends_on", Expression::Array(deps)));
    }
    block.build()
}

/// Arguments and nested blocks from `(name, value)` pairs: a structure (or a list of them)
/// is a block (repeated), and a dotted name (`health_check.port`) goes into the named block.
fn structures(arguments: &[(&str, &Value)], scope: Scope<'_>) -> Vec<Structure> {
    let mut out = Vec::new();
    let mut nested: IndexMap<&str, Vec<(&str, &Value)>> = IndexMap::new();
    for &(name, value) in arguments {
        if let Some((head, rest)) = name.split_once('.') {
            nested.entry(head).or_default().push((rest, value));
            continue;
        }
        match value {
            Value::Struct(fields) => out.push(Structure::Block(struct_block(name, fields, scope))),
            Value::Keyed { inner, entries } => {
                for (key, entry) in entries {
                    let Value::Struct(fields) = entry else {
                        panic!("{name}.{key} is not a structure: {entry:?}");
                    };
                    out.push(Structure::Block(
                        Block::builder(ident(name))
                            .add_attribute(("key", key.as_str()))
                            .add_block(struct_block(inner, fields, scope))
                            .build(),
                    ));
                }
            }
            Value::List(items) if items.iter().any(|v| matches!(v, Value::Struct(_))) => {
                for item in items {
                    match item {
                        Value::Struct(fields) => {
                            out.push(Structure::Block(struct_block(name, fields, scope)))
                        }
                        other => panic!("{name} mixes blocks and values: {other:?}"),
                    }
                }
            }
            _ => out.push(Structure::Attribute(Attribute::new(
                ident(name),
                expression(value, scope),
            ))),
        }
    }
    for (head, entries) in nested {
        out.push(Structure::Block(
            Block::builder(ident(head))
                .add_structures(structures(&entries, scope))
                .build(),
        ));
    }
    out
}

fn struct_block(name: &str, fields: &IndexMap<&'static str, Value>, scope: Scope<'_>) -> Block {
    let entries: Vec<(&str, &Value)> = fields
        .iter()
        .map(|(key, value)| {
            let name = crate::kinds::field(key)
                .and_then(|f| f.tf)
                .unwrap_or_else(|| panic!("field {key} is not in kinds::FIELDS"));
            (name, value)
        })
        .collect();
    Block::builder(ident(name))
        .add_structures(structures(&entries, scope))
        .build()
}

fn expression(value: &Value, scope: Scope<'_>) -> Expression {
    match value {
        Value::String(s) => Expression::from(s.as_str()),
        Value::Bool(b) => Expression::from(*b),
        Value::Int(i) => Expression::from(*i),
        Value::List(items) => {
            Expression::Array(items.iter().map(|v| expression(v, scope)).collect())
        }
        Value::Struct(fields) => panic!("a structure outside a block: {fields:?}"),
        Value::Keyed { entries, .. } => panic!("keyed entries outside a block: {entries:?}"),
        Value::Concat(parts) => Expression::from(
            FuncCall::builder("join")
                .arg("")
                .arg(Expression::Array(
                    parts.iter().map(|v| expression(v, scope)).collect(),
                ))
                .build(),
        ),
        Value::Ref(r) => reference(r, scope),
        Value::Secret(secret) => traversal("var", &[&secret.tf_label()]),
        Value::Document(document) => document_heredoc(document),
        Value::Name(name) => traversal(name, &[]),
        Value::TagMap(tags) => object(
            tags.iter()
                .map(|(k, v)| (k.as_str(), Expression::from(v.as_str()))),
        ),
        Value::CidrSubnet {
            block,
            new_bits,
            index,
            ..
        } => Expression::from(
            FuncCall::builder("cidrsubnet")
                .arg(reference(block, scope))
                .arg(i64::from(*new_bits))
                .arg(i64::try_from(*index).expect("subnet indexes fit i64"))
                .build(),
        ),
    }
}

/// A JSON document as a heredoc string holding the same pretty-printed JSON CloudFormation
/// gets, with template sequences escaped (`${` as `$${`, `%{` as `%%{`) so Terraform reads
/// the text literally. `terraform fmt` leaves heredoc bodies alone.
fn document_heredoc(document: &serde_json::Value) -> Expression {
    let json = serde_json::to_string_pretty(document).expect("JSON values serialize");
    let escaped = json.replace("${", "$${").replace("%{", "%%{");
    let heredoc = hcl::expr::Heredoc::new(ident("EOT"), format!("{escaped}\n"));
    Expression::TemplateExpr(Box::new(hcl::expr::TemplateExpr::Heredoc(heredoc)))
}

/// How a block reads `reference`: a traversal of the resource (a function call for a
/// firewall's endpoint), or in a root without the resource the variable that receives it.
fn reference(reference: &Reference, scope: Scope<'_>) -> Expression {
    if !scope.is_local(&reference.target) {
        return traversal("var", &[&cross_root_name(reference)]);
    }
    let kind = reference.target.kind;
    let attr = kind
        .attribute(reference.attr)
        .unwrap_or_else(|| panic!("{kind:?} has no attribute {:?}", reference.attr));
    let label = reference.target.tf_label();
    match attr.tf {
        TfAttr::Attr(name) => traversal(kind.spec().tf_type, &[label, name]),
        TfAttr::SingleEndpoint => {
            // `sync_states` is a set: splat it, then `one()` takes the single firewall
            // endpoint (netform gives each firewall exactly one subnet).
            let path = Traversal::builder(Variable::unchecked(kind.spec().tf_type))
                .attr(ident(label))
                .attr(ident("firewall_status"))
                .index(0)
                .attr(ident("sync_states"))
                .full_splat()
                .attr(ident("attachment"))
                .index(0)
                .attr(ident("endpoint_id"))
                .build();
            Expression::from(FuncCall::builder("one").arg(Expression::from(path)).build())
        }
        TfAttr::DnsEntry(field) => {
            let path = Traversal::builder(Variable::unchecked(kind.spec().tf_type))
                .attr(ident(label))
                .attr(ident("dns_entry"))
                .index(0)
                .attr(ident(field))
                .build();
            Expression::from(path)
        }
    }
}

/// One output per `(name, description, value)`; every value is in the module.
fn output_blocks(outputs: &[(String, &str, &Reference)]) -> Body {
    let mut body = Body::builder();
    for (name, description, value) in outputs {
        body = body.add_block(
            Block::builder("output")
                .add_label(name.as_str())
                .add_attribute(("description", *description))
                .add_attribute(("value", reference(value, Scope::Whole)))
                .build(),
        );
    }
    body.build()
}
