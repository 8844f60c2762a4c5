"""Fixtures: a real simulator process per test module, reached over verified HTTPS."""

import os
import sys

import pytest

# The simulator package and the shared test helpers, importable whatever pytest's import mode.
sys.path[:0] = [os.path.dirname(os.path.dirname(os.path.abspath(__file__))), os.path.dirname(os.path.abspath(__file__))]

from simtest import SEED_DATA, Client  # noqa: E402  pylint: disable=wrong-import-position
from vb365sim import process  # noqa: E402  pylint: disable=wrong-import-position


@pytest.fixture(scope="module", name="sim_process")
def fixture_sim_process(tmp_path_factory):
    with process.start(tmp_path_factory.mktemp("sim"), data=SEED_DATA, timeout=30) as handle:
        yield handle


@pytest.fixture()
def sim(sim_process):
    """A client of the module's simulator, reset to the seed state for each test."""
    client = Client(sim_process)
    client.reset()
    return client
