/* sip-invite-private.h: the session (dialog) helper both invite classes
 * share, and the private interface structure of SipInviteContext
 *
 * This header is free of sofia-sip types.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "sipctx.h"
#include "sip-context-private.h"

G_BEGIN_DECLS

typedef struct _SipSession SipSession;

/* Private: only SipInviteClientContext and SipInviteServerContext
 * implement the interface. They supply the session; every method of the
 * interface works on it. */
struct _SipInviteContextInterface
{
  GTypeInterface g_iface;

  SipSession * (* get_session) (SipInviteContext *self);
};

SipSession *sip_session_new             (SipContext      *owner,
                                         gboolean         outgoing);
void        sip_session_free            (SipSession      *session);
/* The handle parameters of every call: nua answers a re-INVITE by itself
 * unless told otherwise on the handle, and the session answers it instead,
 * after the events before it (a hold that failed must be rolled back
 * before the peer's offer is answered); answers keep every codec in common
 * (telephone-event too), in the offerer's order. Items of a tagi_t array,
 * for the modules that include the sofia-sip headers. An outgoing call
 * sets them with sip_session_take_reinvites(), an incoming one gives them
 * with its responses. */
#define SIP_SESSION_HANDLE_TAGS \
  { NUTAG_AUTOANSWER (0) }, \
  { SOATAG_RTP_SORT (SOA_RTP_SORT_REMOTE) }, \
  { SOATAG_RTP_SELECT (SOA_RTP_SELECT_COMMON) }
void        sip_session_take_reinvites  (SipSession      *session);
SipContext *sip_session_get_owner       (SipSession      *session);
char       *sip_session_sdp_from_options (SipOptions     *options);
gboolean    sip_session_is_canceled     (SipSession      *session);
void        sip_session_set_canceled    (SipSession      *session);
void        sip_session_set_replaces    (SipSession      *session,
                                         SipInviteContext *replaces);
SipInviteContext *sip_session_get_replaces (SipSession   *session);
void        sip_session_set_remote_offer (SipSession     *session,
                                          const char     *sdp);
gboolean    sip_session_has_remote_media (SipSession     *session);
void        sip_session_announce        (SipSession     *session);
SipSession *sip_invite_context_get_session (SipInviteContext *self);

/* The event dispatch of both invite classes. */
void        sip_session_handle_event    (SipSession      *session,
                                         const SipEvent  *event);
/* The handle is about to go: drop everything that refers to it. */
void        sip_session_release         (SipSession      *session);

/* Server side: what the invite server context adds to its responses. */
gboolean    sip_session_check_sdp_options (SipOptions    *options,
                                           GError       **error);
gboolean    sip_session_check_answer    (SipSession      *session,
                                         const char      *local_sdp,
                                         GError         **error);
void        sip_session_responded       (SipSession      *session,
                                         guint            status,
                                         SipResponse     *response);

/* Property plumbing, as for the message mixin. */
void        sip_invite_context_install_properties (GObjectClass *klass,
                                                   guint         first_prop);
gboolean    sip_invite_context_get_property       (GObject      *object,
                                                   guint         prop_id,
                                                   guint         first_prop,
                                                   GValue       *value);

/* Factories */
SipInviteClientContext *sip_invite_client_context_new (SipUserAgent       *user_agent,
                                                       const char         *target,
                                                       SipRequestOptions  *options,
                                                       SipSession         *refer_from,
                                                       const char         *refer_event,
                                                       const char         *referred_by,
                                                       const char         *replaces,
                                                       GError            **error);
SipInviteServerContext *sip_invite_server_context_new_incoming (SipUserAgent     *user_agent,
                                                                const SipEvent   *event,
                                                                SipInviteContext *replaces);

/* User agent */
void        sip_user_agent_add_call     (SipUserAgent     *self,
                                         SipInviteContext *call);
void        sip_user_agent_announce_call (SipUserAgent           *self,
                                          SipInviteServerContext *call);

G_END_DECLS
