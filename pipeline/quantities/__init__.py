"""Quantities: rule files, matching, numbers, units and the figures they make."""
