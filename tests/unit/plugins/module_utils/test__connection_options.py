# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import subprocess
import sys

import pytest
import yaml

from ansible_collections.vb365.backup.plugins.doc_fragments.connection import ModuleDocFragment
from ansible_collections.vb365.backup.plugins.doc_fragments.wait import ModuleDocFragment as WaitDocFragment
from ansible_collections.vb365.backup.plugins.module_utils._connection_options import (
    CONNECTION_OPTIONS,
    connection_argument_spec,
    connection_defaults,
    missing_option_hint,
    validate_connection_params,
)
from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365InputError
from ansible_collections.vb365.backup.plugins.module_utils._input import validate_guid

# DESIGN.md: every connection option falls back to VB365_<OPTION>, and none to an ANSIBLE_* variable.
DESIGN_ENV_VARS = dict((option.name, 'VB365_' + option.name.upper()) for option in CONNECTION_OPTIONS)


def params(**overrides):
    values = dict(server='vb365.example.com', port=4443, timeout=30, retries=3)
    values.update(overrides)
    return values


def test_the_factory_returns_a_new_dict_each_time():
    first = connection_argument_spec()
    first['server']['required'] = False
    assert connection_argument_spec()['server']['required'] is True


def test_every_option_falls_back_to_its_design_environment_variable():
    spec = connection_argument_spec()
    assert {name: option['fallback'][1] for name, option in spec.items()} == {k: [v] for k, v in DESIGN_ENV_VARS.items()}
    assert not any(v.startswith('ANSIBLE_') for v in DESIGN_ENV_VARS.values())


def test_secrets_are_no_log():
    spec = connection_argument_spec()
    assert spec['password']['no_log'] is True and spec['access_token']['no_log'] is True


def test_the_doc_fragment_documents_exactly_the_spec():
    documented = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)['options']
    spec = connection_argument_spec()
    assert set(documented) == set(spec)
    for name, option in spec.items():
        doc = documented[name]
        assert doc['type'] == option['type'], name
        assert doc.get('default') == option.get('default'), name
        assert tuple(doc.get('choices', ())) == tuple(option.get('choices', ())), name
        assert 'E(%s)' % DESIGN_ENV_VARS[name] in ' '.join(doc['description']), name


def test_the_doc_fragment_agrees_with_the_table_on_required_no_log_and_env_vars():
    """What the doc fragment says of each option (required, secret, environment variable) is what the spec does."""
    documented = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)['options']
    spec = connection_argument_spec()
    assert [option.name for option in CONNECTION_OPTIONS] == list(documented)
    for name, option in spec.items():
        doc = documented[name]
        assert bool(doc.get('required')) == bool(option.get('required')), name
        env_var = option['fallback'][1][0]
        assert 'E(%s)' % env_var in ' '.join(doc['description']), name
        # The doc fragment names no other VB365_ variable than the option's own.
        assert set(w for w in ' '.join(doc['description']).replace(')', ' ').split() if w.startswith('E(VB365_')) == {'E(%s' % env_var}
    assert sorted(name for name, option in spec.items() if option.get('no_log')) == ['access_token', 'password']
    # Options that hold secrets in their name must be no_log (Ansible warns otherwise, and they would be logged).
    assert all(spec[name].get('no_log') for name in spec if 'password' in name or 'token' in name)


def test_connection_defaults_are_the_argument_spec_defaults():
    spec = connection_argument_spec()
    assert connection_defaults() == dict((name, option.get('default')) for name, option in spec.items())
    assert connection_defaults(port=1)['port'] == 1


def test_the_connection_table_imports_without_ansible_module_machinery():
    """An Event-Driven Ansible source reuses the table: importing it must not load ansible.module_utils.basic."""
    code = ('import sys; from ansible_collections.vb365.backup.plugins.module_utils import _connection_options; '
            'assert _connection_options.connection_option_specs()["port"]["default"] == 4443; '
            'assert "ansible.module_utils.basic" not in sys.modules, "basic was imported"')
    subprocess.run([sys.executable, '-c', code], check=True, env=dict(os.environ))


def test_the_wait_doc_fragment_documents_the_wait_spec():
    from ansible_collections.vb365.backup.plugins.module_utils._wait import wait_argument_spec
    documented = yaml.safe_load(WaitDocFragment.DOCUMENTATION)['options']
    spec = wait_argument_spec()
    # Each module documents its own wait (what it waits for differs); the fragment the shared numbers.
    assert set(documented) == set(spec) - {'wait'}
    for name, doc in documented.items():
        assert doc['type'] == spec[name]['type'] and doc['default'] == spec[name]['default'], name


@pytest.mark.parametrize('value', [
    'a8cf9a63-64c3-4748-9c95-b1fbac0cce1d', 'A8CF9A63-64C3-4748-9C95-B1FBAC0CCE1D',
])
def test_guid_accepted_and_lowered(value):
    assert validate_guid(value, 'id') == 'a8cf9a63-64c3-4748-9c95-b1fbac0cce1d'


