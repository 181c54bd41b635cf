//! The example of a user's own blueprint: its registry gets the whole CLI.

#[path = "../examples/custom_blueprint.rs"]
mod custom_blueprint;

fn run(args: &[&str]) -> (u8, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut argv = vec!["netform"];
    argv.extend_from_slice(args);
    let code = netform::cli::run(&custom_blueprint::registry(), argv, &mut out, &mut err);
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

#[test]
fn the_custom_blueprint_is_listed_beside_the_builtins() {
    let (code, out, _) = run(&["list"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("single-vpc") && out.contains("shared-services"),
        "{out}"
    );
}

#[test]
fn the_custom_blueprint_synthesizes_and_checks_its_parameters() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("tf");
    let (code, out, err) = run(&[
        "synth",
        "shared-services",
        "--set",
        "env=prod",
        "--target",
        "terraform",
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("wrote 5 terraform files"), "{err}");
    assert!(out.is_empty(), "{out}");
    let main = std::fs::read_to_string(out_dir.join("main.tf")).unwrap();
    assert!(main.contains(r#"resource "aws_vpc" "services""#));
    assert!(
        main.contains(r#"cidr_block           = "10.64.0.0/20""#),
        "{main}"
    );
    assert_eq!(main.matches(r#"resource "aws_nat_gateway""#).count(), 3);

    let (code, _, err) = run(&["validate", "shared-services", "--set", "env=staging"]);
    assert_eq!(code, 2);
    assert!(err.contains("one of dev, prod"), "{err}");
}
