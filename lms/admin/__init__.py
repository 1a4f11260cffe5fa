"""Administration: people, roles, units and the audit log."""
