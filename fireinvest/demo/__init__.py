"""Realistic synthetic cases to try the program and to benchmark it with: not a use case of the investigators'."""
