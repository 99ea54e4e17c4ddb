/* sip-request-options.h: options for a request a client context sends
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

#define SIP_TYPE_REQUEST_OPTIONS (sip_request_options_get_type ())

SIP_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SipRequestOptions, sip_request_options, SIP, REQUEST_OPTIONS, SipOptions)

SIP_AVAILABLE_IN_ALL
SipRequestOptions *sip_request_options_new (void);

G_END_DECLS
