"""Learning assistant ("Trợ lý học tập"): answers learners' questions from the course content."""
