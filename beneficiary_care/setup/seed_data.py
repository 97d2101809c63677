"""The association's starting data, in its own words (shared/seed/complaints-report-ar.txt).

Inserted once, at install, and only where missing: after that the records belong to the association,
which edits, disables or deletes them; migrate never restores or overwrites them.
"""

from __future__ import annotations

# (name, code, description) — seed §4/1/2 and R1: the seven intake channels.
CHANNELS = [
	("الحضور الشخصي", "in_person", "الحضور الشخصي لمقر الجمعية"),
	("الاتصال الهاتفي", "phone", "الاتصال بالجمعية هاتفياً"),
	("الموقع الإلكتروني", "website", "النموذج الإلكتروني على موقع الجمعية"),
	("البريد الإلكتروني", "email", "رسالة إلى بريد الجمعية الإلكتروني"),
	("وسائل التواصل الاجتماعي", "social_media", "حسابات الجمعية في وسائل التواصل الاجتماعي"),
	("إحالة من جهة حكومية", "government", "حالة محالة من إحدى الجهات الحكومية"),
	("أخرى", "other", "أي قناة أخرى"),
]

# (name, description, default priority) — seed table 4, complaints by subject.
SUBJECT_CATEGORIES = [
	("الخدمات الإلكترونية", "طبيعة استخدام الخدمات الإلكترونية.", "Medium"),
	("شروط التعامل", "شروط الحصول على الخدمة.", "Medium"),
	("بيئة العمل", "التأخر في الحصول على الخدمة، وعدم تجاوب الموظف في تقديم الخدمة، ومكان العمل.", "Medium"),
	("سلوك التعامل المهني", "رفض تقديم الخدمة، وسلوكيات الموظفين وصعوبة الاتصال معهم.", "High"),
	("تسويق المنتجات والخدمات", "الإعلان، ووضوح آلية الحصول على الخدمة، والنشر الإعلامي.", "Low"),
	("شكاوى أخرى", "الشكاوى الأخرى، ومنها الاستعلام عن التحويلات البنكية.", "Medium"),
]

# (name, description) — seed table 3, requests by the need behind them.
NEED_CATEGORIES = [
	("فتح ملف جديد", "طلب تسجيل مستفيد جديد، يبقى تحت الدراسة."),
	("مساعدة زواج وسداد فاتورة كهرباء", "طلب دعم الزواج وغرف النوم أو سداد فاتورة الكهرباء."),
	("مساعدة عاجلة (تفريج كربة)", "طلب دعم عاجل في المشاريع الإغاثية التي تدعمها الجمعية."),
	("أسباب إغلاق ملف مستفيد", "شكوى أو استفسار عن أسباب إغلاق ملف المستفيد."),
	("صيانة وترميم", "طلب في برنامج الصيانة والترميم."),
	("أخرى", "احتياج آخر."),
]

# (name, description) — seed §2 (executive summary): why complaints and inquiries arise.
ROOT_CAUSES = [
	(
		"عدم تحديث البيانات العائلية والدخل",
		"لم يقدم المستفيد بيانات محدثة عن وضعه العائلي ومداخيله السنوية وأمواله.",
	),
	("عدم تحديث الحساب البنكي", "لم يحدث المستفيد حسابه البنكي أو لم يبلغ الجمعية بإيقاف الخدمات على حسابه."),
	("الرغبة في زيادة قيمة الدعم", "طلب زيادة قيمة الدعم المقدم بسبب ارتفاع الأسعار."),
	("طلب سداد فاتورة غير مطابق للشروط", "طلب سداد فاتورة كهرباء لمراجع غير مطابق لشروط الدعم."),
	("عدم معرفة شروط الخدمة", "ضعف معرفة المستفيد بالشروط التي تعتمدها الجمعية في تقديم الخدمة."),
	("أخرى", "سبب آخر."),
]

BENEFICIARY_CATEGORIES = ["أسرة محتاجة", "أيتام", "أرامل", "مطلقات", "كبار السن", "ذوو الإعاقة"]

