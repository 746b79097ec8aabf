"""A real OpenID Provider for the single sign-on tests: django-oauth-toolkit in a Django
project of its own, served on 127.0.0.1 in a subprocess (serve.py), with its own SQLite file."""
