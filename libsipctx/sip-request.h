/* sip-request.h: a snapshot of a SIP request
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

#define SIP_TYPE_REQUEST (sip_request_get_type ())

SIP_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SipRequest, sip_request, SIP, REQUEST, SipMessage)

SIP_AVAILABLE_IN_ALL
const char *sip_request_get_request_uri (SipRequest *self);

G_END_DECLS
