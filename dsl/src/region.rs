//! The AWS Regions netform knows, with their partitions and Availability Zone letters.
//!
//! The validator uses this table to report an "unknown region" and an "AZ not in its
//! region". An Availability Zone name is the Region code followed by one letter
//! (`us-east-1a`). For each Region the table records every letter an account can have
//! there. In the oldest Regions, AWS maps zone letters to physical zones separately
//! for each account, so one account's `us-east-1a` can be another account's
//! `us-east-1c`. The table only says which names exist. It does not say which physical
//! zone a name points to. Use AZ IDs (`use1-az1`) for that.
//!
//! # Sources (looked up 2026-11-21)
//!
//! * "AWS Availability Zones", AWS Regions and Availability Zones guide:
//!   <https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html>.
//!   Lists the AZ IDs of every commercial Region, so it gives both the Region list and
//!   the zone count per Region. It also lists `us-west-1` as having three AZ IDs
//!   ("Newer accounts can access two"), a `us-east-1` Maryland zone that is
//!   "Coming in 2026" and has no ID yet (left out here), and `euw2-az4` in `eu-west-2`.
//! * "AZ IDs", same guide:
//!   <https://docs.aws.amazon.com/global-infrastructure/latest/regions/az-ids.html>.
//!   Section "Regions with independently mapped Availability Zones" (`us-east-1`,
//!   `us-west-1`, `us-west-2`, `ap-southeast-1`, `ap-southeast-2`, `ap-northeast-1`,
//!   `eu-west-1`, `sa-east-1`, `us-gov-west-1`). Every other Region maps letters the
//!   same way in every account.
//! * "AWS Regions", same guide:
//!   <https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html>.
//!   An AWS account, an AWS GovCloud (US) account and an AWS China account each see
//!   only their own Regions. That split is the partition.
//! * "Using AWS GovCloud (US) Regions":
//!   <https://docs.aws.amazon.com/govcloud-us/latest/UserGuide/using-govcloud.html>
//!   (Region names `us-gov-west-1` and `us-gov-east-1`).
//! * "General Information About Amazon Web Services China":
//!   <https://docs.amazonaws.cn/en_us/aws/latest/userguide/general-info.html>
//!   (Beijing and Ningxia each have three Availability Zones), and "ARNs for Amazon Web
//!   Services in China": <https://docs.amazonaws.cn/en_us/aws/latest/userguide/ARNs.html>
//!   (`arn:aws-cn`).
//! * "Endpoints and quotas for EMR Serverless":
//!   <https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/endpoints-quotas.html>.
//!   Names the AZ IDs `usgw1-az1`..`usgw1-az3`, `usge1-az1`..`usge1-az3` and
//!   `cnn1-az1`, `cnn1-az2`. These Regions are not in the first page's table.
//! * Cross-check of the commercial Region list: the `aws` partition in the AWS SDKs'
//!   endpoint-rules `partitions.json` lists the same 34 Regions as the first page.
//!
//! # Where the letters are less certain
//!
//! The AWS pages give AZ IDs and counts. In most cases they do not say which letters
//! those zones get. Where the count is N and nothing shows otherwise, the letters are
//! `a` to the Nth letter. Exceptions and uncertain entries:
//!
//! * `ap-northeast-1`: four AZ IDs are listed, but accounts see `a`, `c` and `d`.
//!   `apne1-az3` is a constrained zone. Some old accounts still list it as
//!   `ap-northeast-1b`, and such accounts have been refused new subnets there.
//!   Evidence is `describe-availability-zones` output and error messages quoted in
//!   public issues (for example
//!   <https://github.com/aws-cloudformation/aws-cloudformation-templates/pull/220>).
//!   `b` is left out on purpose, so the validator flags it. Add `b` to accept the
//!   legacy name.
//! * `ca-central-1`: the AZ IDs are `cac1-az1`, `cac1-az2` and `cac1-az4`, with no
//!   `cac1-az3`. The letters are `a`, `b` and `d`. `ca-central-1d` is `cac1-az4`
//!   according to moto's recorded zone table (third-party source,
//!   <https://github.com/getmoto/moto/blob/master/moto/ec2/models/availability_zones_and_regions.py>)
//!   and <https://github.com/kubernetes/kops/pull/9064> ("third AZ in ca-central-1,
//!   which is showing up as ca-central-1d").
//! * `cn-north-1`: three AZs (AWS China docs), with letters `a`, `b` and `d`.
//!   `cn-north-1d` is `cnn1-az4`. These letters come only from public Terraform state
//!   and configs that name `cn-north-1a/b/d`. No AWS page lists them.
//! * `cn-northwest-1`, `us-gov-east-1`, `us-gov-west-1`: three AZ IDs each, letters
//!   `a`, `b` and `c`. The letters come from moto's zone table and from public
//!   Terraform state, not from an AWS page.
//! * `eu-west-2`: the fourth zone (`euw2-az4`) is `eu-west-2d`. It was announced on
//!   2026-08-19 ("What's New",
//!   <https://aws.amazon.com/about-aws/whats-new/2026/08/aws-new-availability-zone-europe/>).
//!   That announcement was read only through a third-party summary.
//! * `us-west-1`: three AZ IDs, and any account sees two of them. Accounts have been
//!   seen with `a`+`b` and with `a`+`c`, so all three letters are accepted.
//! * `ap-southeast-6` and `ap-southeast-7` (`a`, `b`, `c`) also match a console listing
//!   quoted in public material. The other newer Regions (`ap-east-2`, `ap-southeast-5`,
//!   `ca-west-1`, `mx-central-1`) use the `a` to Nth-letter rule with their three AZ IDs.

