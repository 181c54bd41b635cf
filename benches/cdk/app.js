#!/usr/bin/env node
// netform's standard workload (benches/scale.rs) written with AWS CDK v2 L1 constructs, for a
// synth-time comparison. See README.md.
//
//   node app.js [--spokes N] [--mode single|nested] [--validation default|off] [--out DIR] [--keep]
//               [--no-path-metadata] [--no-count]
//
// Environment fallbacks: SPOKES, MODE, VALIDATION, CDK_BENCH_OUT. Synthesizes in-process with
// app.synth() (no CDK CLI), then prints one JSON line: times of each phase, peak RSS and the
// resources of every template written.
'use strict';

const processStart = performance.now();
const fs = require('fs');
const os = require('os');
const path = require('path');

// ---------------------------------------------------------------------------------------------
// Arguments

function parseArgs(argv) {
  const opts = {
    spokes: Number(process.env.SPOKES ?? 100),
    mode: process.env.MODE ?? 'single',
    validation: process.env.VALIDATION ?? 'default',
    out: process.env.CDK_BENCH_OUT,
    keep: false,
    pathMetadata: true,
    count: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--spokes' || a === '-n') opts.spokes = Number(next());
    else if (a === '--mode') opts.mode = next();
    else if (a === '--validation') opts.validation = next();
    else if (a === '--out') opts.out = next();
    else if (a === '--keep') opts.keep = true;
    else if (a === '--no-path-metadata') opts.pathMetadata = false;
    else if (a === '--no-count') opts.count = false;
    else if (/^\d+$/.test(a)) opts.spokes = Number(a);
    else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(opts.spokes) || opts.spokes < 0) throw new Error('--spokes must be a whole number');
  if (opts.spokes > SPOKES_PER_REGION) {
    // netform spreads N > 2,500 over several regions (one hub each); a CDK Stack lives in one
    // region, so this app stops at one region's worth.
    throw new Error(`at most ${SPOKES_PER_REGION} spokes (one region)`);
  }
  if (!['single', 'nested'].includes(opts.mode)) throw new Error('--mode is single or nested');
  if (!['default', 'off'].includes(opts.validation)) throw new Error('--validation is default or off');
  if (!opts.out) {
    opts.out = fs.mkdtempSync(path.join(os.tmpdir(), `cdk.out-${opts.mode}-${opts.validation}-${opts.spokes}-`));
  } else {
    // Keep what is asked for.
    opts.keep = true;
  }
  return opts;
}

// The constants of benches/scale.rs.
const SPOKES_PER_REGION = 2500;
const REGION = 'us-east-1';
const NETWORK_ACCOUNT = '111111111111';
const NETWORK = 'bench';
const AZS = ['a', 'b', 'c'];
const FLOW_LOG_BUCKET = 'arn:aws:s3:::bench-flow-logs';
const SHARE_PRINCIPAL = 'arn:aws:organizations::111111111111:ou/o-exampleorg1/ou-ab12-34cd5678';
// Region 0's block, 10.0.0.0/10; every VPC takes the next /22 of it, the inspection VPC first.
const BLOCK = '10.0.0.0/10';
const BLOCK_BASE = (10 << 24) >>> 0;
// Nested mode: at most this many resources per nested stack (CloudFormation's limit is 500).
const NESTED_MAX_RESOURCES = 400;
const RESOURCES_PER_SPOKE = 26;

function ip(n) {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}
const vpcBase = (index) => BLOCK_BASE + index * 1024; // index 0 is the inspection VPC
const cap = (s) => s[0].toUpperCase() + s.slice(1);

// ---------------------------------------------------------------------------------------------
// The workload

const opts = parseArgs(process.argv.slice(2));

const cdk = require('aws-cdk-lib');
const { aws_ec2: ec2, aws_networkfirewall: nfw, aws_ram: ram } = cdk;
const loaded = performance.now();

// The context the CDK CLI passes to an app by default; "default" mode sets it too, so an
// in-process app.synth() does what `cdk synth` does.
const CLI_CONTEXT = {
  'aws:cdk:enable-path-metadata': true,
  'aws:cdk:enable-asset-metadata': true,
  'aws:cdk:version-reporting': true,
  'aws:cdk:bundling-stacks': ['**'],
};

