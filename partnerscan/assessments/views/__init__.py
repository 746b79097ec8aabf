"""Management pages of an assessment, by what they manage (mounted by manage_urls.py)."""
