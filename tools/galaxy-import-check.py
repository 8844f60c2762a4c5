#!/usr/bin/env python
"""Check galaxy-importer's log and result for `make galaxy-import`, and print a summary.

    galaxy-import-check.py COLLECTION_ROOT IMPORTER_LOG IMPORTER_RESULT_JSON

Fails (exit 1) when the log has an ERROR or WARNING line, or when the import result
does not list every module, filter and role of the collection. Standard library only.
"""

import json
import pathlib
import re
import sys


def main(root, log_path, result_path):
    root = pathlib.Path(root)
    log = pathlib.Path(log_path).read_text(encoding='utf-8').splitlines()
    problems = [line for line in log if re.match(r'^(ERROR|WARNING|CRITICAL)\b', line)]
    result = json.loads(pathlib.Path(result_path).read_text(encoding='utf-8'))
    found = set((c['content_type'], c['name']) for c in result.get('contents', []))
    expected = set(('module', p.stem) for p in (root / 'plugins' / 'modules').glob('*.py') if p.stem != '__init__')
    expected |= set(('filter', p.stem) for p in (root / 'plugins' / 'filter').glob('*.py') if p.stem != '__init__')
    expected |= set(('role', p.name) for p in (root / 'roles').iterdir() if p.is_dir())
    missing = sorted(expected - found)
    # Galaxy renders a page from each plugin's doc_strings (ansible-doc's output) and each role's README.
    pages = dict(((c['content_type'], c['content_name']), c) for c in result.get('docs_blob', {}).get('contents', []))
    undocumented = []
    for kind, name in sorted(expected):
        page = pages.get((kind, name), {})
        if kind == 'role':
            documented = bool(page.get('readme_html'))
        else:
            documented = bool((page.get('doc_strings') or {}).get('doc')) and bool(
                (page.get('doc_strings') or {}).get('examples'))
        if not documented:
            undocumented.append('%s %s' % (kind, name))
    kinds = {}
    for kind, _name in found:
        kinds[kind] = kinds.get(kind, 0) + 1
    print('galaxy-import: %s' % ', '.join('%d %s' % (n, k) for k, n in sorted(kinds.items())))
    print('galaxy-import: docs: %d of %d modules, filters and roles documented, collection readme %s' % (
        len(expected) - len(undocumented), len(expected),
        'rendered' if result.get('docs_blob', {}).get('collection_readme', {}).get('html') else 'MISSING'))
    for line in problems:
        print('galaxy-import: %s' % line)
    for kind, name in missing:
        print('galaxy-import: ERROR: %s %s is not in the import result' % (kind, name))
    for name in undocumented:
        print('galaxy-import: ERROR: %s has no documentation in the import result' % name)
    if not result.get('docs_blob', {}).get('collection_readme', {}).get('html'):
        problems.append('no README')
    failed = len(problems) + len(missing) + len(undocumented)
    print('galaxy-import: %d error(s) and warning(s)' % failed)
    return 1 if failed else 0


if __name__ == '__main__':
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