// What "--validation off" turns off; README.md says what each one does.
const OFF_CONTEXT = {
  // No aws:cdk:creationStack metadata: CfnElement's constructor captures and renders a stack
  // trace for every L1 resource unless this is set.
  'aws:cdk:disable-creation-stack-traces': true,
  // No aws:cdk:logicalId metadata entry per resource in manifest.json.
  'aws:cdk:disable-logicalId-metadata': true,
  // No stack traces on annotations (warnings, infos); same as AppProps.stackTraces: false.
  'aws:cdk:disable-stack-trace': true,
};

function makeApp() {
  const context = {};
  if (opts.mode === 'single') {
    // One template of ~26 x N resources: lift the 500-resource check of Stack synthesis
    // (0 means no limit). Not deployable above 500; this is the shape the comparison quotes.
    context['@aws-cdk/core:stackResourceLimit'] = 0;
  }
  const props = { outdir: opts.out, context };
  if (opts.validation === 'default') {
    // What `cdk synth` puts in the context by default (aws-cdk-cli, toolkit-lib
    // contextFromSettings): aws:cdk:path metadata on every resource, asset metadata, version
    // reporting (the AWS::CDK::Metadata resource), bundling of all stacks.
    Object.assign(context, CLI_CONTEXT);
    // As `cdk synth --no-path-metadata`.
    if (!opts.pathMetadata) delete context['aws:cdk:enable-path-metadata'];
  } else {
    Object.assign(context, OFF_CONTEXT);
    Object.assign(props, {
      stackTraces: false,
      treeMetadata: false, // no tree.json
      analyticsReporting: false, // no AWS::CDK::Metadata resource (and its walk of the tree)
      performanceReporting: false,
      builtinCloudFormationValidation: false, // no CloudFormation Validate (template linter)
    });
  }
  return new cdk.App(props);
}

const tags = (name) => [{ key: 'Name', value: `${NETWORK}-${name}` }];

/** One VPC's subnets, route tables and associations, as netform writes them. */
function subnets(scope, prefix, vpc, vpcName, groups) {
  const out = {};
  for (const g of groups) {
    out[g.name] = AZS.map((az, i) => {
      const id = `${prefix}${cap(g.name)}${az.toUpperCase()}`;
      const subnet = new ec2.CfnSubnet(scope, `${id}Subnet`, {
        vpcId: vpc.ref,
        cidrBlock: g.cidr(i),
        availabilityZone: `${REGION}${az}`,
        mapPublicIpOnLaunch: false,
        tags: tags(`${vpcName}-${g.name}-${az}`),
      });
      const routeTable = new ec2.CfnRouteTable(scope, `${id}RouteTable`, {
        vpcId: vpc.ref,
        tags: tags(`${vpcName}-${g.name}-${az}`),
      });
      new ec2.CfnSubnetRouteTableAssociation(scope, `${id}RouteTableAssociation`, {
        subnetId: subnet.ref,
        routeTableId: routeTable.ref,
      });
      return { id, az, subnet, routeTable };
    });
  }
  return out;
}

function vpc(scope, prefix, name, index) {
  return new ec2.CfnVPC(scope, `${prefix}Vpc`, {
    cidrBlock: `${ip(vpcBase(index))}/22`,
    enableDnsSupport: true,
    enableDnsHostnames: true,
    tags: tags(name),
  });
}

function flowLog(scope, prefix, name, v) {
  return new ec2.CfnFlowLog(scope, `${prefix}FlowLog`, {
    resourceId: v.ref,
    resourceType: 'VPC',
    trafficType: 'ALL',
    logDestinationType: 's3',
    logDestination: FLOW_LOG_BUCKET,
    tags: tags(name),
  });
}

/** The hub: Transit Gateway, RAM share, TGW route tables, the inspection VPC with Network
 * Firewall and NAT, and the hub routing of the inspection attachment (64 resources). */
