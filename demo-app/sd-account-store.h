/* sd-account-store.h: the accounts of the demo softphone, in GSettings
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sd-account.h"

G_BEGIN_DECLS

#define SD_ACCOUNT_SCHEMA_ID "org.gnome.World.SipctxDemo.Account"

#define SD_TYPE_ACCOUNT_STORE (sd_account_store_get_type ())

G_DECLARE_FINAL_TYPE (SdAccountStore, sd_account_store, SD, ACCOUNT_STORE, GObject)

SdAccountStore *sd_account_store_new             (GSettings       *settings);
SdAccount      *sd_account_store_create_account  (SdAccountStore  *self);
gboolean        sd_account_store_add             (SdAccountStore  *self,
                                                  SdAccount       *account,
                                                  GError         **error);
gboolean        sd_account_store_save            (SdAccountStore  *self,
                                                  SdAccount       *account,
                                                  GError         **error);
void            sd_account_store_remove          (SdAccountStore  *self,
                                                  SdAccount       *account);
SdAccount      *sd_account_store_lookup          (SdAccountStore  *self,
                                                  const char      *id);
SdAccount      *sd_account_store_get_default     (SdAccountStore  *self);
void            sd_account_store_set_default     (SdAccountStore  *self,
                                                  SdAccount       *account);

G_END_DECLS
