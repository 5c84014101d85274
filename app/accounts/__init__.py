"""Customers (parent accounts) and their accounts (sites, sold-to/ship-to)."""
