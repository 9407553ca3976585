from django import template
from django.template.loader import render_to_string

register = template.Library()


@register.filter
def merker(p) -> str:
    """The person's tags (fordeling/_merker.html), for IMDi's workbench."""
    return render_to_string("fordeling/_merker.html", {"p": p})


@register.filter
def med_feilmarkering(felt) -> str:
    """The field's widget, marked invalid and tied to its messages (`<name>-feil`) also for a service's
    refusal, which is added after the form was cleaned and so after DsSkjema marked the widgets."""
    if not felt.errors:
        return felt.as_widget()
    return felt.as_widget(attrs={"aria-invalid": "true", "aria-describedby": f"{felt.html_name}-feil"})
