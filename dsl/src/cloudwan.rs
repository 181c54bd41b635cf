//! The Cloud WAN model: a global network with one core network, owned by the network account,
//! its typed policy ([`CorePolicy`]), the AWS RAM share that lets workload accounts attach,
//! and the VPC attachments, whose tags the policy's attachment rules read to place each one in
//! a segment or a network function group.

use crate::model::Tags;
use crate::policy::{
    ActionKind, ActionMode, All, AttachmentAction, AttachmentPolicy, Condition, ConditionLogic,
    ConditionType, CoreNetworkConfiguration, CorePolicy, EdgeLocation, EdgeOverride,
    NetworkFunctionGroup, PolicySegment, PolicyVersion, SegmentAction, SegmentList, ShareWith, Via,
    WhenSentTo,
};
use serde::{Deserialize, Serialize};

/// A global network and its core network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoreNetwork {
    /// The core network's name (the global network is named after it).
    pub name: String,
    /// The alias of the account that owns it (the network account).
    pub account: String,
    /// The region whose stack (or provider) declares the global network, the core network
    /// and the RAM share. Both are global resources; AWS RAM shares a core network only from
    /// us-east-1.
    pub home_region: String,
    /// RAM principals the core network is shared with: account aliases of the network,
    /// 12-digit account ids, OU ARNs or the organization ARN.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub share_with: Vec<String>,
    /// The policy.
    pub policy: CorePolicy,
    /// The VPC attachments.
    #[serde(default)]
    pub attachments: Vec<CwAttachment>,
    /// The on-premises ranges behind the core network's VPN and Direct Connect attachments:
    /// no attached VPC may overlap them, and `netform check` sends traffic for them there.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub on_premises: Vec<String>,
}

/// A VPC's attachment to the core network. Its tags decide, through the attachment policies,
/// the segment or network function group it joins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CwAttachment {
    /// The VPC, by name.
    pub vpc: String,
    /// The VPC's subnet group (tier `transit`) holding the attachment's interfaces.
    pub subnet_group: String,
    /// Tags of the attachment (besides the network's and the VPC's), such as
    /// `segment = prod`.
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub tags: Tags,
    /// Appliance mode: both directions of a flow use one AZ of this VPC (inspection VPCs).
    #[serde(default)]
    pub appliance_mode: bool,
    /// Destinations the VPC's private subnets send to the core network, such as `0.0.0.0/0`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vpc_routes: Vec<String>,
}

/// Builds a [`CoreNetwork`] and its policy.
///
/// ```
/// use netform_dsl::{AttachmentAction, Condition, CoreNetwork, Operator};
///
/// let core = CoreNetwork::builder("core", "network", "us-east-1")
///     .asn_range("64512-64520")
///     .edge("us-east-1")
///     .edge("eu-west-1")
///     .segment("prod", |s| s)
///     .segment("nonprod", |s| s)
///     .network_function_group("inspection")
///     .send_via("prod", ["nonprod"], "inspection", |v| v)
///     .send_to("prod", "inspection")
///     .attachment_policy(100, [Condition::tag_value("nfg", Operator::Equals, "inspection")],
///         AttachmentAction::network_function_group("inspection"))
///     .attachment_policy(200, [Condition::tag_exists("segment")],
///         AttachmentAction::segment_from_tag("segment"))
///     .attach("prod-app", "transit", |a| a.tag("segment", "prod").vpc_route("0.0.0.0/0"))
///     .build();
/// assert_eq!(core.policy.segments.len(), 2);
/// let json = serde_json::to_value(&core.policy).unwrap();
/// assert_eq!(json["segment-actions"][0]["action"], "send-via");
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct CoreNetworkBuilder {
    core: CoreNetwork,
}

