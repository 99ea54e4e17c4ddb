#!/usr/bin/python3
"""Checks tests/kamailio/kamailio.cfg by hand (not run by meson).

Starts kamailio the way the C tests do (foreground, everything in a fresh
temporary directory, TLS with a CA and server certificate made by openssl),
then talks SIP to it over UDP, TCP, TLS and IPv6 with a tiny client:

  python3 tests/kamailio/check-kamailio.py [-v] [--keep]

Exit status 0 when every check passed.
"""

import argparse
import hashlib
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
CFG = os.path.join(HERE, "kamailio.cfg")
VERBOSE = False
FAILURES = []


def log(*args):
    print(*args, flush=True)


def check(cond, what):
    log(("ok    " if cond else "FAIL  ") + what)
    if not cond:
        FAILURES.append(what)
    return cond


def free_port():
    """A port free for UDP and TCP on 127.0.0.1 and ::1."""
    while True:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        try:
            for fam, typ, host in ((socket.AF_INET, socket.SOCK_DGRAM, "127.0.0.1"),
                                   (socket.AF_INET6, socket.SOCK_DGRAM, "::1"),
                                   (socket.AF_INET6, socket.SOCK_STREAM, "::1")):
                t = socket.socket(fam, typ)
                t.bind((host, port))
                t.close()
            return port
        except OSError:
            continue


# {{{ SIP messages

class Msg:
    def __init__(self, raw):
        self.raw = raw
        head, _, self.body = raw.partition("\r\n\r\n")
        lines = head.split("\r\n")
        self.first = lines[0]
        self.headers = []
        for line in lines[1:]:
            if line[:1] in " \t" and self.headers:
                n, v = self.headers[-1]
                self.headers[-1] = (n, v + " " + line.strip())
            else:
                n, _, v = line.partition(":")
                self.headers.append((n.strip(), v.strip()))
        if self.first.startswith("SIP/2.0 "):
            self.status = int(self.first.split()[1])
            self.method = None
        else:
            self.status = None
            self.method = self.first.split()[0]

    COMPACT = {"v": "via", "f": "from", "t": "to", "i": "call-id", "m": "contact",
               "l": "content-length", "c": "content-type"}

    def all(self, name):
        name = name.lower()
        return [v for n, v in self.headers
                if n.lower() == name or self.COMPACT.get(n.lower()) == name]

    def get(self, name):
        v = self.all(name)
        return v[0] if v else None

    def __str__(self):
        return self.first


def build(first, headers, body=""):
    out = first + "\r\n"
    for n, v in headers:
        out += "%s: %s\r\n" % (n, v)
    out += "Content-Length: %d\r\n\r\n" % len(body.encode())
    return out + body


def response_to(req, status, reason, to_tag=None, extra=()):
    hdrs = [("Via", v) for v in req.all("via")]
    hdrs += [("Record-Route", v) for v in req.all("record-route")]
    to = req.get("to")
    if to_tag and ";tag=" not in to:
        to += ";tag=" + to_tag
    hdrs += [("From", req.get("from")), ("To", to),
             ("Call-ID", req.get("call-id")), ("CSeq", req.get("cseq"))]
    hdrs += list(extra)
    return build("SIP/2.0 %d %s" % (status, reason), hdrs)

# }}}
# {{{ transports


