"""Printable documents generated from the database: PDF (ReportLab) now, Word (python-docx) later.

Modules here read through services and rules and write files; they never import Qt, so the command line and the
window produce the same bytes.
"""
