/* sd-application.c: the demo softphone application
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sd-application.h"
#include "sd-preferences-window.h"

/**
 * SdApplication:
 *
 * The application: it owns the #SdPhone and exposes what it does as
 * actions, so the UI, the keyboard, desktop notifications and tests all
 * drive it the same way:
 *
 * | action                  | parameter          | what it does                                   |
 * | ----------------------- | ------------------ | ---------------------------------------------- |
 * | `app.call`              | `s` address        | place a call (“echo”, user@domain, sip:…)      |
 * | `app.answer`            | `s` call id or ""  | answer a ringing call (“” for the oldest)      |
 * | `app.decline`           | `s` call id or ""  | decline a ringing call                         |
 * | `app.hangup`            | `s` call id or ""  | end a call (“” for the current one)            |
 * | `app.hold`, `app.resume`| `s` call id or ""  | hold or resume an established call             |
 * | `app.toggle-hold`       | `s` call id or ""  | hold or resume, whichever applies              |
 * | `app.transfer`          | `s` address        | blind transfer of the current call             |
 * | `app.send-dtmf`         | `s` tones          | keypad tones on the current call               |
 * | `app.send-message`      | `(ss)` to, text    | send a MESSAGE                                 |
 * | `app.open-conversation` | `s` address        | show the conversation with an address          |
 * | `app.dial`              | `s` address        | put an address in the dialer                   |
 * | `app.show-view`         | `s` calls/messages | switch views                                   |
 * | `app.clear-history`     |                    | forget the recent calls                        |
 * | `app.preferences`, `app.about`, `app.quit`, `app.present` |  |                              |
 *
 * A failure shows as a toast in the window, and so does a notice of the
 * phone (a transfer the peer asked for). An incoming call also sends
 * a desktop notification with Answer and Decline buttons (those actions,
 * with the call's id); a message that arrives while the window is not
 * active sends one that opens the conversation.
 *
 * Quitting stops the SIP user agents (ending calls, removing
 * registrations) before the application exits.
 */
struct _SdApplication
{
  AdwApplication  parent_instance;

  SdSecretStore  *secrets;
  GSettings      *settings;
  SdPhone        *phone;
  SdWindow       *window;
  GPtrArray      *pending_toasts;   /* shown once the window exists */
  gboolean        quitting;
};

G_DEFINE_FINAL_TYPE (SdApplication, sd_application, ADW_TYPE_APPLICATION)

static void
show_toast (SdApplication *self,
            const char    *message)
{
  if (self->window != NULL)
    sd_window_add_toast (self->window, message);
  else
    g_ptr_array_add (self->pending_toasts, g_strdup (message));
}

static void
report (SdApplication *self,
        GError        *error)
{
  show_toast (self, error->message);
}

static SdWindow *
ensure_window (SdApplication *self)
{
  if (self->window == NULL)
    {
      self->window = sd_window_new (GTK_APPLICATION (self), self->phone, self->settings);
      g_object_add_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
      for (guint i = 0; i < self->pending_toasts->len; i++)
        sd_window_add_toast (self->window, g_ptr_array_index (self->pending_toasts, i));
      g_ptr_array_set_size (self->pending_toasts, 0);
    }

  return self->window;
}

/* Phone → notifications */

/* The id of the notification of an incoming call, kept on the call: the
 * phone forgets the call's own id when it ends. */
#define NOTIFICATION_ID_KEY "sd-notification-id"

static void
withdraw_call_notification (SdApplication    *self,
                            SipInviteContext *call)
{
  const char *id = g_object_get_data (G_OBJECT (call), NOTIFICATION_ID_KEY);

  if (id != NULL)
    g_application_withdraw_notification (G_APPLICATION (self), id);
  g_object_set_data (G_OBJECT (call), NOTIFICATION_ID_KEY, NULL);
}

