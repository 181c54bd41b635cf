//! `netform path`: one packet's journey, hop by hop, as [`Hop`]s people and pipelines read,
//! and the ends of a path ([`Endpoint`]) as a user names them.

use crate::error::{Error, ErrorKind};
use crate::fabric::{AttKind, Fabric, HNext, Ix, VTarget};
use crate::trace::{self, End, Start, Step, Walk};
use netform_backends::kinds::Kind;
use netform_backends::ResourceId;
use serde::Serialize;
use std::fmt;
use std::net::Ipv4Addr;

/// One end of a path, as `netform path` reads it: `vpc:NAME`, `internet`, `onprem` or
/// `ip:A.B.C.D` (a destination only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    /// A VPC: its workload subnet (the first AZ's subnet of its first private group).
    Vpc(String),
    /// An address on the internet.
    Internet,
    /// On-premises: the declared ranges, behind the VPN and Direct Connect attachments.
    OnPremises,
    /// One address.
    Address(Ipv4Addr),
}

impl std::str::FromStr for Endpoint {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        match s {
            "internet" => return Ok(Endpoint::Internet),
            "onprem" | "on-premises" => return Ok(Endpoint::OnPremises),
            _ => {}
        }
        if let Some(name) = s.strip_prefix("vpc:") {
            return Ok(Endpoint::Vpc(name.to_string()));
        }
        if let Some(ip) = s.strip_prefix("ip:") {
            return ip
                .parse()
                .map(Endpoint::Address)
                .map_err(|_| Error::new(ErrorKind::BadEndpoint(s.to_string())));
        }
        Err(Error::new(ErrorKind::BadEndpoint(s.to_string())))
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Endpoint::Vpc(name) => write!(f, "vpc:{name}"),
            Endpoint::Internet => f.write_str("internet"),
            Endpoint::OnPremises => f.write_str("onprem"),
            Endpoint::Address(ip) => write!(f, "ip:{ip}"),
        }
    }
}

/// One hop of a path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hop {
    /// Where: `route table spoke-use1-1/app/a`, `segment prod at us-east-1`.
    pub at: String,
    /// What happened there: the matching entry and where it sends the packet.
    pub detail: String,
    /// The resource that carries it, as Terraform addresses it (`aws_route.x`), if one does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terraform: Option<String>,
    /// The same resource's CloudFormation logical id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logical_id: Option<String>,
}

/// A packet's journey and how it ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Path {
    /// The source, as given.
    pub from: String,
    /// The destination, as given.
    pub to: String,
    /// The source address (absent from on-premises).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Ipv4Addr>,
    /// The destination address.
    pub destination: Ipv4Addr,
    /// Whether the packet arrives where it was sent.
    pub reached: bool,
    /// How it ends, in words: where it arrived, or the hop that drops it and why.
    pub outcome: String,
    /// The hops, in order.
    pub hops: Vec<Hop>,
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = self.source.map(|s| format!(" ({s})")).unwrap_or_default();
        writeln!(
            f,
            "{}{source} -> {} ({}): {}",
            self.from,
            self.to,
            self.destination,
            if self.reached {
                "reached"
            } else {
                "NOT reached"
            }
        )?;
        let width = self.hops.iter().map(|h| h.at.len()).max().unwrap_or(0);
        for (i, hop) in self.hops.iter().enumerate() {
            write!(f, "  {:>2}. {:<width$}  {}", i + 1, hop.at, hop.detail)?;
            if let Some(address) = &hop.terraform {
                write!(f, "  [{address}]")?;
            }
            writeln!(f)?;
        }
        writeln!(f, "  => {}", self.outcome)
    }
}

/// A source, resolved.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Source {
    pub start: Start,
    pub address: Option<Ipv4Addr>,
}

/// What counts as arriving.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expect {
    Vpc(Ix),
    Internet,
    OnPrem,
    /// Wherever the address is: a VPC holding it, on-premises, or the internet.
    Address,
}