/// An AWS partition, which decides ARN prefixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Partition {
    /// The commercial partition (`arn:aws:...`).
    Aws,
    /// AWS GovCloud (US) (`arn:aws-us-gov:...`).
    AwsUsGov,
    /// AWS in China, Beijing and Ningxia (`arn:aws-cn:...`).
    AwsCn,
}

impl Partition {
    /// The partition segment of an ARN: `"aws"`, `"aws-us-gov"` or `"aws-cn"`.
    pub fn arn_prefix(self) -> &'static str {
        match self {
            Partition::Aws => "aws",
            Partition::AwsUsGov => "aws-us-gov",
            Partition::AwsCn => "aws-cn",
        }
    }
}

/// One region netform knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegionInfo {
    /// The Region code, for example `"us-east-1"`.
    pub name: &'static str,
    /// The partition the Region belongs to.
    pub partition: Partition,
    /// Every Availability Zone letter an account can have in this Region, in order,
    /// for example `"abcdef"`.
    pub az_letters: &'static str,
}

impl RegionInfo {
    /// true if `az` is `<region name><letter>` with a letter from `az_letters` (e.g. `"us-east-1a"`).
    pub fn has_az(&self, az: &str) -> bool {
        match az.strip_prefix(self.name) {
            Some(rest) if rest.len() == 1 => {
                self.az_letters.as_bytes().contains(&rest.as_bytes()[0])
            }
            _ => false,
        }
    }

    /// The AZ names, in letter order: "us-east-1a", "us-east-1b", ...
    pub fn az_names(&self) -> Vec<String> {
        self.az_letters
            .chars()
            .map(|letter| format!("{}{}", self.name, letter))
            .collect()
    }
}

/// Shorthand for a table row.
const fn r(name: &'static str, partition: Partition, az_letters: &'static str) -> RegionInfo {
    RegionInfo {
        name,
        partition,
        az_letters,
    }
}

use Partition::{Aws, AwsCn, AwsUsGov};

/// The table. It must stay sorted by name because `region` uses binary search.
static REGIONS: &[RegionInfo] = &[
    r("af-south-1", Aws, "abc"),
    r("ap-east-1", Aws, "abc"),
    r("ap-east-2", Aws, "abc"),
    // apne1-az3 is constrained; `b` is left out on purpose (see module docs).
    r("ap-northeast-1", Aws, "acd"),
    r("ap-northeast-2", Aws, "abcd"),
    r("ap-northeast-3", Aws, "abc"),
    r("ap-south-1", Aws, "abc"),
    r("ap-south-2", Aws, "abc"),
    r("ap-southeast-1", Aws, "abc"),
    r("ap-southeast-2", Aws, "abc"),
    r("ap-southeast-3", Aws, "abc"),
    r("ap-southeast-4", Aws, "abc"),
    r("ap-southeast-5", Aws, "abc"),
    r("ap-southeast-6", Aws, "abc"),
    r("ap-southeast-7", Aws, "abc"),
    // cac1-az1, cac1-az2 and cac1-az4; there is no `c`.
    r("ca-central-1", Aws, "abd"),
    r("ca-west-1", Aws, "abc"),
    // Three AZs; cn-north-1d is cnn1-az4; there is no `c`.
    r("cn-north-1", AwsCn, "abd"),
    r("cn-northwest-1", AwsCn, "abc"),
    r("eu-central-1", Aws, "abc"),
    r("eu-central-2", Aws, "abc"),
    r("eu-north-1", Aws, "abc"),
    r("eu-south-1", Aws, "abc"),
    r("eu-south-2", Aws, "abc"),
    r("eu-west-1", Aws, "abc"),
    // eu-west-2d (euw2-az4) was added in August 2026.
    r("eu-west-2", Aws, "abcd"),
    r("eu-west-3", Aws, "abc"),
    r("il-central-1", Aws, "abc"),
    r("me-central-1", Aws, "abc"),
    r("me-south-1", Aws, "abc"),
    r("mx-central-1", Aws, "abc"),
    r("sa-east-1", Aws, "abc"),
    // use1-az1..use1-az6; the Maryland zone "coming in 2026" has no name yet.
    r("us-east-1", Aws, "abcdef"),
    r("us-east-2", Aws, "abc"),
    r("us-gov-east-1", AwsUsGov, "abc"),
    r("us-gov-west-1", AwsUsGov, "abc"),
    // Three AZ IDs, two per account; all three letters occur.
    r("us-west-1", Aws, "abc"),
    r("us-west-2", Aws, "abcd"),
];

