class AccessibleFormMixin:
    """Designsystemet's class on every widget.

    Django (5.2) itself sets aria-invalid and points aria-describedby at `<id>_helptext` and
    `<id>_error`; `components/field.html` renders the help and error texts with those ids.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():  # type: ignore[attr-defined]
            field.widget.attrs.setdefault("class", "ds-input")
