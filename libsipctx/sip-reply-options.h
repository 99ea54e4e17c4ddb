/* sip-reply-options.h: options for a response a server context sends
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(_SIPCTX_INSIDE) && !defined(SIPCTX_COMPILATION)
#error "Only <sipctx.h> can be included directly."
#endif

#include <glib-object.h>

#include "sip-version.h"
#include "sip-options.h"

G_BEGIN_DECLS

#define SIP_TYPE_REPLY_OPTIONS (sip_reply_options_get_type ())

SIP_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SipReplyOptions, sip_reply_options, SIP, REPLY_OPTIONS, SipOptions)

SIP_AVAILABLE_IN_ALL
SipReplyOptions *sip_reply_options_new               (guint            status_code);
SIP_AVAILABLE_IN_ALL
guint            sip_reply_options_get_status_code   (SipReplyOptions *self);
SIP_AVAILABLE_IN_ALL
void             sip_reply_options_set_status_code   (SipReplyOptions *self,
                                                      guint            status_code);
SIP_AVAILABLE_IN_ALL
const char      *sip_reply_options_get_reason_phrase (SipReplyOptions *self);
SIP_AVAILABLE_IN_ALL
void             sip_reply_options_set_reason_phrase (SipReplyOptions *self,
                                                      const char      *reason_phrase);

G_END_DECLS
