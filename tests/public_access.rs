//! VPC Block Public Access: the mode per account and region, exclusions per VPC or subnet,
//! the order between them, the blueprint option, and every bad input with its diagnostic.

use crate::support::{assert_diagnostics, blueprint, graph};
use netform::backends::{Kind, ResourceGraph, Value};
use netform::dsl::{
    BlockMode, BlockPublicAccess, Code, ExclusionMode, NatMode, Network, Severity, Tier, Vpc,
};

/// A network account with an egress VPC (public subnets, NAT gateways) and a workload
/// account with an app VPC, both in us-east-1, and the workload account's second VPC in
/// eu-west-1.
fn network(bpa: BlockPublicAccess) -> Network {
    let azs = |region: &str| [format!("{region}a"), format!("{region}b")];
    Network::builder("acme")
        .network_account("network", "111111111111")
        .account("workload", "222222222222")
        .ip_block("aws", "10.0.0.0/8")
        .vpc(
            Vpc::builder("egress", "network", "us-east-1")
                .allocate("aws", 20)
                .azs(azs("us-east-1"))
                .subnets("public", Tier::Public, 26)
                .subnets("private", Tier::Private, 24)
                .nat(NatMode::PerAz),
        )
        .vpc(
            Vpc::builder("app", "workload", "us-east-1")
                .allocate("aws", 20)
                .azs(azs("us-east-1"))
                .subnets("private", Tier::Isolated, 24),
        )
        .vpc(
            Vpc::builder("app-eu", "workload", "eu-west-1")
                .allocate("aws", 20)
                .azs(azs("eu-west-1"))
                .subnets("private", Tier::Isolated, 24),
        )
        .block_public_access(bpa)
        .build()
}

fn errors(network: &Network) -> netform::dsl::Diagnostics {
    network.validate().expect_err("invalid")
}

fn warnings(network: &Network) -> netform::dsl::Diagnostics {
    network
        .validate()
        .unwrap_or_else(|d| panic!("invalid:\n{d}"))
        .warnings()
        .clone()
}

/// The `(account, region)` and mode of every `BpaOptions`, and the logical ids it waits for.
fn options(graph: &ResourceGraph) -> Vec<(String, String, String, Vec<String>)> {
    graph
        .resources
        .values()
        .filter(|r| r.id.kind == Kind::BpaOptions)
        .map(|r| {
            let mode = match &r.properties["internet_gateway_block_mode"] {
                Value::String(s) => s.clone(),
                other => panic!("mode {other:?}"),
            };
            let after = r
                .depends_on
                .iter()
                .map(|d| d.logical_id().to_string())
                .collect();
            (
                r.placement.account.clone(),
                r.placement.region.clone(),
                mode,
                after,
            )
        })
        .collect()
}

#[test]
fn the_mode_is_set_in_every_region_of_every_account_with_a_vpc_after_the_exclusions() {
    let bpa = BlockPublicAccess::new(BlockMode::Bidirectional).exclude_subnets(
        "egress",
        "public",
        ExclusionMode::AllowEgress,
    );
    let graph = graph(&network(bpa));
    assert_eq!(
        options(&graph),
        vec![
            (
                "network".into(),
                "us-east-1".into(),
                "block-bidirectional".into(),
                vec![
                    "EgressPublicABpaExclusion".into(),
                    "EgressPublicBBpaExclusion".into()
                ]
            ),
            (
                "workload".into(),
                "us-east-1".into(),
                "block-bidirectional".into(),
                vec![]
            ),
            (
                "workload".into(),
                "eu-west-1".into(),
                "block-bidirectional".into(),
                vec![]
            ),
        ]
    );
    // One exclusion per subnet of the group, naming the subnet of its AZ.
    let exclusions: Vec<(String, String, String)> = graph
        .resources
        .values()
        .filter(|r| r.id.kind == Kind::BpaExclusion)
        .map(|r| {
            let Value::Ref(subnet) = &r.properties["subnet_id"] else {
                panic!("no subnet reference: {r:?}")
            };
            let Value::String(mode) = &r.properties["internet_gateway_exclusion_mode"] else {
                panic!("no mode")
            };
            assert!(!r.properties.contains_key("vpc_id"));
            (
                r.id.logical_id().to_string(),
                subnet.target.logical_id().to_string(),
                mode.clone(),
            )
        })
        .collect();
    assert_eq!(
        exclusions,
        vec![
            (
                "EgressPublicABpaExclusion".into(),
                "EgressPublicASubnet".into(),
                "allow-egress".into()
            ),
            (
                "EgressPublicBBpaExclusion".into(),
                "EgressPublicBSubnet".into(),
                "allow-egress".into()
            ),
        ]
    );
}

#[test]
fn accounts_limit_the_mode_and_a_vpc_exclusion_names_the_vpc() {
    let bpa = BlockPublicAccess::new(BlockMode::IngressOnly)
        .accounts(["workload"])
        .exclude_vpc("app", ExclusionMode::AllowBidirectional);
    let network = network(bpa);
    assert!(warnings(&network).is_empty(), "{}", warnings(&network));
    let graph = graph(&network);
    let placements: Vec<(String, String)> = options(&graph)
        .into_iter()
        .map(|(account, region, mode, _)| {
            assert_eq!(mode, "block-ingress");
            (account, region)
        })
        .collect();
    assert_eq!(
        placements,
        vec![
            ("workload".into(), "us-east-1".into()),
            ("workload".into(), "eu-west-1".into())
        ]
    );
    let exclusion = graph
        .resources
        .values()
        .find(|r| r.id.kind == Kind::BpaExclusion)
        .expect("an exclusion");
    assert_eq!(exclusion.id.logical_id(), "AppBpaExclusion");
    assert_eq!(exclusion.placement.account, "workload");
    match &exclusion.properties["vpc_id"] {
        Value::Ref(r) => assert_eq!(r.target.logical_id(), "AppVpc"),
        other => panic!("vpc_id {other:?}"),
    }
}

