"""schema.org JSON-LD for search engines and portals: the office, procedures, reception sessions.

Builders return plain dicts (tested by parsing); `script_text` makes the text that goes into a
`<script type="application/ld+json">`, with `<`, `>` and `&` escaped so that no value can
close the script element. Values are what the page shows, "as written": the processing time
and the fees in words, the national code as the identifier. A value the record does not
state is left out, never filled with a guess.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

from generator.models import Office, Procedure, ReceptionSchedule, ReceptionSession
from generator.models.procedure import Fee, SubmissionMethod
from generator.models.reception import SessionStatus
from generator.present import words
from generator.present.format import format_number
from generator.present.labels import SUBMISSION

CONTEXT = "https://schema.org"
VIETNAM_OFFSET = "+07:00"

JsonLd = dict[str, Any]
Lookup = Callable[[str, str | None], Any]  # (kind, id) → the record shown on this site, or None


def _compact(data: JsonLd) -> JsonLd:
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def absolute(site_url: str | None, path: str) -> str | None:
    return None if not site_url else site_url.rstrip("/") + "/" + path


def organization_ref(office: Office | None) -> JsonLd | None:
    if office is None:
        return None
    return {"@type": "GovernmentOrganization", "name": office.name}


def organization(office: Office) -> JsonLd:
    """The office for its home page: name, parent, address and contacts as board.yaml states."""
    contact = office.contact
    address = _compact({
        "@type": "PostalAddress", "streetAddress": contact.address,
        "addressLocality": office.place, "addressCountry": "VN",
    }) if contact.address else None
    return _compact({
        "@context": CONTEXT,
        "@type": "GovernmentOrganization",
        "name": office.name,
        "alternateName": office.short_name,
        "description": office.description,
        "url": office.site_url,
        "address": address,
        "telephone": contact.phone,
        "faxNumber": contact.fax,
        "email": contact.email,
        "parentOrganization": _compact({"@type": "GovernmentOrganization", "name": office.parent})
        if office.parent else None,
    })


def processing_time_text(method: SubmissionMethod) -> str:
    """'10 ngày làm việc (kể từ ngày nhận đủ hồ sơ)', as the procedure page writes it."""
    return words.time_text(method.processing_time)


def _price_text(amount: int, fee: Fee) -> str:
    """'8.000 đồng (đồng/hồ sơ)', '10 USD'."""
    text = f"{format_number(amount)} {fee.currency or words.DONG}"
    return f"{text} ({fee.unit})" if fee.unit else text


def _fee_offers(fee: Fee) -> list[JsonLd]:
    base = {"@type": "Offer", "priceCurrency": fee.currency or "VND"}
    if fee.amount is not None and not fee.tiers:
        return [{**base, "name": fee.title, "price": fee.amount,
                 "description": _price_text(fee.amount, fee)}]
    offers = [{**base, "name": f"{fee.title}: {tier.label}", "price": tier.amount,
               "description": _price_text(tier.amount, fee)} for tier in fee.tiers]
    if fee.amount is not None:
        offers.insert(0, {**base, "name": fee.title, "price": fee.amount,
                          "description": _price_text(fee.amount, fee)})
    if fee.rate_text:
        offers.append({"@type": "Offer", "name": fee.title, "description": fee.rate_text})
    return offers


def _channel(method: SubmissionMethod, lookup: Lookup) -> JsonLd:
    fees = [fee for fee_id in method.fees if (fee := lookup("fee", fee_id)) is not None]
    fee_words = [f"{fee.title}: " + "; ".join(offer["description"] for offer in _fee_offers(fee))
                 for fee in fees]
    fee_words += [words.charge_text(charge) for charge in method.charges]
    if method.fee_note:
        fee_words.append(method.fee_note)
    return _compact({
        "@type": "ServiceChannel",
        "name": SUBMISSION[method.kind.value],
        "processingTime": processing_time_text(method),
        "description": "Phí, lệ phí: " + "; ".join(fee_words) if fee_words else None,
    })


def government_service(procedure: Procedure, office: Office | None, lookup: Lookup,
                       url: str | None) -> JsonLd:
    """A procedure as a GovernmentService: code as identifier, fees and times as written."""
    unit = lookup("unit", procedure.unit)
    offers: list[JsonLd] = []
    seen: set[str] = set()
    for method in procedure.methods:
        for fee_id in method.fees:
            fee = lookup("fee", fee_id)
            if fee is not None and fee_id not in seen:
                seen.add(fee_id)
                offers.extend(_fee_offers(fee))
    performing = "; ".join(procedure.agencies.performing) or None
    operator = _compact({"@type": "GovernmentOrganization", "name": performing,
                         "department": _compact({"@type": "Organization", "name": unit.title})
                         if unit is not None else None})
    return _compact({
        "@context": CONTEXT,
        "@type": "GovernmentService",
        "name": procedure.title,
        "identifier": procedure.code,
        "serviceType": procedure.field_name,
        "description": procedure.description,
        "url": url,
        "provider": organization_ref(office),
        "serviceOperator": operator,
        "areaServed": _compact({"@type": "AdministrativeArea", "name": office.place}) if office else None,
        "audience": _compact({"@type": "Audience", "audienceType": "; ".join(procedure.applicants)}),
        "availableChannel": [_channel(method, lookup) for method in procedure.methods],
        "offers": offers,
        "serviceOutput": procedure.result,
    })


_EVENT_STATUS = {
    SessionStatus.PLANNED: "https://schema.org/EventScheduled",
    SessionStatus.HELD: "https://schema.org/EventScheduled",
    SessionStatus.CANCELLED: "https://schema.org/EventCancelled",
}


def _event_status(session: ReceptionSession) -> str:
    if session.status is SessionStatus.POSTPONED:
        moved = session.postponement is not None and session.postponement.new_date is not None
        return "https://schema.org/EventRescheduled" if moved else "https://schema.org/EventPostponed"
    return _EVENT_STATUS[session.status]


def _at(day: date, clock: str | None) -> str:
    return f"{day.isoformat()}T{clock}:00{VIETNAM_OFFSET}" if clock else day.isoformat()


def reception_event(session: ReceptionSession, day: date, schedule: ReceptionSchedule | None,
                    office: Office | None, url: str | None) -> JsonLd:
    """A reception session as an Event on the day it happens (`day`), at its schedule's hours."""
    rule = schedule.recurrence if schedule else None
    host = session.host or (session.stand_in.deputy if session.stand_in else None) or (
        schedule.leader if schedule else None)
    return _compact({
        "@context": CONTEXT,
        "@type": "Event",
        "name": session.title,
        "description": session.description,
        "url": url,
        "startDate": _at(day, rule.opens_at if rule else None),
        "endDate": _at(day, rule.closes_at) if rule else None,
        "eventStatus": _event_status(session),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "isAccessibleForFree": True,
        "location": _compact({"@type": "Place", "name": schedule.place, "address": schedule.place})
        if schedule else None,
        "organizer": organization_ref(office),
        "performer": _compact({"@type": "Person", "name": host.name, "jobTitle": host.position})
        if host else None,
    })


def script_text(data: JsonLd) -> str:
    """JSON for inside <script>: nothing in it can end the element or start a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
