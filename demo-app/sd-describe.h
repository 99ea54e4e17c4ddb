/* sd-describe.h: SIP outcomes in words a person understands
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <sipctx.h>

G_BEGIN_DECLS

char       *sd_describe_failure    (guint            status_code,
                                    const char      *reason_phrase,
                                    SipCause         cause);
const char *sd_describe_call_state (SipContextState  state,
                                    gboolean         outgoing,
                                    gboolean         local_hold,
                                    gboolean         remote_hold);

G_END_DECLS