class Transport:
    """One socket of a client: UDP, TCP or TLS, IPv4 or IPv6."""

    def __init__(self, kind, proxy, family=socket.AF_INET, cafile=None):
        self.kind = kind
        self.proxy = proxy
        host = "127.0.0.1" if family == socket.AF_INET else "::1"
        if kind == "udp":
            self.sock = socket.socket(family, socket.SOCK_DGRAM)
            self.sock.bind((host, 0))
        else:
            s = socket.create_connection(proxy, timeout=5)
            if kind == "tls":
                ctx = ssl.create_default_context(cafile=cafile)
                s = ctx.wrap_socket(s, server_hostname=proxy[0])
                self.tls_version = s.version()
                self.peer_cert = s.getpeercert()
            self.sock = s
        self.local = self.sock.getsockname()[:2]
        self.buf = b""
        self.pending = []

    @property
    def hostport(self):
        h, p = self.local
        return ("[%s]:%d" % (h, p)) if ":" in h else ("%s:%d" % (h, p))

    def send(self, data):
        if VERBOSE:
            log("  >>> %s\n%s" % (self.kind, data))
        if self.kind == "udp":
            self.sock.sendto(data.encode(), self.proxy)
        else:
            self.sock.sendall(data.encode())

    def _read_one(self, timeout):
        self.sock.settimeout(timeout)
        if self.kind == "udp":
            data, _ = self.sock.recvfrom(65535)
            return data.decode()
        while True:
            # skip CRLF keepalives
            self.buf = self.buf.lstrip(b"\r\n")
            end = self.buf.find(b"\r\n\r\n")
            if end >= 0:
                m = re.search(rb"\r\n(?:content-length|l)\s*:\s*(\d+)",
                              self.buf[:end], re.I)
                clen = int(m.group(1)) if m else 0
                total = end + 4 + clen
                if len(self.buf) >= total:
                    raw, self.buf = self.buf[:total], self.buf[total:]
                    return raw.decode()
            chunk = self.sock.recv(65535)
            if not chunk:
                raise ConnectionError("connection closed")
            self.buf += chunk

    def recv(self, want, timeout=3.0):
        """Next message for which want(msg) is true; others are kept."""
        for i, m in enumerate(self.pending):
            if want(m):
                return self.pending.pop(i)
        deadline = time.time() + timeout
        while True:
            left = deadline - time.time()
            if left <= 0:
                return None
            try:
                m = Msg(self._read_one(left))
            except (socket.timeout, TimeoutError):
                return None
            if VERBOSE:
                log("  <<< %s\n%s" % (self.kind, m.raw))
            if want(m):
                return m
            self.pending.append(m)

    def close(self):
        self.sock.close()

# }}}
# {{{ user agent


def digest(method, uri, user, password, challenge):
    params = dict(re.findall(r'(\w+)="?([^",]*)"?', challenge.split(" ", 1)[1]))
    realm, nonce = params["realm"], params["nonce"]
    md5 = lambda s: hashlib.md5(s.encode()).hexdigest()
    ha1 = md5("%s:%s:%s" % (user, realm, password))
    ha2 = md5("%s:%s" % (method, uri))
    out = 'Digest username="%s", realm="%s", nonce="%s", uri="%s", algorithm=MD5' % (
        user, realm, nonce, uri)
    if "qop" in params:
        cnonce, nc = uuid.uuid4().hex[:16], "00000001"
        resp = md5("%s:%s:%s:%s:auth:%s" % (ha1, nonce, nc, cnonce, ha2))
        out += ', qop=auth, nc=%s, cnonce="%s"' % (nc, cnonce)
    else:
        resp = md5("%s:%s:%s" % (ha1, nonce, ha2))
    out += ', response="%s"' % resp
    if "opaque" in params:
        out += ', opaque="%s"' % params["opaque"]
    return out


