/* sip-server-context.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sip-context-private.h"
#include "sip-convert-private.h"
#include "sip-message-private.h"
#include "sip-sofia-private.h"
#include "sip-i18n-private.h"

#include <string.h>

/**
 * SipServerContext:
 *
 * A context for a request this user agent received, which the application
 * answers.
 *
 * The [class@Sip.UserAgent] announces each new server context with a
 * signal, such as [signal@Sip.UserAgent::message]. The application answers
 * with [method@Sip.ServerContext.progress] (180 by default),
 * [method@Sip.ServerContext.accept] (200), [method@Sip.ServerContext.reject]
 * (480) or [method@Sip.ServerContext.reply] (any code), each taking a
 * [class@Sip.ReplyOptions] or %NULL for the defaults. The context emits the
 * signals of [class@Sip.Context] for the responses it sends.
 *
 * Nothing is answered before the application has seen the request, and no
 * request is left unanswered: a server context the application lets go of
 * without a final answer, or that is still open when the user agent stops,
 * answers 480 Temporarily Unavailable and terminates with
 * %SIP_CAUSE_STOPPED.
 *
 * An answer that is not legal in the current state (a second final
 * response, anything after termination) fails with
 * %SIP_ERROR_INVALID_STATE; nothing is sent and no signal is emitted.
 */

typedef struct
{
  nua_saved_event_t saved[1];
  gboolean          has_saved;
  guint             final_status;
  /* The status of the response sent last, when its snapshot is deferred
   * (its phrase is then the default one) */
  guint             sent_status;
} SipServerContextPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (SipServerContext, sip_server_context, SIP_TYPE_CONTEXT)

static void
server_release (SipContext *self)
{
  SipServerContextPrivate *priv =
    sip_server_context_get_instance_private (SIP_SERVER_CONTEXT (self));

  if (priv->has_saved)
    {
      nua_destroy_event (priv->saved);
      priv->has_saved = FALSE;
    }
}

static SipResponse *
response_snapshot (SipServerContext *self,
                   guint             status,
                   const char       *phrase,
                   SipReplyOptions  *options)
{
  SipRequest *request = sip_context_get_request (SIP_CONTEXT (self));
  SipResponse *response = sip_response_new_internal (status, phrase);

  sip_message_set_request (SIP_MESSAGE (response), SIP_MESSAGE (request));
  sip_message_add_options (SIP_MESSAGE (response), SIP_OPTIONS (options), NULL);

  return response;
}

static SipResponse *
make_response (SipContext *context)
{
  SipServerContext *self = SIP_SERVER_CONTEXT (context);
  SipServerContextPrivate *priv = sip_server_context_get_instance_private (self);

  return response_snapshot (self, priv->sent_status, sip_get_reason_phrase (priv->sent_status), NULL);
}

/* The snapshot of a response sent with the default phrase and no options
 * (the common answer) is made only if somebody asks for it. */
static SipResponse *
sent_response (SipServerContext *self,
               guint             status,
               const char       *phrase,
               SipReplyOptions  *options)
{
  SipServerContextPrivate *priv = sip_server_context_get_instance_private (self);

  if (options == NULL && phrase == sip_get_reason_phrase (status))
    {
      priv->sent_status = status;
      sip_context_defer_response (SIP_CONTEXT (self));
      return NULL;
    }
  return response_snapshot (self, status, phrase, options);
}

