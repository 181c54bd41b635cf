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

/// The Cloud WAN page shows the blueprint's policy JSON part by part; every part is the
/// default policy's own: a `"key": value` part equals that key of the policy, and a list of
/// objects (segment actions, attachment policies) holds elements of the policy's lists.
#[test]
fn the_cloudwan_page_shows_the_blueprints_policy_json() {
    use serde_json::Value;
    let page = read("docs/cloudwan-hub-spoke.md");
    let start = page.find("## The policy").expect("the policy section");
    let end = page[start..]
        .find("\n## ")
        .map_or(page.len(), |n| start + n);
    let network = netform::blueprints::Registry::builtin()
        .network("cloudwan-hub-spoke", &[])
        .unwrap();
    let policy = serde_json::to_value(&network.core_network.unwrap().policy).unwrap();
    let lists: Vec<&Value> = policy
        .as_object()
        .unwrap()
        .values()
        .filter_map(|v| v.as_array())
        .flatten()
        .collect();
    let mut parts = 0;
    for block in page[start..end].split("```json\n").skip(1) {
        let json = &block[..block.find("```").expect("a closed block")];
        if let Ok(Value::Object(fields)) = serde_json::from_str(&format!("{{{json}}}")) {
            for (key, value) in fields {
                assert_eq!(policy[&key], value, "{key} on the page differs");
            }
        } else {
            let items: Value = serde_json::from_str(&format!("[{json}]"))
                .unwrap_or_else(|e| panic!("a JSON part that does not parse ({e}):\n{json}"));
            for item in items.as_array().unwrap() {
                assert!(lists.contains(&item), "not in the policy:\n{item:#}");
            }
        }
        parts += 1;
    }
    assert!(parts >= 5, "{parts} JSON parts");
}