class UA:
    def __init__(self, user, password, transport, domain="127.0.0.1", contact_port=None):
        self.user, self.password, self.t, self.domain = user, password, transport, domain
        self.tag = uuid.uuid4().hex[:8]
        self.cseq = 0
        self.proto = transport.kind.upper()
        host, port = transport.local
        host = ("[%s]" % host) if ":" in host else host
        # TCP/TLS: a Contact with a port nobody listens on, like a UA behind
        # NAT: requests for it must come over the connection it registered on.
        if transport.kind != "udp":
            port = contact_port or 9
        param = "" if transport.kind == "udp" else ";transport=" + transport.kind
        self.contact = "<sip:%s@%s:%d%s>" % (user, host, port, param)
        self.aor = "sip:%s@%s" % (user, domain)
        p = transport.proxy
        self.proxy_uri = "sip:%s:%d" % (("[%s]" % p[0]) if ":" in p[0] else p[0], p[1])
        if transport.kind != "udp":
            self.proxy_uri += ";transport=" + transport.kind

    def request(self, method, ruri, to=None, extra=(), body="", call_id=None,
                cseq=None, from_tag=None, to_tag=None, branch=None):
        if cseq is None:
            self.cseq += 1
            cseq = self.cseq
        branch = branch or "z9hG4bK" + uuid.uuid4().hex[:12]
        to_hdr = "<%s>" % (to or ruri) + (";tag=" + to_tag if to_tag else "")
        hdrs = [("Via", "SIP/2.0/%s %s;branch=%s;rport" % (self.proto, self.t.hostport, branch)),
                ("Max-Forwards", "70"),
                ("From", "<%s>;tag=%s" % (self.aor, from_tag or self.tag)),
                ("To", to_hdr),
                ("Call-ID", call_id or uuid.uuid4().hex),
                ("CSeq", "%d %s" % (cseq, method))]
        hdrs += list(extra)
        return build("%s %s SIP/2.0" % (method, ruri), hdrs, body), branch

    def transaction(self, method, ruri, auth=True, timeout=3.0, **kw):
        """Sends a request, answers one 401/407 if auth; returns (first, final)."""
        call_id = kw.pop("call_id", None) or uuid.uuid4().hex
        extra = list(kw.pop("extra", ()))
        data, branch = self.request(method, ruri, call_id=call_id, extra=extra, **kw)
        self.t.send(data)
        first = final = self.wait_final(branch, timeout)
        if auth and final is not None and final.status in (401, 407):
            self.ack_non2xx(method, final, ruri, branch, call_id)
            hname = "WWW-Authenticate" if final.status == 401 else "Proxy-Authenticate"
            aname = "Authorization" if final.status == 401 else "Proxy-Authorization"
            cred = digest(method, ruri, self.user, self.password, final.get(hname))
            data, branch = self.request(method, ruri, call_id=call_id,
                                        extra=extra + [(aname, cred)], **kw)
            self.t.send(data)
            final = self.wait_final(branch, timeout)
            self.last_branch = branch
            if final is not None and final.status >= 300:
                self.ack_non2xx(method, final, ruri, branch, call_id)
        else:
            self.last_branch = branch
            if final is not None and final.status >= 300:
                self.ack_non2xx(method, final, ruri, branch, call_id)
        self.last_call_id = call_id
        self.last_data = data
        return first, final

    def wait_final(self, branch, timeout=3.0):
        while True:
            m = self.t.recv(lambda m: m.status is not None and branch in (m.get("via") or ""),
                            timeout)
            if m is None or m.status >= 200:
                return m

    def ack_non2xx(self, method, resp, ruri, branch, call_id):
        if method != "INVITE":
            return
        to_tag = re.search(r";tag=([^;>\s]+)", resp.get("to")).group(1)
        cseq = int(resp.get("cseq").split()[0])
        data, _ = self.request("ACK", ruri, cseq=cseq, call_id=call_id,
                               to_tag=to_tag, branch=branch)
        self.t.send(data)

    def register(self, expires=60, contact=None, auth=True, password=None):
        saved = self.password
        if password is not None:
            self.password = password
        try:
            extra = [("Contact", contact or self.contact)]
            if expires is not None:
                extra.append(("Expires", str(expires)))
            return self.transaction("REGISTER", "sip:%s" % self.domain, to=self.aor,
                                    auth=auth, extra=extra)
        finally:
            self.password = saved

    def wait_request(self, method, timeout=3.0):
        return self.t.recv(lambda m: m.method == method, timeout)

    def reply(self, req, status, reason, **kw):
        self.t.send(response_to(req, status, reason, **kw))

# }}}
# {{{ kamailio process


