"""Time zones between the site and a working calendar.

Frappe stores naive datetimes in the site's (system) time zone; a working calendar counts in its own.
`SiteCalendar` is a calendar seen from the site: instants go in and come out in the site's zone, and
the conversion happens here, once, instead of in every caller.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from beneficiary_care.core.working_time import Calendar


@dataclass(frozen=True)
class Zones:
	"""The site's zone and the calendar's, by IANA name."""

	system: str
	local: str
	_system: ZoneInfo = field(init=False, repr=False, compare=False)
	_local: ZoneInfo = field(init=False, repr=False, compare=False)

	def __post_init__(self) -> None:
		object.__setattr__(self, "_system", ZoneInfo(self.system))
		object.__setattr__(self, "_local", ZoneInfo(self.local))

	@property
	def same(self) -> bool:
		return self._system == self._local

	def to_local(self, value: dt.datetime | None) -> dt.datetime | None:
		if value is None or self.same:
			return value
		return value.replace(tzinfo=self._system).astimezone(self._local).replace(tzinfo=None)

	def to_system(self, value: dt.datetime | None) -> dt.datetime | None:
		if value is None or self.same:
			return value
		return value.replace(tzinfo=self._local).astimezone(self._system).replace(tzinfo=None)


@dataclass(frozen=True)
class SiteCalendar:
	"""A working calendar whose instants are the site's naive datetimes."""

	calendar: Calendar
	zones: Zones

	def local(self, value: dt.datetime | None) -> dt.datetime | None:
		return self.zones.to_local(value)

	def site(self, value: dt.datetime | None) -> dt.datetime | None:
		return self.zones.to_system(value)

	def working_seconds(self, start: dt.datetime, end: dt.datetime) -> int:
		return self.calendar.working_seconds(self.local(start), self.local(end))

	def period_label(self, value: dt.datetime | None) -> str | None:
		"""The label of the special period a site instant falls in on the calendar (None: none)."""
		return self.calendar.period_label(self.local(value)) if value else None
