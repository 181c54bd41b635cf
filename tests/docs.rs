//! The docs keep up with the code: every diagnostic code is documented, and the README gives
//! a newcomer the two commands that work.

use netform::dsl::Code;

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR")))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn every_diagnostic_code_has_a_section_in_docs_diagnostics() {
    let doc = read("docs/diagnostics.md");
    let missing: Vec<&str> = Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|code| {
            !doc.lines()
                .any(|l| l.starts_with("## ") && l.contains(code))
        })
        .collect();
    assert!(missing.is_empty(), "undocumented codes: {missing:?}");
}

#[test]
fn the_readme_gives_the_two_commands() {
    let readme = read("README.md");
    assert!(
        readme.contains("cargo run --release -- synth single-vpc --target terraform --out out/tf")
    );
    assert!(readme.contains("cargo test --workspace"));
}

#[test]
fn every_builtin_blueprint_is_documented() {
    let docs = read("README.md") + &read("docs/getting-started.md");
    for blueprint in netform::blueprints::Registry::builtin().iter() {
        assert!(
            docs.contains(blueprint.name),
            "{} is not documented",
            blueprint.name
        );
    }
}
