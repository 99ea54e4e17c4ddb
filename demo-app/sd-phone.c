/* sd-phone.c: the softphone without its widgets
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sd-describe.h"
#include "sd-phone.h"
#include "sd-util.h"

/**
 * SdPhone:
 *
 * Everything the demo softphone does, without a widget, so that tests can
 * drive it: the lines (the local line and one per account), the built-in
 * echo peer, the calls and their bookkeeping into the history, and the
 * conversations.
 *
 * - Calls to the echo peer (%SD_ECHO_PEER_ADDRESS, or just “echo”) go out
 *   on the local line to the peer's route URI; other calls on the default
 *   account's line, or the local line when there is no account.
 * - Every incoming call rings at once (180) and is announced with
 *   #SdPhone::incoming-call.
 * - A call that ends becomes an #SdHistoryEntry, announced with
 *   #SdPhone::call-ended.
 * - When the peer of a call asks for a transfer (REFER), the phone
 *   follows it: the new call is one of its calls like any other, and the
 *   current one; the peer hangs up the old call. It is announced with
 *   #SdPhone::notice.
 * - Every problem a person should know about is announced with
 *   #SdPhone::error, a sentence ready for a toast; what they should know
 *   that is not a problem, with #SdPhone::notice.
 *
 * Calls have short ids (“1”, “2”, …) for actions and notifications.
 */

typedef struct
{
  SdPhone          *self;       /* unowned */
  SipInviteContext *call;
  SdLine           *line;
  char             *id;
  char             *peer_uri;
  char             *peer_name;
  SdCallDirection   direction;
  GDateTime        *created;
  guint             status;     /* the final failure status, or 0 */
  char             *reason;     /* the failure, in words */
  gboolean          local_end;  /* declined, canceled or hung up here */
} CallRecord;

struct _SdPhone
{
  GObject              parent_instance;

  GSettings           *settings;
  SdSecretStore       *secrets;
  SdAccountStore      *accounts;
  SdHistory           *history;
  SdConversationStore *conversations;
  SdEchoPeer          *echo;
  SdContact           *echo_contact;
  GListStore          *contacts;      /* SdContact: the echo peer, then the history's */
  GListStore          *lines;         /* SdLine: the local line, then the accounts' */
  GListStore          *call_lists;    /* GListModel: the calls of each running line */
  GPtrArray           *records;       /* CallRecord, oldest first */
  SipInviteContext    *current_call;
  GCancellable        *cancellable;
  char                *account_bind_uri;
  GHashTable          *pending_passwords;  /* account ids whose password is being stored */
  guint                next_call_id;
  gboolean             started;
  gboolean             shutting_down;
};

G_DEFINE_FINAL_TYPE (SdPhone, sd_phone, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CURRENT_CALL,
  PROP_N_CALLS,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

enum {
  SIGNAL_INCOMING_CALL,
  SIGNAL_CALL_ENDED,
  SIGNAL_MESSAGE_RECEIVED,
  SIGNAL_ERROR,
  SIGNAL_NOTICE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void start_account_line (SdPhone *self,
                                SdLine  *line);
static void line_user_agent_cb (SdPhone *self);

static void
emit_error (SdPhone    *self,
            const char *message)
{
  g_debug ("Error shown: %s", message);
  g_signal_emit (self, signals[SIGNAL_ERROR], 0, message);
}

static void
call_record_free (CallRecord *record)
{
  g_signal_handlers_disconnect_by_data (record->call, record);
  g_clear_object (&record->call);
  g_clear_object (&record->line);
  g_clear_pointer (&record->id, g_free);
  g_clear_pointer (&record->peer_uri, g_free);
  g_clear_pointer (&record->peer_name, g_free);
  g_clear_pointer (&record->created, g_date_time_unref);
  g_clear_pointer (&record->reason, g_free);
  g_free (record);
}

static CallRecord *
find_record (SdPhone          *self,
             SipInviteContext *call)
{
  for (guint i = 0; i < self->records->len; i++)
    {
      CallRecord *record = g_ptr_array_index (self->records, i);

      if (record->call == call)
        return record;
    }

  return NULL;
}

static void
sd_phone_dispose (GObject *object)
{
  SdPhone *self = SD_PHONE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->records != NULL)
    g_ptr_array_set_size (self->records, 0);
  g_clear_object (&self->current_call);
  if (self->accounts != NULL)
    g_signal_handlers_disconnect_by_data (self->accounts, self);
  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (sd_history_get_contacts (self->history), self);
  if (self->lines != NULL)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->lines));

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(SdLine) line = g_list_model_get_item (G_LIST_MODEL (self->lines), i);
          SipUserAgent *ua = sd_line_get_user_agent (line);

          g_signal_handlers_disconnect_by_data (line, self);
          if (ua != NULL)
            g_signal_handlers_disconnect_by_data (ua, self);
        }
    }
  g_clear_object (&self->lines);
  g_clear_object (&self->call_lists);
  g_clear_object (&self->echo);
  g_clear_object (&self->echo_contact);
  g_clear_object (&self->contacts);
  g_clear_object (&self->conversations);
  g_clear_object (&self->history);
  g_clear_object (&self->accounts);
  g_clear_object (&self->secrets);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sd_phone_parent_class)->dispose (object);
}

static void
sd_phone_finalize (GObject *object)
{
  SdPhone *self = SD_PHONE (object);

  g_clear_pointer (&self->records, g_ptr_array_unref);
  g_clear_pointer (&self->account_bind_uri, g_free);
  g_clear_pointer (&self->pending_passwords, g_hash_table_unref);

  G_OBJECT_CLASS (sd_phone_parent_class)->finalize (object);
}

