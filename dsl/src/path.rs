//! Element paths: where in a network a diagnostic points, printed the way a user reads it,
//! `vpcs["prod-app"].subnet_groups["db"].size.pinned[1]` (in the style of path-to-error).

use serde::{Serialize, Serializer};
use std::fmt;

/// One step of a [`Path`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Segment {
    /// A field of a struct: `.subnet_groups`.
    Field(&'static str),
    /// An element of a named list, by its name: `["private"]`.
    Key(String),
    /// An element of a list, by its position: `[1]`.
    Index(usize),
}

/// The path from the network root to one element of the model.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Path {
    segments: Vec<Segment>,
}

impl Path {
    /// The root of the network (printed as `network`).
    pub fn root() -> Self {
        Self::default()
    }

    /// This path followed by a field.
    pub fn field(&self, name: &'static str) -> Self {
        self.with(Segment::Field(name))
    }

    /// This path followed by a named element.
    pub fn key(&self, key: impl Into<String>) -> Self {
        self.with(Segment::Key(key.into()))
    }

    /// This path followed by a list position.
    pub fn index(&self, index: usize) -> Self {
        self.with(Segment::Index(index))
    }

    /// The segments, root first.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    fn with(&self, segment: Segment) -> Self {
        let mut segments = self.segments.clone();
        segments.push(segment);
        Self { segments }
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.segments.is_empty() {
            return f.write_str("network");
        }
        for (i, segment) in self.segments.iter().enumerate() {
            match segment {
                Segment::Field(name) if i == 0 => f.write_str(name)?,
                Segment::Field(name) => write!(f, ".{name}")?,
                Segment::Key(key) => write!(f, "[{key:?}]")?,
                Segment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

impl Serialize for Path {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_like_rust_source() {
        let path = Path::root()
            .field("vpcs")
            .key("prod-app")
            .field("subnet_groups")
            .key("private")
            .field("cidrs")
            .index(2);
        assert_eq!(
            path.to_string(),
            r#"vpcs["prod-app"].subnet_groups["private"].cidrs[2]"#
        );
        assert_eq!(Path::root().to_string(), "network");
    }

    #[test]
    fn keys_are_escaped() {
        let path = Path::root().field("vpcs").key("a\"b");
        assert_eq!(path.to_string(), r#"vpcs["a\"b"]"#);
    }
}
