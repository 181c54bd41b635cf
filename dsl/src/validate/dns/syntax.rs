//! What DNS values may look like: domain names (NF0802), record values (NF0813), addresses
//! a Resolver endpoint or target may have, and query log destination ARNs.

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::dns::{DnsRecord, RecordType};
use crate::path::Path;
use crate::region::region;
use ipnet::Ipv4Net;
use std::net::{Ipv4Addr, Ipv6Addr};

/// The longest domain name, in characters, without the trailing dot: 255 bytes on the wire
/// (RFC 1035, section 2.3.4; "Domain name format", Route 53 Developer Guide,
/// <https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DomainNameFormat.html>: "255
/// bytes, including the dots") are a length byte per label plus the root's zero byte, which
/// leaves 253 characters of text.
pub(super) const MAX_DOMAIN_LEN: usize = 253;

/// The longest label: 63 bytes (RFC 1035, section 2.3.4; "Domain name format").
const MAX_LABEL_LEN: usize = 63;

/// Whether `addr` is one of the 5 addresses AWS reserves in `subnet`: the first four and the
/// last.
pub(super) fn is_reserved(subnet: Ipv4Net, addr: Ipv4Addr) -> bool {
    let offset = u32::from(addr).wrapping_sub(u32::from(subnet.network()));
    offset < 4 || addr == subnet.broadcast()
}

/// What kind of address `addr` is, if it is not a unicast address a DNS server could have.
pub(super) fn non_unicast(addr: Ipv4Addr) -> Option<&'static str> {
    if addr.is_unspecified() {
        Some("the unspecified address (0.0.0.0)")
    } else if addr.is_loopback() {
        Some("a loopback address (127.0.0.0/8)")
    } else if addr.is_multicast() {
        Some("a multicast address (224.0.0.0/4)")
    } else if addr.is_broadcast() {
        Some("the broadcast address (255.255.255.255)")
    } else if addr.octets()[0] >= 240 {
        Some("a reserved address (240.0.0.0/4)")
    } else if addr.is_link_local() {
        Some("a link-local address (169.254.0.0/16)")
    } else {
        None
    }
}

/// Where a domain is written, which decides what it may look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DomainKind {
    /// A hosted zone, a SYSTEM rule, a block override answer: a plain domain.
    Name,
    /// A forward rule's: a plain domain, or `.` for every domain ("If you want to forward
    /// all queries to the DNS resolvers on your network, you can create a custom forwarding
    /// rule, specify "." for the domain name", "How Resolver determines where to forward DNS
    /// queries", resolver-overview-forward-vpc-to-network-where-to-forward-queries.html).
    ForwardRule,
    /// A DNS Firewall domain list entry: "It can optionally start with * (asterisk)", and
    /// otherwise holds only letters, digits and hyphens (UpdateFirewallDomains), so no
    /// underscore; `*` alone matches every domain.
    ListEntry,
}

/// NF0802 for a domain that is not valid where it is written. `what` starts the message,
/// such as `resolver rule "corp" has domain`.
pub(super) fn check_domain(
    domain: &str,
    kind: DomainKind,
    what: &str,
    path: Path,
    diags: &mut Diagnostics,
) {
    let problem = match kind {
        DomainKind::ForwardRule if domain == "." => None,
        DomainKind::ListEntry if domain == "*" => None,
        DomainKind::ListEntry => domain_problem(domain.strip_prefix("*.").unwrap_or(domain), true),
        _ => domain_problem(domain, false),
    };
    let Some(problem) = problem else {
        return;
    };
    let help = match kind {
        DomainKind::Name => "a domain is labels of 1 to 63 letters, digits, '-' and '_' (no '-' at either end) separated by dots, at most 253 characters, such as corp.example.com",
        DomainKind::ForwardRule => "a domain is labels of 1 to 63 letters, digits, '-' and '_' (no '-' at either end) separated by dots, at most 253 characters, such as corp.example.com; \".\" forwards every domain",
        DomainKind::ListEntry => "a domain list entry is labels of 1 to 63 letters, digits and '-' (no '-' at either end) separated by dots, optionally after \"*.\"; \"*\" alone matches every domain",
    };
    diags.push(
        Diagnostic::error(
            Code::DomainName,
            path,
            format!("{what} {domain:?}, which {problem}"),
        )
        .with_help(help),
    );
}

