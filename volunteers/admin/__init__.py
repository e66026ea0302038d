"""The volunteers app's admin, one module per concern; importing the package registers them all.

- ``accounts``: the admins of accounts themselves (users, groups, e-mail addresses, second factors), superusers only
- ``base``: ``CoordinatorAdmin``, the base of every admin class of ours
- ``desk``: the lines of the coordinators' desk that each list declares (``DeskFilter``)
- ``legal``: the texts people agree to and the privacy page, in versions the centre's lead publishes
- ``logins``: failed logins, for the superusers
- ``people``: sites, volunteers, users, interest entries
- ``recognition``: hours (confirming and correcting in bulk), certificates (revoking), and what the volunteers'
  admin gains: issuing a certificate, the Ehrenamtskarte's list of eligible volunteers and its confirmations
"""

from volunteers.admin import accounts, legal, logins, people, recognition  # noqa: F401  (registers the admin classes)
from volunteers.admin.base import CoordinatorAdmin
from volunteers.admin.desk import DeskFilter, DeskLine
from volunteers.admin.people import VolunteerAdmin

__all__ = ["CoordinatorAdmin", "DeskFilter", "DeskLine", "VolunteerAdmin"]
