//! Cloud WAN rules: the core network's placement and sharing, its policy document (names,
//! references, edge locations, ASNs, inside CIDRs, segment actions, attachment policies), and
//! its VPC attachments: where the attachment policies place each one, whether it can be
//! created there, and whether VPCs that share a route table overlap.
//!
//! Lookups go through maps built once, so the rules are linear in the size of the policy and
//! the number of attachments, plus sorts. The overlap rule sweeps one sorted list per route
//! table (segment or network function group); an attachment is in the tables of its own
//! segment, of the segments joined with it and of the groups they send to: a number bounded by
//! the segment quota of a core network (40, "AWS Cloud WAN quotas", not adjustable) plus its
//! groups.
//!
//! Sources, cited where a rule relies on them: "Core network policy version parameters in AWS
//! Cloud WAN" (<https://docs.aws.amazon.com/network-manager/latest/cloudwan/cloudwan-policies-json.html>,
//! below "the policy parameters page"), the `ServiceInsertionAction` API reference
//! (<https://docs.aws.amazon.com/networkmanager/latest/APIReference/API_ServiceInsertionAction.html>),
//! and the Terraform AWS provider's policy document data source, which rejects what AWS
//! rejects (`internal/service/networkmanager/core_network_policy_document_data_source.go`).

use super::hub::{VpcIndex, PRIVATE_ASNS};
use super::overlap::{declared_ranges, on_premises_overlaps, HubPrefix};
use super::share::{check_principals, shared_with};
use crate::cloudwan::{AttachmentFacts, CoreNetwork, Joins, PolicyMatch};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::model::{Account, NatMode, Network, SubnetSize, Tags, Tier, Vpc};
use crate::name::{check_name, NameProblem, MAX_NAME_LEN};
use crate::path::Path;
use crate::plan::{parse_cidr, PartialPlan};
use crate::policy::{
    ActionKind, ActionMode, AssociationMethod, AttachmentAction, AttachmentPolicy, Condition,
    ConditionType, CoreNetworkConfiguration, NetworkFunctionGroup, Operator, PolicySegment,
    SegmentAction, SegmentList, ShareWith, Via,
};
use crate::region::region;
use indexmap::{IndexMap, IndexSet};
use ipnet::{IpNet, Ipv4Net};

/// The longest segment or network function group name: `^[a-zA-Z][A-Za-z0-9]{0,63}$` (the
/// policy parameters page: "Valid characters are a–z, A–Z, and 0–9"; the length and the
/// leading letter from the Terraform provider's validation of segment names).
const MAX_SEGMENT_NAME: usize = 64;

/// The values of an `attachment-type` condition (the policy parameters page, "Attachment
/// policies").
const ATTACHMENT_TYPES: [&str; 5] = [
    "vpc",
    "site-to-site-vpn",
    "connect",
    "transit-gateway-route-table",
    "direct-connect-gateway",
];

/// The smallest inside CIDR blocks: "The minimum is a /24 for IPv4 or /64 for IPv6" (the
/// policy parameters page, `inside-cidr-blocks`).
const MIN_INSIDE_PREFIX: (u8, u8) = (24, 64);

/// The largest attachment policy rule number: "rule-number ... 1-65535" (the policy
/// parameters page; the Terraform provider validates `IntBetween(1, 65535)`).
const MAX_RULE_NUMBER: u32 = 65_535;

/// Segments per core network ("Cloud WAN quotas", AWS Cloud WAN User Guide; not adjustable).
const MAX_SEGMENTS: usize = 40;

/// Attachments per core network, by default ("Cloud WAN quotas"; adjustable).
const MAX_ATTACHMENTS: usize = 5_000;

pub(super) fn check(network: &Network, plan: &PartialPlan, diags: &mut Diagnostics) {
    let Some(core) = &network.core_network else {
        return;
    };
    let root = Path::root().field("core_network");
    let policy = root.field("policy");
    let mut segments = IndexMap::new();
    for segment in &core.policy.segments {
        segments.entry(segment.name.as_str()).or_insert(segment);
    }
    let mut groups = IndexMap::new();
    for group in &core.policy.network_function_groups {
        groups.entry(group.name.as_str()).or_insert(group);
    }
    let edges = core.edge_locations().collect();
    let checker = Core {
        network,
        core,
        plan,
        vpcs: VpcIndex::new(network),
        root,
        policy,
        segments,
        groups,
        edges,
        accounts: network
            .accounts
            .iter()
            .rev()
            .map(|a| (a.alias.as_str(), a))
            .collect(),
        inspections: network
            .inspections
            .iter()
            .rev()
            .map(|i| (i.vpc.as_str(), i.egress))
            .collect(),
    };
    checker.check(diags);
}

/// The path of the element `name` of a named list, or of its position when it has no name.
fn named(list: &Path, name: &str, index: usize) -> Path {
    if name.is_empty() {
        list.index(index)
    } else {
        list.key(name)
    }
}

/// Whether `name` is a valid segment or network function group name.
fn is_segment_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric())
        && name.len() <= MAX_SEGMENT_NAME
}

fn action_name(kind: ActionKind) -> &'static str {
    match kind {
        ActionKind::Share => "share",
        ActionKind::CreateRoute => "create-route",
        ActionKind::SendVia => "send-via",
        ActionKind::SendTo => "send-to",
    }
}

fn mode_name(mode: ActionMode) -> &'static str {
    match mode {
        ActionMode::AttachmentRoute => "attachment-route",
        ActionMode::SingleHop => "single-hop",
        ActionMode::DualHop => "dual-hop",
    }
}

/// An attachment that passed the reference checks, and where the policies place it.
struct Placed<'a> {
    /// The VPC's name, the attachment's key.
    name: &'a str,
    /// The VPC.
    vpc: &'a Vpc,
    /// The VPC's position in the model (and the plan).
    vpc_index: usize,
    /// The route table it joins: a segment (`0..segments.len()`) or a network function
    /// group (after the segments); `None` if unplaced or unknown before deploy.
    node: Option<usize>,
    /// Whether the attachment policies decide its place before deploy (no `resource-id`
    /// condition is evaluated first).
    known: bool,
}

struct Core<'a> {
    network: &'a Network,
    core: &'a CoreNetwork,
    plan: &'a PartialPlan,
    vpcs: VpcIndex<'a>,
    /// `core_network`.
    root: Path,
    /// `core_network.policy`.
    policy: Path,
    /// The segments by name (the first of repeated names).
    segments: IndexMap<&'a str, &'a PolicySegment>,
    /// The network function groups by name (the first of repeated names).
    groups: IndexMap<&'a str, &'a NetworkFunctionGroup>,
    /// The core network's edge locations.
    edges: IndexSet<&'a str>,
    /// The accounts by alias.
    accounts: IndexMap<&'a str, &'a Account>,
    /// The inspection VPCs by name: whether each is the egress.
    inspections: IndexMap<&'a str, bool>,
}

impl<'a> Core<'a> {
    fn check(&self, diags: &mut Diagnostics) {
        self.check_placement(diags);
        self.check_names(diags);
        let config = &self.core.policy.core_network_configuration;
        let config_path = self.policy.field("core_network_configuration");
        self.check_edges(config, &config_path, diags);
        self.check_asns(config, &config_path, diags);
        self.check_inside_cidrs(config, &config_path, diags);
        self.check_segments(diags);
        for (i, action) in self.core.policy.segment_actions.iter().enumerate() {
            self.check_action(
                action,
                &self.policy.field("segment_actions").index(i),
                diags,
            );
        }
        self.check_attachment_policies(diags);
        let placed = self.check_attachments(diags);
        self.check_groups_used(&placed, diags);
        self.check_egress_bypass(&placed, diags);
        self.check_overlaps(&placed, diags);
        self.check_on_premises(diags);
        self.check_quotas(diags);
    }

    /// The declared on-premises ranges: IPv4 CIDRs that no attached VPC overlaps (the core
    /// network could not route two owners of one address). Sort and sweep: O(n log n).
    fn check_on_premises(&self, diags: &mut Diagnostics) {
        let mut nets = declared_ranges(
            &self.core.on_premises,
            &self.root.field("on_premises"),
            diags,
        );
        if nets.is_empty() {
            return;
        }
        for (i, attachment) in self.core.attachments.iter().enumerate() {
            let cidr = self
                .vpcs
                .get(&attachment.vpc)
                .and_then(|(index, _)| self.vpc_cidr(index));
            if let Some(net) = cidr {
                let path = named(&self.root.field("attachments"), &attachment.vpc, i);
                nets.push(HubPrefix::vpc(&attachment.vpc, net, path));
            }
        }
        let hub = format!("core network {:?}", self.core.name);
        on_premises_overlaps(nets, (Code::SegmentOverlap, &hub), diags);
    }

    /// "Cloud WAN quotas" (AWS Cloud WAN User Guide): 40 segments per core network (not
    /// adjustable), 5,000 attachments per core network (adjustable: a warning).
    fn check_quotas(&self, diags: &mut Diagnostics) {
        let segments = self.core.policy.segments.len();
        if segments > MAX_SEGMENTS {
            diags.push(
                Diagnostic::error(
                    Code::CloudWanQuota,
                    self.policy.field("segments"),
                    format!(
                        "core network {:?} has {segments} segments; Cloud WAN allows {MAX_SEGMENTS} per core network, and the quota cannot be raised",
                        self.core.name
                    ),
                )
                .with_help("merge segments that share the same routing"),
            );
        }
        let attachments = self.core.attachments.len();
        if attachments > MAX_ATTACHMENTS {
            diags.push(
                Diagnostic::warning(
                    Code::CloudWanQuota,
                    self.root.field("attachments"),
                    format!(
                        "core network {:?} has {attachments} attachments; the default quota is {MAX_ATTACHMENTS} per core network",
                        self.core.name
                    ),
                )
                .with_help("ask AWS for a higher 'Attachments per core network' quota before deploying"),
            );
        }
    }

