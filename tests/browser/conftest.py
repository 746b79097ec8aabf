"""Browser tests use the session-wide `playwright` and `browser` fixtures of tests/conftest.py."""