gboolean
sip_server_context_respond_tagged (SipServerContext  *self,
                                   guint              status,
                                   const char        *phrase,
                                   SipReplyOptions   *options,
                                   gboolean           with_body,
                                   const tagi_t      *extra,
                                   GError           **error)
{
  SipServerContextPrivate *priv = sip_server_context_get_instance_private (self);
  su_home_t home[1] = { SU_HOME_INIT (home) };
  nua_handle_t *nh = sip_context_get_handle (SIP_CONTEXT (self));
  tagi_t *tags;

  if (nh == NULL || !priv->has_saved)
    {
      g_set_error_literal (error, SIP_ERROR, SIP_ERROR_INVALID_STATE,
                           _("The request can no longer be answered"));
      return FALSE;
    }

  /* Without options (the common answer) there is nothing to convert. */
  tags = options ? sip_convert_options_to_tags_full (home, SIP_OPTIONS (options), NULL,
                                                     with_body, extra)
                 : (tagi_t *) extra;
  /* nua_respond() keeps the phrase pointer, not a copy, until the stack
   * handles the signal on a later iteration; by then @options (whose
   * reason phrase this may be) can be gone. A copy in the handle's home
   * lives as long as the handle, which the signal holds a reference to.
   * The default phrases are static. */
  if (phrase != sip_get_reason_phrase (status))
    phrase = su_strdup (nua_handle_home (nh), phrase);
  nua_respond (nh, status, phrase, NUTAG_WITH_SAVED (priv->saved), TAG_NEXT (tags));
  su_home_deinit (home);

  if (status >= 200)
    {
      nua_destroy_event (priv->saved);
      priv->has_saved = FALSE;
    }

  return TRUE;
}

static gboolean
server_respond (SipServerContext  *self,
                guint              status,
                const char        *phrase,
                SipReplyOptions   *options,
                GError           **error)
{
  return sip_server_context_respond_tagged (self, status, phrase, options, TRUE, NULL, error);
}

static gboolean
respond (SipServerContext  *self,
         SipReplyOptions   *options,
         guint              default_status,
         guint              min_status,
         guint              max_status,
         const char        *operation,
         GError           **error)
{
  SipServerContextPrivate *priv = sip_server_context_get_instance_private (self);
  SipContextVTable *vtable = sip_context_get_vtable (SIP_CONTEXT (self));
  SipContext *context = SIP_CONTEXT (self);
  g_autoptr(SipResponse) response = NULL;
  const char *phrase = NULL;
  guint status = default_status;

  if (options && sip_reply_options_get_status_code (options) != 0)
    status = sip_reply_options_get_status_code (options);
  if (options)
    phrase = sip_reply_options_get_reason_phrase (options);

  if (sip_context_peek_terminated (context))
    {
      g_set_error (error, SIP_ERROR, SIP_ERROR_INVALID_STATE,
                   /* Translators: %s is an action, such as "accept"
                    * (translated on its own) */
                   _("Cannot %s: the context has terminated"), C_("failed action", operation));
      return FALSE;
    }
  if (priv->final_status != 0)
    {
      g_set_error (error, SIP_ERROR, SIP_ERROR_INVALID_STATE,
                   /* Translators: %s is an action, such as "accept"
                    * (translated on its own), %u a SIP status code */
                   _("Cannot %s: the request was already answered with %u"),
                   C_("failed action", operation), priv->final_status);
      return FALSE;
    }
  if (status == 0)
    {
      g_set_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is an action, such as "accept"
                    * (translated on its own) */
                   _("Cannot %s without a status code"), C_("failed action", operation));
      return FALSE;
    }
  if (status < min_status || status > max_status)
    {
      g_set_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is an action, such as "accept"
                    * (translated on its own), the numbers SIP status codes */
                   _("Cannot %s with status code %u: it must be between %u and %u"),
                   C_("failed action", operation), status, min_status, max_status);
      return FALSE;
    }
  if (phrase && strpbrk (phrase, "\r\n") != NULL)
    {
      g_set_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT,
                   _("Reason phrase contains a line break"));
      return FALSE;
    }
  if (!sip_convert_check_options (SIP_OPTIONS (options), error))
    return FALSE;

  if (phrase == NULL)
    phrase = sip_get_reason_phrase (status);

  if (!vtable->respond (self, status, phrase, options, error))
    return FALSE;

  if (status >= 200)
    priv->final_status = status;

  response = sent_response (self, status, phrase, options);

  g_object_ref (self);
  if (vtable->responded)
    vtable->responded (self, status, response);
  else if (status < 200)
    sip_context_emit_progress (context, status, response);
  else if (status < 300)
    {
      sip_context_emit_accepted (context, status, response);
      sip_context_terminate (context, SIP_CAUSE_NONE);
    }
  else
    sip_context_fail (context, status, response, sip_cause_from_status (status));
  g_object_unref (self);

  return TRUE;
}

