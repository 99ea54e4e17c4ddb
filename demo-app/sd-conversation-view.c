/* sd-conversation-view.c: one conversation of the demo softphone
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sd-conversation-view.h"

/**
 * SdConversationView:
 *
 * The messages exchanged with one peer, as bubbles (sent ones on the
 * right, with their delivery state under them), and a field to write the
 * next one. Sending goes through the `app.send-message` action.
 *
 * #SdConversationView::back asks the window to show the list of
 * conversations again (when the layout is folded).
 */
struct _SdConversationView
{
  AdwBin          parent_instance;

  SdPhone        *phone;
  SdConversation *conversation;
  guint           scroll_id;

  GtkWidget      *back_button;
  AdwAvatar      *avatar;
  GtkLabel       *title_label;
  GtkLabel       *address_label;
  GtkScrolledWindow *scroller;
  GtkListBox     *messages_list;
  GtkEntry       *compose_entry;
};

G_DEFINE_FINAL_TYPE (SdConversationView, sd_conversation_view, ADW_TYPE_BIN)

enum {
  SIGNAL_BACK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_status (GtkLabel      *status,
               GParamSpec    *pspec,
               SdChatMessage *message)
{
  g_autofree char *text = sd_chat_message_dup_status (message);

  gtk_label_set_label (status, text);
  if (sd_chat_message_get_state (message) == SD_CHAT_MESSAGE_STATE_FAILED)
    gtk_widget_add_css_class (GTK_WIDGET (status), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (status), "error");
}

static void
message_state_cb (SdChatMessage *message,
                  GParamSpec    *pspec,
                  GtkLabel      *status)
{
  update_status (status, NULL, message);
}

static GtkWidget *
create_message_row (gpointer item,
                    gpointer user_data)
{
  SdChatMessage *message = SD_CHAT_MESSAGE (item);
  gboolean outgoing = sd_chat_message_is_outgoing (message);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *bubble = gtk_label_new (sd_chat_message_get_text (message));
  GtkWidget *status = gtk_label_new (NULL);
  GtkAlign align = outgoing ? GTK_ALIGN_END : GTK_ALIGN_START;

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_widget_set_halign (box, align);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_widget_set_margin_start (box, outgoing ? 48 : 0);
  gtk_widget_set_margin_end (box, outgoing ? 0 : 48);

  gtk_label_set_wrap (GTK_LABEL (bubble), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (bubble), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (bubble), TRUE);
  gtk_label_set_xalign (GTK_LABEL (bubble), 0);
  gtk_widget_set_halign (bubble, align);
  gtk_widget_add_css_class (bubble, "bubble");
  gtk_widget_add_css_class (bubble, outgoing ? "outgoing" : "incoming");

  gtk_widget_set_halign (status, align);
  gtk_widget_add_css_class (status, "caption");
  gtk_widget_add_css_class (status, "dim-label");
  update_status (GTK_LABEL (status), NULL, message);
  if (outgoing)
    g_signal_connect_object (message, "notify::state", G_CALLBACK (message_state_cb), status, 0);

  gtk_box_append (GTK_BOX (box), bubble);
  gtk_box_append (GTK_BOX (box), status);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  return row;
}

static gboolean
scroll_to_end_cb (gpointer user_data)
{
  SdConversationView *self = user_data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);

  self->scroll_id = 0;
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));

  return G_SOURCE_REMOVE;
}

static void
messages_changed_cb (SdConversationView *self)
{
  /* After the new row got its size. */
  if (self->scroll_id == 0)
    self->scroll_id = g_timeout_add (50, scroll_to_end_cb, self);
}

static void
back_clicked_cb (SdConversationView *self)
{
  g_signal_emit (self, signals[SIGNAL_BACK], 0);
}

static void
call_clicked_cb (SdConversationView *self)
{
  if (self->conversation == NULL)
    return;

  gtk_widget_activate_action (GTK_WIDGET (self), "app.call", "s",
                              sd_conversation_get_peer_uri (self->conversation));
}

static void
send_cb (SdConversationView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->compose_entry));

  if (self->conversation == NULL || *text == '\0')
    return;

  gtk_widget_activate_action (GTK_WIDGET (self), "app.send-message", "(ss)",
                              sd_conversation_get_peer_uri (self->conversation), text);
  gtk_editable_set_text (GTK_EDITABLE (self->compose_entry), "");
}

