/* test-demo-ui.c: the demo softphone's UI, driven through its actions
 *
 * Runs the real application in this process, under Xvfb and a private
 * D-Bus session (see run-ui-test.sh), with this test as the desktop's
 * notification server (org.freedesktop.Notifications), so that the
 * notification of an incoming call can be clicked like a person would.
 * Everything goes through the application's actions (app.call,
 * app.send-message, ...) and is checked in the widgets: the in-call view
 * reaches "Established", the echo peer's reply shows in the conversation,
 * the incoming call's banner and notification appear and its Answer
 * button works, a call the caller gives up on leaves a “Missed Call”
 * notification, a transfer the echo peer asks for (“transfer me”) shows
 * as a toast and a new call, and the application quits cleanly (run
 * status 0).
 *
 * Screenshots of the main views are taken on the way, into
 * $SD_SCREENSHOT_DIR (docs/screenshots/ for the metainfo) or, by
 * default, the test's temporary directory; each is checked to be a PNG of
 * the window's size.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "sd-account-editor.h"
#include "sd-application.h"
#include "sd-preferences-window.h"
#include "sd-secret-store.h"
#include "sip-test-utils.h"

#define WAIT_MS 20000

#define wait_until(cond) sip_test_wait_until (cond, WAIT_MS)

/* The notification server */

typedef struct
{
  guint32  id;
  char    *summary;
  char    *body;
  GStrv    actions;   /* key, label, key, label, ... */
  gboolean closed;
} Notification;

typedef struct
{
  GDBusConnection *bus;
  guint            owner_id;
  guint            object_id;
  gboolean         owned;
  GPtrArray       *notifications;
  guint32          next_id;
} NotificationServer;

static NotificationServer server;

static const char notifications_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.Notifications'>"
  "    <method name='Notify'>"
  "      <arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='as' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "      <arg type='u' direction='out'/>"
  "    </method>"
  "    <method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "    <method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "    <method name='GetServerInformation'>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "    </method>"
  "    <signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>"
  "    <signal name='NotificationClosed'><arg type='u'/><arg type='u'/></signal>"
  "  </interface>"
  "</node>";

static void
notification_free (Notification *notification)
{
  g_free (notification->summary);
  g_free (notification->body);
  g_strfreev (notification->actions);
  g_free (notification);
}

static void
notifications_method_cb (GDBusConnection       *connection,
                         const char            *sender,
                         const char            *path,
                         const char            *interface,
                         const char            *method,
                         GVariant              *parameters,
                         GDBusMethodInvocation *invocation,
                         gpointer               user_data)
{
  if (g_str_equal (method, "Notify"))
    {
      Notification *notification = g_new0 (Notification, 1);
      const char *app_name, *icon, *summary, *body;
      guint32 replaces;
      g_autoptr(GVariant) hints = NULL;
      int timeout;

      g_variant_get (parameters, "(&su&s&s&s^as@a{sv}i)", &app_name, &replaces, &icon,
                     &summary, &body, &notification->actions, &hints, &timeout);
      notification->id = replaces != 0 ? replaces : ++server.next_id;
      notification->summary = g_strdup (summary);
      notification->body = g_strdup (body);
      g_ptr_array_add (server.notifications, notification);
      g_test_message ("notification %u: %s: %s", notification->id, summary, body);
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", notification->id));
    }
  else if (g_str_equal (method, "CloseNotification"))
    {
      guint32 id;

      g_variant_get (parameters, "(u)", &id);
      for (guint i = 0; i < server.notifications->len; i++)
        {
          Notification *notification = g_ptr_array_index (server.notifications, i);

          if (notification->id == id)
            notification->closed = TRUE;
        }
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_str_equal (method, "GetCapabilities"))
    {
      const char *caps[] = { "actions", "body", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else
    {
      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new ("(ssss)", "test", "libsipctx", "1", "1.2"));
    }
}

static void
name_acquired_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  server.owned = TRUE;
}

static void
name_lost_cb (GDBusConnection *connection,
              const char      *name,
              gpointer         user_data)
{
  g_error ("Could not own %s on the session bus: is another notification server running?", name);
}

