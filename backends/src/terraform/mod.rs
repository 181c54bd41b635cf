//! The Terraform renderer: one root module with `versions.tf`, `providers.tf` (one aliased
//! provider per (account, region), assuming a role in that account), `variables.tf`, `main.tf`
//! and `outputs.tf`. HCL is built with hcl-rs structure types and traversals, never by
//! formatting strings, then aligned the way `terraform fmt` does.

mod fmt;

use crate::error::Error;
use crate::graph::{Placement, Reference, Resource, ResourceGraph, Value};
use crate::output::OutputFile;
use hcl::expr::{Expression, FuncCall, Object, ObjectKey, Traversal, Variable};
use hcl::{Block, Body, Identifier};
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
        ("main.tf", main(graph)),
        ("outputs.tf", outputs(graph)),
    ];
    files
        .into_iter()
        .map(|(path, body)| {
            Ok(OutputFile {
                path: path.to_string(),
                contents: fmt::format(&body)?,
            })
        })
        .collect()
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

fn main(graph: &ResourceGraph) -> Body {
    let mut body = Body::builder();
    for resource in graph.resources.values() {
        body = body.add_block(resource_block(resource));
    }
    body.build()
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
    for (key, value) in &resource.properties {
        let spec = kind
            .property(key)
            .unwrap_or_else(|| panic!("{key} is not in the table for {kind:?}"));
        if let Some(name) = spec.tf {
            block = block.add_attribute((name, expression(value)));
        }
    }
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

fn expression(value: &Value) -> Expression {
    match value {
        Value::String(s) => Expression::from(s.as_str()),
        Value::Bool(b) => Expression::from(*b),
        Value::Int(i) => Expression::from(*i),
        Value::List(items) => Expression::Array(items.iter().map(expression).collect()),
        Value::Ref(r) => reference(r),
    }
}

fn reference(reference: &Reference) -> Expression {
    let kind = reference.target.kind;
    let attr = kind
        .attribute(reference.attr)
        .unwrap_or_else(|| panic!("{kind:?} has no attribute {:?}", reference.attr));
    traversal(
        kind.spec().tf_type,
        &[&reference.target.tf_label(), attr.tf],
    )
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
