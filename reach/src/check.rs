//! `netform check`: every intent over every (source, destination) pair it names, with the
//! first counterexample of each intent that fails.
//!
//! Cost: the pairs are sources x destinations (N² for spoke-to-spoke intents), and each pair
//! costs one lookup in the source's route table plus one memo probe: the journey from a hub
//! route table onwards depends only on (table, AZ, destination), so it is walked once per
//! destination and reused by every source behind that table.

use crate::fabric::{Fabric, Ix};
use crate::path::{Expect, Path, Source, Target};
use crate::trace::{self, Event, Memo, Start, Walk};
use netform_dsl::{Intent, Site, Waypoint};
use serde::Serialize;
use std::fmt;

/// The outcome of every intent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// One result per intent, in declaration order.
    pub intents: Vec<IntentResult>,
}

impl Report {
    /// Whether every intent holds.
    pub fn holds(&self) -> bool {
        self.intents.iter().all(|i| i.holds)
    }
}

/// The outcome of one intent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IntentResult {
    /// The intent's name.
    pub name: String,
    /// How many (source, destination) pairs were checked.
    pub pairs: u64,
    /// How many of them refute it.
    pub failures: u64,
    /// Whether it holds.
    pub holds: bool,
    /// The first refuting pair, with its path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counterexample: Option<Counterexample>,
}

/// A pair that refutes an intent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Counterexample {
    /// Why it refutes the intent.
    pub reason: String,
    /// The path there.
    pub path: Path,
    /// The path back, when the return is what fails.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub return_path: Option<Path>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for result in &self.intents {
            let verdict = if result.holds { "ok  " } else { "FAIL" };
            if result.pairs == 0 {
                writeln!(
                    f,
                    "ok   {} (0 pairs: its sources and destinations name nothing in this network)",
                    result.name
                )?;
                continue;
            }
            writeln!(
                f,
                "{verdict} {} ({} pairs{})",
                result.name,
                result.pairs,
                if result.failures > 0 {
                    format!(", {} refute it", result.failures)
                } else {
                    String::new()
                }
            )?;
            if let Some(c) = &result.counterexample {
                writeln!(f, "     counterexample: {}", c.reason)?;
                for line in c.path.to_string().lines() {
                    writeln!(f, "     {line}")?;
                }
                if let Some(back) = &c.return_path {
                    writeln!(f, "     and back:")?;
                    for line in back.to_string().lines() {
                        writeln!(f, "     {line}")?;
                    }
                }
            }
        }
        Ok(())
    }
}

/// A source or destination with its name.
struct Named<T> {
    name: String,
    vpc: Option<Ix>,
    item: T,
}

impl<'g> Fabric<'g> {
    /// Checks every intent.
    pub(crate) fn check(&self, intents: &[Intent]) -> Report {
        let mut memo = Memo::default();
        Report {
            intents: intents
                .iter()
                .map(|intent| self.check_one(intent, &mut memo))
                .collect(),
        }
    }

    fn check_one(&self, intent: &Intent, memo: &mut Memo) -> IntentResult {
        let sources = self.site_sources(&intent.from);
        let targets = self.site_targets(&intent.to);
        let mut result = IntentResult {
            name: intent.name.clone(),
            pairs: 0,
            failures: 0,
            holds: true,
            counterexample: None,
        };
        // Scratch records, reused by every pair: checking allocates nothing per pair.
        let mut events = Walk::default();
        let mut back = Walk::default();
        for source in &sources {
            for target in &targets {
                if source.vpc.is_some() && source.vpc == target.vpc {
                    continue;
                }
                result.pairs += 1;
                events.events.clear();
                let end = trace::walk(
                    self,
                    source.item.start,
                    target.item.address,
                    &mut events,
                    Some(memo),
                );
                let arrived = self.arrived(end, &target.item);
                let failure = self.judge(
                    intent,
                    (arrived, &events.events),
                    (source, target),
                    memo,
                    &mut back,
                );
                if let Some((reason, back)) = failure {
                    result.failures += 1;
                    if result.counterexample.is_none() {
                        let path =
                            self.trace((&source.name, &source.item), (&target.name, &target.item));
                        let return_path = back.then(|| self.return_path(source, target)).flatten();
                        result.counterexample = Some(Counterexample {
                            reason,
                            path,
                            return_path,
                        });
                    }
                }
            }
        }
        result.holds = result.failures == 0;
        result
    }

    /// Why a pair refutes the intent (and whether the return path is the reason), if it does.
    fn judge(
        &self,
        intent: &Intent,
        (arrived, events): (bool, &[Event]),
        (source, target): (&Named<Source>, &Named<Target>),
        memo: &mut Memo,
        back: &mut Walk,
    ) -> Option<(String, bool)> {
        if intent.denied {
            return arrived.then(|| {
                (
                    format!(
                        "{} reaches {}, and must be denied",
                        source.name, target.name
                    ),
                    false,
                )
            });
        }
        if !arrived {
            return (!intent.or_denied).then(|| {
                (
                    format!("{} does not reach {}", source.name, target.name),
                    false,
                )
            });
        }
        if !passes(events, &intent.through) {
            let want: Vec<&str> = intent.through.iter().map(|w| waypoint_name(*w)).collect();
            return Some((
                format!(
                    "{} reaches {} without passing {}",
                    source.name,
                    target.name,
                    want.join(" then ")
                ),
                false,
            ));
        }
        // Return traffic must come back through the same inspection endpoints, or a stateful
        // inspection sees one direction of the flow only.
        let inspected = || {
            events.iter().filter_map(|e| match e {
                Event::Inspect { inspector, pinned } => Some((*inspector, *pinned)),
                Event::Nat(_) => None,
            })
        };
        inspected().next()?;
        let (Some(back_from), Some(address), Expect::Vpc(_)) = (
            target.vpc.and_then(|v| self.vpcs[v].workload),
            source.item.address,
            target.item.expect,
        ) else {
            return None;
        };
        let source_vpc = source.vpc?;
        back.events.clear();
        let end = trace::walk(self, Start::Subnet(back_from), address, back, Some(memo));
        let home = Target {
            address,
            expect: Expect::Vpc(source_vpc),
        };
        if !self.arrived(end, &home) {
            return Some((
                format!(
                    "{} reaches {}, and the reply is dropped",
                    source.name, target.name
                ),
                true,
            ));
        }
        let returned = |i: Ix| {
            back.events
                .iter()
                .any(|e| matches!(e, Event::Inspect { inspector, .. } if *inspector == i))
        };
        let missed = inspected().find(|(i, pinned)| !pinned && !returned(*i));
        missed.map(|(i, _)| {
            (
                format!(
                    "asymmetric: {} reaches {} through {}, and the reply does not come back through it (appliance mode is off on the attachment of the inspection VPC)",
                    source.name,
                    target.name,
                    crate::path::names(self.inspectors[i].id)
                ),
                true,
            )
        })
    }