#[test]
fn exclusions_of_unknown_vpcs_subnet_groups_and_accounts_are_errors_all_at_once() {
    let bpa = BlockPublicAccess::new(BlockMode::Bidirectional)
        .accounts(["network", "sandbox"])
        .exclude_vpc("egres", ExclusionMode::AllowEgress)
        .exclude_subnets("egress", "publc", ExclusionMode::AllowEgress)
        .exclude_subnets("egress", "public", ExclusionMode::AllowEgress)
        .exclude_subnets("egress", "public", ExclusionMode::AllowBidirectional);
    assert_diagnostics(
        &errors(&network(bpa)),
        &[
            (
                Severity::Error,
                Code::BpaUnknownTarget,
                "block_public_access.accounts[1]",
                &["\"sandbox\""],
            ),
            (
                Severity::Error,
                Code::BpaUnknownTarget,
                "block_public_access.exclusions[0].vpc",
                &["vpc \"egres\""],
            ),
            (
                Severity::Error,
                Code::BpaUnknownTarget,
                "block_public_access.exclusions[1].subnets",
                &["\"publc\"", "vpc \"egress\""],
            ),
            (
                Severity::Error,
                Code::NameDuplicate,
                "block_public_access.exclusions[3]",
                &["subnets \"public\" of vpc \"egress\"", "twice"],
            ),
        ],
    );
}

#[test]
fn an_exclusion_that_changes_nothing_is_a_warning() {
    // allow-egress under ingress-only; an exclusion in an account the mode is not set in.
    let bpa = BlockPublicAccess::new(BlockMode::IngressOnly)
        .accounts(["network"])
        .exclude_subnets("egress", "public", ExclusionMode::AllowEgress)
        .exclude_vpc("app", ExclusionMode::AllowBidirectional);
    assert_diagnostics(
        &warnings(&network(bpa)),
        &[
            (
                Severity::Warning,
                Code::BpaExclusionNoEffect,
                "block_public_access.exclusions[0].mode",
                &["allow-egress", "ingress-only"],
            ),
            (
                Severity::Warning,
                Code::BpaExclusionNoEffect,
                "block_public_access.exclusions[1].vpc",
                &["vpc \"app\"", "\"workload\""],
            ),
        ],
    );
}

#[test]
fn bidirectional_blocking_of_unexcluded_nat_gateways_is_a_warning() {
    let network = network(BlockPublicAccess::new(BlockMode::Bidirectional));
    assert_diagnostics(
        &warnings(&network),
        &[(
            Severity::Warning,
            Code::BpaBlocksNat,
            "vpcs[\"egress\"].nat",
            &["vpc \"egress\"", "subnets \"public\"", "\"network\""],
        )],
    );
    // Excluding the VPC, or leaving its account out, silences it.
    for bpa in [
        BlockPublicAccess::new(BlockMode::Bidirectional)
            .exclude_vpc("egress", ExclusionMode::AllowEgress),
        BlockPublicAccess::new(BlockMode::Bidirectional).accounts(["workload"]),
        BlockPublicAccess::new(BlockMode::IngressOnly),
    ] {
        let network = self::network(bpa);
        assert!(warnings(&network).is_empty(), "{}", warnings(&network));
    }
}

#[test]
fn the_hub_blueprints_exclude_their_egress_subnets_under_bidirectional_blocking() {
    for name in ["tgw-hub-spoke", "cloudwan-hub-spoke"] {
        let network = blueprint(name, &[("block-public-access", "bidirectional")]);
        let bpa = network.block_public_access.as_ref().expect("turned on");
        assert_eq!(bpa.mode, BlockMode::Bidirectional);
        let egress: Vec<&str> = network
            .inspections
            .iter()
            .filter(|i| i.egress)
            .map(|i| i.vpc.as_str())
            .collect();
        assert!(!egress.is_empty(), "{name} has an egress VPC");
        let excluded: Vec<&str> = bpa.exclusions.iter().map(|e| e.vpc.as_str()).collect();
        assert_eq!(excluded, egress, "{name}");
        assert!(bpa.exclusions.iter().all(
            |e| e.subnets.as_deref() == Some("public") && e.mode == ExclusionMode::AllowEgress
        ));
        // So nothing is cut off: no NF1003.
        assert!(
            warnings(&network).is_empty(),
            "{name}: {}",
            warnings(&network)
        );

        let off = blueprint(name, &[]);
        assert!(off.block_public_access.is_none(), "{name} default is off");
        let ingress = blueprint(name, &[("block-public-access", "ingress-only")]);
        let bpa = ingress.block_public_access.expect("turned on");
        assert_eq!(bpa.mode, BlockMode::IngressOnly);
        assert!(bpa.exclusions.is_empty());
    }
}