CALENDAR_NAME = "الدوام الرسمي"
WORKING_DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday"]
WORKING_HOURS = ("08:00:00", "16:00:00")
# Fixed-date national holidays; the Eids move with the Hijri calendar and are added each year once
# announced.
FIXED_HOLIDAYS = [((2, 22), "يوم التأسيس"), ((9, 23), "اليوم الوطني")]

ESCALATION_LADDER = [
	("Share of Resolution Time Used", 50, "Notify Assignee"),
	("Share of Resolution Time Used", 75, "Assign Department Head"),
	("Share of Resolution Time Used", 100, "Escalate to Complaints Committee"),
	("Hours After Breach", 16, "Escalate to Management"),
]

# (name, kind, priority, default?, response h, resolution h, ladder) — working hours on the calendar.
SLA_POLICIES = [
	("الاستفسارات - افتراضي", "Inquiry", "", 1, 24, 24, ESCALATION_LADDER[:3]),
	("الشكاوى - افتراضي", "Complaint", "", 1, 8, 40, ESCALATION_LADDER),
	("الشكاوى - عاجلة", "Complaint", "Urgent", 0, 2, 16, ESCALATION_LADDER),
	("المقترحات - افتراضي", "Suggestion", "", 1, 40, 80, []),
]

# How messages to submitters name the association until it writes its own name in the settings.
ASSOCIATION_NAME = "الجمعية"

# Messages to submitters (Beneficiary Care Settings), Jinja: doc, kind, association, answer, reason.
MESSAGE_TEMPLATES = {
	"acknowledgement_sms": (
		"{{ association }}: شكراً لتواصلك معنا. استلمنا {{ kind }} برقم {{ doc.name }}، وسنرد عليك في أقرب وقت."
	),
	"answer_sms": "{{ association }}: الرد على {{ kind }} رقم {{ doc.name }}: {{ answer }}",
	"decision_sms": (
		"{{ association }}: "
		"{% if doc.status == 'Rejected' %}نعتذر، لم تُقبل {{ kind }} رقم {{ doc.name }}: {{ reason }}"
		"{% elif doc.status == 'Adopted' %}شكراً لمقترحك رقم {{ doc.name }}، وقد تقرر اعتماده."
		"{% else %}شكراً لمقترحك رقم {{ doc.name }}، درسناه ولم يُعتمد حالياً. {{ answer }}{% endif %}"
	),
	"acknowledgement_email": (
		"<p>السلام عليكم{% if doc.contact_name %} {{ doc.contact_name }}{% endif %}،</p>"
		"<p>شكراً لتواصلك مع {{ association }}. استلمنا {{ kind }} برقم <b>{{ doc.name }}</b>"
		" بعنوان «{{ doc.subject }}»، وسنرد عليك في أقرب وقت.</p>"
	),
	"campaign_sms": "{{ association }}: نرجو مشاركتك في استبيان رضا المستفيدين: {{ link }}",
	"survey_sms": "{{ association }}: نرجو تقييم خدمتنا في {{ kind }} رقم {{ doc.name }}: {{ link }}",
	"survey_email": (
		"<p>نرجو أن تخبرنا برأيك في خدمتنا بخصوص {{ kind }} رقم <b>{{ doc.name }}</b>.</p>"
		'<p><a href="{{ link }}">قيّم الخدمة</a> (الرابط صالح لمرة واحدة)</p>'
	),
	"answer_email": (
		"<p>السلام عليكم{% if doc.contact_name %} {{ doc.contact_name }}{% endif %}،</p>"
		"<p>بخصوص {{ kind }} رقم <b>{{ doc.name }}</b> بعنوان «{{ doc.subject }}»:</p>"
		"{% if doc.status == 'Rejected' %}<p>{{ reason }}</p>{% else %}{{ doc.resolution or '' }}{% endif %}"
		"<p>مع تحيات {{ association }}.</p>"
	),
}
