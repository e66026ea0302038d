"""Failed logins, recorded for the superusers to see attacks (allauth limits them; ``volunteers.receivers`` reports
each one here). Kept ``AUDIT_LOG_KEEP_DAYS`` (``audit_logs_delete_old``)."""

import ipaddress

from django.db import transaction

from volunteers.models import LoginFailure


@transaction.atomic
def login_failure_record(*, email: str, ip_address: str | None) -> LoginFailure:
    """A login failed: a wrong password, an unknown address, or a wrong code at the second factor. The client's
    address is kept only when it is one (a proxy's header could carry anything)."""
    try:
        address = str(ipaddress.ip_address(ip_address)) if ip_address else None
    except ValueError:
        address = None
    max_length = LoginFailure._meta.get_field("email").max_length
    return LoginFailure.objects.create(email=email[:max_length], ip_address=address)
