/* sip-context.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sip-auth-private.h"
#include "sip-context-private.h"
#include "sip-convert-private.h"
#include "sip-message-private.h"
#include "sip-sofia-private.h"

/**
 * SipContext:
 *
 * A SIP request and everything that follows from it.
 *
 * A context wraps one request: the authentication retries it needs, the
 * provisional and final responses, and what the request created (a
 * message delivered, a call). It is the GObject form of the contexts of
 * SIP.js. There are two bases, [class@Sip.ClientContext] for requests this
 * user agent sends and [class@Sip.ServerContext] for requests it received,
 * and mixins that add the behaviour of one method, such as
 * [iface@Sip.MessageContext].
 *
 * ## Signals and their order
 *
 * Both bases report responses with the same signals: on the client side
 * for responses received, on the server side for responses sent.
 *
 * - [signal@Sip.Context::progress] for each provisional (1xx) response;
 * - [signal@Sip.Context::accepted] for a successful (2xx) final response;
 * - [signal@Sip.Context::rejected] for a failure (3xx-6xx) final response,
 *   always followed by [signal@Sip.Context::failed];
 * - [signal@Sip.Context::failed] alone when the request failed without a
 *   response: timeout, transport error, the user agent stopped;
 * - [signal@Sip.Context::terminated] exactly once per context, always the
 *   last signal it emits.
 *
 * Every state change is notified through [property@Sip.Context:state].
 *
 * A [class@Sip.UserAgent] keeps each live context alive until it has
 * terminated, so an application may drop its reference to a context it
 * sent and still receive its signals.
 */

/* How a context reaches its user agent: one link per user agent, shared
 * by all its contexts and cut when the user agent goes. A weak pointer
 * per context cost two updates of the user agent's weak references for
 * every request. */
typedef struct
{
  SipUserAgent *user_agent;   /* NULL once it has gone */
  gint          refs;         /* the user agent's and one per context */
} UserAgentLink;

static GQuark link_quark;

static void
link_unref (UserAgentLink *link)
{
  if (g_atomic_int_dec_and_test (&link->refs))
    g_free (link);
}

static void
link_cut (gpointer  data,
          GObject  *user_agent)
{
  UserAgentLink *link = data;

  g_object_set_qdata (user_agent, link_quark, NULL);
  link->user_agent = NULL;
  link_unref (link);
}

static UserAgentLink *
link_ref (SipUserAgent *user_agent)
{
  UserAgentLink *link = g_object_get_qdata (G_OBJECT (user_agent), link_quark);

  if (link == NULL)
    {
      link = g_new (UserAgentLink, 1);
      link->user_agent = user_agent;
      link->refs = 1;
      g_object_weak_ref (G_OBJECT (user_agent), link_cut, link);
      g_object_set_qdata (G_OBJECT (user_agent), link_quark, link);
    }
  g_atomic_int_inc (&link->refs);
  return link;
}

typedef struct
{
  UserAgentLink   *link;
  SipRequest      *request;
  /* A request received, until somebody asks for its snapshot (most
   * contexts are answered without): what the context reads of it comes
   * from here, and is handed to the snapshot when it is made. */
  msg_t           *request_msg;
  char            *request_text;
  gboolean         request_text_done;
  SipResponse     *response;
  gboolean         response_deferred; /* response is vtable->make_response's */
  gboolean         tracked;           /* in its user agent's table */
  SipNameAddr     *local_identity;    /* NULL: the To of the request */
  SipNameAddr     *remote_identity;   /* NULL: the From of the request */
  SipContextState  state;
  SipCause         cause;
  nua_handle_t    *nh;
  gboolean         borrowed;     /* nh belongs to another context */
  gboolean         terminated;
  SipAuthenticator *authenticator;
  SipContextVTable *vtable;      /* its class's, once asked */
} SipContextPrivate;

/* The user agent, or NULL once it has gone */
static inline SipUserAgent *
user_agent_of (SipContextPrivate *priv)
{
  return priv->link ? priv->link->user_agent : NULL;
}

