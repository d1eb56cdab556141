"""`trayecto ...`: the command line. The application is `main.app`; this package imports
nothing when loaded, so that the web app's commands may import `cli.console` in any order
with `main`, which loads them through an entry point.
"""
