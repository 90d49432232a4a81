"""Shared test material, imported as ``tests.support.<module>``.

Fixtures live in ``tests/conftest.py``; constants and helper functions that test
modules import by name live here (a ``conftest.py`` is not meant to be imported, and
under ``pytest --import-mode=importlib`` test modules cannot import each other).
"""
