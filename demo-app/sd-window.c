/* sd-window.c: the main window of the demo softphone
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sd-window.h"

/**
 * SdWindow:
 *
 * Two views: Calls (the dialer with the contacts and the recent calls, or
 * the in-call view while there are calls) and Messages (the list of
 * conversations beside the open one). An incoming call shows as a banner
 * with Answer and Decline; problems show as toasts. The header's subtitle
 * is the line that places calls, and how it is doing.
 */
struct _SdWindow
{
  AdwApplicationWindow  parent_instance;

  SdPhone              *phone;
  GSettings            *settings;
  SdLine               *watched_line;
  SipInviteContext     *banner_call;
  char                 *last_toast;
  guint                 n_calls;

  AdwToastOverlay      *toast_overlay;
  AdwViewSwitcherTitle *switcher_title;
  GtkRevealer          *incoming_revealer;
  GtkLabel             *incoming_label;
  GtkWidget            *answer_button;
  GtkWidget            *decline_button;
  AdwViewStack         *view_stack;
  GtkStack             *calls_stack;
  GtkWidget            *return_button;
  AdwButtonContent     *return_content;
  AdwPreferencesGroup  *call_group;
  AdwEntryRow          *address_row;
  GtkListBox           *contacts_list;
  GtkListBox           *history_list;
  GtkWidget            *clear_history_button;
  SdCallView           *call_view;
  AdwLeaflet           *messages_leaflet;
  GtkEntry             *new_conversation_entry;
  GtkStack             *conversations_stack;
  GtkListBox           *conversations_list;
  GtkStack             *conversation_stack;
  SdConversationView   *conversation_view;
};

G_DEFINE_FINAL_TYPE (SdWindow, sd_window, ADW_TYPE_APPLICATION_WINDOW)

/* Toasts */

/**
 * sd_window_add_toast:
 * @self: a window
 * @message: what to tell
 *
 * Shows @message as a toast.
 */
void
sd_window_add_toast (SdWindow   *self,
                     const char *message)
{
  AdwToast *toast;

  g_return_if_fail (SD_IS_WINDOW (self));

  g_free (self->last_toast);
  self->last_toast = g_strdup (message);

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 6);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * sd_window_get_last_toast:
 * @self: a window
 *
 * Returns: (nullable): the text of the last toast (for tests)
 */
const char *
sd_window_get_last_toast (SdWindow *self)
{
  g_return_val_if_fail (SD_IS_WINDOW (self), NULL);
  return self->last_toast;
}

/* The line in the subtitle */

static void
update_subtitle (SdWindow *self)
{
  SdLine *line = sd_phone_get_outgoing_line (self->phone);
  g_autofree char *title = sd_line_dup_title (line);
  g_autofree char *status = sd_line_dup_status (line);
  g_autofree char *subtitle = NULL;

  /* Translators: the line that places calls, and its state */
  subtitle = g_strdup_printf (_("%s · %s"), title, status);
  adw_view_switcher_title_set_subtitle (self->switcher_title, subtitle);

  {
    /* Translators: where calls go out from; %s is a line and its state */
    g_autofree char *from = g_strdup_printf (_("From %s"), subtitle);

    adw_preferences_group_set_description (self->call_group, from);
  }
}

static void
watch_outgoing_line (SdWindow *self)
{
  SdLine *line = sd_phone_get_outgoing_line (self->phone);

  if (self->watched_line != line)
    {
      if (self->watched_line != NULL)
        g_signal_handlers_disconnect_by_data (self->watched_line, self);
      g_set_object (&self->watched_line, line);
      g_signal_connect_swapped (line, "notify::status", G_CALLBACK (update_subtitle), self);
      g_signal_connect_swapped (line, "notify::title", G_CALLBACK (update_subtitle), self);
    }

  update_subtitle (self);
}

/* Contacts and history */

static GtkWidget *
contact_button (const char *icon,
                const char *tooltip,
                const char *action,
                const char *uri)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", uri);

  return button;
}