class Kamailio:
    def __init__(self, tmpdir, sip_port, tls_port, defines=()):
        self.tmpdir = tmpdir
        self.sip_port = sip_port
        self.tls_port = tls_port if "WITH_TLS" in defines else None
        self.cafile = os.path.join(tmpdir, "tls", "ca.pem")
        self.logfile = os.path.join(tmpdir, "kamailio.log")
        self.argv = ["kamailio", "-f", CFG, "-DD", "-E", "-m", "64", "-M", "8",
                     "-P", os.path.join(tmpdir, "kamailio.pid"),
                     "-Y", tmpdir, "-w", tmpdir,
                     "-A", "SIP_PORT=%d" % sip_port,
                     "-A", "TLS_PORT=%d" % tls_port,
                     "-A", 'DBURL="text://%s/db"' % tmpdir] + list(defines)

    def start(self):
        self.t0 = time.time()
        # its own process group, to SIGKILL every process if need be
        self.proc = subprocess.Popen(self.argv, stdout=open(self.logfile, "w"),
                                     stderr=subprocess.STDOUT, cwd=self.tmpdir,
                                     start_new_session=True)
        ready = self.wait_ready()
        if ready is not None and self.tls_port:
            ready = self.wait_ready_tls()
        return ready

    def wait_ready_tls(self, timeout=5.0):
        """OPTIONS over TLS: kamailio forks its TCP/TLS processes after the
        UDP ones; a SIGTERM before they run is only handled by exit_timeout."""
        n = 0
        while time.time() - self.t0 < timeout:
            n += 1
            try:
                t = Transport("tls", ("127.0.0.1", self.tls_port), cafile=self.cafile)
            except ssl.SSLError:
                # TLS_VERIFY_CLIENT and no client certificate: the TLS
                # worker answered all the same.
                return time.time() - self.t0
            except OSError:
                time.sleep(0.01)
                continue
            t.send(build("OPTIONS sip:127.0.0.1:%d;transport=tls SIP/2.0" % self.tls_port,
                         [("Via", "SIP/2.0/TLS %s;branch=z9hG4bKtlsprobe%d" % (t.hostport, n)),
                          ("From", "<sip:probe@127.0.0.1>;tag=probe"),
                          ("To", "<sip:127.0.0.1:%d>" % self.tls_port),
                          ("Call-ID", "tlsprobe-%d" % n), ("CSeq", "1 OPTIONS"),
                          ("Max-Forwards", "70")]))
            try:
                m = t.recv(lambda m: m.status is not None, 1.0)
            except ssl.SSLError:
                return time.time() - self.t0
            finally:
                t.close()
            if m is not None and m.status == 200:
                return time.time() - self.t0
        return None

    def wait_ready(self, timeout=5.0):
        """Polls with OPTIONS sip:127.0.0.1:port until a 200 comes back."""
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("127.0.0.1", 0))
        s.settimeout(0.02)
        n = 0
        while time.time() - self.t0 < timeout:
            if self.proc.poll() is not None:
                return None
            n += 1
            req = build("OPTIONS sip:127.0.0.1:%d SIP/2.0" % self.sip_port,
                        [("Via", "SIP/2.0/UDP 127.0.0.1:%d;branch=z9hG4bKprobe%d;rport"
                          % (s.getsockname()[1], n)),
                         ("From", "<sip:probe@127.0.0.1>;tag=probe"),
                         ("To", "<sip:127.0.0.1:%d>" % self.sip_port),
                         ("Call-ID", "probe-%d" % n), ("CSeq", "%d OPTIONS" % n),
                         ("Max-Forwards", "70")])
            s.sendto(req.encode(), ("127.0.0.1", self.sip_port))
            try:
                if Msg(s.recv(65535).decode()).status == 200:
                    s.close()
                    return time.time() - self.t0
            except socket.timeout:
                pass
        s.close()
        return None

    def stop(self):
        t = time.time()
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(3)
        except subprocess.TimeoutExpired:
            rc = None
        took = time.time() - t
        self.leftovers = subprocess.run(["pgrep", "-g", str(self.proc.pid)],
                                        capture_output=True).stdout.split()
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)   # stragglers, if any
        except ProcessLookupError:
            pass
        if rc is None:
            rc = self.proc.wait()
        return rc, took

    def log_text(self):
        with open(self.logfile) as f:
            return f.read()

# }}}
# {{{ set-up


def make_files(tmpdir):
    db = os.path.join(tmpdir, "db")
    os.mkdir(db)
    with open(os.path.join(db, "subscriber"), "w") as f:
        f.write("username(str) domain(str) password(str)\n"
                "alice:127.0.0.1:alicepw\n"
                "bob:127.0.0.1:bobpw\n"
                "carol:127.0.0.1:carolpw\n")
    tls = os.path.join(tmpdir, "tls")
    os.mkdir(tls)
    run = lambda *a: subprocess.run(a, cwd=tls, check=True, capture_output=True)
    run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        "-subj", "/CN=libsipctx test CA", "-keyout", "ca.key", "-out", "ca.pem")
    run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
        "-keyout", "server.key", "-out", "server.csr")
    with open(os.path.join(tls, "ext.cnf"), "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost\n"
                "basicConstraints=CA:FALSE\n"
                "keyUsage=digitalSignature,keyEncipherment\n"
                "extendedKeyUsage=serverAuth,clientAuth\n")
    run("openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-days", "1", "-extfile", "ext.cnf", "-out", "server.pem")
    return tls

# }}}
# {{{ checks


