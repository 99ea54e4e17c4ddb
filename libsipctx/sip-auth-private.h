/* sip-auth-private.h: answering 401 and 407 inside the object that sent
 * the request
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "sipctx.h"
#include "sip-stack-private.h"

G_BEGIN_DECLS

typedef struct _SipAuthenticator SipAuthenticator;

/* Hands a challenge nobody answered back to the owner, which then fails
 * the request as it would without authentication. */
typedef void (* SipAuthReplayFunc) (GObject        *owner,
                                    const SipEvent *event);

SipAuthenticator *sip_authenticator_new          (GObject           *owner,
                                                  guint              authenticate_signal,
                                                  SipAuthReplayFunc  replay);
void              sip_authenticator_free         (SipAuthenticator  *self);
gboolean          sip_authenticator_handle_event (SipAuthenticator  *self,
                                                  SipUserAgent      *user_agent,
                                                  const SipEvent    *event);
void              sip_authenticator_abandon      (SipAuthenticator  *self);

/* A user name the digest can carry and a password. */
gboolean          sip_auth_check_credentials     (const char  *username,
                                                  const char  *password,
                                                  GError     **error);

/* The user agent's credentials for @realm (unquoted), or its credentials
 * for any realm; FALSE if it has none. */
gboolean          sip_user_agent_lookup_credentials (SipUserAgent  *self,
                                                     const char    *realm,
                                                     const char   **username,
                                                     const char   **password);

/* The GSignal "authenticate" of an owner, with the class handler offset
 * @class_offset (0 for none). */
guint             sip_auth_signal_new            (GType              owner_type,
                                                  guint              class_offset);

G_END_DECLS
