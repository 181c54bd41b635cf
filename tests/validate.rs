//! Bad-input tests for `Network::validate()`.
//!
//! Each test starts from a network that validates cleanly ([`base`] plus [`vpc`]), makes one
//! mistake (or a few named ones), and checks the exact diagnostics that come back: their
//! codes, severities and printed paths, and for some the values their messages state. Every
//! code validation can produce (NF01xx to NF04xx of `Code::ALL`; the others come from loading
//! JSON and from the backends) is covered. Then: many mistakes reported at once, no input
//! that panics, and JSON round trips.

use crate::support::{diagnostics, the};
use netform_dsl::{
    Code, FlowLogs, NatMode, Network, NetworkBuilder, Severity, Tier, ValidNetwork, Vpc, VpcBuilder,
};
use proptest::prelude::*;

use Severity::{Error as E, Warning as W};

/// Accounts and an IP block that every test VPC can use: `network` (the network account),
/// `prod` (a workload account) and the block `corp`, 10.0.0.0/8.
fn base() -> NetworkBuilder {
    Network::builder("acme")
        .tag("owner", "platform")
        .network_account("network", "111111111111")
        .account("prod", "222222222222")
        .ip_block("corp", "10.0.0.0/8")
}

/// A valid, warning-free VPC in `prod`, us-east-1: a /16 from `corp` over two AZs, public
/// /24s, private /20s and a NAT gateway per AZ.
fn vpc(name: &str) -> VpcBuilder {
    vpc_of(name, "prod")
}

/// [`vpc`], owned by the account with alias `account`.
fn vpc_of(name: &str, account: &str) -> VpcBuilder {
    Vpc::builder(name, account, "us-east-1")
        .allocate("corp", 16)
        .azs(["us-east-1a", "us-east-1b"])
        .subnets("public", Tier::Public, 24)
        .subnets("private", Tier::Private, 20)
        .nat(NatMode::PerAz)
}

/// A valid VPC like [`vpc`] with no subnet groups and no NAT, for tests that add their own.
fn bare_vpc(name: &str) -> VpcBuilder {
    Vpc::builder(name, "prod", "us-east-1")
        .cidr("10.1.0.0/16")
        .azs(["us-east-1a", "us-east-1b"])
}

/// Every diagnostic of `net` as its code and printed path.
fn codes_at(net: &Network) -> Vec<(Code, String)> {
    diagnostics(net)
        .iter()
        .map(|d| (d.code, d.path.to_string()))
        .collect()
}

/// Asserts that `net` has exactly these diagnostics (severity, code, path), in any order.
#[track_caller]
fn assert_diags(net: &Network, expected: &[(Severity, Code, &str)]) {
    let mut actual: Vec<(Severity, Code, String)> = diagnostics(net)
        .iter()
        .map(|d| (d.severity, d.code, d.path.to_string()))
        .collect();
    let mut expected: Vec<(Severity, Code, String)> = expected
        .iter()
        .map(|(s, c, p)| (*s, *c, (*p).to_string()))
        .collect();
    actual.sort();
    expected.sort();
    assert_eq!(actual, expected, "diagnostics:\n{}", diagnostics(net));
}

/// Asserts that `net` fails validation with exactly these errors (in any order) and no warning.
#[track_caller]
fn assert_errors(net: &Network, expected: &[(Code, &str)]) {
    let diags = net.validate().expect_err("the network should not validate");
    assert_eq!(diags.warning_count(), 0, "unexpected warnings:\n{diags}");
    let with_severity: Vec<(Severity, Code, &str)> =
        expected.iter().map(|(c, p)| (E, *c, *p)).collect();
    assert_diags(net, &with_severity);
}

/// Asserts that `net` validates, with exactly these warnings (in any order).
#[track_caller]
fn assert_warnings(net: &Network, expected: &[(Code, &str)]) -> ValidNetwork {
    let valid = match net.validate() {
        Ok(valid) => valid,
        Err(diags) => panic!("the network should validate, but:\n{diags}"),
    };
    let with_severity: Vec<(Severity, Code, &str)> =
        expected.iter().map(|(c, p)| (W, *c, *p)).collect();
    assert_diags(net, &with_severity);
    valid
}

#[test]
fn the_base_network_is_valid_without_warnings() {
    let net = base().vpc(vpc("prod")).vpc(vpc("staging")).build();
    let valid = assert_warnings(&net, &[]);
    assert_eq!(valid.vpc_cidr(0).to_string(), "10.0.0.0/16");
    assert_eq!(valid.vpc_cidr(1).to_string(), "10.1.0.0/16");
    assert!(codes_at(&net).is_empty());
}

// ---- NF01xx: CIDRs and IP planning ----