static void
sd_phone_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  SdPhone *self = SD_PHONE (object);

  switch (prop_id)
    {
    case PROP_CURRENT_CALL:
      g_value_set_object (value, self->current_call);
      break;
    case PROP_N_CALLS:
      g_value_set_uint (value, self->records->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sd_phone_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  SdPhone *self = SD_PHONE (object);

  switch (prop_id)
    {
    case PROP_CURRENT_CALL:
      sd_phone_set_current_call (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sd_phone_class_init (SdPhoneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sd_phone_dispose;
  object_class->finalize = sd_phone_finalize;
  object_class->get_property = sd_phone_get_property;
  object_class->set_property = sd_phone_set_property;

  /* The call the in-call view shows and the call actions apply to. */
  props[PROP_CURRENT_CALL] =
    g_param_spec_object ("current-call", NULL, NULL, SIP_TYPE_INVITE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* How many calls are live. */
  props[PROP_N_CALLS] =
    g_param_spec_uint ("n-calls", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, props);

  /**
   * SdPhone::incoming-call:
   * @self: the phone
   * @call: the call, ringing
   */
  signals[SIGNAL_INCOMING_CALL] =
    g_signal_new ("incoming-call", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SIP_TYPE_INVITE_CONTEXT);

  /**
   * SdPhone::call-ended:
   * @self: the phone
   * @call: the call, terminated
   * @entry: its history entry
   */
  signals[SIGNAL_CALL_ENDED] =
    g_signal_new ("call-ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, SIP_TYPE_INVITE_CONTEXT, SD_TYPE_HISTORY_ENTRY);

  /**
   * SdPhone::message-received:
   * @self: the phone
   * @conversation: the conversation it was added to
   * @message: the message
   */
  signals[SIGNAL_MESSAGE_RECEIVED] =
    g_signal_new ("message-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, SD_TYPE_CONVERSATION, SD_TYPE_CHAT_MESSAGE);

  /**
   * SdPhone::error:
   * @self: the phone
   * @message: what went wrong, as a sentence for a person
   */
  signals[SIGNAL_ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * SdPhone::notice:
   * @self: the phone
   * @message: what happened, as a sentence for a person
   *
   * Something a person should know that went right without them, such
   * as a transfer the peer of a call asked for.
   */
  signals[SIGNAL_NOTICE] =
    g_signal_new ("notice", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
sd_phone_init (SdPhone *self)
{
  self->records = g_ptr_array_new_with_free_func ((GDestroyNotify) call_record_free);
  self->lines = g_list_store_new (SD_TYPE_LINE);
  self->call_lists = g_list_store_new (G_TYPE_LIST_MODEL);
  self->contacts = g_list_store_new (SD_TYPE_CONTACT);
  self->conversations = sd_conversation_store_new ();
  self->echo = sd_echo_peer_new ();
  self->cancellable = g_cancellable_new ();
  self->next_call_id = 1;
  self->pending_passwords = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static void
history_contacts_changed_cb (SdPhone *self)
{
  GListModel *history_contacts = sd_history_get_contacts (self->history);
  g_autoptr(GPtrArray) contacts = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (history_contacts);

  g_ptr_array_add (contacts, g_object_ref (self->echo_contact));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SdContact) contact = g_list_model_get_item (history_contacts, i);

      /* The echo peer is first already. */
      if (!sd_echo_peer_is_echo_uri (self->echo, sd_contact_get_uri (contact)))
        g_ptr_array_add (contacts, g_steal_pointer (&contact));
    }

  g_list_store_splice (self->contacts, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->contacts)),
                       contacts->pdata, contacts->len);
}

/**
 * sd_phone_new:
 * @settings: the application's settings
 * @secrets: where the account passwords are
 * @history_path: the file of the call history
 *
 * Creates the phone; sd_phone_start() starts its lines and its echo peer.
 * The history is loaded here: a damaged history file is reported with
 * #SdPhone::error at start, and the history starts empty.
 *
 * Returns: (transfer full): a phone
 */
SdPhone *
sd_phone_new (GSettings     *settings,
              SdSecretStore *secrets,
              const char    *history_path)
{
  SdPhone *self;
  g_autofree char *local_name = NULL;
  g_autoptr(SdLine) local_line = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (SD_IS_SECRET_STORE (secrets), NULL);
  g_return_val_if_fail (history_path != NULL, NULL);

  self = g_object_new (SD_TYPE_PHONE, NULL);
  self->settings = g_object_ref (settings);
  self->secrets = g_object_ref (secrets);
  self->accounts = sd_account_store_new (settings);
  self->history = sd_history_new (history_path);
  self->echo_contact = sd_contact_new (SD_ECHO_PEER_ADDRESS, _("Echo"));

  g_settings_bind (settings, "echo-ring-time", self->echo, "ring-time", G_SETTINGS_BIND_GET);

  local_name = g_settings_get_string (settings, "local-display-name");
  local_line = sd_line_new_local (local_name);
  g_list_store_append (self->lines, local_line);
  g_signal_connect_object (sd_phone_get_local_line (self), "notify::user-agent",
                           G_CALLBACK (line_user_agent_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (sd_history_get_contacts (self->history), "items-changed",
                           G_CALLBACK (history_contacts_changed_cb), self,
                           G_CONNECT_SWAPPED);
  history_contacts_changed_cb (self);

  return self;
}

/* Lines */

static guint
n_lines (SdPhone *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->lines));
}

static SdLine *
line_at (SdPhone *self,
         guint    position)
{
  g_autoptr(SdLine) line = g_list_model_get_item (G_LIST_MODEL (self->lines), position);

  /* The store keeps its reference. */
  return line;
}

static void
line_user_agent_cb (SdPhone *self)
{
  g_autoptr(GPtrArray) lists = g_ptr_array_new ();

  for (guint i = 0; i < n_lines (self); i++)
    {
      SipUserAgent *ua = sd_line_get_user_agent (line_at (self, i));

      if (ua != NULL)
        g_ptr_array_add (lists, sip_user_agent_get_calls (ua));
    }

  g_list_store_splice (self->call_lists, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->call_lists)),
                       lists->pdata, lists->len);
}

SdLine *
sd_phone_get_local_line (SdPhone *self)
{
  g_return_val_if_fail (SD_IS_PHONE (self), NULL);
  return line_at (self, 0);
}

/**
 * sd_phone_get_line_for_account:
 * @self: a phone
 * @account: an account of the phone's store
 *
 * Returns: (transfer none) (nullable): the line of @account
 */
SdLine *
sd_phone_get_line_for_account (SdPhone   *self,
                               SdAccount *account)
{
  g_return_val_if_fail (SD_IS_PHONE (self), NULL);

  for (guint i = 1; i < n_lines (self); i++)
    {
      SdLine *line = line_at (self, i);

      if (sd_line_get_account (line) == account)
        return line;
    }

  return NULL;
}

/**
 * sd_phone_get_outgoing_line:
 * @self: a phone
 *
 * Returns: (transfer none): the line that places calls and sends
 *   messages (except to the echo peer): the default account's, or the
 *   local line
 */
SdLine *
sd_phone_get_outgoing_line (SdPhone *self)
{
  SdAccount *account;
  SdLine *line = NULL;

  g_return_val_if_fail (SD_IS_PHONE (self), NULL);

  account = sd_account_store_get_default (self->accounts);
  if (account != NULL)
    line = sd_phone_get_line_for_account (self, account);

  return line != NULL ? line : sd_phone_get_local_line (self);
}

static void on_invite (SipUserAgent           *ua,
                       SipInviteServerContext *call,
                       SdPhone                *self);
static void on_message (SipUserAgent            *ua,
                        SipMessageServerContext *context,
                        SdPhone                 *self);

static void
watch_line (SdPhone *self,
            SdLine  *line)
{
  SipUserAgent *ua = sd_line_get_user_agent (line);

  if (ua == NULL)
    return;

  g_signal_connect_object (ua, "invite", G_CALLBACK (on_invite), self, 0);
  g_signal_connect_object (ua, "message", G_CALLBACK (on_message), self, 0);
}

typedef struct
{
  SdPhone *self;
  SdLine  *line;
} LineStart;

static void
password_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  LineStart *start = user_data;
  g_autoptr(SdLine) line = start->line;
  g_autoptr(SdPhone) self = start->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  g_autofree char *title = NULL;

  g_free (start);
  password = sd_secret_store_lookup_finish (SD_SECRET_STORE (source), result, &error);
  if (self->shutting_down || sd_line_get_user_agent (line) != NULL ||
      !g_list_store_find (self->lines, line, NULL))
    return;

  title = sd_line_dup_title (line);
  if (error != NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is an account; the second %s why the keyring failed */
      message = g_strdup_printf (_("The password of %s could not be read from the keyring: %s"),
                                 title, error->message);
      emit_error (self, message);
      g_clear_error (&error);
    }

  if (!sd_line_start (line, password, &error))
    {
      g_autofree char *message = NULL;

      /* Translators: %s is an account; the second %s why */
      message = g_strdup_printf (_("%s could not start: %s"), title, error->message);
      emit_error (self, message);
      return;
    }

  watch_line (self, line);
}

static void
start_account_line (SdPhone *self,
                    SdLine  *line)
{
  SdAccount *account = sd_line_get_account (line);
  LineStart *start;

  if (self->shutting_down || !self->started || !sd_account_get_enabled (account))
    return;

  start = g_new0 (LineStart, 1);
  start->self = g_object_ref (self);
  start->line = g_object_ref (line);
  sd_secret_store_lookup_async (self->secrets, sd_account_get_id (account), self->cancellable,
                                password_cb, start);
}

static void
restarted_line_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SdPhone) self = user_data;
  SdLine *line = SD_LINE (source);

  sd_line_stop_finish (line, result, NULL);
  if (g_list_store_find (self->lines, line, NULL) && sd_line_get_user_agent (line) == NULL)
    start_account_line (self, line);
}

static void
restart_account_line (SdPhone *self,
                      SdLine  *line)
{
  sd_line_stop_async (line, NULL, restarted_line_cb, g_object_ref (self));
}

static void
stopped_line_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  sd_line_stop_finish (SD_LINE (source), result, NULL);
}

static void
account_added_or_removed_cb (SdPhone    *self,
                             guint       position,
                             guint       removed,
                             guint       added,
                             GListModel *accounts)
{
  /* Lines 1… follow the accounts' order: remove, then add. */
  for (guint i = 0; i < removed; i++)
    {
      g_autoptr(SdLine) line = g_object_ref (line_at (self, 1 + position));

      g_signal_handlers_disconnect_by_data (line, self);
      g_list_store_remove (self->lines, 1 + position);
      sd_line_stop_async (line, NULL, stopped_line_cb, NULL);
    }

  for (guint i = 0; i < added; i++)
    {
      g_autoptr(SdAccount) account = g_list_model_get_item (accounts, position + i);
      g_autoptr(SdLine) line = sd_line_new (account);

      sd_line_set_bind_uri (line, self->account_bind_uri);
      g_signal_connect_object (line, "notify::user-agent",
                               G_CALLBACK (line_user_agent_cb), self, G_CONNECT_SWAPPED);
      g_list_store_insert (self->lines, 1 + position + i, line);
      /* A new account starts through account-changed. */
    }

  line_user_agent_cb (self);
}

static void
account_changed_cb (SdPhone        *self,
                    SdAccount      *account,
                    SdAccountStore *accounts)
{
  SdLine *line = sd_phone_get_line_for_account (self, account);

  /* With a new password on its way, the line restarts once it is stored. */
  if (line != NULL && !g_hash_table_contains (self->pending_passwords, sd_account_get_id (account)))
    restart_account_line (self, line);
}

/**
 * sd_phone_start:
 * @self: a phone
 * @error: return location for an error
 *
 * Starts the echo peer and the local line, then each enabled account's
 * line once its password is read (failures of accounts come as
 * #SdPhone::error and in the line's state).
 *
 * Returns: %TRUE if the echo peer and the local line run
 */
gboolean
sd_phone_start (SdPhone  *self,
                GError  **error)
{
  g_autoptr(GError) local_error = NULL;
  SdLine *local;
  guint n_accounts;

  g_return_val_if_fail (SD_IS_PHONE (self), FALSE);
  g_return_val_if_fail (!self->started, FALSE);

  self->started = TRUE;

  if (!sd_history_load (self->history, &local_error))
    {
      emit_error (self, local_error->message);
      g_clear_error (&local_error);
    }

  if (!sd_echo_peer_start (self->echo, error))
    {
      g_prefix_error (error, _("The echo peer could not start: "));
      return FALSE;
    }

  local = sd_phone_get_local_line (self);
  if (!sd_line_start (local, NULL, error))
    {
      g_prefix_error (error, _("The local line could not start: "));
      return FALSE;
    }
  watch_line (self, local);

  g_signal_connect_object (self->accounts, "items-changed",
                           G_CALLBACK (account_added_or_removed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->accounts, "account-changed",
                           G_CALLBACK (account_changed_cb), self, G_CONNECT_SWAPPED);

  n_accounts = g_list_model_get_n_items (G_LIST_MODEL (self->accounts));
  account_added_or_removed_cb (self, 0, 0, n_accounts, G_LIST_MODEL (self->accounts));
  for (guint i = 1; i < n_lines (self); i++)
    start_account_line (self, line_at (self, i));

  return TRUE;
}

typedef struct
{
  guint pending;
} Shutdown;

static void
shutdown_step_done (GTask *task)
{
  Shutdown *shutdown = g_task_get_task_data (task);

  if (--shutdown->pending == 0)
    g_task_return_boolean (task, TRUE);
}

static void
echo_stopped_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  sd_echo_peer_stop_finish (SD_ECHO_PEER (source), result, NULL);
  shutdown_step_done (task);
}

static void
line_stopped_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  sd_line_stop_finish (SD_LINE (source), result, NULL);
  shutdown_step_done (task);
}

