"""Why an SME may not treat a service alone, in words, from the statement's
``alone_unavailable`` (the setting ``self_treatment_allowed``, or the cap rows treating alone
would break, as :class:`optimizer.allocation.leaving.LeaveLimits` names them: ``park/<pollutant>``,
``outfall/<service>/<pollutant>``, ``enterprise/<enterprise>/<pollutant>``).

>>> alone_reason("park/TP, enterprise/D05/COD", "dyeing_pretreatment")
'Treating it on your own is not open to you: treating it alone would break the park-wide TP cap and your own COD cap, the rest of the park keeping its plan.'
>>> alone_reason("self_treatment_allowed", "sewage")
'Treating it on your own is not open to you: the scenario does not allow treating sewage alone.'
"""

from __future__ import annotations

from .catalogue import service_title, tr

#: ``alone_unavailable`` of a service that does not allow treating alone.
NOT_ALLOWED = "self_treatment_allowed"


def _cap(name: str, own: bool = True) -> str:
    kind, _, rest = name.partition("/")
    if kind == "park":
        return tr("alone.cap.park", pollutant=rest)
    where, _, pollutant = rest.rpartition("/")
    if kind == "outfall":
        return tr("alone.cap.outfall", pollutant=pollutant, service=service_title(where))
    if not own:
        return tr("alone.cap.enterprise_of", pollutant=pollutant, enterprise=where)
    return tr("alone.cap.enterprise", pollutant=pollutant)


def _listed(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return tr("list.sep").join(items[:-1]) + tr("alone.and") + items[-1]


def all_alone_note(code: object) -> str:
    """What follows the cost of every SME treating alone when that is no plan the park could
    take (the KPI ``all_self_unavailable``); empty when it is one.

    >>> all_alone_note("park/COD, enterprise/D05/COD")
    ' (not a plan the park could take: treating alone would break the park-wide COD cap and the own COD cap of D05)'
    >>> all_alone_note("")
    ''
    """
    names = [n.strip() for n in str(code or "").split(",") if n.strip()]
    if not names:
        return ""
    parts = [tr("alone.all.not_allowed")] if NOT_ALLOWED in names else []
    caps = [_cap(n, own=False) for n in names if n != NOT_ALLOWED]
    if caps:
        parts.append(tr("alone.all.caps", caps=_listed(caps)))
    return tr("alone.all.unavailable", why=tr("list.semicolon").join(parts))


def alone_reason(code: str, service: str) -> str:
    """The sentence saying why treating ``service`` alone is not open to the SME."""
    if code == NOT_ALLOWED:
        why = tr("alone.why.not_allowed", service=service_title(service))
    else:
        caps = [_cap(n.strip()) for n in code.split(",") if n.strip()]
        why = tr("alone.why.caps", caps=_listed(caps))
    return tr("alone.unavailable", why=why)
