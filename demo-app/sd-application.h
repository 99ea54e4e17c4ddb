/* sd-application.h: the demo softphone application
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <adwaita.h>

#include "sd-phone.h"
#include "sd-window.h"

G_BEGIN_DECLS

#define SD_TYPE_APPLICATION (sd_application_get_type ())

G_DECLARE_FINAL_TYPE (SdApplication, sd_application, SD, APPLICATION, AdwApplication)

SdApplication *sd_application_new        (SdSecretStore *secrets);
SdPhone       *sd_application_get_phone  (SdApplication *self);
SdWindow      *sd_application_get_window (SdApplication *self);
GtkWindow     *sd_application_show_preferences (SdApplication *self);

G_END_DECLS
