/* sip-registration.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sip-auth-private.h"
#include "sip-context-private.h"
#include "sip-convert-private.h"
#include "sip-registration-private.h"
#include "sip-sofia-private.h"
#include "sip-i18n-private.h"

#include <string.h>

/**
 * SipRegistration:
 *
 * A binding of this user agent's contact to its address of record at a
 * registrar: what a softphone keeps up so that calls reach it.
 *
 * It is the `RegisterContext` of SIP.js, made to last: one object per
 * registrar, created with [method@Sip.UserAgent.create_registration], that
 * carries every REGISTER of the binding.
 *
 * - [method@Sip.Registration.register_async] sends the REGISTER with
 *   [property@Sip.Registration:expires]. A 423 Interval Too Brief is
 *   answered by registering again with the registrar's Min-Expires.
 * - The binding is refreshed before it expires, from what the registrar
 *   granted ([property@Sip.Registration:granted-expires]).
 * - 401 and 407 are answered inside the registration, with the user
 *   agent's credentials or through [signal@Sip.Registration::authenticate];
 *   see [class@Sip.Auth].
 * - When a REGISTER fails (timeout, transport error, 5xx, ...), it is sent
 *   again after a delay that doubles with each failure, from
 *   [property@Sip.Registration:retry-interval] up to 30 minutes, with the
 *   random part RFC 5626 asks for. Failures that need the user (401, 403,
 *   404, 407, a refused TLS certificate) are not retried.
 * - When the network changes ([iface@Gio.NetworkMonitor]), the binding is
 *   renewed at once.
 * - [method@Sip.Registration.unregister_async] removes this contact, or
 *   every contact of the address of record (`Contact: *`).
 * - Stopping the user agent removes the binding.
 *
 * [property@Sip.Registration:state] follows all of this and is notified on
 * each change; the signals tell each outcome with its response.
 */

#define MAX_RETRY_INTERVAL 1800
#define DEFAULT_EXPIRES 600
#define DEFAULT_RETRY_INTERVAL 30

struct _SipRegistration
{
  GObject               parent_instance;

  SipUserAgent         *user_agent;      /* weak */
  char                 *registrar;
  guint                 expires;
  guint                 granted_expires;
  guint                 retry_interval;
  SipRegistrationState  state;
  SipResponse          *response;

  nua_handle_t         *nh;
  SipAuthenticator     *authenticator;
  gboolean              wanted;          /* the application wants a binding */
  SipTlsFailure         tls_failure;     /* of the last failure */
  guint                 failures;
  guint                 retry_id;
  GList                *register_tasks;
  GList                *unregister_tasks;
};

G_DEFINE_FINAL_TYPE (SipRegistration, sip_registration, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_USER_AGENT,
  PROP_REGISTRAR,
  PROP_EXPIRES,
  PROP_GRANTED_EXPIRES,
  PROP_RETRY_INTERVAL,
  PROP_STATE,
  PROP_RESPONSE,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

enum {
  SIGNAL_REGISTERED,
  SIGNAL_UNREGISTERED,
  SIGNAL_FAILED,
  SIGNAL_AUTHENTICATE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void dispatch_event (SipRegistration *self,
                            const SipEvent  *ev);

static void
set_state (SipRegistration      *self,
           SipRegistrationState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STATE]);
}

static void
set_granted_expires (SipRegistration *self,
                     guint            granted)
{
  if (self->granted_expires == granted)
    return;

  self->granted_expires = granted;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_GRANTED_EXPIRES]);
}

static void
set_response (SipRegistration *self,
              SipResponse     *response)
{
  if (g_set_object (&self->response, response))
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_RESPONSE]);
}

static void forget_cancellable (GTask *task);

