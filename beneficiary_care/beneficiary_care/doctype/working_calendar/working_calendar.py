import frappe
from frappe.model.document import Document
from frappe.utils import get_time, getdate

from beneficiary_care.core.configuration import Window, check_holidays, check_time_zone, check_windows
from beneficiary_care.core.holidays import hijri_label
from beneficiary_care.core.holidays import proposed_holidays as propose
from beneficiary_care.validation import core_errors


class WorkingCalendar(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from beneficiary_care.beneficiary_care.doctype.working_calendar_holiday.working_calendar_holiday import (
			WorkingCalendarHoliday,
		)
		from beneficiary_care.beneficiary_care.doctype.working_calendar_window.working_calendar_window import (
			WorkingCalendarWindow,
		)

		calendar_name: DF.Data
		holidays: DF.Table[WorkingCalendarHoliday]
		time_zone: DF.Autocomplete
		windows: DF.Table[WorkingCalendarWindow]

	# end: auto-generated types
	def validate(self) -> None:
		with core_errors(self):
			check_time_zone(self.time_zone)
			check_windows(
				[Window(w.weekday, get_time(w.start_time), get_time(w.end_time)) for w in self.windows]
			)
			check_holidays(
				(getdate(h.holiday_date), getdate(h.to_date) if h.to_date else None) for h in self.holidays
			)


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
