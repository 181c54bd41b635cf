//! Bad-input tests for the Cloud WAN rules, NF0701 to NF0715, for the codes of other
//! areas they reuse (NF02xx, NF03xx, NF06xx), and for attachment acceptance (NF0502).
//!
//! Each test starts from [`base`], a core network with a full policy that validates without a
//! single diagnostic: edges in us-east-1 and eu-west-1, segments `prod`, `nonprod` and
//! `shared`, a network function group `inspection`, a share, a send-via and two send-tos, and
//! tag-based attachment policies placing five VPCs in two regions. It then breaks one thing
//! and checks the exact diagnostics that come back: code, severity, printed path, and the
//! actual values the message states.

use crate::support::{diagnostics, the};
use netform::dsl::policy::{
    ActionKind, ActionMode, AssociationMethod, ConditionType, CorePolicy, SegmentAction, Via,
};
use netform::dsl::{
    AttachmentAction, Code, Condition, CoreNetwork, CoreNetworkBuilder, CwAttachment,
    CwAttachmentBuilder, DomainAction, FirewallPolicy, Inspection, NatMode, Network,
    NetworkBuilder, Operator, Severity, ShareWith, StatefulRules, Tier, ValidNetwork, Vpc,
    VpcBuilder,
};

use Severity::{Error as E, Warning as W};

/// No destination (an empty list whose element type the compiler can infer).
const NONE: [&str; 0] = [];

/// The inspection VPC: network account, us-east-1, a /28 per AZ for the attachment, the
/// firewall endpoints and the NAT gateways (one per AZ).
fn inspection_vpc() -> VpcBuilder {
    Vpc::builder("inspection", "network", "us-east-1")
        .cidr("10.0.0.0/24")
        .azs(["us-east-1a", "us-east-1b"])
        .subnets("transit", Tier::Transit, 28)
        .subnets("firewall", Tier::Firewall, 28)
        .subnets("public", Tier::Public, 28)
        .nat(NatMode::PerAz)
}

/// A spoke: a transit /28 and an app /24 per AZ (a and b of `region`), no NAT.
fn spoke(name: &str, account: &str, region: &str, cidr: &str) -> VpcBuilder {
    Vpc::builder(name, account, region)
        .cidr(cidr)
        .azs([format!("{region}a"), format!("{region}b")])
        .subnets("transit", Tier::Transit, 28)
        .subnets("app", Tier::Private, 24)
}

/// How a spoke attaches: tagged with its segment, everything it sends goes to the core
/// network.
fn in_segment(segment: &'static str) -> impl FnOnce(CwAttachmentBuilder) -> CwAttachmentBuilder {
    move |a| a.tag("segment", segment).vpc_route("0.0.0.0/0")
}

/// The core network: two edges; `shared` shares with `prod` and `nonprod`; `prod` reaches
/// `nonprod` through the group `inspection` (single-hop, inspected in us-east-1); both send
/// their internet traffic to it. Rule 100 puts attachments tagged `nfg=inspection` in the
/// group, rule 200 others in the segment their `segment` tag names.
fn core() -> CoreNetworkBuilder {
    CoreNetwork::builder("core", "network", "us-east-1")
        .asn_range("64512-64520")
        .edge("us-east-1")
        .edge("eu-west-1")
        .share_with("prod")
        .share_with("nonprod")
        .segment("prod", |s| s.require_acceptance(false))
        .segment("nonprod", |s| s.require_acceptance(false))
        .segment("shared", |s| s.require_acceptance(false))
        .network_function_group("inspection")
        .share("shared", ShareWith::segments(["prod", "nonprod"]))
        .send_via("prod", ["nonprod"], "inspection", |v| {
            v.edge_override([["us-east-1", "eu-west-1"]], "us-east-1")
        })
        .send_to("prod", "inspection")
        .send_to("nonprod", "inspection")
        .attachment_policy(
            100,
            [Condition::tag_value("nfg", Operator::Equals, "inspection")],
            AttachmentAction::network_function_group("inspection"),
        )
        .attachment_policy(
            200,
            [Condition::tag_exists("segment")],
            AttachmentAction::segment_from_tag("segment"),
        )
        .attach("inspection", "transit", |a| {
            a.tag("nfg", "inspection").appliance_mode()
        })
        .attach("shared", "transit", |a| {
            a.tag("segment", "shared").vpc_route("10.0.0.0/8")
        })
        .attach("prod-app", "transit", in_segment("prod"))
        .attach("prod-eu", "transit", in_segment("prod"))
        .attach("dev-app", "transit", in_segment("nonprod"))
}

/// The network around `core`: accounts `network`, `prod` and `nonprod`, and five VPCs.
fn network(core: CoreNetworkBuilder) -> NetworkBuilder {
    Network::builder("acme")
        .network_account("network", "111111111111")
        .account("prod", "222222222222")
        .account("nonprod", "333333333333")
        .vpc(inspection_vpc())
        .vpc(spoke("shared", "network", "us-east-1", "10.10.0.0/16"))
        .vpc(spoke("prod-app", "prod", "us-east-1", "10.1.0.0/16"))
        .vpc(spoke("prod-eu", "prod", "eu-west-1", "10.2.0.0/16"))
        .vpc(spoke("dev-app", "nonprod", "us-east-1", "10.3.0.0/16"))
        .core_network(core)
}

/// The valid base network.
fn base() -> Network {
    network(core()).build()
}

/// The base network with `core` instead of the base core network.
fn with_core(core: CoreNetworkBuilder) -> Network {
    network(core).build()
}

/// Network Firewall in the inspection VPC, as the egress.
fn firewall() -> Inspection {
    let policy = FirewallPolicy::default().stateful(
        "domains",
        100,
        StatefulRules::Domains {
            action: DomainAction::Allow,
            domains: vec![".amazonaws.com".into()],
        },
    );
    Inspection::network_firewall("inspection", "firewall", policy).egress()
}

/// The base network whose inspection VPC runs Network Firewall as the egress.
fn with_firewall() -> Network {
    network(core()).inspection(firewall()).build()
}

/// The base network's core network, to break in place.
fn cw(net: &mut Network) -> &mut CoreNetwork {
    net.core_network.as_mut().expect("a core network")
}

/// The base network's policy, to break in place.
fn policy(net: &mut Network) -> &mut CorePolicy {
    &mut cw(net).policy
}

/// The attachment of `vpc`, to break in place.
fn attachment<'n>(net: &'n mut Network, vpc: &str) -> &'n mut CwAttachment {
    cw(net)
        .attachments
        .iter_mut()
        .find(|a| a.vpc == vpc)
        .unwrap_or_else(|| panic!("no attachment of {vpc}"))
}

const POLICY: &str = "core_network.policy";
const CONFIG: &str = "core_network.policy.core_network_configuration";

/// `core_network.policy` followed by `rest`.
fn at(rest: &str) -> String {
    format!("{POLICY}.{rest}")
}

/// `core_network.policy.core_network_configuration` followed by `rest`.
fn config_at(rest: &str) -> String {
    format!("{CONFIG}.{rest}")
}

/// Asserts that `net` has exactly these diagnostics (severity, code, printed path), in any
/// order, and that the message of each states the given values.
#[track_caller]
fn assert_diags(net: &Network, expected: &[(Severity, Code, &str, &[&str])]) {
    crate::support::assert_diagnostics(&diagnostics(net), expected);
}

/// Asserts that `net` fails validation with exactly these errors and no warning.
#[track_caller]
fn assert_errors(net: &Network, expected: &[(Code, &str, &[&str])]) {
    let with_severity: Vec<(Severity, Code, &str, &[&str])> =
        expected.iter().map(|(c, p, v)| (E, *c, *p, *v)).collect();
    assert_diags(net, &with_severity);
}

