/* sip-name-addr.h: a display name with a SIP URI, as in From and To
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

#define SIP_TYPE_NAME_ADDR (sip_name_addr_get_type ())

SIP_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SipNameAddr, sip_name_addr, SIP, NAME_ADDR, GObject)

SIP_AVAILABLE_IN_ALL
SipNameAddr *sip_name_addr_new              (const char   *display_name,
                                             const char   *uri,
                                             GError      **error);
SIP_AVAILABLE_IN_ALL
SipNameAddr *sip_name_addr_parse            (const char   *text,
                                             GError      **error);
SIP_AVAILABLE_IN_ALL
const char  *sip_name_addr_get_display_name (SipNameAddr  *self);
SIP_AVAILABLE_IN_ALL
const char  *sip_name_addr_get_uri          (SipNameAddr  *self);
SIP_AVAILABLE_IN_ALL
const char  *sip_name_addr_get_user         (SipNameAddr  *self);
SIP_AVAILABLE_IN_ALL
const char  *sip_name_addr_get_host         (SipNameAddr  *self);
SIP_AVAILABLE_IN_ALL
const char  *sip_name_addr_get_tag          (SipNameAddr  *self);
SIP_AVAILABLE_IN_ALL
char        *sip_name_addr_to_string        (SipNameAddr  *self);
SIP_AVAILABLE_IN_ALL
gboolean     sip_name_addr_equal_uri        (SipNameAddr  *self,
                                             SipNameAddr  *other);

G_END_DECLS
