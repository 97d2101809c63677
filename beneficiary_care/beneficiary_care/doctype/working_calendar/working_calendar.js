const WORKING_CALENDAR = "beneficiary_care.beneficiary_care.doctype.working_calendar.working_calendar";

// The Hijri year today (Umm al-Qura) as the browser knows it, for the prompt's default.
const this_hijri_year = () => {
	try {
		const year = new Intl.DateTimeFormat("en-u-ca-islamic-umalqura-nu-latn", { year: "numeric" }).format(new Date());
		return parseInt(year, 10) || undefined;
	} catch (e) {
		return undefined;
	}
};

frappe.ui.form.on("Working Calendar", {
	refresh(frm) {
		// the proposals in one menu: three buttons beside Frappe's own overflowed v16's form at 1280 px
		frm.add_custom_button(__("Propose Saudi Holidays"), () => {
			frappe.prompt(
				[{ fieldname: "year", fieldtype: "Int", label: __("Year"), reqd: 1, default: new Date().getFullYear() + 1 }],
				({ year }) =>
					frappe
						.call({
							method: `${WORKING_CALENDAR}.proposed_holidays`,
							args: { year },
						})
						.then(({ message }) => {
							const known = new Set((frm.doc.holidays || []).map((h) => h.holiday_date));
							const added = message.filter((h) => !known.has(h.holiday_date));
							added.forEach((h) => frm.add_child("holidays", h));
							frm.refresh_field("holidays");
							frappe.msgprint(
								__(
									"{0} holidays proposed. The Eids follow the Umm al-Qura calendar; check them against the official announcement, then save.",
									[added.length]
								)
							);
						}),
				__("Propose Saudi Holidays")
			);
		}, __("Propose"));
		frm.add_custom_button(__("Propose Ramadan Hours"), () => propose_ramadan(frm), __("Propose"));
		if (!frm.is_new()) frm.add_custom_button(__("Recalculate Open Cases"), () => recalculate_open_cases(frm));
	},
});

// Ramadan of a Hijri year as a special period, with the settings' Ramadan hours on the calendar's
// working days: rows added for staff to check and save (nothing is saved here).
const propose_ramadan = (frm) =>
	frappe.prompt(
		[{ fieldname: "hijri_year", fieldtype: "Int", label: __("Hijri Year"), reqd: 1, default: this_hijri_year() }],
		({ hijri_year }) => {
			const weekdays = [...new Set((frm.doc.windows || []).filter((w) => !w.period).map((w) => w.weekday))];
			frappe
				.call({ method: `${WORKING_CALENDAR}.proposed_ramadan`, args: { hijri_year, weekdays: weekdays.join(",") } })
				.then(({ message }) => {
					if ((frm.doc.periods || []).some((p) => p.label === message.label)) {
						frappe.msgprint(__("The calendar already has a special period labelled {0}.", [message.label]));
						return;
					}
					frm.add_child("periods", { label: message.label, from_date: message.from_date, to_date: message.to_date });
					message.windows.forEach((w) => frm.add_child("windows", w));
					frm.refresh_field("periods");
					frm.refresh_field("windows");
					frappe.msgprint(
						__(
							"{0} proposed from {1} to {2}. Ramadan follows the Umm al-Qura calendar; check it against the official announcement and adjust the hours, then save.",
							[
								frappe.utils.escape_html(message.label),
								frappe.datetime.str_to_user(message.from_date),
								frappe.datetime.str_to_user(message.to_date),
							]
						)
					);
				});
		},
		__("Propose Ramadan Hours")
	);

// Deadlines already set keep the periods known when they were set; staff may count them again.
const recalculate_open_cases = (frm) => {
	if (frm.is_dirty()) {
		frappe.msgprint(__("Save the calendar first."));
		return;
	}
	frappe
		.call({ method: `${WORKING_CALENDAR}.recalculation_preview`, args: { calendar: frm.doc.name } })
		.then(({ message }) => {
			if (!message.open) {
				frappe.msgprint(__("No open case has deadlines on this calendar."));
				return;
			}
			frappe.confirm(
				__(
					"{0} of the {1} open cases on this calendar would get new deadlines from its special periods. Recalculate them now?",
					[message.changing, message.open]
				),
				() =>
					frappe
						.call({ method: `${WORKING_CALENDAR}.recalculate_open_cases`, args: { calendar: frm.doc.name } })
						.then(() =>
							frappe.show_alert({
								message: __("Recalculation started: each case whose deadlines move gets a note on its timeline."),
								indicator: "blue",
							})
						)
			);
		});
};
