/* sip-user-agent.c
 *
 * This file must not include sofia-sip headers; see sip-sofia-private.h.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sip-auth-private.h"
#include "sip-call-list-private.h"
#include "sip-context-private.h"
#include "sip-digest-private.h"
#include "sip-invite-private.h"
#include "sip-message-private.h"
#include "sip-registration-private.h"
#include "sip-stack-private.h"
#include "sip-i18n-private.h"
#include "sip-marshal.h"

#include <string.h>

/**
 * SipUserAgent:
 *
 * A SIP user agent on the GLib main loop: an identity, its transports, and
 * the contexts of the requests it sends and receives.
 *
 * ```c
 * g_autoptr(SipUserAgent) ua = sip_user_agent_new ("sip:alice@example.org");
 *
 * sip_user_agent_set_bind_uri (ua, "sip:127.0.0.1:0");
 * if (!sip_user_agent_start (ua, &error))
 *   return;
 * g_signal_connect (ua, "message", G_CALLBACK (on_message), NULL);
 * ctx = sip_user_agent_message (ua, "sip:bob@127.0.0.1:5062", "Hi", NULL, NULL, &error);
 * ```
 *
 * [method@Sip.UserAgent.start] binds UDP and TCP on
 * [property@Sip.UserAgent:bind-uri]; port 0 picks a free port, and the
 * address actually bound is [property@Sip.UserAgent:contact-uri].
 * [method@Sip.UserAgent.stop_async] answers every request still open and
 * shuts the stack down in order.
 *
 * The user agent runs on the thread-default main context of the thread
 * that started it, and emits every signal there; it uses no threads.
 *
 * It keeps each live context alive until the context has terminated: an
 * application may drop a context it sent and still get its signals. A
 * server context that nobody holds and nobody answered answers 480 by
 * itself; see [class@Sip.ServerContext].
 */

struct _SipUserAgent
{
  GObject parent_instance;

  char        *aor;
  char        *display_name;
  char        *bind_uri;
  char        *contact_uri;
  char        *user_agent_string;
  guint        request_timeout;
  guint        session_expires;
  guint        no_answer_timeout;
  gboolean     auto_ring;
  SipNameAddr *identity;
  SipCallList *calls;
  GHashTable  *credentials;     /* realm ("" for any) -> Credentials */
  GPtrArray   *registrations;   /* SipRegistration*, not referenced */
  char        *outbound_proxy;
  guint        keepalive_interval;
  char        *tls_ca_file;
  char        *tls_certificate;
  gboolean     tls_verify;
  gboolean     tls_enabled;
  char        *tls_contact_uri;
  GNetworkMonitor *network_monitor;
  gulong       network_changed_id;

  SipStack    *stack;
  GHashTable  *contexts;        /* SipContext* -> kept alive (strong ref) */
  GList       *stop_tasks;
  gboolean     stopping;
};

G_DEFINE_FINAL_TYPE (SipUserAgent, sip_user_agent, G_TYPE_OBJECT)

typedef struct
{
  char *username;
  char *password;
} Credentials;

static void
credentials_free (gpointer data)
{
  Credentials *credentials = data;

  g_free (credentials->username);
  sip_digest_wipe (credentials->password);
  g_free (credentials);
}

enum {
  PROP_0,
  PROP_AOR,
  PROP_DISPLAY_NAME,
  PROP_BIND_URI,
  PROP_CONTACT_URI,
  PROP_USER_AGENT_STRING,
  PROP_REQUEST_TIMEOUT,
  PROP_SESSION_EXPIRES,
  PROP_NO_ANSWER_TIMEOUT,
  PROP_AUTO_RING,
  PROP_CALLS,
  PROP_RUNNING,
  PROP_OUTBOUND_PROXY,
  PROP_KEEPALIVE_INTERVAL,
  PROP_NETWORK_MONITOR,
  PROP_TLS_ENABLED,
  PROP_TLS_CA_FILE,
  PROP_TLS_CERTIFICATE,
  PROP_TLS_VERIFY,
  PROP_TLS_CONTACT_URI,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

enum {
  SIGNAL_MESSAGE,
  SIGNAL_INVITE,
  SIGNAL_CONTEXT_STATE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define DEFAULT_BIND_URI "sip:*:*"
#define DEFAULT_REQUEST_TIMEOUT 32000
#define DEFAULT_SESSION_EXPIRES 1800
#define DEFAULT_NO_ANSWER_TIMEOUT 60

static void
stop_contexts (SipUserAgent *self)
{
  g_autoptr(GPtrArray) live = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer context;

  /* Stopping a context untracks it: work on a copy. */
  g_hash_table_iter_init (&iter, self->contexts);
  while (g_hash_table_iter_next (&iter, &context, NULL))
    g_ptr_array_add (live, g_object_ref (context));

  for (guint i = 0; i < live->len; i++)
    sip_context_stop (g_ptr_array_index (live, i));
}

static void
set_running (SipUserAgent *self,
             SipStack     *stack)
{
  self->stack = stack;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_RUNNING]);
}

static void watch_network (SipUserAgent *self,
                           gboolean      watch);
static void need_network (SipUserAgent *self);

static void
shutdown_done_cb (gpointer user_data,
                  gboolean clean)
{
  SipUserAgent *self = user_data;
  GList *tasks;

  g_object_ref (self);

  watch_network (self, FALSE);
  for (guint i = self->registrations->len; i > 0; i--)
    sip_registration_release (g_ptr_array_index (self->registrations, i - 1));
  sip_stack_free (self->stack);
  self->stopping = FALSE;
  g_clear_pointer (&self->contact_uri, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CONTACT_URI]);
  g_clear_pointer (&self->tls_contact_uri, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TLS_CONTACT_URI]);
  set_running (self, NULL);

  tasks = g_steal_pointer (&self->stop_tasks);
  for (GList *l = tasks; l; l = l->next)
    {
      GTask *task = l->data;

      if (clean)
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_new_error (task, SIP_ERROR, SIP_ERROR_TIMEOUT,
                                 _("The SIP stack did not shut down cleanly"));
    }
  g_list_free_full (tasks, g_object_unref);

  g_object_unref (self);
}

/* The call announces itself (sip_user_agent_announce_call()) once its
 * offer is known; the user agent keeps it meanwhile. */
static void
incoming_invite (SipUserAgent     *self,
                 const SipEvent   *event,
                 SipInviteContext *replaces)
{
  g_object_unref (sip_invite_server_context_new_incoming (self, event, replaces));
}

static void
incoming_cb (gpointer         user_data,
             SipIncomingKind  kind,
             const SipEvent  *event,
             gpointer         replaces)
{
  SipUserAgent *self = user_data;
  g_autoptr(SipMessageServerContext) context = NULL;

  if (kind == SIP_INCOMING_INVITE)
    {
      incoming_invite (self, event, replaces);
      return;
    }

  context = sip_message_server_context_new_incoming (self, event);
  g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, context);

  /* Left unanswered: listed, so that stopping answers it. If nobody took
   * the context, dropping the last reference here answers 480. */
  if (!sip_context_is_terminated (SIP_CONTEXT (context)))
    {
      if (self->stopping)
        sip_context_stop (SIP_CONTEXT (context));
      else
        sip_context_track (SIP_CONTEXT (context), self, FALSE);
    }
}

