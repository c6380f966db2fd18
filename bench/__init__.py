"""Benchmarks: they print figures, never pass or fail. Run `python -m bench` (or `make bench`)."""
