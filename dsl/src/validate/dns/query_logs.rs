//! Resolver query logging (NF0811, NF0812): each configuration's account, region,
//! destination and VPC associations.

use super::quota::QUERY_LOGS_PER_REGION;
use super::syntax::{is_firehose_arn, is_log_group_arn, is_s3_bucket_arn};
use super::{Check, Home};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::dns::QueryLogDestination;
use crate::path::Path;
use crate::region::region;
use crate::validate::share::check_principals;

impl<'a> Check<'a> {
    pub(super) fn check_query_logs(&self, diags: &mut Diagnostics) {
        for (i, config) in self.dns.query_logs.iter().enumerate() {
            let path = self.path("query_logs", &config.name, i);
            let owner = format!("query logging configuration {:?}", config.name);
            let account_ok =
                self.check_account(&owner, &config.account, path.field("account"), diags);
            let region_ok = self.check_region(&owner, &config.region, path.field("region"), diags);
            self.check_destination(
                &config.destination,
                &owner,
                &config.region,
                &path.field("destination"),
                diags,
            );
            check_principals(
                self.network,
                &owner,
                &config.share_with,
                &path.field("share_with"),
                diags,
            );
            let home = (account_ok && region_ok).then_some(Home {
                account: &config.account,
                region: &config.region,
            });
            let list = path.field("associations");
            self.check_associations(
                &owner,
                home,
                &config.region,
                &config.share_with,
                config
                    .associations
                    .iter()
                    .enumerate()
                    .map(|(k, v)| (v.as_str(), list.index(k))),
                diags,
            );
        }
        self.quota(
            &QUERY_LOGS_PER_REGION,
            self.dns.query_logs.iter().enumerate().map(|(i, q)| {
                (
                    (q.account.as_str(), q.region.as_str()),
                    self.path("query_logs", &q.name, i),
                )
            }),
            |(account, region), n| {
                format!("account {account} has {n} query logging configurations in {region}")
            },
            diags,
        );
    }

    /// NF0812: the destination ARN is of its kind's form ("DestinationArn",
    /// CreateResolverQueryLogConfig: an S3 bucket with an optional prefix, a CloudWatch Logs
    /// log group, or an Amazon Data Firehose stream), in the partition of the configuration's
    /// region. Whether a log group or stream must be in the configuration's region is not
    /// documented, so it is not checked.
    fn check_destination(
        &self,
        destination: &QueryLogDestination,
        owner: &str,
        config_region: &str,
        path: &Path,
        diags: &mut Diagnostics,
    ) {
        let (kind, field, well_formed, expected) = match destination {
            QueryLogDestination::S3 { bucket_arn } => (
                "s3",
                "bucket_arn",
                is_s3_bucket_arn(bucket_arn),
                "an S3 bucket ARN such as arn:aws:s3:::dns-logs or arn:aws:s3:::dns-logs/prefix",
            ),
            QueryLogDestination::CloudWatch { log_group_arn } => (
                "cloud_watch",
                "log_group_arn",
                is_log_group_arn(log_group_arn),
                "a log group ARN such as arn:aws:logs:us-east-1:111111111111:log-group:dns-queries",
            ),
            QueryLogDestination::Firehose { stream_arn } => (
                "firehose",
                "stream_arn",
                is_firehose_arn(stream_arn),
                "a Firehose stream ARN such as arn:aws:firehose:us-east-1:111111111111:deliverystream/dns-queries",
            ),
        };
        let arn = destination.arn();
        let partition = region(config_region).map(|r| r.partition.arn_prefix());
        let problem = if !well_formed {
            Some(format!("is not {expected}"))
        } else {
            partition
                .filter(|p| arn.split(':').nth(1) != Some(*p))
                .map(|p| format!("is not in the {p} partition, where region {config_region} is"))
        };
        if let Some(problem) = problem {
            diags.push(
                Diagnostic::error(
                    Code::QueryLogDestination,
                    path.field(kind).field(field),
                    format!("the destination {arn:?} of {owner} {problem}"),
                )
                .with_help(format!("expected {expected}")),
            );
        }
    }
}