    fn segment_list(&self) -> String {
        let names: Vec<&str> = self.segments.keys().copied().collect();
        if names.is_empty() {
            "the policy declares no segment".to_string()
        } else {
            format!("its segments: {}", names.join(", "))
        }
    }

    fn group_list(&self) -> String {
        let names: Vec<&str> = self.groups.keys().copied().collect();
        if names.is_empty() {
            "the policy declares no network function group".to_string()
        } else {
            format!("its network function groups: {}", names.join(", "))
        }
    }

    fn edge_list(&self) -> String {
        let names: Vec<&str> = self.edges.iter().copied().collect();
        names.join(", ")
    }

    fn unknown_segment(&self, name: &str, what: &str, path: Path, diags: &mut Diagnostics) {
        diags.push(
            Diagnostic::error(
                Code::UnknownSegment,
                path,
                format!("{what} names segment {name:?}, which the policy does not declare"),
            )
            .with_help(self.segment_list()),
        );
    }

    fn unknown_group(&self, name: &str, what: &str, path: Path, diags: &mut Diagnostics) {
        diags.push(
            Diagnostic::error(
                Code::UnknownSegment,
                path,
                format!(
                    "{what} names network function group {name:?}, which the policy does not declare"
                ),
            )
            .with_help(self.group_list()),
        );
    }

    fn unknown_edge(&self, location: &str, what: &str, path: Path, diags: &mut Diagnostics) {
        diags.push(
            Diagnostic::error(
                Code::EdgeLocation,
                path,
                format!(
                    "{what} names edge location {location:?}, which is not an edge location of core network {:?} ({})",
                    self.core.name,
                    self.edge_list()
                ),
            )
            .with_help("add the region to core-network-configuration.edge-locations, or name one of the core network's edges"),
        );
    }

    // ---- the core network itself ----

    fn check_placement(&self, diags: &mut Diagnostics) {
        let name = &self.core.name;
        if let Err(problem) = check_name(name) {
            let (code, message) = match problem {
                NameProblem::Empty => (Code::NameEmpty, "core network name is empty".to_string()),
                NameProblem::BadStart(c) => (
                    Code::NameSyntax,
                    format!("core network name {name:?} starts with {c:?}, not a letter"),
                ),
                NameProblem::BadChar(c) => (
                    Code::NameSyntax,
                    format!("core network name {name:?} has the character {c:?}"),
                ),
                NameProblem::TooLong(len) => (
                    Code::NameSyntax,
                    format!(
                        "core network name {name:?} is {len} characters, more than {MAX_NAME_LEN}"
                    ),
                ),
            };
            diags.push(
                Diagnostic::error(code, self.root.field("name"), message).with_help(format!(
                    "a name starts with a letter and has only ASCII letters, digits, '-' and '_', at most {MAX_NAME_LEN} characters"
                )),
            );
        }
        if !self.accounts.contains_key(self.core.account.as_str()) {
            diags.push(
                Diagnostic::error(
                    Code::UnknownAccount,
                    self.root.field("account"),
                    format!(
                        "core network {name:?} names account {:?}, which the network does not declare",
                        self.core.account
                    ),
                )
                .with_help("declare the account, usually the network account"),
            );
        }
        if region(&self.core.home_region).is_none() {
            diags.push(
                Diagnostic::error(
                    Code::UnknownRegion,
                    self.root.field("home_region"),
                    format!(
                        "core network {name:?} is declared in {:?}, which is not an AWS region netform knows",
                        self.core.home_region
                    ),
                )
                .with_help("use a region code such as us-east-1 (AWS RAM shares a core network only from us-east-1)"),
            );
        }
        let owner = format!("core network {name:?}");
        check_principals(
            self.network,
            &owner,
            &self.core.share_with,
            &self.root.field("share_with"),
            diags,
        );
    }

    /// Whether the core network is shared with `account` (an alias).
    fn shared_with(&self, account: &str) -> bool {
        shared_with(
            self.network,
            &self.core.account,
            &self.core.share_with,
            account,
        )
    }

    /// Segment and network function group names: the policy's syntax, and unique across both
    /// lists (an attachment policy or action names either with the same string).
    fn check_names(&self, diags: &mut Diagnostics) {
        let mut seen: IndexMap<&str, &str> = IndexMap::new();
        let segments = self
            .core
            .policy
            .segments
            .iter()
            .enumerate()
            .map(|(i, s)| ("segment", "segments", s.name.as_str(), i));
        let groups = self
            .core
            .policy
            .network_function_groups
            .iter()
            .enumerate()
            .map(|(i, g)| {
                (
                    "network function group",
                    "network_function_groups",
                    g.name.as_str(),
                    i,
                )
            });
        for (what, list, name, i) in segments.chain(groups) {
            let path = named(&self.policy.field(list), name, i);
            if !is_segment_name(name) {
                diags.push(
                    Diagnostic::error(
                        Code::SegmentName,
                        path.field("name"),
                        format!(
                            "{what} name {name:?} is not a letter followed by at most 63 letters and digits"
                        ),
                    )
                    .with_help(format!(
                        "Cloud WAN names match ^[a-zA-Z][A-Za-z0-9]{{0,63}}$: no '-' or '_'; try {:?}",
                        name.chars().filter(char::is_ascii_alphanumeric).collect::<String>()
                    )),
                );
                continue;
            }
            if let Some(first) = seen.insert(name, what) {
                diags.push(
                    Diagnostic::error(
                        Code::NameDuplicate,
                        path,
                        format!("{what} name {name:?} is already used by a {first}"),
                    )
                    .with_help(
                        "segments and network function groups share one namespace: give each its own name",
                    ),
                );
            }
        }
    }

    // ---- core-network-configuration ----

    fn check_edges(&self, config: &CoreNetworkConfiguration, path: &Path, diags: &mut Diagnostics) {
        let list = path.field("edge_locations");
        if config.edge_locations.is_empty() {
            diags.push(
                Diagnostic::error(
                    Code::EdgeLocation,
                    list.clone(),
                    format!("core network {:?} has no edge location", self.core.name),
                )
                .with_help("add the regions the core network operates in: every attached VPC's region needs an edge"),
            );
        }
        let mut seen = IndexSet::new();
        for (i, edge) in config.edge_locations.iter().enumerate() {
            let path = named(&list, &edge.location, i);
            if region(&edge.location).is_none() {
                diags.push(
                    Diagnostic::error(
                        Code::EdgeLocation,
                        path.field("location"),
                        format!(
                            "edge location {:?} is not an AWS region netform knows",
                            edge.location
                        ),
                    )
                    .with_help("use a region code such as us-east-1"),
                );
            } else if !seen.insert(edge.location.as_str()) {
                diags.push(
                    Diagnostic::error(
                        Code::EdgeLocation,
                        path,
                        format!("edge location {} is listed twice", edge.location),
                    )
                    .with_help("a core network has one edge per region: list each region once"),
                );
            }
        }
    }