static void
begin_shutdown (SipUserAgent *self)
{
  if (self->stopping)
    return;

  self->stopping = TRUE;
  stop_contexts (self);
  for (guint i = 0; i < self->registrations->len; i++)
    sip_registration_stop (g_ptr_array_index (self->registrations, i));
  sip_stack_shutdown (self->stack);
}

static gboolean
wake_up_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static void
sip_user_agent_dispose (GObject *object)
{
  SipUserAgent *self = SIP_USER_AGENT (object);

  if (self->stack)
    {
      /* Dropped while running: stop in place. The stack must have shut
       * down before it can be destroyed, so wait for it here; nua gives up
       * by itself after 30 seconds. */
      GMainContext *context = g_main_context_ref_thread_default ();
      GSource *wake_up = g_timeout_source_new (100);

      g_source_set_callback (wake_up, wake_up_cb, NULL, NULL);
      g_source_attach (wake_up, context);

      g_object_ref (self);
      begin_shutdown (self);
      while (self->stack != NULL)
        g_main_context_iteration (context, TRUE);
      g_object_unref (self);

      g_source_destroy (wake_up);
      g_source_unref (wake_up);
      g_main_context_unref (context);
    }

  stop_contexts (self);
  g_clear_pointer (&self->identity, sip_name_addr_unref);

  G_OBJECT_CLASS (sip_user_agent_parent_class)->dispose (object);
}

static void
sip_user_agent_finalize (GObject *object)
{
  SipUserAgent *self = SIP_USER_AGENT (object);

  g_free (self->aor);
  g_free (self->display_name);
  g_free (self->bind_uri);
  g_free (self->contact_uri);
  g_free (self->user_agent_string);
  g_hash_table_unref (self->contexts);
  g_hash_table_unref (self->credentials);
  g_ptr_array_unref (self->registrations);
  g_free (self->outbound_proxy);
  g_free (self->tls_ca_file);
  g_free (self->tls_certificate);
  g_free (self->tls_contact_uri);
  g_clear_object (&self->network_monitor);
  g_clear_object (&self->calls);

  G_OBJECT_CLASS (sip_user_agent_parent_class)->finalize (object);
}

