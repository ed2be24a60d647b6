"""The 物证 tab: evidence items and their chain of custody."""
