//! The Cloud WAN core network policy document as Rust types. Serializing a [`CorePolicy`]
//! with serde gives the policy JSON AWS reads (keys in kebab-case, as in "Core network policy
//! version parameters", AWS Cloud WAN User Guide), and both targets emit that same JSON.
//!
//! Fields a user can get wrong are kept as written, even where the document format allows only
//! some combinations (a condition's `key` and `value`, an action's `segment` and
//! `add-to-network-function-group`): a policy loaded from JSON may carry them, and the
//! validator reports them with a path instead of failing to load. The constructors build only
//! valid combinations.

use serde::{Deserialize, Serialize};

/// A core network policy document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct CorePolicy {
    /// The document version.
    pub version: PolicyVersion,
    /// ASNs, inside CIDRs and edge locations.
    pub core_network_configuration: CoreNetworkConfiguration,
    /// The segments: isolated routing domains.
    pub segments: Vec<PolicySegment>,
    /// Network function groups: attachments that traffic is sent through (inspection, egress).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub network_function_groups: Vec<NetworkFunctionGroup>,
    /// How segments exchange routes and traffic.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub segment_actions: Vec<SegmentAction>,
    /// Which segment or group an attachment joins, by rule number.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachment_policies: Vec<AttachmentPolicy>,
}

/// The policy document version.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum PolicyVersion {
    /// `2021.12`, the version every Cloud WAN feature netform emits is defined in.
    #[default]
    #[serde(rename = "2021.12")]
    V2021_12,
    /// `2025.11`.
    #[serde(rename = "2025.11")]
    V2025_11,
}

/// The core network's own settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct CoreNetworkConfiguration {
    /// Equal-cost multipath over VPN attachments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpn_ecmp_support: Option<bool>,
    /// Private ASN ranges the edges take their ASNs from, such as `64512-64520` or a single
    /// `64512`.
    pub asn_ranges: Vec<String>,
    /// CIDRs for the inside addresses of Connect peers (IPv4 or IPv6).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inside_cidr_blocks: Vec<String>,
    /// The regions the core network has an edge in.
    pub edge_locations: Vec<EdgeLocation>,
}

/// A core network edge: a region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct EdgeLocation {
    /// The region, such as `us-east-1`.
    pub location: String,
    /// The edge's ASN (otherwise taken from `asn-ranges`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asn: Option<u64>,
    /// The edge's inside CIDRs (within the core network's).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inside_cidr_blocks: Vec<String>,
}

/// A segment: a routing domain. Attachments in one segment reach each other (unless
/// isolated); segments reach each other only through segment actions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct PolicySegment {
    /// `^[a-zA-Z][A-Za-z0-9]{0,63}$`: no hyphens.
    pub name: String,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The edges the segment exists in, a subset of the core network's; all of them if empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub edge_locations: Vec<String>,
    /// Attachments of the segment do not learn each other's routes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub isolate_attachments: Option<bool>,
    /// Attachments to the segment wait for an acceptance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_attachment_acceptance: Option<bool>,
    /// Only these segments may share routes with this one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow_filter: Vec<String>,
    /// These segments may not share routes with this one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deny_filter: Vec<String>,
}

/// A network function group: the attachments of inspection or egress VPCs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct NetworkFunctionGroup {
    /// Same rule as segment names.
    pub name: String,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Attachments to the group wait for an acceptance.
    pub require_attachment_acceptance: bool,
}

/// What a segment action does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActionKind {
    /// Exchange attachment routes with other segments.
    Share,
    /// Static routes in the segment.
    CreateRoute,
    /// Traffic to other segments passes a network function group.
    SendVia,
    /// Traffic leaving the segment (to the internet) goes to a network function group.
    SendTo,
}

