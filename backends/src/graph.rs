//! The resource graph: the provider-neutral set of AWS resources a network becomes, with
//! stable ids, typed properties, typed references and a placement. Both renderers consume it
//! and neither decides topology.

use crate::kinds::{Attr, Kind};
use indexmap::IndexMap;
use netform_dsl::name::{logical_id, tf_label};
use netform_dsl::Path;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::{Arc, OnceLock};

/// An insertion-ordered map with FxHash: ids are hashed on every lookup of every reference,
/// and SipHash (the default, which resists hash flooding that cannot happen here) made that
/// a tenth of rendering. Order, and so the output, does not depend on the hasher.
pub type IdMap<K, V> = IndexMap<K, V, rustc_hash::FxBuildHasher>;

/// A resource's identity: its kind and the model names it derives from (never a counter).
///
/// An id is shared: every reference to a resource holds its id, so a clone copies a pointer
/// rather than the names, and the hash that every lookup of a reference takes is computed
/// once, when the id is made. Its parts read through it: `id.kind`, `id.name`.
#[derive(Clone)]
pub struct ResourceId(Arc<IdParts>);

/// What a [`ResourceId`] is made of.
pub struct IdParts {
    /// The kind of resource.
    pub kind: Kind,
    /// Model names, outermost first, such as `["prod-app", "private", "a"]`.
    pub name: Vec<String>,
    /// The hash of the kind and the names, for maps keyed by ids.
    hash: u64,
    /// The CloudFormation logical id and the Terraform label, each made the first time it is
    /// asked for: a renderer spells it at the resource and at every reference to it.
    logical_id: OnceLock<Box<str>>,
    tf_label: OnceLock<Box<str>>,
}

impl Deref for ResourceId {
    type Target = IdParts;

    fn deref(&self) -> &IdParts {
        &self.0
    }
}

impl PartialEq for ResourceId {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
            || (self.hash == other.hash && self.kind == other.kind && self.name == other.name)
    }
}

impl Eq for ResourceId {}

impl PartialOrd for ResourceId {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ResourceId {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.kind, &self.name).cmp(&(other.kind, &other.name))
    }
}

impl Hash for ResourceId {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

impl fmt::Debug for ResourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResourceId")
            .field("kind", &self.kind)
            .field("name", &self.name)
            .finish()
    }
}

impl ResourceId {
    /// An id of `kind` from name parts.
    pub fn new<S: Into<String>>(kind: Kind, name: impl IntoIterator<Item = S>) -> Self {
        let name: Vec<String> = name.into_iter().map(Into::into).collect();
        let mut hasher = rustc_hash::FxHasher::default();
        (kind, &name).hash(&mut hasher);
        Self(Arc::new(IdParts {
            kind,
            name,
            hash: hasher.finish(),
            logical_id: OnceLock::new(),
            tf_label: OnceLock::new(),
        }))
    }

    /// The CloudFormation logical id: the names in PascalCase plus the kind,
    /// such as `ProdAppPrivateASubnet`.
    pub fn logical_id(&self) -> &str {
        self.0
            .logical_id
            .get_or_init(|| (logical_id(&self.name) + self.kind.spec().cfn_suffix).into())
    }

    /// The Terraform label, such as `prod_app_private_a` (in `aws_subnet.prod_app_private_a`).
    pub fn tf_label(&self) -> &str {
        self.0.tf_label.get_or_init(|| tf_label(&self.name).into())
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
        let mut out = Vec::new();
        for (key, value) in &self.properties {
            if keep(key) {
                walk_references(value, &mut |r| out.push(r));
            }
        }
        out
    }

    /// Every reference in the properties, in order, with the neutral key of the property it
    /// is in.
    pub fn references_by_property(&self) -> Vec<(&'static str, &Reference)> {
        let mut out = Vec::new();
        for (&key, value) in &self.properties {
            walk_references(value, &mut |r| out.push((key, r)));
        }
        out
    }
}

