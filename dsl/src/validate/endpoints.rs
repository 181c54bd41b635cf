//! Gateway endpoints: each is for a service that has one (S3, DynamoDB), once per VPC, routed
//! from subnet groups the VPC has, with a policy that is a JSON object.

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::endpoints::GATEWAY_SERVICES;
use crate::model::Network;
use crate::path::Path;
use indexmap::{IndexMap, IndexSet};

/// "Characters per VPC endpoint policy: 20,480", not adjustable ("AWS PrivateLink quotas").
const MAX_POLICY_CHARS: usize = 20_480;
/// "Gateway VPC endpoints per Region: 20", per account, adjustable (same page).
const DEFAULT_GATEWAY_ENDPOINTS_PER_REGION: usize = 20;

pub(super) fn check(network: &Network, diags: &mut Diagnostics) {
    // Gateway endpoints per (account, region), and where the count first passed the quota.
    let mut per_region: IndexMap<(&str, &str), (usize, Option<&str>)> = IndexMap::new();
    for vpc in &network.vpcs {
        if !vpc.gateway_endpoints.is_empty() {
            let (count, first_over) = per_region
                .entry((vpc.account.as_str(), vpc.region.as_str()))
                .or_default();
            *count += vpc.gateway_endpoints.len();
            if *count > DEFAULT_GATEWAY_ENDPOINTS_PER_REGION && first_over.is_none() {
                *first_over = Some(vpc.name.as_str());
            }
        }
        let root = Path::root()
            .field("vpcs")
            .key(&vpc.name)
            .field("gateway_endpoints");
        let mut seen: IndexSet<&str> = IndexSet::new();
        for (i, endpoint) in vpc.gateway_endpoints.iter().enumerate() {
            let path = root.index(i);
            if !GATEWAY_SERVICES.contains(&endpoint.service.as_str()) {
                diags.push(
                    Diagnostic::error(
                        Code::GatewayEndpointService,
                        path.field("service"),
                        format!(
                            "vpc {:?} asks for a gateway endpoint for {:?}, which has none: only {} have gateway endpoints",
                            vpc.name,
                            endpoint.service,
                            GATEWAY_SERVICES.join(" and ")
                        ),
                    )
                    .with_help(format!(
                        "reach {:?} through an interface endpoint (AWS PrivateLink) instead",
                        endpoint.service
                    )),
                );
            } else if !seen.insert(endpoint.service.as_str()) {
                diags.push(
                    Diagnostic::error(
                        Code::NameDuplicate,
                        path.field("service"),
                        format!(
                            "vpc {:?} has two gateway endpoints for {:?}",
                            vpc.name, endpoint.service
                        ),
                    )
                    .with_help(
                        "keep one endpoint per service, listing every subnet group it serves",
                    ),
                );
            }
            for (g, group) in endpoint.subnet_groups.iter().enumerate() {
                if !vpc.subnet_groups.iter().any(|s| s.name == *group) {
                    let groups: Vec<&str> =
                        vpc.subnet_groups.iter().map(|s| s.name.as_str()).collect();
                    diags.push(
                        Diagnostic::error(
                            Code::GatewayEndpointShape,
                            path.field("subnet_groups").index(g),
                            format!(
                                "the {} gateway endpoint of vpc {:?} names subnet group {group:?}, which the VPC does not have",
                                endpoint.service, vpc.name
                            ),
                        )
                        .with_help(format!("vpc {:?} has the subnet groups: {}", vpc.name, groups.join(", "))),
                    );
                }
            }
            if let Some(policy) = &endpoint.policy {
                let chars = policy.to_string().chars().count();
                if policy.is_object() && chars > MAX_POLICY_CHARS {
                    diags.push(
                        Diagnostic::error(
                            Code::GatewayEndpointShape,
                            path.field("policy"),
                            format!(
                                "the {} gateway endpoint policy of vpc {:?} has {chars} characters; AWS allows {MAX_POLICY_CHARS} per endpoint policy",
                                endpoint.service, vpc.name
                            ),
                        )
                        .with_help("shorten the policy (conditions on aws:PrincipalOrgID or aws:ResourceOrgID replace long lists of accounts and buckets)"),
                    );
                }
                if !policy.is_object() {
                    diags.push(
                        Diagnostic::error(
                            Code::GatewayEndpointShape,
                            path.field("policy"),
                            format!(
                                "the {} gateway endpoint policy of vpc {:?} is not a JSON object: {policy}",
                                endpoint.service, vpc.name
                            ),
                        )
                        .with_help("give an IAM policy document: {\"Version\": \"2012-10-17\", \"Statement\": [...]}"),
                    );
                }
            }
        }
    }
    for ((account, region), (count, first_over)) in per_region {
        if let Some(vpc) = first_over {
            diags.push(
                Diagnostic::warning(
                    Code::GatewayEndpointQuota,
                    Path::root().field("vpcs").key(vpc).field("gateway_endpoints"),
                    format!(
                        "account {account:?} has {count} gateway endpoints in {region}; AWS allows {DEFAULT_GATEWAY_ENDPOINTS_PER_REGION} per region by default (vpc {vpc:?} goes over it)"
                    ),
                )
                .with_help("request a higher \"Gateway VPC endpoints per Region\" quota (adjustable, AWS PrivateLink quotas) before deploying, or limit the endpoints to the VPCs that need them"),
            );
        }
    }
}
