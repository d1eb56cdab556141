"""The trajectory app stores nothing of its own: its figures are computed from the
pseudonymised `student_enrolment` table of the warehouse, per manifest version."""
