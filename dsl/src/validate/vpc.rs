//! Rules about one VPC's design: NAT placement and high availability, flow log destinations,
//! and tags.

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::model::{FlowLogDestination, NatMode, Network, Tags, Tier, Vpc};
use crate::path::Path;

/// AWS tag limits: at most 50 user tags per resource, keys of 1 to 128 characters, values of
/// 0 to 256, and no `aws:` prefix on keys ("Tag naming limits and requirements", Tagging AWS
/// Resources User Guide). netform adds `Name` itself, so it keeps one of the 50 for it.
const MAX_TAGS: usize = 50;
const MAX_TAG_KEY: usize = 128;
const MAX_TAG_VALUE: usize = 256;

pub(super) fn check(network: &Network, diags: &mut Diagnostics) {
    check_tags(&network.tags, 0, &Path::root().field("tags"), diags);
    for vpc in &network.vpcs {
        let path = Path::root().field("vpcs").key(&vpc.name);
        check_nat(vpc, &path, diags);
        check_flow_logs(vpc, &path, diags);
        // A VPC tag with a network tag's key replaces it rather than adding one.
        let inherited = network
            .tags
            .keys()
            .filter(|k| !vpc.tags.contains_key(*k))
            .count();
        check_tags(&vpc.tags, inherited, &path.field("tags"), diags);
    }
}

fn check_nat(vpc: &Vpc, path: &Path, diags: &mut Diagnostics) {
    if vpc.nat == NatMode::None {
        return;
    }
    let has = |tier| vpc.subnet_groups.iter().any(|g| g.tier == tier);
    let path = path.field("nat");
    if !has(Tier::Public) {
        diags.push(
            Diagnostic::error(
                Code::NatWithoutPublicSubnet,
                path.clone(),
                format!(
                    "vpc {:?} asks for NAT gateways ({}) but has no public subnet group to put them in",
                    vpc.name,
                    nat_name(vpc.nat)
                ),
            )
            .with_help("add a public subnet group (one subnet per AZ), or set nat to none"),
        );
    }
    // Firewall subnets of an egress inspection VPC route through the NAT gateways too, and so
    // do the hub attachment (transit) subnets of an egress VPC without inspection.
    if !has(Tier::Private) && !has(Tier::Firewall) && !has(Tier::Transit) {
        diags.push(
            Diagnostic::warning(
                Code::NatUnused,
                path.clone(),
                format!(
                    "vpc {:?} has NAT gateways but no private subnet group routes through them",
                    vpc.name
                ),
            )
            .with_help("a NAT gateway costs money while idle: set nat to none, or add a private subnet group"),
        );
    } else if vpc.nat == NatMode::Single && vpc.azs.len() > 1 {
        diags.push(
            Diagnostic::warning(
                Code::SingleNat,
                path,
                format!(
                    "vpc {:?} routes {} AZs through one NAT gateway in {}: if that AZ fails, the others lose internet access",
                    vpc.name,
                    vpc.azs.len(),
                    vpc.azs[0]
                ),
            )
            .with_help("use nat per-az for zone-independent egress"),
        );
    }
}

fn nat_name(nat: NatMode) -> &'static str {
    match nat {
        NatMode::None => "none",
        NatMode::Single => "single",
        NatMode::PerAz => "per-az",
    }
}

