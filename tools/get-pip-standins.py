#!/usr/bin/env python
"""Write offline stand-ins for the get-pip.py scripts that ansible-test downloads.

    python3 tools/get-pip-standins.py VENV_PYTHON [VENV_PYTHON ...]

``ansible-test sanity --venv`` (and ``units``/``integration`` with ``--venv``)
creates virtual environments without pip and bootstraps pip into them with a
``get-pip.py`` that it downloads from ci-files.testing.ansible.com, which this
machine (and CI) cannot reach.  Before downloading it looks for a cached copy
at ``~/.ansible/test/cache/get_pip_<pip version, dots as underscores>.py``
(``ansible_test/_util/target/setup/requirements.py``, ``bootstrap()``).

For every ansible-core given (by the Python of a venv it is installed in) this
script asks ansible-test which pip version it bootstraps
(``ansible_test._internal.python_requirements.get_venv_packages``, for every
Python version that ansible-test supports) and writes a small stand-in there
that runs ``python -m ensurepip`` and then ``python -m pip install`` with the
arguments ansible-test passed (such as ``pip==25.2``), minus the get-pip-only
options ``--no-setuptools`` and ``--no-wheel``.  pip itself then comes from
the package index, like every other requirement ansible-test installs.

Idempotent: a stand-in is rewritten only when its content differs; a cached
file that is not one of ours (a real get-pip.py downloaded elsewhere) is left
alone.
"""

import json
import os
import subprocess
import sys

MARKER = '# vb365.backup offline get-pip stand-in'

STANDIN = MARKER + ''' (written by tools/get-pip-standins.py; safe to delete)
"""Stand-in for get-pip.py %(pip_version)s, used by ansible-test when offline.

ansible-test runs this with the Python of a freshly created virtual environment
that has no pip, with pip install arguments, e.g.
    --disable-pip-version-check pip==%(pip_version)s [--no-setuptools] [--no-wheel]
"""
import subprocess
import sys

GET_PIP_ONLY_OPTIONS = ('--no-setuptools', '--no-wheel')


def main():
    args = [arg for arg in sys.argv[1:] if arg not in GET_PIP_ONLY_OPTIONS]
    subprocess.check_call([sys.executable, '-m', 'ensurepip', '--default-pip'])
    return subprocess.call([sys.executable, '-m', 'pip', 'install'] + args)


if __name__ == '__main__':
    sys.exit(main())
'''

# Run inside the venv: print the pip versions this ansible-test bootstraps.
PROBE = r'''
import json, types
from ansible_test._util.target.common import constants
from ansible_test._internal.python_requirements import get_venv_packages
pythons = constants.REMOTE_ONLY_PYTHON_VERSIONS + constants.CONTROLLER_PYTHON_VERSIONS
versions = sorted({get_venv_packages(types.SimpleNamespace(version=v))['pip'] for v in pythons})
import ansible.release
print(json.dumps({'ansible_core': ansible.release.__version__, 'pip_versions': versions}))
'''


def pip_versions(python):
    out = subprocess.check_output([python, '-c', PROBE], universal_newlines=True)
    return json.loads(out)


def main(argv):
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2

    cache_dir = os.path.expanduser('~/.ansible/test/cache')
    os.makedirs(cache_dir, exist_ok=True)
    wanted = {}
    for python in argv[1:]:
        info = pip_versions(python)
        for version in info['pip_versions']:
            wanted.setdefault(version, []).append(info['ansible_core'])

    for version, cores in sorted(wanted.items()):
        path = os.path.join(cache_dir, 'get_pip_%s.py' % version.replace('.', '_'))
        content = STANDIN % dict(pip_version=version)
        current = None
        if os.path.exists(path):
            with open(path) as f:
                current = f.read()
        if current is not None and MARKER not in current:
            state = 'kept (not ours, probably the real get-pip.py)'
        elif current == content:
            state = 'up to date'
        else:
            tmp = path + '.tmp'
            with open(tmp, 'w') as f:
                f.write(content)
            os.replace(tmp, path)
            state = 'written'
        print('get-pip stand-in for pip %s (ansible-core %s): %s %s'
              % (version, ', '.join(cores), path, state))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
