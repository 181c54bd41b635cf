//! Cloud WAN route tables, derived from the core network policy in the graph: the attachment
//! policies place each attachment in a segment or a network function group (netform's own
//! evaluation, `CorePolicy::place`), and the segments' settings and segment actions decide
//! what each segment's (and group's) table holds at each edge.
//!
//! What this models, by the AWS Cloud WAN User Guide (see docs/intents.md for the sources):
//! - a segment's attachments learn each other's routes at every edge of the segment, unless
//!   the segment isolates attachments;
//! - `share` puts each side's attachment routes in the other's tables;
//! - `send-via` sends traffic between the segment and each `when-sent-to` segment through the
//!   network function group's attachment: at the source edge (`dual-hop`, inspected again at
//!   the destination edge) or at one edge for both directions (`single-hop`: an edge override
//!   if one names the pair, else the edge of the attachment listed first in the policy's edge
//!   locations);
//! - `send-to` gives the segment a default route to the group's attachment at the same edge;
//! - `create-route` to a blackhole.

use crate::fabric::{Att, AttKind, Fabric, HNext, HRoute, HubTable, Ids, Ix, Why};
use crate::lpm::Lpm;
use indexmap::IndexMap;
use ipnet::Ipv4Net;
use netform_backends::kinds::Kind;
use netform_backends::{Resource, Value};
use netform_dsl::policy::{
    ActionKind, ActionMode, CorePolicy, EdgeOverride, SegmentList, ShareWith,
};
use netform_dsl::{AttachmentFacts, Joins, PolicyMatch};
use std::rc::Rc;

/// What a core network attachment joins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Member {
    /// A segment, by its index in the policy.
    Segment(usize),
    /// A network function group, by its index in the policy.
    Group(usize),
}

/// A core network while its tables are built.
struct Core<'p> {
    policy: &'p CorePolicy,
    edges: Vec<&'p str>,
    /// Each member's table at each edge.
    tables: IndexMap<(Member, &'p str), Ix>,
    /// Each member's attachments, in graph order.
    members: IndexMap<Member, Vec<Ix>>,
}

pub(crate) fn build<'g>(fabric: &mut Fabric<'g>, ids: &mut Ids<'g>) {
    let graph = fabric.graph;
    // The policy as deployed: the document in the graph, read back.
    let document =
        graph
            .resources
            .values()
            .find_map(|r| match r.properties.get("policy_document") {
                Some(Value::Document(doc)) if r.id.kind == Kind::CorePolicyAttachment => Some(doc),
                _ => None,
            });
    let Some(parsed) = document.and_then(|d| serde_json::from_value::<CorePolicy>(d.clone()).ok())
    else {
        return;
    };
    let policy = &parsed;
    fabric.segment_names = policy.segments.iter().map(|s| s.name.clone()).collect();
    fabric.group_names = policy
        .network_function_groups
        .iter()
        .map(|g| g.name.clone())
        .collect();
    let Some(hub) = graph
        .resources
        .values()
        .find(|r| r.id.kind == Kind::CoreNetwork)
        .and_then(|r| ids.hub.get(&r.id).copied())
    else {
        return;
    };
    let mut core = Core {
        policy,
        edges: policy
            .core_network_configuration
            .edge_locations
            .iter()
            .map(|e| e.location.as_str())
            .collect(),
        tables: IndexMap::new(),
        members: IndexMap::new(),
    };
    let members = policy
        .segments
        .iter()
        .enumerate()
        .map(|(i, _)| Member::Segment(i))
        .chain(
            policy
                .network_function_groups
                .iter()
                .enumerate()
                .map(|(i, _)| Member::Group(i)),
        );
    for member in members {
        for &edge in &core.edges {
            let label = match member {
                Member::Segment(i) => format!("segment {} at {edge}", policy.segments[i].name),
                Member::Group(i) => format!(
                    "network function group {} at {edge}",
                    policy.network_function_groups[i].name
                ),
            };
            core.tables.insert((member, edge), fabric.hub_tables.len());
            fabric.hub_tables.push(HubTable {
                label,
                lpm: Lpm::default(),
            });
        }
    }

    attachments(fabric, &mut core, hub, ids);
    routes(fabric, &core);
}