static void
incoming_state_cb (SipInviteContext *call,
                   GParamSpec       *pspec,
                   SdApplication    *self)
{
  /* Answered (here, or declined, or canceled by the caller). */
  if (SIP_IS_SERVER_CONTEXT (call) && sip_server_context_is_answered (SIP_SERVER_CONTEXT (call)))
    {
      withdraw_call_notification (self, call);
      g_signal_handlers_disconnect_by_func (call, incoming_state_cb, self);
    }
}

static void
incoming_call_cb (SdApplication    *self,
                  SipInviteContext *call)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *title = sd_phone_dup_call_title (self->phone, call);
  g_autofree char *address = sd_uri_display (sd_phone_get_call_peer_uri (self->phone, call));
  g_autofree char *body = NULL;
  const char *call_id = sd_phone_get_call_id (self->phone, call);
  char *id = g_strdup_printf ("call-%s", call_id);

  /* Translators: %s is who calls, the second %s their address */
  body = g_strdup_printf (_("%s (%s) is calling"), title, address);
  notification = g_notification_new (_("Incoming Call"));
  g_notification_set_body (notification, body);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_URGENT);
  g_notification_set_category (notification, "call.incoming");
  g_notification_set_default_action (notification, "app.present");
  g_notification_add_button_with_target (notification, _("Decline"), "app.decline", "s", call_id);
  g_notification_add_button_with_target (notification, _("Answer"), "app.answer", "s", call_id);
  g_application_send_notification (G_APPLICATION (self), id, notification);

  g_object_set_data_full (G_OBJECT (call), NOTIFICATION_ID_KEY, id, g_free);
  g_signal_connect_object (call, "notify::state", G_CALLBACK (incoming_state_cb), self, 0);
}

static void
call_ended_cb (SdApplication    *self,
               SipInviteContext *call,
               SdHistoryEntry   *entry)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *title = NULL;

  withdraw_call_notification (self, call);
  g_signal_handlers_disconnect_by_func (call, incoming_state_cb, self);

  if (sd_history_entry_get_outcome (entry) != SD_CALL_OUTCOME_MISSED || self->quitting)
    return;

  title = sd_phone_dup_peer_title (self->phone, sd_history_entry_get_peer_uri (entry),
                                   sd_history_entry_get_peer_name (entry));
  notification = g_notification_new (_("Missed Call"));
  g_notification_set_body (notification, title);
  g_notification_set_category (notification, "call.unanswered");
  g_notification_set_default_action (notification, "app.present");
  g_notification_add_button_with_target (notification, _("Call Back"), "app.call", "s",
                                         sd_history_entry_get_peer_uri (entry));
  g_application_send_notification (G_APPLICATION (self), "missed-call", notification);
}

static void
message_received_cb (SdApplication  *self,
                     SdConversation *conversation,
                     SdChatMessage  *message)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *title = NULL;

  if (self->window != NULL && gtk_window_is_active (GTK_WINDOW (self->window)))
    return;

  title = sd_conversation_dup_title (conversation);
  notification = g_notification_new (title);
  g_notification_set_body (notification, sd_chat_message_get_text (message));
  g_notification_set_category (notification, "im.received");
  g_notification_set_default_action_and_target (notification, "app.open-conversation", "s",
                                                sd_conversation_get_peer_uri (conversation));
  g_application_send_notification (G_APPLICATION (self), "message", notification);
}

/* The phone's errors and notices alike. */
static void
phone_toast_cb (SdApplication *self,
                const char    *message)
{
  show_toast (self, message);
}

/* Actions */

static SipInviteContext *
find_call (SdApplication *self,
           GVariant      *parameter)
{
  const char *id = parameter ? g_variant_get_string (parameter, NULL) : "";
  SipInviteContext *call = sd_phone_find_call (self->phone, id);

  if (call == NULL)
    show_toast (self, *id != '\0' ? _("That call has ended") : _("There is no call"));

  return call;
}

static void
call_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  SdApplication *self = user_data;
  g_autoptr(GError) error = NULL;

  if (sd_phone_call (self->phone, g_variant_get_string (parameter, NULL), &error) == NULL)
    report (self, error);
  else
    sd_window_show_calls (ensure_window (self));
}