/* The library answers by itself (the user agent stops, nobody answered
 * in time): send @status and end the context with @cause. */
gboolean
sip_server_context_answer_internal (SipServerContext *self,
                                    guint             status,
                                    SipCause          cause)
{
  SipServerContextPrivate *priv = sip_server_context_get_instance_private (self);
  SipContextVTable *vtable = sip_context_get_vtable (SIP_CONTEXT (self));
  g_autoptr(SipResponse) response = NULL;
  const char *phrase = sip_get_reason_phrase (status);

  if (priv->final_status != 0 || !vtable->respond (self, status, phrase, NULL, NULL))
    return FALSE;

  priv->final_status = status;
  response = sent_response (self, status, phrase, NULL);
  sip_context_fail (SIP_CONTEXT (self), status, response, cause);

  return TRUE;
}

/* The stack answered by itself (487 after a CANCEL): record it. */
SipResponse *
sip_server_context_mark_answered (SipServerContext *self,
                                  guint             status,
                                  const char       *phrase)
{
  SipServerContextPrivate *priv = sip_server_context_get_instance_private (self);

  priv->final_status = status;
  if (priv->has_saved)
    {
      nua_destroy_event (priv->saved);
      priv->has_saved = FALSE;
    }

  return response_snapshot (self, status, phrase, NULL);
}

static void
server_stop (SipContext *self)
{
  sip_server_context_answer_internal (SIP_SERVER_CONTEXT (self), 480, SIP_CAUSE_STOPPED);
}

static void
sip_server_context_dispose (GObject *object)
{
  SipContext *self = SIP_CONTEXT (object);

  /* Let go of without an answer: answer for the application. */
  if (!sip_context_peek_terminated (self) && sip_context_get_handle (self) != NULL)
    sip_context_stop (self);

  G_OBJECT_CLASS (sip_server_context_parent_class)->dispose (object);
}

static void
sip_server_context_class_init (SipServerContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SipContextVTable *vtable = sip_context_class_get_vtable (klass);

  object_class->dispose = sip_server_context_dispose;

  vtable->respond = server_respond;
  vtable->make_response = make_response;
  vtable->stop = server_stop;
  vtable->release = server_release;
}

static void
sip_server_context_init (SipServerContext *self)
{
}

void
sip_server_context_take_event (SipServerContext *self,
                               const SipEvent   *event)
{
  SipServerContextPrivate *priv = sip_server_context_get_instance_private (self);

  nua_save_event (event->nua, priv->saved);
  priv->has_saved = TRUE;
  sip_context_bind_handle (SIP_CONTEXT (self), event->nh);
  sip_context_set_state (SIP_CONTEXT (self), SIP_CONTEXT_STATE_RECEIVED);
}

/* A request inside the dialog of @dialog_owner (a REFER): a plain server
 * context that answers with the dialog's handle. */
SipServerContext *
sip_server_context_new_in_dialog (SipContext     *dialog_owner,
                                  const SipEvent *event)
{
  g_autoptr(SipRequest) request = sip_convert_request (event);
  SipServerContext *self = g_object_new (SIP_TYPE_SERVER_CONTEXT, NULL);
  SipServerContextPrivate *priv = sip_server_context_get_instance_private (self);
  SipUserAgent *user_agent = sip_context_get_user_agent (dialog_owner);

  sip_context_setup (SIP_CONTEXT (self), user_agent, request,
                     sip_context_get_local_identity (dialog_owner),
                     sip_context_get_remote_identity (dialog_owner));
  nua_save_event (event->nua, priv->saved);
  priv->has_saved = TRUE;
  sip_context_borrow_handle (SIP_CONTEXT (self), event->nh);
  sip_context_set_state (SIP_CONTEXT (self), SIP_CONTEXT_STATE_RECEIVED);
  sip_context_track (SIP_CONTEXT (self), user_agent, FALSE);

  return self;
}

/**
 * sip_server_context_progress:
 * @self: a server context
 * @options: (nullable): the status code (100 to 199, 180 by default),
 *   reason phrase, extra headers and body; %NULL for the defaults
 * @error: return location for an error
 *
 * Sends a provisional response and emits [signal@Sip.Context::progress].
 *
 * Returns: %TRUE if the response was sent
 */