/// A destination, resolved.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Target {
    pub address: Ipv4Addr,
    pub expect: Expect,
}

/// The address a VPC is reached at: its workload subnet's first address AWS leaves to
/// instances (the first four are AWS's).
pub(crate) fn host(f: &Fabric<'_>, subnet: Ix) -> Ipv4Addr {
    let net = f.subnets[subnet].cidr.network();
    Ipv4Addr::from(u32::from(net).saturating_add(4))
}

/// An address outside the network and on-premises, standing for the internet: the first of
/// the documentation addresses (RFC 5737) that no VPC or on-premises range holds.
pub(crate) fn internet_address(f: &Fabric<'_>) -> Ipv4Addr {
    ["198.51.100.10", "203.0.113.10", "192.0.2.10"]
        .iter()
        .filter_map(|a| a.parse().ok())
        .find(|a| !f.is_internal(*a))
        .unwrap_or(Ipv4Addr::new(198, 51, 100, 10))
}

impl<'g> Fabric<'g> {
    /// The sources `from` names.
    pub(crate) fn sources(&self, from: &Endpoint) -> Result<Vec<Source>, Error> {
        match from {
            Endpoint::Vpc(name) => {
                let vpc = self.known_vpc(name)?;
                let subnet = self.vpcs[vpc]
                    .workload
                    .ok_or_else(|| Error::new(ErrorKind::NoSubnet(name.clone())))?;
                Ok(vec![Source {
                    start: Start::Subnet(subnet),
                    address: Some(host(self, subnet)),
                }])
            }
            Endpoint::OnPremises => {
                let sources: Vec<Source> = (0..self.atts.len())
                    .filter(|&a| matches!(self.atts[a].kind, AttKind::OnPrem))
                    .map(|att| Source {
                        start: Start::Hub { att, az: None },
                        address: None,
                    })
                    .collect();
                if sources.is_empty() {
                    return Err(Error::new(ErrorKind::NoOnPremises));
                }
                Ok(sources)
            }
            Endpoint::Internet | Endpoint::Address(_) => {
                Err(Error::new(ErrorKind::UnsupportedSource(from.to_string())))
            }
        }
    }

    /// The destination `to` names.
    pub(crate) fn target(&self, to: &Endpoint) -> Result<Target, Error> {
        Ok(match to {
            Endpoint::Vpc(name) => {
                let vpc = self.known_vpc(name)?;
                let subnet = self.vpcs[vpc]
                    .workload
                    .ok_or_else(|| Error::new(ErrorKind::NoSubnet(name.clone())))?;
                Target {
                    address: host(self, subnet),
                    expect: Expect::Vpc(vpc),
                }
            }
            Endpoint::Internet => Target {
                address: internet_address(self),
                expect: Expect::Internet,
            },
            Endpoint::OnPremises => {
                let net = self
                    .onprem
                    .first()
                    .ok_or_else(|| Error::new(ErrorKind::NoOnPremises))?;
                Target {
                    address: Ipv4Addr::from(u32::from(net.network()).saturating_add(10)),
                    expect: Expect::OnPrem,
                }
            }
            Endpoint::Address(ip) => Target {
                address: *ip,
                expect: Expect::Address,
            },
        })
    }

    fn known_vpc(&self, name: &str) -> Result<Ix, Error> {
        self.vpc(name).ok_or_else(|| {
            let known: Vec<&str> = self.vpc_by_name.keys().take(8).copied().collect();
            Error::new(ErrorKind::UnknownVpc {
                name: name.to_string(),
                known: known.join(", "),
            })
        })
    }

