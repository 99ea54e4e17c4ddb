/* sd-echo-peer.c: the built-in peer that answers, echoes and replies
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sd-echo-peer.h"
#include "sd-history.h"
#include "sd-util.h"

/**
 * SdEchoPeer:
 *
 * A second user agent inside the application, on 127.0.0.1, so that the
 * softphone can be tried without an account. Its address is
 * %SD_ECHO_PEER_ADDRESS; requests reach it at its route URI (the address
 * actually bound). It:
 *
 * - answers every call after ringing for #SdEchoPeer:ring-time,
 * - sends the DTMF tones of a call back as a MESSAGE (“You pressed 1 2 3”),
 * - answers every MESSAGE with 200 and replies with a MESSAGE of its own;
 *   to “call me” it replies, then calls the sender back,
 * - to “transfer me”, sent during a call with it, asks the sender to
 *   transfer that call to the echo peer itself (a blind transfer, REFER):
 *   the sender calls it anew, and once that call is answered the peer
 *   hangs up the old one,
 * - follows transfers (REFER): it calls whom it is transferred to.
 *
 * Replies go to where the request came from: the Contact of a call, the
 * top Via (received, rport) of a MESSAGE, which has no Contact. That is
 * right for peers on this host, which is all the echo peer serves.
 */

#define DTMF_BATCH_MS      1000
#define CALL_BACK_DELAY_MS 1000
#define CALL_BACK_GIVE_UP_MS 30000

struct _SdEchoPeer
{
  GObject       parent_instance;

  SipUserAgent *ua;
  char         *route_uri;
  char         *route_display;
  guint         ring_time;
  GHashTable   *calls;        /* SipInviteContext -> EchoCall */
  GHashTable   *greeted;      /* reply targets that were told about "call me" */
  GPtrArray    *call_backs;   /* CallBack, pending */
};

