/* sip-context-private.h: what contexts share inside the library
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "sipctx.h"
#include "sip-stack-private.h"

typedef struct nua_handle_s SipNuaHandle;

G_BEGIN_DECLS

/* The private part of every context class: how a nua event reaches the
 * context its handle is bound to, and how it answers when it has to. */
typedef struct
{
  void     (* handle_event) (SipContext     *self,
                             const SipEvent *event);
  /* Server side: send one response. */
  gboolean (* respond)      (SipServerContext *self,
                             guint             status,
                             const char       *phrase,
                             SipReplyOptions  *options,
                             GError          **error);
  /* The user agent stops: end without sending anything more than needed. */
  void     (* stop)         (SipContext     *self);
  /* Last chance to drop what refers to the nua handle before it goes. */
  void     (* release)      (SipContext     *self);
  /* Server side: a response went out; emit what it means. NULL: the
   * request is done with its final response. */
  void     (* responded)    (SipServerContext *self,
                             guint             status,
                             SipResponse      *response);
  /* Server side: make the snapshot of the response sent last, deferred
   * with sip_context_defer_response(). */
  SipResponse *(* make_response) (SipContext *self);
} SipContextVTable;

SipContextVTable *sip_context_class_get_vtable (gpointer klass);
SipContextVTable *sip_context_get_vtable       (SipContext *self);

/* LOCAL_IDENTITY and REMOTE_IDENTITY may be NULL for a request received:
 * they are then its To and its From, read when first asked for. */
void          sip_context_setup            (SipContext      *self,
                                            SipUserAgent    *user_agent,
                                            SipRequest      *request,
                                            SipNameAddr     *local_identity,
                                            SipNameAddr     *remote_identity);
/* For a request received: its snapshot is made when first asked for. */
void          sip_context_setup_received   (SipContext      *self,
                                            SipUserAgent    *user_agent,
                                            const SipEvent  *event);
/* The body and media type of the request, without making its snapshot. */
const char   *sip_context_get_request_text (SipContext      *self);
const char   *sip_context_get_request_content_type (SipContext *self);
void          sip_context_bind_handle      (SipContext      *self,
                                            SipNuaHandle    *nh);
void          sip_context_borrow_handle    (SipContext      *self,
                                            SipNuaHandle    *nh);
SipNuaHandle *sip_context_get_handle       (SipContext      *self);
/* The state and whether it ended, without the checks of the public
 * getters (a type check of a derived class costs more than the read). */
SipContextState sip_context_peek_state     (SipContext      *self);
gboolean      sip_context_peek_terminated (SipContext      *self);
void          sip_context_handle_event     (SipContext      *self,
                                            const SipEvent  *event);
void          sip_context_set_state        (SipContext      *self,
                                            SipContextState  state);
void          sip_context_set_response     (SipContext      *self,
                                            SipResponse     *response);
/* The response just sent is made by vtable->make_response when first
 * asked for: the property, or a handler of the signal that announces it.
 * The emitters below take a NULL response for it. */
void          sip_context_defer_response   (SipContext      *self);
void          sip_context_emit_progress    (SipContext      *self,
                                            guint            status,
                                            SipResponse     *response);
void          sip_context_emit_accepted    (SipContext      *self,
                                            guint            status,
                                            SipResponse     *response);
void          sip_context_fail             (SipContext      *self,
                                            guint            status,
                                            SipResponse     *response,
                                            SipCause         cause);
void          sip_context_terminate        (SipContext      *self,
                                            SipCause         cause);
void          sip_context_stop             (SipContext      *self);

/* Client side */
gboolean      sip_client_context_send_request (SipClientContext  *self,
                                               SipUserAgent      *user_agent,
                                               const char        *method,
                                               const char        *target,
                                               SipRequestOptions *options,
                                               const char        *default_content_type,
                                               GError           **error);

void          sip_client_context_fail_locally (SipClientContext *self,
                                               int               status);

/* Server side */
void          sip_server_context_take_event (SipServerContext *self,
                                             const SipEvent   *event);
SipServerContext *sip_server_context_new_in_dialog (SipContext     *dialog_owner,
                                                    const SipEvent *event);
SipResponse  *sip_server_context_mark_answered (SipServerContext *self,
                                                guint             status,
                                                const char       *phrase);
gboolean      sip_server_context_answer_internal (SipServerContext *self,
                                                  guint             status,
                                                  SipCause          cause);

/* Factories */
SipMessageClientContext *sip_message_client_context_new (SipUserAgent       *user_agent,
                                                         const char         *target,
                                                         const char         *body,
                                                         const char         *content_type,
                                                         SipRequestOptions  *options,
                                                         GError            **error);
SipClientContext        *sip_client_context_new_request (SipUserAgent       *user_agent,
                                                         const char         *method,
                                                         const char         *target,
                                                         SipRequestOptions  *options,
                                                         GError            **error);
SipMessageServerContext *sip_message_server_context_new_incoming (SipUserAgent   *user_agent,
                                                                  const SipEvent *event);

/* User agent */
SipStack     *sip_user_agent_get_stack      (SipUserAgent    *self);
SipNameAddr  *sip_user_agent_get_identity   (SipUserAgent    *self);
void          sip_user_agent_track_context  (SipUserAgent    *self,
                                             SipContext      *context,
                                             gboolean         keep_alive);
void          sip_user_agent_untrack_context (SipUserAgent   *self,
                                              SipContext     *context);
void          sip_user_agent_context_state_changed (SipUserAgent    *self,
                                                    SipContext      *context,
                                                    SipContextState  old_state);
void          sip_context_track             (SipContext      *self,
                                             SipUserAgent    *user_agent,
                                             gboolean         keep_alive);

void          sip_message_context_install_properties (GObjectClass *klass,
                                                      guint         first_prop);
gboolean      sip_message_context_get_property (GObject    *object,
                                                guint       prop_id,
                                                guint       first_prop,
                                                GValue     *value);

G_END_DECLS
