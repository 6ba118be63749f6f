"""A refusal the user must read: a message-catalog code and the values it mentions."""
from callcenter.rules.text import too_long


class Refused(Exception):
    def __init__(self, code: str, **params):
        super().__init__(code, params)
        self.code = code
        self.params = params


def check_length(field: str, value: str, limit: int) -> None:
    """An over-long field gets a message naming it, never a silent cut."""
    if too_long(value, limit):
        raise Refused("field.too_long", field=field, limit=limit)
