/* sip-message-context.h: the MESSAGE mixin
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(_SIPCTX_INSIDE) && !defined(SIPCTX_COMPILATION)
#error "Only <sipctx.h> can be included directly."
#endif

#include <glib-object.h>

#include "sip-version.h"
#include "sip-context.h"

G_BEGIN_DECLS

#define SIP_TYPE_MESSAGE_CONTEXT (sip_message_context_get_type ())

SIP_AVAILABLE_IN_ALL
G_DECLARE_INTERFACE (SipMessageContext, sip_message_context, SIP, MESSAGE_CONTEXT, SipContext)

/**
 * SipMessageContextInterface:
 * @g_iface: the parent interface
 * @get_body: returns the body of the MESSAGE
 * @get_content_type: returns the content type of the body
 * @get_text: returns the body as UTF-8 text
 *
 * The interface structure of [iface@Sip.MessageContext]. Every method has a
 * default implementation that reads the request of the context.
 */
struct _SipMessageContextInterface
{
  GTypeInterface g_iface;

  GBytes     * (* get_body)         (SipMessageContext *self);
  const char * (* get_content_type) (SipMessageContext *self);
  const char * (* get_text)         (SipMessageContext *self);
};

SIP_AVAILABLE_IN_ALL
GBytes     *sip_message_context_get_body         (SipMessageContext *self);
SIP_AVAILABLE_IN_ALL
const char *sip_message_context_get_content_type (SipMessageContext *self);
SIP_AVAILABLE_IN_ALL
const char *sip_message_context_get_text         (SipMessageContext *self);

G_END_DECLS