/**
 * sd_phone_shutdown_async:
 * @self: a phone
 * @cancellable: (nullable): a cancellable
 * @callback: called when every user agent has stopped
 * @user_data: data for @callback
 *
 * Ends every call and stops the lines and the echo peer.
 */
void
sd_phone_shutdown_async (SdPhone             *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Shutdown *shutdown;

  g_return_if_fail (SD_IS_PHONE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sd_phone_shutdown_async);
  shutdown = g_new0 (Shutdown, 1);
  g_task_set_task_data (task, shutdown, g_free);

  self->shutting_down = TRUE;
  g_cancellable_cancel (self->cancellable);

  /* One step for this function, so the task cannot end before every
   * stop has been asked for. */
  shutdown->pending = 1;

  shutdown->pending++;
  sd_echo_peer_stop_async (self->echo, NULL, echo_stopped_cb, g_object_ref (task));

  for (guint i = 0; i < n_lines (self); i++)
    {
      shutdown->pending++;
      sd_line_stop_async (line_at (self, i), NULL, line_stopped_cb, g_object_ref (task));
    }

  shutdown_step_done (task);
}

gboolean
sd_phone_shutdown_finish (SdPhone       *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * sd_phone_set_account_bind_uri:
 * @self: a phone, not started
 * @bind_uri: (nullable): where the account lines bind
 *
 * Account lines bind every address by default; tests keep them on
 * 127.0.0.1 with `sip:127.0.0.1:0`.
 */
void
sd_phone_set_account_bind_uri (SdPhone    *self,
                               const char *bind_uri)
{
  g_return_if_fail (SD_IS_PHONE (self));
  g_return_if_fail (!self->started);

  g_free (self->account_bind_uri);
  self->account_bind_uri = g_strdup (bind_uri);
}

/* Getters */

SdAccountStore *
sd_phone_get_accounts (SdPhone *self)
{
  g_return_val_if_fail (SD_IS_PHONE (self), NULL);
  return self->accounts;
}

SdSecretStore *
sd_phone_get_secrets (SdPhone *self)
{
  g_return_val_if_fail (SD_IS_PHONE (self), NULL);
  return self->secrets;
}

/**
 * sd_phone_get_lines:
 * @self: a phone
 *
 * Returns: (transfer none): the lines, as a #GListModel of #SdLine: the
 *   local line, then one per account
 */
GListModel *
sd_phone_get_lines (SdPhone *self)
{
  g_return_val_if_fail (SD_IS_PHONE (self), NULL);
  return G_LIST_MODEL (self->lines);
}

SdEchoPeer *
sd_phone_get_echo_peer (SdPhone *self)
{
  g_return_val_if_fail (SD_IS_PHONE (self), NULL);
  return self->echo;
}

SdHistory *
sd_phone_get_history (SdPhone *self)
{
  g_return_val_if_fail (SD_IS_PHONE (self), NULL);
  return self->history;
}

SdConversationStore *
sd_phone_get_conversations (SdPhone *self)
{
  g_return_val_if_fail (SD_IS_PHONE (self), NULL);
  return self->conversations;
}

/**
 * sd_phone_get_contacts:
 * @self: a phone
 *
 * Returns: (transfer none): the contacts, as a #GListModel of #SdContact:
 *   the echo peer, then the peers of the history
 */
GListModel *
sd_phone_get_contacts (SdPhone *self)
{
  g_return_val_if_fail (SD_IS_PHONE (self), NULL);
  return G_LIST_MODEL (self->contacts);
}

/**
 * sd_phone_get_call_lists:
 * @self: a phone
 *
 * Returns: (transfer none): a #GListModel of #GListModel: the calls of
 *   each running line ([property@Sip.UserAgent:calls]), to flatten into
 *   one list of every live call
 */
GListModel *
sd_phone_get_call_lists (SdPhone *self)
{
  g_return_val_if_fail (SD_IS_PHONE (self), NULL);
  return G_LIST_MODEL (self->call_lists);
}

guint
sd_phone_get_n_calls (SdPhone *self)
{
  g_return_val_if_fail (SD_IS_PHONE (self), 0);
  return self->records->len;
}

/**
 * sd_phone_get_current_call:
 * @self: a phone
 *
 * Returns: (transfer none) (nullable): the call the call actions apply to
 */
SipInviteContext *
sd_phone_get_current_call (SdPhone *self)
{
  g_return_val_if_fail (SD_IS_PHONE (self), NULL);
  return self->current_call;
}

/**
 * sd_phone_set_current_call:
 * @self: a phone
 * @call: (nullable): a live call of the phone
 *
 * Makes @call the one the call actions apply to.
 */
void
sd_phone_set_current_call (SdPhone          *self,
                           SipInviteContext *call)
{
  g_return_if_fail (SD_IS_PHONE (self));
  g_return_if_fail (call == NULL || SIP_IS_INVITE_CONTEXT (call));

  if (call != NULL && find_record (self, call) == NULL)
    return;

  if (g_set_object (&self->current_call, call))
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CURRENT_CALL]);
}

