//! The `netform` binary: the CLI over the built-in blueprints.

/// mimalloc instead of the system allocator: rendering a large network makes millions of
/// small allocations, and glibc's malloc spent a third of the time on them (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    netform::cli::main(&netform::blueprints::Registry::builtin())
}