    /// Whether a journey that ended in `end` arrived where `target` expects.
    pub(crate) fn arrived(&self, end: End, target: &Target) -> bool {
        match (target.expect, end) {
            (Expect::Vpc(v), End::Vpc { vpc }) => v == vpc,
            (Expect::Internet, End::Internet) => true,
            (Expect::OnPrem, End::OnPrem(_)) => true,
            (Expect::Address, End::Vpc { vpc }) => self.vpcs[vpc].cidr.contains(&target.address),
            (Expect::Address, End::Internet) => true,
            (Expect::Address, End::OnPrem(_)) => {
                self.onprem.iter().any(|n| n.contains(&target.address))
            }
            _ => false,
        }
    }

    /// The full path of one packet.
    pub(crate) fn trace(&self, from: (&str, &Source), to: (&str, &Target)) -> Path {
        let (from_name, source) = from;
        let (to_name, target) = to;
        let mut walk = Walk::recording();
        let end = trace::walk(self, source.start, target.address, &mut walk, None);
        let mut hops = Vec::new();
        if let Start::Hub { att, .. } = source.start {
            hops.push(self.hop_att(att, "from on-premises into the hub".to_string()));
        }
        hops.extend(walk.steps.unwrap_or_default().iter().map(|s| self.hop(s)));
        Path {
            from: from_name.to_string(),
            to: to_name.to_string(),
            source: source.address,
            destination: target.address,
            reached: self.arrived(end, target),
            outcome: self.outcome(end, target),
            hops,
        }
    }

    fn hop_att(&self, att: Ix, detail: String) -> Hop {
        let id = self.atts[att].id;
        self.hop_of(format!("attachment {}", names(id)), detail, Some(id))
    }

    fn hop_of(&self, at: String, detail: String, id: Option<&ResourceId>) -> Hop {
        Hop {
            at,
            detail,
            terraform: id.map(|id| format!("{}.{}", id.kind.spec().tf_type, id.tf_label())),
            logical_id: id.map(|id| id.logical_id().to_string()),
        }
    }

    fn hop(&self, step: &Step) -> Hop {
        match *step {
            Step::Subnet(s) => {
                let subnet = &self.subnets[s];
                self.hop_of(
                    format!("subnet {}", names(subnet.id)),
                    format!("{} in {}", subnet.cidr, subnet.az),
                    Some(subnet.id),
                )
            }
            Step::VpcRoute { table, net } => {
                let t = &self.tables[table];
                let route = t.lpm.get(net);
                let target = route.map_or("?".to_string(), |r| self.vpc_target(r.target));
                let id = route.and_then(|r| r.id).unwrap_or(t.id);
                self.hop_of(
                    format!("route table {}", names(t.id)),
                    format!("{net} -> {target}"),
                    Some(id),
                )
            }
            Step::Nat(n) => {
                let nat = &self.nats[n];
                self.hop_of(
                    format!("NAT gateway {}", names(nat.id)),
                    format!(
                        "source translated to its Elastic IP, in {}",
                        self.subnets[nat.subnet].az
                    ),
                    Some(nat.id),
                )
            }
            Step::Inspect(i) => {
                let box_ = &self.inspectors[i];
                self.hop_of(
                    format!("{} {}", inspector_kind(box_.id.kind), names(box_.id)),
                    format!("inspected in {}", self.subnets[box_.subnet].az),
                    Some(box_.id),
                )
            }
            Step::Enter(att) => {
                let hub = self.hubs[self.atts[att].hub].id;
                self.hop_att(att, format!("into {}", hub_name(hub)))
            }
            Step::HubRoute { table, net } => {
                let t = &self.hub_tables[table];
                let route = t.lpm.get(net);
                let detail = match route {
                    Some(r) => {
                        let next = match r.next {
                            HNext::Blackhole => "blackhole".to_string(),
                            HNext::Att(a) => format!("attachment {}", names(self.atts[a].id)),
                        };
                        format!("{net} -> {next} ({})", trace::why(&r.why))
                    }
                    None => format!("{net}"),
                };
                let id = route.and_then(|r| match r.why {
                    crate::fabric::Why::Static(id) | crate::fabric::Why::Propagated(id) => Some(id),
                    crate::fabric::Why::Policy(_) => None,
                });
                self.hop_of(t.label.clone(), detail, id)
            }
            Step::Exit { att, subnet } => {
                let s = &self.subnets[subnet];
                self.hop_att(
                    att,
                    format!(
                        "out to {} through its interface in {}",
                        self.vpcs[s.vpc].name, s.az
                    ),
                )
            }
            Step::Deliver(s) => {
                let subnet = &self.subnets[s];
                self.hop_of(
                    format!("subnet {}", names(subnet.id)),
                    format!("delivered ({} in {})", subnet.cidr, subnet.az),
                    Some(subnet.id),
                )
            }
            Step::Peer { to } => {
                let hub = self.hubs[self.atts[to].hub].id;
                self.hop_att(to, format!("across the peering into {}", hub_name(hub)))
            }
        }
    }

