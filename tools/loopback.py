"""Servers on loopback for the tests and the benchmarks: an SMS gateway, an SMTP server and a WhatsApp Cloud
API (Graph API) that record what reaches them, and can be told to misbehave (tests/integration/test_faults.py).
No Frappe here."""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.server
import json
import secrets
import socket
import socketserver
import threading
import time
import urllib.parse


class Gateway:
	"""A local SMS gateway on 127.0.0.1: records what it receives and answers as told."""

	def __init__(self):
		self.received: list[dict] = []  # every request that reached it
		self.delivered: list[dict] = []  # what it passed on to the phone
		self.status, self.body = 200, '{"success": true}'
		self.delay = 0.0  # seconds before answering, after taking the message (a gateway that hangs)
		self.reset = False  # close the connection before taking the message
		self.lose_answer = False  # take the message, then close the connection without an answer
		self.garbage = False  # take the message and answer with bytes that are not HTTP
		self.port = free_port()
		gateway = self

		class Handler(http.server.BaseHTTPRequestHandler):
			def do_POST(self):
				length = int(self.headers.get("Content-Length") or 0)
				message = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
				gateway.received.append(message)
				if gateway.reset:
					self.close_connection = True
					self.connection.shutdown(socket.SHUT_RDWR)
					return
				gateway.delivered.append(message)
				if gateway.lose_answer or gateway.garbage:
					if gateway.garbage:
						self.wfile.write(b"\x00\x17 OK?\r\n\r\n")
					self.close_connection = True
					self.connection.shutdown(socket.SHUT_RDWR)
					return
				time.sleep(gateway.delay)
				self.send_response(gateway.status)
				self.end_headers()
				self.wfile.write(gateway.body.encode())

			def log_message(self, *args):
				pass

		self._handler = Handler
		self.server = None

	@property
	def url(self) -> str:
		return f"http://127.0.0.1:{self.port}/send"

	def up(self):
		_serve(self, http.server.ThreadingHTTPServer(("127.0.0.1", self.port), self._handler))

	def down(self):
		_stop(self)


# How each SMS provider answers, from its public API documentation (core.sms_gateways reads them): the
# answer to a message taken, and to each documented refusal. (HTTP status, body)
PROVIDER_ANSWERS = {
	"Unifonic": {
		"ok": (
			200,
			'{"success": true, "message": "", "errorCode": "ER-00", "data": {"MessageID": "4132", "Status": "Sent", "NumberOfUnits": 1, "Cost": 0.04, "Recipient": 966501234567}}',
		),
		"Wrong Key": (401, '{"success": false, "message": "Authentication failed", "errorCode": "401"}'),
		"Sender Not Approved": (
			200,
			'{"success": false, "message": "This user cannot use specified SenderID", "errorCode": "480"}',
		),
		"No Balance": (
			200,
			'{"success": false, "message": "No rate found or insufficient funds", "errorCode": "ER-01"}',
		),
		"Invalid Number": (
			200,
			'{"success": false, "message": "Invalid destination number", "errorCode": "ER-02"}',
		),
	},
	"Taqnyat": {
		"ok": (
			201,
			'{"statusCode": 201, "messageId": 5831, "cost": "0.0500", "currency": "SAR", "totalCount": 1, "msgLength": 1, "accepted": "[966501234567,]", "rejected": "[]"}',
		),
		"Wrong Key": (401, '{"statusCode": 401, "message": "Unauthorized"}'),
		"Sender Not Approved": (
			400,
			'{"statusCode": 400, "message": "The sender name is not active or not exist"}',
		),
		"No Balance": (400, '{"statusCode": 400, "message": "Insufficient balance"}'),
		"Invalid Number": (400, '{"statusCode": 400, "message": "Invalid recipients numbers"}'),
	},
	"Msegat": {
		"ok": (200, '{"code": "1", "message": "Success"}'),
		"Wrong Key": (200, '{"code": "1020", "message": "Invalid login info"}'),
		"Sender Not Approved": (200, '{"code": "1110", "message": "Sender name is missing or incorrect"}'),
		"No Balance": (200, '{"code": "1060", "message": "Balance is not enough"}'),
		"Invalid Number": (200, '{"code": "1120", "message": "Mobile numbers is not correct"}'),
	},
	"4jawaly": {
		"ok": (
			200,
			'{"code": 200, "message": "تم ارسال الرسائل بنجاح", "job_id": "7f1c2e", "messages": [{"inserted_numbers": 1}]}',
		),
		"Wrong Key": (401, '{"code": 401, "message": "Unauthenticated."}'),
		"Sender Not Approved": (400, '{"code": 400, "message": "اسم المرسل غير معتمد"}'),
		"No Balance": (400, '{"code": 400, "message": "الرصيد غير كافي"}'),
		"Invalid Number": (
			400,
			'{"code": 400, "message": "فشل الإرسال", "messages": [{"err_text": "رقم الجوال غير صحيح"}]}',
		),
	},
}


