/* sip-message.h: what SIP requests and responses have in common
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(_SIPCTX_INSIDE) && !defined(SIPCTX_COMPILATION)
#error "Only <sipctx.h> can be included directly."
#endif

#include <glib-object.h>

#include "sip-version.h"
#include "sip-name-addr.h"

G_BEGIN_DECLS

#define SIP_TYPE_MESSAGE (sip_message_get_type ())

SIP_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (SipMessage, sip_message, SIP, MESSAGE, GObject)

/**
 * SipMessageClass:
 *
 * The class structure of [class@Sip.Message]. It cannot be subclassed
 * outside libsipctx.
 */
struct _SipMessageClass
{
  GObjectClass parent_class;

  /*< private >*/
  gpointer padding[4];
};

SIP_AVAILABLE_IN_ALL
const char   *sip_message_get_call_id          (SipMessage  *self);
SIP_AVAILABLE_IN_ALL
guint32       sip_message_get_cseq             (SipMessage  *self);
SIP_AVAILABLE_IN_ALL
const char   *sip_message_get_method           (SipMessage  *self);
SIP_AVAILABLE_IN_ALL
SipNameAddr  *sip_message_get_from             (SipMessage  *self);
SIP_AVAILABLE_IN_ALL
SipNameAddr  *sip_message_get_to               (SipMessage  *self);
SIP_AVAILABLE_IN_ALL
const char   *sip_message_get_header           (SipMessage  *self,
                                                const char  *name);
SIP_AVAILABLE_IN_ALL
char        **sip_message_get_header_values    (SipMessage  *self,
                                                const char  *name);
SIP_AVAILABLE_IN_ALL
char        **sip_message_get_header_names     (SipMessage  *self);
SIP_AVAILABLE_IN_ALL
GBytes       *sip_message_get_body             (SipMessage  *self);
SIP_AVAILABLE_IN_ALL
const char   *sip_message_get_body_text        (SipMessage  *self);
SIP_AVAILABLE_IN_ALL
const char   *sip_message_get_content_type     (SipMessage  *self);

G_END_DECLS
