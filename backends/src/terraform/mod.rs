//! The Terraform renderer: one root module with `versions.tf`, `providers.tf` (one aliased
//! provider per (account, region), assuming a role in that account), `variables.tf`, `main.tf`
//! and `outputs.tf`. HCL is built with hcl-rs structure types and traversals, never by
//! formatting strings, then aligned the way `terraform fmt` does.

mod fmt;

use crate::error::Error;
use crate::graph::{Placement, Reference, Resource, ResourceGraph, Value};
use crate::kinds::TfAttr;
use crate::output::OutputFile;
use hcl::expr::{Expression, FuncCall, Object, ObjectKey, Traversal, Variable};
use hcl::structure::{Attribute, Structure};
use hcl::{Block, Body, Identifier};
use indexmap::IndexMap;
use netform_dsl::name::tf_label;

/// The variable that gives the ARN of the role Terraform assumes in each account.
const ROLE_VARIABLE: &str = "role_arn_pattern";
/// Where the account id goes in that ARN.
const ACCOUNT_PLACEHOLDER: &str = "{account_id}";

/// Renders the module's files.
pub fn render(graph: &ResourceGraph) -> Result<Vec<OutputFile>, Error> {
    let files = [
        ("versions.tf", versions()),
        ("providers.tf", providers(graph)),
        ("variables.tf", variables()),
    ];
    let mut out: Vec<OutputFile> = files
        .into_iter()
        .map(|(path, body)| {
            Ok(OutputFile {
                path: path.to_string(),
                contents: fmt::format(&body)?,
            })
        })
        .collect::<Result<_, Error>>()?;
    out.push(OutputFile {
        path: "main.tf".to_string(),
        contents: main(graph)?,
    });
    out.push(OutputFile {
        path: "outputs.tf".to_string(),
        contents: fmt::format(&outputs(graph))?,
    });
    Ok(out)
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

fn providers(graph: &ResourceGraph) -> Body {
    let mut body = Body::builder();
    for placement in graph.placements() {
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

fn variables() -> Body {
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
        .build()
}

/// `main.tf`: each resource block built and formatted on its own (what `terraform fmt` aligns
/// never spans two blocks), the blocks split between threads and joined in graph order, so
/// the text is the same as formatting one body, without holding the whole body's tree.
fn main(graph: &ResourceGraph) -> Result<String, Error> {
    let resources: Vec<&Resource> = graph.resources.values().collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = resources.len().div_ceil(threads).max(1);
    let parts: Vec<Result<String, hcl::Error>> = std::thread::scope(|scope| {
        let workers: Vec<_> = resources
            .chunks(chunk)
            .map(|resources| scope.spawn(move || format_blocks(resources)))
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().expect("a formatting thread panicked"))
            .collect()
    });
    let mut text = String::new();
    for part in parts {
        let part = part?;
        if !text.is_empty() && !part.is_empty() {
            text.push('\n');
        }
        text.push_str(&part);
    }
    Ok(text)
}

/// The blocks of `resources`, formatted, separated by a blank line.
fn format_blocks(resources: &[&Resource]) -> Result<String, hcl::Error> {
    let mut text = String::new();
    for resource in resources {
        if !text.is_empty() {
            text.push('\n');
        }
        let body = Body::builder().add_block(resource_block(resource)).build();
        text.push_str(&fmt::format(&body)?);
    }
    Ok(text)
}

fn resource_block(resource: &Resource) -> Block {
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
    block = block.add_structures(structures(&arguments));
    if !resource.tags.is_empty() {
        let tags = object(
            resource
                .tags
                .iter()
                .map(|(k, v)| (k.as_str(), Expression::from(v.as_str()))),
        );
        block = block.add_attribute(("tags", tags));
    }
    if !resource.depends_on.is_empty() {
        let deps = resource
            .depends_on
            .iter()
            .map(|d| traversal(d.kind.spec().tf_type, &[&d.tf_label()]))
            .collect();
        block = block.add_attribute(("depends_on", Expression::Array(deps)));
    }
    block.build()
}

/// Arguments and nested blocks from `(name, value)` pairs: a structure (or a list of them)
/// is a block (repeated), and a dotted name (`health_check.port`) goes into the named block.
fn structures(arguments: &[(&str, &Value)]) -> Vec<Structure> {
    let mut out = Vec::new();
    let mut nested: IndexMap<&str, Vec<(&str, &Value)>> = IndexMap::new();
    for &(name, value) in arguments {
        if let Some((head, rest)) = name.split_once('.') {
            nested.entry(head).or_default().push((rest, value));
            continue;
        }
        match value {
            Value::Struct(fields) => out.push(Structure::Block(struct_block(name, fields))),
            Value::Keyed { inner, entries } => {
                for (key, entry) in entries {
                    let Value::Struct(fields) = entry else {
                        panic!("{name}.{key} is not a structure: {entry:?}");
                    };
                    out.push(Structure::Block(
                        Block::builder(ident(name))
                            .add_attribute(("key", key.as_str()))
                            .add_block(struct_block(inner, fields))
                            .build(),
                    ));
                }
            }
            Value::List(items) if items.iter().any(|v| matches!(v, Value::Struct(_))) => {
                for item in items {
                    match item {
                        Value::Struct(fields) => {
                            out.push(Structure::Block(struct_block(name, fields)))
                        }
                        other => panic!("{name} mixes blocks and values: {other:?}"),
                    }
                }
            }
            _ => out.push(Structure::Attribute(Attribute::new(
                ident(name),
                expression(value),
            ))),
        }
    }
    for (head, entries) in nested {
        out.push(Structure::Block(
            Block::builder(ident(head))
                .add_structures(structures(&entries))
                .build(),
        ));
    }
    out
}

fn struct_block(name: &str, fields: &IndexMap<&'static str, Value>) -> Block {
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
        .add_structures(structures(&entries))
        .build()
}

fn expression(value: &Value) -> Expression {
    match value {
        Value::String(s) => Expression::from(s.as_str()),
        Value::Bool(b) => Expression::from(*b),
        Value::Int(i) => Expression::from(*i),
        Value::List(items) => Expression::Array(items.iter().map(expression).collect()),
        Value::Struct(fields) => panic!("a structure outside a block: {fields:?}"),
        Value::Keyed { entries, .. } => panic!("keyed entries outside a block: {entries:?}"),
        Value::Concat(parts) => Expression::from(
            FuncCall::builder("join")
                .arg("")
                .arg(Expression::Array(parts.iter().map(expression).collect()))
                .build(),
        ),
        Value::Ref(r) => reference(r),
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
                .arg(reference(block))
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

fn reference(reference: &Reference) -> Expression {
    let kind = reference.target.kind;
    let attr = kind
        .attribute(reference.attr)
        .unwrap_or_else(|| panic!("{kind:?} has no attribute {:?}", reference.attr));
    let label = reference.target.tf_label();
    match attr.tf {
        TfAttr::Attr(name) => traversal(kind.spec().tf_type, &[&label, name]),
        TfAttr::SingleEndpoint => {
            // `sync_states` is a set: splat it, then `one()` takes the single firewall
            // endpoint (netform gives each firewall exactly one subnet).
            let path = Traversal::builder(Variable::unchecked(kind.spec().tf_type))
                .attr(ident(&label))
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
    }
}

fn outputs(graph: &ResourceGraph) -> Body {
    let mut body = Body::builder();
    for output in &graph.outputs {
        body = body.add_block(
            Block::builder("output")
                .add_label(output.tf_label())
                .add_attribute(("description", output.description.as_str()))
                .add_attribute(("value", reference(&output.value)))
                .build(),
        );
    }
    body.build()
}
