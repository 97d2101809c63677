// Each SMS template shows what it costs: Arabic SMS are billed per 70 characters (67 when several).
frappe.ui.form.on("Beneficiary Care Settings", {
	// A test message through the saved gateway settings (setup/sms_gateway.py): the form is saved
	// first, so that what is tested is what the app will use; the provider's answer in the user's language.
	async send_test_sms(frm) {
		if (!frm.doc.sms_test_number) {
			frappe.msgprint(__("Type the mobile to send a test to."));
			return;
		}
		if (frm.is_dirty()) await frm.save();
		const { message } = await frappe.call({
			method: "beneficiary_care.setup.sms_gateway.send_test_sms",
			args: { number: frm.doc.sms_test_number },
			freeze: true,
			freeze_message: __("Sending a test message..."),
		});
		frappe.msgprint({
			title: message.accepted ? __("The SMS gateway works") : __("The test message was not sent"),
			indicator: message.accepted ? "green" : "red",
			message:
				`<p>${frappe.utils.escape_html(message.message)}</p>` +
				(message.answer
					? `<p class="text-muted small">${__("The provider's answer:")} <code dir="ltr">${frappe.utils.escape_html(message.answer)}</code></p>`
					: ""),
		});
		frm.reload_doc();
	},
	refresh(frm) {
		// Frappe v16's form sidebar titles a record by its name, which for settings is the DocType's
		// English name: the settings' Arabic name instead (no such title on v15)
		$(frm.page.wrapper).find(".sidebar-meta-details .form-title-text > span").first().text(__(frm.doctype));
		const counts = (frm.doc.__onload && frm.doc.__onload.sms_segments) || {};
		for (const [field, count] of Object.entries(counts)) {
			const text =
				count === null
					? __("This template does not render: check its Jinja.")
					: __("{0} SMS segment(s) for a sample case (limit {1}).", [count, frm.doc.max_sms_segments || 3]);
			frm.set_df_property(field, "description", text);
		}
		if (frm.doc.whatsapp_enabled) {
			// the number as Meta knows it: proves the ID and the access token
			frm.add_custom_button(__("Test WhatsApp Connection"), () =>
				frappe
					.call({ method: "beneficiary_care.messaging.whatsapp_inbox.test_connection", freeze: true })
					.then(({ message }) =>
						frappe.msgprint({
							title: __("WhatsApp is connected"),
							indicator: "green",
							message: __("{0} ({1}), quality {2}", [
								frappe.utils.escape_html(message.verified_name || ""),
								frappe.utils.escape_html(message.display_phone_number || ""),
								frappe.utils.escape_html(message.quality_rating || ""),
							]),
						})
					)
			);
		}
	},
});
