#!/usr/bin/env python3
"""Cut the CloudFormation registry schemas down to what netform emits, for tests/schema.rs.

Usage (from the repository root), with cfn-lint 1.58.0 installed (../shared/validators/setup.sh
puts it in $VALIDATORS_HOME/.venv):

    $VALIDATORS_HOME/.venv/bin/python tests/data/subset_cfn_schema.py > tests/data/cfn_schema_subset.json

or, naming the directory of cfn-lint's schemas (cfnlint/data/schemas) with any Python 3:

    python3 tests/data/subset_cfn_schema.py SCHEMAS_DIR > tests/data/cfn_schema_subset.json

The input is the resource schemas cfn-lint ships (the CloudFormation registry schemas of every
region, with cfn-lint's patches applied): `providers/REGION.json` maps each resource type to a
file of `resources/`. The output keeps, for each CloudFormation type of the kinds table (a `cfn_type: "..."`, or the
first argument of a `resource("AWS::...", "aws_...", ...)` entry, in backends/src/kinds.rs and
backends/src/kinds/*.rs; kinds CloudFormation writes inside another resource or refuses have
an empty `cfn_type` and need their parent's type only) and each region of REGIONS (the regions CI lints in), the schema's `properties`,
`definitions`, `required`, `readOnlyProperties`, `primaryIdentifier`,
`additionalProperties` and the top-level combination rules (`requiredXor`, `requiredOr`,
`dependentRequired`, `dependentExcluded`), without descriptions, patterns, handlers and the like (but with
`patternProperties`, the schema of entries keyed by name); a `_meta`
entry says where it came from. A type whose schema differs between the regions is an error.
Adding a kind to kinds.rs and re-running this script updates the subset.

The output is deterministic: sorted keys, one-space indent, a final newline.
Python 3 standard library only (cfn-lint is read as data, when its directory is given).
"""
import glob
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, '..', '..', 'backends', 'src')
CFN_TYPE_RE = re.compile(r'\bcfn_type:\s*"([A-Za-z0-9:]+)"')
# `resource("AWS::...", "aws_...", ...)`: the table's shorthand (backends/src/kinds/dns.rs).
RESOURCE_CALL_RE = re.compile(r'\bresource\(\s*"([A-Za-z0-9:]+)",\s*"[a-z0-9_]*"')
REGIONS = ('us-east-1', 'eu-west-1')
TOP_LEVEL = ('properties', 'definitions', 'required', 'readOnlyProperties',
             'primaryIdentifier', 'additionalProperties',
             # How the type's top-level properties combine (cfn-lint E3014, E3017, E3020):
             # exactly one of (`AWS::EC2::VPC`'s `CidrBlock` / `Ipv4IpamPoolId`), at least one
             # of, one needs another, one excludes another. Dropped below top level.
             'requiredXor', 'requiredOr', 'dependentRequired', 'dependentExcluded')
# Keys of a property schema that say nothing about names and shapes. `patternProperties` is
# kept: it holds the schema of the entries of an object keyed by name (Network Firewall's
# `IPSets`), which tests/schema.rs checks netform's keyed entries against.
DROPPED = {'description', 'pattern', 'markdownDescription', 'examples', 'insertionOrder',
           'uniqueItems', 'maxLength', 'minLength', 'maxItems', 'minItems', 'maximum',
           'minimum', 'relationshipRef', 'anyOf', 'oneOf', 'allOf', 'dependentRequired',
           'dependentExcluded', 'requiredXor', 'format', 'arrayType', 'const',
           'prefixItems', 'propertyNames', 'default', 'enum',
           '$comment', 'title', 'cfnSchema', 'cfnLint', 'awsType'}


def kinds_files():
    """backends/src/kinds.rs and the table's parts in backends/src/kinds/, sorted."""
    parts = os.path.join(SRC, 'kinds')
    files = [os.path.join(SRC, 'kinds.rs')]
    if os.path.isdir(parts):
        files += sorted(os.path.join(parts, f) for f in os.listdir(parts) if f.endswith('.rs'))
    return files


