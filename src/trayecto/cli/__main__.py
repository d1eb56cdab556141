"""`python -m trayecto.cli ...`, as the tests and benchmarks run it."""

from trayecto.cli.main import main

main()