static GtkWidget *
create_contact_row (gpointer item,
                    gpointer user_data)
{
  SdContact *contact = SD_CONTACT (item);
  g_autofree char *title = sd_contact_dup_title (contact);
  g_autofree char *address = sd_uri_display (sd_contact_get_uri (contact));
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *avatar = adw_avatar_new (32, title, TRUE);
  g_autofree char *subtitle = NULL;

  if (g_strcmp0 (sd_contact_get_uri (contact), SD_ECHO_PEER_ADDRESS) == 0)
    /* Translators: the subtitle of the echo peer; %s is its address */
    subtitle = g_strdup_printf (_("%s · built in: answers, echoes, replies"), address);
  else
    subtitle = g_steal_pointer (&address);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), avatar);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             contact_button ("chat-message-new-symbolic", _("Write a Message"),
                                             "app.open-conversation", sd_contact_get_uri (contact)));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             contact_button ("call-start-symbolic", _("Call"),
                                             "app.call", sd_contact_get_uri (contact)));

  return row;
}

static const char *
history_icon (SdHistoryEntry *entry)
{
  switch (sd_history_entry_get_outcome (entry))
    {
    case SD_CALL_OUTCOME_MISSED:
      return "call-missed-symbolic";
    case SD_CALL_OUTCOME_ANSWERED:
    case SD_CALL_OUTCOME_DECLINED:
    case SD_CALL_OUTCOME_CANCELED:
    case SD_CALL_OUTCOME_FAILED:
    default:
      return sd_history_entry_get_direction (entry) == SD_CALL_DIRECTION_INCOMING
        ? "call-incoming-symbolic" : "call-outgoing-symbolic";
    }
}

static GtkWidget *
create_history_row (gpointer item,
                    gpointer user_data)
{
  SdWindow *self = user_data;
  SdHistoryEntry *entry = SD_HISTORY_ENTRY (item);
  g_autofree char *title = sd_phone_dup_peer_title (self->phone,
                                                    sd_history_entry_get_peer_uri (entry),
                                                    sd_history_entry_get_peer_name (entry));
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *summary = sd_history_entry_dup_summary (entry, now);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (history_icon (entry));

  if (sd_history_entry_get_outcome (entry) == SD_CALL_OUTCOME_MISSED ||
      sd_history_entry_get_outcome (entry) == SD_CALL_OUTCOME_FAILED)
    gtk_widget_add_css_class (icon, "error");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), summary);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             contact_button ("call-start-symbolic", _("Call Back"),
                                             "app.call", sd_history_entry_get_peer_uri (entry)));

  return row;
}

static void
history_changed_cb (SdWindow *self)
{
  gtk_widget_set_sensitive (self->clear_history_button,
                            g_list_model_get_n_items (G_LIST_MODEL (sd_phone_get_history (self->phone))) > 0);
}

/* Conversations */

static void
update_conversation_row (GtkWidget      *row,
                         GParamSpec     *pspec,
                         SdConversation *conversation)
{
  AdwActionRow *action_row = ADW_ACTION_ROW (row);
  SdChatMessage *last = sd_conversation_get_last_message (conversation);
  g_autofree char *title = sd_conversation_dup_title (conversation);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (action_row, last ? sd_chat_message_get_text (last) : "");
}

static void
conversation_changed_cb (SdConversation *conversation,
                         GParamSpec     *pspec,
                         GtkWidget      *row)
{
  update_conversation_row (row, NULL, conversation);
}

static GtkWidget *
create_conversation_row (gpointer item,
                         gpointer user_data)
{
  SdConversation *conversation = SD_CONVERSATION (item);
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = sd_conversation_dup_title (conversation);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), adw_avatar_new (32, title, TRUE));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "sd-conversation", g_object_ref (conversation),
                          g_object_unref);
  update_conversation_row (row, NULL, conversation);
  g_signal_connect_object (conversation, "notify::last-message",
                           G_CALLBACK (conversation_changed_cb), row, 0);
  g_signal_connect_object (conversation, "notify::title",
                           G_CALLBACK (conversation_changed_cb), row, 0);

  return row;
}

static void
conversations_changed_cb (SdWindow *self)
{
  GListModel *conversations = G_LIST_MODEL (sd_phone_get_conversations (self->phone));

  gtk_stack_set_visible_child_name (self->conversations_stack,
                                    g_list_model_get_n_items (conversations) > 0 ? "list" : "empty");
}

