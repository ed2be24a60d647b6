"""Registers the program never deletes from: investigators and experts."""
