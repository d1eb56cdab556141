"""Indicators, aggregation, gaps, reach: SQL files run by the warehouse engine."""