@pytest.mark.parametrize('value', [
    'nope', '', ' a8cf9a63-64c3-4748-9c95-b1fbac0cce1d', 'a8cf9a63-64c3-4748-9c95-b1fbac0cce1d/../../Jobs',
    'a8cf9a63-64c3-4748-9c95-b1fbac0cce1d?limit=1', '../token', 'a8cf9a6364c347489c95b1fbac0cce1d', None, 42,
    'g8cf9a63-64c3-4748-9c95-b1fbac0cce1d', 'a8cf9a63-64c3-4748-9c95-b1fbac0cce1d\n',
])
def test_non_guids_are_refused_with_the_option_name(value):
    with pytest.raises(Vb365InputError, match=r"Invalid id .*must be a GUID"):
        validate_guid(value, 'id')


@pytest.mark.parametrize('server', ['vb365.example.com', 'vb365', '127.0.0.1', '::1', '[::1]', 'fe80::1', 'host-1.corp.local'])
def test_plain_hosts_are_accepted(server):
    validate_connection_params(params(server=server))


@pytest.mark.parametrize('server', [
    'https://vb365.example.com', 'vb365.example.com:4443', 'vb365.example.com/v8', 'user@vb365', 'a b', '', 'vb365.example.com?x',
])
def test_servers_with_scheme_port_or_path_are_refused(server):
    with pytest.raises(Vb365InputError, match='without a scheme, port or path'):
        validate_connection_params(params(server=server))


@pytest.mark.parametrize('server, hint', [
    ('https://vb365.example.com:4443/v8', "Give server: 'vb365.example.com' and port: 4443."),
    ('https://vb365.example.com/', "Give server: 'vb365.example.com'."),
    ('vb365.example.com:9443', "Give server: 'vb365.example.com' and port: 9443."),
    ('https://admin@[::1]:4443', "Give server: '[::1]' and port: 4443."),
])
def test_a_url_in_server_is_refused_with_what_to_write_instead(server, hint):
    with pytest.raises(Vb365InputError) as caught:
        validate_connection_params(params(server=server))
    assert caught.value.msg.endswith(hint)


def test_a_ca_path_that_does_not_exist_is_refused_before_any_request(tmp_path):
    missing = str(tmp_path / 'vb365-ca.pem')
    with pytest.raises(Vb365InputError, match="Invalid ca_path '.*vb365-ca.pem': no such file"):
        validate_connection_params(params(ca_path=missing))


def test_a_ca_path_that_is_a_directory_or_no_certificate_is_refused(tmp_path):
    with pytest.raises(Vb365InputError, match='it is not a file'):
        validate_connection_params(params(ca_path=str(tmp_path)))
    key = tmp_path / 'key.pem'
    key.write_text('-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n')
    with pytest.raises(Vb365InputError, match='holds no PEM certificate'):
        validate_connection_params(params(ca_path=str(key)))


def test_a_readable_pem_certificate_is_accepted(tmp_path):
    ca = tmp_path / 'ca.pem'
    ca.write_text('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n')
    validate_connection_params(params(ca_path=str(ca)))


@pytest.mark.parametrize('overrides, message', [
    (dict(port=0), 'Invalid port 0'),
    (dict(port=70000), 'Invalid port 70000'),
    (dict(timeout=0), 'Invalid timeout 0'),
    (dict(timeout=-5), 'Invalid timeout -5'),
    (dict(timeout=86400), 'Invalid timeout 86400'),
    (dict(retries=-1), 'Invalid retries -1'),
    (dict(retries=11), 'Invalid retries 11'),
])
def test_out_of_range_numbers_are_refused(overrides, message):
    with pytest.raises(Vb365InputError, match=message):
        validate_connection_params(params(**overrides))


@pytest.mark.parametrize('msg, expected', [
    ('missing required arguments: server',
     'missing required arguments: server. Give server in the task, in module_defaults (group/vb365.backup.vb365) '
     'or as VB365_SERVER.'),
    ('parameters are required together: username, password',
     'parameters are required together: username, password. Give username and password in the task, in '
     'module_defaults (group/vb365.backup.vb365) or as VB365_USERNAME and VB365_PASSWORD.'),
    ('one of the following is required: access_token, username',
     'one of the following is required: access_token, username. Give access_token and username in the task, in '
     'module_defaults (group/vb365.backup.vb365) or as VB365_ACCESS_TOKEN and VB365_USERNAME.'),
    # Options of a module's own (not connection options) get no connection hint.
    ('missing required arguments: id', 'missing required arguments: id'),
    ('Invalid server \'x/y\'', 'Invalid server \'x/y\''),
])
def test_core_messages_about_missing_connection_options_say_where_to_give_them(msg, expected):
    assert missing_option_hint(msg) == expected
