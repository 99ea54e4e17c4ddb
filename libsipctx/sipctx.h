/* sipctx.h: the libsipctx umbrella header
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>
#include <gio/gio.h>

#define _SIPCTX_INSIDE

#include "sip-version.h"
#include "sip-types.h"
#include "sip-enum-types.h"
#include "sip-error.h"
#include "sip-name-addr.h"
#include "sip-auth.h"
#include "sip-message.h"
#include "sip-request.h"
#include "sip-response.h"
#include "sip-options.h"
#include "sip-request-options.h"
#include "sip-reply-options.h"
#include "sip-context.h"
#include "sip-client-context.h"
#include "sip-server-context.h"
#include "sip-message-context.h"
#include "sip-message-client-context.h"
#include "sip-message-server-context.h"
#include "sip-invite-context.h"
#include "sip-invite-client-context.h"
#include "sip-invite-server-context.h"
#include "sip-registration.h"
#include "sip-user-agent.h"

#undef _SIPCTX_INSIDE
