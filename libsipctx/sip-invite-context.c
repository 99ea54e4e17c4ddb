/* sip-invite-context.c: the INVITE mixin and the session helper behind it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sip-invite-private.h"
#include "sip-convert-private.h"
#include "sip-message-private.h"
#include "sip-sofia-private.h"
#include "sip-i18n-private.h"

#include <stdlib.h>
#include <string.h>

#include <sofia-sip/soa_tag.h>
#include <sofia-sip/sdp.h>

/**
 * SipInviteContext:
 *
 * The INVITE mixin: a call.
 *
 * [class@Sip.InviteClientContext] (a call this user agent places) and
 * [class@Sip.InviteServerContext] (a call it receives) implement this
 * interface on top of their base classes. Everything a call does once it
 * exists is here, written once for both directions: the media description
 * negotiated with SDP offer/answer, hanging up ([method@Sip.InviteContext.bye],
 * [method@Sip.InviteContext.terminate]), hold, DTMF and transfer.
 *
 * ## States
 *
 * The call's state is the [property@Sip.Context:state] property:
 *
 * | state | outgoing call | incoming call |
 * |---|---|---|
 * | %SIP_CONTEXT_STATE_SENT | INVITE sent (calling) | |
 * | %SIP_CONTEXT_STATE_RECEIVED | | INVITE received (incoming) |
 * | %SIP_CONTEXT_STATE_PROCEEDING | provisional response received | provisional response sent |
 * | %SIP_CONTEXT_STATE_EARLY | early media: 18x with SDP received | 183 with SDP sent |
 * | %SIP_CONTEXT_STATE_ACCEPTED | 2xx received | 2xx sent, waiting for the ACK |
 * | %SIP_CONTEXT_STATE_ESTABLISHED | ACK sent | ACK received |
 * | %SIP_CONTEXT_STATE_TERMINATING | CANCEL or BYE sent | BYE sent |
 * | %SIP_CONTEXT_STATE_TERMINATED | over | over |
 *
 * ## Signals
 *
 * Besides the signals of [class@Sip.Context], a call emits
 * [signal@Sip.InviteContext::bye] when the peer hangs up,
 * [signal@Sip.InviteContext::cancel] when the caller gives up before an
 * answer, [signal@Sip.InviteContext::dtmf] for each tone received,
 * [signal@Sip.InviteContext::refer] when the peer asks for a transfer, and
 * [signal@Sip.InviteContext::transfer-progress] /
 * [signal@Sip.InviteContext::transfer-finished] while a transfer this side
 * asked for goes on. [signal@Sip.Context::terminated] is always the last
 * signal, emitted once.
 *
 * ## Errors
 *
 * Every method called in a state where it makes no sense fails with
 * %SIP_ERROR_INVALID_STATE and sends nothing.
 */

/* How long a tone lasts and the pause after it, in milliseconds: the
 * limits SIP.js applies. */
#define DTMF_DEFAULT_DURATION 100
#define DTMF_MIN_DURATION     70
#define DTMF_MAX_DURATION     6000
#define DTMF_DEFAULT_GAP      500
#define DTMF_MIN_GAP          50
#define DTMF_PAUSE            2000
#define DTMF_CONTENT_TYPE     "application/dtmf-relay"
#define SIPFRAG_CONTENT_TYPE  "message/sipfrag"

/* The media description offered when the application gives none: audio
 * with the two G.711 codecs and RFC 4733 events. The library does no
 * media, so the port is 9 (discard); soa fills in o=, s=, t= and c=. */
#define DEFAULT_SDP \
  "v=0\r\n" \
  "m=audio 9 RTP/AVP 0 8 101\r\n" \
  "a=rtpmap:0 PCMU/8000\r\n" \
  "a=rtpmap:8 PCMA/8000\r\n" \
  "a=rtpmap:101 telephone-event/8000\r\n" \
  "a=fmtp:101 0-16\r\n"

typedef struct
{
  char  tone;
  guint duration;
  guint gap;
} DtmfTone;

struct _SipSession
{
  SipContext       *owner;
  gboolean          outgoing;

  char             *local_sdp;
  char             *remote_sdp;
  gboolean          remote_fits_default;   /* a codec in common with DEFAULT_SDP */
  gboolean          remote_media_pending;  /* remote_sdp is not looked at yet */
  gboolean          announced;             /* the application has the call */
  char             *media_address;
  guint             media_port;
  char             *media_codec;
  gboolean          local_hold;
  gboolean          remote_hold;
  gint64            start_usec;    /* real time of the establishment; 0: not yet */
  GDateTime        *start_time;    /* made from it when asked for */

  /* How the call ends, once that is decided. */
  SipCause          end_cause;
  gboolean          canceled;

  /* Hold and unhold: one re-INVITE at a time. */
  GTask            *hold_task;
  gboolean          hold_target;
  guint             glare_id;

  /* DTMF tones waiting to be sent. */
  GQueue            dtmf_queue;
  guint             dtmf_id;

  /* Transfer. */
  GPtrArray        *refers;       /* in-dialog REFERs not answered yet */
  gboolean          refer_pending;

  /* Incoming INVITE with Replaces: the call it replaces (weak). */
  SipInviteContext *replaces;
};

G_DEFINE_INTERFACE (SipInviteContext, sip_invite_context, SIP_TYPE_CONTEXT)

enum {
  INVITE_PROP_LOCAL_SDP,
  INVITE_PROP_REMOTE_SDP,
  INVITE_PROP_REMOTE_MEDIA_ADDRESS,
  INVITE_PROP_REMOTE_MEDIA_PORT,
  INVITE_PROP_REMOTE_MEDIA_CODEC,
  INVITE_PROP_LOCAL_HOLD,
  INVITE_PROP_REMOTE_HOLD,
  INVITE_PROP_START_TIME,
  N_INVITE_PROPS
};

static const char * const invite_prop_names[N_INVITE_PROPS] = {
  "local-sdp", "remote-sdp", "remote-media-address", "remote-media-port",
  "remote-media-codec", "local-hold", "remote-hold", "start-time",
};

/* The interface's own, which the classes override: notified by pspec,
 * not looked up by name at every change. */
static GParamSpec *invite_props[N_INVITE_PROPS];

