//! The Cloud WAN core network: the global network, the core network (in Terraform with a
//! base policy that has every edge), the full policy, the RAM share (in us-east-1), and the
//! VPC attachments in the VPCs' accounts, tagged for the attachment policies.
//!
//! Order that deploys without a cycle: global network, core network, policy, then the
//! attachments (which wait for the policy, so the attachment policies place them as they
//! are created), then the spokes' routes (which wait for their attachment). The policy names
//! no attachment id, so nothing points back (the cycle aws-ia/terraform-aws-cloudwan PR #14
//! broke with a separate policy attachment resource, which is what Terraform gets here).

use super::routing::{core_id, cw_accepter_id, cw_attachment_id, Routing};
use super::share::{share, Share};
use super::{az_suffix, Emitter, Spec};
use crate::graph::{Placement, ResourceId, Value};
use crate::kinds::{Attr, Kind};
use netform_dsl::{
    AttachmentFacts, CoreNetwork, CwAttachment, Joins, Network, Path, PolicyMatch, Tags,
    ValidNetwork, Vpc,
};

/// AWS RAM shares a core network only from us-east-1: "You must share your global resource
/// from the N. Virginia (us-east-1) Region so that all other Regions can see the global
/// resource" (AWS Cloud WAN User Guide, "Share a core network").
const RAM_GLOBAL_REGION: &str = "us-east-1";

pub(crate) fn lower(
    emit: &mut Emitter<'_>,
    valid: &ValidNetwork,
    routing: &Routing<'_>,
    core: &CoreNetwork,
) {
    let network = valid.network();
    let tags = network.tags.clone();
    let path = Path::root().field("core_network");
    let placement = Placement {
        account: core.account.clone(),
        region: core.home_region.clone(),
    };
    let spec = |kind, name: Vec<String>| Spec {
        kind,
        name,
        placement: &placement,
        origin: &path,
        tags: &tags,
    };

    let global = emit.add(spec(Kind::GlobalNetwork, vec![core.name.clone()]), |p| {
        p.insert(
            "description",
            format!("netform global network of {}", network.name).into(),
        );
    });
    let policy_document =
        serde_json::to_value(&core.policy).expect("the policy types serialize to JSON");
    // The keys a base policy may have (as aws-ia/terraform-aws-cloudwan builds it): version,
    // configuration and segments; actions and attachment policies follow with the full one.
    let base_policy: serde_json::Map<String, serde_json::Value> = policy_document
        .as_object()
        .expect("a policy is a JSON object")
        .iter()
        .filter(|(key, _)| {
            matches!(
                key.as_str(),
                "version" | "core-network-configuration" | "segments"
            )
        })
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    let hub = emit.add(spec(Kind::CoreNetwork, vec![core.name.clone()]), |p| {
        p.insert("global_network_id", global.id().into());
        p.insert(
            "description",
            format!("netform core network {} of {}", core.name, network.name).into(),
        );
        // Terraform: a base policy with the edges, ASNs and segments goes live with the core
        // network; the full policy follows in its own resource.
        p.insert("create_base_policy", true.into());
        p.insert(
            "base_policy_document",
            Value::Document(serde_json::Value::Object(base_policy)),
        );
    });
    debug_assert_eq!(hub, core_id(core));
    emit.output(
        &hub,
        vec![core.name.clone(), "core-network-id".into()],
        format!("Id of core network {}", core.name),
    );
    let policy = emit.add(
        Spec {
            origin: &path.field("policy"),
            ..spec(Kind::CorePolicyAttachment, vec![core.name.clone()])
        },
        |p| {
            p.insert("core_network_id", hub.id().into());
            p.insert("policy_document", Value::Document(policy_document));
        },
    );

    let share_placement = Placement {
        account: core.account.clone(),
        region: RAM_GLOBAL_REGION.to_string(),
    };
    let share = share(
        emit,
        network,
        Share {
            name: &core.name,
            principals: &core.share_with,
            resource: hub.attr(Attr::Arn),
            resource_name: "core-network",
            placement: &share_placement,
            path: &path.field("share_with"),
            tags: &tags,
        },
    );

    for attachment in &core.attachments {
        let index = routing
            .index(&attachment.vpc)
            .expect("validated: the attached VPC exists");
        let vpc = &network.vpcs[index];
        let vpc_placement = Placement {
            account: vpc.account.clone(),
            region: vpc.region.clone(),
        };
        let subnets: Vec<Value> = vpc
            .azs
            .iter()
            .map(|az| {
                ResourceId::new(
                    Kind::Subnet,
                    [
                        vpc.name.as_str(),
                        attachment.subnet_group.as_str(),
                        az_suffix(az),
                    ],
                )
                .attr(Attr::Arn)
                .into()
            })
            .collect();
        // The attachment policies read these tags.
        let attachment_tags = attachment_tags(network, vpc, attachment);
        let id = emit.add(
            Spec {
                kind: Kind::CwVpcAttachment,
                name: vec![core.name.clone(), vpc.name.clone()],
                placement: &vpc_placement,
                origin: &path.field("attachments").key(&vpc.name),
                tags: &attachment_tags,
            },
            |p| {
                p.insert("core_network_id", hub.id().into());
                p.insert(
                    "vpc_arn",
                    ResourceId::new(Kind::Vpc, [vpc.name.as_str()])
                        .attr(Attr::Arn)
                        .into(),
                );
                p.insert("subnet_arns", Value::List(subnets));
                p.insert("appliance_mode_support", attachment.appliance_mode.into());
            },
        );
        debug_assert_eq!(id, cw_attachment_id(core, &vpc.name));
        emit.depends_on(&id, &policy);
        if needs_acceptance(network, core, vpc, attachment) {
            // The core network's owner accepts; routes to the core network wait for it.
            let accepter = emit.add(
                Spec {
                    kind: Kind::CwAttachmentAccepter,
                    name: vec![core.name.clone(), vpc.name.clone()],
                    placement: &placement,
                    origin: &path.field("attachments").key(&vpc.name),
                    tags: &tags,
                },
                |p| {
                    p.insert("attachment_id", id.id().into());
                    p.insert("attachment_type", "VPC".into());
                },
            );
            debug_assert_eq!(accepter, cw_accepter_id(core, &vpc.name));
        }
        // An attachment from another account needs the share (and its principal) first.
        if vpc.account != core.account {
            for dependency in &share {
                emit.depends_on(&id, dependency);
            }
        }
    }
}

