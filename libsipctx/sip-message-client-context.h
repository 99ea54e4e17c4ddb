/* sip-message-client-context.h: a MESSAGE this user agent sends
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
#include "sip-message-context.h"

G_BEGIN_DECLS

#define SIP_TYPE_MESSAGE_CLIENT_CONTEXT (sip_message_client_context_get_type ())

SIP_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SipMessageClientContext, sip_message_client_context, SIP, MESSAGE_CLIENT_CONTEXT, SipClientContext)

G_END_DECLS
