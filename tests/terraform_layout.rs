//! The per-account-region Terraform layout against the one-root layout of the same network:
//! the same resources, split into roots whose blocks differ only where a reference to another
//! root became `var.X`, every such variable declared, listed in `manifest.json` and fed by an
//! output of the producing root, and a deploy order that applies every producer first.

use crate::support::{
    blueprint, cloudwan_with_acceptance, graph, hub_with_every_rule_form, multi_account, variants,
};
use hcl::expr::{Expression, TraversalOperator};
use hcl::{Block, Body, Structure};
use netform::backends::{
    render_terraform, AccountInfo, ErrorKind, GraphOutput, Kind, OutputFile, Placement, Resource,
    ResourceGraph, ResourceId, Target, TerraformLayout, Value,
};
use netform::dsl::{Network, Path};
use serde_json::Value as Json;
use std::collections::{BTreeMap, BTreeSet};
use std::process::{Command, Output};

/// The variable every root declares for its provider.
const ROLE_VARIABLE: &str = "role_arn_pattern";
/// The files of every root module.
const ROOT_FILES: [&str; 5] = [
    "versions.tf",
    "providers.tf",
    "variables.tf",
    "main.tf",
    "outputs.tf",
];

fn render(network: &Network, layout: TerraformLayout) -> Vec<OutputFile> {
    render_terraform(&graph(network), layout)
        .unwrap_or_else(|e| panic!("{} in {layout:?}: {e}", network.name))
}

/// `(type, label)` of a resource block.
type Key = (String, String);

fn key(block: &Block) -> Key {
    let labels: Vec<&str> = block.labels.iter().map(|l| l.as_str()).collect();
    (labels[0].to_string(), labels[1].to_string())
}

fn blocks<'b>(body: &'b Body, identifier: &'b str) -> impl Iterator<Item = &'b Block> + 'b {
    body.blocks().filter(move |b| b.identifier() == identifier)
}

fn attribute<'b>(body: &'b Body, name: &str) -> Option<&'b Expression> {
    body.attributes()
        .find(|a| a.key.as_str() == name)
        .map(|a| &a.expr)
}

/// `X` of an expression that is exactly `var.X`.
fn var_name(expr: &Expression) -> Option<String> {
    let Expression::Traversal(t) = expr else {
        return None;
    };
    match (&t.expr, t.operators.as_slice()) {
        (Expression::Variable(v), [TraversalOperator::GetAttr(name)]) if v.as_str() == "var" => {
            Some(name.to_string())
        }
        _ => None,
    }
}

/// Every expression of a body, at any depth, in order.
fn expressions<'b>(body: &'b Body, out: &mut Vec<&'b Expression>) {
    fn walk<'e>(expr: &'e Expression, out: &mut Vec<&'e Expression>) {
        out.push(expr);
        match expr {
            Expression::Array(items) => items.iter().for_each(|e| walk(e, out)),
            Expression::Object(object) => object.values().for_each(|e| walk(e, out)),
            Expression::FuncCall(call) => call.args.iter().for_each(|e| walk(e, out)),
            Expression::Traversal(t) => {
                walk(&t.expr, out);
                for op in &t.operators {
                    if let TraversalOperator::Index(e) = op {
                        walk(e, out);
                    }
                }
            }
            Expression::Parenthesis(e) => walk(e, out),
            _ => {}
        }
    }
    for structure in body.iter() {
        match structure {
            Structure::Attribute(a) => walk(&a.expr, out),
            Structure::Block(b) => expressions(&b.body, out),
        }
    }
}

/// The variables a body reads.
fn vars_used(body: &Body) -> BTreeSet<String> {
    let mut all = Vec::new();
    expressions(body, &mut all);
    all.into_iter().filter_map(var_name).collect()
}

/// `expr` with every `var.X` that `values` has replaced by its value.
fn substitute(expr: &mut Expression, values: &BTreeMap<String, Expression>) {
    if let Some(value) = var_name(expr).and_then(|name| values.get(&name)) {
        *expr = value.clone();
        return;
    }
    match expr {
        Expression::Array(items) => items.iter_mut().for_each(|e| substitute(e, values)),
        Expression::Object(object) => object.values_mut().for_each(|e| substitute(e, values)),
        Expression::FuncCall(call) => call.args.iter_mut().for_each(|e| substitute(e, values)),
        Expression::Parenthesis(e) => substitute(e, values),
        _ => {}
    }
}

