/* test-demo-core.c: the demo softphone's model, without widgets
 *
 * Accounts and their settings, the secret stores, the history and its
 * contacts, and the phone itself over real SIP on 127.0.0.1: calls to the
 * built-in echo peer, its DTMF and message echoes, its call back, a
 * decline, a busy and a missing peer (user agents of this test), hold, a
 * blind transfer both ways (the echo peer asks for one with “transfer
 * me”), a missed call, and an account registering at a SIPp registrar.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <glib/gstdio.h>
#include <sipctx.h>

#include "sd-account-store.h"
#include "sd-enum-types.h"
#include "sd-history.h"
#include "sd-phone.h"
#include "sd-secret-store.h"
#include "sip-test-sipp.h"
#include "sip-test-utils.h"

#define APP_ID "org.gnome.World.SipctxDemo"
#define WAIT 20000

static GSettings *
memory_settings (void)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();

  return g_settings_new_with_backend (APP_ID, backend);
}

/* Accounts */

static void
test_account_validate (void)
{
  g_autoptr(SdAccount) account = sd_account_new ("a1");
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *user = NULL;
  g_autofree char *title = NULL;

  g_assert_false (sd_account_validate (account, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  sd_account_set_address (account, "alice@example.org");
  g_assert_false (sd_account_validate (account, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "sip:"));
  g_clear_error (&error);

  sd_account_set_address (account, "sip:example.org");
  g_assert_false (sd_account_validate (account, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* Surrounding blanks are dropped as the value is set. */
  sd_account_set_address (account, "  sip:alice@example.org ");
  g_assert_cmpstr (sd_account_get_address (account), ==, "sip:alice@example.org");
  g_assert_true (sd_account_validate (account, &error));
  g_assert_no_error (error);
  user = sd_account_dup_username (account);
  g_assert_cmpstr (user, ==, "alice");
  title = sd_account_dup_title (account);
  g_assert_cmpstr (title, ==, "sip:alice@example.org");
  g_clear_pointer (&title, g_free);
  sd_account_set_display_name (account, "Alice");
  title = sd_account_dup_title (account);
  g_assert_cmpstr (title, ==, "Alice");

  /* The registrar is the address's domain unless set. */
  uri = sd_account_dup_registrar_uri (account, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (uri, ==, "sip:example.org");
  g_clear_pointer (&uri, g_free);
  uri = sd_account_dup_proxy_uri (account, &error);
  g_assert_no_error (error);
  g_assert_null (uri);

  sd_account_set_transport (account, SD_TRANSPORT_TCP);
  sd_account_set_registrar (account, "registrar.example.org:5070");
  sd_account_set_outbound_proxy (account, "proxy.example.org");
  uri = sd_account_dup_registrar_uri (account, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (uri, ==, "sip:registrar.example.org:5070;transport=tcp");
  g_clear_pointer (&uri, g_free);
  uri = sd_account_dup_proxy_uri (account, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (uri, ==, "sip:proxy.example.org;transport=tcp;lr");
  g_clear_pointer (&uri, g_free);

  /* TLS; a URI that names its transport is kept as written. */
  sd_account_set_transport (account, SD_TRANSPORT_TLS);
  sd_account_set_registrar (account, "sip:registrar.example.org;transport=udp");
  uri = sd_account_dup_registrar_uri (account, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (uri, ==, "sip:registrar.example.org;transport=udp");
  g_clear_pointer (&uri, g_free);
  uri = sd_account_dup_proxy_uri (account, &error);
  g_assert_cmpstr (uri, ==, "sip:proxy.example.org;transport=tls;lr");
  g_clear_pointer (&uri, g_free);

  sd_account_set_outbound_proxy (account, "proxy with blanks");
  g_assert_false (sd_account_validate (account, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "outbound proxy"));
  g_clear_error (&error);

  g_assert_finalize_object (g_steal_pointer (&account));
}

static void
test_account_normalize (void)
{
  g_autoptr(GError) error = NULL;
  char *uri;

  uri = sd_normalize_sip_uri (" bob@example.org ", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (uri, ==, "sip:bob@example.org");
  g_free (uri);

  uri = sd_normalize_sip_uri ("sips:bob@example.org", NULL, &error);
  g_assert_cmpstr (uri, ==, "sips:bob@example.org");
  g_free (uri);

  uri = sd_normalize_sip_uri ("1234", "example.org", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (uri, ==, "sip:1234@example.org");
  g_free (uri);

  uri = sd_normalize_sip_uri ("1234", NULL, &error);
  g_assert_null (uri);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  uri = sd_normalize_sip_uri ("   ", NULL, &error);
  g_assert_null (uri);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  uri = sd_normalize_sip_uri ("sip:bob@exa mple.org", NULL, &error);
  g_assert_null (uri);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
}

static void
changed_count_cb (SdAccountStore *store,
                  SdAccount      *account,
                  guint          *count)
{
  (*count)++;
}

static void
test_account_store (void)
{
  g_autoptr(GSettings) settings = memory_settings ();
  g_autoptr(SdAccountStore) store = sd_account_store_new (settings);
  g_autoptr(SdAccountStore) reloaded = NULL;
  g_autoptr(SdAccount) first = NULL;
  g_autoptr(SdAccount) second = NULL;
  g_autoptr(SdAccount) invalid = NULL;
  g_autoptr(SdAccount) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = NULL;
  guint changed = 0;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  g_assert_null (sd_account_store_get_default (store));
  g_signal_connect (store, "account-changed", G_CALLBACK (changed_count_cb), &changed);

  first = sd_account_store_create_account (store);
  sd_account_set_address (first, "sip:alice@example.org");
  sd_account_set_display_name (first, "Alice");
  sd_account_set_registrar (first, "registrar.example.org");
  sd_account_set_outbound_proxy (first, "proxy.example.org");
  sd_account_set_transport (first, SD_TRANSPORT_TLS);
  g_assert_true (sd_account_store_add (store, first, &error));
  g_assert_no_error (error);

  second = sd_account_store_create_account (store);
  g_assert_cmpstr (sd_account_get_id (first), !=, sd_account_get_id (second));
  sd_account_set_address (second, "sip:bob@example.com");
  sd_account_set_enabled (second, FALSE);
  g_assert_true (sd_account_store_add (store, second, &error));
  g_assert_cmpuint (changed, ==, 2);

  /* What does not validate is not stored. */
  invalid = sd_account_store_create_account (store);
  sd_account_set_address (invalid, "nonsense");
  g_assert_false (sd_account_store_add (store, invalid, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);

  sd_account_store_set_default (store, second);
  g_assert_true (sd_account_store_get_default (store) == second);

  /* In the settings, in order. */
  ids = g_settings_get_strv (settings, "accounts");
  g_assert_cmpuint (g_strv_length (ids), ==, 2);
  g_assert_cmpstr (ids[0], ==, sd_account_get_id (first));
  g_assert_cmpstr (ids[1], ==, sd_account_get_id (second));

  /* An edit that does not validate leaves the stored values alone. */
  sd_account_set_display_name (first, "Alice Liddell");
  g_assert_true (sd_account_store_save (store, first, &error));
  g_assert_cmpuint (changed, ==, 3);
  sd_account_set_registrar (first, "bad registrar");
  g_assert_false (sd_account_store_save (store, first, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* A second store on the same settings sees the same accounts. */
  reloaded = sd_account_store_new (settings);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reloaded)), ==, 2);
  loaded = g_list_model_get_item (G_LIST_MODEL (reloaded), 0);
  g_assert_cmpstr (sd_account_get_id (loaded), ==, sd_account_get_id (first));
  g_assert_cmpstr (sd_account_get_address (loaded), ==, "sip:alice@example.org");
  g_assert_cmpstr (sd_account_get_display_name (loaded), ==, "Alice Liddell");
  g_assert_cmpstr (sd_account_get_registrar (loaded), ==, "registrar.example.org");
  g_assert_cmpstr (sd_account_get_outbound_proxy (loaded), ==, "proxy.example.org");
  g_assert_cmpint (sd_account_get_transport (loaded), ==, SD_TRANSPORT_TLS);
  g_assert_true (sd_account_get_enabled (loaded));
  g_assert_false (sd_account_get_enabled (sd_account_store_lookup (reloaded, sd_account_get_id (second))));
  g_assert_cmpstr (sd_account_get_id (sd_account_store_get_default (reloaded)), ==,
                   sd_account_get_id (second));
  g_clear_object (&loaded);
  g_clear_object (&reloaded);

  /* Removing the default account makes the local line the default, and
   * resets the account's settings. */
  sd_account_store_remove (store, second);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  g_assert_null (sd_account_store_get_default (store));
  {
    g_autoptr(GSettingsBackend) backend = NULL;
    g_autoptr(GSettings) account_settings = NULL;
    g_autofree char *path = g_strdup_printf ("/org/gnome/World/SipctxDemo/accounts/%s/",
                                             sd_account_get_id (second));
    g_autofree char *address = NULL;

    g_object_get (settings, "backend", &backend, NULL);
    account_settings = g_settings_new_with_backend_and_path (SD_ACCOUNT_SCHEMA_ID, backend, path);
    address = g_settings_get_string (account_settings, "address");
    g_assert_cmpstr (address, ==, "");
  }

  /* Bad ids in the settings are ignored. */
  {
    const char *bad[] = { "../x", "", "ok-1", "ok-1", NULL };

    g_settings_set_strv (settings, "accounts", bad);
    reloaded = sd_account_store_new (settings);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reloaded)), ==, 1);
  }

  g_signal_handlers_disconnect_by_data (store, &changed);
  g_assert_finalize_object (g_steal_pointer (&store));
}

/* Secret stores */

static void
result_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
check_secret_store (SdSecretStore *store)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  g_autofree char *id = g_strdup_printf ("test%08x", g_random_int ());

  sd_secret_store_lookup_async (store, id, NULL, result_cb, &result);
  sip_test_wait_until (result != NULL, WAIT);
  password = sd_secret_store_lookup_finish (store, result, &error);
  g_assert_no_error (error);
  g_assert_null (password);
  g_clear_object (&result);

  sd_secret_store_store_async (store, id, "test password", "s3cr:et ü", NULL, result_cb, &result);
  sip_test_wait_until (result != NULL, WAIT);
  g_assert_true (sd_secret_store_store_finish (store, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  sd_secret_store_lookup_async (store, id, NULL, result_cb, &result);
  sip_test_wait_until (result != NULL, WAIT);
  password = sd_secret_store_lookup_finish (store, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, "s3cr:et ü");
  g_clear_pointer (&password, g_free);
  g_clear_object (&result);

  sd_secret_store_clear_async (store, id, NULL, result_cb, &result);
  sip_test_wait_until (result != NULL, WAIT);
  g_assert_true (sd_secret_store_clear_finish (store, result, &error));
  g_clear_object (&result);

  sd_secret_store_lookup_async (store, id, NULL, result_cb, &result);
  sip_test_wait_until (result != NULL, WAIT);
  password = sd_secret_store_lookup_finish (store, result, &error);
  g_assert_no_error (error);
  g_assert_null (password);
  g_clear_object (&result);
}

static void
test_secret_memory (void)
{
  g_autoptr(SdSecretStore) store = sd_memory_secret_store_new ();

  check_secret_store (store);
  g_assert_finalize_object (g_steal_pointer (&store));
}

static void
test_secret_libsecret (void)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) owner = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSecretStore) store = NULL;

  /* The keyring needs a D-Bus session with a Secret Service on it
   * (gnome-keyring, KeePassXC, ...); test machines usually have none. */
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set): "
                   "the libsecret store needs one with a Secret Service");
      return;
    }

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (bus == NULL)
    {
      g_test_skip_printf ("no D-Bus session bus (%s): the libsecret store needs one",
                          error->message);
      return;
    }

  owner = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "org.freedesktop.secrets"),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1,
                                       NULL, &error);
  g_assert_no_error (error);
  if (!g_variant_get_boolean (g_variant_get_child_value (owner, 0)))
    {
      g_test_skip ("no Secret Service (org.freedesktop.secrets) on the session bus: "
                   "the libsecret store cannot be tried here");
      return;
    }

  store = sd_libsecret_store_new ();
  check_secret_store (store);
}

