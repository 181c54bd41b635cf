//! Bad-input tests for the DNS rules, NF0801 to NF0815, and for the codes of other areas they
//! reuse (NF0202/NF0203, NF0302, NF0303, NF0616).
//!
//! Each test starts from [`network`], a DNS design that validates without a single
//! diagnostic: a network account with a DNS VPC (subnet groups `inbound` and `outbound`, a /28
//! per AZ in us-east-1a and us-east-1b: 10.0.0.0/28 and 10.0.0.16/28 for `inbound`), a
//! workload account `prod` with a spoke `app`, inbound and outbound endpoints, a forward rule
//! shared with `prod` and associated with `app`, a private hosted zone associated with the DNS
//! VPC, a domain list and a DNS Firewall rule group associated with `app`, and a query
//! logging configuration to S3 for `app`. It then adds or breaks one thing (with a second
//! `.dns(..)` call, which continues the same DNS model, or in place) and checks the exact
//! diagnostics that come back: code, severity, printed path, and the actual values the
//! message states.

use crate::support::diagnostics;
use netform::dsl::{
    BlockResponse, Code, DnsBuilder, DnsFirewallAction, DnsProtocol, Network, NetworkBuilder,
    QueryLogDestination, RecordType, ResolverRule, ResolverRuleType, Severity, TargetIp, Tier,
    ValidNetwork, Vpc, VpcBuilder,
};

use Severity::{Error as E, Warning as W};

/// A VPC of two AZs (a and b of `region`) with one private /24 per AZ.
fn spoke(name: &str, account: &str, region: &str, cidr: &str) -> VpcBuilder {
    Vpc::builder(name, account, region)
        .cidr(cidr)
        .azs([format!("{region}a"), format!("{region}b")])
        .subnets("private", Tier::Private, 24)
}

/// The accounts and VPCs: `dns` (network account) and `app` (prod), both in us-east-1.
fn vpcs() -> NetworkBuilder {
    Network::builder("acme")
        .network_account("network", "111111111111")
        .account("prod", "222222222222")
        .vpc(
            Vpc::builder("dns", "network", "us-east-1")
                .cidr("10.0.0.0/24")
                .azs(["us-east-1a", "us-east-1b"])
                .subnets("inbound", Tier::Private, 28)
                .subnets("outbound", Tier::Private, 28),
        )
        .vpc(spoke("app", "prod", "us-east-1", "10.1.0.0/16"))
}

/// The valid DNS design.
fn valid_dns(d: DnsBuilder) -> DnsBuilder {
    d.inbound_endpoint("in", "dns", "inbound", |e| {
        e.ips(["10.0.0.10", "10.0.0.20"])
            .allow_from("192.168.0.0/16")
            .allow_from("10.1.0.0/16")
    })
    .outbound_endpoint("out", "dns", "outbound", |e| e)
    .forward("corp", "corp.example.com", "out", |r| {
        r.target("192.168.10.10")
            .target_port("192.168.10.11", 5353)
            .associate("app")
            .share_with("prod")
    })
    .hosted_zone("cloud", "aws.example.com", "network", |z| {
        z.vpc("dns")
            .record("api", RecordType::A, ["10.0.0.10"])
            .record("www", RecordType::Cname, ["api.aws.example.com"])
            .record("@", RecordType::Mx, ["10 mail.example.com"])
    })
    .domain_list(
        "bad",
        "network",
        "us-east-1",
        ["malware.example.net", "*.phish.example.org"],
    )
    .firewall_rule_group("block", "network", "us-east-1", |g| {
        g.rule(
            "bad",
            100,
            "bad",
            DnsFirewallAction::Block(BlockResponse::Nxdomain),
        )
        .associate("app", 101)
        .share_with("prod")
    })
    .query_log(
        "queries",
        "network",
        "us-east-1",
        s3("arn:aws:s3:::acme-dns-logs/queries"),
        |q| q.associate("app").share_with("prod"),
    )
}

/// The valid network, as a builder to add to.
fn builder() -> NetworkBuilder {
    vpcs().dns(valid_dns)
}

/// The valid network.
fn network() -> Network {
    builder().build()
}

/// The valid network with `more` added to its DNS.
fn with(more: impl FnOnce(DnsBuilder) -> DnsBuilder) -> Network {
    builder().dns(more).build()
}

/// An S3 destination.
fn s3(arn: &str) -> QueryLogDestination {
    QueryLogDestination::S3 {
        bucket_arn: arn.into(),
    }
}

/// A rule of any type, with no field set but its name, domain and type.
fn bare_rule(name: &str, domain: &str, rule_type: ResolverRuleType) -> ResolverRule {
    ResolverRule {
        name: name.into(),
        domain: domain.into(),
        rule_type,
        endpoint: None,
        targets: Vec::new(),
        account: None,
        region: None,
        associations: Vec::new(),
        share_with: Vec::new(),
    }
}

/// Asserts that `net` has exactly these diagnostics (severity, code, printed path), in any
/// order, and that the message of each states the given values.
#[track_caller]
fn assert_diags(net: &Network, expected: &[(Severity, Code, &str, &[&str])]) {
    crate::support::assert_diagnostics(&diagnostics(net), expected);
}

/// Asserts that `net` fails validation with exactly these errors and no warning.
#[track_caller]
fn assert_errors(net: &Network, expected: &[(Code, &str, &[&str])]) {
    let with_severity: Vec<(Severity, Code, &str, &[&str])> =
        expected.iter().map(|(c, p, v)| (E, *c, *p, *v)).collect();
    assert_diags(net, &with_severity);
}

/// Asserts that `net` has, among others, this diagnostic.
#[track_caller]
fn assert_has(net: &Network, severity: Severity, code: Code, path: &str, values: &[&str]) {
    let diags = diagnostics(net);
    let found = diags.iter().any(|d| {
        d.severity == severity
            && d.code == code
            && d.path.to_string() == path
            && values.iter().all(|v| d.message.contains(v))
    });
    assert!(
        found,
        "no {severity} {code} at {path} whose message states {values:?}; diagnostics:\n{diags}"
    );
}

/// Asserts that `net` validates without any diagnostic.
#[track_caller]
fn assert_clean(net: &Network) -> ValidNetwork {
    let valid = net
        .validate()
        .unwrap_or_else(|d| panic!("the network should validate, but:\n{d}"));
    assert!(
        valid.warnings().is_empty(),
        "warnings:\n{}",
        valid.warnings()
    );
    valid
}

// ---- valid networks ----

#[test]
fn the_base_network_is_valid_without_diagnostics() {
    let valid = assert_clean(&network());
    // The pinned addresses are checked against these subnets.
    let inbound = &valid.plan()[0].subnet_groups[0];
    assert_eq!(inbound[0].to_string(), "10.0.0.0/28");
    assert_eq!(inbound[1].to_string(), "10.0.0.16/28");
}