static void
sip_user_agent_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SipUserAgent *self = SIP_USER_AGENT (object);

  switch (prop_id)
    {
    case PROP_AOR:
      g_value_set_string (value, self->aor);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    case PROP_BIND_URI:
      g_value_set_string (value, self->bind_uri);
      break;
    case PROP_CONTACT_URI:
      g_value_set_string (value, self->contact_uri);
      break;
    case PROP_USER_AGENT_STRING:
      g_value_set_string (value, self->user_agent_string);
      break;
    case PROP_REQUEST_TIMEOUT:
      g_value_set_uint (value, self->request_timeout);
      break;
    case PROP_SESSION_EXPIRES:
      g_value_set_uint (value, self->session_expires);
      break;
    case PROP_NO_ANSWER_TIMEOUT:
      g_value_set_uint (value, self->no_answer_timeout);
      break;
    case PROP_AUTO_RING:
      g_value_set_boolean (value, self->auto_ring);
      break;
    case PROP_CALLS:
      g_value_set_object (value, self->calls);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->stack != NULL);
      break;
    case PROP_OUTBOUND_PROXY:
      g_value_set_string (value, self->outbound_proxy);
      break;
    case PROP_KEEPALIVE_INTERVAL:
      g_value_set_uint (value, self->keepalive_interval);
      break;
    case PROP_NETWORK_MONITOR:
      g_value_set_object (value, self->network_monitor);
      break;
    case PROP_TLS_ENABLED:
      g_value_set_boolean (value, self->tls_enabled);
      break;
    case PROP_TLS_CA_FILE:
      g_value_set_string (value, self->tls_ca_file);
      break;
    case PROP_TLS_CERTIFICATE:
      g_value_set_string (value, self->tls_certificate);
      break;
    case PROP_TLS_VERIFY:
      g_value_set_boolean (value, self->tls_verify);
      break;
    case PROP_TLS_CONTACT_URI:
      g_value_set_string (value, self->tls_contact_uri);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sip_user_agent_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SipUserAgent *self = SIP_USER_AGENT (object);

  switch (prop_id)
    {
    case PROP_AOR:
      sip_user_agent_set_aor (self, g_value_get_string (value));
      break;
    case PROP_DISPLAY_NAME:
      sip_user_agent_set_display_name (self, g_value_get_string (value));
      break;
    case PROP_BIND_URI:
      sip_user_agent_set_bind_uri (self, g_value_get_string (value));
      break;
    case PROP_USER_AGENT_STRING:
      sip_user_agent_set_user_agent_string (self, g_value_get_string (value));
      break;
    case PROP_REQUEST_TIMEOUT:
      sip_user_agent_set_request_timeout (self, g_value_get_uint (value));
      break;
    case PROP_SESSION_EXPIRES:
      sip_user_agent_set_session_expires (self, g_value_get_uint (value));
      break;
    case PROP_NO_ANSWER_TIMEOUT:
      sip_user_agent_set_no_answer_timeout (self, g_value_get_uint (value));
      break;
    case PROP_AUTO_RING:
      sip_user_agent_set_auto_ring (self, g_value_get_boolean (value));
      break;
    case PROP_OUTBOUND_PROXY:
      sip_user_agent_set_outbound_proxy (self, g_value_get_string (value));
      break;
    case PROP_KEEPALIVE_INTERVAL:
      sip_user_agent_set_keepalive_interval (self, g_value_get_uint (value));
      break;
    case PROP_NETWORK_MONITOR:
      sip_user_agent_set_network_monitor (self, g_value_get_object (value));
      break;
    case PROP_TLS_ENABLED:
      sip_user_agent_set_tls_enabled (self, g_value_get_boolean (value));
      break;
    case PROP_TLS_CA_FILE:
      sip_user_agent_set_tls_ca_file (self, g_value_get_string (value));
      break;
    case PROP_TLS_CERTIFICATE:
      sip_user_agent_set_tls_certificate (self, g_value_get_string (value));
      break;
    case PROP_TLS_VERIFY:
      sip_user_agent_set_tls_verify (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sip_user_agent_class_init (SipUserAgentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sip_user_agent_dispose;
  object_class->finalize = sip_user_agent_finalize;
  object_class->get_property = sip_user_agent_get_property;
  object_class->set_property = sip_user_agent_set_property;

  /**
   * SipUserAgent:aor:
   *
   * The address of record: who this user agent is, such as
   * `sip:alice@example.org`. It is the From of every request it sends.
   */
  props[PROP_AOR] =
    g_param_spec_string ("aor", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SipUserAgent:display-name:
   *
   * The display name that goes with [property@Sip.UserAgent:aor], or %NULL.
   */
  props[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SipUserAgent:bind-uri:
   *
   * Where [method@Sip.UserAgent.start] binds its UDP and TCP transports,
   * such as `sip:127.0.0.1:5060`. Port 0 picks a port that is free for
   * both. The default, `sip:*:*`, binds every address on any port.
   */
  props[PROP_BIND_URI] =
    g_param_spec_string ("bind-uri", NULL, NULL, DEFAULT_BIND_URI,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SipUserAgent:contact-uri:
   *
   * The address the transports are bound to, with the actual port, while
   * the user agent runs; %NULL otherwise.
   */
  props[PROP_CONTACT_URI] =
    g_param_spec_string ("contact-uri", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SipUserAgent:user-agent-string:
   *
   * The value of the User-Agent header of every message sent.
   */
  props[PROP_USER_AGENT_STRING] =
    g_param_spec_string ("user-agent-string", NULL, NULL, "libsipctx/" SIP_VERSION_S,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SipUserAgent:request-timeout:
   *
   * How long, in milliseconds, a request waits for its final response
   * before it fails with %SIP_CAUSE_REQUEST_TIMEOUT (timer B and F of RFC
   * 3261, 64 times T1). Takes effect at the next start.
   */
  props[PROP_REQUEST_TIMEOUT] =
    g_param_spec_uint ("request-timeout", NULL, NULL, 500, 600000,
                       DEFAULT_REQUEST_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT |
                       G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SipUserAgent:session-expires:
   *
   * The session interval of calls, in seconds (RFC 4028 session timers):
   * a call is refreshed before it expires, and one whose refresh fails ends
   * with %SIP_CAUSE_SESSION_TIMER_EXPIRED. 0 turns session timers off.
   * Takes effect at the next start.
   */
  props[PROP_SESSION_EXPIRES] =
    g_param_spec_uint ("session-expires", NULL, NULL, 0, 86400,
                       DEFAULT_SESSION_EXPIRES,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT |
                       G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SipUserAgent:no-answer-timeout:
   *
   * How long, in seconds, an incoming call may ring without an answer;
   * then it is answered 408 and ends with %SIP_CAUSE_NO_ANSWER. 0 waits
   * for ever.
   */
  props[PROP_NO_ANSWER_TIMEOUT] =
    g_param_spec_uint ("no-answer-timeout", NULL, NULL, 0, 86400,
                       DEFAULT_NO_ANSWER_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT |
                       G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SipUserAgent:auto-ring:
   *
   * Whether an incoming call is answered 180 Ringing as soon as
   * [signal@Sip.UserAgent::invite] has been emitted and no handler answered
   * it. Off by default: the application decides whether to ring.
   */
  props[PROP_AUTO_RING] =
    g_param_spec_boolean ("auto-ring", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SipUserAgent:outbound-proxy:
   *
   * The URI of a proxy every request outside a dialog is sent through
   * (a `Route` to it), such as `sip:proxy.example.org;lr`, or %NULL to
   * send requests to their targets. Takes effect at the next
   * [method@Sip.UserAgent.start].
   */
  props[PROP_OUTBOUND_PROXY] =
    g_param_spec_string ("outbound-proxy", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SipUserAgent:keepalive-interval:
   *
   * How often, in seconds, a registration keeps its NAT binding open with
   * a keepalive to the registrar (an OPTIONS request over UDP, a CRLF
   * over TCP and TLS); 0 sends none. Requests always carry `rport`
   * (RFC 3581), so that responses find the way back through a NAT. Takes
   * effect at the next [method@Sip.UserAgent.start].
   */
  props[PROP_KEEPALIVE_INTERVAL] =
    g_param_spec_uint ("keepalive-interval", NULL, NULL, 0, 3600, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SipUserAgent:network-monitor:
   *
   * The network monitor whose [signal@Gio.NetworkMonitor::network-changed]
   * makes every registration renew its binding at once. If none is set,
   * GIO's default one ([func@Gio.NetworkMonitor.get_default]) is taken
   * when the running user agent first has a registration: a user agent
   * that never registers watches no network.
   */
  props[PROP_NETWORK_MONITOR] =
    g_param_spec_object ("network-monitor", NULL, NULL, G_TYPE_NETWORK_MONITOR,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SipUserAgent:tls-enabled:
   *
   * Whether [method@Sip.UserAgent.start] binds a TLS transport too (see
   * [property@Sip.UserAgent:tls-contact-uri]), which requests to `sips:`
   * URIs and to URIs with `;transport=tls` need. Off by default. Takes
   * effect at the next start.
   *
   * sofia-sip offers one contact per address, and when the user agent is
   * bound to a loopback address only the last transport's: the TLS one.
   */
  props[PROP_TLS_ENABLED] =
    g_param_spec_boolean ("tls-enabled", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SipUserAgent:tls-ca-file:
   *
   * A PEM file of the certificate authorities TLS servers are checked
   * against, or %NULL for the system's (`/etc/ssl/certs`). Takes effect at
   * the next [method@Sip.UserAgent.start], which fails if it cannot read
   * the file.
   */
  props[PROP_TLS_CA_FILE] =
    g_param_spec_string ("tls-ca-file", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SipUserAgent:tls-certificate:
   *
   * A PEM file with the private key and the certificate this user agent
   * presents when a peer connects to it over TLS, or %NULL for none: then
   * it can still connect to TLS servers, but not accept TLS connections.
   * Takes effect at the next [method@Sip.UserAgent.start].
   */
  props[PROP_TLS_CERTIFICATE] =
    g_param_spec_string ("tls-certificate", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SipUserAgent:tls-verify:
   *
   * Whether the certificate of a TLS server must be signed by a trusted
   * authority (see [property@Sip.UserAgent:tls-ca-file]) and be valid for
   * the host name the request goes to. On by default. Turning it off makes
   * TLS open to any man in the middle; it is meant for testing only.
   *
   * A request whose TLS connection is refused fails without a response,
   * with %SIP_CAUSE_TLS_ERROR (a registration with %SIP_ERROR_TLS); it is
   * never sent over another transport instead.
   *
   * The host name is checked against the DNS names of the certificate's
   * subjectAltName (or its common name when it has none): sofia-sip does
   * not read IP address entries, so a server reached by its IP address
   * needs that address as a DNS entry or as its common name.
   */
  props[PROP_TLS_VERIFY] =
    g_param_spec_boolean ("tls-verify", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SipUserAgent:tls-contact-uri:
   *
   * The `sips:` URI of the TLS transport, bound next to
   * [property@Sip.UserAgent:contact-uri] on a port of its own while the
   * user agent runs; %NULL otherwise.
   */
  props[PROP_TLS_CONTACT_URI] =
    g_param_spec_string ("tls-contact-uri", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SipUserAgent:calls:
   *
   * The live calls, as a list model of [iface@Sip.InviteContext]: a call
   * is added when it is created (placed or received) and removed when it
   * has terminated. Bind it to a list view.
   */
  props[PROP_CALLS] =
    g_param_spec_object ("calls", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * SipUserAgent:running:
   *
   * Whether the user agent has been started and not stopped yet.
   */
  props[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, props);

  /**
   * SipUserAgent::message:
   * @self: the user agent
   * @context: the context of the incoming MESSAGE
   *
   * Emitted for each MESSAGE request received. Answer it with
   * [method@Sip.ServerContext.accept] or [method@Sip.ServerContext.reject],
   * now or later (keep a reference); a context nobody holds and nobody
   * answered answers 480 by itself.
   */
  signals[SIGNAL_MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SIP_TYPE_MESSAGE_SERVER_CONTEXT);

  /**
   * SipUserAgent::invite:
   * @self: the user agent
   * @call: the incoming call
   *
   * Emitted for each call received (an INVITE outside a dialog). Answer it
   * with [method@Sip.ServerContext.progress], [method@Sip.ServerContext.accept]
   * or [method@Sip.ServerContext.reject], now or later. Nothing has been
   * sent yet but 100 Trying; the user agent keeps the call alive and lists
   * it in [property@Sip.UserAgent:calls] until it has terminated. The
   * caller's offer is known already: [property@Sip.InviteContext:remote-sdp]
   * and the remote media properties are set.
   */
  signals[SIGNAL_INVITE] =
    g_signal_new ("invite", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SIP_TYPE_INVITE_SERVER_CONTEXT);

  /**
   * SipUserAgent::context-state-changed:
   * @self: the user agent
   * @context: the context whose state changed
   * @old_state: the state @context has just left
   *
   * Emitted after [signal@Sip.Context::state-changed] of every context of
   * this user agent: the calls and the messages, sent and received, and
   * the requests of [method@Sip.UserAgent.request]. The new state is
   * [property@Sip.Context:state] of @context.
   *
   * One handler here follows them all, where
   * [signal@Sip.Context::state-changed] needs one for each context: a
   * call history that records each call as it ends, an indicator of
   * whether any call is active, a log. It also sees what no handler of a
   * context can: the first change of each context, to
   * %SIP_CONTEXT_STATE_SENT inside the call that sends the request, or to
   * %SIP_CONTEXT_STATE_RECEIVED before [signal@Sip.UserAgent::invite] or
   * [signal@Sip.UserAgent::message]; and the contexts nobody holds, such
   * as a MESSAGE answered by the `message` handler and dropped.
   */
  signals[SIGNAL_CONTEXT_STATE_CHANGED] =
    g_signal_new ("context-state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, sip_marshal_VOID__OBJECT_ENUM,
                  G_TYPE_NONE, 2, SIP_TYPE_CONTEXT, SIP_TYPE_CONTEXT_STATE);
  g_signal_set_va_marshaller (signals[SIGNAL_CONTEXT_STATE_CHANGED], G_TYPE_FROM_CLASS (klass),
                              sip_marshal_VOID__OBJECT_ENUMv);
}

static void
sip_user_agent_init (SipUserAgent *self)
{
  self->contexts = g_hash_table_new (NULL, NULL);
  self->calls = sip_call_list_new ();
  self->registrations = g_ptr_array_new ();
  self->tls_verify = TRUE;
  self->credentials = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             credentials_free);
}

/**
 * sip_user_agent_new:
 * @aor: (nullable): the address of record, such as `sip:alice@example.org`
 *
 * Creates a user agent. It does nothing until [method@Sip.UserAgent.start].
 *
 * Returns: (transfer full): a new user agent
 */
SipUserAgent *
sip_user_agent_new (const char *aor)
{
  return g_object_new (SIP_TYPE_USER_AGENT, "aor", aor, NULL);
}

static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/**
 * sip_user_agent_get_aor:
 * @self: a user agent
 *
 * Gets [property@Sip.UserAgent:aor].
 *
 * Returns: (nullable): the address of record
 */
const char *
sip_user_agent_get_aor (SipUserAgent *self)
{
  g_return_val_if_fail (SIP_IS_USER_AGENT (self), NULL);
  return self->aor;
}

/**
 * sip_user_agent_set_aor:
 * @self: a user agent
 * @aor: (nullable): the address of record
 *
 * Sets [property@Sip.UserAgent:aor]. It is checked, and takes effect, when
 * the user agent starts.
 */
void
sip_user_agent_set_aor (SipUserAgent *self,
                        const char   *aor)
{
  g_return_if_fail (SIP_IS_USER_AGENT (self));

  if (set_string (&self->aor, aor))
    {
      g_clear_pointer (&self->identity, sip_name_addr_unref);
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_AOR]);
    }
}

/**
 * sip_user_agent_get_display_name:
 * @self: a user agent
 *
 * Gets [property@Sip.UserAgent:display-name].
 *
 * Returns: (nullable): the display name
 */
const char *
sip_user_agent_get_display_name (SipUserAgent *self)
{
  g_return_val_if_fail (SIP_IS_USER_AGENT (self), NULL);
  return self->display_name;
}

/**
 * sip_user_agent_set_display_name:
 * @self: a user agent
 * @display_name: (nullable): the display name
 *
 * Sets [property@Sip.UserAgent:display-name].
 */
void
sip_user_agent_set_display_name (SipUserAgent *self,
                                 const char   *display_name)
{
  g_return_if_fail (SIP_IS_USER_AGENT (self));

  if (set_string (&self->display_name, display_name))
    {
      g_clear_pointer (&self->identity, sip_name_addr_unref);
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_DISPLAY_NAME]);
    }
}

/**
 * sip_user_agent_get_bind_uri:
 * @self: a user agent
 *
 * Gets [property@Sip.UserAgent:bind-uri].
 *
 * Returns: the bind URI
 */
const char *
sip_user_agent_get_bind_uri (SipUserAgent *self)
{
  g_return_val_if_fail (SIP_IS_USER_AGENT (self), NULL);
  return self->bind_uri;
}

/**
 * sip_user_agent_set_bind_uri:
 * @self: a user agent
 * @bind_uri: (nullable): the bind URI, or %NULL for the default
 *
 * Sets [property@Sip.UserAgent:bind-uri]; it takes effect at the next
 * start.
 */
void
sip_user_agent_set_bind_uri (SipUserAgent *self,
                             const char   *bind_uri)
{
  g_return_if_fail (SIP_IS_USER_AGENT (self));

  if (set_string (&self->bind_uri, bind_uri ? bind_uri : DEFAULT_BIND_URI))
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_BIND_URI]);
}

/**
 * sip_user_agent_get_contact_uri:
 * @self: a user agent
 *
 * Gets [property@Sip.UserAgent:contact-uri].
 *
 * Returns: (nullable): the bound address, or %NULL when not running
 */
const char *
sip_user_agent_get_contact_uri (SipUserAgent *self)
{
  g_return_val_if_fail (SIP_IS_USER_AGENT (self), NULL);
  return self->contact_uri;
}

/**
 * sip_user_agent_get_user_agent_string:
 * @self: a user agent
 *
 * Gets [property@Sip.UserAgent:user-agent-string].
 *
 * Returns: (nullable): the User-Agent header value
 */
const char *
sip_user_agent_get_user_agent_string (SipUserAgent *self)
{
  g_return_val_if_fail (SIP_IS_USER_AGENT (self), NULL);
  return self->user_agent_string;
}

/**
 * sip_user_agent_set_user_agent_string:
 * @self: a user agent
 * @user_agent: (nullable): the User-Agent header value
 *
 * Sets [property@Sip.UserAgent:user-agent-string]; it takes effect at the
 * next start.
 */
void
sip_user_agent_set_user_agent_string (SipUserAgent *self,
                                      const char   *user_agent)
{
  g_return_if_fail (SIP_IS_USER_AGENT (self));

  if (set_string (&self->user_agent_string, user_agent))
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_USER_AGENT_STRING]);
}

/**
 * sip_user_agent_get_request_timeout:
 * @self: a user agent
 *
 * Gets [property@Sip.UserAgent:request-timeout].
 *
 * Returns: the timeout in milliseconds
 */
guint
sip_user_agent_get_request_timeout (SipUserAgent *self)
{
  g_return_val_if_fail (SIP_IS_USER_AGENT (self), 0);
  return self->request_timeout;
}

/**
 * sip_user_agent_set_request_timeout:
 * @self: a user agent
 * @timeout_ms: the timeout in milliseconds
 *
 * Sets [property@Sip.UserAgent:request-timeout].
 */
void
sip_user_agent_set_request_timeout (SipUserAgent *self,
                                    guint         timeout_ms)
{
  g_return_if_fail (SIP_IS_USER_AGENT (self));

  if (self->request_timeout == timeout_ms)
    return;

  self->request_timeout = timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_REQUEST_TIMEOUT]);
}

/**
 * sip_user_agent_is_running:
 * @self: a user agent
 *
 * Gets [property@Sip.UserAgent:running].
 *
 * Returns: %TRUE between a successful start and the end of a stop
 */
gboolean
sip_user_agent_is_running (SipUserAgent *self)
{
  g_return_val_if_fail (SIP_IS_USER_AGENT (self), FALSE);
  return self->stack != NULL && !self->stopping;
}

/**
 * sip_user_agent_start:
 * @self: a user agent
 * @error: return location for an error
 *
 * Binds the UDP and TCP transports on [property@Sip.UserAgent:bind-uri]
 * and starts serving. A missing or malformed address of record, or a bind
 * URI that is malformed, fails with %SIP_ERROR_INVALID_ARGUMENT; a port
 * that is taken, or an address that is not local, fails with
 * %SIP_ERROR_TRANSPORT. Starting twice fails with %SIP_ERROR_INVALID_STATE.
 *
 * Returns: %TRUE if the user agent is running
 */
gboolean
sip_user_agent_start (SipUserAgent  *self,
                      GError       **error)
{
  g_autofree char *bind_uri = NULL;
  g_autofree char *tls_uri = NULL;
  g_autoptr(SipNameAddr) identity = NULL;
  SipStackConfig config = { 0, };
  SipStack *stack;

  g_return_val_if_fail (SIP_IS_USER_AGENT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->stack != NULL)
    {
      g_set_error_literal (error, SIP_ERROR, SIP_ERROR_INVALID_STATE,
                           self->stopping ? _("The user agent is stopping")
                                          : _("The user agent is already running"));
      return FALSE;
    }

  if (self->aor == NULL)
    {
      g_set_error_literal (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT,
                           _("The user agent has no address of record"));
      return FALSE;
    }

  identity = sip_name_addr_new (self->display_name, self->aor, error);
  if (identity == NULL)
    return FALSE;

  if (self->outbound_proxy)
    {
      g_autoptr(SipNameAddr) proxy = sip_name_addr_new (NULL, self->outbound_proxy, error);

      if (proxy == NULL)
        {
          /* Translators: put before an error message about the
           * outbound proxy's address */
          g_prefix_error (error, _("Outbound proxy: "));
          return FALSE;
        }
    }

  config.aor = self->aor;
  config.display_name = self->display_name;
  config.user_agent = self->user_agent_string;
  config.request_timeout_ms = self->request_timeout;
  config.session_expires = self->session_expires;
  config.outbound_proxy = self->outbound_proxy;
  config.keepalive_ms = self->keepalive_interval * 1000;
  config.tls_ca_file = self->tls_ca_file;
  config.tls_certificate = self->tls_certificate;
  config.tls_verify = self->tls_verify;

  /* A port we pick (port 0, or TLS next to the bind URI) is free when we
   * pick it, but another process can take it before sofia-sip binds it:
   * then pick again. */
  for (guint attempt = 1; ; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      gboolean picked;

      g_clear_pointer (&bind_uri, g_free);
      g_clear_pointer (&tls_uri, g_free);
      bind_uri = sip_stack_resolve_bind_uri (self->bind_uri, error);
      if (bind_uri == NULL)
        return FALSE;
      if (self->tls_enabled)
        {
          tls_uri = sip_stack_resolve_tls_uri (bind_uri, error);
          if (tls_uri == NULL)
            return FALSE;
        }
      picked = g_strcmp0 (bind_uri, self->bind_uri) != 0 || tls_uri != NULL;

      config.bind_uri = bind_uri;
      config.tls_uri = tls_uri;
      stack = sip_stack_new (&config, incoming_cb, shutdown_done_cb, self, &local_error);
      if (stack != NULL)
        break;
      if (!picked || attempt == 5 ||
          !g_error_matches (local_error, SIP_ERROR, SIP_ERROR_TRANSPORT))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_debug ("%s; picking another port", local_error->message);
    }

  sip_name_addr_set (&self->identity, identity);
  g_free (self->contact_uri);
  self->contact_uri = g_steal_pointer (&bind_uri);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CONTACT_URI]);
  g_free (self->tls_contact_uri);
  self->tls_contact_uri = g_steal_pointer (&tls_uri);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TLS_CONTACT_URI]);
  set_running (self, stack);
  need_network (self);

  return TRUE;
}

/**
 * sip_user_agent_stop_async:
 * @self: a user agent
 * @cancellable: (nullable): not used yet; the stop cannot be undone
 * @callback: (scope async): called when the user agent has stopped
 * @user_data: data for @callback
 *
 * Stops the user agent: every server context still open answers 480 and
 * every live context terminates with %SIP_CAUSE_STOPPED, then the stack
 * shuts down in order and the transports are closed. Stopping a user agent
 * that does not run completes at once (but never before this call
 * returns).
 */
void
sip_user_agent_stop_async (SipUserAgent        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SIP_IS_USER_AGENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sip_user_agent_stop_async);

  if (self->stack == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  self->stop_tasks = g_list_append (self->stop_tasks, g_steal_pointer (&task));
  begin_shutdown (self);
}

/**
 * sip_user_agent_stop_finish:
 * @self: a user agent
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Finishes [method@Sip.UserAgent.stop_async]. The user agent has stopped
 * either way; an error (%SIP_ERROR_TIMEOUT) means the stack did not shut
 * down cleanly.
 *
 * Returns: %TRUE if the stack shut down cleanly
 */
gboolean
sip_user_agent_stop_finish (SipUserAgent  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (SIP_IS_USER_AGENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * sip_user_agent_message:
 * @self: a user agent
 * @target: the URI to send the message to
 * @body: the text of the message
 * @content_type: (nullable): the media type of @body;
 *   `text/plain;charset=UTF-8` if %NULL
 * @options: (nullable): extra headers; %NULL for none
 * @error: return location for an error
 *
 * Sends a MESSAGE (RFC 3428) and returns its context.
 *
 * A malformed @target, an invalid extra header, or a user agent that does
 * not run fail with a #GError, and nothing is sent.
 *
 * Returns: (transfer full): the context of the MESSAGE, already sent
 */
SipMessageClientContext *
sip_user_agent_message (SipUserAgent       *self,
                        const char         *target,
                        const char         *body,
                        const char         *content_type,
                        SipRequestOptions  *options,
                        GError            **error)
{
  g_return_val_if_fail (SIP_IS_USER_AGENT (self), NULL);
  g_return_val_if_fail (target != NULL, NULL);
  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (options == NULL || SIP_IS_REQUEST_OPTIONS (options), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return sip_message_client_context_new (self, target, body, content_type, options, error);
}

/**
 * sip_user_agent_invite:
 * @self: a user agent
 * @target: the URI to call
 * @options: (nullable): extra headers, and the SDP offer as body
 *   (`application/sdp`); %NULL for none
 * @error: return location for an error
 *
 * Places a call: sends an INVITE and returns its context.
 *
 * Without a body in @options, the offer is a default audio description
 * (PCMU, PCMA and telephone-event), so a call works without any media
 * code; an application that does media gives its own SDP. A malformed
 * @target, an invalid header, a body that is not SDP, or a user agent that
 * does not run fail with a #GError, and nothing is sent.
 *
 * The user agent keeps the call alive and lists it in
 * [property@Sip.UserAgent:calls] until it has terminated.
 *
 * Returns: (transfer full): the call, with the INVITE sent
 */
SipInviteClientContext *
sip_user_agent_invite (SipUserAgent       *self,
                       const char         *target,
                       SipRequestOptions  *options,
                       GError            **error)
{
  g_return_val_if_fail (SIP_IS_USER_AGENT (self), NULL);
  g_return_val_if_fail (target != NULL, NULL);
  g_return_val_if_fail (options == NULL || SIP_IS_REQUEST_OPTIONS (options), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return sip_invite_client_context_new (self, target, options, NULL, NULL, NULL, NULL, error);
}

/**
 * sip_user_agent_get_calls: (get-property calls)
 * @self: a user agent
 *
 * Gets the live calls; see [property@Sip.UserAgent:calls].
 *
 * Returns: (transfer none): a list model of [iface@Sip.InviteContext]
 */
GListModel *
sip_user_agent_get_calls (SipUserAgent *self)
{
  g_return_val_if_fail (SIP_IS_USER_AGENT (self), NULL);

  return G_LIST_MODEL (self->calls);
}

/**
 * sip_user_agent_get_session_expires: (get-property session-expires)
 * @self: a user agent
 *
 * Gets the session interval of calls.
 *
 * Returns: the interval in seconds; 0 if session timers are off
 */
guint
sip_user_agent_get_session_expires (SipUserAgent *self)
{
  g_return_val_if_fail (SIP_IS_USER_AGENT (self), 0);

  return self->session_expires;
}

/**
 * sip_user_agent_set_session_expires: (set-property session-expires)
 * @self: a user agent
 * @seconds: the interval in seconds; 0 turns session timers off
 *
 * Sets the session interval of calls; see
 * [property@Sip.UserAgent:session-expires].
 */
void
sip_user_agent_set_session_expires (SipUserAgent *self,
                                    guint         seconds)
{
  g_return_if_fail (SIP_IS_USER_AGENT (self));

  if (self->session_expires == seconds)
    return;

  self->session_expires = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_SESSION_EXPIRES]);
}

/**
 * sip_user_agent_get_no_answer_timeout: (get-property no-answer-timeout)
 * @self: a user agent
 *
 * Gets how long an incoming call may ring without an answer.
 *
 * Returns: the time in seconds; 0 for ever
 */
guint
sip_user_agent_get_no_answer_timeout (SipUserAgent *self)
{
  g_return_val_if_fail (SIP_IS_USER_AGENT (self), 0);

  return self->no_answer_timeout;
}

/**
 * sip_user_agent_set_no_answer_timeout: (set-property no-answer-timeout)
 * @self: a user agent
 * @seconds: the time in seconds; 0 for ever
 *
 * Sets how long an incoming call may ring without an answer; see
 * [property@Sip.UserAgent:no-answer-timeout]. It applies to calls
 * received afterwards.
 */
void
sip_user_agent_set_no_answer_timeout (SipUserAgent *self,
                                      guint         seconds)
{
  g_return_if_fail (SIP_IS_USER_AGENT (self));

  if (self->no_answer_timeout == seconds)
    return;

  self->no_answer_timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_NO_ANSWER_TIMEOUT]);
}

/**
 * sip_user_agent_get_auto_ring: (get-property auto-ring)
 * @self: a user agent
 *
 * Gets whether incoming calls ring by themselves.
 *
 * Returns: %TRUE if 180 Ringing is sent without the application
 */
gboolean
sip_user_agent_get_auto_ring (SipUserAgent *self)
{
  g_return_val_if_fail (SIP_IS_USER_AGENT (self), FALSE);

  return self->auto_ring;
}

/**
 * sip_user_agent_set_auto_ring: (set-property auto-ring)
 * @self: a user agent
 * @auto_ring: whether to send 180 Ringing by itself
 *
 * Sets whether incoming calls ring by themselves; see
 * [property@Sip.UserAgent:auto-ring].
 */
void
sip_user_agent_set_auto_ring (SipUserAgent *self,
                              gboolean      auto_ring)
{
  g_return_if_fail (SIP_IS_USER_AGENT (self));

  auto_ring = !!auto_ring;
  if (self->auto_ring == auto_ring)
    return;

  self->auto_ring = auto_ring;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_AUTO_RING]);
}

/**
 * sip_user_agent_request:
 * @self: a user agent
 * @method: the method, such as `OPTIONS`
 * @target: the URI to send the request to
 * @options: (nullable): extra headers and body; %NULL for none
 * @error: return location for an error
 *
 * Sends a request outside any dialog and returns its context.
 *
 * Methods that create or live in a dialog, or have a context type of their
 * own (INVITE, ACK, CANCEL, BYE, PRACK, UPDATE, REGISTER, SUBSCRIBE,
 * REFER), are refused with %SIP_ERROR_INVALID_ARGUMENT.
 *
 * Returns: (transfer full): the context of the request, already sent
 */
SipClientContext *
sip_user_agent_request (SipUserAgent       *self,
                        const char         *method,
                        const char         *target,
                        SipRequestOptions  *options,
                        GError            **error)
{
  g_return_val_if_fail (SIP_IS_USER_AGENT (self), NULL);
  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (target != NULL, NULL);
  g_return_val_if_fail (options == NULL || SIP_IS_REQUEST_OPTIONS (options), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return sip_client_context_new_request (self, method, target, options, error);
}

SipStack *
sip_user_agent_get_stack (SipUserAgent *self)
{
  return self->stack;
}

SipNameAddr *
sip_user_agent_get_identity (SipUserAgent *self)
{
  if (self->identity == NULL)
    self->identity = sip_name_addr_new (self->display_name, self->aor, NULL);

  return self->identity;
}

void
sip_user_agent_track_context (SipUserAgent *self,
                              SipContext   *context,
                              gboolean      keep_alive)
{
  g_hash_table_insert (self->contexts, context, GINT_TO_POINTER (keep_alive));
  if (keep_alive)
    g_object_ref (context);
}

void
sip_user_agent_add_call (SipUserAgent     *self,
                         SipInviteContext *call)
{
  sip_call_list_append (self->calls, call);
}

void
sip_user_agent_announce_call (SipUserAgent           *self,
                              SipInviteServerContext *call)
{
  SipServerContext *server = SIP_SERVER_CONTEXT (call);

  sip_user_agent_add_call (self, SIP_INVITE_CONTEXT (call));
  g_signal_emit (self, signals[SIGNAL_INVITE], 0, call);

  /* The application has seen the call: ring, if it asked for that. */
  if (self->auto_ring && !sip_server_context_is_answered (server) &&
      sip_context_get_state (SIP_CONTEXT (call)) == SIP_CONTEXT_STATE_RECEIVED &&
      !sip_server_context_progress (server, NULL, NULL))
    g_debug ("Cannot send 180 Ringing");
}

void
sip_user_agent_untrack_context (SipUserAgent *self,
                                SipContext   *context)
{
  gpointer kept;

  if (SIP_IS_INVITE_CONTEXT (context))
    sip_call_list_remove (self->calls, SIP_INVITE_CONTEXT (context));

  if (!g_hash_table_lookup_extended (self->contexts, context, NULL, &kept))
    return;

  g_hash_table_remove (self->contexts, context);
  if (GPOINTER_TO_INT (kept))
    g_object_unref (context);
}

void
sip_user_agent_context_state_changed (SipUserAgent    *self,
                                      SipContext      *context,
                                      SipContextState  old_state)
{
  g_signal_emit (self, signals[SIGNAL_CONTEXT_STATE_CHANGED], 0, context, old_state);
}

/**
 * sip_user_agent_set_credentials:
 * @self: a user agent
 * @realm: (nullable): the realm these credentials are for, or %NULL for
 *   every realm that has no credentials of its own
 * @username: the user name; see sip_auth_check_username()
 * @password: the password; any characters
 * @error: return location for a #GError
 *
 * Keeps credentials that answer the 401 and 407 challenges of every
 * request of this user agent, and of its registrations, for @realm. They
 * replace the credentials the user agent had for @realm. A softphone with
 * one account sets them once, with a %NULL realm.
 *
 * Credentials the provider refuses are not sent again for the same
 * request: the `authenticate` signal asks the application instead. See
 * [class@Sip.Auth].
 *
 * Returns: %TRUE on success; %FALSE with %SIP_ERROR_INVALID_ARGUMENT if
 *   @username cannot be used
 */
gboolean
sip_user_agent_set_credentials (SipUserAgent  *self,
                                const char    *realm,
                                const char    *username,
                                const char    *password,
                                GError       **error)
{
  Credentials *credentials;

  g_return_val_if_fail (SIP_IS_USER_AGENT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!sip_auth_check_credentials (username, password, error))
    return FALSE;

  credentials = g_new0 (Credentials, 1);
  credentials->username = g_strdup (username);
  credentials->password = g_strdup (password);
  g_hash_table_replace (self->credentials, g_strdup (realm ? realm : ""), credentials);

  return TRUE;
}

/**
 * sip_user_agent_remove_credentials:
 * @self: a user agent
 * @realm: (nullable): the realm, or %NULL for the credentials of every
 *   realm
 *
 * Forgets the credentials set with [method@Sip.UserAgent.set_credentials]
 * for @realm. The memory that held the password is cleared.
 */
void
sip_user_agent_remove_credentials (SipUserAgent *self,
                                   const char   *realm)
{
  g_return_if_fail (SIP_IS_USER_AGENT (self));

  g_hash_table_remove (self->credentials, realm ? realm : "");
}

gboolean
sip_user_agent_lookup_credentials (SipUserAgent  *self,
                                   const char    *realm,
                                   const char   **username,
                                   const char   **password)
{
  Credentials *credentials = NULL;

  if (realm)
    credentials = g_hash_table_lookup (self->credentials, realm);
  if (credentials == NULL)
    credentials = g_hash_table_lookup (self->credentials, "");
  if (credentials == NULL)
    return FALSE;

  *username = credentials->username;
  *password = credentials->password;
  return TRUE;
}

/**
 * sip_user_agent_create_registration:
 * @self: a user agent
 * @registrar: (nullable): the registrar URI, such as `sip:example.org`, or
 *   %NULL for the domain of [property@Sip.UserAgent:aor]
 * @error: return location for a #GError
 *
 * Creates a registration of this user agent's contact at @registrar. It
 * sends nothing until [method@Sip.Registration.register_async].
 *
 * Returns: (transfer full): a new registration, or %NULL with
 *   %SIP_ERROR_INVALID_ARGUMENT for a malformed registrar URI
 */
SipRegistration *
sip_user_agent_create_registration (SipUserAgent  *self,
                                    const char    *registrar,
                                    GError       **error)
{
  g_autofree char *uri = NULL;
  g_autoptr(SipNameAddr) check = NULL;
  SipRegistration *registration;

  g_return_val_if_fail (SIP_IS_USER_AGENT (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (registrar == NULL)
    {
      uri = sip_registration_default_registrar (self->aor);
      if (uri == NULL)
        {
          g_set_error_literal (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT,
                               _("No registrar given, and the address of record "
                                 "has no domain to register with"));
          return NULL;
        }
    }
  else
    uri = g_strdup (registrar);

  check = sip_name_addr_new (NULL, uri, error);
  if (check == NULL)
    return NULL;

  registration = sip_registration_new_internal (self, uri);
  g_ptr_array_add (self->registrations, registration);
  need_network (self);

  return registration;
}

void
sip_user_agent_forget_registration (SipUserAgent    *self,
                                    SipRegistration *registration)
{
  g_ptr_array_remove (self->registrations, registration);
}

/**
 * sip_user_agent_get_outbound_proxy: (get-property outbound-proxy)
 * @self: a user agent
 *
 * Gets [property@Sip.UserAgent:outbound-proxy].
 *
 * Returns: (nullable): the outbound proxy URI
 */
const char *
sip_user_agent_get_outbound_proxy (SipUserAgent *self)
{
  g_return_val_if_fail (SIP_IS_USER_AGENT (self), NULL);

  return self->outbound_proxy;
}

/**
 * sip_user_agent_set_outbound_proxy: (set-property outbound-proxy)
 * @self: a user agent
 * @uri: (nullable): the proxy URI, or %NULL for none
 *
 * Sets [property@Sip.UserAgent:outbound-proxy]. A malformed URI makes
 * [method@Sip.UserAgent.start] fail with %SIP_ERROR_INVALID_ARGUMENT.
 */
void
sip_user_agent_set_outbound_proxy (SipUserAgent *self,
                                   const char   *uri)
{
  g_return_if_fail (SIP_IS_USER_AGENT (self));

  if (set_string (&self->outbound_proxy, uri))
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_OUTBOUND_PROXY]);
}

/**
 * sip_user_agent_get_keepalive_interval: (get-property keepalive-interval)
 * @self: a user agent
 *
 * Gets [property@Sip.UserAgent:keepalive-interval].
 *
 * Returns: the keepalive interval in seconds, or 0
 */
guint
sip_user_agent_get_keepalive_interval (SipUserAgent *self)
{
  g_return_val_if_fail (SIP_IS_USER_AGENT (self), 0);

  return self->keepalive_interval;
}

/**
 * sip_user_agent_set_keepalive_interval: (set-property keepalive-interval)
 * @self: a user agent
 * @seconds: the interval, 0 for none
 *
 * Sets [property@Sip.UserAgent:keepalive-interval].
 */
void
sip_user_agent_set_keepalive_interval (SipUserAgent *self,
                                       guint         seconds)
{
  g_return_if_fail (SIP_IS_USER_AGENT (self));
  g_return_if_fail (seconds <= 3600);

  if (self->keepalive_interval == seconds)
    return;

  self->keepalive_interval = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_KEEPALIVE_INTERVAL]);
}

/**
 * sip_user_agent_get_network_monitor: (get-property network-monitor)
 * @self: a user agent
 *
 * Gets [property@Sip.UserAgent:network-monitor].
 *
 * Returns: (transfer none) (nullable): the network monitor
 */
GNetworkMonitor *
sip_user_agent_get_network_monitor (SipUserAgent *self)
{
  g_return_val_if_fail (SIP_IS_USER_AGENT (self), NULL);

  return self->network_monitor;
}

static void
network_changed_cb (GNetworkMonitor *monitor,
                    gboolean         available,
                    SipUserAgent    *self)
{
  if (!available || self->stack == NULL || self->stopping)
    return;

  for (guint i = 0; i < self->registrations->len; i++)
    sip_registration_network_changed (g_ptr_array_index (self->registrations, i));
}

static void
watch_network (SipUserAgent *self,
               gboolean      watch)
{
  if (self->network_changed_id)
    g_clear_signal_handler (&self->network_changed_id, self->network_monitor);
  if (watch && self->network_monitor)
    self->network_changed_id =
      g_signal_connect (self->network_monitor, "network-changed",
                        G_CALLBACK (network_changed_cb), self);
}

/* Network changes matter to registrations only. GIO's default monitor is
 * taken when a running user agent first has one: a user agent that only
 * answers and calls (a listener, a test peer) opens no netlink socket,
 * and its main loop polls one source less for every event. */
static void
need_network (SipUserAgent *self)
{
  if (self->stack == NULL || self->registrations->len == 0)
    return;
  if (self->network_monitor == NULL)
    sip_user_agent_set_network_monitor (self, g_network_monitor_get_default ());
  else if (self->network_changed_id == 0)
    watch_network (self, TRUE);
}

/**
 * sip_user_agent_set_network_monitor: (set-property network-monitor)
 * @self: a user agent
 * @monitor: (nullable): a network monitor
 *
 * Sets [property@Sip.UserAgent:network-monitor].
 */
void
sip_user_agent_set_network_monitor (SipUserAgent    *self,
                                    GNetworkMonitor *monitor)
{
  g_return_if_fail (SIP_IS_USER_AGENT (self));
  g_return_if_fail (monitor == NULL || G_IS_NETWORK_MONITOR (monitor));

  if (self->network_monitor == monitor)
    return;

  watch_network (self, FALSE);
  g_set_object (&self->network_monitor, monitor);
  watch_network (self, self->stack != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_NETWORK_MONITOR]);
}

/**
 * sip_user_agent_get_tls_ca_file: (get-property tls-ca-file)
 * @self: a user agent
 *
 * Gets [property@Sip.UserAgent:tls-ca-file].
 *
 * Returns: (nullable) (type filename): the CA file
 */
const char *
sip_user_agent_get_tls_ca_file (SipUserAgent *self)
{
  g_return_val_if_fail (SIP_IS_USER_AGENT (self), NULL);

  return self->tls_ca_file;
}

/**
 * sip_user_agent_set_tls_ca_file: (set-property tls-ca-file)
 * @self: a user agent
 * @path: (nullable) (type filename): a PEM file, or %NULL for the system's
 *   authorities
 *
 * Sets [property@Sip.UserAgent:tls-ca-file].
 */
void
sip_user_agent_set_tls_ca_file (SipUserAgent *self,
                                const char   *path)
{
  g_return_if_fail (SIP_IS_USER_AGENT (self));

  if (set_string (&self->tls_ca_file, path))
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TLS_CA_FILE]);
}

