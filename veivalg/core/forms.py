from django import forms


class AccessibleFormMixin:
    """Designsystemet classes on every widget, and ARIA wiring to descriptions and errors.

    Call `self.finish_widgets()` after validation (is_valid does it via full_clean).
    """

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        self.finish_widgets()

    def finish_widgets(self) -> None:
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            attrs = field.widget.attrs
            if isinstance(
                field.widget, (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)
            ):
                attrs.setdefault("class", "ds-input")
            else:
                attrs.setdefault("class", "ds-input")
            bound = self[name]  # type: ignore[index]
            described = []
            if field.help_text:
                described.append(f"{bound.auto_id}-hjelp")
            if bound.errors:
                described.append(f"{bound.auto_id}-feil")
                attrs["aria-invalid"] = "true"
            else:
                attrs.pop("aria-invalid", None)
            if described:
                attrs["aria-describedby"] = " ".join(described)
            else:
                attrs.pop("aria-describedby", None)