/* History */

static char *
history_path (void)
{
  return g_build_filename (g_get_user_data_dir (), APP_ID, "history.gvariant", NULL);
}

static SdHistoryEntry *
entry_at (const char      *uri,
          const char      *name,
          SdCallDirection  direction,
          SdCallOutcome    outcome,
          gint64           unix_time,
          guint            duration,
          const char      *reason)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_time);

  return sd_history_entry_new (uri, name, direction, outcome, time, duration, reason);
}

static void
test_history (void)
{
  g_autofree char *path = history_path ();
  g_autoptr(SdHistory) history = sd_history_new (path);
  g_autoptr(SdHistory) reloaded = NULL;
  g_autoptr(SdHistoryEntry) entry = NULL;
  g_autoptr(SdContact) contact = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (1700000000 + 3600);
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  GListModel *contacts;
  gint64 t = 1700000000;

  /* No file yet: an empty history. */
  g_assert_true (sd_history_load (history, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 0);

  entry = entry_at ("sip:bob@example.org", "Bob", SD_CALL_DIRECTION_OUTGOING,
                    SD_CALL_OUTCOME_ANSWERED, t, 42, NULL);
  g_assert_true (sd_history_add (history, entry, &error));
  g_assert_no_error (error);
  g_clear_object (&entry);
  entry = entry_at ("sip:carol@example.org", NULL, SD_CALL_DIRECTION_INCOMING,
                    SD_CALL_OUTCOME_MISSED, t + 60, 0, NULL);
  g_assert_true (sd_history_add (history, entry, &error));
  g_clear_object (&entry);
  entry = entry_at ("sip:bob@example.org", NULL, SD_CALL_DIRECTION_OUTGOING,
                    SD_CALL_OUTCOME_FAILED, t + 120, 0, "486 Busy Here");
  g_assert_true (sd_history_add (history, entry, &error));
  g_clear_object (&entry);

  /* Newest first. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 3);
  entry = g_list_model_get_item (G_LIST_MODEL (history), 0);
  g_assert_cmpstr (sd_history_entry_get_reason (entry), ==, "486 Busy Here");
  g_clear_object (&entry);

  /* The contacts: each peer once, the most recent first, with the name
   * the history knows. */
  contacts = sd_history_get_contacts (history);
  g_assert_cmpuint (g_list_model_get_n_items (contacts), ==, 2);
  contact = g_list_model_get_item (contacts, 0);
  g_assert_cmpstr (sd_contact_get_uri (contact), ==, "sip:bob@example.org");
  g_assert_cmpstr (sd_contact_get_name (contact), ==, "Bob");
  g_assert_cmpuint (sd_contact_get_n_calls (contact), ==, 2);
  g_clear_object (&contact);
  contact = g_list_model_get_item (contacts, 1);
  g_assert_cmpstr (sd_contact_get_uri (contact), ==, "sip:carol@example.org");
  g_assert_null (sd_contact_get_name (contact));
  g_clear_object (&contact);

  /* Kept in the file: a second history reads the same. */
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  reloaded = sd_history_new (path);
  g_assert_true (sd_history_load (reloaded, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reloaded)), ==, 3);
  entry = g_list_model_get_item (G_LIST_MODEL (reloaded), 2);
  g_assert_cmpstr (sd_history_entry_get_peer_uri (entry), ==, "sip:bob@example.org");
  g_assert_cmpstr (sd_history_entry_get_peer_name (entry), ==, "Bob");
  g_assert_cmpint (sd_history_entry_get_direction (entry), ==, SD_CALL_DIRECTION_OUTGOING);
  g_assert_cmpint (sd_history_entry_get_outcome (entry), ==, SD_CALL_OUTCOME_ANSWERED);
  g_assert_cmpint (g_date_time_to_unix (sd_history_entry_get_start_time (entry)), ==, t);
  g_assert_cmpuint (sd_history_entry_get_duration (entry), ==, 42);
  g_assert_null (sd_history_entry_get_reason (entry));
  summary = sd_history_entry_dup_summary (entry, now);
  g_assert_true (g_str_has_prefix (summary, "Outgoing · "));
  g_assert_true (g_str_has_suffix (summary, " · 0:42"));
  g_clear_pointer (&summary, g_free);
  g_clear_object (&entry);
  entry = g_list_model_get_item (G_LIST_MODEL (reloaded), 0);
  summary = sd_history_entry_dup_summary (entry, now);
  g_assert_true (g_str_has_prefix (summary, "Failed (486 Busy Here) · "));
  g_clear_pointer (&summary, g_free);
  g_clear_object (&entry);

  /* At most SD_HISTORY_MAX_ENTRIES, the oldest dropped. */
  for (guint i = 0; i < SD_HISTORY_MAX_ENTRIES; i++)
    {
      g_autofree char *uri = g_strdup_printf ("sip:user%u@example.org", i);

      entry = entry_at (uri, NULL, SD_CALL_DIRECTION_OUTGOING, SD_CALL_OUTCOME_CANCELED,
                        t + 1000 + i, 0, NULL);
      g_assert_true (sd_history_add (reloaded, entry, &error));
      g_clear_object (&entry);
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reloaded)), ==, SD_HISTORY_MAX_ENTRIES);
  entry = g_list_model_get_item (G_LIST_MODEL (reloaded), SD_HISTORY_MAX_ENTRIES - 1);
  g_assert_cmpstr (sd_history_entry_get_peer_uri (entry), ==, "sip:user0@example.org");
  g_clear_object (&entry);

  g_assert_true (sd_history_clear (reloaded, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reloaded)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (sd_history_get_contacts (reloaded)), ==, 0);
  g_assert_true (sd_history_load (history, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 0);

  g_assert_finalize_object (g_steal_pointer (&reloaded));
  g_assert_finalize_object (g_steal_pointer (&history));
}

