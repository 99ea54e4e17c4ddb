/* sd-line.c: a user agent for one account, or for the local line
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sd-enum-types.h"
#include "sd-line.h"
#include "sd-util.h"

/**
 * SdLine:
 *
 * What places and receives calls: a #SipUserAgent set up from an
 * #SdAccount (outbound proxy, transport, credentials) with its
 * registration, or the local line, a user agent on 127.0.0.1 with no
 * account, which reaches the echo peer and other user agents on this
 * host.
 *
 * #SdLine:state and #SdLine:error tell the UI how the line is doing.
 */
struct _SdLine
{
  GObject          parent_instance;

  SdAccount       *account;        /* NULL for the local line */
  char            *display_name;   /* the local line's */
  char            *bind_uri;       /* an account line's; NULL for any address */
  SipUserAgent    *ua;
  SipRegistration *registration;
  GCancellable    *cancellable;
  SdLineState      state;
  char            *error;
};

G_DEFINE_FINAL_TYPE (SdLine, sd_line, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACCOUNT,
  PROP_USER_AGENT,
  PROP_STATE,
  PROP_ERROR,
  PROP_TITLE,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
sd_line_dispose (GObject *object)
{
  SdLine *self = SD_LINE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->registration != NULL)
    g_signal_handlers_disconnect_by_data (self->registration, self);
  g_clear_object (&self->registration);
  g_clear_object (&self->ua);
  if (self->account != NULL)
    g_signal_handlers_disconnect_by_data (self->account, self);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (sd_line_parent_class)->dispose (object);
}

static void
sd_line_finalize (GObject *object)
{
  SdLine *self = SD_LINE (object);

  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->bind_uri, g_free);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (sd_line_parent_class)->finalize (object);
}

static void
sd_line_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  SdLine *self = SD_LINE (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    case PROP_USER_AGENT:
      g_value_set_object (value, self->ua);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    case PROP_TITLE:
      g_value_take_string (value, sd_line_dup_title (self));
      break;
    case PROP_STATUS:
      g_value_take_string (value, sd_line_dup_status (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sd_line_class_init (SdLineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sd_line_dispose;
  object_class->finalize = sd_line_finalize;
  object_class->get_property = sd_line_get_property;

  props[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, SD_TYPE_ACCOUNT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_USER_AGENT] =
    g_param_spec_object ("user-agent", NULL, NULL, SIP_TYPE_USER_AGENT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, SD_TYPE_LINE_STATE, SD_LINE_STATE_OFFLINE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The state in words, for a subtitle. */
  props[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
sd_line_init (SdLine *self)
{
  self->cancellable = g_cancellable_new ();
}

static void
set_state (SdLine      *self,
           SdLineState  state,
           const char  *error)
{
  gboolean changed = FALSE;

  g_object_freeze_notify (G_OBJECT (self));

  if (g_strcmp0 (self->error, error) != 0)
    {
      g_free (self->error);
      self->error = g_strdup (error);
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ERROR]);
      changed = TRUE;
    }

  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STATE]);
      changed = TRUE;
    }

  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STATUS]);

  g_object_thaw_notify (G_OBJECT (self));
}

static void
account_title_cb (SdLine *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TITLE]);
}

/**
 * sd_line_new_local:
 * @display_name: (nullable): the name shown to peers
 *
 * Returns: (transfer full): the local line, not started
 */
SdLine *
sd_line_new_local (const char *display_name)
{
  SdLine *self = g_object_new (SD_TYPE_LINE, NULL);

  self->display_name = g_strdup (display_name != NULL && *display_name != '\0' ? display_name : NULL);
  return self;
}

/**
 * sd_line_new:
 * @account: an account
 *
 * Returns: (transfer full): the line of @account, not started
 */
SdLine *
sd_line_new (SdAccount *account)
{
  SdLine *self;

  g_return_val_if_fail (SD_IS_ACCOUNT (account), NULL);

  self = g_object_new (SD_TYPE_LINE, NULL);
  self->account = g_object_ref (account);
  g_signal_connect_swapped (account, "notify::title", G_CALLBACK (account_title_cb), self);

  return self;
}

/**
 * sd_line_get_account:
 * @self: a line
 *
 * Returns: (transfer none) (nullable): the account, or %NULL for the
 *   local line
 */
SdAccount *
sd_line_get_account (SdLine *self)
{
  g_return_val_if_fail (SD_IS_LINE (self), NULL);
  return self->account;
}

/**
 * sd_line_get_user_agent:
 * @self: a line
 *
 * Returns: (transfer none) (nullable): the user agent, while the line runs
 */
SipUserAgent *
sd_line_get_user_agent (SdLine *self)
{
  g_return_val_if_fail (SD_IS_LINE (self), NULL);
  return self->ua;
}

