#!/usr/bin/env python3
"""Cut the AWS provider schema down to what netform emits, for tests/schema.rs.

Usage (from the repository root):

    python3 tests/data/subset_schema.py ../shared/validators/aws_tf_schema.json > tests/data/aws_tf_schema_subset.json

The input is the hashicorp/aws provider schema used by ../shared/validators/tf_check.py
(top-level `_meta`, `provider`, `resources`, `data_sources`). The output keeps `_meta`
(with a `subset` entry saying where the subset came from), the `provider` schema, and the
`resources` whose type is a `tf_type: "..."` in backends/src/kinds.rs; data sources are
dropped. Adding a kind to kinds.rs and re-running this script updates the subset.

The output is deterministic: sorted keys, one-space indent, a final newline.
Python 3 standard library only.
"""
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS_RS = os.path.join(HERE, '..', '..', 'backends', 'src', 'kinds.rs')
TF_TYPE_RE = re.compile(r'\btf_type:\s*"([a-z0-9_]+)"')


def tf_types(kinds_rs):
    """The Terraform resource types in kinds.rs, sorted and deduplicated."""
    with open(kinds_rs, encoding='utf-8') as fh:
        types = sorted(set(TF_TYPE_RE.findall(fh.read())))
    if not types:
        sys.exit('subset_schema: no `tf_type: "..."` found in %s' % kinds_rs)
    return types


def main(argv):
    if len(argv) != 2 or argv[1] in ('-h', '--help'):
        sys.stderr.write(__doc__)
        return 2
    source = argv[1]
    with open(source, 'rb') as fh:
        raw = fh.read()
    schema = json.loads(raw)
    types = tf_types(KINDS_RS)
    missing = [t for t in types if t not in schema['resources']]
    if missing:
        sys.stderr.write('subset_schema: not in %s: %s\n' % (source, ', '.join(missing)))
        return 1
    meta = dict(schema['_meta'])
    meta['subset'] = {
        'from': 'aws_tf_schema.json (../shared/validators/aws_tf_schema.json)',
        'from_sha256': hashlib.sha256(raw).hexdigest(),
        'generated_by': 'tests/data/subset_schema.py',
        'note': 'provider schema plus the resource types of backends/src/kinds.rs; '
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
