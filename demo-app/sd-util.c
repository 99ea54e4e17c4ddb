/* sd-util.c: small helpers shared by the demo's model
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sd-util.h"

static void
stopped_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!sip_user_agent_stop_finish (SIP_USER_AGENT (source), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * sd_user_agent_stop_task:
 * @ua: (nullable): a user agent, or %NULL
 * @task: (transfer full): the task to return %TRUE (or the stop's error) on
 *
 * Stops @ua and returns @task once it has stopped; at once (from the
 * task's main context) when there is nothing to stop.
 */
void
sd_user_agent_stop_task (SipUserAgent *ua,
                         GTask        *task)
{
  g_return_if_fail (ua == NULL || SIP_IS_USER_AGENT (ua));
  g_return_if_fail (G_IS_TASK (task));

  if (ua == NULL || !sip_user_agent_is_running (ua))
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  sip_user_agent_stop_async (ua, g_task_get_cancellable (task), stopped_cb, task);
}

/**
 * sd_end_transferred_call:
 * @call: a call whose blind transfer (sip_invite_context_refer()) is over
 * @status_code: the transfer's final status
 * @reason_phrase: (nullable): its reason phrase
 *
 * What the transferor does when a blind transfer is over: after a success
 * it hangs up @call, since the peer talks to the target now; after a
 * failure the call goes on.
 *
 * Returns: (transfer full) (nullable): %NULL after a success, else the
 *   failure as a sentence for a person
 */
char *
sd_end_transferred_call (SipInviteContext *call,
                         guint             status_code,
                         const char       *reason_phrase)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (SIP_IS_INVITE_CONTEXT (call), NULL);

  if (status_code >= 200 && status_code < 300)
    {
      if (!sip_invite_context_bye (call, NULL, &error))
        g_debug ("Cannot hang up a transferred call: %s", error->message);
      return NULL;
    }

  /* Translators: %u %s is a SIP status and its reason, such as 403 Forbidden */
  return g_strdup_printf (_("The transfer failed: %u %s"), status_code,
                          reason_phrase ? reason_phrase : "");
}