/// A segment action. Which fields apply depends on `action`: share takes `share-with`;
/// create-route takes `destination-cidr-blocks` and `destinations`; send-via takes `mode`,
/// `when-sent-to` and `via`; send-to takes `via`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct SegmentAction {
    /// What the action does.
    pub action: ActionKind,
    /// The segment it applies to.
    pub segment: String,
    /// `attachment-route` (share), `single-hop` or `dual-hop` (send-via).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<ActionMode>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// share: the segments that get this segment's routes (and give theirs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share_with: Option<ShareWith>,
    /// create-route: the destinations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub destination_cidr_blocks: Vec<String>,
    /// create-route: attachment ids, or `blackhole` alone.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub destinations: Vec<String>,
    /// send-via: the segments whose traffic from this one goes via the groups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when_sent_to: Option<WhenSentTo>,
    /// send-via and send-to: the network function groups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<Via>,
}

/// The mode of a segment action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActionMode {
    /// share: attachment routes are shared.
    AttachmentRoute,
    /// send-via: inspected once, in one edge (chosen by the edge overrides or by Cloud WAN).
    SingleHop,
    /// send-via: inspected in the source and in the destination edge.
    DualHop,
}

/// Whom a segment shares routes with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ShareWith {
    /// `"*"`: every segment (or a list of segment names).
    Segments(SegmentList),
    /// `{"except": [...]}`: every segment but these.
    Except {
        /// The segments left out.
        except: Vec<String>,
    },
}

/// `"*"` or a list of segment names, as `share-with` and `when-sent-to` write them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SegmentList {
    /// `"*"`.
    All(All),
    /// These segments.
    Names(Vec<String>),
}

/// The literal `"*"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum All {
    /// `*`.
    #[serde(rename = "*")]
    All,
}

/// send-via: the destination segments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct WhenSentTo {
    /// The segments.
    pub segments: SegmentList,
}

/// The network function groups traffic passes, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Via {
    /// The groups (one).
    pub network_function_groups: Vec<String>,
    /// Which edge inspects traffic between edges.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub with_edge_overrides: Vec<EdgeOverride>,
}

/// For traffic between the edges of each set, inspect in `use-edge-location`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct EdgeOverride {
    /// Sets of edge locations.
    pub edge_sets: Vec<Vec<String>>,
    /// The edge that inspects.
    pub use_edge_location: String,
}

/// An attachment policy: a numbered rule that places matching attachments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct AttachmentPolicy {
    /// 1-65535, unique; lower numbers are evaluated first and the first match wins.
    pub rule_number: u32,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// How the conditions combine (needed with more than one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition_logic: Option<ConditionLogic>,
    /// The conditions.
    pub conditions: Vec<Condition>,
    /// What a matching attachment gets.
    pub action: AttachmentAction,
}

/// How an attachment policy's conditions combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConditionLogic {
    /// All conditions.
    And,
    /// Any condition.
    Or,
}

/// What a condition looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConditionType {
    /// A tag's value (`key`, `operator`, `value`).
    TagValue,
    /// A tag's presence (`key`).
    TagExists,
    /// The attachment owner's account (`operator`, `value`).
    AccountId,
    /// The attachment's region (`operator`, `value`).
    Region,
    /// The attached resource's id, such as `vpc-...` (`operator`, `value`).
    ResourceId,
    /// The attachment's type (`operator` equals, `value` such as `vpc`).
    AttachmentType,
    /// Every attachment (no other field).
    Any,
}

impl ConditionType {
    /// As written in the policy.
    pub fn as_str(self) -> &'static str {
        match self {
            ConditionType::TagValue => "tag-value",
            ConditionType::TagExists => "tag-exists",
            ConditionType::AccountId => "account-id",
            ConditionType::Region => "region",
            ConditionType::ResourceId => "resource-id",
            ConditionType::AttachmentType => "attachment-type",
            ConditionType::Any => "any",
        }
    }
}

/// How a condition compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Operator {
    /// Equal.
    Equals,
    /// Not equal.
    NotEquals,
    /// Contains.
    Contains,
    /// Starts with.
    BeginsWith,
}

impl Operator {
    /// As written in the policy.
    pub fn as_str(self) -> &'static str {
        match self {
            Operator::Equals => "equals",
            Operator::NotEquals => "not-equals",
            Operator::Contains => "contains",
            Operator::BeginsWith => "begins-with",
        }
    }

    /// Whether `actual` satisfies the comparison with `expected`.
    pub fn matches(self, actual: &str, expected: &str) -> bool {
        match self {
            Operator::Equals => actual == expected,
            Operator::NotEquals => actual != expected,
            Operator::Contains => actual.contains(expected),
            Operator::BeginsWith => actual.starts_with(expected),
        }
    }
}

