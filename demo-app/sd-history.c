/* sd-history.c: the call history of the demo softphone, and its contacts
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <string.h>

#include "sd-history.h"

/* The file format: a GVariant in text form, versioned. */
#define HISTORY_VERSION 1
#define HISTORY_TYPE "(ua(ssuuxus))"
#define ENTRY_TYPE "(ssuuxus)"

/* SdHistoryEntry: one finished call. Immutable. */

struct _SdHistoryEntry
{
  GObject          parent_instance;

  char            *peer_uri;
  char            *peer_name;
  SdCallDirection  direction;
  SdCallOutcome    outcome;
  GDateTime       *start_time;
  guint            duration;
  char            *reason;
};

G_DEFINE_FINAL_TYPE (SdHistoryEntry, sd_history_entry, G_TYPE_OBJECT)

static void
sd_history_entry_finalize (GObject *object)
{
  SdHistoryEntry *self = SD_HISTORY_ENTRY (object);

  g_clear_pointer (&self->peer_uri, g_free);
  g_clear_pointer (&self->peer_name, g_free);
  g_clear_pointer (&self->start_time, g_date_time_unref);
  g_clear_pointer (&self->reason, g_free);

  G_OBJECT_CLASS (sd_history_entry_parent_class)->finalize (object);
}

static void
sd_history_entry_class_init (SdHistoryEntryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sd_history_entry_finalize;
}

static void
sd_history_entry_init (SdHistoryEntry *self)
{
}

/**
 * sd_history_entry_new:
 * @peer_uri: the peer's SIP URI
 * @peer_name: (nullable): the peer's display name
 * @direction: who placed the call
 * @outcome: how it ended
 * @start_time: when it was placed or received
 * @duration: how long it was established, in seconds
 * @reason: (nullable): why it failed or was declined, as shown to a person
 *
 * Returns: (transfer full): a history entry
 */
SdHistoryEntry *
sd_history_entry_new (const char      *peer_uri,
                      const char      *peer_name,
                      SdCallDirection  direction,
                      SdCallOutcome    outcome,
                      GDateTime       *start_time,
                      guint            duration,
                      const char      *reason)
{
  SdHistoryEntry *self;

  g_return_val_if_fail (peer_uri != NULL && *peer_uri != '\0', NULL);
  g_return_val_if_fail (direction <= SD_CALL_DIRECTION_INCOMING, NULL);
  g_return_val_if_fail (outcome <= SD_CALL_OUTCOME_FAILED, NULL);
  g_return_val_if_fail (start_time != NULL, NULL);

  self = g_object_new (SD_TYPE_HISTORY_ENTRY, NULL);
  self->peer_uri = g_strdup (peer_uri);
  self->peer_name = g_strdup (peer_name != NULL && *peer_name != '\0' ? peer_name : NULL);
  self->direction = direction;
  self->outcome = outcome;
  self->start_time = g_date_time_ref (start_time);
  self->duration = duration;
  self->reason = g_strdup (reason != NULL && *reason != '\0' ? reason : NULL);

  return self;
}

const char *
sd_history_entry_get_peer_uri (SdHistoryEntry *self)
{
  g_return_val_if_fail (SD_IS_HISTORY_ENTRY (self), NULL);
  return self->peer_uri;
}

const char *
sd_history_entry_get_peer_name (SdHistoryEntry *self)
{
  g_return_val_if_fail (SD_IS_HISTORY_ENTRY (self), NULL);
  return self->peer_name;
}

SdCallDirection
sd_history_entry_get_direction (SdHistoryEntry *self)
{
  g_return_val_if_fail (SD_IS_HISTORY_ENTRY (self), 0);
  return self->direction;
}

SdCallOutcome
sd_history_entry_get_outcome (SdHistoryEntry *self)
{
  g_return_val_if_fail (SD_IS_HISTORY_ENTRY (self), 0);
  return self->outcome;
}