/// Why `domain` (one trailing dot allowed) is not a valid domain name, if it is not.
pub(super) fn domain_problem(domain: &str, no_underscore: bool) -> Option<String> {
    let name = domain.strip_suffix('.').unwrap_or(domain);
    if name.is_empty() {
        return Some("is empty".to_string());
    }
    let len = name.chars().count();
    if len > MAX_DOMAIN_LEN {
        return Some(format!("is {len} characters, more than {MAX_DOMAIN_LEN}"));
    }
    for label in name.split('.') {
        if label.is_empty() {
            return Some("has an empty label".to_string());
        }
        if let Some(c) = label
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || (*c == '_' && !no_underscore)))
        {
            return Some(format!("has the character {c:?}"));
        }
        if label.len() > MAX_LABEL_LEN {
            return Some(format!(
                "has the label {label:?} of {} characters, more than {MAX_LABEL_LEN}",
                label.len()
            ));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Some(format!(
                "has the label {label:?}, which starts or ends with '-'"
            ));
        }
    }
    None
}

/// Why `value` is not a valid value of `record`'s type, if it is not.
pub(super) fn record_value_problem(record: &DnsRecord, value: &str) -> Option<String> {
    let u16_ok = |s: &str| s.parse::<u16>().is_ok();
    let domain_ok = |s: &str| domain_problem(s, false).is_none();
    let ok = match record.record_type {
        RecordType::A => value.parse::<Ipv4Addr>().is_ok(),
        RecordType::Aaaa => value.parse::<Ipv6Addr>().is_ok(),
        RecordType::Cname | RecordType::Ptr => domain_ok(value),
        RecordType::Mx => matches!(value.split_whitespace().collect::<Vec<_>>().as_slice(),
            [preference, host] if u16_ok(preference) && domain_ok(host)),
        RecordType::Srv => matches!(value.split_whitespace().collect::<Vec<_>>().as_slice(),
            [priority, weight, port, target]
                if u16_ok(priority) && u16_ok(weight) && u16_ok(port) && domain_ok(target)),
        RecordType::Txt => !value.is_empty(),
    };
    (!ok).then(|| match record.record_type {
        RecordType::A => "which is not an IPv4 address".to_string(),
        RecordType::Aaaa => "which is not an IPv6 address".to_string(),
        RecordType::Cname | RecordType::Ptr => "which is not a domain name".to_string(),
        RecordType::Mx => "which is not a preference and a host".to_string(),
        RecordType::Srv => "which is not a priority, a weight, a port and a target".to_string(),
        RecordType::Txt => "which is empty".to_string(),
    })
}

/// What a value of `record`'s type looks like.
pub(super) fn record_value_help(record: &DnsRecord) -> &'static str {
    match record.record_type {
        RecordType::A => "an A record's values are IPv4 addresses, such as 10.0.0.10",
        RecordType::Aaaa => "an AAAA record's values are IPv6 addresses, such as 2001:db8::10",
        RecordType::Cname => "a CNAME's value is the domain it aliases, such as api.example.com",
        RecordType::Ptr => "a PTR record's values are domain names, such as host.example.com",
        RecordType::Mx => "an MX record's value is a preference and a mail server, such as \"10 mail.example.com\"",
        RecordType::Srv => "an SRV record's value is priority, weight, port and target, such as \"1 10 5269 xmpp.example.com\"",
        RecordType::Txt => "a TXT record's values are text",
    }
}

fn is_partition(p: &str) -> bool {
    matches!(p, "aws" | "aws-cn" | "aws-us-gov")
}

fn is_account(id: &str) -> bool {
    id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit())
}

/// `arn:PARTITION:s3:::BUCKET[/PREFIX]`, with bucket names of 3 to 63 lowercase letters,
/// digits, dots and hyphens, starting and ending with a letter or digit, without two adjacent
/// dots and not formatted as an IP address ("General purpose bucket naming rules", Amazon S3
/// User Guide). The same rule as flow logs' (validate/vpc.rs).
pub(super) fn is_s3_bucket_arn(arn: &str) -> bool {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let ["arn", partition, "s3", "", "", resource] = parts.as_slice() else {
        return false;
    };
    let bucket = resource.split('/').next().unwrap_or_default();
    is_partition(partition)
        && (3..=63).contains(&bucket.len())
        && bucket
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
        && bucket.starts_with(|c: char| c.is_ascii_alphanumeric())
        && bucket.ends_with(|c: char| c.is_ascii_alphanumeric())
        && !bucket.contains("..")
        && bucket.parse::<Ipv4Addr>().is_err()
}

