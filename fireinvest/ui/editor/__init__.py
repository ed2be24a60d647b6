"""The case editor: one window per case, its fact pages and its procedure tab."""