enum {
  SIGNAL_BYE,
  SIGNAL_CANCEL,
  SIGNAL_DTMF,
  SIGNAL_REFER,
  SIGNAL_TRANSFER_PROGRESS,
  SIGNAL_TRANSFER_FINISHED,
  SIGNAL_MEDIA_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
sip_invite_context_default_init (SipInviteContextInterface *iface)
{
  /**
   * SipInviteContext:local-sdp:
   *
   * The session description this side offered or answered last, or %NULL
   * before there is one.
   */
  invite_props[INVITE_PROP_LOCAL_SDP] =
    g_param_spec_string ("local-sdp", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_interface_install_property (iface, invite_props[INVITE_PROP_LOCAL_SDP]);

  /**
   * SipInviteContext:remote-sdp:
   *
   * The session description the peer offered or answered last, or %NULL
   * before there is one.
   */
  invite_props[INVITE_PROP_REMOTE_SDP] =
    g_param_spec_string ("remote-sdp", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_interface_install_property (iface, invite_props[INVITE_PROP_REMOTE_SDP]);

  /**
   * SipInviteContext:remote-media-address:
   *
   * Where the peer wants its audio sent: the connection address of the
   * first audio stream of [property@Sip.InviteContext:remote-sdp].
   */
  invite_props[INVITE_PROP_REMOTE_MEDIA_ADDRESS] =
    g_param_spec_string ("remote-media-address", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_interface_install_property (iface, invite_props[INVITE_PROP_REMOTE_MEDIA_ADDRESS]);

  /**
   * SipInviteContext:remote-media-port:
   *
   * The RTP port of the peer's first audio stream, or 0.
   */
  invite_props[INVITE_PROP_REMOTE_MEDIA_PORT] =
    g_param_spec_uint ("remote-media-port", NULL, NULL, 0, 65535, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_interface_install_property (iface, invite_props[INVITE_PROP_REMOTE_MEDIA_PORT]);

  /**
   * SipInviteContext:remote-media-codec:
   *
   * The first codec of the peer's audio stream once offer and answer are
   * done, as `encoding/rate` (for example `PCMU/8000`), or %NULL.
   */
  invite_props[INVITE_PROP_REMOTE_MEDIA_CODEC] =
    g_param_spec_string ("remote-media-codec", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_interface_install_property (iface, invite_props[INVITE_PROP_REMOTE_MEDIA_CODEC]);

  /**
   * SipInviteContext:local-hold:
   *
   * Whether this side has put the call on hold. It changes only when the
   * peer has accepted the re-INVITE; see [method@Sip.InviteContext.hold_async].
   */
  invite_props[INVITE_PROP_LOCAL_HOLD] =
    g_param_spec_boolean ("local-hold", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_interface_install_property (iface, invite_props[INVITE_PROP_LOCAL_HOLD]);

  /**
   * SipInviteContext:remote-hold:
   *
   * Whether the peer has put the call on hold: its last session
   * description made the audio `sendonly` or `inactive`.
   */
  invite_props[INVITE_PROP_REMOTE_HOLD] =
    g_param_spec_boolean ("remote-hold", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_interface_install_property (iface, invite_props[INVITE_PROP_REMOTE_HOLD]);

  /**
   * SipInviteContext:start-time:
   *
   * When the call was established, or %NULL if it has not been.
   */
  invite_props[INVITE_PROP_START_TIME] =
    g_param_spec_boxed ("start-time", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_interface_install_property (iface, invite_props[INVITE_PROP_START_TIME]);

  /**
   * SipInviteContext::bye:
   * @self: the call
   * @request: the BYE
   *
   * Emitted when the peer hangs up. [signal@Sip.Context::terminated]
   * follows with %SIP_CAUSE_BYE.
   *
   * The snapshot of the BYE is only made for connected handlers: when
   * nobody is connected to this signal, it is not emitted, so an emission
   * hook alone does not see it. [signal@Sip.Context::terminated] is
   * always emitted.
   */
  signals[SIGNAL_BYE] =
    g_signal_new ("bye", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SIP_TYPE_REQUEST);

  /**
   * SipInviteContext::cancel:
   * @self: the call
   *
   * Emitted on an incoming call when the caller cancels it before it was
   * answered. The library has answered the INVITE with 487 already;
   * [signal@Sip.Context::rejected], [signal@Sip.Context::failed] and
   * [signal@Sip.Context::terminated] follow with %SIP_CAUSE_CANCELED.
   */
  signals[SIGNAL_CANCEL] =
    g_signal_new ("cancel", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * SipInviteContext::media-changed:
   * @self: the call
   *
   * Emitted once an offer or answer has changed the media of the call:
   * any of [property@Sip.InviteContext:remote-media-address],
   * [property@Sip.InviteContext:remote-media-port],
   * [property@Sip.InviteContext:remote-media-codec],
   * [property@Sip.InviteContext:local-hold] and
   * [property@Sip.InviteContext:remote-hold]. It comes after their
   * notifications, when all of them have their new values: the moment
   * to point the media at the peer, or to show a call as held, once per
   * change rather than once per property.
   *
   * An incoming call is announced by [signal@Sip.UserAgent::invite] with
   * the media of its offer already in place; the signal follows the
   * changes after that.
   */
  signals[SIGNAL_MEDIA_CHANGED] =
    g_signal_new ("media-changed", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * SipInviteContext::dtmf:
   * @self: the call
   * @tone: the tone, one of `0`-`9`, `A`-`D`, `*` and `#`
   * @duration: how long the tone lasts, in milliseconds
   *
   * Emitted for each DTMF tone the peer sends (as INFO
   * `application/dtmf-relay`). The INFO has been answered 200.
   */
  signals[SIGNAL_DTMF] =
    g_signal_new ("dtmf", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_UINT);

  /**
   * SipInviteContext::refer:
   * @self: the call
   * @refer: the context of the REFER, to answer
   * @refer_to: the URI the peer asks this side to call
   *
   * Emitted when the peer asks this side to transfer the call (a REFER
   * in the dialog). Nothing happens without the application's consent:
   * follow the transfer with [method@Sip.InviteContext.follow_refer], or
   * refuse it with [method@Sip.ServerContext.reject]. A REFER nobody keeps
   * a reference to is refused with 480.
   */
  signals[SIGNAL_REFER] =
    g_signal_new ("refer", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, SIP_TYPE_SERVER_CONTEXT, G_TYPE_STRING);

  /**
   * SipInviteContext::transfer-progress:
   * @self: the call
   * @status_code: the status of the transfer: 202 when the peer accepted
   *   the REFER, then the provisional status of the new call (1xx)
   * @reason_phrase: the reason phrase that came with @status_code
   *
   * Emitted while a transfer asked for with [method@Sip.InviteContext.refer]
   * or [method@Sip.InviteContext.refer_attended] goes on: the peer's answer
   * to the REFER, then each provisional report (NOTIFY with a
   * `message/sipfrag` body).
   */
  signals[SIGNAL_TRANSFER_PROGRESS] =
    g_signal_new ("transfer-progress", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);

  /**
   * SipInviteContext::transfer-finished:
   * @self: the call
   * @status_code: the final status of the transfer: the final response of
   *   the new call (2xx: the transfer succeeded), or the failure response
   *   to the REFER itself
   * @reason_phrase: the reason phrase that came with @status_code
   *
   * Emitted once when a transfer this side asked for is over. The call is
   * not ended automatically: after a successful transfer, hang up with
   * [method@Sip.InviteContext.bye].
   */
  signals[SIGNAL_TRANSFER_FINISHED] =
    g_signal_new ("transfer-finished", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);
}

/* Properties */

void
sip_invite_context_install_properties (GObjectClass *klass,
                                       guint         first_prop)
{
  for (guint i = 0; i < N_INVITE_PROPS; i++)
    g_object_class_override_property (klass, first_prop + i, invite_prop_names[i]);
}

gboolean
sip_invite_context_get_property (GObject *object,
                                 guint    prop_id,
                                 guint    first_prop,
                                 GValue  *value)
{
  SipInviteContext *self = SIP_INVITE_CONTEXT (object);

  if (prop_id < first_prop || prop_id >= first_prop + N_INVITE_PROPS)
    return FALSE;

  switch (prop_id - first_prop)
    {
    case INVITE_PROP_LOCAL_SDP:
      g_value_set_string (value, sip_invite_context_get_local_sdp (self));
      break;
    case INVITE_PROP_REMOTE_SDP:
      g_value_set_string (value, sip_invite_context_get_remote_sdp (self));
      break;
    case INVITE_PROP_REMOTE_MEDIA_ADDRESS:
      g_value_set_string (value, sip_invite_context_get_remote_media_address (self));
      break;
    case INVITE_PROP_REMOTE_MEDIA_PORT:
      g_value_set_uint (value, sip_invite_context_get_remote_media_port (self));
      break;
    case INVITE_PROP_REMOTE_MEDIA_CODEC:
      g_value_set_string (value, sip_invite_context_get_remote_media_codec (self));
      break;
    case INVITE_PROP_LOCAL_HOLD:
      g_value_set_boolean (value, sip_invite_context_get_local_hold (self));
      break;
    case INVITE_PROP_REMOTE_HOLD:
      g_value_set_boolean (value, sip_invite_context_get_remote_hold (self));
      break;
    case INVITE_PROP_START_TIME:
      g_value_set_boxed (value, sip_invite_context_get_start_time (self));
      break;
    default:
      g_assert_not_reached ();
    }

  return TRUE;
}

static void
session_notify (SipSession *session,
                guint       prop)
{
  g_object_notify_by_pspec (G_OBJECT (session->owner), invite_props[prop]);
}

SipSession *
sip_invite_context_get_session (SipInviteContext *self)
{
  return SIP_INVITE_CONTEXT_GET_IFACE (self)->get_session (self);
}

/* The session helper */

SipSession *
sip_session_new (SipContext *owner,
                 gboolean    outgoing)
{
  SipSession *session = g_new0 (SipSession, 1);

  session->owner = owner;
  session->outgoing = outgoing;
  /* An outgoing call is the application's from the start; an incoming
   * one from sip_session_announce(), before its invite signal. */
  session->announced = outgoing;
  g_queue_init (&session->dtmf_queue);
  /* session->refers is made with the first REFER. */

  return session;
}

static void
clear_replaces (SipSession *session)
{
  if (session->replaces)
    g_object_remove_weak_pointer (G_OBJECT (session->replaces),
                                  (gpointer *) &session->replaces);
  session->replaces = NULL;
}

static void
refer_gone_cb (gpointer  data,
               GObject  *where_the_object_was)
{
  SipSession *session = data;

  if (session->refers)
    g_ptr_array_remove_fast (session->refers, where_the_object_was);
}

static void
forget_refer (SipSession       *session,
              SipServerContext *refer)
{
  g_object_weak_unref (G_OBJECT (refer), refer_gone_cb, session);
  if (session->refers)
    g_ptr_array_remove_fast (session->refers, refer);
}

static nua_handle_t *
handle_of (SipSession *session)
{
  return sip_context_get_handle (session->owner);
}

static SipContextState
state_of (SipSession *session)
{
  return sip_context_peek_state (session->owner);
}

/* See SIP_SESSION_HANDLE_TAGS. */
void
sip_session_take_reinvites (SipSession *session)
{
  const tagi_t tags[] = { SIP_SESSION_HANDLE_TAGS, { TAG_END () } };

  nua_set_hparams (handle_of (session), TAG_NEXT (tags));
}

static void
handle_reinvite (SipSession     *session,
                 const SipEvent *ev)
{
  /* nua answered already (491 for glare, 500 for overlap, errors). */
  if (ev->status >= 200)
    return;

  nua_respond (ev->nh, SIP_200_OK, TAG_END ());
}

/* The SDP in the body of @options, or the default description. */
char *
sip_session_sdp_from_options (SipOptions *options)
{
  GBytes *body = options ? sip_options_get_body (options) : NULL;
  const char *data;
  gsize len;

  if (body == NULL)
    return g_strdup (DEFAULT_SDP);

  data = g_bytes_get_data (body, &len);
  return g_strndup (data, len);
}

SipContext *
sip_session_get_owner (SipSession *session)
{
  return session->owner;
}

gboolean
sip_session_is_canceled (SipSession *session)
{
  return session->canceled;
}

void
sip_session_set_canceled (SipSession *session)
{
  session->canceled = TRUE;
  if (session->end_cause == SIP_CAUSE_NONE)
    session->end_cause = SIP_CAUSE_CANCELED;
}

void
sip_session_set_replaces (SipSession       *session,
                          SipInviteContext *replaces)
{
  clear_replaces (session);
  session->replaces = replaces;
  if (replaces)
    g_object_add_weak_pointer (G_OBJECT (replaces), (gpointer *) &session->replaces);
}

SipInviteContext *
sip_session_get_replaces (SipSession *session)
{
  return session->replaces;
}

void
sip_session_free (SipSession *session)
{
  sip_session_release (session);
  while (session->refers && session->refers->len > 0)
    forget_refer (session, g_ptr_array_index (session->refers, 0));
  g_clear_pointer (&session->refers, g_ptr_array_unref);
  g_free (session->local_sdp);
  g_free (session->remote_sdp);
  g_free (session->media_address);
  g_free (session->media_codec);
  g_clear_pointer (&session->start_time, g_date_time_unref);
  g_free (session);
}

static void
finish_hold (SipSession *session,
             GError     *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&session->hold_task);

  if (task == NULL)
    {
      g_clear_error (&error);
      return;
    }

  g_clear_handle_id (&session->glare_id, sip_source_remove);
  if (error)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
sip_session_release (SipSession *session)
{
  DtmfTone *tone;

  g_clear_handle_id (&session->dtmf_id, sip_source_remove);
  while ((tone = g_queue_pop_head (&session->dtmf_queue)) != NULL)
    g_free (tone);

  /* Only when there is a hold to fail: a translated message costs more
   * than the rest of the release, which runs for every call. */
  if (session->hold_task != NULL)
    finish_hold (session, g_error_new (SIP_ERROR, SIP_ERROR_INVALID_STATE,
                                       _("The call ended before the re-INVITE completed")));

  /* REFERs received in this dialog answer with the dialog's handle: they
   * must be done before it goes. */
  while (session->refers && session->refers->len > 0)
    {
      SipContext *refer = g_object_ref (g_ptr_array_index (session->refers, 0));

      forget_refer (session, SIP_SERVER_CONTEXT (refer));
      sip_context_stop (refer);
      g_object_unref (refer);
    }

  clear_replaces (session);
}

/* SDP */

static char *
sdp_connection_address (const sdp_session_t *sdp,
                        const sdp_media_t   *m)
{
  if (m->m_connections && m->m_connections->c_address)
    return g_strdup (m->m_connections->c_address);
  if (sdp->sdp_connection && sdp->sdp_connection->c_address)
    return g_strdup (sdp->sdp_connection->c_address);
  return NULL;
}

static gboolean
set_string (SipSession  *session,
            char       **field,
            const char  *value,
            guint        prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  session_notify (session, prop);
  return TRUE;
}

static gboolean
set_remote_hold (SipSession *session,
                 gboolean    hold)
{
  if (session->remote_hold == hold)
    return FALSE;

  session->remote_hold = hold;
  session_notify (session, INVITE_PROP_REMOTE_HOLD);
  return TRUE;
}

/* Not for the offer of an incoming call: nobody has the call yet, and it
 * is announced with the offer's media in place. */
static void
emit_media_changed (SipSession *session)
{
  if (session->announced)
    g_signal_emit (session->owner, signals[SIGNAL_MEDIA_CHANGED], 0);
}

/* Whether an answer from @local would keep a codec of @offer; see
 * sip_session_check_answer(). */
static gboolean
offer_fits (const sdp_session_t *offer,
            const sdp_session_t *local)
{
  for (sdp_media_t *m = offer->sdp_media; m; m = m->m_next)
    {
      if (m->m_port == 0)
        continue;
      for (sdp_media_t *l = local->sdp_media; l; l = l->m_next)
        {
          if (l->m_type != m->m_type || l->m_port == 0)
            continue;
          for (sdp_rtpmap_t *rm = m->m_rtpmaps; rm; rm = rm->rm_next)
            if (rm->rm_encoding && g_ascii_strcasecmp (rm->rm_encoding, "telephone-event") != 0 &&
                sdp_rtpmap_find_matching (l->m_rtpmaps, rm) != NULL)
              return TRUE;
          /* Media without RTP payload maps (not audio/video) */
          if (m->m_rtpmaps == NULL && l->m_rtpmaps == NULL)
            return TRUE;
        }
    }
  return FALSE;
}

/* DEFAULT_SDP, parsed once: most calls answer with it. */
static const sdp_session_t *
default_sdp_session (void)
{
  static sdp_parser_t *parser;

  if (g_once_init_enter (&parser))
    g_once_init_leave (&parser, sdp_parse (NULL, DEFAULT_SDP, strlen (DEFAULT_SDP), sdp_f_config));

  return sdp_session (parser);
}

/* The default description goes to soa as parsed once, any other as
 * text. soa parses a text twice per call, as the user description and
 * again as the capabilities it makes of it, and each parse cost more than
 * the rest of an answer. nua copies a parsed description when it queues
 * the request or the answer (soa then changes the copy), so the one
 * parse is never written to. */
tagi_t
sip_session_user_sdp_tag (const char *sdp)
{
  if (strcmp (sdp, DEFAULT_SDP) == 0)
    return (tagi_t) { SOATAG_USER_SDP (default_sdp_session ()) };

  return (tagi_t) { SOATAG_USER_SDP_STR (sdp) };
}

/* "PCMU/8000": the encoding of RTPMAP and its clock rate, in BUF or, if
 * it does not fit, in *HEAP (to free). Made without printf, which cost a
 * call as much as the rest of update_remote_media(). */
static const char *
codec_name_into (const sdp_rtpmap_t *rtpmap,
                 char                buf[SIP_CONVERT_STACK_TEXT],
                 char              **heap)
{
  char digits[24];
  char *p = digits + sizeof digits;
  unsigned long rate = rtpmap->rm_rate;

  *--p = '\0';
  do
    *--p = '0' + rate % 10;
  while ((rate /= 10) != 0);

  return sip_convert_join_into (rtpmap->rm_encoding, '/', p, buf, heap);
}

/* PARSED is REMOTE_SDP as soa parsed it, if the event carried it. */
static void
update_remote_media (SipSession          *session,
                     const char          *remote_sdp,
                     const sdp_session_t *parsed)
{
  su_home_t home[1] = { SU_HOME_INIT (home) };
  g_autofree char *address = NULL;
  g_autofree char *codec_heap = NULL;
  char codec_buf[SIP_CONVERT_STACK_TEXT];
  const char *codec = NULL;
  sdp_parser_t *parser = NULL;
  const sdp_session_t *sdp = parsed;
  sdp_media_t *m;
  guint port = 0;
  gboolean hold = FALSE;
  gboolean changed;

  if (sdp == NULL)
    {
      parser = sdp_parse (home, remote_sdp, strlen (remote_sdp), sdp_f_config);
      sdp = sdp_session (parser);
    }
  if (sdp == NULL)
    {
      g_debug ("Unparsable remote SDP: %s", sdp_parsing_error (parser));
      session->remote_fits_default = FALSE;
      sdp_parser_free (parser);
      su_home_deinit (home);
      return;
    }
  /* Looked at here once, rather than again at each answer. */
  session->remote_fits_default = offer_fits (sdp, default_sdp_session ());

  for (m = sdp->sdp_media; m; m = m->m_next)
    if (m->m_type == sdp_media_audio && m->m_port != 0)
      break;

  if (m)
    {
      address = sdp_connection_address (sdp, m);
      port = m->m_port;
      if (m->m_rtpmaps && m->m_rtpmaps->rm_encoding)
        codec = codec_name_into (m->m_rtpmaps, codec_buf, &codec_heap);
      /* A peer that no longer receives (sendonly or inactive, RFC 3264
       * section 8.4, or the old c=0.0.0.0) has put the call on hold. */
      hold = (m->m_mode & sdp_recvonly) == 0 || g_strcmp0 (address, "0.0.0.0") == 0;
    }

  changed = set_string (session, &session->media_address, address, INVITE_PROP_REMOTE_MEDIA_ADDRESS);
  if (session->media_port != port)
    {
      session->media_port = port;
      session_notify (session, INVITE_PROP_REMOTE_MEDIA_PORT);
      changed = TRUE;
    }
  changed |= set_string (session, &session->media_codec, codec, INVITE_PROP_REMOTE_MEDIA_CODEC);
  changed |= set_remote_hold (session, hold);

  if (parser != NULL)
    sdp_parser_free (parser);
  su_home_deinit (home);

  if (changed)
    emit_media_changed (session);
}

/* Ending */

static void
send_bye (SipSession *session,
          SipCause    cause,
          tagi_t     *tags)
{
  nua_handle_t *nh = handle_of (session);

  if (session->end_cause == SIP_CAUSE_NONE)
    session->end_cause = cause;
  if (nh)
    nua_bye (nh, TAG_NEXT (tags));
  sip_context_set_state (session->owner, SIP_CONTEXT_STATE_TERMINATING);
}

/* A request in the dialog timed out or the peer no longer knows the
 * dialog: the call is over (RFC 3261 12.2.1.2). */
static gboolean
is_dialog_error (int status)
{
  return status == 408 || status == 481;
}

static void
dialog_error (SipSession *session)
{
  if (state_of (session) >= SIP_CONTEXT_STATE_TERMINATING)
    return;
  g_debug ("Dialog error: ending the call");
  send_bye (session, SIP_CAUSE_DIALOG_ERROR, NULL);
}

static void
end_session (SipSession *session,
             int         status)
{
  SipCause cause = session->end_cause;

  if (cause == SIP_CAUSE_NONE)
    {
      /* nua ended the call by itself: the dialog broke (RFC 5057), or
       * the peer's BYE and ours crossed. */
      if (is_dialog_error (status))
        cause = SIP_CAUSE_DIALOG_ERROR;
      else if (status >= 300 && status < 700)
        cause = sip_cause_from_status (status);
      else
        cause = SIP_CAUSE_BYE;
    }

  sip_context_terminate (session->owner, cause);
}

/* Events */

static void
set_call_state (SipSession *session,
                int         callstate,
                gboolean    has_remote_sdp,
                int         status)
{
  SipContextState state = state_of (session);
  SipContextState next = state;

  switch (callstate)
    {
    case nua_callstate_calling:
      next = SIP_CONTEXT_STATE_SENT;
      break;
    case nua_callstate_proceeding:
      next = has_remote_sdp ? SIP_CONTEXT_STATE_EARLY : SIP_CONTEXT_STATE_PROCEEDING;
      break;
    case nua_callstate_received:
      next = SIP_CONTEXT_STATE_RECEIVED;
      break;
    case nua_callstate_early:
      next = MAX (state, SIP_CONTEXT_STATE_PROCEEDING);
      break;
    case nua_callstate_completing:
    case nua_callstate_completed:
      next = SIP_CONTEXT_STATE_ACCEPTED;
      break;
    case nua_callstate_ready:
      next = SIP_CONTEXT_STATE_ESTABLISHED;
      break;
    case nua_callstate_terminating:
      next = SIP_CONTEXT_STATE_TERMINATING;
      break;
    case nua_callstate_terminated:
      end_session (session, status);
      return;
    default:
      return;
    }

  /* A call only moves forward; re-INVITEs do not take it back. */
  if (next <= state)
    return;
  if (state == SIP_CONTEXT_STATE_TERMINATING)
    return;

  if (next == SIP_CONTEXT_STATE_ESTABLISHED && session->start_usec == 0)
    {
      /* The GDateTime waits for someone to ask: the local time zone costs
       * GLib a readlink() and two stat() of /etc/localtime each time. */
      session->start_usec = g_get_real_time ();
      session_notify (session, INVITE_PROP_START_TIME);
    }

  sip_context_set_state (session->owner, next);

  /* RFC 3891: the call this one replaces ends once it is established. */
  if (next == SIP_CONTEXT_STATE_ESTABLISHED && session->replaces)
    {
      g_autoptr(GError) error = NULL;
      SipInviteContext *replaced = g_object_ref (session->replaces);

      clear_replaces (session);
      if (!sip_context_is_terminated (SIP_CONTEXT (replaced)) &&
          !sip_invite_context_terminate (replaced, &error))
        g_debug ("Cannot end the replaced call: %s", error->message);
      g_object_unref (replaced);
    }
}

static void
set_remote_sdp (SipSession          *session,
                const char          *sdp,
                const sdp_session_t *parsed)
{
  if (set_string (session, &session->remote_sdp, sdp, INVITE_PROP_REMOTE_SDP) ||
      session->remote_media_pending)
    {
      session->remote_media_pending = FALSE;
      update_remote_media (session, sdp, parsed);
    }
}

/* The offer of an INVITE, from nua_i_invite: only its text. soa has
 * parsed it already, and the nua_i_state that follows brings that parse
 * (an offer is expensive to parse), or sip_session_announce() parses it
 * if the call is announced first. */
void
sip_session_set_remote_offer (SipSession *session,
                              const char *sdp)
{
  set_string (session, &session->remote_sdp, sdp, INVITE_PROP_REMOTE_SDP);
  session->remote_media_pending = sdp != NULL;
}

gboolean
sip_session_has_remote_media (SipSession *session)
{
  return !session->remote_media_pending;
}

/* Right before the invite signal: the remote media in place, and its
 * changes signalled from now on. */
void
sip_session_announce (SipSession *session)
{
  if (session->remote_media_pending)
    set_remote_sdp (session, session->remote_sdp, NULL);
  session->announced = TRUE;
}

static void
handle_state (SipSession     *session,
              const SipEvent *ev)
{
  const char *local_sdp = NULL;
  const char *remote_sdp = NULL;
  const sdp_session_t *remote_parsed = NULL;
  int callstate = -1;

  tl_gets (ev->tags,
           NUTAG_CALLSTATE_REF (callstate),
           SOATAG_LOCAL_SDP_STR_REF (local_sdp),
           SOATAG_REMOTE_SDP_STR_REF (remote_sdp),
           SOATAG_REMOTE_SDP_REF (remote_parsed),
           TAG_END ());

  if (local_sdp)
    set_string (session, &session->local_sdp, local_sdp, INVITE_PROP_LOCAL_SDP);
  if (remote_sdp)
    set_remote_sdp (session, remote_sdp, remote_parsed);

  set_call_state (session, callstate, session->remote_sdp != NULL, ev->status);
}

static guint
glare_delay_ms (SipSession *session)
{
  /* RFC 3261 14.1: the owner of the Call-ID waits 2.1 to 4 s, the other
   * side 0 to 2 s, in units of 10 ms. */
  if (session->outgoing)
    return 2100 + 10 * g_random_int_range (0, 191);
  return 10 * g_random_int_range (0, 201);
}

static void send_hold_reinvite (SipSession *session);

static gboolean
glare_retry_cb (gpointer data)
{
  SipSession *session = data;

  session->glare_id = 0;
  send_hold_reinvite (session);

  return G_SOURCE_REMOVE;
}

static void
send_hold_reinvite (SipSession *session)
{
  /* "*" puts every stream on hold (sendonly, or inactive if the peer
   * holds too); "" takes them off hold. */
  nua_invite (handle_of (session),
              SOATAG_HOLD (session->hold_target ? "*" : ""),
              TAG_END ());
}

static void
handle_reinvite_response (SipSession     *session,
                          const SipEvent *ev)
{
  if (ev->status < 200)
    return;

  if (ev->status < 300)
    {
      if (session->local_hold != session->hold_target)
        {
          session->local_hold = session->hold_target;
          session_notify (session, INVITE_PROP_LOCAL_HOLD);
          emit_media_changed (session);
        }
      finish_hold (session, NULL);
      return;
    }

  if (ev->status == 491 && !sip_sofia_is_internal (ev->sip))
    {
      /* Glare: both sides sent a re-INVITE. Try again later. */
      guint delay = glare_delay_ms (session);

      g_debug ("re-INVITE glare (491): retrying in %u ms", delay);
      session->glare_id = sip_timeout_add (delay, glare_retry_cb, session);
      return;
    }

  /* Nothing changed: tell soa to describe the media as before. */
  nua_set_hparams (handle_of (session),
                   SOATAG_HOLD (session->local_hold ? "*" : ""),
                   TAG_END ());
  finish_hold (session,
               g_error_new (SIP_ERROR,
                            sip_sofia_is_internal (ev->sip) && ev->status == 408
                              ? SIP_ERROR_TIMEOUT : SIP_ERROR_FAILED,
                            /* Translators: a SIP status code and its reason phrase */
                            _("The peer did not accept the re-INVITE: %d %s"),
                            ev->status, ev->phrase ? ev->phrase : ""));

  /* 408 and 481 end the dialog: nua ends the call without a BYE. */
  if (is_dialog_error (ev->status) && session->end_cause == SIP_CAUSE_NONE)
    session->end_cause = SIP_CAUSE_DIALOG_ERROR;
}

/* nua refreshes the session (RFC 4028) by itself; a refresh that fails
 * ends the call. */
static void
handle_refresh_response (SipSession     *session,
                         const SipEvent *ev)
{
  if (ev->status < 300 || ev->status == 491)
    return;

  g_debug ("Session refresh failed: %d %s", ev->status, ev->phrase ? ev->phrase : "");
  if (is_dialog_error (ev->status) || ev->status >= 500)
    {
      /* nua ends the call itself: at once for 408/481, with BYE for 5xx. */
      if (session->end_cause == SIP_CAUSE_NONE)
        session->end_cause = SIP_CAUSE_SESSION_TIMER_EXPIRED;
    }
  else
    send_bye (session, SIP_CAUSE_SESSION_TIMER_EXPIRED, NULL);
}

static void
handle_invite_response (SipSession     *session,
                        const SipEvent *ev)
{
  SipContext *context = session->owner;
  g_autoptr(SipResponse) response = NULL;

  if (session->hold_task != NULL)
    {
      handle_reinvite_response (session, ev);
      return;
    }
  if (session->start_usec != 0)
    {
      /* Established once: a re-INVITE nua sent by itself. */
      handle_refresh_response (session, ev);
      return;
    }

  if (!session->outgoing)
    return;

  if (sip_sofia_is_local_failure (ev->status, ev->sip))
    {
      if (ev->status >= 200)
        sip_client_context_fail_locally (SIP_CLIENT_CONTEXT (context), ev->status);
      return;
    }

  response = sip_convert_event_response (ev);

  if (ev->status < 200)
    {
      /* A provisional response with SDP is early media. */
      if (ev->sip->sip_payload && ev->sip->sip_content_type &&
          g_ascii_strcasecmp (ev->sip->sip_content_type->c_type, "application/sdp") == 0 &&
          state_of (session) < SIP_CONTEXT_STATE_EARLY)
        sip_context_set_state (context, SIP_CONTEXT_STATE_EARLY);
      sip_context_emit_progress (context, ev->status, response);
    }
  else if (ev->status < 300)
    {
      if (session->canceled)
        {
          /* The answer crossed our CANCEL: nua has ACKed it; hang up. */
          sip_context_set_response (context, response);
          send_bye (session, SIP_CAUSE_CANCELED, NULL);
          return;
        }
      sip_context_emit_accepted (context, ev->status, response);
    }
  else
    {
      SipCause cause = sip_cause_from_status (ev->status);

      if (session->canceled && ev->status == 487)
        cause = SIP_CAUSE_CANCELED;
      sip_context_fail (context, ev->status, response, cause);
    }
}

static void
handle_cancel (SipSession     *session,
               const SipEvent *ev)
{
  SipServerContext *server = SIP_SERVER_CONTEXT (session->owner);
  g_autoptr(SipResponse) response = NULL;

  /* nua has answered the INVITE with 487 Request Terminated. */
  response = sip_server_context_mark_answered (server, 487, sip_get_reason_phrase (487));
  g_signal_emit (session->owner, signals[SIGNAL_CANCEL], 0);
  sip_context_fail (session->owner, 487, response, SIP_CAUSE_CANCELED);
}

static void
handle_bye (SipSession     *session,
            const SipEvent *ev)
{
  g_autoptr(SipRequest) request = NULL;

  /* nua answers the BYE with 200 and reports the end next. */
  if (session->end_cause == SIP_CAUSE_NONE)
    session->end_cause = SIP_CAUSE_BYE;

  /* The snapshot of the BYE costs more than the rest of a hang-up: it is
   * taken only for a handler that will see it. */
  if (!g_signal_has_handler_pending (session->owner, signals[SIGNAL_BYE], 0, FALSE))
    return;
  request = sip_convert_request (ev);
  g_signal_emit (session->owner, signals[SIGNAL_BYE], 0, request);
}

static char
dtmf_event_tone (const char *signal)
{
  static const char events[] = "0123456789*#ABCD";
  char *end = NULL;
  long code;

  while (*signal == ' ' || *signal == '\t')
    signal++;

  if (signal[0] != '\0' && (signal[1] == '\0' || signal[1] == ' ' || signal[1] == '\t'))
    {
      char c = g_ascii_toupper (signal[0]);

      if (strchr (events, c) != NULL)
        return c;
    }

  /* Some peers send the RFC 4733 event code instead of the character. */
  code = strtol (signal, &end, 10);
  if (end != signal && code >= 0 && code < 16)
    return events[code];

  return '\0';
}

static gboolean
parse_dtmf_relay (const char *body,
                  char       *tone,
                  guint      *duration)
{
  g_auto(GStrv) lines = g_strsplit_set (body, "\r\n", -1);

  *tone = '\0';
  *duration = DTMF_DEFAULT_DURATION;

  for (guint i = 0; lines[i]; i++)
    {
      char *eq = strchr (lines[i], '=');
      g_autofree char *name = NULL;

      if (eq == NULL)
        continue;
      name = g_strstrip (g_strndup (lines[i], eq - lines[i]));
      if (g_ascii_strcasecmp (name, "Signal") == 0)
        *tone = dtmf_event_tone (eq + 1);
      else if (g_ascii_strcasecmp (name, "Duration") == 0)
        {
          guint64 value;

          if (g_ascii_string_to_unsigned (g_strstrip (eq + 1), 10, 0, G_MAXUINT, &value, NULL))
            *duration = value;
        }
    }

  return *tone != '\0';
}

static void
handle_info (SipSession     *session,
             const SipEvent *ev)
{
  const sip_t *sip = ev->sip;
  g_autofree char *body = NULL;
  char tone;
  guint duration;
  char text[2];

  if (sip == NULL || sip->sip_content_type == NULL ||
      g_ascii_strcasecmp (sip->sip_content_type->c_type, DTMF_CONTENT_TYPE) != 0)
    {
      nua_respond (ev->nh, SIP_415_UNSUPPORTED_MEDIA,
                   SIPTAG_ACCEPT_STR (DTMF_CONTENT_TYPE),
                   NUTAG_WITH_THIS (ev->nua), TAG_END ());
      return;
    }

  if (sip->sip_payload)
    body = g_strndup (sip->sip_payload->pl_data, sip->sip_payload->pl_len);

  if (body == NULL || !parse_dtmf_relay (body, &tone, &duration))
    {
      nua_respond (ev->nh, 400, "Bad DTMF Relay Body", NUTAG_WITH_THIS (ev->nua), TAG_END ());
      return;
    }

  nua_respond (ev->nh, SIP_200_OK, NUTAG_WITH_THIS (ev->nua), TAG_END ());

  text[0] = tone;
  text[1] = '\0';
  g_signal_emit (session->owner, signals[SIGNAL_DTMF], 0, text, duration);
}

static void
handle_refer (SipSession     *session,
              const SipEvent *ev)
{
  g_autoptr(SipServerContext) refer = NULL;
  g_autofree char *refer_to = NULL;
  su_home_t home[1] = { SU_HOME_INIT (home) };

  if (ev->sip == NULL || ev->sip->sip_refer_to == NULL ||
      state_of (session) != SIP_CONTEXT_STATE_ESTABLISHED)
    {
      nua_respond (ev->nh, ev->sip && ev->sip->sip_refer_to ? 491 : 400,
                   ev->sip && ev->sip->sip_refer_to ? "Request Pending" : "Missing Refer-To",
                   NUTAG_WITH_THIS (ev->nua), TAG_END ());
      return;
    }

  refer_to = g_strdup (url_as_string (home, ev->sip->sip_refer_to->r_url));

  refer = sip_server_context_new_in_dialog (session->owner, ev);
  /* The new call reports its progress in the subscription this REFER
   * creates, named by its Event. */
  {
    sip_event_t const *event = NULL;
    char *event_text = NULL;

    tl_gets (ev->tags, NUTAG_REFER_EVENT_REF (event), TAG_END ());
    if (event)
      event_text = sip_header_as_string (home, (sip_header_t const *) event);
    g_object_set_data_full (G_OBJECT (refer), "sip-refer-event",
                            event_text ? g_strdup (event_text)
                                       : g_strdup_printf ("refer;id=%u",
                                                          ev->sip->sip_cseq ? ev->sip->sip_cseq->cs_seq : 0),
                            g_free);
    su_home_deinit (home);
  }
  if (session->refers == NULL)
    session->refers = g_ptr_array_new ();
  g_ptr_array_add (session->refers, refer);
  g_object_weak_ref (G_OBJECT (refer), refer_gone_cb, session);
  g_signal_emit (session->owner, signals[SIGNAL_REFER], 0, refer, refer_to);
  /* If nobody took the REFER and nobody answered, dropping the last
   * reference here refuses it with 480. */
}

static gboolean
parse_sipfrag (const sip_t *sip,
               guint       *status,
               char       **phrase)
{
  g_autofree char *line = NULL;
  g_auto(GStrv) parts = NULL;
  const char *end;
  guint64 code;

  if (sip == NULL || sip->sip_payload == NULL || sip->sip_payload->pl_data == NULL)
    return FALSE;

  end = memchr (sip->sip_payload->pl_data, '\n', sip->sip_payload->pl_len);
  line = g_strndup (sip->sip_payload->pl_data,
                    end ? (gsize) (end - sip->sip_payload->pl_data) : sip->sip_payload->pl_len);
  g_strstrip (line);

  parts = g_strsplit (line, " ", 3);
  if (g_strv_length (parts) < 2 || g_ascii_strncasecmp (parts[0], "SIP/", 4) != 0 ||
      !g_ascii_string_to_unsigned (parts[1], 10, 100, 699, &code, NULL))
    return FALSE;

  *status = code;
  *phrase = g_strdup (parts[2] ? parts[2] : sip_get_reason_phrase (code));
  return TRUE;
}

static void
transfer_finished (SipSession *session,
                   guint       status,
                   const char *phrase)
{
  if (!session->refer_pending)
    return;

  session->refer_pending = FALSE;
  g_signal_emit (session->owner, signals[SIGNAL_TRANSFER_FINISHED], 0, status, phrase);
}

static void
handle_refer_response (SipSession     *session,
                       const SipEvent *ev)
{
  if (!session->refer_pending || ev->status < 200)
    return;

  if (ev->status < 300)
    g_signal_emit (session->owner, signals[SIGNAL_TRANSFER_PROGRESS], 0,
                   (guint) ev->status, ev->phrase);
  else
    {
      transfer_finished (session, ev->status, ev->phrase);
      if (is_dialog_error (ev->status))
        dialog_error (session);
    }
}

static void
handle_notify (SipSession     *session,
               const SipEvent *ev)
{
  g_autofree char *phrase = NULL;
  guint status;

  if (!session->refer_pending || !parse_sipfrag (ev->sip, &status, &phrase))
    return;

  if (status < 200)
    g_signal_emit (session->owner, signals[SIGNAL_TRANSFER_PROGRESS], 0, status, phrase);
  else
    transfer_finished (session, status, phrase);
}

void
sip_session_handle_event (SipSession     *session,
                          const SipEvent *ev)
{
  switch (ev->event)
    {
    case nua_i_state:
      handle_state (session, ev);
      break;
    case nua_r_invite:
      handle_invite_response (session, ev);
      break;
    case nua_i_cancel:
      if (!session->outgoing && !sip_server_context_is_answered (SIP_SERVER_CONTEXT (session->owner)))
        handle_cancel (session, ev);
      break;
    case nua_i_invite:
      handle_reinvite (session, ev);
      break;
    case nua_i_bye:
      handle_bye (session, ev);
      break;
    case nua_i_error:
      /* nua hangs up by itself when the ACK (or PRACK) never came. */
      if (ev->status == 408 && ev->phrase &&
          (strstr (ev->phrase, "ACK Timeout") != NULL) &&
          session->end_cause == SIP_CAUSE_NONE)
        session->end_cause = SIP_CAUSE_NO_ACK;
      break;
    case nua_r_bye:
      /* A BYE nobody here asked for: nua's session timer expired. */
      if (session->end_cause == SIP_CAUSE_NONE)
        session->end_cause = SIP_CAUSE_SESSION_TIMER_EXPIRED;
      break;
    case nua_i_info:
      handle_info (session, ev);
      break;
    case nua_r_info:
      if (is_dialog_error (ev->status))
        dialog_error (session);
      break;
    case nua_i_refer:
      handle_refer (session, ev);
      break;
    case nua_r_refer:
      handle_refer_response (session, ev);
      break;
    case nua_i_notify:
      handle_notify (session, ev);
      break;
    default:
      break;
    }
}

/* Server side */

gboolean
sip_session_check_sdp_options (SipOptions  *options,
                               GError     **error)
{
  const char *content_type;

  if (options == NULL || sip_options_get_body (options) == NULL)
    return TRUE;

  content_type = sip_options_get_content_type (options);
  if (content_type && g_ascii_strncasecmp (content_type, "application/sdp", 15) != 0)
    {
      g_set_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is a MIME type, such as text/plain */
                   _("The body of a call must be a session description "
                     "(application/sdp), not %s"), content_type);
      return FALSE;
    }

  return TRUE;
}

/* Whether an answer built from @local_sdp would keep an audio codec of
 * the peer's offer: soa would otherwise answer 200 with every stream
 * rejected (port 0), a call without media. */
gboolean
sip_session_check_answer (SipSession  *session,
                          const char  *local_sdp,
                          GError     **error)
{
  su_home_t home[1] = { SU_HOME_INIT (home) };
  sdp_parser_t *offer_parser = NULL, *local_parser = NULL;
  sdp_session_t *offer, *local;
  gboolean compatible = FALSE;

  if (session->remote_sdp == NULL || local_sdp == NULL)
    return TRUE;

  /* The common answer, the default one, against the offer parsed when it
   * came: no parsing at all. */
  if (strcmp (local_sdp, DEFAULT_SDP) == 0 && session->remote_fits_default)
    return TRUE;

  offer_parser = sdp_parse (home, session->remote_sdp, strlen (session->remote_sdp), sdp_f_config);
  local_parser = sdp_parse (home, local_sdp, strlen (local_sdp), sdp_f_config);
  offer = sdp_session (offer_parser);
  local = sdp_session (local_parser);

  if (local == NULL)
    {
      g_set_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT,
                   _("Invalid session description: %s"), sdp_parsing_error (local_parser));
      goto out;
    }
  if (offer == NULL)
    {
      compatible = TRUE;   /* nothing to answer: soa will say so */
      goto out;
    }

  compatible = offer_fits (offer, local);
  if (!compatible)
    g_set_error_literal (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT,
                         _("The offer has no codec in common with the answer; "
                           "reject the call with 488 Not Acceptable Here"));

out:
  sdp_parser_free (offer_parser);
  sdp_parser_free (local_parser);
  su_home_deinit (home);
  return compatible;
}

void
sip_session_responded (SipSession  *session,
                       guint        status,
                       SipResponse *response)
{
  SipContext *context = session->owner;

  if (status < 200)
    {
      sip_context_emit_progress (context, status, response);
      /* The answer went out in it (see invite_server_respond); a deferred
       * response had no options, so no body. */
      if (status == 183 || (response != NULL && sip_message_get_body (SIP_MESSAGE (response)) != NULL))
        sip_context_set_state (context, SIP_CONTEXT_STATE_EARLY);
    }
  else if (status < 300)
    sip_context_emit_accepted (context, status, response);
  else
    sip_context_fail (context, status, response, sip_cause_from_status (status));
}

/* Checks */

static gboolean
check_established (SipInviteContext  *self,
                   const char        *operation,
                   GError           **error)
{
  SipContextState state = sip_context_get_state (SIP_CONTEXT (self));

  if (state != SIP_CONTEXT_STATE_ESTABLISHED)
    {
      g_autoptr(GEnumClass) klass = g_type_class_ref (SIP_TYPE_CONTEXT_STATE);

      g_set_error (error, SIP_ERROR, SIP_ERROR_INVALID_STATE,
                   /* Translators: the first %s is an action, such as "hold"
                    * (translated on its own); the second a call state, such
                    * as "ringing", which stays in English */
                   _("Cannot %s: the call is %s, not established"), C_("failed action", operation),
                   g_enum_get_value (klass, state)->value_nick);
      return FALSE;
    }

  return TRUE;
}

/* Public API */

/**
 * sip_invite_context_get_local_sdp: (get-property local-sdp)
 * @self: a call
 *
 * Gets the session description this side sent last.
 *
 * Returns: (nullable): the local SDP, or %NULL
 */
const char *
sip_invite_context_get_local_sdp (SipInviteContext *self)
{
  g_return_val_if_fail (SIP_IS_INVITE_CONTEXT (self), NULL);

  return sip_invite_context_get_session (self)->local_sdp;
}

/**
 * sip_invite_context_get_remote_sdp: (get-property remote-sdp)
 * @self: a call
 *
 * Gets the session description the peer sent last.
 *
 * Returns: (nullable): the remote SDP, or %NULL
 */
const char *
sip_invite_context_get_remote_sdp (SipInviteContext *self)
{
  g_return_val_if_fail (SIP_IS_INVITE_CONTEXT (self), NULL);

  return sip_invite_context_get_session (self)->remote_sdp;
}

/**
 * sip_invite_context_get_remote_media_address: (get-property remote-media-address)
 * @self: a call
 *
 * Gets the address the peer receives its audio on.
 *
 * Returns: (nullable): the address, or %NULL
 */
const char *
sip_invite_context_get_remote_media_address (SipInviteContext *self)
{
  g_return_val_if_fail (SIP_IS_INVITE_CONTEXT (self), NULL);

  return sip_invite_context_get_session (self)->media_address;
}

/**
 * sip_invite_context_get_remote_media_port: (get-property remote-media-port)
 * @self: a call
 *
 * Gets the RTP port the peer receives its audio on.
 *
 * Returns: the port, or 0
 */
guint
sip_invite_context_get_remote_media_port (SipInviteContext *self)
{
  g_return_val_if_fail (SIP_IS_INVITE_CONTEXT (self), 0);

  return sip_invite_context_get_session (self)->media_port;
}

/**
 * sip_invite_context_get_remote_media_codec: (get-property remote-media-codec)
 * @self: a call
 *
 * Gets the first codec of the peer's audio stream, such as `PCMU/8000`.
 *
 * Returns: (nullable): the codec, or %NULL
 */
const char *
sip_invite_context_get_remote_media_codec (SipInviteContext *self)
{
  g_return_val_if_fail (SIP_IS_INVITE_CONTEXT (self), NULL);

  return sip_invite_context_get_session (self)->media_codec;
}

/**
 * sip_invite_context_get_local_hold: (get-property local-hold)
 * @self: a call
 *
 * Gets whether this side has put the call on hold.
 *
 * Returns: %TRUE if the call is on hold by this side
 */
gboolean
sip_invite_context_get_local_hold (SipInviteContext *self)
{
  g_return_val_if_fail (SIP_IS_INVITE_CONTEXT (self), FALSE);

  return sip_invite_context_get_session (self)->local_hold;
}

/**
 * sip_invite_context_get_remote_hold: (get-property remote-hold)
 * @self: a call
 *
 * Gets whether the peer has put the call on hold.
 *
 * Returns: %TRUE if the call is on hold by the peer
 */
gboolean
sip_invite_context_get_remote_hold (SipInviteContext *self)
{
  g_return_val_if_fail (SIP_IS_INVITE_CONTEXT (self), FALSE);

  return sip_invite_context_get_session (self)->remote_hold;
}

/**
 * sip_invite_context_get_start_time: (get-property start-time)
 * @self: a call
 *
 * Gets when the call was established.
 *
 * Returns: (nullable) (transfer none): the time, or %NULL
 */
GDateTime *
sip_invite_context_get_start_time (SipInviteContext *self)
{
  SipSession *session;

  g_return_val_if_fail (SIP_IS_INVITE_CONTEXT (self), NULL);

  session = sip_invite_context_get_session (self);
  if (session->start_time == NULL && session->start_usec != 0)
    {
      g_autoptr(GDateTime) seconds =
        g_date_time_new_from_unix_local (session->start_usec / G_USEC_PER_SEC);

      session->start_time = g_date_time_add (seconds, session->start_usec % G_USEC_PER_SEC);
    }

  return session->start_time;
}

/**
 * sip_invite_context_is_outgoing:
 * @self: a call
 *
 * Tells a call this user agent placed from one it received.
 *
 * Returns: %TRUE for a [class@Sip.InviteClientContext]
 */
gboolean
sip_invite_context_is_outgoing (SipInviteContext *self)
{
  g_return_val_if_fail (SIP_IS_INVITE_CONTEXT (self), FALSE);

  return sip_invite_context_get_session (self)->outgoing;
}

/**
 * sip_invite_context_bye:
 * @self: a call
 * @options: (nullable): extra headers for the BYE, such as `Reason`
 * @error: return location for an error
 *
 * Hangs up an answered call by sending BYE. The state becomes
 * %SIP_CONTEXT_STATE_TERMINATING, and [signal@Sip.Context::terminated]
 * follows with %SIP_CAUSE_BYE when the dialog is over.
 *
 * The call must be accepted or established; otherwise this fails with
 * %SIP_ERROR_INVALID_STATE (use [method@Sip.InviteContext.terminate] to end
 * a call in any state).
 *
 * Returns: %TRUE if the BYE was sent
 */
gboolean
sip_invite_context_bye (SipInviteContext   *self,
                        SipRequestOptions  *options,
                        GError            **error)
{
  su_home_t home[1] = { SU_HOME_INIT (home) };
  SipSession *session;
  SipContextState state;

  g_return_val_if_fail (SIP_IS_INVITE_CONTEXT (self), FALSE);
  g_return_val_if_fail (options == NULL || SIP_IS_REQUEST_OPTIONS (options), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  session = sip_invite_context_get_session (self);
  state = sip_context_get_state (SIP_CONTEXT (self));

  if (state != SIP_CONTEXT_STATE_ACCEPTED && state != SIP_CONTEXT_STATE_ESTABLISHED)
    {
      g_autoptr(GEnumClass) klass = g_type_class_ref (SIP_TYPE_CONTEXT_STATE);

      g_set_error (error, SIP_ERROR, SIP_ERROR_INVALID_STATE,
                   /* Translators: %s is a call state, such as "ringing",
                    * which stays in English */
                   _("Cannot send BYE: the call is %s"),
                   g_enum_get_value (klass, state)->value_nick);
      return FALSE;
    }
  if (!sip_convert_check_options (SIP_OPTIONS (options), error))
    return FALSE;

  send_bye (session, SIP_CAUSE_BYE,
            sip_convert_options_to_tags (home, SIP_OPTIONS (options), NULL));
  su_home_deinit (home);

  return TRUE;
}

/**
 * sip_invite_context_terminate:
 * @self: a call
 * @error: return location for an error
 *
 * Ends the call in whatever state it is, as SIP.js's `terminate()` does:
 * an outgoing call not answered yet is cancelled, an incoming call not
 * answered yet is rejected with 480, and an answered call is hung up with
 * BYE. Terminating a call that is already ending does nothing.
 *
 * Returns: %TRUE on success; %FALSE with %SIP_ERROR_INVALID_STATE if the
 *   call has terminated
 */
gboolean
sip_invite_context_terminate (SipInviteContext  *self,
                              GError           **error)
{
  SipContext *context;
  SipContextState state;

  g_return_val_if_fail (SIP_IS_INVITE_CONTEXT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  context = SIP_CONTEXT (self);
  state = sip_context_get_state (context);

  switch (state)
    {
    case SIP_CONTEXT_STATE_TERMINATED:
      g_set_error_literal (error, SIP_ERROR, SIP_ERROR_INVALID_STATE,
                           _("The call has terminated"));
      return FALSE;
    case SIP_CONTEXT_STATE_TERMINATING:
      return TRUE;
    case SIP_CONTEXT_STATE_ACCEPTED:
    case SIP_CONTEXT_STATE_ESTABLISHED:
      return sip_invite_context_bye (self, NULL, error);
    default:
      if (SIP_IS_INVITE_CLIENT_CONTEXT (self))
        return sip_invite_client_context_cancel (SIP_INVITE_CLIENT_CONTEXT (self), NULL, error);
      return sip_server_context_reject (SIP_SERVER_CONTEXT (self), NULL, error);
    }
}

static void
hold_async (SipInviteContext    *self,
            gboolean             hold,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  SipSession *session = sip_invite_context_get_session (self);
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  if (!check_established (self, hold ? NC_("failed action", "hold") : NC_("failed action", "unhold"), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (session->hold_task != NULL)
    {
      g_task_return_new_error (task, SIP_ERROR, SIP_ERROR_INVALID_STATE,
                               /* Translators: %s is "hold" or "unhold" */
                               _("Cannot %s: a hold or unhold is in progress"),
                               hold ? C_("failed action", "hold") : C_("failed action", "unhold"));
      return;
    }
  if (session->local_hold == hold)
    {
      /* Already there: nothing to send. */
      g_task_return_boolean (task, TRUE);
      return;
    }

  session->hold_task = g_steal_pointer (&task);
  session->hold_target = hold;
  send_hold_reinvite (session);
}

/**
 * sip_invite_context_hold_async:
 * @self: a call
 * @cancellable: (nullable): a cancellable; it stops the wait, not the
 *   re-INVITE already sent
 * @callback: (scope async): called when the peer has answered
 * @user_data: data for @callback
 *
 * Puts the call on hold: sends a re-INVITE that makes the audio
 * `sendonly` (or `inactive` if the peer holds too).
 * [property@Sip.InviteContext:local-hold] becomes %TRUE only when the peer
 * accepts it; if the peer refuses, the media description stays as it was.
 * A 491 (both sides re-INVITing at once) is retried after the delay RFC
 * 3261 section 14.1 gives. Holding a held call completes at once.
 *
 * The call must be established, with no other hold or unhold in progress.
 */
void
sip_invite_context_hold_async (SipInviteContext    *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (SIP_IS_INVITE_CONTEXT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  hold_async (self, TRUE, sip_invite_context_hold_async, cancellable, callback, user_data);
}

/**
 * sip_invite_context_hold_finish:
 * @self: a call
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Finishes [method@Sip.InviteContext.hold_async].
 *
 * Returns: %TRUE if the call is on hold; %FALSE with %SIP_ERROR_FAILED (the
 *   peer refused), %SIP_ERROR_TIMEOUT or %SIP_ERROR_INVALID_STATE
 */
gboolean
sip_invite_context_hold_finish (SipInviteContext  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (SIP_IS_INVITE_CONTEXT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * sip_invite_context_unhold_async:
 * @self: a call
 * @cancellable: (nullable): a cancellable; it stops the wait, not the
 *   re-INVITE already sent
 * @callback: (scope async): called when the peer has answered
 * @user_data: data for @callback
 *
 * Takes the call off hold, with the same rules as
 * [method@Sip.InviteContext.hold_async].
 */
void
sip_invite_context_unhold_async (SipInviteContext    *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (SIP_IS_INVITE_CONTEXT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  hold_async (self, FALSE, sip_invite_context_unhold_async, cancellable, callback, user_data);
}

/**
 * sip_invite_context_unhold_finish:
 * @self: a call
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Finishes [method@Sip.InviteContext.unhold_async].
 *
 * Returns: %TRUE if the call is off hold
 */
gboolean
sip_invite_context_unhold_finish (SipInviteContext  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (SIP_IS_INVITE_CONTEXT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean send_next_tone_cb (gpointer data);

static void
send_next_tone (SipSession *session)
{
  g_autofree DtmfTone *tone = g_queue_pop_head (&session->dtmf_queue);
  g_autofree char *body = NULL;
  guint wait;

  if (tone == NULL)
    return;

  if (tone->tone == ',')
    wait = DTMF_PAUSE;
  else
    {
      body = g_strdup_printf ("Signal=%c\r\nDuration=%u\r\n", tone->tone, tone->duration);
      nua_info (handle_of (session),
                SIPTAG_CONTENT_TYPE_STR (DTMF_CONTENT_TYPE),
                SIPTAG_PAYLOAD_STR (body),
                TAG_END ());
      wait = tone->duration + tone->gap;
    }

  session->dtmf_id = sip_timeout_add (wait, send_next_tone_cb, session);
}

static gboolean
send_next_tone_cb (gpointer data)
{
  SipSession *session = data;

  session->dtmf_id = 0;
  send_next_tone (session);

  return G_SOURCE_REMOVE;
}

/**
 * sip_invite_context_dtmf:
 * @self: a call
 * @tones: the tones: `0`-`9`, `A`-`D`, `*`, `#`, and `,` for a pause of
 *   two seconds
 * @duration: how long each tone lasts in milliseconds, between 70 and
 *   6000; 0 for 100
 * @inter_tone_gap: the pause after each tone in milliseconds, at least 50;
 *   0 for 500
 * @error: return location for an error
 *
 * Sends DTMF tones, each as an INFO with an `application/dtmf-relay` body,
 * one after the other. Tones are queued behind those still waiting to be
 * sent. A duration out of range is clamped, as in SIP.js.
 *
 * Fails with %SIP_ERROR_INVALID_ARGUMENT for an empty string or any other
 * character, and %SIP_ERROR_INVALID_STATE if the call is not established;
 * nothing is queued then.
 *
 * Returns: %TRUE if the tones were queued
 */
gboolean
sip_invite_context_dtmf (SipInviteContext  *self,
                         const char        *tones,
                         guint              duration,
                         guint              inter_tone_gap,
                         GError           **error)
{
  SipSession *session;

  g_return_val_if_fail (SIP_IS_INVITE_CONTEXT (self), FALSE);
  g_return_val_if_fail (tones != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  session = sip_invite_context_get_session (self);

  if (tones[0] == '\0' || tones[strspn (tones, "0123456789ABCDabcd#*,")] != '\0')
    {
      g_set_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT,
                   _("Invalid DTMF tones \"%s\": only 0-9, A-D, *, # and , are allowed"),
                   tones);
      return FALSE;
    }
  if (!check_established (self, NC_("failed action", "send DTMF"), error))
    return FALSE;

  if (duration == 0)
    duration = DTMF_DEFAULT_DURATION;
  duration = CLAMP (duration, DTMF_MIN_DURATION, DTMF_MAX_DURATION);
  if (inter_tone_gap == 0)
    inter_tone_gap = DTMF_DEFAULT_GAP;
  inter_tone_gap = MAX (inter_tone_gap, DTMF_MIN_GAP);

  for (const char *p = tones; *p; p++)
    {
      DtmfTone *tone = g_new0 (DtmfTone, 1);

      tone->tone = g_ascii_toupper (*p);
      tone->duration = duration;
      tone->gap = inter_tone_gap;
      g_queue_push_tail (&session->dtmf_queue, tone);
    }

  if (session->dtmf_id == 0)
    send_next_tone (session);

  return TRUE;
}

static gboolean
start_refer (SipInviteContext   *self,
             const char         *refer_to,
             SipRequestOptions  *options,
             GError            **error)
{
  SipSession *session = sip_invite_context_get_session (self);
  su_home_t home[1] = { SU_HOME_INIT (home) };
  g_autofree char *referred_by = NULL;
  SipNameAddr *local = sip_context_get_local_identity (SIP_CONTEXT (self));

  if (!check_established (self, NC_("failed action", "transfer"), error))
    return FALSE;
  if (session->refer_pending)
    {
      g_set_error_literal (error, SIP_ERROR, SIP_ERROR_INVALID_STATE,
                           _("Cannot transfer: a transfer is in progress"));
      return FALSE;
    }
  if (!sip_convert_check_options (SIP_OPTIONS (options), error))
    return FALSE;

  referred_by = g_strdup_printf ("<%s>", sip_name_addr_get_uri (local));
  nua_refer (handle_of (session),
             SIPTAG_REFER_TO_STR (refer_to),
             SIPTAG_REFERRED_BY_STR (referred_by),
             TAG_NEXT (sip_convert_options_to_tags (home, SIP_OPTIONS (options), NULL)));
  su_home_deinit (home);

  session->refer_pending = TRUE;
  return TRUE;
}

/**
 * sip_invite_context_refer:
 * @self: an established call
 * @target: the URI the peer should call instead
 * @options: (nullable): extra headers for the REFER
 * @error: return location for an error
 *
 * Blind transfer: asks the peer to call @target (a REFER in the dialog).
 * The peer's progress arrives as [signal@Sip.InviteContext::transfer-progress]
 * and, once, [signal@Sip.InviteContext::transfer-finished]. The call itself
 * stays up; hang it up when the transfer has succeeded.
 *
 * Returns: %TRUE if the REFER was sent
 */
gboolean
sip_invite_context_refer (SipInviteContext   *self,
                          const char         *target,
                          SipRequestOptions  *options,
                          GError            **error)
{
  g_autofree char *refer_to = NULL;

  g_return_val_if_fail (SIP_IS_INVITE_CONTEXT (self), FALSE);
  g_return_val_if_fail (target != NULL, FALSE);
  g_return_val_if_fail (options == NULL || SIP_IS_REQUEST_OPTIONS (options), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!sip_convert_check_uri (target, error))
    return FALSE;

  refer_to = g_strdup_printf ("<%s>", target);
  return start_refer (self, refer_to, options, error);
}

/**
 * sip_invite_context_refer_attended:
 * @self: an established call
 * @other: another established call of the same user agent, with the party
 *   @self's peer should be connected to
 * @options: (nullable): extra headers for the REFER
 * @error: return location for an error
 *
 * Attended transfer: asks the peer of @self to call the peer of @other,
 * replacing @other (the Refer-To carries a `Replaces` header, RFC 3891).
 * Progress is reported as for [method@Sip.InviteContext.refer]; the peer
 * of @other ends @other when the new call is established.
 *
 * Returns: %TRUE if the REFER was sent
 */
gboolean
sip_invite_context_refer_attended (SipInviteContext   *self,
                                   SipInviteContext   *other,
                                   SipRequestOptions  *options,
                                   GError            **error)
{
  su_home_t home[1] = { SU_HOME_INIT (home) };
  g_autofree char *escaped = NULL;
  g_autofree char *refer_to = NULL;
  sip_replaces_t *replaces;
  nua_handle_t *other_nh;
  SipNameAddr *remote;
  char *value;
  gboolean ok;

  g_return_val_if_fail (SIP_IS_INVITE_CONTEXT (self), FALSE);
  g_return_val_if_fail (SIP_IS_INVITE_CONTEXT (other), FALSE);
  g_return_val_if_fail (options == NULL || SIP_IS_REQUEST_OPTIONS (options), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (other == self)
    {
      g_set_error_literal (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT,
                           _("Cannot transfer a call to itself"));
      return FALSE;
    }
  if (!check_established (other, NC_("failed action", "transfer to the other call"), error))
    return FALSE;

  other_nh = sip_context_get_handle (SIP_CONTEXT (other));
  replaces = nua_handle_make_replaces (other_nh, home, 0);
  value = replaces ? sip_header_as_string (home, (sip_header_t *) replaces) : NULL;
  if (value == NULL)
    {
      su_home_deinit (home);
      g_set_error_literal (error, SIP_ERROR, SIP_ERROR_INVALID_STATE,
                           _("Cannot transfer: the other call has no dialog"));
      return FALSE;
    }

  escaped = g_uri_escape_string (value, NULL, FALSE);
  su_home_deinit (home);

  remote = sip_context_get_remote_identity (SIP_CONTEXT (other));
  refer_to = g_strdup_printf ("<%s?Replaces=%s>", sip_name_addr_get_uri (remote), escaped);
  ok = start_refer (self, refer_to, options, error);

  return ok;
}

/**
 * sip_invite_context_follow_refer:
 * @self: the call the REFER arrived in
 * @refer: the context given by [signal@Sip.InviteContext::refer]
 * @options: (nullable): extra headers and SDP for the new INVITE
 * @error: return location for an error
 *
 * Consents to a transfer the peer asked for: answers the REFER with 202
 * and calls the Refer-To target (with the `Replaces` header of an
 * attended transfer). The peer learns how the new call goes (NOTIFY with
 * `message/sipfrag`) without anything more to do. The transferred call is
 * not ended automatically.
 *
 * Returns: (transfer full): the new call
 */
SipInviteClientContext *
sip_invite_context_follow_refer (SipInviteContext   *self,
                                 SipServerContext   *refer,
                                 SipRequestOptions  *options,
                                 GError            **error)
{
  SipSession *session;
  g_autoptr(SipReplyOptions) accepted = NULL;
  g_autofree char *target = NULL;
  g_autofree char *replaces = NULL;
  g_autoptr(SipNameAddr) refer_to = NULL;
  const char *value;
  char *query;
  SipInviteClientContext *call;
  SipUserAgent *user_agent;

  g_return_val_if_fail (SIP_IS_INVITE_CONTEXT (self), NULL);
  g_return_val_if_fail (SIP_IS_SERVER_CONTEXT (refer), NULL);
  g_return_val_if_fail (options == NULL || SIP_IS_REQUEST_OPTIONS (options), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  session = sip_invite_context_get_session (self);
  user_agent = sip_context_get_user_agent (SIP_CONTEXT (self));

  if (sip_server_context_is_answered (refer) || sip_context_is_terminated (SIP_CONTEXT (refer)))
    {
      g_set_error_literal (error, SIP_ERROR, SIP_ERROR_INVALID_STATE,
                           _("The REFER was answered already"));
      return NULL;
    }
  if (session->refers == NULL || !g_ptr_array_find (session->refers, refer, NULL))
    {
      g_set_error_literal (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT,
                           _("The REFER was not received in this call"));
      return NULL;
    }
  if (user_agent == NULL)
    {
      g_set_error_literal (error, SIP_ERROR, SIP_ERROR_INVALID_STATE,
                           _("The user agent is gone"));
      return NULL;
    }

  value = sip_message_get_header (SIP_MESSAGE (sip_context_get_request (SIP_CONTEXT (refer))),
                                  "Refer-To");
  refer_to = value ? sip_name_addr_parse (value, error) : NULL;
  if (refer_to == NULL)
    {
      if (value == NULL)
        g_set_error_literal (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT,
                             _("The REFER has no Refer-To"));
      return NULL;
    }

  target = g_strdup (sip_name_addr_get_uri (refer_to));
  query = strchr (target, '?');
  if (query)
    {
      g_auto(GStrv) fields = g_strsplit (query + 1, "&", -1);

      *query = '\0';
      for (guint i = 0; fields[i]; i++)
        if (g_ascii_strncasecmp (fields[i], "Replaces=", 9) == 0)
          replaces = g_uri_unescape_string (fields[i] + 9, NULL);
    }
  if (!sip_convert_check_uri (target, error) ||
      !sip_session_check_sdp_options (SIP_OPTIONS (options), error) ||
      !sip_convert_check_options (SIP_OPTIONS (options), error))
    return NULL;

  /* The 202 goes first: it creates the subscription the new call's
   * progress is reported in. */
  accepted = sip_reply_options_new (202);
  if (!sip_server_context_accept (refer, accepted, error))
    return NULL;
  forget_refer (session, refer);

  call = sip_invite_client_context_new (user_agent, target, options, session,
                                        g_object_get_data (G_OBJECT (refer), "sip-refer-event"),
                                        sip_message_get_header (SIP_MESSAGE (sip_context_get_request (SIP_CONTEXT (refer))),
                                                                "Referred-By"),
                                        replaces, error);

  return call;
}
