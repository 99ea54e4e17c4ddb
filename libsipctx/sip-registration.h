/* sip-registration.h: a binding of this user agent at a registrar
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(_SIPCTX_INSIDE) && !defined(SIPCTX_COMPILATION)
#error "Only <sipctx.h> can be included directly."
#endif

#include <gio/gio.h>

#include "sip-version.h"
#include "sip-types.h"
#include "sip-auth.h"
#include "sip-response.h"
#include "sip-context.h"

G_BEGIN_DECLS

#define SIP_TYPE_REGISTRATION (sip_registration_get_type ())

SIP_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SipRegistration, sip_registration, SIP, REGISTRATION, GObject)

SIP_AVAILABLE_IN_ALL
SipUserAgent         *sip_registration_get_user_agent      (SipRegistration     *self);
SIP_AVAILABLE_IN_ALL
const char           *sip_registration_get_registrar       (SipRegistration     *self);
SIP_AVAILABLE_IN_ALL
guint                 sip_registration_get_expires         (SipRegistration     *self);
SIP_AVAILABLE_IN_ALL
void                  sip_registration_set_expires         (SipRegistration     *self,
                                                            guint                seconds);
SIP_AVAILABLE_IN_ALL
guint                 sip_registration_get_granted_expires (SipRegistration     *self);
SIP_AVAILABLE_IN_ALL
guint                 sip_registration_get_retry_interval  (SipRegistration     *self);
SIP_AVAILABLE_IN_ALL
void                  sip_registration_set_retry_interval  (SipRegistration     *self,
                                                            guint                seconds);
SIP_AVAILABLE_IN_ALL
SipRegistrationState  sip_registration_get_state           (SipRegistration     *self);
SIP_AVAILABLE_IN_ALL
SipResponse          *sip_registration_get_response        (SipRegistration     *self);

SIP_AVAILABLE_IN_ALL
void                  sip_registration_register_async      (SipRegistration     *self,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
SIP_AVAILABLE_IN_ALL
gboolean              sip_registration_register_finish     (SipRegistration     *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);
SIP_AVAILABLE_IN_ALL
void                  sip_registration_unregister_async    (SipRegistration     *self,
                                                            gboolean             all,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
SIP_AVAILABLE_IN_ALL
gboolean              sip_registration_unregister_finish   (SipRegistration     *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

G_END_DECLS
