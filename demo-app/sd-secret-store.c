/* sd-secret-store.c: where the demo softphone keeps account passwords
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <libsecret/secret.h>

#include "sd-secret-store.h"

G_DEFINE_INTERFACE (SdSecretStore, sd_secret_store, G_TYPE_OBJECT)

static void
sd_secret_store_default_init (SdSecretStoreInterface *iface)
{
}

/**
 * sd_secret_store_store_async:
 * @self: a secret store
 * @account_id: the account
 * @label: what a keyring manager shows for the password
 * @password: the password
 * @cancellable: (nullable): a cancellable
 * @callback: called when the password is stored
 * @user_data: data for @callback
 *
 * Stores the password of @account_id, replacing any earlier one.
 */
void
sd_secret_store_store_async (SdSecretStore       *self,
                             const char          *account_id,
                             const char          *label,
                             const char          *password,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (SD_IS_SECRET_STORE (self));
  g_return_if_fail (account_id != NULL && label != NULL && password != NULL);

  SD_SECRET_STORE_GET_IFACE (self)->store_async (self, account_id, label, password,
                                                 cancellable, callback, user_data);
}

gboolean
sd_secret_store_store_finish (SdSecretStore  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (SD_IS_SECRET_STORE (self), FALSE);
  return SD_SECRET_STORE_GET_IFACE (self)->store_finish (self, result, error);
}

/**
 * sd_secret_store_lookup_async:
 * @self: a secret store
 * @account_id: the account
 * @cancellable: (nullable): a cancellable
 * @callback: called with the result
 * @user_data: data for @callback
 *
 * Looks up the password of @account_id.
 */
void
sd_secret_store_lookup_async (SdSecretStore       *self,
                              const char          *account_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (SD_IS_SECRET_STORE (self));
  g_return_if_fail (account_id != NULL);

  SD_SECRET_STORE_GET_IFACE (self)->lookup_async (self, account_id, cancellable,
                                                  callback, user_data);
}

/**
 * sd_secret_store_lookup_finish:
 * @self: a secret store
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the password, or %NULL: with
 *   @error set if the store failed, without if there is no password
 */
char *
sd_secret_store_lookup_finish (SdSecretStore  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (SD_IS_SECRET_STORE (self), NULL);
  return SD_SECRET_STORE_GET_IFACE (self)->lookup_finish (self, result, error);
}

/**
 * sd_secret_store_clear_async:
 * @self: a secret store
 * @account_id: the account
 * @cancellable: (nullable): a cancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Forgets the password of @account_id, if there is one.
 */
void
sd_secret_store_clear_async (SdSecretStore       *self,
                             const char          *account_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (SD_IS_SECRET_STORE (self));
  g_return_if_fail (account_id != NULL);

  SD_SECRET_STORE_GET_IFACE (self)->clear_async (self, account_id, cancellable,
                                                 callback, user_data);
}

gboolean
sd_secret_store_clear_finish (SdSecretStore  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (SD_IS_SECRET_STORE (self), FALSE);
  return SD_SECRET_STORE_GET_IFACE (self)->clear_finish (self, result, error);
}

/* SdMemorySecretStore: the passwords of one process's life, for tests
 * and for a session without a keyring. Results come from an idle, as
 * from a real store. */

struct _SdMemorySecretStore
{
  GObject     parent_instance;

  GHashTable *passwords;   /* account id -> password */
};

static void memory_iface_init (SdSecretStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SdMemorySecretStore, sd_memory_secret_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SD_TYPE_SECRET_STORE, memory_iface_init))

static void
memory_store_async (SdSecretStore       *store,
                    const char          *account_id,
                    const char          *label,
                    const char          *password,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  SdMemorySecretStore *self = SD_MEMORY_SECRET_STORE (store);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, memory_store_async);
  g_hash_table_replace (self->passwords, g_strdup (account_id), g_strdup (password));
  g_task_return_boolean (task, TRUE);
}

static gboolean
memory_boolean_finish (SdSecretStore  *store,
                       GAsyncResult   *result,
                       GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
memory_lookup_async (SdSecretStore       *store,
                     const char          *account_id,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  SdMemorySecretStore *self = SD_MEMORY_SECRET_STORE (store);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, memory_lookup_async);
  g_task_return_pointer (task, g_strdup (g_hash_table_lookup (self->passwords, account_id)),
                         g_free);
}

