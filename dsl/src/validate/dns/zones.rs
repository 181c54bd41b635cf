//! Private hosted zones and their records (NF0802, NF0811, NF0813): each zone's domain and
//! VPC associations (recorded for the checks of where zones apply), and each record's name,
//! TTL and values.

use super::quota::{HOSTED_ZONES, RECORDS_PER_ZONE, VALUES_PER_RECORD, VPCS_PER_ZONE};
use super::syntax::{
    check_domain, domain_problem, record_value_help, record_value_problem, DomainKind,
    MAX_DOMAIN_LEN,
};
use super::{Applied, Check};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::dns::{HostedZone, RecordType};
use crate::path::Path;
use indexmap::map::Entry;
use indexmap::IndexMap;

/// A record's TTL: the `route53` model's `TTL` shape, "min": 0, "max": 2147483647.
const MAX_RECORD_TTL: u32 = 2_147_483_647;

impl<'a> Check<'a> {
    pub(super) fn check_zones(
        &self,
        vpc_zones: &mut [IndexMap<usize, Applied>],
        diags: &mut Diagnostics,
    ) {
        for (i, zone) in self.dns.hosted_zones.iter().enumerate() {
            let path = self.path("hosted_zones", &zone.name, i);
            let owner = format!("private hosted zone {:?}", zone.name);
            self.check_account(&owner, &zone.account, path.field("account"), diags);
            check_domain(
                &zone.domain,
                DomainKind::Name,
                &format!("{owner} has domain"),
                path.field("domain"),
                diags,
            );
            // A zone created with no VPC is public, and a VPC can be added only to a zone that
            // has one ("you can't associate a VPC with a hosted zone that doesn't have an
            // existing VPC association", AssociateVPCWithHostedZone; the Terraform provider:
            // "Private zones require at least one VPC association at all times").
            if zone.vpcs.is_empty() {
                diags.push(
                    Diagnostic::error(
                        Code::DnsPlacement,
                        path.field("vpcs"),
                        format!("{owner} ({}) is associated with no VPC: Route 53 creates a private zone only with a VPC", zone.domain),
                    )
                    .with_help("associate it with at least one VPC of its account (ZoneBuilder::vpc), usually the DNS VPC, even when a Profile carries it"),
                );
            }
            // A zone is global: VPCs of any region, and of other accounts through an
            // authorization (NF0503 where CloudFormation cannot say it).
            let mut seen: IndexMap<usize, ()> = IndexMap::new();
            let mut own = false;
            let list = path.field("vpcs");
            for (k, name) in zone.vpcs.iter().enumerate() {
                let vpc_path = list.index(k);
                let Some((vpc, _)) = self.known_vpc(&owner, name, &vpc_path, diags) else {
                    own = true; // reported as unknown; do not also report the account
                    continue;
                };
                own |= self.network.vpcs[vpc].account == zone.account;
                if seen.insert(vpc, ()).is_some() {
                    diags.push(
                        Diagnostic::error(
                            Code::DnsPlacement,
                            vpc_path,
                            format!("{owner} is associated twice with VPC {name:?}"),
                        )
                        .with_help("remove the repeated association"),
                    );
                    continue;
                }
                vpc_zones[vpc].entry(i).or_insert(Applied {
                    index: i,
                    direct: true,
                    profile: None,
                    path: vpc_path,
                });
            }
            // The zone is created with its own account's VPCs; other accounts' VPCs join after
            // an authorization, which needs the zone to exist (and be private) first.
            if !zone.vpcs.is_empty() && !own {
                diags.push(
                    Diagnostic::error(
                        Code::DnsPlacement,
                        list.clone(),
                        format!(
                            "{owner} ({}) is associated only with VPCs of other accounts than its own ({}): Route 53 creates a private zone with a VPC of the zone's account",
                            zone.domain, zone.account
                        ),
                    )
                    .with_help("associate it with a VPC of its own account too, usually the DNS VPC, or move the zone to the VPCs' account"),
                );
            }
            if zone.vpcs.len() > VPCS_PER_ZONE.limit {
                self.over_quota(
                    &VPCS_PER_ZONE,
                    list.index(VPCS_PER_ZONE.limit),
                    format!("{owner} is associated with {} VPCs", zone.vpcs.len()),
                    diags,
                );
            }
            self.check_records(zone, &owner, &path, diags);
        }
        self.quota(
            &HOSTED_ZONES,
            self.dns
                .hosted_zones
                .iter()
                .enumerate()
                .map(|(i, z)| (z.account.as_str(), self.path("hosted_zones", &z.name, i))),
            |account, n| format!("account {account} has {n} hosted zones"),
            diags,
        );
    }