/**
 * sip_user_agent_get_tls_certificate: (get-property tls-certificate)
 * @self: a user agent
 *
 * Gets [property@Sip.UserAgent:tls-certificate].
 *
 * Returns: (nullable) (type filename): the certificate file
 */
const char *
sip_user_agent_get_tls_certificate (SipUserAgent *self)
{
  g_return_val_if_fail (SIP_IS_USER_AGENT (self), NULL);

  return self->tls_certificate;
}

/**
 * sip_user_agent_set_tls_certificate: (set-property tls-certificate)
 * @self: a user agent
 * @path: (nullable) (type filename): a PEM file with key and certificate,
 *   or %NULL
 *
 * Sets [property@Sip.UserAgent:tls-certificate].
 */
void
sip_user_agent_set_tls_certificate (SipUserAgent *self,
                                    const char   *path)
{
  g_return_if_fail (SIP_IS_USER_AGENT (self));

  if (set_string (&self->tls_certificate, path))
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TLS_CERTIFICATE]);
}

/**
 * sip_user_agent_get_tls_verify: (get-property tls-verify)
 * @self: a user agent
 *
 * Gets [property@Sip.UserAgent:tls-verify].
 *
 * Returns: whether TLS servers are verified
 */
gboolean
sip_user_agent_get_tls_verify (SipUserAgent *self)
{
  g_return_val_if_fail (SIP_IS_USER_AGENT (self), TRUE);

  return self->tls_verify;
}