gboolean
sip_server_context_progress (SipServerContext  *self,
                             SipReplyOptions   *options,
                             GError           **error)
{
  g_return_val_if_fail (SIP_IS_SERVER_CONTEXT (self), FALSE);
  g_return_val_if_fail (options == NULL || SIP_IS_REPLY_OPTIONS (options), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return respond (self, options, 180, 100, 199, NC_("failed action", "send a provisional response"), error);
}

/**
 * sip_server_context_accept:
 * @self: a server context
 * @options: (nullable): the status code (200 to 299, 200 by default),
 *   reason phrase, extra headers and body; %NULL for the defaults
 * @error: return location for an error
 *
 * Sends a successful final response and emits
 * [signal@Sip.Context::accepted].
 *
 * Returns: %TRUE if the response was sent
 */
gboolean
sip_server_context_accept (SipServerContext  *self,
                           SipReplyOptions   *options,
                           GError           **error)
{
  g_return_val_if_fail (SIP_IS_SERVER_CONTEXT (self), FALSE);
  g_return_val_if_fail (options == NULL || SIP_IS_REPLY_OPTIONS (options), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return respond (self, options, 200, 200, 299, NC_("failed action", "accept"), error);
}

/**
 * sip_server_context_reject:
 * @self: a server context
 * @options: (nullable): the status code (300 to 699, 480 by default),
 *   reason phrase, extra headers and body; %NULL for the defaults
 * @error: return location for an error
 *
 * Sends a failure final response and emits [signal@Sip.Context::rejected]
 * and [signal@Sip.Context::failed].
 *
 * Returns: %TRUE if the response was sent
 */
gboolean
sip_server_context_reject (SipServerContext  *self,
                           SipReplyOptions   *options,
                           GError           **error)
{
  g_return_val_if_fail (SIP_IS_SERVER_CONTEXT (self), FALSE);
  g_return_val_if_fail (options == NULL || SIP_IS_REPLY_OPTIONS (options), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return respond (self, options, 480, 300, 699, NC_("failed action", "reject"), error);
}

/**
 * sip_server_context_reply:
 * @self: a server context
 * @options: (nullable): the status code (100 to 699, required), reason
 *   phrase, extra headers and body
 * @error: return location for an error
 *
 * Sends any response. Unlike the other answers it has no default status
 * code: options without one fail with %SIP_ERROR_INVALID_ARGUMENT.
 *
 * Returns: %TRUE if the response was sent
 */
gboolean
sip_server_context_reply (SipServerContext  *self,
                          SipReplyOptions   *options,
                          GError           **error)
{
  g_return_val_if_fail (SIP_IS_SERVER_CONTEXT (self), FALSE);
  g_return_val_if_fail (options == NULL || SIP_IS_REPLY_OPTIONS (options), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return respond (self, options, 0, 100, 699, NC_("failed action", "reply"), error);
}

/**
 * sip_server_context_is_answered:
 * @self: a server context
 *
 * Checks whether a final response has been sent.
 *
 * Returns: %TRUE if the request has its final answer
 */
gboolean
sip_server_context_is_answered (SipServerContext *self)
{
  SipServerContextPrivate *priv;

  g_return_val_if_fail (SIP_IS_SERVER_CONTEXT (self), FALSE);

  priv = sip_server_context_get_instance_private (self);
  return priv->final_status != 0;
}

/**
 * sip_server_context_get_status_code:
 * @self: a server context
 *
 * Gets the status code of the final response sent: the application's
 * answer, or the one the library gave on its own (`487` after the peer
 * cancelled, `480` when the user agent stopped or nobody answered).
 *
 * Unlike [method@Sip.Context.get_response], this makes no
 * [class@Sip.Response], so it costs nothing to ask at every change of state.
 *
 * Returns: the final status code, or 0 while the request is unanswered
 */
guint
sip_server_context_get_status_code (SipServerContext *self)
{
  SipServerContextPrivate *priv;

  g_return_val_if_fail (SIP_IS_SERVER_CONTEXT (self), 0);

  priv = sip_server_context_get_instance_private (self);
  return priv->final_status;
}