static void
answer_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  SdApplication *self = user_data;
  g_autoptr(GError) error = NULL;
  const char *id = g_variant_get_string (parameter, NULL);
  SipInviteContext *call = NULL;

  if (*id != '\0' && (call = find_call (self, parameter)) == NULL)
    return;

  if (!sd_phone_answer (self->phone, call, &error))
    report (self, error);

  gtk_window_present (GTK_WINDOW (ensure_window (self)));
  sd_window_show_calls (self->window);
}

static void
decline_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  SdApplication *self = user_data;
  g_autoptr(GError) error = NULL;
  const char *id = g_variant_get_string (parameter, NULL);
  SipInviteContext *call = NULL;

  if (*id != '\0' && (call = find_call (self, parameter)) == NULL)
    return;

  if (!sd_phone_decline (self->phone, call, &error))
    report (self, error);
}

static void
hangup_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  SdApplication *self = user_data;
  g_autoptr(GError) error = NULL;
  SipInviteContext *call = find_call (self, parameter);

  if (call != NULL && !sd_phone_hangup (self->phone, call, &error))
    report (self, error);
}

static void
hold (SdApplication *self,
      GVariant      *parameter,
      int            what)   /* 1 hold, 0 resume, -1 toggle */
{
  g_autoptr(GError) error = NULL;
  SipInviteContext *call = find_call (self, parameter);
  gboolean held;

  if (call == NULL)
    return;

  held = what < 0 ? !sip_invite_context_get_local_hold (call) : what;
  if (!sd_phone_hold (self->phone, call, held, &error))
    report (self, error);
}

static void
hold_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  hold (user_data, parameter, 1);
}

static void
resume_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  hold (user_data, parameter, 0);
}

static void
toggle_hold_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  hold (user_data, parameter, -1);
}

static void
transfer_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  SdApplication *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sd_phone_transfer (self->phone, NULL, g_variant_get_string (parameter, NULL), &error))
    report (self, error);
}

static void
send_dtmf_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  SdApplication *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sd_phone_send_dtmf (self->phone, NULL, g_variant_get_string (parameter, NULL), &error))
    report (self, error);
}

static SdConversation *
open_conversation (SdApplication  *self,
                   const char     *address,
                   GError        **error)
{
  g_autofree char *uri = sd_phone_normalize_target (self->phone, address, error);
  g_autofree char *title = NULL;
  SdConversation *conversation;

  if (uri == NULL)
    return NULL;

  title = sd_phone_dup_peer_title (self->phone, uri, NULL);
  conversation = sd_conversation_store_ensure (sd_phone_get_conversations (self->phone), uri,
                                               g_strcmp0 (uri, SD_ECHO_PEER_ADDRESS) == 0 ? title : NULL);
  sd_window_show_conversation (ensure_window (self), conversation);

  return conversation;
}

static void
send_message_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  SdApplication *self = user_data;
  g_autoptr(GError) error = NULL;
  const char *target, *text;

  g_variant_get (parameter, "(&s&s)", &target, &text);
  if (sd_phone_send_message (self->phone, target, text, &error) == NULL)
    {
      report (self, error);
      return;
    }

  g_clear_error (&error);
  open_conversation (self, target, NULL);
}

static void
open_conversation_action (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  SdApplication *self = user_data;
  g_autoptr(GError) error = NULL;

  if (open_conversation (self, g_variant_get_string (parameter, NULL), &error) == NULL)
    report (self, error);
}

static void
dial_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  SdApplication *self = user_data;

  sd_window_show_dialer (ensure_window (self), g_variant_get_string (parameter, NULL));
  gtk_window_present (GTK_WINDOW (self->window));
}

static void
show_view_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  SdApplication *self = user_data;
  const char *view = g_variant_get_string (parameter, NULL);

  if (g_strcmp0 (view, "messages") == 0)
    gtk_widget_activate_action (GTK_WIDGET (ensure_window (self)), "win.show-messages", NULL);
  else
    sd_window_show_calls (ensure_window (self));
}

