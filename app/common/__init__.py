"""What several parts of the portal share: the clock, enums, base views and APIs."""
