"""Writes of the 5W cycle, one module per kind of change (selectors/ holds the reads).

Every service checks permissions (user None = the command line, acting as the system), then
changes the database in one transaction and writes the audit log (audit.py). Errors are
constants that tests reuse.
"""