static void
test_history_damaged (void)
{
  g_autofree char *path = history_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(SdHistory) history = sd_history_new (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);

  g_assert_true (g_file_set_contents (path, "(uint32 1, [('sip:a@b', 'A', uint32 0", -1, &error));
  g_assert_false (sd_history_load (history, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "damaged"));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (path, "(uint32 7, @a(ssuuxus) [])", -1, &error));
  g_assert_false (sd_history_load (history, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  /* Impossible values are skipped, the rest kept. */
  g_assert_true (g_file_set_contents (path,
    "(uint32 1, [('sip:a@example.org', '', uint32 0, uint32 0, int64 1700000000, uint32 5, ''),"
    " ('sip:b@example.org', '', uint32 9, uint32 0, int64 1700000000, uint32 5, ''),"
    " ('', '', uint32 0, uint32 0, int64 1700000000, uint32 5, ''),"
    " ('sip:c@example.org', '', uint32 1, uint32 77, int64 1700000000, uint32 5, '')])",
    -1, &error));
  g_assert_true (sd_history_load (history, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 1);

  g_assert_finalize_object (g_steal_pointer (&history));
}

/* The phone, over SIP on 127.0.0.1 */

typedef struct
{
  GSettings     *settings;
  SdSecretStore *secrets;
  SdPhone       *phone;
  GPtrArray     *errors;     /* char *, what SdPhone::error said */
  GPtrArray     *notices;    /* char *, what SdPhone::notice said */
  GPtrArray     *ended;      /* SdHistoryEntry */
  GPtrArray     *incoming;   /* SipInviteContext */
  GPtrArray     *received;   /* SdChatMessage */
} Fixture;

static void
error_cb (SdPhone    *phone,
          const char *message,
          Fixture    *f)
{
  g_ptr_array_add (f->errors, g_strdup (message));
}

static void
notice_cb (SdPhone    *phone,
           const char *message,
           Fixture    *f)
{
  g_ptr_array_add (f->notices, g_strdup (message));
}

static void
call_ended_cb (SdPhone          *phone,
               SipInviteContext *call,
               SdHistoryEntry   *entry,
               Fixture          *f)
{
  g_ptr_array_add (f->ended, g_object_ref (entry));
}

static void
incoming_call_cb (SdPhone          *phone,
                  SipInviteContext *call,
                  Fixture          *f)
{
  g_ptr_array_add (f->incoming, g_object_ref (call));
}

static void
message_received_cb (SdPhone        *phone,
                     SdConversation *conversation,
                     SdChatMessage  *message,
                     Fixture        *f)
{
  g_ptr_array_add (f->received, g_object_ref (message));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = history_path ();
  g_autoptr(GError) error = NULL;

  f->settings = memory_settings ();
  /* Ringing takes a moment, as for a person; not a second per test. */
  g_settings_set_uint (f->settings, "echo-ring-time", 200);
  f->secrets = sd_memory_secret_store_new ();
  f->phone = sd_phone_new (f->settings, f->secrets, path);
  sd_phone_set_account_bind_uri (f->phone, "sip:127.0.0.1:0");
  f->errors = g_ptr_array_new_with_free_func (g_free);
  f->notices = g_ptr_array_new_with_free_func (g_free);
  f->ended = g_ptr_array_new_with_free_func (g_object_unref);
  f->incoming = g_ptr_array_new_with_free_func (g_object_unref);
  f->received = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (f->phone, "error", G_CALLBACK (error_cb), f);
  g_signal_connect (f->phone, "notice", G_CALLBACK (notice_cb), f);
  g_signal_connect (f->phone, "call-ended", G_CALLBACK (call_ended_cb), f);
  g_signal_connect (f->phone, "incoming-call", G_CALLBACK (incoming_call_cb), f);
  g_signal_connect (f->phone, "message-received", G_CALLBACK (message_received_cb), f);

  g_assert_true (sd_phone_start (f->phone, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sd_line_get_state (sd_phone_get_local_line (f->phone)), ==, SD_LINE_STATE_READY);
  g_assert_nonnull (sd_echo_peer_get_route_uri (sd_phone_get_echo_peer (f->phone)));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sd_phone_shutdown_async (f->phone, NULL, result_cb, &result);
  sip_test_wait_until (result != NULL, WAIT);
  g_assert_true (sd_phone_shutdown_finish (f->phone, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  g_signal_handlers_disconnect_by_data (f->phone, f);
  g_clear_pointer (&f->incoming, g_ptr_array_unref);
  g_clear_pointer (&f->received, g_ptr_array_unref);
  g_clear_pointer (&f->ended, g_ptr_array_unref);
  /* Everything the phone made is gone with it: nothing leaked, no cycle. */
  g_assert_finalize_object (g_steal_pointer (&f->phone));
  g_clear_pointer (&f->errors, g_ptr_array_unref);
  g_clear_pointer (&f->notices, g_ptr_array_unref);
  g_clear_object (&f->secrets);
  g_clear_object (&f->settings);
}

static SdConversation *
echo_conversation (Fixture *f)
{
  return sd_conversation_store_lookup (sd_phone_get_conversations (f->phone), SD_ECHO_PEER_ADDRESS);
}

static guint
n_messages (SdConversation *conversation)
{
  return conversation ? g_list_model_get_n_items (sd_conversation_get_messages (conversation)) : 0;
}

static SdChatMessage *
message_at (SdConversation *conversation,
            guint           position)
{
  g_autoptr(SdChatMessage) message =
    g_list_model_get_item (sd_conversation_get_messages (conversation), position);

  /* The conversation keeps its reference. */
  return message;
}

/* The tones of every “You pressed …” message received, joined by spaces. */
static const char *
echoed_tones (Fixture *f)
{
  static char *tones;
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();

  g_clear_pointer (&tones, g_free);
  for (guint i = 0; i < f->received->len; i++)
    {
      const char *text = sd_chat_message_get_text (g_ptr_array_index (f->received, i));

      if (g_str_has_prefix (text, "You pressed "))
        g_ptr_array_add (parts, (char *) text + strlen ("You pressed "));
    }
  g_ptr_array_add (parts, NULL);
  tones = g_strjoinv (" ", (char **) parts->pdata);

  return tones;
}

static SipContextState
state_of (SipInviteContext *call)
{
  return sip_context_get_state (SIP_CONTEXT (call));
}

static guint
n_errors_containing (Fixture    *f,
                     const char *text)
{
  guint n = 0;

  for (guint i = 0; i < f->errors->len; i++)
    if (strstr (g_ptr_array_index (f->errors, i), text) != NULL)
      n++;

  return n;
}

static void
note_ringing_cb (SipInviteContext *call,
                 GParamSpec       *pspec,
                 gboolean         *rang)
{
  if (state_of (call) == SIP_CONTEXT_STATE_PROCEEDING)
    *rang = TRUE;
}

static void
test_phone_echo_call (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SipInviteContext) call = NULL;
  g_autoptr(GListModel) calls = NULL;
  g_autoptr(SdContact) contact = NULL;
  g_autofree char *title = NULL;
  SdHistoryEntry *entry;
  SdConversation *conversation;
  gboolean rang = FALSE;

  call = sd_phone_call (f->phone, " Echo ", &error);
  g_assert_no_error (error);
  g_assert_nonnull (call);
  g_object_ref (call);
  g_assert_true (sd_phone_get_current_call (f->phone) == call);
  g_assert_cmpstr (sd_phone_get_call_id (f->phone, call), ==, "1");
  g_assert_true (sd_phone_find_call (f->phone, "1") == call);
  g_assert_true (sd_phone_find_call (f->phone, "") == call);
  g_assert_null (sd_phone_find_call (f->phone, "2"));
  g_assert_cmpstr (sd_phone_get_call_peer_uri (f->phone, call), ==, SD_ECHO_PEER_ADDRESS);
  title = sd_phone_dup_call_title (f->phone, call);
  g_assert_cmpstr (title, ==, "Echo");
  g_assert_cmpuint (sd_phone_get_n_calls (f->phone), ==, 1);

  /* The local line's list of calls, as the UI shows them. */
  calls = g_list_model_get_item (sd_phone_get_call_lists (f->phone), 0);
  g_assert_cmpuint (g_list_model_get_n_items (calls), ==, 1);

  /* It rings (180), then answers. */
  g_signal_connect (call, "notify::state", G_CALLBACK (note_ringing_cb), &rang);
  sip_test_wait_until (state_of (call) >= SIP_CONTEXT_STATE_ESTABLISHED, WAIT);
  g_assert_cmpint (state_of (call), ==, SIP_CONTEXT_STATE_ESTABLISHED);
  g_signal_handlers_disconnect_by_data (call, &rang);
  g_assert_true (rang);
  g_assert_cmpstr (sip_invite_context_get_remote_media_codec (call), ==, "PCMU/8000");

  /* DTMF comes back as messages from the echo peer: “You pressed 1 2 #”,
   * or split in several when the tones came slowly. */
  g_assert_true (sd_phone_send_dtmf (f->phone, NULL, "12#", &error));
  g_assert_no_error (error);
  sip_test_wait_until (g_str_has_suffix (echoed_tones (f), "#"), WAIT);
  g_assert_cmpstr (echoed_tones (f), ==, "1 2 #");
  conversation = echo_conversation (f);
  g_assert_nonnull (conversation);
  g_assert_cmpuint (n_messages (conversation), ==, f->received->len);
  g_assert_false (sd_chat_message_is_outgoing (message_at (conversation, 0)));
  g_assert_cmpint (sd_chat_message_get_state (message_at (conversation, 0)), ==,
                   SD_CHAT_MESSAGE_STATE_RECEIVED);

  g_assert_false (sd_phone_send_dtmf (f->phone, NULL, "12x", &error));
  g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* Hold and resume. */
  g_assert_true (sd_phone_hold (f->phone, call, TRUE, &error));
  g_assert_no_error (error);
  sip_test_wait_until (sip_invite_context_get_local_hold (call), WAIT);
  g_assert_true (sd_phone_hold (f->phone, call, FALSE, &error));
  sip_test_wait_until (!sip_invite_context_get_local_hold (call), WAIT);

  /* Not a ringing call. */
  g_assert_false (sd_phone_answer (f->phone, call, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (sd_phone_answer (f->phone, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (sd_phone_hangup (f->phone, NULL, &error));
  g_assert_no_error (error);
  sip_test_wait_until (f->ended->len == 1, WAIT);
  g_assert_cmpint (state_of (call), ==, SIP_CONTEXT_STATE_TERMINATED);
  g_assert_cmpuint (sd_phone_get_n_calls (f->phone), ==, 0);
  g_assert_null (sd_phone_get_current_call (f->phone));
  g_assert_cmpuint (g_list_model_get_n_items (calls), ==, 0);

  /* Into the history, and the echo peer stays the only contact. */
  entry = g_ptr_array_index (f->ended, 0);
  g_assert_cmpstr (sd_history_entry_get_peer_uri (entry), ==, SD_ECHO_PEER_ADDRESS);
  g_assert_cmpint (sd_history_entry_get_direction (entry), ==, SD_CALL_DIRECTION_OUTGOING);
  g_assert_cmpint (sd_history_entry_get_outcome (entry), ==, SD_CALL_OUTCOME_ANSWERED);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sd_phone_get_history (f->phone))), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (sd_phone_get_contacts (f->phone)), ==, 1);
  contact = g_list_model_get_item (sd_phone_get_contacts (f->phone), 0);
  g_assert_cmpstr (sd_contact_get_uri (contact), ==, SD_ECHO_PEER_ADDRESS);
  g_assert_cmpstr (sd_contact_get_name (contact), ==, "Echo");

  g_assert_false (sd_phone_hangup (f->phone, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpuint (f->errors->len, ==, 0);
}

static void
reject_message_cb (SipUserAgent            *ua,
                   SipMessageServerContext *context,
                   gpointer                 user_data)
{
  g_autoptr(SipReplyOptions) options = sip_reply_options_new (403);

  sip_server_context_reject (SIP_SERVER_CONTEXT (context), options, NULL);
}

static void
test_phone_echo_messages (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SipUserAgent) carol = NULL;
  g_autofree char *carol_uri = NULL;
  SdChatMessage *message;
  SdConversation *conversation;

  message = sd_phone_send_message (f->phone, "echo", "hello", &error);
  g_assert_no_error (error);
  g_assert_nonnull (message);
  g_assert_true (sd_chat_message_is_outgoing (message));
  g_assert_cmpint (sd_chat_message_get_state (message), ==, SD_CHAT_MESSAGE_STATE_SENT);

  sip_test_wait_until (f->received->len == 1, WAIT);
  g_assert_cmpint (sd_chat_message_get_state (message), ==, SD_CHAT_MESSAGE_STATE_DELIVERED);
  conversation = echo_conversation (f);
  g_assert_cmpuint (n_messages (conversation), ==, 2);
  g_assert_true (message_at (conversation, 0) == message);
  g_assert_true (g_str_has_prefix (sd_chat_message_get_text (message_at (conversation, 1)),
                                   "You said: hello\n"));
  g_assert_nonnull (strstr (sd_chat_message_get_text (message_at (conversation, 1)), "call me"));
  {
    g_autofree char *title = sd_conversation_dup_title (conversation);

    g_assert_cmpstr (title, ==, "Echo");
  }

  /* The hint comes once. */
  message = sd_phone_send_message (f->phone, "sip:echo@localhost", "again", &error);
  g_assert_no_error (error);
  sip_test_wait_until (f->received->len == 2, WAIT);
  g_assert_cmpuint (n_messages (conversation), ==, 4);
  g_assert_cmpstr (sd_chat_message_get_text (message_at (conversation, 3)), ==, "You said: again");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sd_phone_get_conversations (f->phone))), ==, 1);

  /* Refused: failed, with the reason. */
  carol = sip_test_user_agent_new ("carol");
  g_signal_connect (carol, "message", G_CALLBACK (reject_message_cb), NULL);
  carol_uri = sip_test_user_agent_uri (carol, "carol");
  message = sd_phone_send_message (f->phone, carol_uri, "hi carol", &error);
  g_assert_no_error (error);
  sip_test_wait_until (sd_chat_message_get_state (message) == SD_CHAT_MESSAGE_STATE_FAILED, WAIT);
  g_assert_cmpstr (sd_chat_message_get_reason (message), ==, "403 Forbidden");
  {
    g_autofree char *status = sd_chat_message_dup_status (message);

    g_assert_true (g_str_has_suffix (status, " · Failed: 403 Forbidden"));
  }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sd_phone_get_conversations (f->phone))), ==, 2);

  /* Nothing to send, or nowhere to send it: no conversation is made. */
  g_assert_null (sd_phone_send_message (f->phone, "echo", "", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (sd_phone_send_message (f->phone, "not an address", "hi", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sd_phone_get_conversations (f->phone))), ==, 2);

  sip_test_user_agent_finish (g_steal_pointer (&carol));
}

static void
test_phone_call_back (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SipInviteContext *call;
  SdHistoryEntry *entry;

  /* “call me”: the echo peer replies, then calls. */
  g_assert_nonnull (sd_phone_send_message (f->phone, "echo", "Call me", &error));
  g_assert_no_error (error);
  sip_test_wait_until (f->incoming->len == 1, WAIT);
  sip_test_wait_until (f->received->len == 1, WAIT);
  g_assert_cmpstr (sd_chat_message_get_text (g_ptr_array_index (f->received, 0)), ==,
                   "Calling you back…");

  call = g_ptr_array_index (f->incoming, 0);
  g_assert_true (sd_phone_get_ringing_call (f->phone) == call);
  g_assert_true (sd_phone_get_current_call (f->phone) == call);
  g_assert_cmpstr (sd_phone_get_call_peer_uri (f->phone, call), ==, SD_ECHO_PEER_ADDRESS);
  g_assert_cmpint (state_of (call), ==, SIP_CONTEXT_STATE_PROCEEDING);

  g_assert_true (sd_phone_answer (f->phone, NULL, &error));
  g_assert_no_error (error);
  sip_test_wait_until (state_of (call) == SIP_CONTEXT_STATE_ESTABLISHED, WAIT);
  g_assert_null (sd_phone_get_ringing_call (f->phone));

  g_assert_true (sd_phone_send_dtmf (f->phone, call, "5", &error));
  sip_test_wait_until (g_strcmp0 (echoed_tones (f), "5") == 0, WAIT);
  g_assert_cmpuint (f->received->len, ==, 2);

  g_assert_true (sd_phone_hangup (f->phone, call, &error));
  sip_test_wait_until (f->ended->len == 1, WAIT);
  entry = g_ptr_array_index (f->ended, 0);
  g_assert_cmpint (sd_history_entry_get_direction (entry), ==, SD_CALL_DIRECTION_INCOMING);
  g_assert_cmpint (sd_history_entry_get_outcome (entry), ==, SD_CALL_OUTCOME_ANSWERED);
  g_assert_cmpstr (sd_history_entry_get_peer_uri (entry), ==, SD_ECHO_PEER_ADDRESS);

  /* Once more, declined. */
  g_assert_nonnull (sd_phone_send_message (f->phone, "echo", "call me", &error));
  sip_test_wait_until (f->incoming->len == 2, WAIT);
  call = g_ptr_array_index (f->incoming, 1);
  g_assert_true (sd_phone_decline (f->phone, NULL, &error));
  g_assert_no_error (error);
  sip_test_wait_until (f->ended->len == 2, WAIT);
  g_assert_cmpint (state_of (call), ==, SIP_CONTEXT_STATE_TERMINATED);
  g_assert_cmpuint (sip_response_get_status_code (sip_context_get_response (SIP_CONTEXT (call))), ==, 603);
  entry = g_ptr_array_index (f->ended, 1);
  g_assert_cmpint (sd_history_entry_get_direction (entry), ==, SD_CALL_DIRECTION_INCOMING);
  g_assert_cmpint (sd_history_entry_get_outcome (entry), ==, SD_CALL_OUTCOME_DECLINED);
  g_assert_null (sd_history_entry_get_reason (entry));

  g_assert_cmpuint (f->errors->len, ==, 0);
}

static void
reject_invite_cb (SipUserAgent           *ua,
                  SipInviteServerContext *call,
                  gpointer                user_data)
{
  g_autoptr(SipReplyOptions) options = sip_reply_options_new (GPOINTER_TO_UINT (user_data));

  sip_server_context_reject (SIP_SERVER_CONTEXT (call), options, NULL);
}

static void
ring_invite_cb (SipUserAgent           *ua,
                SipInviteServerContext *call,
                gpointer                user_data)
{
  sip_server_context_progress (SIP_SERVER_CONTEXT (call), NULL, NULL);
  /* The user agent keeps it until the caller cancels. */
}

static void
test_phone_failures (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SipUserAgent) busy = sip_test_user_agent_new ("busy");
  g_autoptr(SipUserAgent) gone = sip_test_user_agent_new ("gone");
  g_autoptr(SipUserAgent) ringer = sip_test_user_agent_new ("ringer");
  g_autofree char *busy_uri = sip_test_user_agent_uri (busy, "busy");
  g_autofree char *gone_uri = sip_test_user_agent_uri (gone, "gone");
  g_autofree char *ringer_uri = sip_test_user_agent_uri (ringer, "ringer");
  SipInviteContext *call;
  SdHistoryEntry *entry;

  g_signal_connect (busy, "invite", G_CALLBACK (reject_invite_cb), GUINT_TO_POINTER (486));
  g_signal_connect (gone, "invite", G_CALLBACK (reject_invite_cb), GUINT_TO_POINTER (404));
  g_signal_connect (ringer, "invite", G_CALLBACK (ring_invite_cb), NULL);

  g_assert_nonnull (sd_phone_call (f->phone, busy_uri, &error));
  g_assert_no_error (error);
  sip_test_wait_until (f->ended->len == 1, WAIT);
  entry = g_ptr_array_index (f->ended, 0);
  g_assert_cmpint (sd_history_entry_get_outcome (entry), ==, SD_CALL_OUTCOME_DECLINED);
  g_assert_cmpstr (sd_history_entry_get_reason (entry), ==, "486 Busy Here");
  g_assert_cmpuint (n_errors_containing (f, "declined the call: 486 Busy Here"), ==, 1);

  g_assert_nonnull (sd_phone_call (f->phone, gone_uri, &error));
  sip_test_wait_until (f->ended->len == 2, WAIT);
  entry = g_ptr_array_index (f->ended, 1);
  g_assert_cmpint (sd_history_entry_get_outcome (entry), ==, SD_CALL_OUTCOME_FAILED);
  g_assert_cmpstr (sd_history_entry_get_reason (entry), ==, "404 Not Found");
  g_assert_cmpuint (n_errors_containing (f, "The call to gone@127.0.0.1"), ==, 1);
  g_assert_cmpuint (n_errors_containing (f, "failed: 404 Not Found"), ==, 1);

  /* Given up before an answer: canceled, not an error. */
  call = sd_phone_call (f->phone, ringer_uri, &error);
  sip_test_wait_until (state_of (call) == SIP_CONTEXT_STATE_PROCEEDING, WAIT);
  g_assert_true (sd_phone_hangup (f->phone, call, &error));
  g_assert_no_error (error);
  sip_test_wait_until (f->ended->len == 3, WAIT);
  entry = g_ptr_array_index (f->ended, 2);
  g_assert_cmpint (sd_history_entry_get_outcome (entry), ==, SD_CALL_OUTCOME_CANCELED);
  g_assert_cmpuint (f->errors->len, ==, 2);

  /* Nothing is placed for an address that is not one. */
  g_assert_null (sd_phone_call (f->phone, "bob", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpuint (sd_phone_get_n_calls (f->phone), ==, 0);

  /* The contacts are the echo peer, then the peers, newest first. */
  {
    GListModel *contacts = sd_phone_get_contacts (f->phone);
    g_autoptr(SdContact) first = NULL;
    g_autoptr(SdContact) second = NULL;

    g_assert_cmpuint (g_list_model_get_n_items (contacts), ==, 4);
    first = g_list_model_get_item (contacts, 0);
    second = g_list_model_get_item (contacts, 1);
    g_assert_cmpstr (sd_contact_get_uri (first), ==, SD_ECHO_PEER_ADDRESS);
    g_assert_cmpstr (sd_contact_get_uri (second), ==, ringer_uri);
  }

  sip_test_user_agent_finish (g_steal_pointer (&busy));
  sip_test_user_agent_finish (g_steal_pointer (&gone));
  sip_test_user_agent_finish (g_steal_pointer (&ringer));
}

static void
accept_invite_cb (SipUserAgent           *ua,
                  SipInviteServerContext *call,
                  gpointer                user_data)
{
  SipInviteContext **out = user_data;

  g_set_object (out, SIP_INVITE_CONTEXT (call));
  sip_server_context_accept (SIP_SERVER_CONTEXT (call), NULL, NULL);
}

static void
test_phone_transfer (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SipUserAgent) bob = sip_test_user_agent_new ("bob");
  g_autofree char *bob_uri = sip_test_user_agent_uri (bob, "bob");
  g_autoptr(SipInviteContext) bob_call = NULL;
  SipInviteContext *call;
  SdHistoryEntry *entry;

  g_signal_connect (bob, "invite", G_CALLBACK (accept_invite_cb), &bob_call);

  call = sd_phone_call (f->phone, "echo", &error);
  g_assert_no_error (error);
  sip_test_wait_until (state_of (call) == SIP_CONTEXT_STATE_ESTABLISHED, WAIT);

  /* Blind transfer: the echo peer calls Bob, and our call ends. */
  g_assert_true (sd_phone_transfer (f->phone, NULL, bob_uri, &error));
  g_assert_no_error (error);
  sip_test_wait_until (f->ended->len == 1, WAIT);
  g_assert_nonnull (bob_call);
  sip_test_wait_until (state_of (bob_call) == SIP_CONTEXT_STATE_ESTABLISHED, WAIT);
  g_assert_cmpstr (sip_name_addr_get_user (sip_context_get_remote_identity (SIP_CONTEXT (bob_call))),
                   ==, "echo");
  entry = g_ptr_array_index (f->ended, 0);
  g_assert_cmpint (sd_history_entry_get_outcome (entry), ==, SD_CALL_OUTCOME_ANSWERED);
  g_assert_cmpuint (f->errors->len, ==, 0);

  g_assert_true (sip_invite_context_bye (bob_call, NULL, &error));
  sip_test_wait_until (state_of (bob_call) == SIP_CONTEXT_STATE_TERMINATED, WAIT);
  g_clear_object (&bob_call);
  sip_test_user_agent_finish (g_steal_pointer (&bob));
}

/* The text of the last message received. */
static const char *
last_received (Fixture *f)
{
  g_assert_cmpuint (f->received->len, >, 0);
  return sd_chat_message_get_text (g_ptr_array_index (f->received, f->received->len - 1));
}

/* Writes TEXT to the echo peer, and waits for its reply. */
static const char *
tell_echo (Fixture    *f,
           const char *text)
{
  g_autoptr(GError) error = NULL;
  guint received = f->received->len;

  g_assert_nonnull (sd_phone_send_message (f->phone, "echo", text, &error));
  g_assert_no_error (error);
  sip_test_wait_until (f->received->len > received, WAIT);

  return last_received (f);
}

/* “transfer me” in CALL, established with the echo peer: the echo peer
 * asks for a transfer to itself, the phone follows it with a new call,
 * current at once, and the echo peer hangs up CALL once the new call is
 * answered. Returns the new call. */
static SipInviteContext *
assert_transferred_by_echo (Fixture          *f,
                            SipInviteContext *call)
{
  const char *route = sd_echo_peer_get_route_uri (sd_phone_get_echo_peer (f->phone));
  guint notices = f->notices->len;
  guint ended = f->ended->len;
  SipInviteContext *transferred;
  SdHistoryEntry *entry;

  g_assert_cmpstr (tell_echo (f, "Transfer me, please"), ==, "Transferring you to me, on a new call…");
  sip_test_wait_until (f->notices->len > notices, WAIT);
  g_assert_cmpuint (f->notices->len, ==, notices + 1);
  g_assert_cmpstr (g_ptr_array_index (f->notices, notices), ==, "Transferred to Echo by Echo");

  transferred = sd_phone_get_current_call (f->phone);
  g_assert_nonnull (transferred);
  g_assert_true (transferred != call);
  g_assert_true (sip_invite_context_is_outgoing (transferred));
  g_assert_cmpstr (sip_name_addr_get_uri (sip_context_get_remote_identity (SIP_CONTEXT (transferred))),
                   ==, route);
  g_assert_cmpstr (sd_phone_get_call_peer_uri (f->phone, transferred), ==, SD_ECHO_PEER_ADDRESS);
  g_assert_nonnull (sd_phone_get_call_id (f->phone, transferred));

  /* The old call ends from the far end (BYE), and only once the new one
   * is up. */
  sip_test_wait_until (f->ended->len > ended, WAIT);
  g_assert_cmpuint (f->ended->len, ==, ended + 1);
  g_assert_cmpint (state_of (call), ==, SIP_CONTEXT_STATE_TERMINATED);
  g_assert_cmpint (sip_context_get_cause (SIP_CONTEXT (call)), ==, SIP_CAUSE_BYE);
  g_assert_cmpint (state_of (transferred), ==, SIP_CONTEXT_STATE_ESTABLISHED);
  g_assert_true (sd_phone_get_current_call (f->phone) == transferred);
  g_assert_false (sip_invite_context_get_local_hold (transferred));
  g_assert_cmpuint (sd_phone_get_n_calls (f->phone), ==, 1);

  entry = g_ptr_array_index (f->ended, ended);
  g_assert_cmpstr (sd_history_entry_get_peer_uri (entry), ==, SD_ECHO_PEER_ADDRESS);
  g_assert_cmpint (sd_history_entry_get_direction (entry), ==, SD_CALL_DIRECTION_OUTGOING);
  g_assert_cmpint (sd_history_entry_get_outcome (entry), ==, SD_CALL_OUTCOME_ANSWERED);

  return transferred;
}

static void
test_phone_transferred (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) calls = NULL;
  g_autoptr(SipInviteContext) listed = NULL;
  SipInviteContext *call, *first, *second;
  SdHistory *history = sd_phone_get_history (f->phone);

  /* Without a call there is nothing to transfer: the echo peer says so. */
  g_assert_true (g_str_has_prefix (tell_echo (f, "transfer me"), "There is no call to transfer"));
  g_assert_cmpuint (sd_phone_get_n_calls (f->phone), ==, 0);

  call = sd_phone_call (f->phone, "echo", &error);
  g_assert_no_error (error);
  sip_test_wait_until (state_of (call) == SIP_CONTEXT_STATE_ESTABLISHED, WAIT);
  g_object_ref (call);

  first = assert_transferred_by_echo (f, call);
  g_object_unref (call);
  /* Listed where the UI lists calls: the local line's calls. */
  calls = g_list_model_get_item (sd_phone_get_call_lists (f->phone), 0);
  g_assert_cmpuint (g_list_model_get_n_items (calls), ==, 1);
  listed = g_list_model_get_item (calls, 0);
  g_assert_true (listed == first);

  /* On hold when the peer asks: the transfer goes on, the new call is
   * not on hold, and the held one is hung up as before. */
  g_object_ref (first);
  g_assert_true (sd_phone_hold (f->phone, first, TRUE, &error));
  g_assert_no_error (error);
  sip_test_wait_until (sip_invite_context_get_local_hold (first), WAIT);
  second = assert_transferred_by_echo (f, first);
  g_object_unref (first);

  /* Every call is in the history: the two transferred ones and the last. */
  g_assert_true (sd_phone_hangup (f->phone, second, &error));
  g_assert_no_error (error);
  sip_test_wait_until (f->ended->len == 3, WAIT);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(SdHistoryEntry) entry = g_list_model_get_item (G_LIST_MODEL (history), i);

      g_assert_cmpstr (sd_history_entry_get_peer_uri (entry), ==, SD_ECHO_PEER_ADDRESS);
      g_assert_cmpint (sd_history_entry_get_outcome (entry), ==, SD_CALL_OUTCOME_ANSWERED);
    }
  g_assert_null (sd_phone_get_current_call (f->phone));
  g_assert_cmpuint (f->errors->len, ==, 0);
}