GDateTime *
sd_history_entry_get_start_time (SdHistoryEntry *self)
{
  g_return_val_if_fail (SD_IS_HISTORY_ENTRY (self), NULL);
  return self->start_time;
}

guint
sd_history_entry_get_duration (SdHistoryEntry *self)
{
  g_return_val_if_fail (SD_IS_HISTORY_ENTRY (self), 0);
  return self->duration;
}

const char *
sd_history_entry_get_reason (SdHistoryEntry *self)
{
  g_return_val_if_fail (SD_IS_HISTORY_ENTRY (self), NULL);
  return self->reason;
}

/**
 * sd_uri_display:
 * @uri: a SIP URI
 *
 * Returns: (transfer full): @uri as a person reads it: without the
 *   `sip:` scheme and without parameters
 */
char *
sd_uri_display (const char *uri)
{
  const char *start = uri;
  const char *end;

  g_return_val_if_fail (uri != NULL, NULL);

  if (g_str_has_prefix (start, "sip:"))
    start += strlen ("sip:");
  else if (g_str_has_prefix (start, "sips:"))
    start += strlen ("sips:");

  end = strpbrk (start, ";?>");
  return end != NULL ? g_strndup (start, end - start) : g_strdup (start);
}

/**
 * sd_format_duration:
 * @seconds: a duration
 *
 * Returns: (transfer full): @seconds as `m:ss`, or `h:mm:ss` from an hour
 */
char *
sd_format_duration (guint seconds)
{
  if (seconds >= 3600)
    return g_strdup_printf ("%u:%02u:%02u", seconds / 3600, (seconds / 60) % 60, seconds % 60);

  return g_strdup_printf ("%u:%02u", seconds / 60, seconds % 60);
}

/**
 * sd_history_entry_dup_title:
 * @self: an entry
 *
 * Returns: (transfer full): the peer's name, or its address
 */
char *
sd_history_entry_dup_title (SdHistoryEntry *self)
{
  g_return_val_if_fail (SD_IS_HISTORY_ENTRY (self), NULL);

  if (self->peer_name != NULL)
    return g_strdup (self->peer_name);

  return sd_uri_display (self->peer_uri);
}

static char *
format_when (GDateTime *time,
             GDateTime *now)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);
  g_autoptr(GDateTime) local_now = g_date_time_to_local (now);
  int days;

  days = g_date_time_get_day_of_year (local_now) - g_date_time_get_day_of_year (local);
  if (g_date_time_get_year (local_now) != g_date_time_get_year (local))
    days = 365;

  if (days == 0)
    /* Translators: a time of today, in the format of g_date_time_format() */
    return g_date_time_format (local, _("%H:%M"));
  if (days == 1)
    /* Translators: a time of yesterday, in the format of g_date_time_format() */
    return g_date_time_format (local, _("Yesterday %H:%M"));
  if (days > 1 && days < 7)
    /* Translators: a day of the last week and a time, in the format of g_date_time_format() */
    return g_date_time_format (local, _("%A %H:%M"));

  /* Translators: a date, in the format of g_date_time_format()
   * xgettext:no-c-format */
  return g_date_time_format (local, _("%x"));
}

/**
 * sd_history_entry_dup_summary:
 * @self: an entry
 * @now: the time to describe the entry's start from
 *
 * Returns: (transfer full): the entry in one line, such as
 *   “Outgoing · 14:05 · 0:42” or “Missed · Yesterday 09:12”
 */
