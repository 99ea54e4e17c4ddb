/* sip-client-context.h: the base of contexts that send a request
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

#define SIP_TYPE_CLIENT_CONTEXT (sip_client_context_get_type ())

SIP_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (SipClientContext, sip_client_context, SIP, CLIENT_CONTEXT, SipContext)

/**
 * SipClientContextClass:
 * @parent_class: the parent class
 *
 * The class structure of [class@Sip.ClientContext].
 */
struct _SipClientContextClass
{
  SipContextClass parent_class;

  /*< private >*/
  gpointer padding[8];
};

SIP_AVAILABLE_IN_ALL
const char *sip_client_context_get_target (SipClientContext *self);

G_END_DECLS
