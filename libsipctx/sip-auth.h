/* sip-auth.h: one authentication challenge a request received
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(_SIPCTX_INSIDE) && !defined(SIPCTX_COMPILATION)
#error "Only <sipctx.h> can be included directly."
#endif

#include <glib-object.h>

#include "sip-version.h"
#include "sip-response.h"

G_BEGIN_DECLS

#define SIP_TYPE_AUTH (sip_auth_get_type ())

SIP_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SipAuth, sip_auth, SIP, AUTH, GObject)

SIP_AVAILABLE_IN_ALL
const char  *sip_auth_get_scheme       (SipAuth     *self);
SIP_AVAILABLE_IN_ALL
const char  *sip_auth_get_realm        (SipAuth     *self);
SIP_AVAILABLE_IN_ALL
gboolean     sip_auth_is_for_proxy     (SipAuth     *self);
SIP_AVAILABLE_IN_ALL
const char  *sip_auth_get_method       (SipAuth     *self);
SIP_AVAILABLE_IN_ALL
SipResponse *sip_auth_get_response     (SipAuth     *self);
SIP_AVAILABLE_IN_ALL
gboolean     sip_auth_is_retrying      (SipAuth     *self);
SIP_AVAILABLE_IN_ALL
gboolean     sip_auth_is_answered      (SipAuth     *self);

SIP_AVAILABLE_IN_ALL
gboolean     sip_auth_authenticate     (SipAuth     *self,
                                        const char  *username,
                                        const char  *password,
                                        GError     **error);
SIP_AVAILABLE_IN_ALL
void         sip_auth_cancel           (SipAuth     *self);

SIP_AVAILABLE_IN_ALL
gboolean     sip_auth_check_username   (const char  *username,
                                        GError     **error);

G_END_DECLS
