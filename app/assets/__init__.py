"""Installed systems (assets) and their derived state."""
