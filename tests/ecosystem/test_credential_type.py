# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The AWX credential type shipped in extensions/awx/: AWX accepts it, and it injects only what the modules read."""

import copy
import json
import os
import re
import textwrap

import pytest
import yaml

import awx
from conftest import CREDENTIAL_TYPE, REPO, run

GUIDE = REPO / 'docs' / 'docsite' / 'rst' / 'awx.rst'


def yaml_blocks(text):
    """The contents of the ``.. code-block:: yaml`` directives of an RST text, parsed."""
    blocks = []
    lines = text.splitlines()
    for number, line in enumerate(lines):
        if line.strip() != '.. code-block:: yaml':
            continue
        indent = len(line) - len(line.lstrip())
        body = []
        for following in lines[number + 1:]:
            if following.strip() and len(following) - len(following.lstrip()) <= indent:
                break
            body.append(following)
        blocks.append(yaml.safe_load(textwrap.dedent('\n'.join(body))))
    return blocks


def injected_env_vars(credential_type):
    return sorted(credential_type['injectors']['env'])


def test_awx_accepts_it(credential_type):
    assert awx.validate(credential_type) == []


def test_the_validator_refuses_what_awx_refuses(credential_type):
    """The check above can fail: AWX's rules, applied to broken copies."""
    broken = copy.deepcopy(credential_type)
    broken['injectors']['env']['ANSIBLE_VB365_SERVER'] = '{{ server }}'
    broken['injectors']['env']['VB365_TIMEOUT'] = '{{ timeout }}'
    broken['inputs']['fields'][0]['format'] = '^[a-z]+$'
    broken['kind'] = 'vault'
    errors = awx.validate(broken)
    assert any('ANSIBLE_VB365_SERVER may affect Ansible configuration' in e for e in errors), errors
    assert any(e.startswith('VB365_TIMEOUT uses an undefined field') for e in errors), errors
    assert any('format' in e for e in errors), errors
    assert any(e.startswith('kind') for e in errors), errors


def test_every_injected_variable_is_read_by_the_modules(credential_type, connection_env_vars):
    read = set(name for names in connection_env_vars.values() for name in names)
    assert read, 'connection_argument_spec() has no env fallbacks'
    unread = [name for name in injected_env_vars(credential_type) if name not in read]
    assert unread == [], 'injected but no module option falls back to it: %s' % unread


def test_no_injected_variable_starts_with_ansible(credential_type, connection_env_vars):
    names = injected_env_vars(credential_type) + [n for names in connection_env_vars.values() for n in names]
    assert [name for name in names if name.upper().startswith('ANSIBLE_')] == []
    assert all(name.startswith('VB365_') for name in names), names


def test_it_injects_the_documented_connection(credential_type, connection_env_vars):
    """Server, port, credentials, CA and certificate validation: the options an AWX user must be able to set."""
    wanted = ('server', 'port', 'username', 'password', 'ca_path', 'validate_certs')
    expected = sorted(connection_env_vars[option][0] for option in wanted)
    assert injected_env_vars(credential_type) == expected


def test_every_input_is_used_and_secrets_are_secret(credential_type):
    templates = ' '.join(list(credential_type['injectors']['env'].values()) + list(credential_type['injectors']['file'].values()))
    fields = dict((field['id'], field) for field in credential_type['inputs']['fields'])
    assert [name for name in fields if not re.search(r'\b%s\b' % name, templates)] == []
    assert fields['password'].get('secret') is True
    assert set(credential_type['inputs']['required']) == {'server', 'username', 'password'}
    assert fields['validate_certs'] == dict(fields['validate_certs'], type='boolean', default=True)


@pytest.mark.parametrize('inputs, expected', [
    pytest.param(
        dict(server='vb365.example.com', username='CORP\\vbo-admin', password='s3cret', validate_certs=True),
        dict(VB365_SERVER='vb365.example.com', VB365_PORT='4443', VB365_USERNAME='CORP\\vbo-admin', VB365_PASSWORD='s3cret',
             VB365_CA_PATH='', VB365_VALIDATE_CERTS='true'),
        id='defaults'),
    pytest.param(
        dict(server='10.0.0.5', port='14443', username='u', password='p', ca_path='/etc/pki/vb365-ca.pem', validate_certs=True),
        dict(VB365_SERVER='10.0.0.5', VB365_PORT='14443', VB365_USERNAME='u', VB365_PASSWORD='p',
             VB365_CA_PATH='/etc/pki/vb365-ca.pem', VB365_VALIDATE_CERTS='true'),
        id='ca path'),
    pytest.param(
        dict(server='s', port='', username='u', password='p', ca_path=''),
        dict(VB365_SERVER='s', VB365_PORT='4443', VB365_USERNAME='u', VB365_PASSWORD='p', VB365_CA_PATH='',
             VB365_VALIDATE_CERTS='false'),
        id='saved without validate_certs'),
])
def test_rendered_environment(credential_type, tmp_path, inputs, expected):
    assert awx.inject(credential_type, inputs, str(tmp_path)) == expected


