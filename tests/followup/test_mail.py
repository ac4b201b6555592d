"""The SMTP mailer against a small SMTP server on 127.0.0.1 (no mail leaves the machine)."""

import socketserver
import threading

import pytest

from service.followup.mail import MailError, SmtpMailer, mailer_from_config


class _Smtp(socketserver.StreamRequestHandler):
    """Just enough SMTP to take one message: EHLO, MAIL, RCPT, DATA, QUIT."""

    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.reply("220 test ready")
        while True:
            line = self.rfile.readline().decode().strip()
            if not line:
                return
            verb = line.split()[0].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 test")
            elif verb == "MAIL":
                self.server.mail["from"] = line
                self.reply("250 ok")
            elif verb == "RCPT":
                refuse = self.server.refuse
                self.server.mail["to"] = line
                self.reply("550 no such user" if refuse else "250 ok")
            elif verb == "DATA":
                self.reply("354 go on")
                body = []
                while (chunk := self.rfile.readline().decode()) not in (".\r\n", ""):
                    body.append(chunk)
                self.server.mail["data"] = "".join(body)
                self.reply("250 kept")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 ok")


@pytest.fixture
def smtp_server():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Smtp)
    server.mail, server.refuse = {}, False
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_an_email_is_handed_to_the_smtp_server(smtp_server):
    port = smtp_server.server_address[1]
    mailer = SmtpMailer("127.0.0.1", port, sender="kindly@example.org", starttls=False)
    mailer.send("sam@example.org", "Kindly: urgent alert waiting", "Please open the dashboard.")
    assert "sam@example.org" in smtp_server.mail["to"]
    assert "Subject: Kindly: urgent alert waiting" in smtp_server.mail["data"]
    assert "Please open the dashboard." in smtp_server.mail["data"]


def test_a_refused_email_is_a_mail_error(smtp_server):
    smtp_server.refuse = True
    mailer = SmtpMailer("127.0.0.1", smtp_server.server_address[1], starttls=False)
    with pytest.raises(MailError):
        mailer.send("nobody@example.org", "x", "y")


def test_email_is_off_without_a_host():
    assert mailer_from_config({"SMTP_HOST": ""}) is None
    assert isinstance(mailer_from_config({"SMTP_HOST": "mail.example.org"}), SmtpMailer)
