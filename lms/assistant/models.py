"""Tables of the learning assistant."""
