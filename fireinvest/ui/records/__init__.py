"""The 笔录 tab: scene inspection and interview records."""
