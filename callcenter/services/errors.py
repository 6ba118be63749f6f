"""A refusal the user must read: a message-catalog code and the values it mentions."""


class Refused(Exception):
    def __init__(self, code: str, **params):
        super().__init__(code, params)
        self.code = code
        self.params = params
