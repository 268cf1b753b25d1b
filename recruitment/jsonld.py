"""schema.org JobPosting data for a paid job, and its safe rendering inside a <script> element."""

import json

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

from recruitment.models import Vacancy

# JSON-LD is data, not executable code, but it sits inside <script>: none of these may appear
# raw, or the text of a vacancy could close the element and start real markup.
_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def job_posting(vacancy: Vacancy) -> dict:
    """The JobPosting object of a vacancy (Google's required and recommended fields)."""
    description = "\n\n".join(
        part
        for part in [
            vacancy.summary,
            vacancy.context,
            vacancy.responsibilities,
            vacancy.profile,
            vacancy.offer,
        ]
        if part
    )
    organisation = {"@type": "Organization", "name": vacancy.publisher_name}
    if vacancy.organisation_url:
        organisation["sameAs"] = vacancy.organisation_url
    data = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": vacancy.title,
        "description": strip_tags(description),
        "identifier": {
            "@type": "PropertyValue",
            "name": vacancy.publisher_name,
            "value": vacancy.slug,
        },
        "url": settings.SITE_URL + vacancy.get_absolute_url(),
        "datePosted": vacancy.published_at.date().isoformat() if vacancy.published_at else None,
        "validThrough": vacancy.deadline.isoformat() if vacancy.deadline else None,
        "employmentType": vacancy.employment_type(),
        "hiringOrganization": organisation,
        "directApply": vacancy.applies_through_portal,
    }
    if vacancy.city or vacancy.country:
        address = {"@type": "PostalAddress"}
        if vacancy.city:
            address["addressLocality"] = vacancy.city
        if vacancy.country:
            address["addressCountry"] = vacancy.country.code
        data["jobLocation"] = {"@type": "Place", "address": address}
    if vacancy.remote_possible:
        data["jobLocationType"] = "TELECOMMUTE"
    if vacancy.start_date:
        data["jobStartDate"] = vacancy.start_date.isoformat()
    if vacancy.salary_min is not None or vacancy.salary_max is not None:
        value = {"@type": "QuantitativeValue"}
        if vacancy.salary_period:
            value["unitText"] = vacancy.salary_period.upper()
        if vacancy.salary_min is not None and vacancy.salary_max is not None:
            value["minValue"] = float(vacancy.salary_min)
            value["maxValue"] = float(vacancy.salary_max)
        else:
            value["value"] = float(
                vacancy.salary_min if vacancy.salary_min is not None else vacancy.salary_max
            )
        data["baseSalary"] = {
            "@type": "MonetaryAmount",
            "currency": vacancy.salary_currency,
            "value": value,
        }
    return {key: value for key, value in data.items() if value is not None}


def script_json(data: dict) -> SafeString:
    """JSON text safe to place between <script type="application/ld+json"> tags."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_ESCAPES))
