# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The guides and the README say what the code does.

- Every message a module, module_util, action or filter plugin fails or warns with, and every message of
  the gate role, is explained in docs/docsite/rst/troubleshooting.rst.
- Every environment variable a module reads is defined in the authentication guide, listed for
  antsibull-docs (docs/docsite/config.yml) and in the README's table.
- The README's quick start is a user's (install, connection, ad hoc, the gate), then ``make sim``, ``make demo``
  and ``make test``; the README links every guide on the published site; the role's examples pick the backup job
  where a copy job shares its name.
"""

import ast
import re

import pytest
import yaml

from conftest import REPO

DOCSITE = REPO / 'docs' / 'docsite'
TROUBLESHOOTING = DOCSITE / 'rst' / 'troubleshooting.rst'
PLUGIN_DIRS = ('module_utils', 'modules', 'action', 'filter', 'plugin_utils')
# Calls whose first argument is a message a user can see.
MESSAGE_CALLS = re.compile(r'^(\w*Error|warn|fail_json)$')
# Messages no user can see, and why.
INVISIBLE = {
    # _auth.Authenticator.request_token: caught by its login, which tries the next version; then the client raises
    # "Failed to find the VB365 REST API ..." (documented).
    '%s does not serve API %s.',
    # _job_actions.action_request: a programming error guard; the modules only pass known actions.
    'Unknown job action %r',
    # _in_process.run_in_process: a programming error guard; run_module always ends in exit_json or fail_json.
    'run_module ended without exit_json or fail_json',
}
# Messages built outside a raise (assigned first, appended, or in YAML), as fixed fragments.
OTHER_MESSAGES = (
    'the access token was refused; get a new one',
    'the token was refused even after authenticating again',
    'gave up after',
    'was started, but its new session did not show up within',
    'There is no session to wait for.',
    'is not allowed (allowed: ',
    'is forbidden',
    'it has not ended, so its age is unknown (',
    'longer than max_age',
    'Did you mean: ',
    'The server has ',
    # plugins/module_utils/_gate.py (the gate role's messages)
    'needs exactly one of job_session_gate_id, job_session_gate_job_name,',
    'Invalid job_session_gate_max_age',
    'Backup gate CLOSED, the play stops here:',
    "': no backup session found",
    # ansible-core's messages for the connection options
    'missing required arguments: server',
    'one of the following is required: access_token, username',
    'parameters are required together: username, password',
    # _runner.missing_requests_message, and the event source's
    "The Python library 'requests' is missing on the host that runs the module (its Python is ",
    ' -m pip install requests (or the OS package, for example python3-requests), or run the task where requests',
    'needs the Python library requests: pip install requests',
)
MIN_FRAGMENT = 12


def normalise(text):
    return re.sub(r'\s+', ' ', text.replace('\\\\', '\\'))


def plugin_messages():
    """(file:line, message format) of every message raised or warned in plugins/."""
    found = []
    for folder in PLUGIN_DIRS:
        for path in sorted((REPO / 'plugins' / folder).glob('*.py')):
            for node in ast.walk(ast.parse(path.read_text(encoding='utf-8'))):
                if not isinstance(node, ast.Call) or not node.args:
                    continue
                name = getattr(node.func, 'id', None) or getattr(node.func, 'attr', None)
                if not name or not MESSAGE_CALLS.match(name):
                    continue
                arg = node.args[0]
                while isinstance(arg, ast.BinOp):
                    arg = arg.left
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.append(('%s:%d' % (path.relative_to(REPO), node.lineno), arg.value))
    return found


def fixed_fragment(message):
    """The longest piece of a %-format that every message made from it contains."""
    pieces = re.split(r'%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdrif%]', message)
    return max((p.strip() for p in pieces), key=len)


def test_fragments():
    assert fixed_fragment('Invalid port %d: it must be between 1 and 65535 (x %d y).') == ': it must be between 1 and 65535 (x'
    assert len(fixed_fragment('%s: %s (%s).')) < MIN_FRAGMENT


def test_there_are_messages():
    assert len(plugin_messages()) > 30


@pytest.mark.parametrize('where, message', plugin_messages())
def test_every_plugin_message_is_in_troubleshooting(where, message):
    if message in INVISIBLE:
        return
    fragment = fixed_fragment(message)
    if len(fragment) < MIN_FRAGMENT:
        # A bare wrapper such as '%s: %s'; what it wraps is checked where it is raised.
        return
    text = normalise(TROUBLESHOOTING.read_text(encoding='utf-8'))
    assert normalise(fragment) in text, '%s: %r is not explained in %s' % (where, message, TROUBLESHOOTING.name)


@pytest.mark.parametrize('fragment', OTHER_MESSAGES)
def test_other_messages_are_in_troubleshooting(fragment):
    text = normalise(TROUBLESHOOTING.read_text(encoding='utf-8'))
    assert normalise(fragment) in text


def test_the_role_messages_are_the_ones_listed(collection_python):  # pylint: disable=unused-argument
    # The role's messages are made in Python (module_utils/_gate.py), with the role's prefix: make them.
    # pylint: disable-next=import-error,import-outside-toplevel
    from ansible_collections.vb365.backup.plugins.module_utils import _gate

    made = _gate.input_problems(dict(max_age='soon'), 'job_session_gate_')
    made.append(_gate.judgement([], _gate.rules_of({}), dict(job_name='Daily'), 'job_session_gate_')['message'])
    for fragment in OTHER_MESSAGES[11:15]:
        assert any(fragment in message for message in made), fragment


def test_env_vars_are_documented_everywhere(connection_env_vars):
    names = sorted(name for names in connection_env_vars.values() for name in names)
    guide = (DOCSITE / 'rst' / 'authentication_and_tls.rst').read_text(encoding='utf-8')
    assert sorted(re.findall(r'^\.\. envvar:: (\S+)$', guide, re.M)) == names
    with open(DOCSITE / 'config.yml', encoding='utf-8') as f:
        assert sorted(yaml.safe_load(f)['envvar_directives']) == names
    readme = (REPO / 'README.md').read_text(encoding='utf-8')
    table = dict(re.findall(r'^\| `(\w+)`[^|]*\|[^|]*\| `(VB365_\w+)` \|', readme, re.M))
    assert table == dict((option, env[0]) for option, env in connection_env_vars.items())


def test_readme_quick_start_is_the_user_s_then_the_developer_s():
    """A user's quick start first (install, connection, ad hoc, the gate in a play), then `make sim`, `make demo`,
    `make test`. test_first_hour.py runs it as pasted."""
    readme = (REPO / 'README.md').read_text(encoding='utf-8')
    assert readme.index('## Quick start') < readme.index('## Install') < readme.index('## Development')
    section = readme.split('## Quick start', 1)[1].split('\n## ', 1)[0]
    blocks = re.findall(r'```(sh|yaml)\n(.*?)```', section, re.S)
    assert [block[0] for block in blocks] == ['sh', 'sh', 'sh', 'yaml', 'sh', 'sh']
    assert blocks[0][1].startswith('ansible-galaxy collection install vb365.backup\n')
    assert blocks[1][1].startswith('export VB365_SERVER=')
    # The simulator has a backup copy job named like the backup job: the first examples say which one.
    assert 'ansible localhost -m vb365.backup.job_session_info' in blocks[2][1] and 'job_type=Backup' in blocks[2][1]
    assert 'role: vb365.backup.job_session_gate' in blocks[3][1] and 'job_session_gate_job_type: Backup' in blocks[3][1]
    commands = [line.split('#', 1)[0].strip() for line in blocks[5][1].splitlines() if line.strip()]
    assert commands == ['make sim', 'make demo', 'make test']


def test_readme_links_into_the_published_docs():
    """Every guide, from the README (Galaxy shows it, the tarball has it), at the address galaxy.yml names."""
    site = yaml.safe_load((REPO / 'galaxy.yml').read_text(encoding='utf-8'))['documentation']
    readme = (REPO / 'README.md').read_text(encoding='utf-8')
    with open(DOCSITE / 'extra-docs.yml', encoding='utf-8') as f:
        guides = [guide for section in yaml.safe_load(f)['sections'] for guide in section['toctree']]
    assert sorted(guides) == sorted(p.stem for p in (DOCSITE / 'rst').glob('*.rst'))
    for guide in guides:
        assert '](%sdocsite/%s.html)' % (site, guide) in readme, guide
    assert 'docs/docsite/rst/' not in readme


def test_the_role_examples_say_which_job_where_the_name_is_shared():
    """The role's examples gate on jobs the simulator has; where a copy job shares the name, they say job_type."""
    spec = yaml.safe_load((REPO / 'roles' / 'job_session_gate' / 'meta' / 'argument_specs.yml').read_text(encoding='utf-8'))
    for task in yaml.safe_load(spec['argument_specs']['main']['examples']):
        for variables in [task.get('vars', {})] + [t.get('vars', {}) for t in task.get('block', [])]:
            names = variables.get('job_session_gate_job_names') or [variables.get('job_session_gate_job_name')]
            if 'Exchange Online - Daily' in names:
                assert variables.get('job_session_gate_job_type') == 'Backup', task['name']


def test_the_gating_guide_shows_the_playbook_the_job_target_runs():
    """The guide's back-up-wait-gate-patch play is the one the job integration target runs, word for word."""
    guide = (REPO / 'docs' / 'docsite' / 'rst' / 'gating.rst').read_text()
    section = guide[guide.index('Back up now, wait, gate, patch'):]
    block = section[section.index('.. code-block:: yaml'):].split('\n', 2)[2]
    shown = '\n'.join(line[3:] for line in block.rstrip('\n').split('\n')) + '\n'
    tested = (REPO / 'tests' / 'integration' / 'targets' / 'job' / 'files' / 'backup_gate_patch.yml').read_text()
    assert shown == tested.split('\n', 1)[1]