def cfn_types():
    """The CloudFormation resource types of the kinds table, sorted and deduplicated."""
    types = set()
    for path in kinds_files():
        with open(path, encoding='utf-8') as fh:
            text = fh.read()
        types.update(CFN_TYPE_RE.findall(text))
        types.update(RESOURCE_CALL_RE.findall(text))
    if not types:
        sys.exit('subset_cfn_schema: no CloudFormation type found in %s'
                 % ', '.join(kinds_files()))
    return sorted(types)


def strip(node):
    """A schema node without the keys in DROPPED, recursively."""
    if isinstance(node, dict):
        return {k: strip(v) for k, v in node.items() if k not in DROPPED}
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node


def schemas_dir(argv):
    if len(argv) == 2:
        return argv[1]
    import cfnlint  # noqa: E402 (only without an argument)
    return os.path.join(os.path.dirname(cfnlint.__file__), 'data', 'schemas')


def version(base):
    """The version of the cfn-lint whose schemas are at `base` (cfnlint/data/schemas)."""
    site = os.path.abspath(os.path.join(base, '..', '..', '..'))
    found = sorted(glob.glob(os.path.join(site, 'cfn_lint-*.dist-info')))
    if len(found) != 1:
        return 'unknown'
    return os.path.basename(found[0])[len('cfn_lint-'):-len('.dist-info')]


def main(argv):
    if len(argv) > 2 or (len(argv) == 2 and argv[1] in ('-h', '--help')):
        sys.stderr.write(__doc__)
        return 2
    base = schemas_dir(argv)
    digest = hashlib.sha256()
    per_region = {}
    for region in REGIONS:
        path = os.path.join(base, 'providers', region + '.json')
        if not os.path.isfile(path):
            sys.stderr.write('subset_cfn_schema: no %s: not the schemas of cfn-lint 1.58.0 '
                             '(providers/REGION.json and resources/HASH.json)\n' % path)
            return 1
        with open(path, 'rb') as fh:
            raw = fh.read()
        digest.update(raw)
        per_region[region] = json.loads(raw)
    types = cfn_types()
    resources = {}
    problems = []
    for cfn_type in types:
        found = {}
        for region, index in per_region.items():
            if cfn_type not in index:
                problems.append('%s is not a resource type in %s' % (cfn_type, region))
                continue
            with open(os.path.join(base, 'resources', index[cfn_type] + '.json'), 'rb') as fh:
                raw = fh.read()
            digest.update(raw)
            schema = json.loads(raw)
            found[region] = {k: strip(schema[k]) for k in TOP_LEVEL if k in schema}
        distinct = {json.dumps(s, sort_keys=True) for s in found.values()}
        if len(distinct) > 1:
            problems.append('%s differs between %s' % (cfn_type, ', '.join(REGIONS)))
        if found:
            resources[cfn_type] = found[REGIONS[0]]
    if problems:
        sys.stderr.write('subset_cfn_schema: %s\n' % '; '.join(problems))
        return 1
    with open(os.path.join(base, 'version.json'), encoding='utf-8') as fh:
        schema_date = json.load(fh).get('schema_date')
    subset = {
        '_meta': {
            'from': 'cfn-lint resource schemas (cfnlint/data/schemas), regions %s'
                    % ', '.join(REGIONS),
            'cfn_lint_version': version(base),
            'schema_date': schema_date,
            'from_sha256': digest.hexdigest(),
            'generated_by': 'tests/data/subset_cfn_schema.py',
            'note': 'properties, definitions, required, readOnlyProperties, '
                    'primaryIdentifier, additionalProperties and the top-level requiredXor, '
                    'requiredOr, dependentRequired and dependentExcluded of the resource types of '
                    'backends/src/kinds.rs and kinds/*.rs; descriptions, patterns and limits dropped '
                    '(patternProperties kept)',
            'resources': types,
        },
        'resources': resources,
    }
    sys.stdout.write(json.dumps(subset, indent=1, sort_keys=True, ensure_ascii=False) + '\n')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
