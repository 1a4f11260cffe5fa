"""Tables of the placement check and learning path."""