function hub(scope) {
  const r = 0;
  const hubName = `hub-${r}`;
  const tgw = new ec2.CfnTransitGateway(scope, 'Hub0TransitGateway', {
    description: `netform hub ${hubName} of network ${NETWORK}`,
    amazonSideAsn: 64512 + r,
    autoAcceptSharedAttachments: 'enable',
    defaultRouteTableAssociation: 'disable',
    defaultRouteTablePropagation: 'disable',
    dnsSupport: 'enable',
    vpnEcmpSupport: 'enable',
    tags: tags(hubName),
  });
  new ram.CfnResourceShare(scope, 'Hub0Share', {
    name: `${NETWORK}-${hubName}`,
    allowExternalPrincipals: false,
    resourceArns: [tgw.attrTransitGatewayArn],
    principals: [SHARE_PRINCIPAL],
    tags: tags(hubName),
  });
  const spokesRt = new ec2.CfnTransitGatewayRouteTable(scope, 'Hub0SpokesTgwRouteTable', {
    transitGatewayId: tgw.ref,
    tags: tags(`${hubName}-spokes`),
  });
  const inspectionRt = new ec2.CfnTransitGatewayRouteTable(scope, 'Hub0InspectionTgwRouteTable', {
    transitGatewayId: tgw.ref,
    tags: tags(`${hubName}-inspection`),
  });

  // The inspection VPC.
  const p = 'Inspection0';
  const name = `inspection-${r}`;
  const v = vpc(scope, p, name, 0);
  const igw = new ec2.CfnInternetGateway(scope, `${p}InternetGateway`, { tags: tags(name) });
  const igwAttachment = new ec2.CfnVPCGatewayAttachment(scope, `${p}InternetGatewayAttachment`, {
    vpcId: v.ref,
    internetGatewayId: igw.ref,
  });
  const base = vpcBase(0);
  const sn = subnets(scope, p, v, name, [
    { name: 'transit', cidr: (i) => `${ip(base + i * 16)}/28` },
    { name: 'firewall', cidr: (i) => `${ip(base + 48 + i * 16)}/28` },
    { name: 'public', cidr: (i) => `${ip(base + 96 + i * 16)}/28` },
  ]);
  const nats = AZS.map((az, i) => {
    const eip = new ec2.CfnEIP(scope, `${p}Nat${az.toUpperCase()}Eip`, {
      domain: 'vpc',
      tags: tags(`${name}-nat-${az}`),
    });
    eip.addResourceDependency(igwAttachment);
    const nat = new ec2.CfnNatGateway(scope, `${p}Nat${az.toUpperCase()}NatGateway`, {
      allocationId: eip.attrAllocationId,
      subnetId: sn.public[i].subnet.ref,
      tags: tags(`${name}-nat-${az}`),
    });
    nat.addResourceDependency(igwAttachment);
    return nat;
  });
  flowLog(scope, p, name, v);
  const attachment = new ec2.CfnTransitGatewayVpcAttachment(scope, `Hub0${p}TgwAttachment`, {
    transitGatewayId: tgw.ref,
    vpcId: v.ref,
    subnetIds: sn.transit.map((s) => s.subnet.ref),
    options: { ApplianceModeSupport: 'enable', DnsSupport: 'enable' },
    tags: tags(`${hubName}-${name}`),
  });

  // AWS Network Firewall: one stateful rule group, the policy, a firewall per AZ.
  const ruleGroup = new nfw.CfnRuleGroup(scope, `${p}DenySmbRuleGroup`, {
    ruleGroupName: `${NETWORK}-${name}-deny-smb`,
    type: 'STATEFUL',
    capacity: 100,
    ruleGroup: {
      rulesSource: {
        statefulRules: [{
          action: 'DROP',
          header: {
            protocol: 'TCP',
            source: 'ANY',
            sourcePort: 'ANY',
            direction: 'FORWARD',
            destination: 'ANY',
            destinationPort: '445',
          },
          ruleOptions: [{ keyword: 'sid', settings: ['1'] }],
        }],
      },
    },
    tags: tags(`${name}-deny-smb`),
  });
  const policy = new nfw.CfnFirewallPolicy(scope, `${p}FirewallPolicy`, {
    firewallPolicyName: `${NETWORK}-${name}`,
    firewallPolicy: {
      statelessDefaultActions: ['aws:forward_to_sfe'],
      statelessFragmentDefaultActions: ['aws:forward_to_sfe'],
      statefulRuleGroupReferences: [{ resourceArn: ruleGroup.ref }],
      policyVariables: { ruleVariables: { HOME_NET: { definition: [BLOCK] } } },
    },
    tags: tags(name),
  });
  const endpoints = AZS.map((az, i) => {
    const fw = new nfw.CfnFirewall(scope, `${p}${az.toUpperCase()}Firewall`, {
      firewallName: `${NETWORK}-${name}-${az}`,
      firewallPolicyArn: policy.ref,
      vpcId: v.ref,
      subnetMappings: [{ subnetId: sn.firewall[i].subnet.ref }],
      deleteProtection: true,
      tags: tags(`${name}-${az}`),
    });
    // The endpoint id out of "az:vpce-...".
    return cdk.Fn.select(1, cdk.Fn.split(':', cdk.Fn.select(0, fw.attrEndpointIds)));
  });

  // Routes: transit -> firewall; firewall -> TGW (the block) and NAT (default);
  // public -> IGW (default) and firewall (the block, for return traffic).
  AZS.forEach((az, i) => {
    new ec2.CfnRoute(scope, `${sn.transit[i].id}DefaultRoute`, {
      routeTableId: sn.transit[i].routeTable.ref,
      destinationCidrBlock: '0.0.0.0/0',
      vpcEndpointId: endpoints[i],
    });
    const toTgw = new ec2.CfnRoute(scope, `${sn.firewall[i].id}10x0x0x0m10Route`, {
      routeTableId: sn.firewall[i].routeTable.ref,
      destinationCidrBlock: BLOCK,
      transitGatewayId: tgw.ref,
    });
    toTgw.addResourceDependency(attachment);
    new ec2.CfnRoute(scope, `${sn.firewall[i].id}DefaultRoute`, {
      routeTableId: sn.firewall[i].routeTable.ref,
      destinationCidrBlock: '0.0.0.0/0',
      natGatewayId: nats[i].ref,
    });
    const toIgw = new ec2.CfnRoute(scope, `${sn.public[i].id}DefaultRoute`, {
      routeTableId: sn.public[i].routeTable.ref,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: igw.ref,
    });
    toIgw.addResourceDependency(igwAttachment);
    new ec2.CfnRoute(scope, `${sn.public[i].id}10x0x0x0m10Route`, {
      routeTableId: sn.public[i].routeTable.ref,
      destinationCidrBlock: BLOCK,
      vpcEndpointId: endpoints[i],
    });
  });

  // Hub routing (netform's "-routing" stack): the inspection attachment in its route table,
  // and the spokes' default route to it.
  new ec2.CfnTransitGatewayRouteTableAssociation(scope, `Hub0${p}TgwAssociation`, {
    transitGatewayAttachmentId: attachment.ref,
    transitGatewayRouteTableId: inspectionRt.ref,
  });
  new ec2.CfnTransitGatewayRoute(scope, 'Hub0SpokesDefaultTgwRoute', {
    transitGatewayRouteTableId: spokesRt.ref,
    destinationCidrBlock: '0.0.0.0/0',
    transitGatewayAttachmentId: attachment.ref,
  });
  return { tgw, spokesRt, inspectionRt };
}

