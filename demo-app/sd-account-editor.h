/* sd-account-editor.h: the form of one account, in the preferences
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <adwaita.h>

#include "sd-phone.h"

G_BEGIN_DECLS

#define SD_TYPE_ACCOUNT_EDITOR (sd_account_editor_get_type ())

G_DECLARE_FINAL_TYPE (SdAccountEditor, sd_account_editor, SD, ACCOUNT_EDITOR, GtkBox)

GtkWidget *sd_account_editor_new  (SdPhone         *phone,
                                   SdAccount       *account);
gboolean   sd_account_editor_save (SdAccountEditor *self,
                                   GError         **error);

G_END_DECLS
