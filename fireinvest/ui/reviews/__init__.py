"""The 专家论证 tab: a case's expert reviews."""