static void
notification_server_start (void)
{
  static const GDBusInterfaceVTable vtable = { notifications_method_cb, NULL, NULL, { 0 } };
  g_autoptr(GDBusNodeInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  server.notifications = g_ptr_array_new_with_free_func ((GDestroyNotify) notification_free);
  server.bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);

  info = g_dbus_node_info_new_for_xml (notifications_xml, &error);
  g_assert_no_error (error);
  server.object_id = g_dbus_connection_register_object (server.bus, "/org/freedesktop/Notifications",
                                                        info->interfaces[0], &vtable,
                                                        NULL, NULL, &error);
  g_assert_no_error (error);
  server.owner_id = g_bus_own_name_on_connection (server.bus, "org.freedesktop.Notifications",
                                                  G_BUS_NAME_OWNER_FLAGS_DO_NOT_QUEUE,
                                                  name_acquired_cb, name_lost_cb, NULL, NULL);
  wait_until (server.owned);
}

static void
notification_server_stop (void)
{
  g_bus_unown_name (server.owner_id);
  g_dbus_connection_unregister_object (server.bus, server.object_id);
  g_clear_pointer (&server.notifications, g_ptr_array_unref);
  g_clear_object (&server.bus);
}

static Notification *
find_notification (const char *summary)
{
  for (guint i = server.notifications->len; i > 0; i--)
    {
      Notification *notification = g_ptr_array_index (server.notifications, i - 1);

      if (g_strcmp0 (notification->summary, summary) == 0)
        return notification;
    }

  return NULL;
}

/* Waits until the application has the answers to its Notify calls so
 * far: GLib withdraws a notification whose id it does not know yet
 * without closing it. The application and this server share the session
 * bus connection, and the bus daemon answers in order: once a call to it
 * returns, the answers to Notify have arrived, and their callbacks are
 * pending in the main context. */
static void
notification_server_sync (void)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_sync (server.bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "GetId", NULL, G_VARIANT_TYPE ("(s)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The key of the button labelled LABEL. */
static const char *
notification_action (Notification *notification,
                     const char   *label)
{
  for (guint i = 0; notification->actions[i] && notification->actions[i + 1]; i += 2)
    if (g_strcmp0 (notification->actions[i + 1], label) == 0)
      return notification->actions[i];

  return NULL;
}

static void
click_notification_button (Notification *notification,
                           const char   *label)
{
  const char *key = notification_action (notification, label);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (key);
  g_dbus_connection_emit_signal (server.bus, NULL, "/org/freedesktop/Notifications",
                                 "org.freedesktop.Notifications", "ActionInvoked",
                                 g_variant_new ("(us)", notification->id, key), &error);
  g_assert_no_error (error);
}

/* Widgets */

/* Whether a label under WIDGET has text that starts with PREFIX. */
static gboolean
has_label (GtkWidget  *widget,
           const char *prefix)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_str_has_prefix (gtk_label_get_label (GTK_LABEL (widget)), prefix))
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_label (child, prefix))
      return TRUE;

  return FALSE;
}

static char *screenshot_dir;

static void
screenshot (GtkWidget  *window,
            const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GdkTexture) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (screenshot_dir, name, NULL);
  GtkSnapshot *snapshot;
  GskRenderNode *node;
  int width, height;

  /* Let animations (revealers, toasts) settle and the frame be drawn:
   * wait for two frames of the window's clock. */
  {
    GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
    gint64 frame = gdk_frame_clock_get_frame_counter (clock);

    gtk_widget_queue_draw (window);
    wait_until (gdk_frame_clock_get_frame_counter (clock) >= frame + 2);
  }

  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);
  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_render_node_unref (node);
  g_assert_true (gdk_texture_save_to_png (texture, path));

  reloaded = gdk_texture_new_from_filename (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (reloaded), ==, width);
  g_assert_cmpint (gdk_texture_get_height (reloaded), ==, height);
  g_test_message ("screenshot %s (%dx%d)", path, width, height);
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The preferences row titled TITLE under WIDGET. */
static GtkWidget *
find_row (GtkWidget  *widget,
          const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, title);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWindow *
find_window (SdApplication *app,
             GType          type)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
      return l->data;

  return NULL;
}

static void
record_shown_cb (SipInviteContext *call,
                 SipContextState   old_state,
                 SdCallView       *view)
{
  GPtrArray *shown = g_object_get_data (G_OBJECT (view), "test-shown");
  const char *text = sd_call_view_get_state_text (view);

  if (g_strcmp0 (g_ptr_array_index (shown, shown->len - 1), text) != 0)
    g_ptr_array_add (shown, g_strdup (text));
}

/* The script */

typedef struct
{
  SdApplication *app;
  int            status;
  gboolean       done;
} Run;

static void
activate (SdApplication *app,
          const char    *action,
          GVariant      *parameter)
{
  g_action_group_activate_action (G_ACTION_GROUP (app), action, parameter);
}

