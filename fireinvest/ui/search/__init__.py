"""The archive search window (查找档案, Ctrl+Shift+F): words, filters, ranked hits with snippets, saved searches."""
