"""Home pages for each role, and the health check."""
