"""Torch's thread settings: passive OpenMP waiting unless the user chose otherwise, set before torch loads."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from quotetrack import threads

# libgomp prints the settings it loaded with; its spin count tells the wait policies apart (unset: 300000).
SHOW_OPENMP = "import quotetrack.nlp, torch"


def loaded_spin_count(code: str = SHOW_OPENMP, **variables: str) -> str:
    env = {key: value for key, value in os.environ.items() if key not in ("OMP_WAIT_POLICY", "GOMP_SPINCOUNT")}
    env.update(OMP_DISPLAY_ENV="VERBOSE", OMP_NUM_THREADS="1", **variables)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    lines = [line.strip() for line in out.stderr.splitlines() if line.strip().startswith("GOMP_SPINCOUNT")]
    if not lines:
        pytest.skip("torch's OpenMP runtime does not display GOMP_SPINCOUNT (not GNU OpenMP)")
    return lines[0]


def test_defaults_are_set_where_the_environment_lacks_them():
    environ = {"OMP_NUM_THREADS": "1"}

    assert threads.prefer_passive_waiting(environ) == {"OMP_WAIT_POLICY": "PASSIVE"}
    assert environ == {"OMP_NUM_THREADS": "1", "OMP_WAIT_POLICY": "PASSIVE"}


def test_the_users_wait_policy_wins():
    environ = {"OMP_WAIT_POLICY": "ACTIVE"}

    assert threads.prefer_passive_waiting(environ) == {}
    assert environ == {"OMP_WAIT_POLICY": "ACTIVE"}


def test_torch_loads_after_the_nlp_module_with_passive_waiting():
    assert loaded_spin_count() == "GOMP_SPINCOUNT = '0'"


def test_any_quotetrack_module_importing_torch_first_loads_it_with_passive_waiting():
    # evaluate's parse cache imports stanza (and so torch) before quotetrack.nlp
    assert loaded_spin_count("import quotetrack.evaluate, stanza") == "GOMP_SPINCOUNT = '0'"


def test_torch_loads_with_the_users_wait_policy_when_one_is_set():
    assert loaded_spin_count(OMP_WAIT_POLICY="ACTIVE") == "GOMP_SPINCOUNT = '30000000000'"


def test_set_threads_gives_the_intra_op_threads_asked_and_one_inter_op_thread():
    code = "import torch; from quotetrack import threads; threads.set_threads(2); threads.set_threads(2); " \
           "print(torch.get_num_threads(), torch.get_num_interop_threads())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)

    assert out.stdout.split() == ["2", "1"]  # and calling it again is harmless
