"""Plain-Python domain rules: codes, periods, groups, problems. No I/O here."""