static gboolean
script_cb (gpointer user_data)
{
  Run *run = user_data;
  SdApplication *app = run->app;
  SdWindow *window = sd_application_get_window (app);
  SdPhone *phone = sd_application_get_phone (app);
  SdCallView *call_view;
  GtkWidget *messages;
  Notification *notification;
  GtkWindow *preferences;
  SipInviteContext *call;
  g_autoptr(SdAccount) alice = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) shown = NULL;

  g_assert_nonnull (window);
  wait_until (gtk_widget_get_mapped (GTK_WIDGET (window)));
  call_view = sd_window_get_call_view (window);
  g_assert_cmpstr (sd_window_get_visible_view (window), ==, "dialer");
  g_assert_cmpint (sd_line_get_state (sd_phone_get_local_line (phone)), ==, SD_LINE_STATE_READY);

  /* A call to the echo peer: it rings, then is established. What the
   * view says is recorded at each change of the call's state (the view's
   * own handler runs first). */
  activate (app, "call", g_variant_new_string ("echo"));
  g_assert_cmpstr (sd_window_get_visible_view (window), ==, "call");
  g_assert_cmpstr (sd_call_view_get_title_text (call_view), ==, "Echo");
  shown = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (shown, g_strdup (sd_call_view_get_state_text (call_view)));
  g_object_set_data (G_OBJECT (call_view), "test-shown", shown);
  g_signal_connect (sd_phone_get_current_call (phone), "state-changed",
                    G_CALLBACK (record_shown_cb), call_view);
  wait_until (g_strcmp0 (sd_call_view_get_state_text (call_view), "Established") == 0);
  g_signal_handlers_disconnect_by_func (sd_phone_get_current_call (phone), record_shown_cb, call_view);
  {
    g_autofree char *joined = NULL;

    g_ptr_array_add (shown, NULL);
    joined = g_strjoinv (", ", (char **) shown->pdata);
    g_test_message ("the call view showed: %s", joined);
    g_assert_true (g_str_has_prefix (joined, "Calling…, Ringing…, "));
    g_assert_true (g_str_has_suffix (joined, ", Established"));
  }
  g_object_set_data (G_OBJECT (call_view), "test-shown", NULL);

  /* Keypad tones come back as a message. */
  sd_call_view_set_keypad_revealed (call_view, TRUE);
  activate (app, "send-dtmf", g_variant_new_string ("1"));
  activate (app, "send-dtmf", g_variant_new_string ("2"));
  wait_until (sd_conversation_store_lookup (sd_phone_get_conversations (phone), "sip:echo@localhost") != NULL);
  {
    SdConversation *echo = sd_conversation_store_lookup (sd_phone_get_conversations (phone),
                                                         "sip:echo@localhost");

    wait_until (g_list_model_get_n_items (sd_conversation_get_messages (echo)) >= 1);
  }
  wait_until (g_strcmp0 (sd_call_view_get_duration_text (call_view), "0:00") != 0);
  screenshot (GTK_WIDGET (window), "in-call.png");

  /* Hold and resume, as shown. */
  activate (app, "hold", g_variant_new_string (""));
  wait_until (g_strcmp0 (sd_call_view_get_state_text (call_view), "On hold") == 0);
  activate (app, "resume", g_variant_new_string (""));
  wait_until (g_strcmp0 (sd_call_view_get_state_text (call_view), "Established") == 0);

  /* A second call: both are listed, the new one is current; hanging it
   * up makes the first one current again. */
  call = sd_phone_get_current_call (phone);
  activate (app, "call", g_variant_new_string ("echo@localhost"));
  g_assert_true (sd_phone_get_current_call (phone) != call);
  wait_until (sd_call_view_get_n_listed (call_view) == 2);
  wait_until (g_strcmp0 (sd_call_view_get_state_text (call_view), "Established") == 0);
  activate (app, "hangup", g_variant_new_string (""));
  wait_until (sd_call_view_get_n_listed (call_view) == 1);
  g_assert_true (sd_phone_get_current_call (phone) == call);
  g_assert_cmpstr (sd_window_get_visible_view (window), ==, "call");

  activate (app, "hangup", g_variant_new_string (""));
  wait_until (g_strcmp0 (sd_window_get_visible_view (window), "dialer") == 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sd_phone_get_history (phone))), ==, 2);

  /* A message round trip, seen in the conversation view. */
  activate (app, "send-message", g_variant_new ("(ss)", "echo", "Hello, echo!"));
  g_assert_cmpstr (sd_window_get_visible_view (window), ==, "messages");
  messages = sd_conversation_view_get_message_list (sd_window_get_conversation_view (window));
  wait_until (has_label (messages, "You said: Hello, echo!"));
  wait_until (has_label (messages, "Hello, echo!"));
  activate (app, "send-message", g_variant_new ("(ss)", "echo", "How are you?"));
  wait_until (has_label (messages, "You said: How are you?"));
  screenshot (GTK_WIDGET (window), "messages.png");

  /* The echo peer calls back: a banner, a notification with Answer and
   * Decline; its Answer button answers. */
  activate (app, "send-message", g_variant_new ("(ss)", "echo", "call me"));
  wait_until (sd_window_get_incoming_visible (window));
  wait_until (sd_window_get_incoming_revealed (window));
  wait_until (find_notification ("Incoming Call") != NULL);
  notification = find_notification ("Incoming Call");
  g_assert_cmpstr (notification->body, ==, "Echo (echo@localhost) is calling");
  g_assert_nonnull (notification_action (notification, "Decline"));
  g_assert_nonnull (notification_action (notification, "Answer"));
  sd_window_show_calls (window);
  screenshot (GTK_WIDGET (window), "incoming.png");

  click_notification_button (notification, "Answer");
  call = sd_phone_get_current_call (phone);
  wait_until (g_strcmp0 (sd_call_view_get_state_text (call_view), "Established") == 0);
  wait_until (!sd_window_get_incoming_visible (window));
  g_assert_true (sd_phone_get_current_call (phone) == call);
  g_assert_false (sip_invite_context_is_outgoing (call));
  wait_until (notification->closed);
  activate (app, "hangup", g_variant_new_string (""));
  wait_until (sd_phone_get_n_calls (phone) == 0);

  /* Once more, declined from the notification. */
  activate (app, "send-message", g_variant_new ("(ss)", "echo", "call me"));
  wait_until (sd_window_get_incoming_visible (window));
  wait_until (find_notification ("Incoming Call") != notification);
  notification = find_notification ("Incoming Call");
  click_notification_button (notification, "Decline");
  wait_until (sd_phone_get_n_calls (phone) == 0);
  wait_until (!sd_window_get_incoming_visible (window));
  wait_until (notification->closed);
  {
    g_autoptr(SdHistoryEntry) last = g_list_model_get_item (G_LIST_MODEL (sd_phone_get_history (phone)), 0);

    g_assert_cmpint (sd_history_entry_get_direction (last), ==, SD_CALL_DIRECTION_INCOMING);
    g_assert_cmpint (sd_history_entry_get_outcome (last), ==, SD_CALL_OUTCOME_DECLINED);
  }

  /* The dialer, with the history and its contacts. */
  sd_window_show_dialer (window, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (sd_phone_get_contacts (phone)), ==, 1);
  screenshot (GTK_WIDGET (window), "dialer.png");

  /* Narrow, as on a phone: the view switcher moves to the bottom, the
   * conversation list and the conversation fold into one column. */
  {
    GtkWidget *bar = find_descendant (GTK_WIDGET (window), ADW_TYPE_VIEW_SWITCHER_BAR);
    GtkWidget *bar_revealer = find_descendant (bar, GTK_TYPE_REVEALER);

    /* With animations: GTK 4.8 gives the bar's box a negative size when
     * it appears in one go. */
    g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);
    gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
    wait_until (gtk_widget_get_width (GTK_WIDGET (window)) <= 400);
    wait_until (gtk_revealer_get_child_revealed (GTK_REVEALER (bar_revealer)));
    g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
    screenshot (GTK_WIDGET (window), "narrow-dialer.png");
    activate (app, "open-conversation", g_variant_new_string ("echo"));
    wait_until (has_label (messages, "You said: How are you?"));
    screenshot (GTK_WIDGET (window), "narrow-messages.png");
    g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);
    gtk_window_set_default_size (GTK_WINDOW (window), 860, 640);
    wait_until (gtk_widget_get_width (GTK_WIDGET (window)) > 800);
    wait_until (!gtk_revealer_get_child_revealed (GTK_REVEALER (bar_revealer)));
    g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
    sd_window_show_dialer (window, NULL);
  }

  /* Carol calls and gives up before an answer: the incoming call's
   * notification goes, a missed call's comes, to call her back. */
  {
    g_autoptr(SipUserAgent) carol = sip_test_user_agent_new ("carol");
    g_autoptr(SipInviteClientContext) carol_call = NULL;
    SipUserAgent *local = sd_line_get_user_agent (sd_phone_get_local_line (phone));
    Notification *incoming;

    sip_user_agent_set_display_name (carol, "Carol");
    carol_call = sip_user_agent_invite (carol, sip_user_agent_get_contact_uri (local), NULL, &error);
    g_assert_no_error (error);
    wait_until (find_notification ("Incoming Call") != notification);
    incoming = find_notification ("Incoming Call");
    g_assert_true (g_str_has_prefix (incoming->body, "Carol (carol@127.0.0.1"));
    g_assert_null (find_notification ("Missed Call"));

    wait_until (sip_context_get_state (SIP_CONTEXT (carol_call)) == SIP_CONTEXT_STATE_PROCEEDING);
    notification_server_sync ();
    g_assert_true (sip_invite_context_terminate (SIP_INVITE_CONTEXT (carol_call), &error));
    g_assert_no_error (error);
    wait_until (find_notification ("Missed Call") != NULL);
    notification = find_notification ("Missed Call");
    g_assert_cmpstr (notification->body, ==, "Carol");
    g_assert_nonnull (notification_action (notification, "Call Back"));
    wait_until (incoming->closed);
    wait_until (!sd_window_get_incoming_visible (window));
    g_assert_cmpuint (sd_phone_get_n_calls (phone), ==, 0);

    wait_until (sip_context_is_terminated (SIP_CONTEXT (carol_call)));
    g_clear_object (&carol_call);
    sip_test_user_agent_finish (g_steal_pointer (&carol));
  }

  /* The echo peer asks for a transfer: the phone calls it anew, says so
   * in a toast, and the old call ends. */
  activate (app, "call", g_variant_new_string ("echo"));
  call = sd_phone_get_current_call (phone);
  wait_until (sip_context_get_state (SIP_CONTEXT (call)) == SIP_CONTEXT_STATE_ESTABLISHED);
  activate (app, "send-message", g_variant_new ("(ss)", "echo", "transfer me"));
  wait_until (g_strcmp0 (sd_window_get_last_toast (window), "Transferred to Echo by Echo") == 0);
  wait_until (has_label (GTK_WIDGET (window), "Transferred to Echo by Echo"));
  g_assert_true (sd_phone_get_current_call (phone) != call);
  wait_until (sd_phone_get_n_calls (phone) == 1);
  sd_window_show_calls (window);
  wait_until (g_strcmp0 (sd_call_view_get_state_text (call_view), "Established") == 0);
  g_assert_cmpstr (sd_call_view_get_title_text (call_view), ==, "Echo");
  activate (app, "hangup", g_variant_new_string (""));
  wait_until (sd_phone_get_n_calls (phone) == 0);

  /* The preferences, with an account (disabled: no provider here). */
  alice = sd_account_store_create_account (sd_phone_get_accounts (phone));
  sd_account_set_address (alice, "sip:alice@example.org");
  sd_account_set_display_name (alice, "Alice");
  sd_account_set_enabled (alice, FALSE);
  g_assert_true (sd_phone_save_account (phone, alice, NULL, &error));
  g_assert_no_error (error);
  preferences = sd_application_show_preferences (app);
  wait_until (gtk_widget_get_mapped (GTK_WIDGET (preferences)));
  screenshot (GTK_WIDGET (preferences), "preferences.png");
  sd_preferences_window_edit_account (SD_PREFERENCES_WINDOW (preferences), alice);
  screenshot (GTK_WIDGET (preferences), "account.png");

  /* A new account through the form: refused while the address is not
   * one (the field is marked), saved once it is. */
  sd_preferences_window_edit_account (SD_PREFERENCES_WINDOW (preferences), NULL);
  {
    GtkWidget *editor = NULL;
    GtkWidget *address, *enabled;

    wait_until ((editor = find_descendant (GTK_WIDGET (preferences), SD_TYPE_ACCOUNT_EDITOR)) != NULL &&
                gtk_widget_get_mapped (editor));
    address = find_row (editor, "SIP Address, such as sip:alice@example.org");
    enabled = find_descendant (editor, GTK_TYPE_SWITCH);
    g_assert_nonnull (address);
    g_assert_nonnull (enabled);

    gtk_editable_set_text (GTK_EDITABLE (address), "bob");
    gtk_switch_set_active (GTK_SWITCH (enabled), FALSE);
    g_assert_false (sd_account_editor_save (SD_ACCOUNT_EDITOR (editor), &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    g_assert_true (gtk_widget_has_css_class (address, "error"));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sd_phone_get_accounts (phone))), ==, 1);

    gtk_editable_set_text (GTK_EDITABLE (address), "sip:bob@example.org");
    g_assert_false (gtk_widget_has_css_class (address, "error"));
    g_assert_true (sd_account_editor_save (SD_ACCOUNT_EDITOR (editor), &error));
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sd_phone_get_accounts (phone))), ==, 2);
  }
  gtk_window_destroy (preferences);

  /* The shortcuts and about windows. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
  {
    GtkWidget *overlay = GTK_WIDGET (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));

    g_assert_nonnull (overlay);
    wait_until (gtk_widget_get_mapped (overlay));
    screenshot (overlay, "shortcuts.png");
    gtk_widget_set_visible (overlay, FALSE);
  }
  activate (app, "about", NULL);
  {
    GtkWindow *about = NULL;

    wait_until ((about = find_window (app, ADW_TYPE_ABOUT_WINDOW)) != NULL &&
                gtk_widget_get_mapped (GTK_WIDGET (about)));
    screenshot (GTK_WIDGET (about), "about.png");
    gtk_window_destroy (about);
  }

  /* An error is a toast, not a line on stderr. */
  activate (app, "call", g_variant_new_string ("not an address"));
  g_assert_nonnull (sd_window_get_last_toast (window));
  g_assert_true (g_str_has_prefix (sd_window_get_last_toast (window), "“not an address”"));
  g_assert_cmpuint (sd_phone_get_n_calls (phone), ==, 0);

  /* Quitting saves the window's size. */
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  activate (app, "quit", NULL);
  run->done = TRUE;

  return G_SOURCE_REMOVE;
}

