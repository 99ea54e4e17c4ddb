/* sd-window.h: the main window of the demo softphone
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <adwaita.h>

#include "sd-call-view.h"
#include "sd-conversation-view.h"
#include "sd-phone.h"

G_BEGIN_DECLS

#define SD_TYPE_WINDOW (sd_window_get_type ())

G_DECLARE_FINAL_TYPE (SdWindow, sd_window, SD, WINDOW, AdwApplicationWindow)

SdWindow           *sd_window_new                   (GtkApplication *application,
                                                     SdPhone        *phone,
                                                     GSettings      *settings);
void                sd_window_add_toast             (SdWindow       *self,
                                                     const char     *message);
const char         *sd_window_get_last_toast        (SdWindow       *self);
void                sd_window_show_calls            (SdWindow       *self);
void                sd_window_show_dialer           (SdWindow       *self,
                                                     const char     *address);
void                sd_window_show_conversation     (SdWindow       *self,
                                                     SdConversation *conversation);
const char         *sd_window_get_visible_view      (SdWindow       *self);
SdCallView         *sd_window_get_call_view         (SdWindow       *self);
SdConversationView *sd_window_get_conversation_view (SdWindow       *self);
gboolean            sd_window_get_incoming_visible  (SdWindow       *self);
gboolean            sd_window_get_incoming_revealed (SdWindow       *self);

G_END_DECLS
