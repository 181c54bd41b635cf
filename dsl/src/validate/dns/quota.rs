//! Route 53 quotas (NF0814): the quotas the DNS model can exceed, and how going over one is
//! reported.

use super::Check;
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::path::Path;
use indexmap::IndexMap;

/// A Route 53 quota: its entity name on the quotas page, its value, and whether AWS raises it
/// on request (the page's row has a "Request a higher quota" link). Going over an adjustable
/// quota is a warning (ask AWS first), over a fixed one an error. Names and values are from the
/// page's current text, read from a stored copy of its source (awsdocs
/// `amazon-route53-docs`, `doc_source/DNSLimitations.md`).
pub(super) struct Quota {
    name: &'static str,
    pub(super) limit: usize,
    adjustable: bool,
}

/// "Quotas on Route 53 VPC Resolver endpoints": 4 per account, adjustable.
pub(super) const ENDPOINTS_PER_REGION: Quota = Quota {
    name: "Endpoints per AWS Region",
    limit: 4,
    adjustable: true,
};

/// "Quotas on Route 53 VPC Resolver endpoints": 1000 per account, adjustable.
pub(super) const RULES_PER_REGION: Quota = Quota {
    name: "Rules per AWS Region",
    limit: 1000,
    adjustable: true,
};

/// "Quotas on Route 53 VPC Resolver endpoints": 2000 per account, adjustable. Counted in the
/// VPC's account: an association is made, and counted, where the VPC is.
pub(super) const RULE_ASSOCIATIONS_PER_REGION: Quota = Quota {
    name: "Associations between rules and VPCs per AWS Region",
    limit: 2000,
    adjustable: true,
};

/// "Hosted zone quotas": an initial 500 per account, adjustable.
pub(super) const HOSTED_ZONES: Quota = Quota {
    name: "Hosted zones",
    limit: 500,
    adjustable: true,
};

/// "Hosted zone quotas": 300, with no request link ("If you want more than 300 associations,
/// we recommend you use Route 53 Profiles").
pub(super) const VPCS_PER_ZONE: Quota = Quota {
    name: "Amazon VPCs that you can associate with a private hosted zone per hosted zone",
    limit: 300,
    adjustable: false,
};

/// "Record quotas": 10,000 per hosted zone, adjustable.
pub(super) const RECORDS_PER_ZONE: Quota = Quota {
    name: "Records",
    limit: 10_000,
    adjustable: true,
};

/// "Record quotas": 400 per record set (the values of one record).
pub(super) const VALUES_PER_RECORD: Quota = Quota {
    name: "Records in a record set",
    limit: 400,
    adjustable: false,
};

/// "Resolver query log quotas": 20, adjustable.
pub(super) const QUERY_LOGS_PER_REGION: Quota = Quota {
    name: "Query log configurations per AWS Region",
    limit: 20,
    adjustable: true,
};

/// "DNS Firewall quotas": 5.
pub(super) const FIREWALL_GROUPS_PER_VPC: Quota = Quota {
    name: "Number of rule groups associated to a VPC for a single account per AWS Region",
    limit: 5,
    adjustable: false,
};

/// "DNS Firewall quotas": 1,000, adjustable.
pub(super) const FIREWALL_GROUPS_PER_REGION: Quota = Quota {
    name: "Number of DNS Firewall rule groups for a single account per AWS Region",
    limit: 1000,
    adjustable: true,
};

/// "DNS Firewall quotas": 100, adjustable.
pub(super) const RULES_PER_FIREWALL_GROUP: Quota = Quota {
    name: "Number of rules within a rule group for a single account per AWS Region",
    limit: 100,
    adjustable: true,
};

/// "DNS Firewall quotas": 1000, adjustable.
pub(super) const DOMAIN_LISTS_PER_REGION: Quota = Quota {
    name: "Number of domain lists for a single account per AWS Region",
    limit: 1000,
    adjustable: true,
};

/// "DNS Firewall quotas": 100,000, adjustable.
pub(super) const DOMAINS_PER_REGION: Quota = Quota {
    name: "The maximum number of domains that you can specify across all of the domain lists for a single account per AWS Region",
    limit: 100_000,
    adjustable: true,
};

/// "Route 53 Profile quotas": 5, adjustable.
pub(super) const PROFILES_PER_REGION: Quota = Quota {
    name: "Number of Route 53 Profiles per AWS account in a Region",
    limit: 5,
    adjustable: true,
};

/// "Route 53 Profile quotas": 1000, adjustable (also `AssociateProfile`: "a Profile can be
/// associated with 1000 of VPCs (and you can request a higher quota)").
pub(super) const VPCS_PER_PROFILE: Quota = Quota {
    name: "Number of VPCs that can be associated to a Profile",
    limit: 1000,
    adjustable: true,
};

/// "Route 53 Profile quotas": 1000, adjustable.
pub(super) const RULES_PER_PROFILE: Quota = Quota {
    name: "Number of Resolver rules per Profile",
    limit: 1000,
    adjustable: true,
};

/// "Route 53 Profile quotas": 5000, adjustable.
pub(super) const ZONES_PER_PROFILE: Quota = Quota {
    name: "Number of private hosted zones per a Profile",
    limit: 5000,
    adjustable: true,
};

/// "Route 53 Profile quotas": 5.
pub(super) const FIREWALL_GROUPS_PER_PROFILE: Quota = Quota {
    name: "Number of DNS Firewall rule groups per Profile",
    limit: 5,
    adjustable: false,
};

/// "Route 53 Profile quotas": 2.
pub(super) const QUERY_LOGS_PER_PROFILE: Quota = Quota {
    name: "Number of VPC Resolver query logging configurations per Profile",
    limit: 2,
    adjustable: false,
};

impl<'a> Check<'a> {
    /// NF0814 for each key (an account, or an account and a region) with more items than
    /// `quota` allows, at the first item over it.
    pub(super) fn quota<K: std::hash::Hash + Eq>(
        &self,
        quota: &Quota,
        items: impl Iterator<Item = (K, Path)>,
        what: impl Fn(&K, usize) -> String,
        diags: &mut Diagnostics,
    ) {
        let mut counts: IndexMap<K, (usize, Option<Path>)> = IndexMap::new();
        for (key, path) in items {
            let count = counts.entry(key).or_default();
            count.0 += 1;
            if count.0 == quota.limit + 1 {
                count.1 = Some(path);
            }
        }
        for (key, (count, path)) in counts {
            if let Some(path) = path {
                self.over_quota(quota, path, what(&key, count), diags);
            }
        }
    }

    /// NF0814: an error over a fixed quota, a warning over an adjustable one.
    pub(super) fn over_quota(
        &self,
        quota: &Quota,
        path: Path,
        what: String,
        diags: &mut Diagnostics,
    ) {
        let message = format!(
            "{what}; the Route 53 quota \"{}\" is {}",
            quota.name, quota.limit
        );
        let diagnostic = if quota.adjustable {
            Diagnostic::warning(Code::DnsQuota, path, message).with_help(format!(
                "ask AWS for a higher \"{}\" quota (Service Quotas) before deploying, or spread the elements over more accounts",
                quota.name
            ))
        } else {
            Diagnostic::error(Code::DnsQuota, path, message)
                .with_help("AWS does not raise this quota: use fewer")
        };
        diags.push(diagnostic);
    }
}