impl CoreNetwork {
    /// Starts a core network named `name`, owned by `account`, declared in `home_region`,
    /// with an empty 2021.12 policy.
    pub fn builder(
        name: impl Into<String>,
        account: impl Into<String>,
        home_region: impl Into<String>,
    ) -> CoreNetworkBuilder {
        CoreNetworkBuilder {
            core: CoreNetwork {
                name: name.into(),
                account: account.into(),
                home_region: home_region.into(),
                share_with: Vec::new(),
                on_premises: Vec::new(),
                policy: CorePolicy {
                    version: PolicyVersion::V2021_12,
                    core_network_configuration: CoreNetworkConfiguration {
                        vpn_ecmp_support: None,
                        asn_ranges: Vec::new(),
                        inside_cidr_blocks: Vec::new(),
                        edge_locations: Vec::new(),
                    },
                    segments: Vec::new(),
                    network_function_groups: Vec::new(),
                    segment_actions: Vec::new(),
                    attachment_policies: Vec::new(),
                },
                attachments: Vec::new(),
            },
        }
    }

    /// The edge locations (regions) of the policy.
    pub fn edge_locations(&self) -> impl Iterator<Item = &str> {
        self.policy
            .core_network_configuration
            .edge_locations
            .iter()
            .map(|e| e.location.as_str())
    }
}

impl CoreNetworkBuilder {
    /// Replaces the whole policy (say, one loaded from JSON).
    pub fn policy(mut self, policy: CorePolicy) -> Self {
        self.core.policy = policy;
        self
    }

    fn config(&mut self) -> &mut CoreNetworkConfiguration {
        &mut self.core.policy.core_network_configuration
    }

    /// Adds a private ASN range (`64512-64520`, or one ASN).
    pub fn asn_range(mut self, range: impl Into<String>) -> Self {
        self.config().asn_ranges.push(range.into());
        self
    }

    /// Adds an inside CIDR block (for Connect peers).
    pub fn inside_cidr(mut self, cidr: impl Into<String>) -> Self {
        self.config().inside_cidr_blocks.push(cidr.into());
        self
    }

    /// Turns ECMP over VPN attachments on or off.
    pub fn vpn_ecmp(mut self, on: bool) -> Self {
        self.config().vpn_ecmp_support = Some(on);
        self
    }

    /// Adds an edge location (a region).
    pub fn edge(self, region: impl Into<String>) -> Self {
        self.edge_with(region, None, [] as [&str; 0])
    }