fn substitute_body(body: &mut Body, values: &BTreeMap<String, Expression>) {
    for structure in body.iter_mut() {
        match structure {
            Structure::Attribute(a) => substitute(&mut a.expr, values),
            Structure::Block(b) => substitute_body(&mut b.body, values),
        }
    }
}

/// The resource a `depends_on` entry names.
fn dependency(expr: &Expression) -> Key {
    let Expression::Traversal(t) = expr else {
        panic!("depends_on entry {expr:?}");
    };
    match (&t.expr, t.operators.as_slice()) {
        (Expression::Variable(v), [TraversalOperator::GetAttr(label)]) => {
            (v.to_string(), label.to_string())
        }
        _ => panic!("depends_on entry {expr:?}"),
    }
}

/// `block` with its `depends_on` entries limited to those `keep` accepts (and the attribute
/// left out when none is), and the entries left out.
fn filter_depends_on(block: &Block, keep: impl Fn(&Key) -> bool) -> (Block, Vec<Key>) {
    let mut dropped = Vec::new();
    let mut structures = Vec::new();
    for structure in block.body.iter() {
        match structure {
            Structure::Attribute(a) if a.key.as_str() == "depends_on" => {
                let Expression::Array(items) = &a.expr else {
                    panic!("depends_on is not a list");
                };
                let kept: Vec<Expression> = items
                    .iter()
                    .filter(|e| {
                        let target = dependency(e);
                        let keep = keep(&target);
                        if !keep {
                            dropped.push(target);
                        }
                        keep
                    })
                    .cloned()
                    .collect();
                if !kept.is_empty() {
                    let mut a = a.clone();
                    a.expr = Expression::Array(kept);
                    structures.push(Structure::Attribute(a));
                }
            }
            other => structures.push(other.clone()),
        }
    }
    let mut filtered = block.clone();
    filtered.body = Body(structures);
    (filtered, dropped)
}

/// The per-account-region output, parsed: each root's files by name, and the manifest.
struct Split {
    roots: BTreeMap<String, BTreeMap<String, Body>>,
    manifest: Json,
}

fn parse_split(files: &[OutputFile]) -> Result<Split, String> {
    let mut roots: BTreeMap<String, BTreeMap<String, Body>> = BTreeMap::new();
    let mut manifest = None;
    for file in files {
        if file.path == "manifest.json" {
            manifest = Some(serde_json::from_str(&file.contents).map_err(|e| e.to_string())?);
            continue;
        }
        let Some((dir, name)) = file.path.split_once('/') else {
            return Err(format!(
                "{} is neither manifest.json nor in a root",
                file.path
            ));
        };
        let body = hcl::parse(&file.contents).map_err(|e| format!("{}: {e}", file.path))?;
        roots
            .entry(dir.to_string())
            .or_default()
            .insert(name.to_string(), body);
    }
    let manifest = manifest.ok_or("no manifest.json")?;
    Ok(Split { roots, manifest })
}