    fn vpc_target(&self, target: VTarget) -> String {
        match target {
            VTarget::Local => "local".to_string(),
            VTarget::Internet => "internet gateway".to_string(),
            VTarget::Nat(n) => format!("NAT gateway {}", names(self.nats[n].id)),
            VTarget::Hub(h) => hub_name(self.hubs[h].id),
            VTarget::Inspect(i) => {
                let id = self.inspectors[i].id;
                format!("{} {}", inspector_kind(id.kind), names(id))
            }
            VTarget::Unmodeled => "a target netform does not follow".to_string(),
        }
    }

    /// How a journey ended, in words.
    pub(crate) fn outcome(&self, end: End, target: &Target) -> String {
        let arrived = self.arrived(end, target);
        match end {
            End::Vpc { vpc } if arrived => format!("arrives in VPC {}", self.vpcs[vpc].name),
            End::Vpc { vpc } => format!(
                "delivered in VPC {}, which is not the destination",
                self.vpcs[vpc].name
            ),
            End::Internet => "leaves for the internet through an internet gateway".to_string(),
            End::OnPrem(att) => format!(
                "leaves for on-premises through {}",
                names(self.atts[att].id)
            ),
            End::NoTable(s) => format!(
                "dropped: subnet {} has no route table",
                names(self.subnets[s].id)
            ),
            End::NoVpcRoute(t) => format!(
                "dropped: route table {} has no route to {}",
                names(self.tables[t].id),
                target.address
            ),
            End::NotAttached { table } => format!(
                "dropped: route table {} sends to a hub its VPC is not attached to",
                names(self.tables[table].id)
            ),
            End::NoInterface { att } => format!(
                "dropped: attachment {} has no interface in the packet's Availability Zone",
                names(self.atts[att].id)
            ),
            End::NoAssociation(att) => format!(
                "dropped: attachment {} is associated with no route table",
                names(self.atts[att].id)
            ),
            End::NoHubRoute(t) => format!(
                "dropped: {} has no route to {}",
                self.hub_tables[t].label, target.address
            ),
            End::Blackhole(t) => format!(
                "dropped: {} blackholes {}",
                self.hub_tables[t].label, target.address
            ),
            End::Unmodeled(t) => format!(
                "stopped: route table {} sends it to a target netform does not follow",
                names(self.tables[t].id)
            ),
            End::InternalToInternet => format!(
                "dropped: {} is an internal address, sent to an internet gateway",
                target.address
            ),
            End::Loop => "dropped: a routing loop".to_string(),
        }
    }
}

/// A resource's model names, joined: `spoke-use1-1/app/a`.
pub(crate) fn names(id: &ResourceId) -> String {
    id.name.join("/")
}

fn hub_name(id: &ResourceId) -> String {
    match id.kind {
        Kind::CoreNetwork => format!("core network {}", names(id)),
        _ => format!("transit gateway {}", names(id)),
    }
}

fn inspector_kind(kind: Kind) -> &'static str {
    match kind {
        Kind::Firewall => "firewall",
        _ => "Gateway Load Balancer endpoint",
    }
}
