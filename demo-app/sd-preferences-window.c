/* sd-preferences-window.c: the preferences of the demo softphone
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sd-account-editor.h"
#include "sd-preferences-window.h"

/**
 * SdPreferencesWindow:
 *
 * Which line places calls, the accounts with their registration state
 * (each opens an #SdAccountEditor), and what runs on this computer: the
 * local line and the echo peer.
 */
struct _SdPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  SdPhone              *phone;
  gboolean              syncing;

  AdwComboRow          *outgoing_row;
  GtkListBox           *accounts_list;
  AdwActionRow         *local_row;
  AdwActionRow         *echo_row;
};

G_DEFINE_FINAL_TYPE (SdPreferencesWindow, sd_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* Outgoing line */

static void
select_outgoing_line (SdPreferencesWindow *self)
{
  SdLine *outgoing = sd_phone_get_outgoing_line (self->phone);
  GListModel *lines = sd_phone_get_lines (self->phone);
  guint n = g_list_model_get_n_items (lines);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SdLine) line = g_list_model_get_item (lines, i);

      if (line == outgoing)
        {
          self->syncing = TRUE;
          adw_combo_row_set_selected (self->outgoing_row, i);
          self->syncing = FALSE;
          return;
        }
    }
}

static void
outgoing_selected_cb (SdPreferencesWindow *self)
{
  SdLine *line = adw_combo_row_get_selected_item (self->outgoing_row);

  if (self->syncing || line == NULL)
    return;

  sd_account_store_set_default (sd_phone_get_accounts (self->phone), sd_line_get_account (line));
}

/* Accounts */

static void
update_account_row (AdwActionRow *row)
{
  SdAccount *account = g_object_get_data (G_OBJECT (row), "sd-account");
  SdLine *line = g_object_get_data (G_OBJECT (row), "sd-line");
  g_autofree char *title = sd_account_dup_title (account);
  g_autofree char *status = line ? sd_line_dup_status (line) : NULL;
  g_autofree char *subtitle = NULL;

  /* Translators: an account's address and its registration state */
  subtitle = g_strdup_printf (_("%s · %s"), sd_account_get_address (account),
                              status ? status : _("Offline"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (row, subtitle);
}

static GtkWidget *
create_account_row (gpointer item,
                    gpointer user_data)
{
  SdPreferencesWindow *self = user_data;
  SdAccount *account = SD_ACCOUNT (item);
  SdLine *line = sd_phone_get_line_for_account (self->phone, account);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("avatar-default-symbolic"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("go-next-symbolic"));
  g_object_set_data_full (G_OBJECT (row), "sd-account", g_object_ref (account), g_object_unref);
  if (line != NULL)
    {
      g_object_set_data_full (G_OBJECT (row), "sd-line", g_object_ref (line), g_object_unref);
      g_signal_connect_object (line, "notify::status", G_CALLBACK (update_account_row), row,
                               G_CONNECT_SWAPPED);
    }
  g_signal_connect_object (account, "notify::title", G_CALLBACK (update_account_row), row,
                           G_CONNECT_SWAPPED);
  update_account_row (ADW_ACTION_ROW (row));

  return row;
}

static void
editor_done_cb (SdPreferencesWindow *self)
{
  adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (self));
}

static void
editor_error_cb (SdPreferencesWindow *self,
                 const char          *message)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
}

/**
 * sd_preferences_window_edit_account:
 * @self: the preferences
 * @account: (nullable): an account, or %NULL for a new one
 *
 * Opens the form of @account.
 */
