"""The test suite: `pytest -q` from the repository root."""
