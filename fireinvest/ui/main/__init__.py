"""The main window: the case list, its filters, the to-do list, import and export."""