char *
sd_history_entry_dup_summary (SdHistoryEntry *self,
                              GDateTime      *now)
{
  g_autofree char *when = NULL;
  g_autofree char *duration = NULL;
  const char *what;

  g_return_val_if_fail (SD_IS_HISTORY_ENTRY (self), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  when = format_when (self->start_time, now);

  switch (self->outcome)
    {
    case SD_CALL_OUTCOME_ANSWERED:
      what = self->direction == SD_CALL_DIRECTION_OUTGOING ? _("Outgoing") : _("Incoming");
      duration = sd_format_duration (self->duration);
      /* Translators: direction · time · duration, for example “Outgoing · 14:05 · 0:42” */
      return g_strdup_printf (_("%s · %s · %s"), what, when, duration);
    case SD_CALL_OUTCOME_MISSED:
      what = _("Missed");
      break;
    case SD_CALL_OUTCOME_DECLINED:
      what = self->direction == SD_CALL_DIRECTION_OUTGOING ? _("Declined by the peer") : _("Declined");
      break;
    case SD_CALL_OUTCOME_CANCELED:
      what = _("Canceled");
      break;
    case SD_CALL_OUTCOME_FAILED:
    default:
      what = _("Failed");
      break;
    }

  if (self->reason != NULL)
    /* Translators: outcome (reason) · time, for example “Failed (486 Busy Here) · 14:05” */
    return g_strdup_printf (_("%s (%s) · %s"), what, self->reason, when);

  /* Translators: outcome · time, for example “Missed · 14:05” */
  return g_strdup_printf (_("%s · %s"), what, when);
}

/* SdContact: a peer of the history. */

struct _SdContact
{
  GObject  parent_instance;

  char    *uri;
  char    *name;
  guint    n_calls;
};

G_DEFINE_FINAL_TYPE (SdContact, sd_contact, G_TYPE_OBJECT)

static void
sd_contact_finalize (GObject *object)
{
  SdContact *self = SD_CONTACT (object);

  g_clear_pointer (&self->uri, g_free);
  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (sd_contact_parent_class)->finalize (object);
}

static void
sd_contact_class_init (SdContactClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sd_contact_finalize;
}

static void
sd_contact_init (SdContact *self)
{
}

/**
 * sd_contact_new:
 * @uri: the contact's SIP URI
 * @name: (nullable): its display name
 *
 * Returns: (transfer full): a contact
 */
SdContact *
sd_contact_new (const char *uri,
                const char *name)
{
  SdContact *self;

  g_return_val_if_fail (uri != NULL, NULL);

  self = g_object_new (SD_TYPE_CONTACT, NULL);
  self->uri = g_strdup (uri);
  self->name = g_strdup (name != NULL && *name != '\0' ? name : NULL);

  return self;
}

const char *
sd_contact_get_uri (SdContact *self)
{
  g_return_val_if_fail (SD_IS_CONTACT (self), NULL);
  return self->uri;
}

const char *
sd_contact_get_name (SdContact *self)
{
  g_return_val_if_fail (SD_IS_CONTACT (self), NULL);
  return self->name;
}

/**
 * sd_contact_dup_title:
 * @self: a contact
 *
 * Returns: (transfer full): the contact's name, or its address
 */
char *
sd_contact_dup_title (SdContact *self)
{
  g_return_val_if_fail (SD_IS_CONTACT (self), NULL);

  if (self->name != NULL)
    return g_strdup (self->name);

  return sd_uri_display (self->uri);
}

/**
 * sd_contact_get_n_calls:
 * @self: a contact
 *
 * Returns: how many calls of the history were with this contact
 */
guint
sd_contact_get_n_calls (SdContact *self)
{
  g_return_val_if_fail (SD_IS_CONTACT (self), 0);
  return self->n_calls;
}

/* SdHistory */

/**
 * SdHistory:
 *
 * The finished calls, newest first, as a #GListModel of #SdHistoryEntry,
 * kept in a file (at most %SD_HISTORY_MAX_ENTRIES entries). Its peers,
 * most recent first and each once, are the contacts
 * (sd_history_get_contacts()).
 */
struct _SdHistory
{
  GObject     parent_instance;

  char       *path;
  GPtrArray  *entries;    /* SdHistoryEntry, newest first */
  GListStore *contacts;   /* SdContact */
};

static void history_list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SdHistory, sd_history, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, history_list_model_iface_init))

