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

typedef struct _SipNameAddr SipNameAddr;

SIP_AVAILABLE_IN_ALL
GType        sip_name_addr_get_type         (void) G_GNUC_CONST;

SIP_AVAILABLE_IN_ALL
SipNameAddr *sip_name_addr_new              (const char   *display_name,
                                             const char   *uri,
                                             GError      **error);
SIP_AVAILABLE_IN_ALL
SipNameAddr *sip_name_addr_parse            (const char   *text,
                                             GError      **error);
SIP_AVAILABLE_IN_ALL
SipNameAddr *sip_name_addr_ref              (SipNameAddr  *self);
SIP_AVAILABLE_IN_ALL
void         sip_name_addr_unref            (SipNameAddr  *self);
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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SipNameAddr, sip_name_addr_unref)

G_END_DECLS
