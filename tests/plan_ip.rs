//! `netform plan-ip`: the IP plan of a valid network, as a tree (text) or one JSON document,
//! run in-process through `netform::cli::run`.
//!
//! The IPAM network of these tests ([`ipam_network`]), with the numbers worked out by hand:
//!
//! - `top` pins 10.0.0.0/8 (16,777,216 addresses). The planner gives the regional pools `use1`
//!   and `euw1` the first two free /12s: 10.0.0.0/12 and 10.16.0.0/12 (1,048,576 each), so
//!   `top` uses 2 × 1,048,576 = 2,097,152 (12.5%) and has 16,777,216 − 2,097,152 = 14,680,064
//!   free.
//! - `prod-use1` is the first /16 of `use1`: 10.0.0.0/16 (65,536). `use1` uses 65,536 of
//!   1,048,576 = 6.25%, printed rounded half up as 6.3%, and has 983,040 free; `euw1` uses 0.
//! - In `prod-use1`, in declaration order: `app` takes the first /22, 10.0.0.0/22 (offline);
//!   `data` the first /20 with nothing in it, 10.0.16.0/20 (10.0.0.0/20 holds `app`); `api`
//!   is chosen by IPAM at deploy time, planned as the first free /22, 10.0.4.0/22. Used:
//!   1,024 + 4,096 + 1,024 = 6,144 of 65,536 = 9.375%, printed 9.4%; free 59,392.
//! - `edge` pins 172.16.0.0/16 outside every pool: it is listed under the pinned VPCs.

use netform::blueprints::Registry;
use netform::dsl::{AddressFamily, Ipam, IpamPool, Network, Tier, Vpc};
use serde_json::Value;

const V4: AddressFamily = AddressFamily::Ipv4;
const USE1: [&str; 2] = ["us-east-1a", "us-east-1b"];

