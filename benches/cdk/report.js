#!/usr/bin/env node
// Prints the tables of measure.sh from the JSON lines it collected.
//
//   node report.js RESULTS.jsonl
//
// Records: {kind: "bench", wall, rss, status, file} (the stdout of `cargo bench --bench scale`),
// {kind: "netform", target, spokes, wall, rss, status, count, error},
// {kind: "cdk", mode, validation, spokes, wall, rss, status, app, count, match, error}.
'use strict';

const fs = require('fs');

const file = process.argv[2];
const records = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));

// Rust's `{:.1?}` of a Duration: 951.8µs, 95.2ms, 1.2s.
function seconds(text) {
  const m = /^([\d.]+)(ns|µs|us|ms|s)$/.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * { ns: 1e-9, µs: 1e-6, us: 1e-6, ms: 1e-3, s: 1 }[m[2]];
}

// The table of benches/scale.rs: spokes target resources files median per-spoke then-free
// peak-heap MB.
const benchRows = [];
const bench = records.find((r) => r.kind === 'bench');
if (bench && bench.file && fs.existsSync(bench.file)) {
  for (const line of fs.readFileSync(bench.file, 'utf8').split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length >= 9 && /^\d+$/.test(f[0]) && seconds(f[4]) !== undefined) {
      benchRows.push({
        spokes: Number(f[0]), target: f[1], resources: Number(f[2]), files: Number(f[3]),
        median: seconds(f[4]), peakHeapMb: Number(f[7]),
      });
    }
  }
}

const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
const fmt = (x, d = 2) => (x === undefined || x === null || Number.isNaN(x) ? '-' : Number(x).toFixed(d));
const mb = (kb) => (kb ? (kb / 1024).toFixed(0) : '-');

function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (r) => r.map((c, i) => (i === 0 || i === 1 ? pad(c, widths[i]) : lpad(c, widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

const sizes = [...new Set(records.filter((r) => r.spokes !== undefined).map((r) => r.spokes))].sort((a, b) => a - b);
const netform = records.filter((r) => r.kind === 'netform');
const cdk = records.filter((r) => r.kind === 'cdk');
const cdkLabel = (r) => `${r.mode}, validation ${r.validation}${r.validation === 'default' && r.pathMetadata === false ? ', no path metadata' : ''}`;

console.log('\n== All runs (one run each; wall time and peak RSS from /usr/bin/time; resources counted in the files written)\n');
const rows = [];
for (const n of sizes) {
  for (const b of benchRows.filter((x) => x.spokes === n)) {
    rows.push(['netform', `bench ${b.target} (median, in-process)`, n, b.resources, b.files,
      fmt(b.median, 3), `${b.peakHeapMb} heap`, '-', '-']);
  }
  for (const r of netform.filter((x) => x.spokes === n)) {
    rows.push(['netform', `CLI ${r.target}`, n,
      r.status === 0 ? r.count?.resources : 'FAILED', r.status === 0 ? r.count?.templates : '-',
      fmt(r.wall), mb(r.rss), '-', '-']);
  }
  for (const r of cdk.filter((x) => x.spokes === n)) {
    const own = r.count ? r.count.resources - r.count.workloadResources : 0;
    const s = r.app?.seconds;
    rows.push(['cdk', cdkLabel(r), n,
      r.status === 0 && r.count ? `${r.count.workloadResources}${own ? ` +${own} CDK` : ''}` : 'FAILED',
      r.status === 0 && r.count ? r.count.templates : '-',
      fmt(r.wall), mb(r.rss),
      s ? `${fmt(s.construct + s.synth)} (${fmt(s.construct)}+${fmt(s.synth)})` : '-',
      r.match ?? '-']);
  }
}
table(['tool', 'run', 'N', 'resources', 'files', 'wall s', 'peak MB', 'construct+synth s', 'same as netform'], rows);

console.log('\nresources: CloudFormation resources (Terraform: resource blocks). netform\'s bench counts its resource graph,');
console.log('which has the 2 RAM associations that CloudFormation folds into AWS::RAM::ResourceShare; "+k CDK" are');
console.log('CDK\'s own AWS::CDK::Metadata / AWS::CloudFormation::Stack resources. Expected workload per N: 64 + 26 x N.');

for (const r of [...netform, ...cdk].filter((x) => x.status !== 0)) {
  const what = r.kind === 'cdk' ? `cdk ${cdkLabel(r)}` : `netform CLI ${r.target}`;
  console.log(`\nFAILED: ${what} at N=${r.spokes} (exit ${r.status}): ${r.error ?? ''}`);
}
for (const r of cdk.filter((x) => x.status === 0 && x.count && x.count.workloadResources !== 64 + 26 * x.spokes)) {
  console.log(`\nCOUNT MISMATCH: cdk ${cdkLabel(r)} at N=${r.spokes}: ${r.count.workloadResources}, expected ${64 + 26 * r.spokes}`);
}

console.log('\n== Ratios, CDK / netform (same N; > 1 means CDK is slower or bigger)\n');
const ratioRows = [];
for (const n of sizes) {
  const cli = (t) => netform.find((x) => x.spokes === n && x.target === t && x.status === 0);
  const cfn = cli('cloudformation');
  const tf = cli('terraform');
  const benchCfn = benchRows.find((x) => x.spokes === n && x.target === 'cloudformation');
  const ratio = (a, b) => (a && b ? `${(a / b).toFixed(a / b >= 100 ? 0 : 1)}x` : '-');
  for (const r of cdk.filter((x) => x.spokes === n && x.status === 0)) {
    const s = r.app?.seconds;
    ratioRows.push([cdkLabel(r), n,
      ratio(r.wall, cfn?.wall), ratio(r.wall, tf?.wall),
      ratio(s && s.construct + s.synth, benchCfn?.median),
      ratio(r.rss, cfn?.rss ?? tf?.rss)]);
  }
}
table(['CDK run', 'N', 'wall / CLI cfn', 'wall / CLI tf', 'in-process / bench cfn', 'peak RSS / CLI'], ratioRows);
console.log('\nwall: whole process, start to files written (node + aws-cdk-lib load vs. the netform binary reading net-N.json).');
console.log('in-process: CDK construct + app.synth() vs. the bench\'s median of build + validate + lower + render (cloudformation).');
console.log('peak RSS / CLI: against the CloudFormation CLI run, or the Terraform one where CloudFormation failed.');
