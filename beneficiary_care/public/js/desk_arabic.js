// Arabic in the desk: digits typed on an Arabic keyboard, and Frappe's own code where it leaves English
// on the app's pages.
frappe.provide("beneficiary_care");

const ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩";
const EXTENDED_ARABIC_INDIC = "۰۱۲۳۴۵۶۷۸۹";

beneficiary_care.to_ascii_digits = (text) =>
	(text || "").replace(/[٠-٩۰-۹]/g, (d) => {
		const i = ARABIC_INDIC.indexOf(d);
		return String(i >= 0 ? i : EXTENDED_ARABIC_INDIC.indexOf(d));
	});

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

// Frappe v16's sidebar shows each app's title from the boot (the add_to_apps_screen hook's "title")
// without translating it: «Beneficiary Care» under the Arabic workspace's name. Translated here, before
// the sidebar is drawn; v15 has no such header and no app_data, and nothing changes there.
for (const app of (frappe.boot && frappe.boot.app_data) || []) {
	if (app.app_title) app.app_title = __(app.app_title);
}