/**
 * sd_phone_get_ringing_call:
 * @self: a phone
 *
 * Returns: (transfer none) (nullable): the oldest incoming call that has
 *   not been answered
 */
SipInviteContext *
sd_phone_get_ringing_call (SdPhone *self)
{
  g_return_val_if_fail (SD_IS_PHONE (self), NULL);

  for (guint i = 0; i < self->records->len; i++)
    {
      CallRecord *record = g_ptr_array_index (self->records, i);

      if (record->direction == SD_CALL_DIRECTION_INCOMING &&
          !sip_server_context_is_answered (SIP_SERVER_CONTEXT (record->call)))
        return record->call;
    }

  return NULL;
}

/* Peers */

static char *
canonical_peer_uri (SdPhone    *self,
                    const char *uri)
{
  if (sd_echo_peer_is_echo_uri (self->echo, uri))
    return g_strdup (SD_ECHO_PEER_ADDRESS);

  return g_strdup (uri);
}

/**
 * sd_phone_dup_peer_title:
 * @self: a phone
 * @peer_uri: a peer's URI
 * @peer_name: (nullable): its display name
 *
 * Returns: (transfer full): what the UI calls the peer: “Echo”, its
 *   display name, or its address
 */
char *
sd_phone_dup_peer_title (SdPhone    *self,
                         const char *peer_uri,
                         const char *peer_name)
{
  g_return_val_if_fail (SD_IS_PHONE (self), NULL);
  g_return_val_if_fail (peer_uri != NULL, NULL);

  if (sd_echo_peer_is_echo_uri (self->echo, peer_uri))
    return g_strdup (_("Echo"));
  if (peer_name != NULL && *peer_name != '\0')
    return g_strdup (peer_name);

  return sd_uri_display (peer_uri);
}

/**
 * sd_phone_normalize_target:
 * @self: a phone
 * @text: an address as typed: “echo”, “alice@example.org”, “sip:…”, or a
 *   bare user or number on an account
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the URI to call or write to
 */
char *
sd_phone_normalize_target (SdPhone     *self,
                           const char  *text,
                           GError     **error)
{
  g_autofree char *stripped = NULL;
  g_autofree char *domain = NULL;

  g_return_val_if_fail (SD_IS_PHONE (self), NULL);

  stripped = g_strstrip (g_strdup (text ? text : ""));
  if (g_ascii_strcasecmp (stripped, "echo") == 0 ||
      g_ascii_strcasecmp (stripped, "echo@localhost") == 0)
    return g_strdup (SD_ECHO_PEER_ADDRESS);

  domain = sd_line_dup_domain (sd_phone_get_outgoing_line (self));
  return sd_normalize_sip_uri (stripped, domain, error);
}