/**
 * sip_user_agent_set_tls_verify: (set-property tls-verify)
 * @self: a user agent
 * @verify: whether to verify TLS servers
 *
 * Sets [property@Sip.UserAgent:tls-verify]; see there why it should stay
 * on.
 */
void
sip_user_agent_set_tls_verify (SipUserAgent *self,
                               gboolean      verify)
{
  g_return_if_fail (SIP_IS_USER_AGENT (self));

  verify = !!verify;
  if (self->tls_verify == verify)
    return;

  self->tls_verify = verify;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TLS_VERIFY]);
}

/**
 * sip_user_agent_get_tls_contact_uri: (get-property tls-contact-uri)
 * @self: a user agent
 *
 * Gets [property@Sip.UserAgent:tls-contact-uri].
 *
 * Returns: (nullable): the `sips:` URI of the TLS transport
 */
const char *
sip_user_agent_get_tls_contact_uri (SipUserAgent *self)
{
  g_return_val_if_fail (SIP_IS_USER_AGENT (self), NULL);

  return self->tls_contact_uri;
}

/**
 * sip_user_agent_get_tls_enabled: (get-property tls-enabled)
 * @self: a user agent
 *
 * Gets [property@Sip.UserAgent:tls-enabled].
 *
 * Returns: whether a TLS transport is bound
 */
gboolean
sip_user_agent_get_tls_enabled (SipUserAgent *self)
{
  g_return_val_if_fail (SIP_IS_USER_AGENT (self), FALSE);

  return self->tls_enabled;
}

/**
 * sip_user_agent_set_tls_enabled: (set-property tls-enabled)
 * @self: a user agent
 * @enabled: whether to bind a TLS transport
 *
 * Sets [property@Sip.UserAgent:tls-enabled].
 */
void
sip_user_agent_set_tls_enabled (SipUserAgent *self,
                                gboolean      enabled)
{
  g_return_if_fail (SIP_IS_USER_AGENT (self));

  enabled = !!enabled;
  if (self->tls_enabled == enabled)
    return;

  self->tls_enabled = enabled;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TLS_ENABLED]);
}