def checks_registrar(proxy):
    t = Transport("udp", proxy)
    alice = UA("alice", "alicepw", t)

    first, final = alice.register(auth=False)
    check(final is not None and final.status == 401
          and 'realm="127.0.0.1"' in (final.get("WWW-Authenticate") or ""),
          "REGISTER without credentials: 401 with WWW-Authenticate (%s; %s)"
          % (final, final and final.get("WWW-Authenticate")))

    first, final = alice.register(password="wrong")
    check(final is not None and final.status == 401,
          "REGISTER with a wrong password: 401 again (%s)" % final)

    first, final = alice.register(expires=60)
    check(first.status == 401 and final is not None and final.status == 200,
          "REGISTER with the right password: 401 then 200 (%s)" % final)
    if final is not None:
        contacts = final.all("contact")
        log("      Contact: %s" % contacts)
        log("      Expires: %s" % final.get("expires"))
        check(any("expires=60" in c and "alice@127.0.0.1:%d" % t.local[1] in c
                  for c in contacts), "200 lists the binding with expires=60")

    first, final = alice.register(expires=5)
    check(final is not None and final.status == 423 and final.get("Min-Expires") == "10",
          "REGISTER with Expires: 5: 423 with Min-Expires: 10 (%s, Min-Expires: %s)"
          % (final, final and final.get("Min-Expires")))
    extra = t.recv(lambda m: m.status is not None, 0.3)
    check(extra is None, "... and no other reply after the 423 (%s)" % extra)

    first, final = alice.register(expires=100000)
    check(final is not None and final.status == 200
          and any("expires=3600" in c for c in final.all("contact")),
          "REGISTER with Expires: 100000: 200, binding cut to expires=3600 (%s)"
          % (final and final.all("contact")))

    # a second binding, then remove them: one with Expires: 0, all with *
    other = "<sip:alice@127.0.0.1:9999>"
    contacts = lambda m: [c for v in m.all("contact") for c in v.split(", ")]
    first, final = alice.register(expires=60, contact=other)
    check(final is not None and len(contacts(final)) == 2,
          "second binding: 200 lists 2 contacts (%s)" % (final and final.all("contact")))
    first, final = alice.register(expires=0, contact=other)
    check(final is not None and final.status == 200 and len(contacts(final)) == 1,
          "Expires: 0 for one contact: 200, 1 contact left (%s)"
          % (final and final.all("contact")))
    first, final = alice.register(expires=0, contact="*")
    check(final is not None and final.status == 200 and not final.all("contact"),
          "Contact: * with Expires: 0: 200 without any contact (%s)"
          % (final and final.all("contact")))
    first, final = alice.register(expires=None, contact=alice.contact)
    check(final is not None and final.status == 200 and
          any("expires=3600" in c for c in final.all("contact")),
          "REGISTER without expires: default 3600 (%s)" % (final and final.all("contact")))
    alice.register(expires=0, contact="*")

    port = proxy[1]
    for ruri in ("sip:127.0.0.1:%d" % port, "sip:127.0.0.1", "sip:localhost:%d" % port):
        first, final = alice.transaction("OPTIONS", ruri, auth=False)
        check(final is not None and final.status == 200,
              "OPTIONS %s (keepalive/readiness): 200 without auth (%s)" % (ruri, final))

    bad = UA("mallory", "x", t)
    first, final = bad.register()
    check(final is not None and final.status == 401,
          "REGISTER of an unknown user: 401 again (%s)" % final)
    t.close()


