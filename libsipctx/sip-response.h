/* sip-response.h: a snapshot of a SIP response
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(_SIPCTX_INSIDE) && !defined(SIPCTX_COMPILATION)
#error "Only <sipctx.h> can be included directly."
#endif

#include <glib-object.h>

#include "sip-version.h"
#include "sip-message.h"

G_BEGIN_DECLS

#define SIP_TYPE_RESPONSE (sip_response_get_type ())

SIP_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SipResponse, sip_response, SIP, RESPONSE, SipMessage)

SIP_AVAILABLE_IN_ALL
guint       sip_response_get_status_code   (SipResponse *self);
SIP_AVAILABLE_IN_ALL
const char *sip_response_get_reason_phrase (SipResponse *self);

G_END_DECLS
