/* sd-secret-store.h: where the demo softphone keeps account passwords
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SD_TYPE_SECRET_STORE (sd_secret_store_get_type ())

G_DECLARE_INTERFACE (SdSecretStore, sd_secret_store, SD, SECRET_STORE, GObject)

/**
 * SdSecretStoreInterface:
 * @g_iface: the parent interface
 * @store_async: stores the password of an account
 * @store_finish: finishes @store_async
 * @lookup_async: looks up the password of an account
 * @lookup_finish: finishes @lookup_async; %NULL without an error when
 *   there is none
 * @clear_async: forgets the password of an account
 * @clear_finish: finishes @clear_async
 *
 * A store of passwords, keyed by account id. The application uses the
 * user's keyring (#SdLibsecretStore); tests use #SdMemorySecretStore.
 */
struct _SdSecretStoreInterface
{
  GTypeInterface g_iface;

  void       (* store_async)   (SdSecretStore       *self,
                                const char          *account_id,
                                const char          *label,
                                const char          *password,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data);
  gboolean   (* store_finish)  (SdSecretStore       *self,
                                GAsyncResult        *result,
                                GError             **error);
  void       (* lookup_async)  (SdSecretStore       *self,
                                const char          *account_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data);
  char     * (* lookup_finish) (SdSecretStore       *self,
                                GAsyncResult        *result,
                                GError             **error);
  void       (* clear_async)   (SdSecretStore       *self,
                                const char          *account_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data);
  gboolean   (* clear_finish)  (SdSecretStore       *self,
                                GAsyncResult        *result,
                                GError             **error);
};

void      sd_secret_store_store_async   (SdSecretStore       *self,
                                         const char          *account_id,
                                         const char          *label,
                                         const char          *password,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean  sd_secret_store_store_finish  (SdSecretStore       *self,
                                         GAsyncResult        *result,
                                         GError             **error);
void      sd_secret_store_lookup_async  (SdSecretStore       *self,
                                         const char          *account_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
char     *sd_secret_store_lookup_finish (SdSecretStore       *self,
                                         GAsyncResult        *result,
                                         GError             **error);
void      sd_secret_store_clear_async   (SdSecretStore       *self,
                                         const char          *account_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean  sd_secret_store_clear_finish  (SdSecretStore       *self,
                                         GAsyncResult        *result,
                                         GError             **error);

#define SD_TYPE_MEMORY_SECRET_STORE (sd_memory_secret_store_get_type ())

G_DECLARE_FINAL_TYPE (SdMemorySecretStore, sd_memory_secret_store, SD, MEMORY_SECRET_STORE, GObject)

SdSecretStore *sd_memory_secret_store_new (void);

#define SD_TYPE_LIBSECRET_STORE (sd_libsecret_store_get_type ())

G_DECLARE_FINAL_TYPE (SdLibsecretStore, sd_libsecret_store, SD, LIBSECRET_STORE, GObject)

SdSecretStore *sd_libsecret_store_new (void);

G_END_DECLS
