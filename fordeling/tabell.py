"""The kommune's fordelingsliste table (fordeling/liste.html), its rows built as strings: a list of 40
persons, each with an answer field and a «Vis detaljer», is ~1,100 template lookups (≈4 ms of a 17 ms page
in `make bench`) and a fraction of that as f-strings. Every value passes `_e` (what Django's `escape` does,
without its lazy-string wrapper: it is called ~20 times a person); the markup is the one the template drew,
and the browser, axe and form-fuzzing tests read it."""

import html

from django.forms.utils import flatatt
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from .selectors.visning import Husstandsvisning, Personvisning


def _e(verdi) -> str:
    return html.escape(str(verdi))


def merker(p: Personvisning) -> SafeString:
    """The person's tags: from a særskilt enhet, særlig hensyn, overføringsflyktning; then the extra grant
    the person may give (`visning.ekstratilskudd`)."""
    deler = []
    if p.saerskilt_enhet:
        deler.append(f'<span class="ds-tag" data-color="warning">Fra {_e(p.saerskilt_enhet.lower())}</span> ')
    if p.saerlig_hensyn:
        deler.append('<span class="ds-tag" data-color="warning">Særlig hensyn</span> ')
    if p.overforingsflyktning:
        deler.append('<span class="ds-tag" data-color="info">Overføringsflyktning</span> ')
    if p.ekstratilskudd:
        deler.append(f'<span class="hjelpetekst">{_e(p.ekstratilskudd)}</span>')
    return mark_safe("".join(deler))  # the values are escaped


def _feil(felt) -> tuple[dict, str]:
    """The field's aria attributes and its messages under it (DsSkjema's convention)."""
    if not felt.errors:
        return {}, ""
    feil_id = f"{felt.html_name}-feil"
    meldinger = "".join(
        f'<p class="ds-validation-message" data-field="validation" id="{_e(feil_id)}">{_e(m)}</p>'
        for m in felt.errors
    )
    return {"aria-invalid": "true", "aria-describedby": feil_id}, meldinger


def _bosettes_felt(felt) -> str:
    navn, id_ = _e(felt.html_name), _e(felt.id_for_label)
    checked = " checked" if felt.value() else ""
    return (
        f'<div class="ds-field valg"><input class="ds-input" type="checkbox" name="{navn}" id="{id_}"'
        f'{checked}><label class="ds-label" for="{id_}">Bosettes</label></div>'
    )


def _begrunnelse_felt(felt) -> str:
    navn, id_ = _e(felt.html_name), _e(felt.id_for_label)
    aria, meldinger = _feil(felt)
    rader, maks = felt.field.widget.attrs["rows"], felt.field.max_length
    return (
        f'<div class="ds-field felt"><label class="ds-label" data-weight="regular" for="{id_}">Begrunnelse '
        f'hvis husstanden ikke bosettes</label><textarea name="{navn}" id="{id_}" class="ds-input" '
        f'rows="{rader}" maxlength="{maks}"{flatatt(aria)}>{_e(felt.value() or "")}</textarea>{meldinger}</div>'
    )


def _uke_felt(p: Personvisning) -> str:
    """The week field (imdinett.uker.UkeInput: its hint, the input, the week's dates), the window an
    overføringsflyktning can travel in, and the field's messages."""
    felt = p.uke_felt
    aria, meldinger = _feil(felt)  # also a service's refusal, added after the form was cleaned
    hjelp = f'<div class="hjelpetekst">{_e(p.mulige_uker)}</div>' if p.mulige_uker else ""
    return (
        f'<label class="ds-sr-only" for="{_e(felt.id_for_label)}">{_e(felt.label)}</label>'
        f"{felt.as_widget(attrs=aria)}{hjelp}{meldinger}"
    )


def _husstandsrad(h: Husstandsvisning, *, redigerer: bool, vis_svar: bool) -> str:
    tekst = f"<strong>Husstand {h.nr}</strong> ({_e(h.antall_tekst)})"
    if redigerer:
        return f"{tekst} {_bosettes_felt(h.bosettes_felt)}{_begrunnelse_felt(h.begrunnelse_felt)}"
    if vis_svar:
        begrunnelse = "" if h.bosettes else f". Begrunnelse: {_e(h.begrunnelse)}"
        return f"{tekst} — Bosettes: <strong>{'Ja' if h.bosettes else 'Nei'}</strong>{begrunnelse}"
    return tekst


def _detaljer(p: Personvisning, endre: str) -> str:
    """«Vis detaljer»: drawn when opened with the page, else fetched when opened (htmx, `?vis=<nr>`; without
    JavaScript the link opens the page again with it)."""
    summary = f'<summary>Vis detaljer<span class="ds-sr-only"> for person {p.nr}</span></summary>'
    if p.detaljer_vist:
        return f"<details open>{summary}{render_to_string('fordeling/_detaljer.html', {'p': p})}</details>"
    return (
        f'<details hx-get="?vis={p.nr}" hx-trigger="toggle once" hx-target="find .detaljinnhold" '
        f'hx-swap="innerHTML">{summary}<div class="detaljinnhold"><a class="ds-link" '
        f'href="?vis={p.nr}{endre}#person-{p.nr}">Hent detaljene for person {p.nr}</a></div></details>'
    )


def _personrad(p: Personvisning, *, besvart: bool, med_innmelding: bool, redigerer: bool) -> str:
    celler = [f"<td>{p.nr}</td>"]
    if besvart:
        if p.person:
            url = reverse("personer:grunndata", args=[p.person.pk])
            celler.append(f'<td><a class="ds-link" href="{_e(url)}">{_e(p.person.navn)}</a></td>')
        else:
            celler.append("<td>–</td>")
    celler.append(
        f'<td>{_e(p.nasjonalitet)}</td><td class="nowrap">{_e(p.kjonn_og_alder)}</td>'
        f"<td>{_e(p.boligtype)}</td><td>{_e(p.rolle_i_husstanden)}</td>"
    )
    if med_innmelding:
        celler.append(f"<td>{_e(p.linje.innmelding_id or '')}</td>")
    celler.append(f"<td>{merker(p)}</td>")
    celler.append(f"<td>{_uke_felt(p) if redigerer else _e(p.linje.uke_tekst)}</td>")
    return "".join(celler)


def listerader(
    husstander: list[Husstandsvisning],
    *,
    besvart: bool,
    med_innmelding: bool,
    redigerer: bool,
    vis_svar: bool,
    endre: str,
) -> SafeString:
    """One <tbody> per household: its row (with «Bosettes» and the reason when answering, or the answer
    once confirmed: `vis_svar`), then each person's row and «Vis detaljer» row. The columns are the
    template's header: seven, and Navn once answered (`besvart`) and Innmelding when a line has one."""
    kolonner = 7 + besvart + med_innmelding
    endre = _e(endre)
    ut = []
    for h in husstander:
        ut.append(
            f'<tbody class="husstandsgruppe">\n<tr class="husstandsrad"><td colspan="{kolonner}">'
            f"{_husstandsrad(h, redigerer=redigerer, vis_svar=vis_svar)}</td></tr>"
        )
        for p in h.personer:
            ut.append(
                f"<tr>{_personrad(p, besvart=besvart, med_innmelding=med_innmelding, redigerer=redigerer)}"
                f'</tr>\n<tr class="detaljrad" id="person-{p.nr}"><td colspan="{kolonner}">'
                f"{_detaljer(p, endre)}</td></tr>"
            )
        ut.append("</tbody>")
    return mark_safe("\n".join(ut))  # every value above passed _e; the numbers are ints
