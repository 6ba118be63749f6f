"""Use cases over the database. Plain Python: may import db and rules, never textual.

Every function opens its own connection (peewee connections belong to one thread, and the
desk calls these from thread workers) and returns plain values, never lazy relations.
"""
