/* sip-invite-server-context.c: a call this user agent receives
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sip-invite-private.h"
#include "sip-convert-private.h"
#include "sip-sofia-private.h"

#include <sofia-sip/soa_tag.h>

/**
 * SipInviteServerContext:
 *
 * A call this user agent receives: a [class@Sip.ServerContext] with the
 * [iface@Sip.InviteContext] mixin.
 *
 * [signal@Sip.UserAgent::invite] announces it. The application answers it
 * as any server context: [method@Sip.ServerContext.progress] (180 Ringing
 * by default; 183 carries the SDP answer, for early media),
 * [method@Sip.ServerContext.accept] (200 with the SDP answer) or
 * [method@Sip.ServerContext.reject] (480 by default). An answer that would
 * keep no codec of the caller's offer is refused with
 * %SIP_ERROR_INVALID_ARGUMENT, and nothing is sent: reject such a call with
 * 488 Not Acceptable Here. The answer is the
 * application's: nothing, not even 180, is sent before the application has
 * seen the call, unless [property@Sip.UserAgent:auto-ring] is set.
 *
 * After [signal@Sip.Context::accepted] the call waits for the caller's ACK
 * (%SIP_CONTEXT_STATE_ACCEPTED), then it is established. A call nobody
 * answers within [property@Sip.UserAgent:no-answer-timeout] is answered
 * 408 and ends with %SIP_CAUSE_NO_ANSWER; if the caller cancels first,
 * [signal@Sip.InviteContext::cancel] is emitted.
 *
 * The user agent keeps the context alive until it has terminated, and
 * lists it in [method@Sip.UserAgent.get_calls] meanwhile.
 */

struct _SipInviteServerContext
{
  SipServerContext parent_instance;

  SipSession *session;
  guint       no_answer_id;
  gboolean    unannounced;   /* the invite signal is still to come */
};

static void sip_invite_server_context_iface_init (SipInviteContextInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SipInviteServerContext, sip_invite_server_context,
                               SIP_TYPE_SERVER_CONTEXT,
                               G_IMPLEMENT_INTERFACE (SIP_TYPE_INVITE_CONTEXT,
                                                      sip_invite_server_context_iface_init))

enum {
  PROP_0,
  PROP_REPLACES,
  PROP_FIRST_INVITE_PROP,
};

static GParamSpec *replaces_pspec;

static void (* parent_release) (SipContext *self);

static SipSession *
get_session (SipInviteContext *self)
{
  return SIP_INVITE_SERVER_CONTEXT (self)->session;
}

static void announce (SipInviteServerContext *self);

static void
invite_server_handle_event (SipContext     *context,
                            const SipEvent *event)
{
  SipInviteServerContext *self = SIP_INVITE_SERVER_CONTEXT (context);

  /* The nua_i_state that follows nua_i_invite brings the offer as soa
   * parsed it: the call is announced once it is known. Anything else
   * first (nua sends nothing else between them) finds it announced. */
  if (self->unannounced && event->event != nua_i_state)
    announce (self);
  sip_session_handle_event (self->session, event);
  if (self->unannounced)
    announce (self);
}

static gboolean
invite_server_respond (SipServerContext  *self,
                       guint              status,
                       const char        *phrase,
                       SipReplyOptions   *options,
                       GError           **error)
{
  g_autofree char *sdp = NULL;
  gboolean with_sdp;
  gboolean early;

  if (!sip_session_check_sdp_options (SIP_OPTIONS (options), error))
    return FALSE;

  /* The answer goes in the 2xx; a 183, or any 18x the application gives
   * SDP for, carries it early (early media). */
  early = status == 183 ||
          (status > 100 && status < 200 && options &&
           sip_options_get_body (SIP_OPTIONS (options)) != NULL);
  with_sdp = (status >= 200 && status < 300) || early;
  if (with_sdp)
    {
      sdp = sip_session_sdp_from_options (SIP_OPTIONS (options));
      if (!sip_session_check_answer (SIP_INVITE_SERVER_CONTEXT (self)->session, sdp, error))
        return FALSE;
    }

  {
    /* With every response, the parameters sip_session_take_reinvites()
     * sets on an outgoing call's handle: nua takes a response's tags as
     * parameters of the handle, and a separate nua_set_hparams() cost the
     * stack more than answering. */
    const tagi_t extra[] = {
      with_sdp ? sip_session_user_sdp_tag (sdp) : (tagi_t) { TAG_SKIP (0) },
      { TAG_IF (early, NUTAG_EARLY_ANSWER (1)) },
      SIP_SESSION_HANDLE_TAGS,
      { TAG_END () },
    };

    return sip_server_context_respond_tagged (self, status, phrase, options,
                                              FALSE, extra, error);
  }
}

static void
invite_server_responded (SipServerContext *server,
                         guint             status,
                         SipResponse      *response)
{
  SipInviteServerContext *self = SIP_INVITE_SERVER_CONTEXT (server);

  if (status >= 200)
    g_clear_handle_id (&self->no_answer_id, sip_source_remove);

  sip_session_responded (self->session, status, response);
}

static void
invite_server_release (SipContext *self)
{
  SipInviteServerContext *server = SIP_INVITE_SERVER_CONTEXT (self);

  g_clear_handle_id (&server->no_answer_id, sip_source_remove);
  sip_session_release (server->session);
  parent_release (self);
}

