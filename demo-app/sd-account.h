/* sd-account.h: one SIP account of the demo softphone
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sd-types.h"

G_BEGIN_DECLS

#define SD_TYPE_ACCOUNT (sd_account_get_type ())

G_DECLARE_FINAL_TYPE (SdAccount, sd_account, SD, ACCOUNT, GObject)

SdAccount   *sd_account_new                (const char   *id);

const char  *sd_account_get_id             (SdAccount    *self);
const char  *sd_account_get_address        (SdAccount    *self);
void         sd_account_set_address        (SdAccount    *self,
                                            const char   *address);
const char  *sd_account_get_display_name   (SdAccount    *self);
void         sd_account_set_display_name   (SdAccount    *self,
                                            const char   *display_name);
const char  *sd_account_get_registrar      (SdAccount    *self);
void         sd_account_set_registrar      (SdAccount    *self,
                                            const char   *registrar);
const char  *sd_account_get_outbound_proxy (SdAccount    *self);
void         sd_account_set_outbound_proxy (SdAccount    *self,
                                            const char   *outbound_proxy);
SdTransport  sd_account_get_transport      (SdAccount    *self);
void         sd_account_set_transport      (SdAccount    *self,
                                            SdTransport   transport);
gboolean     sd_account_get_enabled        (SdAccount    *self);
void         sd_account_set_enabled        (SdAccount    *self,
                                            gboolean      enabled);

char        *sd_account_dup_title          (SdAccount    *self);
char        *sd_account_dup_username       (SdAccount    *self);
gboolean     sd_account_validate           (SdAccount    *self,
                                            GError      **error);
char        *sd_account_dup_registrar_uri  (SdAccount    *self,
                                            GError      **error);
char        *sd_account_dup_proxy_uri      (SdAccount    *self,
                                            GError      **error);

char        *sd_normalize_sip_uri          (const char   *text,
                                            const char   *default_domain,
                                            GError      **error);

G_END_DECLS
