//! Which stack each resource goes to.
//!
//! Resources are grouped by (account, region, stage), as CloudFormation deploys one stack into
//! one account and region. Inside a group they form units: a VPC with everything that belongs
//! to it alone (its subnets, route tables, routes, flow logs, its attachment, and in the hub's
//! routing stage its association and propagations), and one unit for what belongs to no
//! single VPC (the hub, shares, policies). Units are never split. The group's own unit comes
//! first, then the VPC units in model order, packed in that order into as many stacks as the
//! fill levels below need.
//!
//! Packing in model order is what keeps a deployed stack stable: a spoke appended to the
//! model lands in the group's last stack or a new one, and no existing spoke moves (moving
//! would delete and recreate it). Stacks are filled to 80% of each quota, so a spoke that
//! grows a little stays where it is; removing or reordering spokes, or growing one past its
//! stack's room, moves the spokes after it (docs/scale.md).

use super::facts::Facts;
use super::{index_of_in, resolve, stand_in};
use crate::graph::IdMap;
use crate::graph::{Placement, Reference, Resource, ResourceGraph, Value};
use crate::kinds::{Attr, Kind, Stage};
use rayon::prelude::*;
/// An insertion-ordered set with FxHash (see [`IdMap`]).
type FxIndexSet<T> = indexmap::IndexSet<T, rustc_hash::FxBuildHasher>;

/// CloudFormation quotas ("Understand CloudFormation quotas", AWS CloudFormation User Guide):
/// 500 resources, 200 parameters and 200 outputs per template, and a template body of at most
/// 1 MB when deployed from an S3 object. Stacks are packed to 80% of each, the room a spoke
/// has to grow without moving.
const FILL_RESOURCES: usize = 400;
const FILL_PARAMETERS: usize = 160;
const FILL_OUTPUTS: usize = 160;
const FILL_BYTES: usize = 800_000;

/// One stack's share of a group.
pub(super) struct Part<'g> {
    pub placement: &'g Placement,
    pub stage: Stage,
    /// 0 for the group's first stack, which keeps the group's plain name.
    pub index: usize,
    pub resources: Vec<&'g Resource>,
    /// The graph index of each of `resources`.
    pub indices: Vec<usize>,
    /// The model names of the VPCs whose units are in this stack.
    pub vpcs: Vec<&'g str>,
}

/// Resources that go to one stack together. Resources are named by their index in the
/// graph, which is also their order in a template.
struct Unit<'g> {
    group: usize,
    /// The graph index of the VPC it is the unit of.
    vpc: Option<usize>,
    resources: Vec<(usize, &'g Resource)>,
    bytes: usize,
    /// Values it takes from another account or region, as (graph index, attribute): each a
    /// Parameter.
    takes: FxIndexSet<(usize, Attr)>,
    /// Values taken from it by other units, and the graph's outputs: each an Output.
    gives: FxIndexSet<(usize, Attr)>,
}

/// The stacks' shares: groups in the order they first appear in the graph, each group's
/// stacks in packing order.
pub(super) fn split<'g>(
    graph: &'g ResourceGraph,
    facts: &Facts<'g>,
    placed: &[usize],
) -> Vec<Part<'g>> {
    let anchors = anchors(facts, graph);
    let mut groups: IdMap<(&Placement, Stage), usize> = IdMap::default();
    let mut keys: IdMap<(usize, Option<usize>), usize> = IdMap::default();
    let mut units: Vec<Unit<'g>> = Vec::new();
    let mut unit_of: Vec<Option<usize>> = vec![None; graph.resources.len()];
    let resource = |index: usize| &graph.resources[index];
    // The estimates, on all cores; the units, in order.
    let sized: Vec<usize> = placed
        .par_iter()
        .map(|&index| {
            estimate_bytes(resource(index))
                + facts.entries[index]
                    .iter()
                    .map(|&entry| estimate_bytes(resource(entry)))
                    .sum::<usize>()
        })
        .collect();
    for (&index, bytes) in placed.iter().zip(sized) {
        let resource = resource(index);
        let group_count = groups.len();
        let group = *groups
            .entry((&resource.placement, resource.id.kind.spec().stage))
            .or_insert(group_count);
        let vpc = anchors[index];
        let unit = *keys.entry((group, vpc)).or_insert_with(|| {
            units.push(Unit {
                group,
                vpc,
                resources: Vec::new(),
                bytes: 0,
                takes: FxIndexSet::default(),
                gives: FxIndexSet::default(),
            });
            units.len() - 1
        });
        units[unit].bytes += bytes;
        units[unit].resources.push((index, resource));
        unit_of[index] = Some(unit);
    }
    exchanged_values(graph, facts, &unit_of, &mut units);
    pack(graph, &groups, units)
}

