/* sd-call-view.c: the in-call view of the demo softphone
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sd-call-view.h"
#include "sd-describe.h"

/**
 * SdCallView:
 *
 * The current call of an #SdPhone: who, its state and duration, and what
 * can be done with it (hold, keypad, transfer, hang up, answer). When
 * there are several calls, they are listed on top: the phone's calls,
 * the user agents' list models flattened into one list view, whose
 * selection is the phone's current call.
 *
 * Buttons activate the application's actions (`app.hangup`,
 * `app.send-dtmf`, …) on the current call, as a test or a shortcut would.
 */
struct _SdCallView
{
  AdwBin              parent_instance;

  SdPhone            *phone;
  SipInviteContext   *call;        /* the phone's current call, watched */
  GtkSingleSelection *selection;
  guint               tick_id;
  gboolean            syncing;

  GtkWidget          *calls_box;
  GtkListView        *calls_list;
  AdwAvatar          *avatar;
  GtkLabel           *title_label;
  GtkLabel           *address_label;
  GtkLabel           *state_label;
  GtkLabel           *duration_label;
  GtkToggleButton    *hold_button;
  GtkToggleButton    *keypad_button;
  GtkWidget          *transfer_button;
  GtkWidget          *keypad;
  GtkWidget          *hangup_button;
  GtkWidget          *answer_button;
  GtkPopover         *transfer_popover;
  GtkEntry           *transfer_entry;
};

G_DEFINE_FINAL_TYPE (SdCallView, sd_call_view, ADW_TYPE_BIN)

static gboolean
is_ringing_here (SipInviteContext *call)
{
  return SIP_IS_SERVER_CONTEXT (call) &&
         !sip_server_context_is_answered (SIP_SERVER_CONTEXT (call)) &&
         !sip_context_is_terminated (SIP_CONTEXT (call));
}

static void
update_duration (SdCallView *self)
{
  GDateTime *start = self->call ? sip_invite_context_get_start_time (self->call) : NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *text = NULL;

  if (start == NULL)
    {
      gtk_label_set_label (self->duration_label, "");
      return;
    }

  now = g_date_time_new_now_utc ();
  text = sd_format_duration ((guint) MAX (0, g_date_time_difference (now, start) / G_TIME_SPAN_SECOND));
  gtk_label_set_label (self->duration_label, text);
}

static gboolean
tick_cb (gpointer user_data)
{
  update_duration (SD_CALL_VIEW (user_data));
  return G_SOURCE_CONTINUE;
}

static void
update (SdCallView *self)
{
  SipInviteContext *call = self->call;
  g_autofree char *title = NULL;
  g_autofree char *address = NULL;
  SipContextState state;
  gboolean established, ringing;

  if (call == NULL)
    {
      gtk_label_set_label (self->title_label, "");
      gtk_label_set_label (self->address_label, "");
      gtk_label_set_label (self->state_label, _("No call"));
      gtk_label_set_label (self->duration_label, "");
      adw_avatar_set_text (self->avatar, NULL);
      gtk_widget_set_sensitive (GTK_WIDGET (self->hold_button), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->keypad_button), FALSE);
      gtk_widget_set_sensitive (self->transfer_button, FALSE);
      gtk_widget_set_sensitive (self->hangup_button, FALSE);
      gtk_widget_set_visible (self->answer_button, FALSE);
      return;
    }

  state = sip_context_get_state (SIP_CONTEXT (call));
  established = state == SIP_CONTEXT_STATE_ESTABLISHED;
  ringing = is_ringing_here (call);

  title = sd_phone_dup_call_title (self->phone, call);
  address = sd_uri_display (sd_phone_get_call_peer_uri (self->phone, call)
                              ? sd_phone_get_call_peer_uri (self->phone, call) : "");
  gtk_label_set_label (self->title_label, title);
  gtk_label_set_label (self->address_label, address);
  adw_avatar_set_text (self->avatar, title);
  gtk_label_set_label (self->state_label,
                       sd_describe_call_state (state, sip_invite_context_is_outgoing (call),
                                               sip_invite_context_get_local_hold (call),
                                               sip_invite_context_get_remote_hold (call)));
  update_duration (self);

  self->syncing = TRUE;
  gtk_toggle_button_set_active (self->hold_button, sip_invite_context_get_local_hold (call));
  self->syncing = FALSE;
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->hold_button),
                               sip_invite_context_get_local_hold (call) ? _("Resume") : _("Hold"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->hold_button), established);
  gtk_widget_set_sensitive (GTK_WIDGET (self->keypad_button), established);
  gtk_widget_set_sensitive (self->transfer_button, established);
  gtk_widget_set_sensitive (self->hangup_button, state < SIP_CONTEXT_STATE_TERMINATING);
  gtk_widget_set_tooltip_text (self->hangup_button, ringing ? _("Decline") : _("Hang Up"));
  gtk_widget_set_visible (self->answer_button, ringing);
  if (!established)
    gtk_toggle_button_set_active (self->keypad_button, FALSE);
}

