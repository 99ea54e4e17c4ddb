/* sd-account-editor.c: the form of one account, in the preferences
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sd-account-editor.h"

/**
 * SdAccountEditor:
 *
 * Address, display name, password, registrar, outbound proxy, transport
 * and whether the account is enabled, with its registration state. Saving
 * checks the form first: an account that does not validate is not
 * stored, and #SdAccountEditor::error says why. The password field stays
 * empty for a saved account: left empty, the stored password is kept.
 *
 * #SdAccountEditor::done asks to close the form.
 */
struct _SdAccountEditor
{
  GtkBox            parent_instance;

  SdPhone          *phone;
  SdAccount        *account;   /* NULL for a new account */
  SdLine           *line;

  AdwWindowTitle   *window_title;
  AdwEntryRow      *address_row;
  AdwEntryRow      *display_name_row;
  AdwEntryRow      *password_row;
  GtkSwitch        *enabled_switch;
  AdwActionRow     *status_row;
  AdwEntryRow      *registrar_row;
  AdwEntryRow      *proxy_row;
  AdwComboRow      *transport_row;
  GtkWidget        *remove_group;
};

G_DEFINE_FINAL_TYPE (SdAccountEditor, sd_account_editor, GTK_TYPE_BOX)

enum {
  SIGNAL_DONE,
  SIGNAL_ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_status (SdAccountEditor *self)
{
  g_autofree char *status = NULL;

  if (self->line == NULL)
    return;

  status = sd_line_dup_status (self->line);
  adw_action_row_set_subtitle (self->status_row, status);
}

static void
changed_cb (SdAccountEditor *self)
{
  /* A field that was marked wrong is fixed by editing it. */
  gtk_widget_remove_css_class (GTK_WIDGET (self->address_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->registrar_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->proxy_row), "error");
}

static void
back_cb (SdAccountEditor *self)
{
  g_signal_emit (self, signals[SIGNAL_DONE], 0);
}

static void
fill (SdAccountEditor *self,
      SdAccount       *account)
{
  sd_account_set_address (account, gtk_editable_get_text (GTK_EDITABLE (self->address_row)));
  sd_account_set_display_name (account, gtk_editable_get_text (GTK_EDITABLE (self->display_name_row)));
  sd_account_set_registrar (account, gtk_editable_get_text (GTK_EDITABLE (self->registrar_row)));
  sd_account_set_outbound_proxy (account, gtk_editable_get_text (GTK_EDITABLE (self->proxy_row)));
  sd_account_set_transport (account, adw_combo_row_get_selected (self->transport_row));
  sd_account_set_enabled (account, gtk_switch_get_active (self->enabled_switch));
}

/* Marks the field that made DRAFT fail to validate. */
static void
mark_wrong_row (SdAccountEditor *self,
                SdAccount       *draft)
{
  g_autoptr(SdAccount) without_servers = sd_account_new ("check");
  g_autoptr(GError) error = NULL;
  g_autofree char *proxy = NULL;

  sd_account_set_address (without_servers, sd_account_get_address (draft));
  if (!sd_account_validate (without_servers, NULL))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->address_row), "error");
      return;
    }

  proxy = sd_account_dup_proxy_uri (draft, &error);
  if (error != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->proxy_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->registrar_row), "error");
}

/**
 * sd_account_editor_save:
 * @self: an editor
 * @error: return location for an error
 *
 * Checks the form and saves the account (and the password, if one was
 * typed).
 *
 * Returns: %TRUE if the account was saved
 */
gboolean
sd_account_editor_save (SdAccountEditor  *self,
                        GError          **error)
{
  g_autoptr(SdAccount) draft = NULL;
  const char *password;
  SdAccount *account;

  g_return_val_if_fail (SD_IS_ACCOUNT_EDITOR (self), FALSE);

  /* Check a copy: the account itself changes only when the form is right. */
  draft = sd_account_new (self->account ? sd_account_get_id (self->account) : "draft");
  fill (self, draft);
  if (!sd_account_validate (draft, error))
    {
      mark_wrong_row (self, draft);
      return FALSE;
    }

  account = self->account ? self->account
                          : sd_account_store_create_account (sd_phone_get_accounts (self->phone));
  fill (self, account);

  password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  if (!sd_phone_save_account (self->phone, account, *password != '\0' ? password : NULL, error))
    {
      if (self->account == NULL)
        g_object_unref (account);
      return FALSE;
    }

  if (self->account == NULL)
    g_object_unref (account);

  return TRUE;
}

