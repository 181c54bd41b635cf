//! netform's backends: [`lower`] turns a validated network into a [`ResourceGraph`], and the
//! [`cloudformation`] and [`terraform`] renderers turn that graph into files. Only naming and
//! syntax differ between the two; the graph decides which resources exist and how they refer
//! to each other.

#![warn(missing_docs)]

pub mod cloudformation;
mod cost;
mod error;
mod graph;
pub mod kinds;
mod lower;
mod order;
mod output;
pub mod terraform;

pub use cost::{estimate, CostLine, Estimate, Per, Price, Prices};
pub use error::{Error, ErrorKind};
pub use graph::{
    AccountInfo, GraphOutput, IdMap, IdParts, Placement, Reference, Resource, ResourceGraph,
    ResourceId, Secret, Value,
};
pub use kinds::{Attr, Kind};
pub use lower::lower;
pub use output::{write_files, OutputFile};
pub use terraform::{render_layout as render_terraform, TerraformLayout};

/// An output target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    /// CloudFormation JSON templates and a manifest.
    CloudFormation,
    /// A Terraform root module.
    Terraform,
}

impl Target {
    /// Every target.
    pub const ALL: &'static [Target] = &[Target::CloudFormation, Target::Terraform];

    /// The target's name on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Target::CloudFormation => "cloudformation",
            Target::Terraform => "terraform",
        }
    }

    /// Renders `graph` for this target.
    pub fn render(self, graph: &ResourceGraph) -> Result<Vec<OutputFile>, Error> {
        match self {
            Target::CloudFormation => cloudformation::render(graph),
            Target::Terraform => terraform::render(graph),
        }
    }
}
