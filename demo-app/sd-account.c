/* sd-account.c: one SIP account of the demo softphone
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <sipctx.h>

#include "sd-account.h"
#include "sd-enum-types.h"

/**
 * SdAccount:
 *
 * The settings of one SIP account: its address of record, display name,
 * registrar, outbound proxy and transport. The password is not here: it
 * lives in an #SdSecretStore, under the account's id. #SdAccountStore
 * loads and saves accounts in GSettings.
 */
struct _SdAccount
{
  GObject      parent_instance;

  char        *id;
  char        *address;
  char        *display_name;
  char        *registrar;
  char        *outbound_proxy;
  SdTransport  transport;
  gboolean     enabled;
};

G_DEFINE_FINAL_TYPE (SdAccount, sd_account, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_ADDRESS,
  PROP_DISPLAY_NAME,
  PROP_REGISTRAR,
  PROP_OUTBOUND_PROXY,
  PROP_TRANSPORT,
  PROP_ENABLED,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
sd_account_finalize (GObject *object)
{
  SdAccount *self = SD_ACCOUNT (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->address, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->registrar, g_free);
  g_clear_pointer (&self->outbound_proxy, g_free);

  G_OBJECT_CLASS (sd_account_parent_class)->finalize (object);
}

static void
sd_account_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  SdAccount *self = SD_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    case PROP_REGISTRAR:
      g_value_set_string (value, self->registrar);
      break;
    case PROP_OUTBOUND_PROXY:
      g_value_set_string (value, self->outbound_proxy);
      break;
    case PROP_TRANSPORT:
      g_value_set_enum (value, self->transport);
      break;
    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;
    case PROP_TITLE:
      g_value_take_string (value, sd_account_dup_title (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sd_account_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  SdAccount *self = SD_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_ADDRESS:
      sd_account_set_address (self, g_value_get_string (value));
      break;
    case PROP_DISPLAY_NAME:
      sd_account_set_display_name (self, g_value_get_string (value));
      break;
    case PROP_REGISTRAR:
      sd_account_set_registrar (self, g_value_get_string (value));
      break;
    case PROP_OUTBOUND_PROXY:
      sd_account_set_outbound_proxy (self, g_value_get_string (value));
      break;
    case PROP_TRANSPORT:
      sd_account_set_transport (self, g_value_get_enum (value));
      break;
    case PROP_ENABLED:
      sd_account_set_enabled (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sd_account_class_init (SdAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sd_account_finalize;
  object_class->get_property = sd_account_get_property;
  object_class->set_property = sd_account_set_property;

  props[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  props[PROP_ADDRESS] =
    g_param_spec_string ("address", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_REGISTRAR] =
    g_param_spec_string ("registrar", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_OUTBOUND_PROXY] =
    g_param_spec_string ("outbound-proxy", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_TRANSPORT] =
    g_param_spec_enum ("transport", NULL, NULL, SD_TYPE_TRANSPORT, SD_TRANSPORT_UDP,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The display name, or the address when there is none. */
  props[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
sd_account_init (SdAccount *self)
{
  self->address = g_strdup ("");
  self->display_name = g_strdup ("");
  self->registrar = g_strdup ("");
  self->outbound_proxy = g_strdup ("");
  self->enabled = TRUE;
}

/**
 * sd_account_new:
 * @id: the account's id: its GSettings path element and secret key
 *
 * Returns: (transfer full): a new, empty, enabled account
 */
SdAccount *
sd_account_new (const char *id)
{
  g_return_val_if_fail (id != NULL && *id != '\0', NULL);

  return g_object_new (SD_TYPE_ACCOUNT, "id", id, NULL);
}

const char *
sd_account_get_id (SdAccount *self)
{
  g_return_val_if_fail (SD_IS_ACCOUNT (self), NULL);
  return self->id;
}

static void
set_string_prop (SdAccount   *self,
                 char       **field,
                 const char  *value,
                 guint        prop)
{
  g_autofree char *stripped = g_strstrip (g_strdup (value ? value : ""));

  if (g_strcmp0 (*field, stripped) == 0)
    return;

  g_free (*field);
  *field = g_steal_pointer (&stripped);
  g_object_notify_by_pspec (G_OBJECT (self), props[prop]);
  if (prop == PROP_ADDRESS || prop == PROP_DISPLAY_NAME)
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TITLE]);
}

const char *
sd_account_get_address (SdAccount *self)
{
  g_return_val_if_fail (SD_IS_ACCOUNT (self), NULL);
  return self->address;
}

void
sd_account_set_address (SdAccount  *self,
                        const char *address)
{
  g_return_if_fail (SD_IS_ACCOUNT (self));
  set_string_prop (self, &self->address, address, PROP_ADDRESS);
}

const char *
sd_account_get_display_name (SdAccount *self)
{
  g_return_val_if_fail (SD_IS_ACCOUNT (self), NULL);
  return self->display_name;
}

void
sd_account_set_display_name (SdAccount  *self,
                             const char *display_name)
{
  g_return_if_fail (SD_IS_ACCOUNT (self));
  set_string_prop (self, &self->display_name, display_name, PROP_DISPLAY_NAME);
}

const char *
sd_account_get_registrar (SdAccount *self)
{
  g_return_val_if_fail (SD_IS_ACCOUNT (self), NULL);
  return self->registrar;
}

void
sd_account_set_registrar (SdAccount  *self,
                          const char *registrar)
{
  g_return_if_fail (SD_IS_ACCOUNT (self));
  set_string_prop (self, &self->registrar, registrar, PROP_REGISTRAR);
}

const char *
sd_account_get_outbound_proxy (SdAccount *self)
{
  g_return_val_if_fail (SD_IS_ACCOUNT (self), NULL);
  return self->outbound_proxy;
}

void
sd_account_set_outbound_proxy (SdAccount  *self,
                               const char *outbound_proxy)
{
  g_return_if_fail (SD_IS_ACCOUNT (self));
  set_string_prop (self, &self->outbound_proxy, outbound_proxy, PROP_OUTBOUND_PROXY);
}

SdTransport
sd_account_get_transport (SdAccount *self)
{
  g_return_val_if_fail (SD_IS_ACCOUNT (self), SD_TRANSPORT_UDP);
  return self->transport;
}

void
sd_account_set_transport (SdAccount   *self,
                          SdTransport  transport)
{
  g_return_if_fail (SD_IS_ACCOUNT (self));
  g_return_if_fail (transport <= SD_TRANSPORT_TLS);

  if (self->transport == transport)
    return;

  self->transport = transport;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_TRANSPORT]);
}

gboolean
sd_account_get_enabled (SdAccount *self)
{
  g_return_val_if_fail (SD_IS_ACCOUNT (self), FALSE);
  return self->enabled;
}

void
sd_account_set_enabled (SdAccount *self,
                        gboolean   enabled)
{
  g_return_if_fail (SD_IS_ACCOUNT (self));

  enabled = !!enabled;
  if (self->enabled == enabled)
    return;

  self->enabled = enabled;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ENABLED]);
}

/**
 * sd_account_dup_title:
 * @self: an account
 *
 * Returns: (transfer full): what the UI calls the account: its display
 *   name, else its address, else "New Account"
 */
char *
sd_account_dup_title (SdAccount *self)
{
  g_return_val_if_fail (SD_IS_ACCOUNT (self), NULL);

  if (*self->display_name != '\0')
    return g_strdup (self->display_name);
  if (*self->address != '\0')
    return g_strdup (self->address);
  return g_strdup (_("New Account"));
}

/**
 * sd_normalize_sip_uri:
 * @text: what a person typed: `sip:alice@example.org`, `alice@example.org`,
 *   or a bare user or number when @default_domain is set
 * @default_domain: (nullable): the domain to complete a bare user with
 * @error: return location for an error
 *
 * Turns an address as typed into a SIP URI, and checks it.
 *
 * Returns: (transfer full) (nullable): the URI, or %NULL with @error set
 */
char *
sd_normalize_sip_uri (const char  *text,
                      const char  *default_domain,
                      GError     **error)
{
  g_autofree char *stripped = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(SipNameAddr) addr = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stripped = g_strstrip (g_strdup (text ? text : ""));
  if (*stripped == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Enter a SIP address, such as alice@example.org"));
      return NULL;
    }

  if (g_str_has_prefix (stripped, "sip:") || g_str_has_prefix (stripped, "sips:"))
    uri = g_strdup (stripped);
  else if (strchr (stripped, '@') != NULL)
    uri = g_strconcat ("sip:", stripped, NULL);
  else if (default_domain != NULL && *default_domain != '\0')
    uri = g_strdup_printf ("sip:%s@%s", stripped, default_domain);
  else
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” has no domain: write it as user@domain"), stripped);
      return NULL;
    }

  addr = sip_name_addr_new (NULL, uri, &local_error);
  if (addr == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a valid SIP address"), stripped);
      return NULL;
    }

  return g_steal_pointer (&uri);
}

/**
 * sd_account_dup_username:
 * @self: an account
 *
 * Returns: (transfer full) (nullable): the user part of the address, the
 *   name the account authenticates with; %NULL if the address has none
 */
char *
sd_account_dup_username (SdAccount *self)
{
  g_autoptr(SipNameAddr) addr = NULL;
  const char *user;

  g_return_val_if_fail (SD_IS_ACCOUNT (self), NULL);

  addr = sip_name_addr_new (NULL, self->address, NULL);
  if (addr == NULL)
    return NULL;

  user = sip_name_addr_get_user (addr);
  return user != NULL && *user != '\0' ? g_strdup (user) : NULL;
}

/**
 * sd_account_validate:
 * @self: an account
 * @error: return location for an error
 *
 * Checks what a person typed: the address must be a SIP URI with a user
 * and a host; the registrar and proxy, when set, hosts or SIP URIs.
 *
 * Returns: %TRUE if the account can be used
 */
gboolean
sd_account_validate (SdAccount  *self,
                     GError    **error)
{
  g_autoptr(SipNameAddr) addr = NULL;
  g_autofree char *registrar = NULL;
  g_autofree char *proxy = NULL;
  const char *user;

  g_return_val_if_fail (SD_IS_ACCOUNT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (*self->address == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The account needs a SIP address, such as sip:alice@example.org"));
      return FALSE;
    }

  if (!g_str_has_prefix (self->address, "sip:") && !g_str_has_prefix (self->address, "sips:"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The address “%s” must start with sip: or sips:"), self->address);
      return FALSE;
    }

  addr = sip_name_addr_new (NULL, self->address, NULL);
  user = addr != NULL ? sip_name_addr_get_user (addr) : NULL;
  if (addr == NULL || user == NULL || *user == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The address “%s” is not a SIP address with a user and a domain"),
                   self->address);
      return FALSE;
    }

  registrar = sd_account_dup_registrar_uri (self, error);
  if (registrar == NULL)
    return FALSE;

  if (*self->outbound_proxy != '\0')
    {
      proxy = sd_account_dup_proxy_uri (self, error);
      if (proxy == NULL)
        return FALSE;
    }

  return TRUE;
}

/* HOST_OR_URI as a URI reached over TRANSPORT: `example.org`,
 * `example.org:5070` and `sip:example.org` become `sip:example.org` plus
 * `;transport=tcp` or `;transport=tls`; a URI that names its transport,
 * or a sips: URI, is kept as written. A proxy gets `;lr`. */
static char *
server_uri (const char   *host_or_uri,
            SdTransport   transport,
            gboolean      is_proxy,
            GError      **error)
{
  g_autoptr(GString) uri = g_string_new (NULL);
  g_autoptr(SipNameAddr) addr = NULL;
  g_autoptr(GError) local_error = NULL;

  if (g_str_has_prefix (host_or_uri, "sip:") || g_str_has_prefix (host_or_uri, "sips:"))
    g_string_append (uri, host_or_uri);
  else
    g_string_append_printf (uri, "sip:%s", host_or_uri);

  if (!g_str_has_prefix (uri->str, "sips:") && strstr (uri->str, "transport=") == NULL)
    {
      if (transport == SD_TRANSPORT_TCP)
        g_string_append (uri, ";transport=tcp");
      else if (transport == SD_TRANSPORT_TLS)
        g_string_append (uri, ";transport=tls");
    }

  if (is_proxy && strstr (uri->str, ";lr") == NULL)
    g_string_append (uri, ";lr");

  addr = sip_name_addr_new (NULL, uri->str, &local_error);
  if (addr == NULL)
    {
      if (is_proxy)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     _("The outbound proxy “%s” is not a host name or a SIP URI"), host_or_uri);
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     _("The registrar “%s” is not a host name or a SIP URI"), host_or_uri);
      return NULL;
    }

  return g_string_free (g_steal_pointer (&uri), FALSE);
}

