"""Service tickets, their activities and the status workflow."""