class ProviderStandIn:
	"""One of the Saudi SMS providers (Unifonic, Taqnyat, Msegat, 4jawaly) on 127.0.0.1, as its documentation
	describes it: it reads the request in that provider's shape, checks the account's key (and secret or
	user name), the sender name, the balance and the number, and answers each as the provider does
	(PROVIDER_ANSWERS). `received` holds every request: method, headers and the fields it read."""

	def __init__(
		self, provider: str, key: str, sender: str, secret: str = "", user_name: str = "", balance: int = 100
	):
		self.provider, self.key, self.secret, self.user_name = provider, key, secret, user_name
		self.approved_senders = {sender}
		self.balance = balance
		self.invalid_numbers: set[str] = set()  # numbers the provider's network says cannot receive
		self.received: list[dict] = []
		self.delivered: list[dict] = []
		self.port = free_port()
		stand_in = self

		class Handler(http.server.BaseHTTPRequestHandler):
			def do_POST(self):
				raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
				fields = stand_in._read(dict(self.headers), raw)
				stand_in.received.append(
					{"path": self.path, "headers": dict(self.headers), "raw": raw, **fields}
				)
				status, body = PROVIDER_ANSWERS[stand_in.provider][stand_in._judge(fields)]
				self.send_response(status)
				self.send_header("Content-Type", "application/json")
				self.end_headers()
				self.wfile.write(body.encode())

			def log_message(self, *args):
				pass

		self._handler = Handler
		self.server = None

	@property
	def url(self) -> str:
		return f"http://127.0.0.1:{self.port}/{self.provider.lower()}"

	def _read(self, headers: dict, raw: str) -> dict:
		"""The account, sender, number and text, where this provider's documentation puts them."""
		headers = {k.lower(): v for k, v in headers.items()}
		auth = headers.get("authorization", "")
		if self.provider == "Unifonic":
			form = dict(urllib.parse.parse_qsl(raw))
			return {
				"key": form.get("AppSid"),
				"sender": form.get("SenderID"),
				"number": form.get("Recipient"),
				"text": form.get("Body"),
			}
		data = json.loads(raw or "{}")
		if self.provider == "Taqnyat":
			numbers = data.get("recipients") or []
			return {
				"key": auth.removeprefix("Bearer "),
				"sender": data.get("sender"),
				"number": numbers[0] if isinstance(numbers, list) and numbers else None,
				"text": data.get("body"),
			}
		if self.provider == "Msegat":
			return {
				"key": f"{data.get('userName')}:{data.get('apiKey')}",
				"sender": data.get("userSender"),
				"number": data.get("numbers"),
				"text": data.get("msg"),
			}
		message = (data.get("messages") or [{}])[0]
		try:
			key = base64.b64decode(auth.removeprefix("Basic ")).decode()
		except ValueError:
			key = ""
		numbers = message.get("numbers") or []
		return {
			"key": key,
			"sender": message.get("sender"),
			"number": numbers[0] if isinstance(numbers, list) and numbers else None,
			"text": message.get("text"),
		}

	def _judge(self, fields: dict) -> str:
		expected = {"Msegat": f"{self.user_name}:{self.key}", "4jawaly": f"{self.key}:{self.secret}"}.get(
			self.provider, self.key
		)
		if fields["key"] != expected:
			return "Wrong Key"
		if fields["sender"] not in self.approved_senders:
			return "Sender Not Approved"
		if self.balance <= 0:
			return "No Balance"
		number = str(fields["number"] or "")
		if number in self.invalid_numbers or not (number.startswith("9665") and len(number) == 12):
			return "Invalid Number"
		self.balance -= 1
		self.delivered.append(fields)
		return "ok"

	def up(self):
		_serve(self, http.server.ThreadingHTTPServer(("127.0.0.1", self.port), self._handler))

	def down(self):
		_stop(self)


