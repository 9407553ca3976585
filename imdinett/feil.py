"""The one domain error. Services raise it to refuse a move; views show its message."""


class DomeneFeil(Exception):
    def __init__(self, melding: str, *, felt: str | None = None):
        super().__init__(melding)
        self.melding = melding
        self.felt = felt
