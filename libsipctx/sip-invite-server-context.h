/* sip-invite-server-context.h: a call this user agent receives
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
#include "sip-invite-context.h"

G_BEGIN_DECLS

#define SIP_TYPE_INVITE_SERVER_CONTEXT (sip_invite_server_context_get_type ())

SIP_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SipInviteServerContext, sip_invite_server_context, SIP, INVITE_SERVER_CONTEXT, SipServerContext)

SIP_AVAILABLE_IN_ALL
SipInviteContext *sip_invite_server_context_get_replaces (SipInviteServerContext *self);

G_END_DECLS
