# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What AWX does with a custom credential type, re-done for the tests.

``validate()`` applies the checks AWX makes when a credential type is saved
(``awx/main/fields.py``: ``CredentialTypeInputField`` and ``CredentialTypeInjectorField``);
``inject()`` renders the injectors the way AWX does before a job runs
(``CredentialType.inject_credential``): a file for each ``file`` injector, written
into the job's private data directory, and the ``env`` variables, with Jinja's
sandbox, from the non-empty inputs of one credential.
"""

import os
import re
import stat
import tempfile

from jinja2 import StrictUndefined, UndefinedError, sandbox

NAME_RE = re.compile(r'^[a-zA-Z_]+[a-zA-Z0-9_]*$')
FILE_INJECTOR_RE = re.compile(r'^template(\.[a-zA-Z_]+[a-zA-Z0-9_]*)?$')
FIELD_KEYS = {'id', 'type', 'format', 'choices', 'label', 'help_text', 'multiline', 'secret', 'ask_at_runtime', 'default'}
FIELD_TYPES = {'string': str, 'boolean': bool}
FIELD_FORMATS = {'ssh_private_key', 'url'}
STRING_ONLY_KEYS = ('choices', 'multiline', 'format', 'secret')
KINDS = {'cloud', 'net'}


def validate(credential_type):
    """Every reason AWX would refuse ``credential_type``, as a list of strings (empty when it is accepted)."""
    errors = []
    if credential_type.get('kind') not in KINDS:
        errors.append('kind must be one of %s for a custom credential type' % sorted(KINDS))
    if not credential_type.get('name'):
        errors.append('name is required')
    inputs = credential_type.get('inputs') or {}
    injectors = credential_type.get('injectors') or {}
    extra = set(inputs) - {'fields', 'required'}
    if extra:
        errors.append('unknown keys in inputs: %s' % sorted(extra))
    ids = []
    for field in inputs.get('fields', []):
        unknown = set(field) - FIELD_KEYS
        if unknown:
            errors.append('field %s: unknown keys %s' % (field.get('id'), sorted(unknown)))
        if 'id' not in field or 'label' not in field:
            errors.append('field %r: id and label are required' % field)
            continue
        if not NAME_RE.match(field['id']):
            errors.append('%s is an invalid variable name' % field['id'])
        if field['id'] == 'tower':
            errors.append('"tower" is a reserved field name')
        if field['id'] in ids:
            errors.append('field IDs must be unique (%s)' % field['id'])
        ids.append(field['id'])
        field_type = field.get('type', 'string')
        if field_type not in FIELD_TYPES:
            errors.append('field %s: type %r is not string or boolean' % (field['id'], field_type))
            continue
        if 'format' in field and field['format'] not in FIELD_FORMATS:
            errors.append('field %s: format %r is not one of %s' % (field['id'], field['format'], sorted(FIELD_FORMATS)))
        if 'default' in field and not isinstance(field['default'], FIELD_TYPES[field_type]):
            errors.append('%s is not a %s' % (field['default'], field_type))
        for key in STRING_ONLY_KEYS:
            if key in field and field_type != 'string':
                errors.append('%s not allowed for %s type (%s)' % (key, field_type, field['id']))
    for required in inputs.get('required', []):
        if required not in ids:
            errors.append('required names an undefined field: %s' % required)

    extra = set(injectors) - {'file', 'env', 'extra_vars'}
    if extra:
        errors.append('unknown keys in injectors: %s' % sorted(extra))
    file_names = list(injectors.get('file', {}))
    for name in file_names:
        if not FILE_INJECTOR_RE.match(name):
            errors.append('invalid file injector name %s' % name)
    if 'template' in file_names and len(file_names) > 1:
        errors.append('Must use multi-file syntax when injecting multiple files')
    for name, value in injectors.get('env', {}).items():
        if not NAME_RE.match(name):
            errors.append('invalid environment variable name %s' % name)
        if name.startswith('ANSIBLE_'):
            errors.append('Environment variable %s may affect Ansible configuration so its use is not allowed '
                          'in credentials.' % name)
        if not isinstance(value, str) or not all(ord(c) < 128 for c in value):
            errors.append('env %s: the template must be an ASCII string' % name)

    # The templates may only use defined fields (AWX renders them with StrictUndefined).
    namespace = dict((field_id, 'EXAMPLE') for field_id in ids)
    namespace['tower'] = _Namespace(filename=_Namespace(**dict(
        (name.split('.', 1)[1], 'EXAMPLE_FILENAME') for name in file_names if '.' in name)))
    if 'template' in file_names:
        namespace['tower'].filename = 'EXAMPLE_FILENAME'
    env = sandbox.ImmutableSandboxedEnvironment(undefined=StrictUndefined)
    for kind in ('file', 'env', 'extra_vars'):
        for key, template in injectors.get(kind, {}).items():
            try:
                env.from_string(template).render(namespace)
            except UndefinedError as e:
                errors.append('%s uses an undefined field (%s)' % (key, e))
    return errors


class _Namespace:
    def __init__(self, **attributes):
        self.__dict__.update(attributes)


def inject(credential_type, inputs, private_data_dir):
    """The environment variables a job gets from a credential with ``inputs``; writes the injected files.

    As AWX does: empty strings count as not given, a boolean field that the credential
    does not have is False, each file goes to ``<private_data_dir>/env/`` with mode 0600.
    """
    namespace = {}
    for name, value in inputs.items():
        if isinstance(value, bool) or len(value):
            namespace[name] = value
    for field in credential_type['inputs'].get('fields', []):
        if field.get('type') == 'boolean' and field['id'] not in inputs:
            namespace[field['id']] = False
    env = sandbox.ImmutableSandboxedEnvironment()
    tower = _Namespace()
    namespace['tower'] = tower
    env_dir = os.path.join(private_data_dir, 'env')
    os.makedirs(env_dir, exist_ok=True)
    for label, template in credential_type['injectors'].get('file', {}).items():
        data = env.from_string(template).render(**namespace)
        handle, path = tempfile.mkstemp(dir=env_dir)
        with os.fdopen(handle, 'w') as f:
            f.write(data)
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
        if '.' not in label:
            tower.filename = path
        else:
            if not hasattr(tower, 'filename'):
                tower.filename = _Namespace()
            setattr(tower.filename, label.split('.', 1)[1], path)
    return dict((name, env.from_string(template).render(**namespace))
                for name, template in credential_type['injectors'].get('env', {}).items())