    /// `asn-ranges`: "The ASN uses an array of integer ranges only from 64512 to 65534 and
    /// 4200000000 to 4294967294 ... No other ASN ranges can be used" (the policy parameters
    /// page). An edge's own ASN must be private and, as netform requires, inside the ranges
    /// (the edges' ASNs are "automatically assigned from asn-ranges" otherwise), and two edges
    /// cannot share one: the edges peer with each other over BGP.
    fn check_asns(&self, config: &CoreNetworkConfiguration, path: &Path, diags: &mut Diagnostics) {
        let list = path.field("asn_ranges");
        if config.asn_ranges.is_empty() {
            diags.push(
                Diagnostic::error(
                    Code::CoreAsn,
                    list.clone(),
                    format!("core network {:?} has no ASN range", self.core.name),
                )
                .with_help("add a private range such as 64512-64520"),
            );
        }
        let private = |a: u64, b: u64| {
            PRIVATE_ASNS
                .iter()
                .any(|r| u64::from(*r.start()) <= a && b <= u64::from(*r.end()))
        };
        let mut ranges: Vec<(u64, u64, usize)> = Vec::new();
        for (i, text) in config.asn_ranges.iter().enumerate() {
            let path = list.index(i);
            let (a, b) = text.split_once('-').unwrap_or((text, text));
            let (Ok(a), Ok(b)) = (a.parse::<u64>(), b.parse::<u64>()) else {
                diags.push(
                    Diagnostic::error(
                        Code::CoreAsn,
                        path,
                        format!(
                            "ASN range {text:?} is not a range like 64512-64520 or a single ASN"
                        ),
                    )
                    .with_help("write the first and last ASN joined by '-', without spaces"),
                );
                continue;
            };
            if a > b {
                diags.push(
                    Diagnostic::error(
                        Code::CoreAsn,
                        path,
                        format!("ASN range {text:?} ends ({b}) before it starts ({a})"),
                    )
                    .with_help(format!("did you mean {b}-{a}?")),
                );
                continue;
            }
            if !private(a, b) {
                diags.push(
                    Diagnostic::error(
                        Code::CoreAsn,
                        path,
                        format!(
                            "ASN range {text:?} is not inside the private ranges 64512-65534 or 4200000000-4294967294"
                        ),
                    )
                    .with_help("a core network takes its ASNs only from the private ranges"),
                );
                continue;
            }
            ranges.push((a, b, i));
        }
        let mut sorted = ranges.clone();
        sorted.sort();
        let mut reach: Option<(u64, usize)> = None;
        for &(a, b, i) in &sorted {
            if let Some((end, j)) = reach {
                if a <= end {
                    let (first, second) = if i < j { (i, j) } else { (j, i) };
                    diags.push(
                        Diagnostic::error(
                            Code::CoreAsn,
                            list.index(second),
                            format!(
                                "ASN range {:?} overlaps ASN range {:?}",
                                config.asn_ranges[second], config.asn_ranges[first]
                            ),
                        )
                        .with_help("give the core network disjoint ASN ranges"),
                    );
                }
            }
            if reach.is_none_or(|(end, _)| b > end) {
                reach = Some((b, i));
            }
        }
        let mut asns: IndexMap<u64, &str> = IndexMap::new();
        let edges = path.field("edge_locations");
        for (i, edge) in config.edge_locations.iter().enumerate() {
            let Some(asn) = edge.asn else { continue };
            let path = named(&edges, &edge.location, i).field("asn");
            if !private(asn, asn) {
                diags.push(
                    Diagnostic::error(
                        Code::CoreAsn,
                        path.clone(),
                        format!(
                            "edge {} has ASN {asn}, outside the private ranges 64512-65534 and 4200000000-4294967294",
                            edge.location
                        ),
                    )
                    .with_help("pick a private ASN from the core network's asn-ranges, or leave it out and let Cloud WAN pick one"),
                );
            } else if !ranges.is_empty() && !ranges.iter().any(|&(a, b, _)| (a..=b).contains(&asn))
            {
                diags.push(
                    Diagnostic::error(
                        Code::CoreAsn,
                        path.clone(),
                        format!(
                            "edge {} has ASN {asn}, outside the core network's asn-ranges ({})",
                            edge.location,
                            config.asn_ranges.join(", ")
                        ),
                    )
                    .with_help("add the ASN to asn-ranges, or leave it out and let Cloud WAN pick one from the ranges"),
                );
            }
            if let Some(other) = asns.insert(asn, edge.location.as_str()) {
                diags.push(
                    Diagnostic::error(
                        Code::CoreAsn,
                        path,
                        format!("edges {other} and {} both have ASN {asn}", edge.location),
                    )
                    .with_help("the edges peer with each other over BGP: give each its own ASN"),
                );
            }
        }
    }

    /// `inside-cidr-blocks` of the core network and of its edges: at least a /24 (IPv4) or a
    /// /64 (IPv6), not overlapping, and an edge's inside the core network's when it has any
    /// (an edge's blocks are "auto-assigned from inside-cidr-blocks" otherwise; the policy
    /// parameters page).
    fn check_inside_cidrs(
        &self,
        config: &CoreNetworkConfiguration,
        path: &Path,
        diags: &mut Diagnostics,
    ) {
        let mut core_blocks: Vec<Inside> = Vec::new();
        for (i, text) in config.inside_cidr_blocks.iter().enumerate() {
            let path = path.field("inside_cidr_blocks").index(i);
            if let Some(net) = parse_ip_cidr(text, "inside CIDR block", &path, diags) {
                if check_inside_size(net, &path, diags) {
                    core_blocks.push(Inside {
                        order: core_blocks.len(),
                        net,
                        label: format!("inside CIDR block {net}"),
                        path,
                    });
                }
            }
        }
        let mut edge_blocks: Vec<Inside> = Vec::new();
        let edges = path.field("edge_locations");
        for (i, edge) in config.edge_locations.iter().enumerate() {
            for (j, text) in edge.inside_cidr_blocks.iter().enumerate() {
                let path = named(&edges, &edge.location, i)
                    .field("inside_cidr_blocks")
                    .index(j);
                let Some(net) = parse_ip_cidr(text, "inside CIDR block", &path, diags) else {
                    continue;
                };
                if !check_inside_size(net, &path, diags) {
                    continue;
                }
                if !core_blocks.is_empty() && !core_blocks.iter().any(|c| c.net.contains(&net)) {
                    let core: Vec<String> = core_blocks.iter().map(|c| c.net.to_string()).collect();
                    diags.push(
                        Diagnostic::error(
                            Code::InsideCidr,
                            path.clone(),
                            format!(
                                "edge {} has inside CIDR block {net}, outside the core network's inside-cidr-blocks ({})",
                                edge.location,
                                core.join(", ")
                            ),
                        )
                        .with_help("take the edge's inside CIDRs from the core network's, or add the block to them"),
                    );
                }
                edge_blocks.push(Inside {
                    order: edge_blocks.len(),
                    net,
                    label: format!("inside CIDR block {net} of edge {}", edge.location),
                    path,
                });
            }
        }
        sweep_inside(&mut core_blocks, diags);
        sweep_inside(&mut edge_blocks, diags);
    }

    // ---- segments and segment actions ----

    fn check_segments(&self, diags: &mut Diagnostics) {
        let list = self.policy.field("segments");
        for (i, segment) in self.core.policy.segments.iter().enumerate() {
            let path = named(&list, &segment.name, i);
            let what = format!("segment {:?}", segment.name);
            for (j, location) in segment.edge_locations.iter().enumerate() {
                if !self.edges.contains(location.as_str()) {
                    self.unknown_edge(
                        location,
                        &what,
                        path.field("edge_locations").index(j),
                        diags,
                    );
                }
            }
            // "allow-filter ... deny-filter ... You can't use both" (the policy parameters
            // page, "segments").
            if !segment.allow_filter.is_empty() && !segment.deny_filter.is_empty() {
                diags.push(
                    Diagnostic::error(
                        Code::SegmentAction,
                        path.field("deny_filter"),
                        format!("{what} has both an allow-filter and a deny-filter"),
                    )
                    .with_help("keep one: list the segments it learns routes from (allow) or those it does not (deny)"),
                );
            }
            for (field, names) in [
                ("allow_filter", &segment.allow_filter),
                ("deny_filter", &segment.deny_filter),
            ] {
                for (j, name) in names.iter().enumerate() {
                    if !self.segments.contains_key(name.as_str()) {
                        self.unknown_segment(name, &what, path.field(field).index(j), diags);
                    }
                }
            }
        }
    }

    /// Checks a `SegmentList` (`"*"` or names) of `what` at `path`.
    fn check_segment_list(
        &self,
        list: &SegmentList,
        what: &str,
        key: &str,
        path: &Path,
        diags: &mut Diagnostics,
    ) {
        let SegmentList::Names(names) = list else {
            return;
        };
        if names.is_empty() {
            diags.push(
                Diagnostic::error(
                    Code::SegmentAction,
                    path.clone(),
                    format!("{what} has an empty {key}"),
                )
                .with_help("name at least one segment, or \"*\" for all"),
            );
        }
        for (j, name) in names.iter().enumerate() {
            if !self.segments.contains_key(name.as_str()) {
                self.unknown_segment(name, what, path.index(j), diags);
            }
        }
    }

