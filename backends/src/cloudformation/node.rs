//! JSON for one template entry, borrowing the graph's strings where it can.
//!
//! A resource's entry is built as a [`Node`] and serialized straight away. Building it as a
//! `serde_json::Value` copied every name and value out of the graph and hashed every key
//! into a map, only to drop the tree once it was written: at 1,000 spokes that was the
//! largest share of CloudFormation's rendering (docs/performance.md). Objects here are
//! vectors of entries in insertion order, which is what the templates print.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Value as Json;
use std::borrow::Cow;

/// A JSON value whose strings are borrowed or owned.
pub(super) enum Node<'a> {
    Str(Cow<'a, str>),
    Bool(bool),
    Int(i64),
    List(Vec<Node<'a>>),
    Object(Object<'a>),
    /// A JSON document held by the graph (a policy), written as it is.
    Json(&'a Json),
}

/// A JSON object: entries in the order they were first inserted.
#[derive(Default)]
pub(super) struct Object<'a>(Vec<(Cow<'a, str>, Node<'a>)>);

impl<'a> Node<'a> {
    /// A string borrowed from the graph or a table.
    pub fn str(text: &'a str) -> Self {
        Node::Str(Cow::Borrowed(text))
    }

    /// An object of one entry, as intrinsic functions are (`{"Ref": ...}`).
    pub fn call(function: &'static str, argument: Node<'a>) -> Self {
        let mut object = Object::default();
        object.insert(function, argument);
        Node::Object(object)
    }
}

impl<'a> Object<'a> {
    /// Sets `key` to `value`: in place if the key is there (as a JSON map does), else last.
    pub fn insert(&mut self, key: impl Into<Cow<'a, str>>, value: Node<'a>) {
        let key = key.into();
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some((_, slot)) => *slot = value,
            None => self.0.push((key, value)),
        }
    }

    /// The value at `key`, inserted by `make` if the key is not there.
    pub fn entry(
        &mut self,
        key: impl Into<Cow<'a, str>>,
        make: impl FnOnce() -> Node<'a>,
    ) -> &mut Node<'a> {
        let key = key.into();
        let at = match self.0.iter().position(|(k, _)| *k == key) {
            Some(at) => at,
            None => {
                self.0.push((key, make()));
                self.0.len() - 1
            }
        };
        &mut self.0[at].1
    }

    /// Whether it has no entries.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for Node<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Node::Str(text) => serializer.serialize_str(text),
            Node::Bool(value) => serializer.serialize_bool(*value),
            Node::Int(value) => serializer.serialize_i64(*value),
            Node::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Node::Object(object) => object.serialize(serializer),
            Node::Json(document) => document.serialize(serializer),
        }
    }
}

impl Serialize for Object<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key.as_ref(), value)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Written as serde_json writes the same value: a key set twice keeps its first place and
    /// its last value, as in a `serde_json::Map` with `preserve_order`.
    #[test]
    fn an_object_prints_as_the_json_map_it_stands_for() {
        let document = serde_json::json!({"Version": "2012-10-17", "Statement": []});
        let mut object = Object::default();
        object.insert("Type", Node::str("AWS::EC2::VPC"));
        object.insert("Count", Node::Int(-3));
        object.insert("Type", Node::str("AWS::EC2::Subnet"));
        object.insert(
            "List".to_string(),
            Node::List(vec![Node::Bool(true), Node::Json(&document)]),
        );
        match object.entry("Nested", || Node::Object(Object::default())) {
            Node::Object(nested) => nested.insert("Ref", Node::str("Vpc")),
            _ => unreachable!("just inserted an object"),
        }
        let expected = serde_json::json!({
            "Type": "AWS::EC2::Subnet",
            "Count": -3,
            "List": [true, {"Version": "2012-10-17", "Statement": []}],
            "Nested": {"Ref": "Vpc"},
        });
        assert_eq!(
            serde_json::to_string_pretty(&Node::Object(object)).unwrap(),
            serde_json::to_string_pretty(&expected).unwrap()
        );
    }
}