class MailServer:
	"""A local SMTP server on 127.0.0.1 that takes every mail (and records it), or is down."""

	def __init__(self):
		self.mails: list[dict] = []
		self.port = free_port()
		server = self

		class Session(socketserver.StreamRequestHandler):
			def handle(self):
				self.wfile.write(b"220 care-test ESMTP\r\n")
				mail = {"to": [], "data": ""}
				while line := self.rfile.readline():
					verb = line.decode(errors="replace").strip().upper()
					if verb.startswith(("EHLO", "HELO")):
						self.wfile.write(b"250 care-test\r\n")
					elif verb.startswith("RCPT TO:"):
						mail["to"].append(line.decode().split(":", 1)[1].strip().strip("<>"))
						self.wfile.write(b"250 OK\r\n")
					elif verb == "DATA":
						self.wfile.write(b"354 go on\r\n")
						body = []
						while (part := self.rfile.readline()) not in (b".\r\n", b""):
							body.append(part.decode(errors="replace"))
						server.mails.append({**mail, "data": "".join(body)})
						mail = {"to": [], "data": ""}
						self.wfile.write(b"250 queued\r\n")
					elif verb == "QUIT":
						self.wfile.write(b"221 bye\r\n")
						return
					else:  # MAIL FROM, RSET, NOOP
						self.wfile.write(b"250 OK\r\n")

		self._session = Session
		self.server = None

	def up(self):
		_serve(self, socketserver.ThreadingTCPServer(("127.0.0.1", self.port), self._session))

	def down(self):
		_stop(self)


def free_port() -> int:
	"""A TCP port on 127.0.0.1 that nothing listens on now."""
	with socket.socket() as probe:
		probe.bind(("127.0.0.1", 0))
		return probe.getsockname()[1]


def _serve(owner, server: socketserver.BaseServer, poll_interval: float = 0.5) -> None:
	"""Serve on a thread of its own, a thread for each connection; `owner.server` until stopped (which waits
	up to `poll_interval` seconds)."""
	server.daemon_threads = True
	owner.server = server
	threading.Thread(target=server.serve_forever, args=(poll_interval,), daemon=True).start()


def _stop(owner) -> None:
	if owner.server:
		owner.server.shutdown()
		owner.server.server_close()
		owner.server = None


