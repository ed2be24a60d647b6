"""The administrator's settings: the agency, districts, holidays."""
