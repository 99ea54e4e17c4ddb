/* sip-call-list-private.h: the live calls of a user agent, as a list model
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "sipctx.h"

G_BEGIN_DECLS

#define SIP_TYPE_CALL_LIST (sip_call_list_get_type ())

G_DECLARE_FINAL_TYPE (SipCallList, sip_call_list, SIP, CALL_LIST, GObject)

SipCallList *sip_call_list_new    (void);
void         sip_call_list_append (SipCallList      *self,
                                   SipInviteContext *call);
void         sip_call_list_remove (SipCallList      *self,
                                   SipInviteContext *call);

G_END_DECLS