/// The attachments, placed by the attachment policies and associated with their member's
/// table at their edge.
fn attachments<'g>(fabric: &mut Fabric<'g>, core: &mut Core<'_>, hub: Ix, ids: &mut Ids<'g>) {
    let graph = fabric.graph;
    for resource in graph.resources.values() {
        let (kind, kind_name) = match resource.id.kind {
            Kind::CwVpcAttachment => {
                let vpc = crate::fabric::reference(resource, "vpc_arn")
                    .and_then(|r| ids.vpc.get(&r.target).copied());
                let Some(vpc) = vpc else { continue };
                let enis = match resource.properties.get("subnet_arns") {
                    Some(Value::List(items)) => items
                        .iter()
                        .filter_map(|v| match v {
                            Value::Ref(r) => ids.subnet.get(&r.target).copied(),
                            _ => None,
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                let appliance = matches!(
                    resource.properties.get("appliance_mode_support"),
                    Some(Value::Bool(true))
                );
                (
                    AttKind::Vpc {
                        vpc,
                        enis,
                        appliance,
                    },
                    "vpc",
                )
            }
            Kind::CwVpnAttachment => (AttKind::OnPrem, "site-to-site-vpn"),
            Kind::CwDxAttachment => (AttKind::OnPrem, "direct-connect-gateway"),
            _ => continue,
        };
        let Some(member) = place(core.policy, graph, resource, kind_name) else {
            continue;
        };
        for region in att_edges(resource) {
            let ix = fabric.atts.len();
            fabric.atts.push(Att {
                id: &resource.id,
                hub,
                kind: kind.clone(),
                table: core.tables.get(&(member, region)).copied(),
                region,
            });
            if let AttKind::Vpc { vpc, .. } = kind {
                fabric.vpcs[vpc].atts.push(ix);
                if matches!(member, Member::Group(_)) {
                    fabric.vpcs[vpc].inspection = true;
                }
            }
            fabric.joins.insert(ix, member);
            core.members.entry(member).or_default().push(ix);
        }
    }
}

/// The edges an attachment is at: a Direct Connect attachment's edge locations, else its
/// region.
fn att_edges(resource: &Resource) -> Vec<&str> {
    match resource.properties.get("edge_locations") {
        Some(Value::List(items)) => items
            .iter()
            .filter_map(|v| match v {
                Value::String(s) => Some(s.as_str()),
                _ => None,
            })
            .collect(),
        _ => vec![resource.placement.region.as_str()],
    }
}

/// The member the attachment policies place an attachment in.
fn place(
    policy: &CorePolicy,
    graph: &netform_backends::ResourceGraph,
    resource: &Resource,
    attachment_type: &str,
) -> Option<Member> {
    let account_id = graph.accounts.get(&resource.placement.account)?.id.as_str();
    let facts = AttachmentFacts {
        tags: &resource.tags,
        account_id,
        region: &resource.placement.region,
        attachment_type,
    };
    match policy.place(&facts) {
        PolicyMatch::Matched(_, Joins::Segment(name)) => policy
            .segments
            .iter()
            .position(|s| s.name == name)
            .map(Member::Segment),
        PolicyMatch::Matched(_, Joins::Group(name)) => policy
            .network_function_groups
            .iter()
            .position(|g| g.name == name)
            .map(Member::Group),
        PolicyMatch::Undetermined(_) | PolicyMatch::Unmatched => None,
    }
}

/// Fills every table.
fn routes(fabric: &mut Fabric<'_>, core: &Core<'_>) {
    let policy = core.policy;
    let segment = |name: &str| policy.segments.iter().position(|s| s.name == name);
    let group = |name: &str| {
        policy
            .network_function_groups
            .iter()
            .position(|g| g.name == name)
    };
    let no_atts = Vec::new();
    let atts_of = |m: Member| core.members.get(&m).unwrap_or(&no_atts);
    // The (first) network function group a send-via or send-to goes through.
    let via_group = |action: &netform_dsl::policy::SegmentAction| {
        action
            .via
            .as_ref()
            .and_then(|v| v.network_function_groups.first())
            .and_then(|n| group(n))
    };

    // A segment's own attachments.
    for (i, s) in policy.segments.iter().enumerate() {
        if s.isolate_attachments == Some(true) {
            continue;
        }
        let why: Rc<str> = format!("attachment in segment {}", s.name).into();
        let m = Member::Segment(i);
        learn(fabric, core, m, atts_of(m), &why, |_, att| HNext::Att(att));
    }
    for action in &policy.segment_actions {
        let Some(from) = segment(&action.segment) else {
            continue;
        };
        let others = |list: &SegmentList| -> Vec<usize> {
            match list {
                SegmentList::All(_) => (0..policy.segments.len()).filter(|&j| j != from).collect(),
                SegmentList::Names(names) => names.iter().filter_map(|n| segment(n)).collect(),
            }
        };
        match action.action {
            ActionKind::Share => {
                let Some(ShareWith::Segments(list)) = &action.share_with else {
                    continue;
                };
                for to in others(list) {
                    for (a, b) in [(from, to), (to, from)] {
                        let why: Rc<str> = format!(
                            "segment {}'s route, shared with {} (share of segment {})",
                            policy.segments[a].name,
                            policy.segments[b].name,
                            policy.segments[from].name
                        )
                        .into();
                        let atts = atts_of(Member::Segment(a));
                        learn(fabric, core, Member::Segment(b), atts, &why, |_, att| {
                            HNext::Att(att)
                        });
                    }
                }
            }
            ActionKind::SendVia => {
                let Some(g) = via_group(action) else {
                    continue;
                };
                let to = action
                    .when_sent_to
                    .as_ref()
                    .map(|w| others(&w.segments))
                    .unwrap_or_default();
                let dual = action.mode == Some(ActionMode::DualHop);
                let overrides = action
                    .via
                    .as_ref()
                    .map(|v| &v.with_edge_overrides[..])
                    .unwrap_or_default();
                send_via(fabric, core, (from, &to), g, dual, overrides);
            }
            ActionKind::SendTo => {
                let Some(g) = via_group(action) else {
                    continue;
                };
                let why: Rc<str> = format!(
                    "segment {} sends to network function group {} (send-to)",
                    policy.segments[from].name, policy.network_function_groups[g].name
                )
                .into();
                for &edge in &core.edges {
                    let table = core.tables[&(Member::Segment(from), edge)];
                    if let Some(att) = group_att(fabric, core, g, edge) {
                        fabric.hub_tables[table].lpm.insert(
                            Ipv4Net::default(),
                            HRoute {
                                next: HNext::Att(att),
                                why: Why::Policy(why.clone()),
                            },
                            true,
                        );
                    }
                }
                let back: Rc<str> =
                    format!("return to segment {} (send-to)", policy.segments[from].name).into();
                let atts = atts_of(Member::Segment(from));
                learn(fabric, core, Member::Group(g), atts, &back, |_, att| {
                    HNext::Att(att)
                });
            }
            ActionKind::CreateRoute => {
                if !action.destinations.iter().any(|d| d == "blackhole") {
                    continue; // attachment ids are known only after deploy
                }
                let why: Rc<str> = format!(
                    "blackhole in segment {} (create-route)",
                    policy.segments[from].name
                )
                .into();
                for net in action
                    .destination_cidr_blocks
                    .iter()
                    .filter_map(|c| c.parse::<Ipv4Net>().ok())
                {
                    for &edge in &core.edges {
                        let table = core.tables[&(Member::Segment(from), edge)];
                        fabric.hub_tables[table].lpm.insert(
                            net,
                            HRoute {
                                next: HNext::Blackhole,
                                why: Why::Policy(why.clone()),
                            },
                            true,
                        );
                    }
                }
            }
        }
    }
}

/// `send-via` from segment `from` to each of `to` through group `g`.
fn send_via<'p>(
    fabric: &mut Fabric<'_>,
    core: &Core<'p>,
    (from, to): (usize, &[usize]),
    g: usize,
    dual: bool,
    overrides: &'p [EdgeOverride],
) {
    let policy = core.policy;
    let no_atts = Vec::new();
    let atts_of = |m: Member| core.members.get(&m).unwrap_or(&no_atts).clone();
    let group_name = &policy.network_function_groups[g].name;
    let mode = if dual {
        "send-via dual-hop"
    } else {
        "send-via single-hop"
    };
    for &t in to {
        for (a, b) in [(from, t), (t, from)] {
            let why: Rc<str> = format!(
                "segment {} sends to {} via {group_name} ({mode})",
                policy.segments[a].name, policy.segments[b].name,
            )
            .into();
            // In a's tables, b's attachments go to the group.
            let targets = atts_of(Member::Segment(b));
            for &edge in &core.edges {
                let table = core.tables[&(Member::Segment(a), edge)];
                for &att in &targets {
                    let inspect_at = if dual {
                        edge
                    } else {
                        let there = core
                            .edges
                            .iter()
                            .copied()
                            .find(|e| *e == fabric.atts[att].region);
                        single_hop_edge(fabric, core, overrides, g, edge, there.unwrap_or(edge))
                    };
                    if let Some(nfg) = group_att(fabric, core, g, inspect_at) {
                        install(fabric, table, att, (HNext::Att(nfg), &why), true);
                    }
                }
            }
        }
        // The group's tables reach both segments' attachments: directly, or (dual-hop)
        // through the group's attachment at the attachment's own edge.
        for s in [from, t] {
            let why: Rc<str> = format!(
                "inspected traffic to segment {} ({mode})",
                policy.segments[s].name
            )
            .into();
            let atts = atts_of(Member::Segment(s));
            learn(fabric, core, Member::Group(g), &atts, &why, |_, att| {
                HNext::Att(att)
            });
            if dual {
                for &edge in &core.edges {
                    let table = core.tables[&(Member::Group(g), edge)];
                    for &att in &atts {
                        let there = fabric.atts[att].region;
                        if there == edge {
                            continue;
                        }
                        if let Some(nfg) = group_att(fabric, core, g, there) {
                            install(fabric, table, att, (HNext::Att(nfg), &why), true);
                        }
                    }
                }
            }
        }
    }
}

/// The edge where single-hop traffic between edges `a` and `b` is inspected: an edge
/// override naming the pair; else the edge itself when both are one; else the one of the two
/// where the group has an attachment; else (AWS picks by an undocumented Region priority
/// list) the one listed first in the policy's edge locations, a modelling choice that
/// docs/intents.md states.
fn single_hop_edge<'e>(
    fabric: &Fabric<'_>,
    core: &Core<'e>,
    overrides: &'e [EdgeOverride],
    g: usize,
    a: &'e str,
    b: &'e str,
) -> &'e str {
    let pair = |set: &[String]| match set {
        [one] => one == a && one == b,
        [x, y] => (x == a && y == b) || (x == b && y == a),
        _ => false,
    };
    if let Some(o) = overrides
        .iter()
        .find(|o| o.edge_sets.iter().any(|set| pair(set)))
    {
        return o.use_edge_location.as_str();
    }
    if a == b {
        return a;
    }
    let present = |e: &str| {
        core.members
            .get(&Member::Group(g))
            .is_some_and(|atts| atts.iter().any(|&x| fabric.atts[x].region == e))
    };
    match (present(a), present(b)) {
        (true, false) => a,
        (false, true) => b,
        _ => {
            let rank = |e: &str| {
                core.edges
                    .iter()
                    .position(|x| *x == e)
                    .unwrap_or(usize::MAX)
            };
            if rank(a) <= rank(b) {
                a
            } else {
                b
            }
        }
    }
}

