"""Quiz models — filled in by the Assessment issue."""
