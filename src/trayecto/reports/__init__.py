"""Results turned into tables, charts, maps and documents."""
