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
	// Going to review with an empty preamble or recommendations: the approved PDF would show the
	// section's heading alone, so the manager confirms it (Frappe's dialog) or goes back to write it.
	before_workflow_action(frm) {
		if (frm.selected_workflow_action !== "Submit for Review") return;
		const empty = ["preamble", "recommendations"].filter((fieldname) => !has_text(frm.doc[fieldname]));
		if (!empty.length) return;
		const labels = empty.map((fieldname) => __(frappe.meta.get_label(frm.doctype, fieldname, frm.doc.name)));
		frappe.dom.unfreeze();
		// cancelled: the promise stays pending, so the workflow action is not applied
		return new Promise((resolve) =>
			frappe.confirm(
				__("{0}: empty. The approved report would show the heading alone. Submit for review anyway?", [
					labels.join(" · "),
				]),
				() => {
					frappe.dom.freeze();
					resolve();
				}
			)
		);
	},
	report_kind(frm) {
		if (frm.doc.report_kind === "Year") frm.set_value("period_index", 1);
	},
});

function has_text(html) {
	const text = new DOMParser().parseFromString(html || "", "text/html").body.textContent || "";
	return text.trim().length > 0;
}
