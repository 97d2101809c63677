// Frappe's desk in Arabic where Frappe's own code leaves English on the app's pages.

// A date-time field carries its time zone under it ("Asia/Riyadh"), written as the zone's identifier:
// Frappe passes the name through no translation. The app's Arabic names the zone («بتوقيت الرياض»);
// a zone the app has no Arabic for is shown as Frappe shows it.
const ControlDatetime = frappe.ui.form.ControlDatetime;
if (ControlDatetime && ControlDatetime.prototype.get_user_time_zone) {
	const time_zone = ControlDatetime.prototype.get_user_time_zone;
	ControlDatetime.prototype.get_user_time_zone = function () {
		return __(time_zone.call(this));
	};
}