static void
select_conversation_row (SdWindow       *self,
                         SdConversation *conversation)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->conversations_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_BOX_ROW (child) &&
          g_object_get_data (G_OBJECT (child), "sd-conversation") == conversation)
        {
          gtk_list_box_select_row (self->conversations_list, GTK_LIST_BOX_ROW (child));
          return;
        }
    }
}

/**
 * sd_window_show_conversation:
 * @self: a window
 * @conversation: a conversation of the phone
 *
 * Shows the Messages view with @conversation open.
 */
void
sd_window_show_conversation (SdWindow       *self,
                             SdConversation *conversation)
{
  g_return_if_fail (SD_IS_WINDOW (self));
  g_return_if_fail (SD_IS_CONVERSATION (conversation));

  adw_view_stack_set_visible_child_name (self->view_stack, "messages");
  sd_conversation_view_set_conversation (self->conversation_view, conversation);
  gtk_stack_set_visible_child_name (self->conversation_stack, "conversation");
  adw_leaflet_set_visible_child (self->messages_leaflet, GTK_WIDGET (self->conversation_stack));
  select_conversation_row (self, conversation);
  sd_conversation_view_focus_compose (self->conversation_view);
}

static void
conversation_activated_cb (SdWindow      *self,
                           GtkListBoxRow *row)
{
  SdConversation *conversation = g_object_get_data (G_OBJECT (row), "sd-conversation");

  if (conversation != NULL)
    sd_window_show_conversation (self, conversation);
}

static void
conversation_back_cb (SdWindow *self)
{
  adw_leaflet_navigate (self->messages_leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
folded_cb (SdWindow *self)
{
  sd_conversation_view_set_show_back (self->conversation_view,
                                      adw_leaflet_get_folded (self->messages_leaflet));
}

static void
new_conversation_cb (SdWindow *self)
{
  const char *address = gtk_editable_get_text (GTK_EDITABLE (self->new_conversation_entry));

  gtk_widget_activate_action (GTK_WIDGET (self), "app.open-conversation", "s", address);
}

/* Calls */

static void
address_activated_cb (SdWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "app.call", "s",
                              gtk_editable_get_text (GTK_EDITABLE (self->address_row)));
}

static void
call_clicked_cb (SdWindow *self)
{
  address_activated_cb (self);
}

static void
write_clicked_cb (SdWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "app.open-conversation", "s",
                              gtk_editable_get_text (GTK_EDITABLE (self->address_row)));
}

/**
 * sd_window_show_calls:
 * @self: a window
 *
 * Shows the in-call view if there are calls, else the dialer.
 */
void
sd_window_show_calls (SdWindow *self)
{
  g_return_if_fail (SD_IS_WINDOW (self));

  adw_view_stack_set_visible_child_name (self->view_stack, "calls");
  gtk_stack_set_visible_child_name (self->calls_stack,
                                    sd_phone_get_n_calls (self->phone) > 0 ? "call" : "dialer");
}

/**
 * sd_window_show_dialer:
 * @self: a window
 * @address: (nullable): an address to put in the dialer
 *
 * Shows the dialer, with the focus in its address field.
 */
void
sd_window_show_dialer (SdWindow   *self,
                       const char *address)
{
  g_return_if_fail (SD_IS_WINDOW (self));

  adw_view_stack_set_visible_child_name (self->view_stack, "calls");
  gtk_stack_set_visible_child_name (self->calls_stack, "dialer");
  if (address != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->address_row), address);
  gtk_widget_grab_focus (GTK_WIDGET (self->address_row));
}

static void
n_calls_cb (SdWindow *self)
{
  guint n = sd_phone_get_n_calls (self->phone);
  g_autofree char *label = NULL;

  /* A new call shows at once; the last one gone, back to the dialer. */
  if (n > self->n_calls)
    sd_window_show_calls (self);
  else if (n == 0)
    gtk_stack_set_visible_child_name (self->calls_stack, "dialer");
  self->n_calls = n;

  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Return to the Call (%u)",
                                        "Return to the Calls (%u)", n), n);
  adw_button_content_set_label (self->return_content, label);
  gtk_widget_set_visible (self->return_button, n > 0);
}