static void
sd_conversation_view_dispose (GObject *object)
{
  SdConversationView *self = SD_CONVERSATION_VIEW (object);

  g_clear_handle_id (&self->scroll_id, g_source_remove);
  if (self->conversation != NULL)
    g_signal_handlers_disconnect_by_data (sd_conversation_get_messages (self->conversation), self);
  g_clear_object (&self->conversation);
  g_clear_object (&self->phone);

  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_CONVERSATION_VIEW);

  G_OBJECT_CLASS (sd_conversation_view_parent_class)->dispose (object);
}

static void
sd_conversation_view_class_init (SdConversationViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_conversation_view_dispose;

  /**
   * SdConversationView::back:
   * @self: the view
   *
   * Emitted when the back button is clicked.
   */
  signals[SIGNAL_BACK] =
    g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/World/SipctxDemo/sd-conversation-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SdConversationView, back_button);
  gtk_widget_class_bind_template_child (widget_class, SdConversationView, avatar);
  gtk_widget_class_bind_template_child (widget_class, SdConversationView, title_label);
  gtk_widget_class_bind_template_child (widget_class, SdConversationView, address_label);
  gtk_widget_class_bind_template_child (widget_class, SdConversationView, scroller);
  gtk_widget_class_bind_template_child (widget_class, SdConversationView, messages_list);
  gtk_widget_class_bind_template_child (widget_class, SdConversationView, compose_entry);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, call_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, send_cb);
}

static void
sd_conversation_view_init (SdConversationView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_visible (self->back_button, FALSE);
}

void
sd_conversation_view_set_phone (SdConversationView *self,
                                SdPhone            *phone)
{
  g_return_if_fail (SD_IS_CONVERSATION_VIEW (self));
  g_set_object (&self->phone, phone);
}

/**
 * sd_conversation_view_get_conversation:
 * @self: a view
 *
 * Returns: (transfer none) (nullable): the conversation shown
 */
SdConversation *
sd_conversation_view_get_conversation (SdConversationView *self)
{
  g_return_val_if_fail (SD_IS_CONVERSATION_VIEW (self), NULL);
  return self->conversation;
}

/**
 * sd_conversation_view_set_conversation:
 * @self: a view
 * @conversation: (nullable): the conversation to show
 */
void
sd_conversation_view_set_conversation (SdConversationView *self,
                                       SdConversation     *conversation)
{
  g_autofree char *title = NULL;
  g_autofree char *address = NULL;

  g_return_if_fail (SD_IS_CONVERSATION_VIEW (self));

  if (self->conversation == conversation)
    return;

  if (self->conversation != NULL)
    g_signal_handlers_disconnect_by_data (sd_conversation_get_messages (self->conversation), self);
  g_set_object (&self->conversation, conversation);

  if (conversation == NULL)
    {
      gtk_list_box_bind_model (self->messages_list, NULL, NULL, NULL, NULL);
      return;
    }

  title = sd_conversation_dup_title (conversation);
  address = sd_uri_display (sd_conversation_get_peer_uri (conversation));
  gtk_label_set_label (self->title_label, title);
  gtk_label_set_label (self->address_label, address);
  adw_avatar_set_text (self->avatar, title);

  gtk_list_box_bind_model (self->messages_list, sd_conversation_get_messages (conversation),
                           create_message_row, NULL, NULL);
  g_signal_connect_swapped (sd_conversation_get_messages (conversation), "items-changed",
                            G_CALLBACK (messages_changed_cb), self);
  messages_changed_cb (self);
}

void
sd_conversation_view_set_show_back (SdConversationView *self,
                                    gboolean            show_back)
{
  g_return_if_fail (SD_IS_CONVERSATION_VIEW (self));
  gtk_widget_set_visible (self->back_button, show_back);
}

void
sd_conversation_view_focus_compose (SdConversationView *self)
{
  g_return_if_fail (SD_IS_CONVERSATION_VIEW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->compose_entry));
}

/**
 * sd_conversation_view_get_message_list:
 * @self: a view
 *
 * Returns: (transfer none): the list of message rows (for tests)
 */
GtkWidget *
sd_conversation_view_get_message_list (SdConversationView *self)
{
  g_return_val_if_fail (SD_IS_CONVERSATION_VIEW (self), NULL);
  return GTK_WIDGET (self->messages_list);
}
