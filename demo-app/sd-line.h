/* sd-line.h: a user agent for one account, or for the local line
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <sipctx.h>

#include "sd-account.h"
#include "sd-types.h"

G_BEGIN_DECLS

#define SD_LOCAL_LINE_ADDRESS "sip:me@localhost"

#define SD_TYPE_LINE (sd_line_get_type ())

G_DECLARE_FINAL_TYPE (SdLine, sd_line, SD, LINE, GObject)

SdLine       *sd_line_new_local       (const char           *display_name);
SdLine       *sd_line_new             (SdAccount            *account);
SdAccount    *sd_line_get_account     (SdLine               *self);
SipUserAgent *sd_line_get_user_agent  (SdLine               *self);
SipRegistration *sd_line_get_registration (SdLine            *self);
const char   *sd_line_get_bind_uri    (SdLine               *self);
void          sd_line_set_bind_uri    (SdLine               *self,
                                       const char           *bind_uri);
SdLineState   sd_line_get_state       (SdLine               *self);
const char   *sd_line_get_error       (SdLine               *self);
char         *sd_line_dup_title       (SdLine               *self);
char         *sd_line_dup_status      (SdLine               *self);
char         *sd_line_dup_domain      (SdLine               *self);
gboolean      sd_line_start           (SdLine               *self,
                                       const char           *password,
                                       GError              **error);
void          sd_line_stop_async      (SdLine               *self,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
gboolean      sd_line_stop_finish     (SdLine               *self,
                                       GAsyncResult         *result,
                                       GError              **error);

G_END_DECLS
