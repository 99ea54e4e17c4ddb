/* sip-stack-private.h: the one module that owns the sofia-sip nua stack
 *
 * This header is free of sofia-sip types; see sip-sofia-private.h.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _SipEvent SipEvent;
typedef struct _SipStack SipStack;

typedef enum
{
  SIP_INCOMING_MESSAGE,
  SIP_INCOMING_INVITE,
} SipIncomingKind;

/* A new incoming request the application must see. Other requests are
 * answered by the stack itself. For an INVITE with Replaces, @replaces is
 * the context of the call it replaces. */
typedef void (* SipStackIncomingFunc) (gpointer         user_data,
                                       SipIncomingKind  kind,
                                       const SipEvent  *event,
                                       gpointer         replaces);
/* nua_shutdown() completed; the stack can be freed. */
typedef void (* SipStackShutdownFunc) (gpointer         user_data,
                                       gboolean         clean);

typedef struct
{
  const char *bind_uri;     /* resolved: a concrete port */
  const char *aor;
  const char *display_name;
  const char *user_agent;
  guint       request_timeout_ms;
  guint       session_expires;   /* seconds; 0: no session timer */
  const char *outbound_proxy;    /* NULL: none */
  guint       keepalive_ms;      /* 0: none */
  const char *tls_uri;           /* sips:HOST:PORT to bind; NULL: no TLS */
  const char *tls_ca_file;       /* NULL: the system's CA store */
  const char *tls_certificate;   /* PEM key + certificate; NULL: none */
  gboolean    tls_verify;
} SipStackConfig;

SipStack   *sip_stack_new              (const SipStackConfig  *config,
                                        SipStackIncomingFunc   incoming,
                                        SipStackShutdownFunc   shutdown_done,
                                        gpointer               user_data,
                                        GError               **error);
void        sip_stack_shutdown         (SipStack              *stack);
void        sip_stack_free             (SipStack              *stack);

char       *sip_stack_resolve_bind_uri (const char            *bind_uri,
                                        GError               **error);
char       *sip_stack_resolve_tls_uri  (const char            *bind_uri,
                                        GError               **error);

/* Why the last TLS connection failed, if one failed in the last seconds
 * (sofia-sip reports it only in its log); consumed by the call. */
typedef enum
{
  SIP_TLS_FAILURE_NONE,
  SIP_TLS_FAILURE_UNTRUSTED,
  SIP_TLS_FAILURE_HOST_MISMATCH,
  SIP_TLS_FAILURE_HANDSHAKE,
} SipTlsFailure;

/* Timers of the library. They run on the thread-default main context,
 * where the stack runs and emits its signals, never on the global default
 * one; objects are used from that thread, so sip_source_remove() finds
 * them there. An interval of 0 runs the function as soon as possible. */
guint       sip_timeout_add            (guint        interval_ms,
                                        GSourceFunc  function,
                                        gpointer     data);
guint       sip_timeout_add_seconds    (guint        interval,
                                        GSourceFunc  function,
                                        gpointer     data);
void        sip_source_remove          (guint        id);

SipTlsFailure sip_stack_take_tls_failure (void);

/* The cause of a failure the stack reported without a response from the
 * peer, with its status; TLS (if not NULL) gets why a TLS connection
 * failed, when that was it. */
int           sip_stack_local_failure_cause (int            status,
                                             SipTlsFailure *tls);
const char   *sip_tls_failure_describe   (SipTlsFailure failure);

G_END_DECLS