/// One condition of an attachment policy. Which fields it takes depends on its type (see
/// [`ConditionType`]); build one with [`Condition::tag_value`] and the others.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Condition {
    /// What it looks at.
    #[serde(rename = "type")]
    pub kind: ConditionType,
    /// How it compares.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<Operator>,
    /// The tag key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The value compared with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

impl Condition {
    fn new(
        kind: ConditionType,
        operator: Option<Operator>,
        key: Option<&str>,
        value: Option<&str>,
    ) -> Self {
        Self {
            kind,
            operator,
            key: key.map(str::to_string),
            value: value.map(str::to_string),
        }
    }

    /// The tag `key` compares with `value`.
    pub fn tag_value(key: &str, operator: Operator, value: &str) -> Self {
        Self::new(
            ConditionType::TagValue,
            Some(operator),
            Some(key),
            Some(value),
        )
    }

    /// The attachment has a tag `key`.
    pub fn tag_exists(key: &str) -> Self {
        Self::new(ConditionType::TagExists, None, Some(key), None)
    }

    /// The owning account compares with `account_id`.
    pub fn account_id(operator: Operator, account_id: &str) -> Self {
        Self::new(
            ConditionType::AccountId,
            Some(operator),
            None,
            Some(account_id),
        )
    }

    /// The region compares with `region`.
    pub fn region(operator: Operator, region: &str) -> Self {
        Self::new(ConditionType::Region, Some(operator), None, Some(region))
    }

    /// The attached resource's id compares with `id`.
    pub fn resource_id(operator: Operator, id: &str) -> Self {
        Self::new(ConditionType::ResourceId, Some(operator), None, Some(id))
    }

    /// The attachment is of `attachment_type` (`vpc`, `vpn`, `connect`,
    /// `direct-connect-gateway`, `transit-gateway-route-table`).
    pub fn attachment_type(attachment_type: &str) -> Self {
        Self::new(
            ConditionType::AttachmentType,
            Some(Operator::Equals),
            None,
            Some(attachment_type),
        )
    }

    /// Every attachment.
    pub fn any() -> Self {
        Self::new(ConditionType::Any, None, None, None)
    }
}

/// How an attachment policy picks the segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AssociationMethod {
    /// The segment named in `segment`.
    Constant,
    /// The segment named by the value of the attachment's tag `tag-value-of-key`.
    Tag,
}

/// What an attachment matching a policy gets: a segment (`association-method` with `segment`
/// or `tag-value-of-key`) or a network function group, never both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct AttachmentAction {
    /// How the segment is picked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub association_method: Option<AssociationMethod>,
    /// With `constant`: the segment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<String>,
    /// With `tag`: the tag whose value names the segment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag_value_of_key: Option<String>,
    /// The attachment waits for an acceptance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_acceptance: Option<bool>,
    /// The network function group the attachment joins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub add_to_network_function_group: Option<String>,
}

impl AttachmentAction {
    fn empty() -> Self {
        Self {
            association_method: None,
            segment: None,
            tag_value_of_key: None,
            require_acceptance: None,
            add_to_network_function_group: None,
        }
    }

    /// Into the segment `segment`.
    pub fn segment(segment: &str) -> Self {
        Self {
            association_method: Some(AssociationMethod::Constant),
            segment: Some(segment.to_string()),
            ..Self::empty()
        }
    }

    /// Into the segment named by the value of the attachment's tag `key`.
    pub fn segment_from_tag(key: &str) -> Self {
        Self {
            association_method: Some(AssociationMethod::Tag),
            tag_value_of_key: Some(key.to_string()),
            ..Self::empty()
        }
    }

    /// Into the network function group `group`.
    pub fn network_function_group(group: &str) -> Self {
        Self {
            add_to_network_function_group: Some(group.to_string()),
            ..Self::empty()
        }
    }

    /// The attachment waits for an acceptance.
    pub fn require_acceptance(mut self) -> Self {
        self.require_acceptance = Some(true);
        self
    }
}