static char *
memory_lookup_finish (SdSecretStore  *store,
                      GAsyncResult   *result,
                      GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
memory_clear_async (SdSecretStore       *store,
                    const char          *account_id,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  SdMemorySecretStore *self = SD_MEMORY_SECRET_STORE (store);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, memory_clear_async);
  g_hash_table_remove (self->passwords, account_id);
  g_task_return_boolean (task, TRUE);
}

static void
memory_iface_init (SdSecretStoreInterface *iface)
{
  iface->store_async = memory_store_async;
  iface->store_finish = memory_boolean_finish;
  iface->lookup_async = memory_lookup_async;
  iface->lookup_finish = memory_lookup_finish;
  iface->clear_async = memory_clear_async;
  iface->clear_finish = memory_boolean_finish;
}

static void
sd_memory_secret_store_finalize (GObject *object)
{
  SdMemorySecretStore *self = SD_MEMORY_SECRET_STORE (object);

  g_clear_pointer (&self->passwords, g_hash_table_unref);

  G_OBJECT_CLASS (sd_memory_secret_store_parent_class)->finalize (object);
}

static void
sd_memory_secret_store_class_init (SdMemorySecretStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sd_memory_secret_store_finalize;
}

static void
sd_memory_secret_store_init (SdMemorySecretStore *self)
{
  self->passwords = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/**
 * sd_memory_secret_store_new:
 *
 * Returns: (transfer full): a secret store that keeps passwords in memory
 */
SdSecretStore *
sd_memory_secret_store_new (void)
{
  return g_object_new (SD_TYPE_MEMORY_SECRET_STORE, NULL);
}

/* SdLibsecretStore: the user's keyring, through the Secret Service. */

struct _SdLibsecretStore
{
  GObject parent_instance;
};

static void libsecret_iface_init (SdSecretStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SdLibsecretStore, sd_libsecret_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SD_TYPE_SECRET_STORE, libsecret_iface_init))

static const SecretSchema *
password_schema (void)
{
  static const SecretSchema schema = {
    "org.gnome.World.SipctxDemo.Password", SECRET_SCHEMA_NONE,
    {
      { "account-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

static void
libsecret_store_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
libsecret_store_async (SdSecretStore       *store,
                       const char          *account_id,
                       const char          *label,
                       const char          *password,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task = g_task_new (store, cancellable, callback, user_data);

  g_task_set_source_tag (task, libsecret_store_async);
  secret_password_store (password_schema (), SECRET_COLLECTION_DEFAULT, label, password,
                         cancellable, libsecret_store_cb, task,
                         "account-id", account_id,
                         NULL);
}

static gboolean
libsecret_boolean_finish (SdSecretStore  *store,
                          GAsyncResult   *result,
                          GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
libsecret_lookup_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Copy to plain memory: the caller frees with g_free (). */
  g_task_return_pointer (task, g_strdup (secret), g_free);
  secret_password_free (secret);
}

static void
libsecret_lookup_async (SdSecretStore       *store,
                        const char          *account_id,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task = g_task_new (store, cancellable, callback, user_data);

  g_task_set_source_tag (task, libsecret_lookup_async);
  secret_password_lookup (password_schema (), cancellable, libsecret_lookup_cb, task,
                          "account-id", account_id,
                          NULL);
}

static char *
libsecret_lookup_finish (SdSecretStore  *store,
                         GAsyncResult   *result,
                         GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
libsecret_clear_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  /* FALSE without an error: there was nothing to clear. */
  if (!secret_password_clear_finish (result, &error) && error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
libsecret_clear_async (SdSecretStore       *store,
                       const char          *account_id,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task = g_task_new (store, cancellable, callback, user_data);

  g_task_set_source_tag (task, libsecret_clear_async);
  secret_password_clear (password_schema (), cancellable, libsecret_clear_cb, task,
                         "account-id", account_id,
                         NULL);
}

static void
libsecret_iface_init (SdSecretStoreInterface *iface)
{
  iface->store_async = libsecret_store_async;
  iface->store_finish = libsecret_boolean_finish;
  iface->lookup_async = libsecret_lookup_async;
  iface->lookup_finish = libsecret_lookup_finish;
  iface->clear_async = libsecret_clear_async;
  iface->clear_finish = libsecret_boolean_finish;
}

static void
sd_libsecret_store_class_init (SdLibsecretStoreClass *klass)
{
}

static void
sd_libsecret_store_init (SdLibsecretStore *self)
{
}

/**
 * sd_libsecret_store_new:
 *
 * Returns: (transfer full): a secret store on the user's keyring
 */
SdSecretStore *
sd_libsecret_store_new (void)
{
  return g_object_new (SD_TYPE_LIBSECRET_STORE, NULL);
}
