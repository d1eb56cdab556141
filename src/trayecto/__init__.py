"""Trayecto: information management for Education in Emergencies in Colombia."""

__version__ = "0.1.0"
