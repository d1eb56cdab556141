"""Organisations, users and what each role may see and do."""
