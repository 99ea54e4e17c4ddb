/* sip-invite-client-context.h: a call this user agent places
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(_SIPCTX_INSIDE) && !defined(SIPCTX_COMPILATION)
#error "Only <sipctx.h> can be included directly."
#endif

#include <glib-object.h>

#include "sip-version.h"
#include "sip-client-context.h"
#include "sip-invite-context.h"

G_BEGIN_DECLS

#define SIP_TYPE_INVITE_CLIENT_CONTEXT (sip_invite_client_context_get_type ())

SIP_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SipInviteClientContext, sip_invite_client_context, SIP, INVITE_CLIENT_CONTEXT, SipClientContext)

SIP_AVAILABLE_IN_ALL
gboolean sip_invite_client_context_cancel (SipInviteClientContext  *self,
                                           SipRequestOptions       *options,
                                           GError                 **error);

G_END_DECLS