    /// Adds an edge location with its own ASN and inside CIDRs.
    pub fn edge_with<I, S>(
        mut self,
        region: impl Into<String>,
        asn: Option<u64>,
        inside_cidrs: I,
    ) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.config().edge_locations.push(EdgeLocation {
            location: region.into(),
            asn,
            inside_cidr_blocks: inside_cidrs.into_iter().map(Into::into).collect(),
        });
        self
    }

    /// Adds a segment; `options` sets its edges, isolation, acceptance and filters.
    pub fn segment(
        mut self,
        name: impl Into<String>,
        options: impl FnOnce(SegmentBuilder) -> SegmentBuilder,
    ) -> Self {
        let segment = PolicySegment {
            name: name.into(),
            description: None,
            edge_locations: Vec::new(),
            isolate_attachments: None,
            require_attachment_acceptance: None,
            allow_filter: Vec::new(),
            deny_filter: Vec::new(),
        };
        self.core
            .policy
            .segments
            .push(options(SegmentBuilder { segment }).segment);
        self
    }

    /// Adds a network function group whose attachments need no acceptance.
    pub fn network_function_group(mut self, name: impl Into<String>) -> Self {
        self.core
            .policy
            .network_function_groups
            .push(NetworkFunctionGroup {
                name: name.into(),
                description: None,
                require_attachment_acceptance: false,
            });
        self
    }

    fn action(mut self, action: SegmentAction) -> Self {
        self.core.policy.segment_actions.push(action);
        self
    }

    /// `segment` shares routes with `with`.
    pub fn share(self, segment: impl Into<String>, with: ShareWith) -> Self {
        self.action(SegmentAction {
            share_with: Some(with),
            mode: Some(ActionMode::AttachmentRoute),
            ..empty_action(ActionKind::Share, segment.into())
        })
    }

    /// Static routes in `segment`: `destinations` are attachment ids, or `blackhole` alone.
    pub fn create_route<I, S, J, T>(
        self,
        segment: impl Into<String>,
        cidrs: I,
        destinations: J,
    ) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
        J: IntoIterator<Item = T>,
        T: Into<String>,
    {
        self.action(SegmentAction {
            destination_cidr_blocks: cidrs.into_iter().map(Into::into).collect(),
            destinations: destinations.into_iter().map(Into::into).collect(),
            ..empty_action(ActionKind::CreateRoute, segment.into())
        })
    }

    /// Traffic from `segment` to the segments `to` passes the network function group `via`
    /// (single-hop unless `options` says dual-hop; edge overrides in `options`).
    pub fn send_via<I, S>(
        self,
        segment: impl Into<String>,
        to: I,
        via: impl Into<String>,
        options: impl FnOnce(SendViaBuilder) -> SendViaBuilder,
    ) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let action = SegmentAction {
            mode: Some(ActionMode::SingleHop),
            when_sent_to: Some(WhenSentTo {
                segments: SegmentList::Names(to.into_iter().map(Into::into).collect()),
            }),
            via: Some(Via {
                network_function_groups: vec![via.into()],
                with_edge_overrides: Vec::new(),
            }),
            ..empty_action(ActionKind::SendVia, segment.into())
        };
        self.action(options(SendViaBuilder { action }).action)
    }

    /// Traffic leaving `segment` for destinations outside the core network (the internet)
    /// goes to the network function group `via`.
    pub fn send_to(self, segment: impl Into<String>, via: impl Into<String>) -> Self {
        self.action(SegmentAction {
            via: Some(Via {
                network_function_groups: vec![via.into()],
                with_edge_overrides: Vec::new(),
            }),
            ..empty_action(ActionKind::SendTo, segment.into())
        })
    }

    /// Adds an attachment policy: `rule` (1-65535) matches when every condition holds.
    pub fn attachment_policy<I>(self, rule: u32, conditions: I, action: AttachmentAction) -> Self
    where
        I: IntoIterator<Item = Condition>,
    {
        self.rule(rule, ConditionLogic::And, conditions, action)
    }

    /// Adds an attachment policy that matches when any condition holds.
    pub fn attachment_policy_any<I>(
        self,
        rule: u32,
        conditions: I,
        action: AttachmentAction,
    ) -> Self
    where
        I: IntoIterator<Item = Condition>,
    {
        self.rule(rule, ConditionLogic::Or, conditions, action)
    }

    fn rule<I>(
        mut self,
        rule: u32,
        logic: ConditionLogic,
        conditions: I,
        action: AttachmentAction,
    ) -> Self
    where
        I: IntoIterator<Item = Condition>,
    {
        let conditions: Vec<Condition> = conditions.into_iter().collect();
        self.core.policy.attachment_policies.push(AttachmentPolicy {
            rule_number: rule,
            description: None,
            condition_logic: (conditions.len() > 1).then_some(logic),
            conditions,
            action,
        });
        self
    }

    /// Shares the core network with a RAM principal: an account alias, a 12-digit id, an OU
    /// ARN or the organization ARN.
    pub fn share_with(mut self, principal: impl Into<String>) -> Self {
        self.core.share_with.push(principal.into());
        self
    }

    /// Declares an on-premises range, reached through the core network's VPN and Direct
    /// Connect attachments.
    pub fn on_premises(mut self, prefix: impl Into<String>) -> Self {
        self.core.on_premises.push(prefix.into());
        self
    }

    /// Attaches a VPC through its `subnet_group`; `options` sets tags, appliance mode and
    /// the VPC's routes to the core network.
    pub fn attach(
        mut self,
        vpc: impl Into<String>,
        subnet_group: impl Into<String>,
        options: impl FnOnce(CwAttachmentBuilder) -> CwAttachmentBuilder,
    ) -> Self {
        let attachment = CwAttachment {
            vpc: vpc.into(),
            subnet_group: subnet_group.into(),
            tags: Tags::new(),
            appliance_mode: false,
            vpc_routes: Vec::new(),
        };
        self.core
            .attachments
            .push(options(CwAttachmentBuilder { attachment }).attachment);
        self
    }

    /// The core network.
    pub fn build(self) -> CoreNetwork {
        self.core
    }
}