G_DEFINE_ABSTRACT_TYPE_WITH_CODE (SipContext, sip_context, G_TYPE_OBJECT,
                                  G_ADD_PRIVATE (SipContext)
                                  g_type_add_class_private (g_define_type_id,
                                                            sizeof (SipContextVTable)))

enum {
  PROP_0,
  PROP_USER_AGENT,
  PROP_METHOD,
  PROP_REQUEST,
  PROP_RESPONSE,
  PROP_LOCAL_IDENTITY,
  PROP_REMOTE_IDENTITY,
  PROP_STATE,
  PROP_CAUSE,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

enum {
  SIGNAL_PROGRESS,
  SIGNAL_ACCEPTED,
  SIGNAL_REJECTED,
  SIGNAL_FAILED,
  SIGNAL_TERMINATED,
  SIGNAL_STATE_CHANGED,
  SIGNAL_AUTHENTICATE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

SipContextVTable *
sip_context_class_get_vtable (gpointer klass)
{
  return G_TYPE_CLASS_GET_PRIVATE (klass, SIP_TYPE_CONTEXT, SipContextVTable);
}

/* The vtable of the class of SELF, kept: finding a class's private data
 * looks two types up, and a call asks about ten times. */
SipContextVTable *
sip_context_get_vtable (SipContext *self)
{
  SipContextPrivate *priv = sip_context_get_instance_private (self);

  if (G_UNLIKELY (priv->vtable == NULL))
    priv->vtable = sip_context_class_get_vtable (G_OBJECT_GET_CLASS (self));
  return priv->vtable;
}

static void
release_handle (SipContext *self)
{
  SipContextPrivate *priv = sip_context_get_instance_private (self);
  SipContextVTable *vtable = sip_context_get_vtable (self);

  if (vtable->release)
    vtable->release (self);

  sip_authenticator_abandon (priv->authenticator);
  if (priv->nh && priv->borrowed)
    priv->nh = NULL;
  if (priv->nh)
    {
      nua_handle_bind (priv->nh, NULL);
      nua_handle_destroy (priv->nh);
      priv->nh = NULL;
    }
}

/* Out of the user agent's table (and call list), once. */
static void
untrack (SipContext *self)
{
  SipContextPrivate *priv = sip_context_get_instance_private (self);
  SipUserAgent *user_agent = user_agent_of (priv);

  if (!priv->tracked)
    return;
  priv->tracked = FALSE;
  if (user_agent != NULL)
    sip_user_agent_untrack_context (user_agent, self);
}

static void
sip_context_dispose (GObject *object)
{
  SipContext *self = SIP_CONTEXT (object);
  SipContextPrivate *priv = sip_context_get_instance_private (self);

  release_handle (self);
  untrack (self);
  g_clear_pointer (&priv->link, link_unref);

  g_clear_pointer (&priv->authenticator, sip_authenticator_free);
  g_clear_object (&priv->request);
  g_clear_object (&priv->response);
  priv->response_deferred = FALSE;
  g_clear_pointer (&priv->request_msg, msg_destroy);
  g_clear_pointer (&priv->request_text, g_free);
  g_clear_pointer (&priv->local_identity, sip_name_addr_unref);
  g_clear_pointer (&priv->remote_identity, sip_name_addr_unref);

  G_OBJECT_CLASS (sip_context_parent_class)->dispose (object);
}

static void
sip_context_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SipContext *self = SIP_CONTEXT (object);
  SipContextPrivate *priv = sip_context_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_USER_AGENT:
      g_value_set_object (value, sip_context_get_user_agent (self));
      break;
    case PROP_METHOD:
      g_value_set_string (value, sip_context_get_method (self));
      break;
    case PROP_REQUEST:
      g_value_set_object (value, sip_context_get_request (self));
      break;
    case PROP_RESPONSE:
      g_value_set_object (value, sip_context_get_response (self));
      break;
    case PROP_LOCAL_IDENTITY:
      g_value_set_boxed (value, sip_context_get_local_identity (self));
      break;
    case PROP_REMOTE_IDENTITY:
      g_value_set_boxed (value, sip_context_get_remote_identity (self));
      break;
    case PROP_STATE:
      g_value_set_enum (value, priv->state);
      break;
    case PROP_CAUSE:
      g_value_set_enum (value, priv->cause);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sip_context_class_init (SipContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sip_context_dispose;
  object_class->get_property = sip_context_get_property;

  link_quark = g_quark_from_static_string ("sip-context-user-agent-link");

  /**
   * SipContext:user-agent:
   *
   * The user agent that sent or received the request. It is %NULL once
   * the user agent has been finalized.
   */
  props[PROP_USER_AGENT] =
    g_param_spec_object ("user-agent", NULL, NULL, SIP_TYPE_USER_AGENT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * SipContext:method:
   *
   * The method of the request, such as `MESSAGE`.
   */
  props[PROP_METHOD] =
    g_param_spec_string ("method", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * SipContext:request:
   *
   * The request: as sent, for a client context; as received, for a server
   * context.
   */
  props[PROP_REQUEST] =
    g_param_spec_object ("request", NULL, NULL, SIP_TYPE_REQUEST,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * SipContext:response:
   *
   * The last response: received, for a client context; sent, for a server
   * context. %NULL until there is one.
   */
  props[PROP_RESPONSE] =
    g_param_spec_object ("response", NULL, NULL, SIP_TYPE_RESPONSE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SipContext:local-identity:
   *
   * This side of the request: the From of a request sent, the To of a
   * request received.
   */
  props[PROP_LOCAL_IDENTITY] =
    g_param_spec_boxed ("local-identity", NULL, NULL, SIP_TYPE_NAME_ADDR,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * SipContext:remote-identity:
   *
   * The other side: the To of a request sent, the From of a request
   * received.
   */
  props[PROP_REMOTE_IDENTITY] =
    g_param_spec_boxed ("remote-identity", NULL, NULL, SIP_TYPE_NAME_ADDR,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * SipContext:state:
   *
   * The state of the context. It only moves forward, and ends in
   * %SIP_CONTEXT_STATE_TERMINATED.
   */
  props[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, SIP_TYPE_CONTEXT_STATE,
                       SIP_CONTEXT_STATE_INITIAL,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SipContext:cause:
   *
   * Why the context failed or terminated; %SIP_CAUSE_NONE while it runs
   * and after a success.
   */
  props[PROP_CAUSE] =
    g_param_spec_enum ("cause", NULL, NULL, SIP_TYPE_CAUSE, SIP_CAUSE_NONE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, props);

  /**
   * SipContext::progress:
   * @self: the context
   * @status_code: the status code, between 100 and 199
   * @response: the provisional response
   *
   * Emitted for each provisional response: received by a client context,
   * sent by a server context.
   */
  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  G_STRUCT_OFFSET (SipContextClass, progress),
                  NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, SIP_TYPE_RESPONSE);

  /**
   * SipContext::accepted:
   * @self: the context
   * @status_code: the status code, between 200 and 299
   * @response: the successful final response
   *
   * Emitted when the request succeeded: a 2xx response was received by a
   * client context or sent by a server context.
   */
  signals[SIGNAL_ACCEPTED] =
    g_signal_new ("accepted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  G_STRUCT_OFFSET (SipContextClass, accepted),
                  NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, SIP_TYPE_RESPONSE);

  /**
   * SipContext::rejected:
   * @self: the context
   * @status_code: the status code, between 300 and 699
   * @response: the final response
   * @cause: the cause for @status_code
   *
   * Emitted when the request was answered with a failure (3xx to 6xx).
   * [signal@Sip.Context::failed] always follows.
   */
  signals[SIGNAL_REJECTED] =
    g_signal_new ("rejected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  G_STRUCT_OFFSET (SipContextClass, rejected),
                  NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_UINT, SIP_TYPE_RESPONSE, SIP_TYPE_CAUSE);

  /**
   * SipContext::failed:
   * @self: the context
   * @status_code: the status code, or 0 if no response caused the failure
   * @response: (nullable): the final response, or %NULL
   * @cause: why the request failed
   *
   * Emitted when the request failed: after [signal@Sip.Context::rejected]
   * for a failure response, or alone for a timeout
   * (%SIP_CAUSE_REQUEST_TIMEOUT), a transport error
   * (%SIP_CAUSE_CONNECTION_ERROR) or a user agent that stopped
   * (%SIP_CAUSE_STOPPED).
   */
  signals[SIGNAL_FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  G_STRUCT_OFFSET (SipContextClass, failed),
                  NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_UINT, SIP_TYPE_RESPONSE, SIP_TYPE_CAUSE);

  /**
   * SipContext::terminated:
   * @self: the context
   * @cause: why the context ended; %SIP_CAUSE_NONE after a success
   *
   * Emitted exactly once, when the context is over. It is always the last
   * signal the context emits; afterwards every operation on it fails with
   * %SIP_ERROR_INVALID_STATE.
   */
  signals[SIGNAL_TERMINATED] =
    g_signal_new ("terminated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  G_STRUCT_OFFSET (SipContextClass, terminated),
                  NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SIP_TYPE_CAUSE);

  /**
   * SipContext::state-changed:
   * @self: the context
   * @old_state: the state the context has just left
   *
   * Emitted each time [property@Sip.Context:state] changes, after its
   * notification, with the state it had before: the new one is the
   * property. A call that comes to %SIP_CONTEXT_STATE_TERMINATED from
   * %SIP_CONTEXT_STATE_TERMINATING was hung up by this side, for
   * example, which `notify::state` alone cannot tell.
   *
   * It is also cheaper to follow than `notify::state` with GLib 2.74:
   * GObject::notify cannot recurse, so each of its emissions that reaches
   * a handler takes GObject's slow path, while this signal takes the fast
   * one.
   */
  signals[SIGNAL_STATE_CHANGED] =
    g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  G_STRUCT_OFFSET (SipContextClass, state_changed),
                  NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SIP_TYPE_CONTEXT_STATE);

  /**
   * SipContext::authenticate:
   * @self: the context
   * @auth: the challenge
   * @retrying: %TRUE if the user agent's credentials for this realm were
   *   just refused
   *
   * Emitted when a request this context sent (its own request, or one
   * inside the dialog it created, such as a BYE or a re-INVITE) was
   * challenged with 401 or 407 and the user agent has no credentials for
   * the realm, or had them refused. See [class@Sip.Auth].
   *
   * A handler that will answer, at once or later, with
   * [method@Sip.Auth.authenticate] or [method@Sip.Auth.cancel] returns
   * %TRUE. If every handler returns %FALSE, the request fails with the
   * challenge as its response and %SIP_CAUSE_AUTHENTICATION_ERROR.
   *
   * Returns: %TRUE if the challenge is being handled
   */
  signals[SIGNAL_AUTHENTICATE] =
    sip_auth_signal_new (G_TYPE_FROM_CLASS (klass),
                         G_STRUCT_OFFSET (SipContextClass, authenticate));
}

static void
sip_context_init (SipContext *self)
{
}

void
sip_context_setup (SipContext   *self,
                   SipUserAgent *user_agent,
                   SipRequest   *request,
                   SipNameAddr  *local_identity,
                   SipNameAddr  *remote_identity)
{
  SipContextPrivate *priv = sip_context_get_instance_private (self);

  priv->link = link_ref (user_agent);
  g_set_object (&priv->request, request);
  sip_name_addr_set (&priv->local_identity, local_identity);
  sip_name_addr_set (&priv->remote_identity, remote_identity);
}

void
sip_context_setup_received (SipContext     *self,
                            SipUserAgent   *user_agent,
                            const SipEvent *event)
{
  SipContextPrivate *priv = sip_context_get_instance_private (self);
  msg_t *msg = sip_convert_event_msg (event);

  if (msg == NULL)
    {
      g_autoptr(SipRequest) request = sip_convert_request (event);

      sip_context_setup (self, user_agent, request, NULL, NULL);
      return;
    }

  priv->link = link_ref (user_agent);
  priv->request_msg = msg_ref_create (msg);
}

static const sip_t *
received_sip (SipContextPrivate *priv)
{
  return priv->request == NULL && priv->request_msg != NULL ? sip_object (priv->request_msg) : NULL;
}

const char *
sip_context_get_request_text (SipContext *self)
{
  SipContextPrivate *priv = sip_context_get_instance_private (self);
  const sip_t *sip = received_sip (priv);

  if (sip == NULL)
    return priv->request ? sip_message_get_body_text (SIP_MESSAGE (priv->request)) : NULL;

  if (!priv->request_text_done)
    {
      priv->request_text = sip_message_text_of (sip);
      priv->request_text_done = TRUE;
    }
  return priv->request_text;
}

const char *
sip_context_get_request_content_type (SipContext *self)
{
  SipContextPrivate *priv = sip_context_get_instance_private (self);
  const sip_t *sip = received_sip (priv);

  if (sip == NULL)
    return priv->request ? sip_message_get_content_type (SIP_MESSAGE (priv->request)) : NULL;
  return sip->sip_content_type ? sip->sip_content_type->c_type : NULL;
}

static void
dispatch_event (SipContext     *self,
                const SipEvent *event)
{
  SipContextVTable *vtable = sip_context_get_vtable (self);

  if (vtable->handle_event)
    {
      g_object_ref (self);
      vtable->handle_event (self, event);
      g_object_unref (self);
    }
}

/* A challenge nobody answered reaches the class as it came. */
static void
replay_challenge (GObject        *owner,
                  const SipEvent *event)
{
  dispatch_event (SIP_CONTEXT (owner), event);
}

void
sip_context_bind_handle (SipContext   *self,
                         nua_handle_t *nh)
{
  SipContextPrivate *priv = sip_context_get_instance_private (self);

  g_assert (priv->nh == NULL);
  priv->nh = nh;
  nua_handle_bind (nh, self);

  /* Whatever this context sends on its handle may be challenged: see
   * sip_context_handle_event(), which sets up the authenticator then. */
}

/* A request inside a dialog answers with the handle of the context that
 * owns the dialog, without taking it over. */
void
sip_context_borrow_handle (SipContext   *self,
                           nua_handle_t *nh)
{
  SipContextPrivate *priv = sip_context_get_instance_private (self);

  g_assert (priv->nh == NULL);
  priv->nh = nh;
  priv->borrowed = TRUE;
}

nua_handle_t *
sip_context_get_handle (SipContext *self)
{
  SipContextPrivate *priv = sip_context_get_instance_private (self);

  return priv->nh;
}

SipContextState
sip_context_peek_state (SipContext *self)
{
  SipContextPrivate *priv = sip_context_get_instance_private (self);

  return priv->state;
}

gboolean
sip_context_peek_terminated (SipContext *self)
{
  SipContextPrivate *priv = sip_context_get_instance_private (self);

  return priv->terminated;
}

void
sip_context_handle_event (SipContext     *self,
                          const SipEvent *event)
{
  SipContextPrivate *priv = sip_context_get_instance_private (self);

  if (sip_sofia_is_restart (event->status, event->sip))
    return;

  /* The first challenge to a request sent on this context's own handle:
   * most contexts never see one, and a live call need not carry an
   * authenticator for nothing. */
  if (priv->authenticator == NULL && priv->nh != NULL && !priv->borrowed &&
      (event->status == 401 || event->status == 407))
    priv->authenticator = sip_authenticator_new (G_OBJECT (self),
                                                 signals[SIGNAL_AUTHENTICATE],
                                                 replay_challenge);

  if (priv->authenticator && !priv->terminated &&
      sip_authenticator_handle_event (priv->authenticator, sip_context_get_user_agent (self), event))
    return;

  dispatch_event (self, event);
}

void
sip_context_set_state (SipContext      *self,
                       SipContextState  state)
{
  SipContextPrivate *priv = sip_context_get_instance_private (self);
  SipContextState old_state = priv->state;
  SipUserAgent *user_agent;

  if (old_state == state)
    return;

  priv->state = state;
  /* Kept for the user agent's signal, whatever the context's handlers
   * drop. */
  g_object_ref (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STATE]);
  g_signal_emit (self, signals[SIGNAL_STATE_CHANGED], 0, old_state);
  /* Read after the context's handlers, which may have let the agent go. */
  user_agent = user_agent_of (priv);
  if (user_agent != NULL)
    sip_user_agent_context_state_changed (user_agent, self, old_state);
  g_object_unref (self);
}

void
sip_context_set_response (SipContext  *self,
                          SipResponse *response)
{
  SipContextPrivate *priv = sip_context_get_instance_private (self);

  priv->response_deferred = FALSE;
  if (g_set_object (&priv->response, response))
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_RESPONSE]);
}

void
sip_context_defer_response (SipContext *self)
{
  SipContextPrivate *priv = sip_context_get_instance_private (self);

  g_clear_object (&priv->response);
  priv->response_deferred = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_RESPONSE]);
}

/* The response to give the handlers of @signal_id: @response if there is
 * one, else the deferred one, made now if anybody is there to see it (a
 * handler, or a class handler of a subclass). GLib cannot tell whether an
 * emission hook is there: a hook alone sees NULL, and can read the
 * context's response property instead. */
static SipResponse *
signal_response (SipContext  *self,
                 guint        signal_id,
                 gsize        class_offset,
                 SipResponse *response)
{
  SipContextPrivate *priv = sip_context_get_instance_private (self);

  if (response == NULL && priv->response_deferred &&
      (g_signal_has_handler_pending (self, signal_id, 0, FALSE) ||
       G_STRUCT_MEMBER (gpointer, G_OBJECT_GET_CLASS (self), class_offset) != NULL))
    response = sip_context_get_response (self);
  return response;
}

static void
set_cause (SipContext *self,
           SipCause    cause)
{
  SipContextPrivate *priv = sip_context_get_instance_private (self);

  if (priv->cause == cause)
    return;

  priv->cause = cause;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CAUSE]);
}