/// Every way the per-account-region output `split` departs from the one-root output `one`.
fn problems(one: &[OutputFile], split: &[OutputFile]) -> Vec<String> {
    let mut problems = Vec::new();
    let one: BTreeMap<&str, Body> = one
        .iter()
        .map(|f| {
            (
                f.path.as_str(),
                hcl::parse(&f.contents).expect("one-root HCL parses"),
            )
        })
        .collect();
    let split = match parse_split(split) {
        Ok(split) => split,
        Err(e) => return vec![e],
    };
    let manifest = &split.manifest;

    // The roots of the manifest are the directories, each with the five files.
    let listed: Vec<&str> = manifest["roots"]
        .as_array()
        .map(|roots| roots.iter().filter_map(|r| r["dir"].as_str()).collect())
        .unwrap_or_default();
    let dirs: BTreeSet<&str> = split.roots.keys().map(String::as_str).collect();
    if listed.iter().copied().collect::<BTreeSet<_>>() != dirs || listed.len() != dirs.len() {
        problems.push(format!("manifest roots {listed:?}, directories {dirs:?}"));
    }
    for (dir, files) in &split.roots {
        let names: Vec<&str> = files.keys().map(String::as_str).collect();
        let mut expected = ROOT_FILES.to_vec();
        expected.sort();
        if names != expected {
            problems.push(format!("{dir} has files {names:?}"));
        }
    }
    if manifest["layout"] != "per-account-region" || manifest["generator"] != "netform" {
        problems.push(format!(
            "manifest layout {} generator {}",
            manifest["layout"], manifest["generator"]
        ));
    }

    // Deploy order: every root once; position of each.
    let order: Vec<&str> = manifest["deploy_order"]
        .as_array()
        .map(|o| o.iter().filter_map(Json::as_str).collect())
        .unwrap_or_default();
    let position: BTreeMap<&str, usize> = order.iter().enumerate().map(|(i, d)| (*d, i)).collect();
    if position.len() != order.len() || position.keys().copied().collect::<BTreeSet<_>>() != dirs {
        problems.push(format!("deploy_order {order:?} is not each root once"));
    }
    let before =
        |producer: &str, consumer: &str| match (position.get(producer), position.get(consumer)) {
            (Some(p), Some(c)) => p < c,
            _ => false,
        };

    // Every resource of the one-root layout in exactly one root.
    let body = |dir: &str, file: &str| &split.roots[dir][file];
    let mut root_of: BTreeMap<Key, Vec<&str>> = BTreeMap::new();
    for dir in &dirs {
        for block in blocks(body(dir, "main.tf"), "resource") {
            root_of.entry(key(block)).or_default().push(dir);
        }
    }
    let reference: BTreeMap<Key, &Block> = blocks(&one["main.tf"], "resource")
        .map(|b| (key(b), b))
        .collect();
    for (k, roots) in &root_of {
        if roots.len() != 1 {
            problems.push(format!("{k:?} is in roots {roots:?}"));
        }
        if !reference.contains_key(k) {
            problems.push(format!("{k:?} is not in the one-root layout"));
        }
    }
    for k in reference.keys() {
        if !root_of.contains_key(k) {
            problems.push(format!("{k:?} is in no root"));
        }
    }

    // Each root's outputs by name, as (description, value).
    let outputs = |dir: &str| -> BTreeMap<String, (Option<&Expression>, &Expression)> {
        blocks(body(dir, "outputs.tf"), "output")
            .map(|b| {
                let value = attribute(&b.body, "value").expect("an output has a value");
                (
                    b.labels[0].as_str().to_string(),
                    (attribute(&b.body, "description"), value),
                )
            })
            .collect()
    };

    // The graph's outputs, each in the root of its resource, unchanged.
    let mut graph_outputs: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for dir in &dirs {
        for name in outputs(dir).keys() {
            graph_outputs.entry(name.clone()).or_default().push(dir);
        }
    }
    for b in blocks(&one["outputs.tf"], "output") {
        let name = b.labels[0].as_str();
        let found: Vec<&&str> = graph_outputs.get(name).into_iter().flatten().collect();
        let [dir] = found.as_slice() else {
            problems.push(format!("output {name} is in roots {found:?}"));
            continue;
        };
        let (description, value) = outputs(dir)[name];
        if description != attribute(&b.body, "description")
            || Some(value) != attribute(&b.body, "value")
        {
            problems.push(format!(
                "output {name} of {dir} differs from the one-root output"
            ));
        }
    }

    let entries: BTreeMap<&str, &Json> = manifest["roots"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| Some((r["dir"].as_str()?, r)))
        .collect();
    for dir in &dirs {
        let Some(entry) = entries.get(dir) else {
            continue;
        };
        let main = body(dir, "main.tf");
        let providers: Vec<&Block> = blocks(body(dir, "providers.tf"), "provider").collect();
        // One provider, the root's account and region, which every resource uses.
        match providers.as_slice() {
            [provider] => {
                let region = attribute(&provider.body, "region");
                let ids = attribute(&provider.body, "allowed_account_ids");
                let alias = attribute(&provider.body, "alias");
                if region != Some(&Expression::from(entry["region"].as_str().unwrap_or("")))
                    || ids
                        != Some(&Expression::Array(vec![Expression::from(
                            entry["account_id"].as_str().unwrap_or(""),
                        )]))
                {
                    problems.push(format!("{dir}: provider region {region:?} ids {ids:?}"));
                }
                let Some(Expression::String(alias)) = alias else {
                    problems.push(format!("{dir}: provider alias {alias:?}"));
                    continue;
                };
                for block in blocks(main, "resource") {
                    let provider = attribute(&block.body, "provider").map(|p| p.to_string());
                    if provider != Some(format!("aws.{alias}")) {
                        problems.push(format!("{dir}: {:?} has provider {provider:?}", key(block)));
                    }
                }
            }
            _ => problems.push(format!("{dir} has {} providers", providers.len())),
        }
        let expected_dir = match entry["stage"].as_str() {
            Some("base") => format!(
                "{}-{}",
                entry["account"].as_str().unwrap_or(""),
                entry["region"].as_str().unwrap_or("")
            ),
            Some("routing") => format!(
                "{}-{}-routing",
                entry["account"].as_str().unwrap_or(""),
                entry["region"].as_str().unwrap_or("")
            ),
            other => format!("a stage {other:?}"),
        };
        if *dir != expected_dir {
            problems.push(format!("{dir} should be {expected_dir}"));
        }

        // Variables: the role pattern, then exactly the manifest's inputs, each a string
        // described by its producer and output, which that root has.
        let variables: Vec<&Block> = blocks(body(dir, "variables.tf"), "variable").collect();
        let declared: Vec<&str> = variables.iter().map(|v| v.labels[0].as_str()).collect();
        let inputs: Vec<&Json> = entry["inputs"].as_array().into_iter().flatten().collect();
        let input_names: Vec<&str> = inputs
            .iter()
            .filter_map(|i| i["variable"].as_str())
            .collect();
        // Then the secrets the deployer gives: sensitive, from no root.
        let secrets: Vec<&str> = entry["secrets"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Json::as_str)
            .collect();
        let wanted: Vec<&str> = input_names.iter().chain(&secrets).copied().collect();
        if declared.first() != Some(&ROLE_VARIABLE) || declared[1..] != wanted[..] {
            problems.push(format!(
                "{dir}: variables {declared:?}, manifest inputs {input_names:?} and secrets {secrets:?}"
            ));
        }
        for secret in &secrets {
            let sensitive = variables
                .iter()
                .find(|v| v.labels[0].as_str() == *secret)
                .and_then(|v| attribute(&v.body, "sensitive"))
                .map(|e| e.to_string());
            if sensitive.as_deref() != Some("true") {
                problems.push(format!(
                    "{dir}: secret {secret} is not a sensitive variable"
                ));
            }
        }
        let mut values: BTreeMap<String, Expression> = BTreeMap::new();
        for input in &inputs {
            let (Some(variable), Some(from), Some(output)) = (
                input["variable"].as_str(),
                input["from_root"].as_str(),
                input["output"].as_str(),
            ) else {
                problems.push(format!("{dir}: input {input}"));
                continue;
            };
            if !before(from, dir) {
                problems.push(format!(
                    "{dir} takes {variable} from {from}, which is not applied first"
                ));
            }
            match split.roots.get(from).map(|_| outputs(from)) {
                Some(produced) => match produced.get(output) {
                    Some((_, value)) => {
                        values.insert(variable.to_string(), (*value).clone());
                    }
                    None => problems.push(format!("{from} has no output {output} for {dir}")),
                },
                None => problems.push(format!("{dir} takes {variable} from unknown root {from}")),
            }
            if let Some(v) = variables.iter().find(|v| v.labels[0].as_str() == variable) {
                let typed = attribute(&v.body, "type").map(|t| t.to_string());
                let description = attribute(&v.body, "description").map(|d| d.to_string());
                let named = description
                    .as_deref()
                    .is_some_and(|d| d.contains(from) && d.contains(output));
                if typed.as_deref() != Some("string") || !named {
                    problems.push(format!(
                        "{dir}: variable {variable} has type {typed:?}, description {description:?}"
                    ));
                }
            }
        }
        for after in entry["after"].as_array().into_iter().flatten() {
            let after = after.as_str().unwrap_or("");
            if !before(after, dir) {
                problems.push(format!(
                    "{dir} must follow {after}, which is not applied first"
                ));
            }
        }

        // Every variable used is declared, and every input is used.
        let mut used = vars_used(main);
        used.extend(vars_used(body(dir, "providers.tf")));
        used.extend(vars_used(body(dir, "outputs.tf")));
        let declared: BTreeSet<String> = declared.iter().map(|s| s.to_string()).collect();
        if used != declared {
            problems.push(format!("{dir}: uses {used:?}, declares {declared:?}"));
        }

        // Each block is the one-root block once every var.X reads its producer's value and the
        // `depends_on` entries of other roots are left out; those roots are applied first.
        for block in blocks(main, "resource") {
            let k = key(block);
            let Some(expected) = reference.get(&k) else {
                continue;
            };
            let local = |target: &Key| root_of.get(target).is_some_and(|r| r.contains(dir));
            let (expected, dropped) = filter_depends_on(expected, local);
            let mut actual = block.clone();
            substitute_body(&mut actual.body, &values);
            if actual != expected {
                problems.push(format!(
                    "{dir}: {k:?} differs from the one-root block:\n{}\n---\n{}",
                    hcl::to_string(&Body(vec![Structure::Block(actual)])).unwrap_or_default(),
                    hcl::to_string(&Body(vec![Structure::Block(expected)])).unwrap_or_default()
                ));
            }
            for target in dropped {
                for producer in root_of.get(&target).into_iter().flatten() {
                    if !before(producer, dir) {
                        problems.push(format!(
                            "{dir}: {k:?} depends on {target:?} of {producer}, which is not applied first"
                        ));
                    }
                }
            }
        }
    }
    problems
}

