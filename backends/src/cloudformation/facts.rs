//! What splitting and wiring read of each resource, found in one pass over the graph, on all
//! cores: each reference with the graph index of its target, the resource that stands for
//! each resource, and each resource's `depends_on` by index.
//!
//! Splitting and wiring used to walk every resource's properties again in each of their
//! passes, and to look each reference's target up by id again. At 1,000 spokes the graph is
//! 60 MB spread over the heap, so every walk missed the cache at nearly every resource
//! (docs/performance.md); now there is one walk and the passes read these vectors.

use super::{index_of_in, resolve, stand_in, written_in_cloudformation};
use crate::graph::{Reference, ResourceGraph, ResourceId};
use crate::kinds::CfnForm;
use rayon::prelude::*;

/// A reference in a resource's properties.
pub(super) struct Link<'g> {
    /// The reference as CloudFormation reads it ([`resolve`]).
    pub reference: &'g Reference,
    /// The graph index of its target, resolved.
    pub target: usize,
    /// The graph index of its target as the graph has it (before resolving).
    pub written_target: usize,
    /// Whether the property it is in is one CloudFormation writes.
    pub spelled: bool,
}

/// Each resource's references and stand-in, by graph index.
pub(super) struct Facts<'g> {
    /// The references in each resource's properties, in order.
    links: Vec<Vec<Link<'g>>>,
    /// The resource that stands for each resource ([`stand_in`]): itself for most.
    pub stand_in: Vec<usize>,
    /// Each resource's `depends_on`.
    pub depends_on: Vec<Vec<usize>>,
    /// The kinds written inside each resource (entries, objects, properties), in graph order.
    pub entries: Vec<Vec<usize>>,
}

impl<'g> Facts<'g> {
    /// Walks every resource once, on all cores.
    pub fn new(graph: &'g ResourceGraph) -> Self {
        let index_of = |id: &ResourceId| index_of_in(&graph.resources, id);
        let found: Vec<(Vec<Link<'g>>, usize, Vec<usize>, bool)> = graph
            .resources
            .par_values()
            .enumerate()
            .map(|(index, resource)| {
                let kind = resource.id.kind;
                let links = resource
                    .references_by_property()
                    .into_iter()
                    .map(|(key, written)| {
                        let reference = resolve(graph, written);
                        Link {
                            reference,
                            target: index_of(&reference.target),
                            written_target: index_of(&written.target),
                            spelled: written_in_cloudformation(kind, key),
                        }
                    })
                    .collect();
                let form = kind.spec().cfn_form;
                let standing = match form {
                    CfnForm::Resource | CfnForm::Refused { .. } => index,
                    _ => index_of(stand_in(graph, &resource.id)),
                };
                let depends_on = resource.depends_on.iter().map(index_of).collect();
                let written_inside = matches!(
                    form,
                    CfnForm::Entry { .. } | CfnForm::Property { .. } | CfnForm::Object { .. }
                );
                (links, standing, depends_on, written_inside)
            })
            .collect();
        let mut facts = Facts {
            links: Vec::with_capacity(found.len()),
            stand_in: Vec::with_capacity(found.len()),
            depends_on: Vec::with_capacity(found.len()),
            entries: vec![Vec::new(); found.len()],
        };
        for (index, (links, standing, depends_on, written_inside)) in found.into_iter().enumerate()
        {
            facts.links.push(links);
            facts.stand_in.push(standing);
            facts.depends_on.push(depends_on);
            if written_inside {
                facts.entries[standing].push(index);
            }
        }
        facts
    }

    /// The references in a resource's properties, in order.
    pub fn links(&self, index: usize) -> &[Link<'g>] {
        &self.links[index]
    }

    /// The references a resource's template entry writes: those in the properties
    /// CloudFormation spells, then those of each kind written into it (their reference to
    /// this resource, the holder, is the resource itself and writes nothing).
    pub fn written(&self, index: usize) -> impl Iterator<Item = &Link<'g>> {
        let own = self.links[index].iter().filter(|link| link.spelled);
        let entries = self.entries[index]
            .iter()
            .flat_map(|&entry| self.links[entry].iter());
        own.chain(entries)
    }
}