static void
clear_history_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  SdApplication *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sd_history_clear (sd_phone_get_history (self->phone), &error))
    report (self, error);
}

/**
 * sd_application_show_preferences:
 * @self: the application
 *
 * Returns: (transfer none): the preferences window, presented
 */
GtkWindow *
sd_application_show_preferences (SdApplication *self)
{
  SdPreferencesWindow *preferences;

  g_return_val_if_fail (SD_IS_APPLICATION (self), NULL);

  preferences = sd_preferences_window_new (GTK_WINDOW (ensure_window (self)), self->phone);
  gtk_window_present (GTK_WINDOW (preferences));

  return GTK_WINDOW (preferences);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  sd_application_show_preferences (user_data);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  SdApplication *self = user_data;
  const char *developers[] = { "The libsipctx developers", NULL };
  GtkWidget *about = adw_about_window_new ();

  gtk_window_set_transient_for (GTK_WINDOW (about), GTK_WINDOW (ensure_window (self)));
  gtk_window_set_application (GTK_WINDOW (about), GTK_APPLICATION (self));
  g_object_set (about,
                "application-name", _("SIP Demo"),
                "application-icon", APPLICATION_ID,
                "version", PACKAGE_VERSION,
                "developer-name", _("The libsipctx developers"),
                "developers", developers,
                "comments", _("A softphone built on libsipctx, the SIP library for GNOME applications. "
                              "Try it with the built-in echo peer, then with your SIP provider."),
                "website", "https://gitlab.gnome.org/World/libsipctx",
                "issue-url", "https://gitlab.gnome.org/World/libsipctx/-/issues",
                "license-type", GTK_LICENSE_LGPL_2_1,
                "copyright", "© 2026 The libsipctx developers",
                /* Translators: your names, one per line */
                "translator-credits", _("translator-credits"),
                NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
present_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  gtk_window_present (GTK_WINDOW (ensure_window (user_data)));
}

static void
shut_down_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SdApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sd_phone_shutdown_finish (SD_PHONE (source), result, &error))
    g_warning ("The SIP stack did not stop cleanly: %s", error->message);

  /* The hold of startup: the application ends once the windows are gone. */
  g_application_release (G_APPLICATION (self));
}