G_DEFINE_FINAL_TYPE (SdEchoPeer, sd_echo_peer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RING_TIME,
  PROP_ROUTE_URI,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

typedef struct
{
  SdEchoPeer       *self;     /* unowned; the peer outlives its calls' entries */
  SipInviteContext *call;     /* owned */
  char             *reply_to;
  GString          *tones;
  guint             ring_id;
  guint             dtmf_id;
  guint             give_up_id;
} EchoCall;

typedef struct
{
  SdEchoPeer *self;
  char       *target;
  guint       id;
} CallBack;

static void
echo_call_free (EchoCall *echo)
{
  g_clear_handle_id (&echo->ring_id, g_source_remove);
  g_clear_handle_id (&echo->dtmf_id, g_source_remove);
  g_clear_handle_id (&echo->give_up_id, g_source_remove);
  g_signal_handlers_disconnect_by_data (echo->call, echo);
  g_clear_object (&echo->call);
  g_clear_pointer (&echo->reply_to, g_free);
  if (echo->tones != NULL)
    g_string_free (echo->tones, TRUE);
  g_free (echo);
}

static void
call_back_free (CallBack *call_back)
{
  g_clear_handle_id (&call_back->id, g_source_remove);
  g_free (call_back->target);
  g_free (call_back);
}

static void
sd_echo_peer_dispose (GObject *object)
{
  SdEchoPeer *self = SD_ECHO_PEER (object);

  g_hash_table_remove_all (self->calls);
  g_ptr_array_set_size (self->call_backs, 0);
  if (self->ua != NULL)
    g_signal_handlers_disconnect_by_data (self->ua, self);
  g_clear_object (&self->ua);

  G_OBJECT_CLASS (sd_echo_peer_parent_class)->dispose (object);
}

static void
sd_echo_peer_finalize (GObject *object)
{
  SdEchoPeer *self = SD_ECHO_PEER (object);

  g_clear_pointer (&self->calls, g_hash_table_unref);
  g_clear_pointer (&self->greeted, g_hash_table_unref);
  g_clear_pointer (&self->call_backs, g_ptr_array_unref);
  g_clear_pointer (&self->route_uri, g_free);
  g_clear_pointer (&self->route_display, g_free);

  G_OBJECT_CLASS (sd_echo_peer_parent_class)->finalize (object);
}

static void
sd_echo_peer_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SdEchoPeer *self = SD_ECHO_PEER (object);

  switch (prop_id)
    {
    case PROP_RING_TIME:
      g_value_set_uint (value, self->ring_time);
      break;
    case PROP_ROUTE_URI:
      g_value_set_string (value, self->route_uri);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sd_echo_peer_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  SdEchoPeer *self = SD_ECHO_PEER (object);

  switch (prop_id)
    {
    case PROP_RING_TIME:
      sd_echo_peer_set_ring_time (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sd_echo_peer_class_init (SdEchoPeerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sd_echo_peer_dispose;
  object_class->finalize = sd_echo_peer_finalize;
  object_class->get_property = sd_echo_peer_get_property;
  object_class->set_property = sd_echo_peer_set_property;

  /* How long a call rings before the peer answers, in milliseconds. */
  props[PROP_RING_TIME] =
    g_param_spec_uint ("ring-time", NULL, NULL, 0, 30000, 1000,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Where requests to the peer go while it runs: sip:echo@127.0.0.1:PORT. */
  props[PROP_ROUTE_URI] =
    g_param_spec_string ("route-uri", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
sd_echo_peer_init (SdEchoPeer *self)
{
  self->ring_time = 1000;
  self->calls = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) echo_call_free);
  self->greeted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->call_backs = g_ptr_array_new_with_free_func ((GDestroyNotify) call_back_free);
}

/**
 * sd_echo_peer_new:
 *
 * Returns: (transfer full): an echo peer, not started
 */
SdEchoPeer *
sd_echo_peer_new (void)
{
  return g_object_new (SD_TYPE_ECHO_PEER, NULL);
}

/* Parses the top Via of a request into the URI it was sent from. */
static char *
reply_target_from_via (const char *via,
                       const char *user)
{
  g_autofree char *protocol = NULL;
  g_autofree char *host = NULL;
  g_autofree char *port = NULL;
  g_auto(GStrv) params = NULL;
  const char *sent_by, *end;
  g_autofree char *sent_by_text = NULL;
  GString *uri;

  /* "SIP/2.0/UDP host:port;param;param" (the first Via only) */
  if (via == NULL || !g_str_has_prefix (via, "SIP/2.0/"))
    return NULL;

  via += strlen ("SIP/2.0/");
  end = strpbrk (via, " \t");
  if (end == NULL)
    return NULL;
  protocol = g_ascii_strdown (via, end - via);

  sent_by = end;
  while (*sent_by == ' ' || *sent_by == '\t')
    sent_by++;
  end = strpbrk (sent_by, ";, \t");
  sent_by_text = end ? g_strndup (sent_by, end - sent_by) : g_strdup (sent_by);
  if (*sent_by_text == '\0')
    return NULL;

  if (sent_by_text[0] == '[')
    {
      char *close = strchr (sent_by_text, ']');

      if (close == NULL)
        return NULL;
      host = g_strndup (sent_by_text, close - sent_by_text + 1);
      if (close[1] == ':')
        port = g_strdup (close + 2);
    }
  else
    {
      char *colon = strchr (sent_by_text, ':');

      host = colon ? g_strndup (sent_by_text, colon - sent_by_text) : g_strdup (sent_by_text);
      if (colon)
        port = g_strdup (colon + 1);
    }

  if (end != NULL && *end == ';')
    {
      g_autofree char *rest = NULL;
      const char *comma = strchr (end, ',');

      rest = comma ? g_strndup (end + 1, comma - end - 1) : g_strdup (end + 1);
      params = g_strsplit (rest, ";", -1);
      for (guint i = 0; params[i] != NULL; i++)
        {
          char *param = g_strstrip (params[i]);

          if (g_str_has_prefix (param, "received=") && param[9] != '\0')
            {
              g_free (host);
              host = strchr (param + 9, ':') && param[9] != '['
                ? g_strdup_printf ("[%s]", param + 9) : g_strdup (param + 9);
            }
          else if (g_str_has_prefix (param, "rport=") && param[6] != '\0')
            {
              g_free (port);
              port = g_strdup (param + 6);
            }
        }
    }

  uri = g_string_new ("sip:");
  if (user != NULL && *user != '\0')
    g_string_append_printf (uri, "%s@", user);
  g_string_append (uri, host);
  if (port != NULL && *port != '\0')
    g_string_append_printf (uri, ":%s", port);
  if (g_strcmp0 (protocol, "tcp") == 0 || g_strcmp0 (protocol, "tls") == 0)
    g_string_append_printf (uri, ";transport=%s", protocol);

  return g_string_free (uri, FALSE);
}

/**
 * sd_reply_target_for_request:
 * @request: a request that arrived
 *
 * Returns: (transfer full) (nullable): where to send requests back to the
 *   sender of @request: its Contact, else its top Via with `received`
 *   and `rport`, with the user of its From; %NULL if neither parses
 */
char *
sd_reply_target_for_request (SipRequest *request)
{
  SipMessage *message = SIP_MESSAGE (request);
  SipNameAddr *from = sip_message_get_from (message);
  const char *contact = sip_message_get_header (message, "Contact");
  g_auto(GStrv) vias = NULL;
  g_autofree char *target = NULL;
  g_autoptr(SipNameAddr) checked = NULL;

  g_return_val_if_fail (SIP_IS_REQUEST (request), NULL);

  if (contact != NULL)
    {
      g_autoptr(SipNameAddr) addr = sip_name_addr_parse (contact, NULL);

      if (addr != NULL)
        return g_strdup (sip_name_addr_get_uri (addr));
    }

  vias = sip_message_get_header_values (message, "Via");
  if (vias == NULL || vias[0] == NULL)
    return NULL;

  target = reply_target_from_via (vias[0], from ? sip_name_addr_get_user (from) : NULL);
  if (target == NULL)
    return NULL;

  checked = sip_name_addr_new (NULL, target, NULL);
  return checked != NULL ? g_steal_pointer (&target) : NULL;
}

static void
send_message (SdEchoPeer *self,
              const char *target,
              const char *text)
{
  g_autoptr(SipMessageClientContext) context = NULL;
  g_autoptr(GError) error = NULL;

  if (self->ua == NULL || !sip_user_agent_is_running (self->ua))
    return;

  /* The user agent keeps the context alive until it has terminated. */
  context = sip_user_agent_message (self->ua, target, text, "text/plain;charset=UTF-8",
                                    NULL, &error);
  if (context == NULL)
    g_debug ("Echo peer: cannot reply to %s: %s", target, error->message);
}

static gboolean
flush_tones_cb (gpointer user_data)
{
  EchoCall *echo = user_data;
  g_autofree char *text = NULL;

  echo->dtmf_id = 0;
  /* Translators: the echo peer's answer to keypad tones; %s is the tones, such as “1 2 3” */
  text = g_strdup_printf (_("You pressed %s"), echo->tones->str);
  g_string_truncate (echo->tones, 0);
  send_message (echo->self, echo->reply_to, text);

  return G_SOURCE_REMOVE;
}

static void
call_dtmf_cb (SipInviteContext *call,
              const char       *tone,
              guint             duration,
              gpointer          user_data)
{
  EchoCall *echo = user_data;

  if (echo->reply_to == NULL)
    return;

  if (echo->tones->len > 0)
    g_string_append_c (echo->tones, ' ');
  g_string_append (echo->tones, tone);

  /* One message for a burst of tones. */
  g_clear_handle_id (&echo->dtmf_id, g_source_remove);
  echo->dtmf_id = g_timeout_add (DTMF_BATCH_MS, flush_tones_cb, echo);
}

static gboolean give_up_cb (gpointer user_data);
static EchoCall *track_call (SdEchoPeer       *self,
                             SipInviteContext *call,
                             const char       *reply_to);

static void
call_refer_cb (SipInviteContext *call,
               SipServerContext *refer,
               const char       *refer_to,
               gpointer          user_data)
{
  EchoCall *echo = user_data;
  SdEchoPeer *self = echo->self;
  g_autoptr(SipInviteClientContext) transferred = NULL;
  g_autoptr(GError) error = NULL;
  EchoCall *followed;

  /* A person transfers the echo peer somewhere: it goes. */
  transferred = sip_invite_context_follow_refer (call, refer, NULL, &error);
  if (transferred == NULL)
    {
      g_debug ("Echo peer: cannot follow a transfer to %s: %s", refer_to, error->message);
      return;
    }

  followed = track_call (self, SIP_INVITE_CONTEXT (transferred), NULL);
  followed->give_up_id = g_timeout_add (CALL_BACK_GIVE_UP_MS, give_up_cb, followed);
}

static void
call_transfer_finished_cb (SipInviteContext *call,
                           guint             status_code,
                           const char       *reason_phrase,
                           gpointer          user_data)
{
  EchoCall *echo = user_data;
  g_autofree char *failure = NULL;

  /* After a success the sender talks to the peer on the new call: this
   * one is hung up. A failure is told to the sender. */
  failure = sd_end_transferred_call (call, status_code, reason_phrase);
  if (failure != NULL && echo->reply_to != NULL)
    send_message (echo->self, echo->reply_to, failure);
}

static void
call_terminated_cb (SipContext *call,
                    SipCause    cause,
                    gpointer    user_data)
{
  EchoCall *echo = user_data;

  /* Frees ECHO. */
  g_hash_table_remove (echo->self->calls, call);
}

static EchoCall *
track_call (SdEchoPeer       *self,
            SipInviteContext *call,
            const char       *reply_to)
{
  EchoCall *echo = g_new0 (EchoCall, 1);

  echo->self = self;
  echo->call = g_object_ref (call);
  echo->reply_to = g_strdup (reply_to);
  echo->tones = g_string_new (NULL);
  g_signal_connect (call, "dtmf", G_CALLBACK (call_dtmf_cb), echo);
  g_signal_connect (call, "refer", G_CALLBACK (call_refer_cb), echo);
  g_signal_connect (call, "transfer-finished", G_CALLBACK (call_transfer_finished_cb), echo);
  g_signal_connect (call, "terminated", G_CALLBACK (call_terminated_cb), echo);
  g_hash_table_insert (self->calls, call, echo);

  return echo;
}

static gboolean
answer_cb (gpointer user_data)
{
  EchoCall *echo = user_data;
  g_autoptr(GError) error = NULL;

  echo->ring_id = 0;
  if (!sip_server_context_accept (SIP_SERVER_CONTEXT (echo->call), NULL, &error))
    g_debug ("Echo peer: cannot answer: %s", error->message);

  return G_SOURCE_REMOVE;
}

static void
invite_cb (SipUserAgent           *ua,
           SipInviteServerContext *call,
           gpointer                user_data)
{
  SdEchoPeer *self = user_data;
  g_autofree char *reply_to = NULL;
  g_autoptr(GError) error = NULL;
  EchoCall *echo;

  reply_to = sd_reply_target_for_request (sip_context_get_request (SIP_CONTEXT (call)));
  echo = track_call (self, SIP_INVITE_CONTEXT (call), reply_to);

  if (!sip_server_context_progress (SIP_SERVER_CONTEXT (call), NULL, &error))
    {
      g_debug ("Echo peer: cannot ring: %s", error->message);
      return;
    }

  echo->ring_id = g_timeout_add (self->ring_time, answer_cb, echo);
}

static gboolean
give_up_cb (gpointer user_data)
{
  EchoCall *echo = user_data;

  echo->give_up_id = 0;
  if (sip_context_get_state (SIP_CONTEXT (echo->call)) < SIP_CONTEXT_STATE_ACCEPTED)
    sip_invite_context_terminate (echo->call, NULL);

  return G_SOURCE_REMOVE;
}

static gboolean
call_back_cb (gpointer user_data)
{
  CallBack *call_back = user_data;
  SdEchoPeer *self = call_back->self;
  g_autoptr(SipInviteClientContext) call = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *target = g_strdup (call_back->target);
  EchoCall *echo;

  call_back->id = 0;
  g_ptr_array_remove_fast (self->call_backs, call_back);

  if (self->ua == NULL || !sip_user_agent_is_running (self->ua))
    return G_SOURCE_REMOVE;

  call = sip_user_agent_invite (self->ua, target, NULL, &error);
  if (call == NULL)
    {
      g_debug ("Echo peer: cannot call %s back: %s", target, error->message);
      return G_SOURCE_REMOVE;
    }

  echo = track_call (self, SIP_INVITE_CONTEXT (call), target);
  echo->give_up_id = g_timeout_add (CALL_BACK_GIVE_UP_MS, give_up_cb, echo);

  return G_SOURCE_REMOVE;
}

/* Whether TEXT starts with a command, in English or in the user's
 * language (TRANSLATED, in lower case). */
static gboolean
is_command (const char *text,
            const char *command,
            const char *translated)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);

  g_strstrip (folded);
  return g_str_has_prefix (folded, command) || g_str_has_prefix (folded, translated);
}

/* Where URI reaches: its host and port, without its user (the Contact
 * of a call may have none, the reply target of a message has the From's). */
static char *
dup_host_port (const char *uri)
{
  g_autofree char *display = sd_uri_display (uri);
  const char *at = strchr (display, '@');

  return g_strdup (at != NULL ? at + 1 : display);
}

/* The established call with the sender of a message that REPLY_TO
 * answers: the call's reply target (its Contact) and the message's reach
 * the same user agent. */
static EchoCall *
find_established_call (SdEchoPeer *self,
                       const char *reply_to)
{
  GHashTableIter iter;
  EchoCall *echo;
  g_autofree char *wanted = dup_host_port (reply_to);

  g_hash_table_iter_init (&iter, self->calls);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &echo))
    {
      g_autofree char *reaches = NULL;

      if (echo->reply_to == NULL ||
          sip_context_get_state (SIP_CONTEXT (echo->call)) != SIP_CONTEXT_STATE_ESTABLISHED)
        continue;

      reaches = dup_host_port (echo->reply_to);
      if (g_strcmp0 (reaches, wanted) == 0)
        return echo;
    }

  return NULL;
}

/* “transfer me”: asks the sender to call the peer anew (REFER to its own
 * route URI), in the call it has with the sender. */
static void
transfer_sender (SdEchoPeer *self,
                 const char *reply_to)
{
  EchoCall *echo = find_established_call (self, reply_to);
  g_autoptr(GError) error = NULL;

  if (echo == NULL)
    {
      send_message (self, reply_to, _("There is no call to transfer: call me, then send “transfer me”."));
      return;
    }

  if (!sip_invite_context_refer (echo->call, self->route_uri, NULL, &error))
    {
      g_autofree char *text = NULL;

      /* Translators: the echo peer's reply when it cannot ask for a
       * transfer; %s is why */
      text = g_strdup_printf (_("I cannot transfer you: %s"), error->message);
      send_message (self, reply_to, text);
      return;
    }

  send_message (self, reply_to, _("Transferring you to me, on a new call…"));
}

static void
message_cb (SipUserAgent            *ua,
            SipMessageServerContext *context,
            gpointer                 user_data)
{
  SdEchoPeer *self = user_data;
  g_autofree char *reply_to = NULL;
  g_autofree char *reply = NULL;
  g_autoptr(GError) error = NULL;
  const char *text;

  if (!sip_server_context_accept (SIP_SERVER_CONTEXT (context), NULL, &error))
    {
      g_debug ("Echo peer: cannot accept a message: %s", error->message);
      return;
    }

  reply_to = sd_reply_target_for_request (sip_context_get_request (SIP_CONTEXT (context)));
  if (reply_to == NULL)
    return;

  text = sip_message_context_get_text (SIP_MESSAGE_CONTEXT (context));
  if (text == NULL)
    text = "";

  /* Translators: a command of the echo peer, in lower case: what a
   * person writes to be called back (“call me” works in every language) */
  if (is_command (text, "call me", _("call me")))
    {
      CallBack *call_back = g_new0 (CallBack, 1);

      call_back->self = self;
      call_back->target = g_strdup (reply_to);
      call_back->id = g_timeout_add (CALL_BACK_DELAY_MS, call_back_cb, call_back);
      g_ptr_array_add (self->call_backs, call_back);
      send_message (self, reply_to, _("Calling you back…"));
      return;
    }

  /* Translators: a command of the echo peer, in lower case: what a
   * person writes during a call with it to be transferred (“transfer me”
   * works in every language) */
  if (is_command (text, "transfer me", _("transfer me")))
    {
      transfer_sender (self, reply_to);
      return;
    }

  if (!g_hash_table_contains (self->greeted, reply_to))
    {
      g_hash_table_add (self->greeted, g_strdup (reply_to));
      /* Translators: the echo peer's first reply; %s is the message it received */
      reply = g_strdup_printf (_("You said: %s\n(Send “call me” and I will call you back; "
                                 "during a call, send “transfer me” and I will transfer it.)"),
                               text);
    }
  else
    {
      /* Translators: the echo peer's reply; %s is the message it received */
      reply = g_strdup_printf (_("You said: %s"), text);
    }

  send_message (self, reply_to, reply);
}

/**
 * sd_echo_peer_start:
 * @self: an echo peer
 * @error: return location for an error
 *
 * Starts the peer's user agent on a free port of 127.0.0.1.
 *
 * Returns: %TRUE if the peer runs
 */
gboolean
sd_echo_peer_start (SdEchoPeer  *self,
                    GError     **error)
{
  g_autoptr(SipUserAgent) ua = NULL;
  const char *contact;

  g_return_val_if_fail (SD_IS_ECHO_PEER (self), FALSE);
  g_return_val_if_fail (self->ua == NULL, FALSE);

  ua = sip_user_agent_new (SD_ECHO_PEER_ADDRESS);
  sip_user_agent_set_display_name (ua, "Echo");
  sip_user_agent_set_bind_uri (ua, "sip:127.0.0.1:0");
  sip_user_agent_set_user_agent_string (ua, "sipctx-demo echo peer");
  g_signal_connect (ua, "invite", G_CALLBACK (invite_cb), self);
  g_signal_connect (ua, "message", G_CALLBACK (message_cb), self);

  if (!sip_user_agent_start (ua, error))
    {
      g_signal_handlers_disconnect_by_data (ua, self);
      return FALSE;
    }

  contact = sip_user_agent_get_contact_uri (ua);
  g_assert (g_str_has_prefix (contact, "sip:"));
  g_free (self->route_uri);
  self->route_uri = g_strdup_printf ("sip:echo@%s", contact + strlen ("sip:"));
  g_free (self->route_display);
  self->route_display = sd_uri_display (self->route_uri);
  self->ua = g_steal_pointer (&ua);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ROUTE_URI]);

  return TRUE;
}

