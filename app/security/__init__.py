"""Users, roles, the tenant scope and (later) the password policy and login security."""
