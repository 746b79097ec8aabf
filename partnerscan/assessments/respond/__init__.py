"""The respondent's questionnaire (mounted by respond_urls.py): the way in, the answering pages,
and review, submit and thanks."""