/**
 * sd_line_get_registration:
 * @self: a line
 *
 * Returns: (transfer none) (nullable): the registration of an account's
 *   line while it runs
 */
SipRegistration *
sd_line_get_registration (SdLine *self)
{
  g_return_val_if_fail (SD_IS_LINE (self), NULL);
  return self->registration;
}

/**
 * sd_line_get_bind_uri:
 * @self: a line
 *
 * Returns: (nullable): where an account's line binds, or %NULL for the
 *   library's default (every address, any port)
 */
const char *
sd_line_get_bind_uri (SdLine *self)
{
  g_return_val_if_fail (SD_IS_LINE (self), NULL);
  return self->bind_uri;
}

/**
 * sd_line_set_bind_uri:
 * @self: a line
 * @bind_uri: (nullable): where an account's line binds at its next start
 *
 * Tests keep account lines on the loopback interface with this.
 */
void
sd_line_set_bind_uri (SdLine     *self,
                      const char *bind_uri)
{
  g_return_if_fail (SD_IS_LINE (self));

  g_free (self->bind_uri);
  self->bind_uri = g_strdup (bind_uri);
}

SdLineState
sd_line_get_state (SdLine *self)
{
  g_return_val_if_fail (SD_IS_LINE (self), SD_LINE_STATE_OFFLINE);
  return self->state;
}

/**
 * sd_line_get_error:
 * @self: a line
 *
 * Returns: (nullable): why the line failed, for a person
 */
const char *
sd_line_get_error (SdLine *self)
{
  g_return_val_if_fail (SD_IS_LINE (self), NULL);
  return self->error;
}

/**
 * sd_line_dup_title:
 * @self: a line
 *
 * Returns: (transfer full): the line's name: the account's title, or
 *   “Local (no account)”
 */
char *
sd_line_dup_title (SdLine *self)
{
  g_return_val_if_fail (SD_IS_LINE (self), NULL);

  if (self->account != NULL)
    return sd_account_dup_title (self->account);

  return g_strdup (_("Local (no account)"));
}

/**
 * sd_line_dup_status:
 * @self: a line
 *
 * Returns: (transfer full): the state of the line in words
 */
char *
sd_line_dup_status (SdLine *self)
{
  g_return_val_if_fail (SD_IS_LINE (self), NULL);

  switch (self->state)
    {
    case SD_LINE_STATE_READY:
      return g_strdup (_("Ready on this computer"));
    case SD_LINE_STATE_REGISTERING:
      return g_strdup (_("Registering…"));
    case SD_LINE_STATE_REGISTERED:
      return g_strdup (_("Registered"));
    case SD_LINE_STATE_FAILED:
      /* Translators: %s is why, for example “403 Forbidden” */
      return g_strdup_printf (_("Failed: %s"), self->error ? self->error : _("unknown error"));
    case SD_LINE_STATE_OFFLINE:
    default:
      if (self->account != NULL && !sd_account_get_enabled (self->account))
        return g_strdup (_("Disabled"));
      return g_strdup (_("Offline"));
    }
}

/**
 * sd_line_dup_domain:
 * @self: a line
 *
 * Returns: (transfer full) (nullable): the domain to complete a bare user
 *   or number with: the host of the account's address; %NULL for the
 *   local line
 */
char *
sd_line_dup_domain (SdLine *self)
{
  g_autoptr(SipNameAddr) addr = NULL;

  g_return_val_if_fail (SD_IS_LINE (self), NULL);

  if (self->account == NULL)
    return NULL;

  addr = sip_name_addr_new (NULL, sd_account_get_address (self->account), NULL);
  return addr != NULL ? g_strdup (sip_name_addr_get_host (addr)) : NULL;
}

static void
registration_state_cb (SdLine *self)
{
  SipRegistrationState state = sip_registration_get_state (self->registration);

  switch (state)
    {
    case SIP_REGISTRATION_STATE_REGISTERING:
      set_state (self, SD_LINE_STATE_REGISTERING, self->error);
      break;
    case SIP_REGISTRATION_STATE_REGISTERED:
      set_state (self, SD_LINE_STATE_REGISTERED, NULL);
      break;
    case SIP_REGISTRATION_STATE_FAILED:
      {
        SipResponse *response = sip_registration_get_response (self->registration);
        g_autofree char *why = NULL;

        if (response != NULL && sip_response_get_status_code (response) >= 300)
          why = g_strdup_printf ("%u %s", sip_response_get_status_code (response),
                                 sip_response_get_reason_phrase (response));
        set_state (self, SD_LINE_STATE_FAILED, why ? why : self->error);
      }
      break;
    case SIP_REGISTRATION_STATE_UNREGISTERED:
    default:
      if (self->ua != NULL && sip_user_agent_is_running (self->ua))
        set_state (self, SD_LINE_STATE_REGISTERING, self->error);
      break;
    }
}

