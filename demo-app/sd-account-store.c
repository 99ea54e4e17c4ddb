/* sd-account-store.c: the accounts of the demo softphone, in GSettings
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "sd-account-store.h"

/**
 * SdAccountStore:
 *
 * The configured accounts, as a #GListModel of #SdAccount in the order of
 * the `accounts` key. Each account's settings live under
 * `accounts/ID/` of the application's path, in the relocatable schema
 * `org.gnome.World.SipctxDemo.Account`. An account is only written once
 * it validates, so what is stored can always be used.
 *
 * The store emits #SdAccountStore::account-changed after an account was
 * saved, and notifies #SdAccountStore:default-account.
 */
struct _SdAccountStore
{
  GObject    parent_instance;

  GSettings *settings;
  GPtrArray *accounts;    /* SdAccount */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SdAccountStore, sd_account_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_DEFAULT_ACCOUNT,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

enum {
  SIGNAL_ACCOUNT_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GType
list_model_get_item_type (GListModel *model)
{
  return SD_TYPE_ACCOUNT;
}

static guint
list_model_get_n_items (GListModel *model)
{
  return SD_ACCOUNT_STORE (model)->accounts->len;
}

static gpointer
list_model_get_item (GListModel *model,
                     guint       position)
{
  SdAccountStore *self = SD_ACCOUNT_STORE (model);

  if (position >= self->accounts->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->accounts, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_model_get_item_type;
  iface->get_n_items = list_model_get_n_items;
  iface->get_item = list_model_get_item;
}

/* Ids become a path element: keep them to letters, digits and '-'. */
static gboolean
is_valid_id (const char *id)
{
  if (id == NULL || *id == '\0' || strlen (id) > 64)
    return FALSE;

  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-')
      return FALSE;

  return TRUE;
}

static GSettings *
account_settings (SdAccountStore *self,
                  const char     *id)
{
  g_autoptr(GSettingsBackend) backend = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autofree char *base = NULL;
  g_autofree char *path = NULL;
  GSettingsSchemaSource *source;

  g_object_get (self->settings, "backend", &backend, "path", &base, NULL);
  source = g_settings_schema_source_get_default ();
  schema = source ? g_settings_schema_source_lookup (source, SD_ACCOUNT_SCHEMA_ID, TRUE) : NULL;
  if (schema == NULL)
    g_error ("The GSettings schema %s is not installed", SD_ACCOUNT_SCHEMA_ID);

  path = g_strdup_printf ("%saccounts/%s/", base, id);
  return g_settings_new_full (schema, backend, path);
}

static SdAccount *
load_account (SdAccountStore *self,
              const char     *id)
{
  g_autoptr(GSettings) settings = account_settings (self, id);
  g_autofree char *address = g_settings_get_string (settings, "address");
  g_autofree char *display_name = g_settings_get_string (settings, "display-name");
  g_autofree char *registrar = g_settings_get_string (settings, "registrar");
  g_autofree char *proxy = g_settings_get_string (settings, "outbound-proxy");

  return g_object_new (SD_TYPE_ACCOUNT,
                       "id", id,
                       "address", address,
                       "display-name", display_name,
                       "registrar", registrar,
                       "outbound-proxy", proxy,
                       "transport", g_settings_get_enum (settings, "transport"),
                       "enabled", g_settings_get_boolean (settings, "enabled"),
                       NULL);
}

static void
write_account (SdAccountStore *self,
               SdAccount      *account)
{
  g_autoptr(GSettings) settings = account_settings (self, sd_account_get_id (account));

  g_settings_delay (settings);
  g_settings_set_string (settings, "address", sd_account_get_address (account));
  g_settings_set_string (settings, "display-name", sd_account_get_display_name (account));
  g_settings_set_string (settings, "registrar", sd_account_get_registrar (account));
  g_settings_set_string (settings, "outbound-proxy", sd_account_get_outbound_proxy (account));
  g_settings_set_enum (settings, "transport", sd_account_get_transport (account));
  g_settings_set_boolean (settings, "enabled", sd_account_get_enabled (account));
  g_settings_apply (settings);
}

static void
write_ids (SdAccountStore *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;

  for (guint i = 0; i < self->accounts->len; i++)
    g_strv_builder_add (builder, sd_account_get_id (g_ptr_array_index (self->accounts, i)));

  ids = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "accounts", (const char * const *) ids);
}

static void
load (SdAccountStore *self)
{
  g_auto(GStrv) ids = g_settings_get_strv (self->settings, "accounts");

  for (guint i = 0; ids[i] != NULL; i++)
    {
      SdAccount *account;

      if (!is_valid_id (ids[i]) || sd_account_store_lookup (self, ids[i]) != NULL)
        {
          g_message ("Ignoring the account id “%s” in the settings", ids[i]);
          continue;
        }

      account = load_account (self, ids[i]);
      g_ptr_array_add (self->accounts, account);
    }
}

static void
default_account_changed_cb (SdAccountStore *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_DEFAULT_ACCOUNT]);
}