static GType
history_get_item_type (GListModel *model)
{
  return SD_TYPE_HISTORY_ENTRY;
}

static guint
history_get_n_items (GListModel *model)
{
  return SD_HISTORY (model)->entries->len;
}

static gpointer
history_get_item (GListModel *model,
                  guint       position)
{
  SdHistory *self = SD_HISTORY (model);

  if (position >= self->entries->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->entries, position));
}

static void
history_list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = history_get_item_type;
  iface->get_n_items = history_get_n_items;
  iface->get_item = history_get_item;
}

static void
sd_history_finalize (GObject *object)
{
  SdHistory *self = SD_HISTORY (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_object (&self->contacts);

  G_OBJECT_CLASS (sd_history_parent_class)->finalize (object);
}

static void
sd_history_class_init (SdHistoryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sd_history_finalize;
}

static void
sd_history_init (SdHistory *self)
{
  self->entries = g_ptr_array_new_with_free_func (g_object_unref);
  self->contacts = g_list_store_new (SD_TYPE_CONTACT);
}

/**
 * sd_history_new:
 * @path: the file the history is kept in
 *
 * Creates an empty history; sd_history_load() reads @path.
 *
 * Returns: (transfer full): a history
 */
SdHistory *
sd_history_new (const char *path)
{
  SdHistory *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (SD_TYPE_HISTORY, NULL);
  self->path = g_strdup (path);

  return self;
}

const char *
sd_history_get_path (SdHistory *self)
{
  g_return_val_if_fail (SD_IS_HISTORY (self), NULL);
  return self->path;
}

static void
rebuild_contacts (SdHistory *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) contacts = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->entries->len; i++)
    {
      SdHistoryEntry *entry = g_ptr_array_index (self->entries, i);
      SdContact *contact = g_hash_table_lookup (seen, entry->peer_uri);

      if (contact == NULL)
        {
          contact = sd_contact_new (entry->peer_uri, entry->peer_name);
          g_hash_table_insert (seen, contact->uri, contact);
          g_ptr_array_add (contacts, contact);
        }
      else if (contact->name == NULL && entry->peer_name != NULL)
        {
          contact->name = g_strdup (entry->peer_name);
        }

      contact->n_calls++;
    }

  g_list_store_splice (self->contacts, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->contacts)),
                       contacts->pdata, contacts->len);
}

static gboolean
save (SdHistory  *self,
      GError    **error)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a" ENTRY_TYPE));
  g_autoptr(GVariant) variant = NULL;
  g_autofree char *text = NULL;
  g_autofree char *dir = NULL;

  for (guint i = 0; i < self->entries->len; i++)
    {
      SdHistoryEntry *entry = g_ptr_array_index (self->entries, i);

      g_variant_builder_add (&builder, ENTRY_TYPE,
                             entry->peer_uri,
                             entry->peer_name ? entry->peer_name : "",
                             (guint32) entry->direction,
                             (guint32) entry->outcome,
                             (gint64) g_date_time_to_unix (entry->start_time),
                             (guint32) entry->duration,
                             entry->reason ? entry->reason : "");
    }

  variant = g_variant_ref_sink (g_variant_new ("(u@a" ENTRY_TYPE ")", HISTORY_VERSION,
                                               g_variant_builder_end (&builder)));
  text = g_variant_print (variant, TRUE);

  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not create the folder %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  if (!g_file_set_contents_full (self->path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT,
                                 0600, error))
    {
      g_prefix_error (error, _("Could not save the call history: "));
      return FALSE;
    }

  return TRUE;
}

/**
 * sd_history_load:
 * @self: a history
 * @error: return location for an error
 *
 * Replaces the entries with those of the history's file. A missing file
 * is an empty history; a file that cannot be read or parsed fails, and
 * the history stays empty. Entries with impossible values are skipped.
 *
 * Returns: %TRUE if the file was read or did not exist
 */
