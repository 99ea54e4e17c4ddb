/* sd-history.h: the call history of the demo softphone, and its contacts
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sd-types.h"

G_BEGIN_DECLS

#define SD_TYPE_HISTORY_ENTRY (sd_history_entry_get_type ())

G_DECLARE_FINAL_TYPE (SdHistoryEntry, sd_history_entry, SD, HISTORY_ENTRY, GObject)

SdHistoryEntry  *sd_history_entry_new            (const char      *peer_uri,
                                                  const char      *peer_name,
                                                  SdCallDirection  direction,
                                                  SdCallOutcome    outcome,
                                                  GDateTime       *start_time,
                                                  guint            duration,
                                                  const char      *reason);
const char      *sd_history_entry_get_peer_uri   (SdHistoryEntry  *self);
const char      *sd_history_entry_get_peer_name  (SdHistoryEntry  *self);
SdCallDirection  sd_history_entry_get_direction  (SdHistoryEntry  *self);
SdCallOutcome    sd_history_entry_get_outcome    (SdHistoryEntry  *self);
GDateTime       *sd_history_entry_get_start_time (SdHistoryEntry  *self);
guint            sd_history_entry_get_duration   (SdHistoryEntry  *self);
const char      *sd_history_entry_get_reason     (SdHistoryEntry  *self);
char            *sd_history_entry_dup_title      (SdHistoryEntry  *self);
char            *sd_history_entry_dup_summary    (SdHistoryEntry  *self,
                                                  GDateTime       *now);

#define SD_TYPE_CONTACT (sd_contact_get_type ())

G_DECLARE_FINAL_TYPE (SdContact, sd_contact, SD, CONTACT, GObject)

SdContact   *sd_contact_new            (const char *uri,
                                        const char *name);
const char  *sd_contact_get_uri        (SdContact  *self);
const char  *sd_contact_get_name       (SdContact  *self);
char        *sd_contact_dup_title      (SdContact  *self);
guint        sd_contact_get_n_calls    (SdContact  *self);

#define SD_TYPE_HISTORY (sd_history_get_type ())

G_DECLARE_FINAL_TYPE (SdHistory, sd_history, SD, HISTORY, GObject)

#define SD_HISTORY_MAX_ENTRIES 200

SdHistory   *sd_history_new           (const char      *path);
const char  *sd_history_get_path      (SdHistory       *self);
gboolean     sd_history_load          (SdHistory       *self,
                                       GError         **error);
gboolean     sd_history_add           (SdHistory       *self,
                                       SdHistoryEntry  *entry,
                                       GError         **error);
gboolean     sd_history_clear         (SdHistory       *self,
                                       GError         **error);
GListModel  *sd_history_get_contacts  (SdHistory       *self);

char        *sd_format_duration       (guint            seconds);
char        *sd_uri_display           (const char      *uri);

G_END_DECLS
