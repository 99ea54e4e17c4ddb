/* sip-invite-context.h: the INVITE mixin, a call
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(_SIPCTX_INSIDE) && !defined(SIPCTX_COMPILATION)
#error "Only <sipctx.h> can be included directly."
#endif

#include <gio/gio.h>

#include "sip-version.h"
#include "sip-context.h"
#include "sip-server-context.h"
#include "sip-request-options.h"

G_BEGIN_DECLS

#define SIP_TYPE_INVITE_CONTEXT (sip_invite_context_get_type ())

SIP_AVAILABLE_IN_ALL
G_DECLARE_INTERFACE (SipInviteContext, sip_invite_context, SIP, INVITE_CONTEXT, SipContext)

/* The interface structure is private: only the library's two invite
 * classes implement it. */

typedef struct _SipInviteClientContext SipInviteClientContext;

SIP_AVAILABLE_IN_ALL
const char *sip_invite_context_get_local_sdp            (SipInviteContext *self);
SIP_AVAILABLE_IN_ALL
const char *sip_invite_context_get_remote_sdp           (SipInviteContext *self);
SIP_AVAILABLE_IN_ALL
const char *sip_invite_context_get_remote_media_address (SipInviteContext *self);
SIP_AVAILABLE_IN_ALL
guint       sip_invite_context_get_remote_media_port    (SipInviteContext *self);
SIP_AVAILABLE_IN_ALL
const char *sip_invite_context_get_remote_media_codec   (SipInviteContext *self);
SIP_AVAILABLE_IN_ALL
gboolean    sip_invite_context_get_local_hold           (SipInviteContext *self);
SIP_AVAILABLE_IN_ALL
gboolean    sip_invite_context_get_remote_hold          (SipInviteContext *self);
SIP_AVAILABLE_IN_ALL
GDateTime  *sip_invite_context_get_start_time           (SipInviteContext *self);
SIP_AVAILABLE_IN_ALL
gboolean    sip_invite_context_is_outgoing              (SipInviteContext *self);

SIP_AVAILABLE_IN_ALL
gboolean    sip_invite_context_bye        (SipInviteContext   *self,
                                           SipRequestOptions  *options,
                                           GError            **error);
SIP_AVAILABLE_IN_ALL
gboolean    sip_invite_context_terminate  (SipInviteContext   *self,
                                           GError            **error);

SIP_AVAILABLE_IN_ALL
void        sip_invite_context_hold_async    (SipInviteContext    *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
SIP_AVAILABLE_IN_ALL
gboolean    sip_invite_context_hold_finish   (SipInviteContext    *self,
                                              GAsyncResult        *result,
                                              GError             **error);
SIP_AVAILABLE_IN_ALL
void        sip_invite_context_unhold_async  (SipInviteContext    *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
SIP_AVAILABLE_IN_ALL
gboolean    sip_invite_context_unhold_finish (SipInviteContext    *self,
                                              GAsyncResult        *result,
                                              GError             **error);

SIP_AVAILABLE_IN_ALL
gboolean    sip_invite_context_dtmf      (SipInviteContext  *self,
                                          const char        *tones,
                                          guint              duration,
                                          guint              inter_tone_gap,
                                          GError           **error);

SIP_AVAILABLE_IN_ALL
gboolean    sip_invite_context_refer          (SipInviteContext   *self,
                                               const char         *target,
                                               SipRequestOptions  *options,
                                               GError            **error);
SIP_AVAILABLE_IN_ALL
gboolean    sip_invite_context_refer_attended (SipInviteContext   *self,
                                               SipInviteContext   *other,
                                               SipRequestOptions  *options,
                                               GError            **error);
SIP_AVAILABLE_IN_ALL
SipInviteClientContext *
            sip_invite_context_follow_refer   (SipInviteContext   *self,
                                               SipServerContext   *refer,
                                               SipRequestOptions  *options,
                                               GError            **error);

G_END_DECLS