def checks_message(proxy):
    ta, tb, tc = (Transport("udp", proxy) for _ in range(3))
    alice, bob, carol = UA("alice", "alicepw", ta), UA("bob", "bobpw", tb), UA("carol", "carolpw", tc)
    for ua in (alice, bob, carol):
        check(ua.register()[1].status == 200, "%s registered over UDP" % ua.user)
    carol.register(expires=0)

    ct = [("Content-Type", "text/plain")]
    data, branch = alice.request("MESSAGE", "sip:bob@127.0.0.1", extra=ct, body="hi")
    ta.send(data)
    r = alice.wait_final(branch)
    check(r is not None and r.status == 407 and r.get("Proxy-Authenticate"),
          "MESSAGE without credentials: 407 with Proxy-Authenticate (%s)" % r)

    # bob answers the MESSAGE he gets
    first, final = None, None
    data, branch = alice.request("MESSAGE", "sip:bob@127.0.0.1", extra=ct + [
        ("Proxy-Authorization", digest("MESSAGE", "sip:bob@127.0.0.1", "alice", "alicepw",
                                       r.get("Proxy-Authenticate")))], body="hello bob")
    ta.send(data)
    req = bob.wait_request("MESSAGE")
    check(req is not None and req.body == "hello bob"
          and req.first == "MESSAGE sip:bob@127.0.0.1:%d SIP/2.0" % tb.local[1]
          and req.get("Proxy-Authorization") is None,
          "bob gets the MESSAGE at his contact, credentials consumed (%s)" % req)
    if req is not None:
        bob.reply(req, 200, "OK", to_tag="bobtag")
    final = alice.wait_final(branch)
    check(final is not None and final.status == 200, "alice gets bob's 200 (%s)" % final)

    first, final = alice.transaction("MESSAGE", "sip:dave@127.0.0.1", extra=ct, body="x")
    check(first.status == 407 and final.status == 404,
          "MESSAGE to an unknown user: 407, then 404 (%s)" % final)
    first, final = alice.transaction("MESSAGE", "sip:carol@127.0.0.1", extra=ct, body="x")
    check(first.status == 407 and final.status == 480,
          "MESSAGE to a known user not registered: 407, then 480 (%s)" % final)
    first, final = alice.transaction("MESSAGE", "sip:bob@127.0.0.1", extra=ct, body="x",
                                     auth=False)
    check(final.status == 407, "MESSAGE with a wrong password: 407 (%s)" % final)
    data, branch = alice.request("MESSAGE", "sip:bob@127.0.0.1", extra=ct + [
        ("Proxy-Authorization", digest("MESSAGE", "sip:bob@127.0.0.1", "alice", "nope",
                                       final.get("Proxy-Authenticate")))], body="x")
    ta.send(data)
    r = alice.wait_final(branch)
    check(r is not None and r.status == 407, "... and with wrong credentials: 407 again (%s)" % r)

    # a request from a foreign domain to a local user: relayed without auth
    ext = UA("ext", "", Transport("udp", proxy), domain="example.org")
    data, branch = ext.request("MESSAGE", "sip:bob@127.0.0.1", extra=ct, body="from outside")
    ext.t.send(data)
    req = bob.wait_request("MESSAGE")
    if req is not None:
        bob.reply(req, 200, "OK", to_tag="bobtag2")
    r = ext.wait_final(branch)
    check(req is not None and r is not None and r.status == 200,
          "MESSAGE from a foreign domain to a local user: relayed without auth (%s)" % r)
    data, branch = ext.request("MESSAGE", "sip:bob@example.net", extra=ct, body="x")
    ext.t.send(data)
    r = ext.wait_final(branch)
    check(r is not None and r.status == 403, "foreign to foreign: 403 Not relaying (%s)" % r)

    for ua in (alice, bob):
        ua.register(expires=0, contact="*")
    for t in (ta, tb, tc, ext.t):
        t.close()


