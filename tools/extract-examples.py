#!/usr/bin/env python
"""Write each plugin's EXAMPLES to files, for `make lint` to run ansible-lint on them.

    extract-examples.py COLLECTION_ROOT OUTPUT_DIR

Each YAML document of an EXAMPLES string is written verbatim: a list of tasks to
OUTPUT_DIR/tasks/, plays (items with `hosts`) to OUTPUT_DIR/playbooks/, named
<plugin type>_<name>_<document number>.yml, with a comment that names the source.
Needs PyYAML.
"""

import ast
import pathlib
import re
import sys

import yaml

PLUGIN_TYPES = ('modules', 'filter', 'action', 'lookup', 'inventory', 'callback')


def examples(path):
    for node in ast.parse(path.read_text(encoding='utf-8')).body:
        if isinstance(node, ast.Assign) and any(getattr(t, 'id', None) == 'EXAMPLES' for t in node.targets):
            return node.value.value
    return None


def main(root, out):
    root, out = pathlib.Path(root), pathlib.Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    for plugin_type in PLUGIN_TYPES:
        for path in sorted((root / 'plugins' / plugin_type).glob('*.py')):
            text = examples(path)
            if not text:
                continue
            # EXAMPLES may hold several YAML documents: tasks, or whole playbooks. The text is kept as
            # written (comments, indentation), so that ansible-lint judges what users read and copy.
            documents = [d for d in re.split(r'^---[ \t]*$', text, flags=re.M) if d.strip()]
            for number, document in enumerate(documents):
                data = yaml.safe_load(document)
                if not isinstance(data, list) or not data:
                    sys.exit('%s: EXAMPLES document %d is not a list of tasks or plays' % (path, number + 1))
                # A list of tasks goes to tasks/ (ansible-lint lints files there as task files), plays to
                # playbooks/; both verbatim.
                kind = 'playbooks' if all(isinstance(item, dict) and 'hosts' in item for item in data) else 'tasks'
                target = out / kind / ('%s_%s_%d.yml' % (plugin_type, path.stem, number + 1))
                target.parent.mkdir(exist_ok=True)
                with open(target, 'w', encoding='utf-8') as f:
                    header = '---\n# EXAMPLES of %s, document %d\n' % (path.relative_to(root), number + 1)
                    f.write(header + document.strip('\n') + '\n')
                written += 1
    print('wrote %d task files and playbooks from EXAMPLES to %s' % (written, out))


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(*sys.argv[1:])