void
sip_context_emit_progress (SipContext  *self,
                           guint        status,
                           SipResponse *response)
{
  SipContextPrivate *priv = sip_context_get_instance_private (self);

  if (priv->terminated)
    return;

  if (response != NULL)
    sip_context_set_response (self, response);
  if (priv->state < SIP_CONTEXT_STATE_PROCEEDING)
    sip_context_set_state (self, SIP_CONTEXT_STATE_PROCEEDING);
  response = signal_response (self, signals[SIGNAL_PROGRESS],
                              G_STRUCT_OFFSET (SipContextClass, progress), response);
  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0, status, response);
}

void
sip_context_emit_accepted (SipContext  *self,
                           guint        status,
                           SipResponse *response)
{
  SipContextPrivate *priv = sip_context_get_instance_private (self);

  if (priv->terminated)
    return;

  if (response != NULL)
    sip_context_set_response (self, response);
  sip_context_set_state (self, SIP_CONTEXT_STATE_ACCEPTED);
  response = signal_response (self, signals[SIGNAL_ACCEPTED],
                              G_STRUCT_OFFSET (SipContextClass, accepted), response);
  g_signal_emit (self, signals[SIGNAL_ACCEPTED], 0, status, response);
}

void
sip_context_fail (SipContext  *self,
                  guint        status,
                  SipResponse *response,
                  SipCause     cause)
{
  SipContextPrivate *priv = sip_context_get_instance_private (self);

  if (priv->terminated)
    return;

  g_object_ref (self);

  if (response)
    sip_context_set_response (self, response);
  set_cause (self, cause);

  if (status >= 300 && (response != NULL || priv->response_deferred))
    g_signal_emit (self, signals[SIGNAL_REJECTED], 0, status,
                   signal_response (self, signals[SIGNAL_REJECTED],
                                    G_STRUCT_OFFSET (SipContextClass, rejected), response),
                   cause);
  g_signal_emit (self, signals[SIGNAL_FAILED], 0, status,
                 signal_response (self, signals[SIGNAL_FAILED],
                                  G_STRUCT_OFFSET (SipContextClass, failed), response),
                 cause);

  sip_context_terminate (self, cause);

  g_object_unref (self);
}