#[track_caller]
fn assert_split_matches(name: &str, network: &Network) {
    let one = render(network, TerraformLayout::OneRoot);
    let split = render(network, TerraformLayout::PerAccountRegion);
    let found = problems(&one, &split);
    assert!(
        found.is_empty(),
        "{name}: {} problem(s):\n{}",
        found.len(),
        found.join("\n")
    );
    assert_eq!(
        split,
        render(network, TerraformLayout::PerAccountRegion),
        "{name}: a second render differs"
    );
}

fn manifest(files: &[OutputFile]) -> Json {
    let file = files
        .iter()
        .find(|f| f.path == "manifest.json")
        .expect("a manifest");
    serde_json::from_str(&file.contents).expect("the manifest is JSON")
}

fn file<'f>(files: &'f [OutputFile], path: &str) -> &'f str {
    &files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no {path}"))
        .contents
}

fn tgw_two_regions() -> Network {
    blueprint("tgw-hub-spoke", &[("regions", "us-east-1,eu-west-1")])
}

#[test]
fn tgw_hub_spoke_in_two_regions_splits_into_wired_roots() {
    let network = tgw_two_regions();
    assert_split_matches("tgw-hub-spoke regions=us-east-1,eu-west-1", &network);
    let files = render(&network, TerraformLayout::PerAccountRegion);
    let manifest = manifest(&files);
    let dirs: Vec<&str> = manifest["roots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["dir"].as_str().unwrap())
        .collect();
    assert_eq!(
        dirs,
        [
            "network-us-east-1",
            "workload-1-us-east-1",
            "workload-2-us-east-1",
            "network-eu-west-1",
            "workload-1-eu-west-1",
            "workload-2-eu-west-1",
            "network-us-east-1-routing",
            "network-eu-west-1-routing",
        ]
    );
    // The hub's association of a spoke's attachment reads the attachment's id from the
    // spoke's root.
    let routing = &manifest["roots"][6];
    assert_eq!(routing["stage"], "routing");
    assert_eq!(routing["account_id"], "111111111111");
    assert!(
        routing["inputs"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!({
                "variable": "hub_use1_spoke_use1_1_tgw_attachment_id",
                "from_root": "workload-1-us-east-1",
                "output": "hub_use1_spoke_use1_1_tgw_attachment_id",
            })),
        "{routing:#}"
    );
    assert!(file(&files, "network-us-east-1-routing/main.tf")
        .contains("transit_gateway_attachment_id  = var.hub_use1_spoke_use1_1_tgw_attachment_id"));
    assert!(file(&files, "workload-1-us-east-1/outputs.tf").contains(
        "output \"hub_use1_spoke_use1_1_tgw_attachment_id\" {\n  description = \"The id of aws_ec2_transit_gateway_vpc_attachment.hub_use1_spoke_use1_1, for root network-us-east-1-routing\"\n  value       = aws_ec2_transit_gateway_vpc_attachment.hub_use1_spoke_use1_1.id\n}"
    ));
    // The peering's accepter waits for the requester in the other region's routing root; the
    // requester's routing root, whose association depended on the accepter, comes after it.
    assert!(file(&files, "network-eu-west-1-routing/main.tf")
        .contains("resource \"aws_ec2_transit_gateway_peering_attachment_accepter\""));
    assert_eq!(
        routing["after"],
        serde_json::json!(["network-eu-west-1-routing"])
    );
    assert_eq!(
        manifest["deploy_order"],
        serde_json::json!([
            "network-eu-west-1",
            "network-us-east-1",
            "workload-1-us-east-1",
            "workload-2-us-east-1",
            "workload-1-eu-west-1",
            "workload-2-eu-west-1",
            "network-eu-west-1-routing",
            "network-us-east-1-routing",
        ])
    );
}

#[test]
fn cloudwan_hub_spoke_splits_into_wired_roots() {
    let network = blueprint("cloudwan-hub-spoke", &[]);
    assert_split_matches("cloudwan-hub-spoke", &network);
    let manifest = manifest(&render(&network, TerraformLayout::PerAccountRegion));
    // Cloud WAN routes from its policy: no routing stage.
    for root in manifest["roots"].as_array().unwrap() {
        assert_eq!(root["stage"], "base", "{root:#}");
    }
}

/// The cross-account zone association CloudFormation refuses (NF0503): the authorization
/// needs the other account's VPC and the association the authorization, so both go to
/// routing roots, after the base roots of both accounts.
#[test]
fn a_cross_account_zone_association_goes_to_routing_roots() {
    let network = crate::wiring::cross_account_zone();
    assert_split_matches("cross-account zone", &network);
    let files = render(&network, TerraformLayout::PerAccountRegion);
    assert!(file(&files, "network-us-east-1-routing/main.tf")
        .starts_with("resource \"aws_route53_vpc_association_authorization\" \"internal_app\" {"));
    assert!(file(&files, "prod-eu-west-1-routing/main.tf")
        .starts_with("resource \"aws_route53_zone_association\" \"internal_app\" {"));
    let manifest = manifest(&files);
    assert_eq!(
        manifest["deploy_order"],
        serde_json::json!([
            "network-us-east-1",
            "prod-eu-west-1",
            "network-us-east-1-routing",
            "prod-eu-west-1-routing",
        ])
    );
    assert_eq!(
        manifest["roots"][3]["after"],
        serde_json::json!(["network-us-east-1-routing"])
    );
}

/// With acceptance and the prod spokes' routes to the core network, the accepters (network
/// account) go to a routing root after the spokes' attachments, and the routes that wait for
/// them to the spokes' routing roots after that: CloudFormation refuses this network
/// (NF0502), the split Terraform layout deploys it.
#[test]
fn accepted_cloud_wan_attachments_and_their_routes_go_to_routing_roots() {
    let network = cloudwan_with_acceptance(true);
    assert_split_matches("cloudwan-hub-spoke with acceptance", &network);
    let files = render(&network, TerraformLayout::PerAccountRegion);
    let accepters: Vec<&str> = files
        .iter()
        .filter(|f| {
            f.contents
                .contains("resource \"aws_networkmanager_attachment_accepter\"")
        })
        .map(|f| f.path.as_str())
        .collect();
    assert!(!accepters.is_empty());
    assert!(
        accepters.iter().all(|p| p.ends_with("-routing/main.tf")),
        "{accepters:?}"
    );
}

#[test]
fn every_variant_splits_into_wired_roots() {
    let mut networks = variants();
    networks.push(("every rule form".into(), hub_with_every_rule_form()));
    networks.push((
        "acceptance without routes".into(),
        cloudwan_with_acceptance(false),
    ));
    networks.push(("multi-account".into(), multi_account()));
    for (name, network) in networks {
        assert_split_matches(&name, &network);
    }
}

#[test]
fn one_root_is_the_default_layout_and_the_target_render() {
    for (name, network) in variants() {
        let graph = graph(&network);
        assert_eq!(
            render_terraform(&graph, TerraformLayout::default()).unwrap(),
            Target::Terraform.render(&graph).unwrap(),
            "{name}"
        );
    }
    assert_eq!(TerraformLayout::default(), TerraformLayout::OneRoot);
}

/// The checker reports a block that changed, a variable nobody declares, an output the
/// producer lacks, a resource in two roots, and a deploy order with a consumer first.
#[test]
fn the_comparison_notices_broken_wiring() {
    let network = tgw_two_regions();
    let one = render(&network, TerraformLayout::OneRoot);
    let good = render(&network, TerraformLayout::PerAccountRegion);
    assert_eq!(problems(&one, &good), Vec::<String>::new());

    let edit = |path: &str, from: &str, to: &str| {
        let mut files = good.clone();
        let f = files.iter_mut().find(|f| f.path == path).unwrap();
        assert!(f.contents.contains(from), "{path} lacks {from}");
        f.contents = f.contents.replacen(from, to, 1);
        problems(&one, &files)
    };
    let cases = [
        (
            edit(
                "network-us-east-1-routing/main.tf",
                "var.hub_use1_spoke_use1_1_tgw_attachment_id",
                "var.hub_use1_spoke_use1_2_tgw_attachment_id",
            ),
            "differs from the one-root block",
        ),
        (
            edit(
                "network-us-east-1-routing/variables.tf",
                "variable \"hub_use1_spoke_use1_1_tgw_attachment_id\"",
                "variable \"renamed\"",
            ),
            "variables",
        ),
        (
            edit(
                "workload-1-us-east-1/outputs.tf",
                "output \"hub_use1_spoke_use1_1_tgw_attachment_id\"",
                "output \"renamed\"",
            ),
            "has no output hub_use1_spoke_use1_1_tgw_attachment_id",
        ),
        (
            edit(
                "workload-1-us-east-1/outputs.tf",
                "value       = aws_ec2_transit_gateway_vpc_attachment.hub_use1_spoke_use1_1.id",
                "value       = aws_ec2_transit_gateway_vpc_attachment.hub_use1_spoke_use1_2.id",
            ),
            "differs from the one-root block",
        ),
        (
            edit(
                "manifest.json",
                "\"deploy_order\": [\n    \"network-eu-west-1\",\n    \"network-us-east-1\",",
                "\"deploy_order\": [\n    \"network-us-east-1\",\n    \"network-eu-west-1\",",
            ),
            "takes hub_euw1_transit_gateway_id from network-eu-west-1, which is not applied first",
        ),
        (
            edit(
                "manifest.json",
                "\"network-eu-west-1-routing\",\n    \"network-us-east-1-routing\"",
                "\"network-us-east-1-routing\",\n    \"network-eu-west-1-routing\"",
            ),
            "must follow network-eu-west-1-routing",
        ),
        (
            edit(
                "manifest.json",
                "\"deploy_order\": [\n    \"network-eu-west-1\",",
                "\"deploy_order\": [\n    \"workload-1-us-east-1\",\n    \"network-eu-west-1\",",
            ),
            "is not each root once",
        ),
        (
            edit(
                "network-eu-west-1-routing/main.tf",
                "  depends_on = [\n    aws_ec2_transit_gateway_peering_attachment_accepter.hub_euw1_peer_use1_euw1\n  ]\n",
                "",
            ),
            "differs from the one-root block",
        ),
    ];
    for (i, (found, needle)) in cases.iter().enumerate() {
        assert!(
            found.iter().any(|p| p.contains(needle)),
            "case {i}: no problem with {needle:?} in {found:#?}"
        );
    }

    // A resource in two roots.
    let mut twice = good.clone();
    let accepter = file(&good, "network-eu-west-1-routing/main.tf")
        .split("\n\n")
        .next()
        .unwrap()
        .to_string();
    let main = twice
        .iter_mut()
        .find(|f| f.path == "network-eu-west-1/main.tf")
        .unwrap();
    main.contents.push('\n');
    main.contents.push_str(&accepter);
    let found = problems(&one, &twice);
    assert!(
        found.iter().any(|p| p.contains("is in roots")),
        "{found:#?}"
    );
    // A workload root applied before the hub root it takes the hub's id from.
    let mut early = good.clone();
    let m = early
        .iter_mut()
        .find(|f| f.path == "manifest.json")
        .unwrap();
    let mut json: Json = serde_json::from_str(&m.contents).unwrap();
    let order = json["deploy_order"].as_array_mut().unwrap();
    order.swap(1, 2);
    m.contents = serde_json::to_string_pretty(&json).unwrap();
    let found = problems(&one, &early);
    assert!(
        found
            .iter()
            .any(|p| p.contains("takes") && p.contains("which is not applied first")),
        "{found:#?}"
    );
}

fn placement(account: &str, region: &str) -> Placement {
    Placement {
        account: account.into(),
        region: region.into(),
    }
}

fn resource(id: &ResourceId, placement: Placement, props: &[(&'static str, Value)]) -> Resource {
    Resource {
        id: id.clone(),
        placement,
        properties: props.iter().cloned().collect(),
        tags: Default::default(),
        depends_on: Vec::new(),
        origin: Path::root(),
    }
}

/// A VPC in account a, a route table in account b that refers to it, and (with `cycle`) the
/// VPC referring back to the table.
fn two_roots(cycle: bool) -> ResourceGraph {
    let vpc = ResourceId::new(Kind::Vpc, ["hub"]);
    let table = ResourceId::new(Kind::RouteTable, ["spoke", "x"]);
    let mut vpc_props = vec![("cidr_block", Value::from("10.0.0.0/16"))];
    if cycle {
        vpc_props.push(("enable_dns_support", Value::Ref(table.id())));
    }
    let resources = [
        resource(
            &table,
            placement("b", "eu-west-1"),
            &[("vpc_id", vpc.id().into())],
        ),
        resource(&vpc, placement("a", "us-east-1"), &vpc_props),
    ]
    .into_iter()
    .map(|r| (r.id.clone(), r))
    .collect();
    ResourceGraph {
        network: "n".into(),
        accounts: [("a", "111111111111"), ("b", "222222222222")]
            .into_iter()
            .map(|(alias, id)| (alias.to_string(), AccountInfo { id: id.into() }))
            .collect(),
        resources,
        outputs: vec![GraphOutput {
            name: vec!["hub".into(), "vpc-id".into()],
            description: "hub".into(),
            value: vpc.id(),
        }],
    }
}

#[test]
fn a_graph_output_that_another_root_takes_is_one_output() {
    let files = render_terraform(&two_roots(false), TerraformLayout::PerAccountRegion).unwrap();
    assert_eq!(
        file(&files, "a-us-east-1/outputs.tf"),
        "output \"hub_vpc_id\" {\n  description = \"hub\"\n  value       = aws_vpc.hub.id\n}\n"
    );
    assert!(file(&files, "b-eu-west-1/main.tf").contains("vpc_id   = var.hub_vpc_id\n"));
    let manifest = manifest(&files);
    assert_eq!(
        manifest["deploy_order"],
        serde_json::json!(["a-us-east-1", "b-eu-west-1"])
    );
    assert_eq!(manifest["roots"][0]["dir"], "b-eu-west-1");
}

#[test]
fn roots_that_feed_each_other_are_a_stack_cycle() {
    let err = render_terraform(&two_roots(true), TerraformLayout::PerAccountRegion).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::StackCycle(roots) if roots == &["b-eu-west-1", "a-us-east-1"]),
        "{err}"
    );
    // One root has no cycle to break.
    assert!(render_terraform(&two_roots(true), TerraformLayout::OneRoot).is_ok());
}

// ---------------------------------------------------------------------------- the CLI

fn netform(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_netform"))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// Every file under `dir`, by relative path.
fn read_tree(dir: &std::path::Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &std::path::Path, dir: &std::path::Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

const TGW_TWO_REGIONS: [&str; 4] = [
    "synth",
    "tgw-hub-spoke",
    "--set",
    "regions=us-east-1,eu-west-1",
];

fn synth(extra: &[&str], out: &std::path::Path) -> Output {
    let mut args = TGW_TWO_REGIONS.to_vec();
    args.extend_from_slice(extra);
    args.extend(["--out", out.to_str().unwrap()]);
    netform(&args)
}

#[test]
fn terraform_layout_with_cloudformation_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cfn");
    for layout in ["one-root", "per-account-region"] {
        let o = synth(
            &["--target", "cloudformation", "--terraform-layout", layout],
            &out,
        );
        assert_eq!(o.status.code(), Some(2));
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(
            err,
            "error: --terraform-layout applies to --target terraform only, not cloudformation\n"
        );
        assert!(o.stdout.is_empty());
        assert!(!out.exists(), "a usage error must write nothing");
    }
    let o = synth(
        &["--target", "terraform", "--terraform-layout", "per-vpc"],
        &out,
    );
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("one-root") && err.contains("per-account-region"),
        "{err}"
    );
}

#[test]
fn cli_layouts_are_deterministic_and_one_root_is_the_default() {
    let dir = tempfile::tempdir().unwrap();
    let run = |name: &str, extra: &[&str]| {
        let out = dir.path().join(name);
        let mut args = vec!["--target", "terraform"];
        args.extend_from_slice(extra);
        let o = synth(&args, &out);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        (
            read_tree(&out),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let (default, _) = run("default", &[]);
    let (one, _) = run("one", &["--terraform-layout", "one-root"]);
    assert_eq!(default, one);
    assert_eq!(default.len(), 5);

    let (first, message) = run("split-1", &["--terraform-layout", "per-account-region"]);
    let (second, _) = run("split-2", &["--terraform-layout", "per-account-region"]);
    assert_eq!(first, second, "two runs differ");
    assert_eq!(first.len(), 8 * 5 + 1);
    assert!(message.contains("wrote 41 terraform files"), "{message}");
    assert!(first.contains_key("network-us-east-1-routing/main.tf"));
    assert!(first.contains_key("manifest.json"));
}
