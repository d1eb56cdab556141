"""One module per source format: read a file into (Arrow table, problems)."""