void
sip_context_terminate (SipContext *self,
                       SipCause    cause)
{
  SipContextPrivate *priv = sip_context_get_instance_private (self);

  if (priv->terminated)
    return;

  g_object_ref (self);

  priv->terminated = TRUE;
  release_handle (self);
  set_cause (self, cause);
  sip_context_set_state (self, SIP_CONTEXT_STATE_TERMINATED);
  g_signal_emit (self, signals[SIGNAL_TERMINATED], 0, cause);

  untrack (self);

  g_object_unref (self);
}

/* Lists the context in USER_AGENT (which then holds a reference if
 * KEEP_ALIVE), which stops it when it stops, until the context
 * terminates. */
void
sip_context_track (SipContext   *self,
                   SipUserAgent *user_agent,
                   gboolean      keep_alive)
{
  SipContextPrivate *priv = sip_context_get_instance_private (self);

  priv->tracked = TRUE;
  sip_user_agent_track_context (user_agent, self, keep_alive);
}

void
sip_context_stop (SipContext *self)
{
  SipContextPrivate *priv = sip_context_get_instance_private (self);
  SipContextVTable *vtable = sip_context_get_vtable (self);

  if (priv->terminated)
    return;

  g_object_ref (self);
  if (vtable->stop)
    vtable->stop (self);
  /* Whatever the class did, nothing may outlive the stack. */
  sip_context_terminate (self, SIP_CAUSE_STOPPED);
  g_object_unref (self);
}