/// Who refers to a resource, as far as VPCs go.
#[derive(Clone, Copy, PartialEq)]
enum Referrers {
    Nobody,
    One(usize),
    Several,
}

/// Which VPC each resource (by graph index) belongs to alone. A VPC belongs to itself;
/// anything else to the one VPC that everything it refers to belongs to (a subnet, a route
/// table, a route, an attachment and its association). What that leaves to no VPC but only
/// that VPC's resources refer to belongs to it too (its internet gateway, a NAT gateway's
/// address, the firewall policy of its firewall). What refers to several VPCs, or is
/// referred to from several, belongs to none.
fn anchors(facts: &Facts<'_>, graph: &ResourceGraph) -> Vec<Option<usize>> {
    let targets: Vec<Vec<usize>> = (0..graph.resources.len())
        .into_par_iter()
        .map(|index| {
            let links = facts.links(index);
            links.iter().map(|link| link.written_target).collect()
        })
        .collect();
    let vpcs: Vec<bool> = graph
        .resources
        .keys()
        .map(|id| id.kind == Kind::Vpc)
        .collect();
    let mut anchor: Vec<Option<Option<usize>>> = vec![None; targets.len()];
    for index in 0..targets.len() {
        forward(index, &targets, &vpcs, &mut anchor);
    }
    let mut anchor: Vec<Option<usize>> = anchor.into_iter().map(Option::flatten).collect();
    // Each pass settles one more level of resources referred to only from a VPC's unit (an
    // address, then its NAT gateway...); a handful of passes settle every network.
    loop {
        let mut referrers = vec![Referrers::Nobody; targets.len()];
        for (from, targets) in targets.iter().enumerate() {
            for &target in targets {
                referrers[target] = match (referrers[target], anchor[from]) {
                    (Referrers::Nobody, Some(vpc)) => Referrers::One(vpc),
                    (Referrers::One(one), Some(vpc)) if one == vpc => Referrers::One(one),
                    _ => Referrers::Several,
                };
            }
        }
        let mut changed = false;
        for (index, seen) in referrers.into_iter().enumerate() {
            if let (Referrers::One(vpc), None) = (seen, anchor[index]) {
                anchor[index] = Some(vpc);
                changed = true;
            }
        }
        if !changed {
            return anchor;
        }
    }
}

/// The VPC a resource belongs to by what it refers to (`None` while unknown, memoised).
fn forward(
    index: usize,
    targets: &[Vec<usize>],
    vpcs: &[bool],
    anchor: &mut [Option<Option<usize>>],
) -> Option<usize> {
    if let Some(known) = anchor[index] {
        return known;
    }
    // Marked first, so a cycle (which the renderers would refuse anyway) ends here.
    anchor[index] = Some(None);
    let found = if vpcs[index] {
        Some(index)
    } else {
        let mut found: Option<usize> = None;
        let mut several = false;
        for &target in &targets[index] {
            match (forward(target, targets, vpcs, anchor), found) {
                (None, _) => {}
                (Some(vpc), None) => found = Some(vpc),
                (Some(vpc), Some(other)) => several |= vpc != other,
            }
        }
        found.filter(|_| !several)
    };
    anchor[index] = Some(found);
    found
}

/// Fills in what each unit takes from another account or region (a Parameter wherever the
/// unit lands) and what other units and the graph's outputs take from it (an Output): the
/// counts that the packing must keep under the quotas. A value another unit takes may end up
/// in the same stack and need no Output; counting it anyway errs on the safe side.
fn exchanged_values<'g>(
    graph: &'g ResourceGraph,
    facts: &Facts<'g>,
    unit_of: &[Option<usize>],
    units: &mut [Unit<'g>],
) {
    // What each unit takes from which other (on all cores); then recorded in unit order, so
    // the sets keep the order of the references.
    let taken: Vec<Vec<(usize, usize, Attr, bool)>> = units
        .par_iter()
        .enumerate()
        .map(|(consumer, unit)| {
            let placement = &unit.resources[0].1.placement;
            let mut taken = Vec::new();
            for &(index, _) in &unit.resources {
                for link in facts.written(index) {
                    let target = facts.stand_in[link.target];
                    let Some(producer) = unit_of[target] else {
                        continue;
                    };
                    if producer != consumer {
                        let across = graph.resources[target].placement != *placement;
                        taken.push((producer, target, link.reference.attr, across));
                    }
                }
            }
            taken
        })
        .collect();
    for (consumer, taken) in taken.into_iter().enumerate() {
        for (producer, target, attr, across) in taken {
            if across {
                units[consumer].takes.insert((target, attr));
            }
            units[producer].gives.insert((target, attr));
        }
    }
    for output in &graph.outputs {
        let reference = resolve(graph, &output.value);
        let target = index_of_in(&graph.resources, stand_in(graph, &reference.target));
        if let Some(unit) = unit_of[target] {
            units[unit].gives.insert((target, reference.attr));
        }
    }
}

