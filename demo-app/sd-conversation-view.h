/* sd-conversation-view.h: one conversation of the demo softphone
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <adwaita.h>

#include "sd-phone.h"

G_BEGIN_DECLS

#define SD_TYPE_CONVERSATION_VIEW (sd_conversation_view_get_type ())

G_DECLARE_FINAL_TYPE (SdConversationView, sd_conversation_view, SD, CONVERSATION_VIEW, AdwBin)

void            sd_conversation_view_set_phone        (SdConversationView *self,
                                                       SdPhone            *phone);
SdConversation *sd_conversation_view_get_conversation (SdConversationView *self);
void            sd_conversation_view_set_conversation (SdConversationView *self,
                                                       SdConversation     *conversation);
void            sd_conversation_view_set_show_back    (SdConversationView *self,
                                                       gboolean            show_back);
void            sd_conversation_view_focus_compose    (SdConversationView *self);
GtkWidget      *sd_conversation_view_get_message_list (SdConversationView *self);

G_END_DECLS
