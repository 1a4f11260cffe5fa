"""Question banks, quizzes, attempts, grading and imports (the assessment journey)."""
