//! The `netform` binary: the CLI over the built-in blueprints.

fn main() -> std::process::ExitCode {
    netform::cli::main(&netform::blueprints::Registry::builtin())
}
