/* sip-digest-private.h: the Digest client that sofia-sip's authenticator
 * uses for our requests
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Installs our Digest client in sofia-sip (once per process). TRUE when
 * sofia-sip uses it for Digest challenges: then any user name can be sent,
 * given to NUTAG_AUTH() in the form sip_digest_credentials() makes. */
gboolean sip_digest_client_install (void);

/* The NUTAG_AUTH() string answering @quoted_realm (as in the challenge;
 * @realm unquoted) with @username and the hashes of @password; wipe it
 * after use. Needs sip_digest_client_install() to have returned TRUE. */
char    *sip_digest_credentials    (const char *quoted_realm,
                                    const char *realm,
                                    const char *username,
                                    const char *password);

/* Frees a string that held a secret, zeroed first; NULL is ignored. */
void     sip_digest_wipe           (gpointer    secret);

G_END_DECLS
