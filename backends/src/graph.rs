//! The resource graph: the provider-neutral set of AWS resources a network becomes, with
//! stable ids, typed properties, typed references and a placement. Both renderers consume it
//! and neither decides topology.

use crate::kinds::{Attr, Kind};
use indexmap::IndexMap;
use netform_dsl::name::{logical_id, tf_label};
use netform_dsl::Path;

/// An insertion-ordered map with FxHash: ids are hashed on every lookup of every reference,
/// and SipHash (the default, which resists hash flooding that cannot happen here) made that
/// a tenth of rendering. Order, and so the output, does not depend on the hasher.
pub type IdMap<K, V> = IndexMap<K, V, rustc_hash::FxBuildHasher>;

/// A resource's identity: its kind and the model names it derives from (never a counter).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ResourceId {
    /// The kind of resource.
    pub kind: Kind,
    /// Model names, outermost first, such as `["prod-app", "private", "a"]`.
    pub name: Vec<String>,
}

impl ResourceId {
    /// An id of `kind` from name parts.
    pub fn new<S: Into<String>>(kind: Kind, name: impl IntoIterator<Item = S>) -> Self {
        Self {
            kind,
            name: name.into_iter().map(Into::into).collect(),
        }
    }

    /// The CloudFormation logical id: the names in PascalCase plus the kind,
    /// such as `ProdAppPrivateASubnet`.
    pub fn logical_id(&self) -> String {
        logical_id(&self.name) + self.kind.spec().cfn_suffix
    }

    /// The Terraform label, such as `prod_app_private_a` (in `aws_subnet.prod_app_private_a`).
    pub fn tf_label(&self) -> String {
        tf_label(&self.name)
    }

    /// A reference to this resource's `attr`.
    pub fn attr(&self, attr: Attr) -> Reference {
        Reference {
            target: self.clone(),
            attr,
        }
    }

    /// A reference to this resource's id.
    pub fn id(&self) -> Reference {
        self.attr(Attr::Id)
    }
}

/// A reference to an attribute of another resource in the graph.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Reference {
    /// The resource referred to.
    pub target: ResourceId,
    /// Which of its attributes.
    pub attr: Attr,
}

/// A property value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A string.
    String(String),
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A list.
    List(Vec<Value>),
    /// A nested structure, by neutral field key (see [`crate::kinds::FIELDS`]): an object in
    /// CloudFormation, a block in Terraform (a list of them: repeated blocks).
    Struct(IndexMap<&'static str, Value>),
    /// Named entries: in CloudFormation an object keyed by name, in Terraform one block per
    /// entry holding `key = name` and the entry's value as an `inner` block (the shape of
    /// Network Firewall variables: `RuleVariables: {HOME_NET: {...}}` against
    /// `rule_variables { key = "HOME_NET" ip_set { ... } }`).
    Keyed {
        /// The Terraform name of the block that holds each entry's value.
        inner: &'static str,
        /// The entries, each a [`Value::Struct`].
        entries: IndexMap<String, Value>,
    },
    /// Strings joined end to end (`Fn::Join` with no separator; Terraform's `join("", ...)`).
    Concat(Vec<Value>),
    /// An attribute of another resource.
    Ref(Reference),
    /// A JSON document (a core network policy): an object in CloudFormation, the same JSON as
    /// a string in Terraform.
    Document(serde_json::Value),
    /// A bare argument name, as Terraform's `lifecycle { ignore_changes = [vpc] }` wants it
    /// (no CloudFormation property takes one).
    Name(&'static str),
    /// Tags as a value (an IPAM pool's allocation tags): a list of `{Key, Value}` in
    /// CloudFormation, a map in Terraform.
    TagMap(IndexMap<String, String>),
    /// A secret the deployer gives at deploy time, never written in the output: a `NoEcho`
    /// parameter of the resource's stack in CloudFormation, a `sensitive` variable of its root
    /// module in Terraform.
    Secret(Secret),
    /// The `index`-th block of `/prefix` inside the block `block` refers to, which is a
    /// `/(prefix - new_bits)` of a `width`-bit family known only at deploy time: Terraform's
    /// `cidrsubnet(block, new_bits, index)`; CloudFormation's `Fn::Select` over `Fn::Cidr`.
    CidrSubnet {
        /// The enclosing block.
        block: Reference,
        /// How many bits longer the subnet's prefix is than the block's.
        new_bits: u8,
        /// Which block of that size.
        index: u64,
        /// The subnet's prefix length.
        prefix: u8,
        /// 32 (IPv4) or 128 (IPv6).
        width: u8,
    },
}

/// A deploy input that holds a secret (a VPN tunnel's pre-shared key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Secret {
    /// Model names, such as `["dc1-use1", "tunnel1", "psk"]`: the parameter's logical id
    /// and the variable's name derive from them.
    pub name: Vec<String>,
    /// What it is, for the deployer.
    pub description: String,
    /// The pattern the value must match (CloudFormation's `AllowedPattern`, a Terraform
    /// `validation`).
    pub pattern: &'static str,
}