/// Every region, sorted by name.
pub fn regions() -> &'static [RegionInfo] {
    REGIONS
}

/// Look up a region by name (binary search over the sorted table).
pub fn region(name: &str) -> Option<&'static RegionInfo> {
    REGIONS
        .binary_search_by(|info| info.name.cmp(name))
        .ok()
        .map(|index| &REGIONS[index])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_without_duplicates() {
        for pair in regions().windows(2) {
            assert!(
                pair[0].name < pair[1].name,
                "{} must sort strictly before {}",
                pair[0].name,
                pair[1].name
            );
        }
    }

    #[test]
    fn az_letters_are_sorted_unique_lowercase() {
        for info in regions() {
            let letters = info.az_letters.as_bytes();
            assert!(letters.len() >= 2, "{} has fewer than 2 AZs", info.name);
            assert!(
                letters.iter().all(u8::is_ascii_lowercase),
                "{} has a letter that is not lowercase ASCII",
                info.name
            );
            assert!(
                letters.windows(2).all(|w| w[0] < w[1]),
                "{} letters are not sorted and unique",
                info.name
            );
        }
    }

    #[test]
    fn every_region_is_found_by_name() {
        for info in regions() {
            assert_eq!(region(info.name), Some(info));
        }
    }

    #[test]
    fn us_east_1_has_a_to_f() {
        let us_east_1 = region("us-east-1").expect("us-east-1 is known");
        assert!(us_east_1.has_az("us-east-1a"));
        assert!(us_east_1.has_az("us-east-1f"));
        assert!(!us_east_1.has_az("us-east-1g"));
        assert_eq!(us_east_1.partition, Partition::Aws);
    }

    #[test]
    fn unknown_region_is_none() {
        assert_eq!(region("mars-1"), None);
        assert_eq!(region(""), None);
        assert_eq!(region("US-EAST-1"), None);
    }

    #[test]
    fn has_az_rejects_malformed_names() {
        let us_east_1 = region("us-east-1").unwrap();
        assert!(!us_east_1.has_az("us-east-1"));
        assert!(!us_east_1.has_az("us-east-1aa"));
        assert!(!us_east_1.has_az("us-east-1A"));
        assert!(!us_east_1.has_az("us-east-1é"));
        assert!(!us_east_1.has_az(""));
        let us_west_2 = region("us-west-2").unwrap();
        assert!(!us_west_2.has_az("us-west-2a "));
        assert!(us_west_2.has_az("us-west-2a"));
    }

    #[test]
    fn has_az_rejects_other_regions_zones() {
        let us_east_1 = region("us-east-1").unwrap();
        assert!(!us_east_1.has_az("us-west-2a"));
        assert!(!us_east_1.has_az("us-east-2a"));
        assert!(!region("us-east-2").unwrap().has_az("us-east-1a"));
        assert!(!region("cn-north-1").unwrap().has_az("cn-northwest-1a"));
    }

    #[test]
    fn skipped_letters_are_rejected() {
        assert!(!region("ca-central-1").unwrap().has_az("ca-central-1c"));
        assert!(region("ca-central-1").unwrap().has_az("ca-central-1d"));
        assert!(!region("ap-northeast-1").unwrap().has_az("ap-northeast-1b"));
        assert!(region("ap-northeast-1").unwrap().has_az("ap-northeast-1d"));
        assert!(!region("cn-north-1").unwrap().has_az("cn-north-1c"));
    }

    #[test]
    fn az_names_are_in_letter_order() {
        assert_eq!(
            region("ca-central-1").unwrap().az_names(),
            vec!["ca-central-1a", "ca-central-1b", "ca-central-1d"]
        );
        assert_eq!(region("us-east-1").unwrap().az_names().len(), 6);
        for info in regions() {
            for name in info.az_names() {
                assert!(info.has_az(&name), "{name} not accepted by {}", info.name);
            }
        }
    }

    #[test]
    fn partitions_and_arn_prefixes() {
        assert_eq!(Partition::Aws.arn_prefix(), "aws");
        assert_eq!(Partition::AwsUsGov.arn_prefix(), "aws-us-gov");
        assert_eq!(Partition::AwsCn.arn_prefix(), "aws-cn");
        for info in regions() {
            let expected = if info.name.starts_with("us-gov-") {
                Partition::AwsUsGov
            } else if info.name.starts_with("cn-") {
                Partition::AwsCn
            } else {
                Partition::Aws
            };
            assert_eq!(info.partition, expected, "{}", info.name);
        }
        assert_eq!(regions().len(), 38);
    }
}
