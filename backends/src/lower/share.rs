//! AWS RAM shares: a share of one resource (a Transit Gateway, a core network) with its
//! principals, account aliases resolved to ids. Sharing stays inside the organization.

use super::{Emitter, Spec};
use crate::graph::{Placement, Reference, ResourceId};
use crate::kinds::{Attr, Kind};
use indexmap::IndexMap;
use netform_dsl::{Network, Path};

/// What to share, with whom, and where the share lives.
pub(crate) struct Share<'a> {
    /// The shared resource's model name: names the share and its parts.
    pub name: &'a str,
    /// Account aliases, 12-digit ids, OU ARNs or the organization ARN.
    pub principals: &'a [String],
    /// The shared resource's ARN.
    pub resource: Reference,
    /// Names the resource association (`tgw`, `core-network`).
    pub resource_name: &'a str,
    /// The share's account and region.
    pub placement: &'a Placement,
    /// The model path of the principals.
    pub path: &'a Path,
    /// Tags of the share.
    pub tags: &'a IndexMap<String, String>,
}

/// The share, its resource and its principals. Returns the resources that an attachment
/// from another account must wait for (nothing when there are no principals).
pub(crate) fn share(
    emit: &mut Emitter<'_>,
    network: &Network,
    share: Share<'_>,
) -> Vec<ResourceId> {
    if share.principals.is_empty() {
        return Vec::new();
    }
    fn spec<'s>(kind: Kind, name: Vec<String>, origin: &'s Path, share: &'s Share<'_>) -> Spec<'s> {
        Spec {
            kind,
            name,
            placement: share.placement,
            origin,
            tags: share.tags,
        }
    }
    let ram = emit.add(
        spec(
            Kind::RamShare,
            vec![share.name.to_string()],
            share.path,
            &share,
        ),
        |p| {
            p.insert("name", format!("{}-{}", network.name, share.name).into());
            p.insert("allow_external_principals", false.into());
        },
    );
    let mut out = vec![ram.clone()];
    out.push(emit.add(
        spec(
            Kind::RamResource,
            vec![share.name.to_string(), share.resource_name.to_string()],
            share.path,
            &share,
        ),
        |p| {
            p.insert("resource_share_arn", ram.attr(Attr::Arn).into());
            p.insert("resource_arn", share.resource.clone().into());
        },
    ));
    for (i, principal) in share.principals.iter().enumerate() {
        let (name, value) = match network.account(principal) {
            Some(account) => (account.alias.clone(), account.id.clone()),
            // An id or an ARN: named by its last part (the id, o-..., ou-...).
            None => (
                principal
                    .rsplit([':', '/'])
                    .next()
                    .unwrap_or(principal)
                    .to_string(),
                principal.clone(),
            ),
        };
        let origin = share.path.index(i);
        out.push(emit.add(
            spec(
                Kind::RamPrincipal,
                vec![share.name.to_string(), name],
                &origin,
                &share,
            ),
            |p| {
                p.insert("resource_share_arn", ram.attr(Attr::Arn).into());
                p.insert("principal", value.into());
            },
        ));
    }
    out
}
