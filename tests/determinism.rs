//! The same input gives byte-identical output, and names do not shift when something is
//! added.

use crate::schema::dns_every_form;
use crate::support::{blueprint, multi_account, read_dir, render, variants};
use crate::wiring::cross_account_zone;
use netform::backends::Target;
use netform::dsl::{CwAttachment, Network, Tier, Vpc};

/// Every built-in blueprint with its defaults and every variant of [`variants`] (the Cloud WAN
/// policy, a JSON document, and the DNS variants included), the multi-account network, every
/// DNS form, and (in Terraform, the one target that renders it) the cross-account zone.
#[test]
fn two_runs_are_byte_identical() {
    let mut networks = variants();
    let with_dns = networks.iter().filter(|(_, n)| !n.dns.is_empty()).count();
    assert!(
        with_dns >= 5,
        "hybrid-dns and its variants, dns=hybrid on both hubs: {with_dns}"
    );
    networks.push(("multi-account".to_string(), multi_account()));
    networks.push(("every DNS form".to_string(), dns_every_form()));
    for (name, network) in networks {
        for target in Target::ALL {
            let first = render(&network, *target);
            let second = render(&network.clone(), *target);
            assert_eq!(first, second, "{name} under {}", target.as_str());
        }
    }
    let zone = cross_account_zone();
    assert_eq!(
        render(&zone, Target::Terraform),
        render(&zone.clone(), Target::Terraform),
        "the cross-account zone"
    );
}

#[test]
fn two_cli_runs_write_identical_files() {
    let dir = tempfile::tempdir().unwrap();
    for blueprint in ["single-vpc", "cloudwan-hub-spoke", "hybrid-dns"] {
        for target in ["cloudformation", "terraform"] {
            let mut outputs = Vec::new();
            for run in ["one", "two"] {
                let out = dir.path().join(format!("{blueprint}-{target}-{run}"));
                let output = std::process::Command::new(env!("CARGO_BIN_EXE_netform"))
                    .args(["synth", blueprint, "--target", target, "--out"])
                    .arg(&out)
                    .output()
                    .unwrap();
                assert!(output.status.success(), "{blueprint} {target}");
                outputs.push(read_dir(&out));
            }
            assert_eq!(outputs[0], outputs[1], "{blueprint} {target}");
        }
    }
}

#[test]
fn appending_a_vpc_changes_no_existing_resource() {
    let before = multi_account();
    let mut after = before.clone();
    after.vpcs.push(
        Vpc::builder("later", "prod", "eu-west-1")
            .allocate("aws", 20)
            .azs(["eu-west-1a", "eu-west-1b"])
            .subnets("private", Tier::Private, 22)
            .build(),
    );
    assert_nothing_changed(&before, &after);
}

/// A spoke attached to the core network later changes nothing already there: not the policy
/// (which names no attachment), not the share, not the inspection VPCs' routes back to the
/// spokes (the region's IP block, which the new spoke is allocated from).
#[test]
fn attaching_a_spoke_to_the_core_network_changes_no_existing_resource() {
    let before = blueprint("cloudwan-hub-spoke", &[]);
    let mut after = before.clone();
    let template = before
        .vpcs
        .iter()
        .find(|v| v.name == "prod-use1-1")
        .expect("the blueprint's first prod spoke")
        .clone();
    after.vpcs.push(Vpc {
        name: "later".into(),
        ..template
    });
    let core = after.core_network.as_mut().unwrap();
    let attachment = core
        .attachments
        .iter()
        .find(|a| a.vpc == "prod-use1-1")
        .expect("its attachment")
        .clone();
    core.attachments.push(CwAttachment {
        vpc: "later".into(),
        ..attachment
    });
    assert_nothing_changed(&before, &after);
    // And the new spoke is there, attached.
    let main = render(&after, Target::Terraform)
        .into_iter()
        .find(|f| f.path == "main.tf")
        .unwrap()
        .contents;
    assert!(main.contains(r#"resource "aws_networkmanager_vpc_attachment" "wan_later""#));
}

/// Another on-premises domain adds a rule, its share and its associations, and changes nothing
/// already there: not the other rules (named by domain and region, not by position), not the
/// outbound endpoint's security group (the same resolvers), not the zone.
#[test]
fn adding_an_onprem_domain_changes_no_existing_resource() {
    for extra in [&[][..], &[("use-profiles", "true")][..]] {
        let before = blueprint("hybrid-dns", extra);
        let mut sets = extra.to_vec();
        sets.push(("onprem-domains", "corp.example.com,ad.example.com"));
        let after = blueprint("hybrid-dns", &sets);
        assert_nothing_changed(&before, &after);
        let main = render(&after, Target::Terraform)
            .into_iter()
            .find(|f| f.path == "main.tf")
            .unwrap()
            .contents;
        assert!(
            main.contains(r#"resource "aws_route53_resolver_rule" "ad_example_com_use1""#),
            "{extra:?}"
        );
    }
}

/// A spoke added to a blueprint with hybrid DNS changes no DNS resource already there (its
/// rule associations are new resources, in its own account's stack).
#[test]
fn adding_a_spoke_changes_no_existing_dns_resource() {
    let before = blueprint("hybrid-dns", &[]);
    let after = blueprint("hybrid-dns", &[("spokes", "3")]);
    assert!(after.vpcs.len() > before.vpcs.len());
    assert_nothing_changed(&before, &after);
}

/// Every resource of every template of `before` is unchanged in `after`'s, and every line of
/// `before`'s Terraform resources and outputs is still there.
fn assert_nothing_changed(before: &Network, after: &Network) {
    // CloudFormation: every resource of every template is still there, unchanged.
    let old = render(before, Target::CloudFormation);
    let new = render(after, Target::CloudFormation);
    for file in old.iter().filter(|f| f.path.ends_with(".template.json")) {
        let new_file = new
            .iter()
            .find(|f| f.path == file.path)
            .expect("stack kept");
        let parse = |text: &str| serde_json::from_str::<serde_json::Value>(text).unwrap();
        let (old_json, new_json) = (parse(&file.contents), parse(&new_file.contents));
        for (id, resource) in old_json["Resources"].as_object().unwrap() {
            assert_eq!(
                &new_json["Resources"][id], resource,
                "{}: {id} changed",
                file.path
            );
        }
    }
    // Terraform: every line of the old resources and outputs is still there.
    let old = render(before, Target::Terraform);
    let new = render(after, Target::Terraform);
    for name in ["main.tf", "outputs.tf"] {
        let text = |files: &[netform::backends::OutputFile]| {
            files
                .iter()
                .find(|f| f.path == name)
                .unwrap()
                .contents
                .clone()
        };
        let new_text = text(&new);
        let new_lines: std::collections::BTreeSet<&str> = new_text.lines().collect();
        for line in text(&old).lines() {
            assert!(new_lines.contains(line), "{name}: {line:?} changed");
        }
    }
}
