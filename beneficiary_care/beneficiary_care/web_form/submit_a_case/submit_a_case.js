frappe.ready(() => {
	// Rendered through Jinja by Frappe (standard web form scripts are), so the texts below come
	// translated from the server: a guest's page carries no translation table for them.
	const lang = document.documentElement.lang || "ar";
	// the same language switch as the app's other portal pages: this page, in the other language
	const switchTo = (code) => {
		const url = new URL(window.location.href);
		url.searchParams.set("_lang", code);
		return url.pathname + url.search;
	};
	const languages = [["ar", "العربية"], ["en", "English"]]
		.map(([code, label]) => `<a href="${switchTo(code)}" lang="${code}" hreflang="${code}"` +
			`${lang.startsWith(code) ? ' aria-current="true"' : ""} style="display:inline-block;min-height:44px;padding:.6rem .5rem">${label}</a>`)
		.join("");
	$(".web-form-container, .web-form-wrapper")
		.first()
		.before(`<nav class="bc-language-switch container" aria-label="{{ _("Language") }}">${languages}</nav>`);
	// Published answers to common questions, beside the form: the answer may already be there.
	frappe.call({ method: "beneficiary_care.portal.faq.published_faq", args: { _lang: lang } }).then(({ message }) => {
		if (!message || !message.length) return;
		const items = message
			.map((a) => `<li><a href="/${encodeURI(a.route)}">${frappe.utils.escape_html(a.title)}</a></li>`)
			.join("");
		$(".web-form-container, .web-form-wrapper")
			.first()
			.before(`<div class="bc-faq container my-3"><h4>{{ _("Common Questions") }}</h4><ul>${items}</ul></div>`);
	});
	// Frappe's web form labels are not tied to their inputs: tie them, so that a screen reader names
	// each field (axe-core: "Form elements must have labels")
	const tieLabels = () =>
		document.querySelectorAll(".web-form .frappe-control[data-fieldname]").forEach((control) => {
			const label = control.querySelector("label.control-label");
			const input = control.querySelector("input:not([type=checkbox]), textarea, select");
			if (label && input && !input.id) {
				input.id = `bc-field-${control.dataset.fieldname}`;
				label.htmlFor = input.id;
			}
		});
	tieLabels();
	new MutationObserver(tieLabels).observe(document.body, { childList: true, subtree: true });
	frappe.web_form.handle_success = (data) => {
		const reference = frappe.utils.escape_html((data && data.case_reference) || "");
		$(".web-form-container, .web-form-wrapper")
			.first()
			.html(
				`<div class="text-center py-5"><h3>{{ _("Thank you. Your request was received.") }}</h3>` +
					`<p>{{ _("Your reference number") }}</p><p class="h2" dir="ltr">${reference}</p>` +
					`<p>{{ _("It was also sent to your mobile by SMS.") }}</p>` +
					`<p><a href="/track?ref=${encodeURIComponent(reference)}">{{ _("Track a Case") }}</a></p></div>`
			);
	};
});