def test_inline_ca_goes_to_a_private_file_that_wins_over_ca_path(credential_type, tmp_path):
    pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'
    env = awx.inject(credential_type, dict(server='s', username='u', password='p', ca_cert=pem, ca_path='/ignored.pem',
                                           validate_certs=True), str(tmp_path))
    path = env['VB365_CA_PATH']
    assert os.path.dirname(path) == str(tmp_path / 'env')
    with open(path, encoding='utf-8') as f:
        assert f.read() == pem
    assert oct(os.stat(path).st_mode & 0o777) == '0o600'


def test_rendered_values_are_what_the_modules_accept(credential_type, tmp_path):
    """AnsibleModule converts the injected strings to the option types (port: int, validate_certs: bool)."""
    from ansible.module_utils.parsing.convert_bool import boolean  # pylint: disable=import-outside-toplevel
    for validate in (True, False):
        env = awx.inject(credential_type, dict(server='s', username='u', password='p', validate_certs=validate), str(tmp_path))
        assert boolean(env['VB365_VALIDATE_CERTS']) is validate
        assert int(env['VB365_PORT']) == 4443


def test_the_awx_guide_shows_this_credential_type(credential_type):
    """docs/docsite/rst/awx.rst shows the input and injector configuration to paste into AWX: the shipped ones."""
    blocks = [b for b in yaml_blocks(GUIDE.read_text(encoding='utf-8')) if isinstance(b, dict)]
    assert [b for b in blocks if 'fields' in b] == [credential_type['inputs']]
    assert [b for b in blocks if 'env' in b] == [credential_type['injectors']]


STUB_MODULE = """#!/usr/bin/python
import json, os
from ansible.module_utils.basic import AnsibleModule
module = AnsibleModule(argument_spec=dict(name=dict(), description=dict(), kind=dict(), inputs=dict(type='dict'),
                                          injectors=dict(type='dict'), state=dict()))
with open(os.environ['STUB_OUT'], 'w') as f:
    json.dump(module.params, f)
module.exit_json(changed=True)
"""


@pytest.mark.parametrize('venv', ['newest', 'oldest'])
def test_the_guides_awx_credential_type_play_passes_the_templates_on(credential_type, tmp_path, venv):
    """The guide's play for awx.awx.credential_type, run against a stand-in awx.awx collection.

    The injectors hold Jinja templates that AWX must render, not Ansible: the stand-in
    records what the task passes, on the oldest and the newest ansible-core.
    """
    ansible_playbook = REPO / '.venv' / venv / 'bin' / 'ansible-playbook'
    if not ansible_playbook.exists():
        pytest.fail('%s is missing: run `make venv`' % ansible_playbook)
    plays = [b for b in yaml_blocks(GUIDE.read_text(encoding='utf-8'))
             if isinstance(b, list) and any('awx.awx.credential_type' in t for p in b for t in p.get('tasks', []))]
    assert len(plays) == 1
    (tmp_path / 'play.yml').write_text(yaml.safe_dump(plays[0]), encoding='utf-8')
    stub = tmp_path / 'collections' / 'ansible_collections' / 'awx' / 'awx'
    (stub / 'plugins' / 'modules').mkdir(parents=True)
    (stub / 'plugins' / 'modules' / 'credential_type.py').write_text(STUB_MODULE, encoding='utf-8')
    (stub / 'galaxy.yml').write_text('namespace: awx\nname: awx\nversion: 1.0.0\n', encoding='utf-8')
    env = dict(os.environ, STUB_OUT=str(tmp_path / 'out.json'), ANSIBLE_COLLECTIONS_PATH=str(tmp_path / 'collections'),
               ANSIBLE_LOCALHOST_WARNING='false', ANSIBLE_INVENTORY_UNPARSED_WARNING='false')
    run([str(ansible_playbook), str(tmp_path / 'play.yml'), '-e', 'vb365_credential_type_file=%s' % CREDENTIAL_TYPE,
         '-e', 'ansible_python_interpreter=%s' % (REPO / '.venv' / venv / 'bin' / 'python')], env=env)
    sent = json.loads((tmp_path / 'out.json').read_text(encoding='utf-8'))
    expected = dict((key, credential_type[key]) for key in ('name', 'description', 'kind', 'inputs', 'injectors'))
    assert dict((key, sent[key]) for key in expected) == expected