def checks_invite(proxy, kind_a="udp", kind_b="udp", cafile=None, family=socket.AF_INET):
    label = "%s->%s" % (kind_a, kind_b)
    ta = Transport(kind_a, proxy[kind_a], family, cafile)
    tb = Transport(kind_b, proxy[kind_b], family, cafile)
    domain = "127.0.0.1"
    alice = UA("alice", "alicepw", ta, domain)
    bob = UA("bob", "bobpw", tb, domain, contact_port=5999)
    check(alice.register()[1].status == 200 and bob.register()[1].status == 200,
          "[%s] alice and bob registered" % label)

    sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\n"
    ct = [("Content-Type", "application/sdp"), ("Contact", alice.contact)]
    call_id = uuid.uuid4().hex
    data, branch = alice.request("INVITE", "sip:bob@127.0.0.1", call_id=call_id, extra=ct, body=sdp)
    ta.send(data)
    r = alice.wait_final(branch)
    check(r is not None and r.status == 407, "[%s] INVITE: 407 (%s)" % (label, r))
    alice.ack_non2xx("INVITE", r, "sip:bob@127.0.0.1", branch, call_id)
    cred = digest("INVITE", "sip:bob@127.0.0.1", "alice", "alicepw", r.get("Proxy-Authenticate"))
    data, branch = alice.request("INVITE", "sip:bob@127.0.0.1", call_id=call_id,
                                 extra=ct + [("Proxy-Authorization", cred)], body=sdp)
    ta.send(data)
    inv = bob.wait_request("INVITE")
    check(inv is not None and inv.all("record-route"),
          "[%s] bob gets the INVITE with Record-Route %s" % (label, inv and inv.all("record-route")))
    if inv is None:
        return
    bob.reply(inv, 180, "Ringing", to_tag="b1")
    bob.reply(inv, 200, "OK", to_tag="b1", extra=[("Contact", bob.contact),
                                                  ("Content-Type", "application/sdp")])
    ok = alice.wait_final(branch)
    check(ok is not None and ok.status == 200, "[%s] alice gets 200 (%s)" % (label, ok))
    if ok is None:
        return
    # route set from Record-Route (reversed for the caller), remote target
    routes = list(reversed(ok.all("record-route")))
    target = re.search(r"<([^>]+)>", ok.get("contact")).group(1)
    log("      [%s] caller route set %s, remote target %s" % (label, routes, target))
    rhdr = [("Route", ", ".join(routes))]
    ack, _ = alice.request("ACK", target, to="sip:bob@127.0.0.1", call_id=call_id,
                           cseq=alice.cseq, to_tag="b1", extra=rhdr)
    ta.send(ack)
    a = bob.wait_request("ACK")
    check(a is not None, "[%s] bob gets the ACK through the proxy (%s)" % (label, a))
    bye, bbranch = alice.request("BYE", target, to="sip:bob@127.0.0.1", call_id=call_id,
                                 to_tag="b1", extra=rhdr)
    ta.send(bye)
    b = bob.wait_request("BYE")
    check(b is not None, "[%s] bob gets the BYE through the proxy (%s)" % (label, b))
    if b is not None:
        bob.reply(b, 200, "OK")
    r = alice.wait_final(bbranch)
    check(r is not None and r.status == 200, "[%s] alice gets 200 for BYE (%s)" % (label, r))

    # BYE from the callee: uses its own route set (Record-Route as is)
    # tested on the next call with CANCEL instead.
    call_id = uuid.uuid4().hex
    data, branch = alice.request("INVITE", "sip:bob@127.0.0.1", call_id=call_id,
                                 extra=ct + [("Proxy-Authorization", cred)], body=sdp)
    # credentials are per nonce and nonce reuse is allowed without nonce_count
    ta.send(data)
    inv = bob.wait_request("INVITE")
    if inv is not None:
        bob.reply(inv, 180, "Ringing", to_tag="b2")
    ring = alice.t.recv(lambda m: m.status == 180 and branch in (m.get("via") or ""))
    check(inv is not None and ring is not None, "[%s] second INVITE rings" % label)
    cancel = build("CANCEL sip:bob@127.0.0.1 SIP/2.0",
                   [("Via", "SIP/2.0/%s %s;branch=%s;rport" % (alice.proto, ta.hostport, branch)),
                    ("Max-Forwards", "70"), ("From", "<%s>;tag=%s" % (alice.aor, alice.tag)),
                    ("To", "<sip:bob@127.0.0.1>"), ("Call-ID", call_id),
                    ("CSeq", "%d CANCEL" % alice.cseq)])
    ta.send(cancel)
    c = bob.wait_request("CANCEL")
    if c is not None:
        bob.reply(c, 200, "OK", to_tag="b2")
        bob.reply(inv, 487, "Request Terminated", to_tag="b2")
    r200 = alice.t.recv(lambda m: m.status == 200 and "CANCEL" in (m.get("cseq") or ""))
    r487 = alice.wait_final(branch)
    if r487 is not None:
        alice.ack_non2xx("INVITE", r487, "sip:bob@127.0.0.1", branch, call_id)
    hop_ack = bob.wait_request("ACK")
    check(c is not None and r200 is not None and r487 is not None and r487.status == 487
          and hop_ack is not None,
          "[%s] CANCEL: bob gets CANCEL, alice 200 for CANCEL and 487, bob the proxy's ACK"
          % label)
    for ua in (alice, bob):
        ua.register(expires=0, contact="*")
    ta.close()
    tb.close()