class GraphAPI:
	"""A local WhatsApp Business Cloud API (Meta's Graph API) on 127.0.0.1 that answers as Meta documents it:
	it takes messages (and records them), looks up and hands out media, describes its phone number, and keeps
	the delivery statuses that Meta would post to the webhook later (`pending_statuses`, to be sent in with
	`GraphAPI.statuses`). The static helpers build webhook payloads as Meta sends them, and sign them.

	Knobs: `templates` (the approved templates), `not_whatsapp` and `outside_window` (numbers whose messages are
	taken but fail later, in a status), `sync_errors` (numbers whose messages fail at once), `status` (every
	request answers this HTTP status: an outage) and `delay` (seconds before answering). The knob `status`
	hides the static `status` on an instance: build a status with `GraphAPI.status(...)`."""

	def __init__(self, token: str = "test-token", phone_number_id: str = "111222333", version: str = "v21.0"):
		self.token, self.phone_number_id, self.version = token, phone_number_id, version
		self.requests: list[tuple[str, str]] = []  # (method, path) of every request, the query left off
		self.sent: list[dict] = []  # the body of every message taken, with the "wamid" it was answered
		self.pending_statuses: list[dict] = []  # the statuses Meta would post to the webhook, oldest first
		self.templates: dict[tuple[str, str], int] = {}  # (name, language code) -> number of body parameters
		self.media: dict[str, tuple[str, bytes]] = {}  # media id -> (mime type, content)
		self.not_whatsapp: set[str] = set()  # numbers that are not on WhatsApp
		self.outside_window: set[str] = set()  # numbers whose 24-hour customer-service window is closed
		self.sync_errors: dict[str, int] = {}  # number -> the error code its messages are refused with
		self.status: int | None = None  # an HTTP status every request answers (a Graph outage)
		self.delay = 0.0  # seconds before answering, after taking the message (a Graph API that hangs)
		self._lock = threading.Lock()
		self.port = free_port()
		api = self

		class Handler(http.server.BaseHTTPRequestHandler):
			def do_GET(self):
				self._answer("GET")

			def do_POST(self):
				self._answer("POST")

			def _answer(self, method: str):
				length = int(self.headers.get("Content-Length") or 0)
				body = self.rfile.read(length) if length else b""
				code, content_type, content = api._handle(method, self.path, self.headers, body)
				time.sleep(api.delay)
				self.send_response(code)
				self.send_header("Content-Type", content_type)
				self.send_header("Content-Length", str(len(content)))
				self.end_headers()
				self.wfile.write(content)

			def log_message(self, *args):
				pass

		self._handler = Handler
		self.server = None

	@property
	def base_url(self) -> str:
		return f"http://127.0.0.1:{self.port}"

	def up(self):
		_serve(self, _BusyServer(("127.0.0.1", self.port), self._handler), poll_interval=0.05)

	def down(self):
		_stop(self)

	# --- the API

	def _handle(self, method: str, target: str, headers, body: bytes) -> tuple[int, str, bytes]:
		"""The answer to one request: (HTTP status, content type, content)."""
		path = urllib.parse.urlsplit(target).path
		with self._lock:
			self.requests.append((method, path))
		if self.status is not None:
			return _json(self.status, _outage(self.status))
		if headers.get("Authorization") != f"Bearer {self.token}":
			return _json(401, _error(190, "Invalid OAuth access token."))
		parts = [urllib.parse.unquote(part) for part in path.strip("/").split("/")]
		if method == "GET" and len(parts) == 2 and parts[0] == "media-download":
			if parts[1] not in self.media:
				return _json(404, _error(100, "(#100) Invalid parameter", f"Unknown media id {parts[1]}."))
			mime, content = self.media[parts[1]]
			return 200, mime, content
		if not parts or parts[0] != self.version:
			return _json(404, _error(100, "Unknown path components: " + path))
		if method == "GET" and len(parts) == 2:
			if parts[1] == self.phone_number_id:
				return _json(200, self._phone_number())
			if parts[1] in self.media:
				return _json(200, self._media_url(parts[1]))
			return _json(400, _unsupported("get", parts[1]))
		if method == "POST" and len(parts) == 3 and parts[2] == "messages":
			if parts[1] != self.phone_number_id:
				return _json(400, _unsupported("post", parts[1]))
			return self._send(body)
		return _json(404, _error(100, "Unknown path components: " + path))

	def _phone_number(self) -> dict:
		return {
			"display_phone_number": "+966 11 000 0000",
			"verified_name": "جمعية البر",
			"quality_rating": "GREEN",
			"id": self.phone_number_id,
		}

	def _media_url(self, media_id: str) -> dict:
		mime, content = self.media[media_id]
		return {
			"messaging_product": "whatsapp",
			"url": f"{self.base_url}/media-download/{urllib.parse.quote(media_id)}",
			"mime_type": mime,
			"sha256": hashlib.sha256(content).hexdigest(),
			"file_size": len(content),
			"id": media_id,
		}

	def _send(self, body: bytes) -> tuple[int, str, bytes]:
		"""POST /{version}/{phone_number_id}/messages: refused at once (400), or taken (200), with the status
		Meta would post later (sent, or failed) put in `pending_statuses`."""
		try:
			message = json.loads(body)
		except ValueError:
			return _json(400, _error(100, "(#100) Invalid parameter", "The request body is not JSON."))
		if not isinstance(message, dict) or message.get("messaging_product") != "whatsapp":
			return _json(400, _error(100, "(#100) Invalid parameter", "messaging_product must be whatsapp."))
		to = message.get("to")
		if not isinstance(to, str) or not _digits(to):
			return _json(400, _error(100, "(#100) Invalid parameter", "The parameter to is required."))
		wa_id = _digits(to)
		kind = message.get("type", "text")  # Meta takes a message without a type as text
		code = {_digits(number): code for number, code in self.sync_errors.items()}.get(wa_id)
		if code is not None:
			title, details = _MESSAGE_ERRORS.get(code, _GENERIC_ERROR)
			return _json(429 if code == 130429 else 400, _error(code, f"(#{code}) {title}", details))
		if kind == "template":
			refusal = self._check_template(message.get("template"))
			if refusal:
				return _json(400, refusal)
		wamid = _wamid()
		if wa_id in {_digits(number) for number in self.not_whatsapp}:
			status = GraphAPI.status(wamid, "failed", wa_id, error_code=131026)
		elif kind != "template" and wa_id in {_digits(number) for number in self.outside_window}:
			status = GraphAPI.status(wamid, "failed", wa_id, error_code=131047)
		else:
			status = GraphAPI.status(wamid, "sent", wa_id)
		with self._lock:
			self.sent.append({**message, "wamid": wamid})
			self.pending_statuses.append(status)
		return _json(
			200,
			{
				"messaging_product": "whatsapp",
				"contacts": [{"input": to, "wa_id": wa_id}],
				"messages": [{"id": wamid}],
			},
		)

	def _check_template(self, template) -> dict | None:
		"""Meta's error object if this template message is refused, None if it goes."""
		if not isinstance(template, dict) or not isinstance(template.get("language"), dict):
			return _error(
				100, "(#100) Invalid parameter", "template.name and template.language are required."
			)
		name, language = template.get("name"), template["language"].get("code")
		if (name, language) not in self.templates:
			return _error(
				132001,
				"(#132001) Template name does not exist in the translation",
				f"template name ({name}) does not exist in {language}",
			)
		expected = self.templates[(name, language)]
		given = 0
		for component in template.get("components") or []:
			if isinstance(component, dict) and str(component.get("type", "")).lower() == "body":
				given = len(component.get("parameters") or [])
		if given != expected:
			return _error(
				132000,
				"(#132000) Number of parameters does not match the expected number of params",
				f"body: number of localizable_params ({given}) does not match the expected number of "
				f"params ({expected})",
			)
		return None

	# --- webhook payloads, as Meta posts them

	@staticmethod
	def inbound(
		from_number: str,
		*,
		text: str | None = None,
		image: tuple[str, str, str | None] | None = None,
		document: tuple[str, str, str, str | None] | None = None,
		audio: tuple[str, str] | None = None,
		button: tuple[str, str] | None = None,
		wamid: str | None = None,
		name: str = "مستفيد",
		phone_number_id: str = "111222333",
		timestamp: float | None = None,
	) -> dict:
		"""The webhook payload for one message from `from_number`: give exactly one of text, image
		(media id, mime type, caption), document (media id, mime type, file name, caption), audio (media id,
		mime type; a voice note) or button (button id, title; a reply button pressed)."""
		kinds = {"text": text, "image": image, "document": document, "audio": audio, "button": button}
		given = [kind for kind, value in kinds.items() if value is not None]
		if len(given) != 1:
			raise ValueError(
				f"give exactly one of text, image, document, audio or button, not {given or 'none'}"
			)
		message: dict = {
			"from": from_number,
			"id": wamid or _wamid(),
			"timestamp": str(int(timestamp or time.time())),
		}
		if text is not None:
			message.update(type="text", text={"body": text})
		elif image is not None:
			media_id, mime, caption = image
			message.update(type="image", image=_inbound_media(media_id, mime, caption=caption))
		elif document is not None:
			media_id, mime, filename, caption = document
			message.update(
				type="document", document=_inbound_media(media_id, mime, filename=filename, caption=caption)
			)
		elif audio is not None:
			media_id, mime = audio
			message.update(type="audio", audio=_inbound_media(media_id, mime, voice=True))
		elif button is not None:
			button_id, title = button
			message.update(
				type="interactive",
				interactive={"type": "button_reply", "button_reply": {"id": button_id, "title": title}},
			)
		return _webhook(
			phone_number_id,
			contacts=[{"profile": {"name": name}, "wa_id": from_number}],
			messages=[message],
		)

	@staticmethod
	def statuses(*statuses: dict, phone_number_id: str = "111222333") -> dict:
		"""The webhook payload carrying these statuses (from `pending_statuses`, or `GraphAPI.status`)."""
		return _webhook(phone_number_id, statuses=list(statuses))

	@staticmethod
	def status(wamid: str, status: str, recipient: str, error_code: int | None = None) -> dict:
		"""One status of a message sent, as Meta posts it ("sent", "delivered", "read" or "failed"), with
		Meta's error object for `error_code`."""
		entry: dict = {
			"id": wamid,
			"status": status,
			"timestamp": str(int(time.time())),
			"recipient_id": recipient,
		}
		if error_code is not None:
			title, details = _MESSAGE_ERRORS.get(error_code, _GENERIC_ERROR)
			entry["errors"] = [
				{
					"code": error_code,
					"title": title,
					"message": title,
					"error_data": {"details": details},
					"href": "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
				}
			]
		return entry

	@staticmethod
	def sign(body: bytes, app_secret: str) -> str:
		"""The X-Hub-Signature-256 header Meta sends with a webhook post of this raw body."""
		return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