/* CALLER calls the phone, which answers. */
static SipInviteContext *
call_from (Fixture      *f,
           SipUserAgent *caller)
{
  g_autoptr(SipInviteClientContext) call = NULL;
  g_autoptr(GError) error = NULL;
  SipUserAgent *local = sd_line_get_user_agent (sd_phone_get_local_line (f->phone));
  guint incoming = f->incoming->len;

  call = sip_user_agent_invite (caller, sip_user_agent_get_contact_uri (local), NULL, &error);
  g_assert_no_error (error);
  sip_test_wait_until (f->incoming->len > incoming, WAIT);
  g_assert_true (sd_phone_answer (f->phone, g_ptr_array_index (f->incoming, incoming), &error));
  g_assert_no_error (error);
  sip_test_wait_until (state_of (SIP_INVITE_CONTEXT (call)) == SIP_CONTEXT_STATE_ESTABLISHED, WAIT);

  return SIP_INVITE_CONTEXT (g_steal_pointer (&call));
}

static void
note_transfer_finished_cb (SipInviteContext *call,
                           guint             status_code,
                           const char       *reason_phrase,
                           guint            *status)
{
  *status = status_code;
}

static void
test_phone_transferred_failing (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SipUserAgent) carol = sip_test_user_agent_new ("carol");
  g_autoptr(SipUserAgent) gone = sip_test_user_agent_new ("gone");
  g_autofree char *gone_uri = sip_test_user_agent_uri (gone, "gone");
  g_autoptr(SipInviteContext) carol_call = NULL;
  SipInviteContext *ours;
  SdHistoryEntry *entry;
  guint status = 0;

  g_signal_connect (gone, "invite", G_CALLBACK (reject_invite_cb), GUINT_TO_POINTER (404));

  carol_call = call_from (f, carol);
  ours = g_ptr_array_index (f->incoming, 0);
  g_assert_true (sd_phone_get_current_call (f->phone) == ours);

  /* Carol transfers us to someone who is not there: the phone tries,
   * the new call fails, Carol learns it and we are still with her. */
  g_signal_connect (carol_call, "transfer-finished", G_CALLBACK (note_transfer_finished_cb), &status);
  g_assert_true (sip_invite_context_refer (carol_call, gone_uri, NULL, &error));
  g_assert_no_error (error);
  sip_test_wait_until (status != 0, WAIT);
  /* Carol hears the new call's own failure. */
  g_assert_cmpuint (status, ==, 404);
  sip_test_wait_until (f->ended->len == 1, WAIT);

  g_assert_cmpuint (f->notices->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (f->notices, 0), "Transferred to gone@127.0.0.1:"));
  g_assert_true (g_str_has_suffix (g_ptr_array_index (f->notices, 0), " by carol@127.0.0.1"));
  entry = g_ptr_array_index (f->ended, 0);
  g_assert_cmpstr (sd_history_entry_get_peer_uri (entry), ==, gone_uri);
  g_assert_cmpint (sd_history_entry_get_direction (entry), ==, SD_CALL_DIRECTION_OUTGOING);
  g_assert_cmpint (sd_history_entry_get_outcome (entry), ==, SD_CALL_OUTCOME_FAILED);
  g_assert_cmpuint (f->errors->len, ==, 1);
  g_assert_cmpuint (n_errors_containing (f, "failed: 404 Not Found"), ==, 1);

  g_assert_cmpint (state_of (ours), ==, SIP_CONTEXT_STATE_ESTABLISHED);
  g_assert_true (sd_phone_get_current_call (f->phone) == ours);
  g_assert_cmpuint (sd_phone_get_n_calls (f->phone), ==, 1);

  g_assert_true (sip_invite_context_bye (carol_call, NULL, &error));
  sip_test_wait_until (f->ended->len == 2, WAIT);
  entry = g_ptr_array_index (f->ended, 1);
  g_assert_cmpint (sd_history_entry_get_direction (entry), ==, SD_CALL_DIRECTION_INCOMING);
  g_assert_cmpint (sd_history_entry_get_outcome (entry), ==, SD_CALL_OUTCOME_ANSWERED);

  g_clear_object (&carol_call);
  sip_test_user_agent_finish (g_steal_pointer (&carol));
  sip_test_user_agent_finish (g_steal_pointer (&gone));
}

