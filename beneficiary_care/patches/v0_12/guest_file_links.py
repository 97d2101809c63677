"""File rows that a guest made pointing at a file someone else's document holds (the case form took
any file's address as its attachment, and Frappe's upload_file takes a bare `file_url`): removed, the
files themselves kept, and each one listed in the migrate's output."""

from beneficiary_care.portal.uploads import remove_guest_links


def execute():
	for row in remove_guest_links():
		print(
			"removed a guest's link to another file:",
			row.name,
			row.file_url,
			row.attached_to_doctype or "-",
			row.attached_to_name or "-",
		)
