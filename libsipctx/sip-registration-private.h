/* sip-registration-private.h: what the user agent and the stack call
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "sipctx.h"
#include "sip-stack-private.h"

G_BEGIN_DECLS

SipRegistration *sip_registration_new_internal      (SipUserAgent    *user_agent,
                                                     const char      *registrar);
char            *sip_registration_default_registrar (const char      *aor);
void             sip_registration_handle_event      (SipRegistration *self,
                                                     const SipEvent  *event);
void             sip_registration_network_changed   (SipRegistration *self);
void             sip_registration_stop              (SipRegistration *self);
void             sip_registration_release           (SipRegistration *self);

void             sip_user_agent_forget_registration (SipUserAgent    *self,
                                                     SipRegistration *registration);

G_END_DECLS