impl From<CoreNetworkBuilder> for CoreNetwork {
    fn from(builder: CoreNetworkBuilder) -> Self {
        builder.build()
    }
}

fn empty_action(action: ActionKind, segment: String) -> SegmentAction {
    SegmentAction {
        action,
        segment,
        mode: None,
        description: None,
        share_with: None,
        destination_cidr_blocks: Vec::new(),
        destinations: Vec::new(),
        when_sent_to: None,
        via: None,
    }
}

impl ShareWith {
    /// Every segment (`"*"`).
    pub fn all() -> Self {
        ShareWith::Segments(SegmentList::All(All::All))
    }

    /// These segments.
    pub fn segments<I, S>(segments: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        ShareWith::Segments(SegmentList::Names(
            segments.into_iter().map(Into::into).collect(),
        ))
    }

    /// Every segment but these.
    pub fn all_except<I, S>(segments: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        ShareWith::Except {
            except: segments.into_iter().map(Into::into).collect(),
        }
    }
}

/// Options of one segment, given to [`CoreNetworkBuilder::segment`].
#[derive(Debug, Clone)]
#[must_use]
pub struct SegmentBuilder {
    segment: PolicySegment,
}

impl SegmentBuilder {
    /// Limits the segment to these edge locations.
    pub fn edges<I, S>(mut self, regions: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.segment.edge_locations = regions.into_iter().map(Into::into).collect();
        self
    }

    /// Attachments of the segment do not reach each other.
    pub fn isolate_attachments(mut self) -> Self {
        self.segment.isolate_attachments = Some(true);
        self
    }

    /// Sets whether attachments to the segment wait for an acceptance.
    pub fn require_acceptance(mut self, on: bool) -> Self {
        self.segment.require_attachment_acceptance = Some(on);
        self
    }

    /// Only these segments may share with this one.
    pub fn allow<I, S>(mut self, segments: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.segment.allow_filter = segments.into_iter().map(Into::into).collect();
        self
    }

    /// These segments may not share with this one.
    pub fn deny<I, S>(mut self, segments: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.segment.deny_filter = segments.into_iter().map(Into::into).collect();
        self
    }

    /// A description.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.segment.description = Some(text.into());
        self
    }
}

/// Options of a send-via action, given to [`CoreNetworkBuilder::send_via`].
#[derive(Debug, Clone)]
#[must_use]
pub struct SendViaBuilder {
    action: SegmentAction,
}

impl SendViaBuilder {
    /// Inspect in both the source and the destination edge.
    pub fn dual_hop(mut self) -> Self {
        self.action.mode = Some(ActionMode::DualHop);
        self
    }

    /// Traffic between the edges of each set is inspected in `use_edge`.
    pub fn edge_override<I, J, S>(mut self, edge_sets: I, use_edge: impl Into<String>) -> Self
    where
        I: IntoIterator<Item = J>,
        J: IntoIterator<Item = S>,
        S: Into<String>,
    {
        if let Some(via) = &mut self.action.via {
            via.with_edge_overrides.push(EdgeOverride {
                edge_sets: edge_sets
                    .into_iter()
                    .map(|set| set.into_iter().map(Into::into).collect())
                    .collect(),
                use_edge_location: use_edge.into(),
            });
        }
        self
    }
}

/// Options of one [`CwAttachment`], given to [`CoreNetworkBuilder::attach`].
#[derive(Debug, Clone)]
#[must_use]
pub struct CwAttachmentBuilder {
    attachment: CwAttachment,
}

impl CwAttachmentBuilder {
    /// Tags the attachment (the attachment policies read these).
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.attachment.tags.insert(key.into(), value.into());
        self
    }

    /// Turns on appliance mode (for inspection VPCs).
    pub fn appliance_mode(mut self) -> Self {
        self.attachment.appliance_mode = true;
        self
    }

    /// Sends `destination` from the VPC's private subnets to the core network.
    pub fn vpc_route(mut self, destination: impl Into<String>) -> Self {
        self.attachment.vpc_routes.push(destination.into());
        self
    }
}

