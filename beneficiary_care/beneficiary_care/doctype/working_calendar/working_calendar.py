import frappe
from frappe.model.document import Document
from frappe.utils import get_time, getdate, now_datetime

from beneficiary_care.core.configuration import (
	SpecialPeriod,
	Window,
	check_holidays,
	check_periods,
	check_time_zone,
	check_windows,
)
from beneficiary_care.core.holidays import RAMADAN_END, RAMADAN_START, SUNDAY_TO_THURSDAY, hijri_label
from beneficiary_care.core.holidays import proposed_holidays as propose
from beneficiary_care.core.holidays import proposed_ramadan as propose_ramadan
from beneficiary_care.core.working_time import WEEKDAYS
from beneficiary_care.framework.helpers import settings_values
from beneficiary_care.framework.validation import core_errors
from beneficiary_care.service_levels import recalculation


class WorkingCalendar(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from beneficiary_care.beneficiary_care.doctype.working_calendar_holiday.working_calendar_holiday import (
			WorkingCalendarHoliday,
		)
		from beneficiary_care.beneficiary_care.doctype.working_calendar_period.working_calendar_period import (
			WorkingCalendarPeriod,
		)
		from beneficiary_care.beneficiary_care.doctype.working_calendar_window.working_calendar_window import (
			WorkingCalendarWindow,
		)

		calendar_name: DF.Data
		holidays: DF.Table[WorkingCalendarHoliday]
		periods: DF.Table[WorkingCalendarPeriod]
		time_zone: DF.Autocomplete
		windows: DF.Table[WorkingCalendarWindow]

	# end: auto-generated types
	def validate(self) -> None:
		self.stamp_new_periods()
		with core_errors(self):
			check_time_zone(self.time_zone)
			check_periods(
				[
					SpecialPeriod((p.label or "").strip(), getdate(p.from_date), getdate(p.to_date))
					for p in self.periods
				]
			)
			check_windows(
				[
					Window(w.weekday, get_time(w.start_time), get_time(w.end_time), (w.period or "").strip())
					for w in self.windows
				],
				periods={(p.label or "").strip() for p in self.periods},
			)
			check_holidays(
				(getdate(h.holiday_date), getdate(h.to_date) if h.to_date else None) for h in self.holidays
			)

	def stamp_new_periods(self) -> None:
		"""A period counts in a case's deadlines only if it was added before they were set (or staff
		recalculate): each row keeps when it was added."""
		for period in self.periods:
			period.label = (period.label or "").strip()
			if not period.added_on:  # whole seconds, as a case's instants (core.working_time)
				period.added_on = now_datetime().replace(microsecond=0)
		for window in self.windows:
			window.period = (window.period or "").strip()


@frappe.whitelist()
def proposed_holidays(year: int) -> list[dict]:
	"""Saudi public holidays of `year` (Eids from the Umm al-Qura calendar), for staff to confirm."""
	return [
		{
			"holiday_date": p.from_date,
			"to_date": p.to_date,
			"description": f"{p.description} {p.from_date.year} ({hijri_label(p.from_date)})",
		}
		for p in propose(int(year))
	]


@frappe.whitelist()
def proposed_ramadan(hijri_year: int, weekdays: str = "") -> dict:
	"""Ramadan of `hijri_year` (Umm al-Qura) as a special period with the settings' Ramadan hours on
	`weekdays` (comma-separated: the calendar's working days; Sunday–Thursday when empty), for staff to
	confirm on the form."""
	hours = settings_values(["ramadan_start_time", "ramadan_end_time"])
	days = [d.strip() for d in (weekdays or "").split(",") if d.strip() in WEEKDAYS] or SUNDAY_TO_THURSDAY
	with core_errors("Working Calendar"):
		period = propose_ramadan(
			int(hijri_year),
			get_time(hours.ramadan_start_time) if hours.ramadan_start_time else RAMADAN_START,
			get_time(hours.ramadan_end_time) if hours.ramadan_end_time else RAMADAN_END,
			days,
		)
	return {
		"label": period.label,
		"from_date": period.from_date,
		"to_date": period.to_date,
		"windows": [
			{"period": period.label, "weekday": day, "start_time": str(start), "end_time": str(end)}
			for day, start, end in period.windows
		],
	}


@frappe.whitelist()
def recalculation_preview(calendar: str) -> dict:
	"""How many open cases on `calendar` would get new deadlines if recalculated with every special
	period it has now."""
	frappe.get_doc("Working Calendar", calendar).check_permission("write")
	return recalculation.preview(calendar, now_datetime())


@frappe.whitelist(methods=["POST"])
def recalculate_open_cases(calendar: str) -> None:
	"""Staff confirmed: the open cases' deadlines are counted again with every special period, in a
	background job (service_levels.recalculation)."""
	frappe.get_doc("Working Calendar", calendar).check_permission("write")
	recalculation.enqueue(calendar)