class _BusyServer(http.server.ThreadingHTTPServer):
	"""A threading HTTP server whose listen queue holds many clients connecting at once (with the default 5,
	the kernel drops the others' connection attempts, and they try again only a second later)."""

	request_queue_size = 128


# error code -> (title, details), as Meta's error-codes reference words them
_MESSAGE_ERRORS = {
	131026: (
		"Message undeliverable",
		"Unable to deliver message. Reasons can include: the recipient phone number is not a WhatsApp phone "
		"number; the recipient has not accepted the new Terms of Service and Privacy Policy; the recipient is "
		"using an old WhatsApp version.",
	),
	131047: (
		"Re-engagement message",
		"Message failed to send because more than 24 hours have passed since the customer last replied to "
		"this number.",
	),
	130429: ("Rate limit hit", "Cloud API message throughput has been reached."),
}
_GENERIC_ERROR = ("Something went wrong", "Message failed to send due to an unknown error.")


def _digits(number: str) -> str:
	"""The WhatsApp id of a number: its digits, without "+" or spaces."""
	return "".join(ch for ch in number if ch.isdigit())


def _wamid() -> str:
	return "wamid." + secrets.token_hex(16).upper()


def _error(code: int, message: str, details: str | None = None) -> dict:
	"""Meta's error object."""
	error: dict = {"message": message, "type": "OAuthException", "code": code}
	if details is not None:
		error["error_data"] = {"messaging_product": "whatsapp", "details": details}
	error["fbtrace_id"] = "A" + secrets.token_urlsafe(16)
	return {"error": error}