static void
registered_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  SdLine *self;

  if (sip_registration_register_finish (SIP_REGISTRATION (source), result, &error))
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, SIP_ERROR, SIP_ERROR_CANCELLED))
    return;

  self = SD_LINE (user_data);
  set_state (self, SD_LINE_STATE_FAILED, error->message);
}

/**
 * sd_line_start:
 * @self: a line, not running
 * @password: (nullable): the account's password
 * @error: return location for an error
 *
 * Starts the line's user agent and, for an account, registers it. A
 * failure to register comes later, as #SdLine:state
 * %SD_LINE_STATE_FAILED with #SdLine:error.
 *
 * Returns: %TRUE if the user agent runs; %FALSE with @error set (and the
 *   line in %SD_LINE_STATE_FAILED) otherwise
 */
gboolean
sd_line_start (SdLine      *self,
               const char  *password,
               GError     **error)
{
  g_autoptr(SipUserAgent) ua = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *registrar = NULL;
  g_autofree char *proxy = NULL;
  g_autofree char *username = NULL;

  g_return_val_if_fail (SD_IS_LINE (self), FALSE);
  g_return_val_if_fail (self->ua == NULL, FALSE);

  if (self->account == NULL)
    {
      ua = sip_user_agent_new (SD_LOCAL_LINE_ADDRESS);
      sip_user_agent_set_display_name (ua, self->display_name);
      sip_user_agent_set_bind_uri (ua, "sip:127.0.0.1:0");
    }
  else
    {
      SdAccount *account = self->account;

      if (!sd_account_validate (account, &local_error))
        goto fail;

      registrar = sd_account_dup_registrar_uri (account, &local_error);
      if (registrar == NULL)
        goto fail;
      proxy = sd_account_dup_proxy_uri (account, &local_error);
      if (proxy == NULL && local_error != NULL)
        goto fail;

      ua = sip_user_agent_new (sd_account_get_address (account));
      if (*sd_account_get_display_name (account) != '\0')
        sip_user_agent_set_display_name (ua, sd_account_get_display_name (account));
      sip_user_agent_set_outbound_proxy (ua, proxy);
      if (self->bind_uri != NULL)
        sip_user_agent_set_bind_uri (ua, self->bind_uri);
      sip_user_agent_set_tls_enabled (ua, sd_account_get_transport (account) == SD_TRANSPORT_TLS ||
                                          g_str_has_prefix (sd_account_get_address (account), "sips:"));

      username = sd_account_dup_username (account);
      if (password != NULL && username != NULL &&
          !sip_user_agent_set_credentials (ua, NULL, username, password, &local_error))
        goto fail;
    }

  sip_user_agent_set_user_agent_string (ua, "sipctx-demo/" PACKAGE_VERSION);
  if (!sip_user_agent_start (ua, &local_error))
    goto fail;

  self->ua = g_steal_pointer (&ua);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_USER_AGENT]);

  if (self->account == NULL)
    {
      set_state (self, SD_LINE_STATE_READY, NULL);
      return TRUE;
    }

  self->registration = sip_user_agent_create_registration (self->ua, registrar, &local_error);
  if (self->registration == NULL)
    {
      /* The user agent runs; calls may still work without a registration. */
      set_state (self, SD_LINE_STATE_FAILED, local_error->message);
      return TRUE;
    }

  g_signal_connect_swapped (self->registration, "notify::state",
                            G_CALLBACK (registration_state_cb), self);
  set_state (self, SD_LINE_STATE_REGISTERING, NULL);
  sip_registration_register_async (self->registration, self->cancellable, registered_cb, self);

  return TRUE;

fail:
  set_state (self, SD_LINE_STATE_FAILED, local_error->message);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/**
 * sd_line_stop_async:
 * @self: a line
 * @cancellable: (nullable): a cancellable
 * @callback: called when the line has stopped
 * @user_data: data for @callback
 *
 * Stops the line: its calls end, its registration is removed, its user
 * agent shuts down. The line can be started again afterwards.
 */
void
sd_line_stop_async (SdLine              *self,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SipUserAgent) ua = NULL;

  g_return_if_fail (SD_IS_LINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sd_line_stop_async);

  /* A pending registration reports to nobody any more. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (self->registration != NULL)
    g_signal_handlers_disconnect_by_data (self->registration, self);
  g_clear_object (&self->registration);

  ua = g_steal_pointer (&self->ua);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_USER_AGENT]);
  set_state (self, SD_LINE_STATE_OFFLINE, NULL);

  sd_user_agent_stop_task (ua, g_steal_pointer (&task));
}

gboolean
sd_line_stop_finish (SdLine        *self,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