/**
 * sip_context_get_user_agent:
 * @self: a context
 *
 * Gets [property@Sip.Context:user-agent].
 *
 * Returns: (transfer none) (nullable): the user agent
 */
SipUserAgent *
sip_context_get_user_agent (SipContext *self)
{
  SipContextPrivate *priv;

  g_return_val_if_fail (SIP_IS_CONTEXT (self), NULL);

  priv = sip_context_get_instance_private (self);
  return user_agent_of (priv);
}

/**
 * sip_context_get_method:
 * @self: a context
 *
 * Gets [property@Sip.Context:method].
 *
 * Returns: the method of the request
 */
const char *
sip_context_get_method (SipContext *self)
{
  SipContextPrivate *priv;
  const sip_t *sip;

  g_return_val_if_fail (SIP_IS_CONTEXT (self), NULL);

  priv = sip_context_get_instance_private (self);
  sip = received_sip (priv);
  if (sip != NULL)
    return sip->sip_request->rq_method_name;
  return priv->request ? sip_message_get_method (SIP_MESSAGE (priv->request)) : NULL;
}

/**
 * sip_context_get_request:
 * @self: a context
 *
 * Gets [property@Sip.Context:request].
 *
 * Returns: (transfer none): the request
 */
SipRequest *
sip_context_get_request (SipContext *self)
{
  SipContextPrivate *priv;

  g_return_val_if_fail (SIP_IS_CONTEXT (self), NULL);

  priv = sip_context_get_instance_private (self);
  if (priv->request == NULL && priv->request_msg != NULL)
    {
      /* What the context read already goes with it: one From, one To,
       * one text, whichever way they are asked for. */
      priv->request = sip_request_new_internal (NULL, NULL);
      sip_message_set_msg (SIP_MESSAGE (priv->request), priv->request_msg);
      sip_message_prime (SIP_MESSAGE (priv->request), priv->remote_identity,
                         priv->local_identity, g_steal_pointer (&priv->request_text));
      g_clear_pointer (&priv->remote_identity, sip_name_addr_unref);
      g_clear_pointer (&priv->local_identity, sip_name_addr_unref);
      g_clear_pointer (&priv->request_msg, msg_destroy);
    }
  return priv->request;
}

