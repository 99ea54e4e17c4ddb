/* sd-util.c: small helpers shared by the demo's model
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

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
