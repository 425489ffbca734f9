"""Benchmarks: `make bench` (bench/speed.py)."""
