"""Recognisers: pure functions of text that find targets, deadlines, bodies and coverage."""
