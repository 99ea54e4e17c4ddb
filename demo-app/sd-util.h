/* sd-util.h: small helpers shared by the demo's model
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <sipctx.h>

G_BEGIN_DECLS

void  sd_user_agent_stop_task  (SipUserAgent     *ua,
                               GTask            *task);
char *sd_end_transferred_call (SipInviteContext *call,
                               guint             status_code,
                               const char       *reason_phrase);

G_END_DECLS
