# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module_utils file is PRIVATE to the vb365.backup collection: it may change
# without notice between releases and must not be imported by other collections.

"""The life of a module run: arguments, one HTTP client, the module's work, one exit.

Every module of the collection has the same three functions, the *module protocol*:
``argument_spec()`` and ``module_kwargs()`` (what ``AnsibleModule`` takes) and
``run(module, client)`` (the work, returning the result). ``run_module`` runs them, in a
module process or (with another ``module_class``) in the controller's worker process.

This is the only place that calls ``fail_json`` for a failure the collection raised
(``_errors.Vb365Error``) or did not foresee; every other module_util raises. It calls it
outside any ``except`` block, so that no traceback goes with the collection's own failures.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import sys

from ansible_collections.vb365.backup.plugins.module_utils._client import Vb365Client, requests
from ansible_collections.vb365.backup.plugins.module_utils._connection_options import missing_option_hint
from ansible_collections.vb365.backup.plugins.module_utils._errors import Vb365Error
from ansible_collections.vb365.backup.plugins.module_utils._redact import redact


def missing_requests_message(python=None):
    """What to do when ``requests`` cannot be imported: the exact command, for the Python that runs the module."""
    python = python or sys.executable or 'python3'
    return ("The Python library 'requests' is missing on the host that runs the module (its Python is %s). "
            "Install it there: %s -m pip install requests (or the OS package, for example python3-requests), "
            "or run the task where requests is installed." % (python, python))


def run_module(argument_spec, module_kwargs, run, module_class=None):
    """The whole life of a module: arguments, one client, ``run(module, client)``, one ``exit_json`` or one ``fail_json``.

    ``module_class`` replaces ``AnsibleModule`` where the module runs inside the controller's worker process
    (``plugins/plugin_utils/_in_process.py``): everything else about the run is the same.
    """
    module = (module_class or _hinting_module_class())(argument_spec=argument_spec, supports_check_mode=True,
                                                       **module_kwargs)
    if requests is None:
        module.fail_json(msg=missing_requests_message())
    client = Vb365Client(module.params, warn=module.warn)
    try:
        result = run_guarded(module, lambda: run(module, client), client)
    finally:
        client.close()
    module.exit_json(**result)


def _hinting_module_class():
    """``AnsibleModule`` whose argument-validation failures about connection options say where to give them.

    ``AnsibleModule.__init__`` validates the arguments and calls ``fail_json`` itself, before
    any of our code runs: overriding ``fail_json`` is the one place to add the hint.
    """
    from ansible.module_utils.basic import AnsibleModule

    class HintingAnsibleModule(AnsibleModule):
        def fail_json(self, msg, **kwargs):
            super(HintingAnsibleModule, self).fail_json(msg=missing_option_hint(msg), **kwargs)

    return HintingAnsibleModule


def run_guarded(module, action, client=None):
    """Run ``action()`` and turn any failure into one ``fail_json``: never a traceback, never a secret."""
    try:
        return action()
    except Vb365Error as e:
        failure = e.result()
    except Exception as e:  # pylint: disable=broad-except
        # A bug of ours, or a library failing in a way nobody foresaw: still one clear line.
        failure = dict(msg='Unexpected error (please report it to the vb365.backup maintainers): %s: %s'
                           % (type(e).__name__, e))
    if client is not None:
        failure['msg'] = redact(failure['msg'], client.secrets())
    # Outside the except blocks: AnsibleModule adds the pending exception's traceback to a failure (at -vvv).
    module.fail_json(**failure)