/* Where a request to URI goes, and on which line. */
static SdLine *
route (SdPhone     *self,
       const char  *uri,
       char       **route_uri,
       GError     **error)
{
  SdLine *line;

  if (sd_echo_peer_is_echo_uri (self->echo, uri))
    {
      if (sd_echo_peer_get_route_uri (self->echo) == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                               _("The echo peer is not running"));
          return NULL;
        }
      line = sd_phone_get_local_line (self);
      *route_uri = g_strdup (sd_echo_peer_get_route_uri (self->echo));
    }
  else
    {
      line = sd_phone_get_outgoing_line (self);
      *route_uri = g_strdup (uri);
    }

  if (sd_line_get_user_agent (line) == NULL)
    {
      g_autofree char *title = sd_line_dup_title (line);

      g_clear_pointer (route_uri, g_free);
      /* Translators: %s is an account */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                   _("%s is offline"), title);
      return NULL;
    }

  return line;
}

/* Calls */

const char *
sd_phone_get_call_id (SdPhone          *self,
                      SipInviteContext *call)
{
  CallRecord *record;

  g_return_val_if_fail (SD_IS_PHONE (self), NULL);

  record = find_record (self, call);
  return record != NULL ? record->id : NULL;
}

/**
 * sd_phone_find_call:
 * @self: a phone
 * @id: (nullable): a call id, or %NULL or "" for the current call
 *
 * Returns: (transfer none) (nullable): the live call with @id
 */
SipInviteContext *
sd_phone_find_call (SdPhone    *self,
                    const char *id)
{
  g_return_val_if_fail (SD_IS_PHONE (self), NULL);

  if (id == NULL || *id == '\0')
    return self->current_call;

  for (guint i = 0; i < self->records->len; i++)
    {
      CallRecord *record = g_ptr_array_index (self->records, i);

      if (g_strcmp0 (record->id, id) == 0)
        return record->call;
    }

  return NULL;
}

/**
 * sd_phone_get_call_peer_uri:
 * @self: a phone
 * @call: a live call
 *
 * Returns: (nullable): the peer of @call, as the history and the
 *   conversations name it
 */
const char *
sd_phone_get_call_peer_uri (SdPhone          *self,
                            SipInviteContext *call)
{
  CallRecord *record;

  g_return_val_if_fail (SD_IS_PHONE (self), NULL);

  record = find_record (self, call);
  return record != NULL ? record->peer_uri : NULL;
}

/**
 * sd_phone_dup_call_title:
 * @self: a phone
 * @call: a call
 *
 * Returns: (transfer full): what the UI calls the peer of @call
 */
char *
sd_phone_dup_call_title (SdPhone          *self,
                         SipInviteContext *call)
{
  CallRecord *record;
  SipNameAddr *remote;

  g_return_val_if_fail (SD_IS_PHONE (self), NULL);

  record = find_record (self, call);
  if (record != NULL)
    return sd_phone_dup_peer_title (self, record->peer_uri, record->peer_name);

  remote = sip_context_get_remote_identity (SIP_CONTEXT (call));
  if (remote == NULL)
    return g_strdup (_("Unknown"));

  return sd_phone_dup_peer_title (self, sip_name_addr_get_uri (remote),
                                  sip_name_addr_get_display_name (remote));
}

static void
pick_current_call (SdPhone *self)
{
  SipInviteContext *next = NULL;

  /* The newest live call that is not on hold, else the newest. */
  for (guint i = self->records->len; i > 0; i--)
    {
      CallRecord *record = g_ptr_array_index (self->records, i - 1);

      if (next == NULL)
        next = record->call;
      if (!sip_invite_context_get_local_hold (record->call))
        {
          next = record->call;
          break;
        }
    }

  sd_phone_set_current_call (self, next);
}

static SdCallOutcome
outcome_of (CallRecord *record,
            SipCause    cause,
            gboolean   *report)
{
  *report = FALSE;

  if (sip_invite_context_get_start_time (record->call) != NULL)
    return SD_CALL_OUTCOME_ANSWERED;

  if (record->direction == SD_CALL_DIRECTION_INCOMING)
    return record->local_end ? SD_CALL_OUTCOME_DECLINED : SD_CALL_OUTCOME_MISSED;

  if (record->local_end || cause == SIP_CAUSE_CANCELED)
    return SD_CALL_OUTCOME_CANCELED;

  *report = TRUE;
  if (cause == SIP_CAUSE_REJECTED || cause == SIP_CAUSE_BUSY)
    return SD_CALL_OUTCOME_DECLINED;

  return SD_CALL_OUTCOME_FAILED;
}

static void
call_failed_cb (SipContext  *call,
                guint        status_code,
                SipResponse *response,
                SipCause     cause,
                gpointer     user_data)
{
  CallRecord *record = user_data;

  record->status = status_code;
  g_free (record->reason);
  record->reason = sd_describe_failure (status_code,
                                        response ? sip_response_get_reason_phrase (response) : NULL,
                                        cause);
}

static void
call_terminated_cb (SipContext *context,
                    SipCause    cause,
                    gpointer    user_data)
{
  CallRecord *record = user_data;
  SdPhone *self = record->self;
  g_autoptr(SipInviteContext) call = g_object_ref (record->call);
  g_autoptr(SdHistoryEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  SdCallOutcome outcome;
  GDateTime *start;
  guint duration = 0;
  gboolean report;

  outcome = outcome_of (record, cause, &report);
  start = sip_invite_context_get_start_time (call);
  if (start != NULL)
    duration = (guint) MAX (0, g_date_time_difference (now, start) / G_TIME_SPAN_SECOND);

  /* The reason is the peer's or the network's, not our own answer. */
  entry = sd_history_entry_new (record->peer_uri, record->peer_name, record->direction,
                                outcome, record->created, duration,
                                outcome == SD_CALL_OUTCOME_ANSWERED || record->local_end
                                  ? NULL : record->reason);

  if (report && !self->shutting_down)
    {
      g_autofree char *title = sd_phone_dup_peer_title (self, record->peer_uri, record->peer_name);
      g_autofree char *message = NULL;

      if (outcome == SD_CALL_OUTCOME_DECLINED)
        /* Translators: the first %s is the peer, the second its answer, such as 486 Busy Here */
        message = g_strdup_printf (_("%s declined the call: %s"), title,
                                   record->reason ? record->reason : _("unknown reason"));
      else
        /* Translators: the first %s is the peer, the second why the call failed */
        message = g_strdup_printf (_("The call to %s failed: %s"), title,
                                   record->reason ? record->reason : _("unknown reason"));
      emit_error (self, message);
    }

  /* Frees RECORD. */
  g_ptr_array_remove (self->records, record);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_N_CALLS]);
  if (self->current_call == call)
    pick_current_call (self);

  if (!sd_history_add (self->history, entry, &error))
    emit_error (self, error->message);

  g_signal_emit (self, signals[SIGNAL_CALL_ENDED], 0, call, entry);
}

static void
call_transfer_finished_cb (SipInviteContext *call,
                           guint             status_code,
                           const char       *reason_phrase,
                           gpointer          user_data)
{
  CallRecord *record = user_data;
  g_autofree char *failure = NULL;

  /* Hung up here, after a success: set first, the call may end at once. */
  if (status_code >= 200 && status_code < 300)
    record->local_end = TRUE;
  failure = sd_end_transferred_call (call, status_code, reason_phrase);
  if (failure != NULL)
    emit_error (record->self, failure);
}

