/* sip-options.h: options for requests and responses
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(_SIPCTX_INSIDE) && !defined(SIPCTX_COMPILATION)
#error "Only <sipctx.h> can be included directly."
#endif

#include <glib-object.h>

#include "sip-version.h"

G_BEGIN_DECLS

#define SIP_TYPE_OPTIONS (sip_options_get_type ())

SIP_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (SipOptions, sip_options, SIP, OPTIONS, GObject)

/**
 * SipOptionsClass:
 *
 * The class structure of [class@Sip.Options].
 */
struct _SipOptionsClass
{
  GObjectClass parent_class;

  /*< private >*/
  gpointer padding[4];
};

SIP_AVAILABLE_IN_ALL
const char * const *sip_options_get_extra_headers (SipOptions          *self);
SIP_AVAILABLE_IN_ALL
void                sip_options_set_extra_headers (SipOptions          *self,
                                                   const char * const  *headers);
SIP_AVAILABLE_IN_ALL
void                sip_options_add_extra_header  (SipOptions          *self,
                                                   const char          *header);
SIP_AVAILABLE_IN_ALL
GBytes             *sip_options_get_body          (SipOptions          *self);
SIP_AVAILABLE_IN_ALL
void                sip_options_set_body          (SipOptions          *self,
                                                   GBytes              *body);
SIP_AVAILABLE_IN_ALL
void                sip_options_set_body_text     (SipOptions          *self,
                                                   const char          *text);
SIP_AVAILABLE_IN_ALL
const char         *sip_options_get_content_type  (SipOptions          *self);
SIP_AVAILABLE_IN_ALL
void                sip_options_set_content_type  (SipOptions          *self,
                                                   const char          *content_type);

G_END_DECLS