static void
quit (SdApplication *self)
{
  GList *windows;

  if (self->quitting)
    return;
  self->quitting = TRUE;

  /* Closed, not destroyed: the main window saves its size on the way. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);

  sd_phone_shutdown_async (self->phone, NULL, shut_down_cb, g_object_ref (self));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  quit (user_data);
}

static const GActionEntry app_actions[] = {
  { "call", call_action, "s" },
  { "answer", answer_action, "s" },
  { "decline", decline_action, "s" },
  { "hangup", hangup_action, "s" },
  { "hold", hold_action, "s" },
  { "resume", resume_action, "s" },
  { "toggle-hold", toggle_hold_action, "s" },
  { "transfer", transfer_action, "s" },
  { "send-dtmf", send_dtmf_action, "s" },
  { "send-message", send_message_action, "(ss)" },
  { "open-conversation", open_conversation_action, "s" },
  { "dial", dial_action, "s" },
  { "show-view", show_view_action, "s" },
  { "clear-history", clear_history_action },
  { "preferences", preferences_action },
  { "about", about_action },
  { "present", present_action },
  { "quit", quit_action },
};

/* GApplication */

static void
window_removed_cb (SdApplication *self,
                   GtkWindow     *window)
{
  /* Closing the main window quits: the lines stop first. */
  if (SD_IS_WINDOW (window))
    quit (self);
}

static void
sd_application_startup (GApplication *application)
{
  SdApplication *self = SD_APPLICATION (application);
  g_autofree char *history_path = NULL;
  g_autoptr(GError) error = NULL;
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Primary>q", NULL } },
    { "app.preferences", { "<Primary>comma", NULL } },
    { "app.answer('')", { "<Primary><Shift>a", NULL } },
    { "app.hangup('')", { "<Primary><Shift>h", NULL } },
    { "app.toggle-hold('')", { "<Primary><Shift>p", NULL } },
    { "app.show-view('calls')", { "<Alt>1", NULL } },
    { "app.show-view('messages')", { "<Alt>2", NULL } },
    { "win.show-dialer", { "<Primary>n", NULL } },
  };

  G_APPLICATION_CLASS (sd_application_parent_class)->startup (application);

  /* Kept until the phone has stopped (see quit ()). */
  g_application_hold (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action,
                                           accels[i].accels);

  self->settings = g_settings_new (APPLICATION_ID);
  if (self->secrets == NULL)
    self->secrets = sd_libsecret_store_new ();
  history_path = g_build_filename (g_get_user_data_dir (), APPLICATION_ID, "history.gvariant", NULL);
  self->phone = sd_phone_new (self->settings, self->secrets, history_path);

  g_signal_connect_object (self->phone, "error", G_CALLBACK (phone_toast_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->phone, "notice", G_CALLBACK (phone_toast_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->phone, "incoming-call", G_CALLBACK (incoming_call_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->phone, "call-ended", G_CALLBACK (call_ended_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->phone, "message-received", G_CALLBACK (message_received_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect (self, "window-removed", G_CALLBACK (window_removed_cb), NULL);

  if (!sd_phone_start (self->phone, &error))
    report (self, error);
}

static void
sd_application_activate (GApplication *application)
{
  SdApplication *self = SD_APPLICATION (application);

  if (self->quitting)
    return;

  gtk_window_present (GTK_WINDOW (ensure_window (self)));
}

static void
sd_application_open (GApplication  *application,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  SdApplication *self = SD_APPLICATION (application);

  if (self->quitting)
    return;

  /* sip: and sips: links: ready to call, not called behind the back. */
  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *uri = g_file_get_uri (files[i]);

      sd_window_show_dialer (ensure_window (self), uri);
    }

  gtk_window_present (GTK_WINDOW (ensure_window (self)));
}

static void
sd_application_dispose (GObject *object)
{
  SdApplication *self = SD_APPLICATION (object);

  g_clear_object (&self->phone);
  g_clear_object (&self->settings);
  g_clear_object (&self->secrets);

  G_OBJECT_CLASS (sd_application_parent_class)->dispose (object);
}

static void
sd_application_finalize (GObject *object)
{
  SdApplication *self = SD_APPLICATION (object);

  g_clear_pointer (&self->pending_toasts, g_ptr_array_unref);

  G_OBJECT_CLASS (sd_application_parent_class)->finalize (object);
}

static void
sd_application_class_init (SdApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = sd_application_dispose;
  object_class->finalize = sd_application_finalize;
  app_class->startup = sd_application_startup;
  app_class->activate = sd_application_activate;
  app_class->open = sd_application_open;
}

static void
sd_application_init (SdApplication *self)
{
  self->pending_toasts = g_ptr_array_new_with_free_func (g_free);
}

/**
 * sd_application_new:
 * @secrets: (nullable): where passwords are kept; %NULL for the keyring
 *
 * Returns: (transfer full): the application
 */
SdApplication *
sd_application_new (SdSecretStore *secrets)
{
  SdApplication *self;

  self = g_object_new (SD_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/org/gnome/World/SipctxDemo",
                       NULL);
  if (secrets != NULL)
    self->secrets = g_object_ref (secrets);

  return self;
}

/**
 * sd_application_get_phone:
 * @self: the application
 *
 * Returns: (transfer none) (nullable): the phone, after startup
 */
SdPhone *
sd_application_get_phone (SdApplication *self)
{
  g_return_val_if_fail (SD_IS_APPLICATION (self), NULL);
  return self->phone;
}

/**
 * sd_application_get_window:
 * @self: the application
 *
 * Returns: (transfer none) (nullable): the main window
 */
SdWindow *
sd_application_get_window (SdApplication *self)
{
  g_return_val_if_fail (SD_IS_APPLICATION (self), NULL);
  return self->window;
}
