//! Forwarding one packet: from a subnet (or an on-premises attachment) towards an address,
//! route table by route table, as AWS forwards it, until it arrives, leaves the network or is
//! dropped. Each step names the route table entry (or policy rule) that carried it.
//!
//! The AZ a packet is in matters: a VPC reaches a Transit Gateway (or core network) only
//! through the attachment's interface in its own AZ, and a hub delivers to a VPC through the
//! interface in the packet's AZ when the attachment has one (else, as AWS picks "a random
//! Availability Zone where the attachment is present", netform takes the first). Appliance
//! mode pins a flow to one interface both ways; netform marks the inspection it leads to as
//! pinned, and the return check accepts it (see [`crate::check`]).

use crate::fabric::{AttKind, Fabric, HNext, Ix, VTarget, Why};
use rustc_hash::FxHashMap;
use std::net::Ipv4Addr;

/// Something a packet passed that intents ask about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Event {
    /// An inspection endpoint; `pinned` when the packet entered its VPC through an
    /// attachment with appliance mode.
    Inspect { inspector: Ix, pinned: bool },
    /// A NAT gateway.
    Nat(Ix),
}

/// One step, by fabric index.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Step {
    /// In a subnet (where the packet starts, or arrives from a hub or a middlebox).
    Subnet(Ix),
    /// A VPC route table's entry, by destination.
    VpcRoute { table: Ix, net: ipnet::Ipv4Net },
    /// Through a NAT gateway.
    Nat(Ix),
    /// Through an inspection endpoint.
    Inspect(Ix),
    /// Into a hub through an attachment.
    Enter(Ix),
    /// A hub route table's entry.
    HubRoute { table: Ix, net: ipnet::Ipv4Net },
    /// Out of a hub through an attachment's interface in a subnet.
    Exit { att: Ix, subnet: Ix },
    /// Across a peering to the other side's attachment.
    Peer { to: Ix },
    /// Delivered in the subnet holding the address.
    Deliver(Ix),
}

/// How a packet's journey ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum End {
    /// In a VPC (in the subnet holding the address, if any).
    Vpc { vpc: Ix },
    /// Out through an internet gateway.
    Internet,
    /// Out through a VPN or Direct Connect attachment.
    OnPrem(Ix),
    /// A subnet without a route table.
    NoTable(Ix),
    /// A VPC route table without a route to the address.
    NoVpcRoute(Ix),
    /// A route to a hub the VPC is not attached to.
    NotAttached { table: Ix },
    /// The attachment has no interface in the packet's AZ, so the hub is out of reach.
    NoInterface { att: Ix },
    /// An attachment with no route table.
    NoAssociation(Ix),
    /// A hub route table without a route to the address.
    NoHubRoute(Ix),
    /// A blackhole route.
    Blackhole(Ix),
    /// A route to something netform does not follow.
    Unmodeled(Ix),
    /// Internal traffic sent out of an internet gateway.
    InternalToInternet,
    /// More hops than any real path: a routing loop.
    Loop,
}

/// A walk's record: every step (for `netform path`) or only the events (for checks).
#[derive(Debug, Default)]
pub(crate) struct Walk {
    pub steps: Option<Vec<Step>>,
    pub events: Vec<Event>,
}

impl Walk {
    /// A walk that records every step.
    pub(crate) fn recording() -> Self {
        Walk {
            steps: Some(Vec::new()),
            events: Vec::new(),
        }
    }

    fn step(&mut self, step: Step) {
        if let Some(steps) = &mut self.steps {
            steps.push(step);
        }
    }
}

/// What a packet's journey from a hub route table onwards gives, per (table, AZ,
/// destination): the spokes of a hub share it, so each pair costs a lookup, not a walk. The
/// events of every journey are kept end to end in one arena.
#[derive(Debug, Default)]
pub(crate) struct Memo {
    ends: FxHashMap<(u32, u16, u32), (End, u32, u16)>,
    arena: Vec<Event>,
}

/// Where a walk starts.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Start {
    /// Leaving an interface in a subnet.
    Subnet(Ix),
    /// Arriving at a hub through an attachment, in an AZ (on-premises: none).
    Hub { att: Ix, az: Option<u16> },
}

const MAX_STEPS: usize = 64;