/// `arn:PARTITION:logs:REGION:ACCOUNT:log-group:NAME[:*]`, as CreateResolverQueryLogConfig's
/// example `arn:aws:logs:us-west-1:123456789012:log-group:/mystack-testgroup-12ABC1AB12A1:*`.
pub(super) fn is_log_group_arn(arn: &str) -> bool {
    let parts: Vec<&str> = arn.splitn(7, ':').collect();
    let ["arn", partition, "logs", region_name, account, "log-group", name] = parts.as_slice()
    else {
        return false;
    };
    let name = name.strip_suffix(":*").unwrap_or(name);
    is_partition(partition)
        && region(region_name).is_some()
        && is_account(account)
        && !name.is_empty()
        && name.len() <= 512
}

/// `arn:PARTITION:firehose:REGION:ACCOUNT:deliverystream/NAME` (Amazon Data Firehose's
/// resource type `deliverystream`, "Actions, resources, and condition keys for Amazon Kinesis
/// Firehose"), with stream names of 1 to 64 letters, digits, `_`, `.` and `-`.
pub(super) fn is_firehose_arn(arn: &str) -> bool {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let ["arn", partition, "firehose", region_name, account, resource] = parts.as_slice() else {
        return false;
    };
    is_partition(partition)
        && region(region_name).is_some()
        && is_account(account)
        && resource
            .strip_prefix("deliverystream/")
            .is_some_and(|name| {
                (1..=64).contains(&name.len())
                    && name
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'-')
            })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains() {
        assert_eq!(domain_problem("corp.example.com", false), None);
        assert_eq!(domain_problem("corp.example.com.", false), None);
        assert_eq!(domain_problem("_ldap._tcp.example.com", false), None);
        assert!(domain_problem("_ldap.example.com", true).is_some());
        assert!(domain_problem("corp..example.com", false).is_some());
        assert!(domain_problem("-corp.example.com", false).is_some());
        assert!(domain_problem("corp-.example.com", false).is_some());
        assert!(domain_problem("co rp.example.com", false).is_some());
        assert!(domain_problem(&"a".repeat(64), false).is_some());
        assert_eq!(domain_problem(&"a".repeat(63), false), None);
        let long = vec!["a".repeat(63); 4].join("."); // 255 characters
        assert!(domain_problem(&long, false).is_some());
        assert_eq!(domain_problem(&long[2..], false), None); // 253
        assert!(domain_problem(".", false).is_some());
        assert!(domain_problem("", false).is_some());
    }

    #[test]
    fn addresses() {
        let subnet: Ipv4Net = "10.0.0.16/28".parse().unwrap();
        for reserved in [
            "10.0.0.16",
            "10.0.0.17",
            "10.0.0.18",
            "10.0.0.19",
            "10.0.0.31",
        ] {
            assert!(is_reserved(subnet, reserved.parse().unwrap()), "{reserved}");
        }
        assert!(!is_reserved(subnet, "10.0.0.20".parse().unwrap()));
        assert!(!is_reserved(subnet, "10.0.0.30".parse().unwrap()));
        assert_eq!(non_unicast("192.168.10.10".parse().unwrap()), None);
        assert!(non_unicast("255.255.255.255".parse().unwrap())
            .unwrap()
            .contains("broadcast"));
        assert!(non_unicast("250.1.1.1".parse().unwrap())
            .unwrap()
            .contains("reserved"));
        assert!(non_unicast("169.254.169.253".parse().unwrap())
            .unwrap()
            .contains("link-local"));
    }

    #[test]
    fn destinations() {
        assert!(is_s3_bucket_arn("arn:aws:s3:::dns-logs/queries/"));
        assert!(is_log_group_arn(
            "arn:aws:logs:us-west-1:123456789012:log-group:/mystack-testgroup-12ABC1AB12A1:*"
        ));
        assert!(is_firehose_arn(
            "arn:aws:firehose:us-east-1:111111111111:deliverystream/dns-queries"
        ));
        assert!(!is_firehose_arn(
            "arn:aws:kinesis:us-east-2:0123456789:stream/my_stream_name"
        ));
        assert!(!is_firehose_arn(
            "arn:aws:firehose:us-east-1:111111111111:deliverystream/"
        ));
    }
}