/// What a stack being filled holds so far.
#[derive(Default)]
struct Fill<'g> {
    resources: Vec<(usize, &'g Resource)>,
    vpcs: Vec<&'g str>,
    bytes: usize,
    takes: FxIndexSet<(usize, Attr)>,
    gives: FxIndexSet<(usize, Attr)>,
}

impl<'g> Fill<'g> {
    /// Whether `unit` fits in what is left below the fill levels.
    fn has_room(&self, unit: &Unit<'g>) -> bool {
        let takes = unit
            .takes
            .iter()
            .filter(|r| !self.takes.contains(*r))
            .count();
        let gives = unit
            .gives
            .iter()
            .filter(|r| !self.gives.contains(*r))
            .count();
        self.resources.len() + unit.resources.len() <= FILL_RESOURCES
            && self.takes.len() + takes <= FILL_PARAMETERS
            && self.gives.len() + gives <= FILL_OUTPUTS
            && self.bytes + unit.bytes <= FILL_BYTES
    }

    fn add(&mut self, graph: &'g ResourceGraph, unit: &Unit<'g>) {
        self.resources.extend(&unit.resources);
        if let Some(vpc) = unit.vpc {
            let (id, _) = graph.resources.get_index(vpc).expect("a graph index");
            self.vpcs.push(id.name.first().map_or("", String::as_str));
        }
        self.bytes += unit.bytes;
        self.takes.extend(&unit.takes);
        self.gives.extend(&unit.gives);
    }
}

/// Each group's units in order, the group's own unit first and then the VPCs' in model order
/// (the order of the VPC resources in the graph), into stacks: a unit that does not fit in
/// what is left starts the next stack. A unit larger than a whole stack gets one to itself;
/// the quota check after rendering reports it if it is over a quota.
fn pack<'g>(
    graph: &'g ResourceGraph,
    groups: &IdMap<(&'g Placement, Stage), usize>,
    units: Vec<Unit<'g>>,
) -> Vec<Part<'g>> {
    let mut by_group: Vec<Vec<&Unit<'g>>> = vec![Vec::new(); groups.len()];
    for unit in &units {
        by_group[unit.group].push(unit);
    }
    let mut parts = Vec::new();
    for ((placement, stage), group) in groups.keys().zip(by_group.iter_mut()) {
        group.sort_by_key(|unit| unit.vpc.map_or(0, |vpc| vpc + 1));
        let mut fills: Vec<Fill<'g>> = vec![Fill::default()];
        for unit in group.iter() {
            let last = fills.last_mut().expect("one fill at least");
            if !last.resources.is_empty() && !last.has_room(unit) {
                fills.push(Fill::default());
            }
            fills.last_mut().expect("just pushed").add(graph, unit);
        }
        parts.extend(fills.into_iter().enumerate().map(|(index, mut fill)| {
            // Inside a stack, resources keep the graph's order.
            fill.resources.sort_unstable_by_key(|&(index, _)| index);
            let (indices, resources) = fill.resources.into_iter().unzip();
            Part {
                placement,
                stage: *stage,
                index,
                resources,
                indices,
                vpcs: fill.vpcs,
            }
        }));
    }
    parts
}

/// An upper estimate of the bytes a resource takes in a pretty-printed template: its logical
/// id, type and tags, and each property's name and value, with room for indentation and for
/// a reference becoming `Fn::ImportValue` of an export name. Cheap enough to run on every
/// resource; the rendered size is checked against the quota afterwards.
fn estimate_bytes(resource: &Resource) -> usize {
    let id = resource.id.name.iter().map(|n| n.len() + 4).sum::<usize>() + 24;
    let header = 2 * id + resource.id.kind.spec().cfn_type.len() + 120;
    let properties: usize = resource
        .properties
        .iter()
        .map(|(key, value)| key.len() + 24 + value_bytes(value))
        .sum();
    let tags: usize = resource
        .tags
        .iter()
        .map(|(k, v)| k.len() + v.len() + 90)
        .sum();
    let depends: usize = resource
        .depends_on
        .iter()
        .map(|d| d.name.iter().map(|n| n.len() + 4).sum::<usize>() + 40)
        .sum();
    header + properties + tags + depends
}

