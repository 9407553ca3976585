"""Forms render with Designsystemet: every widget a .ds-input, errors marked for screen readers."""


class DsSkjema:
    """Mixin for forms: Designsystemet classes; aria-invalid and aria-describedby on fields with errors."""

    template_name_div = "partials/skjema.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for felt in self.fields.values():
            felt.widget.attrs.setdefault("class", "ds-input")

    def full_clean(self):
        super().full_clean()
        for navn in self.errors:
            if navn in self.fields:
                attrs = self.fields[navn].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self.add_prefix(navn)}-feil"
