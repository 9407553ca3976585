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


# Follow-up questions: {question: (the answers that open its follow-ups, the follow-ups then mandatory)}.
# The follow-ups are always on the page (it works without JavaScript); they are mandatory — and carry the red
# asterisk — only while the question has one of these answers.
_UTDANNING = Bosettingssamtale.Utdanningsnivaa
OPPFOLGING: dict[str, tuple[frozenset, tuple[str, ...]]] = {
    "kompass_aarsak": (frozenset({Bosettingssamtale.KompassAarsak.ANNET.value}), ("kompass_aarsak_merknad",)),
    "har_venner_familie": (
        frozenset({True}),
        (
            "tilknytning_type",
            "tilknytning_navn",
            "tilknytning_kontakt",
            "tilknytning_merknad",
            "kjenner_flere",
        ),
    ),
    "kjaeledyr": (frozenset({True}), ("kjaeledyr_beskrivelse",)),
    "hoyeste_utdanning": (frozenset(_UTDANNING.values) - {_UTDANNING.INGEN.value}, ("utdanning_fagfelt",)),
    "saerlig_hensyn": (frozenset({True}), ("saerlig_hensyn_beskrivelse",)),
    "folgeperson_trenger_hjelp": (frozenset({True}), ("folgeperson_hjelp",)),
    # seed 003 §2.5.2: «Hvis ikke …» and «Hvis ja, kan du fortelle litt om grunnen til det?»
    "folgeperson_bo_sammen": (frozenset({True, False}), ("folgeperson_bo_sammen_grunn",)),
}
EM_SPORSMAAL = (
    "em_familie_i_norge",
    "em_utdanning",
    "em_selvstendighet",
    "em_selvstendighet_begrunnelse",
    "em_omsorgslosning",
    "em_omsorgslosning_begrunnelse",
)
EM_FELT = (*EM_SPORSMAAL, "em_saerlige_behov")
FOLGEPERSON_FELT = (  # seed 003 §2.5.2, in its order, then the mottak's summary (Vedlegg 6)
    "folgeperson_relasjon",
    "folgeperson_har_det_bra",
    "folgeperson_gjor_sammen",
    "folgeperson_trenger_hjelp",
    "folgeperson_hjelp",
    "folgeperson_trygg",
    "folgeperson_redd",
    "folgeperson_bo_sammen",
    "folgeperson_bo_sammen_grunn",
    "folgeperson_vurdering",
)
PRAKTISK_FELT = ("kjaeledyr", "kjaeledyr_beskrivelse", "forerkort", "forerkort_klasser", "bil_i_norge")
_OPPFOLGERE = {felt for _, felter in OPPFOLGING.values() for felt in felter}


def mangler(
    person: Person,
    samtale: Bosettingssamtale,
    antall_bosettingsmerknader: int,
    *,
    har_kompetanse: bool = False,
) -> list[str]:
    """The mandatory fields (red asterisk) still empty for this person, by field name.

    Who must answer what (docs/beslutninger.md): everyone the Tilretteleggingsbehov question;
    adults and unaccompanied minors the ties and a bosettingsmerknad, and (16+, when no competence is
    registered — seed 001) the Kompass reason, except kollektiv beskyttelse, which is mapped only after
    settlement (seed 003); every adult pets, driving licence and car (IMDi's letter in seed 003), kollektiv
    beskyttelse also education, occupation and English (seed 003 §2.5); EM the Vedlegg 6 content, with
    følgeperson the §2.5.2 questions. Follow-ups as OPPFOLGING says. A resident who does not wish to give
    information owes nothing (seed 003 §2.5: recordable, no reason needed).
    """
    if samtale.onsker_ikke_gi_info:
        return []
    ut: list[str] = []

    def krev(*felter: str):
        for felt in felter:
            verdi = getattr(samtale, felt)
            if verdi is None or (isinstance(verdi, str) and not verdi.strip()):
                ut.append(felt)
            elif felt in OPPFOLGING and verdi in OPPFOLGING[felt][0]:
                krev(*OPPFOLGING[felt][1])

    krev("saerlig_hensyn")
    if not er_voksen_eller_em(person):
        return ut
    kollektiv = person.beskyttelse == Person.Beskyttelse.KOLLEKTIV
    if person.alder() >= 16 and not har_kompetanse and not kollektiv:
        krev("kompass_aarsak")
    krev("har_venner_familie")
    if antall_bosettingsmerknader == 0:
        ut.append(BOSETTINGSMERKNAD)
    if person.alder() >= 18:
        krev("kjaeledyr", "forerkort", "bil_i_norge")
        if kollektiv:
            krev("hoyeste_utdanning", "siste_yrke", "engelsk")
    if er_em(person):
        krev(*EM_SPORSMAAL)
    if person.persontype == Person.Persontype.EM_MED_FOLGEPERSON:
        krev(*(felt for felt in FOLGEPERSON_FELT if felt not in _OPPFOLGERE))
    return ut


