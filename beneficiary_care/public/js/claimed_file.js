// A national ID typed on the public form that names a file whose mobile is not the one typed: the case
// waits for staff to confirm it is the same person (cases/intake.py, claimed_file).
frappe.provide("beneficiary_care");

beneficiary_care.show_claimed_file = (frm) => {
	if (frm.is_new() || frm.doc.beneficiary || !frm.has_perm("write")) return;
	frappe
		.call({
			method: "beneficiary_care.cases.intake.claimed_file",
			args: { doctype: frm.doctype, name: frm.doc.name },
		})
		.then(({ message: file }) => {
			if (!file || frm.doc.beneficiary) return;
			const who = `${frappe.utils.escape_html(file.full_name || "")} (${frappe.utils.escape_html(file.national_id_masked || "")})`;
			frm.dashboard.add_comment(
				__("The national ID typed on the portal names the file of {0}, whose mobile is not the one typed. Link the case to it only once you have confirmed it is the same person.", [who]),
				"orange",
				true
			);
			frm.add_custom_button(__("Link to the file named"), () =>
				frappe.confirm(__("Link this case to the file of {0}?", [who]), () =>
					frappe
						.call({
							method: "beneficiary_care.cases.intake.confirm_claimed_file",
							args: { doctype: frm.doctype, name: frm.doc.name },
							freeze: true,
						})
						.then(() => frm.reload_doc())
				)
			);
		});
};
