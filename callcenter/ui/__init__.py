"""Textual front end. Screens call services (in thread workers when they touch the database)."""
