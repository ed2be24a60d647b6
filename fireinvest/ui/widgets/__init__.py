"""Widgets, dialogs and helpers every screen shares."""
