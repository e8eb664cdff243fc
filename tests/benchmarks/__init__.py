"""Benchmarks of SPEC §10: scripts named bench_*.py (not collected by pytest), run one by one."""