static void
return_tasks (GList       **tasks,
              const GError *error)
{
  GList *list = g_steal_pointer (tasks);

  for (GList *l = list; l; l = l->next)
    {
      GTask *task = l->data;

      forget_cancellable (task);
      if (error)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
  g_list_free_full (list, g_object_unref);
}

static GError *
error_for (SipRegistration *self,
           guint            status,
           SipResponse     *response,
           SipCause         cause)
{
  const char *phrase = response ? sip_response_get_reason_phrase (response) : NULL;

  switch (cause)
    {
    case SIP_CAUSE_TLS_ERROR:
      return g_error_new (SIP_ERROR, SIP_ERROR_TLS, "%s",
                          sip_tls_failure_describe (self->tls_failure));
    case SIP_CAUSE_AUTHENTICATION_ERROR:
      return g_error_new (SIP_ERROR, SIP_ERROR_AUTHENTICATION,
                          /* Translators: a SIP status code and its reason phrase */
                          _("The registrar refused the credentials (%u %s)"),
                          status, phrase ? phrase : "");
    case SIP_CAUSE_REQUEST_TIMEOUT:
      return g_error_new_literal (SIP_ERROR, SIP_ERROR_TIMEOUT,
                                  _("The registrar did not answer in time"));
    case SIP_CAUSE_CONNECTION_ERROR:
      return g_error_new_literal (SIP_ERROR, SIP_ERROR_TRANSPORT,
                                  _("The REGISTER could not be delivered to the registrar"));
    case SIP_CAUSE_STOPPED:
      return g_error_new_literal (SIP_ERROR, SIP_ERROR_CANCELLED,
                                  _("The registration was stopped"));
    default:
      return g_error_new (SIP_ERROR, SIP_ERROR_FAILED,
                          /* Translators: a SIP status code and its reason phrase */
                          _("The registration failed: %u %s"), status, phrase ? phrase : "");
    }
}

static gboolean
is_retryable (SipCause cause)
{
  switch (cause)
    {
    case SIP_CAUSE_AUTHENTICATION_ERROR:
    case SIP_CAUSE_REJECTED:
    case SIP_CAUSE_NOT_FOUND:
    case SIP_CAUSE_STOPPED:
    case SIP_CAUSE_TLS_ERROR:
      return FALSE;
    default:
      return TRUE;
    }
}

/* RFC 5626 4.5: min(max, base * 2^failures), 50% to 100% of it. */
static guint
retry_delay_ms (SipRegistration *self)
{
  guint64 wait = self->retry_interval ? self->retry_interval : 1;

  for (guint i = 1; i < self->failures && wait < MAX_RETRY_INTERVAL; i++)
    wait *= 2;
  wait = MIN (wait, MAX_RETRY_INTERVAL) * 1000;

  return (guint) g_random_int_range ((gint32) (wait / 2), (gint32) wait + 1);
}

/* nua removes a live binding as it destroys the handle, and forgets a
 * REGISTER still waiting for credentials. */
static void
drop_handle (SipRegistration *self)
{
  if (self->nh == NULL)
    return;

  nua_handle_bind (self->nh, NULL);
  nua_handle_destroy (self->nh);
  self->nh = NULL;
}

static gboolean ensure_handle (SipRegistration  *self,
                               GError          **error);
static void     send_register (SipRegistration  *self);

static gboolean
retry_cb (gpointer data)
{
  SipRegistration *self = data;

  self->retry_id = 0;
  if (self->wanted && ensure_handle (self, NULL))
    {
      g_debug ("Registering again with %s after %u failures",
               self->registrar, self->failures);
      send_register (self);
    }

  return G_SOURCE_REMOVE;
}

static void
fail (SipRegistration *self,
      guint            status,
      SipResponse     *response,
      SipCause         cause,
      GList          **tasks)
{
  g_autoptr(GError) error = error_for (self, status, response, cause);

  g_object_ref (self);

  self->failures++;
  set_response (self, response);
  set_granted_expires (self, 0);
  set_state (self, SIP_REGISTRATION_STATE_FAILED);
  g_signal_emit (self, signals[SIGNAL_FAILED], 0, status, response, cause);
  return_tasks (tasks, error);

  g_clear_handle_id (&self->retry_id, sip_source_remove);
  if (self->wanted && is_retryable (cause))
    {
      guint delay = retry_delay_ms (self);

      g_debug ("Registration with %s failed (%u); trying again in %u ms",
               self->registrar, status, delay);
      self->retry_id = sip_timeout_add (delay, retry_cb, self);
    }
  else
    self->wanted = FALSE;

  g_object_unref (self);
}

/* What the registrar granted our contact: its expires parameter, or the
 * Expires header. */
static guint
granted_from (SipRegistration *self,
              const sip_t     *sip)
{
  su_home_t home[1] = { SU_HOME_INIT (home) };
  const char *contact_uri = sip_user_agent_get_contact_uri (self->user_agent);
  url_t *ours = contact_uri ? url_make (home, contact_uri) : NULL;
  const sip_contact_t *fallback = NULL;
  const sip_contact_t *m;
  guint granted = self->expires;

  for (m = sip->sip_contact; m; m = m->m_next)
    {
      const char *port = m->m_url->url_port ? m->m_url->url_port : "5060";
      const char *our_port = ours && ours->url_port ? ours->url_port : "5060";

      if (m->m_expires == NULL)
        continue;
      if (fallback == NULL)
        fallback = m;
      if (ours && g_strcmp0 (port, our_port) == 0 &&
          (g_strcmp0 (ours->url_host, "*") == 0 ||
           g_ascii_strcasecmp (m->m_url->url_host, ours->url_host) == 0))
        break;
    }
  if (m == NULL)
    m = fallback;

  if (m && m->m_expires)
    granted = (guint) g_ascii_strtoull (m->m_expires, NULL, 10);
  else if (sip->sip_expires)
    granted = sip->sip_expires->ex_delta;

  su_home_deinit (home);
  return granted;
}

static void
dispatch_event (SipRegistration *self,
                const SipEvent  *ev)
{
  g_autoptr(SipResponse) response = NULL;
  gboolean internal;
  SipCause cause;

  if (ev->status < 200)
    return;

  internal = sip_sofia_is_local_failure (ev->status, ev->sip);
  if (internal)
    cause = sip_stack_local_failure_cause (ev->status, &self->tls_failure);
  else
    {
      response = sip_convert_event_response (ev);
      cause = sip_cause_from_status (ev->status);
    }

  if (ev->event == nua_r_register)
    {
      if (ev->status >= 300)
        {
          fail (self, internal ? 0 : ev->status, response, cause, &self->register_tasks);
          return;
        }

      self->failures = 0;
      set_response (self, response);
      set_granted_expires (self, granted_from (self, ev->sip));
      set_state (self, SIP_REGISTRATION_STATE_REGISTERED);
      g_signal_emit (self, signals[SIGNAL_REGISTERED], 0, response);
      return_tasks (&self->register_tasks, NULL);
    }
  else if (ev->event == nua_r_unregister)
    {
      if (ev->status >= 300)
        {
          fail (self, internal ? 0 : ev->status, response, cause, &self->unregister_tasks);
          return;
        }

      set_response (self, response);
      set_granted_expires (self, 0);
      set_state (self, SIP_REGISTRATION_STATE_UNREGISTERED);
      g_signal_emit (self, signals[SIGNAL_UNREGISTERED], 0, response);
      return_tasks (&self->unregister_tasks, NULL);
    }
}

void
sip_registration_handle_event (SipRegistration *self,
                               const SipEvent  *ev)
{
  if (ev->event != nua_r_register && ev->event != nua_r_unregister)
    return;

  g_object_ref (self);
  if (!sip_authenticator_handle_event (self->authenticator, self->user_agent, ev))
    dispatch_event (self, ev);
  g_object_unref (self);
}

static void
replay_challenge (GObject        *owner,
                  const SipEvent *ev)
{
  dispatch_event (SIP_REGISTRATION (owner), ev);
}

static gboolean
ensure_handle (SipRegistration  *self,
               GError          **error)
{
  su_home_t home[1] = { SU_HOME_INIT (home) };
  g_autofree char *from = NULL;
  sip_call_id_t *call_id;
  nua_t *nua;

  if (self->user_agent == NULL || !sip_user_agent_is_running (self->user_agent))
    {
      g_set_error_literal (error, SIP_ERROR, SIP_ERROR_INVALID_STATE,
                           _("The user agent is not running"));
      return FALSE;
    }

  if (self->nh)
    return TRUE;

  nua = sip_stack_get_nua (sip_user_agent_get_stack (self->user_agent));
  /* One From tag for every REGISTER of the binding. */
  from = sip_convert_from_with_tag (sip_user_agent_get_display_name (self->user_agent),
                                    sip_user_agent_get_aor (self->user_agent));
  /* RFC 3261 10.2: one Call-ID for every REGISTER to this registrar, also
   * after a failure (nua would start a new one). */
  call_id = sip_call_id_create (home, NULL);
  self->nh = nua_handle (nua, self,
                         SIPTAG_TO_STR (sip_user_agent_get_aor (self->user_agent)),
                         SIPTAG_FROM_STR (from),
                         SIPTAG_CALL_ID (call_id),
                         TAG_END ());
  su_home_deinit (home);
  return TRUE;
}

static void
send_register (SipRegistration *self)
{
  g_autofree char *expires = g_strdup_printf ("%u", self->expires);

  if (self->state != SIP_REGISTRATION_STATE_REGISTERED)
    set_state (self, SIP_REGISTRATION_STATE_REGISTERING);

  nua_register (self->nh,
                NUTAG_REGISTRAR (self->registrar),
                SIPTAG_EXPIRES_STR (expires),
                TAG_END ());
}

/* The network changed: renew the binding over whatever route is there
 * now, without waiting for the refresh. */
void
sip_registration_network_changed (SipRegistration *self)
{
  if (!self->wanted || self->nh == NULL)
    return;

  g_debug ("Network changed: registering again with %s", self->registrar);
  g_clear_handle_id (&self->retry_id, sip_source_remove);
  self->failures = 0;
  send_register (self);
}

/* The user agent stops: remove the binding, if there is one, while the
 * stack shuts down. */
void
sip_registration_stop (SipRegistration *self)
{
  g_autoptr(GError) error = NULL;

  g_object_ref (self);

  self->wanted = FALSE;
  g_clear_handle_id (&self->retry_id, sip_source_remove);
  sip_authenticator_abandon (self->authenticator);

  error = g_error_new_literal (SIP_ERROR, SIP_ERROR_CANCELLED,
                               _("The user agent stopped"));
  return_tasks (&self->register_tasks, error);

  if (self->nh && (self->state == SIP_REGISTRATION_STATE_REGISTERED ||
                   self->state == SIP_REGISTRATION_STATE_REGISTERING))
    nua_unregister (self->nh, NUTAG_REGISTRAR (self->registrar), TAG_END ());
  else
    /* Nothing to remove; a REGISTER that failed may still hold nua's
     * request waiting for credentials, which would stall the shutdown. */
    drop_handle (self);

  g_object_unref (self);
}

/* The stack is gone (or going): drop the handle, and report the binding
 * gone if its removal was never confirmed. */
void
sip_registration_release (SipRegistration *self)
{
  g_autoptr(GError) error = NULL;

  g_object_ref (self);

  sip_authenticator_abandon (self->authenticator);
  drop_handle (self);

  error = g_error_new_literal (SIP_ERROR, SIP_ERROR_CANCELLED, _("The user agent stopped"));
  return_tasks (&self->register_tasks, error);
  return_tasks (&self->unregister_tasks, error);

  if (self->state != SIP_REGISTRATION_STATE_UNREGISTERED)
    {
      set_granted_expires (self, 0);
      set_state (self, SIP_REGISTRATION_STATE_UNREGISTERED);
      g_signal_emit (self, signals[SIGNAL_UNREGISTERED], 0, NULL);
    }

  g_object_unref (self);
}

SipRegistration *
sip_registration_new_internal (SipUserAgent *user_agent,
                               const char   *registrar)
{
  SipRegistration *self = g_object_new (SIP_TYPE_REGISTRATION, NULL);

  self->user_agent = user_agent;
  g_object_add_weak_pointer (G_OBJECT (user_agent), (gpointer *) &self->user_agent);
  self->registrar = g_strdup (registrar);

  return self;
}

/* The registrar of an address of record: its domain. */
char *
sip_registration_default_registrar (const char *aor)
{
  su_home_t home[1] = { SU_HOME_INIT (home) };
  url_t *url = aor ? url_make (home, aor) : NULL;
  char *registrar = NULL;

  if (url && (url->url_type == url_sip || url->url_type == url_sips) && url->url_host)
    registrar = g_strdup_printf ("%s:%s%s%s%s%s",
                                 url->url_type == url_sips ? "sips" : "sip",
                                 url->url_host,
                                 url->url_port ? ":" : "", url->url_port ? url->url_port : "",
                                 url->url_params ? ";" : "",
                                 url->url_params ? url->url_params : "");

  su_home_deinit (home);
  return registrar;
}

static void
sip_registration_dispose (GObject *object)
{
  SipRegistration *self = SIP_REGISTRATION (object);

  g_clear_handle_id (&self->retry_id, sip_source_remove);
  drop_handle (self);
  if (self->user_agent)
    {
      sip_user_agent_forget_registration (self->user_agent, self);
      g_object_remove_weak_pointer (G_OBJECT (self->user_agent),
                                    (gpointer *) &self->user_agent);
      self->user_agent = NULL;
    }
  g_clear_pointer (&self->authenticator, sip_authenticator_free);
  g_clear_object (&self->response);

  G_OBJECT_CLASS (sip_registration_parent_class)->dispose (object);
}

static void
sip_registration_finalize (GObject *object)
{
  SipRegistration *self = SIP_REGISTRATION (object);

  g_assert (self->register_tasks == NULL && self->unregister_tasks == NULL);
  g_free (self->registrar);

  G_OBJECT_CLASS (sip_registration_parent_class)->finalize (object);
}

static void
sip_registration_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SipRegistration *self = SIP_REGISTRATION (object);

  switch (prop_id)
    {
    case PROP_USER_AGENT:
      g_value_set_object (value, self->user_agent);
      break;
    case PROP_REGISTRAR:
      g_value_set_string (value, self->registrar);
      break;
    case PROP_EXPIRES:
      g_value_set_uint (value, self->expires);
      break;
    case PROP_GRANTED_EXPIRES:
      g_value_set_uint (value, self->granted_expires);
      break;
    case PROP_RETRY_INTERVAL:
      g_value_set_uint (value, self->retry_interval);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_RESPONSE:
      g_value_set_object (value, self->response);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sip_registration_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SipRegistration *self = SIP_REGISTRATION (object);

  switch (prop_id)
    {
    case PROP_EXPIRES:
      sip_registration_set_expires (self, g_value_get_uint (value));
      break;
    case PROP_RETRY_INTERVAL:
      sip_registration_set_retry_interval (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sip_registration_class_init (SipRegistrationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sip_registration_dispose;
  object_class->finalize = sip_registration_finalize;
  object_class->get_property = sip_registration_get_property;
  object_class->set_property = sip_registration_set_property;

  /**
   * SipRegistration:user-agent:
   *
   * The user agent whose contact this registration binds.
   */
  props[PROP_USER_AGENT] =
    g_param_spec_object ("user-agent", NULL, NULL, SIP_TYPE_USER_AGENT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * SipRegistration:registrar:
   *
   * The URI of the registrar, such as `sip:example.org`.
   */
  props[PROP_REGISTRAR] =
    g_param_spec_string ("registrar", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * SipRegistration:expires:
   *
   * How long the binding should last, in seconds, as asked in each
   * REGISTER. The registrar may grant less, or ask for more with 423.
   * Takes effect with the next REGISTER.
   */
  props[PROP_EXPIRES] =
    g_param_spec_uint ("expires", NULL, NULL, 1, G_MAXINT32, DEFAULT_EXPIRES,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);

  /**
   * SipRegistration:granted-expires:
   *
   * How long the registrar granted the binding for, in seconds, from its
   * last 2xx; 0 when not registered. The binding is refreshed before this
   * runs out.
   */
  props[PROP_GRANTED_EXPIRES] =
    g_param_spec_uint ("granted-expires", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);

  /**
   * SipRegistration:retry-interval:
   *
   * The first delay, in seconds, before a failed REGISTER is sent again.
   * It doubles with each failure in a row, up to 30 minutes.
   */
  props[PROP_RETRY_INTERVAL] =
    g_param_spec_uint ("retry-interval", NULL, NULL, 1, MAX_RETRY_INTERVAL,
                       DEFAULT_RETRY_INTERVAL,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);

  /**
   * SipRegistration:state:
   *
   * Where the registration stands.
   */
  props[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, SIP_TYPE_REGISTRATION_STATE,
                       SIP_REGISTRATION_STATE_UNREGISTERED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);

  /**
   * SipRegistration:response:
   *
   * The last final response of the registrar, or %NULL.
   */
  props[PROP_RESPONSE] =
    g_param_spec_object ("response", NULL, NULL, SIP_TYPE_RESPONSE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, props);

  /**
   * SipRegistration::registered:
   * @self: the registration
   * @response: the registrar's 2xx
   *
   * Emitted each time the registrar accepts the binding: the first
   * REGISTER, and each refresh.
   */
  signals[SIGNAL_REGISTERED] =
    g_signal_new ("registered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SIP_TYPE_RESPONSE);

  /**
   * SipRegistration::unregistered:
   * @self: the registration
   * @response: (nullable): the registrar's 2xx, or %NULL when the user
   *   agent stopped without a confirmation
   *
   * Emitted when the binding was removed.
   */
  signals[SIGNAL_UNREGISTERED] =
    g_signal_new ("unregistered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SIP_TYPE_RESPONSE);

  /**
   * SipRegistration::failed:
   * @self: the registration
   * @status_code: the final status code, or 0 when no response came
   * @response: (nullable): the failure response
   * @cause: why it failed
   *
   * Emitted when a REGISTER (first, refresh or removal) failed.
   */
  signals[SIGNAL_FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_UINT, SIP_TYPE_RESPONSE, SIP_TYPE_CAUSE);

  /**
   * SipRegistration::authenticate:
   * @self: the registration
   * @auth: the challenge
   * @retrying: %TRUE if the user agent's credentials were just refused
   *
   * The registrar challenged a REGISTER and the user agent has no
   * credentials for the realm, or had them refused. It works as
   * [signal@Sip.Context::authenticate] does.
   *
   * Returns: %TRUE if the challenge is being handled
   */
  signals[SIGNAL_AUTHENTICATE] = sip_auth_signal_new (G_TYPE_FROM_CLASS (klass), 0);
}

static void
sip_registration_init (SipRegistration *self)
{
  self->expires = DEFAULT_EXPIRES;
  self->retry_interval = DEFAULT_RETRY_INTERVAL;
  self->authenticator = sip_authenticator_new (G_OBJECT (self),
                                               signals[SIGNAL_AUTHENTICATE],
                                               replay_challenge);
}

/**
 * sip_registration_get_user_agent:
 * @self: a registration
 *
 * Gets [property@Sip.Registration:user-agent].
 *
 * Returns: (transfer none) (nullable): the user agent
 */
SipUserAgent *
sip_registration_get_user_agent (SipRegistration *self)
{
  g_return_val_if_fail (SIP_IS_REGISTRATION (self), NULL);

  return self->user_agent;
}

/**
 * sip_registration_get_registrar:
 * @self: a registration
 *
 * Gets [property@Sip.Registration:registrar].
 *
 * Returns: the registrar URI
 */
const char *
sip_registration_get_registrar (SipRegistration *self)
{
  g_return_val_if_fail (SIP_IS_REGISTRATION (self), NULL);

  return self->registrar;
}

/**
 * sip_registration_get_expires:
 * @self: a registration
 *
 * Gets [property@Sip.Registration:expires].
 *
 * Returns: the expiry asked for, in seconds
 */
guint
sip_registration_get_expires (SipRegistration *self)
{
  g_return_val_if_fail (SIP_IS_REGISTRATION (self), 0);

  return self->expires;
}

/**
 * sip_registration_set_expires:
 * @self: a registration
 * @seconds: the expiry to ask for, at least 1
 *
 * Sets [property@Sip.Registration:expires].
 */
void
sip_registration_set_expires (SipRegistration *self,
                              guint            seconds)
{
  g_return_if_fail (SIP_IS_REGISTRATION (self));
  g_return_if_fail (seconds > 0 && seconds <= G_MAXINT32);

  if (self->expires == seconds)
    return;

  self->expires = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_EXPIRES]);
}

/**
 * sip_registration_get_granted_expires:
 * @self: a registration
 *
 * Gets [property@Sip.Registration:granted-expires].
 *
 * Returns: the granted expiry, in seconds, or 0
 */
guint
sip_registration_get_granted_expires (SipRegistration *self)
{
  g_return_val_if_fail (SIP_IS_REGISTRATION (self), 0);

  return self->granted_expires;
}

/**
 * sip_registration_get_retry_interval:
 * @self: a registration
 *
 * Gets [property@Sip.Registration:retry-interval].
 *
 * Returns: the first retry delay, in seconds
 */
guint
sip_registration_get_retry_interval (SipRegistration *self)
{
  g_return_val_if_fail (SIP_IS_REGISTRATION (self), 0);

  return self->retry_interval;
}

/**
 * sip_registration_set_retry_interval:
 * @self: a registration
 * @seconds: the first retry delay, 1 to 1800
 *
 * Sets [property@Sip.Registration:retry-interval].
 */
void
sip_registration_set_retry_interval (SipRegistration *self,
                                     guint            seconds)
{
  g_return_if_fail (SIP_IS_REGISTRATION (self));
  g_return_if_fail (seconds > 0 && seconds <= MAX_RETRY_INTERVAL);

  if (self->retry_interval == seconds)
    return;

  self->retry_interval = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_RETRY_INTERVAL]);
}

/**
 * sip_registration_get_state:
 * @self: a registration
 *
 * Gets [property@Sip.Registration:state].
 *
 * Returns: the state
 */
SipRegistrationState
sip_registration_get_state (SipRegistration *self)
{
  g_return_val_if_fail (SIP_IS_REGISTRATION (self), SIP_REGISTRATION_STATE_UNREGISTERED);

  return self->state;
}

/**
 * sip_registration_get_response:
 * @self: a registration
 *
 * Gets [property@Sip.Registration:response].
 *
 * Returns: (transfer none) (nullable): the last final response
 */
SipResponse *
sip_registration_get_response (SipRegistration *self)
{
  g_return_val_if_fail (SIP_IS_REGISTRATION (self), NULL);

  return self->response;
}

/* The task data of a task with a cancellable. */
typedef struct
{
  GList **tasks;     /* the list it waits in, in its source object */
  gulong  handler;
} Waiter;

static void
forget_cancellable (GTask *task)
{
  Waiter *waiter = g_task_get_task_data (task);

  if (waiter && waiter->handler)
    {
      g_cancellable_disconnect (g_task_get_cancellable (task), waiter->handler);
      waiter->handler = 0;
    }
}

static gboolean
cancelled_idle_cb (gpointer data)
{
  GTask *task = data;
  Waiter *waiter = g_task_get_task_data (task);
  GList *link = g_list_find (*waiter->tasks, task);

  /* The registrar may have answered meanwhile. */
  if (link)
    {
      *waiter->tasks = g_list_delete_link (*waiter->tasks, link);
      forget_cancellable (task);
      g_task_return_error_if_cancelled (task);
      g_object_unref (task);
    }

  return G_SOURCE_REMOVE;
}

static void
cancelled_cb (GCancellable *cancellable,
              GTask        *task)
{
  /* Only the waiting stops: a REGISTER on the wire goes on. */
  g_main_context_invoke_full (g_task_get_context (task), G_PRIORITY_DEFAULT,
                              cancelled_idle_cb, g_object_ref (task), g_object_unref);
}

static gboolean
take_task (GTask         *task,
           GList        **tasks,
           GCancellable  *cancellable)
{
  if (g_task_return_error_if_cancelled (task))
    return FALSE;

  *tasks = g_list_append (*tasks, g_object_ref (task));
  if (cancellable)
    {
      Waiter *waiter = g_new0 (Waiter, 1);

      waiter->tasks = tasks;
      g_task_set_task_data (task, waiter, g_free);
      waiter->handler = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb),
                                               task, NULL);
    }
  return TRUE;
}

/**
 * sip_registration_register_async:
 * @self: a registration
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the registrar has answered
 * @user_data: data for @callback
 *
 * Registers: sends a REGISTER (answering challenges and 423 on the way)
 * and keeps the binding up from then on, until
 * [method@Sip.Registration.unregister_async] or the user agent stops.
 * Calling it while registered refreshes the binding at once.
 *
 * The operation completes with the registrar's final answer.
 */
void
sip_registration_register_async (SipRegistration     *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (SIP_IS_REGISTRATION (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sip_registration_register_async);

  if (!ensure_handle (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (!take_task (task, &self->register_tasks, cancellable))
    return;

  self->wanted = TRUE;
  self->failures = 0;
  g_clear_handle_id (&self->retry_id, sip_source_remove);
  send_register (self);
}

/**
 * sip_registration_register_finish:
 * @self: a registration
 * @result: the result
 * @error: return location for a #GError
 *
 * Finishes [method@Sip.Registration.register_async].
 *
 * Returns: %TRUE if the registrar accepted the binding; otherwise %FALSE
 *   with %SIP_ERROR_AUTHENTICATION (credentials refused or missing),
 *   %SIP_ERROR_TLS (the registrar's certificate was refused),
 *   %SIP_ERROR_TIMEOUT, %SIP_ERROR_TRANSPORT, %SIP_ERROR_CANCELLED (the
 *   user agent stopped), %SIP_ERROR_INVALID_STATE (not running) or
 *   %SIP_ERROR_FAILED (any other failure response)
 */
gboolean
sip_registration_register_finish (SipRegistration  *self,
                                  GAsyncResult     *result,
                                  GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * sip_registration_unregister_async:
 * @self: a registration
 * @all: %TRUE to remove every contact of the address of record at the
 *   registrar (`Contact: *`), not only this user agent's
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the registrar has answered
 * @user_data: data for @callback
 *
 * Removes the binding and stops refreshing it. Completes at once if there
 * is nothing to remove.
 */
void
sip_registration_unregister_async (SipRegistration     *self,
                                   gboolean             all,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (SIP_IS_REGISTRATION (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sip_registration_unregister_async);

  self->wanted = FALSE;
  g_clear_handle_id (&self->retry_id, sip_source_remove);

  if (!all && (self->nh == NULL || self->state == SIP_REGISTRATION_STATE_UNREGISTERED))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (!ensure_handle (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (!take_task (task, &self->unregister_tasks, cancellable))
    return;

  error = g_error_new_literal (SIP_ERROR, SIP_ERROR_CANCELLED,
                               _("The registration is being removed"));
  return_tasks (&self->register_tasks, error);
  g_clear_error (&error);

  nua_unregister (self->nh,
                  NUTAG_REGISTRAR (self->registrar),
                  TAG_IF (all, SIPTAG_CONTACT_STR ("*")),
                  TAG_IF (all, SIPTAG_EXPIRES_STR ("0")),
                  TAG_END ());
}

/**
 * sip_registration_unregister_finish:
 * @self: a registration
 * @result: the result
 * @error: return location for a #GError
 *
 * Finishes [method@Sip.Registration.unregister_async].
 *
 * Returns: %TRUE if the binding is gone
 */
gboolean
sip_registration_unregister_finish (SipRegistration  *self,
                                    GAsyncResult     *result,
                                    GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
