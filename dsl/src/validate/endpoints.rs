//! Gateway endpoints: each is for a service that has one (S3, DynamoDB), once per VPC, routed
//! from subnet groups the VPC has, with a policy that is a JSON object.

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::endpoints::GATEWAY_SERVICES;
use crate::model::Network;
use crate::path::Path;
use indexmap::IndexSet;

pub(super) fn check(network: &Network, diags: &mut Diagnostics) {
    for vpc in &network.vpcs {
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
}
