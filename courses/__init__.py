"""Courses, modules, lessons, enrolment and progress (the learner journey)."""
