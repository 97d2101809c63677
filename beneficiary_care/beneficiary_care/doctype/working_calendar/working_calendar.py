from frappe.model.document import Document
from frappe.utils import get_time, getdate

from beneficiary_care.core.configuration import Window, check_holidays, check_time_zone, check_windows
from beneficiary_care.validation import core_errors


class WorkingCalendar(Document):
	def validate(self) -> None:
		with core_errors(self):
			check_time_zone(self.time_zone)
			check_windows(
				[Window(w.weekday, get_time(w.start_time), get_time(w.end_time)) for w in self.windows]
			)
			check_holidays(
				(getdate(h.holiday_date), getdate(h.to_date) if h.to_date else None) for h in self.holidays
			)