static void
call_changed_cb (SdCallView *self)
{
  update (self);
}

static void
select_current (SdCallView *self)
{
  GListModel *model = G_LIST_MODEL (self->selection);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SipInviteContext) call = g_list_model_get_item (model, i);

      if (call == self->call)
        {
          self->syncing = TRUE;
          gtk_single_selection_set_selected (self->selection, i);
          self->syncing = FALSE;
          return;
        }
    }
}

static void
current_call_cb (SdCallView *self)
{
  SipInviteContext *call = sd_phone_get_current_call (self->phone);

  if (self->call != call)
    {
      if (self->call != NULL)
        g_signal_handlers_disconnect_by_data (self->call, self);
      g_set_object (&self->call, call);
      if (call != NULL)
        {
          /* The start time is set as the call becomes established; both
           * holds change with the media. */
          g_signal_connect_swapped (call, "state-changed", G_CALLBACK (call_changed_cb), self);
          g_signal_connect_swapped (call, "media-changed", G_CALLBACK (call_changed_cb), self);
        }
    }

  if (call != NULL && self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
  else if (call == NULL)
    g_clear_handle_id (&self->tick_id, g_source_remove);

  select_current (self);
  update (self);
}

static void
calls_changed_cb (SdCallView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));

  gtk_widget_set_visible (self->calls_box, n > 1);
  select_current (self);
}

static void
selected_cb (SdCallView *self)
{
  SipInviteContext *call = gtk_single_selection_get_selected_item (self->selection);

  if (self->syncing || call == NULL)
    return;

  sd_phone_set_current_call (self->phone, call);
}

/* The rows of the list of calls */

typedef struct
{
  GtkLabel *title;
  GtkLabel *state;
} CallRow;

static void
row_setup_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              SdCallView               *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name ("call-start-symbolic");
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *state = gtk_label_new (NULL);
  CallRow *row = g_new0 (CallRow, 1);

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (state, "dim-label");
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), state);
  gtk_list_item_set_child (item, box);

  row->title = GTK_LABEL (title);
  row->state = GTK_LABEL (state);
  g_object_set_data_full (G_OBJECT (item), "sd-call-row", row, g_free);
}

static void
row_update (GtkListItem *item)
{
  CallRow *row = g_object_get_data (G_OBJECT (item), "sd-call-row");
  SipInviteContext *call = gtk_list_item_get_item (item);
  SdCallView *self = g_object_get_data (G_OBJECT (item), "sd-call-view");
  g_autofree char *title = NULL;

  if (call == NULL || self == NULL)
    return;

  title = sd_phone_dup_call_title (self->phone, call);
  gtk_label_set_label (row->title, title);
  gtk_label_set_label (row->state,
                       sd_describe_call_state (sip_context_get_state (SIP_CONTEXT (call)),
                                               sip_invite_context_is_outgoing (call),
                                               sip_invite_context_get_local_hold (call),
                                               sip_invite_context_get_remote_hold (call)));
}

