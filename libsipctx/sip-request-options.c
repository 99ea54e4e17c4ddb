/* sip-request-options.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sipctx.h"

/**
 * SipRequestOptions:
 *
 * Options for a request a client context sends: extra headers and a body.
 *
 * Pass one to [method@Sip.UserAgent.request] or
 * [method@Sip.UserAgent.message]; %NULL means no extra headers and no body.
 *
 * ```python
 * opts = Sip.RequestOptions(extra_headers=["Subject: lunch"])
 * ```
 */

struct _SipRequestOptions
{
  SipOptions parent_instance;
};

G_DEFINE_FINAL_TYPE (SipRequestOptions, sip_request_options, SIP_TYPE_OPTIONS)

static void
sip_request_options_class_init (SipRequestOptionsClass *klass)
{
}

static void
sip_request_options_init (SipRequestOptions *self)
{
}

/**
 * sip_request_options_new:
 *
 * Creates empty request options.
 *
 * Returns: (transfer full): new request options
 */
SipRequestOptions *
sip_request_options_new (void)
{
  return g_object_new (SIP_TYPE_REQUEST_OPTIONS, NULL);
}