/// Forwards a packet for `dst` from `start`.
pub(crate) fn walk(
    f: &Fabric<'_>,
    start: Start,
    dst: Ipv4Addr,
    out: &mut Walk,
    mut memo: Option<&mut Memo>,
) -> End {
    let (mut pos, mut az, mut fresh) = match start {
        Start::Subnet(s) => (Pos::Subnet(s), Some(az_of(f, s)), false),
        Start::Hub { att, az } => (Pos::Hub(att), az, true),
    };
    let mut appliance = false;
    for _ in 0..MAX_STEPS {
        match pos {
            Pos::Subnet(s) => {
                out.step(Step::Subnet(s));
                az = Some(az_of(f, s));
                let subnet = &f.subnets[s];
                let Some(table) = subnet.table else {
                    return End::NoTable(s);
                };
                let Some((net, route)) = f.tables[table].lpm.lookup(dst) else {
                    return End::NoVpcRoute(table);
                };
                out.step(Step::VpcRoute { table, net: *net });
                match route.target {
                    VTarget::Local => {
                        if out.steps.is_some() {
                            let vpc = &f.vpcs[subnet.vpc];
                            let to = vpc
                                .subnets
                                .iter()
                                .copied()
                                .find(|&t| f.subnets[t].cidr.contains(&dst));
                            if let Some(to) = to.filter(|&t| t != s) {
                                out.step(Step::Deliver(to));
                            }
                        }
                        return End::Vpc { vpc: subnet.vpc };
                    }
                    VTarget::Internet => {
                        return if f.is_internal(dst) {
                            End::InternalToInternet
                        } else {
                            End::Internet
                        };
                    }
                    VTarget::Nat(n) => {
                        out.step(Step::Nat(n));
                        out.events.push(Event::Nat(n));
                        pos = Pos::Subnet(f.nats[n].subnet);
                    }
                    VTarget::Inspect(i) => {
                        out.step(Step::Inspect(i));
                        out.events.push(Event::Inspect {
                            inspector: i,
                            pinned: appliance,
                        });
                        pos = Pos::Subnet(f.inspectors[i].subnet);
                    }
                    VTarget::Hub(h) => {
                        let vpc = &f.vpcs[subnet.vpc];
                        let Some(att) = vpc.atts.iter().copied().find(|&a| f.atts[a].hub == h)
                        else {
                            return End::NotAttached { table };
                        };
                        let here = subnet.az_id;
                        let reaches = match &f.atts[att].kind {
                            AttKind::Vpc { enis, .. } => {
                                enis.iter().any(|&e| f.subnets[e].az_id == here)
                            }
                            _ => true,
                        };
                        if !reaches {
                            return End::NoInterface { att };
                        }
                        out.step(Step::Enter(att));
                        pos = Pos::Hub(att);
                        fresh = false;
                    }
                    VTarget::Unmodeled => return End::Unmodeled(table),
                }
            }
            Pos::Hub(att) => {
                let Some(table) = f.atts[att].table else {
                    return End::NoAssociation(att);
                };
                if let (Some(m), false) = (memo.as_deref_mut(), fresh) {
                    let key = (table as u32, az.unwrap_or(u16::MAX), u32::from(dst));
                    if let Some(&(end, start, len)) = m.ends.get(&key) {
                        let start = start as usize;
                        out.events
                            .extend_from_slice(&m.arena[start..start + usize::from(len)]);
                        return end;
                    }
                    let mut tail = Walk::default();
                    let end = walk(f, Start::Hub { att, az }, dst, &mut tail, Some(m));
                    out.events.extend_from_slice(&tail.events);
                    let start = m.arena.len() as u32;
                    m.arena.extend_from_slice(&tail.events);
                    m.ends.insert(key, (end, start, tail.events.len() as u16));
                    return end;
                }
                fresh = false;
                appliance = false;
                let Some((net, route)) = f.hub_tables[table].lpm.lookup(dst) else {
                    return End::NoHubRoute(table);
                };
                out.step(Step::HubRoute { table, net: *net });
                let next = match route.next {
                    HNext::Blackhole => return End::Blackhole(table),
                    HNext::Att(next) => next,
                };
                match &f.atts[next].kind {
                    AttKind::Vpc {
                        enis,
                        appliance: pinned,
                        ..
                    } => {
                        let same = az.and_then(|a| {
                            enis.iter().copied().find(|&e| Some(az_of(f, e)) == Some(a))
                        });
                        let Some(eni) = same.or_else(|| enis.first().copied()) else {
                            return End::NoInterface { att: next };
                        };
                        out.step(Step::Exit {
                            att: next,
                            subnet: eni,
                        });
                        appliance = *pinned;
                        az = Some(az_of(f, eni));
                        pos = Pos::Subnet(eni);
                    }
                    AttKind::Peering { peer } => {
                        let Some(peer) = *peer else {
                            return End::NoAssociation(next);
                        };
                        out.step(Step::Peer { to: peer });
                        pos = Pos::Hub(peer);
                    }
                    AttKind::OnPrem => return End::OnPrem(next),
                }
            }
        }
    }
    End::Loop
}

#[derive(Debug, Clone, Copy)]
enum Pos {
    Subnet(Ix),
    Hub(Ix),
}

fn az_of(f: &Fabric<'_>, subnet: Ix) -> u16 {
    f.subnets[subnet].az_id
}

/// The reason a hub route exists, in words.
pub(crate) fn why(why: &Why<'_>) -> String {
    match why {
        Why::Static(id) => format!("static route {}", id.tf_label()),
        Why::Propagated(id) => format!("propagated by {}", id.tf_label()),
        Why::Policy(text) => text.to_string(),
    }
}