    fn check_action(&self, action: &SegmentAction, path: &Path, diags: &mut Diagnostics) {
        let kind = action.action;
        let what = format!("{} of segment {:?}", action_name(kind), action.segment);
        if !self.segments.contains_key(action.segment.as_str()) {
            self.unknown_segment(&action.segment, &what, path.field("segment"), diags);
        }
        // Which action takes which field (the policy parameters page, "segment-actions").
        use ActionKind::{CreateRoute, SendTo, SendVia, Share};
        let fields: [(&'static str, &str, bool, &[ActionKind]); 6] = [
            ("mode", "mode", action.mode.is_some(), &[Share, SendVia]),
            (
                "share_with",
                "share-with",
                action.share_with.is_some(),
                &[Share],
            ),
            (
                "destination_cidr_blocks",
                "destination-cidr-blocks",
                !action.destination_cidr_blocks.is_empty(),
                &[CreateRoute],
            ),
            (
                "destinations",
                "destinations",
                !action.destinations.is_empty(),
                &[CreateRoute],
            ),
            (
                "when_sent_to",
                "when-sent-to",
                action.when_sent_to.is_some(),
                &[SendVia],
            ),
            ("via", "via", action.via.is_some(), &[SendVia, SendTo]),
        ];
        for (field, key, present, takers) in fields {
            if present && !takers.contains(&kind) {
                let takers: Vec<&str> = takers.iter().map(|k| action_name(*k)).collect();
                diags.push(
                    Diagnostic::error(
                        Code::SegmentAction,
                        path.field(field),
                        format!(
                            "{what} has {key}, which only {} takes",
                            takers.join(" and ")
                        ),
                    )
                    .with_help(format!(
                        "remove {key} from the {} action",
                        action_name(kind)
                    )),
                );
            }
        }
        let missing = |field: &'static str, key: &str, help: &str, diags: &mut Diagnostics| {
            diags.push(
                Diagnostic::error(
                    Code::SegmentAction,
                    path.field(field),
                    format!("{what} has no {key}"),
                )
                .with_help(help.to_string()),
            );
        };
        match kind {
            Share => {
                match &action.share_with {
                    None => missing(
                        "share_with",
                        "share-with",
                        "say whom the segment shares with: \"*\", a list of segments, or {\"except\": [...]}",
                        diags,
                    ),
                    Some(ShareWith::Segments(list)) => {
                        self.check_segment_list(list, &what, "share-with", &path.field("share_with"), diags);
                    }
                    Some(ShareWith::Except { except }) => {
                        let except_path = path.field("share_with").field("except");
                        for (j, name) in except.iter().enumerate() {
                            if !self.segments.contains_key(name.as_str()) {
                                self.unknown_segment(name, &what, except_path.index(j), diags);
                            }
                        }
                    }
                }
                if let Some(mode) = action.mode.filter(|m| *m != ActionMode::AttachmentRoute) {
                    diags.push(
                        Diagnostic::error(
                            Code::SegmentAction,
                            path.field("mode"),
                            format!(
                                "{what} has mode {}, but a share takes only attachment-route",
                                mode_name(mode)
                            ),
                        )
                        .with_help("set mode attachment-route, or leave it out"),
                    );
                }
            }
            CreateRoute => self.check_create_route(action, &what, path, diags),
            SendVia => {
                match action.mode {
                    None => missing(
                        "mode",
                        "mode",
                        "set mode single-hop (inspect once, in one edge) or dual-hop (in the source and the destination edge)",
                        diags,
                    ),
                    Some(ActionMode::AttachmentRoute) => diags.push(
                        Diagnostic::error(
                            Code::SegmentAction,
                            path.field("mode"),
                            format!("{what} has mode attachment-route, but a send-via takes single-hop or dual-hop"),
                        )
                        .with_help("set mode single-hop or dual-hop"),
                    ),
                    Some(_) => {}
                }
                match &action.when_sent_to {
                    None => missing(
                        "when_sent_to",
                        "when-sent-to",
                        "name the destination segments whose traffic is inspected, or \"*\"",
                        diags,
                    ),
                    Some(to) => {
                        let to_path = path.field("when_sent_to");
                        self.check_segment_list(
                            &to.segments,
                            &what,
                            "when-sent-to",
                            &to_path.field("segments"),
                            diags,
                        );
                        self.check_intra_segment(action, &to.segments, &what, &to_path, diags);
                    }
                }
                match &action.via {
                    None => missing(
                        "via",
                        "via",
                        "name the network function group that inspects the traffic",
                        diags,
                    ),
                    Some(via) => self.check_via(action, via, &what, &path.field("via"), diags),
                }
            }
            SendTo => match &action.via {
                None => missing(
                    "via",
                    "via",
                    "name the network function group the traffic goes to",
                    diags,
                ),
                Some(via) => self.check_via(action, via, &what, &path.field("via"), diags),
            },
        }
    }

    /// A send-via that inspects traffic within its own segment needs that segment to isolate
    /// its attachments: otherwise they reach each other directly and skip the inspection
    /// ("Isolated attachments is required if you're adding an intra-segment" send-via,
    /// "Add a segment to an AWS Cloud WAN core network policy version"; aws-samples
    /// aws-cloud-wan-blueprints, policy/5-service_insertion.md, "Isolation is a
    /// prerequisite").
    fn check_intra_segment(
        &self,
        action: &SegmentAction,
        to: &SegmentList,
        what: &str,
        path: &Path,
        diags: &mut Diagnostics,
    ) {
        let Some(segment) = self.segments.get(action.segment.as_str()) else {
            return;
        };
        let to_itself = match to {
            SegmentList::All(_) => true,
            SegmentList::Names(names) => names.contains(&action.segment),
        };
        if to_itself && segment.isolate_attachments != Some(true) {
            diags.push(
                Diagnostic::error(
                    Code::InspectionBypass,
                    path.clone(),
                    format!(
                        "{what} inspects traffic to segment {:?} itself, but the segment does not isolate its attachments: they reach each other directly and skip the inspection",
                        action.segment
                    ),
                )
                .with_help("set isolate-attachments on the segment (SegmentBuilder::isolate_attachments), or list only other segments in when-sent-to"),
            );
        }
    }

    fn check_via(
        &self,
        action: &SegmentAction,
        via: &Via,
        what: &str,
        path: &Path,
        diags: &mut Diagnostics,
    ) {
        let groups = path.field("network_function_groups");
        match via.network_function_groups.len() {
            0 => diags.push(
                Diagnostic::error(
                    Code::SegmentAction,
                    groups.clone(),
                    format!("{what} sends via no network function group"),
                )
                .with_help("name the network function group of the inspection attachments"),
            ),
            1 => {}
            // "network-function-groups: The network function group to use for the service
            // insertion action" (the policy parameters page; one group per action).
            n => diags.push(
                Diagnostic::error(
                    Code::SegmentAction,
                    groups.clone(),
                    format!(
                        "{what} names {n} network function groups ({}); a segment action sends through one",
                        via.network_function_groups.join(", ")
                    ),
                )
                .with_help("keep one group per action; put the appliances of one path in one group"),
            ),
        }
        for (j, group) in via.network_function_groups.iter().enumerate() {
            if !self.groups.contains_key(group.as_str()) {
                self.unknown_group(group, what, groups.index(j), diags);
            }
        }
        let overrides = path.field("with_edge_overrides");
        // "For single-hop, packets traverse a single intermediate inserted attachment. You can
        // use EdgeOverride to specify a specific edge to use" (ServiceInsertionAction): with
        // dual-hop both edges inspect, and there is no edge to choose.
        if action.mode == Some(ActionMode::DualHop) && !via.with_edge_overrides.is_empty() {
            diags.push(
                Diagnostic::warning(
                    Code::SegmentAction,
                    overrides.clone(),
                    format!("{what} is dual-hop but has edge overrides, which choose the inspecting edge of single-hop paths only"),
                )
                .with_help("remove the overrides, or make the action single-hop"),
            );
        }
        for (k, o) in via.with_edge_overrides.iter().enumerate() {
            let path = overrides.index(k);
            if o.edge_sets.is_empty() || o.edge_sets.iter().any(Vec::is_empty) {
                diags.push(
                    Diagnostic::error(
                        Code::SegmentAction,
                        path.field("edge_sets"),
                        format!("edge override {k} of {what} has an empty edge set"),
                    )
                    .with_help("each edge set lists the edges (one, or a pair) whose traffic the override covers"),
                );
            }
            for (m, set) in o.edge_sets.iter().enumerate() {
                for (n, location) in set.iter().enumerate() {
                    if !self.edges.contains(location.as_str()) {
                        self.unknown_edge(
                            location,
                            what,
                            path.field("edge_sets").index(m).index(n),
                            diags,
                        );
                    }
                }
            }
            if !self.edges.contains(o.use_edge_location.as_str()) {
                self.unknown_edge(
                    &o.use_edge_location,
                    what,
                    path.field("use_edge_location"),
                    diags,
                );
            }
        }
    }

    /// create-route: "destinations: list of attachment IDs ... or blackhole", and the
    /// Terraform provider's "must be a list of valid attachment ids or a list with only the
    /// word "blackhole"" (attachment ids match `^attachment-[0-9a-f]{17}$`); CIDRs may be
    /// IPv4 or IPv6.
    fn check_create_route(
        &self,
        action: &SegmentAction,
        what: &str,
        path: &Path,
        diags: &mut Diagnostics,
    ) {
        let cidrs = path.field("destination_cidr_blocks");
        if action.destination_cidr_blocks.is_empty() {
            diags.push(
                Diagnostic::error(
                    Code::CreateRoute,
                    cidrs.clone(),
                    format!("{what} has no destination-cidr-blocks"),
                )
                .with_help("list the CIDRs the static route covers"),
            );
        }
        for (j, text) in action.destination_cidr_blocks.iter().enumerate() {
            parse_ip_cidr(text, "static route destination", &cidrs.index(j), diags);
        }
        let destinations = path.field("destinations");
        if action.destinations.is_empty() {
            diags.push(
                Diagnostic::error(
                    Code::CreateRoute,
                    destinations.clone(),
                    format!("{what} has no destinations"),
                )
                .with_help(
                    "list attachment ids (attachment-0123456789abcdef0), or only \"blackhole\"",
                ),
            );
            return;
        }
        let blackholes = action
            .destinations
            .iter()
            .filter(|d| *d == "blackhole")
            .count();
        if blackholes > 0 && action.destinations.len() > 1 {
            diags.push(
                Diagnostic::error(
                    Code::CreateRoute,
                    destinations.clone(),
                    format!(
                        "{what} mixes blackhole with other destinations ({})",
                        action.destinations.join(", ")
                    ),
                )
                .with_help("a static route either drops its CIDRs (only \"blackhole\") or sends them to attachments"),
            );
        }
        let is_attachment_id = |d: &str| {
            d.strip_prefix("attachment-").is_some_and(|hex| {
                hex.len() == 17
                    && hex
                        .bytes()
                        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
            })
        };
        for (j, destination) in action.destinations.iter().enumerate() {
            if destination != "blackhole" && !is_attachment_id(destination) {
                diags.push(
                    Diagnostic::error(
                        Code::CreateRoute,
                        destinations.index(j),
                        format!(
                            "{what} sends to {destination:?}, which is neither an attachment id nor blackhole"
                        ),
                    )
                    .with_help("an attachment id is attachment- and 17 lowercase hex digits"),
                );
            }
        }
    }

