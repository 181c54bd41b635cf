#!/usr/bin/env node
// Counts the resources a synth wrote: CloudFormation templates (*.template.json, CDK's nested
// templates included) or Terraform files (`resource "type" "name"` blocks in *.tf).
//
//   node count.js DIR      prints {"templates", "resources", "workloadResources", "largestTemplate",
//                          "bytes", "byType"} as one JSON line
//
// workloadResources leaves out what only CDK writes: AWS::CDK::Metadata (version reporting)
// and AWS::CloudFormation::Stack (the nested stacks themselves).
'use strict';

const fs = require('fs');
const path = require('path');

const CDK_OWN = new Set(['AWS::CDK::Metadata', 'AWS::CloudFormation::Stack']);

function count(dir) {
  const files = fs.readdirSync(dir).sort();
  const byType = {};
  let templates = 0;
  let largest = 0;
  let bytes = 0;
  const add = (type, n = 1) => { byType[type] = (byType[type] ?? 0) + n; };
  for (const file of files) {
    const full = path.join(dir, file);
    if (file.endsWith('.template.json')) {
      const text = fs.readFileSync(full, 'utf8');
      const resources = Object.values(JSON.parse(text).Resources ?? {});
      for (const r of resources) add(r.Type);
      templates++;
      bytes += Buffer.byteLength(text);
      largest = Math.max(largest, resources.length);
    } else if (file.endsWith('.tf')) {
      const text = fs.readFileSync(full, 'utf8');
      const blocks = text.match(/^resource\s+"[^"]+"/gm) ?? [];
      for (const b of blocks) add(b.match(/"([^"]+)"/)[1]);
      templates++;
      bytes += Buffer.byteLength(text);
      largest = Math.max(largest, blocks.length);
    }
  }
  const total = Object.values(byType).reduce((a, b) => a + b, 0);
  const own = Object.entries(byType).filter(([t]) => CDK_OWN.has(t)).reduce((a, [, c]) => a + c, 0);
  return { templates, resources: total, workloadResources: total - own, largestTemplate: largest, bytes, byType };
}

module.exports = { count };

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node count.js DIR');
    process.exit(2);
  }
  console.log(JSON.stringify(count(dir)));
}