    fn return_path(&self, source: &Named<Source>, target: &Named<Target>) -> Option<Path> {
        let from = target.vpc.and_then(|v| self.vpcs[v].workload)?;
        let address = source.item.address?;
        let back = Source {
            start: Start::Subnet(from),
            address: Some(crate::path::host(self, from)),
        };
        let home = Target {
            address,
            expect: source.vpc.map_or(Expect::Address, Expect::Vpc),
        };
        Some(self.trace((&target.name, &back), (&source.name, &home)))
    }

    /// The VPCs a site names.
    fn site_vpcs(&self, site: &Site) -> Vec<Ix> {
        let all = 0..self.vpcs.len();
        match site {
            Site::Vpc(name) => self.vpc(name).into_iter().collect(),
            Site::AllSpokes => all
                .filter(|&v| !self.vpcs[v].atts.is_empty() && !self.vpcs[v].inspection)
                .collect(),
            Site::Segment(name) => all
                .filter(|&v| {
                    self.vpcs[v].atts.iter().any(|a| {
                        self.joins
                            .get(a)
                            .is_some_and(|m| self.member_name(*m) == Some(name.as_str()))
                    })
                })
                .collect(),
            Site::RouteTable(full) => {
                let label = format!("route table {full}");
                all.filter(|&v| {
                    self.vpcs[v].atts.iter().any(|&a| {
                        self.atts[a]
                            .table
                            .is_some_and(|t| self.hub_tables[t].label == label)
                    })
                })
                .collect()
            }
            Site::Internet | Site::OnPremises => Vec::new(),
        }
    }

    fn site_sources(&self, site: &Site) -> Vec<Named<Source>> {
        match site {
            Site::OnPremises => self
                .sources(&crate::Endpoint::OnPremises)
                .unwrap_or_default()
                .into_iter()
                .map(|s| Named {
                    name: match s.start {
                        Start::Hub { att, .. } => {
                            format!("onprem ({})", crate::path::names(self.atts[att].id))
                        }
                        Start::Subnet(_) => "onprem".to_string(),
                    },
                    vpc: None,
                    item: s,
                })
                .collect(),
            Site::Internet => Vec::new(),
            _ => self
                .site_vpcs(site)
                .into_iter()
                .flat_map(|v| {
                    let vpc = &self.vpcs[v];
                    vpc.workloads.iter().map(move |&subnet| Named {
                        name: format!("vpc:{} in {}", vpc.name, self.subnets[subnet].az),
                        vpc: Some(v),
                        item: Source {
                            start: Start::Subnet(subnet),
                            address: Some(crate::path::host(self, subnet)),
                        },
                    })
                })
                .collect(),
        }
    }

    fn site_targets(&self, site: &Site) -> Vec<Named<Target>> {
        match site {
            Site::Internet => vec![Named {
                name: "internet".to_string(),
                vpc: None,
                item: Target {
                    address: crate::path::internet_address(self),
                    expect: Expect::Internet,
                },
            }],
            Site::OnPremises => self
                .onprem
                .iter()
                .map(|net| Named {
                    name: format!("onprem ({net})"),
                    vpc: None,
                    item: Target {
                        address: std::net::Ipv4Addr::from(
                            u32::from(net.network()).saturating_add(10),
                        ),
                        expect: Expect::OnPrem,
                    },
                })
                .collect(),
            _ => self
                .site_vpcs(site)
                .into_iter()
                .filter_map(|v| {
                    let subnet = self.vpcs[v].workload?;
                    Some(Named {
                        name: format!("vpc:{}", self.vpcs[v].name),
                        vpc: Some(v),
                        item: Target {
                            address: crate::path::host(self, subnet),
                            expect: Expect::Vpc(v),
                        },
                    })
                })
                .collect(),
        }
    }
}

/// Whether `events` pass `through` in order (other events may come between).
fn passes(events: &[Event], through: &[Waypoint]) -> bool {
    let mut want = through.iter().peekable();
    for event in events {
        let kind = match event {
            Event::Inspect { .. } => Waypoint::Inspection,
            Event::Nat(_) => Waypoint::NatGateway,
        };
        if want.peek() == Some(&&kind) {
            want.next();
        }
    }
    want.peek().is_none()
}

fn waypoint_name(w: Waypoint) -> &'static str {
    match w {
        Waypoint::Inspection => "inspection",
        Waypoint::NatGateway => "a NAT gateway",
    }
}