#[test]
fn a_cidr_that_does_not_parse_is_nf0101() {
    let net = base().vpc(vpc("prod").cidr("banana")).build();
    assert_errors(&net, &[(Code::CidrSyntax, r#"vpcs["prod"].cidr"#)]);
    assert!(the(&net, Code::CidrSyntax).message.contains("\"banana\""));

    let net = base()
        .vpc(bare_vpc("prod").subnets_pinned("db", Tier::Isolated, ["10.1.0.0/24", "10.1.1.0"]))
        .build();
    assert_errors(
        &net,
        &[(
            Code::CidrSyntax,
            r#"vpcs["prod"].subnet_groups["db"].size.pinned[1]"#,
        )],
    );
}

#[test]
fn an_empty_cidr_is_nf0101() {
    // A VPC builder without .cidr() or .allocate() leaves the CIDR empty.
    let net = base()
        .vpc(
            Vpc::builder("prod", "prod", "us-east-1")
                .azs(["us-east-1a", "us-east-1b"])
                .subnets("public", Tier::Public, 24),
        )
        .build();
    assert_errors(&net, &[(Code::CidrSyntax, r#"vpcs["prod"].cidr"#)]);
    assert!(the(&net, Code::CidrSyntax).message.contains("no CIDR"));
}

#[test]
fn host_bits_are_nf0102_with_a_suggestion() {
    let net = base().vpc(vpc("prod").cidr("10.0.0.1/16")).build();
    assert_errors(&net, &[(Code::CidrHostBits, r#"vpcs["prod"].cidr"#)]);
    let d = the(&net, Code::CidrHostBits);
    assert!(d.message.contains("10.0.0.1/16"), "{}", d.message);
    assert!(d.help.unwrap().contains("10.0.0.0/16"));

    // A bad IP block is reported once, at the block, not again at every VPC allocated from it.
    let net = Network::builder("acme")
        .network_account("network", "111111111111")
        .account("prod", "222222222222")
        .ip_block("corp", "10.0.0.1/8")
        .vpc(vpc("prod"))
        .vpc(vpc("staging"))
        .build();
    assert_errors(&net, &[(Code::CidrHostBits, r#"ip_blocks["corp"].cidr"#)]);
}

#[test]
fn a_vpc_prefix_outside_16_to_28_is_nf0103() {
    let net = base().vpc(vpc("prod").cidr("10.0.0.0/30")).build();
    assert_errors(&net, &[(Code::VpcPrefix, r#"vpcs["prod"].cidr"#)]);
    let message = the(&net, Code::VpcPrefix).message;
    assert!(message.contains("/30"), "{message}");

    let net = base().vpc(vpc("prod").allocate("corp", 8)).build();
    assert_errors(&net, &[(Code::VpcPrefix, r#"vpcs["prod"].cidr"#)]);
    assert!(the(&net, Code::VpcPrefix).message.contains("/8"));

    let net = base().vpc(vpc("prod").cidr("10.0.0.0/8")).build();
    assert_errors(&net, &[(Code::VpcPrefix, r#"vpcs["prod"].cidr"#)]);

    // The bounds themselves are allowed.
    let net = base()
        .vpc(vpc("big").allocate("corp", 16))
        .vpc(bare_vpc("small").allocate("corp", 28))
        .build();
    let valid = assert_warnings(&net, &[]);
    assert_eq!(valid.vpc_cidr(1).to_string(), "10.1.0.0/28");
}

#[test]
fn a_subnet_prefix_outside_16_to_28_is_nf0104() {
    let net = base()
        .vpc(vpc("prod").subnets("tiny", Tier::Isolated, 29))
        .build();
    assert_errors(
        &net,
        &[(
            Code::SubnetPrefix,
            r#"vpcs["prod"].subnet_groups["tiny"].size"#,
        )],
    );
    assert!(the(&net, Code::SubnetPrefix).message.contains("/29"));

    let net = base()
        .vpc(bare_vpc("prod").subnets_pinned("db", Tier::Isolated, ["10.1.0.0/24", "10.1.1.0/29"]))
        .build();
    assert_errors(
        &net,
        &[(
            Code::SubnetPrefix,
            r#"vpcs["prod"].subnet_groups["db"].size.pinned[1]"#,
        )],
    );
}

#[test]
fn a_pinned_subnet_outside_its_vpc_is_nf0105() {
    let net = base()
        .vpc(bare_vpc("prod").subnets_pinned("db", Tier::Isolated, ["10.2.0.0/24", "10.1.1.0/24"]))
        .build();
    assert_errors(
        &net,
        &[(
            Code::SubnetOutsideVpc,
            r#"vpcs["prod"].subnet_groups["db"].size.pinned[0]"#,
        )],
    );
    let message = the(&net, Code::SubnetOutsideVpc).message;
    assert!(
        message.contains("10.2.0.0/24") && message.contains("10.1.0.0/16"),
        "{message}"
    );
}

#[test]
fn overlapping_subnets_are_nf0106() {
    // Two pinned groups: the second's 10.1.1.0/25 lies in the first's 10.1.1.0/24.
    let net = base()
        .vpc(
            bare_vpc("prod")
                .subnets_pinned("app", Tier::Isolated, ["10.1.0.0/24", "10.1.1.0/24"])
                .subnets_pinned("db", Tier::Isolated, ["10.1.2.0/24", "10.1.1.0/25"]),
        )
        .build();
    assert_errors(
        &net,
        &[(
            Code::SubnetOverlap,
            r#"vpcs["prod"].subnet_groups["db"].size.pinned[1]"#,
        )],
    );
    let message = the(&net, Code::SubnetOverlap).message;
    assert!(
        message.contains("10.1.1.0/25") && message.contains("10.1.1.0/24"),
        "{message}"
    );

    // A group pinned after an allocated one, over the space that one already took.
    let net = base()
        .vpc(
            bare_vpc("prod")
                .subnets("public", Tier::Public, 24)
                .subnets_pinned("db", Tier::Isolated, ["10.1.0.0/24", "10.1.200.0/24"]),
        )
        .build();
    assert_errors(
        &net,
        &[(
            Code::SubnetOverlap,
            r#"vpcs["prod"].subnet_groups["db"].size.pinned[0]"#,
        )],
    );

    // Pinned first, the allocated group goes around it: no overlap.
    let net = base()
        .vpc(
            bare_vpc("prod")
                .subnets_pinned("db", Tier::Isolated, ["10.1.0.0/24", "10.1.200.0/24"])
                .subnets("public", Tier::Public, 24),
        )
        .build();
    let valid = assert_warnings(&net, &[]);
    let public: Vec<String> = valid.plan()[0].subnet_groups[1]
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(public, ["10.1.1.0/24", "10.1.2.0/24"]);
}

#[test]
fn overlapping_vpcs_are_nf0107_once() {
    let net = base()
        .vpc(vpc("a").cidr("10.0.0.0/16"))
        .vpc(vpc("b").cidr("10.1.0.0/16"))
        .vpc(vpc("c").cidr("10.1.128.0/17"))
        .build();
    assert_errors(&net, &[(Code::VpcOverlap, r#"vpcs["c"].cidr"#)]);
    let message = the(&net, Code::VpcOverlap).message;
    assert!(
        message.contains("10.1.128.0/17") && message.contains("10.1.0.0/16"),
        "{message}"
    );

    // A VPC pinned over space an earlier VPC was allocated: reported, not moved.
    let net = base()
        .vpc(vpc("a"))
        .vpc(vpc("b").cidr("10.0.0.0/16"))
        .build();
    assert_errors(&net, &[(Code::VpcOverlap, r#"vpcs["b"].cidr"#)]);
}

#[test]
fn an_overlap_with_allocated_space_points_at_the_pin() {
    // An allocated CIDR is netform's choice, made first; the mistake is the CIDR pinned over
    // it later, so that is where the diagnostic must point, whichever of the two is larger.
    let pinned_larger = base()
        .ip_block("small", "10.200.0.0/16")
        .vpc(bare_vpc("a").allocate("small", 24))
        .vpc(bare_vpc("b").cidr("10.200.0.0/20"))
        .build();
    let pinned_smaller = base()
        .ip_block("small", "10.200.0.0/16")
        .vpc(bare_vpc("a").allocate("small", 20))
        .vpc(bare_vpc("b").cidr("10.200.1.0/24"))
        .build();
    let subnet_pinned_larger = base()
        .vpc(
            bare_vpc("p")
                .subnets("public", Tier::Public, 24)
                .subnets_pinned("db", Tier::Isolated, ["10.1.0.0/23", "10.1.200.0/24"]),
        )
        .build();
    let got = [
        codes_at(&pinned_larger),
        codes_at(&pinned_smaller),
        codes_at(&subnet_pinned_larger),
    ];
    let expected = [
        vec![(Code::VpcOverlap, r#"vpcs["b"].cidr"#.to_string())],
        vec![(Code::VpcOverlap, r#"vpcs["b"].cidr"#.to_string())],
        // Both public subnets lie in db's 10.1.0.0/23: two overlaps, both db's doing.
        vec![
            (
                Code::SubnetOverlap,
                r#"vpcs["p"].subnet_groups["db"].size.pinned[0]"#.to_string(),
            ),
            (
                Code::SubnetOverlap,
                r#"vpcs["p"].subnet_groups["db"].size.pinned[0]"#.to_string(),
            ),
        ],
    ];
    assert_eq!(got, expected);
}

#[test]
fn a_subnet_pinned_around_its_vpc_does_not_use_up_its_space() {
    // 10.1.0.0/23 is outside the /24 VPC: that is the one mistake. It is not a subnet of the
    // VPC, so it must not take the VPC's space from the group allocated after it.
    let net = base()
        .vpc(
            bare_vpc("p")
                .cidr("10.1.0.0/24")
                .subnets_pinned("big", Tier::Isolated, ["10.1.0.0/23", "10.1.0.0/25"])
                .subnets("app", Tier::Isolated, 28),
        )
        .build();
    assert_errors(
        &net,
        &[(
            Code::SubnetOutsideVpc,
            r#"vpcs["p"].subnet_groups["big"].size.pinned[0]"#,
        )],
    );
}

#[test]
fn an_exhausted_ip_block_is_nf0108_with_the_numbers() {
    let net = base()
        .ip_block("small", "10.200.0.0/16")
        .vpc(vpc("a").allocate("small", 16))
        .vpc(vpc("b").allocate("small", 16))
        .build();
    assert_errors(&net, &[(Code::BlockExhausted, r#"vpcs["b"].cidr"#)]);
    let message = the(&net, Code::BlockExhausted).message;
    assert!(
        message.contains("/16")
            && message.contains("0 addresses")
            && message.contains("10.200.0.0/16"),
        "{message}"
    );

    // Partly used: a /17 leaves 32768 addresses, which a /16 does not fit in.
    let net = base()
        .ip_block("small", "10.200.0.0/16")
        .vpc(
            bare_vpc("a")
                .allocate("small", 17)
                .subnets("db", Tier::Isolated, 20),
        )
        .vpc(vpc("b").allocate("small", 16))
        .build();
    assert_eq!(
        codes_at(&net),
        vec![(Code::BlockExhausted, r#"vpcs["b"].cidr"#.to_string())]
    );
    let message = the(&net, Code::BlockExhausted).message;
    assert!(message.contains("32768 addresses"), "{message}");
}

#[test]
fn an_exhausted_vpc_is_nf0109_with_the_numbers() {
    // Public takes two /26s (128 addresses) of the /24; two /25s do not fit in the rest.
    let net = base()
        .vpc(
            bare_vpc("prod")
                .cidr("10.1.0.0/24")
                .subnets("public", Tier::Public, 26)
                .subnets("private", Tier::Private, 25),
        )
        .build();
    assert_errors(
        &net,
        &[(
            Code::VpcExhausted,
            r#"vpcs["prod"].subnet_groups["private"].size"#,
        )],
    );
    let message = the(&net, Code::VpcExhausted).message;
    assert!(
        message.contains("2 subnets of /25 do not fit in the 128 addresses left of 10.1.0.0/24"),
        "{message}"
    );
}

#[test]
fn a_group_that_does_not_fit_does_not_use_up_space_for_the_next() {
    // Three /25s cannot fit in a /24: that group is the one mistake. The three /28s after it
    // fit in the /24 on their own, so they must not be reported as well.
    let net = base()
        .vpc(
            bare_vpc("prod")
                .cidr("10.1.0.0/24")
                .azs(["us-east-1a", "us-east-1b", "us-east-1c"])
                .subnets("public", Tier::Public, 25)
                .subnets("db", Tier::Isolated, 28),
        )
        .build();
    assert_errors(
        &net,
        &[(
            Code::VpcExhausted,
            r#"vpcs["prod"].subnet_groups["public"].size"#,
        )],
    );
}

#[test]
fn a_pinned_cidr_count_other_than_the_az_count_is_nf0110() {
    let net = base()
        .vpc(bare_vpc("prod").subnets_pinned(
            "db",
            Tier::Isolated,
            ["10.1.0.0/24", "10.1.1.0/24", "10.1.2.0/24"],
        ))
        .build();
    assert_errors(
        &net,
        &[(
            Code::PinnedCount,
            r#"vpcs["prod"].subnet_groups["db"].size.pinned"#,
        )],
    );
    let message = the(&net, Code::PinnedCount).message;
    assert!(
        message.contains("3 CIDRs") && message.contains("2 AZs"),
        "{message}"
    );
}

#[test]
fn an_unknown_ip_block_is_nf0111() {
    let net = base().vpc(vpc("prod").allocate("nowhere", 16)).build();
    assert_errors(&net, &[(Code::UnknownBlock, r#"vpcs["prod"].cidr.block"#)]);
    let d = the(&net, Code::UnknownBlock);
    assert!(d.message.contains("\"nowhere\""), "{}", d.message);
    assert!(d.help.unwrap().contains("corp"));
}

#[test]
fn an_allocation_larger_than_its_block_is_nf0112() {
    let net = base()
        .ip_block("lab", "10.9.0.0/20")
        .vpc(vpc("prod").allocate("lab", 16))
        .build();
    assert_errors(
        &net,
        &[(Code::AllocationTooLarge, r#"vpcs["prod"].cidr.prefix"#)],
    );
    let message = the(&net, Code::AllocationTooLarge).message;
    assert!(
        message.contains("/16") && message.contains("10.9.0.0/20"),
        "{message}"
    );

    // The block's own size is fine: the VPC gets the whole block.
    let net = base()
        .ip_block("lab", "10.9.0.0/20")
        .vpc(
            bare_vpc("prod")
                .allocate("lab", 20)
                .subnets("public", Tier::Public, 24),
        )
        .build();
    let valid = assert_warnings(&net, &[]);
    assert_eq!(valid.vpc_cidr(0).to_string(), "10.9.0.0/20");
}

// ---- NF02xx: names ----

#[test]
fn an_empty_name_is_nf0201() {
    let net = Network::builder("")
        .network_account("network", "111111111111")
        .account("prod", "222222222222")
        .ip_block("corp", "10.0.0.0/8")
        .vpc(vpc("prod"))
        .build();
    assert_errors(&net, &[(Code::NameEmpty, "name")]);

    // An unnamed element is pointed at by position.
    let net = base()
        .vpc(vpc("prod").subnets("", Tier::Isolated, 24))
        .build();
    assert_errors(
        &net,
        &[(Code::NameEmpty, r#"vpcs["prod"].subnet_groups[2].name"#)],
    );
}

#[test]
fn a_name_with_bad_characters_is_nf0202() {
    let net = base().vpc(vpc("prod app")).build();
    assert_errors(&net, &[(Code::NameSyntax, r#"vpcs["prod app"].name"#)]);
    assert!(the(&net, Code::NameSyntax).message.contains("' '"));

    let net = base().vpc(vpc("2prod")).build();
    assert_errors(&net, &[(Code::NameSyntax, r#"vpcs["2prod"].name"#)]);

    let long = "a".repeat(65);
    let net = base().vpc(vpc(&long)).build();
    let expected_path = format!("vpcs[\"{long}\"].name");
    assert_errors(&net, &[(Code::NameSyntax, &expected_path)]);
    assert!(the(&net, Code::NameSyntax).message.contains("65"));

    let net = base().ip_block("corp.v2", "172.16.0.0/12").build();
    assert_errors(&net, &[(Code::NameSyntax, r#"ip_blocks["corp.v2"].name"#)]);
}

#[test]
fn duplicate_vpc_names_are_nf0203() {
    let net = base().vpc(vpc("prod")).vpc(vpc("prod")).build();
    assert_errors(&net, &[(Code::NameDuplicate, r#"vpcs["prod"]"#)]);

    let net = base()
        .vpc(vpc("prod").subnets("public", Tier::Public, 26))
        .build();
    assert_errors(
        &net,
        &[(
            Code::NameDuplicate,
            r#"vpcs["prod"].subnet_groups["public"]"#,
        )],
    );
}

#[test]
fn names_that_become_one_logical_id_are_nf0204() {
    // `-` and `_` vanish from logical ids, and Terraform turns `-` into `_`: both collide.
    let net = base().vpc(vpc("prod-app")).vpc(vpc("prod_app")).build();
    assert_errors(
        &net,
        &[
            (Code::LogicalIdCollision, r#"vpcs["prod_app"]"#),
            (Code::TerraformLabelCollision, r#"vpcs["prod_app"]"#),
        ],
    );
    let message = the(&net, Code::LogicalIdCollision).message;
    assert!(message.contains("ProdApp"), "{message}");

    // "ProdApp" and "prod-app" are both ProdApp, but their labels differ.
    let net = base().vpc(vpc("prod-app")).vpc(vpc("ProdApp")).build();
    assert_errors(&net, &[(Code::LogicalIdCollision, r#"vpcs["ProdApp"]"#)]);
}

#[test]
fn names_that_become_one_terraform_label_are_nf0205() {
    // Labels are lowercased; logical ids keep inner capitals (ProdApp vs Prodapp).
    let net = base().vpc(vpc("prodApp")).vpc(vpc("prodapp")).build();
    assert_errors(
        &net,
        &[(Code::TerraformLabelCollision, r#"vpcs["prodapp"]"#)],
    );
    let message = the(&net, Code::TerraformLabelCollision).message;
    assert!(message.contains("\"prodapp\""), "{message}");
}

// ---- NF03xx: accounts, regions, AZs ----

#[test]
fn an_account_id_of_other_than_12_digits_is_nf0301() {
    let net = Network::builder("acme")
        .network_account("network", "111111111111")
        .account("prod", "12345")
        .ip_block("corp", "10.0.0.0/8")
        .vpc(vpc("prod"))
        .build();
    assert_errors(&net, &[(Code::AccountId, r#"accounts["prod"].id"#)]);
    assert!(the(&net, Code::AccountId).message.contains("\"12345\""));

    let net = Network::builder("acme")
        .network_account("network", "11111111111a")
        .account("prod", "222222222222")
        .build();
    assert_errors(&net, &[(Code::AccountId, r#"accounts["network"].id"#)]);
}

#[test]
fn an_unknown_account_alias_is_nf0302() {
    let net = base().vpc(vpc_of("prod", "staging")).build();
    assert_errors(&net, &[(Code::UnknownAccount, r#"vpcs["prod"].account"#)]);
    let d = the(&net, Code::UnknownAccount);
    assert!(d.message.contains("\"staging\""), "{}", d.message);
    assert!(d.help.unwrap().contains("network, prod"));
}

#[test]
fn an_unknown_region_is_nf0303_and_nothing_more() {
    let net = base()
        .vpc(
            Vpc::builder("prod", "prod", "mars-1")
                .allocate("corp", 16)
                .azs(["mars-1a", "mars-1b"])
                .subnets("public", Tier::Public, 24),
        )
        .build();
    assert_errors(&net, &[(Code::UnknownRegion, r#"vpcs["prod"].region"#)]);
    assert!(the(&net, Code::UnknownRegion)
        .message
        .contains("\"mars-1\""));
}

#[test]
fn an_az_of_another_region_is_nf0304() {
    let net = base()
        .vpc(
            Vpc::builder("prod", "prod", "eu-west-1")
                .allocate("corp", 16)
                .azs(["eu-west-1a", "us-east-1a"])
                .subnets("public", Tier::Public, 24),
        )
        .build();
    assert_errors(&net, &[(Code::AzNotInRegion, r#"vpcs["prod"].azs[1]"#)]);
    let d = the(&net, Code::AzNotInRegion);
    assert!(
        d.message.contains("us-east-1a") && d.message.contains("eu-west-1"),
        "{}",
        d.message
    );
    assert!(d.help.unwrap().contains("eu-west-1c"));

    // ca-central-1 has no `c` zone.
    let net = base()
        .vpc(
            Vpc::builder("prod", "prod", "ca-central-1")
                .allocate("corp", 16)
                .azs(["ca-central-1a", "ca-central-1c"])
                .subnets("public", Tier::Public, 24),
        )
        .build();
    assert_errors(&net, &[(Code::AzNotInRegion, r#"vpcs["prod"].azs[1]"#)]);
}

#[test]
fn a_repeated_az_is_nf0305() {
    let net = base()
        .vpc(vpc("prod").azs(["us-east-1a", "us-east-1b", "us-east-1a"]))
        .build();
    assert_errors(&net, &[(Code::AzDuplicate, r#"vpcs["prod"].azs[2]"#)]);
}

#[test]
fn no_network_account_is_nf0306() {
    let net = Network::builder("acme")
        .account("prod", "222222222222")
        .ip_block("corp", "10.0.0.0/8")
        .vpc(vpc("prod"))
        .build();
    assert_errors(&net, &[(Code::NetworkAccount, "accounts")]);
    assert!(the(&net, Code::NetworkAccount)
        .message
        .contains("no account"));
}

#[test]
fn two_network_accounts_are_nf0306() {
    let net = base()
        .network_account("network2", "333333333333")
        .vpc(vpc("prod"))
        .build();
    assert_errors(&net, &[(Code::NetworkAccount, "accounts")]);
    let message = the(&net, Code::NetworkAccount).message;
    assert!(
        message.contains('2') && message.contains("network, network2"),
        "{message}"
    );
}

#[test]
fn one_account_id_under_two_aliases_is_nf0307() {
    let net = base()
        .account("prod-again", "222222222222")
        .vpc(vpc("prod"))
        .build();
    assert_errors(
        &net,
        &[(Code::AccountIdDuplicate, r#"accounts["prod-again"].id"#)],
    );
    let message = the(&net, Code::AccountIdDuplicate).message;
    assert!(message.contains("222222222222"), "{message}");
}

#[test]
fn zero_or_seven_azs_are_nf0308() {
    let net = base().vpc(vpc("prod").azs(Vec::<String>::new())).build();
    assert_errors(&net, &[(Code::AzCount, r#"vpcs["prod"].azs"#)]);
    assert!(the(&net, Code::AzCount).message.contains("0 AZs"));

    // us-east-1 has six zones, so a seventh repeats one: two mistakes.
    let seven = [
        "us-east-1a",
        "us-east-1b",
        "us-east-1c",
        "us-east-1d",
        "us-east-1e",
        "us-east-1f",
        "us-east-1a",
    ];
    let net = base()
        .vpc(
            vpc("prod")
                .azs(seven)
                .subnets("public", Tier::Public, 24)
                .subnets("private", Tier::Private, 24),
        )
        .build();
    let mut got = codes_at(&net);
    got.sort();
    assert!(
        got.contains(&(Code::AzCount, r#"vpcs["prod"].azs"#.to_string())),
        "{got:?}"
    );
    assert!(got.contains(&(Code::AzDuplicate, r#"vpcs["prod"].azs[6]"#.to_string())));
    assert!(the(&net, Code::AzCount).message.contains("7 AZs"));

    // Six is the most.
    let net = base()
        .vpc(vpc("prod").azs(seven[..6].iter().copied()))
        .build();
    assert_warnings(&net, &[]);
}

// ---- NF04xx: design rules, flow logs, tags ----

#[test]
fn nat_without_a_public_subnet_is_nf0401() {
    let net = base()
        .vpc(
            bare_vpc("prod")
                .subnets("private", Tier::Private, 20)
                .nat(NatMode::PerAz),
        )
        .build();
    assert_errors(
        &net,
        &[(Code::NatWithoutPublicSubnet, r#"vpcs["prod"].nat"#)],
    );
    assert!(the(&net, Code::NatWithoutPublicSubnet)
        .message
        .contains("per-az"));
}

#[test]
fn a_single_az_is_a_nf0402_warning_only() {
    let net = base().vpc(vpc("prod").azs(["us-east-1a"])).build();
    let valid = assert_warnings(&net, &[(Code::SingleAz, r#"vpcs["prod"].azs"#)]);
    let warning = valid.warnings().iter().next().unwrap();
    assert_eq!(warning.severity, Severity::Warning);
    assert!(warning.message.contains("us-east-1a"));
    assert_eq!(valid.warnings().error_count(), 0);
}

#[test]
fn one_nat_for_several_azs_is_a_nf0403_warning() {
    let net = base()
        .vpc(
            vpc("prod")
                .azs(["us-east-1a", "us-east-1b", "us-east-1c"])
                .nat(NatMode::Single),
        )
        .build();
    assert_warnings(&net, &[(Code::SingleNat, r#"vpcs["prod"].nat"#)]);
    let message = the(&net, Code::SingleNat).message;
    assert!(
        message.contains("3 AZs") && message.contains("us-east-1a"),
        "{message}"
    );

    // One AZ, one NAT: only the single-AZ warning.
    let net = base()
        .vpc(vpc("prod").azs(["us-east-1a"]).nat(NatMode::Single))
        .build();
    assert_warnings(&net, &[(Code::SingleAz, r#"vpcs["prod"].azs"#)]);
}

#[test]
fn nat_without_private_subnets_is_a_nf0404_warning() {
    let net = base()
        .vpc(
            bare_vpc("prod")
                .subnets("public", Tier::Public, 24)
                .nat(NatMode::PerAz),
        )
        .build();
    assert_warnings(&net, &[(Code::NatUnused, r#"vpcs["prod"].nat"#)]);

    // Neither public nor private: the error and the warning, the error first.
    let net = base()
        .vpc(
            bare_vpc("prod")
                .subnets("db", Tier::Isolated, 24)
                .nat(NatMode::Single),
        )
        .build();
    let diags = net.validate().expect_err("NAT without public subnets");
    let got: Vec<(Severity, Code)> = diags.iter().map(|d| (d.severity, d.code)).collect();
    assert_eq!(
        got,
        [(E, Code::NatWithoutPublicSubnet), (W, Code::NatUnused)]
    );
}

#[test]
fn a_bad_s3_flow_log_arn_is_nf0405() {
    for arn in [
        "acme-flow-logs",
        "arn:aws:s3:::Acme_Logs",
        "arn:aws:s3:us-east-1::acme-flow-logs",
        "arn:aws:s3:::ab",
        "arn:aws:ec2:::acme-flow-logs",
        "arn:aws:s3:::-acme",
    ] {
        let net = base().vpc(vpc("prod").flow_logs(FlowLogs::s3(arn))).build();
        assert_errors(
            &net,
            &[(
                Code::FlowLogDestination,
                r#"vpcs["prod"].flow_logs.destination.bucket_arn"#,
            )],
        );
        let message = the(&net, Code::FlowLogDestination).message;
        assert!(message.contains(arn), "{message}");
    }
    for arn in ["arn:aws:s3:::acme-flow-logs", "arn:aws:s3:::acme/vpc/prod"] {
        let net = base().vpc(vpc("prod").flow_logs(FlowLogs::s3(arn))).build();
        assert_warnings(&net, &[]);
    }
}

#[test]
fn bad_cloudwatch_flow_log_arns_are_nf0405() {
    let good_group = "arn:aws:logs:us-east-1:111111111111:log-group:flow-logs";
    let good_role = "arn:aws:iam::111111111111:role/flow-logs";
    let net = base()
        .vpc(vpc("prod").flow_logs(FlowLogs::cloudwatch(good_group, good_role)))
        .build();
    assert_warnings(&net, &[]);

    let net = base()
        .vpc(vpc("prod").flow_logs(FlowLogs::cloudwatch(
            "arn:aws:logs:mars-1:111111111111:log-group:flow-logs",
            "arn:aws:iam::111111111111:user/flow-logs",
        )))
        .build();
    assert_errors(
        &net,
        &[
            (
                Code::FlowLogDestination,
                r#"vpcs["prod"].flow_logs.destination.log_group_arn"#,
            ),
            (
                Code::FlowLogDestination,
                r#"vpcs["prod"].flow_logs.destination.role_arn"#,
            ),
        ],
    );

    let net = base()
        .vpc(vpc("prod").flow_logs(FlowLogs::cloudwatch(
            "arn:aws:logs:us-east-1:1111:log-group:flow-logs",
            good_role,
        )))
        .build();
    assert_errors(
        &net,
        &[(
            Code::FlowLogDestination,
            r#"vpcs["prod"].flow_logs.destination.log_group_arn"#,
        )],
    );
}

#[test]
fn reserved_tag_keys_are_nf0406() {
    let net = base().tag("aws:x", "1").vpc(vpc("prod")).build();
    assert_errors(&net, &[(Code::Tag, r#"tags["aws:x"]"#)]);

    let net = base().vpc(vpc("prod").tag("AWS:cost", "1")).build();
    assert_errors(&net, &[(Code::Tag, r#"vpcs["prod"].tags["AWS:cost"]"#)]);

    let net = base().vpc(vpc("prod").tag("Name", "mine")).build();
    assert_errors(&net, &[(Code::Tag, r#"vpcs["prod"].tags["Name"]"#)]);
}

#[test]
fn tag_lengths_are_nf0406() {
    let net = base().tag("note", "x".repeat(300)).vpc(vpc("prod")).build();
    assert_errors(&net, &[(Code::Tag, r#"tags["note"]"#)]);
    assert!(the(&net, Code::Tag).message.contains("300"));

    let net = base().tag("note", "x".repeat(256)).vpc(vpc("prod")).build();
    assert_warnings(&net, &[]);

    let key = "k".repeat(129);
    let net = base().vpc(vpc("prod").tag(key.clone(), "v")).build();
    let path = format!("vpcs[\"prod\"].tags[\"{key}\"]");
    assert_errors(&net, &[(Code::Tag, &path)]);

    let net = base().vpc(vpc("prod").tag("", "v")).build();
    assert_errors(&net, &[(Code::Tag, r#"vpcs["prod"].tags[""]"#)]);
}

#[test]
fn too_many_tags_are_nf0406() {
    // 50 of the network's own, plus Name, is 51: reported once, at the network, not again at
    // each VPC that merely inherits them.
    let mut builder = Network::builder("acme")
        .network_account("network", "111111111111")
        .account("prod", "222222222222")
        .ip_block("corp", "10.0.0.0/8");
    for i in 0..50 {
        builder = builder.tag(format!("k{i}"), "v");
    }
    let net = builder.clone().build();
    assert_errors(&net, &[(Code::Tag, "tags")]);
    let message = the(&net, Code::Tag).message;
    assert!(message.contains("make 51"), "{message}");
    let net = builder.clone().vpc(vpc("prod")).vpc(vpc("staging")).build();
    assert_errors(&net, &[(Code::Tag, "tags")]);

    // 29 inherited (base() has one) and 21 of the VPC's own, plus Name, is 51 too: reported
    // at the VPC.
    let mut builder = base();
    for i in 0..28 {
        builder = builder.tag(format!("k{i}"), "v");
    }
    let mut prod = vpc("prod");
    for i in 0..20 {
        prod = prod.tag(format!("v{i}"), "v");
    }
    let net = builder.clone().vpc(prod.clone().tag("v20", "v")).build();
    assert_errors(&net, &[(Code::Tag, r#"vpcs["prod"].tags"#)]);
    let message = the(&net, Code::Tag).message;
    assert!(
        message.contains("21 tags here and 29 inherited"),
        "{message}"
    );

    // 49 in all, plus Name, is allowed.
    let net = builder.vpc(prod).build();
    assert_eq!(net.tags.len() + net.vpcs[0].tags.len(), 49);
    assert_warnings(&net, &[]);
}

#[test]
fn a_vpc_tag_overriding_a_network_tag_is_counted_once() {
    // The VPC re-sets the network's 30 keys: each resource gets 30 tags plus Name, not 61.
    let mut builder = Network::builder("acme")
        .network_account("network", "111111111111")
        .account("prod", "222222222222")
        .ip_block("corp", "10.0.0.0/8");
    let mut prod = vpc("prod");
    for i in 0..30 {
        builder = builder.tag(format!("k{i}"), "network");
        prod = prod.tag(format!("k{i}"), "vpc");
    }
    let net = builder.vpc(prod).build();
    assert_warnings(&net, &[]);
}

// ---- Many mistakes at once ----

#[test]
fn many_mistakes_are_reported_at_once_errors_first() {
    let net = Network::builder("acme")
        .network_account("network", "12345")
        .account("prod", "222222222222")
        .account("dup", "222222222222")
        .ip_block("corp", "10.0.0.0/8")
        .vpc(
            Vpc::builder("prod", "nobody", "mars-1")
                .cidr("banana")
                .azs(["mars-1a", "mars-1b"]),
        )
        .vpc(
            Vpc::builder("edge", "prod", "us-east-1")
                .allocate("corp", 16)
                .azs(["us-east-1a"])
                .subnets("public", Tier::Public, 24)
                .nat(NatMode::Single)
                .tag("aws:x", "1"),
        )
        .vpc(
            Vpc::builder("db", "prod", "us-east-1")
                .allocate("nowhere", 16)
                .azs(["us-east-1a", "us-east-1b"])
                .subnets("data", Tier::Isolated, 24)
                .flow_logs(FlowLogs::s3("bucket")),
        )
        .vpc(
            Vpc::builder("app", "prod", "us-east-1")
                .allocate("corp", 16)
                .azs(["us-east-1a", "us-east-1b"])
                .subnets("tiny", Tier::Private, 29)
                .nat(NatMode::PerAz),
        )
        .build();
    let diags = net.validate().expect_err("many mistakes");
    assert_diags(
        &net,
        &[
            (E, Code::AccountId, r#"accounts["network"].id"#),
            (E, Code::AccountIdDuplicate, r#"accounts["dup"].id"#),
            (E, Code::UnknownAccount, r#"vpcs["prod"].account"#),
            (E, Code::UnknownRegion, r#"vpcs["prod"].region"#),
            (E, Code::CidrSyntax, r#"vpcs["prod"].cidr"#),
            (E, Code::Tag, r#"vpcs["edge"].tags["aws:x"]"#),
            (W, Code::SingleAz, r#"vpcs["edge"].azs"#),
            (W, Code::NatUnused, r#"vpcs["edge"].nat"#),
            (E, Code::UnknownBlock, r#"vpcs["db"].cidr.block"#),
            (
                E,
                Code::FlowLogDestination,
                r#"vpcs["db"].flow_logs.destination.bucket_arn"#,
            ),
            (
                E,
                Code::SubnetPrefix,
                r#"vpcs["app"].subnet_groups["tiny"].size"#,
            ),
            (E, Code::NatWithoutPublicSubnet, r#"vpcs["app"].nat"#),
        ],
    );
    let mut distinct: Vec<Code> = diags.iter().map(|d| d.code).collect();
    distinct.sort();
    distinct.dedup();
    assert!(distinct.len() >= 6, "{distinct:?}");
    assert_eq!((diags.error_count(), diags.warning_count()), (10, 2));

    // Errors come first, then warnings; within each, sorted by path.
    let severities: Vec<Severity> = diags.iter().map(|d| d.severity).collect();
    let first_warning = severities.iter().position(|s| *s == W).unwrap();
    assert!(severities[..first_warning].iter().all(|s| *s == E));
    assert!(severities[first_warning..].iter().all(|s| *s == W));
    let paths: Vec<_> = diags.iter().map(|d| (d.severity, d.path.clone())).collect();
    let mut sorted = paths.clone();
    sorted.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    assert_eq!(paths, sorted);

    let text = diags.to_string();
    assert!(text.ends_with("10 errors, 2 warnings"), "{text}");
    assert!(text.contains("error[NF0303]"), "{text}");
    assert!(text.contains(r#"  --> vpcs["prod"].region"#), "{text}");
}

#[test]
fn every_validation_code_is_produced_by_some_test_network() {
    // One small network per code, built the same way as the tests above.
    let nets = [
        base().vpc(vpc("p").cidr("banana")).build(),
        base().vpc(vpc("p").cidr("10.0.0.1/16")).build(),
        base().vpc(vpc("p").cidr("10.0.0.0/30")).build(),
        base()
            .vpc(vpc("p").subnets("t", Tier::Isolated, 29))
            .build(),
        base()
            .vpc(bare_vpc("p").subnets_pinned("d", Tier::Isolated, ["10.2.0.0/24", "10.1.0.0/24"]))
            .build(),
        base()
            .vpc(bare_vpc("p").subnets_pinned("d", Tier::Isolated, ["10.1.0.0/24", "10.1.0.0/25"]))
            .vpc(vpc("q"))
            .vpc(vpc("r").cidr("10.0.0.0/16"))
            .build(),
        base()
            .ip_block("s", "10.200.0.0/16")
            .vpc(vpc("a").allocate("s", 16))
            .vpc(vpc("b").allocate("s", 16))
            .build(),
        base()
            .vpc(
                bare_vpc("p")
                    .cidr("10.1.0.0/24")
                    .subnets("x", Tier::Isolated, 24),
            )
            .build(),
        base()
            .vpc(bare_vpc("p").subnets_pinned("d", Tier::Isolated, ["10.1.0.0/24"]))
            .build(),
        base().vpc(vpc("p").allocate("nowhere", 16)).build(),
        base()
            .ip_block("lab", "10.9.0.0/20")
            .vpc(vpc("p").allocate("lab", 16))
            .build(),
        base().vpc(vpc("")).build(),
        base().vpc(vpc("a b")).build(),
        base().vpc(vpc("p")).vpc(vpc("p")).build(),
        base().vpc(vpc("a-b")).vpc(vpc("a_b")).build(),
        base()
            .account("x", "1")
            .account("y", "222222222222")
            .build(),
        base().vpc(vpc_of("p", "nobody")).build(),
        base()
            .vpc(
                Vpc::builder("p", "prod", "mars-1")
                    .cidr("10.1.0.0/16")
                    .azs(["x"]),
            )
            .build(),
        base()
            .vpc(vpc("p").azs(["us-east-1a", "eu-west-1a", "us-east-1a"]))
            .build(),
        Network::builder("n")
            .network_account("a", "111111111111")
            .network_account("b", "1")
            .build(),
        base().vpc(vpc("p").azs(Vec::<String>::new())).build(),
        base().vpc(vpc("p").azs(["us-east-1a"])).build(),
        base()
            .vpc(
                bare_vpc("p")
                    .subnets("x", Tier::Private, 24)
                    .nat(NatMode::Single),
            )
            .vpc(
                bare_vpc("q")
                    .cidr("10.2.0.0/16")
                    .subnets("x", Tier::Public, 24)
                    .nat(NatMode::Single),
            )
            .build(),
        base().vpc(vpc("p").flow_logs(FlowLogs::s3("x"))).build(),
        base().tag("Name", "x").build(),
    ];
    let mut produced: Vec<Code> = nets
        .iter()
        .flat_map(|net| diagnostics(net).into_iter().map(|d| d.code))
        .collect();
    produced.sort();
    produced.dedup();
    // Validation owns NF01xx to NF04xx; other codes (loading JSON, CloudFormation quotas)
    // come from elsewhere.
    let expected: Vec<Code> = Code::ALL
        .iter()
        .copied()
        .filter(|c| ["NF01", "NF02", "NF03", "NF04"].contains(&&c.as_str()[..4]))
        .collect();
    assert!(!expected.contains(&Code::CfnQuota));
    assert_eq!(produced, expected);
}

// ---- Robustness ----

/// Strings that are sometimes plausible and sometimes anything at all.
fn text(plausible: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::sample::select(plausible).prop_map(str::to_string),
        1 => any::<String>(),
        1 => "[a-z0-9./:_-]{0,20}",
    ]
}

const NAMES: &[&str] = &["prod", "edge", "corp", "network", "", "a-b", "a_b", "Prod"];
const CIDRS: &[&str] = &[
    "10.0.0.0/8",
    "10.0.0.0/16",
    "10.1.0.0/16",
    "10.0.0.0/24",
    "10.0.0.0/28",
    "10.0.0.0/29",
    "0.0.0.0/0",
    "10.0.0.1/16",
    "255.255.255.255/32",
    "10.0.0.0/24",
    "",
];
const REGIONS: &[&str] = &["us-east-1", "eu-west-1", "ca-central-1", "mars-1", ""];
const AZS: &[&str] = &["us-east-1a", "us-east-1b", "eu-west-1a", "us-east-1g", "a"];
const IDS: &[&str] = &["111111111111", "222222222222", "12345", ""];
const ARNS: &[&str] = &[
    "arn:aws:s3:::acme-logs",
    "arn:aws:logs:us-east-1:111111111111:log-group:g",
    "arn:aws:iam::111111111111:role/r",
    "arn:aws:s3:::",
    "arn:",
];

fn tier() -> impl Strategy<Value = Tier> {
    prop_oneof![
        Just(Tier::Public),
        Just(Tier::Private),
        Just(Tier::Isolated)
    ]
}

fn nat() -> impl Strategy<Value = NatMode> {
    prop_oneof![
        Just(NatMode::None),
        Just(NatMode::Single),
        Just(NatMode::PerAz)
    ]
}

fn any_vpc() -> impl Strategy<Value = Vpc> {
    let cidr = prop_oneof![
        text(CIDRS).prop_map(|c| (Some(c), String::new(), 0u8)),
        (text(NAMES), any::<u8>()).prop_map(|(b, p)| (None, b, p)),
    ];
    let group = (
        text(NAMES),
        tier(),
        prop_oneof![
            any::<u8>().prop_map(Err),
            prop::collection::vec(text(CIDRS), 0..4).prop_map(Ok),
        ],
    );
    let flow_logs = prop::option::of(prop_oneof![
        text(ARNS).prop_map(FlowLogs::s3),
        (text(ARNS), text(ARNS)).prop_map(|(g, r)| FlowLogs::cloudwatch(g, r)),
    ]);
    (
        (text(NAMES), text(NAMES), text(REGIONS), cidr),
        prop::collection::vec(text(AZS), 0..8),
        prop::collection::vec(group, 0..5),
        nat(),
        flow_logs,
        prop::collection::vec((text(NAMES), text(NAMES)), 0..3),
    )
        .prop_map(
            |((name, account, region, cidr), azs, groups, nat, flow_logs, tags)| {
                let mut b = Vpc::builder(name, account, region).azs(azs).nat(nat);
                b = match cidr {
                    (Some(c), _, _) => b.cidr(c),
                    (None, block, prefix) => b.allocate(block, prefix),
                };
                for (name, tier, size) in groups {
                    b = match size {
                        Err(prefix) => b.subnets(name, tier, prefix),
                        Ok(cidrs) => b.subnets_pinned(name, tier, cidrs),
                    };
                }
                if let Some(flow_logs) = flow_logs {
                    b = b.flow_logs(flow_logs);
                }
                for (k, v) in tags {
                    b = b.tag(k, v);
                }
                b.build()
            },
        )
}

fn any_network() -> impl Strategy<Value = Network> {
    (
        text(NAMES),
        prop::collection::vec((text(NAMES), text(IDS), any::<bool>()), 0..4),
        prop::collection::vec((text(NAMES), text(CIDRS)), 0..3),
        prop::collection::vec(any_vpc(), 0..4),
        prop::collection::vec((text(NAMES), text(NAMES)), 0..3),
    )
        .prop_map(|(name, accounts, blocks, vpcs, tags)| {
            let mut b = Network::builder(name);
            for (alias, id, network) in accounts {
                b = if network {
                    b.network_account(alias, id)
                } else {
                    b.account(alias, id)
                };
            }
            for (name, cidr) in blocks {
                b = b.ip_block(name, cidr);
            }
            for vpc in vpcs {
                b = b.vpc(vpc);
            }
            for (k, v) in tags {
                b = b.tag(k, v);
            }
            b.build()
        })
}

proptest! {
    #[test]
    fn no_input_panics(net in any_network()) {
        match net.validate() {
            Ok(valid) => {
                prop_assert_eq!(valid.plan().len(), net.vpcs.len());
                prop_assert_eq!(valid.warnings().error_count(), 0);
                prop_assert_eq!(valid.network(), &net);
            }
            Err(diags) => {
                prop_assert!(diags.has_errors(), "Err without an error:\n{}", diags);
                let severities: Vec<Severity> = diags.iter().map(|d| d.severity).collect();
                let mut sorted = severities.clone();
                sorted.sort_by(|a, b| b.cmp(a));
                prop_assert_eq!(severities, sorted, "errors come before warnings");
            }
        }
    }

    #[test]
    fn any_network_round_trips_through_json(net in any_network()) {
        let back = Network::from_json(&net.to_json()).expect("our own JSON loads");
        prop_assert_eq!(back, net);
    }

    #[test]
    fn any_text_is_loaded_or_refused_without_panicking(text in any::<String>()) {
        // Most text is refused; whatever loads must dump and load back to the same network.
        if let Ok(net) = Network::from_json(&text) {
            prop_assert_eq!(Network::from_json(&net.to_json()).ok(), Some(net));
        }
    }
}

#[test]
fn a_network_round_trips_through_json() {
    let net = base()
        .tag("cost-center", "net")
        .vpc(
            vpc("prod")
                .flow_logs(FlowLogs::s3("arn:aws:s3:::acme-flow-logs"))
                .tag("tier", "prod"),
        )
        .vpc(
            bare_vpc("shared")
                .cidr("10.100.0.0/16")
                .subnets_pinned("db", Tier::Isolated, ["10.100.0.0/24", "10.100.1.0/24"])
                .subnets("public", Tier::Public, 28)
                .subnets("private", Tier::Private, 18)
                .flow_logs(FlowLogs::cloudwatch(
                    "arn:aws:logs:us-east-1:111111111111:log-group:flow",
                    "arn:aws:iam::111111111111:role/flow",
                ))
                .nat(NatMode::Single),
        )
        .build();
    let json = net.to_json();
    let back = Network::from_json(&json).expect("loads");
    assert_eq!(back, net);
    assert_eq!(back.to_json(), json);
    // The loaded network plans the same CIDRs.
    let (a, b) = (net.validate().unwrap(), back.validate().unwrap());
    assert_eq!(a.plan(), b.plan());
    assert!(json.contains("\"allocated\""), "{json}");
    assert!(json.contains("\"pinned\""), "{json}");
}

#[test]
fn malformed_json_is_an_error_not_a_panic() {
    let good = base().vpc(vpc("prod")).build().to_json();
    let cases = [
        String::new(),
        "{".to_string(),
        "null".to_string(),
        "[]".to_string(),
        r#"{"name": "acme"}"#.to_string(),
        good.replace("\"name\": \"acme\"", "\"name\": 7"),
        good.replace("\"accounts\"", "\"acounts\""),
        good.replace("\"prefix\": 16", "\"prefix\": 300"),
        good.replace("\"public\"", "\"dmz\""),
        good[..good.len() / 2].to_string(),
    ];
    for text in &cases {
        assert!(Network::from_json(text).is_err(), "accepted: {text}");
    }
    let err = Network::from_json("{").unwrap_err();
    assert!(err.to_string().contains("JSON"), "{err}");
    assert!(Network::from_json(&good).is_ok());
}

#[test]
fn a_flow_log_arn_of_another_partition_is_nf0405() {
    let net = Network::builder("acme")
        .network_account("network", "111111111111")
        .vpc(
            Vpc::builder("cn", "network", "cn-north-1")
                .cidr("10.9.0.0/16")
                .azs(["cn-north-1a", "cn-north-1b"])
                .subnets("private", Tier::Private, 24)
                .flow_logs(FlowLogs::s3("arn:aws:s3:::logs-bucket")),
        )
        .build();
    assert_errors(
        &net,
        &[(
            Code::FlowLogDestination,
            r#"vpcs["cn"].flow_logs.destination.bucket_arn"#,
        )],
    );
    let message = the(&net, Code::FlowLogDestination).message;
    assert!(message.contains("aws-cn partition"), "{message}");
}