/**
 * sip_context_get_response:
 * @self: a context
 *
 * Gets [property@Sip.Context:response].
 *
 * Returns: (transfer none) (nullable): the last response
 */
SipResponse *
sip_context_get_response (SipContext *self)
{
  SipContextPrivate *priv;

  g_return_val_if_fail (SIP_IS_CONTEXT (self), NULL);

  priv = sip_context_get_instance_private (self);
  if (priv->response_deferred)
    {
      SipContextVTable *vtable = sip_context_get_vtable (self);

      priv->response_deferred = FALSE;
      priv->response = vtable->make_response (self);
    }
  return priv->response;
}

/**
 * sip_context_get_local_identity:
 * @self: a context
 *
 * Gets [property@Sip.Context:local-identity].
 *
 * Returns: (transfer none): the local identity
 */
SipNameAddr *
sip_context_get_local_identity (SipContext *self)
{
  SipContextPrivate *priv;

  g_return_val_if_fail (SIP_IS_CONTEXT (self), NULL);

  priv = sip_context_get_instance_private (self);
  if (priv->local_identity == NULL && received_sip (priv) != NULL)
    priv->local_identity = sip_convert_name_addr (received_sip (priv)->sip_to);
  if (priv->local_identity == NULL && priv->request != NULL)
    return sip_message_get_to (SIP_MESSAGE (priv->request));
  return priv->local_identity;
}