static void call_refer_cb (SipInviteContext *call,
                           SipServerContext *refer,
                           const char       *refer_to,
                           gpointer          user_data);

static CallRecord *
track_call (SdPhone          *self,
            SipInviteContext *call,
            SdLine           *line,
            SdCallDirection   direction,
            const char       *peer_uri,
            const char       *peer_name)
{
  CallRecord *record = g_new0 (CallRecord, 1);

  record->self = self;
  record->call = g_object_ref (call);
  record->line = g_object_ref (line);
  record->id = g_strdup_printf ("%u", self->next_call_id++);
  record->peer_uri = canonical_peer_uri (self, peer_uri);
  record->peer_name = g_strdup (peer_name != NULL && *peer_name != '\0' ? peer_name : NULL);
  record->direction = direction;
  record->created = g_date_time_new_now_utc ();

  g_signal_connect (call, "failed", G_CALLBACK (call_failed_cb), record);
  g_signal_connect (call, "terminated", G_CALLBACK (call_terminated_cb), record);
  g_signal_connect (call, "transfer-finished", G_CALLBACK (call_transfer_finished_cb), record);
  g_signal_connect (call, "refer", G_CALLBACK (call_refer_cb), record);
  g_ptr_array_add (self->records, record);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_N_CALLS]);

  return record;
}

/* The peer of RECORD's call asks us to call REFER_TO instead (a blind
 * or attended transfer). A softphone does it: the new call goes out on
 * the same line, becomes the current call, and the old one is left to the
 * transferor to hang up once the new one is answered (on hold or not, it
 * stays as it is until then, so that a failed transfer loses nothing). */
static void
call_refer_cb (SipInviteContext *call,
               SipServerContext *refer,
               const char       *refer_to,
               gpointer          user_data)
{
  CallRecord *record = user_data;
  SdPhone *self = record->self;
  g_autoptr(SipInviteClientContext) followed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *by = NULL;
  g_autofree char *to = NULL;
  g_autofree char *message = NULL;
  SipNameAddr *target;
  CallRecord *followed_record;

  /* Refused with 480 by the library: nobody keeps the REFER. */
  if (self->shutting_down)
    return;

  by = sd_phone_dup_peer_title (self, record->peer_uri, record->peer_name);
  followed = sip_invite_context_follow_refer (call, refer, NULL, &error);
  if (followed == NULL)
    {
      /* Say no, rather than let the transferor wait: 400 for a Refer-To
       * that is no SIP URI, 480 for anything else. */
      if (!sip_server_context_is_answered (refer) && !sip_context_is_terminated (SIP_CONTEXT (refer)))
        {
          gboolean bad = g_error_matches (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT);
          g_autoptr(SipReplyOptions) options = sip_reply_options_new (bad ? 400 : 480);

          if (bad)
            sip_reply_options_set_reason_phrase (options, "Bad Refer-To");
          sip_server_context_reject (refer, options, NULL);
        }

      /* Translators: the first %s is the peer of a call, the second %s
       * why the transfer it asked for could not be made */
      message = g_strdup_printf (_("%s asked to transfer the call, which failed: %s"),
                                 by, error->message);
      emit_error (self, message);
      return;
    }

  target = sip_context_get_remote_identity (SIP_CONTEXT (followed));
  followed_record = track_call (self, SIP_INVITE_CONTEXT (followed), record->line,
                                SD_CALL_DIRECTION_OUTGOING, sip_name_addr_get_uri (target),
                                sip_name_addr_get_display_name (target));
  sd_phone_set_current_call (self, SIP_INVITE_CONTEXT (followed));

  to = sd_phone_dup_peer_title (self, followed_record->peer_uri, followed_record->peer_name);
  /* Translators: a notice when the peer of a call transfers it; the first
   * %s is whom the call goes to now, the second who transferred it, such
   * as “Transferred to Bob by Alice” */
  message = g_strdup_printf (_("Transferred to %s by %s"), to, by);
  g_debug ("Notice shown: %s", message);
  g_signal_emit (self, signals[SIGNAL_NOTICE], 0, message);
}

/**
 * sd_phone_call:
 * @self: a phone
 * @target: the address to call, as typed (see sd_phone_normalize_target())
 * @error: return location for an error
 *
 * Places a call; it becomes the current call.
 *
 * Returns: (transfer none) (nullable): the call
 */
SipInviteContext *
sd_phone_call (SdPhone     *self,
               const char  *target,
               GError     **error)
{
  g_autofree char *uri = NULL;
  g_autofree char *route_uri = NULL;
  g_autoptr(SipInviteClientContext) call = NULL;
  SdLine *line;

  g_return_val_if_fail (SD_IS_PHONE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  uri = sd_phone_normalize_target (self, target, error);
  if (uri == NULL)
    return NULL;

  line = route (self, uri, &route_uri, error);
  if (line == NULL)
    return NULL;

  call = sip_user_agent_invite (sd_line_get_user_agent (line), route_uri, NULL, error);
  if (call == NULL)
    return NULL;

  track_call (self, SIP_INVITE_CONTEXT (call), line, SD_CALL_DIRECTION_OUTGOING, uri, NULL);
  sd_phone_set_current_call (self, SIP_INVITE_CONTEXT (call));

  /* The user agent keeps the call alive until it has terminated. */
  return SIP_INVITE_CONTEXT (call);
}

static SdLine *
line_of_user_agent (SdPhone      *self,
                    SipUserAgent *ua)
{
  for (guint i = 0; i < n_lines (self); i++)
    if (sd_line_get_user_agent (line_at (self, i)) == ua)
      return line_at (self, i);

  return NULL;
}

static void
on_invite (SipUserAgent           *ua,
           SipInviteServerContext *call,
           SdPhone                *self)
{
  SipNameAddr *remote = sip_context_get_remote_identity (SIP_CONTEXT (call));
  SdLine *line = line_of_user_agent (self, ua);
  g_autoptr(GError) error = NULL;

  if (line == NULL || remote == NULL)
    return;

  if (!sip_server_context_progress (SIP_SERVER_CONTEXT (call), NULL, &error))
    {
      g_debug ("Cannot ring: %s", error->message);
      return;
    }

  track_call (self, SIP_INVITE_CONTEXT (call), line, SD_CALL_DIRECTION_INCOMING,
              sip_name_addr_get_uri (remote), sip_name_addr_get_display_name (remote));
  if (self->current_call == NULL)
    sd_phone_set_current_call (self, SIP_INVITE_CONTEXT (call));

  g_signal_emit (self, signals[SIGNAL_INCOMING_CALL], 0, call);
}

static gboolean
check_call (SdPhone           *self,
            SipInviteContext **call,
            GError           **error)
{
  if (*call == NULL)
    *call = self->current_call;

  if (*call == NULL || find_record (self, *call) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("There is no such call"));
      return FALSE;
    }

  return TRUE;
}

