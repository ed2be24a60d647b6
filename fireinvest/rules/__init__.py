"""Domain rules as plain functions over plain values: no database, no Qt, testable on their own."""
