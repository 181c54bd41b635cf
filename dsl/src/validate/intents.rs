//! Traffic intents: each names sites the network has (a VPC, a core network segment, a
//! Transit Gateway route table) and is declared once. Whether an intent holds is not a
//! validation question: `netform check` answers it over the generated routing.

use super::hub::VpcIndex;
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::intent::{Intent, Site};
use crate::model::Network;
use crate::path::Path;
use indexmap::IndexSet;

pub(super) fn check(network: &Network, diags: &mut Diagnostics) {
    let vpcs = VpcIndex::new(network);
    let mut names: IndexSet<&str> = IndexSet::new();
    for (i, intent) in network.intents.iter().enumerate() {
        let path = Path::root().field("intents").index(i);
        if !names.insert(intent.name.as_str()) {
            diags.push(
                Diagnostic::error(
                    Code::IntentShape,
                    path.field("name"),
                    format!("intent {:?} is declared twice", intent.name),
                )
                .with_help("give each intent its own name: reports name intents"),
            );
        }
        check_site(network, &vpcs, &intent.from, &path.field("from"), diags);
        if intent.from == Site::Internet {
            diags.push(
                Diagnostic::error(
                    Code::IntentShape,
                    path.field("from"),
                    format!(
                        "intent {:?} starts from the internet: inbound traffic depends on public addresses and security groups, which netform does not model",
                        intent.name
                    ),
                )
                .with_help("start intents from VPCs, segments, route tables, all spokes or on-premises"),
            );
        }
        check_site(network, &vpcs, &intent.to, &path.field("to"), diags);
        check_expectation(intent, &path, diags);
    }
}

fn check_site(
    network: &Network,
    vpcs: &VpcIndex<'_>,
    site: &Site,
    path: &Path,
    diags: &mut Diagnostics,
) {
    let problem = match site {
        Site::Vpc(name) if vpcs.get(name).is_none() => {
            Some(format!("VPC {name:?} is not declared"))
        }
        Site::Segment(name) => match &network.core_network {
            None => Some(format!(
                "segment {name:?} names a core network segment, and the network has no core network"
            )),
            Some(core) if !core.policy.segments.iter().any(|s| &s.name == name) => Some(format!(
                "segment {name:?} is not a segment of core network {:?} (it has {})",
                core.name,
                core.policy
                    .segments
                    .iter()
                    .map(|s| format!("{:?}", s.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            Some(_) => None,
        },
        Site::RouteTable(full) => {
            let found = full.split_once('/').is_some_and(|(hub, table)| {
                network
                    .transit_gateways
                    .iter()
                    .any(|t| t.name == hub && t.route_tables.iter().any(|r| r.name == table))
            });
            (!found).then(|| {
                format!("route table {full:?} is not a route table of a declared Transit Gateway (written hub/table)")
            })
        }
        _ => None,
    };
    if let Some(message) = problem {
        diags.push(
            Diagnostic::error(Code::IntentShape, path.clone(), message)
                .with_help("name a VPC, segment or hub/route-table the network declares"),
        );
    }
}

fn check_expectation(intent: &Intent, path: &Path, diags: &mut Diagnostics) {
    if intent.denied && (intent.or_denied || !intent.through.is_empty()) {
        diags.push(
            Diagnostic::error(
                Code::IntentShape,
                path.field("denied"),
                format!(
                    "intent {:?} must be denied, and also says what arriving traffic passes ({})",
                    intent.name,
                    if intent.through.is_empty() {
                        "or_denied".to_string()
                    } else {
                        format!("through {:?}", intent.through)
                    }
                ),
            )
            .with_help("an intent either denies all traffic or says what arriving traffic passes"),
        );
    }
}
