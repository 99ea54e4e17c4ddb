/* sip-user-agent.h: a SIP user agent on the GLib main loop
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(_SIPCTX_INSIDE) && !defined(SIPCTX_COMPILATION)
#error "Only <sipctx.h> can be included directly."
#endif

#include <glib-object.h>

#include "sip-version.h"
#include <gio/gio.h>

#include "sip-context.h"
#include "sip-client-context.h"
#include "sip-request-options.h"
#include "sip-message-client-context.h"
#include "sip-invite-client-context.h"
#include "sip-registration.h"

G_BEGIN_DECLS

#define SIP_TYPE_USER_AGENT (sip_user_agent_get_type ())

SIP_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SipUserAgent, sip_user_agent, SIP, USER_AGENT, GObject)

SIP_AVAILABLE_IN_ALL
SipUserAgent            *sip_user_agent_new                (const char           *aor);
SIP_AVAILABLE_IN_ALL
const char              *sip_user_agent_get_aor            (SipUserAgent         *self);
SIP_AVAILABLE_IN_ALL
void                     sip_user_agent_set_aor            (SipUserAgent         *self,
                                                            const char           *aor);
SIP_AVAILABLE_IN_ALL
const char              *sip_user_agent_get_display_name   (SipUserAgent         *self);
SIP_AVAILABLE_IN_ALL
void                     sip_user_agent_set_display_name   (SipUserAgent         *self,
                                                            const char           *display_name);
SIP_AVAILABLE_IN_ALL
const char              *sip_user_agent_get_bind_uri       (SipUserAgent         *self);
SIP_AVAILABLE_IN_ALL
void                     sip_user_agent_set_bind_uri       (SipUserAgent         *self,
                                                            const char           *bind_uri);
SIP_AVAILABLE_IN_ALL
const char              *sip_user_agent_get_contact_uri    (SipUserAgent         *self);
SIP_AVAILABLE_IN_ALL
const char              *sip_user_agent_get_user_agent_string (SipUserAgent      *self);
SIP_AVAILABLE_IN_ALL
void                     sip_user_agent_set_user_agent_string (SipUserAgent      *self,
                                                            const char           *user_agent);
SIP_AVAILABLE_IN_ALL
guint                    sip_user_agent_get_request_timeout (SipUserAgent        *self);
SIP_AVAILABLE_IN_ALL
void                     sip_user_agent_set_request_timeout (SipUserAgent        *self,
                                                            guint                 timeout_ms);
SIP_AVAILABLE_IN_ALL
gboolean                 sip_user_agent_is_running         (SipUserAgent         *self);

SIP_AVAILABLE_IN_ALL
gboolean                 sip_user_agent_start              (SipUserAgent         *self,
                                                            GError              **error);
SIP_AVAILABLE_IN_ALL
void                     sip_user_agent_stop_async         (SipUserAgent         *self,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
SIP_AVAILABLE_IN_ALL
gboolean                 sip_user_agent_stop_finish        (SipUserAgent         *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

SIP_AVAILABLE_IN_ALL
guint                    sip_user_agent_get_session_expires (SipUserAgent        *self);
SIP_AVAILABLE_IN_ALL
void                     sip_user_agent_set_session_expires (SipUserAgent        *self,
                                                             guint                seconds);
SIP_AVAILABLE_IN_ALL
guint                    sip_user_agent_get_no_answer_timeout (SipUserAgent      *self);
SIP_AVAILABLE_IN_ALL
void                     sip_user_agent_set_no_answer_timeout (SipUserAgent      *self,
                                                               guint              seconds);
SIP_AVAILABLE_IN_ALL
gboolean                 sip_user_agent_get_auto_ring       (SipUserAgent        *self);
SIP_AVAILABLE_IN_ALL
void                     sip_user_agent_set_auto_ring       (SipUserAgent        *self,
                                                             gboolean             auto_ring);
SIP_AVAILABLE_IN_ALL
GListModel              *sip_user_agent_get_calls           (SipUserAgent        *self);

SIP_AVAILABLE_IN_ALL
SipInviteClientContext  *sip_user_agent_invite              (SipUserAgent        *self,
                                                             const char          *target,
                                                             SipRequestOptions   *options,
                                                             GError             **error);
SIP_AVAILABLE_IN_ALL
SipMessageClientContext *sip_user_agent_message            (SipUserAgent         *self,
                                                            const char           *target,
                                                            const char           *body,
                                                            const char           *content_type,
                                                            SipRequestOptions    *options,
                                                            GError              **error);
SIP_AVAILABLE_IN_ALL
SipClientContext        *sip_user_agent_request            (SipUserAgent         *self,
                                                            const char           *method,
                                                            const char           *target,
                                                            SipRequestOptions    *options,
                                                            GError              **error);

SIP_AVAILABLE_IN_ALL
gboolean                 sip_user_agent_set_credentials    (SipUserAgent         *self,
                                                            const char           *realm,
                                                            const char           *username,
                                                            const char           *password,
                                                            GError              **error);
SIP_AVAILABLE_IN_ALL
void                     sip_user_agent_remove_credentials (SipUserAgent         *self,
                                                            const char           *realm);

SIP_AVAILABLE_IN_ALL
const char              *sip_user_agent_get_outbound_proxy  (SipUserAgent        *self);
SIP_AVAILABLE_IN_ALL
void                     sip_user_agent_set_outbound_proxy  (SipUserAgent        *self,
                                                             const char          *uri);
SIP_AVAILABLE_IN_ALL
guint                    sip_user_agent_get_keepalive_interval (SipUserAgent     *self);
SIP_AVAILABLE_IN_ALL
void                     sip_user_agent_set_keepalive_interval (SipUserAgent     *self,
                                                                guint             seconds);
SIP_AVAILABLE_IN_ALL
GNetworkMonitor         *sip_user_agent_get_network_monitor (SipUserAgent        *self);
SIP_AVAILABLE_IN_ALL
void                     sip_user_agent_set_network_monitor (SipUserAgent        *self,
                                                             GNetworkMonitor     *monitor);

SIP_AVAILABLE_IN_ALL
gboolean                 sip_user_agent_get_tls_enabled     (SipUserAgent        *self);
SIP_AVAILABLE_IN_ALL
void                     sip_user_agent_set_tls_enabled     (SipUserAgent        *self,
                                                             gboolean             enabled);
SIP_AVAILABLE_IN_ALL
const char              *sip_user_agent_get_tls_ca_file     (SipUserAgent        *self);
SIP_AVAILABLE_IN_ALL
void                     sip_user_agent_set_tls_ca_file     (SipUserAgent        *self,
                                                             const char          *path);
SIP_AVAILABLE_IN_ALL
const char              *sip_user_agent_get_tls_certificate (SipUserAgent        *self);
SIP_AVAILABLE_IN_ALL
void                     sip_user_agent_set_tls_certificate (SipUserAgent        *self,
                                                             const char          *path);
SIP_AVAILABLE_IN_ALL
gboolean                 sip_user_agent_get_tls_verify      (SipUserAgent        *self);
SIP_AVAILABLE_IN_ALL
void                     sip_user_agent_set_tls_verify      (SipUserAgent        *self,
                                                             gboolean             verify);
SIP_AVAILABLE_IN_ALL
const char              *sip_user_agent_get_tls_contact_uri (SipUserAgent        *self);

SIP_AVAILABLE_IN_ALL
SipRegistration         *sip_user_agent_create_registration (SipUserAgent        *self,
                                                             const char          *registrar,
                                                             GError             **error);

G_END_DECLS
