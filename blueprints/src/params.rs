//! Typed blueprint parameters: what each accepts, its default and help, and parsing of
//! `--set key=value` into values a blueprint reads by name.

use crate::error::UsageError;
use ipnet::Ipv4Net;
use std::collections::BTreeMap;

/// What values a parameter accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParamKind {
    /// An IPv4 CIDR such as `10.0.0.0/16` (its size and host bits are the validator's to judge).
    Cidr,
    /// An AWS region code netform knows, such as `us-east-1`.
    Region,
    /// A comma-separated list of distinct region codes, such as `us-east-1,eu-west-1`.
    Regions,
    /// A whole number in a range.
    Int {
        /// The smallest accepted.
        min: u32,
        /// The largest accepted.
        max: u32,
    },
    /// One of a fixed set of words.
    Choice(&'static [&'static str]),
    /// Free text (names, ids, ARNs: the validator judges them with the rest of the network).
    Text,
}

impl ParamKind {
    /// What the kind accepts, for help and errors.
    pub fn describe(self) -> String {
        match self {
            ParamKind::Cidr => "an IPv4 CIDR such as 10.0.0.0/16".to_string(),
            ParamKind::Region => "an AWS region code such as us-east-1".to_string(),
            ParamKind::Regions => {
                "distinct AWS region codes separated by commas, such as us-east-1,eu-west-1"
                    .to_string()
            }
            ParamKind::Int { min, max } => format!("a whole number from {min} to {max}"),
            ParamKind::Choice(choices) => format!("one of {}", choices.join(", ")),
            ParamKind::Text => "text".to_string(),
        }
    }
}

/// One parameter of a blueprint.
#[derive(Debug, Clone, Copy)]
pub struct ParamSpec {
    /// The name used in `--set name=value`.
    pub name: &'static str,
    /// What it accepts.
    pub kind: ParamKind,
    /// The value used when it is not set.
    pub default: &'static str,
    /// What it does.
    pub help: &'static str,
}

/// The parameter values of one blueprint run: every parameter, set or defaulted, checked
/// against its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    values: BTreeMap<&'static str, String>,
}

impl Params {
    /// Checks `sets` against `specs`: unknown names and values that do not parse are usage
    /// errors naming the valid choices.
    pub fn parse(
        blueprint: &str,
        specs: &'static [ParamSpec],
        sets: &[(String, String)],
    ) -> Result<Self, UsageError> {
        let mut values: BTreeMap<&'static str, String> = specs
            .iter()
            .map(|s| (s.name, s.default.to_string()))
            .collect();
        for (name, value) in sets {
            let Some(spec) = specs.iter().find(|s| s.name == name) else {
                return Err(UsageError::UnknownParam {
                    blueprint: blueprint.to_string(),
                    name: name.clone(),
                    known: specs.iter().map(|s| s.name.to_string()).collect(),
                });
            };
            check_value(spec, value)?;
            values.insert(spec.name, value.clone());
        }
        Ok(Self { values })
    }

    /// The value of parameter `name`, as text.
    ///
    /// # Panics
    /// If the blueprint declares no such parameter (a bug in the blueprint).
    pub fn text(&self, name: &str) -> &str {
        self.values
            .get(name)
            .unwrap_or_else(|| panic!("the blueprint reads undeclared parameter {name}"))
    }

    /// The items of a comma-separated parameter, such as [`ParamKind::Regions`].
    pub fn list(&self, name: &str) -> Vec<&str> {
        self.text(name).split(',').map(str::trim).collect()
    }

    /// The value of an [`ParamKind::Int`] parameter.
    pub fn int(&self, name: &str) -> u32 {
        self.text(name)
            .parse()
            .unwrap_or_else(|_| panic!("parameter {name} was checked to be a number"))
    }
}

fn check_value(spec: &ParamSpec, value: &str) -> Result<(), UsageError> {
    let ok = match spec.kind {
        ParamKind::Cidr => value.parse::<Ipv4Net>().is_ok(),
        ParamKind::Region => netform_dsl::region::region(value).is_some(),
        ParamKind::Regions => {
            let regions: Vec<&str> = value.split(',').map(str::trim).collect();
            let distinct: std::collections::BTreeSet<&str> = regions.iter().copied().collect();
            distinct.len() == regions.len()
                && regions
                    .iter()
                    .all(|r| netform_dsl::region::region(r).is_some())
        }
        ParamKind::Int { min, max } => value.parse::<u32>().is_ok_and(|n| (min..=max).contains(&n)),
        ParamKind::Choice(choices) => choices.contains(&value),
        ParamKind::Text => true,
    };
    if ok {
        return Ok(());
    }
    let expected = match spec.kind {
        ParamKind::Region | ParamKind::Regions => {
            let names: Vec<&str> = netform_dsl::region::regions()
                .iter()
                .map(|r| r.name)
                .collect();
            format!(
                "{}; known regions: {}",
                spec.kind.describe(),
                names.join(", ")
            )
        }
        kind => kind.describe(),
    };
    Err(UsageError::BadValue {
        param: spec.name.to_string(),
        value: value.to_string(),
        expected,
    })
}
