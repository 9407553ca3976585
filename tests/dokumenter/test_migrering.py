"""Migrations dokumenter 0003 and fordeling 0003: letters kept before the fields existed get the permission
they are read with (from their type) and the persons they name (the person letter's person, the list
letter's accepted persons)."""

from imdinett.dokumenter.models import Dokument

FOER = [("dokumenter", "0002_initial"), ("fordeling", "0002_fordelingslinje_mottak_tilbakemelding_and_more")]
ETTER = [("dokumenter", "0003_tillatelse_personer"), ("fordeling", "0003_brev_navngir_personene")]


def test_eksisterende_brev_faar_tillatelse_og_personer(brev, familie, migrer):
    migrer(FOER)
    migrer(ETTER)
    migrer()
    for d in Dokument.objects.filter(type="vedtak_bosettingskommune"):
        assert (d.tillatelse, d.navngitte_ider(), set(d.personer.values_list("pk", flat=True))) == (
            "dokument.les",
            {d.person_id},
            {d.person_id},
        )
    liste = Dokument.objects.get(type="bosetting_av_flyktninger")
    assert liste.tillatelse == "dokument.les"
    assert set(liste.personer.values_list("pk", flat=True)) == {p.pk for p in familie}
    assert Dokument.objects.get(type="anmodningsbrev").tillatelse == "anmodning.les"
