"""The capability model: schema, loader and `partnerscan model` commands.

This package must not import Django at module level: the scoring engine and the
command line use it without settings.
"""