#[test]
fn the_base_network_round_trips_through_json() {
    let net = network();
    let json = net.to_json();
    assert!(json.contains("\"dns\""), "{json}");
    let loaded = Network::from_json(&json).expect("the dump loads");
    assert_eq!(loaded, net);
    assert_clean(&loaded);
}

#[test]
fn designs_aws_documents_are_valid() {
    // A forward rule for every domain ("."), a SYSTEM rule carving a subdomain out of the
    // forward rule, a wildcard domain list, a block override, DoH on both endpoints, and a
    // Profile shared with the organization that carries the shared rule, the zone, a rule
    // group and a query log to a second spoke.
    let mut net = vpcs()
        .vpc(spoke("web", "prod", "us-east-1", "10.2.0.0/16"))
        .dns(valid_dns)
        .dns(|d| {
            d.forward("all", ".", "out", |r| {
                r.target("192.168.10.10")
                    .associate("app")
                    .associate("web")
                    .share_with("prod")
            })
            .system(
                "local",
                "dev.corp.example.com",
                "network",
                "us-east-1",
                |r| r.associate("app").associate("web").share_with("prod"),
            )
            .domain_list("everything", "network", "us-east-1", ["*"])
            .firewall_rule_group("walled", "network", "us-east-1", |g| {
                g.rule(
                    "redirect",
                    200,
                    "everything",
                    DnsFirewallAction::Block(BlockResponse::Override {
                        domain: "blocked.example.com".into(),
                        ttl: 300,
                    }),
                )
            })
            .query_log(
                "web-queries",
                "network",
                "us-east-1",
                QueryLogDestination::CloudWatch {
                    log_group_arn: "arn:aws:logs:us-east-1:111111111111:log-group:/dns/queries:*"
                        .into(),
                },
                |q| q,
            )
            .profile("shared", "network", "us-east-1", |p| {
                p.rule("corp")
                    .hosted_zone("cloud")
                    .firewall_rule_group("walled", 200)
                    .query_log("web-queries")
                    .associate("web")
                    .share_with("arn:aws:organizations::111111111111:organization/o-abcd1234ef")
            })
        })
        .build();
    net.dns.endpoints[0].protocols = vec![DnsProtocol::Do53, DnsProtocol::DohFips];
    net.dns.endpoints[1].protocols = vec![DnsProtocol::Do53, DnsProtocol::DoH];
    assert_clean(&net);
}

// ---- NF0801: endpoint addresses ----

