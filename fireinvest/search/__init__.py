"""The archive search's index and its queries, on SQLite FTS5 and PostgreSQL GIN alike: how text is read
(analysis), what a query means (query), what of a case is searchable (sources), keeping the index in step (index),
the engines' statements (engine) and snippets. The use cases are in services/search.py; the front door keeps the
index in the same transaction as every change, which is why this package sits below services/.
"""
