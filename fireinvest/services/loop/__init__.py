"""The closed loop of an investigated fire: accountability, prevention, measures, the assessment and the board."""