static void
row_bind_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             SdCallView               *self)
{
  SipInviteContext *call = gtk_list_item_get_item (item);

  g_object_set_data (G_OBJECT (item), "sd-call-view", self);
  /* The row shows the state and both holds. */
  g_signal_connect_swapped (call, "state-changed", G_CALLBACK (row_update), item);
  g_signal_connect_swapped (call, "media-changed", G_CALLBACK (row_update), item);
  row_update (item);
}

static void
row_unbind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               SdCallView               *self)
{
  SipInviteContext *call = gtk_list_item_get_item (item);

  if (call != NULL)
    g_signal_handlers_disconnect_by_data (call, item);
}

/* Controls */

static void
activate_app_action (SdCallView *self,
                     const char *name,
                     GVariant   *parameter)
{
  gtk_widget_activate_action_variant (GTK_WIDGET (self), name, parameter);
}

static void
hold_toggled_cb (SdCallView *self)
{
  gboolean held;

  if (self->syncing || self->call == NULL)
    return;

  held = sip_invite_context_get_local_hold (self->call);
  activate_app_action (self, held ? "app.resume" : "app.hold", g_variant_new_string (""));

  /* The button follows the call once the peer agreed. */
  self->syncing = TRUE;
  gtk_toggle_button_set_active (self->hold_button, held);
  self->syncing = FALSE;
}

static void
transfer_cb (SdCallView *self)
{
  const char *target = gtk_editable_get_text (GTK_EDITABLE (self->transfer_entry));

  activate_app_action (self, "app.transfer", g_variant_new_string (target));
  gtk_popover_popdown (self->transfer_popover);
  gtk_editable_set_text (GTK_EDITABLE (self->transfer_entry), "");
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                SdCallView            *self)
{
  gunichar c = gdk_keyval_to_unicode (keyval);
  char tone[2] = { 0, };

  if (self->call == NULL ||
      sip_context_get_state (SIP_CONTEXT (self->call)) != SIP_CONTEXT_STATE_ESTABLISHED ||
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;

  if (!(g_ascii_isdigit (c) || c == '*' || c == '#'))
    return GDK_EVENT_PROPAGATE;

  tone[0] = (char) c;
  activate_app_action (self, "app.send-dtmf", g_variant_new_string (tone));
  return GDK_EVENT_STOP;
}

/* For the avatar: hidden while the keypad shows. */
static gboolean
not_cb (SdCallView *self,
        gboolean    value)
{
  return !value;
}

static void
sd_call_view_dispose (GObject *object)
{
  SdCallView *self = SD_CALL_VIEW (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->call != NULL)
    g_signal_handlers_disconnect_by_data (self->call, self);
  g_clear_object (&self->call);
  if (self->phone != NULL)
    g_signal_handlers_disconnect_by_data (self->phone, self);
  g_clear_object (&self->phone);
  if (self->calls_list != NULL)
    gtk_list_view_set_model (self->calls_list, NULL);
  g_clear_object (&self->selection);

  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_CALL_VIEW);

  G_OBJECT_CLASS (sd_call_view_parent_class)->dispose (object);
}

static void
sd_call_view_class_init (SdCallViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_call_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/World/SipctxDemo/sd-call-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SdCallView, calls_box);
  gtk_widget_class_bind_template_child (widget_class, SdCallView, calls_list);
  gtk_widget_class_bind_template_child (widget_class, SdCallView, avatar);
  gtk_widget_class_bind_template_child (widget_class, SdCallView, title_label);
  gtk_widget_class_bind_template_child (widget_class, SdCallView, address_label);
  gtk_widget_class_bind_template_child (widget_class, SdCallView, state_label);
  gtk_widget_class_bind_template_child (widget_class, SdCallView, duration_label);
  gtk_widget_class_bind_template_child (widget_class, SdCallView, hold_button);
  gtk_widget_class_bind_template_child (widget_class, SdCallView, keypad_button);
  gtk_widget_class_bind_template_child (widget_class, SdCallView, transfer_button);
  gtk_widget_class_bind_template_child (widget_class, SdCallView, keypad);
  gtk_widget_class_bind_template_child (widget_class, SdCallView, hangup_button);
  gtk_widget_class_bind_template_child (widget_class, SdCallView, answer_button);
  gtk_widget_class_bind_template_child (widget_class, SdCallView, transfer_popover);
  gtk_widget_class_bind_template_child (widget_class, SdCallView, transfer_entry);
  gtk_widget_class_bind_template_callback (widget_class, hold_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, transfer_cb);
  gtk_widget_class_bind_template_callback_full (widget_class, "not", G_CALLBACK (not_cb));
}