/// Asserts that `net` has, among others, this diagnostic.
#[track_caller]
fn assert_has(net: &Network, severity: Severity, code: Code, path: &str, values: &[&str]) {
    let diags = diagnostics(net);
    let found = diags.iter().any(|d| {
        d.severity == severity
            && d.code == code
            && d.path.to_string() == path
            && values.iter().all(|v| d.message.contains(v))
    });
    assert!(
        found,
        "no {severity} {code} at {path} whose message states {values:?}; diagnostics:\n{diags}"
    );
}

/// Asserts that `net` validates without any diagnostic.
#[track_caller]
fn assert_clean(net: &Network) -> ValidNetwork {
    let valid = net
        .validate()
        .unwrap_or_else(|d| panic!("the network should validate, but:\n{d}"));
    assert!(
        valid.warnings().is_empty(),
        "warnings:\n{}",
        valid.warnings()
    );
    valid
}

/// An action of `kind` on `segment` with no other field, to fill in.
fn bare_action(kind: ActionKind, segment: &str) -> SegmentAction {
    SegmentAction {
        action: kind,
        segment: segment.into(),
        mode: None,
        description: None,
        share_with: None,
        destination_cidr_blocks: Vec::new(),
        destinations: Vec::new(),
        when_sent_to: None,
        via: None,
    }
}

// ---- valid networks ----

#[test]
fn the_base_network_is_valid_without_diagnostics() {
    let net = base();
    let valid = assert_clean(&net);
    assert_eq!(valid.vpc_cidr(2).to_string(), "10.1.0.0/16");
    // And through JSON: what `netform dump` writes loads back to the same network.
    let loaded = Network::from_json(&net.to_json()).expect("the dump loads");
    assert_eq!(loaded, net);
    assert_clean(&loaded);
}

#[test]
fn a_full_policy_with_a_network_firewall_inspection_vpc_is_valid() {
    assert_clean(&with_firewall());
}

#[test]
fn the_policy_serializes_with_the_aws_keys() {
    let net = base();
    let core = net.core_network.as_ref().unwrap();
    let json = serde_json::to_value(&core.policy).unwrap();
    assert_eq!(json["version"], "2021.12");
    let config = &json["core-network-configuration"];
    assert_eq!(config["asn-ranges"][0], "64512-64520");
    assert_eq!(config["edge-locations"][1]["location"], "eu-west-1");
    assert_eq!(json["segments"][0]["name"], "prod");
    assert_eq!(json["segments"][0]["require-attachment-acceptance"], false);
    assert_eq!(json["network-function-groups"][0]["name"], "inspection");
    let actions = json["segment-actions"].as_array().unwrap();
    assert_eq!(actions[0]["action"], "share");
    assert_eq!(actions[0]["mode"], "attachment-route");
    assert_eq!(actions[0]["share-with"][1], "nonprod");
    let send_via = &actions[1];
    assert_eq!(send_via["action"], "send-via");
    assert_eq!(send_via["mode"], "single-hop");
    assert_eq!(send_via["when-sent-to"]["segments"][0], "nonprod");
    assert_eq!(send_via["via"]["network-function-groups"][0], "inspection");
    let edge_override = &send_via["via"]["with-edge-overrides"][0];
    assert_eq!(edge_override["edge-sets"][0][1], "eu-west-1");
    assert_eq!(edge_override["use-edge-location"], "us-east-1");
    let send_to = actions[2].as_object().unwrap();
    assert_eq!(send_to["action"], "send-to");
    assert!(!send_to.contains_key("mode") && !send_to.contains_key("when-sent-to"));
    let rules = &json["attachment-policies"];
    assert_eq!(rules[0]["rule-number"], 100);
    assert_eq!(rules[0]["conditions"][0]["type"], "tag-value");
    assert_eq!(rules[0]["conditions"][0]["operator"], "equals");
    assert_eq!(
        rules[0]["action"]["add-to-network-function-group"],
        "inspection"
    );
    assert_eq!(rules[1]["conditions"][0]["type"], "tag-exists");
    assert_eq!(rules[1]["conditions"][0]["key"], "segment");
    assert_eq!(rules[1]["action"]["association-method"], "tag");
    assert_eq!(rules[1]["action"]["tag-value-of-key"], "segment");
    // And back: AWS's JSON loads into the typed policy.
    let loaded: CorePolicy = serde_json::from_value(json).unwrap();
    assert_eq!(&loaded, &core.policy);
}

// ---- NF0701: names ----