/**
 * sd_account_dup_registrar_uri:
 * @self: an account
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the URI REGISTER goes to: the
 *   registrar, or the domain of the address, with the account's transport
 */
char *
sd_account_dup_registrar_uri (SdAccount  *self,
                              GError    **error)
{
  g_autoptr(SipNameAddr) addr = NULL;

  g_return_val_if_fail (SD_IS_ACCOUNT (self), NULL);

  if (*self->registrar != '\0')
    return server_uri (self->registrar, self->transport, FALSE, error);

  addr = sip_name_addr_new (NULL, self->address, NULL);
  if (addr == NULL || sip_name_addr_get_host (addr) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The address “%s” is not a SIP address with a user and a domain"),
                   self->address);
      return NULL;
    }

  return server_uri (sip_name_addr_get_host (addr), self->transport, FALSE, error);
}

/**
 * sd_account_dup_proxy_uri:
 * @self: an account
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the outbound proxy as a loose-route
 *   URI with the account's transport, or %NULL without an error when the
 *   account has none
 */
char *
sd_account_dup_proxy_uri (SdAccount  *self,
                          GError    **error)
{
  g_return_val_if_fail (SD_IS_ACCOUNT (self), NULL);

  if (*self->outbound_proxy == '\0')
    return NULL;

  return server_uri (self->outbound_proxy, self->transport, TRUE, error);
}