/// What an attachment joins, by the attachment policies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Joins {
    /// A segment, by name (from the rule, or from the tag a `tag` rule reads: the name may
    /// not be a segment of the policy).
    Segment(String),
    /// A network function group, by name.
    Group(String),
}

/// How the attachment policies place one attachment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicyMatch<'p> {
    /// The first matching rule (by rule number), and what it gives.
    Matched(&'p AttachmentPolicy, Joins),
    /// A rule before any match looks at something unknown until deploy (a `resource-id`).
    Undetermined(&'p AttachmentPolicy),
    /// No rule matches: the attachment would join nothing.
    Unmatched,
}

/// What the attachment policies can know about a VPC attachment before it is deployed.
#[derive(Debug, Clone, Copy)]
pub struct AttachmentFacts<'a> {
    /// Every tag the attachment will carry.
    pub tags: &'a Tags,
    /// The 12-digit id of the attaching account.
    pub account_id: &'a str,
    /// The VPC's region.
    pub region: &'a str,
    /// The attachment's type as the `attachment-type` condition names it: `vpc`,
    /// `site-to-site-vpn`, `direct-connect-gateway`.
    pub attachment_type: &'a str,
}

impl CorePolicy {
    /// Places a VPC attachment: rules are tried by rule number and the first match wins
    /// ("Attachment policies", AWS Cloud WAN User Guide). Linear in the rules (plus a sort).
    pub fn place(&self, facts: &AttachmentFacts<'_>) -> PolicyMatch<'_> {
        let mut rules: Vec<&AttachmentPolicy> = self.attachment_policies.iter().collect();
        rules.sort_by_key(|r| r.rule_number);
        for rule in rules {
            let all = matches!(rule.condition_logic, None | Some(ConditionLogic::And));
            let result = combine(rule.conditions.iter().map(|c| c.holds(facts)), all);
            match result {
                Some(false) => continue,
                None => return PolicyMatch::Undetermined(rule),
                Some(true) => {}
            }
            let action = &rule.action;
            let joins = if let Some(group) = &action.add_to_network_function_group {
                Joins::Group(group.clone())
            } else if let Some(segment) = &action.segment {
                Joins::Segment(segment.clone())
            } else if let Some(key) = &action.tag_value_of_key {
                match facts.tags.get(key) {
                    Some(value) => Joins::Segment(value.clone()),
                    // A tag rule on an attachment without the tag places nothing.
                    None => continue,
                }
            } else {
                continue;
            };
            return PolicyMatch::Matched(rule, joins);
        }
        PolicyMatch::Unmatched
    }
}

/// Conditions combined with `and` (`all`) or `or`, where `None` is "unknown before
/// deploy": a decisive result (a false under `and`, a true under `or`) wins over unknowns.
fn combine(results: impl Iterator<Item = Option<bool>>, all: bool) -> Option<bool> {
    let decisive = !all;
    let mut unknown = false;
    for result in results {
        match result {
            Some(r) if r == decisive => return Some(decisive),
            Some(_) => {}
            None => unknown = true,
        }
    }
    (!unknown).then_some(all)
}

impl Condition {
    /// Whether the condition holds for an attachment: `None` where it depends on something
    /// unknown before deploy (the VPC id).
    pub fn holds(&self, facts: &AttachmentFacts<'_>) -> Option<bool> {
        let op = self.operator.unwrap_or(crate::policy::Operator::Equals);
        let value = self.value.as_deref().unwrap_or_default();
        match self.kind {
            ConditionType::Any => Some(true),
            ConditionType::TagExists => Some(
                self.key
                    .as_deref()
                    .is_some_and(|k| facts.tags.contains_key(k)),
            ),
            ConditionType::TagValue => {
                let tag = self.key.as_deref().and_then(|k| facts.tags.get(k));
                Some(tag.is_some_and(|t| op.matches(t, value)))
            }
            ConditionType::AccountId => Some(op.matches(facts.account_id, value)),
            ConditionType::Region => Some(op.matches(facts.region, value)),
            ConditionType::AttachmentType => Some(op.matches(facts.attachment_type, value)),
            ConditionType::ResourceId => None,
        }
    }
}