impl Secret {
    /// The CloudFormation parameter's logical id, such as `Dc1Use1Tunnel1Psk`.
    pub fn logical_id(&self) -> String {
        logical_id(&self.name)
    }

    /// The Terraform variable's name, such as `dc1_use1_tunnel1_psk`.
    pub fn tf_label(&self) -> String {
        tf_label(&self.name)
    }
}

impl Value {
    /// A list of strings.
    pub fn strings<S: Into<String>>(items: impl IntoIterator<Item = S>) -> Self {
        Value::List(items.into_iter().map(|s| Value::String(s.into())).collect())
    }

    /// A structure from `(field, value)` pairs.
    pub fn fields(fields: impl IntoIterator<Item = (&'static str, Value)>) -> Self {
        Value::Struct(fields.into_iter().collect())
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Int(i)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<Reference> for Value {
    fn from(r: Reference) -> Self {
        Value::Ref(r)
    }
}

/// Where a resource is deployed: an account (by alias) and a region.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Placement {
    /// The account alias.
    pub account: String,
    /// The region.
    pub region: String,
}

/// One AWS resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    /// Its identity.
    pub id: ResourceId,
    /// Where it is deployed.
    pub placement: Placement,
    /// Properties by neutral key (see [`crate::kinds`]), in emission order.
    pub properties: IndexMap<&'static str, Value>,
    /// Tags, `Name` first; empty for kinds that take none.
    pub tags: IndexMap<String, String>,
    /// Resources that must exist first although no property refers to them.
    pub depends_on: Vec<ResourceId>,
    /// The model element it comes from, for diagnostics.
    pub origin: Path,
}

impl Resource {
    /// Every secret in the properties (and nested in them), in order.
    pub fn secrets(&self) -> Vec<&Secret> {
        fn walk<'a>(value: &'a Value, out: &mut Vec<&'a Secret>) {
            match value {
                Value::Secret(s) => out.push(s),
                Value::List(items) | Value::Concat(items) => {
                    items.iter().for_each(|v| walk(v, out))
                }
                Value::Struct(fields) => fields.values().for_each(|v| walk(v, out)),
                Value::Keyed { entries, .. } => entries.values().for_each(|v| walk(v, out)),
                _ => {}
            }
        }
        let mut out = Vec::new();
        self.properties.values().for_each(|v| walk(v, &mut out));
        out
    }

    /// Every reference in the properties, in order.
    pub fn references(&self) -> Vec<&Reference> {
        self.references_where(|_| true)
    }

    /// The references in the properties whose neutral key `keep` accepts, in order.
    pub fn references_where(&self, keep: impl Fn(&str) -> bool) -> Vec<&Reference> {
        fn walk<'a>(value: &'a Value, out: &mut Vec<&'a Reference>) {
            match value {
                Value::Ref(r) => out.push(r),
                Value::List(items) | Value::Concat(items) => {
                    items.iter().for_each(|v| walk(v, out))
                }
                Value::Struct(fields) => fields.values().for_each(|v| walk(v, out)),
                Value::CidrSubnet { block, .. } => out.push(block),
                Value::Keyed { entries, .. } => entries.values().for_each(|v| walk(v, out)),
                Value::String(_)
                | Value::Bool(_)
                | Value::Int(_)
                | Value::Document(_)
                | Value::Name(_)
                | Value::TagMap(_)
                | Value::Secret(_) => {}
            }
        }
        let mut out = Vec::new();
        self.properties
            .iter()
            .filter(|(key, _)| keep(key))
            .for_each(|(_, v)| walk(v, &mut out));
        out
    }
}

/// A value other stacks or users need, such as a VPC id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphOutput {
    /// Model names, such as `["prod-app", "vpc-id"]`.
    pub name: Vec<String>,
    /// What it is, for people.
    pub description: String,
    /// The attribute it exports.
    pub value: Reference,
}

impl GraphOutput {
    /// The CloudFormation output logical id, such as `ProdAppVpcId`.
    pub fn logical_id(&self) -> String {
        logical_id(&self.name)
    }

    /// The Terraform output name, such as `prod_app_vpc_id`.
    pub fn tf_label(&self) -> String {
        tf_label(&self.name)
    }
}

/// An account as the renderers need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountInfo {
    /// The 12-digit id.
    pub id: String,
}

/// Every resource of a network, keyed by id, in a deterministic order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResourceGraph {
    /// The network's name.
    pub network: String,
    /// The accounts by alias, in model order.
    pub accounts: IndexMap<String, AccountInfo>,
    /// The resources, in emission order.
    pub resources: IdMap<ResourceId, Resource>,
    /// Values exported for other stacks and users.
    pub outputs: Vec<GraphOutput>,
}

impl ResourceGraph {
    /// The placements in use, in order of first appearance.
    pub fn placements(&self) -> Vec<&Placement> {
        let mut seen: IndexMap<&Placement, ()> = IndexMap::new();
        for resource in self.resources.values() {
            seen.insert(&resource.placement, ());
        }
        seen.into_keys().collect()
    }
}
