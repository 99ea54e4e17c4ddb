/* sd-call-view.h: the in-call view of the demo softphone
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <adwaita.h>

#include "sd-phone.h"

G_BEGIN_DECLS

#define SD_TYPE_CALL_VIEW (sd_call_view_get_type ())

G_DECLARE_FINAL_TYPE (SdCallView, sd_call_view, SD, CALL_VIEW, AdwBin)

void        sd_call_view_set_phone      (SdCallView *self,
                                         SdPhone    *phone);
const char *sd_call_view_get_state_text (SdCallView *self);
const char *sd_call_view_get_title_text (SdCallView *self);
const char *sd_call_view_get_duration_text (SdCallView *self);
guint       sd_call_view_get_n_listed (SdCallView *self);
void        sd_call_view_set_keypad_revealed (SdCallView *self,
                                              gboolean    revealed);

G_END_DECLS
