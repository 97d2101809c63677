frappe.ready(() => {
	// Right to left for Arabic; the reference number shown once the case is registered.
	if ((document.documentElement.lang || "").startsWith("ar")) document.documentElement.setAttribute("dir", "rtl");
	frappe.web_form.handle_success = (data) => {
		const reference = data && data.case_reference;
		const box = $(".web-form-container, .web-form-wrapper").first();
		box.html(
			`<div class="text-center py-5"><h3>${__("Thank you. Your request was received.")}</h3>` +
				`<p>${__("Your reference number")}</p><p class="h2" dir="ltr">${frappe.utils.escape_html(reference || "")}</p>` +
				`<p>${__("It was also sent to your mobile by SMS.")}</p>` +
				`<p><a href="/track">${__("Track a Case")}</a></p></div>`
		);
	};
});
