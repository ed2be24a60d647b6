"""Use cases: one module per aggregate. Every write goes through here so rules and checks cannot be bypassed.

Services take the session (unit of work) and the acting user explicitly and hand back small read models.
"""