static void update_banner (SdWindow *self);

static void
banner_call_changed_cb (SdWindow *self)
{
  update_banner (self);
}

static void
update_banner (SdWindow *self)
{
  SipInviteContext *call = sd_phone_get_ringing_call (self->phone);

  if (call != self->banner_call)
    {
      if (self->banner_call != NULL)
        g_signal_handlers_disconnect_by_data (self->banner_call, self);
      g_set_object (&self->banner_call, call);
      if (call != NULL)
        g_signal_connect_swapped (call, "notify::state", G_CALLBACK (banner_call_changed_cb), self);
    }

  if (call != NULL)
    {
      g_autofree char *title = sd_phone_dup_call_title (self->phone, call);
      g_autofree char *text = NULL;
      const char *id = sd_phone_get_call_id (self->phone, call);

      /* Translators: %s is who calls */
      text = g_strdup_printf (_("%s is calling"), title);
      gtk_label_set_label (self->incoming_label, text);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->answer_button), "s", id);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->decline_button), "s", id);
    }

  gtk_revealer_set_reveal_child (self->incoming_revealer, call != NULL);
}

/**
 * sd_window_get_incoming_revealed:
 * @self: a window
 *
 * Returns: whether the banner of an incoming call is shown in full (for
 *   tests and screenshots)
 */
gboolean
sd_window_get_incoming_revealed (SdWindow *self)
{
  g_return_val_if_fail (SD_IS_WINDOW (self), FALSE);
  return gtk_revealer_get_child_revealed (self->incoming_revealer);
}

/**
 * sd_window_get_incoming_visible:
 * @self: a window
 *
 * Returns: whether the banner of an incoming call shows (for tests)
 */
gboolean
sd_window_get_incoming_visible (SdWindow *self)
{
  g_return_val_if_fail (SD_IS_WINDOW (self), FALSE);
  return gtk_revealer_get_reveal_child (self->incoming_revealer);
}

/* Window actions */

static void
show_call_action (GtkWidget  *widget,
                  const char *name,
                  GVariant   *parameter)
{
  sd_window_show_calls (SD_WINDOW (widget));
}

static void
show_dialer_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *parameter)
{
  sd_window_show_dialer (SD_WINDOW (widget), NULL);
}

static void
show_messages_action (GtkWidget  *widget,
                      const char *name,
                      GVariant   *parameter)
{
  SdWindow *self = SD_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, "messages");
  gtk_widget_grab_focus (GTK_WIDGET (self->new_conversation_entry));
}

/* Size */

static gboolean
sd_window_close_request (GtkWindow *window)
{
  SdWindow *self = SD_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  return GTK_WINDOW_CLASS (sd_window_parent_class)->close_request (window);
}

static void
sd_window_dispose (GObject *object)
{
  SdWindow *self = SD_WINDOW (object);

  if (self->phone != NULL)
    g_signal_handlers_disconnect_by_data (self->phone, self);
  if (self->watched_line != NULL)
    g_signal_handlers_disconnect_by_data (self->watched_line, self);
  g_clear_object (&self->watched_line);
  if (self->banner_call != NULL)
    g_signal_handlers_disconnect_by_data (self->banner_call, self);
  g_clear_object (&self->banner_call);

  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_WINDOW);

  G_OBJECT_CLASS (sd_window_parent_class)->dispose (object);
}

static void
sd_window_finalize (GObject *object)
{
  SdWindow *self = SD_WINDOW (object);

  g_clear_object (&self->phone);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->last_toast, g_free);

  G_OBJECT_CLASS (sd_window_parent_class)->finalize (object);
}

