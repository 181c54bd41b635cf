//! netform's integration tests: one binary, one module per area.

mod cli;
mod cloudwan;
mod cost;
mod determinism;
mod diagram;
mod direct_connect;
mod dns;
mod docs;
mod endpoints;
mod equivalence;
mod example;
mod hub;
mod interface_endpoints;
mod ipam;
mod lattice;
mod plan;
mod plan_ip;
mod public_access;
mod scale;
mod schema;
mod snapshots;
mod support;
mod terraform_layout;
mod validate;
mod vpn;
mod wiring;
