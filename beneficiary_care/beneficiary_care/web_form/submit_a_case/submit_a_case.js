frappe.ready(() => {
	// Rendered through Jinja by Frappe (standard web form scripts are), so the texts below come
	// translated from the server: a guest's page carries no translation table for them.
	if ((document.documentElement.lang || "").startsWith("ar")) document.documentElement.setAttribute("dir", "rtl");
	const lang = document.documentElement.lang || "ar";
	frappe.web_form.handle_success = (data) => {
		const reference = frappe.utils.escape_html((data && data.case_reference) || "");
		$(".web-form-container, .web-form-wrapper")
			.first()
			.html(
				`<div class="text-center py-5"><h3>{{ _("Thank you. Your request was received.") }}</h3>` +
					`<p>{{ _("Your reference number") }}</p><p class="h2" dir="ltr">${reference}</p>` +
					`<p>{{ _("It was also sent to your mobile by SMS.") }}</p>` +
					`<p><a href="/track?_lang=${lang}">{{ _("Track a Case") }}</a></p></div>`
			);
	};
});