static void
sip_invite_server_context_finalize (GObject *object)
{
  SipInviteServerContext *self = SIP_INVITE_SERVER_CONTEXT (object);

  g_clear_handle_id (&self->no_answer_id, sip_source_remove);
  g_clear_pointer (&self->session, sip_session_free);

  G_OBJECT_CLASS (sip_invite_server_context_parent_class)->finalize (object);
}

static void
sip_invite_server_context_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  SipInviteServerContext *self = SIP_INVITE_SERVER_CONTEXT (object);

  if (prop_id == PROP_REPLACES)
    g_value_set_object (value, sip_invite_server_context_get_replaces (self));
  else if (!sip_invite_context_get_property (object, prop_id, PROP_FIRST_INVITE_PROP, value))
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
sip_invite_server_context_class_init (SipInviteServerContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SipContextVTable *vtable = sip_context_class_get_vtable (klass);

  object_class->finalize = sip_invite_server_context_finalize;
  object_class->get_property = sip_invite_server_context_get_property;

  /* The vtable starts as a copy of the server context's. */
  parent_release = vtable->release;
  vtable->handle_event = invite_server_handle_event;
  vtable->respond = invite_server_respond;
  vtable->responded = invite_server_responded;
  /* stop is the server context's: 480 if not answered; once answered,
   * destroying the handle makes nua send the BYE. */
  vtable->release = invite_server_release;

  /**
   * SipInviteServerContext:replaces:
   *
   * The call this one replaces (an INVITE with a `Replaces` header, as an
   * attended transfer sends, RFC 3891), or %NULL. Once this call is
   * established, the replaced call is ended.
   */
  replaces_pspec =
    g_param_spec_object ("replaces", NULL, NULL, SIP_TYPE_INVITE_CONTEXT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_property (object_class, PROP_REPLACES, replaces_pspec);

  sip_invite_context_install_properties (object_class, PROP_FIRST_INVITE_PROP);
}

static void
sip_invite_server_context_iface_init (SipInviteContextInterface *iface)
{
  iface->get_session = get_session;
}

static void
sip_invite_server_context_init (SipInviteServerContext *self)
{
  self->session = sip_session_new (SIP_CONTEXT (self), FALSE);
}

static gboolean
no_answer_cb (gpointer data)
{
  SipInviteServerContext *self = data;

  self->no_answer_id = 0;
  g_debug ("Nobody answered the call: 408");
  sip_server_context_answer_internal (SIP_SERVER_CONTEXT (self), 408, SIP_CAUSE_NO_ANSWER);

  return G_SOURCE_REMOVE;
}

/* The invite signal, then the no-answer timer: it counts from when the
 * application has seen the call, and only if it did not answer at once. */
static void
announce (SipInviteServerContext *self)
{
  SipContext *context = SIP_CONTEXT (self);
  SipUserAgent *user_agent = sip_context_get_user_agent (context);
  guint timeout;

  self->unannounced = FALSE;
  if (sip_context_peek_terminated (context) || user_agent == NULL)
    return;

  sip_session_announce (self->session);
  g_object_ref (self);
  sip_user_agent_announce_call (user_agent, self);

  timeout = sip_user_agent_get_no_answer_timeout (user_agent);
  if (timeout > 0 && !sip_server_context_is_answered (SIP_SERVER_CONTEXT (self)) &&
      !sip_context_peek_terminated (context))
    self->no_answer_id = sip_timeout_add_seconds (timeout, no_answer_cb, self);
  g_object_unref (self);
}

SipInviteServerContext *
sip_invite_server_context_new_incoming (SipUserAgent     *user_agent,
                                        const SipEvent   *event,
                                        SipInviteContext *replaces)
{
  SipInviteServerContext *self;

  self = g_object_new (SIP_TYPE_INVITE_SERVER_CONTEXT, NULL);
  sip_context_setup_received (SIP_CONTEXT (self), user_agent, event);
  sip_server_context_take_event (SIP_SERVER_CONTEXT (self), event);
  sip_session_set_replaces (self->session, replaces);
  /* The offer, visible from the invite signal on. */
  if (event->sip->sip_payload && event->sip->sip_content_type &&
      g_ascii_strcasecmp (event->sip->sip_content_type->c_type, "application/sdp") == 0)
    {
      g_autofree char *offer = g_strndup (event->sip->sip_payload->pl_data,
                                          event->sip->sip_payload->pl_len);

      sip_session_set_remote_offer (self->session, offer);
    }
  /* A call lives until it has terminated, whoever holds it. */
  sip_context_track (SIP_CONTEXT (self), user_agent, TRUE);

  /* An offer waits for the nua_i_state after this event, unless nua has
   * answered the INVITE already (then no state comes). */
  if (sip_session_has_remote_media (self->session) || event->status >= 200)
    announce (self);
  else
    self->unannounced = TRUE;

  return self;
}

/**
 * sip_invite_server_context_get_replaces: (get-property replaces)
 * @self: an incoming call
 *
 * Gets the call this one replaces, as an attended transfer asks.
 *
 * Returns: (nullable) (transfer none): the replaced call, or %NULL
 */
SipInviteContext *
sip_invite_server_context_get_replaces (SipInviteServerContext *self)
{
  g_return_val_if_fail (SIP_IS_INVITE_SERVER_CONTEXT (self), NULL);

  return sip_session_get_replaces (self->session);
}