/* SIPp sends a REFER to a tel: URI, which the phone cannot call: it
 * answers 400 (the scenario checks it), says why, and the call goes on
 * until SIPp hangs up. */
static void
test_phone_transferred_bad_target (Fixture       *f,
                                   gconstpointer  data)
{
  SipUserAgent *local = sd_line_get_user_agent (sd_phone_get_local_line (f->phone));
  const char *contact = sip_user_agent_get_contact_uri (local);
  g_autofree char *remote = NULL;
  g_autoptr(Sipp) sipp = NULL;
  g_autoptr(GError) error = NULL;
  SdHistoryEntry *entry;
  char *semicolon;

  if (!have_sipp ())
    return;

  g_assert_true (g_str_has_prefix (contact, "sip:"));
  remote = g_strdup (contact + strlen ("sip:"));
  if ((semicolon = strchr (remote, ';')) != NULL)
    *semicolon = '\0';

  sipp = sipp_start ("uac-call-refer-tel.xml", 1, remote, "demo");
  sipp_wait_until (sipp, f->incoming->len == 1);
  g_assert_true (sd_phone_answer (f->phone, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sipp_wait (sipp), ==, 0);
  sip_test_wait_until (f->ended->len == 1, WAIT);

  g_assert_cmpuint (f->notices->len, ==, 0);
  g_assert_cmpuint (f->errors->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (f->errors, 0),
                                   "SIPp asked to transfer the call, which failed: "));
  g_assert_nonnull (strstr (g_ptr_array_index (f->errors, 0), "tel:+4930123456"));
  entry = g_ptr_array_index (f->ended, 0);
  g_assert_cmpint (sd_history_entry_get_outcome (entry), ==, SD_CALL_OUTCOME_ANSWERED);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sd_phone_get_history (f->phone))), ==, 1);
}

