"""Course models — filled in by the Learning issue."""
