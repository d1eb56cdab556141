"""Official statistics and geography: maps, area pages, indicator explorer."""