/* A call that rings until the caller gives up is missed: so says the
 * history, without an error. */
static void
test_phone_missed (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(SipUserAgent) carol = sip_test_user_agent_new ("carol");
  g_autoptr(SipInviteClientContext) call = NULL;
  g_autoptr(GError) error = NULL;
  SipUserAgent *local = sd_line_get_user_agent (sd_phone_get_local_line (f->phone));
  SipInviteContext *ours;
  SdHistoryEntry *entry;

  sip_user_agent_set_display_name (carol, "Carol");
  call = sip_user_agent_invite (carol, sip_user_agent_get_contact_uri (local), NULL, &error);
  g_assert_no_error (error);
  sip_test_wait_until (f->incoming->len == 1, WAIT);
  ours = g_ptr_array_index (f->incoming, 0);
  sip_test_wait_until (state_of (SIP_INVITE_CONTEXT (call)) == SIP_CONTEXT_STATE_PROCEEDING, WAIT);
  g_assert_true (sd_phone_get_ringing_call (f->phone) == ours);

  g_assert_true (sip_invite_context_terminate (SIP_INVITE_CONTEXT (call), &error));
  g_assert_no_error (error);
  sip_test_wait_until (f->ended->len == 1, WAIT);
  g_assert_cmpint (sip_context_get_cause (SIP_CONTEXT (ours)), ==, SIP_CAUSE_CANCELED);
  entry = g_ptr_array_index (f->ended, 0);
  g_assert_cmpint (sd_history_entry_get_direction (entry), ==, SD_CALL_DIRECTION_INCOMING);
  g_assert_cmpint (sd_history_entry_get_outcome (entry), ==, SD_CALL_OUTCOME_MISSED);
  g_assert_cmpstr (sd_history_entry_get_peer_name (entry), ==, "Carol");
  g_assert_null (sd_phone_get_ringing_call (f->phone));
  g_assert_null (sd_phone_get_current_call (f->phone));
  g_assert_cmpuint (f->errors->len, ==, 0);

  sip_test_wait_until (sip_context_is_terminated (SIP_CONTEXT (call)), WAIT);
  g_clear_object (&call);
  sip_test_user_agent_finish (g_steal_pointer (&carol));
}

