"""FireInvest: case management for fire investigation teams (火灾事故调查案件管理)."""

__version__ = "0.1.0"