static void
sd_window_class_init (SdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sd_window_dispose;
  object_class->finalize = sd_window_finalize;
  window_class->close_request = sd_window_close_request;

  g_type_ensure (SD_TYPE_CALL_VIEW);
  g_type_ensure (SD_TYPE_CONVERSATION_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/World/SipctxDemo/sd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, incoming_revealer);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, incoming_label);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, answer_button);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, decline_button);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, calls_stack);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, return_button);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, return_content);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, call_group);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, address_row);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, contacts_list);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, history_list);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, clear_history_button);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, call_view);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, messages_leaflet);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, new_conversation_entry);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, conversations_stack);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, conversations_list);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, conversation_stack);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, conversation_view);
  gtk_widget_class_bind_template_callback (widget_class, address_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, call_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, write_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_conversation_cb);
  gtk_widget_class_bind_template_callback (widget_class, conversation_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, conversation_back_cb);

  gtk_widget_class_install_action (widget_class, "win.show-call", NULL, show_call_action);
  gtk_widget_class_install_action (widget_class, "win.show-dialer", NULL, show_dialer_action);
  gtk_widget_class_install_action (widget_class, "win.show-messages", NULL, show_messages_action);
}

static void
sd_window_init (SdWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * sd_window_new:
 * @application: the application
 * @phone: the phone the window shows
 * @settings: the application's settings (window size)
 *
 * Returns: (transfer full): a new main window
 */
SdWindow *
sd_window_new (GtkApplication *application,
               SdPhone        *phone,
               GSettings      *settings)
{
  SdWindow *self;
  GtkWidget *placeholder;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (SD_IS_PHONE (phone), NULL);

  self = g_object_new (SD_TYPE_WINDOW, "application", application, NULL);
  self->phone = g_object_ref (phone);
  self->settings = g_object_ref (settings);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  gtk_list_box_bind_model (self->contacts_list, sd_phone_get_contacts (phone),
                           create_contact_row, NULL, NULL);
  gtk_list_box_bind_model (self->history_list, G_LIST_MODEL (sd_phone_get_history (phone)),
                           create_history_row, self, NULL);
  placeholder = gtk_label_new (_("No calls yet"));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_list_box_set_placeholder (self->history_list, placeholder);
  g_signal_connect_object (sd_phone_get_history (phone), "items-changed",
                           G_CALLBACK (history_changed_cb), self, G_CONNECT_SWAPPED);
  history_changed_cb (self);

  gtk_list_box_bind_model (self->conversations_list,
                           G_LIST_MODEL (sd_phone_get_conversations (phone)),
                           create_conversation_row, NULL, NULL);
  g_signal_connect_object (sd_phone_get_conversations (phone), "items-changed",
                           G_CALLBACK (conversations_changed_cb), self, G_CONNECT_SWAPPED);
  conversations_changed_cb (self);
  sd_conversation_view_set_phone (self->conversation_view, phone);
  g_signal_connect_object (self->messages_leaflet, "notify::folded",
                           G_CALLBACK (folded_cb), self, G_CONNECT_SWAPPED);
  folded_cb (self);

  sd_call_view_set_phone (self->call_view, phone);
  g_signal_connect_object (phone, "notify::n-calls", G_CALLBACK (n_calls_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (phone, "notify::n-calls", G_CALLBACK (update_banner), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (phone, "incoming-call", G_CALLBACK (update_banner), self,
                           G_CONNECT_SWAPPED);
  n_calls_cb (self);
  update_banner (self);

  g_signal_connect_object (sd_phone_get_accounts (phone), "notify::default-account",
                           G_CALLBACK (watch_outgoing_line), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (sd_phone_get_lines (phone), "items-changed",
                           G_CALLBACK (watch_outgoing_line), self, G_CONNECT_SWAPPED);
  watch_outgoing_line (self);

  return self;
}

/**
 * sd_window_get_visible_view:
 * @self: a window
 *
 * Returns: what shows: "dialer", "call" or "messages" (for tests)
 */
const char *
sd_window_get_visible_view (SdWindow *self)
{
  g_return_val_if_fail (SD_IS_WINDOW (self), NULL);

  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "messages") == 0)
    return "messages";

  return gtk_stack_get_visible_child_name (self->calls_stack);
}

SdCallView *
sd_window_get_call_view (SdWindow *self)
{
  g_return_val_if_fail (SD_IS_WINDOW (self), NULL);
  return self->call_view;
}

SdConversationView *
sd_window_get_conversation_view (SdWindow *self)
{
  g_return_val_if_fail (SD_IS_WINDOW (self), NULL);
  return self->conversation_view;
}