static void
save_cb (SdAccountEditor *self)
{
  g_autoptr(GError) error = NULL;

  if (!sd_account_editor_save (self, &error))
    {
      g_signal_emit (self, signals[SIGNAL_ERROR], 0, error->message);
      return;
    }

  g_signal_emit (self, signals[SIGNAL_DONE], 0);
}

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    SdAccountEditor  *self)
{
  if (g_strcmp0 (response, "remove") != 0 || self->account == NULL)
    return;

  sd_phone_remove_account (self->phone, self->account);
  g_signal_emit (self, signals[SIGNAL_DONE], 0);
}

static void
remove_cb (SdAccountEditor *self)
{
  g_autofree char *title = NULL;
  GtkWidget *dialog;

  if (self->account == NULL)
    return;

  title = sd_account_dup_title (self->account);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   NULL, NULL);
  /* Translators: %s is an account */
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Remove %s?"), title);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("Its registration ends, and its password is removed from the keyring."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sd_account_editor_dispose (GObject *object)
{
  SdAccountEditor *self = SD_ACCOUNT_EDITOR (object);

  if (self->line != NULL)
    g_signal_handlers_disconnect_by_data (self->line, self);
  g_clear_object (&self->line);
  g_clear_object (&self->account);
  g_clear_object (&self->phone);

  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_ACCOUNT_EDITOR);

  G_OBJECT_CLASS (sd_account_editor_parent_class)->dispose (object);
}

static void
sd_account_editor_class_init (SdAccountEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_account_editor_dispose;

  /**
   * SdAccountEditor::done:
   * @self: the editor
   *
   * Emitted when the form was saved, removed, or left.
   */
  signals[SIGNAL_DONE] =
    g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * SdAccountEditor::error:
   * @self: the editor
   * @message: why the account was not saved
   */
  signals[SIGNAL_ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gnome/World/SipctxDemo/sd-account-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, SdAccountEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, SdAccountEditor, address_row);
  gtk_widget_class_bind_template_child (widget_class, SdAccountEditor, display_name_row);
  gtk_widget_class_bind_template_child (widget_class, SdAccountEditor, password_row);
  gtk_widget_class_bind_template_child (widget_class, SdAccountEditor, enabled_switch);
  gtk_widget_class_bind_template_child (widget_class, SdAccountEditor, status_row);
  gtk_widget_class_bind_template_child (widget_class, SdAccountEditor, registrar_row);
  gtk_widget_class_bind_template_child (widget_class, SdAccountEditor, proxy_row);
  gtk_widget_class_bind_template_child (widget_class, SdAccountEditor, transport_row);
  gtk_widget_class_bind_template_child (widget_class, SdAccountEditor, remove_group);
  gtk_widget_class_bind_template_callback (widget_class, back_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_cb);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
}

static void
sd_account_editor_init (SdAccountEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * sd_account_editor_new:
 * @phone: the phone
 * @account: (nullable): the account to edit, or %NULL for a new one
 *
 * Returns: (transfer floating): the form
 */
GtkWidget *
sd_account_editor_new (SdPhone   *phone,
                       SdAccount *account)
{
  SdAccountEditor *self;

  g_return_val_if_fail (SD_IS_PHONE (phone), NULL);
  g_return_val_if_fail (account == NULL || SD_IS_ACCOUNT (account), NULL);

  self = g_object_new (SD_TYPE_ACCOUNT_EDITOR, NULL);
  self->phone = g_object_ref (phone);

  if (account == NULL)
    {
      adw_window_title_set_title (self->window_title, _("New Account"));
      gtk_switch_set_active (self->enabled_switch, TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->status_row), FALSE);
      gtk_widget_set_visible (self->remove_group, FALSE);
      return GTK_WIDGET (self);
    }

  {
    g_autofree char *title = sd_account_dup_title (account);

    adw_window_title_set_title (self->window_title, title);
  }
  self->account = g_object_ref (account);
  gtk_editable_set_text (GTK_EDITABLE (self->address_row), sd_account_get_address (account));
  gtk_editable_set_text (GTK_EDITABLE (self->display_name_row), sd_account_get_display_name (account));
  gtk_editable_set_text (GTK_EDITABLE (self->registrar_row), sd_account_get_registrar (account));
  gtk_editable_set_text (GTK_EDITABLE (self->proxy_row), sd_account_get_outbound_proxy (account));
  adw_combo_row_set_selected (self->transport_row, sd_account_get_transport (account));
  gtk_switch_set_active (self->enabled_switch, sd_account_get_enabled (account));

  self->line = sd_phone_get_line_for_account (phone, account);
  if (self->line != NULL)
    {
      g_object_ref (self->line);
      g_signal_connect_swapped (self->line, "notify::status", G_CALLBACK (update_status), self);
      update_status (self);
    }

  return GTK_WIDGET (self);
}