/// `netform ARGS...` with the built-in blueprints: the exit code, stdout and stderr.
fn run(args: &[&str]) -> (u8, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut argv = vec!["netform"];
    argv.extend_from_slice(args);
    let code = netform::cli::run(&Registry::builtin(), argv, &mut out, &mut err);
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

/// `netform plan-ip --file NETWORK ARGS...`, through a temporary file.
fn run_file(network: &Network, args: &[&str]) -> (u8, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("network.json");
    std::fs::write(&file, network.to_json()).unwrap();
    let mut argv = vec!["plan-ip", "--file", file.to_str().unwrap()];
    argv.extend_from_slice(args);
    run(&argv)
}

/// Runs a command that must succeed with only the warning that `prod-use1` mixes planned and
/// IPAM-placed VPCs (NF0910; [`ipam_network`] has both on purpose) on stderr, returning
/// stdout.
fn ok_mixed(result: (u8, String, String)) -> String {
    let (code, out, err) = result;
    assert_eq!(code, 0, "stdout:\n{out}\nstderr:\n{err}");
    assert!(
        err.starts_with("warning[NF0910]: pool \"prod-use1\" gives vpc \"app\" a CIDR netform plans and lets IPAM place vpc \"api\"")
            && err.ends_with("0 errors, 1 warning\n"),
        "{err}"
    );
    out
}

/// Runs a command that must succeed with nothing on stderr, returning stdout.
fn ok(result: (u8, String, String)) -> String {
    let (code, out, err) = result;
    assert_eq!(code, 0, "stdout:\n{out}\nstderr:\n{err}");
    assert_eq!(err, "", "{err}");
    out
}

/// A VPC of `prod` in us-east-1, two AZs, a private /24 per AZ, without a CIDR yet.
fn use1(name: &str) -> netform::dsl::VpcBuilder {
    Vpc::builder(name, "prod", "us-east-1")
        .azs(USE1)
        .subnets("private", Tier::Private, 24)
}

/// The IPAM of the module docs, without VPCs.
fn ipam() -> netform::dsl::IpamBuilder {
    Ipam::builder("main", "network", "us-east-1")
        .operating_regions(["us-east-1", "eu-west-1"])
        .pool(IpamPool::builder("top", V4).cidr("10.0.0.0/8"))
        .pool(
            IpamPool::builder("use1", V4)
                .parent("top")
                .allocate(12)
                .locale("us-east-1"),
        )
        .pool(
            IpamPool::builder("euw1", V4)
                .parent("top")
                .allocate(12)
                .locale("eu-west-1"),
        )
        .pool(
            IpamPool::builder("prod-use1", V4)
                .parent("use1")
                .allocate(16)
                .locale("us-east-1")
                .netmasks(20, 22, 24)
                .share_with("prod"),
        )
}

/// The network of the module docs.
fn ipam_network() -> Network {
    Network::builder("acme")
        .network_account("network", "111111111111")
        .account("prod", "222222222222")
        .ipam(ipam())
        .vpc(use1("app").allocate("prod-use1", 22))
        .vpc(use1("data").allocate("prod-use1", 20))
        .vpc(use1("api").ipam("prod-use1", 22))
        .vpc(
            Vpc::builder("edge", "network", "us-east-1")
                .cidr("172.16.0.0/16")
                .azs(USE1)
                .subnets("public", Tier::Public, 24),
        )
        .build()
}

#[test]
fn single_vpc_shows_its_pinned_cidr_and_with_subnets_every_subnet() {
    let out = ok(run(&["plan-ip", "single-vpc"]));
    assert_eq!(out, "vpcs with pinned CIDRs\n└─ vpc main  10.0.0.0/16\n");

    // Two AZs: a /17 slot per AZ; public and data subnets an eighth of a slot (/20), private
    // ones a half (/18); first-fit puts data in the gap below the private subnets.
    let out = ok(run(&["plan-ip", "single-vpc", "--subnets"]));
    assert_eq!(
        out,
        "\
vpcs with pinned CIDRs
└─ vpc main  10.0.0.0/16
   ├─ public   tier public
   │  ├─ us-east-1a  10.0.0.0/20
   │  └─ us-east-1b  10.0.16.0/20
   ├─ private  tier private
   │  ├─ us-east-1a  10.0.64.0/18
   │  └─ us-east-1b  10.0.128.0/18
   └─ data     tier isolated
      ├─ us-east-1a  10.0.32.0/20
      └─ us-east-1b  10.0.48.0/20
"
    );
}

#[test]
fn single_vpc_dual_stack_lists_the_ipv6_slots_of_the_amazon_block() {
    let out = ok(run(&[
        "plan-ip",
        "single-vpc",
        "--set",
        "ip-mode=dual-stack",
        "--subnets",
    ]));
    // A /64 per subnet, numbered in group order inside the VPC's /56.
    assert_eq!(
        out,
        "\
vpcs with pinned CIDRs
└─ vpc main  10.0.0.0/16
   ├─ ipv6 /56 from Amazon at deploy
   ├─ public   tier public, dual-stack
   │  ├─ us-east-1a  10.0.0.0/20    ipv6 /64 #0 of the VPC block
   │  └─ us-east-1b  10.0.16.0/20   ipv6 /64 #1 of the VPC block
   ├─ private  tier private, dual-stack
   │  ├─ us-east-1a  10.0.64.0/18   ipv6 /64 #2 of the VPC block
   │  └─ us-east-1b  10.0.128.0/18  ipv6 /64 #3 of the VPC block
   └─ data     tier isolated, dual-stack
      ├─ us-east-1a  10.0.32.0/20   ipv6 /64 #4 of the VPC block
      └─ us-east-1b  10.0.48.0/20   ipv6 /64 #5 of the VPC block
"
    );

    // IPv6-only groups have no IPv4 CIDR.
    let out = ok(run(&[
        "plan-ip",
        "single-vpc",
        "--set",
        "ip-mode=ipv6-only",
        "--subnets",
    ]));
    assert!(
        out.contains("├─ private  tier private, ipv6-only, dns64\n"),
        "{out}"
    );
    assert!(
        out.contains("│  ├─ us-east-1a  -             ipv6 /64 #2 of the VPC block\n"),
        "{out}"
    );
}

#[test]
fn an_ipam_network_from_a_file_prints_the_pool_tree_with_used_and_free_space() {
    let out = ok_mixed(run_file(&ipam_network(), &[]));
    // The numbers are worked out in the module docs.
    assert_eq!(
        out,
        "\
ipam main (account network, us-east-1; operating regions us-east-1, eu-west-1)
top                10.0.0.0/8    ipv4       used 2,097,152 of 16,777,216 (12.5%)  free 14,680,064
├─ use1            10.0.0.0/12   us-east-1  used 65,536 of 1,048,576 (6.3%)       free 983,040
│  └─ prod-use1    10.0.0.0/16   us-east-1  used 6,144 of 65,536 (9.4%)           free 59,392  netmasks /20-/24 (default /22); shared with 1 principal
│     ├─ vpc app   10.0.0.0/22
│     ├─ vpc api   /22 from IPAM at deploy (planned 10.0.4.0/22)
│     └─ vpc data  10.0.16.0/20
└─ euw1            10.16.0.0/12  eu-west-1  used 0 of 1,048,576 (0.0%)            free 1,048,576

vpcs with pinned CIDRs
└─ vpc edge  172.16.0.0/16
"
    );

    // With subnets: those of a VPC that IPAM places at deploy time follow its block.
    let out = ok_mixed(run_file(&ipam_network(), &["--subnets"]));
    for line in [
        "│     ├─ vpc app   10.0.0.0/22\n│     │  └─ private  tier private\n",
        "│     │     ├─ us-east-1a  10.0.0.0/24\n│     │     └─ us-east-1b  10.0.1.0/24\n",
        "│     │     ├─ us-east-1a  planned 10.0.4.0/24\n",
        "│     │     └─ us-east-1b  planned 10.0.5.0/24\n",
        "│           ├─ us-east-1a  10.0.16.0/24\n│           └─ us-east-1b  10.0.17.0/24\n",
        "└─ vpc edge  172.16.0.0/16\n   └─ public  tier public\n",
        "      ├─ us-east-1a  172.16.0.0/24\n      └─ us-east-1b  172.16.1.0/24\n",
    ] {
        assert!(out.contains(line), "{line:?} missing from\n{out}");
    }
}

#[test]
fn an_amazon_ipv6_pool_counts_slash_64s_and_numbers_the_vpc_blocks() {
    let net = Network::builder("acme")
        .network_account("network", "111111111111")
        .account("prod", "222222222222")
        .ipam(
            ipam().pool(
                IpamPool::builder("v6-use1", AddressFamily::Ipv6)
                    .amazon(52)
                    .locale("us-east-1")
                    .share_with("prod"),
            ),
        )
        .vpc(
            use1("app")
                .allocate("prod-use1", 22)
                .ipv6_from_pool("v6-use1", 56),
        )
        .vpc(
            Vpc::builder("api", "prod", "us-east-1")
                .allocate("prod-use1", 22)
                .ipv6_from_pool("v6-use1", 56)
                .azs(USE1)
                .dual_stack_subnets("private", Tier::Private, 24, 64),
        )
        // Pinned inside `top` but outside its regional pools: the planner keeps its space
        // out of `top`, so it is listed there, and its subnets under the pinned VPCs.
        .vpc(
            Vpc::builder("legacy", "network", "us-east-1")
                .cidr("10.200.0.0/16")
                .azs(USE1)
                .subnets("public", Tier::Public, 24),
        )
        .build();
    let out = ok(run_file(&net, &["--subnets"]));
    let squeezed: String = out.lines().map(|l| squeeze(l) + "\n").collect();
    // A /52 holds 2^(64-52) = 4,096 /64s; two /56s of 256 use 512 (12.5%), 3,584 free.
    for lines in [
        "v6-use1 /52 from Amazon at deploy ipv6 public us-east-1 used 512 of 4,096 /64s (12.5%) free 3,584 /64s shared with 1 principal\n\
         ├─ vpc app /56 (block 0 of the pool)\n\
         └─ vpc api /56 (block 1 of the pool)\n",
        "│ └─ vpc api 10.0.4.0/22\n\
         │ ├─ ipv6 /56 from IPAM pool v6-use1 at deploy\n\
         │ └─ private tier private, dual-stack\n\
         │ ├─ us-east-1a 10.0.4.0/24 ipv6 /64 #0 of the VPC block\n\
         │ └─ us-east-1b 10.0.5.0/24 ipv6 /64 #1 of the VPC block\n",
        // `top`: two /12s and the pinned /16: 2,097,152 + 65,536 = 2,162,688 (12.9%).
        "top 10.0.0.0/8 ipv4 used 2,162,688 of 16,777,216 (12.9%) free 14,614,528\n",
        "└─ vpc legacy 10.200.0.0/16 pinned, not allocated from the pool\n",
        "vpcs with pinned CIDRs\n└─ vpc legacy 10.200.0.0/16\n└─ public tier public\n",
    ] {
        assert!(squeezed.contains(lines), "{lines:?} missing from\n{out}");
    }
    // The subnets are listed once, where the VPC's IPv4 CIDR comes from.
    assert_eq!(out.matches("us-east-1a  10.0.4.0/24").count(), 1, "{out}");
}

#[test]
fn warnings_go_to_stderr_and_a_pinned_vpc_in_a_pool_is_listed_there() {
    let mut net = ipam_network();
    net.vpcs.push(
        Vpc::builder("old", "prod", "us-east-1")
            .cidr("10.0.128.0/20")
            .azs(USE1)
            .subnets("private", Tier::Private, 24)
            .build(),
    );
    let (code, out, err) = run_file(&net, &[]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("warning[NF0911]"), "{err}");
    assert!(!out.contains("NF0911"), "{out}");
    // Listed by address in `prod-use1`, whose count has the /20 too: 6,144 + 4,096 = 10,240.
    let squeezed: Vec<String> = out.lines().map(squeeze).collect();
    let at = |line: &str| squeezed.iter().position(|l| l.starts_with(line));
    let prod = at("│ └─ prod-use1 10.0.0.0/16 us-east-1 used 10,240 of 65,536 (15.6%) free 55,296");
    let data = at("│ ├─ vpc data 10.0.16.0/20");
    let old = at("│ └─ vpc old 10.0.128.0/20 pinned, not allocated from the pool");
    assert!(
        prod.is_some() && data.is_some() && old == data.map(|d| d + 1),
        "{out}"
    );
    // Its detail is under the pinned VPCs.
    assert!(out.contains("vpcs with pinned CIDRs\n├─ vpc old "), "{out}");
}

#[test]
fn ip_blocks_count_every_vpc_inside_them() {
    let vpc = |name: &str| {
        Vpc::builder(name, "network", "us-east-1")
            .azs(USE1)
            .subnets("private", Tier::Private, 24)
    };
    let net = Network::builder("acme")
        .network_account("network", "111111111111")
        .ip_block("main", "10.0.0.0/16")
        .vpc(vpc("a").allocate("main", 20))
        .vpc(vpc("b").cidr("10.0.32.0/20"))
        .vpc(vpc("c").allocate("main", 19))
        .vpc(vpc("d").cidr("192.168.0.0/20"))
        .build();
    // a: 10.0.0.0/20; b pinned at 10.0.32.0/20; c: the first /19 clear of both, 10.0.64.0/19.
    // Used 4,096 + 4,096 + 8,192 = 16,384 of 65,536 (25.0%), 49,152 free. d is outside.
    let out = ok(run_file(&net, &[]));
    assert_eq!(
        out,
        "\
ip block main  10.0.0.0/16  used 16,384 of 65,536 (25.0%)  free 49,152
├─ vpc a       10.0.0.0/20
├─ vpc b       10.0.32.0/20  pinned
└─ vpc c       10.0.64.0/19

vpcs with pinned CIDRs
└─ vpc d  192.168.0.0/20
"
    );
}

#[test]
fn an_invalid_network_exits_1_with_the_diagnostics_validate_prints() {
    let args = ["single-vpc", "--set", "cidr=10.0.0.0/30"];
    let (code, out, _) = run(&[&["plan-ip"][..], &args].concat());
    assert_eq!(code, 1);
    assert!(out.contains("error[NF0103]"), "{out}");
    assert!(out.contains("/30, outside the /16 to /28"), "{out}");
    let (validate_code, validate_out, _) = run(&[&["validate"][..], &args].concat());
    assert_eq!((code, &out), (validate_code, &validate_out));

    // As JSON, the diagnostics are the JSON array `validate --format json` prints.
    let (code, out, _) = run(&[&["plan-ip"][..], &args, &["--format", "json"]].concat());
    assert_eq!(code, 1);
    let diags: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(diags[0]["code"], "NF0103", "{out}");

    // A pool that runs out is reported by validation too.
    let mut net = ipam_network();
    net.vpcs[0].cidr = netform::dsl::VpcCidr::Allocated {
        block: "prod-use1".into(),
        prefix: 16,
    };
    let (code, out, _) = run_file(&net, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error[NF09"), "{out}");

    // Usage errors exit 2, as for the other commands.
    let (code, _, err) = run(&["plan-ip", "no-such-blueprint"]);
    assert_eq!(code, 2);
    assert!(err.contains("no-such-blueprint"), "{err}");
    assert_eq!(run(&["plan-ip"]).0, 2);
    assert_eq!(run(&["plan-ip", "single-vpc", "--format", "yaml"]).0, 2);
}

#[test]
fn json_has_the_pool_tree_with_its_numbers() {
    let out = ok_mixed(run_file(&ipam_network(), &["--format", "json"]));
    let plan: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(plan["network"], "acme");
    let ipam = &plan["ipam"];
    assert_eq!(
        ipam["operating_regions"],
        serde_json::json!(["us-east-1", "eu-west-1"])
    );
    let top = &ipam["pools"][0];
    assert_eq!(ipam["pools"].as_array().unwrap().len(), 1);
    assert_eq!(
        (
            &top["name"],
            &top["cidr"],
            &top["size"],
            &top["used"],
            &top["free"]
        ),
        (
            &Value::from("top"),
            &Value::from("10.0.0.0/8"),
            &Value::from(16_777_216),
            &Value::from(2_097_152),
            &Value::from(14_680_064)
        )
    );
    assert_eq!(top["percent_used"], 12.5);
    let names = |pool: &Value| -> Vec<String> {
        pool["children"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                format!(
                    "{} {}",
                    c["kind"].as_str().unwrap(),
                    c["name"].as_str().unwrap()
                )
            })
            .collect()
    };
    assert_eq!(names(top), ["pool use1", "pool euw1"]);
    let use1 = &top["children"][0];
    assert_eq!(
        (&use1["cidr"], &use1["index"]),
        (&Value::from("10.0.0.0/12"), &Value::from(0))
    );
    assert_eq!(top["children"][1]["cidr"], "10.16.0.0/12");
    assert_eq!(top["children"][1]["index"], 1);
    let prod = &use1["children"][0];
    assert_eq!(prod["name"], "prod-use1");
    assert_eq!(
        prod["rules"],
        serde_json::json!({
            "min_netmask": 20,
            "max_netmask": 24,
            "default_netmask": 22,
            "required_tags": {},
        })
    );
    assert_eq!(prod["share_with"], serde_json::json!(["prod"]));
    assert_eq!(
        (&prod["used"], &prod["free"]),
        (&Value::from(6_144), &Value::from(59_392))
    );
    assert_eq!(names(prod), ["vpc app", "vpc api", "vpc data"]);
    let api = &prod["children"][1];
    assert_eq!(api["cidr"], Value::Null);
    assert_eq!(api["at_deploy"], true);
    assert_eq!(api["planned"], "10.0.4.0/22");
    assert_eq!(prod["children"][2]["cidr"], "10.0.16.0/20");
    assert_eq!(prod["children"][2]["at_deploy"], false);
    // Subnets only with --subnets.
    assert!(api.get("subnet_groups").is_none());
    assert_eq!(plan["pinned_vpcs"][0]["name"], "edge");
    assert_eq!(plan["ip_blocks"], serde_json::json!([]));

    let out = ok_mixed(run_file(
        &ipam_network(),
        &["--format", "json", "--subnets"],
    ));
    let plan: Value = serde_json::from_str(&out).unwrap();
    let api = &plan["ipam"]["pools"][0]["children"][0]["children"][0]["children"][1];
    assert_eq!(api["name"], "api");
    assert_eq!(
        api["subnet_groups"][0]["subnets"][1],
        serde_json::json!({ "az": "us-east-1b", "ipv4": "10.0.5.0/24", "ipv6": null })
    );
}

#[test]
fn the_plan_is_byte_identical_across_runs() {
    for args in [&[][..], &["--subnets"], &["--format", "json", "--subnets"]] {
        let first = ok_mixed(run_file(&ipam_network(), args));
        let second = ok_mixed(run_file(&ipam_network(), args));
        assert_eq!(first, second);
    }
    let args = [
        "plan-ip",
        "ipam-landing-zone",
        "--set",
        "regions=us-east-1,eu-west-1",
        "--set",
        "ip-mode=dual-stack",
        "--subnets",
    ];
    assert_eq!(ok(run(&args)), ok(run(&args)));
}

#[test]
fn the_ipam_landing_zone_blueprint_plans_regional_and_environment_pools() {
    let out = ok(run(&[
        "plan-ip",
        "ipam-landing-zone",
        "--set",
        "top=10.0.0.0/8",
        "--set",
        "regions=us-east-1,eu-west-1",
        "--set",
        "environments=prod,dev",
    ]));
    // Compared with runs of spaces squeezed: the columns' widths follow the VPC names.
    let lines: Vec<String> = out.lines().map(squeeze).collect();
    assert_eq!(
        lines[0],
        "ipam main (account network, us-east-1; operating regions us-east-1, eu-west-1)"
    );
    // A /12 per region out of the /8, a /16 per environment out of each /12, a /22 VPC per
    // environment and region: each environment pool uses 1,024 of 65,536 (1.6%).
    let starts = [
        "top 10.0.0.0/8 ipv4 used 2,097,152 of 16,777,216 (12.5%) free 14,680,064",
        "├─ use1 10.0.0.0/12 us-east-1 used 131,072 of 1,048,576 (12.5%) free 917,504",
        "│ ├─ prod-use1 10.0.0.0/16 us-east-1 used 1,024 of 65,536 (1.6%) free 64,512",
        "│ └─ dev-use1 10.1.0.0/16 us-east-1 used 1,024 of 65,536 (1.6%) free 64,512",
        "└─ euw1 10.16.0.0/12 eu-west-1 used 131,072 of 1,048,576 (12.5%) free 917,504",
        "├─ prod-euw1 10.16.0.0/16 eu-west-1 used 1,024 of 65,536 (1.6%) free 64,512",
        "└─ dev-euw1 10.17.0.0/16 eu-west-1 used 1,024 of 65,536 (1.6%) free 64,512",
    ];
    for start in starts {
        assert!(
            lines.iter().any(|l| l.starts_with(start)),
            "no line starts with {start:?} in\n{out}"
        );
    }
    assert!(
        lines
            .iter()
            .any(|l| l == "│ │ └─ vpc prod-use1-1 10.0.0.0/22"),
        "{out}"
    );
    assert!(
        lines.iter().any(|l| l == "└─ vpc dev-euw1-1 10.17.0.0/22"),
        "{out}"
    );
}

/// `line` with its leading spaces dropped and other runs of spaces made one.
fn squeeze(line: &str) -> String {
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}
