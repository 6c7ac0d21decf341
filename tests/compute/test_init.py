"""thalweg.compute's XLA flag: trajectory loops compile to one kernel."""

import os

from thalweg.compute import SMALL_LOOP_BYTES, SMALL_LOOP_OPTION, with_small_loop_threshold

OPTION = f"{SMALL_LOOP_OPTION}={SMALL_LOOP_BYTES}"


def test_the_threshold_is_raised_in_this_process():
    assert OPTION in os.environ["XLA_FLAGS"]


def test_other_flags_are_kept():
    assert with_small_loop_threshold("") == f"--xla_backend_extra_options={OPTION}"
    flags = with_small_loop_threshold("--xla_force_host_platform_device_count=2")
    assert flags == f"--xla_force_host_platform_device_count=2 --xla_backend_extra_options={OPTION}"


def test_other_extra_options_share_the_one_map():
    flags = with_small_loop_threshold("--xla_backend_extra_options=a=1")
    assert flags == f"--xla_backend_extra_options={OPTION},a=1"


def test_a_threshold_set_by_the_environment_wins():
    mine = f"--xla_backend_extra_options={SMALL_LOOP_OPTION}=4096"
    assert with_small_loop_threshold(mine) == mine
