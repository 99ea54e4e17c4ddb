#!/bin/sh
# make-certs.sh DIR: the certificates the TLS tests use, made fresh by
# each test in its own temporary directory (nothing secret is kept in the
# repository):
#
#   ca.pem, ca.key            the test CA the clients trust
#   rogue-ca.pem              a CA nobody trusts
#   server.pem                key + certificate for 127.0.0.1, signed by ca
#   server.crt, server.key    the same, as separate files (for Kamailio)
#   rogue-server.pem          the same names, signed by rogue-ca
#   other-server.pem          signed by ca, but for "otherhost" only
#
# sofia-sip checks the host name against DNS subjectAltNames (or the CN
# when there are none) and ignores IP entries, so 127.0.0.1 is also given
# as a DNS name.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -eu
dir=$1
cd "$dir"

ca() { # name
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.pem" \
    -days 2 -subj "/CN=libsipctx $1" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
}

leaf() { # name ca cn san
  openssl req -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.csr" \
    -subj "/CN=$3" 2>/dev/null
  printf 'basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=%s\n' \
    "$4" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2.key" -CAcreateserial \
    -out "$1.crt" -days 2 -extfile "$1.ext" 2>/dev/null
  cat "$1.key" "$1.crt" > "$1.pem"
  rm -f "$1.csr" "$1.ext"
}

ca ca
ca rogue-ca
leaf server ca 127.0.0.1 "DNS:127.0.0.1,DNS:localhost,IP:127.0.0.1"
leaf rogue-server rogue-ca 127.0.0.1 "DNS:127.0.0.1,DNS:localhost,IP:127.0.0.1"
leaf other-server ca otherhost "DNS:otherhost"
