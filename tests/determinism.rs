//! The same input gives byte-identical output, and names do not shift when something is
//! added.

use crate::support::{blueprints, multi_account, read_dir, render};
use netform::backends::Target;
use netform::dsl::{Tier, Vpc};

#[test]
fn two_runs_are_byte_identical() {
    let mut networks = blueprints();
    networks.push(("multi-account", multi_account()));
    for (name, network) in networks {
        for target in Target::ALL {
            let first = render(&network, *target);
            let second = render(&network.clone(), *target);
            assert_eq!(first, second, "{name} under {}", target.as_str());
        }
    }
}

#[test]
fn two_cli_runs_write_identical_files() {
    let dir = tempfile::tempdir().unwrap();
    for target in ["cloudformation", "terraform"] {
        let mut outputs = Vec::new();
        for run in ["one", "two"] {
            let out = dir.path().join(format!("{target}-{run}"));
            let output = std::process::Command::new(env!("CARGO_BIN_EXE_netform"))
                .args(["synth", "single-vpc", "--target", target, "--out"])
                .arg(&out)
                .output()
                .unwrap();
            assert!(output.status.success());
            outputs.push(read_dir(&out));
        }
        assert_eq!(outputs[0], outputs[1], "{target}");
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
    // CloudFormation: every resource of every template is still there, unchanged.
    let old = render(&before, Target::CloudFormation);
    let new = render(&after, Target::CloudFormation);
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
    let old = render(&before, Target::Terraform);
    let new = render(&after, Target::Terraform);
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