static void
registered_count_cb (SipRegistration *registration,
                     SipResponse     *response,
                     guint           *count)
{
  (*count)++;
}

static void
test_phone_account (Fixture       *f,
                    gconstpointer  data)
{
  const char *sipp_args[] = { "-set", "authuser", "alice", "-set", "authpass", "pa ss:wörd", NULL };
  g_autoptr(Sipp) sipp = NULL;
  g_autoptr(SdAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *registrar = NULL;
  g_autofree char *status = NULL;
  SdLine *line;
  guint registered = 0;

  if (!have_sipp ())
    return;

  sipp = sipp_start_full ("uas-register.xml", 1, NULL, NULL, sipp_args);
  registrar = g_strdup_printf ("127.0.0.1:%u", sipp->port);
  sipp_wait_listening (sipp);

  account = sd_account_store_create_account (sd_phone_get_accounts (f->phone));
  sd_account_set_address (account, "sip:alice@sipctx.test");
  sd_account_set_display_name (account, "Alice");
  sd_account_set_registrar (account, registrar);
  g_assert_true (sd_phone_save_account (f->phone, account, "pa ss:wörd", &error));
  g_assert_no_error (error);
  sd_account_store_set_default (sd_phone_get_accounts (f->phone), account);

  line = sd_phone_get_line_for_account (f->phone, account);
  g_assert_nonnull (line);
  g_assert_true (sd_phone_get_outgoing_line (f->phone) == line);
  g_assert_cmpuint (g_list_model_get_n_items (sd_phone_get_lines (f->phone)), ==, 2);

  /* The password came from the secret store: the registrar accepts. */
  sipp_wait_until (sipp, sd_line_get_state (line) == SD_LINE_STATE_REGISTERED);
  status = sd_line_dup_status (line);
  g_assert_cmpstr (status, ==, "Registered");
  g_assert_nonnull (sd_line_get_registration (line));
  g_signal_connect (sd_line_get_registration (line), "registered",
                    G_CALLBACK (registered_count_cb), &registered);
  /* Refreshed before its 2 s run out. */
  sipp_wait_until (sipp, registered >= 1);
  g_assert_cmpint (sd_line_get_state (line), ==, SD_LINE_STATE_REGISTERED);
  g_signal_handlers_disconnect_by_data (sd_line_get_registration (line), &registered);

  /* A bare number is completed with the account's domain. */
  {
    g_autofree char *target = sd_phone_normalize_target (f->phone, "1234", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (target, ==, "sip:1234@sipctx.test");
  }

  /* Stopping unregisters: sipp's scenario ends with that, successfully. */
  sd_phone_shutdown_async (f->phone, NULL, result_cb, &result);
  sipp_wait_until (sipp, result != NULL);
  g_assert_cmpint (sipp_wait (sipp), ==, 0);
  g_assert_cmpuint (f->errors->len, ==, 0);
}

static void
test_phone_account_errors (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(SipUserAgent) plain = sip_test_user_agent_new ("plain");
  g_autoptr(SdAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *registrar = NULL;
  SdLine *line;

  /* Not an account. */
  account = sd_account_store_create_account (sd_phone_get_accounts (f->phone));
  sd_account_set_address (account, "alice");
  g_assert_false (sd_phone_save_account (f->phone, account, "secret", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (sd_phone_get_lines (f->phone)), ==, 1);

  /* A registrar that refuses REGISTER: the line says why. */
  registrar = g_strdup (sip_user_agent_get_contact_uri (plain));
  sd_account_set_address (account, "sip:alice@sipctx.test");
  sd_account_set_registrar (account, registrar);
  g_assert_true (sd_phone_save_account (f->phone, account, NULL, &error));
  g_assert_no_error (error);
  line = sd_phone_get_line_for_account (f->phone, account);
  sip_test_wait_until (sd_line_get_state (line) == SD_LINE_STATE_FAILED, WAIT);
  g_assert_nonnull (sd_line_get_error (line));
  {
    g_autofree char *status = sd_line_dup_status (line);

    g_assert_true (g_str_has_prefix (status, "Failed: "));
  }

  /* Disabled: offline, and a removed account's line goes away. */
  sd_account_set_enabled (account, FALSE);
  g_assert_true (sd_phone_save_account (f->phone, account, NULL, &error));
  sip_test_wait_until (sd_line_get_state (line) == SD_LINE_STATE_OFFLINE, WAIT);
  {
    g_autofree char *status = sd_line_dup_status (line);

    g_assert_cmpstr (status, ==, "Disabled");
  }
  sd_phone_remove_account (f->phone, account);
  g_assert_cmpuint (g_list_model_get_n_items (sd_phone_get_lines (f->phone)), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sd_phone_get_accounts (f->phone))), ==, 0);

  sip_test_user_agent_finish (g_steal_pointer (&plain));
}

static void
test_reply_target (void)
{
  g_autoptr(SipUserAgent) a = sip_test_user_agent_new ("a");
  g_autoptr(SipUserAgent) b = sip_test_user_agent_new ("b");
  g_autoptr(SipMessageServerContext) received = NULL;
  g_autoptr(SipMessageClientContext) sent = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *target = sip_test_user_agent_uri (b, "b");
  g_autofree char *reply_to = NULL;
  g_autofree char *expected = NULL;

  g_signal_connect_swapped (b, "message", G_CALLBACK (g_set_object), &received);
  sent = sip_user_agent_message (a, target, "x", "text/plain", NULL, &error);
  g_assert_no_error (error);
  sip_test_wait_until (received != NULL, WAIT);

  /* A MESSAGE has no Contact: back to its Via, with the From's user. */
  g_assert_null (sip_message_get_header (SIP_MESSAGE (sip_context_get_request (SIP_CONTEXT (received))),
                                         "Contact"));
  reply_to = sd_reply_target_for_request (sip_context_get_request (SIP_CONTEXT (received)));
  expected = sip_test_user_agent_uri (a, "a");
  g_assert_cmpstr (reply_to, ==, expected);

  sip_server_context_accept (SIP_SERVER_CONTEXT (received), NULL, NULL);
  sip_test_wait_until (sip_context_is_terminated (SIP_CONTEXT (sent)), WAIT);
  g_clear_object (&received);
  g_clear_object (&sent);
  sip_test_user_agent_finish (g_steal_pointer (&a));
  sip_test_user_agent_finish (g_steal_pointer (&b));
}

int
main (int   argc,
      char *argv[])
{
  sip_test_init (&argc, &argv);

  g_test_add_func ("/demo/account/validate", test_account_validate);
  g_test_add_func ("/demo/account/normalize", test_account_normalize);
  g_test_add_func ("/demo/account/store", test_account_store);
  g_test_add_func ("/demo/secret/memory", test_secret_memory);
  g_test_add_func ("/demo/secret/libsecret", test_secret_libsecret);
  g_test_add_func ("/demo/history/store", test_history);
  g_test_add_func ("/demo/history/damaged", test_history_damaged);
  g_test_add_func ("/demo/echo/reply-target", test_reply_target);
  g_test_add ("/demo/phone/echo-call", Fixture, NULL, fixture_set_up, test_phone_echo_call, fixture_tear_down);
  g_test_add ("/demo/phone/echo-messages", Fixture, NULL, fixture_set_up, test_phone_echo_messages, fixture_tear_down);
  g_test_add ("/demo/phone/call-back", Fixture, NULL, fixture_set_up, test_phone_call_back, fixture_tear_down);
  g_test_add ("/demo/phone/failures", Fixture, NULL, fixture_set_up, test_phone_failures, fixture_tear_down);
  g_test_add ("/demo/phone/transfer", Fixture, NULL, fixture_set_up, test_phone_transfer, fixture_tear_down);
  g_test_add ("/demo/phone/transferred", Fixture, NULL, fixture_set_up, test_phone_transferred, fixture_tear_down);
  g_test_add ("/demo/phone/transferred-failing", Fixture, NULL, fixture_set_up, test_phone_transferred_failing, fixture_tear_down);
  g_test_add ("/demo/phone/transferred-bad-target", Fixture, NULL, fixture_set_up, test_phone_transferred_bad_target, fixture_tear_down);
  g_test_add ("/demo/phone/missed", Fixture, NULL, fixture_set_up, test_phone_missed, fixture_tear_down);
  g_test_add ("/demo/phone/account", Fixture, NULL, fixture_set_up, test_phone_account, fixture_tear_down);
  g_test_add ("/demo/phone/account-errors", Fixture, NULL, fixture_set_up, test_phone_account_errors, fixture_tear_down);

  return g_test_run ();
}
