"""The collector threshold an import runs under, and that it is given back."""

import gc

import pytest

from reviewctl.collector import THRESHOLD, fewer_collections


def test_the_threshold_is_raised_inside_and_restored_after_an_error() -> None:
    before = gc.get_threshold()
    with pytest.raises(ValueError), fewer_collections():
        assert gc.get_threshold() == (THRESHOLD, *before[1:])
        raise ValueError
    assert gc.get_threshold() == before


def test_a_higher_threshold_already_set_is_kept() -> None:
    before = gc.get_threshold()
    gc.set_threshold(THRESHOLD * 5, *before[1:])
    try:
        with fewer_collections():
            assert gc.get_threshold()[0] == THRESHOLD * 5
    finally:
        gc.set_threshold(*before)
