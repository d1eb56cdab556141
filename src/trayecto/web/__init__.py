"""The Django interface: pages, JSON API, admin. The only package that imports Django."""
