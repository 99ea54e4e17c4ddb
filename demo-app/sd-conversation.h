/* sd-conversation.h: text messages with one peer, and the list of them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <sipctx.h>

#include "sd-types.h"

G_BEGIN_DECLS

#define SD_TYPE_CHAT_MESSAGE (sd_chat_message_get_type ())

G_DECLARE_FINAL_TYPE (SdChatMessage, sd_chat_message, SD, CHAT_MESSAGE, GObject)

SdChatMessage      *sd_chat_message_new_incoming (const char              *text,
                                                  GDateTime               *time);
SdChatMessage      *sd_chat_message_new_outgoing (const char              *text,
                                                  GDateTime               *time,
                                                  SipMessageClientContext *context);
const char         *sd_chat_message_get_text     (SdChatMessage           *self);
GDateTime          *sd_chat_message_get_time     (SdChatMessage           *self);
gboolean            sd_chat_message_is_outgoing  (SdChatMessage           *self);
SdChatMessageState  sd_chat_message_get_state    (SdChatMessage           *self);
const char         *sd_chat_message_get_reason   (SdChatMessage           *self);
char               *sd_chat_message_dup_status   (SdChatMessage           *self);

#define SD_TYPE_CONVERSATION (sd_conversation_get_type ())

G_DECLARE_FINAL_TYPE (SdConversation, sd_conversation, SD, CONVERSATION, GObject)

const char  *sd_conversation_get_peer_uri  (SdConversation *self);
const char  *sd_conversation_get_peer_name (SdConversation *self);
char        *sd_conversation_dup_title     (SdConversation *self);
GListModel  *sd_conversation_get_messages  (SdConversation *self);
SdChatMessage *sd_conversation_get_last_message (SdConversation *self);

#define SD_TYPE_CONVERSATION_STORE (sd_conversation_store_get_type ())

G_DECLARE_FINAL_TYPE (SdConversationStore, sd_conversation_store, SD, CONVERSATION_STORE, GObject)

SdConversationStore *sd_conversation_store_new    (void);
SdConversation      *sd_conversation_store_lookup (SdConversationStore *self,
                                                   const char          *peer_uri);
SdConversation      *sd_conversation_store_ensure (SdConversationStore *self,
                                                   const char          *peer_uri,
                                                   const char          *peer_name);
void                 sd_conversation_store_append (SdConversationStore *self,
                                                   SdConversation      *conversation,
                                                   SdChatMessage       *message);

G_END_DECLS
