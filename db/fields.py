"""Column types shared by the models."""
from datetime import datetime, timezone

from peewee import IntegerField


class UtcTimestampField(IntegerField):
    """A moment stored as whole UTC seconds since the epoch.

    Integers keep the million-row call table small and make day ranges plain index scans;
    values come back as aware UTC datetimes so nothing downstream guesses a zone.
    BIGINT: SQLite makes it the same INTEGER column; PostgreSQL's INTEGER would end in 2038.
    """

    field_type = "BIGINT"

    def db_value(self, value):
        if value is None or isinstance(value, int):
            return value
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return int(value.timestamp())

    def python_value(self, value):
        if value is None:
            return None
        return datetime.fromtimestamp(value, tz=timezone.utc)
