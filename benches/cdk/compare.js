#!/usr/bin/env node
// Checks that the CDK app builds what netform builds: every resource of netform's CloudFormation
// output (all stacks of manifest.json) against the CDK assembly (single or nested), by logical
// id, type, DependsOn and properties.
//
//   node compare.js NETFORM_CFN_DIR CDK_OUT_DIR
//
// Normalized away: netform's cross-stack Parameters (resolved through manifest.json to the
// resource they carry) and imports (Fn::ImportValue, resolved to the exported value), CDK's nested-stack parameters (resolved through the parent's
// AWS::CloudFormation::Stack resources), the order of Tags and DependsOn, resource Metadata
// (aws:cdk:path), and CDK's own AWS::CDK::Metadata and AWS::CloudFormation::Stack resources.
// Exit status 0 when equal.
'use strict';

const fs = require('fs');
const path = require('path');

const [netformDir, cdkDir] = process.argv.slice(2);
if (!netformDir || !cdkDir) {
  console.error('usage: node compare.js NETFORM_CFN_DIR CDK_OUT_DIR');
  process.exit(2);
}
const readJson = (f) => JSON.parse(fs.readFileSync(f, 'utf8'));

// Replace {Ref: param} by what the parameter stands for, and {Fn::ImportValue: export} by the
// exported value; recursive.
function substitute(value, params, exports = new Map()) {
  if (Array.isArray(value)) return value.map((v) => substitute(v, params, exports));
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === 'Ref' && params.has(value.Ref)) return params.get(value.Ref);
    if (keys.length === 1 && keys[0] === 'Fn::ImportValue' && exports.has(value['Fn::ImportValue'])) {
      return exports.get(value['Fn::ImportValue']);
    }
    return Object.fromEntries(keys.map((k) => [k, substitute(value[k], params, exports)]));
  }
  return value;
}

function normalize(resource) {
  const out = { Type: resource.Type };
  if (resource.DependsOn) out.DependsOn = [].concat(resource.DependsOn).sort();
  const props = { ...(resource.Properties ?? {}) };
  if (Array.isArray(props.Tags)) props.Tags = [...props.Tags].sort((a, b) => (a.Key < b.Key ? -1 : 1));
  out.Properties = props;
  return out;
}

// netform: every stack of manifest.json, parameters resolved to the output's value.
function netformResources(dir) {
  const manifest = readJson(path.join(dir, 'manifest.json'));
  const templates = new Map(manifest.stacks.map((s) => [s.name, readJson(path.join(dir, s.template))]));
  const exports = new Map();
  for (const t of templates.values()) {
    for (const o of Object.values(t.Outputs ?? {})) if (o.Export) exports.set(o.Export.Name, o.Value);
  }
  const all = new Map();
  for (const stack of manifest.stacks) {
    const params = new Map();
    for (const p of stack.parameters ?? []) {
      params.set(p.parameter, templates.get(p.from_stack).Outputs[p.output].Value);
    }
    for (const [id, r] of Object.entries(templates.get(stack.name).Resources)) {
      if (all.has(id)) throw new Error(`netform: ${id} twice`);
      all.set(id, normalize(substitute(r, params, exports)));
    }
  }
  return all;
}

// CDK: the top-level templates, and nested templates with their parameters resolved to what
// the parent passes.
function cdkResources(dir) {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.template.json'));
  const nestedParams = new Map();
  const all = new Map();
  const add = (file, params) => {
    for (const [id, r] of Object.entries(readJson(path.join(dir, file)).Resources)) {
      if (r.Type === 'AWS::CDK::Metadata') continue;
      if (r.Type === 'AWS::CloudFormation::Stack') {
        for (const [k, v] of Object.entries(r.Properties.Parameters ?? {})) nestedParams.set(k, v);
        continue;
      }
      if (all.has(id)) throw new Error(`cdk: ${id} twice`);
      all.set(id, normalize(substitute(r, params)));
    }
  };
  for (const f of files.filter((f) => !f.endsWith('.nested.template.json'))) add(f, new Map());
  for (const f of files.filter((f) => f.endsWith('.nested.template.json'))) add(f, nestedParams);
  return all;
}

// JSON with object keys sorted, so key order does not count.
const canonical = (v) => JSON.stringify(v, (k, x) => (x && typeof x === 'object' && !Array.isArray(x)
  ? Object.fromEntries(Object.keys(x).sort().map((key) => [key, x[key]]))
  : x));

const a = netformResources(netformDir);
const b = cdkResources(cdkDir);
let differences = 0;
const report = (msg) => {
  differences++;
  if (differences <= 20) console.log(msg);
};
for (const [id, r] of a) {
  if (!b.has(id)) report(`only in netform: ${id} (${r.Type})`);
  else if (canonical(r) !== canonical(b.get(id))) {
    report(`differs: ${id}\n  netform: ${canonical(r)}\n  cdk:     ${canonical(b.get(id))}`);
  }
}
for (const [id, r] of b) if (!a.has(id)) report(`only in cdk: ${id} (${r.Type})`);
console.log(`netform ${a.size} resources, cdk ${b.size} resources, ${differences} differences`);
process.exit(differences === 0 ? 0 : 1);