/**
 * sd_echo_peer_stop_async:
 * @self: an echo peer
 * @cancellable: (nullable): a cancellable
 * @callback: called when the peer has stopped
 * @user_data: data for @callback
 *
 * Stops the peer: its calls end, and its user agent shuts down.
 */
void
sd_echo_peer_stop_async (SdEchoPeer          *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SipUserAgent) ua = NULL;

  g_return_if_fail (SD_IS_ECHO_PEER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sd_echo_peer_stop_async);

  g_ptr_array_set_size (self->call_backs, 0);
  g_hash_table_remove_all (self->calls);
  ua = g_steal_pointer (&self->ua);
  g_clear_pointer (&self->route_uri, g_free);
  g_clear_pointer (&self->route_display, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ROUTE_URI]);

  if (ua != NULL)
    g_signal_handlers_disconnect_by_data (ua, self);
  sd_user_agent_stop_task (ua, g_steal_pointer (&task));
}

gboolean
sd_echo_peer_stop_finish (SdEchoPeer    *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * sd_echo_peer_get_user_agent:
 * @self: an echo peer
 *
 * Returns: (transfer none) (nullable): the peer's user agent while it runs
 */
SipUserAgent *
sd_echo_peer_get_user_agent (SdEchoPeer *self)
{
  g_return_val_if_fail (SD_IS_ECHO_PEER (self), NULL);
  return self->ua;
}

/**
 * sd_echo_peer_get_route_uri:
 * @self: an echo peer
 *
 * Returns: (nullable): where requests to the peer go: `sip:echo@127.0.0.1:PORT`,
 *   or %NULL when it does not run
 */
const char *
sd_echo_peer_get_route_uri (SdEchoPeer *self)
{
  g_return_val_if_fail (SD_IS_ECHO_PEER (self), NULL);
  return self->route_uri;
}

guint
sd_echo_peer_get_ring_time (SdEchoPeer *self)
{
  g_return_val_if_fail (SD_IS_ECHO_PEER (self), 0);
  return self->ring_time;
}

void
sd_echo_peer_set_ring_time (SdEchoPeer *self,
                            guint       ring_time_ms)
{
  g_return_if_fail (SD_IS_ECHO_PEER (self));

  if (self->ring_time == ring_time_ms)
    return;

  self->ring_time = ring_time_ms;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_RING_TIME]);
}

/**
 * sd_echo_peer_is_echo_uri:
 * @self: an echo peer
 * @uri: a SIP URI
 *
 * Returns: whether @uri names the echo peer: its address
 *   (%SD_ECHO_PEER_ADDRESS) or its route URI
 */
gboolean
sd_echo_peer_is_echo_uri (SdEchoPeer *self,
                          const char *uri)
{
  g_autofree char *display = NULL;

  g_return_val_if_fail (SD_IS_ECHO_PEER (self), FALSE);

  if (uri == NULL)
    return FALSE;

  display = sd_uri_display (uri);
  return g_strcmp0 (display, "echo@localhost") == 0 ||
         (self->route_display != NULL && g_strcmp0 (display, self->route_display) == 0);
}