void
sd_preferences_window_edit_account (SdPreferencesWindow *self,
                                    SdAccount           *account)
{
  GtkWidget *editor;

  g_return_if_fail (SD_IS_PREFERENCES_WINDOW (self));

  editor = sd_account_editor_new (self->phone, account);
  g_signal_connect_object (editor, "done", G_CALLBACK (editor_done_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (editor, "error", G_CALLBACK (editor_error_cb), self, G_CONNECT_SWAPPED);
  adw_preferences_window_present_subpage (ADW_PREFERENCES_WINDOW (self), editor);
}

static void
add_account_cb (SdPreferencesWindow *self)
{
  sd_preferences_window_edit_account (self, NULL);
}

static void
account_activated_cb (SdPreferencesWindow *self,
                      GtkListBoxRow       *row)
{
  SdAccount *account = g_object_get_data (G_OBJECT (row), "sd-account");

  if (account != NULL)
    sd_preferences_window_edit_account (self, account);
}

/* This computer */

static void
update_local (SdPreferencesWindow *self)
{
  SdLine *local = sd_phone_get_local_line (self->phone);
  SipUserAgent *ua = sd_line_get_user_agent (local);
  const char *route = sd_echo_peer_get_route_uri (sd_phone_get_echo_peer (self->phone));
  g_autofree char *status = sd_line_dup_status (local);
  g_autofree char *local_text = NULL;
  g_autofree char *echo_text = NULL;

  local_text = g_strdup_printf (_("%s · %s"),
                                ua && sip_user_agent_get_contact_uri (ua)
                                  ? sip_user_agent_get_contact_uri (ua) : _("not running"),
                                status);
  adw_action_row_set_subtitle (self->local_row, local_text);

  /* Translators: the echo peer's address, and where it actually listens */
  echo_text = g_strdup_printf (_("echo@localhost · listening on %s"),
                               route ? route : _("nothing (not running)"));
  adw_action_row_set_subtitle (self->echo_row, echo_text);
}

static void
sd_preferences_window_dispose (GObject *object)
{
  SdPreferencesWindow *self = SD_PREFERENCES_WINDOW (object);

  g_clear_object (&self->phone);

  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (sd_preferences_window_parent_class)->dispose (object);
}

static void
sd_preferences_window_class_init (SdPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_preferences_window_dispose;

  g_type_ensure (SD_TYPE_ACCOUNT_EDITOR);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/World/SipctxDemo/sd-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SdPreferencesWindow, outgoing_row);
  gtk_widget_class_bind_template_child (widget_class, SdPreferencesWindow, accounts_list);
  gtk_widget_class_bind_template_child (widget_class, SdPreferencesWindow, local_row);
  gtk_widget_class_bind_template_child (widget_class, SdPreferencesWindow, echo_row);
  gtk_widget_class_bind_template_callback (widget_class, add_account_cb);
  gtk_widget_class_bind_template_callback (widget_class, account_activated_cb);
}

static void
sd_preferences_window_init (SdPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * sd_preferences_window_new:
 * @parent: (nullable): the main window
 * @phone: the phone
 *
 * Returns: (transfer full): the preferences window
 */
SdPreferencesWindow *
sd_preferences_window_new (GtkWindow *parent,
                           SdPhone   *phone)
{
  SdPreferencesWindow *self;
  GtkWidget *placeholder;
  GtkExpression *title;

  g_return_val_if_fail (SD_IS_PHONE (phone), NULL);

  self = g_object_new (SD_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
  self->phone = g_object_ref (phone);

  title = gtk_property_expression_new (SD_TYPE_LINE, NULL, "title");
  adw_combo_row_set_expression (self->outgoing_row, title);
  gtk_expression_unref (title);
  adw_combo_row_set_model (self->outgoing_row, sd_phone_get_lines (phone));
  select_outgoing_line (self);
  g_signal_connect_object (self->outgoing_row, "notify::selected",
                           G_CALLBACK (outgoing_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (sd_phone_get_accounts (phone), "notify::default-account",
                           G_CALLBACK (select_outgoing_line), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (sd_phone_get_lines (phone), "items-changed",
                           G_CALLBACK (select_outgoing_line), self, G_CONNECT_SWAPPED);

  gtk_list_box_bind_model (self->accounts_list, G_LIST_MODEL (sd_phone_get_accounts (phone)),
                           create_account_row, self, NULL);
  placeholder = gtk_label_new (_("No accounts yet: calls go out on this computer only"));
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_list_box_set_placeholder (self->accounts_list, placeholder);

  g_signal_connect_object (sd_phone_get_local_line (phone), "notify::status",
                           G_CALLBACK (update_local), self, G_CONNECT_SWAPPED);
  update_local (self);

  return self;
}
