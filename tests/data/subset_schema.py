#!/usr/bin/env python3
"""Cut the AWS provider schema down to what netform emits, for tests/schema.rs.

Usage (from the repository root):

    python3 tests/data/subset_schema.py ../shared/validators/aws_tf_schema.json > tests/data/aws_tf_schema_subset.json

The input is the hashicorp/aws provider schema used by ../shared/validators/tf_check.py
(top-level `_meta`, `provider`, `resources`, `data_sources`). The output keeps `_meta`
(with a `subset` entry saying where the subset came from), the `provider` schema, and the
`resources` whose type is a Terraform type of the kinds table: a `tf_type: "..."` or the
second argument of a `resource("AWS::...", "aws_...", ...)` entry in backends/src/kinds.rs
and backends/src/kinds/*.rs; data sources are dropped. Adding a kind to the table and
re-running this script updates the subset.

The output is deterministic: sorted keys, one-space indent, a final newline.
Python 3 standard library only.
"""
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, '..', '..', 'backends', 'src')
TF_TYPE_RE = re.compile(r'\btf_type:\s*"([a-z0-9_]+)"')
# `resource("AWS::...", "aws_...", ...)`: the table's shorthand (backends/src/kinds/dns.rs).
RESOURCE_CALL_RE = re.compile(r'\bresource\(\s*"[A-Za-z0-9:]*",\s*"([a-z0-9_]+)"')


def kinds_files():
    """backends/src/kinds.rs and the table's parts in backends/src/kinds/, sorted."""
    parts = os.path.join(SRC, 'kinds')
    files = [os.path.join(SRC, 'kinds.rs')]
    if os.path.isdir(parts):
        files += sorted(os.path.join(parts, f) for f in os.listdir(parts) if f.endswith('.rs'))
    return files


def tf_types():
    """The Terraform resource types of the kinds table, sorted and deduplicated."""
    types = set()
    for path in kinds_files():
        with open(path, encoding='utf-8') as fh:
            text = fh.read()
        types.update(TF_TYPE_RE.findall(text))
        types.update(RESOURCE_CALL_RE.findall(text))
    if not types:
        sys.exit('subset_schema: no Terraform type found in %s' % ', '.join(kinds_files()))
    return sorted(types)


def main(argv):
    if len(argv) != 2 or argv[1] in ('-h', '--help'):
        sys.stderr.write(__doc__)
        return 2
    source = argv[1]
    with open(source, 'rb') as fh:
        raw = fh.read()
    schema = json.loads(raw)
    types = tf_types()
    missing = [t for t in types if t not in schema['resources']]
    if missing:
        sys.stderr.write('subset_schema: not in %s: %s\n' % (source, ', '.join(missing)))
        return 1
    meta = dict(schema['_meta'])
    meta['subset'] = {
        'from': 'aws_tf_schema.json (../shared/validators/aws_tf_schema.json)',
        'from_sha256': hashlib.sha256(raw).hexdigest(),
        'generated_by': 'tests/data/subset_schema.py',
        'note': 'provider schema plus the resource types of backends/src/kinds.rs and kinds/*.rs; '
                'data sources dropped; the counts above are of the full schema',
        'resources': types,
    }
    subset = {
        '_meta': meta,
        'provider': schema['provider'],
        'resources': {t: schema['resources'][t] for t in types},
    }
    sys.stdout.write(json.dumps(subset, indent=1, sort_keys=True, ensure_ascii=False) + '\n')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
