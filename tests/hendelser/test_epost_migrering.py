"""Migration hendelser/0005: e-mails already in the outbox get their status (sent ones «sendt», the others
«venter», due at once)."""

from django.utils import timezone

FOER = [("hendelser", "0004_hendelser_uforanderlige")]
ETTER = [("hendelser", "0005_epost_status")]


def test_eksisterende_eposter_faar_riktig_status(migrer):
    Epost = migrer(FOER).get_model("hendelser", "Epost")
    sendt = Epost.objects.create(til="a@example.org", emne="Sendt", tekst="x", sendt=timezone.now(), forsok=1)
    venter = Epost.objects.create(til="b@example.org", emne="Venter", tekst="x", forsok=3, siste_feil="Feil")

    Epost = migrer(ETTER).get_model("hendelser", "Epost")
    sendt = Epost.objects.get(pk=sendt.pk)
    venter = Epost.objects.get(pk=venter.pk)
    assert (sendt.status, sendt.neste_forsok) == ("sendt", None)
    assert (venter.status, venter.forsok, venter.siste_feil) == ("venter", 3, "Feil")
    assert venter.neste_forsok <= timezone.now()