#[test]
fn an_endpoint_in_a_single_az_vpc_is_nf0801() {
    let net = vpcs()
        .vpc(
            Vpc::builder("solo", "network", "us-east-1")
                .cidr("10.9.0.0/24")
                .azs(["us-east-1a"])
                .subnets("dns", Tier::Private, 28),
        )
        .dns(valid_dns)
        .dns(|d| d.outbound_endpoint("solo-out", "solo", "dns", |e| e))
        .build();
    assert_diags(
        &net,
        &[
            (
                E,
                Code::EndpointIps,
                r#"dns.endpoints["solo-out"].subnet_group"#,
                &[
                    r#"resolver endpoint "solo-out" would have 1 IP address"#,
                    r#"VPC "solo" (us-east-1a)"#,
                    "at least 2, in 2 AZs",
                ],
            ),
            (W, Code::SingleAz, r#"vpcs["solo"].azs"#, &["us-east-1a"]),
        ],
    );
}

#[test]
fn pinned_addresses_that_do_not_fit_are_nf0801() {
    let mut net = network();
    net.dns.endpoints[0].ips = vec!["10.0.0.10".into()];
    assert_errors(
        &net,
        &[(
            Code::EndpointIps,
            r#"dns.endpoints["in"].ips"#,
            &[
                r#"resolver endpoint "in" pins 1 IP addresses"#,
                r#"VPC "dns" has 2 AZs (us-east-1a, us-east-1b)"#,
            ],
        )],
    );

    let mut net = network();
    net.dns.endpoints[0].ips = vec!["10.0.0.300".into(), "10.0.0.40".into()];
    assert_errors(
        &net,
        &[
            (
                Code::EndpointIps,
                r#"dns.endpoints["in"].ips[0]"#,
                &[r#"pins "10.0.0.300", which is not an IPv4 address"#],
            ),
            (
                Code::EndpointIps,
                r#"dns.endpoints["in"].ips[1]"#,
                &[
                    "pins 10.0.0.40 for us-east-1b, outside its subnet 10.0.0.16/28",
                    r#"group "inbound""#,
                ],
            ),
        ],
    );

    // The first four and the last address of a subnet are AWS's.
    let mut net = network();
    net.dns.endpoints[0].ips = vec!["10.0.0.1".into(), "10.0.0.31".into()];
    assert_errors(
        &net,
        &[
            (
                Code::EndpointIps,
                r#"dns.endpoints["in"].ips[0]"#,
                &["pins 10.0.0.1 for us-east-1a, one of the 5 addresses AWS reserves in subnet 10.0.0.0/28"],
            ),
            (
                Code::EndpointIps,
                r#"dns.endpoints["in"].ips[1]"#,
                &["pins 10.0.0.31 for us-east-1b", "subnet 10.0.0.16/28"],
            ),
        ],
    );
}

#[test]
fn an_address_pinned_twice_is_nf0801() {
    let mut net = network();
    net.dns.endpoints[0].ips = vec!["10.0.0.10".into(), "10.0.0.10".into()];
    assert_errors(
        &net,
        &[(
            Code::EndpointIps,
            r#"dns.endpoints["in"].ips[1]"#,
            &[r#"resolver endpoint "in" pins 10.0.0.10 twice"#],
        )],
    );

    let net = with(|d| {
        d.outbound_endpoint("out2", "dns", "inbound", |e| {
            e.ips(["10.0.0.11", "10.0.0.20"])
        })
    });
    assert_errors(
        &net,
        &[(
            Code::EndpointIps,
            r#"dns.endpoints["out2"].ips[1]"#,
            &[r#"resolver endpoint "out2" pins 10.0.0.20, which resolver endpoint "in" pins too"#],
        )],
    );
}

// ---- NF0802: domain names ----

#[test]
fn invalid_domains_are_nf0802() {
    let mut net = network();
    net.dns.rules[0].domain = "corp..example.com".into();
    net.dns.hosted_zones[0].domain = "-aws.example.com".into();
    net.dns.domain_lists[0]
        .domains
        .push("_ldap.example.net".into());
    net.dns.domain_lists[0]
        .domains
        .push(format!("{}.com", "a".repeat(64)));
    assert_errors(
        &net,
        &[
            (
                Code::DomainName,
                r#"dns.rules["corp"].domain"#,
                &[
                    r#"resolver rule "corp" has domain "corp..example.com", which has an empty label"#,
                ],
            ),
            (
                Code::DomainName,
                r#"dns.hosted_zones["cloud"].domain"#,
                &[
                    r#"private hosted zone "cloud" has domain "-aws.example.com", which has the label "-aws", which starts or ends with '-'"#,
                ],
            ),
            (
                Code::DomainName,
                r#"dns.domain_lists["bad"].domains[2]"#,
                &[r#"domain list "bad" has "_ldap.example.net", which has the character '_'"#],
            ),
            (
                Code::DomainName,
                r#"dns.domain_lists["bad"].domains[3]"#,
                &["of 64 characters, more than 63"],
            ),
        ],
    );
}

#[test]
fn the_root_domain_is_for_forward_rules_only_nf0802() {
    // "." forwards everything; as a zone or a block override answer it is no domain.
    let net = with(|d| {
        d.forward("all", ".", "out", |r| {
            r.target("192.168.10.10")
                .associate("app")
                .share_with("prod")
        })
        .hosted_zone("root", ".", "network", |z| z.vpc("dns"))
        .firewall_rule_group("redirect", "network", "us-east-1", |g| {
            g.rule(
                "bad",
                100,
                "bad",
                DnsFirewallAction::Block(BlockResponse::Override {
                    domain: "not a domain".into(),
                    ttl: 60,
                }),
            )
        })
    });
    assert_errors(
        &net,
        &[
            (
                Code::DomainName,
                r#"dns.hosted_zones["root"].domain"#,
                &[r#"private hosted zone "root" has domain ".", which is empty"#],
            ),
            (
                Code::DomainName,
                r#"dns.firewall_rule_groups["redirect"].rules["bad"].action.block.override.domain"#,
                &[
                    r#"the block override of rule "bad" of DNS Firewall rule group "redirect" answers with "not a domain", which has the character ' '"#,
                ],
            ),
        ],
    );
}

// ---- NF0803: targets ----

#[test]
fn targets_that_are_not_unicast_ipv4_are_nf0803() {
    let mut net = network();
    let targets = &mut net.dns.rules[0].targets;
    *targets = vec![
        TargetIp {
            ip: "224.0.0.251".into(),
            port: 53,
        },
        TargetIp {
            ip: "192.168.10.300".into(),
            port: 53,
        },
        TargetIp {
            ip: "2001:db8::53".into(),
            port: 53,
        },
        TargetIp {
            ip: "169.254.169.253".into(),
            port: 0,
        },
        TargetIp {
            ip: "192.168.10.10".into(),
            port: 70_000,
        },
    ];
    assert_errors(
        &net,
        &[
            (
                Code::TargetIp,
                r#"dns.rules["corp"].targets[0].ip"#,
                &[r#"target 224.0.0.251 of resolver rule "corp" is a multicast address (224.0.0.0/4)"#],
            ),
            (
                Code::TargetIp,
                r#"dns.rules["corp"].targets[1].ip"#,
                &[r#"target "192.168.10.300" of resolver rule "corp" is not an IPv4 address"#],
            ),
            (
                Code::TargetIp,
                r#"dns.rules["corp"].targets[2].ip"#,
                &[r#"target "2001:db8::53""#, "is an IPv6 address"],
            ),
            (
                Code::TargetIp,
                r#"dns.rules["corp"].targets[3].ip"#,
                &["target 169.254.169.253", "is a link-local address (169.254.0.0/16)"],
            ),
            (
                Code::TargetIp,
                r#"dns.rules["corp"].targets[3].port"#,
                &["target 169.254.169.253 of resolver rule \"corp\" has port 0, outside 1 to 65535"],
            ),
            (
                Code::TargetIp,
                r#"dns.rules["corp"].targets[4].port"#,
                &["has port 70000"],
            ),
        ],
    );
}

#[test]
fn more_than_six_targets_is_nf0803() {
    let net = with(|d| {
        d.forward("many", "many.example.com", "out", |r| {
            (1..=7)
                .fold(r, |r, i| r.target(format!("192.168.10.{i}")))
                .associate("app")
                .share_with("prod")
        })
    });
    assert_errors(
        &net,
        &[(
            Code::TargetIp,
            r#"dns.rules["many"].targets"#,
            &[r#"resolver rule "many" has 7 targets; Resolver allows 6 per rule"#],
        )],
    );
}

#[test]
fn a_rule_forwarding_to_an_inbound_endpoint_of_its_own_vpc_is_nf0803() {
    // The usual hub design forwards the cloud domain to the inbound endpoint from the
    // spokes; associating that rule with the DNS VPC itself is refused (RSLVR-00804).
    let net = with(|d| {
        d.forward("cloud", "aws.example.com", "out", |r| {
            r.target("10.0.0.10").target("10.0.0.20").associate("dns")
        })
    });
    assert_diags(
        &net,
        &[
            (
                E,
                Code::TargetIp,
                r#"dns.rules["cloud"].associations[0]"#,
                &[
                    r#"resolver rule "cloud" forwards to 10.0.0.10, an address of inbound endpoint "in" in VPC "dns", and is associated with that VPC"#,
                ],
            ),
            // And the rule hides the zone in the DNS VPC.
            (
                W,
                Code::ZoneShadowed,
                r#"dns.hosted_zones["cloud"]"#,
                &[r#"private hosted zone "cloud" (aws.example.com) is hidden in VPC "dns""#],
            ),
        ],
    );
}

// ---- NF0804: regions ----

#[test]
fn associations_with_vpcs_of_another_region_are_nf0804() {
    let net = vpcs()
        .vpc(spoke("app-euw1", "prod", "eu-west-1", "10.3.0.0/16"))
        .dns(valid_dns)
        .dns(|d| {
            d.forward("eu", "eu.example.com", "out", |r| {
                r.target("192.168.10.10").associate("app-euw1")
            })
            .firewall_rule_group("eu-block", "network", "us-east-1", |g| {
                g.associate("app-euw1", 200).share_with("prod")
            })
            .query_log(
                "eu-queries",
                "network",
                "us-east-1",
                s3("arn:aws:s3:::acme-dns-logs"),
                |q| q.associate("app-euw1").share_with("prod"),
            )
            .profile("p", "network", "us-east-1", |p| {
                p.associate("app-euw1").share_with("prod")
            })
        })
        .build();
    assert_errors(
        &net,
        &[
            (
                Code::DnsRegion,
                r#"dns.rules["eu"].associations[0]"#,
                &[
                    r#"resolver rule "eu" (us-east-1, through endpoint "out") is associated with VPC "app-euw1" in eu-west-1"#,
                ],
            ),
            (
                Code::DnsRegion,
                r#"dns.firewall_rule_groups["eu-block"].associations[0]"#,
                &[
                    r#"DNS Firewall rule group "eu-block" (us-east-1) is associated with VPC "app-euw1" in eu-west-1"#,
                ],
            ),
            (
                Code::DnsRegion,
                r#"dns.query_logs["eu-queries"].associations[0]"#,
                &[
                    r#"query logging configuration "eu-queries" (us-east-1) is associated with VPC "app-euw1" in eu-west-1"#,
                ],
            ),
            (
                Code::DnsRegion,
                r#"dns.profiles["p"].associations[0]"#,
                &[
                    r#"profile "p" (network, us-east-1) is associated with VPC "app-euw1" in eu-west-1"#,
                ],
            ),
        ],
    );
    let help = diagnostics(&net).into_iter().next().unwrap().help.unwrap();
    assert!(help.contains("declare a copy in eu-west-1"), "{help}");
}

// ---- NF0805: rule shapes ----

#[test]
fn forward_rules_without_endpoint_or_targets_are_nf0805() {
    let mut orphan = bare_rule("orphan", "orphan.example.com", ResolverRuleType::Forward);
    orphan.targets.push(TargetIp {
        ip: "192.168.10.10".into(),
        port: 53,
    });
    let net = with(|d| {
        d.rule(orphan)
            .forward("empty", "empty.example.com", "out", |r| r)
            .forward("inward", "inward.example.com", "in", |r| {
                r.target("192.168.10.10")
            })
    });
    assert_errors(
        &net,
        &[
            (
                Code::RuleShape,
                r#"dns.rules["orphan"].endpoint"#,
                &[
                    r#"resolver rule "orphan" forwards orphan.example.com but names no outbound endpoint"#,
                ],
            ),
            (
                Code::RuleShape,
                r#"dns.rules["empty"].targets"#,
                &[r#"resolver rule "empty" forwards empty.example.com but has no target"#],
            ),
            (
                Code::RuleShape,
                r#"dns.rules["inward"].endpoint"#,
                &[
                    r#"resolver rule "inward" forwards through endpoint "in", which is an inbound endpoint"#,
                ],
            ),
        ],
    );
}

#[test]
fn a_forward_rule_placed_apart_from_its_endpoint_is_nf0805() {
    let mut net = network();
    net.dns.rules[0].account = Some("prod".into());
    net.dns.rules[0].region = Some("eu-west-1".into());
    assert_errors(
        &net,
        &[
            (
                Code::RuleShape,
                r#"dns.rules["corp"].account"#,
                &[
                    r#"resolver rule "corp" names account prod, but its endpoint "out" is in VPC "dns" of account network"#,
                ],
            ),
            (
                Code::RuleShape,
                r#"dns.rules["corp"].region"#,
                &[
                    r#"names region eu-west-1, but its endpoint "out" is in VPC "dns" of region us-east-1"#,
                ],
            ),
        ],
    );
}

#[test]
fn system_and_recursive_rules_that_do_not_fit_are_nf0805() {
    let mut system = bare_rule("sys", "dev.corp.example.com", ResolverRuleType::System);
    system.endpoint = Some("out".into());
    system.targets.push(TargetIp {
        ip: "192.168.10.10".into(),
        port: 53,
    });
    let mut recursive = bare_rule("internet", "example.org", ResolverRuleType::Recursive);
    recursive.account = Some("network".into());
    recursive.region = Some("us-east-1".into());
    let net = with(|d| d.rule(system).rule(recursive));
    assert_errors(
        &net,
        &[
            (
                Code::RuleShape,
                r#"dns.rules["sys"].targets"#,
                &[r#"SYSTEM resolver rule "sys" has targets"#],
            ),
            (
                Code::RuleShape,
                r#"dns.rules["sys"].endpoint"#,
                &[r#"SYSTEM resolver rule "sys" names endpoint "out""#],
            ),
            (
                Code::RuleShape,
                r#"dns.rules["sys"].account"#,
                &[r#"SYSTEM resolver rule "sys" has no account"#],
            ),
            (
                Code::RuleShape,
                r#"dns.rules["sys"].region"#,
                &[r#"SYSTEM resolver rule "sys" has no region"#],
            ),
            (
                Code::RuleShape,
                r#"dns.rules["internet"].rule_type"#,
                &[r#"resolver rule "internet" is RECURSIVE, a type only Resolver itself creates"#],
            ),
        ],
    );
}

// ---- NF0616, NF0302, NF0303: principals, accounts and regions ----

#[test]
fn dns_principals_accounts_and_regions_are_checked() {
    let net = with(|d| {
        d.system("sys", "dev.corp.example.com", "nope", "mars-1", |r| {
            r.share_with("everyone")
        })
        .domain_list("eu", "prod", "eu-west-9", ["x.example.com"])
    });
    assert_errors(
        &net,
        &[
            (
                Code::UnknownAccount,
                r#"dns.rules["sys"].account"#,
                &[
                    r#"resolver rule "sys" names account "nope", which the network does not declare"#,
                ],
            ),
            (
                Code::UnknownRegion,
                r#"dns.rules["sys"].region"#,
                &[r#"resolver rule "sys" is in "mars-1""#],
            ),
            (
                Code::RamPrincipal,
                r#"dns.rules["sys"].share_with[0]"#,
                &[r#"resolver rule "sys" is shared with "everyone""#],
            ),
            (
                Code::UnknownRegion,
                r#"dns.domain_lists["eu"].region"#,
                &[r#"domain list "eu" is in "eu-west-9""#],
            ),
        ],
    );
}

// ---- NF0806: forward conflicts ----

#[test]
fn two_rules_for_one_domain_on_a_vpc_are_nf0806() {
    // Directly associated: AWS refuses the second association, whatever the targets.
    let net = with(|d| {
        d.forward("corp2", "Corp.Example.com.", "out", |r| {
            r.target("192.168.10.10")
                .associate("app")
                .share_with("prod")
        })
    });
    assert_errors(
        &net,
        &[(
            Code::ForwardConflict,
            r#"dns.rules["corp2"].associations[0]"#,
            &[
                r#"resolver rules "corp" and "corp2" both match Corp.Example.com. and are both associated with VPC "app""#,
            ],
        )],
    );
}

#[test]
fn a_profile_rule_with_other_targets_for_a_vpc_domain_is_nf0806() {
    let conflicting = |targets: &'static [(&'static str, u32)]| {
        with(move |d| {
            d.forward("corp-dr", "corp.example.com", "out", |r| {
                targets
                    .iter()
                    .fold(r, |r, (ip, port)| r.target_port(*ip, *port))
            })
            .profile("p", "network", "us-east-1", |p| {
                p.rule("corp-dr").associate("app").share_with("prod")
            })
        })
    };
    assert_errors(
        &conflicting(&[("192.168.20.20", 53)]),
        &[(
            Code::ForwardConflict,
            r#"dns.profiles["p"].associations[0]"#,
            &[
                r#"VPC "app" gets corp.example.com from resolver rules "corp" (192.168.10.10:53, 192.168.10.11:5353) and "corp-dr" (192.168.20.20:53, through profile "p")"#,
                "different targets",
            ],
        )],
    );
    // The same targets through a Profile: the VPC's own rule wins, and nothing changes.
    assert_clean(&conflicting(&[
        ("192.168.10.11", 5353),
        ("192.168.10.10", 53),
    ]));
}

// ---- NF0807: zones hidden by forward rules ----

#[test]
fn a_forward_rule_over_a_zone_in_its_vpcs_is_nf0807() {
    let net = with(|d| {
        d.forward("cloud-fwd", "aws.example.com", "out", |r| {
            r.target("192.168.10.10").associate("dns")
        })
        .forward("api-fwd", "API.aws.example.com", "out", |r| {
            r.target("192.168.10.10").associate("dns")
        })
        // A SYSTEM rule resolves with the VPC's resolver, which answers from the zone, and a
        // rule for a parent domain is less specific than the zone.
        .system("sys", "dev.aws.example.com", "network", "us-east-1", |r| {
            r.associate("dns")
        })
        .forward("parent", "example.com", "out", |r| {
            r.target("192.168.10.10").associate("dns")
        })
    });
    assert_diags(
        &net,
        &[
            (
                W,
                Code::ZoneShadowed,
                r#"dns.hosted_zones["cloud"]"#,
                &[
                    r#"private hosted zone "cloud" (aws.example.com) is hidden in VPC "dns" by resolver rule "cloud-fwd", which forwards aws.example.com to 192.168.10.10:53"#,
                ],
            ),
            (
                W,
                Code::ZoneShadowed,
                r#"dns.hosted_zones["cloud"]"#,
                &[
                    r#"is partly hidden (part of it: API.aws.example.com) in VPC "dns" by resolver rule "api-fwd""#,
                ],
            ),
        ],
    );
}

#[test]
fn a_zone_and_a_rule_from_a_profile_are_nf0807() {
    let net = with(|d| {
        d.forward("cloud-fwd", "aws.example.com", "out", |r| {
            r.target("192.168.10.10")
        })
        .profile("p", "network", "us-east-1", |p| {
            p.rule("cloud-fwd")
                .hosted_zone("cloud")
                .associate("app")
                .share_with("prod")
        })
    });
    assert_diags(
        &net,
        &[(
            W,
            Code::ZoneShadowed,
            r#"dns.hosted_zones["cloud"]"#,
            &[r#"is hidden in VPC "app" by resolver rule "cloud-fwd""#],
        )],
    );
}

// ---- NF0808: shared but not associated ----

#[test]
fn a_vpc_receiving_a_rule_without_an_association_is_nf0808() {
    let net = vpcs()
        .vpc(spoke("web", "prod", "us-east-1", "10.2.0.0/16"))
        // Another region does not receive a us-east-1 rule.
        .vpc(spoke("app-euw1", "prod", "eu-west-1", "10.3.0.0/16"))
        .dns(valid_dns)
        .build();
    assert_errors(
        &net,
        &[(
            Code::ShareWithoutAssociation,
            r#"dns.rules["corp"].associations"#,
            &[
                r#"VPC "web" of account prod receives resolver rule "corp" through RAM but is not associated with it"#,
            ],
        )],
    );
    let help = diagnostics(&net).into_iter().next().unwrap().help.unwrap();
    assert!(
        help.contains("landing-zone-accelerator-on-aws#108"),
        "{help}"
    );

    // A Profile carrying the rule associates it.
    let net = vpcs()
        .vpc(spoke("web", "prod", "us-east-1", "10.2.0.0/16"))
        .dns(valid_dns)
        .dns(|d| {
            d.profile("p", "network", "us-east-1", |p| {
                p.rule("corp").associate("web").share_with("prod")
            })
        })
        .build();
    assert_clean(&net);
}

#[test]
fn an_organization_share_reaches_every_account_nf0808() {
    let mut net = vpcs()
        .account("dev", "333333333333")
        .vpc(spoke("dev-app", "dev", "us-east-1", "10.4.0.0/16"))
        .dns(valid_dns)
        .build();
    net.dns.rules[0].share_with =
        vec!["arn:aws:organizations::111111111111:organization/o-abcd1234ef".into()];
    assert_errors(
        &net,
        &[(
            Code::ShareWithoutAssociation,
            r#"dns.rules["corp"].associations"#,
            &[r#"VPC "dev-app" of account dev receives resolver rule "corp""#],
        )],
    );
}

// ---- NF0809: DNS Firewall priorities ----

#[test]
fn firewall_priorities_that_repeat_or_are_out_of_range_are_nf0809() {
    let net = with(|d| {
        d.firewall_rule_group("more", "network", "us-east-1", |g| {
            g.rule("a", 100, "bad", DnsFirewallAction::Alert)
                .rule("b", 100, "bad", DnsFirewallAction::Allow)
                .associate("app", 101)
                .associate("dns", 50)
                .share_with("prod")
        })
        .profile("p", "network", "us-east-1", |p| {
            p.firewall_rule_group("block", 200)
                .firewall_rule_group("more", 200)
                .firewall_rule_group("block", 9901)
        })
    });
    assert_errors(
        &net,
        &[
            (
                Code::DnsFirewallPriority,
                r#"dns.firewall_rule_groups["more"].rules["b"].priority"#,
                &[
                    r#"rules "a" and "b" of DNS Firewall rule group "more" have the same priority 100"#,
                ],
            ),
            (
                Code::DnsFirewallPriority,
                r#"dns.firewall_rule_groups["more"].associations[0].priority"#,
                &[
                    r#"DNS Firewall rule groups "block" and "more" are both associated with VPC "app" at priority 101"#,
                ],
            ),
            (
                Code::DnsFirewallPriority,
                r#"dns.firewall_rule_groups["more"].associations[1].priority"#,
                &[
                    r#"DNS Firewall rule group "more" is associated with VPC "dns" at priority 50, outside the 100 to 9900 AWS allows"#,
                ],
            ),
            (
                Code::DnsFirewallPriority,
                r#"dns.profiles["p"].firewall_rule_groups[1].priority"#,
                &[
                    r#"profile "p" carries DNS Firewall rule groups "block" and "more" at the same priority 200"#,
                ],
            ),
            (
                Code::DnsPlacement,
                r#"dns.profiles["p"].firewall_rule_groups[2]"#,
                &[r#"profile "p" lists DNS Firewall rule group "block" twice"#],
            ),
        ],
    );

    let net = with(|d| {
        d.profile("p", "network", "us-east-1", |p| {
            p.firewall_rule_group("block", 99)
        })
    });
    assert_errors(
        &net,
        &[(
            Code::DnsFirewallPriority,
            r#"dns.profiles["p"].firewall_rule_groups[0].priority"#,
            &[
                r#"profile "p" carries DNS Firewall rule group "block" at priority 99, outside the 100 to 9900"#,
            ],
        )],
    );
}

// ---- NF0810: unknown references ----

#[test]
fn unknown_dns_references_are_nf0810() {
    let net = with(|d| {
        d.inbound_endpoint("lost", "nowhere", "inbound", |e| {
            e.allow_from("192.168.0.0/16")
        })
        .inbound_endpoint("misplaced", "app", "inbound", |e| {
            e.allow_from("192.168.0.0/16")
        })
        .forward("stray", "stray.example.com", "gone", |r| {
            r.target("192.168.10.10").associate("ghost")
        })
        .hosted_zone("z", "z.example.com", "network", |z| z.vpc("ghost"))
        .firewall_rule_group("fw", "network", "us-east-1", |g| {
            g.rule("r", 100, "missing", DnsFirewallAction::Alert)
                .associate("ghost", 300)
        })
        .query_log(
            "q",
            "network",
            "us-east-1",
            s3("arn:aws:s3:::acme-dns-logs"),
            |q| q.associate("ghost"),
        )
        .profile("p", "network", "us-east-1", |p| {
            p.rule("nope")
                .hosted_zone("nope")
                .firewall_rule_group("nope", 100)
                .query_log("nope")
                .associate("ghost")
        })
    });
    let declared_vpcs = "declared: dns, app";
    assert_errors(
        &net,
        &[
            (
                Code::UnknownDnsReference,
                r#"dns.endpoints["lost"].vpc"#,
                &[
                    r#"resolver endpoint "lost" names VPC "nowhere", which the network does not declare"#,
                ],
            ),
            (
                Code::UnknownDnsReference,
                r#"dns.endpoints["misplaced"].subnet_group"#,
                &[
                    r#"resolver endpoint "misplaced" names subnet group "inbound", which VPC "app" does not have"#,
                ],
            ),
            (
                Code::UnknownDnsReference,
                r#"dns.rules["stray"].endpoint"#,
                &[r#"resolver rule "stray" names endpoint "gone""#],
            ),
            (
                Code::UnknownDnsReference,
                r#"dns.rules["stray"].associations[0]"#,
                &[r#"resolver rule "stray" names VPC "ghost""#],
            ),
            (
                Code::UnknownDnsReference,
                r#"dns.hosted_zones["z"].vpcs[0]"#,
                &[r#"private hosted zone "z" names VPC "ghost""#],
            ),
            (
                Code::UnknownDnsReference,
                r#"dns.firewall_rule_groups["fw"].rules["r"].domain_list"#,
                &[r#"rule "r" of DNS Firewall rule group "fw" names domain list "missing""#],
            ),
            (
                Code::UnknownDnsReference,
                r#"dns.firewall_rule_groups["fw"].associations[0]"#,
                &[r#"DNS Firewall rule group "fw" names VPC "ghost""#],
            ),
            (
                Code::UnknownDnsReference,
                r#"dns.query_logs["q"].associations[0]"#,
                &[r#"query logging configuration "q" names VPC "ghost""#],
            ),
            (
                Code::UnknownDnsReference,
                r#"dns.profiles["p"].rules[0]"#,
                &[r#"profile "p" names resolver rule "nope""#],
            ),
            (
                Code::UnknownDnsReference,
                r#"dns.profiles["p"].hosted_zones[0]"#,
                &[r#"profile "p" names hosted zone "nope""#],
            ),
            (
                Code::UnknownDnsReference,
                r#"dns.profiles["p"].firewall_rule_groups[0].group"#,
                &[r#"profile "p" names DNS Firewall rule group "nope""#],
            ),
            (
                Code::UnknownDnsReference,
                r#"dns.profiles["p"].query_logs[0]"#,
                &[r#"profile "p" names query logging configuration "nope""#],
            ),
            (
                Code::UnknownDnsReference,
                r#"dns.profiles["p"].associations[0]"#,
                &[r#"profile "p" names VPC "ghost""#],
            ),
        ],
    );
    let help = diagnostics(&net)
        .into_iter()
        .find(|d| d.path.to_string() == r#"dns.endpoints["lost"].vpc"#)
        .unwrap()
        .help
        .unwrap();
    assert_eq!(help, declared_vpcs);
}

// ---- NF0811: placement ----

#[test]
fn elements_used_outside_their_account_or_region_are_nf0811() {
    let net = with(|d| {
        d.system(
            "eu-sys",
            "eu.corp.example.com",
            "network",
            "eu-west-1",
            |r| r,
        )
        .domain_list("prod-list", "prod", "us-east-1", ["x.example.com"])
        .firewall_rule_group("uses-prod-list", "network", "us-east-1", |g| {
            g.rule("r", 100, "prod-list", DnsFirewallAction::Alert)
        })
        .profile("p", "network", "us-east-1", |p| p.rule("eu-sys"))
    });
    assert_errors(
        &net,
        &[
            (
                Code::DnsPlacement,
                r#"dns.profiles["p"].rules[0]"#,
                &[
                    r#"profile "p" (network, us-east-1) carries resolver rule "eu-sys" of account network in eu-west-1"#,
                ],
            ),
            (
                Code::DnsPlacement,
                r#"dns.firewall_rule_groups["uses-prod-list"].rules["r"].domain_list"#,
                &[
                    r#"rule "r" of DNS Firewall rule group "uses-prod-list" (network, us-east-1) uses domain list "prod-list" of account prod in us-east-1"#,
                ],
            ),
        ],
    );
}

#[test]
fn an_endpoint_in_transit_subnets_is_nf0811() {
    let net = Network::builder("acme")
        .network_account("network", "111111111111")
        .vpc(
            Vpc::builder("hub", "network", "us-east-1")
                .cidr("10.0.0.0/24")
                .azs(["us-east-1a", "us-east-1b"])
                .subnets("transit", Tier::Transit, 28),
        )
        .dns(|d| d.outbound_endpoint("out", "hub", "transit", |e| e))
        .build();
    assert_errors(
        &net,
        &[(
            Code::DnsPlacement,
            r#"dns.endpoints["out"].subnet_group"#,
            &[
                r#"resolver endpoint "out" is in subnet group "transit" of VPC "hub", whose tier is transit"#,
            ],
        )],
    );
}

#[test]
fn a_vpc_with_two_profiles_or_two_same_associations_is_nf0811() {
    let mut net = with(|d| {
        d.profile("p1", "network", "us-east-1", |p| {
            p.associate("app").share_with("prod")
        })
        .profile("p2", "network", "us-east-1", |p| {
            p.associate("app").share_with("prod")
        })
    });
    net.dns.rules[0].associations.push("app".into());
    net.dns.hosted_zones[0].vpcs.push("dns".into());
    assert_errors(
        &net,
        &[
            (
                Code::DnsPlacement,
                r#"dns.profiles["p2"].associations[0]"#,
                &[
                    r#"VPC "app" is associated with profiles "p1" and "p2"; a VPC takes one Profile"#,
                ],
            ),
            (
                Code::DnsPlacement,
                r#"dns.rules["corp"].associations[1]"#,
                &[r#"resolver rule "corp" is associated twice with VPC "app""#],
            ),
            (
                Code::DnsPlacement,
                r#"dns.hosted_zones["cloud"].vpcs[1]"#,
                &[r#"private hosted zone "cloud" is associated twice with VPC "dns""#],
            ),
        ],
    );
}

#[test]
fn associations_in_accounts_the_element_is_not_shared_with_are_nf0811() {
    let mut net = network();
    net.dns.firewall_rule_groups[0].share_with.clear();
    net.dns.query_logs[0].share_with.clear();
    assert_errors(
        &net,
        &[
            (
                Code::DnsPlacement,
                r#"dns.firewall_rule_groups["block"].associations[0]"#,
                &[
                    r#"VPC "app" of account prod is associated with DNS Firewall rule group "block" of account network, which is not shared with prod"#,
                ],
            ),
            (
                Code::DnsPlacement,
                r#"dns.query_logs["queries"].associations[0]"#,
                &[
                    r#"VPC "app" of account prod is associated with query logging configuration "queries" of account network"#,
                ],
            ),
        ],
    );
}

#[test]
fn a_zone_with_no_vpc_is_nf0811() {
    let mut net = network();
    net.dns.hosted_zones[0].vpcs.clear();
    assert_errors(
        &net,
        &[(
            Code::DnsPlacement,
            r#"dns.hosted_zones["cloud"].vpcs"#,
            &[r#"private hosted zone "cloud" (aws.example.com) is associated with no VPC"#],
        )],
    );
}

// ---- NF0812: query log destinations ----

#[test]
fn malformed_query_log_destinations_are_nf0812() {
    let destinations = [
        (
            s3("arn:aws:s3:::Acme_Logs"),
            r#"dns.query_logs["queries"].destination.s3.bucket_arn"#,
            r#"the destination "arn:aws:s3:::Acme_Logs" of query logging configuration "queries" is not an S3 bucket ARN"#,
        ),
        (
            QueryLogDestination::CloudWatch {
                log_group_arn: "arn:aws:logs:us-east-1:1111:log-group:dns".into(),
            },
            r#"dns.query_logs["queries"].destination.cloud_watch.log_group_arn"#,
            "is not a log group ARN",
        ),
        (
            QueryLogDestination::Firehose {
                stream_arn: "arn:aws:kinesis:us-east-1:111111111111:stream/dns".into(),
            },
            r#"dns.query_logs["queries"].destination.firehose.stream_arn"#,
            "is not a Firehose stream ARN",
        ),
        (
            s3("arn:aws-cn:s3:::acme-dns-logs"),
            r#"dns.query_logs["queries"].destination.s3.bucket_arn"#,
            "is not in the aws partition, where region us-east-1 is",
        ),
    ];
    for (destination, path, message) in destinations {
        let mut net = network();
        net.dns.query_logs[0].destination = destination;
        assert_errors(&net, &[(Code::QueryLogDestination, path, &[message])]);
    }
}

// ---- NF0813: records ----

#[test]
fn invalid_records_are_nf0813() {
    let net = with(|d| {
        d.hosted_zone("z", "z.example.com", "network", |z| {
            z.vpc("dns")
                .record("api", RecordType::A, ["10.0.0.300"])
                .record("v6", RecordType::Aaaa, ["10.0.0.10"])
                .record("@", RecordType::Cname, ["z2.example.com"])
                .record("two", RecordType::Cname, ["a.example.com", "b.example.com"])
                .record("API", RecordType::A, ["10.0.0.11"])
                .record("api", RecordType::Cname, ["x.example.com"])
                .record("bad name", RecordType::Txt, ["hello"])
                .record("mail", RecordType::Mx, ["mail.example.com"])
        })
    });
    let mut net = net;
    net.dns.hosted_zones[1].records[0].ttl = 3_000_000_000;
    let zone = r#"dns.hosted_zones["z"].records"#;
    assert_errors(
        &net,
        &[
            (
                Code::DnsRecord,
                &format!("{zone}[0].values[0]"),
                &[
                    r#"A record "api" of private hosted zone "z" has value "10.0.0.300", which is not an IPv4 address"#,
                ],
            ),
            (
                Code::DnsRecord,
                &format!("{zone}[0].ttl"),
                &[
                    r#"A record "api" of private hosted zone "z" has TTL 3000000000, more than the 2147483647"#,
                ],
            ),
            (
                Code::DnsRecord,
                &format!("{zone}[1].values[0]"),
                &[r#"AAAA record "v6""#, "which is not an IPv6 address"],
            ),
            (
                Code::DnsRecord,
                &format!("{zone}[2].name"),
                &[
                    r#"CNAME record "@" of private hosted zone "z" is at the zone apex (z.example.com)"#,
                ],
            ),
            (
                Code::DnsRecord,
                &format!("{zone}[3].values"),
                &[
                    r#"CNAME record "two" of private hosted zone "z" has 2 values; a CNAME has exactly one"#,
                ],
            ),
            (
                Code::DnsRecord,
                &format!("{zone}[4]"),
                &[r#"private hosted zone "z" has two A record sets named "API" (records 0 and 4)"#],
            ),
            (
                Code::DnsRecord,
                &format!("{zone}[5]"),
                &[
                    r#"private hosted zone "z" has a CNAME record named "api" beside A records of the same name"#,
                ],
            ),
            (
                Code::DnsRecord,
                &format!("{zone}[6].name"),
                &[
                    r#"TXT record "bad name" of private hosted zone "z": the name has the character ' '"#,
                ],
            ),
            (
                Code::DnsRecord,
                &format!("{zone}[7].values[0]"),
                &[
                    r#"MX record "mail""#,
                    "which is not a preference and a host",
                ],
            ),
        ],
    );
}

#[test]
fn a_block_override_ttl_over_a_week_is_nf0813() {
    let net = with(|d| {
        d.firewall_rule_group("redirect", "network", "us-east-1", |g| {
            g.rule(
                "r",
                100,
                "bad",
                DnsFirewallAction::Block(BlockResponse::Override {
                    domain: "blocked.example.com".into(),
                    ttl: 604_801,
                }),
            )
        })
    });
    assert_errors(
        &net,
        &[(
            Code::DnsRecord,
            r#"dns.firewall_rule_groups["redirect"].rules["r"].action.block.override.ttl"#,
            &[
                r#"the block override of rule "r" of DNS Firewall rule group "redirect" has TTL 604801, more than the 604800 (a week)"#,
            ],
        )],
    );
}

// ---- NF0814: quotas ----

#[test]
fn six_rule_groups_on_a_vpc_is_nf0814() {
    let net = with(|d| {
        (1..=5).fold(d, |d, i| {
            d.firewall_rule_group(format!("g{i}"), "network", "us-east-1", move |g| {
                g.associate("app", 200 + i).share_with("prod")
            })
        })
    });
    assert_errors(
        &net,
        &[(
            Code::DnsQuota,
            r#"dns.firewall_rule_groups["g5"].associations[0]"#,
            &[
                r#"VPC "app" is associated with 6 DNS Firewall rule groups; the Route 53 quota "Number of rule groups associated to a VPC for a single account per AWS Region" is 5"#,
            ],
        )],
    );
}

#[test]
fn five_endpoints_in_a_region_is_an_nf0814_warning() {
    let net = with(|d| {
        (1..=3).fold(d, |d, i| {
            d.outbound_endpoint(format!("out{i}"), "dns", "outbound", |e| e)
        })
    });
    let valid = net.validate().expect("an adjustable quota only warns");
    let warnings: Vec<String> = valid.warnings().iter().map(|d| d.to_string()).collect();
    assert_diags(
        &net,
        &[(
            W,
            Code::DnsQuota,
            r#"dns.endpoints["out3"]"#,
            &[
                r#"account network has 5 Resolver endpoints in us-east-1; the Route 53 quota "Endpoints per AWS Region" is 4"#,
            ],
        )],
    );
    assert!(warnings[0].contains("Service Quotas"), "{warnings:?}");
}

// ---- NF0815: endpoint access ----

#[test]
fn allowed_ranges_that_are_not_cidrs_or_everything_are_nf0815() {
    let mut net = network();
    net.dns.endpoints[0].allow_from = vec![
        "10.0.0.0/33".into(),
        "192.168.0.1/16".into(),
        "0.0.0.0/0".into(),
    ];
    assert_errors(
        &net,
        &[
            (
                Code::EndpointAccess,
                r#"dns.endpoints["in"].allow_from[0]"#,
                &[
                    r#"resolver endpoint "in" allows queries from "10.0.0.0/33", which is not an IPv4 CIDR"#,
                ],
            ),
            (
                Code::EndpointAccess,
                r#"dns.endpoints["in"].allow_from[1]"#,
                &[r#"allows queries from "192.168.0.1/16", which has host bits set after the /16"#],
            ),
            (
                Code::EndpointAccess,
                r#"dns.endpoints["in"].allow_from[2]"#,
                &[r#"allows queries from "0.0.0.0/0", every address"#],
            ),
        ],
    );
}

#[test]
fn an_inbound_endpoint_open_to_nobody_is_an_nf0815_warning() {
    let mut net = network();
    net.dns.endpoints[0].allow_from.clear();
    assert_diags(
        &net,
        &[(
            W,
            Code::EndpointAccess,
            r#"dns.endpoints["in"].allow_from"#,
            &[r#"inbound resolver endpoint "in" allows queries from nowhere"#],
        )],
    );
}

#[test]
fn protocols_aws_refuses_are_nf0815() {
    let cases: [(usize, Vec<DnsProtocol>, &str); 4] = [
        (0, vec![], r#"resolver endpoint "in" has no protocol"#),
        (
            0,
            vec![DnsProtocol::DoH, DnsProtocol::DohFips],
            r#"inbound resolver endpoint "in" speaks DoH, DoH-FIPS, a combination AWS refuses"#,
        ),
        (
            1,
            vec![DnsProtocol::Do53, DnsProtocol::DohFips],
            r#"outbound resolver endpoint "out" speaks DoH-FIPS, which only inbound endpoints offer"#,
        ),
        (
            1,
            vec![DnsProtocol::DoH, DnsProtocol::DoH],
            r#"resolver endpoint "out" lists protocol DoH twice"#,
        ),
    ];
    for (endpoint, protocols, message) in cases {
        let mut net = network();
        net.dns.endpoints[endpoint].protocols = protocols;
        let name = &net.dns.endpoints[endpoint].name;
        let path = format!(r#"dns.endpoints["{name}"].protocols"#);
        assert_errors(&net, &[(Code::EndpointAccess, &path, &[message])]);
    }
}

// ---- names ----

#[test]
fn dns_names_are_checked_like_other_names() {
    let mut net = with(|d| {
        d.forward("corp", "corp2.example.com", "out", |r| {
            r.target("192.168.10.10")
        })
        .domain_list("2bad", "network", "us-east-1", ["x.example.com"])
    });
    let copy = net.dns.firewall_rule_groups[0].rules[0].clone();
    net.dns.firewall_rule_groups[0].rules.push(copy);
    net.dns.firewall_rule_groups[0].rules[1].priority = 200;
    assert_errors(
        &net,
        &[
            (
                Code::NameDuplicate,
                r#"dns.rules["corp"]"#,
                &[r#"resolver rule name "corp" is used twice"#],
            ),
            (
                Code::NameSyntax,
                r#"dns.domain_lists["2bad"].name"#,
                &[r#"domain list name "2bad" starts with '2'"#],
            ),
            (
                Code::NameDuplicate,
                r#"dns.firewall_rule_groups["block"].rules["bad"]"#,
                &[r#"DNS Firewall rule name "bad" is used twice"#],
            ),
        ],
    );
}

// ---- all at once ----

#[test]
fn many_dns_mistakes_are_reported_at_once() {
    let mut net = vpcs()
        .vpc(spoke("web", "prod", "us-east-1", "10.2.0.0/16"))
        .dns(valid_dns)
        .build();
    net.dns.endpoints[0].ips[1] = "10.0.0.99".into();
    net.dns.rules[0].targets[0].ip = "127.0.0.1".into();
    net.dns.hosted_zones[0].records[0].values[0] = "ten".into();
    net.dns.firewall_rule_groups[0].associations[0].priority = 10_000;
    net.dns.query_logs[0].destination = s3("dns-logs");
    let diags = diagnostics(&net);
    let codes: Vec<Code> = diags.iter().map(|d| d.code).collect();
    for code in [
        Code::EndpointIps,
        Code::TargetIp,
        Code::DnsRecord,
        Code::DnsFirewallPriority,
        Code::QueryLogDestination,
        Code::ShareWithoutAssociation,
    ] {
        assert!(codes.contains(&code), "{code} missing from:\n{diags}");
    }
    assert_eq!(diags.error_count(), 6, "{diags}");
}

/// A zone whose VPCs all belong to other accounts cannot be created private: Route 53 needs a
/// VPC of the zone's account at creation, and the others join through an authorization.
#[test]
fn a_zone_with_only_other_accounts_vpcs_is_refused() {
    let net = with(|d| {
        valid_dns(d).hosted_zone("foreign", "app.example.com", "network", |z| z.vpc("app"))
    });
    assert_has(
        &net,
        Severity::Error,
        Code::DnsPlacement,
        r#"dns.hosted_zones["foreign"].vpcs"#,
        &["\"foreign\"", "app.example.com", "network"],
    );
}

/// Two records whose names differ only in what resource ids drop would become one resource.
#[test]
fn records_whose_ids_collide_are_refused() {
    let net = with(|d| {
        valid_dns(d).hosted_zone("close", "example.com", "network", |z| {
            z.vpc("dns")
                .record("api.v2", RecordType::A, ["10.0.0.1"])
                .record("api-v2", RecordType::A, ["10.0.0.2"])
        })
    });
    assert_has(
        &net,
        Severity::Error,
        Code::DnsRecord,
        r#"dns.hosted_zones["close"].records[1].name"#,
        &["\"api.v2\"", "\"api-v2\"", "ApiV2"],
    );
}