/** Spoke s: VPC, 3 AZs x (transit /28, app /24) with route tables and associations, a default
 * route to the TGW per app route table, flow log, TGW attachment, its association to the spokes
 * route table and propagation to the inspection one (26 resources). */
function spoke(scope, s, h) {
  const p = `Spoke${s}`;
  const name = `spoke-${s}`;
  const v = vpc(scope, p, name, s + 1);
  const base = vpcBase(s + 1);
  const sn = subnets(scope, p, v, name, [
    { name: 'transit', cidr: (i) => `${ip(base + i * 16)}/28` },
    { name: 'app', cidr: (i) => `${ip(base + (i + 1) * 256)}/24` },
  ]);
  const attachment = new ec2.CfnTransitGatewayVpcAttachment(scope, `Hub0${p}TgwAttachment`, {
    transitGatewayId: h.tgw.ref,
    vpcId: v.ref,
    subnetIds: sn.transit.map((x) => x.subnet.ref),
    options: { ApplianceModeSupport: 'disable', DnsSupport: 'enable' },
    tags: tags(`hub-0-${name}`),
  });
  for (const app of sn.app) {
    const route = new ec2.CfnRoute(scope, `${app.id}DefaultRoute`, {
      routeTableId: app.routeTable.ref,
      destinationCidrBlock: '0.0.0.0/0',
      transitGatewayId: h.tgw.ref,
    });
    route.addResourceDependency(attachment);
  }
  flowLog(scope, p, name, v);
  new ec2.CfnTransitGatewayRouteTableAssociation(scope, `Hub0${p}TgwAssociation`, {
    transitGatewayAttachmentId: attachment.ref,
    transitGatewayRouteTableId: h.spokesRt.ref,
  });
  new ec2.CfnTransitGatewayRouteTablePropagation(scope, `Hub0${p}InspectionTgwPropagation`, {
    transitGatewayAttachmentId: attachment.ref,
    transitGatewayRouteTableId: h.inspectionRt.ref,
  });
}

