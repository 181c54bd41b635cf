//! Traffic intents: who may reach whom, and through what. `netform check` proves or refutes
//! each one over the routing netform generates (see the `netform-reach` crate and
//! docs/intents.md); the model only declares them.

use serde::{Deserialize, Serialize};

/// One intent: every source in `from` sending to every destination in `to` must get what
/// `expect` says.
///
/// ```
/// use netform_dsl::{Intent, Site, Waypoint};
///
/// let isolation = Intent::new("prod never reaches nonprod except through inspection")
///     .from(Site::segment("prod"))
///     .to(Site::segment("nonprod"))
///     .must_pass(Waypoint::Inspection)
///     .or_be_denied();
/// let egress = Intent::new("spokes reach the internet only through central egress")
///     .from(Site::AllSpokes)
///     .to(Site::Internet)
///     .must_pass(Waypoint::Inspection)
///     .then(Waypoint::NatGateway);
/// assert!(isolation.or_denied && !egress.or_denied);
/// assert_eq!(egress.through, [Waypoint::Inspection, Waypoint::NatGateway]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Intent {
    /// What it says, in words: the check's name in reports.
    pub name: String,
    /// The sources.
    pub from: Site,
    /// The destinations (a source is never its own destination).
    pub to: Site,
    /// What traffic must pass on its way, in order. Empty: nothing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub through: Vec<Waypoint>,
    /// Whether traffic may also be denied (no route, a blackhole). When false, every source
    /// must reach every destination.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub or_denied: bool,
    /// Whether traffic must be denied: no source reaches any destination.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub denied: bool,
}

impl Intent {
    /// An intent named `name`, from every spoke to every spoke, that holds when traffic
    /// arrives; narrow it with [`Intent::from`], [`Intent::to`] and the requirements.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            from: Site::AllSpokes,
            to: Site::AllSpokes,
            through: Vec::new(),
            or_denied: false,
            denied: false,
        }
    }

    /// The sources.
    pub fn from(mut self, site: Site) -> Self {
        self.from = site;
        self
    }

    /// The destinations.
    pub fn to(mut self, site: Site) -> Self {
        self.to = site;
        self
    }

    /// Traffic must pass `waypoint` first (before any later [`Intent::then`]).
    pub fn must_pass(mut self, waypoint: Waypoint) -> Self {
        self.through.push(waypoint);
        self
    }

    /// ... and then `waypoint`.
    pub fn then(self, waypoint: Waypoint) -> Self {
        self.must_pass(waypoint)
    }

    /// Traffic may also be denied; only traffic that arrives must pass the waypoints.
    pub fn or_be_denied(mut self) -> Self {
        self.or_denied = true;
        self
    }

    /// No traffic may arrive at all.
    pub fn must_be_denied(mut self) -> Self {
        self.denied = true;
        self
    }
}

/// A set of sources or destinations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub enum Site {
    /// One VPC, by name.
    Vpc(String),
    /// The VPCs whose core network attachment the attachment policies place in this segment.
    Segment(String),
    /// The VPCs attached to a Transit Gateway route table (associated with it), as
    /// `hub/table`.
    RouteTable(String),
    /// Every VPC attached to a hub that is not an inspection VPC.
    AllSpokes,
    /// An address on the internet.
    Internet,
    /// The declared on-premises ranges, behind the VPN and Direct Connect attachments.
    OnPremises,
}

impl Site {
    /// One VPC.
    pub fn vpc(name: impl Into<String>) -> Self {
        Site::Vpc(name.into())
    }

    /// A Cloud WAN segment.
    pub fn segment(name: impl Into<String>) -> Self {
        Site::Segment(name.into())
    }

    /// A Transit Gateway route table: the VPCs associated with it.
    pub fn route_table(hub: &str, table: &str) -> Self {
        Site::RouteTable(format!("{hub}/{table}"))
    }
}

/// Something traffic must pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Waypoint {
    /// An inspection endpoint (a Network Firewall or a Gateway Load Balancer endpoint).
    Inspection,
    /// A NAT gateway.
    NatGateway,
}