    /// NF0813: each record's name, TTL and values fit its type, and no name holds two record
    /// sets of one type, or a CNAME beside anything else.
    fn check_records(&self, zone: &HostedZone, owner: &str, path: &Path, diags: &mut Diagnostics) {
        let list = path.field("records");
        // By lowercase name: the first record's type and position per type.
        let mut names: IndexMap<String, IndexMap<&str, usize>> = IndexMap::new();
        // By the logical id a record becomes (name part and type): distinct names must stay
        // distinct resources.
        let mut ids: IndexMap<(String, &str), &str> = IndexMap::new();
        let zone_len = zone.domain.trim_end_matches('.').len();
        for (k, record) in zone.records.iter().enumerate() {
            let record_path = list.index(k);
            let kind = record.record_type.as_aws();
            let what = format!("{kind} record {:?} of {owner}", record.name);
            let bad = |diags: &mut Diagnostics,
                       field: Option<(&'static str, Option<usize>)>,
                       message: String,
                       help: &str| {
                let at = match field {
                    None => record_path.clone(),
                    Some((f, None)) => record_path.field(f),
                    Some((f, Some(v))) => record_path.field(f).index(v),
                };
                diags.push(
                    Diagnostic::error(Code::DnsRecord, at, message).with_help(help.to_string()),
                );
            };
            if record.name != "@" {
                let name = record.name.strip_prefix("*.").unwrap_or(&record.name);
                let problem = if record.name == "*" {
                    None
                } else if record.name.ends_with('.') {
                    Some("ends with a dot".to_string())
                } else {
                    domain_problem(name, false)
                };
                if let Some(problem) = problem {
                    bad(
                        diags,
                        Some(("name", None)),
                        format!("{what}: the name {problem}"),
                        "write the name relative to the zone (www, *.api, or @ for the apex), in labels of letters, digits, '-' and '_'",
                    );
                } else if record.name.len() + 1 + zone_len > MAX_DOMAIN_LEN {
                    bad(
                        diags,
                        Some(("name", None)),
                        format!(
                            "{what}: with the zone's domain the name is {} characters, more than {MAX_DOMAIN_LEN}",
                            record.name.len() + 1 + zone_len
                        ),
                        "shorten the name",
                    );
                }
            }
            if record.ttl > MAX_RECORD_TTL {
                bad(
                    diags,
                    Some(("ttl", None)),
                    format!(
                        "{what} has TTL {}, more than the {MAX_RECORD_TTL} Route 53 allows",
                        record.ttl
                    ),
                    "use a TTL in seconds from 0 to 2147483647 (300 is usual)",
                );
            }
            if record.values.is_empty() && record.alias.is_none() {
                bad(
                    diags,
                    Some(("values", None)),
                    format!("{what} has no value"),
                    "give it at least one value",
                );
            } else if record.values.len() > VALUES_PER_RECORD.limit {
                self.over_quota(
                    &VALUES_PER_RECORD,
                    record_path.field("values"),
                    format!("{what} has {} values", record.values.len()),
                    diags,
                );
            }
            if record.record_type == RecordType::Cname {
                if record.name == "@" {
                    // "You can't create a CNAME record for example.com" (the zone apex),
                    // "Choosing between alias and non-alias records", Route 53 Developer Guide.
                    bad(
                        diags,
                        Some(("name", None)),
                        format!(
                            "{what} is at the zone apex ({}), where DNS allows no CNAME",
                            zone.domain
                        ),
                        "use an A or AAAA record at the apex, or a CNAME on a name below it",
                    );
                }
                if record.values.len() > 1 {
                    bad(
                        diags,
                        Some(("values", None)),
                        format!(
                            "{what} has {} values; a CNAME has exactly one",
                            record.values.len()
                        ),
                        "keep one value: the name it aliases",
                    );
                }
            }
            for (v, value) in record.values.iter().enumerate() {
                if let Some(problem) = record_value_problem(record, value) {
                    bad(
                        diags,
                        Some(("values", Some(v))),
                        format!("{what} has value {value:?}, {problem}"),
                        record_value_help(record),
                    );
                }
            }
            let id = crate::name::logical_id(&[crate::name::record_label(&record.name)]);
            match ids.entry((id.clone(), kind)) {
                Entry::Occupied(first) if !first.get().eq_ignore_ascii_case(&record.name) => {
                    bad(
                        diags,
                        Some(("name", None)),
                        format!(
                            "{kind} records {:?} and {:?} of {owner} both become the resource id {id:?}",
                            first.get(),
                            record.name
                        ),
                        "rename one of them (ids keep only letters and digits of a name)",
                    );
                    continue;
                }
                Entry::Occupied(_) => {}
                Entry::Vacant(slot) => {
                    slot.insert(&record.name);
                }
            }
            let types = names.entry(record.name.to_ascii_lowercase()).or_default();
            match types.entry(kind) {
                Entry::Occupied(first) => {
                    bad(
                        diags,
                        None,
                        format!(
                            "{owner} has two {kind} record sets named {:?} (records {} and {k})",
                            record.name,
                            first.get()
                        ),
                        "merge their values into one record",
                    );
                    continue;
                }
                Entry::Vacant(slot) => {
                    slot.insert(k);
                }
            }
            // "A CNAME record is not allowed to coexist with any other data" (RFC 1912,
            // section 2.4; RFC 1034, section 3.6.2); Route 53 refuses such a change.
            if types.len() > 1 && types.contains_key("CNAME") {
                let others: Vec<&str> = types.keys().copied().filter(|t| *t != "CNAME").collect();
                bad(
                    diags,
                    None,
                    format!(
                        "{owner} has a CNAME record named {:?} beside {} records of the same name",
                        record.name,
                        others.join(", ")
                    ),
                    "a name with a CNAME holds nothing else: rename one of them",
                );
            }
        }
        if zone.records.len() > RECORDS_PER_ZONE.limit {
            self.over_quota(
                &RECORDS_PER_ZONE,
                list.index(RECORDS_PER_ZONE.limit),
                format!("{owner} has {} records", zone.records.len()),
                diags,
            );
        }
    }
}