def checks_tls_message(proxy, cafile):
    """A TLS client registers, gets a MESSAGE over its own connection."""
    tt = Transport("tls", proxy["tls"], cafile=cafile)
    log("      TLS %s, server certificate subjectAltName %s"
        % (tt.tls_version, tt.peer_cert.get("subjectAltName")))
    alice = UA("alice", "alicepw", tt)
    first, final = alice.register(auth=False)
    check(final is not None and final.status == 401, "TLS REGISTER: 401 (%s)" % final)
    first, final = alice.register()
    check(final is not None and final.status == 200
          and any("transport=tls" in c for c in final.all("contact")),
          "TLS REGISTER with credentials: 200 (%s %s)" % (final, final and final.all("contact")))
    tu = Transport("udp", proxy["udp"])
    bob = UA("bob", "bobpw", tu)
    first, final = bob.transaction("MESSAGE", "sip:alice@127.0.0.1",
                                   extra=[("Content-Type", "text/plain")], body="to tls",
                                   timeout=0.1)
    req = alice.wait_request("MESSAGE")
    check(req is not None and req.body == "to tls",
          "MESSAGE from UDP bob reaches TLS alice over her connection (%s)" % req)
    if req is not None:
        alice.reply(req, 200, "OK", to_tag="a1")
    r = bob.wait_final(bob.last_branch)
    check(r is not None and r.status == 200, "bob gets alice's 200 (%s)" % r)
    alice.register(expires=0, contact="*")
    tt.close()
    tu.close()


def check_openssl_s_client(port, cafile):
    p = subprocess.run(["openssl", "s_client", "-connect", "127.0.0.1:%d" % port,
                        "-CAfile", cafile, "-verify_return_error", "-verify_ip", "127.0.0.1",
                        "-brief"], input=b"", capture_output=True, timeout=10)
    out = (p.stdout + p.stderr).decode(errors="replace")
    log("      " + "\n      ".join(l for l in out.splitlines() if l.strip()))
    check(p.returncode == 0 and "Verification: OK" in out,
          "openssl s_client: handshake and certificate verification OK")

# }}}


def main():
    global VERBOSE
    ap = argparse.ArgumentParser()
    ap.add_argument("-v", action="store_true", help="print every SIP message")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = ap.parse_args()
    VERBOSE = args.v

    tmpdir = tempfile.mkdtemp(prefix="kamailio-check-")
    tls = make_files(tmpdir)
    sip_port, tls_port = free_port(), free_port()
    k = Kamailio(tmpdir, sip_port, tls_port, [
        "-A", "WITH_TLS", "-A", "WITH_IPV6",
        "-A", 'TLS_CERT="%s/server.pem"' % tls,
        "-A", 'TLS_KEY="%s/server.key"' % tls,
        "-A", 'TLS_CA="%s/ca.pem"' % tls])
    log("$ " + " ".join("'%s'" % a if (" " in a or '"' in a) else a for a in k.argv))
    ready = k.start()
    if not check(ready is not None and ready < 2.0,
                 "kamailio answers OPTIONS over UDP and TLS %s after being spawned"
                 % ("%.3f s" % ready if ready is not None else "never")):
        log(k.log_text())
        return 1

    cafile = os.path.join(tls, "ca.pem")
    proxy = {"udp": ("127.0.0.1", sip_port), "tcp": ("127.0.0.1", sip_port),
             "tls": ("127.0.0.1", tls_port)}
    proxy6 = {"udp": ("::1", sip_port), "tcp": ("::1", sip_port), "tls": ("::1", tls_port)}
    try:
        checks_registrar(proxy["udp"])
        checks_message(proxy["udp"])
        checks_invite(proxy)
        checks_invite(proxy, "tcp", "udp")
        checks_invite(proxy, "udp", "tcp")
        checks_invite(proxy, "tls", "tls", cafile)
        checks_invite(proxy6, "udp", "tls", cafile, socket.AF_INET6)
        check_openssl_s_client(tls_port, cafile)
        checks_tls_message(proxy, cafile)
    finally:
        rc, took = k.stop()
        check(took < 2.5, "SIGTERM: kamailio exits with %s after %.3f s" % (rc, took))
        if rc != 0:
            # rare: a worker died holding the shm lock, the main process
            # aborts after exit_timeout (see kamailio.cfg)
            log("WARN  exit status %s, not 0; kamailio.log has the details" % rc)
        check(not k.leftovers, "no kamailio process left (%s)" % k.leftovers)
        files = sorted(os.path.relpath(os.path.join(d, f), tmpdir)
                       for d, _, fs in os.walk(tmpdir) for f in fs)
        log("      files in %s afterwards: %s" % (tmpdir, files))
        errors = [l for l in k.log_text().splitlines() if " ERROR: " in l or "CRITICAL" in l]
        log("      kamailio ERROR lines: %d" % len(errors))
        for l in errors:
            log("        " + l)
        if FAILURES or args.keep:
            log("log and files kept in " + tmpdir)
        else:
            shutil.rmtree(tmpdir)
    log("%d failure(s)" % len(FAILURES))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
