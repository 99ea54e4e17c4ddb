/* sip-message-server-context.h: a MESSAGE this user agent received
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(_SIPCTX_INSIDE) && !defined(SIPCTX_COMPILATION)
#error "Only <sipctx.h> can be included directly."
#endif

#include <glib-object.h>

#include "sip-version.h"
#include "sip-server-context.h"
#include "sip-message-context.h"

G_BEGIN_DECLS

#define SIP_TYPE_MESSAGE_SERVER_CONTEXT (sip_message_server_context_get_type ())

SIP_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SipMessageServerContext, sip_message_server_context, SIP, MESSAGE_SERVER_CONTEXT, SipServerContext)

G_END_DECLS
