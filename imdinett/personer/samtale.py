"""The settlement interview's completeness rule, next to its data (Bosettingssamtale): what is mandatory for
whom (`mangler`, which also draws the red asterisks through `paakrevde_felt`) and while the interview may still
be written (`Bosettingssak.samtale_aapen`). The mottak asks it to complete the interview, IMDi before sending
a fordelingsliste."""

from django.db.models import Count

from .models import Bosettingssamtale, Person

BOSETTINGSMERKNAD = "bosettingsmerknad"  # mandatory: at least one (seed 001: "Bosettingsmerknad *")


def samtale_for(person: Person) -> Bosettingssamtale:
    """The interview row, unsaved and empty when nothing is registered yet."""
    try:
        return person.samtale
    except Bosettingssamtale.DoesNotExist:
        return Bosettingssamtale(person=person)


def er_voksen_eller_em(person: Person) -> bool:
    return person.alder() >= 18 or person.persontype in (
        Person.Persontype.ENSLIG_MINDREAARIG,
        Person.Persontype.EM_MED_FOLGEPERSON,
    )


def er_em(person: Person) -> bool:
    return person.persontype in (Person.Persontype.ENSLIG_MINDREAARIG, Person.Persontype.EM_MED_FOLGEPERSON)


def mangler(
    person: Person,
    samtale: Bosettingssamtale,
    antall_bosettingsmerknader: int,
    *,
    har_kompetanse: bool = False,
) -> list[str]:
    """The mandatory fields (red asterisk) still empty for this person, by field name.

    Who must answer what (docs/beslutninger.md): everyone the Tilretteleggingsbehov question;
    adults and unaccompanied minors the ties, a bosettingsmerknad and (16+, when no competence is registered —
    seed 001) the Kompass reason;
    kollektiv beskyttelse the extra questions (seed 003); EM the Vedlegg 6 content. A resident who
    does not wish to give information owes nothing (seed 003 §2.4: recordable, no reason needed).
    """
    if samtale.onsker_ikke_gi_info:
        return []
    s = samtale
    ut: list[str] = []

    def krev(felt: str, fylt: bool):
        if not fylt:
            ut.append(felt)

    krev("saerlig_hensyn", s.saerlig_hensyn is not None)
    if s.saerlig_hensyn:
        krev("saerlig_hensyn_beskrivelse", bool(s.saerlig_hensyn_beskrivelse.strip()))
    if not er_voksen_eller_em(person):
        return ut
    if person.alder() >= 16 and not har_kompetanse:
        krev("kompass_aarsak", bool(s.kompass_aarsak.strip()))
    krev("har_venner_familie", s.har_venner_familie is not None)
    if s.har_venner_familie:
        for felt in ("tilknytning_type", "tilknytning_navn", "tilknytning_kontakt", "tilknytning_merknad"):
            krev(felt, bool(getattr(s, felt).strip()))
        krev("kjenner_flere", s.kjenner_flere is not None)
    if antall_bosettingsmerknader == 0:
        ut.append(BOSETTINGSMERKNAD)
    if person.beskyttelse == Person.Beskyttelse.KOLLEKTIV and person.alder() >= 18:
        krev("kjaeledyr", s.kjaeledyr is not None)
        krev("hoyeste_utdanning", bool(s.hoyeste_utdanning))
        if s.hoyeste_utdanning not in ("", Bosettingssamtale.Utdanningsnivaa.INGEN):
            krev("utdanning_fagfelt", bool(s.utdanning_fagfelt.strip()))
        krev("siste_yrke", bool(s.siste_yrke.strip()))
        krev("engelsk", bool(s.engelsk))
        krev("forerkort", s.forerkort is not None)
        krev("bil_i_norge", s.bil_i_norge is not None)
    if er_em(person):
        for felt in (
            "em_familie_i_norge",
            "em_utdanning",
            "em_selvstendighet",
            "em_selvstendighet_begrunnelse",
            "em_omsorgslosning",
            "em_omsorgslosning_begrunnelse",
        ):
            krev(felt, bool(getattr(s, felt).strip()))
    if person.persontype == Person.Persontype.EM_MED_FOLGEPERSON:
        krev("folgeperson_vurdering", bool(s.folgeperson_vurdering.strip()))
    return ut


def feltnavn(felt: str) -> str:
    """The label a caseworker sees for a mandatory field."""
    if felt == BOSETTINGSMERKNAD:
        return "Bosettingsmerknad"
    return str(Bosettingssamtale._meta.get_field(felt).verbose_name)


def paakrevde_felt(person: Person) -> set[str]:
    """Every field that can be mandatory for this person (the red asterisks): what `mangler` asks
    of an empty interview, and of one where every question that opens follow-ups is answered yes."""
    alt_ja = Bosettingssamtale(har_venner_familie=True, saerlig_hensyn=True, hoyeste_utdanning="hoyere")
    har = person.kompetanse.exists()
    return set(mangler(person, alt_ja, 0, har_kompetanse=har)) | set(
        mangler(person, Bosettingssamtale(), 0, har_kompetanse=har)
    )


def husstandens_mangler(personer: list[Person]) -> dict[Person, list[str]]:
    """{member: missing fields} for every member whose case is still open."""
    kompetanse = set(  # members with a competence registration (imdinett/kompetanse, through the relation)
        Person.objects.filter(pk__in=[p.pk for p in personer], kompetanse__isnull=False).values_list(
            "pk", flat=True
        )
    )
    merknader = dict(
        Person.objects.filter(pk__in=[p.pk for p in personer])
        .annotate(n=Count("bosettingsmerknader"))
        .values_list("pk", "n")
    )
    return {
        p: mangler(p, samtale_for(p), merknader[p.pk], har_kompetanse=p.pk in kompetanse)
        for p in personer
        if getattr(p, "bosettingssak", None) and p.bosettingssak.samtale_aapen
    }