/// Calls `found` with each reference in `value`, in order.
fn walk_references<'a>(value: &'a Value, found: &mut impl FnMut(&'a Reference)) {
    match value {
        Value::Ref(r) => found(r),
        Value::List(items) | Value::Concat(items) => {
            items.iter().for_each(|v| walk_references(v, found))
        }
        Value::Struct(fields) => fields.values().for_each(|v| walk_references(v, found)),
        Value::CidrSubnet { block, .. } => found(block),
        Value::Keyed { entries, .. } => entries.values().for_each(|v| walk_references(v, found)),
        Value::String(_)
        | Value::Bool(_)
        | Value::Int(_)
        | Value::Document(_)
        | Value::Name(_)
        | Value::TagMap(_)
        | Value::Secret(_) => {}
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn hash_of(id: &ResourceId) -> u64 {
        let mut hasher = std::hash::DefaultHasher::new();
        id.hash(&mut hasher);
        hasher.finish()
    }

    /// Two ids made apart from the same kind and names are one id: equal, hashed alike, and
    /// found in a map under either. Another kind or another name is another id.
    #[test]
    fn ids_made_apart_from_the_same_names_are_equal() {
        let a = ResourceId::new(Kind::Subnet, ["prod", "app", "a"]);
        let b = ResourceId::new(
            Kind::Subnet,
            vec!["prod".to_string(), "app".into(), "a".into()],
        );
        assert_eq!(a, b);
        assert_eq!(hash_of(&a), hash_of(&b));
        let map: IdMap<ResourceId, u8> = [(a.clone(), 1)].into_iter().collect();
        assert_eq!(map.get(&b), Some(&1));
        assert_ne!(a, ResourceId::new(Kind::RouteTable, ["prod", "app", "a"]));
        assert_ne!(a, ResourceId::new(Kind::Subnet, ["prod", "app", "b"]));
        assert_ne!(a, ResourceId::new(Kind::Subnet, ["prod", "appa"]));
        assert_eq!(
            map.get(&ResourceId::new(Kind::Subnet, ["prod", "app"])),
            None
        );
    }

    /// Ids sort by kind, then by names, whatever order they were made in.
    #[test]
    fn ids_sort_by_kind_then_names() {
        let ids: BTreeSet<ResourceId> = [
            ResourceId::new(Kind::Subnet, ["b"]),
            ResourceId::new(Kind::Vpc, ["z"]),
            ResourceId::new(Kind::Subnet, ["a", "z"]),
            ResourceId::new(Kind::Vpc, ["a"]),
        ]
        .into_iter()
        .collect();
        let order: Vec<(Kind, String)> =
            ids.iter().map(|id| (id.kind, id.name.join("/"))).collect();
        let mut want = vec![
            (Kind::Vpc, "a".to_string()),
            (Kind::Vpc, "z".to_string()),
            (Kind::Subnet, "a/z".to_string()),
            (Kind::Subnet, "b".to_string()),
        ];
        want.sort_by_key(|(kind, _)| *kind);
        assert_eq!(order, want);
    }

    /// The logical id is made once and is the same text from every copy of the id.
    #[test]
    fn the_logical_id_is_the_same_from_every_copy() {
        let id = ResourceId::new(Kind::Subnet, ["prod-app", "private", "a"]);
        let copy = id.clone();
        assert_eq!(id.logical_id(), "ProdAppPrivateASubnet");
        assert!(std::ptr::eq(id.logical_id(), copy.logical_id()));
        let apart = ResourceId::new(Kind::Subnet, ["prod-app", "private", "a"]);
        assert_eq!(apart.logical_id(), "ProdAppPrivateASubnet");
        assert_eq!(
            format!("{id:?}"),
            r#"ResourceId { kind: Subnet, name: ["prod-app", "private", "a"] }"#
        );
    }
}