/**
 * sip_context_get_remote_identity:
 * @self: a context
 *
 * Gets [property@Sip.Context:remote-identity].
 *
 * Returns: (transfer none): the remote identity
 */
SipNameAddr *
sip_context_get_remote_identity (SipContext *self)
{
  SipContextPrivate *priv;

  g_return_val_if_fail (SIP_IS_CONTEXT (self), NULL);

  priv = sip_context_get_instance_private (self);
  if (priv->remote_identity == NULL && received_sip (priv) != NULL)
    priv->remote_identity = sip_convert_name_addr (received_sip (priv)->sip_from);
  if (priv->remote_identity == NULL && priv->request != NULL)
    return sip_message_get_from (SIP_MESSAGE (priv->request));
  return priv->remote_identity;
}

/**
 * sip_context_get_state:
 * @self: a context
 *
 * Gets [property@Sip.Context:state].
 *
 * Returns: the state
 */
SipContextState
sip_context_get_state (SipContext *self)
{
  SipContextPrivate *priv;

  g_return_val_if_fail (SIP_IS_CONTEXT (self), SIP_CONTEXT_STATE_TERMINATED);

  priv = sip_context_get_instance_private (self);
  return priv->state;
}

/**
 * sip_context_get_cause:
 * @self: a context
 *
 * Gets [property@Sip.Context:cause].
 *
 * Returns: the cause
 */
SipCause
sip_context_get_cause (SipContext *self)
{
  SipContextPrivate *priv;

  g_return_val_if_fail (SIP_IS_CONTEXT (self), SIP_CAUSE_NONE);

  priv = sip_context_get_instance_private (self);
  return priv->cause;
}

/**
 * sip_context_is_terminated:
 * @self: a context
 *
 * Checks whether [signal@Sip.Context::terminated] has been emitted.
 *
 * Returns: %TRUE if the context is over
 */
gboolean
sip_context_is_terminated (SipContext *self)
{
  SipContextPrivate *priv;

  g_return_val_if_fail (SIP_IS_CONTEXT (self), TRUE);

  priv = sip_context_get_instance_private (self);
  return priv->terminated;
}