/**
 * sd_phone_answer:
 * @self: a phone
 * @call: (nullable): an incoming call, or %NULL for the oldest ringing one
 * @error: return location for an error
 *
 * Answers @call; it becomes the current call.
 *
 * Returns: %TRUE if the answer was sent
 */
gboolean
sd_phone_answer (SdPhone           *self,
                 SipInviteContext  *call,
                 GError           **error)
{
  g_return_val_if_fail (SD_IS_PHONE (self), FALSE);

  if (call == NULL)
    {
      call = sd_phone_get_ringing_call (self);
      if (call == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("No call is waiting for an answer"));
          return FALSE;
        }
    }
  if (!check_call (self, &call, error))
    return FALSE;

  if (!SIP_IS_SERVER_CONTEXT (call) || sip_server_context_is_answered (SIP_SERVER_CONTEXT (call)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("This call is not waiting for an answer"));
      return FALSE;
    }

  if (!sip_server_context_accept (SIP_SERVER_CONTEXT (call), NULL, error))
    return FALSE;

  sd_phone_set_current_call (self, call);
  return TRUE;
}

/**
 * sd_phone_decline:
 * @self: a phone
 * @call: (nullable): an incoming call, or %NULL for the oldest ringing one
 * @error: return location for an error
 *
 * Declines @call with 603 Decline.
 *
 * Returns: %TRUE if the answer was sent
 */
gboolean
sd_phone_decline (SdPhone           *self,
                  SipInviteContext  *call,
                  GError           **error)
{
  g_autoptr(SipReplyOptions) options = NULL;
  CallRecord *record;

  g_return_val_if_fail (SD_IS_PHONE (self), FALSE);

  if (call == NULL)
    {
      call = sd_phone_get_ringing_call (self);
      if (call == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("No call is waiting for an answer"));
          return FALSE;
        }
    }
  if (!check_call (self, &call, error))
    return FALSE;

  if (!SIP_IS_SERVER_CONTEXT (call) || sip_server_context_is_answered (SIP_SERVER_CONTEXT (call)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("This call is not waiting for an answer"));
      return FALSE;
    }

  /* Set first: the call may terminate inside the reject. */
  record = find_record (self, call);
  record->local_end = TRUE;
  options = sip_reply_options_new (603);
  if (!sip_server_context_reject (SIP_SERVER_CONTEXT (call), options, error))
    {
      record->local_end = FALSE;
      return FALSE;
    }

  return TRUE;
}

/**
 * sd_phone_hangup:
 * @self: a phone
 * @call: (nullable): a call, or %NULL for the current one
 * @error: return location for an error
 *
 * Ends @call whatever its state: cancels an outgoing call not answered
 * yet, declines an incoming one, hangs up an answered one.
 *
 * Returns: %TRUE on success
 */
gboolean
sd_phone_hangup (SdPhone           *self,
                 SipInviteContext  *call,
                 GError           **error)
{
  CallRecord *record;

  g_return_val_if_fail (SD_IS_PHONE (self), FALSE);

  if (!check_call (self, &call, error))
    return FALSE;

  record = find_record (self, call);
  if (record->direction == SD_CALL_DIRECTION_INCOMING &&
      !sip_server_context_is_answered (SIP_SERVER_CONTEXT (call)))
    return sd_phone_decline (self, call, error);

  record->local_end = TRUE;
  if (!sip_invite_context_terminate (call, error))
    {
      record->local_end = FALSE;
      return FALSE;
    }

  return TRUE;
}

static void
held_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(SdPhone) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sip_invite_context_hold_finish (SIP_INVITE_CONTEXT (source), result, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The call could not be put on hold: %s"),
                                                  error->message);
      emit_error (self, message);
    }
}

static void
resumed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SdPhone) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sip_invite_context_unhold_finish (SIP_INVITE_CONTEXT (source), result, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The call could not be resumed: %s"),
                                                  error->message);
      emit_error (self, message);
    }
}

/**
 * sd_phone_hold:
 * @self: a phone
 * @call: (nullable): a call, or %NULL for the current one
 * @hold: %TRUE to hold, %FALSE to resume
 * @error: return location for an error
 *
 * Holds or resumes an established call. The re-INVITE's outcome shows in
 * [property@Sip.InviteContext:local-hold], a failure as #SdPhone::error.
 *
 * Returns: %TRUE if the re-INVITE is on its way
 */
gboolean
sd_phone_hold (SdPhone           *self,
               SipInviteContext  *call,
               gboolean           hold,
               GError           **error)
{
  g_return_val_if_fail (SD_IS_PHONE (self), FALSE);

  if (!check_call (self, &call, error))
    return FALSE;

  if (sip_context_get_state (SIP_CONTEXT (call)) != SIP_CONTEXT_STATE_ESTABLISHED)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           hold ? _("Only an established call can be put on hold")
                                : _("Only an established call can be resumed"));
      return FALSE;
    }

  if (hold)
    sip_invite_context_hold_async (call, NULL, held_cb, g_object_ref (self));
  else
    sip_invite_context_unhold_async (call, NULL, resumed_cb, g_object_ref (self));

  return TRUE;
}

/**
 * sd_phone_transfer:
 * @self: a phone
 * @call: (nullable): a call, or %NULL for the current one
 * @target: where to transfer the peer, as typed
 * @error: return location for an error
 *
 * Blind transfer: asks the peer of @call to call @target (REFER). When the
 * transfer succeeds the call is hung up; a failure comes as
 * #SdPhone::error.
 *
 * Returns: %TRUE if the REFER is on its way
 */
gboolean
sd_phone_transfer (SdPhone           *self,
                   SipInviteContext  *call,
                   const char        *target,
                   GError           **error)
{
  g_autofree char *uri = NULL;
  g_autofree char *route_uri = NULL;

  g_return_val_if_fail (SD_IS_PHONE (self), FALSE);

  if (!check_call (self, &call, error))
    return FALSE;

  uri = sd_phone_normalize_target (self, target, error);
  if (uri == NULL)
    return FALSE;

  /* The echo peer is known by its route URI only here. */
  if (sd_echo_peer_is_echo_uri (self->echo, uri) && sd_echo_peer_get_route_uri (self->echo))
    route_uri = g_strdup (sd_echo_peer_get_route_uri (self->echo));
  else
    route_uri = g_steal_pointer (&uri);

  return sip_invite_context_refer (call, route_uri, NULL, error);
}

/**
 * sd_phone_send_dtmf:
 * @self: a phone
 * @call: (nullable): a call, or %NULL for the current one
 * @tones: the tones, `0`-`9`, `A`-`D`, `*`, `#`
 * @error: return location for an error
 *
 * Returns: %TRUE if the tones are queued
 */
gboolean
sd_phone_send_dtmf (SdPhone           *self,
                    SipInviteContext  *call,
                    const char        *tones,
                    GError           **error)
{
  g_return_val_if_fail (SD_IS_PHONE (self), FALSE);

  if (!check_call (self, &call, error))
    return FALSE;

  return sip_invite_context_dtmf (call, tones, 0, 0, error);
}