    // ---- attachment policies ----

    fn check_attachment_policies(&self, diags: &mut Diagnostics) {
        let list = self.policy.field("attachment_policies");
        let mut rules: IndexMap<u32, usize> = IndexMap::new();
        for (i, rule) in self.core.policy.attachment_policies.iter().enumerate() {
            let path = list.index(i);
            let number = rule.rule_number;
            if number == 0 || number > MAX_RULE_NUMBER {
                diags.push(
                    Diagnostic::error(
                        Code::RuleNumber,
                        path.field("rule_number"),
                        format!("attachment policy {i} has rule number {number}, outside 1-65535"),
                    )
                    .with_help(
                        "number the rules from 1 to 65535; lower numbers are evaluated first",
                    ),
                );
            } else if let Some(first) = rules.insert(number, i) {
                diags.push(
                    Diagnostic::error(
                        Code::RuleNumber,
                        path.field("rule_number"),
                        format!(
                            "rule number {number} is used by attachment policies {first} and {i}"
                        ),
                    )
                    .with_help("give each attachment policy its own rule number"),
                );
            }
            self.check_conditions(rule, &path, diags);
            self.check_attachment_action(rule, &rule.action, &path.field("action"), diags);
        }
    }

    fn check_conditions(&self, rule: &AttachmentPolicy, path: &Path, diags: &mut Diagnostics) {
        let number = rule.rule_number;
        if rule.conditions.is_empty() {
            diags.push(
                Diagnostic::error(
                    Code::PolicyCondition,
                    path.field("conditions"),
                    format!("attachment policy {number} has no condition"),
                )
                .with_help("add a condition; {\"type\": \"any\"} matches every attachment"),
            );
        }
        // "condition-logic ... mandatory only with more than one condition" (the policy
        // parameters page, "attachment-policies").
        if rule.conditions.len() > 1 && rule.condition_logic.is_none() {
            diags.push(
                Diagnostic::error(
                    Code::PolicyCondition,
                    path.field("condition_logic"),
                    format!(
                        "attachment policy {number} has {} conditions but no condition-logic",
                        rule.conditions.len()
                    ),
                )
                .with_help("set condition-logic to and (all conditions) or or (any)"),
            );
        }
        for (j, condition) in rule.conditions.iter().enumerate() {
            check_condition(number, condition, &path.field("conditions").index(j), diags);
        }
    }