/// The tags an attachment carries, as the attachment policies see them: the network's, the
/// VPC's, then its own (later ones win).
pub(crate) fn attachment_tags(network: &Network, vpc: &Vpc, attachment: &CwAttachment) -> Tags {
    let mut tags = network.tags.clone();
    tags.extend(vpc.tags.clone());
    tags.extend(attachment.tags.clone());
    tags
}

/// Whether the attachment waits for an acceptance: the rule that places it says so, or its
/// segment does (`require-attachment-acceptance`, true unless set false: "Core network
/// policy version parameters", AWS Cloud WAN User Guide), or its network function group does.
pub(crate) fn needs_acceptance(
    network: &Network,
    core: &CoreNetwork,
    vpc: &Vpc,
    attachment: &CwAttachment,
) -> bool {
    let tags = attachment_tags(network, vpc, attachment);
    let account_id = network.account(&vpc.account).map(|a| a.id.as_str());
    let facts = AttachmentFacts {
        tags: &tags,
        account_id: account_id.unwrap_or_default(),
        region: &vpc.region,
        attachment_type: "vpc",
    };
    placement_needs_acceptance(core, &facts)
}

/// A VPN or Direct Connect attachment to the core network, as its policies see it.
pub(crate) struct Joining<'a> {
    /// The attachment's resource.
    pub attachment: &'a ResourceId,
    /// The attaching account's alias.
    pub account: &'a str,
    /// The edge it attaches at (the first, for several).
    pub region: &'a str,
    /// Every tag it carries.
    pub tags: &'a Tags,
    /// Its `attachment-type` in the policy: `site-to-site-vpn`, `direct-connect-gateway`.
    pub policy_type: &'a str,
    /// Its type as Network Manager's API names it: `SITE_TO_SITE_VPN`,
    /// `DIRECT_CONNECT_GATEWAY`.
    pub api_type: &'a str,
}

/// A VPN or Direct Connect attachment joins the core network: it waits for the live policy
/// (as VPC attachments do), and when its placement asks for an acceptance, the core network's
/// owner accepts it (`accepter`, the accepter's spec).
pub(crate) fn join_core(
    emit: &mut Emitter<'_>,
    network: &Network,
    core: &CoreNetwork,
    joining: &Joining<'_>,
    accepter: Spec<'_>,
) {
    let policy = ResourceId::new(Kind::CorePolicyAttachment, [core.name.as_str()]);
    emit.depends_on(joining.attachment, &policy);
    let account_id = network
        .account(joining.account)
        .map(|a| a.id.as_str())
        .unwrap_or_default();
    let facts = AttachmentFacts {
        tags: joining.tags,
        account_id,
        region: joining.region,
        attachment_type: joining.policy_type,
    };
    if placement_needs_acceptance(core, &facts) {
        emit.add(accepter, |p| {
            p.insert("attachment_id", joining.attachment.id().into());
            p.insert("attachment_type", joining.api_type.into());
        });
    }
}

/// Whether an attachment with these facts waits for an acceptance (see [`needs_acceptance`]).
fn placement_needs_acceptance(core: &CoreNetwork, facts: &AttachmentFacts<'_>) -> bool {
    let PolicyMatch::Matched(rule, joins) = core.policy.place(facts) else {
        return false;
    };
    if rule.action.require_acceptance == Some(true) {
        return true;
    }
    match joins {
        Joins::Segment(name) => core
            .policy
            .segments
            .iter()
            .find(|s| s.name == name)
            .is_some_and(|s| s.require_attachment_acceptance != Some(false)),
        Joins::Group(name) => core
            .policy
            .network_function_groups
            .iter()
            .find(|g| g.name == name)
            .is_some_and(|g| g.require_attachment_acceptance),
    }
}