function build(app) {
  const stack = new cdk.Stack(app, `${NETWORK}-${opts.mode}`, {
    env: { account: NETWORK_ACCOUNT, region: REGION },
    description: `netform standard workload, ${opts.spokes} spokes, CDK ${opts.mode}`,
  });
  // netform's network-wide tag, the CDK way.
  cdk.Tags.of(app).add('managed-by', 'netform');
  const h = hub(stack);
  if (opts.mode === 'single') {
    for (let s = 0; s < opts.spokes; s++) spoke(stack, s, h);
  } else {
    const perStack = Math.floor(NESTED_MAX_RESOURCES / RESOURCES_PER_SPOKE);
    for (let first = 0, g = 0; first < opts.spokes; first += perStack, g++) {
      const nested = new cdk.NestedStack(stack, `Spokes${g}`, {
        description: `spokes ${first} to ${Math.min(first + perStack, opts.spokes) - 1}`,
      });
      for (let s = first; s < Math.min(first + perStack, opts.spokes); s++) spoke(nested, s, h);
    }
  }
  return stack;
}

// ---------------------------------------------------------------------------------------------
// Run, time, count

const app = makeApp();
build(app);
const constructed = performance.now();
const synthOptions = opts.validation === 'off'
  ? { skipValidation: true, validateOnSynthesis: false }
  : {};
const assembly = app.synth(synthOptions);
const synthesized = performance.now();
const maxRssKb = process.resourceUsage().maxRSS;

// Count what was written (all *.template.json, nested ones included), unless --no-count:
// measure.sh counts in a separate process so that reading the templates back is not timed.
const counted = opts.count ? require('./count').count(assembly.directory) : undefined;
const result = {
  tool: 'cdk',
  cdkVersion: require('aws-cdk-lib/package.json').version,
  node: process.version,
  mode: opts.mode,
  validation: opts.validation,
  pathMetadata: opts.validation === 'default' ? opts.pathMetadata : false,
  spokes: opts.spokes,
  expectedResources: 64 + RESOURCES_PER_SPOKE * opts.spokes,
  ...(counted ? {
    templates: counted.templates,
    resources: counted.resources,
    workloadResources: counted.workloadResources,
    largestTemplate: counted.largestTemplate,
    templateBytes: counted.bytes,
  } : {}),
  seconds: {
    load: +((loaded - processStart) / 1000).toFixed(3),
    construct: +((constructed - loaded) / 1000).toFixed(3),
    synth: +((synthesized - constructed) / 1000).toFixed(3),
    total: +((synthesized - processStart) / 1000).toFixed(3),
  },
  maxRssKb,
  out: opts.keep ? assembly.directory : undefined,
};
if (counted && process.env.CDK_BENCH_TYPES) result.byType = counted.byType;
console.log(JSON.stringify(result));
if (!opts.keep) fs.rmSync(assembly.directory, { recursive: true, force: true });
