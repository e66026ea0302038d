"""Which report: a site (or the whole centre) and a year, a quarter of it, or any period up to five years."""

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from volunteers.models import Site
from volunteers.reports import Period

WHOLE_CENTRE = "all"
MAX_YEARS = 5
FIRST_YEAR = 2020


class ReportForm(forms.Form):
    site = forms.ChoiceField(
        label=_("Site"), error_messages={"invalid_choice": _("You can see the reports of your own sites only.")}
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        coerce=int,
        empty_value=None,
        required=False,
        choices=[
            ("", _("The whole year")),
            *((quarter, _("Quarter %(number)s") % {"number": quarter}) for quarter in range(1, 5)),
        ],
    )
    start = forms.DateField(
        label=_("Or any period: from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=_("to"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, sites: list[Site], whole_centre: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.sites = {str(site.pk): site for site in sites}
        choices = [(WHOLE_CENTRE, _("The whole centre"))] if whole_centre else []
        self.fields["site"].choices = [*choices, *((pk, site.name) for pk, site in self.sites.items())]
        this_year = timezone.localdate().year
        self.fields["year"].choices = [(year, str(year)) for year in range(this_year, FIRST_YEAR - 1, -1)]

    @classmethod
    def initial_data(cls, *, whole_centre: bool, sites: list[Site]) -> dict[str, str]:
        """This year's report, of the whole centre where one may see it, else of one's first site."""
        return {"site": WHOLE_CENTRE if whole_centre else str(sites[0].pk), "year": str(timezone.localdate().year)}

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start or end:
            if not (start and end):
                raise forms.ValidationError(_("Give both the first and the last day of the period."))
            if end < start:
                self.add_error("end", _("The period ends before it starts."))
            elif end - start > timedelta(days=366 * MAX_YEARS):
                self.add_error("end", _("A report covers at most %(years)s years.") % {"years": MAX_YEARS})
        return data

    @property
    def period(self) -> Period:
        data = self.cleaned_data
        if data.get("start"):
            return Period(data["start"], data["end"])
        year, quarter = data["year"], data.get("quarter")
        if quarter is None:
            return Period(date(year, 1, 1), date(year, 12, 31))
        first = date(year, 3 * quarter - 2, 1)
        following = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
        return Period(first, following - timedelta(days=1))

    @property
    def whole_centre(self) -> bool:
        return self.cleaned_data["site"] == WHOLE_CENTRE

    @property
    def chosen_sites(self) -> list[Site]:
        if self.whole_centre:
            return list(self.sites.values())
        return [self.sites[self.cleaned_data["site"]]]
