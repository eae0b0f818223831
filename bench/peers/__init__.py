"""Peers and the floor of the benchmark suite, each a standalone script run as a child process.

Every script reads one corpus and writes one result JSON (see ``measure.py``), so a
driver can put newsweave beside them as ratios measured in the same run.
"""