#[test]
fn a_segment_or_group_name_with_a_hyphen_is_nf0701() {
    let net = with_core(core().segment("dev-test", |s| s));
    assert_errors(
        &net,
        &[(
            Code::SegmentName,
            &at(r#"segments["dev-test"].name"#),
            &[r#"segment name "dev-test""#],
        )],
    );
    let help = the(&net, Code::SegmentName).help.unwrap();
    assert!(help.contains(r#""devtest""#), "{help}");

    let net = with_core(core().network_function_group("inspection-eu"));
    assert_errors(
        &net,
        &[(
            Code::SegmentName,
            &at(r#"network_function_groups["inspection-eu"].name"#),
            &[r#"network function group name "inspection-eu""#],
        )],
    );
    // A leading digit and 65 characters are refused too; 64 are fine.
    for bad in ["1prod".to_string(), "a".repeat(65)] {
        let net = with_core(core().segment(bad.clone(), |s| s));
        assert_has(
            &net,
            E,
            Code::SegmentName,
            &at(&format!("segments[{bad:?}].name")),
            &[],
        );
    }
    assert_clean(&with_core(core().segment("a".repeat(64), |s| s)));
}

#[test]
fn a_name_used_twice_across_segments_and_groups_is_nf0203() {
    let net = with_core(core().segment("prod", |s| s));
    assert_errors(
        &net,
        &[(
            Code::NameDuplicate,
            &at(r#"segments["prod"]"#),
            &[r#""prod""#, "segment"],
        )],
    );
    let net = with_core(core().network_function_group("shared"));
    assert_errors(
        &net,
        &[(
            Code::NameDuplicate,
            &at(r#"network_function_groups["shared"]"#),
            &[r#""shared""#, "already used by a segment"],
        )],
    );
}

// ---- NF0702: unknown segments and groups ----

#[test]
fn segment_actions_naming_unknown_segments_or_groups_are_nf0702() {
    let cases: Vec<(CoreNetworkBuilder, String, &[&str])> = vec![
        (
            core().share("shared", ShareWith::segments(["prod", "staging"])),
            at("segment_actions[4].share_with[1]"),
            &[r#"share of segment "shared""#, r#"segment "staging""#],
        ),
        (
            core().share("nonprod", ShareWith::all_except(["ghost"])),
            at("segment_actions[4].share_with.except[0]"),
            &[r#"segment "ghost""#],
        ),
        (
            core().send_via("ghost", ["prod"], "inspection", |v| v),
            at("segment_actions[4].segment"),
            &[r#"send-via of segment "ghost""#],
        ),
        (
            core().send_via("prod", ["staging"], "inspection", |v| v),
            at("segment_actions[4].when_sent_to.segments[0]"),
            &[r#"segment "staging""#],
        ),
        (
            core().send_to("nonprod", "egress"),
            at("segment_actions[4].via.network_function_groups[0]"),
            &[
                r#"send-to of segment "nonprod""#,
                r#"network function group "egress""#,
            ],
        ),
        (
            core().create_route("staging", ["10.99.0.0/16"], ["blackhole"]),
            at("segment_actions[4].segment"),
            &[r#"create-route of segment "staging""#],
        ),
        (
            core().segment("audit", |s| s.allow(["ghost"])),
            at(r#"segments["audit"].allow_filter[0]"#),
            &[r#"segment "audit""#, r#""ghost""#],
        ),
        (
            core().segment("audit", |s| s.deny(["ghost"])),
            at(r#"segments["audit"].deny_filter[0]"#),
            &[r#""ghost""#],
        ),
    ];
    for (core, path, values) in cases {
        let net = with_core(core);
        assert_errors(&net, &[(Code::UnknownSegment, &path, values)]);
    }
}

#[test]
fn attachment_policies_naming_unknown_segments_or_groups_are_nf0702() {
    let net = with_core(core().attachment_policy(
        300,
        [Condition::any()],
        AttachmentAction::segment("staging"),
    ));
    assert_errors(
        &net,
        &[(
            Code::UnknownSegment,
            &at("attachment_policies[2].action.segment"),
            &["attachment policy 300", r#"segment "staging""#],
        )],
    );
    let help = the(&net, Code::UnknownSegment).help.unwrap();
    assert!(help.contains("prod, nonprod, shared"), "{help}");

    let net = with_core(core().attachment_policy(
        50,
        [Condition::tag_exists("egress")],
        AttachmentAction::network_function_group("egress"),
    ));
    assert_errors(
        &net,
        &[(
            Code::UnknownSegment,
            &at("attachment_policies[2].action.add_to_network_function_group"),
            &["attachment policy 50", r#"network function group "egress""#],
        )],
    );
}

#[test]
fn a_segment_tag_naming_no_segment_is_nf0702_at_the_attachment() {
    let mut net = base();
    attachment(&mut net, "dev-app")
        .tags
        .insert("segment".into(), "staging".into());
    assert_errors(
        &net,
        &[(
            Code::UnknownSegment,
            r#"core_network.attachments["dev-app"]"#,
            &[
                r#"vpc "dev-app""#,
                r#"segment "staging""#,
                r#"tag "segment""#,
                "attachment policy 200",
            ],
        )],
    );
}

// ---- NF0703: edge locations ----

#[test]
fn an_unknown_or_repeated_edge_location_is_nf0703() {
    let net = with_core(core().edge("us-east-9"));
    assert_errors(
        &net,
        &[(
            Code::EdgeLocation,
            &config_at(r#"edge_locations["us-east-9"].location"#),
            &[r#""us-east-9""#],
        )],
    );
    let net = with_core(core().edge("eu-west-1"));
    assert_errors(
        &net,
        &[(
            Code::EdgeLocation,
            &config_at(r#"edge_locations["eu-west-1"]"#),
            &["eu-west-1", "twice"],
        )],
    );
}

#[test]
fn a_core_network_without_edges_is_nf0703() {
    let mut net = base();
    policy(&mut net)
        .core_network_configuration
        .edge_locations
        .clear();
    assert_has(
        &net,
        E,
        Code::EdgeLocation,
        &config_at("edge_locations"),
        &[r#"core network "core" has no edge location"#],
    );
    // Every attachment is then outside the edges.
    assert_has(
        &net,
        E,
        Code::AttachmentEdge,
        r#"core_network.attachments["prod-app"]"#,
        &["us-east-1"],
    );
}

#[test]
fn a_segment_or_override_naming_a_region_without_an_edge_is_nf0703() {
    let net = with_core(core().segment("audit", |s| s.edges(["us-east-1", "ap-south-1"])));
    assert_errors(
        &net,
        &[(
            Code::EdgeLocation,
            &at(r#"segments["audit"].edge_locations[1]"#),
            &[
                r#"segment "audit""#,
                r#""ap-south-1""#,
                "us-east-1, eu-west-1",
            ],
        )],
    );
    let net = with_core(core().send_via("prod", ["shared"], "inspection", |v| {
        v.edge_override([["us-east-1", "eu-central-1"]], "eu-central-1")
    }));
    assert_errors(
        &net,
        &[
            (
                Code::EdgeLocation,
                &at("segment_actions[4].via.with_edge_overrides[0].edge_sets[0][1]"),
                &[r#""eu-central-1""#],
            ),
            (
                Code::EdgeLocation,
                &at("segment_actions[4].via.with_edge_overrides[0].use_edge_location"),
                &[r#""eu-central-1""#],
            ),
        ],
    );
}

// ---- NF0704: rule numbers ----

#[test]
fn a_rule_number_outside_the_range_or_repeated_is_nf0704() {
    for number in [0, 65_536, 70_000] {
        let mut net = base();
        policy(&mut net).attachment_policies[1].rule_number = number;
        assert_errors(
            &net,
            &[(
                Code::RuleNumber,
                &at("attachment_policies[1].rule_number"),
                &[&number.to_string(), "1-65535"],
            )],
        );
    }
    let mut net = base();
    policy(&mut net).attachment_policies[1].rule_number = 100;
    assert_errors(
        &net,
        &[(
            Code::RuleNumber,
            &at("attachment_policies[1].rule_number"),
            &["rule number 100", "0 and 1"],
        )],
    );
    // The bounds are accepted.
    for number in [1, 65_535] {
        let mut net = base();
        policy(&mut net).attachment_policies[1].rule_number = number;
        assert_clean(&net);
    }
}

// ---- NF0705: attachment policy actions ----

#[test]
fn an_action_with_both_a_segment_and_a_group_is_nf0705() {
    let mut net = base();
    let action = &mut policy(&mut net).attachment_policies[0].action;
    action.association_method = Some(AssociationMethod::Constant);
    action.segment = Some("prod".into());
    assert_errors(
        &net,
        &[(
            Code::AttachmentAction,
            &at("attachment_policies[0].action"),
            &["attachment policy 100", r#"group "inspection""#],
        )],
    );
}

#[test]
fn an_action_with_neither_a_segment_nor_a_group_is_nf0705() {
    // The inspection VPC, which only rule 100 placed, is then placed nowhere (NF0710), and
    // the group that segments send to has no attachment (NF0714).
    let mut net = base();
    policy(&mut net).attachment_policies[0]
        .action
        .add_to_network_function_group = None;
    assert_diags(
        &net,
        &[
            (
                E,
                Code::AttachmentAction,
                &at("attachment_policies[0].action"),
                &["attachment policy 100", "no segment"],
            ),
            (
                W,
                Code::UnplacedAttachment,
                r#"core_network.attachments["inspection"]"#,
                &[r#"vpc "inspection""#, "nfg=inspection"],
            ),
            (
                W,
                Code::EmptyFunctionGroup,
                &at(r#"network_function_groups["inspection"]"#),
                &[r#""inspection""#, "dropped"],
            ),
        ],
    );
}

#[test]
fn association_method_and_its_fields_must_agree_nf0705() {
    // constant with tag-value-of-key and no segment.
    let mut net = base();
    policy(&mut net).attachment_policies[1]
        .action
        .association_method = Some(AssociationMethod::Constant);
    assert_errors(
        &net,
        &[
            (
                Code::AttachmentAction,
                &at("attachment_policies[1].action.segment"),
                &["attachment policy 200", "constant", "no segment"],
            ),
            (
                Code::AttachmentAction,
                &at("attachment_policies[1].action.tag_value_of_key"),
                &["constant", "no tag-value-of-key"],
            ),
        ],
    );
    // tag with a segment.
    let mut net = base();
    policy(&mut net).attachment_policies[1].action.segment = Some("prod".into());
    assert_errors(
        &net,
        &[(
            Code::AttachmentAction,
            &at("attachment_policies[1].action.segment"),
            &["association-method tag", "no segment"],
        )],
    );
    // tag without tag-value-of-key: nothing places the spokes then.
    let mut net = base();
    policy(&mut net).attachment_policies[1]
        .action
        .tag_value_of_key = None;
    assert_has(
        &net,
        E,
        Code::AttachmentAction,
        &at("attachment_policies[1].action.tag_value_of_key"),
        &["no tag-value-of-key"],
    );
    // No association-method at all.
    let mut net = base();
    policy(&mut net).attachment_policies[1]
        .action
        .association_method = None;
    assert_errors(
        &net,
        &[(
            Code::AttachmentAction,
            &at("attachment_policies[1].action.association_method"),
            &["no association-method"],
        )],
    );
}

#[test]
fn require_acceptance_false_is_nf0705() {
    let mut net = base();
    policy(&mut net).attachment_policies[1]
        .action
        .require_acceptance = Some(false);
    assert_errors(
        &net,
        &[(
            Code::AttachmentAction,
            &at("attachment_policies[1].action.require_acceptance"),
            &["attachment policy 200", "false"],
        )],
    );
    let mut net = base();
    policy(&mut net).attachment_policies[1]
        .action
        .require_acceptance = Some(true);
    assert_clean(&net);
}

// ---- NF0706: conditions ----

/// The base core network with one more rule, 300, of `conditions`, into `shared`.
fn with_rule(conditions: Vec<Condition>) -> Network {
    with_core(core().attachment_policy(300, conditions, AttachmentAction::segment("shared")))
}

#[test]
fn condition_fields_its_type_does_not_take_are_nf0706() {
    let mut tag_exists = Condition::tag_exists("env");
    tag_exists.operator = Some(Operator::Equals);
    let mut tag_value = Condition::tag_value("env", Operator::Equals, "prod");
    tag_value.value = None;
    let mut any = Condition::any();
    any.key = Some("env".into());
    let mut region = Condition::region(Operator::Equals, "us-east-1");
    region.key = Some("env".into());
    let mut account = Condition::account_id(Operator::Equals, "222222222222");
    account.operator = None;
    let cases = [
        (
            tag_exists,
            "operator",
            "the tag-exists condition",
            "takes no operator",
        ),
        (
            tag_value,
            "value",
            "the tag-value condition",
            "has no value",
        ),
        (any, "key", "the any condition", "takes no key"),
        (region, "key", "the region condition", "takes no key"),
        (
            account,
            "operator",
            "the account-id condition",
            "has no operator",
        ),
    ];
    for (condition, field, kind, problem) in cases {
        let net = with_rule(vec![condition]);
        assert_errors(
            &net,
            &[(
                Code::PolicyCondition,
                &at(&format!("attachment_policies[2].conditions[0].{field}")),
                &[kind, "attachment policy 300", problem],
            )],
        );
    }
}

#[test]
fn condition_values_aws_refuses_are_nf0706() {
    let mut not_equals = Condition::attachment_type("vpc");
    not_equals.operator = Some(Operator::NotEquals);
    let cases = [
        (not_equals, "operator", "not-equals"),
        (Condition::attachment_type("vpn"), "value", r#""vpn""#),
        (
            Condition::account_id(Operator::Equals, "2222"),
            "value",
            r#"account id "2222""#,
        ),
        (
            Condition::region(Operator::Equals, "us-east-9"),
            "value",
            r#"region "us-east-9""#,
        ),
    ];
    for (condition, field, value) in cases {
        let net = with_rule(vec![condition]);
        assert_errors(
            &net,
            &[(
                Code::PolicyCondition,
                &at(&format!("attachment_policies[2].conditions[0].{field}")),
                &[value],
            )],
        );
    }
    let help = the(
        &with_rule(vec![Condition::attachment_type("vpn")]),
        Code::PolicyCondition,
    )
    .help
    .unwrap();
    assert!(help.contains("site-to-site-vpn"), "{help}");
    // Partial values are fine with the other operators.
    assert_clean(&with_rule(vec![Condition::account_id(
        Operator::BeginsWith,
        "2222",
    )]));
    assert_clean(&with_rule(vec![Condition::region(
        Operator::BeginsWith,
        "us-",
    )]));
    assert_clean(&with_rule(vec![Condition::attachment_type(
        "site-to-site-vpn",
    )]));
}

#[test]
fn several_conditions_without_logic_or_none_are_nf0706() {
    let mut net = with_rule(vec![Condition::tag_exists("a"), Condition::tag_exists("b")]);
    policy(&mut net).attachment_policies[2].condition_logic = None;
    assert_errors(
        &net,
        &[(
            Code::PolicyCondition,
            &at("attachment_policies[2].condition_logic"),
            &["attachment policy 300", "2 conditions"],
        )],
    );
    let net = with_rule(Vec::new());
    assert_errors(
        &net,
        &[(
            Code::PolicyCondition,
            &at("attachment_policies[2].conditions"),
            &["attachment policy 300 has no condition"],
        )],
    );
}

// ---- NF0707: create-route ----

#[test]
fn blackhole_with_attachments_or_no_destinations_is_nf0707() {
    let net = with_core(core().create_route(
        "shared",
        ["10.99.0.0/16"],
        ["blackhole", "attachment-0123456789abcdef0"],
    ));
    assert_errors(
        &net,
        &[(
            Code::CreateRoute,
            &at("segment_actions[4].destinations"),
            &[
                r#"create-route of segment "shared""#,
                "blackhole, attachment-0123456789abcdef0",
            ],
        )],
    );
    let net = with_core(core().create_route("shared", ["10.99.0.0/16"], NONE));
    assert_errors(
        &net,
        &[(
            Code::CreateRoute,
            &at("segment_actions[4].destinations"),
            &["no destinations"],
        )],
    );
    let net = with_core(core().create_route("shared", ["10.99.0.0/16"], ["attachment-123"]));
    assert_errors(
        &net,
        &[(
            Code::CreateRoute,
            &at("segment_actions[4].destinations[0]"),
            &[r#""attachment-123""#],
        )],
    );
    let net = with_core(core().create_route("shared", NONE, ["blackhole"]));
    assert_errors(
        &net,
        &[(
            Code::CreateRoute,
            &at("segment_actions[4].destination_cidr_blocks"),
            &["no destination-cidr-blocks"],
        )],
    );
}

#[test]
fn a_create_route_cidr_that_does_not_parse_is_nf0101_or_nf0102() {
    let net = with_core(core().create_route("shared", ["10.99.0.0/33"], ["blackhole"]));
    assert_errors(
        &net,
        &[(
            Code::CidrSyntax,
            &at("segment_actions[4].destination_cidr_blocks[0]"),
            &[r#""10.99.0.0/33""#],
        )],
    );
    let net = with_core(core().create_route("shared", ["10.99.0.1/16"], ["blackhole"]));
    assert_errors(
        &net,
        &[(
            Code::CidrHostBits,
            &at("segment_actions[4].destination_cidr_blocks[0]"),
            &["10.99.0.1/16"],
        )],
    );
    // IPv4 and IPv6, to a blackhole or to attachments, are fine.
    assert_clean(&with_core(core().create_route(
        "shared",
        ["10.99.0.0/16", "fd00:99::/48"],
        ["blackhole"],
    )));
    assert_clean(&with_core(core().create_route(
        "shared",
        ["10.99.0.0/16"],
        [
            "attachment-0123456789abcdef0",
            "attachment-0123456789abcdef1",
        ],
    )));
}

// ---- NF0708: ASNs ----

#[test]
fn asn_ranges_that_do_not_parse_invert_overlap_or_are_public_are_nf0708() {
    let cases: [(&[&str], usize, &str); 4] = [
        (&["64512:64520"], 0, r#""64512:64520""#),
        (&["64520-64512"], 0, "ends (64512) before it starts (64520)"),
        (&["100-200"], 0, "private ranges"),
        (&["64512-64520", "64515-64600"], 1, "overlaps"),
    ];
    for (ranges, index, value) in cases {
        let mut net = base();
        policy(&mut net).core_network_configuration.asn_ranges =
            ranges.iter().map(|r| (*r).to_string()).collect();
        assert_errors(
            &net,
            &[(
                Code::CoreAsn,
                &config_at(&format!("asn_ranges[{index}]")),
                &[value],
            )],
        );
    }
    let mut net = base();
    policy(&mut net).core_network_configuration.asn_ranges = vec!["64520-64512".into()];
    let help = the(&net, Code::CoreAsn).help.unwrap();
    assert!(help.contains("64512-64520"), "{help}");

    let mut net = base();
    policy(&mut net)
        .core_network_configuration
        .asn_ranges
        .clear();
    assert_errors(
        &net,
        &[(Code::CoreAsn, &config_at("asn_ranges"), &["no ASN range"])],
    );
    // Single ASNs, both private ranges and their bounds are accepted.
    let mut net = base();
    policy(&mut net).core_network_configuration.asn_ranges = vec![
        "64512".into(),
        "64513-65534".into(),
        "4200000000-4294967294".into(),
    ];
    assert_clean(&net);
}

#[test]
fn an_edge_asn_outside_the_ranges_or_repeated_is_nf0708() {
    let edge_asns = |net: &mut Network, asns: [Option<u64>; 2]| {
        let edges = &mut policy(net).core_network_configuration.edge_locations;
        for (edge, asn) in edges.iter_mut().zip(asns) {
            edge.asn = asn;
        }
    };
    let mut net = base();
    edge_asns(&mut net, [Some(65_000), None]);
    assert_errors(
        &net,
        &[(
            Code::CoreAsn,
            &config_at(r#"edge_locations["us-east-1"].asn"#),
            &["us-east-1", "65000", "64512-64520"],
        )],
    );
    let mut net = base();
    edge_asns(&mut net, [Some(100), None]);
    assert_errors(
        &net,
        &[(
            Code::CoreAsn,
            &config_at(r#"edge_locations["us-east-1"].asn"#),
            &["ASN 100", "private"],
        )],
    );
    let mut net = base();
    edge_asns(&mut net, [Some(64_512), Some(64_512)]);
    assert_errors(
        &net,
        &[(
            Code::CoreAsn,
            &config_at(r#"edge_locations["eu-west-1"].asn"#),
            &["us-east-1", "eu-west-1", "64512"],
        )],
    );
    let mut net = base();
    edge_asns(&mut net, [Some(64_512), Some(64_520)]);
    assert_clean(&net);
}

// ---- NF0709: inside CIDRs ----

#[test]
fn inside_cidrs_that_are_small_overlap_or_lie_outside_are_nf0709() {
    let set = |core: &[&str], east: &[&str], west: &[&str]| {
        let mut net = base();
        let config = &mut policy(&mut net).core_network_configuration;
        config.inside_cidr_blocks = core.iter().map(|c| (*c).to_string()).collect();
        config.edge_locations[0].inside_cidr_blocks =
            east.iter().map(|c| (*c).to_string()).collect();
        config.edge_locations[1].inside_cidr_blocks =
            west.iter().map(|c| (*c).to_string()).collect();
        net
    };
    assert_errors(
        &set(&["10.255.0.0/25"], &[], &[]),
        &[(
            Code::InsideCidr,
            &config_at("inside_cidr_blocks[0]"),
            &["10.255.0.0/25", "/24"],
        )],
    );
    assert_errors(
        &set(&["10.255.0.0/16", "fd00::/65"], &[], &[]),
        &[(
            Code::InsideCidr,
            &config_at("inside_cidr_blocks[1]"),
            &["fd00::/65", "/64"],
        )],
    );
    assert_errors(
        &set(&["10.255.0.0/16", "10.255.1.0/24"], &[], &[]),
        &[(
            Code::InsideCidr,
            &config_at("inside_cidr_blocks[1]"),
            &["10.255.1.0/24", "overlaps", "10.255.0.0/16"],
        )],
    );
    assert_errors(
        &set(&["10.255.0.0/16"], &["10.254.0.0/24"], &[]),
        &[(
            Code::InsideCidr,
            &config_at(r#"edge_locations["us-east-1"].inside_cidr_blocks[0]"#),
            &["us-east-1", "10.254.0.0/24", "10.255.0.0/16"],
        )],
    );
    assert_errors(
        &set(&["10.255.0.0/16"], &["10.255.0.0/24"], &["10.255.0.0/24"]),
        &[(
            Code::InsideCidr,
            &config_at(r#"edge_locations["eu-west-1"].inside_cidr_blocks[0]"#),
            &["edge eu-west-1", "overlaps", "edge us-east-1"],
        )],
    );
    assert_errors(
        &set(&["10.255.0.0/16", "fd00::/56"], &["not-a-cidr"], &[]),
        &[(
            Code::CidrSyntax,
            &config_at(r#"edge_locations["us-east-1"].inside_cidr_blocks[0]"#),
            &[r#""not-a-cidr""#],
        )],
    );
    // IPv4 and IPv6, each edge's inside the core network's.
    assert_clean(&set(
        &["10.255.0.0/16", "fd00::/56"],
        &["10.255.0.0/24", "fd00::/64"],
        &["10.255.1.0/24", "fd00:0:0:1::/64"],
    ));
}

// ---- NF0710: unplaced attachments ----

#[test]
fn an_attachment_no_policy_places_warns_nf0710() {
    let mut net = base();
    attachment(&mut net, "dev-app").tags.clear();
    assert_diags(
        &net,
        &[(
            W,
            Code::UnplacedAttachment,
            r#"core_network.attachments["dev-app"]"#,
            &[r#"vpc "dev-app""#, "tags: none", r#"core network "core""#],
        )],
    );
    assert!(net.validate().is_ok());
    // The network's and the VPC's tags count: a VPC tag places it again.
    net.vpcs[4].tags.insert("segment".into(), "nonprod".into());
    assert_clean(&net);
}

#[test]
fn an_attachment_placed_only_at_deploy_is_not_reported() {
    // A resource-id rule first: no placement is known before deploy, so neither NF0710 nor
    // NF0714 can say anything.
    let net = with_core(core().attachment_policy(
        10,
        [Condition::resource_id(
            Operator::Equals,
            "vpc-0123456789abcdef0",
        )],
        AttachmentAction::segment("shared"),
    ));
    assert_clean(&net);
}

// ---- NF0711: overlapping VPCs in connected segments ----

#[test]
fn overlapping_vpcs_in_shared_segments_are_nf0711() {
    let net = network(core().attach("shared-db", "transit", |a| {
        a.tag("segment", "shared").vpc_route("10.0.0.0/8")
    }))
    .vpc(spoke("shared-db", "network", "us-east-1", "10.1.128.0/17"))
    .build();
    assert_errors(
        &net,
        &[(
            Code::SegmentOverlap,
            r#"core_network.attachments["shared-db"]"#,
            &[
                r#"vpc "shared-db" 10.1.128.0/17 (segment "shared")"#,
                r#"vpc "prod-app" 10.1.0.0/16 (segment "prod")"#,
                "route table of segment",
            ],
        )],
    );
    // prod reaches nonprod through inspection: an overlap there too.
    let net = network(core().attach("dev-db", "transit", in_segment("nonprod")))
        .vpc(spoke("dev-db", "nonprod", "us-east-1", "10.2.0.0/16"))
        .build();
    assert_errors(
        &net,
        &[(
            Code::SegmentOverlap,
            r#"core_network.attachments["dev-db"]"#,
            &[r#"vpc "dev-db""#, r#"vpc "prod-eu" 10.2.0.0/16"#],
        )],
    );
}

/// The base network with an isolated segment `sandbox` (and `core_changes` applied) and two
/// VPCs in it that both use 10.50.0.0/16.
fn sandbox(core_changes: impl FnOnce(CoreNetworkBuilder) -> CoreNetworkBuilder) -> Network {
    let core = core()
        .segment("sandbox", |s| {
            s.isolate_attachments().require_acceptance(false)
        })
        .attach("sbx-a", "transit", in_segment("sandbox"))
        .attach("sbx-b", "transit", in_segment("sandbox"));
    network(core_changes(core))
        .vpc(spoke("sbx-a", "nonprod", "us-east-1", "10.50.0.0/16"))
        .vpc(spoke("sbx-b", "nonprod", "us-east-1", "10.50.0.0/16"))
        .build()
}

#[test]
fn vpcs_of_an_isolated_segment_may_reuse_address_space() {
    // Neither NF0107 (the VPCs are only on the core network) nor NF0711 (no route table
    // holds both).
    assert_clean(&sandbox(|c| c));
}

#[test]
fn isolated_vpcs_that_one_route_table_joins_are_nf0711() {
    // Shared with `shared`: its route table holds both sandbox VPCs.
    let net = sandbox(|c| c.share("sandbox", ShareWith::segments(["shared"])));
    assert_errors(
        &net,
        &[(
            Code::SegmentOverlap,
            r#"core_network.attachments["sbx-b"]"#,
            &[
                r#"vpc "sbx-b" 10.50.0.0/16 (segment "sandbox")"#,
                r#"vpc "sbx-a" 10.50.0.0/16"#,
                r#"route table of segment "shared""#,
            ],
        )],
    );
    // Sending its internet traffic to the inspection group: the group's table holds both.
    let net = sandbox(|c| c.send_to("sandbox", "inspection"));
    assert_errors(
        &net,
        &[(
            Code::SegmentOverlap,
            r#"core_network.attachments["sbx-b"]"#,
            &[r#"route table of network function group "inspection""#],
        )],
    );
    // A deny filter keeps `shared` from learning the sandbox: no table holds both again.
    let mut denied = sandbox(|c| c.share("sandbox", ShareWith::segments(["shared"])));
    policy(&mut denied).segments[2].deny_filter = vec!["sandbox".into()];
    assert_clean(&denied);
}

// ---- NF0712: attachments outside the edges ----

#[test]
fn an_attachment_in_a_region_without_an_edge_is_nf0712() {
    let net = network(core().attach("prod-fra", "transit", in_segment("prod")))
        .vpc(spoke("prod-fra", "prod", "eu-central-1", "10.4.0.0/16"))
        .build();
    assert_errors(
        &net,
        &[(
            Code::AttachmentEdge,
            r#"core_network.attachments["prod-fra"]"#,
            &[r#"vpc "prod-fra""#, "eu-central-1", "us-east-1, eu-west-1"],
        )],
    );
    let help = the(&net, Code::AttachmentEdge).help.unwrap();
    assert!(help.contains("delete its attachments first"), "{help}");
}

#[test]
fn an_attachment_outside_its_segments_edges_is_nf0712() {
    let mut net = base();
    policy(&mut net).segments[0].edge_locations = vec!["us-east-1".into()];
    assert_errors(
        &net,
        &[(
            Code::AttachmentEdge,
            r#"core_network.attachments["prod-eu"]"#,
            &[
                r#"vpc "prod-eu""#,
                "eu-west-1",
                r#"segment "prod""#,
                "only in us-east-1",
            ],
        )],
    );
}

// ---- NF0713: segment action fields ----

#[test]
fn a_share_without_share_with_or_with_another_mode_is_nf0713() {
    let mut net = base();
    policy(&mut net).segment_actions[0].share_with = None;
    assert_errors(
        &net,
        &[(
            Code::SegmentAction,
            &at("segment_actions[0].share_with"),
            &[r#"share of segment "shared" has no share-with"#],
        )],
    );
    let mut net = base();
    policy(&mut net).segment_actions[0].mode = Some(ActionMode::SingleHop);
    assert_errors(
        &net,
        &[(
            Code::SegmentAction,
            &at("segment_actions[0].mode"),
            &["single-hop", "attachment-route"],
        )],
    );
}

#[test]
fn a_send_via_without_its_fields_is_nf0713() {
    for (field, key) in [
        ("when_sent_to", "when-sent-to"),
        ("mode", "mode"),
        ("via", "via"),
    ] {
        let mut net = base();
        let action = &mut policy(&mut net).segment_actions[1];
        match field {
            "when_sent_to" => action.when_sent_to = None,
            "mode" => action.mode = None,
            _ => action.via = None,
        }
        assert_errors(
            &net,
            &[(
                Code::SegmentAction,
                &at(&format!("segment_actions[1].{field}")),
                &[&format!(r#"send-via of segment "prod" has no {key}"#)],
            )],
        );
    }
    let mut net = base();
    policy(&mut net).segment_actions[1].mode = Some(ActionMode::AttachmentRoute);
    assert_errors(
        &net,
        &[(
            Code::SegmentAction,
            &at("segment_actions[1].mode"),
            &["attachment-route", "single-hop or dual-hop"],
        )],
    );
}

#[test]
fn fields_of_another_action_are_nf0713() {
    let mut net = base();
    policy(&mut net).segment_actions[2].mode = Some(ActionMode::SingleHop);
    assert_errors(
        &net,
        &[(
            Code::SegmentAction,
            &at("segment_actions[2].mode"),
            &[
                r#"send-to of segment "prod" has mode"#,
                "only share and send-via",
            ],
        )],
    );
    let mut net = base();
    let when = policy(&mut net).segment_actions[1].when_sent_to.clone();
    policy(&mut net).segment_actions[2].when_sent_to = when;
    assert_errors(
        &net,
        &[(
            Code::SegmentAction,
            &at("segment_actions[2].when_sent_to"),
            &["when-sent-to", "only send-via"],
        )],
    );
    let mut route = bare_action(ActionKind::CreateRoute, "shared");
    route.destination_cidr_blocks = vec!["10.99.0.0/16".into()];
    route.destinations = vec!["blackhole".into()];
    route.via = Some(Via {
        network_function_groups: vec!["inspection".into()],
        with_edge_overrides: Vec::new(),
    });
    route.share_with = Some(ShareWith::all());
    let mut net = base();
    policy(&mut net).segment_actions.push(route);
    assert_errors(
        &net,
        &[
            (
                Code::SegmentAction,
                &at("segment_actions[4].via"),
                &[r#"create-route of segment "shared" has via"#],
            ),
            (
                Code::SegmentAction,
                &at("segment_actions[4].share_with"),
                &["share-with", "only share"],
            ),
        ],
    );
    let mut net = base();
    policy(&mut net)
        .segment_actions
        .push(bare_action(ActionKind::SendTo, "shared"));
    assert_errors(
        &net,
        &[(
            Code::SegmentAction,
            &at("segment_actions[4].via"),
            &[r#"send-to of segment "shared" has no via"#],
        )],
    );
}

#[test]
fn a_via_with_two_groups_or_none_is_nf0713() {
    let mut net = with_core(core().network_function_group("inspection2"));
    policy(&mut net).segment_actions[2]
        .via
        .as_mut()
        .unwrap()
        .network_function_groups
        .push("inspection2".into());
    assert_diags(
        &net,
        &[
            (
                E,
                Code::SegmentAction,
                &at("segment_actions[2].via.network_function_groups"),
                &["2 network function groups", "inspection, inspection2"],
            ),
            (
                W,
                Code::EmptyFunctionGroup,
                &at(r#"network_function_groups["inspection2"]"#),
                &[r#""inspection2""#],
            ),
        ],
    );
    let mut net = base();
    policy(&mut net).segment_actions[2]
        .via
        .as_mut()
        .unwrap()
        .network_function_groups
        .clear();
    assert_errors(
        &net,
        &[(
            Code::SegmentAction,
            &at("segment_actions[2].via.network_function_groups"),
            &["no network function group"],
        )],
    );
}

#[test]
fn edge_overrides_on_dual_hop_warn_and_empty_edge_sets_are_nf0713() {
    // Dual-hop inspects in every region of the segments' attachments: eu-west-1 (prod-eu)
    // has no inspection VPC, NF0714.
    let mut net = base();
    policy(&mut net).segment_actions[1].mode = Some(ActionMode::DualHop);
    assert_diags(
        &net,
        &[
            (
                W,
                Code::SegmentAction,
                &at("segment_actions[1].via.with_edge_overrides"),
                &["dual-hop", "edge overrides"],
            ),
            (
                W,
                Code::EmptyFunctionGroup,
                &at("segment_actions[1]"),
                &[
                    "dual-hop",
                    r#"group "inspection""#,
                    "none in eu-west-1",
                    "only in us-east-1",
                ],
            ),
        ],
    );
    let mut net = base();
    policy(&mut net).segment_actions[1]
        .via
        .as_mut()
        .unwrap()
        .with_edge_overrides[0]
        .edge_sets
        .push(Vec::new());
    assert_errors(
        &net,
        &[(
            Code::SegmentAction,
            &at("segment_actions[1].via.with_edge_overrides[0].edge_sets"),
            &["empty edge set"],
        )],
    );
}

#[test]
fn a_segment_with_both_filters_is_nf0713() {
    let net = with_core(core().segment("audit", |s| s.allow(["prod"]).deny(["nonprod"])));
    assert_errors(
        &net,
        &[(
            Code::SegmentAction,
            &at(r#"segments["audit"].deny_filter"#),
            &[r#"segment "audit""#, "allow-filter and a deny-filter"],
        )],
    );
}

// ---- NF0714: network function groups without attachments ----

#[test]
fn sending_to_a_group_without_attachments_warns_nf0714() {
    let net = with_core(
        core()
            .network_function_group("egress")
            .send_to("shared", "egress"),
    );
    assert_diags(
        &net,
        &[(
            W,
            Code::EmptyFunctionGroup,
            &at(r#"network_function_groups["egress"]"#),
            &[
                r#"network function group "egress" has no attachment"#,
                r#"send-to of segment "shared""#,
            ],
        )],
    );
    // A group no action uses may stay empty.
    assert_clean(&with_core(core().network_function_group("spare")));
}

#[test]
fn dual_hop_without_inspection_in_a_region_warns_nf0714() {
    let net = with_core(core().send_via("nonprod", ["shared"], "inspection", |v| v.dual_hop()));
    // nonprod and shared attach only in us-east-1, where the group has its VPC: fine.
    assert_clean(&net);
    let net = with_core(core().send_via("shared", ["prod"], "inspection", |v| v.dual_hop()));
    assert_diags(
        &net,
        &[(
            W,
            Code::EmptyFunctionGroup,
            &at("segment_actions[4]"),
            &[r#"send-via of segment "shared""#, "none in eu-west-1"],
        )],
    );
}

// ---- codes of other areas ----

#[test]
fn the_core_networks_own_fields_reuse_nf0202_nf0302_nf0303_and_nf0616() {
    let mut net = base();
    cw(&mut net).name = "core net".into();
    assert_errors(
        &net,
        &[(
            Code::NameSyntax,
            "core_network.name",
            &[r#"core network name "core net""#],
        )],
    );
    let mut net = base();
    cw(&mut net).home_region = "us-east-9".into();
    assert_errors(
        &net,
        &[(
            Code::UnknownRegion,
            "core_network.home_region",
            &[r#""us-east-9""#],
        )],
    );
    let mut net = base();
    cw(&mut net).account = "ghost".into();
    cw(&mut net).share_with.push("network".into());
    assert_errors(
        &net,
        &[(
            Code::UnknownAccount,
            "core_network.account",
            &[r#"account "ghost""#],
        )],
    );
    let net = with_core(core().share_with("arn:aws:iam::222222222222:root"));
    assert_errors(
        &net,
        &[(
            Code::RamPrincipal,
            "core_network.share_with[2]",
            &[r#""arn:aws:iam::222222222222:root""#],
        )],
    );
    // The organization ARN is a principal, and covers every account.
    let mut net = with_core(
        core().share_with("arn:aws:organizations::111111111111:organization/o-abcd1234ef"),
    );
    cw(&mut net).share_with.retain(|p| p.starts_with("arn:"));
    assert_clean(&net);
}

#[test]
fn attaching_from_an_account_the_core_network_is_not_shared_with_is_nf0609() {
    let mut net = base();
    cw(&mut net).share_with.retain(|p| p != "prod");
    assert_errors(
        &net,
        &[
            (
                Code::NotShared,
                r#"core_network.attachments["prod-app"].vpc"#,
                &[r#"account "prod""#, r#"core network "core""#],
            ),
            (
                Code::NotShared,
                r#"core_network.attachments["prod-eu"].vpc"#,
                &[r#"vpc "prod-eu""#],
            ),
        ],
    );
}

#[test]
fn attachment_references_reuse_nf0603_nf0604_nf0605_and_nf0612() {
    let net = with_core(core().attach("ghost", "transit", in_segment("prod")));
    assert_errors(
        &net,
        &[(
            Code::UnknownReference,
            r#"core_network.attachments["ghost"].vpc"#,
            &[r#""core""#, r#"vpc "ghost""#],
        )],
    );
    let mut net = base();
    attachment(&mut net, "prod-app").subnet_group = "tgw".into();
    assert_errors(
        &net,
        &[(
            Code::UnknownSubnetGroup,
            r#"core_network.attachments["prod-app"].subnet_group"#,
            &[r#"vpc "prod-app""#, r#""tgw""#],
        )],
    );
    let mut net = base();
    attachment(&mut net, "prod-app").subnet_group = "app".into();
    assert_errors(
        &net,
        &[(
            Code::AttachmentSubnets,
            r#"core_network.attachments["prod-app"].subnet_group"#,
            &["tier private"],
        )],
    );
    let net = with_core(core().attach("prod-app", "transit", in_segment("prod")));
    assert_errors(
        &net,
        &[(
            Code::AttachmentPlacement,
            r#"core_network.attachments["prod-app"]"#,
            &["twice", "attachments 2 and 5"],
        )],
    );
}

#[test]
fn vpc_routes_to_the_core_network_reuse_nf0613() {
    let mut net = base();
    let routes = &mut attachment(&mut net, "dev-app").vpc_routes;
    routes.push("10.3.1.0/24".into());
    routes.push("0.0.0.0/0".into());
    assert_errors(
        &net,
        &[
            (
                Code::VpcRouteConflict,
                r#"core_network.attachments["dev-app"].vpc_routes[1]"#,
                &["10.3.1.0/24", "own CIDR 10.3.0.0/16"],
            ),
            (
                Code::VpcRouteConflict,
                r#"core_network.attachments["dev-app"].vpc_routes[2]"#,
                &["0.0.0.0/0", "twice"],
            ),
        ],
    );
    let mut net = base();
    net.vpcs[4] = spoke("dev-app", "nonprod", "us-east-1", "10.3.0.0/16")
        .subnets("public", Tier::Public, 26)
        .nat(NatMode::PerAz)
        .build();
    assert_errors(
        &net,
        &[(
            Code::VpcRouteConflict,
            r#"core_network.attachments["dev-app"].vpc_routes[0]"#,
            &["0.0.0.0/0", "own NAT gateways"],
        )],
    );
}

#[test]
fn a_network_function_attachment_without_appliance_mode_is_nf0606() {
    let mut net = base();
    attachment(&mut net, "inspection").appliance_mode = false;
    assert_errors(
        &net,
        &[(
            Code::ApplianceMode,
            r#"core_network.attachments["inspection"].appliance_mode"#,
            &[r#"vpc "inspection""#, "appliance mode off"],
        )],
    );
}

#[test]
fn an_inspection_vpc_that_lands_in_a_segment_is_nf0614() {
    let mut net = with_firewall();
    let tags = &mut attachment(&mut net, "inspection").tags;
    tags.clear();
    tags.insert("segment".into(), "shared".into());
    assert_diags(
        &net,
        &[
            (
                E,
                Code::InspectionLayout,
                r#"core_network.attachments["inspection"]"#,
                &[r#"inspection vpc "inspection""#, r#"segment "shared""#],
            ),
            (
                W,
                Code::EmptyFunctionGroup,
                &at(r#"network_function_groups["inspection"]"#),
                &[],
            ),
        ],
    );
}

#[test]
fn a_spoke_with_its_own_nat_under_egress_inspection_is_nf0611() {
    let mut net = with_firewall();
    net.vpcs[4] = spoke("dev-app", "nonprod", "us-east-1", "10.3.0.0/16")
        .subnets("public", Tier::Public, 26)
        .nat(NatMode::PerAz)
        .build();
    attachment(&mut net, "dev-app").vpc_routes = vec!["10.0.0.0/8".into()];
    assert_errors(
        &net,
        &[(
            Code::InspectionBypass,
            r#"vpcs["dev-app"].nat"#,
            &[
                r#"vpc "dev-app""#,
                r#"inspection vpc "inspection""#,
                r#"segment "nonprod""#,
            ],
        )],
    );
}

#[test]
fn inspecting_a_segments_own_traffic_without_isolation_is_nf0611() {
    let net = with_core(core().send_via("nonprod", ["nonprod"], "inspection", |v| v));
    assert_errors(
        &net,
        &[(
            Code::InspectionBypass,
            &at("segment_actions[4].when_sent_to"),
            &[r#"send-via of segment "nonprod""#, "does not isolate"],
        )],
    );
    let mut star = base();
    policy(&mut star).segment_actions[1].when_sent_to = Some(netform::dsl::policy::WhenSentTo {
        segments: netform::dsl::policy::SegmentList::All(netform::dsl::policy::All::All),
    });
    assert_has(
        &star,
        E,
        Code::InspectionBypass,
        &at("segment_actions[1].when_sent_to"),
        &[r#"segment "prod" itself"#],
    );
    // With isolated attachments the inspection holds.
    let mut net = with_core(core().send_via("nonprod", ["nonprod"], "inspection", |v| v));
    policy(&mut net).segments[1].isolate_attachments = Some(true);
    assert_clean(&net);
}

// ---- all at once ----

#[test]
fn many_policy_problems_are_reported_at_once() {
    let mut net = with_core(
        core()
            .segment("dev-test", |s| s)
            .edge("us-east-9")
            .create_route("shared", ["10.99.0.0/16"], NONE),
    );
    let p = policy(&mut net);
    p.attachment_policies[1].rule_number = 100;
    p.attachment_policies[0].conditions[0].kind = ConditionType::Any;
    p.core_network_configuration.asn_ranges = vec!["1-2".into()];
    let codes: Vec<Code> = diagnostics(&net).iter().map(|d| d.code).collect();
    for code in [
        Code::SegmentName,
        Code::EdgeLocation,
        Code::CreateRoute,
        Code::RuleNumber,
        Code::PolicyCondition,
        Code::CoreAsn,
    ] {
        assert!(codes.contains(&code), "no {code} in {codes:?}");
    }
}

// ------------------------------------------------------------------ quotas and acceptance

/// 41 segments: one over the quota, which AWS does not raise.
#[test]
fn nf0715_more_than_40_segments() {
    let mut core = core();
    for i in 0..38 {
        core = core.segment(format!("extra{i}"), |s| s.require_acceptance(false));
    }
    let network = with_core(core);
    let d = the(&network, Code::CloudWanQuota);
    assert_eq!(d.severity, E);
    assert_eq!(d.path.to_string(), "core_network.policy.segments");
    assert!(d.message.contains("has 41 segments"), "{}", d.message);
}

/// The base network with `prod` left at AWS's default: attachments wait for an acceptance.
fn prod_needs_acceptance() -> Network {
    let mut network = base();
    let core = network.core_network.as_mut().unwrap();
    let prod = core.policy.segments.iter_mut().find(|s| s.name == "prod");
    prod.unwrap().require_attachment_acceptance = None;
    network
}

/// Terraform accepts the attachment in the core network's account, and the VPC's routes to
/// the core network wait for the acceptance rather than the attachment alone.
#[test]
fn an_attachment_that_needs_acceptance_is_accepted_in_terraform() {
    use netform::backends::Target;
    let network = prod_needs_acceptance();
    let valid = network.validate().expect("valid");
    let graph = netform::backends::lower(&valid).expect("lowers");
    let files = Target::Terraform.render(&graph).expect("renders");
    let main = &files.iter().find(|f| f.path == "main.tf").unwrap().contents;
    for vpc in ["prod_app", "prod_eu"] {
        let accepter =
            format!("resource \"aws_networkmanager_attachment_accepter\" \"core_{vpc}\"");
        let at = main
            .find(&accepter)
            .unwrap_or_else(|| panic!("no {accepter}"));
        let block = &main[at..at + main[at..].find("\n}\n").unwrap()];
        assert!(
            block.contains("provider        = aws.network_us_east_1"),
            "{block}"
        );
        assert!(
            block.contains(&format!(
                "attachment_id   = aws_networkmanager_vpc_attachment.core_{vpc}.id"
            )),
            "{block}"
        );
        assert!(block.contains("attachment_type = \"VPC\""), "{block}");
    }
    let route = "resource \"aws_route\" \"prod_app_app_a_default\"";
    let at = main.find(route).unwrap();
    let block = &main[at..at + main[at..].find("\n}\n").unwrap()];
    assert!(
        block.contains("aws_networkmanager_attachment_accepter.core_prod_app"),
        "{block}"
    );
    // nonprod needs no acceptance: no accepter, and its routes wait for the attachment.
    assert!(!main.contains("aws_networkmanager_attachment_accepter\" \"core_dev_app\""));
}

/// CloudFormation has no accepter, and the routes are in the attachment's own stack: NF0502,
/// at the attachment, and nothing is rendered.
#[test]
fn nf0502_an_acceptance_cloudformation_would_wait_for_inside_a_stack() {
    use netform::backends::{ErrorKind, Target};
    let network = prod_needs_acceptance();
    let valid = network.validate().expect("valid");
    let graph = netform::backends::lower(&valid).expect("lowers");
    let err = Target::CloudFormation.render(&graph).unwrap_err();
    let ErrorKind::Unsupported(diags) = err.kind() else {
        panic!("{err}")
    };
    let paths: Vec<String> = diags
        .iter()
        .map(|d| {
            assert_eq!((d.code, d.severity), (Code::CfnManualStep, E));
            d.path.to_string()
        })
        .collect();
    assert_eq!(
        paths,
        [
            r#"core_network.attachments["prod-app"]"#,
            r#"core_network.attachments["prod-eu"]"#
        ]
    );
    let message = &diags.iter().next().unwrap().message;
    assert!(
        message.contains("aws networkmanager accept-attachment --region us-west-2"),
        "{message}"
    );
}
