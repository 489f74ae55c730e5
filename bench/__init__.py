"""Benchmarks for the generator (make bench). Not part of the test suite."""
