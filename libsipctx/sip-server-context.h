/* sip-server-context.h: the base of contexts that answer a request
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
#include "sip-reply-options.h"

G_BEGIN_DECLS

#define SIP_TYPE_SERVER_CONTEXT (sip_server_context_get_type ())

SIP_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (SipServerContext, sip_server_context, SIP, SERVER_CONTEXT, SipContext)

/**
 * SipServerContextClass:
 * @parent_class: the parent class
 *
 * The class structure of [class@Sip.ServerContext].
 */
struct _SipServerContextClass
{
  SipContextClass parent_class;

  /*< private >*/
  gpointer padding[8];
};

SIP_AVAILABLE_IN_ALL
gboolean sip_server_context_progress (SipServerContext  *self,
                                      SipReplyOptions   *options,
                                      GError           **error);
SIP_AVAILABLE_IN_ALL
gboolean sip_server_context_accept   (SipServerContext  *self,
                                      SipReplyOptions   *options,
                                      GError           **error);
SIP_AVAILABLE_IN_ALL
gboolean sip_server_context_reject   (SipServerContext  *self,
                                      SipReplyOptions   *options,
                                      GError           **error);
SIP_AVAILABLE_IN_ALL
gboolean sip_server_context_reply    (SipServerContext  *self,
                                      SipReplyOptions   *options,
                                      GError           **error);
SIP_AVAILABLE_IN_ALL
gboolean sip_server_context_is_answered (SipServerContext *self);
SIP_AVAILABLE_IN_ALL
guint    sip_server_context_get_status_code (SipServerContext *self);

G_END_DECLS