    fn check_attachment_action(
        &self,
        rule: &AttachmentPolicy,
        action: &AttachmentAction,
        path: &Path,
        diags: &mut Diagnostics,
    ) {
        let number = rule.rule_number;
        let what = format!("attachment policy {number}");
        let group = action.add_to_network_function_group.as_deref();
        let to_segment = action.association_method.is_some()
            || action.segment.is_some()
            || action.tag_value_of_key.is_some();
        // "An attachment can be associated only with a segment or a network functions group,
        // but not both" ("Create a network function group in an AWS Cloud WAN policy
        // version").
        match (group, to_segment) {
            (Some(group), true) => diags.push(
                Diagnostic::error(
                    Code::AttachmentAction,
                    path.clone(),
                    format!("{what} places attachments both in a segment and in network function group {group:?}"),
                )
                .with_help("an attachment joins a segment or a network function group, never both: keep one"),
            ),
            (None, false) => diags.push(
                Diagnostic::error(
                    Code::AttachmentAction,
                    path.clone(),
                    format!("{what} places attachments in no segment and no network function group"),
                )
                .with_help("set association-method constant with a segment, association-method tag with tag-value-of-key, or add-to-network-function-group"),
            ),
            _ => {}
        }
        if to_segment {
            let error =
                |field: &'static str, message: String, help: &str, diags: &mut Diagnostics| {
                    diags.push(
                        Diagnostic::error(Code::AttachmentAction, path.field(field), message)
                            .with_help(help.to_string()),
                    );
                };
            match action.association_method {
                None => error(
                    "association_method",
                    format!("{what} names a segment but has no association-method"),
                    "set association-method constant (with segment) or tag (with tag-value-of-key)",
                    diags,
                ),
                Some(AssociationMethod::Constant) => {
                    if action.segment.is_none() {
                        error(
                            "segment",
                            format!("{what} has association-method constant but no segment"),
                            "name the segment",
                            diags,
                        );
                    }
                    if action.tag_value_of_key.is_some() {
                        error(
                            "tag_value_of_key",
                            format!("{what} has association-method constant, which takes no tag-value-of-key"),
                            "remove tag-value-of-key, or use association-method tag",
                            diags,
                        );
                    }
                }
                Some(AssociationMethod::Tag) => {
                    if action.tag_value_of_key.is_none() {
                        error(
                            "tag_value_of_key",
                            format!("{what} has association-method tag but no tag-value-of-key"),
                            "name the tag whose value is the segment",
                            diags,
                        );
                    }
                    if action.segment.is_some() {
                        error(
                            "segment",
                            format!("{what} has association-method tag, which takes no segment"),
                            "remove segment (the tag's value names it), or use association-method constant",
                            diags,
                        );
                    }
                }
            }
        }
        // "the property must be omitted or the value must be true" (the service's error,
        // hashicorp/terraform-provider-aws#26009).
        if action.require_acceptance == Some(false) {
            diags.push(
                Diagnostic::error(
                    Code::AttachmentAction,
                    path.field("require_acceptance"),
                    format!("{what} sets require-acceptance to false, which AWS refuses"),
                )
                .with_help("leave require-acceptance out (the segment's require-attachment-acceptance applies), or set it to true"),
            );
        }
        if action.association_method != Some(AssociationMethod::Tag) {
            if let Some(segment) = &action.segment {
                if !self.segments.contains_key(segment.as_str()) {
                    self.unknown_segment(segment, &what, path.field("segment"), diags);
                }
            }
        }
        if let Some(group) = group {
            if !self.groups.contains_key(group) {
                self.unknown_group(
                    group,
                    &what,
                    path.field("add_to_network_function_group"),
                    diags,
                );
            }
        }
    }

    // ---- attachments ----

    fn vpc_cidr(&self, vpc_index: usize) -> Option<Ipv4Net> {
        self.plan.vpcs.get(vpc_index)?.as_ref().map(|p| p.cidr)
    }

    fn check_attachments(&self, diags: &mut Diagnostics) -> Vec<Placed<'a>> {
        let list = self.root.field("attachments");
        let mut seen: IndexMap<&str, usize> = IndexMap::new();
        let mut placed = Vec::new();
        for (i, attachment) in self.core.attachments.iter().enumerate() {
            let path = named(&list, &attachment.vpc, i);
            if let Some(first) = seen.insert(attachment.vpc.as_str(), i) {
                diags.push(
                    Diagnostic::error(
                        Code::AttachmentPlacement,
                        path,
                        format!(
                            "vpc {:?} is attached to core network {:?} twice (attachments {first} and {i})",
                            attachment.vpc, self.core.name
                        ),
                    )
                    .with_help("a VPC attaches to the core network once; remove one"),
                );
                continue;
            }
            let Some((vpc_index, vpc)) = self.vpcs.get(&attachment.vpc) else {
                diags.push(
                    Diagnostic::error(
                        Code::UnknownReference,
                        path.field("vpc"),
                        format!(
                            "core network {:?} attaches vpc {:?}, which the network does not declare",
                            self.core.name, attachment.vpc
                        ),
                    )
                    .with_help("declare the VPC, or fix the name"),
                );
                continue;
            };
            if !self.shared_with(&vpc.account) {
                diags.push(
                    Diagnostic::error(
                        Code::NotShared,
                        path.field("vpc"),
                        format!(
                            "vpc {:?} is in account {:?}, but core network {:?} (account {:?}) is not shared with it",
                            vpc.name, vpc.account, self.core.name, self.core.account
                        ),
                    )
                    .with_help(format!(
                        "add {:?} (or its OU, or the organization) to the core network's share_with",
                        vpc.account
                    )),
                );
            }
            check_attachment_subnets(vpc, &attachment.subnet_group, &path, diags);
            self.check_vpc_routes(vpc, vpc_index, &attachment.vpc_routes, &path, diags);
            // "Regions can't be removed until the associated attachments are deleted" (the
            // policy parameters page), and a VPC attaches only to the edge of its region: an
            // attachment outside the edges cannot be created, and removing an edge that still
            // has attachments fails with ORPHANED_ATTACHMENT
            // (hashicorp/terraform-provider-aws#29707).
            if !self.edges.contains(vpc.region.as_str()) {
                diags.push(
                    Diagnostic::error(
                        Code::AttachmentEdge,
                        path.clone(),
                        format!(
                            "vpc {:?} is in {}, which is not an edge location of core network {:?} ({}): the attachment cannot be created",
                            vpc.name,
                            vpc.region,
                            self.core.name,
                            self.edge_list()
                        ),
                    )
                    .with_help(format!(
                        "add {} to core-network-configuration.edge-locations; to remove an edge later, delete its attachments first (removing an edge that still has attachments fails)",
                        vpc.region
                    )),
                );
            }
            let (node, known) = self.place(attachment, vpc, &path, diags);
            let lands_in_group = node.is_some_and(|n| n >= self.segments.len());
            let inspection = self.inspections.get(vpc.name.as_str());
            if (lands_in_group || inspection.is_some()) && !attachment.appliance_mode {
                diags.push(
                    Diagnostic::error(
                        Code::ApplianceMode,
                        path.field("appliance_mode"),
                        format!(
                            "the attachment of {} vpc {:?} to core network {:?} has appliance mode off: the core network may send the two directions of a flow to endpoints in different AZs, and stateful inspection drops them",
                            if inspection.is_some() { "inspection" } else { "network function" },
                            vpc.name,
                            self.core.name
                        ),
                    )
                    .with_help("turn on appliance mode for the attachment (CwAttachmentBuilder::appliance_mode)"),
                );
            }
            placed.push(Placed {
                name: attachment.vpc.as_str(),
                vpc,
                vpc_index,
                node,
                known,
            });
        }
        placed
    }

    /// Places an attachment by the attachment policies and checks where it lands. Returns its
    /// route table (segment or group node), if any, and whether the policies decide it before
    /// deploy.
    fn place(
        &self,
        attachment: &crate::cloudwan::CwAttachment,
        vpc: &Vpc,
        path: &Path,
        diags: &mut Diagnostics,
    ) -> (Option<usize>, bool) {
        // Without the account's id the account-id conditions cannot be evaluated; the unknown
        // account is reported on the VPC.
        let Some(account) = self.accounts.get(vpc.account.as_str()) else {
            return (None, false);
        };
        // The tags the attachment carries: the network's, the VPC's, then its own (later
        // wins), as the renderers tag it.
        let mut tags: Tags = self.network.tags.clone();
        tags.extend(vpc.tags.iter().map(|(k, v)| (k.clone(), v.clone())));
        tags.extend(attachment.tags.iter().map(|(k, v)| (k.clone(), v.clone())));
        let facts = AttachmentFacts {
            tags: &tags,
            account_id: &account.id,
            region: &vpc.region,
            attachment_type: "vpc",
        };
        // Where it lands, for an inspection VPC that should land in a group.
        let (node, lands) = match self.core.policy.place(&facts) {
            PolicyMatch::Undetermined(_) => return (None, false),
            PolicyMatch::Unmatched => {
                let tag_text: Vec<String> = tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
                diags.push(
                    Diagnostic::warning(
                        Code::UnplacedAttachment,
                        path.clone(),
                        format!(
                            "the attachment of vpc {:?} (tags: {}) matches no attachment policy of core network {:?}: it joins no segment and routes nothing",
                            vpc.name,
                            if tag_text.is_empty() { "none".to_string() } else { tag_text.join(", ") },
                            self.core.name
                        ),
                    )
                    .with_help("tag the attachment (CwAttachmentBuilder::tag) so a rule matches it, or add an attachment policy for it"),
                );
                (None, Some("no segment or group".to_string()))
            }
            PolicyMatch::Matched(_, Joins::Group(group)) => (
                self.groups
                    .get_index_of(group.as_str())
                    .map(|g| self.segments.len() + g),
                None,
            ),
            PolicyMatch::Matched(rule, Joins::Segment(name)) => {
                let lands = Some(format!("segment {name:?}"));
                match self.segments.get_full(name.as_str()) {
                    Some((index, _, segment)) => {
                        self.check_segment_edge(vpc, segment, rule, path, diags);
                        (Some(index), lands)
                    }
                    None => {
                        // A constant segment is reported at the policy; a tag's value here.
                        if rule.action.association_method == Some(AssociationMethod::Tag) {
                            let key = rule.action.tag_value_of_key.as_deref().unwrap_or_default();
                            diags.push(
                                Diagnostic::error(
                                    Code::UnknownSegment,
                                    path.clone(),
                                    format!(
                                        "the attachment of vpc {:?} takes segment {name:?} from its tag {key:?} (attachment policy {}), but the policy declares no segment {name:?}",
                                        vpc.name, rule.rule_number
                                    ),
                                )
                                .with_help(format!(
                                    "set the tag to a segment name exactly; {}",
                                    self.segment_list()
                                )),
                            );
                        }
                        (None, lands)
                    }
                }
            }
        };
        let is_inspection = self.inspections.contains_key(vpc.name.as_str());
        if let (true, Some(lands)) = (is_inspection, lands) {
            diags.push(
                Diagnostic::error(
                    Code::InspectionLayout,
                    path.clone(),
                    format!(
                        "inspection vpc {:?} is attached to core network {:?} but lands in {lands}, not a network function group: no traffic is sent through it",
                        vpc.name, self.core.name
                    ),
                )
                .with_help("tag its attachment so an attachment policy with add-to-network-function-group places it, before any segment rule (lower rule number)"),
            );
        }
        (node, true)
    }

    /// A segment that lists edge locations exists only there: an attachment in another
    /// region cannot join it.
    fn check_segment_edge(
        &self,
        vpc: &Vpc,
        segment: &PolicySegment,
        rule: &AttachmentPolicy,
        path: &Path,
        diags: &mut Diagnostics,
    ) {
        if segment.edge_locations.is_empty()
            || segment.edge_locations.contains(&vpc.region)
            || !self.edges.contains(vpc.region.as_str())
        {
            return;
        }
        diags.push(
            Diagnostic::error(
                Code::AttachmentEdge,
                path.clone(),
                format!(
                    "the attachment of vpc {:?} in {} joins segment {:?} (attachment policy {}), which exists only in {}",
                    vpc.name,
                    vpc.region,
                    segment.name,
                    rule.rule_number,
                    segment.edge_locations.join(", ")
                ),
            )
            .with_help(format!(
                "add {} to the segment's edge-locations, or place the attachment in another segment",
                vpc.region
            )),
        );
    }

    fn check_vpc_routes(
        &self,
        vpc: &Vpc,
        vpc_index: usize,
        routes: &[String],
        path: &Path,
        diags: &mut Diagnostics,
    ) {
        let mut seen: IndexSet<Ipv4Net> = IndexSet::new();
        for (i, route) in routes.iter().enumerate() {
            let path = path.field("vpc_routes").index(i);
            let Some(net) = parse_cidr(route, "vpc route", &path, diags) else {
                continue;
            };
            if !seen.insert(net) {
                diags.push(
                    Diagnostic::error(
                        Code::VpcRouteConflict,
                        path.clone(),
                        format!("vpc {:?} routes {net} to the core network twice", vpc.name),
                    )
                    .with_help("remove the repeated route"),
                );
            }
            if let Some(cidr) = self.vpc_cidr(vpc_index) {
                if cidr.contains(&net) {
                    diags.push(
                        Diagnostic::error(
                            Code::VpcRouteConflict,
                            path.clone(),
                            format!(
                                "vpc {:?} sends {net} to the core network, but that is inside its own CIDR {cidr}, which the local route carries",
                                vpc.name
                            ),
                        )
                        .with_help("route only destinations outside the VPC to the core network"),
                    );
                }
            }
            if net.prefix_len() == 0 && vpc.nat != NatMode::None {
                diags.push(
                    Diagnostic::error(
                        Code::VpcRouteConflict,
                        path.clone(),
                        format!(
                            "vpc {:?} sends 0.0.0.0/0 to the core network but also has its own NAT gateways, which take the same route",
                            vpc.name
                        ),
                    )
                    .with_help("with centralized egress set the spoke's nat to none; otherwise route only internal prefixes to the core network"),
                );
            }
        }
    }

    // ---- where traffic goes ----

    /// The segments a segment list covers, by index (`"*"` is every segment).
    fn resolve(&self, list: &SegmentList) -> Vec<usize> {
        match list {
            SegmentList::All(_) => (0..self.segments.len()).collect(),
            SegmentList::Names(names) => names
                .iter()
                .filter_map(|n| self.segments.get_index_of(n.as_str()))
                .collect(),
        }
    }

    /// The known groups of a via, as nodes.
    fn via_nodes(&self, via: Option<&Via>) -> Vec<usize> {
        via.map(|v| {
            v.network_function_groups
                .iter()
                .filter_map(|g| self.groups.get_index_of(g.as_str()))
                .map(|g| self.segments.len() + g)
                .collect()
        })
        .unwrap_or_default()
    }

    /// NF0714: a group that segments send traffic to needs attachments, or the traffic is
    /// dropped ("Service insertion policy needs an attachment in the NFG", AWS Cloud WAN
    /// User Guide, "Network function groups"); with dual-hop, in every region of the
    /// segments' attachments ("This mode requires that an inspection attachment must be
    /// present in all Regions of the service insertion-enabled segments",
    /// ServiceInsertionAction). Warnings: attachments netform does not model (Connect) may
    /// join the group.
    fn check_groups_used(&self, placed: &[Placed<'_>], diags: &mut Diagnostics) {
        let s = self.segments.len();
        let mut regions: Vec<IndexSet<&str>> = vec![IndexSet::new(); s + self.groups.len()];
        for p in placed {
            if let Some(node) = p.node {
                regions[node].insert(p.vpc.region.as_str());
            }
        }
        // An attachment placed only at deploy may join any group.
        if placed.iter().any(|p| !p.known) {
            return;
        }
        let mut warned: IndexSet<usize> = IndexSet::new();
        for (i, action) in self.core.policy.segment_actions.iter().enumerate() {
            if !matches!(action.action, ActionKind::SendVia | ActionKind::SendTo) {
                continue;
            }
            let what = format!(
                "{} of segment {:?}",
                action_name(action.action),
                action.segment
            );
            for g in self.via_nodes(action.via.as_ref()) {
                let (name, _) = self.groups.get_index(g - s).expect("a group node");
                if regions[g].is_empty() {
                    if warned.insert(g) {
                        diags.push(
                            Diagnostic::warning(
                                Code::EmptyFunctionGroup,
                                named(&self.policy.field("network_function_groups"), name, g - s),
                                format!(
                                    "network function group {name:?} has no attachment, but the {what} sends traffic to it: the traffic is dropped"
                                ),
                            )
                            .with_help("attach the group's VPC (inspection or egress) and place it in the group with an attachment policy"),
                        );
                    }
                    continue;
                }
                if action.action != ActionKind::SendVia || action.mode != Some(ActionMode::DualHop)
                {
                    continue;
                }
                let mut segments: Vec<usize> = self
                    .segments
                    .get_index_of(action.segment.as_str())
                    .into_iter()
                    .collect();
                if let Some(to) = &action.when_sent_to {
                    segments.extend(self.resolve(&to.segments));
                }
                let mut missing: IndexSet<&str> = IndexSet::new();
                for seg in segments {
                    missing.extend(regions[seg].iter().filter(|r| !regions[g].contains(*r)));
                }
                if !missing.is_empty() {
                    let missing: Vec<&str> = missing.into_iter().collect();
                    let present: Vec<&str> = regions[g].iter().copied().collect();
                    diags.push(
                        Diagnostic::warning(
                            Code::EmptyFunctionGroup,
                            self.policy.field("segment_actions").index(i),
                            format!(
                                "the dual-hop {what} needs network function group {name:?} in every region of its segments' attachments, but the group has none in {} (only in {})",
                                missing.join(", "),
                                present.join(", ")
                            ),
                        )
                        .with_help("attach an inspection VPC to the group in those regions, or make the action single-hop"),
                    );
                }
            }
        }
    }

    /// NF0611: a spoke with its own NAT gateways in a segment whose internet traffic is sent
    /// to an egress inspection VPC's group has an internet path around the inspection.
    fn check_egress_bypass(&self, placed: &[Placed<'_>], diags: &mut Diagnostics) {
        let s = self.segments.len();
        let egress_groups: IndexMap<usize, &str> = placed
            .iter()
            .filter(|p| p.node.is_some_and(|n| n >= s))
            .filter(|p| self.inspections.get(p.vpc.name.as_str()) == Some(&true))
            .filter_map(|p| Some((p.node?, p.name)))
            .collect();
        if egress_groups.is_empty() {
            return;
        }
        let mut egress_segments: IndexMap<usize, &str> = IndexMap::new();
        for action in &self.core.policy.segment_actions {
            if action.action != ActionKind::SendTo {
                continue;
            }
            let Some(segment) = self.segments.get_index_of(action.segment.as_str()) else {
                continue;
            };
            for g in self.via_nodes(action.via.as_ref()) {
                if let Some(inspection) = egress_groups.get(&g) {
                    egress_segments.entry(segment).or_insert(inspection);
                }
            }
        }
        for p in placed {
            let Some(inspection) = p.node.and_then(|n| egress_segments.get(&n)) else {
                continue;
            };
            if p.vpc.nat == NatMode::None {
                continue;
            }
            let segment = self
                .segments
                .get_index(p.node.unwrap_or_default())
                .map_or("", |(k, _)| k);
            diags.push(
                Diagnostic::error(
                    Code::InspectionBypass,
                    Path::root().field("vpcs").key(&p.vpc.name).field("nat"),
                    format!(
                        "vpc {:?} has its own NAT gateways, an internet path that skips inspection vpc {inspection:?}, the egress of segment {segment:?} on core network {:?}",
                        p.vpc.name, self.core.name
                    ),
                )
                .with_help("set the spoke's nat to none and send 0.0.0.0/0 to the core network"),
            );
        }
    }

    /// NF0711: two VPCs whose CIDRs overlap are an error where one route table holds both.
    /// Sharing is not transitive: "Only attachment routes (routes to directly connected
    /// attachments) are shared between segments" ("Add segment actions in an AWS Cloud WAN
    /// core network policy version").
    /// A segment's table holds its own attachments (unless it isolates them), those of the
    /// segments that share with it (a share goes both ways, each side filtered by its own
    /// allow/deny filter) and those of the segments a send-via joins it with; a network
    /// function group's table holds its own attachments and those of every segment that
    /// sends via or to it. Isolated segments may therefore reuse address space, as long as no
    /// table holds two of their attachments. Sort and sweep per table.
    fn check_overlaps(&self, placed: &[Placed<'_>], diags: &mut Diagnostics) {
        let s = self.segments.len();
        let nodes = s + self.groups.len();
        let mut members: Vec<IndexSet<usize>> = vec![IndexSet::new(); nodes];
        let segments: Vec<&PolicySegment> = self.segments.values().copied().collect();
        for (i, segment) in segments.iter().enumerate() {
            if segment.isolate_attachments != Some(true) {
                members[i].insert(i);
            }
        }
        for (g, table) in members.iter_mut().enumerate().skip(s) {
            table.insert(g);
        }
        // Whether `to` takes routes from the segment `from` (its allow/deny filter).
        let accepts = |to: &PolicySegment, from: &str| {
            if to.allow_filter.is_empty() {
                !to.deny_filter.iter().any(|d| d == from)
            } else {
                to.allow_filter.iter().any(|a| a == from)
            }
        };
        for action in &self.core.policy.segment_actions {
            let Some(a) = self.segments.get_index_of(action.segment.as_str()) else {
                continue;
            };
            match action.action {
                ActionKind::Share => {
                    let others: Vec<usize> = match &action.share_with {
                        None => Vec::new(),
                        Some(ShareWith::Segments(list)) => self.resolve(list),
                        Some(ShareWith::Except { except }) => (0..s)
                            .filter(|&b| !except.iter().any(|e| e == segments[b].name.as_str()))
                            .collect(),
                    };
                    for b in others.into_iter().filter(|&b| b != a) {
                        if accepts(segments[b], &segments[a].name) {
                            members[b].insert(a);
                        }
                        if accepts(segments[a], &segments[b].name) {
                            members[a].insert(b);
                        }
                    }
                }
                ActionKind::SendVia => {
                    let groups = self.via_nodes(action.via.as_ref());
                    let to = action
                        .when_sent_to
                        .as_ref()
                        .map(|w| self.resolve(&w.segments))
                        .unwrap_or_default();
                    for &g in &groups {
                        members[g].insert(a);
                    }
                    for b in to {
                        if b != a {
                            members[a].insert(b);
                            members[b].insert(a);
                        }
                        for &g in &groups {
                            members[g].insert(b);
                        }
                    }
                }
                ActionKind::SendTo => {
                    for g in self.via_nodes(action.via.as_ref()) {
                        members[g].insert(a);
                    }
                }
                ActionKind::CreateRoute => {}
            }
        }
        let mut by_node: Vec<Vec<(Ipv4Net, usize)>> = vec![Vec::new(); nodes];
        for (p, placed_one) in placed.iter().enumerate() {
            if let (Some(node), Some(cidr)) = (placed_one.node, self.vpc_cidr(placed_one.vpc_index))
            {
                by_node[node].push((cidr, p));
            }
        }
        let node_name = |n: usize| -> String {
            if n < s {
                format!("segment {:?}", segments[n].name)
            } else {
                let (name, _) = self.groups.get_index(n - s).expect("a group node");
                format!("network function group {name:?}")
            }
        };
        let mut reported: IndexSet<(usize, usize)> = IndexSet::new();
        for (table, table_members) in members.iter().enumerate() {
            // A group's own attachments (inspection VPCs of several regions) are not routed
            // to each other.
            let own_apart = table >= s;
            let mut items: Vec<(Ipv4Net, usize, usize)> = table_members
                .iter()
                .flat_map(|&m| by_node[m].iter().map(move |&(net, p)| (net, p, m)))
                .collect();
            if items.len() < 2 {
                continue;
            }
            items.sort_by_key(|&(net, p, _)| (net.network(), net.prefix_len(), p));
            let mut reach_any: Option<usize> = None;
            let mut reach_other: Option<usize> = None;
            for i in 0..items.len() {
                let own = own_apart && items[i].2 == table;
                let against = if own { reach_other } else { reach_any };
                if let Some(r) = against {
                    if items[r].0.contains(&items[i].0.network()) {
                        let (x, y) = (items[r].1.min(items[i].1), items[r].1.max(items[i].1));
                        if reported.insert((x, y)) {
                            let (first, second) = (&placed[x], &placed[y]);
                            let (first_net, second_net) = if items[r].1 == x {
                                (items[r].0, items[i].0)
                            } else {
                                (items[i].0, items[r].0)
                            };
                            let first_node = first.node.map(node_name).unwrap_or_default();
                            let second_node = second.node.map(node_name).unwrap_or_default();
                            diags.push(
                                Diagnostic::error(
                                    Code::SegmentOverlap,
                                    named(&self.root.field("attachments"), second.name, y),
                                    format!(
                                        "vpc {:?} {second_net} ({second_node}) overlaps vpc {:?} {first_net} ({first_node}), and the route table of {} holds both",
                                        second.name,
                                        first.name,
                                        node_name(table)
                                    ),
                                )
                                .with_help("give one of them other addresses, or keep them in isolated segments that no route table joins"),
                            );
                        }
                    }
                }
                let reaches_further = |r: Option<usize>| {
                    r.is_none_or(|r| items[i].0.broadcast() > items[r].0.broadcast())
                };
                if reaches_further(reach_any) {
                    reach_any = Some(i);
                }
                if !own && reaches_further(reach_other) {
                    reach_other = Some(i);
                }
            }
        }
    }
}

/// Checks one condition of attachment policy `rule` ("Attachment policies" on the policy
/// parameters page; the Terraform provider enforces the same field matrix: `tag-value` takes
/// key, operator and value; `tag-exists` a key only; `account-id`, `region` and `resource-id`
/// an operator and a value; `attachment-type` a value and the operator `equals`; `any`
/// nothing).
fn check_condition(rule: u32, condition: &Condition, path: &Path, diags: &mut Diagnostics) {
    #[derive(PartialEq)]
    enum Takes {
        Required,
        Forbidden,
    }
    use Takes::{Forbidden as No, Required as Yes};
    let kind = condition.kind.as_str();
    let (key, operator, value) = match condition.kind {
        ConditionType::TagValue => (Yes, Yes, Yes),
        ConditionType::TagExists => (Yes, No, No),
        ConditionType::AccountId
        | ConditionType::Region
        | ConditionType::ResourceId
        | ConditionType::AttachmentType => (No, Yes, Yes),
        ConditionType::Any => (No, No, No),
    };
    let given = |s: &Option<String>| s.as_deref().is_some_and(|s| !s.is_empty());
    for (field, takes, present) in [
        ("key", key, given(&condition.key)),
        ("operator", operator, condition.operator.is_some()),
        ("value", value, given(&condition.value)),
    ] {
        let message = match (takes, present) {
            (Yes, false) => {
                format!("the {kind} condition of attachment policy {rule} has no {field}")
            }
            (No, true) => {
                format!("the {kind} condition of attachment policy {rule} takes no {field}")
            }
            _ => continue,
        };
        let help = match condition.kind {
            ConditionType::TagValue => "a tag-value condition takes a key, an operator and a value",
            ConditionType::TagExists => "a tag-exists condition takes only a key",
            ConditionType::AttachmentType => {
                "an attachment-type condition takes the operator equals and a value"
            }
            ConditionType::Any => "an any condition takes no other field",
            _ => "this condition takes an operator and a value, no key",
        };
        diags.push(
            Diagnostic::error(Code::PolicyCondition, path.field(field), message).with_help(help),
        );
    }
    let value = condition.value.as_deref().unwrap_or_default();
    match condition.kind {
        ConditionType::AttachmentType => {
            if let Some(op) = condition.operator.filter(|op| *op != Operator::Equals) {
                diags.push(
                    Diagnostic::error(
                        Code::PolicyCondition,
                        path.field("operator"),
                        format!(
                            "an attachment-type condition of attachment policy {rule} has operator {}, but attachment-type takes only equals",
                            op.as_str()
                        ),
                    )
                    .with_help("use equals"),
                );
            }
            if !value.is_empty() && !ATTACHMENT_TYPES.contains(&value) {
                diags.push(
                    Diagnostic::error(
                        Code::PolicyCondition,
                        path.field("value"),
                        format!("attachment type {value:?} in attachment policy {rule} is not one Cloud WAN has"),
                    )
                    .with_help(format!("use one of {}", ATTACHMENT_TYPES.join(", "))),
                );
            }
        }
        ConditionType::AccountId
            if matches!(
                condition.operator,
                Some(Operator::Equals | Operator::NotEquals)
            ) && !value.is_empty()
                && !(value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit())) =>
        {
            diags.push(
                Diagnostic::error(
                    Code::PolicyCondition,
                    path.field("value"),
                    format!("account id {value:?} in attachment policy {rule} is not 12 digits"),
                )
                .with_help("an AWS account id is exactly 12 digits, leading zeros included"),
            );
        }
        ConditionType::Region
            if condition.operator == Some(Operator::Equals)
                && !value.is_empty()
                && region(value).is_none() =>
        {
            diags.push(
                Diagnostic::error(
                    Code::PolicyCondition,
                    path.field("value"),
                    format!("region {value:?} in attachment policy {rule} is not an AWS region netform knows"),
                )
                .with_help("use a region code such as us-east-1"),
            );
        }
        _ => {}
    }
}

/// A hub attachment's subnet group (Transit Gateway or core network): known, of tier
/// `transit`, with a subnet in every AZ of the VPC (resources in an AZ reach the attachment
/// only through a subnet of it in that AZ).
pub(super) fn check_attachment_subnets(
    vpc: &Vpc,
    group: &str,
    path: &Path,
    diags: &mut Diagnostics,
) {
    let path = path.field("subnet_group");
    let Some(found) = vpc.subnet_groups.iter().find(|g| g.name == group) else {
        let groups: Vec<&str> = vpc.subnet_groups.iter().map(|g| g.name.as_str()).collect();
        diags.push(
            Diagnostic::error(
                Code::UnknownSubnetGroup,
                path,
                format!("vpc {:?} has no subnet group {group:?}", vpc.name),
            )
            .with_help(format!(
                "add a transit subnet group (a /28 per AZ); its groups: {}",
                groups.join(", ")
            )),
        );
        return;
    };
    if found.tier != Tier::Transit {
        diags.push(
            Diagnostic::error(
                Code::AttachmentSubnets,
                path.clone(),
                format!(
                    "the attachment of vpc {:?} uses subnet group {group:?} of tier {}, not a dedicated transit group",
                    vpc.name,
                    found.tier.as_str()
                ),
            )
            .with_help("give the attachment its own transit subnet group (a /28 per AZ): its route table is then the attachment's, not the workloads'"),
        );
    }
    if let SubnetSize::Pinned(cidrs) = &found.size {
        for az in vpc.azs.iter().skip(cidrs.len()) {
            diags.push(
                Diagnostic::error(
                    Code::AttachmentSubnets,
                    path.clone(),
                    format!(
                        "attachment subnet group {group:?} of vpc {:?} has no subnet in {az}, where the VPC has subnets: traffic from {az} cannot reach the attachment",
                        vpc.name
                    ),
                )
                .with_help("pin one attachment subnet per AZ of the VPC"),
            );
        }
    }
}

/// Parses an IPv4 or IPv6 CIDR written by the user, reporting a syntax error or host bits at
/// `path` (as `parse_cidr` does for IPv4).
fn parse_ip_cidr(text: &str, what: &str, path: &Path, diags: &mut Diagnostics) -> Option<IpNet> {
    let Ok(net) = text.parse::<IpNet>() else {
        diags.push(
            Diagnostic::error(
                Code::CidrSyntax,
                path.clone(),
                format!("{what} {text:?} is not an IPv4 or IPv6 CIDR"),
            )
            .with_help(
                "write it as an address and a prefix length, such as 10.0.0.0/16 or fd00::/64",
            ),
        );
        return None;
    };
    if net.trunc() != net {
        diags.push(
            Diagnostic::error(
                Code::CidrHostBits,
                path.clone(),
                format!(
                    "{what} {net} has host bits set after the /{}",
                    net.prefix_len()
                ),
            )
            .with_help(format!("did you mean {}?", net.trunc())),
        );
        return None;
    }
    Some(net)
}

/// An inside CIDR block, with what to call it and where it is.
struct Inside {
    order: usize,
    net: IpNet,
    label: String,
    path: Path,
}

fn check_inside_size(net: IpNet, path: &Path, diags: &mut Diagnostics) -> bool {
    let (min, family) = match net {
        IpNet::V4(_) => (MIN_INSIDE_PREFIX.0, "IPv4"),
        IpNet::V6(_) => (MIN_INSIDE_PREFIX.1, "IPv6"),
    };
    if net.prefix_len() <= min {
        return true;
    }
    diags.push(
        Diagnostic::error(
            Code::InsideCidr,
            path.clone(),
            format!("inside CIDR block {net} is smaller than the /{min} an {family} inside block needs at least"),
        )
        .with_help(format!("use a /{min} or a larger block; Cloud WAN gives each edge a /{min} from it")),
    );
    false
}

/// Reports each inside block that overlaps an earlier one (sort and sweep; IPv4 sorts before
/// IPv6, and blocks of different families never contain each other).
fn sweep_inside(items: &mut [Inside], diags: &mut Diagnostics) {
    items.sort_by_key(|b| (b.net.network(), b.net.prefix_len(), b.order));
    let mut reach: Option<usize> = None;
    for i in 0..items.len() {
        if let Some(r) = reach {
            if items[r].net.contains(&items[i].net.network()) {
                let (first, second) = if items[r].order < items[i].order {
                    (&items[r], &items[i])
                } else {
                    (&items[i], &items[r])
                };
                diags.push(
                    Diagnostic::error(
                        Code::InsideCidr,
                        second.path.clone(),
                        format!("{} overlaps {}", second.label, first.label),
                    )
                    .with_help("give each block its own addresses"),
                );
                continue;
            }
        }
        if reach.is_none_or(|r| items[i].net.broadcast() > items[r].net.broadcast()) {
            reach = Some(i);
        }
    }
}