fn value_bytes(value: &Value) -> usize {
    match value {
        Value::String(s) => s.len() + 8,
        Value::Bool(_) | Value::Int(_) => 12,
        Value::Name(name) => name.len() + 8,
        Value::List(items) | Value::Concat(items) => {
            40 + items.iter().map(|v| value_bytes(v) + 12).sum::<usize>()
        }
        Value::Struct(fields) => {
            20 + fields
                .iter()
                .map(|(k, v)| k.len() + 24 + value_bytes(v))
                .sum::<usize>()
        }
        Value::Keyed { entries, .. } => {
            20 + entries
                .iter()
                .map(|(k, v)| k.len() + 24 + value_bytes(v))
                .sum::<usize>()
        }
        Value::Ref(r) => reference_bytes(r),
        // `{"Ref": "<Name>"}`, and the parameter's declaration with its pattern.
        Value::Secret(secret) => {
            3 * secret.name.iter().map(|n| n.len()).sum::<usize>()
                + secret.description.len()
                + secret.pattern.len()
                + 160
        }
        // Pretty-printing nests each level deeper than the compact text shows.
        Value::Document(document) => 2 * document.to_string().len() + 64,
        Value::TagMap(tags) => tags.iter().map(|(k, v)| k.len() + v.len() + 60).sum(),
        // Nested Fn::Select / Fn::Cidr: one level per 256 blocks of the index.
        Value::CidrSubnet { block, index, .. } => {
            let levels = 1 + (u64::BITS - index.leading_zeros()) as usize / 8;
            levels * 160 + reference_bytes(block)
        }
    }
}

/// A reference as `Fn::ImportValue` of `<stack>-<Output>`, the longest form it takes.
fn reference_bytes(reference: &Reference) -> usize {
    let name: usize = reference.target.name.iter().map(|n| n.len() + 2).sum();
    3 * name + 200
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lower;
    use netform_dsl::{FlowLogs, NatMode, Network, Tier, Vpc};

    /// The estimate is an upper bound: for every stack of a network with NAT gateways, flow
    /// logs and cross-account references, the estimates of its resources add up to more than
    /// the bytes its `Resources` section takes in the rendered template.
    #[test]
    fn the_byte_estimate_bounds_the_rendered_resources() {
        let mut network = Network::builder("n")
            .tag("team", "network")
            .network_account("network", "111111111111")
            .account("workload", "222222222222")
            .ip_block("aws", "10.0.0.0/8");
        for (i, account) in ["network", "workload", "workload"].iter().enumerate() {
            network = network.vpc(
                Vpc::builder(format!("vpc-{i}"), *account, "us-east-1")
                    .allocate("aws", 20)
                    .azs(["us-east-1a", "us-east-1b", "us-east-1c"])
                    .subnets("public", Tier::Public, 26)
                    .subnets("app", Tier::Private, 23)
                    .nat(NatMode::PerAz)
                    .flow_logs(FlowLogs::s3("arn:aws:s3:::logs")),
            );
        }
        let valid = network.build().validate().expect("valid");
        let graph = lower(&valid).expect("lowers");
        let files = super::super::render(&graph).expect("renders");
        let manifest: serde_json::Value = serde_json::from_str(
            &files
                .iter()
                .find(|f| f.path == "manifest.json")
                .unwrap()
                .contents,
        )
        .unwrap();
        let mut checked = 0;
        for stack in manifest["stacks"].as_array().unwrap() {
            let path = stack["template"].as_str().unwrap();
            let text = &files.iter().find(|f| f.path == path).unwrap().contents;
            let template: serde_json::Value = serde_json::from_str(text).unwrap();
            let resources = template["Resources"].as_object().unwrap();
            let rendered = serde_json::to_string_pretty(&template["Resources"])
                .unwrap()
                .len();
            let estimated: usize = graph
                .resources
                .values()
                .filter(|r| resources.contains_key(r.id.logical_id()))
                .map(estimate_bytes)
                .sum();
            assert!(
                estimated >= rendered,
                "{path}: estimated {estimated} bytes, rendered {rendered}"
            );
            checked += 1;
        }
        assert!(checked >= 2, "{checked} stacks");
    }
}
