// The board's report: the PDF (a preview while a draft; the stored, approved file once approved), its
// figures taken again while a draft, and sending it to the board. The workflow's buttons are Frappe's.
frappe.ui.form.on("Care Board Report", {
	refresh(frm) {
		if (frm.is_new()) return;
		const pdf_url = `/api/method/frappe.utils.print_format.download_pdf?doctype=${encodeURIComponent(
			frm.doctype
		)}&name=${encodeURIComponent(frm.doc.name)}`;
		frm.add_custom_button(frm.doc.docstatus === 1 ? __("Download PDF") : __("Preview PDF"), () =>
			window.open(pdf_url)
		);
		if (frm.doc.docstatus === 0 && (frm.doc.workflow_state || "Draft") === "Draft" && frm.perm[0].write) {
			frm.add_custom_button(__("Take the Figures Again"), () =>
				frappe
					.call("beneficiary_care.board.issue.refresh_figures", { name: frm.doc.name })
					.then(() => frm.reload_doc())
			);
		}
		if (frm.doc.docstatus === 1 && frappe.model.can_email(frm.doctype, frm)) {
			frm.add_custom_button(__("Send to the Board"), () =>
				frappe.confirm(__("Email the approved PDF to the board members in the settings?"), () =>
					frappe
						.call("beneficiary_care.board.issue.send_to_board", { name: frm.doc.name })
						.then(({ message }) => {
							frappe.show_alert({ message: __("Sent to {0} board members", [message]), indicator: "green" });
							frm.reload_doc();
						})
				)
			);
		}
	},
	report_kind(frm) {
		if (frm.doc.report_kind === "Year") frm.set_value("period_index", 1);
	},
});
