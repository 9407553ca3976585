"""Bearer authentication per scope: an endpoint declares the scope it needs with the auth object of that scope,

    @router.get("/personer", auth=KREVER[KOMMUNE_PERSONER_LES], url_name="kommune_personer")

The token is looked up (only its hash is stored); an unknown, expired or deactivated client's token is a 401, a
token without the scope a 403 (`insufficient_scope`). When it passes, the request acts as the client's system
user, holding at its organisation exactly the roles its token's scopes stand for (`omfang.OMFANG`) — never roles
granted to that user in the user administration — so the pages' access helpers decide what it reaches, and
`InnsynsloggMiddleware` logs its reads under that user.
"""

from ninja.security import HttpBearer

from . import services
from .omfang import OMFANG, Omfang
from .services import Avvist


class Bearer(HttpBearer):
    def __init__(self, omfang: Omfang):
        super().__init__()
        self.omfang = omfang

    def authenticate(self, request, token):
        rad = services.token_les(token)
        if rad is None:
            raise Avvist("invalid_token", "Tilgangstokenet er ukjent eller utløpt.", status=401)
        klient = rad.klient
        request.api_klient = klient
        omfang = [
            o for o in rad.omfang if o in klient.omfang and o in OMFANG
        ]  # a scope IMDi took away is gone
        if self.omfang.navn not in omfang:
            raise Avvist(
                "insufficient_scope",
                f"Tokenet mangler omfanget {self.omfang.navn}.",
                status=403,
                klient=klient,
            )
        bruker = klient.bruker
        # The cache `tilgang.roller_for` reads: the roles are the token's scopes', not the user's grants.
        bruker._imdinett_roller = {klient.organisasjon_id: frozenset(OMFANG[o].rolle for o in omfang)}
        request.user = bruker
        return klient


KREVER: dict[str, Bearer] = {navn: Bearer(o) for navn, o in OMFANG.items()}
