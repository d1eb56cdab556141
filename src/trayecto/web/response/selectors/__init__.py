"""Reads of the 5W cycle, one module per thing read (services/ holds the writes)."""