gboolean
sd_history_load (SdHistory  *self,
                 GError    **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GVariant) variant = NULL;
  g_autoptr(GVariantIter) iter = NULL;
  g_autoptr(GError) local_error = NULL;
  guint removed;
  guint32 version;
  const char *uri, *name, *reason;
  guint32 direction, outcome, duration;
  gint64 start;

  g_return_val_if_fail (SD_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  removed = self->entries->len;
  g_ptr_array_set_size (self->entries, 0);

  if (!g_file_get_contents (self->path, &text, NULL, &local_error))
    {
      if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                      _("Could not read the call history: "));
          goto fail;
        }
      g_clear_error (&local_error);
    }
  else
    {
      variant = g_variant_parse (G_VARIANT_TYPE (HISTORY_TYPE), text, NULL, NULL, &local_error);
      if (variant == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("The call history in %s is damaged: %s"), self->path,
                       local_error->message);
          goto fail;
        }

      g_variant_get (variant, "(ua" ENTRY_TYPE ")", &version, &iter);
      if (version != HISTORY_VERSION)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("The call history in %s has an unknown version %u"), self->path,
                       version);
          goto fail;
        }

      while (g_variant_iter_loop (iter, ENTRY_TYPE, &uri, &name, &direction, &outcome,
                                  &start, &duration, &reason))
        {
          g_autoptr(GDateTime) time = NULL;

          if (*uri == '\0' || direction > SD_CALL_DIRECTION_INCOMING ||
              outcome > SD_CALL_OUTCOME_FAILED || self->entries->len >= SD_HISTORY_MAX_ENTRIES)
            continue;

          time = g_date_time_new_from_unix_utc (start);
          if (time == NULL)
            continue;

          g_ptr_array_add (self->entries,
                           sd_history_entry_new (uri, name, direction, outcome, time,
                                                 duration, reason));
        }
    }

  rebuild_contacts (self);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->entries->len);
  return TRUE;

fail:
  rebuild_contacts (self);
  if (removed > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
  return FALSE;
}

/**
 * sd_history_add:
 * @self: a history
 * @entry: a finished call
 * @error: return location for an error
 *
 * Puts @entry first, drops the oldest entry beyond the maximum, and
 * saves the history.
 *
 * Returns: %TRUE if the history was saved; the entry is added either way
 */
gboolean
sd_history_add (SdHistory       *self,
                SdHistoryEntry  *entry,
                GError         **error)
{
  g_return_val_if_fail (SD_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (SD_IS_HISTORY_ENTRY (entry), FALSE);

  if (self->entries->len >= SD_HISTORY_MAX_ENTRIES)
    {
      g_ptr_array_set_size (self->entries, SD_HISTORY_MAX_ENTRIES - 1);
      g_list_model_items_changed (G_LIST_MODEL (self), SD_HISTORY_MAX_ENTRIES - 1, 1, 0);
    }

  g_ptr_array_insert (self->entries, 0, g_object_ref (entry));
  rebuild_contacts (self);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, 1);

  return save (self, error);
}

/**
 * sd_history_clear:
 * @self: a history
 * @error: return location for an error
 *
 * Forgets every entry, and saves.
 *
 * Returns: %TRUE if the empty history was saved
 */
gboolean
sd_history_clear (SdHistory  *self,
                  GError    **error)
{
  guint removed;

  g_return_val_if_fail (SD_IS_HISTORY (self), FALSE);

  removed = self->entries->len;
  g_ptr_array_set_size (self->entries, 0);
  rebuild_contacts (self);
  if (removed > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);

  return save (self, error);
}

/**
 * sd_history_get_contacts:
 * @self: a history
 *
 * Returns: (transfer none): the peers of the history, most recent first,
 *   as a #GListModel of #SdContact
 */
GListModel *
sd_history_get_contacts (SdHistory *self)
{
  g_return_val_if_fail (SD_IS_HISTORY (self), NULL);
  return G_LIST_MODEL (self->contacts);
}