def _unsupported(verb: str, object_id: str) -> dict:
	error = _error(
		100,
		f"Unsupported {verb} request. Object with ID '{object_id}' does not exist, cannot be loaded due to "
		"missing permissions, or does not support this operation.",
	)
	error["error"]["error_subcode"] = 33
	return error


def _outage(status: int) -> dict:
	"""The error object of a Graph outage: transient, to be retried."""
	error = (
		_error(2, "Service temporarily unavailable")
		if status == 503
		else _error(1, "An unknown error occurred")
	)
	error["error"]["is_transient"] = True
	return error


def _json(status: int, payload: dict) -> tuple[int, str, bytes]:
	return status, "application/json", json.dumps(payload).encode()


def _inbound_media(media_id: str, mime: str, **fields) -> dict:
	media = {"id": media_id, "mime_type": mime, "sha256": hashlib.sha256(media_id.encode()).hexdigest()}
	media.update({key: value for key, value in fields.items() if value is not None})
	return media


def _webhook(phone_number_id: str, **value) -> dict:
	"""Meta's webhook envelope for one change to the "messages" field."""
	return {
		"object": "whatsapp_business_account",
		"entry": [
			{
				"id": "WABA_ID",
				"changes": [
					{
						"field": "messages",
						"value": {
							"messaging_product": "whatsapp",
							"metadata": {
								"display_phone_number": "966110000000",
								"phone_number_id": phone_number_id,
							},
							**value,
						},
					}
				],
			}
		],
	}