fn check_flow_logs(vpc: &Vpc, path: &Path, diags: &mut Diagnostics) {
    let Some(flow_logs) = &vpc.flow_logs else {
        return;
    };
    let path = path.field("flow_logs").field("destination");
    let mut bad = |field: &'static str, value: &str, expected: &str| {
        diags.push(
            Diagnostic::error(
                Code::FlowLogDestination,
                path.field(field),
                format!(
                    "flow log {field} {value:?} of vpc {:?} is not {expected}",
                    vpc.name
                ),
            )
            .with_help(format!("expected {expected}")),
        );
    };
    // An ARN of another partition than the VPC's region's cannot be a destination there.
    let partition = crate::region::region(&vpc.region).map(|r| r.partition.arn_prefix());
    let mut check = |field: &'static str, arn: &str, well_formed: bool, expected: &str| {
        if !well_formed {
            bad(field, arn, expected);
        } else if let Some(p) = partition.filter(|p| arn.split(':').nth(1) != Some(p)) {
            bad(
                field,
                arn,
                &format!(
                    "an ARN of the {p} partition, where region {} is",
                    vpc.region
                ),
            );
        }
    };
    match &flow_logs.destination {
        FlowLogDestination::S3 { bucket_arn } => check(
            "bucket_arn",
            bucket_arn,
            is_s3_bucket_arn(bucket_arn),
            "an S3 bucket ARN such as arn:aws:s3:::my-bucket or arn:aws:s3:::my-bucket/prefix",
        ),
        FlowLogDestination::CloudWatch {
            log_group_arn,
            role_arn,
        } => {
            check(
                "log_group_arn",
                log_group_arn,
                is_log_group_arn(log_group_arn),
                "a log group ARN such as arn:aws:logs:us-east-1:111111111111:log-group:flow-logs",
            );
            check(
                "role_arn",
                role_arn,
                is_role_arn(role_arn),
                "an IAM role ARN such as arn:aws:iam::111111111111:role/flow-logs",
            );
        }
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
/// User Guide).
fn is_s3_bucket_arn(arn: &str) -> bool {
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
        && bucket.parse::<std::net::Ipv4Addr>().is_err()
}

/// `arn:PARTITION:logs:REGION:ACCOUNT:log-group:NAME[:*]`.
fn is_log_group_arn(arn: &str) -> bool {
    let parts: Vec<&str> = arn.splitn(7, ':').collect();
    let ["arn", partition, "logs", region, account, "log-group", name] = parts.as_slice() else {
        return false;
    };
    let name = name.strip_suffix(":*").unwrap_or(name);
    is_partition(partition)
        && crate::region::region(region).is_some()
        && is_account(account)
        && !name.is_empty()
        && name.len() <= 512
}

/// `arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME`.
fn is_role_arn(arn: &str) -> bool {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let ["arn", partition, "iam", "", account, resource] = parts.as_slice() else {
        return false;
    };
    is_partition(partition)
        && is_account(account)
        && resource
            .strip_prefix("role/")
            .is_some_and(|name| !name.is_empty() && !name.ends_with('/'))
}

fn check_tags(tags: &Tags, inherited: usize, path: &Path, diags: &mut Diagnostics) {
    let mut tag_error = |path: Path, message: String, help: &str| {
        diags.push(Diagnostic::error(Code::Tag, path, message).with_help(help.to_string()));
    };
    if !tags.is_empty() && inherited + tags.len() + 1 > MAX_TAGS {
        tag_error(
            path.clone(),
            format!(
                "{} tags here and {inherited} inherited, plus Name, make {}: more than AWS's {MAX_TAGS} per resource",
                tags.len(),
                inherited + tags.len() + 1
            ),
            "drop some tags",
        );
    }
    for (key, value) in tags {
        let path = path.key(key);
        let key_len = key.chars().count();
        if key_len == 0 || key_len > MAX_TAG_KEY {
            tag_error(
                path.clone(),
                format!("tag key {key:?} is {key_len} characters; AWS allows 1 to {MAX_TAG_KEY}"),
                "shorten the key",
            );
        }
        if key.to_ascii_lowercase().starts_with("aws:") {
            tag_error(
                path.clone(),
                format!("tag key {key:?} starts with \"aws:\", which AWS reserves"),
                "choose a key without the aws: prefix",
            );
        }
        if key == "Name" {
            tag_error(
                path.clone(),
                "tag key \"Name\" is set by netform from the model's names".to_string(),
                "remove it: netform names every resource <network>-<vpc>-...",
            );
        }
        let value_len = value.chars().count();
        if value_len > MAX_TAG_VALUE {
            tag_error(
                path,
                format!("tag {key:?} has a value of {value_len} characters; AWS allows at most {MAX_TAG_VALUE}"),
                "shorten the value",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arns() {
        assert!(is_s3_bucket_arn("arn:aws:s3:::acme-logs"));
        assert!(is_s3_bucket_arn("arn:aws:s3:::acme-logs/vpc/prod"));
        assert!(!is_s3_bucket_arn("arn:aws:s3:::Acme"));
        assert!(!is_s3_bucket_arn("arn:aws:s3:us-east-1::acme"));
        assert!(!is_s3_bucket_arn("acme-logs"));
        assert!(!is_s3_bucket_arn("arn:aws:s3:::my..bucket"));
        assert!(!is_s3_bucket_arn("arn:aws:s3:::192.168.5.4"));
        assert!(is_log_group_arn(
            "arn:aws:logs:us-east-1:111111111111:log-group:flow:*"
        ));
        assert!(!is_log_group_arn(
            "arn:aws:logs:us-east-1:1111:log-group:flow"
        ));
        assert!(is_role_arn("arn:aws:iam::111111111111:role/ops/flow-logs"));
        assert!(!is_role_arn("arn:aws:iam::111111111111:user/flow-logs"));
    }
}
