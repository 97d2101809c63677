"""Servers on loopback for the tests and the benchmarks: an SMS gateway and an SMTP server that record
what reaches them, and can be told to misbehave (tests/integration/test_faults.py). No Frappe here."""

from __future__ import annotations

import http.server
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
		with socket.socket() as probe:
			probe.bind(("127.0.0.1", 0))
			self.port = probe.getsockname()[1]
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


class MailServer:
	"""A local SMTP server on 127.0.0.1 that takes every mail (and records it), or is down."""

	def __init__(self):
		self.mails: list[dict] = []
		with socket.socket() as probe:
			probe.bind(("127.0.0.1", 0))
			self.port = probe.getsockname()[1]
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


def _serve(owner, server: socketserver.BaseServer) -> None:
	"""Serve on a thread of its own, a thread for each connection; `owner.server` until stopped."""
	server.daemon_threads = True
	owner.server = server
	threading.Thread(target=server.serve_forever, daemon=True).start()


def _stop(owner) -> None:
	if owner.server:
		owner.server.shutdown()
		owner.server.server_close()
		owner.server = None
