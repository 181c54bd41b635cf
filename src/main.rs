//! The `netform` binary: the CLI over the built-in blueprints.

/// mimalloc instead of the system allocator (see [`netform::allocator`]).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    netform::allocator::keep_freed_memory();
    netform::cli::main(&netform::blueprints::Registry::builtin())
}