/// Group `g`'s attachment at `edge`, else its first.
fn group_att(fabric: &Fabric<'_>, core: &Core<'_>, g: usize, edge: &str) -> Option<Ix> {
    let atts = core.members.get(&Member::Group(g))?;
    atts.iter()
        .copied()
        .find(|&a| fabric.atts[a].region == edge)
        .or_else(|| atts.first().copied())
}

/// Puts the routes of `atts` in every edge table of `member`, each to `next(edge, att)`.
fn learn(
    fabric: &mut Fabric<'_>,
    core: &Core<'_>,
    member: Member,
    atts: &[Ix],
    why: &Rc<str>,
    next: impl Fn(&str, Ix) -> HNext,
) {
    for &edge in &core.edges {
        let Some(&table) = core.tables.get(&(member, edge)) else {
            continue;
        };
        for &att in atts {
            install(fabric, table, att, (next(edge, att), why), false);
        }
    }
}

/// Puts the routes `att` advertises in `table`, each to `next`, for the rule `why`; over a
/// route to the same prefix only when `replace`.
fn install(
    fabric: &mut Fabric<'_>,
    table: Ix,
    att: Ix,
    (next, why): (HNext, &Rc<str>),
    replace: bool,
) {
    for net in fabric.advertised(att) {
        fabric.hub_tables[table].lpm.insert(
            net,
            HRoute {
                next,
                why: Why::Policy(why.clone()),
            },
            replace,
        );
    }
}
