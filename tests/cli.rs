//! The `netform` binary as a pipeline sees it: exit codes, messages, files.

use crate::support::read_dir;
use std::process::{Command, Output};

fn netform(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_netform"))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// `netform synth BLUEPRINT --target TARGET --out OUT` with extra arguments before `--target`.
fn synth(blueprint: &str, extra: &[&str], target: &str, out: &std::path::Path) -> Output {
    let mut args = vec!["synth", blueprint];
    args.extend_from_slice(extra);
    args.extend(["--target", target, "--out", out.to_str().unwrap()]);
    netform(&args)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn list_names_every_blueprint_and_verbose_shows_parameters() {
    let o = netform(&["list"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).starts_with("single-vpc  "), "{}", stdout(&o));
    assert!(!stdout(&o).contains("--set"));
    let o = netform(&["list", "--verbose"]);
    for param in ["cidr", "region", "azs", "nat", "flow-logs"] {
        assert!(
            stdout(&o).contains(&format!("--set {param}=")),
            "{param} missing"
        );
    }
}

#[test]
fn a_valid_blueprint_validates_with_exit_0() {
    let o = netform(&["validate", "single-vpc"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(stdout(&o).trim(), "0 errors, 0 warnings");
}

#[test]
fn a_vpc_smaller_than_28_is_invalid_with_exit_1() {
    let o = netform(&["validate", "single-vpc", "--set", "cidr=10.0.0.0/30"]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    assert!(text.contains("error[NF0103]"), "{text}");
    assert!(text.contains("/30, outside the /16 to /28"), "{text}");
    assert!(text.contains(r#"--> vpcs["main"].cidr"#), "{text}");
}

#[test]
fn a_value_that_does_not_parse_is_a_usage_error() {
    let o = netform(&["validate", "single-vpc", "--set", "cidr=banana"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains(r#"cidr="banana""#) && err.contains("IPv4 CIDR"),
        "{err}"
    );
}

#[test]
fn unknown_blueprint_parameter_and_choice_name_the_valid_ones() {
    let o = netform(&["validate", "no-such"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("known blueprints: single-vpc"),
        "{}",
        stderr(&o)
    );

    let o = netform(&["validate", "single-vpc", "--set", "colour=red"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("its parameters: name, account-id, region, cidr"));

    let o = netform(&["validate", "single-vpc", "--set", "nat=sometimes"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("one of per-az, single, none"),
        "{}",
        stderr(&o)
    );

    let o = netform(&["validate", "single-vpc", "--set", "region=mars-1"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("us-east-1"), "{}", stderr(&o));

    let o = netform(&["validate", "single-vpc", "--set", "azs"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("key=value"), "{}", stderr(&o));

    let o = netform(&["validate", "single-vpc", "--set", "azs=7"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("from 1 to 6"), "{}", stderr(&o));

    let o = netform(&[
        "validate",
        "single-vpc",
        "--set",
        "region=us-east-2",
        "--set",
        "azs=4",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("at most 3"), "{}", stderr(&o));
}

#[test]
fn usage_errors_from_clap_exit_2() {
    assert_eq!(netform(&["synth", "single-vpc"]).status.code(), Some(2));
    assert_eq!(netform(&["validate"]).status.code(), Some(2));
    let o = netform(&["synth", "single-vpc", "--target", "pulumi", "--out", "x"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cloudformation") && stderr(&o).contains("terraform"));
}

#[test]
fn json_diagnostics_for_pipelines() {
    let o = netform(&[
        "validate",
        "single-vpc",
        "--set",
        "cidr=10.0.0.1/16",
        "--set",
        "account-id=42",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let diags: serde_json::Value = serde_json::from_slice(&o.stdout).expect("stdout is JSON");
    let codes: Vec<&str> = diags
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["NF0301", "NF0102"]);
    assert_eq!(diags[1]["path"], r#"vpcs["main"].cidr"#);
    assert_eq!(diags[1]["severity"], "error");
    assert!(diags[1]["message"]
        .as_str()
        .unwrap()
        .contains("10.0.0.1/16"));
    assert_eq!(diags[1]["help"], "did you mean 10.0.0.0/16?");
}

#[test]
fn synth_prints_warnings_as_json_and_the_summary_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tf");
    let o = synth(
        "single-vpc",
        &["--set", "azs=1", "--format", "json"],
        "terraform",
        &out,
    );
    assert_eq!(o.status.code(), Some(0));
    let diags: serde_json::Value = serde_json::from_slice(&o.stdout).expect("stdout is JSON");
    assert_eq!(diags[0]["code"], "NF0402");
    assert!(
        stderr(&o).contains("wrote 5 terraform files"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_flow_log_destination_that_is_not_a_bucket_arn_is_invalid() {
    let o = netform(&["validate", "single-vpc", "--set", "flow-logs=my-bucket"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("error[NF0405]"), "{}", stdout(&o));
    assert!(
        stdout(&o).contains(r#"--> vpcs["main"].flow_logs.destination.bucket_arn"#),
        "{}",
        stdout(&o)
    );
    let ok = netform(&[
        "validate",
        "single-vpc",
        "--set",
        "flow-logs=arn:aws:s3:::acme-logs",
    ]);
    assert_eq!(ok.status.code(), Some(0), "{}", stdout(&ok));
}

#[test]
fn warnings_do_not_fail_validation() {
    let o = netform(&["validate", "single-vpc", "--set", "nat=single"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("warning[NF0403]"), "{}", stdout(&o));
}

#[test]
fn synth_writes_each_target_and_nothing_when_invalid() {
    let dir = tempfile::tempdir().unwrap();
    let tf = dir.path().join("tf");
    let o = synth("single-vpc", &[], "terraform", &tf);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for file in [
        "versions.tf",
        "providers.tf",
        "variables.tf",
        "main.tf",
        "outputs.tf",
    ] {
        assert!(tf.join(file).is_file(), "{file} missing");
    }
    let cfn = dir.path().join("cfn");
    let o = synth("single-vpc", &[], "cloudformation", &cfn);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(cfn.join("acme-network-us-east-1.template.json").is_file());
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(cfn.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["deploy_order"][0], "acme-network-us-east-1");

    let bad = dir.path().join("bad");
    let o = synth(
        "single-vpc",
        &["--set", "cidr=10.0.0.0/30"],
        "terraform",
        &bad,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(!bad.exists(), "an invalid network must write nothing");
}

#[test]
fn synth_into_an_unwritable_place_exits_3_and_leaves_no_temp_files() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "not a directory").unwrap();
    let out = blocker.join("out");
    let o = synth("single-vpc", &[], "terraform", &out);
    assert_eq!(o.status.code(), Some(3));
    assert!(
        stderr(&o).starts_with("error: cannot write"),
        "{}",
        stderr(&o)
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1);
}

#[test]
fn dump_and_file_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let o = netform(&["dump", "single-vpc", "--set", "azs=3"]);
    assert_eq!(o.status.code(), Some(0));
    let file = dir.path().join("network.json");
    std::fs::write(&file, &o.stdout).unwrap();
    let file = file.to_str().unwrap();
    assert_eq!(
        netform(&["validate", "--file", file]).status.code(),
        Some(0)
    );

    let a = dir.path().join("a");
    let b = dir.path().join("b");
    synth("single-vpc", &["--set", "azs=3"], "terraform", &a);
    synth("--file", &[file], "terraform", &b);
    assert_eq!(read_dir(&a), read_dir(&b));
}

#[test]
fn a_malformed_network_file_is_a_diagnostic_with_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("network.json");
    std::fs::write(
        &file,
        r#"{"name": "x", "accounts": [], "vpcs": [{"name": 3}]}"#,
    )
    .unwrap();
    let o = netform(&["validate", "--file", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).starts_with("error[NF0001]"), "{}", stdout(&o));
    assert!(stdout(&o).contains("line 1"), "{}", stdout(&o));
    let o = netform(&[
        "validate",
        "--file",
        file.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let diags: serde_json::Value = serde_json::from_slice(&o.stdout).expect("stdout is JSON");
    assert_eq!(diags[0]["code"], "NF0001");

    let o = netform(&["validate", "--file", "/no/such/file.json"]);
    assert_eq!(o.status.code(), Some(2));
}

/// The issue's two commands: a hub per region with four spokes each (CloudFormation), and
/// the Gateway Load Balancer variant (Terraform).
#[test]
fn tgw_hub_spoke_synthesizes_for_two_regions_and_with_gwlb() {
    let dir = tempfile::tempdir().unwrap();
    let cfn = dir.path().join("cfn");
    let o = synth(
        "tgw-hub-spoke",
        &["--set", "regions=us-east-1,eu-west-1", "--set", "spokes=4"],
        "cloudformation",
        &cfn,
    );
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let names: Vec<String> = read_dir(&cfn).into_iter().map(|(n, _)| n).collect();
    for stack in [
        "acme-network-us-east-1.template.json",
        "acme-network-us-east-1-routing.template.json",
        "acme-network-eu-west-1-routing.template.json",
        "acme-workload-1-eu-west-1.template.json",
        "acme-workload-2-us-east-1.template.json",
        "manifest.json",
    ] {
        assert!(
            names.iter().any(|n| n == stack),
            "{stack} missing: {names:?}"
        );
    }
    let tf = dir.path().join("tf");
    let o = synth(
        "tgw-hub-spoke",
        &["--set", "inspection=gwlb"],
        "terraform",
        &tf,
    );
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let main = std::fs::read_to_string(tf.join("main.tf")).unwrap();
    assert!(main.contains(r#"resource "aws_lb" "inspection_use1""#));
    assert!(main.contains(r#"vpc_endpoint_type = "GatewayLoadBalancer""#));
}

#[test]
fn a_repeated_or_unknown_region_is_a_usage_error() {
    for regions in ["us-east-1,us-east-1", "us-east-1,mars-north-1"] {
        let o = netform(&[
            "validate",
            "tgw-hub-spoke",
            "--set",
            &format!("regions={regions}"),
        ]);
        assert_eq!(o.status.code(), Some(2), "{regions}");
        assert!(
            stderr(&o).contains("distinct AWS region codes"),
            "{}",
            stderr(&o)
        );
    }
}

/// Sharing the hubs with a malformed principal is caught by validation, with its path.
#[test]
fn a_malformed_share_principal_is_invalid_with_exit_1() {
    let o = netform(&["validate", "tgw-hub-spoke", "--set", "share-with=ou-1234"]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    assert!(text.contains("error[NF0616]"), "{text}");
    assert!(
        text.contains(r#"--> transit_gateways["hub-use1"].share_with[0]"#),
        "{text}"
    );
    // The spokes' accounts are then not shared with either.
    assert!(text.contains("error[NF0609]"), "{text}");
}

/// The issue's command: three regions and three segments, to Terraform and to CloudFormation.
#[test]
fn cloudwan_hub_spoke_synthesizes_for_three_regions_in_both_targets() {
    let sets = [
        "--set",
        "regions=us-east-1,eu-west-1,ap-southeast-2",
        "--set",
        "segments=prod,nonprod,shared",
    ];
    let dir = tempfile::tempdir().unwrap();
    let tf = dir.path().join("tf");
    let o = synth("cloudwan-hub-spoke", &sets, "terraform", &tf);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let main = std::fs::read_to_string(tf.join("main.tf")).unwrap();
    assert!(
        main.contains(r#"resource "aws_networkmanager_core_network_policy_attachment" "wan""#),
        "no policy attachment in main.tf"
    );
    assert!(
        main.contains("policy_document = <<EOT\n"),
        "the policy as a heredoc"
    );
    for region in ["us-east-1", "eu-west-1", "ap-southeast-2"] {
        assert!(
            main.contains(&format!("\"location\": \"{region}\"")),
            "no edge in {region}"
        );
    }
    let cfn = dir.path().join("cfn");
    let o = synth("cloudwan-hub-spoke", &sets, "cloudformation", &cfn);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let names: Vec<String> = read_dir(&cfn).into_iter().map(|(n, _)| n).collect();
    for stack in [
        "acme-network-us-east-1.template.json",
        "acme-network-ap-southeast-2.template.json",
        "acme-workload-1-ap-southeast-2.template.json",
        "acme-workload-2-eu-west-1.template.json",
        "manifest.json",
    ] {
        assert!(
            names.iter().any(|n| n == stack),
            "{stack} missing: {names:?}"
        );
    }
    let home: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(cfn.join("acme-network-us-east-1.template.json")).unwrap(),
    )
    .unwrap();
    let core = &home["Resources"]["WanCoreNetwork"];
    assert_eq!(core["Type"], "AWS::NetworkManager::CoreNetwork");
    let edges =
        &core["Properties"]["PolicyDocument"]["core-network-configuration"]["edge-locations"];
    assert_eq!(edges.as_array().map(Vec::len), Some(3), "{edges}");
}

/// A segment name with a hyphen is not a Cloud WAN name: a diagnostic with its path, exit 1,
/// and nothing written.
#[test]
fn a_segment_name_with_a_hyphen_is_invalid_with_exit_1() {
    let o = netform(&[
        "validate",
        "cloudwan-hub-spoke",
        "--set",
        "segments=prod,non-prod",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("error[NF0701]"), "{text}");
    assert!(text.contains("\"non-prod\""), "{text}");
    assert!(
        text.contains(r#"--> core_network.policy.segments["non-prod"].name"#),
        "{text}"
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tf");
    let o = synth(
        "cloudwan-hub-spoke",
        &["--set", "segments=prod,non-prod"],
        "terraform",
        &out,
    );
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("non-prod"), "{}", stdout(&o));
    assert!(!out.exists(), "an invalid network must write nothing");
}

#[test]
fn list_shows_cloudwan_hub_spoke_and_its_parameters() {
    let o = netform(&["list"]);
    assert_eq!(o.status.code(), Some(0));
    let line = stdout(&o)
        .lines()
        .find(|l| l.starts_with("cloudwan-hub-spoke "))
        .map(str::to_string)
        .unwrap_or_else(|| panic!("no cloudwan-hub-spoke: {}", stdout(&o)));
    assert!(line.contains("Cloud WAN"), "{line}");
    let o = netform(&["list", "--verbose"]);
    for param in ["regions", "segments", "inspection", "egress", "share-with"] {
        assert!(
            stdout(&o).contains(&format!("--set {param}=")),
            "{param} missing"
        );
    }
    let o = netform(&["validate", "cloudwan-hub-spoke"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

/// Too many spokes for a region's /12 (501 /21s) and a 17th region are usage errors that
/// say the limit, before any network is built.
#[test]
fn cloudwan_blueprint_limits_are_usage_errors() {
    let o = netform(&["validate", "cloudwan-hub-spoke", "--set", "spokes=501"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("a whole number from 1 to 500"), "{err}");
    let regions = "us-east-1,us-east-2,us-west-1,us-west-2,eu-west-1,eu-west-2,eu-west-3,eu-central-1,eu-north-1,ap-southeast-1,ap-southeast-2,ap-northeast-1,ap-northeast-2,ap-south-1,ca-central-1,sa-east-1,ap-east-1";
    let o = netform(&[
        "validate",
        "cloudwan-hub-spoke",
        "--set",
        &format!("regions={regions}"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("at most 16 regions"), "{err}");
}

// ------------------------------------------------------------------ DNS

fn json_file(path: &std::path::Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The issue's command: two on-premises domains and resolvers, rules shared with an OU. It
/// writes every stack and the manifest; each Resolver rule is shared with the OU's ARN (the
/// blueprint's organization and management account), inside the organization only.
#[test]
fn hybrid_dns_synthesizes_to_cloudformation_with_rules_shared_with_an_ou() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cfn");
    let o = synth(
        "hybrid-dns",
        &[
            "--set",
            "onprem-domains=corp.example.com,ad.example.com",
            "--set",
            "onprem-resolvers=192.168.10.10,192.168.20.10",
            "--set",
            "share-with=ou-abcd-12345678",
        ],
        "cloudformation",
        &out,
    );
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).is_empty(), "no diagnostics: {}", stdout(&o));
    let names: Vec<String> = read_dir(&out).into_iter().map(|(n, _)| n).collect();
    let manifest = json_file(&out.join("manifest.json"));
    let stacks: Vec<&str> = manifest["stacks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["template"].as_str().unwrap())
        .collect();
    assert!(stacks.len() >= 3, "{stacks:?}");
    let mut expected: Vec<String> = stacks.iter().map(|s| s.to_string()).collect();
    expected.push("manifest.json".to_string());
    expected.sort();
    assert_eq!(
        names, expected,
        "the templates of the manifest and the manifest"
    );
    assert!(
        stderr(&o).contains(&format!("wrote {} cloudformation files", names.len())),
        "{}",
        stderr(&o)
    );

    let ou = "arn:aws:organizations::999999999999:ou/o-abcd1234ef/ou-abcd-12345678";
    let network = json_file(&out.join("acme-network-us-east-1.template.json"));
    let resources = network["Resources"].as_object().unwrap();
    let rules: Vec<&String> = resources
        .iter()
        .filter(|(_, r)| r["Type"] == "AWS::Route53Resolver::ResolverRule")
        .map(|(logical, _)| logical)
        .collect();
    let mut domains: Vec<&str> = rules
        .iter()
        .map(|l| resources[*l]["Properties"]["DomainName"].as_str().unwrap())
        .collect();
    domains.sort();
    assert_eq!(
        domains,
        ["ad.example.com", "aws.example.com", "corp.example.com"],
        "the on-premises domains and the cloud domain"
    );
    for rule in rules {
        let arn = serde_json::json!({"Fn::GetAtt": [rule, "Arn"]});
        let shares: Vec<&serde_json::Value> = resources
            .values()
            .filter(|r| {
                r["Type"] == "AWS::RAM::ResourceShare"
                    && r["Properties"]["ResourceArns"] == serde_json::json!([arn])
            })
            .collect();
        let [share] = shares.as_slice() else {
            panic!("{rule}: {} shares", shares.len());
        };
        assert_eq!(
            share["Properties"]["Principals"],
            serde_json::json!([ou]),
            "{rule}"
        );
        assert_eq!(
            share["Properties"]["AllowExternalPrincipals"], false,
            "{rule}"
        );
    }
    // The forwarding rules send to the two resolvers.
    let ad = resources
        .values()
        .find(|r| r["Properties"]["DomainName"] == "ad.example.com")
        .unwrap();
    assert_eq!(
        ad["Properties"]["TargetIps"],
        serde_json::json!([
            {"Ip": "192.168.10.10", "Port": 53},
            {"Ip": "192.168.20.10", "Port": 53},
        ])
    );
}

#[test]
fn a_query_log_destination_that_is_not_an_arn_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cfn");
    for args in [
        &["validate", "hybrid-dns", "--set", "query-logs=not-an-arn"][..],
        &[
            "validate",
            "tgw-hub-spoke",
            "--set",
            "dns=hybrid",
            "--set",
            "query-logs=not-an-arn",
        ][..],
    ] {
        let o = netform(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(r#"query-logs="not-an-arn""#), "{err}");
        assert!(err.contains("arn:aws:s3:::"), "{err}");
        assert!(stdout(&o).is_empty(), "{}", stdout(&o));
    }
    let o = synth(
        "hybrid-dns",
        &["--set", "query-logs=not-an-arn"],
        "cloudformation",
        &out,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(!out.exists(), "a usage error writes nothing");
}

/// A network file whose private hosted zone is associated with another account's VPC:
/// CloudFormation cannot say it (exit 1, NF0503 at the association, nothing written);
/// Terraform can.
#[test]
fn a_cross_account_zone_association_fails_in_cloudformation_and_synthesizes_in_terraform() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("network.json");
    std::fs::write(&file, crate::wiring::cross_account_zone().to_json()).unwrap();
    let file = file.to_str().unwrap();
    let o = netform(&["validate", "--file", file]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));

    let cfn = dir.path().join("cfn");
    let o = synth("--file", &[file], "cloudformation", &cfn);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    let text = stdout(&o);
    assert!(text.starts_with("error[NF0503]"), "{text}");
    assert!(
        text.contains(r#"--> dns.hosted_zones["internal"].vpcs[1]"#),
        "{text}"
    );
    assert!(text.contains("--target terraform"), "{text}");
    assert!(!cfn.exists(), "a refused network writes nothing");

    let o = netform(&[
        "synth",
        "--file",
        file,
        "--target",
        "cloudformation",
        "--out",
        cfn.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let diags: serde_json::Value = serde_json::from_slice(&o.stdout).expect("stdout is JSON");
    assert_eq!(diags[0]["code"], "NF0503");
    assert_eq!(diags[0]["path"], r#"dns.hosted_zones["internal"].vpcs[1]"#);
    assert_eq!(diags.as_array().unwrap().len(), 1, "{diags}");
    assert!(!cfn.exists());

    let tf = dir.path().join("tf");
    let o = synth("--file", &[file], "terraform", &tf);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let main = std::fs::read_to_string(tf.join("main.tf")).unwrap();
    for block in [
        r#"resource "aws_route53_vpc_association_authorization" "internal_app""#,
        r#"resource "aws_route53_zone_association" "internal_app""#,
    ] {
        assert!(main.contains(block), "{block} missing");
    }
    let body: hcl::Body = hcl::parse(&main).expect("main.tf parses");
    let zone = body
        .blocks()
        .find(|b| {
            b.identifier() == "resource"
                && b.labels().iter().map(|l| l.as_str()).collect::<Vec<_>>()
                    == ["aws_route53_zone", "internal"]
        })
        .expect("the zone");
    let lifecycle = zone
        .body()
        .blocks()
        .find(|b| b.identifier() == "lifecycle")
        .expect("the zone's lifecycle");
    let ignored = lifecycle
        .body()
        .attributes()
        .next()
        .expect("ignore_changes");
    assert_eq!(ignored.key(), "ignore_changes");
    assert_eq!(ignored.expr().to_string().replace([' ', '\n'], ""), "[vpc]");
}

#[test]
fn list_shows_hybrid_dns_and_the_dns_switch_of_the_hubs() {
    let o = netform(&["list"]);
    assert_eq!(o.status.code(), Some(0));
    let line = stdout(&o)
        .lines()
        .find(|l| l.starts_with("hybrid-dns "))
        .map(str::to_string)
        .unwrap_or_else(|| panic!("no hybrid-dns: {}", stdout(&o)));
    assert!(line.contains("Route 53 Resolver"), "{line}");
    let o = netform(&["list", "--verbose"]);
    let text = stdout(&o);
    // A blueprint's parameters: the indented lines under its own line.
    let section = |name: &str| -> String {
        let mut lines = text
            .lines()
            .skip_while(|l| !l.starts_with(&format!("{name} ")));
        assert!(lines.next().is_some(), "no {name}: {text}");
        lines
            .take_while(|l| l.starts_with(' '))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let dns = section("hybrid-dns");
    for param in [
        "onprem-domains",
        "onprem-resolvers",
        "onprem-cidrs",
        "cloud-domain",
        "use-profiles",
        "dns-firewall",
        "query-logs",
        "share-with",
    ] {
        assert!(dns.contains(&format!("--set {param}=")), "{param}: {dns}");
    }
    for hub in ["tgw-hub-spoke", "cloudwan-hub-spoke"] {
        assert!(section(hub).contains("--set dns="), "{hub}");
    }
    let o = netform(&["validate", "hybrid-dns"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

/// The hybrid-dns parameters that validation judges: a resolver that is not an address, and a
/// bare OU id expanded with an organization id that is not one.
#[test]
fn bad_hybrid_dns_values_are_invalid_with_exit_1() {
    let o = netform(&[
        "validate",
        "hybrid-dns",
        "--set",
        "onprem-resolvers=192.168.10.300",
        "--set",
        "share-with=ou-abcd-12345678",
        "--set",
        "organization-id=org1",
        "--set",
        "dns-firewall=bad_domain.example",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    for expected in ["error[NF0803]", "192.168.10.300", "error[NF0616]"] {
        assert!(text.contains(expected), "{expected}: {text}");
    }
    assert!(text.contains("ou/org1/ou-abcd-12345678"), "{text}");
    assert!(text.contains("error[NF0802]"), "{text}");
}

// ------------------------------------------------------------------ IPAM

/// The issue's command: `netform synth ipam-landing-zone --target terraform --out DIR --set
/// top=10.0.0.0/8 --set regions=us-east-1,eu-west-1 --set environments=prod,dev`. It exits 0,
/// says what it wrote on stderr, and writes the module: the IPAM operating in both regions,
/// a pool per region and per environment in each, and a VPC per environment and region from
/// its environment's pool. The same parameters to CloudFormation write the network stack (the
/// IPAM and every pool, in the home region) and a stack per environment and region, the
/// network stack deployed first.
#[test]
fn ipam_landing_zone_synthesizes_the_issues_command() {
    let sets = [
        "--set",
        "top=10.0.0.0/8",
        "--set",
        "regions=us-east-1,eu-west-1",
        "--set",
        "environments=prod,dev",
    ];
    let dir = tempfile::tempdir().unwrap();
    let tf = dir.path().join("out");
    let o = synth("ipam-landing-zone", &sets, "terraform", &tf);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stderr(&o).contains("wrote 5 terraform files"),
        "{}",
        stderr(&o)
    );
    let names: Vec<String> = read_dir(&tf).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        [
            "main.tf",
            "outputs.tf",
            "providers.tf",
            "variables.tf",
            "versions.tf"
        ]
    );
    // Arguments as `name = value`, whatever `terraform fmt`'s alignment.
    let main = std::fs::read_to_string(tf.join("main.tf"))
        .unwrap()
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(main.matches("resource \"aws_vpc_ipam\" ").count(), 1);
    for region in ["us-east-1", "eu-west-1"] {
        assert!(
            main.contains(&format!("region_name = \"{region}\"")),
            "operating region {region}"
        );
    }
    for pool in [
        "top",
        "use1",
        "euw1",
        "prod_use1",
        "dev_use1",
        "prod_euw1",
        "dev_euw1",
    ] {
        assert!(
            main.contains(&format!("resource \"aws_vpc_ipam_pool\" \"{pool}\"")),
            "pool {pool}"
        );
        assert!(
            main.contains(&format!("resource \"aws_vpc_ipam_pool_cidr\" \"{pool}\"")),
            "pool CIDR {pool}"
        );
    }
    assert!(main.contains("cidr = \"10.0.0.0/8\""), "the top pool");
    for vpc in ["prod_use1_1", "dev_use1_1", "prod_euw1_1", "dev_euw1_1"] {
        let pool = vpc.strip_suffix("_1").unwrap();
        let block = main
            .split(&format!("resource \"aws_vpc\" \"{vpc}\" {{"))
            .nth(1)
            .unwrap_or_else(|| panic!("no VPC {vpc}"));
        let block = &block[..block.find("\n}\n").unwrap()];
        assert!(
            block.contains(&format!("ipv4_ipam_pool_id = aws_vpc_ipam_pool.{pool}.id")),
            "{vpc}: {block}"
        );
    }

    let cfn = dir.path().join("cfn");
    let o = synth("ipam-landing-zone", &sets, "cloudformation", &cfn);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let names: Vec<String> = read_dir(&cfn).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        [
            "acme-dev-eu-west-1.template.json",
            "acme-dev-us-east-1.template.json",
            "acme-network-us-east-1.template.json",
            "acme-prod-eu-west-1.template.json",
            "acme-prod-us-east-1.template.json",
            "manifest.json",
        ]
    );
    let manifest = json_file(&cfn.join("manifest.json"));
    assert_eq!(manifest["deploy_order"][0], "acme-network-us-east-1");
    let network = json_file(&cfn.join("acme-network-us-east-1.template.json"));
    let pools = network["Resources"]
        .as_object()
        .unwrap()
        .values()
        .filter(|r| r["Type"] == "AWS::EC2::IPAMPool")
        .count();
    assert_eq!(pools, 7);
}

/// Parameters that disagree with each other are usage errors: exit 2, one line on stderr
/// naming the parameter, its value and what it should be, and nothing written.
#[test]
fn inconsistent_ipam_landing_zone_parameters_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "environment-account-ids=222222222222",
            "parameter environment-account-ids=\"222222222222\" is not valid: expected one account id per environment (2)",
        ),
        (
            "environment-ous=ou-abcd-11111111,ou-abcd-22222222,ou-abcd-33333333",
            "expected one OU per environment (2), or `accounts`",
        ),
        (
            // The default network account is 111111111111.
            "management-account-id=111111111111",
            "parameter network-account-id=\"111111111111\" is not valid: expected a member account, not the management account",
        ),
    ];
    for (i, (set, message)) in cases.into_iter().enumerate() {
        let out = dir.path().join(format!("out{i}"));
        let o = synth(
            "ipam-landing-zone",
            &["--set", "environments=prod,dev", "--set", set],
            "terraform",
            &out,
        );
        assert_eq!(o.status.code(), Some(2), "{set}: {}", stderr(&o));
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with("error: "), "{err}");
        assert!(err.contains(message), "{set}: {err}");
        assert!(stdout(&o).is_empty(), "{}", stdout(&o));
        assert!(!out.exists(), "{set}: a usage error must write nothing");
    }
    // With `accounts` the OUs need not match the environments.
    let o = netform(&[
        "validate",
        "ipam-landing-zone",
        "--set",
        "environment-ous=accounts",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
}

/// An IP plan that does not fit is invalid, exit 1, nothing written: a top-level /20 cannot
/// hold the /12 of each region (NF0901, naming each regional pool and the top pool), and a
/// /16 environment pool holds 64 VPCs of /22, not 65 (NF0904, naming the VPC and its pool).
#[test]
fn an_ip_plan_that_does_not_fit_is_invalid_with_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = synth(
        "ipam-landing-zone",
        &[
            "--set",
            "top=10.0.0.0/20",
            "--set",
            "regions=us-east-1,eu-west-1",
            "--set",
            "environments=prod,dev",
        ],
        "terraform",
        &out,
    );
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    assert!(!out.exists(), "an invalid network must write nothing");
    let text = stdout(&o);
    for pool in ["use1", "euw1"] {
        assert!(
            text.contains(&format!(
                "error[NF0901]: pool \"{pool}\" asks for a /12, larger than pool \"top\" (10.0.0.0/20)"
            )),
            "{text}"
        );
        assert!(
            text.contains(&format!("--> ipam.pools[\"{pool}\"].cidr.allocated")),
            "{text}"
        );
    }
    assert!(text.trim_end().ends_with("2 errors, 0 warnings"), "{text}");

    let o = netform(&[
        "validate",
        "ipam-landing-zone",
        "--set",
        "vpcs=65",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let diags: serde_json::Value = serde_json::from_slice(&o.stdout).expect("stdout is JSON");
    let found: Vec<(&str, &str)> = diags
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].as_str().unwrap(), d["path"].as_str().unwrap()))
        .collect();
    assert_eq!(
        found,
        [
            ("NF0904", r#"vpcs["dev-use1-65"].cidr.prefix"#),
            ("NF0904", r#"vpcs["prod-use1-65"].cidr.prefix"#),
        ]
    );
    for d in diags.as_array().unwrap() {
        let message = d["message"].as_str().unwrap();
        assert!(
            message.contains("from pool \"prod-use1\"")
                || message.contains("from pool \"dev-use1\""),
            "{message}"
        );
        assert!(message.contains("holds 64 of that size"), "{message}");
    }
}

/// `block-public-access` takes off, bidirectional or ingress-only; anything else is a usage
/// error naming them, and a network file whose exclusion names a missing VPC exits 1.
#[test]
fn block_public_access_bad_input_exits_2_or_1() {
    let o = netform(&[
        "validate",
        "tgw-hub-spoke",
        "--set",
        "block-public-access=sideways",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("sideways") && err.contains("ingress-only"),
        "{err}"
    );

    let dump = netform(&[
        "dump",
        "tgw-hub-spoke",
        "--set",
        "block-public-access=bidirectional",
    ]);
    assert_eq!(dump.status.code(), Some(0));
    let mut network: serde_json::Value = serde_json::from_slice(&dump.stdout).unwrap();
    network["block_public_access"]["exclusions"][0]["vpc"] = "inspection-use9".into();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("net.json");
    std::fs::write(&file, network.to_string()).unwrap();
    let o = netform(&["validate", "--file", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("error[NF1001]"), "{out}");
    assert!(
        out.contains("block_public_access.exclusions[0].vpc"),
        "{out}"
    );
}

/// `gateway-endpoints` takes none, s3 and dynamodb; another service is a usage error that says
/// why.
#[test]
fn a_gateway_endpoint_for_another_service_is_a_usage_error() {
    for value in ["ssm", "s3,s3", "s3,kms"] {
        let o = netform(&[
            "validate",
            "cloudwan-hub-spoke",
            "--set",
            &format!("gateway-endpoints={value}"),
        ]);
        assert_eq!(o.status.code(), Some(2), "{value}");
        let err = stderr(&o);
        assert!(err.contains("interface endpoints only"), "{value}: {err}");
    }
    let o = netform(&[
        "validate",
        "tgw-hub-spoke",
        "--set",
        "gateway-endpoints=s3,dynamodb",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

/// `lattice` takes off, none or aws-iam; anything else is a usage error naming them.
#[test]
fn a_lattice_auth_type_that_does_not_exist_is_a_usage_error() {
    let o = netform(&["validate", "tgw-hub-spoke", "--set", "lattice=iam"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("lattice"), "{err}");
    assert!(err.contains("aws-iam"), "{err}");
}

/// `endpoints` takes none or service names, each once; anything else is a usage error.
#[test]
fn a_bad_interface_endpoint_service_is_a_usage_error() {
    for value in ["SSM", "ssm,ssm", "ssm,,kms", "ssm/kms"] {
        let o = netform(&[
            "validate",
            "tgw-hub-spoke",
            "--set",
            &format!("endpoints={value}"),
        ]);
        assert_eq!(o.status.code(), Some(2), "{value}");
        let err = stderr(&o);
        assert!(err.contains("endpoints"), "{value}: {err}");
        assert!(err.contains("each once"), "{value}: {err}");
    }
    let o = netform(&[
        "validate",
        "cloudwan-hub-spoke",
        "--set",
        "endpoints=ssm,ecr.dkr",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

/// `vpn=static` is for Transit Gateways: on Cloud WAN it is a usage error that says why.
#[test]
fn a_static_vpn_on_cloud_wan_is_a_usage_error() {
    let o = netform(&["validate", "cloudwan-hub-spoke", "--set", "vpn=static"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("BGP"), "{err}");
    let o = netform(&["validate", "tgw-hub-spoke", "--set", "vpn=ipsec"]);
    assert_eq!(o.status.code(), Some(2));
    let o = netform(&["validate", "tgw-hub-spoke", "--set", "vpn=static"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

/// `dx-gateway` takes off or an ASN: anything else is a usage error (exit 2); an ASN AWS
/// refuses, or a hub's, is a diagnostic (exit 1).
#[test]
fn a_dx_gateway_asn_is_checked_as_a_value_and_against_aws() {
    let o = netform(&["validate", "tgw-hub-spoke", "--set", "dx-gateway=yes"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("dx-gateway"), "{}", stderr(&o));
    for (asn, code) in [("64512", "NF1017"), ("70000", "NF1017")] {
        let o = netform(&[
            "validate",
            "tgw-hub-spoke",
            "--set",
            &format!("dx-gateway={asn}"),
        ]);
        assert_eq!(o.status.code(), Some(1), "{asn}");
        assert!(
            stdout(&o).contains(code) || stderr(&o).contains(code),
            "{asn}"
        );
    }
    let o = netform(&[
        "validate",
        "cloudwan-hub-spoke",
        "--set",
        "dx-gateway=64600",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

/// `cost` prints the estimate (text or JSON), refuses a negative volume (exit 2) and reports
/// an invalid network like `validate` (exit 1).
#[test]
fn cost_prints_the_estimate_and_checks_its_input() {
    let o = netform(&["cost", "single-vpc"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    assert!(text.contains("total: 73.00 USD a month"), "{text}");
    assert!(text.contains("NAT gateway"), "{text}");
    let o = netform(&[
        "cost",
        "single-vpc",
        "--gb-per-month",
        "100",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(json["total"], 77.5);
    assert_eq!(json["unpriced_lines"], 0);
    let o = netform(&["cost", "single-vpc", "--gb-per-month", "-1"]);
    assert_eq!(o.status.code(), Some(2));
    let o = netform(&["cost", "single-vpc", "--set", "region=sa-east-1"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("no price known"), "{}", stdout(&o));
    let o = netform(&["cost", "tgw-hub-spoke", "--set", "dx-gateway=64512"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("NF1017"));
}

/// `check` exits 0 when every intent holds, 1 with the counterexample when one fails, and
/// prints JSON for pipelines; `path` exits 0 when the packet arrives, 1 when it is dropped,
/// 2 for an endpoint it cannot read or a VPC the network does not have.
#[test]
fn check_and_path_exit_codes_mean_something() {
    let o = netform(&["check", "cloudwan-hub-spoke"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("ok   prod reaches nonprod only through inspection (8 pairs)\n"));
    assert!(
        stdout(&o).contains("security groups, network ACLs and firewall rules are not evaluated")
    );

    let o = netform(&["check", "tgw-hub-spoke", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(report["intents"][0]["holds"], true);
    assert_eq!(report["intents"][0]["pairs"], 4);

    // The spokes' default route blackholed: egress fails, with its path.
    let dump = netform(&["dump", "tgw-hub-spoke"]);
    let mut network: serde_json::Value = serde_json::from_slice(&dump.stdout).unwrap();
    network["transit_gateways"][0]["route_tables"][0]["routes"][0]["target"] = "blackhole".into();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("network.json");
    std::fs::write(&file, network.to_string()).unwrap();
    let o = netform(&["check", "--file", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    assert!(
        text.contains(
            "FAIL spokes reach the internet only through central egress (4 pairs, 4 refute it)"
        ),
        "{text}"
    );
    assert!(
        text.contains("=> dropped: route table hub-use1/spokes blackholes 198.51.100.10"),
        "{text}"
    );

    let o = netform(&[
        "path",
        "tgw-hub-spoke",
        "--from",
        "vpc:spoke-use1-2",
        "--to",
        "vpc:spoke-use1-1",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("=> arrives in VPC spoke-use1-1"));
    let o = netform(&[
        "path",
        "--file",
        file.to_str().unwrap(),
        "--from",
        "vpc:spoke-use1-2",
        "--to",
        "internet",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let paths: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(paths[0]["reached"], false);
    assert_eq!(
        paths[0]["hops"][3]["terraform"],
        "aws_ec2_transit_gateway_route.hub_use1_spokes_default"
    );

    for (from, message) in [
        (
            "spoke-use1-2",
            "\"spoke-use1-2\" is not an endpoint: write vpc:NAME, internet, onprem or ip:A.B.C.D",
        ),
        ("vpc:nope", "the network has no VPC \"nope\""),
        ("internet", "internet cannot be a source"),
    ] {
        let o = netform(&["path", "tgw-hub-spoke", "--from", from, "--to", "onprem"]);
        assert_eq!(o.status.code(), Some(2), "{from}");
        assert!(stderr(&o).contains(message), "{}", stderr(&o));
    }
}