def feltnavn(felt: str) -> str:
    """The label a caseworker sees for a mandatory field."""
    if felt == BOSETTINGSMERKNAD:
        return "Bosettingsmerknad"
    return str(Bosettingssamtale._meta.get_field(felt).verbose_name)


def paakrevde_felt(person: Person, samtale: Bosettingssamtale) -> set[str]:
    """The fields that carry the red asterisk with the answers given so far: what `mangler` asks of an empty
    interview, and of one holding only the answers that open follow-ups — so a follow-up is marked only
    while its question opens it, and nothing when the resident does not wish to give information."""
    har = person.kompetanse.exists()
    svar = {"onsker_ikke_gi_info": samtale.onsker_ikke_gi_info}
    aapnende = Bosettingssamtale(**svar, **{spm: getattr(samtale, spm) for spm in OPPFOLGING})
    return set(mangler(person, aapnende, 0, har_kompetanse=har)) | set(
        mangler(person, Bosettingssamtale(**svar), 0, har_kompetanse=har)
    )


def svarrader(samtale: Bosettingssamtale, felter) -> list[tuple[str, str]]:
    """(question, answer as text — "" when unanswered) for `felter`, in that order."""
    rader = []
    for navn in felter:
        verdi = getattr(samtale, navn)
        if isinstance(verdi, bool):
            verdi = "Ja" if verdi else "Nei"
        elif verdi and Bosettingssamtale._meta.get_field(navn).choices:
            verdi = getattr(samtale, f"get_{navn}_display")()
        rader.append((str(Bosettingssamtale._meta.get_field(navn).verbose_name), str(verdi or "")))
    return rader


def samtalesvar_i_mappen(
    person: Person, samtale: Bosettingssamtale
) -> list[tuple[str, list[tuple[str, str]]]]:
    """The interview's answers the folder shows beside IMDi's Bosettingsinformasjon, under headings (the PDF
    and the fordeling details show them too): pets, driving licence and car for adults; the Vedlegg 6 content
    for unaccompanied minors, with the følgeperson questions where there is one."""
    blokker = []
    if person.alder() >= 18:
        blokker.append(("Kjæledyr, førerkort og bil", svarrader(samtale, PRAKTISK_FELT)))
    if er_em(person):
        blokker.append(("Enslig mindreårig", svarrader(samtale, EM_FELT)))
    if person.persontype == Person.Persontype.EM_MED_FOLGEPERSON:
        blokker.append(("Følgepersonen", svarrader(samtale, FOLGEPERSON_FELT)))
    return blokker


def familiebolig(person: Person, samtale: Bosettingssamtale) -> str:
    """Seed 002 «Familiebolig»: whether the person is to live with family or others in one dwelling — the
    household settled together (as the fordelingsliste's «Familiebolig»), and an EM's wish to live with the
    følgeperson."""
    deler = []
    antall = person.husstand.personer.count()
    if antall > 1:
        deler.append(f"Ja, bosettes sammen med husstanden ({antall} personer).")
    if samtale.folgeperson_bo_sammen is not None:
        svar = "Ja" if samtale.folgeperson_bo_sammen else "Nei"
        deler.append(f"Ønsker å fortsette å bo sammen med følgepersonen: {svar}.")
    return " ".join(deler)


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