static void
sd_call_view_init (SdCallView *self)
{
  GtkListItemFactory *factory;
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (row_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (row_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (row_unbind_cb), self);
  gtk_list_view_set_factory (self->calls_list, factory);
  g_object_unref (factory);

  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  update (self);
}

/**
 * sd_call_view_set_phone:
 * @self: a call view
 * @phone: the phone whose calls it shows
 */
void
sd_call_view_set_phone (SdCallView *self,
                        SdPhone    *phone)
{
  g_autoptr(GtkFlattenListModel) calls = NULL;

  g_return_if_fail (SD_IS_CALL_VIEW (self));
  g_return_if_fail (SD_IS_PHONE (phone));
  g_return_if_fail (self->phone == NULL);

  self->phone = g_object_ref (phone);

  /* Every line's calls (each a SipUserAgent:calls), as one list. */
  calls = gtk_flatten_list_model_new (g_object_ref (sd_phone_get_call_lists (phone)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_steal_pointer (&calls)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_list_view_set_model (self->calls_list, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_swapped (self->selection, "items-changed", G_CALLBACK (calls_changed_cb), self);
  g_signal_connect_swapped (self->selection, "notify::selected-item", G_CALLBACK (selected_cb), self);

  g_signal_connect_swapped (phone, "notify::current-call", G_CALLBACK (current_call_cb), self);
  current_call_cb (self);
  calls_changed_cb (self);
}

/**
 * sd_call_view_get_state_text:
 * @self: a call view
 *
 * Returns: the state of the current call, as shown (for tests)
 */
const char *
sd_call_view_get_state_text (SdCallView *self)
{
  g_return_val_if_fail (SD_IS_CALL_VIEW (self), NULL);
  return gtk_label_get_label (self->state_label);
}

/**
 * sd_call_view_get_title_text:
 * @self: a call view
 *
 * Returns: who the current call is with, as shown (for tests)
 */
const char *
sd_call_view_get_title_text (SdCallView *self)
{
  g_return_val_if_fail (SD_IS_CALL_VIEW (self), NULL);
  return gtk_label_get_label (self->title_label);
}

/**
 * sd_call_view_get_duration_text:
 * @self: a call view
 *
 * Returns: how long the current call lasts, as shown (for tests)
 */
const char *
sd_call_view_get_duration_text (SdCallView *self)
{
  g_return_val_if_fail (SD_IS_CALL_VIEW (self), NULL);
  return gtk_label_get_label (self->duration_label);
}

/**
 * sd_call_view_set_keypad_revealed:
 * @self: a call view
 * @revealed: whether the keypad shows
 *
 * Shows or hides the keypad, as its toggle button does.
 */
void
sd_call_view_set_keypad_revealed (SdCallView *self,
                                  gboolean    revealed)
{
  g_return_if_fail (SD_IS_CALL_VIEW (self));
  gtk_toggle_button_set_active (self->keypad_button, revealed);
}

/**
 * sd_call_view_get_n_listed:
 * @self: a call view
 *
 * Returns: how many calls the list of calls holds (for tests)
 */
guint
sd_call_view_get_n_listed (SdCallView *self)
{
  g_return_val_if_fail (SD_IS_CALL_VIEW (self), 0);
  return self->selection ? g_list_model_get_n_items (G_LIST_MODEL (self->selection)) : 0;
}