static void
sd_account_store_constructed (GObject *object)
{
  SdAccountStore *self = SD_ACCOUNT_STORE (object);

  G_OBJECT_CLASS (sd_account_store_parent_class)->constructed (object);

  g_assert (self->settings != NULL);
  load (self);
  g_signal_connect_object (self->settings, "changed::default-account",
                           G_CALLBACK (default_account_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
sd_account_store_dispose (GObject *object)
{
  SdAccountStore *self = SD_ACCOUNT_STORE (object);

  g_clear_object (&self->settings);
  g_ptr_array_set_size (self->accounts, 0);

  G_OBJECT_CLASS (sd_account_store_parent_class)->dispose (object);
}

static void
sd_account_store_finalize (GObject *object)
{
  SdAccountStore *self = SD_ACCOUNT_STORE (object);

  g_clear_pointer (&self->accounts, g_ptr_array_unref);

  G_OBJECT_CLASS (sd_account_store_parent_class)->finalize (object);
}

static void
sd_account_store_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SdAccountStore *self = SD_ACCOUNT_STORE (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_DEFAULT_ACCOUNT:
      g_value_set_object (value, sd_account_store_get_default (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sd_account_store_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SdAccountStore *self = SD_ACCOUNT_STORE (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_DEFAULT_ACCOUNT:
      sd_account_store_set_default (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sd_account_store_class_init (SdAccountStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sd_account_store_constructed;
  object_class->dispose = sd_account_store_dispose;
  object_class->finalize = sd_account_store_finalize;
  object_class->get_property = sd_account_store_get_property;
  object_class->set_property = sd_account_store_set_property;

  props[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The account for outgoing calls and messages; NULL for the local line. */
  props[PROP_DEFAULT_ACCOUNT] =
    g_param_spec_object ("default-account", NULL, NULL, SD_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, props);

  /**
   * SdAccountStore::account-changed:
   * @self: the store
   * @account: the account that was added or saved
   *
   * Emitted after an account was added or saved, so its line can be
   * restarted with the new settings.
   */
  signals[SIGNAL_ACCOUNT_CHANGED] =
    g_signal_new ("account-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SD_TYPE_ACCOUNT);
}

static void
sd_account_store_init (SdAccountStore *self)
{
  self->accounts = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * sd_account_store_new:
 * @settings: the application's settings (schema `org.gnome.World.SipctxDemo`)
 *
 * Returns: (transfer full): the store, loaded from @settings
 */
SdAccountStore *
sd_account_store_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (SD_TYPE_ACCOUNT_STORE, "settings", settings, NULL);
}

/**
 * sd_account_store_create_account:
 * @self: a store
 *
 * Creates an account with a fresh id, not in the store yet: fill it in,
 * then [method@AccountStore.add] it.
 *
 * Returns: (transfer full): a new account
 */
SdAccount *
sd_account_store_create_account (SdAccountStore *self)
{
  g_return_val_if_fail (SD_IS_ACCOUNT_STORE (self), NULL);

  for (;;)
    {
      g_autofree char *id = g_strdup_printf ("a%08x", g_random_int ());

      if (sd_account_store_lookup (self, id) == NULL)
        return sd_account_new (id);
    }
}

/**
 * sd_account_store_add:
 * @self: a store
 * @account: an account from [method@AccountStore.create_account]
 * @error: return location for an error
 *
 * Validates @account, writes it and appends it to the store.
 *
 * Returns: %TRUE if the account was added; %FALSE with @error set if it
 *   does not validate (see sd_account_validate())
 */
gboolean
sd_account_store_add (SdAccountStore  *self,
                      SdAccount       *account,
                      GError         **error)
{
  g_return_val_if_fail (SD_IS_ACCOUNT_STORE (self), FALSE);
  g_return_val_if_fail (SD_IS_ACCOUNT (account), FALSE);
  g_return_val_if_fail (sd_account_store_lookup (self, sd_account_get_id (account)) == NULL, FALSE);
  g_return_val_if_fail (is_valid_id (sd_account_get_id (account)), FALSE);

  if (!sd_account_validate (account, error))
    return FALSE;

  write_account (self, account);
  g_ptr_array_add (self->accounts, g_object_ref (account));
  write_ids (self);
  g_list_model_items_changed (G_LIST_MODEL (self), self->accounts->len - 1, 0, 1);
  g_signal_emit (self, signals[SIGNAL_ACCOUNT_CHANGED], 0, account);

  return TRUE;
}

/**
 * sd_account_store_save:
 * @self: a store
 * @account: an account of the store, edited
 * @error: return location for an error
 *
 * Validates @account and writes it.
 *
 * Returns: %TRUE if the account was written
 */
gboolean
sd_account_store_save (SdAccountStore  *self,
                       SdAccount       *account,
                       GError         **error)
{
  g_return_val_if_fail (SD_IS_ACCOUNT_STORE (self), FALSE);
  g_return_val_if_fail (SD_IS_ACCOUNT (account), FALSE);
  g_return_val_if_fail (sd_account_store_lookup (self, sd_account_get_id (account)) == account, FALSE);

  if (!sd_account_validate (account, error))
    return FALSE;

  write_account (self, account);
  g_signal_emit (self, signals[SIGNAL_ACCOUNT_CHANGED], 0, account);

  return TRUE;
}

/**
 * sd_account_store_remove:
 * @self: a store
 * @account: an account of the store
 *
 * Removes @account and resets its settings. If it was the default
 * account, the local line becomes the default. The password is the
 * caller's to clear from the secret store.
 */
void
sd_account_store_remove (SdAccountStore *self,
                         SdAccount      *account)
{
  g_autoptr(SdAccount) removed = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;
  guint position;

  g_return_if_fail (SD_IS_ACCOUNT_STORE (self));
  g_return_if_fail (SD_IS_ACCOUNT (account));

  if (!g_ptr_array_find (self->accounts, account, &position))
    return;

  if (sd_account_store_get_default (self) == account)
    sd_account_store_set_default (self, NULL);

  removed = g_ptr_array_steal_index (self->accounts, position);
  write_ids (self);

  settings = account_settings (self, sd_account_get_id (account));
  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);

  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

/**
 * sd_account_store_lookup:
 * @self: a store
 * @id: an account id
 *
 * Returns: (transfer none) (nullable): the account with @id
 */
SdAccount *
sd_account_store_lookup (SdAccountStore *self,
                         const char     *id)
{
  g_return_val_if_fail (SD_IS_ACCOUNT_STORE (self), NULL);

  if (id == NULL)
    return NULL;

  for (guint i = 0; i < self->accounts->len; i++)
    {
      SdAccount *account = g_ptr_array_index (self->accounts, i);

      if (g_strcmp0 (sd_account_get_id (account), id) == 0)
        return account;
    }

  return NULL;
}

/**
 * sd_account_store_get_default:
 * @self: a store
 *
 * Returns: (transfer none) (nullable): the account that places calls and
 *   sends messages, or %NULL for the local line
 */
SdAccount *
sd_account_store_get_default (SdAccountStore *self)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (SD_IS_ACCOUNT_STORE (self), NULL);

  id = g_settings_get_string (self->settings, "default-account");
  return sd_account_store_lookup (self, id);
}

/**
 * sd_account_store_set_default:
 * @self: a store
 * @account: (nullable): an account of the store, or %NULL for the local line
 *
 * Sets the account that places calls and sends messages.
 */
void
sd_account_store_set_default (SdAccountStore *self,
                              SdAccount      *account)
{
  g_return_if_fail (SD_IS_ACCOUNT_STORE (self));
  g_return_if_fail (account == NULL || sd_account_store_lookup (self, sd_account_get_id (account)) == account);

  /* The settings' changed signal notifies. */
  g_settings_set_string (self->settings, "default-account",
                         account != NULL ? sd_account_get_id (account) : "");
}
