/* sd-conversation.c: text messages with one peer, and the list of them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sd-conversation.h"
#include "sd-describe.h"
#include "sd-enum-types.h"
#include "sd-history.h"

/* SdChatMessage: one message; an outgoing one follows its MESSAGE
 * request's context to show its delivery state. */

struct _SdChatMessage
{
  GObject             parent_instance;

  char               *text;
  GDateTime          *time;
  gboolean            outgoing;
  SdChatMessageState  state;
  char               *reason;
};

G_DEFINE_FINAL_TYPE (SdChatMessage, sd_chat_message, G_TYPE_OBJECT)

enum {
  MESSAGE_PROP_0,
  MESSAGE_PROP_STATE,
  MESSAGE_PROP_REASON,
  MESSAGE_N_PROPS
};

static GParamSpec *message_props[MESSAGE_N_PROPS];

static void
sd_chat_message_finalize (GObject *object)
{
  SdChatMessage *self = SD_CHAT_MESSAGE (object);

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->time, g_date_time_unref);
  g_clear_pointer (&self->reason, g_free);

  G_OBJECT_CLASS (sd_chat_message_parent_class)->finalize (object);
}

static void
sd_chat_message_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SdChatMessage *self = SD_CHAT_MESSAGE (object);

  switch (prop_id)
    {
    case MESSAGE_PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case MESSAGE_PROP_REASON:
      g_value_set_string (value, self->reason);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sd_chat_message_class_init (SdChatMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sd_chat_message_finalize;
  object_class->get_property = sd_chat_message_get_property;

  message_props[MESSAGE_PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, SD_TYPE_CHAT_MESSAGE_STATE,
                       SD_CHAT_MESSAGE_STATE_SENT,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  message_props[MESSAGE_PROP_REASON] =
    g_param_spec_string ("reason", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, MESSAGE_N_PROPS, message_props);
}

static void
sd_chat_message_init (SdChatMessage *self)
{
}

static void
set_state (SdChatMessage      *self,
           SdChatMessageState  state,
           const char         *reason)
{
  g_object_freeze_notify (G_OBJECT (self));

  if (g_strcmp0 (self->reason, reason) != 0)
    {
      g_free (self->reason);
      self->reason = g_strdup (reason);
      g_object_notify_by_pspec (G_OBJECT (self), message_props[MESSAGE_PROP_REASON]);
    }

  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), message_props[MESSAGE_PROP_STATE]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

static SdChatMessage *
chat_message_new (const char *text,
                  GDateTime  *time,
                  gboolean    outgoing)
{
  SdChatMessage *self = g_object_new (SD_TYPE_CHAT_MESSAGE, NULL);

  self->text = g_strdup (text);
  self->time = g_date_time_ref (time);
  self->outgoing = outgoing;
  self->state = outgoing ? SD_CHAT_MESSAGE_STATE_SENT : SD_CHAT_MESSAGE_STATE_RECEIVED;

  return self;
}

/**
 * sd_chat_message_new_incoming:
 * @text: the text of the message
 * @time: when it arrived
 *
 * Returns: (transfer full): a received message
 */
SdChatMessage *
sd_chat_message_new_incoming (const char *text,
                              GDateTime  *time)
{
  g_return_val_if_fail (text != NULL && time != NULL, NULL);
  return chat_message_new (text, time, FALSE);
}

static void
message_accepted_cb (SdChatMessage *self,
                     guint          status_code,
                     SipResponse   *response)
{
  set_state (self, SD_CHAT_MESSAGE_STATE_DELIVERED, NULL);
}

static void
message_failed_cb (SdChatMessage *self,
                   guint          status_code,
                   SipResponse   *response,
                   SipCause       cause)
{
  g_autofree char *reason =
    sd_describe_failure (status_code,
                         response ? sip_response_get_reason_phrase (response) : NULL,
                         cause);

  set_state (self, SD_CHAT_MESSAGE_STATE_FAILED, reason);
}

/**
 * sd_chat_message_new_outgoing:
 * @text: the text of the message
 * @time: when it was sent
 * @context: (nullable): the MESSAGE on its way, whose outcome becomes the
 *   delivery state; %NULL for a message that could not be sent at all
 *
 * Returns: (transfer full): a sent message
 */
SdChatMessage *
sd_chat_message_new_outgoing (const char              *text,
                              GDateTime               *time,
                              SipMessageClientContext *context)
{
  SdChatMessage *self;

  g_return_val_if_fail (text != NULL && time != NULL, NULL);
  g_return_val_if_fail (context == NULL || SIP_IS_MESSAGE_CLIENT_CONTEXT (context), NULL);

  self = chat_message_new (text, time, TRUE);
  if (context != NULL)
    {
      g_signal_connect_object (context, "accepted", G_CALLBACK (message_accepted_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (context, "failed", G_CALLBACK (message_failed_cb),
                               self, G_CONNECT_SWAPPED);
    }

  return self;
}

const char *
sd_chat_message_get_text (SdChatMessage *self)
{
  g_return_val_if_fail (SD_IS_CHAT_MESSAGE (self), NULL);
  return self->text;
}

GDateTime *
sd_chat_message_get_time (SdChatMessage *self)
{
  g_return_val_if_fail (SD_IS_CHAT_MESSAGE (self), NULL);
  return self->time;
}

gboolean
sd_chat_message_is_outgoing (SdChatMessage *self)
{
  g_return_val_if_fail (SD_IS_CHAT_MESSAGE (self), FALSE);
  return self->outgoing;
}

SdChatMessageState
sd_chat_message_get_state (SdChatMessage *self)
{
  g_return_val_if_fail (SD_IS_CHAT_MESSAGE (self), SD_CHAT_MESSAGE_STATE_FAILED);
  return self->state;
}

/**
 * sd_chat_message_get_reason:
 * @self: a message
 *
 * Returns: (nullable): why a failed message failed
 */
const char *
sd_chat_message_get_reason (SdChatMessage *self)
{
  g_return_val_if_fail (SD_IS_CHAT_MESSAGE (self), NULL);
  return self->reason;
}

/**
 * sd_chat_message_dup_status:
 * @self: a message
 *
 * Returns: (transfer full): the line under a message: its time, and the
 *   delivery state of an outgoing one (“14:05 · Delivered”, “14:05 ·
 *   Failed: 404 Not Found”)
 */
char *
sd_chat_message_dup_status (SdChatMessage *self)
{
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *time = NULL;

  g_return_val_if_fail (SD_IS_CHAT_MESSAGE (self), NULL);

  local = g_date_time_to_local (self->time);
  /* Translators: the time of a message, in the format of g_date_time_format() */
  time = g_date_time_format (local, _("%H:%M"));

  switch (self->state)
    {
    case SD_CHAT_MESSAGE_STATE_SENT:
      /* Translators: time · delivery state */
      return g_strdup_printf (_("%s · Sent"), time);
    case SD_CHAT_MESSAGE_STATE_DELIVERED:
      return g_strdup_printf (_("%s · Delivered"), time);
    case SD_CHAT_MESSAGE_STATE_FAILED:
      /* Translators: time · Failed: why */
      return g_strdup_printf (_("%s · Failed: %s"), time,
                              self->reason ? self->reason : _("unknown reason"));
    case SD_CHAT_MESSAGE_STATE_RECEIVED:
    default:
      return g_steal_pointer (&time);
    }
}

/* SdConversation */

struct _SdConversation
{
  GObject     parent_instance;

  char       *peer_uri;
  char       *peer_name;
  GListStore *messages;
};

G_DEFINE_FINAL_TYPE (SdConversation, sd_conversation, G_TYPE_OBJECT)

enum {
  CONVERSATION_PROP_0,
  CONVERSATION_PROP_TITLE,
  CONVERSATION_PROP_LAST_MESSAGE,
  CONVERSATION_N_PROPS
};

static GParamSpec *conversation_props[CONVERSATION_N_PROPS];

static void
sd_conversation_finalize (GObject *object)
{
  SdConversation *self = SD_CONVERSATION (object);

  g_clear_pointer (&self->peer_uri, g_free);
  g_clear_pointer (&self->peer_name, g_free);
  g_clear_object (&self->messages);

  G_OBJECT_CLASS (sd_conversation_parent_class)->finalize (object);
}

static void
sd_conversation_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SdConversation *self = SD_CONVERSATION (object);

  switch (prop_id)
    {
    case CONVERSATION_PROP_TITLE:
      g_value_take_string (value, sd_conversation_dup_title (self));
      break;
    case CONVERSATION_PROP_LAST_MESSAGE:
      g_value_set_object (value, sd_conversation_get_last_message (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sd_conversation_class_init (SdConversationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sd_conversation_finalize;
  object_class->get_property = sd_conversation_get_property;

  conversation_props[CONVERSATION_PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  conversation_props[CONVERSATION_PROP_LAST_MESSAGE] =
    g_param_spec_object ("last-message", NULL, NULL, SD_TYPE_CHAT_MESSAGE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, CONVERSATION_N_PROPS, conversation_props);
}

static void
sd_conversation_init (SdConversation *self)
{
  self->messages = g_list_store_new (SD_TYPE_CHAT_MESSAGE);
}

const char *
sd_conversation_get_peer_uri (SdConversation *self)
{
  g_return_val_if_fail (SD_IS_CONVERSATION (self), NULL);
  return self->peer_uri;
}

/**
 * sd_conversation_get_peer_name:
 * @self: a conversation
 *
 * Returns: (nullable): the peer's display name, if it gave one
 */
const char *
sd_conversation_get_peer_name (SdConversation *self)
{
  g_return_val_if_fail (SD_IS_CONVERSATION (self), NULL);
  return self->peer_name;
}

/**
 * sd_conversation_dup_title:
 * @self: a conversation
 *
 * Returns: (transfer full): the peer's name, or its address
 */
char *
sd_conversation_dup_title (SdConversation *self)
{
  g_return_val_if_fail (SD_IS_CONVERSATION (self), NULL);

  if (self->peer_name != NULL)
    return g_strdup (self->peer_name);

  return sd_uri_display (self->peer_uri);
}

/**
 * sd_conversation_get_messages:
 * @self: a conversation
 *
 * Returns: (transfer none): the messages, oldest first, as a #GListModel
 *   of #SdChatMessage
 */
GListModel *
sd_conversation_get_messages (SdConversation *self)
{
  g_return_val_if_fail (SD_IS_CONVERSATION (self), NULL);
  return G_LIST_MODEL (self->messages);
}

/**
 * sd_conversation_get_last_message:
 * @self: a conversation
 *
 * Returns: (transfer none) (nullable): the newest message
 */
SdChatMessage *
sd_conversation_get_last_message (SdConversation *self)
{
  g_autoptr(SdChatMessage) last = NULL;
  guint n;

  g_return_val_if_fail (SD_IS_CONVERSATION (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->messages));
  if (n == 0)
    return NULL;

  /* The store keeps its own reference. */
  last = g_list_model_get_item (G_LIST_MODEL (self->messages), n - 1);
  return last;
}

/* SdConversationStore: the conversations, the newest first. */

struct _SdConversationStore
{
  GObject     parent_instance;

  GListStore *conversations;
};

static void conversation_store_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SdConversationStore, sd_conversation_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, conversation_store_iface_init))

static GType
store_get_item_type (GListModel *model)
{
  return SD_TYPE_CONVERSATION;
}

static guint
store_get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (SD_CONVERSATION_STORE (model)->conversations));
}

static gpointer
store_get_item (GListModel *model,
                guint       position)
{
  return g_list_model_get_item (G_LIST_MODEL (SD_CONVERSATION_STORE (model)->conversations),
                                position);
}

static void
conversation_store_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = store_get_item_type;
  iface->get_n_items = store_get_n_items;
  iface->get_item = store_get_item;
}

static void
conversations_changed_cb (SdConversationStore *self,
                          guint                position,
                          guint                removed,
                          guint                added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
sd_conversation_store_finalize (GObject *object)
{
  SdConversationStore *self = SD_CONVERSATION_STORE (object);

  g_clear_object (&self->conversations);

  G_OBJECT_CLASS (sd_conversation_store_parent_class)->finalize (object);
}

static void
sd_conversation_store_class_init (SdConversationStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sd_conversation_store_finalize;
}

static void
sd_conversation_store_init (SdConversationStore *self)
{
  self->conversations = g_list_store_new (SD_TYPE_CONVERSATION);
  g_signal_connect_swapped (self->conversations, "items-changed",
                            G_CALLBACK (conversations_changed_cb), self);
}

/**
 * sd_conversation_store_new:
 *
 * Returns: (transfer full): an empty list of conversations
 */
SdConversationStore *
sd_conversation_store_new (void)
{
  return g_object_new (SD_TYPE_CONVERSATION_STORE, NULL);
}

static gboolean
find_conversation (SdConversationStore *self,
                   const char          *peer_uri,
                   guint               *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->conversations));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SdConversation) conversation =
        g_list_model_get_item (G_LIST_MODEL (self->conversations), i);

      if (g_strcmp0 (conversation->peer_uri, peer_uri) == 0)
        {
          *position = i;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * sd_conversation_store_lookup:
 * @self: a store
 * @peer_uri: the peer's URI
 *
 * Returns: (transfer none) (nullable): the conversation with @peer_uri
 */
SdConversation *
sd_conversation_store_lookup (SdConversationStore *self,
                              const char          *peer_uri)
{
  g_autoptr(SdConversation) conversation = NULL;
  guint position;

  g_return_val_if_fail (SD_IS_CONVERSATION_STORE (self), NULL);
  g_return_val_if_fail (peer_uri != NULL, NULL);

  if (!find_conversation (self, peer_uri, &position))
    return NULL;

  /* The store keeps its own reference. */
  conversation = g_list_model_get_item (G_LIST_MODEL (self->conversations), position);
  return conversation;
}

/**
 * sd_conversation_store_ensure:
 * @self: a store
 * @peer_uri: the peer's URI
 * @peer_name: (nullable): the peer's display name, if known
 *
 * Returns: (transfer none): the conversation with @peer_uri, created
 *   (first in the list) if there is none; a known @peer_name is recorded
 */
SdConversation *
sd_conversation_store_ensure (SdConversationStore *self,
                              const char          *peer_uri,
                              const char          *peer_name)
{
  SdConversation *conversation;

  g_return_val_if_fail (SD_IS_CONVERSATION_STORE (self), NULL);
  g_return_val_if_fail (peer_uri != NULL, NULL);

  if (peer_name != NULL && *peer_name == '\0')
    peer_name = NULL;

  conversation = sd_conversation_store_lookup (self, peer_uri);
  if (conversation == NULL)
    {
      g_autoptr(SdConversation) created = g_object_new (SD_TYPE_CONVERSATION, NULL);

      created->peer_uri = g_strdup (peer_uri);
      created->peer_name = g_strdup (peer_name);
      g_list_store_insert (self->conversations, 0, created);
      return created;
    }

  if (peer_name != NULL && g_strcmp0 (conversation->peer_name, peer_name) != 0)
    {
      g_free (conversation->peer_name);
      conversation->peer_name = g_strdup (peer_name);
      g_object_notify_by_pspec (G_OBJECT (conversation), conversation_props[CONVERSATION_PROP_TITLE]);
    }

  return conversation;
}

/**
 * sd_conversation_store_append:
 * @self: a store
 * @conversation: a conversation of the store
 * @message: a message sent to or received from its peer
 *
 * Appends @message to @conversation. Conversations keep their place in
 * the list (newest first), so that a selected one does not move under
 * the pointer while a person writes.
 */
void
sd_conversation_store_append (SdConversationStore *self,
                              SdConversation      *conversation,
                              SdChatMessage       *message)
{
  g_return_if_fail (SD_IS_CONVERSATION_STORE (self));
  g_return_if_fail (SD_IS_CONVERSATION (conversation));
  g_return_if_fail (SD_IS_CHAT_MESSAGE (message));

  g_list_store_append (conversation->messages, message);
  g_object_notify_by_pspec (G_OBJECT (conversation), conversation_props[CONVERSATION_PROP_LAST_MESSAGE]);
}