static void
activated_cb (SdApplication *app,
              Run           *run)
{
  /* Screenshots show the end of transitions, not their middle, and the
   * window buttons of a GNOME session (Xvfb's default adds minimize and
   * maximize). */
  g_object_set (gtk_settings_get_default (),
                "gtk-enable-animations", FALSE,
                "gtk-decoration-layout", "appmenu:close",
                NULL);
  g_idle_add (script_cb, run);
}

static void
test_ui (void)
{
  g_autoptr(SdSecretStore) secrets = sd_memory_secret_store_new ();
  Run run = { 0, };

  notification_server_start ();

  run.app = sd_application_new (secrets);
  g_signal_connect_after (run.app, "activate", G_CALLBACK (activated_cb), &run);
  run.status = g_application_run (G_APPLICATION (run.app), 0, NULL);

  /* The script ran to its end, and the application quit cleanly. */
  g_assert_true (run.done);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (sd_application_get_window (run.app));
  g_assert_finalize_object (g_steal_pointer (&run.app));
  {
    g_autoptr(GSettings) settings = g_settings_new ("org.gnome.World.SipctxDemo");

    g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
    g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 700);
  }

  notification_server_stop ();
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *tmpdir = NULL;
  int status;

  /* Not G_TEST_OPTION_ISOLATE_DIRS: GTK needs XDG_DATA_DIRS (the MIME
   * database, the icon themes); run-ui-test.sh gives the user's
   * directories temporary places instead. */
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DISPLAY") == NULL || g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_printerr ("test-demo-ui needs a display and a D-Bus session: run it with run-ui-test.sh\n");
      return 1;
    }

  if (g_getenv ("SD_SCREENSHOT_DIR") != NULL)
    screenshot_dir = g_strdup (g_getenv ("SD_SCREENSHOT_DIR"));
  else
    screenshot_dir = tmpdir = g_dir_make_tmp ("sd-screenshots-XXXXXX", NULL);
  g_assert_cmpint (g_mkdir_with_parents (screenshot_dir, 0755), ==, 0);

  g_test_add_func ("/demo/ui/echo", test_ui);
  status = g_test_run ();

  if (tmpdir != NULL)
    {
      const char *names[] = { "in-call.png", "messages.png", "incoming.png", "preferences.png",
                              "dialer.png", "narrow-dialer.png", "narrow-messages.png",
                              "account.png", "shortcuts.png", "about.png", NULL };

      for (guint i = 0; names[i] != NULL; i++)
        {
          g_autofree char *path = g_build_filename (tmpdir, names[i], NULL);

          g_unlink (path);
        }
      g_rmdir (tmpdir);
    }
  else
    {
      g_free (screenshot_dir);
    }

  return status;
}