/* Messages */

static void
on_message (SipUserAgent            *ua,
            SipMessageServerContext *context,
            SdPhone                 *self)
{
  SipNameAddr *remote = sip_context_get_remote_identity (SIP_CONTEXT (context));
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(SdChatMessage) message = NULL;
  g_autofree char *peer_uri = NULL;
  g_autofree char *peer_name = NULL;
  SdConversation *conversation;
  const char *text;

  if (remote == NULL)
    return;

  text = sip_message_context_get_text (SIP_MESSAGE_CONTEXT (context));
  if (text == NULL)
    {
      g_autoptr(SipReplyOptions) options = sip_reply_options_new (415);

      /* Not text: nothing to show. */
      sip_server_context_reject (SIP_SERVER_CONTEXT (context), options, NULL);
      return;
    }

  if (!sip_server_context_accept (SIP_SERVER_CONTEXT (context), NULL, &error))
    g_debug ("Cannot accept a message: %s", error->message);

  peer_uri = canonical_peer_uri (self, sip_name_addr_get_uri (remote));
  peer_name = sd_phone_dup_peer_title (self, peer_uri, sip_name_addr_get_display_name (remote));
  conversation = sd_conversation_store_ensure (self->conversations, peer_uri, peer_name);
  message = sd_chat_message_new_incoming (text, now);
  sd_conversation_store_append (self->conversations, conversation, message);

  g_signal_emit (self, signals[SIGNAL_MESSAGE_RECEIVED], 0, conversation, message);
}

/**
 * sd_phone_send_message:
 * @self: a phone
 * @target: the address to write to, as typed
 * @text: the text
 * @error: return location for an error
 *
 * Sends a MESSAGE and appends it to the conversation with @target, where
 * its delivery state follows the response.
 *
 * Returns: (transfer none) (nullable): the message in its conversation
 */
SdChatMessage *
sd_phone_send_message (SdPhone     *self,
                       const char  *target,
                       const char  *text,
                       GError     **error)
{
  g_autofree char *uri = NULL;
  g_autofree char *route_uri = NULL;
  g_autofree char *title = NULL;
  g_autoptr(SipMessageClientContext) context = NULL;
  g_autoptr(SdChatMessage) message = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  SdConversation *conversation;
  SdLine *line;

  g_return_val_if_fail (SD_IS_PHONE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (text == NULL || *text == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The message is empty"));
      return NULL;
    }

  uri = sd_phone_normalize_target (self, target, error);
  if (uri == NULL)
    return NULL;

  line = route (self, uri, &route_uri, error);
  if (line == NULL)
    return NULL;

  context = sip_user_agent_message (sd_line_get_user_agent (line), route_uri, text,
                                    "text/plain;charset=UTF-8", NULL, error);
  if (context == NULL)
    return NULL;

  title = sd_phone_dup_peer_title (self, uri, NULL);
  conversation = sd_conversation_store_ensure (self->conversations, uri,
                                               sd_echo_peer_is_echo_uri (self->echo, uri) ? title : NULL);
  message = sd_chat_message_new_outgoing (text, now, context);
  sd_conversation_store_append (self->conversations, conversation, message);

  /* The conversation keeps its reference. */
  return message;
}

/* Accounts */

typedef struct
{
  SdPhone   *self;
  SdAccount *account;
} PasswordSave;

static void
password_stored_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  PasswordSave *save = user_data;
  g_autoptr(SdPhone) self = save->self;
  g_autoptr(SdAccount) account = save->account;
  g_autoptr(GError) error = NULL;
  SdLine *line;

  g_free (save);
  g_hash_table_remove (self->pending_passwords, sd_account_get_id (account));

  if (!sd_secret_store_store_finish (SD_SECRET_STORE (source), result, &error))
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("The password could not be saved in the keyring: %s"),
                                 error->message);
      emit_error (self, message);
    }

  /* Start the line with the password (or without, when it could not be
   * stored: the registration then says what is wrong). */
  line = sd_phone_get_line_for_account (self, account);
  if (line != NULL && !self->shutting_down)
    restart_account_line (self, line);
}

/**
 * sd_phone_save_account:
 * @self: a phone
 * @account: an account, new (from sd_account_store_create_account()) or
 *   of the store
 * @password: (nullable): a new password, or %NULL to keep the stored one
 * @error: return location for an error
 *
 * Validates and saves @account, stores @password in the keyring, and
 * (re)starts the account's line.
 *
 * Returns: %TRUE if the account was saved; %FALSE with @error if it does
 *   not validate
 */
gboolean
sd_phone_save_account (SdPhone     *self,
                       SdAccount   *account,
                       const char  *password,
                       GError     **error)
{
  gboolean saved;

  g_return_val_if_fail (SD_IS_PHONE (self), FALSE);
  g_return_val_if_fail (SD_IS_ACCOUNT (account), FALSE);

  if (password != NULL)
    g_hash_table_add (self->pending_passwords, g_strdup (sd_account_get_id (account)));

  if (sd_account_store_lookup (self->accounts, sd_account_get_id (account)) == account)
    saved = sd_account_store_save (self->accounts, account, error);
  else
    saved = sd_account_store_add (self->accounts, account, error);

  if (!saved)
    {
      if (password != NULL)
        g_hash_table_remove (self->pending_passwords, sd_account_get_id (account));
      return FALSE;
    }

  if (password != NULL)
    {
      PasswordSave *save = g_new0 (PasswordSave, 1);
      g_autofree char *title = sd_account_dup_title (account);
      /* Translators: the label of a password in the keyring; %s is an account */
      g_autofree char *label = g_strdup_printf (_("SIP Demo password for %s"), title);

      save->self = g_object_ref (self);
      save->account = g_object_ref (account);
      sd_secret_store_store_async (self->secrets, sd_account_get_id (account), label, password,
                                   NULL, password_stored_cb, save);
    }

  return TRUE;
}

static void
password_cleared_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(SdPhone) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sd_secret_store_clear_finish (SD_SECRET_STORE (source), result, &error))
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("The password could not be removed from the keyring: %s"),
                                 error->message);
      emit_error (self, message);
    }
}

/**
 * sd_phone_remove_account:
 * @self: a phone
 * @account: an account of the store
 *
 * Stops the account's line, removes the account and its password.
 */
void
sd_phone_remove_account (SdPhone   *self,
                         SdAccount *account)
{
  g_autoptr(SdAccount) removed = NULL;

  g_return_if_fail (SD_IS_PHONE (self));
  g_return_if_fail (SD_IS_ACCOUNT (account));

  removed = g_object_ref (account);
  sd_account_store_remove (self->accounts, account);
  sd_secret_store_clear_async (self->secrets, sd_account_get_id (removed), NULL,
                               password_cleared_cb, g_object_ref (self));
}
