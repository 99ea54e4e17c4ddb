/* sd-preferences-window.h: the preferences of the demo softphone
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <adwaita.h>

#include "sd-phone.h"

G_BEGIN_DECLS

#define SD_TYPE_PREFERENCES_WINDOW (sd_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (SdPreferencesWindow, sd_preferences_window, SD, PREFERENCES_WINDOW, AdwPreferencesWindow)

SdPreferencesWindow *sd_preferences_window_new          (GtkWindow           *parent,
                                                         SdPhone             *phone);
void                 sd_preferences_window_edit_account (SdPreferencesWindow *self,
                                                         SdAccount           *account);

G_END_DECLS
