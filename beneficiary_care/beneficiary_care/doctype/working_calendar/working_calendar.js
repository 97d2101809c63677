frappe.ui.form.on("Working Calendar", {
	refresh(frm) {
		frm.add_custom_button(__("Propose Saudi Holidays"), () => {
			frappe.prompt(
				[{ fieldname: "year", fieldtype: "Int", label: __("Year"), reqd: 1, default: new Date().getFullYear() + 1 }],
				({ year }) =>
					frappe
						.call({
							method: "beneficiary_care.beneficiary_care.doctype.working_calendar.working_calendar.proposed_holidays",
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
		});
	},
});
